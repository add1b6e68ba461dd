#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xlbctl against a live xlb0 carrying an offloaded tunnel: every command,
# human and JSON output (JSON checked with jq), pins and spraying that move
# the tunnel's packets between workers, events as they happen (monitor),
# the namespace's own policy, a user without CAP_NET_ADMIN who can read but
# not set, usage errors (exit 2), the kernel's refusals with its reason
# (exit 1), and no key material anywhere.
#
# Traffic is bursts of UDP datagrams: what is judged is which
# worker processed the SA's packets (the workers' packet counters), not
# speed.
source "$(dirname "$0")/lib.sh"
require_cmd ip jq setpriv
XLBCTL="$(cd "$(dirname "$0")/.." && pwd)/userspace/xlbctl"
[ -x "$XLBCTL" ] || skip_all "userspace/xlbctl not built"
[ "$(nproc)" -ge 2 ] || skip_all "needs 2 online CPUs"
load_xlb || skip_all "xlb module not loadable"

TMPD=$(mktemp -d)
MONITOR=""
xlbctl_cleanup() {
	[ -n "$MONITOR" ] && kill "$MONITOR" 2>/dev/null
	wait 2>/dev/null
	echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
	rm -rf "$TMPD"
	cleanup_ns
}
trap xlbctl_cleanup EXIT

make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_inner_setup
esp_setup 4 tunnel gcm128-icv16 noesn ||
	{ tap_result not-ok "tunnel with offloaded SAs"; tap_finish; exit; }
OUT=$((ESP_SPI_OUT))

x() { "$XLBCTL" "$@"; }
xg() { "$XLBCTL" -n "$GW" "$@"; }
# jqcheck DESCRIPTION FILTER CMD...: CMD's output is JSON and FILTER on it
# is true.
jqcheck() {
	local desc=$1 filter=$2 out
	shift 2
	if ! out=$("$@" 2>&1); then
		tap_result not-ok "$desc"
		sed 's/^/#   /' <<<"$out"
		echo "#   command failed: $*"
	elif jq -e "$filter" <<<"$out" >/dev/null 2>&1; then
		tap_result ok "$desc"
	else
		tap_result not-ok "$desc"
		sed 's/^/#   /' <<<"$out"
		echo "#   jq filter false: $filter"
	fi
}
# worker_packets CPU: packets that worker has processed.
worker_packets() {
	xg -j workers | jq -r ".[] | select(.cpu == $1) | .packets"
}
# burst: 300 UDP datagrams through the tunnel, one way (the port-unreachable
# replies are rate-limited to a handful), so the outbound SA's packets are
# nearly all the workers see.
burst() {
	gw bash -c 'for i in $(seq 300); do echo x >/dev/udp/203.0.113.1/9; done' 2>/dev/null
}
# moved_to CPU OTHER: after a burst, CPU's worker processed every packet of
# it and OTHER's almost none.
moved_to() {
	local t0 o0 dt do
	t0=$(worker_packets "$1") o0=$(worker_packets "$2")
	burst
	dt=$(($(worker_packets "$1") - t0)) do=$(($(worker_packets "$2") - o0))
	echo "worker $1: $dt packets, worker $2: $do"
	[ "$dt" -ge 300 ] && [ "$do" -lt 30 ]
}

# --- reading ----------------------------------------------------------------
jqcheck "dev -j: xlb0 on veth0, adaptive, $(nproc) workers, 2 SAs" \
	'length == 1 and .[0].ifname == "xlb0" and .[0].link == "veth0" and
	 .[0].placement == "adaptive" and .[0].workers == '"$(nproc)"' and .[0].sas == 2' \
	xg -j dev
check "dev: human output names xlb0 and its placement" \
	eval "xg dev | grep -q 'xlb0' && xg dev | grep -q adaptive"
jqcheck "workers -j: one online worker per CPU, the 2 SAs homed on them" \
	'length == '"$(nproc)"' and all(.[]; .online == true and .capacity > 0 and
	 .load >= 0 and .load <= 1000) and (map(.sas) | add) == 2' \
	xg -j workers
check "workers: a line per CPU" \
	test "$(xg workers | grep -cE '^ *[0-9]+ ')" -ge "$(nproc)"
