// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mem: memory regions of a session VM. KVM slots here (MEMORY_REGION2 when
 * the kernel has it, v1 otherwise); Gunyah regions in cmd/mem_gunyah.c.
 *
 * Before an ioctl the request is checked against the kernel's rules
 * (lib/memslot.c) so the error names the rule and the slot in the way;
 * --no-precheck leaves the verdict to the kernel and then explains its errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cli/parse.h"
#include "cmd/vm.h"
#include "lib/kvm.h"
#include "lib/memslot.h"
#include "lib/uapi/kvm.h"

/* ---- backing memory --------------------------------------------------------- */

int vmm_mem_parse_backing(struct vmm_call *c, struct vmm_region *r)
{
	const struct vmm_val *file = vmm_opt(c, "file");
	int n = !!vmm_opt(c, "anon") + !!file + !!vmm_opt(c, "memfd") +
		!!vmm_opt(c, "guest-memfd");
	char why[VMM_WHY_LEN];

	if (n > 1)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--anon, --file, --memfd and "
			       "--guest-memfd choose the backing: give one");
	r->fd = r->gmem_fd = -1;
	r->backing = VMM_BACK_ANON;
	if (vmm_opt(c, "memfd"))
		r->backing = VMM_BACK_MEMFD;
	if (vmm_opt(c, "guest-memfd"))
		r->backing = VMM_BACK_GMEM;
	if (!file)
		return 0;
	r->backing = VMM_BACK_FILE;
	if (vmm_parse_path_offset(file->raw, r->path, sizeof(r->path), &r->offset, why))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--file %s: %s", file->raw, why);
	return 0;
}

json_object *vmm_mem_backing_op(const struct vmm_region *r)
{
	json_object *op = json_object_new_object();

	json_object_object_add(op, "action", vmm_jstr("mmap"));
	json_object_object_add(op, "backing", vmm_jstr(vmm_backing_name(r->backing)));
	json_object_object_add(op, "length", vmm_ju64(r->size));
	if (r->backing == VMM_BACK_FILE) {
		json_object_object_add(op, "path", vmm_jstr(r->path));
		json_object_object_add(op, "offset", vmm_jhex(r->offset));
	}
	return op;
}

static int map_file(struct vmm_call *c, struct vmm_region *r, int prot)
{
	off_t size;
	int ret;

	ret = vmm_sys_open_user(c->sys, r->path, prot & PROT_WRITE ? O_RDWR : O_RDONLY);
	if (ret < 0)
		return vmm_err_sys(c, ret, "cannot open the backing file %s", r->path);
	r->fd = ret;
	ret = vmm_sys_fsize(c->sys, r->fd, &size, r->path);
	if (ret)
		return vmm_err_sys(c, ret, "cannot stat %s", r->path);
	if (r->offset + r->size > (uint64_t)size)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--file %s is %lld bytes: OFFSET 0x%llx + "
			       "SIZE 0x%llx does not fit", r->path, (long long)size,
			       (unsigned long long)r->offset, (unsigned long long)r->size);
	ret = vmm_sys_mmap(c->sys, r->size, prot, MAP_SHARED, r->fd, (off_t)r->offset,
			   r->path, &r->hva);
	if (ret)
		return vmm_err_sys(c, ret, "cannot map %s", r->path);
	r->map_len = r->size;
	return 0;
}

int vmm_mem_map_backing(struct vmm_call *c, struct vmm_region *r)
{
	int prot = PROT_READ | PROT_WRITE, ret;

	switch (r->backing) {
	case VMM_BACK_FILE:
		return map_file(c, r, prot);
	case VMM_BACK_MEMFD:
		ret = vmm_sys_memfd(c->sys, "vmmctl-guest");
		if (ret < 0)
			return vmm_err_sys(c, ret, "cannot create a memfd");
		r->fd = ret;
		ret = vmm_sys_ftruncate(c->sys, r->fd, (off_t)r->size, "memfd");
		if (ret)
			return vmm_err_sys(c, ret, "cannot size the memfd");
		ret = vmm_sys_mmap(c->sys, r->size, prot, MAP_SHARED, r->fd, 0, "memfd", &r->hva);
		break;
	case VMM_BACK_GMEM:
		if (r->gmem_flags & VMM_GUEST_MEMFD_FLAG_MMAP) {
			ret = vmm_sys_mmap(c->sys, r->size, prot, MAP_SHARED, r->gmem_fd, 0,
					   "guest_memfd", &r->hva);
			break;
		}
		/* the shared half of a guest_memfd slot is anonymous */
		__attribute__((fallthrough));
	default:
		ret = vmm_sys_mmap(c->sys, r->size, prot,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0,
				   "anonymous memory", &r->hva);
		break;
	}
	if (ret)
		return vmm_err_sys(c, ret, "cannot map %llu bytes of guest memory",
				   (unsigned long long)r->size);
	r->map_len = r->size;
	return 0;
}

