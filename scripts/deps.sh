#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package vswitch needs to build, test and benchmark.
# Idempotent: packages already present are left alone. Run as root on
# Debian bookworm. Only the apt sources already configured on the machine
# are used (6.12 and its headers are in bookworm's default sources).
set -eu

# The 6.12 kernel the suite pins: KVER=6.12 builds and boots this one.
KVER_612=${KVER_612:-6.12.117+deb12-amd64}

pkgs=(
	build-essential bc bison flex kmod cpio xz-utils zstd rsync
	libelf-dev libssl-dev pkg-config
	linux-headers-amd64 linux-image-amd64
	"linux-headers-$KVER_612" "linux-image-$KVER_612"
	linux-source-6.1
	qemu-system-x86 busybox-static ipxe-qemu seabios libcap2-bin
	iproute2 iputils-ping dnsmasq-base netsniff-ng python3-scapy
	iperf3 tcpdump ethtool conntrack iptables nftables procps psmisc
	socat netcat-openbsd debootstrap
	libmnl-dev sparse cppcheck
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: need root to install: ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
