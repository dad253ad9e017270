// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * `vmmctl top`'s model: the VMs of one scan of /proc kept across refreshes
 * by their id, each sampled from its debugfs directory; a VM whose process
 * exits between two reads is simply not in the next refresh.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyp.h"
#include "kvm_debugfs.h"
#include "procfs.h"
#include "ptdump.h"
#include "top.h"

#define S2_CHUNK	(1u << 20)

static const char *const rate_names[VMM_TOP__RATES] = {
	"exits", "halt", "mmio", "hvc", "wfx", "signal",
};

/*
 * KVM 7.3's names (arch/arm64/kvm/guest.c, arch/x86/kvm/x86.c): the two
 * arches share none but exits, halt_wakeup and signal_exits, so one list
 * serves both.
 */
static const char *const rate_stats[VMM_TOP__RATES][4] = {
	{ "exits" },
	{ "halt_wakeup" },
	{ "mmio_exit_user", "mmio_exit_kernel", "mmio_exits" },
	{ "hvc_exit_stat", "hypercalls" },
	{ "wfi_exit_stat", "wfe_exit_stat", "halt_exits" },
	{ "signal_exits" },
};

const char *vmm_top_rate_name(enum vmm_top_rate r)
{
	return rate_names[r];
}

const char *const *vmm_top_rate_stats(enum vmm_top_rate r)
{
	return rate_stats[r];
}

void vmm_top_init(struct vmm_top *t, bool s2)
{
	memset(t, 0, sizeof(*t));
	t->s2 = s2;
}

static void row_free(struct vmm_top_row *r)
{
	vmm_stats_free(&r->cur);
	vmm_stats_free(&r->prev);
}

void vmm_top_free(struct vmm_top *t)
{
	for (int i = 0; i < t->n; i++)
		row_free(&t->rows[i]);
	free(t->rows);
	free(t->hyp_last);
	memset(t, 0, sizeof(*t));
}

static struct vmm_top_row *row_of(struct vmm_top *t, const char *id)
{
	struct vmm_top_row *r;

	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->rows[i].id, id))
			return &t->rows[i];
	if (t->n == t->cap) {
		int cap = t->cap ? 2 * t->cap : 16;
		struct vmm_top_row *p = realloc(t->rows, (size_t)cap * sizeof(*p));

		if (!p)
			return NULL;
		t->rows = p;
		t->cap = cap;
	}
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", id);
	return r;
}

bool vmm_top_stat_rate(const struct vmm_top_row *r, const struct vmm_stat *st, double *rate)
{
	const struct vmm_stat *p;

	if (!r->prev_ns || r->cur_ns <= r->prev_ns || !vmm_stat_is_counter(st))
		return false;
	p = vmm_stats_find(&r->prev, st->name, (int)(st - r->cur.v));
	if (!p || p->value > st->value)		/* reset (the files are 0644) */
		return false;
	*rate = (double)(st->value - p->value) * 1e9 / (double)(r->cur_ns - r->prev_ns);
	return true;
}

static void rates(struct vmm_top_row *r)
{
	for (int k = 0; k < VMM_TOP__RATES; k++) {
		const char *const *names = vmm_top_rate_stats(k);
		double sum = 0, v;

		r->rate_ok[k] = r->count_ok[k] = false;
		r->count[k] = 0;
		for (int j = 0; j < 4 && names[j]; j++) {
			const struct vmm_stat *st = vmm_stats_find(&r->cur, names[j], -1);

			if (!st)
				continue;
			r->count[k] += st->value;
			r->count_ok[k] = true;
			if (vmm_top_stat_rate(r, st, &v)) {
				sum += v;
				r->rate_ok[k] = true;
			}
		}
		r->rate[k] = sum;
	}
}

/* A new sample of the row's counters; false when its directory is gone. */
static bool sample(struct vmm_sys *s, struct vmm_top *t, struct vmm_top_row *r, uint64_t now)
{
	struct vmm_stats st;

	if (!*r->debugfs)
		return true;
	if (vmm_kvm_debugfs_stats(s, r->debugfs, &st)) {
		vmm_sys_clear(s);
		return false;
	}
	if (st.refused && !t->refused)
		t->refused_err = st.refused_err;
	t->refused += st.refused;
	vmm_stats_free(&r->prev);
	r->prev = r->cur;
	r->prev_ns = r->cur_ns;
	r->cur = st;
	r->cur_ns = now;
	rates(r);
	return true;
}

