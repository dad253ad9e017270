// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Parser, summary and diff of KVM's arm64 stage-2 dump (spec E.2). The line
 * parser is written for speed: a million-line dump is parsed in about the
 * time it takes to read it, so it avoids sscanf and checks every field.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptdump.h"
#include "sys.h"

#define TITLE		"---[ Guest IPA ]---"
#define ATTR_COLS	20

void vmm_s2_init(struct vmm_s2_dump *d)
{
	memset(d, 0, sizeof(*d));
}

int vmm_s2_extent(const struct vmm_s2_dump *d, uint32_t *ipa_bits, uint32_t *levels)
{
	uint64_t end = d->last_end;

	if (!d->count || !d->levels_seen || !end || (end & (end - 1)))
		return -ENODATA;
	*ipa_bits = (uint32_t)__builtin_ctzll(end);
	/* levels run from the start level to 3; bit 0 is level -1 */
	*levels = 4U + 1U - (uint32_t)__builtin_ctz(d->levels_seen);
	return 0;
}

void vmm_s2_free(struct vmm_s2_dump *d)
{
	free(d->e);
	free(d->carry);
	free(d->memo);
	vmm_s2_init(d);
}

/* ---- one range line ----------------------------------------------------- */

static const signed char hexval[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7,
	['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13,
	['d'] = 14, ['e'] = 15, ['f'] = 16,
};

/* "0x" and 1 to 16 lowercase hex digits (the kernel prints %016lx). */
static const char *parse_hex(const char *p, const char *end, uint64_t *v)
{
	const char *start;
	uint64_t x = 0;

	if (end - p < 3 || p[0] != '0' || p[1] != 'x')
		return NULL;
	p += 2;
	start = p;
	while (p < end && hexval[(unsigned char)*p]) {
		if (p - start == 16)
			return NULL;
		x = x << 4 | (uint64_t)(hexval[(unsigned char)*p] - 1);
		p++;
	}
	if (p == start)
		return NULL;
	*v = x;
	return p;
}

/*
 * Eight lowercase hex digits at once (SWAR): a digit's value is its low
 * nibble, plus 9 for the letters; the line is valid when turning the
 * values back into characters gives the same bytes.
 */
static inline __attribute__((always_inline)) bool hex8(const char *p, uint32_t *out)
{
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t x, v, gt9, big;

	memcpy(&x, p, 8);
	v = (x & 0x0f0f0f0f0f0f0f0full) + ((x >> 6) & ones) * 9;
	gt9 = ((v + 0x76 * ones) >> 7) & ones;
	big = ((v + 0x70 * ones) >> 7) & ones;
	if (big || v + 0x30 * ones + gt9 * 0x27 != x)
		return false;
	/* the first digit is the low byte: fold pairs, then quads */
	v = ((v & 0x000f000f000f000full) << 4) | ((v & 0x0f000f000f000f00ull) >> 8);
	v = ((v & 0x000000ff000000ffull) << 8) | ((v & 0x00ff000000ff0000ull) >> 16);
	*out = (uint32_t)(((v & 0xffffull) << 16) | ((v >> 32) & 0xffffull));
	return true;
}

/* Exactly 16 digits, the kernel's %016lx: the common case. */
static inline __attribute__((always_inline)) bool hex16(const char *p, uint64_t *v)
{
	uint32_t hi, lo;

	if (!hex8(p, &hi) || !hex8(p + 8, &lo))
		return false;
	*v = (uint64_t)hi << 32 | lo;
	return true;
}

/* Units of the size column: the largest that divides the size evenly. */
static int unit_shift(char c)
{
	switch (c) {
	case 'K': return 10;
	case 'M': return 20;
	case 'G': return 30;
	case 'T': return 40;
	case 'P': return 50;
	case 'E': return 60;
	default: return -1;
	}
}

/*
 * The 20 attribute columns: " V R W EXEC__ AF BLK" where V is blank (valid)
 * or F, and each other field is its token or blanks of the same width.
 */
static int parse_attrs(const char *a, uint8_t *attr, const char **why)
{
	uint8_t v = VMM_S2_PRESENT;

	if (a[0] != ' ' || a[2] != ' ' || a[4] != ' ' || a[6] != ' ' || a[13] != ' ' ||
	    a[16] != ' ')
		goto bad;
	if (a[1] == ' ')
		v |= VMM_S2_VALID;
	else if (a[1] != 'F')
		goto bad;
	if (a[3] == 'R')
		v |= VMM_S2_R;
	else if (a[3] != ' ')
		goto bad;
	if (a[5] == 'W')
		v |= VMM_S2_W;
	else if (a[5] != ' ')
		goto bad;
	if (!memcmp(a + 7, "px ux ", 6))
		v |= VMM_S2_PX | VMM_S2_UX;
	else if (!memcmp(a + 7, "PXNux ", 6))
		v |= VMM_S2_UX;
	else if (!memcmp(a + 7, "px UXN", 6))
		v |= VMM_S2_PX;
	else if (memcmp(a + 7, "PXNUXN", 6))
		goto bad;
	if (a[14] == 'A' && a[15] == 'F')
		v |= VMM_S2_AF;
	else if (a[14] != ' ' || a[15] != ' ')
		goto bad;
	if (!memcmp(a + 17, "BLK", 3))
		v |= VMM_S2_BLOCK;
	else if (memcmp(a + 17, "   ", 3))
		goto bad;
	*attr = v;
	return 0;
bad:
	*why = "attributes are not \" [F] R W <px ux|PXNux|px UXN|PXNUXN> AF BLK\" columns";
	return -EINVAL;
}

int vmm_s2_parse_line(const char *line, size_t len, struct vmm_s2_entry *e, const char **why)
{
	const char *p = line, *end = line + len;
	uint64_t size = 0;
	int shift, digits = 0;

	if (len > 38 && !memcmp(line, "0x", 2) && !memcmp(line + 18, "-0x", 3) && line[37] == ' ' &&
	    hex16(line + 2, &e->start) && hex16(line + 21, &e->end)) {
		p = line + 37;
	} else {
		p = parse_hex(p, end, &e->start);
		if (!p || p == end || *p != '-') {
			*why = "expected START-END as 0x<hex>-0x<hex>";
			return -EINVAL;
		}
		p = parse_hex(p + 1, end, &e->end);
		if (!p || p == end || *p != ' ') {
			*why = "expected START-END as 0x<hex>-0x<hex>";
			return -EINVAL;
		}
	}
	if (e->end <= e->start) {
		*why = "the range ends before it starts";
		return -EINVAL;
	}
	/* "   " and the size as %9lu: skip the blanks the width adds */
	if (end - p > 12 && !memcmp(p, "   ", 3))
		p += 3;
	while (p < end && *p == ' ')
		p++;
	while (p < end && *p >= '0' && *p <= '9') {
		if (++digits > 19)
			break;
		size = size * 10 + (uint64_t)(*p++ - '0');
	}
	shift = p < end ? unit_shift(*p) : -1;
	if (!digits || digits > 19 || shift < 0 || (shift < 64 && size >> (64 - shift))) {
		*why = "expected the size as a number and a unit K, M, G, T, P or E";
		return -EINVAL;
	}
	/* the size repeats the range: a mismatch means a misread line */
	if ((size << shift) != e->end - e->start) {
		*why = "the size column does not match the range";
		return -EINVAL;
	}
	p++;
	if (end - p < 2 || p[0] != ' ') {
		*why = "expected the level after the size";
		return -EINVAL;
	}
	p++;
	if (*p == '-' && end - p >= 2 && p[1] == '1') {
		e->level = -1;
		p += 2;
	} else if (*p >= '0' && *p <= '3') {
		e->level = (int8_t)(*p++ - '0');
	} else {
		*why = "expected the level -1 to 3";
		return -EINVAL;
	}
	e->attr = 0;
	if (p == end)
		return 0;
	if (end - p != ATTR_COLS) {
		*why = "expected nothing or 20 attribute columns after the level";
		return -EINVAL;
	}
	if (parse_attrs(p, &e->attr, why))
		return -EINVAL;
	if ((e->attr & VMM_S2_BLOCK) && e->level != 1 && e->level != 2) {
		*why = "BLK on a level that has no blocks";
		return -EINVAL;
	}
	return 0;
}

/* ---- the whole text ---------------------------------------------------------- */

static int fail(struct vmm_s2_dump *d, const char *fmt, const char *arg)
{
	d->err_line = d->lines;
	snprintf(d->err, sizeof(d->err), fmt, arg);
	return -EINVAL;
}

static int store(struct vmm_s2_dump *d, const struct vmm_s2_entry *e)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 1024;
		struct vmm_s2_entry *ne = realloc(d->e, cap * sizeof(*ne));

		if (!ne)
			return -ENOMEM;
		d->e = ne;
		d->cap = cap;
	}
	d->e[d->n++] = *e;
	return 0;
}

