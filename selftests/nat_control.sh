#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# NAT mode, the control side: conntrack zones and their flushing, timeouts,
# masquerade following the host's address, overlapping subnets, DHCP, and
# bad input. The topology is in lib/nat.sh.

ALL_TESTS="nat_conntrack_zone nat_flush nat_timeouts nat_masq_address
	   nat_overlap nat_dhcp nat_netns nat_errors nat_no_leak
	   nat_teardown_race"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh
source lib/nat.sh

# ct_lines ZONE: conntrack entries whose guest side is in ZONE.
ct_lines() {
	conntrack -L 2> /dev/null | grep -c "zone-orig=$1 "
}

nat_conntrack_zone() {
	local zone lines

	setup
	check_err $? "setup"
	zone=$(switch_field sw0 zone)
	check_match "$zone" '^[0-9]+$' "zone in switch show"
	ask "$g1" tcp $SRV 8080 > /dev/null
	ip netns exec "$g2" ping -c 1 -W 2 $SRV > /dev/null
	lines=$(conntrack -L 2> /dev/null)
	check_match "$lines" "^tcp .* src=10\.0\.2\.15 dst=$SRV sport=[0-9]+ dport=8080 zone-orig=$zone .*src=$SRV dst=$HOST sport=8080 " "g1's TCP entry"
	check_match "$lines" "^icmp .* src=10\.0\.2\.16 dst=$SRV .* zone-orig=$zone .*src=$SRV dst=$HOST " "g2's ping entry"
	# The default zone holds nothing of the guests.
	check_eq "$(printf '%s\n' "$lines" | grep 'src=10\.0\.2\.' | grep -vc "zone-orig=$zone ")" 0 "guest entries outside the zone"
	# vswctl nat show lists the same, from conntrack.
	lines=$(vswctl nat show sw0)
	check_match "$lines" "^tcp 10\.0\.2\.15:[0-9]+ -> $SRV:8080 via $HOST:[0-9]+ " "nat show tcp"
	check_match "$lines" "^icmp 10\.0\.2\.16 -> $SRV id [0-9]+ via $HOST id [0-9]+ " "nat show icmp"
	check_match "$(vswctl -j nat show sw0)" '"proto":"tcp","src":"10.0.2.15"' "nat show -j"
	log_test "nat: connections live in the switch's conntrack zone; nat show lists them"
}

nat_flush() {
	local zone

	setup
	check_err $? "setup"
	zone=$(switch_field sw0 zone)
	ask "$g1" tcp $SRV 8080 > /dev/null
	ask "$g1" udp $SRV 5000 > /dev/null
	ask "$g2" udp $SRV 5000 > /dev/null
	check_eq "$(ct_lines "$zone")" 3 "entries before"
	vswctl port del vp1
	check_eq "$(ct_lines "$zone")" 1 "entries after g1's port left"
	check_match "$(conntrack -L 2> /dev/null | grep "zone-orig=$zone ")" "src=10\.0\.2\.16 " "g2's entry stays"
	vswctl port add sw0 vp1
	ask "$g1" udp $SRV 5000 > /dev/null
	check_eq "$(ct_lines "$zone")" 2 "entries again"
	vswctl switch del sw0
	check_eq "$(ct_lines "$zone")" 0 "entries after switch del"
	vswctl switch add sw0 mode nat address 10.0.2.2/24
	vswctl port add sw0 vp1
	# A new switch, a new gateway MAC address.
	ip -n "$g1" neigh flush dev eth0
	ask "$g1" udp $SRV 5000 > /dev/null
	zone=$(switch_field sw0 zone)
	check_eq "$(ct_lines "$zone")" 1 "entries of the new switch"
	ip link del sw0
	check_eq "$(ct_lines "$zone")" 0 "entries after ip link del"
	log_test "nat: deleting a port or the switch flushes its conntrack entries"
}

