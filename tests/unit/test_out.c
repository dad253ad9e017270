// SPDX-License-Identifier: GPL-3.0-or-later
/* cli/out.c: JSON helpers, JSON serialisation and the generic text renderer. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/cli.h"

/* Output captured in memory: open, let the code write, then compare. */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static void cap_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
}

/* Closes the stream and compares; frees the buffer. */
static void cap_check(struct capture *c, const char *want)
{
	assert_int_equal(fclose(c->f), 0);
	assert_non_null(c->buf);
	assert_string_equal(c->buf, want);
	free(c->buf);
}

static void check_text(json_object *j, const char *want)
{
	struct capture c;

	cap_open(&c);
	vmm_render_text(j, c.f);
	cap_check(&c, want);
	json_object_put(j);
}

static void check_json(json_object *j, bool pretty, const char *want)
{
	struct vmm_opts o = { .json = true, .pretty = pretty };
	struct capture c;

	cap_open(&c);
	vmm_out_json(&o, j, c.f);
	cap_check(&c, want);
	json_object_put(j);
}

static json_object *parse(const char *s)
{
	json_object *j = json_tokener_parse(s);

	assert_non_null(j);
	return j;
}

/* ---- JSON helpers --------------------------------------------------------- */

static void check_str(json_object *j, const char *want)
{
	assert_non_null(j);
	assert_true(json_object_is_type(j, json_type_string));
	assert_string_equal(json_object_get_string(j), want);
	json_object_put(j);
}

/* vmm_print_outcome with stdout and stderr sent to files, read back into out and err. */
static void print_outcome_to(const struct vmm_outcome *oc, char *out, char *err, size_t size)
{
	FILE *fo = tmpfile(), *fe = tmpfile();
	int so, se;
	size_t n;

	assert_non_null(fo);
	assert_non_null(fe);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	assert_int_equal(dup2(fileno(fo), 1), 1);
	assert_int_equal(dup2(fileno(fe), 2), 2);
	vmm_print_outcome(oc, NULL);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	rewind(fo);
	n = fread(out, 1, size - 1, fo);
	out[n] = '\0';
	rewind(fe);
	n = fread(err, 1, size - 1, fe);
	err[n] = '\0';
	fclose(fo);
	fclose(fe);
}

/*
 * A failed command with a result (a partial copy): JSON gets one document,
 * the error with the result inside; text gets the result on stdout and the
 * error on stderr.
 */
static void test_out_failed_with_result(void **state)
{
	struct vmm_outcome oc = { 0 };
	char out[1024], err[1024];

	(void)state;
	oc.err.set = true;
	oc.err.code = VMM_E_PARTIAL;
	snprintf(oc.err.object, sizeof(oc.err.object), "mte");
	snprintf(oc.err.command, sizeof(oc.err.command), "dump");
	snprintf(oc.err.message, sizeof(oc.err.message), "partial dump");
	oc.exit_code = 7;
	oc.result = json_tokener_parse("{\"copied\":4096,\"missing\":4096}");
	oc.opts.json = true;
	print_outcome_to(&oc, out, err, sizeof(out));
	assert_string_equal(out, "{\"error\":{\"code\":\"partial\",\"exit_code\":7,"
			    "\"message\":\"partial dump\",\"object\":\"mte\",\"command\":"
			    "\"dump\"},\"result\":{\"copied\":4096,\"missing\":4096}}\n");
	assert_non_null(strstr(err, "vmmctl: error: mte dump: partial dump"));

	oc.opts.json = false;
	print_outcome_to(&oc, out, err, sizeof(out));
	assert_string_equal(out, "copied:  4096\nmissing: 4096\n");
	assert_non_null(strstr(err, "vmmctl: error: mte dump: partial dump"));
	json_object_put(oc.result);
}

static void test_out_jhex(void **state)
{
	(void)state;
	check_str(vmm_jhex(0), "0x0");
	check_str(vmm_jhex(1), "0x1");
	check_str(vmm_jhex(0xABCDEF), "0xabcdef");
	check_str(vmm_jhex(0x1000), "0x1000");
	check_str(vmm_jhex(UINT64_MAX), "0xffffffffffffffff");
}

static void test_out_jhexw(void **state)
{
	(void)state;
	check_str(vmm_jhexw(0x8086, 4), "0x8086");
	check_str(vmm_jhexw(0x15, 4), "0x0015");
	check_str(vmm_jhexw(0x60400, 6), "0x060400");
	check_str(vmm_jhexw(0, 4), "0x0000");
	check_str(vmm_jhexw(0xABC, 4), "0x0abc");
	check_str(vmm_jhexw(0x12345, 4), "0x12345");	/* never truncated */
	check_str(vmm_jhexw(UINT64_MAX, 16), "0xffffffffffffffff");
}

