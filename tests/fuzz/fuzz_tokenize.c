// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the REPL and batch tokenizer: vmm_tokenize() on the
 * input (cut at its first NUL), then vmm_tokens_free(). Words must fit the
 * text, and quoting each word again must give the same words back.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* 'word' with each ' written as '\'' */
static char *requote(const struct vmm_tokens *t)
{
	size_t len = 1;
	char *out, *o;

	for (int i = 0; i < t->argc; i++)
		len += 4 * strlen(t->argv[i]) + 3;
	out = malloc(len);
	if (!out)
		return NULL;
	o = out;
	for (int i = 0; i < t->argc; i++) {
		*o++ = '\'';
		for (const char *p = t->argv[i]; *p; p++) {
			if (*p == '\'') {
				memcpy(o, "'\\''", 4);
				o += 4;
			} else {
				*o++ = *p;
			}
		}
		*o++ = '\'';
		*o++ = ' ';
	}
	*o = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_tokens t, again;
	const char *why = NULL;
	char *text = malloc(size + 1), *q;
	size_t total = 0, len;
	int ret;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	len = strlen(text);

	ret = vmm_tokenize(text, &t, &why);
	check(ret == 0 || ret == VMM_TOK_MORE || ret == -ENOMEM || ret == -EINVAL);
	if (ret) {
		check(ret == -ENOMEM || (why && *why));
		vmm_tokens_free(&t);	/* must be harmless after a failure */
		free(text);
		return 0;
	}
	check(t.argc >= 0 && t.argv && t.argv[t.argc] == NULL);
	for (int i = 0; i < t.argc; i++)
		total += strlen(t.argv[i]);
	check(total <= len);

	q = requote(&t);
	if (q) {
		why = NULL;
		check(vmm_tokenize(q, &again, &why) == 0);
		check(again.argc == t.argc);
		for (int i = 0; i < t.argc; i++)
			check(!strcmp(again.argv[i], t.argv[i]));
		vmm_tokens_free(&again);
		free(q);
	}
	vmm_tokens_free(&t);
	check(t.argc == 0 && t.argv == NULL && t.buf == NULL);
	vmm_tokens_free(&t);	/* twice is fine too */
	free(text);
	return 0;
}
