#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: the arm64 vGIC state in KVM's debugfs. The test VMM holds a VM with
# an in-kernel vGICv3 and an ITS at 0x8080000 (--vgic) and SPI 40 raised
# to level 1 with KVM_IRQ_LINE (--irq-line 40); `vm irqs` must show the
# distributor and every IRQ as an awk reader of vgic-state sees them, and
# that SPI pending (edge) or its line high (level), and `vm its` must find
# the ITS by its base. Runs in
# the arm64 rig and on arm64 hosts with KVM (busybox sh). Exit 0 pass, 77
# skip, else fail. Under protected KVM the kernel writes the same files:
# see vmmctl-vm(8).
set -u
: "${VMMCTL:?}"
helper=${VMM_HELPER:-${BUILD:-}/tests/vmm-helper}
[ -x "$helper" ] || { echo "no test VMM helper built"; exit 77; }
. "$(dirname "$0")/tap.inc"
[ "$(uname -m)" = aarch64 ] || { echo "the vGIC is arm64's: this is $(uname -m)"; exit 77; }
kvm_usable || { echo "KVM is not usable here: $kvm_why"; exit 77; }
if ! grep -q '^[^ ]* /sys/kernel/debug debugfs ' /proc/mounts || [ ! -r /sys/kernel/debug/kvm ]; then
	echo "debugfs is not mounted at /sys/kernel/debug or kvm/ is not readable"
	exit 77
fi
live_scratch vgic
spi=40
live_start "$tmp/helper" vm 100 "$helper" --pages 4 --vgic --irq-line $spi --hold 60
case $line in
*markers=ok*) ok "the test VMM ran its guest with a vGICv3 and an ITS: $line" ;;
*) nok "test VMM: $(cat "$tmp/helper")"; exit 1 ;;
esac
id=$(printf '%s' "$line" | sed -n 's/.* debugfs=\([0-9]*-[0-9]*\) .*/\1/p')
dbg=/sys/kernel/debug/kvm/$id
check "KVM wrote $dbg/vgic-state" [ -r "$dbg/vgic-state" ]
check "KVM wrote $dbg/vgic-its-state@8080000, named by the ITS's base" \
	[ -r "$dbg/vgic-its-state@8080000" ]

"$VMMCTL" -j vm irqs "$id" >"$out" 2>"$err"
st=$?
check "vm irqs $id exits 0 ($(head -c 600 "$err"))" [ "$st" = 0 ]
check "vm irqs: GICv3, initialized, one vCPU" \
	grep -q '"model":"gicv3","nr_spis":[0-9]*,"nr_lpis":0,"enabled":[a-z]*,"initialized":true,"vcpus":1,' "$out"
# independent: the IRQ lines of the file, read with awk (type, intid, flags)
awk '/^       (SGI|PPI|SPI|LPI) / { print tolower($1) " " $2 " " $4 }' "$dbg/vgic-state" >"$tmp/want"
(tr -d '\n' <"$out"; echo) | sed 's/.*"irqs":\[//; s/},{/}\n{/g' |
	sed -n 's/^{"type":"\([a-z]*\)","intid":\([0-9]*\),.*"pending":\([a-z]*\),"line_level":\([a-z]*\),"active":\([a-z]*\),"enabled":\([a-z]*\),"hw":\([a-z]*\),"config":"\([a-z]*\)","group":\([01]\).*/\1 \2 \3\4\5\6\7\8\9/p' |
	sed 's/true/1/g; s/false/0/g; s/level\([01]\)$/1\1/; s/edge\([01]\)$/0\1/' >"$tmp/got"
nw=$(wc -l <"$tmp/want")
if [ "$nw" -gt 32 ] && cmp -s "$tmp/want" "$tmp/got"; then
	ok "vm irqs: the $nw IRQs and their 7 flags are the file's"
else
	nok "vm irqs vs the file: $(diff "$tmp/want" "$tmp/got" | head -n 10)"
fi
# KVM_IRQ_LINE level 1: an edge SPI (KVM's default) latches pending, a
# level one has its line high (vgic.c, vgic_validate_injection)
q=$(grep -o "{\"type\":\"spi\",\"intid\":$spi,[^}]*}" "$out")
case $q in
*'"pending":true'*'"config":"edge"'*) flag=pending key=pending ;;
*'"line_level":true'*'"config":"level"'*) flag=level key=line_level ;;
*) flag= key= ;;
esac
check "vm irqs: SPI $spi raised by KVM_IRQ_LINE shows ${key:-neither pending nor its line high}: $q" \
	[ -n "$flag" ]
"$VMMCTL" -j vm irqs "$id" --state "${flag:-level}" >"$out" 2>"$err"
check "vm irqs --state ${flag:-level}: SPI $spi and only IRQs with $key set" \
	sh -c "grep -q '\"intid\":$spi,' '$out' && ! grep -q '\"${key:-line_level}\":false' '$out'"
"$VMMCTL" -j vm irqs "$id" --type ppi --vcpu 0 >"$out" 2>"$err"
check "vm irqs --type ppi --vcpu 0: the 16 PPIs of vCPU 0" \
	[ "$(grep -o '"type":"ppi","intid":[0-9]*,"vcpu":0,' "$out" | wc -l)" = 16 ]
"$VMMCTL" vm irqs "$id" >"$out" 2>"$err"
check "vm irqs text: a header and a row per IRQ" \
	sh -c "grep -q '^TYPE  *INTID' '$out' && [ \$(grep -c '^[sp][gpl]i ' '$out') = $nw ]"

"$VMMCTL" -j vm its "$id" >"$out" 2>"$err"
st=$?
check "vm its $id exits 0 ($(head -c 600 "$err"))" [ "$st" = 0 ]
check "vm its: the ITS at 0x8080000, no device mapped (the guest never programs it)" \
	grep -q '"its":\[{"base":"0x8080000","path":"[^"]*","devices":\[\]}\]' "$out"
"$VMMCTL" -j vm its "$id" --base 0x9000000 >"$out" 2>"$err"
st=$?
check "vm its --base 0x9000000: exit 5, no ITS there" [ "$st" = 5 ]
[ $bad = 0 ]
