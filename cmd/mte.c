// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mte: MTE allocation tags of session VMs (KVM_ARM_MTE_COPY_TAGS, which KVM
 * answers only for the VM's creator) and of stopped processes (ptrace):
 * enable, dump, restore, verify, show, fill, and the PROT_MTE maps of a
 * process. Ranges stream in chunks; a short copy is reported range by range
 * and exits 7. File checks and the walk live in lib/tagfile.c and lib/mte.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/parse.h"
#include "cmd/mte.h"
#include "cmd/vm.h"
#include "lib/host.h"
#include "lib/kvm.h"
#include "lib/mte.h"
#include "lib/tagfile.h"

/*
 * Bytes of memory per copy call unless --chunk says otherwise: 1 MiB moves
 * 64 KiB of tags per call. Measured in the arm64 rig (tests/arm64/checks/
 * 53-mte-bench.sh): from 256 KiB up the per-call cost disappears in the
 * per-page cost, and the buffer stays small (see vmmctl-mte(8)).
 */
#define DEFAULT_CHUNK	(1ull << 20)
#define MAX_CHUNK	(1ull << 30)
#define IO_BUF		(64u << 10)
#define PROGRESS_MIN	(64ull << 20)

enum fmt { FMT_TAGS, FMT_ELF };

/* What one command works on: a session VM or a stopped process. */
struct target {
	bool proc;
	const char *vm_name;
	struct vmm_vm *vm;
	pid_t pid;
	bool attached;
	struct vmm_mte_kvm_ctx kvm;
	struct vmm_mte_proc_ctx pctx;
	uint64_t align;		/* page size for KVM, two granules for a process */
};

struct job {
	struct vmm_call *c;
	struct target t;
	json_object *ranges;
	/* files */
	int in_fd;
	struct vmm_tagfile_hdr hdr;
	uint64_t in_base;	/* where the file's first tag goes (--at) */
	struct vmm_sys_atomic out;
	bool out_open;
	enum fmt fmt;
	uint32_t packing;
	uint32_t crc;
	uint64_t written;
	uint8_t *pack;		/* nibble packing buffer */
	/* verify */
	uint64_t mismatched;
	json_object *mismatches;
	int64_t run_tag_file, run_tag_mem;
	uint64_t run_start, run_end;
	/* show */
	json_object *runs;
	int run_tag;
	/* fill */
	uint8_t fill_tag;
	/* progress */
	uint64_t next_ns;
	bool progress;
};

static int tag_err(struct vmm_call *c, int ret, const char *what)
{
	if (ret == -EIO)
		vmm_hint(c, "KVM answers EIO to every process but the VM's creator");
	else if (ret == -EINVAL)
		vmm_hint(c, "KVM refuses unaligned ranges (host page size) and VMs without MTE");
	else if (ret == -EBUSY)
		vmm_hint(c, "KVM refuses to write tags while a memslot logs dirty pages");
	return vmm_err_sys(c, ret, "%s", what);
}

/* ---- MTE availability ------------------------------------------------------ */

static int need_kvm_mte(struct vmm_call *c, struct vmm_vm *vm, const char *name)
{
	int v;

	if (vm->hv != VMM_HV_KVM)
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "%s is a Gunyah VM: MTE tag copy "
			       "is a KVM interface", name);
	v = vmm_kvm_check_cap(c->sys, vm->fd, VMM_KVM_CAP_ARM_MTE);
	if (v <= 0) {
		vmm_hint(c, "KVM offers MTE to guests only on arm64 hosts with MTE, and not "
			 "under pKVM");
		return vmm_err(c, VMM_E_NOTSUP, v < 0 ? -v : EOPNOTSUPP, "not supported: "
			       "KVM_CAP_ARM_MTE is %s on this host", v < 0 ? "unknown" : "0");
	}
	return 0;
}

int vmm_mte_enable_vm(struct vmm_call *c, struct vmm_vm *vm, const char *name)
{
	json_object *op;
	int ret;

	ret = need_kvm_mte(c, vm, name);
	if (ret)
		return ret;
	if (vm->vcpu_fd >= 0)
		return vmm_err(c, VMM_E_BUSY, EBUSY, "%s has a vCPU: KVM enables MTE only "
			       "before the first vCPU is created", name);
	if (vmm_dry_run(c)) {
		op = json_object_new_object();
		json_object_object_add(op, "ioctl", vmm_jstr("KVM_ENABLE_CAP"));
		json_object_object_add(op, "request", vmm_jhex(VMM_KVM_ENABLE_CAP));
		json_object_object_add(op, "cap", json_object_new_int(VMM_KVM_CAP_ARM_MTE));
		json_object_object_add(op, "flags", json_object_new_int(0));
		vmm_dry_op(c, op);
		return 0;
	}
	if (vm->mte)
		return 0;
	ret = vmm_kvm_enable_cap(c->sys, vm->fd, VMM_KVM_CAP_ARM_MTE, 0);
	if (ret < 0) {
		vmm_hint(c, "KVM refuses MTE after vCPUs exist or with a guest_memfd slot");
		return vmm_err_sys(c, ret, "KVM_ENABLE_CAP(KVM_CAP_ARM_MTE) on %s", name);
	}
	vm->mte = true;
	return 0;
}

static int need_proc_mte(struct vmm_call *c)
{
	uint64_t hwcap2 = 0;

	vmm_host_hwcap2(c->sys, &hwcap2);
	vmm_sys_clear(c->sys);
	if (!(hwcap2 & VMM_HWCAP2_MTE)) {
		vmm_hint(c, "process tags need an arm64 CPU with MTE and CONFIG_ARM64_MTE");
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "not supported: HWCAP2_MTE is not "
			       "set on this host");
	}
	return 0;
}

