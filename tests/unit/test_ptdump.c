// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lib/ptdump.c: the stage-2 dump parser on the format of spec E.2 (the
 * spec's example, every exec column, invalid entries, saved-file headers,
 * nested MMU lines), fed whole and byte by byte; malformed lines and their
 * numbers; summary, diff and the VTCR/VTTBR decode.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/ptdump.h"

#define A_RW	"   R W px ux  AF    "
#define A_RWB	"   R W px ux  AF BLK"
#define A_RO	"   R   PXNUXN AF    "

/* The spec's synthetic example: 40-bit IPA, 4K pages. */
static const char example[] =
	"---[ Guest IPA ]---\n"
	"0x0000000000000000-0x0000000040000000           1G 1\n"
	"0x0000000040000000-0x0000000040200000           2M 2" A_RWB "\n"
	"0x0000000040200000-0x0000000040203000          12K 3" A_RW "\n"
	"0x0000000040203000-0x0000000040204000           4K 3" A_RO "\n"
	"0x0000000040204000-0x0000000040400000        2032K 3\n"
	"0x0000000040400000-0x0000000080000000        1020M 2\n"
	"0x0000000080000000-0x0000010000000000        1022G 1\n";

static int parse(struct vmm_s2_dump *d, const char *text, size_t step)
{
	size_t len = strlen(text);
	int ret = 0;

	vmm_s2_init(d);
	for (size_t off = 0; off < len && !ret; off += step)
		ret = vmm_s2_feed(d, text + off, len - off < step ? len - off : step);
	return ret ? ret : vmm_s2_finish(d);
}

static void test_example(void **state)
{
	struct vmm_s2_dump d;

	(void)state;
	assert_int_equal(parse(&d, example, SIZE_MAX), 0);
	assert_true(d.titled);
	assert_false(d.hdr.present);
	assert_int_equal(d.n, 7);
	assert_int_equal(d.lines, 8);
	assert_int_equal(d.e[0].start, 0);
	assert_int_equal(d.e[0].end, 0x40000000);
	assert_int_equal(d.e[0].level, 1);
	assert_int_equal(d.e[0].attr, 0);
	assert_false(vmm_s2_mapped(&d.e[0]));
	assert_int_equal(d.e[1].level, 2);
	assert_int_equal(d.e[1].attr, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_R | VMM_S2_W |
			 VMM_S2_PX | VMM_S2_UX | VMM_S2_AF | VMM_S2_BLOCK);
	assert_int_equal(d.e[2].attr, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_R | VMM_S2_W |
			 VMM_S2_PX | VMM_S2_UX | VMM_S2_AF);
	assert_int_equal(d.e[3].attr, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_R | VMM_S2_AF);
	assert_int_equal(d.e[3].start, 0x40203000);
	assert_int_equal(d.e[6].end, 0x10000000000ull);
	vmm_s2_free(&d);
	assert_null(d.e);
}

/* Chunk seams anywhere in a line give the same entries. */
static void test_any_chunking(void **state)
{
	struct vmm_s2_dump whole, piece;

	(void)state;
	assert_int_equal(parse(&whole, example, SIZE_MAX), 0);
	for (size_t step = 1; step < 80; step += 3) {
		assert_int_equal(parse(&piece, example, step), 0);
		assert_int_equal(piece.n, whole.n);
		for (size_t i = 0; i < whole.n; i++) {
			assert_int_equal(piece.e[i].start, whole.e[i].start);
			assert_int_equal(piece.e[i].end, whole.e[i].end);
			assert_int_equal(piece.e[i].level, whole.e[i].level);
			assert_int_equal(piece.e[i].attr, whole.e[i].attr);
		}
		vmm_s2_free(&piece);
	}
	vmm_s2_free(&whole);
}

