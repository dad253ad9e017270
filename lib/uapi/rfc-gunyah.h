/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Gunyah VM manager, RFC-ONLY (spec/UAPI.md B.9): the ABI of the series
 * "Drivers for gunyah hypervisor" v8 (Elliot Berman, 2022-12-19), patch 14/28
 * "gunyah: vm_mgr: Add/remove user memory regions". No mainline kernel has a
 * Gunyah VM manager; later revisions renamed everything GUNYAH_* and replaced
 * user memory regions with a guest_memfd, so these numbers are issued only
 * for a VM created with the explicit `vm create --hv gunyah`.
 */
#ifndef VMM_UAPI_RFC_GUNYAH_H
#define VMM_UAPI_RFC_GUNYAH_H

#include "ioc.h"

#define VMM_GH_IOCTL_TYPE	0x47u	/* 'G' */

/* Region flags: guest access, and lend (the host loses access) instead of share. */
#define VMM_GH_MEM_ALLOW_READ	(1u << 0)
#define VMM_GH_MEM_ALLOW_WRITE	(1u << 1)
#define VMM_GH_MEM_ALLOW_EXEC	(1u << 2)
#define VMM_GH_MEM_LENT		(1u << 3)
#define VMM_GH_MEM_KNOWN	(VMM_GH_MEM_ALLOW_READ | VMM_GH_MEM_ALLOW_WRITE | \
				 VMM_GH_MEM_ALLOW_EXEC | VMM_GH_MEM_LENT)

/* struct gh_userspace_memory_region; memory_size 0 removes the region with label. */
struct vmm_gh_user_mem_region {
	uint32_t label;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
};
VMM_ASSERT_SIZE(struct vmm_gh_user_mem_region, 32);
VMM_ASSERT_OFF(struct vmm_gh_user_mem_region, label, 0);
VMM_ASSERT_OFF(struct vmm_gh_user_mem_region, flags, 4);
VMM_ASSERT_OFF(struct vmm_gh_user_mem_region, guest_phys_addr, 8);
VMM_ASSERT_OFF(struct vmm_gh_user_mem_region, memory_size, 16);
VMM_ASSERT_OFF(struct vmm_gh_user_mem_region, userspace_addr, 24);

/* On /dev/gunyah, no argument: returns a VM fd. */
#define VMM_GH_CREATE_VM		VMM_IO(VMM_GH_IOCTL_TYPE, 0x0u)
/* On the VM fd. */
#define VMM_GH_VM_SET_USER_MEM_REGION	VMM_IOW(VMM_GH_IOCTL_TYPE, 0x1u, \
						sizeof(struct vmm_gh_user_mem_region))

_Static_assert(VMM_GH_CREATE_VM == 0x4700, "GH_CREATE_VM");
_Static_assert(VMM_GH_VM_SET_USER_MEM_REGION == 0x40204701, "GH_VM_SET_USER_MEM_REGION");

#endif
