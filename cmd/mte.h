/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The mte object: cmd/mte.c holds the commands and the table, cmd/mte_job.c
 * what they share (the target from the arguments, errors and hints, the
 * walk's results as JSON); lib/mte_job.c is the engine.
 */
#ifndef VMM_CMD_MTE_H
#define VMM_CMD_MTE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cli/cmd.h"
#include "lib/mte_job.h"

/* One mte command's job: the engine's, and what the command reports of it. */
struct vmm_mte_cmd {
	struct vmm_call *c;
	const char *vm_name;	/* the session VM (vm0), NULL for a process */
	struct vmm_mte_job job;
	uint64_t next_ns;	/* when progress is shown next */
	bool progress;
};

/* cmd/mte_job.c: the parts every command shares. */
void vmm_mte_cmd_init(struct vmm_mte_cmd *m, struct vmm_call *c);
void vmm_mte_cmd_free(struct vmm_mte_cmd *m);
/* HWCAP2_MTE in /proc/self/auxv (under --root), or exit 4 recorded. */
int vmm_mte_need_proc(struct vmm_call *c);
/*
 * The first positional is a session VM, or with --pid absent; want_range
 * says whether a RANGE follows. Fills m's target and *range.
 */
int vmm_mte_target(struct vmm_mte_cmd *m, bool want_range, struct vmm_range *range);
/* A process range must lie in PROT_MTE mappings; the error names the mapping. */
int vmm_mte_check_proc_range(struct vmm_call *c, pid_t pid, uint64_t start, uint64_t end);
/* --chunk or the default; *ret is the recorded usage error, if any. */
uint64_t vmm_mte_chunk(struct vmm_call *c, int *ret);
/* Opens and checks --input, places it (--at), allocates buffers: error recorded. */
int vmm_mte_prepare_in(struct vmm_mte_cmd *m, uint64_t *start, uint64_t *end, uint64_t *chunk);
json_object *vmm_mte_copy_op(const struct vmm_mte_cmd *m, uint64_t start, uint64_t end,
			     uint64_t chunk, const char *dir);
/* The engine's walk with progress on a terminal; its failure recorded. */
int vmm_mte_run(struct vmm_mte_cmd *m, struct vmm_mte_walk *w, uint64_t start, uint64_t end,
		uint64_t chunk);
json_object *vmm_mte_result(const struct vmm_mte_cmd *m, uint64_t start, uint64_t end);
void vmm_mte_walk_result(json_object *o, const struct vmm_mte_cmd *m,
			 const struct vmm_mte_walk *w);
/* show's runs of one tag, or verify's runs of mismatching granules. */
json_object *vmm_mte_runs_json(const struct vmm_mte_cmd *m);
/* A partial copy is never a success: the result stays, the exit status is 7. */
int vmm_mte_partial(struct vmm_call *c, const struct vmm_mte_walk *w, const char *what);
/* The walk's part of c->result, then 0 or the partial error. */
int vmm_mte_done(struct vmm_mte_cmd *m, const struct vmm_mte_walk *w, const char *what);
void vmm_mte_show_text(json_object *res, FILE *f);

#endif
