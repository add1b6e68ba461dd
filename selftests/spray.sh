#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One SA too heavy for one worker is sprayed over all of them, and its
# packets still leave in order. The SAs use ESN, with the high half 7 and
# the 2^32 wrap in the first packets (lib.sh ESN_START): the replay window
# and the ESN guess (replay.c) see sprayed, reordered-then-released
# packets across the wrap. IPv4 outer with AES-GCM sprayed and not, then
# sprayed again with IPv6 outer and AES-CBC with HMAC-SHA256 (whose ICV
# covers the ESN's high half, which AES-GCM's AAD carries).
#
# One tunnel ($GW 198.51.100.1 <-> $PEER 203.0.113.1) carries a bulk TCP
# stream, first out of $GW (its outbound SA offloaded to xlb0), then into
# it (its inbound SA offloaded). With spraying on, the SA must show
# sprayed=1, every worker must have processed a good share of its packets,
# and the per-SA order stage must hide that: outbound, $PEER's capture of
# the ESP on veth1 has every sequence number in order and none missing;
# inbound, $GW's stack drops nothing as replayed and its TCP receives every
# segment in order. The data arrive intact,
# and xlb counts no error, drop, late packet or order timeout. With
# spray_threshold 0 the same stream stays on one worker: the contrast.
#
# veth0 has a transmit queue per CPU, mapped to it by XPS, as a multi-queue
# NIC has: whichever worker releases them, an SA's packets must all leave
# by one queue (its home CPU's), or a NIC could reorder them on the wire.
#
# Only the SA under test is offloaded (the other direction, the ACKs, runs
# in software), so the workers' processed counters count its packets and
# nothing else. The balancer may not move SAs here (max_moves 0): the
# shares must come from spraying, not from the SA changing workers.
#
# Bounded work: the order stage hands on at most a budget of packets per
# release run, and a worker a batch before it lets the scheduler in; the
# lockup detectors are armed short (lib.sh lockup_detectors_arm), so a
# sprayed stream's release running away would fail the kernel log check.
#
# spray_threshold: under TCG the emulated stack, not AES-GCM, bounds a TCP
# stream (tens of Mbit/s), and the SA's crypto costs a worker a few
# hundred thousandths at most, below the default 700. XLB_SPRAY_THRESHOLD
# (default 100) is still far above what an idle SA or a ping costs. On the
# debug kernel 40: there the inbound SA's cost hovers about 100 (its
# highest sample 80, 96 and 123 in three runs), so at 100 it was sprayed
# only now and then, and one CI run's samples (every half second; the
# balancer decides every 100 ms) never caught it sprayed.
source "$(dirname "$0")/lib.sh"
require_cmd ip python3 tcpdump ethtool tc

THRESHOLD=${XLB_SPRAY_THRESHOLD:-$(if kasan_kernel; then echo 40; else echo 100; fi)}
# On the debug kernel an eighth: its ESP crawls (17 packets a second with
# KASAN under TCG), and 380 packets a run still take the spray, the order
# stage and both workers through every check.
BYTES=${XLB_SPRAY_BYTES:-$(if kasan_kernel; then echo 524288; else echo 4194304; fi)}
# Percent of the SA's packets each worker must process. The packets before
# the spray engages (its cost must first pass the threshold) all go to one
# worker: on the debug kernel's short runs, with its vCPUs in parallel,
# that prefix left the other worker 28% and 22% in two runs (115 and 89
# of 397). 10% still fails any run that was not sprayed (0%).
SHARE=10
ncpus=$(nproc)
[ "$ncpus" -ge 2 ] || skip_all "needs 2 or more online CPUs, has $ncpus"

