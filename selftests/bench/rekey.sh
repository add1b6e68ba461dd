#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench-rekey`, inside the VM: what a libreswan tunnel loses when it
# rekeys under load, stock software ESP against xlb with xlbd. A benchmark,
# not a test: it prints a table and asserts nothing; it fails only when a
# case could not run.
#
#   $GW: 198.51.100.1, IKE on 192.0.2.1  ==ESP==>  $PEER: 203.0.113.1, 192.0.2.2
#
# Cases: "stock", 192.0.2.1 on veth0 and the SAs in software; "xlb", on
# xlb0 with nic-offload=yes, xlbd placing the conn's SAs on the least
# loaded of all workers (tunnel conn ... workers FIRST-LAST). Each case
# runs iperf3 TCP from $GW to $PEER twice, $T s each: salifetime=1h (no
# rekey) and salifetime=${LIFE}s with rekeymargin=5s (a rekey every
# LIFE-5 s, by $GW; $PEER's own lifetime is long, so only $GW rekeys).
# Per run: Mbit/s, TCP retransmissions, rekeys, ESP packets each way and
# those lost (selftests/xfrm_ledger.py: the receiver's count against the
# sender's sequence numbers, SA by SA, old SAs included), and the
# xfrm_stat counters that moved.
#
# Environment: XLB_BENCH_TIME seconds per run (default 60),
# XLB_BENCH_SALIFETIME seconds (default 20, at least 10).
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh" >/dev/null
top=$(cd "$(dirname "$0")/../.." && pwd)
T=${XLB_BENCH_TIME:-60}
LIFE=${XLB_BENCH_SALIFETIME:-20}
XLBD=$top/userspace/xlbd
CONN=bench

die() { echo "bench-rekey: $*" >&2; exit 1; }

for c in iperf3 ipsec jq python3; do
	command -v "$c" >/dev/null || die "$c not installed"
done
[ -x "$XLBD" ] || die "userspace/xlbd not built"
[[ "$T" =~ ^[1-9][0-9]*$ ]] || die "XLB_BENCH_TIME must be a positive integer"
[[ "$LIFE" =~ ^[1-9][0-9]+$ ]] || die "XLB_BENCH_SALIFETIME must be 10 or more"

RES=$(mktemp -d /tmp/xlb-rekey.XXXXXX)
trap 'stop_xlbd; cleanup_ns; rm -rf "$RES"' EXIT
# shellcheck disable=SC2119 # no module parameters
load_xlb || die "cannot load xlb"
FIRST=$(cut -d, -f1 /sys/devices/system/cpu/online | cut -d- -f1)
LAST=$(awk -F'[-,]' '{ print $NF }' /sys/devices/system/cpu/online)

# tunnel_up CASE LIFETIME: pluto at both ends, the tunnel initiated by $GW.
tunnel_up() {
	local offload=no
	[ "$1" = xlb ] && offload=yes
	pluto_start "$GW" "$(pluto_conn "$CONN" "$offload" "salifetime=$2" \
		rekeymargin=5s rekeyfuzz=0%)" "$PLUTO_SECRETS" || return 1
	pluto_start "$PEER" "$(pluto_conn "$CONN" no salifetime=1h)" "$PLUTO_SECRETS" ||
		return 1
	pluto_whack "$GW" --name "$CONN" --initiate >/dev/null || return 1
	wait_for 60 two_sas
}
two_sas() { [ "$(ip -n "$GW" xfrm state | grep -c "^src")" -eq 2 ]; }
iperf3_listens() { ip netns exec "$PEER" ss -ltn | grep -q ":5201 "; }

start_xlbd() {
	printf 'device xlb0\nlibreswan ctlsocket %s\nlibreswan check 600\ntunnel conn %s workers %s-%s\n' \
		"$(pluto_dir "$GW")/run/pluto.ctl" "$CONN" "$FIRST" "$LAST" >"$RES/xlbd.conf"
	: >"$RES/xlbd.log"
	ip netns exec "$GW" "$XLBD" -f "$RES/xlbd.conf" --foreground >/dev/null 2>>"$RES/xlbd.log" &
	XLBD_PID=$!
	wait_for 20 grep -q "ready: " "$RES/xlbd.log"
}

