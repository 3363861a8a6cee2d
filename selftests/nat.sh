#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# NAT mode, the data path: guests behind the host through conntrack and
# nf_nat, port forwards, firewall independence, ICMP errors. The topology
# is in lib/nat.sh.

ALL_TESTS="nat_out nat_firewall nat_not_routed nat_forward nat_forward_rules
	   nat_icmp_errors nat_gateway_only nat_confirm_clash nat_host_raw
	   nat_port_dst"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh
source lib/nat.sh

nat_out() {
	local out

	setup
	check_err $? "setup"
	check_eq "$(sysctl -n net.ipv4.ip_forward)" 0 "ip_forward"
	ip netns exec "$g1" ping -c 3 -W 2 $SRV > /dev/null
	check_err $? "g1 cannot ping the server"
	out=$(ask "$g1" tcp $SRV 8080)
	check_eq "$out" "srv $HOST" "TCP: what the server saw"
	out=$(ask "$g2" udp $SRV 5000)
	check_eq "$out" "srv $HOST" "UDP: what the server saw"
	# 3 echo requests + 3 TCP packets at least went out, replies came in.
	check_match "$(port_stat vp1 nat_out)" '^([6-9]|[1-9][0-9]+)$' "vp1 nat_out"
	check_match "$(switch_stat sw0 nat_in)" '^([6-9]|[1-9][0-9]+)$' "sw0 nat_in"
	check_eq "$(switch_stat sw0 drop_nat)" 0 "drop_nat"
	log_test "nat: guests reach out by TCP, UDP and ping, masqueraded to $HOST"
}

# A 2 MB transfer from g1 to the server, intact.
transfer_out() {
	local sum_in sum_out pid

	head -c 2000000 /dev/urandom > /tmp/vsw-nat.in
	sum_in=$(sha256sum < /tmp/vsw-nat.in)
	ip netns exec "$srv" nc -l -N -p 5001 > /tmp/vsw-nat.out &
	pid=$!
	busywait 5000 ip netns exec "$srv" sh -c 'ss -ltn | grep -q :5001'
	ip netns exec "$g1" nc -N $SRV 5001 < /tmp/vsw-nat.in || { kill $pid; return 1; }
	wait $pid
	sum_out=$(sha256sum < /tmp/vsw-nat.out)
	rm -f /tmp/vsw-nat.in /tmp/vsw-nat.out
	[ "$sum_out" = "$sum_in" ]
}

# udp_frames NS DST_MAC COUNT PAD: COUNT UDP datagrams "ping" from eth0 in
# NS (its MAC, 10.0.2.15:4000) to $SRV:5999, sent to DST_MAC as raw
# frames, checksums right, with PAD zero bytes after the IP packet
# (Ethernet padding).
udp_frames() {
	ip netns exec "$1" $PY - "$2" "$3" "$4" "$SRV" <<'PYEOF'
import socket, struct, sys
dst, n, pad, srv = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
src = open("/sys/class/net/eth0/address").read().strip()
def csum(b):
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    t = (t & 0xffff) + (t >> 16)
    return ~((t & 0xffff) + (t >> 16)) & 0xffff
saddr, daddr = socket.inet_aton("10.0.2.15"), socket.inet_aton(srv)
payload = b"ping"
ulen = 8 + len(payload)
udp = struct.pack("!HHHH", 4000, 5999, ulen, 0) + payload
pseudo = saddr + daddr + struct.pack("!BBH", 0, 17, ulen)
udp = udp[:6] + struct.pack("!H", csum(pseudo + udp) or 0xffff) + udp[8:]
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, 1, 0, 64, 17, 0, saddr, daddr)
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
frame = bytes.fromhex((dst + src).replace(":", "")) + b"\x08\x00" + ip + udp + bytes(pad)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
for _ in range(n):
    s.send(frame)
PYEOF
}

# srv_got: how many datagrams to port 5999 reached the server.
srv_got() {
	ip netns exec "$srv" iptables -nvxL INPUT | awk '/dpt:5999/ { print $1 }'
}

