# SPDX-License-Identifier: GPL-2.0
#
# Real QEMU guests for the tests and `make demo`, kept tiny: SeaBIOS and
# the iPXE network boot ROM of Debian's ipxe-qemu, no disk, no kernel. The
# guest asks for a DHCP lease, fetches the boot file the lease names (by
# TFTP, or by HTTP for an http:// URL) and runs it: the script written by
# guest_boot_script reports the guest's MAC and address to an HTTP server
# ("GET /report?mac=...&ip=...") and then waits in iPXE's shell, which
# keeps answering ARP and ping. Under TCG inside the TCG test VM a guest
# reports about 25 s after it starts (several times that on the debug
# kernel).
#
# Needs qemu-system-x86_64, ipxe-qemu, seabios and python3 (HTTP server).

GUEST_DIR=/tmp/vsw-guests
declare -A GUEST_PID=()

# guest_boot_script FILE URL: the boot script, reporting to URL (the HTTP
# server's /report). The report is an iPXE script too: it only waits.
guest_boot_script() {
	cat > "$1" <<EOF
#!ipxe
chain $2?mac=\${net0/mac}&ip=\${net0/ip} || shell
EOF
}

# guest_http_start NS ADDR PORT DIR: an HTTP server for DIR on ADDR:PORT in
# NS ("" for this namespace), serving DIR/report; its log (one line per
# request, client address first) is DIR/http.log. Waits until it listens.
guest_http_start() {
	local ns=$1 addr=$2 port=$3 dir=$4
	local nsexec=()

	[ -n "$ns" ] && nsexec=(ip netns exec "$ns")
	printf '#!ipxe\nshell\n' > "$dir/report"
	(cd "$dir" && exec "${nsexec[@]}" python3 -m http.server --bind "$addr" \
		"$port" > "$dir/http.log" 2>&1) &
	busywait 20000 guest_listening "$ns" "$addr:$port"
}

guest_listening() {	# guest_listening NS ADDR:PORT
	if [ -n "$1" ]; then
		ip netns exec "$1" ss -Hltn "src $2" | grep -q .
	else
		ss -Hltn "src $2" | grep -q .
	fi
}

# guest_start NAME MAC NETDEV [PREFIX...]: start QEMU in the background
# with one virtio-net NIC (MAC) on -netdev NETDEV, booting from the
# network, run through PREFIX (e.g. env VAR=..., setpriv ...: each must
# exec QEMU, so that GUEST_PID[NAME] is QEMU's pid). QEMU's output goes to
# GUEST_DIR/NAME.log.
guest_start() {
	local name=$1 mac=$2 netdev=$3

	shift 3
	mkdir -p "$GUEST_DIR"
	chmod 1777 "$GUEST_DIR"
	rm -f "$GUEST_DIR/$name.log"
	"$@" qemu-system-x86_64 -accel tcg -nodefaults -display none -m 64 \
		-no-reboot -boot n -netdev "$netdev,id=n0" \
		-device "virtio-net-pci,netdev=n0,mac=$mac" \
		> "$GUEST_DIR/$name.log" 2>&1 < /dev/null &
	GUEST_PID[$name]=$!
}

# guest_report LOG MAC: "CLIENT ADDR" of the guest's report in the HTTP
# server's LOG: the address the request came from and the one the guest
# says it has; nothing (status 1) while there is none.
guest_report() {
	local m=${2//:/%3A}

	awk -v m="mac=$m&ip=" '
		index($0, "GET /report?" m) {
			s = substr($0, index($0, m) + length(m))
			sub(/[ &].*/, "", s)
			print $1, s
			found = 1
			exit
		}
		END { exit !found }' "$1" 2> /dev/null
}

# guest_wait NAME LOG MAC SECONDS: wait for the report; prints it. Fails
# early if QEMU exits.
guest_wait() {
	local name=$1 log=$2 mac=$3 deadline=$(( $(date +%s) + $4 ))

	while [ "$(date +%s)" -lt "$deadline" ]; do
		guest_report "$log" "$mac" && return 0
		kill -0 "${GUEST_PID[$name]}" 2> /dev/null || break
		sleep 0.5
	done
	guest_report "$log" "$mac"
}

# guest_running NAME: whether QEMU still runs.
guest_running() {
	[ -n "${GUEST_PID[$1]:-}" ] && kill -0 "${GUEST_PID[$1]}" 2> /dev/null
}

# guest_stop NAME: SIGTERM (QEMU runs its downscripts and exits); waits
# for it. Returns QEMU's exit status.
guest_stop() {
	local pid=${GUEST_PID[$1]:-} rc

	[ -n "$pid" ] || return 0
	kill "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	rc=$?
	unset "GUEST_PID[$1]"
	return $rc
}

guest_stop_all() {
	local name

	for name in "${!GUEST_PID[@]}"; do
		guest_stop "$name"
	done
}
