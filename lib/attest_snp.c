// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * AMD SEV-SNP ATTESTATION_REPORT (SEV Secure Nested Paging Firmware ABI
 * Specification, "ATTESTATION_REPORT Structure"), versions 2 to 5: 0x4a0
 * bytes of fixed fields, ECDSA P-384 signed over its first 0x2a0 bytes by
 * the chip's VCEK or the VLEK, r and s little-endian in 72-byte fields.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attest_int.h"

#define SNP_SIGNED	0x2a0u
#define SNP_SIG_R	0x2a0u
#define SNP_SIG_S	0x2e8u
#define SNP_SIG_FIELD	72u
#define SNP_ALGO_ECDSA_P384_SHA384 1

/* byte fields shown as hex */
static const struct {
	const char *name;
	uint16_t off, len;
} snp_bytes[] = {
	{ "family_id", 0x10, 16 },	{ "image_id", 0x20, 16 },
	{ "report_data", 0x50, 64 },	{ "measurement", 0x90, 48 },
	{ "host_data", 0xc0, 32 },	{ "id_key_digest", 0xe0, 48 },
	{ "author_key_digest", 0x110, 48 }, { "report_id", 0x140, 32 },
	{ "report_id_ma", 0x160, 32 },	{ "chip_id", 0x1a0, 64 },
};

