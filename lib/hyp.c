// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The hypervisor's tracefs remote: where it is, its events' formats, and
 * the text lines of trace and trace_pipe (formats of trace_remote.c:
 * "[%03d]\t%5llu.%06lu: " then the event's own print).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyp.h"

#define MOUNTS_MAX	(1u << 20)

int vmm_hyp_dir(struct vmm_sys *s, char *dir, size_t len)
{
	char *text, *line, *save = NULL, mnt[PATH_MAX], type[64], found[PATH_MAX] = "";
	unsigned int mode;
	ssize_t n;
	int ret;

	n = vmm_sys_read_all(s, "/proc/mounts", MOUNTS_MAX, &text);
	if (n < 0)
		return (int)n;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%*s %4095s %63s", mnt, type) != 2 || strcmp(type, "tracefs"))
			continue;
		/* the standard place wins over the old one under debugfs */
		if (!*found || !strcmp(mnt, "/sys/kernel/tracing"))
			snprintf(found, sizeof(found), "%s", mnt);
	}
	free(text);
	if (!*found)
		return -ENOMEDIUM;
	if ((size_t)snprintf(dir, len, "%s/" VMM_HYP_REMOTE, found) >= len)
		return -ENAMETOOLONG;
	ret = vmm_sys_stat_mode(s, dir, &mode);
	if (ret == -ENOENT || ret == -ENOTDIR)
		vmm_sys_clear(s);
	return ret == -ENOTDIR ? -ENOENT : ret < 0 ? ret : 0;
}

void vmm_hyp_absent(int ret, const char *mode, char *why, size_t len)
{
	if (ret == -ENOMEDIUM)
		snprintf(why, len, "tracefs is not mounted");
	else if (mode && (!strcmp(mode, "vhe") || !strcmp(mode, "nested")))
		snprintf(why, len, "KVM runs in %s mode, where the kernel is the hypervisor and "
			 "has no trace remote", mode);
	else if (mode)
		snprintf(why, len, "the kernel was built without CONFIG_NVHE_EL2_TRACING (KVM "
			 "mode %s)", mode);
	else
		snprintf(why, len, "the hypervisor's trace buffer exists on arm64 KVM in nVHE or "
			 "protected mode only");
}

/* ---- format ------------------------------------------------------------ */

static int field_line(const char *p, struct vmm_hyp_field *fl, const char **why)
{
	char decl[128], *sp;
	int is_signed, end = 0;

	/* "\tfield:TYPE NAME;\toffset:N;\tsize:N;\tsigned:N;" (scanf's blanks take any) */
	if (p[0] != '\t' || sscanf(p, "\tfield:%127[^;];\toffset:%u;\tsize:%u;\tsigned:%d;%n", decl,
		   &fl->offset, &fl->size, &is_signed, &end) != 4 || p[end]) {
		*why = "expected \"\\tfield:TYPE NAME;\\toffset:N;\\tsize:N;\\tsigned:N;\"";
		return -EINVAL;
	}
	sp = strrchr(decl, ' ');
	if (!sp || sp == decl || !sp[1] || strlen(sp + 1) >= sizeof(fl->name) ||
	    (size_t)(sp - decl) >= sizeof(fl->type)) {
		*why = "a field declaration is \"TYPE NAME\"";
		return -EINVAL;
	}
	if ((is_signed != 0 && is_signed != 1) || !fl->size) {
		*why = "signed is 0 or 1 and size is not 0";
		return -EINVAL;
	}
	snprintf(fl->type, sizeof(fl->type), "%.*s", (int)(sp - decl), decl);
	snprintf(fl->name, sizeof(fl->name), "%s", sp + 1);
	fl->is_signed = is_signed;
	return 0;
}

