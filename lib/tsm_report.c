// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * configfs-tsm reports: an entry named vmmctl-PID-RANDOM, so that a run
 * killed before it removed its entry is recognised and cleaned up by the
 * next (the kernel refuses a new provider while entries exist).
 */
#include "tsm_report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ENTRY_PREFIX	"vmmctl-"

static int read_u64(struct vmm_sys *s, const char *path, uint64_t *v)
{
	char buf[32], *end;
	ssize_t n = vmm_sys_read_file(s, path, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n'))
		return vmm_sys_fail(s, EPROTO, "read", path);
	return 0;
}

/* Entries vmmctl-PID-* whose process is gone: removed. How many. */
static int reap_stale(struct vmm_sys *s)
{
	char **names, path[PATH_MAX], proc[32];
	int n = vmm_sys_list_dir(s, VMM_TSM_REPORT_DIR, &names), reaped = 0;

	if (n < 0) {
		vmm_sys_clear(s);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		long pid;
		char *end;

		if (strncmp(names[i], ENTRY_PREFIX, strlen(ENTRY_PREFIX)))
			continue;
		pid = strtol(names[i] + strlen(ENTRY_PREFIX), &end, 10);
		if (pid <= 0 || *end != '-')
			continue;
		snprintf(proc, sizeof(proc), "/proc/%ld", pid);
		if (!vmm_sys_access(s, proc, F_OK))
			continue;
		snprintf(path, sizeof(path), "%s/%s", VMM_TSM_REPORT_DIR, names[i]);
		if (!vmm_sys_rmdir(s, path))
			reaped++;
		vmm_sys_clear(s);
	}
	vmm_sys_free_names(names, n);
	return reaped;
}

/* A binary attribute if the provider shows it; *len 0 and *buf NULL when it does not. */
static int read_blob(struct vmm_sys *s, const char *dir, const char *attr, bool required,
		     uint8_t **buf, size_t *len)
{
	char path[PATH_MAX + 32];
	unsigned int mode;
	ssize_t n;

	*buf = NULL;
	*len = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	if (!required && vmm_sys_stat_mode(s, path, &mode)) {
		vmm_sys_clear(s);
		return 0;
	}
	n = vmm_sys_read_all(s, path, VMM_TSM_OUTBLOB_MAX, (char **)buf);
	if (n < 0)
		return (int)n;
	*len = (size_t)n;
	return 0;
}

/* One text attribute of the entry; -EOPNOTSUPP when the provider hides it. */
static int write_attr(struct vmm_sys *s, const char *dir, const char *attr, const char *val,
		      unsigned int *writes)
{
	char path[PATH_MAX + 32];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	ret = vmm_sys_write_file(s, path, val);
	if (ret == -ENOENT)
		return vmm_sys_fail(s, EOPNOTSUPP, "write", path);
	if (!ret)
		(*writes)++;
	return ret;
}

int vmm_tsm_report_get(struct vmm_sys *s, const struct vmm_tsm_req *rq, struct vmm_tsm_report *r)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], val[32];
	uint32_t rnd;
	int ret, rm;

	memset(r, 0, sizeof(*r));
	if (rq->inblob_len > VMM_TSM_INBLOB_MAX || !rq->inblob_len)
		return vmm_sys_fail(s, rq->inblob_len ? EFBIG : EINVAL, "write", "inblob");
	r->stale_removed = reap_stale(s);
	ret = vmm_sys_random(s, &rnd, sizeof(rnd));
	if (ret)
		return ret;
	snprintf(r->entry, sizeof(r->entry), ENTRY_PREFIX "%ld-%08" PRIx32, (long)getpid(), rnd);
	snprintf(dir, sizeof(dir), "%s/%s", VMM_TSM_REPORT_DIR, r->entry);
	ret = vmm_sys_mkdir(s, dir);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/provider", dir);
	ret = (int)vmm_sys_read_file(s, path, r->provider, sizeof(r->provider));
	if (ret < 0)
		goto out;
	r->provider[strcspn(r->provider, "\n")] = 0;
	snprintf(path, sizeof(path), "%s/generation", dir);
	ret = read_u64(s, path, &r->gen_before);
	if (ret)
		goto out;
	snprintf(val, sizeof(val), "%d", rq->privlevel);
	ret = rq->privlevel >= 0 ? write_attr(s, dir, "privlevel", val, &r->writes) : 0;
	if (!ret && rq->service_provider)
		ret = write_attr(s, dir, "service_provider", rq->service_provider, &r->writes);
	if (ret)
		goto out;
	snprintf(path, sizeof(path), "%s/inblob", dir);
	ret = vmm_sys_write_bin(s, path, rq->inblob, rq->inblob_len);
	if (ret)
		goto out;
	r->writes++;
	ret = read_blob(s, dir, "outblob", true, &r->outblob, &r->outblob_len);
	if (!ret)
		ret = read_blob(s, dir, "auxblob", false, &r->auxblob, &r->auxblob_len);
	if (!ret)
		ret = read_blob(s, dir, "manifestblob", false, &r->manifestblob,
				&r->manifestblob_len);
	if (ret)
		goto out;
	snprintf(path, sizeof(path), "%s/generation", dir);
	ret = read_u64(s, path, &r->gen_after);
	if (!ret && r->gen_after != r->gen_before + r->writes)
		ret = vmm_sys_fail(s, EAGAIN, "read", path);
