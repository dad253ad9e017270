// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * MTE against the scripted kernel: the tag file's header, CRC and packing;
 * smaps parsing; KVM_ARM_MTE_COPY_TAGS request number and struct bytes
 * (from the spec's offsets); short copies reported range by range with
 * exit 7 and no file; broken files refused before any ioctl (an unscripted
 * ioctl fails the test); ptrace refused outside PROT_MTE mappings.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "unit.h"

#include "cmd/mte.h"
#include "lib/mte.h"
#include "lib/mte_job.h"
#include "lib/tagfile.h"

#include "mock_sys.h"

#define KVM_FD	3
#define VM_FD	4
#define IN_FD	9
#define OUT_FD	10
#define IPA	0x40000000ull

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* ---- the file format ------------------------------------------------------- */

static void test_crc32_vector(void **state)
{
	(void)state;
	assert_int_equal(vmm_crc32(0, "123456789", 9), 0xcbf43926u);
	/* streaming gives the same as one call */
	assert_int_equal(vmm_crc32(vmm_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
}

static void mkhdr(uint8_t out[64], uint64_t length, uint32_t packing, uint32_t crc)
{
	struct vmm_tagfile_hdr h = {
		.version = 1, .source = VMM_TAG_SRC_KVM, .packing = packing, .granule = 16,
		.page_size = 4096, .base = IPA, .length = length,
		.payload_size = vmm_tagfile_payload_size(length, packing), .crc = crc,
	};

	vmm_tagfile_encode(&h, out);
}

static void test_header_bytes_and_checks(void **state)
{
	struct vmm_tagfile_hdr h;
	const char *why = NULL;
	uint8_t b[64];

	(void)state;
	mkhdr(b, 8192, VMM_TAG_PACK_BYTE, 0x1234);
	/* the documented offsets */
	assert_memory_equal(b, "VMMTAGS\0", 8);
	assert_int_equal(b[8], 1);
	assert_int_equal(b[12], 64);
	assert_int_equal(b[16], 1);
	assert_int_equal(b[20], 1);
	assert_int_equal(get64(b + 24), IPA);
	assert_int_equal(get64(b + 32), 8192);
	assert_int_equal(b[40], 16);
	assert_int_equal(b[44] | b[45] << 8, 4096);
	assert_int_equal(get64(b + 48), 512);
	assert_int_equal(b[56] | b[57] << 8, 0x1234);
	assert_int_equal(vmm_tagfile_decode(b, 64, 64 + 512, &h, &why), 0);
	assert_int_equal(h.length, 8192);
	assert_int_equal(h.crc, 0x1234);

	assert_int_equal(vmm_tagfile_decode(b, 64, 64 + 511, &h, &why), -EINVAL);
	assert_non_null(strstr(why, "truncated"));
	assert_int_equal(vmm_tagfile_decode(b, 64, 64 + 513, &h, &why), -EINVAL);
	assert_non_null(strstr(why, "trailing"));
	assert_int_equal(vmm_tagfile_decode(b, 40, 64 + 512, &h, &why), -EINVAL);
	b[8] = 2;
	assert_int_equal(vmm_tagfile_decode(b, 64, 64 + 512, &h, &why), -EINVAL);
	assert_non_null(strstr(why, "version"));
	b[8] = 1;
	b[30] ^= 1;	/* inside the base: the header CRC catches it */
	assert_int_equal(vmm_tagfile_decode(b, 64, 64 + 512, &h, &why), -EINVAL);
	assert_non_null(strstr(why, "header CRC"));
	b[30] ^= 1;
	b[0] = 'X';
	assert_int_equal(vmm_tagfile_decode(b, 64, 64 + 512, &h, &why), -EINVAL);
	assert_non_null(strstr(why, "magic"));
	/* unaligned length for a KVM source */
	mkhdr(b, 4096 + 32, VMM_TAG_PACK_BYTE, 0);
	assert_int_equal(vmm_tagfile_decode(b, 64, 64 + 258, &h, &why), -EINVAL);
	assert_non_null(strstr(why, "aligned"));
	/* nibble packing halves the payload */
	mkhdr(b, 8192, VMM_TAG_PACK_NIBBLE, 0);
	assert_int_equal(vmm_tagfile_decode(b, 64, 64 + 256, &h, &why), 0);
}

static void test_pack_order(void **state)
{
	uint8_t t[4] = { 0x1, 0x2, 0xe, 0xf }, p[2], u[4];

	(void)state;
	vmm_tag_pack(t, 4, p);
	/* even (lower-addressed) granule in bits 3:0 (spec D.4) */
	assert_int_equal(p[0], 0x21);
	assert_int_equal(p[1], 0xfe);
	vmm_tag_unpack(p, 2, u);
	assert_memory_equal(t, u, 4);
}

static void test_elf_header(void **state)
{
	uint8_t e[VMM_TAGFILE_ELF_HDR_SIZE];
	const uint8_t *ph;

	(void)state;
	vmm_tagfile_elf_header(IPA, 8192, 4321, e);
	assert_memory_equal(e, "\177ELF\2\1\1", 7);
	assert_int_equal(e[16], 4);		/* ET_CORE */
	assert_int_equal(e[18], 183);		/* EM_AARCH64 */
	assert_int_equal(e[56], 3);		/* three program headers */
	ph = e + 64;
	assert_int_equal(get64(ph) & 0xffffffff, 4);	/* PT_NOTE */
	/* NT_PRSTATUS "CORE" with pr_pid at 32 of its 392 bytes, then NT_AUXV */
	assert_int_equal(get64(e + get64(ph + 8) + 4) & 0xffffffff, 392);
	assert_memory_equal(e + get64(ph + 8) + 12, "CORE", 5);
	assert_int_equal(get64(e + get64(ph + 8) + 20 + 32) & 0xffffffff, 4321);
	assert_int_equal(get64(e + get64(ph + 8) + 20 + 392 + 20 + 8), 1u << 18);
	ph = e + 64 + 2 * 56;
	assert_int_equal(get64(ph) & 0xffffffff, 0x70000002);
	assert_int_equal(get64(ph + 8), VMM_TAGFILE_ELF_HDR_SIZE);
	assert_int_equal(get64(ph + 16), IPA);
	assert_int_equal(get64(ph + 32), 8192 / 32);
	assert_int_equal(get64(ph + 40), 8192);
}

static void test_smaps(void **state)
{
	static const char text[] =
		"400000-452000 r-xp 00000000 08:02 173521 /usr/bin/app\n"
		"Size:                328 kB\n"
		"VmFlags: rd ex mr mw me dw\n"
		"ffff80000000-ffff80004000 rw-p 00000000 00:00 0 \n"
		"Rss:                  16 kB\n"
		"VmFlags: rd wr mr mw me ac mt\n"
		"ffff90000000-ffff90001000 rw-s 00000000 00:05 77 /memfd:x (deleted)\n"
		"VmFlags: rd wr sh mr mw me ms mtx\n";
	struct vmm_mte_map *m;
	int n;

	(void)state;
	n = vmm_mte_parse_smaps(text, &m);
	assert_int_equal(n, 3);
	assert_false(m[0].mte);
	assert_string_equal(m[0].path, "/usr/bin/app");
	assert_true(m[1].mte);
	assert_int_equal(m[1].start, 0xffff80000000ull);
	assert_string_equal(m[1].path, "");
	assert_false(m[2].mte);	/* "mtx" is not "mt" */
	assert_string_equal(m[2].path, "/memfd:x (deleted)");
	free(m);
	assert_int_equal(vmm_mte_parse_smaps("2000-1000 rw-p 0 0:0 0\n", &m), -EINVAL);
}

/* ---- commands on a session VM with MTE -------------------------------------- */

struct copy_want {
	uint64_t ipa, len, flags;
	uint8_t fill;		/* FROM_GUEST: the tag the "kernel" writes */
	uint8_t seen[256];	/* TO_GUEST: the first tags it was given */
};
static struct copy_want wants[16];
static unsigned int nwants;

static int check_copy(const LargestIntegralType value, const LargestIntegralType data)
{
	const uint8_t *a = (const uint8_t *)(uintptr_t)value;
	struct copy_want *w = (struct copy_want *)(uintptr_t)data;
	uint8_t *buf = (uint8_t *)(uintptr_t)get64(a + 16);

	if (get64(a) != w->ipa || get64(a + 8) != w->len || get64(a + 24) != w->flags ||
	    get64(a + 32) || get64(a + 40) || !buf) {
		print_error("COPY_TAGS ipa 0x%llx len %llu flags %llu, expected 0x%llx %llu %llu\n",
			    (unsigned long long)get64(a), (unsigned long long)get64(a + 8),
			    (unsigned long long)get64(a + 24), (unsigned long long)w->ipa,
			    (unsigned long long)w->len, (unsigned long long)w->flags);
		return 0;
	}
	if (w->flags == 1)
		memset(buf, w->fill, w->len / 16);
	else
		memcpy(w->seen, buf, w->len / 16 < 256 ? w->len / 16 : 256);
	return 1;
}

static struct copy_want *expect_copy(uint64_t ipa, uint64_t len, bool from, uint8_t fill,
				     int ret)
{
	struct copy_want *w = &wants[nwants++ % 16];

	memset(w, 0, sizeof(*w));
	*w = (struct copy_want){ ipa, len, from ? 1 : 0, fill, { 0 } };
	expect_value(vmm_sys_ioctl, fd, VM_FD);
	expect_value(vmm_sys_ioctl, req, 0x8030aeb4);
	expect_check(vmm_sys_ioctl, arg, check_copy, (uintptr_t)w);
	will_return(vmm_sys_ioctl, 0);
	will_return(vmm_sys_ioctl, ret);
	return w;
}

/* vm create's probes on a kernel without guest_memfd or manual dirty protect. */
static void expect_vm_create(void)
{
	static const unsigned long caps[][2] = {
		{ 10, 32767 }, { 118, 0 }, { 231, 1 }, { 81, 1 }, { 234, 0 }, { 168, 0 },
	};

	mock_expect_open("/dev/kvm", O_RDWR, KVM_FD);
	mock_expect_ioctl_int_fd(KVM_FD, 0xae00, 0, 12);
	mock_expect_ioctl_int_fd(KVM_FD, 0xae01, 0, VM_FD);
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		mock_expect_ioctl_int_fd(VM_FD, 0xae03, caps[i][0], (int)caps[i][1]);
}

static void create_mte_vm(struct vmm_ctx *ctx)
{
	uint8_t enable[104] = { 0 };
	struct vmm_outcome o;

	expect_vm_create();
	/* --mte: the capability, then KVM_ENABLE_CAP with cap 205, flags 0 */
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	put32(enable, 0, 205);
	mock_expect_ioctl_fd(VM_FD, 0x4068aea3, enable, sizeof(enable), NULL, 0, 0);
	run(ctx, "vm create --mte", &o);
	assert_ok(&o);
	assert_true(json_object_get_boolean(json_object_object_get(o.result, "mte")));
	vmm_outcome_clear(&o);
}

static void test_enable_refused_without_cap(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	expect_vm_create();
	run(ctx, "vm create", &o);
	assert_ok(&o);
	vmm_outcome_clear(&o);
	/* an x86 host: the capability is 0, no KVM_ENABLE_CAP is issued */
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 0);
	run(ctx, "mte enable vm0", &o);
	assert_int_equal(o.exit_code, 4);
	assert_non_null(strstr(o.err.message, "KVM_CAP_ARM_MTE"));
	vmm_outcome_clear(&o);
}

static void test_dump_bytes(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_tagfile_hdr h;
	const char *why = NULL;
	struct vmm_outcome o;
	uint8_t want[512];

	create_mte_vm(ctx);
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	mock_expect_open("/tmp/t.tags", O_WRONLY | O_CREAT, OUT_FD);
	expect_copy(IPA, 4096, true, 0x3, 4096);
	expect_copy(IPA + 4096, 4096, true, 0xc, 4096);
	run(ctx, "mte dump vm0 0x40000000+8K -o /tmp/t.tags --chunk 4K", &o);
	assert_ok(&o);
	assert_true(mock_atomic.committed);
	assert_int_equal(mock_atomic.len, 64 + 512);
	assert_int_equal(vmm_tagfile_decode((uint8_t *)mock_atomic.buf, 64, 64 + 512, &h, &why), 0);
	memset(want, 3, 256);
	memset(want + 256, 0xc, 256);
	assert_memory_equal(mock_atomic.buf + 64, want, 512);
	assert_int_equal(h.crc, vmm_crc32(0, want, 512));
	assert_int_equal(json_object_get_int(json_object_object_get(o.result, "calls")), 2);
	vmm_outcome_clear(&o);
}

static void test_dump_partial(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	json_object *r;

	create_mte_vm(ctx);
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	mock_expect_open("/tmp/h.tags", O_WRONLY | O_CREAT, OUT_FD);
	/* 16 KiB in 8 KiB chunks: the second chunk stops after one page (a hole) */
	expect_copy(IPA, 8192, true, 1, 8192);
	expect_copy(IPA + 8192, 8192, true, 1, 4096);
	run(ctx, "mte dump vm0 0x40000000+16K -o /tmp/h.tags --chunk 8K", &o);
	assert_int_equal(o.exit_code, 7);
	assert_false(mock_atomic.committed);
	assert_non_null(o.result);
	r = json_object_object_get(o.result, "ranges");
	assert_int_equal(json_object_array_length(r), 2);
	assert_string_equal(json_object_to_json_string_ext(r, JSON_C_TO_STRING_PLAIN),
			    "[{\"start\":\"0x40000000\",\"end\":\"0x40003000\",\"copied\":true},"
			    "{\"start\":\"0x40003000\",\"end\":\"0x40004000\",\"copied\":false}]");
	vmm_outcome_clear(&o);

	/* EFAULT on a whole chunk: the page is not there, the walk goes on */
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	mock_expect_open("/tmp/h.tags", O_WRONLY | O_CREAT, OUT_FD);
	expect_copy(IPA, 4096, true, 1, -EFAULT);
	expect_copy(IPA + 4096, 4096, true, 1, 4096);
	run(ctx, "mte dump vm0 0x40000000+8K -o /tmp/h.tags --chunk 4K", &o);
	assert_int_equal(o.exit_code, 7);
	assert_non_null(strstr(o.err.message, "4096 of 8192 bytes copied"));
	vmm_outcome_clear(&o);

	/* any other error ends the walk: EIO is another process's VM */
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	mock_expect_open("/tmp/h.tags", O_WRONLY | O_CREAT, OUT_FD);
	expect_copy(IPA, 4096, true, 1, -EIO);
	run(ctx, "mte dump vm0 0x40000000+8K -o /tmp/h.tags --chunk 4K", &o);
	assert_int_equal(o.exit_code, 1);
	assert_false(mock_atomic.committed);
	vmm_outcome_clear(&o);
}

/* A tag file of 8 KiB at IPA, one tag per byte: tags i % 16. */
static uint8_t file[64 + 512];

static void make_file(void)
{
	for (int i = 0; i < 512; i++)
		file[64 + i] = (uint8_t)(i % 16);
	mkhdr(file, 8192, VMM_TAG_PACK_BYTE, vmm_crc32(0, file + 64, 512));
}

static void expect_file_read(size_t size)
{
	mock_expect_open("/tmp/in.tags", O_RDONLY, IN_FD);
	mock_expect_fsize(IN_FD, (long long)size, 0);
	if (size < 64)
		return;
	mock_expect_pread(IN_FD, 0, file, 64);
}

static void test_restore_bytes(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct copy_want *w;
	struct vmm_outcome o;

	make_file();
	create_mte_vm(ctx);
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_file_read(sizeof(file));
	mock_expect_pread(IN_FD, 64, file + 64, 512);	/* the CRC pass */
	mock_expect_pread(IN_FD, 64, file + 64, 512);	/* the copy */
	w = expect_copy(IPA + 0x10000, 8192, false, 0, 8192);
	run(ctx, "mte restore vm0 --input /tmp/in.tags --at 0x40010000", &o);
	assert_ok(&o);
	assert_memory_equal(w->seen, file + 64, 256);
	vmm_outcome_clear(&o);
}

static void test_restore_refuses_before_ioctl(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t payload[512];

	make_file();
	create_mte_vm(ctx);
	/* corrupted payload: the CRC pass reads it and stops; no COPY_TAGS is scripted */
	memcpy(payload, file + 64, 512);
	payload[100] ^= 0x1;
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_file_read(sizeof(file));
	mock_expect_pread(IN_FD, 64, payload, 512);
	run(ctx, "mte restore vm0 --input /tmp/in.tags", &o);
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "payload CRC mismatch"));
	vmm_outcome_clear(&o);

	/* truncated: refused from the header and the size alone */
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_file_read(sizeof(file) - 1);
	run(ctx, "mte restore vm0 --input /tmp/in.tags", &o);
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "truncated"));
	vmm_outcome_clear(&o);

	/* a future version */
	file[8] = 2;
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_file_read(sizeof(file));
	run(ctx, "mte restore vm0 --input /tmp/in.tags", &o);
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "unsupported version"));
	vmm_outcome_clear(&o);
	file[8] = 1;

	/* --dry-run checks the whole file and issues nothing */
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_file_read(sizeof(file));
	mock_expect_pread(IN_FD, 64, file + 64, 512);
	run(ctx, "mte restore vm0 --input /tmp/in.tags -n", &o);
	assert_ok(&o);
	assert_non_null(strstr(json_object_to_json_string(o.result), "0x8030aeb4"));
	vmm_outcome_clear(&o);
}