static void test_exec_columns_and_invalid(void **state)
{
	static const struct { const char *cols; uint8_t attr; } t[] = {
		{ "   R W px ux  AF    ", VMM_S2_PX | VMM_S2_UX },
		{ "   R W PXNux  AF    ", VMM_S2_UX },
		{ "   R W px UXN AF    ", VMM_S2_PX },
		{ "   R W PXNUXN AF    ", 0 },
	};
	struct vmm_s2_entry e;
	const char *why;
	char line[128], cols[24];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(line, sizeof(line), "0x0000000000001000-0x0000000000002000   "
			 "        4K 3%s", t[i].cols);
		assert_int_equal(vmm_s2_parse_line(line, strlen(line), &e, &why), 0);
		assert_int_equal(e.attr, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_R | VMM_S2_W |
				 VMM_S2_AF | t[i].attr);
		/* the columns print back as the kernel printed them */
		vmm_s2_attr_columns(e.attr, cols);
		assert_string_equal(cols, t[i].cols);
	}
	/* F: not valid but not zero; no R, no AF */
	snprintf(line, sizeof(line), "0x0000000000001000-0x0000000000003000           8K 3"
		 " F     PXNUXN       ");
	assert_int_equal(vmm_s2_parse_line(line, strlen(line), &e, &why), 0);
	assert_int_equal(e.attr, VMM_S2_PRESENT);
	assert_false(vmm_s2_mapped(&e));
	/* LPA2's level -1 and addresses printed without padding */
	snprintf(line, sizeof(line), "0x0-0x10000000000000   4P -1");
	assert_int_equal(vmm_s2_parse_line(line, strlen(line), &e, &why), 0);
	assert_int_equal(e.level, -1);
	assert_int_equal(e.end, 1ull << 52);
}

static void expect_bad(const char *line, const char *reason)
{
	struct vmm_s2_entry e;
	const char *why = NULL;

	assert_int_equal(vmm_s2_parse_line(line, strlen(line), &e, &why), -EINVAL);
	assert_non_null(why);
	assert_non_null(strstr(why, reason));
}

static void test_bad_lines(void **state)
{
	(void)state;
	expect_bad("0x0000000000001000 0x0000000000002000           4K 3", "START-END");
	expect_bad("0x00000000000010g0-0x0000000000002000           4K 3", "START-END");
	expect_bad("0x0000000000001000-0x0000000000002000           4X 3", "unit");
	expect_bad("0x0000000000001000-0x0000000000002000            3", "unit");
	expect_bad("0x0000000000001000-0x0000000000002000           8K 3", "does not match");
	expect_bad("0x0000000000002000-0x0000000000001000           4K 3", "ends before");
	expect_bad("0x0000000000001000-0x0000000000002000           4K 7", "level");
	expect_bad("0x0000000000001000-0x0000000000002000           4K", "level");
	expect_bad("0x0000000000001000-0x0000000000002000           4K 3   R W", "20 attribute");
	expect_bad("0x0000000000001000-0x0000000000002000           4K 3   R W px ux  AF BLX",
		   "columns");
	expect_bad("0x0000000000001000-0x0000000000002000           4K 3   R W px ux  AF BLK",
		   "BLK on a level");
	expect_bad("0x00000000000000001-0x0000000000002000           4K 3", "START-END");
	/* 2^64 overflows: the size cannot be shifted into 64 bits */
	expect_bad("0x0-0x1000   99999999999999999999K 3", "unit");
}

static void expect_dump_error(const char *text, uint64_t line, const char *reason)
{
	struct vmm_s2_dump d;

	assert_int_equal(parse(&d, text, 7), -EINVAL);
	assert_int_equal(d.err_line, line);
	assert_non_null(strstr(d.err, reason));
	/* after the first error every feed fails */
	assert_int_equal(vmm_s2_feed(&d, "\n", 1), -EINVAL);
	vmm_s2_free(&d);
}

