// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Objects that belong to the tool itself rather than to a kernel interface:
 * help, version, session, set (REPL), and the hidden self-test,
 * __complete and __dump-commands.
 */
#include <errno.h>
#include <string.h>

#include "cli.h"

/* ---- help ------------------------------------------------------------------ */

static void comp_object(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	(void)ctx;
	for (int i = 0; vmm_objects[i]; i++)
		if (!(vmm_objects[i]->flags & VMM_OBJ_HIDDEN) &&
		    !strncmp(vmm_objects[i]->name, prefix, strlen(prefix)))
			vmm_cands_add(out, vmm_objects[i]->name);
}

static const struct vmm_completer comp_obj = { "object", comp_object };

static int help_run(struct vmm_call *c)
{
	const struct vmm_val *o = vmm_arg(c, "OBJECT", NULL), *k = vmm_arg(c, "COMMAND", NULL);
	const struct vmm_object *obj = NULL;
	const struct vmm_command *cmd = NULL;
	const char *scope = "all";
	const char *s;

	if (o) {
		obj = vmm_find_object(o->raw);
		if (!obj) {
			s = vmm_suggest_object(o->raw);
			if (s)
				vmm_hint(c, "did you mean '%s'?", s);
			return vmm_err(c, VMM_E_USAGE, 0, "unknown object '%s'", o->raw);
		}
		scope = "object";
	}
	if (k) {
		cmd = vmm_find_command(obj, k->raw);
		if (!cmd) {
			s = vmm_suggest_command(obj, k->raw);
			if (s)
				vmm_hint(c, "did you mean '%s'?", s);
			return vmm_err(c, VMM_E_USAGE, 0, "%s: unknown command '%s'", obj->name, k->raw);
		}
		scope = "command";
	} else if (obj && vmm_default_command(obj) && !obj->cmds[1].run) {
		cmd = vmm_default_command(obj);
		scope = "command";
	}
	c->result = vmm_help_json_cmd(obj, cmd);
	json_object_object_add(c->result, "scope", vmm_jstr(scope));
	return 0;
}

static void help_text(json_object *res, FILE *f)
{
	json_object *objs, *scope, *o0, *name, *cmds, *cname;
	const struct vmm_object *obj;

	json_object_object_get_ex(res, "scope", &scope);
	json_object_object_get_ex(res, "objects", &objs);
	if (!strcmp(json_object_get_string(scope), "all")) {
		vmm_help_usage(NULL, f);
		return;
	}
	o0 = json_object_array_get_idx(objs, 0);
	json_object_object_get_ex(o0, "name", &name);
	obj = vmm_find_object(json_object_get_string(name));
	if (!strcmp(json_object_get_string(scope), "object")) {
		vmm_help_usage(obj, f);
		return;
	}
	json_object_object_get_ex(o0, "commands", &cmds);
	json_object_object_get_ex(json_object_array_get_idx(cmds, 0), "name", &cname);
	vmm_help_command(obj, *json_object_get_string(cname) ?
			 vmm_find_command(obj, json_object_get_string(cname)) :
			 vmm_default_command(obj), f);
}

static const struct vmm_arg help_args[] = {
	{ "OBJECT", VMM_T_STR, "the object to describe", NULL, &comp_obj, VMM_ARG_OPTIONAL },
	{ "COMMAND", VMM_T_STR, "one of its commands", NULL, NULL, VMM_ARG_OPTIONAL },
	{ 0 }
};

static const struct vmm_command help_cmds[] = {
	{ "", NULL, "show usage, or with -j the command metadata", help_args, NULL, help_run,
	  help_text, 0 },
	{ 0 }
};

const struct vmm_object vmm_obj_help = {
	"help", NULL, "usage of vmmctl and its objects", help_cmds, VMM_OBJ_BUILTIN,
};

/* ---- version ---------------------------------------------------------------- */

