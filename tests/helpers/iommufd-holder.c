// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * iommufd-holder: a stand-in for another VMM's iommufd, for the --pid tests.
 * Opens /dev/iommu, allocates IOASes, sets huge-pages on the last one,
 * narrows the allowed IOVAs of the first, maps anonymous memory into it,
 * prints one line
 *
 *   iommufd pid=P fd=F ioas=1,2 iova=0x... length=N huge_pages=V allowed=0x...-0x...
 *
 * and holds everything until killed or --hold seconds pass. With --vfio
 * CDEV it also binds that VFIO device cdev to its iommufd and attaches it
 * to the last IOAS (the first one's allowed IOVAs could cover the device's
 * reserved regions), as a VMM does, and the line ends "dev=D hwpt=H".
 * With --dma as well, the device must be QEMU's edu (1234:11e8): two pages
 * are mapped at IOVA 0x100000 of that IOAS, the edu's DMA engine copies the
 * first into its buffer and back into the second, through the IOMMU, and
 * the line adds "edu_id=0x... dma=ok" (or dma=bad, dma=timeout).
 * Exit 77 when /dev/iommu does not open (the reason on stderr), 1 on any
 * other failure.  Self-contained (libc only; struct layouts from the
 * kernel's iommufd and VFIO uAPI).
 *
 *   iommufd-holder [--ioas N] [--map BYTES] [--huge-pages 0|1] [--hold S]
 *                  [--vfio CDEV [--dma]]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define IOMMU_IOAS_ALLOC	0x3b81
#define IOMMU_IOAS_ALLOW_IOVAS	0x3b82
#define IOMMU_IOAS_MAP		0x3b85
#define IOMMU_OPTION		0x3b87
#define VFIO_DEVICE_BIND_IOMMUFD	0x3b76
#define VFIO_DEVICE_ATTACH_IOMMUFD_PT	0x3b77
#define VFIO_DEVICE_GET_REGION_INFO	0x3b6c
#define REGION_BAR0		0
#define REGION_CONFIG		7

struct ioas_alloc { uint32_t size, flags, out_ioas_id; };
struct iova_range { uint64_t start, last; };
struct allow { uint32_t size, ioas_id, num_iovas, reserved; uint64_t allowed_iovas; };
struct map {
	uint32_t size, flags, ioas_id, reserved;
	uint64_t user_va, length, iova;
};
/* the fields up to out_devid and pt_id: what the kernel requires (argsz) */
struct vfio_bind { uint32_t argsz, flags; int32_t iommufd; uint32_t out_devid; };
struct vfio_attach { uint32_t argsz, flags, pt_id; };
struct vfio_region { uint32_t argsz, flags, index, cap_offset; uint64_t size, offset; };

static void die(const char *what)
{
	fprintf(stderr, "iommufd-holder: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* edu (QEMU docs/specs/edu.rst): registers in BAR0, a 4 KiB buffer at 0x40000 */
#define EDU_ID		0x00
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_CNT	0x90
#define EDU_DMA_CMD	0x98
#define EDU_BUF		0x40000ull
#define DMA_IOVA	0x100000ull	/* under the edu's 28-bit DMA mask */

static uint64_t region_offset(int dfd, uint32_t index)
{
	struct vfio_region r = { sizeof(r), 0, index, 0, 0, 0 };

	if (ioctl(dfd, VFIO_DEVICE_GET_REGION_INFO, &r))
		die("VFIO_DEVICE_GET_REGION_INFO");
	return r.offset;
}

static void put64(int dfd, uint64_t at, uint64_t v)
{
	if (pwrite(dfd, &v, 8, (off_t)at) != 8)
		die("edu register write");
}

/* one DMA of 4 KiB; 0 when the engine finished within a second */
static int edu_dma(int dfd, uint64_t bar, uint64_t src, uint64_t dst, uint64_t cmd)
{
	uint64_t v;

	put64(dfd, bar + EDU_DMA_SRC, src);
	put64(dfd, bar + EDU_DMA_DST, dst);
	put64(dfd, bar + EDU_DMA_CNT, 4096);
	put64(dfd, bar + EDU_DMA_CMD, cmd);
	for (int i = 0; i < 1000; i++) {
		if (pread(dfd, &v, 8, (off_t)(bar + EDU_DMA_CMD)) != 8)
			die("edu register read");
		if (!(v & 1))
			return 0;
		usleep(1000);
	}
	return -1;
}

/* RAM page 0 -> edu buffer -> RAM page 1, all through the IOMMU */
static const char *edu_roundtrip(int dfd, uint32_t *id)
{
	uint64_t bar = region_offset(dfd, REGION_BAR0), cfg = region_offset(dfd, REGION_CONFIG);
	uint16_t command;

	if (pread(dfd, id, 4, (off_t)(bar + EDU_ID)) != 4 ||
	    pread(dfd, &command, 2, (off_t)(cfg + 4)) != 2)
		die("edu read");
	command |= 0x6;		/* memory space, bus master */
	if (pwrite(dfd, &command, 2, (off_t)(cfg + 4)) != 2)
		die("PCI command write");
	if (edu_dma(dfd, bar, DMA_IOVA, EDU_BUF, 1) ||
	    edu_dma(dfd, bar, EDU_BUF, DMA_IOVA + 4096, 3))
		return "timeout";
	return NULL;
}
struct option {
	uint32_t size, option_id;
	uint16_t op, reserved;
	uint32_t object_id;
	uint64_t val64;
};

#define IOVA		0x1000000ull
#define ALLOW_LAST	0x7fffffffull

int main(int argc, char **argv)
{
	unsigned long nioas = 2, hold = 60, huge = 0;
	unsigned long long maplen = 65536;
	const char *vfio = NULL;
	int dma = 0;
	uint32_t ids[16];
	char list[200] = "", dev[96] = "";
	int fd;

	for (int i = 1; i < argc; i += 2) {
		if (!strcmp(argv[i], "--dma")) {
			dma = 1;
			i--;
		} else if (i + 1 >= argc) {
			fprintf(stderr, "iommufd-holder: %s needs a value\n", argv[i]);
			return 2;
		} else if (!strcmp(argv[i], "--ioas"))
			nioas = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--map"))
			maplen = strtoull(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--huge-pages"))
			huge = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--hold"))
			hold = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--vfio"))
			vfio = argv[i + 1];
		else {
			fprintf(stderr, "iommufd-holder: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (nioas < 1 || nioas > 16 || !maplen || (dma && !vfio)) {
		fprintf(stderr, "iommufd-holder: --ioas 1..16, --map > 0, --dma with --vfio\n");
		return 2;
	}
	fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "iommufd-holder: /dev/iommu: %s\n", strerror(errno));
		return 77;
	}
	for (unsigned long i = 0; i < nioas; i++) {
		struct ioas_alloc a = { sizeof(a), 0, 0 };

		if (ioctl(fd, IOMMU_IOAS_ALLOC, &a))
			die("IOMMU_IOAS_ALLOC");
		ids[i] = a.out_ioas_id;
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%u", i ? "," : "",
			 ids[i]);
	}
	{
		struct option o = { sizeof(o), 1, 0, 0, ids[nioas - 1], huge };

		if (ioctl(fd, IOMMU_OPTION, &o))
			die("IOMMU_OPTION huge-pages");
	}
	{
		struct iova_range r = { IOVA, ALLOW_LAST };
		struct allow al = { sizeof(al), ids[0], 1, 0, (uintptr_t)&r };

		if (ioctl(fd, IOMMU_IOAS_ALLOW_IOVAS, &al))
			die("IOMMU_IOAS_ALLOW_IOVAS");
	}
	{
		void *mem = mmap(NULL, maplen, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		struct map m = { sizeof(m), 7, ids[0], 0, (uintptr_t)mem, maplen, IOVA };

		if (mem == MAP_FAILED)
			die("mmap");
		memset(mem, 0x5a, maplen);
		if (ioctl(fd, IOMMU_IOAS_MAP, &m))
			die("IOMMU_IOAS_MAP");
	}
	if (vfio) {
		int dfd = open(vfio, O_RDWR | O_CLOEXEC);
		struct vfio_bind b = { sizeof(b), 0, fd, 0 };
		struct vfio_attach at = { sizeof(at), 0, ids[nioas - 1] };

		unsigned char *buf = NULL;
		const char *res = NULL;
		uint32_t id = 0;

		if (dfd < 0)
			die(vfio);
		if (ioctl(dfd, VFIO_DEVICE_BIND_IOMMUFD, &b))
			die("VFIO_DEVICE_BIND_IOMMUFD");
		if (dma) {
			struct map m = { sizeof(m), 7, ids[nioas - 1], 0, 0, 8192, DMA_IOVA };

			buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				   -1, 0);
			if (buf == MAP_FAILED)
				die("mmap");
			for (int i = 0; i < 4096; i++)
				buf[i] = (unsigned char)(i * 7 + 3);
			m.user_va = (uintptr_t)buf;
			if (ioctl(fd, IOMMU_IOAS_MAP, &m))
				die("IOMMU_IOAS_MAP for the DMA");
		}
		if (ioctl(dfd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at))
			die("VFIO_DEVICE_ATTACH_IOMMUFD_PT");
		if (dma) {
			res = edu_roundtrip(dfd, &id);
			if (!res)
				res = memcmp(buf, buf + 4096, 4096) ? "bad" : "ok";
		}
		snprintf(dev, sizeof(dev), " dev=%u hwpt=%u", b.out_devid, at.pt_id);
		if (res)
			snprintf(dev + strlen(dev), sizeof(dev) - strlen(dev),
				 " edu_id=0x%08x dma=%s", id, res);
	}
	printf("iommufd pid=%d fd=%d ioas=%s iova=0x%llx length=%llu huge_pages=%lu "
	       "allowed=0x%llx-0x%llx%s\n", getpid(), fd, list, IOVA, maplen, huge, IOVA,
	       ALLOW_LAST, dev);
	fflush(stdout);
	while (hold) {
		unsigned long s = hold > 1 ? 1 : hold;

		sleep((unsigned int)s);
		hold -= s;
	}
	return 0;
}
