// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * pci list, pci show: PCI functions through libpci (sysfs at --root, or an
 * lspci -x dump with --pci-dump) with what device security needs to know:
 * DOE mailboxes and their features, IDE (link and selective streams),
 * TDISP (the TEE-IO device capability), and whether the kernel's PCI TSM
 * layer shows a tsm/ directory for it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cmd/pci.h"

void vmm_pci_bdf_format(const struct vmm_bdf *b, char *buf, size_t len)
{
	snprintf(buf, len, "%04x:%02x:%02x.%u", b->domain, b->bus, b->dev, b->fn);
}

int vmm_pci_cmd_open(struct vmm_call *c, struct vmm_pci **p)
{
	const char *dump = vmm_ctx_pci_dump(c->ctx);
	int ret;

	ret = vmm_pci_open(c->sys, dump, c->opts.verbose > 1, p);
	if (!ret)
		return 0;
	if (ret == -EIO) {
		/* a dump libpci cannot read is bad input; a sysfs tree is the kernel's */
		ret = vmm_err(c, dump ? VMM_E_USAGE : VMM_E_FAILED, 0, "libpci: %s",
			      vmm_pci_error(*p));
		vmm_pci_cmd_close(c, *p);
		*p = NULL;
		return ret;
	}
	if (ret == -ELIBACC) {
		vmm_err(c, VMM_E_NOTSUP, ELIBACC, "cannot load %s", VMM_LIBPCI_SONAME);
		vmm_hint(c, "pci and tsm read devices through libpci: install the libpci3 package");
		return ret;
	}
	if (!dump && (ret == -ENOENT || ret == -ENOTDIR)) {
		vmm_err(c, VMM_E_NOTSUP, -ret, "no PCI devices: %s is missing", VMM_PCI_SYSFS);
		vmm_hint(c, "CONFIG_PCI off, or --root names a tree without it; "
			 "--pci-dump FILE reads an lspci -x dump");
		return -ENOENT;
	}
	return vmm_err_sys(c, ret, "cannot open PCI access");
}

void vmm_pci_cmd_close(struct vmm_call *c, struct vmm_pci *p)
{
	const struct vmm_pci_msg *m;
	int n;

	if (!p)
		return;
	n = vmm_pci_messages(p, &m);
	for (int i = 0; i < n; i++) {
		if (!m[i].debug)
			vmm_warn(c, "libpci: %s", m[i].text);
		else if (c->opts.verbose > 1)
			vmm_info(c, "libpci: %s", m[i].text);
	}
	vmm_pci_close(p);
}

/* ---- JSON ------------------------------------------------------------------- */

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static void add_name(json_object *o, const char *k, const char *name)
{
	if (*name)
		add(o, k, vmm_jstr(name));
}

static json_object *doe_json(const struct vmm_pci_doe *d)
{
	json_object *o = json_object_new_object();

	add(o, "offset", vmm_jhexw(d->offset, 3));
	add(o, "cap", vmm_jhexw(d->cap, 8));
	add(o, "control", vmm_jhexw(d->ctrl, 8));
	add(o, "status", vmm_jhexw(d->status, 8));
	add(o, "interrupt", vmm_jbool(d->cap & VMM_PCI_DOE_CAP_INT));
	add(o, "interrupt_message", json_object_new_int(d->int_msg));
	add(o, "abort", vmm_jbool(d->ctrl & VMM_PCI_DOE_CTRL_ABORT));
	add(o, "interrupt_enabled", vmm_jbool(d->ctrl & VMM_PCI_DOE_CTRL_INT_EN));
	add(o, "go", vmm_jbool(d->ctrl & VMM_PCI_DOE_CTRL_GO));
	add(o, "busy", vmm_jbool(d->status & VMM_PCI_DOE_STS_BUSY));
	add(o, "interrupt_status", vmm_jbool(d->status & VMM_PCI_DOE_STS_INT));
	add(o, "error", vmm_jbool(d->status & VMM_PCI_DOE_STS_ERROR));
	add(o, "object_ready", vmm_jbool(d->status & VMM_PCI_DOE_STS_READY));
	return o;
}

static void add_alg(json_object *o, uint8_t alg)
{
	add(o, "algorithm", json_object_new_int(alg));
	add(o, "algorithm_name", vmm_jstr(vmm_pci_ide_alg_name(alg)));
}

