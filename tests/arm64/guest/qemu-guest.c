// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * qemu-guest: /init of the tiny Linux guest that QEMU runs inside the rig
 * (tests/live/qemu.sh), so that vmmctl observes a real VMM running a real
 * guest.  Statically linked, alone in its initramfs.
 *
 * It mounts devtmpfs to reach the console, then works in rounds: round k
 * touches (writes) MiB megabytes of fresh anonymous memory, prints
 *
 *   qemu-guest: round k touched <n> MiB
 *
 * and waits for a line on the console before the next round, so the host
 * can look at the VM between rounds.  After the last round it waits for
 * ever.  Arguments (the kernel passes what follows "--" on its command
 * line): ROUNDS MIB, default 2 32.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

static void console(void)
{
	int fd;

	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) && errno != EBUSY)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/*
 * MIDR_EL1 as this guest reads it: at EL0 Linux emulates the MRS and
 * gives the value KVM presents (other ID registers it masks to what user
 * space may see), so the host can hold it against `vm idregs`.
 */
static void print_ids(void)
{
	unsigned long midr;

	__asm__ volatile("mrs %0, midr_el1" : "=r"(midr));
	printf("qemu-guest: MIDR_EL1 0x%016lx\n", midr);
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? strtol(argv[1], NULL, 0) : 2;
	long mib = argc > 2 ? strtol(argv[2], NULL, 0) : 32;
	size_t len = (size_t)mib << 20;
	char line[64];

	console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	print_ids();
	for (long k = 1; k <= rounds; k++) {
		unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			printf("qemu-guest: mmap: %s\n", strerror(errno));
			break;
		}
		for (size_t off = 0; off < len; off += 4096)
			p[off] = (unsigned char)(k + off / 4096);
		printf("qemu-guest: round %ld touched %ld MiB\n", k, mib);
		if (k < rounds && !fgets(line, sizeof(line), stdin))
			break;
	}
	for (;;)
		pause();
}
