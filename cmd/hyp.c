// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hyp status, events, trace: the arm64 hypervisor's own trace buffer, the
 * tracefs remote remotes/hypervisor/ of nVHE and protected KVM (lib/hyp.h).
 * trace show and summary map each event's vcpu pid to its VM and vCPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/parse.h"
#include "cli/vmref.h"
#include "lib/host.h"
#include "lib/hyp.h"
#include "lib/vm.h"

#define TRACE_MAX	(256u << 20)	/* a trace file larger than this is refused */

/* Why there is no remote: the KVM mode says whether one can exist at all. */
static int no_remote(struct vmm_call *c, int ret, const char *dir)
{
	const char *mode;
	char why[160];

	if (ret != -ENOENT && ret != -ENOMEDIUM)
		return vmm_err_sys(c, ret, "cannot find the hypervisor's trace remote");
	mode = ret == -ENOENT ? vmm_host_kvm_mode(c->sys) : NULL;
	vmm_hyp_absent(ret, mode, why, sizeof(why));
	if (ret == -ENOMEDIUM)
		vmm_hint(c, "mount -t tracefs nodev /sys/kernel/tracing");
	else if (mode && (!strcmp(mode, "vhe") || !strcmp(mode, "nested")))
		vmm_hint(c, "boot with kvm-arm.mode=nvhe or kvm-arm.mode=protected");
	else if (mode)
		vmm_hint(c, "NVHE_EL2_TRACING needs FTRACE and NVHE_EL2_DEBUG");
	if (ret == -ENOMEDIUM)
		vmm_err(c, VMM_E_NOTSUP, 0, "%s", why);
	else
		vmm_err(c, VMM_E_NOTSUP, 0, "no %s: %s", dir, why);
	return ret;
}

static int remote(struct vmm_call *c, char *dir, size_t len)
{
	int ret = vmm_hyp_dir(c->sys, dir, len);

	return ret ? no_remote(c, ret, dir) : 0;
}

static int read_num(struct vmm_call *c, const char *dir, const char *file, long *v)
{
	char path[PATH_MAX], buf[64];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	n = vmm_sys_read_file(c->sys, path, buf, sizeof(buf));
	if (n < 0)
		return vmm_err_sys(c, (int)n, "cannot read %s", path);
	*v = strtol(buf, NULL, 10);
	return 0;
}

static json_object *event_json(const struct vmm_hyp_event *e)
{
	json_object *o = json_object_new_object(), *fl = json_object_new_array();

	json_object_object_add(o, "name", vmm_jstr(e->fmt.name));
	json_object_object_add(o, "id", json_object_new_int(e->fmt.id));
	if (e->enabled >= 0)
		json_object_object_add(o, "enabled", vmm_jbool(e->enabled));
	for (int i = 0; i < e->fmt.nfields; i++) {
		const struct vmm_hyp_field *f = &e->fmt.fields[i];
		json_object *j = json_object_new_object();

		json_object_object_add(j, "name", vmm_jstr(f->name));
		json_object_object_add(j, "type", vmm_jstr(f->type));
		json_object_object_add(j, "offset", json_object_new_int((int)f->offset));
		json_object_object_add(j, "size", json_object_new_int((int)f->size));
		json_object_object_add(j, "signed", vmm_jbool(f->is_signed));
		json_object_array_add(fl, j);
	}
	json_object_object_add(o, "fields", fl);
	json_object_object_add(o, "print_fmt", vmm_jstr(e->fmt.print_fmt));
	return o;
}

static int events_get(struct vmm_call *c, const char *dir, struct vmm_hyp_event **ev)
{
	struct vmm_hyp_perr perr = { 0 };
	int n = vmm_hyp_events(c->sys, dir, ev, &perr);

	if (n == -EINVAL && perr.why)
		return vmm_err(c, VMM_E_FAILED, EINVAL, "%s line %d: %s", c->sys->last.path,
			       perr.line, perr.why);
	if (n < 0)
		return vmm_err_sys(c, n, "cannot read the hypervisor's events");
	return n;
}

static int hyp_events(struct vmm_call *c)
{
	struct vmm_hyp_event *ev;
	char dir[PATH_MAX] = "";
	int n, ret = remote(c, dir, sizeof(dir));

	if (ret)
		return ret;
	n = events_get(c, dir, &ev);
	if (n < 0)
		return n;
	c->result = json_object_new_array();
	for (int i = 0; i < n; i++)
		json_object_array_add(c->result, event_json(&ev[i]));
	free(ev);
	return 0;
}

