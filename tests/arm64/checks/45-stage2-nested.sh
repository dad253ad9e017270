#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Nested virtualization against the real kernel: the test VMM's guest
# hypervisor (vmm-helper --nested) runs at virtual EL2, builds a stage-2
# table for its L2 guest, programs VTCR_EL2/VTTBR_EL2 and enters the L2
# guest, which writes --pages pages.  L0 KVM then holds a shadow stage 2
# for the L2 guest in debugfs nested/nested_mmuN.
#
# In KVM mode nested, checked against what the helper says it programmed
# and against the kernel's files read here (an independent reader):
# - the valid MMU's first line is the helper's VTCR and VTTBR, "s2: enabled";
#   vmmctl's decode (IPA bits, granule, start level, VMID, BADDR) equals the
#   fields of the values the helper chose; the MMU not in use (empty file)
#   is reported as not valid, not as an error, by summary and by show;
# - the shadow table maps exactly the L2 pages the guest touched (its code
#   page and its data pages, as L2 IPAs), in 4K pages, the data writable;
#   vmmctl show's mapped ranges equal the file's mapped lines;
# - save/diff --nested: a second VM whose L2 guest writes 4 more pages
#   differs by exactly those pages.
# In any other mode: KVM_CAP_ARM_EL2 is 0, the helper refuses --nested, a
# VM has no nested/ directory and `stage2 show --nested` exits 5 saying so.
# On a kernel without the stage-2 dump (the Debian kernel) the VMs still run
# and are checked, then the check skips naming what is missing.
. "$(dirname "$0")/rig.inc"
tmp=${TMPDIR:-/tmp}/nested.$$
mkdir "$tmp" || exit 1
pid='' pid2='' failed=0
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	for p in $pid $pid2; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; failed=1; }
pass() { echo "ok: $*"; }
check() { # what got want
	if [ "$2" = "$3" ]; then pass "$1 = $3"; else fail "$1: got '$2', want '$3'"; fi
}
field() { echo "$2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }	# KEY LINE
jget() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" "$2" | head -n 1; }	# KEY FILE
hex() { printf '0x%x' "$(($1))"; }

if [ "$RIG_KVM_MODE" != nested ]; then
	"$VMM_HELPER" --nested --hold 0 > "$tmp/refuse.out" 2>&1
	rc=$?
	cat "$tmp/refuse.out"
	check "vmm-helper --nested exit status in KVM mode $RIG_KVM_MODE" "$rc" 2
	grep -q 'KVM_CAP_ARM_EL2 is 0' "$tmp/refuse.out" || fail "no KVM_CAP_ARM_EL2 message"
	rig_start "$tmp/plain.out" 600 --pages 4 --hold 60
	[ -e "$dir/nested" ] && fail "$dir/nested exists without nested virtualization"
	if [ ! -e "$dir/stage2_page_tables" ]; then
		[ "$failed" = 0 ] || exit 1
		echo "kernel without CONFIG_PTDUMP_STAGE2_DEBUGFS (no stage2_page_tables)"
		exit 77
	fi
	"$VMMCTL" stage2 show "$pid" --nested 0 > "$tmp/show.out" 2>&1
	rc=$?
	cat "$tmp/show.out"
	check "stage2 show --nested 0 exit status (not found)" "$rc" 5
	grep -q 'no nested MMU 0' "$tmp/show.out" || fail "show --nested: no 'no nested MMU' message"
	exit "$failed"
fi

rig_start "$tmp/n1.out" 900 --nested --pages 8 --hold 300
cat "$tmp/n1.out"
nl=$(grep '^nested ' "$tmp/n1.out")
check "markers written by the L2 guest" "$(field markers "$line")" ok
check "L2 guest left through" "$(field l2_exit "$nl")" hvc
if [ ! -e "$dir/stage2_page_tables" ]; then
	[ "$failed" = 0 ] || exit 1
	echo "the L2 guest ran; kernel without CONFIG_PTDUMP_STAGE2_DEBUGFS (no stage2_page_tables)"
	exit 77
fi
vtcr=$(field vtcr "$nl") vttbr=$(field vttbr "$nl") tables=$(field tables "$nl")
code=$(field l2_code "$nl") data=$(field l2_data "$nl")
ls -l "$dir/nested"

# the VM is observed like any other: its vGIC device fd does not confuse vm list
"$VMMCTL" -j vm list > "$tmp/vms.json" || fail "vm list exit $?"
entry=$(grep -o "{\"id\":\"${dir##*/}\",[^[]*" "$tmp/vms.json")
case $entry in *'"vcpus":1,'*) pass "vm list: the nested VM with its one vCPU" ;;
*) fail "vm list: $entry" ;; esac

