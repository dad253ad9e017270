#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make demo, second half: the arm64 KVM host captured in the rig
# (tests/fixtures/snapshot/arm64-rig.tar.gz), replayed on this machine.
# Usage: replay.sh VMMCTL SNAPSHOT
set -u
vmmctl=$1 snap=$2
if [ ! -f "$snap" ]; then
	echo "no $snap: 'make check-arm64 RIG_REFRESH_SNAPSHOT=1' captures one"
	exit 0
fi
run() {
	echo "\$ vmmctl --root $(basename "$snap") $*"
	"$vmmctl" --root "$snap" "$@"
	echo
}
echo "An arm64 KVM host, captured in the rig (vmmctl snapshot), replayed here:"
echo
run host features
run vm list
# the VM whose guest RAM is anonymous memory (THP), and the one with hugetlb
ids=$("$vmmctl" --root "$snap" -j vm list | tr '{' '\n' | sed -n 's/^"id":"\([0-9-]*\)".*/\1/p')
thp=
for id in $ids; do
	"$vmmctl" --root "$snap" -j vm show "$id" | grep -q '"kind":"hugetlb"' && continue
	thp=$id
	break
done
[ -n "$thp" ] || exit 0
run vm show "$thp"
run stage2 summary "$thp"
run pci list
