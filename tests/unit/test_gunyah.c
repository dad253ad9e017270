// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Gunyah (the v8 RFC ABI, spec B.9): lib/gunyah.c against the scripted
 * kernel, its region rules as a pure function, and vm create / mem add /
 * mem del / mem list on a Gunyah VM through vmm_dispatch. Every expected
 * struct is built byte by byte from the spec's layout, never with the
 * project's own struct.
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

#include "unit.h"

#include "cli/cli.h"
#include "cli/tokenize.h"
#include "lib/gunyah.h"
#include "lib/uapi/rfc-gunyah.h"

#include "mock_sys.h"

/* x86_64 and arm64, the only targets, are little-endian: the literals below assume it */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "little-endian layout");

#define REQ_CREATE_VM	0x4700ul
#define REQ_SET_REGION	0x40204701ul
#define DEV_FD		10
#define VM_FD		11
#define HVA		0x7f0000200000ull
#define ANON_PROT	(PROT_READ | PROT_WRITE)
#define ANON_FLAGS	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)

static int setup(void **state)
{
	struct vmm_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx || vmm_sys_init(&ctx->sys, NULL))
		return -1;
	ctx->prog = "vmmctl";
	mock_sys_reset();
	*state = ctx;
	return 0;
}

static int teardown(void **state)
{
	struct vmm_ctx *ctx = *state;

	vmm_session_close_all(ctx);
	free(ctx);
	return 0;
}

/* ---- helpers ------------------------------------------------------------------- */

/* gh_userspace_memory_region (32): 0 label, 4 flags, 8 gpa, 16 size, 24 hva; LE. */
static void region_bytes(uint8_t b[32], uint32_t label, uint32_t flags, uint64_t gpa,
			 uint64_t size, uint64_t hva)
{
	put_le(b + 0, label, 4);
	put_le(b + 4, flags, 4);
	put_le(b + 8, gpa, 8);
	put_le(b + 16, size, 8);
	put_le(b + 24, hva, 8);
}

static void assert_fail(const struct vmm_outcome *o, enum vmm_code code, int err,
			const char *needle)
{
	assert_true(o->err.set);
	assert_null(o->result);
	assert_int_equal(o->err.code, code);
	assert_int_equal(o->exit_code, (int)code);
	if (err)
		assert_int_equal(o->err.err, err);
	if (needle && !strstr(o->err.message, needle))
		fail_msg("message '%s' does not mention '%s'", o->err.message, needle);
}

static json_object *get(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		fail_msg("no key '%s' in %s", key, json_object_to_json_string(obj));
	return v;
}

static const char *get_str(json_object *obj, const char *key)
{
	return json_object_get_string(get(obj, key));
}

static int64_t get_int(json_object *obj, const char *key)
{
	return json_object_get_int64(get(obj, key));
}

static json_object *op_at(const struct vmm_outcome *o, size_t i)
{
	assert_true(json_object_get_boolean(get(o->result, "dry_run")));
	return json_object_array_get_idx(get(o->result, "operations"), i);
}

static size_t nops(const struct vmm_outcome *o)
{
	return json_object_array_length(get(o->result, "operations"));
}

/* vm create --hv gunyah answered by a scripted /dev/gunyah: vm0 with VM fd 11. */
static void create_vm(struct vmm_ctx *ctx)
{
	struct vmm_outcome o;

	mock_expect_open("/dev/gunyah", O_RDWR, DEV_FD);
	mock_expect_ioctl_int_fd(DEV_FD, REQ_CREATE_VM, 0, VM_FD);
	run(ctx, "vm create --hv gunyah", &o);
	assert_ok(&o);
	assert_string_equal(get_str(o.result, "name"), "vm0");
	assert_string_equal(get_str(o.result, "hv"), "gunyah");
	assert_int_equal(get_int(o.result, "fd"), VM_FD);
	vmm_outcome_clear(&o);
}

/* A successful anonymous mem add of label at gpa, size bytes, with raw flags. */
static void add_region(struct vmm_ctx *ctx, const char *line, uint32_t label, uint32_t flags,
		       uint64_t gpa, uint64_t size, uint64_t hva)
{
	struct vmm_outcome o;
	uint8_t b[32];

	region_bytes(b, label, flags, gpa, size, hva);
	mock_expect_mmap(size, ANON_PROT, ANON_FLAGS, -1, 0, hva, 0);
	mock_expect_ioctl_fd(VM_FD, REQ_SET_REGION, b, sizeof(b), NULL, 0, 0);
	run(ctx, line, &o);
	assert_ok(&o);
	assert_int_equal(get_int(o.result, "label"), label);
	vmm_outcome_clear(&o);
}

