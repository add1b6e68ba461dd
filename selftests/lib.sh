#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for xlb's kselftest-style scripts. They run as root inside
# the test VM (selftests/vm/run), never on a host that matters.
#
# Each script: source this file, declare its cases with `tap_plan N`, load
# xlb with `load_xlb`, call `setup_ns` for its namespaces, then
# `check "what it shows" command...` per case. Output is TAP; namespaces are
# removed on every exit path; exit 0 = all passed, 1 = a case failed,
# 4 = skipped.

ksft_skip=4
TEST_NAME=$(basename "$0" .sh)
# XLB_LOWER_GRO=1 (run_selftests.sh's gro: entries): the same script with
# NAPI GRO on the lower devices, named apart in TAP.
[ "${XLB_LOWER_GRO:-0}" = 1 ] && TEST_NAME="gro-$TEST_NAME"
NSPREFIX="xlb-$TEST_NAME-$$"
TAP_CASES=0
TAP_FAILED=0
TAP_SKIPPED=0
TAP_PLANNED=""
NAMESPACES=()

echo "TAP version 13"

tap_result() {		# tap_result ok|not-ok|skip DESCRIPTION
	TAP_CASES=$((TAP_CASES + 1))
	case "$1" in
	ok) echo "ok $TAP_CASES $TEST_NAME: $2" ;;
	skip) echo "ok $TAP_CASES $TEST_NAME: $2 # SKIP"; TAP_SKIPPED=$((TAP_SKIPPED + 1)) ;;
	*) echo "not ok $TAP_CASES $TEST_NAME: $2"; TAP_FAILED=$((TAP_FAILED + 1)) ;;
	esac
}

# check DESCRIPTION CMD...: one case that passes when CMD exits 0. CMD's
# output is shown (as TAP comments) only when it fails.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_result ok "$desc"
	else
		tap_result not-ok "$desc"
		[ -n "$out" ] && sed 's/^/#   /' <<<"$out"
		echo "#   command: $*"
	fi
}

# check_fails DESCRIPTION PATTERN CMD...: passes when CMD fails and its
# error output matches PATTERN (an extended regex).
check_fails() {
	local desc=$1 pattern=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		tap_result not-ok "$desc"
		echo "#   unexpectedly succeeded: $*"
	elif grep -qE -- "$pattern" <<<"$out"; then
		tap_result ok "$desc"
	else
		tap_result not-ok "$desc"
		sed 's/^/#   /' <<<"$out"
		echo "#   expected an error matching: $pattern"
	fi
}

skip_case() {
	tap_result skip "$1"
}

# skip_all REASON: the whole script skips, named (selftests/check matches
# it against selftests/allowed-skips).
skip_all() {
	echo "1..0 # SKIP $TEST_NAME: $1"
	exit $ksft_skip
}

# tap_plan N: the script will run N cases, declared before the first one.
# tap_finish fails the script if it ran another number, and so do
# run_selftests.sh (for a script that ended early) and selftests/check.
tap_plan() {
	TAP_PLANNED=$1
	echo "# xlb-plan: $TEST_NAME $1"
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip_all "$c not installed"
	done
}

# Removes every namespace this script made (the devices in them go too),
# after stopping every pluto started in them (pluto_start) and removing
# its files: a daemon left running would keep its namespace, and the
# devices in it, alive.
cleanup_ns() {
	local ns
	transfer_forget
	keepalived_stop
	ledger_kill
	pluto_cleanup
	lockup_detectors_restore
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	NAMESPACES=()
}

tap_finish() {
	cleanup_ns
	if [ -z "$TAP_PLANNED" ]; then
		tap_result not-ok "plan: no tap_plan declared the cases"
	elif [ "$TAP_CASES" -ne "$TAP_PLANNED" ]; then
		tap_result not-ok "plan: ran $TAP_CASES cases, declared $TAP_PLANNED"
	fi
	echo "1..$TAP_CASES"
	[ "$TAP_FAILED" -eq 0 ]
}

# A mark in the kernel log where this script began (kernel_log_clean).
KMSG_MARK="xlb-selftest: $TEST_NAME $$ starts"
echo "$KMSG_MARK" >/dev/kmsg 2>/dev/null

# kasan_kernel: the running kernel is built with KASAN (the debug kernel).
# Decided by the build, never by a quantity a test measures.
kasan_kernel() { grep -qw __asan_load8 /proc/kallsyms; }

# scaled_bytes BYTES: the size of a bulk stream: BYTES, a quarter of it on
# a KASAN kernel. That kernel is there for what KASAN, lockdep and kmemleak
# see on each path, which a quarter of the packets still takes it through;
# under TCG it moves a tenth of a stock kernel's bytes, and its lane is
# the longest of CI's 90 minutes.
scaled_bytes() {
	if kasan_kernel; then echo $(($1 / 4)); else echo "$1"; fi
}

# kernel_log_clean: nothing the kernel logged since this script began
# signals a bug. Prints the offending lines otherwise.
# A device the kernel cannot free (unregister_netdevice waiting) is a leak.
KERNEL_LOG_BAD='WARNING:|BUG:|Oops|KASAN|UBSAN|kmemleak: [0-9]+ new suspected|refcount_t:|list_(add|del) corruption|detected stalls|blocked for more than|unregister_netdevice: waiting for'
kernel_log_clean() {
	! kernel_log_since_mark | grep -E "$KERNEL_LOG_BAD"
}

# kernel_log_since_mark: what the kernel logged since this script began.
kernel_log_since_mark() {
	dmesg | sed -n "/$KMSG_MARK/,\$p"
}

# kernel_words: the kernel's last lines since this script began, as TAP
# comments (for a failure that has no words of its own).
kernel_words() {
	echo "#   the kernel's last words:"
	kernel_log_since_mark | tail -n "${1:-20}" | sed 's/^/#     /'
}

trap 'cleanup_ns' EXIT
# A script's own EXIT trap replaces the one above and ends in cleanup_ns.
# The first INT or TERM ends the script; any after it are ignored, so that
# the EXIT trap's cleanup runs whole: run_selftests.sh's timeout(1) signals
# the script and then its whole process group, and a second TERM would
# cut the cleanup short and leave namespaces (and daemons in them) behind.
trap 'trap "" INT TERM; exit 130' INT TERM

