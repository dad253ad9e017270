// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Config-space decoding of the security capabilities (spec C.6). Every
 * pointer and count comes from the device, so every read is bounds-checked
 * and both capability walks are bounded: the standard one by the number of
 * slots it can visit, the extended one by never visiting a slot twice.
 */
#include "pci_decode.h"

#include <string.h>

static uint32_t rd32(const uint8_t *c, size_t len, size_t off, bool *ok)
{
	if (off + 4 > len) {
		*ok = false;
		return 0;
	}
	return (uint32_t)c[off] | (uint32_t)c[off + 1] << 8 | (uint32_t)c[off + 2] << 16 |
	       (uint32_t)c[off + 3] << 24;
}

static void decode_pcie(const uint8_t *c, size_t len, struct vmm_pci_sec *s)
{
	unsigned int ptr, guard = 48;	/* 192 bytes of capability space / 4 */
	bool ok = true;

	if (len < 0x40 || !(c[0x06] & 0x10))	/* status: capabilities list */
		return;
	ptr = c[0x34] & 0xfc;
	while (ptr >= 0x40 && ptr + 8 <= len && guard--) {
		if (c[ptr] == VMM_PCI_CAP_ID_EXP) {
			s->pcie = true;
			s->pcie_type = (c[ptr + 2] >> 4) & 0xf;
			s->devcap = rd32(c, len, ptr + 4, &ok);
			s->tee_io = !!(s->devcap & VMM_PCI_EXP_DEVCAP_TEE);
			return;
		}
		ptr = c[ptr + 1] & 0xfc;
	}
}

static void decode_ide(const uint8_t *c, size_t len, size_t off, struct vmm_pci_sec *s)
{
	bool ok = true;
	size_t p;

	s->ide = true;
	s->ide_offset = (uint16_t)off;
	s->ide_cap = rd32(c, len, off + 4, &ok);
	s->ide_ctl = rd32(c, len, off + 8, &ok);
	p = off + 0x0c;
	if (s->ide_cap & VMM_PCI_IDE_CAP_LINK) {
		int n = (int)((s->ide_cap >> 13) & 7) + 1;

		for (int i = 0; i < n && ok; i++, p += 8) {
			s->link[i].ctl = rd32(c, len, p, &ok);
			s->link[i].sts = rd32(c, len, p + 4, &ok);
			if (ok)
				s->nlink++;
		}
	}
	if (ok && (s->ide_cap & VMM_PCI_IDE_CAP_SELECTIVE)) {
		s->nsel_announced = (int)((s->ide_cap >> 16) & 0xff) + 1;
		for (int i = 0; i < s->nsel_announced && ok; i++) {
			struct vmm_pci_ide_sel *b = &s->sel[i];

			b->offset = (uint16_t)p;
			b->cap = rd32(c, len, p, &ok);
			b->ctl = rd32(c, len, p + 4, &ok);
			b->sts = rd32(c, len, p + 8, &ok);
			p += 20 + 12 * (b->cap & 0xf);
			if (!ok || p > len) {
				ok = false;
				break;
			}
			s->nsel++;
		}
	}
	if (!ok)
		s->truncated = true;
}

void vmm_pci_decode(const uint8_t *cfg, size_t len, struct vmm_pci_sec *s)
{
	uint8_t seen[(4096 - 0x100) / 4 / 8] = { 0 };	/* one bit per dword slot */
	unsigned int off = 0x100;
	bool ok = true;

	memset(s, 0, sizeof(*s));
	decode_pcie(cfg, len, s);
	if (!s->pcie)
		return;		/* only PCIe functions have extended capabilities */
	/* a list that comes back to a capability it passed ends there (lspci does so too) */
	while (off >= 0x100 && !(seen[(off - 0x100) / 32] & 1u << ((off - 0x100) / 4 % 8))) {
		uint32_t h = rd32(cfg, len, off, &ok);
		unsigned int id = h & 0xffff;

		seen[(off - 0x100) / 32] |= (uint8_t)(1u << ((off - 0x100) / 4 % 8));
		if (!ok || !h || h == 0xffffffffu)
			break;
		if (id == VMM_PCI_EXT_CAP_ID_DOE && s->ndoe < VMM_PCI_DOE_MAX) {
			struct vmm_pci_doe *d = &s->doe[s->ndoe];

			d->offset = (uint16_t)off;
			d->cap = rd32(cfg, len, off + 4, &ok);
			d->ctrl = rd32(cfg, len, off + 8, &ok);
			d->status = rd32(cfg, len, off + 0xc, &ok);
			if (ok)
				s->ndoe++;
		} else if (id == VMM_PCI_EXT_CAP_ID_IDE && !s->ide) {
			decode_ide(cfg, len, off, s);
		}
		off = (h >> 20) & 0xffc;
	}
}

const char *vmm_pci_type_name(uint8_t type)
{
	static const char *const names[] = {
		[0] = "endpoint", [1] = "legacy_endpoint", [4] = "root_port",
		[5] = "upstream_port", [6] = "downstream_port", [7] = "pci_bridge",
		[8] = "pcie_bridge", [9] = "rc_endpoint", [10] = "rc_event_collector",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "other";
}

const char *vmm_pci_ide_state_name(uint32_t sts)
{
	switch (sts & 0xf) {
	case 0: return "insecure";
	case 2: return "secure";
	default: return "other";
	}
}
