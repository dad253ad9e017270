// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * attest: a confidential guest's evidence. report fetches it through
 * configfs-tsm, show decodes it (CCA token, SEV-SNP report, TDX quote),
 * verify checks it as far as the bytes and the keys given allow.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "lib/attest.h"
#include "lib/tsm_report.h"

#define EVIDENCE_MAX	(16u << 20)
#define KEY_MAX		(64u << 10)

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static int read_user(struct vmm_call *c, const char *path, size_t max, char **buf, size_t *len)
{
	ssize_t n;

	n = vmm_sys_read_user(c->sys, path, max, buf);
	if (n < 0)
		return vmm_err_sys(c, (int)n, "cannot read '%s'", path);
	*len = (size_t)n;
	return 0;
}

/* Every value of a repeatable option (--key A --key B), from the command's words. */
static int collect(const struct vmm_call *c, const char *name, const char **vals, int max)
{
	size_t len = strlen(name);
	int n = 0;

	for (int i = 0; i < c->argc && n < max; i++) {
		const char *w = c->argv[i];

		if (strncmp(w, "--", 2) || strncmp(w + 2, name, len))
			continue;
		if (w[2 + len] == '=')
			vals[n++] = w + 3 + len;
		else if (!w[2 + len] && i + 1 < c->argc)
			vals[n++] = c->argv[++i];
	}
	return n;
}

static int decode(struct vmm_call *c, const uint8_t *buf, size_t len, const char *what,
		  struct vmm_att *a)
{
	char why[400];
	int ret = vmm_att_decode(buf, len, a, why, sizeof(why));

	if (ret == -ELIBACC)
		return vmm_err(c, VMM_E_NOTSUP, ELIBACC, "%s: %s", what, why);
	if (ret == -ENOMEM)
		return vmm_err(c, VMM_E_FAILED, ENOMEM, "%s: out of memory", what);
	if (ret)	/* the reason says it all: no errno text after it */
		return vmm_err(c, VMM_E_USAGE, 0, "%s: %s", what, why);
	return 0;
}

/* The certificates of an auxblob's table, for show. */
static json_object *aux_json(const uint8_t *aux, size_t len, char *why, size_t whylen)
{
	struct vmm_att_aux t;
	json_object *arr;
	char sub[200];

	if (vmm_att_aux_parse(aux, len, &t, why, whylen))
		return NULL;
	arr = json_object_new_array();
	for (int i = 0; i < t.n; i++) {
		json_object *e = json_object_new_object();

		add(e, "kind", vmm_jstr(t.e[i].kind));
		add(e, "offset", vmm_ju64(t.e[i].offset));
		add(e, "length", vmm_ju64(t.e[i].length));
		if (t.e[i].cert) {
			vmm_cert_subject(t.e[i].cert, sub, sizeof(sub));
			add(e, "subject", vmm_jstr(sub));
		}
		add(e, "certificate", vmm_jbool(t.e[i].cert));
		json_object_array_add(arr, e);
	}
	vmm_att_aux_free(&t);
	return arr;
}

static json_object *show_result(const struct vmm_att *a, json_object *certs)
{
	json_object *r = json_object_new_object();

	add(r, "format", vmm_jstr(vmm_att_format_name(a->format)));
	add(r, "size", vmm_ju64(a->len));
	add(r, vmm_att_format_name(a->format), json_object_get(a->fields));
	if (certs)
		add(r, "certificates", certs);
	return r;
}

static int attest_show(struct vmm_call *c)
{
	const char *path = vmm_arg(c, "FILE", NULL)->raw;
	const struct vmm_val *auxo = vmm_opt(c, "aux");
	char *buf = NULL, *aux = NULL, why[300];
	json_object *certs = NULL;
	struct vmm_att a;
	size_t len = 0, alen = 0;
	int ret;

	ret = read_user(c, path, EVIDENCE_MAX, &buf, &len);
	if (ret)
		return ret;
	ret = decode(c, (uint8_t *)buf, len, path, &a);
	if (ret)
		goto out;
	if (auxo) {
		ret = read_user(c, auxo->raw, EVIDENCE_MAX, &aux, &alen);
		if (!ret && !(certs = aux_json((uint8_t *)aux, alen, why, sizeof(why))))
			ret = vmm_err(c, VMM_E_USAGE, EINVAL, "%s: %s", auxo->raw, why);
	}
	if (!ret)
		c->result = show_result(&a, certs);
	vmm_att_free(&a);
out:
	free(buf);
	free(aux);
	return ret;
}

