#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: `vmmctl top` against the real kernel. The test VMM runs its guest
# again and again (--busy), so its exits counter climbs; the counter read
# straight from debugfs before and after one interval of `top -j` bounds
# what top reports: top's interval lies inside the window of the two
# direct reads, so its count lies between them and the exits its rate
# stands for (rate x interval) are at most theirs, whatever the timing.
# Then the live view in tmux: the VM's row, sort, filter, details, the VM
# killed (its row goes), q. Where debugfs refuses the counters (a
# locked-down kernel) the status line must say so and the rate checks
# skip. Runs on the host and in the arm64 rig (busybox sh).
# Exit 0 pass, 77 skip (reason on the last line), else fail.
set -u
: "${VMMCTL:?}"
helper=${VMM_HELPER:-${BUILD:-}/tests/vmm-helper}
[ -x "$helper" ] || { echo "no test VMM helper built"; exit 77; }
. "$(dirname "$0")/tap.inc"
kvm_usable || { echo "KVM is not usable here: $kvm_why"; exit 77; }

live_scratch top
sock=$tmp/tmux.sock
# shellcheck disable=SC2317 # called by the trap
cleanup_top() {
	command -v tmux >/dev/null 2>&1 && tmux -S "$sock" kill-server 2>/dev/null
	live_cleanup
}
trap cleanup_top EXIT

live_start "$tmp/helper" vm 600 "$helper" --pages 4 --ro-pages 0 --busy 120 --hold 120
[ -n "$line" ] || { echo "test VMM not ready: $(cat "$tmp/helper")"; exit 1; }
echo "# $line"
id=$(echo "$line" | sed -n 's/.* pid=\([0-9]*\) fd=\([0-9]*\) .*/\1-\2/p')
dir=/sys/kernel/debug/kvm/$(echo "$line" | sed -n 's/.* debugfs=\([^ ]*\).*/\1/p')
why=
if [ ! -r "$dir" ]; then
	why="debugfs has no readable $dir"
elif ! cat "$dir/exits" >/dev/null 2>"$tmp/exits.err"; then
	why="debugfs refuses $dir/exits ($(cat "$tmp/exits.err"))"
fi

# one interval of -j top: the VM's row, its count between two direct reads
c0=$(cat "$dir/exits" 2>/dev/null)
"$VMMCTL" -j top --vm "$id" --interval 2 --count 1 >"$out" 2>"$err"
st=$?
c1=$(cat "$dir/exits" 2>/dev/null)
check "top -j exits 0 ($(cat "$err"))" [ "$st" = 0 ]
check "one JSON line" [ "$(wc -l <"$out")" = 1 ]
if grep -Eq "\\{\"id\":\"$id\",\"pid\":[0-9]+,(\"tid\":[0-9]+,)?\"comm\":\"vmm-helper\",\"vcpus\":1," "$out"
then ok "the test VMM's VM $id: its comm and its one vCPU"
else nok "no row for $id in: $(cat "$out")"; fi
if [ -n "$why" ]; then
	if grep -q '"status":"[^"]*\(refused\|no kvm\|does not list\)' "$out"; then
		ok "the status line says why there are no counters"
	else
		nok "no status about the counters ($why): $(cat "$out")"
	fi
	skip "top's rates against debugfs" "$why"
else
	cnt=$(grep -o '"counts":{"exits":[0-9]*' "$out" | grep -o '[0-9]*$')
	rate=$(grep -o '"rates":{"exits":[0-9.]*' "$out" | grep -o '[0-9.]*$')
	ns=$(grep -o '"elapsed_ns":[0-9]*' "$out" | grep -o '[0-9]*$')
	echo "# direct reads $c0 and $c1; top: count $cnt, $rate exits/s over $ns ns"
	check "the guest ran: the direct reads climbed ($c0 to $c1)" [ "${c1:-0}" -gt "${c0:-0}" ]
	if [ -n "$cnt" ] && [ "$cnt" -ge "$c0" ] && [ "$cnt" -le "$c1" ]; then
		ok "top's count lies between the direct reads"
	else
		nok "top's count '$cnt' is not between the direct reads $c0 and $c1"
	fi
	if awk -v r="$rate" -v ns="$ns" -v d=$((c1 - c0)) \
		'BEGIN { exit !(r != "" && r > 0 && r * ns / 1e9 <= d + 1) }'; then
		ok "top's rate, over its interval, is at most what the direct window saw ($((c1 - c0)))"
	else
		nok "rate $rate over $ns ns against $((c1 - c0)) exits between the direct reads"
	fi
fi

