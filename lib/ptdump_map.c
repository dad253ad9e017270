// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The picture of a VM's IPA space (`stage2 map`, `stage2 diff --svg`): bytes
 * counted into a fixed number of power-of-two cells as the ranges stream
 * past, in memory that does not grow with the dump. Where the space in use
 * is not known until the end, the cells start at 4 KiB and, when a range
 * lands past the last one, they merge into cells as many times larger as it
 * takes; any picture of the same space with coarser cells is then a sum of
 * them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptdump.h"

#define FIRST_SHIFT	12

int vmm_s2_grid_init(struct vmm_s2_grid *g, uint64_t base, uint64_t limit, size_t cells)
{
	memset(g, 0, sizeof(*g));
	g->base = base;
	g->limit = limit > base ? limit : base;
	g->shift = FIRST_SHIFT;
	size_t len;
	volatile char *p;

	g->ncells = 16;
	while (g->ncells < cells && g->ncells < VMM_S2_GRID_CELLS)
		g->ncells *= 2;
	len = g->ncells * sizeof(*g->c);
	g->c = calloc(g->ncells, sizeof(*g->c));
	if (!g->c)
		return -ENOMEM;
	/*
	 * Each page written now, before a parsing thread runs: a page first
	 * read (as the zero page) and then written costs a TLB flush on the
	 * other thread's CPU, an IPI, slow in a VM. Volatile: not elided.
	 */
	p = (volatile char *)g->c;
	for (size_t off = 0; off < len; off += 4096)
		p[off] = 0;
	return 0;
}

void vmm_s2_grid_free(struct vmm_s2_grid *g)
{
	free(g->c);
	g->c = NULL;
}

static void cell_add(struct vmm_s2_cell *a, const struct vmm_s2_cell *b)
{
	for (int k = 0; k < VMM_S2_G_KINDS; k++)
		a->bytes[k] += b->bytes[k];
	a->attrs |= b->attrs;
	a->levels |= b->levels;
}

/*
 * Cells of 1 << shift bytes, each the sum of those it now spans, in place:
 * cell i goes into i >> k, which is below it or is it, and was emptied when
 * it was passed. Only the cells in use are touched.
 */
static void coarsen_to(struct vmm_s2_grid *g, unsigned int shift)
{
	unsigned int k = shift - g->shift;

	for (size_t i = 1; i < g->used; i++) {
		size_t d = i >> k;

		if (d == i)
			continue;
		cell_add(&g->c[d], &g->c[i]);
		memset(&g->c[i], 0, sizeof(g->c[i]));
	}
	g->used = g->used ? ((g->used - 1) >> k) + 1 : 0;
	g->shift = shift;
}

void vmm_s2_grid_add(struct vmm_s2_grid *g, uint64_t start, uint64_t end, int kind,
		     uint8_t attr, int8_t level)
{
	uint64_t s, e, first, last;

	if (start < g->base)
		start = g->base;
	if (end > g->limit)
		end = g->limit;
	if (start >= end)
		return;
	s = start - g->base;
	e = end - g->base;
	if (((e - 1) >> g->shift) >= g->ncells) {
		unsigned int shift = g->shift;

		while (((e - 1) >> shift) >= g->ncells)
			shift++;
		coarsen_to(g, shift);
	}
	first = s >> g->shift;
	last = (e - 1) >> g->shift;
	if (last >= g->used)
		g->used = (size_t)last + 1;
	for (uint64_t i = first; i <= last; i++) {
		struct vmm_s2_cell *c = &g->c[i];
		uint64_t lo = i == first ? s : i << g->shift;
		uint64_t hi = i == last ? e : (i + 1) << g->shift;

		c->bytes[kind] += hi - lo;
		c->attrs |= attr;
		c->levels |= (uint8_t)(1u << (level + 1));
	}
	if (end > g->end)
		g->end = end;
}

int vmm_s2_grid_sink(void *priv, const struct vmm_s2_entry *e)
{
	if (vmm_s2_mapped(e))
		vmm_s2_grid_add(priv, e->start, e->end,
				e->attr & VMM_S2_BLOCK ? VMM_S2_G_BLOCK : VMM_S2_G_PAGE,
				e->attr, e->level);
	return 0;
}

