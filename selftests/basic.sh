#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module basics: rtnl autoload, explicit load, create/show/delete a
# switch, unload. Runs as root inside the test VM (selftests/vm-run).

ksft_skip=4
ret=0

log_test() {
	local rc=$1 msg=$2
	if [ "$rc" -eq 0 ]; then
		printf "TEST: %-60s [ OK ]\n" "$msg"
	else
		printf "TEST: %-60s [FAIL]\n" "$msg"
		ret=1
	fi
}

check_err() { [ "$1" -eq 0 ] || { echo "  ${2:-}"; return 1; }; }
check_fail() { [ "$1" -ne 0 ] || { echo "  ${2:-}"; return 1; }; }

loaded() { grep -q '^vswitch ' /proc/modules; }

cleanup() {
	ip link del sw0 2>/dev/null
	ip link del sw1 2>/dev/null
	rmmod vswitch_nat 2>/dev/null
	loaded && rmmod vswitch 2>/dev/null
	true
}
trap cleanup EXIT

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: need root"
	exit $ksft_skip
fi
if ! modinfo vswitch > /dev/null 2>&1; then
	echo "SKIP: vswitch.ko not installed for $(uname -r) (run make)"
	exit $ksft_skip
fi

# Start from an unloaded module.
rmmod vswitch_nat 2>/dev/null
loaded && rmmod vswitch
! loaded
log_test $? "module not loaded at start"

# rtnl autoload: request_module("rtnl-link-vswitch") from ip link add.
ip link add sw1 type vswitch
rc=$?
check_err $rc "ip link add sw1 type vswitch failed with the module unloaded" &&
	loaded
check_err $? "vswitch not in /proc/modules after ip link add (no autoload?)"
log_test $? "ip link add autoloads the module"
ip link del sw1 2>/dev/null
rmmod vswitch 2>/dev/null

modprobe vswitch
check_err $? "modprobe vswitch failed" && loaded
log_test $? "modprobe vswitch"

ip link add sw0 type vswitch
log_test $? "ip link add sw0 type vswitch"

ip -d link show sw0 | grep -qw vswitch
check_err $? "ip -d link show sw0 does not show vswitch: $(ip -d link show sw0 2>&1)"
log_test $? "ip -d link show sw0 shows kind vswitch"

ip link set sw0 up
check_err $? "cannot set sw0 up" && ip link set sw0 down
log_test $? "sw0 up and down"

ip link add sw0 type vswitch 2>/dev/null
check_fail $? "a second sw0 was created"
log_test $? "duplicate name refused"

ip link del sw0
check_err $? "ip link del sw0 failed" && ! ip link show sw0 > /dev/null 2>&1
log_test $? "ip link del sw0"

rmmod vswitch
check_err $? "rmmod vswitch failed" && ! loaded
log_test $? "rmmod vswitch"

exit $ret
