// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The iommufd, ioas and device commands through the dispatcher against the
 * scripted kernel: the bytes each command sends, exit codes for the errnos
 * that matter (EOPNOTSUPP of the proposed option is 4, ENOENT 5, E2BIG 1,
 * ENOTTY 4), nothing issued after bad input, --pid through /proc and
 * pidfd_getfd with --force required to change it, dry runs, completion.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "lib/iommufd_proc.h"

#include "unit.h"

#include "cli/cli.h"
#include "mock_sys.h"

#define IOMMUFD	5
#define CDEV	6
#define PIDFD	10
#define GRABBED	11

static const char *jstr(json_object *o, const char *key)
{
	json_object *v = json_object_object_get(o, key);

	assert_non_null(v);
	return json_object_get_string(v);
}

static int64_t jint(json_object *o, const char *key)
{
	json_object *v = json_object_object_get(o, key);

	assert_non_null(v);
	return json_object_get_int64(v);
}

static void open_ctx(struct vmm_ctx *ctx)
{
	struct vmm_outcome o;

	mock_expect_open("/dev/iommu", O_RDWR, IOMMUFD);
	run(ctx, "iommufd open", &o);
	assert_ok(&o);
	assert_string_equal(jstr(o.result, "iommufd"), "iommufd0");
	vmm_outcome_clear(&o);
}

static void alloc_ioas(struct vmm_ctx *ctx, uint32_t id)
{
	uint8_t in[12] = { 0 }, out[12] = { 0 };
	struct vmm_outcome o;

	put32(in, 0, 12);
	memcpy(out, in, 12);
	put32(out, 8, id);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b81, in, 12, out, 12, 0);
	run(ctx, "ioas alloc", &o);
	assert_ok(&o);
	assert_int_equal(jint(o.result, "ioas_id"), id);
	vmm_outcome_clear(&o);
}

/* MOCK_DOMAIN on ioas: selftest object 2, device 3, HWPT 4. */
static void mock_dev(struct vmm_ctx *ctx, uint32_t ioas)
{
	uint8_t in[72] = { 0 }, out[72];
	struct vmm_outcome o;

	put32(in, 0, 72);
	put32(in, 4, 2);
	put32(in, 8, ioas);
	memcpy(out, in, 72);
	put32(out, 16, 2);
	put32(out, 20, 4);
	put32(out, 24, 3);
	mock_expect_ioctl_fd(IOMMUFD, 0x3ba0, in, 72, out, 72, 0);
	run(ctx, "device mock 1", &o);
	assert_ok(&o);
	assert_int_equal(jint(o.result, "dev_id"), 3);
	assert_int_equal(jint(o.result, "selftest_id"), 2);
	assert_int_equal(jint(o.result, "hwpt_id"), 4);
	vmm_outcome_clear(&o);
}

static void option_bytes(uint8_t *b, uint32_t opt, uint16_t op, uint32_t obj, uint64_t val)
{
	memset(b, 0, 24);
	put32(b, 0, 24);
	put32(b, 4, opt);
	put_le(b + 8, op, 2);
	put32(b, 12, obj);
	put64(b, 16, val);
}

/* ---- contexts ---------------------------------------------------------------------- */

static void test_no_context(void **state)
{
	struct vmm_outcome o;

	run(*state, "ioas alloc", &o);
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "no iommufd context is open"));
}

static void test_open_missing_dev(void **state)
{
	struct vmm_outcome o;

	mock_expect_open("/dev/iommu", O_RDWR, -ENOENT);
	run(*state, "iommufd open", &o);
	assert_int_equal(o.exit_code, 4);
	assert_string_equal(o.err.path, "/dev/iommu");
	assert_non_null(strstr(o.err.message, "no /dev/iommu: CONFIG_IOMMUFD off"));
	assert_non_null(strstr(o.err.hint, "host features"));
	vmm_outcome_clear(&o);
	mock_expect_open("/dev/iommu", O_RDWR, -ENODEV);
	run(*state, "iommufd open", &o);
	assert_int_equal(o.exit_code, 4);
	assert_non_null(strstr(o.err.message, "/dev/iommu is not a character device"));
	vmm_outcome_clear(&o);
	mock_expect_open("/dev/iommu", O_RDWR, -EACCES);
	run(*state, "iommufd open", &o);
	assert_int_equal(o.exit_code, 3);
	assert_string_equal(o.err.path, "/dev/iommu");
}

