/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * KVM's arm64 stage-2 page-table dump (spec E.2): the text of
 * kvm/<tid>-<fd>/stage2_page_tables, of nested/nested_mmuN, and of the
 * files `stage2 save` writes (the same text after a "# key: value" header).
 *
 * The parser is fed the text in chunks of any size and hands each range
 * (24 bytes) to a sink: the dump's array (diff), a summary's accumulator
 * (constant memory) or a spool (show: bounded memory, a temporary file past
 * a buffer), so every later step works on ranges, not text.
 */
#ifndef VMM_LIB_PTDUMP_H
#define VMM_LIB_PTDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmm_sys;

/* Attribute bits of one range, decoded from the dump's tokens. */
#define VMM_S2_PRESENT	(1u << 0)	/* attributes printed: the entry is not zero */
#define VMM_S2_VALID	(1u << 1)	/* " " rather than "F" */
#define VMM_S2_R	(1u << 2)
#define VMM_S2_W	(1u << 3)
#define VMM_S2_PX	(1u << 4)	/* privileged execute allowed (no PXN) */
#define VMM_S2_UX	(1u << 5)	/* unprivileged execute allowed (no UXN) */
#define VMM_S2_AF	(1u << 6)
#define VMM_S2_BLOCK	(1u << 7)	/* level 1 or 2 block */
/* The bits that make a permission set (summary, diff). */
#define VMM_S2_PERMS	(VMM_S2_R | VMM_S2_W | VMM_S2_PX | VMM_S2_UX | VMM_S2_AF)

struct vmm_s2_entry {
	uint64_t start;
	uint64_t end;		/* exclusive */
	int8_t level;		/* -1 (LPA2) to 3 */
	uint8_t attr;
};

static inline bool vmm_s2_mapped(const struct vmm_s2_entry *e)
{
	return (e->attr & (VMM_S2_PRESENT | VMM_S2_VALID)) == (VMM_S2_PRESENT | VMM_S2_VALID);
}

/* The header `stage2 save` writes; fields a file does not carry stay 0/"". */
#define VMM_S2_MAGIC	"# vmmctl stage2 dump"
#define VMM_S2_VERSION	1
struct vmm_s2_hdr {
	bool present;
	int version;
	char vm[64];
	char time[40];
	char kernel[128];
	char source[64];	/* "stage2_page_tables", "nested/nested_mmu0" */
	uint32_t ipa_bits;
	uint32_t levels;
	uint32_t page_size;
};

/*
 * Where parsed ranges go: by default into the dump's array (e, n); a sink
 * takes each range instead, so that a summary needs no array. 0 or -errno
 * (which stops the parse).
 */
typedef int (*vmm_s2_sink_fn)(void *priv, const struct vmm_s2_entry *e);

struct vmm_s2_dump {
	struct vmm_s2_entry *e;
	size_t n, cap;
	vmm_s2_sink_fn sink;	/* NULL: the array */
	void *sink_priv;
	uint64_t lines;		/* lines seen so far */
	uint64_t count;		/* range lines seen so far */
	uint64_t first_start, last_end;	/* of the first and the last range */
	uint8_t levels_seen;	/* bit level + 1 for each level a range is at */
	bool began;		/* the text starts inside a dump (the second part of a file) */
	struct vmm_s2_hdr hdr;
	bool titled;		/* "---[ Guest IPA ]---" seen */
	bool mmu_line;		/* a nested MMU's "VTCR: .. VTTBR: .. s2: .." line */
	bool s2_enabled;
	uint64_t vtcr, vttbr;
	struct vmm_s2_memo *memo;	/* the tails of lines read before (lib/ptdump.c) */
	char end_text[16];	/* the last range's END digits, when end_text_ok */
	bool end_text_ok;
	/* a line cut between two chunks */
	char *carry;
	size_t carry_len, carry_cap;
	/* the first malformed line: its number and what was wrong */
	uint64_t err_line;
	char err[160];
};

void vmm_s2_init(struct vmm_s2_dump *d);
/*
 * The walk's extent as the dump shows it: the kernel prints ranges up to
 * 2^ia_bits, and its top-level ranges at the start level. For a nested
 * MMU, whose shadow table spans the guest's PARange rather than the VM's
 * ipa_range. -ENODATA when the dump ends off a power of two or has no range.
 */
