// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libpci behind lib/ rules: no printing, no exit.
 *
 * libpci's hooks (error, warning, debug) take no context argument, so the
 * struct vmm_pci whose libpci call is running is kept in a thread-local
 * pointer for the duration of that call. warning and debug append to the
 * struct's message list. error must not return (libpci continues as if it
 * had exited), and its default ends the process, which would end a REPL:
 * ours formats the message into the struct and longjmps to the guard around
 * the libpci call that failed. This is sound because
 *  - every libpci call is made inside guarded(), whose frame is live while
 *    the hook runs (the hook is only ever called from inside that call);
 *  - nothing of ours that owns memory is between the two frames: what a
 *    guarded call allocates for us (the pci_dev list) is reachable from
 *    struct vmm_pci as soon as libpci returns it;
 *  - libpci itself holds nothing across its fatal paths that we reach: the
 *    dump backend closes its file before calling error and links each device
 *    as it creates it; the sysfs name and value reads close their fd first.
 *    The one libpci path that would leak (the sysfs scan: its directory
 *    handle and an unlinked pci_dev, on a name it cannot parse) is not used:
 *    we list the devices directory ourselves and create each device with
 *    pci_get_dev() (see sysfs_devs());
 *  - after a fatal error the pci_access is marked broken and only the
 *    cleanup (itself guarded) touches it again: our devices and the ones
 *    libpci linked are freed, whatever it left half-filled is not read.
 */
#include "pci.h"

#include <dlfcn.h>
#include <errno.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct vmm_pci {
	struct pci_access *acc;
	int lookup_flags;		/* PCI_LOOKUP_NO_HWDB without a udev hwdb */
	struct vmm_sys *sys;
	bool dump;
	bool broken;
	struct pci_dev **devs;		/* sysfs: ours, from pci_get_dev(); dump: libpci's */
	int ndevs;
	jmp_buf jb;
	char error[256];
	int nmsg;
	struct vmm_pci_msg msg[VMM_PCI_MSG_MAX];
};

static __thread struct vmm_pci *cur;

/*
 * libpci is opened on first use instead of linked: it brings libudev and
 * libz, whose loading and relocation cost every one-shot command about
 * 0.4 ms of start-up, though only pci and tsm need them.
 */
#define LIBPCI_SYMS(X) X(alloc) X(init) X(cleanup) X(scan_bus) X(get_dev) X(free_dev) \
	X(set_param) X(fill_info) X(read_block) X(lookup_name) X(get_string_property)
#define LIBPCI_PTR(f) typeof(pci_##f) *f;
static struct {
	void *h;
	LIBPCI_SYMS(LIBPCI_PTR)
} lp;

