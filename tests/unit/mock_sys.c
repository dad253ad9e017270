// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Scripted replacement for lib/sys.c in the unit tests: every function of
 * lib/sys.h, with the kernel replaced by cmocka expectations.
 *
 * Each call consumes, in this order:
 *
 *   vmm_sys_ioctl      check_expected fd, req, arg (arg as memory: use
 *                      expect_memory with the exact bytes, or expect_any);
 *                      mock(): reply length, reply pointer (only when the
 *                      length is non-zero; copied into arg), return value
 *   vmm_sys_ioctl_int  check_expected fd, req, arg; mock(): return value
 *   vmm_sys_open       check_expected path, flags; mock(): return value
 *   vmm_sys_access     check_expected path, mode; mock(): return value
 *   vmm_sys_read_file  check_expected path; mock(): content (NUL-terminated
 *   vmm_sys_readlink   string), or NULL followed by the negative return
 *   vmm_sys_read       check_expected path; mock(): length (negative is
 *                      -errno), then the data pointer when length > 0
 *   vmm_sys_write_file check_expected path, val; mock(): return value
 *   vmm_sys_list_dir   check_expected path; mock(): NULL-terminated name
 *                      array, or NULL followed by the negative return
 *   vmm_sys_stat_mode  check_expected path; mock(): mode, or 0 followed by
 *                      the negative return
 *   vmm_sys_pread      check_expected fd, off; mock(): as vmm_sys_read
 *   vmm_sys_mmap       check_expected len, prot, flags, fd, off; mock():
 *                      address (uintptr_t), or 0 followed by -errno
 *   vmm_sys_memfd      mock(): return value
 *   vmm_sys_tmpfile_user  mock(): return value
 *   vmm_sys_pwrite_all check_expected fd, len, off; mock(): return value;
 *                      the bytes of each that succeeds are kept (mock_pwritten)
 *   vmm_sys_ftruncate  check_expected fd, len; mock(): return value
 *   vmm_sys_fsize      check_expected fd; mock(): size, or -1 then -errno
 *
 * A negative return is -errno and records the error context in s->last the
 * way lib/sys.c does (op "ioctl" with the ioctl's name, "open", "read", ...).
 * vmm_sys_close records the fd (see mock_fd_closed) and never fails.
 *
 * The mock_expect_*() helpers below queue one whole call; ioctl reply bytes
 * and list_dir names are copied, path strings must outlive the call:
 *
 *	struct foo in = { ... }, out = { ... };
 *
 *	mock_expect_ioctl(0xc010aa01, &in, sizeof(in), &out, sizeof(out), 0);
 *	mock_expect_ioctl_int(0xae03, 231, 1);
 *	mock_expect_read_file("/proc/cmdline", "root=/dev/vda kvm-arm.mode=nvhe\n");
 *	mock_expect_read_file_err("/proc/mounts", ENOENT);
 *
 * Helpers (fd < 0 or flags < 0: not checked): mock_expect_ioctl[_fd],
 * mock_expect_ioctl_int[_fd], mock_expect_open, mock_expect_access,
 * mock_expect_read_file[_err], mock_expect_readlink[_err], mock_expect_read,
 * mock_expect_write_file, mock_expect_list_dir[_err], mock_expect_stat_mode,
 * mock_expect_pread, mock_expect_mmap, mock_expect_memfd,
 * mock_expect_ftruncate, mock_expect_fsize; mock_fd_closed() and
 * mock_sys_reset() for closes; prototypes in mock_sys.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/sys.h"
#include "mock_sys.h"

/* root prefix and error context come from lib/sysctx.c, as in the real build */

/* ---- scripted calls ---------------------------------------------------- */

static int closed[64];
static unsigned int nclosed;

int vmm_sys_close(int fd)
{
	closed[nclosed++ % 64] = fd;
	return 0;
}

/* Whether vmm_sys_close(fd) was called since the last mock_sys_reset(). */
bool mock_fd_closed(int fd)
{
	for (unsigned int i = 0; i < nclosed && i < 64; i++)
		if (closed[i] == fd)
			return true;
	return false;
}

/* What the successful vmm_sys_pwrite_all calls wrote, one after the other. */
static uint8_t *pwritten;
static size_t pwritten_len;

const uint8_t *mock_pwritten(size_t *len)
{
	*len = pwritten_len;
	return pwritten;
}

void mock_sys_reset(void)
{
	free(pwritten);
	pwritten = NULL;
	pwritten_len = 0;
	nclosed = 0;
	memset(mock_isatty, 0, sizeof(mock_isatty));
}

int vmm_sys_open(struct vmm_sys *s, const char *path, int flags)
{
	int ret;

	check_expected_ptr(path);
	check_expected(flags);
	ret = mock_type(int);
	return ret < 0 ? vmm_sys_record(s, -ret, "open", NULL, path) : ret;
}

/* Unit tests use no root prefix. */
/* Scripted as an O_RDWR open: a non-character node is an open returning -ENODEV. */
int vmm_sys_open_dev(struct vmm_sys *s, const char *path)
{
	return vmm_sys_open(s, path, O_RDWR);
}

/* Scripted like vmm_sys_open: a user path is an open all the same. */
int vmm_sys_open_user(struct vmm_sys *s, const char *path, int flags)
{
	return vmm_sys_open(s, path, flags);
}

/*
 * Atomic writes: the open is scripted like vmm_sys_open (its path and a
 * return value), the bytes are kept in mock_atomic for the test to check.
 */
struct mock_atomic mock_atomic;

int vmm_sys_atomic_open(struct vmm_sys *s, const char *path, struct vmm_sys_atomic *a)
{
	int ret = vmm_sys_open(s, path, O_WRONLY | O_CREAT);

	a->fd = ret < 0 ? -1 : ret;
	snprintf(a->path, sizeof(a->path), "%s", path);
	mock_atomic.len = 0;
	mock_atomic.committed = false;
	return ret < 0 ? ret : 0;
}

int vmm_sys_atomic_write(struct vmm_sys *s, struct vmm_sys_atomic *a, const void *buf, size_t len)
{
	(void)s;
	(void)a;
	if (mock_atomic.len + len > sizeof(mock_atomic.buf))
		return -EFBIG;
	memcpy(mock_atomic.buf + mock_atomic.len, buf, len);
	mock_atomic.len += len;
	return 0;
}

int vmm_sys_atomic_commit(struct vmm_sys *s, struct vmm_sys_atomic *a)
{
	(void)s;
	a->fd = -1;
	mock_atomic.committed = true;
	return 0;
}

void vmm_sys_atomic_abort(struct vmm_sys_atomic *a)
{
	a->fd = -1;
}

int vmm_sys_access(struct vmm_sys *s, const char *path, int mode)
{
	int ret;

	check_expected_ptr(path);
	check_expected(mode);
	ret = mock_type(int);
	return ret < 0 ? vmm_sys_record(s, -ret, "access", NULL, path) : ret;
}

/* Copies scripted content as a NUL-terminated file of at most len - 1 bytes. */
static ssize_t copy_text(const char *content, char *buf, size_t len)
{
	size_t n = strlen(content);

	if (n > len - 1)
		n = len - 1;
	memcpy(buf, content, n);
	buf[n] = '\0';
	return (ssize_t)n;
}

ssize_t vmm_sys_read_file(struct vmm_sys *s, const char *path, char *buf, size_t len)
{
	const char *content;

	if (!len)
		return vmm_sys_record(s, EINVAL, "read", NULL, path);
	check_expected_ptr(path);
	content = mock_ptr_type(const char *);
	if (!content)
		return vmm_sys_record(s, -mock_type(int), "open", NULL, path);
	return copy_text(content, buf, len);
}

ssize_t vmm_sys_readlink(struct vmm_sys *s, const char *path, char *buf, size_t len)
{
	const char *target;

	check_expected_ptr(path);
	target = mock_ptr_type(const char *);
	if (!target)
		return vmm_sys_record(s, -mock_type(int), "readlink", NULL, path);
	return copy_text(target, buf, len);
}

ssize_t vmm_sys_read(struct vmm_sys *s, int fd, void *buf, size_t len, const char *path)
{
	ssize_t n;
	void *data;

	(void)fd;
	check_expected_ptr(path);
	n = mock_type(ssize_t);
	if (n < 0)
		return vmm_sys_record(s, (int)-n, "read", NULL, path);
	if (!n)
		return 0;
	data = mock_ptr_type(void *);
	if ((size_t)n > len)
		n = (ssize_t)len;
	memcpy(buf, data, (size_t)n);
	free(data);
	return n;
}

int vmm_sys_write_file(struct vmm_sys *s, const char *path, const char *val)
{
	int ret;

	check_expected_ptr(path);
	check_expected_ptr(val);
	ret = mock_type(int);
	return ret < 0 ? vmm_sys_record(s, -ret, "write", NULL, path) : ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vmm_sys_list_dir(struct vmm_sys *s, const char *path, char ***out)
{
	char **names;
	int n = 0;

	*out = NULL;
	check_expected_ptr(path);
	names = mock_ptr_type(char **);
	if (!names)
		return vmm_sys_record(s, -mock_type(int), "opendir", NULL, path);
	while (names[n])
		n++;
	/* like lib/sys.c: no array for an empty directory */
	if (!n) {
		free(names);
		return 0;
	}
	/* the caller owns the array: hand over the copy made when scripting */
	qsort(names, (size_t)n, sizeof(*names), cmp_names);
	*out = names;
	return n;
}

int vmm_sys_ioctl(struct vmm_sys *s, int fd, unsigned long req, const char *name, void *arg)
{
	size_t out_len;
	void *out;
	int ret;

	check_expected(fd);
	check_expected(req);
	check_expected_ptr(arg);
	out_len = mock_type(size_t);
	if (out_len) {
		out = mock_ptr_type(void *);
		memcpy(arg, out, out_len);
		free(out);
	}
	ret = mock_type(int);
	return ret < 0 ? vmm_sys_record(s, -ret, "ioctl", name, NULL) : ret;
}

int vmm_sys_ioctl_int(struct vmm_sys *s, int fd, unsigned long req, const char *name,
		      unsigned long arg)
{
	int ret;

	check_expected(fd);
	check_expected(req);
	check_expected(arg);
	ret = mock_type(int);
	return ret < 0 ? vmm_sys_record(s, -ret, "ioctl", name, NULL) : ret;
}

int vmm_sys_stat_mode(struct vmm_sys *s, const char *path, unsigned int *mode)
{
	unsigned int m;

	check_expected_ptr(path);
	m = mock_type(unsigned int);
	if (!m)
		return vmm_sys_record(s, -mock_type(int), "stat", NULL, path);
	*mode = m;
	return 0;
}

ssize_t vmm_sys_pread(struct vmm_sys *s, int fd, void *buf, size_t len, off_t off,
		      const char *what)
{
	ssize_t n;
	void *data;

	check_expected(fd);
	check_expected(off);
	n = mock_type(ssize_t);
	if (n < 0)
		return vmm_sys_record(s, (int)-n, "pread", what, NULL);
	if (!n)
		return 0;
	data = mock_ptr_type(void *);
	if ((size_t)n > len)
		n = (ssize_t)len;
	memcpy(buf, data, (size_t)n);
	free(data);
	return n;
}

int vmm_sys_mmap(struct vmm_sys *s, size_t len, int prot, int flags, int fd, off_t off,
		 const char *what, void **addr)
{
	uintptr_t a;

	check_expected(len);
	check_expected(prot);
	check_expected(flags);
	check_expected(fd);
	check_expected(off);
	a = mock_type(uintptr_t);
	if (!a)
		return vmm_sys_record(s, -mock_type(int), "mmap", what, NULL);
	*addr = (void *)a;
	return 0;
}

int vmm_sys_munmap(void *addr, size_t len)
{
	(void)addr;
	(void)len;
	return 0;
}

int vmm_sys_memfd(struct vmm_sys *s, const char *name)
{
	int ret = mock_type(int);

	return ret < 0 ? vmm_sys_record(s, -ret, "memfd_create", name, NULL) : ret;
}

int vmm_sys_tmpfile_user(struct vmm_sys *s, const char *what)
{
	int ret = mock_type(int);

	return ret < 0 ? vmm_sys_record(s, -ret, "open(O_TMPFILE)", what, NULL) : ret;
}

int vmm_sys_pwrite_all(struct vmm_sys *s, int fd, const void *buf, size_t len, off_t off,
		       const char *what)
{
	uint8_t *p;
	int ret;

	check_expected(fd);
	check_expected(len);
	check_expected(off);
	ret = mock_type(int);
	if (ret < 0)
		return vmm_sys_record(s, -ret, "pwrite", what, NULL);
	p = realloc(pwritten, pwritten_len + len);
	assert_non_null(p);
	memcpy(p + pwritten_len, buf, len);
	pwritten = p;
	pwritten_len += len;
	return ret;
}

int vmm_sys_ftruncate(struct vmm_sys *s, int fd, off_t len, const char *what)
{
	int ret;

	check_expected(fd);
	check_expected(len);
	ret = mock_type(int);
	return ret < 0 ? vmm_sys_record(s, -ret, "ftruncate", what, NULL) : ret;
}

int vmm_sys_fsize(struct vmm_sys *s, int fd, off_t *size, const char *what)
{
	long long v;

	check_expected(fd);
	v = mock_type(long long);
	if (v < 0)
		return vmm_sys_record(s, -mock_type(int), "fstat", what, NULL);
	*size = (off_t)v;
	return 0;
}

/* ---- scripting helpers ---------------------------------------------------- */

static void *dup_bytes(const void *p, size_t len)
{
	void *q = malloc(len);

	assert_non_null(q);
	memcpy(q, p, len);
	return q;
}

/*
 * One vmm_sys_ioctl on fd with request req: the argument must hold exactly
 * in_len bytes equal to in (in == NULL: not checked); out_len bytes of out
 * are then copied into the argument and ret is returned (-errno fails).
 */
void mock_expect_ioctl_fd(int fd, unsigned long req, const void *in, size_t in_len,
			  const void *out, size_t out_len, int ret)
{
	if (fd < 0)
		expect_any(vmm_sys_ioctl, fd);
	else
		expect_value(vmm_sys_ioctl, fd, fd);
	expect_value(vmm_sys_ioctl, req, req);
	if (in)
		expect_memory(vmm_sys_ioctl, arg, in, in_len);
	else
		expect_any(vmm_sys_ioctl, arg);
	will_return(vmm_sys_ioctl, out ? out_len : 0);
	if (out && out_len)
		will_return(vmm_sys_ioctl, (uintptr_t)dup_bytes(out, out_len));
	will_return(vmm_sys_ioctl, ret);
}

/* Same on any fd. */
void mock_expect_ioctl(unsigned long req, const void *in, size_t in_len, const void *out,
		       size_t out_len, int ret)
{
	mock_expect_ioctl_fd(-1, req, in, in_len, out, out_len, ret);
}

/* One vmm_sys_ioctl_int on fd (< 0: any) with request req and integer arg. */
void mock_expect_ioctl_int_fd(int fd, unsigned long req, unsigned long arg, int ret)
{
	if (fd < 0)
		expect_any(vmm_sys_ioctl_int, fd);
	else
		expect_value(vmm_sys_ioctl_int, fd, fd);
	expect_value(vmm_sys_ioctl_int, req, req);
	expect_value(vmm_sys_ioctl_int, arg, arg);
	will_return(vmm_sys_ioctl_int, ret);
}

void mock_expect_ioctl_int(unsigned long req, unsigned long arg, int ret)
{
	mock_expect_ioctl_int_fd(-1, req, arg, ret);
}

/* flags < 0: not checked. */
void mock_expect_open(const char *path, int flags, int ret)
{
	expect_string(vmm_sys_open, path, path);
	if (flags < 0)
		expect_any(vmm_sys_open, flags);
	else
		expect_value(vmm_sys_open, flags, flags);
	will_return(vmm_sys_open, ret);
}

void mock_expect_access(const char *path, int ret)
{
	expect_string(vmm_sys_access, path, path);
	expect_any(vmm_sys_access, mode);
	will_return(vmm_sys_access, ret);
}

void mock_expect_read_file(const char *path, const char *content)
{
	expect_string(vmm_sys_read_file, path, path);
	will_return(vmm_sys_read_file, (uintptr_t)content);
}

void mock_expect_read_file_err(const char *path, int err)
{
	expect_string(vmm_sys_read_file, path, path);
	will_return(vmm_sys_read_file, (uintptr_t)NULL);
	will_return(vmm_sys_read_file, -err);
}

void mock_expect_readlink(const char *path, const char *target)
{
	expect_string(vmm_sys_readlink, path, path);
	will_return(vmm_sys_readlink, (uintptr_t)target);
}

void mock_expect_readlink_err(const char *path, int err)
{
	expect_string(vmm_sys_readlink, path, path);
	will_return(vmm_sys_readlink, (uintptr_t)NULL);
	will_return(vmm_sys_readlink, -err);
}

/* One vmm_sys_read naming path: len bytes of data, 0 for EOF, or -errno. */
void mock_expect_read(const char *path, const void *data, ssize_t len)
{
	expect_string(vmm_sys_read, path, path);
	will_return(vmm_sys_read, len);
	if (len > 0)
		will_return(vmm_sys_read, (uintptr_t)dup_bytes(data, (size_t)len));
}

void mock_expect_write_file(const char *path, const char *val, int ret)
{
	expect_string(vmm_sys_write_file, path, path);
	expect_string(vmm_sys_write_file, val, val);
	will_return(vmm_sys_write_file, ret);
}

/* names: NULL-terminated, in any order (the mock sorts like lib/sys.c). */
void mock_expect_list_dir(const char *path, const char *const *names)
{
	char **v;
	int n = 0;

	while (names[n])
		n++;
	v = calloc((size_t)n + 1, sizeof(*v));
	assert_non_null(v);
	for (int i = 0; i < n; i++) {
		v[i] = strdup(names[i]);
		assert_non_null(v[i]);
	}
	expect_string(vmm_sys_list_dir, path, path);
	will_return(vmm_sys_list_dir, (uintptr_t)v);
}

void mock_expect_list_dir_err(const char *path, int err)
{
	expect_string(vmm_sys_list_dir, path, path);
	will_return(vmm_sys_list_dir, (uintptr_t)NULL);
	will_return(vmm_sys_list_dir, -err);
}

/* mode 0: the path does not exist (err). */
void mock_expect_stat_mode(const char *path, unsigned int mode, int err)
{
	expect_string(vmm_sys_stat_mode, path, path);
	will_return(vmm_sys_stat_mode, mode);
	if (!mode)
		will_return(vmm_sys_stat_mode, -err);
}

/* One vmm_sys_pread on fd at off: len bytes of data, 0 for EOF, or -errno. */
void mock_expect_pread(int fd, off_t off, const void *data, ssize_t len)
{
	expect_value(vmm_sys_pread, fd, fd);
	expect_value(vmm_sys_pread, off, off);
	will_return(vmm_sys_pread, len);
	if (len > 0)
		will_return(vmm_sys_pread, (uintptr_t)dup_bytes(data, (size_t)len));
}

/* One vmm_sys_tmpfile_user: the fd it gives, or -errno. */
void mock_expect_tmpfile(int ret)
{
	will_return(vmm_sys_tmpfile_user, ret);
}

/* One vmm_sys_pwrite_all of len bytes at off on fd: 0 or -errno. */
void mock_expect_pwrite(int fd, size_t len, off_t off, int ret)
{
	expect_value(vmm_sys_pwrite_all, fd, fd);
	expect_value(vmm_sys_pwrite_all, len, len);
	expect_value(vmm_sys_pwrite_all, off, off);
	will_return(vmm_sys_pwrite_all, ret);
}

/* addr 0: fails with err. */
void mock_expect_mmap(size_t len, int prot, int flags, int fd, off_t off, uintptr_t addr,
		      int err)
{
	expect_value(vmm_sys_mmap, len, len);
	expect_value(vmm_sys_mmap, prot, prot);
	expect_value(vmm_sys_mmap, flags, flags);
	expect_value(vmm_sys_mmap, fd, fd);
	expect_value(vmm_sys_mmap, off, off);
	will_return(vmm_sys_mmap, addr);
	if (!addr)
		will_return(vmm_sys_mmap, -err);
}

void mock_expect_memfd(int ret)
{
	will_return(vmm_sys_memfd, ret);
}

void mock_expect_ftruncate(int fd, off_t len, int ret)
{
	expect_value(vmm_sys_ftruncate, fd, fd);
	expect_value(vmm_sys_ftruncate, len, len);
	will_return(vmm_sys_ftruncate, ret);
}

/* size < 0: fails with err. */
void mock_expect_fsize(int fd, long long size, int err)
{
	expect_value(vmm_sys_fsize, fd, fd);
	will_return(vmm_sys_fsize, size);
	if (size < 0)
		will_return(vmm_sys_fsize, -err);
}

/*
 * ---- directory walks, whole files, time -----------------------------------
 *
 *   vmm_sys_scan_dir   check_expected path; mock(): NULL-terminated name
 *                      array (a trailing '/' makes the entry DT_DIR, else
 *                      DT_REG), or NULL followed by the negative return
 *   vmm_sys_scan_links check_expected path; mock(): NULL-terminated array of
 *                      name, target pairs, or NULL followed by the negative
 *                      return
 *   vmm_sys_read_all   check_expected path; mock(): content, or NULL
 *                      followed by the negative return
 *
 * The callbacks run on the scripted entries in order. vmm_sys_now_ns and
 * vmm_sys_sleep_ns are a virtual clock: a sleep advances it and never
 * waits, so sampling code runs at once. Helpers: mock_expect_scan_dir[_err],
 * mock_expect_scan_links[_err], mock_expect_read_all[_err], mock_clock_ns().
 */

static char **dup_strv(const char *const *v)
{
	char **d;
	int n = 0;

	while (v[n])
		n++;
	d = calloc((size_t)n + 1, sizeof(*d));
	assert_non_null(d);
	for (int i = 0; i < n; i++) {
		d[i] = strdup(v[i]);
		assert_non_null(d[i]);
	}
	return d;
}

static void free_strv(char **v)
{
	for (int i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

int vmm_sys_scan_dir(struct vmm_sys *s, const char *path, vmm_sys_dir_fn fn, void *arg)
{
	char **names;
	int ret = 0;

	check_expected_ptr(path);
	names = mock_ptr_type(char **);
	if (!names)
		return vmm_sys_record(s, -mock_type(int), "opendir", NULL, path);
	for (int i = 0; names[i] && !ret; i++) {
		size_t n = strlen(names[i]);
		bool dir = n && names[i][n - 1] == '/';

		if (dir)
			names[i][n - 1] = '\0';
		ret = fn(arg, names[i], dir ? 4 /* DT_DIR */ : 8 /* DT_REG */);
	}
	free_strv(names);
	return ret;
}

int vmm_sys_scan_links(struct vmm_sys *s, const char *path, vmm_sys_link_fn fn, void *arg)
{
	char **pairs;
	int ret = 0;

	check_expected_ptr(path);
	pairs = mock_ptr_type(char **);
	if (!pairs)
		return vmm_sys_record(s, -mock_type(int), "opendir", NULL, path);
	for (int i = 0; pairs[i] && pairs[i + 1] && !ret; i += 2)
		ret = fn(arg, pairs[i], pairs[i + 1]);
	free_strv(pairs);
	return ret;
}

ssize_t vmm_sys_read_all(struct vmm_sys *s, const char *path, size_t max, char **buf)
{
	const char *content;

	*buf = NULL;
	check_expected_ptr(path);
	content = mock_ptr_type(const char *);
	if (!content)
		return vmm_sys_record(s, -mock_type(int), "open", NULL, path);
	if (strlen(content) > max)
		return vmm_sys_record(s, EFBIG, "read", NULL, path);
	*buf = strdup(content);
	assert_non_null(*buf);
	return (ssize_t)strlen(content);
}

static uint64_t clock_ns;

uint64_t vmm_sys_now_ns(void)
{
	return clock_ns;
}

uint64_t vmm_sys_boot_ns(void)
{
	return clock_ns;
}

int vmm_sys_sleep_ns(uint64_t ns)
{
	clock_ns += ns;
	return 0;
}

uint64_t mock_clock_ns(void)
{
	return clock_ns;
}

/* names: NULL-terminated; "vcpu0/" is a directory. */
void mock_expect_scan_dir(const char *path, const char *const *names)
{
	expect_string(vmm_sys_scan_dir, path, path);
	will_return(vmm_sys_scan_dir, (uintptr_t)dup_strv(names));
}

void mock_expect_scan_dir_err(const char *path, int err)
{
	expect_string(vmm_sys_scan_dir, path, path);
	will_return(vmm_sys_scan_dir, (uintptr_t)NULL);
	will_return(vmm_sys_scan_dir, -err);
}

/* pairs: name, target, name, target, ..., NULL. */
void mock_expect_scan_links(const char *path, const char *const *pairs)
{
	expect_string(vmm_sys_scan_links, path, path);
	will_return(vmm_sys_scan_links, (uintptr_t)dup_strv(pairs));
}

void mock_expect_scan_links_err(const char *path, int err)
{
	expect_string(vmm_sys_scan_links, path, path);
	will_return(vmm_sys_scan_links, (uintptr_t)NULL);
	will_return(vmm_sys_scan_links, -err);
}

void mock_expect_read_all(const char *path, const char *content)
{
	expect_string(vmm_sys_read_all, path, path);
	will_return(vmm_sys_read_all, (uintptr_t)content);
}

void mock_expect_read_all_err(const char *path, int err)
{
	expect_string(vmm_sys_read_all, path, path);
	will_return(vmm_sys_read_all, (uintptr_t)NULL);
	will_return(vmm_sys_read_all, -err);
}

/* --- iommufd: pidfd --- */
/*   vmm_sys_pidfd_open   check_expected pid; mock(): return value
 *   vmm_sys_pidfd_getfd  check_expected pidfd, target_fd; mock(): return value */
int vmm_sys_pidfd_open(struct vmm_sys *s, pid_t pid)
{
	int ret;

	check_expected(pid);
	ret = mock_type(int);
	return ret < 0 ? vmm_sys_record(s, -ret, "pidfd_open", NULL, NULL) : ret;
}

int vmm_sys_pidfd_getfd(struct vmm_sys *s, int pidfd, int target_fd)
{
	int ret;

	check_expected(pidfd);
	check_expected(target_fd);
	ret = mock_type(int);
	return ret < 0 ? vmm_sys_record(s, -ret, "pidfd_getfd", NULL, NULL) : ret;
}

void mock_expect_pidfd_open(pid_t pid, int ret)
{
	if (pid < 0)
		expect_any(vmm_sys_pidfd_open, pid);
	else
		expect_value(vmm_sys_pidfd_open, pid, pid);
	will_return(vmm_sys_pidfd_open, ret);
}

void mock_expect_pidfd_getfd(int pidfd, int target_fd, int ret)
{
	if (pidfd < 0)
		expect_any(vmm_sys_pidfd_getfd, pidfd);
	else
		expect_value(vmm_sys_pidfd_getfd, pidfd, pidfd);
	if (target_fd < 0)
		expect_any(vmm_sys_pidfd_getfd, target_fd);
	else
		expect_value(vmm_sys_pidfd_getfd, target_fd, target_fd);
	will_return(vmm_sys_pidfd_getfd, ret);
}

/* --- TSM/PCI --- */
/* Not scripted: the scripted machine has none of the files asked about (udev's hwdb). */
int vmm_sys_access_user(struct vmm_sys *s, const char *path, int mode)
{
	(void)mode;
	return vmm_sys_record(s, ENOENT, "access", NULL, path);
}

/* --- MTE --- */
/*
 *   vmm_sys_ptrace_stop / _detach  check_expected pid; mock(): return value
 *   vmm_sys_ptrace_tags  check_expected pid, write, addr, ntags; mock():
 *                        tags moved, then (peek) a pointer to that many
 *                        tag bytes, then the return value
 *   vmm_sys_atomic_pwrite  patches mock_atomic.buf at off
 *   vmm_sys_isatty       mock_isatty[fd] (fd 0-2; false unless a test sets it)
 *   vmm_sys_term_size    80x24 where vmm_sys_isatty, else -ENOTTY
 *   vmm_sys_cpus         1: the scripted calls stay in one thread
 *   vmm_sys_hugepage_hint  nothing
 */
int vmm_sys_ptrace_stop(struct vmm_sys *s, pid_t pid)
{
	int ret;

	check_expected(pid);
	ret = mock_type(int);
	return ret < 0 ? vmm_sys_record(s, -ret, "ptrace", "PTRACE_SEIZE", NULL) : ret;
}

int vmm_sys_ptrace_detach(struct vmm_sys *s, pid_t pid)
{
	(void)s;
	check_expected(pid);
	return mock_type(int);
}

int vmm_sys_ptrace_tags(struct vmm_sys *s, pid_t pid, bool write, uint64_t addr, void *tags,
			size_t *ntags)
{
	size_t moved;
	size_t want = *ntags;
	const void *data;
	int ret;

	check_expected(pid);
	check_expected(write);
	check_expected(addr);
	check_expected(want);
	moved = mock_type(size_t);
	data = mock_ptr_type(const void *);
	if (!write && data && moved)
		memcpy(tags, data, moved);
	ret = mock_type(int);
	if (ret < 0)
		return vmm_sys_record(s, -ret, "ptrace", write ? "PTRACE_POKEMTETAGS" :
				      "PTRACE_PEEKMTETAGS", NULL);
	*ntags = moved;
	return 0;
}

void mock_expect_ptrace_stop(pid_t pid, int ret)
{
	expect_value(vmm_sys_ptrace_stop, pid, pid);
	will_return(vmm_sys_ptrace_stop, ret);
}

void mock_expect_ptrace_detach(pid_t pid)
{
	expect_value(vmm_sys_ptrace_detach, pid, pid);
	will_return(vmm_sys_ptrace_detach, 0);
}

/* data: moved bytes for a peek (kept by the caller until the call), or NULL. */
void mock_expect_ptrace_tags(pid_t pid, bool write, uint64_t addr, size_t want, size_t moved,
			     const void *data, int ret)
{
	expect_value(vmm_sys_ptrace_tags, pid, pid);
	expect_value(vmm_sys_ptrace_tags, write, write);
	expect_value(vmm_sys_ptrace_tags, addr, addr);
	expect_value(vmm_sys_ptrace_tags, want, want);
	will_return(vmm_sys_ptrace_tags, moved);
	will_return(vmm_sys_ptrace_tags, (uintptr_t)data);
	will_return(vmm_sys_ptrace_tags, ret);
}

int vmm_sys_atomic_pwrite(struct vmm_sys *s, struct vmm_sys_atomic *a, const void *buf,
			  size_t len, off_t off)
{
	(void)s;
	(void)a;
	if ((size_t)off + len > sizeof(mock_atomic.buf))
		return -EFBIG;
	memcpy(mock_atomic.buf + off, buf, len);
	if ((size_t)off + len > mock_atomic.len)
		mock_atomic.len = (size_t)off + len;
	return 0;
}

bool mock_isatty[3];

bool vmm_sys_isatty(int fd)
{
	return fd >= 0 && fd < 3 && mock_isatty[fd];
}

int vmm_sys_term_size(int fd, unsigned int *cols, unsigned int *rows)
{
	if (!vmm_sys_isatty(fd))
		return -ENOTTY;
	*cols = 80;
	*rows = 24;
	return 0;
}

int vmm_sys_cpus(void)
{
	return 1;
}

void vmm_sys_hugepage_hint(void *addr, size_t len)
{
	(void)addr;
	(void)len;
}

/* Snapshots are tested through the CLI on real files; here they only fail. */
int64_t vmm_sys_wall_s(void)
{
	return 0;
}

int vmm_sys_mkdir_user(struct vmm_sys *s, const char *path, bool exist_ok)
{
	(void)exist_ok;
	return vmm_sys_record(s, ENOSYS, "mkdir", NULL, path);
}

int vmm_sys_write_user(struct vmm_sys *s, const char *path, const void *buf, size_t len,
		       unsigned int mode, bool sync)
{
	(void)buf;
	(void)len;
	(void)mode;
	(void)sync;
	return vmm_sys_record(s, ENOSYS, "open", NULL, path);
}

int vmm_sys_symlink_user(struct vmm_sys *s, const char *target, const char *path)
{
	(void)target;
	return vmm_sys_record(s, ENOSYS, "symlink", NULL, path);
}

int vmm_sys_stat_user(struct vmm_sys *s, const char *path, unsigned int *mode, uint64_t *size)
{
	(void)mode;
	(void)size;
	return vmm_sys_record(s, ENOSYS, "stat", NULL, path);
}

int vmm_sys_mkdtemp_user(struct vmm_sys *s, const char *prefix, char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return vmm_sys_record(s, ENOSYS, "mkdtemp", NULL, prefix);
}

int vmm_sys_rename_user(struct vmm_sys *s, const char *from, const char *to)
{
	(void)from;
	return vmm_sys_record(s, ENOSYS, "rename", NULL, to);
}

void vmm_sys_remove_tree(const char *path)
{
	(void)path;
}

ssize_t vmm_sys_read_user(struct vmm_sys *s, const char *path, size_t max, char **buf)
{
	(void)max;
	*buf = NULL;
	return vmm_sys_record(s, ENOSYS, "open", NULL, path);
}

/* --- guest-side CoCo: no unit test scripts these; a call fails the test --- */
int vmm_sys_mkdir(struct vmm_sys *s, const char *path)
{
	fail_msg("unexpected vmm_sys_mkdir(%s)", path);
	return vmm_sys_record(s, ENOSYS, "mkdir", NULL, path);
}

int vmm_sys_rmdir(struct vmm_sys *s, const char *path)
{
	fail_msg("unexpected vmm_sys_rmdir(%s)", path);
	return vmm_sys_record(s, ENOSYS, "rmdir", NULL, path);
}

int vmm_sys_write_bin(struct vmm_sys *s, const char *path, const void *buf, size_t len)
{
	(void)buf;
	(void)len;
	fail_msg("unexpected vmm_sys_write_bin(%s)", path);
	return vmm_sys_record(s, ENOSYS, "write", NULL, path);
}

int vmm_sys_random(struct vmm_sys *s, void *buf, size_t len)
{
	memset(buf, 0x5a, len);
	(void)s;
	return 0;
}
