/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd/tsm.c and cmd/tsm_bind.c: the bind commands' table entries and shared JSON. */
#ifndef VMM_CMD_TSM_H
#define VMM_CMD_TSM_H

#include "cli/cmd.h"
#include "lib/tsm.h"

/* kind: "device" in tsm list, NULL elsewhere. */
json_object *vmm_tsm_dev_json(const struct vmm_tsm_dev *d, const char *kind);

int vmm_tsm_bind_run(struct vmm_call *c);
int vmm_tsm_unbind_run(struct vmm_call *c);
extern const struct vmm_arg vmm_tsm_bdf_arg[];
extern const struct vmm_opt vmm_tsm_bind_opts[];
extern const struct vmm_opt vmm_tsm_unbind_opts[];

#define VMM_TSM_BIND_CMDS \
	{ "bind", NULL, "bind a TDI to a VM through a proposed uAPI named by --abi " \
	  "(session: held while the session runs)", vmm_tsm_bdf_arg, vmm_tsm_bind_opts, \
	  vmm_tsm_bind_run, NULL, VMM_CMD_MUTATING | VMM_CMD_NEEDS_ROOT | VMM_CMD_SESSION }, \
	{ "unbind", NULL, "unbind a TDI this session bound", vmm_tsm_bdf_arg, \
	  vmm_tsm_unbind_opts, vmm_tsm_unbind_run, NULL, \
	  VMM_CMD_MUTATING | VMM_CMD_NEEDS_ROOT | VMM_CMD_SESSION }
#endif
