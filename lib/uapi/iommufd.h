/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * iommufd (/dev/iommu), the VFIO device cdev ioctls that give an iommufd
 * device id, the KVM VFIO device that ties a cdev to a VM, and the
 * CONFIG_IOMMUFD_TEST command that makes mock devices (spec/UAPI.md A.2 to
 * A.5, Linux 7.3, all MAINLINE). Layouts are LP64 and identical on x86_64
 * and arm64.
 *
 * iommufd ioctls are _IO() numbers although they take a struct: the length
 * travels in the struct's leading `size`. The kernel copies min(size, its
 * struct), insists that any tail beyond its struct is zero (else E2BIG)
 * and rejects size below the last mandatory field (EINVAL), so every call
 * sends exactly sizeof() of the structs below.
 */
#ifndef VMM_UAPI_IOMMUFD_H
#define VMM_UAPI_IOMMUFD_H

#include "ioc.h"

#define VMM_IOMMUFD_TYPE		0x3bu	/* ';', shared with VFIO */

/* ---- A.2 request numbers -------------------------------------------------- */

#define VMM_IOMMU_DESTROY			VMM_IO(VMM_IOMMUFD_TYPE, 0x80)
#define VMM_IOMMU_IOAS_ALLOC			VMM_IO(VMM_IOMMUFD_TYPE, 0x81)
#define VMM_IOMMU_IOAS_ALLOW_IOVAS		VMM_IO(VMM_IOMMUFD_TYPE, 0x82)
#define VMM_IOMMU_IOAS_COPY			VMM_IO(VMM_IOMMUFD_TYPE, 0x83)
#define VMM_IOMMU_IOAS_IOVA_RANGES		VMM_IO(VMM_IOMMUFD_TYPE, 0x84)
#define VMM_IOMMU_IOAS_MAP			VMM_IO(VMM_IOMMUFD_TYPE, 0x85)
#define VMM_IOMMU_IOAS_UNMAP			VMM_IO(VMM_IOMMUFD_TYPE, 0x86)
#define VMM_IOMMU_OPTION			VMM_IO(VMM_IOMMUFD_TYPE, 0x87)
#define VMM_IOMMU_VFIO_IOAS			VMM_IO(VMM_IOMMUFD_TYPE, 0x88)
#define VMM_IOMMU_HWPT_ALLOC			VMM_IO(VMM_IOMMUFD_TYPE, 0x89)
#define VMM_IOMMU_GET_HW_INFO			VMM_IO(VMM_IOMMUFD_TYPE, 0x8a)
#define VMM_IOMMU_HWPT_SET_DIRTY_TRACKING	VMM_IO(VMM_IOMMUFD_TYPE, 0x8b)
#define VMM_IOMMU_HWPT_GET_DIRTY_BITMAP		VMM_IO(VMM_IOMMUFD_TYPE, 0x8c)
#define VMM_IOMMU_HWPT_INVALIDATE		VMM_IO(VMM_IOMMUFD_TYPE, 0x8d)
#define VMM_IOMMU_FAULT_QUEUE_ALLOC		VMM_IO(VMM_IOMMUFD_TYPE, 0x8e)
#define VMM_IOMMU_IOAS_MAP_FILE			VMM_IO(VMM_IOMMUFD_TYPE, 0x8f)
#define VMM_IOMMU_VIOMMU_ALLOC			VMM_IO(VMM_IOMMUFD_TYPE, 0x90)
#define VMM_IOMMU_VDEVICE_ALLOC			VMM_IO(VMM_IOMMUFD_TYPE, 0x91)
#define VMM_IOMMU_IOAS_CHANGE_PROCESS		VMM_IO(VMM_IOMMUFD_TYPE, 0x92)
#define VMM_IOMMU_VEVENTQ_ALLOC			VMM_IO(VMM_IOMMUFD_TYPE, 0x93)
#define VMM_IOMMU_HW_QUEUE_ALLOC		VMM_IO(VMM_IOMMUFD_TYPE, 0x94)
/* 7.3's 0x95; every TSM RFC reuses 0x95 for its own struct (A.2, A.8) */
#define VMM_IOMMU_IOAS_NOIOMMU_GET_PA		VMM_IO(VMM_IOMMUFD_TYPE, 0x95)
/* CONFIG_IOMMUFD_TEST only; a kernel without it answers ENOTTY */
#define VMM_IOMMU_TEST_CMD			VMM_IO(VMM_IOMMUFD_TYPE, 0xa0)

