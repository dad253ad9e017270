/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * MTE tag files: a 64-byte little-endian header, then the tags. The header
 * names where the tags came from (a guest's IPAs or a process's addresses),
 * the range, the packing and the CRC32 of the payload, so a restore can
 * refuse a wrong, truncated or corrupted file before touching the kernel.
 * Also the ELF core form (spec D.4) for GDB. No I/O here.
 */
#ifndef VMM_LIB_TAGFILE_H
#define VMM_LIB_TAGFILE_H

#include <stddef.h>
#include <stdint.h>

#define VMM_TAGFILE_MAGIC	"VMMTAGS"	/* 8 bytes with its NUL */
#define VMM_TAGFILE_VERSION	1u
#define VMM_TAGFILE_HDR_SIZE	64u

enum vmm_tag_source {
	VMM_TAG_SRC_KVM = 1,	/* base is a guest IPA (KVM_ARM_MTE_COPY_TAGS) */
	VMM_TAG_SRC_PROC = 2,	/* base is a process address (PTRACE_PEEKMTETAGS) */
};

enum vmm_tag_packing {
	VMM_TAG_PACK_BYTE = 1,	/* one tag per byte, low nibble, as the kernel gives it */
	VMM_TAG_PACK_NIBBLE = 2,	/* two per byte, even granule in bits 3:0 (as D.4) */
};

struct vmm_tagfile_hdr {
	uint32_t version;
	uint32_t source;	/* enum vmm_tag_source */
	uint32_t packing;	/* enum vmm_tag_packing */
	uint32_t granule;	/* 16 */
	uint32_t page_size;	/* host page size when written */
	uint64_t base;
	uint64_t length;	/* bytes of memory the tags cover */
	uint64_t payload_size;	/* bytes after the header */
	uint32_t crc;		/* CRC32 (IEEE, as zlib) of the payload */
};

/* Payload bytes for length bytes of memory in this packing. */
uint64_t vmm_tagfile_payload_size(uint64_t length, uint32_t packing);
/* Header bytes of h (its own CRC at offset 60 included). */
void vmm_tagfile_encode(const struct vmm_tagfile_hdr *h, uint8_t out[VMM_TAGFILE_HDR_SIZE]);
/*
 * Parses and checks a header: magic, header CRC, version, granule, packing,
 * page size, alignment and the payload size for the length; file_size (the
 * whole file, header included) must match exactly. -EINVAL with *why set.
 */
int vmm_tagfile_decode(const uint8_t *buf, size_t len, uint64_t file_size,
		       struct vmm_tagfile_hdr *h, const char **why);

uint32_t vmm_crc32(uint32_t crc, const void *buf, size_t len);

/* n tags (n even) into n / 2 bytes, and back; out may not alias in. */
void vmm_tag_pack(const uint8_t *tags, size_t n, uint8_t *out);
void vmm_tag_unpack(const uint8_t *in, size_t nbytes, uint8_t *tags);

/*
 * ELF core (ET_CORE, EM_AARCH64) for GDB: a PT_NOTE (a thread with pid,
 * and an auxv with HWCAP2_MTE), a PT_LOAD without file bytes at base and
 * a PT_AARCH64_MEMTAG_MTE segment with the packed tags right after the
 * headers. Fills out (VMM_TAGFILE_ELF_HDR_SIZE bytes).
 */
#define VMM_TAGFILE_ELF_HDR_SIZE	(64u + 3u * 56u + 20u + 392u + 20u + 32u)
void vmm_tagfile_elf_header(uint64_t base, uint64_t length, uint32_t pid,
			    uint8_t out[VMM_TAGFILE_ELF_HDR_SIZE]);

#endif