/* ---- targets ----------------------------------------------------------------- */

/*
 * The first positional is a session VM, or with --pid absent; range_arg
 * says whether a RANGE follows. Fills t and *range.
 */
static int get_target(struct vmm_call *c, struct target *t, bool want_range,
		      struct vmm_range *range)
{
	const struct vmm_val *pid = vmm_opt(c, "pid"), *vm = vmm_arg(c, "VM", NULL);
	const struct vmm_val *rg = vmm_arg(c, "RANGE", NULL);
	const char *rtext = NULL, *why = NULL;
	struct vmm_val v = { 0 };
	int ret;

	memset(t, 0, sizeof(*t));
	if (pid) {
		if (pid->u == 0 || pid->u > INT32_MAX)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--pid %s: expected a process "
				       "id", pid->raw);
		if (vm && rg)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: with --pid give no VM",
				       vm->raw);
		if (vm && !want_range)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: with --pid give no VM",
				       vm->raw);
		rtext = vm ? vm->raw : NULL;
		t->proc = true;
		t->pid = (pid_t)pid->u;
		t->pctx = (struct vmm_mte_proc_ctx){ c->sys, t->pid };
		t->align = 2 * VMM_MTE_GRANULE;
		ret = need_proc_mte(c);
		if (ret)
			return ret;
	} else {
		if (!vm)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "missing VM (a session VM such "
				       "as vm0), or --pid PID for a process");
		if (vmm_parse_vmid(vm->raw, &v.vm, &why))
			return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: %s; expected a session VM "
				       "(vm0)", vm->raw, why);
		v.raw = vm->raw;
		t->vm = vmm_vm_owned(c, &v);
		if (!t->vm)
			return -EINVAL;
		t->vm_name = vm->raw;
		ret = need_kvm_mte(c, t->vm, vm->raw);
		if (ret)
			return ret;
		if (!t->vm->mte) {
			vmm_hint(c, "'mte enable %s' (or 'vm create --mte') before any vCPU",
				 vm->raw);
			return vmm_err(c, VMM_E_FAILED, EINVAL, "MTE is not enabled on %s",
				       vm->raw);
		}
		t->kvm = (struct vmm_mte_kvm_ctx){ c->sys, t->vm->fd };
		t->align = vmm_page_size();
		rtext = rg ? rg->raw : NULL;
	}
	if (!want_range)
		return 0;
	if (!rtext)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "missing RANGE (START-END or START+SIZE)");
	if (vmm_parse_range(rtext, range, &why))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: %s; expected %s", rtext, why,
			       vmm_type_expect(VMM_T_RANGE));
	if (range->end <= range->start)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: empty range", rtext);
	if (range->start % t->align || range->end % t->align)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: start and end must be multiples of "
			       "%" PRIu64 " (%s)", rtext, t->align,
			       t->proc ? "two granules" : "the host page size");
	return 0;
}

/* A process range must lie in PROT_MTE mappings; the error names the mapping. */
static int check_proc_range(struct vmm_call *c, pid_t pid, uint64_t start, uint64_t end)
{
	struct vmm_mte_map *m = NULL;
	uint64_t pos = start;
	int n, i, ret = 0;

	n = vmm_mte_read_maps(c->sys, pid, &m);
	if (n < 0)
		return vmm_err_sys(c, n, "cannot read the mappings of process %d", (int)pid);
	while (pos < end && !ret) {
		for (i = 0; i < n; i++)
			if (m[i].start <= pos && pos < m[i].end)
				break;
		if (i == n) {
			ret = vmm_err(c, VMM_E_USAGE, EFAULT, "0x%" PRIx64 " is not mapped in "
				      "process %d", pos, (int)pid);
		} else if (!m[i].mte) {
			vmm_hint(c, "'mte maps --pid %d' lists the PROT_MTE mappings", (int)pid);
			ret = vmm_err(c, VMM_E_USAGE, EINVAL, "0x%" PRIx64 " is in mapping "
				      "0x%" PRIx64 "-0x%" PRIx64 " %s %s, which is not mapped with "
				      "PROT_MTE (no 'mt' in its VmFlags)", pos, m[i].start,
				      m[i].end, m[i].perms, *m[i].path ? m[i].path : "[anon]");
		}
		if (i < n)
			pos = m[i].end;
	}
	free(m);
	return ret;
}

static int attach(struct job *j)
{
	int ret;

	if (!j->t.proc)
		return 0;
	ret = vmm_sys_ptrace_stop(j->c->sys, j->t.pid);
	if (ret) {
		vmm_hint(j->c, "ptrace needs the same user and a permissive "
			 "kernel.yama.ptrace_scope, or CAP_SYS_PTRACE");
		return vmm_err_sys(j->c, ret, "cannot stop process %d", (int)j->t.pid);
	}
	j->t.attached = true;
	return 0;
}

static void detach(struct job *j)
{
	if (j->t.attached)
		vmm_sys_ptrace_detach(j->c->sys, j->t.pid);
	j->t.attached = false;
}

static uint64_t chunk_size(struct vmm_call *c, const struct target *t, int *ret)
{
	const struct vmm_val *v = vmm_opt(c, "chunk");
	uint64_t page = vmm_page_size();

	*ret = 0;
	if (!v)
		return DEFAULT_CHUNK;
	if (!v->u || v->u % page || v->u > MAX_CHUNK) {
		*ret = vmm_err(c, VMM_E_USAGE, EINVAL, "--chunk %s: expected a multiple of the "
			       "page size (%" PRIu64 ") up to 1G", v->raw, page);
		return 0;
	}
	(void)t;
	return v->u;
}

