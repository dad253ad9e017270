// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The one completion engine: readline in the REPL and `vmmctl __complete`
 * for bash and zsh both walk the command table through here.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

void vmm_cands_add(struct vmm_cands *out, const char *cand)
{
	char **tmp;

	for (int i = 0; i < out->n; i++)
		if (!strcmp(out->v[i], cand))
			return;
	if (out->n == out->cap) {
		int cap = out->cap ? out->cap * 2 : 16;

		tmp = realloc(out->v, (size_t)cap * sizeof(*tmp));
		if (!tmp)
			return;
		out->v = tmp;
		out->cap = cap;
	}
	out->v[out->n] = strdup(cand);
	if (out->v[out->n])
		out->n++;
}

void vmm_cands_free(struct vmm_cands *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

void vmm_cands_add_prefixed(struct vmm_cands *out, const char *prefix, const char *cand)
{
	if (!strncmp(cand, prefix, strlen(prefix)))
		vmm_cands_add(out, cand);
}

void vmm_cands_add_names(struct vmm_cands *out, const char *prefix, char **names, int n)
{
	for (int i = 0; i < n; i++)
		vmm_cands_add_prefixed(out, prefix, names[i]);
	if (n > 0)
		vmm_sys_free_names(names, n);
}

static void comp_file(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	const char *slash = strrchr(prefix, '/');
	char dir[PATH_MAX], cand[PATH_MAX], full[2 * PATH_MAX], **names;
	const char *base = slash ? slash + 1 : prefix;
	struct stat st;
	int n;

	(void)ctx;	/* files the user names are the user's, not under --root */
	if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - prefix + 1), prefix);
	else
		snprintf(dir, sizeof(dir), ".");
	{
		struct vmm_sys plain;

		vmm_sys_init(&plain, NULL);
		n = vmm_sys_list_dir(&plain, dir, &names);
	}
	for (int i = 0; i < n; i++) {
		if (names[i][0] == '.' && base[0] != '.')
			continue;
		if (strncmp(names[i], base, strlen(base)))
			continue;
		if (snprintf(cand, sizeof(cand), "%s%s", slash ? dir : "", names[i]) >=
		    (int)sizeof(cand) - 1)
			continue;
		snprintf(full, sizeof(full), "%s/%s", dir, names[i]);
		if (!stat(full, &st) && S_ISDIR(st.st_mode))
			strncat(cand, "/", sizeof(cand) - strlen(cand) - 1);
		vmm_cands_add(out, cand);
	}
	if (n > 0)
		vmm_sys_free_names(names, n);
}

static void comp_session(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	for (int i = 0; i < ctx->nobjs; i++)
		vmm_cands_add_prefixed(out, prefix, ctx->objs[i].name);
}

const struct vmm_completer vmm_comp_file = { "file", comp_file };
const struct vmm_completer vmm_comp_session = { "session", comp_session };

static void comp_choices(const char *const *ch, const char *prefix, struct vmm_cands *out)
{
	for (int i = 0; ch && ch[i]; i++)
		vmm_cands_add_prefixed(out, prefix, ch[i]);
}

static void comp_value(struct vmm_ctx *ctx, enum vmm_type t, const char *const *choices,
		       const struct vmm_completer *comp, const char *prefix, struct vmm_cands *out)
{
	static const char *const onoff[] = { "on", "off", NULL };

	if (comp)
		comp->fn(ctx, prefix, out);
	else if (t == VMM_T_ENUM)
		comp_choices(choices, prefix, out);
	else if (t == VMM_T_ONOFF)
		comp_choices(onoff, prefix, out);
	else if (t == VMM_T_PATH)
		comp_file(ctx, prefix, out);
	else if (t == VMM_T_VM)
		vmm_comp_vm.fn(ctx, prefix, out);
}

static void comp_opts(const struct vmm_opt *opts, const char *prefix, struct vmm_cands *out)
{
	char buf[80];

	for (const struct vmm_opt *o = opts; o && o->name; o++) {
		snprintf(buf, sizeof(buf), "--%s", o->name);
		vmm_cands_add_prefixed(out, prefix, buf);
	}
}

