#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real QEMU guests on a nat switch, end to end: a qemu-system-x86_64
# process (nested TCG; SeaBIOS + iPXE, see lib/guest.sh) attached through
# a tap by tools/qemu/vswitch-ifup/ifdown, then by an unprivileged user
# through the bridge helper (-netdev bridge) installed with only
# CAP_NET_ADMIN. Each guest gets its lease from the switch's dnsmasq,
# fetches its boot script from the host by TFTP, reports to an HTTP server
# on the host, answers the host's ping; its port goes when QEMU exits.
# (The helper's refusals, with and without QEMU: qemu_helper.sh.)
#
#   host: sw0 (nat) 10.81.0.1/24, dnsmasq (DHCP, TFTP), HTTP :8081
#   +------------------- sw0 -------------------+
#   | vswq0 (script=vswitch-ifup)   vswtapN (helper)  |
#   +--|------------------------------|--------------+
#     QEMU as root                  QEMU as nobody

ALL_TESTS="tap_scripts bridge_helper"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh
source lib/guest.sh

require_cmd vswctl ip ss setcap setpriv python3 qemu-system-x86_64 \
	/usr/sbin/dnsmasq

QDIR=$(cd ../tools/qemu && pwd -P)
HELPER_SRC=$QDIR/vswitch-bridge-helper
[ -x "$HELPER_SRC" ] || skip "no $HELPER_SRC (make)"
WORK=/tmp/vsw-qemu
HELPER=$WORK/bin/vswitch-bridge-helper
CONF=/etc/vswitch/bridge.conf
ADDR=10.81.0.1
HTTP_LOG=$WORK/http/http.log
DNSMASQ_LOG=${VSWITCH_RUN_DIR:-/run/vswitch}/sw0/dnsmasq.log
M1=52:54:00:81:00:11
M2=52:54:00:81:00:12
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
CONF_SAVED=
TUN_MODE=

cleanup() {
	guest_stop_all
	pkill -f "http.server --bind $ADDR" 2> /dev/null
	[ -e /sys/class/net/sw0 ] && vswctl switch del sw0
	ip link del vswq0 2> /dev/null
	if [ -n "$CONF_SAVED" ]; then
		mv "$CONF_SAVED" $CONF
	else
		rm -f $CONF
	fi
	rm -rf $WORK
	[ -n "$TUN_MODE" ] && chmod "$TUN_MODE" /dev/net/tun
}
trap cleanup EXIT

setup() {
	modprobe vswitch
	mkdir -p $WORK/tftp $WORK/http $WORK/bin /etc/vswitch
	if [ -e $CONF ]; then
		CONF_SAVED=$WORK/bridge.conf.saved
		cp -p $CONF "$CONF_SAVED"
	fi
	guest_boot_script $WORK/tftp/boot.ipxe http://$ADDR:8081/report
	vswctl switch add sw0 mode nat address $ADDR/24 dhcp on \
		dhcp-boot boot.ipxe tftp-root $WORK/tftp || return 1
	guest_http_start "" $ADDR 8081 $WORK/http || return 1
	# As udev makes it on a host: any user may open it.
	TUN_MODE=$(stat -c %a /dev/net/tun)
	chmod 0666 /dev/net/tun
	# The helper as an admin installs it: CAP_NET_ADMIN, nothing else.
	cp "$HELPER_SRC" $HELPER
	setcap cap_net_admin+ep $HELPER
}

attached_up() {	# attached_up DEV: a port of sw0, administratively up
	ip -o link show "$1" | grep -qE '<([A-Z_]+,)*UP[,>].* master sw0 '
}

ports_of() {
	vswctl port show sw0 | awk '{print $1}' | sort | xargs
}

# check_guest NAME MAC PORT: the guest reported, from its lease, which the
# switch's dnsmasq handed out and whose boot script it sent by TFTP; the
# host reaches it; the FDB has it on PORT. Sets IP.
check_guest() {
	local name=$1 mac=$2 port=$3 rep lease

	rep=$(guest_wait "$name" $HTTP_LOG "$mac" 600)
	check_err $? "no report from guest $name ($(tail -3 "$GUEST_DIR/$name.log"))"
	IP=${rep#* }
	check_eq "${rep% *}" "$IP" "the report's source address and the guest's lease"
	check_match "$IP" '^10\.81\.0\.[0-9]+$' "the guest's address"
	lease=$(vswctl lease show sw0 | awk -v m="$mac" '$3 == m { print $1 }')
	check_eq "$lease" "$IP" "dnsmasq's lease for $mac"
	grep -q "sent $WORK/tftp/boot.ipxe to $IP\$" "$DNSMASQ_LOG"
	check_err $? "dnsmasq did not send boot.ipxe to $IP by TFTP"
	ping -c 3 -i 0.5 -W 5 "$IP" > /dev/null
	check_err $? "the host cannot ping the guest at $IP"
	check_eq "$(fdb_entry sw0 "$mac" | awk '{print $1}')" "$port" \
		"the FDB entry of $mac"
}

# QEMU as root, -netdev tap with the ifup/ifdown scripts, the switch named
# by VSWITCH_SWITCH, on a persistent tap: the script attaches it, the
# downscript detaches it, the tap stays.
tap_scripts() {
	RET=0
	ip tuntap add vswq0 mode tap
	check_eq "$(ports_of)" "" "ports before QEMU"
	guest_start tap $M1 \
		"tap,ifname=vswq0,script=$QDIR/vswitch-ifup,downscript=$QDIR/vswitch-ifdown" \
		env VSWITCH_SWITCH=sw0
	busywait 60000 attached_up vswq0
	check_err $? "vswq0 not attached and up"
	check_guest tap $M1 vswq0
	check_eq "$(ports_of)" "vswq0" "ports while QEMU runs"
	guest_stop tap
	check_err $? "QEMU did not exit cleanly on SIGTERM"
	check_eq "$(ports_of)" "" "ports after QEMU exited"
	ip link show vswq0 > /dev/null 2>&1
	check_err $? "the persistent tap is gone"
	check_eq "$(ip -o link show vswq0 | grep -c master)" 0 \
		"vswq0 still has a master"
	ip link del vswq0
	log_test "QEMU tap with vswitch-ifup/ifdown: lease, TFTP, report, ping, detached on exit"
}

# QEMU as user nobody, -netdev bridge through the helper (file capability
# CAP_NET_ADMIN, allow-list "allow sw0"): the tap the helper made is a
# port of sw0 while QEMU runs, and vanishes with its port when QEMU exits.
bridge_helper() {
	local port uid

	RET=0
	printf '# test\nallow sw0\n' > $CONF
	guest_start helper $M2 "bridge,br=sw0,helper=$HELPER" "${NOBODY[@]}"
	busywait 60000 test -n "$(ports_of)"
	port=$(ports_of)
	check_match "$port" '^vswtap[0-9]+$' "the helper's tap on sw0"
	uid=$(ps -o uid= -p "${GUEST_PID[helper]}" | tr -d ' ')
	check_eq "$uid" 65534 "QEMU's user"
	check_guest helper $M2 "$port"
	guest_stop helper
	check_err $? "QEMU did not exit cleanly on SIGTERM"
	busywait 10000 test -z "$(ports_of)"
	check_eq "$(ports_of)" "" "ports after QEMU exited"
	ip link show "$port" > /dev/null 2>&1
	check_fail $? "$port still exists"
	log_test "QEMU as nobody through the bridge helper: lease, TFTP, report, ping, gone on exit"
}

setup || { echo "setup failed"; exit 1; }
tests_run
