// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * device: devices of an iommufd context. A VFIO device cdev is bound to a
 * session context (its iommufd device id), attached to an IOAS or HWPT and
 * detached; without hardware, CONFIG_IOMMUFD_TEST's mock domain gives a
 * real device id ('device mock'). hw-info reads what the IOMMU driver says
 * about any device id, in a session context or another process's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/iommufd.h"
#include "lib/iommufd.h"
#include "lib/iommufd_info.h"
#include "lib/vfio.h"

/* A device this session bound or made: the fd (VFIO) or selftest id (mock) is needed. */
static struct vmm_iofd_obj *owned_dev(struct vmm_call *c, const struct vmm_iofd_ref *r,
				      uint32_t id)
{
	struct vmm_iofd_obj *o = vmm_iofd_find(r->ctx, id);

	if (o && (o->kind == VMM_IOFD_DEVICE || o->kind == VMM_IOFD_MOCK))
		return o;
	vmm_hint(c, "'device bind' or 'device mock' gives device ids; 'iommufd show' lists "
		 "them");
	vmm_err(c, VMM_E_NOTFOUND, ENOENT, "%s has no device %u bound by this session",
		r->name, id);
	return NULL;
}

/* DEV (and PT_ID when pt is not NULL), the context, and the session's record of DEV. */
static struct vmm_iofd_obj *dev_args(struct vmm_call *c, struct vmm_iofd_ref *r, uint32_t *id,
				     uint32_t *pt)
{
	if (vmm_iofd_parse_id(c, "DEV", id) || (pt && vmm_iofd_parse_id(c, "PT_ID", pt)) ||
	    vmm_iofd_resolve(c, true, r))
		return NULL;
	return owned_dev(c, r, *id);
}

/* ---- device bind ------------------------------------------------------------------- */

static int dev_bind(struct vmm_call *c)
{
	const char *path = vmm_arg(c, "PATH", NULL)->raw;
	struct vmm_iofd_obj o = { .kind = VMM_IOFD_DEVICE, .fd = -1 };
	struct vmm_iofd_ref r;
	json_object *op;
	int ret;

	if (strlen(path) >= sizeof(o.path))
		return vmm_err(c, VMM_E_USAGE, ENAMETOOLONG, "PATH %s is too long", path);
	ret = vmm_iofd_resolve(c, true, &r);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		op = json_object_new_object();
		json_object_object_add(op, "open", vmm_jstr(path));
		json_object_object_add(op, "flags", vmm_jstr("O_RDWR"));
		vmm_dry_op(c, op);
		op = vmm_iofd_new_op("VFIO_DEVICE_BIND_IOMMUFD", VMM_VFIO_DEVICE_BIND_IOMMUFD, &r);
		json_object_object_add(op, "argsz",
				       vmm_ju64(sizeof(struct vmm_vfio_device_bind_iommufd)));
		json_object_object_add(op, "flags", vmm_jhex(0));
		/* the struct's iommufd field; "iommufd" names the context in every op */
		json_object_object_add(op, "iommufd_fd", json_object_new_int(r.fd));
		vmm_dry_op(c, op);
		return 0;
	}
	ret = vmm_vfio_open(c->sys, path);
	if (ret < 0) {
		if (ret == -ENOENT)
			vmm_hint(c, "VFIO device cdevs are %s/vfioN (CONFIG_VFIO_DEVICE_CDEV, the "
				 "device bound to vfio-pci)", VMM_VFIO_CDEV_DIR);
		return vmm_err_sys(c, ret, "cannot open %s", path);
	}
	o.fd = ret;
	snprintf(o.path, sizeof(o.path), "%s", path);
	ret = vmm_vfio_bind(c->sys, o.fd, r.fd, NULL, &o.id);
	if (ret) {
		if (ret == -EINVAL)
			vmm_hint(c, "the cdev is already bound, or the device needs a VF token");
		ret = ret == -EINVAL ? vmm_err_sys(c, ret, "cannot bind %s", path) :
		      vmm_iofd_fail(c, ret, "cannot bind %s", path);
		goto out;
	}
	if (vmm_iofd_track(r.ctx, &o)) {
		ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
		goto out;
	}
	o.fd = -1;	/* the session's record owns it now */
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "path", vmm_jstr(path));
	json_object_object_add(c->result, "dev_id", vmm_ju64(o.id));
out:
	vmm_sys_close(o.fd);
	return ret;
}

/* ---- device attach, detach ------------------------------------------------------------ */

