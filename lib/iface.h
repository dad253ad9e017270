/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The kernel interfaces a host may lack (/dev/kvm, /dev/iommu, /dev/gunyah).
 * One place decides whether this host offers one and says why not, so that
 * `host features` and every command that needs one give the same reason.
 */
#ifndef VMM_LIB_IFACE_H
#define VMM_LIB_IFACE_H

#include <stdbool.h>
#include <stddef.h>

enum vmm_iface {
	VMM_IFACE_KVM,
	VMM_IFACE_IOMMUFD,
	VMM_IFACE_GUNYAH,
};

/* The device node of an interface, as the user sees it (no root prefix). */
const char *vmm_iface_path(enum vmm_iface id);

/*
 * Whether an open's errno (positive) means that this host does not offer the
 * interface at all: no node, not a character device, a node nobody answers
 * on, or one that is not the interface (ENOTTY, EPROTO: lib/kvm.c).
 */
bool vmm_iface_absent(int err);

/* Why the interface is unavailable after its open failed with err (positive). */
const char *vmm_iface_reason(enum vmm_iface id, int err, char *buf, size_t len);

#endif
