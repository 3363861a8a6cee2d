#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Namespaces and privileges: switches work in any network namespace and are
# invisible from the others; changes need CAP_NET_ADMIN over the switch's
# namespace; namespace teardown cleans up switches and ports.
#
#   ns a: sw0 (host-only) + va/vb ports      ns b: sw0 (internal)
#   host: sw0 (host-only) + vp1
#
# The matrices (privileges_matrix, userns_matrix, isolation_matrix) go
# through every change and every read there is: the vswctl commands, the
# rtnetlink paths, and every command of the generic netlink family as the
# kernel lists it (so a command vswctl does not send is covered too).

ALL_TESTS="isolation create_in privileges userns teardown privileges_matrix userns_matrix isolation_matrix"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip setpriv unshare

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"

cleanup() {
	[ -n "${HOLDPID:-}" ] && kill "$HOLDPID" 2> /dev/null
	HOLDPID=
	mon_stop
	vswctl switch del swd 2> /dev/null
	matrix_cleanup
	ip link del hx 2> /dev/null
	cleanup_ns
}
trap cleanup EXIT

isolation() {
	cleanup
	modprobe vswitch
	modprobe vswitch_nat
	setup_ns a b
	vswctl switch add sw0 mode host-only
	ip netns exec "$a" vswctl switch add sw0 mode host-only
	ip netns exec "$b" vswctl switch add sw0
	check_err $? "the same name in three namespaces"
	# An ifindex no device of the host has (not a switch's either, which
	# PORT_GET would take for its host port).
	ip -n "$a" link add va index 4242 type veth peer name vb
	ip netns exec "$a" vswctl port add sw0 va
	check_eq "$(ip netns exec "$a" vswctl switch show | awk '{print $1, $3, $NF}')" "sw0 host-only 1" "switches seen from a"
	check_eq "$(ip netns exec "$b" vswctl switch show | awk '{print $1, $3, $NF}')" "sw0 internal 0" "switches seen from b"
	check_eq "$(vswctl switch show | awk '{print $1, $3, $NF}')" "sw0 host-only 0" "switches seen from the host"
	check_eq "$(vswctl port show)" "" "ports seen from the host"
	check_eq "$(ip netns exec "$b" vswctl port show)" "" "ports seen from b"
	check_eq "$(ip netns exec "$a" vswctl port show | awk '{print $1, $3}')" "va sw0" "ports seen from a"
	# An ifindex from another namespace names nothing here.
	local idx
	idx=$(ip netns exec "$a" cat /sys/class/net/va/ifindex)
	ip link add vp1 type veth peer name vp1p
	check_eq "$idx $(ip -o link show | grep -c "^$idx:")" "4242 0" "va's ifindex, and the host's devices with it"
	check_eq "$($PY lib/nlraw.py genl 2 10:u32:"$idx")" "-19 no such port device" "a port's ifindex from another namespace"
	# A switch stays in its namespace.
	ip link set sw0 netns "$b" 2> /dev/null
	check_fail $? "a switch moved to another namespace"
	log_test "switches live in one namespace and are invisible from the others"
}

# A switch made from one namespace for another (IFLA_NET_NS_FD, ip link
# add ... netns X) is created there: its name, its ports and its uplink's
# ifindex are that namespace's on every kernel. A link namespace
# (IFLA_LINK_NETNSID) means nothing to a switch and is refused.
create_in() {
	local out

	cleanup
	modprobe vswitch
	modprobe vswitch_nat
	setup_ns a b
	ip link add sw0 netns "$a" type vswitch
	check_err $? "ip link add sw0 netns A type vswitch"
	check_eq "$(ip -n "$a" -d -o link show sw0 | grep -o ' vswitch ' | tr -d ' ')" vswitch "sw0 is a switch in A"
	ip link show sw0 > /dev/null 2>&1
	check_fail $? "sw0 in the caller's namespace"
	check_eq "$(ip netns exec "$a" vswctl switch show | awk '{print $1, $3}')" "sw0 internal" "switch show in A"
	ip -n "$a" link add va type veth peer name vb
	ip -n "$a" link set va master sw0
	check_err $? "ip -n A link set va master sw0"
	check_eq "$(ip netns exec "$a" vswctl port show | awk '{print $1, $3}')" "va sw0" "A's device is sw0's port"

	# Bridged, for B, with B's device as uplink, named by its ifindex in
	# B; an ifindex of the caller's namespace names nothing there.
	ip -n "$b" link add up0 index 4000 type veth peer name up0p
	ip -n "$b" link set up0p up
	ip -n "$b" link set up0 up
	ip link add hx index 4001 type veth peer name hxp
	out=$($PY lib/nlraw.py newlink sw1 @28:fd:/run/netns/"$b" 1:u32:3 4:u32:4000)
	check_eq "$out" "0 " "a bridged switch made for B, uplink B's ifindex 4000"
	check_match "$(ip netns exec "$b" vswctl switch show sw1)" '^sw1 mode bridged .* uplink up0$' "sw1's uplink is B's up0"
	check_eq "$(ip -n "$b" -d -o link show up0 | grep -o 'promiscuity [0-9]*')" "promiscuity 1" "B's up0 promiscuous as the uplink"
	out=$($PY lib/nlraw.py newlink sw2 @28:fd:/run/netns/"$b" 1:u32:3 4:u32:4001)
	check_eq "$out" "-19 no such uplink device" "an uplink ifindex of the caller's namespace"
	check_eq "$(ip -n "$b" -o link show type vswitch | awk '{print $2}' | tr '\n' ' ')" "sw1@up0: " "B's switches after the refusal"
	check_eq "$(ip -o link show type vswitch)" "" "the caller's switches"

	# No link namespace, whatever the target.
	out=$(ip link add sw3 link-netns "$a" type vswitch 2>&1)
	check_match "$out" '^Error: a switch has no link namespace: its uplink and ports are in its own' "link-netns refused"
	out=$(ip link add sw3 netns "$b" link-netns "$a" type vswitch 2>&1)
	check_match "$out" '^Error: a switch has no link namespace' "netns B link-netns A refused"
	check_eq "$(ip -o link show type vswitch; ip -n "$b" -o link show sw3 2>/dev/null; ip -n "$a" -o link show sw3 2>/dev/null)" "" "no sw3 anywhere"

	ip -n "$a" link del sw0
	check_err $? "ip -n A link del sw0"
	check_eq "$(ip -n "$a" -o link show va | awk '{print $2, ($0 ~ / master /) ? "master" : "none"}')" \
		"va@vb: none" "va without a master after sw0 went"
	ip -n "$b" link del sw1
	check_eq "$(ip -n "$b" -d -o link show up0 | grep -o 'promiscuity [0-9]*')" "promiscuity 0" "up0 left as it was"
	log_test "a switch made for another namespace is made there, with its devices"
}

