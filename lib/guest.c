// SPDX-License-Identifier: GPL-3.0-or-later
#include "guest.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include "uapi/kvm.h"

#if defined(__aarch64__)
/* x0 = first page, x1 = pages, x2 = done address (MMIO exit), w3 = byte */
static const uint8_t touch_code[] = {
	0x03, 0x00, 0x20, 0x39,	/* 1: strb  w3, [x0, #0x800]	*/
	0x00, 0x04, 0x40, 0x91,	/*    add   x0, x0, #1, lsl #12	*/
	0x21, 0x04, 0x00, 0xf1,	/*    subs  x1, x1, #1		*/
	0xa1, 0xff, 0xff, 0x54,	/*    b.ne  1b			*/
	0x41, 0x00, 0x00, 0xf9,	/*    str   x1, [x2]		*/
	0x00, 0x00, 0x00, 0x14,	/* 2: b     2b			*/
};
#else
/* real mode: bx = segment of the first page, cx = pages */
static const uint8_t touch_code[] = {
	0x8e, 0xc3,				/* 1: mov   %bx, %es		*/
	0x26, 0xc6, 0x06, 0x00, 0x08, 0x56,	/*    movb  $0x56, %es:0x800	*/
	0x81, 0xc3, 0x00, 0x01,			/*    add   $0x100, %bx		*/
	0x49,					/*    dec   %cx			*/
	0x75, 0xf1,				/*    jnz   1b			*/
	0xf4,					/* 2: hlt			*/
	0xeb, 0xfd,				/*    jmp   2b			*/
};
#endif

#if defined(__aarch64__)
/*
 * x0 = where to store, x2 = done address (MMIO exit): each register read
 * with MRS as the guest sees it, stored in the order of guest_idregs[].
 */
#define MRS_X3(op1, crn, crm, op2) \
	(0xd5380003u | (op1) << 16 | (crn) << 12 | (crm) << 8 | (op2) << 5)
#define STR_X3_X0(off)	(0xf9000003u | ((off) / 8) << 10)
static const struct vmm_guest_idreg guest_idregs[] = {
	{ "ID_AA64PFR0_EL1", 4, 0 }, { "ID_AA64PFR1_EL1", 4, 1 }, { "ID_AA64DFR0_EL1", 5, 0 },
	{ "ID_AA64ISAR0_EL1", 6, 0 }, { "ID_AA64ISAR1_EL1", 6, 1 }, { "ID_AA64MMFR0_EL1", 7, 0 },
	{ "ID_AA64MMFR1_EL1", 7, 1 }, { "MIDR_EL1", 0, 0 },
};
#define NIDREGS (sizeof(guest_idregs) / sizeof(guest_idregs[0]))
static uint32_t idregs_code[2 * NIDREGS + 2];

const uint8_t *vmm_guest_idregs_code(size_t *len, const struct vmm_guest_idreg **regs, size_t *n)
{
	for (size_t i = 0; i < NIDREGS; i++) {
		idregs_code[2 * i] = MRS_X3(0u, 0u, guest_idregs[i].crm, guest_idregs[i].op2);
		idregs_code[2 * i + 1] = STR_X3_X0(8u * (unsigned)i);
	}
	idregs_code[2 * NIDREGS] = 0xf9000041u;		/* str x1, [x2] */
	idregs_code[2 * NIDREGS + 1] = 0x14000000u;	/* b . */
	*len = sizeof(idregs_code);
	*regs = guest_idregs;
	*n = NIDREGS;
	return (const uint8_t *)idregs_code;
}
#else
const uint8_t *vmm_guest_idregs_code(size_t *len, const struct vmm_guest_idreg **regs, size_t *n)
{
	*len = 0;
	*regs = NULL;
	*n = 0;
	return NULL;
}
#endif

const uint8_t *vmm_guest_touch_code(size_t *len)
{
	*len = sizeof(touch_code);
	return touch_code;
}

static uint32_t exit_reason(const struct vmm_guest_vcpu *v)
{
	uint32_t r;

	memcpy(&r, (const uint8_t *)v->run + VMM_KVM_RUN_EXIT_REASON_OFF, sizeof(r));
	return r;
}

#if defined(__aarch64__)
static int arch_init(struct vmm_sys *s, int vm_fd, struct vmm_guest_vcpu *v)
{
	struct vmm_kvm_vcpu_init init;
	int ret;

	memset(&init, 0, sizeof(init));
	ret = vmm_sys_ioctl(s, vm_fd, VMM_KVM_ARM_PREFERRED_TARGET, "KVM_ARM_PREFERRED_TARGET",
			    &init);
	if (ret < 0)
		return ret;
	init.features[0] |= 1u << VMM_KVM_ARM_VCPU_PSCI_0_2;
	/* a second INIT resets the vCPU: every touch starts from the same state */
	return vmm_sys_ioctl(s, v->fd, VMM_KVM_ARM_VCPU_INIT, "KVM_ARM_VCPU_INIT", &init);
}

static int set_reg(struct vmm_sys *s, int fd, uint64_t id, uint64_t val)
{
	struct vmm_kvm_one_reg r = { .id = id, .addr = (uintptr_t)&val };

	return vmm_sys_ioctl(s, fd, VMM_KVM_SET_ONE_REG, "KVM_SET_ONE_REG", &r);
}

