#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DHCP and DNS through dnsmasq, run by vswctl for a host-only switch
# (`dhcp on`): leases, options, DNS, the run directory, dnsmasq bound to
# its switch only, stopped by `switch del`, `ip link del` and a rename,
# start failures undone, bad input refused, two switches at once, a switch
# in another network namespace.
#
#   host: sw0 10.77.0.1/24 dhcp .50-.60      sw1 10.78.0.1/24 dhcp .50-.60
#   +------------ sw0 ------------+          +------------ sw1 ------------+
#   | vp1                          |          | vp2                          |
#   +-|----------------------------+          +-|----------------------------+
#    ns g1: eth0 (busybox udhcpc)              ns g2: eth0 (busybox udhcpc)

ALL_TESTS="lease run_dir dns bound_to_switch dns_off default_range
	   switch_del link_del dnsmasq_dies start_failure bad_input
	   two_switches netns nat_lease"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip ss busybox /usr/sbin/dnsmasq
modprobe vswitch

RUN=${VSWITCH_RUN_DIR:-/run/vswitch}
M1=02:77:00:00:00:11
M2=02:77:00:00:00:12
SCRIPT=/tmp/vsw-udhcpc.sh
BLOCKER=

cat > $SCRIPT <<'EOF'
#!/bin/sh
# busybox udhcpc script: configure the lease, note what came with it.
case $1 in
bound)
	ip addr add "$ip/$mask" dev "$interface"
	echo "$ip $mask ${router:--} ${dns:--}" > "$LEASE_OUT"
	;;
esac
exit 0
EOF
chmod +x $SCRIPT

