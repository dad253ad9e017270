// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mr: the TSM measurement registers every provider exposes
 * (/sys/class/misc/NAME/measurements/, drivers/virt/coco/guest/tsm-mr.c):
 * list, read, and extend, computing the new value itself and checking
 * that the register reads it back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "lib/attest.h"
#include "lib/tsm_report.h"

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static int list_all(struct vmm_call *c, struct vmm_tsm_mr *mrs, int *n)
{
	int ret = vmm_tsm_mr_list(c->sys, mrs, VMM_TSM_MR_MAX, n);

	if (ret && ret != -ENOENT)
		return vmm_err_sys(c, ret, "cannot list the measurement registers");
	if (ret)
		*n = 0;
	return 0;
}

/* NAME, NAME:HASH or PROVIDER/NAME[:HASH]: the one register it names. */
static int find(struct vmm_call *c, const char *want, struct vmm_tsm_mr *mrs, int n, int *idx)
{
	const char *slash = strchr(want, '/'), *name = slash ? slash + 1 : want;
	int hits = 0, ret;

	*idx = -1;
	for (int i = 0; i < n; i++) {
		if (slash && (strncmp(mrs[i].provider, want, (size_t)(slash - want)) ||
			      mrs[i].provider[slash - want]))
			continue;
		if (strcmp(mrs[i].file, name) && strcmp(mrs[i].name, name))
			continue;
		if (!strcmp(mrs[i].file, name)) {	/* an exact file name wins */
			*idx = i;
			return 0;
		}
		*idx = i;
		hits++;
	}
	if (hits == 1)
		return 0;
	if (!hits) {
		ret = vmm_err(c, VMM_E_NOTFOUND, ENOENT, "no measurement register '%s'%s", want,
			      n ? "" : " (no provider exposes any)");
		vmm_hint(c, "'vmmctl mr list' names them");
		return ret;
	}
	ret = vmm_err(c, VMM_E_USAGE, EINVAL, "'%s' names %d registers", want, hits);
	vmm_hint(c, "give NAME:HASH (as 'vmmctl mr list' shows), e.g. %s", mrs[*idx].file);
	return ret;
}

/* The registers, and in *i the one the NAME argument names; free *mrs after. */
static int pick(struct vmm_call *c, struct vmm_tsm_mr **mrs, int *i)
{
	int n, ret;

	*mrs = calloc(VMM_TSM_MR_MAX, sizeof(**mrs));
	if (!*mrs)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	ret = list_all(c, *mrs, &n);
	return ret ? ret : find(c, vmm_arg(c, "NAME", NULL)->raw, *mrs, n, i);
}

static json_object *mr_json(struct vmm_call *c, const struct vmm_tsm_mr *m, bool value)
{
	json_object *o = json_object_new_object();
	uint8_t v[64];
	size_t len = sizeof(v);
	char path[PATH_MAX];

	vmm_tsm_mr_path(m, path, sizeof(path));
	add(o, "provider", vmm_jstr(m->provider));
	add(o, "name", vmm_jstr(m->name));
	add(o, "file", vmm_jstr(m->file));
	add(o, "hash", *m->hash ? vmm_jstr(m->hash) : NULL);
	add(o, "size", vmm_ju64(m->size));
	add(o, "readable", vmm_jbool(m->readable));
	add(o, "writable", vmm_jbool(m->writable));
	add(o, "path", vmm_jstr(path));
	if (value && m->readable && !vmm_tsm_mr_read(c->sys, m, v, &len))
		add(o, "value", vmm_att_hex(v, len));
	else if (value)
		vmm_sys_clear(c->sys);
	return o;
}

static int mr_list(struct vmm_call *c)
{
	struct vmm_tsm_mr *mrs = calloc(VMM_TSM_MR_MAX, sizeof(*mrs));
	json_object *arr;
	int n, ret;

	if (!mrs)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	ret = list_all(c, mrs, &n);
	if (!ret) {
		c->result = json_object_new_object();
		arr = json_object_new_array();
		for (int i = 0; i < n; i++)
			json_object_array_add(arr, mr_json(c, &mrs[i], true));
		add(c->result, "registers", arr);
	}
	free(mrs);
	return ret;
}

