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

The sink prints the same line the sender does when nothing was lost or
changed, so a test compares the two lines. With NETCOPY_READY=FILE in its
environment a sink creates FILE once it is listening.
"""
import hashlib
import os
import socket
import sys
import time

CHUNK = 65536


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def ready():
    path = os.environ.get("NETCOPY_READY")
    if path:
        open(path, "w").close()


def tcp_sink(addr, port):
    with socket.socket(family(addr), socket.SOCK_STREAM) as srv:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((addr, port))
        srv.listen(1)
        ready()
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
    print(digest.hexdigest(), total)


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
        while sent < nbytes:
            data = os.urandom(min(CHUNK, nbytes - sent))
            conn.sendall(data)
            digest.update(data)
            sent += len(data)
    print(digest.hexdigest(), sent)


def udp_payload(i):
    return i.to_bytes(4, "big") + hashlib.sha256(i.to_bytes(4, "big")).digest() * 30


def udp_sink(addr, port, count):
    seen = set()
    with socket.socket(family(addr), socket.SOCK_DGRAM) as sock:
        # Room for the whole run: a slow (emulated) receiver must not
        # overflow its socket buffer, the test is about the path.
        # SO_RCVBUFFORCE (33): root may exceed rmem_max; Python lacks the name.
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33), 8 << 20)
        sock.bind((addr, port))
        ready()
        sock.settimeout(10)
        try:
            while len(seen) < count:
                data, _ = sock.recvfrom(CHUNK)
                i = int.from_bytes(data[:4], "big")
                if data == udp_payload(i):
                    seen.add(i)
        except socket.timeout:
            pass
    print(len(seen), "of", count)


def udp_send(addr, port, count):
    with socket.socket(family(addr), socket.SOCK_DGRAM) as sock:
        for i in range(count):
            sock.sendto(udp_payload(i), (addr, port))
            if i % 50 == 49:
                time.sleep(0.01)  # stay under the receiver's socket buffer
    print(count, "of", count)


def main(argv):
    cmds = {"tcp-sink": (tcp_sink, 2), "tcp-send": (tcp_send, 3),
            "udp-sink": (udp_sink, 3), "udp-send": (udp_send, 3)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) != cmds[argv[1]][1] + 2:
        sys.stderr.write(__doc__)
        return 2
    fn, _ = cmds[argv[1]]
    args = [argv[2]] + [int(a) for a in argv[3:]]
    fn(*args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