# shellcheck disable=SC2119 # no module parameters
# XPS; out and in, each sprayed and not (9 and 7 cases), with IPv4 outer;
# out and in sprayed with IPv6 outer and CBC; the kernel log.
tap_plan $((1 + 2 * (9 + 7) + 9 + 7 + 1))
load_xlb
VETH0_TXQUEUES=$ncpus make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
# XPS: CPU c sends by queue c; mq shows each queue's packets.
xps_setup() {
	local c
	for ((c = 0; c < ncpus; c++)); do
		gw sh -c "printf '%x' $((1 << c)) >/sys/class/net/veth0/queues/tx-$c/xps_cpus" || return 1
	done
	gw tc qdisc replace dev veth0 root mq
}
# A kernel without packet scheduling (the debug kernel's tinyconfig) has no
# mq: the queue checks are skipped there, as a missing feature.
TXQ=0
if out=$(xps_setup 2>&1); then
	tap_result ok "veth0: $ncpus transmit queues, one per CPU (XPS), counted by mq"
	TXQ=1
elif grep -q "Operation not supported" <<<"$out"; then
	skip_case "veth0's transmit queues: this kernel has no mq qdisc (CONFIG_NET_SCHED)"
else
	tap_result not-ok "veth0: $ncpus transmit queues, one per CPU (XPS), counted by mq"
	sed 's/^/#   /' <<<"$out"
fi
# txq_packets: what each of veth0's transmit queues sent, as "tx-N=PACKETS"
# words in queue order. mq's child of queue N has parent MAJOR:N+1.
txq_packets() {
	gw tc -s qdisc show dev veth0 | awk '
		/^qdisc/ { q = -1; if ($4 == "parent") { split($5, p, ":"); q = p[2] - 1 } }
		$1 == "Sent" && q >= 0 { print q, $4 }' | sort -n |
		while read -r q n; do printf 'tx-%s=%s ' "$q" "$n"; done
}
# The peer's veth1 receives like a NIC's queue: on one CPU, in the order
# sent (lib.sh steer_rx); so does the gateway's veth0 for the inbound case.
steer_rx "$PEER" veth1 0 && steer_rx "$GW" veth0 0 ||
	{ tap_result not-ok "RPS steering on the veths"; tap_finish; exit; }
esp_inner_setup
CAPTURE=$(mktemp -d)
trap 'esp_capture_kill; rm -rf "$CAPTURE"; xlb_restore_params; cleanup_ns' EXIT
xlb_set_param max_moves 0
# The order stage's timeout (250 ms) is for a packet that never comes back.
# Under TCG a vCPU can sit still for longer while the other runs, more so
# on a busy host and under KASAN: a rehearsal of 2026-12-06 on the debug
# kernel counted 1 timeout and 1 late packet on a sprayed CBC+HMAC SA,
# slowness, not loss. 2 s, as migrate.sh has; a stuck packet still shows.
xlb_set_param order_timeout_ms 2000
lockup_detectors_arm

# tunnel_setup out|in ALG: SAs and policies on both sides; $GW's SA of
# that direction offloaded to xlb0, everything else in software.
tunnel_setup() {
	local out_alg in_alg gw_out="" gw_in=""
	local fwd="src $I_GW dst $I_PEER" rev="src $I_PEER dst $I_GW"
	out_alg=$(esp_alg_args "$2") && in_alg=$(esp_alg_args "$2") || return 1
	case $1 in
	out) gw_out="dev xlb0 dir out" ;;
	in) gw_in="dev xlb0 dir in" ;;
	esac
	{
		esp_sa "$O_GW" "$O_PEER" $ESP_SPI_OUT tunnel esn "$out_alg" "$gw_out" "$fwd"
		esp_sa "$O_PEER" "$O_GW" $ESP_SPI_IN tunnel esn "$in_alg" "$gw_in" "$rev"
		esp_policy "$I_GW" "$I_PEER" "$O_GW" "$O_PEER" tunnel
	} | ip -n "$GW" -batch - &&
		peer_tunnel_sas "$out_alg" "$in_alg"
}

# all_in_order REPORT PACKETS: esp_seq_report's REPORT counts PACKETS
# packets, none out of order, no sequence number skipped.
all_in_order() {
	[[ $1 =~ ^packets\ ([0-9]+)\ reordered\ 0\ gaps\ 0$ ]] &&
		[ "${BASH_REMATCH[1]}" -eq "$2" ]
}

