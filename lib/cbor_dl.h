/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libcbor through a table of its functions, opened on first use (as
 * libcrypto is, lib/crypto.c): vmm_cbor.cbor_load(...) and so on.
 */
#ifndef VMM_LIB_CBOR_DL_H
#define VMM_LIB_CBOR_DL_H

#include <cbor.h>

#define VMM_CBOR_FUNCS(X) X(cbor_load) X(cbor_decref) X(cbor_typeof) X(cbor_get_int) \
	X(cbor_bytestring_is_definite) X(cbor_bytestring_handle) X(cbor_bytestring_length) \
	X(cbor_string_is_definite) X(cbor_string_handle) X(cbor_string_length) \
	X(cbor_array_size) X(cbor_array_handle) X(cbor_map_size) X(cbor_map_handle) X(cbor_map_is_definite) \
	X(cbor_tag_value) X(cbor_tag_item) X(cbor_new_definite_array) X(cbor_build_string) \
	X(cbor_build_bytestring) X(cbor_array_push) X(cbor_serialize_alloc) X(cbor_move) \
	X(cbor_stream_decode) X(cbor_empty_callbacks)
#define VMM_CBOR_PTR(f) typeof(f) *f;
struct vmm_cbor_fns {
	void *h;
	const char *why;
	VMM_CBOR_FUNCS(VMM_CBOR_PTR)
};
#undef VMM_CBOR_PTR
extern struct vmm_cbor_fns vmm_cbor;

/* 0, or -ELIBACC (vmm_cbor.why says why). */
int vmm_cbor_load(void);

#endif
