// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioas: I/O address spaces of an iommufd context: allocate, read and
 * restrict their IOVA ranges, map this session's memory (anonymous, or a
 * memfd/tmpfs file through IOAS_MAP_FILE), copy a mapping to another IOAS,
 * unmap. IOASes are destroyed with 'iommufd destroy'. The pages are pinned
 * from vmmctl's own memory, so mapping is for session contexts only;
 * ranges, allow and unmap also reach another process's context (--pid).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cli/parse.h"
#include "cmd/iommufd.h"
#include "lib/iommufd.h"

/* ---- ioas alloc ----------------------------------------------------------------- */

static int ioas_alloc(struct vmm_call *c)
{
	struct vmm_iofd_obj o = { .kind = VMM_IOFD_IOAS, .fd = -1 };
	struct vmm_iofd_ref r;
	json_object *op;
	int ret;

	ret = vmm_iofd_resolve(c, true, &r);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		op = vmm_iofd_new_op("IOMMU_IOAS_ALLOC", VMM_IOMMU_IOAS_ALLOC, &r);
		json_object_object_add(op, "size", vmm_ju64(sizeof(struct vmm_iommu_ioas_alloc)));
		json_object_object_add(op, "flags", vmm_jhex(0));
		vmm_dry_op(c, op);
		return 0;
	}
	ret = vmm_iommufd_ioas_alloc(c->sys, r.fd, &o.id);
	if (ret)
		return vmm_iofd_fail(c, ret, "cannot allocate an IOAS");
	if (vmm_iofd_track(r.ctx, &o)) {
		vmm_iommufd_destroy(c->sys, r.fd, o.id);
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	}
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "ioas_id", vmm_ju64(o.id));
	return 0;
}

/* ---- ioas ranges ------------------------------------------------------------------ */

static int ioas_ranges(struct vmm_call *c)
{
	struct vmm_iommu_iova_range *rg = NULL;
	struct vmm_iofd_ref r;
	uint64_t align = 0;
	uint32_t id, n;
	int ret;

	ret = vmm_iofd_parse_id(c, "IOAS", &id);
	if (!ret)
		ret = vmm_iofd_resolve(c, false, &r);
	if (ret)
		return ret;
	ret = vmm_iommufd_ioas_ranges_all(c->sys, r.fd, id, &rg, &n, &align);
	if (ret) {
		ret = vmm_iofd_fail(c, ret, "cannot read the IOVA ranges of IOAS %u", id);
		goto out;
	}
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "ioas_id", vmm_ju64(id));
	json_object_object_add(c->result, "iova_alignment", vmm_ju64(align));
	json_object_object_add(c->result, "ranges", vmm_iofd_ranges_json(rg, n));
out:
	free(rg);
	vmm_iofd_release(&r);
	return ret;
}

/* ---- ioas allow ---------------------------------------------------------------------- */

static int ioas_allow(struct vmm_call *c)
{
	const struct vmm_val *v;
	struct vmm_iommu_iova_range *rg = NULL;
	struct vmm_iofd_ref r = { .fd = -1 };
	json_object *a, *op;
	uint32_t id;
	int n = 0, ret;

	ret = vmm_iofd_parse_id(c, "IOAS", &id);
	if (ret)
		return ret;
	v = vmm_arg(c, "RANGE", &n);
	rg = calloc((size_t)n, sizeof(*rg));
	if (!rg)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	for (int i = 0; i < n; i++) {
		if (v[i].range.end <= v[i].range.start) {
			ret = vmm_err(c, VMM_E_USAGE, EINVAL, "RANGE %s is empty", v[i].raw);
			goto out;
		}
		rg[i].start = v[i].range.start;
		rg[i].last = v[i].range.end - 1;
	}
	ret = vmm_iofd_resolve(c, true, &r);
	if (ret)
		goto out;
	a = vmm_iofd_ranges_json(rg, (uint32_t)n);
	if (vmm_dry_run(c)) {
		op = vmm_iofd_new_op("IOMMU_IOAS_ALLOW_IOVAS", VMM_IOMMU_IOAS_ALLOW_IOVAS, &r);
		json_object_object_add(op, "size",
				       vmm_ju64(sizeof(struct vmm_iommu_ioas_allow_iovas)));
		json_object_object_add(op, "ioas_id", vmm_ju64(id));
		json_object_object_add(op, "num_iovas", vmm_ju64((uint64_t)n));
		json_object_object_add(op, "allowed_iovas", a);
		vmm_dry_op(c, op);
		goto out;
	}
	ret = vmm_iommufd_ioas_allow(c->sys, r.fd, id, rg, (uint32_t)n);
	if (ret) {
		json_object_put(a);
		ret = vmm_iofd_fail(c, ret, "cannot set the allowed IOVAs of IOAS %u", id);
		goto out;
	}
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "ioas_id", vmm_ju64(id));
	json_object_object_add(c->result, "allowed", a);
