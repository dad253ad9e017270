#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A build on a machine without the -dev packages stops before compiling
# anything and names them with the Debian packages and `make deps`: here
# with a pkg-config that finds nothing, one that is absent, and one that
# finds all but a library.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
s=$(mktemp -d)
trap 'rm -rf "$s"' EXIT
printf '#!/bin/sh\nexit 1\n' >"$s/none" && chmod +x "$s/none"
printf '#!/bin/sh\n[ "$2" = libpci ] && exit 1\nexec pkg-config "$@"\n' >"$s/nopci" && chmod +x "$s/nopci"

# try NAME PKG_CONFIG WANT: make all fails, says WANT, compiled nothing
try() {
	make -s -C "$top" -f "$top/GNUmakefile" BUILD="$s/b-$1" PKG_CONFIG="$2" all \
		>"$s/out" 2>&1
	st=$?
	if [ "$st" != 0 ] && grep -q "^vmmctl: cannot build, missing: $3\$" "$s/out" &&
	   grep -q "'make deps' installs them (as root), or: apt-get install -y $3\$" "$s/out" &&
	   [ -z "$(find "$s/b-$1" -name '*.o' 2>/dev/null)" ]; then
		ok "$1: stops before compiling, naming $3 and make deps"
	else
		nok "$1: exit $st: $(cat "$s/out")"
	fi
}
try none "$s/none" "libjson-c-dev libreadline-dev libpci-dev zlib1g-dev libcbor-dev libssl-dev"
try absent "$s/no-such-pkg-config" "pkg-config libjson-c-dev libreadline-dev libpci-dev zlib1g-dev libcbor-dev libssl-dev"
command -v pkg-config >/dev/null && pkg-config --exists libpci &&
	try libpci "$s/nopci" "libpci-dev"
[ "$bad" = 0 ]