/* Streamed in chunks: a dump of a large guest is gigabytes, a live view's memory is not. */
int vmm_top_s2_mapped(struct vmm_sys *s, const char *debugfs, uint64_t *bytes)
{
	char path[PATH_MAX], *buf = malloc(S2_CHUNK);
	struct vmm_s2_dump d;
	struct vmm_s2_acc acc;
	ssize_t n;
	int fd, ret = 0;

	if (!buf)
		return -ENOMEM;
	snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s/stage2_page_tables", debugfs);
	fd = vmm_sys_open(s, path, O_RDONLY);
	if (fd < 0) {
		free(buf);
		return fd;
	}
	vmm_s2_init(&d);
	vmm_s2_acc_init(&acc);
	d.sink = vmm_s2_acc_sink;
	d.sink_priv = &acc;
	while (!ret && (n = vmm_sys_read(s, fd, buf, S2_CHUNK, path)) > 0)
		ret = vmm_s2_feed(&d, buf, (size_t)n);
	if (!ret && n < 0)
		ret = (int)n;
	if (!ret)
		ret = vmm_s2_finish(&d);
	if (!ret)
		*bytes = acc.s.mapped_bytes;
	vmm_s2_free(&d);
	vmm_sys_close(fd);
	free(buf);
	return ret;
}

/* The oldest stage-2 values first, a few a refresh, none fresher than VMM_TOP_S2_EVERY_NS. */
static void stage2(struct vmm_sys *s, struct vmm_top *t, uint64_t now)
{
	t->s2_reads = 0;
	while (t->s2 && t->s2_reads < VMM_TOP_S2_PER_REFRESH) {
		struct vmm_top_row *old = NULL;
		int ret;

		for (int i = 0; i < t->n; i++) {
			struct vmm_top_row *r = &t->rows[i];

			if (!*r->debugfs || r->s2_err == ENOENT || r->s2_err == ERANGE ||
			    (r->s2_ns && now - r->s2_ns < VMM_TOP_S2_EVERY_NS))
				continue;
			if (!old || r->s2_ns < old->s2_ns)
				old = r;
		}
		if (!old)
			return;
		ret = vmm_top_s2_mapped(s, old->debugfs, &old->s2_mapped);
		vmm_sys_clear(s);
		old->s2_ns = now;
		old->s2_known = !ret;
		old->s2_err = ret < 0 ? -ret : 0;
		t->s2_reads++;
	}
}

static struct vmm_top_row *row_by_vm(struct vmm_top *t, int32_t pid, int32_t fd)
{
	for (int i = 0; i < t->n; i++)
		if (t->rows[i].pid == pid && t->rows[i].fd == fd)
			return &t->rows[i];
	return NULL;
}

/*
 * The lines of one CPU's buffer after the one marked at the refresh before
 * (all of them when it is not there: the buffer wrapped or was cleared)
 * into sm; the mark moves to its last line. The first read only marks.
 */
static void hyp_cpu(struct vmm_top *t, int cpu, const char *text, struct vmm_hyp_sum *sm,
		    const struct vmm_hyp_vcpu *vc, int nv)
{
	char *mark = t->hyp_last[cpu];
	const char *from = text, *last = NULL, *p;
	size_t n, mlen = strlen(mark);

	for (p = text; *p; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		last = p;
		/* a mark of VMM_TOP_HYP_LINE - 1 bytes is a longer line's start */
		if (mlen && (n == mlen || (mlen == VMM_TOP_HYP_LINE - 1 && n > mlen)) &&
		    !memcmp(p, mark, mlen))
			from = p + n + (p[n] == '\n');		/* the last time the mark is seen */
	}
	for (p = t->hyp_ready ? from : p; *p; p += n + (p[n] == '\n')) {
		struct vmm_hyp_rec rec;
		const char *why;

		n = strcspn(p, "\n");
		/* `hyp trace show` names a bad line; a live view skips it */
		if (!vmm_hyp_parse_line(p, n, &rec, &why) && vmm_hyp_sum_add(sm, &rec, vc, nv))
			break;
	}
	n = last ? strcspn(last, "\n") : 0;
	if (n >= VMM_TOP_HYP_LINE)
		n = VMM_TOP_HYP_LINE - 1;
	memcpy(mark, last ? last : "", n);
	mark[n] = 0;
}

