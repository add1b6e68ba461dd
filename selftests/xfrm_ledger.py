#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Per-SA packet ledger across a rekey: was any ESP packet lost?

  ip -s xfrm monitor SA | xfrm_ledger.py collect >NS.json
      While it runs, every SA the namespace adds, updates, expires or
      deletes is noted with its last counters: packets (lifetime current),
      the highest sequence number sent (oseq) and received (seq), ESN high
      halves included. The kernel's DELSA carries the SA's final counters.
  ip -s xfrm state | xfrm_ledger.py collect >>NS.json
      The SAs still alive at the end (the same parser).
  xfrm_ledger.py compare A.json B.json [--larval A_N B_N] [--wire-counts A|B|AB]
      Pairs each SA A sent on with the SA of that SPI and destination B
      received on, and the other way; prints a line per SA and the totals
      each way. Exits 1 when a receiver's highest sequence number is not
      its sender's last, when a sender named by --wire-counts (xlb's
      side) counted other than the sequence numbers it used (one per wire
      packet), or when the packets lost on the way to A (B) are
      not exactly A_N (B_N, both 0 by default): the packets A's
      xfrm_stat counted as XfrmAcquireError, which came for an SA its IKE
      daemon had allocated (ALLOCSPI) but not installed yet. That is
      IKEv2's rekey race between the two daemons, which stock Linux
      has too; any other loss fails.

Key material is never kept: only counters are read from the lines.
"""
import json
import re
import sys

HEADER = re.compile(r'^(?:(Deleted|Updated|Expired) )?src (\S+) dst (\S+)\s*$')
SPI = re.compile(r'\bproto esp spi 0x([0-9a-f]+)')
PACKETS = re.compile(r'^\s*(\d+)\(bytes\), (\d+)\(packets\)')
ESN = re.compile(r'seq-hi 0x([0-9a-f]+), seq 0x([0-9a-f]+), '
                 r'oseq-hi 0x([0-9a-f]+), oseq 0x([0-9a-f]+)')
LEGACY = re.compile(r'anti-replay context: seq 0x([0-9a-f]+), oseq 0x([0-9a-f]+)')


def collect(lines):
    """SAs by "src dst spi": the largest of each counter seen."""
    sas = {}
    cur = None
    expect_packets = False
    for line in lines:
        m = HEADER.match(line)
        if m:
            cur = {'src': m.group(2), 'dst': m.group(3), 'kind': m.group(1) or 'New'}
            expect_packets = False
            continue
        if cur is None:
            continue
        m = SPI.search(line)
        if m:
            cur['spi'] = int(m.group(1), 16)
            key = '%s %s %08x' % (cur['src'], cur['dst'], cur['spi'])
            cur = sas.setdefault(key, {'src': cur['src'], 'dst': cur['dst'],
                                       'spi': cur['spi'], 'packets': 0,
                                       'seq': 0, 'oseq': 0, 'deleted': False,
                                       'kind': cur['kind']})
            if cur['kind'] == 'Deleted':
                cur['deleted'] = True
            continue
        if 'spi' not in cur:
            continue
        if line.strip().startswith('lifetime current:'):
            expect_packets = True
            continue
        if expect_packets:
            m = PACKETS.match(line)
            if m:
                cur['packets'] = max(cur['packets'], int(m.group(2)))
            expect_packets = False
            continue
        m = ESN.search(line)
        if m:
            seq = int(m.group(1), 16) << 32 | int(m.group(2), 16)
            oseq = int(m.group(3), 16) << 32 | int(m.group(4), 16)
            cur['seq'] = max(cur['seq'], seq)
            cur['oseq'] = max(cur['oseq'], oseq)
            continue
        m = LEGACY.search(line)
        if m:
            cur['seq'] = max(cur['seq'], int(m.group(1), 16))
            cur['oseq'] = max(cur['oseq'], int(m.group(2), 16))
    for sa in sas.values():
        sa.pop('kind', None)
    return sas


def load(path):
    """One or more JSON objects, one per line (collect appends)."""
    merged = {}
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            for key, sa in json.loads(line).items():
                old = merged.get(key)
                if old:
                    for field in ('packets', 'seq', 'oseq'):
                        sa[field] = max(sa[field], old[field])
                    sa['deleted'] = sa['deleted'] or old['deleted']
                merged[key] = sa
    return merged


def compare(a_path, b_path, larval=(0, 0), wire_counts=''):
    """larval: packets each receiver (A, B) dropped because they came for
    an SA its IKE daemon had allocated but not installed yet
    (XfrmAcquireError): lost in IKE's rekey race, not on the way."""
    a, b = load(a_path), load(b_path)
    rows, bad = [], False
    totals = []
    for sender, receiver, early, wire in ((a, b, larval[1], 'A' in wire_counts),
                                          (b, a, larval[0], 'B' in wire_counts)):
        sent_total = lost_total = 0
        for key, out in sorted(sender.items()):
            # The sender's SA is the one it numbered packets on.
            if out['oseq'] == 0:
                continue
            # One sequence number per ESP packet on the wire. A sender
            # named by --wire-counts must have counted as many (lifetime
            # current, what its limits are checked against): xlb counts
            # each segment of a GSO packet it was handed whole. Stock
            # software ESP does not once esp4/esp6_offload is loaded (its
            # GSO path counts a GSO packet once), so the peer is not held
            # to it.
            inn = receiver.get(key)
            sent = out['oseq']
            got = inn['packets'] if inn else 0
            seq = inn['seq'] if inn else 0
            lost = sent - got
            sent_total += sent
            lost_total += max(lost, 0)
            if lost < 0 or seq != sent or (wire and out['packets'] != sent):
                bad = True
            rows.append('%-15s -> %-15s spi 0x%08x sent %8d (counted %d) received %8d '
                        '(last seq %d) lost %d%s' %
                        (out['src'], out['dst'], out['spi'], sent, out['packets'], got,
                         seq, lost, '' if inn else ' (receiver never had the SA)'))
        if lost_total != early:
            bad = True
        totals.append((sent_total, lost_total, early))
    for row in rows:
        print(row)
    for (sent, lost, early), way in zip(totals, ('A to B', 'B to A')):
        print('%s: sent %d, lost %d, of which %d came before the receiver had '
              'installed the SA (XfrmAcquireError), %d otherwise' %
              (way, sent, lost, early, lost - early))
    return 1 if bad or not rows else 0


def main():
    argv = sys.argv[1:]
    if argv == ['collect']:
        print(json.dumps(collect(sys.stdin)))
        return 0
    if len(argv) < 3 or argv[0] != 'compare':
        print(__doc__, file=sys.stderr)
        return 2
    paths, rest, larval, wire = argv[1:3], argv[3:], (0, 0), ''
    while rest:
        if rest[0] == '--larval' and len(rest) >= 3:
            larval, rest = (int(rest[1]), int(rest[2])), rest[3:]
        elif rest[0] == '--wire-counts' and len(rest) >= 2 and set(rest[1]) <= set('AB'):
            wire, rest = rest[1], rest[2:]
        else:
            print(__doc__, file=sys.stderr)
            return 2
    return compare(paths[0], paths[1], larval, wire)


if __name__ == '__main__':
    sys.exit(main())
