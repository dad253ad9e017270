// SPDX-License-Identifier: GPL-3.0-or-later
/* The error record of a call and the one errno -> code -> exit status map. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

enum vmm_code vmm_code_from_errno(int err)
{
	switch (err) {
	case 0:
		return VMM_OK;
	case EPERM:
	case EACCES:
		return VMM_E_PERM;
	case ENOTTY:
	case EOPNOTSUPP:
	case ENOSYS:
		return VMM_E_NOTSUP;
	case ENOENT:
	case ENODEV:
	case ESRCH:
		return VMM_E_NOTFOUND;
	case EBUSY:
	case EEXIST:
	case EALREADY:
		return VMM_E_BUSY;
	default:
		return VMM_E_FAILED;
	}
}

static const char *const code_names[] = {
	[VMM_OK] = "ok",
	[VMM_E_FAILED] = "failed",
	[VMM_E_USAGE] = "usage",
	[VMM_E_PERM] = "permission_denied",
	[VMM_E_NOTSUP] = "not_supported",
	[VMM_E_NOTFOUND] = "not_found",
	[VMM_E_BUSY] = "busy",
	[VMM_E_PARTIAL] = "partial",
};

const char *vmm_code_name(enum vmm_code code)
{
	if ((unsigned int)code >= sizeof(code_names) / sizeof(code_names[0]))
		return "failed";
	return code_names[code];
}

int vmm_exit_code(const struct vmm_error *e)
{
	if (!e->set)
		return 0;
	return e->code == VMM_OK ? VMM_E_FAILED : (int)e->code;
}

static int record(struct vmm_call *c, enum vmm_code code, int err, const char *fmt,
		  va_list ap)
{
	struct vmm_error *e = &c->err;

	e->set = true;
	e->err = err;
	e->code = code != VMM_OK ? code : vmm_code_from_errno(err);
	if (e->code == VMM_OK)
		e->code = VMM_E_FAILED;
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	return err ? -err : -EINVAL;
}

int vmm_err(struct vmm_call *c, enum vmm_code code, int err, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = record(c, code, err, fmt, ap);
	va_end(ap);
	return ret;
}

int vmm_err_sys(struct vmm_call *c, int ret, const char *fmt, ...)
{
	const struct vmm_sys_err *last = &c->sys->last;
	int err = ret < 0 ? -ret : EIO;
	va_list ap;

	va_start(ap, fmt);
	ret = record(c, VMM_OK, err, fmt, ap);
	va_end(ap);
	if (last->err == err) {
		snprintf(c->err.path, sizeof(c->err.path), "%s", last->path);
		snprintf(c->err.ioctl, sizeof(c->err.ioctl), "%s", last->what);
	}
	return ret;
}

int vmm_err_iface(struct vmm_call *c, enum vmm_iface id, int ret)
{
	int err = ret < 0 ? -ret : EIO;
	char why[160];

	vmm_err(c, vmm_iface_absent(err) ? VMM_E_NOTSUP : VMM_OK, err, "%s",
		vmm_iface_reason(id, err, why, sizeof(why)));
	snprintf(c->err.path, sizeof(c->err.path), "%s", vmm_iface_path(id));
	if (c->sys->last.err == err)
		snprintf(c->err.ioctl, sizeof(c->err.ioctl), "%s", c->sys->last.what);
	if (c->err.code == VMM_E_NOTSUP)
		vmm_hint(c, "'vmmctl host features' shows what this host offers");
	return -err;
}

void vmm_hint(struct vmm_call *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err.hint, sizeof(c->err.hint), fmt, ap);
	va_end(ap);
}

static void note(const struct vmm_call *c, const char *kind, bool info, const char *fmt,
		 va_list ap)
{
	if (c->opts.quiet)
		return;
	if (info && c->opts.json && !c->opts.verbose)
		return;
	fprintf(stderr, "vmmctl: %s", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void vmm_info(const struct vmm_call *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note(c, "", true, fmt, ap);
	va_end(ap);
}

void vmm_warn(const struct vmm_call *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note(c, "warning: ", false, fmt, ap);
	va_end(ap);
}
