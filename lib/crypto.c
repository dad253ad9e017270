// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libcrypto through a table of its functions, loaded when first needed:
 * linked, it would add about 1 ms to the start of every command.
 */
#include "crypto.h"

#include <errno.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"

#define SSL_SONAME	"libcrypto.so.3"
#define SSL_FUNCS(X) X(EVP_get_digestbyname) X(EVP_Digest) X(EVP_MD_CTX_new) X(EVP_MD_CTX_free) \
	X(EVP_DigestVerifyInit) X(EVP_DigestVerify) X(EVP_PKEY_free) X(EVP_PKEY_CTX_new_from_name) \
	X(EVP_PKEY_CTX_free) X(EVP_PKEY_fromdata_init) X(EVP_PKEY_fromdata) \
	X(EVP_PKEY_get_group_name) X(EVP_PKEY_get_base_id) X(EVP_PKEY_up_ref) \
	X(OSSL_PARAM_construct_utf8_string) X(OSSL_PARAM_construct_octet_string) \
	X(OSSL_PARAM_construct_end) X(BIO_new_mem_buf) X(BIO_free) X(PEM_read_bio_PUBKEY) \
	X(PEM_read_bio_X509) X(d2i_X509) X(X509_free) X(X509_get0_pubkey) X(X509_verify) \
	X(X509_get_subject_name) X(X509_NAME_oneline) X(ECDSA_SIG_new) X(ECDSA_SIG_free) \
	X(ECDSA_SIG_set0) X(i2d_ECDSA_SIG) X(BN_bin2bn) X(BN_free) X(ERR_clear_error)
#define SSL_PTR(f) typeof(f) *f;
static struct {
	void *h;
	const char *why;
	SSL_FUNCS(SSL_PTR)
} ssl;

#define SSL_NAME(f) #f,
#define SSL_SLOT(f) (void **)&ssl.f,

int vmm_crypto_load(void)
{
	static const char *const names[] = { SSL_FUNCS(SSL_NAME) NULL };
	void **const slots[] = { SSL_FUNCS(SSL_SLOT) };

	if (ssl.h)
		return 0;
	ssl.why = vmm_dl_open(SSL_SONAME, names, slots, &ssl.h);
	return ssl.why ? -ELIBACC : 0;
}

const char *vmm_crypto_why(void)
{
	return ssl.why ? ssl.why : "";
}

struct vmm_key {
	EVP_PKEY *pk;
};

struct vmm_cert {
	X509 *x;
	struct vmm_key key;
};

static const struct {
	const char *name, *iana, *ossl;
	size_t len;
} digests[] = {
	{ "sha256", "sha-256", "SHA256", 32 },
	{ "sha384", "sha-384", "SHA384", 48 },
	{ "sha512", "sha-512", "SHA512", 64 },
};

static int digest_idx(const char *alg)
{
	for (size_t i = 0; alg && i < sizeof(digests) / sizeof(digests[0]); i++)
		if (!strcmp(alg, digests[i].name) || !strcmp(alg, digests[i].iana))
			return (int)i;
	return -1;
}

size_t vmm_digest_len(const char *alg)
{
	int i = digest_idx(alg);

	return i < 0 ? 0 : digests[i].len;
}

static const EVP_MD *md_of(const char *alg)
{
	int i = digest_idx(alg);

	return i < 0 ? NULL : ssl.EVP_get_digestbyname(digests[i].ossl);
}

int vmm_digest(const char *alg, const void *buf, size_t len, uint8_t out[VMM_DIGEST_MAX])
{
	unsigned int n = 0;
	const EVP_MD *md;
	int rc = vmm_crypto_load();

	if (rc)
		return rc;
	md = md_of(alg);
	if (!md)
		return -EINVAL;
	if (ssl.EVP_Digest(buf, len, out, &n, md, NULL) != 1)
		return -EIO;
	return (int)n;
}

