// SPDX-License-Identifier: GPL-3.0-or-later
/* tsm bind, unbind: placeholder until the proposed ABIs are wired (see below). */
#include <errno.h>

#include "cmd/pci.h"
#include "cmd/tsm.h"

static const char *const abi_choices[] = { "cca-rfc-v1", "tsm-v5", NULL };

const struct vmm_arg vmm_tsm_bdf_arg[] = {
	{ "BDF", VMM_T_BDF, "the PCI function (bound to vfio-pci)", NULL, &vmm_comp_bdf },
	{ 0 }
};

const struct vmm_opt vmm_tsm_bind_opts[] = {
	{ "vm", 0, VMM_T_VM, "VM", "the session VM the TDI is bound to (vm0)" },
	{ "tdi-id", 0, VMM_T_U64, "N", "the TDI id the VM sees (the vDEVICE's virt_id)" },
	{ "abi", 0, VMM_T_ENUM, "ABI", "the proposed uAPI to use", abi_choices },
	{ 0 }
};

const struct vmm_opt vmm_tsm_unbind_opts[] = {
	{ 0 }
};

int vmm_tsm_bind_run(struct vmm_call *c)
{
	return vmm_err(c, VMM_E_NOTSUP, ENOTTY, "not yet");
}

int vmm_tsm_unbind_run(struct vmm_call *c)
{
	return vmm_err(c, VMM_E_NOTSUP, ENOTTY, "not yet");
}
