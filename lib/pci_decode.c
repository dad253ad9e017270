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
	while (ptr >= 0x40 && ptr + 2 <= len && guard--) {
		/* the PCIe capability counts only with its DEVCAP inside the bytes */
		if (c[ptr] == VMM_PCI_CAP_ID_EXP && ptr + 8 <= len) {
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
	s->ide_alg = (s->ide_cap >> 8) & 0x1f;
	/* the TC count is reserved without link streams */
	if (s->ide_cap & VMM_PCI_IDE_CAP_LINK)
		s->link_tcs = (int)((s->ide_cap >> 13) & 7) + 1;
	s->ide_ctl = rd32(c, len, off + 8, &ok);
	p = off + 0x0c;
	if (s->link_tcs) {
		for (int i = 0; i < s->link_tcs && ok; i++, p += 8) {
			s->link[i].ctl = rd32(c, len, p, &ok);
			s->link[i].sts = rd32(c, len, p + 4, &ok);
			if (ok)
				s->nlink++;
		}
	}
	if (s->ide_cap & VMM_PCI_IDE_CAP_SELECTIVE) {
		s->nsel_announced = (int)((s->ide_cap >> 16) & 0xff) + 1;
		for (int i = 0; i < s->nsel_announced && ok; i++) {
			struct vmm_pci_ide_sel b = { .offset = (uint16_t)p };
			size_t end;

			b.cap = rd32(c, len, p, &ok);
			b.ctl = rd32(c, len, p + 4, &ok);
			b.sts = rd32(c, len, p + 8, &ok);
			b.rid1 = rd32(c, len, p + 0x0c, &ok);
			b.rid2 = rd32(c, len, p + 0x10, &ok);
			b.addr0 = s->naddr;
			b.naddr = (int)(b.cap & 0xf);
			end = p + 20 + 12 * (size_t)b.naddr;
			/* a block that fits never reaches the array bounds (see the defines) */
			if (!ok || end > len || i >= VMM_PCI_IDE_SEL_MAX ||
			    s->naddr + b.naddr > VMM_PCI_IDE_ADDR_MAX) {
				ok = false;
				break;
			}
			for (p += 20; p < end; p += 12) {
				struct vmm_pci_ide_addr *a = &s->addr[s->naddr++];

				a->offset = (uint16_t)p;
				a->low = rd32(c, len, p, &ok);
				a->limit_hi = rd32(c, len, p + 4, &ok);
				a->base_hi = rd32(c, len, p + 8, &ok);
			}
			s->sel[i] = b;
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
			d->int_msg = (d->cap >> 1) & 0x7ff;
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

/* the control bits up to 21 are laid out alike in link and selective streams */
void vmm_pci_ide_stream_decode(uint32_t ctl, uint32_t sts, struct vmm_pci_ide_stream *o)
{
	o->enabled = ctl & 1;
	o->xt = ctl & 2;
	o->aggr_npr = (uint8_t)(1u << ((ctl >> 2) & 3));	/* 0: none, then up to 2, 4, 8 */
	o->aggr_pr = (uint8_t)(1u << ((ctl >> 4) & 3));
	o->aggr_cpl = (uint8_t)(1u << ((ctl >> 6) & 3));
	o->pcrc = ctl & (1u << 8);
	o->config_requests = ctl & (1u << 9);
	o->part_hdr = (ctl >> 10) & 0xf;
	o->alg = (ctl >> 14) & 0x1f;
	o->tc = (ctl >> 19) & 7;
	o->dflt = ctl & (1u << 22);
	o->tee_limited = ctl & (1u << 23);
	o->id = (uint8_t)(ctl >> 24);
	o->state = sts & 0xf;
	o->ide_fail = sts & (1u << 31);
}

void vmm_pci_ide_rid_decode(const struct vmm_pci_ide_sel *b, struct vmm_pci_ide_rid *o)
{
	o->valid = b->rid2 & 1;
	o->base = (uint16_t)(b->rid2 >> 8);
	o->limit = (uint16_t)(b->rid1 >> 8);
	o->segment = (uint8_t)(b->rid2 >> 24);
}

/*
 * ADDR_1 holds address bits 31:20 of base (in its bits 19:8) and of limit
 * (31:20); the two upper dwords are bits 63:32. A limit covers its last
 * megabyte, so its low 20 bits read as ones.
 */
void vmm_pci_ide_range_decode(const struct vmm_pci_ide_addr *a, struct vmm_pci_ide_range *o)
{
	o->valid = a->low & 1;
	o->base = (uint64_t)a->base_hi << 32 | (uint64_t)((a->low >> 8) & 0xfff) << 20;
	o->limit = (uint64_t)a->limit_hi << 32 | (uint64_t)(a->low >> 20) << 20 | 0xfffff;
}

const char *vmm_pci_ide_state_name(uint32_t sts)
{
	switch (sts & 0xf) {
	case 0: return "insecure";
	case 2: return "secure";
	default: return "other";
	}
}

const char *vmm_pci_ide_alg_name(uint8_t alg)
{
	return alg ? "reserved" : "AES-GCM-256-96b";	/* 256-bit key, 96-bit MAC */
}

const char *vmm_pci_ide_hdr_name(uint8_t mode)
{
	static const char *const names[] = { "none", "17:2", "25:2", "33:2", "41:2" };

	return mode < sizeof(names) / sizeof(names[0]) ? names[mode] : "reserved";
}
