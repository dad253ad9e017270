// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Gunyah VMs and their memory regions, on the proposed ABI of the v8 RFC
 * (lib/uapi/rfc-gunyah.h). `vm create --hv gunyah` is the explicit opt-in:
 * nothing here is issued for a KVM VM, and /dev/gunyah is never probed.
 *
 * As for KVM slots (cmd/mem.c), a region is checked against the patch's
 * rules (lib/gunyah.c) before the ioctl so the error names the field or the
 * label in the way; --no-precheck leaves the verdict to the kernel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/vm.h"
#include "lib/gunyah.h"

#define SET_REGION_NAME	"GH_VM_SET_USER_MEM_REGION"

/* ---- conversions and JSON ------------------------------------------------------ */

static void to_check(const struct vmm_region *r, struct vmm_gh_region *g)
{
	g->label = r->id;
	g->flags = r->flags;
	g->gpa = r->gpa;
	g->size = r->size;
	g->hva = (uintptr_t)r->hva;
	g->offset = r->offset;
}

static void to_uapi(const struct vmm_region *r, struct vmm_gh_user_mem_region *u)
{
	memset(u, 0, sizeof(*u));
	u->label = r->id;
	u->flags = r->flags;
	u->guest_phys_addr = r->gpa;
	u->memory_size = r->size;
	u->userspace_addr = (uintptr_t)r->hva;
}

static void perm_str(uint32_t flags, char s[4])
{
	s[0] = flags & VMM_GH_MEM_ALLOW_READ ? 'r' : '-';
	s[1] = flags & VMM_GH_MEM_ALLOW_WRITE ? 'w' : '-';
	s[2] = flags & VMM_GH_MEM_ALLOW_EXEC ? 'x' : '-';
	s[3] = '\0';
}

json_object *vmm_mem_gh_describe(const struct vmm_region *r)
{
	json_object *o = json_object_new_object();
	char perm[4];

	perm_str(r->flags, perm);
	json_object_object_add(o, "label", vmm_ju64(r->id));
	json_object_object_add(o, "gpa", vmm_jhex(r->gpa));
	json_object_object_add(o, "size", vmm_ju64(r->size));
	json_object_object_add(o, "end", vmm_jhex(r->gpa + r->size));
	json_object_object_add(o, "perm", vmm_jstr(perm));
	json_object_object_add(o, "lend", vmm_jbool(r->flags & VMM_GH_MEM_LENT));
	json_object_object_add(o, "flags", vmm_jhex(r->flags));
	json_object_object_add(o, "backing", vmm_jstr(vmm_backing_name(r->backing)));
	json_object_object_add(o, "hva", vmm_jhex((uintptr_t)r->hva));
	return o;
}

/* The ioctl as --dry-run shows it: every field of the struct. */
static json_object *region_op(const struct vmm_vm *vm, const struct vmm_gh_user_mem_region *u,
			      bool hva_known)
{
	json_object *op = json_object_new_object();

	json_object_object_add(op, "ioctl", vmm_jstr(SET_REGION_NAME));
	json_object_object_add(op, "request", vmm_jhex(VMM_GH_VM_SET_USER_MEM_REGION));
	json_object_object_add(op, "fd", json_object_new_int(vm->fd));
	json_object_object_add(op, "label", vmm_ju64(u->label));
	json_object_object_add(op, "flags", vmm_jhex(u->flags));
	json_object_object_add(op, "guest_phys_addr", vmm_jhex(u->guest_phys_addr));
	json_object_object_add(op, "memory_size", vmm_ju64(u->memory_size));
	json_object_object_add(op, "userspace_addr", hva_known ? vmm_jhex(u->userspace_addr) :
			       vmm_jstr("from the mmap above"));
	return op;
}

/* ---- vm create --hv gunyah ------------------------------------------------------- */

int vmm_vm_gh_create(struct vmm_call *c, struct vmm_vm *vm)
{
	json_object *op;
	int ret;

	if (vmm_dry_run(c)) {
		op = json_object_new_object();
		json_object_object_add(op, "open", vmm_jstr(VMM_GH_DEV));
		json_object_object_add(op, "ioctl", vmm_jstr("GH_CREATE_VM"));
		json_object_object_add(op, "request", vmm_jhex(VMM_GH_CREATE_VM));
		json_object_object_add(op, "arg", vmm_jhex(0));
		vmm_dry_op(c, op);
		return 0;
	}
	ret = vmm_gh_open(c->sys);
	if (ret < 0) {
		vmm_err_iface(c, VMM_IFACE_GUNYAH, ret);
		if (c->err.code == VMM_E_NOTSUP)
			vmm_hint(c, "'vm create' without --hv (or --hv kvm) uses /dev/kvm");
		return ret;
	}
	vm->dev_fd = ret;
	ret = vmm_gh_create_vm(c->sys, vm->dev_fd);
	if (ret < 0) {
		if (ret == -ENOTTY)
			vmm_hint(c, "%s does not answer the v8 GH_CREATE_VM: another revision of "
				 "the Gunyah driver, or not a Gunyah device", VMM_GH_DEV);
		return vmm_err_sys(c, ret, "GH_CREATE_VM on %s failed", VMM_GH_DEV);
	}
	vm->fd = ret;
	return 0;
}