out:
	rm = vmm_sys_rmdir(s, dir);
	if (!ret && rm)
		ret = rm;
	if (ret)
		vmm_tsm_report_free(r);
	return ret;
}

void vmm_tsm_report_free(struct vmm_tsm_report *r)
{
	free(r->outblob);
	free(r->auxblob);
	free(r->manifestblob);
	r->outblob = r->auxblob = r->manifestblob = NULL;
}

bool vmm_tsm_reports_present(struct vmm_sys *s)
{
	unsigned int mode;
	bool ok = !vmm_sys_stat_mode(s, VMM_TSM_REPORT_DIR, &mode);

	vmm_sys_clear(s);
	return ok;
}

#define MISC_DIR	"/sys/class/misc"

static size_t hash_size(const char *h)
{
	return !strcmp(h, "sha256") ? 32 : !strcmp(h, "sha384") ? 48 : !strcmp(h, "sha512") ? 64 :
	       !strcmp(h, "sha1") ? 20 : 0;
}

void vmm_tsm_mr_path(const struct vmm_tsm_mr *m, char *buf, size_t len)
{
	snprintf(buf, len, MISC_DIR "/%s/measurements/%s", m->provider, m->file);
}

int vmm_tsm_mr_list(struct vmm_sys *s, struct vmm_tsm_mr *mrs, int max, int *n)
{
	char **devs, **files, dir[PATH_MAX];
	int nd = vmm_sys_list_dir(s, MISC_DIR, &devs), nf;

	*n = 0;
	if (nd < 0)
		return nd;
	for (int i = 0; i < nd; i++) {
		snprintf(dir, sizeof(dir), MISC_DIR "/%s/measurements", devs[i]);
		nf = vmm_sys_list_dir(s, dir, &files);
		if (nf < 0) {
			vmm_sys_clear(s);
			continue;
		}
		for (int j = 0; j < nf && *n < max; j++) {
			struct vmm_tsm_mr *m = &mrs[(*n)++];
			char path[PATH_MAX], *colon;
			unsigned int mode = 0;
			uint8_t v[64];
			size_t len = sizeof(v);

			memset(m, 0, sizeof(*m));
			snprintf(m->provider, sizeof(m->provider), "%s", devs[i]);
			snprintf(m->file, sizeof(m->file), "%s", files[j]);
			snprintf(m->name, sizeof(m->name), "%s", files[j]);
			colon = strchr(m->name, ':');
			if (colon) {
				*colon = 0;
				snprintf(m->hash, sizeof(m->hash), "%s", colon + 1);
			}
			vmm_tsm_mr_path(m, path, sizeof(path));
			if (!vmm_sys_stat_mode(s, path, &mode)) {
				m->readable = mode & 0444;
				m->writable = mode & 0222;
			}
			m->size = hash_size(m->hash);
			if (m->readable && !vmm_tsm_mr_read(s, m, v, &len))
				m->size = len;
			vmm_sys_clear(s);
		}
		vmm_sys_free_names(files, nf);
	}
	vmm_sys_free_names(devs, nd);
	return 0;
}

int vmm_tsm_mr_read(struct vmm_sys *s, const struct vmm_tsm_mr *m, uint8_t *val, size_t *len)
{
	char path[PATH_MAX];
	char *buf;
	ssize_t n;

	vmm_tsm_mr_path(m, path, sizeof(path));
	n = vmm_sys_read_all(s, path, 64, &buf);
	if (n < 0)
		return (int)n;
	memcpy(val, buf, (size_t)n);
	*len = (size_t)n;
	free(buf);
	return 0;
}

int vmm_tsm_mr_write(struct vmm_sys *s, const struct vmm_tsm_mr *m, const uint8_t *data)
{
	char path[PATH_MAX];

	vmm_tsm_mr_path(m, path, sizeof(path));
	return vmm_sys_write_bin(s, path, data, m->size);
}
