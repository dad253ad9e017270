#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Build the rig's arm64 kernel from Debian's linux-source package:
# allnoconfig + kernel-fragment.config, cross-compiled.  Leaves only
# OUT/Image, OUT/config and OUT/fragment (the fragment it was built from,
# used as the cache key) behind; the source and object trees are removed.
#
# Usage: build-kernel.sh LINUX_SOURCE_DEB OUT_DIR
set -eu
deb=$1 out=$2
frag=$(cd "$(dirname "$0")" && pwd)/kernel-fragment.config

if [ -f "$out/Image" ] && cmp -s "$frag" "$out/fragment"; then
	exit 0
fi

work=$out/work
rm -rf "$work"
mkdir -p "$work/obj"
dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$work" --wildcards './usr/src/linux-source-*.tar.xz'
tar -xJf "$work"/usr/src/linux-source-*.tar.xz -C "$work"
src=$(echo "$work"/linux-source-*/)

k() { make -C "$src" O="$work/obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"; }
KCONFIG_ALLCONFIG="$frag" k allnoconfig >/dev/null
k olddefconfig >/dev/null
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=y)
		grep -qx "$line" "$work/obj/.config" || { echo "kernel: not set: $line" >&2; missing=1; } ;;
	esac
done < "$frag"
[ "$missing" = 0 ] || exit 1

k -j"$(nproc)" Image > "$out/build.log" 2>&1 || { tail -n 30 "$out/build.log" >&2; exit 1; }
cp "$work/obj/arch/arm64/boot/Image" "$out/Image"
cp "$work/obj/.config" "$out/config"
cp "$frag" "$out/fragment"
rm -rf "$work"