# setup_ns VAR...: a fresh namespace per VAR, its name stored in VAR, lo up.
setup_ns() {
	local var ns
	for var in "$@"; do
		ns="$NSPREFIX-$var"
		ip netns add "$ns" || exit 1
		NAMESPACES+=("$ns")
		ip -n "$ns" link set lo up
		printf -v "$var" '%s' "$ns"
	done
}

# unregister_waits: the kernel's last words on devices it waits to free,
# as TAP comments.
unregister_waits() {
	dmesg | grep -E 'waiting for .* to become free' | tail -n 2 | sed 's/^/#   /'
}

# rmmod_xlb: unloads xlb. rmmod waits for every xlb device to be freed;
# one that stays referenced (a leak) would hang it for good, so it gets
# 120 s, and then this prints what the kernel said and returns 2. An rmmod
# that fails (module busy, no exit function) prints rmmod's and the
# kernel's words and returns 1.
rmmod_xlb() {
	local pid i err rc
	err=$(mktemp)
	rmmod xlb >/dev/null 2>"$err" &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "# rmmod xlb still waiting after 120 s; the kernel says:"
		unregister_waits
		sed 's/^/#   /' /sys/kernel/debug/xlb/{sas,gone,workers} 2>/dev/null
		rm -f "$err"
		return 2
	fi
	wait "$pid"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "# rmmod xlb failed (status $rc):"
		sed 's/^/#   /' "$err"
		kernel_words 10
	fi
	rm -f "$err"
	return "$rc"
}

# load_xlb [PARAM=VALUE...]: xlb loaded, freshly if it was already there.
# An xlb that does not unload, or does not load, fails the script here
# with rmmod's or modprobe's words and the kernel's: never a skip.
load_xlb() {
	local out
	if [ -d /sys/module/xlb ] && ! out=$(rmmod_xlb); then
		tap_result not-ok "the xlb module loaded before unloads"
		echo "$out"
		echo "1..$TAP_CASES"
		exit 1
	fi
	if ! out=$(modprobe xlb "$@" 2>&1); then
		tap_result not-ok "modprobe xlb${*:+ $*}"
		sed 's/^/#   /' <<<"$out"
		kernel_words
		echo "1..$TAP_CASES"
		exit 1
	fi
}

# Standard topology, used by most scripts:
#
#   $GW                                  $PEER
#   xlb0 (192.0.2.1/24, 2001:db8::1/64)
#    |
#   veth0  <--------------------------->  veth1 (192.0.2.2/24, 2001:db8::2/64)
#
# make_pair makes the veths; add_xlb stacks xlb0 and moves the address there.
# VETH0_TXQUEUES=N gives veth0 N transmit queues, like a multi-queue NIC.
make_pair() {
	setup_ns GW PEER
	ip -n "$GW" link add veth0 ${VETH0_TXQUEUES:+numtxqueues $VETH0_TXQUEUES} \
		type veth peer name veth1 netns "$PEER" || exit 1
	ip -n "$PEER" addr add 192.0.2.2/24 dev veth1
	ip -n "$PEER" addr add 2001:db8::2/64 dev veth1 nodad
	ip -n "$PEER" link set veth1 up
	ip -n "$GW" link set veth0 up
	[ "${XLB_LOWER_GRO:-0}" = 1 ] && lower_gro_on
	return 0
}

# lower_gro_on: both veths receive through NAPI GRO, as a physical NIC does.
# veth takes that path only for packets from a sender without TSO
# (veth_skb_is_eligible_for_gro), so the senders' segmentation goes off:
# the peer's always, the gateway's when the peer runs xlb too.
lower_gro_on() {
	ip netns exec "$GW" ethtool -K veth0 gro on >/dev/null &&
		ip netns exec "$PEER" ethtool -K veth1 gro on tso off gso off >/dev/null ||
		{ echo "# lower_gro_on: ethtool -K failed"; exit 1; }
	if [ "${PEER_XLB:-0}" = 1 ]; then
		ip netns exec "$GW" ethtool -K veth0 tso off gso off >/dev/null || exit 1
	fi
}

add_xlb() {
	ip -n "$GW" link add link veth0 name xlb0 type xlb || return 1
	ip -n "$GW" addr add 192.0.2.1/24 dev xlb0
	ip -n "$GW" addr add 2001:db8::1/64 dev xlb0 nodad
	ip -n "$GW" link set xlb0 up
}

gw() { ip netns exec "$GW" "$@"; }
peer() { ip netns exec "$PEER" "$@"; }

# link_field NS DEV FIELD: one field of `ip -j link show` (e.g. mtu, address).
link_field() {
	ip -n "$1" -j -d link show dev "$2" |
		python3 -c "import json,sys; print(json.load(sys.stdin)[0].get('$3', ''))"
}

# wait_for TIMEOUT_S CMD...: polls CMD until it succeeds or time runs out.
wait_for() {
	local deadline=$(( $(date +%s) + $1 ))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.2
	done
}

NETCOPY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/netcopy.py"
XFRM_LEDGER="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/xfrm_ledger.py"

