// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Session VMs through the dispatcher against the scripted kernel: the ioctl
 * sequence of vm create, the bytes of mem add, nothing issued after a broken
 * rule, slot completion, and the vCPU set-up of vm touch (x86 build).
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
#include "lib/guest.h"
#include "lib/uapi/kvm.h"

#include "mock_sys.h"

#define KVM_FD	3
#define VM_FD	4

static void expect_cap(unsigned long cap, int val)
{
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, cap, val);
}

/* vm create on a kernel with every memory feature; manual protect is enabled. */
static void create_vm0(struct vmm_ctx *ctx)
{
	uint8_t enable[104] = { 0 };
	struct vmm_outcome o;

	mock_expect_open("/dev/kvm", O_RDWR, KVM_FD);
	mock_expect_ioctl_int_fd(KVM_FD, 0xae00, 0, 12);
	mock_expect_ioctl_int_fd(KVM_FD, 0xae01, 0, VM_FD);
	expect_cap(10, 32764);
	expect_cap(118, 0);
	expect_cap(231, 1);
	expect_cap(81, 1);
	expect_cap(234, 1);
	expect_cap(244, 3);
	expect_cap(168, 3);
	put32(enable, 0, 168);
	put64(enable, 8, 1);
	mock_expect_ioctl_fd(VM_FD, 0x4068aea3, enable, sizeof(enable), NULL, 0, 0);
	run(ctx, "vm create", &o);
	assert_false(o.err.set);
	assert_string_equal(json_object_get_string(json_object_object_get(o.result, "name")), "vm0");
	assert_true(json_object_get_boolean(json_object_object_get(o.result,
								   "manual_dirty_protect")));
	vmm_outcome_clear(&o);
}

static void test_vm_create_sequence(void **state)
{
	create_vm0(*state);
}

/*
 * A host without KVM (no node, a regular file, a node that is not KVM,
 * another API version) is exit 4 naming /dev/kvm with host features' reason;
 * no permission is exit 3; nothing past the open is issued and no VM is made.
 */
static void test_vm_create_without_kvm(void **state)
{
	static const struct {
		int open, ver, exit_code;
		const char *why;
	} cases[] = {
		{ -ENOENT, 0, 4, "no /dev/kvm: KVM not built in" },
		{ -ENODEV, 0, 4, "/dev/kvm is not a character device" },
		{ -ENXIO, 0, 4, "no driver" },
		{ KVM_FD, -ENOTTY, 4, "does not answer KVM_GET_API_VERSION" },
		{ KVM_FD, 11, 4, "other than 12" },
		{ -EACCES, 0, 3, "needs root or the kvm group" },
	};
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mock_expect_open("/dev/kvm", O_RDWR, cases[i].open);
		if (cases[i].open >= 0)
			mock_expect_ioctl_int_fd(KVM_FD, 0xae00, 0, cases[i].ver);
		run(ctx, "vm create", &o);
		assert_int_equal(o.exit_code, cases[i].exit_code);
		if (!strstr(o.err.message, cases[i].why))
			fail_msg("case %zu: '%s' lacks '%s'", i, o.err.message, cases[i].why);
		assert_string_equal(o.err.path, "/dev/kvm");
		if (cases[i].exit_code == 4)
			assert_non_null(strstr(o.err.hint, "host features"));
		assert_null(vmm_session_get(ctx, "vm0", NULL));
		vmm_outcome_clear(&o);
	}
}

static void test_vm_create_ipa_bits_x86(void **state)
{
	struct vmm_outcome o;

	run(*state, "vm create --ipa-bits 40", &o);
#if defined(__aarch64__)
	(void)o;
#else
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "arm64 only"));
	vmm_outcome_clear(&o);
#endif
}

