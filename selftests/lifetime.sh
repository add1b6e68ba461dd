#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An outbound SA offloaded to xlb0 counts its lifetime in wire packets, as
# software ESP does: the stack hands xlb0 TCP's GSO packets whole and
# counts each once, the peer counts every ESP packet.
#
#   $GW: TCP from 198.51.100.1 / 2001:db8:1::1, ESP by xlb0 (GSO on)
#        ==> veth ==> $PEER: software ESP, to 203.0.113.1 / 2001:db8:2::1
#
# Per case: a stream arrives intact; the sender's packet and byte counts are
# the peer's (both count what ESP protects: the inner packet in tunnel
# mode, the transport header and payload in transport mode). Then a packet
# soft limit fires an expire at its very count and the hard limit stops
# the SA after exactly that many packets.
#
# An inbound SA offloaded to xlb0 has its lifetime checked when xlb admits
# a packet, before any crypto, as software ESP checks it: with echo
# requests arriving one at a time, the soft and hard expires come at the
# counts they name and the hard limit lets exactly that many through.
source "$(dirname "$0")/lib.sh"
require_cmd ip python3 ethtool

ALG=gcm128-icv16
STREAM_BYTES=${XLB_LIFETIME_BYTES:-524288}
SOFT=200
HARD=500
# family mode esn
CASES=("4 tunnel noesn" "6 tunnel esn" "4 transport esn" "6in4 tunnel noesn")
LIMIT_CASES=("4 tunnel noesn" "6 tunnel esn")
IN_SOFT=20
IN_HARD=50
IN_LIMIT_CASES=("4 tunnel esn" "6 transport noesn")

