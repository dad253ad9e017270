// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * PCI security decoding, libpci's error hook, and both proposed TDI bind
 * chains against the scripted kernel. Config space and ioctl bytes are
 * built from the spec's offsets (spec/UAPI.md A.3, A.4, A.7, A.8, C.6),
 * never from the structs under test.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "unit.h"

#include "lib/pci.h"
#include "lib/pci_decode.h"
#include "lib/tsm_bind.h"

#include "mock_sys.h"

#define IOMMUFD	5
#define CDEV	6
#define VM_FD	7
#define KVFIO	11

/* ---- config-space decoding ------------------------------------------------ */

static void put16(uint8_t *b, size_t off, uint16_t v)
{
	put_le(b + off, v, 2);
}

/* A PCIe function: capability list at 0x40 holding the PCIe capability. */
static void pcie_fn(uint8_t *c, uint8_t type, uint32_t devcap)
{
	memset(c, 0, 4096);
	put16(c, 0, 0x1b36);
	put16(c, 6, 0x10);
	c[0x34] = 0x40;
	c[0x40] = 0x10;
	put16(c, 0x42, (uint16_t)(2 | type << 4));
	put32(c, 0x44, devcap);
}

static void test_decode_tdisp_doe_ide(void **state)
{
	static uint8_t c[4096];
	static struct vmm_pci_sec s;

	(void)state;
	pcie_fn(c, 0, 0x40000000);
	put32(c, 0x100, 0x2e | 1u << 16 | 0x200u << 20);	/* DOE -> 0x200 */
	put32(c, 0x104, 1);
	put32(c, 0x10c, 0x80000001);
	put32(c, 0x200, 0x30 | 1u << 16);			/* IDE, last */
	put32(c, 0x204, 0x1u | 0x2u | 0u << 13 | 2u << 16);	/* link (1 TC), 3 selective */
	put32(c, 0x20c, 0x11000001);				/* link 0: stream 0x11 */
	put32(c, 0x210, 2);
	put32(c, 0x214, 2);		/* sel 0: two address associations: 20 + 24 bytes */
	put32(c, 0x218, 0x22000001);
	put32(c, 0x240, 0);		/* sel 1 at 0x214 + 44 */
	put32(c, 0x244, 0x33c00000);
	put32(c, 0x254, 0);		/* sel 2 at 0x240 + 20 */
	put32(c, 0x258, 0x44000001);
	put32(c, 0x25c, 2);
	vmm_pci_decode(c, sizeof(c), &s);
	assert_true(s.pcie);
	assert_int_equal(s.pcie_type, 0);
	assert_true(s.tee_io);
	assert_int_equal(s.ndoe, 1);
	assert_int_equal(s.doe[0].offset, 0x100);
	assert_int_equal(s.doe[0].cap, 1);
	assert_int_equal(s.doe[0].status, 0x80000001);
	assert_true(s.ide);
	assert_int_equal(s.ide_offset, 0x200);
	assert_int_equal(s.nlink, 1);
	assert_int_equal(s.link[0].ctl >> 24, 0x11);
	assert_int_equal(s.link[0].sts, 2);
	assert_int_equal(s.nsel_announced, 3);
	assert_int_equal(s.nsel, 3);
	assert_int_equal(s.sel[0].offset, 0x214);
	assert_int_equal(s.sel[1].offset, 0x240);
	assert_int_equal(s.sel[1].ctl, 0x33c00000);
	assert_int_equal(s.sel[2].offset, 0x254);
	assert_int_equal(s.sel[2].ctl >> 24, 0x44);
	assert_string_equal(vmm_pci_ide_state_name(s.sel[2].sts), "secure");
	assert_false(s.truncated);
}

