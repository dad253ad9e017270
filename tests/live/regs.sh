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

# field REG FIELD FILE: the decoded value of REG.FIELD in `vm regs` text
field() {
	awk -v r="$1" -v f="$2" '$1 ~ /^[A-Z]/ { cur = $1 } cur == r && $1 == f { print $4; exit }' "$3"
}
# value REG FILE: REG's value in `vm regs`/`vm idregs` text
value() { awk -v r="$1" '$1 == r { print $2; exit }' "$2"; }

if batch 0 "vm regs vm0" && cp "$out" "$tmp/regs" && batch 0 "vm regs vm0 --all"; then
	count=$(sed -n 's/^vm0 vcpu 0: \([0-9]*\) registers.*/\1/p' "$out")
	listed=$(grep -c '^[A-Za-z]' "$out")
	[ -n "$count" ] && [ "$((listed - 1))" = "$count" ] &&
		ok "vm regs --all lists all $count registers of KVM_GET_REG_LIST" ||
		nok "vm regs --all: count $count, $((listed - 1)) listed"
else
	nok "vm regs: exit $st: $(cat "$err")"
fi
grep -q 'ID_AA64ISAR0_EL1 .*writable 0x' "$tmp/regs" &&
	ok "ID_AA64ISAR0_EL1 decoded with KVM's writable mask" || nok "no mask: $(head -20 "$tmp/regs")"
aes=$(field ID_AA64ISAR0_EL1 AES "$tmp/regs")
if [ -z "$aes" ] || [ "$aes" = 0 ]; then
	skip "lowering ID_AA64ISAR0_EL1.AES" "this CPU has AES=${aes:-?}"
else
	low=$((aes - 1))
	if batch 0 "vm regs set vm0 ID_AA64ISAR0_EL1 AES=$low" "vm idregs vm0 --reg ID_AA64ISAR0_EL1" \
		"vm touch vm0 0x0+4K --idregs -j"
	then
		want=$(sed -n 's/^ID_AA64ISAR0_EL1 *\(0x[0-9a-f]*\).*/\1/p' "$out" | head -n 1)
		dbg=$(sed -n 's/^ *ID_AA64ISAR0_EL1 *\(0x[0-9a-f]*\).*/\1/p' "$out" | sed -n 2p)
		guest=$(sed -n 's/.*"ID_AA64ISAR0_EL1":"\(0x[0-9a-f]*\)".*/\1/p' "$out")
		[ -n "$want" ] && [ "$want" = "$dbg" ] && [ "$want" = "$guest" ] &&
			ok "AES lowered to $low: debugfs idregs and the guest's MRS read $want" ||
			nok "AES=$low: set $want, idregs $dbg, guest $guest: $(cat "$out")"
	else
		nok "vm regs set AES=$low: exit $st: $(cat "$err")"
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
		grep -q 'EBUSY\|Device or resource busy' "$err" &&
		ok "after the first run --unchecked: KVM's EBUSY (exit 6)" ||
		nok "after run --unchecked: exit $st: $(cat "$err")"
fi
# MIDR: not writable without KVM_CAP_ARM_WRITABLE_IMP_ID_REGS
rev=$(field MIDR_EL1 Revision "$tmp/regs")
if [ -n "$rev" ]; then
	batch 4 "vm regs set vm0 MIDR_EL1 Revision=$(( (rev + 1) % 16 ))" &&
		grep -q 'not writable' "$err" && ok "MIDR_EL1.Revision: outside the mask, refused (exit 4)" ||
		nok "MIDR: exit $st: $(cat "$err")"
	batch 4 "vm regs set vm0 MIDR_EL1 Revision=$(( (rev + 1) % 16 )) --unchecked" &&
		grep -q 'KVM refused' "$err" && ok "MIDR_EL1.Revision --unchecked: KVM's EINVAL" ||
		nok "MIDR --unchecked: exit $st: $(cat "$err")"
else
	nok "no MIDR_EL1.Revision in: $(head -5 "$tmp/regs")"
fi
# the guest's view equals KVM's for every register the program reads
if batch 0 "vm regs vm0" "vm touch vm0 0x0+4K --idregs -j"; then
	bad0=$bad
	for r in ID_AA64PFR0_EL1 ID_AA64PFR1_EL1 ID_AA64DFR0_EL1 ID_AA64ISAR0_EL1 ID_AA64ISAR1_EL1 \
		ID_AA64MMFR0_EL1 ID_AA64MMFR1_EL1 MIDR_EL1; do
		k=$(value "$r" "$out")
		g=$(sed -n "s/.*\"$r\":\"\\(0x[0-9a-f]*\\)\".*/\\1/p" "$out")
		[ -n "$k" ] && [ "$k" = "$g" ] || nok "$r: KVM $k, guest $g"
	done
	[ "$bad" = "$bad0" ] && ok "8 ID registers: KVM_GET_ONE_REG equals the guest's MRS"
else
	nok "vm touch --idregs: exit $st: $(cat "$err")"
fi
echo "1..$n"
[ "$bad" = 0 ]
