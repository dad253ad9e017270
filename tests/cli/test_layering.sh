#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The layering the sources promise (README, Layout), read from the
# #include lines: a cmd/ file includes only its own family's cmd/ headers
# (vm/mem, iommufd/ioas/device, pci/tsm, mte, stage2, top); lib/ includes no
# cli/ or cmd/ header and never prints; only lib/sys.c calls open, read,
# write, ioctl or mmap. Each rule is checked on a planted offender too, so
# that a rule that cannot fail is caught.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
s=$(mktemp -d)
trap 'rm -rf "$s"' EXIT

# family FILE: the family of a cmd/ source or header (its base name's object)
family() {
	case $(basename "$1") in
	vm.* | vm_* | mem.* | mem_*) echo vm ;;
	iommufd* | ioas.* | device.*) echo iommufd ;;
	pci.* | tsm.* | tsm_*) echo pci ;;
	mte.* | mte_*) echo mte ;;
	stage2*) echo stage2 ;;
	host.*) echo host ;;
	top.* | top_*) echo top ;;
	attest.* | mr.*) echo attest ;;
	*) echo "?$(basename "$1")" ;;
	esac
}

# cross DIR: "file includes header" for every cross-family include
cross() {
	for f in "$1"/cmd/*.c "$1"/cmd/*.h; do
		[ -f "$f" ] || continue
		grep -o '#include "cmd/[a-z0-9_]*\.h"' "$f" | sed 's/.*"cmd\///; s/"$//' |
			while read -r h; do
				[ "$(family "$f")" = "$(family "$h")" ] ||
					echo "cmd/$(basename "$f") includes cmd/$h"
			done
	done
}

# libbad DIR: lib/ files including cli/ or cmd/ headers, or printing
libbad() {
	grep -n '#include "\(cli\|cmd\)/' "$1"/lib/*.c "$1"/lib/*.h 2>/dev/null
	grep -n '\<\(printf\|fprintf\|puts\|fputs\|putchar\|perror\)\s*(' "$1"/lib/*.c 2>/dev/null
}

# sysbad DIR: system calls on kernel objects outside lib/sys.c
sysbad() {
	# a call (no blank before the parenthesis, not a member) outside comments
	grep -n '\(^\|[^>._a-zA-Z0-9]\)\(open\|openat\|read\|write\|pread\|pwrite\|ioctl\|mmap\)(' \
		"$1"/lib/*.c "$1"/cmd/*.c "$1"/cli/*.c 2>/dev/null | grep -v '/lib/sys\.c:' |
		grep -v '^\S*:[0-9]*:\s*\(/\*\|\*\)'
}

check() { # NAME FUNCTION
	"$2" "$top" >"$s/out"
	if [ ! -s "$s/out" ]; then
		ok "$1"
	else
		nok "$1:"
		sed 's/^/#   /' "$s/out"
	fi
}

check "no cmd/ file includes another object family's header" cross
check "lib/ includes no cli/ or cmd/ header and prints nothing" libbad
check "only lib/sys.c opens, reads, writes, maps or issues ioctls" sysbad

# each rule on a copy with one planted offender
mkdir -p "$s/tree/cmd" "$s/tree/lib" "$s/tree/cli"
printf '#include "cmd/vm.h"\n' >"$s/tree/cmd/mte.c"
printf '#include "cmd/mte.h"\n' >"$s/tree/cmd/mte_job.c"
if [ "$(cross "$s/tree")" = "cmd/mte.c includes cmd/vm.h" ]; then
	ok "the family rule names a planted cmd/mte.c -> cmd/vm.h, and only it"
else
	nok "the family rule on a planted offender: $(cross "$s/tree")"
fi
printf '#include "cli/cmd.h"\nvoid f(void) { printf("x"); }\n' >"$s/tree/lib/x.c"
if [ "$(libbad "$s/tree" | wc -l)" -eq 2 ]; then
	ok "the lib/ rule names a planted cli/ include and a printf"
else
	nok "the lib/ rule on planted offenders: $(libbad "$s/tree")"
fi
printf 'int f(int fd) { return ioctl(fd, 1, 0); }\n' >"$s/tree/cmd/y.c"
printf 'int g(int fd) { return ioctl(fd, 1, 0); }\n' >"$s/tree/lib/sys.c"
if [ "$(sysbad "$s/tree" | wc -l)" -eq 1 ]; then
	ok "the kernel-door rule names a planted ioctl in cmd/ and not the one in lib/sys.c"
else
	nok "the kernel-door rule on planted offenders: $(sysbad "$s/tree")"
fi
echo "1..$n"
[ "$bad" -eq 0 ]
