// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the MTE tag-file header parser and the smaps parser
 * (lib/tagfile.c, lib/mte.c): whatever the input, the header check must
 * either refuse with a reason or accept only what keeps its promises (sizes
 * that add up, aligned ranges that do not wrap); an accepted header encodes
 * back to the same bytes; packing round-trips; smaps text parses or is
 * refused, never read past its end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mte.h"
#include "lib/tagfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the file format's header CRC32: little-endian, over the bytes before it */
#define HDR_CRC_AT	60

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_tagfile_hdr h;
	struct vmm_mte_map *maps;
	uint8_t again[VMM_TAGFILE_HDR_SIZE], fixed[VMM_TAGFILE_HDR_SIZE];
	const char *why = NULL;
	char *text;
	int n;

	/*
	 * The input as a whole file, as a header of a file of another size, and
	 * with its header CRC made right (a fuzzed header seldom has one, and the
	 * checks of its fields come after the CRC's)
	 */
	if (size >= VMM_TAGFILE_HDR_SIZE) {
		uint32_t crc;

		memcpy(fixed, data, VMM_TAGFILE_HDR_SIZE);
		crc = vmm_crc32(0, fixed, HDR_CRC_AT);
		for (int i = 0; i < 4; i++)
			fixed[HDR_CRC_AT + i] = (uint8_t)(crc >> (8 * i));
	}
	for (int k = 0; k < 3; k++) {
		const uint8_t *in = k == 2 ? fixed : data;
		size_t len = k == 2 ? VMM_TAGFILE_HDR_SIZE : size;
		uint64_t fsize = k == 1 ? (size >= 8 ? (uint64_t)data[size - 1] << 12 : 0) :
				 k == 2 ? VMM_TAGFILE_HDR_SIZE + (uint64_t)(size - VMM_TAGFILE_HDR_SIZE) : size;

		if (k == 2 && size < VMM_TAGFILE_HDR_SIZE)
			break;
		if (vmm_tagfile_decode(in, len, fsize, &h, &why)) {
			check(why && *why);
			continue;
		}
		check(h.version == VMM_TAGFILE_VERSION && h.granule == 16);
		check(h.length && h.base + h.length > h.base);
		check(h.payload_size == vmm_tagfile_payload_size(h.length, h.packing));
		check(fsize == VMM_TAGFILE_HDR_SIZE + h.payload_size);
		vmm_tagfile_encode(&h, again);
		check(!memcmp(again, in, VMM_TAGFILE_HDR_SIZE));
	}
	if (size >= 2) {
		size_t nb = size / 2 < 4096 ? size / 2 : 4096;
		uint8_t *tags = malloc(2 * nb), *packed = malloc(nb);

		check(tags && packed);
		vmm_tag_unpack(data, nb, tags);
		vmm_tag_pack(tags, 2 * nb, packed);
		check(!memcmp(packed, data, nb));
		free(tags);
		free(packed);
	}
	text = malloc(size + 1);
	check(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	n = vmm_mte_parse_smaps(text, &maps);
	for (int i = 0; i < n; i++)
		check(maps[i].start < maps[i].end);
	if (n > 0)
		free(maps);
	free(text);
	return 0;
}