/* ---- slot ids and rules ------------------------------------------------------ */

static const struct {
	uint32_t bit;
	const char *name;
} flag_names[] = {
	{ VMM_KVM_MEM_LOG_DIRTY_PAGES, "log_dirty_pages" },
	{ VMM_KVM_MEM_READONLY, "readonly" },
	{ VMM_KVM_MEM_GUEST_MEMFD, "guest_memfd" },
};

static json_object *flags_json(uint32_t flags)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (flags & flag_names[i].bit)
			json_object_array_add(a, vmm_jstr(flag_names[i].name));
	return a;
}

static json_object *region_json(const struct vmm_vm *vm, const struct vmm_region *r)
{
	json_object *o;

	if (vm->hv == VMM_HV_GUNYAH)
		return vmm_mem_gh_describe(r);
	o = json_object_new_object();
	json_object_object_add(o, "slot", json_object_new_int((int)(r->id & 0xffff)));
	json_object_object_add(o, "as", json_object_new_int((int)(r->id >> 16)));
	json_object_object_add(o, "gpa", vmm_jhex(r->gpa));
	json_object_object_add(o, "size", vmm_ju64(r->size));
	json_object_object_add(o, "end", vmm_jhex(r->gpa + r->size));
	json_object_object_add(o, "flags", flags_json(r->flags));
	json_object_object_add(o, "backing", vmm_jstr(vmm_backing_name(r->backing)));
	json_object_object_add(o, "hva", vmm_jhex((uintptr_t)r->hva));
	/* what a backing does not have is omitted, not null */
	if (r->backing == VMM_BACK_FILE) {
		json_object_object_add(o, "path", vmm_jstr(r->path));
		json_object_object_add(o, "offset", vmm_jhex(r->offset));
	}
	if (r->backing == VMM_BACK_GMEM)
		json_object_object_add(o, "guest_memfd_flags", vmm_jhex(r->gmem_flags));
	return o;
}

static void to_memslot(const struct vmm_region *r, struct vmm_memslot *m)
{
	m->id = r->id;
	m->flags = r->flags;
	m->gpa = r->gpa;
	m->size = r->size;
	m->hva = (uintptr_t)r->hva;
	m->offset = r->offset;
	m->gmem_flags = r->gmem_flags;
}

static void limits(const struct vmm_vm *vm, struct vmm_memslot_limits *l)
{
	l->page = vmm_page_size();
	l->nr_slots = (uint32_t)vm->nr_memslots;
	l->nr_as = (uint32_t)vm->nr_as;
	l->v2 = vm->mem2;
	l->readonly = vm->readonly_mem;
	l->gmem = vm->gmem_flags_ok != 0;
	l->gmem_flags = vm->gmem_flags_ok & ~(1ull << 63);
}

/* SLOT and --as into a KVM slot field; only the 16-bit encoding is checked here. */
static int slot_id(struct vmm_call *c, uint32_t *id)
{
	const struct vmm_val *slot = vmm_arg(c, "SLOT", NULL), *as = vmm_opt(c, "as");

	if (slot->u > 0xffff)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "SLOT %s: a slot id is 16 bits "
			       "(0-65535) in the ABI", slot->raw);
	if (as && as->u > 0xffff)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--as %s: an address space id is 16 "
			       "bits in the ABI", as->raw);
	*id = (uint32_t)((as ? as->u : 0) << 16 | slot->u);
	return 0;
}

