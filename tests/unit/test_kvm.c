// SPDX-License-Identifier: GPL-3.0-or-later
/* lib/kvm.c and lib/host.c against the scripted kernel of mock_sys.c. */
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

#include "cli/cli.h"
#include "cli/tokenize.h"
#include "lib/host.h"
#include "lib/kvm.h"
#include "lib/uapi/kvm.h"

#include "mock_sys.h"
#include "unit.h"

static void assert_last(const struct vmm_sys *s, int err, const char *op, const char *what,
			const char *path)
{
	assert_int_equal(s->last.err, err);
	assert_string_equal(s->last.op, op);
	assert_string_equal(s->last.what, what);
	assert_string_equal(s->last.path, path);
}

static void assert_clear(const struct vmm_sys *s)
{
	assert_int_equal(s->last.err, 0);
	assert_string_equal(s->last.op, "");
}

/* ---- lib/kvm.c ------------------------------------------------------------- */

static void test_kvm_open_dev_kvm(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_open("/dev/kvm", O_RDWR, 3);
	mock_expect_ioctl_int_fd(3, 0xae00, 0, 12);
	assert_int_equal(vmm_kvm_open(s), 3);
	assert_clear(s);
}

/* A node that is not KVM, or another API version, is refused and closed. */
static void test_kvm_open_not_kvm(void **state)
{
	static const struct { int ver, err; } cases[] = {
		{ -ENOTTY, ENOTTY }, { -EINVAL, ENOTTY }, { 11, EPROTO }, { 13, EPROTO },
	};
	struct vmm_sys *s = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mock_sys_reset();
		mock_expect_open("/dev/kvm", O_RDWR, 3);
		mock_expect_ioctl_int_fd(3, 0xae00, 0, cases[i].ver);
		assert_int_equal(vmm_kvm_open(s), -cases[i].err);
		assert_true(mock_fd_closed(3));
		assert_last(s, cases[i].err, "ioctl", "KVM_GET_API_VERSION", "/dev/kvm");
	}
	/* a regular file where /dev/kvm should be: lib/sys.c says ENODEV */
	mock_expect_open("/dev/kvm", O_RDWR, -ENODEV);
	assert_int_equal(vmm_kvm_open(s), -ENODEV);
}

static void test_kvm_open_missing(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_open("/dev/kvm", O_RDWR, -ENOENT);
	assert_int_equal(vmm_kvm_open(s), -ENOENT);
	assert_last(s, ENOENT, "open", "", "/dev/kvm");
}

static void test_kvm_api_version_request(void **state)
{
	struct vmm_sys *s = *state;

	assert_int_equal(VMM_KVM_GET_API_VERSION, 0xae00);
	mock_expect_ioctl_int_fd(3, 0xae00, 0, 12);
	assert_int_equal(vmm_kvm_api_version(s, 3), 12);
	assert_clear(s);
}

static void test_kvm_api_version_error(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_ioctl_int_fd(3, 0xae00, 0, -EBADF);
	assert_int_equal(vmm_kvm_api_version(s, 3), -EBADF);
	assert_last(s, EBADF, "ioctl", "KVM_GET_API_VERSION", "");
}

static void test_kvm_check_cap_request(void **state)
{
	struct vmm_sys *s = *state;

	assert_int_equal(VMM_KVM_CHECK_EXTENSION, 0xae03);
	mock_expect_ioctl_int_fd(3, 0xae03, 231, 1);
	assert_int_equal(vmm_kvm_check_cap(s, 3, VMM_KVM_CAP_USER_MEMORY2), 1);
	mock_expect_ioctl_int_fd(3, 0xae03, 10, 32764);
	assert_int_equal(vmm_kvm_check_cap(s, 3, VMM_KVM_CAP_NR_MEMSLOTS), 32764);
	assert_clear(s);
}

static void test_kvm_check_cap_on_vm_fd(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_ioctl_int_fd(9, 0xae03, 244, 3);
	assert_int_equal(vmm_kvm_check_cap(s, 9, VMM_KVM_CAP_GUEST_MEMFD_FLAGS), 3);
}

static void test_kvm_check_cap_zero_is_not_error(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_ioctl_int_fd(3, 0xae03, 205, 0);
	assert_int_equal(vmm_kvm_check_cap(s, 3, VMM_KVM_CAP_ARM_MTE), 0);
	assert_clear(s);
}

