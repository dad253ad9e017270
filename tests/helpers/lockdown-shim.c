// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lockdown-shim.so: an LD_PRELOAD library that makes debugfs behave, for
 * the process that loads it, as under a kernel locked down for
 * confidentiality (fs/debugfs/file.c, debugfs_locked_down()): a debugfs
 * file opens only when its mode has no bit beyond 0444 and the open is
 * read-only; every other open fails with EPERM.  KVM's cumulative stat
 * files are 0644 and its instant ones 0444, so a host whose debugfs is not
 * restricted can prove the restricted path (tests/run.sh, tier
 * live-lockdown).  The rule is applied after the real open, by the file's
 * own file system (fstatfs) and mode (fstat), whatever the path.
 *
 * Built as a shared object by the top-level GNUmakefile (a helper whose
 * name ends in -shim.c); libc only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define SHIM_DEBUGFS_MAGIC 0x64626720	/* include/uapi/linux/magic.h: "dbg " */

/* fd from a real open: kept, or closed and -1/EPERM as lockdown would */
static int shim_filter(int fd, int flags)
{
	struct statfs sfs;
	struct stat st;

	if (fd < 0 || fstatfs(fd, &sfs) || sfs.f_type != SHIM_DEBUGFS_MAGIC)
		return fd;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		return fd;
	if ((st.st_mode & 07777 & ~0444) == 0 && (flags & O_ACCMODE) == O_RDONLY)
		return fd;
	close(fd);
	errno = EPERM;
	return -1;
}

typedef int (*shim_openat_fn)(int, const char *, int, ...);

static int shim_real_openat(int dfd, const char *path, int flags, mode_t mode)
{
	static shim_openat_fn real;

	if (!real)
		real = (shim_openat_fn)dlsym(RTLD_NEXT, "openat");
	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	return shim_filter(real(dfd, path, flags, mode), flags);
}

static mode_t shim_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | __O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

#define SHIM_OPEN(name)						\
int name(const char *path, int flags, ...)			\
{								\
	va_list ap;						\
	mode_t mode;						\
								\
	va_start(ap, flags);					\
	mode = shim_mode(flags, ap);				\
	va_end(ap);						\
	return shim_real_openat(AT_FDCWD, path, flags, mode);	\
}

#define SHIM_OPENAT(name)					\
int name(int dfd, const char *path, int flags, ...)		\
{								\
	va_list ap;						\
	mode_t mode;						\
								\
	va_start(ap, flags);					\
	mode = shim_mode(flags, ap);				\
	va_end(ap);						\
	return shim_real_openat(dfd, path, flags, mode);	\
}

int open(const char *path, int flags, ...);
int open64(const char *path, int flags, ...);
int openat(int dfd, const char *path, int flags, ...);
int openat64(int dfd, const char *path, int flags, ...);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dfd, const char *path, int flags);
int __openat64_2(int dfd, const char *path, int flags);

SHIM_OPEN(open)
SHIM_OPEN(open64)
SHIM_OPENAT(openat)
SHIM_OPENAT(openat64)

/* _FORTIFY_SOURCE's checked entry points (no mode argument) */
int __open_2(const char *path, int flags)
{
	return shim_real_openat(AT_FDCWD, path, flags, 0);
}

int __open64_2(const char *path, int flags)
{
	return shim_real_openat(AT_FDCWD, path, flags, 0);
}

int __openat_2(int dfd, const char *path, int flags)
{
	return shim_real_openat(dfd, path, flags, 0);
}

int __openat64_2(int dfd, const char *path, int flags)
{
	return shim_real_openat(dfd, path, flags, 0);
}