static void explain(const struct vmm_vm *vm, int rule, int other, const struct vmm_memslot *m,
		    char *why, size_t len)
{
	struct vmm_memslot_limits l;
	struct vmm_memslot o;

	limits(vm, &l);
	if (other >= 0)
		to_memslot(&vm->regions[other], &o);
	vmm_memslot_explain(rule, m, other >= 0 ? &o : NULL, &l, why, len);
}

static int rule_err(struct vmm_call *c, const struct vmm_vm *vm, int rule, int other,
		    const struct vmm_memslot *m)
{
	int err = vmm_memslot_code(rule);
	char why[400];

	explain(vm, rule, other, m, why, sizeof(why));
	return vmm_err(c, err == EEXIST ? VMM_E_BUSY : err == EOPNOTSUPP ? VMM_E_NOTSUP :
		       VMM_E_USAGE, err, "%s", why);
}

/*
 * Runs the rules; with --no-precheck a broken rule only becomes the
 * explanation of the kernel's answer (*pred). Returns non-zero to stop.
 */
static int precheck(struct vmm_call *c, struct vmm_vm *vm, enum vmm_memslot_op op,
		    const struct vmm_memslot *m, int *pred, int *pred_other)
{
	struct vmm_memslot_limits l;
	struct vmm_memslot *cur;
	int rule;

	limits(vm, &l);
	cur = calloc((size_t)vm->nregions + 1, sizeof(*cur));
	if (!cur)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	for (int i = 0; i < vm->nregions; i++)
		to_memslot(&vm->regions[i], &cur[i]);
	rule = vmm_memslot_check(op, m, cur, vm->nregions, &l, pred_other);
	free(cur);
	*pred = rule;
	if (rule == VMM_MS_OK || vmm_opt(c, "no-precheck"))
		return 0;
	return rule_err(c, vm, rule, *pred_other, m);
}

static int kvm_fail(struct vmm_call *c, struct vmm_vm *vm, int ret, int pred, int other,
		    const struct vmm_memslot *m, const char *what)
{
	char why[400] = "";

	if (ret == -EEXIST && pred != VMM_MS_OVERLAP) {
		/* the kernel saw a slot we did not predict: name one of ours if any */
		pred = VMM_MS_OVERLAP;
		other = -1;
		for (int i = 0; i < vm->nregions && other < 0; i++) {
			struct vmm_memslot o;

			to_memslot(&vm->regions[i], &o);
			if (o.id != m->id && o.id >> 16 == m->id >> 16 && o.gpa < m->gpa + m->size &&
			    m->gpa < o.gpa + o.size)
				other = i;
		}
	}
	if (pred != VMM_MS_OK)
		explain(vm, pred, other, m, why, sizeof(why));
	if (*why)
		return vmm_err_sys(c, ret, "%s refused by the kernel: %s", what, why);
	return vmm_err_sys(c, ret, "%s refused by the kernel", what);
}

static json_object *region_op(const struct vmm_vm *vm, const struct vmm_kvm_mem_region2 *r,
			      bool hva_known)
{
	json_object *op = json_object_new_object();

	json_object_object_add(op, "ioctl", vmm_jstr(vm->mem2 ? "KVM_SET_USER_MEMORY_REGION2" :
						       "KVM_SET_USER_MEMORY_REGION"));
	json_object_object_add(op, "request", vmm_jhex(vm->mem2 ? VMM_KVM_SET_USER_MEMORY_REGION2 :
						       VMM_KVM_SET_USER_MEMORY_REGION));
	json_object_object_add(op, "fd", json_object_new_int(vm->fd));
	json_object_object_add(op, "slot", vmm_jhex(r->slot));
	json_object_object_add(op, "flags", vmm_jhex(r->flags));
	json_object_object_add(op, "guest_phys_addr", vmm_jhex(r->guest_phys_addr));
	json_object_object_add(op, "memory_size", vmm_ju64(r->memory_size));
	json_object_object_add(op, "userspace_addr", hva_known ? vmm_jhex(r->userspace_addr) :
			       vmm_jstr("from the mmap above"));
	if (vm->mem2) {
		json_object_object_add(op, "guest_memfd_offset", vmm_jhex(r->guest_memfd_offset));
		json_object_object_add(op, "guest_memfd", hva_known || !(r->flags & VMM_KVM_MEM_GUEST_MEMFD) ?
				       json_object_new_int((int)r->guest_memfd) :
				       vmm_jstr("from KVM_CREATE_GUEST_MEMFD above"));
	}
	return op;
}

