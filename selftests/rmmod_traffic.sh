#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unloading xlb while traffic flows through xlb0: no crash, the device goes,
# the lower device keeps working. Then xlb unloaded with ESP in its
# workers' queues: the workers held (debugfs hold_workers_ms, 5 s) while
# the peer sends a burst through an offloaded ESN SA, the burst counted in
# the queues (depth) just before rmmod; the unload waits for the hold to
# end, the device's deletion finishes or frees what is queued, and
# nothing leaks or warns (kmemleak on the debug kernel).
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3

tap_plan 8
HOLD=/sys/kernel/debug/xlb/hold_workers_ms
trap 'echo 0 >"$HOLD" 2>/dev/null; cleanup_ns' EXIT
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
	eval 'modprobe xlb && ip -n "$GW" addr flush dev veth0 && add_xlb'

BURST=20
esp_inner_setup
esp_addrs 4 tunnel
check "ESN SAs offloaded to xlb0, the tunnel up" eval \
	'esp_setup 4 tunnel gcm128-icv16 esn && wait_for 10 gw ping -c 1 -W 1 "$I_PEER"'
# queued: packets waiting in every worker's queue.
queued() {
	local c n=0
	xlb_workers_read || return 1
	for c in "${XLB_CPUS[@]}"; do
		n=$((n + ${XLB_WORKER[$c depth]:-0}))
	done
	echo "$n"
}
echo 5000 >"$HOLD"
peer ping -c "$BURST" -i 0.02 -W 1 "$I_GW" >/dev/null 2>&1 &
wait_for 4 eval '[ "$(queued)" -ge $BURST ]'
depth=$(queued)
check "the peer's $BURST pings wait in the workers' queues, held (depth $depth)" \
	test "$depth" -ge "$BURST"
check "rmmod xlb with them queued" rmmod_xlb
wait
check "the kernel logged no warning" kernel_log_clean

tap_finish
