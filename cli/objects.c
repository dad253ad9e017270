// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The one command table: every object in help order. Adding an object is
 * one extern and one line here plus its own cmd/<object>.c.
 */
#include "cli.h"

extern const struct vmm_object vmm_obj_help, vmm_obj_version, vmm_obj_session, vmm_obj_set;
extern const struct vmm_object vmm_obj_selftest, vmm_obj_complete, vmm_obj_dump;
extern const struct vmm_object vmm_obj_host, vmm_obj_vm, vmm_obj_mem, vmm_obj_stage2;
extern const struct vmm_object vmm_obj_iommufd, vmm_obj_ioas, vmm_obj_device;
extern const struct vmm_object vmm_obj_pci, vmm_obj_tsm;
extern const struct vmm_object vmm_obj_mte, vmm_obj_hyp, vmm_obj_snapshot, vmm_obj_top;
extern const struct vmm_object vmm_obj_attest, vmm_obj_mr;

const struct vmm_object *const vmm_objects[] = {
	&vmm_obj_host,
	&vmm_obj_vm,
	&vmm_obj_top,
	&vmm_obj_mem,
	&vmm_obj_stage2,
	&vmm_obj_iommufd,
	&vmm_obj_ioas,
	&vmm_obj_device,
	&vmm_obj_pci,
	&vmm_obj_tsm,
	&vmm_obj_attest,
	&vmm_obj_mr,
	&vmm_obj_mte,
	&vmm_obj_hyp,
	&vmm_obj_snapshot,
	&vmm_obj_session,
	&vmm_obj_set,
	&vmm_obj_help,
	&vmm_obj_version,
	&vmm_obj_selftest,
	&vmm_obj_complete,
	&vmm_obj_dump,
	NULL
};
