// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The MTE copy engine (see mte_job.h): targets, the walk's callbacks with
 * what they collect, and tag files read whole before and written
 * atomically after.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mte_job.h"

#define IO_BUF		(1u << 20)

void vmm_mte_target_vm(struct vmm_mte_target *t, struct vmm_sys *s, int vm_fd, uint64_t page)
{
	memset(t, 0, sizeof(*t));
	t->kvm = (struct vmm_mte_kvm_ctx){ s, vm_fd };
	t->page = page;
	t->align = page;
}

void vmm_mte_target_proc(struct vmm_mte_target *t, struct vmm_sys *s, pid_t pid, uint64_t page)
{
	memset(t, 0, sizeof(*t));
	t->page = page;
	t->proc = true;
	t->pid = pid;
	t->pctx = (struct vmm_mte_proc_ctx){ s, pid };
	t->align = 2 * VMM_MTE_GRANULE;
}

void vmm_mte_job_init(struct vmm_mte_job *j, struct vmm_sys *s)
{
	memset(j, 0, sizeof(*j));
	j->sys = s;
	j->in_fd = -1;
	j->out.fd = -1;
	j->run_key = -1;
}

void vmm_mte_job_free(struct vmm_mte_job *j)
{
	vmm_mte_job_detach(j);
	if (j->out_open)
		vmm_sys_atomic_abort(&j->out);
	j->out_open = false;
	if (j->in_fd >= 0)
		vmm_sys_close(j->in_fd);
	j->in_fd = -1;
	free(j->ranges.v);
	free(j->runs.v);
	free(j->pack);
	j->ranges = j->runs = (struct vmm_mte_spans){ 0 };
	j->pack = NULL;
}

int vmm_mte_job_buffers(struct vmm_mte_job *j, uint64_t chunk)
{
	free(j->pack);
	j->pack = malloc(chunk / VMM_MTE_GRANULE / 2 ? chunk / VMM_MTE_GRANULE / 2 : 1);
	return j->pack ? 0 : -ENOMEM;
}

int vmm_mte_job_attach(struct vmm_mte_job *j)
{
	int ret;

	if (!j->t.proc || j->t.attached)
		return 0;
	ret = vmm_sys_ptrace_stop(j->sys, j->t.pid);
	if (ret)
		return ret;
	j->t.attached = true;
	return 0;
}

void vmm_mte_job_detach(struct vmm_mte_job *j)
{
	if (j->t.attached)
		vmm_sys_ptrace_detach(j->sys, j->t.pid);
	j->t.attached = false;
}

/* ---- spans ------------------------------------------------------------------ */

static int span_add(struct vmm_mte_spans *s, uint64_t start, uint64_t end, int key)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct vmm_mte_span *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (struct vmm_mte_span){ start, end, key };
	return 0;
}

static int on_range(void *arg, uint64_t start, uint64_t end, bool copied)
{
	struct vmm_mte_job *j = arg;

	return span_add(&j->ranges, start, end, copied);
}

static void on_progress(void *arg, uint64_t done, uint64_t total)
{
	struct vmm_mte_job *j = arg;

	if (j->progress)
		j->progress(j->progress_arg, done, total);
}

int vmm_mte_job_walk(struct vmm_mte_job *j, struct vmm_mte_walk *w, uint64_t start,
		     uint64_t end, uint64_t chunk)
{
	int ret;

	w->copy = j->t.proc ? vmm_mte_proc_copy_fn : vmm_mte_kvm_copy_fn;
	w->ctx = j->t.proc ? (void *)&j->t.pctx : (void *)&j->t.kvm;
	/* KVM: a page without a slot is EFAULT; ptrace: EIO when nothing moved */
	w->hole_err = j->t.proc ? EIO : EFAULT;
	w->chunk = chunk;
	/* page by page, or by two granules where a process range starts inside a page */
	w->step = j->t.page;
	if (j->t.proc && (chunk % j->t.align || start % w->step))
		w->step = j->t.align;
	w->range = on_range;
	w->progress = on_progress;
	w->arg = j;
	vmm_sys_clear(j->sys);
	ret = vmm_mte_walk(w, start, end);
	vmm_mte_job_detach(j);
	return ret;
}

/* ---- the walk's callbacks ------------------------------------------------------- */

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
	ret = vmm_sys_atomic_write(j->sys, &j->out, out, n);
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
		got = vmm_sys_pread(j->sys, j->in_fd, dst, want, (off_t)off, "tag file");
		if (got < 0)
			return (int)got;
		if (!got)
			return vmm_sys_fail(j->sys, EIO, "read", "tag file");
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

