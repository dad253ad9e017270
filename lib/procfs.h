/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * VMs of every process, found the way an administrator would: the
 * anon_inode:kvm-vm links in /proc/PID/fd (spec F.3), joined with KVM's
 * per-VM debugfs directories (spec E.1), with the process's memory backing
 * summarised from /proc/PID/maps. The text parsers are pure functions so
 * that the unit tests and the fuzzer drive them directly.
 */
#ifndef VMM_LIB_PROCFS_H
#define VMM_LIB_PROCFS_H

#include <stdbool.h>
#include <stdint.h>

#include "sys.h"

/* What a /proc/PID/fd link points to. */
enum vmm_fd_kind {
	VMM_FD_OTHER,
	VMM_FD_KVM_VM,		/* anon_inode:kvm-vm */
	VMM_FD_KVM_VCPU,	/* anon_inode:kvm-vcpu:N */
	VMM_FD_GMEM,		/* anon_inode:[kvm-gmem] (6.18), /[kvm-gmem] (deleted) (7.x) */
};
enum vmm_fd_kind vmm_proc_fd_kind(const char *target);

struct vmm_proc_status {
	char name[64];		/* Name: unescaped (the comm) */
	int32_t tgid;		/* 0 when absent */
	int64_t uid;		/* real uid, -1 when absent */
};
/* Fills st from the text of /proc/PID/status; never fails (absent fields stay unset). */
void vmm_proc_parse_status(const char *text, struct vmm_proc_status *st);
/* A process's name as the kernel holds it: /proc/PID/comm less its one
 * trailing newline (a name may hold a newline or a backslash). */
void vmm_proc_parse_comm(const char *text, size_t n, char *out, size_t len);
int vmm_proc_comm(struct vmm_sys *s, int32_t pid, char *out, size_t len);

/* hugetlbfs mount points from /proc/mounts, to tell hugetlb files in maps. */
#define VMM_HUGETLB_MOUNTS_MAX	8
struct vmm_hugetlb_mounts {
	int n;
	char path[VMM_HUGETLB_MOUNTS_MAX][128];
};
void vmm_proc_parse_mounts(const char *text, struct vmm_hugetlb_mounts *m);

/* Kinds of memory that can back guest RAM, as maps shows them. */
enum vmm_mem_kind {
	VMM_MEM_HUGETLB,	/* /anon_hugepage, a file on hugetlbfs */
	VMM_MEM_MEMFD,		/* /memfd:NAME (deleted) */
	VMM_MEM_GMEM,		/* a mapped guest_memfd: [kvm-gmem] */
	VMM_MEM_FILE,		/* a writable shared mapping of a file (/dev/shm, ...) */
	VMM_MEM_ANON,		/* writable anonymous runs of VMM_PROC_ANON_MIN or more */
	VMM_MEM__COUNT
};
/* Smaller anonymous runs are heaps, stacks and arenas, not guest memory. */
#define VMM_PROC_ANON_MIN	(32ull << 20)

struct vmm_proc_mem {
	enum vmm_mem_kind kind;
	char name[128];		/* memfd name, file path; "" for anonymous and guest_memfd */
	uint64_t bytes;
	uint32_t mappings;
};
/* "hugetlb", "memfd", "guest_memfd", "file", "anon" */
const char *vmm_mem_kind_name(enum vmm_mem_kind k);
/*
 * Summarises the text of /proc/PID/maps by (kind, name), sorted that way;
 * lines that do not parse are skipped. hugetlb may be NULL. *out is
 * malloc'ed (NULL when empty); returns the number of entries or -ENOMEM.
 */
int vmm_proc_parse_maps(const char *text, const struct vmm_hugetlb_mounts *hugetlb,
			struct vmm_proc_mem **out);

/* A process holding at least one VM fd. */
struct vmm_proc {
	int32_t pid;
	int64_t uid;		/* -1 unknown */
	char comm[64];
	int nvms;		/* VM fds */
	int vcpu_fds;
	int gmem_fds;
	int nmem;
	struct vmm_proc_mem *mem;
};

struct vmm_proc_vm {
	int32_t pid;
	int32_t fd;
	int32_t tid;		/* creating thread, from the debugfs name; -1 unknown */
	int vcpus;		/* -1 unknown */
	int proc;		/* index into vmm_proc_scan.procs */
	char debugfs[32];	/* "TID-FD" under kvm/, "" when none matched */
};

/* More distinct fd numbers in debugfs than this and probing costs more than reading. */
#define VMM_PROC_PROBE_MAX	8

#define VMM_PROC_REFUSED_MAX	8

struct vmm_proc_scan {
	bool all_fds;		/* every fd of every process was read (see vmm_proc_scan) */
	struct vmm_proc *procs;
	int nprocs;
	struct vmm_proc_vm *vms;	/* sorted by pid, then fd */
	int nvms;
	int scanned;		/* processes whose fd directory was looked at */
	int unreadable;		/* ... and refused (EACCES, EPERM) */
	int32_t refused[VMM_PROC_REFUSED_MAX];	/* the first of those pids */
	int debugfs_err;	/* positive errno when kvm/ in debugfs did not list */
	char (*unmatched)[32];	/* per-VM debugfs directories no process claims */
	int nunmatched;
};

/*
 * Scans every process (pid 0) or one (a thread id resolves to its
 * process). For one process, -ENOENT when it does not exist and -EACCES
 * when its fd directory is unreadable, with the context in s->last; a scan
 * of all counts those instead. -ENOMEM. Free with vmm_proc_scan_free.
 *
 * Reading every fd link of every process costs about a microsecond per
 * link, so when debugfs lists the VMs, a scan of all first probes in each
 * process only the few fd numbers the kvm/TID-FD names carry, and reads all
 * the fds of the processes where one is a VM. Should a debugfs directory
 * stay unclaimed (its VM fd was moved to another number or process), or
 * debugfs not list, every fd of every process is read (out->all_fds).
 */
int vmm_proc_scan(struct vmm_sys *s, int32_t pid, struct vmm_proc_scan *out);
void vmm_proc_scan_free(struct vmm_proc_scan *sc);

#endif
