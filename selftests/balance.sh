#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Skewed load over the workers: `hash` against `adaptive` placement.
#
# Four tunnels between $GW and $PEER, each with its own inner address pair
# (198.51.100.N <-> 203.0.113.N) and so its own outbound SA offloaded to
# xlb0, carry UDP (iperf3) at offered rates 8:4:2:1. The SAs are placed by
# `hash` and each worker's load is measured over a steady window; then the
# policy becomes `adaptive` under the same offered load, the balancer moves
# SAs, and once placement has settled the load is measured again. Both are
# printed side by side. Passes when under adaptive the busier worker's load
# is within 15% of the other's (or their gap at most half of hash's: see
# balanced), the balancer moved SAs to get there, at
# most one SA moved while the load was measured, and xlb counted no error
# or drop. A window that misses is measured once more (a busy host can
# skew one 8 s mean).
#
# Load means the workers' `load` column (debugfs workers): busy (the share
# of time the worker spent on packets, xlb's own, all that placing SAs
# moves) plus other (the CPU's time on anything else: the iperf3 senders
# and receivers, this script, softirq work the worker did not run) plus
# the queue backlog. That is what the balancer balances, and busy alone
# would hold it to something it does not aim at: the guest's scheduler
# puts the senders on whichever CPU the workers leave free, so under hash
# the CPU with the idler worker gains `other` (seen: busy 368/114, load
# 415/311), and after a move it shifts them back. Busy is printed beside
# it. The senders pace in 20 ms bursts (--pacing-timer) rather than
# iperf3's 1 ms: under emulation every timer wakeup is expensive, and with
# 1 ms pacing `other` was as large as `busy` on both CPUs.
#
# interval_ms is 500 here (XLB_BALANCE_INTERVAL_MS), not 100: TCG runs
# both vCPUs on one host thread, handing it over every 100 ms at most
# (TCG_KICK_PERIOD), so a 100 ms sample of a worker mostly says whether
# its vCPU had its turn; samples swing by a few hundred thousandths and
# the balancer moved SAs back and forth on them. 500 ms averages over
# several turns.
#
# The rates cannot be fixed numbers: the same guest carries two to three
# times more or less depending on what else the host runs. A pilot run
# under hash measures the busy share of the worker that carries most and
# scales the rates so that this worker is busy about XLB_BALANCE_BUSY
# thousandths (default 850), which it seldom reaches: under TCG the CPU
# waits, idle in the guest's accounting, while the host thread serves the
# other vCPU, and each stream is held back (below). So no fixed
# hotspot_threshold fits every host: it is set halfway between the two
# workers' loads under hash. The balancer sheds load only from a worker
# above the threshold and only onto one that stays below it, so once no
# worker is above it, the two loads, whose sum the moves keep, meet near
# the middle; SA costs coarser than that leave them apart, and the check
# says so. If hash's loads are already within the tolerance, or read 0
# or 1000, the adaptive cases fail with the loads read: they never skip on
# the load. On a KASAN kernel they are not judged (a property of that
# build).
# The four outbound SAs get SPIs that hash places on one worker (probed
# with scratch SAs first): hash leaves one worker with all the load and the
# other with none, an imbalance for adaptive to undo whatever each stream
# manages. With the two heaviest on one worker and the lighter two on the
# other (the earlier design), CI saw 716 against 661: under TCG a UDP
# stream through a worker on the other vCPU is held to roughly the same
# bytes a second whatever its rate (about 1 MB/s, the handoff waiting up
# to TCG's 100 ms turn for that vCPU), so 8+4 carried about what 2+1 did.
# The datagrams are 8000 bytes over a 9000-byte MTU, so that a packet's
# AES-GCM, which placement moves, outweighs its per-packet cost in the
# senders and the stack, which it does not. Spraying is off
# (spray_threshold 0): spray.sh tests it; here placement alone must
# balance.
#
# Each measurement is a traffic run of its own (fresh iperf3 servers, the
# clients ended with SIGINT after it): iperf3 keeps a stream's average since
# its start at the rate asked for, so a stream held back by an overloaded
# worker sends faster once it is free, which must not be measured.
source "$(dirname "$0")/lib.sh"
require_cmd ip iperf3 ss

