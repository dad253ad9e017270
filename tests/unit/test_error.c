// SPDX-License-Identifier: GPL-3.0-or-later
/* cli/error.c and the error object of cli/out.c: errno -> code -> exit status. */
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
#include "lib/host.h"
#include "lib/kvm.h"

#include "mock_sys.h"

struct fixture {
	struct vmm_sys sys;
	struct vmm_call call;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	vmm_sys_init(&f->sys, NULL);
	f->call.sys = &f->sys;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* Gets obj[key] of the given type; fails the test when absent. */
static json_object *get(json_object *obj, const char *key, json_type type)
{
	json_object *v = NULL;

	assert_true(json_object_object_get_ex(obj, key, &v));
	assert_non_null(v);
	assert_int_equal(json_object_get_type(v), type);
	return v;
}

static bool has(json_object *obj, const char *key)
{
	return json_object_object_get_ex(obj, key, NULL);
}

/* ---- errno -> code ------------------------------------------------------ */

static void test_error_code_from_errno_perm(void **state)
{
	(void)state;
	assert_int_equal(vmm_code_from_errno(EPERM), VMM_E_PERM);
	assert_int_equal(vmm_code_from_errno(EACCES), VMM_E_PERM);
	assert_int_equal(VMM_E_PERM, 3);
}

static void test_error_code_from_errno_notsup(void **state)
{
	(void)state;
	assert_int_equal(vmm_code_from_errno(ENOTTY), VMM_E_NOTSUP);
	assert_int_equal(vmm_code_from_errno(EOPNOTSUPP), VMM_E_NOTSUP);
	assert_int_equal(vmm_code_from_errno(ENOTSUP), VMM_E_NOTSUP);
	assert_int_equal(vmm_code_from_errno(ENOSYS), VMM_E_NOTSUP);
	assert_int_equal(VMM_E_NOTSUP, 4);
}

static void test_error_code_from_errno_notfound(void **state)
{
	(void)state;
	assert_int_equal(vmm_code_from_errno(ENOENT), VMM_E_NOTFOUND);
	assert_int_equal(vmm_code_from_errno(ENODEV), VMM_E_NOTFOUND);
	assert_int_equal(vmm_code_from_errno(ESRCH), VMM_E_NOTFOUND);
	assert_int_equal(VMM_E_NOTFOUND, 5);
}

static void test_error_code_from_errno_busy(void **state)
{
	(void)state;
	assert_int_equal(vmm_code_from_errno(EBUSY), VMM_E_BUSY);
	assert_int_equal(vmm_code_from_errno(EEXIST), VMM_E_BUSY);
	assert_int_equal(vmm_code_from_errno(EALREADY), VMM_E_BUSY);
	assert_int_equal(VMM_E_BUSY, 6);
}

static void test_error_code_from_errno_other(void **state)
{
	static const int others[] = { EINVAL, EIO, ENOMEM, EFAULT, ERANGE, ENXIO, EAGAIN,
				      ENAMETOOLONG, E2BIG, EOVERFLOW, 9999 };

	(void)state;
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		assert_int_equal(vmm_code_from_errno(others[i]), VMM_E_FAILED);
	assert_int_equal(vmm_code_from_errno(0), VMM_OK);
}

static void test_error_code_names(void **state)
{
	(void)state;
	assert_string_equal(vmm_code_name(VMM_OK), "ok");
	assert_string_equal(vmm_code_name(VMM_E_FAILED), "failed");
	assert_string_equal(vmm_code_name(VMM_E_USAGE), "usage");
	assert_string_equal(vmm_code_name(VMM_E_PERM), "permission_denied");
	assert_string_equal(vmm_code_name(VMM_E_NOTSUP), "not_supported");
	assert_string_equal(vmm_code_name(VMM_E_NOTFOUND), "not_found");
	assert_string_equal(vmm_code_name(VMM_E_BUSY), "busy");
	assert_string_equal(vmm_code_name(VMM_E_PARTIAL), "partial");
	assert_string_equal(vmm_code_name((enum vmm_code)8), "failed");
	assert_string_equal(vmm_code_name((enum vmm_code)-1), "failed");
}

static void test_error_exit_code(void **state)
{
	struct vmm_error e = { 0 };

	(void)state;
	assert_int_equal(vmm_exit_code(&e), 0);
	e.code = VMM_E_BUSY;
	assert_int_equal(vmm_exit_code(&e), 0);		/* not set: success */
	e.set = true;
	assert_int_equal(vmm_exit_code(&e), 6);
	for (int c = VMM_E_FAILED; c <= VMM_E_PARTIAL; c++) {
		e.code = (enum vmm_code)c;
		assert_int_equal(vmm_exit_code(&e), c);
	}
	e.code = VMM_OK;
	assert_int_equal(vmm_exit_code(&e), 1);		/* a set error never exits 0 */
}

/* ---- recording ------------------------------------------------------------- */

static void test_error_err_derives_code(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;

	assert_int_equal(vmm_err(c, VMM_OK, ENOTTY, "no %s", "cap"), -ENOTTY);
	assert_true(c->err.set);
	assert_int_equal(c->err.code, VMM_E_NOTSUP);
	assert_int_equal(c->err.err, ENOTTY);
	assert_string_equal(c->err.message, "no cap");
}

static void test_error_err_explicit_code(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;

	assert_int_equal(vmm_err(c, VMM_E_NOTFOUND, 0, "gone"), -EINVAL);
	assert_int_equal(c->err.code, VMM_E_NOTFOUND);
	assert_int_equal(c->err.err, 0);
	assert_int_equal(vmm_exit_code(&c->err), 5);
}

static void test_error_err_without_errno_is_failed(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;

	assert_int_equal(vmm_err(c, VMM_OK, 0, "x"), -EINVAL);
	assert_int_equal(c->err.code, VMM_E_FAILED);
	assert_int_equal(vmm_exit_code(&c->err), 1);
}

static void test_error_err_message_truncated(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;
	char big[2048];

	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	vmm_err(c, VMM_OK, EIO, "%s", big);
	assert_int_equal(strlen(c->err.message), sizeof(c->err.message) - 1);
}

static void test_error_hint(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;

	vmm_hint(c, "try %s", "root");
	assert_string_equal(c->err.hint, "try root");
}

static void test_error_err_sys_ioctl_context(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;
	int ret;

	mock_expect_ioctl_int(0xae03, 231, -ENOTTY);
	ret = vmm_kvm_check_cap(&f->sys, 3, 231);
	assert_int_equal(ret, -ENOTTY);
	assert_int_equal(vmm_err_sys(c, ret, "check %d", 231), -ENOTTY);
	assert_true(c->err.set);
	assert_int_equal(c->err.code, VMM_E_NOTSUP);
	assert_int_equal(c->err.err, ENOTTY);
	assert_string_equal(c->err.message, "check 231");
	assert_string_equal(c->err.ioctl, "KVM_CHECK_EXTENSION");
	assert_string_equal(c->err.path, "");
}

static void test_error_err_sys_path_context(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;
	char val[32];
	int ret;

	mock_expect_read_file_err("/proc/cmdline", EACCES);
	ret = vmm_host_cmdline(&f->sys, "quiet", val, sizeof(val));
	assert_int_equal(ret, -EACCES);
	assert_int_equal(vmm_err_sys(c, ret, "cmdline"), -EACCES);
	assert_int_equal(c->err.code, VMM_E_PERM);
	assert_string_equal(c->err.path, "/proc/cmdline");
	assert_string_equal(c->err.ioctl, "");
}

/* A context recorded for another errno is not borrowed. */
static void test_error_err_sys_stale_context(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;

	vmm_sys_fail(&f->sys, ENOENT, "open", "/dev/kvm");
	assert_int_equal(vmm_err_sys(c, -EBUSY, "busy"), -EBUSY);
	assert_int_equal(c->err.code, VMM_E_BUSY);
	assert_string_equal(c->err.path, "");
	assert_string_equal(c->err.ioctl, "");
}

static void test_error_err_sys_non_negative_is_eio(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;

	assert_int_equal(vmm_err_sys(c, 0, "short"), -EIO);
	assert_int_equal(c->err.err, EIO);
	assert_int_equal(c->err.code, VMM_E_FAILED);
}

/* ---- the JSON error object ------------------------------------------------ */

static void test_error_json_full(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;
	json_object *j, *e;

	vmm_err(c, VMM_OK, ENOTTY, "KVM_CHECK_EXTENSION failed");
	snprintf(c->err.object, sizeof(c->err.object), "mte");
	snprintf(c->err.command, sizeof(c->err.command), "dump");
	snprintf(c->err.path, sizeof(c->err.path), "/dev/kvm");
	snprintf(c->err.ioctl, sizeof(c->err.ioctl), "KVM_CHECK_EXTENSION");
	vmm_hint(c, "needs an MTE host");
	j = vmm_err_json(&c->err);
	assert_int_equal(json_object_object_length(j), 1);
	e = get(j, "error", json_type_object);
	assert_string_equal(json_object_get_string(get(e, "code", json_type_string)),
			    "not_supported");
	assert_int_equal(json_object_get_int(get(e, "exit_code", json_type_int)), 4);
	assert_int_equal(json_object_get_int(get(e, "errno", json_type_int)), ENOTTY);
	assert_string_equal(json_object_get_string(get(e, "errno_name", json_type_string)),
			    "ENOTTY");
	assert_string_equal(json_object_get_string(get(e, "message", json_type_string)),
			    "KVM_CHECK_EXTENSION failed");
	assert_string_equal(json_object_get_string(get(e, "object", json_type_string)), "mte");
	assert_string_equal(json_object_get_string(get(e, "command", json_type_string)), "dump");
	assert_string_equal(json_object_get_string(get(e, "path", json_type_string)), "/dev/kvm");
	assert_string_equal(json_object_get_string(get(e, "ioctl", json_type_string)),
			    "KVM_CHECK_EXTENSION");
	assert_string_equal(json_object_get_string(get(e, "hint", json_type_string)),
			    "needs an MTE host");
	assert_int_equal(json_object_object_length(e), 10);
	json_object_put(j);
}

static void test_error_json_minimal(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;
	json_object *j, *e;

	vmm_err(c, VMM_E_USAGE, 0, "unknown object 'x'");
	j = vmm_err_json(&c->err);
	e = get(j, "error", json_type_object);
	assert_string_equal(json_object_get_string(get(e, "code", json_type_string)), "usage");
	assert_int_equal(json_object_get_int(get(e, "exit_code", json_type_int)), 2);
	get(e, "message", json_type_string);
	assert_false(has(e, "errno"));
	assert_false(has(e, "errno_name"));
	assert_false(has(e, "object"));
	assert_false(has(e, "command"));
	assert_false(has(e, "path"));
	assert_false(has(e, "ioctl"));
	assert_false(has(e, "hint"));
	assert_int_equal(json_object_object_length(e), 3);
	json_object_put(j);
}

static void test_error_json_errno_names(void **state)
{
	static const struct {
		int err;
		const char *name;
		const char *code;
		int exit;
	} cases[] = {
		{ EPERM, "EPERM", "permission_denied", 3 },
		{ EACCES, "EACCES", "permission_denied", 3 },
		{ EOPNOTSUPP, "EOPNOTSUPP", "not_supported", 4 },
		{ ENOSYS, "ENOSYS", "not_supported", 4 },
		{ ENOENT, "ENOENT", "not_found", 5 },
		{ ENODEV, "ENODEV", "not_found", 5 },
		{ ESRCH, "ESRCH", "not_found", 5 },
		{ EBUSY, "EBUSY", "busy", 6 },
		{ EEXIST, "EEXIST", "busy", 6 },
		{ EALREADY, "EALREADY", "busy", 6 },
		{ EINVAL, "EINVAL", "failed", 1 },
		{ EIO, "EIO", "failed", 1 },
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vmm_call *c = &f->call;
		json_object *j, *e;

		memset(&c->err, 0, sizeof(c->err));
		vmm_err(c, VMM_OK, cases[i].err, "m");
		j = vmm_err_json(&c->err);
		e = get(j, "error", json_type_object);
		assert_string_equal(json_object_get_string(get(e, "errno_name", json_type_string)),
				    cases[i].name);
		assert_string_equal(json_object_get_string(get(e, "code", json_type_string)),
				    cases[i].code);
		assert_int_equal(json_object_get_int(get(e, "exit_code", json_type_int)),
				 cases[i].exit);
		json_object_put(j);
	}
}

/* ---- info and warnings on stderr --------------------------------------- */

/* Runs fn with stderr redirected; returns what it wrote (static buffer). */
static const char *capture_stderr(void (*fn)(const struct vmm_call *), const struct vmm_call *c)
{
	static char buf[1024];
	FILE *tmp = tmpfile();
	int saved;
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	fn(c);
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	return buf;
}

static void say_info(const struct vmm_call *c)
{
	vmm_info(c, "bound %d device", 1);
}

static void say_warn(const struct vmm_call *c)
{
	vmm_warn(c, "odd %s", "thing");
}

static void test_error_info_and_warn(void **state)
{
	struct fixture *f = *state;
	struct vmm_call *c = &f->call;

	assert_string_equal(capture_stderr(say_info, c), "vmmctl: bound 1 device\n");
	assert_string_equal(capture_stderr(say_warn, c), "vmmctl: warning: odd thing\n");
	c->opts.json = true;
	assert_string_equal(capture_stderr(say_info, c), "");	/* silent under -j ... */
	assert_string_equal(capture_stderr(say_warn, c), "vmmctl: warning: odd thing\n");
	c->opts.verbose = 1;
	assert_string_equal(capture_stderr(say_info, c), "vmmctl: bound 1 device\n");
	c->opts.quiet = true;
	assert_string_equal(capture_stderr(say_info, c), "");
	assert_string_equal(capture_stderr(say_warn, c), "");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_error_code_from_errno_perm),
		T(test_error_code_from_errno_notsup),
		T(test_error_code_from_errno_notfound),
		T(test_error_code_from_errno_busy),
		T(test_error_code_from_errno_other),
		T(test_error_code_names),
		T(test_error_exit_code),
		T(test_error_err_derives_code),
		T(test_error_err_explicit_code),
		T(test_error_err_without_errno_is_failed),
		T(test_error_err_message_truncated),
		T(test_error_hint),
		T(test_error_err_sys_ioctl_context),
		T(test_error_err_sys_path_context),
		T(test_error_err_sys_stale_context),
		T(test_error_err_sys_non_negative_is_eio),
		T(test_error_json_full),
		T(test_error_json_minimal),
		T(test_error_json_errno_names),
		T(test_error_info_and_warn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
