#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# inline_busy: when every online CPU's load is at least inline_busy
# thousandths, a packet of a non-sprayed SA sent or received on the SA's
# home CPU is crypted right there, in line, instead of being queued to
# that CPU's worker (which could not run before it returns anyway). It is
# counted apart from the fallbacks of a full queue: esp_tx_busy_inline or
# esp_rx_busy_inline in `ethtool -S xlb0`, not esp_tx/rx_inline nor the
# SA's fallbacks. 900 by default (0: never), and what this script sets.
#
# One tunnel ($GW 198.51.100.1 <-> $PEER 203.0.113.1), both of $GW's SAs
# offloaded to xlb0, AES-GCM, pinned to worker $HCPU (xlbctl sa pin),
# spray_threshold 0. Traffic is pings that nobody answers (both namespaces
# ignore echo requests): each direction's packets cross one SA only, so
# worker $HCPU's processed count and the inline counters count them and
# nothing else. Outbound, the ping runs pinned to a CPU (taskset); inbound,
# $GW's veth0 receives on a CPU chosen by RPS (lib.sh steer_rx). The
# receiver's SA counts every packet (they were crypted right).
#
# With a nice 19 busy loop pinned on every online CPU, every CPU's load
# reads high:
#   out on CPU $HCPU: every packet inline, worker $HCPU processes none;
#   out on CPU $OCPU: worker $HCPU processes them, none inline;
#   inline_busy 0 (never), out on CPU $HCPU: worker $HCPU, none inline;
#   in on CPU $HCPU: every packet inline (esp_rx_busy_inline), worker none;
#   in on CPU $OCPU: worker $HCPU, none inline.
# Loops stopped, inline_busy back to 900, once some CPU's
# load is back below the threshold the loops were judged by: out and in
# on CPU $HCPU go to worker $HCPU, none inline. Writes out of range
# (1001, -1, x) are refused and leave the value as it was; 0 and 1000 are
# taken.
#
# Then a gateway's traffic: with inline_busy 1 (any load is busy), TCP
# each way from both CPUs at once over ESN SAs that cross the 2^32 wrap,
# with the lower devices' GRO off and then on: every stream intact, each
# way's packets crypted partly in line and partly by the worker, nothing
# failed or dropped by xlb or by the peer's replay window.
#
# The threshold while the loops run. The load is the share of wall time a
# CPU spent busy, from the kernel's tick accounting; a vCPU that is not
# running (TCG thread=single runs the vCPUs by turns on one host thread; a
# host short of cores deschedules them) misses ticks, which count as
# nothing, so a CPU that busy loops the whole time reads well under 1000
# in these guests: 400-620 on 6.12 with two vCPUs taking turns, 780-1000
# on the debug kernel alone on two host cores, 665-880 beside a second
# such guest. When every CPU read at least 950 all the while the loops'
# load was measured, 900 stays; otherwise inline_busy is set a
# third of the way from what the least loaded CPU read idle to what it
# read busy, and the cases say so. Busy must read well above idle either
# way (a case).
#
# Only the CPU that sends or receives works while loads are judged when
# the loops are stopped: the peer's ping runs on the CPU that receives, as
# $GW's does on the CPU that sends. Processes are costly under emulation:
# the loads they leave must fade before the pings go (measure waits).
source "$(dirname "$0")/lib.sh"
require_cmd ip ping ethtool taskset nice
XLBCTL="$(cd "$(dirname "$0")/.." && pwd)/userspace/xlbctl"
[ -x "$XLBCTL" ] || skip_all "userspace/xlbctl not built"
[ "$(nproc)" -ge 2 ] || skip_all "needs 2 online CPUs, has $(nproc)"
PARAM=/sys/module/xlb/parameters/inline_busy
COUNT=40	# packets per measurement

