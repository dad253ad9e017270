// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vCPU state an admin can read (arm64): `vm idregs` for any VM from KVM's
 * debugfs (idregs, resx), `vm regs` for a session VM from its vCPU
 * (KVM_GET_REG_LIST, KVM_GET_ONE_REG, the writable masks), `vm regs set`
 * to lower an ID register field before the first run, and `vm regs diff`
 * between two VMs or saved answers, field by field.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/parse.h"
#include "lib/host.h"
#include "lib/idregs.h"
#include "lib/kvm.h"
#include "lib/vcpu_regs.h"
#include "vm.h"

#define IDREGS_MAX	(64u << 10)

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *hex64(uint64_t v)
{
	return vmm_jhexw(v, 16);
}

/* Every field of an ID register's value; writable bits from mask (NULL: unknown). */
static json_object *fields_json(const struct vmm_idreg *r, uint64_t v, const uint64_t *mask)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; r && i < r->nfields; i++) {
		const struct vmm_idreg_field *f = &r->fields[i];
		const char *m = vmm_idreg_field_meaning(f, v);
		json_object *o = json_object_new_object();

		add(o, "name", vmm_jstr(f->name));
		add(o, "lsb", vmm_ju64(f->lsb));
		add(o, "width", vmm_ju64(f->width));
		add(o, "signed", vmm_jbool(f->is_signed));
		add(o, "value", json_object_new_int64(vmm_idreg_field_get(f, v)));
		add(o, "meaning", m ? vmm_jstr(m) : NULL);
		if (mask)
			add(o, "writable", vmm_jbool((*mask & vmm_idreg_field_mask(f)) ==
						     vmm_idreg_field_mask(f)));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *idreg_json(const char *name, uint64_t v, const uint64_t *mask)
{
	const struct vmm_idreg *r = vmm_idreg_by_name(name);
	json_object *o = json_object_new_object();
	char enc[24];

	add(o, "name", vmm_jstr(r ? r->name : name));
	if (r) {
		snprintf(enc, sizeof(enc), "%u,%u,%u,%u,%u", r->op0, r->op1, r->crn, r->crm, r->op2);
		add(o, "encoding", vmm_jstr(enc));
	}
	add(o, "value", hex64(v));
	if (mask)
		add(o, "writable_mask", hex64(*mask));
	add(o, "fields", fields_json(r, v, mask));
	return o;
}

/* ---- vm idregs: any VM, from debugfs ------------------------------------------ */

static int read_idregs(struct vmm_call *c, const char *dir, const char *file, bool resx,
		       struct vmm_idregs_line **l, int *n, bool optional)
{
	char path[PATH_MAX], *text, why[200];
	ssize_t len;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	len = vmm_sys_read_all(c->sys, path, IDREGS_MAX, &text);
	if (len < 0) {
		if (optional && len == -ENOENT) {
			vmm_sys_clear(c->sys);
			*l = NULL;
			*n = 0;
			return 1;
		}
		ret = vmm_err_sys(c, (int)len, "cannot read %s", path);
		if (len == -ENOENT)
			vmm_hint(c, "KVM writes idregs and resx for arm64 VMs (Linux 6.9 and later)");
		return ret;
	}
	ret = vmm_idregs_parse(text, resx, l, n, why, sizeof(why));
	free(text);
	if (ret == -EINVAL)
		return vmm_err(c, VMM_E_FAILED, EPROTO, "%s: %s", path, why);
	return ret ? vmm_err(c, VMM_E_FAILED, -ret, "%s: cannot parse", path) : 0;
}

static int vm_idregs(struct vmm_call *c)
{
	const struct vmm_val *v = vmm_arg(c, "VM", NULL), *only = vmm_opt(c, "reg");
	struct vmm_idregs_line *ids = NULL, *rx = NULL;
	char id[32], name[32], dir[PATH_MAX];
	json_object *arr, *rarr;
	int n = 0, nr = 0, ret;

	ret = vmm_vm_debugfs_name(c, v, id, name);
	if (ret)
		return ret;
	snprintf(dir, sizeof(dir), VMM_DEBUGFS "/kvm/%s", name);
	ret = read_idregs(c, dir, "idregs", false, &ids, &n, false);
	if (ret)
		return ret;
	ret = read_idregs(c, dir, "resx", true, &rx, &nr, true);
	if (ret < 0)
		goto out;
	c->result = json_object_new_object();
	add(c->result, "vm", vmm_jstr(id));
	arr = json_object_new_array();
	for (int i = 0; i < n; i++)
		if (!only || !strcasecmp(only->raw, ids[i].name) ||
		    vmm_idreg_by_name(only->raw) == vmm_idreg_by_name(ids[i].name))
			json_object_array_add(arr, idreg_json(ids[i].name, ids[i].value, NULL));
	add(c->result, "registers", arr);
	/* empty until the VM's first vCPU set its ID registers up */
	add(c->result, "initialized", vmm_jbool(n > 0));
	rarr = json_object_new_array();
	for (int i = 0; i < nr; i++) {
		json_object *o = json_object_new_object();

		add(o, "name", vmm_jstr(rx[i].name));
		add(o, "res0", hex64(rx[i].res0));
		add(o, "res1", hex64(rx[i].res1));
		json_object_array_add(rarr, o);
	}
	add(c->result, "resx", ret == 1 ? NULL : rarr);
	if (ret == 1)
		json_object_put(rarr);
	ret = 0;
	if (only && !json_object_array_length(arr))
		ret = vmm_err(c, VMM_E_NOTFOUND, ENOENT, "%s has no ID register '%s'", id, only->raw);
out:
	free(ids);
	free(rx);
	return ret;
}

/* ---- session VMs: the vCPU -------------------------------------------------- */

static int vcpu_of(struct vmm_call *c, struct vmm_vm *vm)
{
	const struct vmm_val *n = vmm_opt(c, "vcpu");

	if (n && n->u)
		return vmm_err(c, VMM_E_NOTFOUND, ENOENT, "a session VM has one vCPU, vcpu 0");
	return vmm_vm_vcpu0(c, vm);
}

static bool have_masks(struct vmm_call *c, struct vmm_vm *vm, uint64_t *masks)
{
	if (vmm_kvm_check_cap(c->sys, vm->dev_fd, VMM_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES) <= 0 ||
	    vmm_vm_writable_masks(c->sys, vm->fd, masks)) {
		vmm_sys_clear(c->sys);
		return false;
	}
	return true;
}

static json_object *bytes_hex(const uint8_t *b, size_t n)
{
	char buf[2 * VMM_REG_MAX_BYTES + 3];
	size_t k = 2;

	/* little-endian in memory: shown as one number, most significant first */
	snprintf(buf, sizeof(buf), "0x");
	for (size_t i = n; i-- > 0; k += 2)
		snprintf(buf + k, sizeof(buf) - k, "%02x", b[i]);
	return vmm_jstr(buf);
}

static int regs_show(struct vmm_call *c, struct vmm_vm *vm, const char *vmname)
{
	bool all = vmm_opt(c, "all"), id_only = vmm_opt(c, "id");
	uint64_t masks[VMM_KVM_ARM_FEATURE_ID_RANGE_SIZE], *ids = NULL;
	json_object *arr = json_object_new_array(), *groups = json_object_new_object(), *o;
	bool masked;
	size_t n = 0;
	int fd = vcpu_of(c, vm), ret;

	if (fd < 0) {
		json_object_put(arr);
		json_object_put(groups);
		return fd;
	}
	ret = vmm_vcpu_reg_list(c->sys, fd, &ids, &n);
	if (ret) {
		json_object_put(arr);
		json_object_put(groups);
		return vmm_err_sys(c, ret, "KVM_GET_REG_LIST on vcpu 0 of %s", vmname);
	}
	masked = have_masks(c, vm, masks);
	for (size_t i = 0; i < n; i++) {
		uint8_t val[VMM_REG_MAX_BYTES];
		unsigned enc[5];
		char name[48];
		const char *g = vmm_vcpu_reg_name(ids[i], name, sizeof(name), enc);
		json_object *cnt = json_object_object_get(groups, g);
		int idx = vmm_feature_id_idx(enc);

		add(groups, g, json_object_new_int64((cnt ? json_object_get_int64(cnt) : 0) + 1));
		if ((id_only || !all) && strcmp(g, "id"))
			continue;
		if (vmm_vcpu_reg_get(c->sys, fd, ids[i], val)) {
			vmm_sys_clear(c->sys);
			continue;	/* listed but not readable now (SVE before finalize) */
		}
		if (!strcmp(g, "id") && vmm_vcpu_reg_size(ids[i]) == 8) {
			uint64_t v;

			memcpy(&v, val, sizeof(v));
			o = idreg_json(name, v, masked && idx >= 0 ? &masks[idx] : NULL);
		} else {
			o = json_object_new_object();
			add(o, "name", vmm_jstr(name));
			add(o, "value", bytes_hex(val, vmm_vcpu_reg_size(ids[i])));
		}
		add(o, "group", vmm_jstr(g));
		add(o, "id", vmm_jhex(ids[i]));
		json_object_array_add(arr, o);
	}
	free(ids);
	c->result = json_object_new_object();
	add(c->result, "vm", vmm_jstr(vmname));
	add(c->result, "vcpu", vmm_ju64(0));
	add(c->result, "count", vmm_ju64(n));
	add(c->result, "groups", groups);
	add(c->result, "writable_masks", vmm_jbool(masked));
	add(c->result, "registers", arr);
	return 0;
}

/* Identity and cache registers differ between hosts without a feature being lost. */
static bool feature_reg(const char *name)
{
	return !strncmp(name, "ID_", 3) || !strncmp(name, "MVFR", 4);
}

/* FIELD=VALUE words into a new value of r; the mask checked first (mask NULL: not known). */
static int apply_fields(struct vmm_call *c, const struct vmm_idreg *r, char **words, int n,
			uint64_t old, const uint64_t *mask, bool unchecked, uint64_t *nv)
{
	*nv = old;
	for (int i = 0; i < n; i++) {
		const char *eq = strchr(words[i], '=');
		const struct vmm_idreg_field *f;
		char fname[32];
		uint64_t v;
		const char *why;
		int64_t cur;

		if (!eq || eq == words[i] || (size_t)(eq - words[i]) >= sizeof(fname))
			return vmm_err(c, VMM_E_USAGE, 0, "'%s': expected FIELD=VALUE", words[i]);
		snprintf(fname, sizeof(fname), "%.*s", (int)(eq - words[i]), words[i]);
		f = vmm_idreg_field(r, fname);
		if (!f) {
			int ret = vmm_err(c, VMM_E_USAGE, 0, "%s has no field '%s'", r->name, fname);

			if (r->nfields)
				vmm_hint(c, "its fields: see 'vmmctl vm idregs VM --reg %s'", r->name);
			return ret;
		}
		if (vmm_parse_u64(eq + 1, &v, &why) || (f->width < 64 && v >> f->width))
			return vmm_err(c, VMM_E_USAGE, 0, "%s.%s=%s: expected a value of %u bits",
				       r->name, f->name, eq + 1, f->width);
		if (!unchecked && mask && (*mask & vmm_idreg_field_mask(f)) != vmm_idreg_field_mask(f)) {
			int ret = vmm_err(c, VMM_E_NOTSUP, EPERM, "%s.%s is not writable: KVM's mask "
					  "for %s is 0x%016llx", r->name, f->name, r->name,
					  (unsigned long long)*mask);

			if (!feature_reg(r->name))
				vmm_hint(c, "MIDR, REVIDR and AIDR: set them first, in a VM whose vCPU "
					 "does not exist yet (KVM_CAP_ARM_WRITABLE_IMP_ID_REGS)");
			return ret;
		}
		cur = vmm_idreg_field_get(f, old);
		if (!unchecked && feature_reg(r->name) && !f->is_signed && v > (uint64_t)cur) {
			int ret = vmm_err(c, VMM_E_NOTSUP, EINVAL, "%s.%s=%llu is above the value KVM "
					  "gives (%lld): a field may only be lowered", r->name,
					  f->name, (unsigned long long)v, (long long)cur);

			vmm_hint(c, "KVM refuses a feature the host lacks; lower the field");
			return ret;
		}
		*nv = (*nv & ~vmm_idreg_field_mask(f)) | (v << f->lsb);
	}
	return 0;
}

/*
 * MIDR, REVIDR and AIDR become writable only with
 * KVM_CAP_ARM_WRITABLE_IMP_ID_REGS enabled before the VM's first vCPU:
 * enabled here when there is none yet.
 */
static int imp_id_regs(struct vmm_call *c, struct vmm_vm *vm, const struct vmm_idreg *r,
		       const char *vmname)
{
	int ret;

	if (strcmp(r->name, "MIDR_EL1") && strcmp(r->name, "REVIDR_EL1") &&
	    strcmp(r->name, "AIDR_EL1"))
		return 0;
	if (vm->vcpu_fd >= 0 || vmm_opt(c, "unchecked"))
		return 0;	/* the mask check says what KVM allows now */
	if (vmm_kvm_check_cap(c->sys, vm->dev_fd, VMM_KVM_CAP_ARM_WRITABLE_IMP_ID_REGS) <= 0) {
		vmm_sys_clear(c->sys);
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "%s is writable only with "
			       "KVM_CAP_ARM_WRITABLE_IMP_ID_REGS, which this kernel lacks", r->name);
	}
	if (vmm_dry_run(c))
		return 0;
	ret = vmm_kvm_enable_cap(c->sys, vm->fd, VMM_KVM_CAP_ARM_WRITABLE_IMP_ID_REGS, 0);
	if (ret)
		return vmm_err_sys(c, ret, "cannot enable KVM_CAP_ARM_WRITABLE_IMP_ID_REGS on %s",
				   vmname);
	return 0;
}

