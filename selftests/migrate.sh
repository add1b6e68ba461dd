#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Offloaded SAs change worker while TCP streams run through them:
#   1. the balancer moves SAs off a hotspot again and again;
#   2. a rekey (new SAs, same reqid and selector) places the tunnel on
#      another worker, and the old SAs drain and go;
#   3. a CPU goes offline (its SAs are re-placed at once) and comes back
#      (the balancer hands it load again).
# Each time the streams arrive intact (sha256), the peer sees xlb0's ESP
# sequence numbers in order without a gap, and nothing is dropped: not in
# xlb's SA table, not by ethtool's counters, not by either end's stack.
#
# The hotspot is made, not hoped for: a nice 19 busy loop pinned to one CPU
# counts there as load the worker cannot move away (load.h, "other"), so
# that CPU's SAs leave it. Placement before a move is made deterministic
# with policy=hash and SPIs picked by where they hash.
#
# Everything waits for events (packets counted, SAs moved), not for set
# times: under TCG on a shared host, and on the debug kernel, this runs
# several times slower than planned. Python starts once per case.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3 ethtool tcpdump taskset nice awk jq

[ "$(nproc)" -ge 2 ] || skip_all "needs 2 online CPUs"
# 31 cases, with xlbctl 2 more of its monitor (else 1 skip), with CPU 1
# able to go offline 15 of hotplug (else 1 skip).
tap_plan $((31 + $([ -x "$(dirname "$0")/../userspace/xlbctl" ] && echo 2 || echo 1) +
	$([ -w /sys/devices/system/cpu/cpu1/online ] && echo 15 || echo 1)))
load_xlb
mount -t debugfs none /sys/kernel/debug 2>/dev/null
[ -r /sys/kernel/debug/xlb/sas ] || skip_all "no /sys/kernel/debug/xlb/sas"

