/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KVM system and VM ioctls vmmctl uses (Linux 7.3 ABI). */
#ifndef VMM_UAPI_KVM_H
#define VMM_UAPI_KVM_H

#include "ioc.h"

#define VMM_KVMIO			0xAEu
#define VMM_KVM_API_VERSION		12

#define VMM_KVM_GET_API_VERSION		VMM_IO(VMM_KVMIO, 0x00)
#define VMM_KVM_CREATE_VM		VMM_IO(VMM_KVMIO, 0x01)
#define VMM_KVM_CHECK_EXTENSION		VMM_IO(VMM_KVMIO, 0x03)
#define VMM_KVM_GET_VCPU_MMAP_SIZE	VMM_IO(VMM_KVMIO, 0x04)
#define VMM_KVM_CREATE_VCPU		VMM_IO(VMM_KVMIO, 0x41)
#define VMM_KVM_GET_STATS_FD		VMM_IO(VMM_KVMIO, 0xce)

_Static_assert(VMM_KVM_GET_API_VERSION == 0xae00, "KVM_GET_API_VERSION");
_Static_assert(VMM_KVM_CREATE_VM == 0xae01, "KVM_CREATE_VM");
_Static_assert(VMM_KVM_CHECK_EXTENSION == 0xae03, "KVM_CHECK_EXTENSION");
_Static_assert(VMM_KVM_GET_VCPU_MMAP_SIZE == 0xae04, "KVM_GET_VCPU_MMAP_SIZE");
_Static_assert(VMM_KVM_CREATE_VCPU == 0xae41, "KVM_CREATE_VCPU");
_Static_assert(VMM_KVM_GET_STATS_FD == 0xaece, "KVM_GET_STATS_FD");

/* Capability numbers (KVM_CHECK_EXTENSION argument). */
enum vmm_kvm_cap {
	VMM_KVM_CAP_USER_MEMORY			= 3,
	VMM_KVM_CAP_NR_MEMSLOTS			= 10,
	VMM_KVM_CAP_READONLY_MEM		= 81,
	VMM_KVM_CAP_MULTI_ADDRESS_SPACE		= 118,
	VMM_KVM_CAP_ARM_VM_IPA_SIZE		= 165,
	VMM_KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2	= 168,
	VMM_KVM_CAP_DIRTY_LOG_RING		= 192,
	VMM_KVM_CAP_BINARY_STATS_FD		= 203,
	VMM_KVM_CAP_ARM_MTE			= 205,
	VMM_KVM_CAP_COUNTER_OFFSET		= 227,
	VMM_KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE	= 228,
	VMM_KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES	= 229,
	VMM_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES = 230,
	VMM_KVM_CAP_USER_MEMORY2		= 231,
	VMM_KVM_CAP_MEMORY_ATTRIBUTES		= 233,
	VMM_KVM_CAP_GUEST_MEMFD			= 234,
	VMM_KVM_CAP_VM_TYPES			= 235,
	VMM_KVM_CAP_PRE_FAULT_MEMORY		= 236,
	VMM_KVM_CAP_ARM_WRITABLE_IMP_ID_REGS	= 239,
	VMM_KVM_CAP_ARM_EL2			= 240,	/* vCPUs with EL2 (nested virt) */
	VMM_KVM_CAP_ARM_EL2_E2H0		= 241,	/* ... limited to E2H RES0 */
	VMM_KVM_CAP_ARM_CACHEABLE_PFNMAP_SUPPORTED = 243,	/* VM fd only */
	VMM_KVM_CAP_GUEST_MEMFD_FLAGS		= 244,
	VMM_KVM_CAP_ARM_SEA_TO_USER		= 245,
	VMM_KVM_CAP_ARM_PMU_V3_STRICT		= 251,
};

/*
 * arm64 KVM_CREATE_VM machine type: IPA bits in 0-7, and bit 31 for a
 * protected VM, which only pKVM accepts (EINVAL in any other mode).
 */
#define VMM_KVM_VM_TYPE_ARM_IPA_MASK	0xffu
#define VMM_KVM_VM_TYPE_ARM_PROTECTED	(1ul << 31)