_Static_assert(VMM_IOMMU_DESTROY == 0x3b80, "IOMMU_DESTROY");
_Static_assert(VMM_IOMMU_IOAS_ALLOC == 0x3b81, "IOMMU_IOAS_ALLOC");
_Static_assert(VMM_IOMMU_IOAS_ALLOW_IOVAS == 0x3b82, "IOMMU_IOAS_ALLOW_IOVAS");
_Static_assert(VMM_IOMMU_IOAS_COPY == 0x3b83, "IOMMU_IOAS_COPY");
_Static_assert(VMM_IOMMU_IOAS_IOVA_RANGES == 0x3b84, "IOMMU_IOAS_IOVA_RANGES");
_Static_assert(VMM_IOMMU_IOAS_MAP == 0x3b85, "IOMMU_IOAS_MAP");
_Static_assert(VMM_IOMMU_IOAS_UNMAP == 0x3b86, "IOMMU_IOAS_UNMAP");
_Static_assert(VMM_IOMMU_OPTION == 0x3b87, "IOMMU_OPTION");
_Static_assert(VMM_IOMMU_VFIO_IOAS == 0x3b88, "IOMMU_VFIO_IOAS");
_Static_assert(VMM_IOMMU_HWPT_ALLOC == 0x3b89, "IOMMU_HWPT_ALLOC");
_Static_assert(VMM_IOMMU_GET_HW_INFO == 0x3b8a, "IOMMU_GET_HW_INFO");
_Static_assert(VMM_IOMMU_HWPT_SET_DIRTY_TRACKING == 0x3b8b, "IOMMU_HWPT_SET_DIRTY_TRACKING");
_Static_assert(VMM_IOMMU_HWPT_GET_DIRTY_BITMAP == 0x3b8c, "IOMMU_HWPT_GET_DIRTY_BITMAP");
_Static_assert(VMM_IOMMU_HWPT_INVALIDATE == 0x3b8d, "IOMMU_HWPT_INVALIDATE");
_Static_assert(VMM_IOMMU_FAULT_QUEUE_ALLOC == 0x3b8e, "IOMMU_FAULT_QUEUE_ALLOC");
_Static_assert(VMM_IOMMU_IOAS_MAP_FILE == 0x3b8f, "IOMMU_IOAS_MAP_FILE");
_Static_assert(VMM_IOMMU_VIOMMU_ALLOC == 0x3b90, "IOMMU_VIOMMU_ALLOC");
_Static_assert(VMM_IOMMU_VDEVICE_ALLOC == 0x3b91, "IOMMU_VDEVICE_ALLOC");
_Static_assert(VMM_IOMMU_IOAS_CHANGE_PROCESS == 0x3b92, "IOMMU_IOAS_CHANGE_PROCESS");
_Static_assert(VMM_IOMMU_VEVENTQ_ALLOC == 0x3b93, "IOMMU_VEVENTQ_ALLOC");
_Static_assert(VMM_IOMMU_HW_QUEUE_ALLOC == 0x3b94, "IOMMU_HW_QUEUE_ALLOC");
_Static_assert(VMM_IOMMU_IOAS_NOIOMMU_GET_PA == 0x3b95, "IOMMU_IOAS_NOIOMMU_GET_PA");
_Static_assert(VMM_IOMMU_TEST_CMD == 0x3ba0, "IOMMU_TEST_CMD");

/* ---- A.3 layouts ------------------------------------------------------------ */

struct vmm_iommu_destroy {
	uint32_t size;
	uint32_t id;
};
VMM_ASSERT_SIZE(struct vmm_iommu_destroy, 8);
VMM_ASSERT_OFF(struct vmm_iommu_destroy, id, 4);

struct vmm_iommu_ioas_alloc {
	uint32_t size;
	uint32_t flags;		/* must be 0 */
	uint32_t out_ioas_id;
};
VMM_ASSERT_SIZE(struct vmm_iommu_ioas_alloc, 12);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_alloc, flags, 4);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_alloc, out_ioas_id, 8);

struct vmm_iommu_iova_range {
	uint64_t start;
	uint64_t last;		/* inclusive */
};
VMM_ASSERT_SIZE(struct vmm_iommu_iova_range, 16);
VMM_ASSERT_OFF(struct vmm_iommu_iova_range, last, 8);

