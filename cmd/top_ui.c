// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * `vmmctl top` on a terminal: ncurses, loaded with dlopen only here, so that
 * every other command starts as fast without it (readline is loaded the
 * same way by the shell). The table refreshes every interval; keys act at
 * once: sort, filter, select and drill into one VM's every stat, pause,
 * help, quit. A resized terminal is redrawn (ncurses reports KEY_RESIZE).
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/top.h"
#include "lib/sys.h"

/* the functions behind these macros are what the library exports */
#undef getmaxx
#undef getmaxy

#define NC_SONAME	"libncursesw.so.6"
#define NC_FUNCS(X) X(initscr) X(endwin) X(cbreak) X(noecho) X(keypad) X(wtimeout) \
	X(wgetch) X(werase) X(wmove) X(waddnstr) X(wattr_on) X(wattr_off) X(wrefresh) \
	X(getmaxx) X(getmaxy) X(curs_set) X(has_colors) X(start_color) X(use_default_colors) \
	X(init_pair) X(wclrtoeol)
#define NC_VARS(X) X(stdscr)
#define NC_PTR(f) typeof(f) *f;
static struct {
	void *h;
	NC_FUNCS(NC_PTR)
	NC_VARS(NC_PTR)
} nc;

#define NC_NAME(f) #f,
#define NC_SLOT(f) (void **)&nc.f,

/* NULL, or why ncurses did not load (dlerror's text, or the missing symbol). */
static const char *nc_load(void)
{
	static const char *const names[] = { NC_FUNCS(NC_NAME) NC_VARS(NC_NAME) NULL };
	void **const slots[] = { NC_FUNCS(NC_SLOT) NC_VARS(NC_SLOT) };

	return vmm_dl_open(NC_SONAME, names, slots, &nc.h);
}

#define SCR	(*nc.stdscr)
#define PAIR_HEAD	1
#define PAIR_SEL	2
#define PAIR_STATUS	3

enum mode { TABLE, DETAIL, HELP, FILTER };

struct ui {
	struct top_view *v;
	enum mode mode;
	bool paused;
	char sel[32];		/* the selected VM's id: it stays selected as rows move */
	int top;		/* first row or stat line shown */
	char edit[64];		/* the filter being typed */
	uint64_t refreshes;
};

static void put(int y, int x, const char *s, int attr)
{
	int w = nc.getmaxx(SCR);

	if (y < 0 || y >= nc.getmaxy(SCR) || x >= w)
		return;
	if (attr)
		nc.wattr_on(SCR, (attr_t)attr, NULL);
	nc.wmove(SCR, y, x);
	nc.waddnstr(SCR, s, w - x);
	if (attr)
		nc.wattr_off(SCR, (attr_t)attr, NULL);
}

static void row_text(const struct top_view *v, const struct vmm_top_row *r, char *line,
		     size_t len, bool head)
{
	size_t off = 0;
	char cell[80];

	for (int col = 0; col < TOP__COLS && off < len; col++) {
		if (head)
			snprintf(cell, sizeof(cell), "%s%s", top_col_head(col),
				 col == v->sort ? (v->reverse ? "^" : "*") : "");
		else
			top_cell(v, r, col, cell, sizeof(cell));
		off += (size_t)snprintf(line + off, len - off, col <= TOP_COMM ? "%-*s " : "%*s ",
					top_widths[col], cell);
	}
}

static int selected(const struct ui *u)
{
	for (int i = 0; i < u->v->nshown; i++)
		if (!strcmp(u->v->t.rows[u->v->order[i]].id, u->sel))
			return i;
	return -1;
}

static void select_at(struct ui *u, int i)
{
	const struct top_view *v = u->v;

	if (!v->nshown) {
		u->sel[0] = 0;
		return;
	}
	i = i < 0 ? 0 : i >= v->nshown ? v->nshown - 1 : i;
	snprintf(u->sel, sizeof(u->sel), "%s", v->t.rows[v->order[i]].id);
}

static void draw_head(const struct ui *u)
{
	const struct top_view *v = u->v;
	char line[512], status[512];

	snprintf(line, sizeof(line), "vmmctl top: %d VM%s, every %llu s, sort %s%s%s%s%s",
		 v->nshown, v->nshown == 1 ? "" : "s",
		 (unsigned long long)(v->interval_ns / 1000000000ull), top_col_name(v->sort),
		 v->reverse ? " (reversed)" : "", *v->filter ? ", filter " : "", v->filter,
		 u->paused ? "  [paused]" : "");
	put(0, 0, line, A_BOLD);
	top_status(v, status, sizeof(status));
	put(1, 0, status, COLOR_PAIR(PAIR_STATUS));
}

