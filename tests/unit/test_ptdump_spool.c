// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lib/ptdump_spool.c: the exact words a spool writes (one word for a
 * page-aligned range that follows the one before, three otherwise and at
 * every stride), the spill to its temporary file, reading back from any
 * range of the file or of the buffer, and what fails: a short or broken
 * read, a file that cannot be made.
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
#include "lib/sys.h"
#include "mock_sys.h"

#define FD	9

static const struct vmm_s2_entry ranges[] = {
	{ 0x0, 0x1000, 3, 0x13 },			/* a stride's first: three words */
	{ 0x1000, 0x3000, 3, 0x00 },			/* follows, aligned: one */
	{ 0x3000, 0x3800, 3, 0x13 },			/* its end is not aligned */
	{ 0x4000, 0x200000, 2, 0x00 },			/* a hole before it */
	{ 0x200000, 0x40000000, -1, 0xff },		/* follows, but begins a stride */
	{ 0x40000000, 0x8000000000, 1, 0x25 },
	{ 0x8000000000, 0x8000001000, 0, 0x13 },
};
#define NR	(sizeof(ranges) / sizeof(ranges[0]))

/* Worked by hand: (level + 1) << 1 | attr << 4, bit 0 for one word. */
static const uint64_t words[] = {
	0x138, 0x0, 0x1000,
	0x3009,
	0x138, 0x3000, 0x3800,
	0x6, 0x4000, 0x200000,
	0xff0, 0x200000, 0x40000000,
	0x8000000255,
	0x8000001133,
};

static void same(const struct vmm_s2_entry *got, const struct vmm_s2_entry *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(got[i].start, want[i].start);
		assert_int_equal(got[i].end, want[i].end);
		assert_int_equal(got[i].level, want[i].level);
		assert_int_equal(got[i].attr, want[i].attr);
	}
}

/* A spool of room for 4 ranges and strides of 4, filled with ranges[]. */
static void fill(struct vmm_s2_spool *sp, struct vmm_sys *s)
{
	assert_int_equal(vmm_s2_spool_init(sp, s, 4), 0);
	sp->every = 4;
	/* 80 bytes for the first four; the fifth's three words would not fit */
	mock_expect_tmpfile(FD);
	mock_expect_pwrite(FD, 80, 0, 0);
	for (size_t i = 0; i < NR; i++)
		assert_int_equal(vmm_s2_spool_sink(sp, &ranges[i]), 0);
	mock_expect_pwrite(FD, 40, 80, 0);
	assert_int_equal(vmm_s2_spool_seal(sp), 0);
}

static void test_words_and_spill(void **state)
{
	struct vmm_s2_spool sp;
	struct vmm_sys s;
	const uint8_t *b;
	size_t len;

	(void)state;
	mock_sys_reset();
	vmm_sys_init(&s, NULL);
	fill(&sp, &s);
	b = mock_pwritten(&len);
	assert_int_equal(len, sizeof(words));
	assert_memory_equal(b, words, sizeof(words));
	assert_int_equal(sp.count, NR);
	assert_int_equal(sp.written, sizeof(words));
	assert_int_equal(sp.nstride, 2);
	assert_int_equal(sp.stride[0], 0);
	assert_int_equal(sp.stride[1], 80);
	vmm_s2_spool_free(&sp);
	assert_true(mock_fd_closed(FD));
	mock_sys_reset();
}

static void test_read_back_from_the_file(void **state)
{
	struct vmm_s2_entry out[NR];
	struct vmm_s2_spool sp;
	struct vmm_s2_reader rd = { 0 };
	struct vmm_sys s;
	uint8_t file[sizeof(words)];
	uint64_t broken[5];
	size_t len;

	(void)state;
	mock_sys_reset();
	vmm_sys_init(&s, NULL);
	rd.sys = &s;
	fill(&sp, &s);
	memcpy(file, mock_pwritten(&len), sizeof(file));
	/* ranges 1-5: from the first stride to the end, the first skipped */
	mock_expect_pread(FD, 0, file, sizeof(file));
	assert_int_equal(vmm_s2_spool_get(&sp, &rd, 1, 5, out), 0);
	same(out, &ranges[1], 5);
	/* ranges 5-6: only the second stride is read */
	mock_expect_pread(FD, 80, file + 80, 40);
	assert_int_equal(vmm_s2_spool_get(&sp, &rd, 5, 2, out), 0);
	same(out, &ranges[5], 2);
	/* past the end, and nothing at the end */
	assert_int_equal(vmm_s2_spool_get(&sp, &rd, NR, 1, out), -ERANGE);
	assert_int_equal(vmm_s2_spool_get(&sp, &rd, 3, NR, out), -ERANGE);
	assert_int_equal(vmm_s2_spool_get(&sp, &rd, NR, 0, out), 0);
	/* our own file come back short, or with a record cut */
	mock_expect_pread(FD, 80, file + 80, 16);
	assert_int_equal(vmm_s2_spool_get(&sp, &rd, 4, 1, out), -EIO);
	memcpy(broken, file + 80, 32);
	broken[4] = 0;		/* three words begin, one is there */
	mock_expect_pread(FD, 80, broken, 40);
	assert_int_equal(vmm_s2_spool_get(&sp, &rd, 4, 3, out), -EIO);
	mock_expect_pread(FD, 80, NULL, -EIO);
	assert_int_equal(vmm_s2_spool_get(&sp, &rd, 4, 1, out), -EIO);
	free(rd.raw);
	vmm_s2_spool_free(&sp);
	mock_sys_reset();
}

static void test_all_in_the_buffer(void **state)
{
	struct vmm_s2_entry out[NR];
	struct vmm_s2_spool sp;
	struct vmm_s2_reader rd = { 0 };
	struct vmm_sys s;

	(void)state;
	mock_sys_reset();
	vmm_sys_init(&s, NULL);
	rd.sys = &s;
	assert_int_equal(vmm_s2_spool_init(&sp, &s, 0), 0);
	sp.every = 3;
	for (size_t i = 0; i < NR; i++)
		assert_int_equal(vmm_s2_spool_sink(&sp, &ranges[i]), 0);
	assert_int_equal(vmm_s2_spool_seal(&sp), 0);	/* no file, no write */
	assert_int_equal(sp.fd, -1);
	for (size_t first = 0; first < NR; first++) {
		memset(out, 0, sizeof(out));
		assert_int_equal(vmm_s2_spool_get(&sp, &rd, first, NR - first, out), 0);
		same(out, &ranges[first], NR - first);
	}
	assert_null(rd.raw);
	vmm_s2_spool_free(&sp);
}

static void test_no_file(void **state)
{
	struct vmm_s2_spool sp;
	struct vmm_sys s;

	(void)state;
	mock_sys_reset();
	vmm_sys_init(&s, NULL);
	assert_int_equal(vmm_s2_spool_init(&sp, &s, 1), 0);
	assert_int_equal(vmm_s2_spool_sink(&sp, &ranges[0]), 0);
	mock_expect_tmpfile(-EACCES);
	assert_int_equal(vmm_s2_spool_sink(&sp, &ranges[1]), -EACCES);
	assert_int_equal(sp.count, 1);
	/* the first failure stays: seal gives it, and nothing is written */
	assert_int_equal(vmm_s2_spool_seal(&sp), -EACCES);
	vmm_s2_spool_free(&sp);
	mock_sys_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_spill),
		cmocka_unit_test(test_read_back_from_the_file),
		cmocka_unit_test(test_all_in_the_buffer),
		cmocka_unit_test(test_no_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
