/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What several unit tests share, included after <cmocka.h>: a command line
 * through the real dispatcher, and little-endian bytes built from the
 * spec's offsets (never from the structs under test).
 */
#ifndef VMM_TESTS_UNIT_H
#define VMM_TESTS_UNIT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/tokenize.h"

/* Splits line into words and dispatches them in ctx. */
static inline void run(struct vmm_ctx *ctx, const char *line, struct vmm_outcome *o)
{
	struct vmm_tokens t;
	const char *why = NULL;

	memset(o, 0, sizeof(*o));
	assert_int_equal(vmm_tokenize(line, &t, &why), 0);
	vmm_dispatch(ctx, t.argc, t.argv, o);
	vmm_tokens_free(&t);
}

static inline void assert_ok(const struct vmm_outcome *o)
{
	if (o->err.set)
		fail_msg("unexpected error: %s", o->err.message);
	assert_int_equal(o->exit_code, 0);
	assert_non_null(o->result);
}

static inline void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void put32(uint8_t *b, size_t off, uint32_t v)
{
	put_le(b + off, v, 4);
}

static inline void put64(uint8_t *b, size_t off, uint64_t v)
{
	put_le(b + off, v, 8);
}

#endif
