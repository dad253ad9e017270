/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What cmd/tsm.c shares with cmd/pci.c: opening libpci the session's way, BDFs. */
#ifndef VMM_CMD_PCI_H
#define VMM_CMD_PCI_H

#include "cli/cmd.h"
#include "lib/pci.h"

/* libpci on --pci-dump or sysfs at --root; errors recorded in c. */
int vmm_pci_cmd_open(struct vmm_call *c, struct vmm_pci **p);
/* libpci's warnings (and debug lines with -vv) to stderr, then close. */
void vmm_pci_cmd_close(struct vmm_call *c, struct vmm_pci *p);
/* The canonical form of a parsed BDF: 0000:01:00.0. */
void vmm_pci_bdf_format(const struct vmm_bdf *b, char *buf, size_t len);
extern const struct vmm_completer vmm_comp_bdf;
/* The one positional BDF of pci show and tsm show/connect/disconnect. */
extern const struct vmm_arg vmm_pci_bdf_arg[];

#endif
