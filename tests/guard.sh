#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The machine outside the tests' own directories must come out of a test
# run unchanged (a shell `<>` redirection in a test once created /dev/kvm as
# a regular file).  tests/run.sh records its state before the tiers and
# compares after:
#   - every entry under /dev: type, device number, size (/dev/pts is left
#     out: every terminal anyone opens adds an entry there);
#   - /etc: type, size, modification time of every entry;
#   - the home directory three levels deep, the same (the project's cache,
#     VMMCTL_CACHE, is left out: the arm64 rig writes there);
#   - the names directly in the temporary directory (a test that leaves a
#     directory behind there fails).
#
# Usage: guard.sh record FILE       the state, sorted, into FILE
#        guard.sh compare OLD NEW   one line per entry created, removed or
#                                   changed; exit 1 if there is any
# GUARD_ROOT prefixes every path (for the guard's own test); HOME and TMPDIR
# are read as usual.
set -u
root=${GUARD_ROOT:-}
home=${HOME:-/nonexistent}
cache=${VMMCTL_CACHE:-$home/.cache/vmmctl}
tmp=${TMPDIR:-/tmp}

record() {
	{
		[ -d "$root/dev" ] && find "$root/dev" -path "$root/dev/pts" -prune -o \
			-exec stat -c 'dev %F %t:%T %s %n' {} + 2>/dev/null
		[ -d "$root/etc" ] && find "$root/etc" -printf 'etc %y %s %T@ %p\n' 2>/dev/null
		[ -d "$home" ] && find "$home" -maxdepth 3 -path "$cache" -prune -o \
			-printf 'home %y %s %T@ %p\n' 2>/dev/null
		[ -d "$tmp" ] && find "$tmp" -mindepth 1 -maxdepth 1 -printf 'tmp %y %p\n' 2>/dev/null
	} | LC_ALL=C sort -k1,1 -k5 >"$1"
}

# the path is the last field; entries are matched by it
compare() {
	awk '
	FNR == NR { old[$NF] = $0; next }
	{ new[$NF] = $0 }
	END {
		for (p in new)
			if (!(p in old)) { print "created: " new[p]; bad++ }
			else if (old[p] != new[p]) { print "changed: " old[p] " -> " new[p]; bad++ }
		for (p in old)
			if (!(p in new)) { print "removed: " old[p]; bad++ }
		exit bad > 0
	}' "$1" "$2"
}

case ${1:-} in
record) record "$2" ;;
compare) compare "$2" "$3" ;;
*) echo "usage: guard.sh record FILE | compare OLD NEW" >&2; exit 2 ;;
esac
