// SPDX-License-Identifier: GPL-3.0-or-later
#include "tagfile.h"

#include <errno.h>
#include <string.h>
#if defined(__aarch64__)
#include <sys/auxv.h>
#endif

#include "uapi/mte.h"

/* ELF core: the notes after the three program headers, tags after the notes. */
#define ELF_NOTES_OFF	(64u + 3u * 56u)
#define ELF_NOTES_SIZE	(20u + 392u + 20u + 32u)
_Static_assert(ELF_NOTES_OFF + ELF_NOTES_SIZE == VMM_TAGFILE_ELF_HDR_SIZE, "ELF layout");

/* Header offsets (all little-endian). */
enum {
	O_MAGIC = 0, O_VERSION = 8, O_HDR_SIZE = 12, O_SOURCE = 16, O_PACKING = 20,
	O_BASE = 24, O_LENGTH = 32, O_GRANULE = 40, O_PAGE = 44, O_PAYLOAD = 48,
	O_CRC = 56, O_HDR_CRC = 60,
};

static void put(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/*
 * CRC-32 (IEEE, reflected, as zlib), eight bytes per step ("slicing by 8"):
 * a dump of 1 GiB of guest range checksums 64 MiB of tags, and the byte-wise
 * loop cost more than the copy calls themselves in the rig. arm64 CPUs with
 * the CRC32 instructions (all of those with MTE) use them instead.
 */
#if defined(__aarch64__)
/* ARMv8's CRC32X is this CRC's polynomial: eight bytes per instruction. */
__attribute__((target("+crc")))
static uint32_t crc32_arm(uint32_t crc, const uint8_t *p, size_t len)
{
	uint64_t v;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&v, p, 8);
		crc = __builtin_aarch64_crc32x(crc, v);
	}
	while (len--)
		crc = __builtin_aarch64_crc32b(crc, *p++);
	return crc;
}
#endif

uint32_t vmm_crc32(uint32_t crc, const void *buf, size_t len)
{
	static uint32_t t[8][256];
	const uint8_t *p = buf;

#if defined(__aarch64__)
	if (getauxval(AT_HWCAP) & (1ul << 7))	/* HWCAP_CRC32 */
		return ~crc32_arm(~crc, p, len);
#endif

	if (!t[0][1]) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			t[0][i] = c;
		}
		for (uint32_t i = 0; i < 256; i++)
			for (int k = 1; k < 8; k++)
				t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
	}
	crc = ~crc;
	while (len >= 8) {
		uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
				     (uint32_t)p[3] << 24);
		uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
			      (uint32_t)p[7] << 24;

		crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^
		      t[4][lo >> 24] ^ t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^
		      t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
		p += 8;
		len -= 8;
	}
	while (len--)
		crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint64_t vmm_tagfile_payload_size(uint64_t length, uint32_t packing)
{
	return length / VMM_MTE_GRANULE / (packing == VMM_TAG_PACK_NIBBLE ? 2 : 1);
}

void vmm_tagfile_encode(const struct vmm_tagfile_hdr *h, uint8_t out[VMM_TAGFILE_HDR_SIZE])
{
	memset(out, 0, VMM_TAGFILE_HDR_SIZE);
	memcpy(out + O_MAGIC, VMM_TAGFILE_MAGIC, 8);
	put(out + O_VERSION, h->version, 4);
	put(out + O_HDR_SIZE, VMM_TAGFILE_HDR_SIZE, 4);
	put(out + O_SOURCE, h->source, 4);
	put(out + O_PACKING, h->packing, 4);
	put(out + O_BASE, h->base, 8);
	put(out + O_LENGTH, h->length, 8);
	put(out + O_GRANULE, h->granule, 4);
	put(out + O_PAGE, h->page_size, 4);
	put(out + O_PAYLOAD, h->payload_size, 8);
	put(out + O_CRC, h->crc, 4);
	put(out + O_HDR_CRC, vmm_crc32(0, out, O_HDR_CRC), 4);
}

int vmm_tagfile_decode(const uint8_t *buf, size_t len, uint64_t file_size,
		       struct vmm_tagfile_hdr *h, const char **why)
{
	uint64_t align;

