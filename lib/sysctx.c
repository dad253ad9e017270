// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The bookkeeping half of lib/sys: root prefix and error context, no
 * syscalls. Shared by lib/sys.c and the unit tests' scripted mock.
 */
#include "sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vmm_sys_init(struct vmm_sys *s, const char *root)
{
	size_t n;

	memset(s, 0, sizeof(*s));
	if (!root || !*root)
		return 0;
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		return 0;
	if (n >= sizeof(s->root))
		return -ENAMETOOLONG;
	memcpy(s->root, root, n);
	s->root[n] = '\0';
	return 0;
}

void vmm_sys_clear(struct vmm_sys *s)
{
	memset(&s->last, 0, sizeof(s->last));
}

int vmm_sys_record(struct vmm_sys *s, int err, const char *op, const char *what,
		   const char *path)
{
	s->last.err = err;
	snprintf(s->last.op, sizeof(s->last.op), "%s", op);
	snprintf(s->last.what, sizeof(s->last.what), "%s", what ? what : "");
	snprintf(s->last.path, sizeof(s->last.path), "%s", path ? path : "");
	return -err;
}

int vmm_sys_fail(struct vmm_sys *s, int err, const char *op, const char *path)
{
	return vmm_sys_record(s, err, op, NULL, path);
}

int vmm_sys_path(const struct vmm_sys *s, const char *path, char *buf, size_t len)
{
	int n;

	if (path[0] == '/')
		n = snprintf(buf, len, "%s%s", s->root, path);
	else
		n = snprintf(buf, len, "%s", path);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

void vmm_sys_free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

const char *vmm_sys_arch(const struct vmm_sys *s)
{
	if (s->snap)
		return s->snap->arch;
#if defined(__aarch64__)
	return "aarch64";
#elif defined(__x86_64__)
	return "x86_64";
#else
	return "other";
#endif
}

bool vmm_sys_snap_dev(const struct vmm_sys *s, const char *path)
{
	for (int i = 0; s->snap && i < s->snap->ndevs; i++)
		if (!strcmp(s->snap->devs[i], path))
			return true;
	return false;
}
