// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mte-copyloop: the rig's independent side of the MTE tests and bench.
 *
 *   mte-copyloop loop dump|restore IPA SIZE CHUNK [FILE]
 *       the bench baseline: a VM with MTE and one anonymous memslot of SIZE
 *       at IPA, then KVM_ARM_MTE_COPY_TAGS FROM_GUEST (dump) or TO_GUEST
 *       (restore, tags 0..15 repeating) over it in CHUNK steps; nothing
 *       else, or with FILE (dump) each chunk's tags written to it too
 *   mte-copyloop time COMMAND...
 *       runs COMMAND (stdout to /dev/null) and prints
 *       "elapsed_ns N user_ns U sys_ns S status X" (the child's CPU times)
 *   mte-copyloop mkfile FILE IPA SIZE SEED
 *       writes a vmmctl tag file (version 1, one tag per byte, page 4 KiB)
 *       of random tags, from the format as vmmctl-mte(8) documents it
 *   mte-copyloop elfcheck CORE TAGFILE
 *       reads an ELF core written by `mte dump --format elf-core` and checks
 *       that its PT_AARCH64_MEMTAG_MTE segment holds TAGFILE's tags (two per
 *       byte, even granule low) at the same address
 *
 * Exit status 0 success, 1 failure, 77 no KVM/MTE (skip).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/kvm.h>

#define SKIP 77

static uint64_t num(const char *s)
{
	return strtoull(s, NULL, 0);
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static int loop(int argc, char **argv)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_MTE };
	struct kvm_userspace_memory_region r = { 0 };
	struct kvm_arm_copy_mte_tags c = { 0 };
	uint64_t ipa, size, chunk, pos;
	int kvm, vm, dump, out = -1;
	uint8_t *buf;
	void *mem;
	long n;

	if (argc != 6 && argc != 7)
		return 1;
	dump = !strcmp(argv[2], "dump");
	if (argc == 7) {
		out = open(argv[6], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out < 0)
			return printf("%s: %s\n", argv[6], strerror(errno)), 1;
	}
	ipa = num(argv[3]);
	size = num(argv[4]);
	chunk = num(argv[5]);
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return printf("/dev/kvm: %s\n", strerror(errno)), SKIP;
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0 || ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_ARM_MTE) <= 0)
		return printf("no KVM_CAP_ARM_MTE\n"), SKIP;
	if (ioctl(vm, KVM_ENABLE_CAP, &cap))
		return printf("KVM_ENABLE_CAP: %s\n", strerror(errno)), 1;
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		   -1, 0);
	if (mem == MAP_FAILED)
		return printf("mmap: %s\n", strerror(errno)), 1;
	r.guest_phys_addr = ipa;
	r.memory_size = size;
	r.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r))
		return printf("KVM_SET_USER_MEMORY_REGION: %s\n", strerror(errno)), 1;
	buf = malloc(chunk / 16);
	if (!buf)
		return 1;
	for (uint64_t i = 0; i < chunk / 16; i++)
		buf[i] = i & 0xf;
	c.addr = buf;
	c.flags = dump ? KVM_ARM_TAGS_FROM_GUEST : KVM_ARM_TAGS_TO_GUEST;
	for (pos = 0; pos < size; pos += chunk) {
		c.guest_ipa = ipa + pos;
		c.length = size - pos < chunk ? size - pos : chunk;
		n = ioctl(vm, KVM_ARM_MTE_COPY_TAGS, &c);
		if (n != (long)c.length)
			return printf("COPY_TAGS at 0x%llx: %ld (%s)\n", (unsigned long long)c.guest_ipa,
				      n, n < 0 ? strerror(errno) : "short"), 1;
		if (out >= 0 && write(out, buf, c.length / 16) != (ssize_t)(c.length / 16))
			return printf("write: %s\n", strerror(errno)), 1;
	}
	if (out >= 0 && close(out))
		return 1;
	return 0;
}

static unsigned long long tv_ns(const struct timeval *tv)
{
	return (unsigned long long)tv->tv_sec * 1000000000ull + (unsigned long long)tv->tv_usec * 1000;
}

static int timeit(int argc, char **argv)
{
	uint64_t t0 = now_ns();
	struct rusage ru;
	int st = 0;
	pid_t p;

	if (argc < 3)
		return 1;
	p = fork();
	if (p == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (p < 0 || wait4(p, &st, 0, &ru) < 0)
		return 1;
	printf("elapsed_ns %llu user_ns %llu sys_ns %llu status %d\n",
	       (unsigned long long)(now_ns() - t0), tv_ns(&ru.ru_utime), tv_ns(&ru.ru_stime),
	       WIFEXITED(st) ? WEXITSTATUS(st) : 128);
	return 0;
}

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

/* CRC-32 (IEEE 802.3, reflected), bit by bit: slow and obviously right. */
static uint32_t crc32_bits(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
	}
	return ~crc;
}

