#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Startup cost: wall time of `vmmctl -j host features` and `vmmctl -j version`
# next to `ip -j link show lo` (a small netlink JSON tool), measured in the
# same run, as the median of many runs and as a ratio to that baseline.
# Reports only; nothing here asserts a time.
#
# Environment: VMMCTL (the binary), BENCH_RUNS (runs per command, default 200).
set -u
: "${VMMCTL:?VMMCTL must name the vmmctl binary}"
runs=${BENCH_RUNS:-200}
warmup=20
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if command -v ip >/dev/null 2>&1; then
	base="ip -j link show lo"
	base_cmd="$(command -v ip) -j link show lo"
else
	base="true"
	base_cmd=$(command -v true)
	echo "bench: ip(8) is not installed; the baseline is true(1)" >&2
fi
names="$base (baseline)|vmmctl -j version|vmmctl -j host features"
set -- "$base_cmd" "$VMMCTL -j version" "$VMMCTL -j host features"

for c in "$@"; do
	# shellcheck disable=SC2086 # the command strings are word lists
	if ! $c >/dev/null 2>"$tmp/err"; then
		echo "bench: '$c' failed:" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
done

# The commands take turns in $rounds rounds (machines drift between fast and
# slow phases); each command's median over the rounds' medians is reported.
rounds=5
per=$(((runs + rounds - 1) / rounds))
if command -v hyperfine >/dev/null 2>&1; then
	method="$(hyperfine --version), $rounds rounds of $per runs after $warmup warm-up runs, no shell"
else
	method="shell loop with date +%s%N, $rounds rounds of $per runs after $warmup warm-up runs (includes the cost of date(1))"
fi
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

echo "startup: $method"
echo "$names" | tr '|' '\n' | paste -d '|' - "$tmp/medians" | awk -F'|' '
	NR == 1 { base = $2 }
	{ name[NR] = $1; ms[NR] = $2 }
	END {
		printf "%-34s %10s %8s\n", "command", "median ms", "ratio"
		for (i = 1; i <= NR; i++)
			printf "%-34s %10.3f %8.2f\n", name[i], ms[i], (base > 0 ? ms[i] / base : 0)
	}'
