/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The arm64 hypervisor's trace buffer: a tracefs "remote" at
 * remotes/hypervisor/ (kernel/trace/trace_remote.c, arch/arm64/kvm/hyp_trace.c),
 * registered in nVHE and protected modes when the kernel has
 * CONFIG_NVHE_EL2_TRACING. The remote offers no raw (binary) buffer: trace
 * and trace_pipe print one text line per event, so events are parsed from
 * that text, strictly, and their fields checked against each event's format.
 */
#ifndef VMM_LIB_HYP_H
#define VMM_LIB_HYP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys.h"

#define VMM_HYP_REMOTE		"remotes/hypervisor"
#define VMM_HYP_SYSTEM		"hypervisor"	/* events/<system>/<event>/ */

/*
 * The remote's directory (tracefs mount + "/remotes/hypervisor") in dir:
 * 0; -ENOMEDIUM when no tracefs is mounted (per /proc/mounts); -ENOENT when
 * tracefs is mounted but has no hypervisor remote; -errno (EACCES: tracefs
 * is root's) with the context in s->last when /proc/mounts or the
 * directory does not read.
 */
int vmm_hyp_dir(struct vmm_sys *s, char *dir, size_t len);
/*
 * Why vmm_hyp_dir found no remote (ret -ENOMEDIUM or -ENOENT), in words
 * that name the KVM mode (vmm_host_kvm_mode, NULL when not known). Pure.
 */
void vmm_hyp_absent(int ret, const char *mode, char *why, size_t len);

/* ---- events/hypervisor/<event>/format ---------------------------------- */
#define VMM_HYP_FIELDS_MAX	16
struct vmm_hyp_field {
	char type[48];		/* "unsigned short", "u8", "pid_t" */
	char name[48];
	unsigned int offset, size;
	bool is_signed;
};

struct vmm_hyp_format {
	char name[64];
	int id;
	int nfields;		/* common_type included */
	struct vmm_hyp_field fields[VMM_HYP_FIELDS_MAX];
	char print_fmt[512];
};
/*
 * Parses a format file ("name:", "ID:", "format:", tab-led field lines,
 * blank lines, "print fmt:"). -EINVAL with the 1-based line in *line and
 * the reason in *why on anything else. Pure.
 */
int vmm_hyp_parse_format(const char *text, struct vmm_hyp_format *f, int *line,
			 const char **why);
/* The field of that name, or NULL. */
const struct vmm_hyp_field *vmm_hyp_field(const struct vmm_hyp_format *f, const char *name);

/* Every event of the remote: name, id, enable state, format (sorted by id). */
struct vmm_hyp_event {
	struct vmm_hyp_format fmt;
	int enabled;		/* 0, 1; -1 when unreadable */
};
/* Where a format file did not parse (its path is in s->last). */
struct vmm_hyp_perr {
	int line;
	const char *why;
};
/* The count, or -errno; -EINVAL with *perr set for a malformed format file. */
int vmm_hyp_events(struct vmm_sys *s, const char *dir, struct vmm_hyp_event **out,
		   struct vmm_hyp_perr *perr);

/* ---- trace / trace_pipe lines ------------------------------------------ */
enum vmm_hyp_rec_kind {
	VMM_HYP_REC_EVENT,	/* "[CPU]\tSEC.USEC: NAME k=v ..." */
	VMM_HYP_REC_LOST,	/* "CPU:N [LOST N EVENTS]" */
	VMM_HYP_REC_UNKNOWN,	/* "[CPU]\tSEC.USEC: UNKNOWN id=N" */
	VMM_HYP_REC_TOOBIG,	/* "[EVENT N PRINT TOO BIG]" */
};

#define VMM_HYP_ARGS_MAX	8
struct vmm_hyp_arg {
	char key[32];
	char val[48];
};

struct vmm_hyp_rec {
	enum vmm_hyp_rec_kind kind;
	int cpu;		/* -1 for TOOBIG */
	uint64_t ts_ns;		/* boot clock; the text has microseconds */
	char event[64];
	int nargs;
	struct vmm_hyp_arg args[VMM_HYP_ARGS_MAX];
	uint64_t n;		/* LOST: events lost; UNKNOWN, TOOBIG: event id */
};
/*
 * One line without its newline (len bytes). -EINVAL with the reason in
 * *why when it is none of the four forms. Pure.
 */
int vmm_hyp_parse_line(const char *line, size_t len, struct vmm_hyp_rec *r, const char **why);
/* The value of key, or NULL. */
const char *vmm_hyp_rec_arg(const struct vmm_hyp_rec *r, const char *key);
/*
 * Checks an event line against the formats: the event is known, every
 * argument names a field and every field but common_* is given once; a
 * signed or unsigned field's value is a number. NULL when it holds, else
 * the reason. Pure.
 */
