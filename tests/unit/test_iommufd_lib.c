// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lib/iommufd.c and lib/vfio.c against the scripted kernel: for every ioctl
 * the request number, the size field and every byte, built from the spec's
 * offsets (never from the structs under test), and the errno handling
 * (E2BIG, EOPNOTSUPP, ENOENT, ENOTTY, EMSGSIZE).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"

#include "lib/iommufd.h"
#include "lib/iommufd_info.h"
#include "lib/vfio.h"

#include "mock_sys.h"

#define IOMMUFD	5
#define CDEV	6
#define VM_FD	7

static void assert_last(const struct vmm_sys *s, int err, const char *what)
{
	assert_int_equal(s->last.err, err);
	assert_string_equal(s->last.op, "ioctl");
	assert_string_equal(s->last.what, what);
}

static void test_open(void **state)
{
	mock_expect_open("/dev/iommu", O_RDWR, IOMMUFD);
	assert_int_equal(vmm_iommufd_open(*state), IOMMUFD);
	mock_expect_open("/dev/iommu", O_RDWR, -ENOENT);
	assert_int_equal(vmm_iommufd_open(*state), -ENOENT);
}

static void test_destroy(void **state)
{
	uint8_t b[8] = { 0 };

	put32(b, 0, 8);
	put32(b, 4, 7);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b80, b, sizeof(b), NULL, 0, 0);
	assert_int_equal(vmm_iommufd_destroy(*state, IOMMUFD, 7), 0);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b80, b, sizeof(b), NULL, 0, -ENOENT);
	assert_int_equal(vmm_iommufd_destroy(*state, IOMMUFD, 7), -ENOENT);
	assert_last(*state, ENOENT, "IOMMU_DESTROY");
}

static void test_ioas_alloc(void **state)
{
	uint8_t in[12] = { 0 }, out[12] = { 0 };
	uint32_t id = 0;

	put32(in, 0, 12);
	memcpy(out, in, sizeof(in));
	put32(out, 8, 3);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b81, in, sizeof(in), out, sizeof(out), 0);
	assert_int_equal(vmm_iommufd_ioas_alloc(*state, IOMMUFD, &id), 0);
	assert_int_equal(id, 3);
	/* a kernel without iommufd's numbers on this fd */
	mock_expect_ioctl_fd(IOMMUFD, 0x3b81, in, sizeof(in), NULL, 0, -ENOTTY);
	assert_int_equal(vmm_iommufd_ioas_alloc(*state, IOMMUFD, &id), -ENOTTY);
	assert_last(*state, ENOTTY, "IOMMU_IOAS_ALLOC");
}

static void option_bytes(uint8_t *b, uint32_t opt, uint16_t op, uint16_t rsv, uint32_t obj,
			 uint64_t val)
{
	memset(b, 0, 24);
	put32(b, 0, 24);
	put32(b, 4, opt);
	put_le(b + 8, op, 2);
	put_le(b + 10, rsv, 2);
	put32(b, 12, obj);
	put64(b, 16, val);
}

static void test_option_get_rlimit(void **state)
{
	uint8_t in[24], out[24];
	uint64_t v = 99;

	option_bytes(in, 0, 1, 0, 0, 0);
	option_bytes(out, 0, 1, 0, 0, 1);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b87, in, 24, out, 24, 0);
	assert_int_equal(vmm_iommufd_option(*state, IOMMUFD, VMM_IOMMU_OPTION_RLIMIT_MODE,
					    VMM_IOMMU_OPTION_OP_GET, 0, 0, &v), 0);
	assert_int_equal(v, 1);
}

static void test_option_set_huge_pages(void **state)
{
	uint8_t in[24];
	uint64_t v = 0;

	option_bytes(in, 1, 0, 0, 2, 0);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b87, in, 24, in, 24, 0);
	assert_int_equal(vmm_iommufd_option(*state, IOMMUFD, VMM_IOMMU_OPTION_HUGE_PAGES,
					    VMM_IOMMU_OPTION_OP_SET, 2, 0, &v), 0);
	assert_int_equal(v, 0);
}

