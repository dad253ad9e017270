/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * arm64 ID registers: the field table (lib/idregs_tab.c), decoding a value
 * into its fields, KVM's register ids for system registers, and the
 * per-VM debugfs files idregs and resx (arch/arm64/kvm/sys_regs.c:
 * "%20s:\t%016llx" and "%20s:\tRES0:%016llx\tRES1:%016llx").
 */
#ifndef VMM_LIB_IDREGS_H
#define VMM_LIB_IDREGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys.h"

struct vmm_idreg_val {
	uint8_t v;
	const char *name;
};

struct vmm_idreg_field {
	const char *name;
	uint8_t lsb, width;
	bool is_signed;
	const struct vmm_idreg_val *vals;
	uint8_t nvals;
};

struct vmm_idreg {
	const char *name;
	uint8_t op0, op1, crn, crm, op2;
	const struct vmm_idreg_field *fields;
	size_t nfields;
};

extern const struct vmm_idreg vmm_idregs[];
extern const size_t vmm_nidregs;

/* By name (case-insensitive, "SYS_" and "_EL1" optional) or by encoding; NULL when unknown. */
const struct vmm_idreg *vmm_idreg_by_name(const char *name);
const struct vmm_idreg *vmm_idreg_by_enc(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
					 unsigned op2);
const struct vmm_idreg_field *vmm_idreg_field(const struct vmm_idreg *r, const char *name);
/* A field's value (sign-extended for a signed field) and the name the architecture gives it, or NULL. */
int64_t vmm_idreg_field_get(const struct vmm_idreg_field *f, uint64_t reg);
const char *vmm_idreg_field_meaning(const struct vmm_idreg_field *f, uint64_t reg);
uint64_t vmm_idreg_field_mask(const struct vmm_idreg_field *f);

/* KVM's id of a system register (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | ...). */
uint64_t vmm_idreg_kvm_id(const struct vmm_idreg *r);

struct vmm_idregs_line {
	char name[32];
	uint64_t value;			/* idregs */
	uint64_t res0, res1;		/* resx */
};

/*
 * One debugfs file's text: idregs (resx false) or resx (true), every line
 * checked; -EINVAL with why naming the line. *out is malloc'ed.
 */
int vmm_idregs_parse(const char *text, bool resx, struct vmm_idregs_line **out, int *n,
		     char *why, size_t whylen);

#endif
