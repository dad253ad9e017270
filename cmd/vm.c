// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vm: VMs this session owns (create, caps, touch, close) and, through
 * cmd/vm_observe.c, the VMs of every other process (list, show, stats).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/vm.h"
#include "lib/host.h"
#include "lib/kvm.h"
#include "lib/uapi/kvm.h"

#if defined(__aarch64__)
#define ARM64 1
#else
#define ARM64 0
#endif

/* Session close. */
static void vm_close_priv(void *priv)
{
	vmm_vm_free(priv);
}

static json_object *vm_describe(void *priv)
{
	const struct vmm_vm *vm = priv;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "hv", vmm_jstr(vm->hv == VMM_HV_KVM ? "kvm" : "gunyah"));
	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	json_object_object_add(o, "fd", json_object_new_int(vm->fd));
	json_object_object_add(o, "regions", json_object_new_int(vm->nregions));
	return o;
}

static const struct vmm_sobj_ops vm_ops = { VMM_VM_KIND, vm_close_priv, vm_describe };

/* ---- vm create ------------------------------------------------------------ */

static json_object *create_op(const char *dev, unsigned long type)
{
	json_object *op = json_object_new_object();

	json_object_object_add(op, "open", vmm_jstr(dev));
	json_object_object_add(op, "ioctl", vmm_jstr("KVM_CREATE_VM"));
	json_object_object_add(op, "request", vmm_jhex(VMM_KVM_CREATE_VM));
	json_object_object_add(op, "arg", vmm_jhex(type));
	return op;
}

static int machine_type(struct vmm_call *c, unsigned long *type)
{
	const struct vmm_val *t = vmm_opt(c, "type"), *ipa = vmm_opt(c, "ipa-bits");

	*type = 0;
	if (t && ipa)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--type and --ipa-bits both set the "
			       "machine type: give one");
	if (ipa) {
		if (!ARM64)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--ipa-bits is arm64 only "
				       "(x86 takes a VM type with --type)");
		if (ipa->u < 32 || ipa->u > 52)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--ipa-bits %s: expected 32 to 52",
				       ipa->raw);
		*type = (unsigned long)ipa->u;
	} else if (t) {
		if (t->u > 0xffffffffu)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--type %s: expected a 32-bit "
				       "machine type", t->raw);
		*type = (unsigned long)t->u;
	}
	if (vmm_opt(c, "protected")) {
		if (!ARM64)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--protected is arm64 only "
				       "(protected KVM)");
		*type |= VMM_KVM_VM_TYPE_ARM_PROTECTED;
	}
	return 0;
}

/* KVM refused a protected VM: only pKVM takes one. Which mode is this host in? */
static int not_protected(struct vmm_call *c, int ret)
{
	const char *mode = vmm_host_kvm_mode(c->sys);

	if (mode && !strcmp(mode, "protected"))
		return vmm_err(c, VMM_E_FAILED, -ret, "KVM_CREATE_VM of a protected VM failed "
			       "although KVM runs in protected mode");
	vmm_err(c, VMM_E_NOTSUP, -ret, "protected VMs need protected KVM: this host runs KVM "
		"in %s mode", mode ? mode : "another");
	vmm_hint(c, "boot with kvm-arm.mode=protected (pKVM); KVM refuses "
		 "KVM_VM_TYPE_ARM_PROTECTED in any other mode");
	return ret;
}

