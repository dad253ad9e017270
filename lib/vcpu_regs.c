// SPDX-License-Identifier: GPL-3.0-or-later
/* arm64 vCPU registers through KVM's one-register interface. */
#include "vcpu_regs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idregs.h"
#include "uapi/kvm.h"

int vmm_vcpu_reg_list(struct vmm_sys *s, int vcpu_fd, uint64_t **ids, size_t *n)
{
	struct vmm_kvm_reg_list probe = { .n = 0 }, *l;
	int ret;

	*ids = NULL;
	*n = 0;
	/* the first call says how many: E2BIG with n set */
	ret = vmm_sys_ioctl(s, vcpu_fd, VMM_KVM_GET_REG_LIST, "KVM_GET_REG_LIST", &probe);
	if (ret < 0 && ret != -E2BIG)
		return ret;
	vmm_sys_clear(s);
	if (probe.n > (1u << 20))
		return vmm_sys_fail(s, EOVERFLOW, "KVM_GET_REG_LIST", NULL);
	l = malloc(sizeof(*l) + probe.n * sizeof(l->reg[0]));
	if (!l)
		return -ENOMEM;
	l->n = probe.n;
	ret = vmm_sys_ioctl(s, vcpu_fd, VMM_KVM_GET_REG_LIST, "KVM_GET_REG_LIST", l);
	if (ret < 0) {
		free(l);
		return ret;
	}
	*ids = malloc(l->n * sizeof(**ids) + 1);
	if (!*ids) {
		free(l);
		return -ENOMEM;
	}
	memcpy(*ids, l->reg, l->n * sizeof(**ids));
	*n = l->n;
	free(l);
	return 0;
}

size_t vmm_vcpu_reg_size(uint64_t id)
{
	return (size_t)1 << ((id & VMM_KVM_REG_SIZE_MASK) >> VMM_KVM_REG_SIZE_SHIFT);
}

int vmm_vcpu_reg_get(struct vmm_sys *s, int vcpu_fd, uint64_t id, void *buf)
{
	struct vmm_kvm_one_reg r = { .id = id, .addr = (uintptr_t)buf };
	int ret;

	if (vmm_vcpu_reg_size(id) > VMM_REG_MAX_BYTES)
		return vmm_sys_fail(s, E2BIG, "KVM_GET_ONE_REG", NULL);
	ret = vmm_sys_ioctl(s, vcpu_fd, VMM_KVM_GET_ONE_REG, "KVM_GET_ONE_REG", &r);

	return ret < 0 ? ret : 0;
}

int vmm_vcpu_reg_set(struct vmm_sys *s, int vcpu_fd, uint64_t id, const void *buf)
{
	struct vmm_kvm_one_reg r = { .id = id, .addr = (uintptr_t)buf };
	int ret = vmm_sys_ioctl(s, vcpu_fd, VMM_KVM_SET_ONE_REG, "KVM_SET_ONE_REG", &r);

	return ret < 0 ? ret : 0;
}

/* struct kvm_regs, in 32-bit words: x0-x30, sp, pc, pstate, sp_el1, elr_el1, spsr[5], fp_regs */
static const char *core_name(unsigned off, char *buf, size_t len)
{
	static const char *const spsr[] = { "spsr_el1", "spsr_abt", "spsr_und", "spsr_irq",
					    "spsr_fiq" };

	if (off < 62 && !(off & 1))
		snprintf(buf, len, "x%u", off / 2);
	else if (off == 62 || off == 64 || off == 66 || off == 68 || off == 70)
		snprintf(buf, len, "%s", off == 62 ? "sp" : off == 64 ? "pc" : off == 66 ? "pstate" :
			 off == 68 ? "sp_el1" : "elr_el1");
	else if (off >= 72 && off < 82 && !(off & 1))
		snprintf(buf, len, "%s", spsr[(off - 72) / 2]);
	else if (off >= 84 && off < 212 && !(off & 3))
		snprintf(buf, len, "v%u", (off - 84) / 4);
	else if (off == 212 || off == 213)
		snprintf(buf, len, "%s", off == 212 ? "fpsr" : "fpcr");
	else
		snprintf(buf, len, "core+%u", off);
	return off >= 84 ? "fp" : "core";
}