static int load_nonce(struct vmm_call *c, uint8_t *nonce, size_t *len, bool *given)
{
	const struct vmm_val *hex = vmm_opt(c, "nonce"), *file = vmm_opt(c, "nonce-file");
	const struct vmm_val *rnd = vmm_opt(c, "random-nonce");
	char *buf;
	size_t n = 0;
	ssize_t k;
	int ret;

	*given = true;
	if (!!hex + !!file + !!rnd > 1)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "give one of --nonce, --nonce-file and "
			       "--random-nonce");
	if (hex) {
		k = vmm_att_unhex(hex->raw, nonce, VMM_TSM_INBLOB_MAX);
		if (k < 0) {
			ret = vmm_err(c, VMM_E_USAGE, EINVAL, "--nonce '%s': expected 1 to %d bytes "
				      "as hex digits", hex->raw, VMM_TSM_INBLOB_MAX);
			vmm_hint(c, "an even number of digits 0-9a-f, e.g. --nonce 00112233");
			return ret;
		}
		*len = (size_t)k;
		return 0;
	}
	if (file) {
		ret = read_user(c, file->raw, VMM_TSM_INBLOB_MAX + 1, &buf, &n);
		if (ret)
			return ret;
		if (!n || n > VMM_TSM_INBLOB_MAX) {
			free(buf);
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--nonce-file '%s': %zu bytes; "
				       "expected 1 to %d", file->raw, n, VMM_TSM_INBLOB_MAX);
		}
		memcpy(nonce, buf, n);
		*len = n;
		free(buf);
		return 0;
	}
	*given = false;
	*len = VMM_TSM_INBLOB_MAX;
	ret = vmm_sys_random(c->sys, nonce, *len);
	return ret ? vmm_err_sys(c, ret, "no random nonce") : 0;
}

static int verify_run(struct vmm_call *c, const struct vmm_att *a, struct vmm_att_opts *o);

static json_object *blob_op(const char *entry, const char *attr, json_object *val)
{
	json_object *op = json_object_new_object();
	char path[256];

	snprintf(path, sizeof(path), VMM_TSM_REPORT_DIR "/%s/%s", entry, attr);
	add(op, "action", vmm_jstr(!strcmp(attr, "") ? "configfs_mkdir" : "configfs_write"));
	add(op, "path", vmm_jstr(path));
	if (val)
		add(op, "value", val);
	return op;
}

static int write_blob(struct vmm_call *c, const char *path, const uint8_t *buf, size_t len)
{
	struct vmm_sys_atomic at;
	int ret = vmm_sys_atomic_open(c->sys, path, &at);

	if (!ret)
		ret = vmm_sys_atomic_write(c->sys, &at, buf, len);
	if (!ret)
		ret = vmm_sys_atomic_commit(c->sys, &at);
	else
		vmm_sys_atomic_abort(&at);
	return ret ? vmm_err_sys(c, ret, "cannot write '%s'", path) : 0;
}

static int save(struct vmm_call *c, const char *out, const struct vmm_tsm_report *r, json_object *res)
{
	char path[PATH_MAX];
	json_object *files = json_object_new_array();
	int ret;

	add(res, "files", files);
	ret = write_blob(c, out, r->outblob, r->outblob_len);
	if (ret)
		return ret;
	json_object_array_add(files, vmm_jstr(out));
	if (r->auxblob && r->auxblob_len) {
		snprintf(path, sizeof(path), "%s.aux", out);
		ret = write_blob(c, path, r->auxblob, r->auxblob_len);
		if (ret)
			return ret;
		json_object_array_add(files, vmm_jstr(path));
	}
	if (r->manifestblob && r->manifestblob_len) {
		snprintf(path, sizeof(path), "%s.manifest", out);
		ret = write_blob(c, path, r->manifestblob, r->manifestblob_len);
		if (ret)
			return ret;
		json_object_array_add(files, vmm_jstr(path));
	}
	return 0;
}