static void draw_table(struct ui *u)
{
	const struct top_view *v = u->v;
	int h = nc.getmaxy(SCR), rows = h - 4, sel = selected(u);
	char line[512];

	if (sel < 0)
		select_at(u, 0), sel = selected(u);
	if (sel >= 0 && sel < u->top)
		u->top = sel;
	if (sel >= 0 && rows > 0 && sel >= u->top + rows)
		u->top = sel - rows + 1;
	row_text(v, NULL, line, sizeof(line), true);
	put(2, 0, line, A_REVERSE | COLOR_PAIR(PAIR_HEAD));
	for (int i = u->top; i < v->nshown && i - u->top < rows; i++) {
		row_text(v, &v->t.rows[v->order[i]], line, sizeof(line), false);
		put(3 + i - u->top, 0, line, i == sel ? A_REVERSE | COLOR_PAIR(PAIR_SEL) : 0);
	}
	if (!v->nshown)
		put(3, 0, *v->filter || v->only ? "no VM matches" : "no VMs on this host", 0);
	put(h - 1, 0, "q quit  arrows select  Enter details  s/< > sort  r reverse  f filter  "
	    "p pause  ? help", A_BOLD);
}

static void draw_detail(struct ui *u)
{
	const struct top_view *v = u->v;
	int sel = selected(u), h = nc.getmaxy(SCR), y = 3;
	const struct vmm_top_row *r;
	char line[256];

	if (sel < 0) {
		put(2, 0, "the VM is gone", A_BOLD);
		put(h - 1, 0, "Enter or Esc: back  q quit", A_BOLD);
		return;
	}
	r = &v->t.rows[v->order[sel]];
	snprintf(line, sizeof(line), "VM %s  pid %d  %s  %d stats", r->id, r->pid, r->comm,
		 r->cur.n);
	put(2, 0, line, A_REVERSE | COLOR_PAIR(PAIR_HEAD));
	snprintf(line, sizeof(line), "%-40s %20s %14s", "STAT", "VALUE", "RATE/s");
	put(y++, 0, line, A_BOLD);
	if (u->top > r->cur.n - 1)
		u->top = r->cur.n > 0 ? r->cur.n - 1 : 0;
	for (int i = u->top; i < r->cur.n && y < h - 1; i++, y++) {
		const struct vmm_stat *st = &r->cur.v[i];
		char rate[32] = "-";
		double x;

		if (vmm_top_stat_rate(r, st, &x))
			snprintf(rate, sizeof(rate), "%.1f", x);
		snprintf(line, sizeof(line), "%-40s %20llu %14s", st->name,
			 (unsigned long long)st->value, rate);
		put(y, 0, line, 0);
	}
	if (!r->cur.n)
		put(y, 0, *r->debugfs ? "no stats read (see the status line)" :
		    "no debugfs directory: no stats", 0);
	put(h - 1, 0, "Enter or Esc: back  arrows scroll  q quit", A_BOLD);
}