privileges() {
	cleanup
	modprobe vswitch
	modprobe vswitch_nat
	vswctl switch add sw0 mode host-only
	ip link add vp1 type veth peer name vp1p
	vswctl port add sw0 vp1
	check_eq "$($NOBODY vswctl switch show sw0 | awk '{print $1}')" sw0 "unprivileged switch show"
	check_eq "$($NOBODY vswctl port show sw0 | awk '{print $1}')" vp1 "unprivileged port show"
	check_eq "$($NOBODY vswctl fdb flush sw0 2>&1)" "Error: Operation not permitted" "unprivileged fdb flush"
	check_eq "$($NOBODY vswctl fdb add sw0 02:00:00:00:00:01 dev vp1 2>&1)" "Error: Operation not permitted" "unprivileged fdb add"
	check_eq "$($NOBODY vswctl port set vp1 fdb-max 1 2>&1)" "Error: Operation not permitted" "unprivileged port set"
	check_eq "$(vswctl port show sw0 | awk '{print $5}')" 0 "port fdb-max after the refusal"
	check_eq "$(fdb_count sw0)" 1 "FDB after the refusals"
	log_test "changes need CAP_NET_ADMIN, reading does not"
}

userns() {
	local out

	cleanup
	modprobe vswitch
	modprobe vswitch_nat
	[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2> /dev/null || echo 1)" = 1 ] ||
		{ echo "SKIP: unprivileged user namespaces are disabled"; return; }
	# Root of a user namespace owns its network namespace's switches.
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn sh -c '
		ip link add sw0 type vswitch &&
		ip link add va type veth peer name vb &&
		vswctl port add sw0 va &&
		vswctl fdb add sw0 02:00:00:00:00:01 dev va &&
		vswctl fdb show sw0 | grep -c static' 2>&1)
	check_eq "$out" 1 "switch, port and static entry made inside a user namespace"
	log_test "CAP_NET_ADMIN in the switch's user namespace is enough"
}

teardown() {
	cleanup
	modprobe vswitch
	modprobe vswitch_nat
	setup_ns a
	ip netns exec "$a" vswctl switch add sw0 mode host-only
	ip netns exec "$a" vswctl switch add sw1
	ip -n "$a" link add va type veth peer name vb
	ip -n "$a" link add vc type veth peer name vd
	ip netns exec "$a" vswctl port add sw0 va
	ip netns exec "$a" vswctl port add sw1 vc
	ip netns exec "$a" vswctl fdb add sw0 02:00:00:00:00:01 dev va
	ip link add vp1 type veth peer name vp1p netns "$a"
	ip netns exec "$a" vswctl port add sw0 vp1p
	ip netns del "$a"
	NS_LIST=()
	busywait 10000 sh -c '! ip link show vp1 > /dev/null 2>&1'
	check_err $? "the host end of a veth into the deleted namespace is still there"
	vsw_unload
	check_err $? "rmmod after the namespace teardown"
	modprobe vswitch
	modprobe vswitch_nat
	log_test "deleting a namespace deletes its switches and their ports"
}

# ------------------------------------------------------------------
# The matrices

AS_NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
OTHER_USER="setpriv --reuid=65533 --regid=65533 --clear-groups --inh-caps=-all --bounding-set=-all"
EPERM_VSWCTL="Error: Operation not permitted"
EPERM_IP="RTNETLINK answers: Operation not permitted"
GENL_ADMIN_PERM=0x01
GENL_UNS_ADMIN_PERM=0x10
MONPIDS=()

