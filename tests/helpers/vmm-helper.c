// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vmm-helper: a minimal VMM for tests.
 *
 * Creates a VM with a read-write memslot (and optionally a read-only one
 * and, on arm64, a dirty-logged one), runs one vCPU over a few guest
 * instructions that write a marker into each of --pages pages (and read the
 * read-only slot, and write then read pages of the dirty-logged slot), then
 * keeps the VM alive until a signal or the --hold timeout so that other
 * tools can inspect it (debugfs, /proc/PID/fd, fdinfo).  When ready it
 * prints:
 *
 *   vm pid=<pid> fd=<vmfd> debugfs=<pid>-<vmfd> arch=<arch> mem=<gpa>+<size>
 *      ro=<gpa>+<size> pages=<n> ro_pages=<n> mte=<0|1> tags=<ok|none|bad:N>
 *      markers=<ok|bad|none> exit=<reason> backing=<thp|hugetlb|4k|unknown>
 *      log=<gpa>+<size> log_pages=<n> log_backing=<thp|4k|unknown|none>
 *
 * backing= tells how the host backs the main slot once the guest ran (from
 * /proc/self/smaps): 2 MiB hugetlb pages, a transparent huge page, or small
 * pages only.  Stage 2 maps a block only over host huge pages, so a dump of
 * a backing=4k slot shows pages at the last level; a dirty-logged slot is
 * mapped in pages whatever its backing.
 *
 * arm64: the guest enables its MMU with an identity map (Normal Tagged
 * memory when --mte) and, with --mte, tags every granule of the touched
 * pages with STG (tag = (page + granule) & 0xf); the helper then checks the
 * tags with KVM_ARM_MTE_COPY_TAGS.  The guest ends with PSCI SYSTEM_OFF.
 * x86: a real-mode guest writes the markers and halts.
 *
 * arm64 --nested (a kernel booted with kvm-arm.mode=nested): the vCPU starts
 * at virtual EL2 (KVM_ARM_VCPU_HAS_EL2, with the in-kernel vGICv3 nested
 * virtualization needs) in a guest hypervisor that builds a stage-2 table
 * for an L2 guest in its own memory, programs VTCR_EL2, VTTBR_EL2 and
 * HCR_EL2.VM and ERETs into the L2 guest at EL1.  The L2 guest writes a
 * marker into each of --pages pages and leaves through HVC; the guest
 * hypervisor records the exception and powers off.  Before the "vm" line
 * the helper prints what was programmed and what the L2 guest touched:
 *
 *   nested vtcr=<hex> vttbr=<hex> hcr=<hex> tables=<l1 pa> l2_code=<ipa>+0x1000
 *      l2_data=<ipa>+<size> l2_pages=<n> l2_exit=<hvc|vector:<off>,esr:<hex>,elr:<hex>>
 *
 * L0 KVM then holds a shadow stage 2 for the L2 guest (debugfs nested/).
 *
 * Exit status: 0 ready and held, 1 usage, 2 KVM error, 3 guest check failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm.h>

#define PAGE		4096UL
#define SZ_2M		(2UL << 20)
#define MARKER		0x564d4d484c500000ULL	/* "VMMHLP" << 16 */
#define LOG_MARKER	0x8000ULL		/* or'ed in the dirty-logged slot */
#define NESTED_MARKER	0x4000ULL		/* or'ed by the L2 guest (--nested) */
#define NESTED_DATA_OFF	0x10000UL		/* --nested: first L2 data page in slot 0 */
#define NESTED_MAX_PAGES 496U			/* what one level-3 table maps above it */

#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB	(21 << 26)
#endif

struct opts {
	unsigned long mem;	/* bytes in slot 0 */
	unsigned int pages;	/* pages the guest writes */
	unsigned int ro_pages;	/* pages in the read-only slot, 0 = none */
	unsigned int log_pages;	/* pages written, then as many read, in slot 2 */
	int mte;
	int hugetlb;
	int thp;		/* 0: MADV_NOHUGEPAGE on slot 0 */
	int run;
	int nested;		/* arm64: guest hypervisor at vEL2 and an L2 guest */
	long hold;		/* seconds, -1 = until a signal */
	long runs;		/* times the guest runs from reset (--runs) */
	long busy;		/* seconds of runs after it is ready (--busy), 0: none */
	int vgic;		/* arm64: an in-kernel vGICv3 and an ITS (--vgic) */
	unsigned int irq_line;	/* arm64: SPI raised with KVM_IRQ_LINE (--irq-line), 0: none */
};

struct vm {
	int kvm, vmfd, vcpufd, gicfd, itsfd;
	struct kvm_run *run;
	size_t run_size;
	uint8_t *mem, *ro, *log;
	size_t mem_map, ro_map, log_map;	/* mapping lengths (for munmap) */
	uint8_t *mem_base, *log_base;		/* mapping bases (for munmap) */
	uint64_t mem_gpa, ro_gpa, log_gpa;
	unsigned long ro_size, log_size;
	const char *exit;
};

static void die_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--pages N] [--mem-mb M] [--ro-pages N] [--log-pages N] [--mte]\n"
		"          [--hugetlb | --no-thp] [--no-run] [--nested] [--runs N] [--busy SECONDS]\n"
		"          [--hold SECONDS] [--vgic [--irq-line SPI]]\n"
		"  --pages N      guest writes N pages of the main slot (default 16); the slot's\n"
		"                 first 2 pages hold the guest's code and page table, so N = 510\n"
		"                 fills its first 2 MiB\n"
		"  --mem-mb M     size of the main slot in MiB, 2 MiB aligned (default 4)\n"
		"  --ro-pages N   add a read-only slot of N pages the guest reads (default 4, 0 = none)\n"
		"  --log-pages N  arm64: add slot 2 at IPA 0xc0000000 with KVM_MEM_LOG_DIRTY_PAGES,\n"
		"                 2 MiB aligned, MADV_HUGEPAGE, 2*N pages rounded up to 2 MiB; the\n"
		"                 guest writes its first N pages and reads the N after them\n"
		"                 (default 0 = no such slot)\n"
		"  --mte          arm64: enable MTE for the VM and tag the pages from the guest\n"
		"  --hugetlb      back the main slot with 2 MiB hugetlb pages if available (needs\n"
		"                 /proc/sys/vm/nr_hugepages; else falls back, see backing=)\n"
		"  --no-thp       MADV_NOHUGEPAGE on the main slot: small host pages only\n"
		"  --no-run       create everything but never run the vCPU\n"
		"  --runs N       run the guest N times, each from a vCPU reset (default 1)\n"
		"  --busy S       once ready, run the guest again and again from reset for S\n"
		"                 seconds (exits at a steady rate for `vmmctl top`), then hold\n"
		"  --nested       arm64: run a guest hypervisor at virtual EL2 whose L2 guest writes\n"
		"                 the N pages (at most %u; no read-only slot, no --mte or --log-pages)\n"
		"  --hold S       keep the VM S seconds after it is ready (default: until a signal)\n"
		"  --vgic         arm64: an in-kernel vGICv3 and an ITS at 0x8080000, initialized\n"
		"                 before the first run\n"
		"  --irq-line SPI arm64, with --vgic: KVM_IRQ_LINE raises SPI (32 to 255) to level 1\n",
		prog, NESTED_MAX_PAGES);
	exit(1);
}

