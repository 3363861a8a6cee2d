#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bridged benchmark: vswitch mode bridged against the Linux bridge on the
# same uplink, in one VM boot. Runs as root inside the test VM
# (`make bench B=bridged [KVER=6.12]`, or
# `selftests/vm-run [--kver K] -- bench/bridged.sh`). A benchmark, not a
# test: it prints figures and ratios and exits 0 unless the setup failed
# (vswitch bridged unavailable counts as a failed setup: the bridge side is
# still measured and printed, then the exit code is 1).
#
# Topology (namespaces and veths; "the host" is the VM's root namespace):
#
#   g1  eth0 192.168.77.50/24 --veth-- gp1 [guest port]  host: up0 (uplink)
#                                                         --veth-- lan eth0
#                                                         192.168.77.100/24:
#                                                         iperf3 -s, counts pps
#   X  vswitch: `vswctl switch add sw0 mode bridged uplink up0`,
#      `vswctl port add sw0 gp1`; the host's 192.168.77.1/24 stays on up0.
#   B  Linux bridge br0 (stp_state 0, vlan_filtering 0, default ageing):
#      `ip link set up0 master br0`, `ip link set gp1 master br0`. As a
#      bridge user must, the host's 192.168.77.1/24 moves from up0 to br0
#      while B is in place, and back to up0 when B is torn down (what
#      bridged mode spares the admin). The measures are guest -> LAN and
#      do not involve the host's address. bridge-nf-call-* are set to 0
#      when br_netfilter is loaded.
# One setup at a time on the same veths: the other one is torn down before
# a setup is built; after each setup a ping from g1 to the LAN server
# checks the path and teaches both switches the two MACs.
#
# Measures, guest -> LAN:
#   tcp      iperf3 -c 192.168.77.100 -t TCP_TIME from g1, veth offloads
#            at their defaults (tso, gso, tx checksum on; gro off): bytes
#            the server received over its receive time, in Gbit/s
#   tcp-off  the same with tso gso gro tx off on all four veth ends
#            (g1 eth0, gp1, up0, lan eth0)
#   pps      pktgen on g1's eth0 (in g1), 60-byte frames (64 on the wire
#            with the FCS), clone_skb 0, burst 1, to the LAN server's MAC
#            (IP destination 10.255.255.254: the server's stack drops them
#            at its route lookup, forwarding off, the same for B and X):
#            the LAN end's rx_packets over pktgen's run time, as bench/l2.sh
# ROUNDS rounds of SLICES slices; a slice runs tcp, pps and tcp-off in
# turn, each through B then X or X then B, alternating measure to measure
# and slice to slice, so that a burst of load on the host (TCG vCPUs are
# host threads; other VMs) hits both alike. A setup's figure in a round is
# the sum over its slices (bytes, frames) over the summed run time.
# Medians and ranges over the rounds, X/B of the medians and the median
# and range of the X/B ratios paired within a round are reported.
# Target: X/B >= 1.0.
#
# TCG makes absolute numbers meaningless: compare the ratios only.
#
# Environment (passed into the VM by vm-run):
#   VSWITCH_BENCH_BR_ROUNDS (5)  VSWITCH_BENCH_BR_SLICES (3)
#   VSWITCH_BENCH_BR_TCP_TIME (2, seconds per slice; iperf3 -t, integer)
#   VSWITCH_BENCH_BR_COUNT (150000, frames per setup per round)
#   VSWITCH_BENCH_BR_TCP_OFF (1; 0 skips tcp-off)

set -u
cd "$(dirname "$0")/.." || exit 1
export PATH="$PWD/tools:$PATH"

ROUNDS=${VSWITCH_BENCH_BR_ROUNDS:-5}
SLICES=${VSWITCH_BENCH_BR_SLICES:-3}
TCP_TIME=${VSWITCH_BENCH_BR_TCP_TIME:-2}
COUNT=${VSWITCH_BENCH_BR_COUNT:-150000}
TCP_OFF=${VSWITCH_BENCH_BR_TCP_OFF:-1}