static int add_entry(struct vmm_s2_dump *d, const struct vmm_s2_entry *e)
{
	if (!d->count)
		d->first_start = e->start;
	else if (e->start < d->last_end)
		return fail(d, "%s", "the range starts below the end of the line before");
	d->count++;
	d->last_end = e->end;
	d->levels_seen |= (uint8_t)(1U << (e->level + 1));
	if (d->sink == vmm_s2_spool_sink)	/* show's: its common case without a call */
		return vmm_s2_spool_put(d->sink_priv, e);
	return d->sink ? d->sink(d->sink_priv, e) : store(d, e);
}

int vmm_s2_reserve(struct vmm_s2_dump *d, size_t n)
{
	struct vmm_s2_entry *ne;

	if (n <= d->cap)
		return 0;
	ne = realloc(d->e, n * sizeof(*ne));
	if (!ne)
		return -ENOMEM;
	d->e = ne;
	d->cap = n;
	/* a large array is written once, front to back: huge pages fault less */
	if (n * sizeof(*ne) >= (8u << 20))
		vmm_sys_hugepage_hint(ne, n * sizeof(*ne));
	return 0;
}

int vmm_s2_append(struct vmm_s2_dump *a, const struct vmm_s2_dump *b)
{
	int ret = vmm_s2_reserve(a, a->n + b->n);

	if (ret || !b->n)
		return ret;
	memcpy(a->e + a->n, b->e, b->n * sizeof(*b->e));
	a->n += b->n;
	return 0;
}

