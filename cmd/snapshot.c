// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * snapshot: the files vmmctl's read-only commands read from this host, with
 * a manifest of what is not a file, as a directory or a tarball. `--root`
 * on it replays those commands anywhere (lib/snap.h).
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd.h"
#include "lib/snap.h"

static bool tarball_name(const char *p)
{
	size_t n = strlen(p);

	return (n > 7 && !strcmp(p + n - 7, ".tar.gz")) || (n > 4 && !strcmp(p + n - 4, ".tgz"));
}

/* --vm PID-FD[,PID-FD...]: the debugfs ids, each checked */
static int parse_vms(struct vmm_call *c, const char *list, char ***vms, int *n)
{
	char *copy = strdup(list), *tok, *save = NULL, **v;
	int pid, fd, len, cnt = 0;

	v = calloc(strlen(list) / 2 + 2, sizeof(*v));
	if (!copy || !v) {
		free(copy);
		free(v);
		return vmm_err(c, VMM_OK, ENOMEM, "out of memory");
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (sscanf(tok, "%d-%d%n", &pid, &fd, &len) != 2 || tok[len] || pid <= 0 ||
		    fd < 0) {
			vmm_hint(c, "'vmmctl vm list' shows the ids");
			vmm_err(c, VMM_E_USAGE, EINVAL, "bad VM '%s' in --vm: expected PID-FD "
				"(a VM's debugfs id), several separated by commas", tok);
			goto fail;
		}
		v[cnt] = strdup(tok);
		if (!v[cnt++]) {
			vmm_err(c, VMM_OK, ENOMEM, "out of memory");
			goto fail;
		}
	}
	if (!cnt) {
		vmm_err(c, VMM_E_USAGE, EINVAL, "--vm '%s' names no VM: expected PID-FD[,...]", list);
		goto fail;
	}
	free(copy);
	*vms = v;
	*n = cnt;
	return 0;
fail:
	while (cnt)
		free(v[--cnt]);
	free(v);
	free(copy);
	return -EINVAL;
}

static int snapshot(struct vmm_call *c)
{
	const struct vmm_val *dir = vmm_arg(c, "DIR", NULL), *file = vmm_opt(c, "output");
	const struct vmm_val *vm = vmm_opt(c, "vm");
	struct vmm_snap_opts o = { .no_pci = vmm_opt(c, "no-pci") != NULL,
				   .no_stage2 = vmm_opt(c, "no-stage2") != NULL };
	struct vmm_snap_tree t = { 0 };
	const char *out;
	char **vms = NULL;
	void *manifest = NULL;
	uint64_t size = 0;
	bool tar;
	int ret, files = 0;

	if (!!dir == !!file) {
		vmm_hint(c, "vmmctl snapshot DIR, or vmmctl snapshot -o FILE.tar.gz");
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s", dir ? "give DIR or -o FILE, not both" :
			       "say where the snapshot goes: DIR or -o FILE.tar.gz");
	}
	out = dir ? dir->raw : file->raw;
	tar = file || tarball_name(out);
	if (vm && (ret = parse_vms(c, vm->raw, &vms, &o.nvms)))
		return ret;
	o.vms = (const char *const *)vms;
	if (c->opts.dry_run) {
		json_object *op = json_object_new_object();

		json_object_object_add(op, "op", vmm_jstr("snapshot"));
		json_object_object_add(op, "path", vmm_jstr(out));
		json_object_object_add(op, "format", vmm_jstr(tar ? "tar.gz" : "directory"));
		vmm_dry_op(c, op);
		ret = 0;
		goto out;
	}
	ret = vmm_snap_take(c->sys, &o, VMM_VERSION, &t, &manifest);
	if (ret) {
		vmm_err_sys(c, ret, "taking the snapshot");
		goto out;
	}
	ret = vmm_snap_write(c->sys, &t, manifest, out, tar, &size);
	if (ret) {
		if (ret == -EEXIST || ret == -ENOTEMPTY)
			vmm_hint(c, "a snapshot never replaces one: remove %s or name another", out);
		vmm_err_sys(c, ret, "writing the snapshot %s", out);
		goto out;
	}
	for (int i = 0; i < t.n; i++)	/* the manifest is one of them */
		files += t.e[i].type != VMM_SNAP_DIR;
	c->result = json_object_new_object();
	json_object_object_add(c->result, "path", vmm_jstr(out));
	json_object_object_add(c->result, "format", vmm_jstr(tar ? "tar.gz" : "directory"));
	json_object_object_add(c->result, "files", json_object_new_int(files));
	json_object_object_add(c->result, "bytes", json_object_new_int64((int64_t)t.bytes));
	json_object_object_add(c->result, "size", json_object_new_int64((int64_t)size));
	/* the manifest's own list: what could not be read, and why */
	json_object_object_add(c->result, "refused",
			       json_object_get(json_object_object_get(manifest, "refused")));
out:
	json_object_put(manifest);
	vmm_snap_tree_free(&t);
	for (int i = 0; i < o.nvms; i++)
		free(vms[i]);
	free(vms);
	return ret;
}

static void snapshot_text(json_object *res, FILE *f)
{
	uint64_t files = 0, bytes = 0, size = 0;
	json_object *ref = NULL;

	vmm_jget_u64(res, "files", &files);
	vmm_jget_u64(res, "bytes", &bytes);
	vmm_jget_u64(res, "size", &size);
	fprintf(f, "%s: %s, %llu files, %llu bytes of files, %llu bytes written\n",
		vmm_jget_str(res, "path", ""), vmm_jget_str(res, "format", ""),
		(unsigned long long)files, (unsigned long long)bytes, (unsigned long long)size);
	json_object_object_get_ex(res, "refused", &ref);
	for (size_t i = 0; ref && i < json_object_array_length(ref); i++) {
		json_object *r = json_object_array_get_idx(ref, i);

		fprintf(f, "  left out %s: %s\n", vmm_jget_str(r, "path", ""),
			vmm_jget_str(r, "reason", ""));
	}
}

static const struct vmm_arg snapshot_args[] = {
	{ "DIR", VMM_T_PATH, "a new directory (or FILE.tar.gz, as with -o)", NULL, &vmm_comp_file,
	  VMM_ARG_OPTIONAL },
	{ 0 }
};

static const struct vmm_opt snapshot_opts[] = {
	{ "output", 'o', VMM_T_PATH, "FILE", "a gzip'ed tarball, written atomically" },
	{ "vm", 0, VMM_T_STR, "PID-FD[,...]", "only these VMs (their debugfs and processes)", NULL,
	  &vmm_comp_vm },
	{ "no-pci", 0, VMM_T_FLAG, NULL, "leave out the PCI functions' sysfs" },
	{ "no-stage2", 0, VMM_T_FLAG, NULL, "leave out the stage-2 dumps (stage2_page_tables, "
	  "nested/)" },
	{ 0 }
};

static const struct vmm_command snapshot_cmds[] = {
	{ "", NULL, "copy what the read-only commands read, for `vmmctl --root` anywhere",
	  snapshot_args, snapshot_opts, snapshot, snapshot_text, VMM_CMD_MUTATING },
	{ 0 }
};

const struct vmm_object vmm_obj_snapshot = {
	"snapshot", NULL, "capture this host for replay elsewhere (bug reports, offline "
	"analysis)", snapshot_cmds, 0,
};