static void to_kvm(const struct vmm_region *r, struct vmm_kvm_mem_region2 *k)
{
	memset(k, 0, sizeof(*k));
	k->slot = r->id;
	k->flags = r->flags;
	k->guest_phys_addr = r->gpa;
	k->memory_size = r->size;
	k->userspace_addr = (uintptr_t)r->hva;
	if (r->backing == VMM_BACK_GMEM)
		k->guest_memfd = (uint32_t)r->gmem_fd;
}

static struct vmm_vm *owned_kvm(struct vmm_call *c)
{
	struct vmm_vm *vm = vmm_vm_owned(c, vmm_arg(c, "VM", NULL));

	return vm;
}

/* The region SLOT names, or -1 with the error recorded. */
static int existing(struct vmm_call *c, struct vmm_vm *vm, uint32_t id)
{
	int idx = vmm_vm_region_find(vm, id);

	if (idx < 0) {
		vmm_hint(c, "'mem list %s' shows the slots of this VM",
			 vmm_arg(c, "VM", NULL)->raw);
		vmm_err(c, VMM_E_NOTFOUND, ENOENT, "no slot %u in address space %u of %s",
			id & 0xffff, id >> 16, vmm_arg(c, "VM", NULL)->raw);
	}
	return idx;
}

/* ---- mem add ---------------------------------------------------------------- */

static int gmem_flags(struct vmm_call *c, uint64_t *flags)
{
	const struct vmm_val *f = vmm_opt(c, "gmem-flags");
	char buf[64], *tok, *save = NULL, *end;

	*flags = 0;
	if (!f)
		return 0;
	if (!vmm_opt(c, "guest-memfd"))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--gmem-flags needs --guest-memfd");
	snprintf(buf, sizeof(buf), "%s", f->raw);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "mmap")) {
			*flags |= VMM_GUEST_MEMFD_FLAG_MMAP;
		} else if (!strcmp(tok, "init-shared")) {
			*flags |= VMM_GUEST_MEMFD_FLAG_INIT_SHARED;
		} else {
			errno = 0;
			*flags |= strtoull(tok, &end, 0);
			if (*end || errno || end == tok)
				return vmm_err(c, VMM_E_USAGE, EINVAL, "--gmem-flags: '%s' is not "
					       "a flag (expected mmap, init-shared or a number)", tok);
		}
	}
	return 0;
}

