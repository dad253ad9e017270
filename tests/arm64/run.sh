#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The arm64 real-kernel rig: boot an arm64 kernel under QEMU (TCG, EL2, MTE)
# with an initramfs holding busybox, vmmctl, the rig's checks and the
# project's live tests (tests/live/*.sh); report their TAP results and exit
# with the guest's status.  Everything downloaded or built is cached under
# ${VMMCTL_CACHE:-$HOME/.cache/vmmctl}/rig; a second run fetches and builds
# nothing but vmmctl and the test programs.
#
# Environment:
#   RIG_KERNEL=auto|custom|debian  custom: Linux 7.3 from Debian's linux-source
#                 built with kernel-fragment.config; debian: Debian's prebuilt
#                 arm64 kernel from sid; auto (default): custom if cached,
#                 else debian
#   RIG_QEMU=trixie|bookworm  QEMU 10 (default) or Debian 12's QEMU 7.2, which
#                 corrupts MTE tags (to demonstrate it)
#   RIG_MODES="vhe nvhe protected nested"  boot once per KVM mode (kvm-arm.mode=; vhe is the
#                 default boot without it); each boot runs every test that
#                 does not name other modes (init.sh)
#   RIG_ONLY="rig/4* live/stage2"  run only these tests (shell patterns)
#   RIG_INJECT_FAIL=1   add a guest test that always fails
#   RIG_TIMEOUT=900     seconds before the boot is declared hung
#   RIG_TEST_TIMEOUT=300  seconds per guest test
#   RIG_NO_VMMCTL=1     do not build vmmctl
#   RIG_BENCH=1         the benchmarks (41, 52) at full size with their
#                 figures, instead of their smoke (make bench-arm64)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=${TOP:-$(cd "$here/../.." && pwd)}
export VMMCTL_CACHE=${VMMCTL_CACHE:-$HOME/.cache/vmmctl}
cache=$VMMCTL_CACHE/rig
export RIG_APT_STATE=$cache/apt RIG_SYSROOT=$cache/sysroot
debs=$cache/debs
kernel_choice=${RIG_KERNEL:-auto}
qemu_suite=${RIG_QEMU:-trixie}
cross=aarch64-linux-gnu-

log() { echo "rig: $*" >&2; }
die() { log "error: $*"; exit 1; }

# timed NAME COMMAND...: run and report the wall time
timed() {
	name=$1
	shift
	t0=$(date +%s)
	"$@"
	log "$name: $(($(date +%s) - t0)) s"
}