# The members of an enum of uapi/linux/vswitch.h as "NAME VALUE" lines:
# requests are written with the names the protocol's specification gives.
uapi_enum() {
	awk -v e="enum $1 {" '$0 == e { on = 1; n = 0; next }
		on && /^};/ { exit }
		on && match($0, /^\t[A-Z][A-Z0-9_]*/) { print substr($0, 2, RLENGTH - 1), n++ }' \
		../uapi/linux/vswitch.h
}
declare -A VSW_CMD VSW_A CMD_NAME
while read -r name val; do VSW_CMD[${name#VSW_CMD_}]=$val; CMD_NAME[$val]=${name#VSW_CMD_}; done < <(uapi_enum vsw_cmd)
while read -r name val; do VSW_A[${name#VSW_A_}]=$val; done < <(uapi_enum vsw_attr)

# ifindex_le DEV: DEV's ifindex as the bytes of a u32 (VSW_A_MIRROR_FROM).
# From ip, not /sys: sysfs shows the namespace that mounted it.
ifindex_le() {
	local i

	i=$(ip -o link show "$1" | cut -d: -f1)
	printf '%02x%02x%02x%02x' $((i & 255)) $((i >> 8 & 255)) $((i >> 16 & 255)) $((i >> 24 & 255))
}

# Every process counts under TCG: ip -batch where it can.
matrix_cleanup() {
	printf 'link del %s\n' sw0 sw1 sw2 sw3 sw4 vp1 vp2 vp3 vp4 vp5 up0 |
		ip -force -batch - > /dev/null 2>&1
}

# The state the matrices change, in the caller's namespace:
#   sw0 nat 10.0.2.2/24, ports vp1 (bound to 10.0.2.15) to vp4, static
#     entries ..:01 behind vp1 and ..:03 behind vp3, forward web (tcp
#     8080 to 10.0.2.15:80), mirror m0 from vp1 to vp2
#   sw1 bridged, uplink up0; sw2 internal; vp5 is no port
matrix_setup() {
	local i

	matrix_cleanup
	vswctl switch add sw0 mode nat address 10.0.2.2/24 || return 1
	for i in 1 2 3 4 5 up0; do
		[ $i = up0 ] || i=vp$i
		echo "link add $i type veth peer name ${i}p"
	done | ip -batch - || return 1
	vswctl port add sw0 vp1 ip 10.0.2.15 && vswctl port add sw0 vp2 &&
		vswctl port add sw0 vp3 && vswctl port add sw0 vp4 &&
		vswctl fdb add sw0 02:00:00:00:00:01 dev vp1 &&
		vswctl fdb add sw0 02:00:00:00:00:03 dev vp3 &&
		vswctl nat forward add sw0 tcp 8080 10.0.2.15:80 name web &&
		vswctl mirror add sw0 m0 from vp1 to vp2 &&
		vswctl switch add sw1 mode bridged uplink up0 &&
		ip link add sw2 type vswitch
}

# Everything the namespace's switches are, as the dumps and rtnetlink show
# it: the JSON of switch and port show carries every setting (policy,
# port defaults, NAT timeouts, the host port's VLANs); ip every device's
# flags, master, MTU and address.
matrix_state() {
	local sw

	vswctl -j switch show
	vswctl -j port show
	for sw in $(vswctl switch show | awk '{print $1}'); do
		echo "fdb $sw:"; vswctl fdb show "$sw"
		echo "binding $sw:"; vswctl binding show "$sw"
	done
	vswctl nat forward show
	vswctl mirror show
	# Carrier and operational state settle on their own (linkwatch).
	ip -o link show | sed -E 's/^[0-9]+: //; s/(NO-CARRIER|LOWER_UP|M-DOWN),?//g; s/,>/>/; s/ state [A-Z]+//'
}

# Every change there is, as a user types it: the command (each a path of
# its own into the module), then a command showing its effect and what
# that shows once the command was accepted. In this order, from
# matrix_setup's state, each command is accepted and changes something;
# from that state, each one alone would change something too (a device
# it names is there: ip resolves names before it asks the kernel).
MUTATIONS=(
	"vswctl switch add sw3 mode host-only address 10.0.3.1/24"
	'echo $(switch_field sw3 mode) $(switch_field sw3 address)'	"host-only 10.0.3.1/24"
	"vswctl switch set sw0 ageing 77 fdb-max 99"
	'echo $(switch_field sw0 ageing) $(switch_field sw0 fdb-max)'	"77 99"
	"vswctl switch set sw1 uplink none"
	'vswctl port show sw1'	""
	"vswctl switch set sw0 port-defaults isolated on"
	"vswctl switch show sw0 | grep -o 'port-defaults:.*'"	"port-defaults: isolated on"
	"vswctl port add sw0 vp5 dhcp-guard on"
	"vswctl port show sw0 | grep '^vp5 '"	"vp5 switch sw0 fdb-max 0 fdb-count 0 isolated dhcp-guard"
	"vswctl port set vp3 shut on storm-limit 100"
	"vswctl port show sw0 | grep '^vp3 '"	"vp3 switch sw0 fdb-max 0 fdb-count 0 shut admin storm-limit 100"
	"vswctl port set sw0 vlan 5"
	"vswctl -j switch show sw0 | grep -o '\"host_pvid\":[0-9]*'"	'"host_pvid":5'
	"vswctl fdb add sw0 02:00:00:00:00:02 dev vp1"
	"fdb_entry sw0 02:00:00:00:00:02"	"vp1 static"
	"vswctl fdb del sw0 02:00:00:00:00:01"
	"fdb_entry sw0 02:00:00:00:00:01"	""
	"vswctl fdb flush sw0 dev vp1"
	'echo $(fdb_count sw0 dev vp1) $(fdb_entry sw0 02:00:00:00:00:03)'	"0 vp3 static"
	"vswctl fdb flush sw0"
	"vswctl fdb show sw0 | awk '{print \$NF}'"	"local"
	"vswctl nat set sw0 udp-timeout 77"
	"switch_field sw0 udp-timeout"	"77"
	"vswctl nat forward add sw0 udp 5353 10.0.2.15:53"
	"vswctl nat forward show | grep udp"	"udp-5353 switch sw0 udp *:5353 to 10.0.2.15:53"
	"vswctl nat forward del sw0 web"
	"vswctl nat forward show"	"udp-5353 switch sw0 udp *:5353 to 10.0.2.15:53"
	"vswctl nat forward del sw0 udp 5353"
	"vswctl nat forward show"	""
	"vswctl mirror add sw0 m1 from vp3 rx to vp4"
	"vswctl mirror show | grep m1"	"sw0 m1 from vp3 rx to vp4"
	"vswctl mirror del sw0 m0"
	"vswctl mirror show"	"sw0 m1 from vp3 rx to vp4"
	"vswctl port del vp2"
	"vswctl port show sw0 | awk '{print \$1}' | tr '\\n' ' '"	"vp1 vp3 vp4 vp5 "
	"ip link set vp4 master sw1"
	'echo $(vswctl port show sw1 | awk "{print \$1}") $(vswctl mirror show)'	"vp4"
	"ip link set vp5 nomaster"
	"vswctl port show sw0 | awk '{print \$1}' | tr '\\n' ' '"	"vp1 vp3 "
	"ip link add sw4 type vswitch"
	"switch_field sw4 mode"	"internal"
	"ip link set sw0 mtu 1400"
	"ip -o link show sw0 | grep -o 'mtu [0-9]*'"	"mtu 1400"
	# IFLA_VSW_FDB_MAX (3), as vswctl's switch set sends it
	"\$PY lib/nlraw.py changelink sw0 3:u32:5"
	"switch_field sw0 fdb-max"	"5"
	"ip link del sw2"
	"vswctl switch show | awk '{print \$1}' | tr '\\n' ' '"	"sw0 sw1 sw3 sw4 "
	"vswctl switch del sw0"
	"vswctl switch show | awk '{print \$1}' | tr '\\n' ' '"	"sw1 sw3 sw4 "
	"ip link del sw1"
	"vswctl switch show | awk '{print \$1}' | tr '\\n' ' '"	"sw3 sw4 "
)

# genl_request CMD: a request of the mutating command CMD (a VSW_CMD_*
# name) as lib/nlraw.py takes it; from matrix_setup's state, and in the
# order of the commands' numbers, each is accepted and changes something
# (GENL_EFFECT).
genl_request() {
	local sw="${VSW_A[IFNAME]}:str:sw0"

	case $1 in
	PORT_SET)	echo "${VSW_A[PORT_IFNAME]}:str:vp1 ${VSW_A[PORT_ISOLATED]}:u8:1" ;;
	FDB_NEW)	echo "$sw ${VSW_A[PORT_IFNAME]}:str:vp1 ${VSW_A[FDB_MAC]}:bytes:020000000002" ;;
	FDB_DEL)	echo "$sw ${VSW_A[FDB_MAC]}:bytes:020000000001" ;;
	FDB_FLUSH)	echo "$sw" ;;
	NAT_SET)	echo "$sw ${VSW_A[NAT_UDP_TIMEOUT]}:u32:77" ;;
	FWD_NEW)	echo "$sw ${VSW_A[FWD_PROTO]}:u8:17 ${VSW_A[FWD_HOST_PORT]}:u16:5353 ${VSW_A[FWD_GUEST_ADDR]}:bytes:0a00020f" ;;
	FWD_DEL)	echo "$sw ${VSW_A[FWD_NAME]}:str:web" ;;
	# VSW_A_PORT_DEFAULTS (NLA_F_NESTED) holding VSW_A_PORT_DHCP_GUARD 1
	SWITCH_SET)	printf '%s %d:bytes:0500%02x0001000000\n' "$sw" $(( VSW_A[PORT_DEFAULTS] | 0x8000 )) "${VSW_A[PORT_DHCP_GUARD]}" ;;
	MIRROR_NEW)	echo "$sw ${VSW_A[MIRROR_NAME]}:str:m1 ${VSW_A[MIRROR_FROM]}:bytes:$(ifindex_le vp3) ${VSW_A[MIRROR_TO]}:u32:$(ip -o link show vp4 | cut -d: -f1)" ;;
	MIRROR_DEL)	echo "$sw ${VSW_A[MIRROR_NAME]}:str:m0" ;;
	*)		return 1 ;;
	esac
}

