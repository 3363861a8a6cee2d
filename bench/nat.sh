#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# NAT benchmark: vswitch NAT against the libvirt way (Linux bridge +
# ip_forward + nftables masquerade), in one VM boot. Runs as root inside
# the test VM (`make bench B=nat [KVER=6.12]`, or
# `selftests/vm-run [--kver K] -- bench/nat.sh`). A benchmark, not a test:
# it prints figures and ratios and exits 0 unless the setup failed (vswitch
# NAT unavailable counts as a failed setup: the bridge side is still
# measured and printed, then the exit code is 1).
#
# Topology (namespaces and veths; "the host" is the VM's root namespace):
#
#   natgx eth0 10.0.2.15 --veth-- gxp [port of vnat, vswitch mode nat,
#        default via 10.0.2.2          10.0.2.2/24 on vnat]  \
#                                                            host --vout 198.51.100.1/24
#   natgb eth0 10.0.3.15 --veth-- gbp [port of br0, bridge,  /     (default route)
#        default via 10.0.3.1          10.0.3.1/24 on br0]         |veth
#                                                           natout eth0 198.51.100.2/24:
#                                                           iperf3 -s, connrate server
#
#   X  vswitch: `vswctl switch add vnat mode nat address 10.0.2.2/24`;
#      net.ipv4.ip_forward=0 and no nftables ruleset during its runs.
#   B  libvirt way: net.ipv4.ip_forward=1 and this nftables ruleset during
#      its runs (installed before each B run, removed after):
#        table ip nat    postrouting: ip saddr 10.0.3.0/24 oifname vout masquerade
#        table ip filter forward (policy drop):
#                        oifname br0 ip daddr 10.0.3.0/24 ct state established,related accept
#                        iifname br0 ip saddr 10.0.3.0/24 accept
# natout has no route back to 10.0.2.0/24 or 10.0.3.0/24: traffic only
# flows when it is masqueraded to 198.51.100.1.
#
# Measures, guest -> outside, with the veths' offloads at their defaults:
#   tcp   iperf3 -c 198.51.100.2 -t TCP_TIME: bytes the server received
#         over its receive time, in Gbit/s
#   conn  new TCP connections per second: bench/connrate.c (built here
#         with gcc), PAR transactions in flight for CONN_TIME seconds;
#         a transaction is connect, 1 byte each way, server closes (FIN),
#         client closes with SO_LINGER 0 (RST): no TIME_WAIT on either
#         side, conntrack entries end in CLOSE.
# ROUNDS rounds of SLICES slices; a slice runs tcp B X then conn X B, or
# tcp X B then conn B X, alternating slice to slice, so that a burst of
# load on the host (TCG vCPUs are host threads; other VMs) hits both
# alike. A setup's figure in a round is the sum over its slices (bytes,
# connections) over the summed run time. The conntrack table is flushed
# before every run. Medians and ranges over the rounds, X/B of the medians
# and the median and range of the X/B ratios paired within a round are
# reported. Target: X/B >= 1.0 on both.
#
# TCG makes absolute numbers meaningless: compare the ratios only.
#
# Environment (passed into the VM by vm-run):
#   VSWITCH_BENCH_NAT_ROUNDS (5)  VSWITCH_BENCH_NAT_SLICES (3)
#   VSWITCH_BENCH_NAT_TCP_TIME (2, seconds per slice; iperf3 -t, integer)
#   VSWITCH_BENCH_NAT_CONN_TIME (2, seconds per slice)
#   VSWITCH_BENCH_NAT_CONN_PAR (4, connections in flight)

set -u
cd "$(dirname "$0")/.." || exit 1
export PATH="$PWD/tools:$PATH"

ROUNDS=${VSWITCH_BENCH_NAT_ROUNDS:-5}
SLICES=${VSWITCH_BENCH_NAT_SLICES:-3}
TCP_TIME=${VSWITCH_BENCH_NAT_TCP_TIME:-2}
CONN_TIME=${VSWITCH_BENCH_NAT_CONN_TIME:-2}
PAR=${VSWITCH_BENCH_NAT_CONN_PAR:-4}

SERVER=198.51.100.2
CONN_PORT=5001
WORK=$(mktemp -d "${TMPDIR:-/tmp}/natbench.XXXXXX") || exit 1
CONNRATE=$WORK/connrate
NS_T=(natout natgb natgx)
X_OK=1		# 0: vswitch NAT unavailable, X_WHY says why
X_WHY=

