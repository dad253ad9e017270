#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# MTE throughput: vmmctl mte dump / restore of SIZE bytes of guest range
# (a batch: vm create --mte, one anonymous slot, the command) against
# mte-copyloop's minimal loop (the same VM set-up, then the bare
# KVM_ARM_MTE_COPY_TAGS calls over the same range in the same chunk size),
# and for dump also against that loop writing each chunk's tags to a file
# (what part of the difference the file itself costs).
# Both are timed as whole processes, the median of RUNS runs taken in turns. Reports the
# ratios vmmctl / loop (1.00 = as fast; the issue asks for <= 1/0.95 =
# 1.053) and vmmctl's dump time per chunk size. Under QEMU TCG the
# absolute numbers are slow; the ratios are what counts. Never fails on a
# slow ratio: it reports (the bench's contract); fails only when a run fails.
#
# MTE_BENCH_SIZE (default 1G: the VM's pages, 64 MiB of tags in the file
# and 64 MiB read back fit the rig's 2 GiB), MTE_BENCH_RUNS (default 5;
# the chunk sweep runs each size once).
set -u
: "${VMMCTL:?}"
bin=${MTE_COPYLOOP:+$(dirname "$MTE_COPYLOOP")}
bin=${bin:-/rig/bin}
size=${MTE_BENCH_SIZE:-1G}
runs=${MTE_BENCH_RUNS:-5}
case $size in *G) bytes=$((${size%G} << 30)) ;; *M) bytes=$((${size%M} << 20)) ;; *) bytes=$size ;; esac
ipa=0x40000000
tmp=${TMPDIR:-/tmp}/mte-bench.$$
mkdir "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
"$bin/mte-copyloop" loop dump $ipa 0x10000 0x10000 || exit $?

# once NAME COMMAND...: one timed run, its ms appended to $tmp/NAME
once() {
	name=$1
	shift
	r=$("$bin/mte-copyloop" time "$@")
	case $r in *" status 0") ;; *) echo "FAIL: $* -> $r" >&2; return 1 ;; esac
	echo "$r" | awk '{ print $2 / 1e6 }' >>"$tmp/$name"
	rm -f "$tmp/d.tags"
}

median() { # NAME
	sort -n "$tmp/$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

batch() { # FILE COMMAND
	printf '%s\n' 'vm create --mte' "mem add vm0 0 $ipa $size" "$2" >"$1"
}

"$bin/mte-copyloop" mkfile "$tmp/r.tags" $ipa "$bytes" 7 || exit 1

chunk=$(( 1 << 20 ))
batch "$tmp/dump.vmm" "mte dump vm0 $ipa+$size -o $tmp/d.tags"
batch "$tmp/restore.vmm" "mte restore vm0 --input $tmp/r.tags"
# the four take turns, so that the machine's slow and fast phases hit all alike
i=0
while [ $i -lt "$runs" ]; do
	once loop_d "$bin/mte-copyloop" loop dump $ipa "$bytes" $chunk || exit 1
	once loopw_d "$bin/mte-copyloop" loop dump $ipa "$bytes" $chunk "$tmp/d.tags" || exit 1
	once vmm_d "$VMMCTL" -q -b "$tmp/dump.vmm" || exit 1
	once loop_r "$bin/mte-copyloop" loop restore $ipa "$bytes" $chunk || exit 1
	once vmm_r "$VMMCTL" -q -b "$tmp/restore.vmm" || exit 1
	i=$((i + 1))
done
loopw_d=$(median loopw_d) loop_d=$(median loop_d) vmm_d=$(median vmm_d) loop_r=$(median loop_r) vmm_r=$(median vmm_r)
echo "mte bench: $size of guest range, chunk $chunk bytes of memory ($((chunk / 16)) bytes of tags) per call, median of $runs runs"
awk -v lw="$loopw_d" -v ld="$loop_d" -v vd="$vmm_d" -v lr="$loop_r" -v vr="$vmm_r" -v b="$bytes" 'BEGIN {
	printf "%-8s %12s %12s %10s %14s\n", "op", "loop ms", "vmmctl ms", "ratio", "vmmctl MiB/s"
	printf "%-8s %12.1f %12.1f %10.3f %14.1f\n", "dump", ld, vd, vd / ld, b / 1048576 / (vd / 1000)
	printf "%-8s %12.1f %12.1f %10.3f %14.1f\n", "restore", lr, vr, vr / lr, b / 1048576 / (vr / 1000)
	printf "throughput vs loop: dump %.3fx, restore %.3fx (1.000x = equal)\n", ld / vd, lr / vr
	printf "the loop that also write(2)s the tags to a file: %.1f ms; vmmctl dump vs it: %.3fx\n", lw, lw / vd
}'
echo "vmmctl dump by chunk size:"
for c in 64K 256K 1M 4M 16M; do
	batch "$tmp/c.vmm" "mte dump vm0 $ipa+$size -o $tmp/d.tags --chunk $c"
	once "c$c" "$VMMCTL" -q -b "$tmp/c.vmm" || exit 1
	echo "  chunk $c: $(median "c$c") ms (one run)"
done
