// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * host: `host features`, a preflight of what this machine's kernel offers to
 * the other objects, each item with `available` and, when false, why.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "lib/host.h"
#include "lib/hyp.h"
#include "lib/iommufd.h"
#include "lib/kvm.h"
#include "lib/uapi/kvm.h"

/* the arch of the host answering: this one, or a snapshot's (lib/sys) */
#define ARM64 (!strcmp(vmm_sys_arch(c->sys), "aarch64"))

static json_object *item(json_object *arr, const char *name, bool avail)
{
	json_object *it = json_object_new_object();

	json_object_object_add(it, "name", vmm_jstr(name));
	json_object_object_add(it, "available", vmm_jbool(avail));
	json_object_array_add(arr, it);
	return it;
}

static void add_str(json_object *it, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_str(json_object *it, const char *key, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_object_add(it, key, vmm_jstr(buf));
}

static const char *access_reason(int err)
{
	return err == EACCES || err == EPERM ? "needs root" : strerror(err);
}

static const struct {
	const char *name;
	unsigned int cap;
	bool arm64_only;
	const char *needed_by;
} caps[] = {
	{ "user_memory", VMM_KVM_CAP_USER_MEMORY, false, "mem add" },
	{ "nr_memslots", VMM_KVM_CAP_NR_MEMSLOTS, false, "mem add (slot limit)" },
	{ "readonly_mem", VMM_KVM_CAP_READONLY_MEM, false, "mem add --readonly" },
	{ "multi_address_space", VMM_KVM_CAP_MULTI_ADDRESS_SPACE, false, "mem add --as" },
	{ "arm_vm_ipa_size", VMM_KVM_CAP_ARM_VM_IPA_SIZE, true, "vm create --ipa-bits" },
	{ "manual_dirty_log_protect2", VMM_KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2, false, "mem dirty --clear" },
	{ "dirty_log_ring", VMM_KVM_CAP_DIRTY_LOG_RING, false, "dirty ring" },
	{ "binary_stats_fd", VMM_KVM_CAP_BINARY_STATS_FD, false, "vm stats" },
	{ "arm_mte", VMM_KVM_CAP_ARM_MTE, true, "mte" },
	{ "arm_el2", VMM_KVM_CAP_ARM_EL2, true, "nested virtualization (vCPUs at EL2)" },
	{ "arm_el2_e2h0", VMM_KVM_CAP_ARM_EL2_E2H0, true, "guest hypervisors without VHE" },
	{ "user_memory2", VMM_KVM_CAP_USER_MEMORY2, false, "mem add (MEMORY_REGION2)" },
	{ "memory_attributes", VMM_KVM_CAP_MEMORY_ATTRIBUTES, false, "private memory" },
	{ "guest_memfd", VMM_KVM_CAP_GUEST_MEMFD, false, "mem add --guest-memfd" },
	{ "vm_types", VMM_KVM_CAP_VM_TYPES, false, "vm create --type" },
	{ "pre_fault_memory", VMM_KVM_CAP_PRE_FAULT_MEMORY, false, "pre-faulting" },
	{ "guest_memfd_flags", VMM_KVM_CAP_GUEST_MEMFD_FLAGS, false, "mem add --guest-memfd flags" },
	{ "counter_offset", VMM_KVM_CAP_COUNTER_OFFSET, true,
	  "KVM_ARM_SET_COUNTER_OFFSET (a migrated VM's virtual counter)" },
	{ "arm_eager_split_chunk_size", VMM_KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, true,
	  "splitting stage-2 blocks ahead of dirty logging" },
	{ "arm_supported_block_sizes", VMM_KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES, true,
	  "the eager split chunk size (one of these)" },
	{ "arm_supported_reg_mask_ranges", VMM_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES, true,
	  "KVM_ARM_GET_REG_WRITABLE_MASKS (which ID register bits a VMM may change)" },
	{ "arm_writable_imp_id_regs", VMM_KVM_CAP_ARM_WRITABLE_IMP_ID_REGS, true,
	  "writing MIDR, REVIDR and AIDR before the first vCPU" },
	{ "arm_cacheable_pfnmap_supported", VMM_KVM_CAP_ARM_CACHEABLE_PFNMAP_SUPPORTED, true,
	  "cacheable mappings of device memory (VFIO PFNMAP) in stage 2" },
	{ "arm_sea_to_user", VMM_KVM_CAP_ARM_SEA_TO_USER, true,
	  "synchronous external aborts reported to the VMM" },
	{ "arm_pmu_v3_strict", VMM_KVM_CAP_ARM_PMU_V3_STRICT, true,
	  "a guest PMUv3 without the host's imprecise counters" },
};

static void kvm_caps(struct vmm_call *c, int kvm, json_object *arr)
{
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		int v = kvm >= 0 && !(caps[i].arm64_only && !ARM64) ?
			vmm_kvm_check_cap(c->sys, kvm, caps[i].cap) : -1;
		json_object *it = item(arr, caps[i].name, v > 0);

		char detail[160];

		json_object_object_add(it, "cap", json_object_new_int((int)caps[i].cap));
		if (v >= 0)
			json_object_object_add(it, "value", json_object_new_int(v));
		if (vmm_kvm_cap_detail(caps[i].cap, v, detail, sizeof(detail)))
			add_str(it, "detail", "%s", detail);
		if (kvm < 0)
			add_str(it, "reason", "KVM is not available");
		else if (caps[i].arm64_only && !ARM64)
			add_str(it, "reason", "arm64 only");
		else if (v == 0)
			add_str(it, "reason", "this kernel answers 0; needed by %s", caps[i].needed_by);
		else if (v == -EINVAL && caps[i].cap == VMM_KVM_CAP_ARM_CACHEABLE_PFNMAP_SUPPORTED)
			add_str(it, "reason", "a VM's capability (the system fd answers EINVAL): "
				"see 'vmmctl vm caps'");
		else if (v < 0)
			add_str(it, "reason", "KVM_CHECK_EXTENSION: %s", strerror(-v));
	}
}