static int dev_attach(struct vmm_call *c)
{
	struct vmm_iofd_obj *d;
	struct vmm_iofd_ref r;
	uint32_t id, pt, got;
	json_object *op;
	int ret;

	d = dev_args(c, &r, &id, &pt);
	if (!d)
		return -EINVAL;
	if (vmm_dry_run(c)) {
		if (d->kind == VMM_IOFD_MOCK) {
			op = vmm_iofd_new_op("IOMMU_TEST_CMD", VMM_IOMMU_TEST_CMD, &r);
			json_object_object_add(op, "size",
					       vmm_ju64(sizeof(struct vmm_iommu_test_cmd)));
			json_object_object_add(op, "op",
					       vmm_ju64(VMM_IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE));
			json_object_object_add(op, "op_name", vmm_jstr("MOCK_DOMAIN_REPLACE"));
			json_object_object_add(op, "id", vmm_ju64(d->stdev));
		} else {
			op = vmm_iofd_new_op("VFIO_DEVICE_ATTACH_IOMMUFD_PT",
					 VMM_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &r);
			json_object_object_add(op, "device_fd", json_object_new_int(d->fd));
			json_object_object_add(op, "argsz", vmm_ju64(
				sizeof(struct vmm_vfio_device_attach_iommufd_pt)));
			json_object_object_add(op, "flags", vmm_jhex(0));
		}
		json_object_object_add(op, "pt_id", vmm_ju64(pt));
		vmm_dry_op(c, op);
		return 0;
	}
	got = pt;
	ret = d->kind == VMM_IOFD_MOCK ?
	      vmm_iommufd_test_mock_replace(c->sys, r.fd, d->stdev, &got) :
	      vmm_vfio_attach(c->sys, d->fd, -1, &got);
	if (ret) {
		if (ret == -EINVAL)
			vmm_hint(c, "the IOAS or HWPT does not suit this device's IOMMU");
		return ret == -EINVAL ? vmm_err_sys(c, ret, "cannot attach device %u to %u",
						    id, pt) :
		       vmm_iofd_fail(c, ret, "cannot attach device %u to %u", id, pt);
	}
	d->parent = got;
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "dev_id", vmm_ju64(id));
	json_object_object_add(c->result, "pt_id", vmm_ju64(pt));
	json_object_object_add(c->result, "hwpt_id", vmm_ju64(got));
	return 0;
}

static int dev_detach(struct vmm_call *c)
{
	struct vmm_iofd_obj *d;
	struct vmm_iofd_ref r;
	json_object *op;
	uint32_t id;
	int ret;

	d = dev_args(c, &r, &id, NULL);
	if (!d)
		return -EINVAL;
	if (d->kind == VMM_IOFD_MOCK) {
		vmm_hint(c, "attach it elsewhere with 'device attach', or destroy selftest "
			 "object %u", d->stdev);
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "device %u is a mock device: the "
			       "iommufd selftest can replace its domain but not detach it", id);
	}
	if (vmm_dry_run(c)) {
		op = vmm_iofd_new_op("VFIO_DEVICE_DETACH_IOMMUFD_PT",
				 VMM_VFIO_DEVICE_DETACH_IOMMUFD_PT, &r);
		json_object_object_add(op, "device_fd", json_object_new_int(d->fd));
		json_object_object_add(op, "argsz",
				       vmm_ju64(sizeof(struct vmm_vfio_device_detach_iommufd_pt)));
		json_object_object_add(op, "flags", vmm_jhex(0));
		vmm_dry_op(c, op);
		return 0;
	}
	ret = vmm_vfio_detach(c->sys, d->fd, -1);
	if (ret)
		return vmm_iofd_fail(c, ret, "cannot detach device %u", id);
	d->parent = 0;
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "dev_id", vmm_ju64(id));
	json_object_object_add(c->result, "detached", vmm_jbool(true));
	return 0;
}

/* ---- device mock ------------------------------------------------------------------------ */

