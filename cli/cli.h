/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli/ internals: the session context, the table, dispatch, output. */
#ifndef VMM_CLI_CLI_H
#define VMM_CLI_CLI_H

#include <stdio.h>

#include "cmd.h"

#define VMM_VERSION		"0.1.0"
#define VMM_JSON_SCHEMA_VERSION	1
#define VMM_EXIT_SKIP		77	/* tests only */

struct vmm_sobj {
	char name[24];
	const struct vmm_sobj_ops *ops;
	void *priv;
};

struct vmm_snap_info;

struct vmm_ctx {
	struct vmm_sys sys;
	const struct vmm_snap_info *snap;	/* --root is a snapshot: what it is, else NULL */
	struct vmm_opts opts;		/* defaults for every call of the session */
	const char *pci_dump;
	const char *prog;
	bool repl;
	bool in_batch;
	struct vmm_sobj *objs;
	int nobjs;
	struct {
		char kind[16];
		unsigned int next;
	} counters[16];
};

/* The table: every object descriptor, in help order (cli/objects.c). */
extern const struct vmm_object *const vmm_objects[];

const struct vmm_object *vmm_find_object(const char *name);
const struct vmm_command *vmm_find_command(const struct vmm_object *obj, const char *name);
const struct vmm_command *vmm_default_command(const struct vmm_object *obj);
/* Closest visible name within distance 2, or NULL. */
const char *vmm_suggest_object(const char *name);
const char *vmm_suggest_command(const struct vmm_object *obj, const char *name);
/* Global options, merged into every command's options. */
extern const struct vmm_opt vmm_global_opts[];
/* Index of the option called name[0..n) (or, with name NULL, -letter) in opts; -1. */
int vmm_opt_find(const struct vmm_opt *opts, const char *name, size_t n, char letter);
/* Applies a per-call global flag (-j -p -q -v -n -k --openmetrics); false for any other. */
bool vmm_opts_apply(struct vmm_opts *o, const struct vmm_opt *g);
/* Letters no command option may use. */
extern const char vmm_global_letters[];

/* What one command produced: exactly one of result / error is set. */
struct vmm_outcome {
	json_object *result;
	struct vmm_error err;
	struct vmm_opts opts;
	int exit_code;
	void (*text)(json_object *res, FILE *f);	/* the command's own renderer */
	void (*metrics)(json_object *res, struct vmm_metrics *m);	/* --openmetrics */
};

/*
 * Runs one command line (without the program name) in ctx: global options,
 * object, command, typed arguments. Never exits, never prints the result.
 */
void vmm_dispatch(struct vmm_ctx *ctx, int argc, char **argv, struct vmm_outcome *o);
void vmm_outcome_clear(struct vmm_outcome *o);
/* The metrics of a result (cli/metrics.c), closed by "# EOF". */
void vmm_render_metrics(json_object *res, void (*fn)(json_object *res, struct vmm_metrics *m),
			FILE *f);
/* Maps a recorded error to its exit status. */
int vmm_exit_code(const struct vmm_error *e);

/* Output (cli/out.c). */
void vmm_out_result(const struct vmm_opts *o, const struct vmm_outcome *oc, FILE *f);
json_object *vmm_err_json(const struct vmm_error *e);
void vmm_out_error_text(const struct vmm_error *e, const char *where, FILE *f);
void vmm_out_json(const struct vmm_opts *o, json_object *j, FILE *f);
void vmm_render_text(json_object *j, FILE *f);
void vmm_render_dry_run(json_object *res, FILE *f);
/* Result to stdout, or the error as JSON on stdout and text on stderr. */
void vmm_print_outcome(const struct vmm_outcome *oc, const char *where);

/* Batch and REPL (cli/batch.c, cli/repl.c). */
int vmm_batch_run(struct vmm_ctx *ctx, const char *file);
int vmm_repl_run(struct vmm_ctx *ctx);

/* Completion (cli/complete.c): candidates for words[cword] given the earlier words. */
struct vmm_cands {
	char **v;
	int n, cap;
};
void vmm_complete(struct vmm_ctx *ctx, int nwords, char **words, int cword,
		  struct vmm_cands *out);
void vmm_cands_free(struct vmm_cands *c);

/* Help (cli/help.c). */
void vmm_help_usage(const struct vmm_object *obj, FILE *f);
void vmm_help_command(const struct vmm_object *obj, const struct vmm_command *cmd, FILE *f);
json_object *vmm_help_json(const struct vmm_object *only);
json_object *vmm_help_json_cmd(const struct vmm_object *only, const struct vmm_command *cmd);
void vmm_synopsis(const struct vmm_object *obj, const struct vmm_command *cmd, char *buf,
		  size_t len);

/* Session objects (cli/session.c). */
void vmm_session_close_all(struct vmm_ctx *ctx);
json_object *vmm_session_list(struct vmm_ctx *ctx);

/* Table invariants (cli/selftest.c): number of failures, appended to fails. */
int vmm_selftest(json_object *fails);

#endif