	memset(h, 0, sizeof(*h));
	if (len < VMM_TAGFILE_HDR_SIZE || file_size < VMM_TAGFILE_HDR_SIZE)
		return *why = "shorter than the 64-byte header", -EINVAL;
	if (memcmp(buf + O_MAGIC, VMM_TAGFILE_MAGIC, 8))
		return *why = "not a vmmctl tag file (bad magic)", -EINVAL;
	h->version = (uint32_t)get(buf + O_VERSION, 4);
	/* the version comes first: a newer header may not have our CRC where we look */
	if (h->version != VMM_TAGFILE_VERSION)
		return *why = "unsupported version (this vmmctl reads version 1)", -EINVAL;
	if (get(buf + O_HDR_SIZE, 4) != VMM_TAGFILE_HDR_SIZE)
		return *why = "header size is not 64", -EINVAL;
	if (get(buf + O_HDR_CRC, 4) != vmm_crc32(0, buf, O_HDR_CRC))
		return *why = "header CRC mismatch (corrupted header)", -EINVAL;
	h->source = (uint32_t)get(buf + O_SOURCE, 4);
	h->packing = (uint32_t)get(buf + O_PACKING, 4);
	h->base = get(buf + O_BASE, 8);
	h->length = get(buf + O_LENGTH, 8);
	h->granule = (uint32_t)get(buf + O_GRANULE, 4);
	h->page_size = (uint32_t)get(buf + O_PAGE, 4);
	h->payload_size = get(buf + O_PAYLOAD, 8);
	h->crc = (uint32_t)get(buf + O_CRC, 4);
	if (h->source != VMM_TAG_SRC_KVM && h->source != VMM_TAG_SRC_PROC)
		return *why = "unknown source kind", -EINVAL;
	if (h->packing != VMM_TAG_PACK_BYTE && h->packing != VMM_TAG_PACK_NIBBLE)
		return *why = "unknown packing", -EINVAL;
	if (h->granule != VMM_MTE_GRANULE)
		return *why = "granule is not 16", -EINVAL;
	if (h->page_size < 4096 || h->page_size > (1u << 16) || (h->page_size & (h->page_size - 1)))
		return *why = "page size is not a power of two from 4 KiB to 64 KiB", -EINVAL;
	/* KVM copies whole pages; a process dump covers whole granule pairs */
	align = h->source == VMM_TAG_SRC_KVM ? h->page_size : 2 * VMM_MTE_GRANULE;
	if (!h->length || h->length % align || h->base % align)
		return *why = "base or length not aligned for its source", -EINVAL;
	if (h->base + h->length < h->base)
		return *why = "range wraps past 2^64", -EINVAL;
	if (h->payload_size != vmm_tagfile_payload_size(h->length, h->packing))
		return *why = "payload size does not match the length", -EINVAL;
	if (file_size - VMM_TAGFILE_HDR_SIZE < h->payload_size)
		return *why = "truncated: the file is shorter than its header says", -EINVAL;
	if (file_size - VMM_TAGFILE_HDR_SIZE > h->payload_size)
		return *why = "trailing bytes after the payload", -EINVAL;
	return 0;
}

void vmm_tag_pack(const uint8_t *tags, size_t n, uint8_t *out)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		out[i / 2] = (uint8_t)((tags[i] & 0xf) | (tags[i + 1] & 0xf) << 4);
}

void vmm_tag_unpack(const uint8_t *in, size_t nbytes, uint8_t *tags)
{
	for (size_t i = 0; i < nbytes; i++) {
		tags[2 * i] = in[i] & 0xf;
		tags[2 * i + 1] = in[i] >> 4;
	}
}

/* One ELF note named "CORE": 12 bytes of sizes and type, the name padded to 8. */
static uint8_t *note(uint8_t *p, uint32_t type, uint32_t descsz)
{
	put(p, 5, 4);
	put(p + 4, descsz, 4);
	put(p + 8, type, 4);
	memcpy(p + 12, "CORE", 5);
	return p + 20;
}

void vmm_tagfile_elf_header(uint64_t base, uint64_t length, uint32_t pid,
			    uint8_t out[VMM_TAGFILE_ELF_HDR_SIZE])
{
	uint8_t *ph, *n;

	memset(out, 0, VMM_TAGFILE_ELF_HDR_SIZE);
	memcpy(out, "\177ELF", 4);
	out[4] = 2;			/* ELFCLASS64 */
	out[5] = 1;			/* little-endian */
	out[6] = 1;			/* EV_CURRENT */
	put(out + 16, 4, 2);		/* ET_CORE */
	put(out + 18, 183, 2);		/* EM_AARCH64 */
	put(out + 20, 1, 4);
	put(out + 32, 64, 8);		/* e_phoff */
	put(out + 52, 64, 2);		/* e_ehsize */
	put(out + 54, 56, 2);		/* e_phentsize */
	put(out + 56, 3, 2);		/* e_phnum */
	/*
	 * PT_NOTE: a thread (NT_PRSTATUS, arm64 layout, only the pid set) and
	 * the auxiliary vector with HWCAP2_MTE, which is how a debugger learns
	 * that the core has tags; without a thread GDB takes the pid as made
	 * up and looks for no tags at all.
	 */
	ph = out + 64;
	put(ph + 0, 4, 4);
	put(ph + 8, ELF_NOTES_OFF, 8);
	put(ph + 32, ELF_NOTES_SIZE, 8);
	put(ph + 40, ELF_NOTES_SIZE, 8);
	put(ph + 48, 4, 8);
	n = note(out + ELF_NOTES_OFF, 1, 392);	/* NT_PRSTATUS */
	put(n + 32, pid, 4);			/* pr_pid */
	n = note(n + 392, 6, 32);		/* NT_AUXV */
	put(n, 26, 8);				/* AT_HWCAP2 */
	put(n + 8, 1u << 18, 8);		/* HWCAP2_MTE */
	/* PT_LOAD: the range, no memory bytes in the file */
	ph += 56;
	put(ph + 0, VMM_PT_LOAD, 4);
	put(ph + 4, 6, 4);		/* PF_R | PF_W */
	put(ph + 8, VMM_TAGFILE_ELF_HDR_SIZE, 8);
	put(ph + 16, base, 8);
	put(ph + 40, length, 8);	/* p_memsz; p_filesz stays 0 */
	put(ph + 48, 4096, 8);
	/* the tags, after the normal PT_LOADs as the kernel writes them */
	ph += 56;
	put(ph + 0, VMM_PT_AARCH64_MEMTAG_MTE, 4);
	put(ph + 8, VMM_TAGFILE_ELF_HDR_SIZE, 8);
	put(ph + 16, base, 8);
	put(ph + 32, length / 32, 8);	/* p_filesz */
	put(ph + 40, length, 8);	/* p_memsz */
}