/* arm64: whether KVM offers EL2 to vCPUs (FEAT_NV2, kvm-arm.mode=nested), with the evidence */
static void arm_nested_virt(struct vmm_call *c, json_object *arr, int kvm, const char *msg,
			    const char *mode)
{
	int el2 = kvm >= 0 ? vmm_kvm_check_cap(c->sys, kvm, VMM_KVM_CAP_ARM_EL2) : -1;
	json_object *it = item(arr, "nested_virt", el2 > 0);

	if (el2 >= 0)
		json_object_object_add(it, "value", json_object_new_int(el2));
	if (el2 > 0)
		add_str(it, "detail", "KVM_CAP_ARM_EL2 %d%s%s", el2, *msg ? "; " : "", msg);
	else if (kvm < 0)
		add_str(it, "reason", "KVM is not available");
	else if (el2 < 0)
		add_str(it, "reason", "KVM_CHECK_EXTENSION(KVM_CAP_ARM_EL2): %s", strerror(-el2));
	else
		add_str(it, "reason", "KVM_CAP_ARM_EL2 is 0: boot with kvm-arm.mode=nested on a CPU "
			"with FEAT_NV2 (KVM mode %s)", mode);
}

/* x86: the vendor module's nested parameter */
static void x86_nested_virt(struct vmm_call *c, json_object *arr, const char *vendor)
{
	char path[80], val[16] = "";
	json_object *it;
	bool on;

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/nested", vendor ? vendor : "");
	if (!vendor || vmm_sys_read_file(c->sys, path, val, sizeof(val)) <= 0) {
		it = item(arr, "nested_virt", false);
		add_str(it, "reason", "%s%s", vendor ? vendor : "no kvm_intel or kvm_amd module loaded",
			vendor ? " has no nested parameter" : "");
		return;
	}
	on = val[0] == 'Y' || val[0] == '1';
	it = item(arr, "nested_virt", on);
	add_str(it, "detail", "%s nested=%c", vendor, val[0]);
	if (!on)
		add_str(it, "reason", "load %s with nested=1", vendor);
}

/*
 * Protected VMs: KVM takes KVM_VM_TYPE_ARM_PROTECTED in protected mode only.
 * Told from the mode, not probed: the first protected VM taints the kernel.
 */
