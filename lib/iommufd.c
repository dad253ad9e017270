// SPDX-License-Identifier: GPL-3.0-or-later
#include "iommufd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

int vmm_iommufd_open(struct vmm_sys *s)
{
	return vmm_sys_open_dev(s, VMM_IOMMUFD_DEV);
}

int vmm_iommufd_destroy(struct vmm_sys *s, int fd, uint32_t id)
{
	struct vmm_iommu_destroy d = { .size = sizeof(d), .id = id };

	return vmm_sys_ioctl(s, fd, VMM_IOMMU_DESTROY, "IOMMU_DESTROY", &d);
}

int vmm_iommufd_ioas_alloc(struct vmm_sys *s, int fd, uint32_t *ioas_id)
{
	struct vmm_iommu_ioas_alloc a = { .size = sizeof(a) };
	int ret;

	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_IOAS_ALLOC, "IOMMU_IOAS_ALLOC", &a);
	if (ret < 0)
		return ret;
	*ioas_id = a.out_ioas_id;
	return 0;
}

int vmm_iommufd_option(struct vmm_sys *s, int fd, uint32_t option_id, uint16_t op,
		       uint32_t object_id, uint16_t reserved, uint64_t *val)
{
	struct vmm_iommu_option o = {
		.size = sizeof(o), .option_id = option_id, .op = op,
		.__reserved = reserved, .object_id = object_id,
		.val64 = op == VMM_IOMMU_OPTION_OP_SET ? *val : 0,
	};
	int ret;

	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_OPTION, "IOMMU_OPTION", &o);
	if (ret < 0)
		return ret;
	*val = o.val64;
	return 0;
}

int vmm_iommufd_ioas_ranges(struct vmm_sys *s, int fd, uint32_t ioas_id,
			    struct vmm_iommu_iova_range *ranges, uint32_t *num, uint64_t *align)
{
	struct vmm_iommu_ioas_iova_ranges r = {
		.size = sizeof(r), .ioas_id = ioas_id, .num_iovas = *num,
		.allowed_iovas = (uintptr_t)ranges,
	};
	int ret;

	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_IOAS_IOVA_RANGES, "IOMMU_IOAS_IOVA_RANGES", &r);
	/* EMSGSIZE still reports the count needed */
	if (ret == 0 || ret == -EMSGSIZE)
		*num = r.num_iovas;
	if (ret == 0 && align)
		*align = r.out_iova_alignment;
	return ret < 0 ? ret : 0;
}

int vmm_iommufd_ioas_ranges_all(struct vmm_sys *s, int fd, uint32_t ioas_id,
				struct vmm_iommu_iova_range **out, uint32_t *num,
				uint64_t *align)
{
	struct vmm_iommu_iova_range *r = NULL, *tmp;
	uint32_t cap = 8, n;
	int ret, tries;

	*out = NULL;
	*num = 0;
	/* ranges narrow as devices attach meanwhile: retry a few times */
	for (tries = 0; tries < 4; tries++) {
		tmp = realloc(r, cap * sizeof(*r));
		if (!tmp) {
			ret = vmm_sys_record(s, ENOMEM, "ioctl", "IOMMU_IOAS_IOVA_RANGES", NULL);
			goto fail;
		}
		r = tmp;
		/* what the kernel does not fill stays defined */
		memset(r, 0, cap * sizeof(*r));
		n = cap;
		ret = vmm_iommufd_ioas_ranges(s, fd, ioas_id, r, &n, align);
		if (ret == 0) {
			if (!n) {
				free(r);
				r = NULL;
			}
			*out = r;
			*num = n;
			return 0;
		}
		if (ret != -EMSGSIZE || n <= cap)
			goto fail;
		cap = n;
	}
fail:
	free(r);
	return ret;
}

