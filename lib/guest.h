/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A guest of a few instructions that writes one byte in each page of a
 * range: enough to make KVM fault pages in, mark them dirty and build
 * stage-2 mappings, without a firmware or a kernel. x86 runs it in real
 * mode (the range must end at or below 1 MiB), arm64 with the MMU off.
 */
#ifndef VMM_LIB_GUEST_H
#define VMM_LIB_GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "sys.h"

/* Offset in each page the guest writes to (its code sits below it in the first page). */
#define VMM_GUEST_TOUCH_OFF	0x800
#define VMM_GUEST_X86_TOP	0x100000ull	/* real mode: segment << 4 must fit */

struct vmm_guest_vcpu {
	int fd;
	void *run;		/* mmap'ed struct kvm_run */
	size_t run_size;
};

/* The program's bytes for this architecture. */
const uint8_t *vmm_guest_touch_code(size_t *len);

/* An ID register of op0 3, op1 0, CRn 0 the second program reads. */
struct vmm_guest_idreg {
	const char *name;
	unsigned int crm, op2;
};
/*
 * arm64's second program: reads *n ID registers with MRS, as the guest
 * sees them, and stores them as u64 from its x0 on (run it with
 * vmm_guest_touch_run, start = where to store); NULL elsewhere.
 */
const uint8_t *vmm_guest_idregs_code(size_t *len, const struct vmm_guest_idreg **regs, size_t *n);
/* vCPU 0 of vm_fd with its kvm_run mapping; on arm64 also KVM_ARM_VCPU_INIT. */
int vmm_guest_vcpu_create(struct vmm_sys *s, int kvm_fd, int vm_fd, struct vmm_guest_vcpu *v);
/*
 * Runs the program (already copied to code_gpa) over pages starting at
 * start; done_gpa (arm64) is an address outside every slot the guest
 * writes to when finished. Returns 0 on the expected exit, -errno from an
 * ioctl, or -EFAULT for any other exit (*exit_reason tells which).
 */
int vmm_guest_touch_run(struct vmm_sys *s, int vm_fd, struct vmm_guest_vcpu *v,
			uint64_t code_gpa, uint64_t start, uint64_t pages, uint64_t done_gpa,
			uint32_t *exit_reason);

#endif
