#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: stage-2 inspection against the real kernel. The test VMM holds a
# VM whose guest wrote pages of a read-write slot and read a read-only one;
# on arm64 `stage2 show/summary` must report those mappings with the right
# attributes, and agree with ipa_range and stage2_levels; a VM of vmmctl's
# own must show the pages its guest touches appear in `stage2 diff`. On x86
# (no dump) `stage2 summary` must report exactly what pages_4k/2m/1g and
# mmu_rmaps_stat hold, or the error opening them gave. Runs on the host and
# in the arm64 rig (busybox sh). Exit 0 pass, 77 skip, else fail.
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
# expect NAME PATTERN FILE: grep -e PATTERN in FILE
expect() {
	if grep -q -e "$2" "$3"; then ok "$1"; else nok "$1: no '$2' in: $(head -c 2000 "$3")"; fi
}
# run NAME WANT_EXIT ARGS...: vmmctl ARGS > out 2> err
run() {
	name=$1 want=$2
	shift 2
	"$VMMCTL" "$@" >"$out" 2>"$err"
	st=$?
	if [ "$st" = "$want" ]; then ok "$name: exit $st"; else
		nok "$name: exit $st, expected $want: $(cat "$err")"; fi
}

live_scratch stage2

live_start "$tmp/helper" vm 600 "$helper" --pages 64 --ro-pages 4 --hold 120
[ -n "$line" ] || { echo "test VMM not ready: $(cat "$tmp/helper")"; exit 1; }
echo "# $line"
dir=/sys/kernel/debug/kvm/$(echo "$line" | sed -n 's/.* debugfs=\([^ ]*\).*/\1/p')
[ -d "$dir" ] || { echo "no $dir"; exit 1; }
if [ -e "$dir/stage2_page_tables" ] && s2_hidden "$dir"; then
	s2_refused "$pid"
	[ "$bad" = 0 ]
	exit
fi
# the helper says how its guest RAM is backed: THP gives 2 MiB blocks
thp=
case $line in *" backing=thp"*) thp=yes ;; esac

# the value of "KEY":N in a JSON file
jnum() { sed -n "s/.*\"$1\":\(-\{0,1\}[0-9][0-9]*\).*/\1/p" "$2" | head -n 1; }

x86() {
	run "stage2 summary of an x86 VM" 0 -j stage2 summary "$pid"
	expect "summary says x86" '"arch":"x86"' "$out"
	for f in pages_4k pages_2m pages_1g; do
		want=$(cat "$dir/$f")
		got=$(jnum "$f" "$out")
		[ "$got" = "$want" ] && ok "$f is the file's value ($want)" ||
			nok "$f: vmmctl says '$got', $dir/$f holds '$want'"
	done
	cp "$out" "$tmp/summary"
	if cat "$dir/mmu_rmaps_stat" >"$tmp/rmaps" 2>"$tmp/rmaps.err"; then
		expect "mmu_rmaps_stat readable: reported as a table" '"rmaps":{"buckets":' "$tmp/summary"
		rows=$(grep -c '^Level=' "$tmp/rmaps")
		got=$(grep -o '"level":"[^"]*","counts"' "$tmp/summary" | wc -l)
		[ "$rows" = "$got" ] && ok "as many rmap rows as the file ($rows)" ||
			nok "rmap rows: file $rows, vmmctl $got"
	else
		case $(cat "$tmp/rmaps.err") in
		*"not permitted"*) e=EPERM ;;
		*"ermission denied"*) e=EACCES ;;
		*) e=unknown ;;
		esac
		expect "mmu_rmaps_stat refused ($e): reported as not available" \
			"\"rmaps_error\":{\"errno\":[0-9]*,\"errno_name\":\"$e\"" "$tmp/summary"
	fi
	run "stage2 summary text" 0 stage2 summary "$pid"
	expect "text shows pages_4k" "pages_4k  *$(cat "$dir/pages_4k")\$" "$out"
	run "stage2 show says x86 has no dump" 4 stage2 show "$pid"
	run "stage2 map says so too" 4 stage2 map "$pid"
	expect "the message names x86" 'x86 KVM has no stage-2' "$err"
	expect "the message names x86" 'x86 KVM has no stage-2' "$err"
}

