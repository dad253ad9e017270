// SPDX-License-Identifier: GPL-3.0-or-later
#include "mte.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long vmm_mte_kvm_copy(struct vmm_sys *s, int vm_fd, uint64_t ipa, uint64_t len, void *tags,
		      bool to_guest)
{
	struct vmm_kvm_copy_mte_tags c;

	memset(&c, 0, sizeof(c));
	c.guest_ipa = ipa;
	c.length = len;
	c.addr = (uintptr_t)tags;
	c.flags = to_guest ? VMM_KVM_ARM_TAGS_TO_GUEST : VMM_KVM_ARM_TAGS_FROM_GUEST;
	return vmm_sys_ioctl(s, vm_fd, VMM_KVM_ARM_MTE_COPY_TAGS, "KVM_ARM_MTE_COPY_TAGS", &c);
}

long vmm_mte_ptrace_copy(struct vmm_sys *s, pid_t pid, uint64_t addr, uint64_t len, void *tags,
			 bool to_target)
{
	size_t n = len / VMM_MTE_GRANULE;
	int ret;

	ret = vmm_sys_ptrace_tags(s, pid, to_target, addr, tags, &n);
	return ret < 0 ? ret : (long)(n * VMM_MTE_GRANULE);
}

long vmm_mte_kvm_copy_fn(void *ctx, uint64_t addr, uint64_t len, uint8_t *tags, bool to_target)
{
	struct vmm_mte_kvm_ctx *k = ctx;

	return vmm_mte_kvm_copy(k->s, k->vm_fd, addr, len, tags, to_target);
}

long vmm_mte_proc_copy_fn(void *ctx, uint64_t addr, uint64_t len, uint8_t *tags, bool to_target)
{
	struct vmm_mte_proc_ctx *p = ctx;

	return vmm_mte_ptrace_copy(p->s, p->pid, addr, len, tags, to_target);
}

/* Run bookkeeping: merge adjacent runs of the same kind before reporting. */
struct run {
	bool open, copied;
	uint64_t start, end;
};

static int run_add(struct vmm_mte_walk *w, struct run *r, uint64_t start, uint64_t end,
		   bool copied)
{
	int ret = 0;

	if (r->open && r->copied == copied && r->end == start) {
		r->end = end;
		return 0;
	}
	if (r->open && w->range)
		ret = w->range(w->arg, r->start, r->end, r->copied);
	*r = (struct run){ true, copied, start, end };
	return ret;
}

int vmm_mte_walk(struct vmm_mte_walk *w, uint64_t start, uint64_t end)
{
	uint64_t pos = start, n;
	struct run r = { 0 };
	uint8_t *bufs[2] = { NULL, NULL }, *tags;
	unsigned int cur = 0;
	long got;
	int ret = 0;

	w->copied = w->missing = w->calls = 0;
	if (!w->chunk || !w->step || w->chunk % w->step)
		return -EINVAL;
	bufs[0] = malloc(w->chunk / VMM_MTE_GRANULE);
	bufs[1] = w->double_buffer ? malloc(w->chunk / VMM_MTE_GRANULE) : bufs[0];
	if (!bufs[0] || !bufs[1]) {
		ret = -ENOMEM;
		goto out;
	}
	while (pos < end && !ret) {
		/* with two buffers, take may still use the last one during this copy */
		tags = bufs[cur];
		cur ^= w->double_buffer;
		n = end - pos < w->chunk ? end - pos : w->chunk;
		if (w->to_target && w->fill) {
			ret = w->fill(w->arg, pos, n, &tags);
			if (ret)
				break;
		}
		got = w->copy(w->ctx, pos, n, tags, w->to_target);
		w->calls++;
		if (got < 0 && got != -w->hole_err) {
			ret = (int)got;
			break;
		}
		if (got > (long)n)	/* never: the kernel reports at most what it was given */
			got = (long)n;
		if (got > 0) {
			if (!w->to_target && w->take)
				ret = w->take(w->arg, pos, (uint64_t)got, tags);
			if (!ret)
				ret = run_add(w, &r, pos, pos + (uint64_t)got, true);
			w->copied += (uint64_t)got;
			pos += (uint64_t)got;
			if ((uint64_t)got == n || ret)
				goto next;
		}
		/* the copy stopped at pos: that page is not there; go on after it */
		n = end - pos < w->step ? end - pos : w->step;
		ret = run_add(w, &r, pos, pos + n, false);
		w->missing += n;
		pos += n;
next:
		if (w->progress)
			w->progress(w->arg, pos - start, end - start);
	}
	if (!ret && r.open && w->range)
		ret = w->range(w->arg, r.start, r.end, r.copied);
out:
	/* take may still be working on the last buffer */
	if (w->drain) {
		int dret = w->drain(w->arg);

		ret = ret ? ret : dret;
	}
	if (bufs[1] != bufs[0])
		free(bufs[1]);
	free(bufs[0]);
	return ret;
}

