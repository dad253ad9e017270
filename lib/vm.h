/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A VM this session owns (vm0, vm1, ...): its fds, what KVM or Gunyah
 * offered it, and the memory regions it added. The vm and mem commands
 * build it; mte, tsm and stage2 use it through the session.
 */
#ifndef VMM_LIB_VM_H
#define VMM_LIB_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmm_sys;

enum vmm_hv {
	VMM_HV_KVM,
	VMM_HV_GUNYAH,
};

enum vmm_backing {
	VMM_BACK_ANON,
	VMM_BACK_FILE,
	VMM_BACK_MEMFD,
	VMM_BACK_GMEM,		/* guest_memfd, with an anonymous shared part */
};

/* One memory region this session added: a KVM slot or a Gunyah label. */
struct vmm_region {
	uint32_t id;		/* KVM: (as_id << 16) | slot; Gunyah: label */
	uint32_t flags;		/* KVM_MEM_* or GH_MEM_* as passed to the kernel */
	uint64_t gpa;
	uint64_t size;
	void *hva;		/* userspace_addr */
	size_t map_len;		/* bytes to munmap at hva, 0 when not ours */
	enum vmm_backing backing;
	int fd;			/* file or memfd behind hva, -1 for anon */
	uint64_t offset;	/* file offset of hva */
	char path[256];		/* --file PATH */
	int gmem_fd;		/* guest_memfd, -1 when none */
	uint64_t gmem_flags;
};

struct vmm_vm {
	enum vmm_hv hv;
	int dev_fd;		/* /dev/kvm or /dev/gunyah */
	int fd;			/* the VM */
	unsigned long type;	/* KVM_CREATE_VM machine type */
	int nr_memslots;	/* KVM_CAP_NR_MEMSLOTS on the VM fd */
	int nr_as;		/* address spaces (1 without MULTI_ADDRESS_SPACE) */
	bool mem2;		/* KVM_SET_USER_MEMORY_REGION2 available */
	bool manual_protect;	/* MANUAL_DIRTY_LOG_PROTECT2 enabled: dirty reads keep bits */
	bool readonly_mem;
	bool mte;		/* KVM_CAP_ARM_MTE enabled (mte enable, vm create --mte) */
	uint64_t gmem_flags_ok;	/* KVM_CAP_GUEST_MEMFD_FLAGS, 0 without guest_memfd */
	struct vmm_region *regions;
	int nregions;
	int vcpu_fd;		/* created by `vm touch`, -1 until then */
	bool ran;		/* its guest ran (vm touch) */
	void *run;		/* the vCPU's mmap'ed kvm_run */
	size_t run_size;
};

/* A protected VM (pKVM): its guest's pages leave the host once it runs. */
bool vmm_vm_protected(const struct vmm_vm *vm);

/* The session kind of a VM object. */
#define VMM_VM_KIND	"vm"

/* Index of the region with this id in vm, or -1. */
int vmm_vm_region_find(const struct vmm_vm *vm, uint32_t id);
/* Appends a copy of r; -ENOMEM. */
int vmm_vm_region_add(struct vmm_vm *vm, const struct vmm_region *r);
/* Removes region idx and releases its mapping and fds. */
void vmm_vm_region_drop(struct vmm_vm *vm, int idx);
/* Closes the VM (its fd first, so the kernel drops the slots), then its memory. */
void vmm_vm_free(struct vmm_vm *vm);
/* "anon", "file", "memfd", "guest_memfd" */
const char *vmm_backing_name(enum vmm_backing b);
/* The host page size (sysconf), for alignment rules. */
uint64_t vmm_page_size(void);

/*
 * Whether KVM can copy tags of vm's guest (a KVM VM on a host that offers
 * KVM_CAP_ARM_MTE): 0, or -errno with *why saying what is missing.
 */
int vmm_vm_mte_check(struct vmm_sys *s, const struct vmm_vm *vm, const char **why);
/*
 * KVM_ENABLE_CAP(KVM_CAP_ARM_MTE) on vm, which KVM allows only before the
 * first vCPU; with dry, only the checks. 0 (also when it is on already),
 * or -errno with *why.
 */
int vmm_vm_mte_enable(struct vmm_sys *s, struct vmm_vm *vm, bool dry, const char **why);

#endif
