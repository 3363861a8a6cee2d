#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# L2 forwarding benchmark: vswitch against the Linux bridge, in one VM boot.
# Runs as root inside the test VM (`make bench [KVER=6.12]`, or
# `selftests/vm-run [--kver K] -- bench/l2.sh`). A benchmark, not a test:
# it prints figures and ratios and exits 0 unless the setup failed.
#
# Method: one VM boot, interleaved rounds, medians and paired ratios.
#
# 1. Packet rate. pktgen sends 60-byte frames (clone_skb 0, burst 1: veth
#    does not take shared skbs) into veth vA -> vAp, a port, ... vBp, a
#    port -> vB, and the rate is vB's rx_packets over pktgen's run time.
#    The frames go to a static unicast MAC behind vBp that is not vB's, so
#    vB drops them as OTHERHOST at the same cost for every configuration:
#      D  one direct veth hop (the ceiling)
#      M  two veth hops joined by tc matchall mirred (no L2 logic)
#      B  Linux bridge, static FDB entry for the destination, learning on
#      X  vswitch (mode internal), static entry from `vswctl fdb add`
#      S  vswitch with 16 static entries (the destination one of them)
#      L  as S plus 1M learned entries (fdb-max 0, ageing 0; learned from a
#         pktgen blast with 1M source MACs through a third port)
#      G  as X with every port guard on, on the ingress port g0p and the
#         egress port g1p: mac-guard (mac list), ip-guard (static address),
#         dhcp-guard, router-guard, storm-limit 100000000, promisc deny;
#         isolated on g0p only (two isolated ports do not talk). pktgen's
#         frames are IPv4 UDP (ports 9 -> 9) from SRC and SRCIP, the MAC
#         and address bound to g0p, to a known unicast MAC, so that every
#         guard looks at them and none drops one: after the rate runs g0p's
#         drop counters (`vswctl -j -s port show`) must all be 0, and 1000
#         frames from an unbound address must be counted drop_ip_guard,
#         1000 from an unlisted MAC drop_mac_guard, else a setup failure.
#         Target: G/X (guards on/off) >= 0.9.
#    All seven are interleaved in every round: ROUNDS rounds of COUNT
#    frames per configuration, each round sent in SLICES slices of
#    COUNT/SLICES frames that go D M B X S L G, M B X S L G D, ... so that a
#    burst of load on the host (other VMs: TCG vCPUs are host threads) hits
#    all seven alike; a configuration's rate in a round is its frames
#    delivered over the summed pktgen run time. Medians and ranges over the
#    rounds, and the medians of the ratios paired within a round, are
#    reported.
# 2. TCP: iperf3 between two namespaces through B and through X, with the
#    veths' offloads at their defaults ("on": tso, gso, tx checksum on; veth
#    GRO is off by default) and off (tso gso gro tx off on all four).
#
# TCG makes absolute numbers meaningless: compare the ratios only.
#
# Environment (passed into the VM by vm-run):
#   VSWITCH_BENCH_ROUNDS (5)  VSWITCH_BENCH_COUNT (400000)
#   VSWITCH_BENCH_SLICES (8; 1 = each round's COUNT frames in one go)
#   VSWITCH_BENCH_FDB (1000000)  VSWITCH_BENCH_TCP_TIME (10, seconds)
#   VSWITCH_BENCH_TCP_RUNS (3)  VSWITCH_BENCH_TCP (1; 0 skips TCP)

set -u
cd "$(dirname "$0")/.." || exit 1
export PATH="$PWD/tools:$PATH"

ROUNDS=${VSWITCH_BENCH_ROUNDS:-5}
COUNT=${VSWITCH_BENCH_COUNT:-400000}
SLICES=${VSWITCH_BENCH_SLICES:-8}
FDB_N=${VSWITCH_BENCH_FDB:-1000000}
TCP_TIME=${VSWITCH_BENCH_TCP_TIME:-10}
TCP_RUNS=${VSWITCH_BENCH_TCP_RUNS:-3}
TCP=${VSWITCH_BENCH_TCP:-1}

PG=/proc/net/pktgen
SRC=02:5a:00:00:00:01		# the single source of the rate runs
SRCIP=192.0.2.1			# its IPv4 source address (every pktgen run)
BADIP=192.0.2.99		# G's ip-guard check: an address not bound
BADMAC=02:5a:00:00:00:99	# G's mac-guard check: a MAC not listed
DST=02:5a:00:00:ff:01		# static, behind the egress port
EXTRA=02:5a:00:00:fe		# :01..:0f, the 15 other static entries of S, L
SELF=02:5a:00:00:ee:02		# static behind L's third port (blast target)
BLAST=02:5b:00:00:00:00		# first of the FDB_N blast sources
CONFS=(D M B X S L G)
NS_T=()

