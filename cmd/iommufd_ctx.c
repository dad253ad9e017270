// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The iommufd contexts of a session and the context a command acts on
 * (see cmd/iommufd.h), shared by cmd/iommufd.c, cmd/ioas.c, cmd/device.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/iommufd.h"
#include "lib/iommufd.h"
#include "lib/iommufd_proc.h"

const char *vmm_iofd_kind_name(enum vmm_iofd_kind k)
{
	static const char *const names[] = {
		[VMM_IOFD_IOAS] = "ioas", [VMM_IOFD_HWPT] = "hwpt",
		[VMM_IOFD_DEVICE] = "device", [VMM_IOFD_MOCK] = "mock_device",
		[VMM_IOFD_STDEV] = "selftest",
	};

	return names[k];
}

/* ---- bookkeeping -------------------------------------------------------------- */

struct vmm_iofd_obj *vmm_iofd_find(struct vmm_iofd *x, uint32_t id)
{
	for (int i = 0; x && i < x->nobjs; i++)
		if (x->objs[i].id == id)
			return &x->objs[i];
	return NULL;
}

int vmm_iofd_track(struct vmm_iofd *x, const struct vmm_iofd_obj *o)
{
	struct vmm_iofd_obj *n = realloc(x->objs, (size_t)(x->nobjs + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	x->objs = n;
	x->objs[x->nobjs++] = *o;
	return 0;
}

int vmm_iofd_map_add(struct vmm_iofd *x, const struct vmm_iofd_map *m)
{
	struct vmm_iofd_map *n = realloc(x->maps, (size_t)(x->nmaps + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	x->maps = n;
	x->maps[x->nmaps++] = *m;
	return 0;
}

static void map_release(struct vmm_iofd_map *m)
{
	vmm_sys_munmap(m->hva, m->map_len);
	vmm_sys_close(m->fd);
}

void vmm_iofd_map_drop(struct vmm_iofd *x, uint32_t ioas, uint64_t iova, uint64_t len)
{
	uint64_t end = iova + len < iova ? UINT64_MAX : iova + len;

	for (int i = 0; i < x->nmaps;) {
		struct vmm_iofd_map *m = &x->maps[i];

		if (m->ioas == ioas && m->iova >= iova && m->iova + m->length <= end) {
			map_release(m);
			memmove(m, m + 1, (size_t)(x->nmaps - i - 1) * sizeof(*m));
			x->nmaps--;
			continue;
		}
		i++;
	}
}

static void obj_drop(struct vmm_iofd *x, int i)
{
	vmm_sys_close(x->objs[i].fd);
	memmove(&x->objs[i], &x->objs[i + 1], (size_t)(x->nobjs - i - 1) * sizeof(*x->objs));
	x->nobjs--;
}

void vmm_iofd_forget(struct vmm_iofd *x, uint32_t id)
{
	struct vmm_iofd_obj *o = vmm_iofd_find(x, id);

	if (!o)
		return;
	if (o->kind == VMM_IOFD_IOAS)
		vmm_iofd_map_drop(x, id, 0, UINT64_MAX);
	/* a selftest object takes its mock device and that device's HWPT with it */
	for (int i = 0; o->kind == VMM_IOFD_STDEV && i < x->nobjs;) {
		if (x->objs[i].kind == VMM_IOFD_MOCK && x->objs[i].stdev == id) {
			uint32_t hwpt = x->objs[i].parent;

			obj_drop(x, i);
			for (int j = 0; j < x->nobjs; j++)
				if (x->objs[j].id == hwpt && x->objs[j].kind == VMM_IOFD_HWPT) {
					obj_drop(x, j);
					break;
				}
			i = 0;
			continue;
		}
		i++;
	}
	o = vmm_iofd_find(x, id);
	if (o)
		obj_drop(x, (int)(o - x->objs));
}

/* ---- choosing the context ------------------------------------------------------ */

static int owned(struct vmm_call *c, struct vmm_iofd_ref *r)
{
	const struct vmm_val *ctx = vmm_opt(c, "ctx");
	const char *name = NULL;
	struct vmm_iofd *x;
	int it = 0, n = 0;

	if (ctx) {
		x = vmm_session_get(c->ctx, ctx->raw, VMM_IOMMUFD_KIND);
		if (!x) {
			vmm_hint(c, "'iommufd open' makes one; 'session list' shows what is open");
			return vmm_err(c, VMM_E_NOTFOUND, ENOENT, "--ctx %s: no iommufd context of "
				       "that name in this session", ctx->raw);
		}
		name = ctx->raw;
	} else {
		struct vmm_iofd *one = NULL;
		const char *nm;

		while ((x = vmm_session_next(c->ctx, VMM_IOMMUFD_KIND, &it, &nm))) {
			one = x;
			name = nm;
			n++;
		}
		if (n == 0) {
			vmm_hint(c, "run 'iommufd open' first in this REPL or batch file, or "
				 "look at another process's iommufd with --pid PID");
			return vmm_err(c, VMM_E_USAGE, ENOENT, "no iommufd context is open in "
				       "this session");
		}
		if (n > 1)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "%d iommufd contexts are open: "
				       "choose one with --ctx NAME", n);
		x = one;
	}
	r->owned = true;
	r->ctx = x;
	r->fd = x->fd;
	r->name = name;
	return 0;
}

static int foreign(struct vmm_call *c, bool mutating, struct vmm_iofd_ref *r)
{
	const struct vmm_val *pid = vmm_opt(c, "pid"), *fd = vmm_opt(c, "fd");
	char path[64], target[256];
	int fds[16], n, ret;

	if (pid->u == 0 || pid->u > INT32_MAX)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--pid %s: expected a process id",
			       pid->raw);
	if (fd && fd->u > INT32_MAX)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--fd %s: expected an fd number",
			       fd->raw);
	if (mutating && !vmm_opt(c, "force") && !vmm_dry_run(c)) {
		vmm_hint(c, "add --force to change it anyway, or --dry-run to see the ioctl");
		return vmm_err(c, VMM_E_USAGE, EPERM, "process %s owns this iommufd: changing "
			       "another VMM's context needs --force", pid->raw);
	}
	r->owned = false;
	r->pid = (int32_t)pid->u;
	if (fd) {
		r->target_fd = (int32_t)fd->u;
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", r->pid, r->target_fd);
		ret = (int)vmm_sys_readlink(c->sys, path, target, sizeof(target));
		if (ret < 0)
			return vmm_err_sys(c, ret, "fd %d of process %d", r->target_fd, r->pid);
		if (!vmm_iommufd_link_is(target))
			return vmm_err(c, VMM_E_USAGE, EINVAL, "fd %d of process %d is %s, not "
				       "/dev/iommu", r->target_fd, r->pid, target);
	} else {
		n = vmm_iommufd_proc_fds(c->sys, r->pid, fds, 16);
		if (n < 0)
			return vmm_err_sys(c, n, "cannot read the fds of process %d", r->pid);
		if (n == 0)
			return vmm_err(c, VMM_E_NOTFOUND, ENOENT, "process %d holds no /dev/iommu "
				       "fd", r->pid);
		if (n > 1)
			vmm_warn(c, "process %d holds %d iommufd fds; using fd %d (--fd chooses)",
				 r->pid, n, fds[0]);
		r->target_fd = fds[0];
	}
	if (vmm_dry_run(c) && mutating)
		return 0;
	ret = vmm_iommufd_grab(c->sys, r->pid, r->target_fd);
	if (ret < 0) {
		if (ret == -EPERM || ret == -EACCES)
			vmm_hint(c, "pidfd_getfd needs ptrace-attach rights over the process "
				 "(same user and Yama ptrace_scope, or CAP_SYS_PTRACE)");
		return vmm_err_sys(c, ret, "cannot take fd %d of process %d", r->target_fd,
				   r->pid);
	}
	r->fd = ret;
	return 0;
}

int vmm_iofd_resolve(struct vmm_call *c, bool mutating, struct vmm_iofd_ref *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	if (vmm_opt(c, "pid") && vmm_opt(c, "ctx"))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--ctx names a context of this session, "
			       "--pid another process's: give one");
	if (vmm_opt(c, "fd") && !vmm_opt(c, "pid"))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--fd goes with --pid");
	if (vmm_opt(c, "pid"))
		return foreign(c, mutating, r);
	if (vmm_opt(c, "force"))
		vmm_info(c, "--force matters only with --pid: this session owns its contexts");
	return owned(c, r);
}

