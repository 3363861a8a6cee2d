#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Resolve a kernel selector to its facts.
#   kver.sh release|kdir|image|root|source SEL
# SEL: 6.1 (Debian's linux-image-amd64, whatever release it currently
#      depends on), 6.12 (the pinned KVER_612 from scripts/deps.sh),
#      debug (the debug kernel of scripts/build-debug-kernel.sh),
#      unstable (the newest kernel Debian ships, in the tree of
#      scripts/sid-tree.sh), X.Y naming that same kernel (7.2), or a full
#      release string such as 6.1.0-57-amd64 or 7.2.13+deb14-amd64.
# root: where the kernel's image, modules and headers live: / for the
# host's kernels, the unstable tree for unstable's (built with its
# compiler, in a chroot), empty for the debug kernel.
# source: what has to be made before the others can be answered: host,
# debug (scripts/build-debug-kernel.sh) or unstable (scripts/sid-tree.sh);
# it needs neither made.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd -P)
cache=${VSWITCH_CACHE:-$repo/.cache}
what=${1:?usage: kver.sh release|kdir|image|root|source SEL}
sel=${2:-6.1}
sid=$cache/sid/root

# A full release is the host's when the host has its image or headers.
on_host() {
	[ -e "/boot/vmlinuz-$1" ] || [ -d "/usr/src/linux-headers-$1" ] ||
		[ -e "/lib/modules/$1/build" ]
}

if [ "$what" = source ]; then
	case $sel in
	debug|unstable) echo "$sel" ;;
	6.1|6.12) echo host ;;
	*-*) if on_host "$sel"; then echo host; else echo unstable; fi ;;
	[0-9]*.[0-9]*) echo unstable ;;
	*) echo host ;;
	esac
	exit 0
fi

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
unstable|[0-9]*.[0-9]*)
	case $sel in *-*) rel=$sel ;; *)
		rel=$(cat "$cache/sid/release" 2>/dev/null) ||
			{ echo "kver.sh: no unstable tree yet (scripts/sid-tree.sh)" >&2; exit 1; }
		mm=$(echo "$rel" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
		case $sel in unstable|"$mm"|"${rel%%[-+]*}"|"${rel%-*}") ;; *)
			echo "kver.sh: no kernel $sel here: 6.1, 6.12, debug, unstable (now $rel, also $mm) or a full release" >&2
			exit 1 ;;
		esac ;;
	esac ;;
*)	rel=$sel ;;
esac

if [ "$sel" = debug ]; then
	root=
elif ! on_host "$rel" &&
     { [ -e "$sid/boot/vmlinuz-$rel" ] || [ -d "$sid/usr/src/linux-headers-$rel" ]; }; then
	root=$sid
else
	root=/
fi

case $what in
release) echo "$rel" ;;
kdir)
	if [ "$sel" = debug ]; then
		echo "$cache/debug-kernel/linux"
	elif [ -d "${root%/}/usr/src/linux-headers-$rel" ]; then
		echo "${root%/}/usr/src/linux-headers-$rel"
	else
		echo "${root%/}/lib/modules/$rel/build"
	fi
	;;
image)
	if [ "$sel" = debug ]; then
		echo "$cache/debug-kernel/linux/arch/x86/boot/bzImage"
	else
		echo "${root%/}/boot/vmlinuz-$rel"
	fi
	;;
root) echo "$root" ;;
*)	echo "kver.sh: unknown query $what" >&2; exit 2 ;;
esac
