#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: VMs that vanish while they are read.  Up to CHURN_VMS (default 8)
# test VMMs hold VMs; each round one of them, picked at random, is killed
# with SIGKILL and a new one started, while vm list, vm show, vm stats,
# stage2 summary, iommufd list and snapshot run over and over.  Every
# answer must be a whole JSON document with exit 0, or exit 5 (the VM's
# process exited) with an error object (or 4, what the host lacks: no
# debugfs, no stage-2 dump); never a signal, a half document, a
# duplicate id or a VM whose id names another process.  A snapshot taken
# meanwhile must replay.  Bounded: CHURN_ROUNDS rounds (default 40) or
# CHURN_SECONDS (default 40) seconds, whichever comes first, so it takes
# as long as the machine needs for that many rounds and no longer than
# the limit; it prints its counts.  Runs on the host and in the rig.
set -u
: "${VMMCTL:?}"
helper=${VMM_HELPER:-${BUILD:-}/tests/vmm-helper}
[ -x "$helper" ] || { echo "no test VMM helper built"; exit 77; }
. "$(dirname "$0")/tap.inc"
kvm_usable || { echo "KVM is not usable here: $kvm_why"; exit 77; }
nvms=${CHURN_VMS:-8} rounds=${CHURN_ROUNDS:-40} limit=${CHURN_SECONDS:-40}

live_scratch vm-churn
pids=
# shellcheck disable=SC2317 # called by the trap
churn_cleanup() {
	[ -n "$pids" ] && kill -9 $pids 2>/dev/null
	wait 2>/dev/null
	live_cleanup
}
trap churn_cleanup EXIT

# start: one more test VMM, in the background, into $pids
start() {
	"$helper" --pages 4 --hold 600 >/dev/null 2>&1 &
	pids="$pids $!"
}
# victim: a pid of $pids at random (the shell has no $RANDOM everywhere)
victim() {
	_k=$(od -An -tu2 -N2 /dev/urandom | tr -d ' ')
	set -- $pids
	shift $((_k % $#))
	echo "$1"
}
i=0
while [ "$i" -lt "$nvms" ]; do start; i=$((i + 1)); done

# answer NAME FILE STATUS: one answer judged; counts in ok0, ok4, ok5, badn
ok0=0 ok4=0 ok5=0 badn=0
answer() {
	_first=$(head -c 1 "$2")
	_last=$(tail -c 2 "$2" | tr -d '\n' | tail -c 1)
	case $3-$_first$_last in
	0-{} | 0-[])
		ok0=$((ok0 + 1)) ;;
	4-{} | 5-{})
		# 5: the process exited; 4: what this host lacks (no debugfs, no
		# stage-2 dump, pKVM's hidden tables): an error object either way
		if grep -q "^{\"error\":{.*\"exit_code\":$3," "$2"; then
			[ "$3" = 5 ] && ok5=$((ok5 + 1)) || ok4=$((ok4 + 1))
		else
			badn=$((badn + 1)); nok "$1: exit $3 without its error object: $(head -c 300 "$2")"
		fi ;;
	*)
		badn=$((badn + 1))
		nok "$1: exit $3, output '$(head -c 200 "$2")...$(tail -c 100 "$2")'" ;;
	esac
}

t0=$(date +%s)
r=0 dups=0 wrong=0 snaps=0 replays=0
while [ "$r" -lt "$rounds" ] && [ $(($(date +%s) - t0)) -lt "$limit" ]; do
	r=$((r + 1))
	v=$(victim)
	kill -9 "$v" 2>/dev/null
	pids=$(echo " $pids " | sed "s/ $v / /")
	start
	"$VMMCTL" -j vm list >"$tmp/list" 2>"$tmp/err"
	answer "vm list (round $r)" "$tmp/list" $?
	ids=$(grep -o '"id":"[0-9]*-[0-9]*","pid":[0-9]*' "$tmp/list")
	d=$(echo "$ids" | sed -n 's/"id":"\([^"]*\)".*/\1/p' | sort | uniq -d)
	[ -n "$d" ] && { dups=$((dups + 1)); nok "vm list (round $r): duplicate ids $d"; }
	# an id is PID-FD of the process that holds it
	for e in $ids; do
		id=$(echo "$e" | sed 's/"id":"\([^"]*\)".*/\1/') p=${e##*:}
		[ "${id%-*}" = "$p" ] || { wrong=$((wrong + 1)); nok "vm list (round $r): $e"; }
	done
	id=$(echo "$ids" | sed -n 's/"id":"\([^"]*\)".*/\1/p' | tail -n 1)
	if [ -n "$id" ]; then
		# the one named is killed now and then, between the list and the read
		[ $((r % 3)) = 0 ] && kill -9 "${id%-*}" 2>/dev/null
		"$VMMCTL" -j vm show "$id" >"$tmp/show" 2>/dev/null
		answer "vm show $id (round $r)" "$tmp/show" $?
		"$VMMCTL" -j stage2 summary "$id" >"$tmp/s2" 2>/dev/null
		answer "stage2 summary $id (round $r)" "$tmp/s2" $?
		if [ $((r % 5)) = 1 ]; then
			"$VMMCTL" -j vm stats "$id" --interval 1 --count 2 >"$tmp/stats" 2>/dev/null
			answer "vm stats $id (round $r)" "$tmp/stats" $?
		fi
	fi
	"$VMMCTL" -j iommufd list >"$tmp/iofd" 2>/dev/null
	answer "iommufd list (round $r)" "$tmp/iofd" $?
	if [ $((r % 10)) = 1 ]; then
		rm -f "$tmp/snap.tar.gz"
		"$VMMCTL" -j snapshot -o "$tmp/snap.tar.gz" >"$tmp/snap" 2>"$tmp/err"
		answer "snapshot (round $r)" "$tmp/snap" $?
		snaps=$((snaps + 1))
		"$VMMCTL" --root "$tmp/snap.tar.gz" -j vm list >"$tmp/replay" 2>"$tmp/err"
		st=$?
		answer "the snapshot of round $r replays vm list" "$tmp/replay" "$st"
		[ "$st" = 0 ] && replays=$((replays + 1))
	fi
done
took=$(($(date +%s) - t0))
echo "$r rounds in $took s, $nvms VMMs, one killed and one started a round: $ok0 answers exit 0," \
	"$ok5 exit 5 (the process exited), $ok4 exit 4 (not on this host), $badn bad; $dups duplicate ids, $wrong misattributed;" \
	"$snaps snapshots, $replays replayed"
check "every answer whole, exit 0, 4 or 5 ($ok0 + $ok4 + $ok5 in $r rounds)" [ "$badn" = 0 ]
check "no duplicate id, no VM of another process" [ $((dups + wrong)) = 0 ]
check "every snapshot taken replays ($replays of $snaps)" [ "$replays" = "$snaps" ]
[ "$bad" = 0 ]
