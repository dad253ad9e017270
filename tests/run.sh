#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every test tier this machine can run and prints one closing line:
# "N passed, N failed, N skipped". Each test program reports either cmocka's
# summary or TAP-style lines (ok / not ok / ok ... # SKIP reason); a program
# that exits non-zero (other than 77, skip) without a failing line counts
# as one failure.
#
# The machine must come out unchanged: tests/guard.sh records /dev, /etc,
# the home directory and the temporary directory's names before the tiers
# and compares after; every entry created, removed or changed is a failure,
# named.  The tiers get XDG directories of their own, so that a REPL's
# history never lands in the user's home.
#
# Environment: VMMCTL (the binary), BUILD (build directory), PYTHON.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${VMMCTL:?}" "${BUILD:?}"
PYTHON=${PYTHON:-python3}
VMM_HELPER=${VMM_HELPER:-$BUILD/tests/vmm-helper}
export VMMCTL BUILD PYTHON VMM_HELPER
pass=0 fail=0 skip=0
scratch=$(mktemp -d)
log=$scratch/log
trap 'rm -rf "$scratch"' EXIT
sh "$here/guard.sh" record "$scratch/machine.before"
mkdir "$scratch/xdg"
export XDG_STATE_HOME="$scratch/xdg/state" XDG_CONFIG_HOME="$scratch/xdg/config" \
	XDG_CACHE_HOME="$scratch/xdg/cache" XDG_DATA_HOME="$scratch/xdg/data"

count() { # name, exit status; output in $log
	name=$1 st=$2
	p=$(grep -c '^ok ' "$log" | tr -d ' ')
	s=$(grep -c '^ok .*# SKIP' "$log" | tr -d ' ')
	f=$(grep -c '^not ok ' "$log" | tr -d ' ')
	cp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	cf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	cs=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=$((p - s + ${cp:-0})); f=$((f + ${cf:-0})); s=$((s + ${cs:-0}))
	if [ "$st" = 77 ] && [ $((p + f)) = 0 ]; then
		s=$((s + 1))
		echo "SKIP $name: $(tail -n 1 "$log")"
	elif [ "$st" != 0 ] && [ "$st" != 77 ] && [ "$f" = 0 ]; then
		f=1
		echo "FAIL $name (exit $st)"
		tail -n 20 "$log" | sed 's/^/    /'
	elif [ "$f" != 0 ]; then
		echo "FAIL $name: $f failed"
		grep -E '^not ok |^\[  FAILED  \]|^\[  ERROR   \]|FAILED|Error' "$log" | head -n 20 | sed 's/^/    /'
	else
		echo "PASS $name ($p passed${s:+, $s skipped}${took:+, $took})"
	fi
	grep '# SKIP' "$log" | sed 's/^/    /'
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
}

# run NAME COMMAND...: one test program, stopped after TEST_TIMEOUT seconds
# (600: more than 5 times the slowest one's median, tests/arm64/README.md);
# its time goes on its line
run() {
	name=$1; shift
	t0=$(date +%s%N)
	timeout "${TEST_TIMEOUT:-600}" "$@" >"$log" 2>&1
	st=$?
	[ "$st" = 124 ] && echo "timed out after ${TEST_TIMEOUT:-600} s" >>"$log"
	t1=$(date +%s%N)
	took=$(( (t1 - t0) / 100000000 ))
	took="$((took / 10)).$((took % 10)) s"
	count "$name" "$st"
	took=
}

echo "== unit (cmocka)"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] && run "unit/$(basename "$t")" "$t"
done

echo "== self-test"
run "cli/self-test" sh -c '"$VMMCTL" self-test >/dev/null && echo "ok 1 - self-test"'

echo "== cli, completion, man pages"
for t in "$here"/cli/test_*.py; do
	[ -f "$t" ] && run "cli/$(basename "$t")" "$PYTHON" "$t"
done
for t in "$here"/cli/test_*.sh; do
	[ -f "$t" ] || continue
	case $(head -n 1 "$t") in *bash*) sh=bash ;; *) sh=sh ;; esac
	run "cli/$(basename "$t")" "$sh" "$t"
done

# live_tier LABEL WRAP...: every live test, each as WRAP... sh TEST; vmmctl
# is run through tests/schema/capture.sh, and every JSON answer the tier's
# tests got is then validated against its command's schema
live_tier() {
	label=$1
	shift
	cap=$scratch/capture-$label
	mkdir "$cap"
	real=$VMMCTL
	export VMMCTL_REAL="$real" VMMCTL_CAPTURE="$cap" VMMCTL="$here/schema/capture.sh"
	for t in "$here"/live/*.sh; do
		[ -f "$t" ] && run "$label/$(basename "$t")" "$@" sh "$t"
	done
	export VMMCTL="$real"
	unset VMMCTL_REAL VMMCTL_CAPTURE
	run "$label/schemas" "$PYTHON" "$here/schema/captured.py" "$cap" "$label"
}

echo "== live (this machine's kernel)"
live_tier live

# The host-KVM tier again where debugfs is not what the first pass saw: in a
# mount namespace of its own with debugfs mounted, once as the kernel gives
# it and once locked down (lockdown-shim.so: the 0644 stat files refused with
# EPERM, as a kernel in lockdown does), so that both debugfs paths are proven
# on every machine with KVM, whatever its own debugfs.
shim=$BUILD/tests/lockdown-shim.so ns=$here/helpers/in-debugfs-ns.sh
kvm_why=$("$BUILD/tests/kvm-probe")
if [ "$kvm_why" != usable ]; then
	why="KVM is not usable here: $kvm_why"
elif [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
	why="mounting debugfs in a private mount namespace needs root and unshare(1)"
elif ! sh "$ns" true 2>/dev/null; then
	why="debugfs does not mount in a private mount namespace here"
else
	why=
fi
mounted=
grep -q '^[^ ]* /sys/kernel/debug debugfs ' /proc/mounts && mounted=1
for label in live-debugfs live-lockdown; do
	case $label in
	live-debugfs) echo "== live-debugfs (the host-KVM tests, debugfs mounted in a private mount namespace)" ;;
	*) echo "== live-lockdown (the same, debugfs locked down: 0644 files refused with EPERM)" ;;
	esac
	w=$why
	[ -z "$w" ] && [ "$label" = live-debugfs ] && [ -n "$mounted" ] &&
		w="debugfs is mounted on this machine: the live tier ran with it"
	if [ -n "$w" ]; then
		echo "$w" >"$log"
		count "$label" 77
		continue
	fi
	if [ "$label" = live-lockdown ]; then
		run "$label/shim" sh "$ns" sh "$here/helpers/lockdown-check.sh" "$shim"
		export LOCKDOWN_SHIM="$shim"
	fi
	live_tier "$label" sh "$ns"
	unset LOCKDOWN_SHIM
done

echo "== the machine outside the tests' own directories"
sh "$here/guard.sh" record "$scratch/machine.after"
if sh "$here/guard.sh" compare "$scratch/machine.before" "$scratch/machine.after" \
	>"$scratch/changes"; then
	echo "PASS guard: /dev, /etc, the home directory and ${TMPDIR:-/tmp} unchanged"
	pass=$((pass + 1))
else
	n=$(wc -l <"$scratch/changes" | tr -d ' ')
	echo "FAIL guard: $n entries changed outside the tests' own directories"
	sed 's/^/    /' "$scratch/changes"
	fail=$((fail + n))
fi

echo
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