/* Too small an array: EMSGSIZE with num_iovas set to the count needed. */
struct vmm_iommu_ioas_iova_ranges {
	uint32_t size;
	uint32_t ioas_id;
	uint32_t num_iovas;	/* in: array length, out: total */
	uint32_t __reserved;	/* 0, else EOPNOTSUPP */
	uint64_t allowed_iovas;	/* user pointer to vmm_iommu_iova_range[] */
	uint64_t out_iova_alignment;
};
VMM_ASSERT_SIZE(struct vmm_iommu_ioas_iova_ranges, 32);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_iova_ranges, ioas_id, 4);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_iova_ranges, num_iovas, 8);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_iova_ranges, __reserved, 12);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_iova_ranges, allowed_iovas, 16);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_iova_ranges, out_iova_alignment, 24);

/* Replaces the whole allowed list. */
struct vmm_iommu_ioas_allow_iovas {
	uint32_t size;
	uint32_t ioas_id;
	uint32_t num_iovas;
	uint32_t __reserved;
	uint64_t allowed_iovas;
};
VMM_ASSERT_SIZE(struct vmm_iommu_ioas_allow_iovas, 24);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_allow_iovas, ioas_id, 4);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_allow_iovas, num_iovas, 8);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_allow_iovas, __reserved, 12);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_allow_iovas, allowed_iovas, 16);

/* IOAS_MAP, IOAS_MAP_FILE and IOAS_COPY flags; unknown bits are EOPNOTSUPP. */
#define VMM_IOMMU_IOAS_MAP_FIXED_IOVA	(1u << 0)
#define VMM_IOMMU_IOAS_MAP_WRITEABLE	(1u << 1)
#define VMM_IOMMU_IOAS_MAP_READABLE	(1u << 2)

/* Pages are pinned from the calling process's mm. */
struct vmm_iommu_ioas_map {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	uint32_t __reserved;
	uint64_t user_va;
	uint64_t length;
	uint64_t iova;		/* in with FIXED_IOVA, else out */
};
VMM_ASSERT_SIZE(struct vmm_iommu_ioas_map, 40);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map, flags, 4);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map, ioas_id, 8);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map, __reserved, 12);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map, user_va, 16);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map, length, 24);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map, iova, 32);

/* fd: a memfd or a supported dma-buf; start is the file offset. */
struct vmm_iommu_ioas_map_file {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	int32_t fd;
	uint64_t start;
	uint64_t length;
	uint64_t iova;
};
VMM_ASSERT_SIZE(struct vmm_iommu_ioas_map_file, 40);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map_file, flags, 4);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map_file, ioas_id, 8);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map_file, fd, 12);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map_file, start, 16);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map_file, length, 24);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_map_file, iova, 32);

/* The source range must match one earlier MAP exactly. */
struct vmm_iommu_ioas_copy {
	uint32_t size;
	uint32_t flags;
	uint32_t dst_ioas_id;
	uint32_t src_ioas_id;
	uint64_t length;
	uint64_t dst_iova;	/* in with FIXED_IOVA, else out */
	uint64_t src_iova;
};
VMM_ASSERT_SIZE(struct vmm_iommu_ioas_copy, 40);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_copy, flags, 4);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_copy, dst_ioas_id, 8);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_copy, src_ioas_id, 12);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_copy, length, 16);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_copy, dst_iova, 24);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_copy, src_iova, 32);

/*
 * iova 0 with length UINT64_MAX unmaps everything; length 0 is EINVAL; a
 * range splitting an area or covering nothing is ENOENT; pinned is EBUSY.
 */
struct vmm_iommu_ioas_unmap {
	uint32_t size;
	uint32_t ioas_id;
	uint64_t iova;
	uint64_t length;	/* out: bytes unmapped */
};
VMM_ASSERT_SIZE(struct vmm_iommu_ioas_unmap, 24);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_unmap, ioas_id, 4);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_unmap, iova, 8);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_unmap, length, 16);

#define VMM_IOMMU_OPTION_OP_SET		0u
#define VMM_IOMMU_OPTION_OP_GET		1u

/* Whole context, object_id 0; GET 1 = per-process (mm) accounting; SET needs CAP_SYS_RESOURCE. */
#define VMM_IOMMU_OPTION_RLIMIT_MODE	0u
/* object_id = an IOAS; 1 = large pages allowed (the default). */
#define VMM_IOMMU_OPTION_HUGE_PAGES	1u
/*
 * RFC-ONLY (spec A.7, "[RFC PATCH v1 06/38] iommufd: Add and option to
 * request for bar mapping with IORESOURCE_EXCLUSIVE", ARM CCA device
 * assignment, 2025-07-28): per device (object_id = iommufd device id).
 * Not in any mainline kernel: 7.3 answers EOPNOTSUPP. Issuing it is
 * harmless there (an option id is not a new ioctl number), which is why it
 * lives here as one constant rather than in an rfc-*.h header.
 */
