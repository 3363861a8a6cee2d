#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel the selftests boot with --debug / DEBUG=1:
# Debian's linux-source-6.1 + x86_64 defconfig + kvm_guest.config +
# selftests/config-debug (merge_config.sh). Everything the suite needs is
# built in. The build tree is kept so the module can be built against it.
#
# Cache: ${VSWITCH_CACHE:-<repo>/.cache}/debug-kernel/
#   linux/      build tree (KDIR), linux/arch/x86/boot/bzImage
#   mod/        modules_install output (modules.builtin etc.)
#   release     kernel release string
#   stamp       hash of the inputs; the build is reused while it matches
#
# Prints nothing but progress on stderr; prints the build tree path on stdout.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${VSWITCH_CACHE:-$repo/.cache}
dir=$cache/debug-kernel
frag=$repo/selftests/config-debug
src_tar=${VSWITCH_KSRC_TAR:-/usr/src/linux-source-6.1.tar.xz}
jobs=${JOBS:-$(($(nproc) + 1))}

log() { echo "build-debug-kernel: $*" >&2; }

[ -f "$src_tar" ] || { log "missing $src_tar (make deps)"; exit 1; }
mkdir -p "$dir"

# One builder at a time.
exec 9>"$dir/.lock"
flock 9

src_ver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || stat -c %Y "$src_tar")
stamp=$( { echo "v1 $src_ver"; cat "$frag"; } | sha256sum | cut -d' ' -f1)

if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ] &&
   [ -f "$dir/linux/arch/x86/boot/bzImage" ] && [ -f "$dir/release" ]; then
	log "up to date: $(cat "$dir/release")"
	echo "$dir/linux"
	exit 0
fi

start=$(date +%s)
log "building (inputs changed or no build yet); log: $dir/build.log"
rm -rf "$dir/linux" "$dir/mod" "$dir/stamp" "$dir/release"
{
	tmp=$dir/.extract
	rm -rf "$tmp" && mkdir -p "$tmp"
	tar -C "$tmp" -xf "$src_tar"
	mv "$tmp"/linux-source-6.1 "$dir/linux"
	rmdir "$tmp"
	cd "$dir/linux"
	make -s x86_64_defconfig
	KCONFIG_CONFIG=.config scripts/kconfig/merge_config.sh -m .config \
		kernel/configs/kvm_guest.config "$frag"
	echo 'CONFIG_LOCALVERSION="-vswitch-debug"' >> .config
	echo '# CONFIG_LOCALVERSION_AUTO is not set' >> .config
	make olddefconfig
	make -j"$jobs" bzImage modules
	make modules_prepare
	make -s INSTALL_MOD_PATH="$dir/mod" modules_install
} > "$dir/build.log" 2>&1 || { log "FAILED, tail of $dir/build.log:"; tail -40 "$dir/build.log" >&2; exit 1; }

cd "$dir/linux"
# Report fragment options that did not survive olddefconfig.
lost=0
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*} val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" .config && { log "note: $opt is set (wanted n)"; lost=1; }
	else
		grep -qx "$opt=$val" .config || { log "note: $line not in final .config"; lost=1; }
	fi
done < "$frag"
[ $lost = 0 ] || log "(notes above are informational: options absent in 6.1 or implied otherwise)"

make -s kernelrelease > "$dir/release"
echo "$stamp" > "$dir/stamp"
log "done: $(cat "$dir/release") in $(( $(date +%s) - start ))s"
echo "$dir/linux"
