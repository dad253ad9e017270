// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Output of the stage2 commands. `stage2 show` writes its ranges itself,
 * through one buffer and precomputed attribute text, instead of building a
 * json_object per range: a million-range dump would otherwise cost seconds
 * and gigabytes. JSON and text take each range from the same entry, so
 * they show the same fields.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/stage2.h"

/* ---- a buffered writer ----------------------------------------------------------- */

#define OBUF_SIZE	(2u << 20)
#define OBUF_ROOM	512	/* one range never needs more */

struct obuf {
	FILE *f;
	size_t n;
	char b[OBUF_SIZE];
};

static void ob_flush(struct obuf *o)
{
	fwrite(o->b, 1, o->n, o->f);
	o->n = 0;
}

static inline void ob_room(struct obuf *o)
{
	if (o->n + OBUF_ROOM > OBUF_SIZE)
		ob_flush(o);
}

static inline void ob_mem(struct obuf *o, const char *s, size_t n)
{
	memcpy(o->b + o->n, s, n);
	o->n += n;
}

#define ob_lit(o, s)	ob_mem(o, s, sizeof(s) - 1)

static void ob_str(struct obuf *o, const char *s)
{
	ob_room(o);
	ob_mem(o, s, strlen(s));
}

/* A JSON string of printable ASCII as the kernel and the user give it. */
static void ob_jstr(struct obuf *o, const char *s)
{
	ob_room(o);
	o->b[o->n++] = '"';
	for (; *s && o->n < OBUF_SIZE - 8; s++) {
		if (*s == '"' || *s == '\\')
			o->b[o->n++] = '\\';
		o->b[o->n++] = (unsigned char)*s < 0x20 ? '?' : *s;
	}
	o->b[o->n++] = '"';
}

/* Eight hex digits of x, the first the most significant, as one word (SWAR). */
static inline __attribute__((always_inline)) uint64_t hex8_word(uint32_t x)
{
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t v = x;

	/* one nibble a byte, the lowest nibble in the lowest byte */
	v = ((v & 0xffff0000ull) << 16) | (v & 0xffffull);
	v = ((v & 0x0000ff000000ff00ull) << 8) | (v & 0x000000ff000000ffull);
	v = ((v & 0x00f000f000f000f0ull) << 4) | (v & 0x000f000f000f000full);
	/* a digit above 9 gets 'a' - '0' - 10 more; then the first digit first */
	v += 0x30 * ones + (((v + 0x06 * ones) >> 4) & ones) * 0x27;
	return __builtin_bswap64(v);
}

/* A number's hex digits without leading zeros (at least width), ready to store. */
struct hex_text {
	uint64_t v;
	uint64_t w[2];		/* the digits, the first in the low byte of w[0] */
	unsigned int n;
};

/* The digits of the top half last converted: in a dump it changes every 4 GiB. */
struct hex_hi {
	uint32_t v;
	uint64_t w;
};

static inline __attribute__((always_inline)) void hex_text_hi(struct hex_text *h, uint64_t v,
							       int width, struct hex_hi *m)
{
	uint64_t hi, lo = hex8_word((uint32_t)v);
	int n = v ? (67 - __builtin_clzll(v)) / 4 : 1;
	unsigned int k;

	if ((uint32_t)(v >> 32) != m->v) {
		m->v = (uint32_t)(v >> 32);
		m->w = hex8_word(m->v);
	}
	hi = m->w;

	if (n < width)
		n = width;
	/*
	 * The last n of the 16 digits, shifted in registers: a copy out of a
	 * buffer just written would wait on its stores.
	 */
	k = 8 * (unsigned int)(16 - n);
	if (k >= 64) {
		h->w[0] = lo >> (k - 64);
		h->w[1] = 0;
	} else {
		h->w[0] = k ? hi >> k | lo << (64 - k) : hi;
		h->w[1] = lo >> k;
	}
	h->v = v;
	h->n = (unsigned int)n;
}

static inline __attribute__((always_inline)) void hex_text(struct hex_text *h, uint64_t v,
							    int width)
{
	struct hex_hi m = { 0, 0x3030303030303030ull };

	hex_text_hi(h, v, width, &m);
}

/* "0x" and the digits, stored as two words (OBUF_ROOM keeps room for them). */
static inline __attribute__((always_inline)) void ob_hex_text(struct obuf *o,
							       const struct hex_text *h)
{
	o->b[o->n] = '0';
	o->b[o->n + 1] = 'x';
	memcpy(o->b + o->n + 2, &h->w[0], 8);
	memcpy(o->b + o->n + 10, &h->w[1], 8);
	o->n += h->n + 2;
}

static inline __attribute__((always_inline)) void ob_hex(struct obuf *o, uint64_t v, int width)
{
	struct hex_text h;

	hex_text(&h, v, width);
	ob_hex_text(o, &h);
}

