/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rules KVM applies to KVM_SET_USER_MEMORY_REGION(2) (spec B.4), as a
 * pure function: vmmctl checks a request before the ioctl so the error can
 * name the field or the slot in the way, and explains the kernel's errno
 * when the check was skipped.
 */
#ifndef VMM_LIB_MEMSLOT_H
#define VMM_LIB_MEMSLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmm_memslot {
	uint32_t id;		/* (as_id << 16) | slot */
	uint32_t flags;		/* KVM_MEM_* */
	uint64_t gpa;
	uint64_t size;
	uint64_t hva;
	uint64_t offset;	/* file offset behind hva */
	uint64_t gmem_flags;
};

struct vmm_memslot_limits {
	uint64_t page;
	uint32_t nr_slots;	/* KVM_CAP_NR_MEMSLOTS */
	uint32_t nr_as;		/* address spaces */
	bool v2;		/* KVM_CAP_USER_MEMORY2 */
	bool readonly;		/* KVM_CAP_READONLY_MEM */
	bool gmem;		/* KVM_CAP_GUEST_MEMFD */
	uint64_t gmem_flags;	/* KVM_CAP_GUEST_MEMFD_FLAGS */
};

enum vmm_memslot_op {
	VMM_MS_ADD,
	VMM_MS_DELETE,
	VMM_MS_MOVE,
	VMM_MS_FLAGS,
};

enum vmm_memslot_rule {
	VMM_MS_OK,
	VMM_MS_SLOT_RANGE,
	VMM_MS_AS_RANGE,
	VMM_MS_EXISTS,
	VMM_MS_SIZE_ZERO,
	VMM_MS_SIZE_ALIGN,
	VMM_MS_GPA_ALIGN,
	VMM_MS_HVA_ALIGN,
	VMM_MS_OFFSET_ALIGN,
	VMM_MS_WRAP,
	VMM_MS_TOO_BIG,
	VMM_MS_NEEDS_V2,
	VMM_MS_READONLY_UNSUP,
	VMM_MS_GMEM_UNSUP,
	VMM_MS_GMEM_FLAGS,
	VMM_MS_GMEM_COMBO,
	VMM_MS_GMEM_IMMUTABLE,
	VMM_MS_OVERLAP,
	VMM_MS__COUNT
};

/*
 * Checks op on m against the slots cur[0..n) (m's own old entry may be among
 * them: same id). Returns the first rule broken, VMM_MS_OK if none; *other
 * is the index in cur of the slot in the way (VMM_MS_OVERLAP, VMM_MS_EXISTS)
 * or -1.
 */
int vmm_memslot_check(enum vmm_memslot_op op, const struct vmm_memslot *m,
		      const struct vmm_memslot *cur, int n, const struct vmm_memslot_limits *l,
		      int *other);
/* The errno the kernel gives for the rule (EINVAL, EEXIST), or EOPNOTSUPP. */
int vmm_memslot_code(int rule);
/* A stable identifier: "gpa_align", "overlap", ... */
const char *vmm_memslot_rule_name(int rule);
/* One sentence naming the field, the limit or the slot in the way (other may be NULL). */
void vmm_memslot_explain(int rule, const struct vmm_memslot *m, const struct vmm_memslot *other,
			 const struct vmm_memslot_limits *l, char *buf, size_t len);

#endif
