#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# vmmctl snapshot of this guest while the test VMM's VMs live, then replay
# equals live: every read-only command, for every VM, answers from the
# snapshot exactly as it does on the host a moment before (the JSON without
# provenance and vm stats' elapsed_ns, the documented differences).
# One line per command. The VMs: THP guest RAM with a read-only and a
# dirty-logged slot, a hugetlb slot, MTE on (where KVM offers it), small
# pages; plus a process holding /dev/iommu. Timed: `vmmctl snapshot` and
# replay of `vm list` from the tarball and from a directory, as ratios.
# With RIG_REFRESH_SNAPSHOT=1 (vhe) the tarball goes to the console,
# base64, for run.sh to write to tests/fixtures/snapshot/.
. "$(dirname "$0")/rig.inc"
tmp=${TMPDIR:-/tmp}/snap.$$
mkdir "$tmp" || exit 1
pids='' hp_old='' failed=0 n=0
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	[ -n "$hp_old" ] && echo "$hp_old" > /proc/sys/vm/nr_hugepages
	rm -rf "$tmp"
}
trap cleanup EXIT

start() {
	_name=$1
	shift
	rig_start "$tmp/$_name.out" 600 "$@" --hold 300
	pids="$pids $pid"
	echo "$_name: $line"
}

start thp --pages 16 --ro-pages 4 --log-pages 4
if [ -w /proc/sys/vm/nr_hugepages ]; then
	hp_old=$(cat /proc/sys/vm/nr_hugepages)
	echo 2 > /proc/sys/vm/nr_hugepages
	start hugetlb --hugetlb --pages 16 --ro-pages 0
fi
if "$VMMCTL" -j host features | grep -q '"name":"arm_mte","available":true'; then
	start mte --mte --pages 4
fi
start small --no-thp --pages 8
if [ -c /dev/iommu ]; then
	sh -c 'exec 7<>/dev/iommu; exec sleep 300' &
	pids="$pids $!"
fi
sleep 0.2

# snapshot: a tarball and a directory, timed (5 runs each of the tarball)
: > "$tmp/take.t"
for i in 1 2 3 4 5; do
	rm -f "$tmp/s.tar.gz"
	rig_time "$tmp/take.t" "$VMMCTL" snapshot -o "$tmp/s.tar.gz" || failed=1
done
"$VMMCTL" -j snapshot -o "$tmp/s.tar.gz" > "$tmp/take.json" || failed=1
"$VMMCTL" snapshot "$tmp/d" || failed=1
cat "$tmp/take.json"; echo
echo "snapshot -o (ms, min median max of 5): $(rig_stat "$tmp/take.t" 1)" \
	"size $(wc -c < "$tmp/s.tar.gz") bytes"

# same NAME ARGS...: live and replayed JSON of one command, equal but for
# the documented differences; the exit status must be 0 on both
norm() { sed 's/,"provenance":{[^}]*}//g; s/"elapsed_ns":[0-9]*,//g' "$1"; }
same() {
	_name=$1
	shift
	n=$((n + 1))
	"$VMMCTL" -j "$@" > "$tmp/live.json" 2> "$tmp/live.err"
	_l=$?
	"$VMMCTL" --root "$tmp/s.tar.gz" -j "$@" > "$tmp/rep.json" 2> "$tmp/rep.err"
	_r=$?
	norm "$tmp/live.json" > "$tmp/live.n"
	norm "$tmp/rep.json" > "$tmp/rep.n"
	# an empty list has no object to carry its provenance
	if [ "$_l" = 0 ] && [ "$_r" = 0 ] && cmp -s "$tmp/live.n" "$tmp/rep.n" &&
	   { grep -q '"provenance":{"kind":"snapshot"' "$tmp/rep.json" ||
	     [ "$(cat "$tmp/rep.n")" = "[]" ]; }; then
		echo "ok $n - replay equals live: $_name"
	else
		echo "not ok $n - replay equals live: $_name (exit $_l live, $_r replayed)"
		head -c 600 "$tmp/live.err" "$tmp/rep.err"
		tr ',' '\n' < "$tmp/live.n" > "$tmp/live.l"
		tr ',' '\n' < "$tmp/rep.n" > "$tmp/rep.l"
		diff "$tmp/live.l" "$tmp/rep.l" | head -n 30
		echo
		failed=1
	fi
}

same "host features" host features
same "vm list" vm list
same "pci list" pci list
same "tsm list" tsm list
same "tsm ide" tsm ide
same "iommufd list" iommufd list
for bdf in $(ls /sys/bus/pci/devices); do
	same "pci show $bdf" pci show "$bdf"
done
vms=$(ls /sys/kernel/debug/kvm | grep '^[0-9]*-[0-9]*$')
for vm in $vms; do
	same "vm show $vm" vm show "$vm"
	same "vm stats $vm" vm stats "$vm" --interval 1
	# protected KVM keeps the tables at EL2: the host cannot read them
	if [ "$RIG_KVM_MODE" != protected ] && [ -e "/sys/kernel/debug/kvm/$vm/stage2_page_tables" ]; then
		same "stage2 summary $vm" stage2 summary "$vm"
		same "stage2 show $vm" stage2 show "$vm"
	fi
done
for p in $pids; do
	[ -d "/proc/$p" ] && same "mte maps --pid $p" mte maps --pid "$p"
done
[ -n "$vms" ] || { echo "FAIL: no VM in debugfs"; failed=1; }

# a command that needs the kernel: exit 4 naming the snapshot
"$VMMCTL" --root "$tmp/s.tar.gz" vm create 2> "$tmp/err"
rc=$?
n=$((n + 1))
if [ "$rc" = 4 ] && grep -q "is a snapshot" "$tmp/err"; then
	echo "ok $n - vm create on a snapshot: exit 4"
else
	echo "not ok $n - vm create on a snapshot: exit $rc"; cat "$tmp/err"; failed=1
fi

# replay of vm list: from the tarball and from the directory, alternating
: > "$tmp/tar.t"
: > "$tmp/dir.t"
for i in 1 2 3 4 5 6 7; do
	rig_time "$tmp/tar.t" "$VMMCTL" --root "$tmp/s.tar.gz" vm list || failed=1
	rig_time "$tmp/dir.t" "$VMMCTL" --root "$tmp/d" vm list || failed=1
done
tar_t=$(rig_stat "$tmp/tar.t" 1) dir_t=$(rig_stat "$tmp/dir.t" 1)
echo "replay of vm list (ms, min median max of 7): tarball $tar_t, directory $dir_t," \
	"median ratio $(echo "$tar_t $dir_t" | awk '{ printf "%.2f", $2 / $5 }')"

if [ "${RIG_REFRESH_SNAPSHOT:-0}" = 1 ] && [ "$RIG_KVM_MODE" = vhe ]; then
	echo "RIG-SNAPSHOT-BEGIN $(sha256sum < "$tmp/s.tar.gz" | cut -d' ' -f1)"
	base64 "$tmp/s.tar.gz"
	echo "RIG-SNAPSHOT-END"
fi
exit "$failed"