#define VMM_IOMMU_OPTION_EXCLUSIVE_RANGES	2u

struct vmm_iommu_option {
	uint32_t size;
	uint32_t option_id;
	uint16_t op;		/* SET 0, GET 1; else EOPNOTSUPP */
	uint16_t __reserved;	/* 0, else EOPNOTSUPP */
	uint32_t object_id;
	uint64_t val64;		/* written back on success */
};
VMM_ASSERT_SIZE(struct vmm_iommu_option, 24);
VMM_ASSERT_OFF(struct vmm_iommu_option, option_id, 4);
VMM_ASSERT_OFF(struct vmm_iommu_option, op, 8);
VMM_ASSERT_OFF(struct vmm_iommu_option, __reserved, 10);
VMM_ASSERT_OFF(struct vmm_iommu_option, object_id, 12);
VMM_ASSERT_OFF(struct vmm_iommu_option, val64, 16);

#define VMM_IOMMU_HWPT_ALLOC_NEST_PARENT	(1u << 0)
#define VMM_IOMMU_HWPT_ALLOC_DIRTY_TRACKING	(1u << 1)
#define VMM_IOMMU_HWPT_ALLOC_FAULT_ID_VALID	(1u << 2)
#define VMM_IOMMU_HWPT_ALLOC_PASID		(1u << 3)

enum vmm_iommu_hwpt_data_type {
	VMM_IOMMU_HWPT_DATA_NONE = 0,
	VMM_IOMMU_HWPT_DATA_VTD_S1 = 1,
	VMM_IOMMU_HWPT_DATA_ARM_SMMUV3 = 2,	/* 16-byte little-endian STE words */
	VMM_IOMMU_HWPT_DATA_AMD_GUEST = 3,
};

/* Minimum size 24 (through __reserved); pt_id is an IOAS, a HWPT or a vIOMMU. */
struct vmm_iommu_hwpt_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t dev_id;
	uint32_t pt_id;
	uint32_t out_hwpt_id;
	uint32_t __reserved;
	uint32_t data_type;
	uint32_t data_len;
	uint64_t data_uptr;
	uint32_t fault_id;
	uint32_t __reserved2;
};
VMM_ASSERT_SIZE(struct vmm_iommu_hwpt_alloc, 48);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, flags, 4);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, dev_id, 8);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, pt_id, 12);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, out_hwpt_id, 16);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, __reserved, 20);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, data_type, 24);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, data_len, 28);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, data_uptr, 32);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, fault_id, 40);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_alloc, __reserved2, 44);

#define VMM_IOMMU_HW_INFO_FLAG_INPUT_TYPE	(1u << 0)

#define VMM_IOMMU_HW_CAP_DIRTY_TRACKING		(1ull << 0)
#define VMM_IOMMU_HW_CAP_PCI_PASID_EXEC		(1ull << 1)
#define VMM_IOMMU_HW_CAP_PCI_PASID_PRIV		(1ull << 2)
#define VMM_IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED	(1ull << 3)

enum vmm_iommu_hw_info_type {
	VMM_IOMMU_HW_INFO_TYPE_NONE = 0,	/* also DEFAULT as input */
	VMM_IOMMU_HW_INFO_TYPE_INTEL_VTD = 1,
	VMM_IOMMU_HW_INFO_TYPE_ARM_SMMUV3 = 2,
	VMM_IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV = 3,
	VMM_IOMMU_HW_INFO_TYPE_AMD = 4,
	VMM_IOMMU_HW_INFO_TYPE_SELFTEST = 0xfeedbeef,	/* CONFIG_IOMMUFD_TEST mock */
};

