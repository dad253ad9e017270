// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * iommufd: contexts (/dev/iommu fds). A session opens its own (iommufd0,
 * ...); any process's context can be listed, shown and, with --force,
 * changed through --pid (iommufd has no creator check). IOASes and devices
 * inside a context are the ioas and device objects (cmd/ioas.c,
 * cmd/device.c); the options, destroy and the overview are here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/iommufd.h"
#include "lib/iommufd.h"
#include "lib/iommufd_proc.h"

/* ---- the session object ------------------------------------------------------------ */

/* Devices first (closing a cdev unbinds it), then the context, then our memory. */
static void iofd_close(void *priv)
{
	struct vmm_iofd *x = priv;

	for (int i = 0; i < x->nobjs; i++)
		vmm_sys_close(x->objs[i].fd);
	vmm_sys_close(x->fd);
	for (int i = 0; i < x->nmaps; i++) {
		vmm_sys_munmap(x->maps[i].hva, x->maps[i].map_len);
		vmm_sys_close(x->maps[i].fd);
	}
	free(x->objs);
	free(x->maps);
	free(x);
}

static json_object *iofd_describe(void *priv)
{
	const struct vmm_iofd *x = priv;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	json_object_object_add(o, "fd", json_object_new_int(x->fd));
	json_object_object_add(o, "objects", json_object_new_int(x->nobjs));
	json_object_object_add(o, "maps", json_object_new_int(x->nmaps));
	return o;
}

static const struct vmm_sobj_ops iofd_ops = { VMM_IOMMUFD_KIND, iofd_close, iofd_describe };

static int iofd_open(struct vmm_call *c)
{
	struct vmm_iofd *x;
	const char *name;
	json_object *op;
	int ret;

	if (vmm_dry_run(c)) {
		op = json_object_new_object();
		json_object_object_add(op, "open", vmm_jstr(VMM_IOMMUFD_DEV));
		json_object_object_add(op, "flags", vmm_jstr("O_RDWR"));
		vmm_dry_op(c, op);
		return 0;
	}
	x = calloc(1, sizeof(*x));
	if (!x)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	ret = vmm_iommufd_open(c->sys);
	if (ret < 0) {
		free(x);
		return vmm_err_iface(c, VMM_IFACE_IOMMUFD, ret);
	}
	x->fd = ret;
	ret = vmm_session_add(c->ctx, &iofd_ops, x, &name);
	if (ret) {
		iofd_close(x);
		return vmm_err(c, VMM_E_FAILED, -ret, "cannot register the context in the session");
	}
	c->result = json_object_new_object();
	json_object_object_add(c->result, "iommufd", vmm_jstr(name));
	json_object_object_add(c->result, "pid", json_object_new_int(getpid()));
	json_object_object_add(c->result, "fd", json_object_new_int(x->fd));
	return 0;
}

static int iofd_close_cmd(struct vmm_call *c)
{
	struct vmm_iofd_ref r;
	json_object *op;
	int ret;

	ret = vmm_iofd_resolve(c, true, &r);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		op = json_object_new_object();
		json_object_object_add(op, "action", vmm_jstr("close"));
		json_object_object_add(op, "iommufd", vmm_jstr(r.name));
		json_object_object_add(op, "fd", json_object_new_int(r.fd));
		json_object_object_add(op, "objects", json_object_new_int(r.ctx->nobjs));
		vmm_dry_op(c, op);
		return 0;
	}
	c->result = json_object_new_object();
	json_object_object_add(c->result, "iommufd", vmm_jstr(r.name));
	json_object_object_add(c->result, "closed", vmm_jbool(true));
	vmm_session_close(c->ctx, r.name);
	return 0;
}

/* ---- iommufd list ---------------------------------------------------------------- */

static const char *session_name(struct vmm_call *c, int32_t pid, int fd)
{
	struct vmm_iofd *x;
	const char *name;
	int it = 0;

	if (pid != getpid())
		return NULL;
	while ((x = vmm_session_next(c->ctx, VMM_IOMMUFD_KIND, &it, &name)))
		if (x->fd == fd)
			return name;
	return NULL;
}

