// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * What the mte commands share: the target (a session VM or a stopped
 * process) with its checks, the walk over a range with its callbacks and
 * results, and tag files read whole before any copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/parse.h"
#include "cli/vmref.h"
#include "cmd/mte.h"
#include "lib/host.h"
#include "lib/kvm.h"

/*
 * Bytes of memory per copy call unless --chunk says otherwise: 1 MiB moves
 * 64 KiB of tags per call. Measured in the arm64 rig (tests/arm64/checks/
 * 52-mte-bench.sh): from 256 KiB up the per-call cost disappears in the
 * per-page cost, and the buffer stays small (see vmmctl-mte(8)).
 */
#define DEFAULT_CHUNK	(1ull << 20)
#define MAX_CHUNK	(1ull << 30)
#define IO_BUF		(1u << 20)
#define PROGRESS_MIN	(64ull << 20)


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
	const char *why;
	int ret = vmm_vm_mte_check(c->sys, vm, &why);

	if (ret)
		return vmm_err_sys(c, ret, "not supported on %s: %s", name, why);
	return 0;
}

int vmm_mte_need_proc(struct vmm_call *c)
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
 * The first positional is a session VM, or with --pid absent; want_range
 * says whether a RANGE follows. Fills t and *range.
 */
int vmm_mte_target(struct vmm_call *c, struct vmm_mte_tgt *t, bool want_range,
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
		if (vm && (rg || !want_range))
			return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: with --pid give no VM",
				       vm->raw);
		rtext = vm ? vm->raw : NULL;
		t->proc = true;
		t->pid = (pid_t)pid->u;
		t->pctx = (struct vmm_mte_proc_ctx){ c->sys, t->pid };
		t->align = 2 * VMM_MTE_GRANULE;
		ret = vmm_mte_need_proc(c);
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
int vmm_mte_check_proc_range(struct vmm_call *c, pid_t pid, uint64_t start, uint64_t end)
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

static int attach(struct vmm_mte_job *j)
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

static void detach(struct vmm_mte_job *j)
{
	if (j->t.attached)
		vmm_sys_ptrace_detach(j->c->sys, j->t.pid);
	j->t.attached = false;
}

uint64_t vmm_mte_chunk(struct vmm_call *c, int *ret)
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
	return v->u;
}

/* ---- the walk's callbacks ----------------------------------------------------- */

static int on_range(void *arg, uint64_t start, uint64_t end, bool copied)
{
	struct vmm_mte_job *j = arg;
	json_object *r = json_object_new_object();

	json_object_object_add(r, "start", vmm_jhex(start));
	json_object_object_add(r, "end", vmm_jhex(end));
	json_object_object_add(r, "copied", vmm_jbool(copied));
	json_object_array_add(j->ranges, r);
	return 0;
}

