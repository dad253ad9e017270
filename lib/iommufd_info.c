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

/* word: 0..5 = IDR0..IDR5, 6 = IIDR, 7 = AIDR (payload offset 8 + 4 * word) */
static const struct {
	uint8_t word, lsb, width;
	const char *name;
} smmuv3_bits[] = {
	{ 0, 0, 1, "s2p" }, { 0, 1, 1, "s1p" }, { 0, 2, 2, "ttf" }, { 0, 4, 1, "cohacc" },
	{ 0, 5, 1, "btm" }, { 0, 6, 2, "httu" }, { 0, 9, 1, "hyp" }, { 0, 10, 1, "ats" },
	{ 0, 12, 1, "asid16" }, { 0, 13, 1, "msi" }, { 0, 14, 1, "sev" }, { 0, 16, 1, "pri" },
	{ 0, 18, 1, "vmid16" }, { 0, 19, 1, "cd2l" }, { 0, 21, 2, "ttendian" },
	{ 0, 24, 2, "stall_model" }, { 0, 27, 2, "st_level" },
	{ 1, 0, 6, "sidsize" }, { 1, 6, 5, "ssidsize" }, { 1, 11, 5, "priqs" },
	{ 1, 16, 5, "evtqs" }, { 1, 21, 5, "cmdqs" }, { 1, 28, 1, "rel" },
	{ 1, 29, 1, "queues_preset" }, { 1, 30, 1, "tables_preset" },
	{ 3, 8, 1, "fwb" }, { 3, 10, 1, "ril" }, { 3, 11, 2, "bbml" },
	{ 5, 0, 3, "oas" }, { 5, 4, 1, "gran4k" }, { 5, 5, 1, "gran16k" },
	{ 5, 6, 1, "gran64k" }, { 5, 7, 1, "ds" }, { 5, 10, 2, "vax" },
	{ 5, 16, 16, "stall_max" },
	{ 6, 0, 12, "implementer" }, { 6, 12, 4, "revision" }, { 6, 16, 4, "variant" },
	{ 6, 20, 12, "product_id" },
	{ 7, 0, 4, "arch_minor_rev" }, { 7, 4, 4, "arch_major_rev" },
};

int vmm_iommufd_smmuv3_bits(const uint8_t *data, uint32_t len, struct vmm_smmuv3_bits *out,
			    int max)
{
	static const char *const regs[] = { "idr0", "idr1", "idr2", "idr3", "idr4", "idr5",
					    "iidr", "aidr" };
	int n = 0;

	if (len < sizeof(struct vmm_iommu_hw_info_arm_smmuv3))
		return 0;
	for (size_t i = 0; i < sizeof(smmuv3_bits) / sizeof(smmuv3_bits[0]) && n < max; i++) {
		uint32_t w = (uint32_t)le(data + 8 + 4 * smmuv3_bits[i].word, 4);
		uint32_t mask = smmuv3_bits[i].width == 32 ? ~0u :
				(1u << smmuv3_bits[i].width) - 1;

		out[n].name = smmuv3_bits[i].name;
		out[n].reg = regs[smmuv3_bits[i].word];
		out[n].width = smmuv3_bits[i].width;
		out[n].value = (w >> smmuv3_bits[i].lsb) & mask;
		n++;
	}
	return n;
}

unsigned int vmm_iommufd_smmuv3_oas_bits(uint32_t oas)
{
	static const unsigned int bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	return oas < sizeof(bits) / sizeof(bits[0]) ? bits[oas] : 0;
}
