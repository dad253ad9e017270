// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A session-owned VM: its regions, its release, and MTE on it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "kvm.h"
#include "sys.h"
#include "uapi/kvm.h"
#include "vm.h"

#ifdef __aarch64__
#define ARM64 1
#else
#define ARM64 0
#endif

uint64_t vmm_page_size(void)
{
	static uint64_t page;

	if (!page)
		page = (uint64_t)sysconf(_SC_PAGESIZE);
	return page;
}

const char *vmm_backing_name(enum vmm_backing b)
{
	static const char *const names[] = {
		[VMM_BACK_ANON] = "anon", [VMM_BACK_FILE] = "file",
		[VMM_BACK_MEMFD] = "memfd", [VMM_BACK_GMEM] = "guest_memfd",
	};

	return names[b];
}

int vmm_vm_region_find(const struct vmm_vm *vm, uint32_t id)
{
	for (int i = 0; i < vm->nregions; i++)
		if (vm->regions[i].id == id)
			return i;
	return -1;
}

int vmm_vm_region_add(struct vmm_vm *vm, const struct vmm_region *r)
{
	struct vmm_region *n = realloc(vm->regions, (size_t)(vm->nregions + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	vm->regions = n;
	vm->regions[vm->nregions++] = *r;
	return 0;
}

static void region_release(struct vmm_region *r)
{
	vmm_sys_munmap(r->hva, r->map_len);
	vmm_sys_close(r->fd);
	vmm_sys_close(r->gmem_fd);
}

void vmm_vm_region_drop(struct vmm_vm *vm, int idx)
{
	region_release(&vm->regions[idx]);
	memmove(&vm->regions[idx], &vm->regions[idx + 1],
		(size_t)(vm->nregions - idx - 1) * sizeof(*vm->regions));
	vm->nregions--;
}

void vmm_vm_free(struct vmm_vm *vm)
{
	vmm_sys_munmap(vm->run, vm->run_size);
	vmm_sys_close(vm->vcpu_fd);
	vmm_sys_close(vm->fd);
	vmm_sys_close(vm->dev_fd);
	for (int i = 0; i < vm->nregions; i++)
		region_release(&vm->regions[i]);
	free(vm->regions);
	free(vm);
}

bool vmm_vm_protected(const struct vmm_vm *vm)
{
	return ARM64 && vm->hv == VMM_HV_KVM && (vm->type & VMM_KVM_VM_TYPE_ARM_PROTECTED);
}

int vmm_vm_mte_check(struct vmm_sys *s, const struct vmm_vm *vm, const char **why)
{
	const char *mode;
	int v;

	if (vm->hv != VMM_HV_KVM) {
		*why = "a Gunyah VM: MTE tag copy is a KVM interface";
		return -EOPNOTSUPP;
	}
	v = vmm_kvm_check_cap(s, vm->fd, VMM_KVM_CAP_ARM_MTE);
	/* the kernel log tells pKVM apart from a host without MTE */
	if (!v && ARM64 && (mode = vmm_host_kvm_mode(s)) && !strcmp(mode, "protected")) {
		*why = "KVM_CAP_ARM_MTE is 0: protected KVM (pKVM) hides MTE from every VM "
		       "(kvm_pkvm_ext_allowed)";
		return -EOPNOTSUPP;
	}
	if (v <= 0) {
		*why = "KVM_CAP_ARM_MTE is not offered: KVM gives MTE to guests only on arm64 "
		       "hosts with MTE, and not under pKVM";
		return v < 0 ? v : -EOPNOTSUPP;
	}
	return 0;
}

int vmm_vm_mte_enable(struct vmm_sys *s, struct vmm_vm *vm, bool dry, const char **why)
{
	int ret = vmm_vm_mte_check(s, vm, why);

	if (ret)
		return ret;
	if (vm->vcpu_fd >= 0) {
		*why = "it has a vCPU: KVM enables MTE only before the first vCPU is created";
		return -EBUSY;
	}
	if (dry || vm->mte)
		return 0;
	ret = vmm_kvm_enable_cap(s, vm->fd, VMM_KVM_CAP_ARM_MTE, 0);
	if (ret < 0) {
		*why = "KVM refuses MTE after vCPUs exist or with a guest_memfd slot";
		return ret;
	}
	vm->mte = true;
	return 0;
}