static int mr_read(struct vmm_call *c)
{
	struct vmm_tsm_mr *mrs;
	uint8_t v[64];
	size_t len = sizeof(v);
	int i, ret = pick(c, &mrs, &i);

	if (ret)
		goto out;
	ret = vmm_tsm_mr_read(c->sys, &mrs[i], v, &len);
	if (ret) {
		ret = vmm_err_sys(c, ret, "cannot read %s/%s", mrs[i].provider, mrs[i].file);
		goto out;
	}
	c->result = mr_json(c, &mrs[i], false);
	add(c->result, "value", vmm_att_hex(v, len));
out:
	free(mrs);
	return ret;
}

static int parse_data(struct vmm_call *c, const struct vmm_tsm_mr *m, uint8_t *data)
{
	const struct vmm_val *hex = vmm_arg(c, "HEX", NULL), *file = vmm_opt(c, "file");
	char *buf;
	ssize_t n;
	size_t k = 0;

	if (!!hex == !!file)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "give the data as HEX or --file FILE, "
			       "not %s", hex ? "both" : "neither");
	if (file) {
		n = vmm_sys_read_user(c->sys, file->raw, 65, &buf);
		if (n < 0)
			return vmm_err_sys(c, (int)n, "cannot read '%s'", file->raw);
		k = (size_t)n;
		if (k == m->size)
			memcpy(data, buf, k);
		free(buf);
	} else {
		ssize_t got = vmm_att_unhex(hex->raw, data, 64);

		if (got < 0)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "'%s': expected %zu bytes as hex "
				       "digits", hex->raw, m->size);
		k = (size_t)got;
	}
	if (k != m->size)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "%s takes %zu bytes (its %s digest), "
			       "not %zu: the kernel refuses a short or long write", m->file,
			       m->size, m->hash, k);
	return 0;
}

static int mr_extend(struct vmm_call *c)
{
	struct vmm_tsm_mr *mrs, *m;
	uint8_t old[64], data[64], cat[128], want[VMM_DIGEST_MAX], now[64];
	size_t olen = sizeof(old), nlen = sizeof(now);
	char path[PATH_MAX];
	int i, ret = pick(c, &mrs, &i);

	if (ret)
		goto out;
	m = &mrs[i];
	if (!m->writable || !vmm_digest_len(m->hash) || vmm_digest_len(m->hash) != m->size) {
		ret = vmm_err(c, VMM_E_NOTSUP, EACCES, "%s/%s cannot be extended: %s", m->provider,
			      m->file, !m->writable ? "the provider makes it read-only" :
			      "it has no hash algorithm vmmctl computes");
		goto out;
	}
	ret = parse_data(c, m, data);
	if (ret)
		goto out;
	vmm_tsm_mr_path(m, path, sizeof(path));
	if (vmm_dry_run(c)) {
		json_object *op = json_object_new_object();

		add(op, "action", vmm_jstr("sysfs_write"));
		add(op, "path", vmm_jstr(path));
		add(op, "bytes", vmm_att_hex(data, m->size));
		vmm_dry_op(c, op);
		goto out;
	}
	ret = vmm_tsm_mr_read(c->sys, m, old, &olen);
	if (ret) {
		ret = vmm_err_sys(c, ret, "cannot read %s before extending it", path);
		goto out;
	}
	memcpy(cat, old, m->size);
	memcpy(cat + m->size, data, m->size);
	if (vmm_digest(m->hash, cat, 2 * m->size, want) < 0) {
		ret = vmm_err(c, VMM_E_NOTSUP, ELIBACC, "libcrypto: %s", vmm_crypto_why());
		goto out;
	}
	ret = vmm_tsm_mr_write(c->sys, m, data);
	if (ret) {
		ret = vmm_err_sys(c, ret, "the provider refused to extend %s", path);
		goto out;
	}
	ret = vmm_tsm_mr_read(c->sys, m, now, &nlen);
	if (ret) {
		ret = vmm_err_sys(c, ret, "extended %s, but cannot read it back", path);
		goto out;
	}
	c->result = mr_json(c, m, false);
	add(c->result, "old", vmm_att_hex(old, m->size));
	add(c->result, "data", vmm_att_hex(data, m->size));
	add(c->result, "expected", vmm_att_hex(want, m->size));
	add(c->result, "value", vmm_att_hex(now, nlen));
	add(c->result, "matches", vmm_jbool(nlen == m->size && !memcmp(now, want, m->size)));
	if (nlen != m->size || memcmp(now, want, m->size))
		ret = vmm_err(c, VMM_E_FAILED, 0, "%s reads back a value other than %s(old || "
			      "data): the provider does not extend as tsm-mr documents", path,
			      m->hash);
out:
	free(mrs);
	return ret;
}

