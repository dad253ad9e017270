// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the stage-2 dump parser (lib/ptdump.c): the input is
 * parsed whole and in chunks cut where its first byte says; both must agree,
 * and what parses must keep the promises of lib/ptdump.h, through the
 * summary and a diff against itself and against an empty dump. Each range
 * kept is the one vmm_s2_parse_line reads from its line alone. The same
 * input as a file (a memfd) is parsed in two parts on two threads wherever
 * it can be split (lib/ptdump_file.c), and its ranges go through a spool
 * of a few entries that spills to a file (lib/ptdump_spool.c): both must
 * give the same ranges and the same first error as the whole parse. The
 * attribute columns vmmctl writes are the ones the line had; summaries of
 * two parts merged are the summary of the whole, and so are the cells of a
 * picture (lib/ptdump_map.c) of two parts, clipped to a window; the extent
 * and a nested MMU's VTCR decode stay in their ranges.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ptdump.h"
#include "lib/sys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a broken promise: which one, then the abort libFuzzer keeps the input of */
#define check(ok) do { \
	if (!(ok)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #ok); \
		abort(); \
	} \
} while (0)

static int parse(struct vmm_s2_dump *d, const uint8_t *data, size_t size, size_t step,
		 vmm_s2_sink_fn sink, void *priv)
{
	int ret = 0;

	vmm_s2_init(d);
	d->sink = sink;
	d->sink_priv = priv;
	for (size_t off = 0; off < size && !ret; off += step)
		ret = vmm_s2_feed(d, (const char *)data + off, size - off < step ? size - off : step);
	return ret ? ret : vmm_s2_finish(d);
}

static void invariants(const struct vmm_s2_dump *d)
{
	struct vmm_s2_summary s;
	struct vmm_s2_delta *dl;
	struct vmm_s2_vtcr v;
	uint32_t bits, levels;
	uint64_t total = 0;
	long n;

	for (size_t i = 0; i < d->n; i++) {
		const struct vmm_s2_entry *e = &d->e[i];

		check(e->start < e->end && e->level >= -1 && e->level <= 3);
		check(!i || e->start >= d->e[i - 1].end);
		check((e->attr & VMM_S2_PRESENT) || !e->attr);
		check(!(e->attr & VMM_S2_BLOCK) || e->level == 1 || e->level == 2);
		total += e->end - e->start;
	}
	vmm_s2_summarize(d->e, d->n, &s);
	check(s.ranges == d->n && s.mapped_bytes + s.unmapped_bytes == total);
	check(s.block_bytes + s.page_bytes == s.mapped_bytes);
	check(s.largest_end - s.largest_start <= s.mapped_bytes);
	n = vmm_s2_diff(d->e, d->n, d->e, d->n, &dl);
	check(n == 0 || n == -ENOMEM);
	free(dl);
	n = vmm_s2_diff(d->e, d->n, NULL, 0, &dl);
	check(n >= 0 || n == -ENOMEM);
	for (long i = 0; i < n; i++)
		check(dl[i].change == VMM_S2_UNMAPPED && dl[i].start < dl[i].end);
	free(dl);
	if (vmm_s2_extent(d, &bits, &levels) == 0)
		check(bits == (uint32_t)__builtin_ctzll(d->last_end) && levels >= 1 && levels <= 5);
	if (d->mmu_line) {
		vmm_s2_decode_vtcr(d->vtcr, d->vttbr, &v);
		check(v.ipa_bits == 64 - v.t0sz && v.start_level >= -1 && v.start_level <= 3);
		check(!(v.baddr & 1) && v.vmid <= 0xffff);
	}
}