/* ---- the walk's callbacks ----------------------------------------------------- */

static int on_range(void *arg, uint64_t start, uint64_t end, bool copied)
{
	struct job *j = arg;
	json_object *r = json_object_new_object();

	json_object_object_add(r, "start", vmm_jhex(start));
	json_object_object_add(r, "end", vmm_jhex(end));
	json_object_object_add(r, "copied", vmm_jbool(copied));
	json_object_array_add(j->ranges, r);
	return 0;
}

static void on_progress(void *arg, uint64_t done, uint64_t total)
{
	struct job *j = arg;
	uint64_t now;

	if (!j->progress)
		return;
	now = vmm_sys_now_ns();
	if (now < j->next_ns && done < total)
		return;
	j->next_ns = now + 500000000ull;
	fprintf(stderr, "\rvmmctl: mte %s: %" PRIu64 " of %" PRIu64 " MiB%s", j->c->cmd->name,
		done >> 20, total >> 20, done == total ? "\n" : "");
}

static int take_dump(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags)
{
	struct job *j = arg;
	size_t n = len / VMM_MTE_GRANULE;
	const uint8_t *out = tags;
	int ret;

	(void)addr;
	if (j->packing == VMM_TAG_PACK_NIBBLE) {
		vmm_tag_pack(tags, n, j->pack);
		out = j->pack;
		n /= 2;
	}
	j->crc = vmm_crc32(j->crc, out, n);
	ret = vmm_sys_atomic_write(j->c->sys, &j->out, out, n);
	j->written += n;
	return ret;
}

/* Reads the file's tags for [addr, addr + len) of the target into tags. */
static int read_tags(struct job *j, uint64_t addr, uint64_t len, uint8_t *tags)
{
	uint64_t g = (addr - j->in_base) / VMM_MTE_GRANULE, n = len / VMM_MTE_GRANULE;
	bool nib = j->hdr.packing == VMM_TAG_PACK_NIBBLE;
	uint8_t *dst = nib ? j->pack : tags;
	uint64_t off = VMM_TAGFILE_HDR_SIZE + (nib ? g / 2 : g), want = nib ? n / 2 : n;
	ssize_t got;

	while (want) {
		got = vmm_sys_pread(j->c->sys, j->in_fd, dst, want, (off_t)off, "tag file");
		if (got < 0)
			return (int)got;
		if (!got)
			return vmm_sys_fail(j->c->sys, EIO, "read", "tag file");
		dst += got;
		off += (uint64_t)got;
		want -= (uint64_t)got;
	}
	if (nib)
		vmm_tag_unpack(j->pack, n / 2, tags);
	return 0;
}

static int fill_restore(void *arg, uint64_t addr, uint64_t len, uint8_t *tags)
{
	return read_tags(arg, addr, len, tags);
}

static int fill_const(void *arg, uint64_t addr, uint64_t len, uint8_t *tags)
{
	struct job *j = arg;

	(void)addr;
	memset(tags, j->fill_tag, len / VMM_MTE_GRANULE);
	return 0;
}

static void mismatch_flush(struct job *j)
{
	json_object *r;

	if (j->run_tag_file < 0)
		return;
	r = json_object_new_object();
	json_object_object_add(r, "start", vmm_jhex(j->run_start));
	json_object_object_add(r, "end", vmm_jhex(j->run_end));
	json_object_object_add(r, "granules", vmm_ju64((j->run_end - j->run_start) /
						      VMM_MTE_GRANULE));
	json_object_object_add(r, "file_tag", json_object_new_int((int)j->run_tag_file));
	json_object_object_add(r, "memory_tag", json_object_new_int((int)j->run_tag_mem));
	json_object_array_add(j->mismatches, r);
	j->run_tag_file = -1;
}

/* Mismatching granules, as runs of the same (file tag, memory tag) pair. */
static int take_verify(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags)
{
	struct job *j = arg;
	uint64_t n = len / VMM_MTE_GRANULE;
	uint8_t *want = malloc(n);
	int ret;

	if (!want)
		return -ENOMEM;
	ret = read_tags(j, addr, len, want);
	for (uint64_t i = 0; !ret && i < n; i++) {
		uint64_t a = addr + i * VMM_MTE_GRANULE;
		int f = want[i] & 0xf, m = tags[i] & 0xf;

		if (f == m)
			continue;
		j->mismatched++;
		if (j->run_tag_file == f && j->run_tag_mem == m && j->run_end == a) {
			j->run_end = a + VMM_MTE_GRANULE;
			continue;
		}
		mismatch_flush(j);
		j->run_tag_file = f;
		j->run_tag_mem = m;
		j->run_start = a;
		j->run_end = a + VMM_MTE_GRANULE;
	}
	free(want);
	return ret;
}

static void show_flush(struct job *j)
{
	json_object *r;

	if (j->run_tag < 0)
		return;
	r = json_object_new_object();
	json_object_object_add(r, "start", vmm_jhex(j->run_start));
	json_object_object_add(r, "end", vmm_jhex(j->run_end));
	json_object_object_add(r, "tag", json_object_new_int(j->run_tag));
	json_object_array_add(j->runs, r);
	j->run_tag = -1;
}