static void test_mem_add_anon_bytes(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t want[160] = { 0 };
	struct vmm_outcome o;

	create_vm0(ctx);
	mock_expect_mmap(0x200000, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, 0x7f0000000000, 0);
	put32(want, 0, 7);
	put32(want, 4, 1);		/* KVM_MEM_LOG_DIRTY_PAGES */
	put64(want, 8, 0x40000000);
	put64(want, 16, 0x200000);
	put64(want, 24, 0x7f0000000000);
	mock_expect_ioctl_fd(VM_FD, 0x40a0ae49, want, sizeof(want), NULL, 0, 0);
	run(ctx, "mem add vm0 7 0x40000000 2M --log-dirty", &o);
	assert_false(o.err.set);
	assert_string_equal(json_object_get_string(json_object_object_get(o.result, "hva")),
			    "0x7f0000000000");
	vmm_outcome_clear(&o);

	/* broken rules stop before any call: the mock has nothing scripted */
	run(ctx, "mem add vm0 8 0x40100000 2M", &o);
	assert_int_equal(o.exit_code, 6);
	assert_string_equal(o.err.message, "[0x40100000, 0x40300000) overlaps slot 7 "
			    "[0x40000000, 0x40200000) in address space 0");
	vmm_outcome_clear(&o);
	run(ctx, "mem add vm0 8 0x50000000 2M --as 1", &o);
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "address space 1 is out of range"));
	vmm_outcome_clear(&o);
	run(ctx, "mem add vm0 8 0x50000000 2M --guest-memfd --gmem-flags 4", &o);
	assert_int_equal(o.exit_code, 4);
	assert_non_null(strstr(o.err.message, "KVM_CAP_GUEST_MEMFD_FLAGS"));
	vmm_outcome_clear(&o);

	/* delete keeps the hva (the kernel checks it) and drops the mapping */
	put64(want, 16, 0);
	mock_expect_ioctl_fd(VM_FD, 0x40a0ae49, want, sizeof(want), NULL, 0, 0);
	run(ctx, "mem del vm0 7", &o);
	assert_false(o.err.set);
	assert_true(json_object_get_boolean(json_object_object_get(o.result, "deleted")));
	vmm_outcome_clear(&o);
}

static void test_mem_add_guest_memfd(void **state)
{
	struct vmm_ctx *ctx = *state;
	uint8_t want[160] = { 0 }, gmem[64] = { 0 };
	struct vmm_outcome o;

	create_vm0(ctx);
	put64(gmem, 0, 0x200000);
	put64(gmem, 8, 1);
	mock_expect_ioctl_fd(VM_FD, 0xc040aed4, gmem, sizeof(gmem), NULL, 0, 9);
	mock_expect_mmap(0x200000, PROT_READ | PROT_WRITE, MAP_SHARED, 9, 0, 0x7f0000200000, 0);
	put32(want, 0, 2);
	put32(want, 4, 4);		/* KVM_MEM_GUEST_MEMFD */
	put64(want, 8, 0x200000);
	put64(want, 16, 0x200000);
	put64(want, 24, 0x7f0000200000);
	put32(want, 40, 9);
	mock_expect_ioctl_fd(VM_FD, 0x40a0ae49, want, sizeof(want), NULL, 0, -EINVAL);
	run(ctx, "mem add vm0 2 0x200000 2M --guest-memfd --gmem-flags mmap", &o);
	assert_int_equal(o.exit_code, 1);
	assert_string_equal(o.err.ioctl, "KVM_SET_USER_MEMORY_REGION2");
	/* the failed slot's guest_memfd is not leaked */
	assert_true(mock_fd_closed(9));
	vmm_outcome_clear(&o);
	run(ctx, "mem list vm0", &o);
	assert_int_equal(json_object_array_length(o.result), 0);
	vmm_outcome_clear(&o);
}

static void test_mem_dry_run_issues_nothing(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	json_object *ops, *op;

	create_vm0(ctx);
	run(ctx, "mem add -n vm0 3 0x100000 64K --memfd --readonly", &o);
	assert_false(o.err.set);
	ops = json_object_object_get(o.result, "operations");
	assert_int_equal(json_object_array_length(ops), 2);
	op = json_object_array_get_idx(ops, 1);
	assert_string_equal(json_object_get_string(json_object_object_get(op, "request")),
			    "0x40a0ae49");
	assert_string_equal(json_object_get_string(json_object_object_get(op, "flags")), "0x2");
	vmm_outcome_clear(&o);
}

