#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-loaded.sh: .ci/run as CI runs it (CI=true, no standard input) while
# LOAD_PROCS (default: the CPU count) CPU-bound processes compete for the
# cores the whole time, to prove that no test depends on the machine's
# speed.  Prints the run's wall time and exits with .ci/run's status.
#   make check-loaded [LOAD_PROCS=N]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${LOAD_PROCS:-$(nproc)}
pids=
# shellcheck disable=SC2317 # called by the trap
stop() {
	[ -n "$pids" ] && kill $pids 2>/dev/null
	wait 2>/dev/null
	pids=
}
trap stop EXIT
trap 'exit 1' INT TERM
i=0
while [ "$i" -lt "$n" ]; do
	sh -c 'while :; do :; done' &
	pids="$pids $!"
	i=$((i + 1))
done
echo "check-loaded: $n CPU-bound processes on $(nproc) CPUs:$pids"
t0=$(date +%s)
CI=true bash "$top/.ci/run" </dev/null
st=$?
echo "check-loaded: .ci/run exited $st after $(($(date +%s) - t0)) s with $n CPU-bound processes competing"
exit "$st"