# veth_link NS_A DEV_A NS_B DEV_B: a veth between two namespaces, both
# ends up.
veth_link() {
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3" || exit 1
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# transfer_start FROM_NS TO_NS TO_ADDR BYTES: tcp_transfer in the
# background ($TRANSFER_PID), of at most BYTES; transfer_stop ends it at
# its next chunk and waits for it; transfer_intact, once it ended, prints
# what it said and is true when it arrived intact. cleanup_ns kills one
# still running (transfer_forget).
TRANSFER_PID=
TRANSFER_RESULT=
transfer_start() {
	transfer_forget
	TRANSFER_RESULT=$(mktemp)
	( export NETCOPY_STOP=$TRANSFER_RESULT.stop
	  tcp_transfer "$@" >"$TRANSFER_RESULT" 2>&1
	  echo "status $?" >>"$TRANSFER_RESULT" ) &
	TRANSFER_PID=$!
}
transfer_stop() {
	touch "$TRANSFER_RESULT.stop"
	wait "$TRANSFER_PID"
	TRANSFER_PID=
}
transfer_intact() {
	cat "$TRANSFER_RESULT"
	grep -qx "status 0" "$TRANSFER_RESULT"
}
transfer_forget() {
	if [ -n "$TRANSFER_PID" ]; then
		kill "$TRANSFER_PID" 2>/dev/null
		wait "$TRANSFER_PID" 2>/dev/null
	fi
	[ -z "$TRANSFER_RESULT" ] || rm -f "$TRANSFER_RESULT" "$TRANSFER_RESULT.stop"
	TRANSFER_PID='' TRANSFER_RESULT=''
}

# keepalived_run NS DIR < VRRP_INSTANCES: keepalived's VRRP in NS, in the
# foreground of a background job ($KA_PIDS[NS]): VRRP v3, gratuitous ARP
# a second after becoming master, the instances from stdin; its files in
# DIR (made), its log DIR/log. cleanup_ns stops it (keepalived_stop).
declare -A KA_PIDS=()
keepalived_run() {
	mkdir -p "$2"
	{
		printf 'global_defs {\n\trouter_id %s\n\tvrrp_version 3\n' "${1#"$NSPREFIX"-}"
		printf '\tvrrp_garp_master_delay 1\n\tvrrp_garp_master_repeat 3\n}\n'
		cat
	} >"$2/keepalived.conf"
	ip netns exec "$1" keepalived --dont-fork --log-console --log-detail \
		--use-file "$2/keepalived.conf" --pid "$2/keepalived.pid" \
		--vrrp_pid "$2/vrrp.pid" --checkers_pid "$2/checkers.pid" \
		--vrrp >"$2/log" 2>&1 &
	KA_PIDS[$1]=$!
}
keepalived_stop() {
	local pid
	for pid in "${KA_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
	for pid in "${KA_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
	KA_PIDS=()
}

# tcp_transfer FROM_NS TO_NS TO_ADDR BYTES: a TCP stream arrives intact.
tcp_transfer() {
	local from=$1 to=$2 addr=$3 bytes=$4 port=$((20000 + RANDOM % 20000))
	local sink_out sent got
	sink_out=$(mktemp)
	ip netns exec "$to" python3 "$NETCOPY" tcp-sink "$addr" "$port" >"$sink_out" &
	local sink=$!
	sent=$(ip netns exec "$from" python3 "$NETCOPY" tcp-send "$addr" "$port" "$bytes")
	wait "$sink"
	got=$(cat "$sink_out")
	rm -f "$sink_out"
	[ -n "$sent" ] && [ "$sent" = "$got" ] || {
		echo "sent: $sent"; echo "received: $got"; return 1
	}
}

# exchange NS_A ADDR_A NS_B ADDR_B BYTES COUNT: TCP BYTES and UDP COUNT
# datagrams each way, all intact (one process: quick under emulation).
exchange() {
	python3 "$NETCOPY" exchange "$@"
}

# udp_transfer FROM_NS TO_NS TO_ADDR COUNT: all COUNT datagrams arrive intact.
udp_transfer() {
	local from=$1 to=$2 addr=$3 count=$4 port=$((20000 + RANDOM % 20000))
	local sink_out got
	sink_out=$(mktemp)
	NETCOPY_READY=$sink_out.ready ip netns exec "$to" \
		python3 "$NETCOPY" udp-sink "$addr" "$port" "$count" >"$sink_out" &
	local sink=$!
	# The sink must be bound before the first datagram leaves. Python
	# starts slowly in the debug kernel on a busy host: give it time.
	wait_for 120 test -e "$sink_out.ready" ||
		echo "udp sink not ready after 120 s" >&2
	ip netns exec "$from" python3 "$NETCOPY" udp-send "$addr" "$port" "$count" >/dev/null
	wait "$sink"
	got=$(cat "$sink_out")
	rm -f "$sink_out" "$sink_out.ready"
	[ "$got" = "$count of $count" ] || { echo "received: $got"; return 1; }
}

# --- ESP between $GW (SAs offloaded to xlb0) and $PEER --------------------
#
# Tunnel mode carries traffic between inner addresses on each side's lo:
#   $GW 198.51.100.1, 2001:db8:1::1  <== ESP over xlb0/veth ==>
#   $PEER 203.0.113.1, 2001:db8:2::1
# Transport mode protects the outer addresses themselves. The peer runs the
# stock kernel's software ESP with the same keys, unless PEER_XLB=1 stacks
# an xlb1 on veth1 and offloads the peer's SAs there too.

ESP_ALGS="gcm128-icv8 gcm128-icv12 gcm128-icv16 gcm256-icv8 gcm256-icv12
gcm256-icv16 cbc128-sha1 cbc256-sha1 cbc128-sha256 cbc256-sha256"

# hexkey BYTES: a random key in hex (BYTES a multiple of 4). Builtins only:
# every process costs under emulation.
hexkey() {
	local i out=""
	for ((i = 0; i < $1; i += 4)); do
		printf -v out '%s%08x' "$out" "$SRANDOM"
	done
	echo "$out"
}

# esp_alg_args ALG: the `ip xfrm state` algorithm arguments, fresh keys.
esp_alg_args() {
	case $1 in
	gcm128-icv*) echo "aead rfc4106(gcm(aes)) 0x$(hexkey 20) $((${1#gcm128-icv} * 8))" ;;
	gcm256-icv*) echo "aead rfc4106(gcm(aes)) 0x$(hexkey 36) $((${1#gcm256-icv} * 8))" ;;
	cbc128-sha1) echo "enc cbc(aes) 0x$(hexkey 16) auth-trunc hmac(sha1) 0x$(hexkey 20) 96" ;;
	cbc256-sha1) echo "enc cbc(aes) 0x$(hexkey 32) auth-trunc hmac(sha1) 0x$(hexkey 20) 96" ;;
	cbc128-sha256) echo "enc cbc(aes) 0x$(hexkey 16) auth-trunc hmac(sha256) 0x$(hexkey 32) 128" ;;
	cbc256-sha256) echo "enc cbc(aes) 0x$(hexkey 32) auth-trunc hmac(sha256) 0x$(hexkey 32) 128" ;;
	*) echo "unknown algorithm $1" >&2; return 1 ;;
	esac
}

# esp_addrs FAMILY MODE: sets O_GW O_PEER (outer) and I_GW I_PEER (what the
# traffic is addressed to). FAMILY: 4, 6, 4in6 or 6in4 (inner in outer).
esp_addrs() {
	case $1 in
	4|4in4) O_GW=192.0.2.1; O_PEER=192.0.2.2; I_GW=198.51.100.1; I_PEER=203.0.113.1 ;;
	6|6in6) O_GW=2001:db8::1; O_PEER=2001:db8::2; I_GW=2001:db8:1::1; I_PEER=2001:db8:2::1 ;;
	4in6) O_GW=2001:db8::1; O_PEER=2001:db8::2; I_GW=198.51.100.1; I_PEER=203.0.113.1 ;;
	6in4) O_GW=192.0.2.1; O_PEER=192.0.2.2; I_GW=2001:db8:1::1; I_PEER=2001:db8:2::1 ;;
	esac
	if [ "$2" = transport ]; then
		I_GW=$O_GW; I_PEER=$O_PEER
	fi
}

