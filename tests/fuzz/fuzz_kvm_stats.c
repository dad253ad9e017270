// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the parsers of what vm list, show and stats read:
 * the input goes whole through the KVM binary stats parser, and, cut at its
 * first NUL, through the /proc maps, status, comm and mounts parsers, the fd link
 * classifier and the debugfs name and value parsers. Results must keep the
 * promises of lib/kvm_stats.h, lib/procfs.h and lib/kvm_debugfs.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kvm_debugfs.h"
#include "lib/kvm_stats.h"
#include "lib/procfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void stats(const uint8_t *data, size_t size)
{
	struct vmm_stats st;
	int ret = vmm_kvm_stats_parse(data, size, &st);

	check(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	if (ret) {
		check(st.n == 0 && !st.v);
		return;
	}
	check(st.n >= 0 && st.n <= VMM_KVM_STATS_MAX_DESC);
	check(strlen(st.id) < sizeof(st.id));
	for (int i = 0; i < st.n; i++) {
		const struct vmm_stat *s = &st.v[i];
		uint64_t sum = 0;
		size_t n = strlen(s->name);

		check(n > 0 && n < sizeof(s->name));
		check(s->nvalues >= 1 && s->nvalues <= VMM_KVM_STATS_MAX_VALUES);
		check(!!s->buckets == (s->nvalues > 1));
		for (uint32_t k = 0; s->buckets && k < s->nvalues; k++)
			sum += s->buckets[k];
		check(!s->buckets || sum == s->value);
		check(s->type <= 0xf && s->unit <= 0xf && s->base <= 0xf);
		check(*vmm_stat_type_name(s->type) && *vmm_stat_unit_name(s->unit));
	}
	vmm_stats_free(&st);
	check(st.n == 0 && !st.v);
}

static void maps(const char *text, const struct vmm_hugetlb_mounts *h)
{
	struct vmm_proc_mem *m;
	int n = vmm_proc_parse_maps(text, h, &m);

	check(n >= 0 || n == -ENOMEM);
	check(n > 0 || !m);
	for (int i = 0; i < n; i++) {
		check(m[i].kind < VMM_MEM__COUNT && m[i].mappings >= 1 && m[i].bytes > 0);
		check(strlen(m[i].name) < sizeof(m[i].name));
		if (m[i].kind == VMM_MEM_ANON)
			check(m[i].bytes / m[i].mappings >= VMM_PROC_ANON_MIN);
		/* sorted by kind, then name, and each pair once */
		if (i)
			check(m[i - 1].kind < m[i].kind ||
			      (m[i - 1].kind == m[i].kind && strcmp(m[i - 1].name, m[i].name) < 0));
	}
	free(m);
}

static void text(const char *s)
{
	struct vmm_hugetlb_mounts h;
	struct vmm_proc_status st;
	char back[32], comm[16];
	size_t n = strlen(s);
	int32_t tid, fd;
	uint64_t v;

	vmm_proc_parse_status(s, &st);
	check(strlen(st.name) < sizeof(st.name) && st.tgid >= 0 && st.uid >= -1);
	/* comm: the bytes less one trailing newline, cut to fit */
	vmm_proc_parse_comm(s, n, comm, sizeof(comm));
	check(strlen(comm) == (n && s[n - 1] == '\n' ? n - 1 : n) ||
	      strlen(comm) == sizeof(comm) - 1);
	check(!strncmp(comm, s, strlen(comm)));
	vmm_proc_parse_mounts(s, &h);
	check(h.n >= 0 && h.n <= VMM_HUGETLB_MOUNTS_MAX);
	for (int i = 0; i < h.n; i++)
		check(*h.path[i] && strlen(h.path[i]) < sizeof(h.path[i]));
	maps(s, NULL);
	maps(s, &h);
	check(vmm_proc_fd_kind(s) <= VMM_FD_GMEM);
	if (!vmm_kvm_debugfs_parse_name(s, &tid, &fd))
		check(tid > 0 && fd >= 0);
	/* a value that parses prints back as exactly the file KVM would write */
	if (!vmm_kvm_debugfs_parse_value(s, &v) && s[0] != '0') {
		snprintf(back, sizeof(back), "%" PRIu64 "\n", v);
		check(!strcmp(back, s));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	stats(data, size);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	text(s);
	free(s);
	return 0;
}
