// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The VM an argument names, for every command that takes one: a VM of
 * this session (vm0), or by PID or PID-FD a VM another process holds, as
 * /proc shows it; and the completion of those names.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/vmref.h"
#include "lib/host.h"
#include "lib/kvm_debugfs.h"
#include "lib/vm.h"

static const char hint_ptrace[] = "reading /proc/PID/fd of another user's process needs "
				  "root or CAP_SYS_PTRACE (ptrace access)";
static const char hint_denied[] = "vmmctl runs as root with CAP_SYS_PTRACE: ptrace access "
				  "is denied by something else (a security module such as "
				  "SELinux or AppArmor, Yama's ptrace_scope, or a process "
				  "another user namespace protects)";
static const char see_list[] = "'vmmctl vm list' shows the VMs of this host";

const char *vmm_hint_refused(const struct vmm_call *c)
{
	uint64_t capeff = 0;
	uint32_t euid = 1;
	bool priv = !vmm_host_creds(c->sys, &euid, &capeff) && euid == 0 &&
		    (capeff & (1ull << VMM_CAP_SYS_PTRACE));

	vmm_sys_clear(c->sys);
	return priv ? hint_denied : hint_ptrace;
}

struct vmm_vm *vmm_vm_owned(struct vmm_call *c, const struct vmm_val *v)
{
	struct vmm_vm *vm;

	if (!v->vm.session) {
		vmm_hint(c, "create one with 'vm create' in a REPL or batch session; "
			 "'vm show' and 'vm stats' observe other processes' VMs");
		vmm_err(c, VMM_E_USAGE, EIO, "VM %s belongs to another process: KVM accepts "
			"VM ioctls only from the process that created the VM", v->raw);
		return NULL;
	}
	vm = vmm_session_get(c->ctx, v->vm.session, VMM_VM_KIND);
	if (!vm) {
		vmm_hint(c, "'vmmctl session list' shows the open objects");
		vmm_err(c, VMM_E_NOTFOUND, ENOENT, "no VM '%s' in this session", v->raw);
	}
	return vm;
}

static int find_session(struct vmm_call *c, const struct vmm_val *v, struct vmm_vmref *t)
{
	t->vm = vmm_session_get(c->ctx, v->vm.session, VMM_VM_KIND);
	if (!t->vm) {
		vmm_hint(c, "'vmmctl session list' shows this session's objects; %s", see_list);
		return vmm_err(c, VMM_E_NOTFOUND, ENOENT, "no VM '%s' in this session", v->raw);
	}
	if (t->vm->hv != VMM_HV_KVM)
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "%s is a Gunyah VM: %s is a KVM "
			       "interface", v->raw, c->obj->name);
	t->session = v->vm.session;
	snprintf(t->id, sizeof(t->id), "%s", v->vm.session);
	return 0;
}

