#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Namespaces and privileges: switches work in any network namespace and are
# invisible from the others; changes need CAP_NET_ADMIN over the switch's
# namespace; namespace teardown cleans up switches and ports.
#
#   ns a: sw0 (host-only) + va/vb ports      ns b: sw0 (internal)
#   host: sw0 (host-only) + vp1

ALL_TESTS="isolation privileges userns teardown"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip setpriv unshare

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"

cleanup() {
	ip link del sw0 2> /dev/null
	ip link del vp1 2> /dev/null
	cleanup_ns
}
trap cleanup EXIT

isolation() {
	cleanup
	modprobe vswitch
	setup_ns a b
	vswctl switch add sw0 mode host-only
	ip netns exec "$a" vswctl switch add sw0 mode host-only
	ip netns exec "$b" vswctl switch add sw0
	check_err $? "the same name in three namespaces"
	ip -n "$a" link add va type veth peer name vb
	ip netns exec "$a" vswctl port add sw0 va
	check_eq "$(ip netns exec "$a" vswctl switch show | awk '{print $1, $3, $NF}')" "sw0 host-only 1" "switches seen from a"
	check_eq "$(ip netns exec "$b" vswctl switch show | awk '{print $1, $3, $NF}')" "sw0 internal 0" "switches seen from b"
	check_eq "$(vswctl switch show | awk '{print $1, $3, $NF}')" "sw0 host-only 0" "switches seen from the host"
	check_eq "$(vswctl port show)" "" "ports seen from the host"
	check_eq "$(ip netns exec "$b" vswctl port show)" "" "ports seen from b"
	check_eq "$(ip netns exec "$a" vswctl port show | awk '{print $1, $3}')" "va sw0" "ports seen from a"
	# An ifindex from another namespace names nothing here.
	local idx
	idx=$(ip netns exec "$a" cat /sys/class/net/va/ifindex)
	ip link add vp1 type veth peer name vp1p
	[ "$idx" != "$(cat /sys/class/net/vp1/ifindex)" ] &&
		check_eq "$($PY lib/nlraw.py genl 2 10:u32:"$idx")" "-19 no such port device" "a port's ifindex from another namespace"
	# A switch stays in its namespace.
	ip link set sw0 netns "$b" 2> /dev/null
	check_fail $? "a switch moved to another namespace"
	log_test "switches live in one namespace and are invisible from the others"
}

privileges() {
	cleanup
	modprobe vswitch
	vswctl switch add sw0 mode host-only
	ip link add vp1 type veth peer name vp1p
	vswctl port add sw0 vp1
	check_eq "$($NOBODY vswctl switch show sw0 | awk '{print $1}')" sw0 "unprivileged switch show"
	check_eq "$($NOBODY vswctl port show sw0 | awk '{print $1}')" vp1 "unprivileged port show"
	check_eq "$($NOBODY vswctl fdb flush sw0 2>&1)" "Error: Operation not permitted" "unprivileged fdb flush"
	check_eq "$($NOBODY vswctl fdb add sw0 02:00:00:00:00:01 dev vp1 2>&1)" "Error: Operation not permitted" "unprivileged fdb add"
	check_eq "$($NOBODY vswctl port set vp1 fdb-max 1 2>&1)" "Error: Operation not permitted" "unprivileged port set"
	check_eq "$(vswctl port show sw0 | awk '{print $5}')" 0 "port fdb-max after the refusal"
	check_eq "$(fdb_count sw0)" 1 "FDB after the refusals"
	log_test "changes need CAP_NET_ADMIN, reading does not"
}

userns() {
	local out

	cleanup
	modprobe vswitch
	[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2> /dev/null || echo 1)" = 1 ] ||
		{ echo "SKIP: unprivileged user namespaces are disabled"; return; }
	# Root of a user namespace owns its network namespace's switches.
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn sh -c '
		ip link add sw0 type vswitch &&
		ip link add va type veth peer name vb &&
		vswctl port add sw0 va &&
		vswctl fdb add sw0 02:00:00:00:00:01 dev va &&
		vswctl fdb show sw0 | grep -c static' 2>&1)
	check_eq "$out" 1 "switch, port and static entry made inside a user namespace"
	log_test "CAP_NET_ADMIN in the switch's user namespace is enough"
}

teardown() {
	cleanup
	modprobe vswitch
	setup_ns a
	ip netns exec "$a" vswctl switch add sw0 mode host-only
	ip netns exec "$a" vswctl switch add sw1
	ip -n "$a" link add va type veth peer name vb
	ip -n "$a" link add vc type veth peer name vd
	ip netns exec "$a" vswctl port add sw0 va
	ip netns exec "$a" vswctl port add sw1 vc
	ip netns exec "$a" vswctl fdb add sw0 02:00:00:00:00:01 dev va
	ip link add vp1 type veth peer name vp1p netns "$a"
	ip netns exec "$a" vswctl port add sw0 vp1p
	ip netns del "$a"
	NS_LIST=()
	busywait 10000 sh -c '! ip link show vp1 > /dev/null 2>&1'
	check_err $? "the host end of a veth into the deleted namespace is still there"
	rmmod vswitch
	check_err $? "rmmod after the namespace teardown"
	modprobe vswitch
	log_test "deleting a namespace deletes its switches and their ports"
}

tests_run