static int regs_set(struct vmm_call *c, struct vmm_vm *vm, const char *vmname, char **words,
		    int n)
{
	uint64_t masks[VMM_KVM_ARM_FEATURE_ID_RANGE_SIZE], old, nv, back;
	const struct vmm_idreg *r;
	unsigned enc[5];
	json_object *op;
	bool masked;
	int fd, idx, ret;

	if (n < 2)
		return vmm_err(c, VMM_E_USAGE, 0, "'vm regs set %s' needs REG and FIELD=VALUE...",
			       vmname);
	r = vmm_idreg_by_name(words[0]);
	if (!r) {
		ret = vmm_err(c, VMM_E_USAGE, 0, "'%s' is no ID register vmmctl knows", words[0]);
		vmm_hint(c, "'vmmctl vm regs %s' lists them", vmname);
		return ret;
	}
	if (vm->ran && !vmm_opt(c, "unchecked"))
		return vmm_err(c, VMM_E_BUSY, EBUSY, "%s has run: KVM fixes the ID registers at the "
			       "first KVM_RUN", vmname);
	ret = imp_id_regs(c, vm, r, vmname);
	if (ret)
		return ret;
	fd = vcpu_of(c, vm);
	if (fd < 0)
		return fd;
	ret = vmm_vcpu_reg_get(c->sys, fd, vmm_idreg_kvm_id(r), &old);
	if (ret)
		return vmm_err_sys(c, ret, "cannot read %s", r->name);
	enc[0] = r->op0, enc[1] = r->op1, enc[2] = r->crn, enc[3] = r->crm, enc[4] = r->op2;
	idx = vmm_feature_id_idx(enc);
	masked = have_masks(c, vm, masks) && idx >= 0;
	ret = apply_fields(c, r, words + 1, n - 1, old, masked ? &masks[idx] : NULL,
			   vmm_opt(c, "unchecked"), &nv);
	if (ret)
		return ret;
	if (vmm_dry_run(c)) {
		op = json_object_new_object();
		add(op, "action", vmm_jstr("ioctl"));
		add(op, "ioctl", vmm_jstr("KVM_SET_ONE_REG"));
		add(op, "register", vmm_jstr(r->name));
		add(op, "id", vmm_jhex(vmm_idreg_kvm_id(r)));
		add(op, "old", hex64(old));
		add(op, "value", hex64(nv));
		vmm_dry_op(c, op);
		return 0;
	}
	ret = vmm_vcpu_reg_set(c->sys, fd, vmm_idreg_kvm_id(r), &nv);
	if (ret == -EBUSY)
		return vmm_err_sys(c, ret, "KVM refused %s: the VM has run", r->name);
	if (ret == -EINVAL) {
		ret = vmm_err(c, VMM_E_NOTSUP, EINVAL, "KVM refused %s = 0x%016llx", r->name,
			      (unsigned long long)nv);
		if (feature_reg(r->name))
			vmm_hint(c, "a field outside the writable mask, or above what the host "
				 "supports");
		else
			vmm_hint(c, "MIDR, REVIDR and AIDR: set them first, in a VM whose vCPU does "
				 "not exist yet (KVM_CAP_ARM_WRITABLE_IMP_ID_REGS)");
		return ret;
	}
	if (ret)
		return vmm_err_sys(c, ret, "cannot write %s", r->name);
	ret = vmm_vcpu_reg_get(c->sys, fd, vmm_idreg_kvm_id(r), &back);
	if (ret)
		return vmm_err_sys(c, ret, "wrote %s but cannot read it back", r->name);
	c->result = json_object_new_object();
	add(c->result, "vm", vmm_jstr(vmname));
	add(c->result, "old", hex64(old));
	add(c->result, "register", idreg_json(r->name, back, masked ? &masks[idx] : NULL));
	if (back != nv)
		return vmm_err(c, VMM_E_FAILED, 0, "%s reads back 0x%016llx, not 0x%016llx", r->name,
			       (unsigned long long)back, (unsigned long long)nv);
	return 0;
}

