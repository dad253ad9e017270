/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The driver data of IOMMU_GET_HW_INFO decoded per type (spec A.3): Intel
 * VT-d, Arm SMMUv3, AMD and the CONFIG_IOMMUFD_TEST mock; other types are
 * left raw. Pure functions over the bytes the kernel wrote, read from the
 * spec's offsets as little-endian.
 */
#ifndef VMM_LIB_IOMMUFD_INFO_H
#define VMM_LIB_IOMMUFD_INFO_H

#include <stdint.h>

/* "intel_vtd", "arm_smmuv3", ..., "selftest"; "unknown" for any other type. */
const char *vmm_iommufd_hw_info_type_name(uint32_t type);

struct vmm_hw_field {
	const char *name;	/* JSON key, e.g. "cap_reg", "idr" */
	int index;		/* -1: a single value; else the element of array name */
	uint64_t value;
};
#define VMM_HW_FIELDS_MAX	12

/*
 * Fields of type's payload data[len] in the payload's order, at most max:
 * the count, or 0 when the type has no decoding or len is shorter than its
 * payload (the caller then shows the raw words only).
 */
int vmm_iommufd_hw_info_decode(uint32_t type, const uint8_t *data, uint32_t len,
			       struct vmm_hw_field *out, int max);

#endif