/* The option named by word (long or a lone short letter), if it takes a value. */
static const struct vmm_opt *value_opt(const struct vmm_command *cmd, const char *word)
{
	const struct vmm_opt *lists[2] = { cmd ? cmd->opts : NULL, vmm_global_opts };

	if (word[0] != '-' || !word[1] || strchr(word, '='))
		return NULL;
	for (int l = 0; l < 2; l++) {
		for (const struct vmm_opt *o = lists[l]; o && o->name; o++) {
			bool hit = word[1] == '-' ? !strcmp(word + 2, o->name) :
				   (o->short_name && word[1] == o->short_name && !word[2]);

			if (hit)
				return o->type == VMM_T_FLAG ? NULL : o;
		}
	}
	return NULL;
}

static bool repl_only(const struct vmm_object *obj)
{
	for (const struct vmm_command *c = obj->cmds; c->run; c++)
		if (!(c->flags & VMM_CMD_REPL_ONLY))
			return false;
	return true;
}

/* --name=PREFIX: complete the value and hand back whole words. */
static void value_after_eq(struct vmm_ctx *ctx, const struct vmm_command *cmd, const char *cur,
			   struct vmm_cands *out)
{
	const char *eq = strchr(cur, '=');
	struct vmm_cands vals = { 0 };
	char name[80], word[PATH_MAX + 96];
	const struct vmm_opt *o;

	snprintf(name, sizeof(name), "%.*s", (int)(eq - cur), cur);
	o = value_opt(cmd, name);
	if (!o)
		return;
	comp_value(ctx, o->type, o->choices, o->comp, eq + 1, &vals);
	for (int i = 0; i < vals.n; i++) {
		snprintf(word, sizeof(word), "%s=%s", name, vals.v[i]);
		vmm_cands_add(out, word);
	}
	vmm_cands_free(&vals);
}

void vmm_complete(struct vmm_ctx *ctx, int nwords, char **words, int cword,
		  struct vmm_cands *out)
{
	const char *cur = cword < nwords ? words[cword] : "";
	const struct vmm_object *obj = NULL;
	const struct vmm_command *cmd = NULL;
	const struct vmm_opt *vo;
	int i = 0, npos = 0;

	for (; i < cword; i++) {
		const char *w = words[i];

		if (w[0] == '-' && w[1]) {
			if (value_opt(cmd, w))
				i++;
			continue;
		}
		if (!obj) {
			obj = vmm_find_object(w);
			if (!obj)
				return;
			cmd = vmm_default_command(obj);
			if (cmd && (cmd->flags & VMM_CMD_RAWARGS))
				return;
			continue;
		}
		if (!cmd || (!*cmd->name && vmm_find_command(obj, w))) {
			cmd = vmm_find_command(obj, w);
			if (!cmd)
				return;
			continue;
		}
		npos++;
	}
	if (cword > 0 && (vo = value_opt(cmd, words[cword - 1]))) {
		comp_value(ctx, vo->type, vo->choices, vo->comp, cur, out);
		return;
	}
	if (cur[0] == '-' && cur[1] == '-' && strchr(cur, '=')) {
		value_after_eq(ctx, cmd, cur, out);
		return;
	}
	if (cur[0] == '-') {
		if (cmd)
			comp_opts(cmd->opts, cur, out);
		comp_opts(vmm_global_opts, cur, out);
		return;
	}
	if (!obj) {
		for (int k = 0; vmm_objects[k]; k++)
			if (!(vmm_objects[k]->flags & VMM_OBJ_HIDDEN) &&
			    (ctx->repl || !repl_only(vmm_objects[k])))
				vmm_cands_add_prefixed(out, cur, vmm_objects[k]->name);
		return;
	}
	if (!ctx->repl && repl_only(obj))
		return;
	if (!cmd || (!*cmd->name && !npos)) {
		for (const struct vmm_command *k = obj->cmds; k->run; k++)
			if (*k->name && !(k->flags & VMM_CMD_HIDDEN) &&
			    (ctx->repl || !(k->flags & VMM_CMD_REPL_ONLY)))
				vmm_cands_add_prefixed(out, cur, k->name);
		if (!cmd)
			return;
	}
	for (const struct vmm_arg *a = cmd->args; a && a->name; a++, npos--) {
		if (npos == 0 || (a->flags & VMM_ARG_MULTI)) {
			comp_value(ctx, a->type, a->choices, a->comp, cur, out);
			return;
		}
	}
}
