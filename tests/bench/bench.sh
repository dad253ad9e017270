#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Wall times: each command's min, median and max over many runs taken in
# turns with its baseline, and its ratio to the baseline measured in the
# same run, on the medians and on the minima (the least disturbed runs).
# The machine's CPU count is printed with each table. hyperfine is used
# when installed (`make deps` installs it), else a shell loop:
#   startup: `vmmctl -j host features` and `vmmctl -j version` next to
#     `ip -j link show lo` (a small netlink JSON tool);
#   vm list: `vmmctl --root FIXTURE -j vm list` over a synthetic /proc of
#     BENCH_PROCS processes (tests/bench/mkproc.py) next to
#     `ls -l FIXTURE/proc/*/fd` over the same tree;
#   mte: on an arm64 MTE host only (elsewhere the rig's check 52-mte-bench);
#   stage2 parse: `vmmctl -j stage2 show FILE` and `stage2 summary FILE` on
#     a synthetic dump of BENCH_S2_LINES lines (tests/bench/mkptdump.py)
#     next to `wc -l FILE`, with two threads (the default on a machine with
#     more than one CPU) and with one (VMMCTL_THREADS=1, through env(1));
#     and the largest resident set of summary, of show and of wc -l;
#   stage2 map: `vmmctl -j stage2 map FILE` and the same with --svg, next to
#     `stage2 summary FILE` of the same dump;
#   top: the CPU time of one refresh over 100 synthetic VMs (mkproc.py with
#     stage-2 dumps), with and without reading the dumps.
#   snapshot replay: `vmmctl --root SNAPSHOT -j vm list` on the committed
#     arm64 rig snapshot, from the tarball next to the same snapshot
#     unpacked by tar (the baseline: a replay that unpacks nothing), and
#     `vmmctl snapshot -o FILE` of this host next to `vmmctl -j vm list`.
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
			awk -F, 'NR > 1 { printf "%.6f %.6f %.6f\n", $7 * 1000, $4 * 1000, $8 * 1000 }' \
				"$tmp/res.csv"
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
					printf "%.6f %.6f %.6f\n", v[1] / 1e6, m / 1e6, v[NR] / 1e6 }'
			done
		fi | awk -v r="$r" '{ print NR, r, $1, $2, $3 }' >>"$tmp/rounds"
	done
	# per command over all rounds: the smallest min, the median of the
	# rounds' medians, the largest max
	k=0
	for c in "$@"; do
		k=$((k + 1))
		awk -v k="$k" '$1 == k { print $3, $4, $5 }' "$tmp/rounds" | sort -k2,2n | awk '
			{ lo = NR == 1 || $1 < lo ? $1 : lo; hi = $3 > hi ? $3 : hi; m[NR] = $2 }
			END {
				med = NR % 2 ? m[(NR + 1) / 2] : (m[NR / 2] + m[NR / 2 + 1]) / 2
				printf "%.3f %.3f %.3f\n", lo, med, hi
			}'
	done >"$tmp/stats"

	echo "$title: $method, $(nproc) CPUs"
	echo "$names" | tr '|' '\n' | paste -d '|' - "$tmp/stats" | awk -F'|' '
		{ split($2, v, " "); name[NR] = $1; lo[NR] = v[1]; med[NR] = v[2]; hi[NR] = v[3] }
		END {
			printf "%-48s %9s %9s %9s %8s %8s\n", "command", "min ms", "median", "max",
				"ratio", "(min)"
			for (i = 1; i <= NR; i++)
				printf "%-48s %9.3f %9.3f %9.3f %8.2f %8.2f\n", name[i], lo[i], med[i],
					hi[i], (med[1] > 0 ? med[i] / med[1] : 0),
					(lo[1] > 0 ? lo[i] / lo[1] : 0)
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
envc=$(command -v env)
bench "stage2 parse, $lines-line dump ($(wc -c <"$tmp/dump") bytes), output to /dev/null" \
	"wc -l FILE (baseline)|vmmctl -j stage2 summary FILE|vmmctl -j stage2 show FILE|env VMMCTL_THREADS=1 vmmctl -j stage2 summary|env VMMCTL_THREADS=1 vmmctl -j stage2 show" \
	"${BENCH_S2_RUNS:-20}" 2 \
	"$(command -v wc) -l $tmp/dump" "$VMMCTL -j stage2 summary $tmp/dump" \
	"$VMMCTL -j stage2 show $tmp/dump" "$envc VMMCTL_THREADS=1 $VMMCTL -j stage2 summary $tmp/dump" \
	"$envc VMMCTL_THREADS=1 $VMMCTL -j stage2 show $tmp/dump"
# the largest resident set of one run each, by GNU time (a small parent:
# a fork of a larger one would count its pages before the exec)
if [ -x /usr/bin/time ]; then
	wc_kb=$(/usr/bin/time -f %M wc -l "$tmp/dump" 2>&1 >/dev/null | tail -1)
	for c in summary show; do
		s2_kb=$(/usr/bin/time -f %M "$VMMCTL" -j stage2 "$c" "$tmp/dump" 2>&1 >/dev/null | tail -1)
		echo "stage2 $c max resident: $s2_kb KiB (wc -l: $wc_kb KiB)"
	done
else
	echo "stage2 max resident: SKIP: GNU time (/usr/bin/time) is not installed"
fi
# the picture: the same parse into cells, and the SVG besides
echo
bench "stage2 map of the same dump, against its summary" \
	"vmmctl -j stage2 summary FILE (baseline)|vmmctl -j stage2 map FILE|vmmctl stage2 map FILE --svg OUT" \
	"${BENCH_S2_RUNS:-20}" 2 \
	"$VMMCTL -j stage2 summary $tmp/dump" "$VMMCTL -j stage2 map $tmp/dump" \
	"$VMMCTL stage2 map $tmp/dump --svg $tmp/map.svg"
rm -f "$tmp/dump" "$tmp/map.svg"

# top: the CPU time of one refresh over 100 VMs, each with 20 stat files and
# a 100 000-line stage-2 dump: (runs of 6 refreshes - runs of 1) / 5, by GNU
# time, without the dumps and with them (two a refresh, lib/top.h)
echo
if [ -x /usr/bin/time ]; then
	"$PYTHON" "$here/mkproc.py" --procs 100 --vms 100 --s2-lines "${BENCH_TOP_S2_LINES:-100000}" \
		"$tmp/top" >/dev/null || exit 1
	cpu() { /usr/bin/time -f "%U %S" "$VMMCTL" --root "$tmp/top" -j top --interval 1 "$@" \
		2>&1 >/dev/null | tail -1 | awk '{ printf "%.0f", ($1 + $2) * 1000 }'; }
	for mode in --no-stage2 ""; do
		per=
		for r in 1 2 3; do
			a=$(cpu --count 1 $mode) b=$(cpu --count 6 $mode)
			per="$per $(( (b - a) / 5 ))"
		done
		echo "top, 100 VMs${mode:+ ($mode)}: CPU ms per refresh (min median max):" \
			"$(echo $per | tr ' ' '\n' | sort -n | tr '\n' ' ')" \
			"; at the default 2 s interval, of one core: $(echo $per | tr ' ' '\n' | sort -n |
			sed -n 2p | awk '{ printf "%.1f %%", $1 / 20 }')"
	done
	rm -rf "$tmp/top"
