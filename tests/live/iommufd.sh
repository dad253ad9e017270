#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: iommufd against the real kernel. A batch session opens /dev/iommu,
# sets and reads back rlimit-mode and huge-pages, allocates IOASes, gets a
# real device id from CONFIG_IOMMUFD_TEST's mock domain, reads its hw-info
# (type 0xfeedbeef), maps, copies, restricts and unmaps IOVAs, re-attaches
# the device, and sees the proposed exclusive-ranges option answered
# EOPNOTSUPP (exit 4). Then a second process holding an iommufd
# (iommufd-holder) is found with 'iommufd list' and inspected and changed
# through --pid. Runs on the host and in the arm64 rig (busybox sh); skips
# with the reason where /dev/iommu is absent. Exit 0 pass, 77 skip, else fail.
set -u
: "${VMMCTL:?}"
if [ ! -c /dev/iommu ]; then
	echo "no /dev/iommu character device on this machine (kernel without CONFIG_IOMMUFD)"
	exit 77
fi
# access(2), not a shell redirection: `<>` would create a missing node
if [ ! -r /dev/iommu ] || [ ! -w /dev/iommu ]; then
	echo "/dev/iommu does not open for this user: $(ls -l /dev/iommu)"
	exit 77
fi
helper=${VMM_HELPER:-${BUILD:-}/tests/vmm-helper}
holder=$(dirname "$helper")/iommufd-holder

. "$(dirname "$0")/tap.inc"

live_scratch iommufd

# batch LINES...: run them as one batch (-k: every line runs), JSON in $out
batch() {
	: >"$tmp/b.vmm"
	for l in "$@"; do printf '%s\n' "$l" >>"$tmp/b.vmm"; done
	"$VMMCTL" -j -k -b "$tmp/b.vmm" >"$out" 2>"$err"
	bst=$?
	sed 's/,{"line":/\
{"line":/g' "$out" >"$tmp/entries"
}
# entry N: the batch result of line N
entry() { grep "^\[*{\"line\":$1," "$tmp/entries"; }
# expect N WANT_EXIT DESC PATTERN...: line N exited WANT_EXIT and shows every PATTERN
expect() {
	num=$1 want=$2 desc=$3
	shift 3
	e=$(entry "$num")
	case $e in
	*"\"exit_code\":$want,"*) ;;
	*) nok "line $num ($desc): expected exit $want: $(echo "$e" | head -c 600)"; return ;;
	esac
	for p in "$@"; do
		case $e in
		*"$p"*) ;;
		*) nok "line $num ($desc): no '$p' in: $(echo "$e" | head -c 600)"; return ;;
		esac
	done
	ok "line $num: $desc"
}
# run NAME WANT_EXIT ARGS...: vmmctl ARGS > out 2> err
run() {
	name=$1 want=$2
	shift 2
	"$VMMCTL" "$@" >"$out" 2>"$err"
	st=$?
	if [ "$st" = "$want" ]; then ok "$name: exit $st"; else
		nok "$name: exit $st, expected $want: $(cat "$out" "$err" | head -c 600)"; fi
}
has() {
	if grep -q -e "$2" "$out"; then ok "$1"; else nok "$1: no '$2' in: $(head -c 600 "$out")"; fi
}

# ---- does this kernel have the test mode (mock devices)? ------------------------
batch "iommufd open" "ioas alloc" "device mock 1"
case $(entry 3) in
*'"exit_code":0,'*) mock=1 ;;
*'"exit_code":4,'*) mock=0 ;;
*) echo "device mock: unexpected answer: $(entry 3) $(cat "$err")"; exit 1 ;;
esac
if [ "$mock" = 1 ]; then
	expect 3 0 "device mock gives a device id" '"dev_id":3' '"selftest_id":2' '"ioas_id":1'
	B=5 C=6