static int libpci_load(struct vmm_sys *s)
{
	const char *missing = NULL;
	void *h;

	if (lp.h)
		return 0;
	h = dlopen(VMM_LIBPCI_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return vmm_sys_record(s, ELIBACC, "dlopen", NULL, VMM_LIBPCI_SONAME);
	/* POSIX's way of storing dlsym()'s void * in a function pointer */
#define LIBPCI_SYM(f) \
	if (!missing && !(*(void **)&lp.f = dlsym(h, "pci_" #f))) \
		missing = "pci_" #f;
	LIBPCI_SYMS(LIBPCI_SYM)
#undef LIBPCI_SYM
	if (missing) {
		dlclose(h);
		return vmm_sys_record(s, ELIBACC, "dlsym", missing, VMM_LIBPCI_SONAME);
	}
	lp.h = h;
	return 0;
}

static void add_msg(struct vmm_pci *p, bool debug, const char *fmt, va_list ap)
{
	struct vmm_pci_msg *m;

	if (!p)
		return;
	if (p->nmsg == VMM_PCI_MSG_MAX) {	/* keep the newest */
		memmove(p->msg, p->msg + 1, sizeof(p->msg[0]) * (VMM_PCI_MSG_MAX - 1));
		p->nmsg--;
	}
	m = &p->msg[p->nmsg++];
	m->debug = debug;
	vsnprintf(m->text, sizeof(m->text), fmt, ap);
}

static void __attribute__((format(printf, 2, 3))) warn(struct vmm_pci *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(p, false, fmt, ap);
	va_end(ap);
}

static void hook_warning(char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(cur, false, fmt, ap);
	va_end(ap);
}

static void hook_debug(char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(cur, true, fmt, ap);
	va_end(ap);
}

static void __attribute__((noreturn)) hook_error(char *fmt, ...)
{
	struct vmm_pci *p = cur;
	va_list ap;

	if (!p)
		abort();	/* a libpci call outside guarded(): a bug of ours */
	va_start(ap, fmt);
	vsnprintf(p->error, sizeof(p->error), fmt, ap);
	va_end(ap);
	p->broken = true;
	cur = NULL;
	longjmp(p->jb, 1);
}

/*
 * The guard: fn(p, arg) runs libpci calls; a fatal libpci error returns
 * -EIO here with the message in p->error. fn's locals die with its frame,
 * and ours are not modified after setjmp, so none needs to be volatile.
 */
static int guarded(struct vmm_pci *p, int (*fn)(struct vmm_pci *p, void *arg), void *arg)
{
	int ret;

	if (p->broken)
		return -EIO;
	if (setjmp(p->jb))
		return vmm_sys_record(p->sys, EIO, "libpci", NULL, "");
	cur = p;
	ret = fn(p, arg);
	cur = NULL;
	return ret;
}

/*
 * libpci asks udev's hwdb for names pci.ids lacks. Without a compiled hwdb
 * it creates a udev context on every such lookup and loses the previous
 * one (libpci 3.9); lspci finds no name there either, so skip the hwdb.
 */
static int hwdb_flags(struct vmm_sys *s)
{
	static const char *const paths[] = {
		"/etc/udev/hwdb.bin", "/usr/lib/udev/hwdb.bin", "/lib/udev/hwdb.bin",
	};

	for (unsigned int i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (!vmm_sys_access_user(s, paths[i], R_OK))
			return 0;
	vmm_sys_clear(s);
	return PCI_LOOKUP_NO_HWDB;
}

/* sysfs: libpci's own scan would leak on a bad name, so the names come from us */
struct sysfs_names {
	char **names;
	int n;
};

static int do_init(struct vmm_pci *p, void *arg)
{
	struct sysfs_names *sn = arg;
	unsigned int dom, bus, dev, fn;
	char end;

	lp.init(p->acc);
	if (!sn) {
		lp.scan_bus(p->acc);	/* dump: links as it reads, closes before errors */
		return 0;
	}
	for (int i = 0; i < sn->n; i++) {
		if (sscanf(sn->names[i], "%x:%x:%x.%u%c", &dom, &bus, &dev, &fn, &end) != 4 ||
		    dom > 0x7fffffff || bus > 0xff || dev > 0x1f || fn > 7) {
			warn(p, "%s/%s is not a PCI address; left out", VMM_PCI_SYSFS,
			     sn->names[i]);
			continue;
		}
		/* stored at once: a fatal error in the next allocation leaves it ours */
		p->devs[p->ndevs++] = lp.get_dev(p->acc, (int)dom, (int)bus, (int)dev, (int)fn);
	}
	return 0;
}

static int do_cleanup(struct vmm_pci *p, void *arg)
{
	(void)arg;
	if (!p->dump)	/* ours, not on libpci's list; before the access goes */
		while (p->ndevs)
			lp.free_dev(p->devs[--p->ndevs]);
	lp.cleanup(p->acc);
	return 0;
}

/* dump: libpci linked the functions as it read them; list them as ours are */
static int dump_devs(struct vmm_pci *p)
{
	struct pci_dev *pd;
	int n = 0;

	for (pd = p->acc->devices; pd; pd = pd->next)
		n++;
	free(p->devs);
	p->devs = calloc(n ? (size_t)n : 1, sizeof(*p->devs));
	if (!p->devs)
		return -ENOMEM;
	for (pd = p->acc->devices; pd; pd = pd->next)
		p->devs[p->ndevs++] = pd;
	return 0;
}

int vmm_pci_open(struct vmm_sys *s, const char *dump, bool debug, struct vmm_pci **out)
{
	/* libpci's parameter API takes char *, which string literals are not */
	char dump_param[] = "dump.name", sysfs_param[] = "sysfs.path";
	struct sysfs_names sn = { NULL, 0 };
	char path[PATH_MAX];
	struct vmm_pci *p;
	unsigned int mode;
	int ret;

	*out = NULL;
	if (!dump) {
		/* libpci's own message for a missing tree is fatal and vague */
		ret = vmm_sys_stat_mode(s, VMM_PCI_SYSFS, &mode);
		if (ret)
			return ret;
		sn.n = vmm_sys_list_dir(s, VMM_PCI_SYSFS, &sn.names);
		if (sn.n < 0)
			return sn.n;
	}
	ret = -ENOMEM;
	p = calloc(1, sizeof(*p));
	if (!p)
		goto out;
	p->sys = s;
	p->lookup_flags = hwdb_flags(s);
	ret = libpci_load(s);
	if (ret)
		goto fail;
	p->acc = lp.alloc();
	if (!p->acc)
		goto fail;
	p->acc->error = hook_error;
	p->acc->warning = hook_warning;
	p->acc->debug = hook_debug;
	p->acc->debugging = debug;
	if (dump) {
		p->dump = true;
		p->acc->method = PCI_ACCESS_DUMP;
		snprintf(path, sizeof(path), "%s", dump);
		lp.set_param(p->acc, dump_param, path);
	} else {
		ret = vmm_sys_path(s, "/sys/bus/pci", path, sizeof(path));
		if (ret)
			goto fail;
		p->acc->method = PCI_ACCESS_SYS_BUS_PCI;
		lp.set_param(p->acc, sysfs_param, path);
	}
	ret = -ENOMEM;
	p->devs = calloc(sn.n ? (size_t)sn.n : 1, sizeof(*p->devs));
	if (!p->devs)
		goto fail;
	*out = p;	/* also on a libpci failure: its message and warnings are here */
	ret = guarded(p, do_init, dump ? NULL : &sn);
	if (!ret && dump)
		ret = dump_devs(p);
	goto out;
fail:
	vmm_pci_close(p);
out:
	if (sn.n > 0 && !dump)
		vmm_sys_free_names(sn.names, sn.n);
	return ret;
}

void vmm_pci_close(struct vmm_pci *p)
{
	if (!p)
		return;
	p->broken = false;	/* cleanup is the one call allowed after an error */
	if (p->acc && guarded(p, do_cleanup, NULL))
		p->acc = NULL;	/* leaked rather than freed twice */
	free(p->devs);
	free(p);
}

const char *vmm_pci_error(const struct vmm_pci *p)
{
	return p ? p->error : "";
}

int vmm_pci_messages(const struct vmm_pci *p, const struct vmm_pci_msg **msgs)
{
	*msgs = p->msg;
	return p->nmsg;
}

bool vmm_pci_tsm_capable(const struct vmm_pci_dev *d)
{
	const struct vmm_pci_sec *s = &d->sec;
	bool sel = s->ide && (s->ide_cap & VMM_PCI_IDE_CAP_SELECTIVE);

	if (d->tsm_dir)
		return true;
	if (!s->pcie || !(s->pcie_type == 0 || s->pcie_type == 5 || s->pcie_type == 9))
		return false;
	return sel || s->tee_io;
}

/* ---- one device --------------------------------------------------------- */

struct fill_arg {
	struct pci_dev *pd;
	struct vmm_pci_dev *d;
};

static void lookup(struct vmm_pci *p, char *buf, int size, int flags, ...)
{
	va_list ap;
	char *r;

	/* pci_lookup_name takes its IDs as varargs; forward the two we use */
	va_start(ap, flags);
	{
		int x = va_arg(ap, int), y = va_arg(ap, int);

		r = lp.lookup_name(p->acc, buf, size,
				    flags | p->lookup_flags | PCI_LOOKUP_NO_NUMBERS, x, y);
	}
	va_end(ap);
	if (!r)
		buf[0] = '\0';
	else if (r != buf)
		snprintf(buf, (size_t)size, "%s", r);
}

static int do_fill(struct vmm_pci *p, void *arg)
{
	struct fill_arg *fa = arg;
	struct pci_dev *pd = fa->pd;
	struct vmm_pci_dev *d = fa->d;
	static const unsigned int lens[] = { 4096, 256, 64 };
	uint8_t cfg[4096];
	char *prop;

	lp.fill_info(pd, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT |
		      PCI_FILL_SUBSYS | (p->dump ? 0 : PCI_FILL_DRIVER | PCI_FILL_IOMMU_GROUP));
	d->vendor = pd->vendor_id;
	d->device = pd->device_id;
	d->class = (uint32_t)pd->device_class << 8 | pd->prog_if;
	d->rev = pd->rev_id;
	d->subsys_vendor = pd->subsys_vendor_id;
	d->subsys_device = pd->subsys_id;
	lookup(p, d->vendor_name, sizeof(d->vendor_name), PCI_LOOKUP_VENDOR, d->vendor, 0);
	lookup(p, d->device_name, sizeof(d->device_name), PCI_LOOKUP_DEVICE, d->vendor,
	       d->device);
	lookup(p, d->class_name, sizeof(d->class_name), PCI_LOOKUP_CLASS,
	       pd->device_class, 0);
	d->iommu_group = -1;
	if (!p->dump) {
		prop = lp.get_string_property(pd, PCI_FILL_DRIVER);
		if (prop)
			snprintf(d->driver, sizeof(d->driver), "%s", prop);
		prop = lp.get_string_property(pd, PCI_FILL_IOMMU_GROUP);
		if (prop && *prop)
			d->iommu_group = atoi(prop);
	}
	for (unsigned int i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		if (lp.read_block(pd, 0, cfg, (int)lens[i])) {
			d->cfg_len = lens[i];
			break;
		}
	}
	if (d->cfg_len)
		vmm_pci_decode(cfg, d->cfg_len, &d->sec);
	return 0;
}

static void fill_sysfs(struct vmm_pci *p, struct vmm_pci_dev *d)
{
	char path[128], **names;
	unsigned int mode;
	int n;

	d->sysfs = true;
	snprintf(path, sizeof(path), VMM_PCI_SYSFS "/%s/tsm", d->bdf);
	d->tsm_dir = !vmm_sys_stat_mode(p->sys, path, &mode) && S_ISDIR(mode);
	snprintf(path, sizeof(path), VMM_PCI_SYSFS "/%s/doe_features", d->bdf);
	n = vmm_sys_list_dir(p->sys, path, &names);
	for (int i = 0; i < n && d->ndoe_feat < VMM_PCI_DOE_FEAT_MAX; i++)
		if (strlen(names[i]) < sizeof(d->doe_feat[0]))
			strcpy(d->doe_feat[d->ndoe_feat++], names[i]);
	if (n > 0)
		vmm_sys_free_names(names, n);
	vmm_sys_clear(p->sys);	/* absent files are facts here, not failures */
}

static int fill(struct vmm_pci *p, struct pci_dev *pd, struct vmm_pci_dev *d)
{
	struct fill_arg fa = { pd, d };
	int ret;

	memset(d, 0, sizeof(*d));
	d->domain = (uint32_t)pd->domain;
	d->bus = pd->bus;
	d->dev = pd->dev;
	d->fn = pd->func;
	snprintf(d->bdf, sizeof(d->bdf), "%04x:%02x:%02x.%u", d->domain, d->bus, d->dev, d->fn);
	ret = guarded(p, do_fill, &fa);
	if (!ret && !p->dump)
		fill_sysfs(p, d);
	return ret;
}

static int cmp_dev(const void *a, const void *b)
{
	const struct vmm_pci_dev *x = a, *y = b;
	uint64_t kx = (uint64_t)x->domain << 16 | x->bus << 8 | x->dev << 3 | x->fn;
	uint64_t ky = (uint64_t)y->domain << 16 | y->bus << 8 | y->dev << 3 | y->fn;

	return kx < ky ? -1 : kx > ky;
}

int vmm_pci_scan(struct vmm_pci *p, struct vmm_pci_dev **devs, int *n)
{
	struct vmm_pci_dev *v;
	int cnt, i, ret;

	*devs = NULL;
	*n = 0;
	cnt = p->ndevs;
	v = calloc(cnt ? (size_t)cnt : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < cnt; i++) {
		ret = fill(p, p->devs[i], &v[i]);
		if (ret) {
			free(v);
			return ret;
		}
	}
	qsort(v, (size_t)cnt, sizeof(*v), cmp_dev);
	*devs = v;
	*n = cnt;
	return 0;
}

int vmm_pci_get(struct vmm_pci *p, uint32_t domain, uint8_t bus, uint8_t dev, uint8_t fn,
		struct vmm_pci_dev *out)
{
	for (int i = 0; i < p->ndevs; i++) {
		struct pci_dev *pd = p->devs[i];

		if ((uint32_t)pd->domain == domain && pd->bus == bus && pd->dev == dev &&
		    pd->func == fn)
			return fill(p, pd, out);
	}
	return -ENOENT;
}
