// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lib/kvm_stats.c: the binary stats parser on buffers laid out as KVM lays
 * them out (spec B.8), valid, truncated and corrupted; reading a stats fd
 * through the scripted pread of mock_sys.c.
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

#include "lib/kvm_stats.h"
#include "lib/uapi/kvm.h"

#include "mock_sys.h"
#include "unit.h"

#define NAME_SIZE	48
#define DESC_LEN	(16 + NAME_SIZE)

/* A stats file as KVM writes it: header, id, descriptors, then the data. */
struct file {
	uint8_t b[4096];
	size_t len;
};

struct def {
	const char *name;
	uint32_t flags;
	int16_t exponent;
	uint16_t size;
	uint32_t bucket_size;
	uint64_t values[8];
};

static const struct def defs[] = {
	{ "remote_tlb_flush", VMM_KVM_STATS_CUMULATIVE, 0, 1, 0, { 5 } },
	{ "pages_4k", VMM_KVM_STATS_INSTANT | VMM_KVM_STATS_UNIT_NONE << 4, 0, 1, 0, { 512 } },
	{ "max_mmu_rmap_size", VMM_KVM_STATS_PEAK, 0, 1, 0, { 3 } },
	{ "halt_poll_success_ns", VMM_KVM_STATS_CUMULATIVE | VMM_KVM_STATS_UNIT_SECONDS << 4,
	  -9, 1, 0, { 1000000 } },
	{ "halt_poll_success_hist", VMM_KVM_STATS_LOG_HIST | VMM_KVM_STATS_UNIT_SECONDS << 4 |
	  1u << 8, -9, 4, 0, { 1, 2, 3, 4 } },
	{ "bytes_linear_hist", VMM_KVM_STATS_LINEAR_HIST | VMM_KVM_STATS_UNIT_BYTES << 4, 0, 3,
	  4096, { 7, 0, 9 } },
};
#define NDEFS	(sizeof(defs) / sizeof(defs[0]))


/* data_pad shifts the data region (unaligned values); ndesc <= NDEFS. */
static void build(struct file *f, uint32_t ndesc, uint32_t data_pad)
{
	struct vmm_kvm_stats_header h = {
		.flags = 0, .name_size = NAME_SIZE, .num_desc = ndesc, .id_offset = 24,
		.desc_offset = 24 + NAME_SIZE, .data_offset = 24 + NAME_SIZE + ndesc * DESC_LEN +
		data_pad,
	};
	uint32_t off = 0;

	memset(f, 0, sizeof(*f));
	memcpy(f->b, &h, sizeof(h));
	snprintf((char *)f->b + h.id_offset, NAME_SIZE, "kvm-4242");
	for (uint32_t i = 0; i < ndesc; i++) {
		struct vmm_kvm_stats_desc d = {
			.flags = defs[i].flags, .exponent = defs[i].exponent, .size = defs[i].size,
			.offset = off, .bucket_size = defs[i].bucket_size,
		};
		uint8_t *at = f->b + h.desc_offset + i * DESC_LEN;

		memcpy(at, &d, sizeof(d));
		snprintf((char *)at + sizeof(d), NAME_SIZE, "%s", defs[i].name);
		memcpy(f->b + h.data_offset + off, defs[i].values, defs[i].size * 8u);
		off += defs[i].size * 8u;
	}
	f->len = h.data_offset + off;
	assert_true(f->len <= sizeof(f->b));
}

static void check_valid(const struct vmm_stats *st)
{
	assert_string_equal(st->id, "kvm-4242");
	assert_int_equal(st->n, NDEFS);
	for (size_t i = 0; i < NDEFS; i++) {
		uint64_t sum = 0;

		assert_string_equal(st->v[i].name, defs[i].name);
		assert_int_equal(st->v[i].type, defs[i].flags & 0xf);
		assert_int_equal(st->v[i].unit, (defs[i].flags >> 4) & 0xf);
		assert_int_equal(st->v[i].base, (defs[i].flags >> 8) & 0xf);
		assert_true(st->v[i].has_unit);
		assert_int_equal(st->v[i].exponent, defs[i].exponent);
		assert_int_equal(st->v[i].nvalues, defs[i].size);
		for (int k = 0; k < defs[i].size; k++) {
			sum += defs[i].values[k];
			if (defs[i].size > 1)
				assert_int_equal(st->v[i].buckets[k], defs[i].values[k]);
		}
		assert_int_equal(st->v[i].value, sum);
		if (defs[i].size == 1)
			assert_null(st->v[i].buckets);
	}
	assert_int_equal(st->v[5].bucket_size, 4096);
}

