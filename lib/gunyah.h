/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Gunyah VM manager of the v8 RFC (lib/uapi/rfc-gunyah.h): /dev/gunyah,
 * GH_CREATE_VM and GH_VM_SET_USER_MEM_REGION, plus the rules the patch and
 * its review give a region, as a pure function so vmmctl can name the field
 * or the region in the way before the ioctl, and explain the kernel's errno
 * when the check was skipped.
 */
#ifndef VMM_LIB_GUNYAH_H
#define VMM_LIB_GUNYAH_H

#include <stddef.h>
#include <stdint.h>

#include "sys.h"
#include "uapi/rfc-gunyah.h"

#define VMM_GH_DEV "/dev/gunyah"

/* Opens /dev/gunyah read-write: the fd, or -errno (ENODEV: not a character device). */
int vmm_gh_open(struct vmm_sys *s);
/* GH_CREATE_VM; returns the VM fd or -errno. */
int vmm_gh_create_vm(struct vmm_sys *s, int dev_fd);
/* GH_VM_SET_USER_MEM_REGION: adds a region, or removes one (memory_size 0). */
int vmm_gh_set_region(struct vmm_sys *s, int vm_fd, const struct vmm_gh_user_mem_region *r);

/* A region as the rules see it. */
struct vmm_gh_region {
	uint32_t label;
	uint32_t flags;		/* GH_MEM_* */
	uint64_t gpa;
	uint64_t size;
	uint64_t hva;		/* 0 while not mapped yet */
	uint64_t offset;	/* file offset behind hva */
};

enum vmm_gh_op {
	VMM_GH_ADD,
	VMM_GH_REMOVE,
};

enum vmm_gh_rule {
	VMM_GH_OK,
	VMM_GH_FLAGS_UNKNOWN,
	VMM_GH_SIZE_ZERO,
	VMM_GH_SIZE_ALIGN,
	VMM_GH_GPA_ALIGN,
	VMM_GH_HVA_ALIGN,
	VMM_GH_OFFSET_ALIGN,
	VMM_GH_WRAP,
	VMM_GH_LABEL_EXISTS,
	VMM_GH_OVERLAP,
	VMM_GH_LABEL_UNKNOWN,
	VMM_GH__COUNT
};

/*
 * Checks op on r against the regions cur[0..n) with page size page.
 * Returns the first rule broken or VMM_GH_OK; *other is the index in cur of
 * the region in the way (label in use, overlap, the region to remove) or -1.
 */
int vmm_gh_check(enum vmm_gh_op op, const struct vmm_gh_region *r,
		 const struct vmm_gh_region *cur, int n, uint64_t page, int *other);
/* The errno the rule stands for: EINVAL, EEXIST, or ENOENT (a removal vmmctl refuses). */
int vmm_gh_rule_code(int rule);
/* A stable identifier: "gpa_align", "label_exists", ... */
const char *vmm_gh_rule_name(int rule);
/* One sentence naming the field, or the label and range in the way (other may be NULL). */
void vmm_gh_explain(int rule, const struct vmm_gh_region *r, const struct vmm_gh_region *other,
		    uint64_t page, char *buf, size_t len);

#endif
