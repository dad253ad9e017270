#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The hypervisor's trace buffer (vmmctl hyp) against the real kernel.
#
# nvhe and protected modes, on a kernel with CONFIG_NVHE_EL2_TRACING:
# - hyp events equals the files under events/hypervisor (names, ids, enable);
# - trace on/off/clear change what tracing_on, events/enable and trace say;
# - the test VMM's guest runs 20 times (--runs 20) while tracing is on;
#   hyp trace show --vm finds events of exactly the helper's vCPU thread
#   (its main thread: arm64 KVM has no debugfs vcpuN/pid), with eret_guest exits and
#   guest_exit enters; hyp trace summary's counts per VM and reason equal a
#   count of the trace file's own lines made here with grep, for the same
#   (stopped) buffer; hyp status equals the files; summary --duration
#   counts a guest started inside its window;
# - a session VM's guest (vm touch in a batch) is found by show --vm vm0;
# - a selftest event written through write_event is decoded with its id,
#   by show and by show --follow (trace_pipe, one JSON object per line);
# - the buffer size cannot change while the buffer is loaded (exit 6), and
#   can once tracing is off and the buffer is cleared.
# vhe and nested modes: no remote exists, hyp exits 4 naming the mode, and
# host features says hyp_tracing is not available for that reason.
. "$(dirname "$0")/rig.inc"
tmp=${TMPDIR:-/tmp}/hyp.$$
mkdir "$tmp" || exit 1
pid='' failed=0
remote=/sys/kernel/tracing/remotes/hypervisor
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ -d "$remote" ] && echo 0 > "$remote/tracing_on"
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; failed=1; }
v() { "$VMMCTL" "$@"; }

feature() {
	v -j host features | tr '{' '\n' | grep "\"name\":\"$1\""
}

case $RIG_KVM_MODE in
vhe | nested)
	[ -d "$remote" ] && fail "a hypervisor remote exists in $RIG_KVM_MODE mode"
	v hyp status >/dev/null 2>"$tmp/err"
	rc=$?
	cat "$tmp/err"
	[ "$rc" = 4 ] || fail "hyp status exits $rc in $RIG_KVM_MODE mode, expected 4"
	grep -q "KVM runs in $RIG_KVM_MODE mode" "$tmp/err" || fail "the reason does not name the mode"
	f=$(feature hyp_tracing)
	echo "$f"
	case $f in *'"available":false'*"$RIG_KVM_MODE mode"*) ;;
	*) fail "host features: hyp_tracing not refused naming $RIG_KVM_MODE mode" ;; esac
	exit "$failed"
	;;
esac

if [ ! -d "$remote" ]; then
	v hyp events >/dev/null 2>"$tmp/err"
	rc=$?
	cat "$tmp/err"
	[ "$rc" = 4 ] && grep -q NVHE_EL2_TRACING "$tmp/err" ||
		{ echo "FAIL: hyp exits $rc without the remote"; exit 1; }
	echo "kernel without CONFIG_NVHE_EL2_TRACING: no $remote"
	exit 77
fi
case $(feature hyp_tracing) in *'"available":true'*) ;; *) fail "host features: hyp_tracing not available" ;; esac

# events: vmmctl against the files
v -j hyp events > "$tmp/events.json" || fail "hyp events"
for d in "$remote"/events/hypervisor/*/; do
	n=$(basename "$d") id=$(cat "$d/id") en=$(cat "$d/enable")
	[ "$en" = 1 ] && en=true || en=false
	grep -q "{\"name\":\"$n\",\"id\":$id,\"enabled\":$en," "$tmp/events.json" ||
		fail "hyp events lacks $n id=$id enabled=$en: $(cat "$tmp/events.json")"
done
[ "$(grep -o '"name":"[a-z_]*","id"' "$tmp/events.json" | wc -l)" = \
	"$(ls -d "$remote"/events/hypervisor/*/ | wc -l)" ] || fail "hyp events: another number of events"
grep -q '"name":"vcpu","type":"pid_t"' "$tmp/events.json" || fail "hyp_enter's vcpu field"

# on/off/clear against the files
v hyp trace off >/dev/null && v hyp trace clear >/dev/null || fail "off, clear"
[ "$(cat "$remote/tracing_on")" = 0 ] || fail "tracing_on is not 0 after off"
v -n hyp trace on > "$tmp/dry" || fail "hyp -n trace on"
grep -q "$remote/tracing_on" "$tmp/dry" && [ "$(cat "$remote/tracing_on")" = 0 ] ||
	fail "dry run: $(cat "$tmp/dry")"
v hyp trace on >/dev/null || fail "hyp trace on"
[ "$(cat "$remote/tracing_on")" = 1 ] || fail "tracing_on is not 1 after on"
[ "$(cat "$remote/events/enable")" = 1 ] || fail "events/enable is $(cat "$remote/events/enable")"

