// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vm list, show, stats: the VMs of every process, observed through /proc
 * and KVM's debugfs (KVM refuses other processes' ioctls), and the
 * session's own VMs, whose binary stats fd this process may open.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/vmref.h"
#include "cmd/vm.h"
#include "lib/kvm_debugfs.h"
#include "lib/kvm_stats.h"
#include "lib/procfs.h"
#include "lib/uapi/kvm.h"

#define MAX_INTERVAL_S	86400
#define MAX_COUNT	100000


/* ---- one VM as JSON -------------------------------------------------------- */

static json_object *mem_json(const struct vmm_proc_mem *mem, int n)
{
	json_object *arr = json_object_new_array();

	for (int i = 0; i < n; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "kind", vmm_jstr(vmm_mem_kind_name(mem[i].kind)));
		if (mem[i].name[0])
			json_object_object_add(o, "name", vmm_jstr(mem[i].name));
		json_object_object_add(o, "bytes", vmm_ju64(mem[i].bytes));
		json_object_object_add(o, "mappings", json_object_new_int((int)mem[i].mappings));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *observed_json(const struct vmm_proc_scan *sc, const struct vmm_proc_vm *v)
{
	const struct vmm_proc *p = &sc->procs[v->proc];
	json_object *o = json_object_new_object();
	char buf[96];

	snprintf(buf, sizeof(buf), "%d-%d", v->pid, v->fd);
	json_object_object_add(o, "id", vmm_jstr(buf));
	json_object_object_add(o, "pid", json_object_new_int(v->pid));
	/* what is not known is omitted (JSON rules), never null */
	if (v->tid > 0)
		json_object_object_add(o, "tid", json_object_new_int(v->tid));
	json_object_object_add(o, "comm", vmm_jstr(p->comm));
	if (p->uid >= 0)
		json_object_object_add(o, "uid", json_object_new_int64(p->uid));
	json_object_object_add(o, "fd", json_object_new_int(v->fd));
	if (v->vcpus >= 0)
		json_object_object_add(o, "vcpus", json_object_new_int(v->vcpus));
	json_object_object_add(o, "guest_memfd", json_object_new_int(p->gmem_fds));
	snprintf(buf, sizeof(buf), VMM_KVM_DEBUGFS "/%s", v->debugfs);
	if (*v->debugfs)
		json_object_object_add(o, "debugfs", vmm_jstr(buf));
	json_object_object_add(o, "memory", mem_json(p->mem, p->nmem));
	return o;
}

/* A session VM described like an observed one, from what the session knows. */
static json_object *session_json(struct vmm_call *c, const char *name, const struct vmm_vm *vm,
				 int tid)
{
	json_object *o = json_object_new_object(), *mem = json_object_new_array();
	int gmem = 0;
	char dir[96];

	json_object_object_add(o, "id", vmm_jstr(name));
	json_object_object_add(o, "session", vmm_jstr(name));
	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	if (tid > 0)
		json_object_object_add(o, "tid", json_object_new_int(tid));
	json_object_object_add(o, "comm", vmm_jstr(program_invocation_short_name));
	json_object_object_add(o, "fd", json_object_new_int(vm->fd));
	json_object_object_add(o, "vcpus", json_object_new_int(vm->vcpu_fd >= 0));
	for (int i = 0; i < vm->nregions; i++) {
		const struct vmm_region *r = &vm->regions[i];
		json_object *m = json_object_new_object();

		gmem += r->gmem_fd >= 0;
		json_object_object_add(m, "kind", vmm_jstr(vmm_backing_name(r->backing)));
		if (r->backing == VMM_BACK_FILE)
			json_object_object_add(m, "name", vmm_jstr(r->path));
		json_object_object_add(m, "bytes", vmm_ju64(r->size));
		json_object_object_add(m, "mappings", json_object_new_int(1));
		json_object_array_add(mem, m);
	}
	json_object_object_add(o, "guest_memfd", json_object_new_int(gmem));
	/* the session's main thread created the VM: its debugfs name is ours */
	snprintf(dir, sizeof(dir), VMM_KVM_DEBUGFS "/%d-%d", getpid(), vm->fd);
	if (!vmm_sys_access(c->sys, dir, F_OK))
		json_object_object_add(o, "debugfs", vmm_jstr(dir));
	vmm_sys_clear(c->sys);
	json_object_object_add(o, "memory", mem);
	return o;
}

/* ---- vm list --------------------------------------------------------------- */

/* Processes whose fds were refused: counted, the first named, and why. */
static void fds_refused(const struct vmm_call *c, const struct vmm_proc_scan *sc)
{
	char pids[128];
	size_t off = 0;

	for (int i = 0; i < sc->unreadable && i < VMM_PROC_REFUSED_MAX && off < sizeof(pids); i++) {
		int n = snprintf(pids + off, sizeof(pids) - off, "%s%d", i ? ", " : "",
				 sc->refused[i]);

		off += n > 0 ? (size_t)n : 0;
	}
	if (sc->unreadable > VMM_PROC_REFUSED_MAX && off < sizeof(pids))
		snprintf(pids + off, sizeof(pids) - off, ", ...");
	vmm_warn(c, "cannot read the fds of %d of %d processes (pid %s), so their VMs are not "
		 "listed: %s", sc->unreadable, sc->scanned, pids, vmm_hint_refused(c));
}

static void scan_warnings(const struct vmm_call *c, const struct vmm_proc_scan *sc)
{
	if (sc->unreadable)
		fds_refused(c, sc);
	if (sc->debugfs_err == EACCES || sc->debugfs_err == EPERM)
		vmm_warn(c, "cannot read " VMM_KVM_DEBUGFS ": debugfs needs root; thread ids, "
			 "vCPU counts and stats are missing");
	else if (sc->debugfs_err && sc->nvms)
		vmm_warn(c, "no " VMM_KVM_DEBUGFS ": debugfs is not mounted (mount -t debugfs "
			 "none " VMM_DEBUGFS ") or KVM is not loaded");
}

/*
 * A list is an array (JSON rules), so what the scan could not see goes to
 * stderr as warnings: unreadable processes and their privilege, debugfs
 * directories no readable process holds.
 */
int vmm_vm_list_run(struct vmm_call *c)
{
	struct vmm_proc_scan sc;
	char um[512];
	size_t off = 0;
	int ret;

	ret = vmm_proc_scan(c->sys, 0, &sc);
	if (ret)
		return vmm_err_sys(c, ret, "cannot scan /proc for VMs");
	scan_warnings(c, &sc);
	for (int i = 0; i < sc.nunmatched && off < sizeof(um); i++) {
		int n = snprintf(um + off, sizeof(um) - off, " %s", sc.unmatched[i]);

		off += n > 0 ? (size_t)n : 0;
	}
	if (sc.nunmatched)
		vmm_warn(c, "debugfs has VMs no readable process holds:%s", um);
	if (c->opts.verbose && sc.unreadable)	/* never "every fd" when some were refused */
		vmm_info(c, "%d processes scanned, %d refused (the warning above); in the others "
			 "%s", sc.scanned, sc.unreadable, sc.all_fds ? "every fd read" :
			 "only the fd numbers debugfs names read");
	else if (c->opts.verbose)
		vmm_info(c, "%d processes scanned, %s", sc.scanned, sc.all_fds ? "every fd read" :
			 "only the fd numbers debugfs names read");
	c->result = json_object_new_array();
	for (int i = 0; i < sc.nvms; i++)
		json_object_array_add(c->result, observed_json(&sc, &sc.vms[i]));
	vmm_proc_scan_free(&sc);
	return 0;
}

/* ---- finding the VM an argument names ---------------------------------------- */

static int find_target(struct vmm_call *c, struct vmm_vmref *t)
{
	return vmm_vmref_find(c, vmm_arg(c, "VM", NULL), t);
}

/* ---- reading stats ----------------------------------------------------------- */

/* Where samples come from: the session VM's stats fds, or a debugfs directory. */
struct source {
	const char *name;	/* "stats_fd", "debugfs", "none" */
	int vm_fd, vcpu_fd;	/* stats fds, -1 when not open */
	char debugfs[32];
};

static int open_source(struct vmm_call *c, const struct vmm_vmref *t, struct source *src)
{
	int ret;

	src->vm_fd = src->vcpu_fd = -1;
	src->debugfs[0] = '\0';
	if (!t->vm) {
		const struct vmm_proc_vm *v = &t->sc.vms[t->idx];

		snprintf(src->debugfs, sizeof(src->debugfs), "%s", v->debugfs);
		src->name = *v->debugfs ? "debugfs" : "none";
		return 0;
	}
	src->name = "stats_fd";
	ret = vmm_kvm_stats_fd(c->sys, t->vm->fd);
	if (ret < 0) {
		vmm_hint(c, "KVM_CAP_BINARY_STATS_FD (Linux 5.14) is needed; see 'host features'");
		return vmm_err_sys(c, ret, "cannot open the stats of %s", t->id);
	}
	src->vm_fd = ret;
	if (t->vm->vcpu_fd >= 0) {
		ret = vmm_kvm_stats_fd(c->sys, t->vm->vcpu_fd);
		if (ret < 0) {
			vmm_sys_close(src->vm_fd);
			return vmm_err_sys(c, ret, "cannot open the vCPU stats of %s", t->id);
		}
		src->vcpu_fd = ret;
	}
	return 0;
}

static void close_source(struct source *src)
{
	vmm_sys_close(src->vm_fd);
	vmm_sys_close(src->vcpu_fd);
	src->vm_fd = src->vcpu_fd = -1;
}

static int sample(struct vmm_call *c, const struct vmm_vmref *t, const struct source *src,
		  struct vmm_stats *st)
{
	struct vmm_stats vcpu;
	int ret;

	memset(st, 0, sizeof(*st));
	if (src->vm_fd < 0) {
		if (!*src->debugfs)
			return 0;
		ret = vmm_kvm_debugfs_stats(c->sys, src->debugfs, st);
		if (ret)
			return vmm_err_sys(c, ret, "cannot read the stats of %s in "
					   VMM_KVM_DEBUGFS "/%s", t->id, src->debugfs);
		return 0;
	}
	ret = vmm_kvm_stats_read(c->sys, src->vm_fd, st);
	if (ret)
		return vmm_err_sys(c, ret, "cannot read the stats of %s", t->id);
	if (src->vcpu_fd < 0)
		return 0;
	/* debugfs shows vCPU stats next to the VM's: so does a session VM */
	ret = vmm_kvm_stats_read(c->sys, src->vcpu_fd, &vcpu);
	if (!ret) {
		ret = vmm_stats_append(st, &vcpu);
		vmm_stats_free(&vcpu);
		if (ret)
			ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	} else {
		ret = vmm_err_sys(c, ret, "cannot read the vCPU stats of %s", t->id);
	}
	if (ret)
		vmm_stats_free(st);
	return ret;
}

static void refused_warning(const struct vmm_call *c, const struct vmm_stats *st)
{
	if (st->refused)
		vmm_warn(c, "debugfs refused %d stat files (%s): a locked-down kernel opens only "
			 "read-only debugfs files, so the counters (0644) are missing and only "
			 "current values (0444) show", st->refused, strerror(st->refused_err));
}

static json_object *stat_json(const struct vmm_stat *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", vmm_jstr(s->name));
	json_object_object_add(o, "type", vmm_jstr(vmm_stat_type_name(s->type)));
	json_object_object_add(o, "value", vmm_ju64(s->value));
	if (s->has_unit) {
		json_object_object_add(o, "unit", vmm_jstr(vmm_stat_unit_name(s->unit)));
		json_object_object_add(o, "base", json_object_new_int(s->base ? 2 : 10));
		json_object_object_add(o, "exponent", json_object_new_int(s->exponent));
	}
	if (s->buckets) {
		json_object *b = json_object_new_array();

		for (uint32_t i = 0; i < s->nvalues; i++)
			json_object_array_add(b, vmm_ju64(s->buckets[i]));
		json_object_object_add(o, "buckets", b);
		if (s->type == VMM_KVM_STATS_LINEAR_HIST)
			json_object_object_add(o, "bucket_size",
					       json_object_new_int64(s->bucket_size));
	}
	return o;
}

/* ---- vm show ----------------------------------------------------------------- */

int vmm_vm_show_run(struct vmm_call *c)
{
	struct source src = { .vm_fd = -1, .vcpu_fd = -1 };
	struct vmm_stats st = { 0 };
	json_object *o, *arr;
	struct vmm_vmref t;
	int ret, tid;

	ret = find_target(c, &t);
	if (ret)
		goto out;
	ret = open_source(c, &t, &src);
	if (ret)
		goto out;
	ret = sample(c, &t, &src, &st);
	if (ret)
		goto out;
	if (!strcmp(src.name, "none"))
		vmm_warn(c, "VM %s has no debugfs directory, so no stats: %s", t.id,
			 t.sc.debugfs_err ? "debugfs is not readable here (root, mounted)" :
			 "its creating thread is gone or the fd was passed on");
	refused_warning(c, &st);
	/* the binary stats id names the creating thread: "kvm-<tid>" */
	if (sscanf(st.id, "kvm-%d", &tid) != 1)
		tid = -1;
	o = t.vm ? session_json(c, t.session, t.vm, tid) :
	    observed_json(&t.sc, &t.sc.vms[t.idx]);
	json_object_object_add(o, "stats_source", vmm_jstr(src.name));
	json_object_object_add(o, "stats_refused", json_object_new_int(st.refused));
	if (st.id[0])
		json_object_object_add(o, "stats_id", vmm_jstr(st.id));
	arr = json_object_new_array();
	for (int i = 0; i < st.n; i++)
		json_object_array_add(arr, stat_json(&st.v[i]));
	json_object_object_add(o, "stats", arr);
	c->result = o;
out:
	vmm_stats_free(&st);
	close_source(&src);
	vmm_proc_scan_free(&t.sc);
	return ret;
}

/* ---- vm stats ---------------------------------------------------------------- */

static int count_opt(struct vmm_call *c, const char *name, uint64_t max, uint64_t *out)
{
	const struct vmm_val *v = vmm_opt(c, name);

	*out = 1;
	if (!v)
		return 0;
	if (!v->u || v->u > max)
		return vmm_err(c, VMM_E_USAGE, 0, "--%s %s: expected 1 to %" PRIu64,
			       name, v->raw, max);
	*out = v->u;
	return 0;
}

static json_object *interval_json(const struct vmm_stats *prev, const struct vmm_stats *cur,
				   uint64_t index, uint64_t ns)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();
	char rate[48];

	json_object_object_add(o, "index", vmm_ju64(index));
	json_object_object_add(o, "elapsed_ns", vmm_ju64(ns));
	for (int i = 0; i < cur->n; i++) {
		const struct vmm_stat *s = &cur->v[i], *p = vmm_stats_find(prev, s->name, i);
		json_object *e = json_object_new_object();

		json_object_object_add(e, "name", vmm_jstr(s->name));
		json_object_object_add(e, "type", vmm_jstr(vmm_stat_type_name(s->type)));
		json_object_object_add(e, "value", vmm_ju64(s->value));
		/* counters get deltas; instant and peak values stand as they are */
		if (vmm_stat_is_counter(s) && p) {
			int64_t d = (int64_t)(s->value - p->value);
			double r = ns ? (double)d * 1e9 / (double)ns : 0;

			json_object_object_add(e, "delta", json_object_new_int64(d));
			snprintf(rate, sizeof(rate), "%.2f", r);
			json_object_object_add(e, "rate", json_object_new_double_s(r, rate));
		}
		json_object_array_add(arr, e);
	}
	json_object_object_add(o, "stats", arr);
	return o;
}

