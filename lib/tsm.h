/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The kernel's PCI TSM layer through sysfs (spec C.1, C.2, C.4): registered
 * TSMs, each PCI function's tsm/ directory (connect, disconnect, dsm, bound)
 * and `authenticated`, and the host bridges' Selective IDE stream pools.
 * Every path goes through lib/sys, so a fixture tree at the root prefix
 * stands in for the kernel, writes included.
 */
#ifndef VMM_LIB_TSM_H
#define VMM_LIB_TSM_H

#include <stdbool.h>

#include "sys.h"

#define VMM_TSM_CLASS		"/sys/class/tsm"
#define VMM_TSM_NAME_MAX	32

struct vmm_tsm_dev {
	char bdf[16];
	bool has_connect, has_disconnect, has_dsm, has_bound, has_auth;
	char connect[VMM_TSM_NAME_MAX];	/* "" when not connected */
	char dsm[VMM_TSM_NAME_MAX];	/* BDF of the function's DSM, "" when none */
	char bound[VMM_TSM_NAME_MAX];	/* "" when no TDI is bound */
	char authenticated[VMM_TSM_NAME_MAX];
};

/* Registered TSMs (tsm0, ...), sorted; 0 when the class is empty or missing. */
int vmm_tsm_names(struct vmm_sys *s, char ***names);
/*
 * One function's TSM state: -ENODEV when the function does not exist,
 * -ENOENT when it has no tsm/ directory; absent files leave has_* false.
 */
int vmm_tsm_dev_read(struct vmm_sys *s, const char *bdf, struct vmm_tsm_dev *d);
/* Every function with a tsm/ directory, sorted by BDF (malloc'ed array). */
int vmm_tsm_devs(struct vmm_sys *s, struct vmm_tsm_dev **devs, int *n);
/* The sysfs writes: "tsmN" to connect, the connected name to disconnect. */
int vmm_tsm_connect(struct vmm_sys *s, const char *bdf, const char *tsm);
int vmm_tsm_disconnect(struct vmm_sys *s, const char *bdf, const char *tsm);
/* The path a connect/disconnect writes, for --dry-run. */
void vmm_tsm_attr_path(const char *bdf, const char *attr, char *buf, size_t len);

/* Host-bridge Selective IDE stream pools (spec C.4). */
#define VMM_IDE_STREAMS_MAX	64
struct vmm_ide_stream {
	char name[32];		/* streamH.R.E */
	unsigned int h, r, e;
	char bdf[16];		/* the endpoint the symlink names */
};
struct vmm_ide_hb {
	char name[32];		/* pciDDDD:BB, found through /sys/class/pci_bus/BUS/device */
	int available;		/* available_secure_streams, -1 when absent */
	int nstreams;
	struct vmm_ide_stream streams[VMM_IDE_STREAMS_MAX];
};
int vmm_tsm_ide_scan(struct vmm_sys *s, struct vmm_ide_hb **hbs, int *n);

#endif
