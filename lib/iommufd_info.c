// SPDX-License-Identifier: GPL-3.0-or-later
#include "iommufd_info.h"

#include "uapi/iommufd.h"

const char *vmm_iommufd_hw_info_type_name(uint32_t type)
{
	switch (type) {
	case VMM_IOMMU_HW_INFO_TYPE_NONE: return "none";
	case VMM_IOMMU_HW_INFO_TYPE_INTEL_VTD: return "intel_vtd";
	case VMM_IOMMU_HW_INFO_TYPE_ARM_SMMUV3: return "arm_smmuv3";
	case VMM_IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV: return "tegra241_cmdqv";
	case VMM_IOMMU_HW_INFO_TYPE_AMD: return "amd";
	case VMM_IOMMU_HW_INFO_TYPE_SELFTEST: return "selftest";
	default: return "unknown";
	}
}

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* One payload layout: name, offset, width in bytes, array length (0: scalar). */
struct layout {
	const char *name;
	uint8_t off, width, count;
};

static const struct layout vtd[] = {
	{ "flags", 0, 4, 0 }, { "cap_reg", 8, 8, 0 }, { "ecap_reg", 16, 8, 0 }, { 0 },
};
static const struct layout smmuv3[] = {
	{ "flags", 0, 4, 0 }, { "idr", 8, 4, 6 }, { "iidr", 32, 4, 0 }, { "aidr", 36, 4, 0 },
	{ 0 },
};
static const struct layout amd[] = { { "efr", 0, 8, 0 }, { "efr2", 8, 8, 0 }, { 0 } };
static const struct layout selftest[] = { { "flags", 0, 4, 0 }, { "test_reg", 4, 4, 0 }, { 0 } };

int vmm_iommufd_hw_info_decode(uint32_t type, const uint8_t *data, uint32_t len,
			       struct vmm_hw_field *out, int max)
{
	const struct layout *l;
	uint32_t need;
	int n = 0;

	switch (type) {
	case VMM_IOMMU_HW_INFO_TYPE_INTEL_VTD:
		l = vtd, need = sizeof(struct vmm_iommu_hw_info_vtd);
		break;
	case VMM_IOMMU_HW_INFO_TYPE_ARM_SMMUV3:
		l = smmuv3, need = sizeof(struct vmm_iommu_hw_info_arm_smmuv3);
		break;
	case VMM_IOMMU_HW_INFO_TYPE_AMD:
		l = amd, need = sizeof(struct vmm_iommu_hw_info_amd);
		break;
	case VMM_IOMMU_HW_INFO_TYPE_SELFTEST:
		l = selftest, need = sizeof(struct vmm_iommu_hw_info_selftest);
		break;
	default:
		return 0;
	}
	if (len < need)
		return 0;
	for (; l->name; l++)
		for (int i = 0; i < (l->count ? l->count : 1); i++) {
			if (n == max)
				return n;
			out[n].name = l->name;
			out[n].index = l->count ? i : -1;
			out[n].value = le(data + l->off + i * l->width, l->width);
			n++;
		}
	return n;
}
