// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * What the mte commands share around the engine (lib/mte_job.c): the
 * target named by the arguments with its checks, the tag file placed by
 * --at, the walk's failures as errors with hints, progress on a terminal,
 * and the results as JSON.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/parse.h"
#include "cli/vmref.h"
#include "cmd/mte.h"
#include "lib/host.h"
#include "lib/uapi/kvm.h"
#include "lib/vm.h"

/*
 * Bytes of memory per copy call unless --chunk says otherwise: 1 MiB moves
 * 64 KiB of tags per call. Measured in the arm64 rig (tests/arm64/checks/
 * 52-mte-bench.sh): from 256 KiB up the per-call cost disappears in the
 * per-page cost, and the buffer stays small (see vmmctl-mte(8)).
 */
#define DEFAULT_CHUNK	(1ull << 20)
#define MAX_CHUNK	(1ull << 30)
#define PROGRESS_MIN	(64ull << 20)

void vmm_mte_cmd_init(struct vmm_mte_cmd *m, struct vmm_call *c)
{
	memset(m, 0, sizeof(*m));
	m->c = c;
	vmm_mte_job_init(&m->job, c->sys);
}

void vmm_mte_cmd_free(struct vmm_mte_cmd *m)
{
	vmm_mte_job_free(&m->job);
}

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

static int target_vm(struct vmm_mte_cmd *m, const struct vmm_val *arg)
{
	struct vmm_call *c = m->c;
	struct vmm_val v = { 0 };
	const char *why = NULL;
	struct vmm_vm *vm;
	int ret;

	if (vmm_parse_vmid(arg->raw, &v.vm, &why))
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: %s; expected a session VM (vm0)",
			       arg->raw, why);
	v.raw = arg->raw;
	vm = vmm_vm_owned(c, &v);
	if (!vm)
		return -EINVAL;
	m->vm_name = arg->raw;
	ret = vmm_vm_mte_check(c->sys, vm, &why);
	if (ret)
		return vmm_err_sys(c, ret, "not supported on %s: %s", arg->raw, why);
	if (!vm->mte) {
		vmm_hint(c, "'mte enable %s' (or 'vm create --mte') before any vCPU", arg->raw);
		return vmm_err(c, VMM_E_FAILED, EINVAL, "MTE is not enabled on %s", arg->raw);
	}
	vmm_mte_target_vm(&m->job.t, c->sys, vm->fd, vmm_page_size());
	return 0;
}

int vmm_mte_target(struct vmm_mte_cmd *m, bool want_range, struct vmm_range *range)
{
	struct vmm_call *c = m->c;
	const struct vmm_val *pid = vmm_opt(c, "pid"), *vm = vmm_arg(c, "VM", NULL);
	const struct vmm_val *rg = vmm_arg(c, "RANGE", NULL);
	const struct vmm_mte_target *t = &m->job.t;
	const char *rtext = NULL, *why = NULL;
	int ret;

	if (pid) {
		if (pid->u == 0 || pid->u > INT32_MAX)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--pid %s: expected a process "
				       "id", pid->raw);
		if (vm && (rg || !want_range))
			return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: with --pid give no VM",
				       vm->raw);
		rtext = vm ? vm->raw : NULL;
		vmm_mte_target_proc(&m->job.t, c->sys, (pid_t)pid->u, vmm_page_size());
		ret = vmm_mte_need_proc(c);
		if (ret)
			return ret;
	} else {
		if (!vm)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "missing VM (a session VM such "
				       "as vm0), or --pid PID for a process");
		ret = target_vm(m, vm);
		if (ret)
			return ret;
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

/* ---- the walk ------------------------------------------------------------------ */

static void on_progress(void *arg, uint64_t done, uint64_t total)
{
	struct vmm_mte_cmd *m = arg;
	uint64_t now = vmm_sys_now_ns();

	if (now < m->next_ns && done < total)
		return;
	m->next_ns = now + 500000000ull;
	fprintf(stderr, "\rvmmctl: mte %s: %" PRIu64 " of %" PRIu64 " MiB%s", m->c->cmd->name,
		done >> 20, total >> 20, done == total ? "\n" : "");
}

int vmm_mte_run(struct vmm_mte_cmd *m, struct vmm_mte_walk *w, uint64_t start, uint64_t end,
		uint64_t chunk)
{
	struct vmm_call *c = m->c;
	const char *op = c->sys->last.op;
	int ret;

	m->progress = !c->opts.quiet && end - start >= PROGRESS_MIN && vmm_sys_isatty(2);
	m->job.progress = m->progress ? on_progress : NULL;
	m->job.progress_arg = m;
	ret = vmm_mte_job_attach(&m->job);
	if (ret) {
		vmm_hint(c, "ptrace needs the same user and a permissive "
			 "kernel.yama.ptrace_scope, or CAP_SYS_PTRACE");
		return vmm_err_sys(c, ret, "cannot stop process %d", (int)m->job.t.pid);
	}
	ret = vmm_mte_job_walk(&m->job, w, start, end, chunk);
	if (m->progress && ret)
		fputc('\n', stderr);
	if (!ret)
		return 0;
	if (ret == -ENOMEM)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	if (!strcmp(op, "ioctl") || !strcmp(op, "ptrace") || !*op)
		return tag_err(c, ret, w->to_target ? "cannot write tags" : "cannot read tags");
	return vmm_err_sys(c, ret, "%s", w->to_target ? "cannot read the tag file" :
			   "cannot write the tag file");
}

/* ---- results ----------------------------------------------------------------------- */

