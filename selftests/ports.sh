#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Ports: attach and detach by vswctl and by `ip link set master`, one switch
# per port, refusals naming the owner, ports that disappear (peer deleted,
# namespace deleted, moved away, tap deleted), switch deletion and module
# unload with ports present.
#
#   +--------------- sw0 (host-only) ---------------+   sw1 (internal)
#   | vp1        vp2        vp3        tap0          |
#   +-|----------|----------|-----------------------+
#    g1 eth0    g2 eth0    g3 eth0

ALL_TESTS="attach_detach one_owner wifi_station disappearing_ports
	   delete_switch rmmod_with_ports"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip

M1=02:79:00:00:00:11
M2=02:79:00:00:00:12
M3=02:79:00:00:00:13
MON=$(mktemp)
MONPID=

cleanup() {
	[ -n "$MONPID" ] && monitor_stop
	MONPID=
	for d in sw0 sw1 br0 bond0 tap0 mv0 vx0 dm0 ipip0; do
		ip link del $d 2> /dev/null
	done
	cleanup_ns
}
trap 'cleanup; rm -f "$MON"' EXIT

setup() {
	cleanup
	modprobe vswitch
	setup_ns g1 g2 g3
	vswctl switch add sw0 mode host-only || return 1
	add_guest "$g1" vp1 10.79.0.11/24 $M1
	add_guest "$g2" vp2 10.79.0.12/24 $M2
	add_guest "$g3" vp3 10.79.0.13/24 $M3
	monitor_start "$MON" sw0
}

promisc() {	# promisc DEV: the device's promiscuity count
	ip -d -j link show "$1" | $PY -c 'import json,sys; print(json.load(sys.stdin)[0]["promiscuity"])'
}

master_of() {
	ip -j link show "$1" | $PY -c 'import json,sys; print(json.load(sys.stdin)[0].get("master", "-"))'
}

ports_of() {
	vswctl port show "$1" | awk '{print $1}' | sort | xargs
}

attach_detach() {
	setup
	check_err $? "setup"
	vswctl port add sw0 vp1
	check_err $? "vswctl port add"
	ip link set vp2 master sw0
	check_err $? "ip link set master"
	check_eq "$(ports_of sw0)" "vp1 vp2" "ports of sw0"
	check_eq "$(switch_field sw0 ports)" 2 "port count"
	check_eq "$(master_of vp1) $(master_of vp2)" "sw0 sw0" "masters"
	check_eq "$(promisc vp1) $(promisc vp2)" "1 1" "promiscuity of the ports"
	check_eq "$(vswctl port show sw0 | grep '^vp1 ')" "vp1 switch sw0 fdb-max 0 fdb-count 0" "port show line"
	busywait 5000 grep -q "port-added vp2 switch sw0" "$MON"
	check_err $? "no port-added event for vp2"

	ip netns exec "$g1" ping -c 1 -W 2 10.79.0.12 > /dev/null
	check_err $? "g1 cannot reach g2"

	vswctl port del vp1
	check_err $? "vswctl port del"
	ip link set vp2 nomaster
	check_err $? "ip link set nomaster"
	check_eq "$(ports_of sw0)" "" "ports of sw0 after detaching"
	check_eq "$(master_of vp1) $(master_of vp2)" "- -" "masters after detaching"
	check_eq "$(promisc vp1) $(promisc vp2)" "0 0" "promiscuity restored"
	check_eq "$(fdb_count sw0)" 1 "FDB after detaching (local only)"
	busywait 5000 grep -q "port-removed vp1 switch sw0" "$MON"
	check_err $? "no port-removed event for vp1"
	busywait 5000 grep -q "deleted $M1 dev vp1 vlan 0 switch sw0" "$MON"
	check_err $? "no deleted event for the entry behind vp1"
	log_test "ports attach and detach by vswctl and by ip link"
}

