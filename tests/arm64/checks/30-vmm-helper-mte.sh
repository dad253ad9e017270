#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The test VMM runs its guest with MTE: the guest tags 16 pages with STG,
# the helper reads the tags back with KVM_ARM_MTE_COPY_TAGS.
line=$("$VMM_HELPER" --mte --pages 16 --hold 0 2>&1)
rc=$?
echo "$line"
case $line in *"KVM_CAP_ARM_MTE not available"*)	# protected KVM hides it
	echo "KVM_CAP_ARM_MTE not available (KVM mode $RIG_KVM_MODE)"; exit 77 ;; esac
[ "$rc" = 0 ] || { echo "vmm-helper exit status $rc"; exit 1; }
case $line in
*" tags=ok markers=ok exit=system_off"*) ;;
*) echo "unexpected result"; exit 1 ;;
esac