int vmm_hyp_parse_format(const char *text, struct vmm_hyp_format *f, int *line,
			 const char **why)
{
	enum { NAME, ID, FORMAT, FIELDS, DONE } st = NAME;
	const char *p = text;
	char buf[512];

	memset(f, 0, sizeof(*f));
	*line = 0;
	while (*p) {
		size_t n = strcspn(p, "\n");
		int end = 0;

		++*line;
		if (n >= sizeof(buf)) {
			*why = "line too long";
			return -EINVAL;
		}
		memcpy(buf, p, n);
		buf[n] = 0;
		p += n + (p[n] == '\n');
		switch (st) {
		case NAME:
			if (sscanf(buf, "name: %63s%n", f->name, &end) != 1 || buf[end]) {
				*why = "expected \"name: EVENT\"";
				return -EINVAL;
			}
			st = ID;
			break;
		case ID:
			if (sscanf(buf, "ID: %d%n", &f->id, &end) != 1 || buf[end] || f->id < 0) {
				*why = "expected \"ID: N\"";
				return -EINVAL;
			}
			st = FORMAT;
			break;
		case FORMAT:
			if (strcmp(buf, "format:")) {
				*why = "expected \"format:\"";
				return -EINVAL;
			}
			st = FIELDS;
			break;
		case FIELDS:
			if (!*buf)
				break;
			if (!strncmp(buf, "print fmt: ", 11)) {
				snprintf(f->print_fmt, sizeof(f->print_fmt), "%s", buf + 11);
				st = DONE;
				break;
			}
			if (f->nfields == VMM_HYP_FIELDS_MAX) {
				*why = "more than 16 fields";
				return -EINVAL;
			}
			if (field_line(buf, &f->fields[f->nfields], why))
				return -EINVAL;
			f->nfields++;
			break;
		case DONE:
			*why = "text after \"print fmt:\"";
			return -EINVAL;
		}
	}
	if (st != DONE) {
		++*line;
		*why = "ends before \"print fmt:\"";
		return -EINVAL;
	}
	*line = 0;
	return 0;
}

const struct vmm_hyp_field *vmm_hyp_field(const struct vmm_hyp_format *f, const char *name)
{
	for (int i = 0; i < f->nfields; i++)
		if (!strcmp(f->fields[i].name, name))
			return &f->fields[i];
	return NULL;
}

static int by_id(const void *a, const void *b)
{
	const struct vmm_hyp_event *x = a, *y = b;

	return (x->fmt.id > y->fmt.id) - (x->fmt.id < y->fmt.id);
}

static int event_read(struct vmm_sys *s, const char *evdir, const char *name,
		      struct vmm_hyp_event *e, struct vmm_hyp_perr *perr)
{
	char path[PATH_MAX], buf[4096];
	ssize_t n;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/format", evdir, name) >= sizeof(path))
		return vmm_sys_fail(s, ENAMETOOLONG, "open", evdir);
	n = vmm_sys_read_file(s, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (vmm_hyp_parse_format(buf, &e->fmt, &perr->line, &perr->why))
		return vmm_sys_fail(s, EINVAL, "parse", path);
	e->enabled = -1;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s/enable", evdir, name) < sizeof(path) &&
	    vmm_sys_read_file(s, path, buf, sizeof(buf)) >= 0 && (buf[0] == '0' || buf[0] == '1'))
		e->enabled = buf[0] - '0';
	vmm_sys_clear(s);
	return 0;
}

int vmm_hyp_events(struct vmm_sys *s, const char *dir, struct vmm_hyp_event **out,
		   struct vmm_hyp_perr *perr)
{
	char evdir[PATH_MAX], **names;
	struct vmm_hyp_event *ev = NULL;
	int n, k = 0, ret = 0;