static void test_kvm_check_cap_error_context(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_ioctl_int_fd(3, 0xae03, 231, -ENOTTY);
	assert_int_equal(vmm_kvm_check_cap(s, 3, VMM_KVM_CAP_USER_MEMORY2), -ENOTTY);
	assert_last(s, ENOTTY, "ioctl", "KVM_CHECK_EXTENSION", "");
}

static void test_kvm_create_vm_request(void **state)
{
	struct vmm_sys *s = *state;

	assert_int_equal(VMM_KVM_CREATE_VM, 0xae01);
	mock_expect_ioctl_int_fd(3, 0xae01, 0, 7);
	assert_int_equal(vmm_kvm_create_vm(s, 3, 0), 7);
	mock_expect_ioctl_int_fd(3, 0xae01, 0x80000028ul, 8);
	assert_int_equal(vmm_kvm_create_vm(s, 3, 0x80000028ul), 8);
}

static void test_kvm_create_vm_error(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_ioctl_int_fd(3, 0xae01, 5, -EINVAL);
	assert_int_equal(vmm_kvm_create_vm(s, 3, 5), -EINVAL);
	assert_last(s, EINVAL, "ioctl", "KVM_CREATE_VM", "");
}

/* ---- the generic struct ioctl script later modules use ---------------------- */

struct region {		/* struct kvm_userspace_memory_region (UAPI B.4) */
	uint32_t slot, flags;
	uint64_t guest_phys_addr, memory_size, userspace_addr;
};

static void test_mock_ioctl_checks_bytes_and_replies(void **state)
{
	struct vmm_sys *s = *state;
	const struct region in = { 1, 0, 0x100000, 0x200000, 0x7f0000000000ull };
	const struct region reply = { 1, 2, 3, 4, 5 };
	struct region arg = in;

	mock_expect_ioctl_fd(7, 0x4020ae46, &in, sizeof(in), &reply, sizeof(reply), 0);
	assert_int_equal(vmm_sys_ioctl(s, 7, 0x4020ae46, "KVM_SET_USER_MEMORY_REGION", &arg), 0);
	assert_memory_equal(&arg, &reply, sizeof(reply));
	assert_clear(s);
}

static void test_mock_ioctl_error_context(void **state)
{
	struct vmm_sys *s = *state;
	struct region arg = { 0 };

	mock_expect_ioctl(0x4020ae46, NULL, 0, NULL, 0, -EEXIST);
	assert_int_equal(vmm_sys_ioctl(s, 7, 0x4020ae46, "KVM_SET_USER_MEMORY_REGION", &arg),
			 -EEXIST);
	assert_last(s, EEXIST, "ioctl", "KVM_SET_USER_MEMORY_REGION", "");
	assert_int_equal(arg.slot, 0);
}

/* ---- lib/host.c: release and command line -------------------------------------- */

