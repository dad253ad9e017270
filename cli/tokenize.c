// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenize.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void vmm_tokens_free(struct vmm_tokens *t)
{
	free(t->argv);
	free(t->buf);
	t->argv = NULL;
	t->buf = NULL;
	t->argc = 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int vmm_tokenize(const char *text, struct vmm_tokens *t, const char **why)
{
	size_t len = strlen(text), nwords = 0, cap = 8;
	const char *p = text;
	char *o, **argv = NULL, **tmp;
	bool in_word = false;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	/* every word is at most as long as the text; one NUL per word fits in len+1 more */
	t->buf = malloc(2 * len + 2);
	argv = malloc(cap * sizeof(*argv));
	if (!t->buf || !argv) {
		ret = -ENOMEM;
		goto out;
	}
	o = t->buf;
	while (*p) {
		if (!in_word) {
			if (blank(*p)) {
				p++;
				continue;
			}
			if (*p == '#') {
				while (*p && *p != '\n')
					p++;
				continue;
			}
			if (*p == '\\' && p[1] == '\n') {
				p += 2;
				continue;
			}
			if (nwords + 1 >= cap) {
				cap *= 2;
				tmp = realloc(argv, cap * sizeof(*argv));
				if (!tmp) {
					ret = -ENOMEM;
					goto out;
				}
				argv = tmp;
			}
			argv[nwords++] = o;
			in_word = true;
		}
		if (blank(*p)) {
			*o++ = '\0';
			in_word = false;
			p++;
		} else if (*p == '\'') {
			const char *end = strchr(p + 1, '\'');

			if (!end) {
				ret = VMM_TOK_MORE;
				goto out;
			}
			memcpy(o, p + 1, (size_t)(end - p - 1));
			o += end - p - 1;
			p = end + 1;
		} else if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (!*p) {
					ret = VMM_TOK_MORE;
					goto out;
				}
				if (*p == '\\' && p[1] == '\n') {
					p++;
					continue;
				}
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*o++ = *p;
			}
			p++;
		} else if (*p == '\\') {
			if (!p[1]) {
				ret = VMM_TOK_MORE;
				goto out;
			}
			if (p[1] != '\n')
				*o++ = p[1];
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	if (in_word)
		*o = '\0';
	argv[nwords] = NULL;
	t->argv = argv;
	t->argc = (int)nwords;
	return 0;
out:
	if (ret == VMM_TOK_MORE)
		*why = "unterminated quote or continuation";
	free(argv);
	free(t->buf);
	t->buf = NULL;
	return ret;
}