/* The proposed option 2: id, per-device object, and 7.3's EOPNOTSUPP. */
static void test_option_exclusive_ranges(void **state)
{
	uint8_t in[24];
	uint64_t v = 1;

	option_bytes(in, 2, 0, 0, 4, 1);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b87, in, 24, NULL, 0, -EOPNOTSUPP);
	assert_int_equal(vmm_iommufd_option(*state, IOMMUFD, VMM_IOMMU_OPTION_EXCLUSIVE_RANGES,
					    VMM_IOMMU_OPTION_OP_SET, 4, 0, &v), -EOPNOTSUPP);
	assert_last(*state, EOPNOTSUPP, "IOMMU_OPTION");
	assert_int_equal(v, 1);
	/* the reserved field travels as given, so a probe can see EOPNOTSUPP for it */
	option_bytes(in, 2, 1, 0x5a, 4, 0);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b87, in, 24, NULL, 0, -EOPNOTSUPP);
	assert_int_equal(vmm_iommufd_option(*state, IOMMUFD, 2, 1, 4, 0x5a, &v), -EOPNOTSUPP);
}

static void ranges_bytes(uint8_t *b, uint32_t ioas, uint32_t num, const void *arr, uint64_t al)
{
	memset(b, 0, 32);
	put32(b, 0, 32);
	put32(b, 4, ioas);
	put32(b, 8, num);
	put64(b, 16, (uintptr_t)arr);
	put64(b, 24, al);
}

static void test_ioas_ranges(void **state)
{
	struct vmm_iommu_iova_range r[2] = { { 0, 0 } };
	uint8_t in[32], out[32];
	uint64_t align = 0;
	uint32_t n = 2;

	ranges_bytes(in, 1, 2, r, 0);
	ranges_bytes(out, 1, 1, r, 2048);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b84, in, 32, out, 32, 0);
	assert_int_equal(vmm_iommufd_ioas_ranges(*state, IOMMUFD, 1, r, &n, &align), 0);
	assert_int_equal(n, 1);
	assert_int_equal(align, 2048);
	/* too small: EMSGSIZE and the count needed */
	n = 2;
	ranges_bytes(out, 1, 5, r, 0);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b84, in, 32, out, 32, -EMSGSIZE);
	assert_int_equal(vmm_iommufd_ioas_ranges(*state, IOMMUFD, 1, r, &n, NULL), -EMSGSIZE);
	assert_int_equal(n, 5);
	/* an id that is not an IOAS */
	n = 2;
	mock_expect_ioctl_fd(IOMMUFD, 0x3b84, in, 32, NULL, 0, -ENOENT);
	assert_int_equal(vmm_iommufd_ioas_ranges(*state, IOMMUFD, 1, r, &n, NULL), -ENOENT);
	assert_int_equal(n, 2);
}

/* ranges_all grows its array to what EMSGSIZE asked for (pointer not predictable). */
static void test_ioas_ranges_all_grows(void **state)
{
	struct vmm_iommu_iova_range *r = NULL;
	uint8_t out[32];
	uint32_t n = 0;

	ranges_bytes(out, 1, 9, NULL, 0);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b84, NULL, 0, out, 32, -EMSGSIZE);
	/* the kernel fills the caller's array: the reply can't reach it through the mock */
	ranges_bytes(out, 1, 0, NULL, 4096);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b84, NULL, 0, out, 32, 0);
	assert_int_equal(vmm_iommufd_ioas_ranges_all(*state, IOMMUFD, 1, &r, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_null(r);
}

static void test_ioas_allow(void **state)
{
	struct vmm_iommu_iova_range r[1] = { { 0x100000, 0x1fffff } };
	uint8_t in[24] = { 0 };

	put32(in, 0, 24);
	put32(in, 4, 1);
	put32(in, 8, 1);
	put64(in, 16, (uintptr_t)r);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b82, in, 24, NULL, 0, 0);
	assert_int_equal(vmm_iommufd_ioas_allow(*state, IOMMUFD, 1, r, 1), 0);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b82, in, 24, NULL, 0, -E2BIG);
	assert_int_equal(vmm_iommufd_ioas_allow(*state, IOMMUFD, 1, r, 1), -E2BIG);
	assert_last(*state, E2BIG, "IOMMU_IOAS_ALLOW_IOVAS");
}