/*
 * Map LEN bytes aligned to 2 MiB so that stage 2 can use block mappings
 * (with THP unless !thp).  Returns the aligned address; *base and *maplen
 * describe the mapping.
 */
static void *map_aligned(size_t len, int hugetlb, int thp, uint8_t **base, size_t *maplen)
{
	uint8_t *p;
	uintptr_t a;

	if (hugetlb) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB, -1, 0);
		if (p != MAP_FAILED) {
			*base = p;
			*maplen = len;
			return p;
		}
		fprintf(stderr, "vmm-helper: hugetlb unavailable (%s), using normal pages\n",
			strerror(errno));
	}
	*maplen = len + SZ_2M;
	p = mmap(NULL, *maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	*base = p;
	a = ((uintptr_t)p + SZ_2M - 1) & ~(SZ_2M - 1);
	madvise((void *)a, len, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	return (void *)a;
}

/*
 * How the host backs the mapping at ADDR, from /proc/self/smaps: "hugetlb"
 * (2 MiB or larger kernel pages), "thp" (some AnonHugePages) or "4k".
 */
static const char *backing(const void *addr)
{
	unsigned long start, end, a = (uintptr_t)addr, kb;
	const char *ret = "unknown";
	char line[512];
	int in = 0;
	FILE *f;

	f = fopen("/proc/self/smaps", "re");
	if (!f)
		return ret;
	while (fgets(line, sizeof(line), f)) {
		if (line[strspn(line, "0123456789abcdef")] == '-' &&
		    sscanf(line, "%lx-%lx ", &start, &end) == 2) {
			if (in)
				break;
			in = start <= a && a < end;
			if (in)
				ret = "4k";
			continue;
		}
		if (!in)
			continue;
		if (sscanf(line, "KernelPageSize: %lu kB", &kb) == 1 && kb >= 2048)
			ret = "hugetlb";
		else if (sscanf(line, "AnonHugePages: %lu kB", &kb) == 1 && kb)
			ret = "thp";
	}
	fclose(f);
	return ret;
}

static int set_slot(struct vm *vm, uint32_t slot, uint32_t flags, uint64_t gpa,
		    uint64_t size, void *hva)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	if (ioctl(vm->vmfd, KVM_SET_USER_MEMORY_REGION, &r) < 0) {
		fprintf(stderr, "vmm-helper: KVM_SET_USER_MEMORY_REGION slot %u: %s\n",
			slot, strerror(errno));
		return -1;
	}
	return 0;
}

#if defined(__aarch64__)

#define ARCH_NAME	"arm64"
#define HAS_VGIC	1
#define MEM_GPA		0x40000000ULL
#define RO_GPA		0x80000000ULL
#define LOG_GPA		0xc0000000ULL
#define CODE_OFF	0x0000
#define TABLE_OFF	0x1000
#define DATA_OFF	0x2000
#define PSCI_SYSTEM_OFF	0x84000008UL

/*
 * Guest code, EL1, MMU off on entry.  In: x0 first data page, x1 pages,
 * x2 read-only slot (0 = none), x3 its pages, x4 MTE, x5 level-1 table page,
 * x6 MAIR_EL1 value (attr 0 for the main slot, attr 1 for the rest),
 * x7 dirty-logged slot (0 = none), x8 pages to write there, then to read.
 */