static size_t nregions(struct vmm_ctx *ctx)
{
	struct vmm_outcome o;
	size_t n;

	run(ctx, "mem list vm0", &o);
	assert_ok(&o);
	assert_true(json_object_is_type(o.result, json_type_array));
	n = json_object_array_length(o.result);
	/* Gunyah regions are known by their label, KVM slots by their slot */
	for (size_t i = 0; i < n; i++)
		get(json_object_array_get_idx(o.result, i), "label");
	vmm_outcome_clear(&o);
	return n;
}

/* ---- lib/uapi/rfc-gunyah.h and lib/gunyah.c ------------------------------------------ */

static void test_gh_request_numbers(void **state)
{
	(void)state;
	/* _IO('G', 0) and _IOW('G', 1, 32 bytes), spelled out from the encoding */
	assert_int_equal(VMM_GH_CREATE_VM, (0x47ul << 8) | 0x00);
	assert_int_equal(VMM_GH_VM_SET_USER_MEM_REGION,
			 (1ul << 30) | (32ul << 16) | (0x47ul << 8) | 0x01);
	assert_int_equal(VMM_GH_CREATE_VM, REQ_CREATE_VM);
	assert_int_equal(VMM_GH_VM_SET_USER_MEM_REGION, REQ_SET_REGION);
	assert_int_equal(VMM_GH_MEM_ALLOW_READ, 1);
	assert_int_equal(VMM_GH_MEM_ALLOW_WRITE, 2);
	assert_int_equal(VMM_GH_MEM_ALLOW_EXEC, 4);
	assert_int_equal(VMM_GH_MEM_LENT, 8);
}

static void test_gh_open(void **state)
{
	struct vmm_ctx *ctx = *state;

	mock_expect_open("/dev/gunyah", O_RDWR, 5);
	assert_int_equal(vmm_gh_open(&ctx->sys), 5);
	assert_int_equal(ctx->sys.last.err, 0);
}

static void test_gh_open_missing(void **state)
{
	struct vmm_ctx *ctx = *state;

	mock_expect_open("/dev/gunyah", O_RDWR, -ENOENT);
	assert_int_equal(vmm_gh_open(&ctx->sys), -ENOENT);
	assert_int_equal(ctx->sys.last.err, ENOENT);
	assert_string_equal(ctx->sys.last.op, "open");
	assert_string_equal(ctx->sys.last.path, "/dev/gunyah");
}

static void test_gh_create_vm(void **state)
{
	struct vmm_ctx *ctx = *state;

	mock_expect_ioctl_int_fd(5, 0x4700, 0, 6);
	assert_int_equal(vmm_gh_create_vm(&ctx->sys, 5), 6);
	mock_expect_ioctl_int_fd(5, 0x4700, 0, -ENOTTY);
	assert_int_equal(vmm_gh_create_vm(&ctx->sys, 5), -ENOTTY);
	assert_string_equal(ctx->sys.last.what, "GH_CREATE_VM");
}

static void test_gh_set_region_bytes(void **state)
{
	struct vmm_ctx *ctx = *state;
	/* label 7, flags R|W|LENT, gpa 0x80000000, size 2 MiB, hva 0x7f1234560000 */
	static const uint8_t want[32] = {
		0x07, 0x00, 0x00, 0x00,
		0x0b, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x56, 0x34, 0x12, 0x7f, 0x00, 0x00,
	};
	const struct vmm_gh_user_mem_region r = {
		.label = 7,
		.flags = VMM_GH_MEM_ALLOW_READ | VMM_GH_MEM_ALLOW_WRITE | VMM_GH_MEM_LENT,
		.guest_phys_addr = 0x80000000, .memory_size = 0x200000,
		.userspace_addr = 0x7f1234560000ull,
	};

	mock_expect_ioctl_fd(9, 0x40204701, want, sizeof(want), NULL, 0, 0);
	assert_int_equal(vmm_gh_set_region(&ctx->sys, 9, &r), 0);
	assert_int_equal(ctx->sys.last.err, 0);
}

static void test_gh_set_region_remove_bytes(void **state)
{
	struct vmm_ctx *ctx = *state;
	static const uint8_t want[32] = { 0x2a, 0x01 };	/* label 0x12a, all else 0 */
	const struct vmm_gh_user_mem_region r = { .label = 0x12a };

	mock_expect_ioctl_fd(9, 0x40204701, want, sizeof(want), NULL, 0, 0);
	assert_int_equal(vmm_gh_set_region(&ctx->sys, 9, &r), 0);
}

static void test_gh_set_region_error_context(void **state)
{
	struct vmm_ctx *ctx = *state;
	const struct vmm_gh_user_mem_region r = { .label = 1, .memory_size = 0x1000 };

	mock_expect_ioctl_fd(9, 0x40204701, NULL, 0, NULL, 0, -EEXIST);
	assert_int_equal(vmm_gh_set_region(&ctx->sys, 9, &r), -EEXIST);
	assert_int_equal(ctx->sys.last.err, EEXIST);
	assert_string_equal(ctx->sys.last.op, "ioctl");
	assert_string_equal(ctx->sys.last.what, "GH_VM_SET_USER_MEM_REGION");
}