static int version_run(struct vmm_call *c)
{
	json_object *f = json_object_new_object();

	c->result = json_object_new_object();
	json_object_object_add(c->result, "version", vmm_jstr(VMM_VERSION));
	json_object_object_add(c->result, "json_schema_version",
			       json_object_new_int(VMM_JSON_SCHEMA_VERSION));
#if defined(__aarch64__)
	json_object_object_add(c->result, "arch", vmm_jstr("aarch64"));
#elif defined(__x86_64__)
	json_object_object_add(c->result, "arch", vmm_jstr("x86_64"));
#else
	json_object_object_add(c->result, "arch", vmm_jstr("other"));
#endif
	json_object_object_add(f, "json", vmm_jbool(true));
	json_object_object_add(f, "readline", vmm_jbool(true));
	json_object_object_add(f, "libpci", vmm_jbool(true));
	json_object_object_add(c->result, "features", f);
	return 0;
}

static void version_text(json_object *res, FILE *f)
{
	json_object *v, *s, *a, *feat;
	bool first = true;

	json_object_object_get_ex(res, "version", &v);
	json_object_object_get_ex(res, "json_schema_version", &s);
	json_object_object_get_ex(res, "arch", &a);
	json_object_object_get_ex(res, "features", &feat);
	fprintf(f, "vmmctl %s (%s; JSON schema %d; features:", json_object_get_string(v),
		json_object_get_string(a), json_object_get_int(s));
	json_object_object_foreach(feat, k, on) {
		if (json_object_get_boolean(on))
			fprintf(f, "%s%s", first ? " " : ", ", k), first = false;
	}
	fputs(")\n", f);
}

static const struct vmm_command version_cmds[] = {
	{ "", NULL, "version, JSON schema version and compiled-in features", NULL, NULL,
	  version_run, version_text, 0 },
	{ 0 }
};

const struct vmm_object vmm_obj_version = {
	"version", NULL, "show the version", version_cmds, VMM_OBJ_BUILTIN,
};

/* ---- session ---------------------------------------------------------------- */

static int session_list(struct vmm_call *c)
{
	c->result = vmm_session_list(c->ctx);
	return 0;
}

static int session_close(struct vmm_call *c)
{
	const struct vmm_val *n = vmm_arg(c, "NAME", NULL);

	if (!vmm_session_get(c->ctx, n->raw, NULL)) {
		vmm_hint(c, "'vmmctl session list' shows the open objects");
		return vmm_err(c, VMM_E_NOTFOUND, 0, "no session object '%s'", n->raw);
	}
	if (vmm_dry_run(c)) {
		json_object *op = json_object_new_object();

		json_object_object_add(op, "action", vmm_jstr("close"));
		json_object_object_add(op, "name", vmm_jstr(n->raw));
		vmm_dry_op(c, op);
		return 0;
	}
	vmm_session_close(c->ctx, n->raw);
	c->result = json_object_new_object();
	json_object_object_add(c->result, "name", vmm_jstr(n->raw));
	json_object_object_add(c->result, "closed", vmm_jbool(true));
	return 0;
}

static const struct vmm_arg close_args[] = {
	{ "NAME", VMM_T_STR, "a session object such as vm0", NULL, &vmm_comp_session, 0 },
	{ 0 }
};

static const char *const session_close_aliases[] = { "rm", NULL };

static const struct vmm_command session_cmds[] = {
	{ "list", NULL, "objects this session owns (vm0, iommufd0, ...)", NULL, NULL,
	  session_list, NULL, VMM_CMD_SESSION },
	{ "close", session_close_aliases, "close an object this session owns", close_args, NULL,
	  session_close, NULL, VMM_CMD_SESSION | VMM_CMD_MUTATING },
	{ 0 }
};

const struct vmm_object vmm_obj_session = {
	"session", NULL, "objects owned by this REPL or batch session", session_cmds,
	VMM_OBJ_BUILTIN,
};

/* ---- set (REPL) ------------------------------------------------------------- */

static const char *const set_keys[] = { "json", "pretty", "quiet", "dry-run", NULL };

static int set_run(struct vmm_call *c)
{
	const struct vmm_val *k = vmm_arg(c, "KEY", NULL), *v = vmm_arg(c, "VALUE", NULL);
	struct vmm_opts *o = &c->ctx->opts;
	json_object *r;

	if (k && v) {
		switch (k->idx) {
		case 0: o->json = v->on; o->pretty = o->pretty && v->on; break;
		case 1: o->pretty = v->on; o->json = o->json || v->on; break;
		case 2: o->quiet = v->on; break;
		case 3: o->dry_run = v->on; break;
		}
	} else if (k) {
		return vmm_err(c, VMM_E_USAGE, 0, "missing VALUE for '%s' (on or off)", k->raw);
	}
	c->opts.json = o->json;	/* the answer already speaks the new way */
	c->opts.pretty = o->pretty;
	r = json_object_new_object();
	json_object_object_add(r, "json", vmm_jbool(o->json));
	json_object_object_add(r, "pretty", vmm_jbool(o->pretty));
	json_object_object_add(r, "quiet", vmm_jbool(o->quiet));
	json_object_object_add(r, "dry_run", vmm_jbool(o->dry_run));
	c->result = r;
	return 0;
}