int vmm_iommufd_ioas_allow(struct vmm_sys *s, int fd, uint32_t ioas_id,
			   const struct vmm_iommu_iova_range *ranges, uint32_t num)
{
	struct vmm_iommu_ioas_allow_iovas a = {
		.size = sizeof(a), .ioas_id = ioas_id, .num_iovas = num,
		.allowed_iovas = (uintptr_t)ranges,
	};

	return vmm_sys_ioctl(s, fd, VMM_IOMMU_IOAS_ALLOW_IOVAS, "IOMMU_IOAS_ALLOW_IOVAS", &a);
}

int vmm_iommufd_ioas_map(struct vmm_sys *s, int fd, uint32_t ioas_id, uint32_t flags,
			 uint64_t user_va, uint64_t length, uint64_t *iova)
{
	struct vmm_iommu_ioas_map m = {
		.size = sizeof(m), .flags = flags, .ioas_id = ioas_id, .user_va = user_va,
		.length = length,
		.iova = (flags & VMM_IOMMU_IOAS_MAP_FIXED_IOVA) ? *iova : 0,
	};
	int ret;

	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_IOAS_MAP, "IOMMU_IOAS_MAP", &m);
	if (ret < 0)
		return ret;
	*iova = m.iova;
	return 0;
}

int vmm_iommufd_ioas_map_file(struct vmm_sys *s, int fd, uint32_t ioas_id, uint32_t flags,
			      int map_fd, uint64_t start, uint64_t length, uint64_t *iova)
{
	struct vmm_iommu_ioas_map_file m = {
		.size = sizeof(m), .flags = flags, .ioas_id = ioas_id, .fd = map_fd,
		.start = start, .length = length,
		.iova = (flags & VMM_IOMMU_IOAS_MAP_FIXED_IOVA) ? *iova : 0,
	};
	int ret;

	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_IOAS_MAP_FILE, "IOMMU_IOAS_MAP_FILE", &m);
	if (ret < 0)
		return ret;
	*iova = m.iova;
	return 0;
}

int vmm_iommufd_ioas_copy(struct vmm_sys *s, int fd, uint32_t flags, uint32_t dst_ioas_id,
			  uint32_t src_ioas_id, uint64_t length, uint64_t src_iova,
			  uint64_t *dst_iova)
{
	struct vmm_iommu_ioas_copy c = {
		.size = sizeof(c), .flags = flags, .dst_ioas_id = dst_ioas_id,
		.src_ioas_id = src_ioas_id, .length = length, .src_iova = src_iova,
		.dst_iova = (flags & VMM_IOMMU_IOAS_MAP_FIXED_IOVA) ? *dst_iova : 0,
	};
	int ret;

	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_IOAS_COPY, "IOMMU_IOAS_COPY", &c);
	if (ret < 0)
		return ret;
	*dst_iova = c.dst_iova;
	return 0;
}

int vmm_iommufd_ioas_unmap(struct vmm_sys *s, int fd, uint32_t ioas_id, uint64_t iova,
			   uint64_t *length)
{
	struct vmm_iommu_ioas_unmap u = {
		.size = sizeof(u), .ioas_id = ioas_id, .iova = iova, .length = *length,
	};
	int ret;

	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_IOAS_UNMAP, "IOMMU_IOAS_UNMAP", &u);
	if (ret < 0)
		return ret;
	*length = u.length;
	return 0;
}

int vmm_iommufd_hw_info(struct vmm_sys *s, int fd, struct vmm_iommu_hw_info *h)
{
	h->size = sizeof(*h);
	memset(h->__reserved, 0, sizeof(h->__reserved));
	if (!(h->flags & VMM_IOMMU_HW_INFO_FLAG_INPUT_TYPE))
		h->data_type = 0;
	h->out_max_pasid_log2 = 0;
	h->out_capabilities = 0;
	return vmm_sys_ioctl(s, fd, VMM_IOMMU_GET_HW_INFO, "IOMMU_GET_HW_INFO", h);
}

