#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Prints the table of `make bench` from the raw results bench.sh collected:
table.py RUN_DIR... (one directory per run of every case; with more than
one, each run's tables and then every ratio to stock run by run, with its
spread).

One-way cases (oneway<N>/): meta (kind, label, xlb parameters, inner
packet size), t0/t1 (time), rx0/rx1 (the peer's veth1 rx packets),
stat0/1, ethtool0/1, workers, xfrm and sas as below; aead_generic0/1
the generic AEAD's speed per CPU before and after them, or oneway-skipped
saying why there are none.

Per TCP case directory (case<N>/): meta (kind, SAs, label, xlb parameters, streams per
tunnel), iperf<i>.json, stat0/1 (/proc/stat before and after the clients
ran), ethtool0/1 (ethtool -S xlb0), workers and sas_mid (xlb's debugfs
views of the workers and SAs mid-run), xfrm (ip -s xfrm state of the
gateway afterwards), sas (xlb's debugfs SA table afterwards).
Exit status 1 if a case produced no throughput at all, else 0; nothing is
judged about speed.
"""

import json
import os
import re
import sys


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def cpu_times(text):
    """{cpuN: (busy, total)} in jiffies from /proc/stat."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"^(cpu\d+)\s+(.*)", line)
        if not m:
            continue
        v = [int(x) for x in m.group(2).split()[:8]]
        total = sum(v)
        idle = v[3] + v[4]
        out[m.group(1)] = (total - idle, total)
    return out


def cpu_seconds(stat0, stat1):
    """Busy CPU-seconds of all CPUs together between the two /proc/stat
    snapshots (USER_HZ, 100 a second)."""
    a, b = cpu_times(stat0), cpu_times(stat1)
    return sum(b[c][0] - a[c][0] for c in b if c in a) / 100.0


def busy(stat0, stat1):
    a, b = cpu_times(stat0), cpu_times(stat1)
    res = []
    for cpu in sorted(b, key=lambda c: int(c[3:])):
        if cpu not in a:
            res.append((cpu, None))
            continue
        db, dt = b[cpu][0] - a[cpu][0], b[cpu][1] - a[cpu][1]
        res.append((cpu, db / dt if dt > 0 else None))
    return res


def window(p):
    """(seconds, spread): the widest time the two snapshots' counters can
    span (snapshot 0's begin to snapshot 1's end), and the longest either
    snapshot took to read. A delta of busy time over it is at most 1 per
    CPU (plus one worker batch in flight at a snapshot)."""
    try:
        b0, e0, b1, e1 = (float(read(os.path.join(p, "snap%s" % n)))
                          for n in ("0-begin", "0-end", "1-begin", "1-end"))
    except ValueError:
        return 0.0, 0.0
    return e1 - b0, max(e0 - b0, e1 - b1)


def per_gb(cpu_s, nbytes):
    """The CPU-seconds-per-GB cell: @cpu_s busy CPU-seconds for @nbytes
    bytes delivered."""
    return "%.1f" % (cpu_s / (nbytes / 1e9)) if nbytes else "-"


def window_note(windows):
    """The note under a table on what its worker busy shares are taken
    over: @windows, each case's window() (seconds, spread)."""
    print("worker busy: ethtool -S workerN_busy_us deltas over the widest window the two")
    print("snapshots can span (%s s; reading a snapshot took up to %s s), so at most"
          % ("/".join("%.1f" % w for w, _ in windows) or "?",
             "/".join("%.1f" % sp for _, sp in windows) or "?"))
    print("100% each; their sum in cores in brackets.")


def ethtool(text):
    out = {}
    for line in text.splitlines():
        m = re.match(r"^\s*(\S+):\s*(\d+)\s*$", line)
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


def iperf(path):
    """(bits per second received, bytes received, error or None)."""
    try:
        j = json.loads(read(path))
    except ValueError:
        return 0.0, 0, "no JSON from iperf3"
    if "error" in j:
        return 0.0, 0, j["error"]
    s = j.get("end", {}).get("sum_received", {})
    return float(s.get("bits_per_second", 0)), int(s.get("bytes", 0)), None


def esp_bytes_from(xfrm_text, src):
    """Bytes through the gateway's SAs from outer address @src (192.0.2.1:
    its outbound SAs, 192.0.2.2: its inbound ones), and how many of its SAs
    are offloaded to xlb0."""
    total, outbound, offloaded = 0, False, 0
    lines = xfrm_text.splitlines()
    for k, line in enumerate(lines):
        m = re.match(r"^src (\S+) dst (\S+)", line)
        if m:
            outbound = m.group(1) == src
        if "crypto offload parameters: dev xlb0" in line:
            offloaded += 1
        if "lifetime current:" in line and outbound and k + 1 < len(lines):
            m = re.match(r"\s*(\d+)\(bytes\)", lines[k + 1])
            if m:
                total += int(m.group(1))
    return total, offloaded


def aead_ceiling(text):
    """One CPU's raw AEAD speed in bit/s: the slowest CPU's, or None."""
    rates = [float(m.group(1)) for m in re.finditer(r"([0-9.]+) MB/s", text)]
    return min(rates) * 8e6 if rates else None


def aead_rates(text):
    """[(cpu, MB/s, driver)] from xlb_aead_bench's lines."""
    return [(int(m.group(1)), float(m.group(3)), m.group(2)) for m in re.finditer(
        r"cpu (\d+): \S+ \((\S+)\) encrypt \d+ B: .*?([0-9.]+) MB/s", text)]


def oneway(res, ncpu_hint, ratios):
    """The one-way, crypto-bound cases: prints their table, puts each xlb
    case's ratio to stock into @ratios; False if one of them carried
    nothing."""
    skipped = read(os.path.join(res, "oneway-skipped")).strip()
    cases = sorted((d for d in os.listdir(res) if d.startswith("oneway")
                    and os.path.isdir(os.path.join(res, d))), key=lambda d: int(d[6:]))
    if not cases and not skipped:
        return True
    print("One SA beyond one core: UDP one way through one outbound SA, generic AES-GCM-128")
    print("(AES-NI and CLMUL kept unloaded), 32000-byte MTU, the peer only counts the ESP packets:")
    if skipped:
        print("  " + skipped)
        print()
        return True
    before = aead_rates(read(os.path.join(res, "aead_generic0")))
    after = aead_rates(read(os.path.join(res, "aead_generic1")))
    size = None
    print("Raw AEAD per CPU, same implementation and size:")
    for name, rates in (("before", before), ("after", after)):
        print("  %-6s %s" % (name, ", ".join("cpu%d %.1f MB/s" % (c, r) for c, r, _ in rates)
                             or "(not measured)"))
    drivers = sorted({d for _, _, d in before + after})
    if drivers:
        print("  driver: " + ", ".join(drivers))
    ceiling = max((r for _, r, _ in before + after), default=None)
    rows, ok = [], True
    for d in cases:
        p = os.path.join(res, d)
        meta = read(os.path.join(p, "meta")).splitlines() + [""] * 4
        kind, label, params, size = meta[0], meta[1], meta[2], int(meta[3] or 0)
        err = read(os.path.join(p, "error")).strip()
        try:
            dt = float(read(os.path.join(p, "t1"))) - float(read(os.path.join(p, "t0")))
            pkts = int(read(os.path.join(p, "rx1"))) - int(read(os.path.join(p, "rx0")))
        except ValueError:
            dt, pkts = 0.0, 0
        mbs = pkts * size / dt / 1e6 if dt > 0 else 0.0
        e0 = ethtool(read(os.path.join(p, "ethtool0")))
        e1 = ethtool(read(os.path.join(p, "ethtool1")))
        stat0, stat1 = read(os.path.join(p, "stat0")), read(os.path.join(p, "stat1"))
        cpus = busy(stat0, stat1)
        win = window(p)
        wb = [(e1.get("worker%d_busy_us" % c, 0) - e0.get("worker%d_busy_us" % c, 0)) / (win[0] * 1e6)
              if win[0] > 0 else 0.0 for c in range(len(cpus))]
        esp_bytes, offloaded = esp_bytes_from(read(os.path.join(p, "xfrm")), "192.0.2.1")
        if offloaded != (1 if kind == "xlb" else 0):
            err = (err + "; " if err else "") + "%d SAs offloaded to xlb0" % offloaded
        if esp_bytes < pkts * size:
            err = (err + "; " if err else "") + \
                "the SA carried %d bytes, the peer got %d: not all through the SA?" % (
                    esp_bytes, pkts * size)
        rows.append(dict(id=d[6:], kind=kind, label=label, mbs=mbs, dt=dt, err=err,
                         cpus=cpus, wb=wb, window=win, cpu_s=cpu_seconds(stat0, stat1),
                         nbytes=pkts * size))
        if mbs <= 0:
            ok = False
    stock = next((r["mbs"] for r in rows if r["kind"] == "stock" and r["mbs"] > 0), None)
    one = next((r["mbs"] for r in rows if "1 worker" in r["label"] and r["mbs"] > 0), None)
    print()
    ncpu = max((len(r["cpus"]) for r in rows), default=ncpu_hint)
    head = "%-3s %-28s %6s %8s %9s %8s %8s  %s  %s" % (
        "#", "case", "MB/s", "vs stock", "vs 1 wkr", "vs core", "CPU-s/GB",
        " ".join("%5s" % ("cpu%d" % c) for c in range(ncpu)), "worker busy (sum, cores)")
    print(head)
    print("-" * len(head))
    for r in rows:
        def ratio(base):
            return "%.2fx" % (r["mbs"] / base) if base and r["mbs"] else "-"
        cpus = " ".join("%4.0f%%" % (100 * f) if f is not None else "%5s" % "?"
                        for _, f in r["cpus"])
        workers = ""
        if r["kind"] == "xlb":
            workers = "%s (%.2f)" % ("/".join("%.0f%%" % (100 * b) for b in r["wb"]), sum(r["wb"]))
        print("o%-2s %-28s %6.1f %8s %9s %8s %8s  %s  %s" % (
            r["id"], r["label"], r["mbs"], ratio(stock), ratio(one), ratio(ceiling),
            per_gb(r["cpu_s"], r["nbytes"]), cpus, workers))
        if r["kind"] == "xlb" and stock and r["mbs"]:
            ratios["o%s %s" % (r["id"], r["label"])] = r["mbs"] / stock
        if r["err"]:
            print("o%s: %s" % (r["id"], r["err"]))
    print()
    print("MB/s: inner IP bytes (%s per packet) the peer received, per second, over %s s"
          % (size or "?", "/".join("%.1f" % r["dt"] for r in rows) or "?"))
    print("of steady state. vs core: over the fastest one-CPU AEAD rate above; above 1.00x")
    print("the SA's packets were encrypted faster than any one CPU can encrypt. CPU-s/GB:")
    print("the guest's busy CPU-seconds, all CPUs, per 10^9 bytes the peer received.")
    window_note([r["window"] for r in rows if r["kind"] == "xlb"])
    print()
    return ok


def main(res, ratios):
    """Prints one run's tables; each xlb case's ratio to its stock case
    goes into @ratios. Returns the exit status."""
    info = dict(line.split(" ", 1) for line in read(os.path.join(res, "info")).splitlines()
                if " " in line)
    cases = sorted((d for d in os.listdir(res) if d.startswith("case")),
                   key=lambda d: int(d[4:]))
    rows, failed = [], False
    stock = {}
    for d in cases:
        p = os.path.join(res, d)
        meta = read(os.path.join(p, "meta")).splitlines() + [""] * 6
        kind, n, label, params, streams, mode = meta[:6]
        n = int(n)
        bps, rx_bytes, errors = 0.0, 0, []
        for i in range(1, n + 1):
            b, by, err = iperf(os.path.join(p, "iperf%d.json" % i))
            bps += b
            rx_bytes += by
            if err:
                errors.append("client %d: %s" % (i, err))
        err = read(os.path.join(p, "error")).strip()
        if err:
            errors.insert(0, err)
        if kind == "stock" and bps > 0:
            stock[(n, streams, mode)] = bps
        e0, e1 = ethtool(read(os.path.join(p, "ethtool0"))), ethtool(read(os.path.join(p, "ethtool1")))
        delta = {k: e1[k] - e0.get(k, 0) for k in e1}
        esp_bytes, offloaded = esp_bytes_from(read(os.path.join(p, "xfrm")),
                                              "192.0.2.2" if mode == "fwd-in" else "192.0.2.1")
        stat0, stat1 = read(os.path.join(p, "stat0")), read(os.path.join(p, "stat1"))
        rows.append(dict(id=d[4:], kind=kind, n=n, label=label, params=params,
                         streams=streams, mode=mode, bps=bps, rx_bytes=rx_bytes, errors=errors,
                         busy=busy(stat0, stat1), cpu_s=cpu_seconds(stat0, stat1),
                         delta=delta, esp_bytes=esp_bytes, offloaded=offloaded,
                         window=window(p),
                         sas=read(os.path.join(p, "sas")),
                         sas_mid=read(os.path.join(p, "sas_mid")),
                         workers=read(os.path.join(p, "workers"))))
        if bps <= 0:
            failed = True

    print()
    print("xlb benchmark: AES-GCM-128 (ICV 16) IPv4 tunnel-mode ESP, GW -> PEER")
    print("%s, kernel %s, %s CPUs (%s), %s s per case, vCPU threads: TCG %s"
          % (info.get("date", "?"), info.get("kernel", "?"), info.get("cpus", "?"),
             info.get("cpu_model", "?"), info.get("time", "?"), info.get("tcg_thread", "?")))
    print()
    if not oneway(res, 0, ratios):
        failed = True
    aead = read(os.path.join(res, "aead")).strip()
    ceiling = aead_ceiling(aead)
    print("TCP: iperf3 through tunnels, AES-NI and CLMUL loaded as a gateway's udev would.")
    print("Raw AEAD per CPU (xlb_aead_bench, 1400-byte buffers, encrypt in place, 1 s per CPU):")
    for line in aead.splitlines() or ["  (not measured)"]:
        print("  " + line.replace("xlb_aead_bench: ", ""))
    print()

    ncpu = max((len(r["busy"]) for r in rows), default=0)
    head = "%-2s %-36s %7s %8s %7s %8s  %s  %s" % (
        "#", "case", "Mbit/s", "vs stock", "vs AEAD", "CPU-s/GB",
        " ".join("%5s" % ("cpu%d" % c) for c in range(ncpu)),
        "worker busy (sum)  packets per worker  inline  busy  dropped")
    print(head)
    print("-" * len(head))
    for r in rows:
        base = stock.get((r["n"], r["streams"], r["mode"]))
        ratio = "%7.2fx" % (r["bps"] / base) if base and r["bps"] else "%8s" % "-"
        if r["kind"] == "xlb" and base and r["bps"]:
            ratios["%s %s" % (r["id"], r["label"])] = r["bps"] / base
        vs_aead = "%6.2fx" % (r["bps"] / ceiling) if ceiling and r["bps"] else "%7s" % "-"
        cpus = " ".join("%4.0f%%" % (100 * f) if f is not None else "%5s" % "?"
                        for _, f in r["busy"])
        extra = ""
        d = r["delta"]
        if r["kind"] == "xlb":
            win = r["window"][0]
            wb = [d.get("worker%d_busy_us" % c, 0) / (win * 1e6) if win > 0 else 0.0
                  for c in range(ncpu)]
            proc = [d.get("worker%d_processed" % c, 0) for c in range(ncpu)]
            tot = sum(proc)
            share = "/".join("%.0f" % (100.0 * v / tot) for v in proc) if tot else "none"
            def both(k, d=d):
                return d.get("esp_tx_" + k, 0) + d.get("esp_rx_" + k, 0)
            pkts = both("packets")
            extra = "%s (%.2f)  %s%%  %5.1f%%  %4.0f%%  %d" % (
                "/".join("%.0f%%" % (100 * b) for b in wb), sum(wb), share,
                100.0 * both("inline") / pkts if pkts else 0,
                100.0 * both("busy_inline") / pkts if pkts else 0,
                both("dropped"))
        print("%-2s %-36s %7.1f %s %s %8s  %s  %s" % (r["id"], r["label"], r["bps"] / 1e6,
                                                     ratio, vs_aead,
                                                     per_gb(r["cpu_s"], r["rx_bytes"]), cpus, extra))

    print()
    print("vs stock: against the stock case with the same tunnels, streams and direction")
    print("in this run.")
    print("vs AEAD: throughput over one CPU's raw AEAD speed (the slowest CPU above):")
    print("above 1.00x, one core's crypto could not have carried it.")
    print("CPU-s/GB: the guest's busy CPU-seconds, all CPUs, per 10^9 bytes iperf3 received.")
    print("cpuN: busy fraction of each guest CPU over the run (/proc/stat, 1 - idle/total).")
    window_note([r["window"] for r in rows if r["kind"] == "xlb"])
    print("packets per worker: share of packets each worker processed. inline: ESP")
    print("packets (both directions) crypted in the sender's or receiver's context because")
    print("a worker's queue was full; busy: crypted there by choice, every CPU at least")
    print("inline_busy loaded; dropped: esp_tx_dropped + esp_rx_dropped.")
    for r in rows:
        problems = list(r["errors"])
        if r["rx_bytes"] and r["esp_bytes"] < 0.9 * r["rx_bytes"]:
            problems.append("only %d ESP bytes out for %d bytes received: traffic bypassed the tunnel?"
                            % (r["esp_bytes"], r["rx_bytes"]))
        want = 2 * r["n"] if r["kind"] == "xlb" else 0
        if r["offloaded"] != want:
            problems.append("%d SAs offloaded to xlb0, expected %d" % (r["offloaded"], want))
        for prob in problems:
            print("case %s: %s" % (r["id"], prob))
    print()
    print("Per xlb case: parameters, streams per tunnel, outbound SAs (forwarding cases: all) at the end")
    print("(spi@cpu, sprayed, moves, packets), each SA's cost mid-run, and the workers'")
    print("load mid-run (debugfs):")
    for r in rows:
        if r["kind"] != "xlb":
            continue
        sas = []
        lines = r["sas"].splitlines()
        col = {name: i for i, name in enumerate(lines[0].split())} if lines else {}
        for line in lines[1:]:
            f = line.split()
            # The forwarding cases: both directions, each measured alone.
            if len(f) < len(col) or (f[col["dir"]] != "out" and not r["mode"]):
                continue
            sas.append("%s%s@cpu%s%s%s:%s" % (
                f[col["spi"]], "/in" if f[col["dir"]] == "in" else "", f[col["cpu"]],
                " sprayed" if f[col["sprayed"]] == "1" else "",
                " moved %s" % f[col["moves"]] if f[col["moves"]] != "0" else "",
                f[col["packets"]]))
        cost = []
        lines = r["sas_mid"].splitlines()
        mid = {name: i for i, name in enumerate(lines[0].split())} if lines else {}
        for line in lines[1:]:
            f = line.split()
            if len(f) >= len(mid) and "cost" in mid:
                cost.append("%s/%s %s" % (f[mid["spi"]], f[mid["dir"]], f[mid["cost"]]))
        print("  case %s: %s; streams %s" % (r["id"], r["params"] or "defaults",
                                           r["streams"] or "1"))
        print("    " + (" ".join(sas) or "-"))
        print("    cost mid-run (thousandths of a worker): " + (", ".join(cost) or "-"))
        for line in r["workers"].splitlines()[1:]:
            print("    " + line)
    return 1 if failed else 0


def spread(runs):
    """The ratios of every run side by side, and their spread (max - min):
    the machine is shared and noisy, so a ratio is worth what its spread
    allows."""
    print()
    print("Ratios to stock, run by run (each run its own stock case), and their spread:")
    labels = []
    for r in runs:
        labels += [k for k in r if k not in labels]
    head = "%-44s %s  %s" % ("case", " ".join("%7s" % ("run %d" % (i + 1)) for i in range(len(runs))),
                             "spread")
    print(head)
    print("-" * len(head))
    for k in labels:
        v = [r.get(k) for r in runs]
        got = [x for x in v if x is not None]
        print("%-44s %s  %s" % (k[:44], " ".join("%6.2fx" % x if x is not None else "%7s" % "-"
                                                for x in v),
                                "%.2f" % (max(got) - min(got)) if len(got) > 1 else "-"))


if __name__ == "__main__":
    runs, rc = [], 0
    for i, res in enumerate(sys.argv[1:]):
        if len(sys.argv) > 2:
            print()
            print("=== run %d of %d" % (i + 1, len(sys.argv) - 1))
        runs.append({})
        rc |= main(res, runs[-1])
    if len(runs) > 1:
        spread(runs)
    sys.exit(rc)
