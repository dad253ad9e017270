// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * tsm list, show, connect, disconnect, ide: the kernel's PCI TSM layer
 * through sysfs (spec C). connect/disconnect are single sysfs writes; the
 * checks before them turn the kernel's terse errnos (EBUSY, ENXIO, EINVAL)
 * into the reason: no TSM registered, not a DSM candidate, connected to
 * another TSM, still bound. bind/unbind live in cmd/tsm_bind.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/pci.h"
#include "cmd/tsm.h"
#include "lib/tsm.h"

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static void add_nonempty(json_object *o, const char *k, const char *v)
{
	if (*v)
		add(o, k, vmm_jstr(v));
}

json_object *vmm_tsm_dev_json(const struct vmm_tsm_dev *d, const char *kind)
{
	json_object *o = json_object_new_object();

	if (kind)
		add(o, "kind", vmm_jstr(kind));
	add(o, "bdf", vmm_jstr(d->bdf));
	add(o, "dsm_candidate", vmm_jbool(d->has_connect));
	add(o, "connected", vmm_jbool(*d->connect));
	add_nonempty(o, "tsm", d->connect);
	add_nonempty(o, "dsm", d->dsm);
	if (d->has_bound)
		add(o, "bound", vmm_jbool(*d->bound));
	add_nonempty(o, "bound_tsm", d->bound);
	if (d->has_auth)
		add(o, "authenticated", vmm_jbool(*d->authenticated));
	return o;
}

static int tsm_names(struct vmm_call *c, char ***names)
{
	int n = vmm_tsm_names(c->sys, names);

	if (n < 0)
		return vmm_err_sys(c, n, "cannot list %s", VMM_TSM_CLASS);
	return n;
}

static int tsm_list(struct vmm_call *c)
{
	struct vmm_tsm_dev *devs;
	char **names;
	int n, nd, ret;

	n = tsm_names(c, &names);
	if (n < 0)
		return n;
	ret = vmm_tsm_devs(c->sys, &devs, &nd);
	if (ret == -ENOENT) {	/* no PCI at all: still a valid, empty answer */
		vmm_sys_clear(c->sys);
		devs = NULL;
		nd = 0;
		ret = 0;
	}
	if (ret) {
		ret = vmm_err_sys(c, ret, "cannot read the PCI TSM state");
		goto out;
	}
	c->result = json_object_new_array();
	for (int i = 0; i < n; i++) {
		json_object *o = json_object_new_object();
		int cnt = 0;

		for (int j = 0; j < nd; j++)
			cnt += !strcmp(devs[j].connect, names[i]);
		add(o, "kind", vmm_jstr("tsm"));
		add(o, "name", vmm_jstr(names[i]));
		add(o, "connected_devices", json_object_new_int(cnt));
		json_object_array_add(c->result, o);
	}
	for (int j = 0; j < nd; j++) {
		json_object_array_add(c->result, vmm_tsm_dev_json(&devs[j], "device"));
	}
	free(devs);
out:
	if (n > 0)
		vmm_sys_free_names(names, n);
	return ret;
}

/* The function's state, with the refusals every command shares. */
static int dev_state(struct vmm_call *c, const char *bdf, struct vmm_tsm_dev *d, int ntsm)
{
	int ret = vmm_tsm_dev_read(c->sys, bdf, d);

	if (ret == -ENODEV)
		return vmm_err(c, VMM_E_NOTFOUND, ENODEV, "no PCI function %s", bdf);
	if (ret == -ENOENT && !ntsm) {
		vmm_err(c, VMM_E_NOTSUP, 0, "no TSM registered yet: %s is empty",
			VMM_TSM_CLASS);
		vmm_hint(c, "the kernel shows tsm/ only while a TSM driver is loaded "
			 "(CONFIG_PCI_TSM and e.g. the SEV-TIO part of ccp)");
		return -ENOENT;
	}
	if (ret == -ENOENT) {
		vmm_err(c, VMM_E_NOTSUP, 0, "%s is not TSM-capable: no tsm/ directory", bdf);
		vmm_hint(c, "DSM candidates are function 0 endpoints, upstream ports and RCiEPs "
			 "with Selective IDE or TEE-IO; see 'vmmctl pci show %s'", bdf);
		return -ENOENT;
	}
	if (ret)
		return vmm_err_sys(c, ret, "cannot read the TSM state of %s", bdf);
	return 0;
}

