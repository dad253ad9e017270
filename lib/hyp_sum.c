// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Who a hypervisor event's vcpu pid is, and the summary of a window of
 * events: hyp_enter/hyp_exit paired per CPU, counted per VM and reason.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyp.h"
#include "kvm_debugfs.h"
#include "procfs.h"

struct vcpus {
	struct vmm_hyp_vcpu *v;
	int n, cap;
};

static int vcpu_add(struct vcpus *a, int32_t pid, const struct vmm_proc_vm *vm, int idx)
{
	if (a->n == a->cap) {
		int cap = a->cap ? 2 * a->cap : 16;
		struct vmm_hyp_vcpu *t = realloc(a->v, (size_t)cap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		a->v = t;
		a->cap = cap;
	}
	a->v[a->n++] = (struct vmm_hyp_vcpu){ pid, vm->pid, vm->fd, idx };
	return 0;
}

/*
 * vcpuN/pid of a VM's debugfs directory (x86 has them; arm64 does not
 * create vCPU directories): how many it added, or -ENOMEM.
 */
static int from_debugfs(struct vmm_sys *s, const struct vmm_proc_vm *vm, struct vcpus *a)
{
	int n = vmm_kvm_debugfs_vcpus(s, vm->debugfs), added = 0;

	for (int i = 0; i < n; i++) {
		char path[PATH_MAX], buf[32];
		uint64_t pid;

		snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s/vcpu%d/pid", vm->debugfs, i);
		if (vmm_sys_read_file(s, path, buf, sizeof(buf)) < 0 ||
		    vmm_kvm_debugfs_parse_value(buf, &pid) || !pid || pid > INT32_MAX)
			continue;
		if (vcpu_add(a, (int32_t)pid, vm, i))
			return -ENOMEM;
		added++;
	}
	vmm_sys_clear(s);
	return added;
}

static int add_thread(void *arg, const char *name, unsigned char type)
{
	void **ctx = arg;
	struct vcpus *a = ctx[0];
	const struct vmm_proc_vm *vm = ctx[1];

	(void)type;
	return vcpu_add(a, (int32_t)atoi(name), vm, -1);
}

/* Without debugfs: every thread of a process with a single VM may run it. */
static int from_tasks(struct vmm_sys *s, const struct vmm_proc_vm *vm, struct vcpus *a)
{
	char path[64];
	void *ctx[2] = { a, (void *)vm };
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/task", vm->pid);
	ret = vmm_sys_scan_dir(s, path, add_thread, ctx);
	if (ret == -ENOMEM)
		return ret;
	vmm_sys_clear(s);
	return 0;
}

int vmm_hyp_vcpus(struct vmm_sys *s, struct vmm_hyp_vcpu **out)
{
	struct vmm_proc_scan sc;
	struct vcpus a = { 0 };
	int ret;

	*out = NULL;
	ret = vmm_proc_scan(s, 0, &sc);
	if (ret)
		return ret;
	for (int i = 0; i < sc.nvms && !ret; i++) {
		const struct vmm_proc_vm *vm = &sc.vms[i];
		int n = *vm->debugfs ? from_debugfs(s, vm, &a) : 0;

		if (n < 0)
			ret = n;
		else if (!n && sc.procs[vm->proc].nvms == 1)
			ret = from_tasks(s, vm, &a);
		vmm_sys_clear(s);
	}
	vmm_proc_scan_free(&sc);
	if (ret) {
		free(a.v);
		return ret;
	}
	*out = a.v;
	return a.n;
}

const struct vmm_hyp_vcpu *vmm_hyp_vcpu_find(const struct vmm_hyp_vcpu *v, int n, int32_t pid)
{
	for (int i = 0; pid > 0 && i < n; i++)
		if (v[i].pid == pid)
			return &v[i];
	return NULL;
}

/* ---- summary ----------------------------------------------------------- */

void vmm_hyp_sum_init(struct vmm_hyp_sum *sm)
{
	memset(sm, 0, sizeof(*sm));
}

static struct vmm_hyp_group *group(struct vmm_hyp_sum *sm, const struct vmm_hyp_vcpu *v)
{
	int32_t pid = v ? v->vm_pid : 0, fd = v ? v->vm_fd : 0;
	struct vmm_hyp_group *t;

	for (int i = 0; i < sm->ngroups; i++)
		if (sm->groups[i].vm_pid == pid && sm->groups[i].vm_fd == fd)
			return &sm->groups[i];
	t = realloc(sm->groups, (size_t)(sm->ngroups + 1) * sizeof(*t));
	if (!t)
		return NULL;
	sm->groups = t;
	t = &sm->groups[sm->ngroups++];
	memset(t, 0, sizeof(*t));
	t->vm_pid = pid;
	t->vm_fd = fd;
	return t;
}

static int sample(struct vmm_hyp_group *g, int reason, uint64_t ns)
{
	if (g->nns[reason] == g->cap[reason]) {
		size_t cap = g->cap[reason] ? 2 * g->cap[reason] : 64;
		uint64_t *t = realloc(g->ns[reason], cap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		g->ns[reason] = t;
		g->cap[reason] = cap;
	}
	g->ns[reason][g->nns[reason]++] = ns;
	return 0;
}

static int pending_grow(struct vmm_hyp_sum *sm, int cpu)
{
	void *t;

	if (cpu < sm->pending_cpu_max)
		return 0;
	t = realloc(sm->pending, (size_t)(cpu + 1) * sizeof(*sm->pending));
	if (!t)
		return -ENOMEM;
	sm->pending = t;
	memset(&sm->pending[sm->pending_cpu_max], 0,
	       (size_t)(cpu + 1 - sm->pending_cpu_max) * sizeof(*sm->pending));
	sm->pending_cpu_max = cpu + 1;
	return 0;
}

static int32_t vcpu_of(const struct vmm_hyp_rec *r)
{
	const char *v = vmm_hyp_rec_arg(r, "vcpu");

	return v ? (int32_t)atoi(v) : 0;
}

/* A hyp_exit: the time since its CPU's hyp_enter, for the pair's vCPU. */
static int close_pair(struct vmm_hyp_sum *sm, const struct vmm_hyp_rec *r,
		      const struct vmm_hyp_vcpu *v, int nv)
{
	struct vmm_hyp_pending *p = &sm->pending[r->cpu];
	struct vmm_hyp_group *g;

	if (!p->set) {
		sm->unpaired++;		/* the window began inside the hypervisor */
		return 0;
	}
	p->set = false;
	g = group(sm, vmm_hyp_vcpu_find(v, nv, p->vcpu ?: vcpu_of(r)));
	if (!g)
		return -ENOMEM;
	if (r->ts_ns < p->ts || r->ts_ns - p->ts > VMM_HYP_PAIR_MAX_NS) {
		sm->clock_jumps++;
		return 0;
	}
	return sample(g, p->reason, r->ts_ns - p->ts);
}

int vmm_hyp_sum_add(struct vmm_hyp_sum *sm, const struct vmm_hyp_rec *r,
		    const struct vmm_hyp_vcpu *v, int nv)
{
	bool enter, exit_;
	int reason, ret;

	if (r->kind == VMM_HYP_REC_LOST) {
		sm->lost += r->n;
		if (r->cpu < sm->pending_cpu_max)
			sm->pending[r->cpu].set = false;
		return 0;
	}
	if (r->kind != VMM_HYP_REC_EVENT)
		return 0;
	enter = !strcmp(r->event, "hyp_enter");
	exit_ = !strcmp(r->event, "hyp_exit");
	if (!enter && !exit_)
		return 0;
	sm->events++;
	if (sm->events > 1) {
		if (r->ts_ns < sm->prev_ns || r->ts_ns - sm->prev_ns > VMM_HYP_STEP_MAX_NS)
			sm->clock_jumps++;
		else
			sm->window_ns += r->ts_ns - sm->prev_ns;
	}
	sm->prev_ns = r->ts_ns;
	ret = pending_grow(sm, r->cpu);
	if (ret)
		return ret;
	reason = vmm_hyp_reason_parse(vmm_hyp_rec_arg(r, "reason") ?: "");
	if (reason < 0)
		reason = VMM_HYP_UNKNOWN;
	if (enter) {
		struct vmm_hyp_group *g = group(sm, vmm_hyp_vcpu_find(v, nv, vcpu_of(r)));

		if (!g)
			return -ENOMEM;
		g->count[reason]++;
		if (reason == VMM_HYP_HOST_ABORT)
			sm->host_aborts++;
		sm->unpaired += sm->pending[r->cpu].set;
		sm->pending[r->cpu].set = true;
		sm->pending[r->cpu].ts = r->ts_ns;
		sm->pending[r->cpu].reason = reason;
		sm->pending[r->cpu].vcpu = vcpu_of(r);
		return 0;
	}
	return close_pair(sm, r, v, nv);
}

void vmm_hyp_sum_free(struct vmm_hyp_sum *sm)
{
	for (int i = 0; i < sm->ngroups; i++)
		for (int r = 0; r < VMM_HYP__REASONS; r++)
			free(sm->groups[i].ns[r]);
	free(sm->groups);
	free(sm->pending);
	memset(sm, 0, sizeof(*sm));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

void vmm_hyp_sum_sort(struct vmm_hyp_group *g)
{
	for (int r = 0; r < VMM_HYP__REASONS; r++)
		if (g->nns[r])
			qsort(g->ns[r], g->nns[r], sizeof(uint64_t), cmp_u64);
}

uint64_t vmm_hyp_quantile(const uint64_t *sorted, size_t n, double q)
{
	size_t k;

	if (!n)
		return 0;
	/* nearest rank: the smallest value with at least q of the samples at or below */
	k = (size_t)(q * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	return sorted[(k > n ? n : k) - 1];
}