# Host tools from the machine's own suite (Debian 12).  Arguments are
# COMMAND:PACKAGE or /FILE:PACKAGE pairs on top of the basic set; this is the
# one list of the rig's host packages.  The cross compiler only recommends
# its C library, and recommends are not installed.
host_tools() {
	missing=
	for pair in ${cross}gcc:gcc-aarch64-linux-gnu \
		/usr/aarch64-linux-gnu/include/bits/wordsize.h:libc6-dev-arm64-cross \
		debootstrap:debootstrap cpio:cpio pkg-config:pkg-config make:make xz:xz-utils \
		"$@"; do
		case $pair in
		/*) [ -e "${pair%%:*}" ] ;;
		*) command -v "${pair%%:*}" >/dev/null ;;
		esac || missing="$missing ${pair#*:}"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || die "missing host packages:$missing"
	log "installing host packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; }
}

# get GROUP PKG...: download once into $debs/GROUP (with fresh package
# lists if the cached ones name files the mirror no longer has)
get() {
	group=$1
	shift
	[ -f "$debs/$group/.done" ] && return 0
	rm -rf "$debs/$group"
	"$here/debian-get.sh" "$debs/$group" "$@" ||
		RIG_APT_REFRESH=1 "$here/debian-get.sh" "$debs/$group" "$@"
	touch "$debs/$group/.done"
}

# Debian 12 (bookworm) arm64 builds of what vmmctl links against: the same
# versions as the host's -dev packages and the cross toolchain's glibc 2.36.
sysroot_pkgs="libc6 libjson-c5 libjson-c-dev libreadline8 libreadline-dev libtinfo6
	libncurses-dev libncurses6 libncursesw6 libpci3 libpci-dev libudev1 libudev-dev zlib1g
	zlib1g-dev libcbor0.8 libcbor-dev libssl3 libssl-dev"

# The sysroot is as good as its package list: .done holds the list it was made of.
sysroot() {
	[ "$(cat "$RIG_SYSROOT/.done" 2>/dev/null)" = "$(echo $sysroot_pkgs)" ] && return 0
	rm -f "$debs/sysroot/.done"
	set --
	for p in $sysroot_pkgs; do
		set -- "$@" "$p:arm64/bookworm"
	done
	get sysroot "$@"
	rm -rf "$RIG_SYSROOT"
	mkdir -p "$RIG_SYSROOT/usr/lib"
	for d in "$debs"/sysroot/*.deb; do
		dpkg-deb -x "$d" "$RIG_SYSROOT"
	done
	# Merge /lib into /usr/lib and make absolute symlinks point inside.
	if [ -d "$RIG_SYSROOT/lib" ] && [ ! -L "$RIG_SYSROOT/lib" ]; then
		cp -a "$RIG_SYSROOT/lib/." "$RIG_SYSROOT/usr/lib/"
		rm -rf "$RIG_SYSROOT/lib"
		ln -s usr/lib "$RIG_SYSROOT/lib"
	fi
	find "$RIG_SYSROOT/usr" -type l | while read -r l; do
		t=$(readlink "$l")
		case $t in /*) ln -sf "$RIG_SYSROOT$t" "$l" ;; esac
	done
	echo $sysroot_pkgs >"$RIG_SYSROOT/.done"
}

busybox() {
	get busybox busybox-static:arm64/trixie
	[ -x "$cache/busybox/busybox" ] && return 0
	rm -rf "$cache/busybox"
	mkdir -p "$cache/busybox"
	dpkg-deb -x "$debs"/busybox/busybox-static_*.deb "$cache/busybox/x"
	mv "$cache/busybox/x/usr/bin/busybox" "$cache/busybox/busybox"
	rm -rf "$cache/busybox/x"
}

custom_kernel_cached() {
	[ -f "$cache/kernel-7.3/Image" ] &&
		[ "$(cat "$cache/kernel-7.3/key" 2>/dev/null)" = "$("$here/build-kernel.sh" --key)" ]
}

custom_kernel() {
	custom_kernel_cached && return 0
	host_tools bison:bison flex:flex bc:bc \
		/usr/include/openssl/ssl.h:libssl-dev /usr/include/gelf.h:libelf-dev
	get linux-source linux-source-7.3/trixie-backports
	log "building Linux 7.3 (allnoconfig + kernel-fragment.config) and the test modules"
	"$here/build-kernel.sh" "$debs"/linux-source/linux-source-7.3_*.deb "$cache/kernel-7.3"
}

# Debian's current arm64 kernel in sid: linux-image-arm64 names the flavour
# package, whose image lives in linux-binary-<version>-arm64.
debian_kernel() {
	[ -f "$cache/kernel-debian/Image" ] && return 0
	if [ ! -f "$debs/linux-debian/.done" ]; then
		img=$("$here/debian-get.sh" --apt-cache show linux-image-arm64:arm64/sid |
			sed -n 's/^Depends:.*\(linux-image-[^ ,]*-arm64\) .*/\1/p' | head -n 1)
		[ -n "$img" ] || die "cannot resolve linux-image-arm64 in sid"
		get linux-debian "$(echo "$img" | sed 's/^linux-image-/linux-binary-/'):arm64/sid"
	fi
	rm -rf "$cache/kernel-debian"
	mkdir -p "$cache/kernel-debian/x"
	dpkg-deb -x "$debs"/linux-debian/linux-binary-*.deb "$cache/kernel-debian/x"
	vmlinuz=$(find "$cache/kernel-debian/x" -name vmlinuz -o -name 'vmlinuz-*' | head -n 1)
	[ -n "$vmlinuz" ] || die "no vmlinuz in $(ls "$debs"/linux-debian)"
	cp "$vmlinuz" "$cache/kernel-debian/Image"
	rm -rf "$cache/kernel-debian/x"
}

