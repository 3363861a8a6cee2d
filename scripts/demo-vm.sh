#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo, inside the VM: the four modes side by side. One switch per
# mode, two guests in network namespaces and one real QEMU guest (SeaBIOS
# and iPXE, booting from the network: selftests/lib/guest.sh) on each, a
# LAN namespace as the outside world. Prints who reaches whom, the QEMU
# guests' leases and boot, the leases, the FDBs, then what to type on a
# real host. Exits 1 if any mode broke its promise.
#
#   scripts/demo-vm.sh [--report FILE]   FILE: the results, one per line:
#     reach MODE WHAT yes|no     WHAT: g2g g2h h2g g2o o2g
#     qemu MODE WHAT VALUE       WHAT: lease server boot seen_from
#                                      from_guest from_host from_lan
#     lease MODE NAME ADDRESS
#
#   ns lan: eth0 192.168.50.1 (LAN router, DHCP .100-.150, HTTP :8080)
#     |
#   host: lan0 192.168.50.2 (veth, the uplink of vsw-br; keeps its address)
#   vsw-int   internal   i1 10.0.10.11 (DHCP for the segment, HTTP), i2
#                        (10.0.10.1 on the switch device: not the host's)
#   vsw-host  host-only  10.0.20.1/24, dnsmasq by vswctl; h1 h2 lease
#   vsw-nat   nat        10.0.30.1/24, dnsmasq by vswctl; n1 n2 lease;
#                        forward tcp 8080 -> n1:80
#   vsw-br    bridged    uplink lan0; b1 b2 lease from the LAN
set -u

report=
while [ $# -gt 0 ]; do
	case $1 in
	--report) report=${2:?}; shift 2 ;;
	*) echo "usage: $0 [--report FILE]" >&2; exit 2 ;;
	esac
done

repo=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$repo/selftests" || exit 1
# shellcheck source=../selftests/lib/vsw.sh
source lib/vsw.sh
# shellcheck source=../selftests/lib/guest.sh
source lib/guest.sh

D=/tmp/vsw-demo
LOG=$D/demo.log
LAN=192.168.50
HOST_LAN=$LAN.2
MODES="internal host-only nat bridged"
declare -A SW=([internal]=vsw-int [host-only]=vsw-host [nat]=vsw-nat [bridged]=vsw-br)
declare -A NET=([internal]=10.0.10 [host-only]=10.0.20 [nat]=10.0.30 [bridged]=$LAN)
# The host's address each mode's guests would talk to.
declare -A HOSTADDR=([internal]=10.0.10.1 [host-only]=10.0.20.1 [nat]=10.0.30.1 [bridged]=$HOST_LAN)
declare -A QMAC=([internal]=52:54:00:de:00:01 [host-only]=52:54:00:de:00:02
		 [nat]=52:54:00:de:00:03 [bridged]=52:54:00:de:00:04)
declare -A G1 G2 G1IP G2IP RES
declare -A NAMEOF	# MAC -> guest name
broken=0

say() { printf '%s\n' "$*"; }
quiet() { "$@" >> $LOG 2>&1; }
die() {
	say "demo: $*" >&2
	tail -20 $LOG >&2
	exit 1
}

cleanup() {
	local sw

	guest_stop_all
	pkill -f "http.server --bind" 2> /dev/null
	for sw in vsw-int vsw-host vsw-nat vsw-br; do
		[ -e /sys/class/net/$sw ] && vswctl switch del $sw
	done
	ip link del lan0 2> /dev/null
	cleanup_ns
	rm -f /etc/vswitch/bridge.conf /etc/qemu/vswitch-ifup-* /etc/qemu/vswitch-ifdown-*
}
trap cleanup EXIT

# ---- set-up ----

cat_udhcpc_script() {
	cat > $D/udhcpc.sh <<'EOF'
#!/bin/sh
case $1 in
bound)
	ip addr add "$ip/$mask" dev "$interface"
	[ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
	echo "$ip" > "$LEASE_OUT"
	;;
esac
exit 0
EOF
	chmod +x $D/udhcpc.sh
}