static int take_show(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags)
{
	struct job *j = arg;

	for (uint64_t i = 0; i < len / VMM_MTE_GRANULE; i++) {
		uint64_t a = addr + i * VMM_MTE_GRANULE;

		if (j->run_tag == (tags[i] & 0xf) && j->run_end == a) {
			j->run_end = a + VMM_MTE_GRANULE;
			continue;
		}
		show_flush(j);
		j->run_tag = tags[i] & 0xf;
		j->run_start = a;
		j->run_end = a + VMM_MTE_GRANULE;
	}
	return 0;
}

/* ---- common walk and result ---------------------------------------------------- */

static int walk(struct job *j, struct vmm_mte_walk *w, uint64_t start, uint64_t end,
		uint64_t chunk)
{
	int ret;

	w->copy = j->t.proc ? vmm_mte_proc_copy_fn : vmm_mte_kvm_copy_fn;
	w->ctx = j->t.proc ? (void *)&j->t.pctx : (void *)&j->t.kvm;
	/* KVM: a page without a slot is EFAULT; ptrace: EIO when nothing moved */
	w->hole_err = j->t.proc ? EIO : EFAULT;
	w->chunk = chunk;
	w->step = vmm_page_size();
	w->range = on_range;
	w->progress = on_progress;
	w->arg = j;
	j->ranges = json_object_new_array();
	j->progress = !j->c->opts.quiet && end - start >= PROGRESS_MIN && vmm_sys_isatty(2);
	if (j->t.proc && (chunk % j->t.align || start % w->step))
		w->step = j->t.align;
	ret = vmm_mte_walk(w, start, end);
	if (j->progress && ret)
		fputc('\n', stderr);
	return ret;
}

static json_object *base_result(struct job *j, uint64_t start, uint64_t end)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "source", vmm_jstr(j->t.proc ? "process" : "kvm"));
	if (j->t.proc)
		json_object_object_add(o, "pid", json_object_new_int(j->t.pid));
	else
		json_object_object_add(o, "vm", vmm_jstr(j->t.vm_name));
	json_object_object_add(o, "start", vmm_jhex(start));
	json_object_object_add(o, "end", vmm_jhex(end));
	json_object_object_add(o, "length", vmm_ju64(end - start));
	return o;
}

static void walk_result(json_object *o, struct job *j, const struct vmm_mte_walk *w)
{
	json_object_object_add(o, "chunk", vmm_ju64(w->chunk));
	json_object_object_add(o, "calls", vmm_ju64(w->calls));
	json_object_object_add(o, "copied", vmm_ju64(w->copied));
	json_object_object_add(o, "missing", vmm_ju64(w->missing));
	json_object_object_add(o, "ranges", j->ranges);
	j->ranges = NULL;
}

/* A partial copy is never a success: the result stays, the exit status is 7. */
static int partial(struct vmm_call *c, const struct vmm_mte_walk *w, const char *what)
{
	vmm_hint(c, "the result lists every copied and not copied range; a KVM range "
		 "must be backed by memslots");
	return vmm_err(c, VMM_E_PARTIAL, EFAULT, "partial %s: tags of %" PRIu64 " of %"
		       PRIu64 " bytes copied, %" PRIu64 " bytes not copied", what, w->copied,
		       w->copied + w->missing, w->missing);
}

static void job_free(struct job *j)
{
	detach(j);
	if (j->out_open)
		vmm_sys_atomic_abort(&j->out);
	if (j->in_fd > 0)
		vmm_sys_close(j->in_fd);
	json_object_put(j->ranges);
	json_object_put(j->mismatches);
	json_object_put(j->runs);
	free(j->pack);
}

/* ---- mte enable ------------------------------------------------------------------ */

static int mte_enable(struct vmm_call *c)
{
	const struct vmm_val *v = vmm_arg(c, "VM", NULL);
	struct vmm_vm *vm = vmm_vm_owned(c, v);
	int ret;

	if (!vm)
		return -EINVAL;
	ret = vmm_mte_enable_vm(c, vm, v->raw);
	if (ret || vmm_dry_run(c))
		return ret;
	c->result = json_object_new_object();
	json_object_object_add(c->result, "vm", vmm_jstr(v->raw));
	json_object_object_add(c->result, "mte", vmm_jbool(true));
	return 0;
}

/* ---- mte dump -------------------------------------------------------------------- */

static const char *const fmt_choices[] = { "tags", "elf-core", NULL };
static const char *const pack_choices[] = { "byte", "nibble", NULL };