/* what link and selective streams share; the selective-only bits are added by the caller */
static json_object *stream_json(int idx, uint32_t ctl, uint32_t sts,
				struct vmm_pci_ide_stream *f)
{
	json_object *o = json_object_new_object(), *ag = json_object_new_object();

	vmm_pci_ide_stream_decode(ctl, sts, f);
	add(o, "index", json_object_new_int(idx));
	add(o, "control", vmm_jhexw(ctl, 8));
	add(o, "status", vmm_jhexw(sts, 8));
	add(o, "enabled", vmm_jbool(f->enabled));
	add(o, "stream_id", json_object_new_int(f->id));
	add(o, "state", vmm_jstr(vmm_pci_ide_state_name(sts)));
	add(o, "state_value", json_object_new_int(f->state));
	add(o, "ide_fail", vmm_jbool(f->ide_fail));
	add(o, "xt", vmm_jbool(f->xt));
	add(ag, "npr", json_object_new_int(f->aggr_npr));
	add(ag, "pr", json_object_new_int(f->aggr_pr));
	add(ag, "cpl", json_object_new_int(f->aggr_cpl));
	add(o, "tx_aggregation", ag);
	add(o, "pcrc", vmm_jbool(f->pcrc));
	add(o, "partial_header_mode", json_object_new_int(f->part_hdr));
	add(o, "partial_header", vmm_jstr(vmm_pci_ide_hdr_name(f->part_hdr)));
	add_alg(o, f->alg);
	add(o, "tc", json_object_new_int(f->tc));
	return o;
}

static json_object *sel_json(const struct vmm_pci_sec *s, int i)
{
	const struct vmm_pci_ide_sel *b = &s->sel[i];
	json_object *o, *r = json_object_new_object(), *a = json_object_new_array();
	struct vmm_pci_ide_stream f;
	struct vmm_pci_ide_rid rid;

	o = stream_json(i, b->ctl, b->sts, &f);
	add(o, "offset", vmm_jhexw(b->offset, 3));
	add(o, "cap", vmm_jhexw(b->cap, 8));
	add(o, "address_associations", json_object_new_int(b->naddr));
	add(o, "default", vmm_jbool(f.dflt));
	add(o, "tee_limited", vmm_jbool(f.tee_limited));
	add(o, "config_requests", vmm_jbool(f.config_requests));
	vmm_pci_ide_rid_decode(b, &rid);
	add(r, "valid", vmm_jbool(rid.valid));
	add(r, "base", vmm_jhexw(rid.base, 4));
	add(r, "limit", vmm_jhexw(rid.limit, 4));
	add(r, "segment", json_object_new_int(rid.segment));
	add(o, "rid_association", r);
	for (int j = 0; j < b->naddr; j++) {
		const struct vmm_pci_ide_addr *ad = &s->addr[b->addr0 + j];
		json_object *e = json_object_new_object();
		struct vmm_pci_ide_range rg;

		vmm_pci_ide_range_decode(ad, &rg);
		add(e, "index", json_object_new_int(j));
		add(e, "offset", vmm_jhexw(ad->offset, 3));
		add(e, "valid", vmm_jbool(rg.valid));
		add(e, "base", vmm_jhex(rg.base));
		add(e, "limit", vmm_jhex(rg.limit));
		json_object_array_add(a, e);
	}
	add(o, "address_blocks", a);
	return o;
}

static const char *const ide_flag_names[] = {
	"link", "selective", "flowthrough", "partial_header", "aggregation", "pcrc",
	"ide_km", "selective_config",
};

