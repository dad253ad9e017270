// SPDX-License-Identifier: GPL-3.0-or-later
/* Objects a session owns (vm0, iommufd0), named kind + N, closed on exit. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static unsigned int next_index(struct vmm_ctx *ctx, const char *kind)
{
	size_t n = sizeof(ctx->counters) / sizeof(ctx->counters[0]);

	for (size_t i = 0; i < n; i++) {
		if (!ctx->counters[i].kind[0])
			snprintf(ctx->counters[i].kind, sizeof(ctx->counters[i].kind), "%s", kind);
		if (!strcmp(ctx->counters[i].kind, kind))
			return ctx->counters[i].next++;
	}
	return (unsigned int)ctx->nobjs + 1000;
}

int vmm_session_add(struct vmm_ctx *ctx, const struct vmm_sobj_ops *ops, void *priv,
		    const char **name)
{
	struct vmm_sobj *tmp = realloc(ctx->objs, (size_t)(ctx->nobjs + 1) * sizeof(*tmp));
	struct vmm_sobj *o;

	if (!tmp)
		return -ENOMEM;
	ctx->objs = tmp;
	o = &ctx->objs[ctx->nobjs++];
	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "%s%u", ops->kind, next_index(ctx, ops->kind));
	o->ops = ops;
	o->priv = priv;
	if (name)
		*name = o->name;
	return 0;
}

static struct vmm_sobj *find(struct vmm_ctx *ctx, const char *name)
{
	for (int i = 0; i < ctx->nobjs; i++)
		if (!strcmp(ctx->objs[i].name, name))
			return &ctx->objs[i];
	return NULL;
}

void *vmm_session_get(struct vmm_ctx *ctx, const char *name, const char *kind)
{
	struct vmm_sobj *o = find(ctx, name);

	if (!o || (kind && strcmp(o->ops->kind, kind)))
		return NULL;
	return o->priv;
}

void *vmm_session_next(struct vmm_ctx *ctx, const char *kind, int *iter, const char **name)
{
	while (*iter < ctx->nobjs) {
		struct vmm_sobj *o = &ctx->objs[(*iter)++];

		if (!kind || !strcmp(o->ops->kind, kind)) {
			if (name)
				*name = o->name;
			return o->priv;
		}
	}
	return NULL;
}

struct vmm_sys *vmm_ctx_sys(struct vmm_ctx *ctx)
{
	return &ctx->sys;
}

const char *vmm_ctx_pci_dump(const struct vmm_ctx *ctx)
{
	return ctx->pci_dump;
}

int vmm_session_close(struct vmm_ctx *ctx, const char *name)
{
	struct vmm_sobj *o = find(ctx, name);
	int idx;

	if (!o)
		return -ENOENT;
	o->ops->close(o->priv);
	idx = (int)(o - ctx->objs);
	memmove(o, o + 1, (size_t)(ctx->nobjs - idx - 1) * sizeof(*o));
	ctx->nobjs--;
	return 0;
}

void vmm_session_close_all(struct vmm_ctx *ctx)
{
	/* newest first: a VM's memory region goes before its VM */
	while (ctx->nobjs > 0)
		vmm_session_close(ctx, ctx->objs[ctx->nobjs - 1].name);
	free(ctx->objs);
	ctx->objs = NULL;
}

json_object *vmm_session_list(struct vmm_ctx *ctx)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < ctx->nobjs; i++) {
		json_object *o = json_object_new_object(), *d;

		json_object_object_add(o, "name", vmm_jstr(ctx->objs[i].name));
		json_object_object_add(o, "kind", vmm_jstr(ctx->objs[i].ops->kind));
		d = ctx->objs[i].ops->describe ? ctx->objs[i].ops->describe(ctx->objs[i].priv) : NULL;
		if (d)
			json_object_object_add(o, "detail", d);
		json_object_array_add(a, o);
	}
	return a;
}