# The inner addresses and the routes to them (once per script).
esp_inner_setup() {
	ip -n "$GW" addr add 198.51.100.1/32 dev lo
	ip -n "$GW" addr add 2001:db8:1::1/128 dev lo
	ip -n "$PEER" addr add 203.0.113.1/32 dev lo
	ip -n "$PEER" addr add 2001:db8:2::1/128 dev lo
	ip -n "$GW" route add 203.0.113.1/32 via 192.0.2.2 src 198.51.100.1
	ip -n "$GW" route add 2001:db8:2::1/128 via 2001:db8::2 src 2001:db8:1::1
	ip -n "$PEER" route add 198.51.100.1/32 via 192.0.2.1 src 203.0.113.1
	ip -n "$PEER" route add 2001:db8:1::1/128 via 2001:db8::1 src 2001:db8:2::1
}

ESP_SPI_OUT=0x1001	# $GW -> $PEER
ESP_SPI_IN=0x2002	# $PEER -> $GW

# An ESN SA starts as a gateway's does after a long life: a non-zero high
# half, and ESN_WRAP_BEFORE packets before the low half wraps (both the
# sending and the receiving end, whichever this SA is on that side).
# Only the first packet is sent below the wrap: the stock kernel's
# software ESP segmentation (esp_xmit() in esp4/esp6_offload) gives the
# segment with low half 0xffffffff the next high half, so a software peer
# sends it with a wrong ICV whenever a TCP segment lands there (any
# receiver drops it). A flow's first packet is never a GSO segment.
ESN_HI=7
ESN_WRAP_BEFORE=1
ESN_START=$(printf '0x%08x' $((0xffffffff - ESN_WRAP_BEFORE)))

# esp_sa SRC DST SPI MODE ESN ALGARGS OFFLOAD SEL: the `ip -batch` line
# adding one SA. OFFLOAD is "dev X dir in|out" or empty; SEL "src A dst B"
# (the inner addresses, so an IPv4-in-IPv6 SA matches IPv4 flows).
esp_sa() {
	local src=$1 dst=$2 spi=$3 mode=$4 esn=$5 alg=$6 offload=$7 sel=$8
	local flags="replay-window 64"
	[ "$esn" = esn ] && flags="replay-window 128 flag esn"\
" replay-seq $ESN_START replay-seq-hi $ESN_HI"\
" replay-oseq $ESN_START replay-oseq-hi $ESN_HI"
	echo "xfrm state add src $src dst $dst proto esp spi $spi reqid 1" \
		"mode $mode $flags $alg ${offload:+offload $offload} ${sel:+sel $sel}"
}

# peer_tunnel_sas OUT_ALG [IN_ALG]: $PEER's half of a tunnel between $O_GW
# and $O_PEER, in software: the ESN SA $GW -> $PEER (OUT_ALG, esp_alg_args'
# words, keys included), the one back (IN_ALG, or OUT_ALG's), and the
# policies for $I_PEER <-> $I_GW.
peer_tunnel_sas() {
	{
		esp_sa "$O_GW" "$O_PEER" $ESP_SPI_OUT tunnel esn "$1" "" "src $I_GW dst $I_PEER"
		esp_sa "$O_PEER" "$O_GW" $ESP_SPI_IN tunnel esn "${2:-$1}" "" "src $I_PEER dst $I_GW"
		esp_policy "$I_PEER" "$I_GW" "$O_PEER" "$O_GW" tunnel
	} | ip -n "$PEER" -batch -
}

# esp_policy LOCAL REMOTE OUTER_LOCAL OUTER_REMOTE MODE: `ip -batch` lines
# for the out and in policies.
esp_policy() {
	local l=$1 r=$2 ol=$3 or=$4 mode=$5
	echo "xfrm policy add src $l dst $r dir out tmpl src $ol dst $or proto esp reqid 1 mode $mode"
	echo "xfrm policy add src $r dst $l dir in tmpl src $or dst $ol proto esp reqid 1 mode $mode"
}

# esp_setup FAMILY MODE ALG ESN: SAs and policies on both sides, GW's SAs
# offloaded to xlb0 (and PEER's to xlb1 when PEER_XLB=1). ESP_GW_OUT_LIMITS
# (e.g. "packet-soft 400 limit packet-hard 800") sets limits on GW's outbound
# SA, ESP_GW_IN_LIMITS on its inbound one.
esp_setup() {
	local family=$1 mode=$2 alg=$3 esn=$4 out_alg in_alg peer_out="" peer_in=""
	esp_addrs "$family" "$mode"
	out_alg=$(esp_alg_args "$alg") && in_alg=$(esp_alg_args "$alg") || return 1
	if [ "${PEER_XLB:-0}" = 1 ]; then
		peer_out="dev xlb1 dir out"; peer_in="dev xlb1 dir in"
	fi
	local fwd="src $I_GW dst $I_PEER" rev="src $I_PEER dst $I_GW"
	{
		echo "$(esp_sa "$O_GW" "$O_PEER" $ESP_SPI_OUT "$mode" "$esn" "$out_alg" \
			"dev xlb0 dir out" "$fwd") ${ESP_GW_OUT_LIMITS:+limit $ESP_GW_OUT_LIMITS}"
		echo "$(esp_sa "$O_PEER" "$O_GW" $ESP_SPI_IN "$mode" "$esn" "$in_alg" \
			"dev xlb0 dir in" "$rev") ${ESP_GW_IN_LIMITS:+limit $ESP_GW_IN_LIMITS}"
		esp_policy "$I_GW" "$I_PEER" "$O_GW" "$O_PEER" "$mode"
	} | ip -n "$GW" -batch - &&
	{
		esp_sa "$O_GW" "$O_PEER" $ESP_SPI_OUT "$mode" "$esn" "$out_alg" "$peer_in" "$fwd"
		esp_sa "$O_PEER" "$O_GW" $ESP_SPI_IN "$mode" "$esn" "$in_alg" "$peer_out" "$rev"
		esp_policy "$I_PEER" "$I_GW" "$O_PEER" "$O_GW" "$mode"
	} | ip -n "$PEER" -batch -
}

esp_teardown() {
	local ns
	for ns in "$GW" "$PEER"; do
		printf 'xfrm policy flush\nxfrm state flush\n' | ip -n "$ns" -batch -
	done
}