static const uint32_t guest_code[] = {
	0xd280e0a9,	/*	mov	x9, #0x705		block 0 GiB, attr 1 */
	0xf90000a9,	/*	str	x9, [x5]			*/
	0xd280e029,	/*	mov	x9, #0x701		block 1 GiB, attr 0 */
	0xf2a80009,	/*	movk	x9, #0x4000, lsl #16		*/
	0xf90004a9,	/*	str	x9, [x5, #8]			*/
	0xd280e0a9,	/*	mov	x9, #0x705		block 2 GiB, attr 1 */
	0xf2b00009,	/*	movk	x9, #0x8000, lsl #16		*/
	0xf90008a9,	/*	str	x9, [x5, #16]			*/
	0xd280e0a9,	/*	mov	x9, #0x705		block 3 GiB, attr 1 */
	0xf2b80009,	/*	movk	x9, #0xc000, lsl #16		*/
	0xf9000ca9,	/*	str	x9, [x5, #24]			*/
	0xd5033f9f,	/*	dsb	sy				*/
	0xd518a206,	/*	msr	mair_el1, x6			*/
	0xd2800329,	/*	mov	x9, #25			T0SZ 25	*/
	0xf2a01009,	/*	movk	x9, #0x80, lsl #16	EPD1	*/
	0xf2c00029,	/*	movk	x9, #0x1, lsl #32	IPS 36 bits */
	0xd5182049,	/*	msr	tcr_el1, x9			*/
	0xd5182005,	/*	msr	ttbr0_el1, x5			*/
	0xd5033fdf,	/*	isb					*/
	0xd508871f,	/*	tlbi	vmalle1				*/
	0xd5033f9f,	/*	dsb	sy				*/
	0xd5033fdf,	/*	isb					*/
	0xd5381009,	/*	mrs	x9, sctlr_el1			*/
	0xb2400129,	/*	orr	x9, x9, #0x1		M	*/
	0xb27e0129,	/*	orr	x9, x9, #0x4		C	*/
	0xb2740129,	/*	orr	x9, x9, #0x1000		I	*/
	0xb4000044,	/*	cbz	x4, 1f				*/
	0xb2550129,	/*	orr	x9, x9, #(1 << 43)	ATA	*/
	0xd5181009,	/* 1:	msr	sctlr_el1, x9			*/
	0xd5033fdf,	/*	isb					*/
	0xaa0003ea,	/*	mov	x10, x0			page address */
	0xd280000b,	/*	mov	x11, #0			page index */
	0xb4000124,	/* 2:	cbz	x4, 4f				*/
	0xd280000c,	/*	mov	x12, #0			granule index */
	0x8b0c016d,	/* 3:	add	x13, x11, x12			*/
	0xd3481dad,	/*	lsl	x13, x13, #56		tag in 59:56 */
	0x8b0c114e,	/*	add	x14, x10, x12, lsl #4		*/
	0xd92009cd,	/*	stg	x13, [x14]			*/
	0x9100058c,	/*	add	x12, x12, #1			*/
	0xf104019f,	/*	cmp	x12, #256			*/
	0x54ffff41,	/*	b.ne	3b				*/
	0xd2a98a0d,	/* 4:	mov	x13, #0x4c500000	MARKER	*/
	0xf2c9a90d,	/*	movk	x13, #0x4d48, lsl #32		*/
	0xf2eac9ad,	/*	movk	x13, #0x564d, lsl #48		*/
	0xaa0b01ad,	/*	orr	x13, x13, x11			*/
	0xf900054d,	/*	str	x13, [x10, #8]			*/
	0x9140054a,	/*	add	x10, x10, #4096			*/
	0x9100056b,	/*	add	x11, x11, #1			*/
	0xeb01017f,	/*	cmp	x11, x1				*/
	0x54fffde1,	/*	b.ne	2b				*/
	0xb40000e2,	/*	cbz	x2, 6f				*/
	0xd280000b,	/*	mov	x11, #0				*/
	0xf940004d,	/* 5:	ldr	x13, [x2]			*/
	0x91400442,	/*	add	x2, x2, #4096			*/
	0x9100056b,	/*	add	x11, x11, #1			*/
	0xeb03017f,	/*	cmp	x11, x3				*/
	0x54ffff81,	/*	b.ne	5b				*/
	0xb4000247,	/* 6:	cbz	x7, 9f				*/
	0xd280000b,	/*	mov	x11, #0				*/
	0xd2a98a0d,	/* 7:	mov	x13, #0x4c500000	MARKER	*/
	0xf2c9a90d,	/*	movk	x13, #0x4d48, lsl #32		*/
	0xf2eac9ad,	/*	movk	x13, #0x564d, lsl #48		*/
	0xaa0b01ad,	/*	orr	x13, x13, x11			*/
	0xb27101ad,	/*	orr	x13, x13, #LOG_MARKER		*/
	0xf90004ed,	/*	str	x13, [x7, #8]			*/
	0x914004e7,	/*	add	x7, x7, #4096			*/
	0x9100056b,	/*	add	x11, x11, #1			*/
	0xeb08017f,	/*	cmp	x11, x8				*/
	0x54fffee1,	/*	b.ne	7b				*/
	0xd280000b,	/*	mov	x11, #0				*/
	0xf94000ed,	/* 8:	ldr	x13, [x7]			*/
	0x914004e7,	/*	add	x7, x7, #4096			*/
	0x9100056b,	/*	add	x11, x11, #1			*/
	0xeb08017f,	/*	cmp	x11, x8				*/
	0x54ffff81,	/*	b.ne	8b				*/
	0xd2800100,	/* 9:	mov	x0, #0x8		SYSTEM_OFF */
	0xf2b08000,	/*	movk	x0, #0x8400, lsl #16		*/
	0xd4000002,	/*	hvc	#0				*/
	0x14000000,	/*	b	.				*/
};

#define CORE_REG(x)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			 (offsetof(struct kvm_regs, x) / sizeof(uint32_t)))

static int set_reg(int vcpufd, uint64_t id, uint64_t val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)&val };

	return ioctl(vcpufd, KVM_SET_ONE_REG, &r);
}

static uint64_t get_core(int vcpufd, uint64_t id)
{
	uint64_t val = 0;
	struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)&val };

	ioctl(vcpufd, KVM_GET_ONE_REG, &r);
	return val;
}

static uint64_t get_pc(int vcpufd)
{
	return get_core(vcpufd, CORE_REG(regs.pc));
}

/* Where a guest that does not finish is: PC, PSTATE (its EL), x0-x15 and, nested, EL2's. */
static void arch_stuck(const struct vm *vm)
{
	static const struct {
		const char *name;
		uint64_t id;
	} el2[] = {
		{ "ESR_EL2", ARM64_SYS_REG(3, 4, 5, 2, 0) },
		{ "ELR_EL2", ARM64_SYS_REG(3, 4, 4, 0, 1) },
		{ "FAR_EL2", ARM64_SYS_REG(3, 4, 6, 0, 0) },
		{ "SPSR_EL2", ARM64_SYS_REG(3, 4, 4, 0, 0) },
		{ "HCR_EL2", ARM64_SYS_REG(3, 4, 1, 1, 0) },
		{ "SCTLR_EL2", ARM64_SYS_REG(3, 4, 1, 0, 0) },
		{ "VBAR_EL2", ARM64_SYS_REG(3, 4, 12, 0, 0) },
	};

	fprintf(stderr, "vmm-helper: pc 0x%llx pstate 0x%llx\n",
		(unsigned long long)get_pc(vm->vcpufd),
		(unsigned long long)get_core(vm->vcpufd, CORE_REG(regs.pstate)));
	for (int i = 0; i < 16; i++)
		fprintf(stderr, "vmm-helper: x%d 0x%llx\n", i,
			(unsigned long long)get_core(vm->vcpufd, CORE_REG(regs.regs[i])));
	for (size_t i = 0; vm->gicfd >= 0 && i < sizeof(el2) / sizeof(el2[0]); i++)
		fprintf(stderr, "vmm-helper: %s 0x%llx\n", el2[i].name,
			(unsigned long long)get_core(vm->vcpufd, el2[i].id));
}

#ifndef KVM_CAP_ARM_EL2
#define KVM_CAP_ARM_EL2		240
#endif
#ifndef KVM_ARM_VCPU_HAS_EL2
#define KVM_ARM_VCPU_HAS_EL2	7
#endif

/*
 * --nested, in slot 0: the guest hypervisor's code and (at 0x800) its
 * vectors, the L2 guest's code page, the stage-2 tables the guest
 * hypervisor builds (two concatenated level-1 pages, 8K aligned, then one
 * level-2 and one level-3 page), the page its vectors report into, and the
 * L2 data pages from NESTED_DATA_OFF.  The L2 guest runs its code at
 * NESTED_L2_IPA and writes its data NESTED_DATA_OFF above: both in the
 * second level-1 table (above 2^39) of a 40-bit IPA space.
 */
#define NESTED_L2_OFF		0x1000
#define NESTED_TABLE_OFF	0x2000
#define NESTED_RESULT_OFF	0x6000
#define NESTED_L2_IPA		0x8040000000ULL
#define NESTED_VMID		42ULL
/* T0SZ 24 (40-bit IPA), SL0 1 (level 1), inner and outer write-back,
 * inner shareable, TG0 4K, PS 40-bit, bit 31 RES1 */
#define NESTED_VTCR		0x80023558ULL
#define NESTED_HCR		((1ULL << 34) | (1ULL << 31) | 1)	/* E2H RW VM */
#define GIC_DIST		0x08000000ULL
#define GIC_REDIST		0x080a0000ULL
#define ESR_EC_HVC64		0x16

