#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Download Debian packages from suites this machine is not configured for
# (bookworm arm64, trixie, trixie-backports, sid) through a private apt
# configuration: own sources list, lists, cache and an empty dpkg status.
# The host's apt state is never touched.  Package lists are fetched once.
#
# Usage: debian-get.sh DESTDIR PKG[:ARCH][/SUITE]...   download .debs
#        debian-get.sh --apt-cache ARGS...              query (policy, show...)
set -eu

state=${RIG_APT_STATE:-${VMMCTL_CACHE:-$HOME/.cache/vmmctl}/rig/apt}

mirror=$(sh "$(dirname "$0")/debian-mirror.sh") || exit 1

apt_run() {
	tool=$1; shift
	"$tool" -o Dir::Etc::SourceList="$state/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::Etc::Preferences=/dev/null \
		-o Dir::Etc::PreferencesParts=/dev/null \
		-o Dir::State::Lists="$state/lists" \
		-o Dir::State::Status=/dev/null \
		-o Dir::Cache="$state/cache" \
		-o APT::Architectures::=amd64 -o APT::Architectures::=arm64 \
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}

have_lists() {
	for f in "$state"/lists/*_Packages*; do
		[ -e "$f" ] && return 0
	done
	return 1
}

mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
key=/usr/share/keyrings/debian-archive-keyring.gpg
list=$(for suite in bookworm trixie trixie-backports sid; do
	echo "deb [signed-by=$key] $mirror $suite main"
done)
if [ "$(cat "$state/sources.list" 2>/dev/null)" != "$list" ] ||
   ! have_lists || [ "${RIG_APT_REFRESH:-0}" = 1 ]; then
	echo "$list" > "$state/sources.list"
	apt_run apt-get -qq update
fi

if [ "$1" = --apt-cache ]; then
	shift
	apt_run apt-cache "$@"
	exit
fi
dest=$1; shift
mkdir -p "$dest"
cd "$dest"
apt_run apt-get -qq download "$@"
