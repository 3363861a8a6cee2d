#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build vswitch.ko and vswitch_nat.ko for one kernel in its own output
# directory, so builds
# for several kernels never clobber each other:
#   scripts/build-module.sh SEL [make args...]
# SEL is 6.1, 6.12, debug, unstable (7.2) or a release (see
# scripts/kver.sh); unstable's kernel is built in the tree of
# scripts/sid-tree.sh, with that tree's compiler. The sources
# (Kbuild, kmod/, uapi/) are mirrored into build/<release>/ and built there
# with W=1; the result is build/<release>/kmod/vswitch.ko and
# vswitch_nat.ko. Any compiler or modpost warning fails the build. KDIR overrides the kernel build tree.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd -P)
sel=${1:-6.1}
shift || true
case $("$repo/scripts/kver.sh" source "$sel") in
debug) "$repo/scripts/build-debug-kernel.sh" > /dev/null ;;
unstable) "$repo/scripts/sid-tree.sh" > /dev/null ;;
esac
rel=$("$repo/scripts/kver.sh" release "$sel")
root=$("$repo/scripts/kver.sh" root "$sel")
kdir=${KDIR:-$("$repo/scripts/kver.sh" kdir "$sel")}
out=$repo/build/$rel

[ -d "$kdir" ] || { echo "build-module: no kernel build tree $kdir (make deps)" >&2; exit 1; }
[ -f "$repo/kmod/Kbuild" ] || { echo "build-module: kmod/Kbuild missing" >&2; exit 1; }

mkdir -p "$out"
srcs=()
for f in Kbuild kmod uapi; do [ -e "$repo/$f" ] && srcs+=("$repo/$f"); done
# Generated files are excluded, hence protected from --delete.
rsync -a --delete \
	--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
	--exclude='.*.cmd' --exclude='.*.d' --exclude='modules.order' \
	--exclude='Module.symvers' --exclude='*.a' \
	"${srcs[@]}" "$out/"

echo "  MODULE  $rel ($kdir)"
set +e
if [ -n "$root" ] && [ "$root" != / ]; then
	# A kernel of the unstable tree: its own compiler and kbuild, in it.
	"$repo/scripts/sid-tree.sh" run "$out" \
		make -C "${kdir#"$root"}" M="$out" W=1 "$@" modules 2>&1 | tee "$out/build.log"
else
	make -C "$kdir" M="$out" W=1 "$@" modules 2>&1 | tee "$out/build.log"
fi
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || exit "$rc"
if grep -qiE 'warning:|warning \(' "$out/build.log"; then
	echo "build-module: warnings are errors here (W=1); see above" >&2
	exit 1
fi
echo "  OK      $out/kmod/vswitch.ko $out/kmod/vswitch_nat.ko"
