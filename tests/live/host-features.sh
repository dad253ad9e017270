#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: `vmmctl -j host features` against what this kernel really offers,
# read independently from /dev, /proc and /sys. POSIX sh (runs under
# busybox in the arm64 rig). VMMCTL_EXPECT lists features that must be
# available here (the rig's custom kernel sets it).
set -u
: "${VMMCTL:?}"
. "$(dirname "$0")/tap.inc"

out=$("$VMMCTL" -j host features) && ok "host features exits 0" || nok "host features exits 0"
# available flag of a feature: items start {"name":"X","available":B
avail() {
	printf '%s' "$out" | grep -o "{\"name\":\"$1\",\"available\":[a-z]*" | head -n 1 |
		sed 's/.*://'
}
value() {
	printf '%s' "$out" | grep -o "{\"name\":\"$1\",[^}]*" | head -n 1 |
		sed -n 's/.*"value":\([0-9-]*\).*/\1/p'
}
same() { # name, expected true|false, why
	got=$(avail "$1")
	if [ "$got" = "$2" ]; then ok "$1 available=$2 ($3)"; else nok "$1: vmmctl says '$got', $3 says $2"; fi
}

case $out in '{"arch":'*) ok "one JSON object" ;; *) nok "one JSON object: $out" ;; esac

# what vmmctl says of an interface it cannot open: exit 4 (or 3 without
# the rights), the device as the error's path, host features' own reason
refused() { # feature, device, command...
	_f=$1 _dev=$2
	shift 2
	_why=$(printf '%s' "$out" | grep -o "{\"name\":\"$_f\",[^}]*" |
		sed -n 's/.*"reason":"\([^"]*\)".*/\1/p')
	_e=$("$VMMCTL" -j "$@" 2>/dev/null)
	_st=$?
	case $_st:$_e in
	[34]:*"\"path\":\"$_dev\""*"\"message\":\"$_why\""* | \
	[34]:*"\"message\":\"$_why\""*"\"path\":\"$_dev\""*)
		ok "'$*' exits $_st naming $_dev: $_why" ;;
	*) nok "'$*' without $_dev: exit $_st, $_e (host features: $_why)" ;;
	esac
}

if kvm_usable; then
	same kvm true "kvm-probe: $kvm_why"
	v=$(value kvm_api_version)
	[ "$v" = 12 ] && ok "KVM API version 12" || nok "KVM API version: '$v'"
else
	same kvm false "kvm-probe: $kvm_why"
	refused kvm /dev/kvm vm create
fi

if [ -c /dev/iommu ]; then
	same iommufd true "/dev/iommu is a character device"
else
	same iommufd false "no /dev/iommu character device"
	refused iommufd /dev/iommu iommufd open
fi

if [ -n "$(ls /sys/class/tsm 2>/dev/null)" ]; then
	same tsm true "/sys/class/tsm has entries"
else
	same tsm false "/sys/class/tsm is absent or empty"
fi

if grep -q '^[^ ]* /sys/kernel/debug debugfs ' /proc/mounts; then
	same debugfs true "/proc/mounts"
else
	same debugfs false "/proc/mounts"
fi

if [ "$(id -u)" = 0 ]; then same root true "id -u"; else same root false "id -u"; fi

case $(uname -m) in
aarch64)
	if grep -q '^Features.* mte' /proc/cpuinfo; then
		same mte_hwcap true "/proc/cpuinfo Features"
	else
		same mte_hwcap false "/proc/cpuinfo Features"
	fi
	mode=$(printf '%s' "$out" | grep -o '{"name":"kvm_mode",[^}]*' | sed -n 's/.*"detail":"\([^"]*\)".*/\1/p')
	[ -n "$mode" ] && ok "kvm_mode reported: $mode" || nok "kvm_mode has no detail"
	# the kernel's own line, read here: the mode and whether vCPUs get EL2
	init=$(dmesg 2>/dev/null | grep -o '[A-Za-z]* *[nh]*VHE[+NV2]* mode initialized successfully' | tail -n 1)
	case $init in
	*VHE+NV2*) want=nested el2=true ;;
	Protected*) want=protected el2=false ;;
	Hyp\ n*) want=nvhe el2=false ;;
	Hyp\ h*) want=hvhe el2=false ;;
	*VHE*) want=vhe el2=false ;;
	*) want= ;;
	esac
	if [ -n "$want" ]; then
		case $mode in "$want" | "$want "*) ok "kvm_mode $mode (kernel: $init)" ;;
		*) nok "kvm_mode '$mode', the kernel says '$init'" ;; esac
		ev=$(printf '%s' "$out" | grep -o '{"name":"kvm_mode",[^}]*' | sed -n 's/.*"evidence":"\([^"]*\)".*/\1/p')
		case $ev in "kernel log: "*"$init"*) ok "kvm_mode evidence: $ev" ;;
		*) nok "kvm_mode evidence '$ev' is not the kernel's line '$init'" ;; esac
		same nested_virt "$el2" "the kernel's '$init'"
		[ "$want" = protected ] && pvm=true || pvm=false
		same protected_vms "$pvm" "the kernel's '$init'"
	else
		skip "kvm_mode against the kernel log" "no KVM init line in dmesg"
	fi
	if [ -d /sys/kernel/tracing/remotes/hypervisor ]; then
		same hyp_tracing true "/sys/kernel/tracing/remotes/hypervisor exists"
	else
		same hyp_tracing false "no /sys/kernel/tracing/remotes/hypervisor"
	fi
	;;
*)
	same mte_hwcap false "not arm64"
	same stage2_debugfs false "x86 has no stage-2 dump"
	;;
esac

for f in ${VMMCTL_EXPECT:-}; do
	[ "$(avail "$f")" = true ] && ok "$f available (expected here)" || nok "$f not available: $(printf '%s' "$out" | grep -o "{\"name\":\"$f\",[^}]*")"
done
[ -n "${VMMCTL_EXPECT:-}" ] || skip "expected features" "VMMCTL_EXPECT not set on this machine"

# the shell opens readline when it starts (it is not linked): a line through
# it, with its history in a scratch home
live_scratch host-features
sh_out=$(printf 'host features\n' | HOME=$tmp "$VMMCTL" -j -i 2>&1)
case $sh_out in '{"arch":'*) ok "the interactive shell loads readline and answers a line" ;;
*) nok "vmmctl -i: $sh_out" ;; esac

[ $bad = 0 ]
