/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * iommufd ioctls (spec/UAPI.md A.3, A.5): one function per ioctl, taking
 * the session's lib/sys context and an iommufd fd (owned, or grabbed from
 * another process with pidfd_getfd: iommufd has no creator check). Every
 * call fills the whole struct, `size` = sizeof, reserved fields zero, and
 * returns 0 (or a non-negative ioctl value) or -errno with the ioctl name
 * recorded in s->last.
 */
#ifndef VMM_LIB_IOMMUFD_H
#define VMM_LIB_IOMMUFD_H

#include <stdint.h>

#include "sys.h"
#include "uapi/iommufd.h"

#define VMM_IOMMUFD_DEV "/dev/iommu"

/* Opens /dev/iommu read-write: the fd, or -errno (ENOENT: CONFIG_IOMMUFD=n; ENODEV: not a character device). */
int vmm_iommufd_open(struct vmm_sys *s);

/* IOMMU_DESTROY of any destroyable object (IOAS, HWPT, vIOMMU, vDEVICE, mock). */
int vmm_iommufd_destroy(struct vmm_sys *s, int fd, uint32_t id);

int vmm_iommufd_ioas_alloc(struct vmm_sys *s, int fd, uint32_t *ioas_id);

/*
 * IOMMU_OPTION: op VMM_IOMMU_OPTION_OP_GET or _SET; *val in (SET) and out
 * (both: the kernel writes val64 back). reserved is sent as is so tests and
 * probes can check the kernel's EOPNOTSUPP; pass 0.
 */
int vmm_iommufd_option(struct vmm_sys *s, int fd, uint32_t option_id, uint16_t op,
		       uint32_t object_id, uint16_t reserved, uint64_t *val);

/*
 * IOMMU_IOAS_IOVA_RANGES into ranges[*num]: on return *num is the total the
 * kernel has; -EMSGSIZE when the array was too small (ranges not filled).
 * align may be NULL.
 */
int vmm_iommufd_ioas_ranges(struct vmm_sys *s, int fd, uint32_t ioas_id,
			    struct vmm_iommu_iova_range *ranges, uint32_t *num, uint64_t *align);
/* Same, sized by the kernel: *out is malloc'ed (NULL when *num is 0); free it. */
int vmm_iommufd_ioas_ranges_all(struct vmm_sys *s, int fd, uint32_t ioas_id,
				struct vmm_iommu_iova_range **out, uint32_t *num,
				uint64_t *align);
/* IOMMU_IOAS_ALLOW_IOVAS: replaces the allowed list (num 0 clears it). */
int vmm_iommufd_ioas_allow(struct vmm_sys *s, int fd, uint32_t ioas_id,
			   const struct vmm_iommu_iova_range *ranges, uint32_t num);

/*
 * IOMMU_IOAS_MAP of the caller's memory at user_va. flags: the
 * VMM_IOMMU_IOAS_MAP_* bits; *iova is read with FIXED_IOVA and always set
 * to the IOVA the kernel used.
 */
int vmm_iommufd_ioas_map(struct vmm_sys *s, int fd, uint32_t ioas_id, uint32_t flags,
			 uint64_t user_va, uint64_t length, uint64_t *iova);
/* IOMMU_IOAS_MAP_FILE: map_fd a memfd (or dma-buf), start its offset. */
int vmm_iommufd_ioas_map_file(struct vmm_sys *s, int fd, uint32_t ioas_id, uint32_t flags,
			      int map_fd, uint64_t start, uint64_t length, uint64_t *iova);
/* IOMMU_IOAS_COPY: *dst_iova in with FIXED_IOVA, out always. */
int vmm_iommufd_ioas_copy(struct vmm_sys *s, int fd, uint32_t flags, uint32_t dst_ioas_id,
			  uint32_t src_ioas_id, uint64_t length, uint64_t src_iova,
			  uint64_t *dst_iova);
/* IOMMU_IOAS_UNMAP: *length in, bytes unmapped out (iova 0, UINT64_MAX: all). */
int vmm_iommufd_ioas_unmap(struct vmm_sys *s, int fd, uint32_t ioas_id, uint64_t iova,
			   uint64_t *length);

/*
 * IOMMU_GET_HW_INFO: the caller sets h->dev_id, h->data_len, h->data_uptr
 * and (with VMM_IOMMU_HW_INFO_FLAG_INPUT_TYPE in h->flags) h->data_type;
 * size and the reserved bytes are set here. The kernel's answer is in *h.
 */
int vmm_iommufd_hw_info(struct vmm_sys *s, int fd, struct vmm_iommu_hw_info *h);

/*
 * IOMMU_HWPT_ALLOC on pt_id (IOAS, HWPT or vIOMMU) for dev_id. flags:
 * VMM_IOMMU_HWPT_ALLOC_* (NEST_PARENT for a vIOMMU's parent); data may be
 * NULL with data_type NONE. No fault queue (FAULT_ID_VALID is refused here
 * with -EINVAL: pass a fault id through the raw struct if ever needed).
 */
int vmm_iommufd_hwpt_alloc(struct vmm_sys *s, int fd, uint32_t flags, uint32_t dev_id,
			   uint32_t pt_id, uint32_t data_type, const void *data,
			   uint32_t data_len, uint32_t *hwpt_id);
/* IOMMU_VIOMMU_ALLOC of type on a NEST_PARENT hwpt_id; data may be NULL. */
int vmm_iommufd_viommu_alloc(struct vmm_sys *s, int fd, uint32_t type, uint32_t dev_id,
			     uint32_t hwpt_id, void *data, uint32_t data_len,
			     uint32_t *viommu_id);
/* IOMMU_VDEVICE_ALLOC: dev_id as virt_id (vSID / vDeviceID / vRID) in viommu_id. */
int vmm_iommufd_vdevice_alloc(struct vmm_sys *s, int fd, uint32_t viommu_id,
			      uint32_t dev_id, uint64_t virt_id, uint32_t *vdevice_id);

/* CONFIG_IOMMUFD_TEST: a mock device attached to pt_id (ENOTTY without the option). */
struct vmm_iommufd_mock {
	uint32_t stdev_id;	/* IOMMU_DESTROY removes the mock */
	uint32_t hwpt_id;
	uint32_t dev_id;	/* a real iommufd device id */
};
/* dev_flags 0: op MOCK_DOMAIN; otherwise MOCK_DOMAIN_FLAGS with VMM_MOCK_FLAGS_*. */
int vmm_iommufd_test_mock_domain(struct vmm_sys *s, int fd, uint32_t pt_id,
				 uint32_t dev_flags, struct vmm_iommufd_mock *out);

/*
 * MOCK_DOMAIN_REPLACE: attaches the mock behind stdev_id to *pt_id (IOAS or
 * HWPT); *pt_id is then the HWPT the kernel attached.
 */
int vmm_iommufd_test_mock_replace(struct vmm_sys *s, int fd, uint32_t stdev_id,
				  uint32_t *pt_id);

#endif