static int mem_add_kvm(struct vmm_call *c, struct vmm_vm *vm)
{
	const struct vmm_val *gpa = vmm_arg(c, "GPA", NULL), *size = vmm_arg(c, "SIZE", NULL);
	struct vmm_kvm_mem_region2 k;
	struct vmm_region r;
	struct vmm_memslot m;
	int ret, pred, other = -1;

	memset(&r, 0, sizeof(r));
	ret = slot_id(c, &r.id);
	if (!ret)
		ret = vmm_mem_parse_backing(c, &r);
	if (!ret)
		ret = gmem_flags(c, &r.gmem_flags);
	if (ret)
		return ret;
	r.gpa = gpa->u;
	r.size = size->u;
	if (vmm_opt(c, "log-dirty"))
		r.flags |= VMM_KVM_MEM_LOG_DIRTY_PAGES;
	if (vmm_opt(c, "readonly"))
		r.flags |= VMM_KVM_MEM_READONLY;
	if (r.backing == VMM_BACK_GMEM)
		r.flags |= VMM_KVM_MEM_GUEST_MEMFD;
	to_memslot(&r, &m);
	ret = precheck(c, vm, VMM_MS_ADD, &m, &pred, &other);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		json_object *op;

		if (r.backing == VMM_BACK_GMEM) {
			op = json_object_new_object();
			json_object_object_add(op, "ioctl", vmm_jstr("KVM_CREATE_GUEST_MEMFD"));
			json_object_object_add(op, "request", vmm_jhex(VMM_KVM_CREATE_GUEST_MEMFD));
			json_object_object_add(op, "size", vmm_ju64(r.size));
			json_object_object_add(op, "flags", vmm_jhex(r.gmem_flags));
			vmm_dry_op(c, op);
		}
		vmm_dry_op(c, vmm_mem_backing_op(&r));
		to_kvm(&r, &k);
		vmm_dry_op(c, region_op(vm, &k, false));
		return 0;
	}
	if (r.backing == VMM_BACK_GMEM) {
		ret = vmm_kvm_create_gmem(c->sys, vm->fd, r.size, r.gmem_flags);
		if (ret < 0) {
			ret = vmm_err_sys(c, ret, "cannot create a guest_memfd of %llu bytes with "
					  "flags 0x%llx", (unsigned long long)r.size,
					  (unsigned long long)r.gmem_flags);
			goto fail;
		}
		r.gmem_fd = ret;
	}
	ret = vmm_mem_map_backing(c, &r);
	if (ret)
		goto fail;
	to_kvm(&r, &k);
	ret = vmm_kvm_set_region(c->sys, vm->fd, vm->mem2, &k);
	if (ret < 0) {
		to_memslot(&r, &m);
		ret = kvm_fail(c, vm, ret, pred, other, &m, "the new slot was");
		goto fail;
	}
	if (pred != VMM_MS_OK)
		vmm_warn(c, "the kernel accepted a slot vmmctl expected it to refuse (%s)",
			 vmm_memslot_rule_name(pred));
	ret = vmm_vm_region_add(vm, &r);
	if (ret) {
		/* the kernel has it: take it back rather than lose track of it */
		k.memory_size = 0;
		vmm_kvm_set_region(c->sys, vm->fd, vm->mem2, &k);
		ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
		goto fail;
	}
	c->result = region_json(vm, &vm->regions[vm->nregions - 1]);
	return 0;
fail:
	vmm_sys_munmap(r.hva, r.map_len);
	vmm_sys_close(r.fd);
	vmm_sys_close(r.gmem_fd);
	return ret;
}

static int mem_add(struct vmm_call *c)
{
	struct vmm_vm *vm = owned_kvm(c);

	if (!vm)
		return -EINVAL;
	if (vm->hv == VMM_HV_GUNYAH)
		return vmm_mem_gh_add(c, vm);
	if (vmm_opt(c, "perm") || vmm_opt(c, "lend"))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--perm and --lend are Gunyah options; "
			       "KVM slots take --readonly");
	return mem_add_kvm(c, vm);
}

/* ---- mem del, move, flags ------------------------------------------------------ */

/* Applies a changed copy of region idx; on success stores it. */
static int change(struct vmm_call *c, struct vmm_vm *vm, int idx, struct vmm_region *r,
		  enum vmm_memslot_op op, const char *what)
{
	struct vmm_kvm_mem_region2 k;
	struct vmm_memslot m;
	int ret, pred, other = -1;

	to_memslot(r, &m);
	ret = precheck(c, vm, op, &m, &pred, &other);
	if (ret)
		return ret;
	to_kvm(r, &k);
	if (vmm_dry_run(c)) {
		vmm_dry_op(c, region_op(vm, &k, true));
		return 0;
	}
	ret = vmm_kvm_set_region(c->sys, vm->fd, vm->mem2, &k);
	if (ret < 0)
		return kvm_fail(c, vm, ret, pred, other, &m, what);
	if (op == VMM_MS_DELETE) {
		c->result = region_json(vm, &vm->regions[idx]);
		json_object_object_add(c->result, "deleted", vmm_jbool(true));
		vmm_vm_region_drop(vm, idx);
		return 0;
	}
	vm->regions[idx] = *r;
	c->result = region_json(vm, r);
	return 0;
}

static int mem_del(struct vmm_call *c)
{
	struct vmm_vm *vm = owned_kvm(c);
	struct vmm_region r;
	uint32_t id;
	int idx;

	if (!vm)
		return -EINVAL;
	if (vm->hv == VMM_HV_GUNYAH)
		return vmm_mem_gh_del(c, vm);
	if (slot_id(c, &id))
		return -EINVAL;
	idx = existing(c, vm, id);
	if (idx < 0)
		return -ENOENT;
	r = vm->regions[idx];
	r.size = 0;	/* hva stays: the kernel checks its alignment on delete too */
	return change(c, vm, idx, &r, VMM_MS_DELETE, "deleting the slot was");
}

