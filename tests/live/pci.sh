#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: `vmmctl -p pci list` against `lspci -mm -nn -D` on the same machine:
# the same functions in the same order with the same class, programming
# interface, vendor and device IDs, revision and (where the ID database
# knows them) vendor and device names; `pci show` of each agrees, and equals
# tests/cli/pci_reader.py's decode of the same config bytes where Python is;
# `tsm list` and `tsm ide` read the real sysfs without failing. Without lspci the IDs
# are compared with sysfs instead. Runs on the host and in the arm64 rig
# (busybox sh). Exit 0 pass, 77 skip, else fail.
set -u
: "${VMMCTL:?}"
[ -d /sys/bus/pci/devices ] || { echo "no /sys/bus/pci/devices (CONFIG_PCI off)"; exit 77; }
. "$(dirname "$0")/tap.inc"
tmp=${TMPDIR:-/tmp}/pci-live.$$
mkdir "$tmp" || exit 99
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

if "$VMMCTL" -p pci list >"$tmp/json" 2>"$tmp/err"; then ok "pci list -p: exit 0"; else
	nok "pci list -p: $(cat "$tmp/err")"; echo "1..$n"; exit 1; fi

# Our JSON, one function per line: bdf class progif vendor device rev|vendor name|device name
# (json-c's pretty printer puts each key of a list entry on its own line, 4 spaces in).
awk '
function val(s) { sub(/^[^:]*: "/, "", s); sub(/",?$/, "", s); return s }
/^    "bdf": /        { bdf = val($0); v = ""; d = ""; vn = "Vendor"; dn = "Device" }
/^    "vendor_id": /  { v = substr(val($0), 3) }
/^    "device_id": /  { d = substr(val($0), 3) }
/^    "vendor": /     { vn = val($0) }
/^    "device": /     { dn = val($0) }
/^    "class": /      { c = substr(val($0), 3, 4); p = substr(val($0), 7, 2) }
/^    "revision": /   { r = substr(val($0), 3) }
/^  }/                { print bdf " " c " " p " " v " " d " " r "|" vn "|" dn }
' "$tmp/json" >"$tmp/ours"
if [ -s "$tmp/ours" ]; then ok "pci list found $(wc -l <"$tmp/ours" | tr -d ' ') functions"
else nok "pci list found no function"; fi

if command -v lspci >/dev/null 2>&1 && lspci -mm -nn -D >"$tmp/lspci" 2>"$tmp/err" &&
   [ -s "$tmp/lspci" ]; then
	# SLOT "CLASS [cccc]" "VENDOR [vvvv]" "DEVICE [dddd]" [-rRR] [-pPP] ...
	sed -n 's/^\([^ ]*\) "[^"]*\[\([0-9a-f]*\)\]" "\([^"]*\) \[\([0-9a-f]*\)\]" "\([^"]*\) \[\([0-9a-f]*\)\]"\(.*\)$/\1 \2 \4 \6|\3|\5|\7/p' \
		"$tmp/lspci" | awk -F'|' '{
			split($1, a, " "); r = "00"; p = "00"; n = split($4, t, " ")
			for (i = 1; i <= n; i++) {
				if (t[i] ~ /^-r/) r = substr(t[i], 3)
				if (t[i] ~ /^-p/) p = substr(t[i], 3)
			}
			print a[1] " " a[2] " " p " " a[3] " " a[4] " " r "|" $2 "|" $3
		}' >"$tmp/theirs"
	if [ "$(wc -l <"$tmp/theirs")" = "$(wc -l <"$tmp/lspci")" ]; then
		ok "every lspci -mm -nn line parsed"
	else
		nok "lspci lines not parsed: $(cat "$tmp/lspci")"
	fi
	if cmp -s "$tmp/ours" "$tmp/theirs"; then
		ok "pci list agrees with lspci -mm -nn -D (IDs, class, prog-if, revision, names)"
	else
		nok "pci list differs from lspci -mm -nn -D: ours / lspci:
$(cat "$tmp/ours")
--
$(cat "$tmp/theirs")"
	fi