static void protected_vms(json_object *arr, int kvm, const char *mode)
{
	bool on = kvm >= 0 && mode && !strcmp(mode, "protected");
	json_object *it = item(arr, "protected_vms", on);

	if (on)
		add_str(it, "detail", "KVM_VM_TYPE_ARM_PROTECTED (protected mode; not probed: "
			"the first protected VM taints the kernel)");
	else if (kvm < 0)
		add_str(it, "reason", "KVM is not available");
	else
		add_str(it, "reason", "KVM runs in %s mode: protected VMs need "
			"kvm-arm.mode=protected (pKVM)", mode ? mode : "an unknown");
}

/* The hypervisor's trace remote (vmmctl hyp), with why it is missing. */
static void hyp_tracing(struct vmm_call *c, json_object *arr, const char *mode)
{
	char dir[PATH_MAX] = "";
	int ret = vmm_hyp_dir(c->sys, dir, sizeof(dir));
	json_object *it = item(arr, "hyp_tracing", !ret);

	char why[160];

	vmm_sys_clear(c->sys);
	if (!ret) {
		add_str(it, "path", "%s", dir);
	} else if (ret == -ENOMEDIUM || ret == -ENOENT) {
		vmm_hyp_absent(ret, mode, why, sizeof(why));
		add_str(it, "reason", "%s", why);
	} else {
		add_str(it, "reason", "%s", access_reason(-ret));
	}
}

/*
 * The one rule for an item of one architecture: listed on every other as
 * not available, with the architecture it belongs to as the reason.
 */
static void arch_only(json_object *arr, const char *name, const char *arch)
{
	add_str(item(arr, name, false), "reason", "%s only", arch);
}

/* arm64: how KVM runs, from the line it logs once up (the authority), else kvm-arm.mode. */
static void kvm_mode(struct vmm_call *c, json_object *arr, int kvm)
{
	static const char *const vendors[] = { "kvm_intel", "kvm_amd", "kvm_pvm", NULL };
	char val[64], path[64], msg[160] = "";
	struct vmm_arm_kvm_mode m = { 0 };
	json_object *it;
	int ret;

	if (ARM64) {
		ret = vmm_host_cmdline(c->sys, "kvm-arm.mode", val, sizeof(val));
		it = item(arr, "kvm_mode", kvm >= 0);
		if (kvm >= 0)	/* a line not of a form we know is no evidence */
			vmm_host_arm_kvm_mode_get(c->sys, &m, msg, sizeof(msg));
		if (m.mode && !strcmp(m.mode, "vhe"))
			add_str(it, "detail", "vhe");
		else if (m.mode)
			add_str(it, "detail", "%s (%s%s)", m.mode, m.flavour, m.nv2 ? "+NV2" : "");
		else if (ret > 0)
			add_str(it, "detail", "%s (kvm-arm.mode)", val);
		else
			add_str(it, "detail", "default (vhe when booted at EL2 on a VHE CPU)");
		if (m.mode)
			add_str(it, "evidence", "kernel log: %s", msg);
		else if (ret > 0)
			add_str(it, "evidence", "/proc/cmdline: kvm-arm.mode=%s", val);
		if (kvm < 0)
			add_str(it, "reason", "KVM is not available");
		arm_nested_virt(c, arr, kvm, msg, m.mode ? m.mode : ret > 0 ? val : "default");
		protected_vms(arr, kvm, m.mode);
		hyp_tracing(c, arr, m.mode);
		arch_only(arr, "kvm_vendor", "x86-64");
		return;
	}
	arch_only(arr, "kvm_mode", "arm64");
	arch_only(arr, "protected_vms", "arm64");
	arch_only(arr, "hyp_tracing", "arm64");
	for (int i = 0; vendors[i]; i++) {
		snprintf(path, sizeof(path), "/sys/module/%s", vendors[i]);
		if (!vmm_sys_access(c->sys, path, F_OK)) {
			it = item(arr, "kvm_vendor", true);
			if (vmm_sys_read_file(c->sys, "/sys/module/kvm/parameters/tdp_mmu", val,
					      sizeof(val)) > 0)
				add_str(it, "detail", "%s, tdp_mmu=%c", vendors[i], val[0]);
			else
				add_str(it, "detail", "%s", vendors[i]);
			x86_nested_virt(c, arr, vendors[i]);
			return;
		}
	}
	it = item(arr, "kvm_vendor", false);
	add_str(it, "reason", "no kvm_intel, kvm_amd or kvm_pvm module loaded");
	x86_nested_virt(c, arr, NULL);
}

