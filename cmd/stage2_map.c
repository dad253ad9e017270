// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * `stage2 map` and `stage2 diff --svg`: a VM's IPA space as cells, from one
 * JSON result (the cells with their state and bytes) to a terminal picture,
 * with colour where stdout is a terminal and NO_COLOR is not set, and to a
 * self-contained SVG, one rectangle per run of like cells.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/stage2.h"
#include "lib/sys.h"

#define MAX_ROWS	32
#define MIN_ROW		8

/* ---- the picture's shape ------------------------------------------------------- */

static unsigned int hex_digits(uint64_t v)
{
	return v ? (unsigned int)(67 - __builtin_clzll(v)) / 4 : 1;
}

/* Cells a row: what the width leaves after the address, rounded down to a power of two. */
static size_t row_cells(unsigned int width, uint64_t end)
{
	unsigned int label = 2 + hex_digits(end ? end - 1 : 0) + 1;
	size_t n = MIN_ROW;

	while (2 * n + label <= width)
		n *= 2;
	return n;
}

/* The end of the picture: the range's, else past the last mapped byte (a power of two). */
static uint64_t picture_end(const struct vmm_s2_grid *g, const struct vmm_s2_map_req *rq)
{
	uint64_t ipa = rq->ipa_bits && rq->ipa_bits < 64 ? 1ull << rq->ipa_bits : 0, e;

	if (rq->range_set)
		return rq->range_end;
	if (!g->end)
		return ipa;
	for (e = 1ull << 21; e < g->end && e < (1ull << 63); e <<= 1)
		;
	return ipa && e > ipa ? ipa : e;
}

static json_object *levels_json(uint8_t mask)
{
	json_object *a = json_object_new_array();

	for (int l = 0; l < VMM_S2_LEVELS; l++)
		if (mask & (1u << l))
			json_object_array_add(a, json_object_new_int(l - 1));
	return a;
}

static json_object *cell_json(const struct vmm_s2_view *v, size_t i, bool diff)
{
	const struct vmm_s2_cell *c = &v->c[i];
	json_object *o = json_object_new_object();

	json_object_object_add(o, "ipa_start", vmm_jhex(vmm_s2_view_start(v, i)));
	json_object_object_add(o, "ipa_end", vmm_jhex(vmm_s2_view_end(v, i)));
	if (diff) {
		json_object_object_add(o, "change", vmm_jstr(vmm_s2_change_name(
			vmm_s2_cell_change(c))));
		json_object_object_add(o, "mapped_bytes", vmm_ju64(c->bytes[VMM_S2_MAPPED]));
		json_object_object_add(o, "unmapped_bytes", vmm_ju64(c->bytes[VMM_S2_UNMAPPED]));
		json_object_object_add(o, "changed_bytes", vmm_ju64(c->bytes[VMM_S2_CHANGED]));
		return o;
	}
	json_object_object_add(o, "state", vmm_jstr(vmm_s2_fill_name(vmm_s2_cell_fill(c))));
	json_object_object_add(o, "access", vmm_jstr(vmm_s2_access_name(vmm_s2_cell_access(c))));
	json_object_object_add(o, "exec", vmm_jbool(vmm_s2_cell_exec(c)));
	json_object_object_add(o, "mapped_bytes",
			       vmm_ju64(c->bytes[VMM_S2_G_BLOCK] + c->bytes[VMM_S2_G_PAGE]));
	json_object_object_add(o, "block_bytes", vmm_ju64(c->bytes[VMM_S2_G_BLOCK]));
	json_object_object_add(o, "page_bytes", vmm_ju64(c->bytes[VMM_S2_G_PAGE]));
	if (c->levels)
		json_object_object_add(o, "levels", levels_json(c->levels));
	return o;
}

/* ---- SVG ------------------------------------------------------------------------ */

#define SVG_CELL	10	/* pixels a cell wide */
#define SVG_ROW		16	/* pixels a row high, 14 of them drawn */
#define SVG_TOP		40
#define SVG_CHAR	7	/* of the 11 px monospace labels */