out:
	free(rg);
	vmm_iofd_release(&r);
	return ret;
}

/* ---- ioas map ----------------------------------------------------------------------- */

struct map_req {
	uint32_t ioas, flags;
	uint64_t iova, size, offset;
	const char *file;	/* --file PATH, NULL for --anon */
	char path[256];
};

/* --iova A | --auto, SIZE, --anon | --file PATH[:OFFSET], --readonly. */
static int map_parse(struct vmm_call *c, struct map_req *m, const char *verb)
{
	const struct vmm_val *iova = vmm_opt(c, "iova"), *file = vmm_opt(c, "file");
	char why[VMM_WHY_LEN];
	const struct vmm_val *size = vmm_arg(c, "SIZE", NULL);

	if (!!iova == !!vmm_opt(c, "auto"))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: give --iova ADDR (fixed) or --auto "
			       "(the kernel chooses), one of them", verb);
	m->flags = VMM_IOMMU_IOAS_MAP_READABLE;
	if (!vmm_opt(c, "readonly"))
		m->flags |= VMM_IOMMU_IOAS_MAP_WRITEABLE;
	if (iova) {
		m->flags |= VMM_IOMMU_IOAS_MAP_FIXED_IOVA;
		m->iova = iova->u;
	}
	if (size) {
		if (!size->u)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "SIZE 0: expected a byte count");
		m->size = size->u;
	}
	if (!file)
		return 0;
	if (vmm_opt(c, "anon"))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--anon and --file choose the memory: "
			       "give one");
	if (vmm_parse_path_offset(file->raw, m->path, sizeof(m->path), &m->offset, why))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--file %s: %s", file->raw, why);
	m->file = m->path;
	return 0;
}

static json_object *map_op(const struct vmm_iofd_ref *r, const struct map_req *m)
{
	json_object *op;

	if (m->file) {
		op = vmm_iofd_new_op("IOMMU_IOAS_MAP_FILE", VMM_IOMMU_IOAS_MAP_FILE, r);
		json_object_object_add(op, "size",
				       vmm_ju64(sizeof(struct vmm_iommu_ioas_map_file)));
	} else {
		op = vmm_iofd_new_op("IOMMU_IOAS_MAP", VMM_IOMMU_IOAS_MAP, r);
		json_object_object_add(op, "size", vmm_ju64(sizeof(struct vmm_iommu_ioas_map)));
	}
	json_object_object_add(op, "flags", vmm_jhex(m->flags));
	json_object_object_add(op, "ioas_id", vmm_ju64(m->ioas));
	if (m->file) {
		json_object_object_add(op, "path", vmm_jstr(m->file));
		json_object_object_add(op, "start", vmm_jhex(m->offset));
	} else {
		json_object_object_add(op, "user_va", vmm_jstr("(anonymous mapping)"));
	}
	json_object_object_add(op, "length", vmm_ju64(m->size));
	json_object_object_add(op, "iova", vmm_jhex(m->iova));
	return op;
}

static int map_fail(struct vmm_call *c, int ret, const struct map_req *m)
{
	if (ret == -EINVAL)
		vmm_hint(c, "IOVA and SIZE must be multiples of the IOAS's iova_alignment and "
			 "inside its ranges ('ioas ranges'); IOMMU_IOAS_MAP_FILE takes a memfd "
			 "or a tmpfs/hugetlbfs file");
	else if (ret == -EEXIST)
		vmm_hint(c, "the IOVA range overlaps an existing mapping");
	else if (ret == -ENOMEM)
		vmm_hint(c, "pinning is limited by RLIMIT_MEMLOCK (see rlimit-mode)");
	if (ret == -EINVAL || ret == -EEXIST || ret == -ENOMEM)
		return vmm_err_sys(c, ret, "cannot map %llu bytes into IOAS %u",
				   (unsigned long long)m->size, m->ioas);
	return vmm_iofd_fail(c, ret, "cannot map %llu bytes into IOAS %u",
			     (unsigned long long)m->size, m->ioas);
}

