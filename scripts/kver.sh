#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Resolve a kernel selector to its facts.
#   kver.sh release|kdir|image SEL
# SEL: 6.1 (Debian's linux-image-amd64, whatever release it currently
#      depends on), 6.12 (the pinned KVER_612 from scripts/deps.sh),
#      debug (the debug kernel of scripts/build-debug-kernel.sh), or a full
#      release string such as 6.1.0-56-amd64.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd -P)
cache=${VSWITCH_CACHE:-$repo/.cache}
what=${1:?usage: kver.sh release|kdir|image SEL}
sel=${2:-6.1}

dep_release() {	# the release a Debian meta package depends on
	dpkg-query -W -f='${Depends}' "$1" 2>/dev/null |
		tr ',' '\n' | sed -n "s/^ *$2-\([^ ]*\).*/\1/p" | head -1
}

case $sel in
6.1)
	rel=$(dep_release linux-headers-amd64 linux-headers)
	[ -n "$rel" ] || rel=$(dep_release linux-image-amd64 linux-image)
	[ -n "$rel" ] || { echo "kver.sh: linux-headers-amd64 not installed (make deps)" >&2; exit 1; }
	;;
6.12)
	rel=$(sed -n 's/^KVER_612=\${KVER_612:-\(.*\)}$/\1/p' "$repo/scripts/deps.sh")
	rel=${KVER_612:-$rel}
	;;
debug)
	rel=$(cat "$cache/debug-kernel/release" 2>/dev/null) ||
		{ echo "kver.sh: debug kernel not built (scripts/build-debug-kernel.sh)" >&2; exit 1; }
	;;
*)	rel=$sel ;;
esac

case $what in
release) echo "$rel" ;;
kdir)
	if [ "$sel" = debug ]; then
		echo "$cache/debug-kernel/linux"
	elif [ -d "/usr/src/linux-headers-$rel" ]; then
		echo "/usr/src/linux-headers-$rel"
	else
		echo "/lib/modules/$rel/build"
	fi
	;;
image)
	if [ "$sel" = debug ]; then
		echo "$cache/debug-kernel/linux/arch/x86/boot/bzImage"
	else
		echo "/boot/vmlinuz-$rel"
	fi
	;;
*)	echo "kver.sh: unknown query $what" >&2; exit 2 ;;
esac
