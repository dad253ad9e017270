// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An emulated PCI host bridge on a domain of its own: config space lives in
 * memory and is served by our pci_ops.  Bus 0 holds a root port with a
 * Selective IDE capability; below it sits a two-function endpoint whose
 * function 0 has DEVCAP TEE-IO, a DOE mailbox (discovery and CMA/SPDM) and
 * an IDE capability with link and selective streams, each selective stream
 * with two address association blocks; function 1 has TEE-IO only, so its
 * Device Security Manager is function 0.
 *
 * Register layout from the PCIe base specification as the kernel's
 * uapi/linux/pci_regs.h names it.  Every config access runs under the PCI
 * core's pci_lock, which serialises the mailbox state below.
 */
#include <linux/bitfield.h>
#include <linux/pci.h>
#include <linux/pci-ide.h>
#include <linux/pci-doe.h>
#include <linux/slab.h>

#include "tsm_test.h"

#define CFG_SIZE	4096
#define MB_DW		16		/* mailbox depth in dwords, both ways */

struct tt_fn {
	u8 cfg[CFG_SIZE];
	u8 wmask[CFG_SIZE];		/* bits a write may change */
	u16 doe;			/* DOE capability offset, 0: none */
	u16 ide;			/* IDE capability offset, 0: none */
	u8 nlink, nsel, nassoc;
	u32 req[MB_DW], rsp[MB_DW];
	unsigned int nreq, nrsp, rd;
};

static struct {
	struct tt_fn rp, ep0, ep1;
	struct pci_host_bridge *hb;
	struct resource busn, mem, pref;
} tt;

/* Bus addresses of the windows differ from the CPU's for the 32-bit one. */
#define TT_MEM_CPU	0x6000000000ULL		/* nothing of QEMU virt's map here */
#define TT_MEM_BUS	0x90000000ULL
#define TT_MEM_SIZE	0x01000000ULL
#define TT_PREF_CPU	0x6100000000ULL		/* bus == CPU, above 4 GiB */
#define TT_PREF_SIZE	0x04000000ULL

static void put(struct tt_fn *f, unsigned int off, unsigned int len, u32 v)
{
	for (unsigned int i = 0; i < len; i++)
		f->cfg[off + i] = v >> (8 * i);
}

static u32 get32(const struct tt_fn *f, unsigned int off)
{
	return f->cfg[off] | f->cfg[off + 1] << 8 | f->cfg[off + 2] << 16 |
	       (u32)f->cfg[off + 3] << 24;
}

static void wm(struct tt_fn *f, unsigned int off, unsigned int len, u32 mask)
{
	for (unsigned int i = 0; i < len; i++)
		f->wmask[off + i] = mask >> (8 * i);
}

static void hdr_common(struct tt_fn *f, u16 dev, u32 class, u8 type)
{
	put(f, PCI_VENDOR_ID, 2, TT_VENDOR);
	put(f, PCI_DEVICE_ID, 2, dev);
	wm(f, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
	   PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE);
	put(f, PCI_STATUS, 2, PCI_STATUS_CAP_LIST);
	put(f, PCI_CLASS_REVISION, 4, class << 8 | 0x01);
	put(f, PCI_HEADER_TYPE, 1, type);
	put(f, PCI_CAPABILITY_LIST, 1, 0x40);
	wm(f, PCI_INTERRUPT_LINE, 1, 0xff);
}

/* PCIe capability v2 at 0x40, the last standard capability */
static void cap_pcie(struct tt_fn *f, u8 type, u32 devcap)
{
	put(f, 0x40, 1, PCI_CAP_ID_EXP);
	put(f, 0x40 + PCI_EXP_FLAGS, 2, 2 | type << 4);
	put(f, 0x40 + PCI_EXP_DEVCAP, 4, devcap);
	wm(f, 0x40 + PCI_EXP_DEVCTL, 2, 0x7fff);
	wm(f, 0x40 + PCI_EXP_LNKCTL, 2, 0x0fff);
	wm(f, 0x40 + PCI_EXP_DEVCTL2, 2, 0xffff);
}

/*
 * IDE capability: cap holds everything but the stream counts, which are
 * given; link blocks first, then the selective blocks.
 */