/* Memory regions (spec B.4). */
#define VMM_KVM_MEM_LOG_DIRTY_PAGES	(1u << 0)
#define VMM_KVM_MEM_READONLY		(1u << 1)
#define VMM_KVM_MEM_GUEST_MEMFD		(1u << 2)

struct vmm_kvm_mem_region {
	uint32_t slot;		/* (as_id << 16) | id */
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;	/* 0 deletes */
	uint64_t userspace_addr;
};
VMM_ASSERT_SIZE(struct vmm_kvm_mem_region, 32);
VMM_ASSERT_OFF(struct vmm_kvm_mem_region, flags, 4);
VMM_ASSERT_OFF(struct vmm_kvm_mem_region, guest_phys_addr, 8);
VMM_ASSERT_OFF(struct vmm_kvm_mem_region, memory_size, 16);
VMM_ASSERT_OFF(struct vmm_kvm_mem_region, userspace_addr, 24);

struct vmm_kvm_mem_region2 {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t guest_memfd_offset;
	uint32_t guest_memfd;
	uint32_t pad1;
	uint64_t pad2[14];
};
VMM_ASSERT_SIZE(struct vmm_kvm_mem_region2, 160);
VMM_ASSERT_OFF(struct vmm_kvm_mem_region2, userspace_addr, 24);
VMM_ASSERT_OFF(struct vmm_kvm_mem_region2, guest_memfd_offset, 32);
VMM_ASSERT_OFF(struct vmm_kvm_mem_region2, guest_memfd, 40);
VMM_ASSERT_OFF(struct vmm_kvm_mem_region2, pad2, 48);

/* guest_memfd (spec B.5). */
#define VMM_GUEST_MEMFD_FLAG_MMAP		(1ull << 0)
#define VMM_GUEST_MEMFD_FLAG_INIT_SHARED	(1ull << 1)

struct vmm_kvm_create_guest_memfd {
	uint64_t size;
	uint64_t flags;
	uint64_t reserved[6];
};
VMM_ASSERT_SIZE(struct vmm_kvm_create_guest_memfd, 64);
VMM_ASSERT_OFF(struct vmm_kvm_create_guest_memfd, flags, 8);

/* Dirty log (spec B.7). */
struct vmm_kvm_dirty_log {
	uint32_t slot;
	uint32_t pad;
	uint64_t bitmap;	/* user pointer */
};
VMM_ASSERT_SIZE(struct vmm_kvm_dirty_log, 16);
VMM_ASSERT_OFF(struct vmm_kvm_dirty_log, bitmap, 8);

struct vmm_kvm_clear_dirty_log {
	uint32_t slot;
	uint32_t num_pages;
	uint64_t first_page;
	uint64_t bitmap;	/* user pointer */
};
VMM_ASSERT_SIZE(struct vmm_kvm_clear_dirty_log, 24);
VMM_ASSERT_OFF(struct vmm_kvm_clear_dirty_log, num_pages, 4);
VMM_ASSERT_OFF(struct vmm_kvm_clear_dirty_log, first_page, 8);
VMM_ASSERT_OFF(struct vmm_kvm_clear_dirty_log, bitmap, 16);

#define VMM_KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE	(1ull << 0)
#define VMM_KVM_DIRTY_LOG_INITIALLY_SET		(1ull << 1)

struct vmm_kvm_enable_cap {
	uint32_t cap;
	uint32_t flags;
	uint64_t args[4];
	uint8_t pad[64];
};
VMM_ASSERT_SIZE(struct vmm_kvm_enable_cap, 104);
VMM_ASSERT_OFF(struct vmm_kvm_enable_cap, args, 8);

