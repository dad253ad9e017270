// SPDX-License-Identifier: GPL-3.0-or-later
/* PCI TSM sysfs (spec C): reads of the state files, the connect/disconnect writes. */
#include "tsm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCI_DEVS	"/sys/bus/pci/devices"

int vmm_tsm_names(struct vmm_sys *s, char ***names)
{
	int n = vmm_sys_list_dir(s, VMM_TSM_CLASS, names), k = 0;

	if (n == -ENOENT || n == -ENOTDIR) {	/* CONFIG_TSM off: no TSM, not a failure */
		vmm_sys_clear(s);
		*names = NULL;
		return 0;
	}
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {	/* the class holds tsmN links only; skip the rest */
		if ((*names)[i][0] == '.')
			free((*names)[i]);
		else
			(*names)[k++] = (*names)[i];
	}
	if (!k) {
		free(*names);
		*names = NULL;
	}
	return k;
}

void vmm_tsm_attr_path(const char *bdf, const char *attr, char *buf, size_t len)
{
	snprintf(buf, len, PCI_DEVS "/%s/%s", bdf, attr);
}

/* A one-line attribute without its newline; false when absent. */
static bool read_attr(struct vmm_sys *s, const char *bdf, const char *attr, char *out,
		      size_t len, int *err)
{
	char path[128], buf[128];
	ssize_t n;

	out[0] = '\0';
	vmm_tsm_attr_path(bdf, attr, path, sizeof(path));
	n = vmm_sys_read_file(s, path, buf, sizeof(buf));
	if (n < 0) {
		if (n != -ENOENT && !*err)
			*err = (int)n;	/* unreadable (needs root) is worth telling */
		else
			vmm_sys_clear(s);
		return false;
	}
	buf[strcspn(buf, "\n")] = '\0';
	if (strlen(buf) >= len)
		buf[len - 1] = '\0';
	memcpy(out, buf, strlen(buf) + 1);
	return true;
}

static bool exists(struct vmm_sys *s, const char *bdf, const char *attr, bool dir)
{
	char path[128];
	unsigned int mode;
	bool ok;

	vmm_tsm_attr_path(bdf, attr, path, sizeof(path));
	ok = !vmm_sys_stat_mode(s, path, &mode) && (!dir || S_ISDIR(mode));
	vmm_sys_clear(s);
	return ok;
}

int vmm_tsm_dev_read(struct vmm_sys *s, const char *bdf, struct vmm_tsm_dev *d)
{
	int err = 0;

	memset(d, 0, sizeof(*d));
	snprintf(d->bdf, sizeof(d->bdf), "%s", bdf);
	if (!exists(s, bdf, "", true))
		return vmm_sys_fail(s, ENODEV, "stat", PCI_DEVS);
	if (!exists(s, bdf, "tsm", true))
		return -ENOENT;
	d->has_connect = read_attr(s, bdf, "tsm/connect", d->connect, sizeof(d->connect), &err);
	d->has_disconnect = exists(s, bdf, "tsm/disconnect", false);
	d->has_dsm = read_attr(s, bdf, "tsm/dsm", d->dsm, sizeof(d->dsm), &err);
	d->has_bound = read_attr(s, bdf, "tsm/bound", d->bound, sizeof(d->bound), &err);
	d->has_auth = read_attr(s, bdf, "authenticated", d->authenticated,
				sizeof(d->authenticated), &err);
	return err;
}

int vmm_tsm_devs(struct vmm_sys *s, struct vmm_tsm_dev **devs, int *n)
{
	struct vmm_tsm_dev *v = NULL, *tmp;
	char **names;
	int cnt, ret = 0;

	*devs = NULL;
	*n = 0;
	cnt = vmm_sys_list_dir(s, PCI_DEVS, &names);
	if (cnt < 0)
		return cnt;
	for (int i = 0; i < cnt; i++) {
		struct vmm_tsm_dev d;

		ret = vmm_tsm_dev_read(s, names[i], &d);
		if (ret == -ENOENT || ret == -ENODEV) {
			vmm_sys_clear(s);
			ret = 0;
			continue;
		}
		if (ret)
			break;
		tmp = realloc(v, (size_t)(*n + 1) * sizeof(*v));
		if (!tmp) {
			ret = -ENOMEM;
			break;
		}
		v = tmp;
		v[(*n)++] = d;
	}
	vmm_sys_free_names(names, cnt);
	if (ret) {
		free(v);
		*n = 0;
		return ret;
	}
	*devs = v;	/* list_dir sorted the names, and BDF text sorts as BDFs do */
	return 0;
}