log() { printf 'nat: [%4ds] %s\n' "$SECONDS" "$*"; }

cleanup() {
	local ns d

	for ns in "${NS_T[@]}"; do
		ip netns pids "$ns" 2> /dev/null | xargs -r kill 2> /dev/null
		ip netns del "$ns" 2> /dev/null
	done
	nft delete table ip nat 2> /dev/null
	nft delete table ip filter 2> /dev/null
	sysctl -qw net.ipv4.ip_forward=0 2> /dev/null
	for d in vout gbp gxp br0 vnat; do
		ip link del "$d" 2> /dev/null
	done
}

die() {
	echo "nat: SETUP FAILED: $*" >&2
	cleanup
	rm -rf "$WORK"
	exit 1
}

# x_unavailable WHY: measure B only from here on.
x_unavailable() {
	X_OK=0
	X_WHY=$*
	log "vswitch nat unavailable: $X_WHY"
	log "measuring the bridge side (B) only"
	ip link del gxp 2> /dev/null
	ip link del vnat 2> /dev/null
}

trap 'cleanup; rm -rf "$WORK"' EXIT

for c in ip nft sysctl conntrack vswctl iperf3 jq awk gcc; do
	command -v $c > /dev/null || die "$c is not installed"
done
gcc -O2 -Wall -o "$CONNRATE" bench/connrate.c || die "gcc bench/connrate.c"

sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
sysctl -qw net.ipv4.ip_forward=0

# guest_ns NS PEER ADDR GW: namespace NS with eth0 ADDR/24, default via GW;
# PEER, the veth's other end, stays in the host (not up yet).
guest_ns() {
	local ns=$1

	ip netns add "$ns" || die "netns $ns"
	ip -n "$ns" link set lo up
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip link add "$2" type veth peer name eth0 netns "$ns" || die "veth $2"
	ip -n "$ns" addr add "$3/24" dev eth0 || die "addr $3 in $ns"
	ip -n "$ns" link set eth0 up
	ip -n "$ns" route add default via "$4" || die "default route in $ns"
}

# fw_b on|off: the host configuration of B (ip_forward, nftables ruleset).
fw_b() {
	if [ "$1" = on ]; then
		sysctl -qw net.ipv4.ip_forward=1
		nft -f - <<- 'EOF' || die "nft ruleset"
		table ip nat {
			chain postrouting {
				type nat hook postrouting priority srcnat; policy accept;
				ip saddr 10.0.3.0/24 oifname "vout" masquerade
			}
		}
		table ip filter {
			chain forward {
				type filter hook forward priority filter; policy drop;
				oifname "br0" ip daddr 10.0.3.0/24 ct state established,related accept
				iifname "br0" ip saddr 10.0.3.0/24 accept
			}
		}
		EOF
	else
		nft delete table ip nat 2> /dev/null
		nft delete table ip filter 2> /dev/null
		sysctl -qw net.ipv4.ip_forward=0
	fi
}

declare -A GNS=([B]=natgb [X]=natgx)

# use CONF: the host as CONF needs it; an empty conntrack table.
USING=
use() {
	if [ "$1" != "$USING" ]; then
		if [ "$1" = B ]; then fw_b on; else fw_b off; fi
		USING=$1
	fi
	conntrack -F > /dev/null 2>&1
}

# tcp CONF: "BYTES SECONDS" received by the server, one iperf3 run of
# TCP_TIME seconds (one retry); 1 on failure.
tcp() {
	local out v try

	for try in 1 2; do
		out=$(ip netns exec "${GNS[$1]}" iperf3 -c $SERVER -t "$TCP_TIME" -J 2>&1)
		v=$(echo "$out" | jq -r '.end.sum_received | "\(.bytes) \(.seconds)"' 2> /dev/null)
		case $v in [1-9]*" "[0-9]*) echo "$v"; return 0 ;; esac
		echo "nat: iperf3 through $1 failed (try $try):" \
		     "$(echo "$out" | jq -r '.error // empty' 2> /dev/null || echo "$out" | tail -1)" >&2
		sleep 1
	done
	return 1
}

