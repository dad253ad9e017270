// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the CCA token reader (lib/attest_cca.c: the CBOR
 * collection, tag 399 or 907, its COSE_Sign1 tokens and their claims,
 * through libcbor) and its verification (COSE Sig_structure, the RAK,
 * the binding); the promises are in fuzz_attest.h.
 */
#include "fuzz_attest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_attest_one(data, size, NULL, 0);
	return 0;
}