static int mte_dump(struct vmm_call *c)
{
	const struct vmm_val *out = vmm_opt(c, "out"), *fmt = vmm_opt(c, "format");
	const struct vmm_val *pk = vmm_opt(c, "packing");
	struct vmm_mte_walk w = { 0 };
	struct job j = { .c = c };
	struct vmm_tagfile_hdr h = { 0 };
	uint8_t hdr[VMM_TAGFILE_ELF_HDR_SIZE > VMM_TAGFILE_HDR_SIZE ?
		    VMM_TAGFILE_ELF_HDR_SIZE : VMM_TAGFILE_HDR_SIZE];
	struct vmm_range r;
	uint64_t chunk;
	size_t hlen;
	int ret;

	ret = get_target(c, &j.t, true, &r);
	if (ret)
		return ret;
	if (!out)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "missing --out FILE");
	chunk = chunk_size(c, &j.t, &ret);
	if (ret)
		return ret;
	j.fmt = fmt && fmt->idx == 1 ? FMT_ELF : FMT_TAGS;
	j.packing = j.fmt == FMT_ELF || (pk && pk->idx == 1) ? VMM_TAG_PACK_NIBBLE :
		    VMM_TAG_PACK_BYTE;
	if (j.fmt == FMT_ELF && pk && pk->idx == 0)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--packing byte: the ELF core form "
			       "packs two tags per byte");
	if (j.t.proc) {
		ret = check_proc_range(c, j.t.pid, r.start, r.end);
		if (ret)
			return ret;
	}
	j.pack = malloc(chunk / VMM_MTE_GRANULE / 2);
	if (!j.pack)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	ret = vmm_sys_atomic_open(c->sys, out->raw, &j.out);
	if (ret) {
		ret = vmm_err_sys(c, ret, "cannot create %s", out->raw);
		goto out;
	}
	j.out_open = true;
	/* the header's CRC is known at the end: room first, the bytes last */
	hlen = j.fmt == FMT_ELF ? VMM_TAGFILE_ELF_HDR_SIZE : VMM_TAGFILE_HDR_SIZE;
	memset(hdr, 0, sizeof(hdr));
	ret = vmm_sys_atomic_write(c->sys, &j.out, hdr, hlen);
	if (!ret)
		ret = attach(&j);
	if (ret)
		goto out;
	w.take = take_dump;
	ret = walk(&j, &w, r.start, r.end, chunk);
	detach(&j);
	if (ret) {
		ret = ret == -EFAULT || ret == -EINVAL || ret == -EIO || ret == -EBUSY ||
		      ret == -ENOTTY ? tag_err(c, ret, "cannot read tags") :
		      vmm_err_sys(c, ret, "cannot write %s", out->raw);
		goto out;
	}
	c->result = base_result(&j, r.start, r.end);
	json_object_object_add(c->result, "file", vmm_jstr(out->raw));
	json_object_object_add(c->result, "format", vmm_jstr(fmt_choices[j.fmt]));
	json_object_object_add(c->result, "packing", vmm_jstr(pack_choices[j.packing - 1]));
	walk_result(c->result, &j, &w);
	if (w.missing) {
		/* never a file that looks whole: the old file (if any) stays */
		ret = partial(c, &w, "dump (no file written)");
		goto out;
	}
	json_object_object_add(c->result, "tag_bytes", vmm_ju64(j.written));
	json_object_object_add(c->result, "crc32", vmm_jhex(j.crc));
	if (j.fmt == FMT_ELF) {
		vmm_tagfile_elf_header(r.start, r.end - r.start, hdr);
	} else {
		h = (struct vmm_tagfile_hdr){
			.version = VMM_TAGFILE_VERSION,
			.source = j.t.proc ? VMM_TAG_SRC_PROC : VMM_TAG_SRC_KVM,
			.packing = j.packing, .granule = VMM_MTE_GRANULE,
			.page_size = (uint32_t)vmm_page_size(), .base = r.start,
			.length = r.end - r.start, .payload_size = j.written, .crc = j.crc,
		};
		vmm_tagfile_encode(&h, hdr);
	}
	ret = vmm_sys_atomic_pwrite(c->sys, &j.out, hdr, hlen, 0);
	if (!ret)
		ret = vmm_sys_atomic_commit(c->sys, &j.out);
	j.out_open = false;
	if (ret) {
		json_object_put(c->result);
		c->result = NULL;
		ret = vmm_err_sys(c, ret, "cannot write %s", out->raw);
	}
out:
	job_free(&j);
	return ret;
}

/* ---- reading a tag file ------------------------------------------------------------ */

static const char *source_name(uint32_t s)
{
	return s == VMM_TAG_SRC_KVM ? "kvm" : "process";
}

/* Opens and checks the whole file (header, sizes, CRC) before any kernel call. */
static int open_tagfile(struct job *j, const char *path)
{
	struct vmm_call *c = j->c;
	uint8_t buf[IO_BUF];
	const char *why = NULL;
	uint64_t off, left;
	uint32_t crc = 0;
	off_t size;
	ssize_t n;
	int ret;

	ret = vmm_sys_open_user(c->sys, path, O_RDONLY);
	if (ret < 0)
		return vmm_err_sys(c, ret, "cannot open %s", path);
	j->in_fd = ret;
	ret = vmm_sys_fsize(c->sys, j->in_fd, &size, path);
	if (ret)
		return vmm_err_sys(c, ret, "cannot stat %s", path);
	n = size < VMM_TAGFILE_HDR_SIZE ? 0 :
	    vmm_sys_pread(c->sys, j->in_fd, buf, VMM_TAGFILE_HDR_SIZE, 0, path);
	if (n < 0)
		return vmm_err_sys(c, (int)n, "cannot read %s", path);
	if (vmm_tagfile_decode(buf, (size_t)n, (uint64_t)size, &j->hdr, &why))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: %s", path, why);
	for (off = VMM_TAGFILE_HDR_SIZE, left = j->hdr.payload_size; left; ) {
		n = vmm_sys_pread(c->sys, j->in_fd, buf, left < sizeof(buf) ? left : sizeof(buf),
				  (off_t)off, path);
		if (n < 0)
			return vmm_err_sys(c, (int)n, "cannot read %s", path);
		if (!n)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: truncated while reading",
				       path);
		crc = vmm_crc32(crc, buf, (size_t)n);
		off += (uint64_t)n;
		left -= (uint64_t)n;
	}
	if (crc != j->hdr.crc)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: payload CRC mismatch (file says "
			       "0x%08x, payload is 0x%08x): corrupted", path, j->hdr.crc, crc);
	return 0;
}