static void test_slot_completion(void **state)
{
	struct vmm_ctx *ctx = *state;
	char w0[] = "mem", w1[] = "dirty", w2[] = "vm0", w3[] = "1";
	char *words[] = { w0, w1, w2, w3 };
	struct vmm_cands c = { 0 };
	struct vmm_outcome o;

	create_vm0(ctx);
	mock_expect_mmap(0x1000, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, 0x7f0000000000, 0);
	mock_expect_ioctl_fd(VM_FD, 0x40a0ae49, NULL, 0, NULL, 0, 0);
	run(ctx, "mem add vm0 12 0 4K", &o);
	vmm_outcome_clear(&o);
	mock_expect_mmap(0x1000, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0, 0x7f0000001000, 0);
	mock_expect_ioctl_fd(VM_FD, 0x40a0ae49, NULL, 0, NULL, 0, 0);
	run(ctx, "mem add vm0 3 0x1000 4K", &o);
	vmm_outcome_clear(&o);
	vmm_complete(ctx, 4, words, 3, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0], "12");
	vmm_cands_free(&c);
}

#if !defined(__aarch64__)
/* The real-mode set-up: CS based at the code page, BX the first segment, CX the pages. */
static void test_guest_touch_x86_registers(void **state)
{
	static uint8_t run_page[4096];
	struct vmm_sys *s = &((struct vmm_ctx *)*state)->sys;
	struct vmm_guest_vcpu v;
	uint8_t sregs[312] = { 0 }, want_sregs[312] = { 0 }, regs[144] = { 0 };
	uint32_t reason;

	mock_expect_ioctl_int_fd(KVM_FD, 0xae04, 0, 4096);
	mock_expect_ioctl_int_fd(VM_FD, 0xae41, 0, 7);
	mock_expect_mmap(4096, PROT_READ | PROT_WRITE, MAP_SHARED, 7, 0, (uintptr_t)run_page, 0);
	mock_expect_ioctl_int_fd(VM_FD, 0xae47, 0xfffbd000, 0);
	assert_int_equal(vmm_guest_vcpu_create(s, KVM_FD, VM_FD, &v), 0);

	put64(sregs, 0, 0xffff0000);	/* reset CS */
	put32(sregs, 8, 0xffff);
	memcpy(want_sregs, sregs, sizeof(sregs));
	put64(want_sregs, 0, 0x10000);
	want_sregs[12] = 0x00;
	want_sregs[13] = 0x10;		/* selector 0x1000 */
	put64(regs, 8, 0x1000);		/* rbx: segment of 0x10000 */
	put64(regs, 16, 16);		/* rcx: pages */
	put64(regs, 136, 2);		/* rflags */
	mock_expect_ioctl_fd(7, 0x8138ae83, NULL, 0, sregs, sizeof(sregs), 0);
	mock_expect_ioctl_fd(7, 0x4138ae84, want_sregs, sizeof(want_sregs), NULL, 0, 0);
	mock_expect_ioctl_fd(7, 0x4090ae82, regs, sizeof(regs), NULL, 0, 0);
	mock_expect_ioctl_int_fd(7, 0xae80, 0, 0);
	put32(run_page, 8, 5);		/* KVM_EXIT_HLT */
	assert_int_equal(vmm_guest_touch_run(s, VM_FD, &v, 0x10000, 0x10000, 16, 0, &reason), 0);
	assert_int_equal(reason, 5);

	/* an unexpected exit is an error naming it */
	mock_expect_ioctl_fd(7, 0x8138ae83, NULL, 0, sregs, sizeof(sregs), 0);
	mock_expect_ioctl_fd(7, 0x4138ae84, NULL, 0, NULL, 0, 0);
	mock_expect_ioctl_fd(7, 0x4090ae82, NULL, 0, NULL, 0, 0);
	mock_expect_ioctl_int_fd(7, 0xae80, 0, 0);
	put32(run_page, 8, 2);		/* KVM_EXIT_IO */
	assert_int_equal(vmm_guest_touch_run(s, VM_FD, &v, 0x10000, 0x10000, 16, 0, &reason),
			 -EFAULT);
	assert_int_equal(reason, 2);
	/* beyond real mode: refused before any ioctl */
	assert_int_equal(vmm_guest_touch_run(s, VM_FD, &v, 0x10000, 0xff000, 2, 0, &reason),
			 -ERANGE);
}
#endif

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_ctx_setup, unit_ctx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_vm_create_sequence),
		T(test_vm_create_without_kvm),
		T(test_vm_create_ipa_bits_x86),
		T(test_mem_add_anon_bytes),
		T(test_mem_add_guest_memfd),
		T(test_mem_dry_run_issues_nothing),
		T(test_slot_completion),
#if !defined(__aarch64__)
		T(test_guest_touch_x86_registers),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