int vmm_s2_extent(const struct vmm_s2_dump *d, uint32_t *ipa_bits, uint32_t *levels);
void vmm_s2_free(struct vmm_s2_dump *d);
/* Room for n ranges in the array, and b's array appended to a's: -ENOMEM. */
int vmm_s2_reserve(struct vmm_s2_dump *d, size_t n);
int vmm_s2_append(struct vmm_s2_dump *a, const struct vmm_s2_dump *b);
/*
 * Parses the next chunk of text. -EINVAL at the first malformed line
 * (d->err_line, d->err say which and why; later calls keep failing),
 * -ENOMEM. vmm_s2_finish parses a last line without a newline.
 */
int vmm_s2_feed(struct vmm_s2_dump *d, const char *buf, size_t len);
int vmm_s2_finish(struct vmm_s2_dump *d);

/*
 * One range line, without its newline: 0 or -EINVAL with *why set. Pure;
 * exported for the unit tests and the fuzzer.
 */
int vmm_s2_parse_line(const char *line, size_t len, struct vmm_s2_entry *e, const char **why);

/*
 * The attribute columns as the kernel prints them (20 characters, "" for
 * an unmapped range), and the permission tokens joined ("R W px ux AF").
 */
void vmm_s2_attr_columns(uint8_t attr, char buf[24]);
void vmm_s2_perm_string(uint8_t attr, char buf[32]);

/* What `stage2 summary` reports of one dump. */
#define VMM_S2_LEVELS	5	/* -1 to 3, indexed level + 1 */
struct vmm_s2_summary {
	uint64_t ranges, mapped_ranges, mapped_bytes, unmapped_bytes;
	uint64_t invalid_ranges, invalid_bytes;	/* "F": not valid, not zero */
	uint64_t level_ranges[VMM_S2_LEVELS], level_bytes[VMM_S2_LEVELS];
	uint64_t block_ranges, block_bytes, page_ranges, page_bytes;
	/* mapped bytes and ranges by permission set, indexed by attr & PERMS >> 2 */
	uint64_t perm_ranges[32], perm_bytes[32];
	uint64_t largest_start, largest_end;	/* largest run of adjacent mapped ranges */
	uint64_t ipa_end;			/* end of the last range */
};
void vmm_s2_summarize(const struct vmm_s2_entry *e, size_t n, struct vmm_s2_summary *s);

/*
 * The summary built range by range (a sink: constant memory whatever the
 * dump's size), and the summaries of two consecutive parts of one dump
 * merged into the first, as if it had seen both.
 */
struct vmm_s2_acc {
	struct vmm_s2_summary s;
	bool in_run;			/* the last range is mapped: run_start.. */
	uint64_t run_start, run_end;
	bool lead, lead_open;		/* the first range is mapped; its run goes on */
	uint64_t lead_start, lead_end;
};
void vmm_s2_acc_init(struct vmm_s2_acc *a);
int vmm_s2_acc_sink(void *priv, const struct vmm_s2_entry *e);
void vmm_s2_acc_merge(struct vmm_s2_acc *a, const struct vmm_s2_acc *b);

/*
 * Parses the dump file fd of size bytes from its start (pread, a bounded
 * buffer per part). With threads > 1 and a file of split_min bytes or more
 * (0: VMM_S2_SPLIT_MIN, below which a thread costs more than it saves;
 * the fuzzer splits small files), a second
 * thread parses into b the part after a line boundary near the middle,
 * where that line is a range line after the first one; otherwise b stays
 * empty. a and b come initialised, with their sinks set. On return a has
 * the lines, ranges and first error of the whole file (line numbers of the
 * whole file); the caller merges b's sink into a's (vmm_s2_append,
 * vmm_s2_acc_merge). 0, -EINVAL (a->err_line, a->err), -ENOMEM or the
 * -errno of a read (recorded in s). Threads are started only here.
 */
#define VMM_S2_SPLIT_MIN	(4u << 20)
int vmm_s2_parse_file(struct vmm_sys *s, int fd, uint64_t size, const char *path, int threads,
		      uint64_t split_min, struct vmm_s2_dump *a, struct vmm_s2_dump *b);

