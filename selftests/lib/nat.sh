# SPDX-License-Identifier: GPL-2.0
#
# The NAT tests' topology and helpers (nat.sh, nat_control.sh).
#
#   ns srv: 192.0.2.10 (the "internet" server: socat answers with the
#       |               peer address it sees)
#   ns rtr: 192.0.2.1 / 198.51.100.2 (a router that knows nothing of
#       |   the guests' subnet)
#   host:  hveth 198.51.100.1, default route via rtr; ip_forward=0
#       |
#   +---+---------------- sw0 (nat) 10.0.2.2/24 --------------+
#   | vp1                     vp2                               |
#   +-|------------------------|--------------------------------+
#   ns g1: 10.0.2.15         ns g2: 10.0.2.16
#
# Every service answers with who it is and the address it saw the client
# come from, so each check says exactly who reached whom through what.

require_cmd vswctl ip ping socat conntrack iptables nft python3 busybox

HOST=198.51.100.1
SRV=192.0.2.10

cleanup() {
	pkill -x socat
	ip link del sw0 2> /dev/null
	ip link del sw1 2> /dev/null
	ip link del hsw 2> /dev/null
	ip link del hveth 2> /dev/null
	iptables -P FORWARD ACCEPT 2> /dev/null
	nft delete table inet vswtest 2> /dev/null
	sysctl -qw net.ipv4.ip_forward=0
	sysctl -qw net.ipv6.conf.all.forwarding=0
	cleanup_ns
}
trap cleanup EXIT

# serve NS NAME PROTO PORT: a service answering "NAME PEER-ADDRESS".
# socat gives a side that reached EOF -t seconds (0.5 by default) before it
# closes: the client's FIN must not cut short a shell slow to answer.
serve() {
	local kind=TCP-LISTEN

	[ "$3" = udp ] && kind=UDP-RECVFROM
	ip netns exec "$1" socat -t 60 "$kind:$4,fork,reuseaddr" \
		SYSTEM:"echo $2 \$SOCAT_PEERADDR" > /dev/null 2>&1 &
	busywait 5000 ip netns exec "$1" sh -c "{ ss -lnu; ss -lnt; } | grep -q ':$4 '"
}

# ask NS PROTO ADDR PORT: what the service at ADDR:PORT answers ("" for
# the host's own namespace). ASK_WAIT: seconds to wait for an answer that
# should come (the debug kernel under TCG is slow to fork socat's shell);
# checks that expect silence set it lower. TCP: the question, then the
# answer until the server closes (socat -t: not the default half second
# after the question's EOF). UDP asks up to three times, a third of the
# wait each, as UDP clients do, from one socket (one connection for
# conntrack), and takes the first answer; a port unreachable ends it.
ask() {
	local pre=() wait=${ASK_WAIT:-60}

	[ -n "$1" ] && pre=(ip netns exec "$1")
	if [ "$2" != udp ]; then
		echo ping | timeout "$wait" "${pre[@]}" socat -t "$wait" \
			-T "$wait" - "TCP:$3:$4" 2> /dev/null
		return
	fi
	# bash's /dev/udp is a connected socket: an answer from elsewhere
	# is not taken, a port unreachable fails the next read or write;
	# dd reads one datagram whole.
	timeout "$wait" "${pre[@]}" bash -c '
exec 3<> "/dev/udp/$1/$2" || exit 1
for try in 1 2 3; do
	echo ping >&3 || exit 1
	timeout "$3" dd bs=512 count=1 status=none <&3 && exit 0
	[ $? = 124 ] || exit 1
done
exit 1' - "$3" "$4" $(( (wait + 2) / 3 )) 2> /dev/null
}

setup() {
	cleanup
	setup_ns srv rtr g1 g2
	ip link add hveth type veth peer name rveth netns "$rtr"
	ip -n "$rtr" link add sveth type veth peer name eth0 netns "$srv"
	ip addr add $HOST/24 dev hveth
	ip link set hveth up
	ip route add default via 198.51.100.2
	ip -n "$rtr" addr add 198.51.100.2/24 dev rveth
	ip -n "$rtr" addr add 192.0.2.1/24 dev sveth
	ip -n "$rtr" link set rveth up
	ip -n "$rtr" link set sveth up
	ip netns exec "$rtr" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$srv" addr add $SRV/24 dev eth0
	ip -n "$srv" link set eth0 up
	ip -n "$srv" route add default via 192.0.2.1
	sysctl -qw net.ipv4.ip_forward=0

	vswctl switch add sw0 mode nat address 10.0.2.2/24 || return 1
	add_guest "$g1" vp1 10.0.2.15/24
	add_guest "$g2" vp2 10.0.2.16/24
	ip -n "$g1" route add default via 10.0.2.2
	ip -n "$g2" route add default via 10.0.2.2
	vswctl port add sw0 vp1 && vswctl port add sw0 vp2 || return 1
	serve "$srv" srv tcp 8080 && serve "$srv" srv udp 5000
}

# nat_cycle N [keep]: N nat switches made and deleted, one after the
# other, by one process (RTM_NEWLINK kind vswitch mode nat, RTM_DELLINK);
# with keep, N made (vswz0...) and kept, then the answer to one more
# printed as nlraw.py prints it.
nat_cycle() {
	$PY - "$1" "${2:-}" <<'PYEOF'
import socket, struct, sys
sys.path.insert(0, "lib")
import nlraw
ifi = struct.pack("BxHiII", 0, 0, 0, 0, 0)
info = nlraw.attr(nlraw.IFLA_INFO_KIND, b"vswitch\0") + \
    nlraw.attr(nlraw.IFLA_INFO_DATA | 0x8000, nlraw.parse_attr("1:u32:2"))
def new(n):
    return ifi + nlraw.attr(nlraw.IFLA_IFNAME, n) + nlraw.attr(nlraw.IFLA_LINKINFO | 0x8000, info)
def req(mtype, flags, body):
    return nlraw.request(socket.NETLINK_ROUTE, mtype, flags, body)[:2]
excl = nlraw.NLM_F_CREATE | nlraw.NLM_F_EXCL
n = int(sys.argv[1])
if sys.argv[2] == "keep":
    for i in range(n):
        err, text = req(nlraw.RTM_NEWLINK, excl, new(b"vswz%d\0" % i))
        if err:
            sys.exit("switch %d: %d %s" % (i, err, text))
    print(*req(nlraw.RTM_NEWLINK, excl, new(b"vswz%d\0" % n)))
    sys.exit(0)
name = b"vswleak0\0"
for _ in range(n):
    for mtype, flags, body in ((nlraw.RTM_NEWLINK, excl, new(name)),
                               (17, 0, ifi + nlraw.attr(nlraw.IFLA_IFNAME, name))):
        err, text = req(mtype, flags, body)
        if err:
            sys.exit("%s: %d %s" % (mtype, err, text))
PYEOF
}
