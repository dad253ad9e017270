// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vm touch: make a session VM's guest write every page of a range, so that
 * dirty logging, stage-2 mappings and fault statistics can be watched
 * working on a VM this session built.
 */
#include <errno.h>
#include <string.h>

#include "cmd/vm.h"
#include "lib/guest.h"
#include "lib/uapi/kvm.h"

static const char *exit_name(uint32_t r)
{
	switch (r) {
	case VMM_KVM_EXIT_HLT:
		return "hlt";
	case VMM_KVM_EXIT_MMIO:
		return "mmio";
	case VMM_KVM_EXIT_IO:
		return "io";
	case VMM_KVM_EXIT_SHUTDOWN:
		return "shutdown";
	case VMM_KVM_EXIT_FAIL_ENTRY:
		return "fail_entry";
	case VMM_KVM_EXIT_INTERNAL_ERROR:
		return "internal_error";
	case VMM_KVM_EXIT_SYSTEM_EVENT:
		return "system_event";
	default:
		return "other";
	}
}

/* The writable region holding gpa, or NULL. */
static const struct vmm_region *writable_at(const struct vmm_vm *vm, uint64_t gpa)
{
	for (int i = 0; i < vm->nregions; i++) {
		const struct vmm_region *r = &vm->regions[i];

		if (r->id >> 16 == 0 && gpa >= r->gpa && gpa - r->gpa < r->size &&
		    !(r->flags & VMM_KVM_MEM_READONLY))
			return r;
	}
	return NULL;
}

/* A page-aligned address above every slot: the arm64 guest's "done" store faults there. */
static uint64_t done_gpa(const struct vmm_vm *vm)
{
	uint64_t top = 0;

	for (int i = 0; i < vm->nregions; i++)
		if (vm->regions[i].gpa + vm->regions[i].size > top)
			top = vm->regions[i].gpa + vm->regions[i].size;
	return top;
}

static int check_range(struct vmm_call *c, const struct vmm_vm *vm, const struct vmm_range *rg)
{
	uint64_t page = vmm_page_size();

	if ((rg->start | rg->end) & (page - 1))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "RANGE %s: start and end must be "
			       "multiples of the %llu-byte page", vmm_arg(c, "RANGE", NULL)->raw,
			       (unsigned long long)page);
#if !defined(__aarch64__)
	if (rg->end > VMM_GUEST_X86_TOP)
		return vmm_err(c, VMM_E_USAGE, ERANGE, "RANGE %s: the x86 guest runs in real "
			       "mode and reaches guest physical addresses below 0x%llx only",
			       vmm_arg(c, "RANGE", NULL)->raw,
			       (unsigned long long)VMM_GUEST_X86_TOP);
#endif
	for (uint64_t a = rg->start; a < rg->end; a += page)
		if (!writable_at(vm, a)) {
			vmm_hint(c, "'mem list %s' shows the slots", vmm_arg(c, "VM", NULL)->raw);
			return vmm_err(c, VMM_E_USAGE, EINVAL, "page 0x%llx of RANGE is not in a "
				       "writable slot of address space 0",
				       (unsigned long long)a);
		}
	return 0;
}

static json_object *touch_op(const struct vmm_range *rg, uint64_t pages)
{
	json_object *op = json_object_new_object();

	json_object_object_add(op, "action", vmm_jstr("run_guest"));
	json_object_object_add(op, "code_gpa", vmm_jhex(rg->start));
	json_object_object_add(op, "start", vmm_jhex(rg->start));
	json_object_object_add(op, "end", vmm_jhex(rg->end));
	json_object_object_add(op, "pages", vmm_ju64(pages));
	json_object_object_add(op, "ioctl", vmm_jstr("KVM_RUN"));
	json_object_object_add(op, "request", vmm_jhex(VMM_KVM_RUN));
	return op;
}

int vmm_vm_vcpu0(struct vmm_call *c, struct vmm_vm *vm)
{
	struct vmm_guest_vcpu v;
	int ret;

	if (vm->vcpu_fd >= 0)
		return vm->vcpu_fd;
	ret = vmm_guest_vcpu_create(c->sys, vm->dev_fd, vm->fd, &v);
	if (ret)
		return vmm_err_sys(c, ret, "cannot create vcpu 0");
	vm->vcpu_fd = v.fd;
	vm->run = v.run;
	vm->run_size = v.run_size;
	return vm->vcpu_fd;
}