/* The BDF argument, the registered TSMs and the function's state. */
struct target {
	char bdf[16];
	struct vmm_tsm_dev d;
	char **names;
	int n;
};

static int target_get(struct vmm_call *c, struct target *t)
{
	const struct vmm_val *v = vmm_arg(c, "BDF", NULL);
	int ret;

	vmm_pci_bdf_format(&v->bdf, t->bdf, sizeof(t->bdf));
	t->n = tsm_names(c, &t->names);
	if (t->n < 0)
		return t->n;
	ret = dev_state(c, t->bdf, &t->d, t->n);
	if (ret && t->n > 0)
		vmm_sys_free_names(t->names, t->n);
	return ret;
}

static void target_put(struct target *t)
{
	if (t->n > 0)
		vmm_sys_free_names(t->names, t->n);
}

static int tsm_show(struct vmm_call *c)
{
	struct vmm_ide_hb *hbs = NULL;
	json_object *st, *tl;
	struct target t;
	int nhb, ret;

	ret = target_get(c, &t);
	if (ret)
		return ret;
	c->result = vmm_tsm_dev_json(&t.d, NULL);
	tl = json_object_new_array();
	for (int i = 0; i < t.n; i++)
		json_object_array_add(tl, vmm_jstr(t.names[i]));
	add(c->result, "registered_tsms", tl);
	st = json_object_new_array();
	ret = vmm_tsm_ide_scan(c->sys, &hbs, &nhb);
	if (!ret) {
		for (int i = 0; i < nhb; i++)
			for (int j = 0; j < hbs[i].nstreams; j++) {
				const struct vmm_ide_stream *s = &hbs[i].streams[j];
				json_object *o;

				if (strcmp(s->bdf, t.bdf))
					continue;
				o = json_object_new_object();
				add(o, "host_bridge", vmm_jstr(hbs[i].name));
				add(o, "stream", vmm_jstr(s->name));
				json_object_array_add(st, o);
			}
		free(hbs);
	} else {	/* the state above is still right; only the stream list is missing */
		vmm_warn(c, "cannot list the host bridges' IDE streams: %s", strerror(-ret));
	}
	vmm_sys_clear(c->sys);
	add(c->result, "ide_streams", st);
	target_put(&t);
	return 0;
}

static json_object *write_op(const char *bdf, const char *attr, const char *val)
{
	json_object *op = json_object_new_object();
	char path[128];

	vmm_tsm_attr_path(bdf, attr, path, sizeof(path));
	add(op, "action", vmm_jstr("sysfs_write"));
	add(op, "path", vmm_jstr(path));
	add(op, "value", vmm_jstr(val));
	return op;
}

static int after(struct vmm_call *c, const char *bdf, bool changed)
{
	struct vmm_tsm_dev d;
	int ret = vmm_tsm_dev_read(c->sys, bdf, &d);

	if (ret)
		return vmm_err_sys(c, ret, "cannot read the TSM state of %s back", bdf);
	c->result = vmm_tsm_dev_json(&d, NULL);
	add(c->result, "changed", vmm_jbool(changed));
	return 0;
}

/* Already in the requested state; a dry run keeps its shape, with no operation. */
static int unchanged(struct vmm_call *c, const char *bdf)
{
	if (vmm_dry_run(c)) {
		c->dry_ops = json_object_new_array();
		return 0;
	}
	return after(c, bdf, false);
}

static int pick_tsm(struct vmm_call *c, char **names, int n, const char **tsm)
{
	const struct vmm_val *o = vmm_opt(c, "tsm");

	if (o) {
		for (int i = 0; i < n; i++)
			if (!strcmp(names[i], o->raw)) {
				*tsm = names[i];
				return 0;
			}
		return vmm_err(c, VMM_E_NOTFOUND, 0, "no TSM '%s' registered", o->raw);
	}
	if (n > 1) {
		vmm_err(c, VMM_E_USAGE, 0, "%d TSMs are registered; name one with --tsm", n);
		vmm_hint(c, "'vmmctl tsm list' shows them");
		return -EINVAL;
	}
	*tsm = names[0];
	return 0;
}