static json_object *ide_json(const struct vmm_pci_sec *s, bool full)
{
	json_object *o = json_object_new_object(), *fl = json_object_new_array(), *a;
	struct vmm_pci_ide_stream f;

	add(o, "offset", vmm_jhexw(s->ide_offset, 3));
	add(o, "cap", vmm_jhexw(s->ide_cap, 8));
	add(o, "control", vmm_jhexw(s->ide_ctl, 8));
	for (unsigned int i = 0; i < 8; i++)
		if (s->ide_cap & (1u << i))
			json_object_array_add(fl, vmm_jstr(ide_flag_names[i]));
	if (s->ide_cap & VMM_PCI_IDE_CAP_TEE_LIMITED)
		json_object_array_add(fl, vmm_jstr("tee_limited"));
	if (s->ide_cap & VMM_PCI_IDE_CAP_XT)
		json_object_array_add(fl, vmm_jstr("xt"));
	add(o, "flags", fl);
	add(o, "link", vmm_jbool(s->ide_cap & VMM_PCI_IDE_CAP_LINK));
	add(o, "selective", vmm_jbool(s->ide_cap & VMM_PCI_IDE_CAP_SELECTIVE));
	add_alg(o, s->ide_alg);
	add(o, "link_tcs", json_object_new_int(s->link_tcs));
	add(o, "flowthrough_enabled", vmm_jbool(s->ide_ctl & VMM_PCI_IDE_CTL_FLOWTHROUGH));
	add(o, "link_streams", json_object_new_int(s->nlink));
	add(o, "selective_streams", json_object_new_int(s->nsel_announced));
	if (s->truncated)
		add(o, "truncated", vmm_jbool(true));
	if (!full)
		return o;
	a = json_object_new_array();
	for (int i = 0; i < s->nlink; i++)
		json_object_array_add(a, stream_json(i, s->link[i].ctl, s->link[i].sts, &f));
	add(o, "link_blocks", a);
	a = json_object_new_array();
	for (int i = 0; i < s->nsel; i++)
		json_object_array_add(a, sel_json(s, i));
	add(o, "selective_blocks", a);
	return o;
}

static json_object *dev_json(const struct vmm_pci_dev *d, bool full)
{
	json_object *o = json_object_new_object(), *a;
	const struct vmm_pci_sec *s = &d->sec;

	add(o, "bdf", vmm_jstr(d->bdf));
	add(o, "vendor_id", vmm_jhexw(d->vendor, 4));
	add(o, "device_id", vmm_jhexw(d->device, 4));
	add_name(o, "vendor", d->vendor_name);
	add_name(o, "device", d->device_name);
	add(o, "class", vmm_jhexw(d->class, 6));
	add_name(o, "class_name", d->class_name);
	add(o, "revision", vmm_jhexw(d->rev, 2));
	if (d->subsys_vendor || d->subsys_device) {
		add(o, "subsystem_vendor_id", vmm_jhexw(d->subsys_vendor, 4));
		add(o, "subsystem_device_id", vmm_jhexw(d->subsys_device, 4));
	}
	if (*d->driver)
		add(o, "driver", vmm_jstr(d->driver));
	if (d->iommu_group >= 0)
		add(o, "iommu_group", json_object_new_int(d->iommu_group));
	add(o, "config_bytes", json_object_new_int((int)d->cfg_len));
	if (s->pcie)
		add(o, "pcie_type", vmm_jstr(vmm_pci_type_name(s->pcie_type)));
	/* what the bytes read cannot tell is left out, not reported false */
	if (d->cfg_len >= 256) {
		add(o, "tdisp", vmm_jbool(s->tee_io));
		add(o, "tsm_capable", vmm_jbool(vmm_pci_tsm_capable(d)));
	}
	if (d->sysfs)
		add(o, "tsm_dir", vmm_jbool(d->tsm_dir));
	if (d->cfg_len == 4096 || (d->cfg_len == 256 && !s->pcie)) {
		a = json_object_new_array();
		for (int i = 0; i < s->ndoe; i++)
			json_object_array_add(a, doe_json(&s->doe[i]));
		add(o, "doe_mailboxes", a);
	}
	if (d->sysfs) {
		a = json_object_new_array();
		for (int i = 0; i < d->ndoe_feat; i++)
			json_object_array_add(a, vmm_jstr(d->doe_feat[i]));
		add(o, "doe_features", a);
	}
	if (s->ide)
		add(o, "ide", ide_json(s, full));
	if (full && s->pcie)
		add(o, "devcap", vmm_jhexw(s->devcap, 8));
	return o;
}

/* ---- commands --------------------------------------------------------------- */

/* -EIO: libpci's fatal error, with its message; anything else is ours */
static int fill_err(struct vmm_call *c, struct vmm_pci *p, int ret)
{
	if (ret == -EIO)
		return vmm_err(c, VMM_E_FAILED, 0, "libpci: %s", vmm_pci_error(p));
	return vmm_err_sys(c, ret, "cannot read the PCI functions");
}

/* sysfs gives 64 bytes of config space to users without CAP_SYS_ADMIN */
static void warn_short(struct vmm_call *c, const struct vmm_pci_dev *devs, int n)
{
	int cnt = 0;

	for (int i = 0; i < n; i++)
		cnt += devs[i].cfg_len == 64;
	if (cnt)
		vmm_warn(c, "%d function%s: only 64 bytes of config space readable; DOE, IDE "
			 "and TDISP need the rest (run as root)", cnt, cnt > 1 ? "s" : "");
}

