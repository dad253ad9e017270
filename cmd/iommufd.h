/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the iommufd, ioas and device objects share: the session's iommufd
 * contexts (iommufd0, ...) with the kernel object ids this session made in
 * them, and the choice of context a command acts on: a session context
 * (--ctx, or the only one open) or another process's iommufd (--pid PID
 * [--fd N]), taken with pidfd_getfd and held for one call only.
 */
#ifndef VMM_CMD_IOMMUFD_H
#define VMM_CMD_IOMMUFD_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cmd.h"

#define VMM_IOMMUFD_KIND	"iommufd"

enum vmm_iofd_kind {
	VMM_IOFD_IOAS,
	VMM_IOFD_HWPT,
	VMM_IOFD_DEVICE,	/* a bound VFIO cdev */
	VMM_IOFD_MOCK,		/* a CONFIG_IOMMUFD_TEST mock device (its idev id) */
	VMM_IOFD_STDEV,		/* the selftest object behind a mock device */
};

/* One kernel object this session made in a context. */
struct vmm_iofd_obj {
	uint32_t id;
	enum vmm_iofd_kind kind;
	uint32_t parent;	/* HWPT, mock: the IOAS; device: attached pt (0 none) */
	uint32_t stdev;		/* mock: the selftest object id */
	int fd;			/* device: the cdev fd; -1 otherwise */
	char path[128];		/* device: the cdev */
};

/* Memory this session mapped into an IOAS (anonymous, or the file's fd). */
struct vmm_iofd_map {
	uint32_t ioas;
	uint64_t iova;
	uint64_t length;
	void *hva;		/* NULL for IOAS_MAP_FILE and copies */
	uint64_t map_len;
	int fd;			/* --file: the open file; -1 */
	bool copy;
};

struct vmm_iofd {
	int fd;
	struct vmm_iofd_obj *objs;
	int nobjs;
	struct vmm_iofd_map *maps;
	int nmaps;
};

/* The context one call acts on. */
struct vmm_iofd_ref {
	int fd;
	bool owned;
	const char *name;	/* owned: iommufd0 */
	struct vmm_iofd *ctx;	/* owned: the session state; NULL when foreign */
	int32_t pid;		/* foreign */
	int32_t target_fd;	/* foreign: the fd number in that process */
};

/*
 * Resolves --ctx / --pid / --fd into r. mutating: with --pid it needs
 * --force. Under --dry-run a foreign context is not grabbed (r->fd -1).
 * Records the error and returns -errno.
 */
int vmm_iofd_resolve(struct vmm_call *c, bool mutating, struct vmm_iofd_ref *r);
void vmm_iofd_release(struct vmm_iofd_ref *r);
/* Adds "iommufd" (owned) or "pid" and "fd" (foreign) to o. */
void vmm_iofd_add_ident(const struct vmm_iofd_ref *r, json_object *o);

/* Bookkeeping of owned contexts. */
struct vmm_iofd_obj *vmm_iofd_find(struct vmm_iofd *x, uint32_t id);
int vmm_iofd_track(struct vmm_iofd *x, const struct vmm_iofd_obj *o);
/* The kernel destroyed id: forget it, what hangs off it, and unmap its memory. */
void vmm_iofd_forget(struct vmm_iofd *x, uint32_t id);
int vmm_iofd_map_add(struct vmm_iofd *x, const struct vmm_iofd_map *m);
/* Drops the maps of ioas inside [iova, iova + len) and releases their memory. */
void vmm_iofd_map_drop(struct vmm_iofd *x, uint32_t ioas, uint64_t iova, uint64_t len);
const char *vmm_iofd_kind_name(enum vmm_iofd_kind k);

/* IOVA ranges as [{start, last}] (last inclusive, as the kernel gives them). */
struct vmm_iommu_iova_range;
json_object *vmm_iofd_ranges_json(const struct vmm_iommu_iova_range *r, uint32_t n);

/* An id argument (1 .. 2^32-1) by metavar; records a usage error. */
int vmm_iofd_parse_id(struct vmm_call *c, const char *name, uint32_t *id);
/* A dry-run operation: {ioctl, request, ...fields}. */
json_object *vmm_iofd_new_op(const char *ioctl, unsigned long req, const struct vmm_iofd_ref *r);
/* Explains the usual iommufd errnos of a failed ioctl and records the error. */
int vmm_iofd_fail(struct vmm_call *c, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Completers of kernel ids in the session's contexts. */
extern const struct vmm_completer vmm_comp_iofd_ctx, vmm_comp_iofd_ioas,
	vmm_comp_iofd_dev, vmm_comp_iofd_pt, vmm_comp_iofd_any;

/* Options every command of the three objects takes to choose its context. */
#define VMM_IOFD_CTX_OPT { "ctx", 0, VMM_T_STR, "NAME", "the session's iommufd context " \
			   "(default: the only one open)", NULL, &vmm_comp_iofd_ctx }
#define VMM_IOFD_PID_OPTS \
	{ "pid", 0, VMM_T_U64, "PID", "act on the iommufd of another process (taken with " \
	  "pidfd_getfd)" }, \
	{ "fd", 0, VMM_T_U64, "N", "with --pid: which of its fds (default: its only or " \
	  "lowest /dev/iommu fd)" }
#define VMM_IOFD_FORCE_OPT { "force", 0, VMM_T_FLAG, NULL, "with --pid: change another " \
			     "process's iommufd" }

#endif