/* [fill][access][exec]: greens writable, blues read-only, warm executable; pale pages */
static const char *const fill_colour[4][3][2] = {
	[VMM_S2_FILL_NONE] = { { "#eeeeee", "#eeeeee" } },
	[VMM_S2_FILL_BLOCKS] = { { "#eeeeee", "#eeeeee" }, { "#1f5fbf", "#7b1fa2" },
				 { "#1a7f37", "#c05600" } },
	[VMM_S2_FILL_PAGES] = { { "#eeeeee", "#eeeeee" }, { "#7fa7e6", "#c98fdc" },
				{ "#7fcf8f", "#f0a060" } },
	[VMM_S2_FILL_MIXED] = { { "#eeeeee", "#eeeeee" }, { "#4f83d3", "#a34fc0" },
				{ "#4fa763", "#dd7a30" } },
};

static const char *const change_colour[4] = {
	[VMM_S2_SAME] = "#eeeeee", [VMM_S2_MAPPED] = "#1a7f37",
	[VMM_S2_UNMAPPED] = "#c62828", [VMM_S2_CHANGED] = "#e08a00",
};

static const char *cell_colour(const struct vmm_s2_cell *c, bool diff)
{
	if (diff)
		return change_colour[vmm_s2_cell_change(c)];
	return fill_colour[vmm_s2_cell_fill(c)][vmm_s2_cell_access(c)][vmm_s2_cell_exec(c)];
}

/* Cells drawn alike: the same colour and the same levels. */
static bool alike(const struct vmm_s2_cell *a, const struct vmm_s2_cell *b, bool diff)
{
	return cell_colour(a, diff) == cell_colour(b, diff) && a->levels == b->levels;
}

static void svg_run(FILE *f, const struct vmm_s2_view *v, size_t i, size_t j, size_t per,
		    unsigned int left, bool diff)
{
	const struct vmm_s2_cell *c = &v->c[i];
	uint64_t mapped = 0, start = vmm_s2_view_start(v, i), end = vmm_s2_view_end(v, j - 1);
	char lv[32] = "";
	size_t off = 0;

	for (size_t k = i; k < j; k++)
		mapped += diff ? v->c[k].bytes[VMM_S2_MAPPED] + v->c[k].bytes[VMM_S2_CHANGED] :
			  v->c[k].bytes[VMM_S2_G_BLOCK] + v->c[k].bytes[VMM_S2_G_PAGE];
	for (int l = 0; l < VMM_S2_LEVELS && off < sizeof(lv) - 4; l++)
		if (c->levels & (1u << l))
			off += (size_t)snprintf(lv + off, sizeof(lv) - off, "%s%d", off ? "," : "",
						l - 1);
	fprintf(f, "<rect x=\"%zu\" y=\"%zu\" width=\"%zu\" height=\"%d\" fill=\"%s\" "
		"data-start=\"0x%" PRIx64 "\" data-end=\"0x%" PRIx64 "\" data-bytes=\"%" PRIu64
		"\"><title>0x%" PRIx64 "-0x%" PRIx64 ": ", left + i % per * SVG_CELL,
		SVG_TOP + i / per * SVG_ROW, (j - i) * SVG_CELL, SVG_ROW - 2, cell_colour(c, diff),
		start, end, mapped, start, end);
	if (diff)
		fprintf(f, "%s", vmm_s2_change_name(vmm_s2_cell_change(c)));
	else
		fprintf(f, "%s, %s%s", vmm_s2_fill_name(vmm_s2_cell_fill(c)),
			vmm_s2_access_name(vmm_s2_cell_access(c)),
			vmm_s2_cell_exec(c) ? ", executable" : "");
	if (*lv)
		fprintf(f, ", level%s %s", strchr(lv, ',') ? "s" : "", lv);
	fprintf(f, ", %" PRIu64 " bytes %s</title></rect>\n", mapped,
		diff ? "mapped after" : "mapped");
}

