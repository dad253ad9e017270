/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The top object: cmd/top.c takes the arguments, refreshes the model
 * (lib/top.c) and prints a table or a JSON line per interval;
 * cmd/top_ui.c draws it live with ncurses, loaded only then.
 */
#ifndef VMM_CMD_TOP_H
#define VMM_CMD_TOP_H

#include "cli/cmd.h"
#include "lib/top.h"

/* The columns one can sort by, in the order of the table. */
enum top_col {
	TOP_ID, TOP_PID, TOP_COMM, TOP_VCPUS, TOP_MEM,
	TOP_RATE0,			/* the rates, in enum vmm_top_rate order */
	TOP_S2 = TOP_RATE0 + VMM_TOP__RATES,
	TOP_HYP,
	TOP__COLS
};

struct top_view {
	struct vmm_call *c;
	struct vmm_top t;
	uint64_t interval_ns;
	uint64_t count;		/* refreshes before the end; 0: until quit */
	int sort;		/* enum top_col */
	bool reverse;		/* ascending where the column's default is descending */
	char filter[64];	/* shown rows: id or comm containing it; "" all */
	const char *only;	/* --vm: a comma list of ids or PIDs, or NULL */
	int *order;		/* the rows shown, sorted: indexes into t.rows */
	int nshown;
};

/* The columns' widths in the table, and their names (--sort, the keys) and headings. */
extern const int top_widths[TOP__COLS];
const char *top_col_name(int col);
const char *top_col_head(int col);
/* The text of column col of row r (width not applied). */
void top_cell(const struct top_view *v, const struct vmm_top_row *r, int col, char *buf,
	      size_t len);
/* Refreshes the model and the order of the rows shown: 0 or the recorded error. */
int top_refresh(struct top_view *v);
/* Re-sorts and re-filters without reading anything. */
void top_order(struct top_view *v);
/* What the host does not let top see, in one line ("" when nothing). */
void top_status(const struct top_view *v, char *buf, size_t len);
/* The live view (cmd/top_ui.c): 0, or the error when ncurses cannot start. */
int top_ui(struct top_view *v);

#endif