# Only what a guest sends to the gateway's MAC address is NAT's: broadcast,
# multicast and unknown unicast (seen by a promiscuous switch device) go
# to the host's stack, never out. Ethernet padding after a short datagram
# is no part of it.
nat_gateway_only() {
	local gw rx drops

	setup
	check_err $? "setup"
	ip netns exec "$srv" iptables -I INPUT -p udp --dport 5999 -j ACCEPT
	# The entry counted at the end outlives a slow (debug) kernel.
	vswctl nat set sw0 udp-timeout 600
	gw=$(cat /sys/class/net/sw0/address)
	drops=$(port_stat vp1 drop_nat)
	udp_frames "$g1" "$gw" 3 0
	busywait 5000 sh -c "[ \"\$(ip netns exec $srv iptables -nvxL INPUT | awk '/dpt:5999/ { print \$1 }')\" = 3 ]"
	check_eq "$(srv_got)" 3 "datagrams to the gateway's MAC that reached the server"
	# A 32-byte IP packet in a 60-byte frame: translated as it is.
	udp_frames "$g1" "$gw" 3 14
	busywait 5000 sh -c "[ \"\$(ip netns exec $srv iptables -nvxL INPUT | awk '/dpt:5999/ { print \$1 }')\" = 6 ]"
	check_eq "$(srv_got)" 6 "padded datagrams that reached the server"
	check_eq "$(port_stat vp1 drop_nat)" "$drops" "vp1 drop_nat after the padded datagrams"
	rx=$(cat /sys/class/net/sw0/statistics/rx_packets)
	udp_frames "$g1" ff:ff:ff:ff:ff:ff 3 14
	udp_frames "$g1" 01:00:5e:00:00:fb 3 14
	ip link set sw0 promisc on
	udp_frames "$g1" 02:00:00:99:99:99 3 14
	# The host takes them (up its stack on sw0); nothing goes out.
	busywait 5000 sh -c "[ \$(cat /sys/class/net/sw0/statistics/rx_packets) -ge $(( rx + 9 )) ]"
	check_err $? "sw0 received the 9 frames"
	sleep 1
	ip link set sw0 promisc off
	check_eq "$(srv_got)" 6 "datagrams reaching the server after broadcast, multicast, unknown unicast"
	check_eq "$(port_stat vp1 drop_nat)" "$drops" "vp1 drop_nat"
	check_eq "$(conntrack -L -p udp --dport 5999 2> /dev/null | wc -l)" 1 "conntrack entries to port 5999"
	log_test "nat: only frames to the gateway's MAC are translated, padding and all"
}

nat_firewall() {
	local before after

	setup
	check_err $? "setup"
	# What Docker installs, in iptables and in nft form.
	iptables -P FORWARD DROP
	nft add table inet vswtest &&
		nft add chain inet vswtest filter_fwd '{ type filter hook forward priority 0; policy drop; }'
	check_err $? "nft forward chain with policy drop"
	check_match "$(iptables -S FORWARD)" '^-P FORWARD DROP' "iptables policy"
	before=$(nft list ruleset; sysctl -a 2> /dev/null | grep -E '^net\.ipv4\.(ip_forward|conf\.all\.)')
	vswctl switch add sw1 mode nat address 10.0.3.1/24
	check_err $? "a second nat switch under FORWARD DROP"
	after=$(nft list ruleset; sysctl -a 2> /dev/null | grep -E '^net\.ipv4\.(ip_forward|conf\.all\.)')
	check_eq "$after" "$before" "the host's firewall and sysctls changed"
	check_eq "$(ask "$g1" tcp $SRV 8080)" "srv $HOST" "TCP with FORWARD DROP"
	transfer_out
	check_err $? "2 MB transfer with FORWARD DROP"
	check_eq "$(ask "$g2" udp $SRV 5000)" "srv $HOST" "UDP with FORWARD DROP"
	log_test "nat: works with ip_forward=0 and FORWARD policy DROP, changes nothing on the host"
}