void vmm_mte_run_flush(struct vmm_mte_job *j)
{
	if (j->run_key < 0)
		return;
	/* out of memory for a run: the counters stay right, the list is short */
	span_add(&j->runs, j->run_start, j->run_end, j->run_key);
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

/* ---- tag files ------------------------------------------------------------------- */

int vmm_mte_tagfile_open(struct vmm_mte_job *j, const char *path, char why[VMM_MTE_WHY_LEN])
{
	uint8_t hdr[VMM_TAGFILE_HDR_SIZE], *buf;
	const char *bad = NULL;
	uint64_t off, left;
	uint32_t crc = 0;
	off_t size;
	ssize_t n;
	int ret;

	*why = '\0';
	ret = vmm_sys_open_user(j->sys, path, O_RDONLY);
	if (ret < 0)
		return ret;
	j->in_fd = ret;
	ret = vmm_sys_fsize(j->sys, j->in_fd, &size, path);
	if (ret)
		return ret;
	n = size < VMM_TAGFILE_HDR_SIZE ? 0 :
	    vmm_sys_pread(j->sys, j->in_fd, hdr, VMM_TAGFILE_HDR_SIZE, 0, path);
	if (n < 0)
		return (int)n;
	if (vmm_tagfile_decode(hdr, (size_t)n, (uint64_t)size, &j->hdr, &bad)) {
		snprintf(why, VMM_MTE_WHY_LEN, "%s", bad);
		return -EINVAL;
	}
	buf = malloc(IO_BUF);
	if (!buf)
		return -ENOMEM;
	for (off = VMM_TAGFILE_HDR_SIZE, left = j->hdr.payload_size; left; ) {
		n = vmm_sys_pread(j->sys, j->in_fd, buf, left < IO_BUF ? left : IO_BUF,
				  (off_t)off, path);
		if (n <= 0)
			break;
		crc = vmm_crc32(crc, buf, (size_t)n);
		off += (uint64_t)n;
		left -= (uint64_t)n;
	}
	free(buf);
	if (n < 0)
		return (int)n;
	if (left) {
		snprintf(why, VMM_MTE_WHY_LEN, "truncated while reading");
		return -EINVAL;
	}
	if (crc != j->hdr.crc) {
		snprintf(why, VMM_MTE_WHY_LEN, "payload CRC mismatch (file says 0x%08x, payload "
			 "is 0x%08x): corrupted", j->hdr.crc, crc);
		return -EINVAL;
	}
	return 0;
}

int vmm_mte_dump_open(struct vmm_mte_job *j, const char *path, bool elf)
{
	uint8_t zero[VMM_TAGFILE_ELF_HDR_SIZE > VMM_TAGFILE_HDR_SIZE ?
		     VMM_TAGFILE_ELF_HDR_SIZE : VMM_TAGFILE_HDR_SIZE] = { 0 };
	int ret;

	ret = vmm_sys_atomic_open(j->sys, path, &j->out);
	if (ret)
		return ret;
	j->out_open = true;
	/* the header's CRC is known at the end: room first, the bytes last */
	j->hdr_len = elf ? VMM_TAGFILE_ELF_HDR_SIZE : VMM_TAGFILE_HDR_SIZE;
	return vmm_sys_atomic_write(j->sys, &j->out, zero, j->hdr_len);
}

int vmm_mte_dump_commit(struct vmm_mte_job *j, bool elf, uint64_t start, uint64_t end,
			uint32_t page_size, uint32_t elf_pid)
{
	uint8_t hdr[VMM_TAGFILE_ELF_HDR_SIZE > VMM_TAGFILE_HDR_SIZE ?
		    VMM_TAGFILE_ELF_HDR_SIZE : VMM_TAGFILE_HDR_SIZE];
	struct vmm_tagfile_hdr h;
	int ret;

	if (elf) {
		vmm_tagfile_elf_header(start, end - start, elf_pid, hdr);
	} else {
		h = (struct vmm_tagfile_hdr){
			.version = VMM_TAGFILE_VERSION,
			.source = j->t.proc ? VMM_TAG_SRC_PROC : VMM_TAG_SRC_KVM,
			.packing = j->packing, .granule = VMM_MTE_GRANULE,
			.page_size = page_size, .base = start, .length = end - start,
			.payload_size = j->written, .crc = j->crc,
		};
		vmm_tagfile_encode(&h, hdr);
	}
	ret = vmm_sys_atomic_pwrite(j->sys, &j->out, hdr, j->hdr_len, 0);
	if (!ret)
		ret = vmm_sys_atomic_commit(j->sys, &j->out);
	j->out_open = false;
	return ret;
}
