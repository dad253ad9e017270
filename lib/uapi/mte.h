/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MTE: KVM's tag copy ioctl, ptrace tag access, core-dump tag segments (spec D). */
#ifndef VMM_UAPI_MTE_H
#define VMM_UAPI_MTE_H

#include "ioc.h"
#include "kvm.h"

/* D.1: one tag per byte in the low nibble, one byte per 16-byte granule. */
struct vmm_kvm_copy_mte_tags {
	uint64_t guest_ipa;
	uint64_t length;	/* bytes of guest memory, host-page multiple */
	uint64_t addr;		/* user buffer of length / 16 bytes */
	uint64_t flags;
	uint64_t reserved[2];	/* must be 0 */
};
VMM_ASSERT_SIZE(struct vmm_kvm_copy_mte_tags, 48);
VMM_ASSERT_OFF(struct vmm_kvm_copy_mte_tags, length, 8);
VMM_ASSERT_OFF(struct vmm_kvm_copy_mte_tags, addr, 16);
VMM_ASSERT_OFF(struct vmm_kvm_copy_mte_tags, flags, 24);
VMM_ASSERT_OFF(struct vmm_kvm_copy_mte_tags, reserved, 32);

#define VMM_KVM_ARM_TAGS_TO_GUEST	0ull
#define VMM_KVM_ARM_TAGS_FROM_GUEST	1ull
/* _IOR although the data flows both ways. */
#define VMM_KVM_ARM_MTE_COPY_TAGS	VMM_IOR(VMM_KVMIO, 0xb4, sizeof(struct vmm_kvm_copy_mte_tags))
_Static_assert(VMM_KVM_ARM_MTE_COPY_TAGS == 0x8030aeb4, "KVM_ARM_MTE_COPY_TAGS");

#define VMM_MTE_GRANULE			16u
#define VMM_MTE_TAG_MASK		0xfu

/* D.3: process-level MTE. */
#define VMM_HWCAP2_MTE			(1ull << 18)
#define VMM_PROT_MTE			0x20
#define VMM_PTRACE_PEEKMTETAGS		33
#define VMM_PTRACE_POKEMTETAGS		34

/* D.4: ELF core segments holding tags, two per byte, even granule in bits 3:0. */
#define VMM_PT_LOAD			1u
#define VMM_PT_AARCH64_MEMTAG_MTE	0x70000002u

#endif
