// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * `vmmctl top`: every VM on the host, refreshed in place on a terminal
 * (cmd/top_ui.c), or one plain table (--log) or one JSON object (-j) per
 * interval, printed as each interval ends: the documented exception to one
 * document per command, as `hyp trace show --follow` is.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/top.h"
#include "lib/kvm_debugfs.h"
#include "lib/sys.h"

#define MAX_INTERVAL_S	3600
#define MAX_COUNT	1000000

/* NULL-terminated: the choices of --sort too */
static const char *const col_names[TOP__COLS + 1] = {
	"id", "pid", "comm", "vcpus", "mem", "exits", "halt", "mmio", "hvc", "wfx", "signal",
	"s2", "hyp", NULL,
};
static const char *const col_heads[TOP__COLS] = {
	"ID", "PID", "COMM", "VCPUS", "MEM", "EXITS/s", "HALT/s", "MMIO/s", "HVC/s", "WFX/s",
	"SIG/s", "S2_MAPPED", "HYP%",
};

const char *top_col_name(int col)
{
	return col_names[col];
}

const char *top_col_head(int col)
{
	return col_heads[col];
}

/* The share of one CPU the VM's vCPUs spent at EL2 over the interval, in %. */
static double hyp_percent(const struct top_view *v, const struct vmm_top_row *r)
{
	uint64_t dt = v->t.now_ns - v->t.prev_ns;

	return r->hyp_ok && dt ? (double)r->hyp_ns * 100 / (double)dt : -1;
}

void top_cell(const struct top_view *v, const struct vmm_top_row *r, int col, char *buf,
	      size_t len)
{
	if (col == TOP_HYP) {
		if (hyp_percent(v, r) >= 0)
			snprintf(buf, len, "%.1f", hyp_percent(v, r));
		else
			snprintf(buf, len, "-");
		return;
	}
	if (col >= TOP_RATE0 && col < TOP_S2) {
		if (r->rate_ok[col - TOP_RATE0])
			snprintf(buf, len, "%.1f", r->rate[col - TOP_RATE0]);
		else
			snprintf(buf, len, "-");
		return;
	}
	switch (col) {
	case TOP_ID:
		snprintf(buf, len, "%s", r->id);
		break;
	case TOP_PID:
		snprintf(buf, len, "%d", r->pid);
		break;
	case TOP_COMM:
		snprintf(buf, len, "%s", r->comm);
		break;
	case TOP_VCPUS:
		if (r->vcpus >= 0)
			snprintf(buf, len, "%d", r->vcpus);
		else
			snprintf(buf, len, "-");
		break;
	case TOP_MEM:
		vmm_text_bytes(r->mem_bytes, buf, len);
		break;
	default:
		if (r->s2_known)
			vmm_text_bytes(r->s2_mapped, buf, len);
		else
			snprintf(buf, len, "-");
	}
}

/* ---- order ---------------------------------------------------------------------------- */

static const struct top_view *cmp_view;	/* qsort has no argument: one sort at a time */

static double key_num(const struct top_view *v, const struct vmm_top_row *r, int col)
{
	if (col == TOP_HYP)
		return hyp_percent(v, r);
	if (col >= TOP_RATE0 && col < TOP_S2)
		return r->rate_ok[col - TOP_RATE0] ? r->rate[col - TOP_RATE0] : -1;
	switch (col) {
	case TOP_PID: return r->pid;
	case TOP_VCPUS: return r->vcpus;
	case TOP_MEM: return (double)r->mem_bytes;
	default: return r->s2_known ? (double)r->s2_mapped : -1;
	}
}

/* Names ascending, numbers largest first; ties by id, so the order is stable. */
static int cmp_rows(const void *a, const void *b)
{
	const struct top_view *v = cmp_view;
	const struct vmm_top_row *x = &v->t.rows[*(const int *)a], *y = &v->t.rows[*(const int *)b];
	int c = 0;

	if (v->sort == TOP_COMM)
		c = strcmp(x->comm, y->comm);
	else if (v->sort != TOP_ID) {
		double p = key_num(v, x, v->sort), q = key_num(v, y, v->sort);

		c = p > q ? -1 : p < q;
	}
	if (v->reverse)
		c = -c;
	return c ? c : strcmp(x->id, y->id);
}

