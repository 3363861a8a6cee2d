#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzzing, each input from one long-lived process (selftests/fuzz/):
#
#  frames: VSWITCH_FUZZ_FRAMES (default 1000000) malformed and adversarial
#   frames (fuzz/framefuzz.c) written into the tap ports of an internal, a
#   host-only, a nat switch with forwards and a bridged switch (from its
#   guests and from its uplink, a tap too), each once plainly and once with
#   every guard, a mirror, promiscuous, isolated, storm-limited, BPDU-guarded
#   and VLAN (access, trunk) ports. After each round: guests still reach
#   each other (and the gateway), no frame was lost to memory, and every
#   frame a guest tap took in is counted exactly once on its port: as
#   received, or in the one drop reason that stopped it before forwarding
#   (the drops of frames already received, drop_nat, drop_no_route and
#   drop_mtu, are left out; frames the kernel's VLAN code drops before any
#   rx handler, a tag cut short, are counted by the fuzzer and left out).
#
#  netlink: VSWITCH_FUZZ_MESSAGES (default 100000) generic netlink and
#   rtnetlink messages (fuzz/nlfuzz.c: generated from the family's own
#   policy dump, CTRL_CMD_GETPOLICY, then mutated) against switches of
#   every mode with ports, policy, forwards and mirrors, as root; a fifth
#   as many as an unprivileged user (every change refused with EPERM) and
#   as the owner of a user namespace (changes allowed in its own network
#   namespace only, nothing of the host's visible). nlfuzz checks after
#   every batch that every dump completes and agrees with rtnetlink, and
#   that a message that got an error changed nothing (every such message,
#   or one in VSWITCH_FUZZ_CHECK_EVERY).
#
# The seed is printed; VSWITCH_FUZZ_SEED replays a run.

ALL_TESTS="frames netlink"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip ping

FUZZ=$PWD/fuzz
FRAMES=${VSWITCH_FUZZ_FRAMES:-1000000}
MESSAGES=${VSWITCH_FUZZ_MESSAGES:-100000}
# "An error changed nothing" checked on one mutating message in N.
CHECK_EVERY=${VSWITCH_FUZZ_CHECK_EVERY:-1}
SEED=${VSWITCH_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
NET=10.98.0
TAPS="ft0 ft1 ft2 ft3 ft4"
GMAC=02:98:00:00:00

cleanup() {
	[ -n "${FF_PID:-}" ] && kill "$FF_PID" 2> /dev/null
	ip link del sw0 2> /dev/null
	for d in nsw0 nsw1 nsw2 nsw3 nsw4 nup0 nvp1 nvp2 nvp3 nvp4 nvp5 nvp6; do
		ip link del "$d" 2> /dev/null
	done
	ip link del fva 2> /dev/null
	ip link del fvb 2> /dev/null
	cleanup_ns
	rm -rf "${TMPD:-}"
}
trap cleanup EXIT

TMPD=$(mktemp -d)

# ff CMD: a command to framefuzz; its answer lines up to "ok" in $FF_OUT.
ff() {
	local line

	FF_OUT=
	echo "$*" >&"${FF[1]}"
	while read -r -t 3600 line <&"${FF[0]}"; do
		case $line in
		ok)	return 0 ;;
		error:*) echo "framefuzz: $line" >&2; return 1 ;;
		*)	FF_OUT+="$line"$'\n' ;;
		esac
	done
	echo "framefuzz: no answer to '$*'" >&2
	return 1
}

ff_start() {
	local line

	coproc FF { exec "$FUZZ/framefuzz" -s "$SEED" $TAPS 2>&1; }
	FF_PID=$FF_PID
	read -r -t 60 line <&"${FF[0]}" && echo "# framefuzz: $line"
	read -r -t 60 line <&"${FF[0]}" && [ "$line" = ready ] &&
		ff mac ft0 $GMAC:20 && ff mac ft4 $GMAC:24 &&
		ff peer $GMAC:11 && ff peer $GMAC:12 && ff peer $GMAC:20 &&
		ff ip $NET.1 && ff ip $NET.11 && ff ip $NET.12 && ff ip $NET.20 &&
		ff ip $NET.255 && ff ip 192.0.2.1 && ff ip 127.0.0.1 &&
		ff port 8080 && ff port 5353
}

# Port counters as "DEV rx N" and "DEV pre N" lines: the frames received,
# and those dropped before forwarding.
port_counts() {
	vswctl -s port show | awk '
		/^[^ \t]/ { p = $1; next }
		{
			for (i = 1; i < NF; i += 2) {
				if ($i == "rx_packets")
					rx[p] += $(i + 1)
				else if ($i ~ /^drop_/ && $i != "drop_nat" &&
					 $i != "drop_no_route" && $i != "drop_mtu" &&
					 $i != "drop_nomem")
					pre[p] += $(i + 1)
				if ($i == "drop_nomem")
					nomem += $(i + 1)
			}
		}
		END {
			for (p in rx) print p, rx[p], pre[p] + 0
			print "nomem", nomem + 0, 0
		}'
}

