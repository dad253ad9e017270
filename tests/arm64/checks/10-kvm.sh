#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The guest kernel runs KVM itself (QEMU gives it EL2) and exposes debugfs.
dmesg | grep -iE 'kvm \[|hyp mode|VHE|nVHE' | head -n 5
[ -c /dev/kvm ] || { echo "no /dev/kvm"; exit 1; }
[ -d /sys/kernel/debug/kvm ] || { echo "no /sys/kernel/debug/kvm"; exit 1; }
echo "/dev/kvm and /sys/kernel/debug/kvm present"