static int mkfile(int argc, char **argv)
{
	uint64_t ipa, size, seed, n;
	uint8_t hdr[64] = { 0 }, *tags;
	FILE *f;

	if (argc != 6)
		return 1;
	ipa = num(argv[3]);
	size = num(argv[4]);
	seed = num(argv[5]) | 1;
	n = size / 16;
	tags = malloc(n);
	if (!tags)
		return 1;
	for (uint64_t i = 0; i < n; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		tags[i] = seed & 0xf;
	}
	memcpy(hdr, "VMMTAGS", 8);
	put(hdr + 8, 1, 4);		/* version */
	put(hdr + 12, 64, 4);		/* header size */
	put(hdr + 16, 1, 4);		/* source: KVM */
	put(hdr + 20, 1, 4);		/* one tag per byte */
	put(hdr + 24, ipa, 8);
	put(hdr + 32, size, 8);
	put(hdr + 40, 16, 4);
	put(hdr + 44, 4096, 4);
	put(hdr + 48, n, 8);
	put(hdr + 56, crc32_bits(0, tags, n), 4);
	put(hdr + 60, crc32_bits(0, hdr, 60), 4);
	f = fopen(argv[2], "w");
	if (!f || fwrite(hdr, 1, 64, f) != 64 || fwrite(tags, 1, n, f) != n || fclose(f))
		return printf("%s: %s\n", argv[2], strerror(errno)), 1;
	return 0;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *b;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		return NULL;
	b = malloc((size_t)st.st_size + 1);
	if (!b || read(fd, b, (size_t)st.st_size) != st.st_size)
		return NULL;
	close(fd);
	*len = (size_t)st.st_size;
	return b;
}

static int elfcheck(int argc, char **argv)
{
	size_t clen, tlen, ntags, bad = 0;
	uint8_t *core, *tf, *ph;
	uint64_t base, length, phoff, off = 0, vaddr = 0, filesz = 0, memsz = 0;
	int phnum, load = 0, tagseg = 0;

	if (argc != 4)
		return 1;
	core = slurp(argv[2], &clen);
	tf = slurp(argv[3], &tlen);
	if (!core || !tf || clen < 64 || tlen < 64)
		return printf("cannot read the files\n"), 1;
	if (memcmp(core, "\177ELF", 4) || core[4] != 2 || core[5] != 1 || get(core + 16, 2) != 4 ||
	    get(core + 18, 2) != 183)
		return printf("not a little-endian ELF64 aarch64 core\n"), 1;
	base = get(tf + 24, 8);
	length = get(tf + 32, 8);
	phoff = get(core + 32, 8);
	phnum = (int)get(core + 56, 2);
	for (int i = 0; i < phnum; i++) {
		ph = core + phoff + (size_t)i * get(core + 54, 2);
		if (ph + 56 > core + clen)
			return printf("program header %d past the end\n", i), 1;
		if (get(ph, 4) == 1 && get(ph + 16, 8) == base && get(ph + 40, 8) == length)
			load++;
		if (get(ph, 4) == 0x70000002) {
			tagseg++;
			off = get(ph + 8, 8);
			vaddr = get(ph + 16, 8);
			filesz = get(ph + 32, 8);
			memsz = get(ph + 40, 8);
		}
	}
	if (load != 1 || tagseg != 1)
		return printf("%d matching PT_LOAD, %d PT_AARCH64_MEMTAG_MTE\n", load, tagseg), 1;
	if (vaddr != base || memsz != length || filesz != length / 32 || off + filesz > clen)
		return printf("tag segment vaddr 0x%llx memsz %llu filesz %llu off %llu\n",
			      (unsigned long long)vaddr, (unsigned long long)memsz,
			      (unsigned long long)filesz, (unsigned long long)off), 1;
	ntags = length / 16;
	if (tlen != 64 + ntags)
		return printf("tag file is not one tag per byte\n"), 1;
	for (size_t i = 0; i < ntags; i++) {
		uint8_t b = core[off + i / 2], t = i % 2 ? b >> 4 : b & 0xf;

		if (t != (tf[64 + i] & 0xf) && bad++ < 4)
			printf("granule %zu: core %x file %x\n", i, t, tf[64 + i]);
	}
	printf("elfcheck: %zu granules, %zu mismatches\n", ntags, bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "loop"))
		return loop(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "time"))
		return timeit(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "mkfile"))
		return mkfile(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "elfcheck"))
		return elfcheck(argc, argv);
	fprintf(stderr, "usage: %s loop|time|mkfile|elfcheck ...\n", argv[0]);
	return 1;
}
