#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package on a fresh machine (make check-deb runs this in the
# chroot of tests/fresh/check-fresh.sh): `make deb` builds it and lintian
# checks it, apt installs it with what it depends on and recommends, and the
# installed files are used as an admin would use them.  TAP, then
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
check() { # description, command...
	local what=$1
	shift
	if out=$("$@" 2>&1); then ok "$what"; else nok "$what: $out"; fi
}
finish() { echo "1..$n"; echo "$((n - bad)) passed, $bad failed"; [ "$bad" = 0 ]; exit; }

if ! command -v make >/dev/null; then
	apt-get update -qq && apt-get install -y -qq --no-install-recommends make >/dev/null
fi
check "make deb builds the package and lintian finds no warning or error" make deb
deb=$(ls build/deb/vmmctl_*_*.deb 2>/dev/null | grep -v dbgsym | head -n 1)
[ -n "$deb" ] || { nok "no package was built"; finish; }
# what an admin has beside it: man and the shells the completions are for
check "apt installs ./$(basename "$deb") (recommends too), man-db and zsh" \
	apt-get install -y -qq "./$deb" man-db zsh
check "libpci3 came as the package's recommendation" dpkg-query -W libpci3

[ "$(command -v vmmctl)" = /usr/bin/vmmctl ] && ok "vmmctl is /usr/bin/vmmctl" ||
	nok "vmmctl is '$(command -v vmmctl)'"
v=$(sed -n 's/^VERSION := //p' GNUmakefile)
out=$(vmmctl version 2>&1)
case $out in "vmmctl $v"*) ok "vmmctl version: $out" ;; *) nok "vmmctl version: $out" ;; esac
out=$(vmmctl -j host features 2>&1)
case $out in '{"arch":'*) ok "host features runs from the package" ;; *) nok "host features: $out" ;; esac
out=$(vmmctl --openmetrics host features 2>&1)
case $out in *vmmctl_host_feature_available*'# EOF') ok "--openmetrics from the package" ;;
*) nok "--openmetrics: $out" ;; esac
check "pci list opens the recommended libpci" vmmctl pci list
# the shell opens readline when it starts: with it, and (forced away) without
out=$(printf 'version\n' | vmmctl -i 2>&1)
case $out in "vmmctl $v"*) ok "the shell loads readline (a depend) and runs a line" ;;
*) nok "vmmctl -i: $out" ;; esac
rl=$(dpkg-query -W -f '${Package}\n' libreadline8 2>/dev/null)
if [ "$rl" = libreadline8 ] && dpkg --remove --force-depends libreadline8 >/dev/null 2>&1; then
	out=$(printf 'version\n' | vmmctl -i 2>&1)
	code=$?
	case $code:$out in 4:*"needs libreadline.so.8"*) ok "without readline the shell exits 4 naming it" ;;
	*) nok "vmmctl -i without readline: exit $code: $out" ;; esac
	out=$(vmmctl version 2>&1)
	case $out in "vmmctl $v"*) ok "without readline one-shot commands still run" ;;
	*) nok "vmmctl version without readline: $out" ;; esac
	check "apt puts readline back" apt-get install -y -qq libreadline8
else
	nok "libreadline8 is not installed, or dpkg could not remove it"
fi

out=$(man -P cat vmmctl 2>&1)
case $out in *METRICS*vmmctl-metrics.timer*) ok "man vmmctl shows the installed page" ;;
*) nok "man vmmctl: $(printf '%s' "$out" | head -n 5)" ;; esac
for m in $(ls man/*.8); do
	p=$(man -w "$(basename "$m" .8)" 2>&1)
	[ "$p" = "/usr/share/man/man8/$(basename "$m").gz" ] && ok "man -w finds $p" ||
		nok "man -w $(basename "$m" .8): $p"
done

# bash: the packaged completion, loaded on demand by bash-completion
out=$(bash -c '. /usr/share/bash-completion/bash_completion
	__load_completion vmmctl || exit 1
	f=$(complete -p vmmctl | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
	COMP_WORDS=(vmmctl ho) COMP_CWORD=1 COMP_LINE="vmmctl ho" COMP_POINT=9
	"$f" vmmctl ho vmmctl
	printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
case $out in *host*) ok "bash completes 'vmmctl ho' to host from the packaged file" ;;
*) nok "bash completion: $out" ;; esac
out=$(zsh -fc 'autoload -Uz compinit && compinit -u -d /tmp/zcompdump.$$ &&
	print -r -- ${_comps[vmmctl]}; rm -f /tmp/zcompdump.$$' 2>&1)
[ "$out" = _vmmctl ] && ok "zsh finds _vmmctl in its vendor completions" || nok "zsh: $out"

for u in vmmctl-metrics.service vmmctl-metrics.timer; do
	f=/lib/systemd/system/$u
	[ -f "$f" ] && ok "$u installed" || nok "$u missing"
done
grep -q '^ExecStart=/usr/bin/vmmctl -q --openmetrics vm list -o /var/lib/prometheus/node-exporter/' \
	/lib/systemd/system/vmmctl-metrics.service && ok "the service runs /usr/bin/vmmctl" ||
	nok "ExecStart: $(grep ExecStart /lib/systemd/system/vmmctl-metrics.service)"
[ ! -e /etc/systemd/system/timers.target.wants/vmmctl-metrics.timer ] &&
	ok "the timer is not enabled by the package" || nok "the timer was enabled"
# systemd's own reading of the units (offline: nothing is started)
check "apt installs systemd for systemd-analyze" apt-get install -y -qq --no-install-recommends systemd
check "systemd-analyze verify accepts both units (ExecStart, man page, timer)" \
	systemd-analyze verify /lib/systemd/system/vmmctl-metrics.service \
	/lib/systemd/system/vmmctl-metrics.timer

check "apt purges it" apt-get purge -y -qq vmmctl
[ ! -e /usr/bin/vmmctl ] && ok "nothing of it is left in /usr/bin" || nok "/usr/bin/vmmctl remains"
finish