int vmm_vm_stats_run(struct vmm_call *c)
{
	struct source src = { .vm_fd = -1, .vcpu_fd = -1 };
	struct vmm_stats prev = { 0 }, cur = { 0 };
	uint64_t interval, count, t0, t1, done = 0;
	json_object *samples = NULL;
	struct vmm_vmref t = { .idx = -1 };
	int ret;

	ret = count_opt(c, "interval", MAX_INTERVAL_S, &interval);
	if (!ret)
		ret = count_opt(c, "count", MAX_COUNT, &count);
	if (ret)
		return ret;
	ret = find_target(c, &t);
	if (ret)
		goto out;
	ret = open_source(c, &t, &src);
	if (ret)
		goto out;
	if (!strcmp(src.name, "none")) {
		vmm_hint(c, "stats of another process's VM come from " VMM_KVM_DEBUGFS
			 "/TID-FD: mount debugfs and run as root");
		ret = vmm_err(c, VMM_E_NOTSUP, ENOENT, "VM %s has no debugfs directory to "
			      "read stats from", t.id);
		goto out;
	}
	ret = sample(c, &t, &src, &prev);
	if (ret)
		goto out;
	refused_warning(c, &prev);
	/* a snapshot holds one set of values: one interval of them, no wait */
	if (c->sys->snap && count > 1)
		vmm_warn(c, "a snapshot holds one set of values: one interval, not %" PRIu64, count);
	if (c->sys->snap)
		count = 1;
	t0 = vmm_sys_now_ns();
	samples = json_object_new_array();
	for (done = 0; done < count; done++) {
		/* a signal (Ctrl-C in the shell) ends the run with what it has */
		if (!c->sys->snap && vmm_sys_sleep_ns(interval * 1000000000ull) == -EINTR) {
			vmm_warn(c, "interrupted after %" PRIu64 " of %" PRIu64 " intervals",
				 done, count);
			break;
		}
		ret = sample(c, &t, &src, &cur);
		if (ret)
			goto out;
		t1 = c->sys->snap ? t0 + interval * 1000000000ull : vmm_sys_now_ns();
		json_object_array_add(samples, interval_json(&prev, &cur, done + 1, t1 - t0));
		vmm_stats_free(&prev);
		prev = cur;
		memset(&cur, 0, sizeof(cur));
		t0 = t1;
	}
	c->result = json_object_new_object();
	json_object_object_add(c->result, "vm", vmm_jstr(t.id));
	/* who runs it, for labels: the session itself, or the observed process */
	json_object_object_add(c->result, "pid", json_object_new_int(
		t.vm ? getpid() : t.sc.vms[t.idx].pid));
	json_object_object_add(c->result, "comm", vmm_jstr(
		t.vm ? program_invocation_short_name : t.sc.procs[t.sc.vms[t.idx].proc].comm));
	json_object_object_add(c->result, "source", vmm_jstr(src.name));
	json_object_object_add(c->result, "interval_s", vmm_ju64(interval));
	json_object_object_add(c->result, "count", vmm_ju64(count));
	json_object_object_add(c->result, "stats_refused", json_object_new_int(prev.refused));
	json_object_object_add(c->result, "samples", samples);
	samples = NULL;
out:
	json_object_put(samples);
	vmm_stats_free(&prev);
	vmm_stats_free(&cur);
	close_source(&src);
	vmm_proc_scan_free(&t.sc);
	return ret;
}