cleanup() {
	local sw

	[ -n "$BLOCKER" ] && kill "$BLOCKER" 2> /dev/null
	BLOCKER=
	# Commands are slow under TCG: only for what is there.
	for sw in sw0 sw1 sw9; do
		[ -e /sys/class/net/$sw ] || continue
		vswctl switch del $sw 2> /dev/null || ip link del $sw 2> /dev/null
	done
	[ ${#NS_LIST[@]} -gt 0 ] && cleanup_ns
	[ -e /sys/class/net/vswdm0 ] && ip link del vswdm0
	rm -f /tmp/vsw-lease.*
}
trap 'cleanup; rm -f $SCRIPT' EXIT

# guest NS PORT SWITCH MAC: a veth guest on SWITCH, eth0 without address.
guest() {
	ip link add "$2" type veth peer name eth0 netns "$1" || return 1
	ip -n "$1" link set eth0 address "$4"
	ip -n "$1" link set eth0 up
	vswctl port add "$3" "$2"
}

# dhcp_client NS [HOSTNAME]: run udhcpc on eth0 in NS, sending HOSTNAME;
# prints "IP LEN ROUTER DNS" of the lease it got (- for a missing option).
dhcp_client() {
	local out=/tmp/vsw-lease.$1

	rm -f "$out"
	ip netns exec "$1" env LEASE_OUT="$out" busybox udhcpc -i eth0 -n -q -f \
		-s $SCRIPT -t 10 -T 1 ${2:+-x hostname:$2} > /dev/null 2>&1
	cat "$out" 2> /dev/null
}

# in_range IP FIRST LAST: the last octets of IP, FIRST and LAST (one /24).
in_range() {
	local o=${1##*.}

	[ "${1%.*}" = "${2%.*}" ] && [ "$o" -ge "${2##*.}" ] && [ "$o" -le "${3##*.}" ]
}

# listeners PID: "proto local-address" of every socket of PID, sorted.
listeners() {
	ss -Hlnutp | awk -v p="pid=$1," 'index($0, p) { print $1, $5 }' | sort | xargs
}

dnsmasq_of() {	# dnsmasq_of SWITCH: the pid in its pid file
	cat "$RUN/$1/dnsmasq.pid" 2> /dev/null
}

gone() {	# gone PID...: none of them runs (a zombie has exited)
	local p st

	for p; do
		[ -n "$p" ] || continue
		read -r _ _ st _ 2> /dev/null < "/proc/$p/stat" || continue
		[ "$st" = Z ] || return 1
	done
	return 0
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

# setup [ARGS...]: sw0 host-only 10.77.0.1/24 with dhcp and ARGS.
setup() {
	cleanup
	vswctl switch add sw0 mode host-only address 10.77.0.1/24 dhcp on "$@"
}

# setup_guest [ARGS...]: the same, with guest g1 on it.
setup_guest() {
	setup "$@" || return 1
	setup_ns g1
	guest "$g1" vp1 sw0 $M1
}

lease() {
	local l ip

	setup_guest dhcp-range 10.77.0.50-10.77.0.60
	check_err $? "setup"
	l=$(dhcp_client "$g1" guest1)
	ip=${l%% *}
	check_match "$l" '^10\.77\.0\.[0-9]+ 24 10\.77\.0\.1 10\.77\.0\.1$' "lease of g1 (IP LEN ROUTER DNS)"
	in_range "$ip" 10.77.0.50 10.77.0.60
	check_err $? "leased address $ip is outside 10.77.0.50-10.77.0.60"
	ip netns exec "$g1" ping -c 1 -W 2 10.77.0.1 > /dev/null
	check_err $? "g1 cannot reach the switch address with its lease"

	busywait 5000 sh -c "vswctl lease show sw0 | grep -q ."
	l=$(vswctl lease show sw0)
	check_match "$l" "^$ip lladdr $M1 hostname guest1 expires (3[45][0-9][0-9]|3600)\$" "vswctl lease show sw0"
	check_match "$(vswctl -j lease show sw0)" "^\\[\\{\"address\":\"$ip\",\"lladdr\":\"$M1\",\"hostname\":\"guest1\",\"expires\":(3[45][0-9][0-9]|3600)\\}\\]\$" "vswctl -j lease show sw0"
	check_match "$(vswctl switch show sw0)" '^sw0 mode host-only .* ports 1 address 10\.77\.0\.1/24 dhcp 10\.77\.0\.50-10\.77\.0\.60$' "switch show"
	check_match "$(vswctl -j switch show sw0)" ',"ports":1,"address":"10\.77\.0\.1/24","dhcp":"10\.77\.0\.50-10\.77\.0\.60"[,}]' "switch show -j: address, dhcp"

	# A client without a hostname: "-" in text, null in JSON.
	ip netns exec "$g1" ip addr flush dev eth0
	ip -n "$g1" link set eth0 address 02:77:00:00:00:21
	check_match "$(dhcp_client "$g1")" '^10\.77\.0\.[0-9]+ ' "lease without a hostname"
	busywait 5000 sh -c "vswctl lease show sw0 | grep -q 02:77:00:00:00:21"
	check_match "$(vswctl lease show sw0 | grep 02:77:00:00:00:21)" '^10\.77\.0\.[0-9]+ lladdr 02:77:00:00:00:21 hostname - expires [0-9]+$' "lease without hostname"
	check_match "$(vswctl -j lease show sw0)" '"lladdr":"02:77:00:00:00:21","hostname":null,"expires":[0-9]+\}' "JSON hostname without one"
	log_test "dhcp on: a guest gets a lease in the range, router and DNS are the switch"
}

run_dir() {
	local dir=$RUN/sw0 sup dns

	setup dhcp-range 10.77.0.50-10.77.0.60
	check_err $? "setup"
	check_eq "$(ls "$dir" | xargs)" "dnsmasq.conf dnsmasq.log dnsmasq.pid leases supervisor.pid" "files in $dir"
	sup=$(cat "$dir/supervisor.pid")
	dns=$(dnsmasq_of sw0)
	check_eq "$(cat /proc/"$sup"/comm)" vswctl-dhcp "the supervisor's name"
	check_eq "$(cat /proc/"$dns"/comm) $(awk '{print $4}' /proc/"$dns"/stat)" "dnsmasq $sup" "dnsmasq, child of the supervisor"
	check_eq "$(tr '\0' ' ' < /proc/"$dns"/cmdline)" "dnsmasq --conf-file=$dir/dnsmasq.conf --keep-in-foreground " "dnsmasq's command line"
	check_eq "$(grep -v '^#' "$dir/dnsmasq.conf" | xargs)" \
		"keep-in-foreground bind-interfaces interface=sw0 except-interface=lo listen-address=10.77.0.1 dhcp-range=10.77.0.50,10.77.0.60,255.255.255.0,1h dhcp-option=option:router,10.77.0.1 dhcp-option=option:dns-server,10.77.0.1 dhcp-leasefile=$dir/leases log-facility=$dir/dnsmasq.log log-dhcp dhcp-authoritative strict-order pid-file=$dir/dnsmasq.pid user=root" \
		"dnsmasq.conf"
	# The supervisor is in its own session: it outlives the shell's job.
	check_eq "$(awk '{print $6}' /proc/"$sup"/stat)" "$sup" "supervisor's session"
	check_eq "$(ls -l /proc/"$sup"/fd | grep -c -- '->')" 5 "supervisor's fds (stdio, signalfd, netlink)"
	log_test "run directory: config, pid files, leases, log; dnsmasq under a supervisor"
}

dns() {
	local l ip

	setup_guest dhcp-range 10.77.0.50-10.77.0.60
	check_err $? "setup"
	l=$(dhcp_client "$g1" guest1)
	ip=${l%% *}
	check_match "$l" '^10\.77\.0\.[0-9]+ ' "lease of g1"
	# The guest's name from its DHCP request, and one from the host's /etc/hosts.
	l=$(ip netns exec "$g1" busybox nslookup -type=a guest1 10.77.0.1 2>&1)
	check_err $? "nslookup guest1: $l"
	check_eq "$(echo "$l" | awk '/^Name:/ { n = $2 } /^Address: / && n { print n, $2 }')" "guest1 $ip" "DNS answer for guest1"
	l=$(ip netns exec "$g1" busybox nslookup -type=a localhost 10.77.0.1 2>&1)
	check_eq "$(echo "$l" | awk '/^Name:/ { n = $2 } /^Address: / && n { print n, $2 }')" "localhost 127.0.0.1" "DNS answer for localhost"
	log_test "dns on: dnsmasq answers on the switch address (DHCP names, /etc/hosts)"
}

bound_to_switch() {
	local dns

	cleanup
	# An address on another device, there before dnsmasq starts.
	ip link add vswdm0 type dummy
	ip addr add 10.77.9.1/24 dev vswdm0
	ip link set vswdm0 up
	vswctl switch add sw0 mode host-only address 10.77.0.1/24 dhcp on
	check_err $? "switch add"
	dns=$(dnsmasq_of sw0)
	# DHCP: dnsmasq binds its socket to the device when it sees a single
	# DHCP interface on the host (not so on the debug kernel, whose
	# built-in dummy and bonding drivers add devices); it serves sw0 only
	# either way (interface=sw0, checked by the leases above).
	check_match "$(listeners "$dns")" '^tcp 10\.77\.0\.1:53 udp 0\.0\.0\.0(%sw0)?:67 udp 10\.77\.0\.1:53$' "dnsmasq's sockets"
	check_eq "$(ss -Hlnu 'sport = :53' | awk '{print $4}' | xargs)" "10.77.0.1:53" "UDP port 53 listeners"
	check_eq "$(ss -Hlnt 'sport = :53' | awk '{print $4}' | xargs)" "10.77.0.1:53" "TCP port 53 listeners"
	busybox nslookup -type=a localhost 10.77.0.1 > /dev/null 2>&1
	check_err $? "no DNS answer on the switch address"
	log_test "dnsmasq listens on the switch address and the switch device only"
}

dns_off() {
	local l dns

	setup_guest dhcp-range 10.77.0.50-10.77.0.60 dns off
	check_err $? "setup"
	dns=$(dnsmasq_of sw0)
	check_match "$(listeners "$dns")" '^udp 0\.0\.0\.0(%sw0)?:67$' "dnsmasq's sockets"
	check_eq "$(ss -Hlnu 'sport = :53' | wc -l) $(ss -Hlnt 'sport = :53' | wc -l)" "0 0" "port 53 listeners"
	check_eq "$(grep -c dns-server "$RUN/sw0/dnsmasq.conf")" 0 "dns-server options"
	l=$(dhcp_client "$g1" guest1)
	check_match "$l" '^10\.77\.0\.[0-9]+ 24 10\.77\.0\.1 -$' "lease of g1 (IP LEN ROUTER DNS)"
	log_test "dns off: DHCP only, nothing on port 53, no DNS server option"
}

default_range() {
	cleanup
	# Quiet, and it returns: the supervisor keeps no stdout or stderr.
	check_eq "$(timeout 20 vswctl switch add sw0 mode host-only address 10.77.0.1/24 dhcp on 2>&1) $?" " 0" "output and status of switch add in \$(...)"
	check_eq "$(vswctl switch show sw0 | grep -o 'address.*')" "address 10.77.0.1/24 dhcp 10.77.0.15-10.77.0.254" "/24"
	vswctl switch del sw0
	vswctl switch add sw0 mode host-only address 10.77.0.100/24 dhcp on
	check_eq "$(vswctl switch show sw0 | grep -o 'address.*')" "address 10.77.0.100/24 dhcp 10.77.0.101-10.77.0.254" "/24, switch at .100"
	vswctl switch del sw0
	vswctl switch add sw0 mode host-only address 10.77.0.1/28 dhcp on
	check_eq "$(vswctl switch show sw0 | grep -o 'address.*')" "address 10.77.0.1/28 dhcp 10.77.0.4-10.77.0.14" "/28"
	vswctl switch del sw0
	vswctl switch add sw0 mode host-only address 10.77.0.2/30 dhcp on
	check_eq "$(vswctl switch show sw0 | grep -o 'address.*')" "address 10.77.0.2/30 dhcp 10.77.0.1-10.77.0.1" "/30"
	vswctl switch del sw0
	vswctl switch add sw0 mode host-only address 10.77.0.1/24
	check_eq "$(vswctl switch show sw0 | grep -o 'address.*')" "address 10.77.0.1/24" "no dhcp"
	check_eq "$(vswctl lease show sw0) $?" " 0" "lease show without dhcp"
	check_eq "$(vswctl -j lease show sw0)" "[]" "lease show -j without dhcp"
	log_test "default range: .15 to the last host, around the switch address"
}

switch_del() {
	local dns sup

	setup
	check_err $? "setup"
	dns=$(dnsmasq_of sw0)
	sup=$(cat "$RUN/sw0/supervisor.pid")
	check_match "$dns $sup" '^[0-9]+ [0-9]+$' "pids of dnsmasq and supervisor"
	vswctl switch del sw0
	check_err $? "vswctl switch del sw0"
	gone "$dns" "$sup"
	check_err $? "dnsmasq ($dns) or its supervisor ($sup) still runs after switch del"
	[ ! -e "$RUN/sw0" ]
	check_err $? "$RUN/sw0 still there after switch del"
	check_eq "$(ip link show sw0 2>&1)" 'Device "sw0" does not exist.' "sw0 after switch del"
	log_test "switch del: dnsmasq stopped and run directory removed on return"
}

link_del() {
	local dns sup

	setup
	check_err $? "setup"
	dns=$(dnsmasq_of sw0)
	sup=$(cat "$RUN/sw0/supervisor.pid")
	check_match "$dns $sup" '^[0-9]+ [0-9]+$' "pids of dnsmasq and supervisor"
	ip link del sw0
	busywait 5000 gone "$dns" "$sup"
	check_err $? "dnsmasq ($dns) or its supervisor ($sup) still runs 5 s after ip link del"
	busywait 1000 test ! -e "$RUN/sw0"
	check_err $? "$RUN/sw0 still there after ip link del"

	# A rename stops it too (dnsmasq serves the device by name).
	vswctl switch add sw0 mode host-only address 10.77.0.1/24 dhcp on
	dns=$(dnsmasq_of sw0)
	check_match "$dns" '^[0-9]+$' "pid of dnsmasq"
	ip link set sw0 down
	ip link set sw0 name sw9
	busywait 5000 gone "$dns"
	check_err $? "dnsmasq ($dns) still runs 5 s after a rename"
	busywait 1000 test ! -e "$RUN/sw0"
	check_err $? "$RUN/sw0 still there after a rename"
	ip link del sw9
	log_test "ip link del and rename: the supervisor stops dnsmasq, removes the run directory"
}

dnsmasq_dies() {
	local dns sup

	setup_guest
	check_err $? "setup"
	dhcp_client "$g1" guest1 > /dev/null
	dns=$(dnsmasq_of sw0)
	sup=$(cat "$RUN/sw0/supervisor.pid")
	kill -9 "$dns"
	busywait 5000 gone "$sup"
	check_err $? "the supervisor outlived dnsmasq"
	check_eq "$(ls "$RUN/sw0" | xargs)" "dnsmasq.conf dnsmasq.log leases" "files left for inspection"
	check_match "$(tail -1 "$RUN/sw0/dnsmasq.log")" '^vswctl-dhcp\[[0-9]+\]: dnsmasq was killed by signal 9$' "last log line"
	check_eq "$(vswctl lease show sw0 | wc -l)" 1 "leases still listed"
	check_match "$(vswctl switch show sw0)" ' address 10\.77\.0\.1/24$' "switch show without dhcp"
	vswctl switch del sw0
	check_err $? "switch del"
	[ ! -e "$RUN/sw0" ]
	check_err $? "$RUN/sw0 still there after switch del"
	log_test "dnsmasq dying on its own: pid files removed, leases and log kept"
}

start_failure() {
	local out first

	cleanup
	# Port 53 taken on every address, without SO_REUSEADDR: dnsmasq
	# cannot bind 10.77.0.1:53.
	$PY -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 53))
time.sleep(600)' &
	BLOCKER=$!
	busywait 10000 sh -c "ss -Hlnu 'sport = :53' | grep -q '0.0.0.0:53'"
	check_err $? "blocker on port 53"
	out=$(vswctl switch add sw9 mode host-only address 10.77.0.1/24 dhcp on 2>&1)
	check_eq $? 1 "exit status"
	first=$(echo "$out" | head -1)
	check_eq "$first" "vswctl: dnsmasq for sw9 failed to start (exit status 2); its log ends with:" "first line"
	check_match "$(echo "$out" | tail -n +2)" '^    dnsmasq: failed to create listening socket for 10\.77\.0\.1: Address (already )?in use$' "log tail"
	check_eq "$(ip link show sw9 2>&1)" 'Device "sw9" does not exist.' "sw9 after the failure"
	[ ! -e "$RUN/sw9" ]
	check_err $? "$RUN/sw9 left behind"
	check_eq "$(pgrep -c -x dnsmasq) $(pgrep -c -x vswctl-dhcp)" "0 0" "dnsmasq and supervisors running"
	# Without DNS, port 53 is not needed.
	vswctl switch add sw9 mode host-only address 10.77.0.1/24 dhcp on dns off
	check_err $? "dhcp on dns off with port 53 taken"
	vswctl switch del sw9
	log_test "dnsmasq failing to start: its log shown, the switch deleted again"
}

bad_input() {
	local a='vswctl switch add sw9 mode host-only'

	cleanup
	refused 'vswctl: dhcp: needs an IPv4 address (address A.B.C.D/LEN)' $a dhcp on
	refused 'vswctl: dhcp: needs an IPv4 address (address A.B.C.D/LEN)' $a address fd00::1/64 dhcp on
	refused 'vswctl: dhcp-range "10.77.1.10-10.77.1.20" is outside the subnet 10.77.0.0/24' $a address 10.77.0.1/24 dhcp on dhcp-range 10.77.1.10-10.77.1.20
	refused 'vswctl: dhcp-range "10.77.0.200-10.77.1.20" is outside the subnet 10.77.0.0/24' $a address 10.77.0.1/24 dhcp on dhcp-range 10.77.0.200-10.77.1.20
	refused 'vswctl: dhcp-range "10.77.0.2-10.77.0.9" contains the switch address 10.77.0.5' $a address 10.77.0.5/24 dhcp on dhcp-range 10.77.0.2-10.77.0.9
	refused 'vswctl: dhcp-range "10.77.0.0-10.77.0.9" contains the network address 10.77.0.0' $a address 10.77.0.100/24 dhcp on dhcp-range 10.77.0.0-10.77.0.9
	refused 'vswctl: dhcp-range "10.77.0.200-10.77.0.255" contains the broadcast address 10.77.0.255' $a address 10.77.0.1/24 dhcp on dhcp-range 10.77.0.200-10.77.0.255
	refused 'vswctl: dhcp-range "10.77.0.60-10.77.0.50": FIRST is after LAST' $a address 10.77.0.1/24 dhcp on dhcp-range 10.77.0.60-10.77.0.50
	refused 'vswctl: invalid dhcp-range "10.77.0.50" (FIRST-LAST, IPv4 addresses)' $a address 10.77.0.1/24 dhcp on dhcp-range 10.77.0.50
	refused 'vswctl: invalid dhcp-range "10.77.0.50-x" (FIRST-LAST, IPv4 addresses)' $a address 10.77.0.1/24 dhcp on dhcp-range 10.77.0.50-x
	refused 'vswctl: dhcp: 10.77.0.1/31 leaves no addresses to lease' $a address 10.77.0.1/31 dhcp on
	refused 'vswctl: invalid dhcp "maybe" (on | off)' $a address 10.77.0.1/24 dhcp maybe
	refused 'vswctl: invalid dns "maybe" (on | off)' $a address 10.77.0.1/24 dhcp on dns maybe
	refused 'vswctl: missing value for "dhcp"' $a address 10.77.0.1/24 dhcp
	refused 'vswctl: duplicate argument "dhcp"' $a address 10.77.0.1/24 dhcp on dhcp off
	refused 'vswctl: dns: needs "dhcp on"' $a address 10.77.0.1/24 dns on
	refused 'vswctl: dhcp-range: needs "dhcp on"' $a address 10.77.0.1/24 dhcp off dhcp-range 10.77.0.50-10.77.0.60
	refused 'vswctl: dhcp-boot: needs "dhcp on"' $a address 10.77.0.1/24 dhcp-boot boot.ipxe
	refused 'vswctl: tftp-root: needs "dhcp on"' $a address 10.77.0.1/24 dhcp off tftp-root /tmp
	refused 'vswctl: dhcp-boot "a,b": blanks, quotes, commas, backslashes and '"'#'"' are not allowed' $a address 10.77.0.1/24 dhcp on dhcp-boot a,b
	refused 'vswctl: dhcp-boot "a b": blanks, quotes, commas, backslashes and '"'#'"' are not allowed' $a address 10.77.0.1/24 dhcp on dhcp-boot 'a b'
	refused 'vswctl: dhcp-boot: empty value' $a address 10.77.0.1/24 dhcp on dhcp-boot ''
	refused "vswctl: dhcp-boot \"$(printf 'x%.0s' $(seq 256))\": longer than 255 characters" $a address 10.77.0.1/24 dhcp on dhcp-boot "$(printf 'x%.0s' $(seq 256))"
	refused 'vswctl: tftp-root "tftp": needs an absolute path' $a address 10.77.0.1/24 dhcp on tftp-root tftp
	refused 'vswctl: tftp-root "/nonexistent": No such file or directory' $a address 10.77.0.1/24 dhcp on tftp-root /nonexistent
	refused 'vswctl: tftp-root "/etc/hostname": not a directory' $a address 10.77.0.1/24 dhcp on tftp-root /etc/hostname
	refused 'vswctl: tftp-root "/tmp#x": blanks, quotes, commas, backslashes and '"'#'"' are not allowed' $a address 10.77.0.1/24 dhcp on tftp-root '/tmp#x'
	refused 'vswctl: dhcp-boot: only for mode host-only or nat' vswctl switch add sw9 mode internal dhcp-boot boot.ipxe
	refused 'vswctl: dhcp: only for mode host-only or nat' vswctl switch add sw9 mode internal dhcp on
	refused 'vswctl: dhcp: only for mode host-only or nat' vswctl switch add sw9 dhcp on
	refused 'vswctl: dns: only for mode host-only or nat' vswctl switch add sw9 dns off
	refused 'vswctl: address: an internal switch carries no host traffic' vswctl switch add sw9 mode internal address 10.77.0.1/24 dhcp on
	refused 'vswctl: unknown argument "dhcp"' vswctl switch set sw9 dhcp on
	refused 'vswctl: device "nope" does not exist' vswctl lease show nope
	refused 'Error: lo is not a vswitch device' vswctl lease show lo
	refused 'vswctl: missing SWITCH for "lease show"' vswctl lease show
	check_eq "$(ip link show sw9 2>&1)" 'Device "sw9" does not exist.' "sw9 after the refusals"
	[ ! -e "$RUN/sw9" ]
	check_err $? "$RUN/sw9 created by a refused command"
	check_eq "$(pgrep -c -x dnsmasq)" 0 "dnsmasq processes"
	log_test "bad dhcp, dhcp-range, dns, dhcp-boot, tftp-root input refused with one clear line"
}

two_switches() {
	local l1 l2

	cleanup
	setup_ns g1 g2
	vswctl switch add sw0 mode host-only address 10.77.0.1/24 dhcp on dhcp-range 10.77.0.50-10.77.0.60 &&
		vswctl switch add sw1 mode host-only address 10.78.0.1/24 dhcp on dhcp-range 10.78.0.50-10.78.0.60
	check_err $? "two switches with dhcp"
	guest "$g1" vp1 sw0 $M1
	guest "$g2" vp2 sw1 $M2
	l1=$(dhcp_client "$g1" guest1)
	l2=$(dhcp_client "$g2" guest2)
	check_match "$l1" '^10\.77\.0\.[0-9]+ 24 10\.77\.0\.1 10\.77\.0\.1$' "lease of g1"
	check_match "$l2" '^10\.78\.0\.[0-9]+ 24 10\.78\.0\.1 10\.78\.0\.1$' "lease of g2"
	in_range "${l1%% *}" 10.77.0.50 10.77.0.60 && in_range "${l2%% *}" 10.78.0.50 10.78.0.60
	check_err $? "leases outside their ranges: $l1 / $l2"
	busywait 5000 sh -c "vswctl lease show sw0 | grep -q . && vswctl lease show sw1 | grep -q ."
	check_eq "$(vswctl lease show sw0 | awk '{print $1, $3, $5}')" "${l1%% *} $M1 guest1" "leases of sw0"
	check_eq "$(vswctl lease show sw1 | awk '{print $1, $3, $5}')" "${l2%% *} $M2 guest2" "leases of sw1"
	vswctl switch del sw0
	check_match "$(vswctl switch show sw1)" ' dhcp 10\.78\.0\.50-10\.78\.0\.60$' "sw1 after deleting sw0"
	check_eq "$(pgrep -c -x dnsmasq)" 1 "dnsmasq processes after deleting sw0"
	log_test "two switches with dhcp: each dnsmasq serves its own guests"
}

netns() {
	local ino dir l

	cleanup
	setup_ns h g1
	ino=$(ip netns exec "$h" stat -L -c %i /proc/self/ns/net)
	dir=$RUN/netns-$ino/sw0
	# The same name in the initial namespace, with its own dnsmasq.
	vswctl switch add sw0 mode host-only address 10.78.0.1/24 dhcp on
	ip netns exec "$h" vswctl switch add sw0 mode host-only address 10.77.0.1/24 dhcp on dhcp-range 10.77.0.50-10.77.0.60
	check_err $? "switch add in a namespace"
	check_eq "$(ls "$dir" 2>&1 | xargs)" "dnsmasq.conf dnsmasq.log dnsmasq.pid leases supervisor.pid" "files in $dir"
	ip -n "$h" link add vp1 type veth peer name eth0 netns "$g1"
	ip -n "$g1" link set eth0 address $M1
	ip -n "$g1" link set eth0 up
	ip netns exec "$h" vswctl port add sw0 vp1
	l=$(dhcp_client "$g1" guest1)
	check_match "$l" '^10\.77\.0\.[0-9]+ 24 10\.77\.0\.1 10\.77\.0\.1$' "lease of g1"
	busywait 5000 sh -c "ip netns exec $h vswctl lease show sw0 | grep -q ."
	check_eq "$(ip netns exec "$h" vswctl lease show sw0 | awk '{print $1, $3, $5}')" "${l%% *} $M1 guest1" "leases in the namespace"
	check_eq "$(vswctl lease show sw0)" "" "leases of the initial namespace's sw0"
	check_match "$(ip netns exec "$h" vswctl switch show sw0)" ' address 10\.77\.0\.1/24 dhcp 10\.77\.0\.50-10\.77\.0\.60$' "switch show in the namespace"
	check_match "$(vswctl switch show sw0)" ' address 10\.78\.0\.1/24 dhcp 10\.78\.0\.15-10\.78\.0\.254$' "switch show in the initial namespace"
	ip netns exec "$h" vswctl switch del sw0
	check_err $? "switch del in the namespace"
	[ ! -e "$RUN/netns-$ino" ]
	check_err $? "$RUN/netns-$ino still there"
	[ -e "$RUN/sw0/dnsmasq.pid" ]
	check_err $? "the initial namespace's dnsmasq stopped too"
	log_test "a switch in another namespace: run directory netns-INODE/NAME"
}

# The same on a nat switch, once vswctl creates them.
nat_lease() {
	local l

	cleanup
	if ! vswctl switch add sw0 mode nat > /dev/null 2>&1; then
		echo "nat switches cannot be created yet: not tested"
		return
	fi
	ip link del sw0
	setup_ns g1
	vswctl switch add sw0 mode nat address 10.77.0.1/24 dhcp on dhcp-range 10.77.0.50-10.77.0.60
	check_err $? "switch add mode nat with dhcp"
	guest "$g1" vp1 sw0 $M1
	l=$(dhcp_client "$g1" guest1)
	check_match "$l" '^10\.77\.0\.(5[0-9]|60) 24 10\.77\.0\.1 10\.77\.0\.1$' "lease of g1"
	busywait 5000 sh -c "vswctl lease show sw0 | grep -q ."
	check_eq "$(vswctl lease show sw0 | awk '{print $1, $3, $5}')" "${l%% *} $M1 guest1" "leases of sw0"
	check_match "$(vswctl switch show sw0)" ' address 10\.77\.0\.1/24 dhcp 10\.77\.0\.50-10\.77\.0\.60( |$)' "switch show"
	vswctl switch del sw0
	[ ! -e "$RUN/sw0" ]
	check_err $? "$RUN/sw0 still there after switch del"
	log_test "dhcp on a nat switch"
}

tests_run
