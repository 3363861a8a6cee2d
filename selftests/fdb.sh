#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The forwarding database: learning, aging, moves, static entries, limits
# under a flood of new source addresses, flush, a dump of 100k entries, and
# the events `vswctl monitor` prints for all of it.
#
#   +------------------- sw0 (host-only) ------------------+
#   | vp1 (veth)          vp2 (veth)          pgp (veth)    |
#   +---|-------------------|-------------------|-----------+
#     ns g1: eth0         ns g2: eth0         pg0: pktgen in the host
#     10.78.0.11          10.78.0.12          namespace

ALL_TESTS="learn age move static_entries limit_switch limit_port flush
	   dump_100k"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip ping

M1=02:78:00:00:00:11
M2=02:78:00:00:00:12
M3=02:78:00:00:00:13
BCAST=ff:ff:ff:ff:ff:ff
MON=$(mktemp)
MONPID=

cleanup() {
	[ -n "$MONPID" ] && monitor_stop
	ip link del sw0 2> /dev/null
	ip link del pg0 2> /dev/null
	cleanup_ns
}
trap 'cleanup; rm -f "$MON"' EXIT

setup() {
	cleanup
	setup_ns g1 g2
	vswctl switch add sw0 mode host-only "$@" || return 1
	add_guest "$g1" vp1 10.78.0.11/24 $M1
	add_guest "$g2" vp2 10.78.0.12/24 $M2
	ip link add pg0 type veth peer name pgp
	ip link set pg0 up
	for p in vp1 vp2 pgp; do vswctl port add sw0 $p || return 1; done
	monitor_start "$MON" sw0
}

fdb_gone() {	# fdb_gone SWITCH MAC
	[ -z "$(fdb_entry "$1" "$2")" ]
}

learn() {
	setup
	check_err $? "setup"
	check_eq "$(fdb_count sw0)" 1 "entries before traffic (the switch's own)"
	check_eq "$(vswctl fdb show sw0 | awk '{print $3, $6}')" "sw0 local" "the local entry"
	ip netns exec "$g1" ping -c 1 -W 2 10.78.0.12 > /dev/null
	check_err $? "g1 cannot reach g2"
	check_eq "$(fdb_entry sw0 $M1)" "vp1 learned" "entry of g1"
	check_eq "$(fdb_entry sw0 $M2)" "vp2 learned" "entry of g2"
	check_eq "$(switch_field sw0 fdb-count)" 2 "switch fdb-count"
	check_eq "$(vswctl port show sw0 | awk '$1 == "vp1" {print $NF}')" 1 "vp1 fdb-count"
	check_eq "$(fdb_count sw0 dev vp2)" 1 "entries behind vp2"
	busywait 5000 grep -q "learned $M1 dev vp1 vlan 0 switch sw0" "$MON"
	check_err $? "no learned event for g1"
	# The local entry follows the switch device's address.
	ip link set sw0 address 02:78:00:00:00:01
	check_eq "$(vswctl fdb show sw0 | awk '$6 == "local" {print $1}')" 02:78:00:00:00:01 "local entry after an address change"
	ip netns exec "$g1" ip neigh flush all
	ip addr add 10.78.0.1/24 dev sw0
	ip netns exec "$g1" ping -c 1 -W 2 10.78.0.1 > /dev/null
	check_err $? "g1 cannot reach the host at its new address"
	log_test "learning: stations are learned behind their ports"
}

age() {
	local t0 ms

	setup ageing 5
	check_err $? "setup"
	check_eq "$(switch_field sw0 ageing)" 5 "ageing"
	send_frames "$g1" eth0 $BCAST $M1
	t0=$(( $(date +%s%N) / 1000000 ))
	check_eq "$(fdb_entry sw0 $M1)" "vp1 learned" "entry of g1"
	busywait 20000 fdb_gone sw0 $M1
	check_err $? "entry did not age out within 20 s"
	ms=$(( $(date +%s%N) / 1000000 - t0 ))
	[ "$ms" -ge 4500 ]
	check_err $? "entry aged out after $ms ms with ageing 5 s"
	busywait 5000 grep -q "aged $M1 dev vp1 vlan 0 switch sw0" "$MON"
	check_err $? "no aged event"
	# With ageing 0 nothing ages.
	vswctl switch set sw0 ageing 0
	send_frames "$g1" eth0 $BCAST $M1
	sleep 3
	check_eq "$(fdb_entry sw0 $M1)" "vp1 learned" "entry with ageing 0 after 3 s"
	log_test "aging: learned entries go after the ageing time, never with 0"
}

