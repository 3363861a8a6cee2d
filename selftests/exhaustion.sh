#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Exhaustion: what a flood does to the switch's tables and queues. A
# million source addresses against the FDB (bounded at fdb-max, and what
# a million entries cost when unbounded), thousands of DHCP answers
# against a port's bindings, a mirror whose destination is slower than its
# sources, broadcast storms from every port at once. Each case says
# exactly where every frame went: forwarded, refused, dropped by which
# counter, and that the switch keeps forwarding for its guests.
#
#   +------------------------------ sw0 (internal) ------------------------+
#   | vp1        vp2        vp3            vp4        pgp0 ... pgp3           |
#   +-|----------|----------|--------------|----------|-----------------------+
#    ns g1      ns g2      ns g3, or a     ns gt:     pg0 ... pg3: veths in
#    eth0       eth0       mirror's        a DHCP     the host namespace,
#    .11        .12        destination     server     pktgen's devices (one
#                          (mq3, tapm)     .20        kpktgend per CPU)
#
# Every guest is a namespace behind a veth port, eth0 with a fixed address
# (02:79:00:00:00:1N, 10.79.0.1N/24); where counters must move exactly,
# neighbours are static so that nothing but what a case sends is on the
# wire. Frames come from the kernel's pktgen (one process, a million
# frames) or from one Python process per batch (DHCP).
#
# VSWITCH_EXHAUST_MACS: source addresses of the FDB floods, 1000000 by
# default; 200000 on the debug kernel, whose KASAN and lockdep make a
# frame about seven times as slow under TCG (a million would take half an
# hour there).

ALL_TESTS="fdb_flood binding_flood slow_mirror storm_all_ports"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip ping tc
modprobe vswitch

NET=10.79.0
M1=02:79:00:00:00:11
M2=02:79:00:00:00:12
M3=02:79:00:00:00:13
MT=02:79:00:00:00:20
MPG=02:79:00:00:00:30
BCAST=ff:ff:ff:ff:ff:ff
DEBUG_KERNEL=0
case $(uname -r) in *-vswitch-debug) DEBUG_KERNEL=1 ;; esac
MACS=${VSWITCH_EXHAUST_MACS:-$(( DEBUG_KERNEL ? 200000 : 1000000 ))}
PG=/proc/net/pktgen
TMPD=$(mktemp -d /tmp/vsw-exhaustion.XXXXXX)
BACKLOG=$(sysctl -n net.core.netdev_max_backlog)
HOLDPID=
STORM_MS=0
STORM_RX=()
g1='' g2=''	# namespaces (setup_ns), as g3 and gt