static void test_verify_runs(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	json_object *m;

	make_file();
	create_mte_vm(ctx);
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_file_read(sizeof(file));
	mock_expect_pread(IN_FD, 64, file + 64, 512);
	/* memory holds tag 5 everywhere: every granule but those with i % 16 == 5 differs */
	expect_copy(IPA, 8192, true, 5, 8192);
	mock_expect_pread(IN_FD, 64, file + 64, 512);
	run(ctx, "mte verify vm0 --input /tmp/in.tags", &o);
	assert_int_equal(o.exit_code, 1);
	assert_int_equal(json_object_get_int(json_object_object_get(o.result,
			 "mismatched_granules")), 512 - 32);
	m = json_object_object_get(o.result, "mismatches");
	assert_string_equal(json_object_to_json_string_ext(json_object_array_get_idx(m, 0),
			    JSON_C_TO_STRING_PLAIN), "{\"start\":\"0x40000000\",\"end\":"
			    "\"0x40000010\",\"granules\":1,\"file_tag\":0,\"memory_tag\":5}");
	vmm_outcome_clear(&o);
}

/* Runs line with stderr sent to a file; what was printed there goes to err. */
static void run_stderr(struct vmm_ctx *ctx, const char *line, struct vmm_outcome *o,
		       char *err, size_t size)
{
	FILE *f = tmpfile();
	int saved;
	size_t n;

	assert_non_null(f);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fileno(f), 2), 2);
	run(ctx, line, o);
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	rewind(f);
	n = fread(err, 1, size - 1, f);
	err[n] = '\0';
	fclose(f);
}