else
	skip "device mock" "no CONFIG_IOMMUFD_TEST: $(entry 3 | sed 's/.*"message":"\([^"]*\)".*/\1/')"
	B=2 C=3
fi
[ "$(id -u)" = 0 ] && root=1 || root=0

# ---- one owned context, step by step -------------------------------------------------
set -- "iommufd open" \
	"iommufd option set rlimit-mode 1" \
	"iommufd option get rlimit-mode" \
	"iommufd option set rlimit-mode 0" \
	"iommufd option get rlimit-mode" \
	"ioas alloc" \
	"iommufd option get huge-pages --ioas 1" \
	"iommufd option set huge-pages --ioas 1 0" \
	"iommufd option get huge-pages --ioas 1" \
	"iommufd option set huge-pages --ioas 1 1" \
	"iommufd option get huge-pages --ioas 1" \
	"ioas ranges 1"
if [ "$mock" = 1 ]; then
	set -- "$@" "device mock 1" "ioas ranges 1" "device hw-info 3"
else
	set -- "$@" "session list" "ioas ranges 1" "session list"
fi
set -- "$@" "ioas map 1 --iova 0x1000000 64K" \
	"ioas map 1 --auto 64K" \
	"ioas alloc" \
	"ioas copy 1 0x1000000+64K $B --iova 0x2000000" \
	"ioas unmap 1 0x1000000+64K" \
	"ioas unmap 1 --all" \
	"ioas alloc" \
	"ioas allow $C 0x4000000+16M" \
	"ioas map $C --auto 64K --readonly" \
	"ioas ranges $C" \
	"ioas unmap $C 0x100000+4K" \
	"iommufd destroy 999" \
	"iommufd show"
if [ "$mock" = 1 ]; then
	set -- "$@" "device attach 3 $B" "device detach 3" \
		"iommufd option get exclusive-ranges --device 3" \
		"iommufd option set exclusive-ranges --device 3 1" \
		"iommufd destroy 2" "device hw-info 3"
fi
set -- "$@" "ioas map $C --iova 0x100000 4K"
last=$#
batch "$@"
echo "# batch exit $bst"
echo "# batch-json $(cat "$out")"
if [ "$root" = 1 ]; then
	expect 2 0 "rlimit-mode set 1 on an empty context" '"option":"rlimit-mode"' '"value":1'
	expect 3 0 "rlimit-mode reads back 1" '"op":"get"' '"value":1'
	expect 4 0 "rlimit-mode set 0" '"value":0'
	expect 5 0 "rlimit-mode reads back 0" '"value":0'
else
	expect 2 3 "rlimit-mode set needs CAP_SYS_RESOURCE" '"errno_name":"EPERM"'
	expect 3 0 "rlimit-mode get" '"option_id":0'
fi
expect 6 0 "ioas alloc" '"ioas_id":1' '"iommufd":"iommufd0"'
expect 7 0 "huge-pages defaults to 1" '"option_id":1' '"object_id":1' '"value":1'
expect 8 0 "huge-pages set 0" '"op":"set"' '"value":0'
expect 9 0 "huge-pages reads back 0" '"op":"get"' '"value":0'
expect 10 0 "huge-pages set 1" '"value":1'
expect 11 0 "huge-pages reads back 1" '"op":"get"' '"value":1'
expect 12 0 "IOVA ranges of an IOAS without devices" '"ranges":[{"start":"0x0"'
if [ "$mock" = 1 ]; then
	expect 13 0 "device mock on IOAS 1" '"dev_id":3' '"selftest_id":2'
	expect 14 0 "ranges narrow to the mock aperture" '"start":"0x1000000"' '"last":"0x7fffffff"'
	expect 15 0 "hw-info of the mock device" '"type":"selftest"' '"type_id":"0xfeedbeef"' \
		'"test_reg":"0xdeadbeef"' '"raw_words":["0x00000000","0xdeadbeef"]'
fi
expect 16 0 "map 64K at a fixed IOVA" '"iova":"0x1000000"' '"length":65536' '"backing":"anon"'
expect 17 0 "map 64K where the kernel chooses" '"length":65536'
expect 18 0 "a second IOAS" "\"ioas_id\":$B"
expect 19 0 "copy a mapping into it" '"src_ioas_id":1' "\"ioas_id\":$B" '"iova":"0x2000000"'
expect 20 0 "unmap the fixed mapping" '"unmapped":65536'
expect 21 0 "unmap --all takes the other one" '"all":true' '"unmapped":65536'
expect 22 0 "a third IOAS" "\"ioas_id\":$C"
expect 23 0 "allow one range" '"allowed":[{"start":"0x4000000","last":"0x4ffffff"}]'
expect 24 0 "an automatic IOVA lands in the allowed range" '"iova":"0x40' '"writeable":false'
# measured on 7.3: IOVA_RANGES reports what the devices allow, not the ALLOW_IOVAS list
expect 25 0 "allow leaves IOVA_RANGES as the devices make it" \
	'"ranges":[{"start":"0x0","last":"0xffffffffffffffff"}]'
expect 26 5 "unmap of nothing is ENOENT" '"errno_name":"ENOENT"'
expect 27 5 "destroy of an unknown id is ENOENT" '"errno_name":"ENOENT"'
expect 28 0 "iommufd show of the session context" '"owned":true' '"ioas":[{"id":1' \
	"{\"id\":$C,"
if [ "$mock" = 1 ]; then
	expect 28 0 "show lists the mock device" '"devices":[{"id":3,"kind":"mock_device"' \
		'"hw_info_type":"0xfeedbeef"'
	expect 29 0 "attach the mock device to another IOAS" '"dev_id":3' "\"pt_id\":$B"
	expect 30 4 "a mock device cannot detach" '"errno_name":"EOPNOTSUPP"'
	expect 31 4 "exclusive-ranges get: proposed ABI, not supported" \
		'not supported by this kernel (proposed ABI' '"code":"not_supported"'
	expect 32 4 "exclusive-ranges set: proposed ABI, not supported" \
		'not supported by this kernel (proposed ABI'
	expect 33 0 "destroy the selftest object" '"id":2' '"kind":"selftest"' '"destroyed":true'
	expect 34 5 "its device is gone" '"errno_name":"ENOENT"'
else
	skip "hw-info, attach, detach, exclusive-ranges on a device" "no mock device"
fi
# measured on 7.3: the allowed list steers automatic IOVAs; a fixed one outside it is taken
expect "$last" 0 "a fixed IOVA outside the allowed list is still mapped" '"iova":"0x100000"'
case $bst in 7) ok "batch -k exits 7 with failing lines" ;; *) nok "batch exit $bst, expected 7" ;; esac


