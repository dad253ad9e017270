#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# in-debugfs-ns.sh COMMAND...: COMMAND in a private mount namespace in which
# debugfs is mounted at /sys/kernel/debug; the machine's own mounts are not
# touched.  With LOCKDOWN_SHIM set, COMMAND loads that library (LD_PRELOAD):
# tests/run.sh's tier live-lockdown.  Exit 99 when debugfs does not mount.
exec unshare -m --propagation private sh -c '
	mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug || exit 99
	[ -n "${LOCKDOWN_SHIM:-}" ] && export LD_PRELOAD="$LOCKDOWN_SHIM"
	exec "$@"' sh "$@"
