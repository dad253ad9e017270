// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the SEV-SNP report (lib/attest_snp.c) and the
 * certificate table of its auxblob (lib/attest.c): the first 1184 bytes
 * (zero-padded) are the report, the rest the auxblob; verification parses
 * the table's certificates and tries each against the report. Promises in
 * fuzz_attest.h; also, the table parser either fails with a reason or
 * lists at most VMM_ATT_AUX_CERTS entries that lie inside the blob.
 */
#include "fuzz_attest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPORT	0x4a0u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t report[REPORT];
	const uint8_t *aux = size > REPORT ? data + REPORT : NULL;
	size_t auxlen = size > REPORT ? size - REPORT : 0;
	struct vmm_att_aux t;
	char why[200] = "";

	memset(report, 0, sizeof(report));
	memcpy(report, data, size < REPORT ? size : REPORT);
	fuzz_attest_one(report, REPORT, aux, auxlen);
	if (!aux)
		return 0;
	if (vmm_att_aux_parse(aux, auxlen, &t, why, sizeof(why))) {
		check(*why != 0);
		return 0;
	}
	check(t.n >= 0 && t.n <= VMM_ATT_AUX_CERTS);
	for (int i = 0; i < t.n; i++)
		check((uint64_t)t.e[i].offset + t.e[i].length <= auxlen && *t.e[i].kind);
	vmm_att_aux_free(&t);
	return 0;
}
