/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The project's one crypto library, OpenSSL's libcrypto, opened on first
 * use: digests (a snapshot's file names, measurement registers, CCA
 * bindings), public keys and X.509 certificates, ECDSA verification.
 * Every call returns -ELIBACC when libcrypto cannot be loaded
 * (vmm_crypto_why() says why).
 */
#ifndef VMM_LIB_CRYPTO_H
#define VMM_LIB_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMM_DIGEST_MAX	64

int vmm_crypto_load(void);
const char *vmm_crypto_why(void);

/*
 * Digest of buf by name: "sha256", "sha384", "sha512" (also the IANA
 * spellings "sha-256", ...). The digest's length, -EINVAL for a name
 * not in that list.
 */
int vmm_digest(const char *alg, const void *buf, size_t len, uint8_t out[VMM_DIGEST_MAX]);
/* Its length for a name of that list, else 0. */
size_t vmm_digest_len(const char *alg);
/* Lowercase hex SHA-256 of buf into hex (65 bytes with the NUL). */
int vmm_sha256_hex(const void *buf, size_t len, char hex[65]);

struct vmm_key;		/* an EC public key */
struct vmm_cert;	/* an X.509 certificate */

/*
 * An EC public key on curve "P-256", "P-384" or "P-521" from its point:
 * uncompressed (0x04 || X || Y) or bare X || Y. -EINVAL when the bytes
 * are no point of that curve.
 */
int vmm_key_from_point(const char *curve, const uint8_t *pt, size_t len, struct vmm_key **k);
/* A PEM public key (SubjectPublicKeyInfo), or the key of a PEM or DER certificate. */
int vmm_key_from_pem(const void *buf, size_t len, struct vmm_key **k);
/* "P-256", "P-384", "P-521", or NULL for a key of another kind. */
const char *vmm_key_curve(const struct vmm_key *k);
void vmm_key_free(struct vmm_key *k);
/*
 * ECDSA signature (r, s: big-endian, n bytes each) over tbs hashed with
 * md ("sha256", ...): 1 valid, 0 not, -errno.
 */
int vmm_key_verify_rs(const struct vmm_key *k, const char *md, const void *tbs, size_t tbslen,
		      const uint8_t *r, const uint8_t *s, size_t n);

/* A DER or PEM certificate (the first of a PEM bundle). */
int vmm_cert_parse(const void *buf, size_t len, struct vmm_cert **c);
/* Its key, owned by the certificate. */
const struct vmm_key *vmm_cert_key(struct vmm_cert *c);
/* Its subject as one line ("/CN=..."). */
void vmm_cert_subject(const struct vmm_cert *c, char *buf, size_t len);
/* Whether issuer's key verifies c's signature: 1, 0, -errno. */
int vmm_cert_signed_by(const struct vmm_cert *c, const struct vmm_cert *issuer);
void vmm_cert_free(struct vmm_cert *c);

#endif
