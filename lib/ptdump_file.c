// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A stage-2 dump file parsed in two parts at once. The text is line
 * oriented and every range line stands alone, so the second part can start
 * at any range line after the first: its parser only needs to know that
 * the dump has begun. What crosses the seam (the order of the two ranges
 * around it, line numbers, runs of mapped ranges) is put together after
 * both parts are done. Each part reads through its own bounded buffer, so
 * memory does not grow with the file.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptdump.h"
#include "sys.h"

#define CHUNK		(256u << 10)
#define PROBE		4096u
/* a range line is at least this long as the kernel prints it: room reserved
 * for a part's array is address space, touched only as far as it is used */
#define LINE_MIN	48u

struct part {
	struct vmm_sys *sys;
	int fd;
	uint64_t off, end;
	const char *path;
	bool last;		/* the text ends here: a last line may lack its newline */
	struct vmm_s2_dump *d;
	int ret;
};

static int parse_part(struct part *p)
{
	size_t chunk = p->end - p->off < CHUNK ? (size_t)(p->end - p->off) + 1 : CHUNK;
	char *buf = malloc(chunk);
	uint64_t off = p->off;
	int ret = 0;

	if (!buf || (!p->d->sink && vmm_s2_reserve(p->d, (p->end - p->off) / LINE_MIN + 1024))) {
		free(buf);
		return -ENOMEM;
	}
	while (off < p->end) {
		size_t want = p->end - off < chunk ? (size_t)(p->end - off) : chunk;
		ssize_t n = vmm_sys_pread(p->sys, p->fd, buf, want, (off_t)off, p->path);

		if (n < 0) {
			ret = (int)n;
			goto out;
		}
		if (!n)
			break;	/* the file shrank under us: parse what there was */
		ret = vmm_s2_feed(p->d, buf, (size_t)n);
		if (ret)
			goto out;
		off += (uint64_t)n;
	}
	if (p->last)
		ret = vmm_s2_finish(p->d);
out:
	free(buf);
	return ret;
}

static void *part_thread(void *arg)
{
	struct part *p = arg;

	p->ret = parse_part(p);
	return NULL;
}

/*
 * Where the second part may start: just after the newline that follows the
 * middle, when the next line is a range line and a range line came
 * before it. 0 when the file cannot be split there.
 */
static uint64_t split_point(struct vmm_sys *s, int fd, uint64_t size, const char *path)
{
	char buf[PROBE];
	uint64_t mid = size / 2;
	const char *nl;
	ssize_t n;

	/* the first range line: headers are a few lines at the start */
	n = vmm_sys_pread(s, fd, buf, sizeof(buf), 0, path);
	if (n <= 0)
		goto none;
	if (buf[0] != '0') {
		nl = memmem(buf, (size_t)n, "\n0", 2);
		if (!nl || (uint64_t)(nl - buf) >= mid)
			goto none;
	}
	n = vmm_sys_pread(s, fd, buf, sizeof(buf), (off_t)mid, path);
	if (n <= 0)
		goto none;
	nl = memchr(buf, '\n', (size_t)n);
	if (!nl || nl + 1 >= buf + n || nl[1] != '0')
		goto none;
	return mid + (uint64_t)(nl - buf) + 1;
none:
	vmm_sys_clear(s);
	return 0;
}

/* b's error, with the line numbers of the whole file, or the seam's. */
static int join(struct vmm_s2_dump *a, struct vmm_s2_dump *b, int bret)
{
	uint64_t base = a->lines;

	if (bret == -EINVAL && b->err_line > 1)
		bret = 0;	/* reported after the seam's check */
	if (!bret && b->count && a->count && b->first_start < a->last_end) {
		a->err_line = base + 1;
		snprintf(a->err, sizeof(a->err), "%s",
			 "the range starts below the end of the line before");
		return -EINVAL;
	}
	if (b->err_line) {
		a->err_line = base + b->err_line;
		memcpy(a->err, b->err, sizeof(a->err));
		return -EINVAL;
	}
	if (bret)
		return bret;
	a->lines += b->lines;
	if (b->count) {
		if (!a->count)
			a->first_start = b->first_start;
		a->count += b->count;
		a->last_end = b->last_end;
		a->levels_seen |= b->levels_seen;
	}
	return 0;
}

int vmm_s2_parse_file(struct vmm_sys *s, int fd, uint64_t size, const char *path, int threads,
		      uint64_t split_min, struct vmm_s2_dump *a, struct vmm_s2_dump *b)
{
	struct part pa = { s, fd, 0, size, path, true, a, 0 };
	struct part pb = { NULL, fd, 0, size, path, true, b, 0 };
	struct vmm_sys *bsys = NULL;
	uint64_t split = 0;
	pthread_t t;
	int ret;

	if (threads > 1 && size >= (split_min ? split_min : VMM_S2_SPLIT_MIN))
		split = split_point(s, fd, size, path);
	if (split)
		bsys = malloc(sizeof(*bsys));
	if (!bsys)
		return parse_part(&pa);
	/* the second part records its errors in its own context */
	*bsys = *s;
	pa.end = split;
	pa.last = false;
	pb.sys = bsys;
	pb.off = split;
	b->began = true;
	if (pthread_create(&t, NULL, part_thread, &pb)) {
		free(bsys);
		b->began = false;
		pa.end = size;
		pa.last = true;
		return parse_part(&pa);
	}
	ret = parse_part(&pa);
	pthread_join(t, NULL);
	if (!ret)
		ret = join(a, b, pb.ret);
	if (ret && ret != -EINVAL && !pa.ret && pb.ret == ret)
		s->last = bsys->last;
	free(bsys);
	return ret;
}