static void expect_fill_calls(uint64_t len, uint64_t chunk)
{
	for (uint64_t a = 0; a < len; a += chunk)
		expect_copy(IPA + a, chunk, false, 0, (int)chunk);
}

/*
 * Progress: only with stderr on a terminal and 64 MiB or more, at most
 * every half second (the mock's clock stands still: the first chunk and
 * the end), the last line ended by a newline; never on stdout.
 */
static void test_progress_on_a_terminal(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	char err[512];

	create_mte_vm(ctx);
	mock_isatty[2] = true;
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_fill_calls(64 << 20, 16 << 20);
	run_stderr(ctx, "mte fill vm0 0x40000000+64M 5 --chunk 16M", &o, err, sizeof(err));
	assert_ok(&o);
	assert_string_equal(err, "\rvmmctl: mte fill: 16 of 64 MiB"
			    "\rvmmctl: mte fill: 64 of 64 MiB\n");
	vmm_outcome_clear(&o);

	/* under 64 MiB: nothing */
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_fill_calls(48 << 20, 16 << 20);
	run_stderr(ctx, "mte fill vm0 0x40000000+48M 5 --chunk 16M", &o, err, sizeof(err));
	assert_ok(&o);
	assert_string_equal(err, "");
	vmm_outcome_clear(&o);

	/* -q: nothing */
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_fill_calls(64 << 20, 16 << 20);
	run_stderr(ctx, "mte fill -q vm0 0x40000000+64M 5 --chunk 16M", &o, err, sizeof(err));
	assert_ok(&o);
	assert_string_equal(err, "");
	vmm_outcome_clear(&o);

	/* stderr not a terminal: nothing */
	mock_isatty[2] = false;
	mock_expect_ioctl_int_fd(VM_FD, 0xae03, 205, 1);
	expect_fill_calls(64 << 20, 16 << 20);
	run_stderr(ctx, "mte fill vm0 0x40000000+64M 5 --chunk 16M", &o, err, sizeof(err));
	assert_ok(&o);
	assert_string_equal(err, "");
	vmm_outcome_clear(&o);
}

