#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown in every order while traffic flows: VSWITCH_LIFECYCLE_OPS
# (default 1000, ~15 min under TCG; make stress: 5000) operations picked at
# random (seeded: VSWITCH_FUZZ_SEED replays the same choices) while
# iperf3 streams between two guests of an internal switch and pktgen floods
# one of its ports: ports added, deleted
# and unenslaved (ip link set nomaster), taps closed, veth peers deleted,
# namespaces with ports in them deleted, switches of every mode deleted and
# made again (a dnsmasq restarted with its switch), a bridged switch's
# uplink deleted and replaced, forwards added and deleted, NAT timeouts,
# port policy and mirrors changed, MTUs and addresses changed, and the
# module removed under it all and loaded again.
#
# No splat (vm-run fails the run on one, and on a kmemleak report on the
# debug kernel), no "unregister_netdevice: waiting for"; afterwards the
# switches made again forward, and once everything is deleted the module
# unloads and leaves no vswitch slab behind.
#
#   swi (internal): gi1 - ns g1 (iperf3 client), gi2 - ns g2 (server),
#                   pgb - pga (pktgen in the host), churn ports
#   swn (nat 10.97.1.1/24, forwards): gn1 - ns n1
#   swh (host-only 10.97.2.1/24, dhcp): gh1 - ns h1
#   swb (bridged, uplink lupN - ns lan): gb1 - ns b1
#
# 1000 operations take about 15 min under TCG (selftests/run-tests):
# timeout: 1800

ALL_TESTS="lifecycle"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip iperf3 dnsmasq

OPS=${VSWITCH_LIFECYCLE_OPS:-1000}
SEED=${VSWITCH_FUZZ_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
PG=/proc/net/pktgen
RATE=5M
[[ $(uname -r) == *-vswitch-debug ]] && RATE=1M
SWITCHES="swi swn swh swb"
declare -A DONE MS

cleanup() {
	[ -n "${KEEPER:-}" ] && kill "$KEEPER" 2> /dev/null
	[ -d $PG ] && echo stop > $PG/pgctrl 2> /dev/null
	[ -n "${FF_PID:-}" ] && kill "$FF_PID" 2> /dev/null
	pkill -x iperf3
	for s in $SWITCHES; do ip link del "$s" 2> /dev/null; done
	ip link del pga 2> /dev/null
	ip -o link show | awk -F': ' '$2 ~ /^(lup|cp)[0-9]/ { sub(/@.*/, "", $2); print $2 }' |
		xargs -r -n1 ip link del 2> /dev/null
	cleanup_ns
	ip netns list | awk '/^lc-/ { print $1 }' | xargs -r -n1 ip netns del
}
trap cleanup EXIT

# ff CMD: a command to framefuzz (which holds the taps' descriptors).
ff() {
	local line

	echo "$*" >&"${FF[1]}"
	while read -r -t 60 line <&"${FF[0]}"; do
		case $line in ok) return 0 ;; error:*) return 1 ;; esac
	done
	return 1
}

# guest NS PORT ADDR: a veth with its guest end in NS (made if missing).
guest() {
	ip netns list | grep -q "^$1\b" || { ip netns add "$1" && ip -n "$1" link set lo up; } || return 1
	ip link add "$2" type veth peer name eth0 netns "$1" 2> /dev/null || return 1
	ip -n "$1" addr add "$3" dev eth0
	ip -n "$1" link set eth0 up
	ip link set "$2" up
}

# The base topology: whatever of it is missing is made again.
ensure_base() {
	lsmod | grep -q '^vswitch ' || modprobe vswitch || return 1
	[ -e /sys/class/net/swi ] || vswctl switch add swi mode internal > /dev/null
	[ -e /sys/class/net/swn ] || vswctl switch add swn mode nat address 10.97.1.1/24 > /dev/null
	[ -e /sys/class/net/swh ] ||
		vswctl switch add swh mode host-only address 10.97.2.1/24 dhcp on > /dev/null
	if [ ! -e /sys/class/net/swb ]; then
		ip -o link show | grep -qE '^[0-9]+: lup0[:@]' ||
			ip link add lup0 type veth peer name eth0 netns "$lan"
		ip link set lup0 up
		ip -n "$lan" link set eth0 up
		vswctl switch add swb mode bridged uplink lup0 > /dev/null
	fi
	for s in $SWITCHES; do ip link set "$s" up 2> /dev/null; done
	[ -e /sys/class/net/gi1 ] || guest "$g1" gi1 10.97.0.11/24
	[ -e /sys/class/net/gi2 ] || guest "$g2" gi2 10.97.0.12/24
	[ -e /sys/class/net/gn1 ] || guest "$n1" gn1 10.97.1.11/24
	[ -e /sys/class/net/gh1 ] || guest "$h1" gh1 10.97.2.11/24
	[ -e /sys/class/net/gb1 ] || guest "$b1" gb1 10.97.3.11/24
	[ -e /sys/class/net/pga ] || { ip link add pga type veth peer name pgb &&
		ip link set pga up && ip link set pgb up && pktgen_start; }
	attach swi gi1 && attach swi gi2 && attach swi pgb &&
		attach swn gn1 && attach swh gh1 && attach swb gb1
}

