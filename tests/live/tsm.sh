#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: the tsm commands against the kernel's own PCI TSM core.  The rig's
# test module (tests/arm64/tsm-test: an emulated host bridge with a TEE-IO
# endpoint, and a link TSM) is loaded here and unloaded at the end, so that
# no other test sees its functions.  Checked against the kernel's files:
# tsm list/show/ide before and after connect (connect, dsm, bound and
# authenticated of both functions, the host bridge's stream link and its
# available_secure_streams), disconnect, the kernel's errnos for each
# refusal (written with the shell) next to what vmmctl does in the same
# state, a connect failing inside the TSM, --dry-run changing nothing, and
# rmmod tearing a live connection down.  The functions' config space and
# `pci show -j` go to the console (RIG-FILE blocks) for the host's
# independent decoder.  Exit 0 pass, 77 skip, else fail.
set -u
: "${VMMCTL:?}"
ko=${RIG_TSM_MODULE:-/rig/modules/vmm_tsm_test.ko}
[ -f "$ko" ] || { echo "no test TSM module ($ko): the rig's custom kernel builds it"; exit 77; }
. "$(dirname "$0")/tap.inc"
t0=$(cut -d' ' -f1 /proc/uptime)
live_scratch tsm-live
loaded=
# unload on every exit, before the scratch directory goes
trap '[ -n "$loaded" ] && rmmod vmm_tsm_test 2>/dev/null; live_cleanup' EXIT
param=/sys/module/vmm_tsm_test/parameters

before=$(ls /sys/class/tsm 2>/dev/null)
if insmod "$ko" 2>"$err"; then loaded=1; ok "insmod $(basename "$ko")"
else nok "insmod: $(cat "$err")"; echo "1..$n"; exit 1; fi
echo "# $(basename "$ko"): $(wc -c <"$ko") bytes, $(awk '$1 == "vmm_tsm_test" { print $2 }' /proc/modules) loaded"

# The functions, by the module's IDs; the TSM is the class entry insmod added.
fn() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = 0x1b36 ] && [ "$(cat "$d/device")" = "$1" ] && echo "${d##*/}"
	done
}
rp=$(fn 0x7ff0) ep0=$(fn 0x7ff1) ep1=$(fn 0x7ff2)
tsm=
for t in $(ls /sys/class/tsm); do
	case " $(echo $before) " in *" $t "*) ;; *) tsm=$t ;; esac
done
if [ -n "$rp" ] && [ -n "$ep0" ] && [ -n "$ep1" ] && [ -n "$tsm" ]; then
	ok "emulated functions: root port $rp, endpoint $ep0 and $ep1; TSM $tsm"
else
	nok "module state: rp='$rp' ep0='$ep0' ep1='$ep1' tsm='$tsm'"; echo "1..$n"; exit 1
fi
dev=/sys/bus/pci/devices
hbdir=$(dirname "$(readlink -f "$dev/$rp")")
hb=${hbdir##*/}
case $hb in pci*) ok "host bridge $hb" ;; *) nok "host bridge of $rp: $hbdir" ;; esac

