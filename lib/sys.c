// SPDX-License-Identifier: GPL-3.0-or-later
#include "sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "uapi/kvm.h"

int vmm_sys_open(struct vmm_sys *s, const char *path, int flags)
{
	char full[PATH_MAX];
	int fd, ret;

	ret = vmm_sys_path(s, path, full, sizeof(full));
	if (ret)
		return vmm_sys_record(s, -ret, "open", NULL, path);
	fd = open(full, flags | O_CLOEXEC);
	if (fd < 0)
		return vmm_sys_record(s, errno, "open", NULL, path);
	return fd;
}

/*
 * A snapshot's device node: its manifest opened read-only stands in (a real
 * fd for close), and KVM's answers come from the manifest (snap_ioctl_int).
 */
static int snap_open_dev(struct vmm_sys *s, const char *path)
{
	char full[PATH_MAX];
	int fd;

	if (!vmm_sys_snap_dev(s, path))
		return vmm_sys_record(s, ENOENT, "open", NULL, path);
	if (vmm_sys_path(s, "/vmmctl-snapshot.json", full, sizeof(full)))
		return vmm_sys_record(s, ENAMETOOLONG, "open", NULL, path);
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vmm_sys_record(s, errno, "open", NULL, path);
	if (!strcmp(path, "/dev/kvm"))
		s->snap->kvm_fd = fd;
	return fd;
}

static int snap_ioctl_int(struct vmm_sys *s, int fd, unsigned long req, const char *name,
			  unsigned long arg)
{
	const struct vmm_sys_snap *sn = s->snap;

	if (fd != sn->kvm_fd || fd < 0)
		return vmm_sys_record(s, EROFS, "ioctl", name, NULL);
	if (req == VMM_KVM_GET_API_VERSION)
		return sn->api_version;
	if (req != VMM_KVM_CHECK_EXTENSION)
		return vmm_sys_record(s, EROFS, "ioctl", name, NULL);
	for (int i = 0; i < sn->ncaps; i++)
		if (sn->caps[i].cap == arg)
			return sn->caps[i].val < 0 ?
			       vmm_sys_record(s, -sn->caps[i].val, "ioctl", name, NULL) :
			       sn->caps[i].val;
	return 0;			/* what KVM answers for a capability it does not know */
}

int vmm_sys_open_dev(struct vmm_sys *s, const char *path)
{
	struct stat st;
	int fd;

	if (s->snap)
		return snap_open_dev(s, path);
	/* O_RDWR without O_CREAT: a missing node must never become a file */
	fd = vmm_sys_open(s, path, O_RDWR);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) || !S_ISCHR(st.st_mode)) {
		close(fd);
		return vmm_sys_record(s, ENODEV, "open", NULL, path);
	}
	return fd;
}

int vmm_sys_open_user(struct vmm_sys *s, const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		return vmm_sys_record(s, errno, "open", NULL, path);
	return fd;
}

/* umask(2) can only be read by setting it: vmmctl is single-threaded. */
static mode_t current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

int vmm_sys_atomic_open(struct vmm_sys *s, const char *path, struct vmm_sys_atomic *a)
{
	int n;

	a->fd = -1;
	n = snprintf(a->path, sizeof(a->path), "%s", path);
	if (n < 0 || (size_t)n >= sizeof(a->path) ||
	    snprintf(a->tmp, sizeof(a->tmp), "%s.XXXXXX", path) >= (int)sizeof(a->tmp))
		return vmm_sys_record(s, ENAMETOOLONG, "open", NULL, path);
	a->fd = mkostemp(a->tmp, O_CLOEXEC);
	if (a->fd < 0)
		return vmm_sys_record(s, errno, "open", NULL, path);
	/* mkostemp makes 0600; a saved file is as readable as any other */
	fchmod(a->fd, 0644 & ~current_umask());
	return 0;
}