static int pci_list(struct vmm_call *c)
{
	bool only_tsm = vmm_opt(c, "tsm-capable") != NULL;
	struct vmm_pci_dev *devs = NULL;
	struct vmm_pci *p;
	int n, ret;

	ret = vmm_pci_cmd_open(c, &p);
	if (ret)
		return ret;
	ret = vmm_pci_scan(p, &devs, &n);
	if (ret) {
		ret = fill_err(c, p, ret);
		goto out;
	}
	warn_short(c, devs, n);
	c->result = json_object_new_array();
	for (int i = 0; i < n; i++)
		if (!only_tsm || vmm_pci_tsm_capable(&devs[i]))
			json_object_array_add(c->result, dev_json(&devs[i], false));
out:
	free(devs);
	vmm_pci_cmd_close(c, p);
	return ret;
}

static int pci_show(struct vmm_call *c)
{
	const struct vmm_val *v = vmm_arg(c, "BDF", NULL);
	struct vmm_pci_dev *d;
	struct vmm_pci *p;
	char bdf[16];
	int ret;

	vmm_pci_bdf_format(&v->bdf, bdf, sizeof(bdf));
	d = malloc(sizeof(*d));
	if (!d)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "out of memory");
	ret = vmm_pci_cmd_open(c, &p);
	if (ret)
		goto out_free;
	ret = vmm_pci_get(p, v->bdf.domain, v->bdf.bus, v->bdf.dev, v->bdf.fn, d);
	if (ret == -ENOENT)
		ret = vmm_err(c, VMM_E_NOTFOUND, ENOENT, "no PCI function %s", bdf);
	else if (ret)
		ret = fill_err(c, p, ret);
	else
		c->result = dev_json(d, true);
	if (!ret)
		warn_short(c, d, 1);
	vmm_pci_cmd_close(c, p);
out_free:
	free(d);
	return ret;
}

static void list_text(json_object *res, FILE *f)
{
	for (size_t i = 0; i < json_object_array_length(res); i++) {
		json_object *d = json_object_array_get_idx(res, i), *ide;
		const char *cn = vmm_jget_str(d, "class_name", NULL), *vn = vmm_jget_str(d, "vendor", NULL);
		const char *dn = vmm_jget_str(d, "device", NULL), *drv = vmm_jget_str(d, "driver", NULL);
		json_object *doe;

		fprintf(f, "%s %s [%.4s]: %s %s [%s:%s]", vmm_jget_str(d, "bdf", NULL), cn ? cn : "Class",
			vmm_jget_str(d, "class", NULL) + 2, vn ? vn : "Vendor", dn ? dn : "Device",
			vmm_jget_str(d, "vendor_id", NULL) + 2, vmm_jget_str(d, "device_id", NULL) + 2);
		if (drv)
			fprintf(f, " driver=%s", drv);
		if (json_object_object_get_ex(d, "doe_mailboxes", &doe) &&
		    json_object_array_length(doe))
			fprintf(f, " doe=%zu", json_object_array_length(doe));
		if (json_object_object_get_ex(d, "ide", &ide))
			fprintf(f, " ide=%s%s", json_object_get_boolean(
					json_object_object_get(ide, "link")) ? "link," : "",
				json_object_get_boolean(json_object_object_get(ide, "selective"))
				? "selective" : "");
		if (json_object_get_boolean(json_object_object_get(d, "tdisp")))
			fprintf(f, " tdisp");
		if (json_object_get_boolean(json_object_object_get(d, "tsm_dir")))
			fprintf(f, " tsm");
		fputc('\n', f);
	}
}

/* ---- pci show as text: the capabilities the way lspci -vv words them ------- */

static char flag(json_object *o, const char *k)
{
	return json_object_get_boolean(json_object_object_get(o, k)) ? '+' : '-';
}

static int jint(json_object *o, const char *k)
{
	return json_object_get_int(json_object_object_get(o, k));
}

/* a "0x..." value without its prefix, as lspci prints hex */
static const char *bare(json_object *o, const char *k)
{
	const char *v = vmm_jget_str(o, k, "0x?");

	return v + 2;
}

static char cap_flag(json_object *flags, const char *name)
{
	for (size_t i = 0; i < json_object_array_length(flags); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(flags, i)), name))
			return '+';
	return '-';
}