/* ---- vm regs diff A B ------------------------------------------------------- */

struct regset {
	char label[PATH_MAX];
	int n;
	struct {
		char name[32];
		uint64_t value;
	} r[128];
};

static void regset_add(struct regset *rs, const char *name, uint64_t v)
{
	const struct vmm_idreg *r = vmm_idreg_by_name(name);

	if (rs->n == (int)(sizeof(rs->r) / sizeof(rs->r[0])))
		return;
	snprintf(rs->r[rs->n].name, sizeof(rs->r[0].name), "%s", r ? r->name : name);
	rs->r[rs->n++].value = v;
}

static const uint64_t *regset_get(const struct regset *rs, const char *name)
{
	for (int i = 0; i < rs->n; i++)
		if (!strcmp(rs->r[i].name, name))
			return &rs->r[i].value;
	return NULL;
}

/* A saved answer of `vm regs -j` or `vm idregs -j`. */
static int regset_file(struct vmm_call *c, const char *path, struct regset *rs)
{
	json_object *doc, *arr;
	char *text;
	ssize_t n = vmm_sys_read_user(c->sys, path, 4u << 20, &text);

	if (n < 0)
		return vmm_err_sys(c, (int)n, "cannot read '%s'", path);
	doc = json_tokener_parse(text);
	free(text);
	arr = doc ? json_object_object_get(doc, "registers") : NULL;
	if (!arr || !json_object_is_type(arr, json_type_array)) {
		json_object_put(doc);
		return vmm_err(c, VMM_E_USAGE, 0, "'%s': expected the JSON of 'vmmctl -j vm regs' or "
			       "'vmmctl -j vm idregs' (an object with \"registers\")", path);
	}
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		const char *name = vmm_jget_str(e, "name", NULL), *v = vmm_jget_str(e, "value", NULL);
		const char *why;
		uint64_t val;

		if (name && v && vmm_idreg_by_name(name) && !vmm_parse_u64(v, &val, &why))
			regset_add(rs, name, val);
	}
	json_object_put(doc);
	snprintf(rs->label, sizeof(rs->label), "%s", path);
	return 0;
}

