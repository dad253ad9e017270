// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * --openmetrics: a command's metrics callback adds samples, grouped here by
 * family, and the families are printed in the text exposition format that
 * node_exporter's textfile collector and promtool parse (HELP and TYPE once
 * per family, a counter's TYPE line naming it with its _total), closed by
 * OpenMetrics' "# EOF", which that format reads as a comment.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct family {
	const char *name;
	const char *help;
	enum vmm_metric_type type;
	char *buf;		/* the sample lines, through f */
	size_t len;
	FILE *f;
};

struct vmm_metrics {
	struct family *fam;
	size_t n, cap;
};

/* Label values escape \, " and newline; HELP text escapes \ and newline. */
static void put_escaped(FILE *f, const char *s, bool label)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (label && *s == '"')
			fputs("\\\"", f);
		else
			fputc(*s, f);
	}
}

static struct family *family(struct vmm_metrics *m, const char *name, enum vmm_metric_type type,
			     const char *help)
{
	struct family *f;

	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->fam[i].name, name))
			return &m->fam[i];
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;

		f = realloc(m->fam, cap * sizeof(*f));
		if (!f)
			return NULL;
		m->fam = f;
		m->cap = cap;
	}
	f = &m->fam[m->n];
	*f = (struct family){ .name = name, .help = help, .type = type };
	f->f = open_memstream(&f->buf, &f->len);
	if (!f->f)
		return NULL;
	m->n++;
	return f;
}

void vmm_metric(struct vmm_metrics *m, const char *name, enum vmm_metric_type type,
		const char *help, const char *const *labels, uint64_t value)
{
	struct family *fam = family(m, name, type, help);

	if (!fam)
		return;
	fputs(name, fam->f);
	for (int i = 0; labels && labels[i]; i += 2) {
		fprintf(fam->f, "%s%s=\"", i ? "," : "{", labels[i]);
		put_escaped(fam->f, labels[i + 1] ? labels[i + 1] : "", true);
		fputc('"', fam->f);
		if (!labels[i + 2])
			fputc('}', fam->f);
	}
	fprintf(fam->f, " %" PRIu64 "\n", value);
}

void vmm_render_metrics(json_object *res, void (*fn)(json_object *res, struct vmm_metrics *m),
			FILE *f)
{
	struct vmm_metrics m = { 0 };

	fn(res, &m);
	for (size_t i = 0; i < m.n; i++) {
		struct family *fam = &m.fam[i];

		fclose(fam->f);
		fprintf(f, "# HELP %s ", fam->name);
		put_escaped(f, fam->help, false);
		fprintf(f, "\n# TYPE %s %s\n", fam->name,
			fam->type == VMM_METRIC_COUNTER ? "counter" : "gauge");
		fwrite(fam->buf, 1, fam->len, f);
		free(fam->buf);
	}
	fputs("# EOF\n", f);
	free(m.fam);
}
