#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The newest kernel Debian ships (unstable's linux-image-amd64): its headers
# need a newer compiler and C library than the host has, so the module is
# built in a debootstrapped unstable tree, and the test VM boots that
# tree's kernel image with its modules (the VM's root stays the host's).
#
#   scripts/sid-tree.sh [--refresh]    set up or refresh; print the release
#   scripts/sid-tree.sh run DIR CMD...  run CMD in the tree, in DIR, which
#                                       is the host's DIR bound there
#
# Cache: ${VSWITCH_CACHE:-<repo>/.cache}/sid/
#   root/       unstable minbase + linux-headers-amd64, gcc, make; the
#               kernel image's files unpacked into it (no postinst: no
#               initramfs is needed, the VM brings its own)
#   release     the kernel release, e.g. 7.2.13+deb14-amd64
#   stamp       when the tree last looked for a newer kernel
#
# The tree looks for a newer kernel (apt-get update, then the meta
# packages' current dependency) when it is older than
# VSWITCH_SID_MAX_AGE seconds (default 86400) or with --refresh, so CI
# meets a new kernel the day unstable ships it. The mirror is the one
# this machine's apt sources use for its own release: no archive host is
# named here. Prints progress on stderr and the release on stdout.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd -P)
cache=${VSWITCH_CACHE:-$repo/.cache}
dir=$cache/sid
root=$dir/root
max_age=${VSWITCH_SID_MAX_AGE:-86400}
refresh=0
case ${1:-} in
--refresh) refresh=1 ;;
run) [ $# -ge 3 ] || { echo "usage: sid-tree.sh run DIR CMD..." >&2; exit 2; } ;;
"") ;;
*) echo "usage: sid-tree.sh [--refresh] | run DIR CMD..." >&2; exit 2 ;;
esac

