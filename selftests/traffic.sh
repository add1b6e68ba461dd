#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything passes through xlb0 unchanged, both ways: ICMP, TCP, UDP over
# IPv4 and IPv6, with the device's counters moving.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3

BYTES=$(scaled_bytes 4194304)
tap_plan 15
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }

check "ping IPv4 gw -> peer through xlb0" gw ping -c 3 -i 0.2 -W 2 192.0.2.2
check "ping IPv4 peer -> gw" peer ping -c 3 -i 0.2 -W 2 192.0.2.1
check "ping IPv6 gw -> peer through xlb0" gw ping -6 -c 3 -i 0.2 -W 2 2001:db8::2
check "ping IPv6 peer -> gw" peer ping -6 -c 3 -i 0.2 -W 2 2001:db8::1
check "TCP $((BYTES / 1024)) KiB gw -> peer intact (IPv4)" tcp_transfer "$GW" "$PEER" 192.0.2.2 "$BYTES"
check "TCP $((BYTES / 1024)) KiB peer -> gw intact (IPv4)" tcp_transfer "$PEER" "$GW" 192.0.2.1 "$BYTES"
check "TCP $((BYTES / 1024)) KiB gw -> peer intact (IPv6)" tcp_transfer "$GW" "$PEER" 2001:db8::2 "$BYTES"
check "TCP $((BYTES / 1024)) KiB peer -> gw intact (IPv6)" tcp_transfer "$PEER" "$GW" 2001:db8::1 "$BYTES"
check "UDP 500 datagrams gw -> peer (IPv4)" udp_transfer "$GW" "$PEER" 192.0.2.2 500
check "UDP 500 datagrams peer -> gw (IPv6)" udp_transfer "$PEER" "$GW" 2001:db8::1 500

rx=$(gw cat /sys/class/net/xlb0/statistics/rx_bytes)
tx=$(gw cat /sys/class/net/xlb0/statistics/tx_bytes)
check "xlb0 counted the traffic both ways (rx $rx, tx $tx bytes)" \
	test "$rx" -gt $((BYTES * 2 * 95 / 100)) -a "$tx" -gt $((BYTES * 2 * 95 / 100))
check "xlb0 dropped nothing" \
	test "$(gw cat /sys/class/net/xlb0/statistics/tx_dropped)" -eq 0 -a \
	     "$(gw cat /sys/class/net/xlb0/statistics/rx_dropped)" -eq 0

# With xlb0 down, LOWER keeps its packets: nothing reaches xlb0's
# addresses. The peer's pings still arrive on veth0 (its counter), so the
# silence is xlb0's, not a broken link's.
gw ip link set xlb0 down
lower_rx=$(gw cat /sys/class/net/veth0/statistics/rx_packets)
check "xlb0 down: the peer no longer reaches its address" \
	bash -c "! ip netns exec $PEER ping -c 2 -W 1 192.0.2.1"
check "... though its pings arrived on veth0 ($lower_rx -> $(gw cat /sys/class/net/veth0/statistics/rx_packets) packets)" \
	test "$(gw cat /sys/class/net/veth0/statistics/rx_packets)" -ge $((lower_rx + 2))
gw ip link set xlb0 up
gw ip addr add 192.0.2.1/24 dev xlb0 2>/dev/null
check "xlb0 up again: traffic resumes" \
	wait_for 10 gw ping -c 1 -W 1 192.0.2.2

tap_finish