/* v in decimal at dst (at most 20 digits), two at a time from the last: its length. */
static size_t u64_digits(char *dst, uint64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	static const uint64_t pow10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
		100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
		10000000000000ull, 100000000000000ull, 1000000000000000ull,
		10000000000000000ull, 100000000000000000ull, 1000000000000000000ull,
		10000000000000000000ull,
	};
	/* log10 from log2 (1233 / 4096 is about log10(2)), then one compare */
	int t = (64 - __builtin_clzll(v | 1)) * 1233 >> 12;
	int digits = v ? t - (v < pow10[t]) + 1 : 1;
	char *p;

	p = dst + digits;
	while (v >= 100) {
		p -= 2;
		p[0] = pairs[v % 100 * 2];
		p[1] = pairs[v % 100 * 2 + 1];
		v /= 100;
	}
	if (v >= 10) {
		p[-2] = pairs[v * 2];
		p[-1] = pairs[v * 2 + 1];
	} else {
		p[-1] = (char)('0' + v);
	}
	return (size_t)digits;
}

static inline void ob_u64(struct obuf *o, uint64_t v)
{
	o->n += u64_digits(o->b + o->n, v);
}

/* ---- shared pieces ------------------------------------------------------------------ */

void vmm_s2_size_str(uint64_t bytes, char buf[24])
{
	static const char units[] = "KMGTPE";
	int u = 0;

	bytes >>= 10;
	while (u < 5 && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	snprintf(buf, 24, "%" PRIu64 "%c", bytes, units[u]);
}

void vmm_s2_attr_json(json_object *o, int level, uint8_t attr)
{
	if (level > -2)
		json_object_object_add(o, "level", json_object_new_int(level));
	json_object_object_add(o, "valid", vmm_jbool(vmm_s2_mapped(&(struct vmm_s2_entry){
		.attr = attr })));
	json_object_object_add(o, "read", vmm_jbool(attr & VMM_S2_R));
	json_object_object_add(o, "write", vmm_jbool(attr & VMM_S2_W));
	json_object_object_add(o, "exec_priv", vmm_jbool(attr & VMM_S2_PX));
	json_object_object_add(o, "exec_unpriv", vmm_jbool(attr & VMM_S2_UX));
	json_object_object_add(o, "af", vmm_jbool(attr & VMM_S2_AF));
	json_object_object_add(o, "block", vmm_jbool(attr & VMM_S2_BLOCK));
}

/* ---- stage2 show ---------------------------------------------------------------------- */

void vmm_s2_show_free(void *priv)
{
	struct vmm_s2_show *sh = priv;

	vmm_s2_free(&sh->d);
	for (int i = 0; i < 2; i++)
		vmm_s2_spool_free(&sh->keep[i].sp);
	free(sh);
}

static bool wanted(const struct vmm_s2_show *sh, const struct vmm_s2_entry *e)
{
	if (sh->range_set && (e->end <= sh->range_start || e->start >= sh->range_end))
		return false;
	if (sh->level > -2 && e->level != sh->level)
		return false;
	if (sh->mapped && vmm_s2_mapped(e) != (sh->mapped > 0))
		return false;
	return true;
}

int vmm_s2_show_sink(void *priv, const struct vmm_s2_entry *e)
{
	struct vmm_s2_keep *k = priv;

	return wanted(k->sh, e) ? vmm_s2_spool_sink(&k->sp, e) : 0;
}

static uint64_t kept(const struct vmm_s2_show *sh)
{
	return sh->keep[0].sp.count + sh->keep[1].sp.count;
}

/*
 * Ranges [first, first + n) of the kept ones in order (both parts), read
 * back through rd into out. The spool is a file of our own, written whole
 * before the output began: should it fail to read back, the output cannot
 * be taken back, so the process says so and ends with a failure rather
 * than leave a short document as if whole.
 */
static const struct vmm_s2_entry *fetch(const struct vmm_s2_show *sh, struct vmm_s2_reader *rd,
					uint64_t first, size_t n, struct vmm_s2_entry *out)
{
	const struct vmm_s2_spool *a = &sh->keep[0].sp, *b = &sh->keep[1].sp;
	size_t na = first < a->count ? (size_t)(a->count - first < n ? a->count - first : n) : 0;
	int err = 0;

	if (na)
		err = vmm_s2_spool_get(a, rd, first, na, out);
	if (!err && na < n)
		err = vmm_s2_spool_get(b, rd, first + na - a->count, n - na, out + na);
	if (err) {
		fflush(stdout);
		fprintf(stderr, "\nvmmctl: error: reading back the parsed ranges: %s; the output "
			"above is incomplete\n", strerror(-err));
		exit(VMM_E_FAILED);
	}
	return out;
}

/* The JSON after "level": of every attribute byte, built once. */
struct attr_tail {
	uint8_t len;
	char s[112];		/* the longest is 105 */
};

static const struct attr_tail *attr_tails(void)
{
	static struct attr_tail t[256];
	static bool done;

	if (done)
		return t;
	for (int a = 0; a < 256; a++) {
		bool valid = (a & (VMM_S2_PRESENT | VMM_S2_VALID)) ==
			     (VMM_S2_PRESENT | VMM_S2_VALID);
		int n = snprintf(t[a].s, sizeof(t[a].s),
				 ",\"valid\":%s,\"read\":%s,\"write\":%s,\"exec_priv\":%s,"
				 "\"exec_unpriv\":%s,\"af\":%s,\"block\":%s}",
				 valid ? "true" : "false", a & VMM_S2_R ? "true" : "false",
				 a & VMM_S2_W ? "true" : "false", a & VMM_S2_PX ? "true" : "false",
				 a & VMM_S2_UX ? "true" : "false", a & VMM_S2_AF ? "true" : "false",
				 a & VMM_S2_BLOCK ? "true" : "false");

		t[a].len = (uint8_t)n;
	}
	done = true;
	return t;
}

/* "key": with the blank -p puts after the colon */
static void ob_key(struct obuf *o, const char *key, bool pretty)
{
	ob_room(o);
	o->b[o->n++] = '"';
	ob_mem(o, key, strlen(key));
	ob_mem(o, pretty ? "\": " : "\":", pretty ? 3 : 2);
}

static void meta_json(struct obuf *o, const struct vmm_s2_show *sh, bool pretty)
{
	const char *sep = pretty ? ",\n  " : ",";
	const struct { const char *key, *val; } s[] = {
		{ "vm", sh->vm }, { "file", sh->file }, { "source", sh->source },
	};
	const struct { const char *key; uint32_t val; } u[] = {
		{ "ipa_bits", sh->ipa_bits }, { "levels", sh->levels },
	};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (*s[i].val) {
			ob_key(o, s[i].key, pretty);
			ob_jstr(o, s[i].val);
			ob_str(o, sep);
		}
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (u[i].val) {
			ob_key(o, u[i].key, pretty);
			ob_u64(o, u[i].val);
			ob_str(o, sep);
		}
	if (!sh->nested)
		return;
	/* a nested MMU not in use has an empty file: valid false, no ranges */
	ob_key(o, "valid", pretty);
	ob_str(o, sh->d.mmu_line ? "true" : "false");
	ob_str(o, sep);
	if (sh->d.mmu_line) {
		char v[2][24];

		snprintf(v[0], sizeof(v[0]), "0x%" PRIx64, sh->d.vtcr);
		snprintf(v[1], sizeof(v[1]), "0x%" PRIx64, sh->d.vttbr);
		ob_key(o, "vtcr", pretty);
		ob_jstr(o, v[0]);
		ob_str(o, sep);
		ob_key(o, "vttbr", pretty);
		ob_jstr(o, v[1]);
		ob_str(o, sep);
		ob_key(o, "s2_enabled", pretty);
		ob_str(o, sh->d.s2_enabled ? "true" : "false");
		ob_str(o, sep);
	}
}

/* ---- stage2 show as JSON: ranges formatted in blocks, on two cores ---------------- */

/* Ranges per block: a block's text always fits in one obuf. */
#define BLOCK		(OBUF_SIZE / OBUF_ROOM)

/*
 * What follows a range's END in its JSON, "size", "level" and the
 * attributes, depends on those three alone, and a dump has few sets of
 * them: each is formatted once and then copied.
 */
#define SUFFIX_BITS	6
struct suffix_text {
	uint64_t size;		/* 0: empty (no range has size 0) */
	int8_t level;
	uint8_t attr;
	uint8_t len;
	char s[160];		/* written 16 bytes at a time; the longest is 146 */
};

/* What formats blocks: its own error context, room to read ranges back, suffixes seen. */
struct fmt_worker {
	struct vmm_sys sys;
	struct vmm_s2_reader rd;
	struct vmm_s2_entry scratch[BLOCK];
	struct suffix_text suffix[1u << SUFFIX_BITS];
	struct obuf o;
};

/* 16 bytes at a time, unaligned: constant-size copies the compiler keeps inline */
typedef char vec16 __attribute__((vector_size(16), aligned(1)));

static inline __attribute__((always_inline)) void put16(char *dst, const char *src)
{
	*(vec16 *)dst = *(const vec16 *)src;
}

/* The key texts around a range's values, with room to be read 16 bytes at a time. */
#define KEY(name, text) \
	static const char name[32] = text; \
	enum { name##_len = sizeof(text) - 1 }
KEY(k_start, ",{\"ipa_start\":\"0x");
KEY(k_end, "\",\"ipa_end\":\"0x");
KEY(k_size, "\",\"size\":");
KEY(k_level, ",\"level\":");

/* '","size":N,"level":L' and the attributes, for one set. */
static void suffix_fill(struct suffix_text *sx, const struct vmm_s2_entry *e,
			const struct attr_tail *t)
{
	size_t n = k_size_len;

	memcpy(sx->s, k_size, k_size_len);
	n += u64_digits(sx->s + n, e->end - e->start);
	memcpy(sx->s + n, k_level, k_level_len);
	n += k_level_len;
	if (e->level < 0)
		sx->s[n++] = '-';
	sx->s[n++] = (char)('0' + (e->level < 0 ? -e->level : e->level));
	memcpy(sx->s + n, t->s, t->len);
	sx->len = (uint8_t)(n + t->len);
	sx->size = e->end - e->start;
	sx->level = e->level;
	sx->attr = e->attr;
}

/* The suffix of e's set, formatted the first time it is seen. */
static inline __attribute__((always_inline)) const struct suffix_text *
suffix_of(struct fmt_worker *w, const struct vmm_s2_entry *e, const struct attr_tail *tails)
{
	uint64_t size = e->end - e->start;
	struct suffix_text *sx = &w->suffix[(size * 0x9e3779b97f4a7c15ull ^
					     (uint64_t)e->attr << 8 ^ (uint8_t)e->level) *
					    0x9e3779b97f4a7c15ull >> (64 - SUFFIX_BITS)];

	if (sx->size != size || sx->level != e->level || sx->attr != e->attr)
		suffix_fill(sx, e, &tails[e->attr]);
	return sx;
}

/* The digits of h at p (room for 16): past them. */
static inline __attribute__((always_inline)) char *put_hex(char *p, const struct hex_text *h)
{
	memcpy(p, &h->w[0], 8);
	memcpy(p + 8, &h->w[1], 8);
	return p + h->n;
}

/*
 * Block k's ranges, each after a comma, into w->o (which they fit). The
 * cursor is a local: a store through a char pointer could alias o->n, and
 * the compiler would reload it after every one.
 */
static void fmt_block(const struct vmm_s2_show *sh, const struct attr_tail *tails, size_t k,
		      bool pretty, struct fmt_worker *w)
{
	uint64_t total = kept(sh), first = (uint64_t)k * BLOCK;
	size_t n = total - first < BLOCK ? (size_t)(total - first) : BLOCK;
	const struct vmm_s2_entry *e = fetch(sh, &w->rd, first, n, w->scratch);
	struct obuf *o = &w->o;
	char *p = o->b;
	struct hex_hi hi = { 0, 0x3030303030303030ull };
	struct hex_text last;

	hex_text(&last, 0, 0);
	for (size_t i = 0; i < n; i++, e++) {
		const struct suffix_text *sx;

		if (pretty) {
			memcpy(p, ",\n    ", 6);
			put16(p + 6, k_start + 1);
			put16(p + 21, k_start + 16);
			p += 6 + k_start_len - 1;
		} else {
			put16(p, k_start);
			put16(p + 16, k_start + 16);
			p += k_start_len;
		}
		/* a range most often starts where the one before ended: its digits are known */
		if (e->start != last.v)
			hex_text_hi(&last, e->start, 0, &hi);
		p = put_hex(p, &last);
		put16(p, k_end);
		p += k_end_len;
		hex_text_hi(&last, e->end, 0, &hi);
		p = put_hex(p, &last);
		sx = suffix_of(w, e, tails);
#pragma GCC unroll 16
		for (size_t j = 0; j < sizeof(sx->s); j += 16)
			put16(p + j, sx->s + j);
		p += sx->len;
	}
	o->n = (size_t)(p - o->b);
}

/*
 * The second core formats the odd blocks into two slots, the first the
 * even ones, and writes every block in order: the output is the same
 * bytes, whatever the timing.
 */
struct fmt_pool {
	const struct vmm_s2_show *sh;
	const struct attr_tail *tails;	/* built before the helper starts */
	bool pretty;
	size_t nblocks;
	struct fmt_worker *slot[2];
	bool full[2];
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *fmt_helper(void *arg)
{
	struct fmt_pool *p = arg;

	for (size_t k = 1; k < p->nblocks; k += 2) {
		int s = (int)(k / 2 % 2);

		pthread_mutex_lock(&p->mu);
		while (p->full[s])
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		fmt_block(p->sh, p->tails, k, p->pretty, p->slot[s]);
		pthread_mutex_lock(&p->mu);
		p->full[s] = true;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

/* Writes block text, without the comma before the first range of all. */
static void put_block(const struct obuf *b, FILE *f, bool *first)
{
	if (!b->n)
		return;
	fwrite(b->b + *first, 1, b->n - *first, f);
	*first = false;
}

static struct fmt_worker *worker_new(const struct vmm_s2_show *sh)
{
	struct fmt_worker *w = malloc(sizeof(*w));

	if (!w)
		return NULL;
	w->sys = *sh->sys;
	w->rd = (struct vmm_s2_reader){ .sys = &w->sys };
	memset(w->suffix, 0, sizeof(w->suffix));	/* kept across blocks: a pure memo */
	return w;
}

static void worker_free(struct fmt_worker *w)
{
	if (w)
		free(w->rd.raw);
	free(w);
}

static void ranges_json(const struct vmm_s2_show *sh, FILE *f, bool pretty, bool *first)
{
	uint64_t total = kept(sh);
	struct fmt_pool p = { sh, attr_tails(), pretty, (size_t)((total + BLOCK - 1) / BLOCK),
			      { NULL, NULL } };
	struct fmt_worker *own = worker_new(sh);
	bool pooled = sh->threads > 1 && p.nblocks > 2, helper = false;
	pthread_t t;

	if (!own)
		return;
	if (pooled) {
		p.slot[0] = worker_new(sh);
		p.slot[1] = worker_new(sh);
		pthread_mutex_init(&p.mu, NULL);
		pthread_cond_init(&p.cv, NULL);
		helper = p.slot[0] && p.slot[1] && !pthread_create(&t, NULL, fmt_helper, &p);
	}
	for (size_t k = 0; k < p.nblocks; k++) {
		int s = (int)(k / 2 % 2);

		if (!helper || !(k % 2)) {
			fmt_block(sh, p.tails, k, pretty, own);
			put_block(&own->o, f, first);
			continue;
		}
		pthread_mutex_lock(&p.mu);
		while (!p.full[s])
			pthread_cond_wait(&p.cv, &p.mu);
		pthread_mutex_unlock(&p.mu);
		put_block(&p.slot[s]->o, f, first);
		pthread_mutex_lock(&p.mu);
		p.full[s] = false;
		pthread_cond_broadcast(&p.cv);
		pthread_mutex_unlock(&p.mu);
	}
	if (helper)
		pthread_join(t, NULL);
	if (pooled) {
		pthread_cond_destroy(&p.cv);
		pthread_mutex_destroy(&p.mu);
	}
	worker_free(p.slot[0]);
	worker_free(p.slot[1]);
	worker_free(own);
}

void vmm_s2_show_json(void *priv, FILE *f, bool pretty)
{
	const struct vmm_s2_show *sh = priv;
	struct obuf *o = malloc(sizeof(*o));
	bool first = true;

	if (!o)
		return;
	o->f = f;
	o->n = 0;
	ob_str(o, pretty ? "{\n  " : "{");
	meta_json(o, sh, pretty);
	ob_key(o, "ranges", pretty);
	ob_str(o, "[");
	ob_flush(o);
	ranges_json(sh, f, pretty, &first);
	/* the closing brace is the caller's (vmm_jstream) */
	ob_str(o, pretty ? (first ? "]" : "\n  ]") : "]");
	ob_flush(o);
	free(o);
}

void vmm_s2_show_text(json_object *res, FILE *f)
{
	const struct vmm_s2_show *sh = vmm_jstream_priv(res);
	const struct vmm_s2_entry *blk = NULL;
	struct fmt_worker *w;
	struct obuf *o;
	char head[PATH_MAX + 160];

	if (!sh)
		return;
	w = worker_new(sh);
	if (!w)
		return;
	o = &w->o;
	o->f = f;
	o->n = 0;
	snprintf(head, sizeof(head), "%s%s%s%s", *sh->vm ? "vm " : "", sh->vm,
		 *sh->vm && *sh->file ? ", " : "", *sh->file ? sh->file : "");
	if (*head || sh->ipa_bits || sh->levels) {
		ob_str(o, head);
		if (sh->ipa_bits) {
			snprintf(head, sizeof(head), "%s%u-bit IPA", *sh->vm || *sh->file ? ": " : "",
				 sh->ipa_bits);
			ob_str(o, head);
		}
		if (sh->levels) {
			snprintf(head, sizeof(head), ", %u levels", sh->levels);
			ob_str(o, head);
		}
		ob_str(o, "\n");
	}
	if (sh->nested && !sh->d.mmu_line) {
		snprintf(head, sizeof(head), "%s: not in use (the kernel prints nothing for an "
			 "invalid nested MMU)\n", sh->source);
		ob_str(o, head);
		ob_flush(o);
		worker_free(w);
		return;
	}
	if (sh->nested) {
		snprintf(head, sizeof(head), "VTCR 0x%" PRIx64 " VTTBR 0x%" PRIx64 ", s2 %s\n",
			 sh->d.vtcr, sh->d.vttbr, sh->d.s2_enabled ? "enabled" : "disabled");
		ob_str(o, head);
	}
	ob_str(o, "IPA_START           IPA_END             SIZE        LEVEL  ATTRIBUTES\n");
	for (uint64_t i = 0; i < kept(sh); i++) {
		const struct vmm_s2_entry *e;
		char size[24], attrs[24];
		size_t len;

		if (i % BLOCK == 0)
			blk = fetch(sh, &w->rd, i, kept(sh) - i < BLOCK ? (size_t)(kept(sh) - i) :
				    BLOCK, w->scratch);
		e = &blk[i % BLOCK];
		ob_room(o);
		ob_hex(o, e->start, 16);
		ob_lit(o, "  ");
		ob_hex(o, e->end, 16);
		ob_lit(o, "  ");
		vmm_s2_size_str(e->end - e->start, size);
		len = strlen(size);
		ob_mem(o, size, len);
		memset(o->b + o->n, ' ', 12 - (len < 12 ? len : 11));
		o->n += 12 - (len < 12 ? len : 11);
		len = (size_t)snprintf(size, sizeof(size), "%d", e->level);
		ob_mem(o, size, len);
		vmm_s2_attr_columns(e->attr, attrs);
		if (*attrs) {
			/* the kernel's columns, so the text greps like the dump */
			size_t alen = strlen(attrs + 1);

			while (alen && attrs[alen] == ' ')
				alen--;
			memset(o->b + o->n, ' ', 6 - len);
			o->n += 6 - len;
			ob_mem(o, attrs + 1, alen);
		}
		o->b[o->n++] = '\n';
	}
	ob_flush(o);
	worker_free(w);
}

/* ---- summary and diff text ------------------------------------------------------------ */

static void bytes_line(FILE *f, const char *label, json_object *o, const char *ranges,
		       const char *bytes)
{
	char sz[24];

	vmm_s2_size_str(vmm_s2_ju64(o, bytes), sz);
	fprintf(f, "  %-16s %10s  %" PRIu64 " bytes in %" PRIu64 " ranges\n", label,
		vmm_s2_ju64(o, bytes) ? sz : "0", vmm_s2_ju64(o, bytes), vmm_s2_ju64(o, ranges));
}

static void summary_body(json_object *o, FILE *f)
{
	json_object *arr, *run;
	char sz[24];

	bytes_line(f, "mapped", o, "mapped_ranges", "mapped_bytes");
	fprintf(f, "  %-16s %10s  %" PRIu64 " bytes\n", "unmapped", "", vmm_s2_ju64(o, "unmapped_bytes"));
	if (vmm_s2_ju64(o, "invalid_ranges"))
		bytes_line(f, "invalid (F)", o, "invalid_ranges", "invalid_bytes");
	bytes_line(f, "blocks", o, "block_ranges", "block_bytes");
	bytes_line(f, "pages", o, "page_ranges", "page_bytes");
	if (json_object_object_get_ex(o, "by_level", &arr))
		for (size_t i = 0; i < json_object_array_length(arr); i++) {
			json_object *e = json_object_array_get_idx(arr, i);
			char label[32];

			snprintf(label, sizeof(label), "level %s", vmm_jget_str(e, "level", NULL));
			vmm_s2_size_str(vmm_s2_ju64(e, "bytes"), sz);
			fprintf(f, "  %-16s %10s  %" PRIu64 " ranges", label, sz, vmm_s2_ju64(e, "ranges"));
			if (vmm_jget_str(e, "entries", NULL))
				fprintf(f, ", %s entries", vmm_jget_str(e, "entries", NULL));
			fputc('\n', f);
		}
	if (json_object_object_get_ex(o, "by_perms", &arr))
		for (size_t i = 0; i < json_object_array_length(arr); i++) {
			json_object *e = json_object_array_get_idx(arr, i);

			vmm_s2_size_str(vmm_s2_ju64(e, "bytes"), sz);
			fprintf(f, "  %-16s %10s  %" PRIu64 " ranges\n", vmm_jget_str(e, "perms", NULL), sz,
				vmm_s2_ju64(e, "ranges"));
		}
	if (json_object_object_get_ex(o, "largest_mapped_run", &run)) {
		vmm_s2_size_str(vmm_s2_ju64(run, "size"), sz);
		fprintf(f, "  %-16s %10s  %s-%s\n", "largest run", sz, vmm_jget_str(run, "ipa_start", NULL),
			vmm_jget_str(run, "ipa_end", NULL));
	}
}

static void x86_text(json_object *o, FILE *f)
{
	json_object *r, *buckets, *rows;

	fprintf(f, "vm %s (x86: no page-table dump, leaf counts only)\n", vmm_jget_str(o, "vm", NULL));
	if (vmm_jget_str(o, "tdp_mmu", NULL))
		fprintf(f, "  tdp_mmu          %s\n", vmm_jget_str(o, "tdp_mmu", NULL));
	fprintf(f, "  pages_4k         %s\n  pages_2m         %s\n  pages_1g         %s\n",
		vmm_jget_str(o, "pages_4k", NULL), vmm_jget_str(o, "pages_2m", NULL), vmm_jget_str(o, "pages_1g", NULL));
	if (json_object_object_get_ex(o, "rmaps_error", &r)) {
		fprintf(f, "  mmu_rmaps_stat   not available: %s (%s)\n",
			vmm_jget_str(r, "errno_name", NULL) ? vmm_jget_str(r, "errno_name", NULL) : vmm_jget_str(r, "errno", NULL),
			vmm_jget_str(r, "message", NULL));
		return;
	}
	if (!json_object_object_get_ex(o, "rmaps", &r) ||
	    !json_object_object_get_ex(r, "buckets", &buckets) ||
	    !json_object_object_get_ex(r, "levels", &rows))
		return;
	fprintf(f, "  mmu_rmaps_stat   %s\n", json_object_array_length(rows) ? "" :
		"empty (no rmaps: TDP MMU)");
	if (!json_object_array_length(rows))
		return;
	fprintf(f, "    %-8s", "rmaps");
	for (size_t i = 0; i < json_object_array_length(buckets); i++) {
		json_object *b = json_object_array_get_idx(buckets, i);
		char label[48];

		snprintf(label, sizeof(label), vmm_s2_ju64(b, "min") == vmm_s2_ju64(b, "max") ? "%s" : "%s-%s",
			 vmm_jget_str(b, "min", NULL), vmm_jget_str(b, "max", NULL));
		fprintf(f, " %9s", label);
	}
	fputc('\n', f);
	for (size_t i = 0; i < json_object_array_length(rows); i++) {
		json_object *row = json_object_array_get_idx(rows, i), *counts;

		fprintf(f, "    %-8s", vmm_jget_str(row, "level", NULL));
		if (json_object_object_get_ex(row, "counts", &counts))
			for (size_t k = 0; k < json_object_array_length(counts); k++)
				fprintf(f, " %9s",
					json_object_get_string(json_object_array_get_idx(counts, k)));
		fputc('\n', f);
	}
}

void vmm_s2_summary_text(json_object *o, FILE *f)
{
	json_object *nested;

	if (!strcmp(vmm_jget_str(o, "arch", ""), "x86")) {
		x86_text(o, f);
		return;
	}
	fprintf(f, "%s%s%s%s", vmm_jget_str(o, "vm", NULL) ? "vm " : "", vmm_jget_str(o, "vm", NULL) ? vmm_jget_str(o, "vm", NULL) : "",
		vmm_jget_str(o, "vm", NULL) && vmm_jget_str(o, "file", NULL) ? ", " : "", vmm_jget_str(o, "file", NULL) ? vmm_jget_str(o, "file", NULL) : "");
	if (vmm_jget_str(o, "ipa_bits", NULL))
		fprintf(f, ": %s-bit IPA", vmm_jget_str(o, "ipa_bits", NULL));
	if (vmm_jget_str(o, "levels", NULL))
		fprintf(f, ", %s levels", vmm_jget_str(o, "levels", NULL));
	if (vmm_jget_str(o, "page_size", NULL))
		fprintf(f, ", %s-byte pages", vmm_jget_str(o, "page_size", NULL));
	fprintf(f, ", %" PRIu64 " ranges\n", vmm_s2_ju64(o, "ranges"));
	summary_body(o, f);
	if (!json_object_object_get_ex(o, "nested", &nested))
		return;
	for (size_t i = 0; i < json_object_array_length(nested); i++) {
		json_object *m = json_object_array_get_idx(nested, i);

		fprintf(f, "nested MMU %s: ", vmm_jget_str(m, "mmu", NULL));
		if (vmm_jget_str(m, "error", NULL)) {
			fprintf(f, "%s\n", vmm_jget_str(m, "error", NULL));
			continue;
		}
		if (!json_object_get_boolean(json_object_object_get(m, "valid"))) {
			fprintf(f, "not in use (invalid: the file is empty)\n");
			continue;
		}
		fprintf(f, "VTCR %s VTTBR %s, s2 %s, %s-bit IPA, %s-byte granule, start level %s, "
			"VMID %s, BADDR %s\n", vmm_jget_str(m, "vtcr", NULL), vmm_jget_str(m, "vttbr", NULL),
			json_object_get_boolean(json_object_object_get(m, "s2_enabled")) ?
			"enabled" : "disabled", vmm_jget_str(m, "ipa_bits", NULL), vmm_jget_str(m, "granule", NULL),
			vmm_jget_str(m, "start_level", NULL), vmm_jget_str(m, "vmid", NULL), vmm_jget_str(m, "baddr", NULL));
		if (vmm_jget_str(m, "shadow_ipa_bits", NULL))
			fprintf(f, "  shadow table: %s-bit IPA (the guest's PARange), %s levels\n",
				vmm_jget_str(m, "shadow_ipa_bits", NULL),
				vmm_jget_str(m, "shadow_levels", NULL));
		summary_body(m, f);
	}
}

static void side_text(json_object *side, char buf[64])
{
	json_object *v;
	char attrs[24];
	uint8_t a = VMM_S2_PRESENT;
	static const struct { const char *key; uint8_t bit; } bits[] = {
		{ "valid", VMM_S2_VALID }, { "read", VMM_S2_R }, { "write", VMM_S2_W },
		{ "exec_priv", VMM_S2_PX }, { "exec_unpriv", VMM_S2_UX }, { "af", VMM_S2_AF },
		{ "block", VMM_S2_BLOCK },
	};

	if (!side) {
		snprintf(buf, 64, "-");
		return;
	}
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (json_object_object_get_ex(side, bits[i].key, &v) && json_object_get_boolean(v))
			a |= bits[i].bit;
	if (!(a & VMM_S2_VALID) && a == VMM_S2_PRESENT) {
		snprintf(buf, 64, "L%s unmapped", vmm_jget_str(side, "level", NULL));
		return;
	}
	vmm_s2_attr_columns(a, attrs);
	snprintf(buf, 64, "L%s%s", vmm_jget_str(side, "level", NULL), attrs);
}

void vmm_s2_diff_text(json_object *o, FILE *f)
{
	json_object *changes, *a, *b;
	char sz[24];

	json_object_object_get_ex(o, "a", &a);
	json_object_object_get_ex(o, "b", &b);
	fprintf(f, "a: %s (%s ranges)\nb: %s (%s ranges)\n",
		vmm_jget_str(a, "vm", NULL) ? vmm_jget_str(a, "vm", NULL) : vmm_jget_str(a, "file", NULL), vmm_jget_str(a, "ranges", NULL),
		vmm_jget_str(b, "vm", NULL) ? vmm_jget_str(b, "vm", NULL) : vmm_jget_str(b, "file", NULL), vmm_jget_str(b, "ranges", NULL));
	fprintf(f, "mapped %s bytes, unmapped %s bytes, changed %s bytes\n",
		vmm_jget_str(o, "mapped_bytes", NULL), vmm_jget_str(o, "unmapped_bytes", NULL), vmm_jget_str(o, "changed_bytes", NULL));
	if (json_object_object_get_ex(o, "picture", &a) && vmm_jget_str(a, "svg", NULL))
		fprintf(f, "SVG written to %s\n", vmm_jget_str(a, "svg", NULL));
	if (!json_object_object_get_ex(o, "changes", &changes) ||
	    !json_object_array_length(changes))
		return;
	fprintf(f, "%-18s  %-18s  %-10s  %-8s  %-24s  %s\n", "IPA_START", "IPA_END", "SIZE",
		"CHANGE", "BEFORE", "AFTER");
	for (size_t i = 0; i < json_object_array_length(changes); i++) {
		json_object *c = json_object_array_get_idx(changes, i);
		char before[64], after[64];

		side_text(json_object_object_get(c, "before"), before);
		side_text(json_object_object_get(c, "after"), after);
		vmm_s2_size_str(vmm_s2_ju64(c, "size"), sz);
		fprintf(f, "%-18s  %-18s  %-10s  %-8s  %-24s  %s\n", vmm_jget_str(c, "ipa_start", NULL),
			vmm_jget_str(c, "ipa_end", NULL), sz, vmm_jget_str(c, "change", NULL), before, after);
	}
}

/* ---- metrics (--openmetrics) ------------------------------------------------------ */

static void s2_sum(struct vmm_metrics *m, json_object *o, const char *key, const char *name,
		   const char *help, const char *const *lab)
{
	uint64_t v;

	if (vmm_jget_u64(o, key, &v))
		vmm_metric(m, name, VMM_METRIC_GAUGE, help, lab, v);
}

/*
 * Per VM (or dump file): mapped, block, page, unmapped and invalid bytes,
 * bytes and ranges per level and per permission set; x86: the leaf counts.
 */
void vmm_s2_summary_metrics(json_object *o, struct vmm_metrics *m)
{
	const char *vm = vmm_jget_str(o, "vm", NULL);
	const char *lab[7] = { vm ? "vm" : "file", vm ? vm : vmm_jget_str(o, "file", ""), NULL };
	static const char *const x86[][2] = {
		{ "pages_4k", "4k" }, { "pages_2m", "2m" }, { "pages_1g", "1g" },
	};
	json_object *arr;
	char level[16];
	uint64_t v;

	if (!strcmp(vmm_jget_str(o, "arch", ""), "x86")) {
		for (int i = 0; i < 3; i++) {
			lab[2] = "size";
			lab[3] = x86[i][1];
			lab[4] = NULL;
			s2_sum(m, o, x86[i][0], "vmmctl_stage2_leaf_pages", "KVM's x86 leaf "
			       "mappings by page size (pages_4k/2m/1g)", lab);
		}
		return;
	}
	s2_sum(m, o, "mapped_bytes", "vmmctl_stage2_mapped_bytes", "IPA space with a valid "
	       "stage-2 mapping", lab);
	s2_sum(m, o, "block_bytes", "vmmctl_stage2_block_bytes", "of it, mapped by blocks", lab);
	s2_sum(m, o, "page_bytes", "vmmctl_stage2_page_bytes", "of it, mapped by pages", lab);
	s2_sum(m, o, "unmapped_bytes", "vmmctl_stage2_unmapped_bytes", "IPA space the dump "
	       "covers without a valid mapping", lab);
	s2_sum(m, o, "invalid_bytes", "vmmctl_stage2_invalid_bytes", "IPA space behind invalid "
	       "entries", lab);
	arr = json_object_object_get(o, "by_level");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		if (!vmm_jget_u64(e, "level", &v))
			continue;
		snprintf(level, sizeof(level), "%" PRIu64, v);
		lab[2] = "level";
		lab[3] = level;
		lab[4] = NULL;
		s2_sum(m, e, "bytes", "vmmctl_stage2_level_bytes", "mapped bytes by the table "
		       "level of the entry that maps them", lab);
		s2_sum(m, e, "ranges", "vmmctl_stage2_level_ranges", "dump ranges by level", lab);
	}
	arr = json_object_object_get(o, "by_perms");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		lab[2] = "perms";
		lab[3] = vmm_jget_str(e, "perms", "");
		lab[4] = NULL;
		s2_sum(m, e, "bytes", "vmmctl_stage2_perms_bytes", "mapped bytes by permission set "
		       "as the dump writes it", lab);
	}
}
