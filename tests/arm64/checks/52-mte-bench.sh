#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# rig-modes: vhe
# MTE throughput: vmmctl mte dump / restore of SIZE bytes of guest range
# (a batch: vm create --mte, one anonymous slot, the command) against
# mte-copyloop's minimal loop (the same VM set-up, then the bare
# KVM_ARM_MTE_COPY_TAGS calls over the same range in the same chunk size),
# and for dump also against that loop writing each chunk's tags to a file
# (what part of the difference the file itself costs).
# The five commands take turns RUNS times (the machine's slow and fast
# phases hit all alike); each is a whole process, timed with its CPU times
# (wait4). Reported: min, median and max of each; throughput vmmctl / loop
# on the minima (the least disturbed runs: what the target is judged on)
# and on the medians; and vmmctl's user-space CPU time per GiB next to the
# loop's, because user time is what vmmctl's own code costs and what QEMU
# TCG's wall-time noise (about 20% run to run) does not swamp. Under TCG
# the absolute numbers are slow; the ratios are what counts. Never fails on
# a slow ratio (the bench's contract); fails only when a run fails.
#
# MTE_BENCH_SIZE (default 1G: the VM's pages, 64 MiB of tags in the file
# and 64 MiB read back fit the rig's 2 GiB), MTE_BENCH_RUNS (default 11;
# the chunk sweep runs each size once).
#
# Only with RIG_BENCH=1 (make bench-arm64): its time is the machine's.  In
# the gate (make check-arm64) it is a smoke of the same paths at 16 MiB:
# each command once, and what they copied checked (below).
set -u
: "${VMMCTL:?}"
. "$(dirname "$0")/rig.inc"
bin=$rig_bin
if [ "${RIG_BENCH:-0}" = 1 ]; then
	size=${MTE_BENCH_SIZE:-1G}
else
	size=16M
fi
runs=${MTE_BENCH_RUNS:-11}
case $size in *G) bytes=$((${size%G} << 30)) ;; *M) bytes=$((${size%M} << 20)) ;; *) bytes=$size ;; esac
ipa=0x40000000
tmp=${TMPDIR:-/tmp}/mte-bench.$$
mkdir "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
"$bin/mte-copyloop" loop dump $ipa 0x10000 0x10000 || exit $?

# once NAME COMMAND...: one timed run into $tmp/NAME; the dump's file goes
once() {
	_n=$1
	shift
	rig_time "$tmp/$_n" "$@" || return 1
	rm -f "$tmp/d.tags"
}

spread() { # NAME COLUMN
	rig_stat "$tmp/$1" "$2"
}

median() { # NAME
	spread "$1" 1 | awk '{ print $2 }'
}

batch() { # FILE COMMAND
	printf '%s\n' 'vm create --mte' "mem add vm0 0 $ipa $size" "$2" >"$1"
}

"$bin/mte-copyloop" mkfile "$tmp/r.tags" $ipa "$bytes" 7 || exit 1

chunk=$(( 1 << 20 ))
batch "$tmp/dump.vmm" "mte dump vm0 $ipa+$size -o $tmp/d.tags"
batch "$tmp/restore.vmm" "mte restore vm0 --input $tmp/r.tags"
# what vmmctl spends beside the copy: start-up and the VM's set-up alone,
# then with restore's check of the whole file (a dry run copies nothing)
batch "$tmp/setup.vmm" "version"
batch "$tmp/check.vmm" "mte restore vm0 --input $tmp/r.tags --dry-run"
if [ "${RIG_BENCH:-0}" != 1 ]; then
	# the smoke: the file's tags restored, verified and dumped back by
	# vmmctl in one VM; the dump equal to the file byte for byte (header
	# CRCs aside: the same base, length, payload and payload CRC), and the
	# baseline loops run once each
	printf '%s\n' 'vm create --mte' "mem add vm0 0 $ipa $size" \
		"mte restore vm0 --input $tmp/r.tags" "mte verify vm0 --input $tmp/r.tags" \
		"mte dump vm0 $ipa+$size -o $tmp/d.tags" >"$tmp/smoke.vmm"
	"$VMMCTL" -j -b "$tmp/smoke.vmm" >"$tmp/smoke.json" || { cat "$tmp/smoke.json"; exit 1; }
	tags=$((bytes / 16))
	grep -q "\"copied\":$bytes," "$tmp/smoke.json" || { echo "FAIL: copied != $bytes: $(cat "$tmp/smoke.json")"; exit 1; }
	grep -q '"mismatched_granules":0,' "$tmp/smoke.json" || { echo "FAIL: verify: $(cat "$tmp/smoke.json")"; exit 1; }
	grep -q "\"tag_bytes\":$tags," "$tmp/smoke.json" || { echo "FAIL: tag_bytes != $tags"; exit 1; }
	# the payload's CRC32 as the file written by mte-copyloop holds it (offset 56)
	want=$(od -An -tu4 -j56 -N4 "$tmp/r.tags" | tr -d ' ')
	got=$(sed -n 's/.*"crc32":"0x\([0-9a-f]*\)".*/\1/p' "$tmp/smoke.json")
	[ "$((0x${got:-0}))" = "$want" ] || { echo "FAIL: dump crc32 0x$got, file $want"; exit 1; }
	cmp -s "$tmp/r.tags" "$tmp/d.tags" ||
		{ echo "FAIL: the dump differs from the restored file: $(cmp "$tmp/r.tags" "$tmp/d.tags")"; exit 1; }
	"$bin/mte-copyloop" loop dump $ipa "$bytes" $(( 1 << 20 )) "$tmp/l.tags" || exit 1
	[ "$(wc -c <"$tmp/l.tags")" = "$tags" ] || { echo "FAIL: the loop wrote $(wc -c <"$tmp/l.tags") tag bytes"; exit 1; }
	"$bin/mte-copyloop" loop restore $ipa "$bytes" $(( 1 << 20 )) || exit 1
	echo "smoke: $size: $tags tags restored, verified, dumped back equal (crc32 $want); the loops ran; the timings are make bench-arm64's"
	exit 0
