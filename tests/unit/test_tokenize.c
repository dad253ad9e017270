// SPDX-License-Identifier: GPL-3.0-or-later
/* cli/tokenize.c: words, quotes, escapes, comments, continuations. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cli/tokenize.h"

/* Tokenizes text and compares with the NULL-terminated list want. */
static void check_words(const char *text, const char *const *want)
{
	struct vmm_tokens t;
	const char *why = NULL;
	int n = 0;

	while (want[n])
		n++;
	assert_int_equal(vmm_tokenize(text, &t, &why), 0);
	assert_int_equal(t.argc, n);
	assert_non_null(t.argv);
	for (int i = 0; i < n; i++)
		assert_string_equal(t.argv[i], want[i]);
	assert_null(t.argv[t.argc]);
	vmm_tokens_free(&t);
	assert_null(t.argv);
	assert_null(t.buf);
	assert_int_equal(t.argc, 0);
}

#define WORDS(text, ...) check_words((text), (const char *const[]){ __VA_ARGS__ })

static void check_more(const char *text)
{
	struct vmm_tokens t;
	const char *why = NULL;

	assert_int_equal(vmm_tokenize(text, &t, &why), VMM_TOK_MORE);
	assert_non_null(why);
	assert_true(why[0] != '\0');
	assert_null(t.argv);
	assert_null(t.buf);
	assert_int_equal(t.argc, 0);
	vmm_tokens_free(&t);	/* harmless after a failure */
}

static void test_tokenize_plain_words(void **state)
{
	(void)state;
	WORDS("host features", "host", "features", NULL);
	WORDS("a", "a", NULL);
	WORDS("  lead  and   trail  ", "lead", "and", "trail", NULL);
	WORDS("crlf\r\n", "crlf", NULL);
}

static void test_tokenize_empty(void **state)
{
	(void)state;
	WORDS("", NULL);
	WORDS("   ", NULL);
	WORDS("\n\n", NULL);
	WORDS("\t \t", NULL);
}

static void test_tokenize_tabs(void **state)
{
	(void)state;
	WORDS("a\tb\t\tc", "a", "b", "c", NULL);
	WORDS("\tmem add\t0x1000+4K\n", "mem", "add", "0x1000+4K", NULL);
}

static void test_tokenize_single_quotes(void **state)
{
	(void)state;
	WORDS("'a b'", "a b", NULL);
	WORDS("x 'a  b' y", "x", "a  b", "y", NULL);
	WORDS("'a\\b'", "a\\b", NULL);		/* no escapes inside '...' */
	WORDS("'a\"b'", "a\"b", NULL);
	WORDS("'# not a comment'", "# not a comment", NULL);
	WORDS("''", "", NULL);
}

static void test_tokenize_double_quotes(void **state)
{
	(void)state;
	WORDS("\"a b\"", "a b", NULL);
	WORDS("\"it's\"", "it's", NULL);
	WORDS("\"#x\"", "#x", NULL);
}

static void test_tokenize_double_quote_escapes(void **state)
{
	(void)state;
	WORDS("\"a\\\"b\"", "a\"b", NULL);	/* \" */
	WORDS("\"a\\\\b\"", "a\\b", NULL);	/* \\ */
	WORDS("\"a\\nb\"", "a\\nb", NULL);	/* other escapes stay literal */
	WORDS("\"\\\\\"", "\\", NULL);
}

static void test_tokenize_empty_quotes(void **state)
{
	(void)state;
	WORDS("\"\"", "", NULL);
	WORDS("a \"\" b", "a", "", "b", NULL);
	WORDS("a ''", "a", "", NULL);
}

static void test_tokenize_adjacent_quotes(void **state)
{
	(void)state;
	WORDS("ab\"cd\"ef", "abcdef", NULL);
	WORDS("'a'\"b\"c", "abc", NULL);
	WORDS("key=\"a b\"", "key=a b", NULL);
}

static void test_tokenize_comments(void **state)
{
	(void)state;
	WORDS("# just a comment", NULL);
	WORDS("#", NULL);
	WORDS("host # trailing comment", "host", NULL);
	WORDS("a #b\nc", "a", "c", NULL);	/* a comment ends at the newline */
	WORDS("\t# indented", NULL);
}