BUSY_TARGET=${XLB_BALANCE_BUSY:-850}
MTU=9000			# veth0, veth1, xlb0
LEN=8000			# UDP payload per datagram
WIRE=$((LEN + 28))		# the inner IP packet
PILOT_KBPS=4000			# kbit/s per rate unit in the pilot
MAX_KBPS=30000			# at most, per rate unit
MIN_KBPS=400
WINDOW=${XLB_BALANCE_WINDOW:-8}	# seconds per measurement window
WARMUP=3			# seconds of traffic before a window
SETTLE_LIMIT=30			# seconds adaptive may take to settle
QUIET=4				# seconds without a move that count as settled
TOLERANCE=15			# percent
UNITS=(8 4 2 1)
SPI_PROBE=0x1000		# outbound SAs: the first 4 from here on one CPU
PORT_BASE=5200
ncpus=$(nproc)
[ "$ncpus" -eq 2 ] || skip_all "needs 2 online CPUs, has $ncpus"

# shellcheck disable=SC2119 # no module parameters
tap_plan 7
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
for dev in "$GW veth0" "$PEER veth1" "$GW xlb0"; do
	# shellcheck disable=SC2086 # namespace and device
	ip -n ${dev% *} link set ${dev#* } mtu $MTU
done
LOGS=$(mktemp -d)

CLIENTS=()
SERVERS=()
stop_traffic() {	# stop_traffic [SIGNAL]: clients signalled (or awaited), then servers
	local p
	if [ -n "${1:-}" ]; then
		for p in "${CLIENTS[@]}"; do
			kill "-$1" "$p" 2>/dev/null
		done
	fi
	for p in "${CLIENTS[@]}"; do
		wait "$p" 2>/dev/null
	done
	# One-off servers end with their test; give them a moment.
	# shellcheck disable=SC2016 # expanded by eval
	wait_for 5 eval '! kill -0 "${SERVERS[@]}" 2>/dev/null'
	for p in "${SERVERS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	CLIENTS=() SERVERS=()
}
trap 'stop_traffic TERM; rm -rf "$LOGS"; xlb_restore_params; cleanup_ns' EXIT

# SPI_OF[N]: tunnel N's outbound SPI. Placement by hash is deterministic
# (lib.sh spis_by_cpu), and the four tunnels take SPIs that land on one
# CPU. With the four SAs on one worker under hash, that worker carries all
# and the other none, whatever each stream manages under emulation (a
# stream held to the same few hundred packets a second whatever its rate
# made 8+4 against 2+1 look even).
declare -A SPI_OF
probe_spis() {
	local i cpu best=""
	spis_by_cpu 192.0.2.1 192.0.2.2 "$SPI_PROBE" || return 1
	for cpu in "${!SPI_ON[@]}"; do
		[ "$(wc -w <<<"${SPI_ON[$cpu]}")" -ge 4 ] && best=${SPI_ON[$cpu]} && break
	done
	[ -n "$best" ] || { echo "# no CPU got 4 of 24 SPIs: ${SPI_ON[*]}"; return 1; }
	read -r -a best <<<"$best"
	for i in 1 2 3 4; do
		SPI_OF[$i]=${best[i - 1]}
	done
}
spi_of() { printf '0x%08x' "${SPI_OF[$1]}"; }

# Tunnel N: its inner addresses on lo, routes, SAs and policies on both
# sides; $GW's outbound SA offloaded to xlb0, the rest in software (only
# iperf3's control connection uses them).
tunnels_setup() {
	local n g p out_alg in_alg
	for n in 1 2 3 4; do
		g=198.51.100.$n p=203.0.113.$n
		out_alg=$(esp_alg_args gcm128-icv16) && in_alg=$(esp_alg_args gcm128-icv16) ||
			return 1
		{
			echo "addr add $g/32 dev lo"
			echo "route add $p/32 via 192.0.2.2 src $g"
			esp_sa 192.0.2.1 192.0.2.2 "${SPI_OF[$n]}" tunnel noesn "$out_alg" \
				"dev xlb0 dir out" "src $g dst $p"
			esp_sa 192.0.2.2 192.0.2.1 $((0x2000 + n)) tunnel noesn "$in_alg" "" \
				"src $p dst $g"
			esp_policy "$g" "$p" 192.0.2.1 192.0.2.2 tunnel
		} | sed "s/reqid 1 /reqid $n /" | ip -n "$GW" -batch - || return 1
		{
			echo "addr add $p/32 dev lo"
			echo "route add $g/32 via 192.0.2.1 src $p"
			esp_sa 192.0.2.1 192.0.2.2 "${SPI_OF[$n]}" tunnel noesn "$out_alg" "" \
				"src $g dst $p"
			esp_sa 192.0.2.2 192.0.2.1 $((0x2000 + n)) tunnel noesn "$in_alg" "" \
				"src $p dst $g"
			esp_policy "$p" "$g" 192.0.2.2 192.0.2.1 tunnel
		} | sed "s/reqid 1 /reqid $n /" | ip -n "$PEER" -batch - || return 1
	done
}

# Placed by hash, whatever the load: the state this test starts from.
xlb_set_param policy hash
xlb_set_param spray_threshold 0
xlb_set_param interval_ms "${XLB_BALANCE_INTERVAL_MS:-500}"
probe_spis
probed=$?
if ! check "4 tunnels, outbound SAs offloaded to xlb0, all on one worker under hash" \
	eval "[ $probed = 0 ] && tunnels_setup"; then
	tap_finish
	exit
fi

# RATE_OF[N]: rate units of tunnel N. The SAs on the worker holding most of
# them (the lower CPU on a tie) get the largest rates, so that the two
# heaviest SAs share a worker.
declare -A RATE_OF HASH_CPU
xlb_sas_read
order=$(for m in 1 2 3 4; do
		echo "${XLB_SA[xlb0 $(spi_of "$m") out cpu]} $m"
	done | awk '{ cnt[$1]++; cpu[NR] = $1; sa[NR] = $2 }
		END { for (i = 1; i <= NR; i++) print cnt[cpu[i]], cpu[i], sa[i] }' |
	sort -k1,1nr -k2,2n -k3,3n | awk '{ print $3 }')
i=0
for n in $order; do
	RATE_OF[$n]=${UNITS[i]}
	HASH_CPU[$n]=${XLB_SA[xlb0 $(spi_of "$n") out cpu]}
	i=$((i + 1))
done
echo "# hash placed:$(for n in 1 2 3 4; do
	printf ' SA %s (rate %s) on cpu %s;' "$(spi_of "$n")" "${RATE_OF[$n]}" "${HASH_CPU[$n]}"
done)"

