#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input gets a clear error and changes nothing: vswctl's own checks
# (one line naming the word, exit 1), the kernel's refusals as vswctl
# prints them, and malformed netlink requests made by hand (lib/nlraw.py).
#
#   sw0 (host-only): vp1     sw1 (internal): vp2

ALL_TESTS="cli_errors kernel_refusals malformed_genl malformed_rtnl dump_changes
	   netconsole extack_concurrent"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip

NL="$PY lib/nlraw.py"

cleanup() {
	ip link del sw0 2> /dev/null
	ip link del sw1 2> /dev/null
	ip link del sw9 2> /dev/null
	ip link del vp1 2> /dev/null
	ip link del vp2 2> /dev/null
	ip link del br0 2> /dev/null
}
trap cleanup EXIT

setup() {
	cleanup
	modprobe vswitch
	vswctl switch add sw0 mode host-only ageing 100 fdb-max 100 || return 1
	vswctl switch add sw1 || return 1
	ip link add vp1 type veth peer name vp1p
	ip link add vp2 type veth peer name vp2p
	vswctl port add sw0 vp1 && vswctl port add sw1 vp2
}

# State that no refused request may change.
state() {
	vswctl switch show
	vswctl port show
	vswctl fdb show sw0 | awk '{print $1, $3, $6}'
	ip -br link show | awk '{print $1}' | sort | xargs
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

cli_errors() {
	local before

	setup
	check_err $? "setup"
	before=$(state)
	refused 'vswctl: unknown argument "bogus"' vswctl switch add sw9 bogus
	refused 'vswctl: missing value for "ageing"' vswctl switch add sw9 ageing
	refused 'vswctl: ageing "2000000" out of range (0..1000000)' vswctl switch add sw9 ageing 2000000
	refused 'vswctl: invalid ageing "-1"' vswctl switch add sw9 ageing -1
	refused 'vswctl: invalid fdb-max "lots"' vswctl switch add sw9 fdb-max lots
	refused 'vswctl: mtu "10" out of range (68..65535)' vswctl switch add sw9 mtu 10
	refused 'vswctl: invalid mode "bogus" (internal | host-only | nat | bridged)' vswctl switch add sw9 mode bogus
	refused 'vswctl: address: an internal switch carries no host traffic' vswctl switch add sw9 mode internal address 10.9.9.1/24
	refused 'vswctl: invalid MAC address "zz:zz"' vswctl fdb add sw0 zz:zz dev vp1
	refused 'vswctl: invalid MAC address "02:00:00:00:00"' vswctl fdb del sw0 02:00:00:00:00
	refused 'vswctl: device "nope" does not exist' vswctl port add sw0 nope
	refused 'vswctl: unknown argument "bogus"' vswctl fdb flush sw0 bogus
	refused 'vswctl: unknown argument "ageing"' vswctl port set vp1 ageing 5
	vswctl frobnicate > /dev/null 2>&1
	check_eq $? 1 "exit status of an unknown object"
	check_eq "$(state)" "$before" "state after the refused commands"
	log_test "vswctl: bad words are named, nothing changes"
}

kernel_refusals() {
	local before swmac

	setup
	check_err $? "setup"
	swmac=$(ip -br link show sw0 | awk '{print $3}')
	before=$(state)
	refused 'Error: lo is not a vswitch device' vswctl switch del lo
	refused 'Error: lo is not a vswitch device' vswctl switch set lo ageing 5
	refused 'Error: vp1p is not a port of a vswitch' vswctl port del vp1p
	refused 'Error: vp1p is not a port of a vswitch' vswctl port set vp1p fdb-max 3
	refused 'Error: a static entry needs a unicast, non-zero address' vswctl fdb add sw0 01:00:5e:00:00:01 dev vp1
	refused 'Error: a static entry needs a unicast, non-zero address' vswctl fdb add sw0 00:00:00:00:00:00 dev vp1
	refused 'Error: vp2 is not a port of sw0' vswctl fdb add sw0 02:00:00:00:00:01 dev vp2
	refused 'Error: vp2 is not a port of sw0' vswctl fdb flush sw0 dev vp2
	refused 'Error: no entry for this address' vswctl fdb del sw0 02:00:00:00:00:01
	refused "Error: the switch device's own entry cannot be deleted" vswctl fdb del sw0 "$swmac"
	refused 'Error: lo is not a vswitch device' vswctl fdb show lo
	check_eq "$(state)" "$before" "state after the refusals"
	vswctl switch add sw0 > /dev/null 2>&1
	check_eq $? 1 "exit status of adding an existing switch"
	check_eq "$(state)" "$before" "state after adding an existing switch"
	log_test "kernel refusals reach the user as extack messages"
}

# answer EXPECTED_ERRNO MESSAGE_REGEX ARGS...: nlraw's reply matches.
answer() {
	local errno=$1 re=$2 out

	shift 2
	out=$($NL "$@")
	check_eq "${out%% *}" "$errno" "errno of nlraw $*"
	check_match "${out#* }" "$re" "message of nlraw $*"
}

malformed_genl() {
	local before idx

	setup
	check_err $? "setup"
	idx=$(cat /sys/class/net/sw0/ifindex)
	before=$(state)
	# FDB_NEW (7) with a 5-byte MAC, both names, no name, no MAC.
	answer -34 '.' genl 7 2:str:sw0 11:str:vp1 14:bytes:0211223344
	answer -22 '^name the switch by exactly one of ifindex and ifname$' genl 7 1:u32:$idx 2:str:sw0 11:str:vp1 14:bytes:021122334455
	answer -22 '^name the switch by exactly one of ifindex and ifname$' genl 9
	answer -22 '^missing the MAC address$' genl 7 2:str:sw0 11:str:vp1
	answer -22 '^a static entry needs a port$' genl 7 2:str:sw0 14:bytes:021122334455
	answer -19 '^no such switch device$' genl 1 1:u32:99999
	answer -19 '^no such switch device$' genl 1 2:str:nope
	answer -34 '.' genl 8 2:str:sw0 14:bytes:021122334455 15:u16:4095
	answer -2 '.' genl 8 2:str:sw0 14:bytes:021122334455 15:u16:5
	# Read-only attributes, unknown attributes, a name without its NUL.
	answer -22 '^the mode is set at creation \(rtnetlink\)$' genl 1 2:str:sw0 3:u32:1
	answer -22 '^switch settings change through rtnetlink$' genl 1 2:str:sw0 4:u32:1
	answer -22 '.' genl 1 2:str:sw0 50:u32:1
	answer -22 '.' genl 1 2:bytes:737730
	answer -22 '.' genl 1 2:str:abcdefghijklmnopq
	# Event-only and unknown commands.
	answer -95 '' genl 4 2:str:sw0
	answer -95 '' genl 99
	check_eq "$(state)" "$before" "state after the malformed requests"
	answer 0 '' genl 9 1:u32:$idx
	log_test "malformed generic netlink requests are refused with a reason"
}

malformed_rtnl() {
	local before

	setup
	check_err $? "setup"
	before=$(state)
	answer -95 '^only a bridged switch has an uplink$' newlink sw9 1:u32:1 4:u32:1
	answer -19 '^no such uplink device$' newlink sw9 1:u32:3 4:u32:999999
	answer -95 '^lo is not an Ethernet device$' newlink sw9 1:u32:3 4:u32:1
	answer -95 '^only a bridged switch has an uplink$' changelink sw1 4:u32:1
	answer -34 '.' newlink sw9 1:u32:3 4:u16:1
	answer -34 '.' newlink sw9 1:u32:9
	answer -34 '.' newlink sw9 2:u32:2000000
	answer -34 '.' newlink sw9 1:u16:1
	answer -95 '^the mode of a switch cannot be changed$' changelink sw1 1:u32:1
	check_eq "$(state)" "$before" "state after the malformed requests"
	answer 0 '' changelink sw1 1:u32:0 2:u32:7
	check_eq "$(switch_field sw1 ageing)" 7 "ageing after a valid changelink"
	ip link add sw9 type vswitch mode 2> /dev/null
	check_fail $? "ip link accepted an argument vswitch does not parse"
	log_test "malformed rtnetlink requests are refused with a reason"
}

# A dump is read in parts, each made under RTNL from where the last one
# stopped (an index). A switch or a port that goes between two parts moves
# the rest by one: one would be skipped without a word. The parts after
# such a change carry NLM_F_DUMP_INTR, as the kernel's own dumps do, and
# vswctl and the tools that read dumps start again.
dump_changes() {
	local x i out

	cleanup
	modprobe vswitch
	setup_ns x
	for i in $(seq 0 199); do echo "link add s$i type vswitch"; done | ip -n "$x" -batch -
	for i in $(seq 0 149); do
		echo "link add d$i type dummy"
		echo "link set d$i master s0"
	done | ip -n "$x" -batch -
	check_err $? "200 switches, 150 ports"
	out=$(ip netns exec "$x" $NL dump-parts 1 -- true)
	check_match "$out" '^([2-9]|[1-9][0-9]+) 200 0$' "switch dump, nothing changed (parts, messages, intr)"
	out=$(ip netns exec "$x" $NL dump-parts 1 -- ip link del s0)
	check_match "$out" '^([2-9]|[1-9][0-9]+) 19[89] 1$' "switch dump, a switch deleted after its first part"
	ip -n "$x" link add s0 type vswitch
	for i in $(seq 0 149); do echo "link set d$i master s0"; done | ip -n "$x" -batch -
	out=$(ip netns exec "$x" $NL dump-parts 2 -- true)
	check_match "$out" '^([2-9]|[1-9][0-9]+) 150 0$' "port dump, nothing changed"
	out=$(ip netns exec "$x" $NL dump-parts 2 -- ip link set d0 nomaster)
	check_match "$out" '^([2-9]|[1-9][0-9]+) 149 1$' "port dump, a port detached after its first part"
	check_eq "$(ip netns exec "$x" vswctl port show | wc -l)" 149 "vswctl port show after the change"
	ip netns del "$x"
	NS_LIST=()
	log_test "dumps that span a change say so (NLM_F_DUMP_INTR)"
}

# netconsole (netpoll) sends with interrupts off straight into a device's
# xmit, where a switch would forward the message to every port through
# their queues (a WARN, a panic under panic_on_warn). The switch says it
# does not do netpoll: netconsole refuses it; its ports can carry it.
netconsole() {
	local nc=/sys/kernel/config/netconsole/vsw

	cleanup
	modprobe vswitch
	modprobe netconsole 2> /dev/null
	mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config 2> /dev/null
	[ -d /sys/kernel/config/netconsole ] ||
		{ echo "SKIP: netconsole: no netconsole over configfs in this kernel"; return; }
	vswctl switch add sw0 mode host-only address 10.99.0.1/24
	ip link add vp1 type veth peer name vp1p
	ip link set vp1p up
	vswctl port add sw0 vp1
	mkdir "$nc"
	echo sw0 > "$nc/dev_name"
	echo 10.99.0.2 > "$nc/remote_ip"
	echo 1 > "$nc/enabled" 2> /dev/null
	check_fail $? "netconsole enabled on a switch"
	check_eq "$(cat "$nc/enabled")" 0 "netconsole's state"
	echo "vswitch selftest: a message while netconsole is refused" > /dev/kmsg
	rmdir "$nc"
	log_test "netconsole is refused on a switch device"
}

# Formatted refusals from many processes at once: each answer names the
# device of its own request. (Kernels without NL_SET_ERR_MSG_FMT keep the
# text in a buffer of the module's until the ack copies it: a shared one
# could be written over by another request's text first.)
extack_concurrent() {
	local n=${VSWITCH_EXTACK_ROUNDS:-2000} i out script

	cleanup
	modprobe vswitch
	vswctl switch add sw0
	for i in 0 1 2 3 4 5 6 7; do
		ip link add xv$i type veth peer name xw$i
	done
	# PORT_SET of a device that is no port: "xvN is not a port of a
	# vswitch", formatted with the request's own device.
	script=$(cat <<'PYEOF'
import socket, struct, sys
sys.path.insert(0, "lib")
import nlraw
dev, n = sys.argv[1], int(sys.argv[2])
fam = nlraw.family()[0]
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, nlraw.NETLINK_GENERIC)
s.setsockopt(nlraw.SOL_NETLINK, nlraw.NETLINK_EXT_ACK, 1)
s.setsockopt(nlraw.SOL_NETLINK, nlraw.NETLINK_CAP_ACK, 1)
s.bind((0, 0))
body = struct.pack("BBH", 3, 1, 0) + nlraw.attr(11, dev.encode() + b"\0")
msg = struct.pack("IHHII", 16 + len(body), fam, 5, 0, 0) + body
want = "%s is not a port of a vswitch" % dev
bad = 0
for i in range(n):
	s.send(msg)
	d = s.recv(4096)
	text = ""
	for t, val in nlraw.attrs(d[36:]):
		if t == nlraw.NLMSGERR_ATTR_MSG:
			text = val.rstrip(b"\0").decode()
	if text != want:
		bad += 1
		if bad <= 3:
			print("%s: %r" % (dev, text))
print("bad", bad)
PYEOF
)
	out=$(for i in 0 1 2 3 4 5 6 7; do
		$PY -c "$script" "xv$i" "$n" &
	done; wait)
	check_eq "$(echo "$out" | grep -c '^bad 0$')" 8 "processes whose $n answers all named their device: $(echo "$out" | grep -v '^bad 0$' | head -5 | xargs)"
	for i in 0 1 2 3 4 5 6 7; do ip link del xv$i; done
	log_test "refusals from 8 processes at once: each names its own device"
}

tests_run
