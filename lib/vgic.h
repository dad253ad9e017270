/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The arm64 vGIC state KVM writes in a VM's debugfs directory
 * (arch/arm64/kvm/vgic/vgic-debug.c): vgic-state, the distributor and one
 * line per interrupt, and vgic-its-state@BASE, the translations of the ITS
 * at guest physical BASE (hex), device by device.
 *
 * The parsers are strict: every line must be what the kernel's format
 * strings print, with printf's padding exactly (a number shorter than its
 * field is right-aligned in spaces, a longer one takes the room it needs),
 * numbers in the range of the kernel's type, flags 0 or 1. The first line
 * that is not gives -EINVAL with its number and what was expected there.
 */
#ifndef VMM_LIB_VGIC_H
#define VMM_LIB_VGIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys.h"

#define VMM_VGIC_STATE		"vgic-state"
#define VMM_VGIC_ITS_PREFIX	"vgic-its-state@"
#define VMM_VGIC_MAX_SPI	1019u	/* SPIs are 32..1018 */
#define VMM_VGIC_MIN_LPI	8192u
#define VMM_VGIC_UNMAPPED	0xffffffffu	/* a collection's target when not mapped */
/* the largest file read: 512 vCPUs of 32 lines, 988 SPIs and many LPIs */
#define VMM_VGIC_MAX_FILE	(64u << 20)

enum vmm_vgic_type { VMM_VGIC_SGI, VMM_VGIC_PPI, VMM_VGIC_SPI, VMM_VGIC_LPI };

/* Where a parse stopped: the line (from 1) and what it should have been. */
struct vmm_vgic_perr {
	unsigned int line;
	char what[96];
};

/* One line of vgic-state. */
struct vmm_vgic_irq {
	enum vmm_vgic_type type;
	int32_t vcpu;		/* the section's vCPU (its redistributor), -1: SPI section */
	uint32_t intid;
	int32_t target;		/* TGT_ID: the vCPU it targets, -1 none */
	bool pending;		/* P: pending_latch */
	bool line_level;	/* L */
	bool active;		/* A */
	bool enabled;		/* E */
	bool hw;		/* H: backed by a host interrupt */
	bool level;		/* C: level (1) or edge (0) configured */
	uint8_t group;		/* G */
	uint32_t hwintid;	/* HWID, 0 .. INT32_MAX */
	uint32_t mpidr;		/* TARGET (GICv3 routing), hex */
	uint8_t source;		/* SRC: SGI sources, hex */
	uint8_t priority;	/* PRI */
	int32_t queued;		/* VCPU_ID: the vCPU whose list holds it, -1 none */
};

struct vmm_vgic_state {
	bool v3;		/* vgic_model GICv3, else GICv2 */
	int32_t nr_spis;
	int32_t nr_lpis;	/* -1 for GICv2, which has no such line */
	bool enabled;		/* the distributor's enable */
	bool initialized;	/* per-IRQ sections follow (the vGIC is initialized) */
	int32_t vcpus;		/* VCPU sections */
	struct vmm_vgic_irq *irqs;
	size_t n;
};

/* One row of an ITS file: an event of a device, translated. */
struct vmm_vgic_event {
	uint32_t event_id, intid, hwintid;
	uint32_t target;	/* the collection's target vCPU, VMM_VGIC_UNMAPPED if none */
	uint32_t collection;
	bool hw;
};

struct vmm_vgic_device {
	uint32_t device_id;
	uint64_t event_id_max;	/* 2^bits - 1 */
	unsigned int event_id_bits;
	size_t first, n;	/* its events in the file's events[] */
};

struct vmm_vgic_its {
	uint64_t base;
	struct vmm_vgic_device *devs;
	size_t ndevs;
	struct vmm_vgic_event *events;
	size_t nevents;
};

/* Parse a whole vgic-state text of len bytes: 0, or -EINVAL with *e, -ENOMEM. Pure. */
int vmm_vgic_parse_state(const char *text, size_t len, struct vmm_vgic_state *st,
			 struct vmm_vgic_perr *e);
void vmm_vgic_state_free(struct vmm_vgic_state *st);
/* Parse a whole vgic-its-state@ text: 0, or -EINVAL with *e, -ENOMEM. Pure. */
int vmm_vgic_parse_its(const char *text, size_t len, struct vmm_vgic_its *its,
		       struct vmm_vgic_perr *e);
void vmm_vgic_its_free(struct vmm_vgic_its *its);
/* "vgic-its-state@HEX" (lowercase, no leading zero, fits 64 bits): 0 and *base, else -EINVAL. */
int vmm_vgic_its_name(const char *name, uint64_t *base);
const char *vmm_vgic_type_name(enum vmm_vgic_type t);

/*
 * kvm/<dbg>/vgic-state read and parsed: 0; -errno of the read (ENOENT: no
 * vGIC file) recorded with the path; -EINVAL when it does not parse, with *e.
 */
int vmm_vgic_read_state(struct vmm_sys *s, const char *dbg, struct vmm_vgic_state *st,
			struct vmm_vgic_perr *e);
/* The bases of kvm/<dbg>/vgic-its-state@* sorted in *bases (malloc'ed): their count or -errno. */
int vmm_vgic_its_bases(struct vmm_sys *s, const char *dbg, uint64_t **bases);
/* kvm/<dbg>/vgic-its-state@<base> read and parsed, as vmm_vgic_read_state. */
int vmm_vgic_read_its(struct vmm_sys *s, const char *dbg, uint64_t base,
		      struct vmm_vgic_its *its, struct vmm_vgic_perr *e);

#endif
