// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A snapshot's tree in memory, and its form as a file: a POSIX ustar
 * archive (IEEE 1003.1-1988 headers, so plain tar reads it) compressed by
 * zlib as gzip. Everything happens in memory: a snapshot is small, and the
 * reader checks a member before anything of it reaches the disk.
 */
#include "snap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- the tree ------------------------------------------------------------- */

void vmm_snap_tree_free(struct vmm_snap_tree *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->e[i].path);
		free(t->e[i].data);
	}
	for (int i = 0; i < t->nr; i++) {
		free(t->r[i].path);
		free(t->r[i].reason);
	}
	free(t->e);
	free(t->r);
	free(t->idx);
	memset(t, 0, sizeof(*t));
}

static unsigned int hash(const char *p)
{
	unsigned int h = 2166136261u;	/* FNV-1a */

	while (*p)
		h = (h ^ (unsigned char)*p++) * 16777619u;
	return h;
}

const struct vmm_snap_ent *vmm_snap_tree_find(const struct vmm_snap_tree *t, const char *path)
{
	if (!t->icap)
		return NULL;
	for (unsigned int h = hash(path) & (unsigned int)(t->icap - 1);; h = (h + 1) &
	     (unsigned int)(t->icap - 1)) {
		int i = t->idx[h];

		if (!i)
			return NULL;
		if (!strcmp(t->e[i - 1].path, path))
			return &t->e[i - 1];
	}
}

static void index_put(struct vmm_snap_tree *t, int i)
{
	unsigned int h = hash(t->e[i].path) & (unsigned int)(t->icap - 1);

	while (t->idx[h])
		h = (h + 1) & (unsigned int)(t->icap - 1);
	t->idx[h] = i + 1;
}