# esp_sa_counter NS SRC DST SPI bytes|packets: an SA's lifetime counter.
esp_sa_counter() {
	ip -n "$1" -s xfrm state get src "$2" dst "$3" proto esp spi "$4" |
		awk -v want="$5" '
			/lifetime current:/ { cur = 1; next }
			cur { gsub(/[(),]/, " "); print (want == "bytes" ? $1 : $3); exit }'
}

# esp_esn_hi NS SRC DST SPI: an ESN SA's high halves, "SEQ_HI OSEQ_HI"
# (in hex, as ip -s xfrm state prints them).
esp_esn_hi() {
	ip -n "$1" -s xfrm state get src "$2" dst "$3" proto esp spi "$4" |
		awk '$1 == "seq-hi" { gsub(",", ""); print $2, $6; exit }'
}

# esp_esn_wrapped: both of $GW's SAs (esp_setup's) went past the 2^32 wrap
# they started below: the inbound window's high half and the outbound
# counter's are ESN_HI + 1. Prints what it read.
esp_esn_wrapped() {
	local want in out
	want=$(printf '0x%x' $((ESN_HI + 1)))
	in=$(esp_esn_hi "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN)
	out=$(esp_esn_hi "$GW" "$O_GW" "$O_PEER" $ESP_SPI_OUT)
	echo "inbound seq-hi ${in% *}, outbound oseq-hi ${out#* } (want $want)"
	[ "${in% *}" = "$want" ] && [ "${out#* }" = "$want" ]
}

# esp_sa_dropped NS SRC DST SPI: packets the stack dropped on an inbound SA
# after decryption: replayed, behind the replay window, or failed auth.
esp_sa_dropped() {
	ip -n "$1" -s xfrm state get src "$2" dst "$3" proto esp spi "$4" |
		awk '/replay-window [0-9]+ replay [0-9]+ failed [0-9]+/ {
			for (i = 1; i < NF; i++)
				if ($i == "replay-window" || $i == "replay" || $i == "failed")
					n += $(i + 1)
			print n; exit }'
}

# net_counter NS GROUP FIELD: a protocol counter of namespace NS from
# /proc/net/snmp or /proc/net/netstat, e.g. Tcp RetransSegs, or TcpExt
# TCPOFOQueue (segments a receiver queued because one before them had not
# arrived: reordered or lost).
net_counter() {
	ip netns exec "$1" awk -v grp="$2:" -v want="$3" '
		$1 == grp && !names { for (i = 2; i <= NF; i++) col[$i] = i; names = 1; next }
		$1 == grp { print $col[want]; exit }' /proc/net/snmp /proc/net/netstat
}

# esp_offloaded NS SRC DST SPI DEV: the SA is offloaded to DEV.
esp_offloaded() {
	ip -n "$1" xfrm state get src "$2" dst "$3" proto esp spi "$4" |
		grep -q "crypto offload parameters: dev $5 "
}

# xlb_stat NS DEV NAME: one `ethtool -S` counter.
xlb_stat() {
	ip netns exec "$1" ethtool -S "$2" | awk -v n="$3:" '$1 == n { print $2 }'
}

# xfrm_stat NS NAME: one counter of NS's /proc/net/xfrm_stat.
xfrm_stat() {
	ip netns exec "$1" awk -v n="$2" '$1 == n { print $2 }' /proc/net/xfrm_stat
}