	*out = NULL;
	snprintf(evdir, sizeof(evdir), "%s/events/" VMM_HYP_SYSTEM, dir);
	n = vmm_sys_list_dir(s, evdir, &names);
	if (n < 0)
		return n;
	if (n && !(ev = calloc((size_t)n, sizeof(*ev)))) {
		ret = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		unsigned int mode;
		char p[PATH_MAX];

		if ((size_t)snprintf(p, sizeof(p), "%s/%s", evdir, names[i]) >= sizeof(p) ||
		    vmm_sys_stat_mode(s, p, &mode) || (mode & 0170000) != 0040000) {
			vmm_sys_clear(s);	/* enable, and whatever is not an event */
			continue;
		}
		ret = event_read(s, evdir, names[i], &ev[k], perr);
		if (ret)
			goto out;
		k++;
	}
	qsort(ev, (size_t)k, sizeof(*ev), by_id);
	*out = ev;
	ev = NULL;
	ret = k;
out:
	free(ev);
	vmm_sys_free_names(names, n);
	return ret;
}

/* ---- trace lines ------------------------------------------------------- */

static bool digits(const char **p, const char *end, uint64_t *v, int maxd)
{
	const char *q = *p;

	*v = 0;
	while (q < end && *q >= '0' && *q <= '9' && q - *p < maxd)
		*v = *v * 10 + (uint64_t)(*q++ - '0');
	if (q == *p)
		return false;
	*p = q;
	return true;
}

static bool lit(const char **p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(end - *p) < n || memcmp(*p, s, n))
		return false;
	*p += n;
	return true;
}

static bool ident_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* "k=v k=v": keys identifiers, values non-empty and without blanks. */
static int parse_args(const char *p, const char *end, struct vmm_hyp_rec *r, const char **why)
{
	while (p < end) {
		const char *k, *v;
		struct vmm_hyp_arg *a;

		if (!lit(&p, end, " ")) {
			*why = "arguments are separated by one space";
			return -EINVAL;
		}
		k = p;
		while (p < end && ident_char(*p, p == k))
			p++;
		if (p == k || !lit(&p, end, "=")) {
			*why = "an argument is KEY=VALUE";
			return -EINVAL;
		}
		v = p;
		while (p < end && *p > ' ' && *p < 0x7f)
			p++;
		if (p == v) {
			*why = "an argument's value is empty";
			return -EINVAL;
		}
		if (p < end && *p != ' ') {
			*why = "an argument's value holds a control character";
			return -EINVAL;
		}
		if (r->nargs == VMM_HYP_ARGS_MAX || (size_t)(v - 1 - k) >= sizeof(a->key) ||
		    (size_t)(p - v) >= sizeof(a->val)) {
			*why = "too many or too long arguments";
			return -EINVAL;
		}
		a = &r->args[r->nargs++];
		snprintf(a->key, sizeof(a->key), "%.*s", (int)(v - 1 - k), k);
		snprintf(a->val, sizeof(a->val), "%.*s", (int)(p - v), v);
	}
	return 0;
}