# guest_ns MODE NUM MAC: a namespace guest on the mode's switch; no address.
guest_ns() {
	local mode=$1 n=$2 mac=$3 var ns port

	var=${mode//-/}$n
	setup_ns "$var" || return 1
	ns=${!var}
	port=${SW[$mode]:4}$n	# int1, host1, nat1, br1
	quiet ip link add "$port" type veth peer name eth0 netns "$ns" || return 1
	ip -n "$ns" link set eth0 address "$mac"
	ip -n "$ns" link set eth0 up
	quiet vswctl port add "${SW[$mode]}" "$port" || return 1
	quiet ip link set "$port" up
	if [ "$n" = 1 ]; then G1[$mode]=$ns; else G2[$mode]=$ns; fi
	NAMEOF[$mac]=${SW[$mode]}/g$n
}

# dhcp_ns NS...: udhcpc on eth0 in each NS, one after the other, in the
# background; the address goes to $D/lease.NS. (Clients started in the
# same clock tick of the VM draw the same DHCP transaction id, which
# confuses a server that sees two of them at once.)
dhcp_ns() {
	local ns

	for ns; do
		ip netns exec "$ns" env LEASE_OUT="$D/lease.$ns" busybox udhcpc \
			-i eth0 -n -q -f -s $D/udhcpc.sh -t 20 -T 1 > /dev/null 2>&1
	done &
}

# dnsmasq_ns NS IFACE FIRST LAST ROUTER BOOTURL DIR: a DHCP server that is
# not the host's (the LAN's, or a guest's on the internal network).
dnsmasq_ns() {
	ip netns exec "$1" /usr/sbin/dnsmasq --conf-file=/dev/null \
		--keep-in-foreground --port=0 --interface="$2" --bind-interfaces \
		--user=root --dhcp-range="$3,$4,255.255.255.0,1h" \
		${5:+--dhcp-option=option:router,$5} --dhcp-boot="$6" \
		--dhcp-leasefile="$7/leases" --pid-file="$7/dnsmasq.pid" \
		--log-facility="$7/dnsmasq.log" --dhcp-authoritative \
		> /dev/null 2>&1 &
}

setup() {
	local mode i m n

	rm -rf $D
	mkdir -p $D/lan $D/int $D/host $D/nat $D/bin /etc/vswitch /etc/qemu
	: > $LOG
	cat_udhcpc_script
	modprobe vswitch || die "modprobe vswitch failed"

	# The LAN: a router with DHCP and a web server, the host's uplink.
	setup_ns lan || die "ip netns add failed"
	quiet ip link add lan0 type veth peer name eth0 netns "$lan"
	quiet ip addr add $HOST_LAN/24 dev lan0
	quiet ip link set lan0 up
	quiet ip -n "$lan" addr add $LAN.1/24 dev eth0
	quiet ip -n "$lan" link set eth0 up
	# The admin's routes to the host-only and internal subnets: the host
	# does not forward (ip_forward=0), so they lead nowhere.
	quiet ip -n "$lan" route add 10.0.10.0/24 via $HOST_LAN
	quiet ip -n "$lan" route add 10.0.20.0/24 via $HOST_LAN
	quiet ip -n "$lan" route add 10.0.30.0/24 via $HOST_LAN
	guest_boot_script $D/lan/boot.ipxe http://$LAN.1:8080/report
	dnsmasq_ns "$lan" eth0 $LAN.100 $LAN.150 $LAN.1 \
		http://$LAN.1:8080/boot.ipxe $D/lan
	guest_http_start "$lan" $LAN.1 8080 $D/lan || die "LAN web server"

	# The four switches.
	guest_boot_script $D/host/boot.ipxe http://10.0.20.1:8080/report
	guest_boot_script $D/nat/boot.ipxe http://$LAN.1:8080/report
	quiet vswctl switch add vsw-int mode internal || die "switch add vsw-int"
	quiet ip addr add 10.0.10.1/24 dev vsw-int
	quiet ip link set vsw-int up
	quiet vswctl switch add vsw-host mode host-only address 10.0.20.1/24 \
		dhcp on dhcp-boot boot.ipxe tftp-root $D/host ||
		die "switch add vsw-host"
	quiet vswctl switch add vsw-nat mode nat address 10.0.30.1/24 \
		dhcp on dhcp-boot boot.ipxe tftp-root $D/nat ||
		die "switch add vsw-nat"
	quiet vswctl switch add vsw-br mode bridged uplink lan0 ||
		die "switch add vsw-br"
	guest_http_start "" 10.0.20.1 8080 $D/host || die "host web server"

	# Two namespace guests per switch.
	i=0
	for mode in $MODES; do
		i=$((i + 1))
		for n in 1 2; do
			m=02:00:00:00:0$i:0$n
			guest_ns "$mode" $n $m || die "guest $mode $n"
		done
	done
	# The internal network has no host: guest 1 serves DHCP and HTTP.
	G1IP[internal]=10.0.10.11
	G2IP[internal]=10.0.10.12
	quiet ip -n "${G1[internal]}" addr add 10.0.10.11/24 dev eth0
	quiet ip -n "${G2[internal]}" addr add 10.0.10.12/24 dev eth0
	for n in "${G1[internal]}" "${G2[internal]}"; do
		quiet ip -n "$n" route add default via 10.0.10.1
	done
	guest_boot_script $D/int/boot.ipxe http://10.0.10.11:8080/report
	dnsmasq_ns "${G1[internal]}" eth0 10.0.10.100 10.0.10.150 "" \
		http://10.0.10.11:8080/boot.ipxe $D/int
	guest_http_start "${G1[internal]}" 10.0.10.11 8080 $D/int ||
		die "internal web server"
	for mode in host-only nat bridged; do
		dhcp_ns "${G1[$mode]}" "${G2[$mode]}"
	done
	wait_leases || die "namespace guests got no lease"

	# n1's web server, reachable from outside through a forward.
	mkdir -p $D/www
	echo "hello from ${NAMEOF[02:00:00:00:03:01]}" > $D/www/index.html
	ip netns exec "${G1[nat]}" busybox httpd -p 80 -h $D/www
	quiet vswctl nat forward add vsw-nat tcp 8080 "${G1IP[nat]}:80" name web ||
		die "nat forward add"
}

wait_leases() {
	local mode t

	for t in $(seq 1 60); do
		for mode in host-only nat bridged; do
			G1IP[$mode]=$(cat "$D/lease.${G1[$mode]}" 2> /dev/null)
			G2IP[$mode]=$(cat "$D/lease.${G2[$mode]}" 2> /dev/null)
		done
		case " ${G1IP[*]} ${G2IP[*]} " in
		*"  "*) sleep 1 ;;
		*) [ ${#G1IP[@]} = 4 ] && [ ${#G2IP[@]} = 4 ] && return 0 ;;
		esac
	done
	return 1
}

# The real QEMU guests: internal and host-only by -netdev tap with the
# vswitch-ifup-SWITCH scripts (QEMU as root), nat and bridged by
# -netdev bridge through the helper with CAP_NET_ADMIN, QEMU as nobody.
start_qemu() {
	local mode sw

	for sw in vsw-int vsw-host; do
		ln -sf "$repo/tools/qemu/vswitch-ifup" /etc/qemu/vswitch-ifup-$sw
		ln -sf "$repo/tools/qemu/vswitch-ifup" /etc/qemu/vswitch-ifdown-$sw
	done
	# As udev makes it on a host: any user may open it (the helper
	# needs CAP_NET_ADMIN to make a tap, not the file's permissions).
	chmod 0666 /dev/net/tun
	cp "$repo/tools/qemu/vswitch-bridge-helper" $D/bin/
	setcap cap_net_admin+ep $D/bin/vswitch-bridge-helper || die "setcap"
	printf 'allow vsw-nat\nallow vsw-br\n' > /etc/vswitch/bridge.conf
	guest_start internal ${QMAC[internal]} \
		"tap,ifname=qint0,script=/etc/qemu/vswitch-ifup-vsw-int,downscript=/etc/qemu/vswitch-ifdown-vsw-int"
	guest_start host-only ${QMAC[host-only]} \
		"tap,ifname=qhost0,script=/etc/qemu/vswitch-ifup-vsw-host,downscript=/etc/qemu/vswitch-ifdown-vsw-host"
	for mode in nat bridged; do
		guest_start $mode ${QMAC[$mode]} \
			"bridge,br=${SW[$mode]},helper=$D/bin/vswitch-bridge-helper" \
			setpriv --reuid=65534 --regid=65534 --clear-groups
	done
	for mode in $MODES; do
		NAMEOF[${QMAC[$mode]}]="${SW[$mode]}/qemu"
	done
}

# ---- measuring ----

# ping1 NS ADDR: NS ("" the host) reaches ADDR: one of three echo requests
# answered (a QEMU guest emulated inside the emulated VM answers its first
# ARP slowly when the machine is busy); 3 s for an answer that never comes.
ping1() {
	if [ -n "$1" ]; then
		ip netns exec "$1" ping -c 3 -i 0.5 -W 2 "$2" > /dev/null 2>&1
	else
		ping -c 3 -i 0.5 -W 2 "$2" > /dev/null 2>&1
	fi
}

yn() { "$@" && echo yes || echo no; }

both() { ping1 "$1" "$2" && ping1 "$3" "$4"; }

measure() {
	local mode g1 g2 a1 a2

	for mode in $MODES; do
		g1=${G1[$mode]} g2=${G2[$mode]} a1=${G1IP[$mode]} a2=${G2IP[$mode]}
		RES[$mode,g2g]=$(yn both "$g1" "$a2" "$g2" "$a1")
		RES[$mode,g2h]=$(yn ping1 "$g1" "${HOSTADDR[$mode]}")
		RES[$mode,h2g]=$(yn ping1 "" "$a1")
		RES[$mode,g2o]=$(yn ping1 "$g1" $LAN.1)
		if [ "$mode" = nat ]; then
			RES[$mode,o2g]=$(yn forward_fetch)
		else
			RES[$mode,o2g]=$(yn ping1 "$lan" "$a1")
		fi
	done
}

# From the LAN, the host's port 8080: n1's page through the forward.
forward_fetch() {
	printf 'GET / HTTP/1.0\r\n\r\n' |
		ip netns exec "$lan" nc -w 5 $HOST_LAN 8080 2> /dev/null |
		grep -q "^hello from vsw-nat/g1"
}

qemu_results() {
	local mode rep log ip

	for mode in $MODES; do
		case $mode in
		internal) log=$D/int/http.log ;;
		host-only) log=$D/host/http.log ;;
		*) log=$D/lan/http.log ;;
		esac
		rep=$(guest_wait "$mode" "$log" "${QMAC[$mode]}" 900)
		ip=${rep#* }
		RES[$mode,q_lease]=${ip:--}
		RES[$mode,q_seen]=${rep% *}
		[ -n "$rep" ] || RES[$mode,q_seen]=-
		if [ -z "$ip" ]; then
			RES[$mode,q_guest]=no RES[$mode,q_host]=no RES[$mode,q_lan]=no
			continue
		fi
		RES[$mode,q_guest]=$(yn ping1 "${G2[$mode]}" "$ip")
		RES[$mode,q_host]=$(yn ping1 "" "$ip")
		RES[$mode,q_lan]=$(yn ping1 "$lan" "$ip")
	done
	RES[internal,q_server]="dnsmasq in guest g1"
	RES[host-only,q_server]="vswctl's dnsmasq"
	RES[nat,q_server]="vswctl's dnsmasq"
	RES[bridged,q_server]="the LAN's dnsmasq"
	RES[internal,q_boot]="HTTP, g1"
	RES[host-only,q_boot]="TFTP, host"
	RES[nat,q_boot]="TFTP, host"
	RES[bridged,q_boot]="HTTP, LAN"
}

