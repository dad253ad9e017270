/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the attestation targets check of every input: vmm_att_decode either
 * refuses it with a reason (-EINVAL, why non-empty) or gives a model of the
 * expected format; decoding is deterministic (the same JSON twice); and
 * verification of whatever decoded runs every check without crashing and
 * with an outcome and a reason each.
 */
#ifndef VMM_FUZZ_ATTEST_H
#define VMM_FUZZ_ATTEST_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/attest.h"

static void check(int ok)
{
	if (!ok)
		abort();
}

static void fuzz_attest_one(const uint8_t *data, size_t size, const uint8_t *aux, size_t auxlen)
{
	static const uint8_t nonce[64] = { 1 };
	struct vmm_att a, b;
	struct vmm_att_checks ck;
	struct vmm_att_opts o = { .nonce = nonce, .nonce_len = 64, .aux = aux, .aux_len = auxlen };
	char why[400] = "", why2[400] = "";
	int rc = vmm_att_decode(data, size, &a, why, sizeof(why));
	int rc2 = vmm_att_decode(data, size, &b, why2, sizeof(why2));

	check(rc == rc2);
	if (rc) {
		check(rc == -EINVAL || rc == -ENOMEM);
		check(*why && !strcmp(why, why2));
		return;
	}
	check(a.fields && b.fields);
	check(!strcmp(json_object_to_json_string(a.fields), json_object_to_json_string(b.fields)));
	vmm_att_free(&b);
	check(vmm_att_verify(&a, &o, &ck) == 0);
	check(ck.n > 0 && ck.n <= VMM_ATT_CHECKS);
	for (int i = 0; i < ck.n; i++)
		check(*ck.c[i].name && *ck.c[i].reason);
	vmm_att_free(&a);
}

#endif