static void test_dump_errors_name_the_line(void **state)
{
	(void)state;
	expect_dump_error("---[ Guest IPA ]---\n"
			  "0x0000000000000000-0x0000000040000000           1G 1\n"
			  "garbage\n", 3, "not a line");
	expect_dump_error("---[ Guest IPA ]---\n"
			  "0x0000000040000000-0x0000000080000000           1G 1\n"
			  "0x0000000000000000-0x0000000040000000           1G 1\n", 3, "below the end");
	expect_dump_error("---[ Guest IPA ]---\n---[ Guest IPA ]---\n", 2, "second");
	expect_dump_error("---[ Guest IPA ]---\n# vm: 1-2\n", 2, "header line after");
	/* a tail read before (the memo of lib/ptdump.c) with a size the range does not have */
	expect_dump_error("0x0000000000000000-0x0000000000001000           4K 3   R W px ux  AF    \n"
			  "0x0000000000001000-0x0000000000003000           4K 3   R W px ux  AF    \n",
			  2, "size column");
	/* ... and a START that is the END before, digit for digit, but going back */
	expect_dump_error("0x0000000000001000-0x0000000000002000           4K 3   R W px ux  AF    \n"
			  "0x0000000000000000-0x0000000000001000           4K 3   R W px ux  AF    \n",
			  2, "below the end");
	/* without a title line too: a header after a range (a file's second part refused it) */
	expect_dump_error("0x0000000000000000-0x0000000040000000           1G 1\n# vm: 1-2\n", 2,
			  "header line after");
	expect_dump_error("# vmmctl stage2 dump v2\n", 1, "version 2");
	expect_dump_error("# vm: 1\n# vmmctl stage2 dump v1\n", 2, "first line");
	expect_dump_error("# vmmctl stage2 dump v1\n# ipa_bits: 99\n", 2, "ipa_bits");
	expect_dump_error("VTCR: 0x1 VTTBR: 0x2 s2: maybe\n", 1, "s2: enabled");
	/* a last line without its newline is parsed by finish */
	expect_dump_error("---[ Guest IPA ]---\n0x0-0x1000 4K", 2, "level");
}

static void test_saved_header(void **state)
{
	static const char text[] =
		"# vmmctl stage2 dump v1\n# vm: 4242-12\n# time: 2026-01-02T03:04:05Z\n"
		"# kernel: 7.3.4\n# ipa_bits: 40\n# levels: 3\n# page_size: 4096\n"
		"# source: stage2_page_tables\n# future_key: ignored\n# a comment\n"
		"---[ Guest IPA ]---\n"
		"0x0000000000000000-0x0000000040000000           1G 1\n";
	struct vmm_s2_dump d;

	(void)state;
	assert_int_equal(parse(&d, text, 5), 0);
	assert_true(d.hdr.present);
	assert_int_equal(d.hdr.version, 1);
	assert_string_equal(d.hdr.vm, "4242-12");
	assert_string_equal(d.hdr.time, "2026-01-02T03:04:05Z");
	assert_string_equal(d.hdr.kernel, "7.3.4");
	assert_string_equal(d.hdr.source, "stage2_page_tables");
	assert_int_equal(d.hdr.ipa_bits, 40);
	assert_int_equal(d.hdr.levels, 3);
	assert_int_equal(d.hdr.page_size, 4096);
	assert_int_equal(d.n, 1);
	vmm_s2_free(&d);
}

