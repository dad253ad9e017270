/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * KVM's debugfs tree (spec E.1): kvm/<tid>-<fd>/ per VM, named after the
 * thread that created it and the fd it got, holding one "%llu\n" file per
 * VM and vCPU stat (vCPU stats summed) and a vcpuN/ directory per vCPU.
 */
#ifndef VMM_LIB_KVM_DEBUGFS_H
#define VMM_LIB_KVM_DEBUGFS_H

#include <stdint.h>

#include "host.h"
#include "kvm_stats.h"
#include "sys.h"

#define VMM_KVM_DEBUGFS		VMM_DEBUGFS "/kvm"

/* One per-VM directory: its name is "<tid>-<fd>". */
struct vmm_kvm_dbgvm {
	int32_t tid;
	int32_t fd;
};

/* "TID-FD" with both decimal, TID > 0: 0, else -EINVAL. Pure. */
int vmm_kvm_debugfs_parse_name(const char *name, int32_t *tid, int32_t *fd);
/* One stat file's text, "%llu\n" and nothing else: 0, else -EINVAL. Pure. */
int vmm_kvm_debugfs_parse_value(const char *text, uint64_t *v);
/* The per-VM directories of kvm/ in *out (malloc'ed); their count or -errno. */
int vmm_kvm_debugfs_vms(struct vmm_sys *s, struct vmm_kvm_dbgvm **out);
/* Number of vcpuN directories in kvm/<name>/, or -errno. */
int vmm_kvm_debugfs_vcpus(struct vmm_sys *s, const char *name);
/*
 * Every stat of kvm/<name>/, sorted by name. The type comes from the file
 * mode: writable (0644, resettable) is cumulative, or peak for a max_ name;
 * read-only (0444) is instant. Files that are not one number (tables,
 * dumps) are left out, files that refuse to open are counted in
 * out->refused; -errno when the directory does not read.
 */
int vmm_kvm_debugfs_stats(struct vmm_sys *s, const char *name, struct vmm_stats *out);

#endif
