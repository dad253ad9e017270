// SPDX-License-Identifier: GPL-3.0-or-later
/* Evidence recognised from its first bytes; checks; SEV-SNP's certificate table. */
#include "attest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attest_int.h"
#include "cbor_dl.h"

json_object *vmm_att_hex(const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char buf[2 * 256 + 1], *big = NULL, *h = buf;
	json_object *o;

	if (2 * n + 1 > sizeof(buf)) {
		big = malloc(2 * n + 1);
		if (!big)
			return NULL;
		h = big;
	}
	for (size_t i = 0; i < n; i++) {
		h[2 * i] = digits[p[i] >> 4];
		h[2 * i + 1] = digits[p[i] & 15];
	}
	o = json_object_new_string_len(h, (int)(2 * n));
	free(big);
	return o;
}

static int hex_digit(char ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
	       ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

ssize_t vmm_att_unhex(const char *s, uint8_t *buf, size_t max)
{
	size_t n = 0;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
		s += 2;
	if (!*s || strlen(s) % 2)
		return -1;
	for (; *s; s += 2) {
		int hi = hex_digit(s[0]), lo = hex_digit(s[1]);

		if (hi < 0 || lo < 0 || n == max)
			return -1;
		buf[n++] = (uint8_t)(hi << 4 | lo);
	}
	return (ssize_t)n;
}

uint64_t vmm_att_le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

void vmm_att_check(struct vmm_att_checks *out, const char *name, enum vmm_att_outcome o,
		   const char *fmt, ...)
{
	va_list ap;

	if (out->n >= VMM_ATT_CHECKS)
		return;
	snprintf(out->c[out->n].name, sizeof(out->c[0].name), "%s", name);
	out->c[out->n].outcome = o;
	va_start(ap, fmt);
	vsnprintf(out->c[out->n].reason, sizeof(out->c[0].reason), fmt, ap);
	va_end(ap);
	out->n++;
}

void vmm_att_check_nonce(struct vmm_att_checks *out, const char *field, const uint8_t *v, size_t n,
			 const struct vmm_att_opts *o)
{
	uint8_t want[64] = { 0 };

	if (!o->nonce) {
		vmm_att_check(out, "nonce", VMM_ATT_SKIP, "not checked: no --nonce given");
		return;
	}
	if (o->nonce_len > n || n > sizeof(want)) {
		vmm_att_check(out, "nonce", VMM_ATT_FAIL, "the nonce is %zu bytes, %s holds %zu",
			      o->nonce_len, field, n);
		return;
	}
	memcpy(want, o->nonce, o->nonce_len);
	if (memcmp(want, v, n))
		vmm_att_check(out, "nonce", VMM_ATT_FAIL, "%s differs from the nonce%s", field,
			      o->nonce_len < n ? " (zero-padded)" : "");
	else
		vmm_att_check(out, "nonce", VMM_ATT_PASS, "%s equals the nonce%s", field,
			      o->nonce_len < n ? " (zero-padded)" : "");
}

const char *vmm_att_format_name(enum vmm_att_format f)
{
	switch (f) {
	case VMM_ATT_CCA: return "cca";
	case VMM_ATT_SNP: return "snp";
	case VMM_ATT_TDX: return "tdx";
	}
	return "?";
}

#define SNP_REPORT_SIZE	0x4a0u

static int cca(struct vmm_att *a, char *why, size_t whylen)
{
	a->format = VMM_ATT_CCA;
	if (vmm_cbor_load()) {
		snprintf(why, whylen, "libcbor: %s", vmm_cbor.why);
		return -ELIBACC;
	}
	return vmm_att_cca_decode(a, why, whylen);
}

int vmm_att_decode(const uint8_t *buf, size_t len, struct vmm_att *a, char *why, size_t whylen)
{
	int rc;

	memset(a, 0, sizeof(*a));
	a->buf = buf;
	a->len = len;
	/* CBOR tag 399 (d9 01 8f) or 907 (d9 03 8b) */
	if (len >= 3 && buf[0] == 0xd9 && ((buf[1] == 0x01 && buf[2] == 0x8f) ||
					   (buf[1] == 0x03 && buf[2] == 0x8b))) {
		rc = cca(a, why, whylen);
	} else if (len >= 8 && (buf[0] == 4 || buf[0] == 5) && !buf[1] &&
		   vmm_att_le(buf + 4, 4) == 0x81) {
		a->format = VMM_ATT_TDX;
		rc = vmm_att_tdx_decode(a, why, whylen);
	} else if (len == SNP_REPORT_SIZE && !buf[1] && !buf[2] && !buf[3]) {
		a->format = VMM_ATT_SNP;
		rc = vmm_att_snp_decode(a, why, whylen);
	} else if (len >= 1 && buf[0] >= 0xa1 && buf[0] <= 0xbf) {
		/* a CMW collection without its tag (draft-ietf-rats-msg-wrap-21 dropped it) */
		rc = cca(a, why, whylen);
	} else {
		snprintf(why, whylen, "offset 0: not a CCA token (CBOR tag 399 or 907), a SEV-SNP "
			 "report (%u bytes, version 2 to 5) or a TDX quote (version 4 or 5, TEE type "
			 "0x81); %zu bytes", SNP_REPORT_SIZE, len);
		return -EINVAL;
	}
	if (rc)
		vmm_att_free(a);
	return rc;
}

void vmm_att_free(struct vmm_att *a)
{
	if (a->format == VMM_ATT_CCA)
		vmm_att_cca_free(a->priv);
	a->priv = NULL;
	json_object_put(a->fields);
	a->fields = NULL;
}

int vmm_att_verify(const struct vmm_att *a, const struct vmm_att_opts *o, struct vmm_att_checks *out)
{
	int rc = vmm_crypto_load();

	out->n = 0;
	if (rc)
		return rc;
	switch (a->format) {
	case VMM_ATT_CCA:
		vmm_att_cca_verify(a, o, out);
		break;
	case VMM_ATT_SNP:
		vmm_att_snp_verify(a, o, out);
		break;
	case VMM_ATT_TDX:
		vmm_att_tdx_verify(a, o, out);
		break;
	}
	return 0;
}

bool vmm_att_checks_pass(const struct vmm_att_checks *c)
{
	bool ran = false;

	for (int i = 0; i < c->n; i++) {
		if (c->c[i].outcome == VMM_ATT_FAIL)
			return false;
		ran |= c->c[i].outcome == VMM_ATT_PASS;
	}
	return ran;
}

/*
 * The GHCB's certificate GUIDs, EFI byte order (the first three fields
 * little-endian); AMD's own tools write them in RFC 4122 order (the bytes
 * as the text reads), and the kernel passes the host's table through, so
 * both orders are recognised.
 */
static const struct {
	const char *kind;
	uint8_t guid[16];
} aux_guids[] = {
	{ "vcek", { 0x8d, 0x75, 0xda, 0x63, 0x64, 0xe6, 0x64, 0x45,
		    0xad, 0xc5, 0xf4, 0xb9, 0x3b, 0xe8, 0xac, 0xcd } },
	{ "vlek", { 0xc2, 0x4b, 0x07, 0xa8, 0x2a, 0xa2, 0x3e, 0x48,
		    0xaa, 0xe6, 0x39, 0xc0, 0x45, 0xa0, 0xb8, 0xa1 } },
	{ "ask",  { 0x79, 0xb3, 0xb7, 0x4a, 0xac, 0xbb, 0xe4, 0x4f,
		    0xa0, 0x2f, 0x05, 0xae, 0xf3, 0x27, 0xc7, 0x82 } },
	{ "ark",  { 0xa4, 0x06, 0xb4, 0xc0, 0x03, 0xa8, 0x52, 0x49,
		    0x97, 0x43, 0x3f, 0xb6, 0x01, 0x4c, 0xd0, 0xae } },
};

static bool guid_eq(const uint8_t *g, const uint8_t *efi)
{
	static const uint8_t rfc[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	bool as_rfc = true;

	for (int i = 0; i < 16; i++)
		as_rfc &= g[i] == efi[rfc[i]];
	return as_rfc || !memcmp(g, efi, 16);
}

static void guid_text(const uint8_t *g, char *buf, size_t len)
{
	snprintf(buf, len, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 (unsigned)vmm_att_le(g, 4), (unsigned)vmm_att_le(g + 4, 2),
		 (unsigned)vmm_att_le(g + 6, 2), g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

int vmm_att_aux_parse(const uint8_t *buf, size_t len, struct vmm_att_aux *aux, char *why,
		      size_t whylen)
{
	static const uint8_t zero[24];
	size_t off;

	memset(aux, 0, sizeof(*aux));
	for (off = 0;; off += 24) {
		const uint8_t *e = buf + off;
		uint32_t o, l;
		size_t k;

		if (off + 24 > len) {
			snprintf(why, whylen, "certificate table, offset %zu: no all-zero entry ends "
				 "the table", off);
			return -EINVAL;
		}
		if (!memcmp(e, zero, sizeof(zero)))
			return 0;
		o = (uint32_t)vmm_att_le(e + 16, 4);
		l = (uint32_t)vmm_att_le(e + 20, 4);
		if (aux->n == VMM_ATT_AUX_CERTS) {
			snprintf(why, whylen, "certificate table, offset %zu: more than %d entries",
				 off, VMM_ATT_AUX_CERTS);
			return -EINVAL;
		}
		if ((uint64_t)o + l > len || o < off + 48) {
			snprintf(why, whylen, "certificate table, offset %zu: entry %d's certificate "
				 "(offset %u, length %u) is not after the table inside its %zu bytes",
				 off + 16, aux->n, o, l, len);
			vmm_att_aux_free(aux);
			return -EINVAL;
		}
		for (k = 0; k < sizeof(aux_guids) / sizeof(aux_guids[0]); k++)
			if (guid_eq(e, aux_guids[k].guid))
				break;
		if (k < sizeof(aux_guids) / sizeof(aux_guids[0]))
			snprintf(aux->e[aux->n].kind, sizeof(aux->e[0].kind), "%s", aux_guids[k].kind);
		else
			guid_text(e, aux->e[aux->n].kind, sizeof(aux->e[0].kind));
		aux->e[aux->n].offset = o;
		aux->e[aux->n].length = l;
		if (vmm_cert_parse(buf + o, l, &aux->e[aux->n].cert))
			aux->e[aux->n].cert = NULL;
		aux->n++;
	}
}

void vmm_att_aux_free(struct vmm_att_aux *aux)
{
	for (int i = 0; i < aux->n; i++)
		vmm_cert_free(aux->e[i].cert);
	aux->n = 0;
}
