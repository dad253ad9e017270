/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What lib/attest*.c share: the per-format decoders and verifiers, JSON and check helpers. */
#ifndef VMM_LIB_ATTEST_INT_H
#define VMM_LIB_ATTEST_INT_H

#include <stdarg.h>

#include "attest.h"

int vmm_att_cca_decode(struct vmm_att *a, char *why, size_t whylen);
int vmm_att_snp_decode(struct vmm_att *a, char *why, size_t whylen);
int vmm_att_tdx_decode(struct vmm_att *a, char *why, size_t whylen);
void vmm_att_cca_free(void *priv);
void vmm_att_cca_verify(const struct vmm_att *a, const struct vmm_att_opts *o,
			struct vmm_att_checks *out);
void vmm_att_snp_verify(const struct vmm_att *a, const struct vmm_att_opts *o,
			struct vmm_att_checks *out);
void vmm_att_tdx_verify(const struct vmm_att *a, const struct vmm_att_opts *o,
			struct vmm_att_checks *out);

/* Little-endian integers of the fixed layouts. */
uint64_t vmm_att_le(const uint8_t *p, size_t n);
void vmm_att_check(struct vmm_att_checks *out, const char *name, enum vmm_att_outcome o,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The nonce check every format makes: field against o->nonce zero-padded to n bytes. */
void vmm_att_check_nonce(struct vmm_att_checks *out, const char *field, const uint8_t *v, size_t n,
			 const struct vmm_att_opts *o);

#endif