/*
 * The guest hypervisor, at virtual EL2 with its MMU off.  In: x0 L2 data
 * IPA, x1 pages, x2 VTCR_EL2, x3 VTTBR_EL2, x4 HCR_EL2, x5 L2 code IPA,
 * x6 the code's page and x7 the first data page (its own addresses), x8
 * the level-1 tables, x9 the report page.  Stage-2 page descriptors 0x7ff:
 * valid page, Normal write-back, read-write, inner shareable, AF,
 * executable.  Every vector records its offset, ESR_EL2 and ELR_EL2, then
 * PSCI SYSTEM_OFF through SMC (L0 KVM handles it: HCR_EL2.TSC is clear).
 * The L2 guest, at EL1 with its MMU off: x0 data IPA, x1 pages; ends with
 * HVC, which goes to the guest hypervisor.  Assembled here, copied into
 * the guest: position independent.
 */
__asm__(
"	.pushsection .rodata.vmm_nested, \"a\"\n"
"	.globl	nested_el2, nested_el2_end, nested_l2, nested_l2_end\n"
"	.hidden	nested_el2, nested_el2_end, nested_l2, nested_l2_end\n"
"	.balign	4096\n"
"nested_el2:\n"
"	add	x10, x8, #0x2000\n"
"	add	x11, x8, #0x3000\n"
"	ubfx	x12, x5, #30, #10\n"		/* level-1 index, two tables */
"	orr	x13, x10, #3\n"
"	str	x13, [x8, x12, lsl #3]\n"
"	ubfx	x12, x5, #21, #9\n"
"	orr	x13, x11, #3\n"
"	str	x13, [x10, x12, lsl #3]\n"
"	mov	x14, #0x7ff\n"
"	ubfx	x12, x5, #12, #9\n"
"	orr	x13, x6, x14\n"
"	str	x13, [x11, x12, lsl #3]\n"
"	ubfx	x12, x0, #12, #9\n"
"	mov	x15, x7\n"
"	mov	x16, x1\n"
"1:	orr	x13, x15, x14\n"
"	str	x13, [x11, x12, lsl #3]\n"
"	add	x12, x12, #1\n"
"	add	x15, x15, #0x1000\n"
"	subs	x16, x16, #1\n"
"	b.ne	1b\n"
"	dsb	sy\n"
"	msr	vtcr_el2, x2\n"
"	msr	vttbr_el2, x3\n"
"	msr	hcr_el2, x4\n"
"	adr	x13, nested_vectors\n"
"	msr	vbar_el2, x13\n"
"	msr	elr_el2, x5\n"
"	mov	x13, #0x3c5\n"			/* EL1h, DAIF masked */
"	msr	spsr_el2, x13\n"
"	isb\n"
"	eret\n"
"nested_report:\n"
"	adr	x13, nested_vectors\n"
"	sub	x12, x12, x13\n"
"	mrs	x13, esr_el2\n"
"	mrs	x14, elr_el2\n"
"	stp	x12, x13, [x9]\n"
"	str	x14, [x9, #16]\n"
"	movz	x0, #0x0008\n"
"	movk	x0, #0x8400, lsl #16\n"
"	smc	#0\n"
"	b	.\n"
"	.balign	2048\n"
"nested_vectors:\n"
"	.rept	16\n"
"	.balign	128\n"
"	adr	x12, .\n"
"	b	nested_report\n"
"	.endr\n"
"	.balign	128\n"
"nested_el2_end:\n"
"nested_l2:\n"
"	movz	x13, #0x4c50, lsl #16\n"	/* MARKER | NESTED_MARKER */
"	movk	x13, #0x4d48, lsl #32\n"
"	movk	x13, #0x564d, lsl #48\n"
"	orr	x13, x13, #0x4000\n"
"	mov	x11, #0\n"
"2:	orr	x12, x13, x11\n"
"	str	x12, [x0, #8]\n"
"	add	x0, x0, #0x1000\n"
"	add	x11, x11, #1\n"
"	cmp	x11, x1\n"
"	b.ne	2b\n"
"	hvc	#0\n"
"	b	.\n"
"nested_l2_end:\n"
"	.popsection\n");

/* hidden: addressed PC-relative, not through GOT entries a linker may merge */
extern const uint8_t nested_el2[], nested_el2_end[], nested_l2[], nested_l2_end[]
	__attribute__((visibility("hidden")));

static uint64_t nested_vttbr(const struct vm *vm)
{
	return NESTED_VMID << 48 | (vm->mem_gpa + NESTED_TABLE_OFF);
}

static int gic_attr(struct vm *vm, uint32_t group, uint64_t attr, const uint64_t *val)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uintptr_t)val };

	if (ioctl(vm->gicfd, KVM_SET_DEVICE_ATTR, &a) == 0)
		return 0;
	fprintf(stderr, "vmm-helper: vGICv3 attribute %u/%llu: %s\n", group,
		(unsigned long long)attr, strerror(errno));
	return -1;
}

/*
 * --vgic: the ABI facts it needs beyond the vGICv3 (include/uapi/linux/kvm.h,
 * arch/arm64/include/uapi/asm/kvm.h), written here so that older installed
 * headers do not matter.
 */
#define HLP_DEV_TYPE_ARM_VGIC_ITS	8	/* enum kvm_device_type */
#define HLP_VGIC_ITS_ADDR_TYPE		4
#define HLP_DEV_ARM_VGIC_GRP_ADDR	0
#define HLP_DEV_ARM_VGIC_GRP_CTRL	4
#define HLP_DEV_ARM_VGIC_CTRL_INIT	0
#define HLP_ARM_IRQ_TYPE_SHIFT		24
#define HLP_ARM_IRQ_TYPE_SPI		1
#define GIC_ITS				0x08080000ULL	/* 128 KiB, between DIST and REDIST */
struct hlp_irq_level {
	uint32_t irq;
	uint32_t level;
};
_Static_assert(sizeof(struct hlp_irq_level) == 8, "struct kvm_irq_level is 8 bytes");
_Static_assert(sizeof(struct kvm_create_device) == 12, "struct kvm_create_device is 12 bytes");
_Static_assert(sizeof(struct kvm_device_attr) == 24, "struct kvm_device_attr is 24 bytes");
#define HLP_IRQ_LINE	_IOW(KVMIO, 0x61, struct hlp_irq_level)

static int dev_attr(int fd, const char *what, uint32_t group, uint64_t attr, const uint64_t *val)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uintptr_t)val };

	if (ioctl(fd, KVM_SET_DEVICE_ATTR, &a) == 0)
		return 0;
	fprintf(stderr, "vmm-helper: %s attribute %u/%llu: %s\n", what, group,
		(unsigned long long)attr, strerror(errno));
	return -1;
}

