#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# pkg-config for cross-building against the rig's arm64 sysroot (Debian 12
# -dev packages extracted with dpkg-deb).  Use as PKG_CONFIG=<this script>.
# Include directories become -isystem, as /usr/include is for a native build
# (so -Werror does not trip over the libraries' own headers), and --libs
# output also gets -rpath-link so that the linker finds the indirect
# dependencies (libudev, libtinfo, libz) inside the sysroot.
sysroot=${RIG_SYSROOT:-${VMMCTL_CACHE:-$HOME/.cache/vmmctl}/rig/sysroot}
libdir=$sysroot/usr/lib/aarch64-linux-gnu

export PKG_CONFIG_SYSROOT_DIR="$sysroot"
export PKG_CONFIG_LIBDIR="$libdir/pkgconfig:$sysroot/usr/share/pkgconfig"
export PKG_CONFIG_SYSTEM_INCLUDE_PATH=/nonexistent
export PKG_CONFIG_SYSTEM_LIBRARY_PATH=/nonexistent
unset PKG_CONFIG_PATH

out=$(pkg-config "$@") || exit
out=$(echo "$out" | sed "s|-I$sysroot|-isystem $sysroot|g")
for arg; do
	case $arg in --libs|--libs-only-L)
		out="$out -Wl,-rpath-link,$libdir"
		break ;;
	esac
done
[ -n "$out" ] && echo "$out"
exit 0
