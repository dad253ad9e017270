// SPDX-License-Identifier: GPL-3.0-or-later
/* cli/parse.c: every typed parser, accepted forms with exact values and each malformed form. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli/parse.h"

#define POISON 0x5a5a5a5a5a5a5a5aull

#define assert_why(why) do {					\
	assert_non_null(why);					\
	assert_true((why)[0] != '\0');				\
} while (0)

#define U64_OK(s, want) do {					\
	const char *why_ = NULL;				\
	uint64_t v_ = POISON;					\
	assert_int_equal(vmm_parse_u64((s), &v_, &why_), 0);	\
	assert_int_equal(v_, (want));				\
} while (0)

/* A failure leaves *out alone and says why. */
#define U64_BAD(s, err) do {					\
	const char *why_ = NULL;				\
	uint64_t v_ = POISON;					\
	assert_int_equal(vmm_parse_u64((s), &v_, &why_), (err)); \
	assert_int_equal(v_, POISON);				\
	assert_why(why_);					\
} while (0)

/* ---- u64 / size / address ----------------------------------------------- */

static void test_parse_u64_decimal(void **state)
{
	(void)state;
	U64_OK("0", 0);
	U64_OK("1", 1);
	U64_OK("4096", 4096);
	U64_OK("010", 10);	/* leading zero is not octal */
	U64_OK("18446744073709551615", UINT64_MAX);
}

static void test_parse_u64_hex(void **state)
{
	(void)state;
	U64_OK("0x0", 0);
	U64_OK("0x1f", 0x1f);
	U64_OK("0X1F", 0x1f);
	U64_OK("0xDeadBeef", 0xdeadbeef);
	U64_OK("0xffffffffffffffff", UINT64_MAX);
	U64_OK("0x00000000000000000001", 1);	/* leading zeros do not count */
}

static void test_parse_u64_suffix(void **state)
{
	(void)state;
	U64_OK("4K", 4096);
	U64_OK("4k", 4096);
	U64_OK("2M", 2ull << 20);
	U64_OK("2m", 2ull << 20);
	U64_OK("1G", 1ull << 30);
	U64_OK("3g", 3ull << 30);
	U64_OK("1T", 1ull << 40);
	U64_OK("1t", 1ull << 40);
	U64_OK("0x10G", 0x10ull << 30);
	U64_OK("0K", 0);
	U64_OK("17179869183G", 17179869183ull << 30);
	U64_OK("16777215T", 16777215ull << 40);
}

static void test_parse_u64_empty(void **state)
{
	(void)state;
	U64_BAD("", -EINVAL);
}

static void test_parse_u64_overflow(void **state)
{
	(void)state;
	U64_BAD("18446744073709551616", -ERANGE);		/* 2^64 */
	U64_BAD("18446744073709551620", -ERANGE);
	U64_BAD("99999999999999999999", -ERANGE);
	U64_BAD("0x10000000000000000", -ERANGE);		/* 2^64 */
	U64_BAD("0xffffffffffffffff0", -ERANGE);
	U64_BAD("1234567890123456789012345678901234567890123456789012345678901234567890",
		-ERANGE);
}

static void test_parse_u64_suffix_overflow(void **state)
{
	(void)state;
	U64_BAD("17179869184G", -ERANGE);	/* 2^34 G == 2^64 */
	U64_BAD("16777216T", -ERANGE);		/* 2^24 T == 2^64 */
	U64_BAD("18014398509481984K", -ERANGE);	/* 2^54 K == 2^64 */
	U64_BAD("0x100000000000M", -ERANGE);	/* 2^44 M == 2^64 */
	U64_BAD("18446744073709551615K", -ERANGE);
}

static void test_parse_u64_underscores(void **state)
{
	(void)state;
	U64_BAD("0x1_0000_0000_0000_0000", -EINVAL);
	U64_BAD("1_000", -EINVAL);
}

