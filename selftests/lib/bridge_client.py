#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# QEMU's side of the bridge helper protocol, for the selftests:
#   bridge_client.py [--hold FILE] [--close-peer] HELPER ARG...
# runs HELPER ARG... with one end of an AF_UNIX stream socketpair, each
# "{fd}" in ARG replaced by its number, as QEMU's net_bridge_run_helper
# does; receives the fd (SCM_RIGHTS) and prints
#   exit N                           the helper's exit status
#   tap NAME FLAGS                   if an fd came: TUNGETIFF's name and
#                                    flags (tap, no_pi, vnet_hdr, ...)
# With --hold FILE it keeps the fd until FILE exists, then closes it.
# --close-peer: our end is closed before the helper runs (QEMU gone).
# Exit status: the helper's; 3 if it exited 0 without sending an fd.
import array
import fcntl
import os
import socket
import struct
import subprocess
import sys
import time

TUNGETIFF = 0x800454d2
FLAGS = [(0x0001, "tun"), (0x0002, "tap"), (0x1000, "no_pi"),
         (0x2000, "one_queue"), (0x4000, "vnet_hdr"), (0x0100, "multi_queue")]


def main():
    args = sys.argv[1:]
    hold = None
    close_peer = False
    while args and args[0].startswith("--"):
        if args[0] == "--hold":
            hold = args[1]
            args = args[2:]
        elif args[0] == "--close-peer":
            close_peer = True
            args = args[1:]
        else:
            break
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    n = theirs.fileno()
    cmd = [a.replace("{fd}", str(n)) for a in args]
    if close_peer:
        ours.close()
    p = subprocess.Popen(cmd, pass_fds=[n])
    theirs.close()

    fd = None
    if not close_peer:
        fds = array.array("i")
        msg, anc, _, _ = ours.recvmsg(1, socket.CMSG_SPACE(fds.itemsize))
        for level, typ, data in anc:
            if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
        if fds:
            fd = fds[0]
        ours.close()
    rc = p.wait()
    print("exit %d" % rc if rc >= 0 else "signal %d" % -rc)
    if fd is not None:
        ifr = fcntl.ioctl(fd, TUNGETIFF, bytes(40))
        name = ifr[:16].split(b"\0")[0].decode()
        flags = struct.unpack("H", ifr[16:18])[0]
        names = [s for bit, s in FLAGS if flags & bit]
        rest = flags & ~sum(bit for bit, _ in FLAGS)
        if rest:
            names.append("0x%x" % rest)
        print("tap %s %s" % (name, ",".join(names)), flush=True)
        if hold:
            while not os.path.exists(hold):
                time.sleep(0.05)
        os.close(fd)
    sys.stdout.flush()
    if rc == 0 and fd is None:
        return 3
    return rc if rc >= 0 else 128 - rc


sys.exit(main())