/* Minimum size 32 (through __reserved); the buffer tail past the kernel's data is zeroed. */
struct vmm_iommu_hw_info {
	uint32_t size;
	uint32_t flags;		/* only INPUT_TYPE, else EOPNOTSUPP */
	uint32_t dev_id;
	uint32_t data_len;	/* in: buffer length, out: the kernel's length */
	uint64_t data_uptr;
	uint32_t data_type;	/* in: in_data_type with INPUT_TYPE; out: out_data_type */
	uint8_t out_max_pasid_log2;
	uint8_t __reserved[3];	/* 0, else EOPNOTSUPP */
	uint64_t out_capabilities;
};
VMM_ASSERT_SIZE(struct vmm_iommu_hw_info, 40);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info, flags, 4);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info, dev_id, 8);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info, data_len, 12);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info, data_uptr, 16);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info, data_type, 24);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info, out_max_pasid_log2, 28);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info, __reserved, 29);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info, out_capabilities, 32);

/* Per-type payloads of GET_HW_INFO. */
struct vmm_iommu_hw_info_vtd {
	uint32_t flags;
	uint32_t __reserved;
	uint64_t cap_reg;
	uint64_t ecap_reg;
};
VMM_ASSERT_SIZE(struct vmm_iommu_hw_info_vtd, 24);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info_vtd, cap_reg, 8);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info_vtd, ecap_reg, 16);

struct vmm_iommu_hw_info_arm_smmuv3 {
	uint32_t flags;
	uint32_t __reserved;
	uint32_t idr[6];
	uint32_t iidr;
	uint32_t aidr;
};
VMM_ASSERT_SIZE(struct vmm_iommu_hw_info_arm_smmuv3, 40);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info_arm_smmuv3, idr, 8);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info_arm_smmuv3, iidr, 32);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info_arm_smmuv3, aidr, 36);

/* TEGRA241_CMDQV: 8 bytes; the spec gives the size only, kept as raw words. */
#define VMM_IOMMU_HW_INFO_TEGRA241_CMDQV_LEN	8

struct vmm_iommu_hw_info_amd {
	uint64_t efr;
	uint64_t efr2;
};
VMM_ASSERT_SIZE(struct vmm_iommu_hw_info_amd, 16);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info_amd, efr2, 8);

struct vmm_iommu_hw_info_selftest {
	uint32_t flags;
	uint32_t test_reg;	/* 0xdeadbeef */
};
VMM_ASSERT_SIZE(struct vmm_iommu_hw_info_selftest, 8);
VMM_ASSERT_OFF(struct vmm_iommu_hw_info_selftest, test_reg, 4);

enum vmm_iommu_viommu_type {
	VMM_IOMMU_VIOMMU_TYPE_DEFAULT = 0,	/* rejected: EOPNOTSUPP */
	VMM_IOMMU_VIOMMU_TYPE_ARM_SMMUV3 = 1,
	VMM_IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV = 2,
	VMM_IOMMU_VIOMMU_TYPE_SELFTEST = 0xdeadbeef,
};

/*
 * Minimum size 24 (through out_viommu_id). hwpt_id must be a paging HWPT
 * (else ENOENT) allocated with NEST_PARENT (else EINVAL).
 */
struct vmm_iommu_viommu_alloc {
	uint32_t size;
	uint32_t flags;		/* must be 0 */
	uint32_t type;
	uint32_t dev_id;
	uint32_t hwpt_id;
	uint32_t out_viommu_id;
	uint32_t data_len;
	uint32_t __reserved;
	uint64_t data_uptr;
};
VMM_ASSERT_SIZE(struct vmm_iommu_viommu_alloc, 40);
VMM_ASSERT_OFF(struct vmm_iommu_viommu_alloc, flags, 4);
VMM_ASSERT_OFF(struct vmm_iommu_viommu_alloc, type, 8);
VMM_ASSERT_OFF(struct vmm_iommu_viommu_alloc, dev_id, 12);
VMM_ASSERT_OFF(struct vmm_iommu_viommu_alloc, hwpt_id, 16);
VMM_ASSERT_OFF(struct vmm_iommu_viommu_alloc, out_viommu_id, 20);
VMM_ASSERT_OFF(struct vmm_iommu_viommu_alloc, data_len, 24);
VMM_ASSERT_OFF(struct vmm_iommu_viommu_alloc, __reserved, 28);
VMM_ASSERT_OFF(struct vmm_iommu_viommu_alloc, data_uptr, 32);

/* virt_id: vSID / vDeviceID / vRID; a device already with a vDEVICE is EEXIST. */
struct vmm_iommu_vdevice_alloc {
	uint32_t size;
	uint32_t viommu_id;
	uint32_t dev_id;
	uint32_t out_vdevice_id;
	uint64_t virt_id;
};
VMM_ASSERT_SIZE(struct vmm_iommu_vdevice_alloc, 24);
VMM_ASSERT_OFF(struct vmm_iommu_vdevice_alloc, viommu_id, 4);
VMM_ASSERT_OFF(struct vmm_iommu_vdevice_alloc, dev_id, 8);
VMM_ASSERT_OFF(struct vmm_iommu_vdevice_alloc, out_vdevice_id, 12);
VMM_ASSERT_OFF(struct vmm_iommu_vdevice_alloc, virt_id, 16);

