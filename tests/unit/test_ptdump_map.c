// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lib/ptdump_map.c: bytes counted into cells, cells that merge in pairs
 * when a range lands past the last one, two parts' grids at different
 * sizes merged, a view's sums, the clip to a range, and what each cell is
 * called; checked against sums worked by hand.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/ptdump.h"

#define RW	(VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_R | VMM_S2_W | VMM_S2_AF)
#define RX	(VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_R | VMM_S2_PX | VMM_S2_AF)

static uint64_t total(const struct vmm_s2_view *v, int kind)
{
	uint64_t t = 0;

	for (size_t i = 0; i < v->n; i++)
		t += v->c[i].bytes[kind];
	return t;
}

static void test_cells_and_names(void **state)
{
	const struct vmm_s2_entry e[] = {
		{ 0x0, 0x40000000, 1, 0 },				/* not mapped */
		{ 0x40000000, 0x40200000, 2, RW | VMM_S2_BLOCK },
		{ 0x40200000, 0x40203000, 3, RX },
		{ 0x40203000, 0x40204000, 3, VMM_S2_PRESENT },		/* "F": not valid */
	};
	struct vmm_s2_grid g;
	struct vmm_s2_view v;

	(void)state;
	assert_int_equal(vmm_s2_grid_init(&g, 0, UINT64_MAX, VMM_S2_GRID_CELLS), 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(vmm_s2_grid_sink(&g, &e[i]), 0);
	/* 0x40203000 past 65536 cells of 4 KiB: 32 KiB cells now */
	assert_int_equal(g.shift, 15);
	assert_int_equal(g.end, 0x40203000);
	/* 2 MiB cells from 0 to 1 GiB + 4 MiB: 514 of them */
	assert_int_equal(vmm_s2_grid_view(&g, 0x40400000, 1024, &v), 0);
	assert_int_equal(v.shift, 21);
	assert_int_equal(v.n, 514);
	assert_int_equal(total(&v, VMM_S2_G_BLOCK), 0x200000);
	assert_int_equal(total(&v, VMM_S2_G_PAGE), 0x3000);
	assert_int_equal(vmm_s2_cell_fill(&v.c[0]), VMM_S2_FILL_NONE);
	assert_int_equal(vmm_s2_cell_access(&v.c[0]), VMM_S2_ACC_NONE);
	assert_false(vmm_s2_cell_exec(&v.c[0]));
	assert_int_equal(vmm_s2_cell_fill(&v.c[512]), VMM_S2_FILL_BLOCKS);
	assert_int_equal(vmm_s2_cell_access(&v.c[512]), VMM_S2_ACC_RW);
	assert_false(vmm_s2_cell_exec(&v.c[512]));
	assert_int_equal(v.c[512].levels, 1u << 3);
	assert_int_equal(vmm_s2_cell_fill(&v.c[513]), VMM_S2_FILL_PAGES);
	assert_int_equal(vmm_s2_cell_access(&v.c[513]), VMM_S2_ACC_RO);
	assert_true(vmm_s2_cell_exec(&v.c[513]));
	assert_int_equal(vmm_s2_view_start(&v, 513), 0x40200000);
	assert_int_equal(vmm_s2_view_end(&v, 513), 0x40400000);
	assert_string_equal(vmm_s2_fill_name(VMM_S2_FILL_MIXED), "mixed");
	assert_string_equal(vmm_s2_access_name(VMM_S2_ACC_RO), "read-only");
	vmm_s2_view_free(&v);
	/* too few cells for the span at 2^63: the widest cell; an empty span */
	assert_int_equal(vmm_s2_grid_view(&g, 0x40000000, 0, &v), -EINVAL);
	assert_int_equal(vmm_s2_grid_view(&g, 0, 16, &v), -EINVAL);
	vmm_s2_grid_free(&g);
}

static void test_parts_merge_at_any_size(void **state)
{
	struct vmm_s2_grid a, b, whole;
	struct vmm_s2_view va, vw;

	(void)state;
	assert_int_equal(vmm_s2_grid_init(&a, 0, UINT64_MAX, VMM_S2_GRID_CELLS), 0);
	assert_int_equal(vmm_s2_grid_init(&b, 0, UINT64_MAX, VMM_S2_GRID_CELLS), 0);
	assert_int_equal(vmm_s2_grid_init(&whole, 0, UINT64_MAX, VMM_S2_GRID_CELLS), 0);
	/* the first part stays small, the second reaches 1 TiB */
	vmm_s2_grid_add(&a, 0x1000, 0x5000, VMM_S2_G_PAGE, RW, 3);
	vmm_s2_grid_add(&whole, 0x1000, 0x5000, VMM_S2_G_PAGE, RW, 3);
	vmm_s2_grid_add(&b, 0xffc0000000, 0x10000000000, VMM_S2_G_BLOCK, RW | VMM_S2_BLOCK, 1);
	vmm_s2_grid_add(&whole, 0xffc0000000, 0x10000000000, VMM_S2_G_BLOCK,
			RW | VMM_S2_BLOCK, 1);
	assert_int_equal(a.shift, 12);
	assert_int_equal(b.shift, 24);		/* 2^40 in 2^16 cells */
	vmm_s2_grid_merge(&a, &b);
	assert_int_equal(a.shift, 24);
	assert_int_equal(a.end, 0x10000000000);
	assert_int_equal(vmm_s2_grid_view(&a, 0x10000000000, 256, &va), 0);
	assert_int_equal(vmm_s2_grid_view(&whole, 0x10000000000, 256, &vw), 0);
	assert_int_equal(va.n, vw.n);
	assert_int_equal(va.shift, 32);
	for (size_t i = 0; i < va.n; i++)
		assert_memory_equal(&va.c[i], &vw.c[i], sizeof(va.c[i]));
	assert_int_equal(va.c[0].bytes[VMM_S2_G_PAGE], 0x4000);
	assert_int_equal(va.c[255].bytes[VMM_S2_G_BLOCK], 0x40000000);
	vmm_s2_view_free(&va);
	vmm_s2_view_free(&vw);
	vmm_s2_grid_free(&a);
	vmm_s2_grid_free(&b);
	vmm_s2_grid_free(&whole);
}

static void test_clip_and_top(void **state)
{
	struct vmm_s2_grid g;
	struct vmm_s2_view v;

	(void)state;
	/* a range [1 GiB + 8 KiB, 1 GiB + 24 KiB): what lies outside is not counted */
	assert_int_equal(vmm_s2_grid_init(&g, 0x40002000, 0x40006000, VMM_S2_GRID_CELLS), 0);
	vmm_s2_grid_add(&g, 0x40000000, 0x40200000, VMM_S2_G_BLOCK, RW | VMM_S2_BLOCK, 2);
	vmm_s2_grid_add(&g, 0x0, 0x1000, VMM_S2_G_PAGE, RW, 3);
	assert_int_equal(g.end, 0x40006000);
	assert_int_equal(vmm_s2_grid_view(&g, UINT64_MAX, 64, &v), 0);
	assert_int_equal(v.base, 0x40002000);
	assert_int_equal(v.end, 0x40006000);
	assert_int_equal(v.n, 4);
	assert_int_equal(total(&v, VMM_S2_G_BLOCK), 0x4000);
	assert_int_equal(total(&v, VMM_S2_G_PAGE), 0);
	vmm_s2_view_free(&v);
	vmm_s2_grid_free(&g);
	/* the top of the 64-bit space: no cell end wraps */
	assert_int_equal(vmm_s2_grid_init(&g, 0, UINT64_MAX, VMM_S2_GRID_CELLS), 0);
	vmm_s2_grid_add(&g, 0xfffffffffffff000ull, UINT64_MAX, VMM_S2_G_PAGE, RW, 3);
	assert_int_equal(g.shift, 48);
	assert_int_equal(vmm_s2_grid_view(&g, UINT64_MAX, 16, &v), 0);
	assert_int_equal(v.n, 16);
	assert_int_equal(v.c[15].bytes[VMM_S2_G_PAGE], 0xfff);
	assert_int_equal(vmm_s2_view_end(&v, 15), UINT64_MAX);
	assert_int_equal(vmm_s2_view_end(&v, 14), 0xf000000000000000ull);
	vmm_s2_view_free(&v);
	vmm_s2_grid_free(&g);
}

static void test_changes(void **state)
{
	struct vmm_s2_cell c;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(vmm_s2_cell_change(&c), VMM_S2_SAME);
	c.bytes[VMM_S2_MAPPED] = 1;
	assert_int_equal(vmm_s2_cell_change(&c), VMM_S2_MAPPED);
	c.bytes[VMM_S2_UNMAPPED] = 1;
	assert_int_equal(vmm_s2_cell_change(&c), VMM_S2_CHANGED);	/* both */
	c.bytes[VMM_S2_MAPPED] = 0;
	assert_int_equal(vmm_s2_cell_change(&c), VMM_S2_UNMAPPED);
	c.bytes[VMM_S2_CHANGED] = 1;
	assert_int_equal(vmm_s2_cell_change(&c), VMM_S2_CHANGED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells_and_names),
		cmocka_unit_test(test_parts_merge_at_any_size),
		cmocka_unit_test(test_clip_and_top),
		cmocka_unit_test(test_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