static void cap_ide(struct tt_fn *f, u16 off, u16 next, u32 cap, u8 nlink, u8 nsel,
		    u8 nassoc)
{
	unsigned int p = off + PCI_IDE_LINK_STREAM_0;

	f->ide = off;
	f->nlink = nlink;
	f->nsel = nsel;
	f->nassoc = nassoc;
	if (nlink)
		cap |= PCI_IDE_CAP_LINK | FIELD_PREP(PCI_IDE_CAP_LINK_TC_NUM, nlink - 1);
	cap |= PCI_IDE_CAP_SELECTIVE | FIELD_PREP(PCI_IDE_CAP_SEL_NUM, nsel - 1);
	put(f, off, 4, PCI_EXT_CAP_ID_IDE | 1 << 16 | (u32)next << 20);
	put(f, off + PCI_IDE_CAP, 4, cap);
	wm(f, off + PCI_IDE_CTL, 4, PCI_IDE_CTL_FLOWTHROUGH_IDE);
	for (unsigned int i = 0; i < nlink; i++, p += PCI_IDE_LINK_BLOCK_SIZE)
		wm(f, p + PCI_IDE_LINK_CTL_0, 4, 0xffffffff);
	for (unsigned int i = 0; i < nsel; i++, p += PCI_IDE_SEL_BLOCK_SIZE(nassoc)) {
		put(f, p + PCI_IDE_SEL_CAP, 4, nassoc);
		wm(f, p + PCI_IDE_SEL_CTL, 4, 0xffffffff);
		wm(f, p + PCI_IDE_SEL_RID_1, 4, PCI_IDE_SEL_RID_1_LIMIT);
		wm(f, p + PCI_IDE_SEL_RID_2, 4, 0xffffff01);
		for (unsigned int a = 0; a < nassoc; a++) {
			wm(f, p + PCI_IDE_SEL_ADDR_1(a), 4, 0xffffff01);
			wm(f, p + PCI_IDE_SEL_ADDR_2(a), 4, 0xffffffff);
			wm(f, p + PCI_IDE_SEL_ADDR_3(a), 4, 0xffffffff);
		}
	}
}

static void build(void)
{
	struct tt_fn *f = &tt.rp;

	/* root port: a type 1 header without an I/O window */
	hdr_common(f, TT_DEV_RP, PCI_CLASS_BRIDGE_PCI << 8, PCI_HEADER_TYPE_BRIDGE);
	wm(f, PCI_PRIMARY_BUS, 4, 0xffffffff);
	wm(f, PCI_MEMORY_BASE, 4, 0xfff0fff0);
	put(f, PCI_PREF_MEMORY_BASE, 4, 0x00010001);		/* 64-bit */
	wm(f, PCI_PREF_MEMORY_BASE, 4, 0xfff0fff0);
	wm(f, PCI_PREF_BASE_UPPER32, 4, 0xffffffff);
	wm(f, PCI_PREF_LIMIT_UPPER32, 4, 0xffffffff);
	wm(f, PCI_BRIDGE_CONTROL, 2, 0x0fff);
	cap_pcie(f, PCI_EXP_TYPE_ROOT_PORT, 0);
	cap_ide(f, 0x100, 0, PCI_IDE_CAP_PCRC | PCI_IDE_CAP_IDE_KM, 0, 4, 2);

	/* endpoint function 0: 1 MiB BAR0, 2 MiB 64-bit prefetchable BAR2 */
	f = &tt.ep0;
	hdr_common(f, TT_DEV_EP, 0x120000, PCI_HEADER_TYPE_NORMAL | PCI_HEADER_TYPE_MFD);
	wm(f, PCI_BASE_ADDRESS_0, 4, 0xfff00000);
	put(f, PCI_BASE_ADDRESS_2, 4, PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH);
	wm(f, PCI_BASE_ADDRESS_2, 4, 0xffe00000);
	wm(f, PCI_BASE_ADDRESS_3, 4, 0xffffffff);
	cap_pcie(f, PCI_EXP_TYPE_ENDPOINT, PCI_EXP_DEVCAP_TEE);
	f->doe = 0x100;
	put(f, 0x100, 4, PCI_EXT_CAP_ID_DOE | 1 << 16 | 0x130 << 20);
	/* interrupt support, message number 5: decoded, never used by Linux */
	put(f, 0x100 + PCI_DOE_CAP, 4, PCI_DOE_CAP_INT_SUP | 5 << 1);
	wm(f, 0x100 + PCI_DOE_CTRL, 4, PCI_DOE_CTRL_INT_EN);
	cap_ide(f, 0x130, 0, PCI_IDE_CAP_IDE_KM | PCI_IDE_CAP_SEL_CFG | PCI_IDE_CAP_TEE_LIMITED,
		2, 2, 2);

	/* endpoint function 1: TEE-IO, managed through function 0 */
	f = &tt.ep1;
	hdr_common(f, TT_DEV_EP + 1, 0x120000, PCI_HEADER_TYPE_NORMAL);
	cap_pcie(f, PCI_EXP_TYPE_ENDPOINT, PCI_EXP_DEVCAP_TEE);
}

