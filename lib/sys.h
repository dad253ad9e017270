/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one door to the kernel: every open, read, write, ioctl and pidfd call
 * of lib/ goes through these wrappers, so that a root prefix applies to
 * every path and unit tests can replace this file with a scripted mock.
 */
#ifndef VMM_LIB_SYS_H
#define VMM_LIB_SYS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What the last failing call was about: cli/ turns it into the error object. */
struct vmm_sys_err {
	int err;			/* positive errno, 0 when clear */
	char op[16];			/* "open", "read", "ioctl", ... */
	char what[64];			/* ioctl name, or empty */
	char path[PATH_MAX];		/* path as the user sees it (no root) */
};

/*
 * Replay of a snapshot (lib/snap.h): what its host answered that is not a
 * file. With it set, the character devices it lists exist, /dev/kvm answers
 * KVM_GET_API_VERSION and KVM_CHECK_EXTENSION from it (a negative answer is
 * the errno the host's KVM refused it with), and every other ioctl
 * fails with EROFS: a snapshot has no kernel behind it.
 */
#define VMM_SYS_SNAP_CAPS	256
#define VMM_SYS_SNAP_DEVS	32
struct vmm_sys_snap {
	char arch[16];			/* "aarch64", "x86_64" */
	int api_version;		/* -1: the host had no usable /dev/kvm */
	int ncaps;
	struct { uint32_t cap; int32_t val; } caps[VMM_SYS_SNAP_CAPS];
	int ndevs;
	char devs[VMM_SYS_SNAP_DEVS][64];
	int kvm_fd;			/* the stand-in handed out for /dev/kvm, or -1 */
	int s2_probe;			/* the host's stage-2 dump probe: 0 or -errno */
	bool s2_present;		/* ... and whether a new VM had the dump */
};

struct vmm_sys {
	char root[PATH_MAX];		/* "" or a directory without trailing '/' */
	struct vmm_sys_err last;
	struct vmm_sys_snap *snap;	/* replaying a snapshot: its facts, else NULL */
};

int vmm_sys_init(struct vmm_sys *s, const char *root);
void vmm_sys_clear(struct vmm_sys *s);
/* Record the error context of a failed call; returns -err. */
int vmm_sys_record(struct vmm_sys *s, int err, const char *op, const char *what,
		   const char *path);
/* Record an error context without a syscall (for lib/ validation). */
int vmm_sys_fail(struct vmm_sys *s, int err, const char *op, const char *path);

/* The machine's architecture as uname names it: this build's, or a snapshot's. */
const char *vmm_sys_arch(const struct vmm_sys *s);
/* A snapshot's answer for a device node (true: it was a character device there). */
bool vmm_sys_snap_dev(const struct vmm_sys *s, const char *path);
/* Build ROOT+path into buf; returns -ENAMETOOLONG when it does not fit. */
int vmm_sys_path(const struct vmm_sys *s, const char *path, char *buf, size_t len);

int vmm_sys_open(struct vmm_sys *s, const char *path, int flags);
/* A kernel interface's device node, read-write: -ENODEV when it is not a character device. */
int vmm_sys_open_dev(struct vmm_sys *s, const char *path);
/* A path the user named (a backing file): never under the root prefix. */
int vmm_sys_open_user(struct vmm_sys *s, const char *path, int flags);
int vmm_sys_close(int fd);
int vmm_sys_access(struct vmm_sys *s, const char *path, int mode);
/* Reads a whole small file (sysfs, procfs, debugfs) NUL-terminated. */
ssize_t vmm_sys_read_file(struct vmm_sys *s, const char *path, char *buf, size_t len);
ssize_t vmm_sys_readlink(struct vmm_sys *s, const char *path, char *buf, size_t len);
/* One read(2) on an open fd; path names it in the error context. */
ssize_t vmm_sys_read(struct vmm_sys *s, int fd, void *buf, size_t len, const char *path);
int vmm_sys_write_file(struct vmm_sys *s, const char *path, const char *val);
/* Lists directory entry names (no "." and ".."), sorted; free with vmm_sys_free_names. */
int vmm_sys_list_dir(struct vmm_sys *s, const char *path, char ***names);
void vmm_sys_free_names(char **names, int n);

/* Whether path exists, and its mode (S_IFMT and permission bits) in *mode. */
int vmm_sys_stat_mode(struct vmm_sys *s, const char *path, unsigned int *mode);
/* pread(2) on an open fd (KVM stats fds are not seekable). */
ssize_t vmm_sys_pread(struct vmm_sys *s, int fd, void *buf, size_t len, off_t off,
		      const char *what);