static const struct vmm_arg set_args[] = {
	{ "KEY", VMM_T_ENUM, "the setting", set_keys, NULL, VMM_ARG_OPTIONAL },
	{ "VALUE", VMM_T_ONOFF, "on or off", NULL, NULL, VMM_ARG_OPTIONAL },
	{ 0 }
};

static const struct vmm_command set_cmds[] = {
	{ "", NULL, "show or change the shell's output settings", set_args, NULL, set_run, NULL,
	  VMM_CMD_REPL_ONLY },
	{ 0 }
};

const struct vmm_object vmm_obj_set = {
	"set", NULL, "interactive shell settings (json, pretty, quiet, dry-run)", set_cmds,
	VMM_OBJ_BUILTIN,
};

/* ---- hidden: self-test, __complete, __dump-commands ------------------------- */

static int selftest_run(struct vmm_call *c)
{
	json_object *fails = json_object_new_array();
	int n = vmm_selftest(fails);

	if (n) {
		const char *first = json_object_get_string(json_object_array_get_idx(fails, 0));

		vmm_err(c, VMM_E_FAILED, 0, "%d table invariant(s) broken; first: %s", n, first);
		json_object_put(fails);
		return -EINVAL;
	}
	c->result = json_object_new_object();
	json_object_object_add(c->result, "passed", vmm_jbool(true));
	json_object_object_add(c->result, "failures", fails);
	return 0;
}

static const struct vmm_command selftest_cmds[] = {
	{ "", NULL, "check the invariants of the command table", NULL, NULL, selftest_run, NULL, 0 },
	{ 0 }
};

const struct vmm_object vmm_obj_selftest = {
	"self-test", NULL, "check the command table", selftest_cmds,
	VMM_OBJ_BUILTIN | VMM_OBJ_HIDDEN,
};

static int complete_run(struct vmm_call *c)
{
	struct vmm_cands cands = { 0 };
	int n = 0;
	const struct vmm_val *w = vmm_arg(c, "WORDS", &n);
	char *words[256];

	if (n > 255)
		return vmm_err(c, VMM_E_USAGE, 0, "too many words");
	for (int i = 0; i < n; i++)
		words[i] = (char *)w[i].raw;
	if (!n)
		words[n++] = (char *)"";
	vmm_complete(c->ctx, n, words, n - 1, &cands);
	c->result = json_object_new_array();
	for (int i = 0; i < cands.n; i++)
		json_object_array_add(c->result, vmm_jstr(cands.v[i]));
	vmm_cands_free(&cands);
	return 0;
}

static const struct vmm_arg complete_args[] = {
	{ "WORDS", VMM_T_STR, "the words after vmmctl; the last is completed", NULL, NULL,
	  VMM_ARG_OPTIONAL | VMM_ARG_MULTI },
	{ 0 }
};

static const struct vmm_command complete_cmds[] = {
	{ "", NULL, "completion candidates for shells, one per line", complete_args, NULL,
	  complete_run, NULL, VMM_CMD_RAWARGS },
	{ 0 }
};

const struct vmm_object vmm_obj_complete = {
	"__complete", NULL, "shell completion", complete_cmds, VMM_OBJ_BUILTIN | VMM_OBJ_HIDDEN,
};

static int dump_run(struct vmm_call *c)
{
	c->opts.json = true;	/* for tools: always JSON */
	c->result = vmm_help_json(NULL);
	return 0;
}

static const struct vmm_command dump_cmds[] = {
	{ "", NULL, "the command table as JSON", NULL, NULL, dump_run, NULL, 0 },
	{ 0 }
};

const struct vmm_object vmm_obj_dump = {
	"__dump-commands", NULL, "command metadata", dump_cmds, VMM_OBJ_BUILTIN | VMM_OBJ_HIDDEN,
};
