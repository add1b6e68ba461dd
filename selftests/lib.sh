#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for xlb's kselftest-style scripts. They run as root inside
# the test VM (selftests/vm/run), never on a host that matters.
#
# Each script: source this file, call `setup_ns` for its namespaces, then
# `check "what it shows" command...` per case. Output is TAP; namespaces are
# removed on every exit path; exit 0 = all passed, 1 = a case failed,
# 4 = skipped.

ksft_skip=4
TEST_NAME=$(basename "$0" .sh)
NSPREFIX="xlb-$TEST_NAME-$$"
TAP_CASES=0
TAP_FAILED=0
TAP_SKIPPED=0
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

skip_all() {		# skip_all REASON
	echo "1..0 # SKIP $1"
	exit $ksft_skip
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip_all "$c not installed"
	done
}

# Removes every namespace this script made (the devices in them go too).
cleanup_ns() {
	local ns
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	NAMESPACES=()
}

tap_finish() {
	cleanup_ns
	echo "1..$TAP_CASES"
	[ "$TAP_FAILED" -eq 0 ]
}

trap 'cleanup_ns' EXIT
trap 'exit 130' INT TERM

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

# load_xlb: xlb loaded, freshly if it was already there.
load_xlb() {
	if [ -d /sys/module/xlb ]; then
		rmmod xlb || return 1
	fi
	modprobe xlb "$@"
}

# Standard topology, used by most scripts:
#
#   $GW                                  $PEER
#   xlb0 (192.0.2.1/24, 2001:db8::1/64)
#    |
#   veth0  <--------------------------->  veth1 (192.0.2.2/24, 2001:db8::2/64)
#
# make_pair makes the veths; add_xlb stacks xlb0 and moves the address there.
make_pair() {
	setup_ns GW PEER
	ip -n "$GW" link add veth0 type veth peer name veth1 netns "$PEER" || exit 1
	ip -n "$PEER" addr add 192.0.2.2/24 dev veth1
	ip -n "$PEER" addr add 2001:db8::2/64 dev veth1 nodad
	ip -n "$PEER" link set veth1 up
	ip -n "$GW" link set veth0 up
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

# udp_transfer FROM_NS TO_NS TO_ADDR COUNT: all COUNT datagrams arrive intact.
udp_transfer() {
	local from=$1 to=$2 addr=$3 count=$4 port=$((20000 + RANDOM % 20000))
	local sink_out got
	sink_out=$(mktemp)
	NETCOPY_READY=$sink_out.ready ip netns exec "$to" \
		python3 "$NETCOPY" udp-sink "$addr" "$port" "$count" >"$sink_out" &
	local sink=$!
	# The sink must be bound before the first datagram leaves.
	wait_for 30 test -e "$sink_out.ready"
	ip netns exec "$from" python3 "$NETCOPY" udp-send "$addr" "$port" "$count" >/dev/null
	wait "$sink"
	got=$(cat "$sink_out")
	rm -f "$sink_out" "$sink_out.ready"
	[ "$got" = "$count of $count" ] || { echo "received: $got"; return 1; }
}
