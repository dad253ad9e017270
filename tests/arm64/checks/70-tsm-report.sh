#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The kernel's guest attestation interfaces with providers that need no
# hardware, as vmmctl attest and vmmctl mr will find them:
# - configfs-tsm reports (/sys/kernel/config/tsm/report) with the rig's
#   provider vmm_tsm_report_test (tsm-test/report.c): mkdir refused without
#   a provider; an entry's provider, generation, inblob committed when its
#   file is closed, outblob/auxblob/manifestblob equal to the evidence
#   loaded through debugfs, the inblob and privlevel the provider received;
#   fail_report, a 65-byte inblob, a read before any inblob, a write racing
#   a report in progress (delay_ms), the host's evidence (/rig/attest) for
#   its nonce, rmdir while files are open; reloaded with another provider
#   name, bins and privlevel_floor;
# - measurement registers (/sys/class/misc/tsm_mr_sample/measurements) of
#   the kernel's sample tsm_mr_sample: the names and modes the sample
#   defines, extension of a register checked with sha256sum, the live
#   report digest checked with sha512sum, the kernel's refusals.
# Every entry and module is removed on every path.  Skips a part whose
# module the kernel lacks (Debian's kernel: all of it).
set -u
. /rig/checks/rig.inc
mods=/rig/modules
cfs=/sys/kernel/config
tsm=$cfs/tsm/report
dbg=/sys/kernel/debug/vmm_tsm_report_test
par=/sys/module/vmm_tsm_report_test/parameters
mr=/sys/class/misc/tsm_mr_sample/measurements
rep_ko=$mods/vmm_tsm_report_test.ko
core_ko=$mods/tsm_report.ko
mr_ko=$mods/tsm_mr_sample.ko
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

if [ ! -f "$rep_ko" ] && [ ! -f "$mr_ko" ]; then
	echo "no $rep_ko and no $mr_ko: the rig's custom kernel builds them (RIG_KERNEL=${RIG_KERNEL:-unknown})"
	exit 77
fi
tmp=${TMPDIR:-/tmp}/tsm-report.$$
mkdir "$tmp" || exit 1
err=$tmp/err
core_loaded='' rep_loaded='' mr_loaded='' entries='' deps_loaded=''
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	exec 3<&- 4>&-
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	for e in $entries; do
		[ -d "$tsm/$e" ] && rmdir "$tsm/$e"
	done
	[ -n "$rep_loaded" ] && rmmod vmm_tsm_report_test 2>/dev/null
	[ -n "$core_loaded" ] && rmmod tsm_report 2>/dev/null
	[ -n "$mr_loaded" ] && rmmod tsm_mr_sample 2>/dev/null
	for m in $deps_loaded; do
		rmmod "$m" 2>/dev/null
	done
	rm -rf "$tmp"
}
pid=''
trap cleanup EXIT
trap 'exit 1' INT TERM

# errno_of FILE: the errno named by the message of a failed busybox applet
errno_of() {
	case $(cat "$1") in
	*"File too large"*) echo EFBIG ;;
	*"Input/output error"*) echo EIO ;;
	*"Invalid argument"*) echo EINVAL ;;
	*"No such device or address"*) echo ENXIO ;;
	*"No such device"*) echo ENODEV ;;
	*"No data available"*) echo ENODATA ;;
	*"No such file or directory"*) echo ENOENT ;;
	*"Device or resource busy"*) echo EBUSY ;;
	*"Resource temporarily unavailable"*) echo EAGAIN ;;
	*"Operation not permitted"*) echo EPERM ;;
	*"Permission denied"*) echo EACCES ;;
	*"Text file busy"*) echo ETXTBSY ;;
	*"Directory not empty"*) echo ENOTEMPTY ;;
	*) echo "unknown errno: $(cat "$1")" ;;
	esac
}

# expect_errno WHAT ERRNO COMMAND...: COMMAND fails with ERRNO
expect_errno() {
	_w=$1 _e=$2
	shift 2
	if "$@" >"$tmp/out" 2>"$err"; then
		nok "$_w: succeeded, expected $_e"
	elif [ "$(errno_of "$err")" = "$_e" ]; then
		ok "$_w: $_e"
	else
		nok "$_w: $(errno_of "$err"), expected $_e"
	fi
}

# is WHAT GOT WANT
is() {
	if [ "$2" = "$3" ]; then ok "$1: $2"; else nok "$1: '$2', expected '$3'"; fi
}