static void svg_legend(FILE *f, size_t y, bool diff)
{
	static const char *const names[] = { "read-only", "read-only, executable", "writable",
					     "writable, executable" };
	static const char *const changes[] = { "mapped", "unmapped", "changed rights" };

	for (unsigned int k = 0; k < (diff ? 3u : 4u); k++)
		fprintf(f, "<rect x=\"%u\" y=\"%zu\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			"<text x=\"%u\" y=\"%zu\">%s</text>\n", 4 + 170 * k, y,
			diff ? change_colour[k + 1] :
			fill_colour[VMM_S2_FILL_BLOCKS][1 + k / 2][k % 2],
			18 + 170 * k, y + 9, diff ? changes[k] : names[k]);
	if (!diff)
		fprintf(f, "<text x=\"4\" y=\"%zu\" fill=\"#555555\">dark: blocks, pale: "
			"pages, between: both; grey: unmapped</text>\n", y + 24);
}

static int svg_write(struct vmm_call *c, const struct vmm_s2_view *v, size_t per,
		     const char *title, const char *path, bool diff)
{
	unsigned int label = 2 + hex_digits(v->end - 1);
	unsigned int left = label * SVG_CHAR + 12;
	size_t rows = (v->n + per - 1) / per, width = left + per * SVG_CELL + 10;
	size_t height = SVG_TOP + rows * SVG_ROW + 44, len = 0;
	struct vmm_sys_atomic a = { .fd = -1 };
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%zu\" height=\"%zu\" "
		"viewBox=\"0 0 %zu %zu\" font-family=\"monospace\" font-size=\"11\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
		"<text x=\"4\" y=\"14\" font-size=\"13\">", width, height, width, height);
	for (const char *p = title; *p; p++)	/* the title is ours, but a path may hold '&' */
		fputs(*p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" :
		      (char[2]){ *p, 0 }, f);
	fprintf(f, "</text>\n<text x=\"4\" y=\"30\" fill=\"#555555\">one cell: %" PRIu64
		" bytes; one row: 0x%" PRIx64 " bytes</text>\n", (uint64_t)1 << v->shift,
		(uint64_t)per << v->shift);
	for (size_t r = 0; r < rows; r++)
		fprintf(f, "<text x=\"4\" y=\"%zu\">0x%0*" PRIx64 "</text>\n",
			SVG_TOP + r * SVG_ROW + 11, (int)label - 2, vmm_s2_view_start(v, r * per));
	for (size_t i = 0; i < v->n;) {
		size_t j = i + 1;

		while (j < v->n && j % per && alike(&v->c[i], &v->c[j], diff))
			j++;
		svg_run(f, v, i, j, per, left, diff);
		i = j;
	}
	svg_legend(f, SVG_TOP + rows * SVG_ROW + 8, diff);
	fputs("</svg>\n", f);
	if (fclose(f)) {
		free(buf);
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	}
	ret = vmm_sys_atomic_open(c->sys, path, &a);
	if (!ret)
		ret = vmm_sys_atomic_write(c->sys, &a, buf, len);
	if (!ret)
		ret = vmm_sys_atomic_commit(c->sys, &a);
	else
		vmm_sys_atomic_abort(&a);
	free(buf);
	return ret ? vmm_err_sys(c, ret, "cannot write %s", path) : 0;
}

/* ---- the result ------------------------------------------------------------------- */

static unsigned int width_of(const struct vmm_s2_map_req *rq)
{
	unsigned int cols, rows;

	if (rq->width)
		return rq->width;
	return vmm_sys_term_size(1, &cols, &rows) ? 80 : cols;
}

size_t vmm_s2_picture_cells(const struct vmm_s2_map_req *rq)
{
	return row_cells(width_of(rq), 0) * MAX_ROWS;	/* the shortest label: the most */
}

