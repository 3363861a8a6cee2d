#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bridged mode: guests are stations of the host's LAN through an uplink
# that keeps the host's address and routes.
#
#   ns srv: eth0 192.168.77.100 (the LAN's server)
#     |
#   ns lan: br0 192.168.77.254 (the LAN's router; dnsmasq, DHCP .50-.60)
#     |     eth0 (eth1 for up1)
#     |
#   host:  up0 192.168.77.1/24 (veth, the uplink: keeps the host's address)
#     |
#   +-+------------------ sw0 (bridged, uplink up0) ------------------+
#   | vp1 (veth)             vp2 (veth)                tap0            |
#   +-|----------------------|-------------------------|---------------+
#   ns g1: eth0            ns g2: eth0               tapguest.py
#   192.168.77.11          192.168.77.12             192.168.77.13
#   (or a DHCP lease)      (or a DHCP lease)
#
# Where counters must move exactly, every IPv4 neighbour is static and each
# guest has spoken once, so that the switch knows where it is and nothing
# but what a test sends is on the wire.

ALL_TESTS="lan_lease lan_reach host_guest host_attach_detach refusals
	   uplink_gone promisc_restore bad_src not_guest carrier_mtu
	   vlan_uplink bond_uplink"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip ss ping nc sha256sum busybox /usr/sbin/dnsmasq
modprobe vswitch

NET=192.168.77
HOST=$NET.1
RTR=$NET.254
SRV=$NET.100
G1=$NET.11
G2=$NET.12
G3=$NET.13
UPMAC=02:77:00:00:00:01
SRVMAC=02:77:00:00:00:64
M1=02:77:00:00:00:11
M2=02:77:00:00:00:12
M3=02:77:00:00:00:13
UNKNOWN=02:77:00:00:99:99
TMPD=$(mktemp -d /tmp/vsw-bridged.XXXXXX)
TAPPID=
SNIFFPID=

cat > "$TMPD/udhcpc.sh" <<'EOF'
#!/bin/sh
# busybox udhcpc script: configure the lease, note what came with it.
case $1 in
bound)
	ip addr add "$ip/$mask" dev "$interface"
	echo "$ip $mask ${router:--}" > "$LEASE_OUT"
	;;
esac
exit 0
EOF
chmod +x "$TMPD/udhcpc.sh"