static void test_parse_u64_negative(void **state)
{
	(void)state;
	U64_BAD("-1", -EINVAL);
	U64_BAD("-0", -EINVAL);
	U64_BAD("-0x10", -EINVAL);
	U64_BAD("+1", -EINVAL);
}

static void test_parse_u64_bad_suffix(void **state)
{
	(void)state;
	U64_BAD("16384P", -EINVAL);
	U64_BAD("1E", -EINVAL);
	U64_BAD("4KB", -EINVAL);
	U64_BAD("4KK", -EINVAL);
	U64_BAD("4Ki", -EINVAL);
	U64_BAD("K", -EINVAL);
	U64_BAD("0xK", -EINVAL);
}

static void test_parse_u64_trailing_junk(void **state)
{
	(void)state;
	U64_BAD("12abc", -EINVAL);
	U64_BAD("1.5G", -EINVAL);
	U64_BAD("0x1g0", -EINVAL);
	U64_BAD("0x12z", -EINVAL);
	U64_BAD("abc", -EINVAL);
}

static void test_parse_u64_whitespace(void **state)
{
	(void)state;
	U64_BAD(" 4", -EINVAL);
	U64_BAD("4 ", -EINVAL);
	U64_BAD("4 K", -EINVAL);
	U64_BAD("\t4", -EINVAL);
	U64_BAD(" ", -EINVAL);
}

static void test_parse_u64_hex_prefix_alone(void **state)
{
	(void)state;
	U64_BAD("0x", -EINVAL);
	U64_BAD("0X", -EINVAL);
	U64_BAD("0x-1", -EINVAL);
	U64_BAD("0xx1", -EINVAL);
	U64_BAD("x10", -EINVAL);
}

/* ---- BDF ------------------------------------------------------------------ */

#define BDF_OK(s, d, b, v, f) do {					\
	const char *why_ = NULL;					\
	struct vmm_bdf bdf_;						\
	memset(&bdf_, 0xa5, sizeof(bdf_));				\
	assert_int_equal(vmm_parse_bdf((s), &bdf_, &why_), 0);		\
	assert_int_equal(bdf_.domain, (d));				\
	assert_int_equal(bdf_.bus, (b));				\
	assert_int_equal(bdf_.dev, (v));				\
	assert_int_equal(bdf_.fn, (f));					\
} while (0)

#define BDF_BAD(s) do {							\
	const char *why_ = NULL;					\
	struct vmm_bdf bdf_ = { 0 };					\
	assert_int_equal(vmm_parse_bdf((s), &bdf_, &why_), -EINVAL);	\
	assert_why(why_);						\
} while (0)

static void test_parse_bdf_valid(void **state)
{
	(void)state;
	BDF_OK("0000:01:00.0", 0, 1, 0, 0);
	BDF_OK("01:00.1", 0, 1, 0, 1);
	BDF_OK("0001:ff:1f.7", 1, 0xff, 0x1f, 7);
	BDF_OK("ABCD:0a:1B.3", 0xabcd, 0x0a, 0x1b, 3);
	BDF_OK("10000:00:02.0", 0x10000, 0, 2, 0);
	BDF_OK("ffffffff:00:00.0", 0xffffffffu, 0, 0, 0);
	BDF_OK("0:0.0", 0, 0, 0, 0);
}

static void test_parse_bdf_empty(void **state)
{
	(void)state;
	BDF_BAD("");
}

static void test_parse_bdf_out_of_range(void **state)
{
	(void)state;
	BDF_BAD("00:20.0");		/* device above 0x1f */
	BDF_BAD("00:00.8");		/* function above 7 */
	BDF_BAD("100:00.0");		/* bus has 2 digits */
	BDF_BAD("00:000.0");
	BDF_BAD("00:00.00");
	BDF_BAD("100000000:00:00.0");	/* domain has up to 8 digits */
}