static void test_parse_valid(void **state)
{
	struct vmm_stats st;
	struct file f;

	(void)state;
	build(&f, NDEFS, 0);
	assert_int_equal(vmm_kvm_stats_parse(f.b, f.len, &st), 0);
	check_valid(&st);
	assert_string_equal(vmm_stat_type_name(st.v[4].type), "log_hist");
	assert_string_equal(vmm_stat_unit_name(st.v[3].unit), "seconds");
	assert_true(vmm_stat_is_counter(&st.v[0]));
	assert_false(vmm_stat_is_counter(&st.v[1]));
	assert_false(vmm_stat_is_counter(&st.v[2]));
	assert_true(vmm_stat_is_counter(&st.v[4]));
	vmm_stats_free(&st);
	assert_int_equal(st.n, 0);
	assert_null(st.v);
}

static void test_parse_unaligned_and_trailing_bytes(void **state)
{
	struct vmm_stats st;
	struct file f;

	(void)state;
	build(&f, NDEFS, 3);	/* values at odd offsets */
	assert_int_equal(vmm_kvm_stats_parse(f.b, f.len + 100, &st), 0);
	check_valid(&st);
	vmm_stats_free(&st);
}

static void test_parse_no_descriptors(void **state)
{
	struct vmm_stats st;
	struct file f;

	(void)state;
	build(&f, 0, 0);
	assert_int_equal(vmm_kvm_stats_parse(f.b, f.len, &st), 0);
	assert_int_equal(st.n, 0);
	assert_string_equal(st.id, "kvm-4242");
	vmm_stats_free(&st);
}

/* Every prefix of a valid file is missing part of what the header promises. */
static void test_parse_truncated(void **state)
{
	struct vmm_stats st;
	struct file f;

	(void)state;
	build(&f, NDEFS, 0);
	for (size_t len = 0; len < f.len; len++) {
		assert_int_equal(vmm_kvm_stats_parse(f.b, len, &st), -EINVAL);
		assert_int_equal(st.n, 0);
		assert_null(st.v);
	}
}

static void corrupt32(struct file *f, size_t off, uint32_t v, int expect)
{
	struct vmm_stats st;
	struct file g = *f;

	put32(g.b, off, v);
	assert_int_equal(vmm_kvm_stats_parse(g.b, g.len, &st), expect);
	if (expect)
		assert_null(st.v);
	vmm_stats_free(&st);
}

static void test_parse_bad_header(void **state)
{
	struct file f;

	(void)state;
	build(&f, NDEFS, 0);
	corrupt32(&f, 4, 0, -EINVAL);			/* name_size 0 */
	corrupt32(&f, 4, 100000, -EINVAL);		/* name_size huge */
	corrupt32(&f, 8, 0x80000000u, -EINVAL);		/* num_desc huge */
	corrupt32(&f, 8, NDEFS + 1, -EINVAL);		/* descriptors run into the data */
	corrupt32(&f, 12, 0xffffffffu, -EINVAL);	/* id beyond the end */
	corrupt32(&f, 12, (uint32_t)f.len - 10, -EINVAL);
	corrupt32(&f, 16, 0xfffffff0u, -EINVAL);	/* descriptors beyond the end */
	corrupt32(&f, 20, 0xffffffffu, -EINVAL);	/* data beyond the end */
	corrupt32(&f, 20, (uint32_t)f.len, -EINVAL);	/* data starts at the end */
	corrupt32(&f, 0, 0xffffffffu, 0);		/* unknown header flags are fine */
}

static void test_parse_bad_descriptor(void **state)
{
	const size_t d0 = 24 + NAME_SIZE, d1 = d0 + DESC_LEN;
	struct vmm_stats st;
	struct file f, g;

	(void)state;
	build(&f, NDEFS, 0);
	corrupt32(&f, d1 + 8, 0xfffffff8u, -EINVAL);	/* value offset wraps past the end */
	corrupt32(&f, d1 + 8, (uint32_t)f.len, -EINVAL);
	/* size (number of values) 0, or more than the parser takes */
	g = f;
	memset(g.b + d1 + 6, 0, 2);
	assert_int_equal(vmm_kvm_stats_parse(g.b, g.len, &st), -EINVAL);
	g = f;
	g.b[d1 + 6] = 0xff;
	g.b[d1 + 7] = 0xff;
	assert_int_equal(vmm_kvm_stats_parse(g.b, g.len, &st), -EINVAL);
	/* a name that fills its field without a NUL, and an empty one */
	g = f;
	memset(g.b + d0 + 16, 'a', NAME_SIZE);
	assert_int_equal(vmm_kvm_stats_parse(g.b, g.len, &st), -EINVAL);
	g = f;
	g.b[d1 + 16] = '\0';
	assert_int_equal(vmm_kvm_stats_parse(g.b, g.len, &st), -EINVAL);
	assert_null(st.v);
	/* an unterminated id is dropped, not fatal */
	g = f;
	memset(g.b + 24, 'k', NAME_SIZE);
	assert_int_equal(vmm_kvm_stats_parse(g.b, g.len, &st), 0);
	assert_string_equal(st.id, "");
	assert_int_equal(st.n, NDEFS);
	vmm_stats_free(&st);
}

