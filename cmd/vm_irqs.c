// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vm irqs, vm its: the arm64 vGIC state of any VM on the host, from the
 * files KVM writes in its debugfs directory (lib/vgic.c parses them).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/vm.h"
#include "lib/kvm_debugfs.h"
#include "lib/vgic.h"

static const char *const state_choices[] = { "pending", "active", "enabled", "level", "hw",
					     NULL };
static const char *const type_choices[] = { "sgi", "ppi", "spi", "lpi", NULL };

const struct vmm_opt vmm_vm_irqs_opts[] = {
	{ "state", 0, VMM_T_ENUM, NULL, "only IRQs with this flag set: pending (P, the "
	  "pending latch), active, enabled, level (the input line is high), hw",
	  state_choices },
	{ "type", 0, VMM_T_ENUM, NULL, "only IRQs of this type", type_choices },
	{ "vcpu", 0, VMM_T_U64, "N", "only vCPU N's SGIs and PPIs and the SPIs and LPIs "
	  "that target it" },
	{ 0 }
};

const struct vmm_opt vmm_vm_its_opts[] = {
	{ "base", 0, VMM_T_ADDR, "ADDR", "only the ITS at this guest physical base" },
	{ 0 }
};

/* Errors of a read or parse of path, for VM id. */
static int read_error(struct vmm_call *c, int ret, const char *id, const char *path,
		      const struct vmm_vgic_perr *e, const char *what)
{
	if (ret == -EINVAL && e->line) {
		vmm_hint(c, "the file is not in the format of KVM's vgic-debug.c that vmmctl "
			 "reads; please report it with the file");
		return vmm_err(c, VMM_E_FAILED, EINVAL, "%s: line %u: expected %s", path,
			       e->line, e->what);
	}
	if (ret == -ENOENT) {
		vmm_hint(c, "KVM writes %s for an arm64 VM once its VMM creates an in-kernel "
			 "vGIC (KVM_CREATE_DEVICE)%s", what, strcmp(what, "vgic-state") ?
			 " and an ITS with its base address" : "");
		return vmm_err(c, VMM_E_NOTSUP, ENOENT, "VM %s has no vGIC state: no %s", id,
			       path);
	}
	if (ret == -EACCES || ret == -EPERM)
		vmm_hint(c, "KVM's debugfs files are readable by root only");
	return vmm_err_sys(c, ret, "cannot read %s", path);
}

/* ---- vm irqs ------------------------------------------------------------------ */

static bool keep(struct vmm_call *c, const struct vmm_vgic_irq *q)
{
	const struct vmm_val *st = vmm_opt(c, "state"), *ty = vmm_opt(c, "type"),
			     *vc = vmm_opt(c, "vcpu");

	if (ty && (unsigned int)q->type != ty->idx)
		return false;
	if (vc && !(q->vcpu >= 0 ? (uint64_t)q->vcpu == vc->u :
		    q->target >= 0 && (uint64_t)q->target == vc->u))
		return false;
	if (st) {
		const bool f[] = { q->pending, q->active, q->enabled, q->line_level, q->hw };

		return f[st->idx];
	}
	return true;
}

static json_object *irq_json(const struct vmm_vgic_irq *q)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "type", vmm_jstr(vmm_vgic_type_name(q->type)));
	json_object_object_add(o, "intid", json_object_new_int64(q->intid));
	if (q->vcpu >= 0)
		json_object_object_add(o, "vcpu", json_object_new_int(q->vcpu));
	if (q->target >= 0)
		json_object_object_add(o, "target_vcpu", json_object_new_int(q->target));
	json_object_object_add(o, "pending", vmm_jbool(q->pending));
	json_object_object_add(o, "line_level", vmm_jbool(q->line_level));
	json_object_object_add(o, "active", vmm_jbool(q->active));
	json_object_object_add(o, "enabled", vmm_jbool(q->enabled));
	json_object_object_add(o, "hw", vmm_jbool(q->hw));
	json_object_object_add(o, "config", vmm_jstr(q->level ? "level" : "edge"));
	json_object_object_add(o, "group", json_object_new_int(q->group));
	json_object_object_add(o, "hwintid", json_object_new_int64(q->hwintid));
	json_object_object_add(o, "mpidr", vmm_jhex(q->mpidr));
	json_object_object_add(o, "source", vmm_jhex(q->source));
	json_object_object_add(o, "priority", json_object_new_int(q->priority));
	if (q->queued >= 0)
		json_object_object_add(o, "queued_vcpu", json_object_new_int(q->queued));
	return o;
}

