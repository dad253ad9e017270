// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Arm CCA attestation tokens (RMM specification, "Realm attestation";
 * draft-ffm-rats-cca-token): a CBOR collection, tag 399 with the platform
 * token at 44234 and the realm token at 44241, or a CMW collection (tag
 * 907) holding the same two, each a COSE_Sign1 (RFC 9052) over a map of
 * claims. The realm token is signed by the realm attestation key (RAK) it
 * carries; the platform token by the CPAK, and its challenge is the hash
 * of the RAK, which binds the two.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attest_int.h"
#include "cbor_dl.h"

#define CB vmm_cbor
#define TAG_CCA		399
#define TAG_CMW		907
#define TAG_SIGN1	18
#define LBL_PLATFORM	44234
#define LBL_REALM	44241

enum kind { K_BYTES, K_TEXT, K_UINT, K_REM, K_SWCOMPS, K_KEY };

struct claim {
	int64_t label;
	const char *name;
	enum kind kind;
	bool required;
};

static const struct claim platform_claims[] = {
	{ 265, "profile", K_TEXT, true },		{ 10, "challenge", K_BYTES, true },
	{ 2396, "implementation_id", K_BYTES, true },	{ 256, "instance_id", K_BYTES, true },
	{ 2401, "config", K_BYTES, true },		{ 2395, "lifecycle", K_UINT, true },
	{ 2399, "sw_components", K_SWCOMPS, true },	{ 2400, "verification_service", K_TEXT, false },
	{ 2402, "hash_algo", K_TEXT, true },		{ 2394, "client_id", K_UINT, false },
}, realm_claims[] = {
	{ 265, "profile", K_TEXT, false },		{ 10, "challenge", K_BYTES, true },
	{ 44235, "personalization", K_BYTES, true },	{ 44236, "hash_algo", K_TEXT, true },
	{ 44237, "public_key", K_KEY, true },		{ 44238, "rim", K_BYTES, true },
	{ 44239, "rem", K_REM, true },			{ 44240, "public_key_hash_algo", K_TEXT, true },
	{ 256, "instance_id", K_BYTES, false },		{ 44243, "mec_policy", K_UINT, false },
}, swcomp_claims[] = {
	{ 1, "type", K_TEXT, false },		{ 2, "measurement", K_BYTES, true },
	{ 4, "version", K_TEXT, false },	{ 5, "signer_id", K_BYTES, true },
	{ 6, "hash_algo", K_TEXT, false },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct bytes {
	const uint8_t *p;
	size_t n;
};

/* One COSE_Sign1 and what verification takes from it. */
struct token {
	cbor_item_t *root;	/* owns the bytes below */
	cbor_item_t *claims;
	struct bytes protected_, payload, sig, challenge, key;
	int64_t alg;
	bool key_cose;
	char key_hash[16];
};

struct cca {
	cbor_item_t *top;
	struct token platform, realm;
};

struct ctx {
	char *why;
	size_t whylen;
};

#define FAIL(c, ...) (snprintf((c)->why, (c)->whylen, __VA_ARGS__), -EINVAL)

static const char *type_name(const cbor_item_t *it)
{
	switch (CB.cbor_typeof(it)) {
	case CBOR_TYPE_UINT: return "an unsigned integer";
	case CBOR_TYPE_NEGINT: return "a negative integer";
	case CBOR_TYPE_BYTESTRING: return "a byte string";
	case CBOR_TYPE_STRING: return "a text string";
	case CBOR_TYPE_ARRAY: return "an array";
	case CBOR_TYPE_MAP: return "a map";
	case CBOR_TYPE_TAG: return "a tag";
	default: return "a simple value or float";
	}
}

static bool get_bytes(const cbor_item_t *it, struct bytes *b)
{
	if (CB.cbor_typeof(it) != CBOR_TYPE_BYTESTRING || !CB.cbor_bytestring_is_definite(it))
		return false;
	b->p = CB.cbor_bytestring_handle(it);
	b->n = CB.cbor_bytestring_length(it);
	return true;
}

/* An integer key or value; false for anything else (or one beyond int64). */
static bool get_int(const cbor_item_t *it, int64_t *v)
{
	uint64_t u;

	if (CB.cbor_typeof(it) != CBOR_TYPE_UINT && CB.cbor_typeof(it) != CBOR_TYPE_NEGINT)
		return false;
	u = CB.cbor_get_int(it);
	if (u > INT64_MAX)
		return false;
	*v = CB.cbor_typeof(it) == CBOR_TYPE_UINT ? (int64_t)u : -1 - (int64_t)u;
	return true;
}

static json_object *text_json(const cbor_item_t *it)
{
	return json_object_new_string_len((const char *)CB.cbor_string_handle(it),
					  (int)CB.cbor_string_length(it));
}

/* What the pre-flight walk saw: a collection declaring more items than bytes are left. */
struct flight {
	size_t off, left, bad_at, bad_items;
};

static void flight_array(void *ctx, size_t size)
{
	struct flight *f = ctx;

	if (size > f->left && !f->bad_items) {
		f->bad_at = f->off;
		f->bad_items = size;
	}
}

static void flight_map(void *ctx, size_t size)
{
	flight_array(ctx, size > SIZE_MAX / 2 ? SIZE_MAX : 2 * size);
}

/*
 * libcbor's cbor_load allocates what a definite array or map declares before
 * it reads the items, so a few bytes can ask for gigabytes: the heads are
 * walked first with its streaming decoder, and a collection that declares
 * more items than bytes are left (each item takes one at least) is refused.
 */
static int preflight(struct ctx *c, const char *what, const uint8_t *p, size_t n)
{
	struct cbor_callbacks cbs = *CB.cbor_empty_callbacks;
	struct flight f = { 0 };

	cbs.array_start = flight_array;
	cbs.map_start = flight_map;
	while (f.off < n && !f.bad_items) {
		struct cbor_decoder_result r;

		f.left = n - f.off;
		r = CB.cbor_stream_decode(p + f.off, n - f.off, &cbs, &f);
		if (r.status != CBOR_DECODER_FINISHED || !r.read)
			break;	/* cbor_load names what is wrong */
		f.off += r.read;
	}
	if (f.bad_items)
		return FAIL(c, "%s: the CBOR array or map at byte %zu declares %zu items; %zu bytes "
			    "are left", what, f.bad_at, f.bad_items, n - f.bad_at);
	return 0;
}

/* Decodes a whole buffer as one CBOR item; trailing bytes are an error. */
static int load(struct ctx *c, const char *what, const uint8_t *p, size_t n, cbor_item_t **out)
{
	struct cbor_load_result res;
	cbor_item_t *it;
	int rc = preflight(c, what, p, n);

	if (rc)
		return rc;
	it = CB.cbor_load(p, n, &res);

	if (!it)
		return FAIL(c, "%s: CBOR stops at byte %zu of %zu (%s)", what, res.error.position, n,
			    res.error.code == CBOR_ERR_NOTENOUGHDATA ? "truncated" :
			    res.error.code == CBOR_ERR_MEMERROR ? "out of memory" : "malformed");
	if (res.read != n) {
		CB.cbor_decref(&it);
		return FAIL(c, "%s: %zu bytes after its CBOR item (which ends at byte %zu)", what,
			    n - res.read, res.read);
	}
	*out = it;
	return 0;
}

static const char *hash_name(const char *iana)
{
	return vmm_digest_len(iana) ? iana : NULL;
}

/* A COSE_Key (RFC 9052: kty 2 EC2, crv 1/2/3, x -2, y -3) into "curve" and an X||Y point. */
static int cose_key(const struct bytes *b, char curve[8], uint8_t *pt, size_t *ptlen)
{
	struct cbor_load_result res;
	struct ctx quiet = { NULL, 0 };
	cbor_item_t *k = preflight(&quiet, "", b->p, b->n) ? NULL : CB.cbor_load(b->p, b->n, &res);
	struct bytes x = { 0 }, y = { 0 };
	int64_t kty = 0, crv = 0, label, v;
	int rc = -EINVAL;

	if (!k || res.read != b->n || CB.cbor_typeof(k) != CBOR_TYPE_MAP ||
	    !CB.cbor_map_is_definite(k))
		goto out;
	for (size_t i = 0; i < CB.cbor_map_size(k); i++) {
		struct cbor_pair *pr = CB.cbor_map_handle(k) + i;

		if (!get_int(pr->key, &label))
			continue;
		if (label == 1 && get_int(pr->value, &v))
			kty = v;
		else if (label == -1 && get_int(pr->value, &v))
			crv = v;
		else if (label == -2)
			get_bytes(pr->value, &x);
		else if (label == -3)
			get_bytes(pr->value, &y);
	}
	if (kty != 2 || crv < 1 || crv > 3 || !x.n || x.n != y.n || 2 * x.n > 132)
		goto out;
	snprintf(curve, 8, "%s", crv == 1 ? "P-256" : crv == 2 ? "P-384" : "P-521");
	memcpy(pt, x.p, x.n);
	memcpy(pt + x.n, y.p, y.n);
	*ptlen = 2 * x.n;
	rc = 0;
out:
	if (k)
		CB.cbor_decref(&k);
	return rc;
}

static int claim_value(struct ctx *c, const char *tok, const struct claim *cl, const cbor_item_t *v,
		       json_object *o, struct token *t);

/* A map of claims against its table; unknown labels listed by number. */
static int claims_obj(struct ctx *c, const char *tok, const cbor_item_t *map,
		      const struct claim *tab, size_t n, json_object *o, struct token *t)
{
	json_object *unknown = NULL;
	bool seen[16] = { false };
	int64_t label;
	int rc;

	if (CB.cbor_typeof(map) != CBOR_TYPE_MAP || !CB.cbor_map_is_definite(map))
		return FAIL(c, "%s: expected a map of claims, got %s", tok, type_name(map));
	for (size_t i = 0; i < CB.cbor_map_size(map); i++) {
		struct cbor_pair *pr = CB.cbor_map_handle(map) + i;
		size_t k;

		if (!get_int(pr->key, &label)) {
			if (!unknown)
				unknown = json_object_new_array();
			json_object_array_add(unknown, json_object_new_string(type_name(pr->key)));
			continue;
		}
		for (k = 0; k < n && tab[k].label != label; k++)
			;
		if (k == n) {
			if (!unknown)
				unknown = json_object_new_array();
			json_object_array_add(unknown, json_object_new_int64(label));
			continue;
		}
		if (seen[k]) {
			json_object_put(unknown);
			return FAIL(c, "%s: claim %lld (%s) appears twice", tok, (long long)label,
				    tab[k].name);
		}
		seen[k] = true;
		rc = claim_value(c, tok, &tab[k], pr->value, o, t);
		if (rc) {
			json_object_put(unknown);
			return rc;
		}
	}
	if (unknown)
		json_object_object_add(o, "unknown_claims", unknown);
	for (size_t k = 0; k < n; k++)
		if (tab[k].required && !seen[k])
			return FAIL(c, "%s: claim %lld (%s) is missing", tok, (long long)tab[k].label,
				    tab[k].name);
	return 0;
}

static int claim_value(struct ctx *c, const char *tok, const struct claim *cl, const cbor_item_t *v,
		       json_object *o, struct token *t)
{
	struct bytes b;
	int64_t i;
	json_object *arr;
	int rc;

	switch (cl->kind) {
	case K_BYTES:
	case K_KEY:
		if (!get_bytes(v, &b))
			break;
		json_object_object_add(o, cl->name, vmm_att_hex(b.p, b.n));
		if (t && cl->label == 10)
			t->challenge = b;
		if (cl->kind == K_KEY) {
			char curve[8];
			uint8_t pt[132];
			size_t n;

			t->key = b;
			t->key_cose = !(b.n == 97 && b.p[0] == 4) && !cose_key(&b, curve, pt, &n);
			if (!t->key_cose && !(b.n == 97 && b.p[0] == 4))
				return FAIL(c, "%s: claim 44237 (public_key): neither a 97-byte "
					    "uncompressed P-384 point nor a COSE_Key", tok);
			json_object_object_add(o, "public_key_format",
					       json_object_new_string(t->key_cose ? "cose-key" : "raw"));
		}
		return 0;
	case K_TEXT:
		if (CB.cbor_typeof(v) != CBOR_TYPE_STRING || !CB.cbor_string_is_definite(v))
			break;
		json_object_object_add(o, cl->name, text_json(v));
		if (t && cl->label == 44240)
			snprintf(t->key_hash, sizeof(t->key_hash), "%.*s",
				 (int)CB.cbor_string_length(v), CB.cbor_string_handle(v));
		return 0;
	case K_UINT:
		if (!get_int(v, &i) || i < 0)
			break;
		json_object_object_add(o, cl->name, json_object_new_int64(i));
		if (cl->label == 2395) {
			static const char *const states[] = {
				"unknown", "assembly_and_test", "cca_platform_rot_provisioning",
				"secured", "non_cca_platform_rot_debug",
				"recoverable_cca_platform_rot_debug", "decommissioned",
			};
			json_object_object_add(o, "lifecycle_state", json_object_new_string(
				(i >> 12) < (int64_t)N(states) ? states[i >> 12] : "invalid"));
		}
		return 0;
	case K_REM:
		if (CB.cbor_typeof(v) != CBOR_TYPE_ARRAY || CB.cbor_array_size(v) != 4)
			return FAIL(c, "%s: claim 44239 (rem): expected an array of 4 byte strings, "
				    "got %s", tok, type_name(v));
		arr = json_object_new_array();
		json_object_object_add(o, cl->name, arr);
		for (size_t k = 0; k < 4; k++) {
			if (!get_bytes(CB.cbor_array_handle(v)[k], &b))
				return FAIL(c, "%s: claim 44239 (rem) item %zu: expected a byte string, "
					    "got %s", tok, k, type_name(CB.cbor_array_handle(v)[k]));
			json_object_array_add(arr, vmm_att_hex(b.p, b.n));
		}
		return 0;
	case K_SWCOMPS:
		if (CB.cbor_typeof(v) != CBOR_TYPE_ARRAY)
			break;
		arr = json_object_new_array();
		json_object_object_add(o, cl->name, arr);
		for (size_t k = 0; k < CB.cbor_array_size(v); k++) {
			json_object *sc = json_object_new_object();
			char what[64];

			json_object_array_add(arr, sc);
			snprintf(what, sizeof(what), "%s: sw_components[%zu]", tok, k);
			rc = claims_obj(c, what, CB.cbor_array_handle(v)[k], swcomp_claims,
					N(swcomp_claims), sc, NULL);
			if (rc)
				return rc;
		}
		return 0;
	}
	return FAIL(c, "%s: claim %lld (%s): expected %s, got %s", tok, (long long)cl->label,
		    cl->name, cl->kind == K_TEXT ? "a text string" : cl->kind == K_UINT ?
		    "an unsigned integer" : cl->kind == K_SWCOMPS ? "an array" : "a byte string",
		    type_name(v));
}

static const char *alg_name(int64_t alg)
{
	return alg == -7 ? "ES256" : alg == -35 ? "ES384" : alg == -36 ? "ES512" : "unknown";
}

/* An item inside a tag, borrowed: the tag keeps its reference. */
static cbor_item_t *tag_inner(cbor_item_t *tag)
{
	cbor_item_t *in = CB.cbor_tag_item(tag), *ref = in;

	CB.cbor_decref(&ref);
	return in;
}

/*
 * libcbor 0.8 (Debian 12) refuses the one-byte tag heads 0xc6-0xd4 as
 * unassigned, COSE_Sign1's tag 18 (0xd2) among them: that one byte is
 * taken here, and libcbor decodes the array it heads.
 */
#define HEAD_TAG18	0xd2

/* A COSE_Sign1 (tag 18 around [protected, unprotected, payload, signature]) into t and o. */
static int sign1(struct ctx *c, const char *tok, const struct bytes *in, const struct claim *tab,
		 size_t n, json_object *o, struct token *t)
{
	cbor_item_t *arr, **e, *hdr = NULL;
	int64_t label, v;
	int rc;

	if (!in->n || in->p[0] != HEAD_TAG18)
		return FAIL(c, "%s: expected a COSE_Sign1 (CBOR tag 18, byte 0xd2), got byte 0x%02x",
			    tok, in->n ? in->p[0] : 0);
	rc = load(c, tok, in->p + 1, in->n - 1, &t->root);
	if (rc)
		return rc;
	arr = t->root;
	if (CB.cbor_typeof(arr) != CBOR_TYPE_ARRAY || CB.cbor_array_size(arr) != 4)
		return FAIL(c, "%s: COSE_Sign1: expected an array of 4, got %s", tok,
			    type_name(arr));
	e = CB.cbor_array_handle(arr);
	if (!get_bytes(e[0], &t->protected_))
		return FAIL(c, "%s: COSE_Sign1 item 0 (protected header): expected a byte string, "
			    "got %s", tok, type_name(e[0]));
	if (CB.cbor_typeof(e[1]) != CBOR_TYPE_MAP)
		return FAIL(c, "%s: COSE_Sign1 item 1 (unprotected header): expected a map, got %s",
			    tok, type_name(e[1]));
	if (!get_bytes(e[2], &t->payload))
		return FAIL(c, "%s: COSE_Sign1 item 2 (payload): expected a byte string, got %s",
			    tok, type_name(e[2]));
	if (!get_bytes(e[3], &t->sig))
		return FAIL(c, "%s: COSE_Sign1 item 3 (signature): expected a byte string, got %s",
			    tok, type_name(e[3]));
	rc = load(c, tok, t->protected_.p, t->protected_.n, &hdr);
	if (rc)
		return rc;
	t->alg = 0;
	if (CB.cbor_typeof(hdr) == CBOR_TYPE_MAP && CB.cbor_map_is_definite(hdr))
		for (size_t i = 0; i < CB.cbor_map_size(hdr); i++) {
			struct cbor_pair *pr = CB.cbor_map_handle(hdr) + i;

			if (get_int(pr->key, &label) && label == 1 && get_int(pr->value, &v))
				t->alg = v;
		}
	CB.cbor_decref(&hdr);
	if (!t->alg)
		return FAIL(c, "%s: COSE_Sign1 protected header: no algorithm (label 1)", tok);
	json_object_object_add(o, "alg", json_object_new_string(alg_name(t->alg)));
	json_object_object_add(o, "alg_id", json_object_new_int64(t->alg));
	rc = load(c, tok, t->payload.p, t->payload.n, &t->claims);
	if (rc)
		return rc;
	return claims_obj(c, tok, t->claims, tab, n, o, t);
}

/* Which token a bstr of the collection holds, from its claims: 1 realm, 0 platform, -1 neither. */
static int token_kind(const struct bytes *b)
{
	struct cbor_load_result res;
	struct ctx quiet = { NULL, 0 };
	cbor_item_t *it, *arr, *claims = NULL;
	struct bytes payload;
	int kind = -1;
	int64_t label;

	if (!b->n || b->p[0] != HEAD_TAG18 || preflight(&quiet, "", b->p + 1, b->n - 1))
		return -1;
	it = CB.cbor_load(b->p + 1, b->n - 1, &res);
	if (!it)
		return -1;
	arr = it;
	if (CB.cbor_typeof(arr) != CBOR_TYPE_ARRAY || CB.cbor_array_size(arr) != 4 ||
	    !get_bytes(CB.cbor_array_handle(arr)[2], &payload))
		goto out;
	claims = preflight(&quiet, "", payload.p, payload.n) ? NULL :
		 CB.cbor_load(payload.p, payload.n, &res);
	if (!claims || CB.cbor_typeof(claims) != CBOR_TYPE_MAP)
		goto out;
	for (size_t i = 0; i < CB.cbor_map_size(claims) && kind < 0; i++)
		if (get_int(CB.cbor_map_handle(claims)[i].key, &label))
			kind = label == 44238 || label == 44237 ? 1 :
			       label == 2396 || label == 2399 ? 0 : -1;
out:
	if (claims)
		CB.cbor_decref(&claims);
	CB.cbor_decref(&it);
	return kind;
}

/* A CMW record: [type, value(, indicator)] with a byte-string value, or a bare byte string. */
static bool cmw_value(const cbor_item_t *v, struct bytes *b)
{
	if (get_bytes(v, b))
		return true;
	return CB.cbor_typeof(v) == CBOR_TYPE_ARRAY && CB.cbor_array_size(v) >= 2 &&
	       get_bytes(CB.cbor_array_handle(v)[1], b);
}

static int collection(struct ctx *c, struct cca *cc, json_object *o, struct bytes *plat,
		      struct bytes *realm)
{
	bool tagged = CB.cbor_typeof(cc->top) == CBOR_TYPE_TAG;
	bool cmw = !tagged || CB.cbor_tag_value(cc->top) == TAG_CMW;
	cbor_item_t *map = tagged ? tag_inner(cc->top) : cc->top;
	int64_t label;
	struct bytes b;

	if (tagged && CB.cbor_tag_value(cc->top) != TAG_CMW && CB.cbor_tag_value(cc->top) != TAG_CCA)
		return FAIL(c, "CCA token: CBOR tag %llu; expected 399 (CCA token collection) "
			    "or 907 (CMW collection)",
			    (unsigned long long)CB.cbor_tag_value(cc->top));
	json_object_object_add(o, "envelope", json_object_new_string(!tagged ? "cmw-untagged" :
								     cmw ? "cmw" : "tag399"));
	if (CB.cbor_typeof(map) != CBOR_TYPE_MAP || !CB.cbor_map_is_definite(map))
		return FAIL(c, "CCA token: tag %d: expected a map, got %s", cmw ? TAG_CMW : TAG_CCA,
			    type_name(map));
	for (size_t i = 0; i < CB.cbor_map_size(map); i++) {
		struct cbor_pair *pr = CB.cbor_map_handle(map) + i;

		if (!cmw) {
			if (!get_int(pr->key, &label) || (label != LBL_PLATFORM && label != LBL_REALM))
				continue;
			if (!get_bytes(pr->value, &b))
				return FAIL(c, "CCA token: entry %lld: expected a byte string, got %s",
					    (long long)label, type_name(pr->value));
			*(label == LBL_REALM ? realm : plat) = b;
			continue;
		}
		if (CB.cbor_typeof(pr->key) == CBOR_TYPE_STRING && CB.cbor_string_is_definite(pr->key) &&
		    CB.cbor_string_length(pr->key) == 8 &&
		    !memcmp(CB.cbor_string_handle(pr->key), "__cmwc_t", 8)) {
			if (CB.cbor_typeof(pr->value) == CBOR_TYPE_STRING &&
			    CB.cbor_string_is_definite(pr->value))
				json_object_object_add(o, "collection_type", text_json(pr->value));
			continue;
		}
		if (!cmw_value(pr->value, &b))
			continue;
		switch (token_kind(&b)) {
		case 0: *plat = b; break;
		case 1: *realm = b; break;
		}
	}
	if (!plat->p)
		return FAIL(c, "CCA token: no platform token (%s)",
			    cmw ? "no CMW record holds one" : "label 44234");
	if (!realm->p)
		return FAIL(c, "CCA token: no realm token (%s)",
			    cmw ? "no CMW record holds one" : "label 44241");
	return 0;
}

int vmm_att_cca_decode(struct vmm_att *a, char *why, size_t whylen)
{
	struct ctx c = { why, whylen };
	struct bytes plat = { 0 }, realm = { 0 };
	json_object *o, *p, *r;
	struct cca *cc;
	int rc;

	cc = calloc(1, sizeof(*cc));
	if (!cc)
		return -ENOMEM;
	a->priv = cc;
	a->fields = o = json_object_new_object();
	rc = load(&c, "CCA token", a->buf, a->len, &cc->top);
	if (rc)
		return rc;
	rc = collection(&c, cc, o, &plat, &realm);
	if (rc)
		return rc;
	p = json_object_new_object();
	json_object_object_add(o, "platform", p);
	rc = sign1(&c, "platform token", &plat, platform_claims, N(platform_claims), p, &cc->platform);
	if (rc)
		return rc;
	r = json_object_new_object();
	json_object_object_add(o, "realm", r);
	rc = sign1(&c, "realm token", &realm, realm_claims, N(realm_claims), r, &cc->realm);
	if (rc)
		return rc;
	if (cc->realm.challenge.n != 64)
		return FAIL(&c, "realm token: claim 10 (challenge): %zu bytes, the RMM's are 64",
			    cc->realm.challenge.n);
	return 0;
}

static void token_free(struct token *t)
{
	if (t->claims)
		CB.cbor_decref(&t->claims);
	if (t->root)
		CB.cbor_decref(&t->root);
}

void vmm_att_cca_free(void *priv)
{
	struct cca *cc = priv;

	if (!cc)
		return;
	token_free(&cc->platform);
	token_free(&cc->realm);
	if (cc->top)
		CB.cbor_decref(&cc->top);
	free(cc);
}

/* Sig_structure (RFC 9052 4.4): ["Signature1", protected, h'', payload], encoded by libcbor. */
static int sig_structure(const struct token *t, unsigned char **buf, size_t *len)
{
	cbor_item_t *arr = CB.cbor_new_definite_array(4);
	bool ok;

	if (!arr)
		return -ENOMEM;
	ok = CB.cbor_array_push(arr, CB.cbor_move(CB.cbor_build_string("Signature1"))) &&
	     CB.cbor_array_push(arr, CB.cbor_move(CB.cbor_build_bytestring(t->protected_.p,
									  t->protected_.n))) &&
	     CB.cbor_array_push(arr, CB.cbor_move(CB.cbor_build_bytestring(NULL, 0))) &&
	     CB.cbor_array_push(arr, CB.cbor_move(CB.cbor_build_bytestring(t->payload.p,
									  t->payload.n)));
	*buf = NULL;
	*len = 0;
	if (ok) {
		size_t cap = 0;

		/* the return value is the encoding's length; cap is what was allocated */
		*len = CB.cbor_serialize_alloc(arr, buf, &cap);
		ok = *len;
	}
	CB.cbor_decref(&arr);
	return ok ? 0 : -ENOMEM;
}

/* 1 valid, 0 not, -errno (a reason in why) */
static int sign1_verify(const struct token *t, const struct vmm_key *k, char *why, size_t len)
{
	const char *md = t->alg == -7 ? "sha256" : t->alg == -35 ? "sha384" :
			 t->alg == -36 ? "sha512" : NULL;
	size_t n = t->alg == -7 ? 32 : t->alg == -35 ? 48 : 66;
	unsigned char *tbs;
	size_t tbslen;
	int rc;

	if (!md) {
		snprintf(why, len, "algorithm %lld is not ES256, ES384 or ES512", (long long)t->alg);
		return -EINVAL;
	}
	if (t->sig.n != 2 * n) {
		snprintf(why, len, "a %s signature is %zu bytes, this one %zu", alg_name(t->alg),
			 2 * n, t->sig.n);
		return -EINVAL;
	}
	rc = sig_structure(t, &tbs, &tbslen);
	if (rc) {
		snprintf(why, len, "no memory");
		return rc;
	}
	rc = vmm_key_verify_rs(k, md, tbs, tbslen, t->sig.p, t->sig.p + n, n);
	free(tbs);
	if (rc < 0)
		snprintf(why, len, "the key does not suit %s", alg_name(t->alg));
	return rc;
}

static int realm_key(const struct token *t, struct vmm_key **k)
{
	uint8_t pt[132];
	char curve[8];
	size_t n;

	if (!t->key_cose)
		return vmm_key_from_point("P-384", t->key.p, t->key.n, k);
	if (cose_key(&t->key, curve, pt, &n))
		return -EINVAL;
	return vmm_key_from_point(curve, pt, n, k);
}

void vmm_att_cca_verify(const struct vmm_att *a, const struct vmm_att_opts *o,
			struct vmm_att_checks *out)
{
	const struct cca *cc = a->priv;
	const struct token *r = &cc->realm, *p = &cc->platform;
	uint8_t d[VMM_DIGEST_MAX];
	struct vmm_key *rak = NULL;
	char why[160];
	int rc, n;

	if (realm_key(r, &rak)) {
		vmm_att_check(out, "realm-signature", VMM_ATT_FAIL, "the realm public key claim "
			      "is no EC point this key format allows");
	} else {
		rc = sign1_verify(r, rak, why, sizeof(why));
		if (rc == 1)
			vmm_att_check(out, "realm-signature", VMM_ATT_PASS, "%s signature verified "
				      "with the realm public key (RAK) it carries", alg_name(r->alg));
		else if (rc == 0)
			vmm_att_check(out, "realm-signature", VMM_ATT_FAIL, "the %s signature does "
				      "not verify with the realm public key it carries",
				      alg_name(r->alg));
		else
			vmm_att_check(out, "realm-signature", VMM_ATT_FAIL, "%s", why);
	}
	vmm_key_free(rak);
	n = hash_name(r->key_hash) ? vmm_digest(r->key_hash, r->key.p, r->key.n, d) : -EINVAL;
	if (n < 0)
		vmm_att_check(out, "binding", VMM_ATT_FAIL, "realm public key hash algorithm '%s' "
			      "is not sha-256, sha-384 or sha-512", r->key_hash);
	else if ((size_t)n != p->challenge.n || memcmp(d, p->challenge.p, (size_t)n))
		vmm_att_check(out, "binding", VMM_ATT_FAIL, "the platform challenge is not the %s "
			      "of the realm public key: the tokens do not belong together",
			      r->key_hash);
	else
		vmm_att_check(out, "binding", VMM_ATT_PASS, "the platform challenge is the %s of "
			      "the realm public key", r->key_hash);
	if (!o->nkeys) {
		vmm_att_check(out, "platform-signature", VMM_ATT_SKIP, "not checked: no --key "
			      "(the platform's CPAK) given");
	} else {
		rc = 0;
		for (int i = 0; i < o->nkeys && rc != 1; i++)
			rc = sign1_verify(p, o->keys[i], why, sizeof(why));
		vmm_att_check(out, "platform-signature", rc == 1 ? VMM_ATT_PASS : VMM_ATT_FAIL,
			      rc == 1 ? "%s signature verified with the CPAK given" :
			      "the %s signature does not verify with the %d key(s) given",
			      alg_name(p->alg), o->nkeys);
	}
	vmm_att_check_nonce(out, "the realm challenge", r->challenge.p, r->challenge.n, o);
}
