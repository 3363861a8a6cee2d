#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Port policy: VLANs (access, trunk, native, transparent; flooding and the
# FDB per VLAN; the host's port), isolation, MAC, DHCP, router and IP
# guards (static and DHCP-snooped bindings), storm limits, promiscuous
# policy, mirrors, the defaults of a new port (and the switch's port
# defaults), the uplink's policy and bad input.
#
#   host stack: sw0 10.81.0.1/24 (host-only switches only)
#       |
#   +---+-------------------------- sw0 ---------------------------------+
#   | vp1        vp2        vp3        vp4            vpt (a trunk)      |
#   +-|----------|----------|----------|---------------|----------------+
#    ns g1      ns g2      ns g3      ns g4           ns tr: eth0 (untagged,
#    eth0       eth0       eth0       eth0            the native VLAN),
#    .11        .12        .13        .14             eth0.10, eth0.20
#
# Every guest is a namespace behind a veth port, eth0 with a fixed address
# (02:81:00:00:00:1N). Each case sets the policy it tests; where counters
# must move exactly, every neighbour is static and each station has spoken
# once, so that the switch knows them all and nothing but what the test
# sends is on the wire. Frames are crafted with raw sockets, or scapy for
# ARP, DHCP and ICMP; a sniffer per device records every frame with its
# VLAN tag.

ALL_TESTS="defaults vlan_access vlan_trunk vlan_native vlan_transparent vlan_double_tag
	   flood_in_vlan fdb_per_vlan host_vlan isolation mac_guard
	   dhcp_guard router_guard guard_fragments link_local storm_limit ip_guard dhcp_snoop dhcp_snoop_trust promisc
	   mirror port_defaults uplink_policy bad_input"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip ping busybox /usr/sbin/dnsmasq
$PY -c 'import scapy' 2> /dev/null || skip "python3-scapy is not installed (make deps)"
modprobe vswitch

NET=10.81.0
HOST=$NET.1
HMAC=02:81:00:00:00:01
M1=02:81:00:00:00:11
M2=02:81:00:00:00:12
M3=02:81:00:00:00:13
M4=02:81:00:00:00:14
MT=02:81:00:00:00:20
SPOOF=02:81:00:00:66:66
UNKNOWN=02:81:00:00:99:99
BCAST=ff:ff:ff:ff:ff:ff
MCAST=01:00:5e:01:02:03
TMPD=$(mktemp -d /tmp/vsw-policy.XXXXXX)
SNIFFPIDS=()
CRAFTPID=
CRAFTD=
declare -A PORT_OF MAC_OF	# of each guest (namespace variable)

cat > "$TMPD/udhcpc.sh" <<'EOF'
#!/bin/sh
# busybox udhcpc script: configure the lease, note what came with it.
case $1 in
bound)
	ip addr add "$ip/$mask" dev "$interface"
	echo "$ip $mask ${router:--} ${serverid:--}" > "$LEASE_OUT"
	;;
esac
exit 0
EOF
chmod +x "$TMPD/udhcpc.sh"