static bool listed(const char *only, const struct vmm_top_row *r)
{
	char pid[16];
	const char *p = only;

	snprintf(pid, sizeof(pid), "%d", r->pid);
	while (p && *p) {
		size_t n = strcspn(p, ",");

		if ((n == strlen(r->id) && !strncmp(p, r->id, n)) ||
		    (n == strlen(pid) && !strncmp(p, pid, n)))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

void top_order(struct top_view *v)
{
	v->nshown = 0;
	for (int i = 0; i < v->t.n; i++) {
		const struct vmm_top_row *r = &v->t.rows[i];

		if (v->only && !listed(v->only, r))
			continue;
		if (*v->filter && !strstr(r->id, v->filter) && !strstr(r->comm, v->filter))
			continue;
		v->order[v->nshown++] = i;
	}
	cmp_view = v;
	qsort(v->order, (size_t)v->nshown, sizeof(*v->order), cmp_rows);
}

int top_refresh(struct top_view *v)
{
	int ret = vmm_top_refresh(v->c->sys, &v->t, vmm_sys_now_ns());
	int *o;

	if (ret)
		return vmm_err_sys(v->c, ret, "cannot scan /proc for VMs");
	o = realloc(v->order, (size_t)(v->t.n ? v->t.n : 1) * sizeof(*o));
	if (!o)
		return vmm_err(v->c, VMM_E_FAILED, ENOMEM, "out of memory");
	v->order = o;
	top_order(v);
	return 0;
}

void top_status(const struct top_view *v, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = 0;
#define ADD(...) \
	do { \
		if (off < len) \
			off += (size_t)snprintf(buf + off, len - off, "%s", off ? "; " : ""); \
		if (off < len) \
			off += (size_t)snprintf(buf + off, len - off, __VA_ARGS__); \
	} while (0)
	if (v->t.debugfs_err == ENOENT)
		ADD("no kvm/ in debugfs (mount debugfs at /sys/kernel/debug): no counters, "
		    "rates or stage 2");
	else if (v->t.debugfs_err)
		ADD("kvm/ in debugfs does not list (%s): no counters, rates or stage 2 (root)",
		    strerror(v->t.debugfs_err));
	if (v->t.refused)
		ADD("debugfs refused %d stat files (%s: a locked-down kernel opens only its "
		    "read-only ones): those counters have no rates", v->t.refused,
		    strerror(v->t.refused_err));
	if (v->t.hyp_remote && !v->t.hyp_on)
		ADD("the hypervisor's trace is off: no HYP%% ('vmmctl hyp trace on')");
	if (v->t.unreadable)
		ADD("the fds of %d process%s are not readable: VMs there are not shown (root "
		    "or CAP_SYS_PTRACE)", v->t.unreadable, v->t.unreadable == 1 ? "" : "es");
#undef ADD
}

/* ---- --log and -j ------------------------------------------------------------------------ */

static void now_text(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Names left-aligned, numbers right-aligned, one blank between. */
const int top_widths[TOP__COLS] = { 12, 7, 15, 5, 7, 9, 8, 8, 8, 8, 7, 9, 5 };

static void put_cell(FILE *f, int col, const char *text)
{
	fprintf(f, col <= TOP_COMM ? "%-*s" : "%*s", top_widths[col], text);
	fputs(col + 1 < TOP__COLS ? " " : "\n", f);
}

static void batch_table(const struct top_view *v, uint64_t index, FILE *f)
{
	char when[40], status[512], cell[80];

	now_text(when, sizeof(when));
	top_status(v, status, sizeof(status));
	fprintf(f, "%s%s, %d VM%s, interval %" PRIu64 " s, sorted by %s%s\n", index > 1 ? "\n" : "",
		when, v->nshown, v->nshown == 1 ? "" : "s", (uint64_t)(v->interval_ns / 1000000000u),
		col_names[v->sort], v->reverse ? " (reversed)" : "");
	if (*status)
		fprintf(f, "%s\n", status);
	for (int col = 0; col < TOP__COLS; col++)
		put_cell(f, col, col_heads[col]);
	for (int i = 0; i < v->nshown; i++)
		for (int col = 0; col < TOP__COLS; col++) {
			top_cell(v, &v->t.rows[v->order[i]], col, cell, sizeof(cell));
			put_cell(f, col, cell);
		}
	fflush(f);
}

static json_object *row_json(const struct vmm_top_row *r)
{
	json_object *o = json_object_new_object(), *rt = json_object_new_object();
	char num[64];

	json_object_object_add(o, "id", vmm_jstr(r->id));
	json_object_object_add(o, "pid", json_object_new_int(r->pid));
	if (r->tid > 0)
		json_object_object_add(o, "tid", json_object_new_int(r->tid));
	json_object_object_add(o, "comm", vmm_jstr(r->comm));
	if (r->vcpus >= 0)
		json_object_object_add(o, "vcpus", json_object_new_int(r->vcpus));
	json_object_object_add(o, "memory_bytes", vmm_ju64(r->mem_bytes));
	if (*r->debugfs) {
		snprintf(num, sizeof(num), VMM_KVM_DEBUGFS "/%s", r->debugfs);
		json_object_object_add(o, "debugfs", vmm_jstr(num));
	}
	for (int k = 0; k < VMM_TOP__RATES; k++) {
		if (!r->rate_ok[k])
			continue;
		snprintf(num, sizeof(num), "%.2f", r->rate[k]);
		json_object_object_add(rt, vmm_top_rate_name(k),
				       json_object_new_double_s(r->rate[k], num));
	}
	json_object_object_add(o, "rates", rt);
	rt = json_object_new_object();
	for (int k = 0; k < VMM_TOP__RATES; k++)
		if (r->count_ok[k])
			json_object_object_add(rt, vmm_top_rate_name(k), vmm_ju64(r->count[k]));
	json_object_object_add(o, "counts", rt);
	if (r->s2_known)
		json_object_object_add(o, "stage2_mapped_bytes", vmm_ju64(r->s2_mapped));
	if (r->hyp_ok)
		json_object_object_add(o, "hyp_ns", vmm_ju64(r->hyp_ns));
	return o;
}

static void json_line(const struct top_view *v, uint64_t index, FILE *f)
{
	json_object *o = json_object_new_object(), *vms = json_object_new_array();
	char when[40], status[512];

	now_text(when, sizeof(when));
	top_status(v, status, sizeof(status));
	json_object_object_add(o, "index", vmm_ju64(index));
	json_object_object_add(o, "time", vmm_jstr(when));
	json_object_object_add(o, "interval_s", vmm_ju64(v->interval_ns / 1000000000u));
	json_object_object_add(o, "elapsed_ns", vmm_ju64(v->t.now_ns - v->t.prev_ns));
	json_object_object_add(o, "sort", vmm_jstr(col_names[v->sort]));
	for (int i = 0; i < v->nshown; i++)
		json_object_array_add(vms, row_json(&v->t.rows[v->order[i]]));
	json_object_object_add(o, "vms", vms);
	json_object_object_add(o, "stats_refused", json_object_new_int(v->t.refused));
	json_object_object_add(o, "stage2_reads", json_object_new_int(v->t.s2_reads));
	if (*status)
		json_object_object_add(o, "status", vmm_jstr(status));
	fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	fflush(f);
	json_object_put(o);
}

static int stream(struct top_view *v)
{
	int ret;

	for (uint64_t i = 1; i <= v->count; i++) {
		/* a signal (Ctrl-C) ends the run after the intervals printed */
		if (vmm_sys_sleep_ns(v->interval_ns) == -EINTR)
			break;
		ret = top_refresh(v);
		if (ret)
			return ret;
		if (v->c->opts.json)
			json_line(v, i, stdout);
		else
			batch_table(v, i, stdout);
	}
	return 0;
}

/* ---- the command -------------------------------------------------------------------------- */

static int u64_opt(struct vmm_call *c, const char *name, uint64_t min, uint64_t max,
		   uint64_t *out)
{
	const struct vmm_val *val = vmm_opt(c, name);

	if (!val)
		return 0;
	if (val->u < min || val->u > max)
		return vmm_err(c, VMM_E_USAGE, 0, "--%s %s: expected %" PRIu64 " to %" PRIu64,
			       name, val->raw, min, max);
	*out = val->u;
	return 0;
}

/* No /dev/kvm and no kvm/ in debugfs: nothing here can hold a VM. */
static bool no_kvm(struct vmm_call *c)
{
	unsigned int mode;
	bool none = vmm_sys_stat_mode(c->sys, "/dev/kvm", &mode) &&
		    vmm_sys_stat_mode(c->sys, VMM_KVM_DEBUGFS, &mode);

	vmm_sys_clear(c->sys);
	return none;
}

static int top(struct vmm_call *c)
{
	const struct vmm_val *sort = vmm_opt(c, "sort"), *only = vmm_opt(c, "vm");
	struct top_view v = { .c = c, .sort = TOP_RATE0 + VMM_TOP_EXITS };
	uint64_t interval = 2, count = 0;
	bool live = !c->opts.json && !vmm_opt(c, "log") && vmm_sys_isatty(0) &&
		    vmm_sys_isatty(1);
	int ret;

	ret = u64_opt(c, "interval", 1, MAX_INTERVAL_S, &interval);
	if (!ret)
		ret = u64_opt(c, "count", 1, MAX_COUNT, &count);
	if (ret)
		return ret;
	if (!count && !live)
		count = 1;	/* a pipe gets one interval unless told */
	v.interval_ns = interval * 1000000000ull;
	v.count = count;
	v.only = only ? only->raw : NULL;
	if (sort)
		v.sort = (int)sort->idx;
	vmm_top_init(&v.t, !vmm_opt(c, "no-stage2"));
	ret = top_refresh(&v);
	if (ret)
		goto out;
	if (!v.t.n && no_kvm(c)) {
		vmm_hint(c, "'vmmctl host features' says what this kernel offers");
		ret = vmm_err(c, VMM_E_NOTSUP, ENODEV, "no KVM on this host: no /dev/kvm and no "
			      "kvm/ in debugfs");
		goto out;
	}
	ret = live ? top_ui(&v) : stream(&v);
out:
	vmm_top_free(&v.t);
	free(v.order);
	return ret;
}

static const struct vmm_opt top_opts[] = {
	{ "interval", 0, VMM_T_U64, "S", "seconds between refreshes, 1 to 3600 (default 2)" },
	{ "count", 0, VMM_T_U64, "N", "stop after N refreshes (default: until q; --log and -j: "
	  "1)" },
	{ "sort", 0, VMM_T_ENUM, "FIELD", "the column to sort by (default exits)", col_names },
	{ "vm", 0, VMM_T_STR, "ID[,...]", "only these VMs (PID-FD or PID)", NULL, &vmm_comp_vm },
	{ "log", 0, VMM_T_FLAG, NULL, "a plain table per interval, for logs and pipes (as kvm_stat -l)" },
	{ "no-stage2", 0, VMM_T_FLAG, NULL, "do not read the stage-2 dumps" },
	{ 0 }
};

static const struct vmm_command top_cmds[] = {
	{ "", NULL, "every VM on the host, live: exits, halts, MMIO, HVC, WFx and signal "
	  "exits per second, memory, stage-2 mapped bytes, time at EL2", NULL, top_opts, top,
	  NULL, 0 },
	{ 0 }
};

const struct vmm_object vmm_obj_top = {
	"top", NULL, "every VM on the host, refreshed in place (or a table per interval)",
	top_cmds, 0,
};