/* Per-VM answers the mem commands rely on. */
static void probe_vm(struct vmm_call *c, struct vmm_vm *vm)
{
	int v;

	v = vmm_kvm_check_cap(c->sys, vm->fd, VMM_KVM_CAP_NR_MEMSLOTS);
	vm->nr_memslots = v > 0 ? v : 32;
	v = vmm_kvm_check_cap(c->sys, vm->fd, VMM_KVM_CAP_MULTI_ADDRESS_SPACE);
	vm->nr_as = v > 0 ? v : 1;
	vm->mem2 = vmm_kvm_check_cap(c->sys, vm->fd, VMM_KVM_CAP_USER_MEMORY2) > 0;
	vm->readonly_mem = vmm_kvm_check_cap(c->sys, vm->fd, VMM_KVM_CAP_READONLY_MEM) > 0;
	if (vmm_kvm_check_cap(c->sys, vm->fd, VMM_KVM_CAP_GUEST_MEMFD) > 0) {
		v = vmm_kvm_check_cap(c->sys, vm->fd, VMM_KVM_CAP_GUEST_MEMFD_FLAGS);
		/* bit 63 marks "guest_memfd without flags" so 0 still means absent */
		vm->gmem_flags_ok = (v > 0 ? (uint64_t)v : 0) | (1ull << 63);
	}
	/* keep dirty bits until `mem dirty --clear`: reading must not reset them */
	v = vmm_kvm_check_cap(c->sys, vm->fd, VMM_KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2);
	if (v > 0 && (v & VMM_KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE))
		vm->manual_protect = !vmm_kvm_enable_cap(c->sys, vm->fd,
							 VMM_KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2,
							 VMM_KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE);
	vmm_sys_clear(c->sys);
}

static int kvm_create(struct vmm_call *c, struct vmm_vm *vm)
{
	int ret;

	ret = vmm_kvm_open(c->sys);
	if (ret < 0)
		return vmm_err_iface(c, VMM_IFACE_KVM, ret);
	vm->dev_fd = ret;
	ret = vmm_kvm_create_vm(c->sys, vm->dev_fd, vm->type);
	if (ret == -EINVAL && (vm->type & VMM_KVM_VM_TYPE_ARM_PROTECTED) && ARM64)
		return not_protected(c, ret);
	if (ret < 0) {
		if (ret == -EINVAL)
			vmm_hint(c, ARM64 ? "the IPA size must be 32 to the host limit "
				 "(KVM_CAP_ARM_VM_IPA_SIZE; see 'host features')" :
				 "KVM_CAP_VM_TYPES lists the VM types this host supports");
		return vmm_err_sys(c, ret, "KVM_CREATE_VM with machine type 0x%lx", vm->type);
	}
	vm->fd = ret;
	probe_vm(c, vm);
	return 0;
}

static json_object *vm_json(const char *name, const struct vmm_vm *vm)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", vmm_jstr(name));
	json_object_object_add(o, "hv", vmm_jstr(vm->hv == VMM_HV_KVM ? "kvm" : "gunyah"));
	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	json_object_object_add(o, "fd", json_object_new_int(vm->fd));
	json_object_object_add(o, "type", vmm_jhex(vm->type));
	if (vm->hv == VMM_HV_KVM) {
		json_object_object_add(o, "protected",
				       vmm_jbool(ARM64 && (vm->type & VMM_KVM_VM_TYPE_ARM_PROTECTED)));
		json_object_object_add(o, "nr_memslots", json_object_new_int(vm->nr_memslots));
		json_object_object_add(o, "address_spaces", json_object_new_int(vm->nr_as));
		json_object_object_add(o, "memory_region2", vmm_jbool(vm->mem2));
		json_object_object_add(o, "manual_dirty_protect", vmm_jbool(vm->manual_protect));
		json_object_object_add(o, "mte", vmm_jbool(vm->mte));
	}
	return o;
}

