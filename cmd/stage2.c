// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stage2 show, summary, save, diff: KVM's stage-2 page tables as its
 * debugfs shows them (spec E). arm64 dumps the tables (stage2_page_tables,
 * nested/nested_mmuN); x86 has no dump, only leaf counts (pages_4k/2m/1g)
 * and the rmap histogram, which `summary` reports as they are.
 *
 * A SOURCE is a VM (vm0, PID, PID-FD) or a file `stage2 save` wrote (or a
 * plain copy of a dump): a word that reads as a VM id is a VM, so a file
 * with such a name is written ./NAME.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/parse.h"
#include "cmd/stage2.h"
#include "cli/vmref.h"
#include "lib/vm.h"
#include "lib/kvm_debugfs.h"

#define CHUNK		(256u << 10)
#define NESTED_MAX	64
#define RMAPS_MAX	(64u << 10)

static const char *const level_choices[] = { "-1", "0", "1", "2", "3", NULL };

/* Where a dump comes from. */
struct src {
	bool file;
	char id[32];		/* VM id, as the user may type it again */
	char dbg[32];		/* kvm/<dbg> in debugfs */
	char path[PATH_MAX];	/* the file read */
	char rel[64];		/* "stage2_page_tables", "nested/nested_mmuN" */
	int nested;		/* N of a live nested MMU, else -1 */
	bool x86;		/* a VM whose debugfs has leaf counts and no dump */
};

static int nested_opt(const struct vmm_call *c)
{
	const struct vmm_val *v = vmm_opt(c, "nested");

	return v ? (int)v->u : -1;
}

/* ---- finding the source --------------------------------------------------- */

static bool dbg_exists(struct vmm_call *c, const struct src *s, const char *file)
{
	char path[PATH_MAX];
	unsigned int mode;
	int ret;

	snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s/%s", s->dbg, file);
	ret = vmm_sys_stat_mode(c->sys, path, &mode);
	vmm_sys_clear(c->sys);
	return !ret;
}

static int resolve(struct vmm_call *c, const char *word, int nested, struct src *s)
{
	struct vmm_val v = { .set = true, .raw = word };
	const char *why;
	int ret;

	memset(s, 0, sizeof(*s));
	s->nested = -1;
	if (strchr(word, '/') || vmm_parse_vmid(word, &v.vm, &why)) {
		s->file = true;
		snprintf(s->path, sizeof(s->path), "%s", word);
		snprintf(s->rel, sizeof(s->rel), "file");
		return 0;
	}
	ret = vmm_vm_debugfs_name(c, &v, s->id, s->dbg);
	if (ret) {
		if (c->err.code == VMM_E_NOTFOUND)
			vmm_hint(c, "a saved file with this name is written ./%s", word);
		return ret;
	}
	s->nested = nested;
	if (nested >= 0)
		snprintf(s->rel, sizeof(s->rel), "nested/nested_mmu%d", nested);
	else
		snprintf(s->rel, sizeof(s->rel), "stage2_page_tables");
	snprintf(s->path, sizeof(s->path), VMM_KVM_DEBUGFS "/%s/%s", s->dbg, s->rel);
	if (dbg_exists(c, s, s->rel))
		return 0;
	if (dbg_exists(c, s, "pages_4k")) {
		s->x86 = true;
		return 0;
	}
	if (nested >= 0 && dbg_exists(c, s, "stage2_page_tables")) {
		vmm_hint(c, "nested MMUs exist only for a VM running its own guests "
			 "(FEAT_NV2, kvm-arm.mode=nested)");
		return vmm_err(c, VMM_E_NOTFOUND, ENOENT, "VM %s has no nested MMU %d", s->id,
			       nested);
	}
	vmm_hint(c, "the dump needs a kernel built with CONFIG_PTDUMP_STAGE2_DEBUGFS "
		 "(see 'vmmctl host features')");
	return vmm_err(c, VMM_E_NOTSUP, ENOENT, "stage-2 dump not available for VM %s: no "
		       VMM_KVM_DEBUGFS "/%s/stage2_page_tables", s->id, s->dbg);
}

static int x86_no_dump(struct vmm_call *c, const struct src *s)
{
	vmm_hint(c, "'vmmctl stage2 summary %s' shows what x86 KVM does expose: leaf counts "
		 "per page size and the rmap histogram", s->id);
	return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "x86 KVM has no stage-2 (TDP or shadow) "
		       "page-table dump: VM %s", s->id);
}

/*
 * A one-number file of the VM's debugfs directory ("%llu\n"; ipa_range
 * pads with a blank): 0, or -errno recorded with the path.
 */
