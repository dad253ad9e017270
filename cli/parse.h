/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Typed parsers for everything a user types. Each returns 0, or -EINVAL
 * (-ERANGE for overflow) with *why set to a static reason.
 */
#ifndef VMM_CLI_PARSE_H
#define VMM_CLI_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "cmd.h"

int vmm_parse_u64(const char *s, uint64_t *out, const char **why);
int vmm_parse_bdf(const char *s, struct vmm_bdf *out, const char **why);
int vmm_parse_vmid(const char *s, struct vmm_vmid *out, const char **why);
int vmm_parse_range(const char *s, struct vmm_range *out, const char **why);
/*
 * PATH[:OFFSET] (the last ':' starts the offset) into path (len bytes) and
 * *offset; why names the bad part.
 */
#define VMM_WHY_LEN	96
int vmm_parse_path_offset(const char *s, char *path, size_t len, uint64_t *offset,
			  char why[VMM_WHY_LEN]);
int vmm_parse_enum(const char *s, const char *const *choices, unsigned int *idx,
		   const char **why);
int vmm_parse_kv(const char *s, const char **key, size_t *key_len, const char **value,
		 const char **why);
int vmm_parse_onoff(const char *s, bool *on, const char **why);
/* Dispatch on type; what the type expects, for messages. */
int vmm_parse_typed(enum vmm_type t, const char *const *choices, const char *s,
		    struct vmm_val *v, const char **why);
const char *vmm_type_expect(enum vmm_type t);
const char *vmm_type_name(enum vmm_type t);

/* Edit distance, capped; for did-you-mean. */
unsigned int vmm_distance(const char *a, const char *b);

#endif
