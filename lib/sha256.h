/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SHA-256 (FIPS 180-4): a snapshot's files are named by their digest. */
#ifndef VMM_LIB_SHA256_H
#define VMM_LIB_SHA256_H

#include <stddef.h>

/* Lowercase hex digest of buf into hex (65 bytes with the NUL). */
void vmm_sha256_hex(const void *buf, size_t len, char hex[65]);

#endif
