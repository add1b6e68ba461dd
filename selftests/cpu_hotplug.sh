#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Workers follow CPU hotplug while xlb0 is up and carrying traffic.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3

cpu=$(ls -d /sys/devices/system/cpu/cpu[1-9]* 2>/dev/null | head -n 1)
[ -n "$cpu" ] && [ -w "$cpu/online" ] || skip_all "no CPU that can go offline"
n=${cpu##*cpu}

tap_plan 6
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }

worker_state() {	# state letter of xlb/N from /proc (S, R, P = parked ...)
	local pid
	pid=$(ps -e -o pid=,comm= | awk -v c="xlb/$1" '$2 == c { print $1 }')
	[ -n "$pid" ] && awk '/^State:/ { print $2 }' "/proc/$pid/status"
}
worker_parked() { [ "$(worker_state "$n")" = P ]; }
worker_active() { local s; s=$(worker_state "$n") && [ -n "$s" ] && [ "$s" != P ]; }

gw ping -q -i 0.05 -w 20 192.0.2.2 >/dev/null &
pinger=$!
tcp_transfer "$GW" "$PEER" 192.0.2.2 33554432 >/dev/null &
stream=$!

sleep 1
check "CPU $n goes offline under traffic" bash -c "echo 0 > $cpu/online"
check "its worker xlb/$n is parked" wait_for 5 worker_parked
check "traffic flows with CPU $n offline" gw ping -c 2 -W 2 192.0.2.2
check "CPU $n comes back online" bash -c "echo 1 > $cpu/online"
check "its worker xlb/$n is running again" wait_for 5 worker_active
wait "$stream"
stream_rc=$?
check "a TCP stream across the offline/online cycle arrived intact" test "$stream_rc" -eq 0
kill "$pinger" 2>/dev/null
wait "$pinger" 2>/dev/null

tap_finish
