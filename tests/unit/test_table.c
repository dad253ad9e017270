// SPDX-License-Identifier: GPL-3.0-or-later
/* The real command table: invariants, lookups, did-you-mean and dispatch end to end. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"

#include "cli/cli.h"
#include "cli/tokenize.h"

static int setup(void **state)
{
	struct vmm_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx || vmm_sys_init(&ctx->sys, NULL))
		return -1;
	ctx->prog = "vmmctl";
	*state = ctx;
	return 0;
}

static int teardown(void **state)
{
	struct vmm_ctx *ctx = *state;

	vmm_session_close_all(ctx);
	free(ctx);
	return 0;
}

static void assert_usage(const struct vmm_outcome *o, const char *needle)
{
	assert_true(o->err.set);
	assert_int_equal(o->err.code, VMM_E_USAGE);
	assert_int_equal(o->exit_code, 2);
	assert_null(o->result);
	if (!strstr(o->err.message, needle))
		fail_msg("message '%s' does not mention '%s'", o->err.message, needle);
}

static json_object *get(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		fail_msg("no key '%s'", key);
	return v;
}

/* ---- invariants and lookups ------------------------------------------------ */

static void test_table_selftest_passes(void **state)
{
	json_object *fails = json_object_new_array();
	int n;

	(void)state;
	n = vmm_selftest(fails);
	if (n)
		fail_msg("%d failures, first: %s", n,
			 json_object_get_string(json_object_array_get_idx(fails, 0)));
	assert_int_equal(json_object_array_length(fails), 0);
	json_object_put(fails);
}

static void test_table_find_object(void **state)
{
	const struct vmm_object *o;

	(void)state;
	o = vmm_find_object("host");
	assert_non_null(o);
	assert_string_equal(o->name, "host");
	assert_string_equal(vmm_find_object("version")->name, "version");
	assert_string_equal(vmm_find_object("self-test")->name, "self-test");
	assert_null(vmm_find_object("hos"));
	assert_null(vmm_find_object("HOST"));
	assert_null(vmm_find_object(""));
	assert_null(vmm_find_object("hosts"));
}

static void test_table_find_command_alias(void **state)
{
	const struct vmm_object *session = vmm_find_object("session");
	const struct vmm_command *close_cmd, *rm;

	(void)state;
	assert_non_null(session);
	close_cmd = vmm_find_command(session, "close");
	rm = vmm_find_command(session, "rm");
	assert_non_null(close_cmd);
	assert_ptr_equal(rm, close_cmd);
	assert_string_equal(vmm_find_command(session, "list")->name, "list");
	assert_null(vmm_find_command(session, "clos"));
	assert_null(vmm_find_command(session, ""));
	assert_non_null(vmm_find_command(vmm_find_object("host"), "features"));
}

static void test_table_default_command(void **state)
{
	const struct vmm_command *c;

	(void)state;
	c = vmm_default_command(vmm_find_object("version"));
	assert_non_null(c);
	assert_string_equal(c->name, "");
	assert_non_null(vmm_default_command(vmm_find_object("help")));
	assert_null(vmm_default_command(vmm_find_object("host")));
	assert_null(vmm_default_command(vmm_find_object("session")));
	/* the verb-less command is not reachable by name */
	assert_null(vmm_find_command(vmm_find_object("version"), ""));
}

static void test_table_suggest_object(void **state)
{
	(void)state;
	assert_string_equal(vmm_suggest_object("hots"), "host");
	assert_string_equal(vmm_suggest_object("hst"), "host");
	assert_string_equal(vmm_suggest_object("verison"), "version");
	assert_string_equal(vmm_suggest_object("sessoin"), "session");
	assert_null(vmm_suggest_object("xyzzy"));
	assert_null(vmm_suggest_object("network"));
	assert_null(vmm_suggest_object("hxx"));		/* 3 letters: one edit at most */
	assert_null(vmm_suggest_object("self-tst"));	/* hidden objects are never offered */
}

