#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live: a real VMM under observation.  QEMU (Debian 13's arm64 build, which
# the arm64 rig carries under /opt/qemu with its own libraries) runs the
# rig's kernel as a KVM guest whose /init (tests/arm64/guest/qemu-guest.c)
# touches memory in rounds; vmmctl observes QEMU as an admin would, and
# every answer is compared with an independent read of the same facts
# (/proc, debugfs, QEMU's own command line).  Busybox sh.
# Exit 0 pass, 77 skip (reason on the last line), else fail.
set -u
: "${VMMCTL:?}"
. "$(dirname "$0")/tap.inc"
root=${QEMU_ROOT:-/opt/qemu}
[ -x "$root/usr/bin/qemu-system-aarch64" ] || { echo "no QEMU under $root (the arm64 rig carries one)"; exit 77; }
[ "$(uname -m)" = aarch64 ] || { echo "QEMU here runs arm64 guests with KVM: arm64 only"; exit 77; }
kvm_usable || { echo "KVM is not usable here: $kvm_why"; exit 77; }
if ! grep -q '^[^ ]* /sys/kernel/debug debugfs ' /proc/mounts; then
	echo "debugfs is not mounted at /sys/kernel/debug"
	exit 77
fi

# in_order A B C: integers with A <= B <= C
in_order() { [ "$1" -le "$2" ] 2>/dev/null && [ "$2" -le "$3" ]; }

live_scratch qemu
mounted=
qemu_cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	pid=
	for m in $mounted; do umount "$m" 2>/dev/null; done
	[ -n "${hp_old:-}" ] && echo "$hp_old" > /proc/sys/vm/nr_hugepages
	rm -rf "$tmp"
}
trap qemu_cleanup EXIT

# QEMU's root sees the host's /dev, /proc and /sys, and a hugetlbfs
mount -o bind /dev "$root/dev" && mounted="$root/dev $mounted"
mount -t proc proc "$root/proc" && mounted="$root/proc $mounted"
mount -o bind /sys "$root/sys" && mounted="$root/sys $mounted"
hp_old=$(cat /proc/sys/vm/nr_hugepages)
echo 40 > /proc/sys/vm/nr_hugepages
hugetlb=0
if mount -t hugetlbfs none "$root/hugepages" 2>/dev/null; then
	mounted="$root/hugepages $mounted"
	[ "$(cat /proc/sys/vm/nr_hugepages)" -ge 32 ] && hugetlb=1
fi
rm -f "$root/tmp/serial.in" "$root/tmp/serial.out"
mkfifo "$root/tmp/serial.in" "$root/tmp/serial.out"

# two NUMA nodes: 128 MiB of anonymous RAM (THP) and, when hugetlbfs has
# the pages, 64 MiB on 2 MiB hugetlb pages; 2 vCPUs; MTE when the CPU has
# it; an iommufd object (QEMU opens /dev/iommu only for a device using it)
smp=2
ram0=$((128 << 20)) ram1=$((64 << 20))
if [ "$hugetlb" = 1 ]; then
	mem="-m 192M -object memory-backend-ram,id=ram0,size=128M
	     -object memory-backend-file,id=ram1,size=64M,mem-path=/hugepages,prealloc=on
	     -numa node,nodeid=0,memdev=ram0 -numa node,nodeid=1,memdev=ram1"
else
	ram1=0
	mem="-m 128M -object memory-backend-ram,id=ram0,size=128M -numa node,nodeid=0,memdev=ram0"