static int iofd_list(struct vmm_call *c)
{
	struct vmm_iommufd_holder *h;
	int n, unreadable;

	n = vmm_iommufd_proc_scan(c->sys, &h, &unreadable);
	if (n < 0)
		return vmm_err_sys(c, n, "cannot scan /proc");
	c->result = json_object_new_array();
	for (int i = 0; i < n; i++) {
		json_object *o = json_object_new_object();
		const char *name = session_name(c, h[i].pid, h[i].fd);

		json_object_object_add(o, "pid", json_object_new_int(h[i].pid));
		json_object_object_add(o, "fd", json_object_new_int(h[i].fd));
		json_object_object_add(o, "comm", vmm_jstr(h[i].comm));
		if (name)
			json_object_object_add(o, "session", vmm_jstr(name));
		json_object_array_add(c->result, o);
	}
	/* an empty list prints nothing on stdout: say so where messages go */
	if (!n)
		vmm_info(c, "no process this user can see holds a /dev/iommu fd");
	if (unreadable)
		vmm_info(c, "processes whose fds could not be read (ptrace rules): %d",
			 unreadable);
	free(h);
	return 0;
}

/* ---- iommufd show ------------------------------------------------------------------ */

/* One IOAS: its ranges and huge-pages option, as far as the kernel answers. */
static json_object *ioas_json(struct vmm_call *c, const struct vmm_iofd_ref *r, uint32_t id)
{
	struct vmm_iommu_iova_range *rg;
	json_object *o = json_object_new_object();
	uint64_t align = 0, hp;
	uint32_t n;

	json_object_object_add(o, "id", vmm_ju64(id));
	if (!vmm_iommufd_ioas_ranges_all(c->sys, r->fd, id, &rg, &n, &align)) {
		json_object_object_add(o, "iova_alignment", vmm_ju64(align));
		json_object_object_add(o, "ranges", vmm_iofd_ranges_json(rg, n));
		free(rg);
	}
	if (!vmm_iommufd_option(c->sys, r->fd, VMM_IOMMU_OPTION_HUGE_PAGES,
				VMM_IOMMU_OPTION_OP_GET, id, 0, &hp))
		json_object_object_add(o, "huge_pages", vmm_jbool(hp != 0));
	if (r->owned) {
		json_object *maps = json_object_new_array();

		for (int i = 0; i < r->ctx->nmaps; i++) {
			const struct vmm_iofd_map *m = &r->ctx->maps[i];
			json_object *mo;

			if (m->ioas != id)
				continue;
			mo = json_object_new_object();
			json_object_object_add(mo, "iova", vmm_jhex(m->iova));
			json_object_object_add(mo, "length", vmm_ju64(m->length));
			json_object_object_add(mo, "backing", vmm_jstr(m->copy ? "copy" :
								       m->hva ? "anon" : "file"));
			json_object_array_add(maps, mo);
		}
		json_object_object_add(o, "maps", maps);
	}
	return o;
}

/* GET_HW_INFO without a buffer: whether id is a device, and its IOMMU type. */
static int probe_device(struct vmm_call *c, int fd, uint32_t id, uint32_t *type)
{
	struct vmm_iommu_hw_info h = { .dev_id = id };
	int ret = vmm_iommufd_hw_info(c->sys, fd, &h);

	*type = h.data_type;
	return ret;
}

static json_object *device_json(struct vmm_call *c, const struct vmm_iofd_ref *r,
				const struct vmm_iofd_obj *t, uint32_t id)
{
	json_object *o = json_object_new_object();
	uint32_t type;

	json_object_object_add(o, "id", vmm_ju64(id));
	if (t) {
		json_object_object_add(o, "kind", vmm_jstr(vmm_iofd_kind_name(t->kind)));
		if (t->kind == VMM_IOFD_DEVICE)
			json_object_object_add(o, "path", vmm_jstr(t->path));
		if (t->kind == VMM_IOFD_MOCK)
			json_object_object_add(o, "selftest_id", vmm_ju64(t->stdev));
		if (t->parent)
			json_object_object_add(o, "attached", vmm_ju64(t->parent));
	}
	if (!probe_device(c, r->fd, id, &type))
		json_object_object_add(o, "hw_info_type", vmm_jhex(type));
	return o;
}

#define PROBE_DEFAULT	64
#define PROBE_MAX	65536