log() { printf 'l2: [%4ds] %s\n' "$SECONDS" "$*"; }

cleanup() {
	local ns d

	for ns in "${NS_T[@]}"; do
		ip netns pids "$ns" 2> /dev/null | xargs -r kill 2> /dev/null
		ip netns del "$ns" 2> /dev/null
	done
	[ -d $PG ] && echo rem_device_all > $PG/kpktgend_0 2> /dev/null
	for d in d0 m0 m1 b0 b1 x0 x1 s0 s1 l0 l1 l2 g0 g1 br0 br1 sw0 sw1 \
		 sw2 sw3 sw4 tb1p tb2p tx1p tx2p; do
		ip link del "$d" 2> /dev/null
	done
}

die() {
	echo "l2: SETUP FAILED: $*" >&2
	cleanup
	exit 1
}

trap cleanup EXIT

for c in ip tc bridge vswctl ethtool iperf3 jq awk; do
	command -v $c > /dev/null || die "$c is not installed"
done
modprobe vswitch || die "modprobe vswitch"
[ -d $PG ] || modprobe pktgen || die "modprobe pktgen"
[ -d $PG ] || die "no $PG"

sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1

# veth_pair A B: a veth pair, both ends up.
veth_pair() {
	ip link add "$1" type veth peer name "$2" || die "veth $1 $2"
	ip link set "$1" up && ip link set "$2" up || die "up $1 $2"
}

# vsw_new NAME PORT...: an internal-mode vswitch, up, with PORTs.
vsw_new() {
	local sw=$1 p

	shift
	vswctl switch add "$sw" mode internal || die "switch add $sw"
	for p; do vswctl port add "$sw" "$p" || die "port add $sw $p"; done
	ip link set "$sw" up || die "$sw up"
}

setup_rate() {
	local i

	cleanup
	# D
	veth_pair d0 d1
	# M
	veth_pair m0 m0p
	veth_pair m1p m1
	tc qdisc add dev m0p clsact || die "clsact"
	tc filter add dev m0p ingress matchall \
		action mirred egress redirect dev m1p || die "mirred"
	# B
	veth_pair b0 b0p
	veth_pair b1p b1
	ip link add br0 type bridge || die "bridge"
	ip link set b0p master br0 && ip link set b1p master br0 ||
		die "bridge ports"
	ip link set br0 up
	bridge fdb add $DST dev b1p master static || die "bridge fdb add"
	# X
	veth_pair x0 x0p
	veth_pair x1p x1
	vsw_new sw0 x0p x1p
	vswctl fdb add sw0 $DST dev x1p || die "vswctl fdb add sw0"
	# S: 16 static entries
	veth_pair s0 s0p
	veth_pair s1p s1
	vsw_new sw1 s0p s1p
	vswctl switch set sw1 fdb-max 0 ageing 0 || die "switch set sw1"
	vswctl fdb add sw1 $DST dev s1p || die "vswctl fdb add sw1"
	# L: the same 16, plus FDB_N learned behind a third port
	veth_pair l0 l0p
	veth_pair l1p l1
	veth_pair l2 l2p
	vsw_new sw2 l0p l1p l2p
	vswctl switch set sw2 fdb-max 0 ageing 0 || die "switch set sw2"
	vswctl fdb add sw2 $DST dev l1p || die "vswctl fdb add sw2"
	vswctl fdb add sw2 $SELF dev l2p || die "vswctl fdb add sw2 self"
	for i in $(seq 1 15); do
		vswctl fdb add sw1 "$EXTRA:$(printf %02x "$i")" dev s1p &&
		vswctl fdb add sw2 "$EXTRA:$(printf %02x "$i")" dev l1p ||
			die "static entries"
	done
	# G: X with every guard on both ports. g0 (pktgen) is the guest of
	# g0p: SRC, SRCIP; g1's own MAC and DST are behind g1p, which gets an
	# address of its own. Isolated on the ingress port only.
	veth_pair g0 g0p
	veth_pair g1p g1
	vsw_new sw4 g0p g1p
	vswctl fdb add sw4 $DST dev g1p || die "vswctl fdb add sw4"
	vswctl port set g0p mac-guard on mac $SRC ip-guard on ip $SRCIP \
		dhcp-guard on router-guard on isolated on \
		storm-limit 100000000 promisc deny || die "port set g0p (guards)"
	vswctl port set g1p mac-guard on mac "$(cat /sys/class/net/g1/address),$DST" \
		ip-guard on ip 192.0.2.2 dhcp-guard on router-guard on \
		isolated off storm-limit 100000000 promisc deny ||
		die "port set g1p (guards)"
	guards_check g0p true
	guards_check g1p false
}

