#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sends malformed and forbidden requests to the generic netlink family
"xlb" over a raw NETLINK_GENERIC socket (struct packing, no library: the
point is to send what no well-behaved library would). Helper of
genl_bad_input.sh.

  genlcraft.py SUITE [--ifindex N] [--lower-ifindex N] [--spi N] [--key HEX]...

SUITE:
  bad      every malformed request, to every command (as root, in a
           namespace with xlb0 and the SA --spi offloaded to it)
  netns    the interval set from a non-initial namespace (as root there)
  unpriv   as a user without CAP_NET_ADMIN: every command gets EPERM (SAs
           show addresses, SPIs and reqids), and joining the events group
           is refused

Prints one line per case, "ok DESC" or "not ok DESC", then "# ..." with
the errno and the extack message the kernel gave. Every reply received
is searched for each --key (raw bytes and hex text): a case of its own.
Exit 0 when all cases passed.
"""

import argparse
import errno
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_EXT_ACK = 11
NETLINK_GET_STRICT_CHK = 12
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLA_F_NESTED = 1 << 15
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_MISS_TYPE = 1, 2, 5
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
CTRL_ATTR_MCAST_GROUPS, CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 7, 1, 2

# uapi/linux/xlb.h
(CMD_DEV_GET, CMD_WORKER_GET, CMD_SA_GET, CMD_SA_SET, CMD_POLICY_GET,
 CMD_POLICY_SET, CMD_SA_PLACED_NTF) = range(1, 8)
A_DEV_IFINDEX, A_DEV_IFNAME, A_DEV_MAX = 1, 2, 7
A_WORKER_CPU, A_WORKER_MAX = 2, 17
A_SA_IFINDEX, A_SA_SPI, A_SA_DIR, A_SA_DADDR, A_SA_ALG = 2, 3, 4, 7, 9
A_SA_WORKER, A_SA_PINNED, A_SA_SPRAY, A_SA_ID = 11, 12, 13, 26
CMD_TUNNEL_GET, CMD_TUNNEL_SET, CMD_TUNNEL_DEL = 12, 13, 14
A_TUN_REQID, A_TUN_WORKER, A_TUN_PINNED, A_TUN_SPRAY, A_TUN_WEIGHT = 1, 2, 3, 4, 5
(A_POL_PLACEMENT, A_POL_HOTSPOT, A_POL_INTERVAL, A_POL_SPRAY_THRESHOLD,
 A_POL_MAX_MOVES, A_POL_COOLDOWN) = range(1, 7)
SPRAY_ON = 1

received = bytearray()		# every byte the kernel sent us


def u8(v):
    return struct.pack("=B", v)


def u16(v):
    return struct.pack("=H", v)


def u32(v):
    return struct.pack("=I", v)


def nla(atype, payload, length=None):
    """An attribute; LENGTH overrides nla_len (a lie about the payload)."""
    n = 4 + len(payload) if length is None else length
    raw = struct.pack("=HH", n, atype) + payload
    return raw + b"\0" * (-len(raw) % 4)


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.bind((0, 0))
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1)
        self.sock.settimeout(10)
        self.seq = 1000
        self.family = None

    def send(self, msg_type, cmd, attrs=b"", flags=NLM_F_REQUEST | NLM_F_ACK,
             version=1, raw=None):
        """Sends one request; returns (error, tlvs, replies) once the kernel
        has answered it: error 0 or a negative errno, the ack's TLVs
        {type: bytes}, the payloads (genl header stripped) of its replies."""
        self.seq += 1
        body = raw if raw is not None else struct.pack("=BBH", cmd, version, 0) + attrs
        msg = struct.pack("=IHHII", 16 + len(body), msg_type, flags, self.seq, 0) + body
        self.sock.send(msg)
        replies = []
        while True:
            data = self.sock.recv(1 << 20)
            received.extend(data)
            off = 0
            while off + 16 <= len(data):
                ln, typ, fl, seq, _ = struct.unpack_from("=IHHII", data, off)
                if ln < 16:
                    break
                payload = data[off + 16:off + ln]
                off += (ln + 3) & ~3
                if seq != self.seq:
                    continue
                if typ == NLMSG_ERROR:
                    err = struct.unpack_from("=i", payload)[0]
                    tlvs = {}
                    if fl & NLM_F_ACK_TLVS:
                        orig_len = struct.unpack_from("=I", payload, 4)[0]
                        start = 4 + (16 if fl & NLM_F_CAPPED else (orig_len + 3) & ~3)
                        tlvs = parse_attrs(payload[start:])
                    return err, tlvs, replies
                if typ == NLMSG_DONE:
                    err = struct.unpack_from("=i", payload)[0] if len(payload) >= 4 else 0
                    tlvs = parse_attrs(payload[4:]) if fl & NLM_F_ACK_TLVS else {}
                    return err, tlvs, replies
                replies.append(parse_attrs(payload[4:]))

    def resolve(self, name="xlb"):
        err, _, replies = self.send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                    nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err or not replies:
            raise OSError(-err, f"family {name}: {os.strerror(-err)}")
        self.family = struct.unpack("=H", replies[0][CTRL_ATTR_FAMILY_ID][:2])[0]
        self.groups = {}
        for grp in parse_attrs(replies[0].get(CTRL_ATTR_MCAST_GROUPS, b"")).values():
            g = parse_attrs(grp)
            self.groups[g[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0").decode()] = \
                struct.unpack("=I", g[CTRL_ATTR_MCAST_GRP_ID][:4])[0]
        return self.family

    def join(self, group):
        """Joins a multicast group of the family; 0 or a negative errno."""
        try:
            self.sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, self.groups[group])
        except OSError as e:
            return -e.errno
        return 0

    def req(self, cmd, attrs=b"", dump=False, **kw):
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        return self.send(self.family, cmd, attrs, flags=flags, **kw)


def parse_attrs(data):
    out = {}
    off = 0
    while off + 4 <= len(data):
        ln, typ = struct.unpack_from("=HH", data, off)
        if ln < 4:
            break
        out[typ & 0x3fff] = bytes(data[off + 4:off + ln])
        off += (ln + 3) & ~3
    return out


failed = 0
count = 0


def report(ok, desc, detail):
    global failed, count
    count += 1
    print(f"{'ok' if ok else 'not ok'} {desc}")
    print(f"# {detail}")
    if not ok:
        failed = 1
    sys.stdout.flush()


def describe(err, tlvs):
    msg = tlvs.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode(errors="replace")
    parts = [f"errno {-err} ({errno.errorcode.get(-err, '?')})" if err else "no error"]
    parts.append(f'extack "{msg}"' if msg else "no extack message")
    if NLMSGERR_ATTR_OFFS in tlvs:
        parts.append(f"offset {struct.unpack('=I', tlvs[NLMSGERR_ATTR_OFFS])[0]}")
    if NLMSGERR_ATTR_MISS_TYPE in tlvs:
        parts.append(f"missing attribute {struct.unpack('=I', tlvs[NLMSGERR_ATTR_MISS_TYPE])[0]}")
    return ", ".join(parts)


def attr_offset(attrs_before):
    """Where an attribute after ATTRS_BEFORE starts, counted from the
    request's nlmsghdr (what NLMSGERR_ATTR_OFFS counts from)."""
    return 16 + 4 + len(attrs_before)