static int iofd_show(struct vmm_call *c)
{
	const struct vmm_val *probe = vmm_opt(c, "probe");
	json_object *ioas, *devs, *other;
	struct vmm_iofd_ref r;
	uint64_t v, last = probe ? probe->u : PROBE_DEFAULT;
	int ret;

	if (last == 0 || last > PROBE_MAX)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--probe %s: expected 1 to %d",
			       probe->raw, PROBE_MAX);
	ret = vmm_iofd_resolve(c, false, &r);
	if (ret)
		return ret;
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "owned", vmm_jbool(r.owned));
	if (!vmm_iommufd_option(c->sys, r.fd, VMM_IOMMU_OPTION_RLIMIT_MODE,
				VMM_IOMMU_OPTION_OP_GET, 0, 0, &v))
		json_object_object_add(c->result, "rlimit_mode", vmm_ju64(v));
	ioas = json_object_new_array();
	devs = json_object_new_array();
	other = json_object_new_array();
	if (r.owned && !probe) {
		for (int i = 0; i < r.ctx->nobjs; i++) {
			const struct vmm_iofd_obj *t = &r.ctx->objs[i];

			if (t->kind == VMM_IOFD_IOAS)
				json_object_array_add(ioas, ioas_json(c, &r, t->id));
			else if (t->kind == VMM_IOFD_DEVICE || t->kind == VMM_IOFD_MOCK)
				json_object_array_add(devs, device_json(c, &r, t, t->id));
			else {
				json_object *o = json_object_new_object();

				json_object_object_add(o, "id", vmm_ju64(t->id));
				json_object_object_add(o, "kind",
						       vmm_jstr(vmm_iofd_kind_name(t->kind)));
				json_object_array_add(other, o);
			}
		}
	} else {
		/* no ioctl lists a context's objects: ask each id what it answers to */
		json_object *p = json_object_new_object();
		uint32_t n = 0, type;

		for (uint64_t id = 1; id <= last; id++) {
			int rr = vmm_iommufd_ioas_ranges(c->sys, r.fd, (uint32_t)id, NULL, &n,
							 NULL);

			if (rr == 0 || rr == -EMSGSIZE)
				json_object_array_add(ioas, ioas_json(c, &r, (uint32_t)id));
			else if (!probe_device(c, r.fd, (uint32_t)id, &type))
				json_object_array_add(devs, device_json(c, &r,
						r.owned ? vmm_iofd_find(r.ctx, (uint32_t)id) : NULL,
						(uint32_t)id));
			n = 0;
		}
		json_object_object_add(p, "first", vmm_ju64(1));
		json_object_object_add(p, "last", vmm_ju64(last));
		json_object_object_add(c->result, "probed", p);
		vmm_info(c, "iommufd cannot list its objects: ids 1 to %llu were probed "
			 "(IOAS_IOVA_RANGES, GET_HW_INFO); --probe N widens that",
			 (unsigned long long)last);
	}
	vmm_sys_clear(c->sys);
	json_object_object_add(c->result, "ioas", ioas);
	json_object_object_add(c->result, "devices", devs);
	json_object_object_add(c->result, "objects", other);
	vmm_iofd_release(&r);
	return 0;
}

/* ---- iommufd option ---------------------------------------------------------------- */

static const char *const op_choices[] = { "get", "set", NULL };
static const char *const opt_choices[] = { "rlimit-mode", "huge-pages", "exclusive-ranges",
					    NULL };
static const uint32_t opt_ids[] = { VMM_IOMMU_OPTION_RLIMIT_MODE, VMM_IOMMU_OPTION_HUGE_PAGES,
				    VMM_IOMMU_OPTION_EXCLUSIVE_RANGES };

/* Which object the option is about, by the rules of its option id. */
static int option_object(struct vmm_call *c, unsigned int which, uint32_t *obj)
{
	const struct vmm_val *ioas = vmm_opt(c, "ioas"), *dev = vmm_opt(c, "device");

	*obj = 0;
	switch (which) {
	case 0:
		if (ioas || dev)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "rlimit-mode is an option of the "
				       "whole context: no --ioas or --device");
		return 0;
	case 1:
		if (dev || !ioas)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "huge-pages is an option of an "
				       "IOAS: give --ioas ID (and no --device)");
		return vmm_iofd_parse_id(c, "ioas", obj);
	default:
		if (ioas || !dev)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "exclusive-ranges is an option of "
				       "a device: give --device ID (and no --ioas)");
		return vmm_iofd_parse_id(c, "device", obj);
	}
}

