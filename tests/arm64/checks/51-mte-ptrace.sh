#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# vmmctl mte on a process through ptrace: mte-proc maps 4 PROT_MTE pages
# tagged (granule / 4) % 16 and one page without PROT_MTE. mte maps lists
# the tagged mapping only; show reads the pattern; dump, then the helper
# clears its tags, restore puts them back and the helper's own LDG check
# agrees; verify matches; a range in the plain page is refused naming the
# mapping. The helper keeps running throughout (stopped only while tags move).
set -u
: "${VMMCTL:?}"
tmp=${TMPDIR:-/tmp}/mte-proc.$$
mkdir "$tmp" || exit 1
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
run() { # NAME WANT_EXIT ARGS...
	name=$1 want=$2
	shift 2
	"$VMMCTL" "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
	if [ "$st" = "$want" ]; then ok "$name: exit $st"; else
		nok "$name: exit $st, expected $want: $(head -c 1500 "$tmp/err")"; fi
}
expect() { # NAME PATTERN [FILE]
	if grep -q -e "$2" "${3:-$tmp/out}"; then ok "$1"; else
		nok "$1: no '$2' in: $(head -c 1500 "${3:-$tmp/out}")"; fi
}
json() { echo "json $1: $(cat "$tmp/out")"; }
wait_line() { # PATTERN
	i=0
	while ! grep -q -e "$1" "$tmp/helper"; do
		[ $i -ge 300 ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
}

/rig/bin/mte-proc 4 >"$tmp/helper" 2>&1 &
pid=$!
wait_line '^mte pid=' || { cat "$tmp/helper"; kill -0 $pid 2>/dev/null || exit 77; exit 1; }
line=$(grep '^mte pid=' "$tmp/helper")
echo "# $line"
addr=$(echo "$line" | sed -n 's/.* addr=\(0x[0-9a-f]*\).*/\1/p')
plain=$(echo "$line" | sed -n 's/.* plain=\(0x[0-9a-f]*\).*/\1/p')

run "maps" 0 -j mte maps --pid "$pid"
json maps
expect "the PROT_MTE mapping is listed" "\"start\":\"$addr\",\"end\":\"0x[0-9a-f]*\",\"size\":16384"
if grep -q "\"start\":\"$plain\"" "$tmp/out"; then nok "plain mapping listed"; else
	ok "the plain mapping is not listed"; fi

run "show" 0 mte show --pid "$pid" "$addr+16K"
expect "pattern as text" "  0000111122223333 4444555566667777 88889999aaaabbbb ccccddddeeeeffff"
run "dump" 0 -j mte dump --pid "$pid" "$addr+16K" -o "$tmp/p.tags"
json dump
expect "dump copied 16 KiB" '"copied":16384,"missing":0'
kill -USR1 "$pid"
wait_line '^cleared' || nok "helper did not clear its tags"
run "verify after clearing differs" 1 -j mte verify --pid "$pid" --input "$tmp/p.tags"
json verify-mismatch
expect "mismatches counted" '"mismatched_granules":960'
run "restore" 0 -j mte restore --pid "$pid" --input "$tmp/p.tags"
kill -USR2 "$pid"
wait_line '^check ' || nok "helper did not check"
expect "the helper's LDG sees the restored tags" '^check ok' "$tmp/helper"
json restore
run "verify after restore" 0 -j mte verify --pid "$pid" --input "$tmp/p.tags"
json verify
run "range in a plain mapping" 2 mte dump --pid "$pid" "$plain+4K" -o "$tmp/x.tags"
expect "error names the mapping" "not mapped with PROT_MTE" "$tmp/err"
kill -0 "$pid" && ok "the helper still runs" || nok "the helper died"

echo "$n checks, $bad failed"
[ "$bad" = 0 ]
