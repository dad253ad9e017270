#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/guard.sh, the run's guard, on a tree of its own (GUARD_ROOT, HOME
# and TMPDIR pointed into a scratch directory): an unchanged tree passes
# silently; a node created under dev/ (what `: <>/dev/kvm` does), a file
# changed in etc/, one removed from the home directory (and so its
# directory's time) and a directory left
# in the temporary directory are each named, and fail.
set -u
guard=$(cd "$(dirname "$0")/.." && pwd)/guard.sh
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
s=$(mktemp -d)
trap 'rm -rf "$s"' EXIT
mkdir -p "$s/root/dev/pts" "$s/root/etc" "$s/home/.config" "$s/home/.cache/vmmctl" "$s/tmp"
: >"$s/root/dev/null"
echo a >"$s/root/etc/hosts"
echo h >"$s/home/.config/rc"
g() { GUARD_ROOT=$s/root HOME=$s/home TMPDIR=$s/tmp VMMCTL_CACHE= sh "$guard" "$@"; }

g record "$s/before"
g record "$s/same"
if g compare "$s/before" "$s/same" >"$s/out" && [ ! -s "$s/out" ]; then
	ok "an unchanged machine passes, silently"
else
	nok "unchanged: $(cat "$s/out")"
fi

: >"$s/root/dev/pts/7"			# terminals come and go: not counted
: >"$s/home/.cache/vmmctl/built"	# the project's cache: not counted
g record "$s/churn"
g compare "$s/before" "$s/churn" >"$s/out" && ok "/dev/pts and the project's cache are left out" ||
	nok "churn counted: $(cat "$s/out")"

(: <>"$s/root/dev/kvm")			# the bug this guard is for
echo b >"$s/root/etc/hosts"
rm "$s/home/.config/rc"
mkdir "$s/tmp/leftover.1"
g record "$s/after"
g compare "$s/before" "$s/after" >"$s/out"
st=$?
[ "$st" = 1 ] && ok "a changed machine fails (exit 1)" || nok "exit $st"
for want in "created: dev regular empty file 0:0 0 $s/root/dev/kvm" \
	"changed: etc f 2 " "removed: home f 2 " "changed: home d 4096 " \
	"created: tmp d $s/tmp/leftover.1"; do
	grep -qF "$want" "$s/out" && ok "names it: $want" || nok "'$want' not in: $(cat "$s/out")"
done
# the removal also changes its directory's time: five entries
[ "$(wc -l <"$s/out")" = 5 ] && ok "one line per entry" || nok "lines: $(cat "$s/out")"
echo "1..$n"
[ "$bad" = 0 ]
