// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the config-space decoder (lib/pci_decode.c): the
 * input is a function's config space of any length up to 4096 bytes. The
 * decoder must stay inside the bytes given and keep its counts in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pci_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vmm_pci_sec s;
	uint8_t *c;

	if (size > 4096)
		size = 4096;
	c = malloc(size ? size : 1);	/* exact size: ASan sees any read past it */
	if (!c)
		return 0;
	memcpy(c, data, size);
	vmm_pci_decode(c, size, &s);
	check(s.ndoe >= 0 && s.ndoe <= VMM_PCI_DOE_MAX);
	check(s.nlink >= 0 && s.nlink <= VMM_PCI_IDE_LINK_MAX);
	check(s.nsel >= 0 && s.nsel <= s.nsel_announced && s.nsel <= VMM_PCI_IDE_SEL_MAX);
	for (int i = 0; i < s.ndoe; i++) {
		check(s.doe[i].offset >= 0x100 && s.doe[i].offset + 16u <= size);
		for (int j = 0; j < i; j++)	/* a looping list reports a mailbox once */
			check(s.doe[j].offset != s.doe[i].offset);
	}
	for (int i = 0; i < s.nsel; i++)
		check(s.sel[i].offset + 20u <= size);
	check(!s.tee_io || s.pcie);
	free(c);
	return 0;
}