def expect(g, desc, cmd, attrs, want_errno, offs=None, msg=True, miss=None,
           dump=False, raw=None):
    """A request that must fail with WANT_ERRNO, an extack message (unless
    MSG is False: the core gives none there, said in DESC) and, given OFFS,
    NLMSGERR_ATTR_OFFS pointing at the attribute that starts there; given
    MISS, NLMSGERR_ATTR_MISS_TYPE naming that attribute."""
    try:
        if raw is not None:
            err, tlvs, _ = g.send(g.family, cmd, raw=raw)
        else:
            err, tlvs, _ = g.req(cmd, attrs, dump=dump)
    except OSError as e:
        report(False, desc, f"request failed: {e}")
        return
    ok = err == -want_errno
    if msg and not tlvs.get(NLMSGERR_ATTR_MSG):
        ok = False
    if offs is not None:
        got = tlvs.get(NLMSGERR_ATTR_OFFS)
        ok = ok and got is not None and struct.unpack("=I", got)[0] == offs
    if miss is not None:
        got = tlvs.get(NLMSGERR_ATTR_MISS_TYPE)
        ok = ok and got is not None and struct.unpack("=I", got)[0] == miss
    want = f"want errno {want_errno}" + (f", offset {offs}" if offs is not None else "") + \
        (f", missing attribute {miss}" if miss is not None else "")
    report(ok, desc, f"{describe(err, tlvs)} ({want})")


