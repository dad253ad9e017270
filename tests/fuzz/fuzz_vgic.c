// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the vGIC debugfs parsers (lib/vgic.c): the input
 * goes whole through the vgic-state parser and the vgic-its-state@BASE
 * parser, and, cut at its first NUL, through the ITS file name parser.
 * Promises (lib/vgic.h): a parse gives 0, -ENOMEM, or -EINVAL with a line
 * number within the input and a non-empty expectation; what parses keeps
 * the kernel's rules (an intid's type, SGIs and PPIs in a vCPU's section
 * and SPIs and LPIs in none, increasing intids, SPIs below 32 + nr_spis,
 * LPIs only on a GICv3 and from 8192, no more vCPU sections than counted;
 * events within their device's range of 2^bits - 1, LPIs from 8192), and
 * every IRQ and event printed again with the kernel's format string is a
 * line of the input, in the input's order; a base that parses prints back
 * to the same name.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/vgic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(ok) do { \
	if (!(ok)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #ok); \
		abort(); \
	} \
} while (0)

static unsigned int lines_of(const uint8_t *data, size_t size)
{
	unsigned int n = 0;

	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + 1;
}

/* line (with its newline) found at or after *from, at a line start; *from moves past it */
static void found(const uint8_t *data, size_t size, const char *line, size_t *from)
{
	size_t n = strlen(line);
	const uint8_t *p = data + *from;

	for (;;) {
		p = memmem(p, size - (size_t)(p - data), line, n);
		check(p);
		if (p == data || p[-1] == '\n')
			break;
		p++;
	}
	*from = (size_t)(p - data) + n;
}

static void state(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "SGI", "PPI", "SPI", "LPI" };
	struct vmm_vgic_state st;
	struct vmm_vgic_perr e;
	size_t from = 0;
	char line[160];
	int ret = vmm_vgic_parse_state((const char *)data, size, &st, &e);

	check(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	if (ret == -EINVAL)
		check(e.line >= 1 && e.line <= lines_of(data, size) && e.what[0]);
	if (ret)
		return;
	check(st.nr_spis >= 0 && st.nr_spis <= 987 && st.v3 == (st.nr_lpis >= 0));
	check(st.initialized || (!st.vcpus && !st.n));
	for (size_t i = 0; i < st.n; i++) {
		const struct vmm_vgic_irq *q = &st.irqs[i];
		int t = q->intid < 16 ? 0 : q->intid < 32 ? 1 : q->intid < VMM_VGIC_MAX_SPI ? 2 : 3;

		check((int)q->type == t);
		check(t < 2 ? q->vcpu >= 0 && q->vcpu < st.vcpus : q->vcpu == -1);
		check(t != 2 || q->intid < 32u + (uint32_t)st.nr_spis);
		check(t != 3 || (st.v3 && q->intid >= VMM_VGIC_MIN_LPI));
		if (i && st.irqs[i - 1].vcpu == q->vcpu && q->vcpu >= 0)
			check(st.irqs[i - 1].intid < q->intid);
		if (i && q->vcpu < 0 && st.irqs[i - 1].vcpu < 0)
			check(st.irqs[i - 1].intid < q->intid);
		check(q->group <= 1 && q->target >= -1 && q->queued >= -1);
		snprintf(line, sizeof(line),
			 "       %s %4d     %2d %d%d%d%d%d%d%d %8d %8x  %2x %3d      %2d \n",
			 types[t], (int)q->intid, q->target, q->pending, q->line_level, q->active,
			 q->enabled, q->hw, q->level, q->group, (int)q->hwintid, q->mpidr,
			 q->source, q->priority, q->queued);
		found(data, size, line, &from);
	}
	vmm_vgic_state_free(&st);
}

static void its(const uint8_t *data, size_t size)
{
	struct vmm_vgic_its it;
	struct vmm_vgic_perr e;
	size_t from = 0;
	char line[160];
	int ret = vmm_vgic_parse_its((const char *)data, size, &it, &e);

	check(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	if (ret == -EINVAL)
		check(e.line >= 1 && e.line <= lines_of(data, size) && e.what[0]);
	if (ret)
		return;
	for (size_t d = 0; d < it.ndevs; d++) {
		const struct vmm_vgic_device *dv = &it.devs[d];

		check(!(dv->event_id_max & (dv->event_id_max + 1)));
		check(dv->event_id_bits == 64 || dv->event_id_max >> dv->event_id_bits == 0);
		check(dv->first + dv->n <= it.nevents);
		check(!d || dv->first == it.devs[d - 1].first + it.devs[d - 1].n);
		snprintf(line, sizeof(line), "Device ID: 0x%x, Event ID Range: [0 - %" PRIu64 "]\n",
			 dv->device_id, dv->event_id_max);
		found(data, size, line, &from);
		for (size_t k = dv->first; k < dv->first + dv->n; k++) {
			const struct vmm_vgic_event *ev = &it.events[k];

			check(ev->event_id <= dv->event_id_max && ev->intid >= VMM_VGIC_MIN_LPI);
			snprintf(line, sizeof(line), "%8u %8u %8u %8u %8u %2d\n", ev->event_id,
				 ev->intid, ev->hwintid, ev->target, ev->collection, ev->hw);
			found(data, size, line, &from);
		}
	}
	vmm_vgic_its_free(&it);
}

static void name(const uint8_t *data, size_t size)
{
	char buf[64], back[64];
	uint64_t base;
	size_t n = strnlen((const char *)data, size);

	if (n >= sizeof(buf))
		return;
	memcpy(buf, data, n);
	buf[n] = '\0';
	if (vmm_vgic_its_name(buf, &base))
		return;
	snprintf(back, sizeof(back), VMM_VGIC_ITS_PREFIX "%" PRIx64, base);
	check(!strcmp(back, buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	state(data, size);
	its(data, size);
	name(data, size);
	return 0;
}