static int regset_vm(struct vmm_call *c, const char *word, struct regset *rs)
{
	struct vmm_val v = { .set = true, .raw = word };
	const char *why;
	int ret;

	if (vmm_parse_vmid(word, &v.vm, &why))
		return vmm_err(c, VMM_E_USAGE, 0, "'%s': expected a VM (vm0, PID-FD) or a file "
			       "saved with 'vmmctl -j vm regs VM -o FILE'", word);
	snprintf(rs->label, sizeof(rs->label), "%s", word);
	if (v.vm.session) {
		struct vmm_vm *vm = vmm_vm_owned(c, &v);
		uint64_t *ids = NULL;
		size_t n = 0;
		int fd;

		if (!vm)
			return -EINVAL;
		fd = vcpu_of(c, vm);
		if (fd < 0)
			return fd;
		ret = vmm_vcpu_reg_list(c->sys, fd, &ids, &n);
		if (ret)
			return vmm_err_sys(c, ret, "KVM_GET_REG_LIST on %s", word);
		for (size_t i = 0; i < n; i++) {
			unsigned enc[5];
			char name[48];
			uint64_t val;

			if (strcmp(vmm_vcpu_reg_name(ids[i], name, sizeof(name), enc), "id") ||
			    vmm_vcpu_reg_size(ids[i]) != 8 || vmm_vcpu_reg_get(c->sys, fd, ids[i], &val))
				continue;
			regset_add(rs, name, val);
		}
		vmm_sys_clear(c->sys);
		free(ids);
		return 0;
	} else {
		struct vmm_idregs_line *l = NULL;
		char id[32], name[32], dir[PATH_MAX];
		int n = 0;

		ret = vmm_vm_debugfs_name(c, &v, id, name);
		if (ret)
			return ret;
		snprintf(dir, sizeof(dir), VMM_DEBUGFS "/kvm/%s", name);
		ret = read_idregs(c, dir, "idregs", false, &l, &n, false);
		if (ret)
			return ret;
		for (int i = 0; i < n; i++)
			regset_add(rs, l[i].name, l[i].value);
		free(l);
		return 0;
	}
}

