#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# QEMU's edu device (1234:11e8), behind the emulated SMMUv3, bound to
# vfio-pci through driver_override, so that tests/live/vfio.sh finds a VFIO
# device cdev.  Checks the kernel's own view at each step: the SMMUv3
# platform device, the function's IOMMU group, the driver link, the cdev.
set -u
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }

smmu=$(ls -d /sys/bus/platform/devices/*.smmuv3 2>/dev/null | head -n 1)
if [ -z "$smmu" ]; then
	echo "no SMMUv3 platform device (kernel without CONFIG_ARM_SMMU_V3, or QEMU without iommu=smmuv3)"
	exit 77
fi
[ -e "$smmu/driver" ] && ok "$(basename "$smmu") is driven by $(basename "$(readlink "$smmu/driver")")" ||
	nok "$(basename "$smmu") has no driver"
if [ ! -d /sys/bus/pci/drivers/vfio-pci ]; then
	echo "no vfio-pci driver (kernel without CONFIG_VFIO_PCI built in: Debian's has it as a module)"
	exit 77
fi
dev=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x11e8 ] && dev=$d
done
[ -n "$dev" ] || { nok "no edu function (1234:11e8) on the PCI bus"; echo "1..$n"; exit 1; }
bdf=$(basename "$dev")
[ -e "$dev/iommu_group" ] && ok "$bdf is in IOMMU group $(basename "$(readlink "$dev/iommu_group")")" ||
	nok "$bdf has no IOMMU group"
[ -e "$dev/driver" ] && nok "$bdf already has a driver: $(readlink "$dev/driver")" ||
	ok "$bdf has no driver before the bind"
echo vfio-pci > "$dev/driver_override"
echo "$bdf" > /sys/bus/pci/drivers_probe
[ "$(basename "$(readlink "$dev/driver")")" = vfio-pci ] && ok "$bdf is bound to vfio-pci" ||
	nok "$bdf driver: $(readlink "$dev/driver")"
cdev=$(ls "$dev/vfio-dev" 2>/dev/null | head -n 1)
[ -n "$cdev" ] && [ -c "/dev/vfio/devices/$cdev" ] && ok "/dev/vfio/devices/$cdev is its cdev" ||
	nok "no VFIO cdev for $bdf (vfio-dev: $(ls "$dev/vfio-dev" 2>&1))"
echo "1..$n"
[ "$bad" = 0 ]