move() {
	setup
	check_err $? "setup"
	send_frames "$g1" eth0 $BCAST $M1
	check_eq "$(fdb_entry sw0 $M1)" "vp1 learned" "entry of g1"
	# g1's address now shows up behind vp2: the entry follows at once.
	send_frames "$g2" eth0 $BCAST $M1
	check_eq "$(fdb_entry sw0 $M1)" "vp2 learned" "entry after the move"
	check_eq "$(vswctl port show sw0 | awk '$1 == "vp1" {print $NF}')" 0 "vp1 fdb-count after the move"
	check_eq "$(vswctl port show sw0 | awk '$1 == "vp2" {print $NF}')" 1 "vp2 fdb-count after the move"
	busywait 5000 grep -q "moved $M1 dev vp2 vlan 0 switch sw0" "$MON"
	check_err $? "no moved event"
	# Frames for M1 now go to vp2 only.
	local tx1 tx2
	tx1=$(port_stat pgp tx_packets); tx2=$(port_stat vp2 tx_packets)
	send_frames "$g1" eth0 $M1 $M3 3
	check_eq $(( $(port_stat vp2 tx_packets) - tx2 )) 3 "vp2 tx to the moved station"
	check_eq $(( $(port_stat pgp tx_packets) - tx1 )) 0 "pgp tx to the moved station"
	log_test "moves: a station seen on another port is updated at once"
}

static_entries() {
	local tx1 tx2

	setup ageing 1
	check_err $? "setup"
	vswctl fdb add sw0 $M3 dev vp1
	check_err $? "fdb add"
	check_eq "$(fdb_entry sw0 $M3)" "vp1 static" "static entry"
	check_eq "$(switch_field sw0 fdb-static)" 2 "fdb-static (local + 1)"
	busywait 5000 grep -q "added $M3 dev vp1 vlan 0 switch sw0" "$MON"
	check_err $? "no added event"
	# It never moves ...
	send_frames "$g2" eth0 $BCAST $M3
	check_eq "$(fdb_entry sw0 $M3)" "vp1 static" "static entry after its MAC was seen on vp2"
	# ... frames to it go to its port only ...
	tx1=$(port_stat vp1 tx_packets); tx2=$(port_stat vp2 tx_packets)
	send_frames "$g2" eth0 $M3 $M2 4
	check_eq $(( $(port_stat vp1 tx_packets) - tx1 )) 4 "vp1 tx to the static entry"
	check_eq $(( $(port_stat vp2 tx_packets) - tx2 )) 0 "vp2 tx to the static entry"
	# ... and it never ages.
	sleep 3
	check_eq "$(fdb_entry sw0 $M3)" "vp1 static" "static entry after 3 s with ageing 1"
	vswctl fdb add sw0 $M3 dev vp2 2> /dev/null
	check_fail $? "a second static entry for one address was accepted"
	vswctl fdb del sw0 $M3
	check_err $? "fdb del"
	check_eq "$(fdb_entry sw0 $M3)" "" "entry after fdb del"
	busywait 5000 grep -q "deleted $M3 dev vp1 vlan 0 switch sw0" "$MON"
	check_err $? "no deleted event"
	# A learned entry becomes static.
	send_frames "$g2" eth0 $BCAST $M2
	vswctl fdb add sw0 $M2 dev vp2
	check_eq "$(fdb_entry sw0 $M2)" "vp2 static" "learned entry made static"
	check_eq "$(switch_field sw0 fdb-count)" 0 "fdb-count after it became static"
	log_test "static entries never age, never move, and are deleted on request"
}

limit_switch() {
	local refused

	setup fdb-max 50
	check_err $? "setup"
	ip netns exec "$g1" ping -c 1 -W 2 10.78.0.12 > /dev/null
	check_eq "$(switch_field sw0 fdb-count)" 2 "fdb-count before the flood"
	pktgen_run pg0 1000 02:aa:00:00:00:00 1000 02:bb:00:00:00:01 ||
		skip "pktgen is not available"
	check_eq "$(switch_field sw0 fdb-count)" 50 "fdb-count after 1000 new sources"
	refused=$(port_stat pgp learn_refused)
	check_eq "$refused" 952 "pgp learn_refused"
	check_eq "$(switch_stat sw0 learn_refused)" 952 "switch learn_refused"
	check_eq "$(port_stat pgp rx_packets)" 1000 "pgp rx_packets"
	# Known stations keep being forwarded, and a new one is not learned.
	ip netns exec "$g1" ping -c 2 -W 2 10.78.0.12 > /dev/null
	check_err $? "g1 cannot reach g2 with a full table"
	check_eq "$(fdb_entry sw0 $M1)" "vp1 learned" "entry of g1"
	send_frames "$g2" eth0 $BCAST $M3
	check_eq "$(fdb_entry sw0 $M3)" "" "new station with a full table"
	# Raising the limit lets learning go on.
	vswctl switch set sw0 fdb-max 51
	send_frames "$g2" eth0 $BCAST $M3
	check_eq "$(fdb_entry sw0 $M3)" "vp2 learned" "new station after raising the limit"
	log_test "switch limit: a MAC flood cannot grow the table past fdb-max"
}