# What the requests of genl_request, all accepted in the order of their
# commands, leave in matrix_setup's state, and the commands showing it.
# FDB_NEW, FDB_DEL and FDB_FLUSH are told apart by FDB dumps after each.
GENL_EFFECT=(
	"vswctl port show sw0 | grep '^vp1 '"	"vp1 switch sw0 fdb-max 0 fdb-count 0 isolated ip 10.0.2.15"
	"switch_field sw0 udp-timeout"	"77"
	"vswctl nat forward show"	"udp-5353 switch sw0 udp *:5353 to 10.0.2.15:5353"
	"vswctl switch show sw0 | grep -o 'port-defaults:.*'"	"port-defaults: dhcp-guard on"
	"vswctl mirror show"	"sw0 m1 from vp3 both to vp4"
	"vswctl fdb show sw0 | awk '{print \$NF}'"	"local"
)

# read_request CMD: a dump request of the reading command CMD.
read_request() {
	case $1 in
	SWITCH_GET|PORT_GET|FWD_GET|MIRROR_GET) echo "" ;;
	FDB_GET|BINDING_GET) echo "${VSW_A[IFNAME]}:str:sw0" ;;
	*) return 1 ;;
	esac
}

# The family's operations as the kernel lists them: "CMD FLAGS" lines,
# asked once (python is slow to start under TCG).
genl_ops() {
	[ -n "${GENL_OPS:-}" ] || GENL_OPS=$($PY lib/nlraw.py ops)
	printf '%s\n' "$GENL_OPS"
}

# The mutating commands of the family: those the kernel keeps for
# CAP_NET_ADMIN holders.
mutating_cmds() {
	genl_ops | while read -r cmd flags; do
		(( flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM) )) && echo "$cmd"
	done
}

# tool_eperm CMD: what the tool CMD starts with prints when refused.
tool_eperm() {
	case $1 in
	vswctl*)	echo "$EPERM_VSWCTL" ;;
	ip*)		echo "$EPERM_IP" ;;
	*nlraw.py*)	echo "-1 " ;;
	esac
}

# genl_requests: genl_request of every mutating command, as lines for
# nlraw.py - ("genl CMD ATTR..."); fails on a command it has none for.
genl_requests() {
	local cmd req

	for cmd in $(mutating_cmds); do
		req=$(genl_request "${CMD_NAME[$cmd]}") ||
			{ echo "no request for VSW_CMD_${CMD_NAME[$cmd]} ($cmd): a mutating command the matrix does not cover"; return 1; }
		echo "genl $cmd $req"
	done
}

# state_diff BEFORE AFTER: the first lines that differ.
state_diff() {
	diff <(printf '%s\n' "$1") <(printf '%s\n' "$2") | grep '^[<>]' | head -4 | tr '\n' ' '
}

