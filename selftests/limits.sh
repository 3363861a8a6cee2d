#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Limits: what happens when a table or a number space runs out. Each case
# fills one to its end and checks that the next request is refused with a
# reason, whole, and that freeing one entry makes room again. Slow by
# nature (thousands of objects), and independent of the kernel's version:
# CI runs it on 6.1.

ALL_TESTS="nat_zones_full nat_conntrack_full"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh
source lib/nat.sh

# nf_conntrack_max is the host's, for every test after this one too: put
# back as it was (nat_conntrack_full reads it).
CT_MAX=
trap 'cleanup; [ -n "$CT_MAX" ] && sysctl -qw net.netfilter.nf_conntrack_max="$CT_MAX"' EXIT

# A namespace has 4095 conntrack zones for nat switches: the next switch is
# refused with a reason, and the refusal leaves nothing half made (its FDB
# held the host's address when the zone ran out: a WARN, a panic under
# panic_on_warn). Deleting one makes room again.
nat_zones_full() {
	local x out

	cleanup
	modprobe vswitch
	modprobe vswitch_nat
	setup_ns x
	out=$(ip netns exec "$x" bash -c "$(declare -f nat_cycle); PY=$PY nat_cycle 4095 keep")
	check_eq "$out" "-16 no conntrack zone left for another nat switch" "the 4096th nat switch"
	check_eq "$(ip -n "$x" -o link show type vswitch | wc -l)" 4095 "nat switches in the namespace"
	ip -n "$x" link del vswz17
	ip netns exec "$x" vswctl switch add sw0 mode nat address 10.0.2.2/24
	check_err $? "a nat switch once one was deleted"
	ip netns del "$x"
	NS_LIST=()
	log_test "nat: zones for 4095 nat switches a namespace; the next refused whole"
}

# ct_stat NAME: conntrack's statistic NAME (drop, insert_failed...),
# summed over the CPUs.
ct_stat() {
	conntrack -S | awk -v k="$1" '
		{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) n += kv[2] } }
		END { print n + 0 }'
}

# The guest's side of nat_conntrack_full (ct_client): one process in g1
# holding the connections, answering one line per command read on stdin:
#   open N      N more connections to SRV:9000, each through its echo
#   talk        2000 bytes each way on the first connection
#   syn N P     N SYNs of new connections (source ports P...), raw
#   reset       all connections but the first closed by a reset
#   new         one more connection, through its echo, closed
read -r -d '' CT_CLIENT <<'PYEOF'
import socket, struct, sys
srv = sys.argv[1]
conns = []

def echo(c, data):
    c.sendall(data)
    got = b""
    while len(got) < len(data):
        b = c.recv(65536)
        if not b:
            raise OSError("closed")
        got += b
    if got != data:
        raise OSError("echo differs")

def connect():
    c = socket.create_connection((srv, 9000), timeout=10)
    echo(c, b"hello\n")
    return c

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def syns(n, port):
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    r.connect((srv, 0))
    src = socket.inet_aton(r.getsockname()[0])
    for i in range(n):
        tcp = struct.pack("!HHIIBBHHH", port + i, 9000, 1000 + i, 0, 5 << 4, 0x02,
                          64240, 0, 0)
        pseudo = src + socket.inet_aton(srv) + struct.pack("!BBH", 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:]
        r.send(tcp)
    r.close()

for line in sys.stdin:
    cmd = line.split()
    try:
        if cmd[0] == "open":
            for _ in range(int(cmd[1])):
                conns.append(connect())
        elif cmd[0] == "talk":
            echo(conns[0], bytes(range(256)) * 8 + b"\n")
        elif cmd[0] == "syn":
            syns(int(cmd[1]), int(cmd[2]))
        elif cmd[0] == "reset":
            for c in conns[1:]:
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                c.close()
            del conns[1:]
        elif cmd[0] == "new":
            connect().close()
        print("ok", len(conns))
    except OSError as e:
        print("error", len(conns), e)
PYEOF
ct_client() {
	ip netns exec "$g1" $PY -u -c "$CT_CLIENT" "$SRV"
}

# ct_do CMD...: a command to ct_client, its answer.
ct_do() {
	local out

	echo "$*" >&"${CT[1]}"
	read -r -t 120 out <&"${CT[0]}" || out="no answer"
	echo "$out"
}

# zone_entries STATE: the switch's conntrack entries to port 9000 in STATE
# (a regex of conntrack -L's line), all if none given.
zone_entries() {
	conntrack -L -p tcp --dport 9000 2> /dev/null | grep "zone-orig=$ZONE " |
		grep -cE -- "${1:-.}"
}