/* ---- metrics (--openmetrics) ----------------------------------------------------- */

/* vm, pid and comm of a vm list entry or a vm stats result, as labels */
static void vm_labels(json_object *v, const char *lab[7], char pid[16])
{
	uint64_t p = 0;

	vmm_jget_u64(v, "pid", &p);
	snprintf(pid, 16, "%" PRIu64, p);
	lab[0] = "vm";
	lab[1] = vmm_jget_str(v, "id", vmm_jget_str(v, "vm", ""));
	lab[2] = "pid";
	lab[3] = pid;
	lab[4] = "comm";
	lab[5] = vmm_jget_str(v, "comm", "");
	lab[6] = NULL;
}

void vmm_vm_list_metrics(json_object *vms, struct vmm_metrics *m)
{
	static const char *const kinds[] = { "anon", "file", "memfd", "guest_memfd", "hugetlb" };
	size_t n = json_object_array_length(vms);

	vmm_metric(m, "vmmctl_vms", VMM_METRIC_GAUGE, "VMs found on this host", NULL, n);
	for (size_t i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(vms, i), *mem;
		const char *lab[9];
		char pid[16];
		uint64_t x;

		vm_labels(v, lab, pid);
		if (vmm_jget_u64(v, "vcpus", &x))
			vmm_metric(m, "vmmctl_vm_vcpus", VMM_METRIC_GAUGE, "vCPUs of the VM", lab, x);
		if (vmm_jget_u64(v, "guest_memfd", &x))
			vmm_metric(m, "vmmctl_vm_guest_memfds", VMM_METRIC_GAUGE,
				   "guest_memfd files its process holds", lab, x);
		mem = json_object_object_get(v, "memory");
		/* summed per backing kind: one series per label set */
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			uint64_t bytes = 0, maps = 0, b, mp;
			bool seen = false;

			for (size_t j = 0; mem && j < json_object_array_length(mem); j++) {
				json_object *e = json_object_array_get_idx(mem, j);

				if (strcmp(vmm_jget_str(e, "kind", ""), kinds[k]) ||
				    !vmm_jget_u64(e, "bytes", &b) || !vmm_jget_u64(e, "mappings", &mp))
					continue;
				bytes += b;
				maps += mp;
				seen = true;
			}
			if (!seen)
				continue;
			lab[6] = "backing";
			lab[7] = kinds[k];
			lab[8] = NULL;
			vmm_metric(m, "vmmctl_vm_memory_bytes", VMM_METRIC_GAUGE,
				   "guest memory mapped by its process, by backing", lab, bytes);
			vmm_metric(m, "vmmctl_vm_memory_mappings", VMM_METRIC_GAUGE,
				   "mappings of that memory, by backing", lab, maps);
			lab[6] = NULL;
		}
	}
}