static int option_fail(struct vmm_call *c, int ret, unsigned int which, bool set,
		       uint32_t obj)
{
	const char *name = opt_choices[which];

	/* vmm_err_sys: EOPNOTSUPP is exit 4, and the error keeps the ioctl's name */
	if (ret == -EOPNOTSUPP && which == 2)
		return vmm_err_sys(c, ret, "exclusive-ranges: not supported by this kernel "
				   "(proposed ABI: \"iommufd: Add and option to request for bar "
				   "mapping with IORESOURCE_EXCLUSIVE\", RFC v1 06/38)");
	if (ret == -EPERM && which == 0 && set)
		vmm_hint(c, "setting rlimit-mode needs CAP_SYS_RESOURCE");
	else if (ret == -EBUSY && which == 0)
		vmm_hint(c, "rlimit-mode can change only while the context holds no object");
	else if (ret == -EINVAL && which == 1 && set)
		vmm_hint(c, "huge-pages cannot be turned off once a domain of the IOAS has "
			 "mappings");
	if (ret == -ENOENT)
		vmm_hint(c, "object %u is not %s in this context", obj,
			 which == 1 ? "an IOAS" : "a device");
	if (ret == -ENOENT)
		return vmm_err_sys(c, ret, "option %s %s", set ? "set" : "get", name);
	return vmm_iofd_fail(c, ret, "option %s %s", set ? "set" : "get", name);
}

static int iofd_option(struct vmm_call *c)
{
	const struct vmm_val *opv = vmm_arg(c, "OP", NULL), *namev = vmm_arg(c, "NAME", NULL);
	const struct vmm_val *val = vmm_arg(c, "VALUE", NULL);
	bool set = opv->idx == 1;
	unsigned int which = namev->idx;
	struct vmm_iofd_ref r;
	uint64_t v = 0;
	uint32_t obj;
	json_object *op;
	int ret;

	if (set && !val)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "option set %s: give the VALUE, 0 or 1",
			       opt_choices[which]);
	if (!set && val)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "option get %s takes no VALUE (%s)",
			       opt_choices[which], val->raw);
	if (set && val->u > 1)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "option set %s %s: expected 0 or 1",
			       opt_choices[which], val->raw);
	if (set)
		v = val->u;
	ret = option_object(c, which, &obj);
	if (ret)
		return ret;
	ret = vmm_iofd_resolve(c, set, &r);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		op = vmm_iofd_new_op("IOMMU_OPTION", VMM_IOMMU_OPTION, &r);
		json_object_object_add(op, "size", vmm_ju64(sizeof(struct vmm_iommu_option)));
		json_object_object_add(op, "option_id", vmm_ju64(opt_ids[which]));
		json_object_object_add(op, "op", vmm_ju64(set ? VMM_IOMMU_OPTION_OP_SET :
							  VMM_IOMMU_OPTION_OP_GET));
		json_object_object_add(op, "object_id", vmm_ju64(obj));
		json_object_object_add(op, "val64", vmm_ju64(v));
		vmm_dry_op(c, op);
		goto out;
	}
	ret = vmm_iommufd_option(c->sys, r.fd, opt_ids[which], set ? VMM_IOMMU_OPTION_OP_SET :
				 VMM_IOMMU_OPTION_OP_GET, obj, 0, &v);
	if (ret) {
		ret = option_fail(c, ret, which, set, obj);
		goto out;
	}
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "option", vmm_jstr(opt_choices[which]));
	json_object_object_add(c->result, "option_id", vmm_ju64(opt_ids[which]));
	json_object_object_add(c->result, "object_id", vmm_ju64(obj));
	json_object_object_add(c->result, "op", vmm_jstr(set ? "set" : "get"));
	json_object_object_add(c->result, "value", vmm_ju64(v));
out:
	vmm_iofd_release(&r);
	return ret;
}

/* ---- iommufd destroy ----------------------------------------------------------------- */

