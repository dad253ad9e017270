// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * KVM's binary stats file (spec B.8): a pure parser over a buffer, which the
 * unit tests and the fuzzer drive directly, and the reading of a stats fd
 * through lib/sys. The file comes from the kernel, but a parser of outside
 * bytes checks every offset and size against the buffer anyway.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_stats.h"
#include "uapi/kvm.h"

static const char *const type_names[] = {
	[VMM_KVM_STATS_CUMULATIVE] = "cumulative", [VMM_KVM_STATS_INSTANT] = "instant",
	[VMM_KVM_STATS_PEAK] = "peak", [VMM_KVM_STATS_LINEAR_HIST] = "linear_hist",
	[VMM_KVM_STATS_LOG_HIST] = "log_hist",
};

static const char *const unit_names[] = {
	[VMM_KVM_STATS_UNIT_NONE] = "none", [VMM_KVM_STATS_UNIT_BYTES] = "bytes",
	[VMM_KVM_STATS_UNIT_SECONDS] = "seconds", [VMM_KVM_STATS_UNIT_CYCLES] = "cycles",
	[VMM_KVM_STATS_UNIT_BOOLEAN] = "boolean",
};

const char *vmm_stat_type_name(unsigned int type)
{
	return type < sizeof(type_names) / sizeof(type_names[0]) ? type_names[type] : "unknown";
}

const char *vmm_stat_unit_name(unsigned int unit)
{
	return unit < sizeof(unit_names) / sizeof(unit_names[0]) ? unit_names[unit] : "unknown";
}

bool vmm_stat_is_counter(const struct vmm_stat *st)
{
	return st->type == VMM_KVM_STATS_CUMULATIVE || st->type == VMM_KVM_STATS_LINEAR_HIST ||
	       st->type == VMM_KVM_STATS_LOG_HIST;
}

void vmm_stats_free(struct vmm_stats *st)
{
	for (int i = 0; i < st->n; i++)
		free(st->v[i].buckets);
	free(st->v);
	memset(st, 0, sizeof(*st));
}

/* A NUL-terminated string of 1 to VMM_STAT_NAME_MAX - 1 bytes within field. */
static int name_copy(char *dst, const uint8_t *field, size_t field_len)
{
	const uint8_t *nul = memchr(field, '\0', field_len);
	size_t n;

	if (!nul)
		return -EINVAL;
	n = (size_t)(nul - field);
	if (!n || n >= VMM_STAT_NAME_MAX)
		return -EINVAL;
	memcpy(dst, field, n);
	dst[n] = '\0';
	return 0;
}

static int parse_desc(const uint8_t *b, size_t len, const struct vmm_kvm_stats_header *h,
		      uint32_t i, struct vmm_stat *st)
{
	uint64_t at = (uint64_t)h->desc_offset + (uint64_t)i * (sizeof(struct vmm_kvm_stats_desc) +
								h->name_size);
	struct vmm_kvm_stats_desc d;
	uint64_t data, v;

	memcpy(&d, b + at, sizeof(d));
	if (name_copy(st->name, b + at + sizeof(d), h->name_size))
		return -EINVAL;
	if (!d.size || d.size > VMM_KVM_STATS_MAX_VALUES)
		return -EINVAL;
	data = (uint64_t)h->data_offset + d.offset;
	if (data > len || (uint64_t)d.size * sizeof(uint64_t) > len - data)
		return -EINVAL;
	st->type = (uint8_t)VMM_KVM_STATS_TYPE(d.flags);
	st->unit = (uint8_t)VMM_KVM_STATS_UNIT(d.flags);
	st->base = (uint8_t)VMM_KVM_STATS_BASE(d.flags);
	st->has_unit = true;
	st->exponent = d.exponent;
	st->bucket_size = d.bucket_size;
	st->nvalues = d.size;
	if (d.size > 1) {
		st->buckets = calloc(d.size, sizeof(uint64_t));
		if (!st->buckets)
			return -ENOMEM;
	}
	/* the values need not be aligned in buf */
	for (uint32_t k = 0; k < d.size; k++) {
		memcpy(&v, b + data + k * sizeof(uint64_t), sizeof(v));
		st->value += v;
		if (st->buckets)
			st->buckets[k] = v;
	}
	return 0;
}

