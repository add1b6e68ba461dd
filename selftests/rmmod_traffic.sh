#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unloading xlb while traffic flows through xlb0: no crash, the device goes,
# the lower device keeps working.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3

tap_plan 4
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }

peer ping -q -f -w 10 192.0.2.1 >/dev/null 2>&1 &
flood_in=$!
gw ping -q -f -w 10 192.0.2.2 >/dev/null 2>&1 &
flood_out=$!
sleep 2

check "rmmod xlb during floods both ways" rmmod_xlb
check "xlb0 is gone" bash -c "! ip -n $GW link show xlb0 2>/dev/null"
kill "$flood_in" "$flood_out" 2>/dev/null
wait "$flood_in" "$flood_out" 2>/dev/null

gw ip addr add 192.0.2.1/24 dev veth0
check "veth0 carries traffic on its own afterwards" \
	wait_for 10 gw ping -c 1 -W 1 192.0.2.2
check "xlb loads again and stacks on veth0" \
	bash -c "modprobe xlb && ip -n $GW addr flush dev veth0 && ip -n $GW link add link veth0 name xlb0 type xlb"

tap_finish