/* ---- through lib/sys ------------------------------------------------------ */

static void test_stats_fd_ioctl(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_ioctl_int_fd(7, 0xaece, 0, 9);
	assert_int_equal(vmm_kvm_stats_fd(s, 7), 9);
	mock_expect_ioctl_int_fd(7, 0xaece, 0, -EIO);
	assert_int_equal(vmm_kvm_stats_fd(s, 7), -EIO);
	assert_string_equal(s->last.what, "KVM_GET_STATS_FD");
}

static void test_read_in_pieces_until_eof(void **state)
{
	struct vmm_sys *s = *state;
	struct vmm_stats st;
	struct file f;

	build(&f, NDEFS, 0);
	/* the fd is not seekable: every read names its offset */
	mock_expect_pread(9, 0, f.b, 100);
	mock_expect_pread(9, 100, f.b + 100, (ssize_t)f.len - 100);
	mock_expect_pread(9, (off_t)f.len, NULL, 0);
	assert_int_equal(vmm_kvm_stats_read(s, 9, &st), 0);
	check_valid(&st);
	vmm_stats_free(&st);
}

static void test_read_error_and_bad_file(void **state)
{
	struct vmm_sys *s = *state;
	struct vmm_stats st;
	struct file f;

	mock_expect_pread(9, 0, NULL, -EBADF);
	assert_int_equal(vmm_kvm_stats_read(s, 9, &st), -EBADF);
	assert_int_equal(s->last.err, EBADF);
	assert_string_equal(s->last.op, "pread");

	build(&f, NDEFS, 0);
	mock_expect_pread(9, 0, f.b, 200);	/* ends early: the data is missing */
	mock_expect_pread(9, 200, NULL, 0);
	assert_int_equal(vmm_kvm_stats_read(s, 9, &st), -EINVAL);
	assert_string_equal(s->last.op, "parse");
	assert_null(st.v);
}

static void test_append_and_find(void **state)
{
	struct vmm_stats a, b, all = { 0 };
	struct file f;

	(void)state;
	build(&f, 2, 0);
	assert_int_equal(vmm_kvm_stats_parse(f.b, f.len, &a), 0);
	build(&f, NDEFS, 0);
	assert_int_equal(vmm_kvm_stats_parse(f.b, f.len, &b), 0);
	assert_int_equal(vmm_stats_append(&all, &a), 0);
	assert_int_equal(vmm_stats_append(&all, &b), 0);
	vmm_stats_free(&a);
	vmm_stats_free(&b);
	assert_int_equal(all.n, 2 + NDEFS);
	/* the buckets were copied, not shared with the freed source */
	assert_int_equal(all.v[2 + 4].buckets[3], 4);
	assert_ptr_equal(vmm_stats_find(&all, "pages_4k", 1), &all.v[1]);
	assert_ptr_equal(vmm_stats_find(&all, "pages_4k", 5), &all.v[1]);
	assert_ptr_equal(vmm_stats_find(&all, "bytes_linear_hist", -1), &all.v[7]);
	assert_null(vmm_stats_find(&all, "nope", 0));
	vmm_stats_free(&all);
	assert_string_equal(vmm_stat_type_name(9), "unknown");
	assert_string_equal(vmm_stat_unit_name(15), "unknown");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_sys_setup, unit_sys_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_parse_valid),
		T(test_parse_unaligned_and_trailing_bytes),
		T(test_parse_no_descriptors),
		T(test_parse_truncated),
		T(test_parse_bad_header),
		T(test_parse_bad_descriptor),
		T(test_stats_fd_ioctl),
		T(test_read_in_pieces_until_eof),
		T(test_read_error_and_bad_file),
		T(test_append_and_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