static int report_err(struct vmm_call *c, int ret, const struct vmm_tsm_report *r)
{
	switch (-ret) {
	case ENOENT:
		ret = vmm_err(c, VMM_E_NOTSUP, ENOENT, "no configfs-tsm report directory (%s)",
			      VMM_TSM_REPORT_DIR);
		vmm_hint(c, "configfs mounted at /sys/kernel/config and a kernel with "
			 "CONFIG_TSM_REPORTS: see 'vmmctl host features'");
		return ret;
	case ENXIO:
		ret = vmm_err(c, VMM_E_NOTSUP, ENXIO, "no attestation provider is registered "
			      "with configfs-tsm");
		vmm_hint(c, "the guest's TSM driver (arm_cca_guest, sev_guest, tdx_guest) loads "
			 "only inside a confidential VM");
		return ret;
	case EAGAIN:
		ret = vmm_err(c, VMM_E_BUSY, EAGAIN, "another writer changed report %s meanwhile "
			      "(generation %llu, then %llu after our %u writes): the blobs may not "
			      "answer this nonce", r->entry, (unsigned long long)r->gen_before,
			      (unsigned long long)r->gen_after, r->writes);
		vmm_hint(c, "run the command again");
		return ret;
	case EOPNOTSUPP:
		return vmm_err(c, VMM_E_NOTSUP, EOPNOTSUPP, "the %s provider takes no %s", r->provider,
			       strrchr(c->sys->last.path, '/') ? strrchr(c->sys->last.path, '/') + 1 :
			       "such attribute");
	case EBUSY:
		ret = vmm_err_sys(c, ret, "configfs-tsm refused a write until the report is read");
		vmm_hint(c, "run the command again");
		return ret;
	}
	return vmm_err_sys(c, ret, "the %s provider did not make a report",
			   *r->provider ? r->provider : "TSM");
}

static int attest_report(struct vmm_call *c)
{
	const struct vmm_val *pl = vmm_opt(c, "privlevel"), *sp = vmm_opt(c, "service-provider");
	const struct vmm_val *out = vmm_opt(c, "output");
	uint8_t nonce[VMM_TSM_INBLOB_MAX];
	struct vmm_tsm_req rq = { .privlevel = -1 };
	struct vmm_tsm_report r;
	struct vmm_att a;
	struct vmm_att_opts o = { 0 };
	json_object *res;
	size_t nlen;
	bool given;
	int ret;

	if (pl && pl->u > 3)
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--privlevel %s: expected 0 to 3", pl->raw);
	ret = load_nonce(c, nonce, &nlen, &given);
	if (ret)
		return ret;
	rq.inblob = nonce;
	rq.inblob_len = nlen;
	rq.privlevel = pl ? (int)pl->u : -1;
	rq.service_provider = sp ? sp->raw : NULL;
	if (vmm_dry_run(c)) {
		vmm_dry_op(c, blob_op("vmmctl-PID-RANDOM", "", NULL));
		if (pl)
			vmm_dry_op(c, blob_op("vmmctl-PID-RANDOM", "privlevel", vmm_ju64(pl->u)));
		if (sp)
			vmm_dry_op(c, blob_op("vmmctl-PID-RANDOM", "service_provider", vmm_jstr(sp->raw)));
		vmm_dry_op(c, blob_op("vmmctl-PID-RANDOM", "inblob", vmm_att_hex(nonce, nlen)));
		return 0;
	}
	ret = vmm_tsm_report_get(c->sys, &rq, &r);
	if (ret)
		return report_err(c, ret, &r);
	res = json_object_new_object();
	c->result = res;
	add(res, "provider", vmm_jstr(r.provider));
	add(res, "entry", vmm_jstr(r.entry));
	add(res, "generation", vmm_ju64(r.gen_after));
	add(res, "stale_entries_removed", vmm_ju64((uint64_t)r.stale_removed));
	add(res, "nonce", vmm_att_hex(nonce, nlen));
	add(res, "nonce_random", vmm_jbool(!given));
	add(res, "outblob_size", vmm_ju64(r.outblob_len));
	add(res, "auxblob_size", r.auxblob ? vmm_ju64(r.auxblob_len) : NULL);
	add(res, "manifestblob_size", r.manifestblob ? vmm_ju64(r.manifestblob_len) : NULL);
	if (out) {
		ret = save(c, out->raw, &r, res);
		if (ret)
			goto out;
	}
	/* shown as attest show does: an unknown provider's bytes are kept, not refused */
	if (vmm_att_decode(r.outblob, r.outblob_len, &a, NULL, 0) == 0) {
		json_object *ev = show_result(&a, NULL);

		add(res, "evidence", ev);
		o.nonce = nonce;
		o.nonce_len = nlen;
		o.aux = r.auxblob;
		o.aux_len = r.auxblob_len;
		ret = verify_run(c, &a, &o);
		if (ret == -EINVAL)	/* a failed check is shown, not an error of report */
			ret = 0;
		/* the checks belong to the evidence they were made on */
		json_object_object_add(ev, "verification", json_object_get(
			json_object_object_get(c->result, "verification")));
		json_object_object_del(c->result, "verification");
		vmm_att_free(&a);
	} else {
		add(res, "evidence", NULL);
	}
out:
	vmm_tsm_report_free(&r);
	return ret;
}

