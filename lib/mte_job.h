/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The MTE copy engine: one job moves the tags of a range of a target (a
 * session VM through KVM_ARM_MTE_COPY_TAGS, or a process stopped with
 * ptrace) to or from a tag file, or compares, shows or fills them. It
 * returns what it did as spans and counters and -errno; the mte commands
 * turn that into JSON, hints and exit codes.
 */
#ifndef VMM_LIB_MTE_JOB_H
#define VMM_LIB_MTE_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mte.h"
#include "sys.h"
#include "tagfile.h"

/* What a job copies from or to. */
struct vmm_mte_target {
	bool proc;
	pid_t pid;
	bool attached;		/* stopped by this job */
	struct vmm_mte_kvm_ctx kvm;
	struct vmm_mte_proc_ctx pctx;
	uint64_t page;		/* the host page size */
	uint64_t align;		/* page size for KVM, two granules for a process */
};
void vmm_mte_target_vm(struct vmm_mte_target *t, struct vmm_sys *s, int vm_fd, uint64_t page);
void vmm_mte_target_proc(struct vmm_mte_target *t, struct vmm_sys *s, pid_t pid, uint64_t page);

/*
 * A stretch of the range with one key: copied (1) or not (0) for the walk's
 * ranges; a tag for show's runs; file tag << 4 | memory tag for verify's
 * mismatching granules.
 */
struct vmm_mte_span {
	uint64_t start, end;
	int key;
};
struct vmm_mte_spans {
	struct vmm_mte_span *v;
	size_t n, cap;
};

struct vmm_mte_job {
	struct vmm_sys *sys;
	struct vmm_mte_target t;
	struct vmm_mte_spans ranges;	/* what the walk copied and did not */
	/* a tag file read whole before any copy (restore, verify) */
	int in_fd;
	struct vmm_tagfile_hdr hdr;
	uint64_t in_base;	/* where the file's first tag goes */
	/* a tag file written (dump): header room first, the header last */
	struct vmm_sys_atomic out;
	bool out_open;
	uint32_t packing;
	size_t hdr_len;
	uint32_t crc;
	uint64_t written;	/* payload bytes */
	uint8_t *pack;		/* nibble packing buffer, half a chunk of tags */
	/* show (runs of one tag) and verify (runs of mismatches) */
	bool verify;
	struct vmm_mte_spans runs;
	uint64_t mismatched;	/* granules */
	int run_key;
	uint64_t run_start, run_end;
	/* fill */
	uint8_t fill_tag;
	/* called as the walk goes on; may be NULL */
	void (*progress)(void *arg, uint64_t done, uint64_t total);
	void *progress_arg;
};

void vmm_mte_job_init(struct vmm_mte_job *j, struct vmm_sys *s);
void vmm_mte_job_free(struct vmm_mte_job *j);
/* The buffers a walk in chunks of chunk bytes needs: -ENOMEM. */
int vmm_mte_job_buffers(struct vmm_mte_job *j, uint64_t chunk);
/* Stops a process target (ptrace): -errno recorded. A VM needs nothing. */
int vmm_mte_job_attach(struct vmm_mte_job *j);
void vmm_mte_job_detach(struct vmm_mte_job *j);

/*
 * The copy of [start, end) in chunks: w's direction and callbacks (take or
 * fill, below) are the caller's, the rest the job's. A process target is
 * stopped by vmm_mte_job_attach before (the caller's, so that it can say
 * why a stop failed) and let go here after. -errno, recorded in the job's
 * sys: an "ioctl" or "ptrace" op is the kernel's, another the tag file's.
 */
int vmm_mte_job_walk(struct vmm_mte_job *j, struct vmm_mte_walk *w, uint64_t start,
		     uint64_t end, uint64_t chunk);

/* Walk callbacks (struct vmm_mte_walk take / fill); arg is the job. */
int vmm_mte_take_dump(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags);
int vmm_mte_take_verify(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags);
int vmm_mte_take_show(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags);
int vmm_mte_fill_file(void *arg, uint64_t addr, uint64_t len, uint8_t *tags);
int vmm_mte_fill_const(void *arg, uint64_t addr, uint64_t len, uint8_t *tags);
/* Ends the run in progress (after a show or verify walk). */
void vmm_mte_run_flush(struct vmm_mte_job *j);

/*
 * Opens the tag file at path and checks all of it (header, sizes, CRC of
 * the whole payload) before any kernel call: 0, -errno of the file
 * (recorded), or -EINVAL with why saying what is wrong with it.
 */
#define VMM_MTE_WHY_LEN	160
int vmm_mte_tagfile_open(struct vmm_mte_job *j, const char *path, char why[VMM_MTE_WHY_LEN]);

/*
 * A dump's file: created for an atomic replace with room for its header
 * (elf: the ELF core form, else vmmctl's tag file), then, once the walk is
 * done, the header of [start, end) written and the file put in place.
 * -errno recorded; a file not committed is dropped by vmm_mte_job_free.
 */
int vmm_mte_dump_open(struct vmm_mte_job *j, const char *path, bool elf);
int vmm_mte_dump_commit(struct vmm_mte_job *j, bool elf, uint64_t start, uint64_t end,
			uint32_t page_size, uint32_t elf_pid);

#endif