/* --vgic: a vGICv3 with its distributor and redistributor, and an ITS at GIC_ITS. */
static int vgic_enable(struct vm *vm)
{
	struct kvm_create_device gic = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	struct kvm_create_device its = { .type = HLP_DEV_TYPE_ARM_VGIC_ITS };
	uint64_t dist = GIC_DIST, redist = GIC_REDIST, base = GIC_ITS;

	if (ioctl(vm->vmfd, KVM_CREATE_DEVICE, &gic) < 0) {
		fprintf(stderr, "vmm-helper: KVM_CREATE_DEVICE(vGICv3): %s\n", strerror(errno));
		return -1;
	}
	vm->gicfd = gic.fd;
	if (dev_attr(vm->gicfd, "vGICv3", HLP_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST,
		     &dist) ||
	    dev_attr(vm->gicfd, "vGICv3", HLP_DEV_ARM_VGIC_GRP_ADDR,
		     KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist))
		return -1;
	if (ioctl(vm->vmfd, KVM_CREATE_DEVICE, &its) < 0) {
		fprintf(stderr, "vmm-helper: KVM_CREATE_DEVICE(ITS): %s\n", strerror(errno));
		return -1;
	}
	vm->itsfd = its.fd;
	/* KVM names the ITS's debugfs file after this base */
	return dev_attr(vm->itsfd, "ITS", HLP_DEV_ARM_VGIC_GRP_ADDR, HLP_VGIC_ITS_ADDR_TYPE, &base);
}

/* After the vCPU exists, before the first run: both devices ready, the SPI raised. */
static int vgic_init(struct vm *vm, const struct opts *o)
{
	struct hlp_irq_level irq = {
		.irq = HLP_ARM_IRQ_TYPE_SPI << HLP_ARM_IRQ_TYPE_SHIFT | o->irq_line, .level = 1 };

	if (dev_attr(vm->gicfd, "vGICv3", HLP_DEV_ARM_VGIC_GRP_CTRL, HLP_DEV_ARM_VGIC_CTRL_INIT,
		     NULL) ||
	    dev_attr(vm->itsfd, "ITS", HLP_DEV_ARM_VGIC_GRP_CTRL, HLP_DEV_ARM_VGIC_CTRL_INIT,
		     NULL))
		return -1;
	if (o->irq_line && ioctl(vm->vmfd, HLP_IRQ_LINE, &irq) < 0) {
		fprintf(stderr, "vmm-helper: KVM_IRQ_LINE(SPI %u): %s\n", o->irq_line,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* Nested virtualization needs the in-kernel GIC (its maintenance interrupt). */
static int nested_enable(struct vm *vm)
{
	struct kvm_create_device dev = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	uint64_t dist = GIC_DIST, redist = GIC_REDIST;

	if (ioctl(vm->vmfd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_EL2) <= 0) {
		fprintf(stderr, "vmm-helper: KVM_CAP_ARM_EL2 is 0: no nested virtualization "
			"(boot the host with kvm-arm.mode=nested on a CPU with FEAT_NV2)\n");
		return -1;
	}
	if (ioctl(vm->vmfd, KVM_CREATE_DEVICE, &dev) < 0) {
		fprintf(stderr, "vmm-helper: KVM_CREATE_DEVICE(vGICv3): %s\n", strerror(errno));
		return -1;
	}
	vm->gicfd = dev.fd;
	if (gic_attr(vm, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, &dist) ||
	    gic_attr(vm, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist))
		return -1;
	return 0;
}

static int nested_setup_vcpu(struct vm *vm, const struct opts *o)
{
	uint64_t mem = vm->mem_gpa;
	int ret = 0;

	memcpy(vm->mem, nested_el2, (size_t)(nested_el2_end - nested_el2));
	memcpy(vm->mem + NESTED_L2_OFF, nested_l2, (size_t)(nested_l2_end - nested_l2));
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.pc), mem);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[0]), NESTED_L2_IPA + NESTED_DATA_OFF);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[1]), o->pages);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[2]), NESTED_VTCR);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[3]), nested_vttbr(vm));
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[4]), NESTED_HCR);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[5]), NESTED_L2_IPA);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[6]), mem + NESTED_L2_OFF);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[7]), mem + NESTED_DATA_OFF);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[8]), mem + NESTED_TABLE_OFF);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[9]), mem + NESTED_RESULT_OFF);
	if (ret) {
		fprintf(stderr, "vmm-helper: KVM_SET_ONE_REG: %s\n", strerror(errno));
		return -1;
	}
	/* after the vCPUs exist, before the first run */
	return gic_attr(vm, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);
}

/* Print what the guest hypervisor programmed and how the L2 guest left. */
static int nested_report(const struct vm *vm, const struct opts *o)
{
	uint64_t r[3];
	char how[96] = "none";
	int good = !o->run;

	memcpy(r, vm->mem + NESTED_RESULT_OFF, sizeof(r));
	if (o->run && r[0] == 0x400 && r[1] >> 26 == ESR_EC_HVC64) {
		strcpy(how, "hvc");
		good = 1;
	} else if (o->run) {
		snprintf(how, sizeof(how), "vector:0x%llx,esr:0x%llx,elr:0x%llx",
			 (unsigned long long)r[0], (unsigned long long)r[1],
			 (unsigned long long)r[2]);
	}
	printf("nested vtcr=0x%llx vttbr=0x%llx hcr=0x%llx tables=0x%llx l2_code=0x%llx+0x1000 "
	       "l2_data=0x%llx+0x%lx l2_pages=%u l2_exit=%s\n",
	       NESTED_VTCR, (unsigned long long)nested_vttbr(vm), NESTED_HCR,
	       (unsigned long long)(vm->mem_gpa + NESTED_TABLE_OFF), NESTED_L2_IPA,
	       NESTED_L2_IPA + NESTED_DATA_OFF, o->pages * PAGE, o->pages, how);
	return good ? 0 : -1;
}

static int arch_vm_type(void)
{
	return 0;	/* default 40-bit IPA */
}