json_object *vmm_mte_result(const struct vmm_mte_cmd *m, uint64_t start, uint64_t end)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "source", vmm_jstr(m->job.t.proc ? "process" : "kvm"));
	if (m->job.t.proc)
		json_object_object_add(o, "pid", json_object_new_int(m->job.t.pid));
	else
		json_object_object_add(o, "vm", vmm_jstr(m->vm_name));
	json_object_object_add(o, "start", vmm_jhex(start));
	json_object_object_add(o, "end", vmm_jhex(end));
	json_object_object_add(o, "length", vmm_ju64(end - start));
	return o;
}

void vmm_mte_walk_result(json_object *o, const struct vmm_mte_cmd *m,
			 const struct vmm_mte_walk *w)
{
	const struct vmm_mte_spans *rs = &m->job.ranges;
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < rs->n; i++) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "start", vmm_jhex(rs->v[i].start));
		json_object_object_add(r, "end", vmm_jhex(rs->v[i].end));
		json_object_object_add(r, "copied", vmm_jbool(rs->v[i].key));
		json_object_array_add(arr, r);
	}
	json_object_object_add(o, "chunk", vmm_ju64(w->chunk));
	json_object_object_add(o, "calls", vmm_ju64(w->calls));
	json_object_object_add(o, "copied", vmm_ju64(w->copied));
	json_object_object_add(o, "missing", vmm_ju64(w->missing));
	json_object_object_add(o, "ranges", arr);
}

json_object *vmm_mte_runs_json(const struct vmm_mte_cmd *m)
{
	const struct vmm_mte_spans *rs = &m->job.runs;
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < rs->n; i++) {
		const struct vmm_mte_span *s = &rs->v[i];
		json_object *r = json_object_new_object();

		json_object_object_add(r, "start", vmm_jhex(s->start));
		json_object_object_add(r, "end", vmm_jhex(s->end));
		if (m->job.verify) {
			json_object_object_add(r, "granules", vmm_ju64((s->end - s->start) /
								      VMM_MTE_GRANULE));
			json_object_object_add(r, "file_tag", json_object_new_int(s->key >> 4));
			json_object_object_add(r, "memory_tag", json_object_new_int(s->key & 0xf));
		} else {
			json_object_object_add(r, "tag", json_object_new_int(s->key));
		}
		json_object_array_add(arr, r);
	}
	return arr;
}

int vmm_mte_partial(struct vmm_call *c, const struct vmm_mte_walk *w, const char *what)
{
	vmm_hint(c, "the result lists every copied and not copied range; a KVM range "
		 "must be backed by memslots");
	return vmm_err(c, VMM_E_PARTIAL, EFAULT, "partial %s: tags of %" PRIu64 " of %"
		       PRIu64 " bytes copied, %" PRIu64 " bytes not copied", what, w->copied,
		       w->copied + w->missing, w->missing);
}

int vmm_mte_done(struct vmm_mte_cmd *m, const struct vmm_mte_walk *w, const char *what)
{
	vmm_mte_walk_result(m->c->result, m, w);
	return w->missing ? vmm_mte_partial(m->c, w, what) : 0;
}

/* ---- reading a tag file ------------------------------------------------------------ */

static const char *source_name(uint32_t s)
{
	return s == VMM_TAG_SRC_KVM ? "kvm" : "process";
}

/* The file's source must be the target's; --at moves the base. */
static int place_file(struct vmm_mte_cmd *m, uint64_t *start, uint64_t *end)
{
	struct vmm_call *c = m->c;
	const struct vmm_val *at = vmm_opt(c, "at");
	struct vmm_mte_job *j = &m->job;
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

int vmm_mte_prepare_in(struct vmm_mte_cmd *m, uint64_t *start, uint64_t *end, uint64_t *chunk)
{
	struct vmm_call *c = m->c;
	const struct vmm_val *in = vmm_opt(c, "input");
	char why[VMM_MTE_WHY_LEN];
	int ret;

	ret = vmm_mte_target(m, false, NULL);
	if (ret)
		return ret;
	if (!in)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "missing --input FILE");
	*chunk = vmm_mte_chunk(c, &ret);
	if (ret)
		return ret;
	ret = vmm_mte_tagfile_open(&m->job, in->raw, why);
	if (ret == -EINVAL && *why)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: %s", in->raw, why);
	if (ret == -ENOMEM)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	if (ret)
		return vmm_err_sys(c, ret, "cannot read %s", in->raw);
	ret = place_file(m, start, end);
	if (!ret && m->job.t.proc)
		ret = vmm_mte_check_proc_range(c, m->job.t.pid, *start, *end);
	if (ret)
		return ret;
	if (vmm_mte_job_buffers(&m->job, *chunk))
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	return 0;
}

json_object *vmm_mte_copy_op(const struct vmm_mte_cmd *m, uint64_t start, uint64_t end,
			     uint64_t chunk, const char *dir)
{
	json_object *op = json_object_new_object();

	if (m->job.t.proc) {
		json_object_object_add(op, "ptrace", vmm_jstr("PTRACE_POKEMTETAGS"));
		json_object_object_add(op, "pid", json_object_new_int(m->job.t.pid));
		json_object_object_add(op, "addr", vmm_jhex(start));
	} else {
		json_object_object_add(op, "ioctl", vmm_jstr("KVM_ARM_MTE_COPY_TAGS"));
		json_object_object_add(op, "request", vmm_jhex(VMM_KVM_ARM_MTE_COPY_TAGS));
		json_object_object_add(op, "vm", vmm_jstr(m->vm_name));
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