static void events_text(json_object *res, FILE *f)
{
	fprintf(f, "%4s  %-12s %-8s %s\n", "ID", "EVENT", "ENABLED", "FIELDS");
	for (size_t i = 0; i < json_object_array_length(res); i++) {
		json_object *e = json_object_array_get_idx(res, i), *fl, *en;
		const char *sep = "";

		json_object_object_get_ex(e, "fields", &fl);
		en = json_object_object_get(e, "enabled");
		fprintf(f, "%4d  %-12s %-8s ", json_object_get_int(json_object_object_get(e, "id")),
			vmm_jget_str(e, "name", "?"), !en ? "?" : json_object_get_boolean(en) ?
			"yes" : "no");
		for (size_t j = 0; j < json_object_array_length(fl); j++) {
			json_object *x = json_object_array_get_idx(fl, j);

			if (!strncmp(vmm_jget_str(x, "name", ""), "common_", 7))
				continue;
			fprintf(f, "%s%s %s", sep, vmm_jget_str(x, "type", "?"),
				vmm_jget_str(x, "name", "?"));
			sep = ", ";
		}
		fputc('\n', f);
	}
}

static json_object *status_json(struct vmm_call *c, const char *dir)
{
	json_object *o = json_object_new_object(), *en = json_object_new_object();
	struct vmm_hyp_event *ev;
	char path[PATH_MAX], buf[128];
	long on = 0;
	int n;

	json_object_object_add(o, "path", vmm_jstr(dir));
	if (!read_num(c, dir, "tracing_on", &on))
		json_object_object_add(o, "tracing_on", vmm_jbool(on));
	snprintf(path, sizeof(path), "%s/buffer_size_kb", dir);
	if (vmm_sys_read_file(c->sys, path, buf, sizeof(buf)) > 0) {
		json_object_object_add(o, "buffer_size_kb", json_object_new_int64(atol(buf)));
		json_object_object_add(o, "buffer_loaded", vmm_jbool(!strstr(buf, "unloaded")));
	}
	snprintf(path, sizeof(path), "%s/trace_clock", dir);
	if (vmm_sys_read_file(c->sys, path, buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n")] = 0;
		json_object_object_add(o, "trace_clock", vmm_jstr(buf));
	}
	vmm_sys_clear(c->sys);
	n = vmm_hyp_events(c->sys, dir, &ev, &(struct vmm_hyp_perr){ 0 });
	for (int i = 0; i < n; i++)
		json_object_object_add(en, ev[i].fmt.name, vmm_jbool(ev[i].enabled == 1));
	if (n >= 0)
		free(ev);
	json_object_object_add(o, "events", en);
	vmm_sys_clear(c->sys);
	return o;
}

static void status_text(json_object *res, FILE *f)
{
	json_object *en = json_object_object_get(res, "events");
	const char *sep = "";
	uint64_t on = 0, loaded = 0;

	vmm_jget_u64(res, "tracing_on", &on);
	vmm_jget_u64(res, "buffer_loaded", &loaded);
	fprintf(f, "%s: tracing %s, buffer %s KiB per CPU (%s), clock %s\nevents enabled:",
		vmm_jget_str(res, "path", "?"), on ? "on" : "off",
		vmm_jget_str(res, "buffer_size_kb", "?"), loaded ? "loaded" : "unloaded",
		vmm_jget_str(res, "trace_clock", "?"));
	json_object_object_foreach(en, k, v) {
		if (json_object_get_boolean(v)) {
			fprintf(f, "%s %s", sep, k);
			sep = ",";
		}
	}
	fprintf(f, "%s\n", *sep ? "" : " none");
}

static int hyp_status(struct vmm_call *c)
{
	char dir[PATH_MAX] = "";
	int ret = remote(c, dir, sizeof(dir));

	if (ret)
		return ret;
	c->result = status_json(c, dir);
	return c->err.set ? -EIO : 0;
}

/* ---- trace on|off|clear|buffer ------------------------------------------ */

static const char *const actions[] = { "on", "off", "clear", "buffer", "show", "summary", NULL };
enum { A_ON, A_OFF, A_CLEAR, A_BUFFER, A_SHOW, A_SUMMARY };

struct writes {
	int n;
	struct { char path[PATH_MAX]; char val[24]; } w[32];
};

static void want(struct writes *w, const char *dir, const char *file, const char *val)
{
	snprintf(w->w[w->n].path, sizeof(w->w[0].path), "%s/%s", dir, file);
	snprintf(w->w[w->n].val, sizeof(w->w[0].val), "%s", val);
	w->n++;
}

/* EVENT words: every one known, or a usage error naming it (nothing written). */
static int event_writes(struct vmm_call *c, const char *dir, int first, const char *val,
			struct writes *w)
{
	struct vmm_hyp_event *ev;
	int n = events_get(c, dir, &ev), ret = 0;
	char file[128];

	if (n < 0)
		return n;
	if (c->nvals - first >= (int)(sizeof(w->w) / sizeof(w->w[0])))
		ret = vmm_err(c, VMM_E_USAGE, 0, "%d events named: at most %zu at a time",
			      c->nvals - first, sizeof(w->w) / sizeof(w->w[0]) - 1);
	for (int i = first; i < c->nvals && !ret; i++) {
		const char *name = c->vals[i].raw;
		int k = 0;

		while (k < n && strcmp(ev[k].fmt.name, name))
			k++;
		if (k == n) {
			char known[256] = "";

			for (int j = 0; j < n; j++)
				snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
					 j ? ", " : "", ev[j].fmt.name);
			ret = vmm_err(c, VMM_E_USAGE, 0, "unknown event '%s': expected one of %s",
				      name, known);
			break;
		}
		snprintf(file, sizeof(file), "events/" VMM_HYP_SYSTEM "/%s/enable", name);
		want(w, dir, file, val);
	}
	free(ev);
	return ret;
}

