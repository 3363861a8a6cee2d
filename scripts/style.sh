#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make style: checkpatch --strict over the module and uapi, sparse over the
# module (make C=2), cppcheck over tools/*.c and selftests/fuzz/*.c. Non-zero on any finding.
# checkpatch.pl and its data files come from Debian's linux-source-6.1,
# extracted once into ${VSWITCH_CACHE:-.cache}/checkpatch/.
set -u

repo=$(cd "$(dirname "$0")/.." && pwd -P)
cache=${VSWITCH_CACHE:-$repo/.cache}
src_tar=${VSWITCH_KSRC_TAR:-/usr/src/linux-source-6.1.tar.xz}
cd "$repo"
failed=()

# --- checkpatch ---
cp_dir=$cache/checkpatch
if [ ! -x "$cp_dir/checkpatch.pl" ]; then
	mkdir -p "$cp_dir"
	echo "  EXTRACT checkpatch.pl from $src_tar"
	tar -xJf "$src_tar" -C "$cp_dir" --strip-components=2 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch || exit 1
fi
files=()
for f in kmod/*.c kmod/*.h uapi/linux/*.h; do [ -f "$f" ] && files+=("$f"); done
echo "== checkpatch --strict (${#files[@]} files)"
if [ ${#files[@]} -gt 0 ]; then
	"$cp_dir/checkpatch.pl" --strict --no-tree --terse --show-types \
		-f "${files[@]}" ||
		failed+=(checkpatch)
fi

# --- sparse ---
echo "== sparse (make C=2)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$repo/scripts/build-module.sh" "${KSEL:-6.1}" C=2 > "$log" 2>&1; then
	grep -E 'warning:|error:' "$log" || tail -20 "$log"
	failed+=(sparse)
else
	echo "clean"
fi

# --- cppcheck ---
csrc=()
for f in tools/*.c tools/qemu/*.c selftests/fuzz/*.c; do [ -f "$f" ] && csrc+=("$f"); done
echo "== cppcheck (${#csrc[@]} files)"
if [ ${#csrc[@]} -gt 0 ]; then
	cppcheck -q --enable=warning,style,performance,portability \
		--error-exitcode=1 --inline-suppr -I uapi -I tools \
		--suppress=missingIncludeSystem "${csrc[@]}" || failed+=(cppcheck)
fi

if [ ${#failed[@]} -gt 0 ]; then
	echo "style: findings from: ${failed[*]}"
	exit 1
fi
echo "style: clean"