HOST_ADDR=192.168.77.1/24
SERVER=192.168.77.100
GUEST=192.168.77.50
UPLINK_MAC=02:5a:77:00:00:01
SERVER_MAC=02:5a:77:00:00:64
GUEST_MAC=02:5a:77:00:00:32
PG_DST=10.255.255.254
NS_T=(lan g1)
X_OK=1		# 0: vswitch bridged unavailable, X_WHY says why
X_WHY=
SETUP=		# the setup in place: B, X or none

log() { printf 'bridged: [%4ds] %s\n' "$SECONDS" "$*"; }

cleanup() {
	local ns d

	ip netns exec g1 sh -c 'echo rem_device_all > /proc/net/pktgen/kpktgend_0' \
		2> /dev/null
	for ns in "${NS_T[@]}"; do
		ip netns pids "$ns" 2> /dev/null | xargs -r kill 2> /dev/null
		ip netns del "$ns" 2> /dev/null
	done
	for d in sw0 br0 up0 gp1; do
		ip link del "$d" 2> /dev/null
	done
	SETUP=
}

die() {
	echo "bridged: SETUP FAILED: $*" >&2
	cleanup
	exit 1
}

trap cleanup EXIT

for c in ip vswctl ethtool iperf3 ping jq awk; do
	command -v $c > /dev/null || die "$c is not installed"
done
[ -d /proc/net/pktgen ] || modprobe pktgen || die "modprobe pktgen"
[ -d /proc/net/pktgen ] || die "no /proc/net/pktgen"

sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
sysctl -qw net.ipv4.ip_forward=0
for f in /proc/sys/net/bridge/bridge-nf-call-{iptables,ip6tables,arptables}; do
	[ -e "$f" ] && echo 0 > "$f"
done

# stats V...: "median min max" (numbers, any format awk reads)
stats() {
	printf '%s\n' "$@" | sort -g | awk '
		{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%s %s %s\n", m, v[1], v[NR] }'
}

calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }

# ---------------------------------------------------------------- setups
# x_unavailable WHY: measure B only from here on.
x_unavailable() {
	X_OK=0
	X_WHY=$*
	log "vswitch bridged unavailable: $X_WHY"
	log "measuring the bridge side (B) only"
	ip link del sw0 2> /dev/null
	[ "$SETUP" = X ] && SETUP=
	ip -4 addr show dev up0 | grep -q "inet $HOST_ADDR " ||
		ip addr add $HOST_ADDR dev up0 2> /dev/null
}

# setup_x: 0, or 1 after x_unavailable.
setup_x() {
	local out

	if ! out=$(vswctl switch add sw0 mode bridged uplink up0 2>&1); then
		x_unavailable "vswctl switch add sw0 mode bridged uplink up0: $out"
		return 1
	fi
	if ! out=$(vswctl port add sw0 gp1 2>&1); then
		x_unavailable "vswctl port add sw0 gp1: $out"
		return 1
	fi
	ip link set sw0 up || die "sw0 up"
	ip link set gp1 up || die "gp1 up"
	SETUP=X
}

# teardown_x: sw0 deleted; its counters kept in X_STATS.
X_STATS=
teardown_x() {
	local out

	X_STATS=$(vswctl -s port show sw0 2>&1)
	out=$(vswctl switch del sw0 2>&1) || die "vswctl switch del sw0: $out"
	SETUP=
}

setup_b() {
	ip link add br0 type bridge stp_state 0 vlan_filtering 0 || die "bridge br0"
	ip addr flush dev up0 || die "flush up0"
	ip link set up0 master br0 || die "up0 master br0"
	ip link set gp1 master br0 || die "gp1 master br0"
	ip addr add $HOST_ADDR dev br0 || die "addr br0"
	ip link set br0 up || die "br0 up"
	ip link set gp1 up || die "gp1 up"
	SETUP=B
}