int vmm_sha256_hex(const void *buf, size_t len, char hex[65])
{
	uint8_t d[VMM_DIGEST_MAX];
	int n = vmm_digest("sha256", buf, len, d);

	if (n < 0)
		return n;
	for (int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return 0;
}

static const struct {
	const char *name, *group;
	size_t coord;
} curves[] = {
	{ "P-256", "prime256v1", 32 },
	{ "P-384", "secp384r1", 48 },
	{ "P-521", "secp521r1", 66 },
};

int vmm_key_from_point(const char *curve, const uint8_t *pt, size_t len, struct vmm_key **k)
{
	uint8_t point[1 + 2 * 66];
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;
	char group[16];
	size_t i, n;
	int rc = vmm_crypto_load();

	if (rc)
		return rc;
	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (!strcmp(curve, curves[i].name))
			break;
	if (i == sizeof(curves) / sizeof(curves[0]))
		return -EINVAL;
	n = 2 * curves[i].coord;
	if (len == n + 1 && pt[0] == 4) {
		memcpy(point, pt, len);
	} else if (len == n) {
		point[0] = 4;
		memcpy(point + 1, pt, len);
	} else {
		return -EINVAL;
	}
	snprintf(group, sizeof(group), "%s", curves[i].group);
	params[0] = ssl.OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
	params[1] = ssl.OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, n + 1);
	params[2] = ssl.OSSL_PARAM_construct_end();
	rc = -EINVAL;
	ctx = ssl.EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!ctx || ssl.EVP_PKEY_fromdata_init(ctx) != 1 ||
	    ssl.EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) != 1)
		goto out;
	*k = calloc(1, sizeof(**k));
	if (!*k) {
		rc = -ENOMEM;
		goto out;
	}
	(*k)->pk = pk;
	pk = NULL;
	rc = 0;
out:
	ssl.EVP_PKEY_free(pk);
	ssl.EVP_PKEY_CTX_free(ctx);
	ssl.ERR_clear_error();
	return rc;
}

/* libcrypto loaded, and a buffer its int lengths can hold */
static int begin(size_t len)
{
	int rc = vmm_crypto_load();

	return rc ? rc : len > INT32_MAX ? -EFBIG : 0;
}

int vmm_key_from_pem(const void *buf, size_t len, struct vmm_key **k)
{
	struct vmm_cert *c;
	EVP_PKEY *pk;
	BIO *bio;
	int rc = begin(len);

	if (rc)
		return rc;
	bio = ssl.BIO_new_mem_buf(buf, (int)len);
	if (!bio)
		return -ENOMEM;
	pk = ssl.PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	ssl.BIO_free(bio);
	ssl.ERR_clear_error();
	if (!pk) {
		/* a certificate's key will do */
		rc = vmm_cert_parse(buf, len, &c);
		if (rc)
			return rc;
		pk = c->key.pk;
		ssl.EVP_PKEY_up_ref(pk);
		vmm_cert_free(c);
	}
	*k = calloc(1, sizeof(**k));
	if (!*k) {
		ssl.EVP_PKEY_free(pk);
		return -ENOMEM;
	}
	(*k)->pk = pk;
	return 0;
}

const char *vmm_key_curve(const struct vmm_key *k)
{
	char g[32];
	size_t n = 0;

	if (!k || ssl.EVP_PKEY_get_base_id(k->pk) != EVP_PKEY_EC ||
	    ssl.EVP_PKEY_get_group_name(k->pk, g, sizeof(g), &n) != 1)
		return NULL;
	for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (!strcmp(g, curves[i].group))
			return curves[i].name;
	return NULL;
}

void vmm_key_free(struct vmm_key *k)
{
	if (!k)
		return;
	ssl.EVP_PKEY_free(k->pk);
	free(k);
}