static void test_ioas_map(void **state)
{
	uint8_t in[40] = { 0 }, out[40];
	uint64_t iova = 0x123;	/* ignored without FIXED_IOVA */

	put32(in, 0, 40);
	put32(in, 4, 6);	/* READABLE | WRITEABLE */
	put32(in, 8, 1);
	put64(in, 16, 0x7f0000000000);
	put64(in, 24, 0x200000);
	memcpy(out, in, 40);
	put64(out, 32, 0x1000000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b85, in, 40, out, 40, 0);
	assert_int_equal(vmm_iommufd_ioas_map(*state, IOMMUFD, 1, 6, 0x7f0000000000, 0x200000,
					      &iova), 0);
	assert_int_equal(iova, 0x1000000);
	/* fixed */
	put32(in, 4, 7);
	put64(in, 32, 0x2000000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b85, in, 40, in, 40, 0);
	iova = 0x2000000;
	assert_int_equal(vmm_iommufd_ioas_map(*state, IOMMUFD, 1, 7, 0x7f0000000000, 0x200000,
					      &iova), 0);
	assert_int_equal(iova, 0x2000000);
}

static void test_ioas_map_file(void **state)
{
	uint8_t in[40] = { 0 }, out[40];
	uint64_t iova = 0;

	put32(in, 0, 40);
	put32(in, 4, 4);
	put32(in, 8, 2);
	put32(in, 12, 9);
	put64(in, 16, 0x1000);
	put64(in, 24, 0x10000);
	memcpy(out, in, 40);
	put64(out, 32, 0x3000000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b8f, in, 40, out, 40, 0);
	assert_int_equal(vmm_iommufd_ioas_map_file(*state, IOMMUFD, 2, 4, 9, 0x1000, 0x10000,
						   &iova), 0);
	assert_int_equal(iova, 0x3000000);
}

static void test_ioas_copy(void **state)
{
	uint8_t in[40] = { 0 }, out[40];
	uint64_t dst = 0;

	put32(in, 0, 40);
	put32(in, 4, 6);
	put32(in, 8, 3);
	put32(in, 12, 1);
	put64(in, 16, 0x4000);
	put64(in, 32, 0x1000000);
	memcpy(out, in, 40);
	put64(out, 24, 0x5000000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b83, in, 40, out, 40, 0);
	assert_int_equal(vmm_iommufd_ioas_copy(*state, IOMMUFD, 6, 3, 1, 0x4000, 0x1000000, &dst),
			 0);
	assert_int_equal(dst, 0x5000000);
}

static void test_ioas_unmap(void **state)
{
	uint8_t in[24] = { 0 }, out[24];
	uint64_t len = UINT64_MAX;

	put32(in, 0, 24);
	put32(in, 4, 1);
	put64(in, 8, 0);
	put64(in, 16, UINT64_MAX);
	memcpy(out, in, 24);
	put64(out, 16, 0x400000);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b86, in, 24, out, 24, 0);
	assert_int_equal(vmm_iommufd_ioas_unmap(*state, IOMMUFD, 1, 0, &len), 0);
	assert_int_equal(len, 0x400000);
	len = UINT64_MAX;
	mock_expect_ioctl_fd(IOMMUFD, 0x3b86, in, 24, NULL, 0, -ENOENT);
	assert_int_equal(vmm_iommufd_ioas_unmap(*state, IOMMUFD, 1, 0, &len), -ENOENT);
	assert_int_equal(len, UINT64_MAX);
}

static void test_hw_info(void **state)
{
	struct vmm_iommu_hw_info h;
	uint8_t data[64], in[40] = { 0 }, out[40];

	memset(&h, 0xff, sizeof(h));	/* garbage in the fields the library owns */
	h.flags = 0;
	h.dev_id = 3;
	h.data_len = sizeof(data);
	h.data_uptr = (uintptr_t)data;
	put32(in, 0, 40);
	put32(in, 8, 3);
	put32(in, 12, 64);
	put64(in, 16, (uintptr_t)data);
	memcpy(out, in, 40);
	put32(out, 12, 8);
	put32(out, 24, 0xfeedbeef);
	out[28] = 20;
	put64(out, 32, 1);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b8a, in, 40, out, 40, 0);
	assert_int_equal(vmm_iommufd_hw_info(*state, IOMMUFD, &h), 0);
	assert_int_equal(h.data_len, 8);
	assert_int_equal(h.data_type, 0xfeedbeef);
	assert_int_equal(h.out_max_pasid_log2, 20);
	assert_int_equal(h.out_capabilities, 1);
	/* with an input type */
	h.flags = VMM_IOMMU_HW_INFO_FLAG_INPUT_TYPE;
	h.data_type = 2;
	h.data_len = 64;
	put32(in, 4, 1);
	put32(in, 24, 2);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b8a, in, 40, NULL, 0, -EOPNOTSUPP);
	assert_int_equal(vmm_iommufd_hw_info(*state, IOMMUFD, &h), -EOPNOTSUPP);
}