tap_plan 25
load_xlb
BUSY_PIDS=()
busy_stop() {
	local pid
	for pid in "${BUSY_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	for pid in "${BUSY_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
	BUSY_PIDS=()
}
inline_busy_cleanup() {
	busy_stop
	xlb_restore_params
	cleanup_ns
}
trap inline_busy_cleanup EXIT

# busy_start: a busy loop pinned on every online CPU, at nice 19 so that
# this script and the tunnel's work still get their turns (the CPU is no
# less busy for it: nice time is busy time).
busy_start() {
	local c
	for c in "${XLB_CPUS[@]}"; do
		taskset -c "$c" nice -n 19 sh -c 'while :; do :; done' &
		BUSY_PIDS+=($!)
	done
}

xlb_workers_read || { tap_result not-ok "debugfs: xlb's workers"; tap_finish; exit; }
OCPU=${XLB_CPUS[0]}
HCPU=${XLB_CPUS[1]}
check "inline_busy is 900 by default" test "$(<"$PARAM")" = 900
ON=900
xlb_set_param inline_busy "$ON"
xlb_set_param spray_threshold 0

make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_inner_setup
esp_addrs 4 tunnel
gw sysctl -qw net.ipv4.icmp_echo_ignore_all=1
peer sysctl -qw net.ipv4.icmp_echo_ignore_all=1
sa_cpu() { xlb_sa_stat xlb0 "$1" "$2" cpu; }
check "both SAs offloaded to xlb0, pinned to worker $HCPU" eval \
	'esp_setup 4 tunnel gcm128-icv16 noesn &&
	 gw "$XLBCTL" sa pin $ESP_SPI_OUT $HCPU dir out &&
	 gw "$XLBCTL" sa pin $ESP_SPI_IN $HCPU dir in &&
	 [ "$(sa_cpu $ESP_SPI_OUT out)/$(sa_cpu $ESP_SPI_IN in)" = "$HCPU/$HCPU" ]'

# loads: LOADS "CPU=LOAD ..." for every online CPU; LEAST the lowest load,
# MOST the highest.
loads() {
	local c l s=""
	xlb_workers_read || return 1
	LEAST=1000 MOST=0
	for c in "${XLB_CPUS[@]}"; do
		l=${XLB_WORKER[$c load]}
		s+=" $c=$l"
		((l < LEAST)) && LEAST=$l
		((l > MOST)) && MOST=$l
	done
	LOADS=${s# }
}
all_at_least() { loads && ((LEAST >= $1)); }
some_below() { loads && ((LEAST < $1)); }
all_below() { loads && ((MOST < $1)); }

# least_range SAMPLES: LOW and HIGH, the lowest and highest of the least
# loaded CPU's load over SAMPLES readings 0.2 s apart.
least_range() {
	local i
	LOW=1000 HIGH=0
	for ((i = 0; i < $1; i++)); do
		loads
		((LEAST < LOW)) && LOW=$LEAST
		((LEAST > HIGH)) && HIGH=$LEAST
		sleep 0.2
	done
}

# counters out|in: the counters a measurement of that direction compares,
# into CNT: inline (esp_tx_busy_inline or esp_rx_busy_inline), full
# (esp_tx_inline or esp_rx_inline: fallbacks, a full queue), fallbacks (the SA's),
# processed (worker $HCPU's), received (the receiving SA's packets). Two
# processes: each costs under emulation, and shows in the loads; so the
# text is parsed here, not by lib.sh's xlb_stat and esp_sa_counter, which
# start an awk per counter.
declare -A CNT
counters() {
	local dir=$1 text re k
	CNT=()
	text=$(gw ethtool -S xlb0)
	[ "$dir" = out ] && k=esp_tx || k=esp_rx
	[[ $text =~ ${k}_busy_inline:\ ([0-9]+) ]] && CNT[inline]=${BASH_REMATCH[1]}
	[[ $text =~ ${k}_inline:\ ([0-9]+) ]] && CNT[full]=${BASH_REMATCH[1]}
	xlb_workers_read
	CNT[processed]=${XLB_WORKER[$HCPU processed]}
	xlb_sas_read
	CNT[fallbacks]=${XLB_SA[${SA_KEY[$dir]} fallbacks]}
	if [ "$dir" = out ]; then
		text=$(ip -n "$PEER" -s xfrm state get src "$O_GW" dst "$O_PEER" proto esp spi $ESP_SPI_OUT)
	else
		text=$(ip -n "$GW" -s xfrm state get src "$O_PEER" dst "$O_GW" proto esp spi $ESP_SPI_IN)
	fi
	re='lifetime current:[[:space:]]+[0-9]+\(bytes\),[[:space:]]*([0-9]+)\(packets\)'
	[[ $text =~ $re ]] && CNT[received]=${BASH_REMATCH[1]}
}
declare -A SA_KEY=([out]="xlb0 $(printf '0x%08x' $ESP_SPI_OUT) out"
		   [in]="xlb0 $(printf '0x%08x' $ESP_SPI_IN) in")

# deltas DIR: D_INLINE, D_FULL, D_FB, D_PROC and D_RECV since measure's
# "before".
deltas() {
	counters "$1"
	D_INLINE=$((${CNT[inline]:-0} - ${before[inline]:-0}))
	D_FULL=$((${CNT[full]:-0} - ${before[full]:-0}))
	D_FB=$((${CNT[fallbacks]:-0} - ${before[fallbacks]:-0}))
	D_PROC=$((${CNT[processed]:-0} - ${before[processed]:-0}))
	D_RECV=$((${CNT[received]:-0} - ${before[received]:-0}))
}

# measure out|in CPU: COUNT pings through the SA of that direction, sent
# from CPU (out) or received on it (in; sent from it too), once the loads are as the phase
# says ($PHASE); sets D_INLINE, D_FULL, D_FB (the SA's fallbacks), D_PROC (worker
# $HCPU's processed), D_RECV (packets the receiving SA counted) and
# prints them with the loads before and after.
measure() {
	local dir=$1 cpu=$2 sent before_loads k
	local -A before
	[ "$dir" = out ] || steer_rx "$GW" veth0 "$cpu"
	counters "$dir"
	for k in "${!CNT[@]}"; do before[$k]=${CNT[$k]}; done
	# What it took to read them shows in the loads for a while. The
	# pings go 2 ms apart: a short window for the loads to move in.
	wait_for 20 "${PHASE[@]}" || echo "# loads not yet ${PHASE[*]} after 20 s"
	before_loads=$LOADS
	if [ "$dir" = out ]; then
		sent=$(taskset -c "$cpu" ip netns exec "$GW" \
			ping -q -n -c "$COUNT" -i 0.002 -W 0.1 "$I_PEER" 2>&1)
	else
		sent=$(taskset -c "$cpu" ip netns exec "$PEER" \
			ping -q -n -c "$COUNT" -i 0.002 -W 0.1 "$I_GW" 2>&1)
	fi
	loads
	# The receiver has them all once the last is through a worker, if
	# it went to one; then the worker's count has them too.
	wait_for 20 eval 'deltas $dir && ((D_RECV >= COUNT && D_INLINE + D_PROC >= COUNT))'
	[[ $sent =~ ([0-9]+)\ packets\ transmitted ]] && sent=${BASH_REMATCH[1]} || sent="? of"
	[ "$dir" = out ] && k=esp_tx || k=esp_rx
	echo "# $dir on CPU $cpu ($sent packets sent): ${k}_busy_inline +$D_INLINE," \
		"${k}_inline +$D_FULL, SA fallbacks +$D_FB, worker $HCPU processed +$D_PROC, received +$D_RECV;" \
		"loads before: $before_loads, after: $LOADS"
}
# inlined: every packet crypted in line by choice, none by worker $HCPU,
# none counted as a fallback, all received.
inlined() {
	[ "$D_INLINE" -ge "$COUNT" ] && [ "$D_FULL" = 0 ] && [ "$D_FB" = 0 ] &&
		[ "$D_PROC" = 0 ] && [ "$D_RECV" = "$COUNT" ]
}
# queued: every packet crypted by worker $HCPU, none in line, all received.
queued() {
	[ "$D_INLINE" = 0 ] && [ "$D_FULL" = 0 ] && [ "$D_FB" = 0 ] &&
		[ "$D_PROC" -ge "$COUNT" ] && [ "$D_RECV" = "$COUNT" ]
}

# --- every CPU busy -------------------------------------------------------
sleep 1
least_range 6
IDLE=$HIGH
busy_start
sleep 1.5
least_range 10
BUSY_LOW=$LOW
if ((BUSY_LOW >= 950)); then
	T=$ON
	how="as suggested"
else
	T=$((IDLE + (BUSY_LOW - IDLE) / 3))
	((T > 0)) || T=1
	xlb_set_param inline_busy "$T"
	how="set: the loops read under 950"
fi
echo "# least loaded CPU: idle up to $IDLE, busy looping $BUSY_LOW-$HIGH; inline_busy $T ($how)"
check "busy loops on every CPU: the least loaded reads $BUSY_LOW-$HIGH, well above idle (up to $IDLE)" \
	test $((BUSY_LOW - IDLE)) -ge 150
check "every CPU's load reaches inline_busy $T" wait_for 20 all_at_least "$T"
PHASE=(all_at_least "$T")
measure out "$HCPU"
check "all busy, out on CPU $HCPU (the SA's home): crypted in line (esp_tx_busy_inline, no fallback), worker $HCPU none" inlined
measure out "$OCPU"
check "all busy, out on CPU $OCPU: worker $HCPU crypts them, none in line" queued
xlb_set_param inline_busy 0
measure out "$HCPU"
check "all busy, inline_busy 0, out on CPU $HCPU: worker $HCPU crypts them, none in line" queued
xlb_set_param inline_busy "$T"
measure in "$HCPU"
check "all busy, in on CPU $HCPU: decrypted in line (esp_rx_busy_inline, no fallback), worker $HCPU none" inlined
measure in "$OCPU"
check "all busy, in on CPU $OCPU: worker $HCPU decrypts them, none in line" queued

# --- busy loops stopped ---------------------------------------------------
busy_stop
xlb_set_param inline_busy "$ON"
check "loops stopped: some CPU's load falls below $T (inline_busy back to $ON)" \
	wait_for 20 some_below "$T"
# Every CPU well below it, not only one: what starts the pings loads the
# CPU they start on for a sample or two, and a CPU still busy with what
# came before would then make every CPU busy (seen with inline_busy
# halfway between idle and busy: 4 of 40 in line, one CPU below it and
# the other at 507 as the pings began).
PHASE=(all_below $(((ON + IDLE) / 2)))
measure out "$HCPU"
check "not all busy, out on CPU $HCPU: worker $HCPU crypts them, none in line" queued
measure in "$HCPU"
check "not all busy, in on CPU $HCPU: worker $HCPU decrypts them, none in line" queued

# --- the parameter's range ------------------------------------------------
was=$(<"$PARAM")
set_param() { echo "$1" >"$PARAM"; }
check_fails "inline_busy=1001 is refused" "Numerical result out of range" set_param 1001
check_fails "inline_busy=-1 is refused" "Invalid argument" set_param -1
check_fails "inline_busy=x is refused" "Invalid argument" set_param x
check "... and inline_busy is still $was" test "$(<"$PARAM")" = "$was"
check "inline_busy=1000 and =0 are taken" eval 'set_param 1000 && [ "$(<"$PARAM")" = 1000 ] &&
	set_param 0 && [ "$(<"$PARAM")" = 0 ] && set_param "$was"'

# --- a gateway's traffic, crypted in line and by the worker at once -------
# inline_busy 1: any load counts as busy, so what is sent or received on
# CPU $HCPU (the SAs' home) is crypted there and what is on CPU $OCPU goes
# to worker $HCPU, the two mixed within each SA and put back in order by
# its order stage. New SAs with ESN, the high half $ESN_HI and the 2^32 wrap
# in their first packets; a TCP stream each way from each CPU at once,
# with the lower devices' GRO off, then on. Every release is on CPU
# $HCPU; $PEER's veth1 still receives on one CPU (steer_rx), so its
# replay window judges xlb's order alone. $PEER sends from both CPUs:
# veth may reorder that between them before xlb sees it, so replays on
# $GW's side are printed, not failed.
esp_teardown
gw sh -c 'echo 0 >/sys/class/net/veth0/queues/rx-0/rps_cpus'
steer_rx "$PEER" veth1 "$OCPU"
check "ESN SAs (high half $ESN_HI, the wrap ahead) offloaded to xlb0, pinned to worker $HCPU" eval \
	'esp_setup 4 tunnel gcm128-icv16 esn &&
	 gw "$XLBCTL" sa pin $ESP_SPI_OUT $HCPU dir out &&
	 gw "$XLBCTL" sa pin $ESP_SPI_IN $HCPU dir in &&
	 [ "$(sa_cpu $ESP_SPI_OUT out)/$(sa_cpu $ESP_SPI_IN in)" = "$HCPU/$HCPU" ]'
xlb_set_param inline_busy 1
BYTES=$(scaled_bytes 2097152)
XLB_BAD="esp_tx_errors esp_tx_dropped esp_rx_auth_failed esp_rx_errors esp_rx_dropped"
XLB_SEEN="esp_tx_busy_inline esp_rx_busy_inline esp_rx_gro_steered esp_rx_replayed $XLB_BAD"
declare -A XS
# xlb_seen: XS[name], the counters of $XLB_SEEN and worker $HCPU's processed.
xlb_seen() {
	local text k re
	text=$(gw ethtool -S xlb0)
	for k in $XLB_SEEN; do
		re="[[:space:]]$k: ([0-9]+)"
		[[ $text =~ $re ]] && XS[$k]=${BASH_REMATCH[1]}
	done
	xlb_workers_read && XS[processed]=${XLB_WORKER[$HCPU processed]}
}
# streams_each_way: BYTES by TCP from each namespace to the other, one
# stream from each CPU, all at once; each arrives intact.
streams_each_way() {
	local c pid rc=0
	local -a pids=()
	for c in "$HCPU" "$OCPU"; do
		(RANDOM=$SRANDOM; taskset -p -c "$c" $BASHPID >/dev/null &&
			tcp_transfer "$GW" "$PEER" "$I_PEER" "$BYTES") &
		pids+=($!)
		(RANDOM=$SRANDOM; taskset -p -c "$c" $BASHPID >/dev/null &&
			tcp_transfer "$PEER" "$GW" "$I_GW" "$BYTES") &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
	return $rc
}
declare -A XS0
# d NAME: how far counter NAME moved since XS0.
d() { echo $((${XS[$1]:-0} - ${XS0[$1]:-0})); }
for gro in off on; do
	if [ $gro = on ]; then
		lower_gro_on
		steered_ok="-gt 0" steered="(steered)"
	else
		steered_ok="= 0" steered="(none: GRO off)"
	fi
	xlb_seen
	XS0=()
	for k in "${!XS[@]}"; do XS0[$k]=${XS[$k]}; done
	check "GRO $gro, inline_busy 1: TCP each way from CPU $HCPU and CPU $OCPU at once, all intact" \
		streams_each_way
	xlb_seen
	bad=0
	for k in $XLB_BAD; do bad=$((bad + $(d "$k"))); done
	echo "# GRO $gro: esp_tx_busy_inline +$(d esp_tx_busy_inline), esp_rx_busy_inline" \
		"+$(d esp_rx_busy_inline), worker $HCPU processed +$(d processed)," \
		"esp_rx_gro_steered +$(d esp_rx_gro_steered), esp_rx_replayed +$(d esp_rx_replayed)," \
		"errors, auth failures and drops +$bad"
	check "GRO $gro: each way crypted in line by choice and by worker $HCPU, no error or drop, the lower GRO's ESP kept for xlb $steered" \
		eval '[ "$(d esp_tx_busy_inline)" -gt 0 ] && [ "$(d esp_rx_busy_inline)" -gt 0 ] &&
		      [ "$(d processed)" -gt 0 ] && [ "$bad" = 0 ] &&
		      [ "$(d esp_rx_gro_steered)" '"$steered_ok"' ]'
done
check "ESN: both of the gateway's SAs went past the 2^32 wrap ($(esp_esn_wrapped))" esp_esn_wrapped
dropped=$(esp_sa_dropped "$PEER" "$O_GW" "$O_PEER" $ESP_SPI_OUT)
check "the peer's SA from xlb dropped nothing (replay, out of window, auth): $dropped" \
	test "$dropped" = 0

check "the kernel logged nothing bad" kernel_log_clean
tap_finish
