#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crafts ESP packets, good and bad, and watches the counters they move.

Helper of esp_bad_input.sh. Runs in the GW's namespace and sends Ethernet
frames from the peer's side of the veth pair (--peer-netns, --peer-dev)
straight to the GW's lower device (--gw-dev), so nothing of the peer's own
stack (routes, xfrm policies) is involved. It reads the GW's counters
itself: every process a test starts costs about half a second under TCG,
so a case must not need one. The counters, each "NAME VALUE":
  Xfrm*                   /proc/net/xfrm_stat
  esp_rx_*                ethtool -S of --xlb (SIOCETHTOOL)
  sa_SPI_v4|v6_packets    for each SA whose destination is one of --gw-addrs
  sa_SPI_v4|v6_replay_window, _replay, _failed
                          (NETLINK_XFRM; what `ip -s xfrm state` shows as
                          "lifetime current: .. N(packets)" and "stats:
                          replay-window N replay N failed N")

It prints "ready", then reads one request per line on stdin and answers
"ok" or "fail: WHY" (one line):
  snapshot              remember the counters
  expect [NAME+N...]    wait (10 s at most) until exactly these counters
                        differ from the snapshot, by exactly N, and stay so
  counters              print the counters, then "ok"
  send PACKET...        send these frames (below); "ok" once sent

PACKET (FAM is 4 or 6, the outer IP version; SA an --sa name, or a number
for an SPI no key is needed for):
  valid FAM SA SEQ [trailer=N]
        a correct tunnel-mode ESP packet (an ICMP echo request inside); the
        IV comes from SEQ, so a repeated request repeats the same bytes.
        trailer=N: N bytes in the frame after the IP packet (as Ethernet
        padding); copies=N: the same frame N times; count=N: N packets,
        SEQ, SEQ + 1, ...; hi=N: an ESN SA's, N the high half of SEQ
  frag FAM SA SEQ SIZE
        the same with a larger payload, sent as IP fragments of SIZE bytes
  badpad FAM SA SEQ
        encrypted and authenticated correctly, but the trailer's pad length
        (255) runs past the start of the payload
  junk FAM SA SEQ LEN
        an ESP header (SA's SPI, SEQ) followed by LEN random bytes
  raw FAM HEX
        IP protocol 50 carrying exactly the bytes HEX ("-": none)
  random FAM LEN
        IP protocol 50 carrying LEN random bytes, never a known SPI
"""

import argparse
import ctypes
import fcntl
import ipaddress
import os
import socket
import struct
import sys
import time

from scapy.layers.inet import ICMP, IP, fragment
from scapy.layers.inet6 import (ICMPv6EchoRequest, IPv6, IPv6ExtHdrFragment,
                                fragment6)
from scapy.layers.ipsec import ESP, SecurityAssociation
from scapy.layers.l2 import Ether
from scapy.packet import Raw

IPPROTO_ESP = 50
CLONE_NEWNET = 0x40000000

SIOCETHTOOL = 0x8946
ETHTOOL_GDRVINFO = 0x03
ETHTOOL_GSTRINGS = 0x1b
ETHTOOL_GSTATS = 0x1d
ETH_SS_STATS = 1
ETH_GSTRING_LEN = 32
DRVINFO_SIZE = 196
DRVINFO_N_STATS = 180
SIOCGIFHWADDR = 0x8927

NETLINK_XFRM = 6
XFRM_MSG_NEWSA = 0x10
XFRM_MSG_GETSA = 0x12
NLM_F_REQUEST = 0x1
NLM_F_DUMP = 0x300
NLMSG_ERROR = 0x2
NLMSG_DONE = 0x3
# struct xfrm_usersa_info (x86_64), after the 16-byte nlmsghdr
SA_DADDR, SA_SPI, SA_PACKETS, SA_STATS, SA_FAMILY = 56, 72, 168, 192, 212


def setns(path):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, 'setns %s: %s' % (path, os.strerror(err)))
    finally:
        os.close(fd)


def hwaddr(dev):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifr = fcntl.ioctl(s, SIOCGIFHWADDR, struct.pack('256s', dev.encode()))
    return ':'.join('%02x' % b for b in ifr[18:24])


class Counters:
    """The GW's counters; built in, and used from, the GW's namespace."""

    def __init__(self, xlb, gw_addrs):
        self.xlb = xlb
        self.gw_addrs = {ipaddress.ip_address(a) for a in gw_addrs}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                NETLINK_XFRM)
        self.nlseq = 0

    def ethtool(self, cmd):
        buf = ctypes.create_string_buffer(bytes(cmd), len(cmd))
        ifr = struct.pack('16sP', self.xlb.encode(), ctypes.addressof(buf))
        fcntl.ioctl(self.sock, SIOCETHTOOL, ifr)
        return buf.raw

    def esp_stats(self):
        info = self.ethtool(struct.pack('I', ETHTOOL_GDRVINFO).ljust(DRVINFO_SIZE, b'\0'))
        n = struct.unpack_from('I', info, DRVINFO_N_STATS)[0]
        names = self.ethtool(struct.pack('III', ETHTOOL_GSTRINGS, ETH_SS_STATS, 0) +
                             bytes(n * ETH_GSTRING_LEN))[12:]
        values = self.ethtool(struct.pack('II', ETHTOOL_GSTATS, n) + bytes(8 * n))[8:]
        for i in range(n):
            name = names[i * ETH_GSTRING_LEN:(i + 1) * ETH_GSTRING_LEN]
            name = name.split(b'\0', 1)[0].decode()
            if name.startswith('esp_rx_'):
                yield name, struct.unpack_from('Q', values, 8 * i)[0]

    def sa_stats(self):
        self.nlseq += 1
        self.nl.send(struct.pack('IHHII', 16, XFRM_MSG_GETSA,
                                 NLM_F_REQUEST | NLM_F_DUMP, self.nlseq, 0))
        while True:
            data = self.nl.recv(1 << 16)
            off = 0
            while off + 16 <= len(data):
                length, kind = struct.unpack_from('IH', data, off)
                msg = data[off + 16:off + length]
                off += (length + 3) & ~3
                if kind == NLMSG_DONE:
                    return
                if kind == NLMSG_ERROR:
                    raise OSError(-struct.unpack_from('i', msg)[0], 'SA dump')
                if kind != XFRM_MSG_NEWSA:
                    continue
                family = struct.unpack_from('H', msg, SA_FAMILY)[0]
                fam, alen = (4, 4) if family == socket.AF_INET else (6, 16)
                daddr = ipaddress.ip_address(msg[SA_DADDR:SA_DADDR + alen])
                if daddr not in self.gw_addrs:
                    continue
                spi = struct.unpack_from('!I', msg, SA_SPI)[0]
                sa = 'sa_%x_v%d' % (spi, fam)
                yield sa + '_packets', struct.unpack_from('Q', msg, SA_PACKETS)[0]
                window, replay, failed = struct.unpack_from('III', msg, SA_STATS)
                yield sa + '_replay_window', window
                yield sa + '_replay', replay
                yield sa + '_failed', failed

    def read(self):
        values = {}
        with open('/proc/net/xfrm_stat') as f:
            for line in f:
                name, value = line.split()
                values[name] = int(value)
        values.update(self.esp_stats())
        values.update(self.sa_stats())
        return values


class Crafter:
    def __init__(self, args):
        self.counters = Counters(args.xlb, args.gw_addrs.split(','))
        dst_mac = hwaddr(args.gw_dev)
        gw_ns = '/proc/self/ns/net'
        gw_fd = os.open(gw_ns, os.O_RDONLY)
        try:
            setns('/run/netns/' + args.peer_netns)
            self.out = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            self.out.bind((args.peer_dev, 0))
            src_mac = hwaddr(args.peer_dev)
        finally:
            setns('/proc/self/fd/%d' % gw_fd)
            os.close(gw_fd)
        self.eth = Ether(src=src_mac, dst=dst_mac)
        # family -> (outer src, outer dst, inner src, inner dst)
        self.addrs = {4: args.v4.split(','), 6: args.v6.split(',')}
        self.sas = {}
        for spec in args.sa:
            name, spi, alg, key = spec.split(':', 3)
            self.sas[name] = (int(spi, 0), alg, bytes.fromhex(key))
        self.before = {}

    def spi(self, sa):
        return self.sas[sa][0] if sa in self.sas else int(sa, 0)

    def outer(self, fam, proto=None):
        src, dst = self.addrs[fam][:2]
        if fam == 4:
            pkt = IP(src=src, dst=dst)
            if proto is not None:
                pkt.proto = proto
        else:
            pkt = IPv6(src=src, dst=dst)
            if proto is not None:
                pkt.nh = proto
        return pkt

    def inner(self, fam, seq, size):
        src, dst = self.addrs[fam][2:]
        data = Raw(bytes((seq + i) & 0xff for i in range(size)))
        ident = 0x5e00 | (seq & 0xff)
        if fam == 4:
            return IP(src=src, dst=dst) / ICMP(id=ident, seq=seq & 0xffff) / data
        return IPv6(src=src, dst=dst) / \
            ICMPv6EchoRequest(id=ident, seq=seq & 0xffff) / data

    def sa(self, name, fam):
        spi, alg, key = self.sas[name]
        if alg == 'gcm':	# AES key, then the 4-byte salt; 16-byte ICV
            return SecurityAssociation(ESP, spi=spi, crypt_algo='AES-GCM',
                                       crypt_key=key,
                                       tunnel_header=self.outer(fam)), 8
        if alg == 'cbc-sha256':	# 16-byte AES key, then the HMAC key
            return SecurityAssociation(ESP, spi=spi, crypt_algo='AES-CBC',
                                       crypt_key=key[:16],
                                       auth_algo='SHA2-256-128',
                                       auth_key=key[16:],
                                       tunnel_header=self.outer(fam)), 16
        raise ValueError('unknown algorithm ' + alg)

    def encrypt(self, fam, name, seq, size=56, padlen=None, hi=None):
        sa, ivlen = self.sa(name, fam)
        iv = struct.pack('!Q', seq).rjust(ivlen, b'\0')
        algo = sa.crypt_algo
        if padlen is not None:
            # scapy pads correctly; then the pad length byte is made wrong.
            # The pad function is the algorithm's (shared by all SAs), so
            # the override is an instance attribute, removed at once.
            good_pad = algo.pad

            def bad_pad(esp):
                esp = good_pad(esp)
                esp.padlen = padlen
                return esp
            algo.pad = bad_pad
        try:
            return sa.encrypt(self.inner(fam, seq, size), seq_num=seq, iv=iv,
                              esn_en=hi is not None, esn=hi or 0)
        finally:
            if padlen is not None:
                del algo.pad

    def send(self, pkts, trailer=0):
        for pkt in pkts:
            self.out.send(bytes(self.eth / pkt) + b'\xa5' * trailer)

    def esp_payload(self, fam, payload):
        return [self.outer(fam, IPPROTO_ESP) / Raw(payload)]

    def packet(self, words):
        op, fam, rest = words[0], int(words[1]), words[2:]
        opts = dict(w.split('=', 1) for w in rest if '=' in w)
        rest = [w for w in rest if '=' not in w]
        if op == 'valid':
            hi = int(opts['hi'], 0) if 'hi' in opts else None
            seq = int(rest[1], 0)
            pkts = [self.encrypt(fam, rest[0], seq + i, hi=hi)
                    for i in range(int(opts.get('count', 1)))]
            self.send(pkts * int(opts.get('copies', 1)),
                      int(opts.get('trailer', 0)))
        elif op == 'frag':
            pkt = self.encrypt(fam, rest[0], int(rest[1]), size=600)
            size = int(rest[2])
            if fam == 4:
                frags = fragment(pkt, fragsize=size)
            else:
                esp = bytes(pkt[ESP])
                pkt = IPv6(src=pkt.src, dst=pkt.dst) / \
                    IPv6ExtHdrFragment(nh=IPPROTO_ESP) / Raw(esp)
                frags = fragment6(pkt, size)
            if len(frags) < 2:
                raise ValueError('not fragmented')
            self.send(frags)
        elif op == 'badpad':
            self.send([self.encrypt(fam, rest[0], int(rest[1]), padlen=255)])
        elif op == 'junk':
            hdr = struct.pack('!II', self.spi(rest[0]), int(rest[1]))
            self.send(self.esp_payload(fam, hdr + os.urandom(int(rest[2]))))
        elif op == 'raw':
            data = b'' if rest[0] == '-' else bytes.fromhex(rest[0])
            self.send(self.esp_payload(fam, data))
        elif op == 'random':
            known = {sa[0] for sa in self.sas.values()}
            while True:
                data = os.urandom(int(rest[0]))
                if struct.unpack('!I', data[:4])[0] not in known:
                    break
            self.send(self.esp_payload(fam, data))
        else:
            raise ValueError('unknown packet ' + op)

    def moved(self):
        now = self.counters.read()
        return sorted('%s%+d' % (k, v - self.before[k])
                      for k, v in now.items()
                      if k in self.before and v != self.before[k])

    def expect(self, want):
        """Waits until exactly @want moved. Gives up after 10 s, or once
        something else moved and nothing more did for a second."""
        want = sorted(want)
        start = last_change = time.monotonic()
        last = []
        while True:
            got = self.moved()
            now = time.monotonic()
            if got == want:
                # Late movers (a policy check after decapsulation) show here.
                time.sleep(0.2)
                got = self.moved()
                if got == want:
                    return 'ok'
            if got != last:
                last, last_change = got, now
            if now - start > 10 or (got and now - last_change > 1):
                return 'fail: expected to move: %s; moved: %s' % (
                    ' '.join(want) or '(nothing)', ' '.join(got) or '(nothing)')
            time.sleep(0.02)

    def request(self, words):
        if words[0] == 'snapshot':
            self.before = self.counters.read()
        elif words[0] == 'expect':
            return self.expect(words[1:])
        elif words[0] == 'counters':
            for k, v in self.counters.read().items():
                print(k, v)
        elif words[0] == 'send':
            self.packet(words[1:])
        else:
            raise ValueError('unknown request ' + words[0])
        return 'ok'


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--peer-netns', required=True, help='name, as ip netns')
    ap.add_argument('--peer-dev', required=True)
    ap.add_argument('--gw-dev', required=True)
    ap.add_argument('--xlb', required=True)
    ap.add_argument('--gw-addrs', required=True, help='ADDR,ADDR...')
    ap.add_argument('--v4', required=True,
                    help='OUTER_SRC,OUTER_DST,INNER_SRC,INNER_DST')
    ap.add_argument('--v6', required=True,
                    help='OUTER_SRC,OUTER_DST,INNER_SRC,INNER_DST')
    ap.add_argument('--sa', action='append', default=[],
                    help='NAME:SPI:ALG:HEXKEY (ALG gcm or cbc-sha256)')
    crafter = Crafter(ap.parse_args())
    print('ready', flush=True)
    for line in iter(sys.stdin.readline, ''):
        words = line.split()
        if not words:
            continue
        try:
            reply = crafter.request(words)
        except Exception as e:	# the shell shows it; the next request runs
            reply = 'fail: %s: %s' % (type(e).__name__, e)
        print(reply, flush=True)


if __name__ == '__main__':
    main()