# conn CONF: "CONNECTIONS SECONDS", one connrate run of CONN_TIME seconds;
# 1 on failure.
conn() {
	local out n t

	out=$(ip netns exec "${GNS[$1]}" "$CONNRATE" client $SERVER $CONN_PORT "$CONN_TIME" "$PAR" 2> "$WORK/err")
	case $out in
	*" errors=0") ;;
	conns=*) echo "nat: connrate through $1: $out; $(cat "$WORK/err")" >&2 ;;
	*) echo "nat: connrate through $1: $out $(cat "$WORK/err")" >&2; return 1 ;;
	esac
	n=${out#conns=}; n=${n%% *}
	t=${out#* secs=}; t=${t%% *}
	echo "$n $t"
}

# stats V...: "median min max" (numbers, any format awk reads)
stats() {
	printf '%s\n' "$@" | sort -g | awk '
		{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%s %s %s\n", m, v[1], v[NR] }'
}

calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }

# ---------------------------------------------------------------- setup
log "kernel $(uname -r), $(nproc) CPUs, $ROUNDS rounds of $SLICES slices:" \
    "tcp ${TCP_TIME} s, conn ${CONN_TIME} s with $PAR in flight"
cleanup

# the outside: natout, reached over vout; the host's default route
ip netns add natout || die "netns natout"
ip -n natout link set lo up
ip netns exec natout sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link add vout type veth peer name eth0 netns natout || die "veth vout"
ip addr add 198.51.100.1/24 dev vout || die "addr vout"
ip link set vout up
ip -n natout addr add $SERVER/24 dev eth0 || die "addr natout"
ip -n natout link set eth0 up
ip route replace default via $SERVER dev vout || die "default route"
ip netns exec natout iperf3 -s -D || die "iperf3 -s in natout"
ip netns exec natout "$CONNRATE" server $CONN_PORT &
sleep 0.5
ip netns pids natout | grep -qx "$!" || die "connrate server in natout"

# B: the libvirt way
guest_ns natgb gbp 10.0.3.15 10.0.3.1
ip link add br0 type bridge || die "bridge br0"
ip link set gbp master br0 || die "gbp master br0"
ip addr add 10.0.3.1/24 dev br0 || die "addr br0"
ip link set br0 up
ip link set gbp up

# X: vswitch NAT (needs neither ip_forward nor nftables)
if ! out=$(modprobe vswitch 2>&1); then
	x_unavailable "modprobe vswitch: $out"
elif ! out=$(vswctl switch add vnat mode nat address 10.0.2.2/24 2>&1); then
	x_unavailable "vswctl switch add vnat mode nat address 10.0.2.2/24: $out"
else
	guest_ns natgx gxp 10.0.2.15 10.0.2.2
	if ! out=$(vswctl port add vnat gxp 2>&1); then
		x_unavailable "vswctl port add vnat gxp: $out"
	fi
	ip link set gxp up
fi

CONFS=(B)
[ $X_OK = 1 ] && CONFS=(B X)
sleep 1
for c in "${CONFS[@]}"; do
	use "$c"
	if ! ip netns exec "${GNS[$c]}" ping -c 1 -W 3 $SERVER > /dev/null; then
		[ "$c" = B ] && die "no ping from natgb to $SERVER through br0 + masquerade"
		x_unavailable "no ping from natgx to $SERVER through vnat" \
			      "(ip_forward=0, no nftables ruleset)"
		CONFS=(B)
	fi
done
if [ $X_OK = 1 ]; then
	log "vswctl switch show vnat:"
	vswctl switch show vnat | sed 's/^/nat:     /'
fi

log "warm-up (1 s of each measure through each setup)"
for c in "${CONFS[@]}"; do
	use "$c"
	g=$(ip netns exec "${GNS[$c]}" iperf3 -c $SERVER -t 1 -J |
	    jq -r '.end.sum_received.bits_per_second / 1e9 * 1000 | round / 1000')
	r=$(ip netns exec "${GNS[$c]}" "$CONNRATE" client $SERVER $CONN_PORT 1 "$PAR")
	log "  $c: tcp $g Gbit/s; conn $r"
done
if [ "${CONFS[*]}" = "B X" ]; then
	log "conntrack entries after X's warm-up (first 3):"
	conntrack -L 2> /dev/null | head -3 | sed 's/^/nat:     /'
fi

# ---------------------------------------------------------------- rounds
# run MEASURE CONF: one slice; adds to SUM[MEASURE CONF] and SEC[...].
declare -A SUM=() SEC=() VAL=() LAST=() RATIO=()
run() {
	local v

	use "$2"
	case $1 in
	tcp) v=$(tcp "$2") || die "iperf3 through $2" ;;
	conn) v=$(conn "$2") || die "connrate through $2" ;;
	esac
	SUM[$1$2]=$(calc %.0f "${SUM[$1$2]:-0} + ${v% *}")
	SEC[$1$2]=$(calc %.6f "${SEC[$1$2]:-0} + ${v#* }")
}

