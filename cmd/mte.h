/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What cmd/vm.c needs from cmd/mte.c: MTE on a new VM (vm create --mte). */
#ifndef VMM_CMD_MTE_H
#define VMM_CMD_MTE_H

#include "cmd/vm.h"

/* KVM_ENABLE_CAP(KVM_CAP_ARM_MTE) on vm (named name); error recorded; dry run honoured. */
int vmm_mte_enable_vm(struct vmm_call *c, struct vmm_vm *vm, const char *name);

#endif