static int dev_mock(struct vmm_call *c)
{
	struct vmm_iofd_obj st = { .kind = VMM_IOFD_STDEV, .fd = -1 };
	struct vmm_iofd_obj dv = { .kind = VMM_IOFD_MOCK, .fd = -1 };
	struct vmm_iommufd_mock m;
	struct vmm_iofd_ref r;
	json_object *op;
	uint32_t ioas;
	int ret;

	ret = vmm_iofd_parse_id(c, "IOAS", &ioas);
	if (!ret)
		ret = vmm_iofd_resolve(c, true, &r);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		op = vmm_iofd_new_op("IOMMU_TEST_CMD", VMM_IOMMU_TEST_CMD, &r);
		json_object_object_add(op, "size", vmm_ju64(sizeof(struct vmm_iommu_test_cmd)));
		json_object_object_add(op, "op", vmm_ju64(VMM_IOMMU_TEST_OP_MOCK_DOMAIN));
		json_object_object_add(op, "op_name", vmm_jstr("MOCK_DOMAIN"));
		json_object_object_add(op, "id", vmm_ju64(ioas));
		vmm_dry_op(c, op);
		return 0;
	}
	ret = vmm_iommufd_test_mock_domain(c->sys, r.fd, ioas, 0, &m);
	if (ret == -ENOTTY)
		return vmm_err_sys(c, ret, "mock devices need a kernel with CONFIG_IOMMUFD_TEST");
	if (ret)
		return vmm_iofd_fail(c, ret, "cannot make a mock device on %u", ioas);
	st.id = m.stdev_id;
	st.parent = ioas;
	dv.id = m.dev_id;
	dv.stdev = m.stdev_id;
	dv.parent = m.hwpt_id;
	if (vmm_iofd_track(r.ctx, &st) || vmm_iofd_track(r.ctx, &dv))
		vmm_warn(c, "out of memory: the mock device is not in the session's records");
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "ioas_id", vmm_ju64(ioas));
	json_object_object_add(c->result, "dev_id", vmm_ju64(m.dev_id));
	json_object_object_add(c->result, "selftest_id", vmm_ju64(m.stdev_id));
	json_object_object_add(c->result, "hwpt_id", vmm_ju64(m.hwpt_id));
	return 0;
}

/* ---- device hw-info ------------------------------------------------------------------- */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* SMMUv3: every ID register field by name (flags as booleans), and the OAS in bits. */
static json_object *smmuv3_fields(const uint8_t *d, uint32_t len)
{
	struct vmm_smmuv3_bits b[VMM_SMMUV3_BITS_MAX];
	int n = vmm_iommufd_smmuv3_bits(d, len, b, VMM_SMMUV3_BITS_MAX);
	json_object *o;

	if (n <= 0)
		return NULL;
	o = json_object_new_object();
	for (int i = 0; i < n; i++) {
		json_object_object_add(o, b[i].name, b[i].width == 1 ? vmm_jbool(b[i].value) :
				       json_object_new_int64(b[i].value));
		if (!strcmp(b[i].name, "oas"))
			json_object_object_add(o, "oas_bits", json_object_new_int(
				(int)vmm_iommufd_smmuv3_oas_bits(b[i].value)));
	}
	return o;
}

/* The decoded payload as an object (array fields as arrays); NULL without a decoding. */
static json_object *decode(uint32_t type, const uint8_t *d, uint32_t len)
{
	struct vmm_hw_field f[VMM_HW_FIELDS_MAX];
	int n = vmm_iommufd_hw_info_decode(type, d, len, f, VMM_HW_FIELDS_MAX);
	json_object *o, *a = NULL;

	if (n <= 0)
		return NULL;
	o = json_object_new_object();
	for (int i = 0; i < n; i++) {
		if (f[i].index < 0) {
			json_object_object_add(o, f[i].name, vmm_jhex(f[i].value));
			continue;
		}
		if (f[i].index == 0) {
			a = json_object_new_array();
			json_object_object_add(o, f[i].name, a);
		}
		json_object_array_add(a, vmm_jhex(f[i].value));
	}
	return o;
}

static json_object *caps_json(uint64_t caps)
{
	static const char *const names[] = { "dirty_tracking", "pci_pasid_exec",
					     "pci_pasid_priv", "pci_ats_not_supported" };
	json_object *a = json_object_new_array();

	for (unsigned int i = 0; i < 4; i++)
		if (caps & (1ull << i))
			json_object_array_add(a, vmm_jstr(names[i]));
	return a;
}

#define HW_INFO_BUF	256