static void test_hwpt_alloc_nest_parent(void **state)
{
	uint8_t in[48] = { 0 }, out[48];
	uint32_t id = 0;

	put32(in, 0, 48);
	put32(in, 4, 1);
	put32(in, 8, 3);
	put32(in, 12, 1);
	memcpy(out, in, 48);
	put32(out, 16, 4);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b89, in, 48, out, 48, 0);
	assert_int_equal(vmm_iommufd_hwpt_alloc(*state, IOMMUFD, VMM_IOMMU_HWPT_ALLOC_NEST_PARENT,
						3, 1, 0, NULL, 0, &id), 0);
	assert_int_equal(id, 4);
	/* a fault id cannot be passed: refused before the kernel */
	assert_int_equal(vmm_iommufd_hwpt_alloc(*state, IOMMUFD,
						VMM_IOMMU_HWPT_ALLOC_FAULT_ID_VALID, 3, 1, 0,
						NULL, 0, &id), -EINVAL);
}

static void test_viommu_vdevice(void **state)
{
	uint8_t in[40] = { 0 }, out[40], vin[24] = { 0 }, vout[24];
	uint32_t vi = 0, vd = 0;

	put32(in, 0, 40);
	put32(in, 8, 0xdeadbeef);
	put32(in, 12, 3);
	put32(in, 16, 4);
	memcpy(out, in, 40);
	put32(out, 20, 5);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b90, in, 40, out, 40, 0);
	assert_int_equal(vmm_iommufd_viommu_alloc(*state, IOMMUFD, 0xdeadbeef, 3, 4, NULL, 0,
						  &vi), 0);
	assert_int_equal(vi, 5);
	put32(vin, 0, 24);
	put32(vin, 4, 5);
	put32(vin, 8, 3);
	put64(vin, 16, 0x10);
	memcpy(vout, vin, 24);
	put32(vout, 12, 6);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b91, vin, 24, vout, 24, 0);
	assert_int_equal(vmm_iommufd_vdevice_alloc(*state, IOMMUFD, 5, 3, 0x10, &vd), 0);
	assert_int_equal(vd, 6);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b91, vin, 24, NULL, 0, -EEXIST);
	assert_int_equal(vmm_iommufd_vdevice_alloc(*state, IOMMUFD, 5, 3, 0x10, &vd), -EEXIST);
}

static void test_mock_domain(void **state)
{
	uint8_t in[72] = { 0 }, out[72];
	struct vmm_iommufd_mock m;

	put32(in, 0, 72);
	put32(in, 4, 2);
	put32(in, 8, 1);
	memcpy(out, in, 72);
	put32(out, 16, 2);
	put32(out, 20, 4);
	put32(out, 24, 3);
	mock_expect_ioctl_fd(IOMMUFD, 0x3ba0, in, 72, out, 72, 0);
	assert_int_equal(vmm_iommufd_test_mock_domain(*state, IOMMUFD, 1, 0, &m), 0);
	assert_int_equal(m.stdev_id, 2);
	assert_int_equal(m.hwpt_id, 4);
	assert_int_equal(m.dev_id, 3);
	/* flags variant */
	put32(in, 4, 12);
	put32(in, 28, 4);
	mock_expect_ioctl_fd(IOMMUFD, 0x3ba0, in, 72, NULL, 0, -ENOTTY);
	assert_int_equal(vmm_iommufd_test_mock_domain(*state, IOMMUFD, 1,
						      VMM_MOCK_FLAGS_DEVICE_PASID, &m), -ENOTTY);
	assert_last(*state, ENOTTY, "IOMMU_TEST_CMD");
}

/* ---- lib/vfio.c ------------------------------------------------------------ */