/* An interface's node: the item's reason is the one its commands give (lib/iface.h). */
static void iface_item(json_object *arr, const char *name, enum vmm_iface id, int fd)
{
	json_object *it = item(arr, name, fd >= 0);
	char why[160];

	add_str(it, "path", "%s", vmm_iface_path(id));
	if (fd < 0)
		add_str(it, "reason", "%s", vmm_iface_reason(id, -fd, why, sizeof(why)));
}

static void dir_count(struct vmm_call *c, json_object *arr, const char *name, const char *path,
		      const char *missing, const char *empty)
{
	char **names;
	int n = vmm_sys_list_dir(c->sys, path, &names);
	json_object *it = item(arr, name, n > 0);

	add_str(it, "path", "%s", path);
	if (n >= 0)
		json_object_object_add(it, "value", json_object_new_int(n));
	if (n == 0)
		add_str(it, "reason", "%s", empty);
	else if (n < 0)
		add_str(it, "reason", "%s", n == -ENOENT ? missing : access_reason(-n));
	if (n > 0)
		vmm_sys_free_names(names, n);
}

/* kvm/ holds global stat files and one PID-FD directory per VM. */
static void vm_dirs(struct vmm_call *c, json_object *arr, bool mounted)
{
	int n, vms = 0;
	char **names = NULL;
	json_object *it;
	int pid, fd;
	char end;

	n = vmm_sys_list_dir(c->sys, VMM_DEBUGFS "/kvm", &names);
	for (int i = 0; i < n; i++)
		vms += sscanf(names[i], "%d-%d%c", &pid, &fd, &end) == 2;
	it = item(arr, "debugfs_kvm", n >= 0);
	add_str(it, "path", VMM_DEBUGFS "/kvm");
	if (n >= 0)
		json_object_object_add(it, "value", json_object_new_int(vms));
	else
		add_str(it, "reason", "%s", !mounted ? "debugfs is not mounted" :
			n == -ENOENT ? "no kvm/ in debugfs: KVM not loaded" : access_reason(-n));
	if (n > 0)
		vmm_sys_free_names(names, n);
}

static void debugfs(struct vmm_call *c, json_object *arr, int kvm, int ipa)
{
	bool mounted = false, has = false;
	json_object *it;
	int ret;

	ret = vmm_host_debugfs_mounted(c->sys, &mounted);
	it = item(arr, "debugfs", mounted);
	add_str(it, "path", VMM_DEBUGFS);
	if (!mounted)
		add_str(it, "reason", ret ? "cannot read /proc/mounts" :
			"not mounted: mount -t debugfs none " VMM_DEBUGFS);
	vm_dirs(c, arr, mounted);
	if (!ARM64) {
		it = item(arr, "stage2_debugfs", false);
		add_str(it, "reason", "x86 has no stage-2 dump (pages_4k/2m/1g stats instead)");
		return;
	}
	if (kvm < 0 || !mounted) {
		it = item(arr, "stage2_debugfs", false);
		add_str(it, "reason", kvm < 0 ? "KVM is not available" : "debugfs is not mounted");
		return;
	}
	/* the dump exists only per VM: make a throw-away VM and look at its directory */
	ret = vmm_host_stage2_probe(c->sys, kvm, ipa, &has);
	it = item(arr, "stage2_debugfs", has);
	if (ret)
		add_str(it, "reason", "probe VM: %s", ret == -ENOENT ?
			"no per-VM debugfs directory" : access_reason(-ret));
	else if (!has)
		add_str(it, "reason", "kernel built without CONFIG_PTDUMP_STAGE2_DEBUGFS");
}

static void mte(struct vmm_call *c, json_object *arr)
{
	uint64_t hwcap2 = 0;
	json_object *it;
	int ret;

	if (!ARM64) {
		arch_only(arr, "mte_hwcap", "arm64");
		return;
	}
	ret = vmm_host_hwcap2(c->sys, &hwcap2);
	it = item(arr, "mte_hwcap", !ret && (hwcap2 & VMM_HWCAP2_MTE));
	if (ret)
		add_str(it, "reason", "cannot read /proc/self/auxv");
	else if (!(hwcap2 & VMM_HWCAP2_MTE))
		add_str(it, "reason", "CPU or kernel without MTE (HWCAP2_MTE clear)");
}

