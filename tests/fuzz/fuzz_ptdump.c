// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the stage-2 dump parser (lib/ptdump.c): the input is
 * parsed whole and in chunks cut where its first byte says; both must agree,
 * and what parses must keep the promises of lib/ptdump.h, through the
 * summary and a diff against itself and against an empty dump.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ptdump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static int parse(struct vmm_s2_dump *d, const uint8_t *data, size_t size, size_t step)
{
	int ret = 0;

	vmm_s2_init(d);
	for (size_t off = 0; off < size && !ret; off += step)
		ret = vmm_s2_feed(d, (const char *)data + off, size - off < step ? size - off : step);
	return ret ? ret : vmm_s2_finish(d);
}

static void invariants(const struct vmm_s2_dump *d)
{
	struct vmm_s2_summary s;
	struct vmm_s2_delta *dl;
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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_s2_dump whole, cut;
	size_t step = size ? 1 + data[0] % 61 : 1;
	int a, b;

	a = parse(&whole, data, size, size ? size : 1);
	b = parse(&cut, data, size, step);
	check(a == 0 || a == -EINVAL || a == -ENOMEM);
	if (a != -ENOMEM && b != -ENOMEM) {
		check(a == b && whole.n == cut.n && whole.err_line == cut.err_line);
		check(!a || (whole.err_line >= 1 && *whole.err));
	}
	if (!a)
		invariants(&whole);
	vmm_s2_free(&whole);
	vmm_s2_free(&cut);
	return 0;
}