# start_traffic KBPS_PER_UNIT SECONDS: the four UDP streams in background,
# each to a one-off server of its own on a port not used before.
RUN=0
start_traffic() {
	local n port rate burst
	RUN=$((RUN + 1))
	for n in 1 2 3 4; do
		port=$((PORT_BASE + 10 * RUN + n))
		ip netns exec "$PEER" iperf3 -s -1 -B "203.0.113.$n" -p "$port" \
			>"$LOGS/server.$RUN.$n" 2>&1 &
		SERVERS+=($!)
	done
	wait_for 20 eval "[ \$(ip netns exec $PEER ss -Hltn 'sport > :$((PORT_BASE + 10 * RUN))' | wc -l) -ge 4 ]"
	for n in 1 2 3 4; do
		port=$((PORT_BASE + 10 * RUN + n))
		rate=$(($1 * RATE_OF[$n]))
		# A burst of what 20 ms at the rate takes, per pacing tick.
		burst=$((rate * 1000 / 8 / WIRE / 50 + 1))
		ip netns exec "$GW" iperf3 -c "203.0.113.$n" -B "198.51.100.$n" -p "$port" \
			-u -l $LEN -b "${rate}K/$burst" --pacing-timer 20000 \
			-t "$2" >"$LOGS/client.$RUN.$n" 2>&1 &
		CLIENTS+=($!)
	done
}

# read_moves: MOVES, the SAs' moves so far (XLB_SA read afresh). Each
# change of an SA's worker since the last call is printed with the loads.
declare -A WHERE
read_moves() {
	local n s cpu c
	xlb_sas_read
	MOVES=0
	for n in 1 2 3 4; do
		s=$(spi_of "$n")
		MOVES=$((MOVES + ${XLB_SA[xlb0 $s out moves]}))
		cpu=${XLB_SA[xlb0 $s out cpu]}
		if [ -n "${WHERE[$n]:-}" ] && [ "${WHERE[$n]}" != "$cpu" ]; then
			xlb_workers_read
			echo "# $(date +%T.%1N) SA $s (rate ${RATE_OF[$n]}) cpu ${WHERE[$n]} -> $cpu" \
				"(its move ${XLB_SA[xlb0 $s out moves]}); load/busy now:" \
				"$(for c in "${XLB_CPUS[@]}"; do
					printf 'cpu %s %s/%s ' "$c" "${XLB_WORKER[$c load]}" "${XLB_WORKER[$c busy]}"
				done)"
		fi
		WHERE[$n]=$cpu
	done
}

