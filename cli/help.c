// SPDX-License-Identifier: GPL-3.0-or-later
/* Help text and command metadata, both generated from the table. */
#include <stdarg.h>
#include <string.h>

#include "cli.h"
#include "parse.h"

static size_t put(char *buf, size_t len, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t put(char *buf, size_t len, size_t off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (off >= len)
		return off;
	va_start(ap, fmt);
	n = vsnprintf(buf + off, len - off, fmt, ap);
	va_end(ap);
	return n > 0 ? off + (size_t)n : off;
}

static size_t put_choices(char *buf, size_t len, size_t off, const char *const *ch)
{
	off = put(buf, len, off, "{ ");
	for (int i = 0; ch && ch[i]; i++)
		off = put(buf, len, off, "%s%s", i ? " | " : "", ch[i]);
	return put(buf, len, off, " }");
}

void vmm_synopsis(const struct vmm_object *obj, const struct vmm_command *cmd, char *buf,
		  size_t len)
{
	size_t off = 0;

	off = put(buf, len, off, "vmmctl %s%s%s", obj->name, *cmd->name ? " " : "", cmd->name);
	for (const struct vmm_arg *a = cmd->args; a && a->name; a++) {
		bool opt = a->flags & VMM_ARG_OPTIONAL;

		off = put(buf, len, off, " %s", opt ? "[" : "");
		if (a->type == VMM_T_ENUM)
			off = put_choices(buf, len, off, a->choices);
		else
			off = put(buf, len, off, "%s", a->name);
		off = put(buf, len, off, "%s%s", (a->flags & VMM_ARG_MULTI) ? "..." : "",
			  opt ? "]" : "");
	}
	for (const struct vmm_opt *o = cmd->opts; o && o->name; o++) {
		off = put(buf, len, off, " [--%s", o->name);
		if (o->type == VMM_T_ENUM) {
			off = put(buf, len, off, " ");
			off = put_choices(buf, len, off, o->choices);
		} else if (o->type != VMM_T_FLAG) {
			off = put(buf, len, off, " %s", o->metavar ? o->metavar : "VALUE");
		}
		off = put(buf, len, off, "]");
	}
}

static bool visible(const struct vmm_command *c)
{
	return !(c->flags & VMM_CMD_HIDDEN);
}

void vmm_help_usage(const struct vmm_object *obj, FILE *f)
{
	char syn[1024];
	bool first = true;

	if (!obj) {
		fputs("Usage: vmmctl [OPTIONS] OBJECT { COMMAND | help }\n"
		      "       vmmctl [OPTIONS] -b FILE\n"
		      "       vmmctl [OPTIONS] -i\n"
		      "where  OBJECT := {", f);
		for (int i = 0; vmm_objects[i]; i++)
			if (!(vmm_objects[i]->flags & VMM_OBJ_HIDDEN))
				fprintf(f, "%s %s", first ? "" : " |", vmm_objects[i]->name), first = false;
		fputs(" }\n       OPTIONS := {", f);
		first = true;
		for (const struct vmm_opt *o = vmm_global_opts; o->name; o++) {
			fprintf(f, "%s ", first ? "" : " |");
			if (o->short_name)
				fprintf(f, "-%c", o->short_name);
			else if (o->metavar)
				fprintf(f, "--%s %s", o->name, o->metavar);
			else
				fprintf(f, "--%s", o->name);
			first = false;
		}
		fputs(" }\n\nObjects:\n", f);
		for (int i = 0; vmm_objects[i]; i++)
			if (!(vmm_objects[i]->flags & VMM_OBJ_HIDDEN))
				fprintf(f, "  %-10s %s\n", vmm_objects[i]->name, vmm_objects[i]->summary);
		fputs("\nSee vmmctl(8) and 'vmmctl help OBJECT'.\n", f);
		return;
	}
	for (const struct vmm_command *c = obj->cmds; c->run; c++) {
		if (!visible(c))
			continue;
		vmm_synopsis(obj, c, syn, sizeof(syn));
		fprintf(f, "%s %s\n", first ? "Usage:" : "      ", syn);
		first = false;
	}
	fprintf(f, "%s vmmctl %s help\n\n", first ? "Usage:" : "      ", obj->name);
	for (const struct vmm_command *c = obj->cmds; c->run; c++)
		if (visible(c))
			fprintf(f, "  %-12s %s\n", *c->name ? c->name : obj->name, c->summary);
	if (!(obj->flags & VMM_OBJ_BUILTIN))
		fprintf(f, "\nSee vmmctl-%s(8).\n", obj->name);
}

static void print_choices(const char *const *ch, FILE *f)
{
	fputs(" (", f);
	for (int i = 0; ch && ch[i]; i++)
		fprintf(f, "%s%s", i ? " | " : "", ch[i]);
	fputs(")", f);
}

void vmm_help_command(const struct vmm_object *obj, const struct vmm_command *cmd, FILE *f)
{
	char syn[1024], left[64];

	vmm_synopsis(obj, cmd, syn, sizeof(syn));
	fprintf(f, "Usage: %s\n\n%s\n", syn, cmd->summary);
	if (cmd->args && cmd->args->name) {
		fputs("\nArguments:\n", f);
		for (const struct vmm_arg *a = cmd->args; a->name; a++) {
			fprintf(f, "  %-22s %s", a->name, a->help);
			if (a->type == VMM_T_ENUM)
				print_choices(a->choices, f);
			else if (!(a->flags & VMM_ARG_SELF_HELP))
				fprintf(f, "; %s", vmm_type_expect(a->type));
			fputc('\n', f);
		}
	}
	if (cmd->opts && cmd->opts->name) {
		fputs("\nOptions:\n", f);
		for (const struct vmm_opt *o = cmd->opts; o->name; o++) {
			if (o->short_name)
				snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
					 o->metavar ? " " : "", o->metavar ? o->metavar : "");
			else
				snprintf(left, sizeof(left), "--%s%s%s", o->name,
					 o->metavar ? " " : "", o->metavar ? o->metavar : "");
			fprintf(f, "  %-22s %s", left, o->help);
			if (o->type == VMM_T_ENUM)
				print_choices(o->choices, f);
			fputc('\n', f);
		}
	}
	if (cmd->flags & VMM_CMD_MUTATING)
		fputs("\nChanges state: --dry-run shows what it would do.\n", f);
	if (cmd->flags & VMM_CMD_NEEDS_ROOT)
		fputs("Needs root.\n", f);
	fputs("Global options (-j -p -q -v -n ...) apply too; see vmmctl(8).\n", f);
}