teardown_b() {
	ip link del br0 || die "ip link del br0"
	ip addr add $HOST_ADDR dev up0 || die "addr up0"
	SETUP=
}

# ping_guest: a ping from g1 to the server (up to 3 tries); 1 if none.
ping_guest() {
	local i

	for i in 1 2 3; do
		ip netns exec g1 ping -q -c 1 -W 2 $SERVER > /dev/null 2>&1 && return 0
	done
	return 1
}

# use CONF: CONF in place (the other torn down first), the path checked.
use() {
	[ "$1" = "$SETUP" ] && return 0
	case $SETUP in
	B) teardown_b ;;
	X) teardown_x ;;
	esac
	if [ "$1" = B ]; then
		setup_b
		ping_guest || die "no ping from g1 to $SERVER through br0"
	else
		setup_x || die "vswitch bridged: $X_WHY"
		ping_guest || die "no ping from g1 to $SERVER through sw0" \
				  "(it worked before); vswctl -s port show:" \
				  "$(vswctl -s port show sw0 2>&1)"
	fi
}

# offloads on|off: tso gso tx (and gro off) on the four veth ends; "on"
# is veth's default.
OFFLOADS=on
offloads() {
	local v=$1 gro=$1

	[ "$v" = "$OFFLOADS" ] && return 0
	[ "$v" = on ] && gro=off
	ip netns exec g1 ethtool -K eth0 tso "$v" gso "$v" gro "$gro" tx "$v" > /dev/null 2>&1
	ip netns exec lan ethtool -K eth0 tso "$v" gso "$v" gro "$gro" tx "$v" > /dev/null 2>&1
	ethtool -K gp1 tso "$v" gso "$v" gro "$gro" tx "$v" > /dev/null 2>&1
	ethtool -K up0 tso "$v" gso "$v" gro "$gro" tx "$v" > /dev/null 2>&1
	OFFLOADS=$v
}

features() {
	ethtool -k "$1" |
		grep -E '^(tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload|tx-checksumming):' |
		tr -s ' \n' ' '
}

# ---------------------------------------------------------------- pktgen
# pg_ns DEV COUNT SRC_MAC DST_MAC DST_IP: run inside g1 (ip netns exec:
# pktgen is per network namespace); sends COUNT 60-byte frames and prints
# pktgen's run time in us, or "ERR why". Shell builtins around pktgen
# (forks are slow under TCG). rem_device_all is only a request kpktgend_0
# carries out later: wait until it holds no device before adding one.
# shellcheck disable=SC2317	# run through declare -f
pg_ns() {
	local pg=/proc/net/pktgen dev=$1 line res='' busy=1 i

	echo rem_device_all > "$pg"/kpktgend_0 || { echo "ERR rem_device_all"; return 1; }
	for i in $(seq 1 100); do
		busy=
		while read -r line; do
			case $line in Running:?*|Stopped:?*) busy=1 ;; esac
		done < "$pg"/kpktgend_0
		[ -z "$busy" ] && break
		sleep 0.1
	done
	[ -z "$busy" ] || { echo "ERR kpktgend_0 keeps its devices"; return 1; }
	echo "add_device $dev" > "$pg"/kpktgend_0 || { echo "ERR add_device $dev"; return 1; }
	for line in "count $2" "clone_skb 0" "burst 1" "pkt_size 60" \
		    "delay 0" "src_mac $3" "src_mac_count 0" "dst_mac $4" \
		    "dst $5"; do
		echo "$line" > "$pg"/"$dev" || { echo "ERR $dev: $line"; return 1; }
		res=
		while read -r i; do
			case $i in "Result: OK"*) res=ok ;; esac
		done < "$pg"/"$dev"
		[ "$res" = ok ] || { echo "ERR $dev: $line: not OK"; return 1; }
	done
	echo start > "$pg"/pgctrl
	res=
	while read -r line; do
		case $line in "Result: OK: "*) res=${line#Result: OK: } ;; esac
	done < "$pg"/"$dev"
	res=${res%%(*}
	case $res in ''|*[!0-9]*|0) echo "ERR $dev: no result"; return 1 ;; esac
	echo "$res"
}

