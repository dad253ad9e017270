// SPDX-License-Identifier: GPL-3.0-or-later
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K': return 10;
	case 'm': case 'M': return 20;
	case 'g': case 'G': return 30;
	case 't': case 'T': return 40;
	default: return -1;
	}
}

/* Parses [0x]DIGITS[K|M|G|T] from s[0..len). */
static int parse_u64_n(const char *s, size_t len, uint64_t *out, const char **why)
{
	unsigned int base = 10;
	uint64_t v = 0;
	size_t i = 0, digits = 0;
	int d, shift;

	if (len == 0)
		return *why = "empty value", -EINVAL;
	if (s[0] == '-')
		return *why = "negative values are not allowed", -EINVAL;
	if (len > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	for (; i < len; i++, digits++) {
		d = base == 16 ? hexval(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
		if (d < 0)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return *why = "too large for 64 bits", -ERANGE;
		v = v * base + (uint64_t)d;
	}
	if (!digits)
		return *why = base == 16 ? "no hex digits after 0x" : "not a number", -EINVAL;
	if (i < len) {
		shift = suffix_shift(s[i]);
		if (shift < 0)
			return *why = "unexpected characters after the number", -EINVAL;
		if (i + 1 != len)
			return *why = "unexpected characters after the size suffix", -EINVAL;
		if (v > (UINT64_MAX >> shift))
			return *why = "too large for 64 bits", -ERANGE;
		v <<= shift;
	}
	*out = v;
	return 0;
}

int vmm_parse_u64(const char *s, uint64_t *out, const char **why)
{
	return parse_u64_n(s, strlen(s), out, why);
}

/* Hex field of 1..maxd digits ending at a separator; advances *p. */
static int hex_field(const char **p, unsigned int maxd, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	unsigned int n = 0;
	int d;

	while ((d = hexval(**p)) >= 0) {
		if (++n > maxd)
			return -1;
		v = v * 16 + (unsigned long)d;
		(*p)++;
	}
	if (!n || v > max)
		return -1;
	*out = v;
	return 0;
}

int vmm_parse_bdf(const char *s, struct vmm_bdf *out, const char **why)
{
	unsigned long dom = 0, bus, dev, fn;
	const char *p = s;
	int colons = 0;

	for (const char *q = s; *q; q++)
		colons += *q == ':';
	if (!*s)
		return *why = "empty value", -EINVAL;
	if (colons < 1 || colons > 2)
		return *why = "not in [DOMAIN:]BUS:DEVICE.FUNCTION form", -EINVAL;
	if (colons == 2) {
		if (hex_field(&p, 8, 0xffffffffUL, &dom) || *p++ != ':')
			return *why = "bad domain (up to 8 hex digits)", -EINVAL;
	}
	if (hex_field(&p, 2, 0xff, &bus) || *p++ != ':')
		return *why = "bad bus (2 hex digits)", -EINVAL;
	if (hex_field(&p, 2, 0x1f, &dev) || *p++ != '.')
		return *why = "bad device (hex 00-1f followed by '.')", -EINVAL;
	if (hex_field(&p, 1, 7, &fn) || *p)
		return *why = "bad function (0-7)", -EINVAL;
	out->domain = (uint32_t)dom;
	out->bus = (uint8_t)bus;
	out->dev = (uint8_t)dev;
	out->fn = (uint8_t)fn;
	return 0;
}

static int dec_i32(const char *s, size_t len, int32_t min, int32_t *out)
{
	int64_t v = 0;

	if (!len || len > 10)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > INT32_MAX)
		return -1;
	*out = (int32_t)v;
	return 0;
}

int vmm_parse_vmid(const char *s, struct vmm_vmid *out, const char **why)
{
	const char *dash;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	if (!*s)
		return *why = "empty value", -EINVAL;
	if (isalpha((unsigned char)s[0])) {
		/* a session name: letters then digits (vm0) */
		while (isalpha((unsigned char)s[i]))
			i++;
		if (!s[i])
			return *why = "a session name needs its number (vm0)", -EINVAL;
		while (isdigit((unsigned char)s[i]))
			i++;
		if (s[i] || i > 23)
			return *why = "not PID-FD, PID or a session name such as vm0", -EINVAL;
		out->session = s;
		return 0;
	}
	dash = strchr(s, '-');
	if (dec_i32(s, dash ? (size_t)(dash - s) : strlen(s), 1, &out->pid))
		return *why = "bad PID (a positive decimal number)", -EINVAL;
	if (dash && dec_i32(dash + 1, strlen(dash + 1), 0, &out->fd))
		return *why = "bad FD after '-' (a decimal number)", -EINVAL;
	return 0;
}

int vmm_parse_range(const char *s, struct vmm_range *out, const char **why)
{
	const char *sep = strpbrk(s, "-+");
	uint64_t a, b;
	int ret;

	if (!*s)
		return *why = "empty value", -EINVAL;
	if (!sep)
		return *why = "not START-END or START+SIZE", -EINVAL;
	if (sep == s)
		return *why = "missing START", -EINVAL;
	ret = parse_u64_n(s, (size_t)(sep - s), &a, why);
	if (ret)
		return ret;
	ret = parse_u64_n(sep + 1, strlen(sep + 1), &b, why);
	if (ret)
		return ret;
	if (*sep == '+') {
		if (!b)
			return *why = "SIZE is zero", -EINVAL;
		if (b > UINT64_MAX - a)
			return *why = "START+SIZE wraps past 2^64", -ERANGE;
		b += a;
	} else if (b <= a) {
		return *why = "END must be above START (END is exclusive)", -EINVAL;
	}
	out->start = a;
	out->end = b;
	return 0;
}

int vmm_parse_enum(const char *s, const char *const *choices, unsigned int *idx,
		   const char **why)
{
	for (unsigned int i = 0; choices && choices[i]; i++) {
		if (!strcmp(s, choices[i])) {
			*idx = i;
			return 0;
		}
	}
	*why = *s ? "not one of the choices" : "empty value";
	return -EINVAL;
}

int vmm_parse_kv(const char *s, const char **key, size_t *key_len, const char **value,
		 const char **why)
{
	const char *eq = strchr(s, '=');

	if (!*s)
		return *why = "empty value", -EINVAL;
	if (!eq)
		return *why = "missing '=' (KEY=VALUE)", -EINVAL;
	if (eq == s)
		return *why = "empty KEY", -EINVAL;
	for (const char *p = s; p < eq; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
			return *why = "KEY may hold only letters, digits, '_', '-' and '.'", -EINVAL;
	*key = s;
	*key_len = (size_t)(eq - s);
	*value = eq + 1;
	return 0;
}

int vmm_parse_onoff(const char *s, bool *on, const char **why)
{
	static const char *const yes[] = { "on", "1", "true", "yes", NULL };
	static const char *const no[] = { "off", "0", "false", "no", NULL };

	for (int i = 0; yes[i]; i++) {
		if (!strcmp(s, yes[i]))
			return *on = true, 0;
		if (!strcmp(s, no[i]))
			return *on = false, 0;
	}
	*why = *s ? "not on or off" : "empty value";
	return -EINVAL;
}

int vmm_parse_typed(enum vmm_type t, const char *const *choices, const char *s,
		    struct vmm_val *v, const char **why)
{
	int ret = 0;

	v->raw = s;
	switch (t) {
	case VMM_T_U64:
	case VMM_T_SIZE:
	case VMM_T_ADDR:
		ret = vmm_parse_u64(s, &v->u, why);
		break;
	case VMM_T_BDF:
		ret = vmm_parse_bdf(s, &v->bdf, why);
		break;
	case VMM_T_VM:
		ret = vmm_parse_vmid(s, &v->vm, why);
		break;
	case VMM_T_RANGE:
		ret = vmm_parse_range(s, &v->range, why);
		break;
	case VMM_T_ENUM:
		ret = vmm_parse_enum(s, choices, &v->idx, why);
		break;
	case VMM_T_KV:
		ret = vmm_parse_kv(s, &v->kv.key, &v->kv.key_len, &v->kv.value, why);
		break;
	case VMM_T_ONOFF:
		ret = vmm_parse_onoff(s, &v->on, why);
		break;
	case VMM_T_STR:
		break;
	case VMM_T_PATH:
		if (!*s)
			ret = (*why = "empty value", -EINVAL);
		break;
	case VMM_T_FLAG:
	case VMM_T__COUNT:
		break;
	}
	if (!ret)
		v->set = true;
	return ret;
}

static const struct {
	const char *name;
	const char *expect;
} types[VMM_T__COUNT] = {
	[VMM_T_FLAG]  = { "flag",  "no value" },
	[VMM_T_U64]   = { "u64",   "a number: decimal or 0x hex, optional K/M/G/T suffix" },
	[VMM_T_SIZE]  = { "size",  "a size in bytes: decimal or 0x hex, optional K/M/G/T suffix" },
	[VMM_T_ADDR]  = { "addr",  "an address: decimal or 0x hex, optional K/M/G/T suffix" },
	[VMM_T_BDF]   = { "bdf",   "a PCI address [DOMAIN:]BUS:DEVICE.FUNCTION, e.g. 0000:01:00.0" },
	[VMM_T_VM]    = { "vm",    "a VM as PID-FD (its debugfs name), PID, or a session name such as vm0" },
	[VMM_T_RANGE] = { "range", "START-END (END exclusive) or START+SIZE" },
	[VMM_T_ENUM]  = { "enum",  "one of the listed choices" },
	[VMM_T_KV]    = { "kv",    "KEY=VALUE" },
	[VMM_T_PATH]  = { "path",  "a path" },
	[VMM_T_STR]   = { "string", "a string" },
	[VMM_T_ONOFF] = { "onoff", "on or off" },
};

const char *vmm_type_expect(enum vmm_type t)
{
	return t < VMM_T__COUNT ? types[t].expect : "?";
}

const char *vmm_type_name(enum vmm_type t)
{
	return t < VMM_T__COUNT ? types[t].name : "?";
}

unsigned int vmm_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned int row[33], prev, tmp;

	if (la > 32 || lb > 32)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned int)i;
		for (size_t j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

int vmm_parse_path_offset(const char *s, char *path, size_t len, uint64_t *offset,
			  char why[VMM_WHY_LEN])
{
	const char *colon = strrchr(s, ':');
	char *end;

	*offset = 0;
	if (colon) {
		errno = 0;
		*offset = strtoull(colon + 1, &end, 0);
		if (colon[1] == '\0' || *end || errno) {
			snprintf(why, VMM_WHY_LEN, "'%.40s' is not an offset (expected "
				 "PATH[:OFFSET])", colon + 1);
			return -EINVAL;
		}
	} else {
		colon = s + strlen(s);
	}
	if (colon == s || (size_t)(colon - s) >= len) {
		snprintf(why, VMM_WHY_LEN, "expected PATH[:OFFSET]");
		return -EINVAL;
	}
	memcpy(path, s, (size_t)(colon - s));
	path[colon - s] = '\0';
	return 0;
}
