#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Move bytes between two namespaces and prove they arrived intact.

  netcopy.py tcp-sink ADDR PORT          print sha256 and length of what one
                                          connection delivers
  netcopy.py tcp-send ADDR PORT BYTES    send BYTES of random data, print
                                          their sha256 and length
  netcopy.py udp-sink ADDR PORT COUNT    print how many of COUNT datagrams
                                          arrived intact (exits on idle)
  netcopy.py udp-send ADDR PORT COUNT    send COUNT numbered datagrams
  netcopy.py udp-hold ADDR PORT          bind and never read: what arrives
                                          stays queued until it is killed
  netcopy.py ping ADDR COUNT             COUNT ICMP echo requests, one at a
                                          time: each waits for its reply (at
                                          most 1 s) before the next goes;
                                          print how many were answered
  netcopy.py exchange NS_A ADDR_A NS_B ADDR_B BYTES COUNT
                                          in one process (namespaces by
                                          name): BYTES over TCP and COUNT
                                          datagrams each way; exit 1 unless
                                          all arrived intact

The sink prints the same line the sender does when nothing was lost or
changed, so a test compares the two lines. With NETCOPY_READY=FILE in its
environment a sink creates FILE once it is listening; with NETCOPY_WAIT=S a
UDP sink waits S seconds for a datagram before it gives up (10 by default),
for the first NETCOPY_FIRST_WAIT (120: its sender may still be starting).
With NETCOPY_STOP=FILE a TCP sender stops early, at a chunk's end, once FILE
exists: BYTES is then the most it sends, and a test ends a transfer when it
has seen what it had to see rather than guessing how long BYTES take.
"""
import ctypes
import hashlib
import os
import socket
import struct
import sys
import threading
import time

CHUNK = 65536


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def ready():
    path = os.environ.get("NETCOPY_READY")
    if path:
        open(path, "w").close()


def recv_stream(srv):
    """Accepts one connection on SRV; returns sha256 and length of all it
    delivers."""
    srv.settimeout(60)
    conn, _ = srv.accept()
    digest, total = hashlib.sha256(), 0
    with conn:
        conn.settimeout(60)
        while True:
            data = conn.recv(CHUNK)
            if not data:
                break
            digest.update(data)
            total += len(data)
    return digest, total


def tcp_sink(addr, port):
    with socket.socket(family(addr), socket.SOCK_STREAM) as srv:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((addr, port))
        srv.listen(1)
        ready()
        digest, total = recv_stream(srv)
    print(digest.hexdigest(), total)


def stop_asked():
    path = os.environ.get("NETCOPY_STOP")
    return bool(path) and os.path.exists(path)


def tcp_send(addr, port, nbytes):
    digest, sent = hashlib.sha256(), 0
    deadline = time.time() + 20
    while True:
        try:
            conn = socket.create_connection((addr, port), timeout=60)
            break
        except ConnectionRefusedError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)
    with conn:
        while sent < nbytes and not stop_asked():
            data = os.urandom(min(CHUNK, nbytes - sent))
            conn.sendall(data)
            digest.update(data)
            sent += len(data)
    print(digest.hexdigest(), sent)


def udp_payload(i):
    return i.to_bytes(4, "big") + hashlib.sha256(i.to_bytes(4, "big")).digest() * 30


def big_rcvbuf(sock):
    # Room for the whole run: a slow (emulated) receiver must not overflow
    # its socket buffer, the test is about the path.
    # SO_RCVBUFFORCE (33): root may exceed rmem_max; Python lacks the name.
    sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33), 8 << 20)


def big_sndbuf(sock):
    # Over veth a datagram stays charged to its sender's socket until the
    # receiver frees it: one held on the way (xlb's larval hold) must not
    # block the sender. SO_SNDBUFFORCE (32), as above.
    sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_SNDBUFFORCE", 32), 8 << 20)


def recv_datagrams(sock, count):
    """How many of the COUNT numbered datagrams arrive intact on SOCK
    (gives up after NETCOPY_WAIT seconds without one, 10 by default; for
    the first, NETCOPY_FIRST_WAIT, 120: the sender is a process still to
    start, slowly on the debug kernel of a busy host)."""
    seen = set()
    sock.settimeout(float(os.environ.get("NETCOPY_FIRST_WAIT", "120")))
    try:
        while len(seen) < count:
            data = sock.recv(CHUNK)
            sock.settimeout(float(os.environ.get("NETCOPY_WAIT", "10")))
            i = int.from_bytes(data[:4], "big")
            if data == udp_payload(i):
                seen.add(i)
    except socket.timeout:
        pass
    return len(seen)


def send_datagrams(sock, dest, count):
    for i in range(count):
        sock.sendto(udp_payload(i), dest)
        if i % 50 == 49:
            time.sleep(0.01)  # stay under the receiver's socket buffer


def udp_sink(addr, port, count):
    with socket.socket(family(addr), socket.SOCK_DGRAM) as sock:
        big_rcvbuf(sock)
        sock.bind((addr, port))
        ready()
        got = recv_datagrams(sock, count)
    print(got, "of", count)


def udp_hold(addr, port):
    with socket.socket(family(addr), socket.SOCK_DGRAM) as sock:
        sock.bind((addr, port))
        ready()
        while True:
            time.sleep(3600)


def udp_send(addr, port, count):
    with socket.socket(family(addr), socket.SOCK_DGRAM) as sock:
        big_sndbuf(sock)
        send_datagrams(sock, (addr, port), count)
    print(count, "of", count)


def icmp_checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def ping(addr, count):
    """One echo request in flight at a time, so that a receiver sees them
    strictly one after another."""
    v6 = family(addr) == socket.AF_INET6
    proto = socket.IPPROTO_ICMPV6 if v6 else socket.IPPROTO_ICMP
    request, reply = (128, 129) if v6 else (8, 0)
    ident = os.getpid() & 0xffff
    answered = 0
    with socket.socket(family(addr), socket.SOCK_RAW, proto) as sock:
        for seq in range(count):
            body = struct.pack("!HH", ident, seq) + b"xlb" * 8
            # The kernel fills in an ICMPv6 checksum (it covers the
            # addresses); ICMP's is the sender's.
            csum = 0 if v6 else icmp_checksum(struct.pack("!BBH", request, 0, 0) + body)
            sock.sendto(struct.pack("!BBH", request, 0, csum) + body, (addr, 0))
            deadline = time.monotonic() + 1
            while (left := deadline - time.monotonic()) > 0:
                sock.settimeout(left)
                try:
                    data = sock.recv(2048)
                except socket.timeout:
                    break
                if not v6:
                    data = data[(data[0] & 0xf) * 4:]
                if len(data) >= 8 and data[0] == reply and \
                        struct.unpack("!HH", data[4:8]) == (ident, seq):
                    answered += 1
                    break
    print(answered, "of", count)


CLONE_NEWNET = 0x40000000


def enter_netns(name):
    """Moves this thread to network namespace NAME (ip netns): sockets made
    afterwards live there for good, whichever namespace uses them later."""
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if ctypes.CDLL(None, use_errno=True).setns(fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns " + name)
    finally:
        os.close(fd)


def tcp_one_way(ns_from, ns_to, addr, nbytes):
    enter_netns(ns_to)
    srv = socket.socket(family(addr), socket.SOCK_STREAM)
    srv.bind((addr, 0))
    srv.listen(1)
    enter_netns(ns_from)
    cli = socket.create_connection(srv.getsockname()[:2], timeout=60)
    sent = hashlib.sha256()

    def send():
        with cli:
            left = nbytes
            while left:
                data = os.urandom(min(CHUNK, left))
                cli.sendall(data)
                sent.update(data)
                left -= len(data)

    sender = threading.Thread(target=send)
    sender.start()
    with srv:
        got, total = recv_stream(srv)
    sender.join()
    return total == nbytes and got.digest() == sent.digest(), "%d of %d bytes" % (total, nbytes)


def udp_one_way(ns_from, ns_to, addr, count):
    enter_netns(ns_to)
    rx = socket.socket(family(addr), socket.SOCK_DGRAM)
    big_rcvbuf(rx)
    rx.bind((addr, 0))
    enter_netns(ns_from)
    with socket.socket(family(addr), socket.SOCK_DGRAM) as tx:
        send_datagrams(tx, rx.getsockname()[:2], count)
    with rx:
        got = recv_datagrams(rx, count)
    return got == count, "%d of %d datagrams" % (got, count)


def exchange(ns_a, addr_a, ns_b, addr_b, nbytes, count):
    ok = True
    for what, fn, src, dst, addr, n in (
            ("TCP", tcp_one_way, ns_a, ns_b, addr_b, nbytes),
            ("TCP", tcp_one_way, ns_b, ns_a, addr_a, nbytes),
            ("UDP", udp_one_way, ns_a, ns_b, addr_b, count),
            ("UDP", udp_one_way, ns_b, ns_a, addr_a, count)):
        good, detail = fn(src, dst, addr, n)
        print("%s %s -> %s: %s%s" % (what, src, addr, detail, "" if good else " FAILED"))
        ok = ok and good
    return 0 if ok else 1


def main(argv):
    if len(argv) == 8 and argv[1] == "exchange":
        return exchange(argv[2], argv[3], argv[4], argv[5], int(argv[6]), int(argv[7]))
    cmds = {"tcp-sink": (tcp_sink, 2), "tcp-send": (tcp_send, 3),
            "udp-sink": (udp_sink, 3), "udp-send": (udp_send, 3),
            "udp-hold": (udp_hold, 2), "ping": (ping, 2)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) != cmds[argv[1]][1] + 2:
        sys.stderr.write(__doc__)
        return 2
    fn, _ = cmds[argv[1]]
    args = [argv[2]] + [int(a) for a in argv[3:]]
    fn(*args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
