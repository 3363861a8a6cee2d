#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A minimal guest behind a tap device, as QEMU would be: it attaches to
an existing tap (which brings its carrier up), answers ARP requests and ICMP
echo requests for its address, and counts what it received.

    tapguest.py TAP MAC IPV4

Prints "ready" once attached; on SIGTERM prints "rx N" and exits."""

import fcntl
import os
import signal
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def main():
    tap, mac_s, ip_s = sys.argv[1:4]
    mac = bytes.fromhex(mac_s.replace(":", ""))
    ip = socket.inet_aton(ip_s)
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tap.encode(), IFF_TAP | IFF_NO_PI))
    received = 0

    def stop(*_):
        print("rx %d" % received, flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    print("ready", flush=True)
    while True:
        frame = os.read(fd, 65536)
        received += 1
        if len(frame) < 14:
            continue
        dst, src, etype = frame[0:6], frame[6:12], struct.unpack("!H", frame[12:14])[0]
        if etype == 0x0806 and len(frame) >= 42:
            op = struct.unpack("!H", frame[20:22])[0]
            if op == 1 and frame[38:42] == ip:
                arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + mac + ip + frame[22:28] + frame[28:32]
                os.write(fd, src + mac + b"\x08\x06" + arp)
        elif etype == 0x0800 and dst == mac and len(frame) >= 34:
            ihl = (frame[14] & 0x0F) * 4
            iph = frame[14:14 + ihl]
            if iph[9] != 1 or iph[16:20] != ip:
                continue
            icmp = frame[14 + ihl:14 + struct.unpack("!H", iph[2:4])[0]]
            if len(icmp) < 8 or icmp[0] != 8:
                continue
            reply = b"\x00\x00\x00\x00" + icmp[4:]
            reply = reply[:2] + struct.pack("!H", csum(reply)) + reply[4:]
            hdr = bytearray(iph[:20])
            hdr[8] = 64
            hdr[12:16], hdr[16:20] = iph[16:20], iph[12:16]
            hdr[10:12] = b"\0\0"
            hdr[10:12] = struct.pack("!H", csum(bytes(hdr)))
            os.write(fd, src + mac + b"\x08\x00" + bytes(hdr) + reply)


if __name__ == "__main__":
    main()