int vmm_s2_picture(struct vmm_call *c, const struct vmm_s2_grid *g,
		   const struct vmm_s2_map_req *rq, const char *title, json_object *o)
{
	uint64_t end = picture_end(g, rq), totals[VMM_S2_G_KINDS] = { 0 };
	unsigned int width = width_of(rq);
	struct vmm_s2_view v;
	json_object *cells;
	size_t per, mapped = 0;
	int ret;

	if (!end || end <= g->base) {
		json_object_object_add(o, "cells", json_object_new_array());
		if (rq->svg)
			vmm_warn(c, "nothing is mapped and the IPA size is not known: no %s",
				 rq->svg);
		return 0;
	}
	per = row_cells(width, end);
	ret = vmm_s2_grid_view(g, end, per * MAX_ROWS < g->ncells ? per * MAX_ROWS : g->ncells,
			       &v);
	if (ret)
		return vmm_err(c, VMM_E_FAILED, -ret, "out of memory");
	if (v.n < per)
		per = v.n;
	json_object_object_add(o, "ipa_start", vmm_jhex(v.base));
	json_object_object_add(o, "ipa_end", vmm_jhex(v.end));
	json_object_object_add(o, "cell_size", vmm_ju64(1ull << v.shift));
	json_object_object_add(o, "cells_per_row", vmm_ju64(per));
	json_object_object_add(o, "width", vmm_ju64(width));
	cells = json_object_new_array();
	for (size_t i = 0; i < v.n; i++) {
		for (int k = 0; k < VMM_S2_G_KINDS; k++)
			totals[k] += v.c[i].bytes[k];
		mapped += rq->diff ? vmm_s2_cell_change(&v.c[i]) != VMM_S2_SAME :
			  vmm_s2_cell_fill(&v.c[i]) != VMM_S2_FILL_NONE;
		json_object_array_add(cells, cell_json(&v, i, rq->diff));
	}
	json_object_object_add(o, "cells", cells);
	if (!rq->diff) {
		json_object *t = json_object_new_object();

		json_object_object_add(t, "mapped_bytes",
				       vmm_ju64(totals[VMM_S2_G_BLOCK] + totals[VMM_S2_G_PAGE]));
		json_object_object_add(t, "block_bytes", vmm_ju64(totals[VMM_S2_G_BLOCK]));
		json_object_object_add(t, "page_bytes", vmm_ju64(totals[VMM_S2_G_PAGE]));
		json_object_object_add(t, "mapped_cells", vmm_ju64(mapped));
		json_object_object_add(o, "totals", t);
	} else {
		json_object_object_add(o, "changed_cells", vmm_ju64(mapped));
	}
	if (rq->svg) {
		ret = svg_write(c, &v, per, title, rq->svg, rq->diff);
		if (!ret)
			json_object_object_add(o, "svg", vmm_jstr(rq->svg));
	}
	vmm_s2_view_free(&v);
	return ret;
}

/* ---- the terminal picture --------------------------------------------------------- */

/* [fill][access]: upper case writable, lower case read-only */
static const char glyphs[4][3] = {
	[VMM_S2_FILL_NONE] = ".",
	[VMM_S2_FILL_BLOCKS] = ".bB",
	[VMM_S2_FILL_PAGES] = ".pP",
	[VMM_S2_FILL_MIXED] = ".mM",
};
/* SGR of [access][exec]: cyan read-only, green writable, red and bold executable */
static const char *const sgr[3][2] = { { "2", "2" }, { "36", "1;31" }, { "32", "1;31" } };

/* A cell's state and access back from their names (lib/ptdump.h's), 0 when unknown. */
static int fill_of(const char *s)
{
	for (int i = 0; i <= VMM_S2_FILL_MIXED; i++)
		if (s && !strcmp(vmm_s2_fill_name(i), s))
			return i;
	return 0;
}

static int access_of(const char *s)
{
	for (int i = 0; i <= VMM_S2_ACC_RW; i++)
		if (s && !strcmp(vmm_s2_access_name(i), s))
			return i;
	return 0;
}

static uint64_t jhex(json_object *o, const char *key)
{
	const char *s = vmm_jget_str(o, key, NULL);

	return s ? (uint64_t)strtoull(s, NULL, 16) : 0;
}

static bool colour(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	return (!nc || !*nc) && f == stdout && vmm_sys_isatty(1);
}

static bool row_empty(json_object *cells, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (strcmp(vmm_jget_str(json_object_array_get_idx(cells, i), "state", NULL), "unmapped"))
			return false;
	return true;
}

