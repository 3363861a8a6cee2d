#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The two modules: vswitch.ko (the core) and vswitch_nat.ko (NAT, which
# needs conntrack and nf_nat).
#  - insmod_core: the core insmods alone, on a host without conntrack, and
#    runs internal, host-only and bridged switches; rtnetlink refuses a nat
#    switch, naming the module to load; vswctl's makes the kernel load it
#    (request_module); unloading NAT deletes the nat switches only.
#  - nat_unloadable: where NAT cannot be loaded, a nat switch is refused
#    with the same message, and nothing is left behind.

ALL_TESTS="insmod_core nat_unloadable"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip modinfo insmod

NAT_MSG="nat switches need the vswitch_nat module (modprobe vswitch_nat)"

cleanup() {
	rm -f /etc/modprobe.d/vswitch-test.conf
	ip link del up0 2> /dev/null
	vsw_unload 2> /dev/null
}
trap cleanup EXIT

mod_loaded() { grep -q "^$1 " /proc/modules; }

switches() { ip -o link show type vswitch | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | xargs; }

insmod_core() {
	local ko out ct=

	vsw_unload 2> /dev/null
	ko=$(modinfo -n vswitch)
	# Debian's kernels have conntrack as a module (the debug kernel has
	# it built in): nothing here may load it but NAT.
	[ "$(modinfo -F filename nf_conntrack 2> /dev/null)" != "(builtin)" ] &&
		! mod_loaded nf_conntrack && ct=module
	insmod "$ko"
	check_err $? "insmod $ko"
	check_eq "$(mod_loaded vswitch_nat && echo loaded)" "" "vswitch_nat after insmod of the core"

	ip link add up0 type dummy && ip link set up0 up
	vswctl switch add s1 mode internal > /dev/null &&
		vswctl switch add s2 mode host-only address 10.98.0.1/24 > /dev/null &&
		vswctl switch add s3 mode bridged uplink up0 > /dev/null
	check_err $? "internal, host-only and bridged switches with the core alone"
	[ -n "$ct" ] &&
		check_eq "$(mod_loaded nf_conntrack && echo loaded)" "" "nf_conntrack with the core's switches"

	# RTM_NEWLINK kind vswitch, IFLA_VSW_MODE nat
	out=$($PY lib/nlraw.py newlink n1 1:u32:2)
	check_eq "$out" "-95 $NAT_MSG" "rtnetlink's nat switch without the NAT module"
	check_eq "$(mod_loaded vswitch_nat && echo loaded)" "" "vswitch_nat after the refusal"

	out=$(vswctl switch add n1 mode nat address 10.99.0.1/24 2>&1)
	check_err $? "vswctl switch add mode nat: $out"
	check_eq "$(mod_loaded vswitch_nat && echo loaded)" "loaded" "vswitch_nat after vswctl's nat switch"
	check_eq "$(switch_field n1 mode)" "nat" "n1's mode"
	out=$($PY lib/nlraw.py newlink n2 1:u32:2)
	check_eq "${out%% *}" "0" "rtnetlink's nat switch once the module is in: $out"
	check_eq "$(switches)" "s1 s2 s3 n1 n2" "switches"

	out=$(rmmod vswitch 2>&1)
	check_fail $? "the core unloaded under the NAT module"
	rmmod vswitch_nat
	check_err $? "rmmod vswitch_nat with nat switches present"
	check_eq "$(switches)" "s1 s2 s3" "switches after rmmod vswitch_nat"
	out=$(vswctl nat forward show 2>&1)
	check_eq "$out" "" "nat forward show without the NAT module"
	check_eq "$(mod_loaded vswitch_nat && echo loaded)" "" "vswitch_nat after reading forwards"
	rmmod vswitch
	check_err $? "rmmod vswitch"
	check_eq "$(switches)" "" "switches after rmmod vswitch"
	ip link del up0
	modprobe vswitch
	log_test "insmod of the core alone; NAT loaded for vswctl's nat switch, refused by rtnetlink until then"
}

nat_unloadable() {
	local out

	vsw_unload 2> /dev/null
	modprobe vswitch
	# The host's modprobe cannot load it (a missing or blacklisted
	# module looks the same to the kernel).
	echo "install vswitch_nat /bin/false" > /etc/modprobe.d/vswitch-test.conf
	out=$(vswctl switch add n1 mode nat address 10.99.0.1/24 2>&1)
	check_fail $? "a nat switch without the NAT module"
	check_eq "$out" "Error: $NAT_MSG" "vswctl's refusal"
	check_eq "$(switches)" "" "switches after the refusal"
	out=$(vswctl nat forward add n1 tcp 8080 10.99.0.2:80 2>&1)
	check_eq "$out" 'vswctl: device "n1" does not exist' "a forward on it"
	vswctl switch add s1 mode internal > /dev/null
	out=$(vswctl nat set s1 udp-timeout 30 2>&1)
	check_eq "$out" "Error: s1 is not a nat switch" "nat set on an internal switch"
	ip link del s1
	rm -f /etc/modprobe.d/vswitch-test.conf
	log_test "NAT that cannot be loaded: nat switches refused, naming the module"
}

tests_run