static void test_host_release(void **state)
{
	struct vmm_sys *s = *state;
	char buf[64];

	mock_expect_read_file("/proc/sys/kernel/osrelease", "6.1.0-18-arm64\n");
	assert_int_equal(vmm_host_release(s, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "6.1.0-18-arm64");
}

static void test_host_release_error(void **state)
{
	struct vmm_sys *s = *state;
	char buf[64];

	mock_expect_read_file_err("/proc/sys/kernel/osrelease", EACCES);
	assert_int_equal(vmm_host_release(s, buf, sizeof(buf)), -EACCES);
	assert_last(s, EACCES, "open", "", "/proc/sys/kernel/osrelease");
}

static int cmdline(struct vmm_sys *s, const char *text, const char *key, char *val, size_t len)
{
	mock_expect_read_file("/proc/cmdline", text);
	return vmm_host_cmdline(s, key, val, len);
}

static void test_host_cmdline_found(void **state)
{
	char val[64] = "";

	assert_int_equal(cmdline(*state, "BOOT_IMAGE=/vmlinuz root=/dev/vda1 kvm-arm.mode=nvhe quiet\n",
				 "kvm-arm.mode", val, sizeof(val)), 1);
	assert_string_equal(val, "nvhe");
}

static void test_host_cmdline_last_wins(void **state)
{
	char val[64] = "";

	assert_int_equal(cmdline(*state, "kvm-arm.mode=nvhe ro kvm-arm.mode=protected\n",
				 "kvm-arm.mode", val, sizeof(val)), 1);
	assert_string_equal(val, "protected");
}

static void test_host_cmdline_exact_key(void **state)
{
	char val[64] = "untouched";

	assert_int_equal(cmdline(*state, "xkvm-arm.mode=vhe kvm-arm.modex=nvhe kvm-arm.mode\n",
				 "kvm-arm.mode", val, sizeof(val)), 0);
	assert_string_equal(val, "untouched");
	assert_int_equal(cmdline(*state, "xkvm-arm.mode=vhe kvm-arm.mode=nvhe\n",
				 "kvm-arm.mode", val, sizeof(val)), 1);
	assert_string_equal(val, "nvhe");
}

static void test_host_cmdline_separators(void **state)
{
	char val[64] = "";

	assert_int_equal(cmdline(*state, "a=1\tiommu.passthrough=1\nb=2", "iommu.passthrough",
				 val, sizeof(val)), 1);
	assert_string_equal(val, "1");
}

static void test_host_cmdline_empty_value(void **state)
{
	char val[64] = "x";

	assert_int_equal(cmdline(*state, "quiet init= ro", "init", val, sizeof(val)), 1);
	assert_string_equal(val, "");
}

static void test_host_cmdline_value_truncated(void **state)
{
	char val[5] = "";

	assert_int_equal(cmdline(*state, "kvm-arm.mode=protected", "kvm-arm.mode", val,
				 sizeof(val)), 1);
	assert_string_equal(val, "prot");
}

static void test_host_cmdline_empty_file(void **state)
{
	char val[8] = "keep";

	assert_int_equal(cmdline(*state, "", "quiet", val, sizeof(val)), 0);
	assert_string_equal(val, "keep");
}

/* The kernel strips the quotes of param="value" (kernel/params.c next_arg()). */
static void test_host_cmdline_quoted_value(void **state)
{
	char val[64] = "";

	assert_int_equal(cmdline(*state, "ro kvm-arm.mode=\"protected\" quiet\n", "kvm-arm.mode",
				 val, sizeof(val)), 1);
	assert_string_equal(val, "protected");
}

/* Words after "--" go to init, not to the kernel's parameter parser. */
static void test_host_cmdline_stops_at_double_dash(void **state)
{
	char val[64] = "";

	assert_int_equal(cmdline(*state, "kvm-arm.mode=nvhe ro -- kvm-arm.mode=protected\n",
				 "kvm-arm.mode", val, sizeof(val)), 1);
	assert_string_equal(val, "nvhe");
}

static void test_host_cmdline_error(void **state)
{
	struct vmm_sys *s = *state;
	char val[8];

	mock_expect_read_file_err("/proc/cmdline", ENOENT);
	assert_int_equal(vmm_host_cmdline(s, "quiet", val, sizeof(val)), -ENOENT);
	assert_last(s, ENOENT, "open", "", "/proc/cmdline");
}

/* ---- lib/host.c: credentials ------------------------------------------------- */

static const char status_root[] =
	"Name:\tvmmctl\n"
	"Umask:\t0022\n"
	"State:\tR (running)\n"
	"Tgid:\t4242\n"
	"Uid:\t1000\t0\t0\t0\n"
	"Gid:\t1000\t1000\t1000\t1000\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t000001ffffffffff\n"
	"CapEff:\t000001ffffffffff\n"
	"CapBnd:\t000001ffffffffff\n";

static void test_host_creds_parse(void **state)
{
	struct vmm_sys *s = *state;
	uint64_t capeff = 0;
	uint32_t euid = 99;

	mock_expect_read_file("/proc/self/status", status_root);
	assert_int_equal(vmm_host_creds(s, &euid, &capeff), 0);
	assert_int_equal(euid, 0);		/* the second Uid field */
	assert_int_equal(capeff, 0x1ffffffffffull);
	assert_true(capeff >> VMM_CAP_SYS_ADMIN & 1);
}

static void test_host_creds_unprivileged(void **state)
{
	struct vmm_sys *s = *state;
	uint64_t capeff = 1;
	uint32_t euid = 0;

	mock_expect_read_file("/proc/self/status",
			      "Name:\tx\nUid:\t0\t1000\t1000\t1000\nCapEff:\t0000000000200000\n");
	assert_int_equal(vmm_host_creds(s, &euid, &capeff), 0);
	assert_int_equal(euid, 1000);
	assert_int_equal(capeff, 1ull << VMM_CAP_SYS_ADMIN);
}

static void test_host_creds_missing_uid(void **state)
{
	struct vmm_sys *s = *state;
	uint64_t capeff;
	uint32_t euid;

	mock_expect_read_file("/proc/self/status", "Name:\tx\nCapEff:\t0\n");
	assert_int_equal(vmm_host_creds(s, &euid, &capeff), -EINVAL);
	assert_last(s, EINVAL, "parse", "", "/proc/self/status");

	mock_expect_read_file("/proc/self/status", "Name:\tx\nUid:\t0\nCapEff:\t0\n");
	assert_int_equal(vmm_host_creds(s, &euid, &capeff), -EINVAL);
}

static void test_host_creds_missing_capeff(void **state)
{
	struct vmm_sys *s = *state;
	uint64_t capeff;
	uint32_t euid;

	mock_expect_read_file("/proc/self/status", "Name:\tx\nUid:\t0\t0\t0\t0\nCapPrm:\t1\n");
	assert_int_equal(vmm_host_creds(s, &euid, &capeff), -EINVAL);
	assert_last(s, EINVAL, "parse", "", "/proc/self/status");

	mock_expect_read_file("/proc/self/status", "Name:\tx\nUid:\t0\t0\t0\t0\nCapEff:\tzz\n");
	assert_int_equal(vmm_host_creds(s, &euid, &capeff), -EINVAL);
}

static void test_host_creds_error(void **state)
{
	struct vmm_sys *s = *state;
	uint64_t capeff;
	uint32_t euid;

	mock_expect_read_file_err("/proc/self/status", EACCES);
	assert_int_equal(vmm_host_creds(s, &euid, &capeff), -EACCES);
}

/* ---- lib/host.c: debugfs ------------------------------------------------------- */

static int mounted(struct vmm_sys *s, const char *mounts, bool *m)
{
	mock_expect_read_file("/proc/mounts", mounts);
	*m = true;
	return vmm_host_debugfs_mounted(s, m);
}

static void test_host_debugfs_mounted(void **state)
{
	bool m;

	assert_int_equal(mounted(*state,
				 "sysfs /sys sysfs rw,nosuid 0 0\n"
				 "debugfs /sys/kernel/debug debugfs rw,nosuid,nodev 0 0\n"
				 "tracefs /sys/kernel/tracing tracefs rw 0 0\n", &m), 0);
	assert_true(m);
}

static void test_host_debugfs_not_mounted(void **state)
{
	bool m;

	assert_int_equal(mounted(*state, "sysfs /sys sysfs rw 0 0\n", &m), 0);
	assert_false(m);
	/* another fs type at the path, or debugfs elsewhere, does not count */
	assert_int_equal(mounted(*state, "none /sys/kernel/debug tmpfs rw 0 0\n", &m), 0);
	assert_false(m);
	assert_int_equal(mounted(*state, "debugfs /mnt/debug debugfs rw 0 0\n", &m), 0);
	assert_false(m);
	assert_int_equal(mounted(*state, "debugfs /sys/kernel/debug/x debugfs rw 0 0\n", &m), 0);
	assert_false(m);
	assert_int_equal(mounted(*state, "", &m), 0);
	assert_false(m);
}

static void test_host_debugfs_malformed_lines(void **state)
{
	bool m;

	assert_int_equal(mounted(*state, "garbage\n\n \ndebugfs /sys/kernel/debug debugfs rw 0 0",
				 &m), 0);
	assert_true(m);
}

static void test_host_debugfs_error(void **state)
{
	struct vmm_sys *s = *state;
	bool m = true;

	mock_expect_read_file_err("/proc/mounts", ENOENT);
	assert_int_equal(vmm_host_debugfs_mounted(s, &m), -ENOENT);
	assert_false(m);
}

/* ---- lib/host.c: auxv and kmsg -------------------------------------------- */

static void test_host_hwcap2(void **state)
{
	const unsigned long auxv[] = { 6, 4096, 16, 0xabc, 26, VMM_HWCAP2_MTE | 2, 0, 0 };
	struct vmm_sys *s = *state;
	uint64_t h = 0;

	mock_expect_open("/proc/self/auxv", O_RDONLY, 4);
	mock_expect_read("/proc/self/auxv", auxv, sizeof(auxv));
	assert_int_equal(vmm_host_hwcap2(s, &h), 0);
	assert_int_equal(h, VMM_HWCAP2_MTE | 2);
	assert_true(mock_fd_closed(4));
}

static void test_host_hwcap2_absent(void **state)
{
	const unsigned long auxv[] = { 6, 4096, 16, 0xabc, 0, 0 };
	struct vmm_sys *s = *state;
	uint64_t h = 77;

	mock_expect_open("/proc/self/auxv", O_RDONLY, 4);
	mock_expect_read("/proc/self/auxv", auxv, sizeof(auxv));
	assert_int_equal(vmm_host_hwcap2(s, &h), 0);
	assert_int_equal(h, 0);
}

static void test_host_hwcap2_read_error(void **state)
{
	struct vmm_sys *s = *state;
	uint64_t h = 0;

	mock_expect_open("/proc/self/auxv", O_RDONLY, 4);
	mock_expect_read("/proc/self/auxv", NULL, -EIO);
	assert_int_equal(vmm_host_hwcap2(s, &h), -EIO);
	assert_last(s, EIO, "read", "", "/proc/self/auxv");
	assert_true(mock_fd_closed(4));
}

static const char *const arm_log[] = {
	"Protected nVHE mode initialized", "Hyp nVHE mode initialized", "VHE mode initialized",
	NULL
};

static void kmsg(const char *rec)
{
	mock_expect_read("/dev/kmsg", rec, (ssize_t)strlen(rec));
}

static void test_host_kmsg_find(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_open("/dev/kmsg", O_RDONLY | O_NONBLOCK, 5);
	kmsg("6,1,0,-;Booting Linux on physical CPU 0x0\n");
	mock_expect_read("/dev/kmsg", NULL, -EPIPE);	/* overwritten: keep reading */
	kmsg("6,2,1,-;kvm [1]: Hyp nVHE mode initialized successfully\n");
	assert_int_equal(vmm_host_kmsg_find(s, arm_log, NULL, 0), 1);
	assert_true(mock_fd_closed(5));
}

static void test_host_kmsg_text(void **state)
{
	static const char *const init[] = { VMM_ARM_KVM_INIT_MSG, NULL };
	struct vmm_sys *s = *state;
	char msg[64];

	mock_expect_open("/dev/kmsg", O_RDONLY | O_NONBLOCK, 5);
	kmsg("6,2,1,-;kvm [1]: VHE+NV2 mode initialized successfully\n SUBSYSTEM=x\n");
	assert_int_equal(vmm_host_kmsg_find(s, init, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "kvm [1]: VHE+NV2 mode initialized successfully");
}

/* Every form arch/arm64/kvm/arm.c prints, and texts that are none of them. */
static void test_host_arm_kvm_mode(void **state)
{
	static const struct {
		const char *msg, *mode, *flavour;
		bool nv2;
	} ok[] = {
		{ "kvm [1]: VHE mode initialized successfully", "vhe", "VHE", false },
		{ "kvm [1]: VHE+NV2 mode initialized successfully", "nested", "VHE", true },
		{ "kvm [1]: Hyp nVHE mode initialized successfully", "nvhe", "nVHE", false },
		{ "kvm [1]: Hyp hVHE mode initialized successfully", "hvhe", "hVHE", false },
		{ "kvm [1]: Protected nVHE mode initialized successfully", "protected", "nVHE", false },
		{ "Protected hVHE mode initialized successfully", "protected", "hVHE", false },
	};
	static const char *const bad[] = {
		"kvm [1]: Protected VHE mode initialized successfully",
		"kvm [1]: nVHE mode initialized successfully",
		"kvm [1]: Hyp xVHE mode initialized successfully",
		"kvm [1]: VHE mode initialized",
		"mode initialized successfully",
		"",
	};
	struct vmm_arm_kvm_mode m;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&m, 0, sizeof(m));
		assert_int_equal(vmm_host_arm_kvm_mode(ok[i].msg, &m), 0);
		assert_string_equal(m.mode, ok[i].mode);
		assert_string_equal(m.flavour, ok[i].flavour);
		assert_int_equal(m.nv2, ok[i].nv2);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(vmm_host_arm_kvm_mode(bad[i], &m), -EINVAL);
}

static void test_host_kmsg_not_found(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_open("/dev/kmsg", O_RDONLY | O_NONBLOCK, 5);
	kmsg("6,1,0,-;Booting Linux\n");
	mock_expect_read("/dev/kmsg", NULL, -EAGAIN);
	assert_int_equal(vmm_host_kmsg_find(s, arm_log, NULL, 0), -ENOENT);
	assert_true(mock_fd_closed(5));

	mock_expect_open("/dev/kmsg", O_RDONLY | O_NONBLOCK, 6);
	mock_expect_read("/dev/kmsg", NULL, 0);
	assert_int_equal(vmm_host_kmsg_find(s, arm_log, NULL, 0), -ENOENT);
}

static void test_host_kmsg_errors(void **state)
{
	struct vmm_sys *s = *state;

	mock_expect_open("/dev/kmsg", O_RDONLY | O_NONBLOCK, -EPERM);
	assert_int_equal(vmm_host_kmsg_find(s, arm_log, NULL, 0), -EPERM);

	mock_expect_open("/dev/kmsg", O_RDONLY | O_NONBLOCK, 5);
	mock_expect_read("/dev/kmsg", NULL, -EIO);
	assert_int_equal(vmm_host_kmsg_find(s, arm_log, NULL, 0), -EIO);
	assert_true(mock_fd_closed(5));
}

/* ---- lib/host.c: probe VM --------------------------------------------------- */

static void test_host_vm_debugfs_has(void **state)
{
	struct vmm_sys *s = *state;
	char dir[64], file[128];
	bool present = false;

	snprintf(dir, sizeof(dir), "/sys/kernel/debug/kvm/%d-%d", (int)gettid(), 11);
	snprintf(file, sizeof(file), "%s/stage2_page_tables", dir);
	mock_expect_ioctl_int_fd(3, 0xae01, 0, 11);
	mock_expect_access(dir, 0);
	mock_expect_access(file, 0);
	assert_int_equal(vmm_host_vm_debugfs_has(s, 3, 0, "stage2_page_tables", &present), 0);
	assert_true(present);
	assert_true(mock_fd_closed(11));
}

static void test_host_vm_debugfs_has_no_file(void **state)
{
	struct vmm_sys *s = *state;
	char dir[64], file[128];
	bool present = true;

	snprintf(dir, sizeof(dir), "/sys/kernel/debug/kvm/%d-%d", (int)gettid(), 11);
	snprintf(file, sizeof(file), "%s/stage2_page_tables", dir);
	mock_expect_ioctl_int_fd(3, 0xae01, 40, 11);
	mock_expect_access(dir, 0);
	mock_expect_access(file, -ENOENT);
	assert_int_equal(vmm_host_vm_debugfs_has(s, 3, 40, "stage2_page_tables", &present), 0);
	assert_false(present);
	assert_true(mock_fd_closed(11));
}

static void test_host_vm_debugfs_has_no_dir(void **state)
{
	struct vmm_sys *s = *state;
	char dir[64];
	bool present = true;

	snprintf(dir, sizeof(dir), "/sys/kernel/debug/kvm/%d-%d", (int)gettid(), 12);
	mock_expect_ioctl_int_fd(3, 0xae01, 0, 12);
	mock_expect_access(dir, -ENOENT);
	assert_int_equal(vmm_host_vm_debugfs_has(s, 3, 0, "x", &present), -ENOENT);
	assert_false(present);
	assert_true(mock_fd_closed(12));
}

static void test_host_vm_debugfs_has_create_fails(void **state)
{
	struct vmm_sys *s = *state;
	bool present = true;

	mock_expect_ioctl_int_fd(3, 0xae01, 0, -EINVAL);
	assert_int_equal(vmm_host_vm_debugfs_has(s, 3, 0, "x", &present), -EINVAL);
	assert_false(present);
	assert_last(s, EINVAL, "ioctl", "KVM_CREATE_VM", "");
}

/* ---- `host features` end to end on a scripted x86 host -------------------- */

static json_object *feature(json_object *arr, const char *name)
{
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *it = json_object_array_get_idx(arr, i), *n;

		if (json_object_object_get_ex(it, "name", &n) &&
		    !strcmp(json_object_get_string(n), name))
			return it;
	}
	fail_msg("no item '%s'", name);
	return NULL;
}

