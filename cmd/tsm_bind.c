// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * tsm bind, tsm unbind: a TDI bound to a session VM through a proposed
 * uAPI (lib/uapi/rfc-tsm.h). Mainline has none (spec A.6), and the proposals
 * reuse a number mainline gave another ioctl, so nothing is issued without
 * --abi naming the proposal. The binding is held by the iommufd, cdev and
 * KVM VFIO fds this process opened: it is a session object ("tdi0") that
 * lives until unbind, `session close` or the end of the REPL/batch.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/pci.h"
#include "cmd/tsm.h"
#include "cli/vmref.h"
#include "lib/vm.h"
#include "lib/iommufd.h"
#include "lib/tsm_bind.h"
#include "lib/uapi/rfc-tsm.h"

#define TDI_KIND	"tdi"

static const char *const abi_choices[] = { "cca-rfc-v1", "tsm-v5", NULL };
static const char *const viommu_choices[] = { "arm-smmuv3", "tegra241-cmdqv", NULL };
static const uint32_t viommu_types[] = {
	VMM_IOMMU_VIOMMU_TYPE_ARM_SMMUV3, VMM_IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV,
};

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static void tdi_close(void *priv)
{
	struct vmm_tsm_binding *b = priv;
	struct vmm_sys s;

	/* the session's sys is gone at exit; a private one only collects errors */
	vmm_sys_init(&s, NULL);
	vmm_tsm_bind_release(&s, b);
	free(b);
}

static json_object *tdi_describe(void *priv)
{
	const struct vmm_tsm_binding *b = priv;
	json_object *o = json_object_new_object();

	add(o, "bdf", vmm_jstr(b->bdf));
	add(o, "abi", vmm_jstr(abi_choices[b->abi]));
	add(o, "tdi_id", vmm_ju64(b->tdi_id));
	add(o, "bound", vmm_jbool(b->bound));
	add(o, "cdev", vmm_jstr(b->cdev));
	add(o, "dev_id", json_object_new_int((int)b->dev_id));
	add(o, "ioas_id", json_object_new_int((int)b->ioas_id));
	add(o, "hwpt_id", json_object_new_int((int)b->hwpt_id));
	add(o, "viommu_id", json_object_new_int((int)b->viommu_id));
	add(o, "vdevice_id", json_object_new_int((int)b->vdevice_id));
	return o;
}

static const struct vmm_sobj_ops tdi_ops = { TDI_KIND, tdi_close, tdi_describe };

static struct vmm_tsm_binding *find(struct vmm_call *c, const char *bdf, const char **name)
{
	struct vmm_tsm_binding *b;
	int it = 0;

	while ((b = vmm_session_next(c->ctx, TDI_KIND, &it, name)))
		if (!strcmp(b->bdf, bdf))
			return b;
	return NULL;
}

/* The function must be connected (its own connect, or its DSM's) and not bound. */
static int check_state(struct vmm_call *c, const char *bdf)
{
	struct vmm_tsm_dev d;
	int ret = vmm_tsm_dev_read(c->sys, bdf, &d);

	if (ret == -ENODEV)
		return vmm_err(c, VMM_E_NOTFOUND, ENODEV, "no PCI function %s", bdf);
	if (ret == -ENOENT) {
		vmm_hint(c, "'vmmctl tsm list' shows the TSM-capable functions");
		return vmm_err(c, VMM_E_NOTSUP, 0, "%s has no tsm/ directory: no TSM registered "
			       "or not TSM-capable", bdf);
	}
	if (ret)
		return vmm_err_sys(c, ret, "cannot read the TSM state of %s", bdf);
	if (!*d.connect && !*d.dsm) {
		vmm_hint(c, "'vmmctl tsm connect %s' (or its DSM) first", bdf);
		return vmm_err(c, VMM_E_FAILED, 0, "%s is not connected to a TSM", bdf);
	}
	if (*d.bound) {
		vmm_hint(c, "bound by another process or session; its unbind or exit releases it");
		return vmm_err(c, VMM_E_BUSY, EBUSY, "%s already has a TDI bound through %s",
			       bdf, d.bound);
	}
	return 0;
}