const char *vmm_vcpu_reg_name(uint64_t id, char *buf, size_t len, unsigned enc[5])
{
	static const char *const fw[] = { "PSCI_VERSION", "SMCCC_ARCH_WORKAROUND_1",
					  "SMCCC_ARCH_WORKAROUND_2", "SMCCC_ARCH_WORKAROUND_3" };
	static const char *const bmap[] = { "STD_BMAP", "STD_HYP_BMAP", "VENDOR_HYP_BMAP",
					    "VENDOR_HYP_BMAP_2" };
	uint64_t coproc = id & VMM_KVM_REG_ARM_COPROC_MASK;
	unsigned low = (unsigned)(id & 0xffff);
	const struct vmm_idreg *r;

	memset(enc, 0, 5 * sizeof(*enc));
	if ((id & VMM_KVM_REG_ARCH_MASK) != VMM_KVM_REG_ARM64) {
		snprintf(buf, len, "0x%016llx", (unsigned long long)id);
		return "other";
	}
	switch (coproc) {
	case VMM_KVM_REG_ARM_CORE:
		return core_name(low, buf, len);
	case VMM_KVM_REG_ARM64_SYSREG:
		enc[0] = low >> 14 & 3;
		enc[1] = low >> 11 & 7;
		enc[2] = low >> 7 & 15;
		enc[3] = low >> 3 & 15;
		enc[4] = low & 7;
		/* KVM's timer ids (api.rst: CVAL and CNT swap the architecture's encodings) */
		if (enc[0] == 3 && enc[1] == 3 && enc[2] == 14 &&
		    ((enc[3] == 3 && (enc[4] == 1 || enc[4] == 2)) || (enc[3] == 0 && enc[4] == 2))) {
			snprintf(buf, len, "%s", enc[3] == 0 ? "TIMER_CVAL" : enc[4] == 1 ?
				 "TIMER_CTL" : "TIMER_CNT");
			return "timer";
		}
		r = vmm_idreg_by_enc(enc[0], enc[1], enc[2], enc[3], enc[4]);
		if (r) {
			snprintf(buf, len, "%s", r->name);
			return vmm_feature_id_idx(enc) >= 0 ? "id" : "sysreg";
		}
		snprintf(buf, len, "S%u_%u_C%u_C%u_%u", enc[0], enc[1], enc[2], enc[3], enc[4]);
		return "sysreg";
	case VMM_KVM_REG_ARM_FW:
		if (low < sizeof(fw) / sizeof(fw[0]))
			snprintf(buf, len, "%s", fw[low]);
		else
			snprintf(buf, len, "FW_%u", low);
		return "firmware";
	case VMM_KVM_REG_ARM_FW_FEAT_BMAP:
		if (low < sizeof(bmap) / sizeof(bmap[0]))
			snprintf(buf, len, "%s", bmap[low]);
		else
			snprintf(buf, len, "FW_BMAP_%u", low);
		return "firmware";
	case VMM_KVM_REG_ARM64_SVE:
		if (low == 0xffff)
			snprintf(buf, len, "sve_vls");
		else if (low < 0x400)
			snprintf(buf, len, "z%u[%u]", low >> 5, low & 31);
		else if (low < 0x600)
			snprintf(buf, len, "p%u[%u]", (low - 0x400) >> 5, low & 31);
		else
			snprintf(buf, len, "ffr[%u]", low & 31);
		return "sve";
	case VMM_KVM_REG_ARM_DEMUX:
		snprintf(buf, len, "CCSIDR[%u]", low & 0xff);
		return "demux";
	}
	snprintf(buf, len, "0x%016llx", (unsigned long long)id);
	return "other";
}

int vmm_feature_id_idx(const unsigned enc[5])
{
	if (enc[0] != 3 || (enc[1] != 0 && enc[1] != 1 && enc[1] != 3) || enc[2] != 0 || enc[3] > 7)
		return -1;
	return (int)VMM_KVM_ARM_FEATURE_ID_IDX(enc[1], enc[3], enc[4]);
}

int vmm_vm_writable_masks(struct vmm_sys *s, int vm_fd, uint64_t *masks)
{
	struct vmm_kvm_reg_mask_range r = { .addr = (uintptr_t)masks, .range = 0 };
	int ret;

	memset(masks, 0, VMM_KVM_ARM_FEATURE_ID_RANGE_SIZE * sizeof(*masks));
	ret = vmm_sys_ioctl(s, vm_fd, VMM_KVM_ARM_GET_REG_WRITABLE_MASKS,
			    "KVM_ARM_GET_REG_WRITABLE_MASKS", &r);
	return ret < 0 ? ret : 0;
}
