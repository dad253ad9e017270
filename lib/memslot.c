// SPDX-License-Identifier: GPL-3.0-or-later
#include "memslot.h"

#include <errno.h>
#include <stdio.h>

#include "uapi/kvm.h"

#define MAX_SLOT_PAGES	0x7fffffffull	/* KVM_MEM_MAX_NR_PAGES */

static bool overlaps(const struct vmm_memslot *a, const struct vmm_memslot *b)
{
	return a->id >> 16 == b->id >> 16 && a->gpa < b->gpa + b->size &&
	       b->gpa < a->gpa + a->size;
}

static int check_flags(const struct vmm_memslot *m, const struct vmm_memslot_limits *l)
{
	bool gmem = m->flags & VMM_KVM_MEM_GUEST_MEMFD;

	if (gmem && !l->gmem)
		return VMM_MS_GMEM_UNSUP;
	if (gmem && !l->v2)
		return VMM_MS_NEEDS_V2;
	if (gmem && (m->flags & (VMM_KVM_MEM_READONLY | VMM_KVM_MEM_LOG_DIRTY_PAGES)))
		return VMM_MS_GMEM_COMBO;
	if (gmem && (m->gmem_flags & ~l->gmem_flags))
		return VMM_MS_GMEM_FLAGS;
	if ((m->flags & VMM_KVM_MEM_READONLY) && !l->readonly)
		return VMM_MS_READONLY_UNSUP;
	return VMM_MS_OK;
}

/* Shape of the request itself, in the order kvm_set_memory_region() checks it. */
static int check_shape(enum vmm_memslot_op op, const struct vmm_memslot *m,
		       const struct vmm_memslot_limits *l)
{
	uint64_t mask = l->page - 1;

	if (op == VMM_MS_ADD && !m->size)
		return VMM_MS_SIZE_ZERO;
	if (m->size & mask)
		return VMM_MS_SIZE_ALIGN;
	if (m->gpa & mask)
		return VMM_MS_GPA_ALIGN;
	if (m->hva & mask)
		return VMM_MS_HVA_ALIGN;
	if (m->offset & mask)
		return VMM_MS_OFFSET_ALIGN;
	if ((m->id & 0xffff) >= l->nr_slots)
		return VMM_MS_SLOT_RANGE;
	if ((m->id >> 16) >= l->nr_as)
		return VMM_MS_AS_RANGE;
	if (m->gpa + m->size < m->gpa)
		return VMM_MS_WRAP;
	if (m->size / l->page > MAX_SLOT_PAGES)
		return VMM_MS_TOO_BIG;
	return VMM_MS_OK;
}

int vmm_memslot_check(enum vmm_memslot_op op, const struct vmm_memslot *m,
		      const struct vmm_memslot *cur, int n, const struct vmm_memslot_limits *l,
		      int *other)
{
	int rule, self = -1;

	*other = -1;
	for (int i = 0; i < n; i++)
		if (cur[i].id == m->id)
			self = i;
	/* a guest_memfd slot can only be deleted: say so rather than a flag detail */
	if ((op == VMM_MS_MOVE || op == VMM_MS_FLAGS) && self >= 0 &&
	    (cur[self].flags & VMM_KVM_MEM_GUEST_MEMFD))
		return VMM_MS_GMEM_IMMUTABLE;
	rule = check_flags(m, l);
	if (!rule)
		rule = check_shape(op, m, l);
	if (rule)
		return rule;
	if (op == VMM_MS_ADD && self >= 0) {
		*other = self;
		return VMM_MS_EXISTS;
	}
	if (op == VMM_MS_DELETE || op == VMM_MS_FLAGS)
		return VMM_MS_OK;
	for (int i = 0; i < n; i++)
		if (i != self && overlaps(m, &cur[i])) {
			*other = i;
			return VMM_MS_OVERLAP;
		}
	return VMM_MS_OK;
}

static const char *const rule_names[VMM_MS__COUNT] = {
	[VMM_MS_OK] = "ok",
	[VMM_MS_SLOT_RANGE] = "slot_range",
	[VMM_MS_AS_RANGE] = "as_range",
	[VMM_MS_EXISTS] = "slot_exists",
	[VMM_MS_SIZE_ZERO] = "size_zero",
	[VMM_MS_SIZE_ALIGN] = "size_align",
	[VMM_MS_GPA_ALIGN] = "gpa_align",
	[VMM_MS_HVA_ALIGN] = "hva_align",
	[VMM_MS_OFFSET_ALIGN] = "offset_align",
	[VMM_MS_WRAP] = "gpa_wrap",
	[VMM_MS_TOO_BIG] = "too_many_pages",
	[VMM_MS_NEEDS_V2] = "needs_region2",
	[VMM_MS_READONLY_UNSUP] = "readonly_unsupported",
	[VMM_MS_GMEM_UNSUP] = "guest_memfd_unsupported",
	[VMM_MS_GMEM_FLAGS] = "guest_memfd_flags",
	[VMM_MS_GMEM_COMBO] = "guest_memfd_flags_combination",
	[VMM_MS_GMEM_IMMUTABLE] = "guest_memfd_immutable",
	[VMM_MS_OVERLAP] = "overlap",
};

