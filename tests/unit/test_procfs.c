// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lib/procfs.c and lib/kvm_debugfs.c: the pure parsers of /proc and debugfs
 * text, then whole scans against a /proc and a debugfs scripted in
 * mock_sys.c (which calls fail how, which are never made).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/kvm_debugfs.h"
#include "lib/procfs.h"
#include "lib/uapi/kvm.h"

#include "mock_sys.h"
#include "unit.h"

/* ---- pure parsers ----------------------------------------------------------- */

static void test_fd_kind(void **state)
{
	(void)state;
	assert_int_equal(vmm_proc_fd_kind("anon_inode:kvm-vm"), VMM_FD_KVM_VM);
	assert_int_equal(vmm_proc_fd_kind("anon_inode:kvm-vcpu:0"), VMM_FD_KVM_VCPU);
	assert_int_equal(vmm_proc_fd_kind("anon_inode:kvm-vcpu:17"), VMM_FD_KVM_VCPU);
	/* guest_memfd: 6.18 anon inode, 7.x its own pseudo filesystem */
	assert_int_equal(vmm_proc_fd_kind("anon_inode:[kvm-gmem]"), VMM_FD_GMEM);
	assert_int_equal(vmm_proc_fd_kind("/[kvm-gmem] (deleted)"), VMM_FD_GMEM);
	assert_int_equal(vmm_proc_fd_kind("anon_inode:kvm-vm-stats"), VMM_FD_OTHER);
	assert_int_equal(vmm_proc_fd_kind("anon_inode:kvm-vcpu-stats:0"), VMM_FD_OTHER);
	assert_int_equal(vmm_proc_fd_kind("anon_inode:kvm-vcpu:"), VMM_FD_OTHER);
	assert_int_equal(vmm_proc_fd_kind("anon_inode:kvm-vm2"), VMM_FD_OTHER);
	assert_int_equal(vmm_proc_fd_kind("/dev/kvm"), VMM_FD_OTHER);
	assert_int_equal(vmm_proc_fd_kind("/tmp/anon_inode:kvm-vm"), VMM_FD_OTHER);
	assert_int_equal(vmm_proc_fd_kind(""), VMM_FD_OTHER);
}

static void test_parse_status(void **state)
{
	struct vmm_proc_status st;

	(void)state;
	vmm_proc_parse_status("Name:\tqemu-system-x86\nUmask:\t0022\nTgid:\t4242\n"
			      "Pid:\t4243\nUid:\t107\t107\t107\t107\n", &st);
	assert_string_equal(st.name, "qemu-system-x86");
	assert_int_equal(st.tgid, 4242);
	assert_int_equal(st.uid, 107);
	/* nothing known: fields stay unset */
	vmm_proc_parse_status("State:\tR\n", &st);
	assert_string_equal(st.name, "");
	assert_int_equal(st.tgid, 0);
	assert_int_equal(st.uid, -1);
	/* no final newline, a long name, garbage numbers */
	vmm_proc_parse_status("Uid:\tx\nTgid:\t-3\nName:\t"
			      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			      &st);
	assert_int_equal(strlen(st.name), sizeof(st.name) - 1);
	assert_int_equal(st.uid, -1);
	assert_int_equal(st.tgid, 0);
	vmm_proc_parse_status("Tgid:\t99999999999\n", &st);
	assert_int_equal(st.tgid, 0);
	/* status escapes a backslash and a newline (fs/proc/array.c): undone;
	 * any other backslash is the name's own */
	vmm_proc_parse_status("Name:\tmy\\\\vm\\nx\\t\\\nTgid:\t7\n", &st);
	assert_string_equal(st.name, "my\\vm\nx\\t\\");
	assert_int_equal(st.tgid, 7);
}

