// SPDX-License-Identifier: GPL-3.0-or-later
#include "iface.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gunyah.h"
#include "iommufd.h"
#include "kvm.h"

static const struct {
	const char *path;
	const char *absent;	/* ENOENT: the kernel has no such node */
	const char *perm;	/* EACCES, EPERM */
} ifaces[] = {
	[VMM_IFACE_KVM] = { VMM_KVM_DEV, "KVM not built in or its module not loaded",
			    "needs root or the kvm group" },
	[VMM_IFACE_IOMMUFD] = { VMM_IOMMUFD_DEV, "CONFIG_IOMMUFD off or module not loaded",
				"needs root" },
	[VMM_IFACE_GUNYAH] = { VMM_GH_DEV, "Gunyah VMs are a proposed ABI (\"Drivers for "
			       "gunyah hypervisor\" v8, RFC) and mainline Linux has no Gunyah VM "
			       "manager", "needs root" },
};

const char *vmm_iface_path(enum vmm_iface id)
{
	return ifaces[id].path;
}

bool vmm_iface_absent(int err)
{
	return err == ENOENT || err == ENODEV || err == ENXIO || err == ENOTTY || err == EPROTO;
}

const char *vmm_iface_reason(enum vmm_iface id, int err, char *buf, size_t len)
{
	const char *p = ifaces[id].path;

	switch (err) {
	case ENOENT:
		snprintf(buf, len, "no %s: %s", p, ifaces[id].absent);
		break;
	case ENODEV:
		snprintf(buf, len, "%s is not a character device", p);
		break;
	case ENXIO:
		snprintf(buf, len, "%s has no driver behind it", p);
		break;
	case ENOTTY:
		snprintf(buf, len, "%s does not answer KVM_GET_API_VERSION: not KVM", p);
		break;
	case EPROTO:
		snprintf(buf, len, "%s answers a KVM API version other than 12", p);
		break;
	case EACCES:
	case EPERM:
		snprintf(buf, len, "%s: %s", p, ifaces[id].perm);
		break;
	default:
		snprintf(buf, len, "%s: %s", p, strerror(err));
	}
	return buf;
}
