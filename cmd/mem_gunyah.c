// SPDX-License-Identifier: GPL-3.0-or-later
/* PLACEHOLDER: replaced by the Gunyah implementation. */
#include <errno.h>

#include "cmd/vm.h"

int vmm_vm_gh_create(struct vmm_call *c, struct vmm_vm *vm) { (void)vm; return vmm_err(c, VMM_E_NOTSUP, ENOSYS, "todo"); }
int vmm_mem_gh_add(struct vmm_call *c, struct vmm_vm *vm) { (void)vm; return vmm_err(c, VMM_E_NOTSUP, ENOSYS, "todo"); }
int vmm_mem_gh_del(struct vmm_call *c, struct vmm_vm *vm) { (void)vm; return vmm_err(c, VMM_E_NOTSUP, ENOSYS, "todo"); }
json_object *vmm_mem_gh_describe(const struct vmm_region *r) { (void)r; return NULL; }
