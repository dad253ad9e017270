// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Taking a snapshot: the files the read-only commands read, and nothing
 * else. Each rule below names its reader. Guest memory, MTE tags, BAR
 * contents and whole kernel logs are never read.
 */
#include "snap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host.h"
#include "hyp.h"
#include "kvm.h"
#include "pci.h"
#include "procfs.h"
#include "tsm.h"
#include "uapi/kvm.h"

#define PROC_MAX	(16u << 20)	/* maps and smaps of a large VMM */

struct take {
	struct vmm_sys *s;
	const struct vmm_snap_opts *o;
	struct vmm_snap_tree *t;
	int err;		/* first error that is not the host's (ENOMEM) */
};

static const char *rel(const char *path)
{
	return path[0] == '/' ? path + 1 : path;
}

static void refuse(struct take *tk, const char *path, int err)
{
	if (err == -ENOMEM)
		tk->err = err;
	else if (vmm_snap_tree_refuse(tk->t, path, strerror(-err)))
		tk->err = -ENOMEM;
	vmm_sys_clear(tk->s);
}

static void add(struct take *tk, const char *path, enum vmm_snap_type type, const void *data,
		size_t len)
{
	int ret = vmm_snap_tree_add(tk->t, rel(path), type, data, len);

	if (ret == -ENOMEM)
		tk->err = ret;
}

/*
 * A file as it reads now, with its permission bits; absent files are the
 * host's answer, and write-only ones (remove, rescan, reset) have nothing to read.
 */
static void file(struct take *tk, const char *path)
{
	unsigned int mode;
	char *buf = NULL;
	ssize_t n = vmm_sys_stat_mode(tk->s, path, &mode);
	int ret;

	if (!n && (mode & 0222) && !(mode & 0444))
		n = -ENOENT;
	if (!n)
		n = vmm_sys_read_all(tk->s, path, VMM_SNAP_FILE_MAX, &buf);
	if (n >= 0) {
		ret = vmm_snap_tree_add(tk->t, rel(path), VMM_SNAP_FILE, buf, (size_t)n);
		if (!ret)
			tk->t->e[tk->t->n - 1].mode = mode & 0777;
		else if (ret == -ENOMEM)
			tk->err = ret;
	} else if (n == -ENOENT || n == -ENOTDIR) {
		vmm_sys_clear(tk->s);
	} else {
		refuse(tk, path, (int)n);
	}
	free(buf);
}

static void link_(struct take *tk, const char *path)
{
	char target[PATH_MAX];
	ssize_t n = vmm_sys_readlink(tk->s, path, target, sizeof(target));

	if (n >= 0)
		add(tk, path, VMM_SNAP_LINK, target, (size_t)n);
	else
		refuse(tk, path, (int)n);
}

/* sysfs and debugfs files that must not be read, or are not ours to keep */
static bool skipped(const char *name, bool pci)
{
	/* resourceN: BAR contents (an I/O BAR read is a port read); rom, vpd: device reads */
	if (pci && (!strncmp(name, "resource", 8) ? name[8] != '\0' :
		    !strcmp(name, "rom") || !strcmp(name, "vpd")))
		return true;
	return false;
}

struct walk {
	struct take *tk;
	const char *dir;
	int depth;
	bool pci;
	bool (*keep)(struct walk *w, const char *name, unsigned char type);
};

static void walk(struct take *tk, const char *dir, int depth, bool pci,
		 bool (*keep)(struct walk *w, const char *name, unsigned char type));

