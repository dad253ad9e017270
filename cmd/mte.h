/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The mte object: cmd/mte.c holds the commands and the table, cmd/mte_job.c
 * what they share (the target, the walk with its results, tag files);
 * vm create --mte uses vmm_mte_enable_vm.
 */
#ifndef VMM_CMD_MTE_H
#define VMM_CMD_MTE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/vm.h"
#include "lib/mte.h"
#include "lib/tagfile.h"

enum vmm_mte_fmt { VMM_MTE_FMT_TAGS, VMM_MTE_FMT_ELF };

/* What one command works on: a session VM or a stopped process. */
struct vmm_mte_tgt {
	bool proc;
	const char *vm_name;
	struct vmm_vm *vm;
	pid_t pid;
	bool attached;
	struct vmm_mte_kvm_ctx kvm;
	struct vmm_mte_proc_ctx pctx;
	uint64_t align;		/* page size for KVM, two granules for a process */
};

struct vmm_mte_job {
	struct vmm_call *c;
	struct vmm_mte_tgt t;
	json_object *ranges;
	/* files */
	int in_fd;
	struct vmm_tagfile_hdr hdr;
	uint64_t in_base;	/* where the file's first tag goes (--at) */
	struct vmm_sys_atomic out;
	bool out_open;
	enum vmm_mte_fmt fmt;
	uint32_t packing;
	uint32_t crc;
	uint64_t written;
	uint8_t *pack;		/* nibble packing buffer */
	/* verify and show: runs of granules (see run_granule) */
	uint64_t mismatched;
	json_object *mismatches;
	json_object *runs;
	int run_key;
	uint64_t run_start, run_end;
	/* fill */
	uint8_t fill_tag;
	/* progress */
	uint64_t next_ns;
	bool progress;
};

/* cmd/mte_job.c: the parts every command shares. */
/* HWCAP2_MTE in /proc/self/auxv (under --root), or exit 4 recorded. */
int vmm_mte_need_proc(struct vmm_call *c);
int vmm_mte_target(struct vmm_call *c, struct vmm_mte_tgt *t, bool want_range,
		   struct vmm_range *range);
int vmm_mte_check_proc_range(struct vmm_call *c, pid_t pid, uint64_t start, uint64_t end);
/* --chunk or the default; *ret is the recorded usage error, if any. */
uint64_t vmm_mte_chunk(struct vmm_call *c, int *ret);
/* Opens and checks --input, places it (--at), allocates buffers: error recorded. */
int vmm_mte_prepare_in(struct vmm_mte_job *j, uint64_t *start, uint64_t *end, uint64_t *chunk);
json_object *vmm_mte_copy_op(const struct vmm_mte_job *j, uint64_t start, uint64_t end,
			     uint64_t chunk, const char *dir);
/* Walk callbacks (struct vmm_mte_walk take / fill), arg is the job. */
int vmm_mte_take_dump(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags);
int vmm_mte_take_verify(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags);
int vmm_mte_take_show(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags);
int vmm_mte_fill_file(void *arg, uint64_t addr, uint64_t len, uint8_t *tags);
int vmm_mte_fill_const(void *arg, uint64_t addr, uint64_t len, uint8_t *tags);
void vmm_mte_run_flush(struct vmm_mte_job *j);
int vmm_mte_job_walk(struct vmm_mte_job *j, struct vmm_mte_walk *w, uint64_t start,
		     uint64_t end, uint64_t chunk);
json_object *vmm_mte_job_result(struct vmm_mte_job *j, uint64_t start, uint64_t end);
void vmm_mte_job_walk_result(json_object *o, struct vmm_mte_job *j,
			     const struct vmm_mte_walk *w);
/* A partial copy is never a success: the result stays, the exit status is 7. */
int vmm_mte_job_partial(struct vmm_call *c, const struct vmm_mte_walk *w, const char *what);
/* The walk's part of c->result, then 0 or the partial error. */
int vmm_mte_job_done(struct vmm_call *c, struct vmm_mte_job *j, const struct vmm_mte_walk *w,
		     const char *what);
void vmm_mte_job_free(struct vmm_mte_job *j);
void vmm_mte_show_text(json_object *res, FILE *f);

#endif