static int regset_of(struct vmm_call *c, const char *word, struct regset *rs)
{
	unsigned int mode;
	uint64_t size;

	if (!vmm_sys_stat_user(c->sys, word, &mode, &size))
		return regset_file(c, word, rs);
	vmm_sys_clear(c->sys);
	return regset_vm(c, word, rs);
}

static json_object *diff_entry(const char *reg, const char *field, json_object *a, json_object *b,
			       bool unsafe, const char *why)
{
	json_object *o = json_object_new_object();

	add(o, "register", vmm_jstr(reg));
	add(o, "field", field ? vmm_jstr(field) : NULL);
	add(o, "a", a);
	add(o, "b", b);
	add(o, "unsafe", vmm_jbool(unsafe));
	add(o, "reason", vmm_jstr(why));
	return o;
}

static int regs_diff(struct vmm_call *c, char **words, int n)
{
	struct regset *a = calloc(2, sizeof(*a)), *b;
	json_object *arr;
	int unsafe = 0, compared = 0, ret;

	if (!a)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	b = a + 1;
	if (n != 2) {
		ret = vmm_err(c, VMM_E_USAGE, 0, "'vm regs diff' takes A and B (VMs or saved files)");
		goto out;
	}
	ret = regset_of(c, words[0], a);
	if (!ret)
		ret = regset_of(c, words[1], b);
	if (ret)
		goto out;
	arr = json_object_new_array();
	for (int i = 0; i < a->n; i++) {
		const struct vmm_idreg *r = vmm_idreg_by_name(a->r[i].name);
		const uint64_t *bv = regset_get(b, a->r[i].name);
		uint64_t av = a->r[i].value;

		compared++;
		if (!bv) {
			json_object_array_add(arr, diff_entry(a->r[i].name, NULL, hex64(av), NULL,
							      feature_reg(a->r[i].name),
							      "B does not have this register"));
			unsafe += feature_reg(a->r[i].name);
			continue;
		}
		if (*bv == av)
			continue;
		if (!r || !r->nfields) {
			json_object_array_add(arr, diff_entry(a->r[i].name, NULL, hex64(av), hex64(*bv),
							      false, "the values differ"));
			continue;
		}
		for (size_t k = 0; k < r->nfields; k++) {
			const struct vmm_idreg_field *f = &r->fields[k];
			int64_t fa = vmm_idreg_field_get(f, av), fb = vmm_idreg_field_get(f, *bv);
			bool lost;

			if (fa == fb)
				continue;
			lost = feature_reg(r->name) && fb < fa;
			unsafe += lost;
			json_object_array_add(arr, diff_entry(r->name, f->name, json_object_new_int64(fa),
							      json_object_new_int64(fb), lost, lost ?
							      "B has less than A: A's guest may use what B lacks" :
							      "B has more, or the field is not a feature level"));
		}
	}
	for (int i = 0; i < b->n; i++)
		if (!regset_get(a, b->r[i].name))
			json_object_array_add(arr, diff_entry(b->r[i].name, NULL, NULL,
							      hex64(b->r[i].value), false,
							      "A does not have this register"));
	c->result = json_object_new_object();
	add(c->result, "a", vmm_jstr(a->label));
	add(c->result, "b", vmm_jstr(b->label));
	add(c->result, "registers_compared", vmm_ju64((uint64_t)compared));
	add(c->result, "unsafe", vmm_ju64((uint64_t)unsafe));
	add(c->result, "migration_safe", vmm_jbool(!unsafe));
	add(c->result, "differences", arr);
out:
	free(a);
	return ret;
}

