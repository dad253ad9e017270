// SPDX-License-Identifier: GPL-3.0-or-later
#include "iommufd_proc.h"
#include "procfs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * /dev/iommu, or a VMM's own /dev bound inside a chroot or jail (QEMU under
 * a chroot, Firecracker's jailer): its link reads ROOT/dev/iommu from here.
 */
int vmm_iommufd_link_is(const char *target)
{
	static const char dev[] = "/dev/iommu";
	size_t n = strlen(target);

	return target[0] == '/' && n >= sizeof(dev) - 1 &&
	       !strcmp(target + n - (sizeof(dev) - 1), dev);
}

struct fds_walk {
	int *fds;
	int n, max;
};

static int num(const char *s, long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtol(s, &end, 10);
	return *end || errno || *v > INT32_MAX ? -1 : 0;
}

static int fds_cb(void *arg, const char *name, const char *target)
{
	struct fds_walk *w = arg;
	long fd;

	if (num(name, &fd) || !vmm_iommufd_link_is(target))
		return 0;
	if (w->n < w->max)
		w->fds[w->n] = (int)fd;
	w->n++;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

int vmm_iommufd_proc_fds(struct vmm_sys *s, int32_t pid, int *fds, int max)
{
	struct fds_walk w = { fds, 0, max };
	char path[64];
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	ret = vmm_sys_scan_links(s, path, fds_cb, &w);
	/* links it could not read are reported only when none was an iommufd */
	if (ret < 0 && (w.n == 0 || (ret != -EACCES && ret != -EPERM)))
		return ret;
	if (w.n > max)
		w.n = max;
	qsort(fds, (size_t)w.n, sizeof(*fds), cmp_int);
	return w.n;
}

struct scan_walk {
	struct vmm_sys *s;
	struct vmm_iommufd_holder *h;
	int n, cap, unreadable;
	int err;
};

static int proc_cb(void *arg, const char *name, unsigned char type)
{
	struct scan_walk *w = arg;
	struct vmm_iommufd_holder *tmp;
	int fds[16], n;
	char comm[64];
	long pid;

	(void)type;
	if (num(name, &pid))
		return 0;
	n = vmm_iommufd_proc_fds(w->s, (int32_t)pid, fds, 16);
	if (n == -EACCES || n == -EPERM)
		w->unreadable++;
	if (n <= 0)
		return 0;
	if (vmm_proc_comm(w->s, (int32_t)pid, comm, sizeof(comm)))
		comm[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 8;
			tmp = realloc(w->h, (size_t)w->cap * sizeof(*tmp));
			if (!tmp) {
				w->err = -ENOMEM;
				return 1;
			}
			w->h = tmp;
		}
		w->h[w->n].pid = (int32_t)pid;
		w->h[w->n].fd = fds[i];
		snprintf(w->h[w->n].comm, sizeof(w->h[w->n].comm), "%s", comm);
		w->n++;
	}
	return 0;
}

static int cmp_holder(const void *a, const void *b)
{
	const struct vmm_iommufd_holder *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

int vmm_iommufd_proc_scan(struct vmm_sys *s, struct vmm_iommufd_holder **out, int *unreadable)
{
	struct scan_walk w = { .s = s };
	int ret;

	*out = NULL;
	*unreadable = 0;
	ret = vmm_sys_scan_dir(s, "/proc", proc_cb, &w);
	if (w.err || ret < 0) {
		free(w.h);
		return w.err ? vmm_sys_record(s, ENOMEM, "opendir", NULL, "/proc") : ret;
	}
	vmm_sys_clear(s);
	if (w.n)
		qsort(w.h, (size_t)w.n, sizeof(*w.h), cmp_holder);
	*out = w.h;
	*unreadable = w.unreadable;
	return w.n;
}

int vmm_iommufd_grab(struct vmm_sys *s, int32_t pid, int target_fd)
{
	int pidfd, fd;

	pidfd = vmm_sys_pidfd_open(s, pid);
	if (pidfd < 0)
		return pidfd;
	fd = vmm_sys_pidfd_getfd(s, pidfd, target_fd);
	vmm_sys_close(pidfd);
	return fd;
}
