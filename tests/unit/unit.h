/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What several unit tests share, included after <cmocka.h>: set-up of a
 * context over the scripted kernel, a command line through the real
 * dispatcher, and little-endian bytes built from the spec's offsets (never
 * from the structs under test).
 */
#ifndef VMM_TESTS_UNIT_H
#define VMM_TESTS_UNIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/tokenize.h"
#include "mock_sys.h"

/* A batch-mode context over the scripted kernel, its sessions closed after. */
static inline int unit_ctx_setup(void **state)
{
	struct vmm_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx || vmm_sys_init(&ctx->sys, NULL))
		return -1;
	ctx->prog = "vmmctl";
	ctx->in_batch = true;
	mock_sys_reset();
	*state = ctx;
	return 0;
}

static inline int unit_ctx_teardown(void **state)
{
	struct vmm_ctx *ctx = *state;

	vmm_session_close_all(ctx);
	free(ctx);
	return 0;
}

/* A bare lib/sys context over the scripted kernel, for lib/ tests. */
static inline int unit_sys_setup(void **state)
{
	struct vmm_sys *s = calloc(1, sizeof(*s));

	if (!s || vmm_sys_init(s, NULL))
		return -1;
	mock_sys_reset();
	*state = s;
	return 0;
}

static inline int unit_sys_teardown(void **state)
{
	free(*state);
	return 0;
}

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