static void privileges(struct vmm_call *c, json_object *arr)
{
	static const struct {
		const char *name;
		int bit;
		const char *why;
	} bits[] = {
		{ "cap_sys_admin", VMM_CAP_SYS_ADMIN, "needed for debugfs and sysfs writes" },
		{ "cap_sys_resource", VMM_CAP_SYS_RESOURCE, "needed for iommufd rlimit-mode" },
		{ "cap_sys_ptrace", VMM_CAP_SYS_PTRACE, "needed to inspect other users' VMMs" },
		{ "cap_sys_rawio", VMM_CAP_SYS_RAWIO, "needed for IOAS_NOIOMMU_GET_PA" },
	};
	uint64_t capeff = 0;
	uint32_t euid = 0;
	json_object *it;
	int ret;

	ret = vmm_host_creds(c->sys, &euid, &capeff);
	it = item(arr, "root", !ret && euid == 0);
	if (!ret)
		json_object_object_add(it, "value", json_object_new_int64(euid));
	if (ret || euid)
		add_str(it, "reason", ret ? "cannot read /proc/self/status" :
			"not root: debugfs, other VMMs and sysfs writes need it");
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		bool on = !ret && (capeff >> bits[i].bit) & 1;

		it = item(arr, bits[i].name, on);
		if (!on)
			add_str(it, "reason", "%s", bits[i].why);
	}
}

/*
 * The guest side of CoCo: configfs-tsm's report directory (its provider
 * shows only inside an entry, which a probe does not make: the modules of
 * the known providers say which is loaded) and the TSM measurement
 * registers of every misc device.
 */
static void tsm_guest(struct vmm_call *c, json_object *arr)
{
	static const char *const providers[] = { "arm_cca_guest", "sev_guest", "tdx_guest" };
	char **names, found[128] = "", path[96];
	unsigned int mode;
	json_object *it;
	int n, regs = 0;

	n = vmm_sys_stat_mode(c->sys, "/sys/kernel/config/tsm/report", &mode);
	it = item(arr, "tsm_reports", !n);
	add_str(it, "path", "/sys/kernel/config/tsm/report");
	for (size_t i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
		snprintf(path, sizeof(path), "/sys/module/%s", providers[i]);
		if (!vmm_sys_stat_mode(c->sys, path, &mode))
			snprintf(found + strlen(found), sizeof(found) - strlen(found), "%s%s",
				 *found ? " " : "", providers[i]);
	}
	vmm_sys_clear(c->sys);
	if (*found)
		add_str(it, "detail", "provider module: %s", found);
	if (n)
		add_str(it, "reason", "%s", vmm_sys_stat_mode(c->sys, "/sys/kernel/config/tsm", &mode) ?
			"no /sys/kernel/config/tsm: configfs not mounted, or no CONFIG_TSM_REPORTS" :
			"no report directory under /sys/kernel/config/tsm");
	vmm_sys_clear(c->sys);
	*found = 0;
	n = vmm_sys_list_dir(c->sys, "/sys/class/misc", &names);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/sys/class/misc/%s/measurements", names[i]);
		if (vmm_sys_stat_mode(c->sys, path, &mode))
			continue;
		regs++;
		snprintf(found + strlen(found), sizeof(found) - strlen(found), "%s%s",
			 *found ? " " : "", names[i]);
	}
	if (n > 0)
		vmm_sys_free_names(names, n);
	vmm_sys_clear(c->sys);
	it = item(arr, "tsm_measurements", regs > 0);
	add_str(it, "path", "/sys/class/misc");
	json_object_object_add(it, "value", json_object_new_int(regs));
	if (regs)
		add_str(it, "detail", "measurements of: %s", found);
	else
		add_str(it, "reason", "no misc device with measurements/ (a TDX guest, or the "
			"tsm-mr sample; CONFIG_TSM_MEASUREMENTS)");
}

