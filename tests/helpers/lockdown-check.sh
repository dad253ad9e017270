#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# lockdown-check.sh SHIM: that lockdown-shim.so does what a kernel in
# lockdown does to debugfs and nothing else, before tier live-lockdown
# relies on it.  Run with debugfs mounted at /sys/kernel/debug and KVM's
# directory in it.  Prints TAP lines; exit 1 on a failure.
set -u
shim=$1
d=/sys/kernel/debug/kvm
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
# a 0644 and a 0444 file of KVM's debugfs
rw=$(find "$d" -maxdepth 1 -type f -perm -0200 | head -n 1)
ro=$(find "$d" -maxdepth 1 -type f ! -perm /0222 | head -n 1)
[ -n "$rw" ] && [ -n "$ro" ] || { echo "no 0644 and 0444 files in $d"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if LD_PRELOAD=$shim cat "$rw" >/dev/null 2>"$tmp/err"; then
	nok "$rw opens under the shim"
elif grep -q 'Operation not permitted' "$tmp/err"; then
	ok "$rw (mode $(stat -c %a "$rw")) refused with EPERM"
else
	nok "$rw refused, but not with EPERM: $(cat "$tmp/err")"
fi
if LD_PRELOAD=$shim cat "$ro" >"$tmp/ro" 2>"$tmp/err"; then
	ok "$ro (mode $(stat -c %a "$ro")) reads: $(cat "$tmp/ro")"
else
	nok "$ro refused: $(cat "$tmp/err")"
fi
echo data >"$tmp/f" && chmod 0644 "$tmp/f"
if LD_PRELOAD=$shim sh -c 'cat "$1" && echo more >>"$1"' sh "$tmp/f" >/dev/null 2>"$tmp/err"; then
	ok "a 0644 file outside debugfs reads and writes"
else
	nok "a 0644 file outside debugfs: $(cat "$tmp/err")"
fi
[ "$bad" = 0 ]