void vmm_iofd_release(struct vmm_iofd_ref *r)
{
	if (!r->owned && r->fd >= 0)
		vmm_sys_close(r->fd);
	r->fd = -1;
}

void vmm_iofd_add_ident(const struct vmm_iofd_ref *r, json_object *o)
{
	if (r->owned) {
		json_object_object_add(o, "iommufd", vmm_jstr(r->name));
		return;
	}
	json_object_object_add(o, "pid", json_object_new_int(r->pid));
	json_object_object_add(o, "fd", json_object_new_int(r->target_fd));
}

json_object *vmm_iofd_new_op(const char *ioctl, unsigned long req, const struct vmm_iofd_ref *r)
{
	json_object *op = json_object_new_object();

	json_object_object_add(op, "ioctl", vmm_jstr(ioctl));
	json_object_object_add(op, "request", vmm_jhex(req));
	if (r)
		vmm_iofd_add_ident(r, op);
	return op;
}

json_object *vmm_iofd_ranges_json(const struct vmm_iommu_iova_range *r, uint32_t n)
{
	json_object *a = json_object_new_array();

	for (uint32_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "start", vmm_jhex(r[i].start));
		json_object_object_add(o, "last", vmm_jhex(r[i].last));
		json_object_array_add(a, o);
	}
	return a;
}