int vmm_vm_irqs_run(struct vmm_call *c)
{
	const struct vmm_val *vc = vmm_opt(c, "vcpu");
	struct vmm_vgic_state st;
	struct vmm_vgic_perr e;
	char id[32], dbg[32], path[PATH_MAX];
	json_object *arr;
	int ret;

	ret = vmm_vm_debugfs_name(c, vmm_arg(c, "VM", NULL), id, dbg);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s/" VMM_VGIC_STATE, dbg);
	ret = vmm_vgic_read_state(c->sys, dbg, &st, &e);
	if (ret)
		return read_error(c, ret, id, path, &e, VMM_VGIC_STATE);
	vmm_sys_clear(c->sys);
	if (vc && st.initialized && vc->u >= (uint64_t)st.vcpus) {
		vmm_vgic_state_free(&st);
		return vmm_err(c, VMM_E_USAGE, EINVAL, "--vcpu %s: VM %s has %d vCPUs (0 to %d)",
			       vc->raw, id, st.vcpus, st.vcpus - 1);
	}
	if (!st.initialized)
		vmm_warn(c, "the vGIC of VM %s is not initialized yet: only its distributor shows",
			 id);
	c->result = json_object_new_object();
	json_object_object_add(c->result, "vm", vmm_jstr(id));
	json_object_object_add(c->result, "path", vmm_jstr(path));
	json_object_object_add(c->result, "model", vmm_jstr(st.v3 ? "gicv3" : "gicv2"));
	json_object_object_add(c->result, "nr_spis", json_object_new_int(st.nr_spis));
	if (st.nr_lpis >= 0)
		json_object_object_add(c->result, "nr_lpis", json_object_new_int(st.nr_lpis));
	json_object_object_add(c->result, "enabled", vmm_jbool(st.enabled));
	json_object_object_add(c->result, "initialized", vmm_jbool(st.initialized));
	json_object_object_add(c->result, "vcpus", json_object_new_int(st.vcpus));
	arr = json_object_new_array();
	for (size_t i = 0; i < st.n; i++)
		if (keep(c, &st.irqs[i]))
			json_object_array_add(arr, irq_json(&st.irqs[i]));
	json_object_object_add(c->result, "irqs", arr);
	vmm_vgic_state_free(&st);
	return 0;
}

static const char *const irq_head[] = { "TYPE", "INTID", "VCPU", "TARGET", "PEND", "LEVEL",
					"ACT", "EN", "HW", "CONFIG", "GRP", "HWINTID", "MPIDR",
					"SRC", "PRI", "QUEUED" };
#define IRQ_COLS (sizeof(irq_head) / sizeof(irq_head[0]))

static void irq_row(json_object *q, char cells[IRQ_COLS][32])
{
	static const char *const keys[] = { "type", "intid", "vcpu", "target_vcpu", "pending",
					    "line_level", "active", "enabled", "hw", "config",
					    "group", "hwintid", "mpidr", "source", "priority",
					    "queued_vcpu" };

	for (size_t k = 0; k < IRQ_COLS; k++) {
		json_object *v = json_object_object_get(q, keys[k]);

		if (v && json_object_is_type(v, json_type_boolean))
			snprintf(cells[k], 32, "%s", json_object_get_boolean(v) ? "1" : "0");
		else
			snprintf(cells[k], 32, "%s", vmm_jget_str(q, keys[k], "-"));
		vmm_text_safe(cells[k]);
	}
}