static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > max)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static void copy_field(char *dst, size_t len, const char *val)
{
	snprintf(dst, len, "%s", val);
}

/* "# key: value" lines before the dump; unknown keys are for later versions. */
static int header_line(struct vmm_s2_dump *d, char *line)
{
	struct vmm_s2_hdr *h = &d->hdr;
	char *val;
	int ret = 0;

	if (!strncmp(line, VMM_S2_MAGIC " v", sizeof(VMM_S2_MAGIC " v") - 1)) {
		uint32_t v;

		if (d->lines != 1)
			return fail(d, "%s", "the vmmctl header must be the first line");
		if (parse_u32(line + sizeof(VMM_S2_MAGIC " v") - 1, 1000, &v))
			return fail(d, "%s", "unreadable vmmctl header version");
		if (v != VMM_S2_VERSION)
			return fail(d, "file version %s is not 1 (made by a newer vmmctl?)",
				    line + sizeof(VMM_S2_MAGIC " v") - 1);
		h->present = true;
		h->version = (int)v;
		return 0;
	}
	val = strstr(line, ": ");
	if (!val)
		return 0;	/* a comment */
	*val = '\0';
	val += 2;
	line += 2;
	if (!strcmp(line, "vm"))
		copy_field(h->vm, sizeof(h->vm), val);
	else if (!strcmp(line, "time"))
		copy_field(h->time, sizeof(h->time), val);
	else if (!strcmp(line, "kernel"))
		copy_field(h->kernel, sizeof(h->kernel), val);
	else if (!strcmp(line, "source"))
		copy_field(h->source, sizeof(h->source), val);
	else if (!strcmp(line, "ipa_bits"))
		ret = parse_u32(val, 64, &h->ipa_bits);
	else if (!strcmp(line, "levels"))
		ret = parse_u32(val, 5, &h->levels);
	else if (!strcmp(line, "page_size"))
		ret = parse_u32(val, 1u << 20, &h->page_size);
	if (ret)
		return fail(d, "header field '%s' has a bad value", line);
	return 0;
}