log() { echo "sid-tree: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot)"
command -v debootstrap > /dev/null || die "debootstrap missing (make deps)"
mkdir -p "$dir"

# Run a command in the tree with /proc (objtool needs it), /dev and
# optionally a host directory bound at its own path, in a private mount
# namespace so that nothing stays mounted afterwards.
in_root_at() {
	local bind=$1
	shift
	unshare -m --propagation private -- sh -c '
		root=$1 bind=$2; shift 2
		mount -t proc proc "$root/proc" || exit 1
		mount --rbind /dev "$root/dev" || exit 1
		if [ -n "$bind" ]; then
			mkdir -p "$root$bind" && mount --bind "$bind" "$root$bind" || exit 1
		fi
		exec chroot "$root" sh -c "cd \"\${1:-/}\" && shift && exec \"\$@\"" sh "$bind" "$@"' \
		sh "$root" "$bind" \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
		DEBIAN_FRONTEND=noninteractive \
		${http_proxy:+http_proxy="$http_proxy"} \
		${https_proxy:+https_proxy="$https_proxy"} \
		${no_proxy:+no_proxy="$no_proxy"} "$@"
}
in_root() { in_root_at "" "$@"; }

# Readers share the lock; setting up or refreshing takes it alone, so a
# build waits for a tree being made in the background.
exec 9>"$dir/.lock"
if [ "${1:-}" = run ]; then
	flock -s 9
	[ -f "$dir/release" ] || die "no tree yet: run scripts/sid-tree.sh first"
	bind=$(cd "$2" && pwd -P)
	shift 2
	in_root_at "$bind" "$@"
	exit
fi
flock 9

# The URI of the Debian archive this machine installs its own release from.
mirror() {
	local codename
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	apt-get indextargets --format '$(SITE) $(RELEASE) $(COMPONENT)' \
		'Created-By: Packages' 2> /dev/null |
		awk -v c="$codename" '$2 == c && $3 == "main" { print $1; exit }'
}

# The kernel release the unstable meta package points at now.
newest_release() {
	in_root dpkg-query -W -f='${Depends}' linux-headers-amd64 |
		tr ',' '\n' | sed -n 's/^ *linux-headers-\([^ ]*\).*/\1/p' | head -1
}

# A kernel is ready once its files are unpacked and indexed (the mark is
# written last, so an interrupted unpack is done again).
ready() {
	[ -f "$dir/release" ] && [ -f "$dir/ready-$(cat "$dir/release")" ]
}
fresh() {
	ready && [ -f "$dir/stamp" ] &&
		[ $(( $(date +%s) - $(stat -c %Y "$dir/stamp") )) -lt "$max_age" ]
}

if [ $refresh = 0 ] && fresh; then
	cat "$dir/release"
	exit 0
fi
# A refresh that fails (no network, an archive in transition) keeps a
# tree that works: a warning, the kernel it has, and another try next time.
stale() {
	log "$*"
	if [ $refresh = 0 ] && ready; then
		log "keeping $(cat "$dir/release") for now"
		cat "$dir/release"
		exit 0
	fi
	exit 1
}

start=$(date +%s)
if [ ! -x "$root/usr/bin/apt-get" ] || [ ! -f "$root/.vswitch-complete" ]; then
	uri=$(mirror)
	[ -n "$uri" ] || die "no Debian archive found in this machine's apt sources"
	log "debootstrap unstable from $uri into $root (log: $dir/debootstrap.log)"
	rm -rf "$root"
	debootstrap --variant=minbase unstable "$root" "$uri" \
		> "$dir/debootstrap.log" 2>&1 ||
		{ tail -20 "$dir/debootstrap.log" >&2; die "debootstrap failed"; }
	# Snapshots of the archive keep their Release files past Valid-Until.
	echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/99vswitch"
	printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-exclude /usr/share/man/*' \
		'path-exclude /usr/share/locale/*' > "$root/etc/dpkg/dpkg.cfg.d/99vswitch"
	touch "$root/.vswitch-complete"
fi

log "looking for unstable's newest kernel (log: $dir/apt.log)"
# The whole tree follows unstable, so that its installs keep resolving;
# a run cut short before is finished first.
{
	in_root dpkg --configure -a &&
	in_root apt-get update -q &&
	in_root apt-get install -y -q -f &&
	in_root apt-get full-upgrade -y -q --no-install-recommends &&
	in_root apt-get install -y -q --no-install-recommends \
		linux-headers-amd64 gcc make libc6-dev &&
	in_root apt-get autoremove -y -q --purge &&
	in_root apt-get clean
} > "$dir/apt.log" 2>&1 || { tail -20 "$dir/apt.log" >&2; stale "apt-get in the tree failed"; }

rel=$(newest_release)
[ -n "$rel" ] || die "linux-headers-amd64 names no kernel release"
if [ ! -f "$dir/ready-$rel" ]; then
	# Unpacked, not installed: its postinst would build an initramfs and
	# pull in a boot loader's hooks; the VM needs the image and modules.
	log "unpacking linux-image-$rel"
	# The image package, and the packages of this release it depends on
	# (newer kernels split it into linux-binary-, linux-modules-...).
	debs="linux-image-$rel $(in_root apt-cache depends linux-image-"$rel" |
		sed -n "s/^ *Depends: \(linux-[^ ]*-$rel\)\$/\1/p" | sort -u | xargs)"
	rm -rf "$root/tmp/debs" && mkdir -p -m 0777 "$root/tmp/debs"
	# shellcheck disable=SC2086
	in_root sh -c "cd /tmp/debs && apt-get download -q $debs" \
		>> "$dir/apt.log" 2>&1 || stale "cannot download $debs"
	for deb in "$root"/tmp/debs/*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	rm -rf "$root/tmp/debs"
	# Newer packages keep the image beside the modules and leave the
	# /boot name to their postinst.
	[ -e "$root/boot/vmlinuz-$rel" ] || [ ! -f "$root/lib/modules/$rel/vmlinuz" ] ||
		ln -s "../lib/modules/$rel/vmlinuz" "$root/boot/vmlinuz-$rel"
fi
[ -f "$root/boot/vmlinuz-$rel" ] || die "no $root/boot/vmlinuz-$rel"
[ -d "$root/lib/modules/$rel/kernel" ] || die "no modules for $rel in the tree"
# The index the postinst would have made: the VM's initramfs is put
# together with modprobe -d on it.
depmod -b "$root" "$rel"
touch "$dir/ready-$rel"

# Older kernels in the tree are of no use once a newer one is there (their
# headers went with apt-get autoremove).
for old in "$root"/boot/vmlinuz-*; do
	o=${old#"$root"/boot/vmlinuz-}
	[ "$o" = "$rel" ] && continue
	log "removing the older $o"
	rm -rf "$old" "$root/lib/modules/$o" "$dir/ready-$o"
done

echo "$rel" > "$dir/release.new"
mv "$dir/release.new" "$dir/release"
touch "$dir/stamp"
log "ready: $rel ($(( $(date +%s) - start )) s)"
echo "$rel"