static int find_cdev(struct vmm_call *c, const char *bdf, char *cdev, size_t len)
{
	char path[128], **names;
	int n, ret = -ENOENT;

	snprintf(path, sizeof(path), VMM_PCI_SYSFS "/%s/vfio-dev", bdf);
	n = vmm_sys_list_dir(c->sys, path, &names);
	for (int i = 0; i < n && ret; i++)
		if (!strncmp(names[i], "vfio", 4)) {
			snprintf(cdev, len, "/dev/vfio/devices/%.32s", names[i]);
			ret = 0;
		}
	if (n > 0)
		vmm_sys_free_names(names, n);
	if (ret) {
		vmm_sys_clear(c->sys);
		vmm_hint(c, "bind %s to vfio-pci on a kernel with CONFIG_VFIO_DEVICE_CDEV", bdf);
		return vmm_err(c, VMM_E_NOTSUP, ENOENT, "%s has no VFIO device cdev (%s)", bdf,
			       path);
	}
	return 0;
}

static json_object *op(const char *ioctl, unsigned long req)
{
	json_object *o = json_object_new_object();

	add(o, "ioctl", vmm_jstr(ioctl));
	add(o, "request", vmm_jhex(req));
	return o;
}

static void dry_chain(struct vmm_call *c, const struct vmm_tsm_binding *b)
{
	bool v5 = b->abi == VMM_TSM_ABI_TSM_V5;
	json_object *o;

	o = json_object_new_object();
	add(o, "open", vmm_jstr(VMM_IOMMUFD_DEV));
	vmm_dry_op(c, o);
	o = json_object_new_object();
	add(o, "open", vmm_jstr(b->cdev));
	vmm_dry_op(c, o);
	if (v5) {
		o = op("KVM_CREATE_DEVICE", VMM_KVM_CREATE_DEVICE_IOC);
		add(o, "type", json_object_new_int(VMM_KVM_DEV_TYPE_VFIO));
		vmm_dry_op(c, o);
		o = op("KVM_SET_DEVICE_ATTR", VMM_KVM_SET_DEVICE_ATTR_IOC);
		add(o, "group", json_object_new_int(VMM_KVM_DEV_VFIO_FILE));
		add(o, "attr", json_object_new_int(VMM_KVM_DEV_VFIO_FILE_ADD));
		vmm_dry_op(c, o);
	}
	vmm_dry_op(c, op("VFIO_DEVICE_BIND_IOMMUFD", VMM_VFIO_DEVICE_BIND_IOMMUFD));
	vmm_dry_op(c, op("IOMMU_IOAS_ALLOC", VMM_IOMMU_IOAS_ALLOC));
	o = op("IOMMU_HWPT_ALLOC", VMM_IOMMU_HWPT_ALLOC);
	add(o, "flags", vmm_jhex(VMM_IOMMU_HWPT_ALLOC_NEST_PARENT));
	vmm_dry_op(c, o);
	vmm_dry_op(c, op("VFIO_DEVICE_ATTACH_IOMMUFD_PT", VMM_VFIO_DEVICE_ATTACH_IOMMUFD_PT));
	o = op("IOMMU_VIOMMU_ALLOC", VMM_IOMMU_VIOMMU_ALLOC);
	add(o, "size", json_object_new_int(v5 ? 40 : 48));
	add(o, "flags", vmm_jhex(v5 ? 0 : VMM_RFC_IOMMU_VIOMMU_KVM_FD));
	add(o, "type", vmm_jhex(b->viommu_type));
	if (!v5)
		add(o, "kvm_vm_fd", json_object_new_int(b->vm_fd));
	vmm_dry_op(c, o);
	o = op("IOMMU_VDEVICE_ALLOC", VMM_IOMMU_VDEVICE_ALLOC);
	add(o, "virt_id", vmm_jhex(b->tdi_id));
	vmm_dry_op(c, o);
	o = op("IOMMU_VDEVICE_TSM_OP", VMM_RFC_IOMMU_VDEVICE_TSM_OP);
	add(o, "size", json_object_new_int(16));
	add(o, v5 ? "type" : "op", json_object_new_int(VMM_RFC_TSM_BIND));
	add(o, "abi", vmm_jstr(abi_choices[b->abi]));
	vmm_dry_op(c, o);
}