# ---- the report ----

# What each mode promises (DESIGN.md): g2g g2h h2g g2o o2g.
declare -A PROMISE=([internal]="yes no no no no" [host-only]="yes yes yes no no"
		    [nat]="yes yes yes yes yes" [bridged]="yes yes yes yes yes")
declare -A QPROMISE=([internal]="yes no no" [host-only]="yes yes no"
		     [nat]="yes yes no" [bridged]="yes yes yes")

print_reach() {
	local mode w got want verdict o2g

	say ""
	say "Who reaches whom (ping; outside = the LAN router $LAN.1; nat's"
	say "outside->guest is the LAN fetching $HOST_LAN:8080, forwarded to g1:80)"
	say ""
	printf '%-10s %-9s %-13s %-11s %-11s %-14s %-14s %s\n' mode switch \
		"guest<->guest" "guest->host" "host->guest" "guest->outside" \
		"outside->guest" promise
	for mode in $MODES; do
		got="${RES[$mode,g2g]} ${RES[$mode,g2h]} ${RES[$mode,h2g]} ${RES[$mode,g2o]} ${RES[$mode,o2g]}"
		want=${PROMISE[$mode]}
		verdict=kept
		[ "$got" = "$want" ] || { verdict="BROKEN (expected: $want)"; broken=1; }
		o2g=${RES[$mode,o2g]}
		[ "$mode" = nat ] && [ "$o2g" = yes ] && o2g="yes (forward)"
		printf '%-10s %-9s %-13s %-11s %-11s %-14s %-14s %s\n' "$mode" \
			"${SW[$mode]}" "${RES[$mode,g2g]}" "${RES[$mode,g2h]}" \
			"${RES[$mode,h2g]}" "${RES[$mode,g2o]}" "$o2g" "$verdict"
		for w in g2g g2h h2g g2o o2g; do
			report_line reach "$mode" $w "${RES[$mode,$w]}"
		done
	done
}