/* The file's source must be the target's; --at moves the base. */
static int place_file(struct job *j, uint64_t *start, uint64_t *end)
{
	const struct vmm_val *at = vmm_opt(j->c, "at");
	struct vmm_call *c = j->c;
	bool want_proc = j->hdr.source == VMM_TAG_SRC_PROC;

	if (want_proc != j->t.proc)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "the file holds %s tags; the target "
			       "is a %s", source_name(j->hdr.source),
			       j->t.proc ? "process" : "VM");
	if (!j->t.proc && j->hdr.length % vmm_page_size())
		return vmm_err(c, VMM_E_USAGE, EINVAL, "the file covers %" PRIu64 " bytes, "
			       "not a multiple of this host's page size", j->hdr.length);
	j->in_base = at ? at->u : j->hdr.base;
	if (j->in_base % j->t.align)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--at %s: expected a multiple of %"
			       PRIu64, at->raw, j->t.align);
	if (j->in_base + j->hdr.length < j->in_base)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--at %s: the range wraps", at->raw);
	*start = j->in_base;
	*end = j->in_base + j->hdr.length;
	return 0;
}

static int prepare_in(struct job *j, uint64_t *start, uint64_t *end, uint64_t *chunk)
{
	const struct vmm_val *in = vmm_opt(j->c, "input");
	int ret;

	ret = get_target(j->c, &j->t, false, NULL);
	if (ret)
		return ret;
	if (!in)
		return vmm_err(j->c, VMM_E_USAGE, EINVAL, "missing --input FILE");
	*chunk = chunk_size(j->c, &j->t, &ret);
	if (ret)
		return ret;
	ret = open_tagfile(j, in->raw);
	if (!ret)
		ret = place_file(j, start, end);
	if (!ret && j->t.proc)
		ret = check_proc_range(j->c, j->t.pid, *start, *end);
	if (ret)
		return ret;
	j->pack = malloc(*chunk / VMM_MTE_GRANULE / 2);
	if (!j->pack)
		return vmm_err(j->c, VMM_E_FAILED, ENOMEM, "out of memory");
	return 0;
}

static json_object *copy_op(const struct job *j, uint64_t start, uint64_t end, uint64_t chunk,
			    const char *dir)
{
	json_object *op = json_object_new_object();

	if (j->t.proc) {
		json_object_object_add(op, "ptrace", vmm_jstr("PTRACE_POKEMTETAGS"));
		json_object_object_add(op, "pid", json_object_new_int(j->t.pid));
		json_object_object_add(op, "addr", vmm_jhex(start));
	} else {
		json_object_object_add(op, "ioctl", vmm_jstr("KVM_ARM_MTE_COPY_TAGS"));
		json_object_object_add(op, "request", vmm_jhex(VMM_KVM_ARM_MTE_COPY_TAGS));
		json_object_object_add(op, "vm", vmm_jstr(j->t.vm_name));
		json_object_object_add(op, "guest_ipa", vmm_jhex(start));
		json_object_object_add(op, "flags", vmm_jstr(dir));
	}
	json_object_object_add(op, "length", vmm_ju64(end - start));
	json_object_object_add(op, "chunk", vmm_ju64(chunk));
	json_object_object_add(op, "calls", vmm_ju64((end - start + chunk - 1) / chunk));
	return op;
}

/* ---- mte restore, verify ---------------------------------------------------------- */

static int mte_restore(struct vmm_call *c)
{
	struct vmm_mte_walk w = { 0 };
	struct job j = { .c = c };
	uint64_t start = 0, end = 0, chunk = 0;
	int ret;

	ret = prepare_in(&j, &start, &end, &chunk);
	if (ret)
		goto out;
	if (vmm_dry_run(c)) {
		json_object *op = copy_op(&j, start, end, chunk, "to_guest");

		json_object_object_add(op, "file", vmm_jstr(vmm_opt(c, "input")->raw));
		json_object_object_add(op, "crc32", vmm_jhex(j.hdr.crc));
		vmm_dry_op(c, op);
		goto out;
	}
	ret = attach(&j);
	if (ret)
		goto out;
	w.to_target = true;
	w.fill = fill_restore;
	ret = walk(&j, &w, start, end, chunk);
	detach(&j);
	if (ret) {
		ret = tag_err(c, ret, "cannot write tags");
		goto out;
	}
	c->result = base_result(&j, start, end);
	json_object_object_add(c->result, "file", vmm_jstr(vmm_opt(c, "input")->raw));
	walk_result(c->result, &j, &w);
	if (w.missing)
		ret = partial(c, &w, "restore");
out:
	job_free(&j);
	return ret;
}

static int mte_verify(struct vmm_call *c)
{
	struct vmm_mte_walk w = { 0 };
	struct job j = { .c = c, .run_tag_file = -1 };
	uint64_t start = 0, end = 0, chunk = 0;
	int ret;

	ret = prepare_in(&j, &start, &end, &chunk);
	if (!ret)
		ret = attach(&j);
	if (ret)
		goto out;
	j.mismatches = json_object_new_array();
	w.take = take_verify;
	ret = walk(&j, &w, start, end, chunk);
	detach(&j);
	if (ret) {
		ret = tag_err(c, ret, "cannot read tags");
		goto out;
	}
	mismatch_flush(&j);
	c->result = base_result(&j, start, end);
	json_object_object_add(c->result, "file", vmm_jstr(vmm_opt(c, "input")->raw));
	json_object_object_add(c->result, "granules", vmm_ju64((end - start) / VMM_MTE_GRANULE));
	json_object_object_add(c->result, "mismatched_granules", vmm_ju64(j.mismatched));
	json_object_object_add(c->result, "match", vmm_jbool(!j.mismatched && !w.missing));
	json_object_object_add(c->result, "mismatches", j.mismatches);
	j.mismatches = NULL;
	walk_result(c->result, &j, &w);
	if (w.missing)
		ret = partial(c, &w, "verify");
	else if (j.mismatched)
		ret = vmm_err(c, VMM_E_FAILED, 0, "%" PRIu64 " granules differ from the file",
			      j.mismatched);
out:
	job_free(&j);
	return ret;
}