kernel() {
	case $kernel_choice in
	auto) if custom_kernel_cached; then kernel_choice=custom; else kernel_choice=debian; fi ;;
	custom|debian) ;;
	*) die "RIG_KERNEL must be auto, custom or debian" ;;
	esac
	timed "kernel ($kernel_choice)" "${kernel_choice}_kernel"
	if [ "$kernel_choice" = custom ]; then
		image=$cache/kernel-7.3/Image
	else
		image=$cache/kernel-debian/Image
	fi
}

qemu() {
	case $qemu_suite in trixie|bookworm) ;; *) die "RIG_QEMU must be trixie or bookworm" ;; esac
	chroot_dir=$cache/chroot
	[ "$qemu_suite" = trixie ] || chroot_dir=$cache/chroot-$qemu_suite
	"$here/qemu-chroot.sh" "$chroot_dir" "$qemu_suite"
}

vmmctl() {
	vmmctl_bin=
	if [ "${RIG_NO_VMMCTL:-0}" = 1 ]; then
		log "vmmctl: not built (RIG_NO_VMMCTL=1)"
		return 0
	fi
	if [ ! -f "$top/GNUmakefile" ]; then
		log "vmmctl: skipped, $top/GNUmakefile does not exist yet"
		return 0
	fi
	# dependency files name absolute sources: another checkout's are stale here
	if [ "$(cat "$cache/build-arm64/.top" 2>/dev/null)" != "$top" ]; then
		rm -rf "$cache/build-arm64"
		mkdir -p "$cache/build-arm64"
		printf '%s\n' "$top" >"$cache/build-arm64/.top"
	fi
	make -s -C "$top" BUILD="$cache/build-arm64" CC=${cross}gcc \
		PKG_CONFIG="$here/pkg-config-arm64.sh" "$cache/build-arm64/vmmctl"
	vmmctl_bin=$cache/build-arm64/vmmctl
}

