#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: the test VMM holds a VM, and `vm list` finds it in /proc with its
# per-VM debugfs directory, `vm show` reads its stats there, `vm stats`
# samples them. Runs on the host and in the arm64 rig (busybox sh).
# Exit 0 pass, 77 skip (reason on the last line), else fail.
set -u
: "${VMMCTL:?}"
helper=${VMM_HELPER:-${BUILD:-}/tests/vmm-helper}
[ -x "$helper" ] || { echo "no test VMM helper built"; exit 77; }
. "$(dirname "$0")/tap.inc"
kvm_usable || { echo "KVM is not usable here: $kvm_why"; exit 77; }
if ! grep -q '^[^ ]* /sys/kernel/debug debugfs ' /proc/mounts || [ ! -r /sys/kernel/debug/kvm ]; then
	echo "debugfs is not mounted at /sys/kernel/debug or kvm/ is not readable"
	exit 77
fi

live_scratch vm-list

live_start "$tmp/helper" vm 100 "$helper" --hold 30
if [ -z "$line" ]; then
	nok "helper ready: $(cat "$tmp/helper")"
	exit 1
fi
vpid=$(printf '%s' "$line" | sed -n 's/.* pid=\([0-9]*\) .*/\1/p')
fd=$(printf '%s' "$line" | sed -n 's/.* fd=\([0-9]*\) .*/\1/p')
dir=$(printf '%s' "$line" | sed -n 's/.* debugfs=\([0-9]*-[0-9]*\) .*/\1/p')
id=$vpid-$fd
check "helper's VM $id is its own ($line)" [ "$vpid" = "$pid" ]

# vm list: the entry of that VM, up to its memory array
"$VMMCTL" -j vm list >"$tmp/list" 2>"$tmp/err"
st=$?
check "vm list exits 0 (stderr: $(cat "$tmp/err"))" [ "$st" = 0 ]
entry=$(grep -o "{\"id\":\"$id\",[^[]*" "$tmp/list")
check "vm list has $id" [ -n "$entry" ]
case $entry in
*"\"debugfs\":\"/sys/kernel/debug/kvm/$dir\""*) ok "its debugfs directory is kvm/$dir" ;;
*) nok "debugfs directory kvm/$dir in: $entry" ;;
esac
case $entry in
*"\"tid\":$vpid,"*) ok "the creating thread is the helper's main thread" ;;
*) nok "tid $vpid in: $entry" ;;
esac
case $entry in
*'"vcpus":1,'*) ok "one vCPU (vcpuN in debugfs where the arch has them, else vCPU fds)" ;;
*) nok "vcpus 1 in: $entry" ;;
esac

# vm show: every stat of the debugfs directory; PID alone names the same VM
"$VMMCTL" -j vm show "$id" >"$tmp/show" 2>"$tmp/err"
st=$?
check "vm show $id exits 0 (stderr: $(cat "$tmp/err"))" [ "$st" = 0 ]
check "vm show reads debugfs" grep -q '"stats_source":"debugfs"' "$tmp/show"
refused=$(sed -n 's/.*"stats_refused":\([0-9]*\).*/\1/p' "$tmp/show")
if grep -q '{"name":"remote_tlb_flush","type":"cumulative","value":[0-9]*}' "$tmp/show"; then
	ok "vm show lists remote_tlb_flush (a counter every arch has)"
elif [ "${refused:-0}" -gt 0 ]; then
	# a locked-down kernel opens only read-only debugfs files
	check "debugfs refused $refused counters; the current values show" \
		grep -q '{"name":"blocking","type":"instant","value":[0-9]*}' "$tmp/show"
else
	nok "remote_tlb_flush in: $(head -c 400 "$tmp/show")"
fi
"$VMMCTL" -j vm show "$vpid" >"$tmp/show2" 2>/dev/null
check "vm show $vpid is vm show $id" grep -q "^{\"id\":\"$id\"," "$tmp/show2"

# vm stats: one interval of one second
"$VMMCTL" -j vm stats "$id" --interval 1 --count 1 >"$tmp/stats" 2>"$tmp/err"
st=$?
check "vm stats exits 0 (stderr: $(cat "$tmp/err"))" [ "$st" = 0 ]
# pid and comm: the helper's own (its ready line, its program name)
head="{\"vm\":\"$id\",\"pid\":$vpid,\"comm\":\"vmm-helper\",\"source\":\"debugfs\",\"interval_s\":1,\"count\":1,"
check "vm stats gives one sample of debugfs stats, with the helper's pid and comm" \
	grep -q "^$head.*\"samples\":\[{\"index\":1," "$tmp/stats"

# the same as metrics (--openmetrics), from the real kernel's debugfs
lab="vm=\"$id\",pid=\"$vpid\",comm=\"vmm-helper\""
"$VMMCTL" --openmetrics vm stats "$id" >"$tmp/prom" 2>"$tmp/err"
if [ "${refused:-0}" = 0 ]; then
	check "vm stats --openmetrics: remote_tlb_flush as a counter of $id" \
		grep -q "^vmmctl_vm_kvm_stat_total{$lab,stat=\"remote_tlb_flush\"} [0-9]*$" "$tmp/prom"
else
	# the counters are refused here: the files cat cannot open, counted
	# without vmmctl, are the ones it says it lost, and no counter is made up
	# (files of a VM's directory that are not KVM stats left out)
	unread=0
	for f in /sys/kernel/debug/kvm/$dir/*; do
		case ${f##*/} in
		mmu_rmaps_stat | stage2_* | ipa_range | idregs | resx | vgic-*) continue ;;
		esac
		[ -f "$f" ] && ! cat "$f" >/dev/null 2>&1 && unread=$((unread + 1))
	done
	check "vm stats --openmetrics: $refused refused stat files, as many as cat cannot open ($unread)" \
		[ "$refused" = "$unread" ]
	check "... it warns of them and names the lockdown" \
		grep -q "debugfs refused $refused stat files (Operation not permitted): a locked-down kernel" "$tmp/err"
	check "... and has current values but no counter" sh -c \
		'grep -q "^vmmctl_vm_kvm_stat{$1,stat=\"blocking\",kind=\"instant\"} [0-9]*$" "$2" &&
		! grep -q "^vmmctl_vm_kvm_stat_total" "$2"' sh "$lab" "$tmp/prom"
fi
check "... and the exposition ends with # EOF" [ "$(tail -n 1 "$tmp/prom")" = "# EOF" ]
"$VMMCTL" --openmetrics vm list >"$tmp/prom" 2>"$tmp/err"
check "vm list --openmetrics: one vCPU for $id" grep -qx "vmmctl_vm_vcpus{$lab} 1" "$tmp/prom"

kill "$pid" 2>/dev/null
wait "$pid"
st=$?
pid=
check "helper exits 0 on SIGTERM" [ "$st" = 0 ]
"$VMMCTL" -j vm show "$id" >/dev/null 2>&1
st=$?
check "once the helper is gone, vm show $id is not found (exit $st)" [ "$st" = 5 ]
[ $bad = 0 ]
