/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Other processes' iommufds: /dev/iommu fds found through /proc/PID/fd
 * (spec F.3: the link reads "/dev/iommu"; there is no fdinfo to say more)
 * and a duplicate taken with pidfd_getfd (spec F.2). iommufd checks no
 * creator, so every ioctl works on the duplicate, including the ones that
 * change the other process's context.
 */
#ifndef VMM_LIB_IOMMUFD_PROC_H
#define VMM_LIB_IOMMUFD_PROC_H

#include <stdint.h>

#include "sys.h"

/* Whether a /proc/PID/fd link target is an iommufd. */
int vmm_iommufd_link_is(const char *target);

/* The /dev/iommu fd numbers of pid, ascending, at most max: the count, or -errno. */
int vmm_iommufd_proc_fds(struct vmm_sys *s, int32_t pid, int *fds, int max);

struct vmm_iommufd_holder {
	int32_t pid;
	int32_t fd;
	char comm[64];
};
/*
 * Every /dev/iommu fd of every process whose fds this caller may read,
 * sorted by pid and fd; *out malloc'ed (NULL when none). The count or
 * -ENOMEM; *unreadable counts processes whose fd links were refused.
 */
int vmm_iommufd_proc_scan(struct vmm_sys *s, struct vmm_iommufd_holder **out, int *unreadable);

/* pidfd_open(pid) + pidfd_getfd(target_fd): our duplicate, or -errno. */
int vmm_iommufd_grab(struct vmm_sys *s, int32_t pid, int target_fd);

#endif