void vmm_s2_grid_merge(struct vmm_s2_grid *a, struct vmm_s2_grid *b)
{
	if (a->shift < b->shift)
		coarsen_to(a, b->shift);
	if (b->shift < a->shift)
		coarsen_to(b, a->shift);
	for (size_t i = 0; i < b->used; i++)
		cell_add(&a->c[i], &b->c[i]);
	if (b->used > a->used)
		a->used = b->used;
	if (b->end > a->end)
		a->end = b->end;
}

int vmm_s2_grid_view(const struct vmm_s2_grid *g, uint64_t end, size_t max_cells,
		     struct vmm_s2_view *v)
{
	uint64_t span, per;

	memset(v, 0, sizeof(*v));
	if (end > g->limit)
		end = g->limit;
	if (end <= g->base || !max_cells)
		return -EINVAL;
	span = end - g->base;
	v->shift = g->shift;
	/* the smallest cell of the grid's that puts the span in max_cells */
	while (v->shift < 63 && ((span - 1) >> v->shift) >= max_cells)
		v->shift++;
	v->base = g->base;
	v->end = end;
	v->n = (size_t)(((span - 1) >> v->shift) + 1);
	v->c = calloc(v->n, sizeof(*v->c));
	if (!v->c)
		return -ENOMEM;
	per = 1ull << (v->shift - g->shift);
	for (size_t i = 0; i < g->used; i++) {
		uint64_t k = i / per;

		if (k < v->n)
			cell_add(&v->c[k], &g->c[i]);
	}
	return 0;
}

void vmm_s2_view_free(struct vmm_s2_view *v)
{
	free(v->c);
	v->c = NULL;
}

uint64_t vmm_s2_view_start(const struct vmm_s2_view *v, size_t i)
{
	return v->base + ((uint64_t)i << v->shift);
}

uint64_t vmm_s2_view_end(const struct vmm_s2_view *v, size_t i)
{
	uint64_t e = v->base + ((uint64_t)(i + 1) << v->shift);

	return i + 1 == v->n || e > v->end || e < v->base ? v->end : e;
}

enum vmm_s2_fill vmm_s2_cell_fill(const struct vmm_s2_cell *c)
{
	bool b = c->bytes[VMM_S2_G_BLOCK], p = c->bytes[VMM_S2_G_PAGE];

	return b && p ? VMM_S2_FILL_MIXED : b ? VMM_S2_FILL_BLOCKS : p ? VMM_S2_FILL_PAGES :
	       VMM_S2_FILL_NONE;
}

enum vmm_s2_access vmm_s2_cell_access(const struct vmm_s2_cell *c)
{
	if (vmm_s2_cell_fill(c) == VMM_S2_FILL_NONE)
		return VMM_S2_ACC_NONE;
	return c->attrs & VMM_S2_W ? VMM_S2_ACC_RW : VMM_S2_ACC_RO;
}

bool vmm_s2_cell_exec(const struct vmm_s2_cell *c)
{
	return vmm_s2_cell_fill(c) != VMM_S2_FILL_NONE && (c->attrs & (VMM_S2_PX | VMM_S2_UX));
}

const char *vmm_s2_fill_name(enum vmm_s2_fill f)
{
	static const char *const names[] = { "unmapped", "blocks", "pages", "mixed" };

	return names[f];
}

const char *vmm_s2_access_name(enum vmm_s2_access a)
{
	static const char *const names[] = { "none", "read-only", "writable" };

	return names[a];
}

enum vmm_s2_change vmm_s2_cell_change(const struct vmm_s2_cell *c)
{
	/* what an admin looks for first: a mapping whose rights changed */
	if (c->bytes[VMM_S2_CHANGED])
		return VMM_S2_CHANGED;
	if (c->bytes[VMM_S2_MAPPED] && !c->bytes[VMM_S2_UNMAPPED])
		return VMM_S2_MAPPED;
	if (c->bytes[VMM_S2_UNMAPPED] && !c->bytes[VMM_S2_MAPPED])
		return VMM_S2_UNMAPPED;
	return c->bytes[VMM_S2_MAPPED] ? VMM_S2_CHANGED : VMM_S2_SAME;
}