one_owner() {
	local out

	setup
	check_err $? "setup"
	vswctl switch add sw1
	vswctl port add sw0 vp1
	out=$(vswctl port add sw1 vp1 2>&1)
	check_fail $? "a port of sw0 was attached to sw1"
	check_eq "$out" "Error: vp1 is already enslaved to sw0" "second switch refusal"
	check_eq "$(master_of vp1)" sw0 "owner after the refusal"
	ip link add br0 type bridge
	ip link set vp2 master br0
	out=$(vswctl port add sw0 vp2 2>&1)
	check_fail $? "a bridge port was attached"
	check_eq "$out" "Error: vp2 is already enslaved to br0" "bridge port refusal"

	if ip link add bond0 type bond 2> /dev/null; then
		ip link set vp3 down
		ip link set vp3 master bond0
		out=$(vswctl port add sw0 vp3 2>&1)
		check_fail $? "a bond slave was attached"
		check_eq "$out" "Error: vp3 is already enslaved to bond0" "bond slave refusal"
		ip link set vp3 nomaster
	fi

	ip link add mv0 link vp3 type macvlan
	out=$(vswctl port add sw0 vp3 2>&1)
	check_fail $? "a macvlan lower device was attached"
	check_eq "$out" "Error: vp3 is in use by mv0 (rx handler taken)" "macvlan lower refusal"
	ip link del mv0

	out=$(vswctl port add sw0 sw1 2>&1)
	check_fail $? "a switch was attached to a switch"
	check_eq "$out" "Error: a switch cannot be a port of a switch" "switch as port"
	out=$(vswctl port add sw0 lo 2>&1)
	check_fail $? "loopback was attached"
	check_eq "$out" "Error: lo is not an Ethernet device" "loopback refusal"
	ip link add ipip0 type ipip remote 10.1.1.1 local 10.1.1.2 2> /dev/null || ip tuntap add ipip0 mode tun
	out=$(vswctl port add sw0 ipip0 2>&1)
	check_fail $? "a non-Ethernet device was attached"
	check_eq "$out" "Error: ipip0 is not an Ethernet device" "non-Ethernet refusal"

	check_eq "$(ports_of sw0)" "vp1" "ports of sw0 after the refusals"
	check_eq "$(ports_of sw1)" "" "ports of sw1 after the refusals"
	check_eq "$(promisc vp2) $(promisc vp3)" "1 0" "promiscuity untouched by refusals (vp2: bridge's)"

	# `ip link set DEV master X` moves a device between masters, as for
	# every Linux master device: the old one releases it first.
	ip link set vp1 master sw1
	check_err $? "ip link set master to move a port"
	check_eq "$(ports_of sw0)|$(ports_of sw1)" "|vp1" "ports after the move"
	check_eq "$(promisc vp1)" 1 "promiscuity after the move"
	log_test "a port belongs to one owner; refusals name it"
}