/*
 * The last sample of `vm stats`: a cumulative KVM stat is a counter, an
 * instant or peak one a gauge, labelled by its name; histograms are left
 * out (their buckets have no fixed bounds to label).
 */
void vmm_vm_stats_metrics(json_object *res, struct vmm_metrics *m)
{
	json_object *samples = json_object_object_get(res, "samples"), *last, *stats;
	const char *lab[11];
	char pid[16];

	if (!samples || !json_object_array_length(samples))
		return;
	last = json_object_array_get_idx(samples, json_object_array_length(samples) - 1);
	stats = json_object_object_get(last, "stats");
	vm_labels(res, lab, pid);
	for (size_t i = 0; stats && i < json_object_array_length(stats); i++) {
		json_object *s = json_object_array_get_idx(stats, i);
		const char *type = vmm_jget_str(s, "type", "");
		uint64_t v;

		if (!vmm_jget_u64(s, "value", &v))
			continue;
		lab[6] = "stat";
		lab[7] = vmm_jget_str(s, "name", "");
		lab[8] = NULL;
		if (!strcmp(type, "cumulative")) {
			vmm_metric(m, "vmmctl_vm_kvm_stat_total", VMM_METRIC_COUNTER,
				   "a cumulative KVM stat of the VM (its name says the unit)", lab, v);
		} else if (!strcmp(type, "instant") || !strcmp(type, "peak") ||
			   !strcmp(type, "unknown")) {
			lab[8] = "kind";
			lab[9] = type;
			lab[10] = NULL;
			vmm_metric(m, "vmmctl_vm_kvm_stat", VMM_METRIC_GAUGE,
				   "an instant or peak KVM stat of the VM (its name says the unit)",
				   lab, v);
		}
	}
}

