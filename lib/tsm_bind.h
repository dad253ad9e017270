/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Binding a TDI to a VM through a proposed uAPI (lib/uapi/rfc-tsm.h): the
 * iommufd objects the proposal needs (spec A.4, A.7, A.8) built with
 * lib/iommufd.c and lib/vfio.c, then IOMMU_VDEVICE_TSM_OP. The binding
 * lives as long as the fds: vmm_tsm_bind_release() closes them.
 */
#ifndef VMM_LIB_TSM_BIND_H
#define VMM_LIB_TSM_BIND_H

#include <stdbool.h>
#include <stdint.h>

#include "sys.h"

enum vmm_tsm_abi {
	VMM_TSM_ABI_CCA_RFC_V1,
	VMM_TSM_ABI_TSM_V5,
};

struct vmm_tsm_binding {
	enum vmm_tsm_abi abi;
	char bdf[16];
	char cdev[64];		/* /dev/vfio/devices/vfioN */
	int vm_fd;		/* the session VM's, not owned */
	uint32_t viommu_type;
	uint64_t tdi_id;	/* the vDEVICE's virt_id */
	int iommufd, dev_fd, kvm_vfio_fd;	/* -1 when not open */
	uint32_t dev_id, ioas_id, hwpt_id, viommu_id, vdevice_id;
	bool bound;
	const char *step;	/* the step that failed */
};

/*
 * Builds the chain and binds: open /dev/iommu and the cdev; (tsm-v5) KVM
 * VFIO device + FILE_ADD of the cdev; VFIO bind; IOAS; NEST_PARENT HWPT;
 * attach; vIOMMU (cca-rfc-v1: with IOMMU_VIOMMU_KVM_FD and the VM fd);
 * vDEVICE with virt_id = tdi_id; TSM_OP BIND. b->abi, bdf, cdev, vm_fd,
 * viommu_type and tdi_id are inputs. On failure what was built is released
 * and b->step names the failing step.
 */
int vmm_tsm_bind(struct vmm_sys *s, struct vmm_tsm_binding *b);
/* TSM_OP UNBIND (the binding stays held on failure). */
int vmm_tsm_unbind(struct vmm_sys *s, struct vmm_tsm_binding *b);
/* Destroys the objects and closes the fds (tsm-v5: destroying the vDEVICE unbinds). */
void vmm_tsm_bind_release(struct vmm_sys *s, struct vmm_tsm_binding *b);
/* IOMMU_VDEVICE_TSM_OP alone: op VMM_RFC_TSM_BIND or _UNBIND. */
int vmm_tsm_op(struct vmm_sys *s, int iommufd, uint32_t op, uint32_t vdevice_id);
/* cca-rfc-v1's VIOMMU_ALLOC with the KVM fd (no payload). */
int vmm_tsm_cca_viommu_alloc(struct vmm_sys *s, int iommufd, uint32_t type, uint32_t dev_id,
			     uint32_t hwpt_id, int kvm_vm_fd, uint32_t *viommu_id);

#endif