# attach SWITCH PORT: PORT on SWITCH unless it is there already.
attach() {
	[ -e "/sys/class/net/$2/upper_$1" ] || vswctl port add "$1" "$2" 2> /dev/null
	ip link set "$2" up 2> /dev/null
	return 0
}

# pktgen from pga (its peer pgb a port of swi): broadcast from 256
# sources, a frame every millisecond (every 10 on the debug kernel), until
# stopped.
pktgen_start() {
	local delay=1000000

	[[ $(uname -r) == *-vswitch-debug ]] && delay=10000000
	[ -d $PG ] || modprobe pktgen 2> /dev/null
	[ -d $PG ] || return 0
	echo stop > $PG/pgctrl
	echo rem_device_all > $PG/kpktgend_0
	echo "add_device pga" > $PG/kpktgend_0
	for line in "count 0" "clone_skb 0" "pkt_size 60" "delay $delay" \
		    "src_mac 02:97:00:00:00:00" "src_mac_count 256" \
		    "dst_mac ff:ff:ff:ff:ff:ff" "dst 10.97.0.99"; do
		echo "$line" > $PG/pga
	done
	echo start > $PG/pgctrl &
}

# The iperf3 stream g1 -> g2, started again whenever it ended (its switch
# or a guest's port went away). It forks only then: a fork a second costs
# the operations a few percent under TCG.
keeper() {
	local client= tick

	exec {tick}<> <(:)
	while :; do
		if [ -z "$client" ] || ! kill -0 "$client" 2> /dev/null; then
			ip netns exec "$g2" pgrep -x iperf3 > /dev/null 2>&1 ||
				ip netns exec "$g2" iperf3 -s -D > /dev/null 2>&1
			ip netns exec "$g1" timeout 30 iperf3 -c 10.97.0.12 -t 25 -b "$RATE" \
				--connect-timeout 2000 > /dev/null 2>&1 &
			client=$!
		fi
		read -r -t 1 -u "$tick" _
	done
}

# The picks below fork nothing (a fork costs tens of ms under TCG).
# r N: a random number below N in R.
r() { R=$(( RANDOM % $1 )); }