else
	echo "top: SKIP: GNU time (/usr/bin/time) is not installed"
fi
echo
"$PYTHON" "$here/mkproc.py" --procs "$procs" "$tmp/root" >/dev/null || exit 1
# the glob needs a shell, which adds its own start-up (about a millisecond)
# shellcheck disable=SC2016 # $1 is for that script
printf 'exec ls -l "$1"/proc/*/fd\n' >"$tmp/ls-fd.sh"
bench "vm list, $procs processes" \
	"ls -l proc/*/fd (baseline)|vmmctl --root DIR -j vm list" \
	"${BENCH_PROC_RUNS:-30}" 3 \
	"sh $tmp/ls-fd.sh $tmp/root" "$VMMCTL --root $tmp/root -j vm list"
echo
snap=$here/../fixtures/snapshot/arm64-rig.tar.gz
if [ -f "$snap" ]; then
	mkdir "$tmp/snapdir" && tar xzf "$snap" -C "$tmp/snapdir" || exit 1
	bench "snapshot replay of vm list ($(wc -c <"$snap") byte tarball)" \
		"from the directory (baseline)|from the tarball" "${BENCH_SNAP_RUNS:-50}" 3 \
		"$VMMCTL --root $tmp/snapdir -j vm list" "$VMMCTL --root $snap -j vm list"
else
	echo "snapshot replay: SKIP: no $snap"
fi
echo
bench "snapshot of this host" "vmmctl -j vm list (baseline)|vmmctl snapshot -o FILE" \
	"${BENCH_SNAP_RUNS:-50}" 3 "$VMMCTL -j vm list" "$VMMCTL snapshot -o $tmp/host.tar.gz"