int vmm_hyp_parse_line(const char *line, size_t len, struct vmm_hyp_rec *r, const char **why)
{
	const char *p = line, *end = line + len, *name;
	uint64_t cpu, sec, usec;

	memset(r, 0, sizeof(*r));
	if (lit(&p, end, "CPU:")) {
		r->kind = VMM_HYP_REC_LOST;
		if (!digits(&p, end, &cpu, 6) || !lit(&p, end, " [LOST ") ||
		    !digits(&p, end, &r->n, 20) || !lit(&p, end, " EVENTS]") || p != end) {
			*why = "expected \"CPU:N [LOST N EVENTS]\"";
			return -EINVAL;
		}
		r->cpu = (int)cpu;
		return 0;
	}
	if (lit(&p, end, "[EVENT ")) {
		r->kind = VMM_HYP_REC_TOOBIG;
		r->cpu = -1;
		if (!digits(&p, end, &r->n, 6) || !lit(&p, end, " PRINT TOO BIG]") || p != end) {
			*why = "expected \"[EVENT N PRINT TOO BIG]\"";
			return -EINVAL;
		}
		return 0;
	}
	if (!lit(&p, end, "[") || !digits(&p, end, &cpu, 6) || !lit(&p, end, "]\t")) {
		*why = "expected \"[CPU]\\t\" at the start";
		return -EINVAL;
	}
	while (p < end && *p == ' ')
		p++;
	if (!digits(&p, end, &sec, 12) || !lit(&p, end, ".")) {
		*why = "expected the timestamp SECONDS.MICROSECONDS";
		return -EINVAL;
	}
	name = p;
	if (!digits(&p, end, &usec, 6) || p - name != 6 || !lit(&p, end, ": ")) {
		*why = "expected six digits of microseconds and \": \"";
		return -EINVAL;
	}
	/* the kernel's clock is u64 nanoseconds: more seconds than that holds
	 * would wrap, so they are no timestamp of its */
	if (sec > (UINT64_MAX - usec * 1000ull) / 1000000000ull) {
		*why = "the timestamp does not fit in 64-bit nanoseconds";
		return -ERANGE;
	}
	r->cpu = (int)cpu;
	r->ts_ns = sec * 1000000000ull + usec * 1000ull;
	name = p;
	while (p < end && ident_char(*p, p == name))
		p++;
	if (p == name || (size_t)(p - name) >= sizeof(r->event)) {
		*why = "expected an event name";
		return -EINVAL;
	}
	snprintf(r->event, sizeof(r->event), "%.*s", (int)(p - name), name);
	if (!strcmp(r->event, "UNKNOWN")) {
		r->kind = VMM_HYP_REC_UNKNOWN;
		if (!lit(&p, end, " id=") || !digits(&p, end, &r->n, 6) || p != end) {
			*why = "expected \"UNKNOWN id=N\"";
			return -EINVAL;
		}
		return 0;
	}
	r->kind = VMM_HYP_REC_EVENT;
	return parse_args(p, end, r, why);
}

const char *vmm_hyp_rec_arg(const struct vmm_hyp_rec *r, const char *key)
{
	for (int i = 0; i < r->nargs; i++)
		if (!strcmp(r->args[i].key, key))
			return r->args[i].val;
	return NULL;
}

static bool number(const char *v, bool is_signed)
{
	char *e;

	errno = 0;
	if (is_signed)
		(void)strtoll(v, &e, 10);
	else if (*v == '-')
		return false;
	else
		(void)strtoull(v, &e, 10);
	return !errno && e != v && !*e;
}

const char *vmm_hyp_rec_check(const struct vmm_hyp_rec *r, const struct vmm_hyp_event *ev,
			      int nev)
{
	const struct vmm_hyp_format *f = NULL;
	int given = 0;

	if (r->kind != VMM_HYP_REC_EVENT)
		return NULL;
	for (int i = 0; i < nev && !f; i++)
		if (!strcmp(ev[i].fmt.name, r->event))
			f = &ev[i].fmt;
	if (!f)
		return "no event of that name in events/hypervisor";
	for (int i = 0; i < r->nargs; i++) {
		const struct vmm_hyp_field *fl = vmm_hyp_field(f, r->args[i].key);

		if (!fl || !strncmp(fl->name, "common_", 7))
			return "an argument that is no field of the event's format";
		for (int j = 0; j < i; j++)
			if (!strcmp(r->args[j].key, r->args[i].key))
				return "an argument given twice";
		/* a reason is printed by name; other integers as numbers */
		if (strcmp(fl->name, "reason") && !number(r->args[i].val, fl->is_signed))
			return "a field's value is not a number";
	}
	for (int i = 0; i < f->nfields; i++)
		given += !!strncmp(f->fields[i].name, "common_", 7);
	if (given != r->nargs)
		return "a field of the event's format is missing";
	return NULL;
}

static const char *const reasons[VMM_HYP__REASONS] = {
	"smc", "hvc", "sys", "psci", "host_abort", "guest_exit", "eret_host", "eret_guest",
	"unknown",
};

const char *vmm_hyp_reason_name(enum vmm_hyp_reason r)
{
	return (unsigned int)r < VMM_HYP__REASONS ? reasons[r] : "unknown";
}

int vmm_hyp_reason_parse(const char *s)
{
	for (int i = 0; i < VMM_HYP__REASONS; i++)
		if (!strcmp(reasons[i], s))
			return i;
	return -1;
}