/* ---- mte show, fill -------------------------------------------------------------- */

static int mte_show(struct vmm_call *c)
{
	struct vmm_mte_walk w = { 0 };
	struct job j = { .c = c, .run_tag = -1 };
	struct vmm_range r;
	uint64_t chunk;
	int ret;

	ret = get_target(c, &j.t, true, &r);
	if (ret)
		return ret;
	chunk = chunk_size(c, &j.t, &ret);
	if (!ret && j.t.proc)
		ret = check_proc_range(c, j.t.pid, r.start, r.end);
	if (!ret)
		ret = attach(&j);
	if (ret)
		goto out;
	j.runs = json_object_new_array();
	w.take = take_show;
	ret = walk(&j, &w, r.start, r.end, chunk);
	detach(&j);
	if (ret) {
		ret = tag_err(c, ret, "cannot read tags");
		goto out;
	}
	show_flush(&j);
	c->result = base_result(&j, r.start, r.end);
	json_object_object_add(c->result, "granule", json_object_new_int(VMM_MTE_GRANULE));
	json_object_object_add(c->result, "runs", j.runs);
	j.runs = NULL;
	walk_result(c->result, &j, &w);
	if (w.missing)
		ret = partial(c, &w, "read");
out:
	job_free(&j);
	return ret;
}

static int mte_fill(struct vmm_call *c)
{
	const struct vmm_val *tag = vmm_arg(c, "TAG", NULL);
	struct vmm_mte_walk w = { 0 };
	struct job j = { .c = c };
	struct vmm_range r;
	uint64_t chunk;
	int ret;

	if (tag->u > 15)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: expected a tag from 0 to 15",
			       tag->raw);
	ret = get_target(c, &j.t, true, &r);
	if (ret)
		return ret;
	chunk = chunk_size(c, &j.t, &ret);
	if (!ret && j.t.proc)
		ret = check_proc_range(c, j.t.pid, r.start, r.end);
	if (ret)
		return ret;
	j.fill_tag = (uint8_t)tag->u;
	if (vmm_dry_run(c)) {
		json_object *op = copy_op(&j, r.start, r.end, chunk, "to_guest");

		json_object_object_add(op, "tag", json_object_new_int(j.fill_tag));
		vmm_dry_op(c, op);
		return 0;
	}
	ret = attach(&j);
	if (ret)
		goto out;
	w.to_target = true;
	w.fill = fill_const;
	ret = walk(&j, &w, r.start, r.end, chunk);
	detach(&j);
	if (ret) {
		ret = tag_err(c, ret, "cannot write tags");
		goto out;
	}
	c->result = base_result(&j, r.start, r.end);
	json_object_object_add(c->result, "tag", json_object_new_int(j.fill_tag));
	walk_result(c->result, &j, &w);
	if (w.missing)
		ret = partial(c, &w, "fill");
out:
	job_free(&j);
	return ret;
}

/* ---- mte maps ---------------------------------------------------------------------- */

static int mte_maps(struct vmm_call *c)
{
	const struct vmm_val *pid = vmm_opt(c, "pid");
	struct vmm_mte_map *m = NULL;
	int n, ret;

	if (!pid)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "missing --pid PID");
	if (pid->u == 0 || pid->u > INT32_MAX)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--pid %s: expected a process id",
			       pid->raw);
	ret = need_proc_mte(c);
	if (ret)
		return ret;
	n = vmm_mte_read_maps(c->sys, (pid_t)pid->u, &m);
	if (n < 0)
		return vmm_err_sys(c, n, "cannot read the mappings of process %s", pid->raw);
	c->result = json_object_new_array();
	for (int i = 0; i < n; i++) {
		json_object *o;

		if (!m[i].mte)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "start", vmm_jhex(m[i].start));
		json_object_object_add(o, "end", vmm_jhex(m[i].end));
		json_object_object_add(o, "size", vmm_ju64(m[i].end - m[i].start));
		json_object_object_add(o, "perms", vmm_jstr(m[i].perms));
		if (*m[i].path)
			json_object_object_add(o, "path", vmm_jstr(m[i].path));
		json_object_array_add(c->result, o);
	}
	free(m);
	return 0;
}

/* ---- show as text: a hexdump of tags, one hex digit per granule ------------------- */

#define LINE_G	64	/* granules per line: 1 KiB of memory */

static uint64_t hexu(json_object *o, const char *key)
{
	return strtoull(json_object_get_string(json_object_object_get(o, key)), NULL, 16);
}

