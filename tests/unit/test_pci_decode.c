// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The IDE register fields of lib/pci_decode.c: stream control and status
 * bits, RID and address associations (64-bit ranges), names, and the
 * bounds of a selective block list. Config bytes are built from the
 * register offsets of the PCIe IDE capability, never from the structs
 * under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"

#include "lib/pci_decode.h"

/* A PCIe endpoint with an IDE capability at 0x100, announcing sel selective streams. */
static void ide_fn(uint8_t *c, uint32_t cap)
{
	memset(c, 0, 4096);
	c[6] = 0x10;
	c[0x34] = 0x40;
	c[0x40] = 0x10;
	c[0x42] = 2;
	put32(c, 0x100, 0x30 | 1u << 16);
	put32(c, 0x104, cap);
}

static void test_stream_fields(void **state)
{
	struct vmm_pci_ide_stream f;

	(void)state;
	/* every field set to a distinct value */
	vmm_pci_ide_stream_decode(0xabd8db3f, 0x80000002, &f);
	assert_true(f.enabled);
	assert_true(f.xt);
	assert_int_equal(f.aggr_npr, 8);	/* 3 */
	assert_int_equal(f.aggr_pr, 8);		/* 3 */
	assert_int_equal(f.aggr_cpl, 1);	/* 0 */
	assert_true(f.pcrc);
	assert_true(f.config_requests);
	assert_int_equal(f.part_hdr, 6);	/* 0xdb3f bits 13:10 */
	assert_int_equal(f.alg, 3);		/* 0xabd8db3f bits 18:14 */
	assert_int_equal(f.tc, 3);
	assert_true(f.dflt);
	assert_true(f.tee_limited);
	assert_int_equal(f.id, 0xab);
	assert_int_equal(f.state, 2);
	assert_true(f.ide_fail);
	vmm_pci_ide_stream_decode(0x00000014, 0x0000000f, &f);	/* NPR 1, PR 1 */
	assert_false(f.enabled);
	assert_int_equal(f.aggr_npr, 2);
	assert_int_equal(f.aggr_pr, 2);
	assert_int_equal(f.state, 15);
	assert_false(f.ide_fail);
	assert_string_equal(vmm_pci_ide_state_name(0x0000000f), "other");
	assert_string_equal(vmm_pci_ide_state_name(0x80000000), "insecure");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vmm_pci_ide_alg_name(0), "AES-GCM-256-96b");
	assert_string_equal(vmm_pci_ide_alg_name(1), "reserved");
	assert_string_equal(vmm_pci_ide_alg_name(31), "reserved");
	assert_string_equal(vmm_pci_ide_hdr_name(0), "none");
	assert_string_equal(vmm_pci_ide_hdr_name(1), "17:2");
	assert_string_equal(vmm_pci_ide_hdr_name(4), "41:2");
	assert_string_equal(vmm_pci_ide_hdr_name(5), "reserved");
	assert_string_equal(vmm_pci_ide_hdr_name(15), "reserved");
}

