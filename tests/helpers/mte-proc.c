// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mte-proc: a process with PROT_MTE memory whose tags the ptrace tests
 * read and write.
 *
 *   mte-proc [PAGES]
 *
 * Maps PAGES (default 4) pages with PROT_MTE and one page without it, tags
 * granule i with (i / 4) % 16 using STG, and prints one line
 *
 *   mte pid=PID addr=0x... len=N plain=0x...
 *
 * then waits for signals: SIGUSR1 sets every tag to 0 and prints "cleared";
 * SIGUSR2 reads every tag with LDG, compares with the pattern and prints
 * "check ok" or "check bad N"; SIGTERM ends it. Exit 77 (skip) without MTE
 * or off arm64.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#if defined(__aarch64__)
#include <sys/auxv.h>

#define PAGE		4096UL
#define PROT_MTE_	0x20
#define HWCAP2_MTE_	(1UL << 18)

static volatile sig_atomic_t got;
static uint8_t *mem;
static size_t len;

static void on_sig(int sig)
{
	got = sig;
}

static void stg(uintptr_t a, unsigned int tag)
{
	void *p = (void *)(a | (uintptr_t)tag << 56);

	asm volatile(".arch armv8.5-a+memtag\n\tstg %0, [%0]" : : "r"(p) : "memory");
}

static unsigned int ldg(uintptr_t a)
{
	asm volatile(".arch armv8.5-a+memtag\n\tldg %0, [%0]" : "+r"(a) : : "memory");
	return (a >> 56) & 0xf;
}

static void tag_all(int pattern)
{
	for (size_t i = 0; i < len / 16; i++)
		stg((uintptr_t)mem + i * 16, pattern ? (unsigned int)(i / 4) % 16 : 0);
}

int main(int argc, char **argv)
{
	size_t pages = argc > 1 ? strtoul(argv[1], NULL, 0) : 4;
	uint8_t *plain;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!(getauxval(AT_HWCAP2) & HWCAP2_MTE_)) {
		printf("no MTE (HWCAP2_MTE clear)\n");
		return 77;
	}
	/* tag checks off: only the allocation tags matter here */
	if (prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE, 0, 0, 0)) {
		perror("PR_SET_TAGGED_ADDR_CTRL");
		return 1;
	}
	len = pages * PAGE;
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_MTE_, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	plain = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED || plain == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	plain[0] = 1;
	tag_all(1);
	signal(SIGUSR1, on_sig);
	signal(SIGUSR2, on_sig);
	printf("mte pid=%d addr=%p len=%zu plain=%p\n", (int)getpid(), (void *)mem, len,
	       (void *)plain);
	for (;;) {
		pause();
		if (got == SIGUSR1) {
			tag_all(0);
			printf("cleared\n");
		} else if (got == SIGUSR2) {
			size_t bad = 0;

			for (size_t i = 0; i < len / 16; i++)
				bad += ldg((uintptr_t)mem + i * 16) != (i / 4) % 16;
			if (bad)
				printf("check bad %zu\n", bad);
			else
				printf("check ok\n");
		}
		got = 0;
	}
}
#else
int main(void)
{
	printf("mte-proc: MTE is arm64 only\n");
	return 77;
}
#endif