static int vm_regs(struct vmm_call *c)
{
	int n = 0;
	const struct vmm_val *w = vmm_arg(c, "WORDS", &n);
	char *words[64];
	struct vmm_val v = { .set = true };
	const char *why;
	struct vmm_vm *vm;

	for (int i = 0; i < n && i < 64; i++)
		words[i] = (char *)w[i].raw;
	if (!strcmp(words[0], "diff"))
		return regs_diff(c, words + 1, n - 1);
	if (!strcmp(words[0], "set")) {
		if (n < 2)
			return vmm_err(c, VMM_E_USAGE, 0, "'vm regs set' needs VM REG FIELD=VALUE...");
		v.raw = words[1];
	} else {
		if (n > 1)
			return vmm_err(c, VMM_E_USAGE, 0, "'vm regs %s' takes no more words, given '%s'",
				       words[0], words[1]);
		v.raw = words[0];
	}
	if (vmm_parse_vmid(v.raw, &v.vm, &why))
		return vmm_err(c, VMM_E_USAGE, 0, "'%s': expected a session VM (vm0), 'set' or "
			       "'diff'", v.raw);
	if (strcmp(vmm_sys_arch(c->sys), "aarch64"))
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "vm regs reads arm64 vCPUs "
			       "(KVM_GET_REG_LIST); this is %s", vmm_sys_arch(c->sys));
	vm = vmm_vm_owned(c, &v);
	if (!vm)
		return -EINVAL;
	if (vm->hv != VMM_HV_KVM)
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "%s is a Gunyah VM", v.raw);
	if (!strcmp(words[0], "set"))
		return regs_set(c, vm, v.raw, words + 2, n - 2);
	return regs_show(c, vm, v.raw);
}