# port_json PORT: PORT's object from `vswctl -j -s port show` (with stats).
port_json() {
	vswctl -j -s port show | jq -c --arg p "$1" '.[] | select(.ifname == $p)'
}

# guards_check PORT ISOLATED: every guard of G on, as vswctl shows it.
guards_check() {
	local j

	j=$(port_json "$1")
	[ -n "$j" ] || die "no port $1 in vswctl port show"
	echo "$j" | jq -e --argjson iso "$2" '.mac_guard == true and
		.ip_guard == true and .dhcp_guard == true and
		.router_guard == true and .isolated == $iso and
		.storm_limit == 100000000 and .promisc == "deny" and
		(.macs | length) >= 1 and (.ips | length) >= 1' \
		> /dev/null || die "$1: guards not all set: $j"
}

# drops PORT: DROPS = "reason=count" for each nonzero drop counter of
# PORT, "" if none; dies if vswctl prints no stats or not the guards'.
drops() {
	local j

	j=$(port_json "$1")
	echo "$j" | jq -e '.stats | has("drop_mac_guard") and has("drop_ip_guard")
		and has("drop_dhcp_guard") and has("drop_router_guard")
		and has("drop_storm") and has("drop_isolated")' > /dev/null ||
		die "$1: no guard drop counters in vswctl -j -s port show: $j"
	DROPS=$(echo "$j" | jq -r '[.stats | to_entries[] |
		select((.key | startswith("drop_")) and .value != 0) |
		"\(.key)=\(.value)"] | join(" ")')
}

# drop_count PORT REASON: one drop counter of PORT.
drop_count() {
	port_json "$1" | jq -r --arg k "$2" '.stats[$k]'
}

# pg_run DEV COUNT SRC_MAC SRC_MAC_COUNT DST_MAC [SRC_IP]: send IPv4 UDP
# frames from SRC_IP (default SRCIP) to 10.255.255.254; PG_USEC = run time.
# Shell builtins only (forks are slow under TCG); every setting is checked
# on a device's first run.
declare -A PG_CHECKED=()

# pg_idle: wait until kpktgend_0 has no device. rem_device_all is only a
# request the thread carries out later (the write waits 125 ms): a device
# added before that would be removed with the others, and removing one that
# runs logs a WARNING.
pg_idle() {
	local line busy i

	for i in $(seq 1 100); do
		busy=
		while read -r line; do
			case $line in
			Running:?*|Stopped:?*) busy=1 ;;
			esac
		done < $PG/kpktgend_0
		[ -z "$busy" ] && return 0
		sleep 0.1
	done
	die "pktgen: kpktgend_0 keeps its devices"
}

pg_run() {
	local dev=$1 ip=${6:-$SRCIP} line res=

	echo rem_device_all > $PG/kpktgend_0
	pg_idle
	echo "add_device $dev" > $PG/kpktgend_0 || die "pktgen add_device $dev"
	for line in "count $2" "clone_skb 0" "burst 1" "pkt_size 60" \
		    "delay 0" "src_mac $3" "src_mac_count $4" "dst_mac $5" \
		    "dst 10.255.255.254" "src_min $ip" "src_max $ip"; do
		echo "$line" > $PG/"$dev" || die "pktgen $dev: $line"
		[ -n "${PG_CHECKED[$dev]:-}" ] && continue
		grep -q "^Result: OK" $PG/"$dev" ||
			die "pktgen $dev: $line: $(grep ^Result $PG/"$dev")"
	done
	PG_CHECKED[$dev]=1
	echo start > $PG/pgctrl
	while read -r line; do
		case $line in "Result: OK: "*) res=${line#Result: OK: } ;; esac
	done < $PG/"$dev"
	PG_USEC=${res%%(*}
	case $PG_USEC in ''|*[!0-9]*|0)
		die "pktgen $dev: $(grep -A1 ^Result $PG/"$dev")" ;;
	esac
}