/* ---- the rules ----------------------------------------------------------------------- */

#define PG 0x1000ull

static struct vmm_gh_region reg(uint32_t label, uint64_t gpa, uint64_t size)
{
	struct vmm_gh_region r = {
		.label = label, .flags = VMM_GH_MEM_ALLOW_READ, .gpa = gpa, .size = size,
		.hva = 0x7f0000000000ull,
	};

	return r;
}

static int add_rule(const struct vmm_gh_region *r, const struct vmm_gh_region *cur, int n,
		    int *other)
{
	return vmm_gh_check(VMM_GH_ADD, r, cur, n, PG, other);
}

static void test_rule_ok_and_adjacent(void **state)
{
	const struct vmm_gh_region cur[] = { reg(1, 0x10000, 0x4000), reg(2, 0x20000, PG) };
	struct vmm_gh_region r;
	int other = 7;

	(void)state;
	r = reg(3, 0, PG);
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_OK);
	assert_int_equal(other, -1);
	/* ends exactly where label 1 begins, begins exactly where it ends */
	r = reg(3, 0xf000, PG);
	assert_int_equal(add_rule(&r, cur, 2, &other), VMM_GH_OK);
	r = reg(3, 0x14000, 0xc000);
	assert_int_equal(add_rule(&r, cur, 2, &other), VMM_GH_OK);
	assert_int_equal(other, -1);
}

static void test_rule_flags(void **state)
{
	struct vmm_gh_region r = reg(1, 0, PG);
	int other;

	(void)state;
	r.flags = 0xf;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_OK);
	r.flags = 0;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_OK);
	r.flags = 0x10;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_FLAGS_UNKNOWN);
	r.flags = 0x80000001u;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_FLAGS_UNKNOWN);
	/* the flag check comes first, as in the ioctl handler */
	r.size = 0;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_FLAGS_UNKNOWN);
}

static void test_rule_size(void **state)
{
	struct vmm_gh_region r = reg(1, 0, 0);
	int other;

	(void)state;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_SIZE_ZERO);
	r.size = PG - 1;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_SIZE_ALIGN);
	r.size = PG + 1;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_SIZE_ALIGN);
	r.size = PG;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_OK);
}

static void test_rule_alignment(void **state)
{
	struct vmm_gh_region r = reg(1, 0x800, PG);
	int other;

	(void)state;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_GPA_ALIGN);
	r.gpa = 0x1001;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_GPA_ALIGN);
	r.gpa = 0x1000;
	r.hva = 0x7f0000000010ull;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_HVA_ALIGN);
	r.hva = 0;	/* not mapped yet */
	r.offset = 0x200;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_OFFSET_ALIGN);
	r.offset = 0x3000;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_OK);
	/* size before gpa before hva, like the patch */
	r = reg(1, 0x800, 0x800);
	r.hva = 1;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_SIZE_ALIGN);
	r.size = PG;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_GPA_ALIGN);
}

static void test_rule_wrap(void **state)
{
	struct vmm_gh_region r = reg(1, 0xffffffffffffe000ull, PG);
	int other;

	(void)state;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_OK);	/* ends at 2^64 - 4K */
	r.size = 2 * PG;	/* would end at exactly 2^64 */
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_WRAP);
	r.size = 3 * PG;
	assert_int_equal(add_rule(&r, NULL, 0, &other), VMM_GH_WRAP);
}

static void test_rule_label_exists(void **state)
{
	const struct vmm_gh_region cur[] = { reg(1, 0, PG), reg(5, 0x100000, PG) };
	struct vmm_gh_region r = reg(5, 0x200000, PG);
	int other;

	(void)state;
	assert_int_equal(add_rule(&r, cur, 2, &other), VMM_GH_LABEL_EXISTS);
	assert_int_equal(other, 1);
	/* a label in use wins over an overlap with another label */
	r.gpa = 0;
	assert_int_equal(add_rule(&r, cur, 2, &other), VMM_GH_LABEL_EXISTS);
	assert_int_equal(other, 1);
	/* the request's own shape is judged before the regions in the way */
	r.size = 0x10;
	assert_int_equal(add_rule(&r, cur, 2, &other), VMM_GH_SIZE_ALIGN);
	assert_int_equal(other, -1);
}