lan_rx() { ip netns exec lan cat /sys/class/net/eth0/statistics/rx_packets; }

# pps CONF N: "FRAMES USEC", N frames from g1 to the server's MAC; 1 on
# failure (called in $(...): no die here).
pps() {
	local rx0 rx1 us

	rx0=$(lan_rx) || { echo "bridged: rx_packets of lan eth0" >&2; return 1; }
	us=$(ip netns exec g1 bash -c "$(declare -f pg_ns); pg_ns \"\$@\"" pg_ns \
		eth0 "$2" $GUEST_MAC $SERVER_MAC $PG_DST)
	case $us in
	[1-9]*) ;;
	*) echo "bridged: pktgen in g1 through $1: $us" >&2; return 1 ;;
	esac
	rx1=$(lan_rx) || { echo "bridged: rx_packets of lan eth0" >&2; return 1; }
	echo "$(( rx1 - rx0 )) $us"
}

# tcp CONF: "BYTES SECONDS" received by the server, one iperf3 run of
# TCP_TIME seconds (one retry); 1 on failure.
tcp() {
	local out v try

	for try in 1 2; do
		out=$(ip netns exec g1 iperf3 -c $SERVER -t "$TCP_TIME" -J 2>&1)
		v=$(echo "$out" | jq -r '.end.sum_received | "\(.bytes) \(.seconds)"' 2> /dev/null)
		case $v in [1-9]*" "[0-9]*) echo "$v"; return 0 ;; esac
		echo "bridged: iperf3 through $1 failed (try $try):" \
		     "$(echo "$out" | jq -r '.error // empty' 2> /dev/null || echo "$out" | tail -1)" >&2
		sleep 1
	done
	return 1
}

# ---------------------------------------------------------------- setup
MEASURES=(tcp pps)
[ "$TCP_OFF" = 1 ] && MEASURES=(tcp pps tcp-off)
log "kernel $(uname -r), $(nproc) CPUs, $ROUNDS rounds of $SLICES slices:" \
    "${MEASURES[*]}; tcp ${TCP_TIME} s, pps $(( COUNT / SLICES )) frames per slice"
cleanup

# the LAN: up0 (the uplink, the host's address) --veth-- lan eth0
ip netns add lan || die "netns lan"
ip -n lan link set lo up
ip netns exec lan sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec lan sysctl -qw net.ipv4.ip_forward=0
ip link add up0 address $UPLINK_MAC type veth \
	peer name eth0 address $SERVER_MAC netns lan || die "veth up0"
ip addr add $HOST_ADDR dev up0 || die "addr up0"
ip link set up0 up
ip -n lan addr add $SERVER/24 dev eth0 || die "addr lan"
ip -n lan link set eth0 up
ip netns exec lan iperf3 -s -D || die "iperf3 -s in lan"

# the guest: g1 eth0 --veth-- gp1
ip netns add g1 || die "netns g1"
ip -n g1 link set lo up
ip netns exec g1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link add gp1 type veth peer name eth0 address $GUEST_MAC netns g1 || die "veth gp1"
ip -n g1 addr add $GUEST/24 dev eth0 || die "addr g1"
ip -n g1 link set eth0 up
ip link set gp1 up

if ! out=$(modprobe vswitch 2>&1); then
	x_unavailable "modprobe vswitch: $out"
fi

