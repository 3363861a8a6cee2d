#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: boot one VM, run selftests/run-tests in it, and make sure the
# last line printed is "N passed, N failed, N skipped" even when the VM
# finds a kernel splat or leak, times out or dies (counted as a failure,
# plus every test that did not get to run).
#   scripts/check.sh [--kver K|--debug] [NAME...]
set -u

repo=$(cd "$(dirname "$0")/.." && pwd -P)
vmflags=()
while [ $# -gt 0 ]; do
	case $1 in
	--kver) vmflags+=("$1" "$2"); shift 2 ;;
	--debug) vmflags+=("$1"); shift ;;
	*) break ;;
	esac
done

out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
"$repo/selftests/vm-run" "${vmflags[@]}" -- selftests/run-tests "$@" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
secs=$(( $(date +%s) - start ))

plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$out" | head -1)
oks=$(grep -cE '^ok [0-9]+ ' "$out")
skips=$(grep -cE '^ok [0-9]+ .*# SKIP' "$out")
notoks=$(grep -cE '^not ok [0-9]+ ' "$out")
final=$(grep -cE '^[0-9]+ passed, [0-9]+ failed' "$out")

if [ "$final" -gt 0 ] && { [ "$rc" = 0 ] || [ "$rc" = 1 ]; }; then
	# Keep the summary the very last line.
	tail -1 "$out" | grep -qE '^[0-9]+ passed, [0-9]+ failed' ||
		grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1
	exit "$rc"
fi

echo "# check: vm-run exit $rc after ${secs}s"
case $rc in
124) why="the VM timed out" ;;
125) why="the kernel logged a splat or kmemleak found a leak" ;;
126) why="the VM died before the tests finished" ;;
*) why="vm-run failed with exit $rc" ;;
esac
missing=0
[ -n "$plan" ] && missing=$(( plan - oks - notoks ))
[ "$missing" -lt 0 ] && missing=0
echo "not ok kernel # $why (counted as a failure; $missing test(s) did not run)"
echo "$((oks - skips)) passed, $((notoks + missing + 1)) failed, $skips skipped"
exit 1