static void test_table_suggest_command(void **state)
{
	const struct vmm_object *session = vmm_find_object("session");

	(void)state;
	assert_string_equal(vmm_suggest_command(session, "lst"), "list");
	assert_string_equal(vmm_suggest_command(session, "clsoe"), "close");
	assert_string_equal(vmm_suggest_command(session, "rn"), "rm");
	assert_null(vmm_suggest_command(session, "destroy"));
	assert_string_equal(vmm_suggest_command(vmm_find_object("host"), "featurs"), "features");
}

/* ---- dispatch end to end ---------------------------------------------------- */

static void test_table_dispatch_version(void **state)
{
	struct vmm_outcome o;
	json_object *f;

	run(*state, "version", &o);
	assert_ok(&o);
	assert_string_equal(json_object_get_string(get(o.result, "version")), VMM_VERSION);
	assert_true(json_object_is_type(get(o.result, "json_schema_version"), json_type_int));
	assert_int_equal(json_object_get_int(get(o.result, "json_schema_version")),
			 VMM_JSON_SCHEMA_VERSION);
	f = get(o.result, "features");
	assert_true(json_object_is_type(f, json_type_object));
	assert_true(json_object_is_type(get(f, "json"), json_type_boolean));
	assert_non_null(o.text);
	assert_false(o.opts.json);
	vmm_outcome_clear(&o);
	assert_null(o.result);
}

static void test_table_dispatch_unknown_object(void **state)
{
	struct vmm_outcome o;

	run(*state, "bogus", &o);
	assert_usage(&o, "'bogus'");
	assert_int_equal(o.err.err, 0);
	assert_true(o.err.hint[0] != '\0');
	assert_non_null(strstr(o.err.hint, "host"));	/* the list of objects */
	assert_null(strstr(o.err.hint, "__complete"));	/* without hidden ones */
}

static void test_table_dispatch_did_you_mean(void **state)
{
	struct vmm_outcome o;

	run(*state, "hots features", &o);
	assert_usage(&o, "hots");
	assert_string_equal(o.err.hint, "did you mean 'host'?");
}

static void test_table_dispatch_missing_object(void **state)
{
	struct vmm_outcome o;

	run(*state, "", &o);
	assert_usage(&o, "missing OBJECT");
	run(*state, "-j", &o);
	assert_usage(&o, "missing OBJECT");
	assert_true(o.opts.json);
}

static void test_table_dispatch_missing_command(void **state)
{
	struct vmm_outcome o;

	run(*state, "host", &o);
	assert_usage(&o, "missing COMMAND");
	assert_non_null(strstr(o.err.hint, "features"));
}

static void test_table_dispatch_unknown_command(void **state)
{
	struct vmm_outcome o;

	run(*state, "host featurs", &o);
	assert_usage(&o, "unknown command 'featurs'");
	assert_string_equal(o.err.hint, "did you mean 'features'?");
}

static void test_table_dispatch_unknown_option(void **state)
{
	struct vmm_outcome o;

	run(*state, "host features --bogus", &o);
	assert_usage(&o, "'--bogus'");
	assert_string_equal(o.err.object, "host");
	assert_string_equal(o.err.command, "features");

	run(*state, "version --jsno", &o);
	assert_usage(&o, "'--jsno'");
	assert_string_equal(o.err.hint, "did you mean '--json'?");

	run(*state, "-x version", &o);
	assert_usage(&o, "'-x'");
}

static void test_table_dispatch_flag_with_value(void **state)
{
	struct vmm_outcome o;

	run(*state, "version --json=yes", &o);
	assert_usage(&o, "--json");
}

static void test_table_dispatch_unexpected_argument(void **state)
{
	struct vmm_outcome o;

	run(*state, "version extra", &o);
	assert_usage(&o, "'extra'");
	run(*state, "session list x", &o);
	assert_usage(&o, "'x'");
}