static int dbg_value(struct vmm_call *c, const struct src *s, const char *file, uint64_t *v)
{
	char path[PATH_MAX], buf[32];
	ssize_t n;

	snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s/%s", s->dbg, file);
	n = vmm_sys_read_file(c->sys, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (vmm_kvm_debugfs_parse_value(buf + strspn(buf, " "), v))
		return vmm_sys_fail(c->sys, EINVAL, "read", path);
	return 0;
}

/* ipa_range, stage2_levels: 0 when absent or unreadable. */
static uint32_t dbg_u32(struct vmm_call *c, const struct src *s, const char *file)
{
	uint64_t v;

	if (dbg_value(c, s, file, &v) || v > UINT32_MAX) {
		vmm_sys_clear(c->sys);
		return 0;
	}
	return (uint32_t)v;
}

static int pkvm_error(struct vmm_call *c, const struct src *s, int err)
{
	vmm_hint(c, "under protected KVM (kvm-arm.mode=protected) the hypervisor at EL2 owns "
		 "the stage-2 tables and the host cannot walk them");
	return vmm_err(c, VMM_E_NOTSUP, err, "stage-2 dump not available for VM %s: "
		       "protected KVM", s->id);
}

/* Threads a file parse may use: VMMCTL_THREADS, else the online CPUs (at most 2). */
static int parse_threads(void)
{
	const char *env = getenv("VMMCTL_THREADS");
	int n = env && *env ? atoi(env) : vmm_sys_cpus();

	return n < 1 ? 1 : n > 2 ? 2 : n;
}

/*
 * Where a dump's ranges go: NULL, into its array; else through fn, with
 * priv[0] for the first part of a file and priv[1] for its second part
 * (parsed alongside), merged into the first by merge when merge is set.
 */
struct sinks {
	vmm_s2_sink_fn fn;
	void *priv[2];
	void (*merge)(void *a, const void *b);
};

static void acc_merge(void *a, const void *b)
{
	vmm_s2_acc_merge(a, b);
}

/*
 * A saved file, parsed where it lies (two parts at once when it is large):
 * 1 when fd is not a regular file of some size (read it as a stream).
 */
static int load_file(struct vmm_call *c, const struct src *s, int fd, struct vmm_s2_dump *d,
		     const struct sinks *k)
{
	struct vmm_s2_dump b;
	off_t size;
	int ret;

	if (vmm_sys_fsize(c->sys, fd, &size, s->path) || size <= 0) {
		vmm_sys_clear(c->sys);
		return 1;
	}
	vmm_s2_init(&b);
	if (k) {
		b.sink = k->fn;
		b.sink_priv = k->priv[1];
	}
	ret = vmm_s2_parse_file(c->sys, fd, (uint64_t)size, s->path, parse_threads(), 0, d,
				&b);
	if (!ret && !k)
		ret = vmm_s2_append(d, &b);
	else if (!ret && k->merge)
		k->merge(k->priv[0], k->priv[1]);
	vmm_s2_free(&b);
	return ret;
}

/*
 * Reads the whole dump: its ranges into d's array, or through k (a
 * summary's accumulator, show's spool: memory that does not grow with the
 * dump), and its text into *raw (malloc'ed) when raw is not NULL. The
 * errors are the ways a live dump is not available.
 */
static int load(struct vmm_call *c, const struct src *s, struct vmm_s2_dump *d,
		const struct sinks *k, char **raw, size_t *rawlen)
{
	size_t cap = 0, len = 0;
	char *buf = NULL, *r = NULL;
	int fd, ret = 0;

	vmm_s2_init(d);
	if (k) {
		d->sink = k->fn;
		d->sink_priv = k->priv[0];
	}
	fd = s->file ? vmm_sys_open_user(c->sys, s->path, O_RDONLY) :
	     vmm_sys_open(c->sys, s->path, O_RDONLY);
	if (fd < 0) {
		if (!s->file && fd == -ENOENT) {
			vmm_hint(c, "KVM removes the dump once the VM is being destroyed");
			ret = vmm_err(c, VMM_E_NOTFOUND, ENOENT, "VM %s is being destroyed or has "
				      "no stage-2 table yet", s->id);
		} else {
			if (fd == -EACCES || fd == -EPERM)
				vmm_hint(c, "KVM's debugfs files are readable by root only");
			ret = vmm_err_sys(c, fd, "cannot open %s", s->path);
		}
		goto out;
	}
	if (s->file && !raw) {
		ret = load_file(c, s, fd, d, k);
		if (ret <= 0)
			goto parsed;
		ret = 0;
	}
	buf = malloc(CHUNK);
	if (!buf) {
		ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		ssize_t n = vmm_sys_read(c->sys, fd, buf, CHUNK, s->path);

		if (n == -ERANGE && !s->file) {
			ret = pkvm_error(c, s, ERANGE);
			goto out;
		}
		if (n < 0) {
			ret = vmm_err_sys(c, (int)n, "cannot read %s", s->path);
			goto out;
		}
		if (!n)
			break;
		if (raw) {
			if (len + (size_t)n > cap) {
				char *nr;

				cap = (len + (size_t)n) * 2;
				nr = realloc(r, cap);
				if (!nr) {
					ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
					goto out;
				}
				r = nr;
			}
			memcpy(r + len, buf, (size_t)n);
			len += (size_t)n;
		}
		ret = vmm_s2_feed(d, buf, (size_t)n);
		if (ret)
			break;
	}
	if (!ret)
		ret = vmm_s2_finish(d);
parsed:
	if (ret == -ENOMEM)
		ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	else if (ret == -EINVAL)
		ret = vmm_err(c, VMM_E_FAILED, EINVAL, "%s: line %" PRIu64 ": %s", s->path,
			      d->err_line, d->err);
	else if (ret)
		ret = vmm_err_sys(c, ret, "cannot read %s", s->path);
	else if (s->file && !d->titled && !d->count && !d->hdr.present)
		ret = vmm_err(c, VMM_E_USAGE, EINVAL, "%s is empty, not a stage-2 dump", s->path);
out:
	vmm_sys_close(fd);
	free(buf);
	if (ret) {
		vmm_s2_free(d);
		free(r);
	} else if (raw) {
		*raw = r;
		*rawlen = len;
	}
	return ret;
}

/* The whole dump into a summary's accumulator, in constant memory. */
static int load_acc(struct vmm_call *c, const struct src *s, struct vmm_s2_dump *d,
		    struct vmm_s2_acc *acc, char **raw, size_t *rawlen)
{
	struct vmm_s2_acc rest;
	const struct sinks k = { vmm_s2_acc_sink, { acc, &rest }, acc_merge };

	vmm_s2_acc_init(acc);
	vmm_s2_acc_init(&rest);
	return load(c, s, d, &k, raw, rawlen);
}

/* ipa_range and stage2_levels of a live VM; a saved file's header. */
static int geometry(struct vmm_call *c, const struct src *s, const struct vmm_s2_dump *d,
		    uint32_t *ipa_bits, uint32_t *levels)
{
	if (s->file && d->hdr.present) {
		*ipa_bits = d->hdr.ipa_bits;
		*levels = d->hdr.levels;
		return 0;
	}
	/*
	 * A file as the kernel wrote it, and a nested MMU's shadow table (which
	 * spans the guest's PARange, not the VM's ipa_range): the dump's extent.
	 */
	if (s->file || s->nested >= 0) {
		if (vmm_s2_extent(d, ipa_bits, levels))
			*ipa_bits = *levels = 0;	/* not in use: unknown */
		return 0;
	}
	*ipa_bits = dbg_u32(c, s, "ipa_range");
	*levels = dbg_u32(c, s, "stage2_levels");
	/* pKVM leaves the host's view empty: ipa_range 0 (spec E.4) */
	if (dbg_exists(c, s, "ipa_range") && !*ipa_bits)
		return pkvm_error(c, s, EOPNOTSUPP);
	return 0;
}

static void set_source_keys(json_object *o, const struct src *s, const struct vmm_s2_dump *d)
{
	if (s->file) {
		if (*d->hdr.vm)
			json_object_object_add(o, "vm", vmm_jstr(d->hdr.vm));
		json_object_object_add(o, "file", vmm_jstr(s->path));
		if (*d->hdr.source)
			json_object_object_add(o, "source", vmm_jstr(d->hdr.source));
		return;
	}
	json_object_object_add(o, "vm", vmm_jstr(s->id));
	json_object_object_add(o, "source", vmm_jstr(s->rel));
}

/* ---- show -------------------------------------------------------------------- */

static int stage2_show(struct vmm_call *c)
{
	const struct vmm_val *rg = vmm_opt(c, "range"), *lv = vmm_opt(c, "level");
	struct vmm_s2_show *sh;
	struct sinks k = { vmm_s2_show_sink, { NULL, NULL }, NULL };
	struct src s;
	int ret;

	if (vmm_opt(c, "mapped") && vmm_opt(c, "unmapped"))
		return vmm_err(c, VMM_E_USAGE, 0, "--mapped and --unmapped exclude each other");
	ret = resolve(c, vmm_arg(c, "SOURCE", NULL)->raw, nested_opt(c), &s);
	if (ret)
		return ret;
	if (s.x86)
		return x86_no_dump(c, &s);
	sh = calloc(1, sizeof(*sh));
	if (!sh)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	sh->level = lv ? (int)lv->idx - 1 : -2;
	sh->mapped = vmm_opt(c, "mapped") ? 1 : vmm_opt(c, "unmapped") ? -1 : 0;
	if (rg) {
		sh->range_set = true;
		sh->range_start = rg->range.start;
		sh->range_end = rg->range.end;
	}
	sh->sys = c->sys;
	sh->sys1 = *c->sys;	/* the second part's writes record their errors apart */
	for (int i = 0; i < 2; i++) {
		sh->keep[i].sh = sh;
		k.priv[i] = &sh->keep[i];
		if (vmm_s2_spool_init(&sh->keep[i].sp, i ? &sh->sys1 : c->sys, 0)) {
			vmm_s2_show_free(sh);
			return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
		}
	}
	if (!sh->range_set && sh->level == -2 && !sh->mapped) {
		/* every range is kept: straight into the spools */
		k.fn = vmm_s2_spool_sink;
		k.priv[0] = &sh->keep[0].sp;
		k.priv[1] = &sh->keep[1].sp;
	}
	ret = load(c, &s, &sh->d, &k, NULL, NULL);
	for (int i = 0; i < 2 && !ret; i++)
		ret = vmm_s2_spool_seal(&sh->keep[i].sp);
	for (int i = 0; i < 2; i++)
		if (sh->keep[i].sp.err)
			ret = vmm_err_sys(c, sh->keep[i].sp.err, "cannot keep the ranges of %s in a "
					  "temporary file ($TMPDIR, else /tmp)", s.path);
	if (!ret)
		ret = geometry(c, &s, &sh->d, &sh->ipa_bits, &sh->levels);
	if (ret) {
		vmm_s2_show_free(sh);
		return ret;
	}
	sh->nested = sh->d.mmu_line || s.nested >= 0 ||
		     !strncmp(sh->d.hdr.source, "nested/", 7);
	if (s.file) {
		snprintf(sh->vm, sizeof(sh->vm), "%s", sh->d.hdr.vm);
		snprintf(sh->file, sizeof(sh->file), "%s", s.path);
		snprintf(sh->source, sizeof(sh->source), "%s", sh->d.hdr.source);
	} else {
		snprintf(sh->vm, sizeof(sh->vm), "%s", s.id);
		snprintf(sh->source, sizeof(sh->source), "%s", s.rel);
	}
	sh->threads = parse_threads();
	c->result = vmm_jstream(vmm_s2_show_json, sh, vmm_s2_show_free);
	return 0;
}

/* ---- summary ------------------------------------------------------------------ */

static json_object *run_json(uint64_t start, uint64_t end)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "ipa_start", vmm_jhex(start));
	json_object_object_add(o, "ipa_end", vmm_jhex(end));
	json_object_object_add(o, "size", vmm_ju64(end - start));
	return o;
}

