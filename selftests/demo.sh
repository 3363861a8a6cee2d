#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo` (scripts/demo-vm.sh, the part that runs in the VM) finishes
# and what it reports is what each mode promises: internal: guests only,
# no host, no outside; host-only: the host but no outside; nat: outside
# and forwards; bridged: the LAN both ways. The QEMU guest of each mode
# got its lease from the right server and is reached by exactly whom it
# should be; the namespace guests' leases are in the right subnets.

ALL_TESTS="demo_runs reachability qemu_guests leases"

cd "$(dirname "$0")" || exit 1
source lib/vsw.sh

require_cmd vswctl ip nc busybox setcap setpriv python3 qemu-system-x86_64 \
	/usr/sbin/dnsmasq
[ -x ../tools/qemu/vswitch-bridge-helper ] || skip "no tools/qemu/vswitch-bridge-helper (make)"

REPORT=$(mktemp)
OUT=$(mktemp)
trap 'rm -f "$REPORT" "$OUT"' EXIT

../scripts/demo-vm.sh --report "$REPORT" > "$OUT" 2>&1
DEMO_RC=$?

# value KIND MODE WHAT: the report's value.
value() {
	awk -v k="$1" -v m="$2" -v w="$3" '$1 == k && $2 == m && $3 == w {
		$1 = $2 = $3 = ""; sub(/^ +/, ""); print }' "$REPORT"
}

demo_runs() {
	RET=0
	check_eq "$DEMO_RC" 0 "the demo's exit status"
	check_match "$(cat "$OUT")" 'Who reaches whom' "the reachability table"
	check_match "$(cat "$OUT")" 'On a real host' "what to type next"
	check_eq "$(grep -c BROKEN "$OUT")" 0 "rows marked BROKEN"
	[ "$RET" = 0 ] || sed 's/^/  | /' "$OUT"
	log_test "make demo's script finishes, every mode marked kept"
}

reachability() {
	local mode w i want got

	RET=0
	declare -A want_tab=([internal]="yes no no no no"
			     [host-only]="yes yes yes no no"
			     [nat]="yes yes yes yes yes"
			     [bridged]="yes yes yes yes yes")
	for mode in internal host-only nat bridged; do
		i=0
		for w in g2g g2h h2g g2o o2g; do
			i=$((i + 1))
			want=$(echo "${want_tab[$mode]}" | cut -d' ' -f$i)
			got=$(value reach "$mode" $w)
			check_eq "$got" "$want" "$mode $w"
		done
	done
	check_eq "$(grep -c '^reach ' "$REPORT")" 20 "reachability results"
	log_test "reachability: internal no host/outside, host-only no outside, nat outside + forward, bridged LAN both ways"
}

qemu_guests() {
	RET=0
	check_match "$(value qemu internal lease)" '^10\.0\.10\.(1[0-4][0-9]|150)$' \
		"internal QEMU guest's lease (g1's dnsmasq, .100-.150)"
	check_match "$(value qemu host-only lease)" '^10\.0\.20\.[0-9]+$' \
		"host-only QEMU guest's lease"
	check_match "$(value qemu nat lease)" '^10\.0\.30\.[0-9]+$' \
		"nat QEMU guest's lease"
	check_match "$(value qemu bridged lease)" '^192\.168\.50\.(1[0-4][0-9]|150)$' \
		"bridged QEMU guest's lease (the LAN's dnsmasq)"
	# Reports reach their server from the guest's own address, but for
	# nat: masqueraded to the host's LAN address.
	check_eq "$(value qemu internal seen_from)" "$(value qemu internal lease)" \
		"internal report's source"
	check_eq "$(value qemu host-only seen_from)" "$(value qemu host-only lease)" \
		"host-only report's source"
	check_eq "$(value qemu nat seen_from)" 192.168.50.2 "nat report's source"
	check_eq "$(value qemu bridged seen_from)" "$(value qemu bridged lease)" \
		"bridged report's source"
	check_eq "$(value qemu internal from_guest) $(value qemu internal from_host) $(value qemu internal from_lan)" \
		"yes no no" "internal QEMU guest reached by guest/host/LAN"
	check_eq "$(value qemu host-only from_guest) $(value qemu host-only from_host) $(value qemu host-only from_lan)" \
		"yes yes no" "host-only QEMU guest reached by guest/host/LAN"
	check_eq "$(value qemu nat from_guest) $(value qemu nat from_host) $(value qemu nat from_lan)" \
		"yes yes no" "nat QEMU guest reached by guest/host/LAN"
	check_eq "$(value qemu bridged from_guest) $(value qemu bridged from_host) $(value qemu bridged from_lan)" \
		"yes yes yes" "bridged QEMU guest reached by guest/host/LAN"
	log_test "QEMU guests: leases from the right server, reports through NAT, reached by whom they should"
}

leases() {
	RET=0
	# internal: only the QEMU guest leases (g1, g2 are static); the
	# others: g1, g2 and the QEMU guest.
	check_eq "$(grep -c '^lease internal ' "$REPORT")" 1 "internal leases"
	check_eq "$(value lease internal vsw-int/qemu)" "$(value qemu internal lease)" \
		"internal: the QEMU guest's lease"
	check_eq "$(grep -c '^lease host-only ' "$REPORT")" 3 "host-only leases"
	check_match "$(value lease host-only vsw-host/g1) $(value lease host-only vsw-host/g2)" \
		'^10\.0\.20\.[0-9]+ 10\.0\.20\.[0-9]+$' "host-only guests' leases"
	check_eq "$(grep -c '^lease nat ' "$REPORT")" 3 "nat leases"
	check_match "$(value lease nat vsw-nat/g1) $(value lease nat vsw-nat/g2)" \
		'^10\.0\.30\.[0-9]+ 10\.0\.30\.[0-9]+$' "nat guests' leases"
	check_eq "$(grep -c '^lease bridged ' "$REPORT")" 3 "bridged leases"
	check_match "$(value lease bridged vsw-br/g1) $(value lease bridged vsw-br/g2)" \
		'^192\.168\.50\.1[0-9]+ 192\.168\.50\.1[0-9]+$' "bridged guests' LAN leases"
	log_test "leases: each switch's guests from the server of its mode, in its subnet"
}

tests_run