guest_programs() {
	bin=$cache/guest-bin
	rm -rf "$bin"
	mkdir -p "$bin"
	# every test program is one self-contained file, linked statically
	# (an LD_PRELOAD shim is no program; the rig's busybox loads none)
	for src in "$here"/guest/*.c "$top"/tests/helpers/*.c; do
		case $src in *-shim.c) continue ;; esac
		${cross}gcc -static -O2 -Wall -Wextra -Werror -o "$bin/$(basename "$src" .c)" "$src"
	done
}

# copy_libs ELF ROOTFS [DIR]: the shared libraries ELF needs, from DIR's
# lib directories first (pciutils'), then the sysroot
copy_libs() {
	${cross}readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | while read -r lib; do
		[ -e "$2/lib/aarch64-linux-gnu/$lib" ] && continue
		src=$RIG_SYSROOT/usr/lib/aarch64-linux-gnu/$lib
		for d in ${3:+"$3/usr/lib/aarch64-linux-gnu" "$3/lib/aarch64-linux-gnu"}; do
			[ -e "$d/$lib" ] && { src=$d/$lib; break; }
		done
		[ -e "$src" ] || die "$lib (needed by $(basename "$1")) is not in the sysroot"
		cp -L "$src" "$2/lib/aarch64-linux-gnu/$lib"
		copy_libs "$src" "$2" ${3:+"$3"}
	done
}

# A real lspci for tests/live/pci.sh, which compares `pci list` with
# `lspci -mm -nn` (busybox's applet has no -nn): bookworm's pciutils, the
# libraries only it needs and the ID database, unpacked apart from the sysroot.
pciutils() {
	[ -f "$cache/pciutils/.done" ] && return 0
	get pciutils pciutils:arm64/bookworm pci.ids/bookworm libkmod2:arm64/bookworm \
		liblzma5:arm64/bookworm libssl3:arm64/bookworm libzstd1:arm64/bookworm
	rm -rf "$cache/pciutils"
	mkdir -p "$cache/pciutils"
	for d in "$debs"/pciutils/*.deb; do
		dpkg-deb -x "$d" "$cache/pciutils"
	done
	touch "$cache/pciutils/.done"
}

# tmux for tests/live/top.sh, which drives `vmmctl top` in a real terminal:
# bookworm's tmux, the libraries only it needs, the terminal descriptions of
# ncurses-base and the C.UTF-8 locale of libc-bin (tmux refuses to start
# without a UTF-8 one), unpacked apart from the sysroot.
tmux_pkgs="tmux:arm64/bookworm libevent-core-2.1-7:arm64/bookworm libutempter0:arm64/bookworm
	ncurses-base/bookworm libc-bin:arm64/bookworm"
tmux_arm64() {
	[ "$(cat "$cache/tmux/.done" 2>/dev/null)" = "$(echo $tmux_pkgs)" ] && return 0
	rm -f "$debs/tmux/.done"
	# shellcheck disable=SC2086 # a list of packages
	get tmux $tmux_pkgs
	rm -rf "$cache/tmux"
	mkdir -p "$cache/tmux"
	for d in "$debs"/tmux/*.deb; do
		dpkg-deb -x "$d" "$cache/tmux"
	done
	echo $tmux_pkgs >"$cache/tmux/.done"
}

# QEMU for tests/live/qemu.sh: Debian 13's arm64 qemu-system-aarch64 (the
# package's dependency closure in trixie, downloaded once) with only the
# libraries it loads and its own glibc and loader.  Debian 13's binaries
# need a newer glibc than the bookworm sysroot, so they stay apart: a root
# of their own, /opt/qemu in the initramfs, which the test chroots into.
qemu_arm64() {
	q=$cache/qemu-arm64
	[ -f "$q/.done" ] && return 0
	if [ ! -f "$debs/qemu-arm64/.done" ]; then
		pkgs=$("$here/debian-get.sh" --apt-cache -o APT::Default-Release=trixie depends \
			--recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
			--no-replaces --no-enhances qemu-system-arm:arm64 |
			grep -E '^[a-z0-9][^ ]*:arm64$' | sort -u | sed 's|$|/trixie|')
		[ -n "$pkgs" ] || die "cannot resolve qemu-system-arm:arm64 in trixie"
		# shellcheck disable=SC2086 # a list of packages
		get qemu-arm64 $pkgs
	fi
	rm -rf "$q"
	mkdir -p "$q/x" "$q/root/usr/bin" "$q/root/lib/aarch64-linux-gnu"
	for d in "$debs"/qemu-arm64/*.deb; do
		dpkg-deb -x "$d" "$q/x"
	done
	cp "$q/x/usr/bin/qemu-system-aarch64" "$q/root/usr/bin/"
	cp -L "$q/x/usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" "$q/root/lib/"
	copy_libs "$q/root/usr/bin/qemu-system-aarch64" "$q/root" "$q/x"
	for l in "$q"/root/lib/aarch64-linux-gnu/*; do	# all from Debian 13, none from the sysroot
		[ -e "$q/x/usr/lib/aarch64-linux-gnu/${l##*/}" ] ||
			[ -e "$q/x/lib/aarch64-linux-gnu/${l##*/}" ] || die "${l##*/} is not in Debian 13's closure"
	done
	rm -rf "$q/x"
	touch "$q/.done"
}