/* The kernel parses what connect gets as tsm%d: anything else is a usage error. */
static int check_tsm_name(struct vmm_call *c)
{
	const struct vmm_val *o = vmm_opt(c, "tsm");
	size_t len;

	if (!o)
		return 0;
	len = strlen(o->raw);
	if (len > 3 && len < VMM_TSM_NAME_MAX && !strncmp(o->raw, "tsm", 3) &&
	    strspn(o->raw + 3, "0123456789") == len - 3)
		return 0;
	return vmm_err(c, VMM_E_USAGE, 0, "--tsm %s: expected a TSM name like tsm0", o->raw);
}

static int tsm_connect(struct vmm_call *c)
{
	const char *tsm = NULL;
	struct target t;
	int ret;

	ret = check_tsm_name(c);
	if (ret)
		return ret;
	ret = target_get(c, &t);
	if (ret)
		return ret;
	if (!t.n) {	/* a stale tsm/ without a TSM: say so rather than write */
		ret = vmm_err(c, VMM_E_NOTSUP, 0, "no TSM registered yet: %s is empty",
			      VMM_TSM_CLASS);
		goto out;
	}
	if (!t.d.has_connect) {
		if (*t.d.dsm) {
			ret = vmm_err(c, VMM_E_NOTSUP, 0, "%s is managed by the DSM %s; "
				      "connect that function", t.bdf, t.d.dsm);
		} else {
			ret = vmm_err(c, VMM_E_NOTSUP, 0, "%s is not a DSM candidate "
				      "(no tsm/connect)", t.bdf);
		}
		goto out;
	}
	ret = pick_tsm(c, t.names, t.n, &tsm);
	if (ret)
		goto out;
	if (*t.d.connect && strcmp(t.d.connect, tsm)) {
		ret = vmm_err(c, VMM_E_BUSY, EBUSY, "%s is already connected to %s", t.bdf,
			      t.d.connect);
		vmm_hint(c, "'vmmctl tsm disconnect %s' first", t.bdf);
		goto out;
	}
	if (*t.d.connect) {	/* connected to this TSM already: nothing to do */
		ret = unchanged(c, t.bdf);
		goto out;
	}
	if (vmm_dry_run(c)) {
		vmm_dry_op(c, write_op(t.bdf, "tsm/connect", tsm));
		goto out;
	}
	ret = vmm_tsm_connect(c->sys, t.bdf, tsm);
	if (ret == -ENXIO) {
		ret = vmm_err_sys(c, ret, "%s refused %s", tsm, t.bdf);
		vmm_hint(c, "the TSM probes the device first (e.g. it needs a CMA/SPDM DOE "
			 "mailbox): see 'vmmctl pci show %s'", t.bdf);
	} else if (ret) {
		ret = vmm_err_sys(c, ret, "cannot connect %s to %s", t.bdf, tsm);
	} else {
		ret = after(c, t.bdf, true);
	}
out:
	target_put(&t);
	return ret;
}

static int tsm_disconnect(struct vmm_call *c)
{
	struct target t;
	int ret;

	ret = target_get(c, &t);
	if (ret)
		return ret;
	if (!t.d.has_disconnect) {
		ret = vmm_err(c, VMM_E_NOTSUP, 0, "%s is not a DSM candidate (no "
			      "tsm/disconnect)%s%s", t.bdf, *t.d.dsm ? "; its DSM is " : "",
			      t.d.dsm);
		goto out;
	}
	if (!*t.d.connect) {
		ret = unchanged(c, t.bdf);
		goto out;
	}
	if (*t.d.bound && !vmm_opt(c, "force")) {
		ret = vmm_err(c, VMM_E_BUSY, EBUSY, "%s has a TDI bound through %s", t.bdf,
			      t.d.bound);
		vmm_hint(c, "unbind it in the session that bound it, or --force to disconnect "
			 "anyway (the TSM tears the binding down)");
		goto out;
	}
	if (vmm_dry_run(c)) {
		vmm_dry_op(c, write_op(t.bdf, "tsm/disconnect", t.d.connect));
		goto out;
	}
	ret = vmm_tsm_disconnect(c->sys, t.bdf, t.d.connect);
	if (ret)
		ret = vmm_err_sys(c, ret, "cannot disconnect %s from %s", t.bdf, t.d.connect);
	else
		ret = after(c, t.bdf, true);
out:
	target_put(&t);
	return ret;
}

