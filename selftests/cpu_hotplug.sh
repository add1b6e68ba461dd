#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Workers follow CPU hotplug while xlb0 is up and carrying traffic. Then
# ESP queued on a CPU's worker at the moment the CPU goes: its worker
# finishes it on the way down, none is stranded or lost.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3 jq
XLBCTL="$(cd "$(dirname "$0")/.." && pwd)/userspace/xlbctl"

cpu=$(ls -d /sys/devices/system/cpu/cpu[1-9]* 2>/dev/null | head -n 1)
[ -n "$cpu" ] && [ -w "$cpu/online" ] || skip_all "no CPU that can go offline"
n=${cpu##*cpu}

tap_plan 14
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

# ESP on CPU n's worker when CPU n goes: both SAs pinned there, the
# workers held (debugfs hold_workers_ms) while the peer sends a burst of
# pings, so the burst waits in xlb/n's queue, counted (depth) before the
# offline. The hold never applies to a CPU going offline: its worker
# decrypts the burst on its way down, and every ping is answered.
HOLD=/sys/kernel/debug/xlb/hold_workers_ms
BURST=20
trap 'echo 0 >"$HOLD" 2>/dev/null; cleanup_ns' EXIT
esp_inner_setup
esp_addrs 4 tunnel
pin() { gw "$XLBCTL" sa pin "$1" "$n" dir "$2"; }
check "ESN SAs on xlb0, both pinned to CPU $n, the tunnel up" eval \
	'esp_setup 4 tunnel gcm128-icv16 esn && pin $ESP_SPI_OUT out && pin $ESP_SPI_IN in &&
	 wait_for 10 gw ping -c 1 -W 1 "$I_PEER"'
depth_n() { xlb_workers_read && echo "${XLB_WORKER[$n depth]:-0}"; }
xlb_workers_read
processed0=${XLB_WORKER[$n processed]:-0}
echo 30000 >"$HOLD"
pings=$(mktemp)
peer ping -c "$BURST" -i 0.02 -W 60 "$I_GW" >"$pings" 2>&1 &
pinger=$!
wait_for 30 eval '[ "$(depth_n)" -ge $BURST ]'
queued=$(depth_n)
check "the peer's $BURST pings wait in xlb/$n's queue, its worker held (depth $queued)" \
	test "$queued" -ge "$BURST"
check "CPU $n goes offline with them queued" bash -c "echo 0 > $cpu/online"
echo 0 >"$HOLD"
wait "$pinger"
check "every ping was answered: xlb/$n decrypted its queue on the way down ($(grep -o '[0-9]* received' "$pings"))" \
	grep -q "^$BURST packets transmitted, $BURST received" "$pings"
rm -f "$pings"
sa_cpu() { xlb_sa_stat xlb0 "$1" "$2" cpu; }
check "both SAs moved off CPU $n (out on $(sa_cpu $ESP_SPI_OUT out), in on $(sa_cpu $ESP_SPI_IN in))" \
	eval '[ "$(sa_cpu $ESP_SPI_OUT out)" != "$n" ] && [ "$(sa_cpu $ESP_SPI_IN in)" != "$n" ]'
check "CPU $n comes back online" bash -c "echo 1 > $cpu/online"
xlb_workers_read
check "xlb/$n's processed count took the queued packets (+$((${XLB_WORKER[$n processed]:-0} - processed0)), $queued queued)" \
	test $((${XLB_WORKER[$n processed]:-0} - processed0)) -ge "$queued"
check "no xlb error or drop on either SA" eval \
	'[ "$(xlb_sa_stat xlb0 $ESP_SPI_IN in errors)$(xlb_sa_stat xlb0 $ESP_SPI_IN in drops)$(xlb_sa_stat xlb0 $ESP_SPI_OUT out errors)$(xlb_sa_stat xlb0 $ESP_SPI_OUT out drops)" = 0000 ]'

tap_finish