static int buffer_write(struct vmm_call *c, const char *dir, struct writes *w)
{
	const char *why;
	uint64_t bytes;
	char kb[24];

	if (c->nvals != 2)
		return vmm_err(c, VMM_E_USAGE, 0, "'hyp trace buffer' takes one SIZE (bytes, "
			       "K/M/G suffix), given %d words", c->nvals - 1);
	if (vmm_parse_u64(c->vals[1].raw, &bytes, &why) || bytes < 1024 || bytes >> 50)
		return vmm_err(c, VMM_E_USAGE, 0, "'%s': expected a buffer size per CPU of at "
			       "least 1K, like 64K or 4M", c->vals[1].raw);
	snprintf(kb, sizeof(kb), "%llu", (unsigned long long)((bytes + 1023) >> 10));
	want(w, dir, "buffer_size_kb", kb);
	return 0;
}

static int do_writes(struct vmm_call *c, const struct writes *w)
{
	for (int i = 0; i < w->n; i++) {
		json_object *op = json_object_new_object();
		int ret;

		json_object_object_add(op, "write", vmm_jstr(w->w[i].path));
		json_object_object_add(op, "value", vmm_jstr(w->w[i].val));
		if (vmm_dry_run(c)) {
			vmm_dry_op(c, op);
			continue;
		}
		json_object_put(op);
		ret = vmm_sys_write_file(c->sys, w->w[i].path, w->w[i].val);
		if (ret == -EBUSY && strstr(w->w[i].path, "buffer_size_kb")) {
			vmm_err_sys(c, ret, "the trace buffer is in use: its size changes only while "
				    "it is unloaded");
			vmm_hint(c, "vmmctl hyp trace off; vmmctl hyp trace clear; then set the size");
			return ret;
		}
		if (ret)
			return vmm_err_sys(c, ret, "cannot write %s to %s", w->w[i].val,
					   w->w[i].path);
	}
	return 0;
}

static int trace_set(struct vmm_call *c, const char *dir, int action)
{
	struct writes w = { 0 };
	int ret = 0;

	switch (action) {
	case A_ON:
		if (c->nvals > 1)
			ret = event_writes(c, dir, 1, "1", &w);
		else
			want(&w, dir, "events/enable", "1");
		want(&w, dir, "tracing_on", "1");
		break;
	case A_OFF:
		if (c->nvals > 1)
			ret = event_writes(c, dir, 1, "0", &w);
		else
			want(&w, dir, "tracing_on", "0");
		break;
	case A_CLEAR:
		want(&w, dir, "trace", "0");
		break;
	case A_BUFFER:
		ret = buffer_write(c, dir, &w);
		break;
	}
	if (!ret && action == A_CLEAR && c->nvals > 1)
		ret = vmm_err(c, VMM_E_USAGE, 0, "'hyp trace %s' takes no words, given '%s'",
			      actions[action], c->vals[1].raw);
	if (!ret)
		ret = do_writes(c, &w);
	if (!ret && !vmm_dry_run(c))
		c->result = status_json(c, dir);
	return ret;
}

