/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An arm64 vCPU's registers as KVM lists them (KVM_GET_REG_LIST), read
 * and written one at a time (KVM_GET_ONE_REG, KVM_SET_ONE_REG), named by
 * group (core, FP/SIMD, system, timer, firmware, SVE), and the writable
 * masks of the feature ID registers (KVM_ARM_GET_REG_WRITABLE_MASKS).
 */
#ifndef VMM_LIB_VCPU_REGS_H
#define VMM_LIB_VCPU_REGS_H

#include <stddef.h>
#include <stdint.h>

#include "sys.h"

#define VMM_REG_MAX_BYTES	256	/* the largest register: an SVE Z register */

/* Every register id of the vCPU; *ids malloc'ed. */
int vmm_vcpu_reg_list(struct vmm_sys *s, int vcpu_fd, uint64_t **ids, size_t *n);
/* A register's size in bytes, from its id. */
size_t vmm_vcpu_reg_size(uint64_t id);
int vmm_vcpu_reg_get(struct vmm_sys *s, int vcpu_fd, uint64_t id, void *buf);
int vmm_vcpu_reg_set(struct vmm_sys *s, int vcpu_fd, uint64_t id, const void *buf);
/*
 * Its name ("x0", "pc", "v31", "fpsr", "ID_AA64PFR0_EL1", "S3_3_C14_C0_2",
 * "PSCI_VERSION", "z0[0]") and group ("core", "fp", "id", "sysreg",
 * "timer", "firmware", "sve", "demux", "other"); the system register's
 * encoding in *enc (op0..op2) when it is one.
 */
const char *vmm_vcpu_reg_name(uint64_t id, char *buf, size_t len, unsigned enc[5]);
/* The feature ID range's writable masks (VM fd), VMM_KVM_ARM_FEATURE_ID_RANGE_SIZE of them. */
int vmm_vm_writable_masks(struct vmm_sys *s, int vm_fd, uint64_t *masks);
/* Its index in that array for a register of the feature ID space, or -1. */
int vmm_feature_id_idx(const unsigned enc[5]);

#endif