# pick_dev REGEX: a random device of this namespace whose name matches, in
# D ("" if none).
pick_dev() {
	local c=() d

	for d in /sys/class/net/*; do
		d=${d##*/}
		[[ $d =~ $1 ]] && c+=("$d")
	done
	D=
	[ ${#c[@]} -gt 0 ] && D=${c[RANDOM % ${#c[@]}]}
}
CHURN='^(cp|lt)[0-9]$'
PORTS='^((cp|lt)[0-9]|gi1|gi2|gn1|gh1|gb1|pgb)$'
SW=($SWITCHES)
any_switch() { S=${SW[RANDOM % ${#SW[@]}]}; }
onoff() { if (( RANDOM % 2 )); then O=on; else O=off; fi; }
mac() { printf -v M '%s:%02x:%02x:%02x:%02x' "$1" $((RANDOM % 256)) \
	$((RANDOM % 256)) $((RANDOM % 256)) $((RANDOM % 256)); }

op_port_add() {
	r 8
	any_switch
	ip link add "cp$R" type veth peer name "cp${R}p" || return
	ip link set "cp$R" up
	vswctl port add "$S" "cp$R"
}
op_port_del() { pick_dev "$CHURN"; [ -n "$D" ] && vswctl port del "$D"; }
op_nomaster() { pick_dev "$PORTS"; [ -n "$D" ] && ip link set "$D" nomaster; }
op_tap_open() {
	r 6
	any_switch
	ff open "lt$R" && ip link set "lt$R" up && vswctl port add "$S" "lt$R"
}
op_tap_close() { pick_dev '^lt[0-9]$'; [ -n "$D" ] && ff close "$D"; }
op_peer_del() {
	r 4
	case $R in
	0) ip -n "$g1" link del eth0 ;;
	1) ip -n "$n1" link del eth0 ;;
	2) pick_dev '^cp[0-9]$'; [ -n "$D" ] && ip link del "${D}p" ;;
	*) ip -n "$b1" link del eth0 ;;
	esac
}
op_netns_del() {
	local ns p

	r 4; ns=lc-$R
	r 4; p=cn$R
	any_switch
	ip netns add "$ns"
	ip link add "$p" type veth peer name eth0 netns "$ns" &&
		ip link set "$p" up && vswctl port add "$S" "$p"
	(( RANDOM % 2 )) && ip netns del "$ns"
	# and a namespace whose own switch (and port) go with it
	ip netns add lc-sw
	ip -n lc-sw link add nsw type vswitch
	ip -n lc-sw link add nsp type veth peer name nsq
	ip -n lc-sw link set nsp master nsw
	(( RANDOM % 2 )) && ip netns del lc-sw
}
op_switch_cycle() { any_switch; ip link del "$S"; ensure_base; }
op_uplink() {
	r 3
	case $R in
	0) pick_dev '^lup[0-9]$'
	   [ -n "$D" ] && ip link del "$D" ;;
	1) r 3
	   ip link add "lup$(( R + 1 ))" type veth peer name "elup$(( R + 1 ))" netns "$lan" &&
		ip link set "lup$(( R + 1 ))" up
	   vswctl switch set swb uplink "lup$(( R + 1 ))" ;;
	*) vswctl switch set swb uplink none ;;
	esac
}
op_fwd() {
	r 8
	if (( RANDOM % 2 )); then
		vswctl nat forward add swn tcp $(( 8000 + R )) 10.97.1.11:80
	else
		vswctl nat forward del swn tcp $(( 8000 + R ))
	fi
}
op_timeout() {
	local v

	r 600; v=$(( R + 1 ))
	(( RANDOM % 4 )) || v=default
	vswctl nat set swn udp-timeout "$v" tcp-timeout "$v" tcp-established-timeout "$v"
}
op_dhcp_restart() { ip link del swh; ensure_base; }
op_policy() {
	local set

	pick_dev "$PORTS"
	[ -n "$D" ] || return
	r 8
	case $R in
	0) set="vlan $(( RANDOM % 4094 + 1 ))" ;;
	1) set="vlan none" ;;
	2) set="trunk 1-$(( RANDOM % 4000 + 1 )) native $(( RANDOM % 10 + 1 ))" ;;
	3) set="mac-guard on ip-guard on ip 10.97.0.$(( RANDOM % 250 ))" ;;
	4) onoff; set="mac-guard off ip-guard off dhcp-guard $O" ;;
	5) set="isolated on promisc allow-all storm-limit $(( RANDOM % 5000 + 1 ))" ;;
	6) set="isolated off promisc deny storm-limit off router-guard on" ;;
	*) onoff; set="shut $O bpdu-guard on" ;;
	esac
	# shellcheck disable=SC2086
	vswctl port set "$D" $set
}
op_mirror() {
	local from

	any_switch
	r 3
	if (( RANDOM % 2 )); then
		pick_dev "$PORTS"; from=$D
		pick_dev "$PORTS"
		vswctl mirror add "$S" "m$R" from "$from" to "$D"
	else
		vswctl mirror del "$S" "m$R"
	fi
}
op_mtu() {
	if (( RANDOM % 3 )); then pick_dev "$PORTS"; else any_switch; D=$S; fi
	[ -n "$D" ] && ip link set "$D" mtu $(( 1280 + RANDOM % 8000 ))
}
op_addr() {
	r 3
	case $R in
	0) pick_dev "$PORTS"; mac 02:97; [ -n "$D" ] && ip link set "$D" address "$M" ;;
	1) any_switch; mac 02:98; ip link set "$S" address "$M" ;;
	*) ip addr flush dev swh; ip addr add 10.97.2.$(( RANDOM % 200 + 1 ))/24 dev swh ;;
	esac
}
op_rmmod() {
	# Everything of the module goes with it, traffic or not.
	vsw_unload && modprobe vswitch
	ensure_base
}

