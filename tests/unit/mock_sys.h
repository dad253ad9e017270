/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scripting the replacement of lib/sys.c; see the comment in mock_sys.c. */
#ifndef VMM_TESTS_MOCK_SYS_H
#define VMM_TESTS_MOCK_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

void mock_expect_ioctl_fd(int fd, unsigned long req, const void *in, size_t in_len,
			  const void *out, size_t out_len, int ret);
void mock_expect_ioctl(unsigned long req, const void *in, size_t in_len, const void *out,
		       size_t out_len, int ret);
void mock_expect_ioctl_int_fd(int fd, unsigned long req, unsigned long arg, int ret);
void mock_expect_ioctl_int(unsigned long req, unsigned long arg, int ret);
void mock_expect_open(const char *path, int flags, int ret);
/* What vmm_sys_atomic_* wrote (the open is a scripted vmm_sys_open, flags O_WRONLY|O_CREAT). */
struct mock_atomic {
	char buf[1 << 16];
	size_t len;
	bool committed;
};
extern struct mock_atomic mock_atomic;
extern bool mock_isatty[3];	/* vmm_sys_isatty's answer for fds 0-2 */
void mock_expect_access(const char *path, int ret);
void mock_expect_read_file(const char *path, const char *content);
void mock_expect_read_file_err(const char *path, int err);
void mock_expect_readlink(const char *path, const char *target);
void mock_expect_readlink_err(const char *path, int err);
void mock_expect_read(const char *path, const void *data, ssize_t len);
void mock_expect_write_file(const char *path, const char *val, int ret);
void mock_expect_list_dir(const char *path, const char *const *names);
void mock_expect_list_dir_err(const char *path, int err);
void mock_expect_stat_mode(const char *path, unsigned int mode, int err);
void mock_expect_pread(int fd, off_t off, const void *data, ssize_t len);
void mock_expect_tmpfile(int ret);
void mock_expect_pwrite(int fd, size_t len, off_t off, int ret);
const uint8_t *mock_pwritten(size_t *len);
void mock_expect_mmap(size_t len, int prot, int flags, int fd, off_t off, uintptr_t addr,
		      int err);
void mock_expect_memfd(int ret);
void mock_expect_ftruncate(int fd, off_t len, int ret);
void mock_expect_fsize(int fd, long long size, int err);
bool mock_fd_closed(int fd);
void mock_sys_reset(void);

void mock_expect_scan_dir(const char *path, const char *const *names);
void mock_expect_scan_dir_err(const char *path, int err);
void mock_expect_scan_links(const char *path, const char *const *pairs);
void mock_expect_scan_links_err(const char *path, int err);
void mock_expect_read_all(const char *path, const char *content);
void mock_expect_read_all_err(const char *path, int err);
uint64_t mock_clock_ns(void);

/* --- iommufd: pidfd --- */
/* ret >= 0: the new fd; < 0: -errno. pid/target_fd < 0: not checked. */
void mock_expect_pidfd_open(pid_t pid, int ret);
void mock_expect_pidfd_getfd(int pidfd, int target_fd, int ret);

/* --- MTE --- */
void mock_expect_ptrace_stop(pid_t pid, int ret);
void mock_expect_ptrace_detach(pid_t pid);
void mock_expect_ptrace_tags(pid_t pid, bool write, uint64_t addr, size_t want, size_t moved,
			     const void *data, int ret);

#endif