static void test_two_contexts_need_ctx(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t in[12] = { 0 }, out[12] = { 0 };
	struct vmm_outcome o;

	open_ctx(ctx);
	mock_expect_open("/dev/iommu", O_RDWR, 8);
	run(ctx, "iommufd open", &o);
	assert_string_equal(jstr(o.result, "iommufd"), "iommufd1");
	vmm_outcome_clear(&o);
	run(ctx, "ioas alloc", &o);
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "--ctx"));
	put32(in, 0, 12);
	memcpy(out, in, 12);
	put32(out, 8, 1);
	mock_expect_ioctl_fd(8, 0x3b81, in, 12, out, 12, 0);
	run(ctx, "ioas alloc --ctx iommufd1", &o);
	assert_ok(&o);
	assert_string_equal(jstr(o.result, "iommufd"), "iommufd1");
	vmm_outcome_clear(&o);
	run(ctx, "ioas alloc --ctx iommufd7", &o);
	assert_int_equal(o.exit_code, 5);
	run(ctx, "iommufd close --ctx iommufd1", &o);
	assert_ok(&o);
	vmm_outcome_clear(&o);
	assert_true(mock_fd_closed(8));
}

/* ---- options ----------------------------------------------------------------------- */

/*
 * IOMMU_OPTION as sent and answered: the kernel writes val64 back on GET
 * and SET, and that is the value shown. exclusive-ranges answers as a
 * kernel with the RFC would (GET returns the flag, SET 0 clears).
 */
static const struct {
	const char *line;
	uint32_t opt, obj;
	uint16_t op;
	uint64_t val, back;
} option_trips[] = {
	{ "iommufd option get rlimit-mode", 0, 0, 1, 0, 1 },
	{ "iommufd option set rlimit-mode 1", 0, 0, 0, 1, 1 },
	{ "iommufd option set rlimit-mode 0", 0, 0, 0, 0, 0 },
	{ "iommufd option get huge-pages --ioas 1", 1, 1, 1, 0, 1 },
	{ "iommufd option set huge-pages --ioas 1 0", 1, 1, 0, 0, 0 },
	{ "iommufd option get exclusive-ranges --device 3", 2, 3, 1, 0, 1 },
	{ "iommufd option set exclusive-ranges --device 3 1", 2, 3, 0, 1, 1 },
	{ "iommufd option set exclusive-ranges --device 3 0", 2, 3, 0, 0, 0 },
};

static void test_option_round_trips(void **state)
{
	static const char *const names[] = { "rlimit-mode", "huge-pages", "exclusive-ranges" };
	struct vmm_ctx *ctx = *state;
	uint8_t in[24], out[24];
	struct vmm_outcome o;

	open_ctx(ctx);
	for (size_t i = 0; i < sizeof(option_trips) / sizeof(option_trips[0]); i++) {
		option_bytes(in, option_trips[i].opt, option_trips[i].op, option_trips[i].obj,
			     option_trips[i].val);
		option_bytes(out, option_trips[i].opt, option_trips[i].op, option_trips[i].obj,
			     option_trips[i].back);
		mock_expect_ioctl_fd(IOMMUFD, 0x3b87, in, 24, out, 24, 0);
		run(ctx, option_trips[i].line, &o);
		if (o.exit_code)
			fail_msg("'%s': exit %d: %s", option_trips[i].line, o.exit_code,
				 o.err.message);
		assert_string_equal(jstr(o.result, "iommufd"), "iommufd0");
		assert_string_equal(jstr(o.result, "option"), names[option_trips[i].opt]);
		assert_int_equal(jint(o.result, "option_id"), option_trips[i].opt);
		assert_int_equal(jint(o.result, "object_id"), option_trips[i].obj);
		assert_string_equal(jstr(o.result, "op"), option_trips[i].op ? "get" : "set");
		assert_int_equal(jint(o.result, "value"), option_trips[i].back);
		vmm_outcome_clear(&o);
	}
}

/*
 * IOMMU_OPTION's errnos, each from the exact bytes sent: the exit status
 * and the words (message or hint) that explain it to the user.
 */
static const struct {
	const char *line;
	uint32_t opt, obj;
	uint16_t op;
	uint64_t val;
	int err, exit;
	const char *says;
} option_errnos[] = {
	{ "iommufd option set rlimit-mode 1", 0, 0, 0, 1, EPERM, 3, "CAP_SYS_RESOURCE" },
	{ "iommufd option set rlimit-mode 0", 0, 0, 0, 0, EBUSY, 6, "holds no object" },
	{ "iommufd option get rlimit-mode", 0, 0, 1, 0, ENOTTY, 4, "not an iommufd" },
	{ "iommufd option get rlimit-mode", 0, 0, 1, 0, E2BIG, 1, "older than vmmctl's" },
	{ "iommufd option get huge-pages --ioas 7", 1, 7, 1, 0, ENOENT, 5, "not an IOAS" },
	{ "iommufd option set huge-pages --ioas 1 0", 1, 1, 0, 0, EINVAL, 1, "has mappings" },
	{ "iommufd option set huge-pages --ioas 1 1", 1, 1, 0, 1, EOPNOTSUPP, 4,
	  "reserved field" },
	{ "iommufd option get exclusive-ranges --device 3", 2, 3, 1, 0, EOPNOTSUPP, 4,
	  "not supported by this kernel (proposed ABI" },
	{ "iommufd option set exclusive-ranges --device 3 1", 2, 3, 0, 1, EOPNOTSUPP, 4,
	  "not supported by this kernel (proposed ABI" },
	/* the RFC's own errnos are not dressed up as "not supported" */
	{ "iommufd option set exclusive-ranges --device 4 0", 2, 4, 0, 0, ENOENT, 5,
	  "not a device" },
	{ "iommufd option set exclusive-ranges --device 3 1", 2, 3, 0, 1, EINVAL, 1,
	  "option set exclusive-ranges" },
};

