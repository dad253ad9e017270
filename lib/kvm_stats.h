/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * KVM statistics from either source: the binary stats fd of a VM or vCPU
 * this process owns (KVM_GET_STATS_FD, spec B.8), or the text files of a
 * per-VM debugfs directory (lib/kvm_debugfs.h). Both end up as one array of
 * struct vmm_stat so the commands treat them alike.
 */
#ifndef VMM_LIB_KVM_STATS_H
#define VMM_LIB_KVM_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys.h"

#define VMM_STAT_NAME_MAX	64	/* KVM's names fit in 48 bytes */
/* Limits the parser accepts: far above what KVM produces, low enough to bound memory. */
#define VMM_KVM_STATS_MAX_NAME_SIZE	256
#define VMM_KVM_STATS_MAX_DESC		1024
#define VMM_KVM_STATS_MAX_VALUES	256	/* per descriptor (histogram buckets) */
#define VMM_KVM_STATS_MAX_FILE		(1u << 20)

struct vmm_stat {
	char name[VMM_STAT_NAME_MAX];
	uint8_t type;		/* VMM_KVM_STATS_CUMULATIVE, _INSTANT, _PEAK, _*_HIST */
	bool has_unit;		/* false for debugfs: unit, base, exponent unknown */
	uint8_t unit;		/* VMM_KVM_STATS_UNIT_* */
	uint8_t base;		/* 0 = powers of 10, 1 = powers of 2 */
	int16_t exponent;	/* value = raw * base^exponent */
	uint32_t bucket_size;	/* linear histograms */
	uint32_t nvalues;	/* 1, or the number of histogram buckets */
	uint64_t value;		/* the value, or the sum of the buckets */
	uint64_t *buckets;	/* nvalues entries when nvalues > 1, else NULL */
};

struct vmm_stats {
	char id[VMM_STAT_NAME_MAX];	/* binary: "kvm-<tid>"; debugfs: "" */
	int n;
	struct vmm_stat *v;
	/*
	 * debugfs: stat files that would not open (EPERM: a locked-down
	 * kernel opens only read-only debugfs files, so the 0644 counters go)
	 */
	int refused;
	int refused_err;		/* positive errno of the first refusal */
};

/*
 * Parses a whole binary stats file (header, id, descriptors, data) into
 * out. Pure: never touches the kernel. -EINVAL for anything malformed
 * (offsets or sizes outside buf, name_size 0 or above the limit, too many
 * descriptors, a name without its NUL), -ENOMEM. On error out is empty.
 */
int vmm_kvm_stats_parse(const void *buf, size_t len, struct vmm_stats *out);
/* KVM_GET_STATS_FD on a VM or vCPU fd this process created: the new fd or -errno. */
int vmm_kvm_stats_fd(struct vmm_sys *s, int fd);
/* Reads the stats file behind stats_fd from offset 0 to its end and parses it. */
int vmm_kvm_stats_read(struct vmm_sys *s, int stats_fd, struct vmm_stats *out);
/* Appends a copy of every stat of src to dst (a VM's and its vCPU's); -ENOMEM. */
int vmm_stats_append(struct vmm_stats *dst, const struct vmm_stats *src);
/* The stat called name, or NULL; hint is where to look first (same order). */
const struct vmm_stat *vmm_stats_find(const struct vmm_stats *st, const char *name, int hint);
void vmm_stats_free(struct vmm_stats *st);

/* "cumulative", "instant", "peak", "linear_hist", "log_hist", "unknown" */
const char *vmm_stat_type_name(unsigned int type);
/* "none", "bytes", "seconds", "cycles", "boolean", "unknown" */
const char *vmm_stat_unit_name(unsigned int unit);
/* Whether per-interval deltas mean something (counters and histograms). */
bool vmm_stat_is_counter(const struct vmm_stat *st);

#endif