/* The summary of ranges [0, k) merged with that of [k, n) is the summary of all. */
static void merged(const struct vmm_s2_dump *d, size_t k)
{
	struct vmm_s2_acc a, b;
	struct vmm_s2_summary whole;

	vmm_s2_acc_init(&a);
	vmm_s2_acc_init(&b);
	for (size_t i = 0; i < d->n; i++)
		vmm_s2_acc_sink(i < k ? &a : &b, &d->e[i]);
	vmm_s2_acc_merge(&a, &b);
	vmm_s2_summarize(d->e, d->n, &whole);
	check(!memcmp(&a.s, &whole, sizeof(whole)));
}

/*
 * The picture of ranges [0, k) merged with that of [k, n), in a grid of
 * few cells clipped to a window, holds what a summary of the clipped
 * ranges holds, and a view of it the same.
 */
static void pictured(const struct vmm_s2_dump *d, size_t k, uint64_t base, uint64_t limit,
		     size_t cells)
{
	struct vmm_s2_grid a, b;
	struct vmm_s2_view v;
	uint64_t want[2] = { 0, 0 }, got[2] = { 0, 0 };

	if (vmm_s2_grid_init(&a, base, limit, cells))
		return;
	if (vmm_s2_grid_init(&b, base, limit, cells)) {
		vmm_s2_grid_free(&a);
		return;
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct vmm_s2_entry *e = &d->e[i];
		uint64_t s = e->start > a.base ? e->start : a.base;
		uint64_t t = e->end < a.limit ? e->end : a.limit;

		vmm_s2_grid_sink(i < k ? &a : &b, e);
		if (vmm_s2_mapped(e) && s < t)
			want[!(e->attr & VMM_S2_BLOCK)] += t - s;
	}
	vmm_s2_grid_merge(&a, &b);
	check(a.used <= a.ncells && a.ncells <= VMM_S2_GRID_CELLS);
	if (a.end && !vmm_s2_grid_view(&a, a.end, a.ncells, &v)) {
		for (size_t i = 0; i < v.n; i++) {
			got[0] += v.c[i].bytes[VMM_S2_G_BLOCK];
			got[1] += v.c[i].bytes[VMM_S2_G_PAGE];
			check(vmm_s2_view_start(&v, i) < vmm_s2_view_end(&v, i));
			check(vmm_s2_cell_fill(&v.c[i]) != VMM_S2_FILL_NONE ||
			      vmm_s2_cell_access(&v.c[i]) == VMM_S2_ACC_NONE);
		}
		check(v.shift >= a.shift && v.n <= a.ncells);
		vmm_s2_view_free(&v);
		check(got[0] == want[0] && got[1] == want[1]);
	} else {
		check(!want[0] && !want[1]);
	}
	vmm_s2_grid_free(&a);
	vmm_s2_grid_free(&b);
}

static bool same(const struct vmm_s2_entry *a, const struct vmm_s2_entry *b)
{
	return a->start == b->start && a->end == b->end && a->level == b->level &&
	       a->attr == b->attr;
}

/* Every range line, read alone, is the range kept (in order). */
static void lines_alone(const struct vmm_s2_dump *d, const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	size_t i = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct vmm_s2_entry e;
		const char *why;

		if (len && *p == '0') {
			char cols[24];

			check(vmm_s2_parse_line(p, len, &e, &why) == 0);
			check(i < d->n && same(&e, &d->e[i]));
			/* the columns as the kernel prints them: the very bytes read */
			vmm_s2_attr_columns(e.attr, cols);
			check(e.attr ? strlen(cols) == 20 && !memcmp(p + len - 20, cols, 20) : !*cols);
			i++;
		}
		p += len + 1;
	}
	check(i == d->n);
}