# mutations_refused PREFIX [REGEX]: every change of MUTATIONS (those
# matching REGEX) and every mutating generic netlink command, run by
# PREFIX (setpriv ..., unshare ...) from matrix_setup's state: each
# refused with EPERM, the state as it was (compared after each kind: a
# dump of everything takes a dozen processes).
mutations_refused() {
	local pre=$1 re=${2:-.} i cmd out before after reqs

	before=$(matrix_state)
	for (( i = 0; i < ${#MUTATIONS[@]}; i += 3 )); do
		cmd=${MUTATIONS[i]}
		[[ $cmd =~ $re ]] || continue
		out=$(eval "$pre $cmd" 2>&1)
		check_eq "$out" "$(tool_eperm "$cmd")" "$pre: $cmd"
	done
	after=$(matrix_state)
	check_eq "$after" "$before" "the state after the refused commands ($(state_diff "$before" "$after"))"
	reqs=$(genl_requests)
	check_err $? "$reqs"
	out=$(printf '%s\n' "$reqs" | eval "$pre \$PY lib/nlraw.py -" 2>&1)
	check_eq "$out" "$(printf '%s\n' "$reqs" | sed 's/.*/-1 /')" "$pre: the mutating generic netlink commands ($reqs)"
	after=$(matrix_state)
	check_eq "$after" "$before" "the state after the refused generic netlink commands ($(state_diff "$before" "$after"))"
}

# mutations_accepted: MUTATIONS, then every mutating generic netlink
# command from a fresh matrix_setup, by the caller: each accepted, with
# its effect.
mutations_accepted() {
	local i cmd out want reqs

	for (( i = 0; i < ${#MUTATIONS[@]}; i += 3 )); do
		cmd=${MUTATIONS[i]}
		want=
		[[ $cmd == *nlraw.py* ]] && want="0 "
		out=$(eval "$cmd" 2>&1)
		check_eq "$out" "$want" "$cmd"
		check_eq "$(eval "${MUTATIONS[i + 1]}" 2>&1)" "${MUTATIONS[i + 2]}" "the effect of '$cmd'"
	done
	matrix_setup
	check_err $? "setup for the generic netlink commands"
	reqs=$(genl_requests)
	check_err $? "$reqs"
	# Each request, and after each a dump of the FDB: "0 MESSAGES".
	out=$(printf '%s\n' "$reqs" | sed "s/\$/\ndump ${VSW_CMD[FDB_GET]} ${VSW_A[IFNAME]}:str:sw0/" |
		$PY lib/nlraw.py - 2>&1 | paste -d' ' - - | sed 's/  */ /g')
	# The entries: local, ..:01 and ..:03; FDB_NEW adds ..:02, FDB_DEL
	# takes ..:01, FDB_FLUSH leaves the local one.
	want=$(n=3; printf '%s\n' "$reqs" | while read -r _ cmd _; do
		case ${CMD_NAME[$cmd]} in
		FDB_NEW) n=$(( n + 1 )) ;;
		FDB_DEL) n=$(( n - 1 )) ;;
		FDB_FLUSH) n=1 ;;
		esac
		echo "0 0 $n"
	done)
	check_eq "$out" "$want" "the mutating generic netlink commands accepted ($reqs)"
	for (( i = 0; i < ${#GENL_EFFECT[@]}; i += 2 )); do
		check_eq "$(eval "${GENL_EFFECT[i]}" 2>&1)" "${GENL_EFFECT[i + 1]}" "the generic netlink commands' effect: ${GENL_EFFECT[i]}"
	done
}

# mon_start FILE NS SWITCH [CMD...]: `vswctl monitor` into FILE in
# namespace NS ("": this one), run by CMD (setpriv ...) if given; returns
# once it listens, as monitor_start of lib/vsw.sh: seen by the port
# events of a dummy device (vswmon0) that SWITCH takes and lets go.
mon_start() {
	local file=$1 ns=$2 sw=$3 pre=() ret

	shift 3
	[ -n "$ns" ] && pre=(ip netns exec "$ns")
	"${pre[@]}" "$@" vswctl monitor > "$file" &
	MONPIDS+=($!)
	"${pre[@]}" ip link add vswmon0 type dummy
	busywait 10000 sh -c "${pre[*]} ip link set vswmon0 master $sw; ${pre[*]} ip link set vswmon0 nomaster
			      grep -q 'port-added vswmon0' '$file'"
	ret=$?
	"${pre[@]}" ip link del vswmon0
	return $ret
}

mon_stop() {
	local p

	for p in "${MONPIDS[@]}"; do
		kill "$p" 2> /dev/null
		wait "$p" 2> /dev/null
	done
	MONPIDS=()
}

# mon_events FILE: what a monitor printed but its own start.
mon_events() {
	grep -v vswmon0 "$1"
}

# Every change (vswctl, rtnetlink, each mutating generic netlink command)
# refused to a user without capabilities, changing nothing; every read
# open to it, as README's "Who may do what" says.
privileges_matrix() {
	local cmd flags name r out tmp reqs

	cleanup
	modprobe vswitch
	modprobe vswitch_nat
	genl_ops > /dev/null
	tmp=$(mktemp -d)
	matrix_setup
	check_err $? "setup"
	# A switch with dnsmasq, for lease show.
	vswctl switch add swd mode host-only address 10.0.4.1/24 dhcp on
	check_err $? "a switch with dhcp"

	# The family's operations: reading is open, every other operation
	# needs CAP_NET_ADMIN over the switch's network namespace (GENL_UNS_
	# ADMIN_PERM, not GENL_ADMIN_PERM: a user namespace's owner may).
	while read -r cmd flags; do
		name=${CMD_NAME[$cmd]:-unknown}
		if [[ $name == *_GET ]]; then
			check_eq "$(( flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM) ))" 0 "VSW_CMD_$name ($cmd) is a read"
		else
			check_eq "$(( flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM) ))" $(( GENL_UNS_ADMIN_PERM )) \
				"VSW_CMD_$name ($cmd) is a change: CAP_NET_ADMIN over the switch's namespace"
		fi
	done < <(genl_ops)
	[ -n "$(mutating_cmds)" ]
	check_err $? "no mutating command in the family's operations"

	mutations_refused "$NOBODY"

	# Command numbers without an operation (events only, out of range)
	# are nobody's.
	reqs=$(for (( cmd = 0; cmd <= ${#CMD_NAME[@]}; cmd++ )); do
		genl_ops | grep -q "^$cmd " || echo "genl $cmd ${VSW_A[IFNAME]}:str:sw0"
	done)
	check_eq "$(printf '%s\n' "$reqs" | $NOBODY $PY lib/nlraw.py -)" "$(printf '%s\n' "$reqs" | sed 's/.*/-95 /')" \
		"commands without an operation ($reqs)"

	# Reading: the same for everyone (the switch with dhcp last, below).
	for r in "switch show sw0" "switch show sw1" "-s switch show sw0" "-j switch show sw0" \
		 "port show" "-s port show" "-j port show" \
		 "fdb show sw0" "binding show sw0" "nat forward show" "mirror show"; do
		check_eq "$($NOBODY vswctl $r 2>&1)" "$(vswctl $r 2>&1)" "vswctl $r by a user"
	done
	reqs=$(genl_ops | while read -r cmd flags; do
		name=${CMD_NAME[$cmd]}
		[[ $name == *_GET ]] || continue
		r=$(read_request "$name") || echo "no dump request for VSW_CMD_$name ($cmd): a read the matrix does not cover"
		echo "dump $cmd $r"
	done)
	out=$(printf '%s\n' "$reqs" | $NOBODY $PY lib/nlraw.py - 2>&1)
	check_eq "$(printf '%s\n' "$out" | grep -cvE '^0 [1-9][0-9]*$')" 0 "the reading commands' dumps by a user ($reqs: $out)"
	check_eq "$out" "$(printf '%s\n' "$reqs" | $PY lib/nlraw.py -)" "the reading commands' dumps by a user and by root ($reqs)"
	# ... but conntrack's (nat show) is root's.
	check_eq "$($NOBODY vswctl nat show sw0 2>&1)" "vswctl: conntrack: Operation not permitted" "nat show by a user"

	# Events too.
	mon_start "$tmp/mon" "" sw0 $NOBODY
	check_err $? "a user's monitor"
	vswctl fdb add sw0 02:00:00:00:00:09 dev vp1 && vswctl fdb del sw0 02:00:00:00:00:09
	busywait 10000 grep -q '^deleted 02:00:00:00:00:09' "$tmp/mon"
	check_eq "$(mon_events "$tmp/mon")" "added 02:00:00:00:00:09 dev vp1 vlan 0 switch sw0
deleted 02:00:00:00:00:09 dev vp1 vlan 0 switch sw0" "a user's monitor"
	mon_stop

	# What vswctl adds from dnsmasq's run directory (the range, leases)
	# too.
	for r in "switch show swd" "lease show swd"; do
		check_eq "$($NOBODY vswctl $r 2>&1)" "$(vswctl $r 2>&1)" "vswctl $r by a user"
	done
	rm -rf "$tmp"
	log_test "privileges matrix: every change needs CAP_NET_ADMIN, every read is open"
}

# Run by the owner of a user namespace, root in a network namespace of
# its own (userns_matrix, through netns.sh --in).
owner_changes() {
	genl_ops > /dev/null
	matrix_setup
	check_err $? "setup"
	mutations_accepted
}

# held CMD...: CMD as root of the user namespace HOLDPID holds, in its
# network namespace (nsenter: the uid it maps to root is its owner's).
held() {
	nsenter -t "$HOLDPID" -U -n "$@"
}

# A user namespace's owner (uid 65534, unshare -Urn) may do everything in
# its own network namespace and nothing in another's. The ways a process
# reaches a network namespace are: being in it (created or entered by
# setns), a netlink socket opened there, and rtnetlink's target namespace
# attributes (IFLA_NET_NS_PID/FD); generic netlink has none (a request
# acts where its socket is). Each is tried. Unreachable, and checked as
# such: setns by a user namespace's process into a network namespace its
# user namespace does not own (the initial one, root's ip netns, a
# sibling's), which needs CAP_SYS_ADMIN over that namespace's owner.
userns_matrix() {
	local out before

	cleanup
	modprobe vswitch
	modprobe vswitch_nat
	genl_ops > /dev/null
	[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2> /dev/null || echo 1)" = 1 ] ||
		{ echo "SKIP: unprivileged user namespaces are disabled"; return; }

	# Its own: every change accepted, with its effect.
	out=$($AS_NOBODY unshare -Urn bash ./netns.sh --in owner_changes 2>&1)
	check_eq "$out" "" "the owner of a user namespace in its own network namespace"

	# The initial namespace, from a user namespace created there (unshare
	# -Ur: all capabilities, over its user namespace only): reads as
	# anyone, every change refused.
	matrix_setup
	check_err $? "setup"
	before=$(matrix_state)
	check_eq "$($AS_NOBODY unshare -Ur vswctl -j port show)" "$(vswctl -j port show)" \
		"the host's ports read from a user namespace"
	# Every generic netlink command, and the rtnetlink paths (vswctl's
	# other commands are the same requests, privileges_matrix has them).
	mutations_refused "$AS_NOBODY unshare -Ur" '^(ip |\$PY )'
	# A netlink socket root opened in the initial namespace, carried into
	# a user namespace: the opener's privilege does not come along.
	check_eq "$($PY lib/nlraw.py -U genl "${VSW_CMD[FDB_FLUSH]}" "${VSW_A[IFNAME]}:str:sw0")" "-1 " \
		"root's socket carried into a user namespace"
	check_eq "$(matrix_state)" "$before" "the host's state after the refusals"

	# A user namespace with a switch in its network namespace, held by a
	# process of its owner.
	$AS_NOBODY unshare -Urn bash -c 'ip link add sw0 type vswitch &&
		ip link add vq1 type veth peer name vq1p && ip link set vq1 master sw0 &&
		vswctl fdb add sw0 02:00:00:00:00:01 dev vq1 &&
		vswctl fdb add sw0 02:00:00:00:00:02 dev vq1 && exec sleep 600' &
	HOLDPID=$!
	busywait 10000 sh -c "[ \"\$(cat /proc/$HOLDPID/comm 2> /dev/null)\" = sleep ]"
	check_err $? "a user namespace holding a switch"
	check_eq "$(held vswctl switch show | awk '{print $1, $3}')" "sw0 internal" "the switches its root sees"
	# Its owner's uid, without capabilities, in the network namespace but
	# outside the user namespace: still its owner (cap_capable(): the
	# owner of a child user namespace has every capability in it).
	out=$(nsenter -t "$HOLDPID" -n $NOBODY vswctl fdb del sw0 02:00:00:00:00:01 2>&1)
	check_eq "$out" "" "the owner's uid in its network namespace, from outside its user namespace"
	# Another user there has nothing over it.
	out=$(nsenter -t "$HOLDPID" -n $OTHER_USER vswctl fdb del sw0 02:00:00:00:00:02 2>&1)
	check_eq "$out" "$EPERM_VSWCTL" "another user in the user namespace's network namespace (genl)"
	out=$(nsenter -t "$HOLDPID" -n $OTHER_USER ip link del sw0 2>&1)
	check_eq "$out" "$EPERM_IP" "another user in the user namespace's network namespace (rtnetlink)"
	# A sibling user namespace of the same user: /proc/PID/ns/net is not
	# its to open, setns with a descriptor of it (opened by root) is
	# refused, and so is a switch made there through IFLA_NET_NS_PID.
	out=$($AS_NOBODY unshare -Urn ip link add sw9 netns "$HOLDPID" type vswitch 2>&1)
	check_eq "$out" "$EPERM_IP" "a switch made from a sibling user namespace"
	out=$($AS_NOBODY unshare -Urn nsenter --net=/proc/$HOLDPID/ns/net vswctl fdb flush sw0 2>&1)
	check_eq "$out" "nsenter: cannot open /proc/$HOLDPID/ns/net: Permission denied" \
		"the namespace opened from a sibling user namespace"
	out=$($AS_NOBODY unshare -Urn nsenter --net=/dev/fd/3 vswctl fdb flush sw0 2>&1 3< /proc/$HOLDPID/ns/net)
	check_eq "$out" "nsenter: reassociate to namespace 'ns/net' failed: Operation not permitted" \
		"setns from a sibling user namespace"
	# Its root towards root's namespaces: the same.
	setup_ns a
	ip netns exec "$a" vswctl switch add sw0
	out=$(held ip link add sw9 netns "$a" type vswitch 2>&1)
	check_eq "$out" "$EPERM_IP" "a switch made in root's namespace from the user namespace"
	out=$(held nsenter --net=/run/netns/"$a" vswctl fdb flush sw0 2>&1)
	check_eq "$out" "nsenter: reassociate to namespace 'ns/net' failed: Operation not permitted" \
		"setns from the user namespace into root's"
	# Its root's socket carried into a user namespace below it.
	check_eq "$(held $PY lib/nlraw.py -U genl "${VSW_CMD[FDB_FLUSH]}" "${VSW_A[IFNAME]}:str:sw0")" "-1 " \
		"the user namespace's socket carried into a user namespace below"
	check_eq "$(held vswctl fdb show sw0 | awk '$NF == "static" {print $1}')" "02:00:00:00:00:02" \
		"the user namespace's entries after"
	check_eq "$(ip netns exec "$a" vswctl switch show | awk '{print $1}'; ip link show sw9 2>&1)" \
		'sw0
Device "sw9" does not exist.' "root's namespaces after"
	check_eq "$(matrix_state)" "$before" "the host's state at the end"
	kill "$HOLDPID"
	HOLDPID=
	log_test "user namespace matrix: its owner may change its own namespace's switches, nobody else's"
}

# serve_tcp NS NAME PORT: a TCP service in NS answering "NAME PEER-ADDRESS"
# (lib/nat.sh's serve).
serve_tcp() {
	ip netns exec "$1" socat -t 60 "TCP-LISTEN:$3,fork,reuseaddr" \
		SYSTEM:"echo $2 \$SOCAT_PEERADDR" > /dev/null 2>&1 &
	busywait 5000 ip netns exec "$1" sh -c "ss -lnt | grep -q ':$3 '"
}

# ask_tcp NS ADDR PORT [WAIT]: what the service at ADDR:PORT answers from
# NS ("": this namespace); "" when nothing does.
ask_tcp() {
	local pre=() wait=${4:-60}

	[ -n "$1" ] && pre=(ip netns exec "$1")
	echo ping | timeout "$wait" "${pre[@]}" socat -t "$wait" -T "$wait" - "TCP:$2:$3" 2> /dev/null
}

# state_in NS: matrix_state of NS.
state_in() {
	ip netns exec "$1" bash ./netns.sh --in matrix_state
}

# Two namespaces with the same switch names, addresses and forward; each
# sees, hears and changes only its own.
#   a: sw0 nat 10.0.2.2/24: pa1 (ifindex 4101, guest ga 10.0.2.15, bound),
#      pa2 (mirror m0 from pa1), ..:0a static; forward web tcp 8080
#      sw1 internal, ifindex 4100
#   b: sw0 nat 10.0.2.2/24: pb1 (guest gb 10.0.2.15, bound), ..:0b static
isolation_matrix() {
	local tmp out cmd name req reqs want r g before_a before_b

	cleanup
	modprobe vswitch
	modprobe vswitch_nat
	genl_ops > /dev/null
	tmp=$(mktemp -d)
	setup_ns a b ga gb
	ip netns exec "$a" vswctl switch add sw0 mode nat address 10.0.2.2/24 &&
		ip -n "$a" link add sw1 index 4100 type vswitch &&
		ip -n "$a" link add pa1 index 4101 type veth peer name eth0 netns "$ga" &&
		ip -n "$a" link add pa2 type veth peer name pa2p &&
		ip netns exec "$a" vswctl port add sw0 pa1 ip 10.0.2.15 &&
		ip netns exec "$a" vswctl port add sw0 pa2 &&
		ip netns exec "$a" vswctl fdb add sw0 02:00:00:00:00:0a dev pa1 &&
		ip netns exec "$a" vswctl mirror add sw0 m0 from pa1 to pa2 &&
		ip netns exec "$a" vswctl nat forward add sw0 tcp 8080 10.0.2.15:80 name web &&
		ip netns exec "$b" vswctl switch add sw0 mode nat address 10.0.2.2/24 &&
		ip -n "$b" link add pb1 type veth peer name eth0 netns "$gb" &&
		ip netns exec "$b" vswctl port add sw0 pb1 ip 10.0.2.15 &&
		ip netns exec "$b" vswctl fdb add sw0 02:00:00:00:00:0b dev pb1 &&
		ip -n "$a" link set pa1 up && ip -n "$b" link set pb1 up
	check_err $? "setup"
	for g in "$ga" "$gb"; do
		ip -n "$g" addr add 10.0.2.15/24 dev eth0 &&
			ip -n "$g" link set eth0 up &&
			ip -n "$g" route add default via 10.0.2.2
		check_err $? "guest $g"
	done
	check_eq "$(ip -n "$b" -o link show | grep -cE '^410[01]:')" 0 "a's ifindexes 4100 and 4101 unused in b"

	# Dumps: each namespace its own, the host none.
	check_eq "$(ip netns exec "$a" vswctl switch show | awk '{print $1, $3}')" "sw0 nat
sw1 internal" "switches seen from a"
	check_eq "$(ip netns exec "$b" vswctl switch show | awk '{print $1, $3}')" "sw0 nat" "switches seen from b"
	check_eq "$(ip netns exec "$b" vswctl port show)" "pb1 switch sw0 fdb-max 0 fdb-count 0 ip 10.0.2.15" "ports seen from b"
	check_eq "$(ip netns exec "$b" vswctl fdb show sw0)" "$(mac_of "$b" sw0) dev sw0 vlan 0 local
02:00:00:00:00:0b dev pb1 vlan 0 static" "b's FDB"
	check_eq "$(ip netns exec "$a" vswctl fdb show sw0)" "$(mac_of "$a" sw0) dev sw0 vlan 0 local
02:00:00:00:00:0a dev pa1 vlan 0 static" "a's FDB"
	check_eq "$(ip netns exec "$b" vswctl binding show sw0)" "pb1 10.0.2.15 static" "b's bindings"
	check_eq "$(ip netns exec "$b" vswctl mirror show)" "" "mirrors seen from b"
	check_eq "$(ip netns exec "$a" vswctl mirror show)" "sw0 m0 from pa1 both to pa2" "mirrors seen from a"
	check_eq "$(ip netns exec "$b" vswctl nat forward show)" "" "forwards seen from b"
	check_eq "$(vswctl switch show; vswctl port show; vswctl mirror show; vswctl nat forward show)" "" \
		"the host's dumps"
	reqs=$(genl_ops | while read -r cmd _; do
		name=${CMD_NAME[$cmd]}
		[[ $name == *_GET ]] && echo "dump $cmd $(read_request "$name")"
	done)
	want=$(printf '%s\n' "$reqs" | while read -r _ cmd _; do
		case ${CMD_NAME[$cmd]} in
		SWITCH_GET|PORT_GET|BINDING_GET) echo "0 1" ;;
		FDB_GET) echo "0 2" ;;
		*) echo "0 0" ;;	# no forward, no mirror
		esac
	done)
	check_eq "$(printf '%s\n' "$reqs" | ip netns exec "$b" $PY lib/nlraw.py -)" "$want" "the reading commands' dumps in b ($reqs)"

	before_a=$(state_in "$a")
	before_b=$(state_in "$b")

	# An ifindex of a (sw1 4100, pa1 4101) names nothing in b, whatever
	# the command.
	reqs=$(genl_ops | while read -r cmd _; do
		name=${CMD_NAME[$cmd]}
		case $name in
		PORT_GET)	req="${VSW_A[PORT_IFINDEX]}:u32:4101" ;;
		PORT_SET)	req="${VSW_A[PORT_IFINDEX]}:u32:4101 ${VSW_A[PORT_ISOLATED]}:u8:1" ;;
		MIRROR_NEW)	req="${VSW_A[IFINDEX]}:u32:4100 ${VSW_A[MIRROR_NAME]}:str:m1 ${VSW_A[MIRROR_FROM]}:bytes:05100000 ${VSW_A[MIRROR_TO]}:u32:4101" ;;
		*_GET)		req="${VSW_A[IFINDEX]}:u32:4100" ;;
		*)		req=$(genl_request "$name" | sed "s/${VSW_A[IFNAME]}:str:sw0/${VSW_A[IFINDEX]}:u32:4100/; s/${VSW_A[PORT_IFNAME]}:str:vp1/${VSW_A[PORT_IFINDEX]}:u32:4101/") ;;
		esac
		r=genl
		[[ $name == *_GET && $name != SWITCH_GET && $name != PORT_GET ]] && r=dump
		echo "$r $cmd $req"
	done
	# ... nor with b's own switch.
	echo "genl ${VSW_CMD[FDB_NEW]} ${VSW_A[IFNAME]}:str:sw0 ${VSW_A[PORT_IFINDEX]}:u32:4101 ${VSW_A[FDB_MAC]}:bytes:02000000000c"
	echo "genl ${VSW_CMD[MIRROR_NEW]} ${VSW_A[IFNAME]}:str:sw0 ${VSW_A[MIRROR_NAME]}:str:m1 ${VSW_A[MIRROR_FROM]}:bytes:05100000 ${VSW_A[MIRROR_TO]}:u32:$(ip -n "$b" -o link show pb1 | cut -d: -f1)"
	# Names of a's devices name nothing in b either (vswctl and ip look
	# names up themselves, below).
	echo "genl ${VSW_CMD[PORT_SET]} ${VSW_A[PORT_IFNAME]}:str:pa1 ${VSW_A[PORT_ISOLATED]}:u8:1"
	echo "genl ${VSW_CMD[FDB_FLUSH]} ${VSW_A[IFNAME]}:str:sw1")
	want=$(printf '%s\n' "$reqs" | head -n -4 | while read -r _ cmd _; do
		case ${CMD_NAME[$cmd]} in
		PORT_*) echo "-19 no such port device" ;;
		*) echo "-19 no such switch device" ;;
		esac
	done
	echo "-19 no such port device"
	echo "-19 no device with ifindex 4101"
	echo "-19 no such port device"
	echo "-19 no such switch device")
	check_eq "$(printf '%s\n' "$reqs" | ip netns exec "$b" $PY lib/nlraw.py -)" "$want" "a's ifindexes and names in b ($reqs)"
	for cmd in "vswctl port add sw0 pa2" "vswctl port set pa1 isolated on" "vswctl port del pa1" \
		   "vswctl fdb add sw0 02:00:00:00:00:0c dev pa1" "vswctl fdb show sw1" "vswctl switch show sw1" \
		   "vswctl switch del sw1" "vswctl mirror add sw0 m1 from pa1 to pb1" "vswctl nat forward show sw1" \
		   "ip link set pa2 master sw0" "ip link set pb1 master sw1"; do
		echo "$cmd: $(ip netns exec "$b" $cmd 2>&1)"
	done > "$tmp/names"
	check_eq "$(cat "$tmp/names")" 'vswctl port add sw0 pa2: vswctl: device "pa2" does not exist