# measure SECONDS: averages over SECONDS, the workers sampled every half
# second: AVG_BUSY[cpu], AVG_LOAD[cpu]; AVG_PPS[N], the packets per second
# SA N carried; MOVES_DURING, the moves meanwhile. The window is timed, not
# counted in samples: under emulation each sample costs tens of ms.
measure() {
	local samples=0 c n s m0 t0 us
	declare -gA AVG_BUSY=() AVG_LOAD=() AVG_PPS=()
	local -A p0
	read_moves
	m0=$MOVES
	t0=${EPOCHREALTIME/./}
	for n in 1 2 3 4; do
		p0[$n]=${XLB_SA[xlb0 $(spi_of "$n") out packets]}
	done
	while ((${EPOCHREALTIME/./} - t0 < $1 * 1000000)); do
		sleep 0.5
		xlb_workers_read
		for c in "${XLB_CPUS[@]}"; do
			AVG_BUSY[$c]=$((${AVG_BUSY[$c]:-0} + ${XLB_WORKER[$c busy]}))
			AVG_LOAD[$c]=$((${AVG_LOAD[$c]:-0} + ${XLB_WORKER[$c load]}))
		done
		samples=$((samples + 1))
	done
	for c in "${!AVG_BUSY[@]}"; do
		AVG_BUSY[$c]=$((AVG_BUSY[$c] / samples))
		AVG_LOAD[$c]=$((AVG_LOAD[$c] / samples))
	done
	read_moves
	MOVES_DURING=$((MOVES - m0))
	us=$((${EPOCHREALTIME/./} - t0))
	for n in 1 2 3 4; do
		kill -0 "${CLIENTS[n - 1]}" 2>/dev/null && continue
		echo "# iperf3 client $n ended before the window did:"
		sed 's/^/#   /' "$LOGS/client.$RUN.$n"
	done
	for n in 1 2 3 4; do
		s=$(spi_of "$n")
		AVG_PPS[$n]=$(((${XLB_SA[xlb0 $s out packets]} - p0[$n]) * 1000000 / us))
	done
}

highest() {	# highest ARRAY_NAME: the largest value in an associative array
	local -n arr=$1
	local v top=0
	for v in "${arr[@]}"; do
		((v > top)) && top=$v
	done
	echo "$top"
}

lowest() {
	local -n arr=$1
	local v low=""
	for v in "${arr[@]}"; do
		if [ -z "$low" ] || ((v < low)); then low=$v; fi
	done
	echo "${low:-0}"
}

# --- pilot: how much does this guest carry today? --------------------------
start_traffic $PILOT_KBPS $((WARMUP + 3 + 10))
sleep "$WARMUP"
measure 3
stop_traffic INT
pilot=$(highest AVG_BUSY)
echo "# pilot carried:$(for n in 1 2 3 4; do printf ' %s/%s pps' "${AVG_PPS[$n]}" \
	$((PILOT_KBPS * RATE_OF[$n] * 1000 / 8 / WIRE)); done)"
kbps=$((PILOT_KBPS * BUSY_TARGET / (pilot > 0 ? pilot : 1)))
((kbps > MAX_KBPS)) && kbps=$MAX_KBPS
((kbps < MIN_KBPS)) && kbps=$MIN_KBPS
echo "# pilot: at $PILOT_KBPS kbit/s per rate unit the busiest worker was $pilot/1000" \
	"busy; $kbps kbit/s per unit for $BUSY_TARGET"