# ct_timeout ZONE REGEX: the longest timeout of the matching entries (an
# older entry of a shorter setting may still be there).
ct_timeout() {
	conntrack -L 2> /dev/null | grep "zone-orig=$1 " | grep -E "$2" |
		awk '{ print $3 }' | sort -n | tail -n 1
}

nat_timeouts() {
	local zone t pid

	setup
	check_err $? "setup"
	zone=$(switch_field sw0 zone)
	vswctl nat set sw0 udp-timeout 7 tcp-established-timeout 100 tcp-timeout 20
	check_err $? "nat set"
	check_match "$(vswctl switch show sw0)" " zone $zone udp-timeout 7 tcp-timeout 20 tcp-established-timeout 100$" "switch show"
	ask "$g1" udp $SRV 5000 > /dev/null
	t=$(ct_timeout "$zone" '^udp')
	check_match "$t" '^[1-7]$' "UDP timeout"
	# An established TCP connection, held open.
	ip netns exec "$srv" socat TCP-LISTEN:7001,reuseaddr SYSTEM:'sleep 5' &
	busywait 5000 ip netns exec "$srv" sh -c 'ss -ltn | grep -q :7001'
	ip netns exec "$g1" $PY -c "
import socket, time
s = socket.create_connection(('$SRV', 7001))
time.sleep(8)" &
	pid=$!
	# Python starts slowly under TCG on a busy host: wait for the connection.
	busywait 30000 sh -c "conntrack -L 2> /dev/null | grep 'zone-orig=$zone ' | grep -q ESTABLISHED"
	t=$(ct_timeout "$zone" 'ESTABLISHED')
	check_match "$t" '^(9[0-9]|100)$' "TCP established timeout"
	# Live connections take a new value with their next packet.
	vswctl nat set sw0 udp-timeout 30
	ask "$g1" udp $SRV 5000 > /dev/null
	t=$(ct_timeout "$zone" '^udp')
	check_match "$t" '^(2[0-9]|30)$' "UDP timeout changed"
	vswctl nat set sw0 udp-timeout default tcp-timeout default tcp-established-timeout default
	check_match "$(vswctl switch show sw0)" "udp-timeout default tcp-timeout default tcp-established-timeout default$" "defaults"
	check_match "$(vswctl -j switch show sw0)" '"udp_timeout":0,"tcp_timeout":0,"tcp_established_timeout":0' "json"
	kill $pid 2> /dev/null
	log_test "nat: per-switch UDP and TCP timeouts reach conntrack"
}

nat_masq_address() {
	local out

	setup
	check_err $? "setup"
	check_eq "$(ask "$g1" udp $SRV 5000)" "srv $HOST" "before"
	check_eq "$(ct_lines "$(switch_field sw0 zone)")" 1 "entry before"
	# The host's outgoing address changes: masquerade follows.
	ip addr del $HOST/24 dev hveth
	ip addr add 198.51.100.7/24 dev hveth
	ip route add default via 198.51.100.2
	busywait 3000 sh -c "[ \$(conntrack -L 2> /dev/null | grep -c 'dst=$HOST ') = 0 ]"
	check_err $? "entries masqueraded behind the old address stay"
	out=$(ask "$g1" udp $SRV 5000)
	check_eq "$out" "srv 198.51.100.7" "after the address changed"
	log_test "nat: masquerade follows the host's outgoing address"
}

