// SPDX-License-Identifier: GPL-3.0-or-later
/* PLACEHOLDER: replaced by the observed-VM implementation. */
#include <errno.h>

#include "cmd/vm.h"

int vmm_vm_list_run(struct vmm_call *c) { return vmm_err(c, VMM_E_NOTSUP, ENOSYS, "todo"); }
int vmm_vm_show_run(struct vmm_call *c) { return vmm_err(c, VMM_E_NOTSUP, ENOSYS, "todo"); }
int vmm_vm_stats_run(struct vmm_call *c) { return vmm_err(c, VMM_E_NOTSUP, ENOSYS, "todo"); }
void vmm_vm_list_text(json_object *res, FILE *f) { (void)res; (void)f; }
void vmm_vm_stats_text(json_object *res, FILE *f) { (void)res; (void)f; }
static void comp_vm(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{ (void)ctx; (void)prefix; (void)out; }
const struct vmm_completer vmm_comp_vm = { "vm", comp_vm };
