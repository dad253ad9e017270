// SPDX-License-Identifier: GPL-3.0-or-later
/* KVM's arm64 vGIC debugfs files (see vgic.h): strict parsers and their readers. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_debugfs.h"
#include "vgic.h"

/* ---- lines and fields ------------------------------------------------------ */

struct vmm_vgic_lines {
	const char *text;
	size_t len, off;
	unsigned int no;	/* of the line last returned */
};

/* A field cursor inside one line. */
struct vmm_vgic_cur {
	const char *p, *end;
};

static int vmm_vgic_bad(struct vmm_vgic_perr *e, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int vmm_vgic_bad(struct vmm_vgic_perr *e, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->what, sizeof(e->what), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* The next line in *c: 1, 0 at the end of the text, -EINVAL for a line without its newline. */
static int vmm_vgic_next(struct vmm_vgic_lines *l, struct vmm_vgic_cur *c,
			 struct vmm_vgic_perr *e)
{
	const char *s = l->text + l->off, *nl;

	if (l->off >= l->len)
		return 0;
	l->no++;
	nl = memchr(s, '\n', l->len - l->off);
	if (!nl)
		return vmm_vgic_bad(e, l->no, "a line ending in a newline (truncated)");
	if (memchr(s, '\0', (size_t)(nl - s)))
		return vmm_vgic_bad(e, l->no, "text (a NUL byte)");
	c->p = s;
	c->end = nl;
	l->off = (size_t)(nl - l->text) + 1;
	return 1;
}

static bool vmm_vgic_is(const struct vmm_vgic_cur *c, const char *want)
{
	size_t n = strlen(want);

	return (size_t)(c->end - c->p) == n && !memcmp(c->p, want, n);
}

static bool vmm_vgic_lit(struct vmm_vgic_cur *c, const char *want)
{
	size_t n = strlen(want);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, want, n))
		return false;
	c->p += n;
	return true;
}

enum { NUM_OK, NUM_BAD, NUM_BIG };