static int no_abi(struct vmm_call *c)
{
	vmm_hint(c, "--abi cca-rfc-v1 or --abi tsm-v5 issues a posted proposal's ioctls, "
		 "for kernels carrying that series only (see vmmctl-tsm(8))");
	return vmm_err(c, VMM_E_NOTSUP, ENOTTY, "the running kernel has no TDI bind interface: "
		       "mainline has no uAPI that reaches pci_tsm_bind(), and the proposals' "
		       "ioctl number 0x3b95 is mainline's IOMMU_IOAS_NOIOMMU_GET_PA");
}

int vmm_tsm_bind_run(struct vmm_call *c)
{
	const struct vmm_val *v = vmm_arg(c, "BDF", NULL), *vmv = vmm_opt(c, "vm");
	const struct vmm_val *tdi = vmm_opt(c, "tdi-id"), *abi = vmm_opt(c, "abi");
	const struct vmm_val *vt = vmm_opt(c, "viommu-type");
	struct vmm_tsm_binding *b;
	struct vmm_vm *vm;
	const char *name;
	char bdf[16];
	int ret;

	vmm_pci_bdf_format(&v->bdf, bdf, sizeof(bdf));
	if (!vmv)
		return vmm_err(c, VMM_E_USAGE, 0, "missing --vm VM");
	if (!tdi)
		return vmm_err(c, VMM_E_USAGE, 0, "missing --tdi-id N");
	if (tdi->u > UINT32_MAX)
		return vmm_err(c, VMM_E_USAGE, 0, "--tdi-id %s: expected at most 0xffffffff "
			       "(the TSM takes a 32-bit TDI id)", tdi->raw);
	if (!abi)
		return no_abi(c);
	vm = vmm_vm_owned(c, vmv);
	if (!vm)
		return -c->err.err ? -c->err.err : -EINVAL;
	if (vm->hv != VMM_HV_KVM)
		return vmm_err(c, VMM_E_USAGE, 0, "%s is not a KVM VM", vmv->raw);
	if (find(c, bdf, &name)) {
		vmm_hint(c, "'vmmctl tsm unbind %s' first", bdf);
		return vmm_err(c, VMM_E_BUSY, EBUSY, "%s is already bound in this session (%s)",
			       bdf, name);
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	b->abi = abi->idx ? VMM_TSM_ABI_TSM_V5 : VMM_TSM_ABI_CCA_RFC_V1;
	snprintf(b->bdf, sizeof(b->bdf), "%s", bdf);
	b->vm_fd = vm->fd;
	b->tdi_id = tdi->u;
	b->viommu_type = viommu_types[vt ? vt->idx : 0];
	ret = check_state(c, bdf);
	if (!ret)
		ret = find_cdev(c, bdf, b->cdev, sizeof(b->cdev));
	if (ret)
		goto fail;
	if (vmm_dry_run(c)) {
		dry_chain(c, b);
		goto fail;	/* nothing was opened: just free */
	}
	ret = vmm_tsm_bind(c->sys, b);
	if (ret) {
		ret = vmm_err_sys(c, ret, "bind of %s failed at %s", bdf, b->step);
		if (ret == -ENODEV)
			vmm_hint(c, "ENODEV: the TSM refused, or the kernel found no KVM for the "
				 "device");
		else if (ret == -EINVAL && !strcmp(b->step, "TSM bind"))
			vmm_hint(c, "a kernel without this proposal answers 0x3b95 (mainline "
				 "IOAS_NOIOMMU_GET_PA) with EINVAL");
		else if (ret == -E2BIG && !strcmp(b->step, "vIOMMU"))
			vmm_hint(c, "this kernel's IOMMU_VIOMMU_ALLOC has no kvm_vm_fd: it does "
				 "not carry the cca-rfc-v1 proposal");
		else if (ret == -EOPNOTSUPP && !strcmp(b->step, "vIOMMU"))
			vmm_hint(c, "the IOMMU driver makes no vIOMMU for this device (Arm SMMUv3: "
				 "it needs nesting, and S2FWB or a fully coherent device)");
		goto fail;
	}
	ret = vmm_session_add(c->ctx, &tdi_ops, b, &name);
	if (ret) {
		tdi_close(b);
		return vmm_err(c, VMM_E_FAILED, -ret, "cannot keep the binding");
	}
	c->result = tdi_describe(b);
	json_object_object_add(c->result, "name", vmm_jstr(name));
	return 0;
fail:
	free(b);
	return ret;
}

int vmm_tsm_unbind_run(struct vmm_call *c)
{
	const struct vmm_val *v = vmm_arg(c, "BDF", NULL);
	struct vmm_tsm_binding *b;
	const char *name;
	char bdf[16], keep[24];
	json_object *o;
	int ret;

	vmm_pci_bdf_format(&v->bdf, bdf, sizeof(bdf));
	b = find(c, bdf, &name);
	if (!b) {
		vmm_hint(c, "a binding lives only in the session (REPL, batch) that made it; "
			 "ending that process unbinds");
		return vmm_err(c, VMM_E_NOTFOUND, 0, "no TDI of %s bound in this session", bdf);
	}
	if (vmm_dry_run(c)) {
		o = op("IOMMU_VDEVICE_TSM_OP", VMM_RFC_IOMMU_VDEVICE_TSM_OP);
		add(o, "size", json_object_new_int(16));
		add(o, b->abi == VMM_TSM_ABI_TSM_V5 ? "type" : "op",
		    json_object_new_int(VMM_RFC_TSM_UNBIND));
		add(o, "vdevice_id", json_object_new_int((int)b->vdevice_id));
		vmm_dry_op(c, o);
		return 0;
	}
	ret = vmm_tsm_unbind(c->sys, b);
	if (ret)
		return vmm_err_sys(c, ret, "unbind of %s failed", bdf);
	c->result = tdi_describe(b);
	snprintf(keep, sizeof(keep), "%s", name);
	json_object_object_add(c->result, "name", vmm_jstr(keep));
	vmm_session_close(c->ctx, keep);	/* destroys the objects, closes the fds */
	return 0;
}

const struct vmm_arg vmm_tsm_bdf_arg[] = {
	{ "BDF", VMM_T_BDF, "a PCI function as 'vmmctl pci list' names it, bound "
	  "to vfio-pci", NULL, &vmm_comp_bdf },
	{ 0 }
};

const struct vmm_opt vmm_tsm_bind_opts[] = {
	{ "vm", 0, VMM_T_VM, "VM", "the session VM the TDI is bound to (vm0)" },
	{ "tdi-id", 0, VMM_T_U64, "N", "the TDI id the VM sees (the vDEVICE's virt_id)" },
	{ "abi", 0, VMM_T_ENUM, "ABI", "the proposed uAPI to use", abi_choices },
	{ "viommu-type", 0, VMM_T_ENUM, "TYPE", "the vIOMMU type (default arm-smmuv3)",
	  viommu_choices },
	{ 0 }
};

const struct vmm_opt vmm_tsm_unbind_opts[] = {
	{ 0 }
};