static int ioas_map(struct vmm_call *c)
{
	struct vmm_iofd_map rec = { .fd = -1 };
	struct map_req m = { 0 };
	struct vmm_iofd_ref r;
	int ret;

	ret = vmm_iofd_parse_id(c, "IOAS", &m.ioas);
	if (!ret)
		ret = map_parse(c, &m, "ioas map");
	if (!ret)
		ret = vmm_iofd_resolve(c, true, &r);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		vmm_dry_op(c, map_op(&r, &m));
		goto out;
	}
	rec.ioas = m.ioas;
	rec.length = m.size;
	rec.iova = m.iova;
	if (m.file) {
		ret = vmm_sys_open_user(c->sys, m.file, m.flags & VMM_IOMMU_IOAS_MAP_WRITEABLE ?
					O_RDWR : O_RDONLY);
		if (ret < 0) {
			ret = vmm_err_sys(c, ret, "cannot open %s", m.file);
			goto out;
		}
		rec.fd = ret;
		ret = vmm_iommufd_ioas_map_file(c->sys, r.fd, m.ioas, m.flags, rec.fd, m.offset,
						m.size, &rec.iova);
	} else {
		ret = vmm_sys_mmap(c->sys, m.size, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0,
				   "anonymous memory", &rec.hva);
		if (ret) {
			ret = vmm_err_sys(c, ret, "cannot map %llu bytes of memory",
					  (unsigned long long)m.size);
			goto out;
		}
		rec.map_len = m.size;
		ret = vmm_iommufd_ioas_map(c->sys, r.fd, m.ioas, m.flags, (uintptr_t)rec.hva,
					   m.size, &rec.iova);
	}
	if (ret) {
		ret = map_fail(c, ret, &m);
		goto fail;
	}
	if (vmm_iofd_map_add(r.ctx, &rec)) {
		uint64_t len = rec.length;

		vmm_iommufd_ioas_unmap(c->sys, r.fd, m.ioas, rec.iova, &len);
		ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
		goto fail;
	}
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "ioas_id", vmm_ju64(m.ioas));
	json_object_object_add(c->result, "iova", vmm_jhex(rec.iova));
	json_object_object_add(c->result, "length", vmm_ju64(m.size));
	json_object_object_add(c->result, "backing", vmm_jstr(m.file ? "file" : "anon"));
	if (m.file) {
		json_object_object_add(c->result, "path", vmm_jstr(m.file));
		json_object_object_add(c->result, "offset", vmm_jhex(m.offset));
	} else {
		json_object_object_add(c->result, "hva", vmm_jhex((uintptr_t)rec.hva));
	}
	json_object_object_add(c->result, "writeable",
			       vmm_jbool(m.flags & VMM_IOMMU_IOAS_MAP_WRITEABLE));
	goto out;
fail:
	vmm_sys_munmap(rec.hva, rec.map_len);
	vmm_sys_close(rec.fd);
out:
	vmm_iofd_release(&r);
	return ret;
}

/* ---- ioas unmap ------------------------------------------------------------------------ */

static int ioas_unmap(struct vmm_call *c)
{
	const struct vmm_val *rv = vmm_arg(c, "RANGE", NULL);
	bool all = vmm_opt(c, "all");
	struct vmm_iofd_ref r;
	uint64_t iova = 0, len = UINT64_MAX, want;
	json_object *op;
	uint32_t id;
	int ret;

	ret = vmm_iofd_parse_id(c, "IOAS", &id);
	if (ret)
		return ret;
	if (!!rv == all)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "ioas unmap: give a RANGE or --all, one "
			       "of them");
	if (rv) {
		if (rv->range.end <= rv->range.start)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "RANGE %s is empty", rv->raw);
		iova = rv->range.start;
		len = rv->range.end - rv->range.start;
	}
	want = len;
	ret = vmm_iofd_resolve(c, true, &r);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		op = vmm_iofd_new_op("IOMMU_IOAS_UNMAP", VMM_IOMMU_IOAS_UNMAP, &r);
		json_object_object_add(op, "size", vmm_ju64(sizeof(struct vmm_iommu_ioas_unmap)));
		json_object_object_add(op, "ioas_id", vmm_ju64(id));
		json_object_object_add(op, "iova", vmm_jhex(iova));
		json_object_object_add(op, "length", vmm_jhex(len));
		vmm_dry_op(c, op);
		goto out;
	}
	ret = vmm_iommufd_ioas_unmap(c->sys, r.fd, id, iova, &len);
	if (ret) {
		if (ret == -ENOENT && !all)
			vmm_hint(c, "the range must cover whole mappings: it maps nothing, or "
				 "would split one");
		else if (ret == -EBUSY)
			vmm_hint(c, "an in-kernel user has the pages pinned");
		ret = ret == -EBUSY || (ret == -ENOENT && !all) ?
		      vmm_err_sys(c, ret, "cannot unmap from IOAS %u", id) :
		      vmm_iofd_fail(c, ret, "cannot unmap from IOAS %u", id);
		goto out;
	}
	if (r.owned)
		vmm_iofd_map_drop(r.ctx, id, iova, want);
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "ioas_id", vmm_ju64(id));
	json_object_object_add(c->result, "iova", vmm_jhex(iova));
	json_object_object_add(c->result, "all", vmm_jbool(all));
	json_object_object_add(c->result, "unmapped", vmm_ju64(len));