static void doe_text(json_object *d, FILE *f)
{
	fprintf(f, "  [%s] Data Object Exchange\n", bare(d, "offset"));
	fprintf(f, "    DOECap: IntSup%c\n", flag(d, "interrupt"));
	if (flag(d, "interrupt") == '+')
		fprintf(f, "      IntMsgNum %d\n", jint(d, "interrupt_message"));
	fprintf(f, "    DOECtl: Abort%c IntEn%c Go%c\n", flag(d, "abort"),
		flag(d, "interrupt_enabled"), flag(d, "go"));
	fprintf(f, "    DOESta: Busy%c IntSta%c Error%c ObjectReady%c\n", flag(d, "busy"),
		flag(d, "interrupt_status"), flag(d, "error"), flag(d, "object_ready"));
}

/* the control fields link and selective streams share, after "Ctl: En+/-" */
static void stream_ctl_text(json_object *b, FILE *f)
{
	static const char *const aggr[][2] = { { "NPR", "npr" }, { "PR", "pr" }, { "CPL", "cpl" } };
	json_object *ag = json_object_object_get(b, "tx_aggregation");
	const char *hdr = vmm_jget_str(b, "partial_header", "");

	fprintf(f, " XT%c", flag(b, "xt"));
	for (size_t i = 0; i < sizeof(aggr) / sizeof(aggr[0]); i++) {
		int n = jint(ag, aggr[i][1]);

		if (n > 1)
			fprintf(f, " %s=%d", aggr[i][0], n);
		else
			fprintf(f, " %s-", aggr[i][0]);
	}
	fprintf(f, " PCRC%c", flag(b, "pcrc"));
	if (json_object_object_get_ex(b, "config_requests", NULL))
		fprintf(f, " CFG%c", flag(b, "config_requests"));
	fprintf(f, " HdrEnc=%s Alg='%s' TC%d", strcmp(hdr, "none") ? hdr : "no",
		vmm_jget_str(b, "algorithm_name", ""), jint(b, "tc"));
	if (json_object_object_get_ex(b, "tee_limited", NULL))
		fprintf(f, " TeeLim%c", flag(b, "tee_limited"));
	fprintf(f, " ID%d", jint(b, "stream_id"));
}

static void stream_sts_text(json_object *b, const char *name, int i, FILE *f)
{
	const char *st = vmm_jget_str(b, "state", "");

	fprintf(f, "    %s#%d Sta: Status=", name, i);
	if (strcmp(st, "other"))
		fputs(st, f);
	else
		fprintf(f, "%d", jint(b, "state_value"));
	fprintf(f, " RecvChkFail%c\n", flag(b, "ide_fail"));
}

static void sel_text(json_object *b, int i, FILE *f)
{
	json_object *r = json_object_object_get(b, "rid_association");
	json_object *a = json_object_object_get(b, "address_blocks");

	fprintf(f, "    SelectiveIDE#%d Cap: Addr#=%d\n", i, jint(b, "address_associations"));
	fprintf(f, "    SelectiveIDE#%d Ctl: En%c", i, flag(b, "enabled"));
	stream_ctl_text(b, f);
	fprintf(f, "%s\n", flag(b, "default") == '+' ? " Default" : "");
	stream_sts_text(b, "SelectiveIDE", i, f);
	fprintf(f, "    SelectiveIDE#%d RID: Valid%c Base=%s Limit=%s SegBase=%x\n", i,
		flag(r, "valid"), bare(r, "base"), bare(r, "limit"), (unsigned int)jint(r, "segment"));
	for (size_t j = 0; j < json_object_array_length(a); j++) {
		json_object *e = json_object_array_get_idx(a, j);

		fprintf(f, "    SelectiveIDE#%d Addr#%zu: Valid%c Base=%s Limit=%s\n", i, j,
			flag(e, "valid"), bare(e, "base"), bare(e, "limit"));
	}
}