static void test_rule_overlap(void **state)
{
	const struct vmm_gh_region cur[] = {
		reg(1, 0, PG), reg(2, 0x10000, 0x4000), reg(3, 0x20000, PG),
	};
	struct vmm_gh_region r;
	int other;

	(void)state;
	r = reg(9, 0xf000, 2 * PG);		/* last page of r is label 2's first */
	assert_int_equal(add_rule(&r, cur, 3, &other), VMM_GH_OVERLAP);
	assert_int_equal(other, 1);
	r = reg(9, 0x13000, 2 * PG);		/* first page of r is label 2's last */
	assert_int_equal(add_rule(&r, cur, 3, &other), VMM_GH_OVERLAP);
	assert_int_equal(other, 1);
	r = reg(9, 0x11000, PG);		/* inside */
	assert_int_equal(add_rule(&r, cur, 3, &other), VMM_GH_OVERLAP);
	assert_int_equal(other, 1);
	r = reg(9, 0x1f000, 0x10000);		/* around label 3 */
	assert_int_equal(add_rule(&r, cur, 3, &other), VMM_GH_OVERLAP);
	assert_int_equal(other, 2);
}

static void test_rule_remove(void **state)
{
	const struct vmm_gh_region cur[] = { reg(1, 0, PG), reg(4, 0x10000, PG) };
	struct vmm_gh_region r = { .label = 4 };
	int other;

	(void)state;
	assert_int_equal(vmm_gh_check(VMM_GH_REMOVE, &r, cur, 2, PG, &other), VMM_GH_OK);
	assert_int_equal(other, 1);
	/* removal reads the label only: the other fields are not judged */
	r.gpa = 0x123;
	r.hva = 0x7;
	assert_int_equal(vmm_gh_check(VMM_GH_REMOVE, &r, cur, 2, PG, &other), VMM_GH_OK);
	r.label = 3;
	assert_int_equal(vmm_gh_check(VMM_GH_REMOVE, &r, cur, 2, PG, &other),
			 VMM_GH_LABEL_UNKNOWN);
	assert_int_equal(other, -1);
	assert_int_equal(vmm_gh_check(VMM_GH_REMOVE, &r, NULL, 0, PG, &other),
			 VMM_GH_LABEL_UNKNOWN);
	r.label = 4;
	r.flags = 0x100;
	assert_int_equal(vmm_gh_check(VMM_GH_REMOVE, &r, cur, 2, PG, &other),
			 VMM_GH_FLAGS_UNKNOWN);
}

static void test_rule_codes_and_names(void **state)
{
	(void)state;
	assert_int_equal(vmm_gh_rule_code(VMM_GH_OK), 0);
	assert_int_equal(vmm_gh_rule_code(VMM_GH_FLAGS_UNKNOWN), EINVAL);
	assert_int_equal(vmm_gh_rule_code(VMM_GH_SIZE_ZERO), EINVAL);
	assert_int_equal(vmm_gh_rule_code(VMM_GH_WRAP), EINVAL);
	assert_int_equal(vmm_gh_rule_code(VMM_GH_LABEL_EXISTS), EEXIST);
	assert_int_equal(vmm_gh_rule_code(VMM_GH_OVERLAP), EEXIST);
	assert_int_equal(vmm_gh_rule_code(VMM_GH_LABEL_UNKNOWN), ENOENT);
	for (int i = 0; i < VMM_GH__COUNT; i++)
		assert_string_not_equal(vmm_gh_rule_name(i), "unknown");
	assert_string_equal(vmm_gh_rule_name(VMM_GH_OVERLAP), "overlap");
	assert_string_equal(vmm_gh_rule_name(VMM_GH_LABEL_EXISTS), "label_exists");
	assert_string_equal(vmm_gh_rule_name(-1), "unknown");
	assert_string_equal(vmm_gh_rule_name(VMM_GH__COUNT), "unknown");
}

static void test_rule_explain(void **state)
{
	struct vmm_gh_region r = reg(9, 0x10000, 0x8000), o = reg(2, 0x14000, 0x4000);
	char buf[400];

	(void)state;
	vmm_gh_explain(VMM_GH_OVERLAP, &r, &o, PG, buf, sizeof(buf));
	assert_string_equal(buf, "[0x10000, 0x18000) overlaps label 2 [0x14000, 0x18000)");
	vmm_gh_explain(VMM_GH_LABEL_EXISTS, &o, &o, PG, buf, sizeof(buf));
	assert_non_null(strstr(buf, "label 2 is already in use by [0x14000, 0x18000)"));
	vmm_gh_explain(VMM_GH_LABEL_UNKNOWN, &r, NULL, PG, buf, sizeof(buf));
	assert_non_null(strstr(buf, "no region with label 9"));
	assert_non_null(strstr(buf, "no-op"));
	r.gpa = 0x10800;
	vmm_gh_explain(VMM_GH_GPA_ALIGN, &r, NULL, PG, buf, sizeof(buf));
	assert_string_equal(buf, "guest_phys_addr 0x10800 is not a multiple of the 4096-byte page");
	r.flags = 0x31;
	vmm_gh_explain(VMM_GH_FLAGS_UNKNOWN, &r, NULL, PG, buf, sizeof(buf));
	assert_non_null(strstr(buf, "bits 0x30"));
	vmm_gh_explain(VMM_GH_SIZE_ZERO, &r, NULL, PG, buf, sizeof(buf));
	assert_non_null(strstr(buf, "'mem del'"));
	/* a short buffer is cut, never overrun */
	vmm_gh_explain(VMM_GH_OVERLAP, &r, &o, PG, buf, 8);
	assert_int_equal(strlen(buf), 7);
}