cleanup() {
	local d

	[ -n "$HOLDPID" ] && kill "$HOLDPID" 2> /dev/null
	HOLDPID=
	[ -d $PG ] && for d in $PG/kpktgend_*; do echo rem_device_all > "$d"; done
	[ -e /sys/class/net/sw0 ] && ip link del sw0
	for d in vp1 vp2 vp3 vp4 tapm pg0 pg1 pg2 pg3; do
		[ -e /sys/class/net/$d ] && ip link del $d
	done
	[ ${#NS_LIST[@]} -gt 0 ] && cleanup_ns
	sysctl -qw net.core.netdev_max_backlog="$BACKLOG"
}
trap 'cleanup; rm -rf "$TMPD"' EXIT

[ -d $PG ] || modprobe pktgen 2> /dev/null
[ -d $PG ] || skip "pktgen is not available"

# guest VAR PORT MAC ADDR [POLICY...]: namespace VAR with eth0 (MAC,
# ADDR/24) behind PORT, a port of sw0 added with POLICY.
guest() {
	local var=$1 port=$2 mac=$3 addr=$4

	shift 4
	setup_ns "$var" || return 1
	add_guest "${!var}" "$port" "$addr/24" "$mac" &&
		vswctl port add sw0 "$port" "$@"
}

# pg_port N [POLICY...]: veth pgN (host namespace, pktgen's) and its peer
# pgpN, a port of sw0.
pg_port() {
	local n=$1

	shift
	ip link add pg"$n" type veth peer name pgp"$n" &&
		ip link set pg"$n" up && ip link set pgp"$n" up &&
		vswctl port add sw0 pgp"$n" "$@"
}

# pg_add THREAD DEV COUNT SRC_MAC SRC_MAC_COUNT DST_MAC: COUNT 60-byte
# frames from DEV, sent by kpktgend_THREAD at the next pg_run, with
# SRC_MAC_COUNT consecutive source addresses from SRC_MAC.
pg_add() {
	local dev=$2 line

	echo "add_device $dev" > $PG/kpktgend_"$1" || return 1
	for line in "count $3" "clone_skb 0" "pkt_size 60" "delay 0" \
		    "src_mac $4" "src_mac_count $5" "dst_mac $6" "dst 10.255.255.254"; do
		echo "$line" > $PG/"$dev" || return 1
	done
}

# pg_run [BACKLOG]: every device added, each thread on its CPU, all at
# once; returns when all have sent their count. The receiving backlogs
# take BACKLOG frames (default 100000; pktgen outruns the softirq under
# TCG): a frame dropped there never reached the switch, and the counts
# would not be exact.
pg_run() {
	local d

	sysctl -qw net.core.netdev_max_backlog="${1:-100000}"
	echo start > $PG/pgctrl
	for d in $PG/kpktgend_*; do echo rem_device_all > "$d"; done
}

# pg_sent DEV: what DEV sent, all told (the veth's counter: pktgen's own
# result goes with the device when it leaves its thread).
pg_sent() {
	cat /sys/class/net/"$1"/statistics/tx_packets
}

dev_stat() {	# dev_stat DEV COUNTER: a device's counter (statistics/)
	cat /sys/class/net/"$1"/statistics/"$2"
}

# settled CMD...: wait (60 s at most) until CMD prints the same twice, 0.5 s
# apart: a backlog the softirq still works through.
settled() {
	local a b

	b=$("$@")
	for _ in $(seq 120); do
		sleep 0.5
		a=$b
		b=$("$@")
		[ "$a" = "$b" ] && return 0
	done
	return 1
}

# A switch's counters, every port's on one line (for settled).
all_stats() {
	vswctl -s port show | tr '\n' ' '
}

# slab: the FDB cache's "active_objs num_objs objsize bytes" (bytes: its
# slabs' pages). The VM boots with slab_nomerge: the cache has its own line.
slab() {
	awk '$1 == "vswitch_fdb" { print $2, $3, $4, $15 * $6 * 4096 }' /proc/slabinfo
}

# fdb_freed BASE WHAT: the FDB cache's active objects back to BASE (but
# what the CPUs' slabs hold), within 30 s: entries are freed after an RCU
# grace period. KASAN keeps freed objects in its quarantine, counted as
# active: there the module's unload checks the cache instead.
fdb_freed() {
	[ "$DEBUG_KERNEL" = 1 ] && return 0
	busywait 30000 eval '[ "$(slab | cut -d " " -f 1)" -le $(( $1 + 1024 )) ]'
	check_err $? "the FDB cache's active objects $2: $(slab | cut -d ' ' -f 1), $1 before"
}

vmalloc_kb() {
	awk '$1 == "VmallocUsed:" { print $2 }' /proc/meminfo
}

# pinger VAR ADDR STOPFILE: ping ADDR from VAR, 5 at a time, 0.2 s apart,
# each batch waiting for its last answer, until STOPFILE exists; prints the
# totals "TRANSMITTED RECEIVED". (A ping stopped by a signal counts the
# request still on its way as lost.)
pinger() {
	local tx=0 rx=0 t r

	while [ ! -e "$3" ]; do
		read -r t r < <(ip netns exec "${!1}" ping -q -n -c 5 -i 0.2 -W 10 "$2" |
				awk '/transmitted/ { print $1, $4 }')
		tx=$(( tx + ${t:-0} ))
		rx=$(( rx + ${r:-0} ))
	done
	echo "$tx $rx"
}

# A flood of a million source addresses from one port. With the default
# fdb-max the table stops at 8192: the rest are refused, one count each,
# forwarded all the same, and two guests that were known before it talk
# throughout without losing a packet. Unbounded, a million addresses make
# a million entries: what they cost is printed, and they all go back to
# the cache once flushed.
fdb_flood() {
	local s0 s1 vm0 vm1 n refused rx learned bytes per t0 ms t a base
	local stop=$TMPD/stop

	cleanup
	vswctl switch add sw0 mode internal || return 1
	guest g1 vp1 $M1 $NET.11 && guest g2 vp2 $M2 $NET.12 && pg_port 0
	check_err $? "setup"
	check_eq "$(switch_field sw0 fdb-max)" 8192 "the default fdb-max"
	ip netns exec "$g1" ping -c 1 -W 5 $NET.12 > /dev/null
	check_err $? "g1 cannot reach g2 before the flood"
	check_eq "$(switch_field sw0 fdb-count)" 2 "fdb-count before the flood"
	read -r base _ < <(slab)
	s0=$base

	# (a) With g1 pinging g2 throughout.
	rm -f "$stop"
	pinger g1 $NET.12 "$stop" > "$TMPD/pings" &
	a=$!
	sleep 1
	pg_add 0 pg0 "$MACS" 02:aa:00:00:00:00 "$MACS" 02:bb:00:00:00:01 &&
		pg_run "$MACS"
	check_err $? "pktgen"
	settled port_stat pgp0 rx_packets
	touch "$stop"
	wait $a
	read -r t n < "$TMPD/pings"
	echo "# fdb: $t pings from g1 to g2 during a flood of $MACS sources, $n answered"
	check_eq "$n" "$t" "pings answered during the flood"
	[ "$t" -ge 5 ]
	check_err $? "only $t pings during the flood"
	# A frame the veth drops is sent again by pktgen with the next
	# address, and the addresses wrap: then some come twice.
	check_eq "$(pg_sent pg0) $(dev_stat pg0 tx_dropped)" "$MACS 0" "frames pktgen sent, pg0's veth dropped"
	check_eq "$(port_stat pgp0 rx_packets)" "$MACS" "pgp0 rx_packets"
	check_eq "$(switch_field sw0 fdb-count)" 8192 "fdb-count after the flood"
	check_eq "$(port_stat pgp0 learn_refused)" $(( MACS - 8190 )) "pgp0 learn_refused"
	check_eq "$(switch_stat sw0 learn_refused)" $(( MACS - 8190 )) "switch learn_refused"
	check_eq "$(fdb_entry sw0 $M1) $(fdb_entry sw0 $M2)" "vp1 learned vp2 learned" "entries of g1, g2"
	read -r s1 _ < <(slab)
	# SLUB counts the free objects of the CPUs' own slabs as active.
	[ $(( s1 - s0 )) -le $(( 8190 + 1024 )) ]
	check_err $? "the FDB cache's active objects grew by $(( s1 - s0 )) for 8190 entries"
	log_test "fdb_flood: $MACS sources against fdb-max 8192: bounded, the rest refused, known guests unharmed"

	# (b) Unbounded: MACS sources, MACS entries. Only pgp0 on the switch:
	# the unknown destination floods to no one, so the time goes to
	# learning.
	cleanup
	fdb_freed "$base" "after (a)'s switch went"
	vswctl switch add sw0 mode internal fdb-max 0 ageing 0 && pg_port 0
	check_err $? "setup"
	read -r s0 _ _ bytes < <(slab)
	vm0=$(vmalloc_kb)
	t0=$(date +%s%N)
	pg_add 0 pg0 "$MACS" 02:aa:00:00:00:00 "$MACS" 02:bb:00:00:00:01 &&
		pg_run "$MACS"
	check_err $? "pktgen"
	settled all_stats
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	rx=$(port_stat pgp0 rx_packets)
	learned=$(switch_field sw0 fdb-count)
	refused=$(port_stat pgp0 learn_refused)
	echo "# fdb: $MACS sources in $ms ms: $rx received, $learned learned, $refused refused"
	check_eq "$(pg_sent pg0) $(dev_stat pg0 tx_dropped)" "$MACS 0" "frames pktgen sent, pg0's veth dropped"
	check_eq "$rx" "$MACS" "pgp0 rx_packets"
	check_eq "$learned" "$MACS" "fdb-count with fdb-max 0"
	check_eq "$(vswctl port show sw0 | awk '$1 == "pgp0" { print $NF }')" "$MACS" "pgp0's fdb-count"
	check_eq "$refused" 0 "pgp0 learn_refused"
	read -r s1 _ n per < <(slab)
	vm1=$(vmalloc_kb)
	bytes=$(( per - bytes ))
	per=$(( bytes / MACS ))
	printf '# fdb: %d entries: %d MiB in slab (%d bytes an entry), %d MiB per 1M entries\n' \
		"$MACS" $(( bytes >> 20 )) "$per" $(( bytes * 1000000 / MACS >> 20 ))
	printf '# fdb: and its hash table: about %d MiB of vmalloc (%d bytes an entry)\n' \
		$(( (vm1 - vm0) >> 10 )) $(( (vm1 - vm0) * 1024 / MACS ))
	# Under KASAN (a)'s 8192 entries were still in its quarantine, and
	# left it as these came.
	[ $(( s1 - s0 )) -ge $(( MACS - 1024 - DEBUG_KERNEL * 8192 )) ]
	check_err $? "the FDB cache's active objects grew by $(( s1 - s0 )) for $MACS entries"
	# The slabs hold the entries and little else (objsize $n).
	[ "$per" -le $(( n * 3 / 2 )) ]
	check_err $? "$per bytes of slab an entry, objsize $n"

	t0=$(date +%s%N)
	vswctl fdb flush sw0
	check_err $? "fdb flush"
	echo "# fdb: a flush of $MACS entries took $(( ($(date +%s%N) - t0) / 1000000 )) ms"
	check_eq "$(switch_field sw0 fdb-count)" 0 "fdb-count after the flush"
	fdb_freed "$s0" "after the flush"
	ip link del sw0
	check_err $? "switch del"
	fdb_freed "$s0" "after the switch went"
	# Nothing left: the module unloads, and its cache goes with it (a
	# leftover object is a splat of kmem_cache_destroy()).
	busywait 20000 vsw_unload
	check_err $? "rmmod vswitch_nat vswitch: $(lsmod | grep '^vswitch')"
	check_eq "$(grep -c '^vswitch_fdb ' /proc/slabinfo)" 0 "vswitch_fdb slab after unloading"
	modprobe vswitch
	log_test "fdb_flood: $MACS sources with fdb-max 0: $MACS entries, freed by a flush"
}

# dhcp_send VAR COUNT SRC DST IPSRC IPDST SPORT DPORT TYPE YIADDR CIADDR
# CHADDR: COUNT DHCPv4 messages (TYPE 5 ACK, 7 RELEASE) from eth0 in VAR,
# by one process; with YIADDR a.b.c.d+ the address goes up by one a
# message. Raw bytes, no scapy: thousands in a second or two.
dhcp_send() {
	local var=$1

	shift
	ip netns exec "${!var}" $PY - "$@" <<'PYEOF'
import socket, struct, sys
n, src, dst, ipsrc, ipdst, sport, dport, mtype, yi, ci, ch = sys.argv[1:]
n, sport, dport, mtype = int(n), int(sport), int(dport), int(mtype)
mac = lambda m: bytes.fromhex(m.replace(":", ""))
ip = socket.inet_aton
step = yi.endswith("+")
yi0 = struct.unpack("!I", ip(yi.rstrip("+")))[0]

def csum(b):
    s = sum(struct.unpack("!10H", b))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
opts = bytes([53, 1, mtype, 54, 4]) + ip(ipsrc if mtype == 5 else "10.79.0.1")
if mtype == 5:
    opts += bytes([51, 4]) + struct.pack("!I", 3600)
opts += b"\xff"
for i in range(n):
    y = struct.pack("!I", yi0 + i if step else yi0)
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128sI", 2 if mtype == 5 else 1,
                        1, 6, 0, 0x4245 + i, 0, 0, ip(ci), y, bytes(4), bytes(4),
                        mac(ch), b"", b"", 0x63825363) + opts
    udp = struct.pack("!HHHH", sport, dport, 8 + len(bootp), 0) + bootp
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xffff, 0,
                      64, 17, 0, ip(ipsrc), ip(ipdst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    s.send(mac(dst) + mac(src) + b"\x08\x00" + hdr + udp)
PYEOF
}

# bound PORT: the addresses bound to PORT by DHCP, in the order
# `binding show` lists them, on one line.
bound() {
	vswctl binding show sw0 | awk -v p="$1" '$1 == p && $6 == "dhcp" { printf "%s%s", s, $2; s = " " }'
}

# send_ip VAR SRC COUNT: COUNT UDP packets from VAR's eth0 with source
# address SRC to g2 (10.79.0.12), raw; for ip-guard to judge.
send_ip() {
	dhcp_send "$1" "$3" "${MAC_OF[$1]}" $M2 "$2" $NET.12 5000 5001 3 0.0.0.0 0.0.0.0 00:00:00:00:00:00
}

declare -A MAC_OF=([g1]=$M1 [g2]=$M2 [g3]=$M3 [gt]=$MT)

# A port keeps the 8 newest of the leases a trusted server gave its
# guest, however many came; forged answers and releases from an
# untrusted port change nothing and are counted where they are dropped.
binding_flood() {
	local s n=${VSWITCH_EXHAUST_ACKS:-3000} want i addr old v a

	cleanup
	vswctl switch add sw0 mode internal || return 1
	guest g1 vp1 $M1 $NET.11 ip-guard on && guest g2 vp2 $M2 $NET.12 ip-guard on &&
		guest g3 vp3 $M3 $NET.13 dhcp-guard on ip-guard on ip $NET.13 &&
		guest gt vp4 $MT $NET.20 dhcp-trust on
	check_err $? "setup"
	for v in g1 g2 g3 gt; do
		for a in 11:$M1 12:$M2 13:$M3 20:$MT; do
			static_neigh "${!v}" $NET.${a%%:*} "${a#*:}"
		done
	done
	# Known to the switch (a broadcast each), so that answers to them are
	# unicast to their ports.
	for v in g1 g2 g3 gt; do
		send_frames "${!v}" eth0 $BCAST "${MAC_OF[$v]}"
	done
	# g2's lease, which no flood for g1 touches.
	dhcp_send gt 1 $MT $M2 $NET.20 10.80.0.2 67 68 5 10.80.0.2 0.0.0.0 $M2
	check_eq "$(bound vp2)" 10.80.0.2 "g2's binding"
	sysctl -qw net.core.netdev_max_backlog=$(( n * 4 ))

	# n ACKs to g1, each of another address, from the trusted server.
	s=$TMPD/s1
	snap "$s"
	dhcp_send gt "$n" $MT $M1 $NET.20 10.81.0.1 67 68 5 10.81.0.1+ 0.0.0.0 $M1
	check_err $? "the trusted server's ACKs"
	busywait 20000 eval '[ "$(moved "$s" vp4 rx_packets)" = "$n" ]'
	want=
	for i in $(seq $(( n - 8 )) $(( n - 1 ))); do
		want+="${want:+ }10.81.$(( (1 + i) >> 8 )).$(( (1 + i) & 255 ))"
	done
	check_eq "$(bound vp1)" "$want" "g1's bindings after $n ACKs (the 8 newest)"
	check_eq "$(bound vp2)" 10.80.0.2 "g2's binding after $n ACKs to g1"
	check_eq "$(moved "$s" vp4 rx_packets) $(moved "$s" vp1 tx_packets)" "$n $n" \
		"vp4 rx_packets, vp1 tx_packets (the ACKs, forwarded)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# The 8 bound addresses pass ip-guard, the 9th newest no longer.
	addr=${want##* }
	old=10.81.$(( (n - 8) >> 8 )).$(( (n - 8) & 255 ))
	snap "$s"
	send_ip g1 "$addr" 3 && send_ip g1 "$old" 2
	busywait 5000 eval '[ "$(moved "$s" vp2 tx_packets)" = 3 ]'
	sleep 0.3
	check_eq "$(moved "$s" vp2 tx_packets)" 3 "frames g2 got from g1 (3 from the newest lease, 2 from the 9th)"
	check_eq "$(drops_since "$s")" "vp1 drop_ip_guard+2" "drop counters that moved"

	# An untrusted port's forged ACKs (for g1 and for g2's address), and
	# releases of g1's addresses in g1's name, from g1's address and as a
	# DHCP client (0.0.0.0, which ip-guard lets through).
	snap "$s"
	dhcp_send g3 "$n" $M3 $M1 $NET.13 10.82.0.1 67 68 5 10.82.0.1+ 0.0.0.0 $M1 &&
		dhcp_send g3 "$n" $M3 $M2 $NET.13 10.80.0.2 67 68 5 10.80.0.2 0.0.0.0 $M2 &&
		dhcp_send g3 "$n" $M3 $BCAST "$addr" 255.255.255.255 68 67 7 0.0.0.0 "$addr" $M1 &&
		dhcp_send g3 "$n" $M3 $BCAST 0.0.0.0 255.255.255.255 68 67 7 0.0.0.0 "$addr" $M1
	check_err $? "g3's forged messages"
	busywait 20000 eval '[ "$(( $(moved "$s" vp3 rx_packets) + $(moved "$s" vp3 drop_dhcp_guard) + $(moved "$s" vp3 drop_ip_guard) ))" = $(( 4 * n )) ]'
	check_eq "$(bound vp1)" "$want" "g1's bindings after g3's forged messages"
	check_eq "$(bound vp2)" 10.80.0.2 "g2's binding after g3's forged messages"
	check_eq "$(drops_since "$s")" "vp3 drop_dhcp_guard+$(( 2 * n )) vp3 drop_ip_guard+$n" \
		"drop counters that moved (forged ACKs, releases from g1's address)"
	check_eq "$(moved "$s" vp3 rx_packets)" "$n" "vp3 rx_packets (the releases from 0.0.0.0, forwarded)"
	check_eq "$(vswctl binding show sw0 | wc -l)" 10 "bindings (8 of g1, 1 of g2, g3's static)"
	log_test "binding_flood: $n leases keep the 8 newest; $(( 4 * n )) forged messages change nothing, each counted"
}

# tc_qdisc DEV: its root qdisc's "SENT DROPPED BACKLOG" packets.
tc_qdisc() {
	tc -s qdisc show dev "$1" | awk '
		/Sent/ { sent = $4; d = $7; sub(/,/, "", d) }
		/backlog/ { b = $3; sub(/p/, "", b) }
		END { print sent, d, b }'
}

# A mirror copies every frame of its source to a destination that cannot
# take them all: a veth shaped to 100 kbit/s by netem, then a tap whose
# process never reads. The original traffic is delivered whole, and every
# copy is accounted for: sent on, dropped by the qdisc, or dropped by the
# tap.
slow_mirror() {
	local s n=${VSWITCH_EXHAUST_MIRROR:-50000} sent dropped backlog got txq mq0 rx2 dr0

	cleanup
	vswctl switch add sw0 mode internal || return 1
	guest g1 vp1 $M1 $NET.11 && guest g2 vp2 $M2 $NET.12 && pg_port 0
	check_err $? "setup"
	ip link add vp3 type veth peer name mq3 && ip link set mq3 up && ip link set vp3 up &&
		vswctl port add sw0 vp3 &&
		tc qdisc add dev vp3 root netem rate 100kbit limit 100
	check_err $? "the destination, vp3 with netem"
	vswctl mirror add sw0 m1 from pgp0 rx to vp3
	check_err $? "mirror add"
	static_neigh "$g1" $NET.12 $M2
	static_neigh "$g2" $NET.11 $M1
	send_frames "$g2" eth0 $BCAST $M2
	sleep 0.5
	s=$TMPD/s1
	snap "$s"
	mq0=$(dev_stat mq3 rx_packets)
	rx2=$(dev_stat vp2 tx_packets)
	pg_add 0 pg0 "$n" $MPG 1 $M2 && pg_run $(( 3 * n ))
	check_err $? "pktgen"
	busywait 30000 eval '[ "$(tc_qdisc vp3 | cut -d " " -f 3)" = 0 ]'
	settled all_stats
	read -r sent dropped backlog < <(tc_qdisc vp3)
	got=$(( $(dev_stat mq3 rx_packets) - mq0 ))
	echo "# mirror: $n frames through pgp0: g2 got $(( $(dev_stat vp2 tx_packets) - rx2 )), the 100 kbit/s destination $got, its qdisc dropped $dropped"
	check_eq "$(pg_sent pg0)" "$n" "frames pktgen sent"
	check_eq "$(moved "$s" pgp0 rx_packets) $(moved "$s" vp2 tx_packets)" "$n $n" "pgp0 rx_packets, vp2 tx_packets"
	check_eq $(( $(dev_stat vp2 tx_packets) - rx2 )) "$n" "frames g2's eth0 received"
	check_eq "$(moved "$s" vp3 tx_packets)" "$n" "vp3 tx_packets (the copies)"
	check_eq "$(( sent + dropped )) $backlog" "$n 0" "the qdisc's sent + dropped, backlog"
	check_eq "$got" "$sent" "frames mq3 received (what the qdisc sent)"
	[ "$got" -lt "$n" ]
	check_err $? "the destination got all $n copies: not slower than its source"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# A tap whose process never reads: its queue (txqueuelen) fills, the
	# rest is the tap's tx_dropped.
	vswctl mirror del sw0 m1 && ip link del vp3
	ip tuntap add tapm mode tap && ip link set tapm up
	$PY -c '
import fcntl, os, struct, sys, time
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"tapm", 0x0002 | 0x1000))
print("ready", flush=True)
time.sleep(3600)' > "$TMPD/hold" &
	HOLDPID=$!
	busywait 10000 grep -q ready "$TMPD/hold" &&
		busywait 10000 eval '[ "$(cat /sys/class/net/tapm/carrier 2> /dev/null)" = 1 ]'
	check_err $? "a process holding tapm"
	vswctl port add sw0 tapm && vswctl mirror add sw0 m1 from pgp0 rx to tapm
	check_err $? "mirror add to tapm"
	txq=$(cat /sys/class/net/tapm/tx_queue_len)
	snap "$s"
	dr0=$(dev_stat tapm tx_dropped)
	rx2=$(dev_stat vp2 tx_packets)
	pg_add 0 pg0 "$n" $MPG 1 $M2 && pg_run $(( 3 * n ))
	check_err $? "pktgen"
	settled all_stats
	echo "# mirror: $n frames through pgp0: g2 got $(( $(dev_stat vp2 tx_packets) - rx2 )), the tap dropped $(( $(dev_stat tapm tx_dropped) - dr0 )) (its queue: $txq)"
	check_eq "$(moved "$s" pgp0 rx_packets) $(moved "$s" vp2 tx_packets)" "$n $n" "pgp0 rx_packets, vp2 tx_packets"
	check_eq $(( $(dev_stat vp2 tx_packets) - rx2 )) "$n" "frames g2's eth0 received"
	check_eq "$(moved "$s" tapm tx_packets)" "$n" "tapm tx_packets (the copies)"
	check_eq $(( $(dev_stat tapm tx_dropped) - dr0 )) $(( n - txq )) "tapm tx_dropped (all but its queue)"
	check_eq "$(drops_since "$s")" "" "drop counters that moved"

	# No stall: the guests talk, and a second stream is delivered whole.
	ip netns exec "$g1" ping -c 3 -i 0.2 -W 5 $NET.12 > /dev/null
	check_err $? "g1 cannot reach g2 after the streams"
	snap "$s"
	pg_add 0 pg0 1000 $MPG 1 $M2 && pg_run 1000
	settled all_stats
	check_eq "$(moved "$s" vp2 tx_packets)" 1000 "vp2 tx_packets of a third stream"
	kill "$HOLDPID"
	wait "$HOLDPID" 2> /dev/null
	HOLDPID=
	log_test "slow_mirror: a mirror slower than its source: the original traffic whole, every copy accounted for"
}

# storm_d PORT COUNTER: how much it moved in the last storm.
storm_d() {
	awk -v p="$1" -v k="$2" '$1 == p && $2 == k { print $3 }' "$TMPD/st.d"
}

# storm PER [DELAY]: PER broadcasts from each of pg0..pg3 at once (two on
# each kpktgend), DELAY ns apart (0: as fast as it goes), and the check
# that the counters add up: each pgp port took in or dropped (drop_storm)
# every frame, flooded all it took in, and every port sent what the
# others took in. Sets STORM_MS (how long it took) and STORM_RX (what
# each pgp port took in).
storm() {
	local per=$1 s=$TMPD/st p n t0 ms sent0=() storm0 drops=0 rx=() all=0

	snap "$s"
	storm0=$(switch_stat sw0 drop_storm)
	for n in 0 1 2 3; do sent0[n]=$(pg_sent pg$n); done
	t0=$(date +%s%N)
	for n in 0 1 2 3; do
		pg_add $(( n % $(nproc) )) pg$n "$per" 02:79:00:00:01:0$n 1 $BCAST &&
			echo "delay ${2:-0}" > $PG/pg$n || return 1
	done
	pg_run $(( 4 * per ))
	settled all_stats
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	# Counters as they are now, read once: "PORT COUNTER DELTA" a line.
	snap "$s.end"
	awk 'NR == FNR { v[$1 " " $2] = $3; next } { print $1, $2, $3 - v[$1 " " $2] }' \
		"$s" "$s.end" > "$s.d"
	for n in 0 1 2 3; do
		rx[n]=$(storm_d pgp$n rx_packets)
		all=$(( all + rx[n] ))
		drops=$(( drops + $(storm_d pgp$n drop_storm) ))
		echo "# storm: pgp$n: ${rx[n]} forwarded, $(storm_d pgp$n drop_storm) dropped in $ms ms"
		check_eq $(( $(pg_sent pg$n) - sent0[n] )) "$per" "frames pktgen sent from pg$n"
		check_eq $(( rx[n] + $(storm_d pgp$n drop_storm) )) "$per" "pgp$n rx_packets + drop_storm"
		check_eq "$(storm_d pgp$n flooded)" "${rx[n]}" "pgp$n flooded"
	done
	for n in 0 1 2 3; do
		check_eq "$(storm_d pgp$n tx_packets)" $(( all - rx[n] )) "pgp$n tx_packets (what the others took in)"
	done
	for p in vp1 vp2; do
		check_eq "$(storm_d $p tx_packets)" "$all" "$p tx_packets (what the pgp ports took in)"
	done
	check_eq "$(awk '$2 ~ /^drop_/ && $3 != 0 && !($1 ~ /^pgp/ && $2 == "drop_storm")' "$s.d")" "" \
		"drop counters that moved (but drop_storm)"
	check_eq $(( $(switch_stat sw0 drop_storm) - storm0 )) "$drops" "the switch's drop_storm (its ports')"
	STORM_MS=$ms
	STORM_RX=("${rx[@]}")
}

# Broadcast storms from four ports at once, on both CPUs, unlimited and
# then with storm-limit on every port: every frame counted once, the
# limits held, and the guests still reach each other.
storm_all_ports() {
	local per=${VSWITCH_EXHAUST_STORM:-10000} lim=200 n rx

	cleanup
	vswctl switch add sw0 mode internal || return 1
	guest g1 vp1 $M1 $NET.11 && guest g2 vp2 $M2 $NET.12 &&
		pg_port 0 && pg_port 1 && pg_port 2 && pg_port 3
	check_err $? "setup"
	static_neigh "$g1" $NET.12 $M2
	static_neigh "$g2" $NET.11 $M1
	ip netns exec "$g1" ping -c 1 -W 5 $NET.12 > /dev/null
	check_err $? "g1 cannot reach g2 before the storms"

	storm "$per"
	check_err $? "pktgen"
	check_eq "${STORM_RX[*]}" "$per $per $per $per" "pgp0..3 rx_packets without storm-limit"
	ip netns exec "$g1" ping -c 3 -i 0.2 -W 5 $NET.12 > /dev/null
	check_err $? "g1 cannot reach g2 after a storm"
	log_test "storm_all_ports: $per broadcasts from each of 4 ports at once, every one flooded and counted"

	for n in 0 1 2 3; do
		vswctl port set pgp$n storm-limit $lim || check_err 1 "port set pgp$n storm-limit"
	done
	vswctl port set vp1 storm-limit $lim && vswctl port set vp2 storm-limit $lim
	check_err $? "storm-limit on the guests' ports"
	# Spread over about 3 s (under TCG: more), so that the budget
	# comes back a few times.
	sleep 1.1
	storm "$per" $(( 3000000000 / per ))
	check_err $? "pktgen"
	for n in 0 1 2 3; do
		rx=${STORM_RX[n]}
		# A budget of lim a second, a new one at most every second.
		[ "$rx" -ge "$lim" ] && [ "$rx" -le $(( lim * (1 + (STORM_MS + 999) / 1000) )) ]
		check_err $? "pgp$n forwarded $rx in $STORM_MS ms with storm-limit $lim"
	done
	ip netns exec "$g1" ping -c 3 -i 0.2 -W 5 $NET.12 > /dev/null
	check_err $? "g1 cannot reach g2 after a limited storm"
	log_test "storm_all_ports: the same with storm-limit $lim on every port: held, the rest counted"
}

tests_run