nat_not_routed() {
	local drops

	setup
	check_err $? "setup"
	serve "$g1" g1 tcp 22
	# Even a host that routes and an outside that knows the way...
	sysctl -qw net.ipv4.ip_forward=1
	ip -n "$rtr" route add 10.0.2.0/24 via $HOST
	ip netns exec "$srv" ping -c 2 -W 1 10.0.2.15 > /dev/null
	check_fail $? "the outside pinged a guest directly"
	check_eq "$(ASK_WAIT=5 ask "$srv" tcp 10.0.2.15 22)" "" "the outside reached a guest directly"
	drops=$(switch_stat sw0 drop_nat)
	check_match "$drops" '^[1-9][0-9]*$' "routed packets counted as drop_nat"
	# ... while the host itself reaches its guests directly.
	check_eq "$(ask "" tcp 10.0.2.15 22)" "g1 10.0.2.2" "host to guest"

	# The same over IPv6: the guests' addresses routed by the host, from
	# an outside that knows the way, dropped. IPv6 on the devices of the
	# way only (lib/vsw.sh keeps it off elsewhere).
	sysctl -qw net.ipv6.conf.hveth.disable_ipv6=0 net.ipv6.conf.sw0.disable_ipv6=0 &&
		ip netns exec "$rtr" sysctl -qw net.ipv6.conf.rveth.disable_ipv6=0 \
			net.ipv6.conf.sveth.disable_ipv6=0 &&
		ip netns exec "$srv" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0 &&
		ip netns exec "$g1" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0 &&
		ip -6 addr add 2001:db8:51::1/64 dev hveth nodad &&
		ip -n "$rtr" -6 addr add 2001:db8:51::2/64 dev rveth nodad &&
		ip -n "$rtr" -6 addr add 2001:db8:2::1/64 dev sveth nodad &&
		ip -n "$srv" -6 addr add 2001:db8:2::10/64 dev eth0 nodad &&
		ip -n "$srv" -6 route add default via 2001:db8:2::1 &&
		ip -n "$rtr" -6 route add fd00:2::/64 via 2001:db8:51::1 &&
		ip -6 route add 2001:db8:2::/64 via 2001:db8:51::2 &&
		ip -6 addr add fd00:2::2/64 dev sw0 nodad &&
		ip -n "$g1" -6 addr add fd00:2::15/64 dev eth0 nodad &&
		ip -n "$g1" -6 route add default via fd00:2::2
	check_err $? "IPv6 addresses and routes"
	ip netns exec "$rtr" sysctl -qw net.ipv6.conf.all.forwarding=1
	sysctl -qw net.ipv6.conf.all.forwarding=1
	ping -6 -c 1 -W 5 fd00:2::15 > /dev/null
	check_err $? "the host cannot ping a guest over IPv6"
	ip netns exec "$srv" ping -6 -c 2 -W 1 fd00:2::15 > /dev/null
	check_fail $? "the outside pinged a guest directly over IPv6"
	check_match "$(( $(switch_stat sw0 drop_nat) - drops ))" '^[1-9][0-9]*$' \
		"IPv6 packets routed to a guest counted as drop_nat"
	sysctl -qw net.ipv6.conf.all.forwarding=0
	log_test "nat: nothing outside reaches a guest except through a forward"
}

nat_forward() {
	setup
	check_err $? "setup"
	serve "$g1" g1 tcp 22 && serve "$g1" g1 udp 53
	check_err $? "guest services"
	vswctl nat forward add sw0 tcp 2222 10.0.2.15:22 name ssh
	check_err $? "forward add tcp"
	vswctl nat forward add sw0 udp $HOST:5353 10.0.2.15:53
	check_err $? "forward add udp"
	check_eq "$(vswctl nat forward show)" \
		"ssh switch sw0 tcp *:2222 to 10.0.2.15:22
udp-5353 switch sw0 udp $HOST:5353 to 10.0.2.15:53" "forward show"
	check_eq "$(ask "$srv" tcp $HOST 2222)" "g1 $SRV" "outside -> forward (tcp)"
	check_eq "$(ask "$srv" udp $HOST 5353)" "g1 $SRV" "outside -> forward (udp)"
	check_eq "$(ask "" tcp 127.0.0.1 2222)" "g1 10.0.2.2" "host 127.0.0.1 -> forward"
	check_eq "$(ask "" tcp $HOST 2222)" "g1 10.0.2.2" "host's own address -> forward"
	check_eq "$(ask "" tcp 10.0.2.2 2222)" "g1 10.0.2.2" "host, switch address -> forward"
	check_eq "$(ask "" udp $HOST 5353)" "g1 10.0.2.2" "host -> udp forward"
	check_eq "$(ask "$g2" tcp $HOST 2222)" "g1 10.0.2.2" "g2 -> forward (hairpin)"
	check_eq "$(ask "$g2" tcp 10.0.2.2 2222)" "g1 10.0.2.2" "g2 -> gateway forward (hairpin)"
	check_eq "$(ask "$g2" udp $HOST 5353)" "g1 10.0.2.2" "g2 -> udp forward (hairpin)"
	# The UDP forward is bound to one address only.
	check_eq "$(ASK_WAIT=5 ask "" udp 127.0.0.1 5353)" "" "udp forward answered on 127.0.0.1"
	log_test "nat: forwards reached from outside, from the host (address, 127.0.0.1) and from a guest"
}

