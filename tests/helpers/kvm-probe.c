// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * kvm-probe: whether KVM is usable here, decided without vmmctl so that the
 * tests can compare: PATH (default /dev/kvm) is a character device, opens
 * read-write (never created: no O_CREAT) and answers KVM_GET_API_VERSION
 * with 12.  Prints "usable" or the reason on one line.
 *
 * Exit status: 0 usable, 1 not usable, 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* _IO(0xAE, 0x00): written out so that no kernel header is needed */
#define PROBE_KVM_GET_API_VERSION 0xae00

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/kvm";
	struct stat st;
	int fd, v;

	if (argc > 2) {
		fprintf(stderr, "usage: %s [PATH]\n", argv[0]);
		return 2;
	}
	if (stat(path, &st)) {
		printf("%s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISCHR(st.st_mode)) {
		printf("%s is not a character device\n", path);
		return 1;
	}
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("%s does not open read-write: %s\n", path, strerror(errno));
		return 1;
	}
	v = ioctl(fd, PROBE_KVM_GET_API_VERSION, 0);
	close(fd);
	if (v != 12) {
		printf("%s: KVM_GET_API_VERSION gives %d%s%s\n", path, v, v < 0 ? ": " : "",
		       v < 0 ? strerror(errno) : "");
		return 1;
	}
	printf("usable\n");
	return 0;
}
