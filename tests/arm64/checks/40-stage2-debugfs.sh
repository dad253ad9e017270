#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The stage-2 dump in a VM's debugfs directory, for VMs of the test VMM:
#
# 1. THP-backed guest RAM: the guest wrote 16 pages of the main slot
#    (IPA 0x40000000, 2 MiB aligned, MADV_HUGEPAGE), read 4 pages of a
#    read-only slot (0x80000000) and wrote 4 then read 4 pages of a
#    dirty-logged slot (0xc0000000).  The main slot's first 2 MiB must be one
#    level-2 block "R W ... BLK", the read-only page "R" without W, and the
#    dirty-logged slot pages at level 3 (logging forces pages): the written
#    ones "R W", the read ones "R" without W.
# 2. hugetlb-backed guest RAM (--hugetlb, 2 MiB pages reserved here): the
#    written 2 MiB again one level-2 block "R W ... BLK".
#
# ipa_range (32..52) and stage2_levels (1..5) must be sane.  Skips when the
# kernel has no stage-2 dump; when it lacks THP or hugetlb, the other parts
# still run and must pass, and the check then skips naming what is missing.
. "$(dirname "$0")/rig.inc"
tmp=${TMPDIR:-/tmp}/stage2.$$
mkdir "$tmp" || exit 1
pid='' missing='' failed=0
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ -n "${hp_old:-}" ] && echo "$hp_old" > /proc/sys/vm/nr_hugepages
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; failed=1; }

# start NAME ARGS...: run the helper, wait until its VM is ready; sets
# pid, line (its "vm ..." line) and dir (its debugfs directory).
start() {
	_name=$1
	shift
	rig_start "$tmp/$_name.out" 600 "$@" --hold 120
	cat "$tmp/$_name.out"
}

stop() {
	kill "$pid"
	wait "$pid" 2>/dev/null
	pid=
}

# dump NAME: check ipa_range and stage2_levels, copy the dump to $tmp/NAME.txt
dump() {
	if [ ! -e "$dir/stage2_page_tables" ]; then
		echo "kernel without CONFIG_PTDUMP_STAGE2_DEBUGFS (no stage2_page_tables)"
		exit 77
	fi
	# protected KVM keeps the tables at EL2: the host's read must fail
	# (ERANGE), whatever ipa_range and stage2_levels say
	if [ "$RIG_KVM_MODE" = protected ]; then
		if cat "$dir/stage2_page_tables" >/dev/null 2>"$tmp/err"; then
			fail "protected KVM: the host read the stage-2 tables"
		else
			echo "protected KVM: the host cannot read them ($(cat "$tmp/err")); ipa_range" \
				"$(cat "$dir/ipa_range"), stage2_levels $(cat "$dir/stage2_levels") are not to be trusted"
		fi
		exit "$failed"
	fi
	ipa=$(cat "$dir/ipa_range") levels=$(cat "$dir/stage2_levels")
	echo "ipa_range=$ipa stage2_levels=$levels"
	if ! { [ "$ipa" -ge 32 ] && [ "$ipa" -le 52 ]; }; then fail "bad ipa_range"; fi
	if ! { [ "$levels" -ge 1 ] && [ "$levels" -le 5 ]; }; then fail "bad stage2_levels"; fi
	cat "$dir/stage2_page_tables" > "$tmp/$1.txt" || exit 1
	cat "$tmp/$1.txt"
	[ "$(head -n 1 "$tmp/$1.txt")" = "---[ Guest IPA ]---" ] || fail "bad header"
}

# entry NAME ADDR: "<size> <level> <attributes>" of the line covering ADDR
# ("<start>-<end>   <size> <level> <attributes>"); fixed-width hex compares
# as strings.  The attributes keep their blanks ("R W px ux  AF BLK",
# "R   px ux  AF    "); empty when ADDR is unmapped.
entry() {
	awk -v a="$2" 'split($1, r, "-") == 2 && r[1] <= a && a < r[2] {
		e = $2 " " $3; sub(/^[^ ]+ +[^ ]+ +[0-9] ?/, ""); sub(/^  /, "")
		print e " " $0; exit }' "$tmp/$1.txt"
}

# expect WHAT ENTRY PATTERN: ENTRY (as entry prints it) must match the
# shell pattern
expect() {
	echo "$1: '$2'"
	# shellcheck disable=SC2254 # $3 is a pattern
	case $2 in $3) ;; *) fail "$1 is not '$3'" ;; esac
}

# 1. THP, read-only slot, dirty-logged slot
thp=yes
[ -d /sys/kernel/mm/transparent_hugepage ] || thp=
[ -n "$thp" ] || missing="CONFIG_TRANSPARENT_HUGEPAGE"
[ -n "$thp" ] && echo "transparent_hugepage: $(cat /sys/kernel/mm/transparent_hugepage/enabled)"
start thp --pages 16 --ro-pages 4 --log-pages 4
dump thp
case $line in *" markers=ok "*) ;; *) fail "guest markers" ;; esac
rw=$(entry thp 0x0000000040002000)
expect "written page" "$rw" "* R W *"
if [ -n "$thp" ]; then
	case $line in *" backing=thp "*) ;; *) fail "main slot not THP-backed" ;; esac
	case $line in *" log_backing=thp"*) ;; *) fail "dirty-logged slot not THP-backed" ;; esac
	expect "written page, THP-backed" "$rw" "2M 2 R W * BLK"
fi
expect "read-only page" "$(entry thp 0x0000000080000000)" "* R   *"
expect "dirty-logged slot, written page" "$(entry thp 0x00000000c0003000)" "* 3 R W *    "
expect "dirty-logged slot, read page" "$(entry thp 0x00000000c0004000)" "* 3 R   *    "
stop

# 2. hugetlb
if [ -w /proc/sys/vm/nr_hugepages ]; then
	hp_old=$(cat /proc/sys/vm/nr_hugepages)
	echo 2 > /proc/sys/vm/nr_hugepages
	echo "nr_hugepages=$(cat /proc/sys/vm/nr_hugepages) (was $hp_old)"
	start hugetlb --hugetlb --pages 16 --ro-pages 0
	dump hugetlb
	case $line in *" backing=hugetlb "*) ;; *) fail "main slot not hugetlb-backed" ;; esac
	expect "written page, hugetlb-backed" "$(entry hugetlb 0x0000000040002000)" "2M 2 R W * BLK"
	stop
else
	missing="$missing${missing:+, }CONFIG_HUGETLBFS (no /proc/sys/vm/nr_hugepages)"
fi

[ "$failed" = 0 ] || exit 1
if [ -n "$missing" ]; then
	echo "kernel without $missing: block mappings not checked there"
	exit 77
fi
exit 0