/* ---- vm create --hv gunyah -------------------------------------------------------------- */

static void test_cmd_create(void **state)
{
	struct vmm_ctx *ctx = *state;

	create_vm(ctx);
	assert_non_null(vmm_session_get(ctx, "vm0", "vm"));
	assert_int_equal(nregions(ctx), 0);
}

static void test_cmd_create_no_dev(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	mock_expect_open("/dev/gunyah", O_RDWR, -ENOENT);
	run(ctx, "vm create --hv gunyah", &o);
	assert_fail(&o, VMM_E_NOTSUP, ENOENT, "proposed ABI");
	assert_non_null(strstr(o.err.message, "no Gunyah VM manager"));
	assert_non_null(strstr(o.err.message, "mainline"));
	assert_string_equal(o.err.path, "/dev/gunyah");
	assert_null(vmm_session_get(ctx, "vm0", NULL));
}

static void test_cmd_create_ioctl_fails(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	mock_expect_open("/dev/gunyah", O_RDWR, DEV_FD);
	mock_expect_ioctl_int_fd(DEV_FD, REQ_CREATE_VM, 0, -ENOTTY);
	run(ctx, "vm create --hv gunyah", &o);
	assert_fail(&o, VMM_E_NOTSUP, ENOTTY, "GH_CREATE_VM");
	assert_string_equal(o.err.ioctl, "GH_CREATE_VM");
	assert_true(mock_fd_closed(DEV_FD));
	assert_null(vmm_session_get(ctx, "vm0", NULL));
}

static void test_cmd_create_dry_run(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	json_object *op;

	run(ctx, "-n vm create --hv gunyah", &o);	/* no scripted call: nothing opened */
	assert_ok(&o);
	assert_int_equal(nops(&o), 1);
	op = op_at(&o, 0);
	assert_string_equal(get_str(op, "open"), "/dev/gunyah");
	assert_string_equal(get_str(op, "ioctl"), "GH_CREATE_VM");
	assert_string_equal(get_str(op, "request"), "0x4700");
	assert_string_equal(get_str(op, "arg"), "0x0");
	vmm_outcome_clear(&o);
	assert_null(vmm_session_get(ctx, "vm0", NULL));
}

static void test_cmd_create_kvm_options(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	run(ctx, "vm create --hv gunyah --type 1", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "GH_CREATE_VM takes no machine type");
}

/* ---- mem add ------------------------------------------------------------------------- */

static void test_cmd_add(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t b[32];

	create_vm(ctx);
	/* R|X|LENT = 0xd */
	region_bytes(b, 3, 0xd, 0x80000000, 0x200000, HVA);
	mock_expect_mmap(0x200000, ANON_PROT, ANON_FLAGS, -1, 0, HVA, 0);
	mock_expect_ioctl_fd(VM_FD, REQ_SET_REGION, b, sizeof(b), NULL, 0, 0);
	run(ctx, "mem add vm0 3 0x80000000 2M --perm rx --lend", &o);
	assert_ok(&o);
	assert_int_equal(json_object_object_length(o.result), 9);
	assert_int_equal(get_int(o.result, "label"), 3);
	assert_string_equal(get_str(o.result, "gpa"), "0x80000000");
	assert_int_equal(get_int(o.result, "size"), 0x200000);
	assert_string_equal(get_str(o.result, "end"), "0x80200000");
	assert_string_equal(get_str(o.result, "perm"), "r-x");
	assert_true(json_object_get_boolean(get(o.result, "lend")));
	assert_string_equal(get_str(o.result, "flags"), "0xd");
	assert_string_equal(get_str(o.result, "backing"), "anon");
	assert_string_equal(get_str(o.result, "hva"), "0x7f0000200000");
	vmm_outcome_clear(&o);
	assert_int_equal(nregions(ctx), 1);
}

static void test_cmd_add_default_perm_and_list(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	json_object *r;

	create_vm(ctx);
	add_region(ctx, "mem add vm0 1 0 1M", 1, 0x7, 0, 0x100000, HVA);
	add_region(ctx, "mem add vm0 2 0x100000 1M --perm w", 2, 0x2, 0x100000, 0x100000,
		   HVA + 0x100000);
	run(ctx, "mem list vm0", &o);
	assert_ok(&o);
	assert_int_equal(json_object_array_length(o.result), 2);
	r = json_object_array_get_idx(o.result, 0);
	assert_int_equal(get_int(r, "label"), 1);
	assert_string_equal(get_str(r, "perm"), "rwx");
	assert_false(json_object_get_boolean(get(r, "lend")));
	assert_string_equal(get_str(r, "flags"), "0x7");
	r = json_object_array_get_idx(o.result, 1);
	assert_string_equal(get_str(r, "perm"), "-w-");
	assert_string_equal(get_str(r, "end"), "0x200000");
	vmm_outcome_clear(&o);
}

