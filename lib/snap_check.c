// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A snapshot's checks, in memory and without the file system: the manifest
 * (vmmctl-snapshot.json) read back, and a tree held against it. The parsers
 * a replay runs before it trusts anything (tests/fuzz/fuzz_snap.c drives
 * them); lib/snap.c reads and writes the files around them.
 */
#include "snap.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

static const char *const type_names[] = { "file", "link", "dir" };

const char *vmm_snap_type_name(enum vmm_snap_type type)
{
	return type_names[type];
}

/* ---- the manifest, read back -------------------------------------------------------- */

static const char *get_str(json_object *o, const char *key, size_t max)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string) ||
	    (size_t)json_object_get_string_len(v) >= max)
		return NULL;
	return json_object_get_string(v);
}

#define BAD(...) do { snprintf(why, whylen, __VA_ARGS__); ret = -EINVAL; goto out; } while (0)

static int parse_kvm(json_object *k, struct vmm_sys_snap *sn, char *why, size_t whylen)
{
	json_object *v, *caps, *probe;
	int ret = 0;

	sn->api_version = -1;
	sn->s2_probe = -ENODEV;
	if (!k)
		return 0;
	if (!json_object_is_type(k, json_type_object) ||
	    !json_object_object_get_ex(k, "api_version", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    !json_object_object_get_ex(k, "caps", &caps) ||
	    !json_object_is_type(caps, json_type_object))
		BAD("\"kvm\" needs \"api_version\" (an integer) and \"caps\" (an object)");
	sn->api_version = json_object_get_int(v);
	json_object_object_foreach(caps, key, val) {
		char *end;
		unsigned long cap = strtoul(key, &end, 10);

		if (*end || !*key || cap > 0xffff || !json_object_is_type(val, json_type_int))
			BAD("\"kvm\".\"caps\": '%.32s' is not a capability number with an "
			    "integer answer", key);
		if (sn->ncaps == VMM_SYS_SNAP_CAPS)
			BAD("\"kvm\".\"caps\": more than %d capabilities", VMM_SYS_SNAP_CAPS);
		sn->caps[sn->ncaps].cap = (uint32_t)cap;
		sn->caps[sn->ncaps++].val = json_object_get_int(val);
	}
	if (json_object_object_get_ex(k, "stage2_probe", &probe)) {
		json_object *e, *p;

		if (!json_object_object_get_ex(probe, "errno", &e) ||
		    !json_object_is_type(e, json_type_int) ||
		    !json_object_object_get_ex(probe, "present", &p) ||
		    !json_object_is_type(p, json_type_boolean) || json_object_get_int(e) < 0 ||
		    json_object_get_int(e) > 4095)
			BAD("\"kvm\".\"stage2_probe\" needs \"errno\" and \"present\"");
		sn->s2_probe = -json_object_get_int(e);
		sn->s2_present = json_object_get_boolean(p);
	}
out:
	return ret;
}

/* The manifest's fields, as vmm_snap_manifest_parse promises; m is kept. */
static int manifest_check(json_object *m, struct vmm_sys_snap *sn, struct vmm_snap_info *info,
			  char *why, size_t whylen)
{
	json_object *v, *devs, *files;
	const char *f;
	int ret = 0;

	memset(sn, 0, sizeof(*sn));
	sn->kvm_fd = -1;
	if (!m || !json_object_is_type(m, json_type_object))
		BAD("%s is not a JSON object", VMM_SNAP_MANIFEST);
	if (!json_object_object_get_ex(m, "format", &v) || !json_object_is_type(v, json_type_int))
		BAD("%s has no \"format\"", VMM_SNAP_MANIFEST);
	if (json_object_get_int(v) != VMM_SNAP_FORMAT)
		BAD("%s is format %d; this vmmctl reads format %d", VMM_SNAP_MANIFEST,
		    json_object_get_int(v), VMM_SNAP_FORMAT);
	if (!(f = get_str(m, "arch", sizeof(sn->arch))) ||
	    (strcmp(f, "aarch64") && strcmp(f, "x86_64")))
		BAD("\"arch\" must be \"aarch64\" or \"x86_64\"");
	snprintf(sn->arch, sizeof(sn->arch), "%s", f);
	snprintf(info->arch, sizeof(info->arch), "%s", f);
	if (!(f = get_str(m, "host", sizeof(info->host))))
		BAD("\"host\" must be a string of less than %zu bytes", sizeof(info->host));
	snprintf(info->host, sizeof(info->host), "%s", f);
	if (!(f = get_str(m, "time", sizeof(info->time))))
		BAD("\"time\" must be a string");
	snprintf(info->time, sizeof(info->time), "%s", f);
	if (!(f = get_str(m, "release", sizeof(info->release))))
		BAD("\"release\" must be a string");
	snprintf(info->release, sizeof(info->release), "%s", f);
	if (!json_object_object_get_ex(m, "kvm", &v))
		BAD("no \"kvm\" (null when the host had none)");
	ret = parse_kvm(v, sn, why, whylen);
	if (ret)
		goto out;
	if (!json_object_object_get_ex(m, "devices", &devs) ||
	    !json_object_is_type(devs, json_type_array))
		BAD("\"devices\" must be an array");
	for (size_t i = 0; i < json_object_array_length(devs); i++) {
		v = json_object_array_get_idx(devs, i);
		f = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
		if (!f || strncmp(f, "/dev/", 5) || strlen(f) >= sizeof(sn->devs[0]) ||
		    strstr(f, "/.."))
			BAD("\"devices\"[%zu] is not a path under /dev", i);
		if (sn->ndevs == VMM_SYS_SNAP_DEVS)
			BAD("\"devices\": more than %d", VMM_SYS_SNAP_DEVS);
		snprintf(sn->devs[sn->ndevs++], sizeof(sn->devs[0]), "%s", f);
	}
	if (!json_object_object_get_ex(m, "files", &files) ||
	    !json_object_is_type(files, json_type_array))
		BAD("\"files\" must be an array");
out:
	return ret;
}

int vmm_snap_manifest_parse(const char *text, struct vmm_sys_snap *sn,
			    struct vmm_snap_info *info, char *why, size_t whylen)
{
	json_object *m = json_tokener_parse(text);
	int ret = manifest_check(m, sn, info, why, whylen);

	json_object_put(m);
	return ret;
}

/* ---- checking a tree against its manifest --------------------------------------------- */

/* Whether a link at path with a relative target stays inside the tree. */
static bool link_inside(const char *path, const char *target)
{
	int depth = 0;

	if (target[0] == '/')
		return false;
	for (const char *c = path; *c; c++)
		depth += *c == '/';
	for (const char *c = target; *c;) {
		size_t n = strcspn(c, "/");

		if (n == 2 && c[0] == '.' && c[1] == '.')
			depth--;
		else if (n && !(n == 1 && c[0] == '.'))
			depth++;
		if (depth < 0)
			return false;
		c += n;
		c += *c == '/';
	}
	return true;
}

/* /proc/PID/fd/N: a link whose text is the fact (anon_inode:kvm-vm, /dev/kvm) */
static bool fd_link(const char *path)
{
	const char *c = path;

	if (strncmp(c, "proc/", 5))
		return false;
	c += 5;
	c += strspn(c, "0123456789");
	if (c == path + 5 || strncmp(c, "/fd/", 4))
		return false;
	c += 4;
	return *c && strspn(c, "0123456789") == strlen(c);
}

/* The tree against the manifest's "files" (manifest_check found it an array). */
static int check_tree(const struct vmm_snap_tree *t, json_object *m, char *why, size_t whylen)
{
	json_object *files = json_object_object_get(m, "files"), *f, *v;
	const struct vmm_snap_ent *e;
	bool *seen = calloc((size_t)t->n + 1, sizeof(*seen));
	char hex[65];
	size_t n;
	int ret = 0;

	if (!seen) {
		ret = -ENOMEM;
		goto out;
	}
	n = json_object_array_length(files);
	for (size_t i = 0; i < n; i++) {
		const char *path, *type;

		f = json_object_array_get_idx(files, i);
		path = get_str(f, "path", PATH_MAX);
		type = get_str(f, "type", 8);
		if (!path || !type)
			BAD("\"files\"[%zu] needs \"path\" and \"type\"", i);
		e = vmm_snap_tree_find(t, path);
		if (!e || strcmp(type_names[e->type], type))
			BAD("'%s' is listed in the manifest as a %s but %s", path, type,
			    e ? "is not one" : "is missing");
		if (seen[e - t->e])
			BAD("'%s' is listed in the manifest twice", path);
		seen[e - t->e] = true;
		if (e->type == VMM_SNAP_FILE) {
			const char *want = get_str(f, "sha256", 65), *mode = get_str(f, "mode", 8);

			if (vmm_sha256_hex(e->data, e->len, hex))
				BAD("'%s': no SHA-256 without libcrypto (%s)", path, vmm_crypto_why());
			if (!want || strcmp(want, hex))
				BAD("'%s': its SHA-256 does not match the manifest's", path);
			snprintf(hex, sizeof(hex), "0%03o", e->mode & 0777);
			if (!mode || strcmp(mode, hex))
				BAD("'%s': its mode %s is not the manifest's %s", path, hex,
				    mode ? mode : "(none)");
		} else if (e->type == VMM_SNAP_LINK) {
			if (!json_object_object_get_ex(f, "target", &v) ||
			    strcmp(json_object_get_string(v), e->data))
				BAD("link '%s': its target does not match the manifest's", path);
			if (!fd_link(path) && !link_inside(path, e->data))
				BAD("link '%s' points outside the snapshot (%s)", path, e->data);
		}
	}
	/* the manifest itself is the one entry it does not list */
	for (int i = 0; i < t->n; i++)
		if (!seen[i] && strcmp(t->e[i].path, VMM_SNAP_MANIFEST))
			BAD("'%s' is not in the manifest", t->e[i].path);
out:
	free(seen);
	return ret;
}

int vmm_snap_tree_verify(const struct vmm_snap_tree *t, struct vmm_sys_snap *sn,
			 struct vmm_snap_info *info, char *why, size_t whylen)
{
	const struct vmm_snap_ent *man = vmm_snap_tree_find(t, VMM_SNAP_MANIFEST);
	json_object *m;
	int ret;

	if (!man || man->type != VMM_SNAP_FILE) {
		snprintf(why, whylen, "no %s at its top", VMM_SNAP_MANIFEST);
		return -EINVAL;
	}
	m = json_tokener_parse(man->data);
	ret = manifest_check(m, sn, info, why, whylen);
	if (!ret)
		ret = check_tree(t, m, why, whylen);
	json_object_put(m);
	return ret;
}