static int vmm_vgic_digit(char ch, int base)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (base == 16 && ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/*
 * One printf field of width w (0: none) in base 10 or 16 (lowercase), as
 * printf writes it: spaces to the width, a '-' when neg is allowed, digits
 * without a leading zero. Values above max are NUM_BIG; neg values only -1.
 */
static int vmm_vgic_num(struct vmm_vgic_cur *c, int w, int base, bool neg, uint64_t max,
			int64_t *out)
{
	const char *p = c->p, *d;
	size_t sp = 0, len;
	bool minus = false;
	uint64_t v = 0;
	bool big = false;

	while (p < c->end && *p == ' ') {
		p++;
		sp++;
	}
	if (neg && p < c->end && *p == '-') {
		minus = true;
		p++;
	}
	d = p;
	while (p < c->end && vmm_vgic_digit(*p, base) >= 0) {
		unsigned int dg = (unsigned int)vmm_vgic_digit(*p, base);

		if (v > (UINT64_MAX - dg) / (uint64_t)base)
			big = true;
		else
			v = v * (uint64_t)base + dg;
		p++;
	}
	if (p == d || (p - d > 1 && *d == '0'))
		return NUM_BAD;
	len = (size_t)(p - d) + minus;
	if (w && (len < (size_t)w ? sp != (size_t)w - len : sp != 0))
		return NUM_BAD;
	if (!w && sp)
		return NUM_BAD;
	if (minus && (big || v != 1))
		return big || v > 1 ? NUM_BIG : NUM_BAD;
	if (big || v > max)
		return NUM_BIG;
	c->p = p;
	*out = minus ? -1 : (int64_t)v;
	return NUM_OK;
}

/* A field: its failure reported as the expected thing, or as too large. */
static int vmm_vgic_field(struct vmm_vgic_cur *c, unsigned int line, struct vmm_vgic_perr *e,
			  const char *name, int w, int base, bool neg, uint64_t max, int64_t *out)
{
	int r = vmm_vgic_num(c, w, base, neg, max, out);

	if (r == NUM_BIG)
		return vmm_vgic_bad(e, line, "%s: a number up to %" PRIu64 " (too large)", name,
				    max);
	if (r == NUM_BAD)
		return vmm_vgic_bad(e, line, "%s: a %s number%s%s", name,
				    base == 16 ? "hex" : "decimal", neg ? " or -1" : "",
				    w ? " in printf's field width" : "");
	return 0;
}

static bool vmm_vgic_sp(struct vmm_vgic_cur *c)
{
	return vmm_vgic_lit(c, " ");
}

/* ---- vgic-state ------------------------------------------------------------- */

static const char *const vmm_vgic_legend[] = {
	"P=pending_latch, L=line_level, A=active",
	"E=enabled, H=hw, C=config (level=1, edge=0)",
	"G=group",
};

#define VMM_VGIC_COLS " TYP   ID TGT_ID PLAEHCG     HWID   TARGET SRC PRI VCPU_ID"
#define VMM_VGIC_DASHES \
	"----------------------------------------------------------------"

const char *vmm_vgic_type_name(enum vmm_vgic_type t)
{
	static const char *const n[] = { "sgi", "ppi", "spi", "lpi" };

	return (unsigned int)t < 4 ? n[t] : "?";
}

/* "name:\t%d" with the value in [0, max]. */
static int vmm_vgic_dist_num(struct vmm_vgic_lines *l, struct vmm_vgic_perr *e,
			     const char *name, uint64_t max, int32_t *out)
{
	struct vmm_vgic_cur c;
	char want[32];
	int64_t v;
	int r;

	r = vmm_vgic_next(l, &c, e);
	if (r <= 0)
		return r ? r : vmm_vgic_bad(e, l->no + 1, "'%s:\\t' (the file ends)", name);
	snprintf(want, sizeof(want), "%s:\t", name);
	if (!vmm_vgic_lit(&c, want))
		return vmm_vgic_bad(e, l->no, "'%s:\\t' and a number", name);
	r = vmm_vgic_field(&c, l->no, e, name, 0, 10, false, max, &v);
	if (r)
		return r;
	if (c.p != c.end)
		return vmm_vgic_bad(e, l->no, "the end of the line after %s", name);
	*out = (int32_t)v;
	return 0;
}

/* The exact line want: 0, or -EINVAL naming it. */
static int vmm_vgic_exact(struct vmm_vgic_lines *l, struct vmm_vgic_perr *e, const char *want,
			  const char *name)
{
	struct vmm_vgic_cur c;
	int r = vmm_vgic_next(l, &c, e);

	if (r < 0)
		return r;
	if (!r)
		return vmm_vgic_bad(e, l->no + 1, "%s (the file ends)", name);
	if (!vmm_vgic_is(&c, want))
		return vmm_vgic_bad(e, l->no, "%s", name);
	return 0;
}

static int vmm_vgic_push(struct vmm_vgic_state *st, size_t *cap, const struct vmm_vgic_irq *q)
{
	if (st->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 128;
		struct vmm_vgic_irq *t = realloc(st->irqs, nc * sizeof(*t));

		if (!t)
			return -ENOMEM;
		st->irqs = t;
		*cap = nc;
	}
	st->irqs[st->n++] = *q;
	return 0;
}

/* One IRQ line; sect is the section's vCPU or -1 (SPI); last the previous intid or -1. */
static int vmm_vgic_row(struct vmm_vgic_cur *c, unsigned int line, struct vmm_vgic_perr *e,
			const struct vmm_vgic_state *st, int32_t sect, int64_t last,
			struct vmm_vgic_irq *q)
{
	static const char *const types[] = { "SGI", "PPI", "SPI", "LPI" };
	bool *flags[] = { &q->pending, &q->line_level, &q->active, &q->enabled, &q->hw,
			  &q->level };
	int64_t v;
	int t = -1, r;

	memset(q, 0, sizeof(*q));
	q->vcpu = sect;
	if (!vmm_vgic_lit(c, "       "))
		return vmm_vgic_bad(e, line, "an IRQ line (7 spaces, then SGI, PPI, SPI or LPI)");
	/* one type word: "SGISPI" is no type (the loop once took both) */
	for (int i = 0; i < 4 && t < 0; i++)
		if (vmm_vgic_lit(c, types[i]))
			t = i;
	if (t < 0 || !vmm_vgic_sp(c))
		return vmm_vgic_bad(e, line, "the type: SGI, PPI, SPI or LPI");
	q->type = (enum vmm_vgic_type)t;
	if ((r = vmm_vgic_field(c, line, e, "ID", 4, 10, false, UINT32_MAX, &v)))
		return r;
	q->intid = (uint32_t)v;
	/* the kernel names the type after the intid */
	if ((q->intid < 16 ? 0 : q->intid < 32 ? 1 : q->intid < VMM_VGIC_MAX_SPI ? 2 : 3) != t)
		return vmm_vgic_bad(e, line, "ID: an intid of type %s (%" PRIu32 " is not)",
				    types[t], q->intid);
	if (sect >= 0 && t > 1 && !(t == 3 && st->nr_spis == 0))
		return vmm_vgic_bad(e, line, "an SGI or PPI in the section of VCPU %d", sect);
	if (sect < 0 && t < 2)
		return vmm_vgic_bad(e, line, "an SPI or LPI in the SPI section");
	if (t == 2 && q->intid >= 32u + (uint32_t)st->nr_spis)
		return vmm_vgic_bad(e, line, "ID: an SPI below %d (nr_spis %d)",
				    32 + st->nr_spis, st->nr_spis);
	if (t == 3 && (!st->v3 || q->intid < VMM_VGIC_MIN_LPI))
		return vmm_vgic_bad(e, line, "ID: %s", st->v3 ? "an LPI from 8192" :
				    "no LPI on a GICv2");
	if ((int64_t)q->intid <= last)
		return vmm_vgic_bad(e, line, "ID: above the previous line's %" PRId64, last);
	if (!vmm_vgic_lit(c, "     "))
		return vmm_vgic_bad(e, line, "5 spaces before TGT_ID");
	if ((r = vmm_vgic_field(c, line, e, "TGT_ID", 2, 10, true, INT32_MAX, &v)))
		return r;
	q->target = (int32_t)v;
	if (!vmm_vgic_sp(c))
		return vmm_vgic_bad(e, line, "a space before the flags");
	for (int i = 0; i < 7; i++) {
		char ch = c->p < c->end ? *c->p : '\n';

		if (ch != '0' && ch != '1')
			return vmm_vgic_bad(e, line, "flag %c (column %d of PLAEHCG): 0 or 1",
					    "PLAEHCG"[i], i + 1);
		if (i < 6)
			*flags[i] = ch == '1';
		else
			q->group = (uint8_t)(ch - '0');
		c->p++;
	}
	if (!vmm_vgic_sp(c))
		return vmm_vgic_bad(e, line, "a space after the 7 flags");
	if ((r = vmm_vgic_field(c, line, e, "HWID", 8, 10, false, INT32_MAX, &v)))
		return r;
	q->hwintid = (uint32_t)v;
	if (!vmm_vgic_sp(c))
		return vmm_vgic_bad(e, line, "a space before TARGET");
	if ((r = vmm_vgic_field(c, line, e, "TARGET", 8, 16, false, UINT32_MAX, &v)))
		return r;
	q->mpidr = (uint32_t)v;
	if (!vmm_vgic_lit(c, "  "))
		return vmm_vgic_bad(e, line, "2 spaces before SRC");
	if ((r = vmm_vgic_field(c, line, e, "SRC", 2, 16, false, UINT8_MAX, &v)))
		return r;
	q->source = (uint8_t)v;
	if (!vmm_vgic_sp(c))
		return vmm_vgic_bad(e, line, "a space before PRI");
	if ((r = vmm_vgic_field(c, line, e, "PRI", 3, 10, false, UINT8_MAX, &v)))
		return r;
	q->priority = (uint8_t)v;
	if (!vmm_vgic_lit(c, "      "))
		return vmm_vgic_bad(e, line, "6 spaces before VCPU_ID");
	if ((r = vmm_vgic_field(c, line, e, "VCPU_ID", 2, 10, true, INT32_MAX, &v)))
		return r;
	q->queued = (int32_t)v;
	if (!vmm_vgic_is(c, " "))
		return vmm_vgic_bad(e, line, "one space, then the end of the line");
	return 0;
}

/* A section header after its blank line: vCPU n ("VCPU%2d") or -1 ("SPI  0"). */
static int vmm_vgic_header(struct vmm_vgic_cur *c, unsigned int line, struct vmm_vgic_perr *e,
			   int32_t want_vcpu, bool spi_ok, int32_t *sect)
{
	int64_t v;
	int r;

	if (spi_ok && vmm_vgic_is(c, "SPI  0" VMM_VGIC_COLS)) {
		*sect = -1;
		return 0;
	}
	if (!vmm_vgic_lit(c, "VCPU"))
		return vmm_vgic_bad(e, line, "a section header: 'VCPU%%2d TYP ...'%s",
				    spi_ok ? " or 'SPI  0 ...'" : "");
	r = vmm_vgic_field(c, line, e, "VCPU", 2, 10, false, INT32_MAX, &v);
	if (r)
		return r;
	if (v != want_vcpu)
		return vmm_vgic_bad(e, line, "the section of VCPU %d (VCPU sections are in order)",
				    want_vcpu);
	if (!vmm_vgic_is(c, VMM_VGIC_COLS))
		return vmm_vgic_bad(e, line, "the column names after VCPU%2d", want_vcpu);
	*sect = (int32_t)v;
	return 0;
}

int vmm_vgic_parse_state(const char *text, size_t len, struct vmm_vgic_state *st,
			 struct vmm_vgic_perr *e)
{
	struct vmm_vgic_lines l = { text, len, 0, 0 };
	struct vmm_vgic_cur c;
	int32_t sect = 0, v = 0;
	int64_t last = -1;
	size_t cap = 0;
	bool in = false, spi = false;
	int r;

	memset(st, 0, sizeof(*st));
	memset(e, 0, sizeof(*e));
	st->nr_lpis = -1;
	if ((r = vmm_vgic_exact(&l, e, "Distributor", "'Distributor'")) ||
	    (r = vmm_vgic_exact(&l, e, "===========", "'===========' under 'Distributor'")))
		goto fail;
	r = vmm_vgic_next(&l, &c, e);
	if (r <= 0) {
		r = r ? r : vmm_vgic_bad(e, l.no + 1, "'vgic_model:\\t' (the file ends)");
		goto fail;
	}
	if (vmm_vgic_is(&c, "vgic_model:\tGICv3"))
		st->v3 = true;
	else if (!vmm_vgic_is(&c, "vgic_model:\tGICv2")) {
		r = vmm_vgic_bad(e, l.no, "'vgic_model:\\tGICv3' or 'vgic_model:\\tGICv2'");
		goto fail;
	}
	if ((r = vmm_vgic_dist_num(&l, e, "nr_spis", VMM_VGIC_MAX_SPI - 32, &st->nr_spis)))
		goto fail;
	if (st->v3 && (r = vmm_vgic_dist_num(&l, e, "nr_lpis", INT32_MAX, &st->nr_lpis)))
		goto fail;
	if ((r = vmm_vgic_dist_num(&l, e, "enabled", 1, &v)))
		goto fail;
	st->enabled = v;
	if ((r = vmm_vgic_exact(&l, e, "", "a blank line after the distributor")))
		goto fail;
	for (int i = 0; i < 3; i++)
		if ((r = vmm_vgic_exact(&l, e, vmm_vgic_legend[i], vmm_vgic_legend[i])))
			goto fail;
	/* sections: a blank line, a header, the dashes, then IRQ lines */
	while ((r = vmm_vgic_next(&l, &c, e)) > 0) {
		struct vmm_vgic_irq q;

		if (vmm_vgic_is(&c, "")) {
			if (spi) {
				r = vmm_vgic_bad(e, l.no, "an SPI or LPI line (the SPI section "
						 "is the last)");
				goto fail;
			}
			if ((r = vmm_vgic_next(&l, &c, e)) <= 0) {
				r = r ? r : vmm_vgic_bad(e, l.no + 1, "a section header (the "
							 "file ends)");
				goto fail;
			}
			if ((r = vmm_vgic_header(&c, l.no, e, st->vcpus, st->vcpus > 0, &sect)))
				goto fail;
			if ((r = vmm_vgic_exact(&l, e, VMM_VGIC_DASHES, "a line of 64 dashes")))
				goto fail;
			if (sect < 0)
				spi = true;
			else
				st->vcpus++;
			in = true;
			last = -1;
			continue;
		}
		if (!in) {
			r = vmm_vgic_bad(e, l.no, "a blank line before a section");
			goto fail;
		}
		if ((r = vmm_vgic_row(&c, l.no, e, st, sect, last, &q)))
			goto fail;
		last = q.intid;
		if (q.type == VMM_VGIC_LPI)
			q.vcpu = -1;
		if (vmm_vgic_push(st, &cap, &q)) {
			r = -ENOMEM;
			goto fail;
		}
	}
	if (r < 0)
		goto fail;
	st->initialized = in;
	return 0;
fail:
	vmm_vgic_state_free(st);
	return r;
}

void vmm_vgic_state_free(struct vmm_vgic_state *st)
{
	free(st->irqs);
	st->irqs = NULL;
	st->n = 0;
}

/* ---- vgic-its-state@BASE ------------------------------------------------------ */

#define VMM_VGIC_ITS_COLS "EVENT_ID    INTID  HWINTID   TARGET   COL_ID HW"
#define VMM_VGIC_ITS_DASHES "-----------------------------------------------"

static int vmm_vgic_its_dev(struct vmm_vgic_cur *c, unsigned int line, struct vmm_vgic_perr *e,
			    struct vmm_vgic_device *d)
{
	int64_t v;
	int r;

	memset(d, 0, sizeof(*d));
	if (!vmm_vgic_lit(c, "Device ID: 0x"))
		return vmm_vgic_bad(e, line, "'Device ID: 0x'");
	if ((r = vmm_vgic_field(c, line, e, "Device ID", 0, 16, false, UINT32_MAX, &v)))
		return r;
	d->device_id = (uint32_t)v;
	if (!vmm_vgic_lit(c, ", Event ID Range: [0 - "))
		return vmm_vgic_bad(e, line, "', Event ID Range: [0 - ' after the device ID");
	if ((r = vmm_vgic_field(c, line, e, "Event ID Range", 0, 10, false, INT64_MAX, &v)))
		return r;
	d->event_id_max = (uint64_t)v;
	/* BIT_ULL(num_eventid_bits) - 1 */
	if (d->event_id_max & (d->event_id_max + 1))
		return vmm_vgic_bad(e, line, "Event ID Range: an end of 2^bits - 1");
	while (d->event_id_bits < 64 && (d->event_id_max >> d->event_id_bits))
		d->event_id_bits++;
	if (!vmm_vgic_is(c, "]"))
		return vmm_vgic_bad(e, line, "']' and the end of the line");
	return 0;
}

static int vmm_vgic_its_row(struct vmm_vgic_cur *c, unsigned int line, struct vmm_vgic_perr *e,
			    const struct vmm_vgic_device *d, struct vmm_vgic_event *ev)
{
	static const char *const names[] = { "EVENT_ID", "INTID", "HWINTID", "TARGET", "COL_ID" };
	uint32_t *f[] = { &ev->event_id, &ev->intid, &ev->hwintid, &ev->target,
			  &ev->collection };
	int64_t v;
	int r;

	for (int i = 0; i < 5; i++) {
		if ((r = vmm_vgic_field(c, line, e, names[i], 8, 10, false, UINT32_MAX, &v)))
			return r;
		*f[i] = (uint32_t)v;
		if (!vmm_vgic_sp(c))
			return vmm_vgic_bad(e, line, "a space after %s", names[i]);
	}
	if ((r = vmm_vgic_field(c, line, e, "HW", 2, 10, false, 1, &v)))
		return r;
	ev->hw = v;
	if (c->p != c->end)
		return vmm_vgic_bad(e, line, "the end of the line after HW");
	if (ev->event_id > d->event_id_max)
		return vmm_vgic_bad(e, line, "EVENT_ID: within the device's range [0 - %" PRIu64
				    "]", d->event_id_max);
	if (ev->intid < VMM_VGIC_MIN_LPI)
		return vmm_vgic_bad(e, line, "INTID: an LPI from 8192");
	return 0;
}

int vmm_vgic_parse_its(const char *text, size_t len, struct vmm_vgic_its *its,
		       struct vmm_vgic_perr *e)
{
	struct vmm_vgic_lines l = { text, len, 0, 0 };
	size_t dcap = 0, ecap = 0;
	struct vmm_vgic_cur c;
	int r;

	memset(its, 0, sizeof(*its));
	memset(e, 0, sizeof(*e));
	while ((r = vmm_vgic_next(&l, &c, e)) > 0) {
		struct vmm_vgic_device *d;

		if (vmm_vgic_is(&c, "")) {
			if ((r = vmm_vgic_next(&l, &c, e)) <= 0) {
				r = r ? r : vmm_vgic_bad(e, l.no + 1, "'Device ID: 0x' (the "
							 "file ends)");
				goto fail;
			}
			if (its->ndevs == dcap) {
				size_t nc = dcap ? dcap * 2 : 16;
				struct vmm_vgic_device *t = realloc(its->devs, nc * sizeof(*t));

				if (!t) {
					r = -ENOMEM;
					goto fail;
				}
				its->devs = t;
				dcap = nc;
			}
			d = &its->devs[its->ndevs];
			if ((r = vmm_vgic_its_dev(&c, l.no, e, d)) ||
			    (r = vmm_vgic_exact(&l, e, VMM_VGIC_ITS_COLS, "the column names 'EVENT_ID    INTID ...'")) ||
			    (r = vmm_vgic_exact(&l, e, VMM_VGIC_ITS_DASHES, "a line of 47 dashes")))
				goto fail;
			d->first = its->nevents;
			its->ndevs++;
			continue;
		}
		if (!its->ndevs) {
			r = vmm_vgic_bad(e, l.no, "a blank line before a device");
			goto fail;
		}
		d = &its->devs[its->ndevs - 1];
		if (its->nevents == ecap) {
			size_t nc = ecap ? ecap * 2 : 64;
			struct vmm_vgic_event *t = realloc(its->events, nc * sizeof(*t));

			if (!t) {
				r = -ENOMEM;
				goto fail;
			}
			its->events = t;
			ecap = nc;
		}
		if ((r = vmm_vgic_its_row(&c, l.no, e, d, &its->events[its->nevents])))
			goto fail;
		its->nevents++;
		d->n++;
	}
	if (r < 0)
		goto fail;
	return 0;
fail:
	vmm_vgic_its_free(its);
	return r;
}

void vmm_vgic_its_free(struct vmm_vgic_its *its)
{
	free(its->devs);
	free(its->events);
	its->devs = NULL;
	its->events = NULL;
	its->ndevs = its->nevents = 0;
}

int vmm_vgic_its_name(const char *name, uint64_t *base)
{
	size_t n = strlen(VMM_VGIC_ITS_PREFIX);
	const char *p = name + n;
	size_t len = 0;
	uint64_t x = 0;

	if (strncmp(name, VMM_VGIC_ITS_PREFIX, n))
		return -EINVAL;
	/* %llx: lowercase, no leading zero, at most 16 digits */
	len = strlen(p);
	if (!len || len > 16 || (len > 1 && *p == '0'))
		return -EINVAL;
	for (; *p; p++) {
		int d = vmm_vgic_digit(*p, 16);

		if (d < 0)
			return -EINVAL;
		x = x << 4 | (uint64_t)d;
	}
	*base = x;
	return 0;
}

/* ---- reading them ------------------------------------------------------------ */

static int vmm_vgic_read(struct vmm_sys *s, const char *path, char **buf, size_t *len)
{
	ssize_t n = vmm_sys_read_all(s, path, VMM_VGIC_MAX_FILE, buf);

	if (n < 0)
		return (int)n;
	*len = (size_t)n;
	return 0;
}

int vmm_vgic_read_state(struct vmm_sys *s, const char *dbg, struct vmm_vgic_state *st,
			struct vmm_vgic_perr *e)
{
	char path[PATH_MAX], *buf = NULL;
	size_t len = 0;
	int ret;

	memset(st, 0, sizeof(*st));
	memset(e, 0, sizeof(*e));
	snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s/" VMM_VGIC_STATE, dbg);
	ret = vmm_vgic_read(s, path, &buf, &len);
	if (ret)
		return ret;
	ret = vmm_vgic_parse_state(buf, len, st, e);
	free(buf);
	if (ret)
		return vmm_sys_fail(s, -ret, "read", path);
	return 0;
}

struct vmm_vgic_bases {
	uint64_t *v;
	int n, cap;
};

static int vmm_vgic_add_base(void *arg, const char *name, unsigned char type)
{
	struct vmm_vgic_bases *b = arg;
	uint64_t base, *t;

	(void)type;
	if (vmm_vgic_its_name(name, &base))
		return 0;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 4;
		t = realloc(b->v, (size_t)b->cap * sizeof(*t));
		if (!t)
			return -ENOMEM;
		b->v = t;
	}
	b->v[b->n++] = base;
	return 0;
}

