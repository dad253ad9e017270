// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mte: MTE allocation tags of session VMs (KVM_ARM_MTE_COPY_TAGS, which KVM
 * answers only for the VM's creator) and of stopped processes (ptrace):
 * enable, dump, restore, verify, show, fill, and the PROT_MTE maps of a
 * process. Ranges stream in chunks; a short copy is reported range by range
 * and exits 7. What the commands share is in cmd/mte_job.c, the engine in
 * lib/mte_job.c, the file format in lib/tagfile.c, the walk in lib/mte.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/parse.h"
#include "cli/vmref.h"
#include "cmd/mte.h"
#include "lib/mte.h"
#include "lib/tagfile.h"
#include "lib/uapi/kvm.h"
#include "lib/vm.h"

/* ---- mte enable ------------------------------------------------------------------ */

static int mte_enable(struct vmm_call *c)
{
	const struct vmm_val *v = vmm_arg(c, "VM", NULL);
	struct vmm_vm *vm = vmm_vm_owned(c, v);
	const char *why;
	int ret;

	if (!vm)
		return -EINVAL;
	ret = vmm_vm_mte_enable(c->sys, vm, vmm_dry_run(c), &why);
	if (ret)
		return vmm_err_sys(c, ret, "cannot enable MTE on %s: %s", v->raw, why);
	if (vmm_dry_run(c)) {
		json_object *op = json_object_new_object();

		json_object_object_add(op, "ioctl", vmm_jstr("KVM_ENABLE_CAP"));
		json_object_object_add(op, "request", vmm_jhex(VMM_KVM_ENABLE_CAP));
		json_object_object_add(op, "cap", json_object_new_int(VMM_KVM_CAP_ARM_MTE));
		json_object_object_add(op, "flags", json_object_new_int(0));
		vmm_dry_op(c, op);
		return 0;
	}
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
	struct vmm_mte_cmd m;
	struct vmm_range r;
	uint64_t chunk;
	bool elf = fmt && fmt->idx == 1;
	int ret;

	vmm_mte_cmd_init(&m, c);
	ret = vmm_mte_target(&m, true, &r);
	if (ret)
		goto out;
	if (!out) {
		ret = vmm_err(c, VMM_E_USAGE, EINVAL, "missing --out FILE");
		goto out;
	}
	chunk = vmm_mte_chunk(c, &ret);
	if (ret)
		goto out;
	m.job.packing = elf || (pk && pk->idx == 1) ? VMM_TAG_PACK_NIBBLE : VMM_TAG_PACK_BYTE;
	if (elf && pk && pk->idx == 0) {
		ret = vmm_err(c, VMM_E_USAGE, EINVAL, "--packing byte: the ELF core form packs "
			      "two tags per byte");
		goto out;
	}
	if (m.job.t.proc) {
		ret = vmm_mte_check_proc_range(c, m.job.t.pid, r.start, r.end);
		if (ret)
			goto out;
	}
	if (vmm_mte_job_buffers(&m.job, chunk)) {
		ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
		goto out;
	}
	ret = vmm_mte_dump_open(&m.job, out->raw, elf);
	if (ret) {
		ret = vmm_err_sys(c, ret, "cannot create %s", out->raw);
		goto out;
	}
	w.take = vmm_mte_take_dump;
	ret = vmm_mte_run(&m, &w, r.start, r.end, chunk);
	if (ret)
		goto out;
	c->result = vmm_mte_result(&m, r.start, r.end);
	json_object_object_add(c->result, "file", vmm_jstr(out->raw));
	json_object_object_add(c->result, "format", vmm_jstr(fmt_choices[elf]));
	json_object_object_add(c->result, "packing",
			       vmm_jstr(pack_choices[m.job.packing - 1]));
	vmm_mte_walk_result(c->result, &m, &w);
	if (w.missing) {
		/* never a file that looks whole: the old file (if any) stays */
		ret = vmm_mte_partial(c, &w, "dump (no file written)");
		goto out;
	}
	json_object_object_add(c->result, "tag_bytes", vmm_ju64(m.job.written));
	json_object_object_add(c->result, "crc32", vmm_jhex(m.job.crc));
	ret = vmm_mte_dump_commit(&m.job, elf, r.start, r.end, (uint32_t)vmm_page_size(),
				  (uint32_t)(m.job.t.proc ? m.job.t.pid : getpid()));
	if (ret) {
		json_object_put(c->result);
		c->result = NULL;
		ret = vmm_err_sys(c, ret, "cannot write %s", out->raw);
	}
out:
	vmm_mte_cmd_free(&m);
	return ret;
}

/* ---- mte restore, verify ---------------------------------------------------------- */

static int mte_restore(struct vmm_call *c)
{
	struct vmm_mte_walk w = { 0 };
	uint64_t start = 0, end = 0, chunk = 0;
	struct vmm_mte_cmd m;
	int ret;

	vmm_mte_cmd_init(&m, c);
	ret = vmm_mte_prepare_in(&m, &start, &end, &chunk);
	if (ret)
		goto out;
	if (vmm_dry_run(c)) {
		json_object *op = vmm_mte_copy_op(&m, start, end, chunk, "to_guest");

		json_object_object_add(op, "file", vmm_jstr(vmm_opt(c, "input")->raw));
		json_object_object_add(op, "crc32", vmm_jhex(m.job.hdr.crc));
		vmm_dry_op(c, op);
		goto out;
	}
	w.to_target = true;
	w.fill = vmm_mte_fill_file;
	ret = vmm_mte_run(&m, &w, start, end, chunk);
	if (ret)
		goto out;
	c->result = vmm_mte_result(&m, start, end);
	json_object_object_add(c->result, "file", vmm_jstr(vmm_opt(c, "input")->raw));
	ret = vmm_mte_done(&m, &w, "restore");
out:
	vmm_mte_cmd_free(&m);
	return ret;
}

