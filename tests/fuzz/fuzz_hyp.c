// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for what hyp reads from the hypervisor's tracefs
 * remote: the first byte picks the trace-line parser or the format parser,
 * the rest is the text. Promises of lib/hyp.h: a parsed line has at most
 * VMM_HYP_ARGS_MAX NUL-terminated arguments, a timestamp with microsecond
 * resolution, and a parse never reads past len (the copy below has no NUL
 * after the text); a refused one says why. A format parses to at most
 * VMM_HYP_FIELDS_MAX fields with non-empty names, or names its line.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hyp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/*
 * A format file, a NUL, then a line: a line the check passes names only
 * the format's fields, each read back by vmm_hyp_rec_arg.
 */
static void against_format(char *text, size_t len)
{
	static struct vmm_hyp_event ev;
	char *nul = memchr(text, '\0', len);
	struct vmm_hyp_rec r;
	const char *why;
	int line;

	if (!nul || vmm_hyp_parse_format(text, &ev.fmt, &line, &why) ||
	    vmm_hyp_parse_line(nul + 1, len - (size_t)(nul + 1 - text), &r, &why))
		return;
	if (vmm_hyp_rec_check(&r, &ev, 1))
		return;
	for (int i = 0; i < r.nargs; i++) {
		bool known = false;

		for (int j = 0; j < ev.fmt.nfields; j++)
			known |= !strcmp(ev.fmt.fields[j].name, r.args[i].key);
		check(known && vmm_hyp_rec_arg(&r, r.args[i].key) != NULL);
	}
	for (int i = 0; i < VMM_HYP__REASONS; i++)
		check(vmm_hyp_reason_parse(vmm_hyp_reason_name((enum vmm_hyp_reason)i)) == i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_hyp_rec r;
	struct vmm_hyp_format f;
	const char *why = NULL;
	char *text;
	int line;

	if (size < 1)
		return 0;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	if (data[0] % 3 == 2) {
		against_format(text, size - 1);
	} else if (data[0] & 1) {
		if (vmm_hyp_parse_line(text, size - 1, &r, &why) == 0) {
			check(r.nargs >= 0 && r.nargs <= VMM_HYP_ARGS_MAX);
			check(r.ts_ns % 1000 == 0);
			for (int i = 0; i < r.nargs; i++)
				check(*r.args[i].key && *r.args[i].val);
			(void)vmm_hyp_rec_check(&r, NULL, 0);
		} else {
			check(why && *why);
		}
	} else {
		text[size - 1] = '\0';	/* a format file is read as a string */
		if (vmm_hyp_parse_format(text, &f, &line, &why) == 0) {
			check(f.nfields <= VMM_HYP_FIELDS_MAX && *f.name && line == 0);
			for (int i = 0; i < f.nfields; i++)
				check(*f.fields[i].name && *f.fields[i].type && f.fields[i].size);
		} else {
			check(why && *why && line >= 1);
		}
	}
	free(text);
	return 0;
}