#define VMM_KVM_GET_DIRTY_LOG		VMM_IOW(VMM_KVMIO, 0x42, sizeof(struct vmm_kvm_dirty_log))
#define VMM_KVM_SET_USER_MEMORY_REGION	VMM_IOW(VMM_KVMIO, 0x46, sizeof(struct vmm_kvm_mem_region))
#define VMM_KVM_SET_USER_MEMORY_REGION2	VMM_IOW(VMM_KVMIO, 0x49, sizeof(struct vmm_kvm_mem_region2))
#define VMM_KVM_ENABLE_CAP		VMM_IOW(VMM_KVMIO, 0xa3, sizeof(struct vmm_kvm_enable_cap))
#define VMM_KVM_CLEAR_DIRTY_LOG		VMM_IOWR(VMM_KVMIO, 0xc0, sizeof(struct vmm_kvm_clear_dirty_log))
#define VMM_KVM_CREATE_GUEST_MEMFD	VMM_IOWR(VMM_KVMIO, 0xd4, sizeof(struct vmm_kvm_create_guest_memfd))

_Static_assert(VMM_KVM_GET_DIRTY_LOG == 0x4010ae42, "KVM_GET_DIRTY_LOG");
_Static_assert(VMM_KVM_SET_USER_MEMORY_REGION == 0x4020ae46, "KVM_SET_USER_MEMORY_REGION");
_Static_assert(VMM_KVM_SET_USER_MEMORY_REGION2 == 0x40a0ae49, "KVM_SET_USER_MEMORY_REGION2");
_Static_assert(VMM_KVM_ENABLE_CAP == 0x4068aea3, "KVM_ENABLE_CAP");
_Static_assert(VMM_KVM_CLEAR_DIRTY_LOG == 0xc018aec0, "KVM_CLEAR_DIRTY_LOG");
_Static_assert(VMM_KVM_CREATE_GUEST_MEMFD == 0xc040aed4, "KVM_CREATE_GUEST_MEMFD");

/* Binary stats (spec B.8). */
struct vmm_kvm_stats_header {
	uint32_t flags;
	uint32_t name_size;
	uint32_t num_desc;
	uint32_t id_offset;
	uint32_t desc_offset;
	uint32_t data_offset;
};
VMM_ASSERT_SIZE(struct vmm_kvm_stats_header, 24);
VMM_ASSERT_OFF(struct vmm_kvm_stats_header, data_offset, 20);

struct vmm_kvm_stats_desc {
	uint32_t flags;
	int16_t exponent;
	uint16_t size;		/* number of u64 values */
	uint32_t offset;	/* from data_offset */
	uint32_t bucket_size;
	/* char name[name_size] follows */
};
VMM_ASSERT_SIZE(struct vmm_kvm_stats_desc, 16);
VMM_ASSERT_OFF(struct vmm_kvm_stats_desc, exponent, 4);
VMM_ASSERT_OFF(struct vmm_kvm_stats_desc, size, 6);
VMM_ASSERT_OFF(struct vmm_kvm_stats_desc, offset, 8);
VMM_ASSERT_OFF(struct vmm_kvm_stats_desc, bucket_size, 12);

#define VMM_KVM_STATS_TYPE(f)		((f) & 0xfu)
#define VMM_KVM_STATS_UNIT(f)		(((f) >> 4) & 0xfu)
#define VMM_KVM_STATS_BASE(f)		(((f) >> 8) & 0xfu)
enum {
	VMM_KVM_STATS_CUMULATIVE = 0, VMM_KVM_STATS_INSTANT = 1, VMM_KVM_STATS_PEAK = 2,
	VMM_KVM_STATS_LINEAR_HIST = 3, VMM_KVM_STATS_LOG_HIST = 4,
};
enum {
	VMM_KVM_STATS_UNIT_NONE = 0, VMM_KVM_STATS_UNIT_BYTES = 1,
	VMM_KVM_STATS_UNIT_SECONDS = 2, VMM_KVM_STATS_UNIT_CYCLES = 3,
	VMM_KVM_STATS_UNIT_BOOLEAN = 4,
};

/*
 * vCPU ioctls for `vm touch`, which runs a few guest instructions. Not in
 * the spec's tables: values from the generic KVM uAPI, each checked by the
 * static asserts below and exercised live on x86 and in the arm64 rig.
 */