static int tsm_ide(struct vmm_call *c)
{
	struct vmm_ide_hb *hbs;
	int n, ret;

	ret = vmm_tsm_ide_scan(c->sys, &hbs, &n);
	if (ret)
		return vmm_err_sys(c, ret, "cannot list the PCI host bridges");
	c->result = json_object_new_array();
	for (int i = 0; i < n; i++) {
		json_object *o = json_object_new_object(), *a = json_object_new_array();

		add(o, "host_bridge", vmm_jstr(hbs[i].name));
		if (hbs[i].available >= 0)
			add(o, "available_secure_streams", json_object_new_int(hbs[i].available));
		for (int j = 0; j < hbs[i].nstreams; j++) {
			const struct vmm_ide_stream *s = &hbs[i].streams[j];
			json_object *st = json_object_new_object();

			add(st, "stream", vmm_jstr(s->name));
			add(st, "host_index", json_object_new_int((int)s->h));
			add(st, "root_port_index", json_object_new_int((int)s->r));
			add(st, "endpoint_index", json_object_new_int((int)s->e));
			add(st, "bdf", vmm_jstr(s->bdf));
			json_object_array_add(a, st);
		}
		add(o, "streams", a);
		json_object_array_add(c->result, o);
	}
	free(hbs);
	return 0;
}

static void ide_text(json_object *res, FILE *f)
{
	for (size_t i = 0; i < json_object_array_length(res); i++) {
		json_object *hb = json_object_array_get_idx(res, i), *v, *st;

		fprintf(f, "%s", json_object_get_string(json_object_object_get(hb, "host_bridge")));
		if (json_object_object_get_ex(hb, "available_secure_streams", &v))
			fprintf(f, " available_secure_streams=%d", json_object_get_int(v));
		fputc('\n', f);
		st = json_object_object_get(hb, "streams");
		for (size_t j = 0; j < json_object_array_length(st); j++) {
			json_object *s = json_object_array_get_idx(st, j);

			fprintf(f, "  %s -> %s\n",
				json_object_get_string(json_object_object_get(s, "stream")),
				json_object_get_string(json_object_object_get(s, "bdf")));
		}
	}
}

static void comp_tsm(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	struct vmm_sys *s = vmm_ctx_sys(ctx);
	char **names;
	int n = vmm_tsm_names(s, &names);

	vmm_cands_add_names(out, prefix, names, n);
	vmm_sys_clear(s);
}

static const struct vmm_completer comp_tsm_name = { "tsm", comp_tsm };

static const struct vmm_opt connect_opts[] = {
	{ "tsm", 0, VMM_T_STR, "NAME", "the TSM to connect to (default: the only one "
	  "registered)", NULL, &comp_tsm_name },
	{ 0 }
};

static const struct vmm_opt disconnect_opts[] = {
	{ "force", 'f', VMM_T_FLAG, NULL, "disconnect even while a TDI is bound" },
	{ 0 }
};

static const struct vmm_command tsm_cmds[] = {
	{ "list", NULL, "registered TSMs and every PCI function with a tsm/ directory: "
	  "connection, DSM, bound and authenticated state", NULL, NULL, tsm_list, NULL, VMM_CMD_REPLAY },
	{ "show", NULL, "one function's TSM state, the registered TSMs and its IDE streams",
	  vmm_pci_bdf_arg, NULL, tsm_show, NULL, VMM_CMD_REPLAY },
	{ "connect", NULL, "connect a DSM-candidate function to a TSM (SPDM session, IDE "
	  "setup by the TSM); nothing to do when already connected to it", vmm_pci_bdf_arg,
	  connect_opts, tsm_connect, NULL, VMM_CMD_MUTATING | VMM_CMD_NEEDS_ROOT },
	{ "disconnect", NULL, "disconnect a function from its TSM; refused while a TDI is "
	  "bound unless --force; nothing to do when not connected", vmm_pci_bdf_arg, disconnect_opts,
	  tsm_disconnect, NULL, VMM_CMD_MUTATING | VMM_CMD_NEEDS_ROOT },
	{ "ide", NULL, "host bridges' Selective IDE stream pools: free stream IDs and the "
	  "streams in use with their endpoints", NULL, NULL, tsm_ide, ide_text, VMM_CMD_REPLAY },
	VMM_TSM_BIND_CMDS,
	{ 0 }
};

const struct vmm_object vmm_obj_tsm = {
	"tsm", NULL, "PCI TSM: connect devices to a TSM (SPDM, IDE), bind TDIs to VMs", tsm_cmds,
	0,
};
