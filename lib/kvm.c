// SPDX-License-Identifier: GPL-3.0-or-later
#include "kvm.h"

#include <fcntl.h>

#include "uapi/kvm.h"

int vmm_kvm_open(struct vmm_sys *s)
{
	return vmm_sys_open(s, VMM_KVM_DEV, O_RDWR);
}

int vmm_kvm_api_version(struct vmm_sys *s, int kvm_fd)
{
	return vmm_sys_ioctl_int(s, kvm_fd, VMM_KVM_GET_API_VERSION, "KVM_GET_API_VERSION", 0);
}

int vmm_kvm_check_cap(struct vmm_sys *s, int fd, unsigned int cap)
{
	return vmm_sys_ioctl_int(s, fd, VMM_KVM_CHECK_EXTENSION, "KVM_CHECK_EXTENSION", cap);
}

int vmm_kvm_create_vm(struct vmm_sys *s, int kvm_fd, unsigned long type)
{
	return vmm_sys_ioctl_int(s, kvm_fd, VMM_KVM_CREATE_VM, "KVM_CREATE_VM", type);
}