/* The index stays at most half full. */
static int index_grow(struct vmm_snap_tree *t)
{
	int cap = t->icap ? t->icap * 2 : 512;
	int *idx;

	if ((t->n + 1) * 2 <= t->icap)
		return 0;
	idx = calloc((size_t)cap, sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	free(t->idx);
	t->idx = idx;
	t->icap = cap;
	for (int i = 0; i < t->n; i++)
		index_put(t, i);
	return 0;
}

/* Room for one more of n elements of size bytes in *v (capacity *cap, doubled). */
static int grow(void **v, int *cap, int n, size_t size)
{
	int c = *cap ? *cap * 2 : 64;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, (size_t)c * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

static int add_one(struct vmm_snap_tree *t, const char *path, enum vmm_snap_type type,
		   const void *data, size_t len)
{
	struct vmm_snap_ent *e;

	if (index_grow(t) || grow((void **)&t->e, &t->cap, t->n, sizeof(*t->e)))
		return -ENOMEM;
	e = &t->e[t->n];
	e->path = strdup(path);
	e->data = malloc(len + 1);
	if (!e->path || !e->data) {
		free(e->path);
		free(e->data);
		return -ENOMEM;
	}
	if (len)
		memcpy(e->data, data, len);
	e->data[len] = '\0';
	e->len = len;
	e->type = type;
	e->mode = type == VMM_SNAP_FILE ? 0644 : type == VMM_SNAP_DIR ? 0755 : 0777;
	index_put(t, t->n++);
	if (type == VMM_SNAP_FILE)
		t->bytes += len;
	return 0;
}

int vmm_snap_tree_add(struct vmm_snap_tree *t, const char *path, enum vmm_snap_type type,
		      const void *data, size_t len)
{
	char dir[PATH_MAX];
	const struct vmm_snap_ent *old;
	int ret;

	old = vmm_snap_tree_find(t, path);
	if (old)
		return old->type == type && type == VMM_SNAP_DIR ? 0 : -EEXIST;
	/* parents first: a reader (and tar) sees every directory before its entries */
	for (const char *sl = strchr(path, '/'); sl; sl = strchr(sl + 1, '/')) {
		if ((size_t)(sl - path) >= sizeof(dir))
			return -ENAMETOOLONG;
		memcpy(dir, path, (size_t)(sl - path));
		dir[sl - path] = '\0';
		old = vmm_snap_tree_find(t, dir);
		if (old && old->type != VMM_SNAP_DIR)
			return -ENOTDIR;
		if (!old && (ret = add_one(t, dir, VMM_SNAP_DIR, "", 0)))
			return ret;
	}
	return add_one(t, path, type, data, len);
}

int vmm_snap_tree_refuse(struct vmm_snap_tree *t, const char *path, const char *reason)
{
	struct vmm_snap_refused *r;

	if (grow((void **)&t->r, &t->rcap, t->nr, sizeof(*t->r)))
		return -ENOMEM;
	r = &t->r[t->nr];
	r->path = strdup(path);
	r->reason = strdup(reason);
	if (!r->path || !r->reason) {
		free(r->path);
		free(r->reason);
		return -ENOMEM;
	}
	t->nr++;
	return 0;
}

/* ---- ustar ---------------------------------------------------------------- */

/* The header fields this file uses, by offset and size (POSIX ustar). */
enum {
	H_NAME = 0, H_MODE = 100, H_UID = 108, H_GID = 116, H_SIZE = 124, H_MTIME = 136,
	H_CHKSUM = 148, H_TYPE = 156, H_LINK = 157, H_MAGIC = 257, H_VERSION = 263,
	H_PREFIX = 345, BLOCK = 512,
};

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static int buf_grow(struct buf *b, size_t more)
{
	unsigned char *p;
	size_t cap = b->cap ? b->cap : 65536;

	while (cap - b->len < more)
		cap *= 2;
	if (cap == b->cap)
		return 0;
	p = realloc(b->p, cap);
	if (!p)
		return -ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

/* size - 1 octal digits and a NUL (callers keep v in range) */
static void octal(unsigned char *h, size_t size, uint64_t v)
{
	h[size - 1] = '\0';
	for (size_t i = size - 1; i-- > 0; v >>= 3)
		h[i] = (unsigned char)('0' + (v & 7));
}

/* ustar splits a long name at a '/' into prefix (155) and name (100). */
static int split_name(const char *path, unsigned char *h)
{
	size_t len = strlen(path);
	const char *cut;

	if (len <= 100) {
		memcpy(h + H_NAME, path, len);
		return 0;
	}
	for (cut = path + len - 1; cut > path; cut--) {
		if (*cut != '/')
			continue;
		if ((size_t)(cut - path) <= 155 && len - (size_t)(cut - path) - 1 <= 100 &&
		    cut[1]) {
			memcpy(h + H_PREFIX, path, (size_t)(cut - path));
			memcpy(h + H_NAME, cut + 1, len - (size_t)(cut - path) - 1);
			return 0;
		}
	}
	return -ENAMETOOLONG;
}

static int put_member(struct buf *b, const struct vmm_snap_ent *e, int64_t mtime)
{
	size_t size = e->type == VMM_SNAP_FILE ? e->len : 0;
	size_t pad = (BLOCK - size % BLOCK) % BLOCK;
	unsigned char *h;
	unsigned int sum = 0;
	int ret;

	if (e->type == VMM_SNAP_LINK && e->len > 100)
		return -ENAMETOOLONG;
	ret = buf_grow(b, BLOCK + size + pad);
	if (ret)
		return ret;
	h = b->p + b->len;
	memset(h, 0, BLOCK);
	ret = split_name(e->path, h);
	if (ret)
		return ret;
	octal(h + H_MODE, 8, e->mode & 0777);
	octal(h + H_UID, 8, 0);
	octal(h + H_GID, 8, 0);
	octal(h + H_SIZE, 12, size);
	octal(h + H_MTIME, 12, mtime > 0 ? (uint64_t)mtime : 0);
	h[H_TYPE] = e->type == VMM_SNAP_DIR ? '5' : e->type == VMM_SNAP_LINK ? '2' : '0';
	if (e->type == VMM_SNAP_LINK)
		memcpy(h + H_LINK, e->data, e->len);
	memcpy(h + H_MAGIC, "ustar", 6);
	memcpy(h + H_VERSION, "00", 2);
	memset(h + H_CHKSUM, ' ', 8);
	for (int i = 0; i < BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + H_CHKSUM, 8, "%06o", sum);
	b->len += BLOCK;
	if (size) {
		memcpy(b->p + b->len, e->data, size);
		memset(b->p + b->len + size, 0, pad);
		b->len += size + pad;
	}
	return 0;
}

static int gzip(const struct buf *in, unsigned char **out, size_t *len)
{
	z_stream z = { 0 };
	struct buf o = { 0 };
	int ret;

	/* 15 window bits + 16: a gzip wrapper, what tar -z and gzip -d read */
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	ret = buf_grow(&o, deflateBound(&z, in->len));
	if (ret)
		goto out;
	z.next_in = in->p;
	z.avail_in = (uInt)in->len;
	z.next_out = o.p;
	z.avail_out = (uInt)o.cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		ret = -EIO;
		goto out;
	}
	*out = o.p;
	*len = z.total_out;
	o.p = NULL;
out:
	deflateEnd(&z);
	free(o.p);
	return ret;
}

int vmm_snap_tar_pack(const struct vmm_snap_tree *t, int64_t mtime, unsigned char **out,
		      size_t *len)
{
	struct buf b = { 0 };
	int ret = 0;

	*out = NULL;
	*len = 0;
	for (int i = 0; i < t->n && !ret; i++)
		ret = put_member(&b, &t->e[i], mtime);
	/* the end of an archive: two zero blocks */
	if (!ret && !(ret = buf_grow(&b, 2 * BLOCK))) {
		memset(b.p + b.len, 0, 2 * BLOCK);
		b.len += 2 * BLOCK;
	}
	if (!ret)
		ret = gzip(&b, out, len);
	free(b.p);
	return ret;
}

/* ---- reading back ---------------------------------------------------------- */

static int gunzip(const void *in, size_t len, struct buf *o, char *why, size_t whylen)
{
	z_stream z = { 0 };
	int zr, ret = 0;

	if (len < 18 || ((const unsigned char *)in)[0] != 0x1f ||
	    ((const unsigned char *)in)[1] != 0x8b) {
		snprintf(why, whylen, "not a gzip file (no gzip magic)");
		return -EINVAL;
	}
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -ENOMEM;
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	do {
		ret = buf_grow(o, 65536);	/* doubling: a small snapshot stays small */
		if (ret)
			goto out;
		z.next_out = o->p + o->len;
		z.avail_out = (uInt)(o->cap - o->len);
		zr = inflate(&z, Z_NO_FLUSH);
		o->len = o->cap - z.avail_out;
		if (o->len > VMM_SNAP_TOTAL_MAX) {
			snprintf(why, whylen, "unpacks to more than %u MiB", VMM_SNAP_TOTAL_MAX >> 20);
			ret = -EINVAL;
			goto out;
		}
	} while (zr == Z_OK);
	if (zr == Z_BUF_ERROR) {
		snprintf(why, whylen, "truncated gzip stream (it ends before its end marker)");
		ret = -EINVAL;
	} else if (zr != Z_STREAM_END) {
		snprintf(why, whylen, "corrupt gzip stream: %s", z.msg ? z.msg : "inflate failed");
		ret = -EINVAL;
	} else if (z.avail_in) {
		snprintf(why, whylen, "%u bytes after the gzip stream", z.avail_in);
		ret = -EINVAL;
	}
out:
	inflateEnd(&z);
	return ret;
}

static int parse_octal(const unsigned char *p, size_t size, uint64_t *v)
{
	size_t i = 0;

	*v = 0;
	while (i < size && p[i] == ' ')
		i++;
	if (i == size || p[i] < '0' || p[i] > '7')
		return -EINVAL;
	for (; i < size && p[i] >= '0' && p[i] <= '7'; i++) {
		if (*v >> 60)
			return -EINVAL;
		*v = *v * 8 + (uint64_t)(p[i] - '0');
	}
	for (; i < size; i++)
		if (p[i] != ' ' && p[i])
			return -EINVAL;
	return 0;
}

/* A field of at most size bytes, NUL-padded; -EINVAL for bytes that are not printable. */
static int field_str(const unsigned char *p, size_t size, char *out)
{
	size_t n = strnlen((const char *)p, size);

	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] >= 0x7f)
			return -EINVAL;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* Relative, no empty, "." or ".." components. */
static bool safe_name(const char *name)
{
	const char *c = name;

	if (!*name || *name == '/')
		return false;
	while (*c) {
		size_t n = strcspn(c, "/");

		if (!n || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
		if (*c == '/' && !*++c)
			return true;	/* "dir/": a trailing slash of a directory */
	}
	return true;
}

static int member(const unsigned char *h, char *name, char *link, char *type, uint64_t *size,
		  unsigned int *mode, char *why, size_t whylen)
{
	uint64_t m;

	char prefix[156], base[101];
	uint64_t sum, want = 0;
	size_t n;

	if (parse_octal(h + H_CHKSUM, 8, &sum)) {
		snprintf(why, whylen, "a header with an unreadable checksum");
		return -EINVAL;
	}
	for (int i = 0; i < BLOCK; i++)
		want += i >= H_CHKSUM && i < H_CHKSUM + 8 ? ' ' : h[i];
	if (sum != want) {
		snprintf(why, whylen, "a header whose checksum does not match (corrupt archive)");
		return -EINVAL;
	}
	if (field_str(h + H_PREFIX, 155, prefix) || field_str(h + H_NAME, 100, base) ||
	    field_str(h + H_LINK, 100, link)) {
		snprintf(why, whylen, "a member name with control or non-ASCII bytes");
		return -EINVAL;
	}
	snprintf(name, PATH_MAX, "%s%s%s", prefix, *prefix ? "/" : "", base);
	if (!safe_name(name)) {
		snprintf(why, whylen, "member '%s': an absolute name or one with '.' or '..' "
			 "components", name);
		return -EINVAL;
	}
	n = strlen(name);
	if (n > 1 && name[n - 1] == '/')
		name[n - 1] = '\0';
	*type = (char)h[H_TYPE];
	if (*type != '0' && *type != '\0' && *type != '2' && *type != '5') {
		snprintf(why, whylen, "member '%s': type '%c' (only files, directories and "
			 "symbolic links)", name, *type >= 0x20 && *type < 0x7f ? *type : '?');
		return -EINVAL;
	}
	if (parse_octal(h + H_MODE, 8, &m)) {
		snprintf(why, whylen, "member '%s': an unreadable mode", name);
		return -EINVAL;
	}
	/* a file's permission bits, always readable by us; nothing else */
	*mode = *type == '5' ? 0755 : *type == '2' ? 0777 : ((unsigned int)m & 0666) | 0400;
	if (parse_octal(h + H_SIZE, 12, size) || *size > VMM_SNAP_FILE_MAX) {
		snprintf(why, whylen, "member '%s': a bad size or one past %u MiB", name,
			 VMM_SNAP_FILE_MAX >> 20);
		return -EINVAL;
	}
	return 0;
}

static bool zero_block(const unsigned char *p)
{
	for (int i = 0; i < BLOCK; i++)
		if (p[i])
			return false;
	return true;
}

int vmm_snap_tar_read(const void *tar, size_t len, struct vmm_snap_tree *t, char *why,
		      size_t whylen)
{
	const unsigned char *p = tar;
	char name[PATH_MAX], link[101], type;
	unsigned int mode;
	size_t off = 0;
	uint64_t size;
	int ret = 0;

	while (!ret) {
		if (off + BLOCK > len) {
			snprintf(why, whylen, "truncated archive (no end-of-archive blocks)");
			return -EINVAL;
		}
		if (zero_block(p + off))
			break;
		ret = member(p + off, name, link, &type, &size, &mode, why, whylen);
		if (ret)
			break;
		off += BLOCK;
		if (type == '5' || type == '2')
			size = 0;	/* a size there carries no data we read */
		if (size > len - off) {
			snprintf(why, whylen, "member '%s' is truncated", name);
			return -EINVAL;
		}
		ret = vmm_snap_tree_add(t, name, type == '5' ? VMM_SNAP_DIR : type == '2' ?
					VMM_SNAP_LINK : VMM_SNAP_FILE,
					type == '2' ? link : (const char *)p + off,
					type == '2' ? strlen(link) : (size_t)size);
		if (ret == -EEXIST || ret == -ENOTDIR) {
			snprintf(why, whylen, "member '%s' appears twice or under a file", name);
			ret = -EINVAL;
		} else if (!ret && !strcmp(t->e[t->n - 1].path, name)) {
			/* a directory named again adds nothing: no entry to give a mode */
			t->e[t->n - 1].mode = mode;
		}
		off += (size + BLOCK - 1) / BLOCK * BLOCK;
	}
	return ret;
}

int vmm_snap_tar_unpack(const void *in, size_t len, struct vmm_snap_tree *t, char *why,
			size_t whylen)
{
	struct buf b = { 0 };
	int ret;

	ret = gunzip(in, len, &b, why, whylen);
	if (!ret)
		ret = vmm_snap_tar_read(b.p, b.len, t, why, whylen);
	free(b.p);
	return ret;
}