static void test_option_errnos(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t in[24];

	open_ctx(ctx);
	for (size_t i = 0; i < sizeof(option_errnos) / sizeof(option_errnos[0]); i++) {
		option_bytes(in, option_errnos[i].opt, option_errnos[i].op, option_errnos[i].obj,
			     option_errnos[i].val);
		mock_expect_ioctl_fd(IOMMUFD, 0x3b87, in, 24, NULL, 0, -option_errnos[i].err);
		run(ctx, option_errnos[i].line, &o);
		if (o.exit_code != option_errnos[i].exit || o.err.err != option_errnos[i].err ||
		    (!strstr(o.err.message, option_errnos[i].says) &&
		     !strstr(o.err.hint, option_errnos[i].says)))
			fail_msg("'%s' answered %d: exit %d, '%s' / '%s' (wanted exit %d, '%s')",
				 option_errnos[i].line, option_errnos[i].err, o.exit_code,
				 o.err.message, o.err.hint, option_errnos[i].exit,
				 option_errnos[i].says);
		if (option_errnos[i].err != EOPNOTSUPP)
			assert_null(strstr(o.err.message, "not supported"));
		if (strcmp(o.err.ioctl, "IOMMU_OPTION"))
			fail_msg("%s: ioctl '%s'", option_errnos[i].line, o.err.ioctl);
	}
}

/*
 * Bad input: exit 2, the message names the bad token, and the strict mock
 * proves nothing reached the kernel (any unscripted syscall fails the test).
 */
static const struct {
	const char *line, *token;
} bad_input[] = {
	{ "iommufd option set huge-pages 1", "--ioas" },
	{ "iommufd option set rlimit-mode 2", "rlimit-mode 2: expected 0 or 1" },
	{ "iommufd option set rlimit-mode", "give the VALUE" },
	{ "iommufd option get rlimit-mode 1", "takes no VALUE (1)" },
	{ "iommufd option get rlimit-mode --ioas 1", "no --ioas" },
	{ "iommufd option get exclusive-ranges", "--device" },
	{ "iommufd option get exclusive-ranges --device 0", "device 0" },
	{ "iommufd option frob rlimit-mode", "frob" },
	{ "iommufd option get huge-page --ioas 1", "huge-page" },
	{ "iommufd destroy 0", "ID 0" },
	{ "iommufd show --probe 70000", "--probe 70000" },
	{ "ioas map 1 64K", "--iova" },
	{ "ioas map 1 --auto --iova 0x1000 64K", "one of them" },
	{ "ioas map 1 --auto 0", "SIZE 0" },
	{ "ioas map 0 --auto 4K", "IOAS 0" },
	{ "ioas map 1 --auto 4K --anon --file /dev/shm/x", "--anon" },
	{ "ioas map 1 --auto 4K --file /dev/shm/x:zz", "zz" },
	{ "ioas unmap 1", "RANGE or --all" },
	{ "ioas unmap 1 0x1000+4K --all", "RANGE or --all" },
	{ "ioas allow 1 0x4000-0x4000", "0x4000-0x4000" },
	{ "ioas copy 0 0x1000+4K 2 --auto", "SRC 0" },
	{ "device attach 0 1", "DEV 0" },
	{ "device hw-info 3 --type 0x100000000", "--type 0x100000000" },
	{ "ioas ranges 1 --pid 0", "--pid 0" },
};

static void test_bad_input(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	open_ctx(ctx);
	for (size_t i = 0; i < sizeof(bad_input) / sizeof(bad_input[0]); i++) {
		run(ctx, bad_input[i].line, &o);
		if (o.exit_code != 2 || !strstr(o.err.message, bad_input[i].token))
			fail_msg("'%s': exit %d, message '%s' (wanted exit 2 naming '%s')",
				 bad_input[i].line, o.exit_code, o.err.message,
				 bad_input[i].token);
		assert_null(o.result);
	}
}

/* ---- ioas --------------------------------------------------------------------------- */