/* ---- trace show, summary ------------------------------------------------ */

/* A VM's id as vm list prints it. */
static void vm_id(char id[32], int32_t pid, int32_t fd)
{
	snprintf(id, 32, "%d-%d", pid, fd);
}

struct reader {
	struct vmm_hyp_event *ev;
	int nev;
	struct vmm_hyp_vcpu *vc;
	int nvc;
	const char *vm;		/* --vm: PID-FD, NULL for all */
	char path[PATH_MAX];
};

/* The vCPU threads of the VMs alive now (those gone leave their events to the host row). */
static void reader_vcpus(struct vmm_call *c, struct reader *r)
{
	int n;

	free(r->vc);
	n = vmm_hyp_vcpus(c->sys, &r->vc);
	vmm_sys_clear(c->sys);
	r->nvc = n > 0 ? n : 0;
}

static int reader_open(struct vmm_call *c, struct reader *r, const char *dir, bool pipe,
		       char vmid[32])
{
	const struct vmm_val *cpu = vmm_opt(c, "cpu"), *vm = vmm_opt(c, "vm");
	const char *file = pipe ? "trace_pipe" : "trace";

	memset(r, 0, sizeof(*r));
	if (cpu)
		snprintf(r->path, sizeof(r->path), "%s/per_cpu/cpu%llu/%s", dir,
			 (unsigned long long)cpu->u, file);
	else
		snprintf(r->path, sizeof(r->path), "%s/%s", dir, file);
	if (vm) {
		struct vmm_vmref t;
		int ret = vmm_vmref_find(c, vm, &t);

		vmm_proc_scan_free(&t.sc);
		if (ret)
			return ret;
		/* a session VM's vCPUs run in this process: /proc knows it by PID-FD */
		if (t.vm)
			vm_id(vmid, getpid(), t.vm->fd);
		else
			snprintf(vmid, 32, "%s", t.id);
		r->vm = vmid;
	}
	r->nev = events_get(c, dir, &r->ev);
	if (r->nev < 0)
		return r->nev;
	reader_vcpus(c, r);
	return 0;
}

static void reader_close(struct reader *r)
{
	free(r->ev);
	free(r->vc);
}

/* The VM and vCPU of an event; false when --vm names another VM. */
static bool who(const struct reader *r, const struct vmm_hyp_rec *rec, char id[32], int *vcpu)
{
	const char *v = vmm_hyp_rec_arg(rec, "vcpu");
	const struct vmm_hyp_vcpu *x = v ? vmm_hyp_vcpu_find(r->vc, r->nvc, atoi(v)) : NULL;

	*id = 0;
	*vcpu = -1;
	if (x) {
		vm_id(id, x->vm_pid, x->vm_fd);
		*vcpu = x->vcpu;
	}
	return !r->vm || !strcmp(r->vm, id);
}

/* Whether a record passes --vm: events of that VM's vCPUs, and every non-event record. */
static bool wanted(const struct reader *r, const struct vmm_hyp_rec *rec)
{
	char id[32];
	int vcpu;

	return rec->kind != VMM_HYP_REC_EVENT || who(r, rec, id, &vcpu);
}

static json_object *rec_json(const struct reader *r, const struct vmm_hyp_rec *rec)
{
	json_object *o = json_object_new_object();
	char ts[32], id[32];
	int vcpu;

	if (rec->cpu >= 0)
		json_object_object_add(o, "cpu", json_object_new_int(rec->cpu));
	if (rec->kind == VMM_HYP_REC_LOST) {
		json_object_object_add(o, "event", vmm_jstr("lost"));
		json_object_object_add(o, "lost", vmm_ju64(rec->n));
		return o;
	}
	if (rec->kind == VMM_HYP_REC_TOOBIG || rec->kind == VMM_HYP_REC_UNKNOWN) {
		json_object_object_add(o, "event", vmm_jstr(rec->kind == VMM_HYP_REC_TOOBIG ?
							    "too_big" : "unknown"));
		json_object_object_add(o, "id", vmm_ju64(rec->n));
		if (rec->kind == VMM_HYP_REC_TOOBIG)
			return o;
	}
	snprintf(ts, sizeof(ts), "%llu.%06llu", (unsigned long long)(rec->ts_ns / 1000000000),
		 (unsigned long long)(rec->ts_ns % 1000000000 / 1000));
	json_object_object_add(o, "time", vmm_jstr(ts));
	json_object_object_add(o, "ts_ns", vmm_ju64(rec->ts_ns));
	if (rec->kind == VMM_HYP_REC_UNKNOWN)
		return o;
	json_object_object_add(o, "event", vmm_jstr(rec->event));
	for (int i = 0; i < rec->nargs; i++) {
		const struct vmm_hyp_arg *a = &rec->args[i];
		char *e;
		long long v = strtoll(a->val, &e, 10);

		json_object_object_add(o, a->key, *e || e == a->val ? vmm_jstr(a->val) :
				       json_object_new_int64(v));
	}
	who(r, rec, id, &vcpu);
	if (*id)
		json_object_object_add(o, "vm", vmm_jstr(id));
	if (vcpu >= 0)
		json_object_object_add(o, "vcpu_index", json_object_new_int(vcpu));
	return o;
}