# the hypervisor's time, where there is a hypervisor that traces (nVHE, protected)
if "$VMMCTL" hyp status >/dev/null 2>&1 && [ -z "$why" ]; then
	was=$("$VMMCTL" -j hyp status | grep -o '"tracing_on":[a-z]*' | cut -d: -f2)
	"$VMMCTL" hyp trace on >/dev/null
	"$VMMCTL" -j top --vm "$id" --interval 1 --count 2 >"$out" 2>"$err"
	check "top -j with the hypervisor tracing exits 0 ($(cat "$err"))" [ "$?" = 0 ]
	[ "$was" = true ] || "$VMMCTL" hyp trace off >/dev/null
	hyp=$(tail -n 1 "$out" | grep -o '"hyp_ns":[0-9]*' | grep -o '[0-9]*$')
	ns=$(tail -n 1 "$out" | grep -o '"elapsed_ns":[0-9]*' | grep -o '[0-9]*$')
	# one vCPU: at most the whole interval at EL2
	if [ -n "$hyp" ] && [ "$hyp" -gt 0 ] && [ "$hyp" -le "$ns" ]; then
		ok "the busy guest's vCPU spent $hyp ns of $ns at EL2"
	else
		nok "hyp_ns '$hyp' of $ns ns: $(tail -n 1 "$out")"
	fi
else
	skip "top's hypervisor time" "no hypervisor trace remote here (nVHE and protected mode only)${why:+, $why}"
fi

# --log: the same row in a table
"$VMMCTL" top --log --vm "$id" --interval 1 --count 1 >"$out" 2>"$err"
check "top --log exits 0 ($(cat "$err"))" [ "$?" = 0 ]
expect_row() {
	if grep -q "^$id  *[0-9]*  *vmm-helper  *1 " "$1"; then ok "$2"
	else nok "$2: $(cat "$1")"; fi
}
expect_row "$out" "the table has the VM's row"

# the live view, in tmux
if ! command -v tmux >/dev/null 2>&1; then
	skip "top in tmux" "tmux is not installed"
	echo "$n checks, $bad failed"
	[ "$bad" = 0 ]
	exit
fi
TMUX_TMPDIR=$tmp
export TMUX_TMPDIR
screen() { tmux -S "$sock" capture-pane -p -t top >"$tmp/screen" 2>&1; }
# until NAME PATTERN: the screen matches PATTERN (grep) within 30 s
until_screen() {
	_i=0
	while [ "$_i" -lt 300 ]; do
		screen
		grep -q -e "$2" "$tmp/screen" && { ok "$1"; return 0; }
		sleep 0.1
		_i=$((_i + 1))
	done
	nok "$1: no '$2' on the screen: $(cat "$tmp/screen")"
	return 1
}
tmux -S "$sock" new-session -d -x 150 -y 30 -s top "TERM=xterm $VMMCTL top --interval 1"
tmux -S "$sock" set-option -t top remain-on-exit on >/dev/null
until_screen "the live view shows the VM" "^$id "
until_screen "sorted by exits, the heading says" "EXITS/s\*"
tmux -S "$sock" send-keys -t top ">"
until_screen "> sorts by the next column" "HALT/s\*"
tmux -S "$sock" send-keys -t top f "$id" Enter
until_screen "f filters by the VM's id" "filter $id"
tmux -S "$sock" send-keys -t top Home Enter
until_screen "Enter shows the VM's stats" "^VM $id "
if [ -z "$why" ]; then
	until_screen "... with the exits counter" "^exits  "
else
	skip "the exits counter in the details" "$why"
fi
tmux -S "$sock" send-keys -t top Escape
until_screen "Esc goes back to the table" "S2_MAPPED"
tmux -S "$sock" send-keys -t top "<"
until_screen "< sorts by the column before" "EXITS/s\*"
tmux -S "$sock" send-keys -t top s
until_screen "s sorts by the next one" "HALT/s\*"
tmux -S "$sock" send-keys -t top r
until_screen "r reverses the order" "HALT/s^.*\|(reversed)"
tmux -S "$sock" send-keys -t top p
until_screen "p pauses" "\[paused\]"
tmux -S "$sock" send-keys -t top p "?"
until_screen "? shows the keys" "vmmctl top: keys"
tmux -S "$sock" send-keys -t top x
until_screen "any key closes them" "S2_MAPPED"
tmux -S "$sock" resize-window -t top -x 80 -y 20 2>/dev/null
_i=0
while [ "$_i" -lt 300 ]; do
	screen
	awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$tmp/screen" &&
		grep -q "vmmctl top" "$tmp/screen" && break
	sleep 0.1
	_i=$((_i + 1))
done
check "resized to 80 columns, redrawn to them" awk 'length($0) > 80 { bad = 1 } END { exit bad }' \
	"$tmp/screen"
kill "$pid"
wait "$pid" 2>/dev/null
pid=
until_screen "the VM gone, its row is gone" "no VM matches"
tmux -S "$sock" send-keys -t top q
_i=0
while [ "$(tmux -S "$sock" list-panes -t top -F '#{pane_dead}' 2>/dev/null)" != 1 ] &&
	[ "$_i" -lt 300 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
check "q ends top" [ "$(tmux -S "$sock" list-panes -t top -F '#{pane_dead}')" = 1 ]
echo "$n checks, $bad failed"
[ "$bad" = 0 ]