# round MODE POLICY: a fresh sw0 of MODE with the taps and two veth guests,
# POLICY (plain|guarded) on the taps, FRAMES/8 frames, then the checks.
round() {
	local mode=$1 policy=$2 n=$(( FRAMES / 8 )) t i up= sent lost rx pre
	local guests="ft0 ft1 ft2 ft3" before after start t0=$(date +%s)

	ip link del sw0 2> /dev/null
	case $mode in
	bridged)
		vswctl switch add sw0 mode bridged uplink ft4
		guests="ft0 ft1 ft2 ft3"
		up=ft4 ;;
	internal)
		vswctl switch add sw0 mode internal
		guests="$TAPS" ;;
	*)	vswctl switch add sw0 mode "$mode" address $NET.1/24
		guests="$TAPS" ;;
	esac
	check_err $? "$mode: switch add"
	ip link set sw0 up
	for t in $TAPS; do
		ip link set "$t" up
		[ "$t" = "$up" ] || vswctl port add sw0 "$t" || check_err 1 "$mode: port add $t"
	done
	if [ "$mode" = nat ]; then
		vswctl nat forward add sw0 tcp 8080 $NET.11:80 &&
			vswctl nat forward add sw0 udp 5353 $NET.12:53
		check_err $? "nat forwards"
	fi
	if [ "$policy" = guarded ]; then
		vswctl port set ft0 mac-guard on mac $GMAC:20 ip-guard on ip $NET.20 \
			dhcp-guard on router-guard on storm-limit 20000 &&
			vswctl port set ft1 vlan 10 isolated on promisc allow-vms &&
			vswctl port set ft2 trunk 10,20 native 1 isolated on dhcp-guard on &&
			vswctl port set ft3 bpdu-guard on router-guard on &&
			vswctl mirror add sw0 m0 from ft0,ft1 both to ft3
		check_err $? "$mode: guarded policy"
		if [ -z "$up" ]; then
			vswctl port set ft4 promisc allow-all ip-guard on ip $NET.24 storm-limit 5000
			check_err $? "$mode: ft4 policy"
		fi
	fi
	[ "$RET" -eq 0 ] || return
	ff peer "$(cat /sys/class/net/sw0/address)" && ff peer "$(cat /sys/class/net/ft4/address)"
	check_err $? "framefuzz peers"

	before=$(port_counts)
	start=$(date +%s)
	ff "send $n $TAPS"
	check_err $? "$mode/$policy: framefuzz send"
	sent=$FF_OUT
	after=$(port_counts)

	# Every frame a guest tap took in, counted once on its port.
	for t in $guests; do
		read -r _ _ n lost <<< "$(grep "^sent $t " <<< "$sent")"
		rx=$(( $(awk -v p="$t" '$1 == p { print $2 }' <<< "$after") -
		       $(awk -v p="$t" '$1 == p { print $2 }' <<< "$before") ))
		pre=$(( $(awk -v p="$t" '$1 == p { print $3 }' <<< "$after") -
			$(awk -v p="$t" '$1 == p { print $3 }' <<< "$before") ))
		check_eq "$(( rx + pre ))" "$(( n - lost ))" \
			"$mode/$policy: $t's rx_packets + drops before forwarding (rx $rx, drops $pre) against frames sent ($n, $lost cut in their tag)"
	done
	if [ -n "$up" ]; then
		# The uplink's frames for the host are the host's: counted
		# are only those the switch took or dropped.
		read -r _ _ n lost <<< "$(grep "^sent $up " <<< "$sent")"
		rx=$(awk -v p="$up" '$1 == p { print $2 + $3 }' <<< "$after")
		[ "${rx:-0}" -le "$n" ] && [ "${rx:-0}" -gt 0 ]
		check_err $? "$mode/$policy: uplink counted $rx of $n frames"
	fi
	check_eq "$(awk '$1 == "nomem" { print $2 }' <<< "$after")" 0 "$mode/$policy: drop_nomem"
	echo "# $mode/$policy: set up in $(( start - t0 )) s, sent in $(( $(date +%s) - start )) s: $(tr '\n' ' ' <<< "$sent")"

	# Still forwarding: two guests joining now reach each other (and the
	# gateway).
	add_guest "$ga" fva $NET.11/24 $GMAC:11 && add_guest "$gb" fvb $NET.12/24 $GMAC:12 &&
		vswctl port add sw0 fva && vswctl port add sw0 fvb
	check_err $? "$mode: guests"
	busywait 10000 ip netns exec "$ga" ping -c1 -W1 -q $NET.12 > /dev/null
	check_err $? "$mode/$policy: guest to guest after the fuzz"
	if [ "$mode" = host-only ] || [ "$mode" = nat ]; then
		busywait 10000 ip netns exec "$gb" ping -c1 -W1 -q $NET.1 > /dev/null
		check_err $? "$mode/$policy: guest to the gateway after the fuzz"
	fi
	ip link del fva
	ip link del fvb
	ip link del sw0
	echo "# $mode/$policy: $(( $(date +%s) - t0 )) s in all"
}

