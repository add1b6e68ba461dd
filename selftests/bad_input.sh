#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad ways to create xlb devices fail with a clear message and leave
# nothing behind.
source "$(dirname "$0")/lib.sh"
require_cmd ip

tap_plan 14
load_xlb
make_pair
setup_ns OTHER

no_xlb_left() {
	[ -z "$(ip -n "$GW" -o link show type xlb)" ] &&
		[ -z "$(ip -n "$OTHER" -o link show type xlb)" ]
}

check_fails "no lower device" "lower device is required" \
	ip -n "$GW" link add xlb0 type xlb
check_fails "lower device is loopback" "cannot be loopback" \
	ip -n "$GW" link add link lo name xlb0 type xlb
check_fails "lower device in another namespace" "in another network namespace" \
	ip -n "$GW" link add link veth0 name xlb0 netns "$OTHER" type xlb
ip -n "$GW" link set veth0 mtu 1400
check_fails "MTU above the lower device's" "MTU larger than the lower" \
	ip -n "$GW" link add link veth0 name xlb0 mtu 1450 type xlb
check_fails "MTU above what Ethernet allows" "mtu|MTU" \
	ip -n "$GW" link add link veth0 name xlb0 mtu 70000 type xlb
ip -n "$GW" link set veth0 mtu 9000
check "a jumbo lower device gives a jumbo xlb0" \
	bash -c "ip -n $GW link add link veth0 name xlb0 mtu 9000 type xlb &&
		 ip -n $GW link del xlb0"
ip -n "$GW" link set veth0 mtu 1500
check_fails "an address of its own" "always the lower" \
	ip -n "$GW" link add link veth0 name xlb0 address 02:00:00:00:00:01 type xlb
check "nothing was left behind by the refused attempts" no_xlb_left

ip -n "$GW" link add link veth0 name xlb0 type xlb
check_fails "lower device is an xlb device" "cannot be an xlb device" \
	ip -n "$GW" link add link xlb0 name xlb1 type xlb
check_fails "a second xlb on the same lower device" "already has an xlb device" \
	ip -n "$GW" link add link veth0 name xlb1 type xlb
if ip -n "$GW" link add br0 type bridge 2>/dev/null; then
	check_fails "a bridge cannot take a lower device xlb uses" "busy|in use" \
		ip -n "$GW" link set veth0 master br0
	ip -n "$GW" link del br0
else
	skip_case "a bridge cannot take a lower device xlb uses (no bridge support)"
fi
check "only xlb0 exists" test "$(ip -n "$GW" -o link show type xlb | wc -l)" -eq 1
ip -n "$GW" link del xlb0

if ip -n "$GW" link add br0 type bridge 2>/dev/null; then
	ip -n "$GW" link set veth0 master br0
	check_fails "lower device is a bridge port" "in use by another driver" \
		ip -n "$GW" link add link veth0 name xlb0 type xlb
	ip -n "$GW" link set veth0 nomaster
	check "after the bridge lets go, xlb stacks on the same device" \
		ip -n "$GW" link add link veth0 name xlb0 type xlb
else
	skip_case "lower device is a bridge port (no bridge support)"
	skip_case "after the bridge lets go, xlb stacks on the same device (no bridge support)"
fi

tap_finish
