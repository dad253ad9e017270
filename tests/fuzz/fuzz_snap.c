// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for what a replay reads before it trusts a snapshot:
 * the first byte picks the manifest parser or the tarball reader, the rest
 * is the input. Promises of lib/snap.h: a manifest parses to the facts of
 * a known arch with at most VMM_SYS_SNAP_CAPS capabilities and
 * VMM_SYS_SNAP_DEVS devices under /dev, or says why; a tarball unpacks to
 * entries whose paths are relative without "." or ".." components, or
 * says why. Neither touches the file system.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_sys_snap sn;
	struct vmm_snap_info info;
	struct vmm_snap_tree t = { 0 };
	char why[256] = "";
	char *text;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		if (vmm_snap_tar_unpack(data + 1, size - 1, &t, why, sizeof(why)) == 0) {
			for (int i = 0; i < t.n; i++)
				check_path(t.e[i].path);
		} else {
			check(*why);
		}
		vmm_snap_tree_free(&t);
		return 0;
	}
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	memset(&info, 0, sizeof(info));
	if (vmm_snap_manifest_parse(text, &sn, &info, why, sizeof(why)) == 0) {
		check(!strcmp(sn.arch, "aarch64") || !strcmp(sn.arch, "x86_64"));
		check(sn.ncaps <= VMM_SYS_SNAP_CAPS && sn.ndevs <= VMM_SYS_SNAP_DEVS);
		for (int i = 0; i < sn.ndevs; i++)
			check(!strncmp(sn.devs[i], "/dev/", 5));
	} else {
		check(*why);
	}
	free(text);
	return 0;
}