static int arch_setup(struct vmm_sys *s, int vm_fd, struct vmm_guest_vcpu *v, uint64_t code,
		      uint64_t start, uint64_t pages, uint64_t done)
{
	int ret = arch_init(s, vm_fd, v);

	if (!ret)
		ret = set_reg(s, v->fd, VMM_KVM_ARM64_REG_PC, code);
	if (!ret)
		ret = set_reg(s, v->fd, VMM_KVM_ARM64_REG_X(0), start);
	if (!ret)
		ret = set_reg(s, v->fd, VMM_KVM_ARM64_REG_X(1), pages);
	if (!ret)
		ret = set_reg(s, v->fd, VMM_KVM_ARM64_REG_X(2), done);
	if (!ret)
		ret = set_reg(s, v->fd, VMM_KVM_ARM64_REG_X(3), 0x56);
	return ret < 0 ? ret : 0;
}

static bool arch_done(uint32_t reason)
{
	return reason == VMM_KVM_EXIT_MMIO;
}
#else
static int arch_init(struct vmm_sys *s, int vm_fd, struct vmm_guest_vcpu *v)
{
	(void)v;
	/* VMX without unrestricted guest needs a TSS for real mode; others refuse it */
	if (vmm_sys_ioctl_int(s, vm_fd, VMM_KVM_SET_TSS_ADDR, "KVM_SET_TSS_ADDR",
			      0xfffbd000ul) < 0)
		vmm_sys_clear(s);
	return 0;
}

static int arch_setup(struct vmm_sys *s, int vm_fd, struct vmm_guest_vcpu *v, uint64_t code,
		      uint64_t start, uint64_t pages, uint64_t done)
{
	struct vmm_kvm_sregs sregs;
	struct vmm_kvm_regs regs;
	int ret;

	(void)vm_fd;
	(void)done;
	if (code + 0x1000 > VMM_GUEST_X86_TOP || start + pages * 0x1000 > VMM_GUEST_X86_TOP ||
	    pages > 0xffff)
		return vmm_sys_fail(s, ERANGE, "guest", NULL);
	ret = vmm_sys_ioctl(s, v->fd, VMM_KVM_GET_SREGS, "KVM_GET_SREGS", &sregs);
	if (ret < 0)
		return ret;
	sregs.cs.base = code;
	sregs.cs.selector = (uint16_t)(code >> 4);
	ret = vmm_sys_ioctl(s, v->fd, VMM_KVM_SET_SREGS, "KVM_SET_SREGS", &sregs);
	if (ret < 0)
		return ret;
	memset(&regs, 0, sizeof(regs));
	regs.rflags = 2;	/* bit 1 is reserved as one */
	regs.rip = 0;
	regs.rbx = start >> 4;
	regs.rcx = pages;
	ret = vmm_sys_ioctl(s, v->fd, VMM_KVM_SET_REGS, "KVM_SET_REGS", &regs);
	return ret < 0 ? ret : 0;
}

static bool arch_done(uint32_t reason)
{
	return reason == VMM_KVM_EXIT_HLT;
}
#endif

int vmm_guest_vcpu_create(struct vmm_sys *s, int kvm_fd, int vm_fd, struct vmm_guest_vcpu *v)
{
	int ret;

	v->fd = -1;
	v->run = NULL;
	ret = vmm_sys_ioctl_int(s, kvm_fd, VMM_KVM_GET_VCPU_MMAP_SIZE, "KVM_GET_VCPU_MMAP_SIZE", 0);
	if (ret < 0)
		return ret;
	v->run_size = (size_t)ret;
	ret = vmm_sys_ioctl_int(s, vm_fd, VMM_KVM_CREATE_VCPU, "KVM_CREATE_VCPU", 0);
	if (ret < 0)
		return ret;
	v->fd = ret;
	ret = vmm_sys_mmap(s, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0,
			   "kvm_run", &v->run);
	if (ret)
		goto fail;
	ret = arch_init(s, vm_fd, v);
	if (ret)
		goto fail;
	return 0;
fail:
	vmm_sys_munmap(v->run, v->run_size);
	vmm_sys_close(v->fd);
	v->fd = -1;
	v->run = NULL;
	return ret;
}

int vmm_guest_touch_run(struct vmm_sys *s, int vm_fd, struct vmm_guest_vcpu *v,
			uint64_t code_gpa, uint64_t start, uint64_t pages, uint64_t done_gpa,
			uint32_t *reason)
{
	int ret;

	*reason = VMM_KVM_EXIT_UNKNOWN;
	ret = arch_setup(s, vm_fd, v, code_gpa, start, pages, done_gpa);
	if (ret)
		return ret;
	for (;;) {
		ret = vmm_sys_ioctl_int(s, v->fd, VMM_KVM_RUN, "KVM_RUN", 0);
		if (ret < 0 && ret != -EINTR && ret != -EAGAIN)
			return ret;
		*reason = exit_reason(v);
		if (ret < 0 || *reason == VMM_KVM_EXIT_INTR)
			continue;
		if (arch_done(*reason))
			return 0;
		return vmm_sys_fail(s, EFAULT, "KVM_RUN", NULL);
	}
}
