/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * VFIO device cdev (spec/UAPI.md A.4): bind a /dev/vfio/devices/vfioN fd to
 * an iommufd (which gives the iommufd device id), attach it to an IOAS or
 * HWPT, detach it; and the KVM VFIO device that associates the cdev with a
 * VM before bind (KVM is captured at bind time). Unbind is closing the fd.
 */
#ifndef VMM_LIB_VFIO_H
#define VMM_LIB_VFIO_H

#include <stdint.h>

#include "sys.h"
#include "uapi/iommufd.h"

#define VMM_VFIO_CDEV_DIR "/dev/vfio/devices"

/* Opens a VFIO device cdev read-write (a path the user named, under --root); fd or -errno. */
int vmm_vfio_open(struct vmm_sys *s, const char *path);
/*
 * VFIO_DEVICE_BIND_IOMMUFD; token: a 16-byte VF token UUID or NULL.
 * *dev_id gets the iommufd device id.
 */
int vmm_vfio_bind(struct vmm_sys *s, int dev_fd, int iommufd, const uint8_t *token,
		  uint32_t *dev_id);
/*
 * VFIO_DEVICE_ATTACH_IOMMUFD_PT to *pt_id (an IOAS or HWPT id); on return
 * *pt_id is the HWPT actually attached. pasid < 0: the whole device (no
 * ATTACH_PASID flag).
 */
int vmm_vfio_attach(struct vmm_sys *s, int dev_fd, int64_t pasid, uint32_t *pt_id);
/* VFIO_DEVICE_DETACH_IOMMUFD_PT; pasid < 0: the whole device. */
int vmm_vfio_detach(struct vmm_sys *s, int dev_fd, int64_t pasid);

/* KVM_CREATE_DEVICE of type KVM_DEV_TYPE_VFIO on a VM fd: returns the device fd or -errno. */
int vmm_kvm_vfio_create(struct vmm_sys *s, int vm_fd);
/* KVM_SET_DEVICE_ATTR KVM_DEV_VFIO_FILE ADD (add true) or DEL of a cdev fd. */
int vmm_kvm_vfio_file(struct vmm_sys *s, int kvm_vfio_fd, int cdev_fd, int add);

#endif
