/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ioctl request encoding shared by x86_64 and arm64 (the asm-generic
 * scheme): direction in bits 31:30, argument size in 29:16, type in 15:8,
 * number in 7:0. Written here so the build never depends on the age of the
 * installed kernel headers.
 */
#ifndef VMM_UAPI_IOC_H
#define VMM_UAPI_IOC_H

#include <stddef.h>
#include <stdint.h>

#define VMM_IOC_NONE	0u
#define VMM_IOC_WRITE	1u
#define VMM_IOC_READ	2u

#define VMM_IOC(dir, type, nr, size) \
	((unsigned long)(((dir) << 30) | ((size) << 16) | ((type) << 8) | (nr)))
#define VMM_IO(type, nr)		VMM_IOC(VMM_IOC_NONE, (type), (nr), 0u)
#define VMM_IOR(type, nr, size)		VMM_IOC(VMM_IOC_READ, (type), (nr), (size))
#define VMM_IOW(type, nr, size)		VMM_IOC(VMM_IOC_WRITE, (type), (nr), (size))
#define VMM_IOWR(type, nr, size)	VMM_IOC(VMM_IOC_READ | VMM_IOC_WRITE, (type), (nr), (size))

#define VMM_ASSERT_SIZE(type, n) \
	_Static_assert(sizeof(type) == (n), #type " size")
#define VMM_ASSERT_OFF(type, field, n) \
	_Static_assert(offsetof(type, field) == (n), #type "." #field " offset")

#endif