static void test_parse_comm(void **state)
{
	char out[16];

	(void)state;
	/* comm is the raw name and one newline: only that one goes */
	vmm_proc_parse_comm("a\nb\n", 4, out, sizeof(out));
	assert_string_equal(out, "a\nb");
	vmm_proc_parse_comm("my\\vm", 5, out, sizeof(out));
	assert_string_equal(out, "my\\vm");
	vmm_proc_parse_comm("0123456789abcdefgh\n", 19, out, sizeof(out));
	assert_string_equal(out, "0123456789abcde");
	vmm_proc_parse_comm("", 0, out, sizeof(out));
	assert_string_equal(out, "");
}

static void test_parse_mounts(void **state)
{
	struct vmm_hugetlb_mounts m;

	(void)state;
	vmm_proc_parse_mounts("proc /proc proc rw 0 0\n"
			      "hugetlbfs /dev/hugepages hugetlbfs rw,pagesize=2M 0 0\n"
			      "none /mnt/huge1g hugetlbfs rw,pagesize=1G 0 0\n"
			      "tmpfs /hugetlbfs tmpfs rw 0 0\n"
			      "broken\n\n", &m);
	assert_int_equal(m.n, 2);
	assert_string_equal(m.path[0], "/dev/hugepages");
	assert_string_equal(m.path[1], "/mnt/huge1g");
	vmm_proc_parse_mounts("", &m);
	assert_int_equal(m.n, 0);
}

static const char maps_text[] =
	"55d0c0a00000-55d0c0a21000 r-xp 00000000 fe:00 1234   /usr/bin/qemu\n"
	"55d0c1000000-55d0c1021000 rw-p 00000000 00:00 0      [heap]\n"
	/* memfd in two pieces, with a space in its name */
	"7f1000000000-7f1008000000 rw-s 00000000 00:01 4321   /memfd:pc ram (deleted)\n"
	"7f1008000000-7f1010000000 rw-s 08000000 00:01 4321   /memfd:pc ram (deleted)\n"
	"7f1100000000-7f1104000000 rw-s 00000000 00:10 77     /dev/hugepages/vm-ram\n"
	"7f1140000000-7f1180000000 rw-s 00000000 00:11 78     /mnt/huge1g/guest (deleted)\n"
	"7f1180000000-7f1180200000 rw-p 00000000 00:0f 99     /anon_hugepage (deleted)\n"
	"7f1200000000-7f1201000000 rw-s 00000000 00:0e 1039   /[kvm-gmem] (deleted)\n"
	"7f1201000000-7f1201100000 rw-s 00000000 00:0e 1039   anon_inode:[kvm-gmem]\n"
	/* 48 MiB anonymous in three adjacent pieces, then a gap, then 16 MiB */
	"7f1300000000-7f1301000000 rw-p 00000000 00:00 0 \n"
	"7f1301000000-7f1302000000 rw-p 00000000 00:00 0\n"
	"7f1302000000-7f1303000000 rw-p 00000000 00:00 0      [anon:guest]\n"
	"7f1400000000-7f1401000000 rw-p 00000000 00:00 0 \n"
	/* read-only or private file mappings, devices and vCPU runs are not memory */
	"7f1500000000-7f1500800000 r--s 00000000 fe:00 999    /var/cache/x\n"
	"7f1510000000-7f1510800000 rw-p 00000000 fe:00 998    /var/lib/private\n"
	"7f1520000000-7f1520001000 rw-s 00000000 00:06 5      /dev/vfio/devices/vfio0\n"
	"7f1530000000-7f1530800000 rw-s 00000000 00:1a 6      /dev/shm/vm-ram\n"
	"7f1600000000-7f1600003000 rw-s 00000000 00:10 1038   anon_inode:kvm-vcpu:0\n"
	/* a shared anonymous region (MAP_SHARED|MAP_ANONYMOUS) */
	"7f1700000000-7f1704000000 rw-s 00000000 00:01 555    /dev/zero (deleted)\n"
	/* lines that do not parse */
	"garbage\n"
	"7f1800000000-7f1700000000 rw-p 00000000 00:00 0\n"
	"7f1900000000-7f1904000000 rw-p 00000000\n"
	"11111111111111111-7f1904000000 rw-p 00000000 00:00 0\n"
	"7f2000000000-7f2004000000 rwzp 00000000 00:00 0\n";