static void on_progress(void *arg, uint64_t done, uint64_t total)
{
	struct vmm_mte_job *j = arg;
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

int vmm_mte_take_dump(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags)
{
	struct vmm_mte_job *j = arg;
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
static int read_tags(struct vmm_mte_job *j, uint64_t addr, uint64_t len, uint8_t *tags)
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

int vmm_mte_fill_file(void *arg, uint64_t addr, uint64_t len, uint8_t *tags)
{
	return read_tags(arg, addr, len, tags);
}

int vmm_mte_fill_const(void *arg, uint64_t addr, uint64_t len, uint8_t *tags)
{
	struct vmm_mte_job *j = arg;

	(void)addr;
	memset(tags, j->fill_tag, len / VMM_MTE_GRANULE);
	return 0;
}

/*
 * Runs of granules sharing a key: the tag (show), or the file's tag << 4 |
 * memory's tag for the granules that differ (verify, which has mismatches).
 */
void vmm_mte_run_flush(struct vmm_mte_job *j)
{
	json_object *r;

	if (j->run_key < 0)
		return;
	r = json_object_new_object();
	json_object_object_add(r, "start", vmm_jhex(j->run_start));
	json_object_object_add(r, "end", vmm_jhex(j->run_end));
	if (j->mismatches) {
		json_object_object_add(r, "granules", vmm_ju64((j->run_end - j->run_start) /
							      VMM_MTE_GRANULE));
		json_object_object_add(r, "file_tag", json_object_new_int(j->run_key >> 4));
		json_object_object_add(r, "memory_tag", json_object_new_int(j->run_key & 0xf));
		json_object_array_add(j->mismatches, r);
	} else {
		json_object_object_add(r, "tag", json_object_new_int(j->run_key));
		json_object_array_add(j->runs, r);
	}
	j->run_key = -1;
}

static void run_granule(struct vmm_mte_job *j, int key, uint64_t a)
{
	if (j->run_key == key && j->run_end == a) {
		j->run_end = a + VMM_MTE_GRANULE;
		return;
	}
	vmm_mte_run_flush(j);
	j->run_key = key;
	j->run_start = a;
	j->run_end = a + VMM_MTE_GRANULE;
}

int vmm_mte_take_verify(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags)
{
	struct vmm_mte_job *j = arg;
	uint64_t n = len / VMM_MTE_GRANULE;
	uint8_t *want = malloc(n);
	int ret;

	if (!want)
		return -ENOMEM;
	ret = read_tags(j, addr, len, want);
	for (uint64_t i = 0; !ret && i < n; i++) {
		int f = want[i] & 0xf, m = tags[i] & 0xf;

		if (f == m)
			continue;
		j->mismatched++;
		run_granule(j, f << 4 | m, addr + i * VMM_MTE_GRANULE);
	}
	free(want);
	return ret;
}

int vmm_mte_take_show(void *arg, uint64_t addr, uint64_t len, const uint8_t *tags)
{
	struct vmm_mte_job *j = arg;

	for (uint64_t i = 0; i < len / VMM_MTE_GRANULE; i++)
		run_granule(j, tags[i] & 0xf, addr + i * VMM_MTE_GRANULE);
	return 0;
}

/* ---- common walk and result ---------------------------------------------------- */

/*
 * The copy of [start, end): a process is stopped for it and let go after;
 * a failure is recorded (the kernel's, or the file's for dump and restore).
 */
int vmm_mte_job_walk(struct vmm_mte_job *j, struct vmm_mte_walk *w, uint64_t start, uint64_t end,
		     uint64_t chunk)
{
	const char *op = j->c->sys->last.op;
	int ret;

	ret = attach(j);
	if (ret)
		return ret;
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
	vmm_sys_clear(j->c->sys);
	ret = vmm_mte_walk(w, start, end);
	detach(j);
	if (j->progress && ret)
		fputc('\n', stderr);
	if (!ret)
		return 0;
	if (!strcmp(op, "ioctl") || !strcmp(op, "ptrace") || !*op)
		return tag_err(j->c, ret, w->to_target ? "cannot write tags" :
			       "cannot read tags");
	return vmm_err_sys(j->c, ret, "%s", w->to_target ? "cannot read the tag file" :
			   "cannot write the tag file");
}

json_object *vmm_mte_job_result(struct vmm_mte_job *j, uint64_t start, uint64_t end)
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

void vmm_mte_job_walk_result(json_object *o, struct vmm_mte_job *j, const struct vmm_mte_walk *w)
{
	json_object_object_add(o, "chunk", vmm_ju64(w->chunk));
	json_object_object_add(o, "calls", vmm_ju64(w->calls));
	json_object_object_add(o, "copied", vmm_ju64(w->copied));
	json_object_object_add(o, "missing", vmm_ju64(w->missing));
	json_object_object_add(o, "ranges", j->ranges);
	j->ranges = NULL;
}

/* A partial copy is never a success: the result stays, the exit status is 7. */
int vmm_mte_job_partial(struct vmm_call *c, const struct vmm_mte_walk *w, const char *what)
{
	vmm_hint(c, "the result lists every copied and not copied range; a KVM range "
		 "must be backed by memslots");
	return vmm_err(c, VMM_E_PARTIAL, EFAULT, "partial %s: tags of %" PRIu64 " of %"
		       PRIu64 " bytes copied, %" PRIu64 " bytes not copied", what, w->copied,
		       w->copied + w->missing, w->missing);
}

int vmm_mte_job_done(struct vmm_call *c, struct vmm_mte_job *j, const struct vmm_mte_walk *w,
		     const char *what)
{
	vmm_mte_job_walk_result(c->result, j, w);
	return w->missing ? vmm_mte_job_partial(c, w, what) : 0;
}

void vmm_mte_job_free(struct vmm_mte_job *j)
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

/* ---- reading a tag file ------------------------------------------------------------ */

static const char *source_name(uint32_t s)
{
	return s == VMM_TAG_SRC_KVM ? "kvm" : "process";
}

/* Opens and checks the whole file (header, sizes, CRC) before any kernel call. */
static int open_tagfile(struct vmm_mte_job *j, const char *path)
{
	struct vmm_call *c = j->c;
	uint8_t hdr[VMM_TAGFILE_HDR_SIZE], *buf;
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
	    vmm_sys_pread(c->sys, j->in_fd, hdr, VMM_TAGFILE_HDR_SIZE, 0, path);
	if (n < 0)
		return vmm_err_sys(c, (int)n, "cannot read %s", path);
	if (vmm_tagfile_decode(hdr, (size_t)n, (uint64_t)size, &j->hdr, &why))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: %s", path, why);
	buf = malloc(IO_BUF);
	if (!buf)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	for (off = VMM_TAGFILE_HDR_SIZE, left = j->hdr.payload_size; left; ) {
		n = vmm_sys_pread(c->sys, j->in_fd, buf, left < IO_BUF ? left : IO_BUF,
				  (off_t)off, path);
		if (n <= 0)
			break;
		crc = vmm_crc32(crc, buf, (size_t)n);
		off += (uint64_t)n;
		left -= (uint64_t)n;
	}
	free(buf);
	if (n < 0)
		return vmm_err_sys(c, (int)n, "cannot read %s", path);
	if (left)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: truncated while reading", path);
	if (crc != j->hdr.crc)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: payload CRC mismatch (file says "
			       "0x%08x, payload is 0x%08x): corrupted", path, j->hdr.crc, crc);
	return 0;
}

/* The file's source must be the target's; --at moves the base. */
static int place_file(struct vmm_mte_job *j, uint64_t *start, uint64_t *end)
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
	/* without --at the file's own base: aligned for the host that wrote it */
	if (j->in_base % j->t.align && !at)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "the file's base 0x%" PRIx64 " is not "
			       "a multiple of %" PRIu64 " (this host's page size); give --at",
			       j->in_base, j->t.align);
	if (j->in_base % j->t.align)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--at %s: expected a multiple of %"
			       PRIu64, at->raw, j->t.align);
	if (j->in_base + j->hdr.length < j->in_base)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--at %s: the range wraps", at->raw);
	*start = j->in_base;
	*end = j->in_base + j->hdr.length;
	return 0;
}