int vmm_kvm_stats_parse(const void *buf, size_t len, struct vmm_stats *out)
{
	const uint8_t *b = buf;
	struct vmm_kvm_stats_header h;
	uint64_t desc_len;
	int ret = -EINVAL;

	memset(out, 0, sizeof(*out));
	if (len < sizeof(h))
		return -EINVAL;
	memcpy(&h, b, sizeof(h));
	if (!h.name_size || h.name_size > VMM_KVM_STATS_MAX_NAME_SIZE ||
	    h.num_desc > VMM_KVM_STATS_MAX_DESC)
		return -EINVAL;
	if ((uint64_t)h.id_offset + h.name_size > len || h.data_offset > len)
		return -EINVAL;
	desc_len = sizeof(struct vmm_kvm_stats_desc) + h.name_size;
	if ((uint64_t)h.desc_offset + desc_len * h.num_desc > len)
		return -EINVAL;
	/* the id is informational: an empty or unterminated one is dropped, not fatal */
	if (name_copy(out->id, b + h.id_offset, h.name_size))
		out->id[0] = '\0';
	if (!h.num_desc)
		return 0;
	out->v = calloc(h.num_desc, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;
	out->n = (int)h.num_desc;
	for (uint32_t i = 0; i < h.num_desc; i++) {
		ret = parse_desc(b, len, &h, i, &out->v[i]);
		if (ret)
			goto fail;
	}
	return 0;
fail:
	vmm_stats_free(out);
	return ret;
}

int vmm_kvm_stats_fd(struct vmm_sys *s, int fd)
{
	return vmm_sys_ioctl_int(s, fd, VMM_KVM_GET_STATS_FD, "KVM_GET_STATS_FD", 0);
}

int vmm_kvm_stats_read(struct vmm_sys *s, int stats_fd, struct vmm_stats *out)
{
	size_t len = 0, cap = 4096;
	uint8_t *buf = malloc(cap), *tmp;
	ssize_t n;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!buf)
		return vmm_sys_record(s, ENOMEM, "read", "KVM stats", NULL);
	/* not seekable: pread from 0 until the kernel says end of file */
	for (;;) {
		if (len == cap) {
			if (cap >= VMM_KVM_STATS_MAX_FILE) {
				ret = vmm_sys_record(s, EFBIG, "pread", "KVM stats", NULL);
				goto out;
			}
			tmp = realloc(buf, cap * 2);
			if (!tmp) {
				ret = vmm_sys_record(s, ENOMEM, "read", "KVM stats", NULL);
				goto out;
			}
			buf = tmp;
			cap *= 2;
		}
		n = vmm_sys_pread(s, stats_fd, buf + len, cap - len, (off_t)len, "KVM stats");
		if (n < 0) {
			ret = (int)n;
			goto out;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	ret = vmm_kvm_stats_parse(buf, len, out);
	if (ret)
		vmm_sys_record(s, -ret, "parse", "KVM stats", NULL);
out:
	free(buf);
	return ret;
}

int vmm_stats_append(struct vmm_stats *dst, const struct vmm_stats *src)
{
	struct vmm_stat *v;

	if (!src->n)
		return 0;
	v = realloc(dst->v, (size_t)(dst->n + src->n) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	dst->v = v;
	for (int i = 0; i < src->n; i++) {
		struct vmm_stat *d = &dst->v[dst->n];

		*d = src->v[i];
		if (src->v[i].buckets) {
			d->buckets = malloc(d->nvalues * sizeof(uint64_t));
			if (!d->buckets)
				return -ENOMEM;
			memcpy(d->buckets, src->v[i].buckets, d->nvalues * sizeof(uint64_t));
		}
		dst->n++;
	}
	return 0;
}

const struct vmm_stat *vmm_stats_find(const struct vmm_stats *st, const char *name, int hint)
{
	if (hint >= 0 && hint < st->n && !strcmp(st->v[hint].name, name))
		return &st->v[hint];
	for (int i = 0; i < st->n; i++)
		if (!strcmp(st->v[i].name, name))
			return &st->v[i];
	return NULL;
}