static void test_vfio_bind(void **state)
{
	uint8_t in[24] = { 0 }, out[24];
	const uint8_t token[16] = { 1, 2, 3 };
	uint32_t dev = 0;

	mock_expect_open("/dev/vfio/devices/vfio0", O_RDWR, CDEV);
	assert_int_equal(vmm_vfio_open(*state, "/dev/vfio/devices/vfio0"), CDEV);
	put32(in, 0, 24);
	put32(in, 8, IOMMUFD);
	memcpy(out, in, 24);
	put32(out, 12, 3);
	mock_expect_ioctl_fd(CDEV, 0x3b76, in, 24, out, 24, 0);
	assert_int_equal(vmm_vfio_bind(*state, CDEV, IOMMUFD, NULL, &dev), 0);
	assert_int_equal(dev, 3);
	put32(in, 4, 1);
	put64(in, 16, (uintptr_t)token);
	mock_expect_ioctl_fd(CDEV, 0x3b76, in, 24, NULL, 0, -EINVAL);
	assert_int_equal(vmm_vfio_bind(*state, CDEV, IOMMUFD, token, &dev), -EINVAL);
	assert_last(*state, EINVAL, "VFIO_DEVICE_BIND_IOMMUFD");
}

static void test_vfio_attach_detach(void **state)
{
	uint8_t in[16] = { 0 }, out[16], d[12] = { 0 };
	uint32_t pt = 1;

	put32(in, 0, 16);
	put32(in, 8, 1);
	memcpy(out, in, 16);
	put32(out, 8, 4);
	mock_expect_ioctl_fd(CDEV, 0x3b77, in, 16, out, 16, 0);
	assert_int_equal(vmm_vfio_attach(*state, CDEV, -1, &pt), 0);
	assert_int_equal(pt, 4);
	put32(in, 4, 1);
	put32(in, 12, 5);
	pt = 1;
	mock_expect_ioctl_fd(CDEV, 0x3b77, in, 16, NULL, 0, -EBUSY);
	assert_int_equal(vmm_vfio_attach(*state, CDEV, 5, &pt), -EBUSY);
	assert_int_equal(pt, 1);
	put32(d, 0, 12);
	mock_expect_ioctl_fd(CDEV, 0x3b78, d, 12, NULL, 0, 0);
	assert_int_equal(vmm_vfio_detach(*state, CDEV, -1), 0);
}

static int check_file_attr(const LargestIntegralType value, const LargestIntegralType want)
{
	const uint8_t *a = (const uint8_t *)(uintptr_t)value;
	uint8_t head[16] = { 0 };
	int32_t fd;
	uint64_t addr = 0;

	put32(head, 4, 1);
	put64(head, 8, (uint64_t)want);
	if (memcmp(a, head, 16))
		return 0;
	for (int i = 0; i < 8; i++)
		addr |= (uint64_t)a[16 + i] << (8 * i);
	memcpy(&fd, (const void *)(uintptr_t)addr, 4);
	return fd == CDEV;
}

static void test_kvm_vfio_device(void **state)
{
	uint8_t in[12] = { 0 }, out[12];

	put32(in, 0, 4);
	memcpy(out, in, 12);
	put32(out, 4, 11);
	mock_expect_ioctl_fd(VM_FD, 0xc00caee0, in, 12, out, 12, 0);
	assert_int_equal(vmm_kvm_vfio_create(*state, VM_FD), 11);
	/* group FILE, attr ADD (1), addr -> the cdev fd as s32 */
	expect_value(vmm_sys_ioctl, fd, 11);
	expect_value(vmm_sys_ioctl, req, 0x4018aee1);
	expect_check(vmm_sys_ioctl, arg, check_file_attr, 1);
	will_return(vmm_sys_ioctl, 0);
	will_return(vmm_sys_ioctl, 0);
	assert_int_equal(vmm_kvm_vfio_file(*state, 11, CDEV, 1), 0);
	expect_value(vmm_sys_ioctl, fd, 11);
	expect_value(vmm_sys_ioctl, req, 0x4018aee1);
	expect_check(vmm_sys_ioctl, arg, check_file_attr, 2);
	will_return(vmm_sys_ioctl, 0);
	will_return(vmm_sys_ioctl, -ENXIO);
	assert_int_equal(vmm_kvm_vfio_file(*state, 11, CDEV, 0), -ENXIO);
}

/* ---- lib/iommufd_info.c ----------------------------------------------------- */