/* One line of the file: parsed, checked against the formats, or the error. */
static int rec_parse(struct vmm_call *c, const struct reader *r, const char *line, size_t len,
		     long lineno, struct vmm_hyp_rec *rec)
{
	const char *why = NULL;

	if (!vmm_hyp_parse_line(line, len, rec, &why))
		why = vmm_hyp_rec_check(rec, r->ev, r->nev);
	if (why)
		return vmm_err(c, VMM_E_FAILED, EINVAL, "%s line %ld: %s: '%.*s'", r->path, lineno,
			       why, (int)(len > 120 ? 120 : len), line);
	return 0;
}

/* Every line of trace (non-consuming): fn gets the records in order. */
static int each_rec(struct vmm_call *c, struct reader *r,
		    int (*fn)(struct vmm_call *c, struct reader *r, const struct vmm_hyp_rec *rec,
			      void *arg), void *arg)
{
	char *text, *p;
	ssize_t n = vmm_sys_read_all(c->sys, r->path, TRACE_MAX, &text);
	long lineno = 0;
	int ret = 0;

	if (n < 0)
		return vmm_err_sys(c, (int)n, "cannot read %s", r->path);
	for (p = text; *p && !ret; ) {
		size_t len = strcspn(p, "\n");
		struct vmm_hyp_rec rec;

		lineno++;
		ret = rec_parse(c, r, p, len, lineno, &rec);
		if (!ret)
			ret = fn(c, r, &rec, arg);
		p += len + (p[len] == '\n');
	}
	free(text);
	return ret > 0 ? 0 : ret;
}

struct show_acc {
	json_object *arr;
	uint64_t left;		/* --count */
};

static int show_one(struct vmm_call *c, struct reader *r, const struct vmm_hyp_rec *rec,
		    void *arg)
{
	struct show_acc *a = arg;

	(void)c;
	if (!wanted(r, rec))
		return 0;
	if (!a->left)
		return 1;	/* stop */
	json_object_array_add(a->arr, rec_json(r, rec));
	a->left--;
	return 0;
}

static void rec_text(json_object *e, FILE *f)
{
	json_object_object_foreach(e, k, v) {
		if (!strcmp(k, "ts_ns"))
			continue;
		if (!strcmp(k, "cpu"))
			fprintf(f, "[%03d]", json_object_get_int(v));
		else if (!strcmp(k, "time") || !strcmp(k, "event"))
			fprintf(f, " %s", json_object_get_string(v));
		else
			fprintf(f, " %s=%s", k, json_object_get_string(v));
	}
	fputc('\n', f);
}

static void show_text(json_object *res, FILE *f)
{
	for (size_t i = 0; i < json_object_array_length(res); i++)
		rec_text(json_object_array_get_idx(res, i), f);
}

