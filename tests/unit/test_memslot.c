// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lib/memslot.c (the slot rules, one case per rule and its boundaries) and
 * the memory ioctls of lib/kvm.c, whose argument bytes are built here from
 * the spec's offsets rather than from the structs under test.
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

#include "unit.h"

#include "lib/kvm.h"
#include "lib/memslot.h"
#include "lib/uapi/kvm.h"

#include "mock_sys.h"

static const struct vmm_memslot_limits lim = {
	.page = 4096, .nr_slots = 32764, .nr_as = 2, .v2 = true, .readonly = true,
	.gmem = true, .gmem_flags = 3,
};

/* slot 1 [1M, 2M) and slot 2 [4M, 8M) in address space 0, slot 1 of as 1 [1M, 2M) */
static const struct vmm_memslot cur[] = {
	{ .id = 1, .gpa = 0x100000, .size = 0x100000, .hva = 0x7f0000000000 },
	{ .id = 2, .gpa = 0x400000, .size = 0x400000, .hva = 0x7f0000100000,
	  .flags = VMM_KVM_MEM_GUEST_MEMFD },
	{ .id = 1u << 16 | 1, .gpa = 0x100000, .size = 0x100000, .hva = 0x7f0000800000 },
};

static int check(enum vmm_memslot_op op, struct vmm_memslot m, int *other)
{
	return vmm_memslot_check(op, &m, cur, 3, &lim, other);
}

static struct vmm_memslot slot(uint32_t id, uint64_t gpa, uint64_t size)
{
	struct vmm_memslot m = { .id = id, .gpa = gpa, .size = size, .hva = 0x7e0000000000 };

	return m;
}

static void test_memslot_ok_and_adjacent(void **state)
{
	int other;

	(void)state;
	/* touching ranges do not overlap: end is exclusive */
	assert_int_equal(check(VMM_MS_ADD, slot(3, 0x200000, 0x200000), &other), VMM_MS_OK);
	assert_int_equal(other, -1);
	assert_int_equal(check(VMM_MS_ADD, slot(3, 0, 0x100000), &other), VMM_MS_OK);
	/* same GPA in another address space is fine */
	assert_int_equal(check(VMM_MS_ADD, slot(1u << 16 | 3, 0x400000, 0x1000), &other),
			 VMM_MS_OK);
}

static void test_memslot_overlap_names_slot(void **state)
{
	int other;

	(void)state;
	assert_int_equal(check(VMM_MS_ADD, slot(3, 0x1ff000, 0x2000), &other), VMM_MS_OVERLAP);
	assert_int_equal(other, 0);
	assert_int_equal(check(VMM_MS_ADD, slot(3, 0x7ff000, 0x1000), &other), VMM_MS_OVERLAP);
	assert_int_equal(other, 1);
	assert_int_equal(check(VMM_MS_ADD, slot(1u << 16 | 3, 0x180000, 0x1000), &other),
			 VMM_MS_OVERLAP);
	assert_int_equal(other, 2);
	assert_int_equal(vmm_memslot_code(VMM_MS_OVERLAP), EEXIST);
}

static void test_memslot_exists_on_add(void **state)
{
	int other;

	(void)state;
	assert_int_equal(check(VMM_MS_ADD, slot(1, 0x900000, 0x1000), &other), VMM_MS_EXISTS);
	assert_int_equal(other, 0);
	assert_int_equal(vmm_memslot_code(VMM_MS_EXISTS), EEXIST);
}

static void test_memslot_alignment_fields(void **state)
{
	struct vmm_memslot m = slot(3, 0x200000, 0x1000);
	int other;

	(void)state;
	m.size = 0x1800;
	assert_int_equal(check(VMM_MS_ADD, m, &other), VMM_MS_SIZE_ALIGN);
	m.size = 0x1000;
	m.gpa = 0x200001;
	assert_int_equal(check(VMM_MS_ADD, m, &other), VMM_MS_GPA_ALIGN);
	m.gpa = 0x200000;
	m.hva += 8;
	assert_int_equal(check(VMM_MS_ADD, m, &other), VMM_MS_HVA_ALIGN);
	m.hva -= 8;
	m.offset = 0x10;
	assert_int_equal(check(VMM_MS_ADD, m, &other), VMM_MS_OFFSET_ALIGN);
	m.offset = 0;
	m.size = 0;
	assert_int_equal(check(VMM_MS_ADD, m, &other), VMM_MS_SIZE_ZERO);
	/* size 0 is a delete, which checks alignment as well */
	m.hva += 8;
	assert_int_equal(check(VMM_MS_DELETE, m, &other), VMM_MS_HVA_ALIGN);
	assert_int_equal(vmm_memslot_code(VMM_MS_HVA_ALIGN), EINVAL);
}