# a guest that runs 20 times while tracing is on
rig_start "$tmp/vm.out" 600 --runs 20 --pages 4 --hold 120
cat "$tmp/vm.out"
v hyp trace off >/dev/null || fail "hyp trace off"
vm=$(echo "$line" | sed -n 's/.* pid=\([0-9]*\) fd=\([0-9]*\) .*/\1-\2/p')
# the helper runs its vCPU in its main thread; arm64 KVM has no vcpuN/pid
vcpu=${vm%-*} idx=
[ -f "$dir/vcpu0/pid" ] && idx=0 && vcpu=$(cat "$dir/vcpu0/pid")
echo "VM $vm, vCPU thread $vcpu"
cp "$remote/trace" "$tmp/trace"
echo "trace: $(wc -l < "$tmp/trace") lines, $(grep -c "vcpu=$vcpu\$" "$tmp/trace") of the vCPU; the first:"
head -n 12 "$tmp/trace"
v -j hyp trace show --vm "$vm" > "$tmp/show.json" || fail "hyp trace show --vm"
n_show=$(grep -o '"event":"hyp_e[a-z]*"' "$tmp/show.json" | wc -l)
n_vcpu=$(grep -o "\"vcpu\":$vcpu," "$tmp/show.json" | wc -l)
n_idx=$(grep -o "\"vm\":\"$vm\"${idx:+,\"vcpu_index\":0}" "$tmp/show.json" | wc -l)
n_text=$(grep -c "hyp_e[a-z]* reason=[a-z_]* vcpu=$vcpu\$" "$tmp/trace")
echo "show --vm: $n_show events, $n_vcpu of thread $vcpu, $n_idx of $vm; the file: $n_text"
[ "$n_show" -gt 0 ] && [ "$n_show" = "$n_vcpu" ] && [ "$n_show" = "$n_idx" ] &&
	[ "$n_show" = "$n_text" ] || fail "show --vm does not match the file's lines of the vCPU"
grep -q '"event":"hyp_exit","reason":"eret_guest"' "$tmp/show.json" || fail "no eret_guest exit"
grep -q '"event":"hyp_enter","reason":"guest_exit"' "$tmp/show.json" || fail "no guest_exit enter"

# summary against awk over the same buffer (stopped: the file cannot change)
v -j hyp trace summary > "$tmp/sum.json" || fail "hyp trace summary"
v hyp trace summary | head -n 12
cmp -s "$remote/trace" "$tmp/trace" || fail "the stopped buffer changed"
for reason in guest_exit hvc host_abort; do
	want=$(grep -c "hyp_enter reason=$reason vcpu=$vcpu\$" "$tmp/trace")
	got=$(tr '{' '\n' < "$tmp/sum.json" | sed -n "/\"vm\":\"$vm\"/,/\"vm\":/p" |
		sed -n "s/^\"reason\":\"$reason\",\"count\":\([0-9]*\),.*/\1/p" | head -n 1)
	echo "$vm $reason: summary ${got:-0}, awk $want"
	[ "${got:-0}" = "$want" ] || fail "summary counts $reason ${got:-0}, the file $want"
done
total=$(grep -c ": hyp_e[a-z]* " "$tmp/trace")
grep -q "\"events\":$total," "$tmp/sum.json" || fail "summary events != $total lines"
aborts=$(grep -c "hyp_enter reason=host_abort" "$tmp/trace")
grep -q "\"host_aborts\":$aborts," "$tmp/sum.json" || fail "host_aborts != $aborts"
grep -q '"reason":"guest_exit","count":[1-9][0-9]*,"rate_per_s":[0-9.e+-]*,"pairs":[1-9]' \
	"$tmp/sum.json" || fail "no paired guest_exit time"
echo "clock jumps: $(sed -n 's/.*"clock_jumps":\([0-9]*\).*/\1/p' "$tmp/sum.json")"

# status against the files
v -j hyp status > "$tmp/status.json" || fail "hyp status"
[ "$(cat "$remote/tracing_on")" = 0 ] && on=false || on=true
grep -q "\"tracing_on\":$on," "$tmp/status.json" || fail "status: tracing_on is not $on: $(cat "$tmp/status.json")"
grep -q "\"buffer_size_kb\":${before_kb:=$(sed 's/ .*//' "$remote/buffer_size_kb")}," "$tmp/status.json" ||
	fail "status: buffer_size_kb is not $before_kb"