/* ---- options --------------------------------------------------------------------- */

/* Options of the mem table that only a KVM slot has; NULL-terminated. */
static int kvm_only(struct vmm_call *c, const char *const *names)
{
	for (; *names; names++)
		if (vmm_opt(c, *names))
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--%s is a KVM option: Gunyah "
				       "regions take --perm and --lend", *names);
	return 0;
}

static int label_arg(struct vmm_call *c, uint32_t *label)
{
	const struct vmm_val *v = vmm_arg(c, "SLOT", NULL);

	if (v->u > UINT32_MAX)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "LABEL %s: a Gunyah label is 32 bits "
			       "in the ABI", v->raw);
	*label = (uint32_t)v->u;
	return 0;
}

/* --perm: letters r, w, x ('-' allowed as a placeholder, as `mem list` shows them). */
static int perm_flags(struct vmm_call *c, uint32_t *flags)
{
	const struct vmm_val *p = vmm_opt(c, "perm");
	const char *s = p ? p->raw : "rwx";

	if (!*s)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--perm: expected letters of r, w, x "
			       "(or '---' for none)");
	for (; *s; s++) {
		switch (*s) {
		case 'r':
			*flags |= VMM_GH_MEM_ALLOW_READ;
			break;
		case 'w':
			*flags |= VMM_GH_MEM_ALLOW_WRITE;
			break;
		case 'x':
			*flags |= VMM_GH_MEM_ALLOW_EXEC;
			break;
		case '-':
			break;
		default:
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--perm %s: '%c' is not one of "
				       "r, w, x", p->raw, *s);
		}
	}
	return 0;
}

/* ---- rules ------------------------------------------------------------------------- */

static enum vmm_code rule_code(int rule)
{
	switch (vmm_gh_rule_code(rule)) {
	case EEXIST:
		return VMM_E_BUSY;
	case ENOENT:
		return VMM_E_NOTFOUND;
	default:
		return VMM_E_USAGE;
	}
}

static void explain(const struct vmm_vm *vm, int rule, int other, const struct vmm_gh_region *g,
		    char *why, size_t len)
{
	struct vmm_gh_region o;

	if (other >= 0)
		to_check(&vm->regions[other], &o);
	vmm_gh_explain(rule, g, other >= 0 ? &o : NULL, vmm_page_size(), why, len);
}

/*
 * Runs the rules; with --no-precheck a broken rule only becomes the
 * explanation of the kernel's answer (*pred). A zero size is refused even
 * then: the ABI would read it as a removal, and no mapping has zero bytes;
 * so is removing an unknown label: the kernel's answer would be a silent 0.
 * Returns non-zero to stop.
 */
static int precheck(struct vmm_call *c, const struct vmm_vm *vm, enum vmm_gh_op op,
		    const struct vmm_gh_region *g, int *pred, int *other)
{
	struct vmm_gh_region *cur;
	char why[400];
	int rule;

	cur = calloc((size_t)vm->nregions + 1, sizeof(*cur));
	if (!cur)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	for (int i = 0; i < vm->nregions; i++)
		to_check(&vm->regions[i], &cur[i]);
	rule = vmm_gh_check(op, g, cur, vm->nregions, vmm_page_size(), other);
	free(cur);
	*pred = rule;
	if (rule == VMM_GH_OK || (vmm_opt(c, "no-precheck") && rule != VMM_GH_SIZE_ZERO &&
				  rule != VMM_GH_LABEL_UNKNOWN))
		return 0;
	explain(vm, rule, *other, g, why, sizeof(why));
	if (rule == VMM_GH_LABEL_EXISTS || rule == VMM_GH_OVERLAP || rule == VMM_GH_LABEL_UNKNOWN)
		vmm_hint(c, "'mem list %s' shows the regions of this VM",
			 vmm_arg(c, "VM", NULL)->raw);
	return vmm_err(c, rule_code(rule), vmm_gh_rule_code(rule), "%s", why);
}

/* A tracked region the kernel's EEXIST can stand for, when the pre-check did not say. */
static int find_conflict(const struct vmm_vm *vm, const struct vmm_gh_region *g, int *rule)
{
	for (int i = 0; i < vm->nregions; i++) {
		const struct vmm_region *o = &vm->regions[i];

		if (o->id == g->label) {
			*rule = VMM_GH_LABEL_EXISTS;
			return i;
		}
		if (o->gpa < g->gpa + g->size && g->gpa < o->gpa + o->size) {
			*rule = VMM_GH_OVERLAP;
			return i;
		}
	}
	return -1;
}