# one_queue BEFORE AFTER PACKETS: prints what each queue sent in between;
# true if one queue sent all PACKETS and the others no more than the odd
# ARP or neighbour packet.
one_queue() {
	local -A before
	local w d max=0 sum=0 nq=0 out=""
	for w in $1; do before[${w%=*}]=${w#*=}; done
	for w in $2; do
		d=$((${w#*=} - ${before[${w%=*}]:-0}))
		out+="${w%=*} $d, "
		((d > max)) && max=$d
		sum=$((sum + d))
		nq=$((nq + 1))
	done
	echo "${out%, }"
	[ "$nq" -gt 1 ] && [ "$max" -ge "$3" ] && [ $((sum - max)) -le 10 ]
}

# run DIR SPRAY [FAMILY ALG]: one bulk transfer through the tunnel with the
# SA of direction DIR (out: $GW -> $PEER, in: $PEER -> $GW) offloaded and
# spray_threshold SPRAY, outer IP version FAMILY (4), ESP algorithm ALG
# (gcm128-icv16); checks as described at the top.
run() {
	local dir=$1 spray=$2 fam=${3:-4} alg=${4:-gcm128-icv16}
	local spi from to addr name sa pid rc c t0 secs
	local seen=0 cost_max=0 packets share_min=100 shares="" report="" d pct top
	local busy_ctr busy0 busy
	local capture_rc=0 ofo retrans txq_before txq_after
	esp_addrs "$fam" tunnel
	if [ "$dir" = out ]; then
		spi=$ESP_SPI_OUT from=$GW to=$PEER addr=$I_PEER
	else
		spi=$ESP_SPI_IN from=$PEER to=$GW addr=$I_GW
	fi
	name="$dir, spray_threshold $spray"
	[ "$fam$alg" = 4gcm128-icv16 ] || name="IPv$fam $alg $name"
	sa="xlb0 $(printf '0x%08x' "$spi") $dir"
	xlb_set_param spray_threshold "$spray"
	if ! tunnel_setup "$dir" "$alg"; then
		tap_result not-ok "$name: SAs and policies installed"
		esp_teardown
		return
	fi
	if [ "$dir" = out ]; then
		esp_capture "$GW" veth0 "$CAPTURE/gw.pcap" &&
		esp_capture "$PEER" veth1 "$CAPTURE/peer.pcap" ||
			echo "# tcpdump did not start"
	fi

	local -A before
	xlb_workers_read
	for c in "${XLB_CPUS[@]}"; do
		before[$c]=${XLB_WORKER[$c processed]}
	done
	# Crypted in line by choice (inline_busy, every CPU busy) on the
	# SA's home CPU: neither a worker's nor a fallback.
	[ "$dir" = out ] && busy_ctr=esp_tx_busy_inline || busy_ctr=esp_rx_busy_inline
	busy0=$(xlb_stat "$GW" xlb0 "$busy_ctr")
	ofo=$(net_counter "$to" TcpExt TCPOFOQueue)
	retrans=$(net_counter "$from" Tcp RetransSegs)
	[ "$TXQ" = 1 ] && txq_before=$(txq_packets)
	t0=$SECONDS
	tcp_transfer "$from" "$to" "$addr" "$BYTES" >"$CAPTURE/transfer" 2>&1 &
	pid=$!
	# The SA table while the stream runs: spraying ends soon after it.
	while kill -0 "$pid" 2>/dev/null; do
		sleep 0.5
		xlb_sas_read
		[ "${XLB_SA[$sa sprayed]:-0}" = 1 ] && seen=1
		((${XLB_SA[$sa cost]:-0} > cost_max)) && cost_max=${XLB_SA[$sa cost]}
	done
	wait "$pid"
	rc=$?
	secs=$((SECONDS - t0))
	[ "$TXQ" = 1 ] && txq_after=$(txq_packets)
	if [ "$dir" = out ]; then
		esp_capture_stop
		capture_rc=$?
	fi

	xlb_sas_read
	xlb_workers_read
	packets=${XLB_SA[$sa packets]}
	busy=$(($(xlb_stat "$GW" xlb0 "$busy_ctr") - busy0))
	for c in "${XLB_CPUS[@]}"; do
		d=$((${XLB_WORKER[$c processed]} - before[$c]))
		pct=$((packets > 0 ? d * 100 / packets : 0))
		shares+="cpu $c $d ($pct%) "
		((pct < share_min)) && share_min=$pct
	done
	echo "# $name: $BYTES bytes in ${secs} s, $packets ESP packets on SA $(printf '0x%x' "$spi")," \
		"sprayed seen: $seen, highest cost $cost_max; workers processed: $shares;" \
		"release runs continued later: ${XLB_SA[$sa deferred]};" \
		"in line by choice: $busy"

	check "$name: TCP data intact" eval "cat $CAPTURE/transfer; exit $rc"
	if [ "$spray" = 0 ]; then
		check "$name: never sprayed" test "$seen" = 0
		# One worker did it all (but what the sender did itself when its
		# queue was full, or by choice when every CPU was busy), every
		# other one nothing.
		top=0
		for c in "${XLB_CPUS[@]}"; do
			d=$((${XLB_WORKER[$c processed]} - before[$c]))
			((d > top)) && top=$d
		done
		check "$name: one worker processed all its packets ($shares)" \
			test "$top" -eq $((packets - ${XLB_SA[$sa fallbacks]} - busy)) -a "$share_min" -eq 0
	else
		check "$name: the SA was sprayed" test "$seen" = 1
		check "$name: every worker processed at least $SHARE% of its packets ($shares)" \
			test "$share_min" -ge "$SHARE"
	fi
	if [ "$dir" = out ]; then
		# What xlb handed to veth0, as the order stage released it, and
		# what $PEER received: the property asked for is the second; the
		# first tells xlb's order from what happened after it.
		check "$name: the captures lost nothing" test "$capture_rc" -eq 0
		report=$(esp_seq_report "$CAPTURE/gw.pcap" "$spi")
		check "$name: ESP handed to veth0 in order, none missing ($report)" \
			all_in_order "$report" "$packets"
		report=$(esp_seq_report "$CAPTURE/peer.pcap" "$spi")
		check "$name: ESP received on the peer's veth1 in order, none missing ($report)" \
			all_in_order "$report" "$packets"
		if [ "$TXQ" = 1 ]; then
			check "$name: its ESP left veth0 by one transmit queue (packets by queue: $(one_queue "$txq_before" "$txq_after" "$packets"))" \
				one_queue "$txq_before" "$txq_after" "$packets"
		else
			skip_case "$name: its ESP left veth0 by one transmit queue (no mq qdisc: CONFIG_NET_SCHED)"
		fi
	else
		local dropped
		dropped=$(esp_sa_dropped "$GW" "$O_PEER" "$O_GW" "$spi")
		check "$name: the gateway's stack dropped nothing as replayed or failed ($dropped)" \
			test "$dropped" = 0
		# What the replay check cannot see: packets reordered inside its
		# window. The peer sends in order and veth0 receives on one CPU,
		# so a segment the gateway's TCP had to queue out of order was
		# reordered by xlb (or lost, which the peer would retransmit).
		ofo=$(($(net_counter "$to" TcpExt TCPOFOQueue) - ofo))
		retrans=$(($(net_counter "$from" Tcp RetransSegs) - retrans))
		check "$name: the gateway's TCP received every segment in order (out-of-order $ofo, segments the peer retransmitted $retrans)" \
			test "$ofo" = 0
	fi
	check "$name: ESN: both of the gateway's SAs went past the 2^32 wrap ($(esp_esn_wrapped))" \
		esp_esn_wrapped
	check "$name: no errors, drops, late packets or order timeouts on the SA" \
		test "${XLB_SA[$sa errors]}${XLB_SA[$sa drops]}${XLB_SA[$sa late]}${XLB_SA[$sa timeouts]}" = 0000
	esp_teardown
	rm -f "$CAPTURE"/*.pcap*
}

run out "$THRESHOLD"
run out 0
run in "$THRESHOLD"
run in 0
run out "$THRESHOLD" 6 cbc128-sha256
run in "$THRESHOLD" 6 cbc128-sha256

check "kernel log has no warning, bug or splat" kernel_log_clean
tap_finish
