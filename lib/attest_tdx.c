// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Intel TDX quotes, versions 4 and 5 (Intel's DCAP quote format): a
 * 48-byte header, the TD report body (v5: behind a type and size), then
 * the ECDSA P-256 signature over everything before it, the attestation
 * key, and certification data whose QE report binds that key (and whose
 * PCK chain needs Intel's collateral, which vmmctl does not fetch).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attest_int.h"

#define TDX_HDR		48u
#define TD10_SIZE	584u
#define TD15_SIZE	648u
#define QE_REPORT	384u
#define QE_REPORT_DATA	320u
#define CERT_QE_REPORT	6u

struct tdx_layout {
	size_t body, body_len, sig;	/* offsets; sig: the signature data */
	size_t sig_len;
};

static const struct {
	const char *name;
	uint16_t off, len;
} td_fields[] = {
	{ "tee_tcb_svn", 0, 16 },	{ "mrseam", 16, 48 },	{ "mrsignerseam", 64, 48 },
	{ "seam_attributes", 112, 8 },	{ "mrtd", 136, 48 },	{ "mrconfigid", 184, 48 },
	{ "mrowner", 232, 48 },		{ "mrownerconfig", 280, 48 },
	{ "report_data", 520, 64 },	{ "tee_tcb_svn2", 584, 16 }, { "mrservicetd", 600, 48 },
};

static const struct {
	const char *name;
	uint8_t bit;
} td_attr_bits[] = {
	{ "debug", 0 }, { "sept_ve_disable", 28 }, { "migratable", 29 }, { "pks", 30 },
	{ "kl", 31 }, { "perfmon", 63 },
};

static const char *const xfam_names[] = {
	"x87", "sse", "avx", "mpx_bndregs", "mpx_bndcsr", "avx512_opmask", "avx512_zmm_hi256",
	"avx512_hi16_zmm", "pt", "pkru", "pasid", "cet_u", "cet_s", "hdc", "uintr", "lbr", "hwp",
	"amx_tilecfg", "amx_tiledata",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static int layout(const struct vmm_att *a, struct tdx_layout *l, char *why, size_t whylen)
{
	const uint8_t *q = a->buf;
	unsigned version = q[0];

	if (a->len < TDX_HDR + 6) {
		snprintf(why, whylen, "offset %zu: the TDX quote ends inside its header", a->len);
		return -EINVAL;
	}
	if (version == 4) {
		l->body = TDX_HDR;
		l->body_len = TD10_SIZE;
	} else {
		uint16_t type = (uint16_t)vmm_att_le(q + TDX_HDR, 2);
		uint32_t size = (uint32_t)vmm_att_le(q + TDX_HDR + 2, 4);

		if ((type != 2 || size != TD10_SIZE) && (type != 3 || size != TD15_SIZE)) {
			snprintf(why, whylen, "offset %u: quote body type %u of %u bytes; expected "
				 "2 (TD report 1.0, %u bytes) or 3 (TD report 1.5, %u bytes)",
				 TDX_HDR, type, size, TD10_SIZE, TD15_SIZE);
			return -EINVAL;
		}
		l->body = TDX_HDR + 6;
		l->body_len = size;
	}
	if (a->len < l->body + l->body_len + 4) {
		snprintf(why, whylen, "offset %zu: the TDX quote ends inside its TD report body "
			 "(%zu bytes from offset %zu)", a->len, l->body_len, l->body);
		return -EINVAL;
	}
	l->sig_len = (size_t)vmm_att_le(q + l->body + l->body_len, 4);
	l->sig = l->body + l->body_len + 4;
	if (l->sig_len < 128 + 6 || l->sig_len > a->len - l->sig) {
		snprintf(why, whylen, "offset %zu: signature data of %zu bytes; the quote has %zu "
			 "after it and at least 134 are needed", l->sig - 4, l->sig_len,
			 a->len - l->sig);
		return -EINVAL;
	}
	return 0;
}

int vmm_att_tdx_decode(struct vmm_att *a, char *why, size_t whylen)
{
	const uint8_t *q = a->buf, *b, *s;
	struct tdx_layout l;
	json_object *o, *h, *body, *attr, *rtmr, *xf, *sig;
	uint64_t attrs, xfam, known = 0;
	uint32_t cert_type, cert_size;
	int rc = layout(a, &l, why, whylen);

	if (rc)
		return rc;
	b = q + l.body;
	s = q + l.sig;
	a->fields = o = json_object_new_object();
	add(o, "version", json_object_new_int(q[0]));
	h = json_object_new_object();
	add(h, "att_key_type", json_object_new_int((int)vmm_att_le(q + 2, 2)));
	add(h, "tee_type", json_object_new_int64((int64_t)vmm_att_le(q + 4, 4)));
	add(h, "qe_svn", json_object_new_int((int)vmm_att_le(q + 8, 2)));
	add(h, "pce_svn", json_object_new_int((int)vmm_att_le(q + 10, 2)));
	add(h, "qe_vendor_id", vmm_att_hex(q + 12, 16));
	add(h, "user_data", vmm_att_hex(q + 28, 20));
	add(o, "header", h);
	add(o, "body_type", json_object_new_string(l.body_len == TD15_SIZE ? "td15" : "td10"));
	body = json_object_new_object();
	for (size_t i = 0; i < N(td_fields); i++)
		if (td_fields[i].off + td_fields[i].len <= l.body_len)
			add(body, td_fields[i].name, vmm_att_hex(b + td_fields[i].off, td_fields[i].len));
	attrs = vmm_att_le(b + 120, 8);
	attr = json_object_new_object();
	add(attr, "raw", json_object_new_uint64(attrs));
	for (size_t i = 0; i < N(td_attr_bits); i++) {
		add(attr, td_attr_bits[i].name, json_object_new_boolean(attrs >> td_attr_bits[i].bit & 1));
		known |= 1ull << td_attr_bits[i].bit;
	}
	if (attrs & ~known)
		add(attr, "unknown_bits", json_object_new_uint64(attrs & ~known));
	add(body, "td_attributes", attr);
	xfam = vmm_att_le(b + 128, 8);
	add(body, "xfam", json_object_new_uint64(xfam));
	xf = json_object_new_array();
	for (size_t i = 0; i < N(xfam_names); i++)
		if (xfam >> i & 1)
			json_object_array_add(xf, json_object_new_string(xfam_names[i]));
	add(body, "xfam_features", xf);
	rtmr = json_object_new_array();
	for (int i = 0; i < 4; i++)
		json_object_array_add(rtmr, vmm_att_hex(b + 328 + 48 * i, 48));
	add(body, "rtmr", rtmr);
	add(o, "body", body);
	sig = json_object_new_object();
	add(sig, "r", vmm_att_hex(s, 32));
	add(sig, "s", vmm_att_hex(s + 32, 32));
	add(o, "signature", sig);
	add(o, "attestation_key", vmm_att_hex(s + 64, 64));
	cert_type = (uint32_t)vmm_att_le(s + 128, 2);
	cert_size = (uint32_t)vmm_att_le(s + 130, 4);
	add(o, "certification_data_type", json_object_new_int((int)cert_type));
	add(o, "certification_data_size", json_object_new_int64(cert_size));
	if (cert_size > l.sig_len - 134) {
		snprintf(why, whylen, "offset %zu: certification data of %u bytes; the signature "
			 "data has %zu left", l.sig + 130, cert_size, l.sig_len - 134);
		return -EINVAL;
	}
	return 0;
}

/* The QE report's REPORTDATA: SHA-256(attestation key || QE auth data), then zeros. */
static void check_qe_binding(const uint8_t *s, size_t sig_len, struct vmm_att_checks *out)
{
	const uint8_t *cd = s + 134, *rd = cd + QE_REPORT_DATA;
	uint32_t size = (uint32_t)vmm_att_le(s + 130, 4);
	uint8_t buf[64 + 65535], d[VMM_DIGEST_MAX];
	static const uint8_t zero[32];
	size_t auth;

	if (vmm_att_le(s + 128, 2) != CERT_QE_REPORT) {
		vmm_att_check(out, "qe-binding", VMM_ATT_SKIP, "not checked: certification data "
			      "type %u carries no QE report", (unsigned)vmm_att_le(s + 128, 2));
		return;
	}
	if (size < QE_REPORT + 64 + 2 || size > sig_len - 134 ||
	    (auth = (size_t)vmm_att_le(cd + QE_REPORT + 64, 2)) > size - (QE_REPORT + 64 + 2)) {
		vmm_att_check(out, "qe-binding", VMM_ATT_FAIL, "the QE report certification data "
			      "(%u bytes) is too short for its QE report and auth data", size);
		return;
	}
	memcpy(buf, s + 64, 64);
	memcpy(buf + 64, cd + QE_REPORT + 64 + 2, auth);
	if (vmm_digest("sha256", buf, 64 + auth, d) != 32 || memcmp(d, rd, 32) ||
	    memcmp(rd + 32, zero, sizeof(zero)))
		vmm_att_check(out, "qe-binding", VMM_ATT_FAIL, "the QE report's REPORTDATA is not "
			      "SHA-256 of the attestation key and QE auth data");
	else
		vmm_att_check(out, "qe-binding", VMM_ATT_PASS, "the QE report's REPORTDATA binds "
			      "the attestation key (SHA-256 with %zu bytes of QE auth data)", auth);
}

void vmm_att_tdx_verify(const struct vmm_att *a, const struct vmm_att_opts *o,
			struct vmm_att_checks *out)
{
	const uint8_t *s;
	struct vmm_key *k = NULL;
	struct tdx_layout l;
	char why[200];
	int rc;

	if (layout(a, &l, why, sizeof(why))) {
		vmm_att_check(out, "structure", VMM_ATT_FAIL, "%s", why);
		return;
	}
	s = a->buf + l.sig;
	vmm_att_check(out, "structure", VMM_ATT_PASS, "version %u quote, %s body, %zu bytes of "
		      "signature data", a->buf[0], l.body_len == TD15_SIZE ? "TD 1.5" : "TD 1.0",
		      l.sig_len);
	if (vmm_att_le(a->buf + 2, 2) != 2) {
		vmm_att_check(out, "signature", VMM_ATT_FAIL, "attestation key type %u: only 2 "
			      "(ECDSA-256 with P-256) is defined",
			      (unsigned)vmm_att_le(a->buf + 2, 2));
	} else if (vmm_key_from_point("P-256", s + 64, 64, &k)) {
		vmm_att_check(out, "signature", VMM_ATT_FAIL, "the attestation key in the quote "
			      "is no P-256 point");
	} else {
		rc = vmm_key_verify_rs(k, "sha256", a->buf, l.sig - 4, s, s + 32, 32);
		vmm_att_check(out, "signature", rc == 1 ? VMM_ATT_PASS : VMM_ATT_FAIL,
			      rc == 1 ? "ECDSA P-256 signature over the header and body verified with "
			      "the quote's attestation key" : "the ECDSA P-256 signature over the "
			      "header and body does not verify with the quote's attestation key");
	}
	vmm_key_free(k);
	check_qe_binding(s, l.sig_len, out);
	vmm_att_check_nonce(out, "REPORTDATA", a->buf + l.body + 520, 64, o);
	vmm_att_check(out, "collateral", VMM_ATT_SKIP, "not checked: the QE report's signature "
		      "by the PCK, the PCK chain to Intel's root, TCB status and QE identity need "
		      "Intel's collateral");
}