/* ---- metadata ------------------------------------------------------------ */

static json_object *strings(const char *const *v)
{
	json_object *a = json_object_new_array();

	for (int i = 0; v && v[i]; i++)
		json_object_array_add(a, vmm_jstr(v[i]));
	return a;
}

static const char *completer_id(enum vmm_type t, const struct vmm_completer *comp)
{
	if (comp)
		return comp->id;
	switch (t) {
	case VMM_T_ENUM:
	case VMM_T_ONOFF:
		return "enum";
	case VMM_T_PATH:
		return "file";
	case VMM_T_VM:
		return vmm_comp_vm.id;
	default:
		return NULL;
	}
}

static json_object *opt_json(const struct vmm_opt *o)
{
	json_object *j = json_object_new_object();
	char s[2] = { o->short_name, 0 };
	const char *comp = completer_id(o->type, o->comp);

	json_object_object_add(j, "name", vmm_jstr(o->name));
	if (o->short_name)
		json_object_object_add(j, "short", vmm_jstr(s));
	json_object_object_add(j, "type", vmm_jstr(vmm_type_name(o->type)));
	if (o->metavar)
		json_object_object_add(j, "metavar", vmm_jstr(o->metavar));
	json_object_object_add(j, "help", vmm_jstr(o->help));
	if (o->choices)
		json_object_object_add(j, "choices", strings(o->choices));
	if (comp)
		json_object_object_add(j, "completer", vmm_jstr(comp));
	return j;
}