# ---- another process's iommufd ---------------------------------------------------------
if [ ! -x "$holder" ]; then
	nok "iommufd-holder built next to $helper"
	echo "# $n tests, $bad failed"
	exit 1
fi
live_start "$tmp/holder" iommufd 100 "$holder" --ioas 2 --map 65536 --huge-pages 0 --hold 120
[ -n "$line" ] || { nok "holder ready: $(cat "$tmp/holder")"; exit 1; }
echo "# $line"
hfd=$(echo "$line" | sed -n 's/.* fd=\([0-9]*\) .*/\1/p')

run "iommufd list" 0 -j iommufd list
has "list finds the holder's fd" "{\"pid\":$pid,\"fd\":$hfd,\"comm\":\"iommufd-holder\",\"provenance\":{\"kind\":\"live\"}}"
run "show --pid" 0 -j iommufd show --pid "$pid"
echo "# show-pid-json $(cat "$out")"
has "show says whose context" "\"pid\":$pid,\"fd\":$hfd,\"owned\":false"
has "show reads rlimit-mode" '"rlimit_mode":0'
has "show reports the probed id range" '"probed":{"first":1,"last":64}'
has "IOAS 1 with its ranges and huge pages" '{"id":1,"iova_alignment":[0-9]*,"ranges":\[{"start":"0x0","last":"0xffffffffffffffff"}\],"huge_pages":true}'
has "IOAS 2 with huge-pages off" '{"id":2,.*"huge_pages":false}'
run "show --pid --probe 4" 0 -j iommufd show --pid "$pid" --probe 4
has "--probe narrows the probe" '"probed":{"first":1,"last":4}'
run "ranges --pid" 0 -j ioas ranges 1 --pid "$pid" --fd "$hfd"
has "ranges of the holder's IOAS" '"ioas_id":1,"iova_alignment":[0-9]*,"ranges":\[{"start":"0x0",'
run "option get --pid" 0 -j iommufd option get huge-pages --ioas 2 --pid "$pid"
has "huge-pages of the holder's IOAS 2" '"value":0'
run "option set --pid without --force" 2 iommufd option set huge-pages --ioas 2 1 --pid "$pid"
run "dry-run option set --pid" 0 -j -n iommufd option set huge-pages --ioas 2 1 --pid "$pid"
has "the dry run shows the fields" "\"ioctl\":\"IOMMU_OPTION\",\"request\":\"0x3b87\",\"pid\":$pid,\"fd\":$hfd,\"size\":24,\"option_id\":1,\"op\":0,\"object_id\":2,\"val64\":1"
run "still 0 after refusal and dry run" 0 -j iommufd option get huge-pages --ioas 2 --pid "$pid"
has "huge-pages unchanged" '"value":0'
run "option set --pid --force" 0 -j iommufd option set huge-pages --ioas 2 1 --pid "$pid" --force
run "read back" 0 -j iommufd option get huge-pages --ioas 2 --pid "$pid"
has "huge-pages of the holder's IOAS 2 is now 1" '"value":1'
run "unmap --pid without --force" 2 ioas unmap 1 --all --pid "$pid"
run "unmap --pid --force" 0 -j ioas unmap 1 --all --pid "$pid" --force
has "the holder's 64K mapping is gone" '"unmapped":65536'
run "--fd that is not an iommufd" 2 iommufd show --pid "$pid" --fd 1
run "--pid of no process" 5 iommufd show --pid 999999
if kill -0 "$pid" 2>/dev/null; then ok "the holder lived through it all"; else
	nok "the holder died: $(cat "$tmp/holder")"; fi

echo "# $n tests, $bad failed"
[ "$bad" = 0 ]