static void summary_keys(json_object *o, const struct vmm_s2_summary *sm, uint32_t page_size)
{
	/* bytes a leaf entry maps at each level, for a 4K, 16K or 64K granule */
	int bits = page_size == 65536 ? 13 : page_size == 16384 ? 11 : 9;
	json_object *lv = json_object_new_array(), *pm = json_object_new_array();

	json_object_object_add(o, "ranges", vmm_ju64(sm->ranges));
	json_object_object_add(o, "mapped_ranges", vmm_ju64(sm->mapped_ranges));
	json_object_object_add(o, "mapped_bytes", vmm_ju64(sm->mapped_bytes));
	json_object_object_add(o, "unmapped_bytes", vmm_ju64(sm->unmapped_bytes));
	json_object_object_add(o, "invalid_ranges", vmm_ju64(sm->invalid_ranges));
	json_object_object_add(o, "invalid_bytes", vmm_ju64(sm->invalid_bytes));
	json_object_object_add(o, "block_ranges", vmm_ju64(sm->block_ranges));
	json_object_object_add(o, "block_bytes", vmm_ju64(sm->block_bytes));
	json_object_object_add(o, "page_ranges", vmm_ju64(sm->page_ranges));
	json_object_object_add(o, "page_bytes", vmm_ju64(sm->page_bytes));
	for (int i = 0; i < VMM_S2_LEVELS; i++) {
		json_object *e;

		if (!sm->level_ranges[i])
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "level", json_object_new_int(i - 1));
		json_object_object_add(e, "ranges", vmm_ju64(sm->level_ranges[i]));
		json_object_object_add(e, "bytes", vmm_ju64(sm->level_bytes[i]));
		/* the page size fixes what one entry maps: 4K pages, 2M, 1G blocks */
		if (page_size && i >= 1) {
			int shift = __builtin_ctz(page_size) + bits * (4 - i);

			if (shift < 64)
				json_object_object_add(e, "entries",
						       vmm_ju64(sm->level_bytes[i] >> shift));
		}
		json_object_array_add(lv, e);
	}
	json_object_object_add(o, "by_level", lv);
	for (int i = 0; i < 32; i++) {
		json_object *e;
		char perms[32];

		if (!sm->perm_ranges[i])
			continue;
		e = json_object_new_object();
		vmm_s2_perm_string((uint8_t)(i << 2), perms);
		json_object_object_add(e, "perms", vmm_jstr(perms));
		json_object_object_add(e, "read", vmm_jbool(i << 2 & VMM_S2_R));
		json_object_object_add(e, "write", vmm_jbool(i << 2 & VMM_S2_W));
		json_object_object_add(e, "exec_priv", vmm_jbool(i << 2 & VMM_S2_PX));
		json_object_object_add(e, "exec_unpriv", vmm_jbool(i << 2 & VMM_S2_UX));
		json_object_object_add(e, "af", vmm_jbool(i << 2 & VMM_S2_AF));
		json_object_object_add(e, "ranges", vmm_ju64(sm->perm_ranges[i]));
		json_object_object_add(e, "bytes", vmm_ju64(sm->perm_bytes[i]));
		json_object_array_add(pm, e);
	}
	json_object_object_add(o, "by_perms", pm);
	if (sm->largest_end)
		json_object_object_add(o, "largest_mapped_run",
				       run_json(sm->largest_start, sm->largest_end));
	if (sm->ranges)
		json_object_object_add(o, "dump_end", vmm_jhex(sm->ipa_end));
}

