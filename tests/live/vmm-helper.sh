#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: the test VMM runs guest code that writes guest memory, and while it
# holds its VM, the per-VM debugfs directory it names exists and vmmctl
# counts it. Runs on the host and in the arm64 rig.
set -u
: "${VMMCTL:?}"
helper=${VMM_HELPER:-${BUILD:-}/tests/vmm-helper}
[ -x "$helper" ] || { echo "no test VMM helper built"; exit 77; }
. "$(dirname "$0")/tap.inc"
kvm_usable || { echo "KVM is not usable here: $kvm_why"; exit 77; }

out=${TMPDIR:-/tmp}/vmm-helper.$$
live_start "$out" vm 100 "$helper" --pages 8 --hold 30
case $line in
*markers=ok*) ok "guest wrote its markers: $line" ;;
*) nok "guest run: $(cat "$out")" ;;
esac
dir=$(printf '%s' "$line" | sed -n 's/.* debugfs=\([0-9]*-[0-9]*\) .*/\1/p')
[ "${dir%-*}" = "$pid" ] && ok "debugfs name starts with the creator's pid" ||
	nok "debugfs name '$dir' vs pid $pid"
if grep -q '^[^ ]* /sys/kernel/debug debugfs ' /proc/mounts && [ -r /sys/kernel/debug/kvm ]; then
	[ -d "/sys/kernel/debug/kvm/$dir" ] && ok "kvm/$dir exists while the VM lives" ||
		nok "kvm/$dir missing"
	vms=$(ls /sys/kernel/debug/kvm | grep -c '^[0-9]*-[0-9]*$')
	got=$("$VMMCTL" -j host features | grep -o '{"name":"debugfs_kvm",[^}]*' |
		sed -n 's/.*"value":\([0-9]*\).*/\1/p')
	[ "$got" = "$vms" ] && ok "host features counts $vms VM directories" ||
		nok "host features counts '$got' VM directories, debugfs has $vms"
else
	n=$((n + 1)); echo "ok $n - per-VM debugfs directory # SKIP debugfs not mounted or not readable"
fi
kill "$pid" 2>/dev/null
wait "$pid"
st=$?
[ "$st" = 0 ] && ok "helper exits 0 on SIGTERM" || nok "helper exit status $st"
rm -f "$out"
[ $bad = 0 ]
