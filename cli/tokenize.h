/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one tokenizer for REPL lines and batch files. */
#ifndef VMM_CLI_TOKENIZE_H
#define VMM_CLI_TOKENIZE_H

struct vmm_tokens {
	int argc;
	char **argv;	/* argv[argc] == NULL */
	char *buf;	/* storage of the words */
};

#define VMM_TOK_MORE 1	/* open quote or trailing backslash: append the next line */

/*
 * Splits text into words: blanks separate, '...' is literal, "..." takes
 * \" and \\ escapes, a backslash outside quotes escapes the next character,
 * backslash-newline joins lines, and '#' at the start of a word comments
 * out the rest of the line. Returns 0, VMM_TOK_MORE, or -EINVAL/-ENOMEM.
 */
int vmm_tokenize(const char *text, struct vmm_tokens *t, const char **why);
void vmm_tokens_free(struct vmm_tokens *t);

#endif