# the valid MMU: the one file with content (debugfs sizes are 0: read them)
valid='' empty=''
for f in "$dir"/nested/nested_mmu*; do
	n=${f##*nested_mmu}
	if [ -n "$(head -c 1 "$f")" ]; then valid="$valid $n"; else empty="$empty $n"; fi
done
valid=${valid# } empty=${empty# }
echo "valid MMUs: '$valid', empty: '$empty'"
case $valid in *' '*|'') fail "want exactly one valid nested MMU, got '$valid'"; exit 1 ;; esac
[ -n "$empty" ] || fail "no nested MMU without a file's content (KVM allocates two per vCPU)"
raw=$dir/nested/nested_mmu$valid
cp "$raw" "$tmp/raw.txt"
echo "nested_mmu$valid: $(sha256sum < "$tmp/raw.txt" | cut -d' ' -f1) $(wc -c < "$tmp/raw.txt") bytes"
sed 's/^/=/; s/$/|/' "$tmp/raw.txt"
echo "ipa_range $(cat "$dir/ipa_range"), stage2_levels $(cat "$dir/stage2_levels")"
echo "stage2_page_tables of the guest hypervisor's VM:"
sed 's/^/=/; s/$/|/' "$dir/stage2_page_tables"
want=$(printf 'VTCR: 0x%016x VTTBR: 0x%016x s2: enabled' "$((vtcr))" "$((vttbr))")
check "first line of nested_mmu$valid" "$(head -n 1 "$tmp/raw.txt")" "$want"

# vmmctl's decode against the fields of the helper's values
"$VMMCTL" -j stage2 summary "$pid" > "$tmp/sum.json" || fail "stage2 summary exit $?"
"$VMMCTL" stage2 summary "$pid"
sed 's/},{"mmu"/}\n{"mmu"/g' "$tmp/sum.json" | grep -o '{"mmu":.*' > "$tmp/mmus"
grep "^{\"mmu\":$valid," "$tmp/mmus" > "$tmp/v.json"
check "summary: valid MMU is valid" "$(jget valid "$tmp/v.json")" true
check "summary: s2_enabled" "$(jget s2_enabled "$tmp/v.json")" true
check "summary: vtcr" "$(jget vtcr "$tmp/v.json")" "$(hex "$vtcr")"
check "summary: vttbr" "$(jget vttbr "$tmp/v.json")" "$(hex "$vttbr")"
check "summary: ipa_bits (64 - T0SZ)" "$(jget ipa_bits "$tmp/v.json")" $((64 - (vtcr & 0x3f)))
check "summary: granule (TG0 0)" "$(jget granule "$tmp/v.json")" 4096
check "summary: start_level (SL0 $(((vtcr >> 6) & 3)) with 4K)" "$(jget start_level "$tmp/v.json")" 1
check "summary: vmid (VTTBR[55:48], VS 0)" "$(jget vmid "$tmp/v.json")" $(((vttbr >> 48) & 0xff))
check "summary: baddr" "$(jget baddr "$tmp/v.json")" "$(hex "$tables")"
for n in $empty; do
	check "summary: MMU $n (empty file) valid" \
		"$(grep "^{\"mmu\":$n," "$tmp/mmus" | sed -n 's/.*"valid":\([a-z]*\).*/\1/p')" false
	grep "^{\"mmu\":$n," "$tmp/mmus" | grep -q '"error"' && fail "MMU $n reported as an error"
done

# the shadow table maps exactly the L2 pages: independent read of the file
# (mapped lines have attributes after the level), then vmmctl's view
awk '/^0x/ && NF > 3 { split($1, r, "-"); print r[1], r[2], $3, $4, $5 }' "$tmp/raw.txt" \
	> "$tmp/mapped.raw"
code_end=$(hex "${code%+*} + ${code#*+}") data_end=$(hex "${data%+*} + ${data#*+}")
printf '%s %s\n' "${code%+*}" "$code_end" "${data%+*}" "$data_end" > "$tmp/want"
while read -r s e _; do printf '0x%x 0x%x\n' "$((s))" "$((e))"; done < "$tmp/mapped.raw" > "$tmp/got.n"
if cmp -s "$tmp/want" "$tmp/got.n"; then
	pass "shadow stage 2 maps exactly the L2 code page and the L2 data pages"
else
	fail "shadow stage 2 maps $(tr '\n' ' ' < "$tmp/got.n"), want $(tr '\n' ' ' < "$tmp/want")"
fi
awk '$3 != 3 { bad = 1 } END { exit bad }' "$tmp/mapped.raw" ||
	fail "a mapped range is not at level 3 (the guest hypervisor mapped 4K pages)"
tail -n 1 "$tmp/mapped.raw" | grep -q ' R W' || fail "L2 data pages are not writable"

"$VMMCTL" -j stage2 show "$pid" --nested "$valid" --mapped > "$tmp/show.json" ||
	fail "stage2 show --nested exit $?"
"$VMMCTL" stage2 show "$pid" --nested "$valid"
# the shadow table spans 2^N: N from the file's last line, not the VM's ipa_range
end=$(awk '/^0x/ { split($1, r, "-"); e = r[2] } END { print e }' "$tmp/raw.txt")
bits=0
while [ $((1 << bits)) -lt $((end)) ]; do bits=$((bits + 1)); done
check "show --nested: ipa_bits (the shadow table ends at $end)" "$(jget ipa_bits "$tmp/show.json")" "$bits"
check "summary: shadow_ipa_bits" "$(jget shadow_ipa_bits "$tmp/v.json")" "$bits"
sed 's/},{/}\n{/g' "$tmp/show.json" | sed -n 's/.*"ipa_start":"\([^"]*\)","ipa_end":"\([^"]*\)".*/\1 \2/p' \
	> "$tmp/show.got"
if cmp -s "$tmp/want" "$tmp/show.got"; then
	pass "stage2 show --nested $valid --mapped: the same ranges as the file"
else
	fail "stage2 show --nested --mapped: $(tr '\n' ' ' < "$tmp/show.got")"
fi
for n in $empty; do
	"$VMMCTL" stage2 show "$pid" --nested "$n" > "$tmp/e.out" 2>&1
	rc=$?
	cat "$tmp/e.out"
	check "stage2 show --nested $n (not in use) exit status" "$rc" 0
	grep -q 'not in use' "$tmp/e.out" || fail "show --nested $n does not say the MMU is not in use"
done

# save, a second VM whose L2 guest writes 4 more pages, diff
# the picture of the shadow stage 2: its mapped bytes are those of the file
"$VMMCTL" stage2 map "$pid" --nested "$valid" --svg "$tmp/nested.svg" || fail "stage2 map --nested exit $?"
"$VMMCTL" -j stage2 map "$pid" --nested "$valid" > "$tmp/map.json" || fail "stage2 map -j exit $?"
want=0
while read -r s e _; do want=$((want + e - s)); done < "$tmp/mapped.raw"
got=$(grep -o '"totals":{"mapped_bytes":[0-9]*' "$tmp/map.json" | grep -o '[0-9]*$')
check "stage2 map --nested $valid: the mapped bytes of the file" "$got" "$want"
grep -q '^</svg>$' "$tmp/nested.svg" || fail "stage2 map --nested: no whole SVG"

"$VMMCTL" stage2 save "$pid" --nested "$valid" -o "$tmp/a.s2" || fail "stage2 save --nested exit $?"
pid1=$pid
rig_start "$tmp/n2.out" 900 --nested --pages 12 --hold 300
pid2=$pid pid=$pid1
v2=''
for f in "$dir"/nested/nested_mmu*; do [ -n "$(head -c 1 "$f")" ] && v2=${f##*nested_mmu}; done
"$VMMCTL" stage2 save "$pid2" --nested "$v2" -o "$tmp/b.s2" || fail "stage2 save (second VM) exit $?"
"$VMMCTL" stage2 diff "$tmp/a.s2" "$tmp/b.s2"
"$VMMCTL" -j stage2 diff "$tmp/a.s2" "$tmp/b.s2" > "$tmp/diff.json" || fail "stage2 diff exit $?"
cat "$tmp/diff.json"; echo
added=$(printf '0x%x-0x%x' "$((${data%+*} + ${data#*+}))" "$((${data%+*} + ${data#*+} + 4 * 4096))")
got=$(sed 's/},{/}\n{/g' "$tmp/diff.json" | grep '"change":"mapped"' |
	sed -n 's/.*"ipa_start":"\([^"]*\)","ipa_end":"\([^"]*\)".*/\1-\2/p' | tr '\n' ' ')
check "diff --nested: newly mapped" "${got% }" "$added"
exit "$failed"
