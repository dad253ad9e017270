#!/bin/busybox sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# /init of the arm64 rig's initramfs: mount the pseudo file systems, run
# the rig's own checks (/rig/checks/*.sh) and the project's live tests
# (/live/*.sh), report TAP on the console, then power off.  The host reads
# the console: the last two lines are "N passed, N failed, N skipped" and
# "RIG-EXIT: <status>".
#
# A test is a script run with sh: exit 0 pass, 77 skip (its last output
# line is the reason), anything else fail.  Its output is shown as TAP
# diagnostics ("# ...").  Environment for the tests: VMMCTL (vmmctl's path,
# unset when it was not built), VMM_HELPER (the test VMM), RIG_KERNEL
# (custom or debian), RIG_ARCH=arm64, RIG_KVM_MODE (the kvm-arm.mode= of
# this boot, vhe without one), VMMCTL_EXPECT (features that must be
# available), TMPDIR=/tmp; debugfs is mounted, the tests run as root.
#
# A test that holds a line "# rig-modes: MODE..." runs only in those KVM
# modes and is reported as skipped in the others.  RIG_ONLY (rig.conf), when
# set, names the tests to run (shell patterns such as "rig/4*"); the others
# are not run at all.

/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run
/bin/busybox --install -s
export PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
export HOME=/root TMPDIR=/tmp

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts	# tmux's terminals (live/top)
mount -t tmpfs tmpfs /run
[ -e /sys/kernel/config ] && mount -t configfs configfs /sys/kernel/config
[ -d /sys/kernel/tracing ] && mount -t tracefs nodev /sys/kernel/tracing

RIG_KERNEL=unknown RIG_INJECT_FAIL=0 RIG_TEST_TIMEOUT=300 RIG_ONLY= RIG_REFRESH_SNAPSHOT=0 RIG_BENCH=0
[ -f /etc/rig.conf ] && . /etc/rig.conf
# a name and the host's time (the guest has no RTC the kernel reads): what a
# snapshot of this guest records
hostname rig
[ -n "${RIG_DATE:-}" ] && date -u -s "$RIG_DATE" >/dev/null
RIG_KVM_MODE=vhe
for w in $(cat /proc/cmdline); do
	case $w in kvm-arm.mode=*) RIG_KVM_MODE=${w#kvm-arm.mode=} ;; esac
done
export RIG_KERNEL RIG_KVM_MODE RIG_ARCH=arm64 VMM_HELPER=/rig/bin/vmm-helper RIG_REFRESH_SNAPSHOT RIG_BENCH
[ -x /usr/bin/vmmctl ] && export VMMCTL=/usr/bin/vmmctl
# Features vmmctl must report as available on this kernel (vmmctl host features).
case $RIG_KERNEL in
custom) VMMCTL_EXPECT="kvm kvm_mode arm_mte debugfs debugfs_kvm root mte_hwcap iommufd stage2_debugfs" ;;
debian) VMMCTL_EXPECT="kvm kvm_mode arm_mte debugfs debugfs_kvm root mte_hwcap" ;;
esac
[ "$RIG_KVM_MODE" = nested ] && VMMCTL_EXPECT="$VMMCTL_EXPECT nested_virt"
# protected KVM hides KVM_CAP_ARM_MTE from every VM (kvm_pkvm_ext_allowed)
[ "$RIG_KVM_MODE" = protected ] && VMMCTL_EXPECT="$(echo " $VMMCTL_EXPECT " | sed 's/ arm_mte / /') protected_vms"
# the custom kernel has the hypervisor's trace buffer where there is a hypervisor
case $RIG_KERNEL-$RIG_KVM_MODE in custom-nvhe | custom-protected) VMMCTL_EXPECT="$VMMCTL_EXPECT hyp_tracing" ;; esac
export VMMCTL_EXPECT

echo "# rig: kernel $(uname -r) ($RIG_KERNEL), $(nproc) CPUs, KVM mode $RIG_KVM_MODE"
n=0 passed=0 failed=0 skipped=0

# selected NAME: whether RIG_ONLY lets NAME run
selected() {
	[ -z "$RIG_ONLY" ] && return 0
	# no pathname expansion: from /, live/x* would turn into live/x.sh
	set -f
	for p in $RIG_ONLY; do
		# shellcheck disable=SC2254 # the patterns are meant to match
		case $1 in $p) set +f; return 0 ;; esac
	done
	set +f
	return 1
}

# run_test NAME COMMAND...
run_test() {
	name=$1
	shift
	selected "$name" || return 0
	n=$((n + 1))
	out=/tmp/test.$n.out
	t0=$(uptime_cs)
	timeout "$RIG_TEST_TIMEOUT" "$@" > "$out" 2>&1 < /dev/null
	rc=$?
	t1=$(uptime_cs)
	sed 's/^/# /' "$out"
	# the host gathers these into each test's time (tests/arm64/README.md)
	echo "# rig-time $name $(((t1 - t0) / 100)).$(printf '%02d' $(((t1 - t0) % 100)))"
	case $rc in
	0)
		echo "ok $n - $name [$RIG_KVM_MODE]"
		passed=$((passed + 1)) ;;
	77)
		reason=$(sed '/^[[:space:]]*$/d' "$out" | tail -n 1)
		echo "ok $n - $name [$RIG_KVM_MODE] # SKIP ${reason:-no reason given}"
		skipped=$((skipped + 1)) ;;
	*)
		[ "$rc" = 143 ] && echo "# timed out after $RIG_TEST_TIMEOUT s"
		echo "not ok $n - $name [$RIG_KVM_MODE] (exit status $rc)"
		failed=$((failed + 1)) ;;
	esac
}

# uptime_cs: the time since boot in hundredths of a second
uptime_cs() {
	read -r _up _ < /proc/uptime
	echo "${_up%.*}${_up#*.}" | sed 's/^0*\([0-9]\)/\1/'
}

# modes FILE: the KVM modes FILE runs in, empty for all
modes() { sed -n 's/^# rig-modes: *//p' "$1" | head -n 1; }

# run_script NAME FILE: FILE with sh, unless its modes leave this boot out
run_script() {
	m=$(modes "$2")
	case " ${m:-$RIG_KVM_MODE} " in
	*" $RIG_KVM_MODE "*) run_test "$1" sh "$2" ;;
	*) run_test "$1" sh -c "echo 'runs in KVM mode $m only'; exit 77" ;;
	esac
}

for t in /rig/checks/*.sh; do
	run_script "rig/$(basename "$t" .sh)" "$t"
done
[ "$RIG_INJECT_FAIL" = 1 ] && run_test "rig/injected-failure" sh -c \
	'echo "injected failure (RIG_INJECT_FAIL=1): this test always fails"; exit 1'

for t in /live/*.sh; do
	[ -f "$t" ] || continue
	if [ -n "${VMMCTL:-}" ]; then
		run_script "live/$(basename "$t" .sh)" "$t"
	else
		run_test "live/$(basename "$t" .sh)" sh -c 'echo "vmmctl was not built"; exit 77'
	fi
done

# Last: the kernel must not have complained while the tests ran.
run_test "rig/kernel-log" sh -c \
	'! dmesg | grep -E "BUG:|WARNING:|Oops|Call trace:|KASAN|UBSAN"'

echo "1..$n"
echo "$passed passed, $failed failed, $skipped skipped"
echo "RIG-EXIT: $([ "$failed" = 0 ] && echo 0 || echo 1)"
sync
poweroff -f