tap_plan $((1 + 3 * ${#CASES[@]} + 4 * ${#LIMIT_CASES[@]} + 5 * ${#IN_LIMIT_CASES[@]} + 1))
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_inner_setup

# xlb0 offers TSO: TCP hands it GSO packets, which is what is counted here.
check "xlb0 offers TCP segmentation to the stack" \
	bash -c "ip netns exec $GW ethtool -k xlb0 | grep -q '^tcp-segmentation-offload: on'"

# counted NS SRC DST SPI: "BYTES PACKETS" of an SA's lifetime counters.
counted() {
	echo "$(esp_sa_counter "$@" bytes) $(esp_sa_counter "$@" packets)"
}

for c in "${CASES[@]}"; do
	read -r family mode esn <<<"$c"
	name="$family $mode $esn"
	esp_setup "$family" "$mode" $ALG "$esn" || exit 1
	check "$name: a $STREAM_BYTES-byte TCP stream arrives intact" \
		tcp_transfer "$GW" "$PEER" "$I_PEER" "$STREAM_BYTES"
	read -r sb sp <<<"$(counted "$GW" "$O_GW" "$O_PEER" $ESP_SPI_OUT)"
	read -r rb rp <<<"$(counted "$PEER" "$O_GW" "$O_PEER" $ESP_SPI_OUT)"
	check "$name: the sender counted every packet the peer counted ($sp, $rp)" \
		test "$sp" = "$rp" -a "$rp" -gt 0
	check "$name: the sender counted the bytes the peer counted ($sb, $rb)" \
		test "$sb" = "$rb" -a "$rb" -gt 0
	esp_teardown
done

# expires FILE [SPI]: "HARD PACKETS" per expire that `ip -s xfrm monitor
# expire` printed for SPI (default $ESP_SPI_OUT).
expires() {
	awk -v spi="$(printf '0x%08x' "${2:-$ESP_SPI_OUT}")" '
		/^Expired/ { mine = 0; packets = "" }
		/proto esp spi/ { mine = ($0 ~ "spi " spi) }
		/\(packets\)/ { gsub(/[(),a-z]/, " "); packets = $2 }
		/^[[:space:]]*hard [01]/ && mine { print $2, packets }' "$1"
}

# tcp_closed: no TCP connection to or from $I_PEER is still closing. A
# peer's retransmitted FIN would have a TIME_WAIT socket answer through the
# next case's SA: a second sender, which a limit checked on one flow must
# not see.
tcp_closed() {
	local ns addr=$I_PEER
	[ "${addr#*:}" != "$addr" ] && addr="[$addr]"
	for ns in "$GW" "$PEER"; do
		[ -z "$(ip netns exec "$ns" ss -tanH state fin-wait-1 state fin-wait-2 \
			state closing state last-ack state close-wait \
			"( src $addr or dst $addr )")" ] || return 1
	done
}

# stream_until_hard MONITOR_FILE: TCP through the SA until the monitor
# saw its hard expire (or 120 s passed).
stream_until_hard() {
	local port=$((20000 + RANDOM % 20000)) sink send
	ip netns exec "$PEER" python3 "$NETCOPY" tcp-sink "$I_PEER" $port >/dev/null 2>&1 &
	sink=$!
	ip netns exec "$GW" python3 "$NETCOPY" tcp-send "$I_PEER" $port \
		$((64 * STREAM_BYTES)) >/dev/null 2>&1 &
	send=$!
	wait_for 120 grep -q '^[[:space:]]*hard 1' "$1"
	kill "$send" "$sink" 2>/dev/null
	wait "$send" "$sink" 2>/dev/null
	return 0
}

for c in "${LIMIT_CASES[@]}"; do
	read -r family mode esn <<<"$c"
	name="$family $mode $esn, packet-soft $SOFT packet-hard $HARD"
	ESP_GW_OUT_LIMITS="packet-soft $SOFT limit packet-hard $HARD" \
		esp_setup "$family" "$mode" $ALG "$esn" || exit 1
	wait_for 60 tcp_closed || echo "# still closing: $(ip netns exec "$PEER" ss -tanH)"
	mon=$(mktemp)
	ip -n "$GW" -s xfrm monitor expire >"$mon" 2>&1 &
	monpid=$!
	sleep 0.5
	before=$(esp_sa_counter "$PEER" "$O_GW" "$O_PEER" $ESP_SPI_OUT packets)
	stream_until_hard "$mon"
	after=$(esp_sa_counter "$PEER" "$O_GW" "$O_PEER" $ESP_SPI_OUT packets)
	kill "$monpid"
	wait "$monpid" 2>/dev/null
	got=$(expires "$mon")
	check "$name: the soft expire came at packet $SOFT ($(grep '^0 ' <<<"$got"))" \
		test "$(grep -c '^0 ' <<<"$got")" = 1 -a "$(grep '^0 ' <<<"$got")" = "0 $SOFT"
	check "$name: the hard expire came at packet $HARD ($(grep '^1 ' <<<"$got"))" \
		test "$(grep '^1 ' <<<"$got")" = "1 $HARD"
	check "$name: the sender's SA is gone" \
		bash -c "! ip -n $GW xfrm state get src $O_GW dst $O_PEER proto esp spi $ESP_SPI_OUT &>/dev/null"
	check "$name: the peer received exactly $HARD packets on it ($before, then $after)" \
		test "$before" = 0 -a "$after" = "$HARD"
	[ "${XLB_LIFETIME_DEBUG:-0}" = 1 ] && sed 's/^/# /' "$mon"
	rm -f "$mon"
	esp_teardown
done

for c in "${IN_LIMIT_CASES[@]}"; do
	read -r family mode esn <<<"$c"
	name="inbound $family $mode $esn, packet-soft $IN_SOFT packet-hard $IN_HARD"
	ESP_GW_IN_LIMITS="packet-soft $IN_SOFT limit packet-hard $IN_HARD" \
		esp_setup "$family" "$mode" $ALG "$esn" || exit 1
	mon=$(mktemp)
	ip -n "$GW" -s xfrm monitor expire >"$mon" 2>&1 &
	monpid=$!
	sleep 0.5
	rx0=$(xlb_stat "$GW" xlb0 esp_rx_packets)
	expired0=$(xfrm_stat "$GW" XfrmInStateExpired)
	answered=$(ip netns exec "$PEER" python3 "$NETCOPY" ping "$I_GW" $((IN_HARD + 10)))
	rx=$(($(xlb_stat "$GW" xlb0 esp_rx_packets) - rx0))
	expired=$(($(xfrm_stat "$GW" XfrmInStateExpired) - expired0))
	wait_for 10 grep -q '^[[:space:]]*hard 1' "$mon"
	kill "$monpid"
	wait "$monpid" 2>/dev/null
	got=$(expires "$mon" $ESP_SPI_IN)
	check "$name: the soft expire came at packet $IN_SOFT ($(grep '^0 ' <<<"$got"))" \
		test "$(grep -c '^0 ' <<<"$got")" = 1 -a "$(grep '^0 ' <<<"$got")" = "0 $IN_SOFT"
	check "$name: the hard expire came at packet $IN_HARD ($(grep '^1 ' <<<"$got"))" \
		test "$(grep '^1 ' <<<"$got")" = "1 $IN_HARD"
	check "$name: exactly $IN_HARD of $((IN_HARD + 10)) echo requests were answered ($answered)" \
		test "$answered" = "$IN_HARD of $((IN_HARD + 10))"
	check "$name: xlb decrypted them ($rx), the next was refused as expired (XfrmInStateExpired +$expired)" \
		test "$rx" -ge "$IN_HARD" -a "$expired" -ge 1
	check "$name: the receiver's SA is gone" \
		bash -c "! ip -n $GW xfrm state get src $O_PEER dst $O_GW proto esp spi $ESP_SPI_IN &>/dev/null"
	rm -f "$mon"
	esp_teardown
done

check "the kernel logged no warning, oops or leak" kernel_log_clean
tap_finish
