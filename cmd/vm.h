/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the vm and mem objects share: a VM this session owns (vm0, vm1, ...)
 * with the memory regions it added, and the handlers split across files
 * (cmd/vm.c owned VMs, cmd/vm_observe.c observed ones, cmd/mem.c KVM slots,
 * cmd/mem_gunyah.c Gunyah regions).
 */
#ifndef VMM_CMD_VM_H
#define VMM_CMD_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cmd.h"

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
	void *run;		/* the vCPU's mmap'ed kvm_run */
	size_t run_size;
};

#define VMM_VM_KIND	"vm"

/*
 * The session VM named by v (vm0), or NULL with the error recorded: an
 * observed PID-FD cannot be changed from here (KVM answers EIO to any other
 * process than the VM's creator).
 */
struct vmm_vm *vmm_vm_owned(struct vmm_call *c, const struct vmm_val *v);
/* Index of the region with this id in vm, or -1. */
int vmm_vm_region_find(const struct vmm_vm *vm, uint32_t id);
/* Appends a copy of r; -ENOMEM. */
int vmm_vm_region_add(struct vmm_vm *vm, const struct vmm_region *r);
/* Removes region idx and releases its mapping and fds. */
void vmm_vm_region_drop(struct vmm_vm *vm, int idx);
/* "anon", "file", "memfd", "guest_memfd" */
const char *vmm_backing_name(enum vmm_backing b);
/* The host page size (sysconf), for alignment rules. */
uint64_t vmm_page_size(void);

/* Backing memory (cmd/mem.c), shared by KVM slots and Gunyah regions. */
/* --file PATH[:OFFSET] into path (len bytes) and *offset; records a usage error. */
int vmm_mem_parse_file(struct vmm_call *c, const struct vmm_val *file, char *path,
			  size_t len, uint64_t *offset);
/* Reads --anon | --file PATH[:OFFSET] | --memfd into r (backing, path, offset). */
int vmm_mem_parse_backing(struct vmm_call *c, struct vmm_region *r);
/* Maps r->size bytes of r's backing: sets hva, map_len and fd; error recorded. */
int vmm_mem_map_backing(struct vmm_call *c, struct vmm_region *r);
/* A dry-run operation describing that mapping. */
json_object *vmm_mem_backing_op(const struct vmm_region *r);

/* `vm touch` (cmd/vm_touch.c). */
int vmm_vm_touch_run(struct vmm_call *c);

/* Observed VMs (cmd/vm_observe.c). */
int vmm_vm_list_run(struct vmm_call *c);
int vmm_vm_show_run(struct vmm_call *c);
int vmm_vm_stats_run(struct vmm_call *c);
void vmm_vm_list_text(json_object *res, FILE *f);
void vmm_vm_stats_text(json_object *res, FILE *f);
void vmm_vm_list_metrics(json_object *res, struct vmm_metrics *m);
void vmm_vm_stats_metrics(json_object *res, struct vmm_metrics *m);
extern const struct vmm_completer vmm_comp_vm;
/*
 * For commands reading other files of KVM's debugfs (stage2): the display
 * id of the VM v names and its directory under kvm/ ("TID-FD"); the error
 * is recorded (exit 3 without debugfs access, 4 without a directory).
 */
int vmm_vm_debugfs_name(struct vmm_call *c, const struct vmm_val *v, char id[32], char name[32]);

/* Gunyah (cmd/mem_gunyah.c): vm create --hv gunyah, mem add/del on its VM. */
int vmm_vm_gh_create(struct vmm_call *c, struct vmm_vm *vm);
int vmm_mem_gh_add(struct vmm_call *c, struct vmm_vm *vm);
int vmm_mem_gh_del(struct vmm_call *c, struct vmm_vm *vm);
/* One region as a JSON object for `mem list`. */
json_object *vmm_mem_gh_describe(const struct vmm_region *r);

#endif
