#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The selftests' Python, in one long-lived process: starting Python takes
a second under TCG and importing scapy several, so a test script starts
this once and sends it requests instead of running python3 each time.

    craftd.py REQUEST-FIFO REPLY-FIFO

Requests, each ended by a line ".", answered by one line, in order:

    send NETNS DEV      then for each frame a line COUNT and a line EXPR (a
                        Python expression giving the frame: scapy layers,
                        or bytes): the frames are sent in order, COUNT
                        times each, from DEV in NETNS (a name under
                        /run/netns, or - for this process's namespace).
                        Answer: "ok", or "error: WHY".
    json                then a line EXPR and a line DOC: EXPR evaluated
                        with d the JSON document DOC. Answer: "ok:" and the
                        value, a string as it is, anything else as compact
                        JSON; <missing> if a key, an index or the document
                        is missing.
    nlraw               then a line for each argument of lib/nlraw.py:
                        "ok:" and what it prints.

Lines are lines: an EXPR or DOC that had newlines has them as spaces."""

import contextlib
import ctypes
import io
import json
import logging
import os
import socket
import sys

logging.getLogger("scapy").setLevel(logging.ERROR)
# pylint: disable=unused-import,wrong-import-position
# flake8: noqa: F401 (the layers are for the expressions eval() sees)
from scapy.packet import Raw
from scapy.layers.l2 import Ether, Dot1Q, ARP
from scapy.layers.inet import IP, UDP, ICMP
from scapy.layers.inet6 import (IPv6, ICMPv6ND_RA, ICMPv6ND_Redirect,
                                ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6EchoRequest,
                                IPv6ExtHdrFragment, IPv6ExtHdrDestOpt, PadN)
from scapy.layers.dhcp import BOOTP, DHCP
from scapy.layers.dhcp6 import (DHCP6_Advertise, DHCP6_Reply, DHCP6_Solicit,
                                DHCP6OptServerId, DHCP6OptClientId,
                                DHCP6OptIA_NA, DHCP6OptIAAddress, DUID_LL)

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: " + os.strerror(err))


def packet_socket(netns, dev):
    """An AF_PACKET socket bound to dev in netns (- for this one)."""
    if netns == "-":
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((dev, 0))
        return s
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    target = os.open("/run/netns/" + netns, os.O_RDONLY)
    try:
        setns(target)
        try:
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind((dev, 0))
        finally:
            setns(home)
    finally:
        os.close(target)
        os.close(home)
    return s


def json_eval(expr, doc):
    try:
        d = json.loads(doc)
        v = eval(expr, {"json": json, "d": d})  # pylint: disable=eval-used
    except (LookupError, TypeError, ValueError):
        v = "<missing>"
    return v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))


def send(netns, dev, lines):
    frames = [(int(n), bytes(eval(expr)))  # pylint: disable=eval-used
              for n, expr in zip(lines[0::2], lines[1::2])]
    s = packet_socket(netns, dev)
    with s:
        for n, frame in frames:
            for _ in range(n):
                s.send(frame)


def nlraw(args):
    """What lib/nlraw.py ARGS... prints."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import nlraw as mod  # pylint: disable=import-outside-toplevel

    out = io.StringIO()
    argv = sys.argv
    sys.argv = ["nlraw.py"] + args
    try:
        with contextlib.redirect_stdout(out):
            mod.main()
    except SystemExit as e:
        out.write(str(e.code))
    finally:
        sys.argv = argv
    return out.getvalue().strip()


def serve(req, rep):
    while True:
        head = req.readline()
        if not head:
            return
        lines = []
        while True:
            line = req.readline()
            if not line or line == ".\n":
                break
            lines.append(line.rstrip("\n"))
        try:
            what = head.split()
            if what[0] == "json":
                answer = "ok:" + json_eval(lines[0], lines[1])
            elif what[0] == "nlraw":
                answer = "ok:" + nlraw(lines)
            else:
                send(what[1], what[2], lines)
                answer = "ok"
        except Exception as e:  # pylint: disable=broad-except
            answer = "error: %s: %s" % (type(e).__name__, e)
        rep.write(answer.replace("\n", " ") + "\n")
        rep.flush()


def main():
    with open(sys.argv[1], encoding="utf-8") as req, \
         open(sys.argv[2], "w", encoding="utf-8") as rep:
        serve(req, rep)


if __name__ == "__main__":
    main()