nat_overlap() {
	local a1 out

	setup
	check_err $? "setup"
	setup_ns g3
	# Two switches with the very same subnet and address.
	ip link del sw0
	vswctl switch add sw0 mode nat address 10.0.2.2/24 dhcp on dhcp-range 10.0.2.50-10.0.2.60
	check_err $? "first switch"
	# dnsmasq binds the address: only one of them can have one.
	out=$(vswctl switch add sw1 mode nat address 10.0.2.2/24 dhcp on 2>&1)
	check_eq "$out" "vswctl: dhcp: the dnsmasq of sw0 already serves 10.0.2.2" "second dnsmasq on 10.0.2.2"
	check_fail "$(ip link show sw1 > /dev/null 2>&1; echo $?)" "sw1 left behind by the refusal"
	vswctl switch add sw1 mode nat address 10.0.2.2/24
	check_err $? "second switch with the same subnet"
	add_guest "$g3" vp3 10.0.2.15/24
	ip -n "$g3" route add default via 10.0.2.2
	vswctl port add sw0 vp1 && vswctl port add sw0 vp2 && vswctl port add sw1 vp3
	a1=$(lease_of "$g1")
	check_match "$a1" '^10\.0\.2\.(5[0-9]|60) 10\.0\.2\.2 10\.0\.2\.2$' "g1's lease from sw0"
	a1=${a1%% *}
	serve "$g1" g1 tcp 22 && serve "$g3" g3 tcp 22
	check_eq "$(ask "$g1" tcp $SRV 8080)" "srv $HOST" "sw0's guest reaches out"
	check_eq "$(ask "$g3" tcp $SRV 8080)" "srv $HOST" "sw1's 10.0.2.15 reaches out"
	check_eq "$(ask "$g3" udp $SRV 5000)" "srv $HOST" "sw1's 10.0.2.15, UDP"
	vswctl nat forward add sw0 tcp 2222 "$a1:22"
	vswctl nat forward add sw1 tcp 2223 10.0.2.15:22
	check_eq "$(ask "$srv" tcp $HOST 2222)" "g1 $SRV" "sw0's forward"
	check_eq "$(ask "$srv" tcp $HOST 2223)" "g3 $SRV" "sw1's forward"
	check_eq "$(ask "" tcp 127.0.0.1 2223)" "g3 10.0.2.2" "sw1's forward from the host"
	check_eq "$(ask "$g2" tcp $HOST 2222)" "g1 10.0.2.2" "sw0's hairpin"
	log_test "nat: two switches with the same subnet both work"
}

# lease_of NS: run a DHCP client in NS; print "ADDRESS ROUTER DNS".
lease_of() {
	local script=/tmp/vsw-udhcpc-$1.sh

	cat > "$script" <<-'EOF'
	#!/bin/sh
	[ "$1" = bound ] || exit 0
	ip addr add "$ip/$mask" dev "$interface"
	ip route add default via "$router"
	echo "$ip $router $dns"
	EOF
	chmod +x "$script"
	ip -n "$1" addr flush dev eth0
	ip netns exec "$1" busybox udhcpc -i eth0 -n -q -f -t 5 -T 2 -s "$script" 2> /dev/null |
		tail -n 1
	rm -f "$script"
}

nat_dhcp() {
	local lease mac

	setup
	check_err $? "setup"
	ip link del sw0
	vswctl switch add sw0 mode nat address 10.0.2.2/24 dhcp on dhcp-range 10.0.2.50-10.0.2.60
	check_err $? "switch add with dhcp"
	vswctl port add sw0 vp1
	lease=$(lease_of "$g1")
	check_match "$lease" '^10\.0\.2\.(5[0-9]|60) 10\.0\.2\.2 10\.0\.2\.2$' "lease"
	mac=$(mac_of "$g1" eth0)
	check_match "$(vswctl lease show sw0)" "^${lease%% *} lladdr $mac " "lease show"
	check_eq "$(ask "$g1" tcp $SRV 8080)" "srv $HOST" "the leased guest reaches out"
	vswctl switch del sw0
	check_fail "$(pgrep -c -f 'dnsmasq.*sw0' > /dev/null; echo $?)" "dnsmasq left behind"
	log_test "nat: a guest leases from the switch's dnsmasq and reaches out"
}

# slab_objs CACHE: the objects in use in slab cache CACHE.
slab_objs() {
	awk -v c="$1" '$1 == c { print $2 }' /proc/slabinfo
}

# settle CACHE: CACHE's count once it stopped moving for a second (RCU
# frees what the deletions left), at most 20 s.
settle() {
	local a b i

	b=$(slab_objs "$1")
	for i in $(seq 20); do
		a=$b
		sleep 1
		b=$(slab_objs "$1")
		[ "$a" = "$b" ] && break
	done
	echo "$b"
}

