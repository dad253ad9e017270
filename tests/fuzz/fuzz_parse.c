// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for every parser in cli/parse.h: the input, cut at its
 * first NUL, goes through vmm_parse_typed() for every type and through each
 * vmm_parse_*() directly; results must keep the promises of the header.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const choices[] = { "json", "pretty", "quiet", "dry-run", "", NULL };

static void check(int ok)
{
	if (!ok)
		abort();
}

/* 0 with no reason needed, or -EINVAL/-ERANGE with a non-empty static reason */
static void check_ret(int ret, const char *why)
{
	check(ret == 0 || ret == -EINVAL || ret == -ERANGE);
	if (ret)
		check(why && *why);
}

static void check_val(enum vmm_type t, const char *s, const struct vmm_val *v)
{
	check(v->set && v->raw == s);
	switch (t) {
	case VMM_T_BDF:
		check(v->bdf.dev <= 0x1f && v->bdf.fn <= 7);
		break;
	case VMM_T_VM:
		if (v->vm.session)
			check(v->vm.session == s && strlen(s) <= 23);
		else
			check(v->vm.pid >= 1 && v->vm.fd >= -1);
		break;
	case VMM_T_RANGE:
		check(v->range.end > v->range.start);
		break;
	case VMM_T_ENUM:
		check(v->idx < sizeof(choices) / sizeof(choices[0]) - 1);
		check(!strcmp(choices[v->idx], s));
		break;
	case VMM_T_KV:
		check(v->kv.key == s && v->kv.key_len > 0 && v->kv.key_len < strlen(s));
		check(s[v->kv.key_len] == '=' && v->kv.value == s + v->kv.key_len + 1);
		break;
	case VMM_T_PATH:
		check(*s != '\0');
		break;
	default:
		break;
	}
}

/* plain decimal without a suffix must agree with strtoull */
static void check_u64(const char *s, int ret, uint64_t u)
{
	size_t n = strlen(s);
	char *end;
	unsigned long long ref;

	if (!n || n > 19 || strspn(s, "0123456789") != n)
		return;
	errno = 0;
	ref = strtoull(s, &end, 10);
	check(ret == 0 && !errno && *end == '\0' && ref == u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	const char *why, *half;
	struct vmm_val v;
	struct vmm_bdf bdf;
	struct vmm_vmid vm;
	struct vmm_range range;
	const char *key, *value;
	size_t key_len;
	unsigned int idx, d1, d2;
	uint64_t u = 0;
	bool on;
	int ret;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	for (int t = 0; t < VMM_T__COUNT; t++) {
		memset(&v, 0, sizeof(v));
		why = NULL;
		ret = vmm_parse_typed((enum vmm_type)t, choices, s, &v, &why);
		check_ret(ret, why);
		if (!ret)
			check_val((enum vmm_type)t, s, &v);
		check(vmm_type_name((enum vmm_type)t) && vmm_type_expect((enum vmm_type)t));
	}

	why = NULL;
	ret = vmm_parse_u64(s, &u, &why);
	check_ret(ret, why);
	check_u64(s, ret, u);
	why = NULL;
	check_ret(vmm_parse_bdf(s, &bdf, &why), why);
	why = NULL;
	check_ret(vmm_parse_vmid(s, &vm, &why), why);
	why = NULL;
	check_ret(vmm_parse_range(s, &range, &why), why);
	why = NULL;
	check_ret(vmm_parse_enum(s, choices, &idx, &why), why);
	why = NULL;
	check_ret(vmm_parse_enum(s, NULL, &idx, &why), why);
	why = NULL;
	check_ret(vmm_parse_kv(s, &key, &key_len, &value, &why), why);
	why = NULL;
	check_ret(vmm_parse_onoff(s, &on, &why), why);

	/* did-you-mean distance: the two halves of the input, both ways */
	half = s + strlen(s) / 2;
	{
		char *a = strndup(s, (size_t)(half - s));

		if (a) {
			d1 = vmm_distance(a, half);
			d2 = vmm_distance(half, a);
			check(d1 == d2);
			check(vmm_distance(a, a) == 0 || strlen(a) > 32);
			free(a);
		}
	}
	free(s);
	return 0;
}