static bool avail(json_object *it)
{
	return json_object_get_boolean(json_object_object_get(it, "available"));
}

static int ival(json_object *it, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(it, key, &v))
		fail_msg("no key '%s'", key);
	return json_object_get_int(v);
}

/* The capabilities whose number is a bitmap or a size, in words (arch/arm64/kvm/arm.c). */
static void test_cap_detail(void **state)
{
	char buf[160];

	(void)state;
	assert_true(vmm_kvm_cap_detail(VMM_KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES,
				       (1 << 12) | (1 << 21) | (1 << 30), buf, sizeof(buf)));
	assert_string_equal(buf, "4K 2M 1G");
	assert_true(vmm_kvm_cap_detail(VMM_KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES,
				       (1 << 16) | (1 << 29), buf, sizeof(buf)));
	assert_string_equal(buf, "64K 512M");
	assert_true(vmm_kvm_cap_detail(VMM_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES, 1, buf,
				       sizeof(buf)));
	assert_non_null(strstr(buf, "feature ID registers"));
	assert_true(vmm_kvm_cap_detail(VMM_KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, 2 << 20, buf,
				       sizeof(buf)));
	assert_non_null(strstr(buf, "2097152 bytes"));
	/* off, a failed check, or a capability whose number says it all */
	assert_false(vmm_kvm_cap_detail(VMM_KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, 0, buf, sizeof(buf)));
	assert_false(vmm_kvm_cap_detail(VMM_KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES, -22, buf, sizeof(buf)));
	assert_false(vmm_kvm_cap_detail(VMM_KVM_CAP_COUNTER_OFFSET, 1, buf, sizeof(buf)));
}