static void test_ioas_map_anon_auto(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t in[40] = { 0 }, out[40];
	struct vmm_outcome o;

	open_ctx(ctx);
	alloc_ioas(ctx, 1);
	mock_expect_mmap(0x10000, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, 0x7f0000000000, 0);
	put32(in, 0, 40);
	put32(in, 4, 6);
	put32(in, 8, 1);
	put64(in, 16, 0x7f0000000000);
	put64(in, 24, 0x10000);
	memcpy(out, in, 40);
	put64(out, 32, 0x1000000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b85, in, 40, out, 40, 0);
	run(ctx, "ioas map 1 --auto 64K", &o);
	assert_ok(&o);
	assert_string_equal(jstr(o.result, "iova"), "0x1000000");
	assert_string_equal(jstr(o.result, "backing"), "anon");
	vmm_outcome_clear(&o);
	/* fixed, read-only */
	mock_expect_mmap(0x1000, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, 0x7f0000100000, 0);
	put32(in, 4, 5);
	put64(in, 16, 0x7f0000100000);
	put64(in, 24, 0x1000);
	put64(in, 32, 0x2000000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b85, in, 40, in, 40, 0);
	run(ctx, "ioas map 1 --iova 0x2000000 4K --readonly", &o);
	assert_ok(&o);
	assert_false(json_object_get_boolean(json_object_object_get(o.result, "writeable")));
	vmm_outcome_clear(&o);
	/* EEXIST from the kernel: exit 6 with the overlap named */
	mock_expect_mmap(0x1000, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, 0x7f0000200000, 0);
	put64(in, 16, 0x7f0000200000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b85, in, 40, NULL, 0, -EEXIST);
	run(ctx, "ioas map 1 --iova 0x2000000 4K --readonly", &o);
	assert_int_equal(o.exit_code, 6);
	assert_non_null(strstr(o.err.hint, "overlaps"));
}

static void test_ioas_map_file(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t in[40] = { 0 }, out[40];
	struct vmm_outcome o;

	open_ctx(ctx);
	mock_expect_open("/dev/shm/guest", O_RDWR, 9);
	put32(in, 0, 40);
	put32(in, 4, 6);
	put32(in, 8, 1);
	put32(in, 12, 9);
	put64(in, 16, 0x2000);
	put64(in, 24, 0x4000);
	memcpy(out, in, 40);
	put64(out, 32, 0x3000000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b8f, in, 40, out, 40, 0);
	run(ctx, "ioas map 1 --auto 16K --file /dev/shm/guest:0x2000", &o);
	assert_ok(&o);
	assert_string_equal(jstr(o.result, "backing"), "file");
	assert_string_equal(jstr(o.result, "offset"), "0x2000");
	vmm_outcome_clear(&o);
}

static void test_ioas_unmap(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t in[24] = { 0 }, out[24];
	struct vmm_outcome o;

	open_ctx(ctx);
	put32(in, 0, 24);
	put32(in, 4, 1);
	put64(in, 8, 0x1000000);
	put64(in, 16, 0x10000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b86, in, 24, in, 24, 0);
	run(ctx, "ioas unmap 1 0x1000000+64K", &o);
	assert_ok(&o);
	assert_int_equal(jint(o.result, "unmapped"), 0x10000);
	vmm_outcome_clear(&o);
	put64(in, 8, 0);
	put64(in, 16, UINT64_MAX);
	memcpy(out, in, 24);
	put64(out, 16, 0x20000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b86, in, 24, out, 24, 0);
	run(ctx, "ioas unmap 1 --all", &o);
	assert_ok(&o);
	assert_int_equal(jint(o.result, "unmapped"), 0x20000);
	vmm_outcome_clear(&o);
	put64(in, 8, 0x5000000);
	put64(in, 16, 0x1000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b86, in, 24, NULL, 0, -ENOENT);
	run(ctx, "ioas unmap 1 0x5000000+4K", &o);
	assert_int_equal(o.exit_code, 5);
	assert_non_null(strstr(o.err.hint, "whole mappings"));
}

static uint8_t allow_want[24];

/* The allowed_iovas pointer is vmmctl's: check the header and the array it points to. */
static int check_allow(const LargestIntegralType value, const LargestIntegralType unused)
{
	const uint8_t *a = (const uint8_t *)(uintptr_t)value;
	const uint8_t *arr;
	uint8_t want[32] = { 0 };
	uint64_t p = 0;

	(void)unused;
	if (memcmp(a, allow_want, 16))
		return 0;
	for (int i = 0; i < 8; i++)
		p |= (uint64_t)a[16 + i] << (8 * i);
	arr = (const uint8_t *)(uintptr_t)p;
	put64(want, 0, 0x4000000);
	put64(want, 8, 0x4ffffff);
	put64(want, 16, 0x8000000);
	put64(want, 24, 0x8000fff);
	return !memcmp(arr, want, 32);
}