static int arch_enable(struct vm *vm, const struct opts *o)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_MTE };

	if (o->nested)
		return nested_enable(vm);
	if (o->vgic && vgic_enable(vm))
		return -1;
	if (!o->mte)
		return 0;
	if (ioctl(vm->vmfd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_MTE) <= 0) {
		fprintf(stderr, "vmm-helper: KVM_CAP_ARM_MTE not available\n");
		return -1;
	}
	if (ioctl(vm->vmfd, KVM_ENABLE_CAP, &cap) < 0) {
		fprintf(stderr, "vmm-helper: KVM_ENABLE_CAP(ARM_MTE): %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static int arch_setup_vcpu(struct vm *vm, const struct opts *o)
{
	struct kvm_vcpu_init init;
	uint64_t mair = o->mte ? 0xfff0 : 0xffff;	/* attr 0: Normal Tagged or Normal WB */
	int ret = 0;

	if (ioctl(vm->vmfd, KVM_ARM_PREFERRED_TARGET, &init) < 0) {
		fprintf(stderr, "vmm-helper: KVM_ARM_PREFERRED_TARGET: %s\n", strerror(errno));
		return -1;
	}
	init.features[0] |= 1U << KVM_ARM_VCPU_PSCI_0_2;
	if (o->nested)	/* the vCPU resets at EL2h */
		init.features[0] |= 1U << KVM_ARM_VCPU_HAS_EL2;
	if (ioctl(vm->vcpufd, KVM_ARM_VCPU_INIT, &init) < 0) {
		fprintf(stderr, "vmm-helper: KVM_ARM_VCPU_INIT: %s\n", strerror(errno));
		return -1;
	}
	if (o->nested)
		return nested_setup_vcpu(vm, o);
	memcpy(vm->mem + CODE_OFF, guest_code, sizeof(guest_code));
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.pc), vm->mem_gpa + CODE_OFF);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[0]), vm->mem_gpa + DATA_OFF);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[1]), o->pages);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[2]), o->ro_pages ? vm->ro_gpa : 0);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[3]), o->ro_pages);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[4]), o->mte);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[5]), vm->mem_gpa + TABLE_OFF);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[6]), mair);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[7]), o->log_pages ? vm->log_gpa : 0);
	ret |= set_reg(vm->vcpufd, CORE_REG(regs.regs[8]), o->log_pages);
	if (ret) {
		fprintf(stderr, "vmm-helper: KVM_SET_ONE_REG: %s\n", strerror(errno));
		return -1;
	}
	return o->vgic ? vgic_init(vm, o) : 0;
}

/* Returns 1 when the guest is done, 0 to run again, -1 on error. */
static int arch_handle_exit(struct vm *vm)
{
	struct kvm_run *run = vm->run;

	switch (run->exit_reason) {
	case KVM_EXIT_SYSTEM_EVENT:
		if (run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN) {
			vm->exit = "system_off";
			return 1;
		}
		fprintf(stderr, "vmm-helper: system event %u\n", run->system_event.type);
		return -1;
	case KVM_EXIT_MMIO:
		fprintf(stderr, "vmm-helper: unexpected MMIO %s at 0x%llx, pc 0x%llx\n",
			run->mmio.is_write ? "write" : "read",
			(unsigned long long)run->mmio.phys_addr,
			(unsigned long long)get_pc(vm->vcpufd));
		return -1;
	default:
		fprintf(stderr, "vmm-helper: unexpected exit %u, pc 0x%llx\n",
			run->exit_reason, (unsigned long long)get_pc(vm->vcpufd));
		return -1;
	}
}

/* Compare the tags the guest stored with the expected pattern. */
static long arch_check_tags(struct vm *vm, const struct opts *o)
{
	size_t len = (size_t)o->pages * PAGE;
	struct kvm_arm_copy_mte_tags copy = {
		.guest_ipa = vm->mem_gpa + DATA_OFF,
		.length = len,
		.flags = KVM_ARM_TAGS_FROM_GUEST,
	};
	uint8_t *tags;
	long bad = 0, ret;
	size_t i;

	tags = malloc(len / 16);
	if (!tags)
		return -1;
	copy.addr = tags;
	ret = ioctl(vm->vmfd, KVM_ARM_MTE_COPY_TAGS, &copy);
	if (ret != (long)len) {
		fprintf(stderr, "vmm-helper: KVM_ARM_MTE_COPY_TAGS returned %ld (%s)\n",
			ret, ret < 0 ? strerror(errno) : "short");
		bad = -1;
		goto out;
	}
	for (i = 0; i < len / 16; i++) {
		unsigned int want = ((i / 256) + (i % 256)) & 0xf;

		if ((tags[i] & 0xf) != want)
			bad++;
	}
out:
	free(tags);
	return bad;
}

#elif defined(__x86_64__)

#define ARCH_NAME	"x86_64"
#define HAS_VGIC	0
#define MEM_GPA		0x0ULL
#define CODE_OFF	0x0000
#define DATA_OFF	0x2000
#define REAL_MODE_TOP	0xa0000UL	/* conventional memory ends here */

/* Real mode.  In: bx segment of the first data page, cx pages. */
static const uint8_t guest_code[] = {
	0x89, 0xd8,				/*	mov	%bx, %ax	*/
	0x8e, 0xc0,				/* 1:	mov	%ax, %es	*/
	0x26, 0xa3, 0x00, 0x00,			/*	mov	%ax, %es:0	*/
	0x26, 0xc7, 0x06, 0x02, 0x00, 0x56, 0x4d, /*	movw	$0x4d56, %es:2	*/
	0x05, 0x00, 0x01,			/*	add	$0x100, %ax	*/
	0x49,					/*	dec	%cx		*/
	0x75, 0xed,				/*	jnz	1b		*/
	0xf4,					/*	hlt			*/
	0xeb, 0xfe,				/*	jmp	.		*/
};

static int arch_vm_type(void)
{
	return 0;
}

static int arch_enable(struct vm *vm, const struct opts *o)
{
	if (o->mte || o->log_pages || o->nested) {
		fprintf(stderr, "vmm-helper: %s is arm64 only\n",
			o->mte ? "--mte" : o->nested ? "--nested" : "--log-pages");
		return -1;
	}
	/* Needed by VMX for real mode; other implementations may refuse it. */
	ioctl(vm->vmfd, KVM_SET_TSS_ADDR, 0xfffbd000UL);
	return 0;
}

static int arch_setup_vcpu(struct vm *vm, const struct opts *o)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (DATA_OFF + (unsigned long)o->pages * PAGE > REAL_MODE_TOP) {
		fprintf(stderr, "vmm-helper: x86 real mode reaches at most %lu pages\n",
			(REAL_MODE_TOP - DATA_OFF) / PAGE);
		return -1;
	}
	memcpy(vm->mem + CODE_OFF, guest_code, sizeof(guest_code));
	if (ioctl(vm->vcpufd, KVM_GET_SREGS, &sregs) < 0)
		goto err;
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vm->vcpufd, KVM_SET_SREGS, &sregs) < 0)
		goto err;
	memset(&regs, 0, sizeof(regs));
	regs.rflags = 2;
	regs.rip = MEM_GPA + CODE_OFF;
	regs.rbx = (MEM_GPA + DATA_OFF) >> 4;
	regs.rcx = o->pages;
	if (ioctl(vm->vcpufd, KVM_SET_REGS, &regs) < 0)
		goto err;
	return 0;
