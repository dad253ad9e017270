#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Make (once) a minimal Debian chroot holding qemu-system-aarch64.
# trixie (QEMU 10) is the default: bookworm's QEMU 7.2 corrupts MTE
# allocation tags under TCG, and is only useful to demonstrate that.
#
# Usage: qemu-chroot.sh DIR [SUITE]
set -eu
dir=$1 suite=${2:-trixie}

[ -x "$dir/usr/bin/qemu-system-aarch64" ] && [ -f "$dir/.rig-complete" ] && exit 0

mirror=$(sh "$(dirname "$0")/debian-mirror.sh") || exit 1

# A debootstrap that was interrupted may have left /proc or /sys mounted.
awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
	while read -r m; do umount "$m"; done
rm -rf "$dir"
mkdir -p "$dir"
debootstrap --variant=minbase --include=qemu-system-arm "$suite" "$dir" "$mirror" \
	> "$dir.log" 2>&1 || { tail -n 20 "$dir.log" >&2; exit 1; }
# Documentation and locales are not needed to run QEMU.
rm -rf "$dir/usr/share/doc" "$dir/usr/share/man" "$dir/usr/share/locale" \
	"$dir/var/cache/apt/archives/"*.deb
touch "$dir/.rig-complete"