vswctl port set pa1 isolated on: vswctl: device "pa1" does not exist
vswctl port del pa1: vswctl: device "pa1" does not exist
vswctl fdb add sw0 02:00:00:00:00:0c dev pa1: vswctl: device "pa1" does not exist
vswctl fdb show sw1: vswctl: device "sw1" does not exist
vswctl switch show sw1: vswctl: device "sw1" does not exist
vswctl switch del sw1: vswctl: device "sw1" does not exist
vswctl mirror add sw0 m1 from pa1 to pb1: vswctl: from: no device "pa1"
vswctl nat forward show sw1: vswctl: device "sw1" does not exist
ip link set pa2 master sw0: Cannot find device "pa2"
ip link set pb1 master sw1: Error: argument "sw1" is wrong: Device does not exist' "a's names in b"
	check_eq "$(state_in "$a")" "$before_a" "a's state after b's attempts"
	check_eq "$(state_in "$b")" "$before_b" "b's state after its failed attempts"

	# Events: a's monitor hears a's changes, b's hears none of them.
	mon_start "$tmp/ma" "$a" sw0 && mon_start "$tmp/mb" "$b" sw0
	check_err $? "monitors in a and b"
	ip -n "$a" link add pa3 type veth peer name pa3p &&
		ip netns exec "$a" vswctl port add sw0 pa3 &&
		ip netns exec "$a" vswctl fdb add sw0 02:00:00:00:00:0c dev pa3 &&
		ip netns exec "$a" vswctl fdb del sw0 02:00:00:00:00:0c &&
		ip netns exec "$a" vswctl port del pa3
	check_err $? "a's changes"
	busywait 10000 grep -q '^port-removed pa3' "$tmp/ma"
	check_eq "$(mon_events "$tmp/ma")" "port-added pa3 switch sw0