/* ---- text ---------------------------------------------------------------------- */

/* "hugetlb:anon_hugepage 4.0G, anon 1.0G" */
static void mem_summary(json_object *mem, char *buf, size_t len)
{
	size_t off = 0;
	char size[32];

	buf[0] = '\0';
	for (size_t i = 0; mem && i < json_object_array_length(mem) && off < len; i++) {
		json_object *m = json_object_array_get_idx(mem, i);
		const char *name = vmm_jget_str(m, "name", NULL);
		json_object *b = NULL;
		int n;

		json_object_object_get_ex(m, "bytes", &b);
		vmm_text_bytes(json_object_get_uint64(b), size, sizeof(size));
		n = snprintf(buf + off, len - off, "%s%s%s%s %s", i ? ", " : "",
			     vmm_jget_str(m, "kind", "?"), name ? ":" : "", name ? name : "", size);
		off += n > 0 ? (size_t)n : 0;
	}
	if (!buf[0])
		snprintf(buf, len, "-");
}

static const char *const list_head[] = { "ID", "PID", "TID", "COMM", "FD", "VCPUS", "GMEM",
					 "DEBUGFS", "MEMORY" };
#define LIST_COLS (sizeof(list_head) / sizeof(list_head[0]))

static void list_row(json_object *v, char cells[LIST_COLS][256])
{
	static const char *const keys[] = { "id", "pid", "tid", "comm", "fd", "vcpus",
					     "guest_memfd" };
	const char *dbg = vmm_jget_str(v, "debugfs", NULL);
	json_object *mem = NULL;

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		snprintf(cells[k], sizeof(cells[k]), "%s", vmm_jget_str(v, keys[k], "-"));
	/* the directory name says it all; JSON has the whole path */
	snprintf(cells[7], sizeof(cells[7]), "%s", dbg && strrchr(dbg, '/') ?
		 strrchr(dbg, '/') + 1 : "-");
	json_object_object_get_ex(v, "memory", &mem);
	mem_summary(mem, cells[8], sizeof(cells[8]));
	for (size_t k = 0; k < LIST_COLS; k++)
		vmm_text_safe(cells[k]);
}