declare -A TXDEV=([D]=d0 [M]=m0 [B]=b0 [X]=x0 [S]=s0 [L]=l0 [G]=g0)
declare -A RXDEV=([D]=d1 [M]=m1 [B]=b1 [X]=x1 [S]=s1 [L]=l1 [G]=g1)
declare -A RATES=()
declare -A LAST=()

declare -A RX=() USEC=()

# send CONF N: N frames through CONF; adds to RX[CONF] and USEC[CONF].
send() {
	local c=$1 n=$2 rx0 rx1

	read -r rx0 < /sys/class/net/"${RXDEV[$c]}"/statistics/rx_packets
	pg_run "${TXDEV[$c]}" "$n" $SRC 0 $DST
	read -r rx1 < /sys/class/net/"${RXDEV[$c]}"/statistics/rx_packets
	RX[$c]=$(( ${RX[$c]:-0} + rx1 - rx0 ))
	USEC[$c]=$(( ${USEC[$c]:-0} + PG_USEC ))
}

# rate CONF N: print and record (LAST) the rate of what send() summed.
rate() {
	local c=$1 n=$2 pps

	pps=$(( RX[$c] * 1000000 / USEC[$c] ))
	LAST[$c]=$pps
	printf 'l2:   %s %7d pps  (%d of %d delivered in %d us)\n' \
		"$c" "$pps" "${RX[$c]}" "$n" "${USEC[$c]}"
	RX[$c]=0
	USEC[$c]=0
}

# stats V...: "median min max" (numbers, any format awk reads)
stats() {
	printf '%s\n' "$@" | sort -g | awk '
		{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%s %s %s\n", m, v[1], v[NR] }'
}

med() { stats "$@" | awk '{ print $1 }'; }
calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? "yes" : "NO" }'; }

switch_field() {	# switch_field SWITCH FIELD
	vswctl switch show "$1" | awk -v k="$2" '
		NR == 1 { for (i = 2; i < NF; i += 2) if ($i == k) print $(i + 1) }'
}

# ---------------------------------------------------------------- rates
log "kernel $(uname -r), $(nproc) CPUs, $ROUNDS rounds of $COUNT frames"
setup_rate

log "learning $FDB_N source MACs into sw2 (pktgen from l2, src $BLAST + $FDB_N)"
t0=$(date +%s)
for try in 1 2 3; do
	pg_run l2 "$FDB_N" $BLAST "$FDB_N" $SELF
	learned=$(switch_field sw2 fdb-count)
	log "  blast $try: $(( FDB_N * 1000000 / PG_USEC )) pps sent, fdb-count $learned"
	[ "${learned:-0}" -ge "$FDB_N" ] && break
done
log "  took $(( $(date +%s) - t0 )) s; vswctl switch show sw2:"
vswctl switch show sw2 | sed 's/^/l2:     /'
vswctl switch show sw1 | sed 's/^/l2:     /'

log "warm-up (20000 frames each)"
for c in "${CONFS[@]}"; do send "$c" 20000; rate "$c" 20000; done
# pktgen really sends from SRCIP (G's ip-guard checks it).
grep -Eq "cur_saddr[:=] *${SRCIP//./\\.}[[:space:]]" $PG/g0 ||
	die "pktgen g0: source address is not $SRCIP: $(grep cur_saddr $PG/g0)"
log "G's ports (vswctl port show sw4):"
vswctl port show sw4 | sed 's/^/l2:     /'

