#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A VM whose guest wrote 16 pages of a read-write slot and read 4 pages of
# a read-only slot: its debugfs directory must show both in the stage-2
# dump, with and without write permission, and sane ipa_range/stage2_levels.
out=/tmp/stage2-helper.out
"$VMM_HELPER" --pages 16 --ro-pages 4 --hold 120 > "$out" 2>&1 &
pid=$!
i=0
while ! grep -q '^vm ' "$out"; do
	kill -0 "$pid" 2>/dev/null || { cat "$out"; echo "vmm-helper died"; exit 1; }
	i=$((i + 1))
	[ "$i" -lt 600 ] || { cat "$out"; kill "$pid"; echo "vmm-helper not ready"; exit 1; }
	sleep 0.1
done
cat "$out"
dir=/sys/kernel/debug/kvm/$(sed -n 's/.* debugfs=\([^ ]*\).*/\1/p' "$out")

check() {
	[ -d "$dir" ] || { echo "no $dir"; return 1; }
	if [ ! -e "$dir/stage2_page_tables" ]; then
		echo "kernel without CONFIG_PTDUMP_STAGE2_DEBUGFS (no stage2_page_tables)"
		return 77
	fi
	ipa=$(cat "$dir/ipa_range") levels=$(cat "$dir/stage2_levels")
	echo "ipa_range=$ipa stage2_levels=$levels"
	[ "$ipa" -ge 32 ] && [ "$ipa" -le 52 ] || { echo "bad ipa_range"; return 1; }
	[ "$levels" -ge 1 ] && [ "$levels" -le 5 ] || { echo "bad stage2_levels"; return 1; }
	cat "$dir/stage2_page_tables" > /tmp/stage2.txt || return 1
	cat /tmp/stage2.txt
	[ "$(head -n 1 /tmp/stage2.txt)" = "---[ Guest IPA ]---" ] || { echo "bad header"; return 1; }
	# The line covering ADDR: "<start>-<end>   <size> <level> <attributes>";
	# fixed-width hex compares as strings.
	attrs() {
		awk -v a="$1" 'split($1, r, "-") == 2 && r[1] <= a && a < r[2] {
			sub(/^[^ ]+ +[^ ]+ +[0-9] */, ""); print; exit }' /tmp/stage2.txt
	}
	rw=$(attrs 0x0000000040002000) ro=$(attrs 0x0000000080000000)
	echo "written page: '$rw'"
	echo "read-only page: '$ro'"
	case $rw in "R W "*) ;; *) echo "written page not mapped R W"; return 1 ;; esac
	case $ro in "R   "*) ;; *) echo "read-only page not mapped R without W"; return 1 ;; esac
}
check
rc=$?
kill "$pid"
wait "$pid" 2>/dev/null
exit $rc
