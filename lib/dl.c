// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Libraries loaded when first needed (readline for the shell, ncurses for
 * top's live view, libcbor and libcrypto for attestation evidence), so
 * that every one-shot command starts without them.
 */
#include <dlfcn.h>
#include <stddef.h>

#include "dl.h"

const char *vmm_dl_open(const char *soname, const char *const *names, void **const *slots,
			void **handle)
{
	void *h;

	if (*handle)
		return NULL;
	h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return dlerror();
	for (size_t i = 0; names[i]; i++) {
		*slots[i] = dlsym(h, names[i]);
		if (!*slots[i]) {
			dlclose(h);
			return names[i];
		}
	}
	*handle = h;
	return NULL;
}