# A nat switch's conntrack templates (and their timeouts) go with it:
# 300 switches made and deleted leave kmalloc-256 where it was, give or
# take what its slabs hold per CPU (up to ~130 objects seen, after a first
# 100 that let the caches grow). A reference too many on each of its
# three templates left 3 kmalloc-256 objects (and 2-3 of kmalloc-128)
# behind per switch: ~1000 here.
nat_no_leak() {
	local before after

	cleanup
	modprobe vswitch
	nat_cycle 100
	check_err $? "100 nat switches made and deleted"
	before=$(settle kmalloc-256)
	nat_cycle 300
	check_err $? "300 nat switches made and deleted"
	after=$(settle kmalloc-256)
	echo "kmalloc-256 objects: $before before, $after after 300 nat switches"
	check_match "$(( after - before ))" '^(-[0-9]+|[0-9]{1,2}|[12][0-9]{2})$' "kmalloc-256 objects left by 300 nat switches (fewer than 300)"
	log_test "nat: a deleted nat switch leaves nothing behind (its conntrack templates)"
}

nat_netns() {
	local x g

	setup
	check_err $? "setup"
	setup_ns x g
	# A nat switch of its own in another namespace, same subnet and
	# zone numbers as sw0's: the two never meet.
	ip netns exec "$x" vswctl switch add sw0 mode nat address 10.0.2.2/24
	check_err $? "nat switch in a namespace"
	check_eq "$(ip netns exec "$x" vswctl switch show sw0 | grep -o 'zone [0-9]*')" \
		"$(vswctl switch show sw0 | grep -o 'zone [0-9]*')" "zone numbers are per namespace"
	ip -n "$x" link add xp1 type veth peer name eth0 netns "$g"
	ip -n "$x" link set xp1 up
	ip netns exec "$x" vswctl port add sw0 xp1
	ip -n "$g" addr add 10.0.2.15/24 dev eth0
	ip -n "$g" link set eth0 up
	serve "$g" gx tcp 22
	ip netns exec "$x" vswctl nat forward add sw0 tcp 2222 10.0.2.15:22
	check_err $? "forward in the namespace"
	# The same host port is free in another namespace.
	vswctl nat forward add sw0 tcp 2222 10.0.2.15:22
	check_err $? "same forward in the initial namespace"
	serve "$g1" g1 tcp 22
	check_eq "$(ask "$x" tcp 127.0.0.1 2222)" "gx 10.0.2.2" "forward inside the namespace"
	check_eq "$(ask "" tcp 127.0.0.1 2222)" "g1 10.0.2.2" "forward in the initial namespace"
	check_eq "$(ip netns exec "$x" conntrack -L 2> /dev/null | grep -c zone-orig=)" 1 "the namespace's entry"
	# The namespace goes with its switch, forward and connections.
	ip netns del "$x"
	check_eq "$(ask "" tcp 127.0.0.1 2222)" "g1 10.0.2.2" "forward after the other namespace went"
	log_test "nat: switches in other namespaces are separate and go with them"
}

# nl_is ERRNO REGEX ARGS...: lib/nlraw.py's answer.
nl_is() {
	local errno=$1 re=$2 out

	shift 2
	out=$($PY lib/nlraw.py "$@")
	check_eq "${out%% *}" "$errno" "errno of nlraw $*"
	check_match "${out#* }" "$re" "message of nlraw $*"
}

# err_is EXPECTED CMD...: CMD fails with exactly EXPECTED on stderr.
err_is() {
	local want=$1 out

	shift
	out=$("$@" 2>&1)
	if [ $? -eq 0 ]; then
		check_err 1 "'$*' succeeded"
		return
	fi
	check_eq "$out" "$want" "'$*'"
}

