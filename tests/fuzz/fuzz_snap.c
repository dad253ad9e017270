// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for what a replay reads before it trusts a snapshot:
 * the first byte picks the manifest parser (0), the gzip'ed tarball reader
 * (1) or the bare archive reader (2), the rest is the input; an archive
 * that unpacks is then held against its own manifest, as a replay does.
 * Promises of lib/snap.h: a manifest parses to the facts of a known arch
 * with at most VMM_SYS_SNAP_CAPS capabilities and VMM_SYS_SNAP_DEVS devices
 * under /dev, or says why; an archive unpacks to entries whose paths are
 * relative without "." or ".." components, or says why; a tree that
 * verifies has its manifest, every file's SHA-256 as listed, and no link
 * that is absolute (outside /proc/PID/fd); a tree that unpacks packs again
 * (lib/snap_tar's writer) to an archive that unpacks to the same tree.
 * None touches the file system.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/crypto.h"
#include "lib/snap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_path(const char *p)
{
	check(*p && *p != '/' && !strstr(p, "//"));
	for (const char *c = p; *c; c += strcspn(c, "/"), c += *c == '/')
		check(strncmp(c, "../", 3) && strcmp(c, "..") && strncmp(c, "./", 2) && strcmp(c, "."));
}

static void check_manifest(const struct vmm_sys_snap *sn)
{
	check(!strcmp(sn->arch, "aarch64") || !strcmp(sn->arch, "x86_64"));
	check(sn->ncaps <= VMM_SYS_SNAP_CAPS && sn->ndevs <= VMM_SYS_SNAP_DEVS);
	for (int i = 0; i < sn->ndevs; i++)
		check(!strncmp(sn->devs[i], "/dev/", 5));
}

/* What a verified tree promises, read again here from the tree itself. */
static void check_verified(const struct vmm_snap_tree *t, const struct vmm_sys_snap *sn)
{
	check(vmm_snap_tree_find(t, VMM_SNAP_MANIFEST) != NULL);
	check_manifest(sn);
	for (int i = 0; i < t->n; i++) {
		const struct vmm_snap_ent *e = &t->e[i];

		if (e->type == VMM_SNAP_LINK)
			check(e->data[0] != '/' || !strncmp(e->path, "proc/", 5));
		if (e->type == VMM_SNAP_FILE && strcmp(e->path, VMM_SNAP_MANIFEST)) {
			char hex[65];

			check(!vmm_sha256_hex(e->data, e->len, hex));
			check(strstr(vmm_snap_tree_find(t, VMM_SNAP_MANIFEST)->data, hex) != NULL);
		}
	}
}

/* Packed and unpacked again: the same entries, in the same order. */
static void check_round_trip(const struct vmm_snap_tree *t)
{
	struct vmm_snap_tree u = { 0 };
	unsigned char *out = NULL;
	char why[256] = "";
	size_t len = 0;

	check(vmm_snap_tar_pack(t, 0, &out, &len) == 0);
	check(vmm_snap_tar_unpack(out, len, &u, why, sizeof(why)) == 0);
	check(u.n == t->n);
	for (int i = 0; i < t->n; i++) {
		const struct vmm_snap_ent *a = &t->e[i], *b = &u.e[i];

		check(!strcmp(a->path, b->path) && a->type == b->type);
		if (a->type != VMM_SNAP_DIR)
			check(a->len == b->len && !memcmp(a->data, b->data, a->len));
		if (a->type == VMM_SNAP_FILE)
			check(a->mode == b->mode);
	}
	vmm_snap_tree_free(&u);
	free(out);
}

static void archive(const uint8_t *data, size_t size, bool gz)
{
	struct vmm_snap_tree t = { 0 };
	struct vmm_sys_snap *sn = calloc(1, sizeof(*sn));
	struct vmm_snap_info info;
	char why[256] = "";
	int ret;

	if (!sn)
		return;
	ret = gz ? vmm_snap_tar_unpack(data, size, &t, why, sizeof(why)) :
		   vmm_snap_tar_read(data, size, &t, why, sizeof(why));
	if (ret == 0) {
		for (int i = 0; i < t.n; i++)
			check_path(t.e[i].path);
		check_round_trip(&t);
		memset(&info, 0, sizeof(info));
		if (vmm_snap_tree_verify(&t, sn, &info, why, sizeof(why)) == 0)
			check_verified(&t, sn);
		else
			check(*why);
	} else {
		check(*why);
	}
	vmm_snap_tree_free(&t);
	free(sn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_sys_snap *sn;
	struct vmm_snap_info info;
	char why[256] = "";
	char *text;

	if (size < 1)
		return 0;
	if (data[0] % 3) {
		archive(data + 1, size - 1, data[0] % 3 == 1);
		return 0;
	}
	text = malloc(size);
	sn = calloc(1, sizeof(*sn));
	if (!text || !sn)
		goto out;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	memset(&info, 0, sizeof(info));
	if (vmm_snap_manifest_parse(text, sn, &info, why, sizeof(why)) == 0)
		check_manifest(sn);
	else
		check(*why);
out:
	free(sn);
	free(text);
	return 0;
}