static json_object *nested_json(struct vmm_call *c, const struct src *vm, const char *name,
				uint32_t page_size)
{
	json_object *o = json_object_new_object();
	struct vmm_s2_acc acc;
	struct vmm_s2_dump d;
	struct vmm_s2_vtcr v;
	struct src s = *vm;
	uint32_t bits, levels;

	snprintf(s.rel, sizeof(s.rel), "nested/%s", name);
	snprintf(s.path, sizeof(s.path), VMM_KVM_DEBUGFS "/%s/%s", s.dbg, s.rel);
	json_object_object_add(o, "mmu", json_object_new_int(atoi(name + 10)));
	json_object_object_add(o, "source", vmm_jstr(s.rel));
	if (load_acc(c, &s, &d, &acc, NULL, NULL)) {
		/* one unreadable MMU does not hide the others */
		json_object_object_add(o, "error", vmm_jstr(c->err.message));
		memset(&c->err, 0, sizeof(c->err));
		return o;
	}
	/* an invalid MMU's file is empty */
	json_object_object_add(o, "valid", vmm_jbool(d.mmu_line));
	if (d.mmu_line) {
		vmm_s2_decode_vtcr(d.vtcr, d.vttbr, &v);
		json_object_object_add(o, "s2_enabled", vmm_jbool(d.s2_enabled));
		json_object_object_add(o, "vtcr", vmm_jhex(d.vtcr));
		json_object_object_add(o, "vttbr", vmm_jhex(d.vttbr));
		json_object_object_add(o, "ipa_bits", json_object_new_int((int)v.ipa_bits));
		json_object_object_add(o, "granule", json_object_new_int((int)v.granule));
		json_object_object_add(o, "start_level", json_object_new_int(v.start_level));
		if (v.pa_bits)
			json_object_object_add(o, "pa_bits", json_object_new_int((int)v.pa_bits));
		json_object_object_add(o, "vmid", json_object_new_int((int)v.vmid));
		json_object_object_add(o, "vmid_bits", json_object_new_int(v.vmid16 ? 16 : 8));
		json_object_object_add(o, "baddr", vmm_jhex(v.baddr));
		json_object_object_add(o, "hw_access_flag", vmm_jbool(v.ha));
		json_object_object_add(o, "hw_dirty", vmm_jbool(v.hd));
		if (!vmm_s2_extent(&d, &bits, &levels)) {
			json_object_object_add(o, "shadow_ipa_bits", json_object_new_int((int)bits));
			json_object_object_add(o, "shadow_levels", json_object_new_int((int)levels));
		}
		summary_keys(o, &acc.s, page_size);
	}
	vmm_s2_free(&d);
	return o;
}

