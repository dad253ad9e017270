// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mte-roundtrip: check that MTE allocation tags survive a round trip.
 *
 *   mte-roundtrip kvm [PAGES]   random tags -> KVM_ARM_MTE_COPY_TAGS TO_GUEST,
 *                               FROM_GUEST back, compare
 *   mte-roundtrip user [PAGES]  random tags -> STG on PROT_MTE memory, LDG back,
 *                               compare
 *
 * RIG_SEED=<n> in the environment repeats a run (the seed is printed).
 *
 * Prints the number of mismatching granules.  Exit status: 0 all tags match,
 * 1 mismatches or an error, 77 MTE not available (skip).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <linux/kvm.h>

#define PAGE		4096UL
#define GRANULE		16UL
#define GUEST_IPA	0x40000000ULL
#define SKIP		77

#ifndef HWCAP2_MTE
#define HWCAP2_MTE	(1 << 18)
#endif
#ifndef PROT_MTE
#define PROT_MTE	0x20
#endif

static uint64_t rng_state;

static unsigned int rand_tag(void)
{
	/* xorshift64: reproducible from the printed seed */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state & 0xf;
}

static unsigned long compare(const uint8_t *want, const uint8_t *got, size_t n)
{
	unsigned long bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((want[i] & 0xf) == (got[i] & 0xf))
			continue;
		if (bad < 8)
			printf("granule %zu: wrote %x read %x\n", i, want[i] & 0xf, got[i] & 0xf);
		bad++;
	}
	return bad;
}

static int test_kvm(unsigned long pages)
{
	size_t len = pages * PAGE, ntags = len / GRANULE;
	struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_MTE };
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = GUEST_IPA,
		.memory_size = len,
	};
	struct kvm_arm_copy_mte_tags copy = { .guest_ipa = GUEST_IPA, .length = len };
	uint8_t *want = NULL, *got = NULL;
	void *mem = MAP_FAILED;
	int kvm, vm = -1, ret = 1;
	unsigned long bad;
	long n;
	size_t i;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		printf("/dev/kvm: %s\n", strerror(errno));
		return errno == ENOENT ? SKIP : 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		printf("KVM_CREATE_VM: %s\n", strerror(errno));
		goto out;
	}
	if (ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_ARM_MTE) <= 0) {
		printf("KVM_CAP_ARM_MTE not available\n");
		ret = SKIP;
		goto out;
	}
	if (ioctl(vm, KVM_ENABLE_CAP, &cap) < 0) {
		printf("KVM_ENABLE_CAP(KVM_CAP_ARM_MTE): %s\n", strerror(errno));
		goto out;
	}
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		printf("mmap: %s\n", strerror(errno));
		goto out;
	}
	region.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		printf("KVM_SET_USER_MEMORY_REGION: %s\n", strerror(errno));
		goto out;
	}

	want = malloc(ntags);
	got = calloc(1, ntags);
	if (!want || !got)
		goto out;
	for (i = 0; i < ntags; i++)
		want[i] = rand_tag();

	copy.addr = want;
	copy.flags = KVM_ARM_TAGS_TO_GUEST;
	n = ioctl(vm, KVM_ARM_MTE_COPY_TAGS, &copy);
	if (n != (long)len) {
		printf("COPY_TAGS TO_GUEST returned %ld (%s), expected %zu\n",
		       n, n < 0 ? strerror(errno) : "short", len);
		goto out;
	}
	copy.addr = got;
	copy.flags = KVM_ARM_TAGS_FROM_GUEST;
	n = ioctl(vm, KVM_ARM_MTE_COPY_TAGS, &copy);
	if (n != (long)len) {
		printf("COPY_TAGS FROM_GUEST returned %ld (%s), expected %zu\n",
		       n, n < 0 ? strerror(errno) : "short", len);
		goto out;
	}
	bad = compare(want, got, ntags);
	printf("kvm: %lu pages, %zu tags, %lu mismatches\n", pages, ntags, bad);
	ret = bad ? 1 : 0;
out:
	free(want);
	free(got);
	if (mem != MAP_FAILED)
		munmap(mem, len);
	if (vm >= 0)
		close(vm);
	close(kvm);
	return ret;
}

static inline void stg(void *tagged)
{
	asm volatile(".arch armv8.5-a+memtag\n\tstg %0, [%0]" : : "r"(tagged) : "memory");
}

static inline uintptr_t ldg(uintptr_t addr)
{
	asm volatile(".arch armv8.5-a+memtag\n\tldg %0, [%0]" : "+r"(addr) : : "memory");
	return addr;
}

static int test_user(unsigned long pages)
{
	size_t len = pages * PAGE, ntags = len / GRANULE;
	uint8_t *want = NULL, *got = NULL;
	uint8_t *mem = MAP_FAILED;
	unsigned long bad;
	int ret = 1;
	size_t i;

	if (!(getauxval(AT_HWCAP2) & HWCAP2_MTE)) {
		printf("no MTE (HWCAP2_MTE clear)\n");
		return SKIP;
	}
	if (prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_SYNC |
		  (0xfffeUL << PR_MTE_TAG_SHIFT), 0, 0, 0)) {
		printf("PR_SET_TAGGED_ADDR_CTRL: %s\n", strerror(errno));
		return 1;
	}
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_MTE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		printf("mmap(PROT_MTE): %s\n", strerror(errno));
		return 1;
	}
	want = malloc(ntags);
	got = malloc(ntags);
	if (!want || !got)
		goto out;
	for (i = 0; i < ntags; i++) {
		uintptr_t a = (uintptr_t)mem + i * GRANULE;

		want[i] = rand_tag();
		stg((void *)(a | (uintptr_t)want[i] << 56));
	}
	for (i = 0; i < ntags; i++)
		got[i] = (ldg((uintptr_t)mem + i * GRANULE) >> 56) & 0xf;
	bad = compare(want, got, ntags);
	printf("user: %lu pages, %zu tags, %lu mismatches\n", pages, ntags, bad);
	ret = bad ? 1 : 0;
out:
	free(want);
	free(got);
	munmap(mem, len);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long pages = 16;
	const char *seed_env = getenv("RIG_SEED");

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s kvm|user [PAGES]\n", argv[0]);
		return 1;
	}
	if (argc == 3)
		pages = strtoul(argv[2], NULL, 0);
	if (!pages)
		return 1;
	if (seed_env)
		rng_state = strtoull(seed_env, NULL, 0);
	else if (getrandom(&rng_state, sizeof(rng_state), 0) != sizeof(rng_state))
		rng_state = (uint64_t)time(NULL) ^ getpid();
	if (!rng_state)
		rng_state = 1;
	printf("seed 0x%llx\n", (unsigned long long)rng_state);

	if (!strcmp(argv[1], "kvm"))
		return test_kvm(pages);
	if (!strcmp(argv[1], "user"))
		return test_user(pages);
	fprintf(stderr, "usage: %s kvm|user [PAGES]\n", argv[0]);
	return 1;
}
