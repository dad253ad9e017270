/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef VMM_LIB_KVM_H
#define VMM_LIB_KVM_H

#include "sys.h"

#define VMM_KVM_DEV "/dev/kvm"

/* Opens /dev/kvm read-write; returns the fd or -errno. */
int vmm_kvm_open(struct vmm_sys *s);
int vmm_kvm_api_version(struct vmm_sys *s, int kvm_fd);
/* KVM_CHECK_EXTENSION on /dev/kvm or a VM fd: the capability's value (>= 0). */
int vmm_kvm_check_cap(struct vmm_sys *s, int fd, unsigned int cap);
/* KVM_CREATE_VM with a machine type; returns the VM fd or -errno. */
int vmm_kvm_create_vm(struct vmm_sys *s, int kvm_fd, unsigned long type);

#endif
