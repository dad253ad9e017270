// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Snapshots: the manifest (a model of the file vmmctl-snapshot.json, built
 * here), writing a snapshot, and opening one for replay.
 *
 * A replay trusts nothing it did not check (lib/snap_check.c): the
 * manifest's version and fields, the SHA-256 of every file, that every entry
 * is listed and every listed entry is there, and that no link leads out of
 * the snapshot (the links of /proc/PID/fd/ are kept as text and never
 * followed).
 */
#include "snap.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crypto.h"
#include "host.h"

#define MANIFEST_MAX	(64u << 20)

/* ---- building the manifest ---------------------------------------------------- */

static json_object *str(const char *s)
{
	return json_object_new_string(s);
}

static void iso_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void first_line(char *s)
{
	s[strcspn(s, "\n")] = '\0';
}

static json_object *kvm_json(const struct vmm_sys_snap *sn)
{
	json_object *k, *caps;
	char key[16];

	if (sn->api_version < 0)
		return NULL;
	k = json_object_new_object();
	caps = json_object_new_object();
	json_object_object_add(k, "api_version", json_object_new_int(sn->api_version));
	for (int i = 0; i < sn->ncaps; i++) {
		snprintf(key, sizeof(key), "%u", sn->caps[i].cap);
		json_object_object_add(caps, key, json_object_new_int(sn->caps[i].val));
	}
	json_object_object_add(k, "caps", caps);
	if (sn->s2_probe != -ENODEV) {
		json_object *p = json_object_new_object();

		json_object_object_add(p, "errno", json_object_new_int(-sn->s2_probe));
		json_object_object_add(p, "present", json_object_new_boolean(sn->s2_present));
		json_object_object_add(k, "stage2_probe", p);
	}
	return k;
}

static json_object *files_json(const struct vmm_snap_tree *t)
{
	json_object *arr = json_object_new_array();
	char hex[65];

	for (int i = 0; i < t->n; i++) {
		const struct vmm_snap_ent *e = &t->e[i];
		json_object *f = json_object_new_object();

		json_object_object_add(f, "path", str(e->path));
		json_object_object_add(f, "type", str(vmm_snap_type_name(e->type)));
		if (e->type == VMM_SNAP_FILE) {
			/* cannot fail: vmm_snap_take loaded libcrypto */
			vmm_sha256_hex(e->data, e->len, hex);
			json_object_object_add(f, "size", json_object_new_int64((int64_t)e->len));
			json_object_object_add(f, "sha256", str(hex));
			snprintf(hex, sizeof(hex), "0%03o", e->mode & 0777);
			json_object_object_add(f, "mode", str(hex));
		} else if (e->type == VMM_SNAP_LINK) {
			json_object_object_add(f, "target", str(e->data));
		}
		json_object_array_add(arr, f);
	}
	return arr;
}

int vmm_snap_take(struct vmm_sys *s, const struct vmm_snap_opts *o, const char *version,
		  struct vmm_snap_tree *t, void **manifest)
{
	struct vmm_sys_snap sn;
	json_object *m, *devs, *opt, *vms, *ref;
	char when[32], host[128] = "", rel[128] = "", hw[24];
	uint64_t hwcap2 = 0;
	int ret;

	*manifest = NULL;
	if (vmm_crypto_load())
		return vmm_sys_fail(s, ELIBACC, "dlopen", vmm_crypto_why());
	ret = vmm_snap_take_tree(s, o, t, &sn);
	if (ret)
		return ret;
	iso_time(vmm_sys_wall_s(), when, sizeof(when));
	if (vmm_sys_read_file(s, "/proc/sys/kernel/hostname", host, sizeof(host)) < 0)
		vmm_sys_clear(s);
	if (vmm_sys_read_file(s, "/proc/sys/kernel/osrelease", rel, sizeof(rel)) < 0)
		vmm_sys_clear(s);
	first_line(host);
	first_line(rel);
	if (vmm_host_hwcap2(s, &hwcap2))
		vmm_sys_clear(s);
	snprintf(hw, sizeof(hw), "0x%llx", (unsigned long long)hwcap2);
	m = json_object_new_object();
	json_object_object_add(m, "format", json_object_new_int(VMM_SNAP_FORMAT));
	json_object_object_add(m, "vmmctl_version", str(version));
	json_object_object_add(m, "time", str(when));
	json_object_object_add(m, "host", str(host));
	json_object_object_add(m, "arch", str(sn.arch));
	json_object_object_add(m, "release", str(rel));
	json_object_object_add(m, "hwcap2", str(hw));	/* also proc/self/auxv's one entry */
	json_object_object_add(m, "kvm", kvm_json(&sn));
	devs = json_object_new_array();
	for (int i = 0; i < sn.ndevs; i++)
		json_object_array_add(devs, str(sn.devs[i]));
	json_object_object_add(m, "devices", devs);
	opt = json_object_new_object();
	vms = o->vms ? json_object_new_array() : NULL;
	for (int i = 0; o->vms && i < o->nvms; i++)
		json_object_array_add(vms, str(o->vms[i]));
	json_object_object_add(opt, "vms", vms);
	json_object_object_add(opt, "pci", json_object_new_boolean(!o->no_pci));
	json_object_object_add(opt, "stage2", json_object_new_boolean(!o->no_stage2));
	json_object_object_add(m, "options", opt);
	json_object_object_add(m, "files", files_json(t));
	ref = json_object_new_array();
	for (int i = 0; i < t->nr; i++) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "path", str(t->r[i].path));
		json_object_object_add(r, "reason", str(t->r[i].reason));
		json_object_array_add(ref, r);
	}
	json_object_object_add(m, "refused", ref);
	*manifest = m;
	return 0;
}