/* "VTCR: 0x%016llx VTTBR: 0x%016llx s2: enabled|disabled" */
static int mmu_line(struct vmm_s2_dump *d, const char *line, size_t len)
{
	const char *p = line + 6, *end = line + len;

	p = parse_hex(p, end, &d->vtcr);
	if (!p || end - p < 8 || memcmp(p, " VTTBR: ", 8))
		return fail(d, "%s", "expected \"VTCR: 0x.. VTTBR: 0x.. s2: enabled|disabled\"");
	p = parse_hex(p + 8, end, &d->vttbr);
	if (!p)
		return fail(d, "%s", "expected \"VTCR: 0x.. VTTBR: 0x.. s2: enabled|disabled\"");
	if ((size_t)(end - p) == 13 && !memcmp(p, " s2: disabled", 13))
		d->s2_enabled = false;
	else if ((size_t)(end - p) == 12 && !memcmp(p, " s2: enabled", 12))
		d->s2_enabled = true;
	else
		return fail(d, "%s", "expected \"s2: enabled\" or \"s2: disabled\"");
	d->mmu_line = true;
	return 0;
}

/*
 * The kernel's own layout, read fast. What follows a range's START-END
 * repeats: a few sizes, levels and attribute sets make up most of a dump.
 * A line whose tail (from column 37: size, level, attributes) is byte for
 * byte one that parsed before, with the same size, reads as that one did:
 * the parse of a line depends on nothing else. And a range's START is most
 * often the END of the line before, digit for digit. The fuzzer holds every
 * range to vmm_s2_parse_line of its line alone.
 */
#define MEMO_BITS	8
#define TAIL_AT		37
#define LINE_ATTRS	72	/* "0x%016lx-0x%016lx   %9lu%c %d" and 20 columns */
#define LINE_BARE	52	/* an unmapped range: no attributes */

struct vmm_s2_memo {
	uint64_t size;
	uint32_t len;		/* of the tail; 0: empty */
	int8_t level;
	uint8_t attr;
	char tail[LINE_ATTRS - TAIL_AT];
};