static int host_features(struct vmm_call *c)
{
	json_object *r = json_object_new_object(), *feat = json_object_new_array();
	json_object *capsj = json_object_new_array(), *it;
	char rel[128] = "";
	int kvm, fd, ver, ipa = 0;

	c->result = r;
	json_object_object_add(r, "arch", vmm_jstr(vmm_sys_arch(c->sys)));
	if (!vmm_host_release(c->sys, rel, sizeof(rel)))
		json_object_object_add(r, "kernel_release", vmm_jstr(rel));

	/* the open already refused any version but 12; the value is the kernel's answer */
	kvm = vmm_kvm_open(c->sys);
	iface_item(feat, "kvm", VMM_IFACE_KVM, kvm);
	ver = kvm >= 0 ? vmm_kvm_api_version(c->sys, kvm) : -1;
	it = item(feat, "kvm_api_version", ver == VMM_KVM_API_VERSION);
	if (ver >= 0)
		json_object_object_add(it, "value", json_object_new_int(ver));
	else if (kvm == -EPROTO)
		add_str(it, "reason", "expected API version %d", VMM_KVM_API_VERSION);
	else
		add_str(it, "reason", "KVM is not available");
	kvm_mode(c, feat, kvm);
	if (kvm >= 0 && ARM64)
		ipa = vmm_kvm_check_cap(c->sys, kvm, VMM_KVM_CAP_ARM_VM_IPA_SIZE);

	fd = vmm_iommufd_open(c->sys);
	iface_item(feat, "iommufd", VMM_IFACE_IOMMUFD, fd);
	vmm_sys_close(fd);
	dir_count(c, feat, "vfio_cdev", "/dev/vfio/devices",
		  "no /dev/vfio/devices: CONFIG_VFIO_DEVICE_CDEV off or no device bound to vfio-pci",
		  "no device bound to a VFIO driver");
	debugfs(c, feat, kvm, ipa);
	dir_count(c, feat, "tsm", "/sys/class/tsm",
		  "no /sys/class/tsm: CONFIG_TSM off or no TSM driver loaded", "no TSM registered");
	tsm_guest(c, feat);
	mte(c, feat);
	privileges(c, feat);
	json_object_object_add(r, "features", feat);
	kvm_caps(c, kvm, capsj);
	json_object_object_add(r, "kvm_caps", capsj);
	vmm_sys_close(kvm);
	return 0;
}

/* One gauge per feature and per KVM capability, labelled by name. */
static void host_metrics(json_object *res, struct vmm_metrics *m)
{
	static const char *const kinds[][4] = {
		{ "features", "feature", "vmmctl_host_feature_available",
		  "1 when the host offers the feature (vmmctl host features)" },
		{ "kvm_caps", "capability", "vmmctl_kvm_capability_available",
		  "1 when KVM_CHECK_EXTENSION answers more than 0" },
	};
	static const char *const values[][2] = {
		{ "vmmctl_host_feature_value", "the feature's number (API version, VM count, uid)" },
		{ "vmmctl_kvm_capability_value", "what KVM_CHECK_EXTENSION answers" },
	};
	uint64_t v;

	vmm_metric(m, "vmmctl_host_info", VMM_METRIC_GAUGE, "the host's architecture and kernel "
		   "release as labels; always 1",
		   (const char *const[]){ "arch", vmm_jget_str(res, "arch", ""), "kernel_release",
					  vmm_jget_str(res, "kernel_release", ""), NULL }, 1);
	for (int k = 0; k < 2; k++) {
		json_object *arr = json_object_object_get(res, kinds[k][0]);

		for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
			json_object *it = json_object_array_get_idx(arr, i);
			const char *lab[] = { kinds[k][1], vmm_jget_str(it, "name", ""), NULL };
			uint64_t avail = 0;

			vmm_jget_u64(it, "available", &avail);
			vmm_metric(m, kinds[k][2], VMM_METRIC_GAUGE, kinds[k][3], lab, avail);
			if (vmm_jget_u64(it, "value", &v))
				vmm_metric(m, values[k][0], VMM_METRIC_GAUGE, values[k][1], lab, v);
		}
	}
}

static const struct vmm_opt features_opts[] = {
	VMM_OPT_OUTPUT,
	{ 0 }
};

static const struct vmm_command host_cmds[] = {
	{ "features", NULL, "what this host's kernel offers: KVM, capabilities, iommufd, "
	  "debugfs, TSM, MTE, privileges", NULL, features_opts, host_features, NULL,
	  VMM_CMD_OUTPUT | VMM_CMD_REPLAY, host_metrics },
	{ 0 }
};

const struct vmm_object vmm_obj_host = {
	"host", NULL, "preflight report of the host's kernel interfaces", host_cmds, 0,
};
