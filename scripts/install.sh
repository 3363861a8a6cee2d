#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install: build and install vswitch.ko for one kernel (default: the
# running one; KVER=6.1|6.12|RELEASE to choose), run depmod, install
# tools/vswctl into $PREFIX/sbin (default /usr/local/sbin) and the QEMU
# helper and tap scripts into $PREFIX/libexec/vswitch. Then:
#   modprobe vswitch
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
if [ -x "$repo/tools/vswctl" ]; then
	install -D -m 0755 "$repo/tools/vswctl" "${DESTDIR:-}$prefix/sbin/vswctl"
	echo "  INSTALL ${DESTDIR:-}$prefix/sbin/vswctl"
fi
# The QEMU pieces (tools/qemu): the bridge helper with its file capability,
# the tap scripts, and an allow-list that allows nothing unless there is one.
libexec=${DESTDIR:-}$prefix/libexec/vswitch
helper=$repo/tools/qemu/vswitch-bridge-helper
conf=${BRIDGE_CONF:-/etc/vswitch/bridge.conf}
if [ -x "$helper" ]; then
	install -D -m 0755 "$helper" "$libexec/vswitch-bridge-helper"
	echo "  INSTALL $libexec/vswitch-bridge-helper"
	setcap cap_net_admin+ep "$libexec/vswitch-bridge-helper" ||
		echo "warning: setcap failed: run \"setcap cap_net_admin+ep $prefix/libexec/vswitch/vswitch-bridge-helper\" as root" >&2
	install -D -m 0755 "$repo/tools/qemu/vswitch-ifup" "$libexec/vswitch-ifup"
	ln -sfn vswitch-ifup "$libexec/vswitch-ifdown"
	echo "  INSTALL $libexec/vswitch-ifup, vswitch-ifdown"
	if [ ! -e "${DESTDIR:-}$conf" ]; then
		install -D -m 0644 "$repo/tools/qemu/bridge.conf" "${DESTDIR:-}$conf"
		echo "  INSTALL ${DESTDIR:-}$conf (allows nothing: add \"allow SWITCH\")"
	fi
fi
echo "installed vswitch for $rel: modprobe vswitch"