static void test_hw_info_decode_types(void **state)
{
	struct vmm_hw_field f[VMM_HW_FIELDS_MAX];
	uint8_t d[40] = { 0 };

	(void)state;
	/* VT-d: flags@0, cap_reg@8, ecap_reg@16 */
	put32(d, 0, 1);
	put64(d, 8, 0xd2008c40660462ull);
	put64(d, 16, 0xf050daull);
	assert_int_equal(vmm_iommufd_hw_info_decode(1, d, 24, f, VMM_HW_FIELDS_MAX), 3);
	assert_string_equal(f[1].name, "cap_reg");
	assert_int_equal(f[1].value, 0xd2008c40660462ull);
	assert_int_equal(f[2].value, 0xf050da);
	assert_int_equal(f[2].index, -1);
	assert_int_equal(vmm_iommufd_hw_info_decode(1, d, 23, f, VMM_HW_FIELDS_MAX), 0);
	/* SMMUv3: flags@0, idr[6]@8, iidr@32, aidr@36 */
	memset(d, 0, sizeof(d));
	for (int i = 0; i < 6; i++)
		put32(d, 8 + 4 * i, 0x100u + (uint32_t)i);
	put32(d, 32, 0x43b);
	put32(d, 36, 0x2);
	assert_int_equal(vmm_iommufd_hw_info_decode(2, d, 40, f, VMM_HW_FIELDS_MAX), 9);
	assert_string_equal(f[1].name, "idr");
	assert_int_equal(f[1].index, 0);
	assert_int_equal(f[6].index, 5);
	assert_int_equal(f[6].value, 0x105);
	assert_string_equal(f[7].name, "iidr");
	assert_int_equal(f[7].value, 0x43b);
	assert_int_equal(f[8].value, 2);
	/* a short buffer for the fields asked: only max are written */
	assert_int_equal(vmm_iommufd_hw_info_decode(2, d, 40, f, 3), 3);
	/* AMD: efr@0, efr2@8 */
	put64(d, 0, 0x246577efa2254afaull);
	put64(d, 8, 0x10ull);
	assert_int_equal(vmm_iommufd_hw_info_decode(4, d, 16, f, VMM_HW_FIELDS_MAX), 2);
	assert_int_equal(f[0].value, 0x246577efa2254afaull);
	/* the mock */
	put32(d, 0, 0);
	put32(d, 4, 0xdeadbeef);
	assert_int_equal(vmm_iommufd_hw_info_decode(0xfeedbeef, d, 8, f, VMM_HW_FIELDS_MAX), 2);
	assert_string_equal(f[1].name, "test_reg");
	assert_int_equal(f[1].value, 0xdeadbeef);
	/* raw only */
	assert_int_equal(vmm_iommufd_hw_info_decode(3, d, 8, f, VMM_HW_FIELDS_MAX), 0);
	assert_int_equal(vmm_iommufd_hw_info_decode(0, d, 40, f, VMM_HW_FIELDS_MAX), 0);
	assert_string_equal(vmm_iommufd_hw_info_type_name(3), "tegra241_cmdqv");
	assert_string_equal(vmm_iommufd_hw_info_type_name(0xfeedbeef), "selftest");
	assert_string_equal(vmm_iommufd_hw_info_type_name(77), "unknown");
}

/* the SMMUv3 register fields, at the bit positions of the SMMUv3 architecture */
static uint32_t smmuv3_field(const struct vmm_smmuv3_bits *b, int n, const char *name,
			     const char *reg, unsigned int width)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(b[i].name, name)) {
			assert_string_equal(b[i].reg, reg);
			assert_int_equal(b[i].width, width);
			return b[i].value;
		}
	fail_msg("no field %s", name);
	return 0;
}