out:
	vmm_iofd_release(&r);
	return ret;
}

/* ---- ioas copy ----------------------------------------------------------------------- */

static int ioas_copy(struct vmm_call *c)
{
	const struct vmm_val *rv = vmm_arg(c, "RANGE", NULL);
	struct vmm_iofd_map rec = { .fd = -1, .copy = true };
	struct map_req m = { 0 };
	struct vmm_iofd_ref r;
	uint32_t src;
	json_object *op;
	int ret;

	ret = vmm_iofd_parse_id(c, "SRC", &src);
	if (!ret)
		ret = vmm_iofd_parse_id(c, "DST", &m.ioas);
	if (!ret)
		ret = map_parse(c, &m, "ioas copy");
	if (ret)
		return ret;
	if (rv->range.end <= rv->range.start)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "RANGE %s is empty", rv->raw);
	m.size = rv->range.end - rv->range.start;
	ret = vmm_iofd_resolve(c, true, &r);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		op = vmm_iofd_new_op("IOMMU_IOAS_COPY", VMM_IOMMU_IOAS_COPY, &r);
		json_object_object_add(op, "size", vmm_ju64(sizeof(struct vmm_iommu_ioas_copy)));
		json_object_object_add(op, "flags", vmm_jhex(m.flags));
		json_object_object_add(op, "dst_ioas_id", vmm_ju64(m.ioas));
		json_object_object_add(op, "src_ioas_id", vmm_ju64(src));
		json_object_object_add(op, "length", vmm_ju64(m.size));
		json_object_object_add(op, "dst_iova", vmm_jhex(m.iova));
		json_object_object_add(op, "src_iova", vmm_jhex(rv->range.start));
		vmm_dry_op(c, op);
		goto out;
	}
	rec.iova = m.iova;
	ret = vmm_iommufd_ioas_copy(c->sys, r.fd, m.flags, m.ioas, src, m.size, rv->range.start,
				    &rec.iova);
	if (ret) {
		if (ret == -ENOENT)
			vmm_hint(c, "the source RANGE must be exactly one earlier map of IOAS %u",
				 src);
		ret = ret == -ENOENT ? vmm_err_sys(c, ret, "cannot copy from IOAS %u", src) :
		      map_fail(c, ret, &m);
		goto out;
	}
	rec.ioas = m.ioas;
	rec.length = m.size;
	if (vmm_iofd_map_add(r.ctx, &rec))
		vmm_warn(c, "out of memory: the copy is not in the session's records");
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "src_ioas_id", vmm_ju64(src));
	json_object_object_add(c->result, "src_iova", vmm_jhex(rv->range.start));
	json_object_object_add(c->result, "ioas_id", vmm_ju64(m.ioas));
	json_object_object_add(c->result, "iova", vmm_jhex(rec.iova));
	json_object_object_add(c->result, "length", vmm_ju64(m.size));
	json_object_object_add(c->result, "writeable",
			       vmm_jbool(m.flags & VMM_IOMMU_IOAS_MAP_WRITEABLE));
out:
	vmm_iofd_release(&r);
	return ret;
}

/* ---- the table ------------------------------------------------------------------------- */

#define IOAS_ARG { "IOAS", VMM_T_U64, "an IOAS id of the context", NULL, &vmm_comp_iofd_ioas, \
		   VMM_ARG_SELF_HELP }