# xlb_sa_stat DEV SPI in|out FIELD: a column of xlb's SA table in debugfs
# (packets, bytes, errors, drops, fallbacks, cpu, ...).
xlb_sa_stat() {
	local f=/sys/kernel/debug/xlb/sas
	[ -r "$f" ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	awk -v dev="$1" -v spi="$(printf '0x%08x' "$2")" -v dir="$3" -v want="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == dev && $2 == spi && $3 == dir { print $col[want]; found = 1 }
		END { if (!found) print "none" }' "$f"
}

# xlb_sas_read: the whole SA table of debugfs into XLB_SA, an associative
# array keyed "DEV SPI DIR FIELD" (SPI as the table prints it, 0x%08x; FIELD
# a column name: cpu, packets, drops, sprayed, cost, moves, ...). And
# xlb_workers_read: the workers' table into XLB_WORKER, keyed "CPU FIELD"
# (load, busy, other, processed, ...), the online CPUs into XLB_CPUS. Both
# start no program, so loops that poll them cost little under emulation,
# and both read the file at once: read line by line, a debugfs file is
# generated afresh for each line and changing counters tear the lines.
# shellcheck disable=SC2034 # XLB_SA is for the caller
xlb_sas_read() {
	local data line i
	local -a col f
	declare -gA XLB_SA=()
	[ -r /sys/kernel/debug/xlb/sas ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	data=$(</sys/kernel/debug/xlb/sas) || return 1
	while read -r line; do
		read -r -a f <<<"$line"
		if [ "${#col[@]}" -eq 0 ]; then
			col=("${f[@]}")
			continue
		fi
		for ((i = 3; i < ${#col[@]}; i++)); do
			XLB_SA["${f[0]} ${f[1]} ${f[2]} ${col[i]}"]=${f[i]}
		done
	done <<<"$data"
}

# spis_by_cpu SRC DST BASE: SPI_ON[cpu], the SPIs of BASE..BASE+23 that
# placement by hash (the policy must be hash) gives each CPU for an
# outbound SA SRC -> DST offloaded to xlb0 in $GW. Hash is deterministic:
# 24 scratch SAs are added, read back from debugfs and deleted.
spis_by_cpu() {
	local src=$1 dst=$2 base=$3 i spi cpu key
	declare -gA SPI_ON=()
	key=$(esp_alg_args gcm128-icv16) || return 1
	for ((i = 0; i < 24; i++)); do
		echo "xfrm state add src $src dst $dst proto esp spi $((base + i))" \
			"reqid 9 mode tunnel $key offload dev xlb0 dir out"
	done | ip -n "$GW" -batch - || return 1
	while read -r spi cpu; do
		((spi >= base && spi < base + 24)) && SPI_ON[$cpu]+="$((spi)) "
	done < <(awk '$1 == "xlb0" && $2 ~ /^0x/ { print $2, $7 }' /sys/kernel/debug/xlb/sas)
	for ((i = 0; i < 24; i++)); do
		echo "xfrm state delete src $src dst $dst proto esp spi $((base + i))"
	done | ip -n "$GW" -batch -
}

# shellcheck disable=SC2034 # XLB_WORKER is for the caller
xlb_workers_read() {
	local data line i
	local -a col f
	declare -gA XLB_WORKER=()
	XLB_CPUS=()
	[ -r /sys/kernel/debug/xlb/workers ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	data=$(</sys/kernel/debug/xlb/workers) || return 1
	while read -r line; do
		read -r -a f <<<"$line"
		if [ "${f[0]}" = cpu ]; then
			col=("${f[@]}")
		elif [ "${#col[@]}" -gt 0 ]; then
			XLB_CPUS+=("${f[0]}")
			for ((i = 1; i < ${#col[@]}; i++)); do
				XLB_WORKER["${f[0]} ${col[i]}"]=${f[i]}
			done
		fi
	done <<<"$data"
}

# xlb_set_param NAME VALUE: sets one of xlb's module parameters until the
# script ends: xlb_restore_params (call it from the EXIT trap) puts back
# what was there, so a script run next starts from the same values.
XLB_SAVED_PARAMS=()
xlb_set_param() {
	local param=/sys/module/xlb/parameters/$1
	XLB_SAVED_PARAMS+=("$1" "$(<"$param")") && echo "$2" >"$param"
}

xlb_restore_params() {
	local i
	for ((i = ${#XLB_SAVED_PARAMS[@]} - 2; i >= 0; i -= 2)); do
		echo "${XLB_SAVED_PARAMS[i + 1]}" \
			>"/sys/module/xlb/parameters/${XLB_SAVED_PARAMS[i]}" 2>/dev/null
	done
	XLB_SAVED_PARAMS=()
}

# lockup_detectors_arm: a CPU that does not schedule for 6 s is reported
# as a soft lockup (twice kernel.watchdog_thresh), RCU held up for 10 s as
# a stall; kernel_log_clean fails on either. Defaults are 20 s and 21 s,
# longer than most scripts' busiest stretch. lockup_detectors_restore undoes
# it (cleanup_ns calls it).
LOCKUP_SAVED=()
RCU_STALL_TIMEOUT=/sys/module/rcupdate/parameters/rcu_cpu_stall_timeout
lockup_detectors_arm() {
	[ -w /proc/sys/kernel/watchdog_thresh ] &&
		LOCKUP_SAVED+=(/proc/sys/kernel/watchdog_thresh "$(</proc/sys/kernel/watchdog_thresh)") &&
		echo 3 >/proc/sys/kernel/watchdog_thresh
	[ -w "$RCU_STALL_TIMEOUT" ] &&
		LOCKUP_SAVED+=("$RCU_STALL_TIMEOUT" "$(<"$RCU_STALL_TIMEOUT")") &&
		echo 10 >"$RCU_STALL_TIMEOUT"
	echo "# lockup detectors: watchdog_thresh" \
		"$(cat /proc/sys/kernel/watchdog_thresh 2>&1), rcu_cpu_stall_timeout" \
		"$(cat "$RCU_STALL_TIMEOUT" 2>&1)"
}

lockup_detectors_restore() {
	local i
	for ((i = 0; i < ${#LOCKUP_SAVED[@]}; i += 2)); do
		echo "${LOCKUP_SAVED[i + 1]}" >"${LOCKUP_SAVED[i]}" 2>/dev/null
	done
	LOCKUP_SAVED=()
}

# steer_rx NS DEV CPU: every packet DEV receives is processed on CPU (RPS),
# as a NIC's receive queue hands one flow to one CPU. Without it a veth
# delivers each packet into the backlog of the CPU that sent it, so packets
# sent in order by two CPUs can be received out of order: a property of
# veth, not of what was sent. Tests that judge order at the receiver of
# traffic sent from several CPUs (xlb's workers) need this.
steer_rx() {
	ip netns exec "$1" sh -c \
		"printf '%x' \$((1 << $3)) >/sys/class/net/$2/queues/rx-0/rps_cpus"
}

# esp_capture NS DEV FILE: capture ESP headers seen on DEV into FILE in the
# background until esp_capture_stop. Returns once tcpdump is listening.
# Several captures may run at once.
ESP_CAPTURES=()
esp_capture() {
	ip netns exec "$1" tcpdump -i "$2" -n -U -s 64 -B 16384 -w "$3" esp \
		2>"$3.log" &
	ESP_CAPTURES+=("$!:$3")
	# tcpdump starts slowly on the debug kernel beside other guests
	# (seen over 10 s once, with a third guest on a 2-core host).
	wait_for 60 grep -q "listening on" "$3.log"
}

# esp_capture_stop: ends every capture; fails if tcpdump lost packets, since
# a gap it made would look like one on the wire. Under emulation tcpdump
# may trail the traffic by seconds: each capture ends only once its file
# has stopped growing, or it would lose the packets still in its buffer.
esp_capture_stop() {
	local c pid file size prev rc=0 deadline=$((SECONDS + 30))
	for c in "${ESP_CAPTURES[@]}"; do
		pid=${c%%:*} file=${c#*:} prev=-1
		while size=$(stat -c %s "$file" 2>/dev/null) && [ "$size" != "$prev" ] &&
			[ "$SECONDS" -lt "$deadline" ]; do
			prev=$size
			sleep 1
		done
		kill -INT "$pid" 2>/dev/null
		wait "$pid"
		grep -q "^0 packets dropped by kernel" "$file.log" || rc=1
	done
	ESP_CAPTURES=()
	return $rc
}

# esp_capture_kill: ends the captures at once (for an EXIT trap).
esp_capture_kill() {
	local c
	for c in "${ESP_CAPTURES[@]}"; do
		kill "${c%%:*}" 2>/dev/null
	done
	ESP_CAPTURES=()
}

# esp_seq_reports FILE SPI...: for each SPI, "SPI packets N reordered R
# gaps G" for that SA in a capture: R packets came with a sequence number
# not above the highest before them; G numbers between the lowest and the
# highest never came. One pass over the capture, no Python (it starts
# slowly on the debug kernel).
esp_seq_reports() {
	local file=$1
	shift
	tcpdump -n -r "$file" 2>/dev/null | awk -v spis="$*" '
		function num(s,   i, n) {
			s = tolower(s)
			if (s !~ /^0x/)
				return s + 0
			n = 0
			for (i = 3; i <= length(s); i++)
				n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return n
		}
		BEGIN { n = split(spis, want, " "); for (i = 1; i <= n; i++) keep[num(want[i])] = 1 }
		match($0, /ESP\(spi=0x[0-9a-f]+,seq=0x[0-9a-f]+\)/) {
			split(substr($0, RSTART + 8, RLENGTH - 9), f, ",seq=")
			spi = num(f[1]); seq = num(f[2])
			if (!(spi in keep))
				next
			# ESN: the wire has the low half; one that drops by more
			# than half the space wrapped (counted on from there), one
			# that jumps as far is late from before the wrap.
			seq += hi[spi]
			if (spi in top && seq < top[spi] - 2147483648) {
				hi[spi] += 4294967296
				seq += 4294967296
			} else if (spi in top && seq > top[spi] + 2147483648) {
				seq -= 4294967296
			}
			pk[spi]++
			# mawk names numbers above 2^31 by "%.6g": print it whole.
			k = spi SUBSEP sprintf("%.0f", seq)
			if (!(k in seen)) {
				seen[k] = 1
				distinct[spi]++
			}
			if (!(spi in low) || seq < low[spi])
				low[spi] = seq
			if (spi in top && seq <= top[spi]) { re[spi]++; next }
			top[spi] = seq
		}
		# Gaps: numbers between the lowest and the highest that never came.
		END { for (i = 1; i <= n; i++) { s = num(want[i])
			g = pk[s] ? top[s] - low[s] + 1 - distinct[s] : 0
			printf "%s packets %d reordered %d gaps %d\n", want[i], pk[s], re[s], g } }'
}

# esp_seq_report FILE SPI: esp_seq_reports for one SA, without the SPI.
esp_seq_report() {
	esp_seq_reports "$1" "$2" | cut -d' ' -f2-
}

# --- libreswan's pluto, a private instance per namespace -----------------
#
# pluto_start NS CONNS SECRETS: a pluto of its own runs in namespace NS,
# every file of it under $(pluto_dir NS):
#   ipsec.conf     a "config setup" naming the files below, then CONNS
#   ipsec.secrets  SECRETS
#   nss/           its NSS database (ipsec initnss --nssdir)
#   run/pluto.ctl  its control socket (pluto_whack, pluto_auto)
#   pluto.log      its log (pluto_log_errors)
#   pid            its process
# Returns once pluto listens for IKE on the namespace's addresses, or
# prints pluto's words and fails (meant to run under `check`, which shows them as comments).
# cleanup_ns finds every pluto by its pid file, so one started in a
# subshell is stopped too, and removes the files, on every exit path.
# pluto scans the interfaces and reads their esp-hw-offload feature when
# it starts: a device to offload to (xlb0) must hold the IKE address by
# then, or `pluto_whack NS --listen` must follow.
PLUTO_TMP=${TMPDIR:-/tmp}/$NSPREFIX-pluto

pluto_dir() {
	echo "$PLUTO_TMP/${1#"$NSPREFIX"-}"
}

pluto_start() {
	local ns=$1 conns=$2 secrets=$3 d
	d=$(pluto_dir "$ns")
	rm -rf "$d"
	mkdir -p "$d/nss" "$d/run" "$d/ipsec.d" || return 1
	{
		printf 'config setup\n'
		printf '\t%s\n' "logfile=$d/pluto.log" "dumpdir=$d" "nssdir=$d/nss" \
			"ipsecdir=$d/ipsec.d" "secretsfile=$d/ipsec.secrets" "plutodebug=none"
		printf '\n%s\n' "$conns"
	} >"$d/ipsec.conf"
	(umask 077 && printf '%s\n' "$secrets" >"$d/ipsec.secrets")
	if ! ipsec initnss --nssdir "$d/nss" >"$d/initnss.log" 2>&1; then
		echo "ipsec initnss --nssdir $d/nss failed:"
		cat "$d/initnss.log"
		return 1
	fi
	# --nofork: $! is pluto (ip netns exec and ipsec exec it).
	ip netns exec "$ns" ipsec pluto --config "$d/ipsec.conf" --nofork \
		--nssdir "$d/nss" --rundir "$d/run" --secretsfile "$d/ipsec.secrets" \
		--ipsecdir "$d/ipsec.d" --dumpdir "$d" --logfile "$d/pluto.log" \
		--no-dnssec --log-no-audit </dev/null >"$d/pluto.out" 2>&1 &
	echo $! >"$d/pid"
	# whack --listen returns once pluto has scanned the interfaces and
	# opened its IKE sockets: a peer initiating before that would meet a
	# closed port 500 (ICMP unreachable, an ERROR in the initiator's log).
	if ! wait_for 60 pluto_whack "$ns" --listen; then
		echo "pluto in $ns did not start within 60 s:"
		tail -n 20 "$d/pluto.out" "$d/pluto.log" 2>/dev/null
		return 1
	fi
}

# xlbd_readies LOG: how many xlbds appending to LOG said they were ready.
xlbd_readies() { grep -c "^xlbd: ready: " "$1" 2>/dev/null; }
# xlbd_ready_after LOG N [SECONDS]: one more xlbd than the N before it said
# it was ready in LOG, within SECONDS (20): a restarted one's own "ready",
# not its predecessor's. LOG's last lines if not.
xlbd_ready_after() {
	wait_for "${3:-20}" eval "[ \"\$(xlbd_readies '$1')\" -gt $2 ]" ||
		{ tail -n 20 "$1"; false; }
}

# stop_xlbd: SIGTERM to the xlbd a script started in the background as
# $XLBD_PID, and its exit status (0 when none runs).
XLBD_PID=
stop_xlbd() {
	[ -n "$XLBD_PID" ] || return 0
	kill -TERM "$XLBD_PID" 2>/dev/null
	wait "$XLBD_PID"
	local rc=$?
	XLBD_PID=
	return "$rc"
}

# pluto_topology xlb|veth: the namespaces, 192.0.2.1 on xlb0 or on veth0
# itself, the inner addresses and their routes (esp_inner_setup; the conns
# of pluto_conn have updown off, pluto adds no routes).
pluto_topology() {
	make_pair
	if [ "$1" = xlb ]; then
		add_xlb || return 1
	else
		ip -n "$GW" addr add 192.0.2.1/24 dev veth0
		ip -n "$GW" addr add 2001:db8::1/64 dev veth0 nodad
	fi
	esp_inner_setup
}

# The same secret for both ends, by ID; long enough for pluto's FIPS check.
PLUTO_SECRETS='@gw.xlb.test @peer.xlb.test : PSK "xlb selftest: not a secret, 40 bytes."'

# pluto_conn NAME NIC_OFFLOAD [KEY=VALUE...]: an IKEv2 PSK tunnel between
# 198.51.100.1 behind 192.0.2.1 ($GW) and 203.0.113.1 behind 192.0.2.2
# ($PEER), ESP AES-GCM-256 with ESN; the same text for both ends (pluto
# finds its end by the address it holds). NIC_OFFLOAD yes, no, auto, or
# "default" to leave the keyword out. updown is off: it adds no routes.
# PLUTO_SUBNETS="LEFT RIGHT" gives other subnets.
pluto_conn() {
	local kv left=198.51.100.1/32 right=203.0.113.1/32
	[ -z "${PLUTO_SUBNETS:-}" ] || read -r left right <<<"$PLUTO_SUBNETS"
	# Not <<-: the conn's lines keep their leading tab.
	cat <<EOF
conn $1
	type=tunnel
	ikev2=yes
	authby=secret
	left=192.0.2.1
	leftid=@gw.xlb.test
	leftsubnet=$left
	leftupdown=%disabled
	right=192.0.2.2
	rightid=@peer.xlb.test
	rightsubnet=$right
	rightupdown=%disabled
	ike=aes_gcm256-sha2_256;dh19
	esp=aes_gcm256
	esn=yes
	replay-window=128
	auto=add
EOF
	[ "$2" = default ] || printf '\tnic-offload=%s\n' "$2"
	for kv in "${@:3}"; do printf '\t%s\n' "$kv"; done
}

# pluto_whack NS ARGS...: `ipsec whack` against NS's pluto.
pluto_whack() {
	local d
	d=$(pluto_dir "$1")
	ip netns exec "$1" ipsec whack --ctlsocket "$d/run/pluto.ctl" "${@:2}"
}

# pluto_auto NS ARGS...: `ipsec auto` (--add, --up, --down, ...) against
# NS's pluto and its ipsec.conf.
pluto_auto() {
	local d
	d=$(pluto_dir "$1")
	ip netns exec "$1" ipsec auto --config "$d/ipsec.conf" \
		--ctlsocket "$d/run/pluto.ctl" "${@:2}"
}

# ledger_start NS FILE: every SA NS deletes, with its final counters,
# into FILE (selftests/xfrm_ledger.py collect; no key is kept) until
# ledger_stop NS FILE, which adds the SAs NS still has.
declare -A LEDGER_PIDS=()
# ledger_stop also prints what NS's /proc/net/xfrm_stat counted meanwhile.
ledger_start() {
	ip netns exec "$1" cat /proc/net/xfrm_stat >"$2.stat"
	ip netns exec "$1" ip -s xfrm monitor SA > >(python3 "$XFRM_LEDGER" collect >"$2") &
	LEDGER_PIDS[$1]=$!
}
ledger_stop() {
	kill "${LEDGER_PIDS[$1]}" 2>/dev/null
	wait "${LEDGER_PIDS[$1]}" 2>/dev/null
	unset "LEDGER_PIDS[$1]"
	wait_for 10 test -s "$2"
	ip -n "$1" -s xfrm state | python3 "$XFRM_LEDGER" collect >>"$2"
	ip netns exec "$1" cat /proc/net/xfrm_stat |
		awk 'NR == FNR { was[$1] = $2; next }
			$2 != was[$1] { print $1, $2 - was[$1] }' "$2.stat" - >"$2.delta"
	sed "s/^/# ${1#"$NSPREFIX"-}: xfrm_stat /" "$2.delta"
	rm -f "$2.stat"
}
# ledger_larval FILE: packets ledger_start NS FILE's namespace dropped for an
# SA its IKE daemon had not installed yet (xfrm_stat XfrmAcquireError).
ledger_larval() {
	awk '$1 == "XfrmAcquireError" { n = $2 } END { print n + 0 }' "$1.delta"
}
ledger_kill() {
	local pid
	for pid in "${LEDGER_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	LEDGER_PIDS=()
}

# pluto_log_errors NS: what NS's pluto logged that reads as an error (a
# failed kernel call, an SA not offloaded that was asked to be, ...);
# fails when there is any.
PLUTO_LOG_BAD='ERROR|[Ff]ailed|FATAL|ASSERTION|EXPECTATION|cannot offload|can.t offload|does not support NIC esp-hw-offload'
pluto_log_errors() {
	! grep -E "$PLUTO_LOG_BAD" "$(pluto_dir "$1")/pluto.log"
}

# pluto_pid_of DIR: the pid in DIR/pid while that process is still the
# pluto started there (its command line names DIR); fails otherwise.
pluto_pid_of() {
	local pid
	pid=$(cat "$1/pid" 2>/dev/null) && [ -n "$pid" ] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$1/" || return 1
	echo "$pid"
}

# pluto_gone PID SECONDS: PID has exited within SECONDS.
pluto_gone() {
	local i
	for ((i = 0; i < $2 * 5; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.2
	done
	! kill -0 "$1" 2>/dev/null
}

# pluto_stop NS: NS's pluto shuts down as an administrator's would (whack
# --shutdown: it deletes its SAs and tells the peer), killed if it has not
# within 30 s. Its files stay for the checks that follow, until cleanup_ns.
pluto_stop() {
	local d pid rc=0
	d=$(pluto_dir "$1")
	pid=$(pluto_pid_of "$d") || return 0
	pluto_whack "$1" --shutdown >/dev/null 2>&1
	if ! pluto_gone "$pid" 30; then
		echo "pluto in $1 still running 30 s after whack --shutdown: killed"
		kill -KILL "$pid" 2>/dev/null
		pluto_gone "$pid" 10
		rc=1
	fi
	rm -f "$d/pid"
	return $rc
}

# pluto_cleanup: every pluto this script started is gone (SIGTERM, then
# SIGKILL after 10 s) and so are their files. Part of cleanup_ns.
pluto_cleanup() {
	local d pid
	[ -d "$PLUTO_TMP" ] || return 0
	for d in "$PLUTO_TMP"/*/; do
		d=${d%/}
		pid=$(pluto_pid_of "$d") || continue
		kill -TERM "$pid" 2>/dev/null
		pluto_gone "$pid" 10 && continue
		echo "# pluto $pid ($d) ignored SIGTERM for 10 s: SIGKILL"
		kill -KILL "$pid" 2>/dev/null
		pluto_gone "$pid" 10
	done
	rm -rf "$PLUTO_TMP"
}
