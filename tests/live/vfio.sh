#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: a VFIO device cdev on a real IOMMU.  `device bind`, `hw-info`,
# `attach`, `ioas map/unmap`, `detach` and their refusals against the real
# kernel, each compared with an independent read: the kernel's sysfs, and
# for an Arm SMMUv3 its ID registers read through /dev/mem (busybox devmem),
# decoded here in shell arithmetic.  Then a holder process binds the device
# as a VMM does and vmmctl inspects it through --pid.
#
# Runs where a PCI function is bound to vfio-pci (the arm64 rig binds QEMU's
# edu device behind an emulated SMMUv3: tests/arm64/checks/60-vfio-bind.sh);
# it never binds or unbinds anything itself, and skips with the reason
# elsewhere.  POSIX sh (busybox in the rig).  Exit 0 pass, 77 skip, else fail.
set -u
: "${VMMCTL:?}"
. "$(dirname "$0")/tap.inc"

[ -c /dev/iommu ] || { echo "no /dev/iommu character device (kernel without CONFIG_IOMMUFD)"; exit 77; }
bdf= cdev=
for d in /sys/bus/pci/drivers/vfio-pci/[0-9a-f]*:*; do
	[ -d "$d/vfio-dev" ] || continue
	bdf=$(basename "$d")
	cdev=/dev/vfio/devices/$(ls "$d/vfio-dev" | head -n 1)
	break
done
[ -n "$cdev" ] && [ -c "$cdev" ] ||
	{ echo "no PCI function bound to vfio-pci with a VFIO cdev on this machine"; exit 77; }
live_scratch vfio
holder=$(dirname "${VMM_HELPER:-${BUILD:-.}/tests/vmm-helper}")/iommufd-holder

# the n-th entry (1-based) of a -j batch document, one per line
entry() { sed 's/},{"line":/}\n{"line":/g' "$out" | sed -n "${1}p"; }
# a member of a flat JSON object text: jval KEY TEXT
jval() { printf '%s' "$2" | tr ',{}' '\n\n\n' | sed -n "s/^\"$1\":\"*\([^\"]*\)\"*$/\1/p" | head -n 1; }
expect() { # description, entry number, pattern it must hold
	e=$(entry "$2")
	case $e in *$3*) ok "$1" ;; *) nok "$1: $e" ;; esac
}

cat >"$tmp/b" <<EOF
iommufd open
device bind $cdev
device hw-info 1
ioas alloc
device attach 1 2
device attach 1 2
ioas map 2 --iova 0x100000 64K
ioas ranges 2
ioas unmap 2 0x100000+64K
device detach 1
device detach 1
iommufd open
device bind $cdev --ctx iommufd1
iommufd close --ctx iommufd1
device attach 1 2
iommufd close
EOF
"$VMMCTL" -j -k -b "$tmp/b" >"$out" 2>"$err"
echo "# batch exit $?"
echo "# batch-json $(cat "$out")"

expect "bind $cdev ($bdf) gives device id 1" 2 \
	"\"exit_code\":0,\"result\":{\"iommufd\":\"iommufd0\",\"path\":\"$cdev\",\"dev_id\":1}"
