/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The guest side of configfs-tsm (drivers/virt/coco/guest/report.c): one
 * attestation report through an entry of our own under
 * /sys/kernel/config/tsm/report, and the TSM measurement registers of
 * every provider (/sys/class/misc/NAME/measurements, tsm-mr.c).
 */
#ifndef VMM_LIB_TSM_REPORT_H
#define VMM_LIB_TSM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sys.h"

#define VMM_TSM_REPORT_DIR	"/sys/kernel/config/tsm/report"
#define VMM_TSM_INBLOB_MAX	64
#define VMM_TSM_OUTBLOB_MAX	(16u << 20)

struct vmm_tsm_req {
	const uint8_t *inblob;
	size_t inblob_len;
	int privlevel;			/* -1: not written */
	const char *service_provider;	/* NULL: not written */
};

struct vmm_tsm_report {
	char entry[64];			/* our item's name, removed before return */
	char provider[64];
	uint64_t gen_before, gen_after;	/* generation around our writes */
	unsigned int writes;		/* how many of them */
	int stale_removed;		/* entries of vmmctl processes gone, removed first */
	uint8_t *outblob, *auxblob, *manifestblob;	/* NULL: the provider has none */
	size_t outblob_len, auxblob_len, manifestblob_len;
};

/*
 * Makes the entry, writes the request, reads the blobs, removes the entry
 * on every path. -EAGAIN when the generation moved by more than our own
 * writes (another writer in between: the blobs may not be ours); -errno
 * of the failing step otherwise (ENXIO: no provider).
 */
int vmm_tsm_report_get(struct vmm_sys *s, const struct vmm_tsm_req *rq, struct vmm_tsm_report *r);
void vmm_tsm_report_free(struct vmm_tsm_report *r);

#define VMM_TSM_MR_MAX	64
struct vmm_tsm_mr {
	char provider[64];		/* the misc device: tdx_guest, tsm_mr_sample */
	char file[64];			/* NAME or NAME:HASH */
	char name[64], hash[16];	/* hash: "" for a register without one */
	bool readable, writable;
	size_t size;			/* its digest size (0: unknown) */
};

/* Every register of every provider, sorted by provider then file. */
int vmm_tsm_mr_list(struct vmm_sys *s, struct vmm_tsm_mr *mrs, int max, int *n);
/* The register's sysfs path. */
void vmm_tsm_mr_path(const struct vmm_tsm_mr *m, char *buf, size_t len);
/* Its value (size bytes into val, at most 64). */
int vmm_tsm_mr_read(struct vmm_sys *s, const struct vmm_tsm_mr *m, uint8_t *val, size_t *len);
/* Writes data (size bytes): the provider extends the register with it. */
int vmm_tsm_mr_write(struct vmm_sys *s, const struct vmm_tsm_mr *m, const uint8_t *data);
/* Whether configfs-tsm's report directory exists; whether any provider has registers. */
bool vmm_tsm_reports_present(struct vmm_sys *s);

#endif
