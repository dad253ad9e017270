#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Wall times, each as the median of many runs and as a ratio to a baseline
# measured in the same run:
#   startup: `vmmctl -j host features` and `vmmctl -j version` next to
#     `ip -j link show lo` (a small netlink JSON tool);
#   vm list: `vmmctl --root FIXTURE -j vm list` over a synthetic /proc of
#     BENCH_PROCS processes (tests/bench/mkproc.py) next to
#     `ls -l FIXTURE/proc/*/fd` over the same tree;
#   mte: on an arm64 MTE host only (elsewhere the rig's check 52-mte-bench);
#   stage2 parse: `vmmctl -j stage2 show FILE` and `stage2 summary FILE` on
#     a synthetic dump of BENCH_S2_LINES lines (tests/bench/mkptdump.py)
#     next to `wc -l FILE`.
# Reports only; nothing here asserts a time.
#
# Environment: VMMCTL (the binary), BENCH_RUNS (runs per startup command,
# default 200), BENCH_PROC_RUNS (runs per vm list command, default 30),
# BENCH_PROCS (processes in the fixture, default 10000), BENCH_S2_LINES
# (default 1000000), BENCH_S2_RUNS (default 20), PYTHON.
set -u
: "${VMMCTL:?VMMCTL must name the vmmctl binary}"
here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# bench TITLE NAMES RUNS WARMUP COMMAND...: NAMES is '|'-separated, the first
# command is the baseline.
bench() {
	title=$1 names=$2 runs=$3 warmup=$4
	shift 4
	for c in "$@"; do
		# shellcheck disable=SC2086 # the command strings are word lists
		if ! $c >/dev/null 2>"$tmp/err"; then
			echo "bench: '$c' failed:" >&2
			cat "$tmp/err" >&2
			exit 1
		fi
	done
	# The commands take turns in $rounds rounds (machines drift between fast
	# and slow phases); each command's median over the rounds' medians is reported.
	rounds=5
	per=$(((runs + rounds - 1) / rounds))
	if command -v hyperfine >/dev/null 2>&1; then
		method="$(hyperfine --version), $rounds rounds of $per runs after $warmup warm-up runs, no shell"
	else
		method="shell loop with date +%s%N, $rounds rounds of $per runs after $warmup warm-up runs (includes the cost of date(1))"
	fi
	: >"$tmp/rounds"
	r=0
	while [ "$r" -lt "$rounds" ]; do
		r=$((r + 1))
		if command -v hyperfine >/dev/null 2>&1; then
			hyperfine -N --style none --warmup "$warmup" --runs "$per" \
				--export-csv "$tmp/res.csv" "$@" >/dev/null 2>"$tmp/err" || {
				cat "$tmp/err" >&2
				exit 1
			}
			# command,mean,stddev,median,user,system,min,max (seconds)
			awk -F, 'NR > 1 { printf "%.6f\n", $4 * 1000 }' "$tmp/res.csv"
		else
			for c in "$@"; do
				i=0
				while [ "$i" -lt "$warmup" ]; do
					$c >/dev/null 2>&1
					i=$((i + 1))
				done
				i=0
				while [ "$i" -lt "$per" ]; do
					t0=$(date +%s%N)
					$c >/dev/null 2>&1
					t1=$(date +%s%N)
					echo $((t1 - t0))
					i=$((i + 1))
				done | sort -n | awk '{ v[NR] = $1 } END {
					m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
					printf "%.6f\n", m / 1e6 }'
			done
		fi | awk -v r="$r" '{ print NR, r, $1 }' >>"$tmp/rounds"
	done
	# median per command over the rounds, in command order
	k=0
	for c in "$@"; do
		k=$((k + 1))
		awk -v k="$k" '$1 == k { print $3 }' "$tmp/rounds" | sort -n | awk '{ v[NR] = $1 } END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.3f\n", m }'
	done >"$tmp/medians"

	echo "$title: $method"
	echo "$names" | tr '|' '\n' | paste -d '|' - "$tmp/medians" | awk -F'|' '
		NR == 1 { base = $2 }
		{ name[NR] = $1; ms[NR] = $2 }
		END {
			printf "%-44s %10s %8s\n", "command", "median ms", "ratio"
			for (i = 1; i <= NR; i++)
				printf "%-44s %10.3f %8.2f\n", name[i], ms[i], (base > 0 ? ms[i] / base : 0)
		}'
}

if command -v ip >/dev/null 2>&1; then
	base="ip -j link show lo"
	base_cmd="$(command -v ip) -j link show lo"
else
	base="true"
	base_cmd=$(command -v true)
	echo "bench: ip(8) is not installed; the baseline is true(1)" >&2
fi
bench startup "$base (baseline)|vmmctl -j version|vmmctl -j host features" \
	"${BENCH_RUNS:-200}" 20 \
	"$base_cmd" "$VMMCTL -j version" "$VMMCTL -j host features"

# MTE copy throughput needs an arm64 host with MTE: the arm64 rig runs it
# (tests/arm64/checks/52-mte-bench.sh, vmmctl against a bare COPY_TAGS loop).
echo
if [ "$(uname -m)" = aarch64 ] && grep -qw mte /proc/cpuinfo 2>/dev/null &&
	[ -x "${MTE_COPYLOOP:-}" ]; then
	VMMCTL=$VMMCTL sh "$here/../arm64/checks/52-mte-bench.sh"
else
	echo "mte: SKIP: no arm64 MTE host (or MTE_COPYLOOP unset); 'make check-arm64' runs the MTE bench in the rig (check 52-mte-bench)"
fi

procs=${BENCH_PROCS:-10000}
echo
if ! command -v "$PYTHON" >/dev/null 2>&1; then
	echo "stage2, vm list: SKIP: $PYTHON is not installed (it writes the fixtures)"
	exit 0
fi
lines=${BENCH_S2_LINES:-1000000}
"$PYTHON" "$here/mkptdump.py" --lines "$lines" "$tmp/dump" || exit 1
bench "stage2 parse, $lines-line dump ($(wc -c <"$tmp/dump") bytes)" \
	"wc -l FILE (baseline)|vmmctl -j stage2 show FILE|vmmctl -j stage2 summary FILE" \
	"${BENCH_S2_RUNS:-20}" 2 \
	"$(command -v wc) -l $tmp/dump" "$VMMCTL -j stage2 show $tmp/dump" \
	"$VMMCTL -j stage2 summary $tmp/dump"
rm -f "$tmp/dump"
echo
"$PYTHON" "$here/mkproc.py" --procs "$procs" "$tmp/root" >/dev/null || exit 1
# the glob needs a shell, which adds its own start-up (about a millisecond)
# shellcheck disable=SC2016 # $1 is for that script
printf 'exec ls -l "$1"/proc/*/fd\n' >"$tmp/ls-fd.sh"
bench "vm list, $procs processes" \
	"ls -l proc/*/fd (baseline)|vmmctl --root DIR -j vm list" \
	"${BENCH_PROC_RUNS:-30}" 3 \
	"sh $tmp/ls-fd.sh $tmp/root" "$VMMCTL --root $tmp/root -j vm list"
