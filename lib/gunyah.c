// SPDX-License-Identifier: GPL-3.0-or-later
#include "gunyah.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>

int vmm_gh_open(struct vmm_sys *s)
{
	return vmm_sys_open_dev(s, VMM_GH_DEV);
}

int vmm_gh_create_vm(struct vmm_sys *s, int dev_fd)
{
	return vmm_sys_ioctl_int(s, dev_fd, VMM_GH_CREATE_VM, "GH_CREATE_VM", 0);
}

int vmm_gh_set_region(struct vmm_sys *s, int vm_fd, const struct vmm_gh_user_mem_region *r)
{
	/* the kernel only reads the argument: a copy keeps the caller's const */
	struct vmm_gh_user_mem_region arg = *r;

	return vmm_sys_ioctl(s, vm_fd, VMM_GH_VM_SET_USER_MEM_REGION,
			     "GH_VM_SET_USER_MEM_REGION", &arg);
}

/* Both sizes are non-zero and neither range wraps when this is asked. */
static bool overlaps(const struct vmm_gh_region *a, const struct vmm_gh_region *b)
{
	return a->gpa < b->gpa + b->size && b->gpa < a->gpa + a->size;
}

/* The request itself: the ioctl's flag check first, then the patch's own order. */
static int check_shape(const struct vmm_gh_region *r, uint64_t page)
{
	uint64_t mask = page - 1;

	if (r->flags & ~VMM_GH_MEM_KNOWN)
		return VMM_GH_FLAGS_UNKNOWN;
	if (!r->size)
		return VMM_GH_SIZE_ZERO;
	if (r->size & mask)
		return VMM_GH_SIZE_ALIGN;
	if (r->gpa & mask)
		return VMM_GH_GPA_ALIGN;
	if (r->hva & mask)
		return VMM_GH_HVA_ALIGN;
	if (r->offset & mask)
		return VMM_GH_OFFSET_ALIGN;
	if (r->gpa + r->size < r->gpa)
		return VMM_GH_WRAP;
	return VMM_GH_OK;
}

int vmm_gh_check(enum vmm_gh_op op, const struct vmm_gh_region *r,
		 const struct vmm_gh_region *cur, int n, uint64_t page, int *other)
{
	int rule, self = -1;

	*other = -1;
	for (int i = 0; i < n && self < 0; i++)
		if (cur[i].label == r->label)
			self = i;
	if (op == VMM_GH_REMOVE) {
		/* removal reads the label alone (and the flag word, which must be known) */
		if (r->flags & ~VMM_GH_MEM_KNOWN)
			return VMM_GH_FLAGS_UNKNOWN;
		*other = self;
		return self < 0 ? VMM_GH_LABEL_UNKNOWN : VMM_GH_OK;
	}
	rule = check_shape(r, page);
	if (rule)
		return rule;
	if (self >= 0) {
		*other = self;
		return VMM_GH_LABEL_EXISTS;
	}
	for (int i = 0; i < n; i++)
		if (overlaps(r, &cur[i])) {
			*other = i;
			return VMM_GH_OVERLAP;
		}
	return VMM_GH_OK;
}

static const char *const rule_names[VMM_GH__COUNT] = {
	[VMM_GH_OK] = "ok",
	[VMM_GH_FLAGS_UNKNOWN] = "flags_unknown",
	[VMM_GH_SIZE_ZERO] = "size_zero",
	[VMM_GH_SIZE_ALIGN] = "size_align",
	[VMM_GH_GPA_ALIGN] = "gpa_align",
	[VMM_GH_HVA_ALIGN] = "hva_align",
	[VMM_GH_OFFSET_ALIGN] = "offset_align",
	[VMM_GH_WRAP] = "gpa_wrap",
	[VMM_GH_LABEL_EXISTS] = "label_exists",
	[VMM_GH_OVERLAP] = "overlap",
	[VMM_GH_LABEL_UNKNOWN] = "label_unknown",
};

const char *vmm_gh_rule_name(int rule)
{
	return rule >= 0 && rule < VMM_GH__COUNT ? rule_names[rule] : "unknown";
}

int vmm_gh_rule_code(int rule)
{
	switch (rule) {
	case VMM_GH_OK:
		return 0;
	case VMM_GH_LABEL_EXISTS:
	case VMM_GH_OVERLAP:
		return EEXIST;
	case VMM_GH_LABEL_UNKNOWN:
		return ENOENT;
	default:
		return EINVAL;
	}
}

static void align_msg(char *buf, size_t len, const char *field, uint64_t v, uint64_t page)
{
	snprintf(buf, len, "%s 0x%llx is not a multiple of the %llu-byte page", field,
		 (unsigned long long)v, (unsigned long long)page);
}

void vmm_gh_explain(int rule, const struct vmm_gh_region *r, const struct vmm_gh_region *o,
		    uint64_t page, char *buf, size_t len)
{
	unsigned long long gpa = r->gpa, end = r->gpa + r->size;

	switch (rule) {
	case VMM_GH_FLAGS_UNKNOWN:
		snprintf(buf, len, "flags 0x%x has bits 0x%x the v8 ABI does not define "
			 "(GH_MEM_ALLOW_READ 0x1, _WRITE 0x2, _EXEC 0x4, GH_MEM_LENT 0x8)",
			 r->flags, r->flags & ~VMM_GH_MEM_KNOWN);
		break;
	case VMM_GH_SIZE_ZERO:
		snprintf(buf, len, "memory_size 0 removes the region with label %u instead of "
			 "adding one: use 'mem del'", r->label);
		break;
	case VMM_GH_SIZE_ALIGN:
		align_msg(buf, len, "memory_size", r->size, page);
		break;
	case VMM_GH_GPA_ALIGN:
		align_msg(buf, len, "guest_phys_addr", r->gpa, page);
		break;
	case VMM_GH_HVA_ALIGN:
		align_msg(buf, len, "userspace_addr", r->hva, page);
		break;
	case VMM_GH_OFFSET_ALIGN:
		snprintf(buf, len, "file offset 0x%llx is not a multiple of the %llu-byte page "
			 "(userspace_addr could not be aligned)", (unsigned long long)r->offset,
			 (unsigned long long)page);
		break;
	case VMM_GH_WRAP:
		snprintf(buf, len, "guest_phys_addr 0x%llx + memory_size 0x%llx wraps around",
			 gpa, (unsigned long long)r->size);
		break;
	case VMM_GH_LABEL_EXISTS:
		if (o)
			snprintf(buf, len, "label %u is already in use by [0x%llx, 0x%llx): "
				 "'mem del' removes it first", r->label,
				 (unsigned long long)o->gpa,
				 (unsigned long long)(o->gpa + o->size));
		else
			snprintf(buf, len, "label %u is already in use", r->label);
		break;
	case VMM_GH_OVERLAP:
		if (o)
			snprintf(buf, len, "[0x%llx, 0x%llx) overlaps label %u [0x%llx, 0x%llx)",
				 gpa, end, o->label, (unsigned long long)o->gpa,
				 (unsigned long long)(o->gpa + o->size));
		else
			snprintf(buf, len, "[0x%llx, 0x%llx) overlaps another region", gpa, end);
		break;
	case VMM_GH_LABEL_UNKNOWN:
		snprintf(buf, len, "no region with label %u: the kernel answers 0 to removing "
			 "an unknown label, and vmmctl does not issue such a no-op", r->label);
		break;
	default:
		snprintf(buf, len, "no rule broken");
		break;
	}
}