static void test_memslot_ranges(void **state)
{
	int other;

	(void)state;
	assert_int_equal(check(VMM_MS_ADD, slot(32763, 0x900000, 0x1000), &other), VMM_MS_OK);
	assert_int_equal(check(VMM_MS_ADD, slot(32764, 0x900000, 0x1000), &other),
			 VMM_MS_SLOT_RANGE);
	assert_int_equal(check(VMM_MS_ADD, slot(2u << 16 | 3, 0x900000, 0x1000), &other),
			 VMM_MS_AS_RANGE);
	assert_int_equal(check(VMM_MS_ADD, slot(3, 0xfffffffffffff000ull, 0x2000), &other),
			 VMM_MS_WRAP);
	assert_int_equal(check(VMM_MS_ADD, slot(3, 0x10000000000ull, 0x7fffffffull << 12),
			       &other), VMM_MS_OK);
	assert_int_equal(check(VMM_MS_ADD, slot(3, 0x10000000000ull, 0x80000000ull << 12),
			       &other), VMM_MS_TOO_BIG);
}

static void test_memslot_flags(void **state)
{
	struct vmm_memslot m = slot(3, 0x900000, 0x1000);
	struct vmm_memslot_limits l = lim;
	int other;

	(void)state;
	m.flags = VMM_KVM_MEM_GUEST_MEMFD | VMM_KVM_MEM_LOG_DIRTY_PAGES;
	assert_int_equal(check(VMM_MS_ADD, m, &other), VMM_MS_GMEM_COMBO);
	m.flags = VMM_KVM_MEM_GUEST_MEMFD | VMM_KVM_MEM_READONLY;
	assert_int_equal(check(VMM_MS_ADD, m, &other), VMM_MS_GMEM_COMBO);
	m.flags = VMM_KVM_MEM_GUEST_MEMFD;
	m.gmem_flags = 4;
	assert_int_equal(check(VMM_MS_ADD, m, &other), VMM_MS_GMEM_FLAGS);
	m.gmem_flags = 3;
	assert_int_equal(check(VMM_MS_ADD, m, &other), VMM_MS_OK);
	l.v2 = false;
	assert_int_equal(vmm_memslot_check(VMM_MS_ADD, &m, cur, 3, &l, &other), VMM_MS_NEEDS_V2);
	l.gmem = false;
	assert_int_equal(vmm_memslot_check(VMM_MS_ADD, &m, cur, 3, &l, &other), VMM_MS_GMEM_UNSUP);
	m.flags = VMM_KVM_MEM_READONLY;
	l.readonly = false;
	assert_int_equal(vmm_memslot_check(VMM_MS_ADD, &m, cur, 3, &l, &other),
			 VMM_MS_READONLY_UNSUP);
	assert_int_equal(vmm_memslot_code(VMM_MS_READONLY_UNSUP), EOPNOTSUPP);
}

static void test_memslot_move_and_flags(void **state)
{
	struct vmm_memslot m = cur[0];
	int other;

	(void)state;
	/* moving a slot onto its own old range is fine, onto another is not */
	m.gpa = 0x180000;
	assert_int_equal(check(VMM_MS_MOVE, m, &other), VMM_MS_OK);
	m.gpa = 0x3ff000;
	assert_int_equal(check(VMM_MS_MOVE, m, &other), VMM_MS_OVERLAP);
	assert_int_equal(other, 1);
	m = cur[1];
	m.gpa = 0x10000000;
	assert_int_equal(check(VMM_MS_MOVE, m, &other), VMM_MS_GMEM_IMMUTABLE);
	assert_int_equal(check(VMM_MS_FLAGS, cur[1], &other), VMM_MS_GMEM_IMMUTABLE);
	m = cur[0];
	m.flags = VMM_KVM_MEM_LOG_DIRTY_PAGES;
	assert_int_equal(check(VMM_MS_FLAGS, m, &other), VMM_MS_OK);
}

static void test_memslot_explain(void **state)
{
	struct vmm_memslot m = slot(3, 0x1ff000, 0x2000);
	char buf[300];

	(void)state;
	vmm_memslot_explain(VMM_MS_OVERLAP, &m, &cur[0], &lim, buf, sizeof(buf));
	assert_string_equal(buf, "[0x1ff000, 0x201000) overlaps slot 1 [0x100000, 0x200000) "
			    "in address space 0");
	m = slot(40000, 0, 0x1000);
	vmm_memslot_explain(VMM_MS_SLOT_RANGE, &m, NULL, &lim, buf, sizeof(buf));
	assert_string_equal(buf, "slot 40000 is out of range: KVM_CAP_NR_MEMSLOTS is 32764 "
			    "(slots 0-32763)");
	m = slot(3, 0x1001, 0x1000);
	vmm_memslot_explain(VMM_MS_GPA_ALIGN, &m, NULL, &lim, buf, sizeof(buf));
	assert_string_equal(buf, "guest_phys_addr 0x1001 is not a multiple of the 4096-byte page");
	for (int r = 0; r < VMM_MS__COUNT; r++) {
		assert_string_not_equal(vmm_memslot_rule_name(r), "unknown");
		vmm_memslot_explain(r, &m, NULL, &lim, buf, sizeof(buf));
		assert_true(strlen(buf) > 10);
	}
	assert_string_equal(vmm_memslot_rule_name(VMM_MS__COUNT), "unknown");
}