# Evidence for the attestation tests, made on the host: the signing keys, then
# one report of each kind (Arm CCA token, AMD SEV-SNP report with its
# certificate table, Intel TDX quote) over one fixed nonce, each with the
# values a verifier must find in it (*.json).  vmm_tsm_report_test hands a
# report to the kernel's configfs-tsm core.  Made afresh by
# tests/helpers/attest-gen.py when that generator exists, into $cache/attest,
# which rootfs() packs as /rig/attest; without it there is no such directory.
attest_evidence() {
	a=$cache/attest
	gen=$top/tests/helpers/attest-gen.py
	rm -rf "$a"
	if [ ! -f "$gen" ]; then
		log "attest: no tests/helpers/attest-gen.py, no evidence packed"
		return 0
	fi
	# Debian's interpreter, the one its python3-* packages are for (another
	# python3 earlier in PATH need not have them)
	py=/usr/bin/python3
	host_tools "$py:python3" /usr/lib/python3/dist-packages/cbor2:python3-cbor2 \
		/usr/lib/python3/dist-packages/cryptography:python3-cryptography
	mkdir -p "$a"
	# 64 bytes, the largest inblob configfs-tsm takes
	nonce=$(printf 'vmmctl arm64 rig attestation nonce' | sha512sum | cut -d' ' -f1)
	echo "$nonce" > "$a/nonce"
	"$py" "$gen" keys "$a/keys"
	"$py" "$gen" cca --keys "$a/keys" --nonce "$nonce" --out "$a/cca.bin" --expect "$a/cca.json"
	"$py" "$gen" snp --keys "$a/keys" --nonce "$nonce" --out "$a/snp.bin" --expect "$a/snp.json" \
		--aux "$a/snp.aux"
	"$py" "$gen" tdx --keys "$a/keys" --nonce "$nonce" --out "$a/tdx.bin" --expect "$a/tdx.json"
}