print_qemu() {
	local mode got verdict how

	say ""
	say "The QEMU guests (qemu-system-x86_64, SeaBIOS + iPXE network boot)"
	say ""
	printf '%-10s %-18s %-15s %-20s %-11s %-15s %-6s %-5s %-4s %s\n' mode \
		"attached by" lease "from" "boot file" "report from" \
		"guest" host LAN promise
	for mode in $MODES; do
		case $mode in
		internal|host-only) how="tap, vswitch-ifup" ;;
		*) how="helper, as nobody" ;;
		esac
		got="${RES[$mode,q_guest]} ${RES[$mode,q_host]} ${RES[$mode,q_lan]}"
		verdict=kept
		if [ "$got" != "${QPROMISE[$mode]}" ] || [ "${RES[$mode,q_lease]}" = - ]; then
			verdict="BROKEN (expected: lease, pings ${QPROMISE[$mode]})"
			broken=1
		fi
		printf '%-10s %-18s %-15s %-20s %-11s %-15s %-6s %-5s %-4s %s\n' \
			"$mode" "$how" "${RES[$mode,q_lease]}" "${RES[$mode,q_server]}" \
			"${RES[$mode,q_boot]}" "${RES[$mode,q_seen]}" \
			"${RES[$mode,q_guest]}" "${RES[$mode,q_host]}" \
			"${RES[$mode,q_lan]}" "$verdict"
		report_line qemu "$mode" lease "${RES[$mode,q_lease]}"
		report_line qemu "$mode" seen_from "${RES[$mode,q_seen]}"
		report_line qemu "$mode" from_guest "${RES[$mode,q_guest]}"
		report_line qemu "$mode" from_host "${RES[$mode,q_host]}"
		report_line qemu "$mode" from_lan "${RES[$mode,q_lan]}"
	done
	say "(boot file: how and from whom iPXE fetched its script; report from: the"
	say "address its report reached the server from; guest/host/LAN: whether g2 of"
	say "the same switch, the host and the LAN router can ping it)"
}