# put FILE DATA: DATA written to FILE in one write(), without truncation
put() { dd if="$2" of="$1" bs="$(wc -c <"$2")" count=1 conv=notrunc 2>"$err"; }

hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }

# names DIR: the names in DIR, each followed by a space
names() {
	for _f in "$1"/*; do
		[ -e "$_f" ] && printf '%s ' "${_f##*/}"
	done
}

# undeps: rmmod what deps loaded
undeps() {
	for m in $deps_loaded; do
		if rmmod "$m" 2>"$err"; then ok "rmmod $m"; else nok "rmmod $m: $(cat "$err")"; fi
	done
	deps_loaded=''
}

# ---- configfs-tsm reports ----
report_part() {
	if [ ! -d "$cfs" ]; then
		skip "configfs-tsm report" "no $cfs (kernel without CONFIG_CONFIGFS_FS)"
		return
	fi
	grep -q " $cfs configfs " /proc/mounts || mount -t configfs configfs "$cfs" ||
		{ nok "mount configfs at $cfs"; return; }
	if [ -f "$core_ko" ]; then
		if [ -d /sys/module/tsm_report ]; then
			ok "tsm_report already loaded"
		elif insmod "$core_ko" 2>"$err"; then
			core_loaded=1
			ok "insmod tsm_report.ko (the configfs-tsm report core)"
		else
			nok "insmod tsm_report.ko: $(cat "$err")"
			return
		fi
	fi
	if [ ! -d "$tsm" ]; then
		skip "configfs-tsm report" "no $tsm (kernel without CONFIG_TSM_REPORTS)"
		return
	fi
	ok "$tsm exists"
	entries="noprov smoke racing open alt"
	expect_errno "mkdir with no provider registered" ENXIO mkdir "$tsm/noprov"

	if rig_deps "$rep_ko" && insmod "$rep_ko" 2>"$err"; then
		rep_loaded=1
		ok "insmod vmm_tsm_report_test.ko"
	else
		nok "insmod vmm_tsm_report_test.ko: $(cat "$err")"
		return
	fi
	is "parameters provider bins privlevel_floor fail_report delay_ms" \
		"$(cat "$par/provider" "$par/bins" "$par/privlevel_floor" "$par/fail_report" \
			"$par/delay_ms" | tr '\n' ' ')" "vmm_tsm_report_test 15 0 0 0 "
	head -c 3000 /dev/urandom >"$tmp/outblob"
	head -c 1200 /dev/urandom >"$tmp/auxblob"
	head -c 100 /dev/urandom >"$tmp/manifestblob"
	for b in outblob auxblob manifestblob; do
		cat "$tmp/$b" >"$dbg/$b"
	done
	if cmp "$dbg/outblob" "$tmp/outblob" && cmp "$dbg/auxblob" "$tmp/auxblob" &&
		cmp "$dbg/manifestblob" "$tmp/manifestblob"; then
		ok "debugfs outblob, auxblob, manifestblob read back what was loaded"
	else
		nok "debugfs blobs do not read back"
	fi
	expect_errno "debugfs last_inblob is read-only" EPERM sh -c "echo x > $dbg/last_inblob"

	e=$tsm/smoke
	if mkdir "$e" 2>"$err"; then ok "mkdir $e"; else
		nok "mkdir $e: $(cat "$err")"
		return
	fi
	is "provider" "$(cat "$e/provider")" vmm_tsm_report_test
	is "generation of a new entry" "$(cat "$e/generation")" 0
	is "files of the entry" "$(names "$e")" \
		"auxblob generation inblob manifestblob outblob privlevel privlevel_floor provider service_guid service_manifest_version service_provider "
	expect_errno "outblob read before any inblob" EINVAL cat "$e/outblob"
	r0=$(cat "$dbg/reports")
	is "reports after a read without inblob" "$r0" 0

	# binary attributes are buffered and committed when the file is closed
	head -c 64 /dev/urandom >"$tmp/in1"
	exec 4>"$e/inblob"
	cat "$tmp/in1" >&4
	g_open=$(cat "$e/generation")
	exec 4>&-
	is "generation while inblob is open, then after close" "$g_open $(cat "$e/generation")" "0 1"
	if cat "$e/outblob" >"$tmp/got" 2>"$err" && cmp "$tmp/got" "$tmp/outblob"; then
		ok "outblob is the loaded evidence ($(wc -c <"$tmp/got") bytes)"
	else
		nok "outblob: $(cat "$err")"
	fi
	if cmp "$e/auxblob" "$tmp/auxblob" && cmp "$e/manifestblob" "$tmp/manifestblob"; then
		ok "auxblob and manifestblob are the loaded evidence"
	else
		nok "auxblob or manifestblob differ"
	fi
	if cmp "$dbg/last_inblob" "$tmp/in1"; then ok "last_inblob is the 64 bytes written"; else
		nok "last_inblob differs from the inblob written"; fi
	cat "$e/outblob" >/dev/null
	is "reports after reading outblob, auxblob, manifestblob and outblob again" \
		"$(cat "$dbg/reports")" 1
	is "last_privlevel" "$(cat "$dbg/last_privlevel")" 0
	echo 2 >"$e/privlevel"
	cat "$e/outblob" >/dev/null
	is "privlevel 2: generation, last_privlevel" \
		"$(cat "$e/generation") $(cat "$dbg/last_privlevel")" "2 2"
	expect_errno "privlevel 4 (above TSM_REPORT_PRIVLEVEL_MAX)" EINVAL sh -c "echo 4 > $e/privlevel"

	echo 5 >"$par/fail_report"
	head -c 64 /dev/urandom >"$tmp/in2"
	put "$e/inblob" "$tmp/in2"
	expect_errno "outblob with fail_report=5 after a fresh inblob" EIO cat "$e/outblob"
	if cmp "$dbg/last_inblob" "$tmp/in2"; then ok "a failed report still received its inblob"; else
		nok "last_inblob after a failed report"; fi
	echo 0 >"$par/fail_report"
	r1=$(cat "$dbg/reports")
	if cmp "$e/outblob" "$tmp/outblob" 2>"$err"; then ok "with fail_report=0 the same inblob reports"; else
		nok "outblob after fail_report=0: $(cat "$err")"; fi
	is "a failed report is not cached: reports" "$(($(cat "$dbg/reports") - r1))" 1
	: >"$dbg/outblob"
	put "$e/inblob" "$tmp/in1"
	expect_errno "outblob with the provider's outblob empty" ENODATA cat "$e/outblob"
	cat "$tmp/outblob" >"$dbg/outblob"

	g=$(cat "$e/generation")
	head -c 65 /dev/urandom >"$tmp/in65"
	expect_errno "inblob of 65 bytes" EFBIG put "$e/inblob" "$tmp/in65"
	# the refused write leaves an empty buffer, which close commits
	g65=$(cat "$e/generation")
	expect_errno "outblob after the refused 65-byte inblob" EINVAL cat "$e/outblob"
	is "generation after the refused write" "$((g65 - g))" 1
	put "$e/inblob" "$tmp/in1"
	if cmp "$e/outblob" "$tmp/outblob"; then ok "a 64-byte inblob after it reports again"; else
		nok "no report after the 65-byte refusal"; fi

	# a write racing a report in progress: report_new() counts itself, then
	# sleeps delay_ms with the core's lock held; the inblob committed
	# meanwhile waits for the lock.  configfs reads a binary attribute in two
	# calls (its size, then its contents), each taking the lock apart: when
	# the new inblob gets in between, the reader's second call makes a
	# report of the new inblob, else the next read does
	echo 1000 >"$par/delay_ms"
	r=$(cat "$dbg/reports")
	head -c 64 /dev/urandom >"$tmp/in3"
	head -c 64 /dev/urandom >"$tmp/in4"
	put "$e/inblob" "$tmp/in3"
	cat "$e/outblob" >"$tmp/race" 2>"$tmp/race.err" &
	pid=$!
	i=0
	while [ "$(cat "$dbg/reports")" = "$r" ] && [ "$i" -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	put "$e/inblob" "$tmp/in4"
	g_race=$(cat "$e/generation")
	wait "$pid"
	rc=$?
	pid=''
	if cmp -s "$dbg/last_inblob" "$tmp/in4"; then
		echo "# the reader's second call made the report of the new inblob"
	else
		echo "# the reader's second call found the report of its inblob"
	fi
	echo 0 >"$par/delay_ms"
	if [ "$rc" = 0 ] && cmp "$tmp/race" "$tmp/outblob"; then
		ok "the read in progress finished with the evidence"
	else
		nok "racing read: exit $rc $(cat "$tmp/race.err")"
	fi
	cat "$e/outblob" >/dev/null
	if cmp "$dbg/last_inblob" "$tmp/in4"; then ok "the inblob written meanwhile reached the provider"; else
		nok "the racing inblob did not reach the provider"; fi
	is "reports for the two inblobs" "$(($(cat "$dbg/reports") - r))" 2
	is "generation advanced by the two inblobs" "$((g_race - g65 - 1))" 2

	# the host's evidence (/rig/attest, which run.sh packs when
	# tests/helpers/attest-gen.py exists) through the same path, with the
	# nonce it was made over as inblob
	if [ -f /rig/attest/nonce ]; then
		xxd -r -p /rig/attest/nonce >"$tmp/nonce"
		for k in cca snp tdx; do
			cat "/rig/attest/$k.bin" >"$dbg/outblob"
			if [ "$k" = snp ]; then cat /rig/attest/snp.aux >"$dbg/auxblob"; else : >"$dbg/auxblob"; fi
			put "$e/inblob" "$tmp/nonce"
			if cmp "$e/outblob" "/rig/attest/$k.bin" && cmp "$dbg/last_inblob" "$tmp/nonce" &&
				{ [ "$k" != snp ] || cmp "$e/auxblob" /rig/attest/snp.aux; }; then
				ok "/rig/attest/$k.bin comes out of outblob for its nonce ($(wc -c <"$tmp/nonce") bytes)"
			else
				nok "/rig/attest/$k.bin through configfs-tsm"
			fi
		done
	else
		skip "the host's evidence through configfs-tsm" "no /rig/attest (no tests/helpers/attest-gen.py)"
	fi

	# rmdir while the entry's files are open: the files die with it
	exec 3<"$e/outblob"
	exec 4>"$e/inblob"
	cat "$tmp/in2" >&4
	if rmdir "$e" 2>"$err"; then ok "rmdir with outblob and inblob open succeeds"; else
		nok "rmdir with files open: $(errno_of "$err")"; fi
	expect_errno "reading the open outblob after rmdir" ENOENT cat <&3
	exec 3<&- 4>&-
	[ -d "$e" ] && rmdir "$e"
	if [ -d "$e" ]; then nok "$e is still there"; else ok "$e is gone"; fi

	# one rmmod/insmod: provider name, bins (inblob and outblob only),
	# privlevel_floor
	if rmmod vmm_tsm_report_test 2>"$err"; then
		rep_loaded=''
		ok "rmmod vmm_tsm_report_test"
	else
		nok "rmmod vmm_tsm_report_test: $(cat "$err")"
		return
	fi
	if insmod "$rep_ko" provider=rig_alt bins=3 privlevel_floor=1 2>"$err"; then
		rep_loaded=1
		ok "insmod vmm_tsm_report_test.ko provider=rig_alt bins=3 privlevel_floor=1"
	else
		nok "insmod with parameters: $(cat "$err")"
		return
	fi
	e=$tsm/alt
	mkdir "$e"
	is "provider" "$(cat "$e/provider")" rig_alt
	is "bins=3: binary attributes" "$(names "$e" | tr ' ' '\n' | grep blob | tr '\n' ' ')" \
		"inblob outblob "
	is "privlevel_floor" "$(cat "$e/privlevel_floor")" 1
	expect_errno "privlevel 0 under floor 1" EINVAL sh -c "echo 0 > $e/privlevel"
	echo 3 >"$e/privlevel"
	cat "$tmp/outblob" >"$dbg/outblob"
	put "$e/inblob" "$tmp/in1"
	if cmp "$e/outblob" "$tmp/outblob"; then ok "rig_alt reports"; else nok "rig_alt: no report"; fi
	is "last_privlevel" "$(cat "$dbg/last_privlevel")" 3
	rmdir "$e"
	if rmmod vmm_tsm_report_test 2>"$err"; then
		rep_loaded=''
		ok "rmmod vmm_tsm_report_test"
	else
		nok "rmmod vmm_tsm_report_test: $(cat "$err")"
	fi
	if [ -d "$dbg" ]; then nok "$dbg survives rmmod"; else ok "$dbg went with the module"; fi
	is "entries left in $tsm" "[$(names "$tsm")]" "[]"
	expect_errno "mkdir after the provider went" ENXIO mkdir "$tsm/noprov"
	if [ -n "$core_loaded" ]; then
		if rmmod tsm_report 2>"$err"; then
			core_loaded=''
			ok "rmmod tsm_report"
		else
			nok "rmmod tsm_report: $(cat "$err")"
		fi
	fi
}

# ---- measurement registers: the kernel's sample ----
mr_part() {
	if rig_deps "$mr_ko" && insmod "$mr_ko" 2>"$err"; then
		mr_loaded=1
		ok "insmod tsm_mr_sample.ko"
	else
		nok "insmod tsm_mr_sample.ko: $(cat "$err")"
		return
	fi
	[ -d "$mr" ] || { nok "no $mr"; return; }
	# name mode size: TSM_MR_F_RTMR (live and writable) is 0644, every other
	# register of the sample is readable only; config_mr has no hash (NOHASH)
	want="config_mr 444 64
report_digest:sha512 444 64
rtmr0:sha256 444 32
rtmr1:sha384 644 48
rtmr_crypto_agile:sha256 644 32
rtmr_crypto_agile:sha384 644 48
static_mr:sha384 444 48"
	got=$(cd "$mr" && for f in *; do echo "$f $(stat -c '%a %s' "$f")"; done)
	if [ "$got" = "$want" ]; then
		ok "measurements: $(echo "$want" | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
	else
		nok "measurements: $(echo "$got" | tr '\n' ',') expected $(echo "$want" | tr '\n' ',')"
	fi
	is "static_mr:sha384 starts with its name" "$(head -c 9 "$mr/static_mr:sha384")" static_mr
	# rtmr_crypto_agile:sha256 is rtmr0 extended: new = SHA-256(old || data)
	cat "$mr/rtmr0:sha256" >"$tmp/rtmr0.old"
	head -c 32 /dev/urandom >"$tmp/ext32"
	if put "$mr/rtmr_crypto_agile:sha256" "$tmp/ext32"; then
		ok "extend rtmr_crypto_agile:sha256 with 32 bytes"
	else
		nok "extend rtmr_crypto_agile:sha256: $(errno_of "$err")"
	fi
	is "rtmr0:sha256 is SHA-256(old || data)" "$(hex "$mr/rtmr0:sha256")" \
		"$(cat "$tmp/rtmr0.old" "$tmp/ext32" | sha256sum | cut -d' ' -f1)"
	cat "$mr/rtmr1:sha384" >"$tmp/rtmr1.old"
	head -c 48 /dev/urandom >"$tmp/ext48"
	put "$mr/rtmr1:sha384" "$tmp/ext48"
	if ! cmp -s "$mr/rtmr1:sha384" "$tmp/rtmr1.old" &&
		cmp "$mr/rtmr1:sha384" "$mr/rtmr_crypto_agile:sha384"; then
		ok "rtmr1:sha384 extended, and rtmr_crypto_agile:sha384 is the same register"
	else
		nok "rtmr1:sha384 after extension"
	fi
	# report_digest (live) is SHA-512 of the four registers before it
	is "report_digest:sha512 is SHA-512 of static_mr, config_mr, rtmr0, rtmr1" \
		"$(hex "$mr/report_digest:sha512")" \
		"$(cat "$mr/static_mr:sha384" "$mr/config_mr" "$mr/rtmr0:sha256" "$mr/rtmr1:sha384" |
			sha512sum | cut -d' ' -f1)"
	head -c 47 /dev/urandom >"$tmp/ext47"
	expect_errno "extend rtmr1:sha384 with 47 bytes" EINVAL put "$mr/rtmr1:sha384" "$tmp/ext47"
	expect_errno "write to rtmr0:sha256 (not writable)" EACCES put "$mr/rtmr0:sha256" "$tmp/ext32"
	if rmmod tsm_mr_sample 2>"$err"; then
		mr_loaded=''
		ok "rmmod tsm_mr_sample"
	else
		nok "rmmod tsm_mr_sample: $(cat "$err")"
	fi
	if [ -e "$mr" ]; then nok "$mr survives rmmod"; else ok "$mr went with the module"; fi
	undeps
}

if [ -f "$rep_ko" ]; then report_part; else
	skip "configfs-tsm report" "no $rep_ko"; fi
if [ -f "$mr_ko" ]; then mr_part; else
	skip "TSM measurement registers" "no $mr_ko (kernel without CONFIG_SAMPLE_TSM_MR=m)"; fi
echo "1..$n"
[ "$bad" = 0 ]