# layout NAME BDF: the function's TSM files as "NAME: FILE=VALUE ..." (write-only
# files without a value, the DSM's BDF and the TSM's name as DSM and TSM),
# which the host compares with the fixture trees (tests/arm64/tsm-layout.py)
layout() {
	printf '%s:' "$1" >>"$tmp/layout"
	for f in $(cd "$dev/$2" && ls -d authenticated tsm/* 2>/dev/null); do
		if [ "$(stat -L -c %A "$dev/$2/$f" | cut -c2)" = r ]; then
			printf ' %s=%s' "$f" "$(sed "s/^$ep0\$/DSM/;s/^$tsm\$/TSM/" "$dev/$2/$f")"
		else
			printf ' %s' "$f"
		fi >>"$tmp/layout"
	done
	echo >>"$tmp/layout"
}
echo "class-link: $(readlink /sys/class/tsm/$tsm | sed "s/$tsm\$/TSM/")" >"$tmp/layout"
echo "bus-link: $(readlink $dev/$ep0 | sed "s/$ep0\$/BDF/")" >>"$tmp/layout"
layout "pf0 disconnected" "$ep0"
layout "sub disconnected" "$ep1"
check "/sys/class/tsm/$tsm is a link (class device)" test -L "/sys/class/tsm/$tsm"
check "$dev/$ep0 is a link" test -L "$dev/$ep0"
check "$ep0: tsm/connect, disconnect, dsm, bound and authenticated" \
	test -f "$dev/$ep0/tsm/connect" -a -f "$dev/$ep0/tsm/disconnect" -a \
	-f "$dev/$ep0/tsm/dsm" -a -f "$dev/$ep0/tsm/bound" -a -f "$dev/$ep0/authenticated"
check "$ep1: no tsm/ before its DSM connects" test ! -e "$dev/$ep1/tsm"

# j ARGS...: vmmctl -p ARGS into $out, status in $st
j() { "$VMMCTL" -p "$@" >"$out" 2>"$err"; st=$?; }
# near KEY VALUE LINES PATTERN...: the LINES lines from "KEY": "VALUE" on in
# $out (an entry of vmmctl's pretty JSON) hold every PATTERN (fixed strings)
near() {
	_b=$(grep -A"$3" "\"$1\": \"$2\"" "$out") || return 1
	shift 3
	for _p; do echo "$_b" | grep -qF -- "$_p" || return 1; done
}
avail() { cat "$hbdir/available_secure_streams"; }
streams() { (cd "$hbdir" && ls -d stream* 2>/dev/null); }

nstreams=$(avail)
check "$hb: available_secure_streams is the module's pool ($nstreams)" \
	test "$nstreams" = "$(cat $param/nr_streams)"

j tsm list
check "tsm list: exit 0" test "$st" = 0
check "tsm list: $tsm with no connected device" near name "$tsm" 2 '"connected_devices": 0'
check "tsm list: $ep0 a DSM candidate, not connected" \
	near bdf "$ep0" 3 '"dsm_candidate": true' '"connected": false'
check "tsm list: $ep1 not listed (no tsm/)" sh -c "! grep -q '\"bdf\": \"$ep1\"' $out"
j tsm show "$ep0"
check "tsm show $ep0: registered $tsm, no IDE stream" \
	sh -c "[ $st = 0 ] && grep -q '\"$tsm\"' $out && grep -q '\"ide_streams\": \[' $out &&
	       ! grep -q '\"stream\":' $out"
j tsm show "$ep1"
check "tsm show $ep1: exit 4, not TSM-capable" \
	sh -c "[ $st = 4 ] && grep -q 'not TSM-capable' $err"
j tsm ide
check "tsm ide: $hb with $nstreams available" \
	near host_bridge "$hb" 1 "\"available_secure_streams\": $nstreams"

# --dry-run writes nothing
j -n tsm connect "$ep0"
check "dry run: names $dev/$ep0/tsm/connect <- $tsm" \
	sh -c "[ $st = 0 ] && grep -q '\"path\": \"$dev/$ep0/tsm/connect\"' $out && grep -q '\"value\": \"$tsm\"' $out"
check "dry run: the kernel's connect still empty, no stream" \
	sh -c "[ -z \"\$(cat $dev/$ep0/tsm/connect)\" ] && [ \"\$(cat $hbdir/available_secure_streams)\" = $nstreams ]"

# vmmctl refuses a function that is not a DSM, and a name the kernel cannot parse
j tsm connect "$ep0" --tsm nonsense
check "connect --tsm nonsense: exit 2, nothing written" \
	sh -c "[ $st = 2 ] && grep -q 'expected a TSM name like tsm0' $err && [ -z \"\$(cat $dev/$ep0/tsm/connect)\" ]"

# kernel_write FILE VALUE: the kernel's answer to a write from the shell ($kerr)
kernel_write() {
	kerr=$( (echo "$2" >"$1") 2>&1)
}
kernel_write "$dev/$ep0/tsm/connect" nonsense
check "kernel: connect 'nonsense' is EINVAL ($kerr)" sh -c "echo '$kerr' | grep -q 'Invalid argument'"
kernel_write "$dev/$ep0/tsm/connect" tsm999
check "kernel: connect tsm999 (no such TSM) is ENXIO ($kerr)" \
	sh -c "echo '$kerr' | grep -q 'No such device or address'"
j tsm connect "$ep0" --tsm tsm999
check "connect --tsm tsm999: exit 5, no TSM 'tsm999' registered" \
	sh -c "[ $st = 5 ] && grep -q \"no TSM 'tsm999' registered\" $err"
kernel_write "$dev/$ep0/tsm/disconnect" "$tsm"
check "kernel: disconnect while not connected is ENXIO ($kerr)" \
	sh -c "echo '$kerr' | grep -q 'No such device or address'"
j tsm disconnect "$ep0"
check "disconnect while not connected: exit 0, changed false" \
	sh -c "[ $st = 0 ] && grep -q '\"changed\": false' $out"

# A connect that fails inside the TSM: its errno, mapped, and nothing left behind
for e in 5:1:'Input/output error' 6:1:'refused' 16:6:'busy'; do
	errno=${e%%:*} rest=${e#*:}
	code=${rest%%:*} word=${rest#*:}
	echo "$errno" >"$param/fail_connect"
	j tsm connect "$ep0"
	check "connect failing in the TSM with errno $errno: exit $code ('$word')" \
		sh -c "[ $st = $code ] && grep -qi '$word' $err"
	echo "# vmmctl: $(cat "$err")"
	check "after the failed connect: not connected, $nstreams streams, no link" \
		sh -c "[ -z \"\$(cat $dev/$ep0/tsm/connect)\" ] && [ \"\$(cat $hbdir/available_secure_streams)\" = $nstreams ] &&
		       ! ls $hbdir | grep -q '^stream'"
done
echo 0 >"$param/fail_connect"

# connect
j tsm connect "$ep0" --tsm "$tsm"
check "connect $ep0 --tsm $tsm: exit 0, changed, connected to $tsm" \
	sh -c "[ $st = 0 ] && grep -q '\"changed\": true' $out && grep -q '\"tsm\": \"$tsm\"' $out"
check "kernel: $ep0 tsm/connect and authenticated say $tsm, dsm is itself" \
	sh -c "[ \"\$(cat $dev/$ep0/tsm/connect)\" = $tsm ] && [ \"\$(cat $dev/$ep0/authenticated)\" = $tsm ] &&
	       [ \"\$(cat $dev/$ep0/tsm/dsm)\" = $ep0 ]"
check "kernel: $ep1 now has tsm/dsm = $ep0, tsm/bound, authenticated, no connect" \
	sh -c "[ \"\$(cat $dev/$ep1/tsm/dsm)\" = $ep0 ] && [ -f $dev/$ep1/tsm/bound ] &&
	       [ -f $dev/$ep1/authenticated ] && [ ! -e $dev/$ep1/tsm/connect ]"
s=$(streams)
check "kernel: one stream link on $hb ($s) to $ep0" \
	sh -c "[ \$(echo $s | wc -w) = 1 ] && [ \"\$(readlink -f $hbdir/$s)\" = \"\$(readlink -f $dev/$ep0)\" ]"
check "kernel: available_secure_streams $nstreams -> $((nstreams - 1))" test "$(avail)" = $((nstreams - 1))

layout "pf0 connected" "$ep0"
layout "sub connected" "$ep1"
echo "RIG-FILE-BEGIN tsm-layout"
base64 "$tmp/layout"
echo "RIG-FILE-END"
sed 's/^/# layout: /' "$tmp/layout"

j tsm list
check "tsm list: $tsm has 1 connected device" near name "$tsm" 2 '"connected_devices": 1'
check "tsm list: $ep1 listed with dsm $ep0, authenticated" \
	near bdf "$ep1" 8 "\"dsm\": \"$ep0\"" '"authenticated": true'
j tsm show "$ep0"
check "tsm show $ep0: stream $s on $hb" \
	sh -c "grep -q '\"stream\": \"$s\"' $out && grep -q '\"host_bridge\": \"$hb\"' $out"
j tsm ide
h=${s#stream} r=${h#*.} e=${r#*.}
check "tsm ide: $s -> $ep0, indices $h, $((nstreams - 1)) available" \
	sh -c "grep -q '\"bdf\": \"$ep0\"' $out && grep -q '\"host_index\": ${h%%.*}' $out &&
	       grep -q '\"root_port_index\": ${r%%.*}' $out && grep -q '\"endpoint_index\": $e' $out &&
	       grep -q '\"available_secure_streams\": $((nstreams - 1))' $out"

# the functions' config space and decode, for the host's independent reader
for f in $rp $ep0 $ep1; do
	for what in config show; do
		echo "RIG-FILE-BEGIN tsm-$f.$what"
		if [ $what = config ]; then base64 "$dev/$f/config"; else "$VMMCTL" -j pci show "$f" | base64; fi
		echo "RIG-FILE-END"
	done
done
j pci show "$ep0"
check "pci show $ep0: IDE selective stream 0 enabled and secure" \
	sh -c "grep -q '\"state\": \"secure\"' $out && grep -q '\"tdisp\": true' $out"
# What the kernel programmed into the root port's stream, decoded, against
# where it took the values from: the endpoint's requester ID, and the root
# port's windows (its sysfs resource lines, CPU addresses; the boot log gives
# the bus address of the non-prefetchable one)
rid() { # BDF: its requester ID, bus << 8 | device << 3 | function
	_b=${1#*:} _d=${_b#*:}
	printf '0x%02x%02x' "0x${_b%%:*}" $(( (0x${_d%%.*} << 3) | ${_d#*.} ))
}
rpj=$("$VMMCTL" -j pci show "$rp")
tr=$(dmesg | sed -n "s/.*pci_bus ${rp%%:*}:00: root bus resource \[mem \(0x[0-9a-f]*\)-0x[0-9a-f]*\] (bus address \[\(0x[0-9a-f]*\)-.*/\1 \2/p" | head -n 1)
mem= pref=
# the root port has no BARs: its assigned resources are its windows
while read -r start end flags; do
	[ $((start)) = 0 ] && continue
	if [ $((flags & 0x2000)) = 0 ]; then	# IORESOURCE_PREFETCH clear
		set -- $tr
		mem=$(printf '"valid":true,"base":"0x%x","limit":"0x%x"' \
			$((start - $1 + $2)) $((end - $1 + $2)))
	else
		pref=$(printf '"valid":true,"base":"0x%x","limit":"0x%x"' $((start)) $((end)))
	fi
done <"$dev/$rp/resource"
ridj="\"rid_association\":{\"valid\":true,\"base\":\"$(rid "$ep0")\",\"limit\":\"$(rid "$ep0")\""
echo "# root port windows: mem $mem, pref $pref (translation $tr)"
check "pci show $rp: stream 0 covers $ep0's requester ID" sh -c "echo '$rpj' | grep -qF '$ridj'"
check "pci show $rp: address block 0 is the root port's memory window" \
	sh -c "[ -n '$mem' ] && echo '$rpj' | grep -qF '\"index\":0,\"offset\":\"0x120\",$mem'"
check "pci show $rp: address block 1 is its prefetchable window, above 4 GiB" \
	sh -c "[ -n '$pref' ] && echo '$rpj' | grep -qF '\"index\":1,\"offset\":\"0x12c\",$pref'"

# the kernel refuses a second connect; vmmctl has nothing to do
kernel_write "$dev/$ep0/tsm/connect" "$tsm"
check "kernel: a second connect is EBUSY ($kerr)" sh -c "echo '$kerr' | grep -q 'busy'"
j tsm connect "$ep0"
check "connect again: exit 0, changed false" sh -c "[ $st = 0 ] && grep -q '\"changed\": false' $out"
j tsm connect "$ep1"
check "connect $ep1: exit 4, managed by the DSM $ep0" \
	sh -c "[ $st = 4 ] && grep -q 'managed by the DSM $ep0' $err"
kernel_write "$dev/$ep0/tsm/disconnect" tsm999
check "kernel: disconnect naming another TSM is EINVAL ($kerr)" \
	sh -c "echo '$kerr' | grep -q 'Invalid argument'"

# disconnect, dry run first
j -n tsm disconnect "$ep0"
check "dry run: disconnect names $dev/$ep0/tsm/disconnect <- $tsm, still connected" \
	sh -c "[ $st = 0 ] && grep -q '\"value\": \"$tsm\"' $out && [ \"\$(cat $dev/$ep0/tsm/connect)\" = $tsm ]"
j tsm disconnect "$ep0"
check "disconnect: exit 0, changed, not connected" \
	sh -c "[ $st = 0 ] && grep -q '\"changed\": true' $out && grep -q '\"connected\": false' $out"
check "kernel: connect empty, no stream link, $nstreams available, $ep1's tsm/ gone" \
	sh -c "[ -z \"\$(cat $dev/$ep0/tsm/connect)\" ] && ! ls $hbdir | grep -q '^stream' &&
	       [ \"\$(cat $hbdir/available_secure_streams)\" = $nstreams ] && [ ! -e $dev/$ep1/tsm ]"

# rmmod with a live connection: tsm_unregister() disconnects it
j tsm connect "$ep0"
check "connect again for rmmod: exit 0" test "$st" = 0
if rmmod vmm_tsm_test 2>"$err"; then loaded=; ok "rmmod while connected"
else nok "rmmod: $(cat "$err")"; fi
check "after rmmod: $tsm, $ep0 and $hb gone" \
	sh -c "[ ! -e /sys/class/tsm/$tsm ] && [ ! -e $dev/$ep0 ] && [ ! -e $hbdir ]"
j tsm list
check "tsm list after rmmod: exit 0, $tsm gone" sh -c "[ $st = 0 ] && ! grep -q '\"$tsm\"' $out"

echo "# tsm.sh took $(awk -v t0="$t0" '{ printf "%.2f", $1 - t0 }' /proc/uptime) s"
echo "1..$n"
[ "$bad" = 0 ]
