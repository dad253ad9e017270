// SPDX-License-Identifier: GPL-3.0-or-later
/* The per-VM directories of KVM's debugfs and the stat files inside them. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kvm_debugfs.h"
#include "uapi/kvm.h"

/* Decimal digits only, no sign, no leading garbage; value in [min, INT32_MAX]. */
static int dec32(const char *s, size_t n, int32_t min, int32_t *out)
{
	int64_t v = 0;

	if (!n || n > 10)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > INT32_MAX)
		return -EINVAL;
	*out = (int32_t)v;
	return 0;
}

int vmm_kvm_debugfs_parse_name(const char *name, int32_t *tid, int32_t *fd)
{
	const char *dash = strchr(name, '-');

	if (!dash || dec32(name, (size_t)(dash - name), 1, tid) ||
	    dec32(dash + 1, strlen(dash + 1), 0, fd))
		return -EINVAL;
	return 0;
}

int vmm_kvm_debugfs_parse_value(const char *text, uint64_t *v)
{
	uint64_t x = 0;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (x > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -EINVAL;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	if (p[0] != '\n' || p[1])
		return -EINVAL;
	*v = x;
	return 0;
}

struct vms_acc {
	struct vmm_kvm_dbgvm *v;
	int n, cap;
};

static int add_vm(void *arg, const char *name, unsigned char type)
{
	struct vms_acc *a = arg;
	struct vmm_kvm_dbgvm vm, *tmp;

	(void)type;	/* the global stat files never parse as TID-FD */
	if (vmm_kvm_debugfs_parse_name(name, &vm.tid, &vm.fd))
		return 0;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		tmp = realloc(a->v, (size_t)a->cap * sizeof(*tmp));
		if (!tmp)
			return -ENOMEM;
		a->v = tmp;
	}
	a->v[a->n++] = vm;
	return 0;
}

int vmm_kvm_debugfs_vms(struct vmm_sys *s, struct vmm_kvm_dbgvm **out)
{
	struct vms_acc a = { 0 };
	int ret;

	*out = NULL;
	ret = vmm_sys_scan_dir(s, VMM_KVM_DEBUGFS, add_vm, &a);
	if (ret) {
		free(a.v);
		return ret == -ENOMEM ? vmm_sys_record(s, ENOMEM, "opendir", NULL,
						       VMM_KVM_DEBUGFS) : ret;
	}
	*out = a.v;
	return a.n;
}

static int count_vcpu(void *arg, const char *name, unsigned char type)
{
	int *n = arg;
	int32_t id;

	if ((type == DT_DIR || type == DT_UNKNOWN) && !strncmp(name, "vcpu", 4) &&
	    !dec32(name + 4, strlen(name + 4), 0, &id))
		(*n)++;
	return 0;
}

int vmm_kvm_debugfs_vcpus(struct vmm_sys *s, const char *name)
{
	char path[PATH_MAX];
	int n = 0, ret;

	snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s", name);
	ret = vmm_sys_scan_dir(s, path, count_vcpu, &n);
	return ret < 0 ? ret : n;
}

/*
 * Files in a VM directory that are not single numbers and may be costly to
 * read: tables and dumps (arm64's ID registers and RES0/RES1 masks, the vGIC
 * state; every vgic-its-state@BASE is left out by its name's '-' and '@').
 */
static const char *const not_stats[] = {
	"mmu_rmaps_stat", "stage2_page_tables", "ipa_range", "stage2_levels", "idregs", "resx",
	"vgic-state", NULL,
};

struct names_acc {
	char **v;
	int n, cap;
};

static int add_name(void *arg, const char *name, unsigned char type)
{
	struct names_acc *a = arg;
	char **tmp;

	if (type != DT_REG && type != DT_UNKNOWN)
		return 0;
	if (strlen(name) >= VMM_STAT_NAME_MAX || strspn(name, "abcdefghijklmnopqrstuvwxyz"
							"0123456789_") != strlen(name))
		return 0;
	for (int i = 0; not_stats[i]; i++)
		if (!strcmp(name, not_stats[i]))
			return 0;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		tmp = realloc(a->v, (size_t)a->cap * sizeof(*tmp));
		if (!tmp)
			return -ENOMEM;
		a->v = tmp;
	}
	a->v[a->n] = strdup(name);
	if (!a->v[a->n])
		return -ENOMEM;
	a->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One stat file into st; -errno, or -EINVAL when it is not a stat. */
static int read_stat(struct vmm_sys *s, const char *dir, const char *name, struct vmm_stat *st)
{
	char path[PATH_MAX], text[32];
	unsigned int mode;
	ssize_t n;
	int ret;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -EINVAL;
	ret = vmm_sys_stat_mode(s, path, &mode);
	if (ret)
		return ret;
	if (!S_ISREG(mode) || !(mode & S_IRUSR))
		return -EINVAL;
	n = vmm_sys_read_file(s, path, text, sizeof(text));
	if (n < 0)
		return (int)n;
	memset(st, 0, sizeof(*st));
	if (vmm_kvm_debugfs_parse_value(text, &st->value))
		return -EINVAL;
	snprintf(st->name, sizeof(st->name), "%s", name);
	/* KVM makes counters and peaks resettable (0644), current values 0444 */
	if (!(mode & S_IWUSR))
		st->type = VMM_KVM_STATS_INSTANT;
	else if (!strncmp(name, "max_", 4))
		st->type = VMM_KVM_STATS_PEAK;
	else
		st->type = VMM_KVM_STATS_CUMULATIVE;
	st->nvalues = 1;
	return 0;
}

int vmm_kvm_debugfs_stats(struct vmm_sys *s, const char *name, struct vmm_stats *out)
{
	struct names_acc a = { 0 };
	char dir[PATH_MAX];
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(dir, sizeof(dir), VMM_KVM_DEBUGFS "/%s", name);
	ret = vmm_sys_scan_dir(s, dir, add_name, &a);
	if (ret == -ENOMEM)
		ret = vmm_sys_record(s, ENOMEM, "opendir", NULL, dir);
	if (ret)
		goto out;
	if (a.n)
		qsort(a.v, (size_t)a.n, sizeof(*a.v), cmp_str);
	out->v = calloc(a.n ? (size_t)a.n : 1, sizeof(*out->v));
	if (!out->v) {
		ret = vmm_sys_record(s, ENOMEM, "read", NULL, dir);
		goto out;
	}
	for (int i = 0; i < a.n; i++) {
		ret = read_stat(s, dir, a.v[i], &out->v[out->n]);
		if (!ret) {
			out->n++;
		} else if (ret == -EPERM || ret == -EACCES) {
			if (!out->refused++)
				out->refused_err = -ret;
		}
	}
	/* a file that vanished with its VM is simply not there */
	ret = 0;
	vmm_sys_clear(s);
out:
	for (int i = 0; i < a.n; i++)
		free(a.v[i]);
	free(a.v);
	return ret;
}
