#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xlbctl against a live xlb0 carrying an offloaded tunnel: every command,
# human and JSON output (JSON checked with jq), pins and spraying that move
# the tunnel's packets between workers, events as they happen (monitor),
# a policy change that moves traffic (spray-threshold), the namespace's own
# policy, another namespace that sees none of this one's devices, SAs or
# policy, a user without CAP_NET_ADMIN who can read but not set, usage
# errors (exit 2), the kernel's refusals with its reason (exit 1), no xlb
# device or no module said as such (exit 1), and no key material anywhere.
#
# Traffic is bursts of UDP datagrams: what is judged is which
# worker processed the SA's packets (the workers' packet counters), not
# speed.
source "$(dirname "$0")/lib.sh"
require_cmd ip jq setpriv
XLBCTL="$(cd "$(dirname "$0")/.." && pwd)/userspace/xlbctl"
[ -x "$XLBCTL" ] || skip_all "userspace/xlbctl not built"
[ "$(nproc)" -ge 2 ] || skip_all "needs 2 online CPUs"
tap_plan 123
load_xlb

TMPD=$(mktemp -d)
MONITOR=""
FILTERED=()
xlbctl_cleanup() {
	[ -n "$MONITOR" ] && kill "$MONITOR" 2>/dev/null
	[ ${#FILTERED[@]} -gt 0 ] && kill "${FILTERED[@]}" 2>/dev/null
	wait 2>/dev/null
	echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
	[ -e "$TMPD/xlb-build.conf" ] && mv "$TMPD/xlb-build.conf" /etc/modprobe.d/
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
# burst_on A B: a burst; the packets workers A and B processed meanwhile
# in DA and DB, and those the sender encrypted in line by choice (every
# CPU busy, on the SA's home CPU: inline_busy) in DI (and said).
burst_on() {
	local a0 b0 i0
	a0=$(worker_packets "$1") b0=$(worker_packets "$2")
	i0=$(xlb_stat "$GW" xlb0 esp_tx_busy_inline)
	burst
	DA=$(($(worker_packets "$1") - a0)) DB=$(($(worker_packets "$2") - b0))
	DI=$(($(xlb_stat "$GW" xlb0 esp_tx_busy_inline) - i0))
	echo "worker $1: $DA packets, worker $2: $DB, in line by choice: $DI"
}
# moved_to CPU OTHER: after a burst, CPU's worker processed every packet of
# it (but those crypted in line on CPU, its home) and OTHER's almost none.
moved_to() {
	burst_on "$1" "$2"
	[ $((DA + DI)) -ge 300 ] && [ "$DB" -lt 30 ]
}
# spread_over CPU OTHER: a burst's packets went to both workers, a good
# share (50 of 300) each.
spread_over() {
	burst_on "$1" "$2"
	[ "$DA" -ge 50 ] && [ "$DB" -ge 50 ]
}
# sa_out FIELD: that field of the tunnel's outbound SA in xlbctl -j sa.
sa_out() {
	xg -j sa | jq -r ".[] | select(.spi == $OUT and .dir == \"out\") | .$1"
}
sa_is() { [ "$(sa_out "$1")" = "$2" ]; }
# sprayed_after_burst true|false: the SA's sprayed flag after a burst.
sprayed_after_burst() { burst; sa_is sprayed "$1"; }
# exits STATUS PATTERN CMD...: CMD exits with STATUS exactly, its standard
# error matches PATTERN (an extended regex) and its standard output is
# empty (no table, no [] a script could take for "nothing there").
exits() {
	local want=$1 pattern=$2 rc
	shift 2
	"$@" >"$TMPD/stdout" 2>"$TMPD/stderr"
	rc=$?
	echo "exit status $rc (want $want); stdout:"
	cat "$TMPD/stdout"
	echo "stderr:"
	cat "$TMPD/stderr"
	[ "$rc" -eq "$want" ] && grep -qE -- "$pattern" "$TMPD/stderr" &&
		[ ! -s "$TMPD/stdout" ]
}
# no_xlb_device NS WHY: in NS the lists are empty, not an error, as ip -j
# link show type X: -j dev and -j sa print [] and exit 0; dev and sa print
# nothing, say on stderr how to create an xlb device, and exit 0. workers
# and stats, which have nothing to show without one, say the namespace
# has no xlb device, exit 1, nothing on standard output. policy is of the
# namespace and has no such error.
no_xlb_device() {
	local ns=$1 why=$2 cmd
	for cmd in "-j dev" "-j sa"; do
		# shellcheck disable=SC2086 # $cmd is several words
		check "$why: xlbctl $cmd prints [], exit 0" \
			eval "out=\$(x -n $ns $cmd 2>&1) && echo \"\$out\" && [ \"\$out\" = '[]' ]"
	done
	for cmd in dev sa; do
		check "$why: xlbctl $cmd prints nothing, says how to create one, exit 0" \
			exits 0 "^xlbctl: create one with: ip link add link [A-Z]+ name xlb0 type xlb$" \
			x -n "$ns" "$cmd"
	done
	for cmd in workers "-j workers" "stats -c 1"; do
		# shellcheck disable=SC2086 # $cmd is several words
		check "$why: xlbctl $cmd says no xlb device, exit 1" \
			exits 1 "^xlbctl: no xlb device in this network namespace$" \
			x -n "$ns" $cmd
	done
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
# -j -p: the same document, indented (ip -j -p); -p alone changes nothing.
pretty_same() {
	local pretty
	pretty=$(xg -j -p "$1") || return 1
	echo "$pretty"
	[ "$(jq -c . <<<"$pretty")" = "$(xg -j "$1" | jq -c .)" ] &&
		[ "$(wc -l <<<"$pretty")" -gt 2 ] &&
		grep -qE '^    "?[a-z{]' <<<"$pretty"
}
check "-j -p dev and policy: the same JSON as -j, indented by 4" \
	eval "pretty_same dev && pretty_same policy"
check "-p without -j: the text output unchanged" \
	eval '[ "$(xg -p dev)" = "$(xg dev)" ] && [ "$(xg -p policy)" = "$(xg policy)" ]'

# --- an SA named by its destination -------------------------------------------
# Two more outbound SAs with the tunnel's SPI, to 192.0.2.3 and to
# 2001:db8::3: SPI and direction name three SAs; dst ADDR names one.
extra_sa() {
	gw ip xfrm state add src "$1" dst "$2" proto esp spi 0x1001 reqid "$3" \
		mode tunnel aead 'rfc4106(gcm(aes))' "0x$(hexkey 20)" 128 \
		offload dev xlb0 dir out
}
extra_sa 192.0.2.1 192.0.2.3 5 && extra_sa 2001:db8::1 2001:db8::3 6 ||
	tap_result not-ok "two more offloaded SAs with SPI 0x1001"
# sa_by_dst FILTER: FILTER holds for each of the three outbound 0x1001 SAs,
# given as $d2, $d3, $d6 (to 192.0.2.2, 192.0.2.3, 2001:db8::3).
sa_by_dst() {
	jqcheck "$1" '[.[] | select(.spi == '"$OUT"' and .dir == "out")] |
		(map(select(.dst == "192.0.2.2"))[0]) as $d2 |
		(map(select(.dst == "192.0.2.3"))[0]) as $d3 |
		(map(select(.dst == "2001:db8::3"))[0]) as $d6 |
		length == 3 and ('"$2"')' xg -j sa
}
check "three SAs 0x1001 out: sa pin without dst refused by the kernel, exit 1" \
	exits 1 "^xlbctl: SPI names several SAs: add direction, device or destination " \
	xg sa pin 0x1001 1 dir out
check "sa pin 0x1001 1 dir out dst 192.0.2.3" xg sa pin 0x1001 1 dir out dst 192.0.2.3
sa_by_dst "dst 192.0.2.3: that SA pinned on worker 1, the other two not pinned" \
	'$d3.pinned and $d3.worker == 1 and ($d2.pinned | not) and ($d6.pinned | not)'
check "sa spray 0x1001 on dst 2001:db8::3 (IPv6, no dir)" xg sa spray 0x1001 on dst 2001:db8::3
sa_by_dst "dst 2001:db8::3: that SA sprayed on, the other two in auto" \
	'$d6.spray == "on" and $d2.spray == "auto" and $d3.spray == "auto"'
check "sa unpin 0x1001 dst 192.0.2.3 dev xlb0" xg sa unpin 0x1001 dst 192.0.2.3 dev xlb0
sa_by_dst "unpinned: none of the three pinned" \
	'($d2.pinned or $d3.pinned or $d6.pinned) | not'
check "dst with no such SA: the kernel's reason, exit 1" \
	exits 1 "^xlbctl: no offloaded SA with this SPI in this namespace " \
	xg sa unpin 0x1001 dst 192.0.2.9
check "dst not an address: usage error, exit 2" \
	exits 2 "^xlbctl: invalid address '192.0.2.300' \(IPv4 or IPv6\)$" \
	xg sa unpin 0x1001 dst 192.0.2.300
gw ip xfrm state del src 192.0.2.1 dst 192.0.2.3 proto esp spi 0x1001
gw ip xfrm state del src 2001:db8::1 dst 2001:db8::3 proto esp spi 0x1001
# Deleted SAs may drain for a moment.
wait_for 30 eval '[ "$(xg -j sa | jq length)" = 2 ]'
jqcheck "the two extra SAs deleted: the tunnel's 2 left, 0x1001 out not pinned" \
	'length == 2 and any(.[]; .spi == '"$OUT"' and .dir == "out" and .pinned == false)' \
	xg -j sa

# --- events, pins and spraying ---------------------------------------------
xg -j monitor >"$TMPD/events" 2>"$TMPD/events.err" &
MONITOR=$!
# The same events through filters, with timestamps (ip -t, ip -ts monitor).
xg -j -t monitor sa-migrated worker-offline >"$TMPD/ev-json-t" 2>&1 &
FILTERED+=($!)
xg -ts monitor worker >"$TMPD/ev-ts" 2>&1 &
FILTERED+=($!)
xg -t monitor sa-placed >"$TMPD/ev-t" 2>&1 &
FILTERED+=($!)
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
check "a sprayed SA's packets go to both workers" spread_over 0 1
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
kill "$MONITOR" "${FILTERED[@]}"
wait "$MONITOR" "${FILTERED[@]}" 2>/dev/null
MONITOR="" FILTERED=()
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
# Filtered monitors: only their classes, each event with its timestamp.
TS_RE='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{6}'
jqcheck "monitor -j -t sa-migrated worker-offline: only those, each with a timestamp" \
	'length > 0 and all(.[]; (.event == "sa-migrated" or .event == "worker-offline") and
	 (.timestamp | test("^'"$TS_RE"'[+-][0-9]{2}:[0-9]{2}$")))' \
	jq -s . "$TMPD/ev-json-t"
jqcheck "monitor -j -t sa-migrated worker-offline: the pin's move and worker 1 offline" \
	'any(.[]; .event == "sa-migrated" and .spi == '"$OUT"' and .reason == "pin") and
	 any(.[]; .event == "worker-offline" and .worker == 1)' \
	jq -s . "$TMPD/ev-json-t"
check "monitor -ts worker: [timestamp] worker-offline 1, then worker-online 1, nothing else" \
	eval "cat '$TMPD/ev-ts' && ! grep -qvE '^\[$TS_RE\] worker-o(n|ff)line worker [0-9]+$' '$TMPD/ev-ts' &&
	      grep -A1 -E 'worker-offline worker 1$' '$TMPD/ev-ts' | grep -qE 'worker-online worker 1$'"
check "monitor -t sa-placed: a Timestamp: line before each event, 0x3003's placement" \
	eval "cat '$TMPD/ev-t' && [ -s '$TMPD/ev-t' ] && [ \$((\$(wc -l <'$TMPD/ev-t') % 2)) -eq 0 ] &&
	      ! sed -n '1~2p' '$TMPD/ev-t' |
		grep -qvE '^Timestamp: [A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] [0-9:]{8} [0-9]{4} [0-9]+ usec$' &&
	      ! sed -n '2~2p' '$TMPD/ev-t' | grep -qv '^sa-placed ' &&
	      grep -q '^sa-placed dev xlb0 spi 0x00003003 ' '$TMPD/ev-t'"

# --- a policy change moves traffic: spray-threshold --------------------------
# The SA is in spray mode auto and unpinned. max-moves 0: the balancer may
# not move it meanwhile, so one worker is always its home. spray-threshold 1
# sprays it as soon as its cost is above a thousandth of a CPU (a burst
# does that) and keeps it sprayed (it stops below half the threshold, 0);
# 0 never sprays. Each change is judged by where the packets go. Spraying
# is decided once per interval (100 ms): states are polled, with time for
# TCG and the bursts' own slowness.
check "policy set max-moves 0" xg policy set max-moves 0
jqcheck "spray-threshold 700: the SA is in auto mode, not sprayed" \
	'any(.[]; .spi == '"$OUT"' and .dir == "out" and .spray == "auto" and
	 .sprayed == false and .pinned == false)' xg -j sa
HOME_CPU=$(sa_out worker)
OTHER_CPU=$((HOME_CPU == 0 ? 1 : 0))
check "spray-threshold 700: traffic on the SA's worker $HOME_CPU alone" \
	moved_to "$HOME_CPU" "$OTHER_CPU"
check "policy set spray-threshold 1" xg policy set spray-threshold 1
check "spray-threshold 1: with traffic the SA becomes sprayed (sa -j)" \
	wait_for 180 sprayed_after_burst true
check "spray-threshold 1: the SA's packets go to both workers" \
	spread_over "$HOME_CPU" "$OTHER_CPU"
check "sa spray 0x1001 off dir out" xg sa spray 0x1001 off dir out
jqcheck "spray off: not sprayed, mode off, at once" \
	'any(.[]; .spi == '"$OUT"' and .dir == "out" and .spray == "off" and
	 .sprayed == false)' xg -j sa
check "spray off: traffic back on worker $HOME_CPU alone, threshold or not" \
	moved_to "$HOME_CPU" "$OTHER_CPU"
check "spray off: still not sprayed after that traffic" sa_is sprayed false
check "sa spray 0x1001 auto dir out" xg sa spray 0x1001 auto dir out
check "spray auto, spray-threshold 1: sprayed again with traffic" \
	wait_for 180 sprayed_after_burst true
check "policy set spray-threshold 0" xg policy set spray-threshold 0
check "spray-threshold 0: the SA is no longer sprayed (sa -j)" \
	wait_for 60 sa_is sprayed false
check "spray-threshold 0: traffic back on worker $HOME_CPU alone" \
	moved_to "$HOME_CPU" "$OTHER_CPU"
check "policy set spray-threshold 700 max-moves 1: the defaults again" \
	xg policy set spray-threshold 700 max-moves 1

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

# --- another namespace sees nothing of this one -------------------------------
# $PEER has no xlb device: the read commands say so, and show nothing of
# $GW's devices or SAs (standard output empty: no SPI of $GW's).
no_xlb_device "$PEER" "the peer's namespace, no xlb device"
check "the peer's namespace, no device: policy set works (exit 0)" \
	x -n "$PEER" policy set placement least-loaded hotspot 600 spray-threshold 300
jqcheck "policy -j in the peer's namespace: its new values" \
	'.placement == "least-loaded" and .hotspot == 600 and .spray_threshold == 300' \
	x -n "$PEER" -j policy
jqcheck "policy -j in the gateway's namespace: unchanged by the peer's" \
	'.placement == "hash" and .hotspot == 900 and .spray_threshold == 0' \
	xg -j policy
# With a device of its own, the peer's namespace sees that device and no SA.
if ip -n "$PEER" link add link veth1 name xlb1 type xlb; then
	jqcheck "peer's xlb1: dev -j lists only xlb1, no SAs, the peer's placement" \
		'length == 1 and .[0].ifname == "xlb1" and .[0].sas == 0 and
		 .[0].placement == "least-loaded"' x -n "$PEER" -j dev
	jqcheck "peer's xlb1: sa -j is [], none of the gateway's SAs, exit 0" \
		'. == []' x -n "$PEER" -j sa
	check "peer's xlb1: sa is empty, exit 0" \
		eval "out=\$(x -n '$PEER' sa) && [ -z \"\$out\" ]"
	jqcheck "peer's xlb1: workers -j count none of the gateway's 3 SAs" \
		'length == '"$(nproc)"' and (map(.sas) | add) == 0' x -n "$PEER" -j workers
	jqcheck "gateway: workers -j count its 3 SAs" \
		'(map(.sas) | add) == 3' xg -j workers
	ip -n "$PEER" link del xlb1
	no_xlb_device "$PEER" "the peer's xlb1 deleted"
else
	tap_result not-ok "ip link add xlb1 in the peer's namespace"
fi

# --- who may do what ---------------------------------------------------------
nobody() {
	ip netns exec "$GW" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		--inh-caps=-all --bounding-set=-all "$XLBCTL" "$@"
}
# Reading shows addresses, SPIs and reqids: it needs what xfrm's netlink
# needs. Each refused with the reason and exit status 1.
nobody_refused() {
	local out rc
	out=$(timeout 10 ip netns exec "$GW" setpriv --reuid=nobody --regid=nogroup \
		--clear-groups --inh-caps=-all --bounding-set=-all "$XLBCTL" "$@" 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" -eq 1 ] && grep -q 'needs CAP_NET_ADMIN' <<<"$out"
}
for cmd in workers sa policy monitor; do
	check "without CAP_NET_ADMIN: $cmd refused: needs CAP_NET_ADMIN, exit 1" \
		nobody_refused "$cmd"
done
# What dev show lists is link information, which ip link shows anyone.
check "without CAP_NET_ADMIN: dev show lists xlb0, as ip link would" \
	eval "nobody dev show | grep -qE '^[0-9]+ +xlb0 +veth0 '"
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
# (timeout: a monitor that took the word would run until killed)
check "monitor with an unknown event class: exit 2, the valid classes named" \
	exits 2 "^xlbctl: unknown event class 'link' \(valid: all, sa, sa-placed, .*, worker-offline\)$" \
	timeout 10 "$XLBCTL" -n "$GW" monitor link
check "-t and -ts outside monitor: exit 2" \
	eval "exits 2 \"^xlbctl: option '-t' applies to 'monitor' only$\" xg -t sa &&
	      exits 2 \"^xlbctl: option '-ts' applies to 'monitor' only$\" xg -ts policy"
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

# --- no SA, no device, no module ---------------------------------------------------
esp_teardown
# Deleted SAs may drain for a moment; the assertions are the checks below.
wait_for 30 eval '[ "$(xg -j sa)" = "[]" ]'
jqcheck "no SA left: sa -j is [] and exit 0" '. == []' xg -j sa
check "no SA left: sa prints nothing, exit 0" \
	eval "out=\$(xg sa) && [ -z \"\$out\" ]"
gw ip link del xlb0
no_xlb_device "$GW" "xlb0 deleted"
check "xlb0 deleted: policy still reads (exit 0)" xg policy
cleanup_ns
# The first request loads the module (its genl family alias), as
# `ip link add ... type xlb` does; where modprobe cannot find xlb (not
# installed: here the guest's modprobe.d entries for the test build are
# moved aside), xlbctl says the module is not loaded.
check "rmmod xlb" rmmod_xlb
check "module unloaded: xlbctl dev loads it again (exit 0, xlb loaded)" \
	eval 'x dev >/dev/null && [ -d /sys/module/xlb ]'
check "rmmod xlb again" rmmod_xlb
build_conf=/etc/modprobe.d/xlb-build.conf
[ -e "$build_conf" ] && mv "$build_conf" "$TMPD/xlb-build.conf"
for cmd in dev "-j dev" workers sa "-j sa" policy; do
	# shellcheck disable=SC2086 # $cmd is several words
	check "module not installed: xlbctl $cmd says it is not loaded, exit 1" \
		exits 1 '^xlbctl: xlb module not loaded \(no generic netlink family "xlb"\)$' \
		x $cmd
done
[ -e "$TMPD/xlb-build.conf" ] && mv "$TMPD/xlb-build.conf" "$build_conf"
check "kernel log has no warning, bug or splat" kernel_log_clean
tap_finish