fi
mte=off	# when KVM offers it (protected KVM hides it)
"$VMMCTL" -j host features | grep -q '"name":"arm_mte","available":true' && mte=on
# a PCI function bound to vfio-pci (the rig's edu, rig/60) is given to the
# guest through the iommufd object: QEMU then holds /dev/iommu
dev='' bdf=''
for d in /sys/bus/pci/drivers/vfio-pci/0000:*; do
	[ -d "$d/vfio-dev" ] || continue
	bdf=${d##*/}
	dev="-device vfio-pci,host=$bdf,iommufd=iommufd0"
	break
done
# shellcheck disable=SC2086 # $mem and $dev are lists of arguments
chroot "$root" /usr/bin/qemu-system-aarch64 -accel kvm -cpu host -M virt,gic-version=3,mte=$mte \
	-smp "$smp" $mem -object iommufd,id=iommufd0 $dev -nodefaults -nographic -no-reboot -nic none \
	-serial pipe:/tmp/serial -kernel /guest/Image -initrd /guest/initrd.gz \
	-append "console=ttyAMA0 rdinit=/init quiet -- 2 32" >"$tmp/qemu.out" 2>&1 &
pid=$!
cat "$root/tmp/serial.out" > "$tmp/serial" &
reader=$!

# wait_serial PATTERN TENTHS: until the guest's console has PATTERN
wait_serial() {
	_i=0
	while ! grep -q "$1" "$tmp/serial"; do
		if ! kill -0 "$pid" 2>/dev/null || [ "$_i" -ge "$2" ]; then
			return 1
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
}
t0=$(date +%s)
if ! wait_serial 'round 1 touched' 1200; then
	nok "the guest booted under QEMU: $(cat "$tmp/qemu.out"); console: $(tail -n 20 "$tmp/serial")"
	kill "$reader" 2>/dev/null
	exit 1
fi
ok "QEMU (pid $pid, MTE $mte) booted the guest in $(($(date +%s) - t0)) s: $(grep 'round 1' "$tmp/serial")"

# ---- vm list: QEMU's VM, and only it --------------------------------------
# independent: QEMU's fds (the VM's, its vCPUs') and its comm from /proc
vmfd='' vcpufds=0
for f in /proc/$pid/fd/*; do
	case $(readlink "$f") in
	anon_inode:kvm-vm) vmfd=${f##*/} ;;
	anon_inode:kvm-vcpu:[0-9]*) vcpufds=$((vcpufds + 1)) ;;
	esac