static void test_smmuv3_bits(void **state)
{
	struct vmm_smmuv3_bits b[VMM_SMMUV3_BITS_MAX];
	uint8_t d[40] = { 0 };
	int n;

	(void)state;
	/* IDR0: S2P, S1P, TTF=2 (AArch64), COHACC, VMID16, ST_LEVEL=1 (2-level) */
	put32(d, 8, (1u << 0) | (1u << 1) | (2u << 2) | (1u << 4) | (1u << 18) | (1u << 27));
	/* IDR1: SIDSIZE 16, SSIDSIZE 20, CMDQS 19 */
	put32(d, 12, 16u | (20u << 6) | (19u << 21));
	/* IDR3: RIL, BBML 2 */
	put32(d, 20, (1u << 10) | (2u << 11));
	/* IDR5: OAS 5 (48 bits), GRAN4K, GRAN64K, VAX 1, STALL_MAX 0x80 */
	put32(d, 28, 5u | (1u << 4) | (1u << 6) | (1u << 10) | (0x80u << 16));
	/* IIDR: implementer 0x43b (Arm), revision 1, variant 2, product 0x481 */
	put32(d, 32, 0x43bu | (1u << 12) | (2u << 16) | (0x481u << 20));
	/* AIDR: SMMUv3.1 */
	put32(d, 36, 0x01);
	n = vmm_iommufd_smmuv3_bits(d, 40, b, VMM_SMMUV3_BITS_MAX);
	assert_true(n > 30);
	assert_int_equal(smmuv3_field(b, n, "s2p", "idr0", 1), 1);
	assert_int_equal(smmuv3_field(b, n, "s1p", "idr0", 1), 1);
	assert_int_equal(smmuv3_field(b, n, "ttf", "idr0", 2), 2);
	assert_int_equal(smmuv3_field(b, n, "cohacc", "idr0", 1), 1);
	assert_int_equal(smmuv3_field(b, n, "btm", "idr0", 1), 0);
	assert_int_equal(smmuv3_field(b, n, "vmid16", "idr0", 1), 1);
	assert_int_equal(smmuv3_field(b, n, "asid16", "idr0", 1), 0);
	assert_int_equal(smmuv3_field(b, n, "st_level", "idr0", 2), 1);
	assert_int_equal(smmuv3_field(b, n, "sidsize", "idr1", 6), 16);
	assert_int_equal(smmuv3_field(b, n, "ssidsize", "idr1", 5), 20);
	assert_int_equal(smmuv3_field(b, n, "cmdqs", "idr1", 5), 19);
	assert_int_equal(smmuv3_field(b, n, "ril", "idr3", 1), 1);
	assert_int_equal(smmuv3_field(b, n, "bbml", "idr3", 2), 2);
	assert_int_equal(smmuv3_field(b, n, "oas", "idr5", 3), 5);
	assert_int_equal(smmuv3_field(b, n, "gran4k", "idr5", 1), 1);
	assert_int_equal(smmuv3_field(b, n, "gran16k", "idr5", 1), 0);
	assert_int_equal(smmuv3_field(b, n, "gran64k", "idr5", 1), 1);
	assert_int_equal(smmuv3_field(b, n, "vax", "idr5", 2), 1);
	assert_int_equal(smmuv3_field(b, n, "stall_max", "idr5", 16), 0x80);
	assert_int_equal(smmuv3_field(b, n, "implementer", "iidr", 12), 0x43b);
	assert_int_equal(smmuv3_field(b, n, "revision", "iidr", 4), 1);
	assert_int_equal(smmuv3_field(b, n, "variant", "iidr", 4), 2);
	assert_int_equal(smmuv3_field(b, n, "product_id", "iidr", 12), 0x481);
	assert_int_equal(smmuv3_field(b, n, "arch_minor_rev", "aidr", 4), 1);
	assert_int_equal(smmuv3_field(b, n, "arch_major_rev", "aidr", 4), 0);
	assert_int_equal(vmm_iommufd_smmuv3_oas_bits(5), 48);
	assert_int_equal(vmm_iommufd_smmuv3_oas_bits(0), 32);
	assert_int_equal(vmm_iommufd_smmuv3_oas_bits(6), 52);
	assert_int_equal(vmm_iommufd_smmuv3_oas_bits(7), 0);
	/* a payload shorter than SMMUv3's: nothing decoded; max is honoured */
	assert_int_equal(vmm_iommufd_smmuv3_bits(d, 39, b, VMM_SMMUV3_BITS_MAX), 0);
	assert_int_equal(vmm_iommufd_smmuv3_bits(d, 40, b, 3), 3);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_sys_setup, unit_sys_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open),
		T(test_destroy),
		T(test_ioas_alloc),
		T(test_option_get_rlimit),
		T(test_option_set_huge_pages),
		T(test_option_exclusive_ranges),
		T(test_ioas_ranges),
		T(test_ioas_ranges_all_grows),
		T(test_ioas_allow),
		T(test_ioas_map),
		T(test_ioas_map_file),
		T(test_ioas_copy),
		T(test_ioas_unmap),
		T(test_hw_info),
		T(test_hwpt_alloc_nest_parent),
		T(test_viommu_vdevice),
		T(test_mock_domain),
		T(test_vfio_bind),
		T(test_vfio_attach_detach),
		T(test_kvm_vfio_device),
		T(test_hw_info_decode_types),
		T(test_smmuv3_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