# --- hash -------------------------------------------------------------------
# hash_run: HASH_BUSY, HASH_LOAD, HASH_PPS; hash_hot, the highest load.
declare -A HASH_BUSY HASH_LOAD HASH_PPS
hash_run() {
	local c n
	start_traffic "$kbps" $((WARMUP + WINDOW + 10))
	sleep "$WARMUP"
	measure "$WINDOW"
	stop_traffic INT
	for c in "${!AVG_BUSY[@]}"; do
		HASH_BUSY[$c]=${AVG_BUSY[$c]} HASH_LOAD[$c]=${AVG_LOAD[$c]}
	done
	for n in 1 2 3 4; do
		HASH_PPS[$n]=${AVG_PPS[$n]}
	done
	hash_hot=$(highest HASH_LOAD)
	hash_cool=$(lowest HASH_LOAD)
}
# carried_pct: the share of the offered packets the SAs carried under hash.
carried_pct() {
	local n offered=0 carried=0
	for n in 1 2 3 4; do
		offered=$((offered + kbps * RATE_OF[$n] * 1000 / 8 / WIRE))
		carried=$((carried + HASH_PPS[$n]))
	done
	echo $((carried * 100 / offered))
}
# within_tolerance A B: the larger is at most TOLERANCE% above the smaller.
within_tolerance() {
	local hi=$1 lo=$2
	((hi < lo)) && { hi=$2; lo=$1; }
	((lo > 0 && hi * 100 <= lo * (100 + TOLERANCE)))
}

# balanced A B: adaptive's loads A and B are within TOLERANCE%, or their
# gap is at most half of hash's. Under TCG a UDP stream through a worker
# is held to about the same rate whatever it was offered (above), so the
# SAs' costs are not 8:4:2:1 but nearer 3:3:2:1, and no single move may
# bring the last SAs' loads within the tolerance (seen: rates 8 and 4
# left on one worker, 573/781 against hash's 305/954); a balancer that
# did not balance leaves hash's gap.
balanced() {
	local gap=$(($1 > $2 ? $1 - $2 : $2 - $1))
	within_tolerance "$1" "$2" || ((gap * 2 <= hash_hot - hash_cool))
}

hash_run
# Skewed: what adaptive is to undo is there, read by the metric it uses.
skewed=0
((hash_hot < 1000 || hash_cool < 1000)) && ((hash_hot > 0)) &&
	! within_tolerance "$hash_hot" "$hash_cool" && skewed=1
# On every kernel, the debug one too (where adaptive is not judged): a
# metric stuck at 0 reads 0 here.
check "hash: the worker with every SA reads a load above 0 ($hash_hot; the other $hash_cool)" \
	test "$hash_hot" -gt 0
hotspot=$(((hash_hot + hash_cool) / 2))
xlb_set_param hotspot_threshold "$hotspot"

# adaptive_measure: one window of the same offered load, measured.
adaptive_measure() {
	start_traffic "$kbps" $((WARMUP + WINDOW + 10))
	sleep "$WARMUP"
	measure "$WINDOW"
	stop_traffic INT
}

# --- adaptive: until settled, then measured ---------------------------------
# Settled: a move, then none for QUIET seconds (or SETTLE_LIMIT reached).
# The policy changes once the traffic is steady, as in a window: the
# balancer's first samples at the streams' start (seen: one worker 167
# busy, on its way to 400) had it move the light SAs first, and the heavy
# ones left no move that fit (573/781).
if [ "$skewed" = 1 ]; then
	start_traffic "$kbps" $((WARMUP + SETTLE_LIMIT + 10))
	sleep "$WARMUP"
	xlb_set_param policy adaptive
	start=$SECONDS
	read_moves
	quiet_since=$SECONDS last=$MOVES first=$MOVES
	while ((SECONDS - start < SETTLE_LIMIT)); do
		sleep 0.5
		read_moves
		if [ "$MOVES" != "$last" ]; then
			last=$MOVES
			quiet_since=$SECONDS
		elif ((MOVES > first && SECONDS - quiet_since >= QUIET)); then
			break
		fi
	done
	settle_s=$((SECONDS - start))
	stop_traffic INT
	read_moves
	moves_before=$MOVES

	adaptive_measure
	# One more window if this one missed: a host that took the guest's
	# CPU for a while skews one 8 s mean (seen: 654/778 with three
	# guests on two cores); the balancer keeps working in between.
	read -r c0 c1 < <(printf '%s\n' "${!AVG_LOAD[@]}" | sort -n | tr '\n' ' ')
	if ! balanced "${AVG_LOAD[$c0]}" "${AVG_LOAD[$c1]}" ||
	   ((MOVES_DURING > 1)); then
		echo "# adaptive, first window: loads ${AVG_LOAD[$c0]}/${AVG_LOAD[$c1]}," \
			"$MOVES_DURING moves; measured once more"
		adaptive_measure
	fi