else
	echo "# lspci is not installed here: comparing with sysfs instead"
	: >"$tmp/theirs"
	for d in /sys/bus/pci/devices/*; do
		c=$(cat "$d/class") v=$(cat "$d/vendor") dv=$(cat "$d/device")
		r=$(cat "$d/revision" 2>/dev/null || echo 0x00)
		echo "${d##*/} $(echo "$c" | cut -c3-6) $(echo "$c" | cut -c7-8) ${v#0x} ${dv#0x} ${r#0x}" \
			>>"$tmp/theirs"
	done
	cut -d'|' -f1 "$tmp/ours" >"$tmp/ours-ids"
	if cmp -s "$tmp/ours-ids" "$tmp/theirs"; then ok "pci list agrees with sysfs (IDs, class, revision)"
	else nok "pci list differs from sysfs: $(cat "$tmp/ours-ids") -- $(cat "$tmp/theirs")"; fi
fi

# pci show of every function: same identity as the list, exit 0
for bdf in $(cut -d' ' -f1 "$tmp/ours"); do
	if "$VMMCTL" -p pci show "$bdf" >"$tmp/show" 2>"$tmp/err" &&
	   grep -q "^  \"bdf\": \"$bdf\"" "$tmp/show"; then
		ok "pci show $bdf"
	else
		nok "pci show $bdf: $(cat "$tmp/err")"
	fi
done

# the decode of every function against the independent reader (tests/cli/
# pci_reader.py) on the same config bytes, where Python is (not in the rig,
# whose host does it for the emulated TSM functions instead)
reader=$(dirname "$0")/../cli/pci_reader.py
if command -v python3 >/dev/null 2>&1 && [ -f "$reader" ]; then
	for bdf in $(cut -d' ' -f1 "$tmp/ours"); do
		if "$VMMCTL" -j pci show "$bdf" >"$tmp/show" 2>"$tmp/err" &&
		   python3 "$reader" "/sys/bus/pci/devices/$bdf/config" "$tmp/show" >"$tmp/rd" 2>&1; then
			ok "pci show $bdf equals pci_reader.py ($(cat "$tmp/rd"))"
		else
			nok "pci show $bdf against pci_reader.py: $(cat "$tmp/err" "$tmp/rd")"
		fi
	done
else
	echo "# no python3 or pci_reader.py here: the decode is checked on the host"
fi

# tsm list reads the real sysfs: exit 0 (an empty list without a TSM)
if "$VMMCTL" -j tsm list >"$tmp/out" 2>"$tmp/err"; then ok "tsm list: exit 0 ($(head -c 200 "$tmp/out"))"
else nok "tsm list: $(cat "$tmp/err")"; fi
# tsm ide: one entry per root bus's host bridge, with its free stream count when the
# kernel shows one (CONFIG_PCI_IDE)
if "$VMMCTL" -p tsm ide >"$tmp/ide" 2>"$tmp/err"; then ok "tsm ide: exit 0"
else nok "tsm ide: $(cat "$tmp/err")"; fi
nhb=0
for b in /sys/class/pci_bus/*; do
	t=$(readlink "$b/device" 2>/dev/null) || continue
	hb=${t##*/}
	case $hb in pci*) ;; *) continue ;; esac
	nhb=$((nhb + 1))
	if grep -q "\"host_bridge\": \"$hb\"" "$tmp/ide"; then ok "tsm ide lists $hb"
	else nok "tsm ide lacks $hb: $(cat "$tmp/ide")"; fi
	if [ -r "$b/device/available_secure_streams" ]; then
		a=$(cat "$b/device/available_secure_streams")
		if grep -q "\"available_secure_streams\": $a" "$tmp/ide"; then
			ok "$hb: available_secure_streams $a"
		else
			nok "$hb: available_secure_streams $a not in: $(cat "$tmp/ide")"
		fi
	fi
done
got=$(grep -c '"host_bridge"' "$tmp/ide")
if [ "$got" = "$nhb" ]; then ok "tsm ide: $nhb host bridges"; else nok "tsm ide: $got host bridges, sysfs has $nhb"; fi
# without --abi, bind refuses with exit 4 and issues nothing
"$VMMCTL" tsm bind 0000:00:00.0 --vm vm0 --tdi-id 1 >/dev/null 2>"$tmp/err"
st=$?
if [ "$st" = 4 ] && grep -q "no TDI bind interface" "$tmp/err"; then ok "tsm bind without --abi: exit 4"
else nok "tsm bind without --abi: exit $st: $(cat "$tmp/err")"; fi

echo "1..$n"
[ "$bad" = 0 ]