void vmm_vm_irqs_text(json_object *res, FILE *f)
{
	json_object *irqs = json_object_object_get(res, "irqs");
	size_t rows = irqs ? json_object_array_length(irqs) : 0;
	char cells[IRQ_COLS][32];
	int w[IRQ_COLS];

	fprintf(f, "vm %s: %s distributor %s, %s SPIs", vmm_jget_str(res, "vm", "?"),
		!strcmp(vmm_jget_str(res, "model", ""), "gicv3") ? "GICv3" : "GICv2",
		json_object_get_boolean(json_object_object_get(res, "enabled")) ? "enabled" :
		"disabled", vmm_jget_str(res, "nr_spis", "?"));
	if (json_object_object_get(res, "nr_lpis"))
		fprintf(f, ", %s LPIs", vmm_jget_str(res, "nr_lpis", "?"));
	if (!json_object_get_boolean(json_object_object_get(res, "initialized"))) {
		fprintf(f, "; not initialized: no IRQ state\n");
		return;
	}
	fprintf(f, ", %s vCPUs\n", vmm_jget_str(res, "vcpus", "?"));
	for (size_t k = 0; k < IRQ_COLS; k++)
		w[k] = (int)strlen(irq_head[k]);
	for (size_t r = 0; r < rows; r++) {
		irq_row(json_object_array_get_idx(irqs, r), cells);
		for (size_t k = 0; k < IRQ_COLS; k++)
			if ((int)strlen(cells[k]) > w[k])
				w[k] = (int)strlen(cells[k]);
	}
	for (size_t k = 0; k < IRQ_COLS; k++)
		fprintf(f, "%-*s%s", k + 1 < IRQ_COLS ? w[k] : 0, irq_head[k],
			k + 1 < IRQ_COLS ? "  " : "\n");
	for (size_t r = 0; r < rows; r++) {
		irq_row(json_object_array_get_idx(irqs, r), cells);
		for (size_t k = 0; k < IRQ_COLS; k++)
			fprintf(f, "%-*s%s", k + 1 < IRQ_COLS ? w[k] : 0, cells[k],
				k + 1 < IRQ_COLS ? "  " : "\n");
	}
}

/* ---- vm its ------------------------------------------------------------------- */

static json_object *its_json(const struct vmm_vgic_its *its, const char *path)
{
	json_object *o = json_object_new_object(), *devs = json_object_new_array();

	json_object_object_add(o, "base", vmm_jhex(its->base));
	json_object_object_add(o, "path", vmm_jstr(path));
	for (size_t i = 0; i < its->ndevs; i++) {
		const struct vmm_vgic_device *d = &its->devs[i];
		json_object *jd = json_object_new_object(), *evs = json_object_new_array();

		json_object_object_add(jd, "device_id", json_object_new_int64(d->device_id));
		json_object_object_add(jd, "event_id_bits", json_object_new_int((int)d->event_id_bits));
		json_object_object_add(jd, "event_id_max", vmm_ju64(d->event_id_max));
		for (size_t k = d->first; k < d->first + d->n; k++) {
			const struct vmm_vgic_event *ev = &its->events[k];
			json_object *je = json_object_new_object();

			json_object_object_add(je, "event_id", json_object_new_int64(ev->event_id));
			json_object_object_add(je, "lpi", json_object_new_int64(ev->intid));
			json_object_object_add(je, "hwintid", json_object_new_int64(ev->hwintid));
			json_object_object_add(je, "collection",
					       json_object_new_int64(ev->collection));
			json_object_object_add(je, "mapped",
					       vmm_jbool(ev->target != VMM_VGIC_UNMAPPED));
			if (ev->target != VMM_VGIC_UNMAPPED)
				json_object_object_add(je, "target_vcpu",
						       json_object_new_int64(ev->target));
			json_object_object_add(je, "hw", vmm_jbool(ev->hw));
			json_object_array_add(evs, je);
		}
		json_object_object_add(jd, "events", evs);
		json_object_array_add(devs, jd);
	}
	json_object_object_add(o, "devices", devs);
	return o;
}