/* The input as a file, split wherever it can be, on two threads. */
static void as_file(const struct vmm_s2_dump *whole, int wret, const uint8_t *data, size_t size)
{
	static int fd = -1;	/* one file for every run: a new one costs more than the parse */
	struct vmm_s2_dump a, b;
	struct vmm_sys s;
	int ret;

	vmm_sys_init(&s, NULL);
	if (fd < 0)
		fd = vmm_sys_memfd(&s, "fuzz-ptdump");
	if (fd < 0 || vmm_sys_ftruncate(&s, fd, 0, "fuzz-ptdump") ||
	    vmm_sys_pwrite_all(&s, fd, data, size, 0, "fuzz-ptdump"))
		return;
	vmm_s2_init(&a);
	vmm_s2_init(&b);
	ret = vmm_s2_parse_file(&s, fd, size, "fuzz-ptdump", 2, 1, &a, &b);
	if (!ret)
		ret = vmm_s2_append(&a, &b);
	if (ret != -ENOMEM && wret != -ENOMEM) {
		check(ret == wret && a.err_line == whole->err_line);
		if (!ret) {
			check(a.n == whole->n && a.lines == whole->lines);
			for (size_t i = 0; i < a.n; i++)
				check(same(&a.e[i], &whole->e[i]));
		}
	}
	vmm_s2_free(&a);
	vmm_s2_free(&b);
}

/* Through a spool of cap entries and strides of every, read back in blocks of step. */
static void spooled(const struct vmm_s2_dump *whole, const uint8_t *data, size_t size,
		    size_t cap, size_t step, uint32_t every)
{
	struct vmm_s2_entry *scratch = malloc(step * sizeof(*scratch));
	struct vmm_s2_spool sp;
	struct vmm_s2_dump d;
	struct vmm_s2_reader rd = { 0 };
	struct vmm_sys s;

	vmm_sys_init(&s, NULL);
	rd.sys = &s;
	if (!scratch || vmm_s2_spool_init(&sp, &s, cap)) {
		free(scratch);
		return;
	}
	sp.every = every;
	if (parse(&d, data, size, size, vmm_s2_spool_sink, &sp) == 0 && !vmm_s2_spool_seal(&sp)) {
		check(sp.count == whole->n && d.n == 0);
		for (uint64_t i = 0; i < sp.count; i += step) {
			size_t n = sp.count - i < step ? (size_t)(sp.count - i) : step;

			check(vmm_s2_spool_get(&sp, &rd, i, n, scratch) == 0);
			for (size_t j = 0; j < n; j++)
				check(same(&scratch[j], &whole->e[i + j]));
		}
		check(vmm_s2_spool_get(&sp, &rd, sp.count, 1, scratch) == -ERANGE);
	}
	vmm_s2_free(&d);
	vmm_s2_spool_free(&sp);
	free(rd.raw);
	free(scratch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_s2_dump whole, cut;
	size_t step = size ? 1 + data[0] % 61 : 1;
	int a, b;

	a = parse(&whole, data, size, size ? size : 1, NULL, NULL);
	b = parse(&cut, data, size, step, NULL, NULL);
	check(a == 0 || a == -EINVAL || a == -ENOMEM);
	if (a != -ENOMEM && b != -ENOMEM) {
		check(a == b && whole.n == cut.n && whole.err_line == cut.err_line);
		check(!a || (whole.err_line >= 1 && *whole.err));
	}
	if (!a) {
		invariants(&whole);
		merged(&whole, whole.n ? (size_t)data[0] % (whole.n + 1) : 0);
		pictured(&whole, whole.n ? (size_t)data[0] % (whole.n + 1) : 0,
			 size > 2 ? (uint64_t)data[1] << 28 : 0,
			 size > 2 && data[2] ? (uint64_t)data[2] << 32 : UINT64_MAX,
			 (size_t)1 << (size ? data[size - 1] % 12 : 4));
		lines_alone(&whole, data, size);
		spooled(&whole, data, size, 1 + (size_t)(size ? data[size - 1] % 5 : 0),
			1 + (size_t)(step % 7), 1 + (uint32_t)(size > 1 ? data[size - 2] % 4 : 0));
	}
	as_file(&whole, a, data, size);
	vmm_s2_free(&whole);
	vmm_s2_free(&cut);
	return 0;
}