int vmm_iommufd_hwpt_alloc(struct vmm_sys *s, int fd, uint32_t flags, uint32_t dev_id,
			   uint32_t pt_id, uint32_t data_type, const void *data,
			   uint32_t data_len, uint32_t *hwpt_id)
{
	struct vmm_iommu_hwpt_alloc h = {
		.size = sizeof(h), .flags = flags, .dev_id = dev_id, .pt_id = pt_id,
		.data_type = data_type, .data_len = data ? data_len : 0,
		.data_uptr = (uintptr_t)data,
	};
	int ret;

	if (flags & VMM_IOMMU_HWPT_ALLOC_FAULT_ID_VALID)
		return vmm_sys_record(s, EINVAL, "ioctl", "IOMMU_HWPT_ALLOC", NULL);
	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_HWPT_ALLOC, "IOMMU_HWPT_ALLOC", &h);
	if (ret < 0)
		return ret;
	*hwpt_id = h.out_hwpt_id;
	return 0;
}

int vmm_iommufd_viommu_alloc(struct vmm_sys *s, int fd, uint32_t type, uint32_t dev_id,
			     uint32_t hwpt_id, void *data, uint32_t data_len,
			     uint32_t *viommu_id)
{
	struct vmm_iommu_viommu_alloc v = {
		.size = sizeof(v), .type = type, .dev_id = dev_id, .hwpt_id = hwpt_id,
		.data_len = data ? data_len : 0, .data_uptr = (uintptr_t)data,
	};
	int ret;

	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_VIOMMU_ALLOC, "IOMMU_VIOMMU_ALLOC", &v);
	if (ret < 0)
		return ret;
	*viommu_id = v.out_viommu_id;
	return 0;
}

int vmm_iommufd_vdevice_alloc(struct vmm_sys *s, int fd, uint32_t viommu_id,
			      uint32_t dev_id, uint64_t virt_id, uint32_t *vdevice_id)
{
	struct vmm_iommu_vdevice_alloc v = {
		.size = sizeof(v), .viommu_id = viommu_id, .dev_id = dev_id,
		.virt_id = virt_id,
	};
	int ret;

	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_VDEVICE_ALLOC, "IOMMU_VDEVICE_ALLOC", &v);
	if (ret < 0)
		return ret;
	*vdevice_id = v.out_vdevice_id;
	return 0;
}

int vmm_iommufd_test_mock_domain(struct vmm_sys *s, int fd, uint32_t pt_id,
				 uint32_t dev_flags, struct vmm_iommufd_mock *out)
{
	struct vmm_iommu_test_cmd t;
	int ret;

	memset(&t, 0, sizeof(t));
	t.size = sizeof(t);
	t.op = dev_flags ? VMM_IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS : VMM_IOMMU_TEST_OP_MOCK_DOMAIN;
	t.id = pt_id;
	t.mock_domain.dev_flags = dev_flags;
	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_TEST_CMD, "IOMMU_TEST_CMD", &t);
	if (ret < 0)
		return ret;
	out->stdev_id = t.mock_domain.out_stdev_id;
	out->hwpt_id = t.mock_domain.out_hwpt_id;
	out->dev_id = t.mock_domain.out_idev_id;
	return 0;
}

int vmm_iommufd_test_mock_replace(struct vmm_sys *s, int fd, uint32_t stdev_id,
				  uint32_t *pt_id)
{
	struct vmm_iommu_test_cmd t;
	int ret;

	memset(&t, 0, sizeof(t));
	t.size = sizeof(t);
	t.op = VMM_IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE;
	t.id = stdev_id;
	t.mock_domain_replace.pt_id = *pt_id;
	ret = vmm_sys_ioctl(s, fd, VMM_IOMMU_TEST_CMD, "IOMMU_TEST_CMD", &t);
	if (ret < 0)
		return ret;
	if (t.mock_domain_replace.pt_id)
		*pt_id = t.mock_domain_replace.pt_id;
	return 0;
}