fi

# --- report -----------------------------------------------------------------
xlb_sas_read
echo "# worker   hash: busy  load   adaptive: busy  load   (thousandths, mean of $WINDOW s)"
for c in $(printf '%s\n' "${!HASH_BUSY[@]}" | sort -n); do
	printf '# cpu %-3s        %5s %5s             %5s %5s\n' "$c" \
		"${HASH_BUSY[$c]}" "${HASH_LOAD[$c]}" "${AVG_BUSY[$c]:--}" "${AVG_LOAD[$c]:--}"
done
echo "# SA          rate  offered/s  hash: cpu   pps   adaptive: cpu   pps  moves  fallbacks"
for n in 1 2 3 4; do
	s=$(spi_of "$n")
	printf '# %s  %4s  %9s        %3s %5s             %3s %5s  %5s  %9s\n' "$s" \
		"${RATE_OF[$n]}" $((kbps * RATE_OF[$n] * 1000 / 8 / WIRE)) \
		"${HASH_CPU[$n]}" "${HASH_PPS[$n]}" "${XLB_SA[xlb0 $s out cpu]}" \
		"${AVG_PPS[$n]:--}" "${XLB_SA[xlb0 $s out moves]}" "${XLB_SA[xlb0 $s out fallbacks]}"
done

# Decided by the kernel's build, never by the load read: under KASAN
# (the debug kernel) the guest carries a few percent of the offered load
# (8% seen), both workers' CPUs saturated by the sender, so no worker has
# room for adaptive to use.
if kasan_kernel; then
	echo "# KASAN kernel (loads $hash_cool to $hash_hot," \
		"$(carried_pct)% of the offered packets carried): adaptive not judged"
	for c in "load within $TOLERANCE%" "the balancer moved SAs" "placement settled"; do
		skip_case "adaptive: $c (KASAN kernel: too slow to carry the load)"
	done
elif [ "$skewed" = 1 ]; then
	echo "# adaptive (hotspot_threshold $hotspot): $moves_before moves in the $settle_s s it took to settle;" \
		"$MOVES_DURING while measured"
	read -r c0 c1 < <(printf '%s\n' "${!AVG_LOAD[@]}" | sort -n | tr '\n' ' ')
	check "adaptive: load within $TOLERANCE% or the gap at most half hash's (cpu $c0 ${AVG_LOAD[$c0]}, cpu $c1 ${AVG_LOAD[$c1]}; hash $hash_cool/$hash_hot)" \
		balanced "${AVG_LOAD[$c0]}" "${AVG_LOAD[$c1]}"
	check "adaptive: the balancer moved SAs ($moves_before moves)" test "$moves_before" -gt 0
	# One late move (a light SA nudged after QUIET s; seen on 6.1) is
	# damping at work; two would be the start of a back and forth.
	check "adaptive: placement settled within $SETTLE_LIMIT s and held, at most one move while measured ($MOVES_DURING)" \
		test "$MOVES_DURING" -le 1
else
	# One worker carried every SA and the other none, yet the loads
	# read even, or 0, or 1000 (seen on the debug kernel: both at 1000,
	# 3% of the offered load carried). These cases fail, they never
	# skip: a skip decided from the load, the quantity they test, would
	# pass a load metric stuck at 0 or 1000.
	why="hash's loads within $TOLERANCE% though one worker has every SA"
	((hash_cool >= 1000)) && why="load reads 1000 on every worker under a known load"
	((hash_hot <= 0)) && why="load reads 0 under a known load"
	echo "# $why (loads $hash_cool to $hash_hot):" \
		"$(carried_pct)% of the offered packets carried at $kbps kbit/s per unit"
	tap_result not-ok "adaptive: load within $TOLERANCE% ($why)"
	tap_result not-ok "adaptive: the balancer moved SAs ($why)"
	tap_result not-ok "adaptive: placement settled ($why)"
fi
bad=""
for n in 1 2 3 4; do
	s=$(spi_of "$n")
	for f in errors drops; do
		[ "${XLB_SA[xlb0 $s out $f]}" = 0 ] || bad+=" $s $f=${XLB_SA[xlb0 $s out $f]}"
	done
done
check "no errors or drops on the SAs${bad:+:$bad}" test -z "$bad"
check "kernel log has no warning, bug or splat" kernel_log_clean
tap_finish
