// SPDX-License-Identifier: GPL-3.0-or-later
/* Lookups in the one command table: exact names and declared aliases only. */
#include <string.h>

#include "cli.h"
#include "parse.h"

const struct vmm_opt vmm_global_opts[] = {
	{ "json", 'j', VMM_T_FLAG, NULL, "JSON on stdout (one document)" },
	{ "pretty", 'p', VMM_T_FLAG, NULL, "indented JSON; implies --json" },
	{ "openmetrics", 0, VMM_T_FLAG, NULL, "metrics for Prometheus on stdout (host features, vm list, "
	  "vm stats, stage2 summary)" },
	{ "quiet", 'q', VMM_T_FLAG, NULL, "no info or warnings on stderr" },
	{ "verbose", 'v', VMM_T_FLAG, NULL, "more detail on stderr; repeatable" },
	{ "dry-run", 'n', VMM_T_FLAG, NULL, "show the ioctl or sysfs write instead of doing it" },
	{ "keep-going", 'k', VMM_T_FLAG, NULL, "batch: run every line, exit 7 if any failed" },
	{ "batch", 'b', VMM_T_PATH, "FILE", "run commands from FILE ('-' is stdin)", NULL, &vmm_comp_file },
	{ "interactive", 'i', VMM_T_FLAG, NULL, "open the interactive shell" },
	{ "root", 0, VMM_T_PATH, "DIR", "prefix for every path vmmctl opens (env VMMCTL_ROOT)", NULL, &vmm_comp_file },
	{ "pci-dump", 0, VMM_T_PATH, "FILE", "read PCI devices from an lspci -x dump", NULL, &vmm_comp_file },
	{ "help", 'h', VMM_T_FLAG, NULL, "show help and exit" },
	{ "version", 'V', VMM_T_FLAG, NULL, "show the version and exit" },
	{ 0 }
};

const char vmm_global_letters[] = "jpqvnkbihV";

int vmm_opt_find(const struct vmm_opt *opts, const char *name, size_t n, char letter)
{
	for (int i = 0; opts && opts[i].name; i++) {
		if (name ? strlen(opts[i].name) == n && !strncmp(opts[i].name, name, n) :
			   letter && opts[i].short_name == letter)
			return i;
	}
	return -1;
}

bool vmm_opts_apply(struct vmm_opts *o, const struct vmm_opt *g)
{
	if (!g->short_name && !strcmp(g->name, "openmetrics")) {
		o->openmetrics = true;
		return true;
	}
	switch (g->short_name) {
	case 'j': o->json = true; return true;
	case 'p': o->json = o->pretty = true; return true;
	case 'q': o->quiet = true; return true;
	case 'v': o->verbose++; return true;
	case 'n': o->dry_run = true; return true;
	case 'k': o->keep_going = true; return true;
	default: return false;
	}
}

static bool has_alias(const char *const *aliases, const char *name)
{
	for (int i = 0; aliases && aliases[i]; i++)
		if (!strcmp(aliases[i], name))
			return true;
	return false;
}

const struct vmm_object *vmm_find_object(const char *name)
{
	for (int i = 0; vmm_objects[i]; i++) {
		const struct vmm_object *o = vmm_objects[i];

		if (!strcmp(o->name, name) || has_alias(o->aliases, name))
			return o;
	}
	return NULL;
}

const struct vmm_command *vmm_find_command(const struct vmm_object *obj, const char *name)
{
	if (!*name)
		return NULL;
	for (const struct vmm_command *c = obj->cmds; c->run; c++)
		if (!strcmp(c->name, name) || has_alias(c->aliases, name))
			return c;
	return NULL;
}

const struct vmm_command *vmm_default_command(const struct vmm_object *obj)
{
	for (const struct vmm_command *c = obj->cmds; c->run; c++)
		if (!*c->name)
			return c;
	return NULL;
}

static void closer(const char *cand, const char *name, const char **best, unsigned int *bestd)
{
	unsigned int d = vmm_distance(cand, name);

	if (d < *bestd) {
		*bestd = d;
		*best = cand;
	}
}

/* Near misses only: a typo of one or two characters, never a guess. */
static unsigned int limit(const char *name)
{
	return strlen(name) <= 3 ? 1 : 2;
}

const char *vmm_suggest_object(const char *name)
{
	const char *best = NULL;
	unsigned int d = limit(name) + 1;

	for (int i = 0; vmm_objects[i]; i++) {
		const struct vmm_object *o = vmm_objects[i];

		if (o->flags & VMM_OBJ_HIDDEN)
			continue;
		closer(o->name, name, &best, &d);
		for (int a = 0; o->aliases && o->aliases[a]; a++)
			closer(o->aliases[a], name, &best, &d);
	}
	return best;
}

const char *vmm_suggest_command(const struct vmm_object *obj, const char *name)
{
	const char *best = NULL;
	unsigned int d = limit(name) + 1;

	for (const struct vmm_command *c = obj->cmds; c->run; c++) {
		if ((c->flags & VMM_CMD_HIDDEN) || !*c->name)
			continue;
		closer(c->name, name, &best, &d);
		for (int a = 0; c->aliases && c->aliases[a]; a++)
			closer(c->aliases[a], name, &best, &d);
	}
	return best;
}