/* The others of A.3, as the spec gives them (not issued by vmmctl today). */
struct vmm_iommu_fault_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t out_fault_id;
	uint32_t out_fault_fd;
};
VMM_ASSERT_SIZE(struct vmm_iommu_fault_alloc, 16);
VMM_ASSERT_OFF(struct vmm_iommu_fault_alloc, out_fault_fd, 12);

struct vmm_iommu_veventq_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t viommu_id;
	uint32_t type;
	uint32_t veventq_depth;
	uint32_t out_veventq_id;
	uint32_t out_veventq_fd;
	uint32_t __reserved;
};
VMM_ASSERT_SIZE(struct vmm_iommu_veventq_alloc, 32);
VMM_ASSERT_OFF(struct vmm_iommu_veventq_alloc, veventq_depth, 16);
VMM_ASSERT_OFF(struct vmm_iommu_veventq_alloc, out_veventq_fd, 24);

#define VMM_IOMMU_HWPT_DIRTY_TRACKING_ENABLE	(1u << 0)
struct vmm_iommu_hwpt_set_dirty_tracking {
	uint32_t size;
	uint32_t flags;
	uint32_t hwpt_id;
	uint32_t __reserved;
};
VMM_ASSERT_SIZE(struct vmm_iommu_hwpt_set_dirty_tracking, 16);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_set_dirty_tracking, hwpt_id, 8);

#define VMM_IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR	(1u << 0)
struct vmm_iommu_hwpt_get_dirty_bitmap {
	uint32_t size;
	uint32_t hwpt_id;
	uint32_t flags;
	uint32_t __reserved;
	uint64_t iova;
	uint64_t length;
	uint64_t page_size;
	uint64_t data;		/* user pointer to the bitmap */
};
VMM_ASSERT_SIZE(struct vmm_iommu_hwpt_get_dirty_bitmap, 48);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_get_dirty_bitmap, flags, 8);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_get_dirty_bitmap, iova, 16);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_get_dirty_bitmap, page_size, 32);
VMM_ASSERT_OFF(struct vmm_iommu_hwpt_get_dirty_bitmap, data, 40);

struct vmm_iommu_ioas_change_process {
	uint32_t size;
	uint32_t __reserved;
};
VMM_ASSERT_SIZE(struct vmm_iommu_ioas_change_process, 8);

/* Needs CAP_SYS_RAWIO (else EPERM). */
struct vmm_iommu_ioas_noiommu_get_pa {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	uint32_t __reserved;
	uint64_t iova;
	uint64_t length;	/* in/out */
	uint64_t out_phys;
};
VMM_ASSERT_SIZE(struct vmm_iommu_ioas_noiommu_get_pa, 40);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_noiommu_get_pa, ioas_id, 8);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_noiommu_get_pa, iova, 16);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_noiommu_get_pa, length, 24);
VMM_ASSERT_OFF(struct vmm_iommu_ioas_noiommu_get_pa, out_phys, 32);

/* ---- A.4 VFIO device cdev (/dev/vfio/devices/vfioN) ------------------------ */

#define VMM_VFIO_DEVICE_BIND_IOMMUFD		VMM_IO(VMM_IOMMUFD_TYPE, 100 + 18)
#define VMM_VFIO_DEVICE_ATTACH_IOMMUFD_PT	VMM_IO(VMM_IOMMUFD_TYPE, 100 + 19)
#define VMM_VFIO_DEVICE_DETACH_IOMMUFD_PT	VMM_IO(VMM_IOMMUFD_TYPE, 100 + 20)
_Static_assert(VMM_VFIO_DEVICE_BIND_IOMMUFD == 0x3b76, "VFIO_DEVICE_BIND_IOMMUFD");
_Static_assert(VMM_VFIO_DEVICE_ATTACH_IOMMUFD_PT == 0x3b77, "VFIO_DEVICE_ATTACH_IOMMUFD_PT");
_Static_assert(VMM_VFIO_DEVICE_DETACH_IOMMUFD_PT == 0x3b78, "VFIO_DEVICE_DETACH_IOMMUFD_PT");

