// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the config-space decoder (lib/pci_decode.c): the
 * input is a function's config space of any length up to 4096 bytes. The
 * decoder must stay inside the bytes given, keep its counts in range and
 * give every selective stream its own address blocks.
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
	check(s.naddr >= 0 && s.naddr <= VMM_PCI_IDE_ADDR_MAX);
	for (int i = 0, next = 0; i < s.nsel; i++) {
		const struct vmm_pci_ide_sel *b = &s.sel[i];

		/* each block's address blocks follow it and the previous block's, inside */
		check(b->naddr >= 0 && b->naddr <= 15 && b->addr0 == next);
		check(b->offset + 20u + 12u * (unsigned int)b->naddr <= size);
		for (int j = 0; j < b->naddr; j++)
			check(s.addr[b->addr0 + j].offset == b->offset + 20 + 12 * j);
		next += b->naddr;
		check(next <= s.naddr);
	}
	check(!s.tee_io || s.pcie);
	/* every stream, RID and address block found, decoded by field */
	for (int i = 0; i < s.nlink; i++) {
		struct vmm_pci_ide_stream st;

		vmm_pci_ide_stream_decode(s.link[i].ctl, s.link[i].sts, &st);
		check(st.aggr_npr >= 1 && st.aggr_npr <= 8 && st.aggr_pr >= 1 && st.aggr_pr <= 8);
		check(st.enabled == (s.link[i].ctl & 1));
	}
	for (int i = 0; i < s.nsel; i++) {
		struct vmm_pci_ide_stream st;
		struct vmm_pci_ide_rid rid;

		vmm_pci_ide_stream_decode(s.sel[i].ctl, s.sel[i].sts, &st);
		check(st.enabled == (s.sel[i].ctl & 1) && st.aggr_cpl >= 1 && st.aggr_cpl <= 8);
		vmm_pci_ide_rid_decode(&s.sel[i], &rid);
		check(rid.valid == (s.sel[i].rid2 & 1));
		check(*vmm_pci_ide_state_name(s.sel[i].sts) && *vmm_pci_ide_alg_name(st.alg) &&
		      *vmm_pci_ide_hdr_name(st.part_hdr));
	}
	for (int i = 0; i < s.naddr; i++) {
		struct vmm_pci_ide_range r;

		vmm_pci_ide_range_decode(&s.addr[i], &r);
		check((r.limit & 0xfffff) == 0xfffff && !(r.base & 0xfffff));
	}
	check(*vmm_pci_type_name(c[size > 0x40 ? 0x40 : 0] & 0xf));
	free(c);
	return 0;
}