e=$(entry 3)
type=$(jval type "$e")
echo "# hw-info type: $type"
case $e in *'"exit_code":0'*) ok "hw-info of $bdf: type $type" ;; *) nok "hw-info: $e" ;; esac
grp=$(basename "$(readlink "/sys/bus/pci/devices/$bdf/iommu_group")")
smmu=$(ls -d /sys/bus/platform/devices/*.smmuv3 2>/dev/null | head -n 1)
if [ "$type" = arm_smmuv3 ] && [ -n "$smmu" ] && command -v devmem >/dev/null && [ -c /dev/mem ]; then
	base=0x$(basename "$smmu" | cut -d. -f1)
	raw=$(printf '%s' "$e" | sed -n 's/.*"raw_words":\[\([^]]*\)\].*/\1/p' | tr -d '"')
	i=0
	for off in 0x00 0x04 0x08 0x0c 0x10 0x14 0x18 0x1c; do
		i=$((i + 1))
		v=$(devmem $((base + off)) 32)
		eval "reg$i=$((v))"
		want=$(printf '0x%08x' "$v")
		# the payload: flags, a reserved word, IDR0..5, IIDR, AIDR
		got=$(printf '%s' "$raw" | cut -d, -f$((i + 2)))
		[ "$got" = "$want" ] && ok "raw word $i ($off) equals the SMMU's register: $want" ||
			nok "raw word $i ($off): vmmctl $got, devmem $want"
	done
	s=$(printf '%s' "$e" | sed -n 's/.*"smmuv3":{\([^}]*\)}.*/\1/p')
	bit() { [ $(($1 >> $2 & 1)) = 1 ] && echo true || echo false; }
	field() { # name, expected
		g=$(jval "$1" "{$s}")
		[ "$g" = "$2" ] && ok "smmuv3.$1 = $2" || nok "smmuv3.$1: vmmctl '$g', register says '$2'"
	}
	field s2p "$(bit "$reg1" 0)"
	field s1p "$(bit "$reg1" 1)"
	field ttf $((reg1 >> 2 & 3))
	field cohacc "$(bit "$reg1" 4)"
	field httu $((reg1 >> 6 & 3))
	field asid16 "$(bit "$reg1" 12)"
	field msi "$(bit "$reg1" 13)"
	field vmid16 "$(bit "$reg1" 18)"
	field st_level $((reg1 >> 27 & 3))
	field sidsize $((reg2 & 63))
	field ssidsize $((reg2 >> 6 & 31))
	field cmdqs $((reg2 >> 21 & 31))
	field ril "$(bit "$reg4" 10)"
	field oas $((reg6 & 7))
	field gran4k "$(bit "$reg6" 4)"
	field gran16k "$(bit "$reg6" 5)"
	field gran64k "$(bit "$reg6" 6)"
	field implementer $((reg7 & 4095))
	field product_id $((reg7 >> 20 & 4095))
	field arch_major_rev $((reg8 >> 4 & 15))
	field arch_minor_rev $((reg8 & 15))
	case $((reg6 & 7)) in 0) b=32 ;; 1) b=36 ;; 2) b=40 ;; 3) b=42 ;; 4) b=44 ;; 5) b=48 ;; 6) b=52 ;; *) b=0 ;; esac
	field oas_bits "$b"
else
	skip "hw-info against the SMMU's registers" "type $type, SMMUv3 ${smmu:-absent}, devmem $(command -v devmem || echo absent)"
fi
expect "ioas alloc gives IOAS 2" 4 '"result":{"iommufd":"iommufd0","ioas_id":2}'
expect "attach device 1 to IOAS 2" 5 '"exit_code":0,"result":{"iommufd":"iommufd0","dev_id":1,"pt_id":2'
hwpt=$(jval hwpt_id "$(entry 5)")
# the kernel's answers to the refusals one would expect
expect "attach twice to the same IOAS: the kernel accepts it, same HWPT $hwpt" 6 \
	"\"exit_code\":0,\"result\":{\"iommufd\":\"iommufd0\",\"dev_id\":1,\"pt_id\":2,\"hwpt_id\":$hwpt}"
expect "map 64 KiB of anonymous memory at 0x100000" 7 '"exit_code":0'
# the device's reserved regions (the SMMU's MSI window) are holes in the IOAS
e=$(entry 8)
case $e in *'"ranges":[{"start":"0x0","last":"'*'},{"start":"0x'*) ok "IOVA ranges of IOAS 2 have the device's reserved hole: $(jval iova_alignment "$e")-byte alignment" ;;
*) nok "ranges with the device attached: $e" ;; esac
expect "unmap it" 9 '"unmapped":65536'
expect "detach" 10 '"exit_code":0,"result":{"iommufd":"iommufd0","dev_id":1,"detached":true}'
expect "detach when not attached: the kernel answers 0 (a no-op), exit 0" 11 \
	'"exit_code":0,"result":{"iommufd":"iommufd0","dev_id":1,"detached":true}'
expect "bind in a second context while bound in the first: EINVAL, exit 1" 13 \
	'"exit_code":1,"error":{"code":"failed","exit_code":1,"errno":22,"errno_name":"EINVAL"'
expect "... with the hint that the cdev is already bound" 13 'already bound'
expect "the second context closes" 14 '"exit_code":0'
expect "attach again after the detach" 15 '"exit_code":0,"result":{"iommufd":"iommufd0","dev_id":1,"pt_id":2'
expect "closing the context with the device attached" 16 '"exit_code":0'
[ -n "$grp" ] && ok "its IOMMU group in sysfs: $grp" || nok "no iommu_group link"

