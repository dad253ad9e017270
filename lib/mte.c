// SPDX-License-Identifier: GPL-3.0-or-later
#include "mte.h"

#include <errno.h>
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
	uint8_t *tags;
	long got;
	int ret = 0;

	w->copied = w->missing = w->calls = 0;
	if (!w->chunk || !w->step || w->chunk % w->step)
		return -EINVAL;
	tags = malloc(w->chunk / VMM_MTE_GRANULE);
	if (!tags)
		return -ENOMEM;
	while (pos < end && !ret) {
		n = end - pos < w->chunk ? end - pos : w->chunk;
		if (w->to_target && w->fill) {
			ret = w->fill(w->arg, pos, n, tags);
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
	free(tags);
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