int vmm_sys_atomic_write(struct vmm_sys *s, struct vmm_sys_atomic *a, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(a->fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vmm_sys_record(s, errno, "write", NULL, a->path);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int vmm_sys_atomic_commit(struct vmm_sys *s, struct vmm_sys_atomic *a)
{
	char dir[PATH_MAX], *slash;
	int dfd, ret = 0;

	if (fsync(a->fd) || close(a->fd)) {
		a->fd = -1;
		ret = vmm_sys_record(s, errno, "write", NULL, a->path);
		goto fail;
	}
	a->fd = -1;
	if (rename(a->tmp, a->path)) {
		ret = vmm_sys_record(s, errno, "rename", NULL, a->path);
		goto fail;
	}
	/* the rename itself is durable once the directory is synced */
	snprintf(dir, sizeof(dir), "%s", a->path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	unlink(a->tmp);
	return ret;
}

void vmm_sys_atomic_abort(struct vmm_sys_atomic *a)
{
	if (a->fd < 0)
		return;
	close(a->fd);
	unlink(a->tmp);
	a->fd = -1;
}

int vmm_sys_close(int fd)
{
	return fd >= 0 ? close(fd) : 0;
}

int vmm_sys_access(struct vmm_sys *s, const char *path, int mode)
{
	char full[PATH_MAX];
	int ret;

	ret = vmm_sys_path(s, path, full, sizeof(full));
	if (ret)
		return vmm_sys_record(s, -ret, "access", NULL, path);
	if (access(full, mode))
		return vmm_sys_record(s, errno, "access", NULL, path);
	return 0;
}

ssize_t vmm_sys_read_file(struct vmm_sys *s, const char *path, char *buf, size_t len)
{
	size_t total = 0;
	ssize_t n;
	int fd;

	if (!len)
		return vmm_sys_record(s, EINVAL, "read", NULL, path);
	fd = vmm_sys_open(s, path, O_RDONLY);
	if (fd < 0)
		return fd;
	while (total < len - 1) {
		n = read(fd, buf + total, len - 1 - total);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = vmm_sys_record(s, errno, "read", NULL, path);
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		total += (size_t)n;
	}
	buf[total] = '\0';
	close(fd);
	return (ssize_t)total;
}

ssize_t vmm_sys_read(struct vmm_sys *s, int fd, void *buf, size_t len, const char *path)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return vmm_sys_record(s, errno, "read", NULL, path);
	return n;
}

ssize_t vmm_sys_readlink(struct vmm_sys *s, const char *path, char *buf, size_t len)
{
	char full[PATH_MAX];
	ssize_t n;
	int ret;

	ret = vmm_sys_path(s, path, full, sizeof(full));
	if (ret)
		return vmm_sys_record(s, -ret, "readlink", NULL, path);
	n = readlink(full, buf, len - 1);
	if (n < 0)
		return vmm_sys_record(s, errno, "readlink", NULL, path);
	buf[n] = '\0';
	return n;
}

int vmm_sys_write_file(struct vmm_sys *s, const char *path, const char *val)
{
	/* sysfs takes one write; a short write is an error, not a retry */
	return vmm_sys_write_bin(s, path, val, strlen(val));
}

/* opendir of ROOT+path with the error context recorded. */
static int open_dir(struct vmm_sys *s, const char *path, DIR **d)
{
	char full[PATH_MAX];
	int ret;

	ret = vmm_sys_path(s, path, full, sizeof(full));
	if (ret)
		return vmm_sys_record(s, -ret, "opendir", NULL, path);
	*d = opendir(full);
	if (!*d)
		return vmm_sys_record(s, errno, "opendir", NULL, path);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vmm_sys_list_dir(struct vmm_sys *s, const char *path, char ***out)
{
	char **names = NULL, **tmp;
	struct dirent *de;
	int n = 0, cap = 0, ret;
	DIR *d;

	*out = NULL;
	ret = open_dir(s, path, &d);
	if (ret)
		return ret;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			tmp = realloc(names, (size_t)cap * sizeof(*names));
			if (!tmp)
				goto nomem;
			names = tmp;
		}
		names[n] = strdup(de->d_name);
		if (!names[n])
			goto nomem;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, (size_t)n, sizeof(*names), cmp_names);
	*out = names;
	return n;
nomem:
	closedir(d);
	vmm_sys_free_names(names, n);
	return vmm_sys_record(s, ENOMEM, "opendir", NULL, path);
}

int vmm_sys_ioctl(struct vmm_sys *s, int fd, unsigned long req, const char *name, void *arg)
{
	int ret;

	if (s->snap)
		return vmm_sys_record(s, EROFS, "ioctl", name, NULL);
	do
		ret = ioctl(fd, req, arg);
	while (ret < 0 && errno == EINTR);
	if (ret < 0)
		return vmm_sys_record(s, errno, "ioctl", name, NULL);
	return ret;
}

int vmm_sys_ioctl_int(struct vmm_sys *s, int fd, unsigned long req, const char *name,
		      unsigned long arg)
{
	int ret;

	if (s->snap)
		return snap_ioctl_int(s, fd, req, name, arg);
	do
		ret = ioctl(fd, req, arg);
	while (ret < 0 && errno == EINTR);
	if (ret < 0)
		return vmm_sys_record(s, errno, "ioctl", name, NULL);
	return ret;
}

int vmm_sys_stat_mode(struct vmm_sys *s, const char *path, unsigned int *mode)
{
	char full[PATH_MAX];
	struct stat st;
	int ret;

	ret = vmm_sys_path(s, path, full, sizeof(full));
	if (ret)
		return vmm_sys_record(s, -ret, "stat", NULL, path);
	if (vmm_sys_snap_dev(s, path)) {
		*mode = S_IFCHR | 0600;
		return 0;
	}
	if (stat(full, &st))
		return vmm_sys_record(s, errno, "stat", NULL, path);
	*mode = st.st_mode;
	return 0;
}

ssize_t vmm_sys_pread(struct vmm_sys *s, int fd, void *buf, size_t len, off_t off,
		      const char *what)
{
	ssize_t n;

	do
		n = pread(fd, buf, len, off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return vmm_sys_record(s, errno, "pread", what, NULL);
	return n;
}

int vmm_sys_mmap(struct vmm_sys *s, size_t len, int prot, int flags, int fd, off_t off,
		 const char *what, void **addr)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);

	if (p == MAP_FAILED)
		return vmm_sys_record(s, errno, "mmap", what, NULL);
	*addr = p;
	return 0;
}