static void test_ioas_allow(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	open_ctx(ctx);
	memset(allow_want, 0, sizeof(allow_want));
	put32(allow_want, 0, 24);
	put32(allow_want, 4, 1);
	put32(allow_want, 8, 2);
	expect_value(vmm_sys_ioctl, fd, IOMMUFD);
	expect_value(vmm_sys_ioctl, req, 0x3b82);
	expect_check(vmm_sys_ioctl, arg, check_allow, 0);
	will_return(vmm_sys_ioctl, 0);
	will_return(vmm_sys_ioctl, 0);
	run(ctx, "ioas allow 1 0x4000000+16M 0x8000000-0x8001000", &o);
	assert_ok(&o);
	vmm_outcome_clear(&o);
	run(ctx, "ioas allow 1 0x4000-0x4000", &o);
	assert_int_equal(o.exit_code, 2);
}

static void test_ioas_copy(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t in[40] = { 0 }, out[40];
	struct vmm_outcome o;

	open_ctx(ctx);
	put32(in, 0, 40);
	put32(in, 4, 6);
	put32(in, 8, 5);
	put32(in, 12, 1);
	put64(in, 16, 0x10000);
	put64(in, 32, 0x1000000);
	memcpy(out, in, 40);
	put64(out, 24, 0x9000000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b83, in, 40, out, 40, 0);
	run(ctx, "ioas copy 1 0x1000000+64K 5 --auto", &o);
	assert_ok(&o);
	assert_string_equal(jstr(o.result, "iova"), "0x9000000");
	assert_int_equal(jint(o.result, "src_ioas_id"), 1);
	vmm_outcome_clear(&o);
}

static void test_ioas_ranges_errors(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	open_ctx(ctx);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b84, NULL, 0, NULL, 0, -ENOTTY);
	run(ctx, "ioas ranges 1", &o);
	assert_int_equal(o.exit_code, 4);
	assert_string_equal(o.err.ioctl, "IOMMU_IOAS_IOVA_RANGES");
	mock_expect_ioctl_fd(IOMMUFD, 0x3b84, NULL, 0, NULL, 0, -E2BIG);
	run(ctx, "ioas ranges 1", &o);
	assert_int_equal(o.exit_code, 1);
	assert_non_null(strstr(o.err.hint, "older than vmmctl's"));
}

/* ---- devices ----------------------------------------------------------------------- */

static void test_device_mock_and_hw_info(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t out[40] = { 0 };
	json_object *d, *raw;

	open_ctx(ctx);
	alloc_ioas(ctx, 1);
	mock_dev(ctx, 1);
	/* the reply: 8 bytes of type 0xfeedbeef; the payload itself is the kernel's write */
	put32(out, 0, 40);
	put32(out, 8, 3);
	put32(out, 12, 8);
	put32(out, 24, 0xfeedbeef);
	put64(out, 32, 1);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b8a, NULL, 0, out, 40, 0);
	run(ctx, "device hw-info 3", &o);
	assert_ok(&o);
	assert_string_equal(jstr(o.result, "type"), "selftest");
	assert_string_equal(jstr(o.result, "type_id"), "0xfeedbeef");
	d = json_object_object_get(o.result, "data");
	assert_non_null(d);
	assert_string_equal(jstr(d, "test_reg"), "0x0");
	raw = json_object_object_get(o.result, "raw_words");
	assert_int_equal(json_object_array_length(raw), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
		json_object_object_get(o.result, "capability_names"), 0)), "dirty_tracking");
	vmm_outcome_clear(&o);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b8a, NULL, 0, NULL, 0, -ENOENT);
	run(ctx, "device hw-info 9", &o);
	assert_int_equal(o.exit_code, 5);
}

static void test_device_mock_needs_test_kernel(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	open_ctx(ctx);
	mock_expect_ioctl_fd(IOMMUFD, 0x3ba0, NULL, 0, NULL, 0, -ENOTTY);
	run(ctx, "device mock 1", &o);
	assert_int_equal(o.exit_code, 4);
	assert_non_null(strstr(o.err.message, "CONFIG_IOMMUFD_TEST"));
}

static void test_device_mock_attach_detach_destroy(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t in[72] = { 0 }, out[72], d[8] = { 0 };
	struct vmm_outcome o;

	open_ctx(ctx);
	alloc_ioas(ctx, 1);
	mock_dev(ctx, 1);
	put32(in, 0, 72);
	put32(in, 4, 10);
	put32(in, 8, 2);
	put32(in, 16, 5);
	memcpy(out, in, 72);
	put32(out, 16, 6);
	mock_expect_ioctl_fd(IOMMUFD, 0x3ba0, in, 72, out, 72, 0);
	run(ctx, "device attach 3 5", &o);
	assert_ok(&o);
	assert_int_equal(jint(o.result, "hwpt_id"), 6);
	vmm_outcome_clear(&o);
	run(ctx, "device detach 3", &o);
	assert_int_equal(o.exit_code, 4);
	/* a device is not IOMMU_DESTROYed: refused before the kernel */
	run(ctx, "iommufd destroy 3", &o);
	assert_int_equal(o.exit_code, 2);
	put32(d, 0, 8);
	put32(d, 4, 2);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b80, d, 8, NULL, 0, 0);
	run(ctx, "iommufd destroy 2", &o);
	assert_ok(&o);
	assert_string_equal(jstr(o.result, "kind"), "selftest");
	vmm_outcome_clear(&o);
	/* the mock device went with it */
	run(ctx, "device attach 3 1", &o);
	assert_int_equal(o.exit_code, 5);
}

