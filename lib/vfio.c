// SPDX-License-Identifier: GPL-3.0-or-later
#include "vfio.h"

#include <fcntl.h>
#include <string.h>

int vmm_vfio_open(struct vmm_sys *s, const char *path)
{
	return vmm_sys_open(s, path, O_RDWR);
}

int vmm_vfio_bind(struct vmm_sys *s, int dev_fd, int iommufd, const uint8_t *token,
		  uint32_t *dev_id)
{
	struct vmm_vfio_device_bind_iommufd b = {
		.argsz = sizeof(b), .iommufd = iommufd,
		.flags = token ? VMM_VFIO_DEVICE_BIND_FLAG_TOKEN : 0,
		.token_uuid_ptr = (uintptr_t)token,
	};
	int ret;

	ret = vmm_sys_ioctl(s, dev_fd, VMM_VFIO_DEVICE_BIND_IOMMUFD, "VFIO_DEVICE_BIND_IOMMUFD",
			    &b);
	if (ret < 0)
		return ret;
	*dev_id = b.out_devid;
	return 0;
}

int vmm_vfio_attach(struct vmm_sys *s, int dev_fd, int64_t pasid, uint32_t *pt_id)
{
	struct vmm_vfio_device_attach_iommufd_pt a = {
		.argsz = sizeof(a), .pt_id = *pt_id,
		.flags = pasid >= 0 ? VMM_VFIO_DEVICE_ATTACH_PASID : 0,
		.pasid = pasid >= 0 ? (uint32_t)pasid : 0,
	};
	int ret;

	ret = vmm_sys_ioctl(s, dev_fd, VMM_VFIO_DEVICE_ATTACH_IOMMUFD_PT,
			    "VFIO_DEVICE_ATTACH_IOMMUFD_PT", &a);
	if (ret < 0)
		return ret;
	*pt_id = a.pt_id;
	return 0;
}

int vmm_vfio_detach(struct vmm_sys *s, int dev_fd, int64_t pasid)
{
	struct vmm_vfio_device_detach_iommufd_pt d = {
		.argsz = sizeof(d),
		.flags = pasid >= 0 ? VMM_VFIO_DEVICE_DETACH_PASID : 0,
		.pasid = pasid >= 0 ? (uint32_t)pasid : 0,
	};

	return vmm_sys_ioctl(s, dev_fd, VMM_VFIO_DEVICE_DETACH_IOMMUFD_PT,
			     "VFIO_DEVICE_DETACH_IOMMUFD_PT", &d);
}

int vmm_kvm_vfio_create(struct vmm_sys *s, int vm_fd)
{
	struct vmm_kvm_create_device d = { .type = VMM_KVM_DEV_TYPE_VFIO };
	int ret;

	ret = vmm_sys_ioctl(s, vm_fd, VMM_KVM_CREATE_DEVICE_IOC, "KVM_CREATE_DEVICE", &d);
	if (ret < 0)
		return ret;
	return (int)d.fd;
}

int vmm_kvm_vfio_file(struct vmm_sys *s, int kvm_vfio_fd, int cdev_fd, int add)
{
	int32_t fd = cdev_fd;
	struct vmm_kvm_device_attr a = {
		.group = VMM_KVM_DEV_VFIO_FILE,
		.attr = add ? VMM_KVM_DEV_VFIO_FILE_ADD : VMM_KVM_DEV_VFIO_FILE_DEL,
		.addr = (uintptr_t)&fd,
	};

	return vmm_sys_ioctl(s, kvm_vfio_fd, VMM_KVM_SET_DEVICE_ATTR_IOC, "KVM_SET_DEVICE_ATTR",
			     &a);
}