static int mte_verify(struct vmm_call *c)
{
	struct vmm_mte_walk w = { 0 };
	uint64_t start = 0, end = 0, chunk = 0;
	struct vmm_mte_cmd m;
	int ret;

	vmm_mte_cmd_init(&m, c);
	ret = vmm_mte_prepare_in(&m, &start, &end, &chunk);
	if (ret)
		goto out;
	m.job.verify = true;
	w.take = vmm_mte_take_verify;
	ret = vmm_mte_run(&m, &w, start, end, chunk);
	if (ret)
		goto out;
	vmm_mte_run_flush(&m.job);
	c->result = vmm_mte_result(&m, start, end);
	json_object_object_add(c->result, "file", vmm_jstr(vmm_opt(c, "input")->raw));
	json_object_object_add(c->result, "granules", vmm_ju64((end - start) / VMM_MTE_GRANULE));
	json_object_object_add(c->result, "mismatched_granules", vmm_ju64(m.job.mismatched));
	json_object_object_add(c->result, "match", vmm_jbool(!m.job.mismatched && !w.missing));
	json_object_object_add(c->result, "mismatches", vmm_mte_runs_json(&m));
	ret = vmm_mte_done(&m, &w, "verify");
	if (!ret && m.job.mismatched)
		ret = vmm_err(c, VMM_E_FAILED, 0, "%" PRIu64 " granules differ from the file",
			      m.job.mismatched);
out:
	vmm_mte_cmd_free(&m);
	return ret;
}

/* ---- mte show, fill -------------------------------------------------------------- */

static int mte_show(struct vmm_call *c)
{
	struct vmm_mte_walk w = { 0 };
	struct vmm_mte_cmd m;
	struct vmm_range r;
	uint64_t chunk;
	int ret;

	vmm_mte_cmd_init(&m, c);
	ret = vmm_mte_target(&m, true, &r);
	if (ret)
		goto out;
	chunk = vmm_mte_chunk(c, &ret);
	if (!ret && m.job.t.proc)
		ret = vmm_mte_check_proc_range(c, m.job.t.pid, r.start, r.end);
	if (ret)
		goto out;
	w.take = vmm_mte_take_show;
	ret = vmm_mte_run(&m, &w, r.start, r.end, chunk);
	if (ret)
		goto out;
	vmm_mte_run_flush(&m.job);
	c->result = vmm_mte_result(&m, r.start, r.end);
	json_object_object_add(c->result, "granule", json_object_new_int(VMM_MTE_GRANULE));
	json_object_object_add(c->result, "runs", vmm_mte_runs_json(&m));
	ret = vmm_mte_done(&m, &w, "read");
out:
	vmm_mte_cmd_free(&m);
	return ret;
}

static int mte_fill(struct vmm_call *c)
{
	const struct vmm_val *tag = vmm_arg(c, "TAG", NULL);
	struct vmm_mte_walk w = { 0 };
	struct vmm_mte_cmd m;
	struct vmm_range r;
	uint64_t chunk;
	int ret;

	if (tag->u > 15)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s: expected a tag from 0 to 15",
			       tag->raw);
	vmm_mte_cmd_init(&m, c);
	ret = vmm_mte_target(&m, true, &r);
	if (ret)
		goto out;
	/* VMs only (no --pid): the fill is a guest operation */
	chunk = vmm_mte_chunk(c, &ret);
	if (ret)
		goto out;
	m.job.fill_tag = (uint8_t)tag->u;
	if (vmm_dry_run(c)) {
		json_object *op = vmm_mte_copy_op(&m, r.start, r.end, chunk, "to_guest");

		json_object_object_add(op, "tag", json_object_new_int(m.job.fill_tag));
		vmm_dry_op(c, op);
		goto out;
	}
	w.to_target = true;
	w.fill = vmm_mte_fill_const;
	ret = vmm_mte_run(&m, &w, r.start, r.end, chunk);
	if (ret)
		goto out;
	c->result = vmm_mte_result(&m, r.start, r.end);
	json_object_object_add(c->result, "tag", json_object_new_int(m.job.fill_tag));
	ret = vmm_mte_done(&m, &w, "fill");
out:
	vmm_mte_cmd_free(&m);
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
	ret = vmm_mte_need_proc(c);
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
	  range_args, range_opts, mte_show, vmm_mte_show_text, 0 },
	{ "fill", NULL, "set every granule of RANGE to one tag", fill_args, fill_opts,
	  mte_fill, NULL, VMM_CMD_MUTATING },
	{ "maps", NULL, "PROT_MTE mappings of a process (smaps VmFlags mt)", NULL, maps_opts,
	  mte_maps, NULL, VMM_CMD_REPLAY },
	{ 0 }
};

const struct vmm_object vmm_obj_mte = {
	"mte", NULL, "MTE allocation tags of session VMs and of processes: dump, restore, "
	"verify", mte_cmds, 0,
};