def expect_ok(g, desc, cmd, attrs=b"", dump=False, check=None):
    err, tlvs, replies = g.req(cmd, attrs, dump=dump)
    ok = err == 0 and (check is None or check(replies))
    report(ok, desc, f"{describe(err, tlvs)}, {len(replies)} replies")
    return replies


def bad_attr_cases(g, cmd, name, valid):
    """The malformations every command must refuse: VALID is a well-formed
    attribute list for CMD (possibly empty) the bad one is appended to."""
    off = attr_offset(valid)
    expect(g, f"{name}: unknown attribute type 99", cmd,
           valid + nla(99, u32(1)), errno.EINVAL, offs=off)
    expect(g, f"{name}: attribute type 0", cmd,
           valid + nla(0, u32(1)), errno.EINVAL, offs=off)
    expect(g, f"{name}: truncated attribute header (2 bytes)", cmd,
           valid + b"\x08\x00", errno.EINVAL)
    expect(g, f"{name}: attribute length past the message's end", cmd,
           valid + nla(1, u32(1), length=64), errno.EINVAL)
    expect(g, f"{name}: attribute length below its header's (2)", cmd,
           valid + nla(1, u32(1), length=2), errno.EINVAL)


def suite_bad(g, a):
    sa = nla(A_SA_SPI, u32(a.spi))
    policy_before = g.req(CMD_POLICY_GET)[2]
    cases = [
        (CMD_DEV_GET, "dev-get", nla(A_DEV_IFINDEX, u32(a.ifindex))),
        (CMD_WORKER_GET, "worker-get", nla(A_WORKER_CPU, u32(0))),
        (CMD_SA_GET, "sa-get", sa),
        (CMD_SA_SET, "sa-set", sa + nla(A_SA_PINNED, u8(0))),
        (CMD_POLICY_GET, "policy-get", b""),
        (CMD_POLICY_SET, "policy-set", nla(A_POL_MAX_MOVES, u32(4))),
        (CMD_TUNNEL_GET, "tunnel-get", b""),
        (CMD_TUNNEL_SET, "tunnel-set", nla(A_TUN_REQID, u32(77)) + nla(A_TUN_SPRAY, u32(0))),
        (CMD_TUNNEL_DEL, "tunnel-del", nla(A_TUN_REQID, u32(77))),
    ]
    for cmd, name, valid in cases:
        bad_attr_cases(g, cmd, name, valid)

    # Wrong types.
    expect(g, "dev-get: ifindex as u8", CMD_DEV_GET,
           nla(A_DEV_IFINDEX, u8(a.ifindex)), errno.EINVAL, offs=attr_offset(b""))
    expect(g, "dev-get: ifname (reply only) without NUL", CMD_DEV_GET,
           nla(A_DEV_IFINDEX, u32(a.ifindex)) + nla(A_DEV_IFNAME, b"xlb0"),
           errno.EINVAL, offs=attr_offset(nla(A_DEV_IFINDEX, u32(a.ifindex))))
    expect(g, "worker-get: cpu as u16", CMD_WORKER_GET,
           nla(A_WORKER_CPU, u16(0)), errno.EINVAL, offs=attr_offset(b""))
    expect(g, "sa-get: spi as u64", CMD_SA_GET,
           nla(A_SA_SPI, struct.pack("=Q", a.spi)), errno.EINVAL, offs=attr_offset(b""))
    expect(g, "sa-set: dir as u32", CMD_SA_SET,
           sa + nla(A_SA_DIR, u32(2)) + nla(A_SA_PINNED, u8(0)), errno.EINVAL,
           offs=attr_offset(sa))
    expect(g, "sa-set: alg (reply only) in a request", CMD_SA_SET,
           sa + nla(A_SA_ALG, b"rfc4106(gcm(aes))\0"), errno.EINVAL, offs=attr_offset(sa))
    expect(g, "policy-set: hotspot as u8", CMD_POLICY_SET,
           nla(A_POL_HOTSPOT, u8(200)), errno.EINVAL, offs=attr_offset(b""))
    expect(g, "policy-set: u32 flagged NLA_F_NESTED", CMD_POLICY_SET,
           nla(A_POL_HOTSPOT | NLA_F_NESTED, u32(200)), errno.EINVAL, offs=attr_offset(b""))
    expect(g, "sa-set: spi as a nest of garbage", CMD_SA_SET,
           nla(A_SA_SPI | NLA_F_NESTED, nla(1, b"\xde\xad\xbe") + b"\xff" * 9),
           errno.EINVAL, offs=attr_offset(b""))

    # Out of range: the policy's range checks answer ERANGE.
    for desc, attr, val in (("placement 7", A_POL_PLACEMENT, 7),
                            ("hotspot 5", A_POL_HOTSPOT, 5),
                            ("hotspot 1001", A_POL_HOTSPOT, 1001),
                            ("interval 9 ms", A_POL_INTERVAL, 9),
                            ("spray threshold 20000", A_POL_SPRAY_THRESHOLD, 20000),
                            ("max-moves 65", A_POL_MAX_MOVES, 65),
                            ("move-cooldown 1001", A_POL_COOLDOWN, 1001)):
        expect(g, f"policy-set: {desc}", CMD_POLICY_SET, nla(attr, u32(val)),
               errno.ERANGE, offs=attr_offset(b""))
    expect(g, "sa-set: dir 3", CMD_SA_SET, sa + nla(A_SA_DIR, u8(3)) + nla(A_SA_PINNED, u8(0)),
           errno.ERANGE, offs=attr_offset(sa))
    expect(g, "sa-set: pinned 2", CMD_SA_SET, sa + nla(A_SA_PINNED, u8(2)),
           errno.ERANGE, offs=attr_offset(sa))
    expect(g, "sa-set: spray mode 3", CMD_SA_SET, sa + nla(A_SA_SPRAY, u32(3)),
           errno.ERANGE, offs=attr_offset(sa))
    expect(g, "dev-get: ifindex 0", CMD_DEV_GET, nla(A_DEV_IFINDEX, u32(0)),
           errno.ERANGE, offs=attr_offset(b""))

    # Oversized.
    expect(g, "sa-get: spi attribute of 65000 bytes", CMD_SA_GET,
           nla(A_SA_SPI, b"\x01" * 65000), errno.EINVAL, offs=attr_offset(b""))
    expect(g, "sa-get: destination address of 17 bytes", CMD_SA_GET,
           sa + nla(A_SA_DADDR, b"\xc0" * 17), errno.ERANGE, offs=attr_offset(sa))
    expect(g, "sa-get: destination address of 5 bytes", CMD_SA_GET,
           sa + nla(A_SA_DADDR, b"\xc0" * 5), errno.EINVAL, offs=attr_offset(sa))

    # What the module itself refuses.
    expect(g, "dev-get: no ifindex", CMD_DEV_GET, b"", errno.EINVAL, msg=False,
           miss=A_DEV_IFINDEX)
    expect(g, "dev-get: ifindex of a device that is not xlb", CMD_DEV_GET,
           nla(A_DEV_IFINDEX, u32(a.lower_ifindex)), errno.ENODEV, offs=attr_offset(b""))
    expect(g, "worker-get: cpu 4096", CMD_WORKER_GET, nla(A_WORKER_CPU, u32(4096)),
           errno.ENOENT, offs=attr_offset(b""))
    expect(g, "sa-set: no SPI", CMD_SA_SET, nla(A_SA_PINNED, u8(0)), errno.EINVAL,
           msg=False, miss=A_SA_SPI)
    expect(g, "sa-set: SPI of no SA", CMD_SA_SET,
           nla(A_SA_SPI, u32(0xdead)) + nla(A_SA_PINNED, u8(1)), errno.ENOENT,
           offs=attr_offset(b""))
    expect(g, "sa-get: SPI of no SA", CMD_SA_GET, nla(A_SA_SPI, u32(0xdead)),
           errno.ENOENT, offs=attr_offset(b""))
    expect(g, "sa-set: nothing to set", CMD_SA_SET, sa, errno.EINVAL)
    expect(g, "sa-set: pin to worker 4096", CMD_SA_SET, sa + nla(A_SA_WORKER, u32(4096)),
           errno.EINVAL, offs=attr_offset(sa))
    expect(g, "sa-set: pin and spray on at once", CMD_SA_SET,
           sa + nla(A_SA_WORKER, u32(0)) + nla(A_SA_SPRAY, u32(SPRAY_ON)), errno.EINVAL,
           offs=attr_offset(sa + nla(A_SA_WORKER, u32(0))))
    expect(g, "sa-set: a worker and pinned 0 at once", CMD_SA_SET,
           sa + nla(A_SA_WORKER, u32(0)) + nla(A_SA_PINNED, u8(0)), errno.EINVAL,
           offs=attr_offset(sa + nla(A_SA_WORKER, u32(0))))
    expect(g, "policy-set: nothing to set", CMD_POLICY_SET, b"", errno.EINVAL)
    expect(g, "sa-get: id 0", CMD_SA_GET, nla(A_SA_ID, struct.pack("=Q", 0)),
           errno.ERANGE, offs=attr_offset(b""))
    expect(g, "sa-get: id of no SA", CMD_SA_GET, nla(A_SA_ID, struct.pack("=Q", 1 << 60)),
           errno.ENOENT, offs=attr_offset(b""))
    expect(g, "sa-set: id of no SA", CMD_SA_SET,
           nla(A_SA_ID, struct.pack("=Q", 1 << 60)) + nla(A_SA_PINNED, u8(0)),
           errno.ENOENT, offs=attr_offset(b""))

    # Tunnel rules.
    tun = nla(A_TUN_REQID, u32(77))
    expect(g, "tunnel-set: reqid 0", CMD_TUNNEL_SET,
           nla(A_TUN_REQID, u32(0)) + nla(A_TUN_SPRAY, u32(0)), errno.ERANGE,
           offs=attr_offset(b""))
    expect(g, "tunnel-set: no reqid", CMD_TUNNEL_SET, nla(A_TUN_SPRAY, u32(0)),
           errno.EINVAL, msg=False, miss=A_TUN_REQID)
    expect(g, "tunnel-set: nothing to set", CMD_TUNNEL_SET, tun, errno.EINVAL)
    expect(g, "tunnel-set: pinned without a worker", CMD_TUNNEL_SET,
           tun + nla(A_TUN_PINNED, u8(1)), errno.EINVAL, offs=attr_offset(tun))
    expect(g, "tunnel-set: worker 4096", CMD_TUNNEL_SET,
           tun + nla(A_TUN_WORKER, u32(4096)), errno.EINVAL, offs=attr_offset(tun))
    pinned = tun + nla(A_TUN_WORKER, u32(0)) + nla(A_TUN_PINNED, u8(1))
    expect(g, "tunnel-set: pinned and spray on at once", CMD_TUNNEL_SET,
           pinned + nla(A_TUN_SPRAY, u32(SPRAY_ON)), errno.EINVAL,
           offs=attr_offset(pinned))
    expect(g, "tunnel-set: pinned 2", CMD_TUNNEL_SET,
           tun + nla(A_TUN_WORKER, u32(0)) + nla(A_TUN_PINNED, u8(2)), errno.ERANGE,
           offs=attr_offset(tun + nla(A_TUN_WORKER, u32(0))))
    expect(g, "tunnel-set: spray mode 3", CMD_TUNNEL_SET, tun + nla(A_TUN_SPRAY, u32(3)),
           errno.ERANGE, offs=attr_offset(tun))
    expect(g, "tunnel-set: weight 0", CMD_TUNNEL_SET, tun + nla(A_TUN_WEIGHT, u32(0)),
           errno.ERANGE, offs=attr_offset(tun))
    expect(g, "tunnel-set: weight 1001", CMD_TUNNEL_SET, tun + nla(A_TUN_WEIGHT, u32(1001)),
           errno.ERANGE, offs=attr_offset(tun))
    expect(g, "tunnel-get: reqid of no rule", CMD_TUNNEL_GET, tun, errno.ENOENT,
           offs=attr_offset(b""))
    expect(g, "tunnel-del: reqid of no rule", CMD_TUNNEL_DEL, tun, errno.ENOENT,
           offs=attr_offset(b""))
    expect(g, "tunnel-del: no reqid", CMD_TUNNEL_DEL, b"", errno.EINVAL, msg=False,
           miss=A_TUN_REQID)
    cpu = offline_cpu()
    if cpu is not None:
        try:
            expect(g, f"sa-set: pin to offline worker {cpu}", CMD_SA_SET,
                   sa + nla(A_SA_WORKER, u32(cpu)), errno.EINVAL, offs=attr_offset(sa))
        finally:
            with open(f"/sys/devices/system/cpu/cpu{cpu}/online", "w") as f:
                f.write("1")
    else:
        print("ok sa-set: pin to an offline worker # SKIP no CPU can go offline")

    # The core's own refusals: no extack message there.
    expect(g, "command 42 (none such): core says EOPNOTSUPP, no message", 42, b"",
           errno.EOPNOTSUPP, msg=False)
    expect(g, "a notification's command number as a request: EOPNOTSUPP, no message",
           CMD_SA_PLACED_NTF, b"", errno.EOPNOTSUPP, msg=False)
    expect(g, "message shorter than its genetlink header: EINVAL, no message",
           CMD_DEV_GET, None, errno.EINVAL, msg=False, raw=b"\x01\x01")
    expect(g, "sa-set as a dump (it has none): EOPNOTSUPP, no message", CMD_SA_SET,
           b"", errno.EOPNOTSUPP, msg=False, dump=True)
    expect(g, "dev-get dump with an unknown attribute", CMD_DEV_GET,
           nla(99, u32(1)), errno.EINVAL, dump=True, offs=attr_offset(b""))

    # Still answering, and every reply read for key material below.
    expect_ok(g, "afterwards: dev-get dump answers", CMD_DEV_GET, dump=True,
              check=lambda r: any(x.get(A_DEV_IFINDEX) == u32(a.ifindex) for x in r))
    expect_ok(g, "afterwards: sa-get dump lists the SA", CMD_SA_GET, dump=True,
              check=lambda r: any(x.get(A_SA_SPI) == u32(a.spi) for x in r))
    expect_ok(g, "afterwards: sa-get of the SA (dir out) answers", CMD_SA_GET,
              sa + nla(A_SA_DIR, u8(2)), check=lambda r: len(r) == 1)
    expect_ok(g, "afterwards: worker-get dump answers", CMD_WORKER_GET, dump=True)
    expect_ok(g, "afterwards: policy-get answers: the policy the refused sets found",
              CMD_POLICY_GET, check=lambda r: bool(r) and r == policy_before)
    expect_ok(g, "afterwards: tunnel-get dump: the refused sets left no rule",
              CMD_TUNNEL_GET, dump=True, check=lambda r: r == [])