static int is_nested_name(const char *name)
{
	char *end;

	if (strncmp(name, "nested_mmu", 10) || !name[10])
		return 0;
	strtoul(name + 10, &end, 10);
	return !*end;
}

static json_object *nested_list(struct vmm_call *c, const struct src *s, uint32_t page_size)
{
	json_object *arr = json_object_new_array();
	char dir[PATH_MAX], **names;
	int n;

	snprintf(dir, sizeof(dir), VMM_KVM_DEBUGFS "/%s/nested", s->dbg);
	n = vmm_sys_list_dir(c->sys, dir, &names);
	vmm_sys_clear(c->sys);
	for (int i = 0, k = 0; i < n && k < NESTED_MAX; i++)
		if (is_nested_name(names[i])) {
			json_object_array_add(arr, nested_json(c, s, names[i], page_size));
			k++;
		}
	if (n > 0)
		vmm_sys_free_names(names, n);
	return arr;
}

/* x86: "Rmap_Count:\t0\t1\t2-3..." then "Level=4K:\tN\tN..." rows (spec E.3). */
static json_object *rmaps_json(char *text)
{
	json_object *o = json_object_new_object(), *buckets = json_object_new_array();
	json_object *rows = json_object_new_array();
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tok, *s2 = NULL, *colon = strchr(line, ':');
		json_object *counts;

		if (!colon)
			continue;
		*colon = '\0';
		if (!strcmp(line, "Rmap_Count")) {
			for (tok = strtok_r(colon + 1, "\t", &s2); tok; tok = strtok_r(NULL, "\t", &s2)) {
				json_object *b = json_object_new_object();
				char *dash = strchr(tok, '-');

				json_object_object_add(b, "min", vmm_ju64(strtoull(tok, NULL, 10)));
				json_object_object_add(b, "max", vmm_ju64(strtoull(dash ? dash + 1 : tok,
										NULL, 10)));
				json_object_array_add(buckets, b);
			}
			continue;
		}
		if (strncmp(line, "Level=", 6))
			continue;
		counts = json_object_new_array();
		for (tok = strtok_r(colon + 1, "\t", &s2); tok; tok = strtok_r(NULL, "\t", &s2))
			json_object_array_add(counts, vmm_ju64(strtoull(tok, NULL, 10)));
		{
			json_object *r = json_object_new_object();

			json_object_object_add(r, "level", vmm_jstr(line + 6));
			json_object_object_add(r, "counts", counts);
			json_object_array_add(rows, r);
		}
	}
	json_object_object_add(o, "buckets", buckets);
	json_object_object_add(o, "levels", rows);
	return o;
}

static int summary_x86(struct vmm_call *c, const struct src *s)
{
	static const char *const leaf[] = { "pages_4k", "pages_2m", "pages_1g" };
	json_object *o = json_object_new_object();
	char path[PATH_MAX], buf[32], *text = NULL;
	ssize_t n;

	json_object_object_add(o, "vm", vmm_jstr(s->id));
	json_object_object_add(o, "arch", vmm_jstr("x86"));
	if (vmm_sys_read_file(c->sys, "/sys/module/kvm/parameters/tdp_mmu", buf,
			      sizeof(buf)) > 0)
		json_object_object_add(o, "tdp_mmu", vmm_jbool(buf[0] == 'Y' || buf[0] == '1'));
	vmm_sys_clear(c->sys);
	for (size_t i = 0; i < sizeof(leaf) / sizeof(leaf[0]); i++) {
		uint64_t v;
		int ret = dbg_value(c, s, leaf[i], &v);

		if (ret) {
			json_object_put(o);
			return vmm_err_sys(c, ret, "cannot read %s", c->sys->last.path);
		}
		json_object_object_add(o, leaf[i], vmm_ju64(v));
	}
	snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s/mmu_rmaps_stat", s->dbg);
	n = vmm_sys_read_all(c->sys, path, RMAPS_MAX, &text);
	if (n >= 0) {
		json_object_object_add(o, "rmaps", rmaps_json(text));
	} else {
		/* shown as it is: a locked-down debugfs refuses 0644 files (EPERM) */
		json_object *e = json_object_new_object();
		const char *name = strerrorname_np((int)-n);

		json_object_object_add(e, "errno", json_object_new_int((int)-n));
		if (name)
			json_object_object_add(e, "errno_name", vmm_jstr(name));
		json_object_object_add(e, "message", vmm_jstr(strerror((int)-n)));
		json_object_object_add(o, "rmaps_error", e);
	}
	free(text);
	vmm_sys_clear(c->sys);
	c->result = o;
	return 0;
}

static int stage2_summary(struct vmm_call *c)
{
	uint32_t ipa_bits = 0, levels = 0, page_size;
	struct vmm_s2_acc acc;
	struct vmm_s2_dump d;
	json_object *o;
	struct src s;
	int ret;

	ret = resolve(c, vmm_arg(c, "SOURCE", NULL)->raw, nested_opt(c), &s);
	if (ret)
		return ret;
	if (s.x86)
		return summary_x86(c, &s);
	ret = load_acc(c, &s, &d, &acc, NULL, NULL);
	if (ret)
		return ret;
	ret = geometry(c, &s, &d, &ipa_bits, &levels);
	if (ret)
		goto out;
	/* KVM's stage-2 granule is the host page size */
	page_size = s.file ? d.hdr.page_size : (uint32_t)vmm_page_size();
	o = json_object_new_object();
	set_source_keys(o, &s, &d);
	json_object_object_add(o, "arch", vmm_jstr("arm64"));
	if (ipa_bits)
		json_object_object_add(o, "ipa_bits", json_object_new_int((int)ipa_bits));
	if (levels)
		json_object_object_add(o, "levels", json_object_new_int((int)levels));
	if (page_size)
		json_object_object_add(o, "page_size", json_object_new_int((int)page_size));
	summary_keys(o, &acc.s, page_size);
	if (!s.file && nested_opt(c) < 0)
		json_object_object_add(o, "nested", nested_list(c, &s, page_size));
	c->result = o;
out:
	vmm_s2_free(&d);
	return ret;
}