# lease_lines MODE FILE: dnsmasq lease file lines as "  ADDRESS MAC NAME".
lease_lines() {
	local exp mac ip rest

	while read -r exp mac ip rest; do
		printf '  %-15s %s  %s\n' "$ip" "$mac" "${NAMEOF[$mac]:-?}"
		report_line lease "$1" "${NAMEOF[$mac]:-$mac}" "$ip"
	done < <(sort -k3,3V "$2" 2> /dev/null)
}

print_leases() {
	say ""
	say "Leases handed out"
	say " vsw-int (internal): by dnsmasq in guest g1 (the host has no part);"
	say " g1 10.0.10.11 and g2 10.0.10.12 are static"
	lease_lines internal $D/int/leases
	say " vsw-host (host-only): by vswctl's dnsmasq on the switch"
	lease_lines host-only "${VSWITCH_RUN_DIR:-/run/vswitch}/vsw-host/leases"
	say " vsw-nat (nat): by vswctl's dnsmasq on the switch"
	lease_lines nat "${VSWITCH_RUN_DIR:-/run/vswitch}/vsw-nat/leases"
	say " vsw-br (bridged): by the LAN's dnsmasq, through the uplink"
	lease_lines bridged $D/lan/leases
}

print_fdb() {
	local mode mac port rest

	say ""
	say "Forwarding databases (vswctl fdb show)"
	for mode in $MODES; do
		say " ${SW[$mode]}:"
		while read -r mac _ port rest; do
			printf '  %s %-8s %-16s %s\n' "$mac" "$port" "${NAMEOF[$mac]:-}" "$rest"
		done < <(vswctl fdb show "${SW[$mode]}")
	done
}

report_line() {
	[ -n "$report" ] && echo "$*" >> "$report"
	return 0
}

print_next() {
	cat <<'EOF'

On a real host (root), with the module built for the running kernel:
  make install && modprobe vswitch
  vswctl switch add lab0 mode nat address 10.0.2.2/24 dhcp on
  echo 'allow lab0' >> /etc/vswitch/bridge.conf
  qemu-system-x86_64 -accel kvm -m 2G -drive file=disk.qcow2 \
      -netdev bridge,id=n0,br=lab0,helper=/usr/local/libexec/vswitch/vswitch-bridge-helper \
      -device virtio-net-pci,netdev=n0            (as your own user)
  vswctl lease show lab0
  vswctl nat forward add lab0 tcp 2222 10.0.2.15:22 && ssh -p 2222 localhost
Bridged to the LAN: vswctl switch add br0 mode bridged uplink eth0.
More: README.md, man vswctl.
EOF
}

[ -n "$report" ] && : > "$report"
say "vswitch demo: four switches, two namespace guests and one QEMU guest on each"
say "(kernel $(uname -r); the QEMU guests take a minute or two to boot under TCG)"
setup
start_qemu
measure
qemu_results
print_reach
print_qemu
print_leases
print_fdb
print_next
if [ $broken = 1 ]; then
	say ""
	say "demo: a mode did not keep its promise (see BROKEN above)"
	exit 1
fi
exit 0
