#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: a session VM's vCPU registers on the real KVM (arm64): vm regs lists
# what KVM_GET_REG_LIST gives with the ID registers decoded and their
# writable masks; vm regs set lowers an ID_AA64ISAR0_EL1 field, which
# debugfs idregs and the guest's own MRS (vm touch --idregs) then show;
# raising a field, a field outside the mask and a write after the first run
# are refused, by vmmctl and (--unchecked) by KVM with its errno. On x86,
# vm regs says it is arm64's. Runs on the host and in the arm64 rig.
set -u
: "${VMMCTL:?}"
. "$(dirname "$0")/tap.inc"
kvm_usable || { echo "KVM is not usable here: $kvm_why"; exit 77; }
live_scratch regs

# batch WANT LINES...: one batch of a fresh VM with a 64 KiB slot plus LINES
batch() {
	_want=$1
	shift
	printf 'vm create\nmem add vm0 0 0 64K\n' >"$tmp/b"
	for l in "$@"; do printf '%s\n' "$l" >>"$tmp/b"; done
	"$VMMCTL" -b "$tmp/b" >"$out" 2>"$err"
	st=$?
	[ "$st" = "$_want" ]
}

if [ "$(uname -m)" != aarch64 ]; then
	if batch 4 "vm regs vm0" && grep -q 'arm64 vCPUs' "$err"; then
		ok "vm regs on $(uname -m): exit 4, arm64 only"
	else
		nok "vm regs on $(uname -m): exit $st: $(cat "$err")"
	fi
	echo "1..$n"
	[ "$bad" = 0 ]
	exit
fi

# The batch's JSON (-j -b: one array) is read with sed: jfield REG FIELD FILE
# is the decoded value of REG.FIELD (the first REG object in FILE),
# jvalues REG FILE every value "0x..." of REG objects, jguest REG FILE the
# guest's MRS read of REG (vm touch --idregs)
jfield() {
	sed -n "s/.*\"name\":\"$1\",\"encoding\"\(.*\)/\1/p" "$3" |
		sed -n "s/^[^]]*\"name\":\"$2\",\"lsb\":[0-9]*,\"width\":[0-9]*,\"signed\":[a-z]*,\"value\":\(-*[0-9]*\).*/\1/p" |
		head -n 1
}
jvalues() {
	grep -o "\"name\":\"$1\",\"encoding\":\"[0-9,]*\",\"value\":\"0x[0-9a-f]*\"" "$2" |
		sed 's/.*"value":"\(0x[0-9a-f]*\)"/\1/'
}
jguest() { grep -o "\"$1\":\"0x[0-9a-f]*\"" "$2" | sed 's/.*:"\(0x[0-9a-f]*\)"/\1/'; }

if batch 0 "vm regs vm0 --all -j"; then
	count=$(sed -n 's/.*"count":\([0-9]*\).*/\1/p' "$out")
	listed=$(grep -o '"group":"' "$out" | wc -l)
	[ -n "$count" ] && [ "$listed" = "$count" ] &&
		ok "vm regs --all lists all $count registers of KVM_GET_REG_LIST" ||
		nok "vm regs --all: count $count, $listed listed"
	grep -q '"writable_masks":true' "$out" && ok "writable masks read (KVM_ARM_GET_REG_WRITABLE_MASKS)" ||
		nok "no writable masks: $(head -c 300 "$out")"
	cp "$out" "$tmp/regs"
else
	nok "vm regs: exit $st: $(cat "$err")"
fi
aes=$(jfield ID_AA64ISAR0_EL1 AES "$tmp/regs")
if [ -z "$aes" ] || [ "$aes" = 0 ]; then
	skip "lowering ID_AA64ISAR0_EL1.AES" "this CPU has AES=${aes:-?}"