# tsm bind's chain for real: a root whose sysfs says the function is
# connected to a TSM (no kernel of ours has one), with the real device
# nodes linked in, so that every mainline step runs on the real kernel
r=$tmp/root
d=$r/sys/bus/pci/devices/$bdf
mkdir -p "$d/tsm" "$d/vfio-dev/${cdev##*/}" "$r/dev/vfio/devices"
echo tsm0 >"$d/tsm/connect"
: >"$d/tsm/disconnect"
: >"$d/tsm/bound"
ln -s "$cdev" "$r/dev/vfio/devices/${cdev##*/}"
ln -s /dev/iommu "$r/dev/iommu"
ln -s /dev/kvm "$r/dev/kvm"
# Linux 7.3 makes a vIOMMU on an SMMUv3 only with S2FWB (IDR3.FWB) or a
# fully coherent device (arm_smmu_get_viommu_size); QEMU's has no FWB
fwb=$(( ${reg4:-0} >> 8 & 1 ))
for abi in tsm-v5 cca-rfc-v1; do
	printf 'vm create\ntsm bind %s --vm vm0 --tdi-id 1 --abi %s\n' "$bdf" "$abi" >"$tmp/tb"
	"$VMMCTL" --root "$r" -j -k -b "$tmp/tb" >"$tmp/tbout" 2>"$err"
	e=$(cat "$tmp/tbout")
	echo "# tsm bind --abi $abi: $e"
	case $abi:$fwb:$e in
	tsm-v5:0:*'"exit_code":4,"error":{"code":"not_supported","exit_code":4,"errno":95,'*'failed at vIOMMU'*'"ioctl":"IOMMU_VIOMMU_ALLOC"'*'S2FWB'*)
		ok "tsm bind --abi tsm-v5: KVM VFIO device, VFIO bind, IOAS, nest-parent HWPT and attach done; VIOMMU_ALLOC: EOPNOTSUPP (no S2FWB), exit 4" ;;
	cca-rfc-v1:*'"exit_code":1,"error":{"code":"failed","exit_code":1,"errno":7,'*'failed at vIOMMU'*'cca-rfc-v1 proposal'*)
		ok "tsm bind --abi cca-rfc-v1: the 48-byte VIOMMU_ALLOC is refused with E2BIG, exit 1" ;;
	tsm-v5:1:*'failed at TSM bind'*'"errno":22,'*)
		ok "tsm bind --abi tsm-v5: the mainline chain done; 0x3b95 answers EINVAL" ;;
	*) nok "tsm bind --abi $abi (IDR3.FWB $fwb): $e" ;;
	esac
done

# a VMM holding the device: vmmctl inspects its iommufd through --pid
if [ -x "$holder" ]; then
	# QEMU's edu can do DMA: the holder has it copy a page through the IOMMU
	dma=
	[ "$(cat "/sys/bus/pci/devices/$bdf/vendor"):$(cat "/sys/bus/pci/devices/$bdf/device")" = \
		0x1234:0x11e8 ] && dma=--dma
	live_start "$tmp/holder" iommufd 100 "$holder" --vfio "$cdev" $dma --hold 60
	echo "# holder: $line"
	case $line in *" dev="*) ok "the holder bound $cdev: $line" ;; *) nok "holder: $(cat "$tmp/holder")" ;; esac
	if [ -n "$dma" ]; then
		case $line in *" dma=ok"*) ok "edu's DMA through the SMMU: a page at IOVA 0x100000 copied to the next, byte for byte" ;;
		*) nok "edu DMA: $line $(cat "$tmp/holder")" ;; esac
	else
		skip "a DMA through the IOMMU" "$bdf is not QEMU's edu, the one device this test can drive"
	fi
	hdev=$(printf '%s' "$line" | sed -n 's/.* dev=\([0-9]*\).*/\1/p')
	hfd=$(printf '%s' "$line" | sed -n 's/.* fd=\([0-9]*\).*/\1/p')
	"$VMMCTL" -j iommufd show --pid "$pid" --fd "$hfd" >"$tmp/show" 2>"$err"
	echo "# show --pid: $(cat "$tmp/show")"
	grep -q "\"devices\":\[[^]]*{\"id\":$hdev," "$tmp/show" &&
		ok "iommufd show --pid lists device $hdev" || nok "show --pid: $(cat "$tmp/show" "$err")"
	"$VMMCTL" -j device hw-info "$hdev" --pid "$pid" --fd "$hfd" >"$tmp/hw" 2>"$err"
	grep -q "\"type\":\"$type\"" "$tmp/hw" && ok "device hw-info --pid: type $type" ||
		nok "hw-info --pid: $(cat "$tmp/hw" "$err")"
	printf 'iommufd open\ndevice bind %s\n' "$cdev" | "$VMMCTL" -j -k -b - >"$tmp/bind2" 2>"$err"
	st=$?
	echo "# bind while the holder has it: exit $st $(cat "$tmp/bind2")"
	case $(cat "$tmp/bind2") in
	*'"line":2,'*'"exit_code":0,'*) nok "a second process bound the cdev the holder has bound" ;;
	*'"line":2,'*'"exit_code":1,"error":{"code":"failed","exit_code":1,"errno":22,"errno_name":"EINVAL"'*)
		ok "a second process cannot bind it while the holder has it: EINVAL, exit 1" ;;
	*) nok "bind while held: $(cat "$tmp/bind2" "$err")" ;;
	esac
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
else
	skip "a holder process with the device" "iommufd-holder not built"
fi
echo "1..$n"
[ "$bad" = 0 ]
