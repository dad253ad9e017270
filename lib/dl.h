/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Libraries loaded when first needed, so that every one-shot command starts without them. */
#ifndef VMM_LIB_DL_H
#define VMM_LIB_DL_H

/*
 * dlopen(soname) once into *handle and dlsym each of names (NULL-terminated)
 * into *slots[i]: the pointer variables of a table of the library's
 * functions and variables, by their own names. NULL, or why it did not
 * load (dlerror's text, or the name of the missing symbol).
 */
const char *vmm_dl_open(const char *soname, const char *const *names, void **const *slots,
			void **handle);

#endif