static void test_parse_bdf_malformed(void **state)
{
	(void)state;
	BDF_BAD("00.0");
	BDF_BAD("0000");
	BDF_BAD("0:0000:01:00.0");	/* three colons */
	BDF_BAD("00:00");
	BDF_BAD("00:00.");
	BDF_BAD("00::00.0");		/* double separator */
	BDF_BAD("00:00..0");
	BDF_BAD(":00.0");
	BDF_BAD("0000:01:00.0x");	/* trailing junk */
	BDF_BAD("0000:01:00.0 ");
	BDF_BAD(" 0000:01:00.0");
	BDF_BAD("-1:00.0");
	BDF_BAD("g0:00.0");
	BDF_BAD("00:00-0");
}

/* ---- VM ids ------------------------------------------------------------ */

#define VM_BAD(s) do {							\
	const char *why_ = NULL;					\
	struct vmm_vmid vm_;						\
	assert_int_equal(vmm_parse_vmid((s), &vm_, &why_), -EINVAL);	\
	assert_why(why_);						\
} while (0)

static void test_parse_vmid_pid_fd(void **state)
{
	struct vmm_vmid vm;
	const char *why = NULL;

	(void)state;
	assert_int_equal(vmm_parse_vmid("1234-5", &vm, &why), 0);
	assert_int_equal(vm.pid, 1234);
	assert_int_equal(vm.fd, 5);
	assert_null(vm.session);

	assert_int_equal(vmm_parse_vmid("1-0", &vm, &why), 0);
	assert_int_equal(vm.pid, 1);
	assert_int_equal(vm.fd, 0);

	assert_int_equal(vmm_parse_vmid("2147483647-2147483647", &vm, &why), 0);
	assert_int_equal(vm.pid, INT32_MAX);
	assert_int_equal(vm.fd, INT32_MAX);
}

static void test_parse_vmid_pid(void **state)
{
	struct vmm_vmid vm;
	const char *why = NULL;

	(void)state;
	assert_int_equal(vmm_parse_vmid("4242", &vm, &why), 0);
	assert_int_equal(vm.pid, 4242);
	assert_int_equal(vm.fd, -1);
	assert_null(vm.session);

	assert_int_equal(vmm_parse_vmid("007", &vm, &why), 0);
	assert_int_equal(vm.pid, 7);
}

static void test_parse_vmid_session(void **state)
{
	static const char name23[] = "abcdefghijklmnopqrstuv0";
	const char *s = "vm0";
	struct vmm_vmid vm;
	const char *why = NULL;

	(void)state;
	assert_int_equal(vmm_parse_vmid(s, &vm, &why), 0);
	assert_ptr_equal(vm.session, s);
	assert_int_equal(vm.pid, 0);
	assert_int_equal(vm.fd, -1);

	assert_int_equal(vmm_parse_vmid("iommufd12", &vm, &why), 0);
	assert_string_equal(vm.session, "iommufd12");

	assert_int_equal(strlen(name23), 23);
	assert_int_equal(vmm_parse_vmid(name23, &vm, &why), 0);
	assert_ptr_equal(vm.session, name23);
}

static void test_parse_vmid_malformed(void **state)
{
	(void)state;
	VM_BAD("");
	VM_BAD("vm");			/* no number */
	VM_BAD("vm0x");
	VM_BAD("vm-0");
	VM_BAD("vm0 ");
	VM_BAD("abcdefghijklmnopqrstuvw0");	/* 24 characters */
	VM_BAD("0");			/* PID 0 */
	VM_BAD("-5");			/* negative / missing PID */
	VM_BAD("12-");			/* missing FD */
	VM_BAD("12--3");		/* double separator */
	VM_BAD("1-2-3");
	VM_BAD("+5");
	VM_BAD("0x10");
	VM_BAD(" 12");
	VM_BAD("12 ");
	VM_BAD("12a");
	VM_BAD("12-3a");
}