static int owned_slot(struct vmm_call *c, struct vmm_vm **vm, int *idx)
{
	uint32_t id;

	*vm = owned_kvm(c);
	if (!*vm)
		return -EINVAL;
	if ((*vm)->hv != VMM_HV_KVM)
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "%s is a Gunyah VM: its regions "
			       "are added and removed by label only",
			       vmm_arg(c, "VM", NULL)->raw);
	if (slot_id(c, &id))
		return -EINVAL;
	*idx = existing(c, *vm, id);
	return *idx < 0 ? -ENOENT : 0;
}

static int mem_move(struct vmm_call *c)
{
	struct vmm_region r;
	struct vmm_vm *vm;
	int idx;

	if (owned_slot(c, &vm, &idx))
		return -EINVAL;
	r = vm->regions[idx];
	r.gpa = vmm_arg(c, "GPA", NULL)->u;
	return change(c, vm, idx, &r, VMM_MS_MOVE, "the move was");
}

static int mem_flags(struct vmm_call *c)
{
	const struct vmm_val *log = vmm_opt(c, "log-dirty");
	struct vmm_region r;
	struct vmm_vm *vm;
	int idx;

	if (owned_slot(c, &vm, &idx))
		return -EINVAL;
	if (!log)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "nothing to change: give --log-dirty "
			       "on|off (the only flag KVM lets an existing slot change)");
	r = vm->regions[idx];
	if (log->on)
		r.flags |= VMM_KVM_MEM_LOG_DIRTY_PAGES;
	else
		r.flags &= ~VMM_KVM_MEM_LOG_DIRTY_PAGES;
	return change(c, vm, idx, &r, VMM_MS_FLAGS, "the flags change was");
}

/* ---- mem list, mem dirty --------------------------------------------------------- */

/* A list is an array (also for 0 or 1 items), each region carrying its identity. */
static int mem_list(struct vmm_call *c)
{
	struct vmm_vm *vm = owned_kvm(c);

	if (!vm)
		return -EINVAL;
	c->result = json_object_new_array();
	for (int i = 0; i < vm->nregions; i++)
		json_object_array_add(c->result, region_json(vm, &vm->regions[i]));
	return 0;
}

static json_object *dirty_ranges(const struct vmm_region *r, const uint64_t *bm,
				 uint64_t npages, uint64_t *total)
{
	json_object *arr = json_object_new_array();
	uint64_t page = vmm_page_size(), p = 0, start;

	*total = 0;
	while (p < npages) {
		if (!(bm[p / 64] & (1ull << (p % 64)))) {
			/* skip clean words whole: the common case is a sparse bitmap */
			if (p % 64 == 0 && !bm[p / 64])
				p += 64;
			else
				p++;
			continue;
		}
		start = p;
		while (p < npages && (bm[p / 64] & (1ull << (p % 64))))
			p++;
		json_object *o = json_object_new_object();

		json_object_object_add(o, "start", vmm_jhex(r->gpa + start * page));
		json_object_object_add(o, "end", vmm_jhex(r->gpa + p * page));
		json_object_object_add(o, "first_page", vmm_ju64(start));
		json_object_object_add(o, "pages", vmm_ju64(p - start));
		json_object_array_add(arr, o);
		*total += p - start;
	}
	return arr;
}

static json_object *dirty_op(const struct vmm_region *r, const char *name, unsigned long req,
			    uint64_t npages)
{
	json_object *op = json_object_new_object();

	json_object_object_add(op, "ioctl", vmm_jstr(name));
	json_object_object_add(op, "request", vmm_jhex(req));
	json_object_object_add(op, "slot", vmm_jhex(r->id));
	json_object_object_add(op, "first_page", vmm_ju64(0));
	json_object_object_add(op, "num_pages", vmm_ju64(npages));
	return op;
}