static void test_nested_mmu(void **state)
{
	static const char text[] =
		"VTCR: 0x0000000080023558 VTTBR: 0x0005000041234000 s2: enabled\n"
		"---[ Guest IPA ]---\n"
		"0x0000000000000000-0x0000000000200000           2M 2" A_RWB "\n";
	struct vmm_s2_dump d;
	struct vmm_s2_vtcr v;
	uint32_t bits, levels;

	(void)state;
	assert_int_equal(parse(&d, text, 9), 0);
	assert_true(d.mmu_line);
	assert_true(d.s2_enabled);
	assert_int_equal(d.vtcr, 0x80023558);
	assert_int_equal(d.vttbr, 0x0005000041234000ull);
	assert_int_equal(d.n, 1);
	/* T0SZ 24, SL0 1, TG0 4K, PS 2 (40 bits), VS 0 */
	vmm_s2_decode_vtcr(d.vtcr, d.vttbr, &v);
	assert_int_equal(v.t0sz, 24);
	assert_int_equal(v.ipa_bits, 40);
	assert_int_equal(v.sl0, 1);
	assert_int_equal(v.start_level, 1);
	assert_int_equal(v.granule, 4096);
	assert_int_equal(v.pa_bits, 40);
	assert_false(v.vmid16);
	assert_int_equal(v.vmid, 5);
	assert_int_equal(v.baddr, 0x41234000);
	assert_false(v.cnp);
	vmm_s2_free(&d);
	/* 16-bit VMID, 64K granule (TG0 1), SL0 2: level 1; DS+SL2 with 4K: level -1 */
	vmm_s2_decode_vtcr(0x80084000 | 2 << 6 | 16, 0x1234000000000001ull, &v);
	assert_int_equal(v.granule, 65536);
	assert_int_equal(v.start_level, 1);
	assert_int_equal(v.ipa_bits, 48);
	assert_int_equal(v.vmid, 0x1234);
	assert_true(v.cnp);
	vmm_s2_decode_vtcr(3ull << 32 | 12, 0, &v);
	assert_int_equal(v.start_level, -1);
	assert_true(v.ds);
	/* an invalid MMU's file is empty: no lines, no entries */
	assert_int_equal(parse(&d, "", 1), 0);
	assert_int_equal(d.n, 0);
	assert_false(d.mmu_line);
	assert_int_equal(vmm_s2_extent(&d, &bits, &levels), -ENODATA);
	vmm_s2_free(&d);
	/* a shadow table spans 2^52 from level 0 (as captured in the rig) */
	assert_int_equal(parse(&d, "---[ Guest IPA ]---\n"
			 "0x0000000000000000-0x0000008000000000         512G 0\n"
			 "0x0000008000000000-0x0000008000001000           4K 3" A_RW "\n"
			 "0x0000008000001000-0x0000008000200000        2044K 3\n"
			 "0x0000008000200000-0x0000008040000000        1022M 2\n"
			 "0x0000008040000000-0x0000010000000000         511G 1\n"
			 "0x0000010000000000-0x0010000000000000        4095T 0\n", 7), 0);
	assert_int_equal(vmm_s2_extent(&d, &bits, &levels), 0);
	assert_int_equal(bits, 52);
	assert_int_equal(levels, 4);
	vmm_s2_free(&d);
	/* an end off a power of two tells nothing */
	assert_int_equal(parse(&d, "0x0000000000000000-0x0000000000003000          12K 3\n", 5), 0);
	assert_int_equal(vmm_s2_extent(&d, &bits, &levels), -ENODATA);
	vmm_s2_free(&d);
}

static void test_summary(void **state)
{
	struct vmm_s2_summary s;
	struct vmm_s2_dump d;

	(void)state;
	assert_int_equal(parse(&d, example, SIZE_MAX), 0);
	vmm_s2_summarize(d.e, d.n, &s);
	assert_int_equal(s.ranges, 7);
	assert_int_equal(s.mapped_ranges, 3);
	assert_int_equal(s.mapped_bytes, 0x204000);
	assert_int_equal(s.unmapped_bytes, 0x10000000000ull - 0x204000);
	assert_int_equal(s.block_ranges, 1);
	assert_int_equal(s.block_bytes, 0x200000);
	assert_int_equal(s.page_ranges, 2);
	assert_int_equal(s.page_bytes, 0x4000);
	assert_int_equal(s.level_bytes[2 + 1], 0x200000);
	assert_int_equal(s.level_bytes[3 + 1], 0x4000);
	assert_int_equal(s.perm_bytes[(VMM_S2_R | VMM_S2_W | VMM_S2_PX | VMM_S2_UX |
				       VMM_S2_AF) >> 2], 0x203000);
	assert_int_equal(s.perm_bytes[(VMM_S2_R | VMM_S2_AF) >> 2], 0x1000);
	/* the three mapped ranges touch: one run */
	assert_int_equal(s.largest_start, 0x40000000);
	assert_int_equal(s.largest_end, 0x40204000);
	assert_int_equal(s.ipa_end, 0x10000000000ull);
	vmm_s2_free(&d);
}

/*
 * Consecutive parts summarised apart and merged equal the whole, at
 * every seam: runs that cross it, that start or end at it, equal lengths
 * (the first longest run wins), parts without ranges. The largest run
 * here is checked by hand as well.
 */
