// SPDX-License-Identifier: GPL-3.0-or-later
/* The proposed TDI bind chains (spec A.7, A.8); see lib/tsm_bind.h. */
#include "tsm_bind.h"

#include <errno.h>
#include <string.h>

#include "iommufd.h"
#include "uapi/rfc-tsm.h"
#include "vfio.h"

int vmm_tsm_op(struct vmm_sys *s, int iommufd, uint32_t op, uint32_t vdevice_id)
{
	struct vmm_rfc_vdevice_tsm_op t = {
		.size = sizeof(t), .op = op, .vdevice_id = vdevice_id,
	};

	return vmm_sys_ioctl(s, iommufd, VMM_RFC_IOMMU_VDEVICE_TSM_OP,
			     op == VMM_RFC_TSM_BIND ? "IOMMU_VDEVICE_TSM_OP(BIND)" :
			     "IOMMU_VDEVICE_TSM_OP(UNBIND)", &t);
}

int vmm_tsm_cca_viommu_alloc(struct vmm_sys *s, int iommufd, uint32_t type, uint32_t dev_id,
			     uint32_t hwpt_id, int kvm_vm_fd, uint32_t *viommu_id)
{
	struct vmm_rfc_cca_viommu_alloc v = {
		.base = { .size = sizeof(v), .flags = VMM_RFC_IOMMU_VIOMMU_KVM_FD,
			  .type = type, .dev_id = dev_id, .hwpt_id = hwpt_id },
		.kvm_vm_fd = (uint32_t)kvm_vm_fd,
	};
	int ret;

	ret = vmm_sys_ioctl(s, iommufd, VMM_IOMMU_VIOMMU_ALLOC,
			    "IOMMU_VIOMMU_ALLOC(KVM_FD)", &v);
	if (ret < 0)
		return ret;
	*viommu_id = v.base.out_viommu_id;
	return 0;
}

#define STEP(name, call) do { b->step = (name); ret = (call); if (ret < 0) goto fail; } while (0)

int vmm_tsm_bind(struct vmm_sys *s, struct vmm_tsm_binding *b)
{
	bool v5 = b->abi == VMM_TSM_ABI_TSM_V5;
	int ret;

	b->iommufd = b->dev_fd = b->kvm_vfio_fd = -1;
	b->dev_id = b->ioas_id = b->hwpt_id = b->viommu_id = b->vdevice_id = 0;
	b->bound = false;
	STEP("open /dev/iommu", b->iommufd = vmm_iommufd_open(s));
	STEP("open the VFIO cdev", b->dev_fd = vmm_vfio_open(s, b->cdev));
	if (v5) {
		/* v5 takes the VM from the cdev's KVM association, captured at bind */
		STEP("KVM VFIO device", b->kvm_vfio_fd = vmm_kvm_vfio_create(s, b->vm_fd));
		STEP("KVM VFIO file add", vmm_kvm_vfio_file(s, b->kvm_vfio_fd, b->dev_fd, 1));
	}
	STEP("VFIO bind", vmm_vfio_bind(s, b->dev_fd, b->iommufd, NULL, &b->dev_id));
	STEP("IOAS", vmm_iommufd_ioas_alloc(s, b->iommufd, &b->ioas_id));
	STEP("nest-parent HWPT", vmm_iommufd_hwpt_alloc(s, b->iommufd,
		VMM_IOMMU_HWPT_ALLOC_NEST_PARENT, b->dev_id, b->ioas_id,
		VMM_IOMMU_HWPT_DATA_NONE, NULL, 0, &b->hwpt_id));
	{
		uint32_t pt = b->hwpt_id;

		STEP("attach", vmm_vfio_attach(s, b->dev_fd, -1, &pt));
	}
	if (v5)
		STEP("vIOMMU", vmm_iommufd_viommu_alloc(s, b->iommufd, b->viommu_type,
			b->dev_id, b->hwpt_id, NULL, 0, &b->viommu_id));
	else
		STEP("vIOMMU", vmm_tsm_cca_viommu_alloc(s, b->iommufd, b->viommu_type,
			b->dev_id, b->hwpt_id, b->vm_fd, &b->viommu_id));
	STEP("vDEVICE", vmm_iommufd_vdevice_alloc(s, b->iommufd, b->viommu_id, b->dev_id,
						  b->tdi_id, &b->vdevice_id));
	STEP("TSM bind", vmm_tsm_op(s, b->iommufd, VMM_RFC_TSM_BIND, b->vdevice_id));
	b->bound = true;
	b->step = NULL;
	return 0;
fail:
	{
		struct vmm_sys_err keep = s->last;	/* the failure, not the cleanup's */

		vmm_tsm_bind_release(s, b);
		s->last = keep;
	}
	return ret;
}

int vmm_tsm_unbind(struct vmm_sys *s, struct vmm_tsm_binding *b)
{
	int ret = vmm_tsm_op(s, b->iommufd, VMM_RFC_TSM_UNBIND, b->vdevice_id);

	if (!ret)
		b->bound = false;
	return ret;
}

void vmm_tsm_bind_release(struct vmm_sys *s, struct vmm_tsm_binding *b)
{
	/* children before parents; an object id of 0 was never allocated */
	const uint32_t ids[] = { b->vdevice_id, b->viommu_id, b->hwpt_id, b->ioas_id };

	if (b->iommufd >= 0) {
		/* v5 documents that destroying the vDEVICE unbinds; v1 does not: ask */
		if (b->bound && b->abi == VMM_TSM_ABI_CCA_RFC_V1)
			vmm_tsm_op(s, b->iommufd, VMM_RFC_TSM_UNBIND, b->vdevice_id);
		for (unsigned int i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
			if (ids[i])
				vmm_iommufd_destroy(s, b->iommufd, ids[i]);
	}
	if (b->dev_fd >= 0)
		vmm_sys_close(b->dev_fd);
	if (b->kvm_vfio_fd >= 0)
		vmm_sys_close(b->kvm_vfio_fd);
	if (b->iommufd >= 0)
		vmm_sys_close(b->iommufd);
	b->iommufd = b->dev_fd = b->kvm_vfio_fd = -1;
	b->dev_id = b->ioas_id = b->hwpt_id = b->viommu_id = b->vdevice_id = 0;
	b->bound = false;
	vmm_sys_clear(s);
}