static void ide_text(json_object *ide, FILE *f)
{
	json_object *fl = json_object_object_get(ide, "flags"), *a;

	fprintf(f, "  [%s] Integrity & Data Encryption\n", bare(ide, "offset"));
	fprintf(f, "    IDECap: Lnk=%d Sel=%d FlowThru%c PartHdr%c Aggr%c PCRC%c IDE_KM%c SelCfg%c "
		"Alg='%s' TCs=%d TeeLim%c XT%c\n", jint(ide, "link_tcs"),
		jint(ide, "selective_streams"), cap_flag(fl, "flowthrough"),
		cap_flag(fl, "partial_header"), cap_flag(fl, "aggregation"), cap_flag(fl, "pcrc"),
		cap_flag(fl, "ide_km"), cap_flag(fl, "selective_config"),
		vmm_jget_str(ide, "algorithm_name", ""), jint(ide, "link_tcs"),
		cap_flag(fl, "tee_limited"), cap_flag(fl, "xt"));
	fprintf(f, "    IDECtl: FTEn%c\n", flag(ide, "flowthrough_enabled"));
	a = json_object_object_get(ide, "link_blocks");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *b = json_object_array_get_idx(a, i);

		fprintf(f, "    LinkIDE#%zu Ctl: En%c", i, flag(b, "enabled"));
		stream_ctl_text(b, f);
		fputc('\n', f);
		stream_sts_text(b, "LinkIDE", (int)i, f);
	}
	a = json_object_object_get(ide, "selective_blocks");
	for (size_t i = 0; i < json_object_array_length(a); i++)
		sel_text(json_object_array_get_idx(a, i), (int)i, f);
	if (json_object_get_boolean(json_object_object_get(ide, "truncated")))
		fprintf(f, "    <truncated: a block runs past the config space read>\n");
}

/* the identity generically, then the capabilities the way lspci -vv words them */
static void show_text(json_object *res, FILE *f)
{
	json_object *rest = json_object_new_object(), *doe, *ide;
	size_t ndoe;

	json_object_object_foreach(res, k, v)
		if (strcmp(k, "doe_mailboxes") && strcmp(k, "ide"))
			add(rest, k, json_object_get(v));
	vmm_render_text(rest, f);
	json_object_put(rest);
	if (!json_object_object_get_ex(res, "doe_mailboxes", &doe))
		doe = NULL;
	ndoe = doe ? json_object_array_length(doe) : 0;
	if (!json_object_object_get_ex(res, "ide", &ide))
		ide = NULL;
	if (!ndoe && !ide)
		return;
	fprintf(f, "capabilities:\n");
	for (size_t i = 0; i < ndoe; i++)
		doe_text(json_object_array_get_idx(doe, i), f);
	if (ide)
		ide_text(ide, f);
}

static void comp_bdf(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out)
{
	const char *dump = vmm_ctx_pci_dump(ctx);
	struct vmm_sys *s = vmm_ctx_sys(ctx);
	struct vmm_pci_dev *devs;
	struct vmm_pci *p;
	char **names;
	int n;

	if (dump) {
		if (!vmm_pci_open(s, dump, false, &p) && !vmm_pci_scan(p, &devs, &n)) {
			for (int i = 0; i < n; i++)
				vmm_cands_add_prefixed(out, prefix, devs[i].bdf);
			free(devs);
		}
		vmm_pci_close(p);
		vmm_sys_clear(s);
		return;
	}
	n = vmm_sys_list_dir(s, VMM_PCI_SYSFS, &names);
	vmm_cands_add_names(out, prefix, names, n);
	vmm_sys_clear(s);
}

const struct vmm_completer vmm_comp_bdf = { "bdf", comp_bdf };

const struct vmm_arg vmm_pci_bdf_arg[] = {
	{ "BDF", VMM_T_BDF, "a PCI function as 'vmmctl pci list' names it (0000:00:1f.0 "
	  "or 00:1f.0)", NULL, &vmm_comp_bdf },
	{ 0 }
};

static const struct vmm_opt list_opts[] = {
	{ "tsm-capable", 0, VMM_T_FLAG, NULL, "only functions that can take part in TSM "
	  "security: PCIe endpoints, upstream ports and RCiEPs with Selective IDE or TEE-IO, "
	  "and any function with a tsm/ directory" },
	{ 0 }
};

static const struct vmm_command pci_cmds[] = {
	{ "list", NULL, "PCI functions with names, class, driver, IOMMU group, DOE, IDE and "
	  "TDISP support", NULL, list_opts, pci_list, list_text, VMM_CMD_REPLAY },
	{ "show", NULL, "one PCI function with its DOE mailboxes, IDE stream registers and "
	  "TDISP capability decoded", vmm_pci_bdf_arg, NULL, pci_show, show_text, VMM_CMD_REPLAY },
	{ 0 }
};

const struct vmm_object vmm_obj_pci = {
	"pci", NULL, "PCI functions through libpci, with DOE, IDE and TDISP decoded", pci_cmds, 0,
};