int vmm_iofd_parse_id(struct vmm_call *c, const char *name, uint32_t *id)
{
	const struct vmm_val *v = vmm_arg(c, name, NULL);

	if (!v)
		v = vmm_opt(c, name);
	if (!v || v->u == 0 || v->u > UINT32_MAX)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s %s: expected an iommufd object id "
			       "(1 to 4294967295)", name, v ? v->raw : "");
	*id = (uint32_t)v->u;
	return 0;
}

int vmm_iofd_fail(struct vmm_call *c, int ret, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	switch (-ret) {
	case ENOENT:
		vmm_hint(c, "no object of that id and type in this iommufd (ids are per fd; "
			 "'iommufd show' lists what is known)");
		break;
	case ENOTTY:
		vmm_hint(c, "the fd is not an iommufd, or this kernel does not have the ioctl");
		break;
	case E2BIG:
		vmm_hint(c, "this kernel's struct is older than vmmctl's and the extra bytes "
			 "were not zero");
		break;
	case EOPNOTSUPP:
		vmm_hint(c, "the kernel knows the field but not this value (or a reserved "
			 "field was not zero)");
		break;
	default:
		break;
	}
	return vmm_err_sys(c, ret, "%s", msg);
}

/* ---- completion ------------------------------------------------------------------ */

static void comp_ctx(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	const char *name;
	int it = 0;

	while (vmm_session_next(ctx, VMM_IOMMUFD_KIND, &it, &name))
		if (!strncmp(name, prefix, strlen(prefix)))
			vmm_cands_add(out, name);
}

/* Ids of the given kinds (bit mask of 1 << kind) in every session context. */
static void comp_ids(struct vmm_ctx *ctx, unsigned int kinds, const char *prefix,
		     struct vmm_cands *out)
{
	struct vmm_iofd *x;
	char buf[16];
	int it = 0;

	while ((x = vmm_session_next(ctx, VMM_IOMMUFD_KIND, &it, NULL)))
		for (int i = 0; i < x->nobjs; i++) {
			if (!(kinds & (1u << x->objs[i].kind)))
				continue;
			snprintf(buf, sizeof(buf), "%u", x->objs[i].id);
			if (!strncmp(buf, prefix, strlen(prefix)))
				vmm_cands_add(out, buf);
		}
}

#define K(k) (1u << (k))

static void comp_ioas(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	comp_ids(ctx, K(VMM_IOFD_IOAS), prefix, out);
}

static void comp_dev(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	comp_ids(ctx, K(VMM_IOFD_DEVICE) | K(VMM_IOFD_MOCK), prefix, out);
}

static void comp_pt(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	comp_ids(ctx, K(VMM_IOFD_IOAS) | K(VMM_IOFD_HWPT), prefix, out);
}

static void comp_any(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	comp_ids(ctx, ~0u, prefix, out);
}

const struct vmm_completer vmm_comp_iofd_ctx = { "iommufd", comp_ctx };
const struct vmm_completer vmm_comp_iofd_ioas = { "ioas", comp_ioas };
const struct vmm_completer vmm_comp_iofd_dev = { "iommufd_device", comp_dev };
const struct vmm_completer vmm_comp_iofd_pt = { "iommufd_pt", comp_pt };
const struct vmm_completer vmm_comp_iofd_any = { "iommufd_object", comp_any };
