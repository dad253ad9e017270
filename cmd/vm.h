/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the vm and mem objects share: a VM this session owns (vm0, vm1, ...)
 * with the memory regions it added, and the handlers split across files
 * (cmd/vm.c owned VMs, cmd/vm_observe.c observed ones, cmd/mem.c KVM slots,
 * cmd/mem_gunyah.c Gunyah regions).
 */
#ifndef VMM_CMD_VM_H
#define VMM_CMD_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cmd.h"
#include "cli/vmref.h"
#include "lib/vm.h"


/* Backing memory (cmd/mem.c), shared by KVM slots and Gunyah regions. */
/* Reads --anon | --file PATH[:OFFSET] | --memfd into r (backing, path, offset). */
int vmm_mem_parse_backing(struct vmm_call *c, struct vmm_region *r);
/* Maps r->size bytes of r's backing: sets hva, map_len and fd; error recorded. */
int vmm_mem_map_backing(struct vmm_call *c, struct vmm_region *r);
/* A dry-run operation describing that mapping. */
json_object *vmm_mem_backing_op(const struct vmm_region *r);

/* `vm touch` (cmd/vm_touch.c). */
int vmm_vm_touch_run(struct vmm_call *c);
extern const struct vmm_opt vmm_vm_touch_opts[];
/* A session VM's vCPU 0, created (and on arm64 initialised) on first use: its fd, or -errno. */
int vmm_vm_vcpu0(struct vmm_call *c, struct vmm_vm *vm);

/* vCPU registers (cmd/vm_regs.c): `vm regs` (session VMs) and `vm idregs` (any VM). */
int vmm_vm_regs_run(struct vmm_call *c);
int vmm_vm_idregs_run(struct vmm_call *c);
void vmm_vm_regs_text(json_object *res, FILE *f);
extern const struct vmm_arg vmm_vm_regs_args[];
extern const struct vmm_opt vmm_vm_regs_opts[], vmm_vm_idregs_opts[];

/* Observed VMs (cmd/vm_observe.c). */
int vmm_vm_list_run(struct vmm_call *c);
int vmm_vm_show_run(struct vmm_call *c);
int vmm_vm_stats_run(struct vmm_call *c);
void vmm_vm_list_text(json_object *res, FILE *f);
void vmm_vm_stats_text(json_object *res, FILE *f);
void vmm_vm_list_metrics(json_object *res, struct vmm_metrics *m);
void vmm_vm_stats_metrics(json_object *res, struct vmm_metrics *m);

/* arm64 vGIC state of any VM (cmd/vm_irqs.c). */
extern const struct vmm_opt vmm_vm_irqs_opts[];
extern const struct vmm_opt vmm_vm_its_opts[];
int vmm_vm_irqs_run(struct vmm_call *c);
int vmm_vm_its_run(struct vmm_call *c);
void vmm_vm_irqs_text(json_object *res, FILE *f);
void vmm_vm_its_text(json_object *res, FILE *f);

/* Gunyah (cmd/mem_gunyah.c): vm create --hv gunyah, mem add/del on its VM. */
int vmm_vm_gh_create(struct vmm_call *c, struct vmm_vm *vm);
int vmm_mem_gh_add(struct vmm_call *c, struct vmm_vm *vm);
int vmm_mem_gh_del(struct vmm_call *c, struct vmm_vm *vm);
/* One region as a JSON object for `mem list`. */
json_object *vmm_mem_gh_describe(const struct vmm_region *r);

#endif