#define VMM_VFIO_DEVICE_BIND_FLAG_TOKEN		(1u << 0)

/* Minimum argsz 16; unbinding is closing the device fd. */
struct vmm_vfio_device_bind_iommufd {
	uint32_t argsz;
	uint32_t flags;
	int32_t iommufd;
	uint32_t out_devid;
	uint64_t token_uuid_ptr;	/* 16-byte UUID, read only with FLAG_TOKEN */
};
VMM_ASSERT_SIZE(struct vmm_vfio_device_bind_iommufd, 24);
VMM_ASSERT_OFF(struct vmm_vfio_device_bind_iommufd, flags, 4);
VMM_ASSERT_OFF(struct vmm_vfio_device_bind_iommufd, iommufd, 8);
VMM_ASSERT_OFF(struct vmm_vfio_device_bind_iommufd, out_devid, 12);
VMM_ASSERT_OFF(struct vmm_vfio_device_bind_iommufd, token_uuid_ptr, 16);

#define VMM_VFIO_DEVICE_ATTACH_PASID		(1u << 0)

/* Minimum argsz 12; pt_id out is the HWPT actually attached (auto-made for an IOAS). */
struct vmm_vfio_device_attach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
	uint32_t pt_id;
	uint32_t pasid;
};
VMM_ASSERT_SIZE(struct vmm_vfio_device_attach_iommufd_pt, 16);
VMM_ASSERT_OFF(struct vmm_vfio_device_attach_iommufd_pt, flags, 4);
VMM_ASSERT_OFF(struct vmm_vfio_device_attach_iommufd_pt, pt_id, 8);
VMM_ASSERT_OFF(struct vmm_vfio_device_attach_iommufd_pt, pasid, 12);

#define VMM_VFIO_DEVICE_DETACH_PASID		(1u << 0)

/* Minimum argsz 8. */
struct vmm_vfio_device_detach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
	uint32_t pasid;
};
VMM_ASSERT_SIZE(struct vmm_vfio_device_detach_iommufd_pt, 12);
VMM_ASSERT_OFF(struct vmm_vfio_device_detach_iommufd_pt, flags, 4);
VMM_ASSERT_OFF(struct vmm_vfio_device_detach_iommufd_pt, pasid, 8);

/*
 * KVM association (A.4): a KVM VFIO device on the VM, and the cdev fd added
 * to it BEFORE bind (KVM is captured at bind time). KVM ioctls, kept here
 * because only the VFIO path uses them.
 */
#define VMM_KVM_DEV_TYPE_VFIO		4u
#define VMM_KVM_DEV_VFIO_FILE		1u	/* attribute group */
#define VMM_KVM_DEV_VFIO_FILE_ADD	1u
#define VMM_KVM_DEV_VFIO_FILE_DEL	2u	/* the generic KVM VFIO uAPI; the spec names ADD only */

struct vmm_kvm_create_device {
	uint32_t type;
	uint32_t fd;		/* out */
	uint32_t flags;
};
VMM_ASSERT_SIZE(struct vmm_kvm_create_device, 12);
VMM_ASSERT_OFF(struct vmm_kvm_create_device, fd, 4);
VMM_ASSERT_OFF(struct vmm_kvm_create_device, flags, 8);

struct vmm_kvm_device_attr {
	uint32_t flags;
	uint32_t group;
	uint64_t attr;
	uint64_t addr;		/* user pointer: here to an int32_t fd */
};
VMM_ASSERT_SIZE(struct vmm_kvm_device_attr, 24);
VMM_ASSERT_OFF(struct vmm_kvm_device_attr, group, 4);
VMM_ASSERT_OFF(struct vmm_kvm_device_attr, attr, 8);
VMM_ASSERT_OFF(struct vmm_kvm_device_attr, addr, 16);

#define VMM_KVM_CREATE_DEVICE_IOC	VMM_IOWR(0xAEu, 0xe0, sizeof(struct vmm_kvm_create_device))
#define VMM_KVM_SET_DEVICE_ATTR_IOC	VMM_IOW(0xAEu, 0xe1, sizeof(struct vmm_kvm_device_attr))
_Static_assert(VMM_KVM_CREATE_DEVICE_IOC == 0xc00caee0, "KVM_CREATE_DEVICE");
_Static_assert(VMM_KVM_SET_DEVICE_ATTR_IOC == 0x4018aee1, "KVM_SET_DEVICE_ATTR");