static struct tt_fn *lookup(struct pci_bus *bus, unsigned int devfn)
{
	if (bus->number == 0)
		return devfn == 0 ? &tt.rp : NULL;
	if (bus->number != tt.rp.cfg[PCI_SECONDARY_BUS] || PCI_SLOT(devfn))
		return NULL;
	switch (PCI_FUNC(devfn)) {
	case 0: return &tt.ep0;
	case 1: return &tt.ep1;
	default: return NULL;
	}
}

/* ---- DOE mailbox ------------------------------------------------------------- */

#define DOE_HDR(vid, type)	((vid) | (u32)(type) << 16)

static const u8 doe_feats[] = { PCI_DOE_FEATURE_DISCOVERY, PCI_DOE_FEATURE_CMA,
				PCI_DOE_FEATURE_SSESSION };

/* The read mailbox register shows the response dword at the read pointer. */
static void doe_show(struct tt_fn *f)
{
	bool ready = f->rd < f->nrsp;
	u32 sts = get32(f, f->doe + PCI_DOE_STATUS) & ~PCI_DOE_STATUS_DATA_OBJECT_READY;

	put(f, f->doe + PCI_DOE_READ, 4, ready ? f->rsp[f->rd] : 0);
	put(f, f->doe + PCI_DOE_STATUS, 4, sts | (ready ? PCI_DOE_STATUS_DATA_OBJECT_READY : 0));
}

/*
 * One request: discovery walks doe_feats; CMA answers SPDM GET_VERSION
 * (version 1.0 request code 0x84) with VERSION listing SPDM 1.2.  Anything
 * else sets the error bit, as a device that cannot parse it would.
 */
static void doe_go(struct tt_fn *f)
{
	u32 h = f->req[0];

	f->nrsp = f->rd = 0;
	if (f->nreq < 3 || (f->req[1] & PCI_DOE_DATA_OBJECT_HEADER_2_LENGTH) != f->nreq)
		goto err;
	if (h == DOE_HDR(PCI_VENDOR_ID_PCI_SIG, PCI_DOE_FEATURE_DISCOVERY)) {
		unsigned int i = f->req[2] & PCI_DOE_DATA_OBJECT_DISC_REQ_3_INDEX;

		if (i >= ARRAY_SIZE(doe_feats))
			goto err;
		f->rsp[0] = h;
		f->rsp[1] = 3;
		f->rsp[2] = DOE_HDR(PCI_VENDOR_ID_PCI_SIG, doe_feats[i]) |
			    (u32)(i + 1 < ARRAY_SIZE(doe_feats) ? i + 1 : 0) << 24;
		f->nrsp = 3;
	} else if (h == DOE_HDR(PCI_VENDOR_ID_PCI_SIG, PCI_DOE_FEATURE_CMA) &&
		   (f->req[2] & 0xffff) == 0x8410) {
		f->rsp[0] = h;
		f->rsp[1] = 4;
		f->rsp[2] = 0x00000410;		/* SPDM 1.0 VERSION */
		f->rsp[3] = 0x12000100;		/* one entry: 1.2 */
		f->nrsp = 4;
	} else {
		goto err;
	}
	f->nreq = 0;
	doe_show(f);
	return;
err:
	f->nreq = 0;
	put(f, f->doe + PCI_DOE_STATUS, 4, PCI_DOE_STATUS_ERROR);
}

static void doe_write(struct tt_fn *f, unsigned int reg, u32 v)
{
	switch (reg) {
	case PCI_DOE_CTRL:
		if (v & PCI_DOE_CTRL_ABORT) {
			f->nreq = f->nrsp = f->rd = 0;
			put(f, f->doe + PCI_DOE_STATUS, 4, 0);
			doe_show(f);
		} else if (v & PCI_DOE_CTRL_GO) {
			doe_go(f);
		}
		break;
	case PCI_DOE_WRITE:
		if (f->nreq < MB_DW)
			f->req[f->nreq++] = v;
		break;
	case PCI_DOE_READ:	/* any write acknowledges one dword */
		if (f->rd < f->nrsp)
			f->rd++;
		doe_show(f);
		break;
	}
}

/* ---- IDE: a stream is secure while enabled (keys are not modelled) ------------- */

