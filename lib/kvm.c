// SPDX-License-Identifier: GPL-3.0-or-later
#include "kvm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "uapi/kvm.h"

int vmm_kvm_open(struct vmm_sys *s)
{
	int fd = vmm_sys_open_dev(s, VMM_KVM_DEV), v;

	if (fd < 0)
		return fd;
	v = vmm_kvm_api_version(s, fd);
	if (v == VMM_KVM_API_VERSION)
		return fd;
	vmm_sys_close(fd);
	/* a node that does not answer, or answers another version, is not our KVM */
	return vmm_sys_record(s, v < 0 ? ENOTTY : EPROTO, "ioctl", "KVM_GET_API_VERSION",
			      VMM_KVM_DEV);
}

int vmm_kvm_api_version(struct vmm_sys *s, int kvm_fd)
{
	return vmm_sys_ioctl_int(s, kvm_fd, VMM_KVM_GET_API_VERSION, "KVM_GET_API_VERSION", 0);
}

int vmm_kvm_check_cap(struct vmm_sys *s, int fd, unsigned int cap)
{
	return vmm_sys_ioctl_int(s, fd, VMM_KVM_CHECK_EXTENSION, "KVM_CHECK_EXTENSION", cap);
}

/* "4K 2M 1G" for the set bits of a block-size bitmap */
static void sizes_text(uint64_t bits, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	size_t used = 0;

	*buf = 0;
	for (int b = 10; b < 50 && used < len; b++) {
		if (!(bits >> b & 1))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%llu%c", used ? " " : "",
					 1ull << (b % 10), units[b / 10 - 1]);
	}
}

bool vmm_kvm_cap_detail(unsigned int cap, int value, char *buf, size_t len)
{
	if (value <= 0)
		return false;
	switch (cap) {
	case VMM_KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES:
		sizes_text((uint32_t)value, buf, len);
		return true;
	case VMM_KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE:
		snprintf(buf, len, "stage-2 blocks split in chunks of %d bytes when dirty "
			 "logging starts", value);
		return true;
	case VMM_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES:
		snprintf(buf, len, "%s%s", value & 1 ? "feature ID registers (op0 3, op1 0, CRn 0, "
			 "CRm 1-7)" : "", value & ~1 ? "; more ranges than vmmctl knows" : "");
		return true;
	}
	return false;
}

int vmm_kvm_create_vm(struct vmm_sys *s, int kvm_fd, unsigned long type)
{
	return vmm_sys_ioctl_int(s, kvm_fd, VMM_KVM_CREATE_VM, "KVM_CREATE_VM", type);
}

int vmm_kvm_enable_cap(struct vmm_sys *s, int fd, uint32_t cap, uint64_t arg0)
{
	struct vmm_kvm_enable_cap e;

	memset(&e, 0, sizeof(e));
	e.cap = cap;
	e.args[0] = arg0;
	return vmm_sys_ioctl(s, fd, VMM_KVM_ENABLE_CAP, "KVM_ENABLE_CAP", &e);
}

int vmm_kvm_set_region(struct vmm_sys *s, int vm_fd, bool v2,
		       const struct vmm_kvm_mem_region2 *r)
{
	struct vmm_kvm_mem_region2 r2;
	struct vmm_kvm_mem_region r1;

	if (v2) {
		/* the kernel does not check the pads yet; keep them zero for when it will */
		memset(&r2, 0, sizeof(r2));
		memcpy(&r2, r, offsetof(struct vmm_kvm_mem_region2, pad1));
		return vmm_sys_ioctl(s, vm_fd, VMM_KVM_SET_USER_MEMORY_REGION2,
				     "KVM_SET_USER_MEMORY_REGION2", &r2);
	}
	r1.slot = r->slot;
	r1.flags = r->flags;
	r1.guest_phys_addr = r->guest_phys_addr;
	r1.memory_size = r->memory_size;
	r1.userspace_addr = r->userspace_addr;
	return vmm_sys_ioctl(s, vm_fd, VMM_KVM_SET_USER_MEMORY_REGION,
			     "KVM_SET_USER_MEMORY_REGION", &r1);
}

int vmm_kvm_create_gmem(struct vmm_sys *s, int vm_fd, uint64_t size, uint64_t flags)
{
	struct vmm_kvm_create_guest_memfd g;

	memset(&g, 0, sizeof(g));
	g.size = size;
	g.flags = flags;
	return vmm_sys_ioctl(s, vm_fd, VMM_KVM_CREATE_GUEST_MEMFD, "KVM_CREATE_GUEST_MEMFD",
			     &g);
}

int vmm_kvm_get_dirty_log(struct vmm_sys *s, int vm_fd, uint32_t slot, uint64_t *bitmap)
{
	struct vmm_kvm_dirty_log d = { .slot = slot, .bitmap = (uintptr_t)bitmap };

	return vmm_sys_ioctl(s, vm_fd, VMM_KVM_GET_DIRTY_LOG, "KVM_GET_DIRTY_LOG", &d);
}

int vmm_kvm_clear_dirty_log(struct vmm_sys *s, int vm_fd, uint32_t slot, uint64_t first,
			    uint32_t num, uint64_t *bitmap)
{
	struct vmm_kvm_clear_dirty_log d = {
		.slot = slot, .num_pages = num, .first_page = first,
		.bitmap = (uintptr_t)bitmap,
	};

	return vmm_sys_ioctl(s, vm_fd, VMM_KVM_CLEAR_DIRTY_LOG, "KVM_CLEAR_DIRTY_LOG", &d);
}