static void test_cmd_add_memfd(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t b[32];

	create_vm(ctx);
	region_bytes(b, 4, 0x3, 0x40000000, 0x100000, HVA);
	mock_expect_memfd(12);
	mock_expect_ftruncate(12, 0x100000, 0);
	mock_expect_mmap(0x100000, ANON_PROT, MAP_SHARED, 12, 0, HVA, 0);
	mock_expect_ioctl_fd(VM_FD, REQ_SET_REGION, b, sizeof(b), NULL, 0, 0);
	run(ctx, "mem add vm0 4 0x40000000 1M --memfd --perm rw", &o);
	assert_ok(&o);
	assert_string_equal(get_str(o.result, "backing"), "memfd");
	vmm_outcome_clear(&o);
}

static void test_cmd_add_label_in_use(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	create_vm(ctx);
	add_region(ctx, "mem add vm0 3 0x80000000 2M", 3, 0x7, 0x80000000, 0x200000, HVA);
	/* no mmap and no ioctl are scripted: any call would fail the test */
	run(ctx, "mem add vm0 3 0x90000000 2M", &o);
	assert_fail(&o, VMM_E_BUSY, EEXIST, "label 3 is already in use by [0x80000000, 0x80200000)");
	assert_null(strstr(o.err.message, "refused by the kernel"));
	assert_int_equal(nregions(ctx), 1);
}

static void test_cmd_add_overlap(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	create_vm(ctx);
	add_region(ctx, "mem add vm0 3 0x80000000 2M", 3, 0x7, 0x80000000, 0x200000, HVA);
	run(ctx, "mem add vm0 4 0x80100000 2M", &o);
	assert_fail(&o, VMM_E_BUSY, EEXIST,
		    "[0x80100000, 0x80300000) overlaps label 3 [0x80000000, 0x80200000)");
	assert_non_null(strstr(o.err.hint, "mem list vm0"));
	assert_int_equal(nregions(ctx), 1);
}

static void test_cmd_add_shape_errors(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	create_vm(ctx);
	run(ctx, "mem add vm0 1 0x80000800 1M", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "guest_phys_addr 0x80000800");
	run(ctx, "mem add vm0 1 0x80000000 0x1800", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "memory_size 0x1800");
	run(ctx, "mem add vm0 1 0x80000000 0", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "use 'mem del'");
	/* a zero size would be a removal: refused even when the checks are skipped */
	run(ctx, "mem add vm0 1 0x80000000 0 --no-precheck", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "use 'mem del'");
	run(ctx, "mem add vm0 1 0xfffffffffff00000 2M", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "wraps around");
	run(ctx, "mem add vm0 1 0x80000000 1M --file guest.img:0x800", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "file offset 0x800");
	assert_int_equal(nregions(ctx), 0);
}

static void test_cmd_add_bad_options(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	create_vm(ctx);
	run(ctx, "mem add vm0 1 0 1M --perm rwz", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "'z'");
	run(ctx, "mem add vm0 1 0 1M --readonly", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "--readonly is a KVM option");
	run(ctx, "mem add vm0 1 0 1M --log-dirty", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "--log-dirty");
	run(ctx, "mem add vm0 1 0 1M --guest-memfd", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "--guest-memfd");
	run(ctx, "mem add vm0 1 0 1M --gmem-flags mmap", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "--gmem-flags");
	run(ctx, "mem add vm0 1 0 1M --as 1", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "--as");
	run(ctx, "mem add vm0 0x100000000 0 1M", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "32 bits");
	run(ctx, "mem add vm0 1 0 1M --anon --memfd", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "give one");
}

