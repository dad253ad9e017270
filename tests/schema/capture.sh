#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# VMMCTL for the live tiers: runs $VMMCTL_REAL with the same arguments,
# standard input and exit status.  A JSON answer (-j or -p, not --follow,
# not to a terminal) is also kept as $VMMCTL_CAPTURE/N.out with N.args
# (NUL-separated), N.rc (the exit status) and, for the shell (-i), N.in
# (its lines), so that tests/schema/captured.py can validate every result
# the live tests made against its command's schema.
# Everything else is exec'ed untouched.
: "${VMMCTL_REAL:?}" "${VMMCTL_CAPTURE:?}"
json= interactive=
for a in "$@"; do
	case $a in
	--follow | --openmetrics) exec "$VMMCTL_REAL" "$@" ;;
	-j | --json | -p | --pretty) json=1 ;;
	-i) interactive=1 ;;
	esac
done
{ [ -z "$json" ] || [ -t 1 ]; } && exec "$VMMCTL_REAL" "$@"
# mkdir is atomic: a unique N however many tests capture at once
n=$$
while ! mkdir "$VMMCTL_CAPTURE/$n.d" 2>/dev/null; do n=$n.x; done
c=$VMMCTL_CAPTURE/$n
for a in "$@"; do printf '%s\0' "$a"; done >"$c.args"
if [ -n "$interactive" ] && ! [ -t 0 ]; then
	# the shell's lines name the commands of its answers
	cat >"$c.in"
	"$VMMCTL_REAL" "$@" <"$c.in" >"$c.out"
else
	"$VMMCTL_REAL" "$@" >"$c.out"
fi
st=$?
echo "$st" >"$c.rc"
cat "$c.out"
exit "$st"
