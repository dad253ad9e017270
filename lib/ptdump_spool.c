// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Parsed ranges kept in order in bounded memory. `stage2 show` must not
 * write a range before it knows the whole dump is valid, and a dump can
 * hold hundreds of millions of ranges: they go to a buffer, and when it
 * fills, to a temporary file with no name, read back block by block.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptdump.h"
#include "sys.h"

#define WHAT	"vmmctl-stage2-spool"

int vmm_s2_spool_init(struct vmm_s2_spool *sp, struct vmm_sys *s, size_t buf_entries)
{
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	sp->sys = s;
	sp->cap = buf_entries ? buf_entries : VMM_S2_SPOOL_BUF;
	sp->buf = malloc(sp->cap * sizeof(*sp->buf));
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
	ret = vmm_sys_pwrite_all(sp->sys, sp->fd, sp->buf, sp->n * sizeof(*sp->buf),
				 (off_t)(sp->written * sizeof(*sp->buf)), WHAT);
	if (ret)
		return ret;
	sp->written += sp->n;
	sp->n = 0;
	return 0;
}

int vmm_s2_spool_sink(void *priv, const struct vmm_s2_entry *e)
{
	struct vmm_s2_spool *sp = priv;

	if (sp->n == sp->cap) {
		int ret = spill(sp);

		if (ret)
			return ret;
	}
	sp->buf[sp->n++] = *e;
	sp->count++;
	return 0;
}

int vmm_s2_spool_seal(struct vmm_s2_spool *sp)
{
	return sp->fd >= 0 && sp->n ? spill(sp) : 0;
}

const struct vmm_s2_entry *vmm_s2_spool_get(const struct vmm_s2_spool *sp, struct vmm_sys *s,
					    uint64_t first, size_t n,
					    struct vmm_s2_entry *scratch, int *err)
{
	size_t len = n * sizeof(*scratch);
	ssize_t got;

	*err = 0;
	if (first > sp->count || n > sp->count - first) {
		*err = -ERANGE;
		return NULL;
	}
	if (sp->fd < 0)
		return sp->buf + first;
	got = vmm_sys_pread(s, sp->fd, scratch, len, (off_t)(first * sizeof(*scratch)), WHAT);
	if (got < 0 || (size_t)got != len) {
		*err = got < 0 ? (int)got : -EIO;	/* our own file came back short */
		return NULL;
	}
	return scratch;
}

void vmm_s2_spool_free(struct vmm_s2_spool *sp)
{
	if (sp->fd >= 0)
		vmm_sys_close(sp->fd);
	free(sp->buf);
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}
