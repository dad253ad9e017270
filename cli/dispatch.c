// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * One command line -> one outcome. The same path serves argv, REPL lines
 * and batch lines: global options, object, command, typed arguments, the
 * handler, then the errno -> code -> exit status mapping.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "parse.h"
#include "lib/snap.h"

static int usage(struct vmm_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int usage(struct vmm_call *c, const char *fmt, ...)
{
	va_list ap;

	c->err.set = true;
	c->err.code = VMM_E_USAGE;
	c->err.err = 0;
	va_start(ap, fmt);
	vsnprintf(c->err.message, sizeof(c->err.message), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A missing argument: what it is (the table's help), and its choices. */
static void missing_hint(struct vmm_call *c, const struct vmm_arg *a)
{
	char list[256] = "";
	size_t off = 0;

	for (int i = 0; a->choices && a->choices[i] && off < sizeof(list); i++) {
		int n = snprintf(list + off, sizeof(list) - off, "%s%s", i ? ", " : "",
				 a->choices[i]);

		off += n > 0 ? (size_t)n : 0;
	}
	if (*list)
		vmm_hint(c, "expected %s: %s (one of: %s)", a->name,
			 a->help ? a->help : vmm_type_expect(a->type), list);
	else
		vmm_hint(c, "expected %s: %s", a->name, a->help ? a->help : vmm_type_expect(a->type));
}

const struct vmm_val *vmm_arg(const struct vmm_call *c, const char *name, int *count)
{
	int idx = 0;

	if (count)
		*count = 0;
	for (const struct vmm_arg *a = c->cmd->args; a && a->name; a++, idx++) {
		if (strcmp(a->name, name))
			continue;
		if (idx >= c->nvals || !c->vals[idx].set)
			return NULL;
		if (count)
			*count = (a->flags & VMM_ARG_MULTI) ? c->nvals - idx : 1;
		return &c->vals[idx];
	}
	return NULL;
}

const struct vmm_val *vmm_opt(const struct vmm_call *c, const char *name)
{
	int idx = 0;

	for (const struct vmm_opt *o = c->cmd->opts; o && o->name; o++, idx++)
		if (!strcmp(o->name, name))
			return c->optv[idx].set ? &c->optv[idx] : NULL;
	return NULL;
}

struct parse_state {
	bool help;
	bool version;
};

static int apply_global(struct vmm_call *c, struct parse_state *st, const struct vmm_opt *o,
			const char *word)
{
	if (vmm_opts_apply(&c->opts, o))
		return 0;
	if (o->short_name == 'h')
		st->help = true;
	else if (o->short_name == 'V')
		st->version = true;
	else
		return usage(c, "option '%s' is only valid before the command on the vmmctl "
			     "command line", word);
	return 0;
}

static const char *next_value(struct vmm_call *c, int argc, char **argv, int *i,
			      const char *inl, const char *word)
{
	if (inl)
		return inl;
	if (*i + 1 >= argc) {
		usage(c, "option '%s' needs a value", word);
		return NULL;
	}
	return argv[++*i];
}

static int set_opt_value(struct vmm_call *c, const struct vmm_opt *o, struct vmm_val *v,
			 const char *val, const char *word)
{
	const char *why = "";

	if (vmm_parse_typed(o->type, o->choices, val, v, &why))
		return usage(c, "bad value '%s' for option '%s': %s; expected %s", val, word, why,
			     vmm_type_expect(o->type));
	return 0;
}

static const char *suggest_opt(const struct vmm_command *cmd, const char *name)
{
	const char *best = NULL;
	unsigned int d = 3;

	for (const struct vmm_opt *o = cmd ? cmd->opts : NULL; o && o->name; o++) {
		if (vmm_distance(o->name, name) < d) {
			d = vmm_distance(o->name, name);
			best = o->name;
		}
	}
	for (const struct vmm_opt *o = vmm_global_opts; o->name; o++) {
		if (vmm_distance(o->name, name) < d) {
			d = vmm_distance(o->name, name);
			best = o->name;
		}
	}
	return best;
}

/*
 * opts[idx] was named by word; is_cmd tells the command's table from the
 * global one, inl is a value glued to the word (--name=V, -xV).
 */
static int apply_opt(struct vmm_call *c, struct parse_state *st, const struct vmm_opt *opts,
		     int idx, bool is_cmd, int argc, char **argv, int *i, const char *inl,
		     const char *word)
{
	const struct vmm_opt *o = &opts[idx];
	const char *val;

	if (o->type == VMM_T_FLAG && inl && word[1] == '-')
		return usage(c, "option '--%s' takes no value", o->name);
	if (!is_cmd)
		return apply_global(c, st, o, word);
	if (o->type == VMM_T_FLAG) {
		c->optv[idx].set = true;
		c->optv[idx].raw = word;
		return 0;
	}
	val = next_value(c, argc, argv, i, inl, word);
	if (!val)
		return -EINVAL;
	return set_opt_value(c, o, &c->optv[idx], val, word);
}

/* One "--long[=v]" or "-abc" word at argv[*i]; cmd may be NULL (before the command). */
static int parse_option(struct vmm_call *c, struct parse_state *st, const struct vmm_command *cmd,
			int argc, char **argv, int *i)
{
	const struct vmm_opt *own = cmd ? cmd->opts : NULL;
	const char *word = argv[*i];
	int idx, ret;

	if (word[1] == '-') {
		const char *name = word + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		const char *inl = eq ? eq + 1 : NULL, *s;
		char nm[64];

		idx = vmm_opt_find(own, name, n, 0);
		if (idx >= 0)
			return apply_opt(c, st, own, idx, true, argc, argv, i, inl, word);
		idx = vmm_opt_find(vmm_global_opts, name, n, 0);
		if (idx >= 0)
			return apply_opt(c, st, vmm_global_opts, idx, false, argc, argv, i, inl, word);
		snprintf(nm, sizeof(nm), "%.*s", (int)(n < 63 ? n : 63), name);
		s = suggest_opt(cmd, nm);
		if (s)
			vmm_hint(c, "did you mean '--%s'?", s);
		return usage(c, "unknown option '%s'", word);
	}
	for (const char *p = word + 1; *p; p++) {
		const struct vmm_opt *opts = own;
		bool is_cmd = true;

		idx = vmm_opt_find(opts, NULL, 0, *p);
		if (idx < 0) {
			opts = vmm_global_opts;
			is_cmd = false;
			idx = vmm_opt_find(opts, NULL, 0, *p);
		}
		if (idx < 0)
			return usage(c, "unknown option '-%c' in '%s'", *p, word);
		ret = apply_opt(c, st, opts, idx, is_cmd, argc, argv, i, p[1] ? p + 1 : NULL, word);
		if (ret || opts[idx].type != VMM_T_FLAG)
			return ret;	/* a value-taking letter ends the cluster */
	}
	return 0;
}

static bool is_option(const char *w)
{
	return w[0] == '-' && w[1] != '\0';
}

static void words_hint(struct vmm_call *c, const char *what, const char *best,
		       const struct vmm_object *obj)
{
	char list[256] = "";
	size_t off = 0;

	if (best) {
		vmm_hint(c, "did you mean '%s'?", best);
		return;
	}
	if (obj) {
		for (const struct vmm_command *k = obj->cmds; k->run && off < sizeof(list); k++)
			if (!(k->flags & VMM_CMD_HIDDEN) && *k->name)
				off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
							off ? " | " : "", k->name);
	} else {
		for (int i = 0; vmm_objects[i] && off < sizeof(list); i++)
			if (!(vmm_objects[i]->flags & VMM_OBJ_HIDDEN))
				off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
							off ? " | " : "", vmm_objects[i]->name);
	}
	vmm_hint(c, "%s := { %s }; see 'vmmctl help%s%s'", what, list, obj ? " " : "",
		 obj ? obj->name : "");
}

/* Binds positional words to the command's typed arguments. */
static int bind_args(struct vmm_call *c, char **pos, int npos)
{
	const struct vmm_arg *a = c->cmd->args;
	int nspec = 0, k = 0;

	while (a && a[nspec].name)
		nspec++;
	c->vals = calloc((size_t)(npos > nspec ? npos : nspec) + 1, sizeof(*c->vals));
	if (!c->vals)
		return vmm_err(c, VMM_OK, ENOMEM, "out of memory");
	for (int s = 0; s < nspec; s++) {
		const char *why = "";
		int last = (a[s].flags & VMM_ARG_MULTI) ? npos : k + 1;

		if (k >= npos) {
			if (a[s].flags & VMM_ARG_OPTIONAL)
				break;
			/* what the argument is, as the command table describes it */
			missing_hint(c, &a[s]);
			return usage(c, "missing %s", a[s].name);
		}
		for (; k < last; k++) {
			if (vmm_parse_typed(a[s].type, a[s].choices, pos[k], &c->vals[c->nvals], &why)) {
				if (a[s].type == VMM_T_ENUM) {
					char list[256] = "";
					size_t off = 0;

					for (int e = 0; a[s].choices[e] && off < sizeof(list); e++)
						off += (size_t)snprintf(list + off, sizeof(list) - off,
									"%s%s", e ? " | " : "",
									a[s].choices[e]);
					vmm_hint(c, "%s := { %s }", a[s].name, list);
				}
				return usage(c, "bad %s '%s': %s; expected %s", a[s].name, pos[k], why,
					     vmm_type_expect(a[s].type));
			}
			c->nvals++;
		}
	}
	if (k < npos)
		return usage(c, "unexpected argument '%s'", pos[k]);
	return 0;
}

/* -h, OBJECT help and OBJECT COMMAND -h are all answered by `help OBJECT [COMMAND]`. */
static int run_help(struct vmm_call *c, const struct vmm_object *obj,
		    const struct vmm_command *cmd)
{
	char *hargv[2] = { (char *)obj->name, cmd ? (char *)cmd->name : NULL };
	int ret;

	free(c->vals);
	free(c->optv);
	c->vals = NULL;
	c->nvals = 0;
	c->obj = vmm_find_object("help");
	c->cmd = vmm_default_command(c->obj);
	c->optv = calloc(1, sizeof(*c->optv));
	if (!c->optv)
		return vmm_err(c, VMM_OK, ENOMEM, "out of memory");
	ret = bind_args(c, hargv, cmd && *cmd->name ? 2 : 1);
	return ret ? ret : c->cmd->run(c);
}

/* --openmetrics needs the command's metrics renderer, and stands alone. */
static int check_format(struct vmm_call *c)
{
	if (!c->opts.openmetrics)
		return 0;
	if (c->opts.json)
		return usage(c, "--openmetrics and --json (-j, -p) exclude each other");
	if (c->cmd->metrics && !c->opts.dry_run)
		return 0;
	vmm_hint(c, "--openmetrics works with: host features, vm list, vm stats, stage2 summary");
	return usage(c, "'%s%s%s' has no metrics output%s", c->obj->name, *c->cmd->name ? " " : "",
		     c->cmd->name, c->opts.dry_run ? " in a dry run" : "");
}

/*
 * A command's "output" option (VMM_CMD_OUTPUT) takes what stdout would
 * have shown, written to a temporary name and renamed: a reader (a
 * textfile collector) sees the old file or the new one, never half.
 */
static void write_output(struct vmm_call *c, struct vmm_outcome *o)
{
	const struct vmm_val *path = vmm_opt(c, "output");
	struct vmm_sys_atomic a = { .fd = -1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (!(c->cmd->flags & VMM_CMD_OUTPUT) || !path || !o->result)
		return;
	f = open_memstream(&buf, &len);
	if (!f) {
		vmm_err(c, VMM_OK, ENOMEM, "out of memory");
		return;
	}
	vmm_out_result(&o->opts, o, f);
	if (fclose(f)) {
		free(buf);
		vmm_err(c, VMM_OK, ENOMEM, "out of memory");
		return;
	}
	ret = vmm_sys_atomic_open(c->sys, path->raw, &a);
	if (!ret)
		ret = vmm_sys_atomic_write(c->sys, &a, buf, len);
	if (!ret)
		ret = vmm_sys_atomic_commit(c->sys, &a);
	if (ret)
		vmm_sys_atomic_abort(&a);
	free(buf);
	if (ret) {
		vmm_err_sys(c, ret, "cannot write %s", path->raw);
		return;
	}
	json_object_put(o->result);
	o->result = NULL;
}

/* On a snapshot only the commands that read files answer: nothing else has a kernel. */
static int replay_check(struct vmm_call *c, const struct vmm_object *obj,
			const struct vmm_command *cmd)
{
	const struct vmm_snap_info *sn = c->ctx->snap;

	if (!sn || (cmd->flags & VMM_CMD_REPLAY) || (obj->flags & VMM_OBJ_BUILTIN))
		return 0;
	vmm_hint(c, "on a snapshot, only the commands that read files replay (vmmctl-snapshot(8) "
		 "lists them); run this one on the host itself");
	return vmm_err(c, VMM_E_NOTSUP, EROFS, "'%s%s%s' needs the live kernel, and the root %s "
		       "is a snapshot (of %s, taken %s)", obj->name, *cmd->name ? " " : "",
		       cmd->name, sn->path, sn->host, sn->time);
}

/*
 * Where an answer came from (its provenance: "source" names the dump or
 * the stats of stage2 and vm stats): "live", or the snapshot's host and
 * time. An object gets the key; a list (an array) gets it in each object.
 */
static void add_provenance(const struct vmm_ctx *ctx, json_object *res)
{
	const struct vmm_snap_info *sn = ctx->snap;
	json_object *src;

	if (json_object_is_type(res, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(res); i++)
			add_provenance(ctx, json_object_array_get_idx(res, i));
		return;
	}
	if (!json_object_is_type(res, json_type_object))
		return;
	src = json_object_new_object();
	json_object_object_add(src, "kind", vmm_jstr(sn ? "snapshot" : "live"));
	if (sn) {
		json_object_object_add(src, "host", vmm_jstr(sn->host));
		json_object_object_add(src, "time", vmm_jstr(sn->time));
		json_object_object_add(src, "arch", vmm_jstr(sn->arch));
		json_object_object_add(src, "release", vmm_jstr(sn->release));
		json_object_object_add(src, "path", vmm_jstr(sn->path));
	}
	json_object_object_add(res, "provenance", src);
}

static int run_call(struct vmm_call *c, int argc, char **argv)
{
	const struct vmm_object *obj = NULL;
	const struct vmm_command *cmd = NULL;
	struct parse_state st = { 0 };
	char **pos = NULL;
	int npos = 0, i = 0, ret, nopts = 0;

	/* options before the object and before the command are global only */
	for (; i < argc && is_option(argv[i]); i++)
		if (parse_option(c, &st, NULL, argc, argv, &i))
			return -EINVAL;
	if (st.version)
		obj = vmm_find_object("version");
	if (!obj && (st.help || i >= argc)) {
		obj = vmm_find_object("help");
		if (i >= argc && !st.help) {
			words_hint(c, "OBJECT", NULL, NULL);
			return usage(c, "missing OBJECT");
		}
	}
	if (!obj) {
		obj = vmm_find_object(argv[i]);
		if (!obj) {
			words_hint(c, "OBJECT", vmm_suggest_object(argv[i]), NULL);
			return usage(c, "unknown object '%s'", argv[i]);
		}
		i++;
		/* a verb-less command that is the object's only one takes its options here */
		cmd = vmm_default_command(obj);
		if (cmd && !(cmd->flags & VMM_CMD_RAWARGS) && !(cmd == obj->cmds && !obj->cmds[1].run))
			cmd = NULL;
		for (; !cmd && i < argc && is_option(argv[i]); i++)
			if (parse_option(c, &st, NULL, argc, argv, &i))
				return -EINVAL;
		if (!cmd && i < argc && !strcmp(argv[i], "help") && !vmm_find_command(obj, "help")) {
			/* OBJECT help == help OBJECT */
			st.help = true;
			i++;
		}
		if (!cmd && st.help && strcmp(obj->name, "help"))
			return run_help(c, obj, i < argc ? vmm_find_command(obj, argv[i]) : NULL);
	}
	if (!cmd && i < argc && !is_option(argv[i]))
		cmd = vmm_find_command(obj, argv[i]);
	if (cmd && *cmd->name) {
		i++;
	} else if (!cmd) {
		cmd = vmm_default_command(obj);
		if (!cmd) {
			if (i >= argc) {
				words_hint(c, "COMMAND", NULL, obj);
				return usage(c, "%s: missing COMMAND", obj->name);
			}
			words_hint(c, "COMMAND", vmm_suggest_command(obj, argv[i]), obj);
			return usage(c, "%s: unknown command '%s'", obj->name, argv[i]);
		}
	}
	c->obj = obj;
	c->cmd = cmd;
	snprintf(c->err.object, sizeof(c->err.object), "%s", obj->name);
	snprintf(c->err.command, sizeof(c->err.command), "%s", cmd->name);
	for (const struct vmm_opt *o = cmd->opts; o && o->name; o++)
		nopts++;
	c->optv = calloc((size_t)nopts + 1, sizeof(*c->optv));
	pos = calloc((size_t)argc + 1, sizeof(*pos));
	if (!c->optv || !pos) {
		ret = vmm_err(c, VMM_OK, ENOMEM, "out of memory");
		goto out;
	}
	for (; i < argc; i++) {
		if (cmd->flags & VMM_CMD_RAWARGS) {
			pos[npos++] = argv[i];
			continue;
		}
		if (!strcmp(argv[i], "--")) {
			while (++i < argc)
				pos[npos++] = argv[i];
			break;
		}
		if (is_option(argv[i])) {
			ret = parse_option(c, &st, cmd, argc, argv, &i);
			if (ret)
				goto out;
			continue;
		}
		pos[npos++] = argv[i];
	}
	if (st.help && strcmp(obj->name, "help")) {
		ret = run_help(c, obj, cmd);
		goto out;
	}
	if ((cmd->flags & VMM_CMD_REPL_ONLY) && !c->ctx->repl) {
		ret = usage(c, "'%s%s%s' is only available in the interactive shell (vmmctl -i)",
			    obj->name, *cmd->name ? " " : "", cmd->name);
		goto out;
	}
	ret = replay_check(c, obj, cmd);
	if (ret)
		goto out;
	ret = bind_args(c, pos, npos);
	if (ret)
		goto out;
	ret = check_format(c);
	if (ret)
		goto out;
	ret = cmd->run(c);
	if (ret < 0 && !c->err.set)
		vmm_err_sys(c, ret, "%s", *c->sys->last.what ? c->sys->last.what :
			    *c->sys->last.path ? c->sys->last.path : "failed");
	if (ret < 0 && c->err.code == VMM_E_PERM && (cmd->flags & VMM_CMD_NEEDS_ROOT) &&
	    !*c->err.hint)
		vmm_hint(c, "this command needs root (or the capability named in its man page)");
out:
	free(pos);
	return ret;
}

void vmm_dispatch(struct vmm_ctx *ctx, int argc, char **argv, struct vmm_outcome *o)
{
	struct vmm_call c = { 0 };
	int ret;

	memset(o, 0, sizeof(*o));
	c.ctx = ctx;
	c.sys = &ctx->sys;
	c.opts = ctx->opts;
	c.argc = argc;
	c.argv = argv;
	vmm_sys_clear(&ctx->sys);
	ret = run_call(&c, argc, argv);
	o->opts = c.opts;
	if (ret < 0 || c.err.set) {
		if (!c.err.set)
			vmm_err(&c, VMM_OK, -ret, "failed");
		o->err = c.err;
		/* what a failed command did do (a partial copy's ranges) is kept */
		o->result = c.result;
		o->text = c.cmd ? c.cmd->text : NULL;
		json_object_put(c.dry_ops);
	} else if (c.dry_ops) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "dry_run", json_object_new_boolean(1));
		json_object_object_add(r, "operations", c.dry_ops);
		json_object_put(c.result);
		o->result = r;
		o->text = vmm_render_dry_run;
	} else {
		o->result = c.result;
		o->text = c.cmd ? c.cmd->text : NULL;
		o->metrics = c.cmd ? c.cmd->metrics : NULL;
		if (c.cmd && (c.cmd->flags & VMM_CMD_REPLAY) && o->result)
			add_provenance(ctx, o->result);
		if (c.cmd)
			write_output(&c, o);
		if (c.err.set)
			o->err = c.err;
	}
	o->exit_code = vmm_exit_code(&o->err);
	free(c.vals);
	free(c.optv);
}

void vmm_outcome_clear(struct vmm_outcome *o)
{
	json_object_put(o->result);
	o->result = NULL;
}

void vmm_dry_op(struct vmm_call *c, json_object *op)
{
	if (!c->dry_ops)
		c->dry_ops = json_object_new_array();
	json_object_array_add(c->dry_ops, op);
}
