#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send one hand-made netlink request and print the kernel's answer as
"ERRNO MESSAGE" (0 on success), so tests can feed the module malformed
attributes no well-behaved tool would send.

    nlraw.py genl CMD [ATTR...]            vswitch generic netlink family
    nlraw.py dump CMD [ATTR...]            the same as a dump request: prints
                                           "ERRNO MESSAGES" (how many came)
    nlraw.py dump-parts CMD [ATTR...] -- SHELL-COMMAND
                                           a dump of CMD: after its first
                                           part SHELL-COMMAND runs, then
                                           the rest is read; prints "PARTS
                                           MESSAGES INTR" (INTR: 1 if a
                                           message or the end carried
                                           NLM_F_DUMP_INTR)
    nlraw.py ops                           the family's operations, as the
                                           kernel lists them: "CMD FLAGS"
                                           (CTRL_ATTR_OP_FLAGS, hex) a line
    nlraw.py newlink NAME [ATTR...]        RTM_NEWLINK kind vswitch, ATTRs
                                           in IFLA_INFO_DATA
    nlraw.py changelink NAME [ATTR...]
    nlraw.py -                             one request a line from stdin,
                                           each as the arguments above, and
                                           one answer a line (python is
                                           slow to start under TCG)

ATTR is TYPE:KIND:VALUE with KIND u8, u16, u32, str (NUL-terminated),
bytes (hex), flag or fd (a file opened, its descriptor as u32), e.g.
2:str:sw0 14:bytes:0011223344. With newlink and changelink, @ATTR is an
IFLA_* attribute of the link itself, e.g. @28:fd:/run/netns/a
(IFLA_NET_NS_FD).

With -U first (nlraw.py -U genl ...), the socket is opened, then the
process moves into a new user and network namespace (unshare(2)) before
it sends: a socket of one namespace carried into a user namespace."""

import ctypes
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL = 1, 4, 0x400, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_DUMP, NLM_F_DUMP_INTR = 0x300, 0x10
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_OPS = 1, 2, 6
CTRL_ATTR_OP_ID, CTRL_ATTR_OP_FLAGS = 1, 2
UNSHARE = False
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
    if UNSHARE:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET):
            sys.exit("unshare: %s" % os.strerror(ctypes.get_errno()))
    msg = struct.pack("IHHII", 16 + len(body), mtype, flags | NLM_F_REQUEST | NLM_F_ACK, 1, 0) + body
    s.send(msg)
    replies = []
    while True:
        data = s.recv(65536)
        while data:
            n, t, f, _, _ = struct.unpack("IHHII", data[:16])
            if t in (NLMSG_ERROR, NLMSG_DONE):
                err = struct.unpack("i", data[16:20])[0]
                text = ""
                if f & NLM_F_ACK_TLVS:
                    # An error carries the request's header, a dump's
                    # end only the errno, before the attributes.
                    tlvs = data[36:n] if t == NLMSG_ERROR else data[20:n]
                    for at, val in attrs(tlvs):
                        if at == NLMSGERR_ATTR_MSG:
                            text = val.rstrip(b"\0").decode()
                return err, text, replies
            replies.append(data[16:n])
            data = data[(n + 3) & ~3:]


def genl_family(name):
    """The family's id and its operations, {cmd: flags}."""
    global UNSHARE
    unshare, UNSHARE = UNSHARE, False
    body = struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0)
    body += attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
    err, text, replies = request(NETLINK_GENERIC, GENL_ID_CTRL, 0, body)
    UNSHARE = unshare
    if err:
        sys.exit("family %s: %s %s" % (name, err, text))
    fam, ops = None, {}
    for at, val in attrs(replies[0][4:]):
        if at == CTRL_ATTR_FAMILY_ID:
            fam = struct.unpack("H", val)[0]
        elif at == CTRL_ATTR_OPS:
            for _, op in attrs(val):
                a = dict(attrs(op))
                ops[struct.unpack("I", a[CTRL_ATTR_OP_ID])[0]] = \
                    struct.unpack("I", a.get(CTRL_ATTR_OP_FLAGS, bytes(4)))[0]
    if fam is None:
        sys.exit("no family id")
    return fam, ops


FAMILY = []


def family():
    """The vswitch family's id and operations, asked once."""
    if not FAMILY:
        FAMILY.extend(genl_family("vswitch"))
    return FAMILY


def run(argv):
    """One request, argv as on the command line; its answer as printed."""
    what = argv[0]
    if what in ("genl", "dump"):
        fam = family()[0]
        body = struct.pack("BBH", int(argv[1]), 1, 0)
        body += b"".join(parse_attr(a) for a in argv[2:])
        flags = NLM_F_DUMP if what == "dump" else 0
        err, text, replies = request(NETLINK_GENERIC, fam, flags, body)
        if what == "dump" and not err:
            text = str(len(replies))
    else:
        ifi = struct.pack("BxHiII", 0, 0, 0, 0, 0)
        data = b"".join(parse_attr(a) for a in argv[2:] if not a.startswith("@"))
        top = b"".join(parse_attr(a[1:]) for a in argv[2:] if a.startswith("@"))
        info = attr(IFLA_INFO_KIND, b"vswitch\0") + attr(IFLA_INFO_DATA | 0x8000, data)
        body = ifi + attr(IFLA_IFNAME, argv[1].encode() + b"\0") + top
        body += attr(IFLA_LINKINFO | 0x8000, info)
        flags = NLM_F_CREATE | NLM_F_EXCL if what == "newlink" else 0
        err, text, _ = request(socket.NETLINK_ROUTE, RTM_NEWLINK, flags, body)
    return "%d %s" % (err, text)


def dump_parts(argv):
    """A dump in parts, SHELL-COMMAND run between the first and the rest."""
    sep = argv.index("--")
    fam = family()[0]
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
    global UNSHARE
    if sys.argv[1] == "-U":
        UNSHARE = True
        del sys.argv[1]
    if sys.argv[1] == "dump-parts":
        dump_parts(sys.argv[2:])
    elif sys.argv[1] == "ops":
        for cmd, flags in sorted(family()[1].items()):
            print(cmd, "0x%x" % flags)
    elif sys.argv[1] == "-":
        for line in sys.stdin:
            if line.split():
                print(run(line.split()), flush=True)
    else:
        print(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