static void test_device_bind_attach_detach(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t b[24] = { 0 }, bo[24], a[16] = { 0 }, ao[16], dt[12] = { 0 };
	struct vmm_outcome o;

	open_ctx(ctx);
	mock_expect_open("/dev/vfio/devices/vfio0", O_RDWR, CDEV);
	put32(b, 0, 24);
	put32(b, 8, IOMMUFD);
	memcpy(bo, b, 24);
	put32(bo, 12, 7);
	mock_expect_ioctl_fd(CDEV, 0x3b76, b, 24, bo, 24, 0);
	run(ctx, "device bind /dev/vfio/devices/vfio0", &o);
	assert_ok(&o);
	assert_int_equal(jint(o.result, "dev_id"), 7);
	vmm_outcome_clear(&o);
	put32(a, 0, 16);
	put32(a, 8, 1);
	memcpy(ao, a, 16);
	put32(ao, 8, 8);
	mock_expect_ioctl_fd(CDEV, 0x3b77, a, 16, ao, 16, 0);
	run(ctx, "device attach 7 1", &o);
	assert_ok(&o);
	assert_int_equal(jint(o.result, "hwpt_id"), 8);
	vmm_outcome_clear(&o);
	put32(dt, 0, 12);
	mock_expect_ioctl_fd(CDEV, 0x3b78, dt, 12, NULL, 0, 0);
	run(ctx, "device detach 7", &o);
	assert_ok(&o);
	vmm_outcome_clear(&o);
	/* again, not attached: Linux 7.3 answers 0 (the rig's tests/live/vfio.sh) */
	mock_expect_ioctl_fd(CDEV, 0x3b78, dt, 12, NULL, 0, 0);
	run(ctx, "device detach 7", &o);
	assert_ok(&o);
	vmm_outcome_clear(&o);
	/* unknown device id: nothing issued */
	run(ctx, "device detach 9", &o);
	assert_int_equal(o.exit_code, 5);
	/* close: the cdev goes before the context */
	run(ctx, "iommufd close", &o);
	assert_ok(&o);
	vmm_outcome_clear(&o);
	assert_true(mock_fd_closed(CDEV));
	assert_true(mock_fd_closed(IOMMUFD));
}

static void test_device_bind_failure_closes(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	open_ctx(ctx);
	mock_expect_open("/dev/vfio/devices/vfio1", O_RDWR, CDEV);
	mock_expect_ioctl_fd(CDEV, 0x3b76, NULL, 0, NULL, 0, -EINVAL);
	run(ctx, "device bind /dev/vfio/devices/vfio1", &o);
	assert_int_equal(o.exit_code, 1);
	assert_true(mock_fd_closed(CDEV));
}

/* ---- another process's iommufd --------------------------------------------------- */

static const char *const holder_fds[] = {
	"0", "/dev/null", "3", "anon_inode:kvm-vm", "4", "/dev/iommu", NULL
};

/* A VMM in a chroot or jail with its own /dev: its link names ROOT/dev/iommu. */
static void test_link_is_iommufd(void **state)
{
	static const char *const yes[] = { "/dev/iommu", "/opt/qemu/dev/iommu",
					   "/srv/jailer/firecracker/1/root/dev/iommu" };
	static const char *const no[] = { "/dev/iommu0", "dev/iommu", "/dev/iommux", "/x/iommu",
					  "anon_inode:iommufd", "", "/dev/vfio/devices/vfio0" };

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(vmm_iommufd_link_is(yes[i]));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(vmm_iommufd_link_is(no[i]));
}

static void test_pid_option_get(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t in[24], out[24];
	struct vmm_outcome o;

	mock_expect_scan_links("/proc/42/fd", holder_fds);
	mock_expect_pidfd_open(42, PIDFD);
	mock_expect_pidfd_getfd(PIDFD, 4, GRABBED);
	option_bytes(in, 1, 1, 2, 0);
	option_bytes(out, 1, 1, 2, 0);
	mock_expect_ioctl_fd(GRABBED, 0x3b87, in, 24, out, 24, 0);
	run(ctx, "iommufd option get huge-pages --ioas 2 --pid 42", &o);
	assert_ok(&o);
	assert_int_equal(jint(o.result, "pid"), 42);
	assert_int_equal(jint(o.result, "fd"), 4);
	assert_null(json_object_object_get(o.result, "iommufd"));
	vmm_outcome_clear(&o);
	assert_true(mock_fd_closed(PIDFD));
	assert_true(mock_fd_closed(GRABBED));
}