static void list_text(json_object *r, FILE *f)
{
	json_object *arr = json_object_object_get(r, "registers");

	if (!arr || !json_object_array_length(arr)) {
		fprintf(f, "no measurement registers (no provider under /sys/class/misc/*/measurements)\n");
		return;
	}
	fprintf(f, "%-16s %-28s %-6s %-4s %s\n", "PROVIDER", "REGISTER", "HASH", "MODE", "VALUE");
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		uint64_t rd = 0, wr = 0;

		vmm_jget_u64(e, "readable", &rd);
		vmm_jget_u64(e, "writable", &wr);
		fprintf(f, "%-16s %-28s %-6s %c%c   %s\n", vmm_jget_str(e, "provider", ""),
			vmm_jget_str(e, "file", ""), vmm_jget_str(e, "hash", "-"), rd ? 'r' : '-',
			wr ? 'w' : '-', vmm_jget_str(e, "value", "-"));
	}
}

static void one_text(json_object *r, FILE *f)
{
	const char *old = vmm_jget_str(r, "old", NULL);

	if (!r)
		return;
	fprintf(f, "%s/%s: %s\n", vmm_jget_str(r, "provider", ""), vmm_jget_str(r, "file", ""),
		vmm_jget_str(r, "value", ""));
	if (old)
		fprintf(f, "extended from %s\nwith %s\nexpected %s: %s\n", old,
			vmm_jget_str(r, "data", ""), vmm_jget_str(r, "expected", ""),
			vmm_jget_str(r, "matches", "false"));
}

/* Every register's file name, and PROVIDER/FILE. */
static void comp_mr(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	struct vmm_tsm_mr *mrs = calloc(VMM_TSM_MR_MAX, sizeof(*mrs));
	char both[160];
	int n = 0;

	if (!mrs)
		return;
	if (!vmm_tsm_mr_list(vmm_ctx_sys(ctx), mrs, VMM_TSM_MR_MAX, &n))
		for (int i = 0; i < n; i++) {
			vmm_cands_add_prefixed(out, prefix, mrs[i].file);
			snprintf(both, sizeof(both), "%s/%s", mrs[i].provider, mrs[i].file);
			vmm_cands_add_prefixed(out, prefix, both);
		}
	vmm_sys_clear(vmm_ctx_sys(ctx));
	free(mrs);
}

static const struct vmm_completer comp_mr_names = { "mr", comp_mr };

static const struct vmm_arg name_arg[] = {
	{ "NAME", VMM_T_STR, "the register: NAME, NAME:HASH or PROVIDER/NAME:HASH", NULL,
	  &comp_mr_names, VMM_ARG_SELF_HELP },
	{ NULL }
};

static const struct vmm_arg extend_args[] = {
	{ "NAME", VMM_T_STR, "the register: NAME, NAME:HASH or PROVIDER/NAME:HASH", NULL,
	  &comp_mr_names, VMM_ARG_SELF_HELP },
	{ "HEX", VMM_T_STR, "the data, as many bytes as the register's digest, in hex", NULL,
	  NULL, VMM_ARG_OPTIONAL | VMM_ARG_SELF_HELP },
	{ NULL }
};

static const struct vmm_opt extend_opts[] = {
	{ "file", 0, VMM_T_PATH, "FILE", "the data from a file (the digest size exactly)" },
	{ NULL }
};

static const struct vmm_command mr_cmds[] = {
	{ "list", NULL, "every TSM measurement register: provider, name, hash, access, value",
	  NULL, NULL, mr_list, list_text, 0 },
	{ "read", NULL, "one register's value in hex", name_arg, NULL, mr_read, one_text, 0 },
	{ "extend", NULL, "extend a register: new = H(old || data), checked against what it "
	  "reads back", extend_args, extend_opts, mr_extend, one_text,
	  VMM_CMD_MUTATING | VMM_CMD_NEEDS_ROOT },
	{ NULL }
};

const struct vmm_object vmm_obj_mr = {
	"mr", NULL, "TSM measurement registers of a confidential guest (TDX RTMRs, the "
	"tsm-mr sample): list, read, extend", mr_cmds, 0,
};