done
id=$pid-$vmfd comm=$(cat /proc/$pid/comm)
"$VMMCTL" -j vm list >"$tmp/list" 2>"$tmp/err"
st=$?
check "vm list exits 0 ($(cat "$tmp/err"))" [ "$st" = 0 ]
check "vm list has one VM, QEMU's ($(grep -o '"id":"[^"]*"' "$tmp/list" | tr '\n' ' '))" \
	[ "$(grep -o '{"id":"' "$tmp/list" | wc -l)" = 1 ]
entry=$(grep -o "{\"id\":\"$id\",.*" "$tmp/list")
want="{\"id\":\"$id\",\"pid\":$pid,\"tid\":$pid,\"comm\":\"$comm\",\"uid\":0,\"fd\":$vmfd,\"vcpus\":$smp,"
case $entry in "$want"*) ok "vm list: $want (comm, fd from /proc; vcpus = -smp $smp)" ;;
*) nok "vm list: $entry, want $want" ;; esac
check "QEMU holds one vCPU fd per -smp ($vcpufds)" [ "$vcpufds" = "$smp" ]
# memory: the hugetlb backend by its file (from maps), and anonymous memory:
# ram0 plus the virt machine's two 64 MiB flash banks (hw/arm/virt.c)
if [ "$ram1" != 0 ]; then
	hl=$(grep " $root/hugepages/" /proc/$pid/maps | head -n 1)
	hname=$(echo "$hl" | sed 's|.* \(/opt/[^ ]*\).*|\1|')
	r=${hl%% *}
	check "vm list: hugetlb $hname, $((ram1 >> 20)) MiB ($hl)" \
		grep -q "{\"kind\":\"hugetlb\",\"name\":\"$hname\",\"bytes\":$ram1,\"mappings\":1}" "$tmp/list"
	check "maps: that mapping is the backend's $((ram1 >> 20)) MiB" \
		[ $((0x${r#*-} - 0x${r%-*})) = "$ram1" ]
fi
# QEMU also keeps the -kernel file in a heap buffer, which maps cannot tell
# from RAM: counted when it reaches 32 MiB (Debian's Image does), to within
# the allocator's rounding
lo=$((ram0 + (128 << 20))) kimg=$(wc -c < "$root/guest/Image")
[ "$kimg" -ge $((32 << 20)) ] && lo=$((lo + kimg))
hi=$lo
[ "$kimg" -ge $((32 << 20)) ] && hi=$((lo + (1 << 20)))
got=$(grep -o '{"kind":"anon","bytes":[0-9]*' "$tmp/list" | sed 's/.*://')
check "vm list: anon $got bytes: ram0, two 64 MiB flash banks and a -kernel of 32 MiB or more ($kimg): $(grep -o '"memory":\[[^]]*\]' "$tmp/list")" \
	in_order "$lo" "${got:-x}" "$hi"

# ---- vm show and vm stats against debugfs -----------------------------------
dbg=/sys/kernel/debug/kvm/$id
check "KVM's debugfs directory $dbg exists" [ -d "$dbg" ]
before=$(cat "$dbg/exits")
"$VMMCTL" -j vm show "$id" >"$tmp/show" 2>"$tmp/err"
st=$?
check "vm show exits 0 ($(cat "$tmp/err"))" [ "$st" = 0 ]
after=$(cat "$dbg/exits")
v=$(grep -o '{"name":"exits","type":"cumulative","value":[0-9]*' "$tmp/show" | sed 's/.*://')
check "vm show: exits $v between two reads of $dbg/exits ($before, $after)" \
	in_order "$before" "${v:-x}" "$after"
check "vm show reads debugfs" grep -q '"stats_source":"debugfs"' "$tmp/show"
for f in halt_wakeup wfi_exit_stat mmio_exit_user; do
	check "vm show lists $f, a file of $dbg" \
		sh -c "[ -e '$dbg/$f' ] && grep -q '\"name\":\"$f\"' '$tmp/show'"
done
"$VMMCTL" -j vm stats "$id" --interval 1 --count 2 >"$tmp/stats" 2>"$tmp/err"
st=$?
check "vm stats --interval 1 --count 2 exits 0 ($(cat "$tmp/err"))" [ "$st" = 0 ]
deltas=$(grep -o '"name":"exits","type":"cumulative","value":[0-9]*,"delta":[0-9]*' "$tmp/stats" |
	sed 's/.*"delta"://' | tr '\n' ' ')
set -- $deltas
check "vm stats: two samples whose exits move while the guest runs ($deltas)" \
	sh -c '[ $# = 2 ] && [ "$1" -gt 0 ] && [ "$2" -gt 0 ]' - "$@"

# ---- vm irqs, vm its: QEMU's vGICv3 and its ITS ----------------------------------
# the booted guest enables its virtual timer's PPI 27 on every vCPU (Linux at
# EL1 leaves the physical timer's PPI 30 as the file shows it); virt puts its
# ITS at 0x8080000 (hw/arm/virt.c)
"$VMMCTL" -j vm irqs "$id" --type ppi >"$tmp/irqs" 2>"$tmp/err"
st=$?
check "vm irqs of QEMU's VM exits 0 ($(head -c 600 "$tmp/err"))" [ "$st" = 0 ]
for p in 27 30; do
	want=$(awk -v p=$p '$1 == "PPI" && $2 == p && substr($4, 4, 1) == "1"' "$dbg/vgic-state" | wc -l)
	got=$(grep -o "{\"type\":\"ppi\",\"intid\":$p,[^}]*\"enabled\":true" "$tmp/irqs" | wc -l)
	need=$smp
	[ $p = 30 ] && need=$want
	check "vm irqs: timer PPI $p enabled on $got of $smp vCPUs, as the file says ($want)" \
		sh -c "[ '$got' = '$want' ] && [ '$got' = '$need' ]"
done
"$VMMCTL" -j vm its "$id" >"$tmp/its" 2>"$tmp/err"
st=$?
check "vm its of QEMU's VM exits 0 and finds the ITS at 0x8080000 ($(head -c 600 "$tmp/err"))" \
	sh -c "[ $st = 0 ] && grep -q '\"base\":\"0x8080000\"' '$tmp/its'"

# ---- vm idregs: what KVM presents, against the guest's own read of MIDR_EL1 ----
"$VMMCTL" -j vm idregs "$id" >"$tmp/idregs" 2>"$tmp/err"
st=$?
gmidr=$(sed -n 's/.*qemu-guest: MIDR_EL1 \(0x[0-9a-f]*\).*/\1/p' "$tmp/serial" | head -n 1)
kmidr=$(grep -o '"name":"MIDR_EL1","encoding":"3,0,0,0,0","value":"0x[0-9a-f]*"' "$tmp/idregs" |
	sed 's/.*"value":"\(0x[0-9a-f]*\)"/\1/')
nregs=$(grep -o '"fields":\[' "$tmp/idregs" | wc -l)
nfile=$(wc -l < "$dbg/idregs")
check "vm idregs of QEMU's VM: all $nfile registers of its debugfs file ($(head -c 300 "$tmp/err"))" \
	sh -c "[ $st = 0 ] && [ '$nregs' -gt 0 ] && [ '$nregs' = '$nfile' ]"
check "vm idregs: MIDR_EL1 $kmidr, as the guest reads it ($gmidr)" \
	sh -c "[ -n '$gmidr' ] && [ '$kmidr' = '$gmidr' ]"

# ---- top: QEMU's VM, its count between two direct reads, and in tmux -------
before=$(cat "$dbg/exits")
"$VMMCTL" -j top --vm "$id" --interval 2 --count 1 >"$tmp/top" 2>"$tmp/err"
st=$?
after=$(cat "$dbg/exits")
check "top -j of QEMU's VM exits 0 ($(cat "$tmp/err"))" [ "$st" = 0 ]
check "top has QEMU's row, its comm and vCPUs" \
	grep -Eq "\\{\"id\":\"$id\",\"pid\":$pid,(\"tid\":[0-9]+,)?\"comm\":\"qemu-system-aar\",\"vcpus\":[1-9]" \
	"$tmp/top"
cnt=$(grep -o '"counts":{"exits":[0-9]*' "$tmp/top" | grep -o '[0-9]*$')
rate=$(grep -o '"rates":{"exits":[0-9.]*' "$tmp/top" | grep -o '[0-9.]*$')
ns=$(grep -o '"elapsed_ns":[0-9]*' "$tmp/top" | grep -o '[0-9]*$')
check "top: exits $cnt between two reads of $dbg/exits ($before, $after)" \
	in_order "$before" "${cnt:-x}" "$after"
check "top: $rate exits/s over its $ns ns, at most the $((after - before)) the reads saw" \
	awk -v r="${rate:-x}" -v ns="${ns:-0}" -v d=$((after - before)) \
	'BEGIN { exit !(r != "x" && r * ns / 1e9 <= d + 1) }'
if command -v tmux >/dev/null 2>&1; then
	export TMUX_TMPDIR=$tmp
	tmux -S "$tmp/tmux.sock" new-session -d -x 150 -y 30 -s top "TERM=xterm $VMMCTL top --interval 1"
	_i=0
	while ! tmux -S "$tmp/tmux.sock" capture-pane -p -t top | grep -q "^$id .*qemu-system-aar" &&
		[ "$_i" -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	tmux -S "$tmp/tmux.sock" capture-pane -p -t top > "$tmp/screen"
	check "top in tmux shows QEMU's VM" grep -q "^$id .*qemu-system-aar" "$tmp/screen"
	tmux -S "$tmp/tmux.sock" kill-server
else
	skip "top in tmux" "tmux is not installed"
fi

# ---- stage 2 of a running Linux guest ---------------------------------------
ram_end=$((0x40000000 + ram0 + ram1))
# in_ram FILE: every "start end" line of FILE lies in guest RAM or flash
in_ram() {
	while read -r a b; do
		if ! { [ $((a)) -ge $((0x40000000)) ] && [ $((b)) -le "$ram_end" ]; } &&
		   ! [ $((b)) -le $((0x8000000)) ]; then
			echo "outside RAM and flash: $a-$b"
			return 1
		fi
	done < "$1"
}
if [ -e "$dbg/stage2_page_tables" ] && s2_hidden "$dbg"; then
	s2_refused "$id"
	echo go > "$root/tmp/serial.in"
	check "the guest touched its second round" wait_serial 'round 2 touched' 600
elif [ -e "$dbg/stage2_page_tables" ]; then
	cp "$dbg/stage2_page_tables" "$tmp/s2.raw"
	awk '/^0x/ && NF > 3 { split($1, r, "-"); print r[1], r[2], $3, $NF }' "$tmp/s2.raw" > "$tmp/raw.mapped"
	"$VMMCTL" -j stage2 summary "$id" >"$tmp/sum" 2>"$tmp/err"
	st=$?
	check "stage2 summary exits 0 ($(cat "$tmp/err"))" [ "$st" = 0 ]
	"$VMMCTL" stage2 summary "$id"
	"$VMMCTL" -j stage2 show "$id" --mapped >"$tmp/s2.json"
	sed 's/},{/}\n{/g' "$tmp/s2.json" | sed -n 's/.*"ipa_start":"\([^"]*\)","ipa_end":"\([^"]*\)".*/\1 \2/p' \
		> "$tmp/show.mapped"
	while read -r a b _; do printf '0x%x 0x%x\n' "$((a))" "$((b))"; done < "$tmp/raw.mapped" > "$tmp/raw.pairs"
	check "stage2 show --mapped: the ranges of the kernel's file ($(wc -l < "$tmp/raw.pairs"))" \
		cmp -s "$tmp/raw.pairs" "$tmp/show.mapped"
	check "every mapped range is guest RAM (0x40000000+$(((ram0 + ram1) >> 20))M) or flash" in_ram "$tmp/show.mapped"
	mapped=$(sed -n 's/.*"mapped_bytes":\([0-9]*\).*/\1/p' "$tmp/sum")
	blocks=$(sed -n 's/.*"block_bytes":\([0-9]*\).*/\1/p' "$tmp/sum")
	check "mapped $mapped bytes, within the guest's RAM size" in_order 1 "${mapped:-x}" $((ram0 + ram1))
	check "THP-backed RAM is mapped in 2 MiB blocks ($blocks bytes)" [ "$blocks" -gt 0 ]
	first=$(head -n 1 "$tmp/show.mapped")
	check "the lowest mapped RAM is at QEMU's virt base or above ($first)" [ $((${first%% *})) -ge $((0x40000000)) ]
	if [ "$ram1" != 0 ]; then
		# the hugetlb node: what is mapped there is 2 MiB blocks
		blocks_only() {
			while read -r a _ _ last; do
				[ $((a)) -ge $((0x40000000 + ram0)) ] && [ "$last" != BLK ] && return 1
			done < "$tmp/raw.mapped"
			return 0
		}
		check "the hugetlb node (0x$(printf %x $((0x40000000 + ram0))) up) is mapped in blocks only" \
			blocks_only
	fi

	# save, let the guest touch 32 MiB more, diff: new mappings, in RAM
	"$VMMCTL" stage2 save "$id" -o "$tmp/round1.s2" >/dev/null
	st=$?
	check "stage2 save exits 0" [ "$st" = 0 ]
	echo go > "$root/tmp/serial.in"
	check "the guest touched its second round" wait_serial 'round 2 touched' 600
	"$VMMCTL" -j stage2 diff "$tmp/round1.s2" "$id" >"$tmp/diff" 2>"$tmp/err"
	st=$?
	check "stage2 diff exits 0 ($(cat "$tmp/err"))" [ "$st" = 0 ]
	new=$(sed -n 's/.*"mapped_bytes":\([0-9]*\).*/\1/p' "$tmp/diff")
	check "stage2 diff: $new bytes newly mapped" [ "${new:-0}" -gt 0 ]
	sed 's/},{/}\n{/g' "$tmp/diff" | grep '"change":"mapped"' |
		sed -n 's/.*"ipa_start":"\([^"]*\)","ipa_end":"\([^"]*\)".*/\1 \2/p' > "$tmp/diff.mapped"
	check "the new mappings are guest RAM" in_ram "$tmp/diff.mapped"
else
	skip "stage2 of QEMU's guest" "kernel without CONFIG_PTDUMP_STAGE2_DEBUGFS (no stage2_page_tables)"
	echo go > "$root/tmp/serial.in"
	check "the guest touched its second round" wait_serial 'round 2 touched' 600
fi

# ---- iommufd: QEMU opens /dev/iommu for the device that uses the object -------
held=''
for f in /proc/$pid/fd/*; do
	case $(readlink "$f") in */dev/iommu) held="$held ${f##*/}" ;; esac
done
echo "QEMU's /dev/iommu fds:$held (links: $(for f in $held; do readlink /proc/$pid/fd/$f; done))"
"$VMMCTL" -j iommufd list >"$tmp/iommufd" 2>"$tmp/err"
st=$?
check "iommufd list exits 0 ($(cat "$tmp/err"))" [ "$st" = 0 ]
cat "$tmp/iommufd"; echo
if [ -z "$bdf" ]; then
	check "iommufd list: no holder, as /proc/$pid/fd says (no device uses the iommufd object)" \
		grep -qx '\[\]' "$tmp/iommufd"
else
	check "QEMU holds /dev/iommu for $bdf" [ -n "$held" ]
	check "iommufd list: QEMU's /dev/iommu fd ($held)" \
		grep -q "{\"pid\":$pid,\"fd\":${held# }," "$tmp/iommufd"
	"$VMMCTL" -j iommufd show --pid "$pid" >"$tmp/ishow" 2>"$tmp/err"
	st=$?
	check "iommufd show --pid $pid without --force exits 0 ($(cat "$tmp/err"))" [ "$st" = 0 ]
	cat "$tmp/ishow"; echo
	# independent: the SMMU drives the function (hw_info_type 2: ARM SMMUv3),
	# and the IOAS allows every IOVA but the group's reserved regions
	iommu=$(readlink "/sys/bus/pci/devices/$bdf/iommu")
	check "iommufd show: QEMU's device, an SMMUv3's ($iommu)" \
		sh -c "case '$iommu' in *smmuv3*) grep -q '\"devices\":\[{\"id\":[0-9]*,\"hw_info_type\":\"0x2\"}\]' '$tmp/ishow' ;; *) false ;; esac"
	grp=$(readlink "/sys/bus/pci/devices/$bdf/iommu_group")
	want='' prev=-1
	while read -r a b kind; do
		want="$want$([ "$prev" = -1 ] && echo "0x0" || printf '0x%x' "$((prev + 1))")-$(printf '0x%x' "$((a - 1))") "
		prev=$((b))
	done < "/sys/kernel/iommu_groups/${grp##*/}/reserved_regions"
	got=$(grep -o '"ranges":\[[^]]*\]' "$tmp/ishow" | head -n 1 | grep -o '"start":"[^"]*","last":"[^"]*"' |
		sed 's/"start":"\([^"]*\)","last":"\([^"]*\)"/\1-\2/' | tr '\n' ' ')
	echo "reserved: $(cat "/sys/kernel/iommu_groups/${grp##*/}/reserved_regions" | tr '\n' ';')"
	check "iommufd show: the IOAS's first ranges stop at the group's reserved regions ($got)" \
		sh -c "case '$got' in '$want'*) true ;; *) false ;; esac"
fi

# ---- mte maps: QEMU's PROT_MTE mappings, against smaps' "mt" flag -------------
"$VMMCTL" -j mte maps --pid "$pid" >"$tmp/mte" 2>"$tmp/err"
st=$?
check "mte maps --pid exits 0 ($(cat "$tmp/err"))" [ "$st" = 0 ]
cat "$tmp/mte"; echo
mt=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { r = $1 } /^VmFlags:.* mt( |$)/ { print r }' /proc/$pid/smaps | sort)
got=$(grep -o '"start":"[^"]*","end":"[^"]*"' "$tmp/mte" | sed 's/"start":"0x\([^"]*\)","end":"0x\([^"]*\)"/\1-\2/' | sort)
echo "smaps mt: $mt"
check "mte maps --pid: the PROT_MTE mappings smaps flags ($(echo "$mt" | wc -w), MTE $mte)" \
	[ "$(echo $mt)" = "$(echo $got)" ]

kill "$reader" 2>/dev/null
[ "$bad" = 0 ]