#define VMM_KVM_RUN			VMM_IO(VMM_KVMIO, 0x80)
#define VMM_KVM_SET_TSS_ADDR		VMM_IO(VMM_KVMIO, 0x47)
_Static_assert(VMM_KVM_RUN == 0xae80, "KVM_RUN");
_Static_assert(VMM_KVM_SET_TSS_ADDR == 0xae47, "KVM_SET_TSS_ADDR");

/* struct kvm_run: only the exit reason is read. */
#define VMM_KVM_RUN_EXIT_REASON_OFF	8
enum {
	VMM_KVM_EXIT_UNKNOWN = 0, VMM_KVM_EXIT_IO = 2, VMM_KVM_EXIT_HLT = 5,
	VMM_KVM_EXIT_MMIO = 6, VMM_KVM_EXIT_SHUTDOWN = 8, VMM_KVM_EXIT_FAIL_ENTRY = 9,
	VMM_KVM_EXIT_INTR = 10, VMM_KVM_EXIT_INTERNAL_ERROR = 17,
	VMM_KVM_EXIT_SYSTEM_EVENT = 24,
};

/* x86: general registers (18 x u64) and the segment part of kvm_sregs. */
struct vmm_kvm_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
};
VMM_ASSERT_SIZE(struct vmm_kvm_regs, 144);
VMM_ASSERT_OFF(struct vmm_kvm_regs, rip, 128);

struct vmm_kvm_segment {
	uint64_t base;
	uint32_t limit;
	uint16_t selector;
	uint8_t type, present, dpl, db, s, l, g, avl, unusable, padding;
};
VMM_ASSERT_SIZE(struct vmm_kvm_segment, 24);

struct vmm_kvm_sregs {
	struct vmm_kvm_segment cs, ds, es, fs, gs, ss, tr, ldt;
	uint8_t rest[120];	/* gdt, idt, control registers, efer, apic, irq bitmap */
};
VMM_ASSERT_SIZE(struct vmm_kvm_sregs, 312);

#define VMM_KVM_GET_REGS		VMM_IOR(VMM_KVMIO, 0x81, sizeof(struct vmm_kvm_regs))
#define VMM_KVM_SET_REGS		VMM_IOW(VMM_KVMIO, 0x82, sizeof(struct vmm_kvm_regs))
#define VMM_KVM_GET_SREGS		VMM_IOR(VMM_KVMIO, 0x83, sizeof(struct vmm_kvm_sregs))
#define VMM_KVM_SET_SREGS		VMM_IOW(VMM_KVMIO, 0x84, sizeof(struct vmm_kvm_sregs))
_Static_assert(VMM_KVM_SET_REGS == 0x4090ae82, "KVM_SET_REGS");
_Static_assert(VMM_KVM_GET_SREGS == 0x8138ae83, "KVM_GET_SREGS");
_Static_assert(VMM_KVM_SET_SREGS == 0x4138ae84, "KVM_SET_SREGS");

/* arm64: vCPU init and one-register access. */
struct vmm_kvm_vcpu_init {
	uint32_t target;
	uint32_t features[7];
};
VMM_ASSERT_SIZE(struct vmm_kvm_vcpu_init, 32);

struct vmm_kvm_one_reg {
	uint64_t id;
	uint64_t addr;		/* user pointer to the value */
};
VMM_ASSERT_SIZE(struct vmm_kvm_one_reg, 16);

#define VMM_KVM_SET_ONE_REG		VMM_IOW(VMM_KVMIO, 0xac, sizeof(struct vmm_kvm_one_reg))
#define VMM_KVM_ARM_VCPU_INIT		VMM_IOW(VMM_KVMIO, 0xae, sizeof(struct vmm_kvm_vcpu_init))
#define VMM_KVM_ARM_PREFERRED_TARGET	VMM_IOR(VMM_KVMIO, 0xaf, sizeof(struct vmm_kvm_vcpu_init))
_Static_assert(VMM_KVM_SET_ONE_REG == 0x4010aeac, "KVM_SET_ONE_REG");
_Static_assert(VMM_KVM_ARM_VCPU_INIT == 0x4020aeae, "KVM_ARM_VCPU_INIT");
_Static_assert(VMM_KVM_ARM_PREFERRED_TARGET == 0x8020aeaf, "KVM_ARM_PREFERRED_TARGET");

