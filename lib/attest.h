/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Attestation evidence, the guest side of confidential computing: an Arm
 * CCA token, an AMD SEV-SNP attestation report or an Intel TDX quote,
 * recognised from its bytes, decoded field by field into a JSON model
 * (the tree of names the bytes hold), and verified as far as the bytes
 * and the keys given allow.
 */
#ifndef VMM_LIB_ATTEST_H
#define VMM_LIB_ATTEST_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "crypto.h"

enum vmm_att_format { VMM_ATT_CCA = 1, VMM_ATT_SNP, VMM_ATT_TDX };

struct vmm_att {
	enum vmm_att_format format;
	const uint8_t *buf;	/* the evidence, borrowed */
	size_t len;
	json_object *fields;	/* the format's object ("cca", "snp", "tdx" in the result) */
	void *priv;		/* what verification needs, by format */
};

/*
 * Decodes buf (borrowed until vmm_att_free). -EINVAL for bad input, with
 * why naming the byte offset or the CBOR item where decoding stopped;
 * -ELIBACC without libcbor or libcrypto.
 */
int vmm_att_decode(const uint8_t *buf, size_t len, struct vmm_att *a, char *why, size_t whylen);
void vmm_att_free(struct vmm_att *a);
const char *vmm_att_format_name(enum vmm_att_format f);
/* Bytes as a lowercase hex string, as the model shows them. */
json_object *vmm_att_hex(const uint8_t *p, size_t n);
/* Hex digits (an optional 0x, an even count, no spaces or signs) into buf: the byte count, -1 when bad or above max. */
ssize_t vmm_att_unhex(const char *s, uint8_t *buf, size_t max);

enum vmm_att_outcome { VMM_ATT_PASS, VMM_ATT_FAIL, VMM_ATT_SKIP };

#define VMM_ATT_CHECKS	32
struct vmm_att_checks {
	int n;
	struct {
		char name[32];
		enum vmm_att_outcome outcome;
		char reason[320];
	} c[VMM_ATT_CHECKS];
};

struct vmm_att_opts {
	const uint8_t *nonce;		/* NULL: not given */
	size_t nonce_len;
	struct vmm_key **keys;		/* --key: CCA's platform key (CPAK) */
	int nkeys;
	struct vmm_cert **certs;	/* --cert: SNP's VCEK/VLEK, ASK, ARK */
	int ncerts;
	const uint8_t *aux;		/* the auxblob (SNP: the certificate table) */
	size_t aux_len;
};

/* Every check the evidence and o allow, each with its outcome; -errno only when none could run. */
int vmm_att_verify(const struct vmm_att *a, const struct vmm_att_opts *o, struct vmm_att_checks *out);
/* Whether every check that ran passed (and at least one ran). */
bool vmm_att_checks_pass(const struct vmm_att_checks *c);

/*
 * SEV-SNP's certificate table (the auxblob of sev_guest: GUID, offset,
 * length entries, then the certificates): each certificate found, by kind
 * ("vcek", "vlek", "ask", "ark" or the GUID), parsed; -EINVAL with why.
 */
#define VMM_ATT_AUX_CERTS	8
struct vmm_att_aux {
	int n;
	struct {
		char kind[40];
		uint32_t offset, length;
		struct vmm_cert *cert;	/* NULL when the bytes are no certificate */
	} e[VMM_ATT_AUX_CERTS];
};
int vmm_att_aux_parse(const uint8_t *buf, size_t len, struct vmm_att_aux *aux, char *why,
		      size_t whylen);
void vmm_att_aux_free(struct vmm_att_aux *aux);

#endif
