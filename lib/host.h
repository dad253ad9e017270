/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Facts about the running host, read through lib/sys (so --root applies). */
#ifndef VMM_LIB_HOST_H
#define VMM_LIB_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "sys.h"

#define VMM_DEBUGFS "/sys/kernel/debug"

/* Capability bits of CapEff (include/uapi/linux/capability.h numbering). */
enum {
	VMM_CAP_SYS_RAWIO = 17,
	VMM_CAP_SYS_PTRACE = 19,
	VMM_CAP_SYS_ADMIN = 21,
	VMM_CAP_SYS_RESOURCE = 24,
};

#define VMM_HWCAP2_MTE (1ull << 18)

int vmm_host_release(struct vmm_sys *s, char *buf, size_t len);
/* Value of KEY=VALUE on the kernel command line: 1 found, 0 absent, -errno. */
int vmm_host_cmdline(struct vmm_sys *s, const char *key, char *val, size_t len);
/* Effective uid and capability set of this process, from /proc/self/status. */
int vmm_host_creds(struct vmm_sys *s, uint32_t *euid, uint64_t *capeff);
/* AT_HWCAP2 from /proc/self/auxv. */
int vmm_host_hwcap2(struct vmm_sys *s, uint64_t *hwcap2);
/* Whether a debugfs is mounted at /sys/kernel/debug (per /proc/mounts). */
int vmm_host_debugfs_mounted(struct vmm_sys *s, bool *mounted);
/*
 * Scans the kernel log (/dev/kmsg, without blocking) for the first line that
 * contains one of needles; returns its index, -ENOENT when none, or -errno.
 * msg (len bytes, may be NULL) gets that line's text.
 */
int vmm_host_kmsg_find(struct vmm_sys *s, const char *const *needles, char *msg, size_t len);

/* The line KVM/arm64 logs once it runs (arch/arm64/kvm/arm.c). */
#define VMM_ARM_KVM_INIT_MSG	"mode initialized successfully"
/*
 * Reads "[Protected |Hyp ][h|n]VHE[+NV2] mode initialized successfully":
 * mode is "protected", "nvhe", "hvhe", "vhe" or, with +NV2, "nested";
 * flavour the hypervisor's form ("nVHE", "hVHE", "VHE"). -EINVAL for any
 * other text. Pure.
 */
struct vmm_arm_kvm_mode {
	const char *mode;
	const char *flavour;
	bool nv2;
};
int vmm_host_arm_kvm_mode(const char *msg, struct vmm_arm_kvm_mode *m);
/*
 * The mode of the running KVM, from its line in the kernel log: 0, or
 * -ENOENT (no such line, or not a form we know; *m cleared, msg ""), or
 * -errno when the log does not read. msg (len bytes) gets the line.
 */
int vmm_host_arm_kvm_mode_get(struct vmm_sys *s, struct vmm_arm_kvm_mode *m, char *msg,
			      size_t len);
/* Just the mode ("vhe", "protected", ...), NULL when not known; s->last left clear. */
const char *vmm_host_kvm_mode(struct vmm_sys *s);
/*
 * Creates a throw-away VM on kvm_fd and reports whether its debugfs
 * directory (kvm/<tid>-<fd>/) holds the file name; -ENOENT when the
 * directory itself is missing.
 */
int vmm_host_vm_debugfs_has(struct vmm_sys *s, int kvm_fd, unsigned long type,
			    const char *name, bool *present);
/*
 * Whether a new VM's debugfs directory has stage2_page_tables (the dump
 * exists only per VM), retrying with the IPA size ipa when the default
 * type is refused; on a snapshot, its host's answer.
 */
int vmm_host_stage2_probe(struct vmm_sys *s, int kvm_fd, int ipa, bool *present);

#endif