for r in $(seq 1 "$ROUNDS"); do
	log "round $r"
	for s in $(seq 1 "$SLICES"); do
		if [ $(( (r + s) % 2 )) = 0 ]; then fwd="B X"; rev="X B"; else fwd="X B"; rev="B X"; fi
		[ $X_OK = 1 ] || { fwd=B; rev=B; }
		for c in $fwd; do run tcp "$c"; done
		for c in $rev; do run conn "$c"; done
	done
	for c in "${CONFS[@]}"; do
		LAST[tcp$c]=$(calc %.4f "${SUM[tcp$c]} * 8 / ${SEC[tcp$c]} / 1e9")
		LAST[conn$c]=$(calc %.1f "${SUM[conn$c]} / ${SEC[conn$c]}")
		printf 'nat:   %s tcp %7.3f Gbit/s  conn %7.1f conn/s  (%s B in %.1f s; %s in %.1f s)\n' \
			"$c" "${LAST[tcp$c]}" "${LAST[conn$c]}" "${SUM[tcp$c]}" \
			"${SEC[tcp$c]}" "${SUM[conn$c]}" "${SEC[conn$c]}"
		for m in tcp conn; do
			VAL[$m$c]="${VAL[$m$c]:-} ${LAST[$m$c]}"
			SUM[$m$c]=0
			SEC[$m$c]=0
		done
	done
	if [ $X_OK = 1 ]; then
		for m in tcp conn; do
			RATIO[$m]="${RATIO[$m]:-} $(calc %.4f "${LAST[${m}X]} / ${LAST[${m}B]}")"
		done
	fi
done
fw_b off
USING=

# ---------------------------------------------------------------- summary
echo
echo "=== NAT benchmark summary: $(uname -r), $(nproc) vCPUs, TCG: ratios only ==="
echo "B = bridge + ip_forward + nftables masquerade, X = vswitch mode nat;" \
     "guest -> outside, medians of $ROUNDS rounds"
met=
for m in tcp conn; do
	if [ $m = tcp ]; then unit=Gbit/s; fmt=%.3f; what="$SLICES x ${TCP_TIME} s iperf3"
	else unit=conn/s; fmt=%.1f; what="$SLICES x ${CONN_TIME} s, $PAR in flight"; fi
	# shellcheck disable=SC2086
	read -r bm blo bhi < <(stats ${VAL[${m}B]})
	if [ $X_OK = 1 ]; then
		# shellcheck disable=SC2086
		read -r xm xlo xhi < <(stats ${VAL[${m}X]})
		# shellcheck disable=SC2086
		read -r pm plo phi < <(stats ${RATIO[$m]})
		ratio=$(calc %.3f "$xm / $bm")
		printf "%-4s B=$fmt X=$fmt %s X/B=%s (paired %.3f [%.3f-%.3f]; %s)\n" \
			"$m" "$bm" "$xm" "$unit" "$ratio" "$pm" "$plo" "$phi" "$what"
		printf "%-4s range B=$fmt-$fmt X=$fmt-$fmt; B:%s X:%s\n" \
			"$m" "$blo" "$bhi" "$xlo" "$xhi" "${VAL[${m}B]}" "${VAL[${m}X]}"
		met="$met $m=$(awk "BEGIN { print ($ratio >= 1.0) ? \"yes\" : \"NO\" }")"
		met="$met/$(awk "BEGIN { print ($pm >= 1.0) ? \"yes\" : \"NO\" }")"
	else
		printf "%-4s B=$fmt X=n/a %s X/B=n/a (%s)\n" "$m" "$bm" "$unit" "$what"
		printf "%-4s range B=$fmt-$fmt; B:%s\n" "$m" "$blo" "$bhi" "${VAL[${m}B]}"
	fi
done
if [ $X_OK = 1 ]; then
	echo "target X/B >= 1.0 (ratio of the medians/median of the paired ratios):$met"
	exit 0
fi
echo "X: vswitch nat unavailable: $X_WHY"
exit 1