/* --follow: trace_pipe consumes; each event is printed as it is read. */
static int follow(struct vmm_call *c, struct reader *r, uint64_t left)
{
	char buf[65536];
	size_t have = 0;
	long lineno = 0;
	int fd, ret = 0;

	fd = vmm_sys_open(c->sys, r->path, O_RDONLY);
	if (fd < 0)
		return vmm_err_sys(c, fd, "cannot open %s", r->path);
	while (left && !ret) {
		ssize_t n = vmm_sys_read(c->sys, fd, buf + have, sizeof(buf) - 1 - have, r->path);
		char *p = buf, *nl;

		if (n <= 0) {
			ret = n ? vmm_err_sys(c, (int)n, "cannot read %s", r->path) : 0;
			break;
		}
		have += (size_t)n;
		buf[have] = 0;
		while (left && !ret && (nl = strchr(p, '\n'))) {
			struct vmm_hyp_rec rec;

			ret = rec_parse(c, r, p, (size_t)(nl - p), ++lineno, &rec);
			if (!ret && wanted(r, &rec)) {
				json_object *o = rec_json(r, &rec);

				if (c->opts.json)
					fprintf(stdout, "%s\n", json_object_to_json_string_ext(o,
						JSON_C_TO_STRING_PLAIN));
				else
					rec_text(o, stdout);
				fflush(stdout);
				json_object_put(o);
				left--;
			}
			p = nl + 1;
		}
		have -= (size_t)(p - buf);
		memmove(buf, p, have);
		if (have == sizeof(buf) - 1)
			ret = vmm_err(c, VMM_E_FAILED, EINVAL, "%s: a line longer than %zu bytes",
				      r->path, sizeof(buf));
	}
	vmm_sys_close(fd);
	return ret;
}

static int trace_show(struct vmm_call *c, const char *dir)
{
	const struct vmm_val *cnt = vmm_opt(c, "count");
	bool pipe = vmm_opt(c, "follow") != NULL;
	struct show_acc a = { NULL, cnt ? cnt->u : UINT64_MAX };
	struct reader r;
	char vmid[32];
	int ret;

	ret = reader_open(c, &r, dir, pipe, vmid);
	if (ret)
		goto out;
	if (pipe) {
		ret = follow(c, &r, a.left);
		goto out;
	}
	a.arr = json_object_new_array();
	ret = each_rec(c, &r, show_one, &a);
	if (ret)
		json_object_put(a.arr);
	else
		c->result = a.arr;
out:
	reader_close(&r);
	return ret;
}

struct sum_acc {
	struct vmm_hyp_sum sm;
	uint64_t from_ns;	/* --duration: events from here on */
};

static int sum_one(struct vmm_call *c, struct reader *r, const struct vmm_hyp_rec *rec,
		   void *arg)
{
	struct sum_acc *a = arg;

	if (rec->kind == VMM_HYP_REC_EVENT && rec->ts_ns < a->from_ns)
		return 0;
	if (vmm_hyp_sum_add(&a->sm, rec, r->vc, r->nvc))
		return vmm_err(c, VMM_OK, ENOMEM, "out of memory");
	return 0;
}

static json_object *ns_json(const uint64_t *s, size_t n)
{
	json_object *o = json_object_new_object();
	uint64_t total = 0;

	for (size_t i = 0; i < n; i++)
		total += s[i];
	json_object_object_add(o, "min", vmm_ju64(n ? s[0] : 0));
	json_object_object_add(o, "median", vmm_ju64(vmm_hyp_quantile(s, n, 0.5)));
	json_object_object_add(o, "p99", vmm_ju64(vmm_hyp_quantile(s, n, 0.99)));
	json_object_object_add(o, "max", vmm_ju64(n ? s[n - 1] : 0));
	json_object_object_add(o, "total", vmm_ju64(total));
	return o;
}

static json_object *group_json(struct vmm_hyp_group *g, double window_s)
{
	json_object *o = json_object_new_object(), *rs = json_object_new_array();
	char id[32] = "host";

	if (g->vm_pid)
		vm_id(id, g->vm_pid, g->vm_fd);
	json_object_object_add(o, "vm", vmm_jstr(id));
	vmm_hyp_sum_sort(g);
	for (int k = 0; k < VMM_HYP__REASONS; k++) {
		json_object *x;

		if (!g->count[k] && !g->nns[k])
			continue;
		x = json_object_new_object();
		json_object_object_add(x, "reason", vmm_jstr(vmm_hyp_reason_name(k)));
		json_object_object_add(x, "count", vmm_ju64(g->count[k]));
		json_object_object_add(x, "rate_per_s", json_object_new_double(
			window_s > 0 ? (double)g->count[k] / window_s : 0));
		json_object_object_add(x, "pairs", vmm_ju64(g->nns[k]));
		json_object_object_add(x, "hyp_ns", ns_json(g->ns[k], g->nns[k]));
		json_object_array_add(rs, x);
	}
	json_object_object_add(o, "reasons", rs);
	return o;
}