/* Each row's time at EL2 since the refresh before, while the remote traces. */
static void hyp_time(struct vmm_sys *s, struct vmm_top *t)
{
	char dir[PATH_MAX - 64], path[PATH_MAX], on[8] = "", *text;
	struct vmm_hyp_vcpu *vc = NULL;
	struct vmm_hyp_sum sm;
	int nv, cpu;

	for (int i = 0; i < t->n; i++)
		t->rows[i].hyp_ok = false;
	t->hyp_on = t->hyp_remote = false;
	vmm_hyp_sum_init(&sm);
	if (vmm_hyp_dir(s, dir, sizeof(dir)))
		goto out;
	t->hyp_remote = true;
	snprintf(path, sizeof(path), "%s/tracing_on", dir);
	if (vmm_sys_read_file(s, path, on, sizeof(on)) <= 0 || on[0] != '1')
		goto out;
	if (!t->hyp_last) {
		t->hyp_last = calloc(VMM_TOP_HYP_CPUS, sizeof(*t->hyp_last));
		if (!t->hyp_last)
			goto out;
	}
	nv = vmm_hyp_vcpus(s, &vc);
	for (cpu = 0; cpu < VMM_TOP_HYP_CPUS; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/trace", dir, cpu);
		text = NULL;
		if (vmm_sys_read_all(s, path, 64u << 20, &text) < 0)
			break;		/* the CPUs are numbered from 0 up */
		hyp_cpu(t, cpu, text, &sm, vc, nv > 0 ? nv : 0);
		free(text);
	}
	t->hyp_on = cpu > 0;
	for (int g = 0; t->hyp_on && t->hyp_ready && g < sm.ngroups; g++) {
		const struct vmm_hyp_group *gr = &sm.groups[g];
		struct vmm_top_row *r = gr->vm_pid > 0 ? row_by_vm(t, gr->vm_pid, gr->vm_fd) : NULL;

		if (!r)
			continue;
		for (int k = 0; k < VMM_HYP__REASONS; k++)
			for (size_t j = 0; j < gr->nns[k]; j++)
				r->hyp_ns += gr->ns[k][j];
	}
	for (int i = 0; t->hyp_on && t->hyp_ready && i < t->n; i++)
		t->rows[i].hyp_ok = true;
	t->hyp_ready = t->hyp_on;
out:
	if (!t->hyp_on)
		t->hyp_ready = false;
	vmm_hyp_sum_free(&sm);
	free(vc);
	vmm_sys_clear(s);
}

int vmm_top_refresh(struct vmm_sys *s, struct vmm_top *t, uint64_t now_ns)
{
	struct vmm_proc_scan sc;
	int ret, k = 0;

	ret = vmm_proc_scan(s, 0, &sc);
	if (ret)
		return ret;
	t->gen++;
	t->prev_ns = t->now_ns;
	t->now_ns = now_ns;
	t->unreadable = sc.unreadable;
	t->debugfs_err = sc.debugfs_err;
	t->refused = t->refused_err = 0;
	for (int i = 0; i < sc.nvms; i++) {
		const struct vmm_proc_vm *v = &sc.vms[i];
		const struct vmm_proc *p = &sc.procs[v->proc];
		struct vmm_top_row *r;
		char id[32];

		snprintf(id, sizeof(id), "%d-%d", v->pid, v->fd);
		r = row_of(t, id);
		if (!r) {
			ret = -ENOMEM;
			goto out;
		}
		r->pid = v->pid;
		r->fd = v->fd;
		r->tid = v->tid;
		r->vcpus = v->vcpus;
		snprintf(r->comm, sizeof(r->comm), "%s", p->comm);
		snprintf(r->debugfs, sizeof(r->debugfs), "%s", v->debugfs);
		r->mem_bytes = 0;
		for (int j = 0; j < p->nmem; j++)
			r->mem_bytes += p->mem[j].bytes;
		if (sample(s, t, r, now_ns))
			r->gen = t->gen;
	}
	/* the VMs not seen again, or whose directory went with them, are gone */
	for (int i = 0; i < t->n; i++) {
		if (t->rows[i].gen != t->gen) {
			row_free(&t->rows[i]);
			continue;
		}
		t->rows[k++] = t->rows[i];
	}
	t->n = k;
	for (int i = 0; i < t->n; i++)
		t->rows[i].hyp_ns = 0;
	hyp_time(s, t);
	stage2(s, t, now_ns);
out:
	vmm_proc_scan_free(&sc);
	return ret;
}
