/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * MTE tag transfer: KVM_ARM_MTE_COPY_TAGS on a VM this process created, and
 * PTRACE_PEEKMTETAGS / POKEMTETAGS on a stopped process, behind one chunked
 * walk that turns short copies into exact copied / not-copied ranges.
 */
#ifndef VMM_LIB_MTE_H
#define VMM_LIB_MTE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sys.h"
#include "uapi/mte.h"

/* One KVM_ARM_MTE_COPY_TAGS: bytes of guest memory processed (> 0), 0, or -errno. */
long vmm_mte_kvm_copy(struct vmm_sys *s, int vm_fd, uint64_t ipa, uint64_t len, void *tags,
		      bool to_guest);
/* One PTRACE_PEEK/POKEMTETAGS of len bytes of memory: bytes processed or -errno. */
long vmm_mte_ptrace_copy(struct vmm_sys *s, pid_t pid, uint64_t addr, uint64_t len, void *tags,
			 bool to_target);

/*
 * A walk over [start, end) in chunks of `chunk` bytes of memory. For a
 * write (to_target), fill provides the chunk's tags first; after a read,
 * take consumes the tags actually copied. A short copy or a `hole_err`
 * failure marks one `step` (a page) as not copied and the walk goes on;
 * any other error ends it. Copied and not-copied runs go to range, merged,
 * in address order. Returns 0 (see copied / missing) or the first -errno
 * of fill, take, range or a fatal copy error.
 */
struct vmm_mte_walk {
	long (*copy)(void *ctx, uint64_t addr, uint64_t len, uint8_t *tags, bool to_target);
	void *ctx;
	bool to_target;
	int hole_err;		/* positive errno meaning "this page is not there" */
	uint64_t chunk;
	uint64_t step;
	int (*fill)(void *arg, uint64_t addr, uint64_t len, uint8_t *tags);
	int (*take)(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags);
	int (*range)(void *arg, uint64_t start, uint64_t end, bool copied);
	void (*progress)(void *arg, uint64_t done, uint64_t total);	/* may be NULL */
	void *arg;
	/* results */
	uint64_t copied;	/* bytes of memory whose tags moved */
	uint64_t missing;
	uint64_t calls;		/* copy calls issued */
};
int vmm_mte_walk(struct vmm_mte_walk *w, uint64_t start, uint64_t end);

/* KVM and ptrace as a walk's copy function; ctx points to one of these. */
struct vmm_mte_kvm_ctx {
	struct vmm_sys *s;
	int vm_fd;
};
long vmm_mte_kvm_copy_fn(void *ctx, uint64_t addr, uint64_t len, uint8_t *tags, bool to_target);
struct vmm_mte_proc_ctx {
	struct vmm_sys *s;
	pid_t pid;
};
long vmm_mte_proc_copy_fn(void *ctx, uint64_t addr, uint64_t len, uint8_t *tags, bool to_target);

/* One mapping of /proc/PID/smaps. */
struct vmm_mte_map {
	uint64_t start, end;
	char perms[5];
	bool mte;		/* VmFlags has "mt": mapped with PROT_MTE */
	char path[256];		/* "" for anonymous */
};
/* Parses smaps text into *maps (malloc'ed); count or -errno (-EINVAL: malformed). */
int vmm_mte_parse_smaps(const char *text, struct vmm_mte_map **maps);
/* Reads /proc/PID/smaps (under the root prefix) and parses it. */
int vmm_mte_read_maps(struct vmm_sys *s, pid_t pid, struct vmm_mte_map **maps);

#endif