static int trace_summary(struct vmm_call *c, const char *dir)
{
	const struct vmm_val *dur = vmm_opt(c, "duration");
	struct sum_acc a = { 0 };
	struct reader r;
	json_object *res, *gs;
	double window_s;
	char vmid[32];
	int ret;

	vmm_hyp_sum_init(&a.sm);
	ret = reader_open(c, &r, dir, false, vmid);
	if (ret)
		goto out;
	if (dur) {
		/* the hypervisor's clock is the boot clock: the window starts now */
		a.from_ns = vmm_sys_boot_ns();
		if (vmm_sys_sleep_ns(dur->u * 1000000000ull)) {
			ret = vmm_err(c, VMM_E_FAILED, EINTR, "interrupted");
			goto out;
		}
		reader_vcpus(c, &r);	/* VMs that started meanwhile */
	}
	ret = each_rec(c, &r, sum_one, &a);
	if (ret)
		goto out;
	window_s = dur ? (double)dur->u : (double)a.sm.window_ns / 1e9;
	res = json_object_new_object();
	json_object_object_add(res, "source", vmm_jstr(r.path));
	json_object_object_add(res, "window_s", json_object_new_double(window_s));
	json_object_object_add(res, "events", vmm_ju64(a.sm.events));
	json_object_object_add(res, "lost", vmm_ju64(a.sm.lost));
	json_object_object_add(res, "unpaired", vmm_ju64(a.sm.unpaired));
	json_object_object_add(res, "host_aborts", vmm_ju64(a.sm.host_aborts));
	json_object_object_add(res, "clock_jumps", vmm_ju64(a.sm.clock_jumps));
	gs = json_object_new_array();
	for (int i = 0; i < a.sm.ngroups; i++) {
		char id[32];

		vm_id(id, a.sm.groups[i].vm_pid, a.sm.groups[i].vm_fd);
		if (r.vm && strcmp(r.vm, id))
			continue;
		json_object_array_add(gs, group_json(&a.sm.groups[i], window_s));
	}
	json_object_object_add(res, "vms", gs);
	c->result = res;
out:
	vmm_hyp_sum_free(&a.sm);
	reader_close(&r);
	return ret;
}

static void summary_text(json_object *res, FILE *f)
{
	json_object *gs = json_object_object_get(res, "vms");

	fprintf(f, "%s: %s events in %.3f s, %s host aborts, %s lost, %s unpaired, "
		"%s clock jumps\n", vmm_jget_str(res, "source", "?"),
		vmm_jget_str(res, "events", "0"),
		json_object_get_double(json_object_object_get(res, "window_s")),
		vmm_jget_str(res, "host_aborts", "0"), vmm_jget_str(res, "lost", "0"),
		vmm_jget_str(res, "unpaired", "0"), vmm_jget_str(res, "clock_jumps", "0"));
	fprintf(f, "%-14s %-11s %9s %10s %9s %9s %9s %9s %12s\n", "VM", "REASON", "COUNT",
		"RATE/s", "MIN_us", "MEDIAN_us", "P99_us", "MAX_us", "TOTAL_us");
	for (size_t i = 0; i < json_object_array_length(gs); i++) {
		json_object *g = json_object_array_get_idx(gs, i);
		json_object *rs = json_object_object_get(g, "reasons");

		for (size_t j = 0; j < json_object_array_length(rs); j++) {
			json_object *x = json_object_array_get_idx(rs, j);
			json_object *ns = json_object_object_get(x, "hyp_ns");
			uint64_t v[5] = { 0 };
			static const char *const keys[] = { "min", "median", "p99", "max", "total" };

			for (int k = 0; k < 5; k++)
				vmm_jget_u64(ns, keys[k], &v[k]);
			fprintf(f, "%-14s %-11s %9s %10.1f %9.1f %9.1f %9.1f %9.1f %12.1f\n",
				j ? "" : vmm_jget_str(g, "vm", "?"), vmm_jget_str(x, "reason", "?"),
				vmm_jget_str(x, "count", "0"),
				json_object_get_double(json_object_object_get(x, "rate_per_s")),
				v[0] / 1e3, v[1] / 1e3, v[2] / 1e3, v[3] / 1e3, v[4] / 1e3);
		}
	}
}