static void test_decode_short_and_looping(void **state)
{
	static uint8_t c[4096];
	static struct vmm_pci_sec s;

	(void)state;
	/* 256 bytes: no extended capabilities to read, no crash */
	pcie_fn(c, 4, 0);
	put32(c, 0x100, 0x30 | 1u << 16);
	vmm_pci_decode(c, 256, &s);
	assert_true(s.pcie);
	assert_string_equal(vmm_pci_type_name(s.pcie_type), "root_port");
	assert_false(s.ide);
	/* a capability pointing at itself ends the walk: one mailbox, not one per visit */
	put32(c, 0x100, 0x2e | 1u << 16 | 0x100u << 20);
	vmm_pci_decode(c, sizeof(c), &s);
	assert_int_equal(s.ndoe, 1);
	assert_int_equal(s.doe[0].offset, 0x100);
	/* a longer loop 0x100 -> 0x180 -> 0x100: two mailboxes */
	put32(c, 0x100, 0x2e | 1u << 16 | 0x180u << 20);
	put32(c, 0x180, 0x2e | 1u << 16 | 0x100u << 20);
	vmm_pci_decode(c, sizeof(c), &s);
	assert_int_equal(s.ndoe, 2);
	assert_int_equal(s.doe[1].offset, 0x180);
	memset(c + 0x180, 0, 4);
	/* standard list looping at 0x40 -> 0x40 without a PCIe capability */
	c[0x40] = 0x05;
	c[0x41] = 0x40;
	vmm_pci_decode(c, sizeof(c), &s);
	assert_false(s.pcie);
	/* IDE near the end announcing 256 streams: truncated, nothing past 4096 read */
	pcie_fn(c, 0, 0);
	put32(c, 0x100, 0x30 | 1u << 16);
	memset(c + 0x100, 0, 4);
	put32(c, 0x100, 0x01 | 1u << 16 | 0xff0u << 20);
	put32(c, 0xff0, 0x30 | 1u << 16);
	put32(c, 0xff4, 0x00ff0002);
	vmm_pci_decode(c, sizeof(c), &s);
	assert_true(s.ide);
	assert_int_equal(s.nsel_announced, 256);
	assert_int_equal(s.nsel, 0);
	assert_true(s.truncated);
	/* conventional PCI (no capability list bit) */
	memset(c, 0, 64);
	vmm_pci_decode(c, 64, &s);
	assert_false(s.pcie);
}

/* ---- libpci: a fatal error ends the call, not the process ------------------- */