# summary --duration: a window that starts with the command; a guest runs 10 times in it
kill "$pid" && wait "$pid" 2>/dev/null
pid=
v hyp trace clear >/dev/null && v hyp trace on >/dev/null || fail "clear, on"
v -j hyp trace summary --duration 6 > "$tmp/dur.json" &
spid=$!
sleep 1
rig_start "$tmp/vm2.out" 400 --runs 10 --pages 4 --hold 60
vm2=$(echo "$line" | sed -n 's/.* pid=\([0-9]*\) fd=\([0-9]*\) .*/\1-\2/p')
wait "$spid" || fail "summary --duration"
v hyp trace off >/dev/null
n=$(tr '{' '\n' < "$tmp/dur.json" | sed -n "/\"vm\":\"$vm2\"/,/\"vm\":/p" |
	sed -n 's/^"reason":"guest_exit","count":\([0-9]*\),.*/\1/p' | head -n 1)
echo "summary --duration 6: $vm2 guest_exit ${n:-0}; $(sed -n 's/.*"window_s":\([^,]*\),"events":\([0-9]*\),.*/window \1 s, \2 events/p' "$tmp/dur.json")"
[ "${n:-0}" -ge 10 ] || fail "summary --duration: fewer than 10 guest exits of $vm2"
grep -Eq '"window_s":6(\.0+)?,' "$tmp/dur.json" || fail "summary --duration: window_s is not 6"

# a session VM: its guest runs in vmmctl itself, --vm vm0 finds it
printf '%s\n' "hyp trace clear" "hyp trace on" "vm create" "mem add vm0 0 0x40000000 2M" \
	"vm touch vm0 0x40000000+64K" "hyp trace off" "hyp trace show --vm vm0" > "$tmp/batch"
v -j -b "$tmp/batch" > "$tmp/session.json" || fail "the session batch: $(cat "$tmp/session.json")"
n=$(grep -o '"event":"hyp_enter","reason":"guest_exit","vcpu":[0-9]*,"vm":"[0-9]*-[0-9]*"' \
	"$tmp/session.json" | wc -l)
echo "session VM vm0: $n guest exits in show --vm vm0"
[ "$n" -gt 0 ] || fail "show --vm vm0 found no guest exit of the session VM"

# selftest events through write_event: show and --follow decode the id
v hyp trace clear >/dev/null || fail "clear"
[ -z "$(cat "$remote/trace")" ] || fail "trace not empty after clear"
v hyp trace off hyp_enter hyp_exit >/dev/null || fail "off hyp_enter hyp_exit"
[ "$(cat "$remote/events/hypervisor/hyp_enter/enable")" = 0 ] || fail "hyp_enter still enabled"
v hyp trace clear >/dev/null || fail "clear"
v hyp trace on selftest >/dev/null || fail "on selftest"
[ "$(cat "$remote/events/hypervisor/selftest/enable")" = 1 ] || fail "selftest not enabled"
echo 4242 > "$remote/write_event"
v -j hyp trace show > "$tmp/st.json" || fail "show"
grep -q '"event":"selftest","id":4242' "$tmp/st.json" || fail "selftest 4242: $(cat "$tmp/st.json")"
v -j hyp trace show --follow --count 1 > "$tmp/follow" 2>&1 &
fpid=$!
sleep 1
echo 4343 > "$remote/write_event"
i=0
while kill -0 "$fpid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill "$fpid" 2>/dev/null
wait "$fpid" 2>/dev/null
cat "$tmp/follow"
# trace_pipe consumes: the first record is the 4242 still unread, then 4343
head -n 1 "$tmp/follow" | grep -q '^{"cpu":[0-9]*,"time":"[0-9.]*","ts_ns":[0-9]*,"event":"selftest","id":4242}$' ||
	fail "follow: not one JSON object per line"
[ "$(wc -l < "$tmp/follow")" = 1 ] || fail "follow --count 1 printed $(wc -l < "$tmp/follow") lines"

# buffer size: refused while loaded, taken once off and cleared
before=$(cat "$remote/buffer_size_kb")
v hyp trace buffer 64K >/dev/null 2>"$tmp/err"
rc=$?
case $before in *"(loaded)"*)
	[ "$rc" = 6 ] || fail "buffer while loaded: exit $rc, expected 6 ($(cat "$tmp/err"))" ;;
esac
v hyp trace off >/dev/null && v hyp trace clear >/dev/null
v hyp trace buffer 64K >/dev/null || fail "buffer 64K after off and clear: $(cat "$remote/buffer_size_kb")"
case $(cat "$remote/buffer_size_kb") in "64 "*) ;; *) fail "buffer_size_kb $(cat "$remote/buffer_size_kb")" ;; esac
echo "buffer_size_kb before: $before; after: $(cat "$remote/buffer_size_kb")"
echo "${before%% *}" > "$remote/buffer_size_kb"
exit "$failed"