def offline_cpu():
    """Takes the highest-numbered CPU above 0 offline; its number or None."""
    cpus = sorted(int(d[3:]) for d in os.listdir("/sys/devices/system/cpu")
                  if d.startswith("cpu") and d[3:].isdigit())
    for cpu in reversed(cpus):
        path = f"/sys/devices/system/cpu/cpu{cpu}/online"
        if cpu == 0 or not os.path.exists(path):
            continue
        try:
            with open(path, "w") as f:
                f.write("0")
            return cpu
        except OSError:
            continue
    return None


def suite_netns(g, a):
    before = g.req(CMD_POLICY_GET)[2]
    off = attr_offset(nla(A_POL_MAX_MOVES, u32(7)))
    expect(g, "policy-set of the interval from a non-initial namespace", CMD_POLICY_SET,
           nla(A_POL_MAX_MOVES, u32(7)) + nla(A_POL_INTERVAL, u32(500)), errno.EPERM,
           offs=off)
    after = g.req(CMD_POLICY_GET)[2]
    report(bool(before) and before == after,
           "the refused policy-set changed nothing (max-moves given with it included)",
           f"before {before[:1]}, after {after[:1]}")
    moves = struct.unpack("=I", before[0][A_POL_MAX_MOVES])[0] if before else 4
    expect_ok(g, "policy-set of max-moves alone works in that namespace", CMD_POLICY_SET,
              nla(A_POL_MAX_MOVES, u32(moves)))


