#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who reaches whom on a host-only and on an internal switch.
#
#   host stack: sw0 10.77.0.1/24 (host-only) or no host (internal)
#       |
#   +---+------------------- sw0 ---------------------+
#   | vp1 (veth)           vp2 (veth)          tap0    |
#   +---|--------------------|------------------|------+
#     ns g1: eth0          ns g2: eth0        tapguest.py
#     10.77.0.11           10.77.0.12         10.77.0.13
#
# Guests g1 and g2 are namespaces behind veth ports, the third guest a
# process behind a tap, as QEMU is. Neighbours are static so that every
# counter moves by exactly the frames a test sends.

ALL_TESTS="host_only_reach host_only_tcp host_only_counters internal_reach
	   internal_host_out jumbo"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip ping nc sha256sum ethtool

M1=02:77:00:00:00:11
M2=02:77:00:00:00:12
M3=02:77:00:00:00:13
TAPPID=

cleanup() {
	[ -n "$TAPPID" ] && kill "$TAPPID" 2> /dev/null
	ip link del sw0 2> /dev/null
	ip link del tap0 2> /dev/null
	cleanup_ns
}
trap cleanup EXIT

# setup MODE: sw0 in MODE with g1, g2 and the tap guest attached.
setup() {
	cleanup
	setup_ns g1 g2
	vswctl switch add sw0 mode "$1" || return 1
	add_guest "$g1" vp1 10.77.0.11/24 $M1
	add_guest "$g2" vp2 10.77.0.12/24 $M2
	vswctl port add sw0 vp1 && vswctl port add sw0 vp2 || return 1
	ip tuntap add tap0 mode tap
	vswctl port add sw0 tap0 || return 1
	exec {tapfd}< <(exec $PY lib/tapguest.py tap0 $M3 10.77.0.13)
	TAPPID=$!
	read -r -t 30 line <&"$tapfd"
	[ "$line" = ready ] || return 1
	SWMAC=$(ip -br link show sw0 | awk '{print $3}')
	static_neigh "$g1" 10.77.0.12 $M2
	static_neigh "$g1" 10.77.0.13 $M3
	static_neigh "$g2" 10.77.0.11 $M1
	static_neigh "$g1" 10.77.0.1 "$SWMAC"
	static_neigh "$g2" 10.77.0.1 "$SWMAC"
}

host_only_reach() {
	setup host-only
	check_err $? "setup"
	ip addr add 10.77.0.1/24 dev sw0
	ip neigh replace 10.77.0.11 lladdr $M1 dev sw0 nud permanent
	ip neigh replace 10.77.0.13 lladdr $M3 dev sw0 nud permanent

	ip netns exec "$g1" ping -c 2 -W 2 10.77.0.12 > /dev/null
	check_err $? "g1 cannot reach g2"
	ip netns exec "$g1" ping -c 2 -W 2 10.77.0.13 > /dev/null
	check_err $? "g1 cannot reach the tap guest"
	ip netns exec "$g2" ping -c 2 -W 2 10.77.0.1 > /dev/null
	check_err $? "g2 cannot reach the host"
	ping -c 2 -W 2 10.77.0.11 > /dev/null
	check_err $? "the host cannot reach g1"
	ping -c 2 -W 2 10.77.0.13 > /dev/null
	check_err $? "the host cannot reach the tap guest"
	# ARP through the switch: the host learns a guest it has no entry for.
	ping -c 1 -W 2 10.77.0.12 > /dev/null
	check_err $? "the host cannot resolve and reach g2"
	log_test "host-only: guests, tap guest and host reach each other"
}

