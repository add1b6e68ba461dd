#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""udp_blast.py SRC DST PORT SIZE SECONDS: sends SIZE-byte UDP datagrams from
SRC to DST:PORT as fast as it can for SECONDS (or until killed), and needs
no receiver.

Used by bench.sh's one-way cases: one thread, one preallocated buffer, no
UDP checksum (SO_NO_CHECK) and a 4 MiB send buffer (SO_SNDBUFFORCE, so that
it is not throttled while xlb's workers hold its datagrams), to keep the
sender's cost per byte small next to the encryption's. A full queue below
(ENOBUFS) is not an error here: the datagram is dropped and the next sent.
"""

import errno
import socket
import sys
import time

SO_NO_CHECK = 11
SO_SNDBUFFORCE = 32


def main(src, dst, port, size, seconds):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, SO_NO_CHECK, 1)
    s.setsockopt(socket.SOL_SOCKET, SO_SNDBUFFORCE, 4 << 20)
    s.bind((src, 0))
    s.connect((dst, int(port)))
    buf = bytes(int(size))
    end = time.monotonic() + float(seconds)
    while time.monotonic() < end:
        for _ in range(16):
            try:
                s.send(buf)
            except OSError as e:
                if e.errno != errno.ENOBUFS:
                    raise


if __name__ == "__main__":
    main(*sys.argv[1:6])
