#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Limits: what happens when a table or a number space runs out. Each case
# fills one to its end and checks that the next request is refused with a
# reason, whole, and that freeing one entry makes room again. Slow by
# nature (thousands of objects), and independent of the kernel's version:
# CI runs it on 6.1.

ALL_TESTS="nat_zones_full"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh
source lib/nat.sh

# A namespace has 4095 conntrack zones for nat switches: the next switch is
# refused with a reason, and the refusal leaves nothing half made (its FDB
# held the host's address when the zone ran out: a WARN, a panic under
# panic_on_warn). Deleting one makes room again.
nat_zones_full() {
	local x out

	cleanup
	modprobe vswitch
	setup_ns x
	out=$(ip netns exec "$x" bash -c "$(declare -f nat_cycle); PY=$PY nat_cycle 4095 keep")
	check_eq "$out" "-16 no conntrack zone left for another nat switch" "the 4096th nat switch"
	check_eq "$(ip -n "$x" -o link show type vswitch | wc -l)" 4095 "nat switches in the namespace"
	ip -n "$x" link del vswz17
	ip netns exec "$x" vswctl switch add sw0 mode nat address 10.0.2.2/24
	check_err $? "a nat switch once one was deleted"
	ip netns del "$x"
	NS_LIST=()
	log_test "nat: zones for 4095 nat switches a namespace; the next refused whole"
}

tests_run
