#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The command-by-mode matrix of vmmctl-vm(8), cell by cell, against the
# real kernel in this boot's KVM mode: each cell is a batch of vmmctl
# commands on a VM the batch creates, with the exit status and the words of
# the message the man page promises for this mode. Protected VMs exist only
# in protected mode; there, MTE is hidden from every VM, and a protected
# VM's guest may run once (its pages then belong to it, not to the host).
# The stage-2 cells need the dump (the custom kernel; Debian's has none).
. "$(dirname "$0")/rig.inc"
tmp=${TMPDIR:-/tmp}/pkvm.$$
mkdir "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0 cells=0
mode=$RIG_KVM_MODE
stage2=yes
[ "$RIG_KERNEL" = debian ] && stage2=no

# cell NAME RC WORDS LINE...: the batch of LINEs exits RC and, when WORDS is
# not empty, its error message holds WORDS
cell() {
	_name=$1 _rc=$2 _words=$3
	shift 3
	printf '%s\n' "$@" > "$tmp/batch"
	"$VMMCTL" -b "$tmp/batch" > "$tmp/out" 2> "$tmp/err"
	_got=$?
	cells=$((cells + 1))
	if [ "$_got" != "$_rc" ]; then
		echo "FAIL: [$mode] $_name: exit $_got, expected $_rc"
		sed 's/^/    /' "$tmp/err" "$tmp/out" | head -n 12
		failed=1
		return
	fi
	if [ -n "$_words" ] && ! grep -qF "$_words" "$tmp/err"; then
		echo "FAIL: [$mode] $_name: the message lacks '$_words'"
		sed 's/^/    /' "$tmp/err" | head -n 8
		failed=1
		return
	fi
	echo "[$mode] $_name: exit $_got${_words:+ ($_words)}"
}

pkvm_mte="protected KVM (pKVM) hides MTE from every VM"
touch="mem add vm0 0 0x40000000 2M"

cell "vm create" 0 "" "vm create"
cell "vm create -n --protected --ipa-bits 40 (type word)" 0 "" \
	"vm create -n --protected --ipa-bits 40"
"$VMMCTL" -j -n vm create --protected --ipa-bits 40 | grep -q '"arg":"0x80000028"' ||
	{ echo "FAIL: -n does not show the type word 0x80000028"; failed=1; }
cell "ordinary VM: slot, guest run, dirty log, list, show, stats" 0 "" "vm create" \
	"$touch --log-dirty" "vm touch vm0 0x40000000+64K" "mem dirty vm0 0" "vm list" \
	"vm show vm0" "vm stats vm0"

if [ "$mode" = protected ]; then
	cell "vm create --protected" 0 "" "vm create --protected"
	"$VMMCTL" -j vm create --protected | grep -q '"protected":true' ||
		{ echo "FAIL: vm create --protected: not \"protected\":true"; failed=1; }
	cell "protected VM: caps" 0 "" "vm create --protected" "vm caps vm0"
	cell "protected VM: slot and one guest run" 0 "" "vm create --protected" "$touch" \
		"vm touch vm0 0x40000000+64K" "vm show vm0"
	cell "protected VM: a second guest run" 4 "already ran: pKVM gave its pages" \
		"vm create --protected" "$touch" "vm touch vm0 0x40000000+64K" \
		"vm touch vm0 0x40000000+64K"
	cell "vm create --mte" 4 "$pkvm_mte" "vm create --mte"
	cell "protected VM: mte enable" 4 "$pkvm_mte" "vm create --protected" "mte enable vm0"
	s2_rc=4 s2_words="protected KVM"
else
	cell "vm create --protected" 4 "this host runs KVM in $mode mode" "vm create --protected"
	cell "vm create --mte" 0 "" "vm create --mte"
	cell "mte enable" 0 "" "vm create" "mte enable vm0"
	s2_rc=0 s2_words=
fi
if [ "$stage2" = yes ]; then
	for c in summary show; do
		cell "ordinary VM: stage2 $c" "$s2_rc" "$s2_words" "vm create" "$touch" \
			"vm touch vm0 0x40000000+64K" "stage2 $c vm0"
	done
fi
echo "$cells cells in $mode mode"
exit "$failed"