static void test_cmd_add_dry_run(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	json_object *op;

	create_vm(ctx);
	run(ctx, "-n mem add vm0 5 0x90000000 1M --perm r", &o);
	assert_ok(&o);
	assert_int_equal(nops(&o), 2);
	op = op_at(&o, 0);
	assert_string_equal(get_str(op, "action"), "mmap");
	assert_string_equal(get_str(op, "backing"), "anon");
	assert_int_equal(get_int(op, "length"), 0x100000);
	op = op_at(&o, 1);
	assert_int_equal(json_object_object_length(op), 8);
	assert_string_equal(get_str(op, "ioctl"), "GH_VM_SET_USER_MEM_REGION");
	assert_string_equal(get_str(op, "request"), "0x40204701");
	assert_int_equal(get_int(op, "fd"), VM_FD);
	assert_int_equal(get_int(op, "label"), 5);
	assert_string_equal(get_str(op, "flags"), "0x1");
	assert_string_equal(get_str(op, "guest_phys_addr"), "0x90000000");
	assert_int_equal(get_int(op, "memory_size"), 0x100000);
	assert_string_equal(get_str(op, "userspace_addr"), "from the mmap above");
	vmm_outcome_clear(&o);
	assert_int_equal(nregions(ctx), 0);
	/* a dry run is still checked first */
	add_region(ctx, "mem add vm0 5 0x90000000 1M", 5, 0x7, 0x90000000, 0x100000, HVA);
	run(ctx, "-n mem add vm0 6 0x90000000 1M", &o);
	assert_fail(&o, VMM_E_BUSY, EEXIST, "overlaps label 5");
}

static void test_cmd_add_kernel_eexist_no_precheck(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	char pre[512];
	uint8_t b[32];

	create_vm(ctx);
	add_region(ctx, "mem add vm0 3 0x80000000 2M", 3, 0x7, 0x80000000, 0x200000, HVA);
	run(ctx, "mem add vm0 3 0xa0000000 2M", &o);
	assert_fail(&o, VMM_E_BUSY, EEXIST, "label 3");
	snprintf(pre, sizeof(pre), "%s", o.err.message);

	region_bytes(b, 3, 0x7, 0xa0000000, 0x200000, HVA + 0x400000);
	mock_expect_mmap(0x200000, ANON_PROT, ANON_FLAGS, -1, 0, HVA + 0x400000, 0);
	mock_expect_ioctl_fd(VM_FD, REQ_SET_REGION, b, sizeof(b), NULL, 0, -EEXIST);
	run(ctx, "mem add vm0 3 0xa0000000 2M --no-precheck", &o);
	assert_fail(&o, VMM_E_BUSY, EEXIST, "refused by the kernel: label 3 is already in use");
	assert_string_not_equal(o.err.message, pre);
	assert_string_equal(o.err.ioctl, "GH_VM_SET_USER_MEM_REGION");
	assert_int_equal(nregions(ctx), 1);
}

static void test_cmd_add_kernel_eexist_unexplained(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t b[32];

	create_vm(ctx);
	region_bytes(b, 8, 0x7, 0, 0x100000, HVA);
	mock_expect_mmap(0x100000, ANON_PROT, ANON_FLAGS, -1, 0, HVA, 0);
	mock_expect_ioctl_fd(VM_FD, REQ_SET_REGION, b, sizeof(b), NULL, 0, -EEXIST);
	run(ctx, "mem add vm0 8 0 1M", &o);
	assert_fail(&o, VMM_E_BUSY, EEXIST, "refused by the kernel");
	assert_non_null(strstr(o.err.message, "no region vmmctl added conflicts"));
	assert_int_equal(nregions(ctx), 0);
}

static void test_cmd_add_kernel_einval_no_precheck(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t b[32];

	create_vm(ctx);
	region_bytes(b, 1, 0x7, 0x80000000, 0x1800, HVA);
	mock_expect_mmap(0x1800, ANON_PROT, ANON_FLAGS, -1, 0, HVA, 0);
	mock_expect_ioctl_fd(VM_FD, REQ_SET_REGION, b, sizeof(b), NULL, 0, -EINVAL);
	run(ctx, "mem add vm0 1 0x80000000 0x1800 --no-precheck", &o);
	assert_fail(&o, VMM_E_FAILED, EINVAL, "refused by the kernel: memory_size 0x1800");
	assert_int_equal(nregions(ctx), 0);
}

static void test_cmd_add_mmap_fails(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	create_vm(ctx);
	mock_expect_mmap(0x100000, ANON_PROT, ANON_FLAGS, -1, 0, 0, ENOMEM);
	run(ctx, "mem add vm0 1 0 1M", &o);	/* no ioctl scripted after the failure */
	assert_fail(&o, VMM_E_FAILED, ENOMEM, "cannot map");
	assert_int_equal(nregions(ctx), 0);
}

/* ---- mem del ---------------------------------------------------------------------------- */

static void test_cmd_del(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t b[32];

	create_vm(ctx);
	add_region(ctx, "mem add vm0 3 0x80000000 2M", 3, 0x7, 0x80000000, 0x200000, HVA);
	region_bytes(b, 3, 0, 0, 0, 0);
	mock_expect_ioctl_fd(VM_FD, REQ_SET_REGION, b, sizeof(b), NULL, 0, 0);
	run(ctx, "mem del vm0 3", &o);
	assert_ok(&o);
	assert_int_equal(get_int(o.result, "label"), 3);
	assert_string_equal(get_str(o.result, "gpa"), "0x80000000");
	assert_true(json_object_get_boolean(get(o.result, "deleted")));
	vmm_outcome_clear(&o);
	assert_int_equal(nregions(ctx), 0);
	/* the label is free again */
	add_region(ctx, "mem add vm0 3 0x80000000 2M", 3, 0x7, 0x80000000, 0x200000, HVA);
}

