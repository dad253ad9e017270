// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Parsed ranges kept in order in bounded memory. `stage2 show` must not
 * write a range before it knows the whole dump is valid, and a dump can
 * hold hundreds of millions of ranges: they go to a buffer, and when it
 * fills, to a temporary file with no name, read back block by block.
 *
 * A range is most often page-aligned and starts where the one before it
 * ended: such a range is kept as one word, its END with the level and the
 * attributes in the low 12 bits and bit 0 set. Any other range, and the
 * first of every stride (VMM_S2_SPOOL_STRIDE ranges), is three words (level and attributes
 * with bit 0 clear, START, END), so that reading can begin at any stride,
 * whose byte offset the spool keeps. A dump of 4 KiB ranges spools a third
 * of what whole entries would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptdump.h"
#include "sys.h"

#define WHAT		"vmmctl-stage2-spool"
#define SHORT		1ull
#define LOW		0xfffull

int vmm_s2_spool_init(struct vmm_s2_spool *sp, struct vmm_sys *s, size_t buf_entries)
{
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	sp->sys = s;
	sp->every = VMM_S2_SPOOL_STRIDE;
	sp->cap = (buf_entries ? buf_entries : VMM_S2_SPOOL_BUF) * VMM_S2_SPOOL_LONG;
	sp->buf = malloc(sp->cap);
	return sp->buf ? 0 : -ENOMEM;
}

static int spill(struct vmm_s2_spool *sp)
{
	int ret;

	if (sp->fd < 0) {
		sp->fd = vmm_sys_tmpfile_user(sp->sys, WHAT);
		if (sp->fd < 0)
			return sp->fd;
	}
	ret = vmm_sys_pwrite_all(sp->sys, sp->fd, sp->buf, sp->n, (off_t)sp->written, WHAT);
	if (ret)
		return ret;
	sp->written += sp->n;
	sp->n = 0;
	return 0;
}

static int grow_strides(struct vmm_s2_spool *sp)
{
	size_t cap = sp->stride_cap ? 2 * sp->stride_cap : 64;
	uint64_t *p = realloc(sp->stride, cap * sizeof(*p));

	if (!p)
		return -ENOMEM;
	sp->stride = p;
	sp->stride_cap = cap;
	return 0;
}

/* A range in three words, the first of a stride or one that cannot be one word. */
static __attribute__((noinline)) int put_long(struct vmm_s2_spool *sp,
					      const struct vmm_s2_entry *e)
{
	uint64_t w[3] = { vmm_s2_spool_meta(e), e->start, e->end };

	if (!sp->left) {
		if (sp->nstride == sp->stride_cap && grow_strides(sp))
			return -ENOMEM;
		sp->stride[sp->nstride++] = sp->written + sp->n;
		sp->left = sp->every;
	}
	memcpy(sp->buf + sp->n, w, sizeof(w));
	sp->n += sizeof(w);
	return 0;
}

int vmm_s2_spool_sink(void *priv, const struct vmm_s2_entry *e)
{
	struct vmm_s2_spool *sp = priv;
	int ret;

	if (sp->n + VMM_S2_SPOOL_LONG > sp->cap && (ret = spill(sp)))
		return sp->err = ret;
	if (vmm_s2_spool_short(sp, e)) {
		uint64_t w = vmm_s2_spool_word(e);

		memcpy(sp->buf + sp->n, &w, 8);
		sp->n += 8;
	} else if ((ret = put_long(sp, e))) {
		return sp->err = ret;
	}
	sp->left--;
	sp->last_end = e->end;
	sp->count++;
	return 0;
}

int vmm_s2_spool_seal(struct vmm_s2_spool *sp)
{
	if (!sp->err && sp->fd >= 0 && sp->n)
		sp->err = spill(sp);
	return sp->err;
}

/* Where stride k begins, and where the spool's bytes end. */
static uint64_t stride_at(const struct vmm_s2_spool *sp, uint64_t k)
{
	return k < sp->nstride ? sp->stride[k] : sp->written + sp->n;
}

int vmm_s2_spool_get(const struct vmm_s2_spool *sp, struct vmm_s2_reader *rd, uint64_t first,
		     size_t n, struct vmm_s2_entry *out)
{
	uint64_t k = first / sp->every, skip = first % sp->every;
	uint64_t from = stride_at(sp, k), to, end = 0;
	const uint8_t *p, *lim;
	size_t len;

	if (first > sp->count || n > sp->count - first)
		return -ERANGE;
	if (!n)
		return 0;
	to = stride_at(sp, (first + n + sp->every - 1) / sp->every);
	len = (size_t)(to - from);
	if (sp->fd < 0) {
		p = sp->buf + from;
	} else {
		ssize_t got;

		if (len > rd->cap) {
			uint8_t *b = realloc(rd->raw, len);

			if (!b)
				return -ENOMEM;
			rd->raw = b;
			rd->cap = len;
		}
		got = vmm_sys_pread(rd->sys, sp->fd, rd->raw, len, (off_t)from, WHAT);
		if (got < 0 || (size_t)got != len)
			return got < 0 ? (int)got : -EIO;	/* our own file came back short */
		p = rd->raw;
	}
	lim = p + len;
	for (uint64_t i = 0; i < skip + n; i++) {
		struct vmm_s2_entry e;
		uint64_t w[3];

		if (lim - p < 8)
			return -EIO;
		memcpy(w, p, 8);
		if (w[0] & SHORT) {
			e.start = end;
			e.end = w[0] & ~LOW;
			p += 8;
		} else {
			if ((size_t)(lim - p) < sizeof(w))
				return -EIO;
			memcpy(w, p, sizeof(w));
			e.start = w[1];
			e.end = w[2];
			p += sizeof(w);
		}
		e.level = (int8_t)((w[0] >> 1 & 7) - 1);
		e.attr = (uint8_t)(w[0] >> 4);
		end = e.end;
		if (i >= skip)
			out[i - skip] = e;
	}
	return 0;
}

void vmm_s2_spool_free(struct vmm_s2_spool *sp)
{
	if (sp->fd >= 0)
		vmm_sys_close(sp->fd);
	free(sp->buf);
	free(sp->stride);
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}
