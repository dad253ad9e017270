/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Security capabilities of one PCI function decoded from its config space
 * bytes (spec C.6): the PCIe capability's TEE-IO bit (TDISP), DOE mailboxes
 * and the IDE capability with its link and selective stream blocks. Pure:
 * bytes in, struct out, so dumps, sysfs and the fuzzer share it.
 */
#ifndef VMM_LIB_PCI_DECODE_H
#define VMM_LIB_PCI_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMM_PCI_CAP_ID_EXP		0x10
#define VMM_PCI_EXT_CAP_ID_DOE		0x2e
#define VMM_PCI_EXT_CAP_ID_IDE		0x30
#define VMM_PCI_EXP_DEVCAP_TEE		0x40000000u

#define VMM_PCI_IDE_CAP_LINK		(1u << 0)
#define VMM_PCI_IDE_CAP_SELECTIVE	(1u << 1)
#define VMM_PCI_IDE_CAP_FLOWTHROUGH	(1u << 2)
#define VMM_PCI_IDE_CAP_PARTIAL_HDR	(1u << 3)
#define VMM_PCI_IDE_CAP_AGGREGATION	(1u << 4)
#define VMM_PCI_IDE_CAP_PCRC		(1u << 5)
#define VMM_PCI_IDE_CAP_IDE_KM		(1u << 6)
#define VMM_PCI_IDE_CAP_SEL_CFG		(1u << 7)
#define VMM_PCI_IDE_CAP_TEE_LIMITED	(1u << 24)

#define VMM_PCI_DOE_MAX		8
#define VMM_PCI_IDE_LINK_MAX	8
#define VMM_PCI_IDE_SEL_MAX	256

struct vmm_pci_doe {
	uint16_t offset;
	uint32_t cap, ctrl, status;
};

struct vmm_pci_ide_link {
	uint32_t ctl, sts;
};

struct vmm_pci_ide_sel {
	uint16_t offset;
	uint32_t cap, ctl, sts;
};

struct vmm_pci_sec {
	bool pcie;
	uint8_t pcie_type;		/* device/port type, PCIe cap +2 bits 7:4 */
	uint32_t devcap;		/* PCIe cap +4 */
	bool tee_io;			/* devcap bit 30: TDISP */
	int ndoe;
	struct vmm_pci_doe doe[VMM_PCI_DOE_MAX];
	bool ide;
	uint16_t ide_offset;
	uint32_t ide_cap, ide_ctl;
	int nlink;
	struct vmm_pci_ide_link link[VMM_PCI_IDE_LINK_MAX];
	int nsel;			/* blocks decoded (may be fewer than announced) */
	int nsel_announced;
	struct vmm_pci_ide_sel sel[VMM_PCI_IDE_SEL_MAX];
	bool truncated;			/* a block ran past the bytes given */
};

/* Decodes len bytes of config space (64, 256 or 4096). Never fails. */
void vmm_pci_decode(const uint8_t *cfg, size_t len, struct vmm_pci_sec *out);
/* Names: "endpoint", "root_port", ...; "other" for the rest. */
const char *vmm_pci_type_name(uint8_t type);
/* IDE stream state (STS bits 3:0): "insecure", "secure", "other". */
const char *vmm_pci_ide_state_name(uint32_t sts);

#endif