# The operations, each as often as it is named; the costly ones (a
# switch made again, the module reloaded) rarer.
OPS_LIST=(port_add port_add port_add port_del port_del nomaster nomaster
	  tap_open tap_open tap_close peer_del peer_del netns_del uplink uplink
	  fwd fwd fwd timeout timeout policy policy policy policy mirror mirror
	  mtu mtu addr addr switch_cycle dhcp_restart)
# and the module removed under it all now and then
RMMOD_EVERY=${VSWITCH_LIFECYCLE_RMMOD_EVERY:-200}

lifecycle() {
	local i op start out own t

	modprobe vswitch
	setup_ns g1 g2 n1 h1 b1 lan
	coproc FF { exec fuzz/framefuzz lt9 2>&1; }
	FF_PID=$FF_PID
	read -r -t 60 _ <&"${FF[0]}" && read -r -t 60 out <&"${FF[0]}" && [ "$out" = ready ]
	check_err $? "framefuzz (the taps' holder) did not start"
	ensure_base
	check_err $? "the base topology"
	echo "# base topology up"
	busywait 20000 ip netns exec "$g1" ping -c1 -W1 -q 10.97.0.12 > /dev/null
	check_err $? "g1 to g2 before"
	keeper &
	KEEPER=$!
	[ "$RET" -eq 0 ] || { log_test "lifecycle: set up"; return; }

	RANDOM=$SEED
	start=$(date +%s)
	for (( i = 0; i < OPS; i++ )); do
		op=${OPS_LIST[RANDOM % ${#OPS_LIST[@]}]}
		(( i % RMMOD_EVERY == RMMOD_EVERY / 2 )) && op=rmmod
		t=$(date +%s%N)
		"op_$op" > /dev/null 2>&1
		DONE[$op]=$(( ${DONE[$op]:-0} + 1 ))
		MS[$op]=$(( ${MS[$op]:-0} + ($(date +%s%N) - t) / 1000000 ))
		if (( i % 50 == 49 )); then
			ensure_base > /dev/null 2>&1
			echo "# $(( i + 1 )) operations, $(( $(date +%s) - start )) s"
		fi
	done
	echo "# $OPS operations in $(( $(date +%s) - start )) s, seed $SEED (VSWITCH_FUZZ_SEED):" \
		"$(for op in "${!DONE[@]}"; do printf '%s %s (%s ms), ' "$op" "${DONE[$op]}" "${MS[$op]}"; done)"

	kill "$KEEPER"
	KEEPER=
	ensure_base > /dev/null 2>&1
	check_err $? "the base topology made again after the run"
	for p in gi1 gi2 gn1 gh1 gb1; do
		vswctl port set "$p" vlan none isolated off mac-guard off ip-guard off \
			shut off storm-limit off > /dev/null 2>&1
	done
	busywait 20000 ip netns exec "$g1" ping -c1 -W1 -q 10.97.0.12 > /dev/null
	check_err $? "g1 to g2 through swi after the run"
	busywait 20000 ip netns exec "$n1" ping -c1 -W1 -q 10.97.1.1 > /dev/null
	check_err $? "n1 to its gateway after the run"
	out=$(dmesg | grep -c 'unregister_netdevice: waiting for')
	check_eq "$out" 0 "'unregister_netdevice: waiting for' in the kernel log"

	# Everything deleted, the module unloads and leaves no slab behind
	# (a cache merged with another has no line of its own: then
	# kmem_cache_destroy()'s own check, a splat, is what tells).
	own=$(awk '$1 == "vswitch_fdb" { print $2 }' /proc/slabinfo)
	echo "# vswitch_fdb objects before the teardown: ${own:-none (no line: a merged cache)}"
	echo stop > $PG/pgctrl 2> /dev/null
	cleanup > /dev/null 2>&1
	FF_PID= KEEPER=
	busywait 20000 vsw_unload
	check_err $? "rmmod vswitch_nat vswitch after the run: $(lsmod | grep '^vswitch')"
	check_eq "$(grep -c '^vswitch_fdb ' /proc/slabinfo)" 0 "vswitch_fdb slab after unloading"
	modprobe vswitch
	log_test "lifecycle: $OPS operations under traffic (seed $SEED), forwarding after, the module unloads clean"
}

tests_run