const char *vmm_memslot_rule_name(int rule)
{
	return rule >= 0 && rule < VMM_MS__COUNT ? rule_names[rule] : "unknown";
}

int vmm_memslot_code(int rule)
{
	switch (rule) {
	case VMM_MS_OK:
		return 0;
	case VMM_MS_EXISTS:
	case VMM_MS_OVERLAP:
		return EEXIST;
	case VMM_MS_NEEDS_V2:
	case VMM_MS_READONLY_UNSUP:
	case VMM_MS_GMEM_UNSUP:
	case VMM_MS_GMEM_FLAGS:
		return EOPNOTSUPP;
	default:
		return EINVAL;
	}
}

void vmm_memslot_explain(int rule, const struct vmm_memslot *m, const struct vmm_memslot *o,
			 const struct vmm_memslot_limits *l, char *buf, size_t len)
{
	unsigned long long pg = l->page, slot = m->id & 0xffff, as = m->id >> 16;

	switch (rule) {
	case VMM_MS_SLOT_RANGE:
		snprintf(buf, len, "slot %llu is out of range: KVM_CAP_NR_MEMSLOTS is %u "
			 "(slots 0-%u)", slot, l->nr_slots, l->nr_slots - 1);
		break;
	case VMM_MS_AS_RANGE:
		snprintf(buf, len, "address space %llu is out of range: this VM has %u "
			 "(KVM_CAP_MULTI_ADDRESS_SPACE)", as, l->nr_as);
		break;
	case VMM_MS_EXISTS:
		snprintf(buf, len, "slot %llu already exists in address space %llu: 'mem move' "
			 "changes its address, 'mem flags' its logging, 'mem del' removes it",
			 slot, as);
		break;
	case VMM_MS_SIZE_ZERO:
		snprintf(buf, len, "memory_size 0 deletes a slot: use 'mem del'");
		break;
	case VMM_MS_SIZE_ALIGN:
		snprintf(buf, len, "memory_size 0x%llx is not a multiple of the %llu-byte page",
			 (unsigned long long)m->size, pg);
		break;
	case VMM_MS_GPA_ALIGN:
		snprintf(buf, len, "guest_phys_addr 0x%llx is not a multiple of the %llu-byte page",
			 (unsigned long long)m->gpa, pg);
		break;
	case VMM_MS_HVA_ALIGN:
		snprintf(buf, len, "userspace_addr 0x%llx is not a multiple of the %llu-byte page",
			 (unsigned long long)m->hva, pg);
		break;
	case VMM_MS_OFFSET_ALIGN:
		snprintf(buf, len, "file offset 0x%llx is not a multiple of the %llu-byte page "
			 "(userspace_addr would not be aligned)", (unsigned long long)m->offset, pg);
		break;
	case VMM_MS_WRAP:
		snprintf(buf, len, "guest_phys_addr 0x%llx + memory_size 0x%llx wraps around",
			 (unsigned long long)m->gpa, (unsigned long long)m->size);
		break;
	case VMM_MS_TOO_BIG:
		snprintf(buf, len, "memory_size 0x%llx: a slot holds at most 2^31-1 pages",
			 (unsigned long long)m->size);
		break;
	case VMM_MS_NEEDS_V2:
		snprintf(buf, len, "guest_memfd slots need KVM_SET_USER_MEMORY_REGION2 "
			 "(KVM_CAP_USER_MEMORY2), which this kernel lacks");
		break;
	case VMM_MS_READONLY_UNSUP:
		snprintf(buf, len, "this VM has no read-only slots (KVM_CAP_READONLY_MEM is 0)");
		break;
	case VMM_MS_GMEM_UNSUP:
		snprintf(buf, len, "this VM has no guest_memfd (KVM_CAP_GUEST_MEMFD is 0)");
		break;
	case VMM_MS_GMEM_FLAGS:
		snprintf(buf, len, "guest_memfd flags 0x%llx: this VM supports 0x%llx "
			 "(KVM_CAP_GUEST_MEMFD_FLAGS)", (unsigned long long)m->gmem_flags,
			 (unsigned long long)l->gmem_flags);
		break;
	case VMM_MS_GMEM_COMBO:
		snprintf(buf, len, "a guest_memfd slot can be neither read-only nor log dirty "
			 "pages");
		break;
	case VMM_MS_GMEM_IMMUTABLE:
		snprintf(buf, len, "slot %llu is backed by guest_memfd: KVM only deletes such "
			 "slots, it never moves or re-flags them", slot);
		break;
	case VMM_MS_OVERLAP:
		if (o)
			snprintf(buf, len, "[0x%llx, 0x%llx) overlaps slot %u [0x%llx, 0x%llx) in "
				 "address space %llu", (unsigned long long)m->gpa,
				 (unsigned long long)(m->gpa + m->size), o->id & 0xffff,
				 (unsigned long long)o->gpa, (unsigned long long)(o->gpa + o->size),
				 as);
		else
			snprintf(buf, len, "[0x%llx, 0x%llx) overlaps another slot in address "
				 "space %llu", (unsigned long long)m->gpa,
				 (unsigned long long)(m->gpa + m->size), as);
		break;
	default:
		snprintf(buf, len, "no rule broken");
		break;
	}
}