static const char *outcome_name(enum vmm_att_outcome o)
{
	return o == VMM_ATT_PASS ? "pass" : o == VMM_ATT_FAIL ? "fail" : "not_checked";
}

/* Runs the checks into c->result's "verification"; -EINVAL when one failed (no error set). */
static int verify_run(struct vmm_call *c, const struct vmm_att *a, struct vmm_att_opts *o)
{
	struct vmm_att_checks ck;
	json_object *v = json_object_new_object(), *arr = json_object_new_array();
	int pass = 0, fail = 0, skip = 0;
	int ret = vmm_att_verify(a, o, &ck);

	if (ret) {
		json_object_put(v);
		json_object_put(arr);
		return vmm_err(c, VMM_E_NOTSUP, -ret, "cannot verify: libcrypto: %s",
			       vmm_crypto_why());
	}
	for (int i = 0; i < ck.n; i++) {
		json_object *e = json_object_new_object();

		add(e, "name", vmm_jstr(ck.c[i].name));
		add(e, "outcome", vmm_jstr(outcome_name(ck.c[i].outcome)));
		add(e, "reason", vmm_jstr(ck.c[i].reason));
		json_object_array_add(arr, e);
		pass += ck.c[i].outcome == VMM_ATT_PASS;
		fail += ck.c[i].outcome == VMM_ATT_FAIL;
		skip += ck.c[i].outcome == VMM_ATT_SKIP;
	}
	add(v, "verified", vmm_jbool(vmm_att_checks_pass(&ck)));
	add(v, "passed", vmm_ju64((uint64_t)pass));
	add(v, "failed", vmm_ju64((uint64_t)fail));
	add(v, "not_checked", vmm_ju64((uint64_t)skip));
	add(v, "checks", arr);
	if (!c->result)
		c->result = json_object_new_object();
	add(c->result, "verification", v);
	return vmm_att_checks_pass(&ck) ? 0 : -EINVAL;
}

static int attest_verify(struct vmm_call *c)
{
	const char *path = vmm_arg(c, "FILE", NULL)->raw, *keys[16], *certs[16];
	const struct vmm_val *nonce = vmm_opt(c, "nonce"), *auxo = vmm_opt(c, "aux");
	struct vmm_key *kv[16] = { NULL };
	struct vmm_cert *cv[16] = { NULL };
	struct vmm_att_opts o = { .keys = kv, .certs = cv };
	uint8_t nb[VMM_TSM_INBLOB_MAX];
	char *buf = NULL, *aux = NULL, *kb;
	int nk = collect(c, "key", keys, 16), nc = collect(c, "cert", certs, 16);
	struct vmm_att a = { 0 };
	bool decoded = false;
	size_t len = 0, klen = 0;
	ssize_t k;
	int ret;

	if (nonce) {
		k = vmm_att_unhex(nonce->raw, nb, sizeof(nb));
		if (k < 0)
			return vmm_err(c, VMM_E_USAGE, EINVAL, "--nonce '%s': expected 1 to %d bytes "
				       "as hex digits", nonce->raw, VMM_TSM_INBLOB_MAX);
		o.nonce = nb;
		o.nonce_len = (size_t)k;
	}
	for (int i = 0; i < nk + nc; i++) {
		const char *p = i < nk ? keys[i] : certs[i - nk];

		ret = read_user(c, p, KEY_MAX, &kb, &klen);
		if (ret)
			goto out;
		ret = i < nk ? vmm_key_from_pem(kb, klen, &kv[o.nkeys]) :
			       vmm_cert_parse(kb, klen, &cv[o.ncerts]);
		free(kb);
		if (ret == -ELIBACC) {
			ret = vmm_err(c, VMM_E_NOTSUP, ELIBACC, "libcrypto: %s", vmm_crypto_why());
			goto out;
		}
		if (ret) {
			ret = vmm_err(c, VMM_E_USAGE, EINVAL, "%s '%s': expected %s", i < nk ?
				      "--key" : "--cert", p, i < nk ? "a PEM public key or a "
				      "certificate" : "an X.509 certificate, DER or PEM");
			goto out;
		}
		if (i < nk)
			o.nkeys++;
		else
			o.ncerts++;
	}
	ret = read_user(c, path, EVIDENCE_MAX, &buf, &len);
	if (ret)
		goto out;
	if (auxo) {
		ret = read_user(c, auxo->raw, EVIDENCE_MAX, &aux, &klen);
		if (ret)
			goto out;
		o.aux = (uint8_t *)aux;
		o.aux_len = klen;
	}
	ret = decode(c, (uint8_t *)buf, len, path, &a);
	if (ret)
		goto out;
	decoded = true;
	c->result = json_object_new_object();
	add(c->result, "format", vmm_jstr(vmm_att_format_name(a.format)));
	add(c->result, "file", vmm_jstr(path));
	ret = verify_run(c, &a, &o);
	if (ret == -EINVAL) {
		json_object *v = json_object_object_get(c->result, "verification");
		uint64_t failed = 0;

		vmm_jget_u64(v, "failed", &failed);
		ret = failed ? vmm_err(c, VMM_E_FAILED, 0, "%s: %llu check(s) failed", path,
				       (unsigned long long)failed)
			     : vmm_err(c, VMM_E_FAILED, 0, "%s: no check could be made", path);
		if (!failed)
			vmm_hint(c, "give the key or certificate that signed it (--key, --cert, --aux)");
	}
out:
	if (decoded)
		vmm_att_free(&a);
	for (int i = 0; i < 16; i++) {
		vmm_key_free(kv[i]);
		vmm_cert_free(cv[i]);
	}
	free(buf);
	free(aux);
	return ret;
}

