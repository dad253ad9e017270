// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vmmctl: options that shape the whole run (batch, REPL, root), then one
 * command, a batch file or the interactive shell.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lib/snap.h"

struct run_mode {
	const char *batch;
	bool interactive;
	const char *root;
	int first;	/* index of the first word handed to the dispatcher */
};

static void env_defaults(struct vmm_ctx *ctx, struct run_mode *m)
{
	const char *log = getenv("VMMCTL_LOG");

	m->root = getenv("VMMCTL_ROOT");
	if (!log)
		return;
	if (!strcmp(log, "err"))
		ctx->opts.quiet = true;
	else if (!strcmp(log, "debug"))
		ctx->opts.verbose = 1;
}

static int early_error(struct vmm_ctx *ctx, const char *msg, const char *arg, const char *hint)
{
	struct vmm_outcome oc = { 0 };

	oc.opts = ctx->opts;
	oc.err.set = true;
	oc.err.code = VMM_E_USAGE;
	snprintf(oc.err.message, sizeof(oc.err.message), msg, arg);
	if (hint)
		snprintf(oc.err.hint, sizeof(oc.err.hint), "%s", hint);
	vmm_print_outcome(&oc, NULL);
	return VMM_E_USAGE;
}

static void run_value(struct vmm_ctx *ctx, struct run_mode *m, const struct vmm_opt *o,
		      const char *val)
{
	if (o->short_name == 'b')
		m->batch = val;
	else if (!strcmp(o->name, "root"))
		m->root = val;
	else
		ctx->pci_dump = val;
}

/* A run-level flag; false for -h and -V, which the dispatcher answers. */
static bool run_flag(struct vmm_ctx *ctx, struct run_mode *m, const struct vmm_opt *o)
{
	if (o->short_name == 'i') {
		m->interactive = true;
		return true;
	}
	return vmm_opts_apply(&ctx->opts, o);
}

/* A cluster (-jk, -bFILE) is taken whole here or left whole to the dispatcher. */
static bool cluster_is_ours(const char *w)
{
	for (const char *p = w + 1; *p; p++) {
		int idx = vmm_opt_find(vmm_global_opts, NULL, 0, *p);

		if (idx < 0 || *p == 'h' || *p == 'V')
			return false;
		if (vmm_global_opts[idx].type != VMM_T_FLAG)
			return true;
	}
	return true;
}

/* Consumes the leading options that shape the run or set the session's defaults. */
static int run_options(struct vmm_ctx *ctx, struct run_mode *m, int argc, char **argv)
{
	const struct vmm_opt *o;
	const char *w, *val;
	int i, idx;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		w = argv[i];
		if (!strcmp(w, "--"))
			return early_error(ctx, "'%s' cannot stand before the command", w, NULL);
		if (w[1] == '-') {
			const char *eq = strchr(w, '=');

			idx = vmm_opt_find(vmm_global_opts, w + 2, eq ? (size_t)(eq - w - 2) :
					   strlen(w + 2), 0);
			if (idx < 0)
				break;	/* the dispatcher names the unknown option */
			o = &vmm_global_opts[idx];
			if (o->type == VMM_T_FLAG) {
				if (eq || !run_flag(ctx, m, o))
					break;
				continue;
			}
			val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!val)
				return early_error(ctx, "option '%s' needs a value", w, NULL);
			run_value(ctx, m, o, val);
			continue;
		}
		if (!cluster_is_ours(w))
			break;
		for (const char *p = w + 1; *p; p++) {
			o = &vmm_global_opts[vmm_opt_find(vmm_global_opts, NULL, 0, *p)];
			if (o->type == VMM_T_FLAG) {
				run_flag(ctx, m, o);
				continue;
			}
			val = p[1] ? p + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!val)
				return early_error(ctx, "option '%s' needs a value", w, NULL);
			run_value(ctx, m, o, val);
			break;
		}
	}
	m->first = i;
	return 0;
}

static int finish_stdout(int code)
{
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		if (errno != EPIPE)
			perror("vmmctl: error: writing standard output");
		return code ? code : VMM_E_FAILED;
	}
	return code;
}

int main(int argc, char **argv)
{
	struct vmm_ctx ctx = { 0 };
	struct run_mode m = { 0 };
	struct vmm_snap_info snap = { 0 };
	struct vmm_outcome oc;
	char why[PATH_MAX + 128];
	int code, ret;

	ctx.prog = "vmmctl";
	env_defaults(&ctx, &m);
	code = run_options(&ctx, &m, argc, argv);
	if (code)
		return finish_stdout(code);
	ret = vmm_sys_init(&ctx.sys, m.root);
	if (ret) {
		code = early_error(&ctx, "root '%s' is too long", m.root, NULL);
		return finish_stdout(code);
	}
	/* a root that is not there would answer like an empty machine */
	ret = m.root && *m.root ? vmm_snap_open(&ctx.sys, m.root, &snap, why, sizeof(why)) : 0;
	if (ret < 0) {
		char msg[PATH_MAX + 256];

		snprintf(msg, sizeof(msg), "root '%%s' (--root or VMMCTL_ROOT): %s; expected a "
			 "directory or a vmmctl snapshot", why);
		code = early_error(&ctx, msg, m.root, NULL);
		return finish_stdout(code);
	}
	if (ret > 0)
		ctx.snap = &snap;
	if (m.batch) {
		if (m.first < argc)
			code = early_error(&ctx, "unexpected '%s' after -b FILE", argv[m.first],
					   "a batch file holds the commands");
		else
			code = vmm_batch_run(&ctx, m.batch);
	} else if (m.interactive || m.first >= argc) {
		if (m.first < argc)
			code = early_error(&ctx, "unexpected '%s' with -i", argv[m.first], NULL);
		else if (!m.interactive && !isatty(STDIN_FILENO))
			code = early_error(&ctx, "no command given and standard input is not a terminal",
					   NULL, "give a command, -b FILE for a batch, or -i for the shell; "
					   "see 'vmmctl help'");
		else
			code = vmm_repl_run(&ctx);
	} else {
		vmm_dispatch(&ctx, argc - m.first, argv + m.first, &oc);
		vmm_print_outcome(&oc, NULL);
		code = oc.exit_code;
		vmm_outcome_clear(&oc);
	}
	vmm_session_close_all(&ctx);
	vmm_snap_close(&ctx.sys, &snap);
	return finish_stdout(code);
}