jqcheck "sa -j: both SAs, SPI, direction, addresses and AEAD named" \
	'length == 2 and any(.[]; .spi == '"$OUT"' and .dir == "out" and
	 .src == "192.0.2.1" and .dst == "192.0.2.2" and .alg == "rfc4106(gcm(aes))" and
	 .family == "inet" and .pinned == false and .spray == "auto") and
	 any(.[]; .spi == '"$((ESP_SPI_IN))"' and .dir == "in")' \
	xg -j sa
check "sa: human output shows the SPI as 0x%08x" \
	eval "xg sa | grep -q 0x00001001"
jqcheck "policy -j: the module's defaults" \
	'.placement == "adaptive" and .hotspot == 850 and .interval_ms == 100 and
	 .spray_threshold == 700 and .max_moves == 1 and .move_cooldown == 10' \
	xg -j policy

# --- events, pins and spraying ---------------------------------------------
xg -j monitor >"$TMPD/events" 2>"$TMPD/events.err" &
MONITOR=$!
sleep 1
check "sa pin 0x1001 1 dir out" xg sa pin 0x1001 1 dir out
jqcheck "sa -j: pinned on worker 1" \
	'any(.[]; .spi == '"$OUT"' and .dir == "out" and .worker == 1 and .pinned == true)' \
	xg -j sa
check "the pinned SA's packets are processed by worker 1" moved_to 1 0
check "sa pin 0x1001 0 dir out" xg sa pin 0x1001 0 dir out
check "the SA's packets follow the pin to worker 0" moved_to 0 1
check_fails "spray on while pinned: refused with the kernel's reason, exit 1" \
	"pinned" xg sa spray 0x1001 on dir out
check "sa unpin 0x1001 dir out" xg sa unpin 0x1001 dir out
check "sa spray 0x1001 on dir out" xg sa spray 0x1001 on dir out
jqcheck "sa -j: sprayed" \
	'any(.[]; .spi == '"$OUT"' and .spray == "on" and .sprayed == true and .pinned == false)' \
	xg -j sa
b0=$(worker_packets 0) b1=$(worker_packets 1)
burst
d0=$(($(worker_packets 0) - b0)) d1=$(($(worker_packets 1) - b1))
check "a sprayed SA's packets go to both workers ($d0, $d1)" \
	test "$d0" -ge 50 -a "$d1" -ge 50
check "sa spray 0x1001 auto dir out" xg sa spray 0x1001 auto dir out
# A new SA, and the second CPU away and back: placement and worker events.
check "sa pin 0x1001 1 dir out, again" xg sa pin 0x1001 1 dir out
gw ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x3003 reqid 3 \
	mode tunnel aead 'rfc4106(gcm(aes))' "0x$(hexkey 20)" 128 offload dev xlb0 dir out
echo 0 >/sys/devices/system/cpu/cpu1/online
sleep 1
jqcheck "CPU 1 offline: the pinned SA was placed again and unpinned" \
	'any(.[]; .spi == '"$OUT"' and .dir == "out" and .worker != 1 and .pinned == false)' \
	xg -j sa
echo 1 >/sys/devices/system/cpu/cpu1/online
sleep 1
kill "$MONITOR"
wait "$MONITOR" 2>/dev/null
MONITOR=""
check "monitor -j: every line is a JSON object" jq -e -s 'length > 0' "$TMPD/events"
ev() { jq -e -s "any(.[]; $1)" "$TMPD/events" >/dev/null; }
check "event: sa-migrated 0x1001 to worker 1, reason pin" \
	ev '.event == "sa-migrated" and .spi == '"$OUT"' and .to == 1 and .from == 0 and .reason == "pin"'
check "event: sa-placed 0x3003, reason new" \
	ev '.event == "sa-placed" and .spi == 12291 and .reason == "new" and .ifname == "xlb0"'
check "event: sa-migrated 0x1001 off worker 1, reason offline" \
	ev '.event == "sa-migrated" and .spi == '"$OUT"' and .from == 1 and .reason == "offline"'