/*
 * QEMU in the arm64 rig: a vCPU thread's 8 MiB stack (its 64 KiB guard
 * below) lay right under a 64 MiB pflash region, and was counted with it.
 */
static const char qemu_stack_maps[] =
	"ffff7eff0000-ffff7f000000 ---p 00000000 00:00 0 \n"
	"ffff7f000000-ffff7f800000 rw-p 00000000 00:00 0 \n"
	"ffff7f800000-ffff83800000 rw-p 00000000 00:00 0 \n"
	"ffff83800000-ffff83801000 ---p 00000000 00:00 0 \n"
	"ffff83a00000-ffff87a00000 rw-p 00000000 00:00 0 \n"
	"ffff87a00000-ffff87a01000 ---p 00000000 00:00 0 \n"
	/* RAM right above a guard page is not a stack: it is large */
	"ffff87a01000-ffff8fa01000 rw-p 00000000 00:00 0 \n";

static void test_parse_maps_thread_stack(void **state)
{
	struct vmm_proc_mem *m;
	int n;

	(void)state;
	n = vmm_proc_parse_maps(qemu_stack_maps, NULL, &m);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].kind, VMM_MEM_ANON);
	assert_int_equal(m[0].bytes, (64ull + 64 + 128) << 20);
	assert_int_equal(m[0].mappings, 3);
	free(m);
}

static void test_parse_maps(void **state)
{
	struct vmm_hugetlb_mounts h = { 1, { "/mnt/huge1g" } };
	struct vmm_proc_mem *m;
	int n;

	(void)state;
	n = vmm_proc_parse_maps(maps_text, &h, &m);
	assert_int_equal(n, 7);
	assert_int_equal(m[0].kind, VMM_MEM_HUGETLB);
	assert_string_equal(m[0].name, "/dev/hugepages/vm-ram");
	assert_int_equal(m[0].bytes, 64ull << 20);
	assert_int_equal(m[1].kind, VMM_MEM_HUGETLB);
	assert_string_equal(m[1].name, "/mnt/huge1g/guest");
	assert_int_equal(m[1].bytes, 1ull << 30);
	assert_int_equal(m[2].kind, VMM_MEM_HUGETLB);
	assert_string_equal(m[2].name, "anon_hugepage");
	assert_int_equal(m[2].bytes, 2ull << 20);
	assert_int_equal(m[3].kind, VMM_MEM_MEMFD);
	assert_string_equal(m[3].name, "pc ram");
	assert_int_equal(m[3].bytes, 256ull << 20);
	assert_int_equal(m[3].mappings, 2);
	assert_int_equal(m[4].kind, VMM_MEM_GMEM);
	assert_string_equal(m[4].name, "");
	assert_int_equal(m[4].bytes, (16ull << 20) + (1ull << 20));
	assert_int_equal(m[5].kind, VMM_MEM_FILE);
	assert_string_equal(m[5].name, "/dev/shm/vm-ram");
	assert_int_equal(m[5].bytes, 8ull << 20);
	/* the 48 MiB run and the 64 MiB shared /dev/zero; 16 MiB alone is too small */
	assert_int_equal(m[6].kind, VMM_MEM_ANON);
	assert_int_equal(m[6].bytes, (48ull << 20) + (64ull << 20));
	assert_int_equal(m[6].mappings, 2);
	assert_string_equal(vmm_mem_kind_name(m[6].kind), "anon");
	free(m);
	/* without the mount list a file on another hugetlbfs is just a shared file */
	n = vmm_proc_parse_maps(maps_text, NULL, &m);
	assert_int_equal(n, 7);
	assert_int_equal(m[0].kind, VMM_MEM_HUGETLB);
	assert_string_equal(m[0].name, "/dev/hugepages/vm-ram");
	assert_int_equal(m[4].kind, VMM_MEM_FILE);
	assert_string_equal(m[4].name, "/dev/shm/vm-ram");
	assert_int_equal(m[5].kind, VMM_MEM_FILE);
	assert_string_equal(m[5].name, "/mnt/huge1g/guest");
	free(m);
	assert_int_equal(vmm_proc_parse_maps("", NULL, &m), 0);
	assert_null(m);
	assert_string_equal(vmm_mem_kind_name(VMM_MEM_GMEM), "guest_memfd");
}