/* /proc/self/auxv with AT_HWCAP2 (26) holding HWCAP2_MTE */
static void expect_auxv_mte(void)
{
	static const uint64_t auxv[] = { 26, 1ull << 18, 0, 0 };

	mock_expect_open("/proc/self/auxv", O_RDONLY, 7);
	mock_expect_read("/proc/self/auxv", auxv, sizeof(auxv));
}

static void test_proc_outside_mte_mapping(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;

	expect_auxv_mte();
	mock_expect_read_all("/proc/42/smaps",
			     "1000000-1004000 rw-p 00000000 00:00 0 \nVmFlags: rd wr mt\n"
			     "1004000-1005000 rw-p 00000000 00:00 0 [heap]\nVmFlags: rd wr\n");
	/* no ptrace is scripted: the refusal comes first */
	run(ctx, "mte dump --pid 42 0x1003000+8K -o /tmp/p.tags", &o);
	assert_int_equal(o.exit_code, 2);
	assert_non_null(strstr(o.err.message, "0x1004000-0x1005000 rw-p [heap]"));
	vmm_outcome_clear(&o);
}

static void test_proc_dump_ptrace(void **state)
{
	struct vmm_ctx *ctx = *state;
	struct vmm_outcome o;
	uint8_t tags[256];

	memset(tags, 7, sizeof(tags));
	expect_auxv_mte();
	mock_expect_read_all("/proc/42/smaps",
			     "1000000-1004000 rw-p 00000000 00:00 0 \nVmFlags: rd wr mt\n");
	mock_expect_open("/tmp/p.tags", O_WRONLY | O_CREAT, OUT_FD);
	mock_expect_ptrace_stop(42, 0);
	mock_expect_ptrace_tags(42, false, 0x1000000, 256, 256, tags, 0);
	mock_expect_ptrace_detach(42);
	run(ctx, "mte dump --pid 42 0x1000000+4K -o /tmp/p.tags", &o);
	assert_ok(&o);
	assert_true(mock_atomic.committed);
	assert_memory_equal(mock_atomic.buf + 64, tags, 256);
	assert_int_equal(mock_atomic.buf[16], VMM_TAG_SRC_PROC);
	vmm_outcome_clear(&o);
}