const char *vmm_hyp_rec_check(const struct vmm_hyp_rec *r, const struct vmm_hyp_event *ev,
			      int nev);

/* hyp_enter / hyp_exit reasons, as hyp_trace.c prints them. */
enum vmm_hyp_reason {
	VMM_HYP_SMC, VMM_HYP_HVC, VMM_HYP_SYS, VMM_HYP_PSCI, VMM_HYP_HOST_ABORT,
	VMM_HYP_GUEST_EXIT, VMM_HYP_ERET_HOST, VMM_HYP_ERET_GUEST, VMM_HYP_UNKNOWN,
	VMM_HYP__REASONS
};
const char *vmm_hyp_reason_name(enum vmm_hyp_reason r);
/* -1 when the text is no reason's name. */
int vmm_hyp_reason_parse(const char *s);

/* ---- who a vCPU pid is ----------------------------------------------- */
/*
 * A vCPU thread: the hypervisor's events carry the pid of the thread that
 * runs the vCPU (arch.pid). KVM shows it per vCPU in debugfs
 * (kvm/<tid>-<fd>/vcpuN/pid) where the architecture creates vCPU
 * directories (x86, not arm64); otherwise the thread is one of a process
 * holding the VM in /proc, and the vCPU index is not known.
 */
struct vmm_hyp_vcpu {
	int32_t pid;		/* the thread */
	int32_t vm_pid, vm_fd;	/* VM id PID-FD */
	int vcpu;		/* index, -1 when only the process is known */
};
/*
 * The vCPU threads of every VM /proc shows, from debugfs when it has the
 * VM's vCPU pids, else every thread (/proc/PID/task) of a process holding
 * exactly one VM. *out malloc'ed (NULL when none); the count or -errno.
 */
int vmm_hyp_vcpus(struct vmm_sys *s, struct vmm_hyp_vcpu **out);
const struct vmm_hyp_vcpu *vmm_hyp_vcpu_find(const struct vmm_hyp_vcpu *v, int n, int32_t pid);

/* ---- summary: paired hyp_enter/hyp_exit ------------------------------ */
/* One group: a VM (vm_pid > 0) or the host (vm_pid 0: no vCPU, or unknown). */
struct vmm_hyp_group {
	int32_t vm_pid, vm_fd;
	uint64_t count[VMM_HYP__REASONS];	/* hyp_enter by reason */
	/* nanoseconds in the hypervisor per enter->exit pair, by enter reason */
	uint64_t *ns[VMM_HYP__REASONS];
	size_t nns[VMM_HYP__REASONS], cap[VMM_HYP__REASONS];
};

/*
 * The hypervisor's clock can jump: Linux 7.3's nVHE clock under QEMU leaps
 * by 2^59 ns when the cycles since its last update overflow the multiply.
 * No hypervisor entry lasts a second, no tracing window a step of 2^40 ns
 * (18 minutes) between two events: such times are clock jumps, counted
 * and left out of the pairs and of the window.
 */
#define VMM_HYP_PAIR_MAX_NS	1000000000ull
#define VMM_HYP_STEP_MAX_NS	(1ull << 40)

struct vmm_hyp_pending {
	bool set;
	uint64_t ts;
	int reason;
	int32_t vcpu;
};

struct vmm_hyp_sum {
	struct vmm_hyp_group *groups;
	int ngroups;
	uint64_t events, lost, unpaired, host_aborts, clock_jumps;
	uint64_t window_ns;		/* the steps between events, jumps left out */
	uint64_t prev_ns;
	int pending_cpu_max;
	struct vmm_hyp_pending *pending;	/* the hyp_enter open on each CPU */
};
void vmm_hyp_sum_init(struct vmm_hyp_sum *sm);
/*
 * Adds one record: hyp_enter opens a pair on its CPU, the next hyp_exit of
 * that CPU closes it; the pair belongs to the enter's vCPU, or the exit's
 * when the enter had none (the host's HVC that runs a guest). A lost-events
 * record drops the pair open on its CPU; a clock jump (see above) is counted, not
 * timed. -ENOMEM.
 */
int vmm_hyp_sum_add(struct vmm_hyp_sum *sm, const struct vmm_hyp_rec *r,
		    const struct vmm_hyp_vcpu *v, int nv);
void vmm_hyp_sum_free(struct vmm_hyp_sum *sm);
/* Sorts a group's samples; q in [0,1] picks by nearest rank. */
void vmm_hyp_sum_sort(struct vmm_hyp_group *g);
uint64_t vmm_hyp_quantile(const uint64_t *sorted, size_t n, double q);

#endif