int vmm_mte_prepare_in(struct vmm_mte_job *j, uint64_t *start, uint64_t *end, uint64_t *chunk)
{
	const struct vmm_val *in = vmm_opt(j->c, "input");
	int ret;

	ret = vmm_mte_target(j->c, &j->t, false, NULL);
	if (ret)
		return ret;
	if (!in)
		return vmm_err(j->c, VMM_E_USAGE, EINVAL, "missing --input FILE");
	*chunk = vmm_mte_chunk(j->c, &ret);
	if (ret)
		return ret;
	ret = open_tagfile(j, in->raw);
	if (!ret)
		ret = place_file(j, start, end);
	if (!ret && j->t.proc)
		ret = vmm_mte_check_proc_range(j->c, j->t.pid, *start, *end);
	if (ret)
		return ret;
	j->pack = malloc(*chunk / VMM_MTE_GRANULE / 2);
	if (!j->pack)
		return vmm_err(j->c, VMM_E_FAILED, ENOMEM, "out of memory");
	return 0;
}

json_object *vmm_mte_copy_op(const struct vmm_mte_job *j, uint64_t start, uint64_t end, uint64_t chunk,
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

/* ---- show as text: a hexdump of tags, one hex digit per granule ------------------- */

#define LINE_G	64	/* granules per line: 1 KiB of memory */

static uint64_t hexu(json_object *o, const char *key)
{
	return strtoull(json_object_get_string(json_object_object_get(o, key)), NULL, 16);
}

struct text_run {
	uint64_t start, end;
	int tag;
};

/* The runs as numbers, once: the lines below look at each many times. */
static struct text_run *text_runs(json_object *runs, size_t *n)
{
	struct text_run *r;

	*n = json_object_array_length(runs);
	r = calloc(*n ? *n : 1, sizeof(*r));
	for (size_t i = 0; r && i < *n; i++) {
		json_object *o = json_object_array_get_idx(runs, i);

		r[i].start = hexu(o, "start");
		r[i].end = hexu(o, "end");
		r[i].tag = json_object_get_int(json_object_object_get(o, "tag")) & 0xf;
	}
	return r;
}

/*
 * One line from address a; *same_to is where the stretch of equal granules
 * that holds a (a run, or a gap of granules not copied) ends.
 */
static void text_line(const struct text_run *r, size_t n, size_t *ri, uint64_t a,
		      uint64_t end, char *line, uint64_t *same_to)
{
	size_t k = 0;

	for (int g = 0; g < LINE_G; g++) {
		uint64_t ga = a + (uint64_t)g * VMM_MTE_GRANULE;

		if (g && !(g % 16))
			line[k++] = ' ';
		if (ga >= end) {
			line[k++] = ' ';
			continue;
		}
		while (*ri < n && r[*ri].end <= ga)
			(*ri)++;
		if (*ri < n && r[*ri].start <= ga)
			line[k++] = "0123456789abcdef"[r[*ri].tag];
		else
			line[k++] = '-';
		if (!g)
			*same_to = *ri < n ? (r[*ri].start <= ga ? r[*ri].end : r[*ri].start) : end;
	}
	line[k] = '\0';
}

void vmm_mte_show_text(json_object *res, FILE *f)
{
	uint64_t start = hexu(res, "start"), end = hexu(res, "end"), same_to = 0;
	const uint64_t step = LINE_G * VMM_MTE_GRANULE;
	char line[LINE_G + LINE_G / 16 + 1], prev[sizeof(line)] = "";
	struct text_run *r;
	size_t n, ri = 0;
	bool star = false;

	r = text_runs(json_object_object_get(res, "runs"), &n);
	if (!r)
		return;
	fprintf(f, "%s %s: tags of 0x%" PRIx64 "-0x%" PRIx64 ", one hex digit per 16 bytes, "
		"'-' not copied\n", json_object_get_string(json_object_object_get(res, "source")),
		json_object_get_string(json_object_object_get(res, json_object_object_get(res,
		"vm") ? "vm" : "pid")), start, end);
	for (uint64_t a = start; a < end; ) {
		text_line(r, n, &ri, a, end, line, &same_to);
		/* like hexdump: a run of identical lines is one line and a '*' */
		if (!strcmp(line, prev) && a + step < end) {
			if (!star)
				fprintf(f, "*\n");
			star = true;
		} else {
			star = false;
			memcpy(prev, line, sizeof(line));
			fprintf(f, "0x%012" PRIx64 "  %s\n", a, line);
		}
		/* whole lines inside one stretch are all this line: go to the last of them */
		if (same_to >= a + 3 * step && same_to - step < end) {
			a += (same_to - a) / step * step - step;
			if (!star)
				fprintf(f, "*\n");
			star = true;
		} else {
			a += step;
		}
	}
	free(r);
}