cleanup() {
	local d

	[ ${#SNIFFPIDS[@]} -gt 0 ] && kill "${SNIFFPIDS[@]}" 2> /dev/null
	SNIFFPIDS=()
	[ -n "${MONPID:-}" ] && monitor_stop
	MONPID=
	# Commands are slow under TCG: only for what is there.
	if [ -e /sys/class/net/sw0 ]; then
		vswctl switch del sw0 2> /dev/null || ip link del sw0
	fi
	[ -e /sys/class/net/sw1 ] && ip link del sw1
	for d in vp1 vp2 vp3 vp4 vp5 vpt up0; do
		[ -e /sys/class/net/$d ] && ip link del $d
	done
	[ ${#NS_LIST[@]} -gt 0 ] && cleanup_ns
	# All but udhcpc.sh.
	rm -f "$TMPD"/[!u]*
}
trap 'cleanup; rm -rf "$TMPD"; [ -n "$CRAFTPID" ] && kill $CRAFTPID; rm -rf "$CRAFTD"' EXIT

# jsel EXPR: EXPR (Python, on the JSON document d read from stdin); a
# string prints as it is, anything else as compact JSON, a missing key as
# <missing>.
jsel() {
	local doc out

	IFS= read -r -d '' doc
	printf '%s\n' json "${1//$'\n'/ }" "${doc//$'\n'/ }" . >&"$CRAFT_REQ"
	IFS= read -t 120 -r out <&"$CRAFT_REP"
	printf '%s\n' "${out#ok:}"
}

# pj PORT KEY...: the port's KEYs from `vswctl -j port show`, on one line.
pj() {
	local port=$1

	shift
	vswctl -j port show | jsel "' '.join(
		v if isinstance(v, str) else json.dumps(v, separators=(',', ':'))
		for v in ([p for p in d if p['ifname'] == '$port'][0].get(k, '<missing>')
			  for k in '$*'.split()))"
}

sw_json() {	# sw_json SWITCH KEY: a key of `vswctl -j switch show`
	vswctl -j switch show "$1" | jsel "d[0]['$2']"
}

# setup MODE: sw0 in MODE; a host-only switch gets $HOST/24 and $HMAC.
setup() {
	cleanup
	vswctl switch add sw0 mode "$1" || return 1
	[ "$1" = host-only ] || return 0
	ip link set sw0 address $HMAC && ip addr add $HOST/24 dev sw0
}

# guest VAR PORT MAC ADDR [POLICY...]: namespace VAR with eth0 (MAC, and
# ADDR/24 unless ADDR is -) behind PORT, a port of sw0 added with POLICY.
guest() {
	local var=$1 port=$2 mac=$3 addr=$4 ns

	shift 4
	setup_ns "$var" || return 1
	ns=${!var}
	ip link add "$port" type veth peer name eth0 netns "$ns" || return 1
	PORT_OF[$var]=$port
	MAC_OF[$var]=$mac
	ip -n "$ns" link set eth0 address "$mac"
	[ "$addr" = - ] || ip -n "$ns" addr add "$addr/24" dev eth0
	ip -n "$ns" link set eth0 up
	ip link set "$port" up
	vswctl port add sw0 "$port" "$@"
}

vlan_dev() {	# vlan_dev VAR VID ADDR: eth0.VID in namespace VAR with ADDR/24
	local ns=${!1}

	ip -n "$ns" link add link eth0 name eth0."$2" type vlan id "$2" &&
		ip -n "$ns" addr add "$3/24" dev eth0."$2" &&
		ip -n "$ns" link set eth0."$2" up
}

# neigh VAR ADDR MAC [DEV]: a permanent neighbour in namespace VAR (host:
# the host's, on sw0).
neigh() {
	if [ "$1" = host ]; then
		ip neigh replace "$2" lladdr "$3" dev sw0 nud permanent
	else
		ip -n "${!1}" neigh replace "$2" lladdr "$3" dev "${4:-eth0}" nud permanent
	fi
}

in_ns() {	# in_ns VAR CMD...: CMD in namespace VAR (host: here)
	local var=$1

	shift
	if [ "$var" = host ]; then
		"$@"
	else
		ip netns exec "${!var}" "$@"
	fi
}

# The script's Python, lib/craftd.py: one process for the whole script,
# as starting Python takes a second under TCG and loading scapy several.
# Its FIFOs are held open both ways (CRAFT_REQ, CRAFT_REP), so that neither
# side blocks opening them; the first answer waits for scapy.
craftd_start() {
	CRAFTD=$(mktemp -d /tmp/vsw-craftd.XXXXXX) &&
		mkfifo "$CRAFTD/req" "$CRAFTD/rep" || return 1
	exec {CRAFT_REQ}<> "$CRAFTD/req" {CRAFT_REP}<> "$CRAFTD/rep"
	$PY lib/craftd.py "$CRAFTD/req" "$CRAFTD/rep" &
	CRAFTPID=$!
}

# craftd_send NETNS DEV COUNT EXPR [COUNT EXPR]...: COUNT times each frame
# EXPR (scapy, or bytes) from DEV in NETNS (- for the host's), in order.
craftd_send() {
	local out

	printf '%s\n' "send $1 $2" "${@:3}" . >&"$CRAFT_REQ"
	read -t 120 -r out <&"$CRAFT_REP"
	[ "$out" = ok ] && return 0
	echo "craftd: ${out:-no answer}" >&2
	return 1
}

# xmit VAR DST SRC COUNT [VID]: COUNT raw frames (type 0x88b5) from eth0
# in namespace VAR (host: from sw0), tagged with VID if given.
xmit() {
	local dev=eth0 ns=- frame=${2//:/}${3//:/}

	if [ "$1" = host ]; then dev=sw0; else ns=${!1}; fi
	[ -n "${5:-}" ] && frame+=8100$(printf %04x "$5")
	frame+=88b5$(printf '0%.0s' {1..92})
	craftd_send "$ns" $dev "$4" "bytes.fromhex('$frame')"
}

# craft VAR COUNT EXPR [COUNT EXPR]...: COUNT times each frame EXPR (scapy)
# from eth0 in namespace VAR (host: from sw0), in order.
craft() {
	local dev=eth0 ns=-

	if [ "$1" = host ]; then dev=sw0; else ns=${!1}; fi
	shift
	craftd_send "$ns" $dev "$@"
}

craftd_start || skip "cannot start lib/craftd.py"

# hello VAR...: one broadcast from each, so that the switch learns it.
hello() {
	local var

	for var; do
		xmit "$var" $BCAST "${MAC_OF[$var]}" 1
	done
}

# rxs VAR...: the frames eth0 in each namespace VAR received (host: sw0),
# on one line. A veth's peer receives what it sends: read on the port,
# without entering the namespace.
rxs() {
	local var n out=()

	for var; do
		if [ "$var" = host ]; then
			read -r n < /sys/class/net/sw0/statistics/rx_packets
		else
			read -r n < /sys/class/net/"${PORT_OF[$var]}"/statistics/tx_packets
		fi
		out+=("${n:-?}")
	done
	echo "${out[*]}"
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

reached() {	# reached "VAR..." BEFORE EXPECTED: each moved by >= EXPECTED
	local -a d e
	local i

	read -r -a d <<< "$(delta "$2" "$(rxs $1)")"
	read -r -a e <<< "$3"
	for i in "${!e[@]}"; do
		[[ ${d[i]} =~ ^[0-9]+$ ]] && [ "${d[i]}" -ge "${e[i]}" ] || return 1
	done
}

# rx_moved "VAR..." BEFORE EXPECTED: wait (5 s at most) until the rx
# counters of VAR... moved from BEFORE by at least EXPECTED, and a little
# more for frames that should not come; print how much they moved.
rx_moved() {
	busywait 5000 reached "$@"
	sleep 0.3
	delta "$2" "$(rxs $1)"
}

# sniff_start ID VAR [DEV]: record every frame DEV (eth0) in namespace VAR
# (host: DEV in the host's) receives, "SRC DST VID TYPE L4 HEX" a line: VID
# - when untagged; TYPE the inner ethertype (0800...); L4 udp:SPORT:DPORT,
# icmp:TYPE, icmp6:TYPE, arp:OP or -; HEX the frame as received.
sniff_start() {
	local id=$1 var=$2 dev=${3:-eth0}

	in_ns "$var" $PY - "$dev" > "$TMPD/sniff.$id" 2> "$TMPD/sniff.$id.err" <<'PYEOF' &
import socket, struct, sys
SOL_PACKET, PACKET_AUXDATA, TP_STATUS_VLAN_VALID = 263, 8, 0x10
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
s.bind((sys.argv[1], 0))
print("ready", flush=True)
while True:
    f, anc, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(20))
    if addr[2] == socket.PACKET_OUTGOING or len(f) < 14:
        continue
    vid = "-"
    for level, kind, data in anc:
        if level == SOL_PACKET and kind == PACKET_AUXDATA:
            st, _, _, _, _, tci, _ = struct.unpack("IIIHHHH", data[:20])
            if st & TP_STATUS_VLAN_VALID:
                vid = str(tci & 0xfff)
    t, p = f[12:14], 14
    if vid == "-" and t == b"\x81\x00":
        vid, t, p = str(int.from_bytes(f[14:16], "big") & 0xfff), f[16:18], 18
    l4 = "-"
    if t == b"\x08\x00" and len(f) >= p + 20:
        proto, q = f[p + 9], p + (f[p] & 15) * 4
        if proto == 17:
            l4 = "udp:%d:%d" % struct.unpack("!HH", f[q:q + 4])
        elif proto == 1:
            l4 = "icmp:%d" % f[q]
    elif t == b"\x86\xdd" and len(f) >= p + 44:
        if f[p + 6] == 17:
            l4 = "udp:%d:%d" % struct.unpack("!HH", f[p + 40:p + 44])
        elif f[p + 6] == 58:
            l4 = "icmp6:%d" % f[p + 40]
    elif t == b"\x08\x06" and len(f) >= p + 8:
        l4 = "arp:%d" % f[p + 7]
    print(f[6:12].hex(":"), f[0:6].hex(":"), vid, t.hex(), l4, f.hex(), flush=True)
PYEOF
	SNIFFPIDS+=($!)
	busywait 10000 grep -q ready "$TMPD/sniff.$id"
}

# sniffed ID [src=MAC] [dst=MAC] [vid=VID|-] [type=0800] [l4=...]: how
# many frames sniffer ID recorded that match all that is given.
sniffed() {
	local id=$1

	shift
	awk -v want="$*" '
		BEGIN {
			f["src"] = 1; f["dst"] = 2; f["vid"] = 3; f["type"] = 4; f["l4"] = 5
			n = split(want, w, " ")
			for (i = 1; i <= n; i++) { split(w[i], kv, "="); c[f[kv[1]]] = kv[2] }
		}
		$1 == "ready" { next }
		{ for (k in c) if ($k != c[k]) next; m++ }
		END { print m + 0 }' "$TMPD/sniff.$id"
}

sniff_dump() {	# sniff_dump ID...: what the sniffers recorded, for a failure
	local id

	for id; do
		awk -v id="$id" '{ print "sniffed on " id ":", $1, $2, $3, $4, $5 }' "$TMPD/sniff.$id"
	done
}

# sniffed_hex ID [FILTER...]: the frames sniffer ID recorded that match
# FILTER (as for sniffed), in hex, one a line.
sniffed_hex() {
	local id=$1

	shift
	awk -v want="$*" '
		BEGIN {
			f["src"] = 1; f["dst"] = 2; f["vid"] = 3; f["type"] = 4; f["l4"] = 5
			n = split(want, w, " ")
			for (i = 1; i <= n; i++) { split(w[i], kv, "="); c[f[kv[1]]] = kv[2] }
		}
		$1 == "ready" { next }
		{ for (k in c) if ($k != c[k]) next; print $6 }' "$TMPD/sniff.$id"
}

# sniff_wait ID N [FILTER...]: wait (5 s at most) until sniffer ID
# recorded at least N frames matching FILTER, then a little more.
sniff_wait() {
	local id=$1 n=$2

	shift 2
	busywait 5000 at_least "$n" sniffed "$id" "$@"
	sleep 0.3
}

at_least() {	# at_least N CMD...: CMD prints a number >= N
	local n=$1 v

	shift
	v=$("$@")
	[ -n "$v" ] && [ "$v" -ge "$n" ] 2> /dev/null
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

pings() {	# pings VAR ADDR [COUNT]: VAR reaches ADDR (COUNT echo requests)
	in_ns "$1" ping -c "${3:-1}" -i 0.2 -W 2 "$2" > /dev/null
}

no_ping() {	# no_ping VAR ADDR: one echo request of VAR to ADDR goes unanswered
	! in_ns "$1" ping -c 1 -W 1 "$2" > /dev/null
}

defaults() {
	local all="pvid vlan_filter vlans isolated mac_guard dhcp_guard router_guard macs guard_mac storm_limit"
	local none='0 false [] false false false false [] null 0'
	local s

	setup internal
	guest g1 vp1 $M1 $NET.11 && guest g2 vp2 $M2 $NET.12
	check_err $? "setup"
	check_eq "$(pj vp1 $all)" "$none" "port show -j of a new port ($all)"
	s=$(vswctl -s -j port show | jsel "sorted(k for k in [p for p in d if p['ifname'] == 'vp1'][0]['stats'] if k.startswith('drop_'))")
	check_match "$s" '"drop_dhcp_guard".*"drop_isolated".*"drop_mac_guard".*"drop_router_guard".*"drop_storm".*"drop_vlan"' \
		"drop counters in port show -s -j"
	check_eq "$(vswctl -s -j port show | jsel "[[p['stats'][k] for k in ('drop_vlan', 'drop_isolated', 'drop_mac_guard', 'drop_dhcp_guard', 'drop_router_guard', 'drop_storm')] for p in d if p['ifname'] == 'vp1'][0]")" \
		"[0,0,0,0,0,0]" "policy drop counters of a new port"
	pings g1 $NET.12 2
	check_err $? "g1 cannot reach g2 with the defaults"

	# Every setting at once, at port add; show reflects each.
	ip link add vp3 type veth peer name vq3
	vswctl port add sw0 vp3 trunk 10,20-22 native 5 isolated on mac-guard on \
		mac 02:81:00:00:00:a1,02:81:00:00:00:a2 dhcp-guard on router-guard on storm-limit 50
	check_err $? "port add with every setting"
	check_eq "$(pj vp3 $all)" \
		'5 true [10,20,21,22] true true true true ["02:81:00:00:00:a1","02:81:00:00:00:a2"] null 50' \
		"port show -j after port add with every setting"
	check_eq "$(vswctl port show sw0 | grep '^vp3 ')" \
		"vp3 switch sw0 fdb-max 0 fdb-count 0 trunk 10,20-22 native 5 isolated mac-guard mac 02:81:00:00:00:a1,02:81:00:00:00:a2 dhcp-guard router-guard storm-limit 50" \
		"port show line after port add with every setting"
	# port set changes only what it names.
	vswctl port set vp3 isolated off storm-limit off
	check_err $? "port set vp3 isolated off storm-limit off"
	check_eq "$(pj vp3 $all)" \
		'5 true [10,20,21,22] false true true true ["02:81:00:00:00:a1","02:81:00:00:00:a2"] null 0' \
		"port show -j after port set isolated off storm-limit off"
	vswctl port set vp3 vlan 7 mac none
	check_err $? "port set vp3 vlan 7 mac none"
	check_eq "$(pj vp3 pvid vlan_filter vlans macs)" '7 true [] []' "an access port in VLAN 7"
	check_eq "$(vswctl port show sw0 | grep '^vp3 ')" \
		"vp3 switch sw0 fdb-max 0 fdb-count 0 vlan 7 mac-guard dhcp-guard router-guard" "port show line of an access port"
	vswctl port set vp3 trunk all native 9
	check_err $? "port set vp3 trunk all native 9"
	check_eq "$(pj vp3 pvid vlan_filter vlans)" '9 false []' "trunk all native 9"
	vswctl port set vp3 vlan none
	check_err $? "port set vp3 vlan none"
	check_eq "$(pj vp3 pvid vlan_filter vlans)" '0 false []' "vlan none: VLAN-transparent again"

	# A port that leaves and comes back starts from the defaults.
	vswctl port del vp3 && vswctl port add sw0 vp3
	check_err $? "port del, port add vp3"
	check_eq "$(pj vp3 $all)" "$none" "port show -j of vp3 added again"
	ip link del vp3
	log_test "defaults: a new port is VLAN-transparent with every guard off; settings show as set"
}

vlan_access() {
	local s b

	setup internal
	guest g1 vp1 $M1 $NET.11 vlan 10 && guest g2 vp2 $M2 $NET.12 vlan 10 &&
		guest g3 vp3 $M3 $NET.13 vlan 20
	check_err $? "setup"
	check_eq "$(pj vp1 pvid vlan_filter vlans)" "10 true []" "vp1: pvid, vlan_filter, vlans"
	check_eq "$(pj vp3 pvid vlan_filter vlans)" "20 true []" "vp3: pvid, vlan_filter, vlans"
	pings g1 $NET.12 2
	check_err $? "g1 cannot reach g2 in VLAN 10"
	no_ping g1 $NET.13
	check_err $? "g1 reached g3 in VLAN 20"
	no_ping g3 $NET.12
	check_err $? "g3 reached g2 in VLAN 10"

	neigh g1 $NET.12 $M2; neigh g1 $NET.13 $M3
	neigh g2 $NET.11 $M1; neigh g3 $NET.12 $M2
	hello g1 g2 g3
	s=$TMPD/s1
	snap "$s"
	b=$(rxs g1 g2 g3)
	pings g1 $NET.12 3
	check_err $? "g1 cannot reach g2 (static neighbours)"
	check_eq "$(rx_moved "g1 g2 g3" "$b" "3 3 0")" "3 3 0" "frames received by g1, g2, g3 (3 pings g1 -> g2)"

	# g3's address is not in VLAN 10's table: flooded in VLAN 10 only.
	b=$(rxs g1 g2 g3)
	xmit g1 $M3 $M1 4
	check_eq "$(rx_moved "g1 g2 g3" "$b" "0 4 0")" "0 4 0" "frames received by g1, g2, g3 (4 to g3's address from g1)"
	b=$(rxs g1 g2 g3)
	xmit g3 $BCAST $M3 2
	check_eq "$(rx_moved "g1 g2 g3" "$b" "0 0 0")" "0 0 0" "frames received by g1, g2, g3 (2 broadcasts from g3)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# Tagged frames on an access port: dropped, whatever their VID, but
	# priority-tagged ones (VID 0) are the PVID's.
	snap "$s"
	sniff_start g2 g2
	check_err $? "sniffer"
	b=$(rxs g1 g2 g3)
	xmit g1 $M2 $M1 3 10
	xmit g1 $BCAST $M1 2 20
	xmit g3 $BCAST $M3 1 20
	xmit g1 $M2 $M1 2 0
	check_eq "$(rx_moved "g1 g2 g3" "$b" "0 2 0")" "0 2 0" "frames received by g1, g2, g3 (tagged frames from g1, g3; 2 priority-tagged)"
	sniff_wait g2 2
	check_eq "$(sniffed g2 src=$M1 vid=- type=88b5) $(sniffed g2)" "2 2" "on g2: the priority-tagged frames untagged, all"
	check_eq "$(drops_since "$s")" "vp1 drop_vlan+5 vp3 drop_vlan+1" "drop counters that moved"
	log_test "vlan_access: access ports reach their VLAN only; tagged frames dropped (drop_vlan)"
}

vlan_trunk() {
	local s b

	setup internal
	guest g1 vp1 $M1 10.81.10.11 vlan 10 && guest g2 vp2 $M2 10.81.20.12 vlan 20 &&
		guest tr vpt $MT - trunk 10,20 &&
		vlan_dev tr 10 10.81.10.1 && vlan_dev tr 20 10.81.20.1
	check_err $? "setup"
	check_eq "$(pj vpt pvid vlan_filter vlans)" "0 true [10,20]" "vpt: pvid, vlan_filter, vlans"
	pings tr 10.81.10.11 2
	check_err $? "the trunk cannot reach g1 on eth0.10"
	pings tr 10.81.20.12 2
	check_err $? "the trunk cannot reach g2 on eth0.20"
	pings g1 10.81.10.1
	check_err $? "g1 cannot reach the trunk's eth0.10"

	neigh tr 10.81.10.11 $M1 eth0.10; neigh tr 10.81.20.12 $M2 eth0.20
	neigh g1 10.81.10.1 $MT; neigh g2 10.81.20.1 $MT
	sniff_start tr tr && sniff_start g1 g1
	check_err $? "sniffers"
	s=$TMPD/s1
	snap "$s"
	b=$(rxs g1 g2 tr)
	pings g1 10.81.10.1 3
	check_err $? "g1 cannot reach the trunk (static neighbours)"
	pings g2 10.81.20.1 2
	check_err $? "g2 cannot reach the trunk (static neighbours)"
	check_eq "$(rx_moved "g1 g2 tr" "$b" "3 2 5")" "3 2 5" "frames received by g1, g2, the trunk"
	sniff_wait tr 5
	check_eq "$(sniffed tr src=$M1 vid=10 type=0800) $(sniffed tr src=$M2 vid=20 type=0800) $(sniffed tr)" \
		"3 2 5" "on the trunk: from g1 tagged 10, from g2 tagged 20, all"
	sniff_wait g1 3
	check_eq "$(sniffed g1 src=$MT vid=- type=0800) $(sniffed g1)" "3 3" "on g1: from the trunk untagged, all"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# Broadcasts from the trunk stay in their VLAN; VID 30 is not carried.
	b=$(rxs g1 g2)
	xmit tr $BCAST $MT 3 10
	xmit tr $BCAST $MT 2 20
	xmit tr $BCAST $MT 4 30
	check_eq "$(rx_moved "g1 g2" "$b" "3 2")" "3 2" "frames received by g1, g2 (broadcasts tagged 10, 20, 30)"
	check_eq "$(drops_since "$s")" "vpt drop_vlan+4" "drop counters that moved"
	log_test "vlan_trunk: a trunk reaches access ports of its VLANs, tagged; other VIDs dropped"
}

vlan_native() {
	local s b

	setup internal
	guest g5 vp1 $M1 10.81.5.11 vlan 5 && guest g10 vp2 $M2 10.81.10.12 vlan 10 &&
		guest tr vpt $MT 10.81.5.1 trunk 10 native 5 && vlan_dev tr 10 10.81.10.1
	check_err $? "setup"
	check_eq "$(pj vpt pvid vlan_filter vlans)" "5 true [10]" "vpt: pvid, vlan_filter, vlans"
	pings tr 10.81.5.11 2
	check_err $? "the trunk cannot reach g5 untagged"
	pings tr 10.81.10.12 2
	check_err $? "the trunk cannot reach g10 on eth0.10"

	neigh tr 10.81.5.11 $M1; neigh tr 10.81.10.12 $M2 eth0.10
	neigh g5 10.81.5.1 $MT; neigh g10 10.81.10.1 $MT
	sniff_start tr tr && sniff_start g5 g5
	check_err $? "sniffers"
	s=$TMPD/s1
	snap "$s"
	b=$(rxs g5 g10 tr)
	pings g5 10.81.5.1 3
	check_err $? "g5 cannot reach the trunk (static neighbours)"
	pings g10 10.81.10.1 2
	check_err $? "g10 cannot reach the trunk (static neighbours)"
	check_eq "$(rx_moved "g5 g10 tr" "$b" "3 2 5")" "3 2 5" "frames received by g5, g10, the trunk"
	sniff_wait tr 5
	check_eq "$(sniffed tr src=$M1 vid=- type=0800) $(sniffed tr src=$M2 vid=10 type=0800) $(sniffed tr)" \
		"3 2 5" "on the trunk: from g5 untagged, from g10 tagged 10, all"
	sniff_wait g5 3
	check_eq "$(sniffed g5 src=$MT vid=- type=0800) $(sniffed g5)" "3 3" "on g5: from the trunk untagged, all"

	# Untagged broadcasts from the trunk are VLAN 5's.
	b=$(rxs g5 g10)
	xmit tr $BCAST $MT 3
	check_eq "$(rx_moved "g5 g10" "$b" "3 0")" "3 0" "frames received by g5, g10 (3 untagged broadcasts from the trunk)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"
	log_test "vlan_native: a trunk's untagged frames are its native VLAN's, and leave it untagged"
}

vlan_transparent() {
	local s b

	setup internal
	guest g1 vp1 $M1 $NET.11 && guest g2 vp2 $M2 $NET.12 && guest g3 vp3 $M3 $NET.13 &&
		vlan_dev g1 42 10.81.42.11 && vlan_dev g2 42 10.81.42.12
	check_err $? "setup"
	pings g1 10.81.42.12 2
	check_err $? "g1 cannot reach g2 on eth0.42"
	pings g1 $NET.12 2
	check_err $? "g1 cannot reach g2 untagged"

	neigh g1 10.81.42.12 $M2 eth0.42; neigh g2 10.81.42.11 $M1 eth0.42
	neigh g1 $NET.12 $M2; neigh g2 $NET.11 $M1
	hello g3
	sniff_start g2 g2 && sniff_start g3 g3
	check_err $? "sniffers"
	s=$TMPD/s1
	snap "$s"
	# Known in VLAN 42: unicast goes to g2 only, still tagged 42.
	b=$(rxs g1 g2 g3)
	pings g1 10.81.42.12 3
	check_err $? "g1 cannot reach g2 on eth0.42 (static neighbours)"
	check_eq "$(rx_moved "g1 g2 g3" "$b" "3 3 0")" "3 3 0" "frames received by g1, g2, g3 (3 pings in VLAN 42)"
	sniff_wait g2 3
	check_eq "$(sniffed g2 src=$M1 vid=42 type=0800) $(sniffed g2)" "3 3" "on g2: from g1 tagged 42, all"

	b=$(rxs g1 g2 g3)
	xmit g1 $BCAST $M1 2 42
	xmit g1 $BCAST $M1 1 4094
	xmit g1 $BCAST $M1 2
	check_eq "$(rx_moved "g1 g2 g3" "$b" "0 5 5")" "0 5 5" "frames received by g1, g2, g3 (broadcasts tagged 42, 4094, untagged)"
	sniff_wait g3 5
	check_eq "$(sniffed g3 src=$M1 vid=42 type=88b5) $(sniffed g3 src=$M1 vid=4094 type=88b5) $(sniffed g3 src=$M1 vid=- type=88b5) $(sniffed g3)" \
		"2 1 2 5" "on g3: from g1 tagged 42, tagged 4094, untagged, all"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"
	log_test "vlan_transparent: default ports pass tagged frames with their VID, and untagged ones"
}

# dbl VAR DST SRC COUNT OUTER INNER: COUNT raw frames (type 0x88b5) from
# eth0 in namespace VAR with two 802.1Q tags, VIDs OUTER and INNER.
dbl() {
	craftd_send "${!1}" eth0 "$4" "bytes.fromhex('${2//:/}${3//:/}8100$(printf %04x "$5")8100$(printf %04x "$6")88b5$(printf '0%.0s' {1..88})')"
}

# Two tags. A priority tag (VID 0) over a VLAN tag is the classic VLAN hop
# (a Linux receiver strips the priority tag, then delivers by the inner
# one), and so a way around the guards: no port takes it. A port with VLAN
# settings takes no second tag at all; transparent ports pass QinQ by its
# outer VID.
vlan_double_tag() {
	local s b

	setup internal
	guest g1 vp1 $M1 10.81.10.11 vlan 10 router-guard on && guest g2 vp2 $M2 10.81.20.12 vlan 20 &&
		guest tr vpt $MT - trunk 10,20 && guest g3 vp3 $M3 $NET.13 && guest g4 vp4 $M4 $NET.14 &&
		guest g5 vp5 02:81:00:00:00:15 - vlan 42 &&
		vlan_dev tr 10 10.81.10.1 && vlan_dev tr 20 10.81.20.1
	check_err $? "setup"
	hello g1 g2 g3 g4 g5 tr
	sniff_start tr tr && sniff_start g4 g4
	check_err $? "sniffers"
	s=$TMPD/s1
	snap "$s"
	b=$(rxs g2 tr g4 g5)
	dbl g1 $BCAST $M1 3 0 20
	dbl g1 $MT $M1 2 0 20
	craft g1 1 "Ether(src='$M1', dst='33:33:00:00:00:01')/Dot1Q(vlan=0)/Dot1Q(vlan=20)/IPv6(src='fe80::1', dst='ff02::1')/ICMPv6ND_RA()"
	dbl g3 $BCAST $M3 3 0 20
	dbl tr $BCAST $MT 2 10 20
	dbl tr $BCAST $MT 1 0 10
	dbl g3 $BCAST $M3 2 42 20
	check_eq "$(rx_moved "g2 tr g4 g5" "$b" "0 0 2 0")" "0 0 2 0" "frames received by g2, the trunk, g4, g5 (access, VLAN 42)"
	sniff_wait g4 2
	check_eq "$(sniffed g4 src=$M3 vid=42 type=8100) $(sniffed g4)" "2 2" "on g4: g3's QinQ with its outer VID, all"
	check_eq "$(sniffed tr)" 0 "frames on the trunk"
	# g3's QinQ is VLAN 42's, but g5's access port does not take it.
	check_eq "$(drops_since "$s")" "vp1 drop_vlan+6 vp3 drop_vlan+3 vpt drop_vlan+3" "drop counters that moved"

	# Nor does a host port with VLAN settings: untagged for its PVID, the
	# frame would reach the host's sw0.20 by its inner tag. Sent to the
	# host, it is dropped; flooded, the host is skipped as such ports are.
	setup host-only
	guest g3 vp3 $M3 $NET.13 && vswctl port set sw0 vlan 42 &&
		ip link add link sw0 name sw0.20 type vlan id 20 && ip link set sw0.20 up
	check_err $? "host-only setup"
	hello g3
	snap "$s"
	b=$(cat /sys/class/net/sw0.20/statistics/rx_packets)
	dbl g3 $HMAC $M3 2 42 20
	dbl g3 $BCAST $M3 2 42 20
	sleep 0.5
	check_eq "$(( $(cat /sys/class/net/sw0.20/statistics/rx_packets) - b ))" 0 "frames sw0.20 received"
	check_eq "$(drops_since "$s")" "vp3 drop_vlan+2" "drop counters that moved (host-only)"
	log_test "vlan_double_tag: no VLAN hop by a priority tag, no second tag through VLAN ports (drop_vlan)"
}

flood_in_vlan() {
	local s b all="g1 g2 g3 g4 tr"

	setup internal
	guest g1 vp1 $M1 - vlan 10 && guest g2 vp2 $M2 - vlan 10 && guest g3 vp3 $M3 - vlan 20 &&
		guest g4 vp4 $M4 - && guest tr vpt $MT - trunk 10,20
	check_err $? "setup"
	sniff_start tr tr && sniff_start g4 g4 && sniff_start g2 g2
	check_err $? "sniffers"
	s=$TMPD/s1
	snap "$s"
	b=$(rxs $all)
	xmit g1 $BCAST $M1 5
	check_eq "$(rx_moved "$all" "$b" "0 5 0 5 5")" "0 5 0 5 5" "frames received by $all (5 broadcasts in VLAN 10)"
	sniff_wait tr 5
	check_eq "$(sniffed g2 src=$M1 vid=-) $(sniffed g4 src=$M1 vid=10) $(sniffed tr src=$M1 vid=10)" \
		"5 5 5" "broadcasts in VLAN 10: untagged on g2, tagged 10 on g4 and the trunk"

	b=$(rxs $all)
	xmit g3 $MCAST $M3 3
	check_eq "$(rx_moved "$all" "$b" "0 0 0 3 3")" "0 0 0 3 3" "frames received by $all (3 multicasts in VLAN 20)"
	sniff_wait tr 8
	check_eq "$(sniffed g4 src=$M3 vid=20) $(sniffed tr src=$M3 vid=20)" "3 3" "multicasts in VLAN 20: tagged 20 on g4 and the trunk"

	b=$(rxs $all)
	xmit g2 $UNKNOWN $M2 2
	check_eq "$(rx_moved "$all" "$b" "2 0 0 2 2")" "2 0 0 2 2" "frames received by $all (2 unknown unicasts in VLAN 10)"

	b=$(rxs $all)
	xmit tr $BCAST $MT 4 20
	check_eq "$(rx_moved "$all" "$b" "0 0 4 4 0")" "0 0 4 4 0" "frames received by $all (4 broadcasts tagged 20 from the trunk)"

	# The untagged segment (VLAN 0) of g4 holds no access port.
	b=$(rxs g1 g2 g3)
	xmit g4 $BCAST $M4 2
	sleep 0.5
	check_eq "$(delta "$b" "$(rxs g1 g2 g3)")" "0 0 0" "frames received by g1, g2, g3 (2 untagged broadcasts from g4)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"
	log_test "flood_in_vlan: broadcast, multicast and unknown unicast stay in their VLAN"
}

# fdb_vlans SWITCH MAC: "VLAN:DEV:FLAGS" of every FDB entry for MAC, sorted.
fdb_vlans() {
	vswctl -j fdb show "$1" | jsel "' '.join('%d:%s:%s' % (e['vlan'], e['dev'], e['flags'])
		for e in sorted(d, key=lambda e: e['vlan']) if e['mac'] == '$2')"
}

fdb_per_vlan() {
	local b

	setup internal
	guest g1 vp1 $M1 - vlan 10 && guest g2 vp2 $M2 - vlan 20 && guest tr vpt $MT - trunk 10,20
	check_err $? "setup"
	xmit tr $BCAST $MT 1 10
	xmit tr $BCAST $MT 1 20
	hello g1 g2
	check_eq "$(fdb_vlans sw0 $MT)" "10:vpt:learned 20:vpt:learned" "entries of the trunk's address"
	check_eq "$(fdb_vlans sw0 $M1) $(fdb_vlans sw0 $M2)" "10:vp1:learned 20:vp2:learned" "entries of g1, g2"
	check_eq "$(vswctl fdb show sw0 | awk -v m=$MT '$1 == m { print $1, $2, $3, $4, $5, $6 }' | sort | xargs)" \
		"$MT dev vpt vlan 10 learned $MT dev vpt vlan 20 learned" "fdb show, text"

	# The same address behind an access port of VLAN 20: it moves in
	# VLAN 20 only.
	in_ns g2 ip link set eth0 address $MT
	MAC_OF[g2]=$MT
	xmit g2 $BCAST $MT 1
	check_eq "$(fdb_vlans sw0 $MT)" "10:vpt:learned 20:vp2:learned" "entries of the trunk's address after g2 took it"
	sniff_start tr tr
	check_err $? "sniffer"
	b=$(rxs g2 tr)
	xmit g1 $MT $M1 3
	check_eq "$(rx_moved "g2 tr" "$b" "0 3")" "0 3" "frames received by g2, the trunk (3 to the address in VLAN 10)"
	sniff_wait tr 3
	check_eq "$(sniffed tr dst=$MT vid=10)" 3 "on the trunk: to its address, tagged 10"

	# A static entry in one VLAN.
	vswctl fdb add sw0 $UNKNOWN dev vpt vlan 20
	check_err $? "fdb add ... vlan 20"
	check_eq "$(fdb_vlans sw0 $UNKNOWN)" "20:vpt:static" "the static entry"
	vswctl fdb del sw0 $UNKNOWN vlan 10 2> /dev/null
	check_fail $? "fdb del of the entry in VLAN 10, which does not exist"
	vswctl fdb del sw0 $UNKNOWN vlan 20
	check_err $? "fdb del ... vlan 20"
	check_eq "$(fdb_vlans sw0 $UNKNOWN)" "" "entries after fdb del"
	log_test "fdb_per_vlan: one address learned in two VLANs, moves per VLAN, static entries per VLAN"
}

host_vlan() {
	local s b

	setup host-only
	guest g1 vp1 $M1 $NET.11 vlan 10 && guest g2 vp2 $M2 $NET.12 vlan 20 &&
		guest g3 vp3 $M3 $NET.13
	check_err $? "setup"
	pings g3 $HOST
	check_err $? "g3 (untagged) cannot reach the VLAN-transparent host"
	no_ping g1 $HOST
	check_err $? "g1 (VLAN 10) reached the VLAN-transparent host's untagged segment"

	vswctl port set sw0 vlan 10
	check_err $? "port set sw0 vlan 10"
	check_eq "$(sw_json sw0 host_pvid) $(sw_json sw0 host_vlan_filter) $(sw_json sw0 host_vlans)" "10 true []" \
		"switch show -j: host_pvid, host_vlan_filter, host_vlans"
	check_match "$(vswctl switch show sw0)" ' host-vlan 10$' "switch show"
	pings g1 $HOST 2
	check_err $? "g1 cannot reach the host in VLAN 10"
	ip neigh flush dev sw0
	no_ping g2 $HOST
	check_err $? "g2 (VLAN 20) reached the host"
	no_ping g3 $HOST
	check_err $? "g3 (untagged) reached the host in VLAN 10"

	neigh g1 $HOST $HMAC; neigh g2 $HOST $HMAC; neigh g3 $HOST $HMAC
	neigh host $NET.11 $M1; neigh host $NET.12 $M2; neigh host $NET.13 $M3
	hello g1 g2 g3
	s=$TMPD/s1
	snap "$s"
	b=$(rxs g1 g2 g3 host)
	pings host $NET.11 3
	check_err $? "the host cannot reach g1 (static neighbours)"
	check_eq "$(rx_moved "g1 g2 g3 host" "$b" "3 0 0 3")" "3 0 0 3" "frames received by g1, g2, g3, the host (3 pings host -> g1)"
	# The host's broadcasts are VLAN 10's: untagged to g1, tagged to
	# VLAN-transparent g3.
	sniff_start g3 g3
	check_err $? "sniffer"
	b=$(rxs g1 g2 g3 host)
	xmit host $BCAST $HMAC 2
	check_eq "$(rx_moved "g1 g2 g3 host" "$b" "2 0 2 0")" "2 0 2 0" "frames received by g1, g2, g3, the host (2 broadcasts from the host)"
	sniff_wait g3 2
	check_eq "$(sniffed g3 src=$HMAC vid=10) $(sniffed g3)" "2 2" "on g3: from the host tagged 10, all"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"
	# Unicast to the host from other VLANs: dropped on the way in.
	b=$(rxs g1 g2 g3 host)
	xmit g2 $HMAC $M2 2
	xmit g3 $HMAC $M3 3
	xmit g3 $HMAC $M3 1 20
	sleep 0.5
	check_eq "$(delta "$b" "$(rxs g1 g2 g3 host)")" "0 0 0 0" "frames received by g1, g2, g3, the host (to the host from g2, g3)"
	check_eq "$(drops_since "$s")" "vp2 drop_vlan+2 vp3 drop_vlan+4" "drop counters that moved"

	vswctl port set sw0 vlan none
	check_err $? "port set sw0 vlan none"
	check_eq "$(sw_json sw0 host_pvid) $(sw_json sw0 host_vlan_filter)" "0 false" "host_pvid, host_vlan_filter after vlan none"
	pings g3 $HOST
	check_err $? "g3 cannot reach the host after vlan none"
	log_test "host_vlan: the host's port in VLAN 10 reaches VLAN 10 only"
}

isolation() {
	local s b all="g1 g2 g3 host"

	setup host-only
	guest g1 vp1 $M1 $NET.11 isolated on && guest g2 vp2 $M2 $NET.12 && guest g3 vp3 $M3 $NET.13
	check_err $? "setup"
	vswctl port set vp2 isolated on
	check_err $? "port set vp2 isolated on"
	check_eq "$(pj vp1 isolated) $(pj vp2 isolated) $(pj vp3 isolated)" "true true false" "isolated of vp1, vp2, vp3"

	pings g1 $HOST 2
	check_err $? "isolated g1 cannot reach the host"
	pings host $NET.12 2
	check_err $? "the host cannot reach isolated g2"
	pings g1 $NET.13 2
	check_err $? "isolated g1 cannot reach g3"
	pings g3 $NET.12 2
	check_err $? "g3 cannot reach isolated g2"
	no_ping g1 $NET.12
	check_err $? "isolated g1 reached isolated g2"
	no_ping g2 $NET.11
	check_err $? "isolated g2 reached isolated g1"

	neigh g1 $NET.12 $M2; neigh g1 $NET.13 $M3; neigh g1 $HOST $HMAC
	neigh g2 $NET.11 $M1; neigh g2 $NET.13 $M3; neigh g2 $HOST $HMAC
	neigh g3 $NET.11 $M1; neigh g3 $NET.12 $M2; neigh g3 $HOST $HMAC
	neigh host $NET.11 $M1; neigh host $NET.12 $M2; neigh host $NET.13 $M3
	hello g1 g2 g3
	s=$TMPD/s1

	# Unicast between isolated ports: dropped, counted on the way in.
	snap "$s"
	b=$(rxs $all)
	xmit g1 $M2 $M1 5
	xmit g2 $M1 $M2 3
	sleep 0.5
	check_eq "$(delta "$b" "$(rxs $all)")" "0 0 0 0" "frames received by $all (unicast g1 <-> g2)"
	check_eq "$(drops_since "$s")" "vp1 drop_isolated+5 vp2 drop_isolated+3" "drop counters that moved"

	# Floods skip the other isolated port, uncounted.
	snap "$s"
	b=$(rxs $all)
	xmit g1 $BCAST $M1 4
	check_eq "$(rx_moved "$all" "$b" "0 0 4 4")" "0 0 4 4" "frames received by $all (4 broadcasts from g1)"
	b=$(rxs $all)
	xmit g2 $UNKNOWN $M2 2
	check_eq "$(rx_moved "$all" "$b" "0 0 2 0")" "0 0 2 0" "frames received by $all (2 unknown unicasts from g2)"
	b=$(rxs $all)
	xmit g3 $BCAST $M3 3
	check_eq "$(rx_moved "$all" "$b" "3 3 0 3")" "3 3 0 3" "frames received by $all (3 broadcasts from g3)"
	b=$(rxs $all)
	xmit host $BCAST $HMAC 2
	check_eq "$(rx_moved "$all" "$b" "2 2 2 0")" "2 2 2 0" "frames received by $all (2 broadcasts from the host)"

	# Isolated to not isolated and to the host, and back.
	b=$(rxs $all)
	pings g1 $NET.13 3
	check_err $? "isolated g1 cannot reach g3 (static neighbours)"
	check_eq "$(rx_moved "$all" "$b" "3 0 3 0")" "3 0 3 0" "frames received by $all (3 pings g1 -> g3)"
	b=$(rxs $all)
	pings g2 $HOST 2
	check_err $? "isolated g2 cannot reach the host (static neighbours)"
	check_eq "$(rx_moved "$all" "$b" "0 2 0 2")" "0 2 0 2" "frames received by $all (2 pings g2 -> host)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# Not isolated any more: g1 and g2 talk.
	vswctl port set vp1 isolated off
	check_err $? "port set vp1 isolated off"
	pings g1 $NET.12 2
	check_err $? "g1 cannot reach g2 once not isolated"
	log_test "isolation: isolated ports reach the others and the host, never each other"
}

mac_guard() {
	local s b all="g1 g2 host"

	setup host-only
	guest g1 vp1 $M1 $NET.11 mac-guard on && guest g2 vp2 $M2 $NET.12
	check_err $? "setup"
	check_eq "$(pj vp1 mac_guard guard_mac macs)" "true null []" "vp1: mac_guard, guard_mac, macs before traffic"
	neigh host $NET.11 $M1; neigh host $NET.12 $M2
	neigh g1 $NET.12 $M2; neigh g1 $HOST $HMAC
	neigh g2 $NET.11 $M1; neigh g2 $HOST $HMAC
	hello g2
	s=$TMPD/s1
	snap "$s"

	# The first source address seen is the port's.
	b=$(rxs $all)
	xmit g1 $BCAST $M1 3
	check_eq "$(rx_moved "$all" "$b" "0 3 3")" "0 3 3" "frames received by $all (3 from g1's address)"
	check_eq "$(pj vp1 guard_mac)" $M1 "vp1's guard_mac"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"
	b=$(rxs $all)
	xmit g1 $BCAST $SPOOF 5
	xmit g1 $M2 $SPOOF 2
	xmit g1 $BCAST $M1 2
	check_eq "$(rx_moved "$all" "$b" "0 2 2")" "0 2 2" "frames received by $all (7 spoofed, 2 from g1's address)"
	check_eq "$(drops_since "$s")" "vp1 drop_mac_guard+7" "drop counters that moved"
	check_eq "$(fdb_entry sw0 $SPOOF)" "" "FDB entry of the spoofed address"
	check_eq "$(pj vp1 guard_mac)" $M1 "vp1's guard_mac after spoofed frames"

	# ARP replies with the host's address, as Ethernet source and in ARP.
	snap "$s"
	b=$(rxs $all)
	craft g1 2 "Ether(src='$HMAC', dst='$BCAST')/ARP(op=2, hwsrc='$HMAC', psrc='$HOST', hwdst='$BCAST', pdst='$HOST')" \
		1 "Ether(src='$HMAC', dst='$M2')/ARP(op=2, hwsrc='$HMAC', psrc='$HOST', hwdst='$M2', pdst='$NET.12')"
	sleep 0.5
	check_eq "$(delta "$b" "$(rxs $all)")" "0 0 0" "frames received by $all (ARP replies with the host's address)"
	check_eq "$(drops_since "$s")" "vp1 drop_mac_guard+3" "drop counters that moved"
	check_eq "$(fdb_entry sw0 $HMAC)" "sw0 local" "the host's FDB entry"
	pings g2 $HOST
	check_err $? "g2 cannot reach the host after the ARP spoofing"
	pings g1 $NET.12 2
	check_err $? "g1 cannot reach g2 from its own address"

	# A list of addresses: those pass, nothing else does.
	vswctl port set vp1 mac 02:81:00:00:00:a1,02:81:00:00:00:a2
	check_err $? "port set vp1 mac ..."
	check_eq "$(pj vp1 mac_guard macs)" 'true ["02:81:00:00:00:a1","02:81:00:00:00:a2"]' "vp1: mac_guard, macs"
	snap "$s"
	b=$(rxs $all)
	xmit g1 $BCAST 02:81:00:00:00:a1 2
	xmit g1 $BCAST 02:81:00:00:00:a2 2
	xmit g1 $BCAST $M1 3
	check_eq "$(rx_moved "$all" "$b" "0 4 4")" "0 4 4" "frames received by $all (2 + 2 listed, 3 from g1's address)"
	check_eq "$(drops_since "$s")" "vp1 drop_mac_guard+3" "drop counters that moved"

	# Guard off: anything goes; on again with no list: the first seen.
	vswctl port set vp1 mac-guard off
	check_err $? "port set vp1 mac-guard off"
	snap "$s"
	b=$(rxs $all)
	xmit g1 $BCAST $SPOOF 2
	check_eq "$(rx_moved "$all" "$b" "0 2 2")" "0 2 2" "frames received by $all (2 spoofed, guard off)"
	vswctl port set vp1 mac none mac-guard on
	check_err $? "port set vp1 mac none mac-guard on"
	b=$(rxs $all)
	xmit g1 $BCAST 02:81:00:00:00:a2 1
	xmit g1 $BCAST $M1 2
	check_eq "$(rx_moved "$all" "$b" "0 1 1")" "0 1 1" "frames received by $all (1 from a new address, 2 from g1's)"
	check_eq "$(pj vp1 guard_mac)" 02:81:00:00:00:a2 "vp1's guard_mac after the guard was set again"
	check_match "$(vswctl port show sw0 | grep '^vp1 ')" ' fdb-count [0-9]+ mac-guard guard-mac 02:81:00:00:00:a2$' "port show line"
	check_eq "$(drops_since "$s")" "vp1 drop_mac_guard+2" "drop counters that moved"
	log_test "mac_guard: the first address or the listed ones only; spoofed frames and ARP dropped"
}

# rogue_dnsmasq VAR: a DHCP server on eth0 of namespace VAR (10.81.0.66),
# leasing .200-.210 with itself as router.
rogue_dnsmasq() {
	in_ns "$1" /usr/sbin/dnsmasq --conf-file=/dev/null --keep-in-foreground \
		--port=0 --interface=eth0 --bind-interfaces --user=root \
		--dhcp-range=$NET.200,$NET.210,255.255.255.0,1h \
		--dhcp-option=option:router,$NET.66 --dhcp-leasefile="$TMPD/rogue.leases" \
		--pid-file="$TMPD/rogue.pid" --log-facility="$TMPD/rogue.log" \
		--log-dhcp --no-ping --dhcp-authoritative > /dev/null 2>&1 &
	busywait 10000 in_ns "$1" sh -c "ss -Hlnu | grep -q ':67 '"
}

# dhcp_client VAR: udhcpc on eth0 in namespace VAR; prints "IP LEN ROUTER
# SERVER-ID" of the lease it got.
dhcp_client() {
	local out=$TMPD/lease.$1

	rm -f "$out"
	in_ns "$1" ip addr flush dev eth0
	in_ns "$1" env LEASE_OUT="$out" busybox udhcpc -i eth0 -n -q -f \
		-s "$TMPD/udhcpc.sh" -t 10 -T 1 > /dev/null 2>&1
	cat "$out" 2> /dev/null
}

dhcp_guard() {
	local s b l rogue="l4=udp:67:68"

	cleanup
	vswctl switch add sw0 mode host-only address $HOST/24 dhcp on dhcp-range $NET.50-$NET.60
	check_err $? "switch add sw0 ... dhcp on"
	guest g1 vp1 $M1 $NET.66 dhcp-guard on && guest g2 vp2 $M2 - && guest g3 vp3 $M3 $NET.13
	check_err $? "setup"
	check_eq "$(pj vp1 dhcp_guard) $(pj vp2 dhcp_guard)" "true false" "dhcp_guard of vp1, vp2"
	rogue_dnsmasq g1
	check_err $? "the rogue dnsmasq does not listen"
	sniff_start vp1 host vp1 && sniff_start g2 g2
	check_err $? "sniffers"
	s=$TMPD/s1
	snap "$s"
	l=$(dhcp_client g2)
	check_match "$l" "^$NET\\.(5[0-9]|60) 24 $HOST $HOST\$" "g2's lease (IP LEN ROUTER SERVER-ID)"
	busywait 5000 at_least 1 sniffed vp1 src=$M1 $rogue
	check_err $? "the rogue dnsmasq did not answer"
	sleep 0.5
	check_eq "$(sniffed g2 src=$M1 $rogue)" 0 "DHCP server messages from the rogue on g2"
	check_eq "$(drops_since "$s")" "vp1 drop_dhcp_guard+$(sniffed vp1 src=$M1 $rogue)" "drop counters that moved"

	# Crafted DHCPv4 and DHCPv6 server messages are dropped; client
	# messages from the same port are not (to g3: the host's dnsmasq
	# would answer a broadcast). Counted by source and type: the host and
	# the rogue may still be resolving addresses they offered (ARP).
	hello g3
	sniff_start g3 g3
	check_err $? "sniffer on g3"
	snap "$s"
	b=$(( $(sniffed g2 src=$M1 type=0800) + $(sniffed g2 src=$M1 type=86dd) ))
	craft g1 3 "Ether(src='$M1', dst='$BCAST')/IP(src='$NET.66', dst='255.255.255.255')/UDP(sport=67, dport=68)/BOOTP(op=2, yiaddr='$NET.201')/DHCP(options=[('message-type', 'offer'), 'end'])" \
		2 "Ether(src='$M1', dst='33:33:00:00:00:01')/IPv6(src='fe80::66', dst='ff02::1')/UDP(sport=547, dport=546)/DHCP6_Advertise()" \
		1 "Ether(src='$M1', dst='$M3')/IPv6(src='fe80::66', dst='fe80::13')/UDP(sport=547, dport=546)/DHCP6_Reply()" \
		2 "Ether(src='$M1', dst='$M3')/IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=67)/BOOTP(op=1)/DHCP(options=[('message-type', 'request'), 'end'])" \
		1 "Ether(src='$M1', dst='$M3')/IPv6(src='fe80::66', dst='fe80::13')/UDP(sport=546, dport=547)/DHCP6_Solicit()"
	sniff_wait g3 1 src=$M1 l4=udp:546:547
	check_eq "$(( $(sniffed g2 src=$M1 type=0800) + $(sniffed g2 src=$M1 type=86dd) - b )) $(sniffed g3 src=$M1 l4=udp:68:67) $(sniffed g3 src=$M1 l4=udp:546:547) $(( $(sniffed g3 src=$M1 type=0800) + $(sniffed g3 src=$M1 type=86dd) ))" \
		"0 2 1 3" "IP frames from g1 (3 + 2 + 1 crafted server messages, 2 + 1 client messages): on g2; on g3: DHCPv4, DHCPv6 client messages, all"
	[ "$RET" = 0 ] || sniff_dump g2 g3
	check_eq "$(drops_since "$s")" "vp1 drop_dhcp_guard+6" "drop counters that moved"

	# Control: without the guard the rogue's offers reach the client.
	vswctl port set vp1 dhcp-guard off
	check_err $? "port set vp1 dhcp-guard off"
	snap "$s"
	b=$(sniffed g2 src=$M1 $rogue)
	dhcp_client g2 > /dev/null
	busywait 5000 at_least $(( b + 1 )) sniffed g2 src=$M1 $rogue
	check_err $? "the rogue's offers did not reach g2 without the guard"
	check_eq "$(drops_since "$s")" "" "drop counters that moved without the guard"
	log_test "dhcp_guard: a rogue DHCP server behind a guarded port does not reach clients"
}

# router_frames VAR MAC: from eth0 of namespace VAR with source MAC: 3
# router advertisements, 2 IPv6 and 2 IPv4 redirects to g3, a router
# advertisement tagged 7, a neighbour advertisement.
router_frames() {
	local m=$2

	craft "$1" 3 "Ether(src='$m', dst='33:33:00:00:00:01')/IPv6(src='fe80::1', dst='ff02::1')/ICMPv6ND_RA()" \
		2 "Ether(src='$m', dst='$M3')/IPv6(src='fe80::1', dst='fe80::13')/ICMPv6ND_Redirect(tgt='fe80::99', dst='2001:db8::1')" \
		2 "Ether(src='$m', dst='$M3')/IP(src='$HOST', dst='$NET.13')/ICMP(type=5, code=1, gw='$NET.99')/IP(src='$NET.13', dst='192.0.2.1')/UDP(sport=1, dport=2)" \
		1 "Ether(src='$m', dst='33:33:00:00:00:01')/Dot1Q(vlan=7)/IPv6(src='fe80::1', dst='ff02::1')/ICMPv6ND_RA()" \
		1 "Ether(src='$m', dst='33:33:00:00:00:01')/IPv6(src='fe80::1', dst='ff02::1')/ICMPv6ND_NA(tgt='fe80::1')"
}

router_guard() {
	local s b

	setup internal
	guest g1 vp1 $M1 $NET.11 router-guard on && guest g2 vp2 $M2 $NET.12 && guest g3 vp3 $M3 $NET.13
	check_err $? "setup"
	check_eq "$(pj vp1 router_guard) $(pj vp2 router_guard)" "true false" "router_guard of vp1, vp2"
	hello g1 g2 g3
	sniff_start g3 g3
	check_err $? "sniffer"
	s=$TMPD/s1
	snap "$s"
	b=$(rxs g3)
	router_frames g1 $M1
	check_eq "$(rx_moved g3 "$b" 1)" 1 "frames received by g3 (from guarded g1: 3 RAs, 2 + 2 redirects, a tagged RA, an NA)"
	sniff_wait g3 1
	check_eq "$(sniffed g3 src=$M1 l4=icmp6:136) $(sniffed g3)" "1 1" "on g3: the NA, all"
	check_eq "$(drops_since "$s")" "vp1 drop_router_guard+8" "drop counters that moved"

	# Control: the same from an unguarded port.
	snap "$s"
	b=$(rxs g3)
	router_frames g2 $M2
	check_eq "$(rx_moved g3 "$b" 9)" 9 "frames received by g3 (the same from unguarded g2)"
	sniff_wait g3 10
	check_eq "$(sniffed g3 src=$M2 l4=icmp6:134) $(sniffed g3 src=$M2 l4=icmp6:137) $(sniffed g3 src=$M2 l4=icmp:5) $(sniffed g3 src=$M2 vid=7 l4=icmp6:134)" \
		"4 2 2 1" "on g3 from g2: RAs, IPv6 redirects, IPv4 redirects, the tagged RA"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"
	log_test "router_guard: router advertisements and redirects from a guarded port dropped"
}

# First fragments without their whole header chain (RFC 7112): the guards
# cannot see what they carry, and a receiver that reassembles them gets a
# router advertisement or a DHCPv6 reply: dropped. A first fragment with
# its upper-layer header, later fragments and unfragmented packets pass.
guard_fragments() {
	local s b h6="Ether(src='$M1', dst='$M2')/IPv6(src='fe80::11', dst='fe80::12', hlim=255)"
	local h4="Ether(src='$M1', dst='$M2')/IP(src='$NET.11', dst='$NET.12', proto=17, flags='MF')"
	local pad="options=[PadN(optdata=bytes(12))]"

	setup internal
	guest g1 vp1 $M1 $NET.11 router-guard on dhcp-guard on && guest g2 vp2 $M2 $NET.12
	check_err $? "setup"
	hello g1 g2
	s=$TMPD/s1
	snap "$s"
	b=$(rxs g2)
	# Dropped: an RA's first fragment that ends before the ICMPv6 header,
	# a DHCPv6 reply's before the UDP header, a chain cut short (a routing
	# header announced, not there), an IPv4 DHCP offer's first fragment
	# that ends inside the UDP header.
	craft g1 1 "$h6/IPv6ExtHdrFragment(nh=60, m=1, id=7)/IPv6ExtHdrDestOpt(nh=58, $pad)" \
		1 "$h6/IPv6ExtHdrFragment(nh=60, m=1, id=8)/IPv6ExtHdrDestOpt(nh=17, $pad)" \
		1 "$h6/IPv6ExtHdrFragment(nh=60, m=1, id=9)/IPv6ExtHdrDestOpt(nh=43, $pad)" \
		1 "$h4/Raw(bytes(UDP(sport=67, dport=68))[:4])"
	# Passed: the RA's second fragment, a UDP first fragment with its
	# header, an RA-free echo request.
	craft g1 1 "$h6/IPv6ExtHdrFragment(nh=58, offset=2, id=7)/Raw(bytes(ICMPv6ND_RA()))" \
		1 "$h6/IPv6ExtHdrFragment(nh=17, m=1, id=10)/UDP(sport=1000, dport=2000)/Raw(bytes(8))" \
		1 "$h6/ICMPv6EchoRequest()"
	check_eq "$(rx_moved g2 "$b" 3)" 3 "frames received by g2 (3 of 7)"
	check_eq "$(drops_since "$s")" "vp1 drop_dhcp_guard+2 vp1 drop_router_guard+2" "drop counters that moved"
	log_test "guard_fragments: first fragments without the whole header chain dropped by the guards"
}

# blast VAR DST SRC COUNT: COUNT raw frames from eth0 in VAR as fast as
# possible; prints how long it took, in milliseconds.
blast() {
	in_ns "$1" $PY - "$2" "$3" "$4" <<'PYEOF'
import socket, sys, time
dst, src, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
frame = bytes.fromhex((dst + src).replace(":", "")) + b"\x88\xb5" + bytes(46)
t = time.monotonic()
for _ in range(n):
    s.send(frame)
print(int((time.monotonic() - t) * 1000) + 1)
PYEOF
}

storm_limit() {
	local s b d ms got drop backlog all="g2 g3"

	setup internal
	guest g1 vp1 $M1 - storm-limit 100 && guest g2 vp2 $M2 - && guest g3 vp3 $M3 -
	check_err $? "setup"
	check_eq "$(pj vp1 storm_limit)" 100 "vp1's storm_limit"
	hello g2 g3
	s=$TMPD/s1
	# Room for every frame in the receiving backlogs.
	backlog=$(sysctl -n net.core.netdev_max_backlog)
	sysctl -qw net.core.netdev_max_backlog=10000
	sleep 1.1
	snap "$s"
	b=$(rxs $all)
	ms=$(blast g1 $BCAST $M1 1000)
	sleep 0.5
	d=$(delta "$b" "$(rxs $all)")
	got=${d%% *}
	drop=$(moved "$s" vp1 drop_storm)
	echo "storm: 1000 broadcasts in $ms ms: $got passed, $drop dropped"
	check_eq "$(( got + drop ))" 1000 "frames passed + drop_storm"
	check_eq "${d#* }" "$got" "frames received by g3 (as many as g2)"
	[ "$got" -ge 100 ] && [ "$got" -le $(( 100 + (100 * ms + 999) / 1000 )) ]
	check_err $? "$got broadcasts passed in $ms ms with storm-limit 100"
	check_eq "$(drops_since "$s")" "vp1 drop_storm+$drop" "drop counters that moved"

	# Unicast to a known station is not limited.
	sleep 1.1
	snap "$s"
	b=$(rxs $all)
	blast g1 $M2 $M1 300 > /dev/null
	check_eq "$(rx_moved "$all" "$b" "300 0")" "300 0" "frames received by g2, g3 (300 to g2)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved (known unicast)"

	# Unknown unicast is; after a second the budget is back.
	sleep 1.1
	snap "$s"
	b=$(rxs $all)
	ms=$(blast g1 $UNKNOWN $M1 300)
	sleep 0.5
	d=$(delta "$b" "$(rxs $all)")
	got=${d%% *}
	drop=$(moved "$s" vp1 drop_storm)
	echo "storm: 300 unknown unicasts in $ms ms: $got passed, $drop dropped"
	check_eq "$(( got + drop ))" 300 "unknown unicasts passed + drop_storm"
	[ "$got" -ge 100 ] && [ "$got" -le $(( 100 + (100 * ms + 999) / 1000 )) ]
	check_err $? "$got unknown unicasts passed in $ms ms with storm-limit 100"

	# No limit.
	vswctl port set vp1 storm-limit off
	check_err $? "port set vp1 storm-limit off"
	snap "$s"
	b=$(rxs $all)
	blast g1 $BCAST $M1 300 > /dev/null
	check_eq "$(rx_moved "$all" "$b" "300 300")" "300 300" "frames received by g2, g3 (300 broadcasts, no limit)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved (no limit)"
	sysctl -qw net.core.netdev_max_backlog="$backlog"
	log_test "storm_limit: broadcast, multicast and unknown unicast limited per second"
}

# lladdr VAR ADDR: the MAC address of VAR's neighbour entry for ADDR (host:
# the host's, on sw0); <missing> if there is none.
lladdr() {
	local dev=eth0

	[ "$1" = host ] && dev=sw0
	in_ns "$1" ip -j neigh show "$2" dev $dev | jsel "d[0]['lladdr']"
}

# bindings SWITCH: "PORT/ADDR/TYPE" of each binding in `vswctl -j binding
# show`, sorted, on one line.
bindings() {
	vswctl -j binding show "$1" |
		jsel "' '.join(sorted('%s/%s/%s' % (b['port'], b['addr'], b['type']) for b in d))"
}

# lease SWITCH ADDR: "PORT MAC VLAN EXPIRES" of the binding of ADDR.
lease() {
	vswctl -j binding show "$1" |
		jsel "' '.join(str(b.get(k, '<missing>')) for b in d if b['addr'] == '$2'
			       for k in ('port', 'mac', 'vlan', 'expires'))"
}

in_range() {	# in_range V LO HI: V is a number in LO..HI
	[[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

# ll_send VAR COUNT: COUNT frames from VAR to each reserved group 00 (STP),
# 01 (pause), 02 (LACP), 03 (802.1X) and 0E (LLDP).
ll_send() {
	local g

	for g in 00 01 02 03 0e; do
		xmit "$1" 01:80:c2:00:00:$g "${MAC_OF[$1]}" "$2"
	done
}

link_local() {
	local s b all="g2 g3 host" mon=$TMPD/monitor

	setup host-only
	guest g1 vp1 $M1 $NET.11 && guest g2 vp2 $M2 $NET.12 && guest g3 vp3 $M3 $NET.13
	check_err $? "setup"
	hello g1 g2 g3
	s=$TMPD/s1
	check_eq "$(sw_json sw0 group_fwd_mask) $(pj vp1 bpdu_guard shut)" "0 false no" \
		"group_fwd_mask of a new switch; bpdu_guard, shut of a new port"

	# By default no reserved group is forwarded: a guest's BPDU, pause,
	# LACP, 802.1X and LLDP reach no one.
	snap "$s"
	b=$(rxs $all)
	ll_send g1 2
	check_eq "$(rx_moved "$all" "$b" "0 0 0")" "0 0 0" "frames received by $all (2 to each of 5 groups, none forwarded)"
	check_eq "$(drops_since "$s")" "vp1 drop_link_local+10" "drop counters that moved"

	# The groups of the mask are (LLDP and 802.1X), pause never.
	vswctl switch set sw0 group-fwd-mask 0x4008
	check_err $? "switch set sw0 group-fwd-mask 0x4008"
	check_eq "$(sw_json sw0 group_fwd_mask)" 16392 "group_fwd_mask after the set"
	check_match "$(vswctl switch show sw0 | head -1)" " group-fwd-mask 0x4008( |\$)" "switch show line"
	nl_is -22 '^pause \(bit 1\) and LACP \(bit 2\) frames are never forwarded$' changelink sw0 5:u16:$(( 0x4002 ))
	nl_is -22 '^pause \(bit 1\) and LACP \(bit 2\) frames are never forwarded$' changelink sw0 5:u16:4
	refused 'vswctl: group-fwd-mask: bits 1 (pause) and 2 (LACP) are never forwarded' \
		vswctl switch set sw0 group-fwd-mask 0xffff
	refused 'vswctl: group-fwd-mask "0x10000" out of range (0..0xffff)' \
		vswctl switch set sw0 group-fwd-mask 0x10000
	check_eq "$(sw_json sw0 group_fwd_mask)" 16392 "group_fwd_mask after the refusals"
	snap "$s"
	b=$(rxs $all)
	ll_send g1 2
	check_eq "$(rx_moved "$all" "$b" "4 4 4")" "4 4 4" "frames received by $all (802.1X and LLDP, 2 each)"
	check_eq "$(drops_since "$s")" "vp1 drop_link_local+6" "drop counters that moved"

	# BPDU guard: a BPDU shuts the port; it sends and gets nothing until
	# it is opened again; an event says so.
	vswctl switch set sw0 group-fwd-mask 0x1
	check_err $? "switch set sw0 group-fwd-mask 0x1 (BPDUs forwarded)"
	vswctl port set vp1 bpdu-guard on
	check_err $? "port set vp1 bpdu-guard on"
	monitor_start "$mon" sw0
	check_err $? "vswctl monitor"
	snap "$s"
	b=$(rxs g1 $all)
	xmit g1 01:80:c2:00:00:00 $M1 1
	xmit g1 $BCAST $M1 3
	xmit g2 $BCAST $M2 2
	xmit g2 $M1 $M2 2
	check_eq "$(rx_moved "g1 $all" "$b" "0 0 2 2")" "0 0 2 2" \
		"frames received by g1 $all (g1: a BPDU, 3 broadcasts; g2: 2 broadcasts, 2 to g1)"
	check_eq "$(drops_since "$s")" "vp1 drop_bpdu_guard+1 vp1 drop_shut+3 vp2 drop_down+2" "drop counters that moved"
	check_eq "$(pj vp1 bpdu_guard shut)" "true bpdu-guard" "vp1: bpdu_guard, shut"
	check_match "$(vswctl port show sw0 | grep '^vp1 ')" "^vp1 switch sw0 fdb-max 0 fdb-count [0-9]+ shut bpdu-guard bpdu-guard\$" \
		"port show line of vp1"
	busywait 5000 grep -q 'port-shut' "$mon"
	monitor_stop
	check_eq "$(grep port-shut "$mon")" "port-shut vp1 switch sw0 by bpdu-guard" "events"
	vswctl port set vp1 shut off
	check_err $? "port set vp1 shut off"
	check_eq "$(pj vp1 shut)" no "vp1: shut after shut off"
	snap "$s"
	b=$(rxs g1 $all)
	xmit g1 $BCAST $M1 1
	xmit g2 $M1 $M2 1
	check_eq "$(rx_moved "g1 $all" "$b" "1 1 1 1")" "1 1 1 1" "frames received by g1 $all after shut off"
	check_eq "$(drops_since "$s")" "" "drop counters that moved after shut off"
	# Without the guard BPDUs are forwarded (bit 0 of the mask).
	vswctl port set vp1 bpdu-guard off
	snap "$s"
	b=$(rxs $all)
	xmit g1 01:80:c2:00:00:00 $M1 1
	check_eq "$(rx_moved "$all" "$b" "1 1 1")" "1 1 1" "frames received by $all (a BPDU, forwarded)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# Shut by hand (a pulled cable), and open again.
	vswctl port set vp2 shut on
	check_err $? "port set vp2 shut on"
	check_eq "$(pj vp2 shut)" admin "vp2: shut"
	snap "$s"
	b=$(rxs g1 g2 host)
	xmit g2 $BCAST $M2 2
	xmit g3 $BCAST $M3 1
	check_eq "$(rx_moved "g1 g2 host" "$b" "1 0 1")" "1 0 1" \
		"frames received by g1 g2 host (2 broadcasts from g2, shut; 1 from g3)"
	check_eq "$(drops_since "$s")" "vp2 drop_shut+2" "drop counters that moved"
	vswctl port set vp2 shut off && pings g2 $HOST
	check_err $? "g2 cannot reach the host after shut off"

	# Refusals: not for the host port, not in port defaults, not set to
	# bpdu-guard by request.
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 bpdu-guard on
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 shut on
	refused 'vswctl: port-defaults: shut is per port (vswctl port set DEV shut on)' \
		vswctl switch set sw0 port-defaults shut on
	nl_is -34 '.' genl 3 11:str:vp1 60:u8:2
	nl_is -34 '.' genl 3 11:str:vp1 59:u8:2
	nl_is -22 'switch settings change through rtnetlink' genl 1 2:str:sw0 58:u16:1
	nl_is -22 'port defaults take port policy settings only' genl 14 2:str:sw0 $(( 0x8000 | 49 )):bytes:05003c0001000000
	check_eq "$(pj vp1 bpdu_guard shut) $(sw_json sw0 group_fwd_mask)" "false no 1" "after the refusals"
	# Port defaults take bpdu-guard.
	vswctl switch set sw0 port-defaults bpdu-guard on &&
		guest g4 vp4 $M4 $NET.14
	check_err $? "port-defaults bpdu-guard on, a new port"
	check_eq "$(pj vp4 bpdu_guard shut)" "true no" "vp4: bpdu_guard, shut"
	log_test "link_local: reserved groups forwarded by the switch's mask only, pause never; bpdu-guard shuts a port, with an event; shut on, off"
}

ip_guard() {
	local s b all="g1 g2 g3 host" a6=2001:db8::
	local discover="UDP(sport=68, dport=67)/BOOTP(op=1, chaddr=bytes.fromhex('${M1//:/}'))/DHCP(options=[('message-type', 'discover'), 'end'])"

	setup host-only
	guest g1 vp1 $M1 $NET.11 ip-guard on ip $NET.11,${a6}11 && guest g2 vp2 $M2 $NET.12 &&
		guest g3 vp3 $M3 $NET.13
	check_err $? "setup"
	check_eq "$(pj vp1 ip_guard ips) $(pj vp2 ip_guard ips)" "true [\"$NET.11\",\"${a6}11\"] false []" \
		"ip_guard, ips of vp1, vp2"
	check_eq "$(bindings sw0)" "vp1/$NET.11/static vp1/${a6}11/static" "binding show -j"
	check_eq "$(vswctl binding show sw0 | sort | xargs)" "vp1 $NET.11 static vp1 ${a6}11 static" "binding show"
	check_match "$(vswctl port show sw0 | grep '^vp1 ')" " fdb-count [0-9]+ ip-guard ip $NET.11,${a6}11\$" "port show line of vp1"
	pings g1 $HOST 2
	check_err $? "g1 cannot reach the host from its bound address"
	pings g2 $HOST && pings host $NET.12
	check_err $? "g2 and the host cannot reach each other"
	check_eq "$(lladdr host $NET.12) $(lladdr g2 $HOST)" "$M2 $HMAC" "the host's neighbour entry of g2, g2's of the host"
	# The entries the pings used, permanent: no neighbour probe (5 s
	# after a use, later under load) within a window counted below.
	neigh host $NET.11 $M1 && neigh host $NET.12 $M2 && neigh g1 $HOST $HMAC && neigh g2 $HOST $HMAC
	check_err $? "permanent neighbour entries"
	hello g1 g2 g3
	sniff_start g2 g2 && sniff_start g3 g3
	check_err $? "sniffers"
	s=$TMPD/s1

	# IPv4 from another address, unbound or a neighbour's, dropped; a DHCP
	# client's 0.0.0.0 and the bound address pass.
	snap "$s"
	b=$(rxs $all)
	craft g1 3 "Ether(src='$M1', dst='$HMAC')/IP(src='$NET.99', dst='$HOST')/ICMP(type=0)" \
		2 "Ether(src='$M1', dst='$M3')/IP(src='$NET.12', dst='$NET.13')/ICMP(type=0)" \
		1 "Ether(src='$M1', dst='$BCAST')/IP(src='0.0.0.0', dst='255.255.255.255')/$discover" \
		2 "Ether(src='$M1', dst='$M3')/IP(src='$NET.11', dst='$NET.13')/ICMP(type=0)"
	check_eq "$(rx_moved "$all" "$b" "0 1 3 1")" "0 1 3 1" \
		"frames received by $all (IPv4 from .99 (3), from g2's .12 (2), a DHCP discover from 0.0.0.0, 2 from .11)"
	sniff_wait g3 3
	check_eq "$(sniffed g2 src=$M1 l4=udp:68:67) $(sniffed g3 src=$M1 l4=udp:68:67) $(sniffed g3 src=$M1 l4=icmp:0) $(sniffed g3)" \
		"1 1 2 3" "on g2: the discover; on g3: the discover, from .11, all"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+5" "drop counters that moved"

	# ARP claiming a neighbour's address (gratuitous, or a reply to the
	# host) or the host's (a reply to g2) dropped; a probe (0.0.0.0) and a
	# reply for the bound address pass. What it aims at: the host's entry
	# of g2 and g2's of the host, stale (no timer changes them) and past
	# their locktime (1 s), which a reply would replace.
	ip neigh replace $NET.12 lladdr $M2 dev sw0 nud stale &&
		in_ns g2 ip neigh replace $HOST lladdr $HMAC dev eth0 nud stale
	check_err $? "stale neighbour entries"
	sleep 1.1
	snap "$s"
	b=$(rxs $all)
	craft g1 1 "Ether(src='$M1', dst='$BCAST')/ARP(op=1, hwsrc='$M1', psrc='$NET.12', pdst='$NET.12')" \
		1 "Ether(src='$M1', dst='$HMAC')/ARP(op=2, hwsrc='$M1', psrc='$NET.12', hwdst='$HMAC', pdst='$HOST')" \
		1 "Ether(src='$M1', dst='$M2')/ARP(op=2, hwsrc='$M1', psrc='$HOST', hwdst='$M2', pdst='$NET.12')" \
		1 "Ether(src='$M1', dst='$BCAST')/ARP(op=1, hwsrc='$M1', psrc='0.0.0.0', pdst='$NET.11')" \
		1 "Ether(src='$M1', dst='$HMAC')/ARP(op=2, hwsrc='$M1', psrc='$NET.11', hwdst='$HMAC', pdst='$HOST')"
	check_eq "$(rx_moved "$all" "$b" "0 1 1 2")" "0 1 1 2" \
		"frames received by $all (3 spoofed ARP, a probe, a reply from .11)"
	sniff_wait g3 4
	check_eq "$(sniffed g2 src=$M1 type=0806) $(sniffed g2 src=$M1 l4=arp:1) $(sniffed g3 src=$M1 l4=arp:1)" \
		"1 1 1" "ARP from g1 on g2: all, the probe; on g3: the probe"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+3" "drop counters that moved"
	check_eq "$(lladdr host $NET.12) $(lladdr g2 $HOST)" "$M2 $HMAC" \
		"the host's neighbour entry of g2, g2's of the host after the spoofed ARP"

	# IPv6: the bound address, link-local and :: (DAD) pass, another
	# global address does not; neighbour advertisements only for the
	# bound address.
	snap "$s"
	b=$(rxs $all)
	craft g1 2 "Ether(src='$M1', dst='$M2')/IPv6(src='${a6}11', dst='${a6}12')/ICMPv6EchoRequest()" \
		3 "Ether(src='$M1', dst='$M2')/IPv6(src='${a6}99', dst='${a6}12')/ICMPv6EchoRequest()" \
		1 "Ether(src='$M1', dst='$M2')/IPv6(src='fe80::11', dst='fe80::12')/ICMPv6EchoRequest()" \
		1 "Ether(src='$M1', dst='33:33:ff:00:00:11')/IPv6(src='::', dst='ff02::1:ff00:11')/ICMPv6ND_NS(tgt='${a6}11')" \
		1 "Ether(src='$M1', dst='33:33:00:00:00:01')/IPv6(src='fe80::11', dst='ff02::1')/ICMPv6ND_NA(tgt='${a6}12', R=0)" \
		1 "Ether(src='$M1', dst='$M2')/IPv6(src='${a6}11', dst='${a6}12')/ICMPv6ND_NA(tgt='${a6}12', R=0)" \
		1 "Ether(src='$M1', dst='$M2')/IPv6(src='fe80::11', dst='fe80::12')/ICMPv6ND_NA(tgt='${a6}11', R=0)"
	check_eq "$(rx_moved "$all" "$b" "0 5 1 1")" "0 5 1 1" \
		"frames received by $all (IPv6 from the bound address (2), another (3), fe80:: (1), a DAD NS, NAs for g2's address (2) and the bound one)"
	sniff_wait g2 7
	check_eq "$(sniffed g2 src=$M1 l4=icmp6:128) $(sniffed g2 src=$M1 l4=icmp6:135) $(sniffed g2 src=$M1 l4=icmp6:136) $(sniffed g3 src=$M1 type=86dd)" \
		"3 1 1 1" "IPv6 from g1 on g2: echo requests, the NS, the NA; on g3: all"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+5" "drop counters that moved"

	# ip none: nothing bound; 0.0.0.0 and link-local still pass.
	vswctl port set vp1 ip none
	check_err $? "port set vp1 ip none"
	check_eq "$(pj vp1 ip_guard ips)" "true []" "vp1: ip_guard, ips after ip none"
	check_eq "$(bindings sw0)" "" "binding show -j after ip none"
	snap "$s"
	b=$(rxs $all)
	craft g1 2 "Ether(src='$M1', dst='$M3')/IP(src='$NET.11', dst='$NET.13')/ICMP(type=0)" \
		1 "Ether(src='$M1', dst='$M3')/IPv6(src='${a6}11', dst='${a6}13')/ICMPv6EchoRequest()" \
		1 "Ether(src='$M1', dst='$BCAST')/IP(src='0.0.0.0', dst='255.255.255.255')/$discover" \
		1 "Ether(src='$M1', dst='$M3')/IPv6(src='fe80::11', dst='fe80::13')/ICMPv6EchoRequest()"
	check_eq "$(rx_moved "$all" "$b" "0 1 2 1")" "0 1 2 1" \
		"frames received by $all (from .11 (2) and its IPv6 address, no longer bound; a discover, fe80::)"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+3" "drop counters that moved"

	# Control: without the guard the same spoofed reply does change the
	# host's entry of g2.
	vswctl port set vp1 ip-guard off
	check_err $? "port set vp1 ip-guard off"
	check_eq "$(pj vp1 ip_guard)" false "vp1's ip_guard"
	ip neigh replace $NET.12 lladdr $M2 dev sw0 nud stale
	sleep 1.1
	snap "$s"
	b=$(rxs $all)
	craft g1 3 "Ether(src='$M1', dst='$HMAC')/IP(src='$NET.99', dst='$HOST')/ICMP(type=0)" \
		1 "Ether(src='$M1', dst='$HMAC')/ARP(op=2, hwsrc='$M1', psrc='$NET.12', hwdst='$HMAC', pdst='$HOST')"
	check_eq "$(rx_moved "$all" "$b" "0 0 0 4")" "0 0 0 4" "frames received by $all (the same without the guard)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved without the guard"
	check_eq "$(lladdr host $NET.12)" $M1 "the host's neighbour entry of g2 after the spoofed reply without the guard"
	log_test "ip_guard: IP, ARP and neighbour advertisements only from bound addresses; DHCP, probes, DAD, link-local pass"
}

# dhcp_ack VAR ADDR SECS: a DHCPv4 ACK of ADDR for SECS seconds from the
# host's server to VAR's MAC address.
dhcp_ack() {
	local m=${MAC_OF[$1]}

	craft host 1 "Ether(src='$HMAC', dst='$m')/IP(src='$HOST', dst='$2')/UDP(sport=67, dport=68)/BOOTP(op=2, xid=0x4242, yiaddr='$2', siaddr='$HOST', chaddr=bytes.fromhex('${m//:/}'))/DHCP(options=[('message-type', 'ack'), ('server_id', '$HOST'), ('lease_time', $3), ('subnet_mask', '255.255.255.0'), 'end'])"
}

dhcp_snoop() {
	local s b l lease e pid a6=2001:db8::

	cleanup
	vswctl switch add sw0 mode host-only address $HOST/24 dhcp on dhcp-range $NET.50-$NET.60 &&
		ip link set sw0 address $HMAC
	check_err $? "switch add sw0 ... dhcp on"
	guest g1 vp1 $M1 - ip-guard on && guest g2 vp2 $M2 - ip-guard on && guest g3 vp3 $M3 $NET.13
	check_err $? "setup"
	check_eq "$(pj vp1 ip_guard ips) $(pj vp2 ip_guard ips)" "true [] true []" "ip_guard, ips of vp1, vp2"
	check_eq "$(vswctl -j binding show sw0)" "[]" "binding show -j before any lease"
	# No ARP from g1 (it would not pass once the lease is released).
	neigh g1 $HOST $HMAC
	hello g1 g2 g3
	s=$TMPD/s1

	# No lease yet: an address of the range is not g1's.
	snap "$s"
	b=$(rxs g3 host)
	craft g1 3 "Ether(src='$M1', dst='$HMAC')/IP(src='$NET.55', dst='$HOST')/ICMP(type=0)" \
		2 "Ether(src='$M1', dst='$M3')/IP(src='$NET.55', dst='$NET.13')/ICMP(type=0)"
	sleep 0.5
	check_eq "$(delta "$b" "$(rxs g3 host)")" "0 0" "frames received by g3, the host (IPv4 from .55 before a lease)"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+5" "drop counters that moved"

	# A lease from the host's dnsmasq: the client's messages (0.0.0.0)
	# pass, the ACK binds the address to the port.
	snap "$s"
	l=$TMPD/lease.g1
	rm -f "$l"
	ip netns exec "$g1" env LEASE_OUT="$l" busybox udhcpc -i eth0 -f -R \
		-s "$TMPD/udhcpc.sh" -t 10 -T 1 > /dev/null 2>&1 &
	pid=$!
	busywait 30000 grep -qs . "$l"
	check_err $? "g1 got no lease"
	lease=$(cut -d ' ' -f 1 "$l")
	check_match "$(cat "$l")" "^$NET\\.(5[0-9]|60) 24 $HOST $HOST\$" "g1's lease (IP LEN ROUTER SERVER-ID)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved while g1 got its lease"
	check_eq "$(bindings sw0)" "vp1/$lease/dhcp" "binding show -j after g1's lease"
	e=$(lease sw0 "$lease")
	check_match "$e" "^vp1 $M1 0 [0-9]+\$" "port, mac, vlan, expires of g1's lease"
	in_range "${e##* }" 1 3600
	check_err $? "expires of g1's lease of 1h: ${e##* }"
	check_match "$(vswctl binding show sw0)" "^vp1 $lease $M1 vlan 0 dhcp expires [0-9]+\$" "binding show"
	neigh host "$lease" $M1
	pings g1 $HOST 2
	check_err $? "g1 cannot reach the host from its leased address"
	snap "$s"
	b=$(rxs g3 host)
	craft g1 2 "Ether(src='$M1', dst='$HMAC')/IP(src='$NET.61', dst='$HOST')/ICMP(type=0)" \
		3 "Ether(src='$M1', dst='$HMAC')/IP(src='$lease', dst='$HOST')/ICMP(type=0)"
	check_eq "$(rx_moved "g3 host" "$b" "0 3")" "0 3" "frames received by g3, the host (from .61 (2), from the lease (3))"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+2" "drop counters that moved"

	# udhcpc releases the lease as it exits: the binding goes.
	snap "$s"
	kill -TERM $pid
	wait $pid
	busywait 5000 eval '[ "$(vswctl -j binding show sw0)" = "[]" ]'
	check_err $? "g1's binding after it released its lease: $(bindings sw0)"
	b=$(rxs g3 host)
	craft g1 2 "Ether(src='$M1', dst='$HMAC')/IP(src='$lease', dst='$HOST')/ICMP(type=0)"
	sleep 0.5
	check_eq "$(delta "$b" "$(rxs g3 host)")" "0 0" "frames received by g3, the host (from the released lease)"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+2" "drop counters that moved"

	# An address leased to another guarded port moves there.
	dhcp_ack g1 $NET.57 600
	check_eq "$(bindings sw0)" "vp1/$NET.57/dhcp" "binding show -j after an ACK of .57 to g1"
	dhcp_ack g2 $NET.57 600
	check_eq "$(bindings sw0)" "vp2/$NET.57/dhcp" "binding show -j after an ACK of .57 to g2"
	e=$(lease sw0 $NET.57)
	check_match "$e" "^vp2 $M2 0 [0-9]+\$" "port, mac, vlan, expires of g2's lease"
	in_range "${e##* }" 1 600
	check_err $? "expires of g2's lease of 600 s: ${e##* }"
	snap "$s"
	b=$(rxs g3 host)
	craft g1 2 "Ether(src='$M1', dst='$HMAC')/IP(src='$NET.57', dst='$HOST')/ICMP(type=0)"
	craft g2 3 "Ether(src='$M2', dst='$HMAC')/IP(src='$NET.57', dst='$HOST')/ICMP(type=0)"
	check_eq "$(rx_moved "g3 host" "$b" "0 3")" "0 3" "frames received by g3, the host (from .57: 2 from g1, 3 from g2)"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+2" "drop counters that moved"

	# A DHCPv6 REPLY with an IA_NA address binds it.
	craft host 1 "Ether(src='$HMAC', dst='$M1')/IPv6(src='fe80::1', dst='fe80::11')/UDP(sport=547, dport=546)/DHCP6_Reply(trid=0x4242)/DHCP6OptServerId(duid=DUID_LL(lladdr='$HMAC'))/DHCP6OptClientId(duid=DUID_LL(lladdr='$M1'))/DHCP6OptIA_NA(iaid=1, ianaopts=[DHCP6OptIAAddress(addr='${a6}50', preflft=300, validlft=600)])"
	check_eq "$(bindings sw0)" "vp1/${a6}50/dhcp vp2/$NET.57/dhcp" "binding show -j after a DHCPv6 reply to g1"
	e=$(lease sw0 ${a6}50)
	check_match "$e" "^vp1 $M1 0 [0-9]+\$" "port, mac, vlan, expires of g1's DHCPv6 lease"
	in_range "${e##* }" 1 600
	check_err $? "expires of g1's DHCPv6 lease of 600 s: ${e##* }"
	snap "$s"
	b=$(rxs g3 host)
	craft g1 2 "Ether(src='$M1', dst='$M3')/IPv6(src='${a6}50', dst='${a6}13')/ICMPv6EchoRequest()" \
		1 "Ether(src='$M1', dst='$M3')/IPv6(src='${a6}51', dst='${a6}13')/ICMPv6EchoRequest()"
	check_eq "$(rx_moved "g3 host" "$b" "2 0")" "2 0" "frames received by g3, the host (IPv6 from the lease (2), from another address)"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+1" "drop counters that moved"
	log_test "dhcp_snoop: DHCPv4 and DHCPv6 leases bind addresses to guarded ports; released, moved"
}

# forged_ack VAR FOR ADDR: a DHCPACK of ADDR to guest FOR, sent by VAR.
forged_ack() {
	local m=${MAC_OF[$1]} c=${MAC_OF[$2]}

	craft "$1" 1 "Ether(src='$m', dst='$c')/IP(src='$NET.99', dst='$3')/UDP(sport=67, dport=68)/BOOTP(op=2, xid=0x4243, yiaddr='$3', chaddr=bytes.fromhex('${c//:/}'))/DHCP(options=[('message-type', 'ack'), ('server_id', '$NET.99'), ('lease_time', 600), 'end'])"
}

# release VAR FOR ADDR: a DHCPRELEASE of ADDR in guest FOR's name (its
# chaddr), sent by VAR from 0.0.0.0, as ip-guard lets DHCP clients send.
release() {
	local m=${MAC_OF[$1]} c=${MAC_OF[$2]}

	craft "$1" 1 "Ether(src='$m', dst='$BCAST')/IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=67)/BOOTP(op=1, xid=0x4244, ciaddr='$3', chaddr=bytes.fromhex('${c//:/}'))/DHCP(options=[('message-type', 'release'), ('server_id', '$HOST'), 'end'])"
}

# Who DHCP snooping believes: a server's ACK binds only from the host
# (its dnsmasq), the uplink or a port with dhcp-trust on; a client's
# RELEASE unbinds only on the port it came from.
dhcp_snoop_trust() {
	setup host-only
	guest g1 vp1 $M1 - ip-guard on && guest g2 vp2 $M2 - ip-guard on &&
		guest g3 vp3 $M3 $NET.13 && guest g4 vp4 $M4 $NET.14
	check_err $? "setup"
	hello g1 g2 g3 g4
	dhcp_ack g1 $NET.57 600
	check_eq "$(bindings sw0)" "vp1/$NET.57/dhcp" "after the host's ACK of .57 to g1"
	forged_ack g3 g1 $NET.58
	forged_ack g3 g2 $NET.57
	check_eq "$(bindings sw0)" "vp1/$NET.57/dhcp" "after ACKs forged by g3 (.58 to g1, .57 to g2)"
	release g2 g1 $NET.57
	check_eq "$(bindings sw0)" "vp1/$NET.57/dhcp" "after g2 released g1's .57 in g1's name"
	check_eq "$(pj vp3 dhcp_trust) $(pj vp4 dhcp_trust)" "false false" "dhcp_trust of vp3, vp4"
	vswctl port set vp4 dhcp-trust on
	check_err $? "port set vp4 dhcp-trust on"
	check_eq "$(pj vp3 dhcp_trust) $(pj vp4 dhcp_trust)" "false true" "dhcp_trust of vp3, vp4 after the set"
	forged_ack g4 g1 $NET.58
	check_eq "$(bindings sw0)" "vp1/$NET.57/dhcp vp1/$NET.58/dhcp" "after g4 (trusted) sent an ACK of .58 to g1"
	forged_ack g4 g2 $NET.57
	check_eq "$(bindings sw0)" "vp1/$NET.58/dhcp vp2/$NET.57/dhcp" "after g4 (trusted) sent an ACK of .57 to g2"
	release g2 g2 $NET.57
	check_eq "$(bindings sw0)" "vp1/$NET.58/dhcp" "after g2 released its own .57"
	log_test "dhcp_snoop_trust: leases bind from the host, the uplink and trusted ports only; releases unbind on their own port"
}

promisc() {
	local s b all="g1 g2 g3 host"

	setup host-only
	guest g1 vp1 $M1 - && guest g2 vp2 $M2 - && guest g3 vp3 $M3 -
	check_err $? "setup"
	check_eq "$(pj vp3 promisc)" deny "vp3's promisc by default"
	hello g1 g2 g3
	s=$TMPD/s1

	# deny: only g3's own traffic.
	sniff_start deny g3
	check_err $? "sniffer"
	snap "$s"
	b=$(rxs $all)
	xmit g1 $M2 $M1 5
	xmit g1 $HMAC $M1 3
	xmit host $M1 $HMAC 2
	check_eq "$(rx_moved "$all" "$b" "2 5 0 3")" "2 5 0 3" "frames received by $all (deny: 5 g1 -> g2, 3 g1 -> host, 2 host -> g1)"
	check_eq "$(sniffed deny)" 0 "on g3"
	check_eq "$(moved "$s" vp3 tx_packets)" 0 "vp3's tx_packets"

	# allow-vms: copies of unicast between guests, not with the host.
	vswctl port set vp3 promisc allow-vms
	check_err $? "port set vp3 promisc allow-vms"
	check_eq "$(pj vp3 promisc)" allow-vms "vp3's promisc"
	sniff_start vms g3
	check_err $? "sniffer"
	snap "$s"
	b=$(rxs $all)
	xmit g1 $M2 $M1 5
	xmit g2 $M1 $M2 1
	xmit g1 $HMAC $M1 3
	xmit host $M1 $HMAC 2
	check_eq "$(rx_moved "$all" "$b" "3 5 6 3")" "3 5 6 3" \
		"frames received by $all (allow-vms: 5 g1 -> g2, 1 g2 -> g1, 3 g1 -> host, 2 host -> g1)"
	sniff_wait vms 6
	check_eq "$(sniffed vms src=$M1 dst=$M2) $(sniffed vms src=$M2 dst=$M1) $(sniffed vms)" "5 1 6" \
		"on g3: g1 -> g2, g2 -> g1, all"
	check_eq "$(moved "$s" vp3 tx_packets)" 6 "vp3's tx_packets"
	# Frames for g3 itself, broadcasts, unknown unicast: once.
	b=$(rxs $all)
	xmit g1 $M3 $M1 2
	xmit g1 $BCAST $M1 1
	xmit g1 $UNKNOWN $M1 1
	check_eq "$(rx_moved "$all" "$b" "0 2 4 1")" "0 2 4 1" \
		"frames received by $all (allow-vms: 2 g1 -> g3, a broadcast, an unknown unicast)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# allow-all: the host's too.
	vswctl port set vp3 promisc allow-all
	check_err $? "port set vp3 promisc allow-all"
	check_eq "$(pj vp3 promisc)" allow-all "vp3's promisc"
	sniff_start all g3
	check_err $? "sniffer"
	snap "$s"
	b=$(rxs $all)
	xmit g1 $M2 $M1 5
	xmit g2 $M1 $M2 1
	xmit g1 $HMAC $M1 3
	xmit host $M1 $HMAC 2
	check_eq "$(rx_moved "$all" "$b" "3 5 11 3")" "3 5 11 3" \
		"frames received by $all (allow-all: 5 g1 -> g2, 1 g2 -> g1, 3 g1 -> host, 2 host -> g1)"
	sniff_wait all 11
	check_eq "$(sniffed all src=$M1 dst=$M2) $(sniffed all src=$M2 dst=$M1) $(sniffed all src=$M1 dst=$HMAC) $(sniffed all src=$HMAC dst=$M1) $(sniffed all)" \
		"5 1 3 2 11" "on g3: g1 -> g2, g2 -> g1, g1 -> host, host -> g1, all"
	check_eq "$(moved "$s" vp3 tx_packets)" 11 "vp3's tx_packets"
	b=$(rxs $all)
	xmit g1 $M3 $M1 2
	xmit host $M3 $HMAC 1
	xmit g1 $BCAST $M1 1
	check_eq "$(rx_moved "$all" "$b" "0 1 4 1")" "0 1 4 1" \
		"frames received by $all (allow-all: 2 g1 -> g3, 1 host -> g3, a broadcast)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# deny again.
	vswctl port set vp3 promisc deny
	check_err $? "port set vp3 promisc deny"
	snap "$s"
	b=$(rxs $all)
	xmit g1 $M2 $M1 2
	xmit host $M1 $HMAC 1
	check_eq "$(rx_moved "$all" "$b" "1 2 0 0")" "1 2 0 0" "frames received by $all (deny again: 2 g1 -> g2, 1 host -> g1)"
	check_eq "$(moved "$s" vp3 tx_packets)" 0 "vp3's tx_packets"
	log_test "promisc: deny, allow-vms (unicast between guests), allow-all (and the host's) copies"
}

# mirrors [SWITCH]: "SWITCH:NAME:FROM,...:DIR:TO" of each mirror in `vswctl
# -j mirror show`, on one line.
mirrors() {
	vswctl -j mirror show "$@" |
		jsel "' '.join('%s:%s:%s:%s:%s' % (m['switch'], m['name'], ','.join(m['from']), m['dir'], m['to']) for m in d)"
}

# mirror_traffic: 4 g1 -> g2, 3 g2 -> g1, 2 broadcasts from g1, one from
# g2, one from the host.
mirror_traffic() {
	xmit g1 $M2 $M1 4
	xmit g2 $M1 $M2 3
	xmit g1 $BCAST $M1 2
	xmit g2 $BCAST $M2 1
	xmit host $BCAST $HMAC 1
}

mirror() {
	local s b dir before all="g1 g2 g3 g4 host" hex2 hex3

	setup host-only
	guest g1 vp1 $M1 - && guest g2 vp2 $M2 - && guest g3 vp3 $M3 - && guest g4 vp4 $M4 -
	check_err $? "setup"
	ip link add vp5 type veth peer name vq5
	hello g1 g2 g3 g4
	check_eq "$(mirrors)" "" "mirror show -j of none"
	vswctl mirror add sw0 m1 from vp1 both to vp3
	check_err $? "mirror add sw0 m1 from vp1 both to vp3"
	check_eq "$(mirrors sw0)" "sw0:m1:vp1:both:vp3" "mirror show -j sw0"
	check_eq "$(mirrors)" "sw0:m1:vp1:both:vp3" "mirror show -j"
	check_eq "$(vswctl mirror show sw0)" "sw0 m1 from vp1 both to vp3" "mirror show sw0"
	check_eq "$(pj vp3 mirror) $(pj vp1 mirror)" "m1 <missing>" "mirror of vp3 (destination), vp1 (source)"
	check_eq "$(vswctl port show sw0 | grep '^vp3 ')" "vp3 switch sw0 fdb-max 0 fdb-count 0 mirror destination of m1" \
		"port show line of the destination"

	# A copy is the frame as it was, byte for byte.
	sniff_start g2 g2 && sniff_start g3 g3
	check_err $? "sniffers"
	craft g1 1 "Ether(src='$M1', dst='$M2')/IP(src='$NET.11', dst='$NET.12', id=0x4242, tos=0x28, ttl=7)/UDP(sport=4242, dport=4243)/Raw(bytes(range(256)) * 3)"
	sniff_wait g3 1 l4=udp:4242:4243
	hex2=$(sniffed_hex g2 l4=udp:4242:4243)
	hex3=$(sniffed_hex g3 l4=udp:4242:4243)
	check_eq "${#hex2}" $(( 2 * (14 + 20 + 8 + 768) )) "length of the frame on g2, in hex digits"
	check_eq "$hex3" "$hex2" "the copy on g3 of g1's frame to g2"

	s=$TMPD/s1
	for dir in both tx rx; do
		vswctl mirror del sw0 m1 && vswctl mirror add sw0 m1 from vp1 $dir to vp3
		check_err $? "mirror add sw0 m1 from vp1 $dir to vp3"
		check_eq "$(mirrors sw0)" "sw0:m1:vp1:$dir:vp3" "mirror show -j sw0"
		sniff_start $dir g3
		check_err $? "sniffer"
		snap "$s"
		b=$(rxs $all)
		mirror_traffic
		case $dir in
		both) check_eq "$(rx_moved "$all" "$b" "5 7 11 4 3")" "5 7 11 4 3" \
				"frames received by $all (mirror of vp1, both)" ;;
		rx) check_eq "$(rx_moved "$all" "$b" "5 7 6 4 3")" "5 7 6 4 3" \
				"frames received by $all (mirror of vp1, rx)" ;;
		tx) check_eq "$(rx_moved "$all" "$b" "5 7 5 4 3")" "5 7 5 4 3" \
				"frames received by $all (mirror of vp1, tx)" ;;
		esac
		check_eq "$(moved "$s" vp3 tx_packets)" "$(sniffed $dir)" "vp3's tx_packets ($dir)"
		check_eq "$(sniffed $dir src=$M1 dst=$M2) $(sniffed $dir src=$M2 dst=$M1) $(sniffed $dir src=$M1 dst=$BCAST) $(sniffed $dir src=$M2 dst=$BCAST) $(sniffed $dir src=$HMAC dst=$BCAST)" \
			"$(case $dir in both) echo 4 3 2 1 1 ;; rx) echo 4 0 2 0 0 ;; tx) echo 0 3 0 1 1 ;; esac)" \
			"on g3 ($dir): g1 -> g2, g2 -> g1, g1's broadcasts, g2's, the host's"
		check_eq "$(drops_since "$s")" "" "drop counters that moved ($dir)"
	done

	# The destination sends nothing into the switch...
	snap "$s"
	b=$(rxs $all)
	xmit g3 $M1 $M3 3
	xmit g3 $BCAST $M3 2
	sleep 0.5
	check_eq "$(delta "$b" "$(rxs $all)")" "0 0 0 0 0" "frames received by $all (from g3: 3 to g1, 2 broadcasts)"
	check_eq "$(drops_since "$s")" "vp3 drop_mirror+5" "drop counters that moved"
	# ... and gets nothing but the copies.
	b=$(rxs g3)
	xmit g2 $M3 $M2 2
	xmit host $M3 $HMAC 1
	sleep 0.5
	check_eq "$(delta "$b" "$(rxs g3)")" 0 "frames received by g3 (to its address: 2 from g2, 1 from the host)"
	check_eq "$(sniffed rx src=$M3) $(sniffed rx dst=$M3)" "0 0" "on g3: from g3, to g3"

	# Refused, changing nothing.
	before=$(vswctl -j mirror show; vswctl -j port show)
	refused 'vswctl: to: "vp2" is also a source' vswctl mirror add sw0 m2 from vp2 to vp2
	refused 'vswctl: to: "vp4" is also a source' vswctl mirror add sw0 m2 from vp2,vp4 to vp4
	refused 'Error: vp1 is already the source of mirror m1' vswctl mirror add sw0 m2 from vp1 to vp4
	refused 'Error: vp1 is already the source of mirror m1' vswctl mirror add sw0 m2 from vp2 to vp1
	refused 'Error: vp3 is already the destination of mirror m1' vswctl mirror add sw0 m2 from vp2 to vp3
	refused 'Error: vp3 is already the destination of mirror m1' vswctl mirror add sw0 m2 from vp3 to vp4
	refused 'Error: sw0 is not a port of sw0' vswctl mirror add sw0 m2 from vp2 to sw0
	refused 'Error: sw0 is not a port of sw0' vswctl mirror add sw0 m2 from sw0 to vp4
	refused 'Error: vp5 is not a port of sw0' vswctl mirror add sw0 m2 from vp2 to vp5
	refused 'Error: vp5 is not a port of sw0' vswctl mirror add sw0 m2 from vp5 to vp4
	refused 'vswctl: from: no device "vp9"' vswctl mirror add sw0 m2 from vp9 to vp4
	refused 'vswctl: to: no device "vp9"' vswctl mirror add sw0 m2 from vp2 to vp9
	refused 'Error: sw0 already has a mirror named m1' vswctl mirror add sw0 m1 from vp2 to vp4
	refused 'Error: sw0 has no mirror named m9' vswctl mirror del sw0 m9
	check_eq "$(vswctl -j mirror show; vswctl -j port show)" "$before" "mirror show -j, port show -j after the refusals"

	# Deleted: vp3 is a port as any other again.
	vswctl mirror del sw0 m1
	check_err $? "mirror del sw0 m1"
	check_eq "$(mirrors) $(pj vp3 mirror)" " <missing>" "mirror show -j, vp3's mirror after mirror del"
	snap "$s"
	b=$(rxs $all)
	xmit g1 $BCAST $M1 1
	xmit g3 $M1 $M3 2
	check_eq "$(rx_moved "$all" "$b" "2 1 1 1 1")" "2 1 1 1 1" "frames received by $all (a broadcast from g1, 2 g3 -> g1)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# A source leaving leaves the others; the destination leaving, none.
	vswctl mirror add sw0 m1 from vp1,vp2 tx to vp3
	check_err $? "mirror add sw0 m1 from vp1,vp2 tx to vp3"
	check_eq "$(mirrors sw0)" "sw0:m1:vp1,vp2:tx:vp3" "mirror show -j sw0"
	ip link del vp2
	check_eq "$(mirrors sw0)" "sw0:m1:vp1:tx:vp3" "mirror show -j sw0 after vp2 went"
	b=$(rxs g1 g3 g4)
	xmit g4 $M1 $M4 2
	check_eq "$(rx_moved "g1 g3 g4" "$b" "2 2 0")" "2 2 0" "frames received by g1, g3, g4 (2 g4 -> g1)"
	ip link del vp3
	check_eq "$(mirrors sw0)" "" "mirror show -j sw0 after vp3 went"
	check_eq "$(vswctl -j mirror show)" "[]" "mirror show -j after vp3 went"
	ip link del vp5
	log_test "mirror: exact copies of rx, tx or both to a destination that carries nothing else; refusals; ports leaving"
}

# dj SWITCH KEY...: the KEYs of the switch's port defaults (switch show
# -j), on one line.
dj() {
	local sw=$1

	shift
	vswctl -j switch show "$sw" | jsel "' '.join(
		v if isinstance(v, str) else json.dumps(v, separators=(',', ':'))
		for v in (d[0]['port_defaults'].get(k, '<missing>') for k in '$*'.split()))"
}

port_defaults() {
	local s b before set2 all="pvid vlan_filter vlans isolated mac_guard dhcp_guard router_guard storm_limit ip_guard promisc"
	local none="0 false [] false false false false 0 false deny"

	setup host-only
	guest g1 vp1 $M1 $NET.11
	check_err $? "setup"
	check_eq "$(dj sw0 $all)" "$none" "port defaults of a new switch ($all)"
	vswctl switch set sw0 port-defaults mac-guard on dhcp-guard on
	check_err $? "switch set sw0 port-defaults mac-guard on dhcp-guard on"
	check_eq "$(dj sw0 $all)" "0 false [] false true true false 0 false deny" "port defaults"
	check_match "$(vswctl switch show sw0)" ' address 10\.81\.0\.1/24 port-defaults: mac-guard on dhcp-guard on$' "switch show"
	check_eq "$(pj vp1 $all)" "$none" "vp1, there before"

	# New ports start with them, whichever way they come, and settings
	# given to port add go over them.
	guest g2 vp2 $M2 $NET.12
	check_err $? "guest g2"
	ip link add vp3 type veth peer name vq3 && ip link set vp3 master sw0
	check_err $? "ip link set vp3 master sw0"
	ip link add vp4 type veth peer name vq4 && vswctl port add sw0 vp4 dhcp-guard off promisc allow-all
	check_err $? "port add sw0 vp4 dhcp-guard off promisc allow-all"
	check_eq "$(pj vp2 $all)" "0 false [] false true true false 0 false deny" "vp2 (port add)"
	check_eq "$(pj vp3 $all)" "0 false [] false true true false 0 false deny" "vp3 (ip link set master)"
	check_eq "$(pj vp4 $all)" "0 false [] false true false false 0 false allow-all" "vp4 (port add ... dhcp-guard off promisc allow-all)"
	check_eq "$(pj vp1 $all)" "$none" "vp1, there before"

	# They act: g2 sends from one address only, and no DHCP server message.
	hello g1
	s=$TMPD/s1
	snap "$s"
	b=$(rxs g1 host)
	xmit g2 $BCAST $M2 2
	xmit g2 $BCAST $SPOOF 3
	craft g2 1 "Ether(src='$M2', dst='$BCAST')/IP(src='$NET.12', dst='255.255.255.255')/UDP(sport=67, dport=68)/BOOTP(op=2, yiaddr='$NET.201')/DHCP(options=[('message-type', 'offer'), 'end'])"
	check_eq "$(rx_moved "g1 host" "$b" "2 2")" "2 2" "frames received by g1, the host (2 from g2's address, 3 spoofed, an offer)"
	check_eq "$(pj vp2 guard_mac)" $M2 "vp2's guard_mac"
	check_eq "$(drops_since "$s")" "vp2 drop_dhcp_guard+1 vp2 drop_mac_guard+3" "drop counters that moved"

	# A set adds to the defaults; none first starts from all off.
	vswctl switch set sw0 port-defaults router-guard on
	check_err $? "switch set sw0 port-defaults router-guard on"
	check_eq "$(dj sw0 $all)" "0 false [] false true true true 0 false deny" "port defaults after router-guard on"
	set2="10 true [] true false false true 50 true allow-vms"
	vswctl switch set sw0 port-defaults none vlan 10 isolated on router-guard on storm-limit 50 ip-guard on promisc allow-vms
	check_err $? "switch set sw0 port-defaults none vlan 10 ..."
	check_eq "$(dj sw0 $all)" "$set2" "port defaults after none vlan 10 ..."
	check_match "$(vswctl switch show sw0)" ' port-defaults: vlan 10 isolated on router-guard on ip-guard on storm-limit 50 promisc allow-vms$' "switch show"
	vswctl port del vp3 && vswctl port add sw0 vp3
	check_err $? "port del, port add vp3"
	check_eq "$(pj vp3 $all)" "$set2" "vp3 added again"
	check_eq "$(pj vp2 $all)" "0 false [] false true true false 0 false deny" "vp2, there before"

	# None: the defaults of every port.
	vswctl switch set sw0 port-defaults none
	check_err $? "switch set sw0 port-defaults none"
	check_eq "$(dj sw0 $all)" "$none" "port defaults after none"
	check_match "$(vswctl switch show sw0)" ' address 10\.81\.0\.1/24$' "switch show after none"
	vswctl port del vp3 && vswctl port add sw0 vp3
	check_err $? "port del, port add vp3"
	check_eq "$(pj vp3 $all)" "$none" "vp3 added again"

	# Addresses are a port's own, never a default.
	before=$(vswctl -j switch show sw0)
	refused 'vswctl: port-defaults: mac: addresses are per port (vswctl port set DEV mac ...)' \
		vswctl switch set sw0 port-defaults mac 02:81:00:00:00:a1
	refused 'vswctl: port-defaults: ip: addresses are per port (vswctl port set DEV ip ...)' \
		vswctl switch set sw0 port-defaults mac-guard on ip $NET.11
	refused 'vswctl: port-defaults: fdb-max is not port policy (a port'"'"'s: "port set DEV fdb-max N", the switch'"'"'s: "switch set NAME fdb-max N")' \
		vswctl switch set sw0 port-defaults fdb-max 5
	refused 'vswctl: missing settings for "port-defaults" (SETTINGS | none)' vswctl switch set sw0 port-defaults
	refused 'vswctl: invalid promisc "all" (deny | allow-vms | allow-all)' vswctl switch set sw0 port-defaults promisc all
	check_eq "$(vswctl -j switch show sw0)" "$before" "switch show -j after the refusals"
	ip link del vp3; ip link del vp4
	log_test "port_defaults: new ports start with the switch's port defaults, then their own settings"
}

uplink_policy() {
	local before

	cleanup
	ip link add up0 type veth peer name up1 && ip link set up0 up && ip link set up1 up
	vswctl switch add sw1 mode bridged uplink up0 && vswctl switch set sw1 uplink none
	check_err $? "switch add sw1 mode bridged uplink up0, switch set sw1 uplink none"
	vswctl switch set sw1 port-defaults isolated on mac-guard on
	check_err $? "switch set sw1 port-defaults isolated on mac-guard on"
	ip link add vp1 type veth peer name vq1 && vswctl port add sw1 vp1
	check_err $? "port add sw1 vp1"
	vswctl switch set sw1 uplink up0
	check_err $? "switch set sw1 uplink up0"
	check_eq "$(pj vp1 isolated mac_guard)" "true true" "vp1: isolated, mac_guard"
	check_eq "$(pj up0 uplink isolated mac_guard)" "true false false" \
		"the uplink, attached after the port defaults: uplink, isolated, mac_guard"

	before=$(vswctl -j port show; vswctl -j switch show sw1; vswctl -j mirror show)
	refused "Error: the uplink is never isolated" vswctl port set up0 isolated on
	nl_is -95 '^the uplink is never isolated$' genl 3 11:str:up0 37:u8:1
	refused "Error: the uplink up0 cannot be a mirror's destination" vswctl mirror add sw1 m1 from vp1 to up0
	check_eq "$(vswctl -j port show; vswctl -j switch show sw1; vswctl -j mirror show)" "$before" \
		"port show -j, switch show -j, mirror show -j after the refusals"
	vswctl switch del sw1
	ip link del up0
	log_test "uplink_policy: the uplink is never isolated nor a mirror's destination, and takes no port defaults"
}

le32() {	# le32 N: N as 4 bytes in hex, little endian (this host's order)
	printf '%02x%02x%02x%02x' $(( $1 & 255 )) $(( $1 >> 8 & 255 )) $(( $1 >> 16 & 255 )) $(( $1 >> 24 & 255 ))
}

# nl_is ERRNO REGEX ARGS...: lib/nlraw.py's answer to a hand-made request.
nl_is() {
	local errno=$1 re=$2 out

	shift 2
	# lib/nlraw.py "$@", by craftd.
	printf '%s\n' nlraw "$@" . >&"$CRAFT_REQ"
	IFS= read -t 120 -r out <&"$CRAFT_REP"
	out=${out#ok:}
	check_eq "${out%% *}" "$errno" "errno of nlraw $*"
	check_match "${out#* }" "$re" "message of nlraw $*"
}

bad_input() {
	local before m17 ip17 ip4 if1 ifx3 i vid0 vid4095

	setup host-only
	guest g1 vp1 $M1 $NET.11 vlan 10 mac-guard on
	check_err $? "setup"
	vswctl switch add sw1 mode internal
	check_err $? "switch add sw1 mode internal"
	ip link add vp2 type veth peer name vq2
	ip link add vp3 type veth peer name vq3 && vswctl port add sw0 vp3
	check_err $? "port add sw0 vp3"
	before=$(vswctl -j port show; vswctl -j switch show sw0; vswctl -j mirror show)
	m17=02:81:00:00:01:00
	ip17=10.81.1.0
	for i in $(seq 1 16); do
		m17+=",02:81:00:00:01:$(printf %02x "$i")"
		ip17+=",10.81.1.$i"
	done
	# 10.81.0.11 IPv4-mapped; ifindexes as u32 (host order) for MIRROR_FROM.
	ip4=00000000000000000000ffff0a51000b
	if1=$(le32 "$(cat /sys/class/net/vp1/ifindex)")
	ifx3=$(cat /sys/class/net/vp3/ifindex)

	refused 'vswctl: vlan "0" out of range (1..4094)' vswctl port set vp1 vlan 0
	refused 'vswctl: vlan "4095" out of range (1..4094)' vswctl port set vp1 vlan 4095
	refused 'vswctl: invalid vlan "ten" (1..4094 | none)' vswctl port set vp1 vlan ten
	refused 'vswctl: trunk: VID "0" out of range (1..4094)' vswctl port set vp1 trunk 0
	refused 'vswctl: trunk: VID "4095" out of range (1..4094)' vswctl port set vp1 trunk 10,4095
	refused 'vswctl: trunk: reversed range "30-20" (write 20-30)' vswctl port set vp1 trunk 30-20
	refused 'vswctl: trunk: empty item in "10,,20"' vswctl port set vp1 trunk 10,,20
	refused 'vswctl: trunk: invalid range "5-x"' vswctl port set vp1 trunk 5-x
	refused 'vswctl: native: needs "trunk"' vswctl port set vp1 native 5
	refused 'vswctl: native "0" out of range (1..4094)' vswctl port set vp1 trunk 10 native 0
	refused 'vswctl: vlan: not together with "trunk"' vswctl port set vp1 vlan 10 trunk 20
	refused 'vswctl: duplicate argument "vlan"' vswctl port set vp1 vlan 10 vlan 20
	refused 'vswctl: invalid isolated "yes" (on | off)' vswctl port set vp1 isolated yes
	refused 'vswctl: mac: more than 16 addresses' vswctl port set vp1 mac "$m17"
	refused 'vswctl: mac: "01:00:5e:00:00:01" is a multicast address' vswctl port set vp1 mac 01:00:5e:00:00:01
	refused 'vswctl: mac: "ff:ff:ff:ff:ff:ff" is a multicast address' vswctl port set vp1 mac 02:81:00:00:00:a1,ff:ff:ff:ff:ff:ff
	refused 'vswctl: mac: "00:00:00:00:00:00" is the zero address' vswctl port set vp1 mac 00:00:00:00:00:00
	refused 'vswctl: mac: "02:81:00:00:00:a1" given twice' vswctl port set vp1 mac 02:81:00:00:00:a1,02:81:00:00:00:a1
	refused 'vswctl: invalid MAC address "02:81:00:00:00"' vswctl port set vp1 mac 02:81:00:00:00
	refused 'vswctl: invalid storm-limit "-1" (1..4294967295 | off)' vswctl port set vp1 storm-limit -1
	refused 'vswctl: storm-limit "0" out of range (1..4294967295)' vswctl port set vp1 storm-limit 0
	refused 'vswctl: "port set" needs at least one of vlan, trunk, isolated, mac-guard, mac, dhcp-guard, router-guard, dhcp-trust, ip-guard, ip, bpdu-guard, promisc, storm-limit, fdb-max, shut' \
		vswctl port set vp1
	refused 'vswctl: invalid promisc "bogus" (deny | allow-vms | allow-all)' vswctl port set vp1 promisc bogus
	refused 'vswctl: invalid ip-guard "maybe" (on | off)' vswctl port set vp1 ip-guard maybe
	refused 'vswctl: ip: invalid address "999.1.1.1"' vswctl port set vp1 ip-guard on ip 999.1.1.1
	refused 'vswctl: ip: more than 16 addresses' vswctl port set vp1 ip "$ip17"
	refused 'vswctl: ip: "224.0.0.1" is not a unicast address' vswctl port set vp1 ip $NET.11,224.0.0.1
	refused 'vswctl: ip: "0.0.0.0" is the unspecified address' vswctl port set vp1 ip 0.0.0.0
	refused 'vswctl: ip: "ff02::1" is a multicast address' vswctl port set vp1 ip ff02::1
	refused 'vswctl: ip: "::ffff:10.81.0.11" given twice' vswctl port set vp1 ip $NET.11,::ffff:$NET.11
	refused 'vswctl: ip: empty item in "10.81.0.11,"' vswctl port set vp1 ip $NET.11,
	refused 'vswctl: missing "to DEV" for "mirror add"' vswctl mirror add sw0 m1 from vp1
	refused 'vswctl: missing "from DEV[,DEV...]" for "mirror add"' vswctl mirror add sw0 m1 to vp3
	refused 'vswctl: missing NAME for "mirror add"' vswctl mirror add sw0
	refused 'vswctl: missing value for "to"' vswctl mirror add sw0 m1 from vp1 to
	refused 'vswctl: unknown argument "sideways"' vswctl mirror add sw0 m1 from vp1 sideways to vp3
	refused 'vswctl: tx: not together with "rx"' vswctl mirror add sw0 m1 from vp1 rx tx to vp3
	refused 'vswctl: NAME must be 1 to 15 characters, not "mirror-of-vp1-vp3"' vswctl mirror add sw0 mirror-of-vp1-vp3 from vp1 to vp3
	refused 'vswctl: from: "vp1" given twice' vswctl mirror add sw0 m1 from vp1,vp1 to vp3
	refused 'vswctl: missing NAME for "mirror del"' vswctl mirror del sw0

	# The host port takes VLANs only, and only a switch with a host has
	# one: the kernel says so.
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 isolated on
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 mac-guard on
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 mac 02:81:00:00:00:a1
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 dhcp-guard on
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 router-guard on
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 storm-limit 10
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 vlan 20 isolated off
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 fdb-max 5
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 ip-guard on
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 ip $HOST
	refused 'Error: the host port takes VLAN settings only' vswctl port set sw0 promisc allow-all
	refused 'Error: sw1 has no host port' vswctl port set sw1 vlan 10

	# What the tool never sends, made by hand: PORT_SET (3) of vp1 (11).
	vid0=01$(printf '0%.0s' $(seq 1 1022))
	vid4095=$(printf '0%.0s' $(seq 1 1022))80
	nl_is -22 'VIDs 0 and 4095 cannot be carried' genl 3 11:str:vp1 35:u8:1 36:bytes:"$vid0"
	nl_is -22 'VIDs 0 and 4095 cannot be carried' genl 3 11:str:vp1 35:u8:1 36:bytes:"$vid4095"
	nl_is -34 '.' genl 3 11:str:vp1 36:bytes:0004
	nl_is -34 '.' genl 3 11:str:vp1 34:u16:4095
	nl_is -34 '.' genl 3 11:str:vp1 37:u8:2
	nl_is -22 'guarded addresses must be unicast' genl 3 11:str:vp1 41:bytes:01005e000001
	nl_is -22 'guarded addresses must be unicast' genl 3 11:str:vp1 41:bytes:028100000001000000000000
	nl_is -22 'a list of at most 16 addresses of 6 bytes' genl 3 11:str:vp1 41:bytes:02810000000100
	nl_is -34 '.' genl 3 11:str:vp1 41:bytes:"$(printf '028100000001%.0s' $(seq 1 17))"
	nl_is -22 '.' genl 3 11:str:vp1 43:bytes:028100000001
	# Whole or not at all: a good PVID with a bad list changes nothing.
	nl_is -22 'guarded addresses must be unicast' genl 3 11:str:vp1 34:u16:20 38:u8:0 41:bytes:01005e000001
	nl_is -95 'the host port takes VLAN settings only' genl 3 11:str:sw0 34:u16:20 37:u8:1
	# IP guard, promiscuous policy (45, 46, 47).
	nl_is -34 '.' genl 3 11:str:vp1 47:u8:3
	nl_is -34 '.' genl 3 11:str:vp1 45:u8:2
	nl_is -22 'a list of at most 16 addresses of 16 bytes' genl 3 11:str:vp1 46:bytes:"$ip4"00
	nl_is -22 'a list of at most 16 addresses of 16 bytes' genl 3 11:str:vp1 46:bytes:"${ip4:2}"
	nl_is -34 '.' genl 3 11:str:vp1 46:bytes:"$(printf "$ip4%.0s" $(seq 1 17))"
	nl_is -22 'bound addresses must be unicast' genl 3 11:str:vp1 46:bytes:00000000000000000000ffffe0000001
	nl_is -22 'bound addresses must be unicast' genl 3 11:str:vp1 46:bytes:$ip4"$(printf '0%.0s' $(seq 1 32))"
	nl_is -22 'bound addresses must be unicast' genl 3 11:str:vp1 45:u8:1 46:bytes:ff020000000000000000000000000001
	# MIRROR_NEW (17): switch, NAME (53), FROM (54), DIR (55), TO (56).
	nl_is -22 'a list of 1 to [0-9]+ ifindexes of 4 bytes' genl 17 2:str:sw0 53:str:mx 54:bytes:"${if1:0:6}" 56:u32:"$ifx3"
	nl_is -22 'a list of 1 to [0-9]+ ifindexes of 4 bytes' genl 17 2:str:sw0 53:str:mx 54:bytes: 56:u32:"$ifx3"
	nl_is -34 '.' genl 17 2:str:sw0 53:str:mx 54:bytes:"$if1" 55:u8:0 56:u32:"$ifx3"
	nl_is -34 '.' genl 17 2:str:sw0 53:str:mx 54:bytes:"$if1" 55:u8:4 56:u32:"$ifx3"
	nl_is -22 '.' genl 17 2:str:sw0 53:str:mirror-of-vp1-vp 54:bytes:"$if1" 56:u32:"$ifx3"
	nl_is -22 'a mirror needs a name, source ports and a destination port' genl 17 2:str:sw0 53:str:mx 54:bytes:"$if1"
	nl_is -19 'no device with ifindex 999999' genl 17 2:str:sw0 53:str:mx 54:bytes:"$if1" 56:u32:999999
	nl_is -22 'vp2 is not a port of sw0' genl 17 2:str:sw0 53:str:mx 54:bytes:"$if1" 56:u32:"$(cat /sys/class/net/vp2/ifindex)"
	nl_is -2 'sw0 has no mirror named mx' genl 18 2:str:sw0 53:str:mx
	# SWITCH_SET (14): port defaults (49, nested) without addresses, and
	# port policy only.
	nl_is -22 'per port' genl 14 2:str:sw0 $(( 0x8000 | 49 )):bytes:0a002900028100000001"0000"
	nl_is -22 'per port' genl 14 2:str:sw0 $(( 0x8000 | 49 )):bytes:14002e00"$ip4"
	nl_is -22 '.' genl 14 2:str:sw0 $(( 0x8000 | 49 )):bytes:08000c0005000000
	nl_is -34 '.' genl 14 2:str:sw0 $(( 0x8000 | 49 )):bytes:05002f0003000000
	nl_is -22 '.' genl 14 2:str:sw0
	check_eq "$(vswctl -j port show; vswctl -j switch show sw0; vswctl -j mirror show)" "$before" \
		"port show -j, switch show -j, mirror show -j after the refusals"

	# A refused port add leaves the device out.
	refused 'vswctl: vlan "4095" out of range (1..4094)' vswctl port add sw0 vp2 vlan 4095
	refused 'vswctl: mac: "01:00:5e:00:00:01" is a multicast address' vswctl port add sw0 vp2 mac-guard on mac 01:00:5e:00:00:01
	check_eq "$(ip -j link show vp2 | jsel 'd[0].get("master", "none")')" none "vp2's master after refused port adds"
	check_eq "$(vswctl -j port show; vswctl -j switch show sw0; vswctl -j mirror show)" "$before" \
		"port show -j, switch show -j, mirror show -j after the refused port adds"
	ip link del vp2
	ip link del vp3
	log_test "bad input: bad VIDs, native without trunk, bad or too many MACs or IPs, bad mirrors and port defaults, guards on the host port refused"
}

tests_run
