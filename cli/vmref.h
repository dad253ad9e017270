/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The VM an argument names (cli/vmref.c): the vm, mem, mte, stage2 and tsm
 * commands resolve VM ids here rather than in each other's files.
 */
#ifndef VMM_CLI_VMREF_H
#define VMM_CLI_VMREF_H

#include "cli/cmd.h"
#include "lib/procfs.h"

struct vmm_vm;

/* What a VM argument names: a session VM, or one another process holds. */
struct vmm_vmref {
	char id[32];			/* vm0, or PID-FD */
	struct vmm_vm *vm;		/* a session VM, or NULL */
	const char *session;
	struct vmm_proc_scan sc;	/* an observed VM: sc.vms[idx] */
	int idx;
};

/*
 * Resolves v (a VMM_T_VM value) into t; the error is recorded. Free t.sc
 * with vmm_proc_scan_free in either case.
 */
int vmm_vmref_find(struct vmm_call *c, const struct vmm_val *v, struct vmm_vmref *t);
/*
 * The session VM named by v (vm0), or NULL with the error recorded: an
 * observed PID-FD cannot be changed from here (KVM answers EIO to any other
 * process than the VM's creator).
 */
struct vmm_vm *vmm_vm_owned(struct vmm_call *c, const struct vmm_val *v);
/*
 * For commands reading other files of KVM's debugfs (stage2): the display
 * id of the VM v names and its directory under kvm/ ("TID-FD"); the error
 * is recorded (exit 3 without debugfs access, 4 without a directory).
 */
int vmm_vm_debugfs_name(struct vmm_call *c, const struct vmm_val *v, char id[32], char name[32]);
/* The hint when /proc/PID/fd cannot be read: why it was refused: the caller's privilege, or (with root and
 * CAP_SYS_PTRACE) something beyond it. */
const char *vmm_hint_refused(const struct vmm_call *c);
/* VM ids: the session's, then PID-FD of every VM /proc shows. */
extern const struct vmm_completer vmm_comp_vm;

#endif