static void test_pid_change_needs_force(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t in[24] = { 0 };
	struct vmm_outcome o;

	run(ctx, "ioas unmap 1 --all --pid 42", &o);
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "--force"));
	/* dry run: the ioctl is shown, nothing grabbed or issued */
	mock_expect_scan_links("/proc/42/fd", holder_fds);
	run(ctx, "-n ioas unmap 1 --all --pid 42", &o);
	assert_ok(&o);
	assert_true(json_object_get_boolean(json_object_object_get(o.result, "dry_run")));
	vmm_outcome_clear(&o);
	mock_expect_scan_links("/proc/42/fd", holder_fds);
	mock_expect_pidfd_open(42, PIDFD);
	mock_expect_pidfd_getfd(PIDFD, 4, GRABBED);
	put32(in, 0, 24);
	put32(in, 4, 1);
	put64(in, 16, UINT64_MAX);
	mock_expect_ioctl_fd(GRABBED, 0x3b86, in, 24, in, 24, 0);
	run(ctx, "ioas unmap 1 --all --pid 42 --force", &o);
	assert_ok(&o);
	vmm_outcome_clear(&o);
}

static void test_pid_errors(void **state)
{
	struct vmm_ctx *ctx = *state;
	static const char *const none[] = { "0", "/dev/null", NULL };
	struct vmm_outcome o;

	mock_expect_scan_links("/proc/43/fd", none);
	run(ctx, "ioas ranges 1 --pid 43", &o);
	assert_int_equal(o.exit_code, 5);
	assert_non_null(strstr(o.err.message, "no /dev/iommu"));
	mock_expect_scan_links_err("/proc/44/fd", ENOENT);
	run(ctx, "ioas ranges 1 --pid 44", &o);
	assert_int_equal(o.exit_code, 5);
	mock_expect_readlink("/proc/42/fd/3", "anon_inode:kvm-vm");
	run(ctx, "ioas ranges 1 --pid 42 --fd 3", &o);
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "not /dev/iommu"));
	mock_expect_scan_links("/proc/42/fd", holder_fds);
	mock_expect_pidfd_open(42, PIDFD);
	mock_expect_pidfd_getfd(PIDFD, 4, -EPERM);
	run(ctx, "ioas ranges 1 --pid 42", &o);
	assert_int_equal(o.exit_code, 3);
	assert_non_null(strstr(o.err.hint, "ptrace"));
	run(ctx, "ioas ranges 1 --fd 4", &o);
	assert_int_equal(o.exit_code, 2);
	run(ctx, "ioas ranges 1 --pid 0", &o);
	assert_int_equal(o.exit_code, 2);
}

/* show --pid probes ids: an IOAS answers IOVA_RANGES, a device GET_HW_INFO. */
static void test_pid_show_probe(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t r[32] = { 0 }, opt[24];
	struct vmm_outcome o;
	json_object *a;

	mock_expect_scan_links("/proc/42/fd", holder_fds);
	mock_expect_pidfd_open(42, PIDFD);
	mock_expect_pidfd_getfd(PIDFD, 4, GRABBED);
	option_bytes(opt, 0, 1, 0, 0);
	mock_expect_ioctl_fd(GRABBED, 0x3b87, opt, 24, opt, 24, 0);	/* rlimit-mode */
	/* id 1: an IOAS with one range */
	put32(r, 0, 32);
	put32(r, 4, 1);
	put32(r, 8, 1);
	mock_expect_ioctl_fd(GRABBED, 0x3b84, NULL, 0, r, 32, -EMSGSIZE);
	mock_expect_ioctl_fd(GRABBED, 0x3b84, NULL, 0, r, 32, 0);
	option_bytes(opt, 1, 1, 1, 1);
	mock_expect_ioctl_fd(GRABBED, 0x3b87, NULL, 0, opt, 24, 0);
	/* id 2: neither */
	mock_expect_ioctl_fd(GRABBED, 0x3b84, NULL, 0, NULL, 0, -ENOENT);
	mock_expect_ioctl_fd(GRABBED, 0x3b8a, NULL, 0, NULL, 0, -ENOENT);
	run(ctx, "iommufd show --pid 42 --probe 2", &o);
	assert_ok(&o);
	a = json_object_object_get(o.result, "ioas");
	assert_int_equal(json_object_array_length(a), 1);
	assert_true(json_object_get_boolean(json_object_object_get(
		json_object_array_get_idx(a, 0), "huge_pages")));
	assert_int_equal(json_object_array_length(json_object_object_get(o.result, "devices")),
			 0);
	assert_int_equal(jint(json_object_object_get(o.result, "probed"), "last"), 2);
	vmm_outcome_clear(&o);
}

/* ---- dry run, completion --------------------------------------------------------- */

