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

/* One field of an Arm SMMUv3 ID register, from the hw-info payload. */
struct vmm_smmuv3_bits {
	const char *name;	/* snake_case, e.g. "s2p", "oas", "product_id" */
	const char *reg;	/* "idr0" ... "idr5", "iidr", "aidr" */
	unsigned int width;	/* 1: a flag */
	uint32_t value;
};
#define VMM_SMMUV3_BITS_MAX	48

/*
 * The fields of IDR0, IDR1, IDR3, IDR5, IIDR and AIDR in an SMMUv3 payload
 * of len bytes (flags, idr[6], iidr, aidr: 40 bytes), at most max: the
 * count, or 0 when len is short.  Bit positions from the SMMUv3
 * architecture, as the Linux driver reads them.
 */
int vmm_iommufd_smmuv3_bits(const uint8_t *data, uint32_t len, struct vmm_smmuv3_bits *out,
			    int max);
/* IDR5.OAS as a number of address bits; 0 for a reserved encoding. */
unsigned int vmm_iommufd_smmuv3_oas_bits(uint32_t oas);

/*
 * Fields of type's payload data[len] in the payload's order, at most max:
 * the count, or 0 when the type has no decoding or len is shorter than its
 * payload (the caller then shows the raw words only).
 */
int vmm_iommufd_hw_info_decode(uint32_t type, const uint8_t *data, uint32_t len,
			       struct vmm_hw_field *out, int max);

#endif