static inline uint64_t load8(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Tails of the two lengths, compared in overlapping 8-byte words. */
static inline bool tail_eq(const char *a, const char *b, size_t len)
{
	if (len == LINE_BARE - TAIL_AT)
		return !((load8(a) ^ load8(b)) | (load8(a + 7) ^ load8(b + 7)));
	return !((load8(a) ^ load8(b)) | (load8(a + 8) ^ load8(b + 8)) |
		 (load8(a + 16) ^ load8(b + 16)) | (load8(a + 24) ^ load8(b + 24)) |
		 (load8(a + 27) ^ load8(b + 27)));
}

static inline struct vmm_s2_memo *memo_slot(struct vmm_s2_dump *d, const char *line, size_t len,
					    uint64_t size)
{
	/* the attribute columns tell the sets of one size apart: R, W, then XN and AF */
	uint64_t k = (size * 0x9e3779b97f4a7c15ull ^ load8(line + len - 8) ^
		      load8(line + len - 16) * 0xff51afd7ed558ccdull) * 0x9e3779b97f4a7c15ull;

	return &d->memo[k >> (64 - MEMO_BITS)];
}

/*
 * A line of len LINE_ATTRS or LINE_BARE in the kernel's layout whose tail
 * the memo holds: true with *e filled, every byte of it checked (so it has
 * no newline either); false when the full parse must read it.
 */
static inline bool fast_range(struct vmm_s2_dump *d, const char *line, size_t len,
			      struct vmm_s2_entry *e)
{
	const struct vmm_s2_memo *m;
	uint32_t hi, lo;

	if (!d->memo || line[0] != '0' || line[1] != 'x' || line[18] != '-' || line[19] != '0' ||
	    line[20] != 'x')
		return false;
	if (d->end_text_ok && !((load8(line + 2) ^ load8(d->end_text)) |
				(load8(line + 10) ^ load8(d->end_text + 8))))
		e->start = d->last_end;
	else if (!hex16(line + 2, &e->start))
		return false;
	/* and END's top half is the one before's but every 4 GiB */
	if (d->end_text_ok && load8(line + 21) == load8(d->end_text))
		hi = (uint32_t)(d->last_end >> 32);
	else if (!hex8(line + 21, &hi))
		return false;
	if (!hex8(line + 29, &lo))
		return false;
	e->end = (uint64_t)hi << 32 | lo;
	if (e->end <= e->start)
		return false;
	m = memo_slot(d, line, len, e->end - e->start);
	if (m->len != len - TAIL_AT || m->size != e->end - e->start ||
	    !tail_eq(m->tail, line + TAIL_AT, len - TAIL_AT))
		return false;
	e->level = m->level;
	e->attr = m->attr;
	return true;
}

/* A range line read in full, its tail kept in the memo when it has the layout. */
static int parse_range(struct vmm_s2_dump *d, const char *line, size_t len,
		       struct vmm_s2_entry *e, const char **why)
{
	struct vmm_s2_memo *m;
	int ret = vmm_s2_parse_line(line, len, e, why);

	if (ret || !d->memo || (len != LINE_ATTRS && len != LINE_BARE) || line[1] != 'x' ||
	    line[18] != '-' || line[37] != ' ')
		return ret;
	m = memo_slot(d, line, len, e->end - e->start);
	m->size = e->end - e->start;
	m->len = (uint32_t)(len - TAIL_AT);
	m->level = e->level;
	m->attr = e->attr;
	memcpy(m->tail, line + TAIL_AT, len - TAIL_AT);
	return 0;
}

static int one_line(struct vmm_s2_dump *d, char *line, size_t len)
{
	struct vmm_s2_entry e;
	const char *why;

	d->lines++;
	if (len && line[0] == '0') {
		if (!d->memo)
			d->memo = calloc(1u << MEMO_BITS, sizeof(*d->memo));	/* NULL: no memo */
		if (parse_range(d, line, len, &e, &why))
			return fail(d, "%s", why);
		d->end_text_ok = false;
		return add_entry(d, &e);
	}
	if (!len)
		return 0;
	if (line[0] == '#') {
		if (d->titled || d->mmu_line || d->count || d->began)
			return fail(d, "%s", "a header line after the dump began");
		line[len] = '\0';
		return header_line(d, line);
	}
	if (len == sizeof(TITLE) - 1 && !memcmp(line, TITLE, len)) {
		if (d->titled || d->count || d->began)
			return fail(d, "%s", "a second \"" TITLE "\" line");
		d->titled = true;
		return 0;
	}
	if (len > 6 && !memcmp(line, "VTCR: ", 6)) {
		if (d->titled || d->count || d->mmu_line || d->began)
			return fail(d, "%s", "the VTCR line must come before the dump");
		return mmu_line(d, line, len);
	}
	return fail(d, "%s", "not a line of a stage-2 dump");
}

/* Room for n bytes and a terminating NUL in the carry buffer. */
static int carry_room(struct vmm_s2_dump *d, size_t n)
{
	size_t cap;
	char *nc;

	if (n + 1 <= d->carry_cap)
		return 0;
	/* no dump line is this long: stop before memory runs out */
	if (n > (512u << 10))
		return fail(d, "%s", "a line longer than 512 KiB");
	cap = (n + 1) * 2;
	nc = realloc(d->carry, cap);
	if (!nc)
		return -ENOMEM;
	d->carry = nc;
	d->carry_cap = cap;
	return 0;
}

int vmm_s2_feed(struct vmm_s2_dump *d, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t n;
	int ret;

	if (d->err_line)
		return -EINVAL;
	/* a line cut at the end of the last chunk: complete it first */
	if (d->carry_len) {
		nl = memchr(p, '\n', len);
		n = nl ? (size_t)(nl - p) : len;
		ret = carry_room(d, d->carry_len + n);
		if (ret)
			return ret;
		memcpy(d->carry + d->carry_len, p, n);
		d->carry_len += n;
		if (!nl)
			return 0;
		ret = one_line(d, d->carry, d->carry_len);
		d->carry_len = 0;
		if (ret)
			return ret;
		p = nl + 1;
	}
	while (p < end) {
		struct vmm_s2_entry e;

		/* a line of the kernel's layout: its newline where the layout puts it */
		n = end - p <= LINE_ATTRS ? 0 : p[LINE_BARE] == '\n' ? LINE_BARE :
		    p[LINE_ATTRS] == '\n' ? LINE_ATTRS : 0;
		if (n && fast_range(d, p, n, &e)) {
			d->lines++;
			ret = add_entry(d, &e);
			if (ret)
				return ret;
			memcpy(d->end_text, p + 21, sizeof(d->end_text));
			d->end_text_ok = true;
			p += n + 1;
			continue;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		n = (size_t)(nl - p);
		/* header lines are terminated in place: work on a copy */
		if (*p == '#' || *p == 'V') {
			ret = carry_room(d, n);
			if (!ret) {
				memcpy(d->carry, p, n);
				ret = one_line(d, d->carry, n);
			}
		} else {
			ret = one_line(d, (char *)p, n);
		}
		if (ret)
			return ret;
		p = nl + 1;
	}
	n = (size_t)(end - p);
	if (!n)
		return 0;
	ret = carry_room(d, n);
	if (ret)
		return ret;
	memcpy(d->carry, p, n);
	d->carry_len = n;
	return 0;
}

int vmm_s2_finish(struct vmm_s2_dump *d)
{
	int ret = 0;

	if (d->err_line)
		return -EINVAL;
	if (d->carry_len) {
		ret = one_line(d, d->carry, d->carry_len);
		d->carry_len = 0;
	}
	return ret;
}

/* ---- rendering helpers --------------------------------------------------- */

void vmm_s2_attr_columns(uint8_t attr, char buf[24])
{
	if (!(attr & VMM_S2_PRESENT)) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, 24, " %c %c %c %s %s %s", attr & VMM_S2_VALID ? ' ' : 'F',
		 attr & VMM_S2_R ? 'R' : ' ', attr & VMM_S2_W ? 'W' : ' ',
		 (attr & VMM_S2_PX) ? (attr & VMM_S2_UX ? "px ux " : "px UXN") :
		 (attr & VMM_S2_UX ? "PXNux " : "PXNUXN"),
		 attr & VMM_S2_AF ? "AF" : "  ", attr & VMM_S2_BLOCK ? "BLK" : "   ");
}

void vmm_s2_perm_string(uint8_t attr, char buf[32])
{
	snprintf(buf, 32, "%s%s%s%s", attr & VMM_S2_R ? "R " : "", attr & VMM_S2_W ? "W " : "",
		 (attr & VMM_S2_PX) ? (attr & VMM_S2_UX ? "px ux" : "px UXN") :
		 (attr & VMM_S2_UX ? "PXNux" : "PXNUXN"), attr & VMM_S2_AF ? " AF" : "");
}

/* ---- summary --------------------------------------------------------------- */

void vmm_s2_acc_init(struct vmm_s2_acc *a)
{
	memset(a, 0, sizeof(*a));
}

static void acc_largest(struct vmm_s2_summary *s, uint64_t start, uint64_t end)
{
	if (end - start > s->largest_end - s->largest_start) {
		s->largest_start = start;
		s->largest_end = end;
	}
}

int vmm_s2_acc_sink(void *priv, const struct vmm_s2_entry *e)
{
	struct vmm_s2_acc *a = priv;
	struct vmm_s2_summary *s = &a->s;
	uint64_t bytes = e->end - e->start;
	unsigned int perm = (e->attr & VMM_S2_PERMS) >> 2;
	bool first = !s->ranges;

	s->ranges++;
	s->ipa_end = e->end;
	if (!vmm_s2_mapped(e)) {
		s->unmapped_bytes += bytes;
		if (e->attr & VMM_S2_PRESENT) {
			s->invalid_ranges++;
			s->invalid_bytes += bytes;
		}
		a->in_run = false;
		a->lead_open = false;
		return 0;
	}
	s->mapped_ranges++;
	s->mapped_bytes += bytes;
	s->level_ranges[e->level + 1]++;
	s->level_bytes[e->level + 1] += bytes;
	if (e->attr & VMM_S2_BLOCK) {
		s->block_ranges++;
		s->block_bytes += bytes;
	} else {
		s->page_ranges++;
		s->page_bytes += bytes;
	}
	s->perm_ranges[perm]++;
	s->perm_bytes[perm] += bytes;
	if (!a->in_run || e->start != a->run_end) {
		a->run_start = e->start;
		a->lead_open = false;
	}
	a->run_end = e->end;
	a->in_run = true;
	if (first) {
		a->lead = a->lead_open = true;
		a->lead_start = e->start;
	}
	if (a->lead_open)
		a->lead_end = e->end;
	acc_largest(s, a->run_start, a->run_end);
	return 0;
}

/*
 * The largest run is the first of the longest: a's (earliest), then a run
 * that crosses the seam, then b's, each only when strictly longer.
 */
void vmm_s2_acc_merge(struct vmm_s2_acc *a, const struct vmm_s2_acc *b)
{
	struct vmm_s2_summary *s = &a->s;
	const struct vmm_s2_summary *t = &b->s;
	bool seam = a->in_run && b->lead && b->lead_start == a->run_end;
	uint64_t seam_start = a->run_start;

	if (!t->ranges)
		return;
	if (!s->ranges) {
		*a = *b;
		return;
	}
	s->ranges += t->ranges;
	s->mapped_ranges += t->mapped_ranges;
	s->mapped_bytes += t->mapped_bytes;
	s->unmapped_bytes += t->unmapped_bytes;
	s->invalid_ranges += t->invalid_ranges;
	s->invalid_bytes += t->invalid_bytes;
	for (int i = 0; i < VMM_S2_LEVELS; i++) {
		s->level_ranges[i] += t->level_ranges[i];
		s->level_bytes[i] += t->level_bytes[i];
	}
	s->block_ranges += t->block_ranges;
	s->block_bytes += t->block_bytes;
	s->page_ranges += t->page_ranges;
	s->page_bytes += t->page_bytes;
	for (int i = 0; i < 32; i++) {
		s->perm_ranges[i] += t->perm_ranges[i];
		s->perm_bytes[i] += t->perm_bytes[i];
	}
	s->ipa_end = t->ipa_end;
	if (seam)
		acc_largest(s, seam_start, b->lead_end);
	if (t->largest_end)
		acc_largest(s, t->largest_start, t->largest_end);
	/* what a third part would continue */
	if (a->lead_open && seam) {
		a->lead_end = b->lead_end;
		a->lead_open = b->lead_open;
	} else {
		a->lead_open = false;
	}
	a->in_run = b->in_run;
	a->run_start = seam && b->lead_open ? seam_start : b->run_start;
	a->run_end = b->run_end;
}

void vmm_s2_summarize(const struct vmm_s2_entry *e, size_t n, struct vmm_s2_summary *s)
{
	struct vmm_s2_acc a;

	vmm_s2_acc_init(&a);
	for (size_t i = 0; i < n; i++)
		vmm_s2_acc_sink(&a, &e[i]);
	*s = a.s;
}

/* ---- diff ---------------------------------------------------------------------- */

const char *vmm_s2_change_name(enum vmm_s2_change c)
{
	static const char *const names[] = { "same", "mapped", "unmapped", "changed" };

	return names[c];
}

static enum vmm_s2_change classify(const struct vmm_s2_entry *a, const struct vmm_s2_entry *b)
{
	bool ma = a && vmm_s2_mapped(a), mb = b && vmm_s2_mapped(b);

	if (ma != mb)
		return mb ? VMM_S2_MAPPED : VMM_S2_UNMAPPED;
	if (!ma)
		return VMM_S2_SAME;
	return a->level != b->level || a->attr != b->attr ? VMM_S2_CHANGED : VMM_S2_SAME;
}

static int push_delta(struct vmm_s2_delta **out, size_t *n, size_t *cap,
		      const struct vmm_s2_delta *d)
{
	struct vmm_s2_delta *last = *n ? &(*out)[*n - 1] : NULL;

	if (last && last->end == d->start && last->change == d->change &&
	    last->level_a == d->level_a && last->level_b == d->level_b &&
	    last->attr_a == d->attr_a && last->attr_b == d->attr_b) {
		last->end = d->end;
		return 0;
	}
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct vmm_s2_delta *p = realloc(*out, nc * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*out = p;
		*cap = nc;
	}
	(*out)[(*n)++] = *d;
	return 0;
}

long vmm_s2_diff(const struct vmm_s2_entry *a, size_t na, const struct vmm_s2_entry *b,
		 size_t nb, struct vmm_s2_delta **out)
{
	size_t i = 0, j = 0, n = 0, cap = 0;
	uint64_t pos = 0;

	*out = NULL;
	for (;;) {
		const struct vmm_s2_entry *ea, *eb;
		struct vmm_s2_delta d;
		uint64_t next = UINT64_MAX;

		while (i < na && a[i].end <= pos)
			i++;
		while (j < nb && b[j].end <= pos)
			j++;
		if (i == na && j == nb)
			break;
		ea = i < na && a[i].start <= pos ? &a[i] : NULL;
		eb = j < nb && b[j].start <= pos ? &b[j] : NULL;
		/* the segment ends where either side's range starts or ends */
		if (i < na)
			next = ea ? a[i].end - 1 : a[i].start - 1;
		if (j < nb) {
			uint64_t nbd = eb ? b[j].end - 1 : b[j].start - 1;

			next = nbd < next ? nbd : next;
		}
		d.start = pos;
		d.end = next + 1;
		d.change = classify(ea, eb);
		d.level_a = ea ? ea->level : -2;
		d.level_b = eb ? eb->level : -2;
		d.attr_a = ea ? ea->attr : 0;
		d.attr_b = eb ? eb->attr : 0;
		if (d.change != VMM_S2_SAME && push_delta(out, &n, &cap, &d)) {
			free(*out);
			*out = NULL;
			return -ENOMEM;
		}
		if (next == UINT64_MAX)
			break;
		pos = next + 1;
	}
	return (long)n;
}

/* ---- nested MMU registers --------------------------------------------------- */

void vmm_s2_decode_vtcr(uint64_t vtcr, uint64_t vttbr, struct vmm_s2_vtcr *v)
{
	static const uint32_t pa_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 0 };
	static const uint32_t granule[4] = { 4096, 65536, 16384, 0 };
	bool sl2;

	memset(v, 0, sizeof(*v));
	v->t0sz = vtcr & 0x3f;
	v->ipa_bits = 64 - v->t0sz;
	v->sl0 = (vtcr >> 6) & 3;
	v->granule = granule[(vtcr >> 14) & 3];
	v->ps = (vtcr >> 16) & 7;
	v->pa_bits = pa_bits[v->ps];
	v->vmid16 = (vtcr >> 19) & 1;
	v->ha = (vtcr >> 21) & 1;
	v->hd = (vtcr >> 22) & 1;
	v->ds = (vtcr >> 32) & 1;
	sl2 = (vtcr >> 33) & 1;
	/* SL0 counts down from the last level, which differs by granule */
	if (v->granule == 4096)
		v->start_level = sl2 && !v->sl0 ? -1 : ((const int[]){ 2, 1, 0, 3 })[v->sl0];
	else
		v->start_level = 3 - (int)v->sl0;
	v->cnp = vttbr & 1;
	v->baddr = vttbr & 0x0000fffffffffffeull;
	v->vmid = (uint32_t)(vttbr >> 48) & (v->vmid16 ? 0xffff : 0xff);
}
