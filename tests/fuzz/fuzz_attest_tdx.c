// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the TDX quote reader (lib/attest_tdx.c: header, the
 * v5 body descriptor, TD report 1.0 and 1.5, the signature data and its
 * QE report certification data) and its checks; promises in fuzz_attest.h.
 */
#include "fuzz_attest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_attest_one(data, size, NULL, 0);
	return 0;
}
