// SPDX-License-Identifier: GPL-3.0-or-later
/* ID register lookup and decode; KVM's idregs and resx debugfs files. */
#include "idregs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uapi/kvm.h"

const struct vmm_idreg *vmm_idreg_by_name(const char *name)
{
	size_t n;

	/* debugfs idregs names them as KVM's table does: SYS_ID_AA64PFR0_EL1 */
	if (!strncasecmp(name, "SYS_", 4))
		name += 4;
	n = strlen(name);

	for (size_t i = 0; i < vmm_nidregs; i++) {
		const char *r = vmm_idregs[i].name;
		size_t rn = strlen(r) - 4;	/* without _EL1 / _EL0 */

		if (!strcasecmp(name, r) || (n == rn && !strncasecmp(name, r, rn)))
			return &vmm_idregs[i];
	}
	return NULL;
}

const struct vmm_idreg *vmm_idreg_by_enc(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
					 unsigned op2)
{
	for (size_t i = 0; i < vmm_nidregs; i++) {
		const struct vmm_idreg *r = &vmm_idregs[i];

		if (r->op0 == op0 && r->op1 == op1 && r->crn == crn && r->crm == crm && r->op2 == op2)
			return r;
	}
	return NULL;
}

const struct vmm_idreg_field *vmm_idreg_field(const struct vmm_idreg *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcasecmp(r->fields[i].name, name))
			return &r->fields[i];
	return NULL;
}

uint64_t vmm_idreg_field_mask(const struct vmm_idreg_field *f)
{
	return (f->width >= 64 ? ~0ull : (1ull << f->width) - 1) << f->lsb;
}

int64_t vmm_idreg_field_get(const struct vmm_idreg_field *f, uint64_t reg)
{
	uint64_t v = (reg & vmm_idreg_field_mask(f)) >> f->lsb;

	if (f->is_signed && f->width < 64 && (v >> (f->width - 1) & 1))
		return (int64_t)(v | ~((1ull << f->width) - 1));
	return (int64_t)v;
}

const char *vmm_idreg_field_meaning(const struct vmm_idreg_field *f, uint64_t reg)
{
	uint64_t v = (reg & vmm_idreg_field_mask(f)) >> f->lsb;

	for (size_t i = 0; i < f->nvals; i++)
		if (f->vals[i].v == v)
			return f->vals[i].name;
	return NULL;
}

uint64_t vmm_idreg_kvm_id(const struct vmm_idreg *r)
{
	return VMM_KVM_REG_ARM64 | VMM_KVM_REG_SIZE_U64 | VMM_KVM_REG_ARM64_SYSREG |
	       (uint64_t)r->op0 << 14 | (uint64_t)r->op1 << 11 | (uint64_t)r->crn << 7 |
	       (uint64_t)r->crm << 3 | r->op2;
}

/* One "%20s:\t" name: spaces, then [A-Z0-9_]+, then ":\t"; the rest in *rest. */
static bool line_name(const char *l, char *name, size_t len, const char **rest)
{
	size_t sp = strspn(l, " "), n = strspn(l + sp, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

	if (!n || n >= len || l[sp + n] != ':' || l[sp + n + 1] != '\t')
		return false;
	memcpy(name, l + sp, n);
	name[n] = 0;
	*rest = l + sp + n + 2;
	return true;
}

/* exactly 16 lowercase hex digits */
static bool hex16(const char *s, uint64_t *v)
{
	if (strspn(s, "0123456789abcdef") < 16)
		return false;
	*v = strtoull(s, NULL, 16);
	return true;
}

int vmm_idregs_parse(const char *text, bool resx, struct vmm_idregs_line **out, int *n,
		     char *why, size_t whylen)
{
	struct vmm_idregs_line *v = NULL, *tmp;
	int cap = 0, line = 0;

	*out = NULL;
	*n = 0;
	while (*text) {
		const char *end = strchr(text, '\n'), *rest;
		char buf[160];
		size_t len;
		struct vmm_idregs_line *l;

		line++;
		len = end ? (size_t)(end - text) : strlen(text);
		if (!end || len >= sizeof(buf)) {
			snprintf(why, whylen, "line %d: %s", line, end ? "too long" : "no newline at the end");
			goto bad;
		}
		memcpy(buf, text, len);
		buf[len] = 0;
		text = end + 1;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			tmp = realloc(v, (size_t)cap * sizeof(*v));
			if (!tmp) {
				free(v);
				return -ENOMEM;
			}
			v = tmp;
		}
		l = &v[*n];
		memset(l, 0, sizeof(*l));
		if (!line_name(buf, l->name, sizeof(l->name), &rest)) {
			snprintf(why, whylen, "line %d: expected a register name, ':' and a tab", line);
			goto bad;
		}
		if (!resx ? !hex16(rest, &l->value) || rest[16] :
		    strncmp(rest, "RES0:", 5) || !hex16(rest + 5, &l->res0) ||
		    strncmp(rest + 21, "\tRES1:", 6) || !hex16(rest + 27, &l->res1) || rest[43]) {
			snprintf(why, whylen, "line %d (%s): expected %s", line, l->name, resx ?
				 "RES0:<16 hex digits>, a tab, RES1:<16 hex digits>" : "16 hex digits");
			goto bad;
		}
		(*n)++;
	}
	*out = v;
	return 0;
bad:
	free(v);
	*n = 0;
	return -EINVAL;
}
