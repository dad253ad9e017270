// SPDX-License-Identifier: GPL-3.0-or-later
/* libcbor opened on first use: only attestation evidence needs it. */
#include "cbor_dl.h"

#include <errno.h>
#include <stddef.h>

#include "dl.h"

#define CBOR_SONAME	"libcbor.so.0.8"

struct vmm_cbor_fns vmm_cbor;

#define CBOR_NAME(f) #f,
#define CBOR_SLOT(f) (void **)&vmm_cbor.f,

int vmm_cbor_load(void)
{
	static const char *const names[] = { VMM_CBOR_FUNCS(CBOR_NAME) NULL };
	void **const slots[] = { VMM_CBOR_FUNCS(CBOR_SLOT) };

	if (vmm_cbor.h)
		return 0;
	vmm_cbor.why = vmm_dl_open(CBOR_SONAME, names, slots, &vmm_cbor.h);
	return vmm_cbor.why ? -ELIBACC : 0;
}