# The host's conntrack table full of a guest's established connections
# (nf_conntrack_max lowered to 64): the next connection's first packets
# are dropped, one count each, on the guest's port (drop_nat) and in
# conntrack's statistics (drop); the connections already made go on
# both ways. Once the guest resets them and their entries expire, new
# connections are made again.
nat_conntrack_full() {
	local max=64 d0 n0 out

	setup
	check_err $? "setup"
	CT_MAX=$(sysctl -n net.netfilter.nf_conntrack_max)
	check_err $? "no net.netfilter.nf_conntrack_max with a nat switch"
	ZONE=$(switch_field sw0 zone)
	# Closed connections' entries (CLOSE after a reset) expire in 3 s.
	vswctl nat set sw0 tcp-timeout 3
	check_err $? "nat set tcp-timeout 3"
	# One process holds all the server's connections, echoing.
	ip netns exec "$srv" $PY -c '
import selectors, socket
sel = selectors.DefaultSelector()
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("0.0.0.0", 9000))
l.listen(256)
sel.register(l, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        s = key.fileobj
        if s is l:
            sel.register(l.accept()[0], selectors.EVENT_READ)
            continue
        try:
            b = s.recv(65536)
        except OSError:
            b = b""
        if b:
            s.sendall(b)
        else:
            sel.unregister(s)
            s.close()' > /dev/null 2>&1 &
	busywait 10000 ip netns exec "$srv" sh -c "ss -lnt | grep -q ':9000 '"
	check_err $? "the server on port 9000"
	coproc CT { ct_client; }

	conntrack -F 2> /dev/null
	check_eq "$(cat /proc/sys/net/netfilter/nf_conntrack_count)" 0 "conntrack entries before"
	sysctl -qw net.netfilter.nf_conntrack_max=$max
	check_eq "$(ct_do open $max)" "ok $max" "$max connections from g1"
	busywait 10000 eval '[ "$(zone_entries "ESTABLISHED .*ASSURED")" = $max ]'
	check_err $? "established, assured entries: $(zone_entries "ESTABLISHED .*ASSURED") of $max"
	check_eq "$(cat /proc/sys/net/netfilter/nf_conntrack_count)" $max "nf_conntrack_count"

	# Full: the first packets of 20 new connections, dropped.
	d0=$(ct_stat drop)
	n0=$(port_stat vp1 drop_nat)
	check_eq "$(ct_do syn 20 61000)" "ok $max" "20 SYNs"
	busywait 10000 eval '[ "$(port_stat vp1 drop_nat)" -ge $(( n0 + 20 )) ]'
	sleep 0.5
	check_eq $(( $(port_stat vp1 drop_nat) - n0 )) 20 "vp1 drop_nat for 20 SYNs"
	check_eq $(( $(ct_stat drop) - d0 )) 20 "conntrack's drop for 20 SYNs"
	check_eq "$(zone_entries "SYN_SENT")" 0 "entries of the new connections"
	out=$(ASK_WAIT=3 ask "$g2" tcp $SRV 8080)
	check_eq "$out" "" "g2's connection to the server with a full table"
	# The established connections go on, both ways.
	check_eq "$(ct_do talk)" "ok $max" "2000 bytes each way on the first connection"

	# Reset (their entries CLOSE, 3 s), expired, gone: the listing drops
	# what expired, as conntrack's garbage collector would within a
	# minute.
	check_eq "$(ct_do reset)" "ok 1" "all but the first connection reset"
	busywait 30000 eval '[ "$(zone_entries)" = 1 ]'
	check_err $? "entries left after the resets: $(zone_entries)"
	check_eq "$(cat /proc/sys/net/netfilter/nf_conntrack_count)" 1 "nf_conntrack_count after the resets"
	check_eq "$(ct_do new)" "ok 1" "a new connection from g1"
	check_eq "$(ASK_WAIT=10 ask "$g2" tcp $SRV 8080)" "srv $HOST" "g2's connection to the server"
	check_eq "$(ct_do talk)" "ok 1" "2000 bytes each way on the first connection, still"
	kill "$CT_PID"
	wait "$CT_PID" 2> /dev/null
	sysctl -qw net.netfilter.nf_conntrack_max="$CT_MAX"
	log_test "nat: a conntrack table full of established connections: new ones dropped and counted, old ones go on"
}

tests_run