cleanup() {
	local d

	[ -n "$TAPPID" ] && kill "$TAPPID" 2> /dev/null
	[ -n "$SNIFFPID" ] && kill "$SNIFFPID" 2> /dev/null
	TAPPID=
	SNIFFPID=
	# Commands are slow under TCG: only for what is there.
	for d in sw0 sw1 sw2 up0 up1 tap0 vp1 vp2 mv0 br9 bond9 dum0; do
		[ -e /sys/class/net/$d ] && ip link del $d
	done
	[ ${#NS_LIST[@]} -gt 0 ] && cleanup_ns
	# All but udhcpc.sh.
	rm -f "$TMPD"/[!u]*
}
trap 'cleanup; rm -rf "$TMPD"' EXIT

# jsel EXPR: EXPR (Python, on the JSON document d read from stdin); a
# string prints as it is, anything else as JSON, a missing key as <missing>.
jsel() {
	$PY -c '
import json, sys
try:
    d = json.load(sys.stdin)
    v = eval(sys.argv[1])
except (LookupError, TypeError, ValueError):
    v = "<missing>"
print(v if isinstance(v, str) else json.dumps(v))' "$1"
}

sw_json() {	# sw_json SWITCH KEY: a key of `vswctl -j switch show`
	vswctl -j switch show "$1" | jsel "d[0][\"$2\"]"
}

port_json() {	# port_json PORT KEY: a key of the port in `vswctl -j port show`
	vswctl -j port show | jsel "[p for p in d if p['ifname'] == '$1'][0]['$2']"
}

pstat() {	# pstat PORT COUNTER: from `vswctl -s -j port show`
	vswctl -s -j port show | jsel "[p for p in d if p['ifname'] == '$1'][0]['stats']['$2']"
}

ports_of() {	# ports_of SWITCH: its ports, sorted, on one line
	vswctl -j port show "$1" | jsel '" ".join(sorted(p["ifname"] for p in d))'
}

promisc() {	# promisc DEV: its promiscuity count
	ip -d -j link show "$1" | jsel 'd[0]["promiscuity"]'
}

carrier() {	# carrier DEV
	cat /sys/class/net/"$1"/carrier 2>&1
}

carrier_is() {	# carrier_is DEV 0|1
	[ "$(carrier "$1")" = "$2" ]
}

rx_of() {	# rx_of NS DEV: rx_packets of DEV in NS
	ip netns exec "$1" cat /sys/class/net/"$2"/statistics/rx_packets
}

# guest_rx: frames received so far by g1, g2 and the tap guest (what the
# switch wrote to tap0).
guest_rx() {
	echo "$(rx_of "$g1" eth0) $(rx_of "$g2" eth0) $(cat /sys/class/net/tap0/statistics/tx_packets)"
}

delta() {	# delta "A B C" "D E F": "D-A E-B F-C" ("?" where not numbers)
	local -a a b out=()
	local i

	read -r -a a <<< "$1"
	read -r -a b <<< "$2"
	for i in "${!a[@]}"; do
		if [[ ${a[i]} =~ ^[0-9]+$ && ${b[i]} =~ ^[0-9]+$ ]]; then
			out+=($(( b[i] - a[i] )))
		else
			out+=("?")
		fi
	done
	echo "${out[*]}"
}

# refused EXPECTED CMD...: CMD exits 1 and prints exactly EXPECTED.
refused() {
	local expected=$1 out rc

	shift
	out=$("$@" 2>&1)
	rc=$?
	check_eq "$rc" 1 "exit status of '$*'"
	check_eq "$out" "$expected" "message of '$*'"
}

# lan_link DEV PEER [MAC]: a veth from the host (DEV, up) to the LAN's
# bridge (PEER, in ns lan).
lan_link() {
	ip link add "$1" ${3:+address $3} type veth peer name "$2" netns "$lan" || return 1
	ip -n "$lan" link set "$2" master br0 up
	ip link set "$1" up
}

# setup_lan: the LAN (router, server) and the host's uplink up0 with its
# address; no switch yet.
setup_lan() {
	setup_ns lan srv
	ip -n "$lan" link add br0 type bridge mcast_snooping 0 || return 1
	ip -n "$lan" addr add $RTR/24 dev br0
	ip -n "$lan" link set br0 up
	ip -n "$lan" link add sv0 type veth peer name eth0 netns "$srv"
	ip -n "$lan" link set sv0 master br0 up
	ip -n "$srv" link set eth0 address $SRVMAC
	ip -n "$srv" addr add $SRV/24 dev eth0
	ip -n "$srv" link set eth0 up
	ip -n "$srv" route add default via $RTR
	lan_link up0 eth0 $UPMAC || return 1
	ip addr add $HOST/24 dev up0
}

# setup_guests [dhcp]: g1, g2 (static addresses, or none to lease one) and
# the tap guest, not attached.
setup_guests() {
	local line

	setup_ns g1 g2
	if [ "${1:-}" = dhcp ]; then
		ip link add vp1 type veth peer name eth0 netns "$g1" &&
			ip link add vp2 type veth peer name eth0 netns "$g2" || return 1
		ip -n "$g1" link set eth0 address $M1
		ip -n "$g2" link set eth0 address $M2
		ip -n "$g1" link set eth0 up
		ip -n "$g2" link set eth0 up
		ip link set vp1 up
		ip link set vp2 up
	else
		add_guest "$g1" vp1 $G1/24 $M1 && add_guest "$g2" vp2 $G2/24 $M2 || return 1
	fi
	ip tuntap add tap0 mode tap || return 1
	exec {tapfd}< <(exec $PY lib/tapguest.py tap0 $M3 $G3)
	TAPPID=$!
	read -r -t 30 line <&"$tapfd"
	[ "$line" = ready ]
}

attach() {	# sw0 bridged on up0, with the guests' ports
	vswctl switch add sw0 mode bridged uplink up0 || return 1
	vswctl port add sw0 vp1 && vswctl port add sw0 vp2 && vswctl port add sw0 tap0
}

setup() {	# setup [dhcp]
	cleanup
	setup_lan && setup_guests "$@" && attach
}

# quiet: every IPv4 neighbour static, after each guest spoke once (the
# tap guest answering an ARP request), so that the switch knows them all.
quiet() {
	local ns

	ip netns exec "$g1" ping -c 1 -W 2 $SRV > /dev/null &&
		ip netns exec "$g2" ping -c 1 -W 2 $SRV > /dev/null &&
		ip netns exec "$srv" ping -c 1 -W 2 $G3 > /dev/null || return 1
	for ns in "$g1" "$g2"; do
		static_neigh "$ns" $SRV $SRVMAC
		static_neigh "$ns" $HOST $UPMAC
	done
	static_neigh "$srv" $G1 $M1
	static_neigh "$srv" $G2 $M2
	static_neigh "$srv" $G3 $M3
	static_neigh "$srv" $HOST $UPMAC
	ip neigh replace $SRV lladdr $SRVMAC dev up0 nud permanent
	ip neigh replace $G1 lladdr $M1 dev up0 nud permanent
	ip neigh replace $G2 lladdr $M2 dev up0 nud permanent
	ip neigh replace $G3 lladdr $M3 dev up0 nud permanent
}

# sniff_start NS DEV [src=MAC] [dst=MAC] [type=0xNNNN]: count the frames
# DEV in NS receives that match all that is given; sniffed prints the count.
sniff_start() {
	local ns=$1

	shift
	ip netns exec "$ns" $PY - "$@" > "$TMPD/sniff" <<'PYEOF' &
import socket, sys
dev = sys.argv[1]
want = dict(a.split("=") for a in sys.argv[2:])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((dev, 0))
print("ready", flush=True)
n = 0
while True:
    f, addr = s.recvfrom(65536)
    if addr[2] == socket.PACKET_OUTGOING or len(f) < 14:
        continue
    if "dst" in want and f[0:6].hex(":") != want["dst"]:
        continue
    if "src" in want and f[6:12].hex(":") != want["src"]:
        continue
    if "type" in want and f[12:14] != int(want["type"], 16).to_bytes(2, "big"):
        continue
    n += 1
    print(n, flush=True)
PYEOF
	SNIFFPID=$!
	busywait 10000 grep -q ready "$TMPD/sniff"
}

sniffed() {
	local n

	n=$(tail -1 "$TMPD/sniff")
	[ "$n" = ready ] && n=0
	echo "$n"
}

sniff_stop() {
	kill "$SNIFFPID" 2> /dev/null
	wait "$SNIFFPID" 2> /dev/null
	SNIFFPID=
}

# at_least N CMD...: CMD prints a number >= N (for busywait).
at_least() {
	local n=$1 v

	shift
	v=$("$@")
	[ -n "$v" ] && [ "$v" -ge "$n" ] 2> /dev/null
}

# tcp_transfer SERVER_NS SERVER_ADDR CLIENT_NS [BYTES]: random data from
# the client arrive intact ("" for the host's namespace).
tcp_transfer() {
	local pid spre=() cpre=()

	[ -n "$1" ] && spre=(ip netns exec "$1")
	[ -n "$3" ] && cpre=(ip netns exec "$3")
	head -c "${4:-1000000}" /dev/urandom > "$TMPD/tcp.in"
	"${spre[@]}" timeout 60 nc -l -N -p 5001 > "$TMPD/tcp.out" &
	pid=$!
	busywait 5000 "${spre[@]}" sh -c 'ss -ltn | grep -q ":5001 "'
	timeout 60 "${cpre[@]}" nc -N "$2" 5001 < "$TMPD/tcp.in" || { kill $pid; return 1; }
	wait $pid
	[ "$(sha256sum < "$TMPD/tcp.out")" = "$(sha256sum < "$TMPD/tcp.in")" ]
}

# lan_dnsmasq: the LAN's DHCP server on br0, leases in $TMPD/leases.
lan_dnsmasq() {
	ip netns exec "$lan" /usr/sbin/dnsmasq --conf-file=/dev/null --keep-in-foreground \
		--port=0 --interface=br0 --bind-interfaces --user=root \
		--dhcp-range=$NET.50,$NET.60,255.255.255.0,1h \
		--dhcp-option=option:router,$RTR --dhcp-leasefile="$TMPD/leases" \
		--pid-file="$TMPD/dnsmasq.pid" --log-facility="$TMPD/dnsmasq.log" \
		--log-dhcp --no-ping --dhcp-authoritative > /dev/null 2>&1 &
	busywait 10000 ip netns exec "$lan" sh -c "ss -Hlnu | grep -q ':67 '"
}

# dhcp_client NS HOSTNAME: udhcpc on eth0 in NS; prints "IP LEN ROUTER".
dhcp_client() {
	local out=$TMPD/lease.$2

	ip netns exec "$1" env LEASE_OUT="$out" busybox udhcpc -i eth0 -n -q -f \
		-s "$TMPD/udhcpc.sh" -t 10 -T 1 -x hostname:"$2" > /dev/null 2>&1
	cat "$out" 2> /dev/null
}

lan_lease() {
	local l1 l2 ip1 ip2

	setup dhcp
	check_err $? "setup"
	lan_dnsmasq
	check_err $? "the LAN's dnsmasq does not listen"
	l1=$(dhcp_client "$g1" guest1)
	l2=$(dhcp_client "$g2" guest2)
	check_match "$l1" "^$NET\\.(5[0-9]|60) 24 $RTR\$" "lease of g1 (IP LEN ROUTER)"
	check_match "$l2" "^$NET\\.(5[0-9]|60) 24 $RTR\$" "lease of g2 (IP LEN ROUTER)"
	ip1=${l1%% *}
	ip2=${l2%% *}
	[ "$ip1" != "$ip2" ]
	check_err $? "g1 and g2 leased the same address $ip1"
	busywait 5000 sh -c "grep -q ' $M1 ' '$TMPD/leases' && grep -q ' $M2 ' '$TMPD/leases'"
	check_eq "$(awk -v m=$M1 '$2 == m { print $3, $4 }' "$TMPD/leases")" "$ip1 guest1" "g1 in the LAN's lease file"
	check_eq "$(awk -v m=$M2 '$2 == m { print $3, $4 }' "$TMPD/leases")" "$ip2 guest2" "g2 in the LAN's lease file"
	check_eq "$(wc -l < "$TMPD/leases")" 2 "leases in the LAN's lease file"

	ip netns exec "$g1" ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "g1 cannot ping the LAN's server with its lease"
	ip netns exec "$g2" ping -c 2 -W 2 $RTR > /dev/null
	check_err $? "g2 cannot ping the LAN's router with its lease"
	tcp_transfer "$srv" $SRV "$g1"
	check_err $? "g1 -> LAN server: 1 MB over TCP"
	log_test "guests lease from the LAN's dnsmasq, then reach the LAN by ping and TCP"
}

ipv6_on() {	# ipv6_on NS ADDR: IPv6 on eth0 in NS (no DAD), with ADDR
	ip netns exec "$1" sysctl -qw net.ipv6.conf.eth0.accept_dad=0
	ip netns exec "$1" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0
	ip -n "$1" addr add "$2"/64 dev eth0 nodad
}

lan_reach() {
	local before

	setup
	check_err $? "setup"
	check_match "$(vswctl switch show sw0)" '^sw0 mode bridged .* ports 4 uplink up0$' "switch show"
	check_eq "$(sw_json sw0 uplink) $(sw_json sw0 uplink_state)" "up0 up" "switch show -j: uplink, uplink_state"
	check_eq "$(port_json up0 uplink) $(port_json vp1 uplink) $(port_json tap0 uplink)" \
		"true false false" "port show -j: uplink"
	check_eq "$(ports_of sw0)" "tap0 up0 vp1 vp2" "ports of sw0"
	check_eq "$(ip -j link show up0 | jsel 'd[0].get("master")')" null "up0's master"

	# ARP and ping from the LAN's server to each guest, TCP to a guest.
	ip netns exec "$srv" ping -c 2 -W 2 $G1 > /dev/null
	check_err $? "the LAN server cannot ping g1"
	ip netns exec "$srv" ping -c 2 -W 2 $G2 > /dev/null
	check_err $? "the LAN server cannot ping g2"
	ip netns exec "$srv" ping -c 2 -W 2 $G3 > /dev/null
	check_err $? "the LAN server cannot ping the tap guest"
	tcp_transfer "$g2" $G2 "$srv"
	check_err $? "LAN server -> g2: 1 MB over TCP"

	# One ARP request, 3 broadcast and 3 multicast frames from the LAN
	# reach every guest, once.
	quiet
	check_err $? "quiet"
	before=$(guest_rx)
	ip netns exec "$srv" busybox arping -c 1 -w 2 -I eth0 $G2 > /dev/null
	check_err $? "arping g2 from the LAN"
	send_frames "$srv" eth0 ff:ff:ff:ff:ff:ff $SRVMAC 3
	send_frames "$srv" eth0 01:00:5e:01:02:03 $SRVMAC 3
	busywait 5000 at_least $(( ${before##* } + 7 )) cat /sys/class/net/tap0/statistics/tx_packets
	sleep 0.3
	check_eq "$(delta "$before" "$(guest_rx)")" "7 7 7" "LAN broadcast/multicast frames received by g1, g2, the tap guest"

	# IPv6: neighbour discovery and link-local ping, both ways.
	ipv6_on "$srv" fe80::100
	ipv6_on "$g1" fe80::11
	ip netns exec "$srv" ping -6 -c 2 -W 2 fe80::11%eth0 > /dev/null
	check_err $? "LAN server -> g1 over IPv6 link-local"
	ip netns exec "$g1" ping -6 -c 2 -W 2 fe80::100%eth0 > /dev/null
	check_err $? "g1 -> LAN server over IPv6 link-local"
	check_eq "$(ip -n "$srv" -6 neigh show fe80::11 dev eth0 | awk '{print $3}')" $M1 "g1 in the server's IPv6 neighbours"
	log_test "the LAN reaches guests: ping, TCP, ARP, broadcast and multicast to all, IPv6 ND"
}

host_guest() {
	local before

	setup
	check_err $? "setup"
	check_match "$(ip route get $G1)" "dev up0 src $HOST " "the host's route to g1"
	# ARP both ways between the host stack (on up0) and the guests.
	ping -c 2 -W 2 $G1 > /dev/null
	check_err $? "the host cannot ping g1"
	ping -c 2 -W 2 $G3 > /dev/null
	check_err $? "the host cannot ping the tap guest"
	ip netns exec "$g2" ping -c 2 -W 2 $HOST > /dev/null
	check_err $? "g2 cannot ping the host"
	check_eq "$(ip neigh show $G1 dev up0 | awk '{print $3}')" $M1 "g1 in the host's neighbours"
	tcp_transfer "$g1" $G1 ""
	check_err $? "host -> g1: 1 MB over TCP"
	tcp_transfer "" $HOST "$g2"
	check_err $? "g2 -> host: 1 MB over TCP"

	# The host's frames to a guest are taken to it, not put on the LAN,
	# and so are the guest's answers.
	quiet
	check_err $? "quiet"
	sniff_start "$lan" eth0 type=0x0800
	check_err $? "sniffer on the LAN"
	before=$(guest_rx)
	ping -c 5 -i 0.2 -W 2 $G1 > /dev/null
	check_err $? "the host cannot ping g1 (static neighbours)"
	sleep 0.3
	check_eq "$(delta "$before" "$(guest_rx)")" "5 0 0" "frames received by g1, g2, the tap guest"
	check_eq "$(sniffed)" 0 "IPv4 frames between host and g1 seen on the LAN"
	sniff_stop
	log_test "host and guests reach each other (ping, TCP) at the host's address on up0"
}

# ping_lost FILE: "LOST LAST DUPS" of a ping output: replies missing up to
# the last one answered, that last sequence number, duplicate replies.
ping_lost() {
	awk -F'icmp_seq=' 'NF > 1 {
		split($2, a, " ")
		if ($0 ~ /DUP!/) { dup++; next }
		if (!(a[1] in s)) { s[a[1]] = 1; n++ }
		if (a[1] + 0 > m) m = a[1] + 0
	} END { print m - n, m + 0, dup + 0 }' "$1"
}

host_attach_detach() {
	local p0 srv_pid cli_pid ping_pid lost

	cleanup
	setup_lan && setup_guests
	check_err $? "setup"
	p0=$(promisc up0)
	# A TCP session from the host to the LAN's server, sending until told
	# to stop, and a ping every 50 ms, through every change below.
	ip netns exec "$srv" timeout 120 nc -l -N -p 5001 > "$TMPD/tcp.out" &
	srv_pid=$!
	busywait 5000 ip netns exec "$srv" sh -c 'ss -ltn | grep -q ":5001 "'
	$PY - $SRV "$TMPD/stop" > "$TMPD/tcp.sum" <<'PYEOF' &
import hashlib, os, socket, sys, time
s = socket.create_connection((sys.argv[1], 5001), timeout=60)
h = hashlib.sha256()
n = 0
while not os.path.exists(sys.argv[2]):
    b = os.urandom(8192)
    s.sendall(b)
    h.update(b)
    n += len(b)
    time.sleep(0.01)
s.shutdown(socket.SHUT_WR)
while s.recv(4096):
    pass
print(n, h.hexdigest())
PYEOF
	cli_pid=$!
	ping -i 0.05 -W 1 $SRV > "$TMPD/ping.out" 2>&1 &
	ping_pid=$!
	sleep 1

	vswctl switch add sw0 mode bridged uplink up0
	check_err $? "switch add sw0 mode bridged uplink up0"
	vswctl port add sw0 vp1
	check_err $? "port add sw0 vp1"
	ip netns exec "$g1" ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "g1 cannot reach the LAN server"
	check_eq "$(promisc up0)" $(( p0 + 1 )) "up0's promiscuity while attached"
	vswctl switch set sw0 uplink none
	check_err $? "switch set sw0 uplink none"
	sleep 0.5
	vswctl switch set sw0 uplink up0
	check_err $? "switch set sw0 uplink up0"
	ip netns exec "$g1" ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "g1 cannot reach the LAN server after re-attaching up0"
	vswctl switch del sw0
	check_err $? "switch del sw0"
	sleep 1

	touch "$TMPD/stop"
	wait $cli_pid
	check_err $? "the host's TCP session to the LAN server broke"
	wait $srv_pid
	kill -INT $ping_pid
	wait $ping_pid
	check_match "$(cat "$TMPD/tcp.sum")" '^[1-9][0-9]+ [0-9a-f]{64}$' "the TCP client's sum"
	check_eq "$(sha256sum < "$TMPD/tcp.out" | cut -d' ' -f1)" "$(cut -d' ' -f2 "$TMPD/tcp.sum")" \
		"sha256 of what the server received"
	lost=$(ping_lost "$TMPD/ping.out")
	check_match "$lost" '^[0-2] ([4-9][0-9]|[1-9][0-9]{2,}) 0$' "ping: lost, last answered, duplicates"
	check_eq "$(promisc up0)" "$p0" "up0's promiscuity after switch del"
	check_match "$(ip -br addr show up0)" " $HOST/24" "up0's address"
	echo "the host's ping to the LAN server: lost, last answered, duplicates: $lost"
	log_test "the host's ping and TCP session on up0 go on through attach, detach, delete"
}

refusals() {
	local p pup1

	cleanup
	setup_lan
	check_err $? "setup"
	setup_ns g1
	add_guest "$g1" vp1 $G1/24 $M1
	lan_link up1 eth1
	vswctl switch add sw1 mode bridged uplink up1
	check_err $? "switch add sw1 mode bridged uplink up1"
	vswctl switch add sw2 mode internal && vswctl port add sw2 vp1
	check_err $? "vp1 a port of sw2"
	pup1=$(promisc up1)

	# A bridge port.
	ip link add br9 type bridge
	ip link set up0 master br9
	p=$(promisc up0)
	refused "Error: up0 is already enslaved to br9" vswctl switch add sw0 mode bridged uplink up0
	refused "Error: up0 is already enslaved to br9" vswctl switch set sw1 uplink up0
	check_eq "$(promisc up0)" "$p" "up0's promiscuity after the bridge port refusals"
	ip link set up0 nomaster

	# A bond slave.
	modprobe bonding max_bonds=0 2> /dev/null
	if ip link add bond9 type bond 2> /dev/null; then
		ip link add dum0 type dummy
		ip link set dum0 master bond9
		p=$(promisc dum0)
		refused "Error: dum0 is already enslaved to bond9" vswctl switch add sw0 mode bridged uplink dum0
		refused "Error: dum0 is already enslaved to bond9" vswctl switch set sw1 uplink dum0
		check_eq "$(promisc dum0)" "$p" "dum0's promiscuity after the bond slave refusals"
	else
		echo "no bonding driver: bond slave refusal not tested"
	fi

	# Another switch's uplink, another switch's port.
	refused "Error: up1 is the uplink of sw1" vswctl switch add sw0 mode bridged uplink up1
	p=$(promisc vp1)
	refused "Error: vp1 is already enslaved to sw2" vswctl switch add sw0 mode bridged uplink vp1
	refused "Error: vp1 is already enslaved to sw2" vswctl switch set sw1 uplink vp1
	check_eq "$(promisc vp1)" "$p" "vp1's promiscuity after the refusals"
	check_eq "$(ports_of sw2)" vp1 "ports of sw2 after the refusals"

	# The lower device of a macvlan: its rx handler is taken.
	ip link add mv0 link up0 type macvlan mode bridge
	p=$(promisc up0)
	refused "Error: up0 is in use by mv0 (rx handler taken)" vswctl switch add sw0 mode bridged uplink up0
	refused "Error: up0 is in use by mv0 (rx handler taken)" vswctl switch set sw1 uplink up0
	check_eq "$(promisc up0)" "$p" "up0's promiscuity after the macvlan refusals"
	ip link del mv0
	p=$(promisc up0)

	[ -e /sys/class/net/sw0 ]
	check_fail $? "sw0 was created by a refused switch add"
	check_eq "$(sw_json sw1 uplink) $(sw_json sw1 uplink_state)" "up1 up" "sw1's uplink after the refusals"
	check_eq "$(promisc up1)" "$pup1" "up1's promiscuity after the refusals"
	check_eq "$(ports_of sw1)" up1 "ports of sw1"
	# The uplink is not a port: port del points at switch set.
	refused 'vswctl: up1 is the uplink of sw1: detach it with "vswctl switch set sw1 uplink none"' \
		vswctl port del up1
	# Once free, the same devices are accepted.
	vswctl switch add sw0 mode bridged uplink up0
	check_err $? "switch add sw0 with up0 free again"
	check_eq "$(promisc up0)" $(( p + 1 )) "up0's promiscuity once attached"
	refused "Error: up1 is the uplink of sw1" vswctl switch set sw0 uplink up1
	check_eq "$(sw_json sw0 uplink) $(sw_json sw1 uplink)" "up0 up1" "uplinks of sw0, sw1 after the refusal"
	check_eq "$(promisc up0) $(promisc up1)" "$(( p + 1 )) $pup1" "promiscuity of up0, up1 after the refusal"
	log_test "uplinks of a bridge, bond, another switch, a macvlan refused naming the owner; nothing changed"
}

uplink_gone() {
	setup
	check_err $? "setup"
	ip link del up0
	check_err $? "ip link del up0"
	[ -e /sys/class/net/sw0 ]
	check_err $? "sw0 went away with its uplink"
	busywait 5000 carrier_is sw0 0
	check_eq "$(carrier sw0)" 0 "sw0's carrier without its uplink"
	check_match "$(vswctl switch show sw0)" '^sw0 mode bridged .* ports 3 uplink up0 \(gone\)$' "switch show"
	check_eq "$(sw_json sw0 uplink) $(sw_json sw0 uplink_state)" "up0 gone" "switch show -j: uplink, uplink_state"
	check_eq "$(ports_of sw0)" "tap0 vp1 vp2" "ports of sw0"
	ip netns exec "$g1" ping -c 2 -W 2 $G2 > /dev/null
	check_err $? "g1 cannot reach g2 without an uplink"

	# A new device as uplink.
	lan_link up1 eth1
	ip addr add $HOST/24 dev up1
	vswctl switch set sw0 uplink up1
	check_err $? "switch set sw0 uplink up1"
	busywait 5000 carrier_is sw0 1
	check_eq "$(carrier sw0)" 1 "sw0's carrier with up1"
	check_match "$(vswctl switch show sw0)" ' ports 4 uplink up1$' "switch show"
	check_eq "$(sw_json sw0 uplink) $(sw_json sw0 uplink_state)" "up1 up" "switch show -j after re-attach"
	check_eq "$(promisc up1)" 1 "up1's promiscuity"
	check_eq "$(port_json up1 uplink)" true "port show -j: up1 is the uplink"
	ip netns exec "$g1" ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "g1 cannot reach the LAN server through up1"
	ip netns exec "$srv" ping -c 2 -W 2 $G2 > /dev/null
	check_err $? "the LAN server cannot reach g2 through up1"
	ping -c 2 -W 2 $G1 > /dev/null
	check_err $? "the host cannot reach g1 through up1"
	log_test "uplink deleted: switch stays without carrier, 'gone'; a new uplink set at run time works"
}

promisc_restore() {
	local p0 how

	cleanup
	setup_lan
	check_err $? "setup"
	for how in "vswctl switch set sw0 uplink none" "vswctl switch del sw0" "ip link del sw0"; do
		p0=$(promisc up0)
		vswctl switch add sw0 mode bridged uplink up0
		check_err $? "switch add ($how)"
		check_eq "$(promisc up0)" $(( p0 + 1 )) "up0's promiscuity while attached ($how)"
		$how
		check_err $? "$how"
		check_eq "$(promisc up0)" "$p0" "up0's promiscuity after $how"
		[ -e /sys/class/net/sw0 ] && ip link del sw0
		check_eq "$(promisc up0)" "$p0" "up0's promiscuity after $how and deleting sw0"
	done
	check_eq "$p0" 0 "up0's promiscuity at the start"

	# The admin's own promiscuous mode stays what it was.
	ip link set up0 promisc on
	vswctl switch add sw0 mode bridged uplink up0
	check_eq "$(promisc up0)" 2 "up0 promisc on, attached"
	vswctl switch set sw0 uplink none
	check_eq "$(promisc up0)" 1 "up0 promisc on, detached"
	vswctl switch set sw0 uplink up0
	check_eq "$(promisc up0)" 2 "up0 promisc on, attached again"
	vswctl switch del sw0
	check_eq "$(promisc up0)" 1 "up0 promisc on, switch deleted"
	check_match "$(ip link show up0)" '<[^>]*PROMISC' "up0's PROMISC flag"
	ip link set up0 promisc off
	check_eq "$(promisc up0)" 0 "up0 promisc off"
	log_test "detaching (switch set none, switch del, ip link del) restores the uplink's promiscuity"
}

bad_src() {
	local before bad good

	setup
	check_err $? "setup"
	quiet
	check_err $? "quiet"
	sniff_start "$lan" eth0 type=0x88b5
	check_err $? "sniffer on the LAN"
	before=$(guest_rx)
	bad=$(pstat vp1 drop_bad_src)
	# 5 broadcasts with up0's address as source, then 5 with g1's own.
	send_frames "$g1" eth0 ff:ff:ff:ff:ff:ff $UPMAC 5
	send_frames "$g1" eth0 ff:ff:ff:ff:ff:ff $M1 5
	busywait 5000 at_least 5 sniffed
	sleep 0.3
	check_eq "$(sniffed)" 5 "frames on the LAN (5 with g1's source address)"
	check_eq "$(delta "$before" "$(guest_rx)")" "0 5 5" "frames received by g1, g2, the tap guest"
	check_eq "$(delta "$bad" "$(pstat vp1 drop_bad_src)")" 5 "vp1 drop_bad_src"
	sniff_stop
	[ "$(fdb_entry sw0 $UPMAC | cut -d' ' -f1)" != vp1 ]
	check_err $? "up0's address learned behind vp1"
	ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "the host cannot reach the LAN server"
	ip netns exec "$g2" ping -c 2 -W 2 $HOST > /dev/null
	check_err $? "g2 cannot reach the host"
	log_test "frames from a guest with the uplink's address as source are dropped and counted"
}

not_guest() {
	local before drops

	setup
	check_err $? "setup"
	quiet
	check_err $? "quiet"
	before=$(guest_rx)
	drops=$(pstat up0 drop_not_guest)
	# 5 frames to a station nobody knows, then 5 to g1.
	send_frames "$srv" eth0 $UNKNOWN $SRVMAC 5
	send_frames "$srv" eth0 $M1 $SRVMAC 5
	busywait 5000 at_least $(( ${before%% *} + 5 )) rx_of "$g1" eth0
	sleep 0.3
	check_eq "$(delta "$before" "$(guest_rx)")" "5 0 0" "frames received by g1, g2, the tap guest"
	check_eq "$(delta "$drops" "$(pstat up0 drop_not_guest)")" 5 "up0 drop_not_guest"
	check_eq "$(pstat vp1 drop_not_guest) $(pstat vp2 drop_not_guest)" "0 0" "drop_not_guest of vp1, vp2"
	log_test "the LAN's unicast for unknown stations is not copied to guests (drop_not_guest)"
}

carrier_mtu() {
	setup
	check_err $? "setup"
	check_eq "$(carrier sw0)" 1 "sw0's carrier"
	check_eq "$(ip -j link show sw0 | jsel 'd[0].get("link")')" up0 "sw0's link (sw0@up0)"

	ip link set up0 down
	busywait 5000 carrier_is sw0 0
	check_eq "$(carrier sw0)" 0 "sw0's carrier with up0 down"
	check_match "$(vswctl switch show sw0)" ' uplink up0 \(no carrier\)$' "switch show, up0 down"
	check_eq "$(sw_json sw0 uplink_state)" no-carrier "uplink_state, up0 down"
	ip link set up0 up
	busywait 5000 carrier_is sw0 1
	check_eq "$(carrier sw0)" 1 "sw0's carrier with up0 up again"
	check_match "$(vswctl switch show sw0)" ' uplink up0$' "switch show, up0 up again"

	# The LAN's end goes down: up0 has no carrier.
	ip -n "$lan" link set eth0 down
	busywait 5000 carrier_is sw0 0
	check_eq "$(carrier up0) $(carrier sw0)" "0 0" "up0's and sw0's carrier with the LAN's end down"
	check_eq "$(sw_json sw0 uplink_state)" no-carrier "uplink_state, no carrier on up0"
	ip -n "$lan" link set eth0 up
	busywait 5000 carrier_is sw0 1
	check_eq "$(carrier up0) $(carrier sw0)" "1 1" "carrier with the LAN's end up again"
	check_eq "$(sw_json sw0 uplink_state)" up "uplink_state, carrier back"

	check_eq "$(cat /sys/class/net/sw0/mtu)" 1500 "sw0's MTU"
	ip link set up0 mtu 1400
	check_eq "$(cat /sys/class/net/sw0/mtu)" 1400 "sw0's MTU after up0's went to 1400"
	ip netns exec "$g1" ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "g1 cannot reach the LAN server"
	ip link set up0 mtu 1500
	check_eq "$(cat /sys/class/net/sw0/mtu)" 1500 "sw0's MTU after up0's went back to 1500"
	log_test "the switch's carrier and MTU follow the uplink's"
}

# vlan_uplink: a VLAN device as the uplink: the guests are stations of VLAN
# 10 of the LAN, while the host keeps its addresses on up0 (untagged) and
# on up0.10.
vlan_uplink() {
	local vnet=10.77.10

	cleanup
	setup_lan && setup_guests
	check_err $? "setup"
	ip -n "$lan" link add link br0 name br0.10 type vlan id 10 &&
		ip -n "$lan" addr add $vnet.254/24 dev br0.10 &&
		ip -n "$lan" link set br0.10 up
	check_err $? "VLAN 10 on the LAN's router"
	ip link add link up0 name up0.10 type vlan id 10 &&
		ip addr add $vnet.1/24 dev up0.10 && ip link set up0.10 up
	check_err $? "the host's up0.10"
	ip -n "$g1" addr add $vnet.11/24 dev eth0
	ip -n "$g2" addr add $vnet.12/24 dev eth0
	vswctl switch add sw0 mode bridged uplink up0.10 &&
		vswctl port add sw0 vp1 && vswctl port add sw0 vp2
	check_err $? "sw0 bridged on up0.10"
	check_eq "$(sw_json sw0 uplink) $(sw_json sw0 uplink_state)" "up0.10 up" "sw0's uplink"
	check_eq "$(promisc up0.10)" 1 "promiscuity of up0.10"

	ip netns exec "$g1" ping -c 2 -W 2 $vnet.254 > /dev/null
	check_err $? "g1 cannot reach VLAN 10's router"
	ip netns exec "$lan" ping -c 2 -W 2 $vnet.12 > /dev/null
	check_err $? "VLAN 10's router cannot reach g2"
	ping -c 2 -W 2 $vnet.11 > /dev/null
	check_err $? "the host cannot reach g1 from up0.10"
	ip netns exec "$g2" ping -c 2 -W 2 $vnet.1 > /dev/null
	check_err $? "g2 cannot reach the host's up0.10"
	tcp_transfer "$lan" $vnet.254 "$g1"
	check_err $? "g1 -> VLAN 10's router: 1 MB over TCP"
	# Guests' frames leave tagged: the untagged LAN is not theirs.
	ip netns exec "$g1" ping -c 1 -W 1 $SRV > /dev/null
	check_fail $? "g1 reached the untagged LAN"
	ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "the host lost the untagged LAN on up0"
	check_eq "$(ip -br addr show up0 | awk '{print $3}')" $HOST/24 "the host's address on up0"

	ip link del up0.10
	check_eq "$(sw_json sw0 uplink) $(sw_json sw0 uplink_state)" "up0.10 gone" "sw0's uplink after up0.10 went away"
	check_eq "$(carrier sw0)" 0 "sw0's carrier without its uplink"
	ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "the host lost the LAN on up0 after up0.10 went away"
	log_test "a VLAN device as uplink: guests on VLAN 10, the host keeps up0 and up0.10"
}

# bond_uplink: a bond as the uplink, with the host's address on the bond.
bond_uplink() {
	cleanup
	setup_lan && setup_guests
	check_err $? "setup"
	ip addr flush dev up0
	ip link add bond9 type bond mode active-backup &&
		ip link set up0 down && ip link set up0 master bond9 &&
		ip link set bond9 up && ip addr add $HOST/24 dev bond9
	check_err $? "bond9 over up0 with the host's address"
	vswctl switch add sw0 mode bridged uplink bond9 &&
		vswctl port add sw0 vp1 && vswctl port add sw0 vp2
	check_err $? "sw0 bridged on bond9"
	check_eq "$(sw_json sw0 uplink) $(sw_json sw0 uplink_state)" "bond9 up" "sw0's uplink"
	ip netns exec "$g1" ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "g1 cannot reach the LAN through the bond"
	ip netns exec "$srv" ping -c 2 -W 2 $G2 > /dev/null
	check_err $? "the LAN cannot reach g2 through the bond"
	ping -c 2 -W 2 $G1 > /dev/null
	check_err $? "the host cannot reach g1 from bond9"
	ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "the host lost the LAN on bond9"
	vswctl switch del sw0
	check_err $? "switch del"
	check_eq "$(promisc bond9)" 0 "promiscuity of bond9 after switch del"
	ping -c 2 -W 2 $SRV > /dev/null
	check_err $? "the host lost the LAN on bond9 after switch del"
	log_test "a bond as uplink: guests reach the LAN, the host keeps its address on the bond"
}

tests_run