/* Memory a session object hands to a guest: mmap/munmap, memfd, file size. */
int vmm_sys_mmap(struct vmm_sys *s, size_t len, int prot, int flags, int fd, off_t off,
		 const char *what, void **addr);
int vmm_sys_munmap(void *addr, size_t len);
int vmm_sys_memfd(struct vmm_sys *s, const char *name);
int vmm_sys_ftruncate(struct vmm_sys *s, int fd, off_t len, const char *what);
/* Size of an open file (st_size); what names it in the error context. */
int vmm_sys_fsize(struct vmm_sys *s, int fd, off_t *size, const char *what);

/*
 * A file the user named, written atomically: a temporary file in the same
 * directory, renamed over the target after fsync, so a reader sees the old
 * file or the whole new one, never a part. Never under the root prefix.
 */
struct vmm_sys_atomic {
	int fd;
	char path[PATH_MAX];
	char tmp[PATH_MAX];
};
int vmm_sys_atomic_open(struct vmm_sys *s, const char *path, struct vmm_sys_atomic *a);
int vmm_sys_atomic_write(struct vmm_sys *s, struct vmm_sys_atomic *a, const void *buf, size_t len);
/* fsync, rename, fsync of the directory; the temporary is removed on failure. */
int vmm_sys_atomic_commit(struct vmm_sys *s, struct vmm_sys_atomic *a);
void vmm_sys_atomic_abort(struct vmm_sys_atomic *a);

/* ioctl with its name for the error context; returns the ioctl's value or -errno. */
int vmm_sys_ioctl(struct vmm_sys *s, int fd, unsigned long req, const char *name, void *arg);
/* For ioctls whose argument is an integer (KVM_CHECK_EXTENSION, KVM_CREATE_VM). */
int vmm_sys_ioctl_int(struct vmm_sys *s, int fd, unsigned long req, const char *name, unsigned long arg);

/*
 * Directory walks for /proc and debugfs. vmm_sys_scan_dir calls fn(arg, name,
 * d_type) for every entry but "." and ".." in directory order (DT_UNKNOWN
 * where the filesystem does not say); vmm_sys_scan_links calls fn(arg, name,
 * target) for every entry of a directory of symbolic links (/proc/PID/fd),
 * reading each with readlinkat() on the open directory, so a directory costs
 * one path walk however many links it holds; entries that vanish meanwhile
 * are skipped, and links it may list but not read (ptrace rules in /proc)
 * make it return -EACCES or -EPERM once the others were seen. Both stop at
 * the first non-zero return of fn and return it; -errno when the directory
 * does not open.
 */
typedef int (*vmm_sys_dir_fn)(void *arg, const char *name, unsigned char type);
typedef int (*vmm_sys_link_fn)(void *arg, const char *name, const char *target);
int vmm_sys_scan_dir(struct vmm_sys *s, const char *path, vmm_sys_dir_fn fn, void *arg);
int vmm_sys_scan_links(struct vmm_sys *s, const char *path, vmm_sys_link_fn fn, void *arg);
/*
 * Reads a whole file of any length (/proc/PID/maps) into *buf (malloc'ed,
 * NUL-terminated; the caller frees it); -EFBIG past max bytes.
 */
ssize_t vmm_sys_read_all(struct vmm_sys *s, const char *path, size_t max, char **buf);
/* CLOCK_MONOTONIC in nanoseconds, and a sleep that a signal cuts short (-EINTR). */
uint64_t vmm_sys_now_ns(void);
int vmm_sys_sleep_ns(uint64_t ns);
/* CLOCK_BOOTTIME in nanoseconds: the clock of the hypervisor's trace. */
uint64_t vmm_sys_boot_ns(void);

/* --- iommufd: pidfd --- */
/* pidfd_open(pid, 0): a pidfd or -errno (ESRCH: no such process). */
int vmm_sys_pidfd_open(struct vmm_sys *s, pid_t pid);
/*
 * pidfd_getfd(pidfd, target_fd, 0): a duplicate (O_CLOEXEC) of another
 * process's fd, or -errno (EPERM without ptrace-attach rights, EBADF).
 */
int vmm_sys_pidfd_getfd(struct vmm_sys *s, int pidfd, int target_fd);

/* --- TSM/PCI --- */
/* access(2) of a file of this machine's own (never under the root prefix). */
int vmm_sys_access_user(struct vmm_sys *s, const char *path, int mode);

