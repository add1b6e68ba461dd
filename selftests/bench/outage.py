#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""outage.py: how long a stream of datagrams stopped, for bench/failover.sh.

  outage.py recv ADDR PORT OUT   record each datagram's sequence number,
                                 sending and arrival time (CLOCK_MONOTONIC,
                                 ns) in OUT until SIGTERM; OUT.flowing is
                                 made when the first datagram came
  outage.py send SRC DST PORT MS one 32-byte datagram every MS milliseconds
                                 until SIGTERM; prints how many it sent
  outage.py gap OUT SENT MS      the longest outage in OUT, in ms: between
                                 the sending of two datagrams that arrived
                                 with none sent between them arriving, less
                                 one interval (the stream's own spacing);
                                 where it was (seconds from the first); the
                                 datagrams lost of SENT; and the longest gap
                                 between two arrivals, for comparison

Sender and receiver run in namespaces of one guest, so one clock, and each
datagram carries its sending time. The outage is taken on the sender's
timeline: from the last datagram that went through the old path to the
first that went through the new one. A receiver (or a sender) that the
guest did not run for a moment shows in the arrivals' gap, not in it.
"""

import signal
import socket
import struct
import sys
import time

SO_RCVBUFFORCE = 33
stop = False


def on_term(_sig, _frame):
    global stop
    stop = True


def recv(addr, port, out):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # Room for the datagrams of a moment the guest does not run this.
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20)
    s.bind((addr, int(port)))
    s.settimeout(0.2)
    signal.signal(signal.SIGTERM, on_term)
    rows = []
    while not stop:
        try:
            data = s.recv(64)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        if len(data) >= 12:
            seq, sent = struct.unpack("!IQ", data[:12])
            rows.append((seq, sent, time.monotonic_ns()))
            if len(rows) == 1:
                open(out + ".flowing", "w").close()
    with open(out, "w") as f:
        for row in rows:
            f.write("%d %d %d\n" % row)


def send(src, dst, port, ms):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    s.connect((dst, int(port)))
    signal.signal(signal.SIGTERM, on_term)
    every = float(ms) / 1000
    seq = 0
    nxt = time.monotonic()
    while not stop:
        try:
            s.send(struct.pack("!IQ", seq, time.monotonic_ns()) + bytes(20))
        except OSError:
            pass  # no route for a moment: counted as lost
        seq += 1
        nxt += every
        pause = nxt - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    print(seq)


def longest(times):
    """The longest step between neighbours of sorted @times: (ns, where)."""
    worst, at = 0, times[0]
    for a, b in zip(times, times[1:]):
        if b - a > worst:
            worst, at = b - a, a
    return worst, at


def gap(out, sent, ms):
    rows = [tuple(map(int, line.split())) for line in open(out)]
    if len(rows) < 2:
        print(f"no stream: {len(rows)} datagrams of {sent} arrived")
        return 1
    first = min(r[1] for r in rows)
    outage, at = longest(sorted({r[1] for r in rows}))
    arrivals, _ = longest(sorted(r[2] for r in rows))
    lost = int(sent) - len({r[0] for r in rows})
    print(f"{max(0.0, outage / 1e6 - float(ms)):.0f} ms at {(at - first) / 1e9:.1f} s,"
          f" {lost}/{sent} lost, arrivals' gap {arrivals / 1e6:.0f} ms")
    return 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "recv" and len(args) == 3:
        recv(*args)
    elif cmd == "send" and len(args) == 4:
        send(*args)
    elif cmd == "gap" and len(args) == 3:
        sys.exit(gap(*args))
    else:
        sys.exit(__doc__)