/* The model as an indented tree: "name: value", arrays as [i]. */
static void tree(json_object *o, int depth, FILE *f)
{
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v) {
			if (json_object_is_type(v, json_type_object) ||
			    (json_object_is_type(v, json_type_array) && json_object_array_length(v))) {
				fprintf(f, "%*s%s:\n", 2 * depth, "", k);
				tree(v, depth + 1, f);
			} else {
				fprintf(f, "%*s%s: %s\n", 2 * depth, "", k, v ?
					json_object_get_string(v) : "-");
			}
		}
		return;
	}
	for (size_t i = 0; i < json_object_array_length(o); i++) {
		json_object *v = json_object_array_get_idx(o, i);

		if (json_object_is_type(v, json_type_object)) {
			fprintf(f, "%*s[%zu]\n", 2 * depth, "", i);
			tree(v, depth + 1, f);
		} else {
			fprintf(f, "%*s[%zu] %s\n", 2 * depth, "", i, json_object_get_string(v));
		}
	}
}

static void checks_text(json_object *v, FILE *f)
{
	json_object *arr = json_object_object_get(v, "checks");

	if (!arr)
		return;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		const char *out = vmm_jget_str(e, "outcome", "");

		fprintf(f, "%-4s %-18s %s\n", !strcmp(out, "pass") ? "ok" : !strcmp(out, "fail") ?
			"FAIL" : "-", vmm_jget_str(e, "name", ""), vmm_jget_str(e, "reason", ""));
	}
	fprintf(f, "verified: %s (%s passed, %s failed, %s not checked)\n",
		vmm_jget_str(v, "verified", "false"), vmm_jget_str(v, "passed", "0"),
		vmm_jget_str(v, "failed", "0"), vmm_jget_str(v, "not_checked", "0"));
}

/* Renderers get NULL when a failed command has no result. */
static void show_text(json_object *r, FILE *f)
{
	const char *fmt = vmm_jget_str(r, "format", "");
	json_object *certs = json_object_object_get(r, "certificates");

	if (!r)
		return;
	fprintf(f, "%s evidence, %s bytes\n", !strcmp(fmt, "cca") ? "Arm CCA" :
		!strcmp(fmt, "snp") ? "AMD SEV-SNP" : "Intel TDX", vmm_jget_str(r, "size", "?"));
	tree(json_object_object_get(r, fmt), 0, f);
	if (certs) {
		fprintf(f, "certificates:\n");
		tree(certs, 1, f);
	}
}

static void verify_text(json_object *r, FILE *f)
{
	if (!r)
		return;
	fprintf(f, "%s (%s)\n", vmm_jget_str(r, "file", ""), vmm_jget_str(r, "format", ""));
	checks_text(json_object_object_get(r, "verification"), f);
}