static int find_observed(struct vmm_call *c, const struct vmm_val *v, struct vmm_vmref *t)
{
	struct vmm_proc_scan *sc = &t->sc;
	char ids[200] = "";
	size_t off = 0;
	int ret;

	ret = vmm_proc_scan(c->sys, v->vm.pid, sc);
	if (ret == -ENOENT || ret == -ESRCH) {
		vmm_hint(c, "%s", see_list);
		return vmm_err(c, VMM_E_NOTFOUND, ESRCH, "no process %d", v->vm.pid);
	}
	if (ret == -EACCES || ret == -EPERM) {
		vmm_hint(c, "%s", vmm_hint_refused(c));
		return vmm_err_sys(c, ret, "cannot read the fds of process %d", v->vm.pid);
	}
	if (ret)
		return vmm_err_sys(c, ret, "cannot look at process %d", v->vm.pid);
	t->idx = -1;
	for (int i = 0; i < sc->nvms; i++)
		if (v->vm.fd < 0 || sc->vms[i].fd == v->vm.fd)
			t->idx = i;
	if (t->idx < 0 || (v->vm.fd < 0 && sc->nvms != 1)) {
		for (int i = 0; i < sc->nvms && off < sizeof(ids); i++) {
			int n = snprintf(ids + off, sizeof(ids) - off, "%s%d-%d", i ? ", " : "",
					 sc->vms[i].pid, sc->vms[i].fd);
			off += n > 0 ? (size_t)n : 0;
		}
		vmm_hint(c, "%s", see_list);
		if (!sc->nvms)
			return vmm_err(c, VMM_E_NOTFOUND, ENOENT, "process %d holds no VM",
				       v->vm.pid);
		if (v->vm.fd >= 0)
			return vmm_err(c, VMM_E_NOTFOUND, ENOENT, "process %d has no VM on fd %d "
				       "(its VMs: %s)", v->vm.pid, v->vm.fd, ids);
		vmm_hint(c, "name one of them as PID-FD");
		return vmm_err(c, VMM_E_USAGE, 0, "process %d has %d VMs: %s",
			       v->vm.pid, sc->nvms, ids);
	}
	snprintf(t->id, sizeof(t->id), "%d-%d", sc->vms[t->idx].pid, sc->vms[t->idx].fd);
	return 0;
}

int vmm_vmref_find(struct vmm_call *c, const struct vmm_val *v, struct vmm_vmref *t)
{
	memset(t, 0, sizeof(*t));
	t->idx = -1;
	return v->vm.session ? find_session(c, v, t) : find_observed(c, v, t);
}

int vmm_vm_debugfs_name(struct vmm_call *c, const struct vmm_val *v, char id[32], char name[32])
{
	struct vmm_vmref t = { .idx = -1 };
	int ret;

	ret = v->vm.session ? find_session(c, v, &t) : find_observed(c, v, &t);
	if (ret)
		goto out;
	snprintf(id, 32, "%s", t.id);
	if (t.vm) {
		/* the session's main thread created the VM */
		snprintf(name, 32, "%d-%d", getpid(), t.vm->fd);
		goto out;
	}
	snprintf(name, 32, "%s", t.sc.vms[t.idx].debugfs);
	if (!*name && (t.sc.debugfs_err == EACCES || t.sc.debugfs_err == EPERM)) {
		vmm_hint(c, "debugfs is readable by root only");
		ret = vmm_err(c, VMM_E_PERM, t.sc.debugfs_err, "cannot read " VMM_KVM_DEBUGFS);
	} else if (!*name) {
		vmm_hint(c, "%s", t.sc.debugfs_err ? "mount it: mount -t debugfs none " VMM_DEBUGFS :
			 "KVM names the directory after the creating thread and the fd it got; "
			 "it is missing when that thread is gone or the fd was passed on");
		ret = vmm_err(c, VMM_E_NOTSUP, t.sc.debugfs_err ? t.sc.debugfs_err : ENOENT,
			      "VM %s has no KVM debugfs directory", t.id);
	}
out:
	vmm_proc_scan_free(&t.sc);
	return ret;
}

static void comp_vm(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	size_t plen = strlen(prefix);
	struct vmm_proc_scan sc;
	const char *name;
	char id[32];
	int it = 0;

	while (vmm_session_next(ctx, VMM_VM_KIND, &it, &name))
		if (!strncmp(name, prefix, plen))
			vmm_cands_add(out, name);
	if (plen && (prefix[0] < '0' || prefix[0] > '9'))
		return;
	if (vmm_proc_scan(vmm_ctx_sys(ctx), 0, &sc))
		return;
	for (int i = 0; i < sc.nvms; i++) {
		snprintf(id, sizeof(id), "%d-%d", sc.vms[i].pid, sc.vms[i].fd);
		if (!strncmp(id, prefix, plen))
			vmm_cands_add(out, id);
	}
	vmm_proc_scan_free(&sc);
}

const struct vmm_completer vmm_comp_vm = { "vm", comp_vm };