limit_port() {
	setup
	check_err $? "setup"
	vswctl port set pgp fdb-max 10
	check_err $? "port set"
	check_eq "$(vswctl port show sw0 | awk '$1 == "pgp" {print $5}')" 10 "pgp fdb-max"
	pktgen_run pg0 30 02:aa:00:00:00:00 30 02:bb:00:00:00:01 ||
		skip "pktgen is not available"
	check_eq "$(fdb_count sw0 dev pgp)" 10 "entries behind pgp"
	check_eq "$(port_stat pgp learn_refused)" 20 "pgp learn_refused"
	ip netns exec "$g1" ping -c 1 -W 2 10.78.0.12 > /dev/null
	check_err $? "other ports keep learning"
	check_eq "$(switch_field sw0 fdb-count)" 12 "switch fdb-count"
	log_test "port limit: one port cannot take more than its fdb-max"
}

flush() {
	setup
	check_err $? "setup"
	ip netns exec "$g1" ping -c 1 -W 2 10.78.0.12 > /dev/null
	pktgen_run pg0 20 02:aa:00:00:00:00 20 02:bb:00:00:00:01 ||
		skip "pktgen is not available"
	vswctl fdb add sw0 $M3 dev pgp
	check_eq "$(fdb_count sw0)" 24 "entries before the flush (20 + 2 + static + local)"
	vswctl fdb flush sw0 dev pgp
	check_err $? "flush dev pgp"
	check_eq "$(fdb_count sw0 dev pgp)" 0 "entries behind pgp after its flush"
	check_eq "$(fdb_count sw0)" 3 "entries after flushing pgp"
	vswctl fdb flush sw0
	check_err $? "flush"
	check_eq "$(vswctl fdb show sw0 | awk '{print $3, $6}')" "sw0 local" "entries after the flush"
	check_eq "$(switch_field sw0 fdb-count)" 0 "fdb-count after the flush"
	busywait 5000 grep -q "deleted $M1 dev vp1 vlan 0 switch sw0" "$MON"
	check_err $? "no deleted event for the flushed entries"
	log_test "flush per port and per switch; the local entry stays"
}

dump_100k() {
	local n uniq

	setup fdb-max 0 ageing 0
	check_err $? "setup"
	monitor_stop
	MONPID=
	pktgen_run pg0 100000 02:aa:00:00:00:00 100000 02:bb:00:00:00:01 ||
		skip "pktgen is not available"
	check_eq "$(switch_field sw0 fdb-count)" 100000 "fdb-count"
	vswctl fdb show sw0 > "$MON"
	check_err $? "fdb show"
	n=$(wc -l < "$MON")
	uniq=$(awk '{print $1}' "$MON" | sort -u | wc -l)
	check_eq "$n" 100001 "entries dumped"
	check_eq "$uniq" 100001 "distinct entries dumped"
	check_eq "$(vswctl -j fdb show sw0 dev pgp | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')" 100000 "entries behind pgp in JSON"

	# Stations learned while a dump runs do not disturb it.
	pktgen_run pg0 50000 02:cc:00:00:00:00 50000 02:bb:00:00:00:01 &
	local pg=$!
	busywait 10000 sh -c '[ "$(vswctl switch show sw0 | cut -d" " -f9)" -gt 100000 ]'
	vswctl fdb show sw0 > "$MON"
	check_err $? "fdb show while learning"
	wait $pg
	n=$(wc -l < "$MON")
	uniq=$(awk '{print $1}' "$MON" | sort -u | wc -l)
	check_eq "$uniq" "$n" "distinct entries in a dump made while learning"
	check_eq "$(grep -c '^02:aa:' "$MON")" 100000 "old entries in a dump made while learning"
	check_eq "$(switch_field sw0 fdb-count)" 150000 "fdb-count after learning 50k more"
	log_test "a dump of 100k entries is complete, also while learning"
}

tests_run