int vmm_tsm_connect(struct vmm_sys *s, const char *bdf, const char *tsm)
{
	char path[128];

	vmm_tsm_attr_path(bdf, "tsm/connect", path, sizeof(path));
	return vmm_sys_write_file(s, path, tsm);
}

int vmm_tsm_disconnect(struct vmm_sys *s, const char *bdf, const char *tsm)
{
	char path[128];

	vmm_tsm_attr_path(bdf, "tsm/disconnect", path, sizeof(path));
	return vmm_sys_write_file(s, path, tsm);
}

/* ---- IDE stream pools ------------------------------------------------------- */

/*
 * Host bridges are found through their root buses: /sys/devices/pciDDDD:BB
 * on x86, under the platform device (.../4010000000.pcie/pciDDDD:BB) on arm64.
 */
#define PCI_BUSES	"/sys/class/pci_bus"

static void hb_streams(struct vmm_sys *s, const char *dir, struct vmm_ide_hb *hb)
{
	char path[PATH_MAX], target[PATH_MAX], buf[32], **names;
	int n;

	snprintf(path, sizeof(path), "%s/available_secure_streams", dir);
	hb->available = -1;
	if (vmm_sys_read_file(s, path, buf, sizeof(buf)) >= 0)
		hb->available = atoi(buf);
	n = vmm_sys_list_dir(s, dir, &names);
	for (int i = 0; i < n && hb->nstreams < VMM_IDE_STREAMS_MAX; i++) {
		struct vmm_ide_stream *st = &hb->streams[hb->nstreams];
		const char *base;
		ssize_t len;

		if (sscanf(names[i], "stream%u.%u.%u", &st->h, &st->r, &st->e) != 3 ||
		    strlen(names[i]) >= sizeof(st->name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		len = vmm_sys_readlink(s, path, target, sizeof(target));
		if (len < 0)
			continue;
		base = strrchr(target, '/');
		base = base ? base + 1 : target;
		if (strlen(base) >= sizeof(st->bdf))
			continue;
		strcpy(st->bdf, base);
		strcpy(st->name, names[i]);
		hb->nstreams++;
	}
	if (n > 0)
		vmm_sys_free_names(names, n);
	vmm_sys_clear(s);
}

int vmm_tsm_ide_scan(struct vmm_sys *s, struct vmm_ide_hb **hbs, int *n)
{
	char dir[128], target[PATH_MAX], **names;
	struct vmm_ide_hb *v = NULL, *tmp;
	unsigned int dom, bus;
	int cnt, ret = 0;

	*hbs = NULL;
	*n = 0;
	cnt = vmm_sys_list_dir(s, PCI_BUSES, &names);
	if (cnt < 0)
		return cnt;
	for (int i = 0; i < cnt; i++) {
		const char *base;
		ssize_t len;
		char end;

		snprintf(dir, sizeof(dir), PCI_BUSES "/%.32s/device", names[i]);
		len = vmm_sys_readlink(s, dir, target, sizeof(target));
		if (len < 0) {
			vmm_sys_clear(s);
			continue;
		}
		base = strrchr(target, '/');
		base = base ? base + 1 : target;
		/* a root bus's device is its host bridge; other buses' are bridges */
		if (sscanf(base, "pci%x:%x%c", &dom, &bus, &end) != 2 ||
		    strlen(base) >= sizeof(v->name))
			continue;
		tmp = realloc(v, (size_t)(*n + 1) * sizeof(*v));
		if (!tmp) {
			ret = -ENOMEM;
			goto out;
		}
		v = tmp;
		memset(&v[*n], 0, sizeof(v[0]));
		strcpy(v[*n].name, base);
		hb_streams(s, dir, &v[(*n)++]);
	}
	*hbs = v;
	v = NULL;
out:
	free(v);
	if (ret)
		*n = 0;
	vmm_sys_free_names(names, cnt);
	return ret;
}