int vmm_vm_its_run(struct vmm_call *c)
{
	const struct vmm_val *want = vmm_opt(c, "base");
	char id[32], dbg[32], path[PATH_MAX], list[256] = "";
	json_object *arr = NULL;
	uint64_t *bases = NULL;
	struct vmm_vgic_perr e;
	int n, ret, found = 0;
	size_t off = 0;

	ret = vmm_vm_debugfs_name(c, vmm_arg(c, "VM", NULL), id, dbg);
	if (ret)
		return ret;
	n = vmm_vgic_its_bases(c->sys, dbg, &bases);
	if (n < 0)
		return vmm_err_sys(c, n, "cannot list " VMM_KVM_DEBUGFS "/%s", dbg);
	if (!n) {
		vmm_hint(c, "KVM writes vgic-its-state@BASE once the VMM of an arm64 VM creates "
			 "an ITS (KVM_DEV_TYPE_ARM_VGIC_ITS) and sets its base address");
		ret = vmm_err(c, VMM_E_NOTSUP, ENOENT, "VM %s has no ITS: no " VMM_KVM_DEBUGFS
			      "/%s/" VMM_VGIC_ITS_PREFIX "*", id, dbg);
		goto out;
	}
	arr = json_object_new_array();
	for (int i = 0; i < n; i++) {
		struct vmm_vgic_its its;
		int k = snprintf(list + off, sizeof(list) - off, "%s0x%" PRIx64, i ? ", " : "",
				 bases[i]);

		off += k > 0 && (size_t)k < sizeof(list) - off ? (size_t)k : 0;
		if (want && want->u != bases[i])
			continue;
		snprintf(path, sizeof(path), VMM_KVM_DEBUGFS "/%s/" VMM_VGIC_ITS_PREFIX "%" PRIx64,
			 dbg, bases[i]);
		ret = vmm_vgic_read_its(c->sys, dbg, bases[i], &its, &e);
		if (ret) {
			ret = read_error(c, ret, id, path, &e, "vgic-its-state@BASE");
			goto out;
		}
		json_object_array_add(arr, its_json(&its, path));
		vmm_vgic_its_free(&its);
		found++;
	}
	vmm_sys_clear(c->sys);
	if (!found) {
		vmm_hint(c, "the ITSes of VM %s are at %s", id, list);
		ret = vmm_err(c, VMM_E_NOTFOUND, ENOENT, "VM %s has no ITS at base %s", id,
			      want->raw);
		goto out;
	}
	c->result = json_object_new_object();
	json_object_object_add(c->result, "vm", vmm_jstr(id));
	json_object_object_add(c->result, "its", arr);
	arr = NULL;
out:
	json_object_put(arr);
	free(bases);
	return ret;
}

void vmm_vm_its_text(json_object *res, FILE *f)
{
	json_object *its = json_object_object_get(res, "its");

	for (size_t i = 0; its && i < json_object_array_length(its); i++) {
		json_object *t = json_object_array_get_idx(its, i);
		json_object *devs = json_object_object_get(t, "devices");
		size_t nd = devs ? json_object_array_length(devs) : 0;

		fprintf(f, "%svm %s: ITS at %s, %zu devices\n", i ? "\n" : "",
			vmm_jget_str(res, "vm", "?"), vmm_jget_str(t, "base", "?"), nd);
		if (nd)
			fprintf(f, "%-10s  %-8s  %-8s  %-8s  %-10s  %-6s  %s\n", "DEVICE", "EVENT",
				"LPI", "HWINTID", "COLLECTION", "TARGET", "HW");
		for (size_t d = 0; d < nd; d++) {
			json_object *jd = json_object_array_get_idx(devs, d);
			json_object *evs = json_object_object_get(jd, "events");
			uint64_t dev = 0;
			char dv[16];

			vmm_jget_u64(jd, "device_id", &dev);
			snprintf(dv, sizeof(dv), "0x%" PRIx64, dev);
			if (!evs || !json_object_array_length(evs))
				fprintf(f, "%-10s  (no events mapped)\n", dv);
			for (size_t k = 0; evs && k < json_object_array_length(evs); k++) {
				json_object *e = json_object_array_get_idx(evs, k);

				fprintf(f, "%-10s  %-8s  %-8s  %-8s  %-10s  %-6s  %s\n", dv,
					vmm_jget_str(e, "event_id", "?"), vmm_jget_str(e, "lpi", "?"),
					vmm_jget_str(e, "hwintid", "?"),
					vmm_jget_str(e, "collection", "?"),
					vmm_jget_str(e, "target_vcpu", "-"),
					json_object_get_boolean(json_object_object_get(e, "hw")) ?
					"1" : "0");
			}
		}
	}
}
