# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the vswitch selftests, after the kernel's
# tools/testing/selftests/net/lib.sh and forwarding/lib.sh: RET/check_err/
# log_test, namespaces with random suffixes, busywait instead of sleep.
# Source it from a test; the test sets ALL_TESTS and calls tests_run.

ksft_skip=4
RET=0
RETMSG=
EXIT_STATUS=0
NS_LIST=()
PY=/usr/bin/python3

log_test() {
	if [ "$RET" -ne 0 ]; then
		EXIT_STATUS=1
		printf 'FAIL: %s: %s\n' "$1" "$RETMSG"
	else
		printf 'PASS: %s\n' "$1"
	fi
	RET=0
	RETMSG=
}

# check_err STATUS MSG: fail the current test if STATUS is not 0.
check_err() {
	if [ "$RET" -eq 0 ] && [ "$1" -ne 0 ]; then
		RET=$1
		RETMSG=$2
	fi
}

# check_fail STATUS MSG: fail the current test if STATUS is 0.
check_fail() {
	if [ "$RET" -eq 0 ] && [ "$1" -eq 0 ]; then
		RET=1
		RETMSG=$2
	fi
}

# check_eq ACTUAL EXPECTED WHAT
check_eq() {
	if [ "$RET" -eq 0 ] && [ "$1" != "$2" ]; then
		RET=1
		RETMSG="$3: got '$1', expected '$2'"
	fi
}

# check_match TEXT REGEX WHAT
check_match() {
	if [ "$RET" -eq 0 ] && ! printf '%s\n' "$1" | grep -qE -- "$2"; then
		RET=1
		RETMSG="$3: '$1' does not match /$2/"
	fi
}

# busywait TIMEOUT_MS CMD...: run CMD until it succeeds or time runs out.
busywait() {
	local deadline=$(( $(date +%s%N) / 1000000 + $1 ))

	shift
	while :; do
		"$@" && return 0
		[ $(( $(date +%s%N) / 1000000 )) -ge "$deadline" ] && return 1
		sleep 0.1
	done
}

skip() {
	echo "SKIP: $*"
	exit $ksft_skip
}

require_cmd() {
	local c

	for c; do
		command -v "$c" > /dev/null || skip "$c is not installed (make deps)"
	done
}

# setup_ns VAR...: create namespaces named VAR-XXXXXX, store names in VAR.
setup_ns() {
	local var ns

	for var; do
		ns=$var-$(mktemp -u XXXXXX)
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
		NS_LIST+=("$ns")
		eval "$var=$ns"
	done
}

cleanup_ns() {
	local ns

	for ns in "${NS_LIST[@]}"; do
		ip netns pids "$ns" 2> /dev/null | xargs -r kill 2> /dev/null
		ip netns del "$ns" 2> /dev/null
	done
	NS_LIST=()
}

[ -c /dev/net/tun ] || modprobe tun

# A quiet host: no IPv6 chatter (DAD, RS, MLD) on new devices, so counters
# move only by what a test sends.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1

# add_guest NS PORT ADDR/LEN [MAC]: a veth pair, PORT on the host side,
# eth0 in NS with ADDR.
add_guest() {
	local ns=$1 port=$2 addr=$3 mac=${4:-}

	ip link add "$port" type veth peer name eth0 netns "$ns" || return 1
	[ -n "$mac" ] && ip -n "$ns" link set eth0 address "$mac"
	ip -n "$ns" addr add "$addr" dev eth0
	ip -n "$ns" link set eth0 up
	ip link set "$port" up
}

mac_of() {	# mac_of NS DEV
	ip -n "$1" -br link show dev "$2" | awk '{print $3}'
}

# port_stat PORT COUNTER: a port's counter from `vswctl -s port show`.
port_stat() {
	vswctl -s port show | awk -v d="$1" -v k="$2" '
		$1 == d { getline; for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1) }'
}

# switch_stat SWITCH COUNTER
switch_stat() {
	vswctl -s switch show "$1" | awk -v k="$2" '
		NR == 2 { for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1) }'
}

# switch_field SWITCH FIELD: a field of the first `switch show` line.
switch_field() {
	vswctl switch show "$1" | awk -v k="$2" '
		NR == 1 { for (i = 2; i < NF; i += 2) if ($i == k) print $(i + 1) }'
}

# fdb_port SWITCH MAC: the port (dev) an FDB entry points to, and its kind.
fdb_entry() {
	vswctl fdb show "$1" | awk -v m="$2" '$1 == m { print $3, $6 }'
}

fdb_count() {	# fdb_count SWITCH [dev DEV]: number of entries listed
	vswctl fdb show "$@" | wc -l
}