static void test_debugfs_names_and_values(void **state)
{
	int32_t tid, fd;
	uint64_t v;

	(void)state;
	assert_int_equal(vmm_kvm_debugfs_parse_name("1234-11", &tid, &fd), 0);
	assert_int_equal(tid, 1234);
	assert_int_equal(fd, 11);
	assert_int_equal(vmm_kvm_debugfs_parse_name("1-0", &tid, &fd), 0);
	static const char *const bad[] = { "exits", "0-3", "-3", "12-", "12-x", "12--3",
					   "a1-2", "12-3-4", "99999999999-1", "1-2147483648",
					   "", NULL };
	for (int i = 0; bad[i]; i++)
		assert_int_equal(vmm_kvm_debugfs_parse_name(bad[i], &tid, &fd), -EINVAL);

	assert_int_equal(vmm_kvm_debugfs_parse_value("0\n", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(vmm_kvm_debugfs_parse_value("18446744073709551615\n", &v), 0);
	assert_true(v == UINT64_MAX);
	static const char *const badv[] = { "18446744073709551616\n", "12", " 12\n", "-1\n",
					    "12\n3", "1 2\n", "\n", "", "Rmap_Count:\t0\n",
					    NULL };
	for (int i = 0; badv[i]; i++)
		assert_int_equal(vmm_kvm_debugfs_parse_value(badv[i], &v), -EINVAL);
}

/* ---- debugfs through lib/sys ---------------------------------------------- */

#define KVM	"/sys/kernel/debug/kvm"

static void test_debugfs_stats(void **state)
{
	struct vmm_sys *s = *state;
	struct vmm_stats st;

	/* directories, tables, dumps and odd names are never opened */
	mock_expect_scan_dir(KVM "/100-11", (const char *const[]){
		"remote_tlb_flush", "vcpu0/", "pages_4k", "mmu_rmaps_stat", "max_mmu_rmap_size",
		"stage2_page_tables", "vgic-state", "exits", "halt_exits", "gone", NULL });
	mock_expect_stat_mode(KVM "/100-11/exits", S_IFREG | 0644, 0);
	mock_expect_read_file(KVM "/100-11/exits", "1234\n");
	mock_expect_stat_mode(KVM "/100-11/gone", 0, ENOENT);
	/* a locked-down kernel refuses writable debugfs files */
	mock_expect_stat_mode(KVM "/100-11/halt_exits", S_IFREG | 0644, 0);
	mock_expect_read_file_err(KVM "/100-11/halt_exits", EPERM);
	mock_expect_stat_mode(KVM "/100-11/max_mmu_rmap_size", S_IFREG | 0644, 0);
	mock_expect_read_file(KVM "/100-11/max_mmu_rmap_size", "3\n");
	mock_expect_stat_mode(KVM "/100-11/pages_4k", S_IFREG | 0444, 0);
	mock_expect_read_file(KVM "/100-11/pages_4k", "512\n");
	mock_expect_stat_mode(KVM "/100-11/remote_tlb_flush", S_IFREG | 0644, 0);
	mock_expect_read_file(KVM "/100-11/remote_tlb_flush", "not a number\n");
	assert_int_equal(vmm_kvm_debugfs_stats(s, "100-11", &st), 0);
	assert_int_equal(st.n, 3);
	assert_string_equal(st.v[0].name, "exits");
	assert_int_equal(st.v[0].type, VMM_KVM_STATS_CUMULATIVE);
	assert_int_equal(st.v[0].value, 1234);
	assert_false(st.v[0].has_unit);
	assert_string_equal(st.v[1].name, "max_mmu_rmap_size");
	assert_int_equal(st.v[1].type, VMM_KVM_STATS_PEAK);
	assert_string_equal(st.v[2].name, "pages_4k");
	assert_int_equal(st.v[2].type, VMM_KVM_STATS_INSTANT);
	assert_int_equal(st.v[2].value, 512);
	assert_int_equal(st.refused, 1);
	assert_int_equal(st.refused_err, EPERM);
	assert_int_equal(s->last.err, 0);
	vmm_stats_free(&st);

	mock_expect_scan_dir_err(KVM "/100-11", ENOENT);
	assert_int_equal(vmm_kvm_debugfs_stats(s, "100-11", &st), -ENOENT);
	assert_int_equal(st.n, 0);
}

static void test_debugfs_vms_and_vcpus(void **state)
{
	struct vmm_sys *s = *state;
	struct vmm_kvm_dbgvm *v;

	mock_expect_scan_dir(KVM, (const char *const[]){ "exits", "100-11/", "205-9/",
							   "remote_tlb_flush", NULL });
	assert_int_equal(vmm_kvm_debugfs_vms(s, &v), 2);
	assert_int_equal(v[0].tid, 100);
	assert_int_equal(v[0].fd, 11);
	assert_int_equal(v[1].tid, 205);
	assert_int_equal(v[1].fd, 9);
	free(v);
	mock_expect_scan_dir_err(KVM, EACCES);
	assert_int_equal(vmm_kvm_debugfs_vms(s, &v), -EACCES);
	assert_null(v);
	assert_string_equal(s->last.path, KVM);

	mock_expect_scan_dir(KVM "/100-11", (const char *const[]){ "vcpu0/", "vcpu1/", "vcpu",
								 "vcpux/", "vcpu2", "exits",
								 NULL });
	assert_int_equal(vmm_kvm_debugfs_vcpus(s, "100-11"), 2);
}

/* ---- whole scans ------------------------------------------------------------- */

static const char status_100[] = "Name:\tqemu\nTgid:\t100\nPid:\t100\nUid:\t0\t0\t0\t0\n";
static const char maps_100[] =
	"7f1000000000-7f1010000000 rw-s 00000000 00:01 4321 /memfd:ram (deleted)\n";
static const char *const fds_100[] = {
	"0", "/dev/null", "3", "/dev/kvm", "11", "anon_inode:kvm-vm",
	"12", "anon_inode:kvm-vcpu:0", "13", "anon_inode:kvm-vcpu:1",
	"14", "anon_inode:[kvm-gmem]", NULL,
};
static const char *const fds_400[] = { "3", "anon_inode:kvm-vm", "4", "anon_inode:kvm-vcpu:0",
				       NULL };

/* mounts: what /proc/mounts holds when this is the first VM process of the scan */
static void expect_vm_process_100(const char *mounts)
{
	mock_expect_scan_links("/proc/100/fd", fds_100);
	mock_expect_read_file("/proc/100/status", status_100);
	mock_expect_read_file("/proc/100/comm", "qemu\\1\n");
	if (mounts)
		mock_expect_read_all("/proc/mounts", mounts);
	mock_expect_read_all("/proc/100/maps", maps_100);
}

/*
 * Every debugfs directory is claimed: each process is probed on the named fd
 * numbers only, and the one holding a VM is read in full.
 */
static void test_scan_probes_named_fds(void **state)
{
	struct vmm_sys *s = *state;
	struct vmm_proc_scan sc;

	mock_expect_scan_dir(KVM, (const char *const[]){ "100-11/", "exits", NULL });
	mock_expect_scan_dir("/proc", (const char *const[]){ "100/", "300/", "400/", "self/",
							      "mounts", NULL });
	mock_expect_readlink("/proc/100/fd/11", "anon_inode:kvm-vm");
	expect_vm_process_100("none /dev/hugepages hugetlbfs rw 0 0\n");
	mock_expect_readlink_err("/proc/300/fd/11", ENOENT);
	mock_expect_readlink_err("/proc/400/fd/11", EACCES);
	mock_expect_scan_dir(KVM "/100-11", (const char *const[]){ "vcpu0/", "vcpu1/", "exits",
								 NULL });
	assert_int_equal(vmm_proc_scan(s, 0, &sc), 0);
	assert_false(sc.all_fds);
	assert_int_equal(sc.scanned, 3);
	assert_int_equal(sc.unreadable, 1);
	assert_int_equal(sc.debugfs_err, 0);
	assert_int_equal(sc.nunmatched, 0);
	assert_int_equal(sc.nvms, 1);
	assert_int_equal(sc.vms[0].pid, 100);
	assert_int_equal(sc.vms[0].fd, 11);
	assert_int_equal(sc.vms[0].tid, 100);
	assert_int_equal(sc.vms[0].vcpus, 2);
	assert_string_equal(sc.vms[0].debugfs, "100-11");
	assert_int_equal(sc.nprocs, 1);
	assert_string_equal(sc.procs[0].comm, "qemu\\1");	/* comm's, not status's */
	assert_int_equal(sc.procs[0].uid, 0);
	assert_int_equal(sc.procs[0].vcpu_fds, 2);
	assert_int_equal(sc.procs[0].gmem_fds, 1);
	assert_int_equal(sc.procs[0].nmem, 1);
	assert_int_equal(sc.procs[0].mem[0].kind, VMM_MEM_MEMFD);
	assert_int_equal(s->last.err, 0);	/* refusals were counted, not failures */
	vmm_proc_scan_free(&sc);
}

/*
 * kvm/350-7 is claimed by nobody at fd 7 (its VM went to process 400 as fd
 * 3): the probe is thrown away and every fd of every process read.
 */
static void test_scan_falls_back_to_all_fds(void **state)
{
	struct vmm_sys *s = *state;
	struct vmm_proc_scan sc;

	mock_expect_scan_dir(KVM, (const char *const[]){ "100-11/", "350-7/", NULL });
	/* the probe */
	mock_expect_scan_dir("/proc", (const char *const[]){ "100/", "400/", NULL });
	mock_expect_readlink("/proc/100/fd/11", "anon_inode:kvm-vm");
	expect_vm_process_100("");
	mock_expect_readlink("/proc/400/fd/11", "/dev/null");
	mock_expect_readlink_err("/proc/400/fd/7", ENOENT);
	mock_expect_scan_dir(KVM "/100-11", (const char *const[]){ "vcpu0/", NULL });
	/* the full scan */
	mock_expect_scan_dir("/proc", (const char *const[]){ "100/", "400/", NULL });
	expect_vm_process_100(NULL);
	mock_expect_scan_links("/proc/400/fd", fds_400);
	mock_expect_read_file("/proc/400/status", "Name:\tworker\nTgid:\t400\nUid:\t1000\n");
	mock_expect_read_file("/proc/400/comm", "worker\n");
	mock_expect_read_all_err("/proc/400/maps", EACCES);
	/* 350-7 has fd 7, VM 400-3 has fd 3: no thread check is even tried */
	mock_expect_scan_dir(KVM "/100-11", (const char *const[]){ "vcpu0/", NULL });
	assert_int_equal(vmm_proc_scan(s, 0, &sc), 0);
	assert_true(sc.all_fds);
	assert_int_equal(sc.scanned, 2);
	assert_int_equal(sc.nvms, 2);
	assert_int_equal(sc.vms[1].pid, 400);
	assert_int_equal(sc.vms[1].fd, 3);
	assert_int_equal(sc.vms[1].tid, -1);
	assert_string_equal(sc.vms[1].debugfs, "");
	assert_int_equal(sc.vms[1].vcpus, 1);	/* its only VM: the vCPU fds count */
	assert_int_equal(sc.procs[sc.vms[1].proc].nmem, 0);
	assert_int_equal(sc.procs[sc.vms[1].proc].uid, 1000);
	assert_int_equal(sc.nunmatched, 1);
	assert_string_equal(sc.unmatched[0], "350-7");
	vmm_proc_scan_free(&sc);
}

/* No debugfs: every fd of every process; a thread's debugfs name is matched through task/. */
static void test_scan_without_debugfs_and_thread_names(void **state)
{
	struct vmm_sys *s = *state;
	struct vmm_proc_scan sc;

	mock_expect_scan_dir_err(KVM, EACCES);
	mock_expect_scan_dir("/proc", (const char *const[]){ "200/", "300/", NULL });
	mock_expect_scan_links("/proc/200/fd", (const char *const[]){
		"5", "anon_inode:kvm-vm", "9", "anon_inode:kvm-vm", "7", "anon_inode:kvm-vcpu:0",
		NULL });
	mock_expect_read_file("/proc/200/status", "Name:\tcrosvm\nTgid:\t200\n");
	mock_expect_read_file_err("/proc/200/comm", ENOENT);	/* status's then */
	mock_expect_read_all_err("/proc/mounts", ENOENT);	/* no hugetlbfs then */
	mock_expect_read_all("/proc/200/maps", "");
	mock_expect_scan_links_err("/proc/300/fd", ESRCH);	/* exited meanwhile */
	assert_int_equal(vmm_proc_scan(s, 0, &sc), 0);
	assert_true(sc.all_fds);
	assert_int_equal(sc.debugfs_err, EACCES);
	assert_int_equal(sc.unreadable, 0);
	assert_int_equal(sc.nvms, 2);
	assert_int_equal(sc.vms[0].fd, 5);
	assert_int_equal(sc.vms[1].fd, 9);
	/* two VMs: the vCPU fd cannot say whose it is */
	assert_int_equal(sc.vms[0].vcpus, -1);
	assert_int_equal(sc.procs[0].uid, -1);
	vmm_proc_scan_free(&sc);

	/* one process: 205-9 was made by its thread 205, 200-5 by itself */
	mock_expect_scan_dir(KVM, (const char *const[]){ "205-9/", "200-5/", "999-9/", NULL });
	mock_expect_scan_links("/proc/200/fd", (const char *const[]){
		"5", "anon_inode:kvm-vm", "9", "anon_inode:kvm-vm", NULL });
	mock_expect_read_file("/proc/200/status", "Name:\tcrosvm\nTgid:\t200\n");
	mock_expect_read_file_err("/proc/200/comm", ENOENT);	/* status's then */
	mock_expect_read_all("/proc/mounts", "");
	mock_expect_read_all("/proc/200/maps", "");
	mock_expect_access("/proc/200/task/205", 0);
	mock_expect_scan_dir(KVM "/200-5", (const char *const[]){ "vcpu0/", NULL });
	mock_expect_scan_dir(KVM "/205-9", (const char *const[]){ "vcpu0/", "vcpu1/", NULL });
	assert_int_equal(vmm_proc_scan(s, 200, &sc), 0);
	assert_int_equal(sc.nvms, 2);
	assert_int_equal(sc.vms[0].tid, 200);
	assert_int_equal(sc.vms[0].vcpus, 1);
	assert_int_equal(sc.vms[1].tid, 205);
	assert_string_equal(sc.vms[1].debugfs, "205-9");
	assert_int_equal(sc.vms[1].vcpus, 2);
	/* other processes' directories are not this scan's to judge */
	assert_int_equal(sc.nunmatched, 0);
	vmm_proc_scan_free(&sc);
}

static void test_scan_one_process(void **state)
{
	struct vmm_sys *s = *state;
	struct vmm_proc_scan sc;

	/* a thread id reads as its process: rescanned as the process */
	mock_expect_scan_dir(KVM, (const char *const[]){ "100-11/", NULL });
	mock_expect_scan_links("/proc/101/fd", fds_100);
	mock_expect_read_file("/proc/101/status", "Name:\tCPU 0/KVM\nTgid:\t100\nPid:\t101\n");
	expect_vm_process_100("");
	/* no vcpuN directories (arm64): the process's two vCPU fds count */
	mock_expect_scan_dir(KVM "/100-11", (const char *const[]){ "exits", NULL });
	assert_int_equal(vmm_proc_scan(s, 101, &sc), 0);
	assert_int_equal(sc.nvms, 1);
	assert_int_equal(sc.vms[0].pid, 100);
	assert_int_equal(sc.vms[0].vcpus, 2);
	assert_int_equal(sc.scanned, 1);
	vmm_proc_scan_free(&sc);

	mock_expect_scan_dir(KVM, (const char *const[]){ NULL });
	mock_expect_scan_links_err("/proc/77/fd", ENOENT);
	assert_int_equal(vmm_proc_scan(s, 77, &sc), -ENOENT);
	assert_string_equal(s->last.path, "/proc/77/fd");
	assert_int_equal(sc.nvms, 0);

	mock_expect_scan_dir(KVM, (const char *const[]){ NULL });
	mock_expect_scan_links_err("/proc/1/fd", EACCES);
	assert_int_equal(vmm_proc_scan(s, 1, &sc), -EACCES);
	assert_int_equal(s->last.err, EACCES);

	/* a process without VMs: found, nothing in it, no status read */
	mock_expect_scan_dir(KVM, (const char *const[]){ NULL });
	mock_expect_scan_links("/proc/300/fd", (const char *const[]){ "0", "/dev/null", NULL });
	assert_int_equal(vmm_proc_scan(s, 300, &sc), 0);
	assert_int_equal(sc.nvms, 0);
	assert_int_equal(sc.scanned, 1);
	vmm_proc_scan_free(&sc);
}

/* debugfs lists no VM: one access per process still counts the refusals. */
static void test_scan_counts_refusals_without_vms(void **state)
{
	struct vmm_sys *s = *state;
	struct vmm_proc_scan sc;

	mock_expect_scan_dir(KVM, (const char *const[]){ "exits", NULL });
	mock_expect_scan_dir("/proc", (const char *const[]){ "1/", "2/", "3/", NULL });
	mock_expect_access("/proc/1/fd", -EACCES);
	mock_expect_access("/proc/2/fd", 0);
	mock_expect_access("/proc/3/fd", -ENOENT);
	assert_int_equal(vmm_proc_scan(s, 0, &sc), 0);
	assert_false(sc.all_fds);
	assert_int_equal(sc.scanned, 3);
	assert_int_equal(sc.unreadable, 1);
	assert_int_equal(sc.nvms, 0);
	vmm_proc_scan_free(&sc);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_sys_setup, unit_sys_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_fd_kind),
		T(test_parse_status),
		T(test_parse_comm),
		T(test_parse_mounts),
		T(test_parse_maps),
		T(test_parse_maps_thread_stack),
		T(test_debugfs_names_and_values),
		T(test_debugfs_stats),
		T(test_debugfs_vms_and_vcpus),
		T(test_scan_probes_named_fds),
		T(test_scan_falls_back_to_all_fds),
		T(test_scan_without_debugfs_and_thread_names),
		T(test_scan_one_process),
		T(test_scan_counts_refusals_without_vms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
