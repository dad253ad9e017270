#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: batch files drive a VM this session owns on the real /dev/kvm:
# anonymous, memfd and guest_memfd slots, the kernel's slot rules broken on
# purpose (with and without vmmctl's pre-check), move, delete, and the dirty
# log after the guest writes pages. Runs on the host and in the arm64 rig
# (busybox sh: no bash-isms, no python).
set -u
: "${VMMCTL:?}"
. "$(dirname "$0")/tap.inc"
kvm_usable || { echo "KVM is not usable here: $kvm_why"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
base="$dir/base" out="$dir/out" err="$dir/err"

# batch NAME EXPECTED_EXIT LINES...: the base scenario plus LINES, as one batch
batch() {
	name=$1 want=$2
	shift 2
	cp "$base" "$dir/b"
	for l in "$@"; do printf '%s\n' "$l" >>"$dir/b"; done
	"$VMMCTL" -b "$dir/b" >"$out" 2>"$err"
	st=$?
	if [ "$st" = "$want" ]; then
		ok "$name: exit $st"
	else
		nok "$name: exit $st, expected $want: $(cat "$err")"
	fi
}

# expect NAME PATTERN FILE: grep -e PATTERN in FILE
expect() {
	if grep -q -e "$2" "$3"; then ok "$1"; else nok "$1: no '$2' in: $(cat "$3")"; fi
}

cat >"$base" <<'EOF'
# a VM with an anonymous, a memfd-backed and (below) a guest_memfd slot
vm create
mem add vm0 0 0 1M --log-dirty
mem add vm0 1 0x100000 1M --memfd
EOF

printf 'vm create\nvm caps vm0\n' >"$dir/caps"
"$VMMCTL" -b "$dir/caps" >"$out" 2>"$err" || { nok "vm create: $(cat "$err")"; exit 1; }
gmem=$(sed -n 's/^ *guest_memfd  *234  *\([0-9]*\).*/\1/p' "$out")
gflags=$(sed -n 's/^ *guest_memfd_flags  *244  *\([0-9]*\).*/\1/p' "$out")
slots=$(sed -n 's/^ *nr_memslots  *10  *\([0-9]*\).*/\1/p' "$out")
[ -n "$slots" ] && ok "vm caps reports KVM_CAP_NR_MEMSLOTS = $slots" || nok "vm caps: $(cat "$out")"

batch "anon and memfd slots" 0 "mem list vm0"
expect "mem list shows the memfd slot" '^ *1  *0  *0x100000  *1048576 .* memfd ' "$out"
expect "mem list shows the dirty-logging anon slot" '^ *0  *0  *0x0 .*log_dirty_pages  *anon ' "$out"

if [ "${gmem:-0}" -gt 0 ] && [ $(( ${gflags:-0} & 1 )) = 1 ]; then
	batch "guest_memfd slot" 0 "mem add vm0 2 0x200000 2M --guest-memfd --gmem-flags mmap" \
		"mem list vm0"
	expect "mem list shows the guest_memfd slot" '^ *2  *0  *0x200000 .*guest_memfd  *guest_memfd ' "$out"
	batch "guest_memfd slots cannot log dirty pages" 2 \
		"mem add vm0 2 0x200000 2M --guest-memfd --log-dirty"
	expect "... and the message says so" 'neither read-only nor log dirty' "$err"
else
	skip "guest_memfd slot" "KVM_CAP_GUEST_MEMFD ${gmem:-?}, flags ${gflags:-?}: no mmap-able guest_memfd"
fi

# overlap: named by vmmctl first, then by the kernel itself
batch "overlap is refused before the ioctl" 6 "mem add vm0 3 0x180000 1M"
expect "... naming the slot in the way" 'overlaps slot 1 \[0x100000, 0x200000)' "$err"
batch "overlap is refused by the kernel too" 6 "mem add vm0 3 0x180000 1M --no-precheck"
expect "... reported as the kernel's EEXIST" 'refused by the kernel: .*overlaps slot 1.*EEXIST' "$err"

# misalignment names the field
batch "misaligned GPA" 2 "mem add vm0 4 0x401001 4K"
expect "... names guest_phys_addr" 'guest_phys_addr 0x401001 is not a multiple' "$err"
batch "misaligned size" 2 "mem add vm0 4 0x400000 0x1800"
expect "... names memory_size" 'memory_size 0x1800 is not a multiple' "$err"
batch "the kernel refuses the misaligned GPA too" 1 "mem add vm0 4 0x401001 4K --no-precheck"
expect "... with EINVAL, explained" 'refused by the kernel: guest_phys_addr .*EINVAL' "$err"

# too many slots: the limit comes from KVM_CAP_NR_MEMSLOTS
batch "slot beyond KVM_CAP_NR_MEMSLOTS" 2 "mem add vm0 40000 0x800000 4K"
expect "... gives the limit" "KVM_CAP_NR_MEMSLOTS is ${slots:-[0-9]*}" "$err"
batch "the kernel refuses that slot too" 1 "mem add vm0 40000 0x800000 4K --no-precheck"
batch "slot exists" 6 "mem add vm0 1 0x900000 4K"

# dry run changes nothing: the slot is still free afterwards
batch "dry run then the real thing" 0 "mem add -n vm0 5 0x500000 64K" "mem add vm0 5 0x500000 64K"

# move, flags, delete
batch "move, flags and delete" 0 "mem move vm0 1 0x600000" "mem flags vm0 1 --log-dirty on" \
	"mem del vm0 0" "mem list vm0"
expect "the moved slot is at its new GPA with logging on" '^ *1  *0  *0x600000 .*log_dirty_pages  *memfd' "$out"
if grep -q '^ *0  *0  *0x0 ' "$out"; then nok "slot 0 still listed after delete"; else ok "slot 0 deleted"; fi
batch "moving onto another slot" 6 "mem move vm0 1 0x0"
batch "deleting a slot that is not there" 5 "mem del vm0 9"

# the dirty log after the guest writes 16 pages, then --clear
batch "dirty log after vm touch" 0 "mem dirty vm0 0" "vm touch vm0 0x10000+64K" \
	"mem dirty vm0 0" "mem dirty vm0 0 --clear" "mem dirty vm0 0"
if [ "$(grep -c '^dirty_pages: *16$' "$out")" = 2 ] && [ "$(grep -c '^dirty_pages: *0$' "$out")" = 2 ]; then
	ok "dirty pages: 0, 16 after the guest ran, still 16, 0 after --clear"
else
	nok "dirty pages sequence: $(grep '^dirty_pages' "$out" | tr '\n' ' ')"
fi
expect "the dirty range is the touched one" '0x10000  *0x20000  *16  *16' "$out"
batch "touching outside any slot" 2 "vm touch vm0 0x300000+4K"
batch "dirty log of a slot without logging" 2 "mem dirty vm0 1"

# an observed VM cannot be changed from here
batch "mem add on another process's VM" 2 "mem add 1-5 0 0 4K"
expect "... explains why" 'belongs to another process' "$err"

batch "vm close" 0 "session list" "vm close vm0" "session list"
expect "vm0 was listed as a session object" '^vm0  *vm$' "$out"
expect "vm close reports it" '^closed: *yes' "$out"
if [ "$(grep -c '^vm0  *vm$' "$out")" = 1 ]; then ok "vm0 is gone from the session"; else nok "vm0 still listed"; fi
[ $bad = 0 ]