else
	low=$((aes - 1))
	if batch 0 "vm regs set vm0 ID_AA64ISAR0_EL1 AES=$low -j" \
		"vm idregs vm0 --reg ID_AA64ISAR0_EL1 -j" "vm touch vm0 0x0+4K --idregs -j"
	then
		set -- $(jvalues ID_AA64ISAR0_EL1 "$out")
		guest=$(jguest ID_AA64ISAR0_EL1 "$out")
		[ $# = 2 ] && [ "$1" = "$2" ] && [ "$1" = "$guest" ] &&
			[ "$(jfield ID_AA64ISAR0_EL1 AES "$out")" = "$low" ] &&
			ok "AES lowered to $low: debugfs idregs and the guest's MRS read $1" ||
			nok "AES=$low: set and idregs $*, guest $guest: $(cat "$out")"
	else
		nok "vm regs set AES=$low: exit $st: $(cat "$err")"
	fi
	# two session VMs, one lowered: the diff names exactly that field
	if batch 0 "vm create" "mem add vm1 0 0 64K" "vm regs set vm1 ID_AA64ISAR0_EL1 AES=$low" \
		"vm regs diff vm0 vm1 -j"; then
		d=$(grep -o '"register":"[A-Z0-9_]*","field":"[A-Za-z0-9_]*"' "$out" | tr '\n' ' ')
		[ "$d" = '"register":"ID_AA64ISAR0_EL1","field":"AES" ' ] &&
			grep -q '"migration_safe":false' "$out" &&
			ok "vm regs diff vm0 vm1: exactly ID_AA64ISAR0_EL1.AES, migration unsafe" ||
			nok "diff: $d: $(tail -c 400 "$out")"
	else
		nok "vm regs diff: exit $st: $(cat "$err")"
	fi
	batch 4 "vm regs set vm0 ID_AA64ISAR0_EL1 AES=$((aes + 1))" && grep -q 'only be lowered' "$err" &&
		ok "raising AES: refused by vmmctl (exit 4)" || nok "raise: exit $st: $(cat "$err")"
	batch 4 "vm regs set vm0 ID_AA64ISAR0_EL1 AES=$((aes + 1)) --unchecked" &&
		grep -q 'KVM refused' "$err" && ok "raising AES --unchecked: KVM's EINVAL (exit 4)" ||
		nok "raise --unchecked: exit $st: $(cat "$err")"
	batch 6 "vm touch vm0 0x0+4K" "vm regs set vm0 ID_AA64ISAR0_EL1 AES=$low" &&
		grep -q 'has run' "$err" && ok "after the first run: refused by vmmctl (exit 6)" ||
		nok "after run: exit $st: $(cat "$err")"
	batch 6 "vm touch vm0 0x0+4K" "vm regs set vm0 ID_AA64ISAR0_EL1 AES=$low --unchecked" &&
		grep -q 'EBUSY' "$err" && ok "after the first run --unchecked: KVM's EBUSY (exit 6)" ||
		nok "after run --unchecked: exit $st: $(cat "$err")"
fi
# MIDR: writable only with KVM_CAP_ARM_WRITABLE_IMP_ID_REGS enabled before
# the first vCPU, which vm regs set does in a VM without one
rev=$(jfield MIDR_EL1 Revision "$tmp/regs")
if [ -n "$rev" ]; then
	new=$(( (rev + 1) % 16 ))
	# the vCPU exists (vm regs made it): KVM's mask may still show MIDR's bits,
	# then KVM itself refuses the write
	if batch 4 "vm regs vm0" "vm regs set vm0 MIDR_EL1 Revision=$new"; then
		grep -q 'not writable\|KVM refused' "$err" && grep -q 'set them first' "$err" &&
			ok "MIDR_EL1.Revision after the vCPU exists: refused (exit 4), with the hint" ||
			nok "MIDR refused: $(cat "$err")"
	else
		nok "MIDR with a vCPU: exit $st: $(cat "$err")"
	fi
	if batch 0 "vm regs set vm0 MIDR_EL1 Revision=$new" "vm touch vm0 0x0+4K --idregs -j"; then
		g=$(jguest MIDR_EL1 "$out")
		[ -n "$g" ] && [ $(( g & 15 )) = "$new" ] &&
			ok "MIDR_EL1.Revision=$new before the first vCPU: the guest reads $g" ||
			nok "MIDR set: the guest reads $g: $(cat "$out")"
	else
		nok "MIDR before the vCPU: exit $st: $(cat "$err")"
	fi
else
	nok "no MIDR_EL1.Revision in: $(head -c 300 "$tmp/regs")"
fi
# the guest's view equals KVM's after the first run (KVM finalises the ID
# registers then: without a vGICv3, ID_AA64PFR0_EL1.GIC reads 0 from then on)
if batch 0 "vm touch vm0 0x0+4K --idregs -j" "vm regs vm0 -j"; then
	bad0=$bad
	for r in ID_AA64PFR0_EL1 ID_AA64PFR1_EL1 ID_AA64DFR0_EL1 ID_AA64ISAR0_EL1 ID_AA64ISAR1_EL1 \
		ID_AA64MMFR0_EL1 ID_AA64MMFR1_EL1 MIDR_EL1; do
		k=$(jvalues "$r" "$out")
		g=$(jguest "$r" "$out")
		[ -n "$k" ] && [ "$k" = "$g" ] || nok "$r: KVM $k, guest $g"
	done
	[ "$bad" = "$bad0" ] && ok "8 ID registers: KVM_GET_ONE_REG after the run equals the guest's MRS"
else
	nok "vm touch --idregs: exit $st: $(cat "$err")"
fi
# every answer as JSON, for the host to check against the schemas (run.sh)
printf '%s\n' "vm create" "mem add vm0 0 0 64K" "vm regs vm0" "vm regs vm0 --all" \
	"vm regs set vm0 ID_AA64ISAR0_EL1 AES=${low:-0}" "vm idregs vm0" \
	"vm touch vm0 0x0+4K --idregs" "vm create" "mem add vm1 0 0 64K" "vm regs diff vm0 vm1" \
	>"$tmp/j"
if "$VMMCTL" -j -b "$tmp/j" >"$tmp/batch.json" 2>"$err"; then
	ok "the same commands as one JSON batch"
	echo "RIG-FILE-BEGIN regs-batch.json"
	base64 "$tmp/batch.json"
	echo "RIG-FILE-END"
else
	nok "JSON batch: $(cat "$err")"
fi
echo "1..$n"
[ "$bad" = 0 ]
