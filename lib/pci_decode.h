/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Security capabilities of one PCI function decoded from its config space
 * bytes (spec C.6): the PCIe capability's TEE-IO bit (TDISP), DOE mailboxes
 * and the IDE capability with its link and selective stream blocks, their
 * RID and address associations. Pure: bytes in, struct out, so dumps, sysfs
 * and the fuzzer share it.
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

#define VMM_PCI_DOE_CAP_INT		(1u << 0)
#define VMM_PCI_DOE_CTRL_ABORT		(1u << 0)
#define VMM_PCI_DOE_CTRL_INT_EN		(1u << 1)
#define VMM_PCI_DOE_CTRL_GO		(1u << 31)
#define VMM_PCI_DOE_STS_BUSY		(1u << 0)
#define VMM_PCI_DOE_STS_INT		(1u << 1)
#define VMM_PCI_DOE_STS_ERROR		(1u << 2)
#define VMM_PCI_DOE_STS_READY		(1u << 31)

#define VMM_PCI_IDE_CAP_LINK		(1u << 0)
#define VMM_PCI_IDE_CAP_SELECTIVE	(1u << 1)
#define VMM_PCI_IDE_CAP_FLOWTHROUGH	(1u << 2)
#define VMM_PCI_IDE_CAP_PARTIAL_HDR	(1u << 3)
#define VMM_PCI_IDE_CAP_AGGREGATION	(1u << 4)
#define VMM_PCI_IDE_CAP_PCRC		(1u << 5)
#define VMM_PCI_IDE_CAP_IDE_KM		(1u << 6)
#define VMM_PCI_IDE_CAP_SEL_CFG		(1u << 7)
#define VMM_PCI_IDE_CAP_TEE_LIMITED	(1u << 24)
#define VMM_PCI_IDE_CAP_XT		(1u << 25)	/* PCIe 6.x; reserved before */
#define VMM_PCI_IDE_CTL_FLOWTHROUGH	(1u << 2)

#define VMM_PCI_DOE_MAX		8
#define VMM_PCI_IDE_LINK_MAX	8
/*
 * What 4096 bytes can hold behind an IDE header (12 bytes at 0x100 or
 * later): selective blocks of at least 20 bytes, address blocks of 12.
 */
#define VMM_PCI_IDE_SEL_MAX	((4096 - 0x100 - 12) / 20)
#define VMM_PCI_IDE_ADDR_MAX	((4096 - 0x100 - 12 - 20) / 12)

struct vmm_pci_doe {
	uint16_t offset;
	uint32_t cap, ctrl, status;
	uint16_t int_msg;		/* interrupt message number, cap bits 11:1 */
};

struct vmm_pci_ide_link {
	uint32_t ctl, sts;
};

/* One address association block: ADDR_1 (valid, low bits), limit upper, base upper. */
struct vmm_pci_ide_addr {
	uint16_t offset;
	uint32_t low, limit_hi, base_hi;
};

struct vmm_pci_ide_sel {
	uint16_t offset;
	uint32_t cap, ctl, sts;
	uint32_t rid1, rid2;		/* RID association: limit; valid, base, segment */
	int addr0;			/* its address blocks: sec->addr[addr0 ...] */
	int naddr;
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
	uint8_t ide_alg;		/* cap bits 12:8 */
	int link_tcs;			/* cap bits 15:13 + 1; 0 without link streams */
	int nlink;
	struct vmm_pci_ide_link link[VMM_PCI_IDE_LINK_MAX];
	int nsel;			/* blocks decoded (may be fewer than announced) */
	int nsel_announced;
	struct vmm_pci_ide_sel sel[VMM_PCI_IDE_SEL_MAX];
	int naddr;
	struct vmm_pci_ide_addr addr[VMM_PCI_IDE_ADDR_MAX];
	bool truncated;			/* a block ran past the bytes given */
};

/*
 * A link or selective stream's control and status registers by field.
 * Link streams leave config_requests, dflt and tee_limited reserved.
 */
struct vmm_pci_ide_stream {
	bool enabled, xt, pcrc, config_requests, dflt, tee_limited, ide_fail;
	uint8_t aggr_npr, aggr_pr, aggr_cpl;	/* Tx aggregation: TLPs per MAC, 1 to 8 */
	uint8_t part_hdr;		/* partial header encryption mode */
	uint8_t alg, tc, id, state;
};

struct vmm_pci_ide_rid {
	bool valid;
	uint16_t base, limit;
	uint8_t segment;
};

struct vmm_pci_ide_range {
	bool valid;
	uint64_t base, limit;		/* limit inclusive: its low 20 bits are all ones */
};

/* Decodes len bytes of config space (64, 256 or 4096). Never fails. */
void vmm_pci_decode(const uint8_t *cfg, size_t len, struct vmm_pci_sec *out);
void vmm_pci_ide_stream_decode(uint32_t ctl, uint32_t sts, struct vmm_pci_ide_stream *out);
void vmm_pci_ide_rid_decode(const struct vmm_pci_ide_sel *b, struct vmm_pci_ide_rid *out);
void vmm_pci_ide_range_decode(const struct vmm_pci_ide_addr *a, struct vmm_pci_ide_range *out);
/* Names: "endpoint", "root_port", ...; "other" for the rest. */
const char *vmm_pci_type_name(uint8_t type);
/* IDE stream state (STS bits 3:0): "insecure", "secure", "other". */
const char *vmm_pci_ide_state_name(uint32_t sts);
/* IDE algorithm number (cap bits 12:8, stream ctl 18:14): "AES-GCM-256-96b", "reserved". */
const char *vmm_pci_ide_alg_name(uint8_t alg);
/* Partial header encryption mode: "none", the address bits encrypted ("17:2"), "reserved". */
const char *vmm_pci_ide_hdr_name(uint8_t mode);

#endif