static int dev_hw_info(struct vmm_call *c)
{
	const struct vmm_val *tv = vmm_opt(c, "type");
	uint8_t data[HW_INFO_BUF] = { 0 };
	struct vmm_iommu_hw_info h = { 0 };
	struct vmm_iofd_ref r;
	json_object *raw, *dec;
	uint32_t id, n;
	int ret;

	ret = vmm_iofd_parse_id(c, "DEV", &id);
	if (ret)
		return ret;
	if (tv && tv->u > UINT32_MAX)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--type %s: expected a 32-bit type",
			       tv->raw);
	ret = vmm_iofd_resolve(c, false, &r);
	if (ret)
		return ret;
	h.dev_id = id;
	h.data_len = sizeof(data);
	h.data_uptr = (uintptr_t)data;
	if (tv) {
		h.flags = VMM_IOMMU_HW_INFO_FLAG_INPUT_TYPE;
		h.data_type = (uint32_t)tv->u;
	}
	ret = vmm_iommufd_hw_info(c->sys, r.fd, &h);
	if (ret) {
		if (ret == -EOPNOTSUPP && tv)
			vmm_hint(c, "the IOMMU of device %u does not report type %s", id, tv->raw);
		ret = vmm_iofd_fail(c, ret, "cannot read the IOMMU information of device %u", id);
		goto out;
	}
	n = h.data_len < sizeof(data) ? h.data_len : sizeof(data);
	if (h.data_len > sizeof(data))
		vmm_warn(c, "the kernel has %u bytes for this type; %zu are shown", h.data_len,
			 sizeof(data));
	c->result = json_object_new_object();
	vmm_iofd_add_ident(&r, c->result);
	json_object_object_add(c->result, "dev_id", vmm_ju64(id));
	json_object_object_add(c->result, "type",
			       vmm_jstr(vmm_iommufd_hw_info_type_name(h.data_type)));
	json_object_object_add(c->result, "type_id", vmm_jhex(h.data_type));
	json_object_object_add(c->result, "data_len", vmm_ju64(h.data_len));
	json_object_object_add(c->result, "max_pasid_log2", vmm_ju64(h.out_max_pasid_log2));
	json_object_object_add(c->result, "capabilities", vmm_jhex(h.out_capabilities));
	json_object_object_add(c->result, "capability_names", caps_json(h.out_capabilities));
	raw = json_object_new_array();
	for (uint32_t i = 0; i + 4 <= n; i += 4)
		json_object_array_add(raw, vmm_jhexw(le32(data + i), 8));
	json_object_object_add(c->result, "raw_words", raw);
	dec = decode(h.data_type, data, n);
	if (dec)
		json_object_object_add(c->result, "data", dec);
	dec = h.data_type == VMM_IOMMU_HW_INFO_TYPE_ARM_SMMUV3 ? smmuv3_fields(data, n) : NULL;
	if (dec)
		json_object_object_add(c->result, "smmuv3", dec);
out:
	vmm_iofd_release(&r);
	return ret;
}

/* ---- the table -------------------------------------------------------------------------- */

#define DEV_ARG { "DEV", VMM_T_U64, "an iommufd device id", NULL, &vmm_comp_iofd_dev, \
		  VMM_ARG_SELF_HELP }

static const struct vmm_opt ctx_opts[] = { VMM_IOFD_CTX_OPT, { 0 } };

static const struct vmm_arg bind_args[] = {
	{ "PATH", VMM_T_PATH, "a VFIO device cdev, /dev/vfio/devices/vfioN" },
	{ 0 }
};

static const struct vmm_arg attach_args[] = {
	DEV_ARG,
	{ "PT_ID", VMM_T_U64, "an IOAS or HWPT id", NULL, &vmm_comp_iofd_pt, VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_arg dev_only[] = { DEV_ARG, { 0 } };

static const struct vmm_arg mock_args[] = {
	{ "IOAS", VMM_T_U64, "the IOAS the mock device is attached to", NULL,
	  &vmm_comp_iofd_ioas, VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_opt hw_info_opts[] = {
	{ "type", 0, VMM_T_U64, "N", "ask for this IOMMU_HW_INFO_TYPE (default: the "
	  "device's own)" },
	VMM_IOFD_CTX_OPT, VMM_IOFD_PID_OPTS,
	{ 0 }
};

static const struct vmm_command dev_cmds[] = {
	{ "bind", NULL, "bind a VFIO device cdev to a session context: its device id "
	  "(VFIO_DEVICE_BIND_IOMMUFD)", bind_args, ctx_opts, dev_bind, NULL,
	  VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "attach", NULL, "attach a device to an IOAS or HWPT (VFIO_DEVICE_ATTACH_IOMMUFD_PT)",
	  attach_args, ctx_opts, dev_attach, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "detach", NULL, "detach a device from its IOAS or HWPT "
	  "(VFIO_DEVICE_DETACH_IOMMUFD_PT)", dev_only, ctx_opts, dev_detach, NULL,
	  VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "hw-info", NULL, "what the IOMMU driver reports for a device, decoded per type "
	  "(IOMMU_GET_HW_INFO)", dev_only, hw_info_opts, dev_hw_info, NULL, 0 },
	{ "mock", NULL, "test only, CONFIG_IOMMUFD_TEST: a mock device on an IOAS, with a "
	  "real device id (IOMMU_TEST_CMD)", mock_args, ctx_opts, dev_mock, NULL,
	  VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ 0 }
};

const struct vmm_object vmm_obj_device = {
	"device", NULL, "devices of an iommufd context: VFIO cdev bind, attach, detach, "
	"hw-info, test-mode mocks", dev_cmds, 0,
};
