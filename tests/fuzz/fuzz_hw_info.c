// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for what device hw-info and iommufd list read from the
 * kernel: the first byte picks an IOMMU_HW_INFO_TYPE (or, above the known
 * ones, takes the next four bytes as the type), the rest is the driver's
 * payload; the first NUL-terminated piece also goes through the /proc fd
 * link classifier. Results must keep the promises of lib/iommufd_info.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/iommufd_info.h"
#include "lib/iommufd_proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t types[] = { 0, 1, 2, 3, 4, 0xfeedbeef };
	struct vmm_hw_field f[VMM_HW_FIELDS_MAX];
	uint32_t type, len;
	char link[64];
	int n, max;

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
	len = size > 4096 ? 4096 : (uint32_t)size;
	max = 1 + (int)(len % VMM_HW_FIELDS_MAX);
	n = vmm_iommufd_hw_info_decode(type, data, len, f, max);
	check(n >= 0 && n <= max);
	for (int i = 0; i < n; i++) {
		check(f[i].name && *f[i].name);
		check(f[i].index >= -1 && f[i].index < 6);
	}
	check(strcmp(vmm_iommufd_hw_info_type_name(type), "") != 0);
	memcpy(link, data, len < sizeof(link) - 1 ? len : sizeof(link) - 1);
	link[len < sizeof(link) - 1 ? len : sizeof(link) - 1] = '\0';
	check(vmm_iommufd_link_is(link) == !strcmp(link, "/dev/iommu"));
	return 0;
}