static void test_rid_and_address_blocks(void **state)
{
	static uint8_t c[4096];
	static struct vmm_pci_sec s;
	struct vmm_pci_ide_range r;
	struct vmm_pci_ide_rid rid;

	(void)state;
	ide_fn(c, 0x00010002);		/* selective, two streams, no link */
	put32(c, 0x108, 0x4);		/* IDE control: flow-through enabled */
	put32(c, 0x10c, 3);		/* sel 0: three address blocks, 20 + 36 bytes */
	put32(c, 0x118, 0x00abcd00);	/* RID limit 0xabcd */
	put32(c, 0x11c, 0x7f123401);	/* valid, base 0x1234, segment 0x7f */
	/* [0x12_3450_0000, 0x34_fff0_0000 + 1M - 1], valid */
	put32(c, 0x120, 0xfff34501);
	put32(c, 0x124, 0x34);
	put32(c, 0x128, 0x12);
	/* the second: all zero, not valid */
	/* the third: every base and limit bit set, not valid */
	put32(c, 0x138, 0xfffffff0);
	put32(c, 0x13c, 0xffffffff);
	put32(c, 0x140, 0xffffffff);
	put32(c, 0x144, 0);		/* sel 1 at 0x10c + 56: none */
	put32(c, 0x158, 0);		/* RID 2 of sel 1: not valid */
	vmm_pci_decode(c, sizeof(c), &s);
	assert_true(s.ide);
	assert_false(s.truncated);
	assert_int_equal(s.ide_ctl, 4);
	assert_int_equal(s.nsel, 2);
	assert_int_equal(s.naddr, 3);
	assert_int_equal(s.sel[0].naddr, 3);
	assert_int_equal(s.sel[0].addr0, 0);
	assert_int_equal(s.sel[1].offset, 0x144);
	assert_int_equal(s.sel[1].naddr, 0);
	assert_int_equal(s.sel[1].addr0, 3);
	vmm_pci_ide_rid_decode(&s.sel[0], &rid);
	assert_true(rid.valid);
	assert_int_equal(rid.base, 0x1234);
	assert_int_equal(rid.limit, 0xabcd);
	assert_int_equal(rid.segment, 0x7f);
	vmm_pci_ide_rid_decode(&s.sel[1], &rid);
	assert_false(rid.valid);
	assert_int_equal(s.addr[0].offset, 0x120);
	assert_int_equal(s.addr[2].offset, 0x138);
	vmm_pci_ide_range_decode(&s.addr[0], &r);
	assert_true(r.valid);
	assert_int_equal(r.base, 0x1234500000ull);
	assert_int_equal(r.limit, 0x34ffffffffull);
	vmm_pci_ide_range_decode(&s.addr[1], &r);
	assert_false(r.valid);
	assert_int_equal(r.base, 0);
	assert_int_equal(r.limit, 0xfffff);
	vmm_pci_ide_range_decode(&s.addr[2], &r);
	assert_false(r.valid);
	assert_int_equal(r.base, 0xfffffffffff00000ull);
	assert_int_equal(r.limit, 0xffffffffffffffffull);
}

static void test_selective_bounds(void **state)
{
	static uint8_t c[4096];
	static struct vmm_pci_sec s;

	(void)state;
	/*
	 * 256 streams of 15 address blocks each (200 bytes) announced: 19 fit
	 * in 4096 bytes (0x10c + 19 * 200 = 0xfe4), every one of the 285
	 * address blocks decoded, the 20th cut off.
	 */
	ide_fn(c, 0x00ff0002);
	for (unsigned int p = 0x10c; p + 4 <= 4096; p += 200)
		put32(c, p, 15);
	vmm_pci_decode(c, sizeof(c), &s);
	assert_int_equal(s.nsel_announced, 256);
	assert_int_equal(s.nsel, 19);
	assert_int_equal(s.naddr, 19 * 15);
	assert_true(s.truncated);
	assert_int_equal(s.addr[s.naddr - 1].offset, 0x10c + 18 * 200 + 20 + 14 * 12);
	/* blocks with no address association: the most 4096 bytes can hold */
	ide_fn(c, 0x00ff0002);
	vmm_pci_decode(c, sizeof(c), &s);
	assert_int_equal(s.nsel, VMM_PCI_IDE_SEL_MAX);
	assert_int_equal(s.naddr, 0);
	assert_true(s.truncated);
	/* a link block past the bytes: the selective count is still the capability's */
	ide_fn(c, 0x0001e003);		/* link with 8 TCs, selective with 2 */
	vmm_pci_decode(c, 0x100 + 12 + 8 * 7, &s);
	assert_int_equal(s.nlink, 7);
	assert_int_equal(s.nsel_announced, 2);
	assert_int_equal(s.nsel, 0);
	assert_true(s.truncated);
	/* an address block past the bytes: the stream it belongs to is not decoded */
	ide_fn(c, 0x00000002);
	put32(c, 0x10c, 1);
	vmm_pci_decode(c, 0x10c + 20 + 8, &s);
	assert_int_equal(s.nsel, 0);
	assert_int_equal(s.naddr, 0);
	assert_true(s.truncated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_fields),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_rid_and_address_blocks),
		cmocka_unit_test(test_selective_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
