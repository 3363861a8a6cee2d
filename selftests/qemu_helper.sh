#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The QEMU pieces in tools/qemu: vswitch-bridge-helper (QEMU's
# `-netdev bridge,br=SWITCH,helper=PATH` protocol, driven here by
# lib/bridge_client.py as QEMU drives it: a socketpair, the fd back by
# SCM_RIGHTS) and the vswitch-ifup/ifdown tap scripts. Bad arguments, the
# allow-list /etc/vswitch/bridge.conf (allow/deny/include, errors naming
# FILE:LINE, VSWITCH_BRIDGE_CONF only without gained privileges), devices
# that are no switch, the tap it hands over (a port of the switch, up,
# the switch's MTU, vnet header on request, gone with its fd), nothing
# left behind on failure, an unprivileged user with the file capability,
# without it, setuid refused; and a real QEMU with each way.
#
#   sw0 (internal, mtu 1400)       sw1 (internal)       dm0 (dummy), br0 (bridge)
#   +-------------------------+    +-------------+
#   | vswtapN (the helper's)  |    |             |
#   | vswt0 (ifup)            |    |             |
#   +-------------------------+    +-------------+

ALL_TESTS="bad_args acl_basic acl_include acl_errors acl_env not_a_switch
	   tap_root left_behind unprivileged ifup_ifdown qemu_bridge qemu_tap"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip setcap setpriv

unset VSWITCH_SWITCH VSWITCH_BRIDGE_CONF
H=$(cd ../tools/qemu && pwd -P)/vswitch-bridge-helper
IFUP=$(cd ../tools/qemu && pwd -P)/vswitch-ifup
IFDOWN=$(cd ../tools/qemu && pwd -P)/vswitch-ifdown
CLIENT=$PWD/lib/bridge_client.py
CONF=/etc/vswitch/bridge.conf
P=vswitch-bridge-helper
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
DIR=$(mktemp -d /tmp/vsw-helper.XXXXXX)
chmod 755 "$DIR"
cp "$CLIENT" "$DIR/client.py"
chmod 644 "$DIR/client.py"
TUN_MODE=
QEMU_PID=

[ -x "$H" ] || skip "$H is not built (make tools)"
modprobe vswitch
[ -c /dev/net/tun ] || modprobe tun
# As udev makes it on a real host: any user may open it (taps need
# CAP_NET_ADMIN all the same).
TUN_MODE=$(stat -c %a /dev/net/tun)
chmod 666 /dev/net/tun

# The VM's /etc is a throw-away overlay; keep what was there all the same.
CONF_SAVED=
if [ -e $CONF ]; then
	CONF_SAVED=$DIR/bridge.conf.saved
	cp -p $CONF "$CONF_SAVED"
fi
ETC_MADE=
[ -d /etc/vswitch ] || ETC_MADE=1
mkdir -p /etc/vswitch