declare -A RATIO=()
nc=${#CONFS[@]}
for r in $(seq 1 "$ROUNDS"); do
	log "round $r ($SLICES slices of $(( COUNT / SLICES )) frames)"
	for s in $(seq 1 "$SLICES"); do
		for i in "${!CONFS[@]}"; do
			send "${CONFS[$(( (i + r + s) % nc ))]}" $(( COUNT / SLICES ))
		done
	done
	for c in "${CONFS[@]}"; do
		rate "$c" $(( COUNT / SLICES * SLICES ))
		RATES[$c]="${RATES[$c]:-} ${LAST[$c]}"
	done
	# paired (same round) ratios
	RATIO[XB]="${RATIO[XB]:-} $(calc %.4f "${LAST[X]} / ${LAST[B]}")"
	RATIO[XM]="${RATIO[XM]:-} $(calc %.4f "${LAST[X]} / ${LAST[M]}")"
	RATIO[BM]="${RATIO[BM]:-} $(calc %.4f "${LAST[B]} / ${LAST[M]}")"
	RATIO[LS]="${RATIO[LS]:-} $(calc %.4f "${LAST[L]} / ${LAST[S]}")"
	RATIO[GX]="${RATIO[GX]:-} $(calc %.4f "${LAST[G]} / ${LAST[X]}")"
done

log "vswitch counters after the rate runs:"
vswctl -s port show | sed 's/^/l2:     /'
learned_after=$(switch_field sw2 fdb-count)

# G: no frame of the rate runs dropped by g0p's guards (or for any other
# reason), and the guards do drop what they must: 1000 frames from an
# unbound address, 1000 from an unlisted MAC.
drops g0p
[ -z "$DROPS" ] ||
	die "G: frames dropped at g0p with every guard on: $DROPS" \
	    "(pktgen's frames must pass every guard)"
for chk in "drop_ip_guard $SRC $BADIP" "drop_mac_guard $BADMAC $SRCIP"; do
	read -r reason mac ip <<< "$chk"
	before=$(drop_count g0p "$reason")
	pg_run g0 1000 "$mac" 0 $DST "$ip"
	after=$(drop_count g0p "$reason")
	[ $(( after - before )) = 1000 ] ||
		die "G: 1000 frames from $mac $ip: $reason $before -> $after, not +1000"
done
drops g0p
log "G: no drop at g0p in the rate runs; unbound address and MAC dropped ($DROPS)"

declare -A MED=() RANGE=()
for c in "${CONFS[@]}"; do
	# shellcheck disable=SC2086
	read -r m lo hi < <(stats ${RATES[$c]})
	MED[$c]=$m
	RANGE[$c]="$lo-$hi"
done
declare -A RATIO_P=()
for k in XB XM BM LS GX; do
	# shellcheck disable=SC2086
	read -r m lo hi < <(stats ${RATIO[$k]})
	RATIO_P[$k]="$(calc %.3f "$m") [$(calc %.3f "$lo")-$(calc %.3f "$hi")]"
done

cleanup
NS_T=()

# ---------------------------------------------------------------- TCP
# tcp_setup KIND NS1 NS2 P1 P2: NS1 --veth-- P1 [KIND] P2 --veth-- NS2.
tcp_setup() {
	local kind=$1 n1=$2 n2=$3 p1=$4 p2=$5 sw=$6 ns

	for ns in "$n1" "$n2"; do
		ip netns add "$ns" || die "netns $ns"
		NS_T+=("$ns")
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	done
	ip link add "$p1" type veth peer name eth0 netns "$n1" || die "veth $p1"
	ip link add "$p2" type veth peer name eth0 netns "$n2" || die "veth $p2"
	ip -n "$n1" addr add 10.77.0.1/24 dev eth0
	ip -n "$n2" addr add 10.77.0.2/24 dev eth0
	ip -n "$n1" link set eth0 up
	ip -n "$n2" link set eth0 up
	if [ "$kind" = bridge ]; then
		ip link add "$sw" type bridge || die "bridge $sw"
		ip link set "$p1" master "$sw" && ip link set "$p2" master "$sw" ||
			die "bridge ports"
		ip link set "$sw" up
	else
		vsw_new "$sw" "$p1" "$p2"
	fi
	ip link set "$p1" up
	ip link set "$p2" up
	ip netns exec "$n2" iperf3 -s -D || die "iperf3 -s in $n2"
}

# offloads NS1 NS2 P1 P2 on|off: "on" leaves the defaults alone (veth:
# TSO, GSO and checksum offload on, GRO off).
offloads() {
	local v=$5

	[ "$v" = on ] && return 0

	ip netns exec "$1" ethtool -K eth0 tso "$v" gso "$v" gro "$v" tx "$v" > /dev/null 2>&1
	ip netns exec "$2" ethtool -K eth0 tso "$v" gso "$v" gro "$v" tx "$v" > /dev/null 2>&1
	ethtool -K "$3" tso "$v" gso "$v" gro "$v" tx "$v" > /dev/null 2>&1
	ethtool -K "$4" tso "$v" gso "$v" gro "$v" tx "$v" > /dev/null 2>&1
	return 0
}

# tcp NS1: Gbit/s received, one iperf3 run.
tcp() {
	local out

	out=$(ip netns exec "$1" iperf3 -c 10.77.0.2 -t "$TCP_TIME" -J 2> /dev/null)
	echo "$out" | jq -r '.end.sum_received.bits_per_second / 1e9 * 1000 | round / 1000' \
		2> /dev/null || echo 0
}

declare -A TCPR=()
if [ "$TCP" = 1 ]; then
	tcp_setup bridge tcpb1 tcpb2 tb1p tb2p br1
	tcp_setup vswitch tcpx1 tcpx2 tx1p tx2p sw3
	sleep 1
	ip netns exec tcpb1 ping -c 1 -W 2 10.77.0.2 > /dev/null || die "no ping through br1"
	ip netns exec tcpx1 ping -c 1 -W 2 10.77.0.2 > /dev/null || die "no ping through sw3"
	for off in on off; do
		offloads tcpb1 tcpb2 tb1p tb2p $off
		offloads tcpx1 tcpx2 tx1p tx2p $off
		log "TCP, offloads $off ($TCP_RUNS x ${TCP_TIME} s); tb1p:" \
		    "$(ethtool -k tb1p | grep -E '^(tcp-segmentation-offload|generic-receive-offload|tx-checksumming):' | tr -s ' \n' ' ')"
		for r in $(seq 1 "$TCP_RUNS"); do
			if [ $(( r % 2 )) = 1 ]; then order="B X"; else order="X B"; fi
			for c in $order; do
				if [ $c = B ]; then g=$(tcp tcpb1); else g=$(tcp tcpx1); fi
				TCPR[$c$off]="${TCPR[$c$off]:-} $g"
				printf 'l2:   %s %.3f Gbit/s\n' $c "$g"
			done
		done
	done
fi

# ---------------------------------------------------------------- summary
echo
echo "=== L2 benchmark summary: $(uname -r), $(nproc) vCPUs, TCG: ratios only ==="
echo "rate D=${MED[D]} M=${MED[M]} B=${MED[B]} X=${MED[X]} pps" \
     "(medians of $ROUNDS x $COUNT frames)"
echo "range D=${RANGE[D]} M=${RANGE[M]} B=${RANGE[B]} X=${RANGE[X]}"
echo "ratio X/B=$(calc %.3f "${MED[X]} / ${MED[B]}")" \
     "X/M=$(calc %.3f "${MED[X]} / ${MED[M]}")" \
     "B/M=$(calc %.3f "${MED[B]} / ${MED[M]}")" \
     "M/D=$(calc %.3f "${MED[M]} / ${MED[D]}")"
echo "ratio paired per round: X/B=${RATIO_P[XB]} X/M=${RATIO_P[XM]} B/M=${RATIO_P[BM]}"
echo "logic ns/pkt X=$(calc %.0f "1e9 / ${MED[X]} - 1e9 / ${MED[M]}")" \
     "B=$(calc %.0f "1e9 / ${MED[B]} - 1e9 / ${MED[M]}")" \
     "(1e9/rate - 1e9/M)"
echo "fdb S16=${MED[S]} L1M=${MED[L]} pps, range S16=${RANGE[S]} L1M=${RANGE[L]}," \
     "learned=${learned_after:-?}"
echo "fdb 1M/16=$(calc %.3f "${MED[L]} / ${MED[S]}") (paired ${RATIO_P[LS]})"
g_x=$(calc %.3f "${MED[G]} / ${MED[X]}")
echo "guards G=${MED[G]} X=${MED[X]} pps, range G=${RANGE[G]} X=${RANGE[X]}," \
     "cost ns/pkt=$(calc %.0f "1e9 / ${MED[G]} - 1e9 / ${MED[X]}")" \
     "(1e9/G - 1e9/X)"
echo "guards on/off G/X=$g_x (paired ${RATIO_P[GX]});" \
     "target >= 0.9: $(ge "$g_x" 0.9)/$(ge "${RATIO_P[GX]%% *}" 0.9)" \
     "(ratio of the medians/median of the paired ratios)"
if [ "$TCP" = 1 ]; then
	for off in on off; do
		# shellcheck disable=SC2086
		b=$(med ${TCPR[B$off]}); x=$(med ${TCPR[X$off]})
		echo "tcp offload $off B=$(calc %.3f "$b") X=$(calc %.3f "$x") Gbit/s" \
		     "X/B=$(calc %.3f "$x / $b")" \
		     "(median of $TCP_RUNS x ${TCP_TIME} s; B:${TCPR[B$off]} X:${TCPR[X$off]})"
	done
fi
exit 0