# param NAME VALUE...: lib.sh's xlb_set_param for each pair (put back at
# exit by xlb_restore_params).
param() {
	while [ $# -ge 2 ]; do
		xlb_set_param "$1" "$2" || echo "# cannot set $1=$2"
		shift 2
	done
}

TMPD=$(mktemp -d)
XLBCTL="$(cd "$(dirname "$0")/.." && pwd)/userspace/xlbctl"
MONITOR=""	# xlbctl monitor's pid
HOG=""		# the busy loop's pid
BG=()		# other background children (streams, monitor)
OFFLINED=""	# a CPU's sysfs directory while this script has it offline

migrate_cleanup() {
	local p
	[ -n "$HOG" ] && kill "$HOG" 2>/dev/null
	for p in "${BG[@]}"; do
		kill "$p" 2>/dev/null
	done
	esp_capture_kill
	wait 2>/dev/null
	[ -n "$OFFLINED" ] && echo 1 >"$OFFLINED/online"
	xlb_restore_params
	rm -rf "$TMPD"
	cleanup_ns
}
trap migrate_cleanup EXIT

make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
# Each end receives like a NIC's queue, on one CPU in the order sent
# (lib.sh steer_rx): the peer's capture judges what xlb sent, not the
# order veth's per-CPU backlogs happened to deliver it in.
steer_rx "$PEER" veth1 0 && steer_rx "$GW" veth0 0 ||
	{ tap_result not-ok "RPS steering on the veths"; tap_finish; exit; }
esp_inner_setup
# Tunnel N (reqid N) joins 198.51.100.N on $GW's lo to 203.0.113.N on
# $PEER's lo over 192.0.2.1 <-> 192.0.2.2; esp_inner_setup made tunnel 1's.
ip -n "$GW" addr add 198.51.100.2/32 dev lo
ip -n "$PEER" addr add 203.0.113.2/32 dev lo
ip -n "$GW" route add 203.0.113.2/32 via 192.0.2.2 src 198.51.100.2
ip -n "$PEER" route add 198.51.100.2/32 via 192.0.2.1 src 203.0.113.2
O_GW=192.0.2.1
O_PEER=192.0.2.2

# sa_cmd gw|peer out|in N SPI ALGARGS: the `ip -batch` line adding one SA
# of tunnel N; out is $GW -> $PEER. $GW's SAs are offloaded to xlb0.
sa_cmd() {
	local side=$1 dir=$2 n=$3 spi=$4 alg=$5
	local src=$O_GW dst=$O_PEER sel="src 198.51.100.$n dst 203.0.113.$n" off=""
	if [ "$dir" = in ]; then
		src=$O_PEER dst=$O_GW sel="src 203.0.113.$n dst 198.51.100.$n"
	fi
	[ "$side" = gw ] && off="offload dev xlb0 dir $dir"
	echo "xfrm state add src $src dst $dst proto esp spi $spi reqid $n" \
		"mode tunnel replay-window 64 $alg $off sel $sel"
}

# sa_del_cmd out|in SPI
sa_del_cmd() {
	if [ "$1" = out ]; then
		echo "xfrm state delete src $O_GW dst $O_PEER proto esp spi $2"
	else
		echo "xfrm state delete src $O_PEER dst $O_GW proto esp spi $2"
	fi
}

# policy_cmds gw|peer N: tunnel N's out and in policies on that side.
policy_cmds() {
	local l=198.51.100.$2 r=203.0.113.$2 ol=$O_GW or=$O_PEER
	[ "$1" = peer ] && { l=203.0.113.$2 r=198.51.100.$2 ol=$O_PEER or=$O_GW; }
	echo "xfrm policy add src $l dst $r dir out tmpl src $ol dst $or proto esp reqid $2 mode tunnel"
	echo "xfrm policy add src $r dst $l dir in tmpl src $or dst $ol proto esp reqid $2 mode tunnel"
}

# tunnel_up N SPI_OUT SPI_IN: tunnel N's SAs and policies on both sides,
# and a ping through it.
tunnel_up() {
	local n=$1 out=$2 in=$3 kout kin
	kout=$(esp_alg_args gcm128-icv16) && kin=$(esp_alg_args gcm128-icv16) || return 1
	{
		sa_cmd gw out "$n" "$out" "$kout"
		sa_cmd gw in "$n" "$in" "$kin"
		policy_cmds gw "$n"
	} | ip -n "$GW" -batch - &&
	{
		sa_cmd peer out "$n" "$out" "$kout"
		sa_cmd peer in "$n" "$in" "$kin"
		policy_cmds peer "$n"
	} | ip -n "$PEER" -batch - &&
	wait_for 30 gw ping -c 1 -W 1 "203.0.113.$n"
}

# --- xlb's SA table, read once per look (lib.sh xlb_sas_read) ------------
# sa_v SPI DIR COLUMN: a value of xlb0's SA from the last xlb_sas_read,
# "none" if no such SA.
sa_v() {
	local key
	printf -v key 'xlb0 0x%08x %s %s' "$1" "$2" "$3"
	echo "${XLB_SA[$key]:-none}"
}
# sa_vs COLUMN SPI:DIR...: that column of each SA, space-separated.
sa_vs() {
	local col=$1 sd out=""
	shift
	for sd in "$@"; do
		out+=" $(sa_v "${sd%:*}" "${sd#*:}" "$col")"
	done
	echo "${out# }"
}
sa_table() {
	echo "# xlb SA table:"
	sed 's/^/#   /' /sys/kernel/debug/xlb/sas
	echo "# workers:"
	sed 's/^/#   /' /sys/kernel/debug/xlb/workers
}

# flowing SPI:DIR:N...: waits (2 minutes at most) until each SA has
# carried more than N packets.
flowing() {
	local deadline=$((SECONDS + 120)) sd spi dir n v
	for sd in "$@"; do
		IFS=: read -r spi dir n <<<"$sd"
		while :; do
			xlb_sas_read
			v=$(sa_v "$spi" "$dir" packets)
			[ "$v" != none ] && [ "$v" -gt "$n" ] && break
			[ $SECONDS -lt $deadline ] || { echo "SA $spi $dir: $v packets"; return 1; }
			sleep 0.5
		done
	done
}

# clean_sas SPI:DIR...: no errors, drops, late packets or order timeouts
# in the SA table for any of these SAs.
clean_sas() {
	local sd c v bad=0
	xlb_sas_read
	for sd in "$@"; do
		for c in errors drops late timeouts; do
			v=$(sa_v "${sd%:*}" "${sd#*:}" $c)
			if [ "$v" != 0 ]; then
				echo "SA $sd: $c $v"
				bad=1
			fi
		done
	done
	return $bad
}

# xlb_esp_clean: ethtool -S xlb0 counted no ESP error or drop.
xlb_esp_clean() {
	ip netns exec "$GW" ethtool -S xlb0 | awk '
		$1 ~ /^esp_(tx_errors|tx_dropped|rx_errors|rx_dropped|rx_auth_failed):$/ {
			if ($2 != 0) { print "ethtool -S xlb0:", $1, $2; bad = 1 }
			n++ }
		END { if (n != 5) print "expected 5 ESP error and drop counters, found", n
		      exit bad || n != 5 }'
}

# xfrm_snap: the xfrm error counters of both namespaces now, for
# stack_clean to compare with.
xfrm_snap() {
	gw cat /proc/net/xfrm_stat >"$TMPD/xfrm_stat.gw"
	peer cat /proc/net/xfrm_stat >"$TMPD/xfrm_stat.peer"
}

# stack_clean IN_SPI_GW IN_SPI_PEER...: neither end's stack dropped an
# ESP packet: no replay or auth failure on these inbound SAs (pairs: one
# of $GW, one of $PEER), and no xfrm error counter (no state for an SPI,
# bad sequence, ...) moved in either namespace since xfrm_snap.
stack_clean() {
	local d side bad=0
	while [ $# -ge 2 ]; do
		d=$(esp_sa_dropped "$GW" "$O_PEER" "$O_GW" "$1")
		[ "$d" = 0 ] || { echo "$GW SA $1 dropped ${d:-?}"; bad=1; }
		d=$(esp_sa_dropped "$PEER" "$O_GW" "$O_PEER" "$2")
		[ "$d" = 0 ] || { echo "$PEER SA $2 dropped ${d:-?}"; bad=1; }
		shift 2
	done
	for side in gw peer; do
		if $side cat /proc/net/xfrm_stat | awk -v side=$side '
			NR == FNR { was[$1] = $2; next }
			$2 != was[$1] { print side, $1, was[$1], "->", $2; found = 1 }
			END { exit !found }' "$TMPD/xfrm_stat.$side" -; then
			bad=1
		fi
	done
	return $bad
}

# several_moves M1 M2 M3 M4: the moves of 0x1001:out 0x2001:in 0x1002:out
# 0x2002:in (the first and last carry the streams' data): 3 or more in
# all, and each data SA moved at least once.
several_moves() {
	local m
	for m in "$@"; do
		[[ "$m" =~ ^[0-9]+$ ]] || return 1
	done
	[ $# -eq 4 ] && [ "$(sum "$@")" -ge 3 ] && [ "$1" -ge 1 ] && [ "$4" -ge 1 ]
}

# sum N...: their sum.
sum() {
	local t=0 v
	for v in "$@"; do
		t=$((t + v))
	done
	echo "$t"
}

# off_cpu0 CPU...: each is a CPU other than 0.
off_cpu0() {
	local c
	for c in "$@"; do
		[[ "$c" =~ ^[0-9]+$ ]] && [ "$c" -ne 0 ] || return 1
	done
}

# --- streams -------------------------------------------------------------
# Paced TCP streams of random bytes, checked by sha256, all in one Python
# process (each start of Python costs a minute on the debug kernel). Paced
# because a stream at full speed keeps both CPUs of a TCG guest busy, and
# the balancer rightly moves nothing between two full workers.
#   STOPFILE READYFILE FROM_NS,TO_NS,ADDR,RATE...
# READYFILE appears once every stream is connected; each then runs until
# STOPFILE appears. One line per stream; exit 0 if all arrived intact.
STREAMS_PY='
import ctypes, hashlib, os, socket, sys, threading, time
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(1, 15)	# PR_SET_PDEATHSIG, SIGTERM: die with the test
stop, ready = sys.argv[1], sys.argv[2]

def enter_netns(name):
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if libc.setns(fd, 0x40000000):
            raise OSError(ctypes.get_errno(), "setns " + name)
    finally:
        os.close(fd)

def send(conn, rate, out):
    digest, sent, start = hashlib.sha256(), 0, time.monotonic()
    try:
        while sent < rate * 900 and not os.path.exists(stop):
            data = os.urandom(16384)
            conn.sendall(data)
            digest.update(data)
            sent += len(data)
            ahead = sent / rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
        conn.shutdown(socket.SHUT_WR)
        conn.recv(1)
    finally:
        out["sent"] = (digest.hexdigest(), sent)

def sink(conn, out):
    digest, total = hashlib.sha256(), 0
    try:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            digest.update(data)
            total += len(data)
    finally:
        out["got"] = (digest.hexdigest(), total)
        conn.close()

threads, results = [], []
for spec in sys.argv[3:]:
    ns_from, ns_to, addr, rate = spec.split(",")
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    enter_netns(ns_to)
    srv = socket.socket(fam, socket.SOCK_STREAM)
    srv.bind((addr, 0))
    srv.listen(1)
    enter_netns(ns_from)
    cli = socket.create_connection(srv.getsockname()[:2], timeout=300)
    srv.settimeout(300)
    conn, _ = srv.accept()
    conn.settimeout(300)
    srv.close()
    out = {"name": "%s -> %s" % (ns_from, addr)}
    results.append(out)
    threads += [threading.Thread(target=send, args=(cli, int(rate), out)),
                threading.Thread(target=sink, args=(conn, out))]
open(ready, "w").close()
for t in threads:
    t.start()
for t in threads:
    t.join()
ok = True
for r in results:
    good = r.get("sent") is not None and r.get("sent") == r.get("got")
    ok = ok and good and r["sent"][1] > 0
    print("%s: sent %s, received %s%s" % (r["name"], r.get("sent"), r.get("got"),
                                        "" if good else " FAILED"))
sys.exit(0 if ok else 1)
'

# streams_start NAME FROM_NS,TO_NS,ADDR,RATE...: streams in the background,
# connected when this returns (or failed to be). streams_stop NAME ends
# them and waits; streams_ok NAME then shows and tells how they went.
declare -A STREAMS_PID STREAMS_RC
streams_start() {
	local name=$1
	shift
	rm -f "$TMPD/$name.stop" "$TMPD/$name.ready"
	python3 -c "$STREAMS_PY" "$TMPD/$name.stop" "$TMPD/$name.ready" "$@" \
		>"$TMPD/$name.out" 2>&1 &
	STREAMS_PID[$name]=$!
	BG+=($!)
	wait_for 300 test -e "$TMPD/$name.ready"
}
streams_stop() {
	touch "$TMPD/$1.stop"
	STREAMS_RC[$1]=0
	wait "${STREAMS_PID[$1]}" || STREAMS_RC[$1]=$?
}
streams_ok() {
	cat "$TMPD/$1.out"
	return "${STREAMS_RC[$1]}"
}

# hog CPU: a busy loop at nice 19 on CPU (moved there if running).
hog() {
	if [ -n "$HOG" ]; then
		taskset -p -c "$1" "$HOG" >/dev/null
	else
		nice -n 19 taskset -c "$1" bash -c 'while :; do :; done' &
		HOG=$!
	fi
}
hog_stop() {
	[ -n "$HOG" ] && kill "$HOG" 2>/dev/null && wait "$HOG" 2>/dev/null
	HOG=""
}

# --- what the peer saw ---------------------------------------------------
# capture_start NAME: ESP on $PEER's veth1, which sees what left xlb0,
# into $TMPD/NAME.pcap until esp_capture_stop.
capture_start() {
	esp_capture "$PEER" veth1 "$TMPD/$1.pcap" ||
		# esp_capture waits 10 s; tcpdump may take longer on a busy host.
		wait_for 60 grep -q "listening on" "$TMPD/$1.pcap.log"
}

# seq_check FILE SPI...: one case per SPI: the peer got its sequence
# numbers in order and without a gap.
seq_check() {
	local file=$1 spi report
	shift
	while read -r spi report; do
		check "peer got SA $(printf %#x "$spi")'s sequence numbers in order, no gap ($report)" \
			eval "[[ '$report' =~ ^packets\ [1-9][0-9]*\ reordered\ 0\ gaps\ 0$ ]]"
	done < <(esp_seq_reports "$file" "$@")
}

# Placement by hash is deterministic: try SPIs on a scratch address pair and
# keep some that land on each CPU (lib.sh spis_by_cpu: SPI_ON[cpu]).
probe_spis() {
	param policy hash
	spis_by_cpu "$O_GW" 192.0.2.9 0x5000 || return 1
	[ "$(wc -w <<<"${SPI_ON[0]:-}")" -ge 4 ] && [ "$(wc -w <<<"${SPI_ON[1]:-}")" -ge 4 ]
}
if probe_spis; then
	tap_result ok "SPIs found that hash to CPU 0 and to CPU 1"
else
	tap_result not-ok "SPIs found that hash to CPU 0 and to CPU 1"
	echo "#   CPU 0: ${SPI_ON[0]:-none}; CPU 1: ${SPI_ON[1]:-none}"
fi
read -r -a SPI0 <<<"${SPI_ON[0]:-}"
read -r -a SPI1 <<<"${SPI_ON[1]:-}"

# Nothing sprayed: a sprayed SA never moves, and "cpu" would mean less.
# A generous order timeout: under TCG one vCPU can sit still for a hundred
# milliseconds or more while the other runs (more on a busy host), and a
# head packet on the stalled CPU's worker would be skipped as stuck after
# 250 ms although nothing is wrong; a really stuck one still shows.
param spray_threshold 0 order_timeout_ms 2000

# Every outbound SA carries one TCP stream (or its ACKs) and nothing else.
# Two flows sharing an SA can reach xlb0 out of sequence order already: xfrm
# reserves a GSO packet's sequence numbers before its segments reach the
# device, and another CPU's packet may get in between. No device can undo
# that. One socket's packets reach xlb0 in order, since the socket
# serialises its transmits; then the peer's capture shows xlb's own order.
T1_FWD="$GW,$PEER,203.0.113.1"		# a stream $GW -> $PEER in tunnel 1
T2_REV="$PEER,$GW,198.51.100.2"		# and one $PEER -> $GW in tunnel 2
# bytes/s of the main streams. A third of it on the debug kernel (it has
# kmemleak): there the stack costs several times as much per packet, the
# streams alone kept the idle CPU's load near the hotspot threshold, and
# the balancer rightly found no worker to move an SA to (seen: loads 772
# and 429 after the run, no move at all).
# The busy loop stays on a CPU longer there too: samples, moving averages
# and moves all came slower (3 moves in 12 s, 4 asked for; with UBSAN and
# the lockup detectors added, 2 moves in 24 changes of 3 s).
if [ -e /sys/kernel/debug/kmemleak ]; then
	RATE=${XLB_MIGRATE_RATE:-100000} HOG_STAY=5
else
	RATE=${XLB_MIGRATE_RATE:-300000} HOG_STAY=1.5
fi

# --- 1. SAs move again and again under traffic ----------------------------
# Tunnel 1 carries a stream one way, tunnel 2 one the other way, while the
# busy loop changes CPU every HOG_STAY (1.5) s, 8 times. With the hotspot
# at 500 and no cooldown the balancer moves the SAs off whichever CPU has
# the busy loop, a few intervals after each change.
param policy adaptive hotspot_threshold 500 move_cooldown 0 max_moves 1
mig=(0x1001:out 0x2001:in 0x1002:out 0x2002:in)
if check "tunnels 1 and 2 up, SAs offloaded" \
	eval "tunnel_up 1 0x1001 0x2001 && tunnel_up 2 0x1002 0x2002"; then
	xfrm_snap
	capture_start mig
	# The operator's view of the same: xlbctl's event stream.
	if [ -x "$XLBCTL" ]; then
		"$XLBCTL" -n "$GW" -j monitor >"$TMPD/events" 2>&1 &
		MONITOR=$!
		BG+=("$MONITOR")
		sleep 1
	fi
	# Moves before the monitor listened are not its to tell.
	xlb_sas_read
	moves0=$(sa_vs moves "${mig[@]}")
	streams_start mig "$T1_FWD,$RATE" "$T2_REV,$((RATE / 2))"
	check "both streams flowing" flowing 0x1001:out:200 0x2002:in:100
	# At least 8 changes; up to 24 while the moves asked for below have
	# not come: a guest starved by its host (the debug kernel beside
	# another one) samples and moves slower (1 0 1 0 after 8 changes).
	# A KASAN kernel, where the count is not judged (below), stops at 8:
	# it is there for what KASAN and lockdep see of the moves.
	turns=24
	kasan_kernel && turns=8
	for ((turn = 0; turn < turns; turn++)); do
		hog $((turn % 2))
		sleep "$HOG_STAY"
		# What moved while the streams ran; idle SAs may keep moving after.
		xlb_sas_read
		moves=$(sa_vs moves "${mig[@]}")
		# shellcheck disable=SC2086 # a list of numbers
		((turn >= 7)) && several_moves $moves && break
	done
	echo "# $((turn < turns ? turn + 1 : turns)) changes of the busy loop's CPU"
	param max_moves 0
	hog_stop
	streams_stop mig
	esp_capture_stop
	cap_rc=$?
	check "both streams intact while the SAs moved" streams_ok mig
	# shellcheck disable=SC2086 # a list of numbers
	# More is not asked for: on the debug kernel, beside another guest,
	# the moves came slower (1 0 0 3 in one run; 8 9 7 9 on 6.1).
	# Decided by the build, never by the moves read: under KASAN the
	# balancer's samples come too slowly (1 0 0 1 and 1 2 3 0 after 24
	# changes in two runs of 2026-12-03); the moves are still printed.
	if kasan_kernel; then
		skip_case "the balancer moved the SAs 3 times or more, each stream's data SA at least once (KASAN kernel: too slow; moves: $moves)"
	else
		check "the balancer moved the SAs 3 times or more, each stream's data SA at least once (moves: $moves)" \
			several_moves $moves
	fi
	check "tcpdump on the peer lost nothing" test "$cap_rc" -eq 0
	seq_check "$TMPD/mig.pcap" 0x1001 0x1002
	if [ -n "$MONITOR" ]; then
		kill "$MONITOR" 2>/dev/null
		wait "$MONITOR" 2>/dev/null
		check "xlbctl monitor: hotspot events (worker, load above 500)" \
			jq -e -s 'any(.[]; .event == "hotspot" and .load > 500 and
				      .hotspot == 500 and .worker >= 0)' "$TMPD/events"
		check "xlbctl monitor: every move told, reason hotspot ($(jq -s \
			'[.[] | select(.event == "sa-migrated")] | length' "$TMPD/events") events)" \
			jq -e -s --argjson n $(($(sum $moves) - $(sum $moves0))) \
			'[.[] | select(.event == "sa-migrated" and .reason == "hotspot")] |
			 length >= $n' "$TMPD/events"
	else
		skip_case "xlbctl monitor (userspace/xlbctl not built)"
	fi
	check "no errors, drops, late packets or timeouts in xlb's SA table" \
		clean_sas "${mig[@]}"
	check "no ESP errors or drops in ethtool -S xlb0" xlb_esp_clean
	check "no replay, auth or state drops at either end" \
		stack_clean 0x2001 0x1001 0x2002 0x1002
	[ "$TAP_FAILED" -eq 0 ] || sa_table
fi
hog_stop
esp_teardown

# --- 2. a rekey moves the tunnel -----------------------------------------
# Tunnels 1 and 2 on CPU 0 (by hash), each carrying a stream $GW -> $PEER,
# and everything this script runs pinned to CPU 0 as well: CPU 0 is busy,
# CPU 1 idle. New SAs for tunnel 1 are added the way an IKE daemon does
# (inbound first, then outbound, both ends), then the old ones deleted.
# max_moves=0: only placement acts, and it should put the new SAs on the
# idle CPU (tunnel 1's own load counts as leaving CPU 0, tunnel 2's stays).
param policy hash max_moves 0
old_out=${SPI0[0]} old_in=${SPI0[1]} new_out=0x1101 new_in=0x2201
busy_out=${SPI0[2]} busy_in=${SPI0[3]}
MASK=$(taskset -p -c $$ | sed 's/.*: //')
if check "tunnels 1 and 2 up" \
	eval "tunnel_up 1 $old_out $old_in && tunnel_up 2 $busy_out $busy_in"; then
	xlb_sas_read
	check "all four SAs placed on CPU 0 by hash" test "$(sa_vs cpu \
		"$old_out:out" "$old_in:in" "$busy_out:out" "$busy_in:in")" = "0 0 0 0"
	param policy adaptive
	taskset -p -c 0 $$ >/dev/null
	xfrm_snap
	capture_start rekey
	streams_start rekey "$T1_FWD,$RATE" "$GW,$PEER,203.0.113.2,$RATE"
	check "both streams flowing on CPU 0" \
		flowing "$old_out:out:200" "$busy_out:out:200"
	# Two seconds for loads and costs to show it (and for add_time to
	# move on by a second or more).
	sleep 2
	loads=$(awk 'NR > 2 { printf " cpu%s %s", $1, $2 }' /sys/kernel/debug/xlb/workers)
	kout=$(esp_alg_args gcm128-icv16)
	kin=$(esp_alg_args gcm128-icv16)
	check "new inbound SAs added at both ends" eval \
		"sa_cmd gw in 1 $new_in '$kin' | ip -n $GW -batch - &&
		 sa_cmd peer out 1 $new_out '$kout' | ip -n $PEER -batch -"
	check "new outbound SAs added at both ends" eval \
		"sa_cmd gw out 1 $new_out '$kout' | ip -n $GW -batch - &&
		 sa_cmd peer in 1 $new_in '$kin' | ip -n $PEER -batch -"
	xlb_sas_read
	new_cpus=$(sa_vs cpu $new_out:out $new_in:in)
	check "traffic moved to the new SAs both ways" \
		flowing "$new_out:out:100" "$new_in:in:20"
	xlb_sas_read
	old_bad=$(sa_vs drops "$old_out:out" "$old_in:in")
	old_bad+=" $(sa_vs errors "$old_out:out" "$old_in:in")"
	old_bad+=" $(sa_vs late "$old_out:out" "$old_in:in")"
	old_bad+=" $(sa_vs timeouts "$old_out:out" "$old_in:in")"
	check "old SAs deleted at both ends" eval \
		"{ sa_del_cmd out $old_out; sa_del_cmd in $old_in; } | ip -n $GW -batch - &&
		 { sa_del_cmd out $old_out; sa_del_cmd in $old_in; } | ip -n $PEER -batch -"
	# shellcheck disable=SC2086 # two words
	check "the tunnel moved at rekey: new SAs off CPU 0 (out, in: $new_cpus; loads then:$loads)" \
		off_cpu0 $new_cpus
	xlb_sas_read
	check "placement did it: the balancer moved nothing" test "$(sa_vs moves \
		$new_out:out $new_in:in "$busy_out:out" "$busy_in:in")" = "0 0 0 0"
	check "old SAs gone from xlb's table" \
		test "$(sa_vs cpu "$old_out:out" "$old_in:in")" = "none none"
	check "old SAs had no drops, errors, late packets or timeouts ($old_bad)" \
		test "$old_bad" = "0 0 0 0 0 0 0 0"
	# Traffic on the new SAs alone for a while, then the end.
	xlb_sas_read
	flowing "$new_out:out:$(($(sa_v $new_out out packets) + 200))"
	streams_stop rekey
	esp_capture_stop
	cap_rc=$?
	taskset -p -c "$MASK" $$ >/dev/null
	check "both streams intact across the rekey" streams_ok rekey
	check "tcpdump on the peer lost nothing" test "$cap_rc" -eq 0
	seq_check "$TMPD/rekey.pcap" "$old_out" $new_out "$busy_out"
	check "no errors, drops, late packets or timeouts in xlb's SA table" \
		clean_sas $new_out:out $new_in:in "$busy_out:out" "$busy_in:in"
	check "no ESP errors or drops in ethtool -S xlb0" xlb_esp_clean
	check "no replay, auth or state drops at either end" \
		stack_clean $new_in $new_out "$busy_in" "$busy_out"
	[ "$TAP_FAILED" -eq 0 ] || sa_table
fi
taskset -p -c "$MASK" $$ >/dev/null
esp_teardown

# --- 3. CPU 1 offline and online under traffic ---------------------------
# Tunnels 1 and 2 on CPU 1 (by hash), a stream each way. CPU 1 goes
# offline: its SAs go to CPU 0 (another CPU) at once. It comes back: with
# the busy loop on CPU 0 and the hotspot at 500, the balancer hands CPU 1
# SAs again.
CPU1=/sys/devices/system/cpu/cpu1
if [ ! -w "$CPU1/online" ]; then
	skip_case "CPU 1 cannot go offline: no hotplug case"
else
	param policy hash max_moves 0
	hp=("${SPI1[0]}:out" "${SPI1[1]}:in" "${SPI1[2]}:out" "${SPI1[3]}:in")
	# hp_on_cpu1 yes|no: whether any of the four SAs is on CPU 1.
	hp_on_cpu1() {
		local cpus
		xlb_sas_read
		cpus=" $(sa_vs cpu "${hp[@]}") "
		if [ "$1" = yes ]; then
			[[ "$cpus" == *" 1 "* ]]
		else
			[[ "$cpus" != *" 1 "* && "$cpus" != *none* ]]
		fi
	}
	hp_moves() {
		local m n=0
		xlb_sas_read
		for m in $(sa_vs moves "${hp[@]}"); do
			n=$((n + m))
		done
		echo $n
	}
	if check "tunnels 1 and 2 up, all SAs on CPU 1" eval \
		"tunnel_up 1 ${SPI1[0]} ${SPI1[1]} && tunnel_up 2 ${SPI1[2]} ${SPI1[3]} &&
		 xlb_sas_read && test \"\$(sa_vs cpu ${hp[*]})\" = '1 1 1 1'"; then
		param policy adaptive hotspot_threshold 500 move_cooldown 0
		xfrm_snap
		capture_start hotplug
		streams_start hotplug "$T1_FWD,$RATE" "$T2_REV,$((RATE / 2))"
		check "both streams flowing" flowing "${SPI1[0]}:out:200" "${SPI1[3]}:in:100"
		OFFLINED=$CPU1
		check "CPU 1 goes offline under traffic" eval "echo 0 >$CPU1/online"
		check "its SAs re-placed on other CPUs" wait_for 20 hp_on_cpu1 no
		xlb_sas_read
		check "traffic flows with CPU 1 offline" \
			flowing "${SPI1[0]}:out:$(($(sa_v "${SPI1[0]}" out packets) + 200))"
		moves_before=$(hp_moves)
		check "CPU 1 comes back online" eval "echo 1 >$CPU1/online"
		OFFLINED=""
		# Everything of this test's stays on CPU 0 with the busy loop:
		# the scheduler would otherwise spread the streams' threads onto
		# the new CPU, and on the debug kernel their stack work alone
		# kept CPU 1 above the hotspot (762 while CPU 0 had 1000), so
		# the balancer rightly had nowhere to move to.
		taskset -a -p -c 0 "${STREAMS_PID[hotplug]}" >/dev/null
		taskset -p -c 0 $$ >/dev/null
		param max_moves 1
		hog 0
		check "CPU 1 takes load again: the balancer moves SAs there" \
			wait_for 60 hp_on_cpu1 yes
		moves_after=$(hp_moves)
		xlb_sas_read
		check "those were moves by the balancer (moves $moves_before -> $moves_after, cpus $(sa_vs cpu "${hp[@]}"))" \
			test "$moves_after" -gt "$moves_before"
		flowing "${SPI1[0]}:out:$(($(sa_v "${SPI1[0]}" out packets) + 200))"
		param max_moves 0
		hog_stop
		streams_stop hotplug
		taskset -p -c "$MASK" $$ >/dev/null
		esp_capture_stop
		cap_rc=$?
		check "both streams intact across offline and online" streams_ok hotplug
		check "tcpdump on the peer lost nothing" test "$cap_rc" -eq 0
		seq_check "$TMPD/hotplug.pcap" "${SPI1[0]}" "${SPI1[2]}"
		check "no errors, drops, late packets or timeouts in xlb's SA table" \
			clean_sas "${hp[@]}"
		check "no ESP errors or drops in ethtool -S xlb0" xlb_esp_clean
		check "no replay, auth or state drops at either end" \
			stack_clean "${SPI1[1]}" "${SPI1[0]}" "${SPI1[3]}" "${SPI1[2]}"
		[ "$TAP_FAILED" -eq 0 ] || sa_table
	fi
	hog_stop
	esp_teardown
fi

check "kernel log has no warning, bug or splat" kernel_log_clean
tap_finish