static void test_summary_merge(void **state)
{
	static const struct vmm_s2_entry e[] = {
		{ 0x0000, 0x1000, 3, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_R },
		{ 0x1000, 0x3000, 3, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_R | VMM_S2_W },
		{ 0x3000, 0x4000, 3, 0 },
		/* as long as the run before: the first of the two wins */
		{ 0x4000, 0x7000, 3, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_R },
		{ 0x7000, 0x8000, 3, VMM_S2_PRESENT },
		{ 0x8000, 0x9000, 3, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_AF },
		{ 0x9000, 0xa000, 3, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_AF },
		{ 0xa000, 0xc000, 3, VMM_S2_PRESENT | VMM_S2_VALID },
		/* a run of four: longer than any before, cut anywhere by two seams */
		{ 0xc000, 0xd000, 3, VMM_S2_PRESENT | VMM_S2_VALID },
		{ 0x200000, 0x400000, 2, VMM_S2_PRESENT | VMM_S2_VALID | VMM_S2_BLOCK },
	};
	const size_t n = sizeof(e) / sizeof(e[0]);
	struct vmm_s2_summary whole;

	(void)state;
	vmm_s2_summarize(e, n, &whole);
	assert_int_equal(whole.largest_start, 0x200000);
	assert_int_equal(whole.largest_end, 0x400000);
	vmm_s2_summarize(e, n - 1, &whole);
	assert_int_equal(whole.largest_start, 0x8000);
	assert_int_equal(whole.largest_end, 0xd000);
	vmm_s2_summarize(e, 5, &whole);
	assert_int_equal(whole.largest_start, 0x0);
	assert_int_equal(whole.largest_end, 0x3000);
	/* every prefix of m ranges (short ones end in runs of equal length), in three parts */
	for (size_t m = 0; m <= n; m++) {
		for (size_t k = 0; k <= m; k++) {
			for (size_t l = k; l <= m; l++) {
				struct vmm_s2_acc a, b, c;

				vmm_s2_acc_init(&a);
				vmm_s2_acc_init(&b);
				vmm_s2_acc_init(&c);
				for (size_t i = 0; i < m; i++)
					vmm_s2_acc_sink(i < k ? &a : i < l ? &b : &c, &e[i]);
				vmm_s2_acc_merge(&a, &b);
				vmm_s2_acc_merge(&a, &c);
				vmm_s2_summarize(e, m, &whole);
				assert_memory_equal(&a.s, &whole, sizeof(whole));
			}
		}
	}
}

static void test_diff(void **state)
{
	static const char later[] =
		"---[ Guest IPA ]---\n"
		"0x0000000000000000-0x0000000040000000           1G 1\n"
		"0x0000000040000000-0x0000000040200000           2M 2" A_RWB "\n"
		"0x0000000040200000-0x0000000040202000           8K 3" A_RW "\n"
		"0x0000000040202000-0x0000000040204000           8K 3" A_RO "\n"
		"0x0000000040204000-0x0000000040205000           4K 3" A_RW "\n"
		"0x0000000040205000-0x0000000040400000        2028K 3\n";
	struct vmm_s2_dump a, b;
	struct vmm_s2_delta *dl;
	long n;

	(void)state;
	assert_int_equal(parse(&a, example, SIZE_MAX), 0);
	assert_int_equal(parse(&b, later, SIZE_MAX), 0);
	n = vmm_s2_diff(a.e, a.n, b.e, b.n, &dl);
	assert_int_equal(n, 2);
	/* 0x40202000: RW in A, RO in B */
	assert_int_equal(dl[0].start, 0x40202000);
	assert_int_equal(dl[0].end, 0x40203000);
	assert_int_equal(dl[0].change, VMM_S2_CHANGED);
	assert_int_equal(dl[0].attr_b & VMM_S2_W, 0);
	assert_true(dl[0].attr_a & VMM_S2_W);
	/* 0x40204000: newly mapped */
	assert_int_equal(dl[1].start, 0x40204000);
	assert_int_equal(dl[1].end, 0x40205000);
	assert_int_equal(dl[1].change, VMM_S2_MAPPED);
	/* B ends at 0x40400000, where A's rest is unmapped too: no change there */
	free(dl);
	/* the same dump: no differences; reversed: mapped becomes unmapped */
	assert_int_equal(vmm_s2_diff(a.e, a.n, a.e, a.n, &dl), 0);
	free(dl);
	n = vmm_s2_diff(b.e, b.n, a.e, a.n, &dl);
	assert_int_equal(n, 2);
	assert_int_equal(dl[1].change, VMM_S2_UNMAPPED);
	assert_int_equal(dl[1].start, 0x40204000);
	free(dl);
	vmm_s2_free(&a);
	vmm_s2_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_any_chunking),
		cmocka_unit_test(test_exec_columns_and_invalid),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_dump_errors_name_the_line),
		cmocka_unit_test(test_saved_header),
		cmocka_unit_test(test_nested_mmu),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_merge),
		cmocka_unit_test(test_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
