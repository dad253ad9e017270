// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Batch files: one command per line, the REPL's tokenizer, stop at the first
 * failure (or keep going with -k and exit 7), FILE:LINE in messages, and in
 * JSON mode one array with an entry per command.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tokenize.h"

struct batch {
	struct vmm_ctx *ctx;
	const char *name;
	json_object *entries;	/* JSON mode */
	int first_fail;		/* exit code of the first failure */
	int failed;
};

static json_object *words_json(const struct vmm_tokens *t)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < t->argc; i++)
		json_object_array_add(a, vmm_jstr(t->argv[i]));
	return a;
}

static void record(struct batch *b, int line, const struct vmm_tokens *t, struct vmm_outcome *oc)
{
	char where[PATH_MAX + 16];

	if (oc->exit_code) {
		b->failed++;
		if (!b->first_fail)
			b->first_fail = oc->exit_code;
	}
	snprintf(where, sizeof(where), "%s:%d", b->name, line);
	if (!b->entries) {
		if (oc->result)
			vmm_out_result(&oc->opts, oc, stdout);
		if (oc->err.set)
			vmm_out_error_text(&oc->err, where, stderr);
		return;
	}
	{
		json_object *e = json_object_new_object(), *err;

		json_object_object_add(e, "line", json_object_new_int(line));
		json_object_object_add(e, "command", words_json(t));
		json_object_object_add(e, "exit_code", json_object_new_int(oc->exit_code));
		if (oc->err.set) {
			err = vmm_err_json(&oc->err);
			json_object_object_add(e, "error",
					       json_object_get(json_object_object_get(err, "error")));
			json_object_put(err);
			if (oc->result)
				json_object_object_add(e, "result", json_object_get(oc->result));
			if (!oc->opts.quiet)
				vmm_out_error_text(&oc->err, where, stderr);
		} else {
			json_object_object_add(e, "result", oc->result ? json_object_get(oc->result) :
					       NULL);
		}
		json_object_array_add(b->entries, e);
	}
}

/* A line that cannot be tokenized is a usage failure of that line. */
static void bad_line(struct batch *b, int line, const char *why)
{
	struct vmm_outcome oc = { 0 };
	struct vmm_tokens none = { 0 };

	oc.opts = b->ctx->opts;
	oc.err.set = true;
	oc.err.code = VMM_E_USAGE;
	snprintf(oc.err.message, sizeof(oc.err.message), "%s", why);
	oc.exit_code = VMM_E_USAGE;
	record(b, line, &none, &oc);
}

int vmm_batch_run(struct vmm_ctx *ctx, const char *file)
{
	struct batch b = { .ctx = ctx, .name = file };
	char *line = NULL, *acc = NULL, *tmp;
	size_t cap = 0, acclen = 0;
	int lineno = 0, start = 0, ret;
	struct vmm_outcome oc;
	struct vmm_tokens t;
	const char *why = "";
	ssize_t n;
	FILE *f;

	ctx->in_batch = true;
	if (!strcmp(file, "-")) {
		f = stdin;
		b.name = "<stdin>";
	} else {
		f = fopen(file, "re");
	}
	if (!f) {
		oc = (struct vmm_outcome){ .opts = ctx->opts };
		oc.err.set = true;
		oc.err.err = errno;
		oc.err.code = vmm_code_from_errno(errno);
		snprintf(oc.err.message, sizeof(oc.err.message), "cannot open batch file");
		snprintf(oc.err.path, sizeof(oc.err.path), "%s", file);
		vmm_print_outcome(&oc, file);
		return vmm_exit_code(&oc.err);
	}
	setlinebuf(stdout);
	if (ctx->opts.json)
		b.entries = json_object_new_array();
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (!acclen)
			start = lineno;
		tmp = realloc(acc, acclen + (size_t)n + 2);
		if (!tmp)
			break;
		acc = tmp;
		memcpy(acc + acclen, line, (size_t)n);
		acclen += (size_t)n;
		acc[acclen] = '\0';
		ret = vmm_tokenize(acc, &t, &why);
		if (ret == VMM_TOK_MORE) {
			acc[acclen++] = '\n';
			acc[acclen] = '\0';
			continue;
		}
		acclen = 0;
		if (ret < 0) {
			bad_line(&b, start, why);
		} else if (t.argc) {
			vmm_dispatch(ctx, t.argc, t.argv, &oc);
			record(&b, start, &t, &oc);
			vmm_outcome_clear(&oc);
			vmm_tokens_free(&t);
		} else {
			vmm_tokens_free(&t);
		}
		if (b.failed && !ctx->opts.keep_going)
			break;
	}
	if (acclen && (!b.failed || ctx->opts.keep_going))
		bad_line(&b, start, "unterminated quote or continuation at end of file");
	free(line);
	free(acc);
	if (f != stdin)
		fclose(f);
	if (b.entries) {
		vmm_out_json(&ctx->opts, b.entries, stdout);
		json_object_put(b.entries);
	}
	if (!b.failed)
		return 0;
	return ctx->opts.keep_going ? VMM_E_PARTIAL : b.first_fail;
}
