#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench-failover`, inside the VM: how long traffic stops when xlbd
# fails a tunnel over to the backup remote gateway, and when it fails back.
# A benchmark, not a test: it prints a table and asserts nothing; it fails
# only when a round could not run.
#
# The topology is failover_peer.sh's (failover_peer_topo.sh): G reaches the
# remote LAN through P1 (primary, ipsec1) or P2 (backup, ipsec2), both
# conns up and offloaded to xlb0; keepalived gives R's gateway address to
# P1, or to P2 when P1's WAN link fails. xlbd's group has its default
# detect (300 ms) and probe interval (1 s), hold-down 5 s.
#
# Each round: a datagram every $MS ms each way, L -> R and R -> L
# (bench/outage.py); P1's WAN link down (its switch port) at 2 s; 6 s
# later the streams stop and the longest silence of each is read (the
# gap between two arrivals, less one interval: from the last datagram
# through P1 to the first through P2). Then P1's link up, the same across
# the fail-back after the hold-down. L -> R is xlbd's part (detection and
# the route change); R -> L is the remote site's (keepalived moving R's
# gateway, advert_int 0.2 s). A quiet round first gives the guest's own
# jitter. The seed's figure: Protego re-establishes a tunnel on a live
# node in 0.28 s.
#
# Environment: XLB_BENCH_ROUNDS (default 3).
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh" >/dev/null
top=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${XLB_BENCH_ROUNDS:-3}
OUTAGE="$(dirname "$0")/outage.py"
XLBD=$top/userspace/xlbd
XLBCTL=$top/userspace/xlbctl
MS=2
# shellcheck disable=SC2034 # failover_peer_topo.sh's fo_line reads them
DETECT=300 PROBE_MS=1000 HOLD_DOWN=5
XLBD_PID=

die() { echo "bench-failover: $*" >&2; exit 1; }

for c in ipsec jq keepalived python3; do
	command -v "$c" >/dev/null || die "$c not installed"
done
[ -x "$XLBD" ] || die "userspace/xlbd not built"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "XLB_BENCH_ROUNDS must be a positive integer"

WORK=$(mktemp -d /tmp/xlb-failover.XXXXXX)
XLBD_LOG=$WORK/xlbd.log
S=$WORK/streams
bench_cleanup() {
	[ -z "$XLBD_PID" ] || { kill -TERM "$XLBD_PID"; wait "$XLBD_PID"; } 2>/dev/null
	cleanup_ns
	rm -rf "$WORK"
}
trap bench_cleanup EXIT
# shellcheck source=selftests/failover_peer_topo.sh
source "$(dirname "$0")/../failover_peer_topo.sh"
# shellcheck disable=SC2119 # no module parameters
load_xlb || die "cannot load xlb"

both_offloaded() {
	[ "$(ip -n "$G" xfrm state | grep -c "crypto offload parameters: dev xlb0")" -ge 4 ]
}

# shellcheck source=selftests/bench/streams.sh
source "$(dirname "$0")/streams.sh"

fp_topology || die "topology"
ka_start "$P1" 150
ka_start "$P2" 100
wait_for 30 has_vip "$P1" || die "keepalived: P1 did not take 203.0.113.254"
fp_pluto_start >/dev/null || die "pluto did not start"
xlbd_start
xlbd_ready_after "$XLBD_LOG" 0 || die "xlbd did not start"
wait_for 120 both_offloaded || die "the conns did not come up offloaded to xlb0"
wait_for 60 route_is ipsec1 || die "the route is not on ipsec1: $(route_dev)"
wait_for 30 ip netns exec "$L" ping -c 1 -W 1 203.0.113.1 || die "L does not reach R"

echo "bench-failover: $(uname -r), $(nproc) CPUs, a datagram every $MS ms each way," \
	"detect $DETECT ms, probe-interval $PROBE_MS ms, hold-down $HOLD_DOWN s, $ROUNDS rounds"
streams_start
sleep 8
streams_stop "quiet (the guest's jitter)"
for round in $(seq "$ROUNDS"); do
	streams_start
	sleep 2
	ip -n "$SW" link set p1w down
	sleep 6
	streams_stop "failover $round (P1's link)"
	route_is ipsec2 || die "round $round: no failover, the route is on $(route_dev)"
	ip -n "$SW" link set p1w up
	wait_for 30 has_vip "$P1" || die "round $round: P1 did not take 203.0.113.254 back"
	streams_start
	wait_for 60 route_is ipsec1 || die "round $round: no fail-back: $(route_dev)"
	sleep 2
	streams_stop "fail-back $round (hold-down)"
done

printf '%-27s %-50s %s\n' round "L -> R silence (xlbd)" "R -> L silence (remote VRRP)"
cat "$WORK/rows"
echo "# seed: Protego re-establishes a tunnel on a live node in 280 ms; the issue's target"
echo "# for L -> R: under 1 s, aim 300 ms. xlbctl failover at the end:"
ip netns exec "$G" "$XLBCTL" failover | sed 's/^/#   /'
echo "# xlbd's log:"
sed 's/^/#   /' "$XLBD_LOG"