cleanup() {
	local d

	if [ -n "$QEMU_PID" ]; then
		kill "$QEMU_PID" 2> /dev/null
		wait "$QEMU_PID" 2> /dev/null
	fi
	QEMU_PID=
	for d in $(taps) sw0 sw1 dm0 br0 vswt0; do
		[ -e /sys/class/net/$d ] && ip link del "$d" 2> /dev/null
	done
	rm -f /etc/vswitch/*.conf
}

final_cleanup() {
	cleanup
	rm -f $CONF
	[ -n "$CONF_SAVED" ] && cp -p "$CONF_SAVED" $CONF
	[ -n "$ETC_MADE" ] && rmdir /etc/vswitch
	[ -n "$TUN_MODE" ] && chmod "$TUN_MODE" /dev/net/tun
	rm -rf "$DIR"
}
trap final_cleanup EXIT

# The helper's taps that exist, sorted.
taps() {
	ls /sys/class/net | grep '^vswtap' | xargs
}

ports_of() {
	vswctl port show "$1" | awk '{print $1}' | sort | xargs
}

# link_info DEV: "master MTU UP|DOWN" (- for no master).
link_info() {
	ip -j link show "$1" | $PY -c 'import json,sys
l = json.load(sys.stdin)[0]
print(l.get("master", "-"), l["mtu"], "UP" if "UP" in l["flags"] else "DOWN")'
}

conf() {	# conf LINE...: /etc/vswitch/bridge.conf of these lines
	printf '%s\n' "$@" > $CONF
	chmod 644 $CONF
}

# helper [ENV=VAL...] [--] ARGS: run lib/bridge_client.py with the helper as
# root; OUT: its stdout and stderr, RC: its exit status.
helper() {
	OUT=$(env "$@" 2>&1)
	RC=$?
}

# refused EXPECTED ARGS...: the client's helper run (ARGS: what follows the
# helper's path) exits 1 with EXPECTED on stderr, and no tap is left.
refused() {
	local expected=$1

	shift
	helper $PY "$CLIENT" "$H" "$@"
	check_eq "$RC" 1 "exit status of $P $*"
	check_eq "$OUT" "$expected
exit 1" "output of $P $*"
	check_eq "$(taps)" "" "taps after $P $*"
}

# admitted SWITCH [ENV=VAL...]: the helper attaches a tap to SWITCH
# (closed at once: it is gone again).
admitted() {
	local sw=$1

	shift
	helper "$@" $PY "$CLIENT" "$H" --use-vnet --fd={fd} --br="$sw"
	check_eq "$RC" 0 "exit status for $sw: $OUT"
	check_client "$OUT" tap,no_pi,vnet_hdr "output for $sw"
	check_eq "$(taps)" "" "taps after closing the fd"
}

# check_client OUTPUT FLAGS WHAT: the client's output is exactly "exit 0"
# and "tap vswtapN FLAGS".
check_client() {
	check_eq "$(printf '%s\n' "$1" | wc -l)" 2 "$3: lines of '$1'"
	check_eq "$(printf '%s\n' "$1" | sed -n 1p)" "exit 0" "$3: first line"
	check_match "$(printf '%s\n' "$1" | sed -n 2p)" "^tap vswtap[0-9]+ $2\$" "$3: second line"
}

setup() {
	cleanup
	vswctl switch add sw0 mtu 1400 || return 1
	vswctl switch add sw1 || return 1
	conf "allow sw0"
}

bad_args() {
	local out rc

	setup
	check_err $? "setup"
	# Plain runs, no socket: the arguments are checked first.
	while IFS='|' read -r args expected; do
		# shellcheck disable=SC2086
		out=$("$H" $args 2>&1 < /dev/null)
		rc=$?
		check_eq "$rc" 1 "exit status of $P $args"
		check_eq "$out" "$P: $expected" "message of $P $args"
	done <<-EOF
		|missing --br=SWITCH (see --help)
		--fd=3|missing --br=SWITCH (see --help)
		--br=sw0|missing --fd=FD (see --help)
		--use-vnet --br=sw0|missing --fd=FD (see --help)
		--br=sw0 --fd=x|invalid --fd value "x" (a file descriptor number)
		--br=sw0 --fd=-1|invalid --fd value "-1" (a file descriptor number)
		--br=sw0 --fd=99999999999|invalid --fd value "99999999999" (a file descriptor number)
		--br=sw0 --fd=77|--fd=77: file descriptor 77 is not open
		--br=sw0 --fd=0|--fd=0: file descriptor 0 is not a unix socket
		--br=sw0 --fd=0 --fd=0|--fd given twice
		--br=sw0 --br=sw1 --fd=0|--br given twice
		--br= --fd=0|invalid switch name ""
		--br=a/b --fd=0|invalid switch name "a/b"
		--br=.. --fd=0|invalid switch name ".."
		--br=sw0123456789abcd --fd=0|switch name "sw0123456789abcd" is too long (at most 15 characters)
		--br=sw0 --fd=0 --vnet|unknown option "--vnet" (see --help)
		--bridge=sw0|unknown option "--bridge=sw0" (see --help)
	EOF
	# A UDP socket is no unix stream socket either.
	out=$($PY -c 'import socket, subprocess, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sys.exit(subprocess.run([sys.argv[1], "--br=sw0", "--fd=%d" % s.fileno()], pass_fds=[s.fileno()]).returncode)' "$H" 2>&1)
	rc=$?
	check_eq "$rc" 1 "exit status for a UDP socket"
	check_eq "$(printf '%s\n' "$out" | wc -l)" 1 "lines for a UDP socket"
	check_match "$out" "^$P: --fd=[0-9]+: file descriptor [0-9]+ is not a unix socket$" "message for a UDP socket"
	out=$($PY -c 'import socket, subprocess, sys
s, t = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
sys.exit(subprocess.run([sys.argv[1], "--br=sw0", "--fd=%d" % s.fileno()], pass_fds=[s.fileno()]).returncode)' "$H" 2>&1)
	rc=$?
	check_eq "$rc" 1 "exit status for a unix datagram socket"
	check_eq "$(printf '%s\n' "$out" | wc -l)" 1 "lines for a datagram socket"
	check_match "$out" "^$P: --fd=[0-9]+: file descriptor [0-9]+ is not a unix stream socket$" "message for a datagram socket"

	out=$("$H" --help)
	check_err $? "--help failed"
	check_eq "$(echo "$out" | head -1)" "Usage: $P [--use-vnet] --br=SWITCH --fd=FD" "--help first line"
	check_match "$out" "allow-list $CONF " "--help names the allow-list"
	check_eq "$("$H" --br=sw0 --help)" "$out" "--help after other options"
	check_eq "$(taps)" "" "taps after bad arguments"
	check_eq "$(ports_of sw0)" "" "ports of sw0 after bad arguments"
	log_test "helper: bad arguments, each with its message; --help"
}

acl_basic() {
	setup
	check_err $? "setup"
	rm -f $CONF
	refused "$P: cannot read $CONF: No such file or directory" --fd={fd} --br=sw0
	mkdir $CONF
	refused "$P: cannot read $CONF: not a regular file" --fd={fd} --br=sw0
	rmdir $CONF

	conf "# comment" "" "   allow   sw0   " "	# indented comment"
	admitted sw0
	refused "$P: access to switch sw1 denied by $CONF" --fd={fd} --br=sw1
	conf "allow sw0" "deny all"
	refused "$P: access to switch sw0 denied by $CONF" --fd={fd} --br=sw0
	conf "deny all" "allow sw0"
	refused "$P: access to switch sw0 denied by $CONF" --fd={fd} --br=sw0
	conf "deny sw0" "allow sw0"
	refused "$P: access to switch sw0 denied by $CONF" --fd={fd} --br=sw0
	conf "allow all" "deny sw1"
	admitted sw0
	refused "$P: access to switch sw1 denied by $CONF" --fd={fd} --br=sw1
	conf "# nothing allowed"
	refused "$P: access to switch sw0 denied by $CONF" --fd={fd} --br=sw0
	conf ""
	refused "$P: access to switch sw0 denied by $CONF" --fd={fd} --br=sw0
	# Names are exact: no prefixes, no patterns.
	conf "allow sw" "allow sw*" "allow sw0x"
	refused "$P: access to switch sw0 denied by $CONF" --fd={fd} --br=sw0
	check_eq "$(ports_of sw0) $(ports_of sw1)" " " "ports after the allow-list tests"
	log_test "helper: allow-list: missing file, allow, deny wins, allow all"
}

acl_include() {
	local i

	setup
	check_err $? "setup"
	# Relative: to the including file's directory; absolute as it is.
	conf "include inc.conf"
	echo "allow sw0" > /etc/vswitch/inc.conf
	admitted sw0
	refused "$P: access to switch sw1 denied by $CONF" --fd={fd} --br=sw1
	conf "include /etc/vswitch/inc.conf" "allow sw1"
	echo "deny sw1" >> /etc/vswitch/inc.conf
	admitted sw0
	refused "$P: access to switch sw1 denied by $CONF" --fd={fd} --br=sw1

	conf "allow sw0" "include missing.conf"
	refused "$P: $CONF:2: cannot read include /etc/vswitch/missing.conf: No such file or directory" \
		--fd={fd} --br=sw0
	conf "allow sw0" "include bridge.conf"
	refused "$P: $CONF:2: include loop: $CONF is already being read" --fd={fd} --br=sw0
	conf "allow sw0" "include a.conf"
	echo "include b.conf" > /etc/vswitch/a.conf
	printf '\n\ninclude a.conf\n' > /etc/vswitch/b.conf
	refused "$P: /etc/vswitch/b.conf:3: include loop: /etc/vswitch/a.conf is already being read" \
		--fd={fd} --br=sw0
	# Eight levels are fine, nine are not.
	for i in 1 2 3 4 5 6 7 8; do
		echo "include n$((i + 1)).conf" > /etc/vswitch/n$i.conf
	done
	echo "allow sw0" > /etc/vswitch/n9.conf
	conf "include n2.conf"
	admitted sw0
	conf "include n1.conf"
	refused "$P: /etc/vswitch/n8.conf:1: includes nested more than 8 deep" --fd={fd} --br=sw0
	log_test "helper: allow-list: include, missing include, loops, depth"
}

acl_errors() {
	setup
	check_err $? "setup"
	conf "# c" "" "allow sw0" "permit sw1"
	refused "$P: $CONF:4: unknown directive \"permit\" (allow, deny, include)" --fd={fd} --br=sw0
	conf "allow sw0" "deny"
	refused "$P: $CONF:2: \"deny\" needs an argument" --fd={fd} --br=sw0
	conf "allow"
	refused "$P: $CONF:1: \"allow\" needs an argument" --fd={fd} --br=sw0
	conf "include"
	refused "$P: $CONF:1: \"include\" needs an argument" --fd={fd} --br=sw0
	conf "allow sw0 # trailing comment"
	refused "$P: $CONF:1: \"allow\" takes one argument" --fd={fd} --br=sw0
	conf "allow sw0" "deny sw0123456789abcd"
	refused "$P: $CONF:2: name \"sw0123456789abcd\" is longer than 15 characters" --fd={fd} --br=sw0
	# An error after the line that allows: still refused (fail closed).
	conf "allow all" "include nothing.conf"
	refused "$P: $CONF:2: cannot read include /etc/vswitch/nothing.conf: No such file or directory" \
		--fd={fd} --br=sw0
	check_eq "$(ports_of sw0)" "" "ports of sw0"
	log_test "helper: allow-list: bad lines refused naming FILE:LINE"
}

acl_env() {
	setup
	check_err $? "setup"
	printf 'allow sw1\n' > "$DIR/alt.conf"
	chmod 644 "$DIR/alt.conf"
	# root without gained privileges: the caller's list.
	helper VSWITCH_BRIDGE_CONF="$DIR/alt.conf" $PY "$CLIENT" "$H" --fd={fd} --br=sw1
	check_eq "$RC" 0 "exit status with VSWITCH_BRIDGE_CONF: $OUT"
	check_client "$OUT" tap,no_pi "output with VSWITCH_BRIDGE_CONF"
	helper VSWITCH_BRIDGE_CONF="$DIR/alt.conf" $PY "$CLIENT" "$H" --fd={fd} --br=sw0
	check_eq "$OUT" "$P: access to switch sw0 denied by $DIR/alt.conf
exit 1" "sw0 with VSWITCH_BRIDGE_CONF"
	helper VSWITCH_BRIDGE_CONF="$DIR/none.conf" $PY "$CLIENT" "$H" --fd={fd} --br=sw0
	check_eq "$OUT" "$P: cannot read $DIR/none.conf: No such file or directory
exit 1" "a missing VSWITCH_BRIDGE_CONF"
	# Empty: the default.
	helper VSWITCH_BRIDGE_CONF= $PY "$CLIENT" "$H" --fd={fd} --br=sw1
	check_eq "$OUT" "$P: access to switch sw1 denied by $CONF
exit 1" "an empty VSWITCH_BRIDGE_CONF"
	check_eq "$(taps)" "" "taps"
	log_test "helper: VSWITCH_BRIDGE_CONF honoured without gained privileges"
}

not_a_switch() {
	setup
	check_err $? "setup"
	conf "allow all"
	ip link add dm0 type dummy
	ip link add br0 type bridge
	refused "$P: no switch named sw9" --fd={fd} --br=sw9
	refused "$P: dm0 is not a vswitch switch (its kind is dummy)" --fd={fd} --br=dm0
	refused "$P: br0 is not a vswitch switch (its kind is bridge)" --fd={fd} --br=br0
	refused "$P: lo is not a vswitch switch" --fd={fd} --br=lo
	log_test "helper: unknown switch, devices that are not a vswitch switch"
}

# hold_start FILE ARGS...: the client (ARGS: its command after --hold) in
# the background, holding the fd; returns once it reported.
hold_start() {
	local out=$1

	shift
	rm -f "$DIR/release"
	"$@" > "$out" 2>&1 &
	HOLD_PID=$!
	busywait 10000 grep -q '^tap \|^exit [1-9]' "$out"
}

hold_end() {	# the client closes the fd and exits; its exit status
	touch "$DIR/release"
	wait "$HOLD_PID"
}

# check_held OUT FLAGS: the tap the client holds is a port of sw0, up,
# with sw0's MTU 1400 and FLAGS; it and its port go with the fd.
check_held() {
	local out=$1 flags=$2 tap rc

	tap=$(awk '$1 == "tap" { print $2 }' "$out")
	check_client "$(cat "$out")" "$flags" "client output"
	check_eq "$(taps)" "$tap" "the taps"
	check_eq "$(link_info "$tap")" "sw0 1400 UP" "master, MTU, state of $tap"
	check_eq "$(ports_of sw0)" "$tap" "ports of sw0"
	check_eq "$(switch_field sw0 ports)" 1 "port count of sw0"
	ip -d link show "$tap" | grep -q 'tun type tap pi off vnet_hdr '"$([ "$flags" = tap,no_pi ] && echo off || echo on)"
	check_err $? "ip -d link show $tap: $(ip -d link show "$tap" | grep tun)"
	hold_end
	rc=$?
	check_eq "$rc" 0 "client exit status"
	check_eq "$(taps)" "" "taps after closing the fd"
	check_eq "$(ports_of sw0)" "" "ports of sw0 after closing the fd"
	check_eq "$(switch_field sw0 ports)" 0 "port count of sw0 after closing the fd"
	check_eq "$(cat /sys/class/net/sw0/mtu)" 1400 "MTU of sw0"
}

tap_root() {
	local out=$DIR/out

	setup
	check_err $? "setup"
	hold_start "$out" $PY "$CLIENT" --hold "$DIR/release" "$H" --use-vnet --fd={fd} --br=sw0
	check_err $? "no report from the client: $(cat "$out")"
	check_held "$out" tap,no_pi,vnet_hdr
	# QEMU's order: --br, --fd, --use-vnet last; no vnet header without it.
	hold_start "$out" $PY "$CLIENT" --hold "$DIR/release" "$H" --br=sw0 --fd={fd}
	check_err $? "no report from the client: $(cat "$out")"
	check_held "$out" tap,no_pi
	# Two guests at once: two taps, two ports.
	hold_start "$out" $PY "$CLIENT" --hold "$DIR/release" "$H" --fd={fd} --br=sw0
	$PY "$CLIENT" --hold "$DIR/release" "$H" --fd={fd} --br=sw0 > "$DIR/out2" 2>&1 &
	busywait 10000 grep -q '^tap ' "$DIR/out2"
	check_err $? "second client: $(cat "$DIR/out2")"
	check_eq "$(vswctl port show sw0 | wc -l)" 2 "ports of sw0 with two guests"
	hold_end
	wait
	check_eq "$(taps)" "" "taps after two guests"
	log_test "helper as root: a tap, port of sw0, up, sw0's MTU, vnet header on request; gone with its fd"
}

left_behind() {
	setup
	check_err $? "setup"
	# QEMU gone before the fd is sent: the tap was attached, then closed.
	helper $PY "$CLIENT" --close-peer "$H" --fd={fd} --br=sw0
	check_eq "$RC" 1 "exit status when the fd cannot be sent"
	check_eq "$OUT" "$P: cannot send the tap to QEMU: Broken pipe
exit 1" "message when the fd cannot be sent"
	check_eq "$(taps)" "" "taps left behind"
	check_eq "$(ports_of sw0)" "" "ports left behind"
	check_eq "$(switch_field sw0 ports)" 0 "port count of sw0"
	log_test "helper: a failure after the attach leaves no tap and no port"
}

unprivileged() {
	local out=$DIR/out

	setup
	check_err $? "setup"
	cp "$H" "$DIR/cap"
	cp "$H" "$DIR/nocap"
	cp "$H" "$DIR/suid"
	setcap cap_net_admin+ep "$DIR/cap"
	chmod 4755 "$DIR/suid"
	printf 'allow sw1\n' > "$DIR/alt.conf"
	chmod 644 "$DIR/alt.conf"

	hold_start "$out" "${NOBODY[@]}" $PY "$DIR/client.py" --hold "$DIR/release" \
		"$DIR/cap" --use-vnet --fd={fd} --br=sw0
	check_err $? "no report from the client: $(cat "$out")"
	check_held "$out" tap,no_pi,vnet_hdr

	OUT=$("${NOBODY[@]}" $PY "$DIR/client.py" "$DIR/cap" --fd={fd} --br=sw1 2>&1)
	check_eq "$OUT" "$P: access to switch sw1 denied by $CONF
exit 1" "nobody, with the capability, sw1"
	# With its capability the binary ignores the caller's list.
	OUT=$("${NOBODY[@]}" env VSWITCH_BRIDGE_CONF="$DIR/alt.conf" \
		$PY "$DIR/client.py" "$DIR/cap" --fd={fd} --br=sw1 2>&1)
	check_eq "$OUT" "$P: access to switch sw1 denied by $CONF
exit 1" "nobody, with the capability, VSWITCH_BRIDGE_CONF"
	# Without it: the list is the caller's business, the tap is not.
	OUT=$("${NOBODY[@]}" env VSWITCH_BRIDGE_CONF="$DIR/alt.conf" \
		$PY "$DIR/client.py" "$DIR/nocap" --fd={fd} --br=sw1 2>&1)
	check_eq "$OUT" "$P: cannot create a tap device: the helper needs CAP_NET_ADMIN: install it with \"setcap cap_net_admin+ep $DIR/nocap\"
exit 1" "nobody, without the capability, VSWITCH_BRIDGE_CONF"
	OUT=$("${NOBODY[@]}" $PY "$DIR/client.py" "$DIR/nocap" --fd={fd} --br=sw0 2>&1)
	check_eq "$OUT" "$P: cannot create a tap device: the helper needs CAP_NET_ADMIN: install it with \"setcap cap_net_admin+ep $DIR/nocap\"
exit 1" "nobody, without the capability"
	OUT=$("${NOBODY[@]}" $PY "$DIR/client.py" "$DIR/suid" --fd={fd} --br=sw0 2>&1)
	check_eq "$OUT" "$P: refusing to run set-user-ID or set-group-ID: install it without that bit and with \"setcap cap_net_admin+ep $DIR/suid\"
exit 1" "nobody, setuid root"
	chmod 2755 "$DIR/suid"
	OUT=$("${NOBODY[@]}" $PY "$DIR/client.py" "$DIR/suid" --fd={fd} --br=sw0 2>&1)
	check_eq "$OUT" "$P: refusing to run set-user-ID or set-group-ID: install it without that bit and with \"setcap cap_net_admin+ep $DIR/suid\"
exit 1" "nobody, setgid root"
	check_eq "$(taps)" "" "taps"
	check_eq "$(ports_of sw0) $(ports_of sw1)" " " "ports"
	log_test "helper unprivileged: works with cap_net_admin+ep, refused without it and setuid"
}

ifup_ifdown() {
	local out rc

	setup
	check_err $? "setup"
	ln -s "$IFUP" "$DIR/vswitch-ifup-sw1"
	ln -s "$IFUP" "$DIR/vswitch-ifdown-sw1"
	ln -s "$IFUP" "$DIR/qemu-ifup"
	ip tuntap add vswt0 mode tap
	ip link set vswt0 mtu 1500

	out=$(VSWITCH_SWITCH=sw0 "$IFUP" vswt0 2>&1)
	check_err $? "ifup by VSWITCH_SWITCH: $out"
	check_eq "$out" "" "ifup output"
	check_eq "$(link_info vswt0)" "sw0 1400 UP" "vswt0 after ifup"
	check_eq "$(ports_of sw0)" vswt0 "ports of sw0 after ifup"
	# ifdown for another switch: not ours, nothing done.
	out=$(VSWITCH_SWITCH=sw1 "$IFDOWN" vswt0 2>&1)
	check_err $? "ifdown for sw1: $out"
	check_eq "$(ports_of sw0)" vswt0 "ports of sw0 after ifdown for sw1"
	out=$(VSWITCH_SWITCH=sw0 "$IFDOWN" vswt0 2>&1)
	check_err $? "ifdown by VSWITCH_SWITCH: $out"
	check_eq "$out" "" "ifdown output"
	check_eq "$(ports_of sw0)" "" "ports of sw0 after ifdown"
	check_eq "$(link_info vswt0 | cut -d' ' -f1)" - "master of vswt0 after ifdown"

	# The name wins over the environment.
	out=$(VSWITCH_SWITCH=sw0 "$DIR/vswitch-ifup-sw1" vswt0 2>&1)
	check_err $? "ifup by name: $out"
	check_eq "$(link_info vswt0)" "sw1 $(cat /sys/class/net/sw1/mtu) UP" "vswt0 after vswitch-ifup-sw1"
	check_eq "$(ports_of sw1)" vswt0 "ports of sw1"
	out=$("$DIR/vswitch-ifdown-sw1" vswt0 2>&1)
	check_err $? "ifdown by name: $out"
	check_eq "$(ports_of sw1)" "" "ports of sw1 after vswitch-ifdown-sw1"

	out=$("$IFUP" vswt0 2>&1)
	check_eq "$?" 1 "ifup without a switch: exit status"
	check_eq "$out" "vswitch-ifup: which switch? Name this script vswitch-ifup-SWITCH (a symlink) or set VSWITCH_SWITCH" \
		"ifup without a switch"
	out=$("$IFDOWN" vswt0 2>&1)
	check_eq "$?" 1 "ifdown without a switch: exit status"
	check_eq "$out" "vswitch-ifdown: which switch? Name this script vswitch-ifdown-SWITCH (a symlink) or set VSWITCH_SWITCH" \
		"ifdown without a switch"
	out=$(VSWITCH_SWITCH=sw0 "$DIR/qemu-ifup" vswt0 2>&1)
	check_eq "$?" 1 "ifup by another name: exit status"
	check_eq "$out" "qemu-ifup: called as \"qemu-ifup\": the name must be vswitch-ifup[-SWITCH] or vswitch-ifdown[-SWITCH]" \
		"ifup by another name"
	out=$(VSWITCH_SWITCH=sw0 "$IFUP" 2>&1)
	check_eq "$?" 1 "ifup without IFNAME: exit status"
	check_eq "$out" "vswitch-ifup: usage: vswitch-ifup IFNAME (QEMU's script= or downscript=)" \
		"ifup without IFNAME"
	# vswctl's own messages.
	out=$(VSWITCH_SWITCH=sw9 "$IFUP" vswt0 2>&1)
	check_eq "$?" 1 "ifup, unknown switch: exit status"
	check_eq "$out" 'vswctl: device "sw9" does not exist' "ifup, unknown switch"
	ip link add dm0 type dummy
	out=$(VSWITCH_SWITCH=dm0 "$IFUP" vswt0 2>&1)
	check_eq "$?" 1 "ifup, not a switch: exit status"
	check_eq "$out" "Error: dm0 is not a vswitch device" "ifup, not a switch"
	check_eq "$(link_info vswt0)" "- 1500 UP" "vswt0 after the refusals"

	# Gone already (QEMU closed a non-persistent tap first): quietly fine.
	VSWITCH_SWITCH=sw0 "$IFUP" vswt0
	ip link del vswt0
	out=$(VSWITCH_SWITCH=sw0 "$IFDOWN" vswt0 2>&1)
	check_err $? "ifdown of a gone tap"
	check_eq "$out" "" "ifdown of a gone tap: output"
	check_eq "$(ports_of sw0)" "" "ports of sw0"
	log_test "vswitch-ifup/ifdown: by VSWITCH_SWITCH and by name, MTU, up, detach, errors"
}

# A real QEMU (paused: no guest code runs) with `-netdev bridge` as
# nobody through the capability binary, and with `-netdev tap` and the
# scripts as root.
QEMU_ARGS=(qemu-system-x86_64 -accel tcg -S -nodefaults -display none -m 64
	   -monitor none -serial none)

qemu_bridge() {
	local tap

	command -v qemu-system-x86_64 > /dev/null || { echo "SKIP: no qemu-system-x86_64"; return; }
	setup
	check_err $? "setup"
	cp "$H" "$DIR/cap"
	setcap cap_net_admin+ep "$DIR/cap"
	"${NOBODY[@]}" "${QEMU_ARGS[@]}" -netdev bridge,id=n0,br=sw0,helper="$DIR/cap" \
		-device virtio-net-pci,netdev=n0 > "$DIR/qemu.log" 2>&1 &
	QEMU_PID=$!
	busywait 30000 sh -c '[ -n "$(ls /sys/class/net | grep ^vswtap)" ]'
	check_err $? "no tap from QEMU: $(cat "$DIR/qemu.log")"
	tap=$(taps)
	check_eq "$(link_info "$tap")" "sw0 1400 UP" "QEMU's tap"
	check_eq "$(ports_of sw0)" "$tap" "ports of sw0 with QEMU"
	ip -d link show "$tap" | grep -q 'vnet_hdr on'
	check_err $? "QEMU's tap has no vnet header"
	kill "$QEMU_PID"
	wait "$QEMU_PID"
	QEMU_PID=
	busywait 5000 sh -c '[ -z "$(ls /sys/class/net | grep ^vswtap)" ]'
	check_err $? "the tap outlived QEMU"
	check_eq "$(ports_of sw0)" "" "ports of sw0 after QEMU"
	# Denied: QEMU reports the helper's line and fails.
	"${NOBODY[@]}" "${QEMU_ARGS[@]}" -netdev bridge,id=n0,br=sw1,helper="$DIR/cap" \
		-device virtio-net-pci,netdev=n0 > "$DIR/qemu.log" 2>&1
	check_fail $? "QEMU started on a denied switch"
	grep -qx "$P: access to switch sw1 denied by $CONF" "$DIR/qemu.log"
	check_err $? "QEMU's output for a denied switch: $(cat "$DIR/qemu.log")"
	log_test "QEMU -netdev bridge with the helper, as nobody"
}

qemu_tap() {
	command -v qemu-system-x86_64 > /dev/null || { echo "SKIP: no qemu-system-x86_64"; return; }
	setup
	check_err $? "setup"
	ln -sf "$IFUP" "$DIR/vswitch-ifup-sw0"
	ln -sf "$IFUP" "$DIR/vswitch-ifdown-sw0"
	"${QEMU_ARGS[@]}" -netdev tap,id=n0,ifname=vswt0,script="$DIR/vswitch-ifup-sw0",downscript="$DIR/vswitch-ifdown-sw0" \
		-device virtio-net-pci,netdev=n0 > "$DIR/qemu.log" 2>&1 &
	QEMU_PID=$!
	busywait 30000 sh -c '[ "$(vswctl port show sw0 | cut -d" " -f1)" = vswt0 ]'
	check_err $? "vswt0 is no port of sw0: $(cat "$DIR/qemu.log")"
	check_eq "$(link_info vswt0)" "sw0 1400 UP" "QEMU's tap"
	kill "$QEMU_PID"
	wait "$QEMU_PID"
	QEMU_PID=
	busywait 5000 sh -c '[ ! -e /sys/class/net/vswt0 ]'
	check_err $? "the tap outlived QEMU"
	check_eq "$(ports_of sw0)" "" "ports of sw0 after QEMU"
	check_eq "$(grep -v 'terminating on signal' "$DIR/qemu.log")" "" "QEMU's output"
	log_test "QEMU -netdev tap with vswitch-ifup-sw0/ifdown-sw0"
}

tests_run