static void mte_show_text(json_object *res, FILE *f)
{
	json_object *runs = json_object_object_get(res, "runs");
	uint64_t start = hexu(res, "start"), end = hexu(res, "end");
	size_t nruns = json_object_array_length(runs), ri = 0;
	char line[LINE_G + LINE_G / 16 + 1], prev[sizeof(line)] = "";
	bool star = false;

	fprintf(f, "%s %s: tags of 0x%" PRIx64 "-0x%" PRIx64 ", one hex digit per 16 bytes, "
		"'-' not copied\n", json_object_get_string(json_object_object_get(res, "source")),
		json_object_get_string(json_object_object_get(res, json_object_object_get(res,
		"vm") ? "vm" : "pid")), start, end);
	for (uint64_t a = start; a < end; a += LINE_G * VMM_MTE_GRANULE) {
		size_t k = 0;

		for (int g = 0; g < LINE_G; g++) {
			uint64_t ga = a + (uint64_t)g * VMM_MTE_GRANULE;
			json_object *r;

			if (g && !(g % 16))
				line[k++] = ' ';
			if (ga >= end) {
				line[k++] = ' ';
				continue;
			}
			while (ri < nruns && hexu(json_object_array_get_idx(runs, ri), "end") <= ga)
				ri++;
			r = ri < nruns ? json_object_array_get_idx(runs, ri) : NULL;
			if (r && hexu(r, "start") <= ga)
				line[k++] = "0123456789abcdef"[json_object_get_int(
					json_object_object_get(r, "tag")) & 0xf];
			else
				line[k++] = '-';
		}
		line[k] = '\0';
		/* like hexdump: a run of identical lines is one line and a '*' */
		if (!strcmp(line, prev) && a + LINE_G * VMM_MTE_GRANULE < end) {
			if (!star)
				fprintf(f, "*\n");
			star = true;
			continue;
		}
		star = false;
		memcpy(prev, line, sizeof(line));
		fprintf(f, "0x%012" PRIx64 "  %s\n", a, line);
	}
}

/* ---- the table ----------------------------------------------------------------------- */

#define OPT_PID { "pid", 0, VMM_T_U64, "PID", "a process (stopped with ptrace while its " \
		  "tags move) instead of a VM" }
#define OPT_CHUNK { "chunk", 0, VMM_T_SIZE, "SIZE", "bytes of memory per copy call " \
		    "(default 1M)" }

static const struct vmm_arg enable_args[] = {
	{ "VM", VMM_T_VM, "a VM this session created (vm0, vm1, ...)", NULL, &vmm_comp_session,
	  VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_arg range_args[] = {
	{ "VM", VMM_T_STR, "a session VM (vm0); with --pid, leave it out", NULL,
	  &vmm_comp_session, VMM_ARG_SELF_HELP },
	{ "RANGE", VMM_T_RANGE, "addresses: guest IPAs, or with --pid the process's",
	  NULL, NULL, VMM_ARG_OPTIONAL },
	{ 0 }
};

static const struct vmm_arg file_args[] = {
	{ "VM", VMM_T_STR, "a session VM (vm0); with --pid, leave it out", NULL,
	  &vmm_comp_session, VMM_ARG_OPTIONAL | VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_arg fill_args[] = {
	{ "VM", VMM_T_STR, "a VM this session created (vm0, vm1, ...)", NULL,
	  &vmm_comp_session, VMM_ARG_SELF_HELP },
	{ "RANGE", VMM_T_RANGE, "guest IPAs, page aligned" },
	{ "TAG", VMM_T_U64, "the tag, 0 to 15", NULL, NULL, VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_opt fill_opts[] = {
	OPT_CHUNK,
	{ 0 }
};


static const struct vmm_opt dump_opts[] = {
	{ "out", 'o', VMM_T_PATH, "FILE", "file to write (atomically)", NULL, &vmm_comp_file },
	{ "format", 0, VMM_T_ENUM, "FORMAT", "tags (vmmctl's tag file, default) or elf-core "
	  "(PT_AARCH64_MEMTAG_MTE for GDB)", fmt_choices },
	{ "packing", 0, VMM_T_ENUM, "PACKING", "tags file: byte (one tag per byte, default) "
	  "or nibble (two per byte)", pack_choices },
	OPT_PID,
	OPT_CHUNK,
	{ 0 }
};

static const struct vmm_opt in_opts[] = {
	{ "input", 'I', VMM_T_PATH, "FILE", "a tag file written by mte dump", NULL,
	  &vmm_comp_file },
	{ "at", 0, VMM_T_ADDR, "ADDR", "where the file's first tag goes (default: the "
	  "address it was dumped from)" },
	OPT_PID,
	OPT_CHUNK,
	{ 0 }
};

static const struct vmm_opt range_opts[] = {
	OPT_PID,
	OPT_CHUNK,
	{ 0 }
};

static const struct vmm_opt maps_opts[] = {
	OPT_PID,
	{ 0 }
};

static const struct vmm_command mte_cmds[] = {
	{ "enable", NULL, "KVM_ENABLE_CAP(KVM_CAP_ARM_MTE) on a session VM, before any vCPU",
	  enable_args, NULL, mte_enable, NULL, VMM_CMD_MUTATING | VMM_CMD_SESSION },
	{ "dump", NULL, "write the tags of RANGE to a file, in chunks", range_args, dump_opts,
	  mte_dump, NULL, 0 },
	{ "restore", NULL, "write a tag file's tags back, after checking the whole file",
	  file_args, in_opts, mte_restore, NULL, VMM_CMD_MUTATING },
	{ "verify", NULL, "compare tags with a tag file; lists the differing granule runs",
	  file_args, in_opts, mte_verify, NULL, 0 },
	{ "show", NULL, "tags of RANGE: per granule as text, runs of equal tags as JSON",
	  range_args, range_opts, mte_show, mte_show_text, 0 },
	{ "fill", NULL, "set every granule of RANGE to one tag", fill_args, fill_opts,
	  mte_fill, NULL, VMM_CMD_MUTATING },
	{ "maps", NULL, "PROT_MTE mappings of a process (smaps VmFlags mt)", NULL, maps_opts,
	  mte_maps, NULL, 0 },
	{ 0 }
};

const struct vmm_object vmm_obj_mte = {
	"mte", NULL, "MTE allocation tags of session VMs and of processes: dump, restore, "
	"verify", mte_cmds, 0,
};