void vmm_vm_list_text(json_object *vms, FILE *f)
{
	char cells[LIST_COLS][256];
	int w[LIST_COLS];
	size_t rows;

	rows = json_object_array_length(vms);
	for (size_t k = 0; k < LIST_COLS; k++)
		w[k] = (int)strlen(list_head[k]);
	for (size_t r = 0; r < rows; r++) {
		list_row(json_object_array_get_idx(vms, r), cells);
		for (size_t k = 0; k < LIST_COLS; k++)
			if ((int)strlen(cells[k]) > w[k])
				w[k] = (int)strlen(cells[k]);
	}
	for (size_t k = 0; k < LIST_COLS; k++)
		fprintf(f, "%-*s%s", k + 1 < LIST_COLS ? w[k] : 0, list_head[k],
			k + 1 < LIST_COLS ? "  " : "\n");
	for (size_t r = 0; r < rows; r++) {
		list_row(json_object_array_get_idx(vms, r), cells);
		for (size_t k = 0; k < LIST_COLS; k++)
			fprintf(f, "%-*s%s", k + 1 < LIST_COLS ? w[k] : 0, cells[k],
				k + 1 < LIST_COLS ? "  " : "\n");
	}
}

void vmm_vm_stats_text(json_object *res, FILE *f)
{
	json_object *samples = NULL;

	json_object_object_get_ex(res, "samples", &samples);
	fprintf(f, "vm %s: %s stats, %s interval(s) of %s s\n", vmm_jget_str(res, "vm", "?"),
		vmm_jget_str(res, "source", "?"), vmm_jget_str(res, "count", "?"),
		vmm_jget_str(res, "interval_s", "?"));
	for (size_t i = 0; samples && i < json_object_array_length(samples); i++) {
		json_object *s = json_object_array_get_idx(samples, i), *stats = NULL, *ns = NULL;
		int w = 4;

		json_object_object_get_ex(s, "stats", &stats);
		json_object_object_get_ex(s, "elapsed_ns", &ns);
		for (size_t k = 0; stats && k < json_object_array_length(stats); k++) {
			json_object *e = json_object_array_get_idx(stats, k);
			int n = (int)strlen(vmm_jget_str(e, "name", ""));

			w = n > w ? n : w;
		}
		fprintf(f, "\ninterval %s (%.3f s)\n", vmm_jget_str(s, "index", "?"),
			(double)json_object_get_uint64(ns) / 1e9);
		fprintf(f, "%-*s  %-11s  %20s  %12s  %12s\n", w, "NAME", "TYPE", "VALUE", "DELTA",
			"RATE/S");
		for (size_t k = 0; stats && k < json_object_array_length(stats); k++) {
			json_object *e = json_object_array_get_idx(stats, k);

			fprintf(f, "%-*s  %-11s  %20s  %12s  %12s\n", w, vmm_jget_str(e, "name", "?"),
				vmm_jget_str(e, "type", "?"), vmm_jget_str(e, "value", "?"),
				vmm_jget_str(e, "delta", "-"), vmm_jget_str(e, "rate", "-"));
		}
	}
}
