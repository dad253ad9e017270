/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The stage2 object: cmd/stage2.c finds and reads dumps and runs the
 * commands, cmd/stage2_out.c writes their results (the range list streamed,
 * so that a million-range dump never becomes a million JSON objects).
 */
#ifndef VMM_CMD_STAGE2_H
#define VMM_CMD_STAGE2_H

#include <limits.h>

#include "cli/cmd.h"
#include "lib/ptdump.h"

/* One part of a dump's ranges, as `stage2 show` keeps them (filtered). */
struct vmm_s2_keep {
	const struct vmm_s2_show *sh;	/* its filters */
	struct vmm_s2_spool sp;
};

/* The result of `stage2 show`: metadata, the dump's ranges and the filters. */
struct vmm_s2_show {
	char vm[64];		/* VM id, or the vm: of a saved file's header; "" */
	char file[PATH_MAX];	/* a saved file, or "" */
	char source[64];	/* "stage2_page_tables", "nested/nested_mmu0" */
	uint32_t ipa_bits, levels;	/* 0 when not known */
	bool nested;		/* a nested MMU's dump: d.mmu_line says if it is in use */
	struct vmm_s2_dump d;	/* the header, title and MMU line; no ranges */
	struct vmm_s2_keep keep[2];	/* the wanted ranges: a file's two parts, in order */
	struct vmm_sys *sys;	/* the call's, for reading the spool back */
	struct vmm_sys sys1;	/* a copy, for the second part's spool */
	int threads;		/* that may format the ranges */
	bool range_set;
	uint64_t range_start, range_end;
	int level;		/* -2: any */
	int mapped;		/* 0 any, 1 mapped only, -1 unmapped only */
};

/* The sink of show's parse: the wanted ranges into keep->sp. */
int vmm_s2_show_sink(void *priv, const struct vmm_s2_entry *e);
/* The stream function and text renderer of `stage2 show` (cmd/stage2_out.c). */
void vmm_s2_show_json(void *priv, FILE *f, bool pretty);
void vmm_s2_show_text(json_object *res, FILE *f);
void vmm_s2_show_free(void *priv);
/* Text renderers of summary and diff, from their JSON objects. */
void vmm_s2_summary_text(json_object *res, FILE *f);
void vmm_s2_summary_metrics(json_object *res, struct vmm_metrics *m);
void vmm_s2_diff_text(json_object *res, FILE *f);
/* One range's attributes as JSON keys (diff's before and after). */
void vmm_s2_attr_json(json_object *o, int level, uint8_t attr);
/* "4K", "2M", "1022G": the dump's own size notation. */
void vmm_s2_size_str(uint64_t bytes, char buf[24]);

/* What `stage2 map` and `stage2 diff --svg` draw (cmd/stage2_map.c). */
struct vmm_s2_map_req {
	const char *svg;	/* the SVG file to write, or NULL */
	unsigned int width;	/* columns; 0: the terminal's, else 80 */
	bool range_set, diff;
	uint64_t range_end;	/* the grid's base is the range's start */
	uint32_t ipa_bits;	/* 0: not known */
};
/* The cells a grid needs for the picture rq asks for. */
size_t vmm_s2_picture_cells(const struct vmm_s2_map_req *rq);
/* The picture of g into o (cells, totals) and the SVG file: 0 or the recorded error. */
int vmm_s2_picture(struct vmm_call *c, const struct vmm_s2_grid *g,
		   const struct vmm_s2_map_req *rq, const char *title, json_object *o);
void vmm_s2_map_text(json_object *res, FILE *f);

/* A result's integer member for the text renderers, 0 when absent. */
static inline uint64_t vmm_s2_ju64(json_object *o, const char *key)
{
	uint64_t v = 0;

	vmm_jget_u64(o, key, &v);
	return v;
}

#endif