/* --- MTE --- */
/*
 * A process stopped for tag access: PTRACE_SEIZE, PTRACE_INTERRUPT and a
 * wait until it stops; detach lets it run on. -errno (EPERM: not traceable,
 * ESRCH: no such process).
 */
int vmm_sys_ptrace_stop(struct vmm_sys *s, pid_t pid);
int vmm_sys_ptrace_detach(struct vmm_sys *s, pid_t pid);
/*
 * PTRACE_PEEKMTETAGS (write false) or POKEMTETAGS (write true) of *ntags
 * tags at addr through an iovec; on return *ntags is what moved (may be short).
 */
int vmm_sys_ptrace_tags(struct vmm_sys *s, pid_t pid, bool write, uint64_t addr, void *tags,
			size_t *ntags);
/* Writes len bytes at off of an atomic file (a header known only at the end). */
int vmm_sys_atomic_pwrite(struct vmm_sys *s, struct vmm_sys_atomic *a, const void *buf,
			  size_t len, off_t off);
/* Whether fd is a terminal (progress output only when stderr is one). */
bool vmm_sys_isatty(int fd);
/* The terminal's columns and rows (TIOCGWINSZ): 0, -errno, -ENOTTY for a size of 0. */
int vmm_sys_term_size(int fd, unsigned int *cols, unsigned int *rows);
/*
 * Asks for transparent huge pages over the 2 MiB-aligned part of a large
 * buffer this process fills (fewer page faults); a hint, never an error.
 */
void vmm_sys_hugepage_hint(void *addr, size_t len);
/* Online CPUs, at least 1 (how many threads a parse may use). */
int vmm_sys_cpus(void);

/* --- snapshots: files of the user's own, never under the root prefix --- */
/* CLOCK_REALTIME in seconds (a snapshot's time). */
int64_t vmm_sys_wall_s(void);
/* mkdir(2) with mode 0755; an existing directory is not an error when exist_ok. */
int vmm_sys_mkdir_user(struct vmm_sys *s, const char *path, bool exist_ok);
/* A new file (O_EXCL) holding buf with mode; fsync when sync (a snapshot being kept). */
int vmm_sys_write_user(struct vmm_sys *s, const char *path, const void *buf, size_t len,
		       unsigned int mode, bool sync);
int vmm_sys_symlink_user(struct vmm_sys *s, const char *target, const char *path);
/* stat(2) of a path the user named (a link is followed): its mode and size. */
int vmm_sys_stat_user(struct vmm_sys *s, const char *path, unsigned int *mode, uint64_t *size);
/*
 * A private directory "DIR/PREFIX.XXXXXX" (mode 0700), its path in buf: DIR
 * is TMPDIR when set, else the first of XDG_RUNTIME_DIR, /dev/shm and /tmp
 * where one can be made (memory first: its files live for one command).
 */
int vmm_sys_mkdtemp_user(struct vmm_sys *s, const char *prefix, char *buf, size_t len);
/*
 * A temporary file with no name (O_TMPFILE in $TMPDIR, else /tmp; a memfd
 * where the file system cannot): it is gone when closed, whatever happens.
 */
int vmm_sys_tmpfile_user(struct vmm_sys *s, const char *what);
/* pwrite(2) until all of buf is written. */
int vmm_sys_pwrite_all(struct vmm_sys *s, int fd, const void *buf, size_t len, off_t off,
		       const char *what);
/* rename(2), failing when the target exists (renameat2 RENAME_NOREPLACE). */
int vmm_sys_rename_user(struct vmm_sys *s, const char *from, const char *to);
/* Removes a tree vmmctl made (never follows a link out of it); best effort. */
void vmm_sys_remove_tree(const char *path);
/* Reads a whole file the user named ("-": stdin) into *buf (malloc'ed); -EFBIG past max. */
ssize_t vmm_sys_read_user(struct vmm_sys *s, const char *path, size_t max, char **buf);


/* --- guest-side CoCo: configfs-tsm reports, TSM measurement registers --- */
/* mkdir(2) / rmdir(2) of ROOT+path (a configfs item). */
int vmm_sys_mkdir(struct vmm_sys *s, const char *path);
int vmm_sys_rmdir(struct vmm_sys *s, const char *path);
/*
 * One write(2) of len bytes to ROOT+path at offset 0, then close: a
 * binary attribute (configfs takes it at close, sysfs at the write).
 */
int vmm_sys_write_bin(struct vmm_sys *s, const char *path, const void *buf, size_t len);
/* getrandom(2) of len bytes (a nonce). */
int vmm_sys_random(struct vmm_sys *s, void *buf, size_t len);

#endif
