#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Build the rig's arm64 kernel from Debian's linux-source package:
# allnoconfig + kernel-fragment.config, cross-compiled, and the rig's own
# test modules (tsm-test/) against that very tree.  Leaves OUT/Image,
# OUT/config, OUT/modules/*.ko (the rig's modules and the in-tree modules it
# loads) and OUT/key (the cache key: a hash of the fragment, the list of
# in-tree modules and the rig's modules' sources) behind; the source and object trees
# are removed, unless RIG_KEEP_KERNEL_TREE=1 keeps them in OUT/work, so that
# a change to a module alone rebuilds that module in seconds.
#
# Usage: build-kernel.sh LINUX_SOURCE_DEB OUT_DIR
#        build-kernel.sh --key    (print the cache key of this checkout)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
frag=$here/kernel-fragment.config
mods="tsm-test"
# In-tree modules the rig loads, as CONFIG symbol:object: copied beside the
# rig's own when the symbol is m (the configfs-tsm report core is m only
# because ARM_CCA_GUEST=m selects it; the measurement-register sample)
intree="TSM_REPORTS:drivers/virt/coco/guest/tsm_report.ko
	SAMPLE_TSM_MR:samples/tsm-mr/tsm_mr_sample.ko"

key() {
	(cd "$here" && cat kernel-fragment.config && echo $intree && for m in $mods; do
		find "$m" -type f | LC_ALL=C sort | xargs sha256sum
	done) | sha256sum | cut -d' ' -f1
}

if [ "${1:-}" = --key ]; then
	key
	exit 0
fi
deb=$1 out=$2
want=$(key)
[ -f "$out/Image" ] && [ "$(cat "$out/key" 2>/dev/null)" = "$want" ] && exit 0

work=$out/work
src=$(echo "$work"/linux-source-*/)
k() { make -C "$src" O="$work/obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"; }

# A kept tree built from this fragment needs only the modules rebuilt.
if [ -f "$out/Image" ] && [ -d "$src" ] && cmp -s "$frag" "$work/fragment"; then
	echo "kernel: tree kept, rebuilding the modules only" >&2
else
	rm -rf "$work"
	mkdir -p "$work/obj"
	dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$work" --wildcards './usr/src/linux-source-*.tar.xz'
	tar -xJf "$work"/usr/src/linux-source-*.tar.xz -C "$work"
	rm -rf "$work/usr"
	src=$(echo "$work"/linux-source-*/)
	KCONFIG_ALLCONFIG="$frag" k allnoconfig >/dev/null
	k olddefconfig >/dev/null
	missing=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=y | CONFIG_*=m)
			grep -qx "$line" "$work/obj/.config" || { echo "kernel: not set: $line" >&2; missing=1; } ;;
		esac
	done < "$frag"
	# cores that only a select turns on: check that the core is there
	for sym in TSM_REPORTS TSM_MEASUREMENTS; do
		grep -Eqx "CONFIG_$sym=(y|m)" "$work/obj/.config" ||
			{ echo "kernel: not set: CONFIG_$sym (selected by the fragment)" >&2; missing=1; }
	done
	[ "$missing" = 0 ] || exit 1
	k -j"$(nproc)" Image modules > "$out/build.log" 2>&1 || { tail -n 30 "$out/build.log" >&2; exit 1; }
	cp "$work/obj/arch/arm64/boot/Image" "$out/Image"
	cp "$work/obj/.config" "$out/config"
	cp "$frag" "$work/fragment"
fi

# Out-of-tree modules, each built from a copy so the checkout stays clean.
rm -rf "$out/modules"
mkdir -p "$out/modules"
for m in $mods; do
	rm -rf "$work/m/$m"
	mkdir -p "$work/m"
	cp -r "$here/$m" "$work/m/$m"
	k M="$work/m/$m" modules >> "$out/build.log" 2>&1 || { tail -n 30 "$out/build.log" >&2; exit 1; }
	cp "$work/m/$m"/*.ko "$out/modules/"
done
# copy_intree KO: an in-tree module into OUT/modules, after the modules it
# depends on (its .modinfo depends=; the sample needs lib/crypto's libsha512,
# which its select makes m)
copy_intree() {
	[ -f "$out/modules/${1##*/}" ] && return 0
	aarch64-linux-gnu-objcopy -O binary -j .modinfo "$1" "$work/modinfo"
	for dep in $(tr '\0' '\n' < "$work/modinfo" | sed -n 's/^depends=//p' | tr ',' ' '); do
		dko=$(find "$work/obj" -name "$dep.ko" -o -name "$(echo "$dep" | tr _ -).ko" | head -n 1)
		[ -n "$dko" ] || { echo "kernel: ${1##*/} needs $dep, not a module of this tree" >&2; exit 1; }
		copy_intree "$dko"
	done
	cp "$1" "$out/modules/"
}
for pair in $intree; do
	if grep -qx "CONFIG_${pair%%:*}=m" "$out/config"; then
		copy_intree "$work/obj/${pair#*:}"
	fi
done
echo "$want" > "$out/key"
[ "${RIG_KEEP_KERNEL_TREE:-0}" = 1 ] || rm -rf "$work"
