// SPDX-License-Identifier: GPL-3.0-or-later
/* Invariants of the command table, checked by `vmmctl self-test` and make check. */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "cli.h"

static int fail(json_object *fails, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(json_object *fails, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_array_add(fails, vmm_jstr(buf));
	return 1;
}

static bool word_ok(const char *s, bool upper)
{
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		char c = *s;

		if (!(upper ? (isupper((unsigned char)c) || isdigit((unsigned char)c)) :
			      (islower((unsigned char)c) || isdigit((unsigned char)c))) &&
		    c != '-' && c != '_')
			return false;
	}
	return true;
}

static int names_of(const char *name, const char *const *aliases, const char **out, int n)
{
	out[n++] = name;
	for (int i = 0; aliases && aliases[i]; i++)
		out[n++] = aliases[i];
	return n;
}

static int check_unique(json_object *fails, const char *what, const char **v, int n)
{
	int bad = 0;

	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (!strcmp(v[i], v[j]))
				bad += fail(fails, "%s: name '%s' used twice", what, v[i]);
	return bad;
}

static bool global_long(const char *name)
{
	for (const struct vmm_opt *g = vmm_global_opts; g->name; g++)
		if (!strcmp(g->name, name))
			return true;
	return false;
}

static int check_opts(json_object *fails, const char *where, const struct vmm_opt *opts)
{
	const char *seen[64];
	int bad = 0, n = 0;

	for (const struct vmm_opt *o = opts; o && o->name; o++) {
		if (!word_ok(o->name, false))
			bad += fail(fails, "%s: option '%s' is not lower-case words", where, o->name);
		if (!o->help || !*o->help)
			bad += fail(fails, "%s: option --%s has no help", where, o->name);
		if (o->type >= VMM_T__COUNT)
			bad += fail(fails, "%s: option --%s has no valid type", where, o->name);
		if (o->short_name && strchr(vmm_global_letters, o->short_name))
			bad += fail(fails, "%s: option --%s reuses global letter -%c", where, o->name,
				    o->short_name);
		if (global_long(o->name))
			bad += fail(fails, "%s: option --%s shadows a global option", where, o->name);
		if (o->type == VMM_T_ENUM && !o->choices)
			bad += fail(fails, "%s: enum option --%s has no choices", where, o->name);
		if (o->type != VMM_T_FLAG && o->type != VMM_T_ENUM && !o->metavar)
			bad += fail(fails, "%s: option --%s has no metavar", where, o->name);
		if (n < 64)
			seen[n++] = o->name;
	}
	return bad + check_unique(fails, where, seen, n);
}

static int check_args(json_object *fails, const char *where, const struct vmm_arg *args)
{
	bool optional = false;
	int bad = 0;

	for (const struct vmm_arg *a = args; a && a->name; a++) {
		if (!word_ok(a->name, true))
			bad += fail(fails, "%s: argument '%s' is not an upper-case metavar", where, a->name);
		if (!a->help || !*a->help)
			bad += fail(fails, "%s: argument %s has no help", where, a->name);
		if (a->type >= VMM_T__COUNT || a->type == VMM_T_FLAG)
			bad += fail(fails, "%s: argument %s has no valid type", where, a->name);
		if (a->type == VMM_T_ENUM && !a->choices)
			bad += fail(fails, "%s: enum argument %s has no choices", where, a->name);
		if ((a->flags & VMM_ARG_MULTI) && a[1].name)
			bad += fail(fails, "%s: argument %s repeats but is not last", where, a->name);
		if (optional && !(a->flags & VMM_ARG_OPTIONAL))
			bad += fail(fails, "%s: required %s follows an optional argument", where, a->name);
		optional = optional || (a->flags & VMM_ARG_OPTIONAL);
	}
	return bad;
}

static int check_object(json_object *fails, const struct vmm_object *obj)
{
	const char *names[128];
	char where[96];
	int bad = 0, n = 0, defaults = 0;

	if (!obj->summary || !*obj->summary)
		bad += fail(fails, "object %s has no summary", obj->name);
	if (!obj->cmds || !obj->cmds[0].run)
		return bad + fail(fails, "object %s has no commands", obj->name);
	for (const struct vmm_command *c = obj->cmds; c->run; c++) {
		snprintf(where, sizeof(where), "%s %s", obj->name, *c->name ? c->name : "(default)");
		if (!*c->name)
			defaults++;
		else if (!word_ok(c->name, false))
			bad += fail(fails, "%s: command name is not lower-case words", where);
		if (!c->summary || !*c->summary)
			bad += fail(fails, "%s: no summary", where);
		if (*c->name && !strcmp(c->name, "help"))
			bad += fail(fails, "%s: 'help' is reserved", where);
		bad += check_opts(fails, where, c->opts);
		bad += check_args(fails, where, c->args);
		if (n < 120 && *c->name)
			n = names_of(c->name, c->aliases, names, n);
	}
	if (defaults > 1)
		bad += fail(fails, "object %s has %d default commands", obj->name, defaults);
	return bad + check_unique(fails, obj->name, names, n);
}

int vmm_selftest(json_object *fails)
{
	const char *names[128];
	int bad = 0, n = 0;

	for (int i = 0; vmm_objects[i]; i++) {
		const struct vmm_object *o = vmm_objects[i];

		if (!word_ok(o->name, false))
			bad += fail(fails, "object '%s' is not lower-case words", o->name);
		if (n < 120)
			n = names_of(o->name, o->aliases, names, n);
		bad += check_object(fails, o);
	}
	bad += check_unique(fails, "objects", names, n);
	for (const char *l = vmm_global_letters; *l; l++) {
		bool found = false;

		for (const struct vmm_opt *g = vmm_global_opts; g->name; g++)
			found = found || g->short_name == *l;
		if (!found)
			bad += fail(fails, "global letter -%c has no option", *l);
	}
	return bad;
}