static void report_text(json_object *r, FILE *f)
{
	json_object *ev = json_object_object_get(r, "evidence"), *files;

	if (!r)
		return;
	fprintf(f, "report from %s (entry %s, generation %s): outblob %s bytes", vmm_jget_str(r,
		"provider", "?"), vmm_jget_str(r, "entry", "?"), vmm_jget_str(r, "generation", "?"),
		vmm_jget_str(r, "outblob_size", "?"));
	if (json_object_object_get(r, "auxblob_size"))
		fprintf(f, ", auxblob %s", vmm_jget_str(r, "auxblob_size", "?"));
	if (json_object_object_get(r, "manifestblob_size"))
		fprintf(f, ", manifestblob %s", vmm_jget_str(r, "manifestblob_size", "?"));
	fprintf(f, "\nnonce: %s%s\n", vmm_jget_str(r, "nonce", ""),
		json_object_get_boolean(json_object_object_get(r, "nonce_random")) ? " (random)" : "");
	files = json_object_object_get(r, "files");
	for (size_t i = 0; files && i < json_object_array_length(files); i++)
		fprintf(f, "wrote %s\n", json_object_get_string(json_object_array_get_idx(files, i)));
	if (!ev) {
		fprintf(f, "the outblob is no CCA token, SEV-SNP report or TDX quote vmmctl reads\n");
		return;
	}
	show_text(ev, f);
	checks_text(json_object_object_get(ev, "verification"), f);
}

static const struct vmm_arg file_arg[] = {
	{ "FILE", VMM_T_PATH, "the evidence (an outblob), or - for stdin", NULL, &vmm_comp_file,
	  VMM_ARG_SELF_HELP },
	{ NULL }
};

static const struct vmm_opt report_opts[] = {
	{ "nonce", 0, VMM_T_STR, "HEX", "the report's input (inblob): 1 to 64 bytes as hex digits" },
	{ "nonce-file", 0, VMM_T_PATH, "FILE", "the inblob from a file of 1 to 64 bytes" },
	{ "random-nonce", 0, VMM_T_FLAG, NULL, "64 random bytes (the default)" },
	{ "privlevel", 0, VMM_T_U64, "N", "the privilege level to attest (0-3, at least the "
	  "provider's privlevel_floor)" },
	{ "service-provider", 0, VMM_T_STR, "NAME", "SEV-SNP: the report from a service "
	  "provider (svsm) instead of the firmware" },
	{ "output", 'o', VMM_T_PATH, "FILE", "write the outblob to FILE, and FILE.aux and "
	  "FILE.manifest where the provider has them, each atomically" },
	{ NULL }
};

static const struct vmm_opt show_opts[] = {
	{ "aux", 0, VMM_T_PATH, "FILE", "an auxblob (SEV-SNP's certificate table) to list" },
	{ NULL }
};

static const struct vmm_opt verify_opts[] = {
	{ "nonce", 0, VMM_T_STR, "HEX", "the nonce the evidence must answer (zero-padded to "
	  "the field)" },
	{ "key", 0, VMM_T_PATH, "PEM", "CCA: the platform attestation key (CPAK), a PEM public "
	  "key or certificate; repeatable" },
	{ "cert", 0, VMM_T_PATH, "FILE", "SEV-SNP: a VCEK or VLEK, ASK or ARK certificate (DER "
	  "or PEM); repeatable" },
	{ "aux", 0, VMM_T_PATH, "FILE", "SEV-SNP: the auxblob, whose certificate table is used "
	  "as --cert" },
	{ NULL }
};

static const struct vmm_command attest_cmds[] = {
	{ "report", NULL, "fetch evidence through configfs-tsm: a report entry of its own, the "
	  "nonce in, the blobs out, decoded and checked", NULL, report_opts, attest_report,
	  report_text, VMM_CMD_MUTATING | VMM_CMD_NEEDS_ROOT },
	{ "show", NULL, "decode evidence: a CCA token, a SEV-SNP report or a TDX quote, every "
	  "claim and field by name", file_arg, show_opts, attest_show, show_text, 0 },
	{ "verify", NULL, "check evidence: signatures, the CCA binding, the certificate chain, "
	  "the nonce; exit 1 when a check fails", file_arg, verify_opts, attest_verify,
	  verify_text, 0 },
	{ NULL }
};

const struct vmm_object vmm_obj_attest = {
	"attest", NULL, "a confidential guest's attestation evidence: fetch (configfs-tsm), "
	"decode, verify (Arm CCA, AMD SEV-SNP, Intel TDX)", attest_cmds, 0,
};
