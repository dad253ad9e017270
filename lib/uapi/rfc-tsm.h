/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * TDI bind/unbind, RFC-ONLY (spec/UAPI.md A.6 to A.8): no mainline kernel
 * reaches pci_tsm_bind() from user space. Two posted proposals:
 *
 *  cca-rfc-v1  "ARM CCA Device Assignment" RFC v1 (2025-07-28): 07/38 adds
 *              IOMMU_VIOMMU_KVM_FD to VIOMMU_ALLOC with kvm_vm_fd at
 *              offset 40 (struct 48 bytes); 08/38 adds IOMMU_VDEVICE_TSM_OP
 *              {size, op, flags, vdevice_id}, op BIND 1 / UNBIND 2.
 *  tsm-v5      "Add iommufd ioctls to support TSM operations" v5
 *              (2026-05-25): the same 16-byte TSM_OP with the field named
 *              `type`; no kvm_vm_fd: the VFIO cdev joins the VM's KVM VFIO
 *              device before VFIO_DEVICE_BIND_IOMMUFD.
 *
 * Both use number 0x95, which mainline 7.3 gave IOMMU_IOAS_NOIOMMU_GET_PA
 * (40 bytes): a 7.3 kernel answers this 16-byte struct with EINVAL, not
 * ENOTTY. These requests are therefore only ever issued when the user named
 * the proposal with --abi, never probed.
 */
#ifndef VMM_UAPI_RFC_TSM_H
#define VMM_UAPI_RFC_TSM_H

#include "ioc.h"
#include "iommufd.h"

/* mainline gave 0x95 to IOMMU_IOAS_NOIOMMU_GET_PA: the same request number */
#define VMM_RFC_IOMMU_VDEVICE_TSM_OP	VMM_IO(VMM_IOMMUFD_TYPE, 0x95)
_Static_assert(VMM_RFC_IOMMU_VDEVICE_TSM_OP == VMM_IOMMU_IOAS_NOIOMMU_GET_PA,
	       "the number the proposals reuse");
_Static_assert(VMM_RFC_IOMMU_VDEVICE_TSM_OP == 0x3b95, "IOMMU_VDEVICE_TSM_OP");

/* op (cca-rfc-v1, spelled IOMMU_VDEICE_TSM_* there) and type (tsm-v5) values */
#define VMM_RFC_TSM_BIND	1u
#define VMM_RFC_TSM_UNBIND	2u

/* struct iommu_vdevice_tsm_op of both proposals (the second field is op or type) */
struct vmm_rfc_vdevice_tsm_op {
	uint32_t size;
	uint32_t op;
	uint32_t flags;		/* 0, else EOPNOTSUPP */
	uint32_t vdevice_id;
};
VMM_ASSERT_SIZE(struct vmm_rfc_vdevice_tsm_op, 16);
VMM_ASSERT_OFF(struct vmm_rfc_vdevice_tsm_op, size, 0);
VMM_ASSERT_OFF(struct vmm_rfc_vdevice_tsm_op, op, 4);
VMM_ASSERT_OFF(struct vmm_rfc_vdevice_tsm_op, flags, 8);
VMM_ASSERT_OFF(struct vmm_rfc_vdevice_tsm_op, vdevice_id, 12);

/*
 * cca-rfc-v1 07/38: mainline's IOMMU_VIOMMU_ALLOC (same number) with the
 * mainline struct grown by kvm_vm_fd, selected by a new flag. The mainline
 * part is lib/uapi/iommufd.h's struct, embedded, not written out again.
 */
#define VMM_RFC_IOMMU_VIOMMU_KVM_FD	(1u << 0)

struct vmm_rfc_cca_viommu_alloc {
	struct vmm_iommu_viommu_alloc base;
	uint32_t kvm_vm_fd;
	uint32_t __pad;
};
VMM_ASSERT_SIZE(struct vmm_rfc_cca_viommu_alloc, 48);
VMM_ASSERT_OFF(struct vmm_rfc_cca_viommu_alloc, kvm_vm_fd, 40);

#endif