static void test_dry_run_issues_nothing(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	json_object *op;

	open_ctx(ctx);
	run(ctx, "-n iommufd option set huge-pages --ioas 1 0", &o);
	assert_ok(&o);
	op = json_object_array_get_idx(json_object_object_get(o.result, "operations"), 0);
	assert_string_equal(jstr(op, "ioctl"), "IOMMU_OPTION");
	assert_string_equal(jstr(op, "request"), "0x3b87");
	assert_int_equal(jint(op, "size"), 24);
	assert_int_equal(jint(op, "option_id"), 1);
	assert_int_equal(jint(op, "op"), 0);
	vmm_outcome_clear(&o);
	run(ctx, "-n ioas map 1 --iova 0x1000000 64K --readonly", &o);
	assert_ok(&o);
	op = json_object_array_get_idx(json_object_object_get(o.result, "operations"), 0);
	assert_string_equal(jstr(op, "request"), "0x3b85");
	assert_int_equal(jint(op, "size"), 40);
	assert_string_equal(jstr(op, "flags"), "0x5");	/* FIXED_IOVA | READABLE */
	assert_int_equal(jint(op, "ioas_id"), 1);
	assert_int_equal(jint(op, "length"), 0x10000);
	assert_string_equal(jstr(op, "iova"), "0x1000000");
	vmm_outcome_clear(&o);
	run(ctx, "-n iommufd destroy 7", &o);
	assert_ok(&o);
	op = json_object_array_get_idx(json_object_object_get(o.result, "operations"), 0);
	assert_string_equal(jstr(op, "request"), "0x3b80");
	assert_int_equal(jint(op, "size"), 8);
	assert_int_equal(jint(op, "id"), 7);
	vmm_outcome_clear(&o);
	/* the open, then BIND on the cdev naming the context's fd */
	run(ctx, "-n device bind /dev/vfio/devices/vfio0", &o);
	assert_ok(&o);
	op = json_object_array_get_idx(json_object_object_get(o.result, "operations"), 0);
	assert_string_equal(jstr(op, "open"), "/dev/vfio/devices/vfio0");
	op = json_object_array_get_idx(json_object_object_get(o.result, "operations"), 1);
	assert_string_equal(jstr(op, "request"), "0x3b76");
	assert_int_equal(jint(op, "argsz"), 24);
	assert_string_equal(jstr(op, "iommufd"), "iommufd0");
	assert_int_equal(jint(op, "iommufd_fd"), IOMMUFD);
	vmm_outcome_clear(&o);
	run(ctx, "-n device mock 1", &o);
	assert_ok(&o);
	op = json_object_array_get_idx(json_object_object_get(o.result, "operations"), 0);
	assert_string_equal(jstr(op, "request"), "0x3ba0");
	assert_int_equal(jint(op, "size"), 72);
	assert_int_equal(jint(op, "op"), 2);
	assert_int_equal(jint(op, "id"), 1);
	vmm_outcome_clear(&o);
}

static void test_completion_of_ids(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_cands c = { 0 };
	char w0[] = "ioas", w1[] = "ranges", w2[] = "", w3[] = "device", w4[] = "hw-info",
	     w5[] = "alloc", w6[] = "--ctx";
	char *ioas_words[] = { w0, w1, w2 };
	char *dev_words[] = { w3, w4, w2 };
	char *ctx_words[] = { w0, w5, w6, w2 };

	open_ctx(ctx);
	alloc_ioas(ctx, 1);
	mock_dev(ctx, 1);
	vmm_complete(ctx, 3, ioas_words, 2, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0], "1");
	vmm_cands_free(&c);
	memset(&c, 0, sizeof(c));
	vmm_complete(ctx, 3, dev_words, 2, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0], "3");
	vmm_cands_free(&c);
	memset(&c, 0, sizeof(c));
	vmm_complete(ctx, 4, ctx_words, 3, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0], "iommufd0");
	vmm_cands_free(&c);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_ctx_setup, unit_ctx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_no_context),
		T(test_open_missing_dev),
		T(test_two_contexts_need_ctx),
		T(test_option_round_trips),
		T(test_option_errnos),
		T(test_bad_input),
		T(test_ioas_map_anon_auto),
		T(test_ioas_map_file),
		T(test_ioas_unmap),
		T(test_ioas_allow),
		T(test_ioas_copy),
		T(test_ioas_ranges_errors),
		T(test_device_mock_and_hw_info),
		T(test_device_mock_needs_test_kernel),
		T(test_device_mock_attach_detach_destroy),
		T(test_device_bind_attach_detach),
		T(test_device_bind_failure_closes),
		cmocka_unit_test(test_link_is_iommufd),
		T(test_pid_option_get),
		T(test_pid_change_needs_force),
		T(test_pid_errors),
		T(test_pid_show_probe),
		T(test_dry_run_issues_nothing),
		T(test_completion_of_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
