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
	vmm_print_outcome(ctx, &oc, NULL);
	return VMM_E_USAGE;
}

/* Consumes the leading options that belong to the run rather than to one command. */
static int run_options(struct vmm_ctx *ctx, struct run_mode *m, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *w = argv[i];
		const char *val = NULL;

		if (!strcmp(w, "--"))
			return early_error(ctx, "'%s' cannot stand before the command", w, NULL);
		if (!strncmp(w, "--batch", 7) || !strncmp(w, "--root", 6) ||
		    !strncmp(w, "--pci-dump", 10) || (w[1] == 'b' && w[1] != '-')) {
			const char *eq = strchr(w, '=');

			if (w[1] == 'b')
				val = w[2] ? w + 2 : (i + 1 < argc ? argv[++i] : NULL);
			else
				val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val)
				return early_error(ctx, "option '%s' needs a value", w, NULL);
			if (w[1] == 'b' || !strncmp(w, "--batch", 7))
				m->batch = val;
			else if (!strncmp(w, "--root", 6))
				m->root = val;
			else
				ctx->pci_dump = val;
			continue;
		}
		if (!strcmp(w, "--interactive")) {
			m->interactive = true;
			continue;
		}
		if (w[1] != '-') {
			/* short letters that shape the run; the rest stay for the dispatcher */
			bool other = false;

			for (const char *p = w + 1; *p; p++) {
				switch (*p) {
				case 'i': m->interactive = true; break;
				case 'j': ctx->opts.json = true; break;
				case 'p': ctx->opts.json = ctx->opts.pretty = true; break;
				case 'q': ctx->opts.quiet = true; break;
				case 'v': ctx->opts.verbose++; break;
				case 'n': ctx->opts.dry_run = true; break;
				case 'k': ctx->opts.keep_going = true; break;
				default: other = true; break;
				}
			}
			if (other)
				break;
			continue;
		}
		if (!strcmp(w, "--json")) ctx->opts.json = true;
		else if (!strcmp(w, "--pretty")) ctx->opts.json = ctx->opts.pretty = true;
		else if (!strcmp(w, "--quiet")) ctx->opts.quiet = true;
		else if (!strcmp(w, "--verbose")) ctx->opts.verbose++;
		else if (!strcmp(w, "--dry-run")) ctx->opts.dry_run = true;
		else if (!strcmp(w, "--keep-going")) ctx->opts.keep_going = true;
		else break;
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
	struct vmm_outcome oc;
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
		vmm_print_outcome(&ctx, &oc, NULL);
		code = oc.exit_code;
		vmm_outcome_clear(&oc);
	}
	vmm_session_close_all(&ctx);
	return finish_stdout(code);
}
