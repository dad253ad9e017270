#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# rig-modes: vhe
# The live stage-2 path: `vmmctl -j stage2 summary PID` of a VM whose guest
# wrote every page of S2_BENCH_MB MiB of small-page RAM (--no-thp: level-3
# pages, the most work for KVM's walk) against `cat stage2_page_tables >
# /dev/null`, the kernel's walk alone, and `vmmctl -j version` (vmmctl's
# start-up, what it costs whatever the VM). All are whole processes timed
# by mte-copyloop's `time`, in turns, S2_BENCH_RUNS times; reported: min,
# median and max of each, vmmctl / cat on the minima and on the medians
# (the target: at most 1.20), and the user CPU time of each. Checks that
# the summary counts the pages the guest wrote; never fails on a ratio.
#
# S2_BENCH_MB (default 1024: a guest of this size fits the rig's 2 GiB
# next to everything else; 2 GiB does not), S2_BENCH_RUNS (default 11).
#
# Only with RIG_BENCH=1 (make bench-arm64): its time is the machine's.  In
# the gate (make check-arm64) it is a smoke of the same path: a 32 MiB
# guest, the level-3 count checked, one summary against the dump's lines.
set -u
: "${VMMCTL:?}" "${VMM_HELPER:?}"
. "$(dirname "$0")/rig.inc"
if [ "${RIG_BENCH:-0}" = 1 ]; then
	mb=${S2_BENCH_MB:-1024}
else
	mb=32
fi
runs=${S2_BENCH_RUNS:-11}
pages=$((mb * 256 - 2))	# the slot's first 2 pages hold the guest's code and table
tmp=${TMPDIR:-/tmp}/s2bench.$$
mkdir "$tmp" || exit 1
pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

rig_start "$tmp/helper" 3000 --mem-mb "$mb" --pages "$pages" --ro-pages 0 --no-thp --hold 600
echo "$line (ready after about $((waited / 10)) s)"
if [ ! -e "$dir/stage2_page_tables" ]; then
	echo "kernel without CONFIG_PTDUMP_STAGE2_DEBUGFS (no stage2_page_tables)"
	exit 77
fi
case $line in *" markers=ok "*) ;; *) echo "FAIL: guest markers"; exit 1 ;; esac

"$VMMCTL" -j stage2 summary "$pid" >"$tmp/sum.json" || exit 1
lines=$(wc -l <"$dir/stage2_page_tables")
# the guest's pages are mapped at level 3 and counted as such
l3=$(sed -n 's/.*{"level":3,"ranges":[0-9]*,"bytes":\([0-9]*\).*/\1/p' "$tmp/sum.json")
echo "dump: $lines lines; level-3 mapped bytes: ${l3:-none}"
if [ "${l3:-0}" -lt $((pages * 4096)) ]; then
	echo "FAIL: level-3 mapped bytes ${l3:-0} < the $pages pages the guest wrote"
	exit 1
fi
# every range of the dump is one of the summary's (a ---[ line is a header)
ranges=$(grep -c '^0x' "$dir/stage2_page_tables")
got=$(grep -o '"ranges":[0-9]*' "$tmp/sum.json" | head -n 1 | cut -d: -f2)
echo "dump: $ranges ranges; summary: ${got:-none}"
[ "$got" = "$ranges" ] || { echo "FAIL: summary ranges ${got:-none} != the dump's $ranges"; exit 1; }
if [ "${RIG_BENCH:-0}" != 1 ]; then
	echo "smoke: $mb MiB guest; the timings are make bench-arm64's"
	exit 0
fi

i=0
while [ "$i" -lt "$runs" ]; do
	rig_time "$tmp/cat" cat "$dir/stage2_page_tables" || exit 1
	rig_time "$tmp/vmm" "$VMMCTL" -j stage2 summary "$pid" || exit 1
	rig_time "$tmp/ver" "$VMMCTL" -j version || exit 1
	i=$((i + 1))
done
echo "stage2 live bench: $mb MiB of 4K pages, $runs runs each in turns, $(nproc) CPUs"
{
	echo "cat $(rig_stat "$tmp/cat" 1) $(rig_stat "$tmp/cat" 2)"
	echo "vmm $(rig_stat "$tmp/vmm" 1) $(rig_stat "$tmp/vmm" 2)"
	echo "ver $(rig_stat "$tmp/ver" 1) $(rig_stat "$tmp/ver" 2)"
} | awk '
	{ lo[$1] = $2; med[$1] = $3; hi[$1] = $4; u[$1] = $6 }
	END {
		printf "%-40s %9s %9s %9s %12s\n", "wall ms", "min", "median", "max", "user ms med"
		printf "%-40s %9.1f %9.1f %9.1f %12.1f\n", "cat stage2_page_tables > /dev/null",
			lo["cat"], med["cat"], hi["cat"], u["cat"]
		printf "%-40s %9.1f %9.1f %9.1f %12.1f\n", "vmmctl -j stage2 summary PID",
			lo["vmm"], med["vmm"], hi["vmm"], u["vmm"]
		printf "%-40s %9.1f %9.1f %9.1f %12.1f\n", "vmmctl -j version (start-up)",
			lo["ver"], med["ver"], hi["ver"], u["ver"]
		printf "vmmctl / cat: %.3f on minima, %.3f on medians (target <= 1.20)\n",
			lo["vmm"] / lo["cat"], med["vmm"] / med["cat"]
		printf "vmmctl beyond its start-up / cat: %.3f on medians\n",
			(med["vmm"] - med["ver"]) / med["cat"]
	}'
