#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install: build and install vswitch.ko and vswitch_nat.ko for one
# kernel (default: the running one; KVER=6.1|6.12|RELEASE to choose), run
# depmod, install
# tools/vswctl into $PREFIX/sbin (default /usr/local/sbin) and the QEMU
# helper and tap scripts into $PREFIX/libexec/vswitch. Then:
#   modprobe vswitch        (vswitch_nat is loaded with the first nat switch)
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd -P)
sel=${INSTALL_KVER:-$(uname -r)}
prefix=${PREFIX:-/usr/local}
rel=$("$repo/scripts/kver.sh" release "$sel")
kdir=${KDIR:-$("$repo/scripts/kver.sh" kdir "$sel")}
[ -d "$kdir" ] || { echo "install: no build tree for $rel ($kdir): install linux-headers-$rel" >&2; exit 1; }

KDIR=$kdir "$repo/scripts/build-module.sh" "$rel"
make -C "$kdir" M="$repo/build/$rel" ${INSTALL_MOD_PATH:+INSTALL_MOD_PATH="$INSTALL_MOD_PATH"} \
	modules_install
depmod ${INSTALL_MOD_PATH:+-b "$INSTALL_MOD_PATH"} -a "$rel"
# vswctl, its man page and completion; the QEMU helper (with its file
# capability), the tap scripts, an allow-list allowing nothing if there is
# none: tools/Makefile's install (DESTDIR and PREFIX honoured).
make -C "$repo/tools" install PREFIX="$prefix"
echo "installed vswitch and vswitch_nat for $rel: modprobe vswitch"