static void write_tmp(char *path, const char *text)
{
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_libpci_error_hook(void **state)
{
	char bad[] = "/tmp/vmm-pci-bad.XXXXXX", good[] = "/tmp/vmm-pci-good.XXXXXX";
	struct vmm_pci_dev *devs;
	struct vmm_pci *p = NULL;
	int n;

	write_tmp(bad, "0000:00:00.0 x\n00: 86 80 zz\n");
	write_tmp(good, "0000:00:03.0 x\n00: 86 80 37 12 00 00 00 00 02 00 00 06 00 00 00 00\n");
	for (int round = 0; round < 3; round++) {	/* the hook is reusable */
		assert_int_equal(vmm_pci_open(*state, bad, false, &p), -EIO);
		assert_non_null(p);
		assert_string_equal(vmm_pci_error(p), "dump: Malformed line");
		vmm_pci_close(p);
	}
	assert_int_equal(vmm_pci_open(*state, "/nonexistent/dump", false, &p), -EIO);
	assert_non_null(strstr(vmm_pci_error(p), "Cannot open /nonexistent/dump"));
	vmm_pci_close(p);
	assert_int_equal(vmm_pci_open(*state, good, false, &p), 0);
	assert_int_equal(vmm_pci_scan(p, &devs, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(devs[0].bdf, "0000:00:03.0");
	assert_int_equal(devs[0].vendor, 0x8086);
	assert_int_equal(devs[0].device, 0x1237);
	assert_int_equal(devs[0].class, 0x060000);
	assert_int_equal(devs[0].cfg_len, 0);	/* 16 bytes: not even 64 readable */
	free(devs);
	vmm_pci_close(p);
	unlink(bad);
	unlink(good);
}

/* ---- the bind chains --------------------------------------------------------- */

static int check_file_add(const LargestIntegralType value, const LargestIntegralType want)
{
	const uint8_t *a = (const uint8_t *)(uintptr_t)value;
	uint8_t head[16] = { 0 };
	uint64_t addr = 0;
	int32_t fd;

	put32(head, 4, 1);	/* group KVM_DEV_VFIO_FILE */
	put64(head, 8, 1);	/* attr FILE_ADD */
	if (memcmp(a, head, 16))
		return 0;
	for (int i = 0; i < 8; i++)
		addr |= (uint64_t)a[16 + i] << (8 * i);
	memcpy(&fd, (const void *)(uintptr_t)addr, 4);
	return fd == (int32_t)want;
}

/* The steps both proposals share, from VFIO bind to attach. */
static void expect_common(void)
{
	uint8_t bind[24] = { 0 }, bind_out[24], ioas[12] = { 0 }, ioas_out[12];
	uint8_t hwpt[48] = { 0 }, hwpt_out[48], att[16] = { 0 }, att_out[16];

	put32(bind, 0, 24);
	put32(bind, 8, IOMMUFD);
	memcpy(bind_out, bind, 24);
	put32(bind_out, 12, 21);			/* dev_id */
	mock_expect_ioctl_fd(CDEV, 0x3b76, bind, 24, bind_out, 24, 0);
	put32(ioas, 0, 12);
	memcpy(ioas_out, ioas, 12);
	put32(ioas_out, 8, 2);				/* ioas id */
	mock_expect_ioctl_fd(IOMMUFD, 0x3b81, ioas, 12, ioas_out, 12, 0);
	put32(hwpt, 0, 48);
	put32(hwpt, 4, 1);				/* NEST_PARENT */
	put32(hwpt, 8, 21);
	put32(hwpt, 12, 2);
	memcpy(hwpt_out, hwpt, 48);
	put32(hwpt_out, 16, 3);				/* hwpt id */
	mock_expect_ioctl_fd(IOMMUFD, 0x3b89, hwpt, 48, hwpt_out, 48, 0);
	put32(att, 0, 16);
	put32(att, 8, 3);
	memcpy(att_out, att, 16);
	mock_expect_ioctl_fd(CDEV, 0x3b77, att, 16, att_out, 16, 0);
}

/* cca-rfc-v1 07/38: VIOMMU_ALLOC grown to 48 bytes, flag KVM_FD, kvm_vm_fd at 40 */
static void expect_cca_viommu_ret(int ret)
{
	uint8_t va[48] = { 0 }, va_out[48];

	put32(va, 0, 48);
	put32(va, 4, 1);
	put32(va, 8, 1);				/* ARM_SMMUV3 */
	put32(va, 12, 21);
	put32(va, 16, 3);
	put32(va, 40, VM_FD);
	memcpy(va_out, va, 48);
	put32(va_out, 20, 4);				/* viommu id */
	mock_expect_ioctl_fd(IOMMUFD, 0x3b90, va, 48, ret ? NULL : va_out, ret ? 0 : 48, ret);
}

static void expect_cca_viommu(void)
{
	expect_cca_viommu_ret(0);
}

static void expect_vdevice_and_op(uint32_t viommu, uint64_t virt_id, uint32_t op, int ret)
{
	uint8_t vd[24] = { 0 }, vd_out[24], top[16] = { 0 };

	put32(vd, 0, 24);
	put32(vd, 4, viommu);
	put32(vd, 8, 21);
	put64(vd, 16, virt_id);
	memcpy(vd_out, vd, 24);
	put32(vd_out, 12, 5);				/* vdevice id */
	mock_expect_ioctl_fd(IOMMUFD, 0x3b91, vd, 24, vd_out, 24, 0);
	put32(top, 0, 16);
	put32(top, 4, op);
	put32(top, 12, 5);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b95, top, 16, NULL, 0, ret);
}

static void expect_destroy(uint32_t id)
{
	uint8_t d[8] = { 0 };

	put32(d, 0, 8);
	put32(d, 4, id);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b80, d, 8, NULL, 0, 0);
}

static void binding(struct vmm_tsm_binding *b, enum vmm_tsm_abi abi)
{
	memset(b, 0, sizeof(*b));
	b->abi = abi;
	snprintf(b->bdf, sizeof(b->bdf), "0000:01:00.0");
	snprintf(b->cdev, sizeof(b->cdev), "/dev/vfio/devices/vfio0");
	b->vm_fd = VM_FD;
	b->viommu_type = 1;	/* ARM_SMMUV3 */
	b->tdi_id = 0x42;
}

/* cca-rfc-v1 up to attach: the opens and the steps both proposals share */
static void cca_until_attach(struct vmm_tsm_binding *b)
{
	binding(b, VMM_TSM_ABI_CCA_RFC_V1);
	mock_expect_open("/dev/iommu", O_RDWR, IOMMUFD);
	mock_expect_open("/dev/vfio/devices/vfio0", O_RDWR, CDEV);
	expect_common();
}

static void test_bind_cca_rfc_v1(void **state)
{
	uint8_t top[16] = { 0 };
	struct vmm_tsm_binding b;

	cca_until_attach(&b);
	expect_cca_viommu();
	expect_vdevice_and_op(4, 0x42, 1, 0);
	assert_int_equal(vmm_tsm_bind(*state, &b), 0);
	assert_true(b.bound);
	assert_int_equal(b.vdevice_id, 5);
	/* 08/38: UNBIND is op 2 on the same vDEVICE */
	put32(top, 0, 16);
	put32(top, 4, 2);
	put32(top, 12, 5);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b95, top, 16, NULL, 0, 0);
	assert_int_equal(vmm_tsm_unbind(*state, &b), 0);
	assert_false(b.bound);
	expect_destroy(5);
	expect_destroy(4);
	expect_destroy(3);
	expect_destroy(2);
	vmm_tsm_bind_release(*state, &b);
	assert_true(mock_fd_closed(CDEV));
	assert_true(mock_fd_closed(IOMMUFD));
}

