#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The proof that README's commands work on a fresh machine: run .ci/run, as
# CI runs it (root, CI=true, no standard input, a clean environment), in a
# minimal Debian 12 (debootstrap minbase) holding a clone of the committed
# HEAD and nothing else, with a /dev of its own that has no kvm node.
#
# The chroot lives in a private mount namespace: its /proc, /sys, /dev and
# /dev/pts vanish with the run, whatever happens.  Its /dev is a tmpfs with
# only null, zero, full, random, urandom, tty, ptmx (devpts) and shm.
#
# Cached under ${VMMCTL_CACHE:-$HOME/.cache/vmmctl}/fresh:
#   base/        the debootstrapped minbase, copied afresh for every run
#   rig-cache/   the chroot's own VMMCTL_CACHE (the arm64 rig's downloads
#                and kernel), kept between runs so that a warm run does not
#                rebuild the kernel
#   run/         the run's root (removed at the start of the next run)
#   log          the whole output of the last run
# FRESH_COLD=1 removes base/ and rig-cache/ first: nothing cached at all.
# FRESH_RUN is what runs in the chroot's clone (default: bash .ci/run);
# make check-deb runs tests/fresh/deb-install.sh there instead.
# FRESH_KEEP=1 leaves run/ behind after a passing run too.
#
# Exit status: that of .ci/run in the chroot (1 for a set-up failure).
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${VMMCTL_CACHE:-$HOME/.cache/vmmctl}/fresh
suite=bookworm

log() { echo "check-fresh: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mounts)"
# its own host tools (a fresh machine, or this very chroot for .ci/run's check-deb)
missing=
for t in debootstrap git; do
	command -v "$t" >/dev/null || missing="$missing $t"
done
if [ -n "$missing" ]; then
	log "installing$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$missing >/dev/null ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $missing >/dev/null; }
fi
git -C "$top" rev-parse --verify -q HEAD >/dev/null || die "$top has no commit to clone"

mirror=$(sh "$top/tests/arm64/debian-mirror.sh") || exit 1

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock -n 9 || { log "waiting for another check-fresh"; flock 9; }
[ "${FRESH_COLD:-0}" = 1 ] && { log "cold: removing the cached base and rig cache"; rm -rf "$cache/base" "$cache/rig-cache"; }

t0=$(date +%s)
if [ ! -f "$cache/base/.complete" ]; then
	log "debootstrap --variant=minbase $suite"
	rm -rf "$cache/base"
	debootstrap --variant=minbase "$suite" "$cache/base" "$mirror" >"$cache/base.log" 2>&1 ||
		{ tail -n 20 "$cache/base.log" >&2; die "debootstrap failed (log: $cache/base.log)"; }
	rm -rf "$cache/base/var/cache/apt/archives/"*.deb
	touch "$cache/base/.complete"
fi
t_base=$(($(date +%s) - t0))

run=$cache/run
rm -rf "$run"
cp -a "$cache/base" "$run"
# The machine's own apt configuration (a fresh machine of our kind has it),
# its name resolution, and the committed HEAD, cloned: nothing uncommitted.
rm -rf "$run/etc/apt/sources.list" "$run/etc/apt/sources.list.d"
cp -a /etc/apt/sources.list.d "$run/etc/apt/" 2>/dev/null || mkdir -p "$run/etc/apt/sources.list.d"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$run/etc/apt/"
cp -a /etc/apt/apt.conf.d/. "$run/etc/apt/apt.conf.d/"
cp -L /etc/resolv.conf "$run/etc/resolv.conf" 2>/dev/null || true
git clone -q --no-hardlinks "$top" "$run/src/vmmctl"
head=$(git -C "$run/src/vmmctl" rev-parse --short HEAD)
# the rig's cache where CI's HOME has it, kept between runs
mkdir -p "$cache/rig-cache" "$run/root/.cache/vmmctl"

what=${FRESH_RUN:-bash .ci/run}
log "running '$what' of $head in a fresh $suite chroot (no /dev/kvm); log: $cache/log"
t1=$(date +%s)
{
unshare --mount --propagation unchanged sh -eu -c '
	r=$1 rigcache=$2
	# no mount made here may reach the parent namespace.  Inside a chroot
	# (.ci/run runs check-deb inside the chroot of check-fresh) "/" is no
	# mount point and cannot be changed, but what it lies on is private.
	mount --make-rprivate / 2>/dev/null || true
	mount -t proc proc "$r/proc"
	mount -t sysfs sysfs "$r/sys"
	mount -t tmpfs -o mode=0755,nosuid dev "$r/dev"
	for n in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
		mknod -m 666 "$r/dev/${n%%:*}" c "$(echo "$n" | cut -d: -f2)" "${n##*:}"
	done
	mkdir "$r/dev/pts" "$r/dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$r/dev/pts"
	ln -s pts/ptmx "$r/dev/ptmx"
	mount -t tmpfs -o mode=1777,nosuid,nodev shm "$r/dev/shm"
	ln -s /proc/self/fd "$r/dev/fd"
	ln -s /proc/self/fd/0 "$r/dev/stdin"
	ln -s /proc/self/fd/1 "$r/dev/stdout"
	ln -s /proc/self/fd/2 "$r/dev/stderr"
	mount --bind "$rigcache" "$r/root/.cache/vmmctl"
	exec chroot "$r" /usr/bin/env -i CI=true HOME=/root LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash -c "cd /src/vmmctl && $3"
' check-fresh "$run" "$cache/rig-cache" "$what" </dev/null 2>&1 && echo 0 >"$cache/rc" || echo $? >"$cache/rc"
} | tee "$cache/log"
rc=$(cat "$cache/rc")
t_ci=$(($(date +%s) - t1))
log "HEAD $head: '$what' exit $rc; base: $t_base s$( [ "$t_base" -lt 5 ] && echo ' (cached)'), .ci/run: $t_ci s, total: $(($(date +%s) - t0)) s"
[ "$rc" = 0 ] && [ "${FRESH_KEEP:-0}" != 1 ] && rm -rf "$run"
exit "$rc"
