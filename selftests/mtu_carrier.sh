#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xlb0 follows its lower device: MTU, MAC address and carrier.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3

tap_plan 16
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }

mtu() { link_field "$GW" "$1" mtu; }
operstate() { link_field "$GW" xlb0 operstate; }
operstate_is() { [ "$(operstate)" = "$1" ]; }

gw ip link set veth0 mtu 1400
peer ip link set veth1 mtu 1400
check "lower MTU 1500 -> 1400: xlb0 follows" test "$(mtu xlb0)" -eq 1400
check "a 1400-byte packet with DF crosses xlb0" \
	gw ping -c 1 -W 2 -M "do" -s 1372 192.0.2.2
check_fails "a 1401-byte packet with DF is refused locally, at xlb0's MTU" \
	"message too long, mtu=1400" \
	ip netns exec "$GW" ping -c 1 -W 1 -M "do" -s 1373 192.0.2.2
check_fails "xlb0 MTU above the lower device's is refused" "mtu greater than device maximum" \
	ip -n "$GW" link set xlb0 mtu 1500
gw ip link set veth0 mtu 1500
check "lower MTU 1400 -> 1500: xlb0 follows back up" test "$(mtu xlb0)" -eq 1500
check "xlb0 MTU may be set below the lower device's" \
	ip -n "$GW" link set xlb0 mtu 1300
gw ip link set veth0 mtu 1450
check "a deliberately smaller xlb0 MTU stays when the lower MTU changes" \
	test "$(mtu xlb0)" -eq 1300
gw ip link set veth0 mtu 1200
check "lower MTU below xlb0's: xlb0 shrinks to it" test "$(mtu xlb0)" -eq 1200
gw ip link set veth0 mtu 1500
peer ip link set veth1 mtu 1500

gw ip link set veth0 address 02:00:00:00:00:42
check "lower MAC changes: xlb0 follows" \
	test "$(link_field "$GW" xlb0 address)" = "02:00:00:00:00:42"
check "traffic flows after the MAC change" \
	wait_for 10 gw ping -c 1 -W 1 192.0.2.2
check_fails "xlb0's own MAC cannot be set apart from its lower device" "Operation not supported" \
	ip -n "$GW" link set xlb0 address 02:00:00:00:00:43

check "carrier: xlb0 is up while the peer is up" \
	wait_for 5 operstate_is UP
peer ip link set veth1 down
check "carrier: peer down -> xlb0 loses carrier" \
	wait_for 5 bash -c "ip -n $GW link show xlb0 | grep -q NO-CARRIER"
peer ip link set veth1 up
check "carrier: peer up -> xlb0 up again" \
	wait_for 5 operstate_is UP
gw ip link set veth0 down
check "lower down -> xlb0 operstate LOWERLAYERDOWN" \
	wait_for 5 operstate_is LOWERLAYERDOWN
gw ip link set veth0 up
check "lower up -> xlb0 UP and traffic flows" \
	wait_for 10 gw ping -c 1 -W 1 192.0.2.2

tap_finish