static void test_table_dispatch_help(void **state)
{
	struct vmm_outcome o;
	json_object *objs;

	run(*state, "help host", &o);
	assert_ok(&o);
	assert_string_equal(json_object_get_string(get(o.result, "scope")), "object");
	objs = get(o.result, "objects");
	assert_int_equal(json_object_array_length(objs), 1);
	assert_string_equal(json_object_get_string(get(json_object_array_get_idx(objs, 0), "name")),
			    "host");
	vmm_outcome_clear(&o);

	run(*state, "help", &o);
	assert_ok(&o);
	assert_string_equal(json_object_get_string(get(o.result, "scope")), "all");
	vmm_outcome_clear(&o);

	run(*state, "help session close", &o);
	assert_ok(&o);
	assert_string_equal(json_object_get_string(get(o.result, "scope")), "command");
	vmm_outcome_clear(&o);
}

static void test_table_dispatch_help_forms(void **state)
{
	static const char *const forms[] = { "host help", "host --help", "-h host", "host -h" };
	struct vmm_outcome o;

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		run(*state, forms[i], &o);
		assert_ok(&o);
		assert_string_equal(json_object_get_string(get(o.result, "scope")), "object");
		vmm_outcome_clear(&o);
	}
	run(*state, "host features --help", &o);
	assert_ok(&o);
	assert_string_equal(json_object_get_string(get(o.result, "scope")), "command");
	vmm_outcome_clear(&o);
}

static void test_table_dispatch_help_unknown(void **state)
{
	struct vmm_outcome o;

	run(*state, "help hots", &o);
	assert_usage(&o, "'hots'");
	assert_string_equal(o.err.hint, "did you mean 'host'?");
	run(*state, "help host nope", &o);
	assert_usage(&o, "'nope'");
}

static void test_table_dispatch_session_close_missing(void **state)
{
	struct vmm_outcome o;

	run(*state, "session close vm9", &o);
	assert_true(o.err.set);
	assert_int_equal(o.err.code, VMM_E_NOTFOUND);
	assert_int_equal(o.exit_code, 5);
	assert_null(o.result);
	assert_non_null(strstr(o.err.message, "vm9"));
	assert_true(o.err.hint[0] != '\0');
	run(*state, "session rm vm9", &o);
	assert_int_equal(o.exit_code, 5);
	run(*state, "session close", &o);
	assert_usage(&o, "missing NAME");
}

static int closed_cookie;

static void fake_close(void *priv)
{
	*(int *)priv += 1;
}

static const struct vmm_sobj_ops fake_ops = { "vm", fake_close, NULL };

static void test_table_dispatch_session_close(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	const char *name = NULL;

	closed_cookie = 0;
	assert_int_equal(vmm_session_add(ctx, &fake_ops, &closed_cookie, &name), 0);
	assert_string_equal(name, "vm0");

	run(ctx, "-n session close vm0", &o);
	assert_ok(&o);
	assert_true(json_object_get_boolean(get(o.result, "dry_run")));
	assert_int_equal(json_object_array_length(get(o.result, "operations")), 1);
	assert_int_equal(closed_cookie, 0);
	assert_non_null(vmm_session_get(ctx, "vm0", "vm"));
	vmm_outcome_clear(&o);

	run(ctx, "session close vm0", &o);
	assert_ok(&o);
	assert_true(json_object_get_boolean(get(o.result, "closed")));
	assert_int_equal(closed_cookie, 1);
	assert_null(vmm_session_get(ctx, "vm0", NULL));
	vmm_outcome_clear(&o);
}

static void test_table_dispatch_set_outside_repl(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	ctx->repl = false;
	run(ctx, "set json on", &o);
	assert_usage(&o, "interactive shell");
	assert_false(ctx->opts.json);
}