/* ROOT-relative directory a sysfs link at path points to ("/sys/devices/..."). */
static int resolve(struct take *tk, const char *path, char *out, size_t len)
{
	char target[PATH_MAX], dir[PATH_MAX], *sl;
	const char *t;
	ssize_t n;

	n = vmm_sys_readlink(tk->s, path, target, sizeof(target));
	if (n < 0)
		return (int)n;
	snprintf(dir, sizeof(dir), "%s", path);
	sl = strrchr(dir, '/');
	if (sl)
		*sl = '\0';
	for (t = target; !strncmp(t, "../", 3); t += 3) {
		sl = strrchr(dir, '/');
		if (!sl)
			return -EINVAL;
		*sl = '\0';
	}
	if (target[0] == '/' || strstr(t, "/../") || !*dir)
		return -EINVAL;
	if ((size_t)snprintf(out, len, "%s/%s", dir, t) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* libpci finds a function's driver and IOMMU group by realpath(3): their targets must be */
static void link_target(struct walk *w, const char *name, const char *path)
{
	char dir[PATH_MAX];

	if (!w->pci || (strcmp(name, "driver") && strcmp(name, "iommu_group")))
		return;
	if (!resolve(w->tk, path, dir, sizeof(dir)))
		add(w->tk, dir, VMM_SNAP_DIR, "", 0);
	vmm_sys_clear(w->tk->s);
}

static int walk_one(void *arg, const char *name, unsigned char type)
{
	struct walk *w = arg;
	char path[PATH_MAX];
	unsigned int mode;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", w->dir, name) >= sizeof(path) ||
	    skipped(name, w->pci) || (w->keep && !w->keep(w, name, type)))
		return 0;
	if (type == DT_UNKNOWN && !vmm_sys_stat_mode(w->tk->s, path, &mode))
		type = S_ISDIR(mode) ? DT_DIR : DT_REG;
	if (type == DT_LNK) {
		link_(w->tk, path);
		link_target(w, name, path);
	} else if (type == DT_DIR && w->depth > 0)
		walk(w->tk, path, w->depth - 1, w->pci, w->keep);
	else if (type == DT_DIR)
		add(w->tk, path, VMM_SNAP_DIR, "", 0);
	else
		file(w->tk, path);
	return 0;
}

static void walk(struct take *tk, const char *dir, int depth, bool pci,
		 bool (*keep)(struct walk *w, const char *name, unsigned char type))
{
	struct walk w = { tk, dir, depth, pci, keep };
	unsigned int mode;
	int ret;

	ret = vmm_sys_stat_mode(tk->s, dir, &mode);
	if (ret == -ENOENT || ret == -ENOTDIR || (!ret && !S_ISDIR(mode))) {
		vmm_sys_clear(tk->s);	/* not on this host: not in the snapshot either */
		return;
	}
	add(tk, dir, VMM_SNAP_DIR, "", 0);
	ret = ret ? ret : vmm_sys_scan_dir(tk->s, dir, walk_one, &w);
	if (ret < 0)
		refuse(tk, dir, ret);
}

/* ---- KVM's debugfs: the VMs' stats, stage-2 dumps and geometry ---------------- */

static bool keep_vm(struct walk *w, const char *name, unsigned char type)
{
	const struct vmm_snap_opts *o = w->tk->o;
	int pid, fd;
	char end;

	if (o->no_stage2 && (!strcmp(name, "stage2_page_tables") || !strcmp(name, "nested")))
		return false;
	if (type != DT_DIR || !o->vms || strcmp(w->dir, VMM_DEBUGFS "/kvm") ||
	    sscanf(name, "%d-%d%c", &pid, &fd, &end) != 2)
		return true;
	for (int i = 0; i < o->nvms; i++)
		if (!strcmp(o->vms[i], name))
			return true;
	return false;
}

/* ---- PCI: the functions' sysfs (libpci and lib/tsm read it), the host bridges ---- */

static bool keep_fn(struct walk *w, const char *name, unsigned char type)
{
	(void)w;
	/* a function's own files and links, tsm/ and doe_features/; not its children */
	return type != DT_DIR || !strcmp(name, "tsm") || !strcmp(name, "doe_features");
}

/*
 * An entry of a class or bus directory: on a kernel, a link to a device's
 * directory (both are kept); in a tree written by hand, the directory itself.
 * *dir gets the directory.
 */
static int device_entry(struct take *tk, const char *path, unsigned char type, char *dir,
			size_t len)
{
	if (type == DT_DIR) {
		snprintf(dir, len, "%s", path);
		return 0;
	}
	link_(tk, path);
	if (resolve(tk, path, dir, len)) {
		vmm_sys_clear(tk->s);
		return -EINVAL;
	}
	return 0;
}

struct devices {
	struct take *tk;
	const char *dir;
	int depth;
	bool (*keep)(struct walk *w, const char *name, unsigned char type);
};

static int device_one(void *arg, const char *name, unsigned char type)
{
	struct devices *d = arg;
	char path[PATH_MAX], dev[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", d->dir, name);
	if (!device_entry(d->tk, path, type, dev, sizeof(dev)))
		walk(d->tk, dev, d->depth, true, d->keep);
	return 0;
}

static void links_to_devices(struct take *tk, const char *dir, int depth,
			     bool (*keep)(struct walk *w, const char *name, unsigned char type))
{
	struct devices d = { tk, dir, depth, keep };
	unsigned int mode;
	int ret;

	if (vmm_sys_stat_mode(tk->s, dir, &mode) || !S_ISDIR(mode)) {
		vmm_sys_clear(tk->s);	/* no such class or bus on this host */
		return;
	}
	add(tk, dir, VMM_SNAP_DIR, "", 0);
	ret = vmm_sys_scan_dir(tk->s, dir, device_one, &d);
	if (ret < 0)
		refuse(tk, dir, ret);
}

/* /sys/class/pci_bus/B/device of a root bus is its host bridge (IDE streams: lib/tsm). */
static int bus_one(void *arg, const char *name, unsigned char type)
{
	struct take *tk = arg;
	char path[PATH_MAX], bus[PATH_MAX], hb[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/class/pci_bus/%s", name);
	if (device_entry(tk, path, type, bus, sizeof(bus)))
		return 0;
	add(tk, bus, VMM_SNAP_DIR, "", 0);
	if ((size_t)snprintf(path, sizeof(path), "%s/device", bus) >= sizeof(path))
		return 0;
	link_(tk, path);
	if (!resolve(tk, path, hb, sizeof(hb)) && strstr(hb, "/pci") &&
	    !strchr(strrchr(hb, '/') + 1, '.'))
		walk(tk, hb, 0, true, NULL);	/* files and stream links, not its devices */
	else
		vmm_sys_clear(tk->s);
	return 0;
}

static void host_bridges(struct take *tk)
{
	vmm_sys_scan_dir(tk->s, "/sys/class/pci_bus", bus_one, tk);
	vmm_sys_clear(tk->s);
}

/* ---- processes holding KVM, iommufd or VFIO ------------------------------------- */

struct holder {
	struct take *tk;
	int pid;
	bool keep;		/* holds what vmmctl reads */
	int fds[256];		/* the fds whose fdinfo is kept */
	int nfds;
	char vm[32];		/* --vm filter: a VM of this process that was named */
};

static bool interesting(const char *target)
{
	enum vmm_fd_kind k = vmm_proc_fd_kind(target);

	return k != VMM_FD_OTHER || !strcmp(target, "/dev/kvm") ||
	       !strcmp(target, "/dev/iommu") || !strncmp(target, "/dev/vfio/", 10);
}

static int holder_fd(void *arg, const char *name, const char *target)
{
	struct holder *h = arg;

	if (!interesting(target))
		return 0;
	h->keep = true;
	if (h->nfds < (int)(sizeof(h->fds) / sizeof(h->fds[0])))
		h->fds[h->nfds++] = atoi(name);
	return 0;
}

/* fd links as links: the text is what lib/procfs reads; they are never followed */
static int copy_fd(void *arg, const char *name, const char *target)
{
	struct holder *h = arg;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fd/%s", h->pid, name);
	add(h->tk, path, VMM_SNAP_LINK, target, strlen(target));
	return 0;
}

/*
 * A file of which only the lines keep() accepts are kept (the rest is the
 * host's business: other mounts, smaps counters nobody reads).
 */
static void filtered(struct take *tk, const char *path, bool (*keep)(const char *line))
{
	char *buf, *out, *o, *line, *save = NULL;
	ssize_t n = vmm_sys_read_all(tk->s, path, PROC_MAX, &buf);

	if (n == -ENOENT) {
		vmm_sys_clear(tk->s);	/* a process gone, or a tree without the file */
		return;
	}
	if (n < 0) {
		refuse(tk, path, (int)n);
		return;
	}
	out = o = malloc((size_t)n + 1);
	if (!out) {
		tk->err = -ENOMEM;
		free(buf);
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (keep(line))
			o += sprintf(o, "%s\n", line);
	add(tk, path, VMM_SNAP_FILE, out, (size_t)(o - out));
	free(out);
	free(buf);
}

/* smaps: the mapping lines and what the readers use (VmFlags: lib/mte) */
static bool smaps_line(const char *line)
{
	static const char *const keys[] = { "Size:", "Rss:", "AnonHugePages:",
					    "KernelPageSize:", "VmFlags:", NULL };

	if (!strchr(line, ':') || strchr(line, '-') < strchr(line, ' '))
		return true;	/* "START-END PERMS ...": a mapping */
	for (int i = 0; keys[i]; i++)
		if (!strncmp(line, keys[i], strlen(keys[i])))
			return true;
	return false;
}

static int copy_task(void *arg, const char *name, unsigned char type)
{
	struct holder *h = arg;
	char path[96];

	(void)type;
	snprintf(path, sizeof(path), "/proc/%d/task/%s/comm", h->pid, name);
	file(h->tk, path);
	return 0;
}

static bool vm_named(const struct vmm_snap_opts *o, int pid)
{
	char pre[16];

	if (!o->vms)
		return true;
	snprintf(pre, sizeof(pre), "%d-", pid);
	for (int i = 0; i < o->nvms; i++)
		if (!strncmp(o->vms[i], pre, strlen(pre)))
			return true;
	return false;
}

static void holder(struct take *tk, int pid)
{
	static const char *const files[] = { "status", "comm", "maps", NULL };
	struct holder h = { .tk = tk, .pid = pid };
	char path[96];
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	ret = vmm_sys_scan_links(tk->s, path, holder_fd, &h);
	if (ret < 0 || !h.keep || !vm_named(tk->o, pid)) {
		vmm_sys_clear(tk->s);
		return;
	}
	for (int i = 0; files[i]; i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, files[i]);
		file(tk, path);
	}
	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	filtered(tk, path, smaps_line);
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	add(tk, path, VMM_SNAP_DIR, "", 0);
	vmm_sys_scan_links(tk->s, path, copy_fd, &h);
	for (int i = 0; i < h.nfds; i++) {
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, h.fds[i]);
		file(tk, path);
	}
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	vmm_sys_scan_dir(tk->s, path, copy_task, &h);
	vmm_sys_clear(tk->s);
}

static int proc_one(void *arg, const char *name, unsigned char type)
{
	struct take *tk = arg;
	char *end;
	long pid = strtol(name, &end, 10);

	(void)type;
	if (*end || pid <= 0)
		return 0;
	holder(tk, (int)pid);
	return 0;
}

/* ---- the host's own facts ------------------------------------------------------- */

/* /proc/mounts: the lines of the filesystems vmmctl looks for, not the host's others */
static bool mounts_line(const char *line)
{
	static const char *const types[] = { " debugfs ", " tracefs ", " hugetlbfs ", NULL };

	for (int i = 0; types[i]; i++)
		if (strstr(line, types[i]))
			return true;
	return false;
}

/* The lines of the kernel log that are read (KVM's mode line), as kmsg records. */
static void kmsg(struct take *tk)
{
	static const char *const needles[] = { VMM_ARM_KVM_INIT_MSG, NULL };
	char msg[512], rec[600];
	int ret = vmm_host_kmsg_find(tk->s, needles, msg, sizeof(msg));

	if (ret >= 0) {
		snprintf(rec, sizeof(rec), "6,0,0,-;%s\n", msg);
		add(tk, "/dev/kmsg", VMM_SNAP_FILE, rec, strlen(rec));
	} else if (ret == -ENOENT) {
		add(tk, "/dev/kmsg", VMM_SNAP_FILE, "", 0);
		vmm_sys_clear(tk->s);
	} else {
		refuse(tk, "/dev/kmsg", ret);
	}
}

/* AT_HWCAP2 alone, in /proc/self/auxv's layout: no addresses of this process */
static void auxv(struct take *tk)
{
	uint64_t v[4] = { 26, 0, 0, 0 };	/* AT_HWCAP2, value, AT_NULL */
	int ret = vmm_host_hwcap2(tk->s, &v[1]);

	if (ret == -ENOENT)
		vmm_sys_clear(tk->s);
	else if (ret)
		refuse(tk, "/proc/self/auxv", ret);
	else
		add(tk, "/proc/self/auxv", VMM_SNAP_FILE, v, sizeof(v));
}

static const char *const dev_nodes[] = {
	"/dev/kvm", "/dev/iommu", "/dev/vfio/vfio", "/dev/gunyah", NULL,
};

static int dev_one(void *arg, const char *name, unsigned char type)
{
	struct take *tk = arg;
	char path[128];

	(void)type;
	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", name);
	add(tk, path, VMM_SNAP_FILE, "", 0);
	return 0;
}

static void host_files(struct take *tk)
{
	static const char *const files[] = {
		"/proc/cmdline", "/proc/cpuinfo", "/proc/meminfo", "/proc/self/status",
		"/proc/sys/kernel/osrelease", "/proc/sys/kernel/hostname",
		"/sys/kernel/mm/transparent_hugepage/enabled",
		"/sys/kernel/mm/transparent_hugepage/defrag",
		"/sys/kernel/mm/transparent_hugepage/shmem_enabled", NULL,
	};
	static const char *const modules[] = { "kvm", "kvm_intel", "kvm_amd", "kvm_pvm",
					       "kvm_arm", NULL };
	char path[128], dir[PATH_MAX];
	unsigned int mode;

	for (int i = 0; files[i]; i++)
		file(tk, files[i]);
	filtered(tk, "/proc/mounts", mounts_line);
	kmsg(tk);
	auxv(tk);
	walk(tk, "/sys/kernel/mm/hugepages", 1, false, NULL);
	for (int i = 0; modules[i]; i++) {
		snprintf(path, sizeof(path), "/sys/module/%s/parameters", modules[i]);
		walk(tk, path, 0, false, NULL);
	}
	/* the device nodes are in the manifest; a directory of them is listed here */
	for (int i = 0; dev_nodes[i]; i++)
		if (!vmm_sys_stat_mode(tk->s, dev_nodes[i], &mode) && S_ISCHR(mode))
			add(tk, dev_nodes[i], VMM_SNAP_FILE, "", 0);
	if (!vmm_sys_stat_mode(tk->s, "/dev/vfio/devices", &mode) && S_ISDIR(mode)) {
		add(tk, "/dev/vfio/devices", VMM_SNAP_DIR, "", 0);
		vmm_sys_scan_dir(tk->s, "/dev/vfio/devices", dev_one, tk);
	}
	vmm_sys_clear(tk->s);
	/* hyp: the trace remote's directory, never its trace or trace_pipe */
	if (!vmm_hyp_dir(tk->s, dir, sizeof(dir)))
		add(tk, dir, VMM_SNAP_DIR, "", 0);
	vmm_sys_clear(tk->s);
}

/* ---- the manifest's facts -------------------------------------------------------- */

/* What is not a file: the answers of the ioctls `host features` makes. */
static void kvm_facts(struct take *tk, struct vmm_sys_snap *sn)
{
	int kvm = vmm_kvm_open(tk->s);

	sn->api_version = -1;
	sn->s2_probe = -ENODEV;
	if (kvm < 0) {
		vmm_sys_clear(tk->s);
		return;
	}
	sn->api_version = vmm_kvm_api_version(tk->s, kvm);
	/*
	 * every capability this kernel knows of; 0 is what an unknown one
	 * answers, and a refusal is kept as -errno (arm64's 243 is a VM's)
	 */
	for (uint32_t cap = 0; cap < 512 && sn->ncaps < VMM_SYS_SNAP_CAPS; cap++) {
		int v = vmm_kvm_check_cap(tk->s, kvm, cap);

		if (v != 0) {
			sn->caps[sn->ncaps].cap = cap;
			sn->caps[sn->ncaps++].val = v;
		}
	}
	if (!strcmp(vmm_sys_arch(tk->s), "aarch64"))
		sn->s2_probe = vmm_host_stage2_probe(tk->s, kvm,
						     vmm_kvm_check_cap(tk->s, kvm,
								       VMM_KVM_CAP_ARM_VM_IPA_SIZE),
						     &sn->s2_present);
	vmm_sys_clear(tk->s);
	vmm_sys_close(kvm);
}

static void dev_facts(struct take *tk, struct vmm_sys_snap *sn)
{
	for (int i = 0; i < tk->t->n && sn->ndevs < VMM_SYS_SNAP_DEVS; i++) {
		const struct vmm_snap_ent *e = &tk->t->e[i];

		if (e->type == VMM_SNAP_FILE && !strncmp(e->path, "dev/", 4) &&
		    strcmp(e->path, "dev/kmsg"))
			snprintf(sn->devs[sn->ndevs++], sizeof(sn->devs[0]), "/%s", e->path);
	}
}

int vmm_snap_take_tree(struct vmm_sys *s, const struct vmm_snap_opts *o,
		       struct vmm_snap_tree *t, struct vmm_sys_snap *sn)
{
	struct take tk = { .s = s, .o = o, .t = t };
	int ret;

	memset(sn, 0, sizeof(*sn));
	snprintf(sn->arch, sizeof(sn->arch), "%s", vmm_sys_arch(s));
	sn->kvm_fd = -1;
	kvm_facts(&tk, sn);
	host_files(&tk);
	walk(&tk, VMM_DEBUGFS "/kvm", 3, false, keep_vm);
	ret = vmm_sys_scan_dir(s, "/proc", proc_one, &tk);
	if (ret == -ENOENT)	/* a tree without processes (--root) */
		vmm_sys_clear(s);
	else if (ret < 0)
		refuse(&tk, "/proc", ret);
	links_to_devices(&tk, VMM_TSM_CLASS, 0, NULL);
	if (!o->no_pci) {
		links_to_devices(&tk, VMM_PCI_SYSFS, 1, keep_fn);
		host_bridges(&tk);
	}
	dev_facts(&tk, sn);
	vmm_sys_clear(s);
	return tk.err;
}
