// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for what device hw-info reads from the kernel: the first
 * byte picks an IOMMU_HW_INFO_TYPE (or, above the known ones, takes the next
 * four bytes as the type), the rest is the driver's payload. Results must
 * keep the promises of lib/iommufd_info.h, and the decoding must depend on
 * the payload's own bytes only: changing every byte past the largest
 * payload (SMMUv3, 40 bytes) changes nothing decoded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/iommufd_info.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the largest payload the decoder knows: Arm SMMUv3, spec A.3 */
#define PAYLOAD_MAX	40

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t types[] = { 0, 1, 2, 3, 4, 0xfeedbeef };
	struct vmm_hw_field f[VMM_HW_FIELDS_MAX], g[VMM_HW_FIELDS_MAX];
	struct vmm_smmuv3_bits bits[VMM_SMMUV3_BITS_MAX];
	static uint8_t buf[4096];
	uint32_t type, len;
	int n, m, max;

	if (size < 1)
		return 0;
	if (data[0] < 6) {
		type = types[data[0]];
		data++, size--;
	} else if (size >= 5) {
		memcpy(&type, data + 1, 4);
		data += 5, size -= 5;
	} else {
		return 0;
	}
	len = size > sizeof(buf) ? (uint32_t)sizeof(buf) : (uint32_t)size;
	memcpy(buf, data, len);
	max = 1 + (int)(len % VMM_HW_FIELDS_MAX);
	n = vmm_iommufd_hw_info_decode(type, buf, len, f, max);
	check(n >= 0 && n <= max);
	for (int i = 0; i < n; i++) {
		check(f[i].name && *f[i].name);
		check(f[i].index >= -1 && f[i].index < 6);
	}
	check(strcmp(vmm_iommufd_hw_info_type_name(type), "") != 0);
	for (uint32_t i = PAYLOAD_MAX; i < len; i++)
		buf[i] = (uint8_t)~buf[i];
	m = vmm_iommufd_hw_info_decode(type, buf, len, g, max);
	check(m == n);
	for (int i = 0; i < n; i++)
		check(g[i].name == f[i].name && g[i].index == f[i].index &&
		      g[i].value == f[i].value);
	/* the SMMUv3 ID registers by field: each value fits its width */
	n = vmm_iommufd_smmuv3_bits(buf, len, bits, 1 + (int)(len % VMM_SMMUV3_BITS_MAX));
	check(n >= 0 && n <= VMM_SMMUV3_BITS_MAX && (len >= 40 || n == 0));
	for (int i = 0; i < n; i++) {
		check(bits[i].name && *bits[i].name && bits[i].reg && bits[i].width >= 1);
		check(bits[i].width >= 32 || bits[i].value >> bits[i].width == 0);
		if (!strcmp(bits[i].name, "oas")) {
			unsigned int oas = vmm_iommufd_smmuv3_oas_bits(bits[i].value);

			check(oas == 0 || (oas >= 32 && oas <= 56));
		}
	}
	return 0;
}