# A Wi-Fi station (managed mode, no 4addr: cfg80211 sets IFF_DONT_BRIDGE)
# sends from its own address only: as a port or an uplink it is refused,
# as the Linux bridge refuses it, instead of losing every guest's frame.
wifi_station() {
	local out wl

	setup
	check_err $? "setup"
	modprobe mac80211_hwsim radios=1 2> /dev/null ||
		{ echo "SKIP: wifi_station: no mac80211_hwsim in this kernel"; return; }
	busywait 5000 sh -c 'ls /sys/class/ieee80211/*/device/net/ > /dev/null 2>&1'
	wl=$(ls /sys/class/ieee80211/*/device/net/ | head -1)
	if [ -z "$wl" ]; then
		rmmod mac80211_hwsim
		echo "SKIP: wifi_station: mac80211_hwsim made no interface"
		return
	fi
	out=$(vswctl port add sw0 "$wl" 2>&1)
	check_fail $? "a Wi-Fi station was attached"
	check_eq "$out" "Error: $wl does not allow bridging (a Wi-Fi station without 4addr)" "port add refusal"
	out=$(ip link set "$wl" master sw0 2>&1)
	check_fail $? "ip link set master attached a Wi-Fi station"
	check_match "$out" "^Error: $wl does not allow bridging \\(a Wi-Fi station without 4addr\\)" "ip link refusal"
	out=$(vswctl switch add sw1 mode bridged uplink "$wl" 2>&1)
	check_fail $? "a Wi-Fi station became an uplink"
	check_eq "$out" "Error: $wl does not allow bridging (a Wi-Fi station without 4addr)" "uplink refusal"
	check_eq "$(ip -o link show type vswitch | awk '{print $2}' | xargs)" "sw0:" "switches after the refusals"
	check_eq "$(ports_of sw0) $(master_of "$wl")" " -" "ports of sw0, master of $wl"
	rmmod mac80211_hwsim
	log_test "a Wi-Fi station is refused as a port and as an uplink"
}

disappearing_ports() {
	setup
	check_err $? "setup"
	ip tuntap add tap0 mode tap
	for p in vp1 vp2 vp3 tap0; do vswctl port add sw0 $p; done
	ip netns exec "$g1" ping -c 1 -W 2 10.79.0.12 > /dev/null
	ip netns exec "$g3" ping -c 1 -W 2 10.79.0.12 > /dev/null
	check_eq "$(fdb_count sw0)" 4 "FDB with three stations"

	# The guest's end of the veth goes: the port goes with it.
	ip -n "$g1" link del eth0
	check_eq "$(ports_of sw0)" "tap0 vp2 vp3" "ports after deleting g1's veth"
	check_eq "$(fdb_entry sw0 $M1)" "" "entry behind the deleted port"
	busywait 5000 grep -q "port-removed vp1 switch sw0" "$MON"
	check_err $? "no port-removed event for vp1"

	# The guest's namespace goes: its veth and our port go with it.
	ip netns del "$g2"
	busywait 5000 sh -c '! ip link show vp2 > /dev/null 2>&1'
	check_eq "$(ports_of sw0)" "tap0 vp3" "ports after deleting g2's namespace"
	check_eq "$(fdb_entry sw0 $M2)" "" "entry behind the port of the deleted namespace"

	# A port moved to another namespace leaves the switch.
	ip link set vp3 netns "$g1"
	check_eq "$(ports_of sw0)" "tap0" "ports after moving vp3 away"
	check_eq "$(fdb_entry sw0 $M3)" "" "entry behind the moved port"
	check_eq "$(ip -n "$g1" -j link show vp3 | $PY -c 'import json,sys; print(json.load(sys.stdin)[0].get("master", "-"))')" "-" "moved port has no master"

	# QEMU exits: its tap goes.
	ip link del tap0
	check_eq "$(ports_of sw0)" "" "ports after deleting the tap"
	check_eq "$(switch_field sw0 ports)" 0 "port count"
	check_eq "$(fdb_count sw0)" 1 "FDB with no ports (local only)"
	log_test "ports that disappear are detached with their entries"
}

delete_switch() {
	setup
	check_err $? "setup"
	vswctl port add sw0 vp1
	ip link set vp2 master sw0
	ip netns exec "$g1" ping -c 1 -W 2 10.79.0.12 > /dev/null
	vswctl switch del sw0
	check_err $? "switch del"
	check_fail "$(ip link show sw0 > /dev/null 2>&1; echo $?)" "sw0 still exists"
	check_eq "$(master_of vp1) $(master_of vp2)" "- -" "ports' masters after switch del"
	check_eq "$(promisc vp1) $(promisc vp2)" "0 0" "ports' promiscuity after switch del"
	vswctl switch add sw0 mode host-only
	ip link set vp1 master sw0
	ip link del sw0
	check_err $? "ip link del"
	check_eq "$(master_of vp1)" "-" "port's master after ip link del"
	log_test "deleting a switch releases its ports"
}

rmmod_with_ports() {
	setup
	check_err $? "setup"
	vswctl port add sw0 vp1
	vswctl port add sw0 vp2
	vswctl switch add sw1 mode internal
	vswctl port add sw1 vp3
	ip netns exec "$g1" ping -c 1 -W 2 10.79.0.12 > /dev/null
	vswctl fdb add sw0 02:79:00:00:00:99 dev vp2
	monitor_stop
	MONPID=
	vsw_unload
	check_err $? "rmmod with switches and ports present"
	check_fail "$(grep -q '^vswitch ' /proc/modules; echo $?)" "module still loaded"
	check_eq "$(ip -br link show type vswitch 2> /dev/null | wc -l)" 0 "switches after rmmod"
	check_eq "$(master_of vp1) $(master_of vp2) $(master_of vp3)" "- - -" "masters after rmmod"
	check_eq "$(promisc vp1) $(promisc vp3)" "0 0" "promiscuity after rmmod"
	modprobe vswitch
	check_err $? "modprobe after rmmod"
	vswctl switch add sw0 && vswctl port add sw0 vp1
	check_err $? "a switch and a port after reloading"
	log_test "rmmod with switches and ports present"
}

tests_run