/* The kernel refused an add: its errno, explained by the rule it matches if any. */
static int kernel_fail(struct vmm_call *c, const struct vmm_vm *vm, int ret, int pred, int other,
		       const struct vmm_gh_region *g)
{
	char why[400] = "";

	if (ret == -EEXIST && pred != VMM_GH_LABEL_EXISTS && pred != VMM_GH_OVERLAP)
		other = find_conflict(vm, g, &pred);
	if (pred != VMM_GH_OK && vmm_gh_rule_code(pred) == -ret)
		explain(vm, pred, other, g, why, sizeof(why));
	if (*why)
		return vmm_err_sys(c, ret, "the new region was refused by the kernel: %s", why);
	if (ret == -EEXIST)
		return vmm_err_sys(c, ret, "the new region was refused by the kernel: EEXIST "
				   "means a label in use or an overlapping range, and no region "
				   "vmmctl added conflicts");
	if (ret == -ENOTTY)
		vmm_hint(c, "this Gunyah driver does not speak the v8 ABI: later revisions "
			 "replaced user memory regions with GUNYAH_VM_MAP_MEM");
	return vmm_err_sys(c, ret, "the new region was refused by the kernel");
}

/* ---- mem add, mem del -------------------------------------------------------------- */

static const char *const kvm_add_opts[] = {
	"guest-memfd", "gmem-flags", "readonly", "log-dirty", "as", NULL
};

int vmm_mem_gh_add(struct vmm_call *c, struct vmm_vm *vm)
{
	struct vmm_gh_user_mem_region u;
	struct vmm_gh_region g;
	struct vmm_region r;
	int ret, pred, other = -1;

	memset(&r, 0, sizeof(r));
	r.fd = r.gmem_fd = -1;
	ret = kvm_only(c, kvm_add_opts);
	if (!ret)
		ret = label_arg(c, &r.id);
	if (!ret)
		ret = perm_flags(c, &r.flags);
	if (!ret)
		ret = vmm_mem_parse_backing(c, &r);
	if (ret)
		return ret;
	if (vmm_opt(c, "lend"))
		r.flags |= VMM_GH_MEM_LENT;
	r.gpa = vmm_arg(c, "GPA", NULL)->u;
	r.size = vmm_arg(c, "SIZE", NULL)->u;
	/* hva is still 0 here: mmap returns page-aligned addresses, the offset is checked */
	to_check(&r, &g);
	ret = precheck(c, vm, VMM_GH_ADD, &g, &pred, &other);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		vmm_dry_op(c, vmm_mem_backing_op(&r));
		to_uapi(&r, &u);
		vmm_dry_op(c, region_op(vm, &u, false));
		return 0;
	}
	ret = vmm_mem_map_backing(c, &r);
	if (ret)
		goto fail;
	to_uapi(&r, &u);
	ret = vmm_gh_set_region(c->sys, vm->fd, &u);
	if (ret < 0) {
		to_check(&r, &g);
		ret = kernel_fail(c, vm, ret, pred, other, &g);
		goto fail;
	}
	if (pred != VMM_GH_OK)
		vmm_warn(c, "the kernel accepted a region vmmctl expected it to refuse (%s)",
			 vmm_gh_rule_name(pred));
	ret = vmm_vm_region_add(vm, &r);
	if (ret) {
		/* the kernel has it: take it back rather than lose track of it */
		u.memory_size = 0;
		vmm_gh_set_region(c->sys, vm->fd, &u);
		ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
		goto fail;
	}
	c->result = vmm_mem_gh_describe(&vm->regions[vm->nregions - 1]);
	return 0;
fail:
	vmm_sys_munmap(r.hva, r.map_len);
	vmm_sys_close(r.fd);
	return ret;
}

static const char *const kvm_del_opts[] = { "as", NULL };

int vmm_mem_gh_del(struct vmm_call *c, struct vmm_vm *vm)
{
	struct vmm_gh_user_mem_region u;
	struct vmm_gh_region g;
	int ret, pred, idx;

	memset(&g, 0, sizeof(g));
	ret = kvm_only(c, kvm_del_opts);
	if (!ret)
		ret = label_arg(c, &g.label);
	if (ret)
		return ret;
	ret = precheck(c, vm, VMM_GH_REMOVE, &g, &pred, &idx);
	if (ret)
		return ret;
	/*
	 * v8 removes by label alone: after the reserved-flag check every call
	 * passes, a zero memory_size sends the ioctl to the removal path, which
	 * reads nothing else. The other fields are zero, so no stale address of
	 * the old mapping is passed and zero flags cannot trip that check.
	 */
	memset(&u, 0, sizeof(u));
	u.label = g.label;
	if (vmm_dry_run(c)) {
		vmm_dry_op(c, region_op(vm, &u, true));
		return 0;
	}
	ret = vmm_gh_set_region(c->sys, vm->fd, &u);
	if (ret < 0)
		return vmm_err_sys(c, ret, "removing label %u was refused by the kernel", g.label);
	c->result = vmm_mem_gh_describe(&vm->regions[idx]);
	json_object_object_add(c->result, "deleted", vmm_jbool(true));
	vmm_vm_region_drop(vm, idx);
	return 0;
}