static void test_parse_vmid_overflow(void **state)
{
	(void)state;
	VM_BAD("2147483648");		/* INT32_MAX + 1 */
	VM_BAD("99999999999");
	VM_BAD("4294967297");		/* wraps to 1 in 32 bits */
	VM_BAD("12-2147483648");
	VM_BAD("12-99999999999");
}

/* ---- ranges ------------------------------------------------------------ */

#define RANGE_OK(s, a, b) do {						\
	const char *why_ = NULL;					\
	struct vmm_range r_ = { POISON, POISON };			\
	assert_int_equal(vmm_parse_range((s), &r_, &why_), 0);		\
	assert_int_equal(r_.start, (a));				\
	assert_int_equal(r_.end, (b));					\
} while (0)

#define RANGE_BAD(s, err) do {						\
	const char *why_ = NULL;					\
	struct vmm_range r_ = { POISON, POISON };			\
	assert_int_equal(vmm_parse_range((s), &r_, &why_), (err));	\
	assert_int_equal(r_.start, POISON);				\
	assert_int_equal(r_.end, POISON);				\
	assert_why(why_);						\
} while (0)

static void test_parse_range_start_end(void **state)
{
	(void)state;
	RANGE_OK("0x1000-0x2000", 0x1000, 0x2000);
	RANGE_OK("0-1", 0, 1);
	RANGE_OK("1G-2G", 1ull << 30, 2ull << 30);
	RANGE_OK("0-0xffffffffffffffff", 0, UINT64_MAX);
}

static void test_parse_range_start_size(void **state)
{
	(void)state;
	RANGE_OK("0x1000+4K", 0x1000, 0x2000);
	RANGE_OK("4K+4K", 4096, 8192);
	RANGE_OK("0+1", 0, 1);
	RANGE_OK("0xfffffffffffff000+0xfff", 0xfffffffffffff000ull, UINT64_MAX);
}

static void test_parse_range_empty(void **state)
{
	(void)state;
	RANGE_BAD("", -EINVAL);
	RANGE_BAD("-", -EINVAL);
	RANGE_BAD("+", -EINVAL);
	RANGE_BAD("0x1000-", -EINVAL);
	RANGE_BAD("0x1000+", -EINVAL);
	RANGE_BAD("-0x1000", -EINVAL);	/* missing START */
	RANGE_BAD("+0x1000", -EINVAL);
}

static void test_parse_range_no_separator(void **state)
{
	(void)state;
	RANGE_BAD("0x1000", -EINVAL);
	RANGE_BAD("0x1000:0x2000", -EINVAL);
	RANGE_BAD("0x1000..0x2000", -EINVAL);
}

static void test_parse_range_double_separator(void **state)
{
	(void)state;
	RANGE_BAD("0x1000--0x2000", -EINVAL);
	RANGE_BAD("0x1000++0x1000", -EINVAL);
	RANGE_BAD("0x1000-+0x1000", -EINVAL);
	RANGE_BAD("0x1000+-0x1000", -EINVAL);
	RANGE_BAD("1-2-3", -EINVAL);
	RANGE_BAD("1+2+3", -EINVAL);
}

static void test_parse_range_end_not_above_start(void **state)
{
	(void)state;
	RANGE_BAD("0x2000-0x1000", -EINVAL);
	RANGE_BAD("0x1000-0x1000", -EINVAL);
	RANGE_BAD("0-0", -EINVAL);
}

static void test_parse_range_zero_size(void **state)
{
	(void)state;
	RANGE_BAD("0x1000+0", -EINVAL);
	RANGE_BAD("0+0x0", -EINVAL);
	RANGE_BAD("0x1000+0K", -EINVAL);
}

static void test_parse_range_wrap(void **state)
{
	(void)state;
	RANGE_BAD("0xffffffffffffffff+1", -ERANGE);
	RANGE_BAD("0xfffffffffffff000+0x1000", -ERANGE);	/* end would be 2^64 */
	RANGE_BAD("0x8000000000000000+0x8000000000000000", -ERANGE);
	RANGE_BAD("1+0xffffffffffffffff", -ERANGE);
}