frames() {
	local mode policy

	modprobe vswitch
	modprobe vswitch_nat
	setup_ns ga gb
	ff_start
	check_err $? "framefuzz did not start"
	for mode in internal host-only nat bridged; do
		for policy in plain guarded; do
			[ "$RET" -eq 0 ] && round "$mode" "$policy"
		done
	done
	echo "# frames: $FRAMES, seed $SEED (VSWITCH_FUZZ_SEED)"
	log_test "frames: $FRAMES fuzzed frames into every mode's ports, counted exactly, forwarding after"
}

# Something of everything for the netlink fuzzer to aim at.
nl_setup() {
	local i

	modprobe vswitch
	modprobe vswitch_nat
	for i in dummy bridge veth 8021q; do modprobe $i 2> /dev/null; done
	vswctl switch add nsw0 mode internal &&
		vswctl switch add nsw1 mode host-only address 10.96.1.1/24 &&
		vswctl switch add nsw2 mode nat address 10.96.2.1/24 &&
		vswctl switch add nsw3 mode nat address 10.96.3.1/24 &&
		ip link add nup0 type veth peer name nup0p &&
		vswctl switch add nsw4 mode bridged uplink nup0 || return 1
	for i in 1 2 3 4 5 6; do
		ip link add nvp$i type veth peer name nvp${i}p || return 1
		ip link set nvp$i up
	done
	vswctl port add nsw0 nvp1 && vswctl port add nsw0 nvp2 vlan 10 &&
		vswctl port add nsw1 nvp3 trunk 10,20 native 5 isolated on &&
		vswctl port add nsw2 nvp4 ip-guard on ip 10.96.2.5 mac-guard on &&
		vswctl port add nsw3 nvp5 &&
		vswctl port add nsw4 nvp6 storm-limit 100 &&
		vswctl nat forward add nsw2 tcp 8080 10.96.2.5:80 name web &&
		vswctl nat forward add nsw3 udp 5353 10.96.3.7 &&
		vswctl mirror add nsw0 m0 from nvp1 to nvp2 &&
		vswctl fdb add nsw0 02:96:00:00:01:01 dev nvp1 &&
		vswctl switch set nsw1 port-defaults dhcp-guard on
}

# nlfuzz MODE COUNT: a run of the netlink fuzzer; its summary line shown.
# A failure's reason (nlfuzz's "FAIL:" or last line) goes into NLFAIL for
# the test's FAIL line: CI keeps only part of a long output.
nlfuzz() {
	local out rc

	out=$("$FUZZ/nlfuzz" -s "$SEED" -n "$2" -m "$1" -c "$CHECK_EVERY" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^nlfuzz: ' | sed 's/^/# /'
	if [ $rc != 0 ]; then
		printf '%s\n' "$out" | tail -30 | sed 's/^/# /'
		NLFAIL=$(printf '%s\n' "$out" | grep -m1 -E '^nlfuzz: (FAIL|error)' ||
			printf '%s\n' "$out" | tail -1)
	fi
	return $rc
}

netlink() {
	local start=$(date +%s) sub=$(( MESSAGES / 5 ))

	nl_setup
	check_err $? "setup"
	nlfuzz root "$MESSAGES"
	check_err $? "nlfuzz as root, seed $SEED: ${NLFAIL:-}"
	nlfuzz user "$sub"
	check_err $? "nlfuzz as an unprivileged user, seed $SEED: ${NLFAIL:-}"
	nlfuzz userns "$sub"
	check_err $? "nlfuzz as a user namespace's owner, seed $SEED: ${NLFAIL:-}"
	vswctl switch show > /dev/null
	check_err $? "switch show after the fuzz"
	echo "# netlink: $(( MESSAGES + 2 * sub )) messages in $(( $(date +%s) - start )) s, seed $SEED (VSWITCH_FUZZ_SEED)"
	log_test "netlink: $(( MESSAGES + 2 * sub )) fuzzed messages as root, a user and a user namespace's owner"
}

tests_run