static const struct vmm_opt ctx_opts[] = { VMM_IOFD_CTX_OPT, { 0 } };
static const struct vmm_opt read_opts[] = { VMM_IOFD_CTX_OPT, VMM_IOFD_PID_OPTS, { 0 } };
static const struct vmm_opt change_opts[] = {
	VMM_IOFD_CTX_OPT, VMM_IOFD_PID_OPTS, VMM_IOFD_FORCE_OPT, { 0 }
};

static const struct vmm_arg ioas_only[] = { IOAS_ARG, { 0 } };

static const struct vmm_arg allow_args[] = {
	IOAS_ARG,
	{ "RANGE", VMM_T_RANGE, "IOVAs to keep usable (replaces the list)", NULL, NULL,
	  VMM_ARG_MULTI },
	{ 0 }
};

static const struct vmm_arg map_args[] = {
	IOAS_ARG,
	{ "SIZE", VMM_T_SIZE, "bytes, a multiple of the IOAS's iova_alignment" },
	{ 0 }
};

#define MAP_OPTS \
	{ "iova", 0, VMM_T_ADDR, "ADDR", "map at this IOVA (IOMMU_IOAS_MAP_FIXED_IOVA)" }, \
	{ "auto", 0, VMM_T_FLAG, NULL, "let the kernel choose the IOVA" }, \
	{ "readonly", 0, VMM_T_FLAG, NULL, "device reads only (no IOMMU_IOAS_MAP_WRITEABLE)" }

static const struct vmm_opt map_opts[] = {
	MAP_OPTS,
	{ "anon", 0, VMM_T_FLAG, NULL, "fresh anonymous memory of vmmctl (default)" },
	{ "file", 0, VMM_T_STR, "PATH[:OFFSET]", "a memfd or tmpfs/hugetlbfs file "
	  "(IOMMU_IOAS_MAP_FILE)", NULL, &vmm_comp_file },
	VMM_IOFD_CTX_OPT,
	{ 0 }
};

static const struct vmm_arg unmap_args[] = {
	IOAS_ARG,
	{ "RANGE", VMM_T_RANGE, "IOVAs covering whole mappings", NULL, NULL, VMM_ARG_OPTIONAL },
	{ 0 }
};

static const struct vmm_opt unmap_opts[] = {
	{ "all", 0, VMM_T_FLAG, NULL, "every mapping of the IOAS" },
	VMM_IOFD_CTX_OPT, VMM_IOFD_PID_OPTS, VMM_IOFD_FORCE_OPT,
	{ 0 }
};

static const struct vmm_arg copy_args[] = {
	{ "SRC", VMM_T_U64, "the source IOAS id", NULL, &vmm_comp_iofd_ioas, VMM_ARG_SELF_HELP },
	{ "RANGE", VMM_T_RANGE, "exactly one earlier map of SRC" },
	{ "DST", VMM_T_U64, "the destination IOAS id", NULL, &vmm_comp_iofd_ioas,
	  VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_opt copy_opts[] = { MAP_OPTS, VMM_IOFD_CTX_OPT, { 0 } };

static const struct vmm_command ioas_cmds[] = {
	{ "alloc", NULL, "allocate an IOAS in a session context (IOMMU_IOAS_ALLOC)", NULL,
	  ctx_opts, ioas_alloc, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "ranges", NULL, "the IOVA ranges and alignment an IOAS allows now "
	  "(IOMMU_IOAS_IOVA_RANGES)", ioas_only, read_opts, ioas_ranges, NULL, 0 },
	{ "allow", NULL, "the IOVAs an IOAS keeps usable and takes automatic IOVAs from "
	  "(IOMMU_IOAS_ALLOW_IOVAS)",
	  allow_args, change_opts, ioas_allow, NULL, VMM_CMD_MUTATING },
	{ "map", NULL, "map memory of this session at an IOVA (IOMMU_IOAS_MAP, _MAP_FILE)",
	  map_args, map_opts, ioas_map, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "unmap", NULL, "unmap whole mappings in a range, or all (IOMMU_IOAS_UNMAP)",
	  unmap_args, unmap_opts, ioas_unmap, NULL, VMM_CMD_MUTATING },
	{ "copy", NULL, "map the pages of one mapping into another IOAS (IOMMU_IOAS_COPY)",
	  copy_args, copy_opts, ioas_copy, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ 0 }
};

const struct vmm_object vmm_obj_ioas = {
	"ioas", NULL, "I/O address spaces of an iommufd context: alloc, ranges, allow, map, "
	"unmap, copy", ioas_cmds, 0,
};