static void test_table_dispatch_set_in_repl(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	ctx->repl = true;
	run(ctx, "set json on", &o);
	assert_ok(&o);
	assert_true(ctx->opts.json);
	assert_true(o.opts.json);	/* the answer itself is already JSON */
	assert_true(json_object_get_boolean(get(o.result, "json")));
	vmm_outcome_clear(&o);

	/* the next call inherits the session's setting */
	run(ctx, "version", &o);
	assert_ok(&o);
	assert_true(o.opts.json);
	vmm_outcome_clear(&o);

	run(ctx, "set pretty on", &o);
	assert_ok(&o);
	assert_true(ctx->opts.pretty);
	vmm_outcome_clear(&o);

	run(ctx, "set json off", &o);
	assert_ok(&o);
	assert_false(ctx->opts.json);
	assert_false(ctx->opts.pretty);
	vmm_outcome_clear(&o);

	run(ctx, "set", &o);
	assert_ok(&o);
	assert_false(json_object_get_boolean(get(o.result, "json")));
	vmm_outcome_clear(&o);
}

static void test_table_dispatch_set_bad_values(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	ctx->repl = true;
	run(ctx, "set json maybe", &o);
	assert_usage(&o, "'maybe'");
	run(ctx, "set colour on", &o);
	assert_usage(&o, "'colour'");
	assert_non_null(strstr(o.err.hint, "json"));
	run(ctx, "set json", &o);
	assert_usage(&o, "VALUE");
	assert_false(ctx->opts.json);
}

static void test_table_dispatch_global_after_command(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	run(ctx, "version -j", &o);
	assert_ok(&o);
	assert_true(o.opts.json);
	assert_false(o.opts.pretty);
	assert_false(ctx->opts.json);	/* one call's option, not the session's */
	vmm_outcome_clear(&o);

	run(ctx, "version --pretty -q -v -v", &o);
	assert_ok(&o);
	assert_true(o.opts.json);
	assert_true(o.opts.pretty);
	assert_true(o.opts.quiet);
	assert_int_equal(o.opts.verbose, 2);
	vmm_outcome_clear(&o);

	run(ctx, "-jq version", &o);
	assert_ok(&o);
	assert_true(o.opts.json);
	assert_true(o.opts.quiet);
	vmm_outcome_clear(&o);
}

static void test_table_dispatch_global_version_flag(void **state)
{
	struct vmm_outcome o;

	run(*state, "--version", &o);
	assert_ok(&o);
	assert_string_equal(json_object_get_string(get(o.result, "version")), VMM_VERSION);
	vmm_outcome_clear(&o);
}

static void test_table_dispatch_batch_option_rejected(void **state)
{
	static const char *const lines[] = { "-b x version", "--batch x version",
					     "--batch=x version", "version -b x", "-i version",
					     "--root /tmp version", "--pci-dump f version" };
	struct vmm_outcome o;

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		run(*state, lines[i], &o);
		assert_usage(&o, "only valid before the command");
	}
}

static void test_table_dispatch_clears_sys_context(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	vmm_sys_fail(&ctx->sys, ENOENT, "open", "/dev/kvm");
	run(ctx, "version", &o);
	assert_ok(&o);
	assert_int_equal(ctx->sys.last.err, 0);
	assert_string_equal(ctx->sys.last.path, "");
	vmm_outcome_clear(&o);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_table_selftest_passes),
		T(test_table_find_object),
		T(test_table_find_command_alias),
		T(test_table_default_command),
		T(test_table_suggest_object),
		T(test_table_suggest_command),
		T(test_table_dispatch_version),
		T(test_table_dispatch_unknown_object),
		T(test_table_dispatch_did_you_mean),
		T(test_table_dispatch_missing_object),
		T(test_table_dispatch_missing_command),
		T(test_table_dispatch_unknown_command),
		T(test_table_dispatch_unknown_option),
		T(test_table_dispatch_flag_with_value),
		T(test_table_dispatch_unexpected_argument),
		T(test_table_dispatch_help),
		T(test_table_dispatch_help_forms),
		T(test_table_dispatch_help_unknown),
		T(test_table_dispatch_session_close_missing),
		T(test_table_dispatch_session_close),
		T(test_table_dispatch_set_outside_repl),
		T(test_table_dispatch_set_in_repl),
		T(test_table_dispatch_set_bad_values),
		T(test_table_dispatch_global_after_command),
		T(test_table_dispatch_global_version_flag),
		T(test_table_dispatch_batch_option_rejected),
		T(test_table_dispatch_clears_sys_context),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
