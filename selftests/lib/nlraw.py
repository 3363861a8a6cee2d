#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send one hand-made netlink request and print the kernel's answer as
"ERRNO MESSAGE" (0 on success), so tests can feed the module malformed
attributes no well-behaved tool would send.

    nlraw.py genl CMD [ATTR...]            vswitch generic netlink family
    nlraw.py newlink NAME [ATTR...]        RTM_NEWLINK kind vswitch, ATTRs
                                           in IFLA_INFO_DATA
    nlraw.py changelink NAME [ATTR...]
    nlraw.py dump CMD [ATTR...] -- SHELL-COMMAND
                                           a dump of the family's CMD: after
                                           its first part SHELL-COMMAND runs,
                                           then the rest is read; prints
                                           "PARTS MESSAGES INTR" (INTR: 1 if
                                           a message or the end carried
                                           NLM_F_DUMP_INTR)

ATTR is TYPE:KIND:VALUE with KIND u8, u16, u32, str (NUL-terminated),
bytes (hex), flag or fd (a file opened, its descriptor as u32), e.g.
2:str:sw0 14:bytes:0011223344. With newlink and changelink, @ATTR is an
IFLA_* attribute of the link itself, e.g. @28:fd:/run/netns/a
(IFLA_NET_NS_FD)."""

import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL = 1, 4, 0x400, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_DUMP, NLM_F_DUMP_INTR = 0x300, 0x10
NETLINK_EXT_ACK, NETLINK_CAP_ACK = 11, 10
SOL_NETLINK = 270
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
RTM_NEWLINK = 16
IFLA_IFNAME, IFLA_LINKINFO = 3, 18
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2


def attr(atype, payload):
    n = 4 + len(payload)
    return struct.pack("HH", n, atype) + payload + b"\0" * ((4 - n % 4) % 4)


def parse_attr(spec):
    atype, kind, value = spec.split(":", 2)
    pack = {
        "u8": lambda v: struct.pack("B", int(v, 0)),
        "u16": lambda v: struct.pack("H", int(v, 0)),
        "u32": lambda v: struct.pack("I", int(v, 0)),
        "str": lambda v: v.encode() + b"\0",
        "bytes": bytes.fromhex,
        "flag": lambda v: b"",
        "fd": lambda v: struct.pack("I", os.open(v, os.O_RDONLY)),
    }[kind]
    return attr(int(atype), pack(value))


def attrs(buf):
    while len(buf) >= 4:
        n, t = struct.unpack("HH", buf[:4])
        if n < 4:
            break
        yield t & 0x3FFF, buf[4:n]
        buf = buf[(n + 3) & ~3:]


def request(proto, mtype, flags, body):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    s.bind((0, 0))
    msg = struct.pack("IHHII", 16 + len(body), mtype, flags | NLM_F_REQUEST | NLM_F_ACK, 1, 0) + body
    s.send(msg)
    replies = []
    while True:
        data = s.recv(65536)
        while data:
            n, t, f, _, _ = struct.unpack("IHHII", data[:16])
            if t == NLMSG_ERROR:
                err = struct.unpack("i", data[16:20])[0]
                text = ""
                if f & NLM_F_ACK_TLVS:
                    for at, val in attrs(data[36:n]):
                        if at == NLMSGERR_ATTR_MSG:
                            text = val.rstrip(b"\0").decode()
                return err, text, replies
            replies.append(data[16:n])
            data = data[(n + 3) & ~3:]


def genl_family_id(name):
    body = struct.pack("BBH", 3, 1, 0) + attr(2, name.encode() + b"\0")
    err, text, replies = request(NETLINK_GENERIC, 0x10, 0, body)
    if err:
        sys.exit("family %s: %s %s" % (name, err, text))
    for at, val in attrs(replies[0][4:]):
        if at == 1:
            return struct.unpack("H", val)[0]
    sys.exit("no family id")


def dump(argv):
    """A dump in parts, SHELL-COMMAND run between the first and the rest."""
    sep = argv.index("--")
    fam = genl_family_id("vswitch")
    body = struct.pack("BBH", int(argv[0]), 1, 0)
    body += b"".join(parse_attr(a) for a in argv[1:sep])
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.bind((0, 0))
    s.send(struct.pack("IHHII", 16 + len(body), fam, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + body)
    parts = msgs = intr = 0
    while True:
        data = s.recv(1 << 20)
        parts += 1
        while data:
            n, t, f, _, _ = struct.unpack("IHHII", data[:16])
            intr |= bool(f & NLM_F_DUMP_INTR)
            if t == NLMSG_ERROR:
                sys.exit("dump: error %d" % struct.unpack("i", data[16:20])[0])
            if t == NLMSG_DONE:
                print(parts, msgs, int(intr))
                return
            msgs += 1
            data = data[(n + 3) & ~3:]
        if parts == 1:
            os.system(" ".join(argv[sep + 1:]))


def main():
    what = sys.argv[1]
    if what == "dump":
        dump(sys.argv[2:])
        return
    if what == "genl":
        fam = genl_family_id("vswitch")
        body = struct.pack("BBH", int(sys.argv[2]), 1, 0)
        body += b"".join(parse_attr(a) for a in sys.argv[3:])
        err, text, _ = request(NETLINK_GENERIC, fam, 0, body)
    else:
        ifi = struct.pack("BxHiII", 0, 0, 0, 0, 0)
        data = b"".join(parse_attr(a) for a in sys.argv[3:] if not a.startswith("@"))
        top = b"".join(parse_attr(a[1:]) for a in sys.argv[3:] if a.startswith("@"))
        info = attr(IFLA_INFO_KIND, b"vswitch\0") + attr(IFLA_INFO_DATA | 0x8000, data)
        body = ifi + attr(IFLA_IFNAME, sys.argv[2].encode() + b"\0") + top
        body += attr(IFLA_LINKINFO | 0x8000, info)
        flags = NLM_F_CREATE | NLM_F_EXCL if what == "newlink" else 0
        err, text, _ = request(socket.NETLINK_ROUTE, RTM_NEWLINK, flags, body)
    print(err, text)


if __name__ == "__main__":
    main()
