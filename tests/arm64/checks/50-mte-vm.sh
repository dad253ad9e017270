#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# vmmctl mte on VMs of its own, against the real kernel (batch sessions):
#   * 8 MiB of random tags (a tag file written by mte-copyloop, an
#     independent writer of the format) restored into a VM with MTE,
#     verified, dumped again: the dump is byte-identical to the file;
#   * a fresh VM reads zero tags everywhere (untagged pages), takes the
#     dump and verifies against the original file;
#   * a range crossing a memslot hole: exit 7, the copied and the not
#     copied ranges listed exactly, no file left behind;
#   * corrupted, truncated and wrong-version files refused (exit 2) and the
#     VM's tags unchanged afterwards (no COPY_TAGS was issued);
#   * the ELF core export read back by mte-copyloop's own ELF reader;
#   * fill then show: one run of the filled tag, text and JSON.
set -u
: "${VMMCTL:?}"
bin=/rig/bin
tmp=${TMPDIR:-/tmp}/mte-vm.$$
mkdir "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
# batch NAME WANT_EXIT LINES...: runs the lines as one -j batch session
batch() {
	name=$1 want=$2
	shift 2
	printf '%s\n' "$@" >"$tmp/b.vmm"
	"$VMMCTL" -j -b "$tmp/b.vmm" >"$tmp/out" 2>"$tmp/err"
	st=$?
	if [ "$st" = "$want" ]; then ok "$name: exit $st"; else
		nok "$name: exit $st, expected $want: $(head -c 1500 "$tmp/err")"; fi
}
# the JSON as printed, for tests/fixtures/mte (validated on the host)
json() { echo "json $1: $(cat "$tmp/out")"; }
expect() { # NAME PATTERN
	if grep -q -e "$2" "$tmp/out" "$tmp/err"; then ok "$1"; else
		nok "$1: no '$2' in: $(head -c 1500 "$tmp/out") $(head -c 500 "$tmp/err")"; fi
}

"$bin/mte-copyloop" loop dump 0x40000000 0x10000 0x10000 || exit $?
"$bin/mte-copyloop" mkfile "$tmp/r.tags" 0x40000000 0x800000 12345 || exit 1
new_vm='vm create --mte'
slot='mem add vm0 0 0x40000000 8M'

batch "restore, verify, dump" 0 "$new_vm" "$slot" \
	"mte restore vm0 --input $tmp/r.tags" "mte verify vm0 --input $tmp/r.tags" \
	"mte dump vm0 0x40000000+8M -o $tmp/d1.tags" \
	"mte dump vm0 0x40000000+8M -o $tmp/d1.elf --format elf-core" \
	"mte dump vm0 0x40000000+8M -o $tmp/d1.nib --packing nibble"
json batch-restore-verify-dump
expect "restore copied 8 MiB" '"copied":8388608,"missing":0'
expect "verify matched" '"mismatched_granules":0,"match":true'
if cmp "$tmp/r.tags" "$tmp/d1.tags"; then ok "dump is byte-identical to the restored file"; else
	nok "dump differs from the restored file"; fi
if "$bin/mte-copyloop" elfcheck "$tmp/d1.elf" "$tmp/r.tags"; then ok "ELF core tags read back"; else
	nok "ELF core check failed"; fi

batch "fresh VM: zero tags, restore a nibble-packed dump" 0 "$new_vm" "$slot" \
	"mte show vm0 0x40000000+8M" "mte restore vm0 --input $tmp/d1.nib" \
	"mte verify vm0 --input $tmp/r.tags"
json batch-fresh-show-restore-verify
expect "untagged pages read as zero" '"runs":\[{"start":"0x40000000","end":"0x40800000","tag":0}\]'
expect "verify after the nibble restore matched" '"match":true'

batch "range over a memslot hole" 7 "$new_vm" 'mem add vm0 0 0x40000000 1M' \
	'mem add vm0 1 0x40200000 1M' "mte dump vm0 0x40000000-0x40300000 -o $tmp/h.tags"
json batch-hole
expect "partial error" '"code":"partial"'
expect "copied and not copied ranges" '"ranges":\[{"start":"0x40000000","end":"0x40100000","copied":true},{"start":"0x40100000","end":"0x40200000","copied":false},{"start":"0x40200000","end":"0x40300000","copied":true}\]'
if [ -e "$tmp/h.tags" ]; then nok "a partial dump left a file"; else ok "no file from a partial dump"; fi

# broken files: refused before any copy, so the fresh VM's tags stay zero
cp "$tmp/r.tags" "$tmp/crc.tags"
printf '\017' | dd of="$tmp/crc.tags" bs=1 seek=5000 conv=notrunc 2>/dev/null
head -c 100000 "$tmp/r.tags" >"$tmp/short.tags"
cp "$tmp/r.tags" "$tmp/v2.tags"
printf '\002' | dd of="$tmp/v2.tags" bs=1 seek=8 conv=notrunc 2>/dev/null
if cmp -s "$tmp/crc.tags" "$tmp/r.tags"; then
	printf '\016' | dd of="$tmp/crc.tags" bs=1 seek=5000 conv=notrunc 2>/dev/null
fi
for f in crc short v2; do
	batch "refuse $f.tags" 2 "$new_vm" "$slot" "mte restore vm0 --input $tmp/$f.tags"
	case $f in
	crc) expect "CRC mismatch named" 'payload CRC mismatch' ;;
	short) expect "truncation named" 'truncated' ;;
	v2) expect "version named" 'unsupported version' ;;
	esac
done
# the same session keeps going with -k: show after the refused restore
for f in crc short v2; do
	printf '%s\n' "$new_vm" "$slot" "mte restore vm0 --input $tmp/$f.tags" \
		"mte show vm0 0x40000000+8M" >"$tmp/b.vmm"
	"$VMMCTL" -j -k -b "$tmp/b.vmm" >"$tmp/out" 2>"$tmp/err"
	expect "no tag written by the refused $f.tags" '"runs":\[{"start":"0x40000000","end":"0x40800000","tag":0}\]'
done

# a small ELF core and its tag file, printed for the host's GDB test (tests/fixtures/mte)
"$bin/mte-copyloop" mkfile "$tmp/s.tags" 0x40000000 0x4000 777 || exit 1
batch "small ELF core" 0 "$new_vm" 'mem add vm0 0 0x40000000 64K' \
	"mte restore vm0 --input $tmp/s.tags" \
	"mte dump vm0 0x40000000+16K -o $tmp/s.core --format elf-core"
echo "b64 guest.core: $(base64 "$tmp/s.core" | tr -d '\n')"
echo "b64 guest.tags: $(base64 "$tmp/s.tags" | tr -d '\n')"

batch "fill and show" 0 "$new_vm" "$slot" "mte fill vm0 0x40001000+8K 11" \
	"mte show vm0 0x40000000+16K"
json batch-fill-show
expect "fill wrote one run of tag 11" '{"start":"0x40001000","end":"0x40003000","tag":11}'
printf '%s\n' "$new_vm" "$slot" "mte fill vm0 0x40001000+8K 11" "mte show vm0 0x40000000+16K" >"$tmp/b.vmm"
"$VMMCTL" -b "$tmp/b.vmm" >"$tmp/out" 2>"$tmp/err"
expect "text show: tag digits per granule" "0x000040001000  bbbbbbbbbbbbbbbb bbbbbbbbbbbbbbbb"

echo "$n checks, $bad failed"
[ "$bad" = 0 ]