static void ide_write(struct tt_fn *f, unsigned int off, u32 v)
{
	unsigned int p = f->ide + PCI_IDE_LINK_STREAM_0;

	for (unsigned int i = 0; i < f->nlink; i++, p += PCI_IDE_LINK_BLOCK_SIZE)
		if (off == p + PCI_IDE_LINK_CTL_0)
			put(f, p + PCI_IDE_LINK_STS_0, 4, v & PCI_IDE_LINK_CTL_EN ?
			    PCI_IDE_SEL_STS_STATE_SECURE : PCI_IDE_SEL_STS_STATE_INSECURE);
	for (unsigned int i = 0; i < f->nsel; i++, p += PCI_IDE_SEL_BLOCK_SIZE(f->nassoc))
		if (off == p + PCI_IDE_SEL_CTL)
			put(f, p + PCI_IDE_SEL_STS, 4, v & PCI_IDE_SEL_CTL_EN ?
			    PCI_IDE_SEL_STS_STATE_SECURE : PCI_IDE_SEL_STS_STATE_INSECURE);
}

/* ---- pci_ops ------------------------------------------------------------------ */

static int tt_read(struct pci_bus *bus, unsigned int devfn, int where, int size, u32 *val)
{
	struct tt_fn *f = lookup(bus, devfn);

	if (!f || where < 0 || where + size > CFG_SIZE) {
		PCI_SET_ERROR_RESPONSE(val);
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	*val = 0;
	for (int i = 0; i < size; i++)
		*val |= (u32)f->cfg[where + i] << (8 * i);
	return PCIBIOS_SUCCESSFUL;
}

static int tt_write(struct pci_bus *bus, unsigned int devfn, int where, int size, u32 val)
{
	struct tt_fn *f = lookup(bus, devfn);

	if (!f || where < 0 || where + size > CFG_SIZE)
		return PCIBIOS_DEVICE_NOT_FOUND;
	for (int i = 0; i < size; i++) {
		u8 m = f->wmask[where + i], b = val >> (8 * i);

		f->cfg[where + i] = (f->cfg[where + i] & ~m) | (b & m);
	}
	if (size != 4)
		return PCIBIOS_SUCCESSFUL;
	if (f->doe && where >= f->doe && where < f->doe + PCI_DOE_CAP_SIZEOF)
		doe_write(f, where - f->doe, val);
	else if (f->ide && where > f->ide)
		ide_write(f, where, val);
	return PCIBIOS_SUCCESSFUL;
}

static struct pci_ops tt_ops = {
	.read = tt_read,
	.write = tt_write,
};

/* ---- the host bridge ------------------------------------------------------------ */

int tt_emul_add(struct device *parent, unsigned int nr_streams)
{
	struct pci_host_bridge *hb;
	int ret;

	build();
	tt.busn = DEFINE_RES_NAMED(0, 256, "vmm-tsm-test bus", IORESOURCE_BUS);
	tt.mem = DEFINE_RES_MEM_NAMED(TT_MEM_CPU, TT_MEM_SIZE, "vmm-tsm-test mem");
	tt.pref = DEFINE_RES_MEM_NAMED(TT_PREF_CPU, TT_PREF_SIZE,
							"vmm-tsm-test pref");
	tt.pref.flags |= IORESOURCE_PREFETCH | IORESOURCE_MEM_64;
	ret = request_resource(&iomem_resource, &tt.mem);
	if (ret)
		return ret;
	ret = request_resource(&iomem_resource, &tt.pref);
	if (ret)
		goto out_mem;

	hb = pci_alloc_host_bridge(0);
	if (!hb) {
		ret = -ENOMEM;
		goto out_pref;
	}
	hb->dev.parent = parent;
	hb->ops = &tt_ops;
	hb->busnr = 0;
	pci_add_resource(&hb->windows, &tt.busn);
	pci_add_resource_offset(&hb->windows, &tt.mem, TT_MEM_CPU - TT_MEM_BUS);
	pci_add_resource(&hb->windows, &tt.pref);
	ret = pci_host_probe(hb);
	if (ret) {
		pci_free_host_bridge(hb);
		goto out_pref;
	}
	tt.hb = hb;
	/* a small pool, so that a test sees available_secure_streams count down */
	pci_ide_set_nr_streams(hb, nr_streams);
	return 0;
out_pref:
	release_resource(&tt.pref);
out_mem:
	release_resource(&tt.mem);
	return ret;
}

void tt_emul_remove(void)
{
	pci_lock_rescan_remove();
	pci_stop_root_bus(tt.hb->bus);
	pci_remove_root_bus(tt.hb->bus);
	pci_unlock_rescan_remove();
	release_resource(&tt.pref);
	release_resource(&tt.mem);
}

MODULE_IMPORT_NS("PCI_IDE");