static const struct {
	const char *name;
	uint8_t bit;
} policy_bits[] = {
	{ "smt", 16 }, { "reserved_must_be_one", 17 }, { "migrate_ma", 18 }, { "debug", 19 },
	{ "single_socket", 20 }, { "cxl_allow", 21 }, { "mem_aes_256_xts", 22 },
	{ "rapl_dis", 23 }, { "ciphertext_hiding", 24 }, { "page_swap_disable", 25 },
}, platform_bits[] = {
	{ "smt_enabled", 0 }, { "tsme_enabled", 1 }, { "ecc_enabled", 2 }, { "rapl_disabled", 3 },
	{ "ciphertext_hiding_enabled", 4 }, { "alias_check_complete", 5 }, { "tio_enabled", 7 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *bits_obj(uint64_t raw, const void *tab, size_t n, uint64_t known_extra)
{
	const struct { const char *name; uint8_t bit; } *t = tab;
	json_object *o = json_object_new_object();
	uint64_t known = known_extra;

	add(o, "raw", json_object_new_uint64(raw));
	for (size_t i = 0; i < n; i++) {
		add(o, t[i].name, json_object_new_boolean(raw >> t[i].bit & 1));
		known |= 1ull << t[i].bit;
	}
	if (raw & ~known)
		add(o, "unknown_bits", json_object_new_uint64(raw & ~known));
	return o;
}

/*
 * TCB_VERSION: family 19h (Milan, Genoa) keeps the boot loader, TEE, SNP
 * and microcode SVNs in bytes 0, 1, 6, 7; family 1Ah (Turin) has FMC,
 * boot loader, TEE, SNP in bytes 0-3 and microcode in byte 7.
 */
static json_object *tcb_obj(uint64_t raw, bool turin)
{
	json_object *o = json_object_new_object();
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(raw >> (8 * i));
	add(o, "raw", json_object_new_uint64(raw));
	if (turin)
		add(o, "fmc", json_object_new_int(b[0]));
	add(o, "bootloader", json_object_new_int(turin ? b[1] : b[0]));
	add(o, "tee", json_object_new_int(turin ? b[2] : b[1]));
	add(o, "snp", json_object_new_int(turin ? b[3] : b[6]));
	add(o, "microcode", json_object_new_int(b[7]));
	return o;
}

static json_object *version_str(const uint8_t *p)
{
	char v[16];

	snprintf(v, sizeof(v), "%u.%u.%u", p[2], p[1], p[0]);
	return json_object_new_string(v);
}

/* a 72-byte little-endian field as a big-endian hex integer of 48 bytes */
static json_object *sig_half(const uint8_t *p)
{
	uint8_t be[48];

	for (int i = 0; i < 48; i++)
		be[i] = p[47 - i];
	return vmm_att_hex(be, sizeof(be));
}

int vmm_att_snp_decode(struct vmm_att *a, char *why, size_t whylen)
{
	const uint8_t *r = a->buf;
	uint32_t version = (uint32_t)vmm_att_le(r, 4), keyinfo = (uint32_t)vmm_att_le(r + 0x48, 4);
	uint64_t policy = vmm_att_le(r + 0x08, 8);
	static const char *const signers[8] = { "vcek", "vlek", "2", "3", "4", "5", "6", "none" };
	json_object *o, *p, *sig;
	bool turin;

	if (version < 2 || version > 5) {
		snprintf(why, whylen, "offset 0: SEV-SNP report version %u; vmmctl reads versions 2 "
			 "to 5", version);
		return -EINVAL;
	}
	/* version 2 has no CPUID: its TCB is the family 19h layout */
	turin = version >= 3 && r[0x188] == 0x1a;
	a->fields = o = json_object_new_object();
	add(o, "version", json_object_new_int((int)version));
	add(o, "guest_svn", json_object_new_int64((int64_t)vmm_att_le(r + 4, 4)));
	p = bits_obj(policy, policy_bits, N(policy_bits), 0xffff);
	add(p, "abi_minor", json_object_new_int((int)(policy & 0xff)));
	add(p, "abi_major", json_object_new_int((int)(policy >> 8 & 0xff)));
	add(o, "policy", p);
	add(o, "vmpl", json_object_new_int64((int64_t)vmm_att_le(r + 0x30, 4)));
	add(o, "signature_algo", json_object_new_int64((int64_t)vmm_att_le(r + 0x34, 4)));
	add(o, "signature_algo_name", json_object_new_string(
		    vmm_att_le(r + 0x34, 4) == SNP_ALGO_ECDSA_P384_SHA384 ? "ecdsa-p384-sha384"
									  : "unknown"));
	add(o, "current_tcb", tcb_obj(vmm_att_le(r + 0x38, 8), turin));
	add(o, "platform_info", bits_obj(vmm_att_le(r + 0x40, 8), platform_bits, N(platform_bits), 0));
	add(o, "author_key_en", json_object_new_boolean(keyinfo & 1));
	add(o, "mask_chip_key", json_object_new_boolean(keyinfo >> 1 & 1));
	add(o, "signing_key", json_object_new_string(signers[keyinfo >> 2 & 7]));
	for (size_t i = 0; i < N(snp_bytes); i++)
		add(o, snp_bytes[i].name, vmm_att_hex(r + snp_bytes[i].off, snp_bytes[i].len));
	add(o, "reported_tcb", tcb_obj(vmm_att_le(r + 0x180, 8), turin));
	if (version >= 3) {
		p = json_object_new_object();
		add(p, "family", json_object_new_int(r[0x188]));
		add(p, "model", json_object_new_int(r[0x189]));
		add(p, "stepping", json_object_new_int(r[0x18a]));
		add(o, "cpuid", p);
	}
	add(o, "tcb_layout", json_object_new_string(turin ? "family 1Ah" : "family 19h"));
	add(o, "committed_tcb", tcb_obj(vmm_att_le(r + 0x1e0, 8), turin));
	add(o, "current_version", version_str(r + 0x1e8));
	add(o, "committed_version", version_str(r + 0x1ec));
	add(o, "launch_tcb", tcb_obj(vmm_att_le(r + 0x1f0, 8), turin));
	if (version >= 5) {
		add(o, "launch_mit_vector", json_object_new_uint64(vmm_att_le(r + 0x1f8, 8)));
		add(o, "current_mit_vector", json_object_new_uint64(vmm_att_le(r + 0x200, 8)));
	}
	sig = json_object_new_object();
	add(sig, "r", sig_half(r + SNP_SIG_R));
	add(sig, "s", sig_half(r + SNP_SIG_S));
	add(o, "signature", sig);
	return 0;
}

struct snp_pool {
	struct vmm_cert *c[VMM_ATT_AUX_CERTS + 16];
	const char *from[VMM_ATT_AUX_CERTS + 16];
	int n;
};

/* Which of the pool verifies the report: its index, or -1. */
static int find_signer(const struct vmm_att *a, const struct snp_pool *pool)
{
	uint8_t r[48], s[48];

	for (int i = 0; i < 48; i++) {
		r[i] = a->buf[SNP_SIG_R + 47 - i];
		s[i] = a->buf[SNP_SIG_S + 47 - i];
	}
	for (int i = 0; i < pool->n; i++) {
		const struct vmm_key *k = vmm_cert_key(pool->c[i]);
		const char *curve = vmm_key_curve(k);

		if (curve && !strcmp(curve, "P-384") &&
		    vmm_key_verify_rs(k, "sha384", a->buf, SNP_SIGNED, r, s, sizeof(r)) == 1)
			return i;
	}
	return -1;
}

/* The chain from the signer up: each link checked, the top self-signed. */
static void check_chain(struct vmm_att_checks *out, const struct snp_pool *pool, int leaf)
{
	bool used[VMM_ATT_AUX_CERTS + 16] = { false };
	char sub[160], iss[160];
	int cur = leaf, links = 0;

	used[leaf] = true;
	for (;;) {
		int up = -1;

		if (vmm_cert_signed_by(pool->c[cur], pool->c[cur]) == 1) {
			vmm_cert_subject(pool->c[cur], sub, sizeof(sub));
			if (links)
				vmm_att_check(out, "chain-root", VMM_ATT_PASS, "%s is self-signed", sub);
			else
				vmm_att_check(out, "chain", VMM_ATT_FAIL, "the report's signer %s "
					      "is self-signed: not a VCEK or VLEK", sub);
			return;
		}
		for (int i = 0; i < pool->n && up < 0; i++)
			if (!used[i] && vmm_cert_signed_by(pool->c[cur], pool->c[i]) == 1)
				up = i;
		vmm_cert_subject(pool->c[cur], sub, sizeof(sub));
		if (up < 0) {
			if (pool->n == 1)
				vmm_att_check(out, "chain", VMM_ATT_SKIP, "not checked: no ASK or ARK "
					      "given beside %s", sub);
			else
				vmm_att_check(out, "chain", VMM_ATT_FAIL, "no certificate given signed "
					      "%s, so the chain does not reach a root (ARK)", sub);
			return;
		}
		vmm_cert_subject(pool->c[up], iss, sizeof(iss));
		vmm_att_check(out, "chain", VMM_ATT_PASS, "%s (%s) is signed by %s (%s)", sub,
			      pool->from[cur], iss, pool->from[up]);
		used[up] = true;
		cur = up;
		links++;
	}
}

void vmm_att_snp_verify(const struct vmm_att *a, const struct vmm_att_opts *o,
			struct vmm_att_checks *out)
{
	uint32_t algo = (uint32_t)vmm_att_le(a->buf + 0x34, 4);
	struct vmm_att_aux aux = { 0 };
	struct snp_pool pool = { .n = 0 };
	char why[200], sub[160];
	int signer;

	for (int i = 0; i < o->ncerts && pool.n < (int)N(pool.c); i++) {
		pool.c[pool.n] = o->certs[i];
		pool.from[pool.n++] = "--cert";
	}
	if (o->aux) {
		if (vmm_att_aux_parse(o->aux, o->aux_len, &aux, why, sizeof(why)))
			vmm_att_check(out, "auxblob", VMM_ATT_FAIL, "%s", why);
		for (int i = 0; i < aux.n && pool.n < (int)N(pool.c); i++) {
			if (!aux.e[i].cert)
				continue;
			pool.c[pool.n] = aux.e[i].cert;
			pool.from[pool.n++] = aux.e[i].kind;
		}
	}
	if (algo != SNP_ALGO_ECDSA_P384_SHA384) {
		vmm_att_check(out, "signature", VMM_ATT_FAIL, "signature algorithm %u: only 1 "
			      "(ECDSA P-384 with SHA-384) is defined", algo);
	} else if (!pool.n) {
		vmm_att_check(out, "signature", VMM_ATT_SKIP, "not checked: no VCEK or VLEK "
			      "certificate (--cert, or the auxblob's table)");
	} else if ((signer = find_signer(a, &pool)) < 0) {
		vmm_att_check(out, "signature", VMM_ATT_FAIL, "no certificate given (%d) verifies "
			      "the report's ECDSA P-384 signature over bytes 0x0-0x29f", pool.n);
	} else {
		vmm_cert_subject(pool.c[signer], sub, sizeof(sub));
		vmm_att_check(out, "signature", VMM_ATT_PASS, "ECDSA P-384 signature verified with "
			      "%s (%s)", sub, pool.from[signer]);
		check_chain(out, &pool, signer);
	}
	vmm_att_check_nonce(out, "REPORT_DATA", a->buf + 0x50, 64, o);
	vmm_att_aux_free(&aux);
}