/* r and s as the DER ECDSA-Sig-Value EVP_DigestVerify takes; its length, or -errno */
static int der_sig(const uint8_t *r, const uint8_t *s, size_t n, unsigned char **der)
{
	BIGNUM *br = ssl.BN_bin2bn(r, (int)n, NULL), *bs = ssl.BN_bin2bn(s, (int)n, NULL);
	ECDSA_SIG *sig = ssl.ECDSA_SIG_new();
	unsigned char *p;
	int len = -ENOMEM;

	if (!br || !bs || !sig || ssl.ECDSA_SIG_set0(sig, br, bs) != 1) {
		ssl.BN_free(br);
		ssl.BN_free(bs);
		goto out;
	}
	len = ssl.i2d_ECDSA_SIG(sig, NULL);
	if (len <= 0) {
		len = -EINVAL;
		goto out;
	}
	*der = p = malloc((size_t)len);
	if (!p) {
		len = -ENOMEM;
		goto out;
	}
	ssl.i2d_ECDSA_SIG(sig, &p);
out:
	ssl.ECDSA_SIG_free(sig);
	return len;
}

int vmm_key_verify_rs(const struct vmm_key *k, const char *md, const void *tbs, size_t tbslen,
		      const uint8_t *r, const uint8_t *s, size_t n)
{
	unsigned char *der = NULL;
	EVP_MD_CTX *mctx = NULL;
	const EVP_MD *m;
	int len, rc = vmm_crypto_load();

	if (rc)
		return rc;
	m = md_of(md);
	if (!m || n > 66)
		return -EINVAL;
	len = der_sig(r, s, n, &der);
	if (len < 0)
		return len;
	rc = -ENOMEM;
	mctx = ssl.EVP_MD_CTX_new();
	if (!mctx)
		goto out;
	rc = -EINVAL;
	if (ssl.EVP_DigestVerifyInit(mctx, NULL, m, NULL, k->pk) != 1)
		goto out;
	rc = ssl.EVP_DigestVerify(mctx, der, (size_t)len, tbs, tbslen) == 1;
out:
	ssl.EVP_MD_CTX_free(mctx);
	ssl.ERR_clear_error();
	free(der);
	return rc;
}

int vmm_cert_parse(const void *buf, size_t len, struct vmm_cert **c)
{
	const unsigned char *p = buf;
	X509 *x;
	BIO *bio;
	int rc = begin(len);

	if (rc)
		return rc;
	x = ssl.d2i_X509(NULL, &p, (long)len);
	if (!x) {
		bio = ssl.BIO_new_mem_buf(buf, (int)len);
		if (!bio)
			return -ENOMEM;
		x = ssl.PEM_read_bio_X509(bio, NULL, NULL, NULL);
		ssl.BIO_free(bio);
	}
	ssl.ERR_clear_error();
	if (!x || !ssl.X509_get0_pubkey(x)) {
		ssl.X509_free(x);
		return -EINVAL;
	}
	*c = calloc(1, sizeof(**c));
	if (!*c) {
		ssl.X509_free(x);
		return -ENOMEM;
	}
	(*c)->x = x;
	(*c)->key.pk = ssl.X509_get0_pubkey(x);
	return 0;
}

const struct vmm_key *vmm_cert_key(struct vmm_cert *c)
{
	return &c->key;
}

void vmm_cert_subject(const struct vmm_cert *c, char *buf, size_t len)
{
	if (len > INT32_MAX)
		len = INT32_MAX;
	if (!ssl.X509_NAME_oneline(ssl.X509_get_subject_name(c->x), buf, (int)len))
		snprintf(buf, len, "?");
}

int vmm_cert_signed_by(const struct vmm_cert *c, const struct vmm_cert *issuer)
{
	int rc = ssl.X509_verify(c->x, issuer->key.pk);

	ssl.ERR_clear_error();
	return rc == 1;
}

void vmm_cert_free(struct vmm_cert *c)
{
	if (!c)
		return;
	ssl.X509_free(c->x);
	free(c);
}