added 02:00:00:00:00:0c dev pa3 vlan 0 switch sw0
deleted 02:00:00:00:00:0c dev pa3 vlan 0 switch sw0
port-removed pa3 switch sw0" "a's monitor"
	# A change of b's own after a's: once b's monitor has it, anything of
	# a's would have come before it. And the other way round.
	ip -n "$b" link add pb9 type dummy && ip -n "$b" link set pb9 master sw0
	busywait 10000 grep -q '^port-added pb9' "$tmp/mb"
	check_eq "$(mon_events "$tmp/mb")" "port-added pb9 switch sw0" "b's monitor"
	ip netns exec "$a" vswctl fdb add sw0 02:00:00:00:00:0d dev pa1
	busywait 10000 grep -q '^added 02:00:00:00:00:0d' "$tmp/ma"
	check_eq "$(mon_events "$tmp/ma" | tail -1)" "added 02:00:00:00:00:0d dev pa1 vlan 0 switch sw0" \
		"a's monitor after b's change"
	mon_stop

	# Forwards: a's tcp 8080 is a's only; b's own one for the same port
	# takes nothing from a's.
	serve_tcp "$ga" ga 80 && serve_tcp "$gb" gb 80
	check_err $? "guest services"
	check_eq "$(ask_tcp "$a" 127.0.0.1 8080)" "ga 10.0.2.2" "a's forward from a"
	check_eq "$(ask_tcp "$b" 127.0.0.1 8080 5)" "" "a's forward from b"
	check_eq "$(ask_tcp "" 127.0.0.1 8080 5)" "" "a's forward from the host"
	out=$(ip netns exec "$b" vswctl nat forward add sw0 tcp 8080 10.0.2.15:80 name webb 2>&1)
	check_eq "$out" "" "the same forward in b"
	check_eq "$(ip netns exec "$a" vswctl nat forward show)" "web switch sw0 tcp *:8080 to 10.0.2.15:80" "a's forwards"
	check_eq "$(ip netns exec "$b" vswctl nat forward show)" "webb switch sw0 tcp *:8080 to 10.0.2.15:80" "b's forwards"
	check_eq "$(ask_tcp "$b" 127.0.0.1 8080)" "gb 10.0.2.2" "b's forward from b"
	check_eq "$(ask_tcp "$a" 127.0.0.1 8080)" "ga 10.0.2.2" "a's forward from a, with b's"
	check_eq "$(ip netns exec "$a" vswctl nat forward add sw0 tcp 8080 10.0.2.16:80 name x 2>&1)" \
		"Error: tcp port 8080 is already forwarded by sw0 (rule web)" "a second forward in a"
	check_eq "$(ip netns exec "$b" vswctl nat forward add sw0 tcp 8080 10.0.2.16:80 name x 2>&1)" \
		"Error: tcp port 8080 is already forwarded by sw0 (rule webb)" "a second forward in b"
	ip netns exec "$a" vswctl nat forward del sw0 web
	check_eq "$(ask_tcp "$a" 127.0.0.1 8080 5)" "" "a's forward deleted, from a"
	check_eq "$(ask_tcp "$b" 127.0.0.1 8080)" "gb 10.0.2.2" "b's forward after a's went"
	rm -rf "$tmp"
	log_test "isolation matrix: dumps, events, ifindexes, names and forwards stay in their namespace"
}

# netns.sh --in FUNC: FUNC alone, in whatever namespaces and as whoever
# runs it (a user namespace's owner, root in another namespace); prints
# what failed.
if [ "${1:-}" = --in ]; then
	trap - EXIT
	"$2"
	[ "$RET" = 0 ] || echo "$RETMSG"
	exit "$RET"
fi

tests_run