arm64() {
	ipa=$(tr -d ' \n' <"$dir/ipa_range") levels=$(tr -d ' \n' <"$dir/stage2_levels")
	run "stage2 summary" 0 -j stage2 summary "$pid"
	cp "$out" "$tmp/summary"
	[ "$(jnum ipa_bits "$out")" = "$ipa" ] && ok "ipa_bits is ipa_range ($ipa)" ||
		nok "ipa_bits $(jnum ipa_bits "$out"), ipa_range $ipa"
	[ "$(jnum levels "$out")" = "$levels" ] && ok "levels is stage2_levels ($levels)" ||
		nok "levels $(jnum levels "$out"), stage2_levels $levels"
	end=$(sed -n 's/.*"dump_end":"\(0x[0-9a-f]*\)".*/\1/p' "$out")
	[ "$((end))" = "$((1 << ipa))" ] && ok "the dump ends at 2^ipa_range ($end)" ||
		nok "dump_end $end is not 2^$ipa"
	[ "$(jnum mapped_bytes "$out")" -gt 0 ] && ok "mapped bytes reported" || nok "nothing mapped"

	# the written page of the read-write slot, the read page of the read-only slot
	run "stage2 show the written page" 0 -j stage2 show "$pid" --range 0x40002000+0x1000
	expect "written page: valid, read, write" \
		'"valid":true,"read":true,"write":true' "$out"
	run "stage2 show the read-only page" 0 -j stage2 show "$pid" --range 0x80000000+0x1000
	expect "read-only page: valid, read, no write" \
		'"valid":true,"read":true,"write":false' "$out"
	run "stage2 show text" 0 stage2 show "$pid" --mapped
	expect "text keeps the kernel's columns" '  R W px ux  AF\|  R W PXNUXN AF\|  R W PXNux  AF\|  R W px UXN AF' "$out"
	if grep -q 'unmapped\| [0-3]$' "$out"; then nok "--mapped shows unmapped ranges"; else
		ok "--mapped shows only mappings"; fi
	if [ -n "$thp" ]; then
		run "stage2 show level 2" 0 -j stage2 show "$pid" --level 2 --mapped
		expect "THP-backed guest RAM is mapped with a 2 MiB block" \
			'"size":2097152,"level":2,"valid":true,[^}]*"block":true' "$out"
	fi

	# the picture: whole, and of the slots
	s2_map "stage2 map" "$pid"
	run "stage2 map of the written page" 0 -j stage2 map "$pid" --range 0x40002000+0x1000
	expect "its cell is mapped and writable" '"state":"[a-z]*","access":"writable"' "$out"
	run "stage2 map of the read-only page" 0 -j stage2 map "$pid" --range 0x80000000+0x1000
	expect "its cell is mapped read-only" '"state":"[a-z]*","access":"read-only"' "$out"

	# save, then diff against the live VM: the idle guest changed nothing
	run "stage2 save" 0 -j stage2 save "$pid" -o "$tmp/saved"
	expect "saved file has the header" '^# vmmctl stage2 dump v1$' "$tmp/saved"
	expect "saved file has ipa_bits" "^# ipa_bits: $ipa\$" "$tmp/saved"
	run "stage2 diff saved and live" 0 -j stage2 diff "$tmp/saved" "$pid"
	expect "no changes on an idle guest" '"changes":\[\]' "$out"
	run "stage2 show of the saved file" 0 -j stage2 show "$tmp/saved"
	expect "the saved file names the VM" "\"vm\":\"$pid-" "$out"

	# vmmctl's own VM: pages appear after its guest touches them
	cat >"$tmp/batch" <<-EOF
	vm create
	mem add vm0 0 0x40000000 4M
	stage2 save vm0 -o $tmp/before
	vm touch vm0 0x40100000-0x40110000
	stage2 diff $tmp/before vm0 --svg $tmp/touched.svg
	EOF
	run "touch a session VM's pages between save and diff" 0 -j -b "$tmp/batch"
	tr -d '\n' <"$out" | sed 's/},{"ipa_start"/}\n{"ipa_start"/g' >"$tmp/changes"
	expect "the touched pages appear as mapped and writable" \
		'"change":"mapped",.*"after":{"level":[23],"valid":true,"read":true,"write":true' \
		"$tmp/changes"
	# a green run (mapped) of the diff's SVG covers the touched pages
	hit=
	for r in $(grep -o 'fill="#1a7f37" data-start="0x[0-9a-f]*" data-end="0x[0-9a-f]*"' \
		"$tmp/touched.svg" | sed 's/.*data-start="\(0x[0-9a-f]*\)" data-end="\(0x[0-9a-f]*\)"/\1-\2/'); do
		[ $((${r%-*})) -le $((0x40100000)) ] && [ $((0x40110000)) -le $((${r#*-})) ] && hit=$r
	done
	[ -n "$hit" ] && ok "the diff's SVG draws the touched pages as mapped ($hit)" ||
		nok "no green run over 0x40100000-0x40110000 in $tmp/touched.svg: $(grep -c '<rect' "$tmp/touched.svg") rects"
	# every touched page lies in a mapped range of the diff
	mapped=$(sed -n 's/.*"mapped_bytes":\([0-9]*\).*/\1/p' "$out" | tail -n 1)
	[ "${mapped:-0}" -ge 65536 ] && ok "at least the 64 KiB touched appeared ($mapped bytes)" ||
		nok "only ${mapped:-0} bytes appeared mapped"
}

if [ -e "$dir/stage2_page_tables" ]; then
	arm64
elif [ -e "$dir/pages_4k" ]; then
	x86
else
	echo "kernel without CONFIG_PTDUMP_STAGE2_DEBUGFS and no x86 leaf counts"
	exit 77
fi
echo "$n checks, $bad failed"
[ "$bad" = 0 ]