/* Quotes and backslashes inside a comment never ask for another line. */
static void test_tokenize_comment_hides_quotes(void **state)
{
	(void)state;
	WORDS("host features # it's fine", "host", "features", NULL);
	WORDS("# \"open\nversion", "version", NULL);
	WORDS("a # trailing \\", "a", NULL);
}

static void test_tokenize_hash_inside_word(void **state)
{
	(void)state;
	WORDS("a#b", "a#b", NULL);
	WORDS("a# b", "a#", "b", NULL);
	WORDS("\"a\"#b", "a#b", NULL);
	WORDS("\\#x", "#x", NULL);
}

static void test_tokenize_backslash_escapes(void **state)
{
	(void)state;
	WORDS("a\\ b", "a b", NULL);
	WORDS("\\\\", "\\", NULL);
	WORDS("\\'x\\'", "'x'", NULL);
	WORDS("\\\"", "\"", NULL);
	WORDS("a\\tb", "atb", NULL);
}

static void test_tokenize_continuation(void **state)
{
	(void)state;
	WORDS("ab\\\ncd", "abcd", NULL);
	WORDS("a \\\nb", "a", "b", NULL);
	WORDS("\\\nfoo", "foo", NULL);
	WORDS("a\\\n", "a", NULL);
	WORDS("\"a\\\nb\"", "ab", NULL);	/* inside double quotes too */
}

static void test_tokenize_more_open_quote(void **state)
{
	(void)state;
	check_more("\"abc");
	check_more("'abc");
	check_more("a \"b c");
	check_more("a 'b\nc");
	check_more("\"abc\\\"");	/* the escaped quote does not close */
	check_more("\"a\\");
}

static void test_tokenize_more_trailing_backslash(void **state)
{
	(void)state;
	check_more("abc\\");
	check_more("abc \\");
	check_more("\\");
}

static void test_tokenize_many_words(void **state)
{
	char text[512], want[40][8];
	const char *wantp[41];
	int off = 0;

	(void)state;
	for (int i = 0; i < 40; i++) {
		snprintf(want[i], sizeof(want[i]), "w%d", i);
		wantp[i] = want[i];
		off += snprintf(text + off, sizeof(text) - (size_t)off, "%s%s", i ? " " : "",
				want[i]);
	}
	wantp[40] = NULL;
	check_words(text, wantp);
}

static void test_tokenize_exactly_cap_words(void **state)
{
	(void)state;
	/* 7, 8 and 9 words around the initial capacity of 8 */
	WORDS("1 2 3 4 5 6 7", "1", "2", "3", "4", "5", "6", "7", NULL);
	WORDS("1 2 3 4 5 6 7 8", "1", "2", "3", "4", "5", "6", "7", "8", NULL);
	WORDS("1 2 3 4 5 6 7 8 9", "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL);
}

static void test_tokenize_argv_terminated(void **state)
{
	struct vmm_tokens t;
	const char *why = NULL;

	(void)state;
	assert_int_equal(vmm_tokenize("x y", &t, &why), 0);
	assert_int_equal(t.argc, 2);
	assert_null(t.argv[2]);
	vmm_tokens_free(&t);

	assert_int_equal(vmm_tokenize("", &t, &why), 0);
	assert_int_equal(t.argc, 0);
	assert_non_null(t.argv);
	assert_null(t.argv[0]);
	vmm_tokens_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenize_plain_words),
		cmocka_unit_test(test_tokenize_empty),
		cmocka_unit_test(test_tokenize_tabs),
		cmocka_unit_test(test_tokenize_single_quotes),
		cmocka_unit_test(test_tokenize_double_quotes),
		cmocka_unit_test(test_tokenize_double_quote_escapes),
		cmocka_unit_test(test_tokenize_empty_quotes),
		cmocka_unit_test(test_tokenize_adjacent_quotes),
		cmocka_unit_test(test_tokenize_comments),
		cmocka_unit_test(test_tokenize_comment_hides_quotes),
		cmocka_unit_test(test_tokenize_hash_inside_word),
		cmocka_unit_test(test_tokenize_backslash_escapes),
		cmocka_unit_test(test_tokenize_continuation),
		cmocka_unit_test(test_tokenize_more_open_quote),
		cmocka_unit_test(test_tokenize_more_trailing_backslash),
		cmocka_unit_test(test_tokenize_many_words),
		cmocka_unit_test(test_tokenize_exactly_cap_words),
		cmocka_unit_test(test_tokenize_argv_terminated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