static int hyp_trace(struct vmm_call *c)
{
	const struct vmm_val *act = vmm_arg(c, "ACTION", NULL);
	static const char *const only_show[] = { "cpu", "follow", "count", NULL };
	char dir[PATH_MAX] = "";
	int ret;

	for (int i = 0; only_show[i]; i++)
		if (vmm_opt(c, only_show[i]) && act->idx != A_SHOW)
			return vmm_err(c, VMM_E_USAGE, 0, "--%s applies to 'hyp trace show' only",
				       only_show[i]);
	if (vmm_opt(c, "duration") && act->idx != A_SUMMARY)
		return vmm_err(c, VMM_E_USAGE, 0, "--duration applies to 'hyp trace summary' only");
	if (vmm_opt(c, "vm") && act->idx != A_SHOW && act->idx != A_SUMMARY)
		return vmm_err(c, VMM_E_USAGE, 0, "--vm applies to 'hyp trace show' and 'summary'");
	if ((act->idx == A_SHOW || act->idx == A_SUMMARY) && c->nvals > 1)
		return vmm_err(c, VMM_E_USAGE, 0, "'hyp trace %s' takes no words, given '%s'",
			       actions[act->idx], c->vals[1].raw);
	ret = remote(c, dir, sizeof(dir));
	if (ret)
		return ret;
	if (act->idx == A_SHOW)
		return trace_show(c, dir);
	if (act->idx == A_SUMMARY)
		return trace_summary(c, dir);
	return trace_set(c, dir, (int)act->idx);
}

static void trace_text(json_object *res, FILE *f)
{
	if (json_object_is_type(res, json_type_array))
		show_text(res, f);
	else if (json_object_object_get(res, "vms"))
		summary_text(res, f);
	else
		status_text(res, f);
}

static void comp_events(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	struct vmm_sys *s = vmm_ctx_sys(ctx);
	struct vmm_hyp_event *ev;
	char dir[PATH_MAX];
	int n;

	if (vmm_hyp_dir(s, dir, sizeof(dir)) == 0 && (n = vmm_hyp_events(s, dir, &ev, &(struct vmm_hyp_perr){ 0 })) > 0) {
		for (int i = 0; i < n; i++)
			vmm_cands_add_prefixed(out, prefix, ev[i].fmt.name);
		free(ev);
	}
	vmm_sys_clear(s);
}

static const struct vmm_completer comp_event = { "hyp_event", comp_events };

static const struct vmm_arg trace_args[] = {
	{ "ACTION", VMM_T_ENUM, "on [EVENT...]: enable the events (default: all) and start "
	  "tracing; off [EVENT...]: stop tracing, or disable only those events; clear: empty "
	  "the buffer; buffer SIZE: the per-CPU buffer size; show: the events in the buffer; "
	  "summary: counts and hypervisor time per VM and reason", actions, NULL,
	  VMM_ARG_SELF_HELP },
	{ "WORD", VMM_T_STR, "an EVENT name (on, off) or the SIZE (buffer)", NULL, &comp_event,
	  VMM_ARG_OPTIONAL | VMM_ARG_MULTI },
	{ 0 }
};

static const struct vmm_opt trace_opts[] = {
	{ "cpu", 0, VMM_T_U64, "N", "show: one CPU's buffer (per_cpu/cpuN)" },
	{ "vm", 0, VMM_T_VM, "ID", "show, summary: only the events of this VM's vCPU threads" },
	{ "follow", 'f', VMM_T_FLAG, NULL, "show: read trace_pipe, consuming, and print each "
	  "event as it arrives (JSON: one object per line)" },
	{ "count", 'c', VMM_T_U64, "N", "show: stop after N events" },
	{ "duration", 0, VMM_T_U64, "S", "summary: wait S seconds and summarise the events "
	  "of that window only" },
	{ 0 }
};

static const struct vmm_command hyp_cmds[] = {
	{ "status", NULL, "the hypervisor trace remote: tracing on or off, buffer size, clock "
	  "and which events are enabled", NULL, NULL, hyp_status, status_text, 0 },
	{ "events", NULL, "the hypervisor's trace events: id, enabled, and their fields from "
	  "each event's format", NULL, NULL, hyp_events, events_text, 0 },
	{ "trace", NULL, "turn hypervisor tracing on or off, clear or size its buffer, show "
	  "its events or summarise them", trace_args, trace_opts, hyp_trace, trace_text,
	  VMM_CMD_MUTATING | VMM_CMD_NEEDS_ROOT },
	{ 0 }
};

const struct vmm_object vmm_obj_hyp = {
	"hyp", NULL, "the arm64 hypervisor (nVHE, pKVM): its trace buffer and events", hyp_cmds, 0,
};