static int vm_create(struct vmm_call *c)
{
	const struct vmm_val *hv = vmm_opt(c, "hv");
	struct vmm_vm *vm;
	const char *name;
	int ret;

	vm = calloc(1, sizeof(*vm));
	if (!vm)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	vm->dev_fd = vm->fd = vm->vcpu_fd = -1;
	vm->hv = hv && hv->idx == 1 ? VMM_HV_GUNYAH : VMM_HV_KVM;
	if (vm->hv == VMM_HV_KVM) {
		ret = machine_type(c, &vm->type);
		if (ret)
			goto fail;
		if (vmm_dry_run(c)) {
			vmm_dry_op(c, create_op(VMM_KVM_DEV, vm->type));
			if (vmm_opt(c, "mte")) {
				json_object *op = json_object_new_object();

				json_object_object_add(op, "ioctl", vmm_jstr("KVM_ENABLE_CAP"));
				json_object_object_add(op, "request", vmm_jhex(VMM_KVM_ENABLE_CAP));
				json_object_object_add(op, "cap",
						       json_object_new_int(VMM_KVM_CAP_ARM_MTE));
				vmm_dry_op(c, op);
			}
			goto fail;
		}
		ret = kvm_create(c, vm);
		/* before the VM is named, so a failure leaves no half-made VM */
		if (!ret && vmm_opt(c, "mte")) {
			const char *why;

			ret = vmm_vm_mte_enable(c->sys, vm, false, &why);
			if (ret)
				vmm_err_sys(c, ret, "cannot enable MTE on the new VM: %s", why);
		}
	} else {
		if (vmm_opt(c, "type") || vmm_opt(c, "ipa-bits") || vmm_opt(c, "mte") ||
		    vmm_opt(c, "protected")) {
			ret = vmm_err(c, VMM_E_USAGE, EINVAL, "--type, --ipa-bits, --mte and "
				      "--protected are "
				      "KVM options; GH_CREATE_VM takes no machine type");
			goto fail;
		}
		ret = vmm_vm_gh_create(c, vm);
		if (vmm_dry_run(c))
			goto fail;
	}
	if (ret)
		goto fail;
	ret = vmm_session_add(c->ctx, &vm_ops, vm, &name);
	if (ret) {
		vmm_err(c, VMM_E_FAILED, -ret, "cannot register the VM in the session");
		goto fail;
	}
	c->result = vm_json(name, vm);
	return 0;
fail:
	vm_close_priv(vm);
	return ret;
}

/* ---- vm close, vm caps ------------------------------------------------------ */

static int vm_close(struct vmm_call *c)
{
	const struct vmm_val *v = vmm_arg(c, "VM", NULL);
	struct vmm_vm *vm = vmm_vm_owned(c, v);
	json_object *op;

	if (!vm)
		return -EINVAL;
	if (vmm_dry_run(c)) {
		op = json_object_new_object();
		json_object_object_add(op, "action", vmm_jstr("close"));
		json_object_object_add(op, "name", vmm_jstr(v->raw));
		json_object_object_add(op, "fd", json_object_new_int(vm->fd));
		json_object_object_add(op, "regions", json_object_new_int(vm->nregions));
		vmm_dry_op(c, op);
		return 0;
	}
	vmm_session_close(c->ctx, v->vm.session);
	c->result = json_object_new_object();
	json_object_object_add(c->result, "name", vmm_jstr(v->raw));
	json_object_object_add(c->result, "closed", vmm_jbool(true));
	return 0;
}

static const struct {
	const char *name;
	unsigned int cap;
} vm_caps_tab[] = {
	{ "user_memory", VMM_KVM_CAP_USER_MEMORY },
	{ "nr_memslots", VMM_KVM_CAP_NR_MEMSLOTS },
	{ "readonly_mem", VMM_KVM_CAP_READONLY_MEM },
	{ "multi_address_space", VMM_KVM_CAP_MULTI_ADDRESS_SPACE },
	{ "arm_vm_ipa_size", VMM_KVM_CAP_ARM_VM_IPA_SIZE },
	{ "manual_dirty_log_protect2", VMM_KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 },
	{ "dirty_log_ring", VMM_KVM_CAP_DIRTY_LOG_RING },
	{ "binary_stats_fd", VMM_KVM_CAP_BINARY_STATS_FD },
	{ "arm_mte", VMM_KVM_CAP_ARM_MTE },
	{ "user_memory2", VMM_KVM_CAP_USER_MEMORY2 },
	{ "memory_attributes", VMM_KVM_CAP_MEMORY_ATTRIBUTES },
	{ "guest_memfd", VMM_KVM_CAP_GUEST_MEMFD },
	{ "vm_types", VMM_KVM_CAP_VM_TYPES },
	{ "pre_fault_memory", VMM_KVM_CAP_PRE_FAULT_MEMORY },
	{ "guest_memfd_flags", VMM_KVM_CAP_GUEST_MEMFD_FLAGS },
	{ "counter_offset", VMM_KVM_CAP_COUNTER_OFFSET },
	{ "arm_eager_split_chunk_size", VMM_KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE },
	{ "arm_supported_block_sizes", VMM_KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES },
	{ "arm_supported_reg_mask_ranges", VMM_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES },
	{ "arm_writable_imp_id_regs", VMM_KVM_CAP_ARM_WRITABLE_IMP_ID_REGS },
	{ "arm_cacheable_pfnmap_supported", VMM_KVM_CAP_ARM_CACHEABLE_PFNMAP_SUPPORTED },
	{ "arm_sea_to_user", VMM_KVM_CAP_ARM_SEA_TO_USER },
	{ "arm_pmu_v3_strict", VMM_KVM_CAP_ARM_PMU_V3_STRICT },
};

