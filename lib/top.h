/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The model behind `vmmctl top`: every VM on the host (lib/procfs.c's scan,
 * as `vm list` finds them), sampled again at each refresh, with rates per
 * second of KVM's counters from debugfs, the process's guest memory, and
 * the stage-2 mapped bytes read on a slower cadence of their own, and, in
 * nVHE and protected mode while the hypervisor's trace remote traces, the
 * time the VM's vCPUs spent at EL2 since the refresh before (the events each
 * CPU's buffer gained since then, paired as `hyp trace summary` pairs
 * them). Rows are added and dropped as VMs appear and exit.
 */
#ifndef VMM_LIB_TOP_H
#define VMM_LIB_TOP_H

#include <stdbool.h>
#include <stdint.h>

#include "kvm_stats.h"
#include "sys.h"

/* The rate columns: each the sum of the stats of its arch that exist. */
enum vmm_top_rate {
	VMM_TOP_EXITS,
	VMM_TOP_HALT,		/* halt_wakeup */
	VMM_TOP_MMIO,
	VMM_TOP_HVC,		/* x86: hypercalls */
	VMM_TOP_WFX,		/* WFI and WFE; x86: HLT exits */
	VMM_TOP_SIGNAL,
	VMM_TOP__RATES
};
/* "exits", "halt", "mmio", "hvc", "wfx", "signal" */
const char *vmm_top_rate_name(enum vmm_top_rate r);
/* The stat names a rate sums, arm64's and x86's, NULL-terminated (at most 3). */
const char *const *vmm_top_rate_stats(enum vmm_top_rate r);

struct vmm_top_row {
	char id[32];		/* PID-FD, as `vm list` names it */
	int32_t pid, fd, tid;	/* tid -1: not known */
	char comm[64];
	int vcpus;		/* -1: not known */
	uint64_t mem_bytes;	/* the mappings that can back guest RAM */
	char debugfs[32];	/* "TID-FD", "" when none */
	struct vmm_stats cur, prev;
	uint64_t cur_ns, prev_ns;	/* 0: no sample */
	bool rate_ok[VMM_TOP__RATES];
	double rate[VMM_TOP__RATES];
	bool count_ok[VMM_TOP__RATES];
	uint64_t count[VMM_TOP__RATES];	/* the sums of the stats' values now */
	bool hyp_ok;		/* hyp_ns holds this refresh's hypervisor time */
	uint64_t hyp_ns;	/* ns at EL2 for the VM's vCPUs since the refresh before */
	bool s2_known;
	uint64_t s2_mapped, s2_ns;
	int s2_err;		/* positive errno of the last read, 0 */
	uint32_t gen;
};

/* The longest trace line kept as a CPU's marker; the CPUs read at the most. */
#define VMM_TOP_HYP_LINE	160
#define VMM_TOP_HYP_CPUS	512

/* Stage-2 dumps read per refresh at the most, and how old a value may get. */
#define VMM_TOP_S2_PER_REFRESH	2
#define VMM_TOP_S2_EVERY_NS	(10ull * 1000000000ull)

struct vmm_top {
	struct vmm_top_row *rows;
	int n, cap;
	uint32_t gen;
	uint64_t now_ns, prev_ns;	/* of the last two refreshes; 0: none */
	bool s2;		/* read stage-2 dumps at all */
	/* what the last refresh could not see, for the status line */
	int unreadable;		/* processes whose fds were refused */
	int debugfs_err;	/* positive errno: kvm/ in debugfs did not list */
	int refused;		/* stat files refused (a locked-down debugfs) */
	int refused_err;
	int s2_reads;		/* dumps read in the last refresh */
	bool hyp_remote;	/* the hypervisor's trace remote is there (nVHE, protected) */
	bool hyp_on;		/* ... and traces */
	bool hyp_ready;		/* ... and a refresh before this one saw where it was */
	/*
	 * Per CPU, the last line of its buffer at the refresh before: what
	 * follows it is new. The hypervisor's clock jumps both ways (lib/hyp.h),
	 * so a time cannot say what is new; a CPU's buffer is in the order its
	 * events were written.
	 */
	char (*hyp_last)[VMM_TOP_HYP_LINE];
	int hyp_ncpus;
};

void vmm_top_init(struct vmm_top *t, bool s2);
/*
 * Samples every VM at now_ns: rows for new VMs, the ones gone dropped,
 * counters and rates, at most VMM_TOP_S2_PER_REFRESH stage-2 dumps (the
 * oldest values first). 0 or -errno (-ENOMEM; the scan's own failure).
 */
int vmm_top_refresh(struct vmm_sys *s, struct vmm_top *t, uint64_t now_ns);
void vmm_top_free(struct vmm_top *t);
/* The stage-2 mapped bytes of the dump kvm/<debugfs>/stage2_page_tables: 0 or -errno. */
int vmm_top_s2_mapped(struct vmm_sys *s, const char *debugfs, uint64_t *bytes);
/* A stat's rate per second between the row's two samples: false when it has none. */
bool vmm_top_stat_rate(const struct vmm_top_row *r, const struct vmm_stat *st, double *rate);

#endif