static void test_out_jstr_null(void **state)
{
	(void)state;
	check_str(vmm_jstr(NULL), "");
	check_str(vmm_jstr("x"), "x");
}

static void test_out_ju64_full_range(void **state)
{
	json_object *o = json_object_new_object();

	(void)state;
	json_object_object_add(o, "v", vmm_ju64(UINT64_MAX));
	json_object_object_add(o, "b", vmm_jbool(true));
	check_json(o, false, "{\"v\":18446744073709551615,\"b\":true}\n");
}

/* ---- JSON serialisation ----------------------------------------------------- */

static void test_out_json_no_slash_escape(void **state)
{
	json_object *o = json_object_new_object();

	(void)state;
	json_object_object_add(o, "path", vmm_jstr("/dev/kvm"));
	check_json(o, false, "{\"path\":\"/dev/kvm\"}\n");

	o = json_object_new_object();
	json_object_object_add(o, "path", vmm_jstr("/sys/bus/pci/devices/0000:01:00.0"));
	check_json(o, true, "{\n  \"path\": \"/sys/bus/pci/devices/0000:01:00.0\"\n}\n");
}

static void test_out_json_compact(void **state)
{
	(void)state;
	check_json(parse("{ \"a\": 1, \"b\": [ true, \"x\" ], \"c\": { \"d\": null } }"),
		   false, "{\"a\":1,\"b\":[true,\"x\"],\"c\":{\"d\":null}}\n");
	check_json(json_object_new_array(), false, "[]\n");
}

static void test_out_json_pretty(void **state)
{
	(void)state;
	check_json(parse("{\"a\":1,\"b\":[2]}"), true,
		   "{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}\n");
}

static void test_out_json_escapes_quotes(void **state)
{
	json_object *o = json_object_new_object();

	(void)state;
	json_object_object_add(o, "m", vmm_jstr("say \"hi\"\\\n"));
	check_json(o, false, "{\"m\":\"say \\\"hi\\\"\\\\\\n\"}\n");
}

/* ---- text rendering ----------------------------------------------------- */

static void test_out_text_object_aligned(void **state)
{
	(void)state;
	check_text(parse("{\"name\":\"kvm\",\"available\":true,\"value\":12}"),
		   "name:      kvm\n"
		   "available: yes\n"
		   "value:     12\n");
}

static void test_out_text_booleans(void **state)
{
	(void)state;
	check_text(parse("{\"a\":true,\"b\":false}"), "a: yes\nb: no\n");
}

static void test_out_text_scalar_list(void **state)
{
	(void)state;
	check_text(parse("{\"flags\":[\"mmap\",\"init_shared\"],\"none\":[]}"),
		   "flags: mmap,init_shared\n"
		   "none:  -\n");
}

static void test_out_text_null_value(void **state)
{
	(void)state;
	check_text(parse("{\"x\":null}"), "x: -\n");
}

static void test_out_text_nested_object(void **state)
{
	(void)state;
	check_text(parse("{\"version\":\"0.1.0\",\"features\":{\"json\":true,\"libpci\":false}}"),
		   "version: 0.1.0\n"
		   "features:\n"
		   "  json:   yes\n"
		   "  libpci: no\n");
}

static void test_out_text_table(void **state)
{
	(void)state;
	check_text(parse("[{\"name\":\"kvm\",\"available\":true},"
			 "{\"name\":\"iommufd\",\"available\":false,\"reason\":\"no\"}]"),
		   "NAME     AVAILABLE  REASON\n"
		   "kvm      yes        -\n"
		   "iommufd  no         no\n");
}

static void test_out_text_table_reason_last(void **state)
{
	(void)state;
	check_text(parse("[{\"name\":\"tsm\",\"reason\":\"none\",\"value\":0},"
			 "{\"name\":\"kvm\",\"value\":1}]"),
		   "NAME  VALUE  REASON\n"
		   "tsm   0      none\n"
		   "kvm   1      -\n");
}

static void test_out_text_table_missing_cells(void **state)
{
	(void)state;
	check_text(parse("[{\"a\":1},{\"b\":2},{\"a\":3,\"b\":4}]"),
		   "A  B\n"
		   "1  -\n"
		   "-  2\n"
		   "3  4\n");
}

static void test_out_text_table_wide_cells(void **state)
{
	(void)state;
	check_text(parse("[{\"id\":\"0x8086\",\"vm\":\"12345-17\"}]"),
		   "ID      VM\n"
		   "0x8086  12345-17\n");
}