# run CASE LIFETIME LABEL: one iperf3 run; its row and details into $RES.
run() {
	local out=$RES/$1-${3// /-} mbps retr rekeys
	if [ "$1" = xlb ]; then pluto_topology xlb; else pluto_topology veth; fi ||
		die "$1: topology"
	tunnel_up "$1" "$2" || die "$1: tunnel not up"
	if [ "$1" = xlb ]; then
		[ "$(ip -n "$GW" xfrm state | grep -c "crypto offload parameters: dev xlb0")" = 2 ] ||
			die "xlb: the SAs are not offloaded to xlb0"
		start_xlbd || die "xlbd did not start"
	fi
	ledger_start "$GW" "$out.gw"
	ledger_start "$PEER" "$out.peer"
	ip netns exec "$PEER" iperf3 -s -1 -B 203.0.113.1 >/dev/null 2>&1 &
	local server=$!
	wait_for 10 iperf3_listens
	ip netns exec "$GW" iperf3 -c 203.0.113.1 -B 198.51.100.1 -t "$T" -J >"$out.json" ||
		die "$1 $3: iperf3 failed: $(jq -r .error "$out.json" 2>/dev/null)"
	wait "$server"
	sleep 1
	{
		ledger_stop "$GW" "$out.gw"
		ledger_stop "$PEER" "$out.peer"
	} | sed 's/^# //' >"$out.stat"
	python3 "$XFRM_LEDGER" compare "$out.gw" "$out.peer" \
		--larval "$(ledger_larval "$out.gw")" "$(ledger_larval "$out.peer")" >"$out.ledger"
	mbps=$(jq '.end.sum_received.bits_per_second / 1e6 | floor' "$out.json")
	retr=$(jq '.end.sum_sent.retransmits' "$out.json")
	# $GW's outbound SAs, each rekey one more.
	rekeys=$(grep -c '^192\.0\.2\.1 ' "$out.ledger")
	rekeys=$((rekeys - 1))
	printf '%-6s %-15s %7s %7s %6s %s\n' "$1" "$3" "$mbps" "$retr" "$rekeys" \
		"$(grep '^A to B' "$out.ledger" | sed 's/A to B/GW->PEER/')" >>"$RES/rows"
	printf '%-6s %-15s %7s %7s %6s %s\n' "" "" "" "" "" \
		"$(grep '^B to A' "$out.ledger" | sed 's/B to A/PEER->GW/')" >>"$RES/rows"
	if [ "$1" = xlb ]; then
		grep -o "born on worker [0-9]*" "$RES/xlbd.log" | sort | uniq -c |
			awk -v l="$3" '{ printf "#   xlb %s: %d SAs %s\n", l, $1, $2 " " $3 " " $4 " " $5 }' >>"$RES/placement"
		printf '#   xlb %s: xlb0 held %s ESP packets for larval SAs, %s of them expired\n' \
			"$3" "$(xlb_stat "$GW" xlb0 esp_rx_larval_held)" \
			"$(xlb_stat "$GW" xlb0 esp_rx_larval_expired)" >>"$RES/placement"
		stop_xlbd
	fi
	cleanup_ns
}

echo "bench-rekey: $(uname -r), $(nproc) CPUs, ${T} s a run, salifetime ${LIFE} s, rekeymargin 5 s"
for c in stock xlb; do
	run "$c" 1h "no rekey"
	run "$c" "${LIFE}s" "rekey every $((LIFE - 5))s"
done

printf '%-6s %-15s %7s %7s %6s %s\n' case run Mbit/s retrans rekeys "ESP ledger (both directions)"
cat "$RES/rows"
echo "# per SA (sender -> receiver), and the xfrm_stat counters that moved:"
for f in "$RES"/*.ledger; do
	echo "# ${f##*/}"
	sed 's/^/#   /' "$f"
	sed 's/^/#   /' "${f%.ledger}.stat"
done
echo "# where xlb's SAs were born (xlbd's log), what xlb0 held for larval SAs:"
cat "$RES/placement" 2>/dev/null