err:
	fprintf(stderr, "vmm-helper: setting vCPU registers: %s\n", strerror(errno));
	return -1;
}

static int arch_handle_exit(struct vm *vm)
{
	struct kvm_run *run = vm->run;

	switch (run->exit_reason) {
	case KVM_EXIT_HLT:
		vm->exit = "hlt";
		return 1;
	case KVM_EXIT_IO:
	case KVM_EXIT_MMIO:
	default:
		fprintf(stderr, "vmm-helper: unexpected exit %u\n", run->exit_reason);
		return -1;
	}
}

static long arch_check_tags(struct vm *vm, const struct opts *o)
{
	(void)vm;
	(void)o;
	return 0;
}

static int nested_report(const struct vm *vm, const struct opts *o)
{
	(void)vm;
	(void)o;
	return 0;
}

static void arch_stuck(const struct vm *vm)
{
	struct kvm_regs regs;

	if (ioctl(vm->vcpufd, KVM_GET_REGS, &regs) == 0)
		fprintf(stderr, "vmm-helper: rip 0x%llx\n", (unsigned long long)regs.rip);
}

#else
#error "vmm-helper supports arm64 and x86_64"
#endif

#ifndef RO_GPA
#define RO_GPA		0x80000000ULL
#endif
#ifndef LOG_GPA
#define LOG_GPA		0xc0000000ULL
#endif

/* The 64-bit marker an arm64 guest stored at offset 8 of a page. */
static uint64_t marker_at(const uint8_t *pg)
{
	uint64_t v;

	memcpy(&v, pg + 8, sizeof(v));
	return v;
}

/* Check the markers the guest wrote; returns the number of bad pages. */
static unsigned int check_markers(const struct vm *vm, const struct opts *o)
{
	unsigned int p, bad = 0;

	if (o->nested) {	/* arm64 only: arch_enable() refuses it elsewhere */
		for (p = 0; p < o->pages; p++)
			if (marker_at(vm->mem + NESTED_DATA_OFF + (size_t)p * PAGE) !=
			    (MARKER | NESTED_MARKER | p))
				bad++;
		return bad;
	}
	for (p = 0; p < o->pages; p++) {
		const uint8_t *pg = vm->mem + DATA_OFF + (size_t)p * PAGE;
#if defined(__aarch64__)
		if (marker_at(pg) != (MARKER | p))
			bad++;
#else
		uint16_t v[2];

		memcpy(v, pg, sizeof(v));
		if (v[0] != (uint16_t)(((MEM_GPA + DATA_OFF) >> 4) + p * 0x100) || v[1] != 0x4d56)
			bad++;
#endif
	}
	/* the dirty-logged slot (arm64 only: arch_enable() refuses it elsewhere) */
	for (p = 0; p < o->log_pages; p++)
		if (marker_at(vm->log + (size_t)p * PAGE) != (MARKER | LOG_MARKER | p))
			bad++;
	return bad;
}

static volatile sig_atomic_t run_expired;

static void on_alarm(int sig)
{
	(void)sig;
	run_expired = 1;
}

/* The guests run a few thousand instructions: a minute means they are stuck. */
#define RUN_LIMIT_S	60

static int run_guest(struct vm *vm)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int ret;

	sigaction(SIGALRM, &sa, NULL);
	alarm(RUN_LIMIT_S);
	for (;;) {
		if (ioctl(vm->vcpufd, KVM_RUN, 0) < 0) {
			if (errno == EINTR && run_expired) {
				fprintf(stderr, "vmm-helper: the guest still runs after %d s\n",
					RUN_LIMIT_S);
				arch_stuck(vm);
				return -1;
			}
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "vmm-helper: KVM_RUN: %s\n", strerror(errno));
			return -1;
		}
		if (vm->run->exit_reason == KVM_EXIT_INTR)
			continue;
		ret = arch_handle_exit(vm);
		if (ret) {
			alarm(0);
			return ret < 0 ? -1 : 0;
		}
	}
}

/* --busy: the guest from reset again and again, until S seconds or a signal. */
static int busy(struct vm *vm, const struct opts *o)
{
	struct timespec t0, t;
	sigset_t set, pend;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if (arch_setup_vcpu(vm, o) || run_guest(vm))
			return -1;
		sigpending(&pend);
		for (int sig = 1; sig < 32; sig++)
			if (sigismember(&pend, sig))
				return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < o->busy);
	return 0;
}

