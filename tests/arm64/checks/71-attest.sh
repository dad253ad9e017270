#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# vmmctl attest and vmmctl mr against the kernel's own interfaces:
# - attest report through the configfs-tsm core, the rig's provider
#   (vmm_tsm_report_test, named arm_cca_guest, sev_guest, tdx_guest in turn)
#   handing out the evidence the host's generator made (/rig/attest); the
#   decoded evidence is printed for the host to compare with the
#   generator's values (run.sh host_checks), verify passes in the guest,
#   and the kernel's failures map to the documented exit codes: a provider
#   failure (fail_report), no provider (ENXIO), a write racing the report
#   (delay_ms: exit 6), an entry left by a killed run (removed by the next);
# - mr list/read/extend against the kernel's tsm_mr_sample, the values
#   printed before and after for the host to recompute with hashlib.
# No report entry and no module is left behind.
set -u
. /rig/checks/rig.inc
mods=/rig/modules
ev=/rig/attest
tsm=/sys/kernel/config/tsm/report
dbg=/sys/kernel/debug/vmm_tsm_report_test
par=/sys/module/vmm_tsm_report_test/parameters
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }

if ! command -v vmmctl >/dev/null; then
	echo "no vmmctl in the rig (RIG_NO_VMMCTL)"
	exit 77
fi
if [ ! -f "$mods/vmm_tsm_report_test.ko" ] || [ ! -d "$ev" ]; then
	echo "no vmm_tsm_report_test.ko or no /rig/attest: the custom kernel and the host's generator make them"
	exit 77
