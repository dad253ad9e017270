/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Snapshots: the files the read-only commands read from a host, with a
 * manifest (vmmctl-snapshot.json) for what is not a file (uname, KVM's
 * ioctl answers, HWCAP2, the device nodes) and the SHA-256 of every file.
 * Taken as a tree in memory, written as a directory or a gzip'ed ustar
 * tarball; replayed by pointing the root prefix at it (lib/sys's snap).
 */
#ifndef VMM_LIB_SNAP_H
#define VMM_LIB_SNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys.h"

#define VMM_SNAP_FORMAT		1
#define VMM_SNAP_MANIFEST	"vmmctl-snapshot.json"
/* A tarball unpacks to at most this much; a file holds at most VMM_SNAP_FILE_MAX. */
#define VMM_SNAP_TOTAL_MAX	(512u << 20)
#define VMM_SNAP_FILE_MAX	(64u << 20)

enum vmm_snap_type { VMM_SNAP_FILE, VMM_SNAP_LINK, VMM_SNAP_DIR };

struct vmm_snap_ent {
	char *path;		/* relative, "proc/cmdline" */
	enum vmm_snap_type type;
	char *data;		/* file bytes or link target, NUL-terminated */
	size_t len;
	unsigned int mode;	/* permission bits: KVM's stats tell their type by them */
};

/* A file left out, and why ("Permission denied", "left out: ..."). */
struct vmm_snap_refused {
	char *path;		/* as on the host, "/proc/1/maps" */
	char *reason;
};

struct vmm_snap_tree {
	struct vmm_snap_ent *e;
	int n, cap;
	int *idx;		/* open addressing over e by path: idx[h] = i + 1 */
	int icap;
	struct vmm_snap_refused *r;
	int nr, rcap;
	uint64_t bytes;		/* sum of the files' sizes */
};

void vmm_snap_tree_free(struct vmm_snap_tree *t);
/* Adds an entry (copies path and data); parents are added as directories. */
int vmm_snap_tree_add(struct vmm_snap_tree *t, const char *path, enum vmm_snap_type type,
		      const void *data, size_t len);
int vmm_snap_tree_refuse(struct vmm_snap_tree *t, const char *path, const char *reason);
const struct vmm_snap_ent *vmm_snap_tree_find(const struct vmm_snap_tree *t, const char *path);

/*
 * The tree as a gzip'ed POSIX ustar archive (*out malloc'ed), and back.
 * Unpacking refuses, with the reason in why: a bad gzip stream, a truncated
 * archive, a bad header checksum, a member type other than file, directory
 * or symbolic link, a name that is absolute or has "." or ".." components,
 * and sizes past the limits above.
 */
int vmm_snap_tar_pack(const struct vmm_snap_tree *t, int64_t mtime, unsigned char **out,
		      size_t *len);
int vmm_snap_tar_unpack(const void *buf, size_t len, struct vmm_snap_tree *t, char *why,
			size_t whylen);
/* The archive alone, not compressed (the same refusals past the gzip's). */
int vmm_snap_tar_read(const void *tar, size_t len, struct vmm_snap_tree *t, char *why,
		      size_t whylen);

/* What to take. */
struct vmm_snap_opts {
	const char *const *vms;	/* debugfs ids "PID-FD" to keep; NULL: all */
	int nvms;
	bool no_pci;
	bool no_stage2;
};

/*
 * Takes a snapshot of the host behind s (its root prefix applies) into t and
 * its manifest into *manifest (a json-c object, returned as void * so that
 * this header needs no json-c). Unreadable files are listed in t->r.
 */
int vmm_snap_take(struct vmm_sys *s, const struct vmm_snap_opts *o, const char *version,
		  struct vmm_snap_tree *t, void **manifest);

/* The files and the facts alone (lib/snap_take.c); vmm_snap_take adds the manifest. */
int vmm_snap_take_tree(struct vmm_sys *s, const struct vmm_snap_opts *o,
		       struct vmm_snap_tree *t, struct vmm_sys_snap *sn);

/*
 * Writes t plus the manifest: a directory (made beside it and renamed into
 * place) or, when tarball, one file written atomically.
 */
int vmm_snap_write(struct vmm_sys *s, struct vmm_snap_tree *t, void *manifest, const char *out,
		   bool tarball, uint64_t *size);

/* What a replay knows of its snapshot (for the "source" of every answer). */
struct vmm_snap_info {
	char host[64];
	char time[32];		/* ISO 8601, UTC */
	char arch[16];
	char release[64];
	char path[PATH_MAX];	/* what the user named */
	char unpacked[PATH_MAX];	/* the private directory of a tarball, or "" */
};

/*
 * Replay: when path (a --root) is a snapshot directory or tarball, checks
 * it (manifest version, every file's SHA-256, links) and points s at it
 * (a tarball is unpacked to a private temporary directory first). 1 when it
 * is a snapshot, 0 when path is a plain directory (a root prefix as before),
 * -EINVAL with the reason in why when it is neither or does not check out.
 */
int vmm_snap_open(struct vmm_sys *s, const char *path, struct vmm_snap_info *info, char *why,
		  size_t whylen);
/* Removes what vmm_snap_open unpacked. */
void vmm_snap_close(struct vmm_sys *s, struct vmm_snap_info *info);

/*
 * lib/snap_check.c, the checks a replay makes in memory (the fuzz target's).
 * vmm_snap_manifest_parse: the manifest's format, fields and types alone;
 * fills the facts of sn and info. vmm_snap_tree_verify: the tree's manifest
 * parsed so, and the tree held against its file list (every entry listed
 * once and there, each file's SHA-256 and mode, no link out of the tree).
 * Both 0, or -EINVAL with the reason in why.
 */
int vmm_snap_manifest_parse(const char *text, struct vmm_sys_snap *sn,
			    struct vmm_snap_info *info, char *why, size_t whylen);
int vmm_snap_tree_verify(const struct vmm_snap_tree *t, struct vmm_sys_snap *sn,
			 struct vmm_snap_info *info, char *why, size_t whylen);
const char *vmm_snap_type_name(enum vmm_snap_type type);

#endif