/* ---- A.5 CONFIG_IOMMUFD_TEST (not exported as uapi: our own copy) ---------- */

enum vmm_iommu_test_op {
	VMM_IOMMU_TEST_OP_ADD_RESERVED = 1,
	VMM_IOMMU_TEST_OP_MOCK_DOMAIN = 2,
	VMM_IOMMU_TEST_OP_MD_CHECK_MAP = 3,
	VMM_IOMMU_TEST_OP_MD_CHECK_REFS = 4,
	VMM_IOMMU_TEST_OP_CREATE_ACCESS = 5,
	VMM_IOMMU_TEST_OP_DESTROY_ACCESS_PAGES = 6,
	VMM_IOMMU_TEST_OP_ACCESS_PAGES = 7,
	VMM_IOMMU_TEST_OP_ACCESS_RW = 8,
	VMM_IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT = 9,
	VMM_IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE = 10,
	VMM_IOMMU_TEST_OP_ACCESS_REPLACE_IOAS = 11,
	VMM_IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS = 12,
	VMM_IOMMU_TEST_OP_DIRTY = 13,
	VMM_IOMMU_TEST_OP_MD_CHECK_IOTLB = 14,
	VMM_IOMMU_TEST_OP_TRIGGER_IOPF = 15,
	VMM_IOMMU_TEST_OP_DEV_CHECK_CACHE = 16,
	VMM_IOMMU_TEST_OP_TRIGGER_VEVENT = 17,
	VMM_IOMMU_TEST_OP_PASID_ATTACH = 18,
	VMM_IOMMU_TEST_OP_PASID_REPLACE = 19,
	VMM_IOMMU_TEST_OP_PASID_DETACH = 20,
	VMM_IOMMU_TEST_OP_PASID_CHECK_HWPT = 21,
	VMM_IOMMU_TEST_OP_DMABUF_GET = 22,
	VMM_IOMMU_TEST_OP_DMABUF_REVOKE = 23,
};

/* MOCK_DOMAIN_FLAGS dev_flags */
#define VMM_MOCK_FLAGS_DEVICE_NO_DIRTY	(1u << 0)
#define VMM_MOCK_FLAGS_DEVICE_PASID	(1u << 2)

/* Mock constants the live tests compare against. */
#define VMM_MOCK_APERTURE_START		0x1000000ull
#define VMM_MOCK_APERTURE_LAST		0x7fffffffull
#define VMM_MOCK_PAGE_SIZE		2048u
#define VMM_MOCK_HWPT_DATA_TYPE		0xdeadu
#define VMM_MOCK_TEST_REG		0xdeadbeefu

/* Minimum size 68 (through last). */
struct vmm_iommu_test_cmd {
	uint32_t size;
	uint32_t op;
	uint32_t id;		/* MOCK_DOMAIN: an IOAS or HWPT id */
	uint32_t __reserved;
	union {
		struct {
			uint32_t out_stdev_id;	/* IOMMU_DESTROY it to remove the mock */
			uint32_t out_hwpt_id;
			uint32_t out_idev_id;	/* a real iommufd device id */
			uint32_t dev_flags;	/* in, MOCK_DOMAIN_FLAGS only */
		} mock_domain;
		struct {
			uint32_t pt_id;		/* id = the stdev id */
		} mock_domain_replace;
		uint64_t raw[6];
	};
	uint32_t last;
};
VMM_ASSERT_SIZE(struct vmm_iommu_test_cmd, 72);
VMM_ASSERT_OFF(struct vmm_iommu_test_cmd, op, 4);
VMM_ASSERT_OFF(struct vmm_iommu_test_cmd, id, 8);
VMM_ASSERT_OFF(struct vmm_iommu_test_cmd, __reserved, 12);
VMM_ASSERT_OFF(struct vmm_iommu_test_cmd, mock_domain.out_stdev_id, 16);
VMM_ASSERT_OFF(struct vmm_iommu_test_cmd, mock_domain.out_hwpt_id, 20);
VMM_ASSERT_OFF(struct vmm_iommu_test_cmd, mock_domain.out_idev_id, 24);
VMM_ASSERT_OFF(struct vmm_iommu_test_cmd, mock_domain.dev_flags, 28);
VMM_ASSERT_OFF(struct vmm_iommu_test_cmd, mock_domain_replace.pt_id, 16);
VMM_ASSERT_OFF(struct vmm_iommu_test_cmd, last, 64);

#endif