fi
tmp=${TMPDIR:-/tmp}/attest.$$
mkdir "$tmp" || exit 1
err=$tmp/err
deps_loaded='' core='' pid=''
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	for e in "$tsm"/*; do [ -d "$e" ] && rmdir "$e"; done
	rmmod vmm_tsm_report_test 2>/dev/null
	rmmod tsm_mr_sample 2>/dev/null
	[ -n "$core" ] && rmmod tsm_report 2>/dev/null
	for m in $deps_loaded; do rmmod "$m" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
grep -q ' /sys/kernel/config ' /proc/mounts || mount -t configfs none /sys/kernel/config
if [ -f "$mods/tsm_report.ko" ] && ! grep -q '^tsm_report ' /proc/modules; then
	insmod "$mods/tsm_report.ko" && core=1
fi
nonce=$(cat "$ev/nonce")
entries() { ls "$tsm" 2>/dev/null | wc -l; }

# provider NAME BINS: the test provider under that name, loaded with no evidence yet
provider() {
	rmmod vmm_tsm_report_test 2>/dev/null
	insmod "$mods/vmm_tsm_report_test.ko" provider="$1" bins="$2" 2>"$err" ||
		{ nok "insmod provider=$1: $(cat "$err")"; return 1; }
}

# file NAME PATH: PATH printed for the host (run.sh guest_files; init.sh
# puts "# " before every line of a check's output)
file() {
	echo "RIG-FILE-BEGIN $1"
	base64 "$2"
	echo "RIG-FILE-END"
}

# vendor KIND PROVIDER BINS VERIFY-ARGS...
vendor() {
	kind=$1 prov=$2 bins=$3
	shift 3
	provider "$prov" "$bins" || return
	cat "$ev/$kind.bin" > "$dbg/outblob"
	[ -f "$ev/$kind.aux" ] && cat "$ev/$kind.aux" > "$dbg/auxblob"
	if vmmctl -j attest report --nonce "$nonce" -o "$tmp/$kind" >"$tmp/$kind.json" 2>"$err"; then
		ok "attest report [$prov]: exit 0"
	else
		nok "attest report [$prov]: $(cat "$err")"
		return
	fi
	file "attest-$kind.json" "$tmp/$kind.json"
	if cmp -s "$tmp/$kind" "$ev/$kind.bin" && [ "$(od -An -tx1 "$dbg/last_inblob" | tr -d ' \n')" = "$nonce" ]
	then ok "[$prov] the outblob written is the evidence; the provider got the nonce"
	else nok "[$prov] outblob or inblob differ"; fi
	if [ -f "$ev/$kind.aux" ]; then
		if cmp -s "$tmp/$kind.aux" "$ev/$kind.aux"; then ok "[$prov] $kind.aux is the auxblob"
		else nok "[$prov] $kind.aux differs from the auxblob"; fi
	fi
	if grep -q "\"provider\":\"$prov\"" "$tmp/$kind.json" &&
		grep -q '"verification":{"verified":true' "$tmp/$kind.json"
	then ok "[$prov] report names the provider and its evidence verifies"
	else nok "[$prov] report: $(head -c 400 "$tmp/$kind.json")"; fi
	if vmmctl attest verify "$tmp/$kind" --nonce "$nonce" "$@" >"$tmp/v" 2>"$err"
	then ok "[$prov] attest verify of the saved file: exit 0"
	else nok "[$prov] attest verify: $(cat "$tmp/v" "$err")"; fi
	[ "$(entries)" = 0 ] && ok "[$prov] no report entry left" || nok "[$prov] entries left: $(ls "$tsm")"
}

vendor cca arm_cca_guest 3 --key "$ev/keys/cca-cpak.pub.pem"
vendor snp sev_guest 7 --aux "$tmp/snp.aux"
vendor tdx tdx_guest 3

# the kernel's failures, each with its exit code and no entry left
provider arm_cca_guest 3 && cat "$ev/cca.bin" > "$dbg/outblob"
if vmmctl attest report --nonce "$nonce" --privlevel 2 >/dev/null 2>"$err" &&
	[ "$(cat "$dbg/last_privlevel")" = 2 ]
then ok "--privlevel 2 reaches the provider"
else nok "--privlevel: $(cat "$err"); last_privlevel $(cat "$dbg/last_privlevel")"; fi
echo 5 > "$par/fail_report"
vmmctl attest report --nonce "$nonce" >/dev/null 2>"$err"
rc=$?
if [ "$rc" = 1 ] && grep -q 'arm_cca_guest provider did not make a report' "$err" && [ "$(entries)" = 0 ]
then ok "fail_report=5 (EIO): exit 1, the provider named, no entry left"
else nok "fail_report=5: exit $rc: $(cat "$err"); entries $(entries)"; fi
echo 0 > "$par/fail_report"
# a run killed before it removed its entry: PID 999999 cannot exist (pid_max)
mkdir "$tsm/vmmctl-999999-deadbeef"
if vmmctl -j attest report --nonce "$nonce" >"$tmp/r.json" 2>"$err" &&
	grep -q '"stale_entries_removed":1' "$tmp/r.json" && [ "$(entries)" = 0 ]
then ok "an entry of a vmmctl that is gone is removed by the next report"
else nok "stale entry: $(cat "$err" "$tmp/r.json"); entries $(ls "$tsm")"; fi
# another writer between vmmctl's inblob and its last read: vmmctl is
# stopped while the provider makes its report (delay_ms), which the stop cuts
# short; once stopped (state T: its read is done) the entry's inblob is
# written, and vmmctl, continued, must see the generation moved
echo 3000 > "$par/delay_ms"
before=$(cat "$dbg/reports")
vmmctl attest report --nonce "$nonce" >/dev/null 2>"$err" &
pid=$!
w=0
while [ "$(cat "$dbg/reports")" = "$before" ] && [ "$w" -lt 200 ]; do sleep 0.05; w=$((w + 1)); done
kill -STOP "$pid"
w=0
while [ "$(cut -d' ' -f3 "/proc/$pid/stat")" != T ] && [ "$w" -lt 200 ]; do sleep 0.05; w=$((w + 1)); done
for e in "$tsm"/*; do [ -d "$e" ] && printf 'other writer' > "$e/inblob"; done
kill -CONT "$pid"
wait "$pid"
rc=$?
pid=''
echo 0 > "$par/delay_ms"
if [ "$rc" = 6 ] && grep -q 'another writer changed' "$err" && grep -q 'run the command again' "$err" &&
	[ "$(entries)" = 0 ]
then ok "a write between vmmctl's inblob and its last read: exit 6, the retry hint, no entry left"
else nok "race: exit $rc: $(cat "$err"); entries $(entries)"; fi
# the text of a report without -o
if vmmctl attest report --nonce "$nonce" >"$tmp/t" 2>"$err" && grep -q '^report from arm_cca_guest' "$tmp/t" &&
	grep -q '^verified: true' "$tmp/t"
then ok "attest report as text: the provider, the evidence, its checks"
else nok "report text: $(cat "$tmp/t" "$err")"; fi
rmmod vmm_tsm_report_test
vmmctl attest report --nonce "$nonce" >/dev/null 2>"$err"
rc=$?
if [ "$rc" = 4 ] && grep -q 'no attestation provider' "$err" && [ "$(entries)" = 0 ]
then ok "no provider (ENXIO): exit 4"
else nok "no provider: exit $rc: $(cat "$err")"; fi

# ---- measurement registers: the kernel's sample ----
if [ -f "$mods/tsm_mr_sample.ko" ] && rig_deps "$mods/tsm_mr_sample.ko" && insmod "$mods/tsm_mr_sample.ko" 2>"$err"; then
	vmmctl -j mr list >"$tmp/mr0.json" 2>"$err" || nok "mr list: $(cat "$err")"
	file mr-before.json "$tmp/mr0.json"
	data=$(printf 'vmmctl rig measurement' | sha512sum | cut -c1-96)
	if vmmctl -j mr extend tsm_mr_sample/rtmr1:sha384 "$data" >"$tmp/x.json" 2>"$err" &&
		grep -q '"matches":true' "$tmp/x.json"
	then ok "mr extend rtmr1:sha384: the value read back is sha384(old || data)"
	else nok "mr extend: $(cat "$err" "$tmp/x.json")"; fi
	data2=$(printf 'agile' | sha256sum | cut -d' ' -f1)
	if vmmctl -j mr extend rtmr_crypto_agile:sha256 "$data2" >"$tmp/y.json" 2>"$err" &&
		grep -q '"matches":true' "$tmp/y.json"
	then ok "mr extend rtmr_crypto_agile:sha256 (rtmr0's alias)"
	else nok "mr extend alias: $(cat "$err" "$tmp/y.json")"; fi
	vmmctl -j mr list >"$tmp/mr1.json" 2>"$err" || nok "mr list after: $(cat "$err")"
	file mr-after.json "$tmp/mr1.json"
	echo "mr-data $data $data2"
	vmmctl mr extend rtmr0:sha256 "$data2" >/dev/null 2>"$err"
	rc=$?
	[ "$rc" = 4 ] && grep -q 'read-only' "$err" && ok "mr extend of read-only rtmr0: exit 4" ||
		nok "mr extend rtmr0: exit $rc: $(cat "$err")"
	# one write(2) of 5 bytes (a shell's printf would not report the error)
	printf 'short' > "$tmp/short"
	if dd if="$tmp/short" of=/sys/class/misc/tsm_mr_sample/measurements/rtmr1:sha384 bs=5 \
		count=1 conv=notrunc 2>"$err"
	then nok "a 5-byte write to rtmr1 was taken"
	else grep -q 'Invalid argument' "$err" && ok "a short write to rtmr1: the kernel's EINVAL" ||
		nok "short write: $(cat "$err")"; fi
	rmmod tsm_mr_sample
else
	nok "insmod tsm_mr_sample.ko: $(cat "$err" 2>/dev/null)"
fi
echo "1..$n"
[ "$bad" = 0 ]