/* ---- save ------------------------------------------------------------------------ */

static int stage2_save(struct vmm_call *c)
{
	const char *out = vmm_opt(c, "output")->raw;
	uint32_t ipa_bits = 0, levels = 0;
	struct vmm_sys_atomic a = { .fd = -1 };
	char hdr[1024], kernel[128] = "", when[40];
	struct vmm_s2_acc acc;
	struct vmm_s2_dump d;
	char *raw = NULL;
	size_t rawlen = 0;
	time_t now = time(NULL);
	struct tm tm;
	struct src s;
	int ret, n;

	ret = resolve(c, vmm_arg(c, "VM", NULL)->raw, nested_opt(c), &s);
	if (ret)
		return ret;
	if (s.x86)
		return x86_no_dump(c, &s);
	if (s.file)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s is not a VM: save reads a live VM",
			       s.path);
	if (vmm_dry_run(c)) {
		json_object *op = json_object_new_object();

		json_object_object_add(op, "action", vmm_jstr("save"));
		json_object_object_add(op, "read", vmm_jstr(s.path));
		json_object_object_add(op, "write", vmm_jstr(out));
		vmm_dry_op(c, op);
		return 0;
	}
	ret = load_acc(c, &s, &d, &acc, &raw, &rawlen);
	if (ret)
		return ret;
	ret = geometry(c, &s, &d, &ipa_bits, &levels);
	if (ret)
		goto out;
	if (vmm_sys_read_file(c->sys, "/proc/sys/kernel/osrelease", kernel, sizeof(kernel)) > 0)
		kernel[strcspn(kernel, "\n")] = '\0';
	vmm_sys_clear(c->sys);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* what is not known is left out, as in JSON */
	n = snprintf(hdr, sizeof(hdr), VMM_S2_MAGIC " v%d\n# vm: %s\n# time: %s\n%s%s%s"
		     "# ipa_bits: %u\n# levels: %u\n# page_size: %" PRIu64 "\n# source: %s\n",
		     VMM_S2_VERSION, s.id, when, *kernel ? "# kernel: " : "", kernel,
		     *kernel ? "\n" : "", ipa_bits, levels, vmm_page_size(), s.rel);
	ret = vmm_sys_atomic_open(c->sys, out, &a);
	if (!ret)
		ret = vmm_sys_atomic_write(c->sys, &a, hdr, (size_t)n);
	if (!ret && rawlen)
		ret = vmm_sys_atomic_write(c->sys, &a, raw, rawlen);
	if (!ret)
		ret = vmm_sys_atomic_commit(c->sys, &a);
	if (ret) {
		vmm_sys_atomic_abort(&a);
		ret = vmm_err_sys(c, ret, "cannot write %s", out);
		goto out;
	}
	c->result = json_object_new_object();
	json_object_object_add(c->result, "vm", vmm_jstr(s.id));
	json_object_object_add(c->result, "source", vmm_jstr(s.rel));
	json_object_object_add(c->result, "file", vmm_jstr(out));
	json_object_object_add(c->result, "time", vmm_jstr(when));
	if (*kernel)
		json_object_object_add(c->result, "kernel", vmm_jstr(kernel));
	json_object_object_add(c->result, "ipa_bits", json_object_new_int((int)ipa_bits));
	json_object_object_add(c->result, "levels", json_object_new_int((int)levels));
	json_object_object_add(c->result, "ranges", vmm_ju64(d.count));
	json_object_object_add(c->result, "bytes", vmm_ju64(rawlen + (size_t)n));
out:
	free(raw);
	vmm_s2_free(&d);
	return ret;
}

/* ---- map ------------------------------------------------------------------------- */

/* --svg under --dry-run: the file that would be written, and nothing read or written. */
static int svg_dry_run(struct vmm_call *c, const char *action, const char *read,
		       const char *read2)
{
	json_object *op = json_object_new_object();

	json_object_object_add(op, "action", vmm_jstr(action));
	json_object_object_add(op, "read", vmm_jstr(read));
	if (read2)
		json_object_object_add(op, "read_b", vmm_jstr(read2));
	json_object_object_add(op, "write", vmm_jstr(vmm_opt(c, "svg")->raw));
	vmm_dry_op(c, op);
	return 0;
}

static void grid_merge(void *a, const void *b)
{
	vmm_s2_grid_merge(a, (struct vmm_s2_grid *)b);	/* the second part's own, spent */
}

static void picture_title(const struct src *s, const struct vmm_s2_dump *d, char *buf,
			  size_t len)
{
	if (s->file)
		snprintf(buf, len, "%s%s%s", *d->hdr.vm ? d->hdr.vm : "", *d->hdr.vm ? ": " : "",
			 s->path);
	else
		snprintf(buf, len, "vm %s, %s", s->id, s->rel);
}

