/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vmm_tsm_test: an emulated PCI host bridge with a TEE-IO capable endpoint,
 * and a link TSM that connects it through the kernel's PCI TSM core, so
 * that vmmctl's tsm commands run against the real core (drivers/pci/tsm.c,
 * ide.c, doe.c and virt/coco/tsm-core.c) in the arm64 rig.
 */
#ifndef VMM_TSM_TEST_H
#define VMM_TSM_TEST_H

#include <linux/pci.h>

/* emul.c: the host bridge, its root port and the two-function endpoint */
int tt_emul_add(struct device *parent, unsigned int nr_streams);
void tt_emul_remove(void);

/* what the tests look the functions up by (lspci -d 1b36:) */
#define TT_VENDOR	0x1b36
#define TT_DEV_RP	0x7ff0
#define TT_DEV_EP	0x7ff1

#endif