# tcp_transfer SERVER_NS SERVER_ADDR CLIENT_NS: 4 MB of random data from
# the client (a namespace, or "" for the host) arrive intact.
tcp_transfer() {
	local sum_in sum_out pid client=()

	[ -n "$3" ] && client=(ip netns exec "$3")
	head -c 4000000 /dev/urandom > /tmp/vsw-tcp.in
	sum_in=$(sha256sum < /tmp/vsw-tcp.in)
	ip netns exec "$1" nc -l -N -p 5001 > /tmp/vsw-tcp.out &
	pid=$!
	busywait 5000 ip netns exec "$1" sh -c 'ss -ltn | grep -q :5001'
	"${client[@]}" nc -N "$2" 5001 < /tmp/vsw-tcp.in || { kill $pid; return 1; }
	wait $pid
	sum_out=$(sha256sum < /tmp/vsw-tcp.out)
	rm -f /tmp/vsw-tcp.in /tmp/vsw-tcp.out
	[ "$sum_out" = "$sum_in" ]
}

host_only_tcp() {
	setup host-only
	check_err $? "setup"
	ip addr add 10.77.0.1/24 dev sw0
	tcp_transfer "$g2" 10.77.0.12 "$g1"
	check_err $? "g1 -> g2 transfer"
	tcp_transfer "$g1" 10.77.0.11 ""
	check_err $? "host -> g1 transfer"
	log_test "host-only: 4 MB TCP transfers guest-guest and host-guest"
}

host_only_counters() {
	local rx1 tx1 rx2 tx2 sw_rx sw_tx flood i vs et

	setup host-only
	check_err $? "setup"
	ip addr add 10.77.0.1/24 dev sw0
	# Teach the switch where g2 and the host are.
	ip netns exec "$g2" ping -c 1 -W 2 10.77.0.11 > /dev/null
	ip netns exec "$g1" ping -c 1 -W 2 10.77.0.12 > /dev/null

	rx1=$(port_stat vp1 rx_packets); tx1=$(port_stat vp1 tx_packets)
	rx2=$(port_stat vp2 rx_packets); tx2=$(port_stat vp2 tx_packets)
	flood=$(port_stat vp1 flooded)
	ip netns exec "$g1" ping -c 5 -i 0.2 -W 2 10.77.0.12 > /dev/null
	check_err $? "g1 cannot reach g2"
	check_eq $(( $(port_stat vp1 rx_packets) - rx1 )) 5 "vp1 rx_packets"
	check_eq $(( $(port_stat vp1 tx_packets) - tx1 )) 5 "vp1 tx_packets"
	check_eq $(( $(port_stat vp2 rx_packets) - rx2 )) 5 "vp2 rx_packets"
	check_eq $(( $(port_stat vp2 tx_packets) - tx2 )) 5 "vp2 tx_packets"
	check_eq $(( $(port_stat vp1 flooded) - flood )) 0 "vp1 flooded"

	# The host sees its own share on sw0: 3 requests in, 3 replies out.
	ip neigh replace 10.77.0.11 lladdr $M1 dev sw0 nud permanent
	sw_rx=$(ip -s -j link show sw0 | $PY -c 'import json,sys; s=json.load(sys.stdin)[0]["stats64"]; print(s["rx"]["packets"], s["tx"]["packets"])')
	ip netns exec "$g1" ping -c 3 -i 0.2 -W 2 10.77.0.1 > /dev/null
	check_err $? "g1 cannot reach the host"
	sw_tx=$(ip -s -j link show sw0 | $PY -c 'import json,sys; s=json.load(sys.stdin)[0]["stats64"]; print(s["rx"]["packets"], s["tx"]["packets"])')
	check_eq "$(( ${sw_tx% *} - ${sw_rx% *} )) $(( ${sw_tx#* } - ${sw_rx#* } ))" "3 3" "sw0 rx/tx packets"

	# A broadcast from g1 is flooded: to g2, the tap guest and the host.
	flood=$(port_stat vp1 flooded); tx2=$(port_stat vp2 tx_packets)
	ip netns exec "$g1" ping -b -c 1 -W 1 10.77.0.255 > /dev/null 2>&1
	check_eq $(( $(port_stat vp1 flooded) - flood )) 1 "vp1 flooded after a broadcast"
	check_eq $(( $(port_stat vp2 tx_packets) - tx2 )) 1 "vp2 tx_packets after a broadcast"

	# ethtool -S sw0: the switch's counters, as vswctl has them (read
	# again if a frame passed between the two).
	for i in 1 2 3; do
		vs=$(vswctl -s switch show sw0 | awk 'NR == 2 {
			for (i = 1; i < NF; i += 2) print $i, $(i + 1) }' | sort)
		et=$(ethtool -S sw0 | awk 'NR > 1 { sub(":", "", $1); print $1, $2 }' | sort)
		[ "$vs" = "$et" ] && break
	done
	check_eq "$(echo "$et" | grep -c .)" 28 "ethtool -S sw0: counters"
	check_eq "$et" "$vs" "ethtool -S sw0 against vswctl -s switch show"
	log_test "host-only: per-port, switch device and ethtool counters move exactly"
}