static void test_parse_range_overflow(void **state)
{
	(void)state;
	RANGE_BAD("18446744073709551616-18446744073709551617", -ERANGE);
	RANGE_BAD("1-18446744073709551616", -ERANGE);
	RANGE_BAD("0+17179869184G", -ERANGE);
	RANGE_BAD("17179869184G+1", -ERANGE);
}

static void test_parse_range_malformed_numbers(void **state)
{
	(void)state;
	RANGE_BAD("0x-0x1000", -EINVAL);
	RANGE_BAD("0x1000-0x", -EINVAL);
	RANGE_BAD("1P-2P", -EINVAL);
	RANGE_BAD("1 -2", -EINVAL);
	RANGE_BAD("1- 2", -EINVAL);
	RANGE_BAD("1-2 ", -EINVAL);
	RANGE_BAD("abc-def", -EINVAL);
}

/* ---- enum, key=value, on/off ---------------------------------------------- */

static const char *const colours[] = { "red", "green", "blue", NULL };

static void test_parse_enum_valid(void **state)
{
	unsigned int idx = 99;
	const char *why = NULL;

	(void)state;
	assert_int_equal(vmm_parse_enum("red", colours, &idx, &why), 0);
	assert_int_equal(idx, 0);
	assert_int_equal(vmm_parse_enum("blue", colours, &idx, &why), 0);
	assert_int_equal(idx, 2);
}

static void test_parse_enum_invalid(void **state)
{
	static const char *const bad[] = { "", "Red", "RED", "gree", "greens", " red", "red ",
					   "yellow" };
	const char *why;
	unsigned int idx;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		idx = 99;
		assert_int_equal(vmm_parse_enum(bad[i], colours, &idx, &why), -EINVAL);
		assert_int_equal(idx, 99);
		assert_why(why);
	}
	why = NULL;
	assert_int_equal(vmm_parse_enum("red", NULL, &idx, &why), -EINVAL);
	assert_why(why);
}

static void test_parse_kv_valid(void **state)
{
	const char *s = "mode=fast", *key = NULL, *value = NULL, *why = NULL;
	size_t klen = 0;

	(void)state;
	assert_int_equal(vmm_parse_kv(s, &key, &klen, &value, &why), 0);
	assert_ptr_equal(key, s);
	assert_int_equal(klen, 4);
	assert_string_equal(value, "fast");

	assert_int_equal(vmm_parse_kv("a=b=c", &key, &klen, &value, &why), 0);
	assert_int_equal(klen, 1);
	assert_string_equal(value, "b=c");

	assert_int_equal(vmm_parse_kv("k=", &key, &klen, &value, &why), 0);
	assert_int_equal(klen, 1);
	assert_string_equal(value, "");

	assert_int_equal(vmm_parse_kv("A.b-c_9=x y", &key, &klen, &value, &why), 0);
	assert_int_equal(klen, 7);
	assert_string_equal(value, "x y");
}

static void test_parse_kv_invalid(void **state)
{
	static const char *const bad[] = { "", "novalue", "=value", "=", "a b=c", " a=b",
					   "a/b=c", "a:b=c" };
	const char *key, *value, *why;
	size_t klen;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		key = value = NULL;
		assert_int_equal(vmm_parse_kv(bad[i], &key, &klen, &value, &why), -EINVAL);
		assert_null(key);
		assert_null(value);
		assert_why(why);
	}
}

static void test_parse_onoff_valid(void **state)
{
	static const char *const on[] = { "on", "1", "true", "yes" };
	static const char *const off[] = { "off", "0", "false", "no" };
	const char *why = NULL;
	bool v;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		v = false;
		assert_int_equal(vmm_parse_onoff(on[i], &v, &why), 0);
		assert_true(v);
		v = true;
		assert_int_equal(vmm_parse_onoff(off[i], &v, &why), 0);
		assert_false(v);
	}
}