int vmm_sys_munmap(void *addr, size_t len)
{
	return addr ? munmap(addr, len) : 0;
}

int vmm_sys_memfd(struct vmm_sys *s, const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		return vmm_sys_record(s, errno, "memfd_create", name, NULL);
	return fd;
}

int vmm_sys_ftruncate(struct vmm_sys *s, int fd, off_t len, const char *what)
{
	if (ftruncate(fd, len))
		return vmm_sys_record(s, errno, "ftruncate", what, NULL);
	return 0;
}

int vmm_sys_fsize(struct vmm_sys *s, int fd, off_t *size, const char *what)
{
	struct stat st;

	if (fstat(fd, &st))
		return vmm_sys_record(s, errno, "fstat", what, NULL);
	*size = st.st_size;
	return 0;
}

/* ---- directory walks, whole files, time ---------------------------------- */

int vmm_sys_scan_dir(struct vmm_sys *s, const char *path, vmm_sys_dir_fn fn, void *arg)
{
	struct dirent *de;
	int ret;
	DIR *d;

	ret = open_dir(s, path, &d);
	if (ret)
		return ret;
	ret = 0;
	while (!ret && (de = readdir(d))) {
		if (de->d_name[0] == '.' && (!de->d_name[1] ||
					     (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		ret = fn(arg, de->d_name, de->d_type);
	}
	closedir(d);
	return ret;
}

int vmm_sys_scan_links(struct vmm_sys *s, const char *path, vmm_sys_link_fn fn, void *arg)
{
	char target[PATH_MAX];
	struct dirent *de;
	int ret, denied = 0;
	ssize_t n;
	DIR *d;

	ret = open_dir(s, path, &d);
	if (ret)
		return ret;
	ret = 0;
	while (!ret && (de = readdir(d))) {
		if (de->d_type != DT_LNK && de->d_type != DT_UNKNOWN)
			continue;
		n = readlinkat(dirfd(d), de->d_name, target, sizeof(target) - 1);
		if (n < 0 && (errno == EACCES || errno == EPERM) && !denied)
			denied = errno;
		if (n < 0)
			continue;	/* closed since getdents, or not a link */
		target[n] = '\0';
		ret = fn(arg, de->d_name, target);
	}
	closedir(d);
	/* /proc lists a process's fds to its owner but reads them only under ptrace rules */
	if (!ret && denied)
		ret = vmm_sys_record(s, denied, "readlink", NULL, path);
	return ret;
}

/* Reads fd to its end into *out (NUL-terminated); closes fd. A negative fd is the open's error. */
static ssize_t read_fd_all(struct vmm_sys *s, int fd, const char *path, size_t max, char **out)
{
	size_t len = 0, cap = 16384;
	char *buf = NULL, *tmp;
	ssize_t n;

	if (fd < 0)
		return fd;
	for (;;) {
		if (!buf || len + 1 >= cap) {
			if (buf)
				cap *= 2;
			tmp = realloc(buf, cap);
			if (!tmp) {
				n = vmm_sys_record(s, ENOMEM, "read", NULL, path);
				goto fail;
			}
			buf = tmp;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = vmm_sys_record(s, errno, "read", NULL, path);
			goto fail;
		}
		if (!n)
			break;
		len += (size_t)n;
		if (len > max) {
			n = vmm_sys_record(s, EFBIG, "read", NULL, path);
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
fail:
	close(fd);
	free(buf);
	return n;
}

ssize_t vmm_sys_read_all(struct vmm_sys *s, const char *path, size_t max, char **out)
{
	*out = NULL;
	return read_fd_all(s, vmm_sys_open(s, path, O_RDONLY), path, max, out);
}

ssize_t vmm_sys_read_user(struct vmm_sys *s, const char *path, size_t max, char **out)
{
	int fd;

	*out = NULL;
	if (strcmp(path, "-"))
		return read_fd_all(s, vmm_sys_open_user(s, path, O_RDONLY), path, max, out);
	/* stdin, through a duplicate that read_fd_all may close */
	fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return vmm_sys_record(s, errno, "dup", NULL, "stdin");
	return read_fd_all(s, fd, "stdin", max, out);
}

uint64_t vmm_sys_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t vmm_sys_boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int vmm_sys_sleep_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull) };

	return nanosleep(&ts, NULL) ? -errno : 0;
}

/* --- iommufd: pidfd --- */
#include <sys/syscall.h>

/* glibc 2.36 has no wrappers; the numbers are the same on x86_64 and arm64 (spec F.2) */
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

int vmm_sys_pidfd_open(struct vmm_sys *s, pid_t pid)
{
	long fd = syscall(SYS_pidfd_open, pid, 0);

	if (fd < 0)
		return vmm_sys_record(s, errno, "pidfd_open", NULL, NULL);
	return (int)fd;
}

int vmm_sys_pidfd_getfd(struct vmm_sys *s, int pidfd, int target_fd)
{
	long fd = syscall(SYS_pidfd_getfd, pidfd, target_fd, 0);

	if (fd < 0)
		return vmm_sys_record(s, errno, "pidfd_getfd", NULL, NULL);
	return (int)fd;
}

/* --- TSM/PCI --- */
int vmm_sys_access_user(struct vmm_sys *s, const char *path, int mode)
{
	if (access(path, mode))
		return vmm_sys_record(s, errno, "access", NULL, path);
	return 0;
}

/* --- MTE --- */
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "uapi/mte.h"

int vmm_sys_ptrace_stop(struct vmm_sys *s, pid_t pid)
{
	int st;

	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
		return vmm_sys_record(s, errno, "ptrace", "PTRACE_SEIZE", NULL);
	if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0) {
		int err = errno;

		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		return vmm_sys_record(s, err, "ptrace", "PTRACE_INTERRUPT", NULL);
	}
	for (;;) {
		pid_t r = waitpid(pid, &st, __WALL);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return vmm_sys_record(s, errno, "waitpid", NULL, NULL);
		if (WIFEXITED(st) || WIFSIGNALED(st))
			return vmm_sys_record(s, ESRCH, "waitpid", NULL, NULL);
		if (WIFSTOPPED(st))
			return 0;
	}
}

int vmm_sys_ptrace_detach(struct vmm_sys *s, pid_t pid)
{
	if (ptrace(PTRACE_DETACH, pid, NULL, NULL) < 0)
		return vmm_sys_record(s, errno, "ptrace", "PTRACE_DETACH", NULL);
	return 0;
}

int vmm_sys_ptrace_tags(struct vmm_sys *s, pid_t pid, bool write, uint64_t addr, void *tags,
			size_t *ntags)
{
	struct iovec iov = { tags, *ntags };
	long req = write ? VMM_PTRACE_POKEMTETAGS : VMM_PTRACE_PEEKMTETAGS;

	if (ptrace((enum __ptrace_request)req, pid, (void *)(uintptr_t)addr, &iov) < 0)
		return vmm_sys_record(s, errno, "ptrace", write ? "PTRACE_POKEMTETAGS" :
				      "PTRACE_PEEKMTETAGS", NULL);
	*ntags = iov.iov_len;
	return 0;
}

int vmm_sys_atomic_pwrite(struct vmm_sys *s, struct vmm_sys_atomic *a, const void *buf,
			  size_t len, off_t off)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = pwrite(a->fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vmm_sys_record(s, errno, "write", NULL, a->path);
		p += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

bool vmm_sys_isatty(int fd)
{
	return isatty(fd) == 1;
}

int vmm_sys_term_size(int fd, unsigned int *cols, unsigned int *rows)
{
	struct winsize w;

	if (ioctl(fd, TIOCGWINSZ, &w) < 0)
		return -errno;
	if (!w.ws_col || !w.ws_row)
		return -ENOTTY;
	*cols = w.ws_col;
	*rows = w.ws_row;
	return 0;
}

void vmm_sys_hugepage_hint(void *addr, size_t len)
{
	uintptr_t a = ((uintptr_t)addr + (2u << 20) - 1) & ~(uintptr_t)((2u << 20) - 1);
	uintptr_t e = ((uintptr_t)addr + len) & ~(uintptr_t)((2u << 20) - 1);

	if (e > a)
		madvise((void *)a, e - a, MADV_HUGEPAGE);
}

int vmm_sys_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

/* ---- snapshots ---------------------------------------------------------- */

int64_t vmm_sys_wall_s(void)
{
	return (int64_t)time(NULL);
}

int vmm_sys_mkdir_user(struct vmm_sys *s, const char *path, bool exist_ok)
{
	struct stat st;

	if (!mkdir(path, 0755))
		return 0;
	if (errno == EEXIST && exist_ok && !lstat(path, &st) && S_ISDIR(st.st_mode))
		return 0;
	return vmm_sys_record(s, errno == EEXIST && exist_ok ? ENOTDIR : errno, "mkdir", NULL,
			      path);
}

int vmm_sys_write_user(struct vmm_sys *s, const char *path, const void *buf, size_t len,
		       unsigned int mode, bool sync)
{
	const char *p = buf;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
	if (fd < 0)
		return vmm_sys_record(s, errno, "open", NULL, path);
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = vmm_sys_record(s, errno, "write", NULL, path);
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (!ret && sync && fsync(fd))
		ret = vmm_sys_record(s, errno, "write", NULL, path);
	close(fd);
	return ret;
}

int vmm_sys_symlink_user(struct vmm_sys *s, const char *target, const char *path)
{
	if (symlink(target, path))
		return vmm_sys_record(s, errno, "symlink", NULL, path);
	return 0;
}

int vmm_sys_stat_user(struct vmm_sys *s, const char *path, unsigned int *mode, uint64_t *size)
{
	struct stat st;

	if (stat(path, &st))
		return vmm_sys_record(s, errno, "stat", NULL, path);
	*mode = st.st_mode;
	if (size)
		*size = (uint64_t)st.st_size;
	return 0;
}

int vmm_sys_mkdtemp_user(struct vmm_sys *s, const char *prefix, char *buf, size_t len)
{
	/* the user's choice, else memory (files made and removed at once), else /tmp */
	const char *dirs[] = { getenv("TMPDIR"), getenv("XDG_RUNTIME_DIR"), "/dev/shm", "/tmp" };
	int n, err = ENOENT;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!dirs[i] || *dirs[i] != '/')
			continue;
		n = snprintf(buf, len, "%s/%s.XXXXXX", dirs[i], prefix);
		if (n < 0 || (size_t)n >= len)
			return vmm_sys_record(s, ENAMETOOLONG, "mkdtemp", NULL, prefix);
		if (mkdtemp(buf))
			return 0;
		err = errno;
		if (i == 0)	/* TMPDIR names where temporary files go: no other place */
			break;
	}
	return vmm_sys_record(s, err, "mkdtemp", NULL, buf);
}