# B first: if this fails the benchmark is broken, not vswitch.
use B
log "B: br0 with up0 and gp1, host address on br0; up0: $(features up0)"
ping -q -c 1 -W 2 $SERVER > /dev/null 2>&1 || log "  B: note: no ping from the host to $SERVER"
ping -q -c 1 -W 2 $GUEST > /dev/null 2>&1 || log "  B: note: no ping from the host to $GUEST"
teardown_b

# X: refused or no path -> B only, exit 1 at the end.
if [ $X_OK = 1 ] && setup_x; then
	sleep 1
	if ! ping_guest; then
		x_unavailable "no ping from g1 to $SERVER through sw0 (bridged, uplink up0);" \
			      "vswctl -s port show sw0: $(vswctl -s port show sw0 2>&1 | tr '\n' ';')"
	fi
fi
if [ $X_OK = 1 ]; then
	ip -4 addr show dev up0 | grep -q "inet $HOST_ADDR " ||
		log "  X: ODD: the host's $HOST_ADDR is no longer on up0"
	ping -q -c 1 -W 2 $SERVER > /dev/null 2>&1 ||
		log "  X: note: no ping from the host to $SERVER (host address on up0)"
	ping -q -c 1 -W 2 $GUEST > /dev/null 2>&1 ||
		log "  X: note: no ping from the host to $GUEST through the uplink"
	log "X: sw0 bridged, uplink up0; up0: $(features up0)"
	vswctl switch show sw0 | sed 's/^/bridged:     /'
	vswctl port show sw0 | sed 's/^/bridged:     /'
fi
CONFS=(B)
[ $X_OK = 1 ] && CONFS=(B X)