static void test_bind_tsm_v5(void **state)
{
	uint8_t cd[12] = { 0 }, cd_out[12], va[40] = { 0 }, va_out[40];
	struct vmm_tsm_binding b;

	binding(&b, VMM_TSM_ABI_TSM_V5);
	mock_expect_open("/dev/iommu", O_RDWR, IOMMUFD);
	mock_expect_open("/dev/vfio/devices/vfio0", O_RDWR, CDEV);
	/* the KVM association comes before VFIO bind (A.4, A.8 v5) */
	put32(cd, 0, 4);				/* KVM_DEV_TYPE_VFIO */
	memcpy(cd_out, cd, 12);
	put32(cd_out, 4, KVFIO);
	mock_expect_ioctl_fd(VM_FD, 0xc00caee0, cd, 12, cd_out, 12, 0);
	expect_value(vmm_sys_ioctl, fd, KVFIO);
	expect_value(vmm_sys_ioctl, req, 0x4018aee1);
	expect_check(vmm_sys_ioctl, arg, check_file_add, CDEV);
	will_return(vmm_sys_ioctl, 0);
	will_return(vmm_sys_ioctl, 0);
	expect_common();
	/* mainline VIOMMU_ALLOC: 40 bytes, flags 0, no KVM fd */
	put32(va, 0, 40);
	put32(va, 8, 1);
	put32(va, 12, 21);
	put32(va, 16, 3);
	memcpy(va_out, va, 40);
	put32(va_out, 20, 4);
	mock_expect_ioctl_fd(IOMMUFD, 0x3b90, va, 40, va_out, 40, 0);
	expect_vdevice_and_op(4, 0x42, 1, 0);
	assert_int_equal(vmm_tsm_bind(*state, &b), 0);
	assert_true(b.bound);
	/* v5: destroying the vDEVICE unbinds, no TSM_OP on release */
	expect_destroy(5);
	expect_destroy(4);
	expect_destroy(3);
	expect_destroy(2);
	vmm_tsm_bind_release(*state, &b);
	assert_true(mock_fd_closed(KVFIO));
	assert_true(mock_fd_closed(CDEV));
}

static void test_bind_refused_cleans_up(void **state)
{
	struct vmm_tsm_binding b;
	struct vmm_sys *s = *state;

	cca_until_attach(&b);
	expect_cca_viommu();
	/* a kernel without the proposal: 0x3b95 is IOAS_NOIOMMU_GET_PA, 16 < 40 -> EINVAL */
	expect_vdevice_and_op(4, 0x42, 1, -EINVAL);
	expect_destroy(5);
	expect_destroy(4);
	expect_destroy(3);
	expect_destroy(2);
	assert_int_equal(vmm_tsm_bind(s, &b), -EINVAL);
	assert_string_equal(b.step, "TSM bind");
	assert_int_equal(s->last.err, EINVAL);
	assert_string_equal(s->last.what, "IOMMU_VDEVICE_TSM_OP(BIND)");
	assert_false(b.bound);
	assert_int_equal(b.iommufd, -1);
	assert_true(mock_fd_closed(CDEV));
}

/*
 * What Linux 7.3 answered in the rig (tests/live/vfio.sh): the cca-rfc-v1
 * VIOMMU_ALLOC, 48 bytes with kvm_vm_fd past mainline's 40, gets E2BIG (the
 * kernel refuses non-zero bytes it does not know); everything made before
 * it is destroyed and closed.
 */
static void test_bind_viommu_refused(void **state)
{
	struct vmm_tsm_binding b;
	struct vmm_sys *s = *state;

	cca_until_attach(&b);
	expect_cca_viommu_ret(-E2BIG);
	expect_destroy(3);
	expect_destroy(2);
	assert_int_equal(vmm_tsm_bind(s, &b), -E2BIG);
	assert_string_equal(b.step, "vIOMMU");
	assert_int_equal(s->last.err, E2BIG);
	assert_false(b.bound);
	assert_int_equal(b.iommufd, -1);
	assert_true(mock_fd_closed(CDEV));
}

static void test_bind_no_iommufd(void **state)
{
	struct vmm_tsm_binding b;

	binding(&b, VMM_TSM_ABI_TSM_V5);
	mock_expect_open("/dev/iommu", O_RDWR, -ENOENT);
	assert_int_equal(vmm_tsm_bind(*state, &b), -ENOENT);
	assert_string_equal(b.step, "open /dev/iommu");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_sys_setup, unit_sys_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_decode_tdisp_doe_ide),
		T(test_decode_short_and_looping),
		T(test_libpci_error_hook),
		T(test_bind_cca_rfc_v1),
		T(test_bind_tsm_v5),
		T(test_bind_refused_cleans_up),
		T(test_bind_viommu_refused),
		T(test_bind_no_iommufd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