def suite_unpriv(g, a):
    sa = nla(A_SA_SPI, u32(a.spi))
    report(os.geteuid() != 0, "runs as a user other than root", f"euid {os.geteuid()}")
    expect(g, "unprivileged sa-set: EPERM (core check, no message)", CMD_SA_SET,
           sa + nla(A_SA_PINNED, u8(0)), errno.EPERM, msg=False)
    expect(g, "unprivileged policy-set: EPERM (core check, no message)", CMD_POLICY_SET,
           nla(A_POL_MAX_MOVES, u32(4)), errno.EPERM, msg=False)
    expect(g, "unprivileged dev-get dump: EPERM", CMD_DEV_GET, b"", errno.EPERM,
           msg=False, dump=True)
    expect(g, "unprivileged dev-get: EPERM", CMD_DEV_GET,
           nla(A_DEV_IFINDEX, u32(a.ifindex)), errno.EPERM, msg=False)
    expect(g, "unprivileged worker-get dump: EPERM", CMD_WORKER_GET, b"", errno.EPERM,
           msg=False, dump=True)
    expect(g, "unprivileged sa-get dump: EPERM", CMD_SA_GET, b"", errno.EPERM,
           msg=False, dump=True)
    expect(g, "unprivileged policy-get: EPERM", CMD_POLICY_GET, b"", errno.EPERM,
           msg=False)
    expect(g, "unprivileged tunnel-set: EPERM", CMD_TUNNEL_SET,
           nla(A_TUN_REQID, u32(5)) + nla(A_TUN_SPRAY, u32(0)), errno.EPERM, msg=False)
    expect(g, "unprivileged tunnel-get dump: EPERM", CMD_TUNNEL_GET, b"", errno.EPERM,
           msg=False, dump=True)
    err = g.join("events")
    report(err == -errno.EPERM, "unprivileged join of the events group: EPERM",
           f"got {err} ({os.strerror(-err) if err else 'joined'})")

def main():
    p = argparse.ArgumentParser()
    p.add_argument("suite", choices=["bad", "netns", "unpriv"])
    p.add_argument("--ifindex", type=int, default=0)
    p.add_argument("--lower-ifindex", type=int, default=0)
    p.add_argument("--spi", type=lambda s: int(s, 0), default=0)
    p.add_argument("--key", action="append", default=[])
    a = p.parse_args()
    g = Genl()
    try:
        g.resolve()
    except OSError as e:
        report(False, "resolve the family xlb (CTRL_CMD_GETFAMILY)", e)
        return 1
    {"bad": suite_bad, "netns": suite_netns, "unpriv": suite_unpriv}[a.suite](g, a)
    for key in a.key:
        raw = bytes.fromhex(key)
        found = raw in received or key.lower().encode() in bytes(received).lower()
        report(not found, f"no bytes of key {key[:8]}... in the {len(received)} bytes of replies",
               f"key {key[:8]}...: {'FOUND' if found else 'absent'}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