log "warm-up (1 s iperf3 and 20000 frames through each setup)"
for c in "${CONFS[@]}"; do
	use "$c"
	g=$(ip netns exec g1 iperf3 -c $SERVER -t 1 -J |
	    jq -r '.end.sum_received.bits_per_second / 1e9 * 1000 | round / 1000')
	v=$(pps "$c" 20000) || die "pktgen through $c"
	n=${v% *}; us=${v#* }
	log "  $c: tcp $g Gbit/s; pps $(( n * 1000000 / us )) ($n of 20000 frames in $us us)"
done

# ---------------------------------------------------------------- rounds
# run MEASURE CONF: one slice; adds to SUM[MEASURE CONF] and SEC[...].
declare -A SUM=() SEC=() VAL=() LAST=() RATIO=()
run() {
	local v

	use "$2"
	case $1 in
	tcp) offloads on; v=$(tcp "$2") || die "iperf3 through $2" ;;
	tcp-off) offloads off; v=$(tcp "$2") || die "iperf3 through $2" ;;
	pps) offloads on; v=$(pps "$2" $(( COUNT / SLICES ))) || die "pktgen through $2" ;;
	esac
	SUM[$1$2]=$(( ${SUM[$1$2]:-0} + ${v% *} ))
	if [ "$1" = pps ]; then
		SEC[$1$2]=$(( ${SEC[$1$2]:-0} + ${v#* } ))	# us
	else
		SEC[$1$2]=$(calc %.6f "${SEC[$1$2]:-0} + ${v#* }")
	fi
}

for r in $(seq 1 "$ROUNDS"); do
	log "round $r"
	for s in $(seq 1 "$SLICES"); do
		for i in "${!MEASURES[@]}"; do
			if [ $(( (r + s + i) % 2 )) = 0 ]; then order="B X"; else order="X B"; fi
			[ $X_OK = 1 ] || order=B
			for c in $order; do run "${MEASURES[$i]}" "$c"; done
		done
	done
	for c in "${CONFS[@]}"; do
		for m in "${MEASURES[@]}"; do
			if [ "$m" = pps ]; then
				LAST[$m$c]=$(( ${SUM[$m$c]} * 1000000 / ${SEC[$m$c]} ))
			else
				LAST[$m$c]=$(calc %.4f "${SUM[$m$c]} * 8 / ${SEC[$m$c]} / 1e9")
			fi
		done
		printf 'bridged:   %s tcp %7.3f Gbit/s  ' "$c" "${LAST[tcp$c]}"
		[ "$TCP_OFF" = 1 ] && printf 'tcp-off %7.3f Gbit/s  ' "${LAST[tcp-off$c]}"
		printf 'pps %7d  (%d of %d frames in %d us)\n' "${LAST[pps$c]}" \
			"${SUM[pps$c]}" $(( COUNT / SLICES * SLICES )) "${SEC[pps$c]}"
		for m in "${MEASURES[@]}"; do
			VAL[$m$c]="${VAL[$m$c]:-} ${LAST[$m$c]}"
			SUM[$m$c]=0
			SEC[$m$c]=0
		done
	done
	if [ $X_OK = 1 ]; then
		for m in "${MEASURES[@]}"; do
			RATIO[$m]="${RATIO[$m]:-} $(calc %.4f "${LAST[${m}X]} / ${LAST[${m}B]}")"
		done
	fi
done
offloads on

if [ $X_OK = 1 ]; then
	[ "$SETUP" = X ] && X_STATS=$(vswctl -s port show sw0 2>&1)
	log "counters of sw0 in the last X setup (one slice's measure; vswctl -s port show sw0):"
	while IFS= read -r line; do echo "bridged:     $line"; done <<< "$X_STATS"
fi

# ---------------------------------------------------------------- summary
echo
echo "=== Bridged benchmark summary: $(uname -r), $(nproc) vCPUs, TCG: ratios only ==="
echo "B = Linux bridge (up0 + gp1, host address moved to br0), X = vswitch mode" \
     "bridged uplink up0; guest -> LAN, medians of $ROUNDS rounds"
met=
for m in "${MEASURES[@]}"; do
	case $m in
	tcp) unit=Gbit/s; fmt=%.3f; what="$SLICES x ${TCP_TIME} s iperf3, offloads on" ;;
	tcp-off) unit=Gbit/s; fmt=%.3f; what="$SLICES x ${TCP_TIME} s iperf3, tso gso gro tx off" ;;
	pps) unit=pps; fmt=%.0f; what="$SLICES x $(( COUNT / SLICES )) 64-byte frames" ;;
	esac
	# shellcheck disable=SC2086
	read -r bm blo bhi < <(stats ${VAL[${m}B]})
	if [ $X_OK = 1 ]; then
		# shellcheck disable=SC2086
		read -r xm xlo xhi < <(stats ${VAL[${m}X]})
		# shellcheck disable=SC2086
		read -r pm plo phi < <(stats ${RATIO[$m]})
		ratio=$(calc %.3f "$xm / $bm")
		printf "%-7s B=$fmt X=$fmt %s X/B=%s (paired %.3f [%.3f-%.3f]; %s)\n" \
			"$m" "$bm" "$xm" "$unit" "$ratio" "$pm" "$plo" "$phi" "$what"
		printf "%-7s range B=$fmt-$fmt X=$fmt-$fmt; B:%s X:%s\n" \
			"$m" "$blo" "$bhi" "$xlo" "$xhi" "${VAL[${m}B]}" "${VAL[${m}X]}"
		met="$met $m=$(awk "BEGIN { print ($ratio >= 1.0) ? \"yes\" : \"NO\" }")"
		met="$met/$(awk "BEGIN { print ($pm >= 1.0) ? \"yes\" : \"NO\" }")"
	else
		printf "%-7s B=$fmt X=n/a %s X/B=n/a (%s)\n" "$m" "$bm" "$unit" "$what"
		printf "%-7s range B=$fmt-$fmt; B:%s\n" "$m" "$blo" "$bhi" "${VAL[${m}B]}"
	fi
done
if [ $X_OK = 1 ]; then
	echo "target X/B >= 1.0 (ratio of the medians/median of the paired ratios):$met"
	exit 0
fi
echo "X: vswitch bridged unavailable: $X_WHY"
exit 1