static void test_show_text(void **state)
{
	const char *doc = "{\"source\":\"kvm\",\"vm\":\"vm0\",\"start\":\"0x40000000\","
		"\"end\":\"0x40100000\",\"runs\":[{\"start\":\"0x40000000\",\"end\":"
		"\"0x40000400\",\"tag\":1},{\"start\":\"0x40000800\",\"end\":\"0x40100000\","
		"\"tag\":10}]}";
	const char *huge = "{\"source\":\"kvm\",\"vm\":\"vm0\",\"start\":\"0x0\","
		"\"end\":\"0x10000000000\",\"runs\":[{\"start\":\"0x0\",\"end\":"
		"\"0x10000000000\",\"tag\":0}]}";
	char *buf = NULL, want[512];
	json_object *j = json_tokener_parse(doc);
	size_t len = 0;
	FILE *f;

	(void)state;
	f = open_memstream(&buf, &len);
	vmm_mte_show_text(j, f);
	fclose(f);
	snprintf(want, sizeof(want), "kvm vm0: tags of 0x40000000-0x40100000, one hex digit per "
		 "16 bytes, '-' not copied\n"
		 "0x000040000000  %s\n0x000040000400  %s\n0x000040000800  %s\n*\n"
		 "0x0000400ffc00  %s\n",
		 "1111111111111111 1111111111111111 1111111111111111 1111111111111111",
		 "---------------- ---------------- ---------------- ----------------",
		 "aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaa",
		 "aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaa");
	assert_string_equal(buf, want);
	free(buf);
	json_object_put(j);
	/* 1 TiB of one tag: three lines, not a billion */
	j = json_tokener_parse(huge);
	f = open_memstream(&buf, &len);
	vmm_mte_show_text(j, f);
	fclose(f);
	assert_non_null(strstr(buf, "\n*\n0x00fffffffc00  0000"));
	free(buf);
	json_object_put(j);
}