static void row_text(FILE *f, json_object *cells, size_t from, size_t to, bool col)
{
	for (size_t i = from; i < to; i++) {
		json_object *c = json_object_array_get_idx(cells, i), *x;
		int fi = fill_of(vmm_jget_str(c, "state", NULL));
		int ai = access_of(vmm_jget_str(c, "access", NULL));
		bool ex = json_object_object_get_ex(c, "exec", &x) && json_object_get_boolean(x);

		if (col)
			fprintf(f, "\033[%sm%c\033[0m", sgr[ai][ex], glyphs[fi][ai]);
		else
			fputc(glyphs[fi][ai], f);
	}
	fputc('\n', f);
}

/*
 * The rows of cells after their first addresses; two or more rows with
 * nothing mapped are one line, so that a guest's RAM is not lost among them.
 */
void vmm_s2_map_text(json_object *res, FILE *f)
{
	json_object *cells, *t;
	size_t n, per = vmm_s2_ju64(res, "cells_per_row");
	const char *who = vmm_jget_str(res, "vm", vmm_jget_str(res, "file", NULL));
	bool col = colour(f);
	char sz[24], mb[3][24];
	int digits;

	json_object_object_get_ex(res, "cells", &cells);
	n = cells ? json_object_array_length(cells) : 0;
	if (!n || !per) {
		fprintf(f, "%s: nothing is mapped\n", who ? who : "");
		return;
	}
	digits = (int)hex_digits(jhex(res, "ipa_end") - 1);
	vmm_s2_size_str(vmm_s2_ju64(res, "cell_size"), sz);
	fprintf(f, "%s%s: IPA %s-%s", vmm_jget_str(res, "vm", NULL) ? "vm " : "", who ? who : "",
		vmm_jget_str(res, "ipa_start", NULL), vmm_jget_str(res, "ipa_end", NULL));
	if (vmm_s2_ju64(res, "ipa_bits"))
		fprintf(f, " of a %" PRIu64 "-bit space", vmm_s2_ju64(res, "ipa_bits"));
	fprintf(f, ", one cell %s, %zu a row\n", sz, per);
	for (size_t r = 0; r * per < n; r++) {
		size_t from = r * per, to = from + per < n ? from + per : n, k = r;

		while ((k + 1) * per < n && row_empty(cells, from, to) &&
		       row_empty(cells, (k + 1) * per, (k + 2) * per < n ? (k + 2) * per : n))
			k++;
		fprintf(f, "0x%0*" PRIx64 " ", digits,
			jhex(json_object_array_get_idx(cells, from), "ipa_start"));
		if (k > r) {
			size_t last = (k + 1) * per < n ? (k + 1) * per - 1 : n - 1;

			fprintf(f, "unmapped to 0x%" PRIx64 " (%zu rows)\n",
				jhex(json_object_array_get_idx(cells, last), "ipa_end"), k - r + 1);
			r = k;
			continue;
		}
		row_text(f, cells, from, to, col);
	}
	fputs(". unmapped  B b blocks  P p pages  M m both; upper case writable, lower case "
	      "read-only", f);
	fputs(col ? "; \033[1;31mred\033[0m executable\n" : " (-j and --svg show which are "
	      "executable)\n", f);
	if (json_object_object_get_ex(res, "totals", &t)) {
		vmm_s2_size_str(vmm_s2_ju64(t, "mapped_bytes"), mb[0]);
		vmm_s2_size_str(vmm_s2_ju64(t, "block_bytes"), mb[1]);
		vmm_s2_size_str(vmm_s2_ju64(t, "page_bytes"), mb[2]);
		fprintf(f, "mapped %s (blocks %s, pages %s) in %" PRIu64 " of %zu cells\n", mb[0],
			mb[1], mb[2], vmm_s2_ju64(t, "mapped_cells"), n);
	}
	if (vmm_jget_str(res, "svg", NULL))
		fprintf(f, "SVG written to %s\n", vmm_jget_str(res, "svg", NULL));
}
