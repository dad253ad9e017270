// SPDX-License-Identifier: GPL-3.0-or-later
/* PLACEHOLDER */
#include <errno.h>

#include "cmd/vm.h"

int vmm_vm_touch_run(struct vmm_call *c) { return vmm_err(c, VMM_E_NOTSUP, ENOSYS, "todo"); }