static int stage2_map(struct vmm_call *c)
{
	const struct vmm_val *rg = vmm_opt(c, "range"), *w = vmm_opt(c, "width");
	const struct vmm_val *svg = vmm_opt(c, "svg");
	struct vmm_s2_map_req rq = { .svg = svg ? svg->raw : NULL };
	uint32_t levels = 0;
	struct vmm_s2_grid g[2] = { 0 };
	struct sinks k = { vmm_s2_grid_sink, { &g[0], &g[1] }, grid_merge };
	struct vmm_s2_dump d;
	char title[PATH_MAX + 96];
	json_object *o;
	struct src s;
	int ret;

	if (w && (w->u < 24 || w->u > 4096))
		return vmm_err(c, VMM_E_USAGE, 0, "--width %s: expected 24 to 4096 columns", w->raw);
	rq.width = w ? (unsigned int)w->u : 0;
	ret = resolve(c, vmm_arg(c, "SOURCE", NULL)->raw, nested_opt(c), &s);
	if (ret)
		return ret;
	if (s.x86)
		return x86_no_dump(c, &s);
	if (svg && vmm_dry_run(c))
		return svg_dry_run(c, "map", s.path, NULL);
	rq.range_set = rg;
	rq.range_end = rg ? rg->range.end : UINT64_MAX;
	for (int i = 0; i < 2; i++)
		if (vmm_s2_grid_init(&g[i], rg ? rg->range.start : 0, rq.range_end,
				     vmm_s2_picture_cells(&rq))) {
			ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
			goto out_grid;
		}
	ret = load(c, &s, &d, &k, NULL, NULL);
	if (ret)
		goto out_grid;
	ret = geometry(c, &s, &d, &rq.ipa_bits, &levels);
	if (ret)
		goto out;
	o = json_object_new_object();
	set_source_keys(o, &s, &d);
	json_object_object_add(o, "arch", vmm_jstr("arm64"));
	if (rq.ipa_bits)
		json_object_object_add(o, "ipa_bits", json_object_new_int((int)rq.ipa_bits));
	picture_title(&s, &d, title, sizeof(title));
	ret = vmm_s2_picture(c, &g[0], &rq, title, o);
	if (ret)
		json_object_put(o);
	else
		c->result = o;
out:
	vmm_s2_free(&d);
out_grid:
	vmm_s2_grid_free(&g[0]);
	vmm_s2_grid_free(&g[1]);
	return ret;
}

/* ---- diff ------------------------------------------------------------------------ */

static json_object *side_json(const struct src *s, const struct vmm_s2_dump *d)
{
	json_object *o = json_object_new_object();

	set_source_keys(o, s, d);
	if (d->hdr.time[0])
		json_object_object_add(o, "time", vmm_jstr(d->hdr.time));
	json_object_object_add(o, "ranges", vmm_ju64(d->n));
	return o;
}

static json_object *delta_json(const struct vmm_s2_delta *dl)
{
	json_object *o = run_json(dl->start, dl->end);

	json_object_object_add(o, "change", vmm_jstr(vmm_s2_change_name(dl->change)));
	if (dl->level_a > -2) {
		json_object *b = json_object_new_object();

		vmm_s2_attr_json(b, dl->level_a, dl->attr_a);
		json_object_object_add(o, "before", b);
	}
	if (dl->level_b > -2) {
		json_object *a = json_object_new_object();

		vmm_s2_attr_json(a, dl->level_b, dl->attr_b);
		json_object_object_add(o, "after", a);
	}
	return o;
}

/* What changed, in cells: mapped in both and the same counts as same. */
static int diff_picture(struct vmm_call *c, const struct vmm_s2_delta *dl, long n,
			const struct src *sa, const struct vmm_s2_dump *da, json_object *o)
{
	struct vmm_s2_map_req rq = { .svg = vmm_opt(c, "svg")->raw, .diff = true };
	struct vmm_s2_grid g;
	char title[PATH_MAX + 96];
	int ret;

	if (vmm_s2_grid_init(&g, 0, UINT64_MAX, vmm_s2_picture_cells(&rq)))
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	for (long i = 0; i < n; i++) {
		const struct vmm_s2_delta *x = &dl[i];
		const struct vmm_s2_entry a = { x->start, x->end, x->level_a, x->attr_a };

		if (x->change != VMM_S2_SAME || (x->level_a > -2 && vmm_s2_mapped(&a)))
			vmm_s2_grid_add(&g, x->start, x->end, (int)x->change,
					x->change == VMM_S2_UNMAPPED ? x->attr_a : x->attr_b,
					x->level_b > -2 ? x->level_b : x->level_a);
	}
	picture_title(sa, da, title, sizeof(title));
	snprintf(title + strlen(title), sizeof(title) - strlen(title), ": what changed");
	ret = vmm_s2_picture(c, &g, &rq, title, o);
	vmm_s2_grid_free(&g);
	return ret;
}

static int stage2_diff(struct vmm_call *c)
{
	const struct vmm_val *args = vmm_arg(c, "A", NULL), *argb = vmm_arg(c, "B", NULL);
	uint64_t bytes[4] = { 0 };
	struct vmm_s2_dump da, db;
	struct vmm_s2_delta *dl = NULL;
	struct src sa, sb;
	json_object *arr;
	long n;
	int ret;

	ret = resolve(c, args->raw, nested_opt(c), &sa);
	if (!ret)
		ret = resolve(c, argb->raw, nested_opt(c), &sb);
	if (ret)
		return ret;
	if (sa.x86 || sb.x86)
		return x86_no_dump(c, sa.x86 ? &sa : &sb);
	if (vmm_opt(c, "svg") && vmm_dry_run(c))
		return svg_dry_run(c, "diff", sa.path, sb.path);
	ret = load(c, &sa, &da, NULL, NULL, NULL);
	if (ret)
		return ret;
	ret = load(c, &sb, &db, NULL, NULL, NULL);
	if (ret) {
		vmm_s2_free(&da);
		return ret;
	}
	n = vmm_s2_diff(da.e, da.n, db.e, db.n, &dl);
	if (n < 0) {
		ret = vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
		goto out;
	}
	arr = json_object_new_array();
	for (long i = 0; i < n; i++) {
		bytes[dl[i].change] += dl[i].end - dl[i].start;
		json_object_array_add(arr, delta_json(&dl[i]));
	}
	if (vmm_opt(c, "svg")) {
		json_object *pic = json_object_new_object();

		ret = diff_picture(c, dl, n, &sa, &da, pic);
		if (ret) {
			json_object_put(pic);
			json_object_put(arr);
			goto out;
		}
		c->result = json_object_new_object();
		json_object_object_add(c->result, "picture", pic);
	} else {
		c->result = json_object_new_object();
	}
	json_object_object_add(c->result, "a", side_json(&sa, &da));
	json_object_object_add(c->result, "b", side_json(&sb, &db));
	json_object_object_add(c->result, "mapped_bytes", vmm_ju64(bytes[VMM_S2_MAPPED]));
	json_object_object_add(c->result, "unmapped_bytes", vmm_ju64(bytes[VMM_S2_UNMAPPED]));
	json_object_object_add(c->result, "changed_bytes", vmm_ju64(bytes[VMM_S2_CHANGED]));
	json_object_object_add(c->result, "changes", arr);
out:
	free(dl);
	vmm_s2_free(&da);
	vmm_s2_free(&db);
	return ret;
}

