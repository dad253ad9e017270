/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef VMM_LIB_KVM_H
#define VMM_LIB_KVM_H

#include <stdbool.h>
#include <stdint.h>

#include "sys.h"
#include "uapi/kvm.h"

#define VMM_KVM_DEV "/dev/kvm"

/*
 * Opens /dev/kvm read-write and checks it is KVM: the fd, or -errno with
 * ENODEV (not a character device), ENOTTY (no answer to KVM_GET_API_VERSION)
 * or EPROTO (a version other than 12) beside open's own (lib/iface.h).
 */
int vmm_kvm_open(struct vmm_sys *s);
int vmm_kvm_api_version(struct vmm_sys *s, int kvm_fd);
/* KVM_CHECK_EXTENSION on /dev/kvm or a VM fd: the capability's value (>= 0). */
int vmm_kvm_check_cap(struct vmm_sys *s, int fd, unsigned int cap);
/*
 * A capability's value in words where the number is a bitmap or a size
 * (block sizes, register mask ranges, the eager split chunk): into buf,
 * true; false when the number says it all.
 */
bool vmm_kvm_cap_detail(unsigned int cap, int value, char *buf, size_t len);
/* KVM_CREATE_VM with a machine type; returns the VM fd or -errno. */
int vmm_kvm_create_vm(struct vmm_sys *s, int kvm_fd, unsigned long type);
/* KVM_ENABLE_CAP on a VM or vCPU with one argument. */
int vmm_kvm_enable_cap(struct vmm_sys *s, int fd, uint32_t cap, uint64_t arg0);
/*
 * Sets, moves, re-flags or (memory_size 0) deletes a memory slot: with v2,
 * KVM_SET_USER_MEMORY_REGION2 and the whole struct; otherwise
 * KVM_SET_USER_MEMORY_REGION with its first 32 bytes.
 */
int vmm_kvm_set_region(struct vmm_sys *s, int vm_fd, bool v2,
		       const struct vmm_kvm_mem_region2 *r);
/* KVM_CREATE_GUEST_MEMFD; returns the new fd or -errno. */
int vmm_kvm_create_gmem(struct vmm_sys *s, int vm_fd, uint64_t size, uint64_t flags);
/* KVM_GET_DIRTY_LOG into bitmap (ALIGN(npages, 64) / 8 bytes). */
int vmm_kvm_get_dirty_log(struct vmm_sys *s, int vm_fd, uint32_t slot, uint64_t *bitmap);
/* KVM_CLEAR_DIRTY_LOG of num pages from first (both multiples of 64 but the last). */
int vmm_kvm_clear_dirty_log(struct vmm_sys *s, int vm_fd, uint32_t slot, uint64_t first,
			    uint32_t num, uint64_t *bitmap);

#endif