/* "START-END PERMS OFFSET DEV INODE [PATH]" opens a mapping's block. */
static int map_line(const char *line, struct vmm_mte_map *m)
{
	unsigned long long a, b;
	int off = 0;
	char perms[5];

	if (sscanf(line, "%llx-%llx %4s %*s %*s %*s%n", &a, &b, perms, &off) != 3 || !off)
		return 0;
	memset(m, 0, sizeof(*m));
	m->start = a;
	m->end = b;
	memcpy(m->perms, perms, sizeof(perms));
	line += off;
	while (*line == ' ')
		line++;
	snprintf(m->path, sizeof(m->path), "%.*s", (int)strcspn(line, "\n"), line);
	return 1;
}

static bool has_mt(const char *flags)
{
	for (const char *p = flags; *p; ) {
		size_t n;

		p += strspn(p, " \t");
		n = strcspn(p, " \t\n");
		if (n == 2 && p[0] == 'm' && p[1] == 't')
			return true;
		if (!n)
			break;
		p += n;
	}
	return false;
}

int vmm_mte_parse_smaps(const char *text, struct vmm_mte_map **maps)
{
	struct vmm_mte_map *out = NULL, *tmp, m;
	int n = 0, cap = 0;

	*maps = NULL;
	for (const char *line = text; line && *line; ) {
		const char *nl = strchr(line, '\n');

		if (map_line(line, &m)) {
			if (m.end <= m.start)
				goto bad;
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				tmp = realloc(out, (size_t)cap * sizeof(*out));
				if (!tmp) {
					free(out);
					return -ENOMEM;
				}
				out = tmp;
			}
			out[n++] = m;
		} else if (!strncmp(line, "VmFlags:", 8) && n) {
			char flags[256];

			snprintf(flags, sizeof(flags), "%.*s",
				 (int)(nl ? (size_t)(nl - line - 8) : strlen(line + 8)), line + 8);
			out[n - 1].mte = has_mt(flags);
		}
		line = nl ? nl + 1 : NULL;
	}
	*maps = out;
	return n;
bad:
	free(out);
	return -EINVAL;
}

int vmm_mte_read_maps(struct vmm_sys *s, pid_t pid, struct vmm_mte_map **maps)
{
	char path[64], *buf;
	ssize_t len;
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	len = vmm_sys_read_all(s, path, 64u << 20, &buf);
	if (len < 0)
		return (int)len;
	ret = vmm_mte_parse_smaps(buf, maps);
	free(buf);
	if (ret == -EINVAL)
		vmm_sys_fail(s, EINVAL, "parse", path);
	return ret;
}

/* ---- a second thread for what follows a copy ------------------------------- */

static void *pipe_main(void *arg)
{
	struct vmm_mte_pipe *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->busy && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (!p->busy)
			break;
		pthread_mutex_unlock(&p->mu);
		/* one job at a time and only after the last failure: no lock needed */
		if (!p->err)
			p->err = p->fn(p->arg, p->addr, p->len, p->buf);
		pthread_mutex_lock(&p->mu);
		p->busy = false;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int vmm_mte_pipe_start(struct vmm_mte_pipe *p, int (*fn)(void *, uint64_t, uint64_t,
		       const uint8_t *), void *arg)
{
	memset(p, 0, sizeof(*p));
	p->fn = fn;
	p->arg = arg;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->th, NULL, pipe_main, p))
		return -EAGAIN;
	p->started = true;
	return 0;
}

int vmm_mte_pipe_wait(struct vmm_mte_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->busy)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return p->err;
}

int vmm_mte_pipe_put(struct vmm_mte_pipe *p, uint64_t addr, uint64_t len, const uint8_t *buf)
{
	int ret = vmm_mte_pipe_wait(p);

	if (ret)
		return ret;
	pthread_mutex_lock(&p->mu);
	p->addr = addr;
	p->len = len;
	p->buf = buf;
	p->busy = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int vmm_mte_pipe_finish(struct vmm_mte_pipe *p)
{
	if (!p->started)
		return p->err;
	vmm_mte_pipe_wait(p);
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	p->started = false;
	return p->err;
}