static void test_parse_onoff_invalid(void **state)
{
	static const char *const bad[] = { "", "ON", "Off", "2", "maybe", "on ", " off", "o",
					   "onn", "y" };
	const char *why;
	bool v;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		v = true;
		assert_int_equal(vmm_parse_onoff(bad[i], &v, &why), -EINVAL);
		assert_true(v);
		assert_why(why);
	}
}

/* ---- typed dispatch and type names ------------------------------------ */

static void test_parse_typed_sets_value(void **state)
{
	struct vmm_val v;
	const char *why = NULL;

	(void)state;
	memset(&v, 0, sizeof(v));
	assert_int_equal(vmm_parse_typed(VMM_T_SIZE, NULL, "2M", &v, &why), 0);
	assert_true(v.set);
	assert_string_equal(v.raw, "2M");
	assert_int_equal(v.u, 2ull << 20);

	memset(&v, 0, sizeof(v));
	assert_int_equal(vmm_parse_typed(VMM_T_ADDR, NULL, "0xfee00000", &v, &why), 0);
	assert_int_equal(v.u, 0xfee00000ull);

	memset(&v, 0, sizeof(v));
	assert_int_equal(vmm_parse_typed(VMM_T_RANGE, NULL, "0+4K", &v, &why), 0);
	assert_int_equal(v.range.start, 0);
	assert_int_equal(v.range.end, 4096);

	memset(&v, 0, sizeof(v));
	assert_int_equal(vmm_parse_typed(VMM_T_ENUM, colours, "green", &v, &why), 0);
	assert_int_equal(v.idx, 1);

	memset(&v, 0, sizeof(v));
	assert_int_equal(vmm_parse_typed(VMM_T_BDF, NULL, "00:1f.3", &v, &why), 0);
	assert_int_equal(v.bdf.dev, 0x1f);
	assert_int_equal(v.bdf.fn, 3);

	memset(&v, 0, sizeof(v));
	assert_int_equal(vmm_parse_typed(VMM_T_ONOFF, NULL, "off", &v, &why), 0);
	assert_true(v.set);
	assert_false(v.on);

	memset(&v, 0, sizeof(v));
	assert_int_equal(vmm_parse_typed(VMM_T_STR, NULL, "", &v, &why), 0);
	assert_true(v.set);
}

static void test_parse_typed_failure_leaves_unset(void **state)
{
	struct vmm_val v;
	const char *why;

	(void)state;
	memset(&v, 0, sizeof(v));
	why = NULL;
	assert_int_equal(vmm_parse_typed(VMM_T_U64, NULL, "18446744073709551616", &v, &why),
			 -ERANGE);
	assert_false(v.set);
	assert_why(why);

	why = NULL;
	assert_int_equal(vmm_parse_typed(VMM_T_PATH, NULL, "", &v, &why), -EINVAL);
	assert_false(v.set);
	assert_why(why);

	why = NULL;
	assert_int_equal(vmm_parse_typed(VMM_T_VM, NULL, "vm", &v, &why), -EINVAL);
	assert_false(v.set);
	assert_why(why);

	why = NULL;
	assert_int_equal(vmm_parse_typed(VMM_T_KV, NULL, "x", &v, &why), -EINVAL);
	assert_false(v.set);
	assert_why(why);
}

static void test_parse_type_names(void **state)
{
	(void)state;
	for (int t = 0; t < VMM_T__COUNT; t++) {
		assert_non_null(vmm_type_name((enum vmm_type)t));
		assert_string_not_equal(vmm_type_name((enum vmm_type)t), "?");
		assert_true(vmm_type_expect((enum vmm_type)t)[0] != '\0');
		assert_string_not_equal(vmm_type_expect((enum vmm_type)t), "?");
	}
	assert_string_equal(vmm_type_name(VMM_T_BDF), "bdf");
	assert_string_equal(vmm_type_name(VMM_T__COUNT), "?");
	assert_string_equal(vmm_type_expect(VMM_T__COUNT), "?");
}