static void hold(long seconds)
{
	struct timespec ts = { .tv_sec = seconds };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (seconds < 0)
		sigwaitinfo(&set, NULL);
	else if (seconds > 0)
		while (sigtimedwait(&set, NULL, &ts) < 0 && errno == EINTR)
			;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "pages", required_argument, NULL, 'p' },
		{ "mem-mb", required_argument, NULL, 'm' },
		{ "ro-pages", required_argument, NULL, 'r' },
		{ "log-pages", required_argument, NULL, 'l' },
		{ "mte", no_argument, NULL, 'M' },
		{ "hugetlb", no_argument, NULL, 'H' },
		{ "no-thp", no_argument, NULL, 'T' },
		{ "no-run", no_argument, NULL, 'n' },
		{ "nested", no_argument, NULL, 'N' },
		{ "hold", required_argument, NULL, 'h' },
		{ "runs", required_argument, NULL, 'R' },
		{ "busy", required_argument, NULL, 'B' },
		{ "vgic", no_argument, NULL, 'G' },
		{ "irq-line", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, '?' },
		{ 0 }
	};
	char *end;
	long v;
	int c;

	*o = (struct opts){ .mem = 4UL << 20, .pages = 16, .ro_pages = 4, .thp = 1, .run = 1,
			    .hold = -1, .runs = 1 };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'M' || c == 'H' || c == 'T' || c == 'n' || c == 'N' || c == 'G') {
			if (c == 'G')
				o->vgic = 1;
			else if (c == 'N')
				o->nested = 1;
			else if (c == 'M')
				o->mte = 1;
			else if (c == 'H')
				o->hugetlb = 1;
			else if (c == 'T')
				o->thp = 0;
			else
				o->run = 0;
			continue;
		}
		if (c == '?' || !optarg)
			return -1;
		errno = 0;
		v = strtol(optarg, &end, 0);
		if (errno || *end || v < 0 || v > 1L << 20)
			return -1;
		switch (c) {
		case 'p':
			o->pages = v;
			break;
		case 'm':
			o->mem = (unsigned long)v << 20;
			break;
		case 'r':
			o->ro_pages = v;
			break;
		case 'l':
			o->log_pages = v;
			break;
		case 'h':
			o->hold = v;
			break;
		case 'R':
			o->runs = v;
			break;
		case 'B':
			o->busy = v;
			break;
		case 'I':
			o->irq_line = (unsigned int)v;
			break;
		}
	}
	if (optind != argc || !o->pages || !o->mem || o->mem % SZ_2M || (o->hugetlb && !o->thp) ||
	    !o->runs)
		return -1;
	/* the vGIC's default 224 SPIs are 32..255 */
	if ((o->irq_line && (!o->vgic || o->irq_line < 32 || o->irq_line > 255)) ||
	    (o->vgic && (o->nested || !HAS_VGIC)))
		return -1;
	if (o->nested) {
		if (o->mte || o->log_pages || o->pages > NESTED_MAX_PAGES || o->runs > 1 || o->busy)
			return -1;
		o->ro_pages = 0;
	}
	if ((o->nested ? NESTED_DATA_OFF : DATA_OFF) + (unsigned long)o->pages * PAGE > o->mem) {
		fprintf(stderr, "vmm-helper: %u pages do not fit in %lu MiB\n",
			o->pages, o->mem >> 20);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct vm vm = { .kvm = -1, .vmfd = -1, .vcpufd = -1, .gicfd = -1, .itsfd = -1,
			 .exit = "none" };
	struct opts o;
	unsigned int bad_markers = 0;
	long bad_tags = 0;
	char tags[32] = "none";
	int mmap_size, ret = 2;

	if (parse_opts(argc, argv, &o))
		die_usage(argv[0]);
	setvbuf(stdout, NULL, _IOLBF, 0);

	vm.kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm.kvm < 0) {
		fprintf(stderr, "vmm-helper: /dev/kvm: %s\n", strerror(errno));
		goto out;
	}
	vm.vmfd = ioctl(vm.kvm, KVM_CREATE_VM, arch_vm_type());
	if (vm.vmfd < 0) {
		fprintf(stderr, "vmm-helper: KVM_CREATE_VM: %s\n", strerror(errno));
		goto out;
	}
	if (arch_enable(&vm, &o))
		goto out;

	vm.mem_gpa = MEM_GPA;
	vm.mem = map_aligned(o.mem, o.hugetlb, o.thp, &vm.mem_base, &vm.mem_map);
	if (!vm.mem) {
		fprintf(stderr, "vmm-helper: mmap: %s\n", strerror(errno));
		goto out;
	}
	if (set_slot(&vm, 0, 0, vm.mem_gpa, o.mem, vm.mem))
		goto out;

	if (o.ro_pages) {
		vm.ro_gpa = RO_GPA;
		vm.ro_size = (unsigned long)o.ro_pages * PAGE;
		vm.ro_map = vm.ro_size;
		vm.ro = mmap(NULL, vm.ro_map, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (vm.ro == MAP_FAILED) {
			vm.ro = NULL;
			fprintf(stderr, "vmm-helper: mmap: %s\n", strerror(errno));
			goto out;
		}
		memset(vm.ro, 0xa5, vm.ro_size);
		if (set_slot(&vm, 1, KVM_MEM_READONLY, vm.ro_gpa, vm.ro_size, vm.ro))
			goto out;
	}

	if (o.log_pages) {
		vm.log_gpa = LOG_GPA;
		vm.log_size = ((unsigned long)o.log_pages * 2 * PAGE + SZ_2M - 1) & ~(SZ_2M - 1);
		vm.log = map_aligned(vm.log_size, 0, 1, &vm.log_base, &vm.log_map);
		if (!vm.log) {
			fprintf(stderr, "vmm-helper: mmap: %s\n", strerror(errno));
			goto out;
		}
		if (set_slot(&vm, 2, KVM_MEM_LOG_DIRTY_PAGES, vm.log_gpa, vm.log_size, vm.log))
			goto out;
	}

	vm.vcpufd = ioctl(vm.vmfd, KVM_CREATE_VCPU, 0);
	if (vm.vcpufd < 0) {
		fprintf(stderr, "vmm-helper: KVM_CREATE_VCPU: %s\n", strerror(errno));
		goto out;
	}
	mmap_size = ioctl(vm.kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size <= 0)
		goto out;
	vm.run_size = mmap_size;
	vm.run = mmap(NULL, vm.run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vm.vcpufd, 0);
	if (vm.run == MAP_FAILED) {
		vm.run = NULL;
		fprintf(stderr, "vmm-helper: mmap kvm_run: %s\n", strerror(errno));
		goto out;
	}
	if (arch_setup_vcpu(&vm, &o))
		goto out;

	if (o.run) {
		/* --runs: each run after the first starts again from a vCPU reset */
		for (long r = 0; r < o.runs; r++)
			if ((r && arch_setup_vcpu(&vm, &o)) || run_guest(&vm))
				goto out;
		bad_markers = check_markers(&vm, &o);
		if (o.mte) {
			bad_tags = arch_check_tags(&vm, &o);
			if (bad_tags)
				snprintf(tags, sizeof(tags), "bad:%ld", bad_tags);
			else
				strcpy(tags, "ok");
		}
	}

	if (o.nested && nested_report(&vm, &o))
		bad_markers++;
	printf("vm pid=%d fd=%d debugfs=%d-%d arch=%s mem=0x%llx+0x%lx ro=0x%llx+0x%lx "
	       "pages=%u ro_pages=%u mte=%d tags=%s markers=%s exit=%s backing=%s "
	       "log=0x%llx+0x%lx log_pages=%u log_backing=%s\n",
	       getpid(), vm.vmfd, getpid(), vm.vmfd, ARCH_NAME,
	       (unsigned long long)vm.mem_gpa, o.mem,
	       (unsigned long long)vm.ro_gpa, vm.ro_size,
	       o.run ? o.pages : 0, o.ro_pages, o.mte, tags,
	       !o.run ? "none" : bad_markers ? "bad" : "ok", vm.exit, backing(vm.mem),
	       (unsigned long long)vm.log_gpa, vm.log_size, o.log_pages,
	       vm.log ? backing(vm.log) : "none");

	fflush(stdout);
	if (bad_markers || bad_tags) {
		ret = 3;
		goto out;
	}
	ret = 0;
	if (o.run && o.busy && busy(&vm, &o))
		goto out;
	hold(o.hold);
out:
	if (vm.run)
		munmap(vm.run, vm.run_size);
	if (vm.itsfd >= 0)
		close(vm.itsfd);
	if (vm.gicfd >= 0)
		close(vm.gicfd);
	if (vm.vcpufd >= 0)
		close(vm.vcpufd);
	if (vm.vmfd >= 0)
		close(vm.vmfd);
	if (vm.kvm >= 0)
		close(vm.kvm);
	if (vm.ro)
		munmap(vm.ro, vm.ro_map);
	if (vm.mem_base)
		munmap(vm.mem_base, vm.mem_map);
	if (vm.log_base)
		munmap(vm.log_base, vm.log_map);
	return ret;
}