static int vm_caps(struct vmm_call *c)
{
	const struct vmm_val *v = vmm_arg(c, "VM", NULL);
	struct vmm_vm *vm = vmm_vm_owned(c, v);
	json_object *arr;

	if (!vm)
		return -EINVAL;
	if (vm->hv != VMM_HV_KVM)
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "%s is a Gunyah VM: capabilities "
			       "are a KVM interface", v->raw);
	arr = json_object_new_array();
	for (size_t i = 0; i < sizeof(vm_caps_tab) / sizeof(vm_caps_tab[0]); i++) {
		json_object *it = json_object_new_object();
		int val = vmm_kvm_check_cap(c->sys, vm->fd, vm_caps_tab[i].cap);

		json_object_object_add(it, "name", vmm_jstr(vm_caps_tab[i].name));
		char detail[160];

		json_object_object_add(it, "cap", json_object_new_int((int)vm_caps_tab[i].cap));
		/* a failed check has no value: omitted, the reason says why */
		if (val >= 0)
			json_object_object_add(it, "value", json_object_new_int(val));
		if (vmm_kvm_cap_detail(vm_caps_tab[i].cap, val, detail, sizeof(detail)))
			json_object_object_add(it, "detail", vmm_jstr(detail));
		if (val < 0)
			json_object_object_add(it, "reason", vmm_jstr(strerror(-val)));
		json_object_array_add(arr, it);
	}
	vmm_sys_clear(c->sys);
	c->result = json_object_new_object();
	json_object_object_add(c->result, "vm", vmm_jstr(v->raw));
	json_object_object_add(c->result, "caps", arr);
	return 0;
}

/* ---- the table ------------------------------------------------------------- */

static const char *const hv_choices[] = { "kvm", "gunyah", NULL };

static const struct vmm_arg vm_arg[] = {
	{ "VM", VMM_T_VM, "a VM id from 'vmmctl vm list' (PID or PID-FD) or a "
	  "session VM's name (vm0)" },
	{ 0 }
};