nat_forward_rules() {
	local out pid sum_in sum_out

	setup
	check_err $? "setup"
	vswctl switch add sw1 mode nat address 10.0.3.1/24
	serve "$g1" g1 tcp 22 && serve "$g1" g1 tcp 80
	vswctl nat forward add sw0 tcp 2222 10.0.2.15:22 name ssh
	out=$(vswctl nat forward add sw0 tcp 2222 10.0.2.16:22 2>&1)
	check_eq "$out" "Error: tcp port 2222 is already forwarded by sw0 (rule ssh)" "same port, same switch"
	out=$(vswctl nat forward add sw1 tcp 2222 10.0.3.9:22 2>&1)
	check_eq "$out" "Error: tcp port 2222 is already forwarded by sw0 (rule ssh)" "same port, other switch"
	out=$(vswctl nat forward add sw0 tcp 2223 10.0.2.16:22 name ssh 2>&1)
	check_eq "$out" "Error: sw0 already has a forward named ssh" "same name"
	vswctl nat forward add sw1 udp 2222 10.0.3.9:22
	check_err $? "udp 2222 next to tcp 2222"

	# A transfer through another rule and a masqueraded one go on while
	# rules come and go.
	vswctl nat forward add sw0 tcp 8000 10.0.2.15:80 name web
	head -c 3000000 /dev/urandom > /tmp/vsw-fwd.in
	sum_in=$(sha256sum < /tmp/vsw-fwd.in)
	ip netns exec "$srv" nc -l -N -p 5001 > /tmp/vsw-fwd.out &
	pid=$!
	busywait 5000 ip netns exec "$srv" sh -c 'ss -ltn | grep -q :5001'
	ip netns exec "$g1" sh -c "$PY -c '
import socket, sys, time
s = socket.create_connection((\"$SRV\", 5001))
d = open(\"/tmp/vsw-fwd.in\", \"rb\").read()
for i in range(0, len(d), 100000):
    s.sendall(d[i:i + 100000]); time.sleep(0.1)
s.shutdown(socket.SHUT_WR); s.recv(1)'" &
	vswctl nat forward del sw0 ssh
	check_err $? "forward del by name"
	check_eq "$(ask "$srv" tcp $HOST 2222)" "" "outside still reaches a deleted forward"
	check_eq "$(ask "" tcp 127.0.0.1 2222)" "" "host still reaches a deleted forward"
	check_eq "$(ask "$srv" tcp $HOST 8000)" "g1 $SRV" "the other forward"
	vswctl nat forward add sw0 tcp 2222 10.0.2.15:22 name ssh
	check_eq "$(ask "$srv" tcp $HOST 2222)" "g1 $SRV" "forward added back"
	vswctl nat forward del sw0 tcp 2222
	check_err $? "forward del by port"
	check_eq "$(ask "$srv" tcp $HOST 2222)" "" "deleted again"
	wait $pid
	sum_out=$(sha256sum < /tmp/vsw-fwd.out)
	check_eq "$sum_out" "$sum_in" "transfer during rule changes"
	rm -f /tmp/vsw-fwd.in /tmp/vsw-fwd.out
	check_eq "$(vswctl nat forward show sw0)" "web switch sw0 tcp *:8000 to 10.0.2.15:80" "show sw0"
	check_eq "$(vswctl -j nat forward show sw1)" \
		'[{"name":"udp-2222","switch":"sw1","proto":"udp","host_address":"0.0.0.0","host_port":2222,"guest_address":"10.0.3.9","guest_port":22}]' \
		"show -j sw1"
	log_test "nat: forward rules: duplicates refused across switches, removal stops new connections only for that rule"
}

nat_icmp_errors() {
	local out pid

	setup
	check_err $? "setup"
	# UDP to a closed port: the server's port unreachable finds the guest.
	out=$(ip netns exec "$g1" $PY -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.connect(('$SRV', 7))
s.send(b'x')
try:
    s.recv(10)
    print('answer')
except ConnectionRefusedError:
    print('refused')
except socket.timeout:
    print('timeout')")
	check_eq "$out" refused "ICMP port unreachable through NAT"
	# Path MTU: the router's link to the server is narrower; the guest
	# learns it from the translated "fragmentation needed".
	ip -n "$rtr" link set sveth mtu 1280
	ip -n "$srv" link set eth0 mtu 1280
	head -c 300000 /dev/urandom > /tmp/vsw-pmtu.in
	ip netns exec "$srv" nc -l -N -p 5002 > /tmp/vsw-pmtu.out &
	pid=$!
	busywait 5000 ip netns exec "$srv" sh -c 'ss -ltn | grep -q :5002'
	timeout 20 ip netns exec "$g1" nc -N $SRV 5002 < /tmp/vsw-pmtu.in
	check_err $? "transfer over a narrower path"
	timeout 10 tail --pid=$pid -f /dev/null
	check_eq "$(sha256sum < /tmp/vsw-pmtu.out)" "$(sha256sum < /tmp/vsw-pmtu.in)" "PMTU transfer"
	rm -f /tmp/vsw-pmtu.in /tmp/vsw-pmtu.out
	# A fragmented datagram both ways.
	out=$(ip netns exec "$g2" $PY -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(b'x' * 3000, ('$SRV', 5000))
print(s.recv(100).decode().strip())")
	check_eq "$out" "srv $HOST" "a 3000-byte datagram"
	log_test "nat: ICMP errors, path MTU and fragments of existing flows are translated"
}

# conntrack's insert_failed, summed over the CPUs.
ct_insert_failed() {
	conntrack -S | sed -n 's/.* insert_failed=\([0-9]*\).*/\1/p' |
		awk '{ n += $1 } END { print n + 0 }'
}

# The first packet of one TCP connection twice at once, from two ports on
# two CPUs (fuzz/framefuzz's clash: two threads writing into two taps):
# both get an unconfirmed conntrack entry and NAT, conntrack confirms one
# and refuses the other (insert_failed). The refused packet is dropped
# and counted, and it and its entry are freed: nothing is left allocated
# once the table is flushed (nf_conntrack_count).
nat_confirm_clash() {
	local rounds=${VSWITCH_CLASH_ROUNDS:-500} f0 f1 line tries=0 gw

	[ "$(nproc)" -ge 2 ] || { echo "SKIP: nat_confirm_clash needs 2 CPUs"; return; }
	setup
	check_err $? "setup"
	coproc CL { exec fuzz/framefuzz fc0 fc1 2>&1; }
	read -r -t 60 line <&"${CL[0]}" && read -r -t 60 line <&"${CL[0]}" &&
		[ "$line" = ready ]
	check_err $? "framefuzz did not start"
	ip link set fc0 up && ip link set fc1 up &&
		vswctl port add sw0 fc0 && vswctl port add sw0 fc1
	check_err $? "taps as ports"
	gw=$(cat /sys/class/net/sw0/address)
	conntrack -F 2> /dev/null
	check_eq "$(cat /proc/sys/net/netfilter/nf_conntrack_count)" 0 "conntrack entries before"
	f0=$(ct_insert_failed)
	# Until the race happened a few times (each try takes seconds).
	while [ "$RET" -eq 0 ] && [ $(( $(ct_insert_failed) - f0 )) -lt 5 ] && [ $tries -lt 5 ]; do
		tries=$((tries + 1))
		echo "clash $rounds fc0 fc1 $gw 10.0.2.15 $SRV 9" >&"${CL[1]}"
		while read -r -t 600 line <&"${CL[0]}"; do
			[ "$line" = ok ] && break
			case $line in error*) check_err 1 "framefuzz: $line"; break ;; esac
		done
	done
	f1=$(ct_insert_failed)
	echo "# $tries x $rounds rounds: conntrack refused $((f1 - f0)) second packets (insert_failed)"
	if [ "$f1" = "$f0" ] && [ "${VSWITCH_VM_TCG_THREAD:-}" = single ]; then
		# One host thread runs both vCPUs in turn: they never race.
		echo "# SKIP nat_confirm_clash: the two CPUs never ran at once (single-threaded TCG)"
		kill "$CL_PID" 2> /dev/null
		return
	fi
	check_err $(( f1 - f0 < 1 )) "the race never happened in $tries x $rounds rounds"
	kill "$CL_PID" 2> /dev/null
	wait "$CL_PID" 2> /dev/null
	conntrack -F 2> /dev/null
	busywait 5000 sh -c '[ "$(cat /proc/sys/net/netfilter/nf_conntrack_count)" = 0 ]'
	check_err $? "conntrack entries left allocated after the flush: $(cat /proc/sys/net/netfilter/nf_conntrack_count) (refused packets leaked with their entries)"
	log_test "nat: a connection's first packet twice at once on two CPUs: the refused one freed with its conntrack entry"
}

# The host's raw table (notrack, a ct zone template) is its say on its own
# connections: the replies to a switch's guests are claimed all the same.
nat_host_raw() {
	local out hook

	setup
	check_err $? "setup"
	for hook in "notrack" "ct zone set 7"; do
		nft -f - <<-EOF
		table inet vswtest {
			chain pre { type filter hook prerouting priority raw; ip saddr $SRV $hook; }
		}
		EOF
		check_err $? "nft: $hook"
		out=$(ASK_WAIT=20 ask "$g1" tcp $SRV 8080)
		check_eq "$out" "srv $HOST" "TCP out, the replies with '$hook' in the host's raw table"
		out=$(ASK_WAIT=20 ask "$g2" udp $SRV 5000)
		check_eq "$out" "srv $HOST" "UDP out, the replies with '$hook' in the host's raw table"
		nft delete table inet vswtest
	done
	log_test "nat: notrack and ct zone templates in the host's raw table do not take a switch's replies"
}

# A route the host's tc gave a guest's frame on the port device before the
# switch took it (here act_tunnel_key's metadata dst, as a tunnel set-up
# on the port gives) is none of NAT's: it is dropped, not overwritten by
# the route NAT looks up (a reference leaked a packet) nor taken as the
# route out (output on a metadata dst: a WARN, a panic under
# panic_on_warn).
nat_port_dst() {
	local out gw

	setup
	check_err $? "setup"
	modprobe act_tunnel_key 2> /dev/null
	tc qdisc add dev vp1 clsact &&
		tc filter add dev vp1 ingress matchall action tunnel_key set \
			src_ip 203.0.113.1 dst_ip 203.0.113.2 id 7 ||
		{ echo "SKIP: nat_port_dst: no tc tunnel_key action"; return; }
	out=$(ask "$g1" tcp $SRV 8080)
	check_eq "$out" "srv $HOST" "TCP out from g1 with a metadata dst on its frames"
	# To g2's address through the gateway's MAC: on the subnet and not
	# the host's, for the host's stack, which has no route back to the
	# port: it goes nowhere, and nothing warns.
	gw=$(cat /sys/class/net/sw0/address)
	static_neigh "$g1" 10.0.2.16 "$gw"
	ip netns exec "$g1" ping -c 2 -i 0.2 -W 1 10.0.2.16 > /dev/null
	ip netns exec "$g1" ip neigh del 10.0.2.16 dev eth0
	out=$(ask "$g1" udp $SRV 5000)
	check_eq "$out" "srv $HOST" "UDP out from g1 after the frames to g2 through the gateway"
	tc qdisc del dev vp1 clsact
	log_test "nat: a route tc set on a guest's frame is dropped, neither leaked nor used"
}

tests_run