# A station (MAC and IPv4 address) known to a namespace without ARP, so
# counters move only by the frames a test sends.
static_neigh() {	# static_neigh NS ADDR MAC
	ip -n "$1" neigh replace "$2" lladdr "$3" dev eth0 nud permanent
}

# tests_run: the cases of ALL_TESTS, or those of TESTS; VSWITCH_TESTS
# (passed into the VM: make check T=policy VSWITCH_TESTS="mirror") keeps
# only the cases it names, of every test script run.
# vsw_unload: the modules out, vswitch_nat (which uses the core's
# symbols) first, as `modprobe -r vswitch_nat vswitch` does.
vsw_unload() {
	if grep -q '^vswitch_nat ' /proc/modules; then
		rmmod vswitch_nat || return
	fi
	rmmod vswitch
}

tests_run() {
	local t

	for t in ${TESTS:-$ALL_TESTS}; do
		if [ -n "${VSWITCH_TESTS:-}" ] &&
		   [[ " $VSWITCH_TESTS " != *" $t "* ]]; then
			continue
		fi
		if [[ " ${VSWITCH_SKIP_TESTS:-} " == *" $t "* ]]; then
			echo "SKIP: $t: left out (VSWITCH_SKIP_TESTS)"
			continue
		fi
		"$t"
	done
	exit $EXIT_STATUS
}

# send_frames NS DEV DST SRC [COUNT]: raw Ethernet frames (type 0x88b5,
# local experimental) from DEV in NS.
send_frames() {
	ip netns exec "$1" $PY - "$2" "$3" "$4" "${5:-1}" <<'PYEOF'
import socket, sys
dev, dst, src, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((dev, 0))
frame = bytes.fromhex((dst + src).replace(":", "")) + b"\x88\xb5" + bytes(46)
for _ in range(n):
    s.send(frame)
PYEOF
}

# pktgen_run DEV COUNT SRC_MAC SRC_MAC_COUNT DST_MAC: COUNT 60-byte frames
# from DEV (host namespace) with SRC_MAC_COUNT consecutive source addresses.
pktgen_run() {
	local pg=/proc/net/pktgen dev=$1 backlog

	[ -d $pg ] || modprobe pktgen 2> /dev/null
	[ -d $pg ] || return 1
	echo rem_device_all > $pg/kpktgend_0
	echo "add_device $dev" > $pg/kpktgend_0
	{
		echo "count $2"
		echo "clone_skb 0"
		echo "pkt_size 60"
		echo "delay 0"
		echo "src_mac $3"
		echo "src_mac_count $4"
		echo "dst_mac $5"
		echo "dst 10.255.255.254"
	} | while read -r line; do echo "$line" > $pg/$dev; done
	# veth queues to the receiving CPU's backlog: make room for every
	# frame, so a slow (debug) kernel counts them all instead of dropping.
	backlog=$(sysctl -n net.core.netdev_max_backlog)
	sysctl -qw net.core.netdev_max_backlog=$(( $2 > backlog ? $2 : backlog ))
	echo start > $pg/pgctrl
	echo rem_device_all > $pg/kpktgend_0
	sysctl -qw net.core.netdev_max_backlog="$backlog"
}

# monitor_start FILE SWITCH: run `vswctl monitor` into FILE, return once it
# is listening (seen by a port event it reports).
monitor_start() {
	vswctl monitor > "$1" &
	MONPID=$!
	ip link add vswmon0 type dummy
	busywait 10000 sh -c "ip link set vswmon0 master $2; ip link set vswmon0 nomaster;
			      grep -q 'port-added vswmon0' '$1'"
	local ret=$?
	ip link del vswmon0
	return $ret
}

monitor_stop() {
	kill "$MONPID" 2> /dev/null
	wait "$MONPID" 2> /dev/null
}

# snap FILE: every port's counters, "PORT COUNTER VALUE" a line.
snap() {
	vswctl -s port show | awk '
		/^[^ \t]/ { p = $1; next }
		{ for (i = 1; i < NF; i += 2) print p, $i, $(i + 1) }' > "$1"
}

# drops_since FILE: the drop counters that moved since snap FILE, as
# "PORT COUNTER+N", sorted, on one line; empty if none moved.
drops_since() {
	snap "$1.now"
	awk 'NR == FNR { v[$1 " " $2] = $3; next }
	     $2 ~ /^drop_/ && $3 != v[$1 " " $2] { print $1, $2 "+" $3 - v[$1 " " $2] }' \
		"$1" "$1.now" | sort | xargs
}

# moved FILE PORT COUNTER: how much COUNTER of PORT moved since snap FILE.
moved() {
	snap "$1.now"
	awk -v p="$2" -v k="$3" 'NR == FNR { if ($1 == p && $2 == k) v = $3; next }
		$1 == p && $2 == k { print $3 - v }' "$1" "$1.now"
}