static json_object *cmd_json(const struct vmm_object *obj, const struct vmm_command *c)
{
	json_object *j = json_object_new_object(), *args = json_object_new_array();
	json_object *opts = json_object_new_array(), *flags = json_object_new_array();
	static const struct { unsigned int bit; const char *name; } fl[] = {
		{ VMM_CMD_MUTATING, "mutating" }, { VMM_CMD_NEEDS_ROOT, "needs_root" },
		{ VMM_CMD_REPL_ONLY, "repl_only" }, { VMM_CMD_HIDDEN, "hidden" },
		{ VMM_CMD_SESSION, "session" },
	};
	char syn[1024];

	vmm_synopsis(obj, c, syn, sizeof(syn));
	json_object_object_add(j, "name", vmm_jstr(c->name));
	json_object_object_add(j, "aliases", strings(c->aliases));
	json_object_object_add(j, "summary", vmm_jstr(c->summary));
	json_object_object_add(j, "synopsis", vmm_jstr(syn));
	for (size_t i = 0; i < sizeof(fl) / sizeof(fl[0]); i++)
		if (c->flags & fl[i].bit)
			json_object_array_add(flags, vmm_jstr(fl[i].name));
	json_object_object_add(j, "flags", flags);
	for (const struct vmm_arg *a = c->args; a && a->name; a++) {
		json_object *x = json_object_new_object();
		const char *comp = completer_id(a->type, a->comp);

		json_object_object_add(x, "name", vmm_jstr(a->name));
		json_object_object_add(x, "type", vmm_jstr(vmm_type_name(a->type)));
		json_object_object_add(x, "help", vmm_jstr(a->help));
		json_object_object_add(x, "optional", vmm_jbool(a->flags & VMM_ARG_OPTIONAL));
		json_object_object_add(x, "multi", vmm_jbool(a->flags & VMM_ARG_MULTI));
		if (a->choices)
			json_object_object_add(x, "choices", strings(a->choices));
		if (comp)
			json_object_object_add(x, "completer", vmm_jstr(comp));
		json_object_array_add(args, x);
	}
	json_object_object_add(j, "args", args);
	for (const struct vmm_opt *o = c->opts; o && o->name; o++)
		json_object_array_add(opts, opt_json(o));
	json_object_object_add(j, "options", opts);
	return j;
}

static json_object *obj_json(const struct vmm_object *o, const struct vmm_command *only)
{
	json_object *j = json_object_new_object(), *cmds = json_object_new_array();

	json_object_object_add(j, "name", vmm_jstr(o->name));
	json_object_object_add(j, "aliases", strings(o->aliases));
	json_object_object_add(j, "summary", vmm_jstr(o->summary));
	json_object_object_add(j, "hidden", vmm_jbool(o->flags & VMM_OBJ_HIDDEN));
	json_object_object_add(j, "builtin", vmm_jbool(o->flags & VMM_OBJ_BUILTIN));
	for (const struct vmm_command *c = o->cmds; c->run; c++)
		if (!only || c == only)
			json_object_array_add(cmds, cmd_json(o, c));
	json_object_object_add(j, "commands", cmds);
	return j;
}

json_object *vmm_help_json_cmd(const struct vmm_object *only, const struct vmm_command *cmd)
{
	json_object *j = json_object_new_object(), *objs = json_object_new_array();
	json_object *g = json_object_new_array();

	json_object_object_add(j, "program", vmm_jstr("vmmctl"));
	json_object_object_add(j, "version", vmm_jstr(VMM_VERSION));
	json_object_object_add(j, "json_schema_version", json_object_new_int(VMM_JSON_SCHEMA_VERSION));
	for (const struct vmm_opt *o = vmm_global_opts; o->name; o++)
		json_object_array_add(g, opt_json(o));
	json_object_object_add(j, "global_options", g);
	for (int i = 0; vmm_objects[i]; i++)
		if (!only || vmm_objects[i] == only)
			json_object_array_add(objs, obj_json(vmm_objects[i], cmd));
	json_object_object_add(j, "objects", objs);
	return j;
}

json_object *vmm_help_json(const struct vmm_object *only)
{
	return vmm_help_json_cmd(only, NULL);
}