internal_reach() {
	setup internal
	check_err $? "setup"
	ip netns exec "$g1" ping -c 2 -W 2 10.77.0.12 > /dev/null
	check_err $? "g1 cannot reach g2"
	ip netns exec "$g1" ping -c 2 -W 2 10.77.0.13 > /dev/null
	check_err $? "g1 cannot reach the tap guest"
	tcp_transfer "$g2" 10.77.0.12 "$g1"
	check_err $? "g1 -> g2 TCP transfer"
	log_test "internal: guests reach each other (ping, 4 MB over TCP)"
}

internal_host_out() {
	local drops rx

	setup internal
	check_err $? "setup"
	# Even with an address on sw0, the host is not on the segment.
	ip addr add 10.77.0.1/24 dev sw0
	ip neigh replace 10.77.0.11 lladdr $M1 dev sw0 nud permanent
	rx=$(port_stat vp1 rx_packets)
	drops=$(switch_stat sw0 drop_host)
	ping -c 3 -i 0.2 -W 1 10.77.0.11 > /dev/null
	check_fail $? "the host reached g1 through an internal switch"
	check_eq $(( $(switch_stat sw0 drop_host) - drops )) 3 "drop_host after 3 pings from the host"
	check_eq "$(ip -s -j link show sw0 | $PY -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["tx"]["dropped"])')" 3 "sw0 tx_dropped"

	ip netns exec "$g1" ping -c 3 -i 0.2 -W 1 10.77.0.1 > /dev/null
	check_fail $? "g1 reached the host through an internal switch"
	check_eq "$(ip -s -j link show sw0 | $PY -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])')" 0 "sw0 rx_packets"
	check_eq $(( $(port_stat vp1 rx_packets) - rx )) 3 "vp1 rx_packets"
	check_eq "$(port_stat vp1 drop_host)" 0 "vp1 drop_host (unknown unicast is flooded to guests only)"
	log_test "internal: nothing reaches the host, nothing leaves it"
}

jumbo() {
	setup host-only
	check_err $? "setup"
	ip addr add 10.77.0.1/24 dev sw0
	check_eq "$(cat /sys/class/net/sw0/mtu)" 1500 "switch MTU with 1500-byte ports"
	for d in vp1 vp2 tap0; do ip link set $d mtu 9000; done
	ip -n "$g1" link set eth0 mtu 9000
	ip -n "$g2" link set eth0 mtu 9000
	check_eq "$(cat /sys/class/net/sw0/mtu)" 9000 "switch MTU follows its ports"
	ip netns exec "$g1" ping -c 2 -M do -s 8972 -W 2 10.77.0.12 > /dev/null
	check_err $? "9000-byte frames g1 -> g2"
	ping -c 2 -M do -s 8972 -W 2 10.77.0.12 > /dev/null
	check_err $? "9000-byte frames host -> g2"
	ip link set vp2 mtu 1500
	check_eq "$(cat /sys/class/net/sw0/mtu)" 1500 "switch MTU after a port went back to 1500"
	vswctl switch set sw0 mtu 4000
	ip link set vp2 mtu 9000
	check_eq "$(cat /sys/class/net/sw0/mtu)" 4000 "an MTU the admin set stays"
	log_test "jumbo frames end to end; MTU is the smallest port's unless set"
}

tests_run