/* ---- lib/kvm.c memory ioctls ------------------------------------------------- */

static const struct vmm_kvm_mem_region2 req = {
	.slot = 0x10003, .flags = 4, .guest_phys_addr = 0x200000, .memory_size = 0x400000,
	.userspace_addr = 0x7f1234560000, .guest_memfd_offset = 0x1000, .guest_memfd = 9,
	.pad1 = 0xdead, .pad2 = { 1, 2 },
};

static void test_kvm_set_region_v2_bytes(void **state)
{
	struct vmm_sys s;
	uint8_t want[160] = { 0 };

	(void)state;
	vmm_sys_init(&s, NULL);
	put32(want, 0, 0x10003);
	put32(want, 4, 4);
	put64(want, 8, 0x200000);
	put64(want, 16, 0x400000);
	put64(want, 24, 0x7f1234560000);
	put64(want, 32, 0x1000);
	put32(want, 40, 9);
	/* pad1 and pad2 go out as zero whatever the caller left there */
	mock_expect_ioctl_fd(5, 0x40a0ae49, want, sizeof(want), NULL, 0, 0);
	assert_int_equal(vmm_kvm_set_region(&s, 5, true, &req), 0);
}

static void test_kvm_set_region_v1_bytes(void **state)
{
	struct vmm_sys s;
	uint8_t want[32] = { 0 };

	(void)state;
	vmm_sys_init(&s, NULL);
	put32(want, 0, 0x10003);
	put32(want, 4, 4);
	put64(want, 8, 0x200000);
	put64(want, 16, 0x400000);
	put64(want, 24, 0x7f1234560000);
	mock_expect_ioctl_fd(5, 0x4020ae46, want, sizeof(want), NULL, 0, -EEXIST);
	assert_int_equal(vmm_kvm_set_region(&s, 5, false, &req), -EEXIST);
	assert_int_equal(s.last.err, EEXIST);
	assert_string_equal(s.last.what, "KVM_SET_USER_MEMORY_REGION");
}

static void test_kvm_create_gmem_bytes(void **state)
{
	struct vmm_sys s;
	uint8_t want[64] = { 0 };

	(void)state;
	vmm_sys_init(&s, NULL);
	put64(want, 0, 0x200000);
	put64(want, 8, 3);
	mock_expect_ioctl_fd(5, 0xc040aed4, want, sizeof(want), NULL, 0, 11);
	assert_int_equal(vmm_kvm_create_gmem(&s, 5, 0x200000, 3), 11);
}

static void test_kvm_dirty_log_bytes(void **state)
{
	uint64_t bm[2] = { 0 }, reply_bits = 0x8001;
	uint8_t want[24] = { 0 }, want_get[16] = { 0 };
	struct vmm_sys s;

	(void)state;
	vmm_sys_init(&s, NULL);
	put32(want_get, 0, 7);
	put64(want_get, 8, (uintptr_t)bm);
	mock_expect_ioctl_fd(5, 0x4010ae42, want_get, sizeof(want_get), NULL, 0, 0);
	assert_int_equal(vmm_kvm_get_dirty_log(&s, 5, 7, bm), 0);
	put32(want, 0, 7);
	put32(want, 4, 128);
	put64(want, 8, 64);
	put64(want, 16, (uintptr_t)&reply_bits);
	mock_expect_ioctl_fd(5, 0xc018aec0, want, sizeof(want), NULL, 0, -EINVAL);
	assert_int_equal(vmm_kvm_clear_dirty_log(&s, 5, 7, 64, 128, &reply_bits), -EINVAL);
	assert_string_equal(s.last.what, "KVM_CLEAR_DIRTY_LOG");
}

static void test_kvm_enable_cap_bytes(void **state)
{
	struct vmm_sys s;
	uint8_t want[104] = { 0 };

	(void)state;
	vmm_sys_init(&s, NULL);
	put32(want, 0, 168);
	put64(want, 8, 1);
	mock_expect_ioctl_fd(5, 0x4068aea3, want, sizeof(want), NULL, 0, 0);
	assert_int_equal(vmm_kvm_enable_cap(&s, 5, 168, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memslot_ok_and_adjacent),
		cmocka_unit_test(test_memslot_overlap_names_slot),
		cmocka_unit_test(test_memslot_exists_on_add),
		cmocka_unit_test(test_memslot_alignment_fields),
		cmocka_unit_test(test_memslot_ranges),
		cmocka_unit_test(test_memslot_flags),
		cmocka_unit_test(test_memslot_move_and_flags),
		cmocka_unit_test(test_memslot_explain),
		cmocka_unit_test(test_kvm_set_region_v2_bytes),
		cmocka_unit_test(test_kvm_set_region_v1_bytes),
		cmocka_unit_test(test_kvm_create_gmem_bytes),
		cmocka_unit_test(test_kvm_dirty_log_bytes),
		cmocka_unit_test(test_kvm_enable_cap_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