static void draw_help(void)
{
	static const char *const lines[] = {
		"vmmctl top: keys",
		"",
		"  q            quit",
		"  Up Down j k  select a VM (PgUp PgDn Home End)",
		"  Enter        every stat of the selected VM with its rate; Enter or Esc: back",
		"  s  >         sort by the next column; <  the one before",
		"  r            reverse the order",
		"  f            filter by VM id or comm (Enter applies, empty clears, Esc cancels)",
		"  p            pause (keys still work), again to go on",
		"  ?            this help; any key closes it",
		"",
		"Rates are per second over the last interval. S2_MAPPED is read from the",
		"stage-2 dump on a slower cadence (a few VMs each refresh).",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		put(2 + (int)i, 0, lines[i], i ? 0 : A_BOLD);
}

static void draw(struct ui *u)
{
	nc.werase(SCR);
	draw_head(u);
	if (u->mode == HELP)
		draw_help();
	else if (u->mode == DETAIL)
		draw_detail(u);
	else
		draw_table(u);
	if (u->mode == FILTER) {
		char line[128];

		snprintf(line, sizeof(line), "filter: %s", u->edit);
		put(nc.getmaxy(SCR) - 1, 0, line, A_BOLD);
		nc.wclrtoeol(SCR);
	}
	nc.wrefresh(SCR);
}

/* A key of the filter prompt: true while it stays open. */
static bool filter_key(struct ui *u, int k)
{
	size_t n = strlen(u->edit);

	if (k == 27)
		return false;
	if (k == '\n' || k == KEY_ENTER) {
		snprintf(u->v->filter, sizeof(u->v->filter), "%s", u->edit);
		top_order(u->v);
		return false;
	}
	if ((k == KEY_BACKSPACE || k == 127 || k == 8) && n)
		u->edit[n - 1] = 0;
	else if (k >= 32 && k < 127 && n + 1 < sizeof(u->edit))
		u->edit[n] = (char)k, u->edit[n + 1] = 0;
	return true;
}

/* One key: false to quit. */
static bool key(struct ui *u, int k)
{
	struct top_view *v = u->v;
	int sel = selected(u), page = nc.getmaxy(SCR) - 4;

	if (u->mode == FILTER) {
		if (!filter_key(u, k))
			u->mode = TABLE;
		return true;
	}
	if (u->mode == HELP) {
		u->mode = TABLE;
		return k != 'q';
	}
	switch (k) {
	case 'q':
		return false;
	case '?':
	case 'h':
		u->mode = HELP;
		break;
	case 'p':
		u->paused = !u->paused;
		break;
	case '\n':
	case KEY_ENTER:
	case 27:
	case KEY_BACKSPACE:
		if (u->mode == DETAIL || k == '\n' || k == KEY_ENTER) {
			u->mode = u->mode == DETAIL || sel < 0 ? TABLE : DETAIL;
			u->top = 0;
		}
		break;
	case 's':
	case '>':
		v->sort = (v->sort + 1) % TOP__COLS;
		top_order(v);
		break;
	case '<':
		v->sort = (v->sort + TOP__COLS - 1) % TOP__COLS;
		top_order(v);
		break;
	case 'r':
		v->reverse = !v->reverse;
		top_order(v);
		break;
	case 'f':
		if (u->mode == TABLE) {
			snprintf(u->edit, sizeof(u->edit), "%s", v->filter);
			u->mode = FILTER;
		}
		break;
	case KEY_UP:
	case 'k':
	case KEY_DOWN:
	case 'j':
	case KEY_PPAGE:
	case KEY_NPAGE:
	case KEY_HOME:
	case KEY_END: {
		int d = k == KEY_UP || k == 'k' ? -1 : k == KEY_DOWN || k == 'j' ? 1 :
			k == KEY_PPAGE ? -page : k == KEY_NPAGE ? page : k == KEY_HOME ? -1000000 :
			1000000;

		if (u->mode == DETAIL)
			u->top = u->top + d < 0 ? 0 : u->top + d;
		else
			select_at(u, sel + d);
		break;
	}
	default:
		break;	/* KEY_RESIZE and the rest: redrawn below */
	}
	return true;
}

int top_ui(struct top_view *v)
{
	struct ui u = { .v = v };
	const char *why = nc_load();
	uint64_t next;
	int ret = 0;

	if (why) {
		vmm_hint(v->c, "install libncursesw6, or use --log or -j");
		return vmm_err(v->c, VMM_E_NOTSUP, ELIBACC, "ncurses did not load (%s)", why);
	}
	if (!nc.initscr())
		return vmm_err(v->c, VMM_E_FAILED, ENOTTY, "ncurses cannot use this terminal");
	nc.cbreak();
	nc.noecho();
	nc.keypad(SCR, TRUE);
	nc.curs_set(0);
	if (nc.has_colors()) {
		nc.start_color();
		nc.use_default_colors();
		nc.init_pair(PAIR_HEAD, COLOR_CYAN, -1);
		nc.init_pair(PAIR_SEL, COLOR_GREEN, -1);
		nc.init_pair(PAIR_STATUS, COLOR_YELLOW, -1);
	}
	next = vmm_sys_now_ns() + v->interval_ns;
	for (;;) {
		uint64_t now = vmm_sys_now_ns();
		int k;

		if (now >= next) {
			if (!u.paused) {
				ret = top_refresh(v);
				if (ret)
					break;
				if (v->count && ++u.refreshes >= v->count)
					break;
			}
			next = now + v->interval_ns;
		}
		draw(&u);
		now = vmm_sys_now_ns();
		nc.wtimeout(SCR, next > now ? (int)((next - now + 999999) / 1000000) : 0);
		k = nc.wgetch(SCR);
		if (k != ERR && !key(&u, k))
			break;
	}
	nc.endwin();
	return ret;
}