static int vmm_vgic_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int vmm_vgic_its_bases(struct vmm_sys *s, const char *dbg, uint64_t **bases)
{
	struct vmm_vgic_bases b = { 0 };
	char dir[PATH_MAX];
	int ret;

	*bases = NULL;
	snprintf(dir, sizeof(dir), VMM_KVM_DEBUGFS "/%s", dbg);
	ret = vmm_sys_scan_dir(s, dir, vmm_vgic_add_base, &b);
	if (ret) {
		free(b.v);
		return ret == -ENOMEM ? vmm_sys_record(s, ENOMEM, "opendir", NULL, dir) : ret;
	}
	if (b.n)
		qsort(b.v, (size_t)b.n, sizeof(*b.v), vmm_vgic_cmp_u64);
	*bases = b.v;
	return b.n;
}

int vmm_vgic_read_its(struct vmm_sys *s, const char *dbg, uint64_t base,
		      struct vmm_vgic_its *its, struct vmm_vgic_perr *e)
{
	char path[PATH_MAX], *buf = NULL;
	size_t len = 0;
	int ret;

	memset(its, 0, sizeof(*its));
	memset(e, 0, sizeof(*e));
	snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s/" VMM_VGIC_ITS_PREFIX "%" PRIx64, dbg,
		 base);
	ret = vmm_vgic_read(s, path, &buf, &len);
	if (ret)
		return ret;
	ret = vmm_vgic_parse_its(buf, len, its, e);
	free(buf);
	if (ret)
		return vmm_sys_fail(s, -ret, "read", path);
	its->base = base;
	return 0;
}