int vmm_sys_tmpfile_user(struct vmm_sys *s, const char *what)
{
	/* TMPDIR when set (there only), else /tmp; a memfd where neither takes O_TMPFILE */
	const char *dir = getenv("TMPDIR");
	int fd;

	if (!dir || *dir != '/')
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	if (errno != EOPNOTSUPP && errno != EISDIR)
		return vmm_sys_record(s, errno, "open(O_TMPFILE)", NULL, dir);
	fd = memfd_create(what, MFD_CLOEXEC);
	if (fd < 0)
		return vmm_sys_record(s, errno, "memfd_create", what, NULL);
	return fd;
}

int vmm_sys_pwrite_all(struct vmm_sys *s, int fd, const void *buf, size_t len, off_t off,
		       const char *what)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = pwrite(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vmm_sys_record(s, errno, "pwrite", what, NULL);
		p += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

int vmm_sys_rename_user(struct vmm_sys *s, const char *from, const char *to)
{
	if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */))
		return vmm_sys_record(s, errno, "rename", NULL, to);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void vmm_sys_remove_tree(const char *path)
{
	/* depth first, physical: a link is removed, never followed */
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int vmm_sys_mkdir(struct vmm_sys *s, const char *path)
{
	char full[PATH_MAX];
	int ret = vmm_sys_path(s, path, full, sizeof(full));

	if (ret)
		return vmm_sys_record(s, -ret, "mkdir", NULL, path);
	if (mkdir(full, 0755))
		return vmm_sys_record(s, errno, "mkdir", NULL, path);
	return 0;
}

int vmm_sys_rmdir(struct vmm_sys *s, const char *path)
{
	char full[PATH_MAX];
	int ret = vmm_sys_path(s, path, full, sizeof(full));

	if (ret)
		return vmm_sys_record(s, -ret, "rmdir", NULL, path);
	if (rmdir(full))
		return vmm_sys_record(s, errno, "rmdir", NULL, path);
	return 0;
}

int vmm_sys_write_bin(struct vmm_sys *s, const char *path, const void *buf, size_t len)
{
	ssize_t n;
	int fd, ret = 0;

	fd = vmm_sys_open(s, path, O_WRONLY);
	if (fd < 0)
		return fd;
	n = write(fd, buf, len);
	if (n < 0)
		ret = vmm_sys_record(s, errno, "write", NULL, path);
	else if ((size_t)n != len)
		ret = vmm_sys_record(s, EIO, "write", NULL, path);
	/* configfs hands a binary attribute to its item here */
	if (close(fd) && !ret)
		ret = vmm_sys_record(s, errno, "close", NULL, path);
	return ret;
}

int vmm_sys_random(struct vmm_sys *s, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = getrandom((char *)buf + got, len - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vmm_sys_record(s, errno, "getrandom", NULL, "");
		got += (size_t)n;
	}
	return 0;
}
