#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Prints the Debian mirror this machine already uses (deb822 sources first,
# then the one-line format), for the scripts that fetch from Debian with
# their own apt state or debootstrap: debian-get.sh, qemu-chroot.sh and
# tests/fresh/check-fresh.sh.  Exit 1, with a message, when none is set up.
set -eu
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
	grep -v -- '-security' | head -n 1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 !~ /-security/ { print $2; exit }' \
	/etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || { echo "no Debian mirror configured on this machine" >&2; exit 1; }
echo "$mirror"