rootfs() {
	r=$cache/rootfs
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/etc" "$r/rig/bin" "$r/rig/checks" "$r/live" "$r/usr/bin" \
		"$r/lib/aarch64-linux-gnu" "$r/root"
	cp "$cache/busybox/busybox" "$r/bin/busybox"
	cp "$here/init.sh" "$r/init"
	cp "$here"/checks/*.sh "$here"/checks/*.inc "$r/rig/checks/"
	cp "$cache"/guest-bin/* "$r/rig/bin/"
	# the rig's own modules and the in-tree ones it loads (build-kernel.sh)
	if [ "$kernel_choice" = custom ] && [ -d "$cache/kernel-7.3/modules" ]; then
		mkdir -p "$r/rig/modules"
		cp "$cache"/kernel-7.3/modules/*.ko "$r/rig/modules/"
	fi
	if [ -d "$cache/attest" ]; then
		cp -r "$cache/attest" "$r/rig/attest"
	fi
	for t in "$top"/tests/live/*.sh "$top"/tests/live/*.inc; do
		[ -f "$t" ] && cp -p "$t" "$r/live/"
	done
	if [ -n "$vmmctl_bin" ]; then
		cp "$vmmctl_bin" "$r/usr/bin/vmmctl"
		if ${cross}readelf -l "$vmmctl_bin" | grep -q 'program interpreter'; then
			cp -L "$RIG_SYSROOT/usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" "$r/lib/"
			copy_libs "$vmmctl_bin" "$r"
			# libpci (pci, tsm), readline (the shell), ncurses (top),
			# libcbor and libcrypto (attest, mr, snapshot) are dlopen()ed
			# when first needed, so they are not among the NEEDED
			for lp in libpci.so.3 libreadline.so.8 libncursesw.so.6 libcbor.so.0.8 \
				libcrypto.so.3; do
				lp=$RIG_SYSROOT/usr/lib/aarch64-linux-gnu/$lp
				cp -L "$lp" "$r/lib/aarch64-linux-gnu/"
				copy_libs "$lp" "$r"
			done
		fi
	fi
	p=$cache/pciutils
	if [ -x "$p/usr/bin/lspci" ]; then	# first in PATH, before busybox's applet
		mkdir -p "$r/usr/local/bin" "$r/usr/share/misc"
		cp "$p/usr/bin/lspci" "$r/usr/local/bin/lspci"
		cp -L "$p/usr/share/misc/pci.ids" "$r/usr/share/misc/pci.ids"
		[ -e "$r/lib/ld-linux-aarch64.so.1" ] ||
			cp -L "$RIG_SYSROOT/usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" "$r/lib/"
		copy_libs "$p/usr/bin/lspci" "$r" "$p"
	fi
	p=$cache/tmux
	if [ -x "$p/usr/bin/tmux" ]; then
		cp "$p/usr/bin/tmux" "$r/usr/bin/tmux"
		[ -e "$r/lib/ld-linux-aarch64.so.1" ] ||
			cp -L "$RIG_SYSROOT/usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" "$r/lib/"
		copy_libs "$p/usr/bin/tmux" "$r" "$p"
		mkdir -p "$r/usr/share" "$r/usr/lib/locale"
		cp -a "$p/lib/terminfo" "$r/usr/share/terminfo"
		cp -a "$p/usr/lib/locale/C.utf8" "$r/usr/lib/locale/"
	fi
	if [ -f "$cache/qemu-arm64/.done" ]; then
		# QEMU's own root, the guest's kernel (the rig's) and its initramfs
		mkdir -p "$r/opt"
		cp -a "$cache/qemu-arm64/root" "$r/opt/qemu"
		mkdir -p "$r/opt/qemu/guest" "$r/opt/qemu/dev" "$r/opt/qemu/proc" "$r/opt/qemu/sys" \
			"$r/opt/qemu/tmp" "$r/opt/qemu/hugepages" "$cache/qemu-guest"
		cp "$image" "$r/opt/qemu/guest/Image"
		cp "$cache/guest-bin/qemu-guest" "$cache/qemu-guest/init"
		(cd "$cache/qemu-guest" && echo init | cpio -o -H newc 2>/dev/null | gzip -1) \
			> "$r/opt/qemu/guest/initrd.gz"
	fi
	cat > "$r/etc/rig.conf" <<-EOF
	RIG_KERNEL=$kernel_choice
	RIG_ONLY="${RIG_ONLY:-}"
	RIG_INJECT_FAIL=${RIG_INJECT_FAIL:-0}
	RIG_TEST_TIMEOUT=${RIG_TEST_TIMEOUT:-300}
	RIG_REFRESH_SNAPSHOT=${RIG_REFRESH_SNAPSHOT:-0}
	RIG_BENCH=${RIG_BENCH:-0}
	RIG_DATE="$(date -u '+%Y-%m-%d %H:%M:%S')"
	EOF
	mkdir -p "$chroot_dir/rig"
	cp "$image" "$chroot_dir/rig/Image"
	(cd "$r" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$chroot_dir/rig/initrd.gz"
}

# boot MODE: one boot in that KVM mode, its console in $console
boot() {
	console=$cache/console-$1.log
	mode_arg=
	[ "$1" = vhe ] || mode_arg=" kvm-arm.mode=$1"
	log "booting in KVM mode $1 ($kernel_choice kernel, QEMU from $qemu_suite), console: $console"
	set +e
	# an emulated SMMUv3 with both stages (nested HWPTs, vIOMMU) in front of
	# the PCI functions, and QEMU's edu device: no guest driver claims it,
	# so the rig binds it to vfio-pci for tests/live/vfio.sh
	timeout "${RIG_TIMEOUT:-900}" chroot "$chroot_dir" qemu-system-aarch64 \
		-M virt,virtualization=on,mte=on,gic-version=3,iommu=smmuv3 \
		-global arm-smmuv3.stage=nested -device edu \
		-cpu max -smp 2 -m 2048 \
		-nographic -no-reboot -nic none \
		-kernel /rig/Image -initrd /rig/initrd.gz \
		-append "console=ttyAMA0 rdinit=/init panic=-1 quiet$mode_arg" \
		< /dev/null > "$console.raw" 2>&1
	qemu_rc=$?
	set -e
	tr -d '\r' < "$console.raw" > "$console"
}

# report MODE: the guest's TAP lines; the console turned into an exit status
report() {
	echo "# KVM mode $1"
	sed '/^# RIG-FILE-BEGIN /,/^# RIG-FILE-END/d' "$console" |
		grep -E '^(ok|not ok) [0-9]|^# |^1\.\.[0-9]|^[0-9]+ passed, [0-9]+ failed|^RIG-EXIT:' || true
	status=$(sed -n 's/^RIG-EXIT: \([0-9][0-9]*\)$/\1/p' "$console" | tail -n 1)
	problem=
	if grep -q 'Kernel panic' "$console"; then
		problem="kernel panic"
	elif [ -z "$status" ] || ! grep -qE '^[0-9]+ passed, [0-9]+ failed' "$console"; then
		problem="no result marker"
		[ "$qemu_rc" = 124 ] && problem="timeout after ${RIG_TIMEOUT:-900} s"
	fi
	if [ -n "$problem" ]; then
		log "FAILED: $problem; last console lines:"
		tail -n 40 "$console" >&2
		return 1
	fi
	if [ "$status" = 0 ]; then
		log "PASSED in KVM mode $1"
	else
		log "FAILED in KVM mode $1 (guest status $status):"
		grep '^not ok' "$console" >&2 || true
	fi
	return "$status"
}

# test_times MODE: each test's time in this boot, from init.sh's rig-time lines
test_times() {
	sed -n 's/^# rig-time \([^ ]*\) \([0-9.]*\)$/\1 \2/p' "$console" |
		awk -v m="$1" '{ t = t sprintf(" %s %ss", $1, $2); s += $2 }
			END { if (NR) printf "rig: test times [%s], %.1f s in all:%s\n", m, s, t }' >&2
}

# guest_files MODE: the files the guest printed between "# RIG-FILE-BEGIN NAME"
# and "# RIG-FILE-END" (base64), into $cache/files-MODE/NAME
guest_files() {
	files=$cache/files-$1
	rm -rf "$files"
	mkdir -p "$files"
	awk -v dir="$files" '
	/^# RIG-FILE-BEGIN / { name = $3; next }
	/^# RIG-FILE-END/    { name = ""; next }
	name != ""           { sub(/^# /, ""); print > (dir "/" name ".b64") }
	' "$console"
	for f in "$files"/*.b64; do
		[ -f "$f" ] || continue
		base64 -d < "$f" > "${f%.b64}" && rm -f "$f"
	done
}

# host_checks MODE: what tests/live/tsm.sh printed, checked here: the
# guest's `pci show -j` of each emulated TSM function against
# tests/cli/pci_reader.py, an independent decoder, reading the same
# function's config space; the kernel's TSM layout against the fixture trees
host_checks() {
	bad=0
	if [ -f "$files/tsm-layout" ]; then
		if python3 "$here/tsm-layout.py" "$top/tests/fixtures/tsm" "$files/tsm-layout" \
			> "$files/tsm-layout.out" 2>&1; then
			echo "ok - host/tsm-layout [$1]"
		else
			echo "not ok - host/tsm-layout [$1]"
			bad=1
		fi
		sed 's/^/# /' "$files/tsm-layout.out"
	fi
	for cfg in "$files"/tsm-*.config; do
		[ -f "$cfg" ] || continue
		name=${cfg##*/tsm-}
		name=${name%.config}
		if python3 "$top/tests/cli/pci_reader.py" "$cfg" "${cfg%.config}.show" \
			> "$files/$name.decode" 2>&1; then
			echo "ok - host/pci-decode $name [$1]"
		else
			echo "not ok - host/pci-decode $name [$1]"
			sed 's/^/# /' "$files/$name.decode"
			bad=1
		fi
	done
	# live/regs: its JSON answers against their schemas
	if [ -f "$files/regs-batch.json" ]; then
		if /usr/bin/python3 "$here/batch-schemas.py" "$files/regs-batch.json" \
			> "$files/regs-schemas.out" 2>&1; then
			echo "ok - host/regs-schemas [$1]"
		else
			echo "not ok - host/regs-schemas [$1]"
			bad=1
		fi
		sed 's/^/# /' "$files/regs-schemas.out"
	fi
	# rig/71-attest: the evidence vmmctl decoded in the guest against the
	# generator's values, the sample's registers against hashlib
	if [ -f "$files/attest-cca.json" ] || [ -f "$files/mr-after.json" ]; then
		if /usr/bin/python3 "$here/attest-check.py" "$files" "$cache/attest" "$console" \
			> "$files/attest-check.out" 2>&1; then
			echo "ok - host/attest [$1]"
		else
			echo "not ok - host/attest [$1]"
			bad=1
		fi
		sed 's/^/# /' "$files/attest-check.out"
	fi
	return "$bad"
}