/*
 * The engine alone, without a kernel: show's runs merge granules of one
 * tag across walk chunks and split at a gap; fill sets one tag per
 * granule; the spans are exactly the runs, in order.
 */
static void test_engine_runs(void **state)
{
	uint8_t tags[8] = { 1, 1, 2, 2, 2, 0x13, 3, 1 };	/* 0x13: the low nibble counts */
	struct vmm_mte_job j;

	(void)state;
	vmm_mte_job_init(&j, NULL);
	assert_int_equal(vmm_mte_take_show(&j, 0x1000, 4 * VMM_MTE_GRANULE, tags), 0);
	assert_int_equal(vmm_mte_take_show(&j, 0x1040, 4 * VMM_MTE_GRANULE, tags + 4), 0);
	/* not adjacent: a new run even with the same tag */
	assert_int_equal(vmm_mte_take_show(&j, 0x2000, 1 * VMM_MTE_GRANULE, tags + 7), 0);
	vmm_mte_run_flush(&j);
	assert_int_equal(j.runs.n, 5);
	assert_int_equal(j.runs.v[0].start, 0x1000);
	assert_int_equal(j.runs.v[0].end, 0x1020);
	assert_int_equal(j.runs.v[0].key, 1);
	assert_int_equal(j.runs.v[1].start, 0x1020);
	assert_int_equal(j.runs.v[1].end, 0x1050);
	assert_int_equal(j.runs.v[2].start, 0x1050);
	assert_int_equal(j.runs.v[2].end, 0x1070);
	assert_int_equal(j.runs.v[2].key, 3);
	assert_int_equal(j.runs.v[3].key, 1);
	assert_int_equal(j.runs.v[3].end, 0x1080);
	assert_int_equal(j.runs.v[4].start, 0x2000);
	assert_int_equal(j.runs.v[4].key, 1);
	j.fill_tag = 7;
	memset(tags, 0, sizeof(tags));
	assert_int_equal(vmm_mte_fill_const(&j, 0, 3 * VMM_MTE_GRANULE, tags), 0);
	assert_memory_equal(tags, "\7\7\7\0", 4);
	vmm_mte_job_free(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32_vector),
		cmocka_unit_test(test_header_bytes_and_checks),
		cmocka_unit_test(test_pack_order),
		cmocka_unit_test(test_elf_header),
		cmocka_unit_test(test_smaps),
		cmocka_unit_test(test_show_text),
		cmocka_unit_test(test_engine_runs),
		cmocka_unit_test_setup_teardown(test_enable_refused_without_cap, unit_ctx_setup, unit_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_dump_bytes, unit_ctx_setup, unit_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_dump_partial, unit_ctx_setup, unit_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_restore_bytes, unit_ctx_setup, unit_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_before_ioctl, unit_ctx_setup, unit_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_verify_runs, unit_ctx_setup, unit_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_proc_outside_mte_mapping, unit_ctx_setup, unit_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_progress_on_a_terminal, unit_ctx_setup,
						unit_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_proc_dump_ptrace, unit_ctx_setup, unit_ctx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
