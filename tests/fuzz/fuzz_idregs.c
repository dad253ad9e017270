// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for KVM's idregs and resx debugfs files
 * (lib/idregs.c): the first byte picks the file, the rest is its text.
 * Either the parse fails with a reason naming a line, or every line it
 * returns printed again in the kernel's format reads back the same, and
 * decoding each value's fields stays within the field's width.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/idregs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_idregs_line *l, *m;
	char *text, *again, why[200] = "";
	bool resx;
	size_t len = 0;
	int n, k, rc;

	if (size < 1 || size > 1 << 16)
		return 0;
	resx = data[0] & 1;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = 0;
	rc = vmm_idregs_parse(text, resx, &l, &n, why, sizeof(why));
	free(text);
	if (rc) {
		check(!strncmp(why, "line ", 5));
		return 0;
	}
	again = malloc((size_t)n * 96 + 1);
	again[0] = 0;
	for (int i = 0; i < n; i++) {
		const struct vmm_idreg *r = vmm_idreg_by_name(l[i].name);

		len += (size_t)(resx ? sprintf(again + len, "%20s:\tRES0:%016llx\tRES1:%016llx\n",
					       l[i].name, (unsigned long long)l[i].res0,
					       (unsigned long long)l[i].res1) :
				sprintf(again + len, "%20s:\t%016llx\n", l[i].name,
					(unsigned long long)l[i].value));
		for (size_t f = 0; r && f < r->nfields; f++) {
			int64_t v = vmm_idreg_field_get(&r->fields[f], l[i].value);

			check(r->fields[f].is_signed ? v >= -(1ll << (r->fields[f].width - 1)) &&
			      v < (1ll << (r->fields[f].width - 1)) : (uint64_t)v < (1ull << r->fields[f].width));
		}
	}
	check(!vmm_idregs_parse(again, resx, &m, &k, why, sizeof(why)) && k == n);
	check(!n || !memcmp(l, m, (size_t)n * sizeof(*l)));
	free(again);
	free(l);
	free(m);
	return 0;
}