/* ---- writing ---------------------------------------------------------------------- */

static int write_tree(struct vmm_sys *s, const struct vmm_snap_tree *t, const char *dir,
		      bool sync)
{
	char path[PATH_MAX];
	int ret = 0;

	for (int i = 0; i < t->n && !ret; i++) {
		const struct vmm_snap_ent *e = &t->e[i];

		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->path) >= sizeof(path))
			return vmm_sys_fail(s, ENAMETOOLONG, "open", e->path);
		if (e->type == VMM_SNAP_DIR)
			ret = vmm_sys_mkdir_user(s, path, false);
		else if (e->type == VMM_SNAP_LINK)
			ret = vmm_sys_symlink_user(s, e->data, path);
		else
			ret = vmm_sys_write_user(s, path, e->data, e->len, e->mode, sync);
	}
	return ret;
}

static int add_manifest(struct vmm_snap_tree *t, json_object *m)
{
	const char *text = json_object_to_json_string_ext(m, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE);
	char *nl;
	int ret;

	if (asprintf(&nl, "%s\n", text) < 0)
		return -ENOMEM;
	ret = vmm_snap_tree_add(t, VMM_SNAP_MANIFEST, VMM_SNAP_FILE, nl, strlen(nl));
	free(nl);
	return ret;
}

int vmm_snap_write(struct vmm_sys *s, struct vmm_snap_tree *t, void *manifest, const char *out,
		   bool tarball, uint64_t *size)
{
	struct vmm_sys_atomic a;
	char tmp[PATH_MAX];
	unsigned char *gz = NULL;
	size_t len;
	int ret;

	ret = add_manifest(t, manifest);
	if (ret)
		return vmm_sys_fail(s, -ret, "write", out);
	*size = t->bytes;
	if (!tarball) {
		/* a sibling made whole and renamed into place: the target is all or nothing */
		if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-%d", out, (int)getpid()) >=
		    sizeof(tmp))
			return vmm_sys_fail(s, ENAMETOOLONG, "mkdir", out);
		ret = vmm_sys_mkdir_user(s, tmp, false);
		if (!ret)
			ret = write_tree(s, t, tmp, true);
		if (!ret)
			ret = vmm_sys_rename_user(s, tmp, out);
		if (ret)
			vmm_sys_remove_tree(tmp);
		return ret;
	}
	ret = vmm_snap_tar_pack(t, vmm_sys_wall_s(), &gz, &len);
	if (ret)
		return vmm_sys_fail(s, -ret, "write", out);
	*size = len;
	ret = vmm_sys_atomic_open(s, out, &a);
	if (!ret)
		ret = vmm_sys_atomic_write(s, &a, gz, len);
	if (!ret)
		ret = vmm_sys_atomic_commit(s, &a);
	else
		vmm_sys_atomic_abort(&a);
	free(gz);
	return ret;
}

/* ---- opening for replay ---------------------------------------------------------------- */

struct load {
	struct vmm_sys *s;
	struct vmm_snap_tree *t;
	char dir[PATH_MAX];
	int ret;
};

static int load_one(void *arg, const char *name, unsigned char type)
{
	struct load *l = arg, sub;
	char path[PATH_MAX], *buf = NULL, target[PATH_MAX];
	const char *r;
	ssize_t n;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", l->dir, name) >= sizeof(path))
		return l->ret = -ENAMETOOLONG;
	r = path + 1;
	if (type == DT_DIR) {
		sub = *l;
		snprintf(sub.dir, sizeof(sub.dir), "%s", path);
		l->ret = vmm_snap_tree_add(l->t, r, VMM_SNAP_DIR, "", 0);
		if (!l->ret)
			l->ret = vmm_sys_scan_dir(l->s, path, load_one, &sub);
		if (!l->ret)
			l->ret = sub.ret;
	} else if (type == DT_LNK) {
		n = vmm_sys_readlink(l->s, path, target, sizeof(target));
		l->ret = n < 0 ? (int)n : vmm_snap_tree_add(l->t, r, VMM_SNAP_LINK, target,
							     (size_t)n);
	} else if (type == DT_REG) {
		unsigned int mode = 0644;

		n = vmm_sys_read_all(l->s, path, VMM_SNAP_FILE_MAX, &buf);
		l->ret = n < 0 ? (int)n : vmm_sys_stat_mode(l->s, path, &mode);
		if (!l->ret)
			l->ret = vmm_snap_tree_add(l->t, r, VMM_SNAP_FILE, buf, (size_t)n);
		if (!l->ret)
			l->t->e[l->t->n - 1].mode = mode & 0777;
		free(buf);
	} else {
		l->ret = -EINVAL;	/* a device, fifo or socket was never written by vmmctl */
	}
	return l->ret;
}