/*
 * Ranges kept in order in bounded memory (lib/ptdump_spool.c): a buffer of
 * room for buf_entries ranges (0: VMM_S2_SPOOL_BUF), spilled when it fills
 * to a temporary file with no name (vmm_sys_tmpfile_user), one word a
 * range where it can. vmm_s2_spool_sink is a vmm_s2_sink_fn; after
 * vmm_s2_spool_seal (sp->err, the first failure of either, or 0),
 * vmm_s2_spool_get puts ranges [first, first + n) in
 * out, read through rd (its own error context and room): 0, -ERANGE,
 * -ENOMEM or a read's -errno. Reads may run on two threads at once, each
 * with its own reader. Memory beyond the buffer: 8 bytes a stride of
 * VMM_S2_SPOOL_STRIDE ranges.
 */
#define VMM_S2_SPOOL_BUF	16384u
#define VMM_S2_SPOOL_STRIDE	1024u
#define VMM_S2_SPOOL_LONG	24u	/* bytes of a three-word record: the room a sink keeps */
struct vmm_s2_spool {
	struct vmm_sys *sys;
	uint8_t *buf;
	size_t n, cap;		/* bytes in the buffer, not yet written; its size */
	uint64_t count;		/* ranges in all */
	uint64_t written;	/* bytes in the file */
	uint64_t last_end;	/* of the range before */
	uint64_t *stride;	/* the byte offset of every every-th range */
	size_t nstride, stride_cap;
	uint32_t every;		/* ranges a stride (set by init; fewer for tests) */
	uint32_t left;		/* ranges before the next stride begins */
	int fd;			/* -1: all in the buffer */
	int err;		/* the first failure of sink or seal */
};
struct vmm_s2_reader {
	struct vmm_sys *sys;
	uint8_t *raw;
	size_t cap;
};
int vmm_s2_spool_init(struct vmm_s2_spool *sp, struct vmm_sys *s, size_t buf_entries);
int vmm_s2_spool_sink(void *priv, const struct vmm_s2_entry *e);
/* The one-word record (lib/ptdump_spool.c): whether e can be one, its word. */
static inline bool vmm_s2_spool_short(const struct vmm_s2_spool *sp, const struct vmm_s2_entry *e)
{
	return sp->left && e->start == sp->last_end && !(e->end & 0xfff);
}

/* Level and attributes as a record's first word holds them (bit 0 clear). */
static inline uint64_t vmm_s2_spool_meta(const struct vmm_s2_entry *e)
{
	return (uint64_t)((e->level + 1) & 7) << 1 | (uint64_t)e->attr << 4;
}

static inline uint64_t vmm_s2_spool_word(const struct vmm_s2_entry *e)
{
	return e->end | vmm_s2_spool_meta(e) | 1;
}

/* vmm_s2_spool_sink's common case inline, for the parser's loop. */
static inline int vmm_s2_spool_put(struct vmm_s2_spool *sp, const struct vmm_s2_entry *e)
{
	if (vmm_s2_spool_short(sp, e) && sp->n + VMM_S2_SPOOL_LONG <= sp->cap) {
		uint64_t w = vmm_s2_spool_word(e);

		__builtin_memcpy(sp->buf + sp->n, &w, 8);
		sp->n += 8;
		sp->left--;
		sp->last_end = e->end;
		sp->count++;
		return 0;
	}
	return vmm_s2_spool_sink(sp, e);
}
int vmm_s2_spool_seal(struct vmm_s2_spool *sp);
int vmm_s2_spool_get(const struct vmm_s2_spool *sp, struct vmm_s2_reader *rd, uint64_t first,
		     size_t n, struct vmm_s2_entry *out);
void vmm_s2_spool_free(struct vmm_s2_spool *sp);

/* One range of `stage2 diff`: the same [start, end) in both dumps. */
enum vmm_s2_change {
	VMM_S2_SAME,
	VMM_S2_MAPPED,		/* not mapped in A, mapped in B */
	VMM_S2_UNMAPPED,
	VMM_S2_CHANGED,		/* mapped in both, level or attributes differ */
};
struct vmm_s2_delta {
	uint64_t start, end;
	enum vmm_s2_change change;
	int8_t level_a, level_b;	/* -2 where that dump has no range */
	uint8_t attr_a, attr_b;
};
/* "same", "mapped", "unmapped", "changed" */
const char *vmm_s2_change_name(enum vmm_s2_change c);
/*
 * The differences of two dumps, merged over both sets of boundaries and
 * coalesced where the change and both sides' attributes stay the same;
 * ranges only one dump covers count as unmapped in the other. *out is
 * malloc'ed; returns the number of deltas or -ENOMEM.
 */
long vmm_s2_diff(const struct vmm_s2_entry *a, size_t na, const struct vmm_s2_entry *b,
		 size_t nb, struct vmm_s2_delta **out);

