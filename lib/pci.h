/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * PCI functions through libpci: its sysfs backend at the root prefix or its
 * dump backend on an lspci -x/-xxx/-xxxx file. Identity and names from
 * libpci, driver and IOMMU group where the backend knows them, the security
 * capabilities decoded from the config space libpci reads (lib/pci_decode.h),
 * DOE features and the tsm/ directory from sysfs.
 *
 * libpci reports through hooks without a context argument and its error
 * hook must not return; lib/pci.c keeps its messages in struct vmm_pci and
 * leaves a failing libpci call with longjmp (see the comment there).
 */
#ifndef VMM_LIB_PCI_H
#define VMM_LIB_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "pci_decode.h"
#include "sys.h"

#define VMM_PCI_SYSFS		"/sys/bus/pci/devices"
/* opened on first use (lib/pci.c says why) */
#define VMM_LIBPCI_SONAME	"libpci.so.3"
#define VMM_PCI_DOE_FEAT_MAX	16
#define VMM_PCI_MSG_MAX		8

struct vmm_pci_dev {
	uint32_t domain;
	uint8_t bus, dev, fn;
	char bdf[16];			/* 0000:00:00.0 */
	uint16_t vendor, device, subsys_vendor, subsys_device;
	uint32_t class;			/* base << 16 | sub << 8 | prog-if */
	uint8_t rev;
	char vendor_name[128], device_name[128], class_name[128];	/* "" when unknown */
	char driver[64];		/* "" when none or unknown */
	int iommu_group;		/* -1 when none or unknown */
	unsigned int cfg_len;		/* config bytes readable: 64, 256 or 4096; 0 none */
	struct vmm_pci_sec sec;
	bool sysfs;			/* the sysfs facts below were looked for */
	int ndoe_feat;
	char doe_feat[VMM_PCI_DOE_FEAT_MAX][16];	/* "0001:01" */
	bool tsm_dir;			/* <bdf>/tsm/ exists */
};

struct vmm_pci_msg {
	bool debug;
	char text[200];
};

struct vmm_pci;

/*
 * dump NULL: sysfs at s's root. -errno; on -EIO (libpci failed) *out is
 * still set, for vmm_pci_error() and vmm_pci_messages(), and must be closed.
 */
int vmm_pci_open(struct vmm_sys *s, const char *dump, bool debug, struct vmm_pci **out);
void vmm_pci_close(struct vmm_pci *p);
/* Every function, sorted by domain, bus, device, function (malloc'ed array). */
int vmm_pci_scan(struct vmm_pci *p, struct vmm_pci_dev **devs, int *n);
/* One function; -ENOENT when absent. */
int vmm_pci_get(struct vmm_pci *p, uint32_t domain, uint8_t bus, uint8_t dev, uint8_t fn,
		struct vmm_pci_dev *out);
/* libpci's fatal error of the last failing call ("" when the failure was ours). */
const char *vmm_pci_error(const struct vmm_pci *p);
/* libpci's warnings and (with debug) debug lines since open, oldest first. */
int vmm_pci_messages(const struct vmm_pci *p, const struct vmm_pci_msg **msgs);
/* Whether the function can hold a DSM / TDI: PCIe with Selective IDE or TEE-IO. */
bool vmm_pci_tsm_capable(const struct vmm_pci_dev *d);

#endif