/* The first word: set, diff or a VM; then VMs, registers and fields. */
static void comp_regs(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	vmm_cands_add_prefixed(out, prefix, "set");
	vmm_cands_add_prefixed(out, prefix, "diff");
	vmm_comp_session.fn(ctx, prefix, out);
	for (size_t i = 0; i < vmm_nidregs; i++)
		vmm_cands_add_prefixed(out, prefix, vmm_idregs[i].name);
}

static const struct vmm_completer comp_regs_words = { "regs", comp_regs };

const struct vmm_arg vmm_vm_regs_args[] = {
	{ "WORDS", VMM_T_STR, "VM | set VM REG FIELD=VALUE... | diff A B", NULL, &comp_regs_words,
	  VMM_ARG_MULTI | VMM_ARG_SELF_HELP },
	{ 0 }
};

const struct vmm_opt vmm_vm_regs_opts[] = {
	{ "vcpu", 0, VMM_T_U64, "N", "the vCPU (a session VM has vcpu 0)" },
	{ "id", 0, VMM_T_FLAG, NULL, "only the ID registers (the default, with the counts)" },
	{ "all", 0, VMM_T_FLAG, NULL, "every register KVM lists, with its value" },
	{ "unchecked", 0, VMM_T_FLAG, NULL, "set: skip vmmctl's checks and let KVM answer" },
	VMM_OPT_OUTPUT,
	{ 0 }
};

const struct vmm_opt vmm_vm_idregs_opts[] = {
	{ "reg", 0, VMM_T_STR, "NAME", "only this register (ID_AA64PFR0_EL1 or ID_AA64PFR0)" },
	VMM_OPT_OUTPUT,
	{ 0 }
};