fi

# the seven take turns, so that the machine's slow and fast phases hit all alike
i=0
while [ $i -lt "$runs" ]; do
	once loop_d "$bin/mte-copyloop" loop dump $ipa "$bytes" $chunk || exit 1
	once loopw_d "$bin/mte-copyloop" loop dump $ipa "$bytes" $chunk "$tmp/d.tags" || exit 1
	once vmm_d "$VMMCTL" -q -b "$tmp/dump.vmm" || exit 1
	once loop_r "$bin/mte-copyloop" loop restore $ipa "$bytes" $chunk || exit 1
	once vmm_r "$VMMCTL" -q -b "$tmp/restore.vmm" || exit 1
	once vmm_s "$VMMCTL" -q -b "$tmp/setup.vmm" || exit 1
	once vmm_c "$VMMCTL" -q -b "$tmp/check.vmm" || exit 1
	i=$((i + 1))
done
echo "mte bench: $size of guest range, chunk $chunk bytes of memory ($((chunk / 16)) bytes of tags) per call, $runs runs each in turns, $(nproc) CPUs"
{
	for n in loop_d loopw_d vmm_d loop_r vmm_r vmm_s vmm_c; do
		echo "$n $(spread $n 1) $(spread $n 2)"
	done
} | awk -v b="$bytes" -v runs="$runs" '
	{ wmin[$1] = $2; wmed[$1] = $3; wmax[$1] = $4; umed[$1] = $6 }
	END {
		gib = b / 1073741824
		printf "%-30s %9s %9s %9s %12s\n", "wall ms", "min", "median", "max", "user ms med"
		split("loop_d loopw_d vmm_d loop_r vmm_r vmm_s vmm_c", k, " ")
		split("dump: bare loop|dump: loop + write(2)|dump: vmmctl|restore: bare loop|restore: vmmctl|vmmctl set-up only|vmmctl set-up + file check", t, "|")
		for (i = 1; i <= 7; i++)
			printf "%-30s %9.1f %9.1f %9.1f %12.1f\n", t[i], wmin[k[i]], wmed[k[i]], wmax[k[i]], umed[k[i]]
		printf "throughput vmmctl / loop (1.000 = equal; target >= 0.95 on minima):\n"
		printf "  dump    %.3f on minima, %.3f on medians (vs loop + write(2): %.3f, %.3f)\n",
			wmin["loop_d"] / wmin["vmm_d"], wmed["loop_d"] / wmed["vmm_d"],
			wmin["loopw_d"] / wmin["vmm_d"], wmed["loopw_d"] / wmed["vmm_d"]
		printf "  restore %.3f on minima, %.3f on medians\n",
			wmin["loop_r"] / wmin["vmm_r"], wmed["loop_r"] / wmed["vmm_r"]
		printf "user CPU per GiB (median; target: vmmctl beyond the loop < 5%% of the loop wall time):\n"
		printf "  dump    vmmctl %.1f ms, loop %.1f ms: vmmctl own %.1f ms = %.1f%% of the loop wall time\n",
			umed["vmm_d"] / gib, umed["loop_d"] / gib, (umed["vmm_d"] - umed["loop_d"]) / gib,
			100 * (umed["vmm_d"] - umed["loop_d"]) / wmed["loop_d"]
		printf "  restore vmmctl %.1f ms, loop %.1f ms: vmmctl own %.1f ms = %.1f%% of the loop wall time\n",
			umed["vmm_r"] / gib, umed["loop_r"] / gib, (umed["vmm_r"] - umed["loop_r"]) / gib,
			100 * (umed["vmm_r"] - umed["loop_r"]) / wmed["loop_r"]
		printf "where vmmctl spends (medians, wall / user ms): start-up and VM set-up %.1f / %.1f; restore'"'"'s check of the whole file %.1f / %.1f\n",
			wmed["vmm_s"], umed["vmm_s"], wmed["vmm_c"] - wmed["vmm_s"], umed["vmm_c"] - umed["vmm_s"]
		printf "spread (max / min of wall time): loop dump %.2f, vmmctl dump %.2f, loop restore %.2f, vmmctl restore %.2f\n",
			wmax["loop_d"] / wmin["loop_d"], wmax["vmm_d"] / wmin["vmm_d"],
			wmax["loop_r"] / wmin["loop_r"], wmax["vmm_r"] / wmin["vmm_r"]
	}'
echo "vmmctl dump by chunk size:"
for c in 64K 256K 1M 4M 16M; do
	batch "$tmp/c.vmm" "mte dump vm0 $ipa+$size -o $tmp/d.tags --chunk $c"
	once "c$c" "$VMMCTL" -q -b "$tmp/c.vmm" || exit 1
	echo "  chunk $c: $(median "c$c") ms (one run)"
done