static void test_out_text_table_nested(void **state)
{
	(void)state;
	check_text(parse("{\"vms\":[{\"vm\":\"vm0\",\"slots\":2}]}"),
		   "vms:\n"
		   "  VM   SLOTS\n"
		   "  vm0  2\n");
}

static void test_out_text_empty_array(void **state)
{
	(void)state;
	check_text(json_object_new_array(), "");
	check_text(json_object_new_object(), "");
}

static void test_out_text_scalar_array(void **state)
{
	(void)state;
	check_text(parse("[\"vm0\",\"iommufd0\",3]"), "vm0\niommufd0\n3\n");
}

static void test_out_text_scalar(void **state)
{
	(void)state;
	check_text(json_object_new_string("hello"), "hello\n");
	check_text(json_object_new_boolean(0), "no\n");
}

/* ---- result and error ------------------------------------------------------ */

static void custom_text(json_object *res, FILE *f)
{
	fprintf(f, "custom %d\n", json_object_get_int(json_object_object_get(res, "n")));
}

static void test_out_result_modes(void **state)
{
	struct vmm_outcome oc = { 0 };
	struct vmm_opts o = { 0 };
	struct capture c;

	(void)state;
	oc.result = parse("{\"n\":5}");
	cap_open(&c);
	vmm_out_result(&o, &oc, c.f);
	cap_check(&c, "n: 5\n");

	oc.text = custom_text;
	cap_open(&c);
	vmm_out_result(&o, &oc, c.f);
	cap_check(&c, "custom 5\n");

	o.json = true;
	cap_open(&c);
	vmm_out_result(&o, &oc, c.f);
	cap_check(&c, "{\"n\":5}\n");

	json_object_put(oc.result);
	oc.result = NULL;
	cap_open(&c);
	vmm_out_result(&o, &oc, c.f);
	cap_check(&c, "");
}

static void test_out_error_text(void **state)
{
	struct vmm_error e = { 0 };
	struct capture c;

	(void)state;
	e.set = true;
	e.code = VMM_E_NOTFOUND;
	e.err = ENOENT;
	snprintf(e.object, sizeof(e.object), "host");
	snprintf(e.command, sizeof(e.command), "features");
	snprintf(e.message, sizeof(e.message), "open /dev/kvm");
	snprintf(e.hint, sizeof(e.hint), "load kvm");
	cap_open(&c);
	vmm_out_error_text(&e, "cmds.txt:3", c.f);
	cap_check(&c, "vmmctl: error: cmds.txt:3: host features: open /dev/kvm: "
		  "No such file or directory (ENOENT)\nhint: load kvm\n");

	memset(&e, 0, sizeof(e));
	e.set = true;
	e.code = VMM_E_USAGE;
	snprintf(e.message, sizeof(e.message), "missing OBJECT");
	cap_open(&c);
	vmm_out_error_text(&e, NULL, c.f);
	cap_check(&c, "vmmctl: error: missing OBJECT\n");

	snprintf(e.object, sizeof(e.object), "version");
	cap_open(&c);
	vmm_out_error_text(&e, NULL, c.f);
	cap_check(&c, "vmmctl: error: version: missing OBJECT\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_failed_with_result),
		cmocka_unit_test(test_out_jhex),
		cmocka_unit_test(test_out_jhexw),
		cmocka_unit_test(test_out_jstr_null),
		cmocka_unit_test(test_out_ju64_full_range),
		cmocka_unit_test(test_out_json_no_slash_escape),
		cmocka_unit_test(test_out_json_compact),
		cmocka_unit_test(test_out_json_pretty),
		cmocka_unit_test(test_out_json_escapes_quotes),
		cmocka_unit_test(test_out_text_object_aligned),
		cmocka_unit_test(test_out_text_booleans),
		cmocka_unit_test(test_out_text_scalar_list),
		cmocka_unit_test(test_out_text_null_value),
		cmocka_unit_test(test_out_text_nested_object),
		cmocka_unit_test(test_out_text_table),
		cmocka_unit_test(test_out_text_table_reason_last),
		cmocka_unit_test(test_out_text_table_missing_cells),
		cmocka_unit_test(test_out_text_table_wide_cells),
		cmocka_unit_test(test_out_text_table_nested),
		cmocka_unit_test(test_out_text_empty_array),
		cmocka_unit_test(test_out_text_scalar_array),
		cmocka_unit_test(test_out_text_scalar),
		cmocka_unit_test(test_out_result_modes),
		cmocka_unit_test(test_out_error_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