static int mem_dirty(struct vmm_call *c)
{
	bool clear = vmm_opt(c, "clear") != NULL;
	uint64_t npages, total, *bm;
	struct vmm_vm *vm;
	struct vmm_region *r;
	json_object *ranges;
	int idx, ret;

	if (owned_slot(c, &vm, &idx))
		return -EINVAL;
	r = &vm->regions[idx];
	if (!(r->flags & VMM_KVM_MEM_LOG_DIRTY_PAGES) && !vmm_opt(c, "no-precheck")) {
		vmm_hint(c, "'mem flags %s %u --log-dirty on' starts dirty logging",
			 vmm_arg(c, "VM", NULL)->raw, r->id & 0xffff);
		return vmm_err(c, VMM_E_USAGE, ENOENT, "slot %u does not log dirty pages "
			       "(KVM_GET_DIRTY_LOG would fail with ENOENT)", r->id & 0xffff);
	}
	npages = r->size / vmm_page_size();
	/* even the read is a change without manual protect: it resets the bits */
	if (vmm_dry_run(c)) {
		vmm_dry_op(c, dirty_op(r, "KVM_GET_DIRTY_LOG", VMM_KVM_GET_DIRTY_LOG, npages));
		if (clear && vm->manual_protect)
			vmm_dry_op(c, dirty_op(r, "KVM_CLEAR_DIRTY_LOG", VMM_KVM_CLEAR_DIRTY_LOG,
					       npages));
		return 0;
	}
	bm = calloc((npages + 63) / 64, sizeof(*bm));
	if (!bm)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	ret = vmm_kvm_get_dirty_log(c->sys, vm->fd, r->id, bm);
	if (ret < 0) {
		if (ret == -ENOENT)
			vmm_hint(c, "the slot has no dirty bitmap: enable --log-dirty");
		ret = vmm_err_sys(c, ret, "cannot read the dirty log of slot %u", r->id & 0xffff);
		goto out;
	}
	ranges = dirty_ranges(r, bm, npages, &total);
	/* without manual protect the read itself cleared and re-protected */
	if (clear && vm->manual_protect && npages) {
		ret = vmm_kvm_clear_dirty_log(c->sys, vm->fd, r->id, 0, (uint32_t)npages, bm);
		if (ret < 0) {
			json_object_put(ranges);
			ret = vmm_err_sys(c, ret, "cannot clear the dirty log of slot %u",
					  r->id & 0xffff);
			goto out;
		}
	}
	ret = 0;
	c->result = json_object_new_object();
	json_object_object_add(c->result, "vm", vmm_jstr(vmm_arg(c, "VM", NULL)->raw));
	json_object_object_add(c->result, "slot", json_object_new_int((int)(r->id & 0xffff)));
	json_object_object_add(c->result, "as", json_object_new_int((int)(r->id >> 16)));
	json_object_object_add(c->result, "pages", vmm_ju64(npages));
	json_object_object_add(c->result, "dirty_pages", vmm_ju64(total));
	json_object_object_add(c->result, "cleared", vmm_jbool(clear || !vm->manual_protect));
	json_object_object_add(c->result, "manual_protect", vmm_jbool(vm->manual_protect));
	json_object_object_add(c->result, "ranges", ranges);
out:
	free(bm);
	return ret;
}

/* ---- completion and the table ------------------------------------------------ */

static void comp_slot(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	struct vmm_vm *vm;
	char buf[16];
	int it = 0;

	while ((vm = vmm_session_next(ctx, VMM_VM_KIND, &it, NULL)))
		for (int i = 0; i < vm->nregions; i++) {
			/* a KVM id carries the address space above bit 16, a Gunyah label does not */
			snprintf(buf, sizeof(buf), "%u", vm->hv == VMM_HV_KVM ?
				 vm->regions[i].id & 0xffff : vm->regions[i].id);
			if (!strncmp(buf, prefix, strlen(prefix)))
				vmm_cands_add(out, buf);
		}
}

static const struct vmm_completer comp_slots = { "slot", comp_slot };

#define VM_ARG	{ "VM", VMM_T_VM, "a VM this session created (vm0, vm1, ...)", NULL, \
		  &vmm_comp_session, VMM_ARG_SELF_HELP }
#define SLOT_ARG { "SLOT", VMM_T_U64, "slot id (KVM, 0 to KVM_CAP_NR_MEMSLOTS - 1) or label " \
		   "(Gunyah), decimal or 0x hex", NULL, &comp_slots, VMM_ARG_SELF_HELP }