#define VMM_KVM_GET_ONE_REG		VMM_IOW(VMM_KVMIO, 0xab, sizeof(struct vmm_kvm_one_reg))
_Static_assert(VMM_KVM_GET_ONE_REG == 0x4010aeab, "KVM_GET_ONE_REG");

/* KVM_GET_REG_LIST: n, then n register ids (E2BIG with n set when n is too small). */
struct vmm_kvm_reg_list {
	uint64_t n;
	uint64_t reg[];
};
VMM_ASSERT_SIZE(struct vmm_kvm_reg_list, 8);
#define VMM_KVM_GET_REG_LIST		VMM_IOWR(VMM_KVMIO, 0xb0, sizeof(struct vmm_kvm_reg_list))
_Static_assert(VMM_KVM_GET_REG_LIST == 0xc008aeb0, "KVM_GET_REG_LIST");

/*
 * KVM_ARM_GET_REG_WRITABLE_MASKS (VM fd): for range 0, the feature ID
 * space (op0 3, op1 0/1/3, CRn 0, CRm 0-7, op2 0-7), one u64 mask of the
 * bits userspace may change per register, indexed as below.
 */
struct vmm_kvm_reg_mask_range {
	uint64_t addr;
	uint32_t range;
	uint32_t reserved[13];
};
VMM_ASSERT_SIZE(struct vmm_kvm_reg_mask_range, 64);
#define VMM_KVM_ARM_GET_REG_WRITABLE_MASKS VMM_IOR(VMM_KVMIO, 0xb6, \
						   sizeof(struct vmm_kvm_reg_mask_range))
_Static_assert(VMM_KVM_ARM_GET_REG_WRITABLE_MASKS == 0x8040aeb6, "KVM_ARM_GET_REG_WRITABLE_MASKS");
#define VMM_KVM_ARM_FEATURE_ID_RANGE_SIZE	(3 * 8 * 8)
#define VMM_KVM_ARM_FEATURE_ID_IDX(op1, crm, op2) \
	((((op1) & 3) - (((op1) & 3) == 3)) << 6 | ((crm) & 7) << 3 | (op2))

/* Register id fields (Documentation/virt/kvm/api.rst, KVM_SET_ONE_REG, arm64). */
#define VMM_KVM_REG_ARM64		0x6000000000000000ull
#define VMM_KVM_REG_ARCH_MASK		0xff00000000000000ull
#define VMM_KVM_REG_SIZE_SHIFT		52
#define VMM_KVM_REG_SIZE_MASK		0x00f0000000000000ull
#define VMM_KVM_REG_SIZE_U64		0x0030000000000000ull
#define VMM_KVM_REG_ARM_COPROC_MASK	0x000000000fff0000ull
#define VMM_KVM_REG_ARM_CORE		(0x0010ull << 16)
#define VMM_KVM_REG_ARM_DEMUX		(0x0011ull << 16)
#define VMM_KVM_REG_ARM64_SYSREG	(0x0013ull << 16)
#define VMM_KVM_REG_ARM_FW		(0x0014ull << 16)
#define VMM_KVM_REG_ARM64_SVE		(0x0015ull << 16)
#define VMM_KVM_REG_ARM_FW_FEAT_BMAP	(0x0016ull << 16)

#define VMM_KVM_ARM_VCPU_PSCI_0_2	2	/* feature bit */
/* Core register ids: ARM64 | SIZE_U64 | CORE | (offset in kvm_regs / 4). */
#define VMM_KVM_ARM64_CORE_REG(off32)	(0x6030000000100000ull | (off32))
#define VMM_KVM_ARM64_REG_X(n)		VMM_KVM_ARM64_CORE_REG((uint64_t)(n) * 2)
#define VMM_KVM_ARM64_REG_PC		VMM_KVM_ARM64_CORE_REG(64)
#define VMM_KVM_SYSTEM_EVENT_SHUTDOWN	1

#endif