/* ---- the table --------------------------------------------------------------------- */

static void comp_source(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	vmm_comp_vm.fn(ctx, prefix, out);
	vmm_comp_file.fn(ctx, prefix, out);
}

static const struct vmm_completer comp_src = { "vm_or_file", comp_source };

static const struct vmm_arg source_arg[] = {
	{ "SOURCE", VMM_T_STR, "a VM id from 'vmmctl vm list' (PID or PID-FD), a session "
	  "VM's name (vm0), or a dump file ('stage2 save' writes them)", NULL,
	  &comp_src, VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_arg vm_arg[] = {
	{ "VM", VMM_T_STR, "a VM id from 'vmmctl vm list' (PID or PID-FD) or a "
	  "session VM's name (vm0)", NULL, &vmm_comp_vm, VMM_ARG_SELF_HELP },
	{ 0 }
};

static const struct vmm_arg diff_args[] = {
	{ "A", VMM_T_STR, "the earlier dump: a VM (an id from 'vmmctl vm list', "
	  "or vm0) or a file 'stage2 save' wrote", NULL, &comp_src,
	  VMM_ARG_SELF_HELP },
	{ "B", VMM_T_STR, "the later dump: a VM (an id from 'vmmctl vm list', "
	  "or vm0) or a file 'stage2 save' wrote", NULL, &comp_src,
	  VMM_ARG_SELF_HELP },
	{ 0 }
};

#define NESTED_OPT { "nested", 0, VMM_T_U64, "N", "the nested MMU N (nested/nested_mmuN) " \
		     "instead of the VM's own stage 2" }

static const struct vmm_opt show_opts[] = {
	{ "range", 0, VMM_T_RANGE, "RANGE", "only ranges that overlap this IPA range" },
	{ "level", 0, VMM_T_ENUM, "N", "only ranges at this level", level_choices },
	{ "mapped", 0, VMM_T_FLAG, NULL, "only valid mappings" },
	{ "unmapped", 0, VMM_T_FLAG, NULL, "only ranges without a valid mapping" },
	NESTED_OPT,
	{ 0 }
};

#define SVG_OPT { "svg", 0, VMM_T_PATH, "FILE", "also draw it as an SVG file (replaced " \
		  "atomically)" }

static const struct vmm_opt map_opts[] = {
	SVG_OPT,
	{ "width", 0, VMM_T_U64, "COLS", "columns of the picture (default: the terminal's, "
	  "else 80)" },
	{ "range", 0, VMM_T_RANGE, "RANGE", "only this IPA range" },
	NESTED_OPT,
	{ 0 }
};

static const struct vmm_opt diff_opts[] = {
	SVG_OPT,
	NESTED_OPT,
	{ 0 }
};

static const struct vmm_opt summary_opts[] = {
	NESTED_OPT,
	VMM_OPT_OUTPUT,
	{ 0 }
};

static const struct vmm_opt save_opts[] = {
	{ "output", 'o', VMM_T_PATH, "FILE", "the file to write (replaced atomically); required" },
	NESTED_OPT,
	{ 0 }
};

static int stage2_save_checked(struct vmm_call *c)
{
	if (!vmm_opt(c, "output"))
		return vmm_err(c, VMM_E_USAGE, 0, "missing -o FILE");
	return stage2_save(c);
}

static const struct vmm_command stage2_cmds[] = {
	{ "show", NULL, "the stage-2 dump as ranges with decoded attributes, filtered",
	  source_arg, show_opts, stage2_show, vmm_s2_show_text, VMM_CMD_REPLAY },
	{ "summary", NULL, "mapped bytes per level and permission set, blocks and pages, the "
	  "largest mapped run, nested MMUs; x86: leaf counts and rmaps", source_arg,
	  summary_opts, stage2_summary, vmm_s2_summary_text, VMM_CMD_OUTPUT | VMM_CMD_REPLAY,
	  vmm_s2_summary_metrics },
	{ "save", NULL, "write a VM's dump with a header (VM, time, IPA bits, levels, "
	  "kernel) to a file", vm_arg, save_opts, stage2_save_checked, NULL, VMM_CMD_MUTATING },
	{ "diff", NULL, "ranges mapped, unmapped or changed between two dumps", diff_args,
	  diff_opts, stage2_diff, vmm_s2_diff_text, VMM_CMD_REPLAY },
	{ "map", NULL, "the IPA space as a picture: cells mapped by blocks or pages, "
	  "read-only, writable or executable; --svg draws it to a file", source_arg, map_opts,
	  stage2_map, vmm_s2_map_text, VMM_CMD_REPLAY },
	{ 0 }
};

const struct vmm_object vmm_obj_stage2 = {
	"stage2", NULL, "stage-2 page tables of a VM, from KVM's debugfs", stage2_cmds, 0,
};
