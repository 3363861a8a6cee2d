#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Namespaces and privileges: switches work in any network namespace and are
# invisible from the others; changes need CAP_NET_ADMIN over the switch's
# namespace; namespace teardown cleans up switches and ports.
#
#   ns a: sw0 (host-only) + va/vb ports      ns b: sw0 (internal)
#   host: sw0 (host-only) + vp1

ALL_TESTS="isolation create_in privileges userns teardown"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip setpriv unshare

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"

cleanup() {
	ip link del sw0 2> /dev/null
	ip link del vp1 2> /dev/null
	ip link del hx 2> /dev/null
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

# A switch made from one namespace for another (IFLA_NET_NS_FD, ip link
# add ... netns X) is created there: its name, its ports and its uplink's
# ifindex are that namespace's on every kernel. A link namespace
# (IFLA_LINK_NETNSID) means nothing to a switch and is refused.
create_in() {
	local out

	cleanup
	modprobe vswitch
	setup_ns a b
	ip link add sw0 netns "$a" type vswitch
	check_err $? "ip link add sw0 netns A type vswitch"
	check_eq "$(ip -n "$a" -d -o link show sw0 | grep -o ' vswitch ' | tr -d ' ')" vswitch "sw0 is a switch in A"
	ip link show sw0 > /dev/null 2>&1
	check_fail $? "sw0 in the caller's namespace"
	check_eq "$(ip netns exec "$a" vswctl switch show | awk '{print $1, $3}')" "sw0 internal" "switch show in A"
	ip -n "$a" link add va type veth peer name vb
	ip -n "$a" link set va master sw0
	check_err $? "ip -n A link set va master sw0"
	check_eq "$(ip netns exec "$a" vswctl port show | awk '{print $1, $3}')" "va sw0" "A's device is sw0's port"

	# Bridged, for B, with B's device as uplink, named by its ifindex in
	# B; an ifindex of the caller's namespace names nothing there.
	ip -n "$b" link add up0 index 4000 type veth peer name up0p
	ip -n "$b" link set up0p up
	ip -n "$b" link set up0 up
	ip link add hx index 4001 type veth peer name hxp
	out=$($PY lib/nlraw.py newlink sw1 @28:fd:/run/netns/"$b" 1:u32:3 4:u32:4000)
	check_eq "$out" "0 " "a bridged switch made for B, uplink B's ifindex 4000"
	check_match "$(ip netns exec "$b" vswctl switch show sw1)" '^sw1 mode bridged .* uplink up0$' "sw1's uplink is B's up0"
	check_eq "$(ip -n "$b" -d -o link show up0 | grep -o 'promiscuity [0-9]*')" "promiscuity 1" "B's up0 promiscuous as the uplink"
	out=$($PY lib/nlraw.py newlink sw2 @28:fd:/run/netns/"$b" 1:u32:3 4:u32:4001)
	check_eq "$out" "-19 no such uplink device" "an uplink ifindex of the caller's namespace"
	check_eq "$(ip -n "$b" -o link show type vswitch | awk '{print $2}' | tr '\n' ' ')" "sw1@up0: " "B's switches after the refusal"
	check_eq "$(ip -o link show type vswitch)" "" "the caller's switches"

	# No link namespace, whatever the target.
	out=$(ip link add sw3 link-netns "$a" type vswitch 2>&1)
	check_match "$out" '^Error: a switch has no link namespace: its uplink and ports are in its own' "link-netns refused"
	out=$(ip link add sw3 netns "$b" link-netns "$a" type vswitch 2>&1)
	check_match "$out" '^Error: a switch has no link namespace' "netns B link-netns A refused"
	check_eq "$(ip -o link show type vswitch; ip -n "$b" -o link show sw3 2>/dev/null; ip -n "$a" -o link show sw3 2>/dev/null)" "" "no sw3 anywhere"

	ip -n "$a" link del sw0
	check_err $? "ip -n A link del sw0"
	check_eq "$(ip -n "$a" -o link show va | awk '{print $2, ($0 ~ / master /) ? "master" : "none"}')" \
		"va@vb: none" "va without a master after sw0 went"
	ip -n "$b" link del sw1
	check_eq "$(ip -n "$b" -d -o link show up0 | grep -o 'promiscuity [0-9]*')" "promiscuity 0" "up0 left as it was"
	log_test "a switch made for another namespace is made there, with its devices"
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