nat_errors() {
	local before

	setup
	check_err $? "setup"
	vswctl switch add hsw mode host-only
	vswctl nat forward add sw0 tcp 2222 10.0.2.15:22 name ssh
	before=$(vswctl nat forward show; vswctl switch show sw0)

	err_is 'vswctl: missing SWITCH for "nat show"' vswctl nat show
	err_is 'Error: hsw is not a nat switch' vswctl nat forward add hsw tcp 1 10.0.2.15
	err_is 'Error: hsw is not a nat switch' vswctl nat set hsw udp-timeout 5
	err_is 'vswctl: hsw is not a nat switch' vswctl nat show hsw
	err_is 'vswctl: PROTO must be tcp or udp, not "icmp"' vswctl nat forward add sw0 icmp 22 10.0.2.15
	err_is 'vswctl: HOST-PORT "0" out of range (1..65535)' vswctl nat forward add sw0 tcp 0 10.0.2.15
	err_is 'vswctl: HOST-PORT "65536" out of range (1..65535)' vswctl nat forward add sw0 tcp 65536 10.0.2.15
	err_is 'vswctl: invalid GUEST-PORT "x"' vswctl nat forward add sw0 tcp 22 10.0.2.15:x
	err_is 'vswctl: GUEST-ADDRESS "10.0.2" is not an IPv4 address' vswctl nat forward add sw0 tcp 22 10.0.2
	err_is 'vswctl: HOST-ADDRESS "1.2.3" is not an IPv4 address' vswctl nat forward add sw0 tcp 1.2.3:22 10.0.2.15
	err_is "Error: 10.9.9.9 is not a guest address on sw0's subnet" vswctl nat forward add sw0 tcp 22 10.9.9.9
	err_is "Error: 10.0.2.2 is not a guest address on sw0's subnet" vswctl nat forward add sw0 tcp 22 10.0.2.2
	err_is "Error: 10.0.2.255 is not a guest address on sw0's subnet" vswctl nat forward add sw0 tcp 22 10.0.2.255
	err_is 'Error: the host address must be unicast' vswctl nat forward add sw0 tcp 224.0.0.1:22 10.0.2.15
	err_is 'vswctl: "tcp" cannot be a forward'"'"'s name' vswctl nat forward add sw0 tcp 22 10.0.2.15 name tcp
	err_is 'vswctl: NAME must be 1 to 31 characters' vswctl nat forward add sw0 tcp 22 10.0.2.15 name 0123456789012345678901234567890123
	err_is 'vswctl: unknown argument "nme"' vswctl nat forward add sw0 tcp 22 10.0.2.15 nme x
	err_is 'Error: sw0 has no such forward' vswctl nat forward del sw0 nosuch
	err_is 'Error: sw0 has no such forward' vswctl nat forward del sw0 udp 2222
	err_is 'vswctl: udp-timeout "0" out of range (1..604800)' vswctl nat set sw0 udp-timeout 0
	err_is 'vswctl: tcp-timeout "604801" out of range (1..604800)' vswctl nat set sw0 tcp-timeout 604801
	err_is 'vswctl: duplicate argument "udp-timeout"' vswctl nat set sw0 udp-timeout 5 udp-timeout 6
	err_is 'vswctl: nothing to set for "nat set"' vswctl nat set sw0
	err_is 'vswctl: unknown argument "icmp-timeout"' vswctl nat set sw0 icmp-timeout 5
	err_is 'vswctl: device "nosw" does not exist' vswctl nat forward show nosw
	# Malformed requests straight to the kernel: FWD_NEW (12), NAT_SET (10),
	# FWD_DEL (13); attributes 2 IFNAME, 20 NAT_ZONE, 21 NAT_UDP_TIMEOUT,
	# 24 FWD_NAME, 25 FWD_PROTO, 27 FWD_HOST_PORT, 28 FWD_GUEST_ADDR.
	nl_is -22 '^only tcp and udp ports can be forwarded$' genl 12 2:str:sw0 25:u8:1 27:u16:1 28:bytes:0a00020f
	nl_is -22 '^a forward needs a protocol, a host port and a guest address$' genl 12 2:str:sw0 25:u8:6
	nl_is -34 '.' genl 12 2:str:sw0 25:u8:6 27:u16:0 28:bytes:0a00020f
	nl_is -22 '.' genl 12 2:str:sw0 25:u8:6 27:u16:5 28:bytes:0a0002
	nl_is -34 '.' genl 10 2:str:sw0 21:u32:604801
	nl_is -22 '^nothing to set$' genl 10 2:str:sw0
	nl_is -22 '.' genl 10 2:str:sw0 20:u16:5 21:u32:5
	nl_is -22 '^name the forward, or give its protocol and host port$' genl 13 2:str:sw0 25:u8:6
	nl_is -22 '.' genl 12 2:str:sw0 24:str:0123456789012345678901234567890123456789 25:u8:6 27:u16:5 28:bytes:0a00020f
	nl_is -95 '^hsw is not a nat switch$' genl 10 2:str:hsw 21:u32:5
	check_eq "$(vswctl nat forward show; vswctl switch show sw0)" "$before" "state after refusals"
	log_test "nat: bad input to every nat command is refused, nothing changes"
}