/* ---- edit distance --------------------------------------------------------- */

static void test_parse_distance(void **state)
{
	char a32[33], a33[34];

	(void)state;
	assert_int_equal(vmm_distance("host", "host"), 0);
	assert_int_equal(vmm_distance("", ""), 0);
	assert_int_equal(vmm_distance("", "abc"), 3);
	assert_int_equal(vmm_distance("abc", ""), 3);
	assert_int_equal(vmm_distance("hots", "host"), 2);	/* transposition = 2 edits */
	assert_int_equal(vmm_distance("hst", "host"), 1);
	assert_int_equal(vmm_distance("hostt", "host"), 1);
	assert_int_equal(vmm_distance("kitten", "sitting"), 3);
	assert_int_equal(vmm_distance("sitting", "kitten"), 3);
	assert_int_equal(vmm_distance("flaw", "lawn"), 2);

	memset(a32, 'a', 32);
	a32[32] = '\0';
	memset(a33, 'a', 33);
	a33[33] = '\0';
	assert_int_equal(vmm_distance(a32, a32), 0);
	assert_int_equal(vmm_distance(a33, a33), 99);
	assert_int_equal(vmm_distance(a33, "a"), 99);
	assert_int_equal(vmm_distance("a", a33), 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64_decimal),
		cmocka_unit_test(test_parse_u64_hex),
		cmocka_unit_test(test_parse_u64_suffix),
		cmocka_unit_test(test_parse_u64_empty),
		cmocka_unit_test(test_parse_u64_overflow),
		cmocka_unit_test(test_parse_u64_suffix_overflow),
		cmocka_unit_test(test_parse_u64_underscores),
		cmocka_unit_test(test_parse_u64_negative),
		cmocka_unit_test(test_parse_u64_bad_suffix),
		cmocka_unit_test(test_parse_u64_trailing_junk),
		cmocka_unit_test(test_parse_u64_whitespace),
		cmocka_unit_test(test_parse_u64_hex_prefix_alone),
		cmocka_unit_test(test_parse_bdf_valid),
		cmocka_unit_test(test_parse_bdf_empty),
		cmocka_unit_test(test_parse_bdf_out_of_range),
		cmocka_unit_test(test_parse_bdf_malformed),
		cmocka_unit_test(test_parse_vmid_pid_fd),
		cmocka_unit_test(test_parse_vmid_pid),
		cmocka_unit_test(test_parse_vmid_session),
		cmocka_unit_test(test_parse_vmid_malformed),
		cmocka_unit_test(test_parse_vmid_overflow),
		cmocka_unit_test(test_parse_range_start_end),
		cmocka_unit_test(test_parse_range_start_size),
		cmocka_unit_test(test_parse_range_empty),
		cmocka_unit_test(test_parse_range_no_separator),
		cmocka_unit_test(test_parse_range_double_separator),
		cmocka_unit_test(test_parse_range_end_not_above_start),
		cmocka_unit_test(test_parse_range_zero_size),
		cmocka_unit_test(test_parse_range_wrap),
		cmocka_unit_test(test_parse_range_overflow),
		cmocka_unit_test(test_parse_range_malformed_numbers),
		cmocka_unit_test(test_parse_enum_valid),
		cmocka_unit_test(test_parse_enum_invalid),
		cmocka_unit_test(test_parse_kv_valid),
		cmocka_unit_test(test_parse_kv_invalid),
		cmocka_unit_test(test_parse_onoff_valid),
		cmocka_unit_test(test_parse_onoff_invalid),
		cmocka_unit_test(test_parse_typed_sets_value),
		cmocka_unit_test(test_parse_typed_failure_leaves_unset),
		cmocka_unit_test(test_parse_type_names),
		cmocka_unit_test(test_parse_distance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