static void test_cmd_del_unknown_label(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	create_vm(ctx);
	run(ctx, "mem del vm0 9", &o);
	assert_fail(&o, VMM_E_NOTFOUND, ENOENT, "no region with label 9");
	assert_non_null(strstr(o.err.message, "no-op"));
	run(ctx, "mem del vm0 9 --no-precheck", &o);
	assert_fail(&o, VMM_E_NOTFOUND, ENOENT, "no region with label 9");
	run(ctx, "-n mem del vm0 9", &o);
	assert_fail(&o, VMM_E_NOTFOUND, ENOENT, "label 9");
}

static void test_cmd_del_dry_run(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	json_object *op;

	create_vm(ctx);
	add_region(ctx, "mem add vm0 3 0x80000000 2M", 3, 0x7, 0x80000000, 0x200000, HVA);
	run(ctx, "-n mem del vm0 3", &o);
	assert_ok(&o);
	assert_int_equal(nops(&o), 1);
	op = op_at(&o, 0);
	assert_string_equal(get_str(op, "ioctl"), "GH_VM_SET_USER_MEM_REGION");
	assert_string_equal(get_str(op, "request"), "0x40204701");
	assert_int_equal(get_int(op, "fd"), VM_FD);
	assert_int_equal(get_int(op, "label"), 3);
	assert_string_equal(get_str(op, "flags"), "0x0");
	assert_string_equal(get_str(op, "guest_phys_addr"), "0x0");
	assert_int_equal(get_int(op, "memory_size"), 0);
	assert_string_equal(get_str(op, "userspace_addr"), "0x0");
	vmm_outcome_clear(&o);
	assert_int_equal(nregions(ctx), 1);
}

static void test_cmd_del_kernel_fails(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t b[32];

	create_vm(ctx);
	add_region(ctx, "mem add vm0 3 0x80000000 2M", 3, 0x7, 0x80000000, 0x200000, HVA);
	region_bytes(b, 3, 0, 0, 0, 0);
	mock_expect_ioctl_fd(VM_FD, REQ_SET_REGION, b, sizeof(b), NULL, 0, -EBUSY);
	run(ctx, "mem del vm0 3", &o);
	assert_fail(&o, VMM_E_BUSY, EBUSY, "removing label 3 was refused by the kernel");
	assert_int_equal(nregions(ctx), 1);
}

static void test_cmd_del_kvm_option(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	create_vm(ctx);
	run(ctx, "mem del vm0 3 --as 1", &o);
	assert_fail(&o, VMM_E_USAGE, EINVAL, "--as is a KVM option");
}

static void test_cmd_kvm_only_commands(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	create_vm(ctx);
	run(ctx, "mem move vm0 3 0x1000", &o);
	assert_fail(&o, VMM_E_NOTSUP, 0, "Gunyah VM");
	run(ctx, "vm caps vm0", &o);
	assert_fail(&o, VMM_E_NOTSUP, 0, "Gunyah VM");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_gh_request_numbers),
		T(test_gh_open),
		T(test_gh_open_missing),
		T(test_gh_create_vm),
		T(test_gh_set_region_bytes),
		T(test_gh_set_region_remove_bytes),
		T(test_gh_set_region_error_context),
		T(test_rule_ok_and_adjacent),
		T(test_rule_flags),
		T(test_rule_size),
		T(test_rule_alignment),
		T(test_rule_wrap),
		T(test_rule_label_exists),
		T(test_rule_overlap),
		T(test_rule_remove),
		T(test_rule_codes_and_names),
		T(test_rule_explain),
		T(test_cmd_create),
		T(test_cmd_create_no_dev),
		T(test_cmd_create_ioctl_fails),
		T(test_cmd_create_dry_run),
		T(test_cmd_create_kvm_options),
		T(test_cmd_add),
		T(test_cmd_add_default_perm_and_list),
		T(test_cmd_add_memfd),
		T(test_cmd_add_label_in_use),
		T(test_cmd_add_overlap),
		T(test_cmd_add_shape_errors),
		T(test_cmd_add_bad_options),
		T(test_cmd_add_dry_run),
		T(test_cmd_add_kernel_eexist_no_precheck),
		T(test_cmd_add_kernel_eexist_unexplained),
		T(test_cmd_add_kernel_einval_no_precheck),
		T(test_cmd_add_mmap_fails),
		T(test_cmd_del),
		T(test_cmd_del_unknown_label),
		T(test_cmd_del_dry_run),
		T(test_cmd_del_kernel_fails),
		T(test_cmd_del_kvm_option),
		T(test_cmd_kvm_only_commands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