/* A nested MMU's VTCR_EL2 and VTTBR_EL2, decoded. */
struct vmm_s2_vtcr {
	uint32_t t0sz, ipa_bits, sl0, granule, ps, pa_bits;
	int start_level;
	bool vmid16, ha, hd, ds;
	uint32_t vmid;
	uint64_t baddr;
	bool cnp;
};
void vmm_s2_decode_vtcr(uint64_t vtcr, uint64_t vttbr, struct vmm_s2_vtcr *v);

/*
 * The picture of an IPA space (lib/ptdump_map.c): bytes counted into a
 * power of two of cells, at least cells (and at most VMM_S2_GRID_CELLS), of
 * 1 << shift bytes from base: 4 KiB to start, merged when a range lands
 * past the last cell; only [base, limit) counts. A map counts mapped bytes
 * by VMM_S2_G_BLOCK and VMM_S2_G_PAGE (vmm_s2_grid_sink, a
 * vmm_s2_sink_fn); a diff counts the bytes of each enum vmm_s2_change. A
 * view sums the cells into at most max_cells cells of one power-of-two
 * size from base to end; with max_cells no more than the grid's cells, a
 * view's cell is never smaller than the grid's.
 */
#define VMM_S2_GRID_CELLS	65536u
enum { VMM_S2_G_BLOCK, VMM_S2_G_PAGE, VMM_S2_G_KINDS = 4 };
struct vmm_s2_cell {
	uint64_t bytes[VMM_S2_G_KINDS];
	uint8_t attrs;		/* of the counted ranges, ORed */
	uint8_t levels;		/* bit level + 1 of each */
};
struct vmm_s2_grid {
	uint64_t base, limit;
	uint64_t end;		/* of the last byte counted; 0: none */
	unsigned int shift;
	size_t ncells;
	size_t used;		/* cells [0, used) may be other than 0 */
	struct vmm_s2_cell *c;
};
int vmm_s2_grid_init(struct vmm_s2_grid *g, uint64_t base, uint64_t limit, size_t cells);
void vmm_s2_grid_add(struct vmm_s2_grid *g, uint64_t start, uint64_t end, int kind,
		     uint8_t attr, int8_t level);
int vmm_s2_grid_sink(void *priv, const struct vmm_s2_entry *e);
/* b's counts into a (b's cells may merge on the way). */
void vmm_s2_grid_merge(struct vmm_s2_grid *a, struct vmm_s2_grid *b);
void vmm_s2_grid_free(struct vmm_s2_grid *g);

struct vmm_s2_view {
	uint64_t base, end;
	unsigned int shift;	/* a cell is 1 << shift bytes; the last may be shorter */
	size_t n;
	struct vmm_s2_cell *c;
};
/* 0, -EINVAL (end not past base, no cells), -ENOMEM. */
int vmm_s2_grid_view(const struct vmm_s2_grid *g, uint64_t end, size_t max_cells,
		     struct vmm_s2_view *v);
void vmm_s2_view_free(struct vmm_s2_view *v);
uint64_t vmm_s2_view_start(const struct vmm_s2_view *v, size_t i);
uint64_t vmm_s2_view_end(const struct vmm_s2_view *v, size_t i);

/*
 * What a map's cell holds: by what it is mapped, writable if any of it is,
 * executable if any of it is (at EL1 or EL0).
 */
enum vmm_s2_fill { VMM_S2_FILL_NONE, VMM_S2_FILL_BLOCKS, VMM_S2_FILL_PAGES, VMM_S2_FILL_MIXED };
enum vmm_s2_access { VMM_S2_ACC_NONE, VMM_S2_ACC_RO, VMM_S2_ACC_RW };
enum vmm_s2_fill vmm_s2_cell_fill(const struct vmm_s2_cell *c);
enum vmm_s2_access vmm_s2_cell_access(const struct vmm_s2_cell *c);
bool vmm_s2_cell_exec(const struct vmm_s2_cell *c);
/* "unmapped", "blocks", "pages", "mixed"; "none", "read-only", "writable" */
const char *vmm_s2_fill_name(enum vmm_s2_fill f);
const char *vmm_s2_access_name(enum vmm_s2_access a);
/* A diff's cell: changed rights first, then mapped or unmapped (both: changed). */
enum vmm_s2_change vmm_s2_cell_change(const struct vmm_s2_cell *c);

#endif