static int iofd_destroy(struct vmm_call *c)
{
	struct vmm_iofd_obj *t;
	struct vmm_iofd_ref r;
	json_object *op;
	uint32_t id;
	int ret;

	ret = vmm_iofd_parse_id(c, "ID", &id);
	if (ret)
		return ret;
	ret = vmm_iofd_resolve(c, true, &r);
	if (ret)
		return ret;
	t = r.owned ? vmm_iofd_find(r.ctx, id) : NULL;
	if (vmm_dry_run(c)) {
		op = vmm_iofd_new_op("IOMMU_DESTROY", VMM_IOMMU_DESTROY, &r);
		json_object_object_add(op, "size", vmm_ju64(sizeof(struct vmm_iommu_destroy)));
		json_object_object_add(op, "id", vmm_ju64(id));
		vmm_dry_op(c, op);
		goto out;
	}
	if (t && (t->kind == VMM_IOFD_DEVICE || t->kind == VMM_IOFD_MOCK)) {
		ret = vmm_err(c, VMM_E_USAGE, EINVAL, "%u is a device: a VFIO device is unbound "
			      "by closing its fd (close the context), a mock device by "
			      "destroying its selftest object %u", id, t->stdev);
		goto out;
	}
	ret = vmm_iommufd_destroy(c->sys, r.fd, id);
	if (ret) {
		if (ret == -EBUSY)
			vmm_hint(c, "something still uses it (an attached device, a HWPT on the "
				 "IOAS, a copy); destroy that first");
		ret = ret == -EBUSY ? vmm_err_sys(c, ret, "cannot destroy %u", id) :
		      vmm_iofd_fail(c, ret, "cannot destroy %u", id);
		goto out;
	}
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "id", vmm_ju64(id));
	if (t)
		json_object_object_add(c->result, "kind", vmm_jstr(vmm_iofd_kind_name(t->kind)));
	json_object_object_add(c->result, "destroyed", vmm_jbool(true));
	if (r.owned)
		vmm_iofd_forget(r.ctx, id);
out:
	vmm_iofd_release(&r);
	return ret;
}

/* ---- the table ------------------------------------------------------------------------- */

static const struct vmm_opt ctx_only[] = { VMM_IOFD_CTX_OPT, { 0 } };

static const struct vmm_opt show_opts[] = {
	VMM_IOFD_CTX_OPT, VMM_IOFD_PID_OPTS,
	{ "probe", 0, VMM_T_U64, "N", "probe ids 1 to N (default 64; always for --pid, "
	  "which has no record of what exists)" },
	{ 0 }
};

static const struct vmm_arg option_args[] = {
	{ "OP", VMM_T_ENUM, "get or set", op_choices, NULL, VMM_ARG_SELF_HELP },
	{ "NAME", VMM_T_ENUM, "rlimit-mode (the context), huge-pages (an IOAS), "
	  "exclusive-ranges (a device; proposed ABI)", opt_choices, NULL, VMM_ARG_SELF_HELP },
	{ "VALUE", VMM_T_U64, "set: 0 or 1", NULL, NULL, VMM_ARG_OPTIONAL | VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_opt option_opts[] = {
	{ "ioas", 0, VMM_T_U64, "ID", "huge-pages: the IOAS", NULL, &vmm_comp_iofd_ioas },
	{ "device", 0, VMM_T_U64, "ID", "exclusive-ranges: the device id", NULL,
	  &vmm_comp_iofd_dev },
	VMM_IOFD_CTX_OPT, VMM_IOFD_PID_OPTS, VMM_IOFD_FORCE_OPT,
	{ 0 }
};

static const struct vmm_arg id_args[] = {
	{ "ID", VMM_T_U64, "an object id of the context ('iommufd show' lists them)", NULL,
	  &vmm_comp_iofd_any, VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_opt destroy_opts[] = {
	VMM_IOFD_CTX_OPT, VMM_IOFD_PID_OPTS, VMM_IOFD_FORCE_OPT,
	{ 0 }
};

static const struct vmm_command iofd_cmds[] = {
	{ "open", NULL, "open /dev/iommu: a context owned by this session (iommufd0, ...)",
	  NULL, NULL, iofd_open, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "close", NULL, "close a session context with everything in it", NULL, ctx_only,
	  iofd_close_cmd, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "list", (const char *const[]){ "ls", NULL }, "iommufd fds of every process, "
	  "from /proc", NULL, NULL, iofd_list, NULL, VMM_CMD_REPLAY },
	{ "show", NULL, "a context: rlimit mode, IOASes with their IOVA ranges and options, "
	  "devices", NULL, show_opts, iofd_show, NULL, 0 },
	{ "option", NULL, "get or set rlimit-mode, huge-pages or exclusive-ranges "
	  "(IOMMU_OPTION)", option_args, option_opts, iofd_option, NULL, VMM_CMD_MUTATING },
	{ "destroy", NULL, "destroy an IOAS, HWPT, vIOMMU, vDEVICE or selftest object "
	  "(IOMMU_DESTROY)", id_args, destroy_opts, iofd_destroy, NULL, VMM_CMD_MUTATING },
	{ 0 }
};

const struct vmm_object vmm_obj_iommufd = {
	"iommufd", NULL, "iommufd contexts: open your own, inspect another VMM's, options, "
	"destroy", iofd_cmds, 0,
};