static const struct vmm_arg vm_owned_arg[] = {
	{ "VM", VMM_T_VM, "a VM this session created (vm0, vm1, ...)", NULL, &vmm_comp_session,
	  VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_arg touch_args[] = {
	{ "VM", VMM_T_VM, "a VM this session created (vm0, vm1, ...)", NULL, &vmm_comp_session,
	  VMM_ARG_SELF_HELP },
	{ "RANGE", VMM_T_RANGE, "guest physical pages, page aligned" },
	{ 0 }
};

static const struct vmm_opt stats_opts[] = {
	{ "interval", 0, VMM_T_U64, "S", "seconds between samples (default 1)" },
	{ "count", 0, VMM_T_U64, "N", "number of intervals (default 1)" },
	VMM_OPT_OUTPUT,
	{ 0 }
};

static const struct vmm_opt list_opts[] = {
	VMM_OPT_OUTPUT,
	{ 0 }
};

static const struct vmm_opt create_opts[] = {
	{ "type", 0, VMM_T_U64, "N", "KVM_CREATE_VM machine type (x86 VM type; arm64 "
	  "IPA bits | flags)" },
	{ "ipa-bits", 0, VMM_T_U64, "N", "arm64: guest physical address size, 32 to the "
	  "host limit" },
	{ "mte", 0, VMM_T_FLAG, NULL, "arm64: enable MTE (KVM_CAP_ARM_MTE) for the guest; "
	  "its memory must then be anonymous or shared memory" },
	{ "protected", 0, VMM_T_FLAG, NULL, "arm64: a protected VM (KVM_VM_TYPE_ARM_PROTECTED, "
	  "pKVM only; the kernel taints itself on the first)" },
	{ "hv", 0, VMM_T_ENUM, NULL, "hypervisor interface: kvm (default) or gunyah "
	  "(proposed ABI)", hv_choices },
	{ 0 }
};

static const struct vmm_command vm_cmds[] = {
	{ "list", (const char *const[]){ "ls", NULL }, "VMs of every process on this host, "
	  "from /proc and KVM's debugfs", NULL, list_opts, vmm_vm_list_run, vmm_vm_list_text,
	  VMM_CMD_OUTPUT | VMM_CMD_REPLAY, vmm_vm_list_metrics },
	{ "show", NULL, "one VM: process, vCPUs, memory backing and every KVM stat",
	  vm_arg, NULL, vmm_vm_show_run, NULL, VMM_CMD_REPLAY },
	{ "stats", NULL, "KVM stats of one VM per interval, as deltas", vm_arg, stats_opts,
	  vmm_vm_stats_run, vmm_vm_stats_text, VMM_CMD_OUTPUT | VMM_CMD_REPLAY,
	  vmm_vm_stats_metrics },
	{ "irqs", NULL, "arm64: the vGIC's distributor and every IRQ of one VM, from KVM's "
	  "debugfs", vm_arg, vmm_vm_irqs_opts, vmm_vm_irqs_run, vmm_vm_irqs_text,
	  VMM_CMD_REPLAY },
	{ "its", NULL, "arm64: the ITS translations of one VM (device, event, LPI, "
	  "collection, vCPU)", vm_arg, vmm_vm_its_opts, vmm_vm_its_run, vmm_vm_its_text,
	  VMM_CMD_REPLAY },
	{ "create", NULL, "create a VM owned by this session (vm0, vm1, ...)", NULL,
	  create_opts, vm_create, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "caps", NULL, "KVM_CHECK_EXTENSION on a session VM's fd", vm_owned_arg, NULL,
	  vm_caps, NULL, VMM_CMD_SESSION },
	{ "idregs", NULL, "the ID registers KVM presents to any VM's guest (debugfs idregs, "
	  "resx), every field decoded", vm_arg, vmm_vm_idregs_opts, vmm_vm_idregs_run,
	  vmm_vm_regs_text, VMM_CMD_OUTPUT | VMM_CMD_REPLAY },
	{ "regs", NULL, "a session VM's vCPU registers (ID fields decoded, writable masks); "
	  "'set' lowers an ID field, 'diff' compares two VMs or saved answers",
	  vmm_vm_regs_args, vmm_vm_regs_opts, vmm_vm_regs_run, vmm_vm_regs_text,
	  VMM_CMD_MUTATING | VMM_CMD_OUTPUT },
	{ "touch", NULL, "run a built-in guest on one vCPU that writes one byte in every "
	  "page of RANGE", touch_args, vmm_vm_touch_opts, vmm_vm_touch_run, NULL,
	  VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "close", NULL, "close a session VM and release its memory", vm_owned_arg, NULL,
	  vm_close, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ 0 }
};

const struct vmm_object vmm_obj_vm = {
	"vm", NULL, "virtual machines: observe any VM on the host, create and drive your own",
	vm_cmds, 0,
};