check "events: worker 1 offline, then online" \
	eval "ev '.event == \"worker-offline\" and .worker == 1' &&
	      ev '.event == \"worker-online\" and .worker == 1'"
[ "$TAP_FAILED" -eq 0 ] || sed 's/^/#   event: /' "$TMPD/events"

# --- policy, per namespace --------------------------------------------------
check "policy set placement hash hotspot 900 spray-threshold 0" \
	xg policy set placement hash hotspot 900 spray-threshold 0
jqcheck "policy -j: the namespace's new values" \
	'.placement == "hash" and .hotspot == 900 and .spray_threshold == 0' \
	xg -j policy
jqcheck "the peer's namespace still follows the module's defaults" \
	'.placement == "adaptive" and .hotspot == 850' \
	x -n "$PEER" -j policy
jqcheck "dev -j shows the namespace's placement" \
	'.[0].placement == "hash"' xg -j dev
check_fails "interval from a non-initial namespace: refused, exit 1" \
	"initial network namespace" xg policy set interval 200
check "interval from the initial namespace" x policy set interval 200
jqcheck "policy -j: interval 200 seen from any namespace" \
	'.interval_ms == 200' xg -j policy
x policy set interval 100

# --- who may do what ---------------------------------------------------------
nobody() {
	ip netns exec "$GW" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		--inh-caps=-all --bounding-set=-all "$XLBCTL" "$@"
}
check "without CAP_NET_ADMIN: workers, sa and policy can be read" \
	eval "nobody workers >/dev/null && nobody sa >/dev/null && nobody policy >/dev/null"
check_fails "without CAP_NET_ADMIN: sa pin refused" "needs CAP_NET_ADMIN" \
	nobody sa pin 0x1001 0 dir out
check_fails "without CAP_NET_ADMIN: policy set refused" "needs CAP_NET_ADMIN" \
	nobody policy set placement adaptive
check "... with exit status 1" eval "nobody sa unpin 0x1001 dir out; [ \$? -eq 1 ]"

# --- bad input ----------------------------------------------------------------
usage() { "$@" >/dev/null 2>&1; [ $? -eq 2 ]; }
check "usage errors exit 2: sa pin without a worker, unknown placement, bad SPI" \
	eval "usage xg sa pin 0x1001 && usage xg policy set placement fastest &&
	      usage xg sa unpin nonsense && usage xg bogus && usage xg policy set hotspot"
check_fails "an SPI with no SA: the kernel's reason, exit 1" \
	"no offloaded SA" xg sa pin 0x9999 0
check_fails "a worker that does not exist: the kernel's reason" \
	"worker" xg sa pin 0x1001 4000 dir out
check_fails "hotspot out of range: refused" "range|100" \
	xg policy set hotspot 5

# --- stats ----------------------------------------------------------------------
check "stats -c 2: two frames with a load bar per worker" \
	eval "[ \$(xg stats -c 2 -i 1 | grep -cE '^ *cpu ?0 ') -ge 2 ]"
jqcheck "stats -j -c 1: workers and top SAs" \
	'(.workers | length) == '"$(nproc)"' and (.top_sas | length) >= 2' \
	xg -j stats -c 1 -i 1

# --- no key material ------------------------------------------------------------
keys=$(gw ip xfrm state | awk '$1 == "aead" { print substr($3, 3) }')
{
	xg -j sa; xg sa; xg -j dev; xg -j workers; cat "$TMPD/events"
	cat /sys/kernel/debug/xlb/sas /sys/kernel/debug/xlb/workers 2>/dev/null
	dmesg
} >"$TMPD/everything"
leaked=0
for k in $keys; do
	# The key without its 4-byte salt, and any 8 hex digits of it.
	grep -qi "${k:0:16}" "$TMPD/everything" && leaked=1
done
check "no key of the $(wc -w <<<"$keys") SAs in any output, event, debugfs file or the kernel log" \
	test -n "$keys" -a "$leaked" = 0

# --- module not loaded ------------------------------------------------------------
esp_teardown
cleanup_ns
rmmod xlb
check_fails "module not loaded: said so, exit 1" "not loaded" x workers
check "kernel log has no warning, bug or splat" kernel_log_clean
tap_finish