int vmm_vm_touch_run(struct vmm_call *c)
{
	const struct vmm_range *rg = &vmm_arg(c, "RANGE", NULL)->range;
	struct vmm_vm *vm = vmm_vm_owned(c, vmm_arg(c, "VM", NULL));
	struct vmm_guest_vcpu v;
	const struct vmm_region *r;
	const uint8_t *code;
	uint64_t pages;
	const struct vmm_guest_idreg *ids = NULL;
	bool idregs = vmm_opt(c, "idregs");
	uint32_t reason;
	size_t len, nids = 0;
	int ret;

	if (!vm)
		return -EINVAL;
	if (idregs && !vmm_guest_idregs_code(&len, &ids, &nids))
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "--idregs: the guest's MRS reads are "
			       "an arm64 program");
	if (vm->hv != VMM_HV_KVM)
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "vm touch runs KVM vCPUs; %s is a "
			       "Gunyah VM", vmm_arg(c, "VM", NULL)->raw);
	ret = check_range(c, vm, rg);
	if (ret)
		return ret;
	if (vmm_vm_protected(vm) && vm->ran)
		return vmm_err(c, VMM_E_NOTSUP, EPERM, "%s is a protected VM whose guest already "
			       "ran: pKVM gave its pages to the guest, the host may not write the "
			       "program into them again", vmm_arg(c, "VM", NULL)->raw);
	pages = (rg->end - rg->start) / vmm_page_size();
	if (vmm_dry_run(c)) {
		vmm_dry_op(c, touch_op(rg, pages));
		return 0;
	}
	ret = vmm_vm_vcpu0(c, vm);
	if (ret < 0)
		return ret;
	v.fd = vm->vcpu_fd;
	v.run = vm->run;
	v.run_size = vm->run_size;
	/* the program goes to the start of the first page; the writes land above it */
	r = writable_at(vm, rg->start);
	code = idregs ? vmm_guest_idregs_code(&len, &ids, &nids) : vmm_guest_touch_code(&len);
	memcpy((uint8_t *)r->hva + (rg->start - r->gpa), code, len);
	/* the ID register program stores its reads where the touch writes its byte */
	ret = vmm_guest_touch_run(c->sys, vm->fd, &v, rg->start,
				  idregs ? rg->start + VMM_GUEST_TOUCH_OFF : rg->start, pages,
				  done_gpa(vm), &reason);
	if (ret == -EFAULT)
		return vmm_err(c, VMM_E_FAILED, EFAULT, "the guest stopped with an unexpected "
			       "exit: %s (%u)", exit_name(reason), reason);
	vm->ran = true;
	if (ret)
		return vmm_err_sys(c, ret, "running the guest failed");
	c->result = json_object_new_object();
	json_object_object_add(c->result, "vm", vmm_jstr(vmm_arg(c, "VM", NULL)->raw));
	json_object_object_add(c->result, "start", vmm_jhex(rg->start));
	json_object_object_add(c->result, "end", vmm_jhex(rg->end));
	json_object_object_add(c->result, "pages", vmm_ju64(pages));
	json_object_object_add(c->result, "exit", vmm_jstr(exit_name(reason)));
	if (idregs) {
		json_object *g = json_object_new_object();
		const uint8_t *at = (const uint8_t *)r->hva + (rg->start - r->gpa) +
				    VMM_GUEST_TOUCH_OFF;

		for (size_t i = 0; i < nids; i++) {
			uint64_t val;

			memcpy(&val, at + 8 * i, sizeof(val));
			json_object_object_add(g, ids[i].name, vmm_jhexw(val, 16));
		}
		json_object_object_add(c->result, "guest_idregs", g);
	}
	return 0;
}

const struct vmm_opt vmm_vm_touch_opts[] = {
	{ "idregs", 0, VMM_T_FLAG, NULL, "arm64: run a program that reads ID registers with MRS "
	  "instead, and show what the guest saw" },
	{ 0 }
};