int vmm_vm_regs_run(struct vmm_call *c)
{
	return vm_regs(c);
}

int vmm_vm_idregs_run(struct vmm_call *c)
{
	return vm_idregs(c);
}

/* ---- text ------------------------------------------------------------------- */

static void reg_text(json_object *r, FILE *f)
{
	json_object *fields = json_object_object_get(r, "fields");
	const char *mask = vmm_jget_str(r, "writable_mask", NULL);

	fprintf(f, "%-22s %s%s%s\n", vmm_jget_str(r, "name", "?"), vmm_jget_str(r, "value", "?"),
		mask ? "  writable " : "", mask ? mask : "");
	for (size_t i = 0; fields && i < json_object_array_length(fields); i++) {
		json_object *fl = json_object_array_get_idx(fields, i);
		uint64_t w = 0;
		bool has_w = vmm_jget_u64(fl, "writable", &w);

		fprintf(f, "  %-14s [%2s+%-2s] %4s %-12s%s\n", vmm_jget_str(fl, "name", "?"),
			vmm_jget_str(fl, "lsb", "?"), vmm_jget_str(fl, "width", "?"),
			vmm_jget_str(fl, "value", "?"), vmm_jget_str(fl, "meaning", ""),
			has_w && w ? " (writable)" : "");
	}
}

void vmm_vm_regs_text(json_object *res, FILE *f)
{
	json_object *arr, *groups;

	if (!res)
		return;
	if ((arr = json_object_object_get(res, "differences"))) {
		fprintf(f, "A %s, B %s: %s registers compared, %zu differences, %s unsafe\n",
			vmm_jget_str(res, "a", "?"), vmm_jget_str(res, "b", "?"),
			vmm_jget_str(res, "registers_compared", "0"), json_object_array_length(arr),
			vmm_jget_str(res, "unsafe", "0"));
		for (size_t i = 0; i < json_object_array_length(arr); i++) {
			json_object *d = json_object_array_get_idx(arr, i);
			uint64_t u = 0;

			vmm_jget_u64(d, "unsafe", &u);
			fprintf(f, "%s %s%s%s: A %s, B %s  %s\n", u ? "UNSAFE" : "      ",
				vmm_jget_str(d, "register", "?"),
				json_object_object_get(d, "field") ? "." : "",
				vmm_jget_str(d, "field", ""), vmm_jget_str(d, "a", "-"),
				vmm_jget_str(d, "b", "-"), vmm_jget_str(d, "reason", ""));
		}
		return;
	}
	if (json_object_object_get(res, "register")) {
		fprintf(f, "%s: was %s\n", vmm_jget_str(res, "vm", "?"), vmm_jget_str(res, "old", "?"));
		reg_text(json_object_object_get(res, "register"), f);
		return;
	}
	if ((groups = json_object_object_get(res, "groups"))) {
		fprintf(f, "%s vcpu %s: %s registers (", vmm_jget_str(res, "vm", "?"),
			vmm_jget_str(res, "vcpu", "0"), vmm_jget_str(res, "count", "0"));
		json_object_object_foreach(groups, k, v)
			fprintf(f, "%s %s ", k, json_object_get_string(v));
		fprintf(f, ")\n");
	} else if (!json_object_get_boolean(json_object_object_get(res, "initialized"))) {
		fprintf(f, "%s: no ID registers yet (KVM sets them up with the VM's first vCPU)\n",
			vmm_jget_str(res, "vm", "?"));
	}
	arr = json_object_object_get(res, "registers");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		json_object *r = json_object_array_get_idx(arr, i);

		if (json_object_object_get(r, "fields"))
			reg_text(r, f);
		else
			fprintf(f, "%-22s %s\n", vmm_jget_str(r, "name", "?"),
				vmm_jget_str(r, "value", "?"));
	}
	arr = json_object_object_get(res, "resx");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		json_object *r = json_object_array_get_idx(arr, i);

		fprintf(f, "%-22s RES0 %s RES1 %s\n", vmm_jget_str(r, "name", "?"),
			vmm_jget_str(r, "res0", "?"), vmm_jget_str(r, "res1", "?"));
	}
}