# refresh_snapshot: the tarball rig/48-snapshot printed (base64, between its
# markers) becomes tests/fixtures/snapshot/arm64-rig.tar.gz, checked against
# the SHA-256 the guest printed, with SHA256SUMS beside it
refresh_snapshot() {
	want=$(sed -n 's/^# RIG-SNAPSHOT-BEGIN \([0-9a-f]\{64\}\)$/\1/p' "$console" | tail -n 1)
	[ -n "$want" ] || { log "RIG_REFRESH_SNAPSHOT: no snapshot on the console"; return 1; }
	dir=$top/tests/fixtures/snapshot
	mkdir -p "$dir"
	sed -n '/^# RIG-SNAPSHOT-BEGIN/,/^# RIG-SNAPSHOT-END/p' "$console" |
		sed '1d;$d;s/^# //' | base64 -d > "$dir/arm64-rig.tar.gz.tmp"
	got=$(sha256sum < "$dir/arm64-rig.tar.gz.tmp" | cut -d' ' -f1)
	if [ "$got" != "$want" ]; then
		rm -f "$dir/arm64-rig.tar.gz.tmp"
		log "RIG_REFRESH_SNAPSHOT: the console's copy does not match its SHA-256"
		return 1
	fi
	mv "$dir/arm64-rig.tar.gz.tmp" "$dir/arm64-rig.tar.gz"
	echo "$got  arm64-rig.tar.gz" > "$dir/SHA256SUMS"
	log "wrote $dir/arm64-rig.tar.gz ($(wc -c < "$dir/arm64-rig.tar.gz") bytes)"
}