#define AS_OPT	{ "as", 0, VMM_T_U64, "N", "address space (x86 SMM: 1); default 0" }
#define NOCHECK_OPT { "no-precheck", 0, VMM_T_FLAG, NULL, "skip vmmctl's rule checks: " \
		      "the kernel alone judges, its errno is then explained" }

static const struct vmm_arg add_args[] = {
	VM_ARG, SLOT_ARG,
	{ "GPA", VMM_T_ADDR, "guest physical address, page aligned" },
	{ "SIZE", VMM_T_SIZE, "bytes, page aligned (K, M, G suffixes)" },
	{ 0 }
};

static const struct vmm_opt add_opts[] = {
	{ "anon", 0, VMM_T_FLAG, NULL, "anonymous private memory (default)" },
	{ "file", 0, VMM_T_STR, "PATH[:OFFSET]", "a shared mapping of a file", NULL,
	  &vmm_comp_file },
	{ "memfd", 0, VMM_T_FLAG, NULL, "a shared memfd" },
	{ "guest-memfd", 0, VMM_T_FLAG, NULL, "a KVM guest_memfd (with an anonymous shared part "
	  "unless --gmem-flags mmap)" },
	{ "gmem-flags", 0, VMM_T_STR, "FLAGS", "guest_memfd flags: mmap, init-shared "
	  "(comma separated) or a number" },
	{ "readonly", 0, VMM_T_FLAG, NULL, "guest writes exit to the VMM (KVM_MEM_READONLY)" },
	{ "log-dirty", 0, VMM_T_FLAG, NULL, "track guest writes (KVM_MEM_LOG_DIRTY_PAGES)" },
	AS_OPT,
	{ "perm", 0, VMM_T_STR, "RWX", "Gunyah: guest access, letters of r, w, x "
	  "(default rwx)" },
	{ "lend", 0, VMM_T_FLAG, NULL, "Gunyah: lend the memory (the host loses access) "
	  "instead of sharing it" },
	NOCHECK_OPT,
	{ 0 }
};

static const struct vmm_arg slot_args[] = { VM_ARG, SLOT_ARG, { 0 } };

static const struct vmm_arg move_args[] = {
	VM_ARG, SLOT_ARG,
	{ "GPA", VMM_T_ADDR, "the new guest physical address" },
	{ 0 }
};

static const struct vmm_arg vm_only[] = { VM_ARG, { 0 } };

static const struct vmm_opt as_opts[] = { AS_OPT, NOCHECK_OPT, { 0 } };

static const struct vmm_opt flags_opts[] = {
	{ "log-dirty", 0, VMM_T_ONOFF, "on|off", "start or stop dirty page tracking" },
	AS_OPT, NOCHECK_OPT,
	{ 0 }
};

static const struct vmm_opt dirty_opts[] = {
	{ "clear", 0, VMM_T_FLAG, NULL, "reset the bits read (KVM_CLEAR_DIRTY_LOG) and "
	  "write-protect those pages again" },
	AS_OPT, NOCHECK_OPT,
	{ 0 }
};

static const struct vmm_command mem_cmds[] = {
	{ "add", NULL, "add a memory region backed by anonymous memory, a file, a memfd or a "
	  "guest_memfd", add_args, add_opts, mem_add, NULL,
	  VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "del", (const char *const[]){ "delete", "rm", NULL }, "delete a memory region",
	  slot_args, as_opts, mem_del, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "move", NULL, "move a slot to a new guest physical address", move_args, as_opts,
	  mem_move, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "flags", NULL, "turn dirty page logging of a slot on or off", slot_args, flags_opts,
	  mem_flags, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "list", (const char *const[]){ "ls", NULL }, "the regions of a session VM with their "
	  "host backing", vm_only, NULL, mem_list, NULL, VMM_CMD_SESSION },
	{ "dirty", NULL, "pages the guest wrote since the last clear, as ranges", slot_args,
	  dirty_opts, mem_dirty, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ 0 }
};

const struct vmm_object vmm_obj_mem = {
	"mem", NULL, "memory regions of a session VM: KVM slots and Gunyah regions", mem_cmds, 0,
};