/* A snapshot directory, read as a tree through a root prefix on it. */
static int load_dir(const char *dir, struct vmm_snap_tree *t, char *why, size_t whylen)
{
	struct vmm_sys ds;
	struct load l = { .s = &ds, .t = t, .dir = "" };
	int ret;

	if (vmm_sys_init(&ds, dir))
		return -ENAMETOOLONG;
	ret = vmm_sys_scan_dir(&ds, "/", load_one, &l);
	if (!ret)
		ret = l.ret;
	if (ret)
		snprintf(why, whylen, "reading %s%s: %s", dir, ds.last.path,
			 ret == -EINVAL ? "an entry that is not a file, link or directory" :
			 strerror(-ret));
	return ret ? -EINVAL : 0;
}

int vmm_snap_open(struct vmm_sys *s, const char *path, struct vmm_snap_info *info, char *why,
		  size_t whylen)
{
	struct vmm_snap_tree t = { 0 };
	struct vmm_sys_snap *sn = NULL;
	char mpath[PATH_MAX], *buf = NULL;
	unsigned int mode;
	bool dir;
	ssize_t n;
	int ret;

	memset(info, 0, sizeof(*info));
	*why = '\0';
	snprintf(info->path, sizeof(info->path), "%s", path);
	if (vmm_sys_stat_user(s, path, &mode, NULL)) {
		snprintf(why, whylen, "%s", strerror(s->last.err));
		vmm_sys_clear(s);
		return -EINVAL;
	}
	vmm_sys_clear(s);
	dir = S_ISDIR(mode);
	if (!dir && !S_ISREG(mode)) {
		snprintf(why, whylen, "neither a directory nor a snapshot tarball");
		return -EINVAL;
	}
	if (dir) {
		snprintf(mpath, sizeof(mpath), "%s/" VMM_SNAP_MANIFEST, path);
		if (vmm_sys_stat_user(s, mpath, &mode, NULL)) {
			vmm_sys_clear(s);
			return 0;	/* a plain root prefix */
		}
		ret = load_dir(path, &t, why, whylen);
	} else {
		n = vmm_sys_read_user(s, path, VMM_SNAP_TOTAL_MAX, &buf);
		if (n < 0) {
			snprintf(why, whylen, "%s", strerror((int)-n));
			vmm_sys_clear(s);
			return -EINVAL;
		}
		ret = vmm_snap_tar_unpack(buf, (size_t)n, &t, why, whylen);
		free(buf);
		if (ret == -EINVAL && !strncmp(why, "not a gzip", 10))
			snprintf(why, whylen, "neither a directory nor a snapshot tarball (no gzip "
				 "magic)");
	}
	if (ret)
		goto out;
	sn = calloc(1, sizeof(*sn));
	if (!sn) {
		ret = -ENOMEM;
		goto out;
	}
	ret = vmm_snap_tree_verify(&t, sn, info, why, whylen);
	if (ret)
		goto out;
	if (dir) {
		ret = vmm_sys_init(s, path);
	} else {
		/* a private directory: the tree checked in memory, then written */
		ret = vmm_sys_mkdtemp_user(s, "vmmctl-snapshot", info->unpacked,
					   sizeof(info->unpacked));
		if (!ret && (ret = write_tree(s, &t, info->unpacked, false)))
			vmm_sys_remove_tree(info->unpacked);
		if (!ret)
			ret = vmm_sys_init(s, info->unpacked);
		if (ret) {
			snprintf(why, whylen, "unpacking to %s: %s", info->unpacked,
				 strerror(-ret));
			*info->unpacked = '\0';
			ret = -EINVAL;
		}
	}
	if (!ret) {
		s->snap = sn;
		sn = NULL;
	}
out:
	if (ret && !*why)
		snprintf(why, whylen, "%s", strerror(-ret));
	free(sn);
	vmm_snap_tree_free(&t);
	return ret ? -EINVAL : 1;
}

void vmm_snap_close(struct vmm_sys *s, struct vmm_snap_info *info)
{
	free(s->snap);
	s->snap = NULL;
	if (*info->unpacked)
		vmm_sys_remove_tree(info->unpacked);
	*info->unpacked = '\0';
}