static void test_host_features_x86(void **state)
{
#if defined(__x86_64__)
	static const struct { unsigned int cap; int ret; } caps[] = {
		{ 3, 1 }, { 10, 32764 }, { 81, 1 }, { 118, 2 }, { 168, 3 }, { 192, 65536 },
		{ 203, 1 }, { 231, 1 }, { 233, 0 }, { 234, 1 }, { 235, 1 }, { 236, 1 },
		{ 244, -ENOTTY },
	};
	struct vmm_ctx ctx;
	struct vmm_outcome o;
	struct vmm_tokens t;
	const char *why;
	json_object *feat, *kc, *it;

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	vmm_sys_init(&ctx.sys, NULL);
	mock_expect_read_file("/proc/sys/kernel/osrelease", "6.1.0-test\n");
	mock_expect_open("/dev/kvm", O_RDWR, 3);
	mock_expect_ioctl_int_fd(3, 0xae00, 0, 12);
	mock_expect_ioctl_int_fd(3, 0xae00, 0, 12);
	mock_expect_access("/sys/module/kvm_intel", 0);
	mock_expect_read_file("/sys/module/kvm/parameters/tdp_mmu", "Y\n");
	mock_expect_read_file("/sys/module/kvm_intel/parameters/nested", "Y\n");
	mock_expect_open("/dev/iommu", O_RDWR, -ENOENT);
	mock_expect_list_dir("/dev/vfio/devices", (const char *const[]){ "vfio0", NULL });
	mock_expect_read_file("/proc/mounts", "debugfs /sys/kernel/debug debugfs rw 0 0\n");
	mock_expect_list_dir("/sys/kernel/debug/kvm",
			     (const char *const[]){ "exits", "1234-11", "1234-12x", NULL });
	mock_expect_list_dir_err("/sys/class/tsm", ENOENT);
	/* the guest side: a sev_guest module, no report directory, tdx_guest's registers */
	mock_expect_stat_mode("/sys/kernel/config/tsm/report", 0, ENOENT);
	mock_expect_stat_mode("/sys/module/arm_cca_guest", 0, ENOENT);
	mock_expect_stat_mode("/sys/module/sev_guest", 040755, 0);
	mock_expect_stat_mode("/sys/module/tdx_guest", 0, ENOENT);
	mock_expect_stat_mode("/sys/kernel/config/tsm", 0, ENOENT);
	mock_expect_list_dir("/sys/class/misc", (const char *const[]){ "fuse", "tdx_guest", NULL });
	mock_expect_stat_mode("/sys/class/misc/fuse/measurements", 0, ENOENT);
	mock_expect_stat_mode("/sys/class/misc/tdx_guest/measurements", 040755, 0);
	mock_expect_read_file("/proc/self/status", status_root);
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		mock_expect_ioctl_int_fd(3, 0xae03, caps[i].cap, caps[i].ret);

	assert_int_equal(vmm_tokenize("host features", &t, &why), 0);
	vmm_dispatch(&ctx, t.argc, t.argv, &o);
	vmm_tokens_free(&t);
	if (o.err.set)
		fail_msg("host features failed: %s", o.err.message);
	assert_true(mock_fd_closed(3));

	assert_string_equal(json_object_get_string(json_object_object_get(o.result, "arch")),
			    "x86_64");
	assert_string_equal(json_object_get_string(json_object_object_get(o.result,
									  "kernel_release")),
			    "6.1.0-test");
	feat = json_object_object_get(o.result, "features");
	assert_true(avail(feature(feat, "kvm")));
	it = feature(feat, "kvm_api_version");
	assert_true(avail(it));
	assert_int_equal(ival(it, "value"), 12);
	it = feature(feat, "kvm_vendor");
	assert_string_equal(json_object_get_string(json_object_object_get(it, "detail")),
			    "kvm_intel, tdp_mmu=Y");
	it = feature(feat, "nested_virt");
	assert_true(avail(it));
	assert_string_equal(json_object_get_string(json_object_object_get(it, "detail")),
			    "kvm_intel nested=Y");
	it = feature(feat, "tsm_reports");
	assert_false(avail(it));
	assert_string_equal(json_object_get_string(json_object_object_get(it, "detail")),
			    "provider module: sev_guest");
	assert_non_null(strstr(json_object_get_string(json_object_object_get(it, "reason")),
			       "configfs not mounted"));
	it = feature(feat, "tsm_measurements");
	assert_true(avail(it));
	assert_int_equal(ival(it, "value"), 1);
	assert_string_equal(json_object_get_string(json_object_object_get(it, "detail")),
			    "measurements of: tdx_guest");
	it = feature(feat, "iommufd");
	assert_false(avail(it));
	assert_non_null(strstr(json_object_get_string(json_object_object_get(it, "reason")),
			       "no /dev/iommu"));
	assert_int_equal(ival(feature(feat, "vfio_cdev"), "value"), 1);
	assert_true(avail(feature(feat, "debugfs")));
	assert_int_equal(ival(feature(feat, "debugfs_kvm"), "value"), 1);
	assert_false(avail(feature(feat, "tsm")));
	assert_false(avail(feature(feat, "mte_hwcap")));
	it = feature(feat, "root");
	assert_true(avail(it));
	assert_int_equal(ival(it, "value"), 0);
	assert_true(avail(feature(feat, "cap_sys_admin")));

	kc = json_object_object_get(o.result, "kvm_caps");
	it = feature(kc, "user_memory2");
	assert_true(avail(it));
	assert_int_equal(ival(it, "cap"), 231);
	assert_int_equal(ival(it, "value"), 1);
	assert_int_equal(ival(feature(kc, "nr_memslots"), "value"), 32764);
	it = feature(kc, "memory_attributes");
	assert_false(avail(it));
	assert_int_equal(ival(it, "value"), 0);
	it = feature(kc, "guest_memfd_flags");
	assert_false(avail(it));
	assert_false(json_object_object_get_ex(it, "value", NULL));
	assert_non_null(strstr(json_object_get_string(json_object_object_get(it, "reason")),
			       "KVM_CHECK_EXTENSION"));
	it = feature(kc, "arm_mte");
	assert_false(avail(it));
	assert_string_equal(json_object_get_string(json_object_object_get(it, "reason")),
			    "arm64 only");
	vmm_outcome_clear(&o);
#else
	(void)state;
	skip();
#endif
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_sys_setup, unit_sys_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_kvm_open_dev_kvm),
		T(test_kvm_open_missing),
		T(test_kvm_open_not_kvm),
		T(test_kvm_api_version_request),
		T(test_kvm_api_version_error),
		T(test_kvm_check_cap_request),
		T(test_kvm_check_cap_on_vm_fd),
		T(test_kvm_check_cap_zero_is_not_error),
		T(test_kvm_check_cap_error_context),
		T(test_kvm_create_vm_request),
		T(test_kvm_create_vm_error),
		T(test_mock_ioctl_checks_bytes_and_replies),
		T(test_mock_ioctl_error_context),
		T(test_host_release),
		T(test_host_release_error),
		T(test_host_cmdline_found),
		T(test_host_cmdline_last_wins),
		T(test_host_cmdline_exact_key),
		T(test_host_cmdline_separators),
		T(test_host_cmdline_empty_value),
		T(test_host_cmdline_value_truncated),
		T(test_host_cmdline_empty_file),
		T(test_host_cmdline_quoted_value),
		T(test_host_cmdline_stops_at_double_dash),
		T(test_host_cmdline_error),
		T(test_host_creds_parse),
		T(test_host_creds_unprivileged),
		T(test_host_creds_missing_uid),
		T(test_host_creds_missing_capeff),
		T(test_host_creds_error),
		T(test_host_debugfs_mounted),
		T(test_host_debugfs_not_mounted),
		T(test_host_debugfs_malformed_lines),
		T(test_host_debugfs_error),
		T(test_host_hwcap2),
		T(test_host_hwcap2_absent),
		T(test_host_hwcap2_read_error),
		T(test_host_kmsg_find),
		T(test_host_kmsg_text),
		T(test_host_arm_kvm_mode),
		T(test_host_kmsg_not_found),
		T(test_host_kmsg_errors),
		T(test_host_vm_debugfs_has),
		T(test_host_vm_debugfs_has_no_file),
		T(test_host_vm_debugfs_has_no_dir),
		T(test_host_vm_debugfs_has_create_fails),
		T(test_host_features_x86),
		cmocka_unit_test(test_cap_detail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