mkdir -p "$cache"
exec 9> "$cache/.lock"
flock -n 9 || { log "waiting for another run using $cache"; flock 9; }

modes=${RIG_MODES:-vhe nvhe protected nested}
for mode in $modes; do
	case $mode in vhe|nvhe|protected|nested) ;; *) die "RIG_MODES: unknown KVM mode '$mode'" ;; esac
done
t_start=$(date +%s)
timed "host tools" host_tools python3:python3
timed "busybox" busybox
timed "sysroot" sysroot
timed "pciutils" pciutils
timed "tmux" tmux_arm64
timed "qemu chroot ($qemu_suite)" qemu
timed "QEMU for arm64 (guest VMM)" qemu_arm64
kernel
timed "vmmctl" vmmctl
timed "test programs" guest_programs
timed "attestation evidence" attest_evidence
timed "initramfs" rootfs
rc=0
for mode in $modes; do
	timed "boot and tests ($mode)" boot "$mode"
	report "$mode" || rc=1
	test_times "$mode"
	guest_files "$mode"
	host_checks "$mode" || rc=1
	[ "${RIG_REFRESH_SNAPSHOT:-0}" = 1 ] && [ "$mode" = vhe ] && { refresh_snapshot || rc=1; }
done
log "total: $(($(date +%s) - t_start)) s"
exit "$rc"