# syn_flood NS SRC DST PORT: TCP SYNs from SRC in NS to DST:PORT, each
# from another source port, until killed (one process).
syn_flood() {
	ip netns exec "$1" $PY - "$2" "$3" "$4" <<'PYEOF' &
import random, socket, struct, sys
src, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
s.connect((dst, 0))
pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, 20)
def csum(b):
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    t = (t & 0xffff) + (t >> 16)
    return ~((t & 0xffff) + (t >> 16)) & 0xffff
while True:
    tcp = struct.pack("!HHIIBBHHH", random.randint(1024, 65535), port,
                      random.getrandbits(32), 0, 5 << 4, 2, 65535, 0, 0)
    s.send(tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:])
PYEOF
	FLOOD=$!
}

# New connections pour in through a forward while it is deleted, then
# while its switch is: nothing is confirmed into the switch's zone after
# the deletion's flush (the hooks in flight finish first), so the zone a
# next switch reuses starts empty. The forward leads to no guest: its
# connections stay (SYN_SENT) until flushed, where a guest's reset would
# close them.
nat_teardown_race() {
	local i zone n rounds=${VSWITCH_TEARDOWN_ROUNDS:-8} left=0 what

	setup
	check_err $? "setup"
	for (( i = 0; i < rounds * 2 && RET == 0; i++ )); do
		vswctl nat forward add sw0 tcp 8080 10.0.2.99:80 > /dev/null
		zone=$(switch_field sw0 zone)
		syn_flood "$srv" $SRV $HOST 8080
		busywait 20000 sh -c "[ \$(conntrack -L -p tcp --dport 8080 2> /dev/null | grep -c 'zone-orig=$zone ') -ge 20 ]"
		check_err $? "round $i: no connections came in through the forward"
		if (( i % 2 )); then
			what="switch"
			ip link del sw0
		else
			what="forward"
			vswctl nat forward del sw0 tcp 8080
		fi
		sleep 0.5
		kill "$FLOOD"
		wait "$FLOOD" 2> /dev/null
		n=$(conntrack -L -p tcp --dport 8080 2> /dev/null | grep -c "zone-orig=$zone ")
		[ "$n" -gt 0 ] && echo "# round $i: $n connections left in zone $zone after its $what was deleted"
		left=$(( left + n ))
		conntrack -F 2> /dev/null
		if [ ! -e /sys/class/net/sw0 ]; then
			vswctl switch add sw0 mode nat address 10.0.2.2/24 > /dev/null &&
				vswctl port add sw0 vp1 && vswctl port add sw0 vp2
			check_err $? "round $i: sw0 made again"
		fi
	done
	check_eq "$left" 0 "connections confirmed into a zone after its forward or switch was deleted, in $rounds + $rounds rounds"
	log_test "nat: a forward or switch deleted under a flood of new connections leaves none behind"
}

tests_run
