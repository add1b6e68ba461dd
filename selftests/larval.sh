#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ESP for an SA the IKE daemon has allocated (ALLOCSPI) but not installed
# yet. At an IKEv2 rekey the responder sends on its new SA as soon as it
# has installed it; until the initiator's daemon installs its end (UPDSA),
# xfrm_input() drops those packets (XfrmAcquireError). xlb holds them
# (kmod/larval.c) and lets them through once the SA is installed: to its
# workers if the SA is offloaded to xlb0, to software ESP if not.
#
# `ip xfrm state allocspi` stands in for the daemon; the SA is ESN and its
# window crosses the 2^32 wrap with the held packets. IPv4 and IPv6 outer,
# the lower device with NAPI GRO off and on. Then the bounds: the hold
# expires, holds 256 packets at most, is off at larval_hold_ms=0, and lets
# go of what it holds when the larval state or xlb0 is deleted.
source "$(dirname "$0")/lib.sh"
require_cmd ip ethtool python3

# held_then_installed, 6 cases per family and GRO setting; software, 3 per
# family; GRO's steering, 1 per family; the bounds, 12; the kernel log.
tap_plan $((2 * 2 * 6 + 2 * 3 + 2 + 12 + 1))
load_xlb
trap 'xlb_restore_params; rm -f "$XFRM_STAT0"; cleanup_ns' EXIT
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_inner_setup
# Long enough for any case below under emulation, the debug kernel's too
# (python starts slowly there); the expiry case lowers it. The kernel keeps
# a larval state 30 s (net.core.xfrm_acq_expires): longer here, for the
# same reason.
xlb_set_param larval_hold_ms 30000
ip netns exec "$GW" sysctl -qw net.core.xfrm_acq_expires=600

# larval_prepare FAMILY: the addresses and the key of the next larval_setup
# (set here, not in a check's subshell).
larval_prepare() {
	esp_addrs "$1" tunnel
	LARVAL_ALG=$(esp_alg_args gcm128-icv16)
}

# larval_setup: PEER has the whole tunnel, in software; GW has its
# outbound SA (offloaded), the policies and, for the inbound SA, only the
# larval state `allocspi` makes, as pluto has between ALLOCSPI and UPDSA.
larval_setup() {
	local fwd="src $I_GW dst $I_PEER" rev="src $I_PEER dst $I_GW"
	{
		esp_sa "$O_GW" "$O_PEER" $ESP_SPI_OUT tunnel esn "$LARVAL_ALG" "" "$fwd"
		esp_sa "$O_PEER" "$O_GW" $ESP_SPI_IN tunnel esn "$LARVAL_ALG" "" "$rev"
		esp_policy "$I_PEER" "$I_GW" "$O_PEER" "$O_GW" tunnel
	} | ip -n "$PEER" -batch - || return 1
	{
		esp_sa "$O_GW" "$O_PEER" $ESP_SPI_OUT tunnel esn "$LARVAL_ALG" \
			"dev xlb0 dir out" "$fwd"
		esp_policy "$I_GW" "$I_PEER" "$O_GW" "$O_PEER" tunnel
	} | ip -n "$GW" -batch - || return 1
	ip -n "$GW" xfrm state allocspi src "$O_PEER" dst "$O_GW" proto esp \
		mode tunnel reqid 1 min $ESP_SPI_IN max $ESP_SPI_IN >/dev/null || return 1
	larval_state
}

# larval_state: GW's inbound SA is the larval one (no algorithm yet).
larval_state() {
	local s
	s=$(ip -n "$GW" xfrm state get src "$O_PEER" dst "$O_GW" proto esp spi $ESP_SPI_IN) ||
		return 1
	! grep -q aead <<<"$s" || { echo "$s"; return 1; }
}

# larval_install OFFLOAD: GW's daemon installs the inbound SA (UPDSA), with
# OFFLOAD ("dev xlb0 dir in") or in software ("").
larval_install() {
	esp_sa "$O_PEER" "$O_GW" $ESP_SPI_IN tunnel esn "$LARVAL_ALG" "$1" \
		"src $I_PEER dst $I_GW" | sed 's/^xfrm state add /xfrm state update /' |
		ip -n "$GW" -batch -
}

# sink_start COUNT: a UDP sink on GW's inner address for COUNT datagrams;
# sink_wait: what it got, "N of COUNT", in $SINK_GOT. Both in the script's
# own shell (a check's subshell cannot wait for the sink).
sink_start() {
	SINK_PORT=$((20000 + RANDOM % 20000))
	SINK_OUT=$(mktemp)
	# Its first datagram comes only once the SA is installed: on the debug
	# kernel that can be more than netcopy's usual 10 s after it starts.
	NETCOPY_WAIT=120 NETCOPY_READY=$SINK_OUT.ready ip netns exec "$GW" \
		python3 "$NETCOPY" udp-sink "$I_GW" "$SINK_PORT" "$1" >"$SINK_OUT" &
	SINK_PID=$!
	wait_for 120 test -e "$SINK_OUT.ready"
}
sink_wait() {
	wait "$SINK_PID"
	SINK_GOT=$(<"$SINK_OUT")
	rm -f "$SINK_OUT" "$SINK_OUT.ready"
}

# peer_send COUNT: COUNT numbered datagrams from the peer through the tunnel.
peer_send() {
	ip netns exec "$PEER" python3 "$NETCOPY" udp-send "$I_GW" "$SINK_PORT" "$1" >/dev/null
}

# stat_is NAME WANT: an ethtool -S counter of xlb0 has the value WANT.
stat_is() {
	local v
	v=$(xlb_stat "$GW" xlb0 "$1")
	[ "$v" = "$2" ] || { echo "$1 is $v, want $2"; return 1; }
}

# sent_and_held COUNT HELD0 ACQ0: the peer sent COUNT, xlb held them all,
# the stack dropped none as larval, nothing reached the sink.
sent_and_held() {
	peer_send "$1" || return 1
	wait_for 20 stat_is esp_rx_larval_held $(($2 + $1))
	echo "held $(($(xlb_stat "$GW" xlb0 esp_rx_larval_held) - $2)) of $1," \
		"dropped as larval $(($(xfrm_stat "$GW" XfrmAcquireError) - $3))," \
		"XfrmInNoStates $(xfrm_stat "$GW" XfrmInNoStates)"
	stat_is esp_rx_larval_held $(($2 + $1)) &&
		[ "$(xfrm_stat "$GW" XfrmAcquireError)" = "$3" ] &&
		larval_state
}

# counters_now: the counters the cases compare against, as they are now,
# into HELD0 EXP0 RX0 RXDROP0 ACQ0, and GW's xfrm_stat into $XFRM_STAT0.
XFRM_STAT0=$(mktemp)
counters_now() {
	ip netns exec "$GW" cat /proc/net/xfrm_stat >"$XFRM_STAT0"
	HELD0=$(xlb_stat "$GW" xlb0 esp_rx_larval_held)
	EXP0=$(xlb_stat "$GW" xlb0 esp_rx_larval_expired)
	RX0=$(xlb_stat "$GW" xlb0 esp_rx_packets)
	RXDROP0=$(xlb_stat "$GW" xlb0 esp_rx_dropped)
	ACQ0=$(xfrm_stat "$GW" XfrmAcquireError)
}

# went: where packets went since counters_now, for a case's words: what
# xlb held, expired and dropped, and the xfrm_stat counters that moved.
went() {
	local moved
	moved=$(ip netns exec "$GW" cat /proc/net/xfrm_stat |
		awk 'NR == FNR { was[$1] = $2; next }
		     $2 != was[$1] { printf " %s +%d", $1, $2 - was[$1] }' "$XFRM_STAT0" -)
	echo "held +$(($(xlb_stat "$GW" xlb0 esp_rx_larval_held) - HELD0))," \
		"expired +$(($(xlb_stat "$GW" xlb0 esp_rx_larval_expired) - EXP0))," \
		"xlb dropped +$(($(xlb_stat "$GW" xlb0 esp_rx_dropped) - RXDROP0)),${moved:- no xfrm_stat moved}"
}

# larval_begin FAMILY: a larval inbound SA (larval_prepare, larval_setup;
# not a case of its own), then counters_now.
larval_begin() {
	larval_prepare "$1"
	larval_setup || echo "# larval_setup failed"
	counters_now
}

# window_wrapped: GW's inbound window is in the high half after ESN_HI.
window_wrapped() {
	local hi
	hi=$(esp_esn_hi "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN)
	echo "inbound seq-hi ${hi% *}"
	[ "${hi% *}" = "$(printf '0x%x' $((ESN_HI + 1)))" ]
}

# held_then_installed FAMILY GRO: 6 cases. 20 datagrams from the peer
# while GW's inbound SA is larval are held, and all arrive once it is
# installed offloaded to xlb0, decrypted by xlb.
held_then_installed() {
	local fam=$1 gro=$2
	larval_prepare "$fam"
	check "IPv$fam GRO $gro: GW's inbound SA is larval (allocspi)" larval_setup
	counters_now
	sink_start 20
	check "IPv$fam GRO $gro: 20 datagrams from the peer held, none dropped as larval" \
		sent_and_held 20 "$HELD0" "$ACQ0"
	check "IPv$fam GRO $gro: installed offloaded to xlb0 (UPDSA)" eval \
		"larval_install 'dev xlb0 dir in' &&
		 esp_offloaded $GW $O_PEER $O_GW $ESP_SPI_IN xlb0"
	sink_wait
	check "IPv$fam GRO $gro: all 20 arrive intact ($SINK_GOT; $(went))" test "$SINK_GOT" = "20 of 20"
	check "IPv$fam GRO $gro: xlb decrypted them; none expired, none dropped as larval" eval \
		"test \"\$(xlb_sa_stat xlb0 $ESP_SPI_IN in packets)\" = 20 &&
		 stat_is esp_rx_packets $((RX0 + 20)) &&
		 stat_is esp_rx_larval_expired $EXP0 &&
		 test \"\$(xfrm_stat \"\$GW\" XfrmAcquireError)\" = $ACQ0 &&
		 test \"\$(esp_sa_counter $GW $O_PEER $O_GW $ESP_SPI_IN packets)\" = 20"
	check "IPv$fam GRO $gro: the window took them across the 2^32 wrap" \
		window_wrapped
	esp_teardown
}

# held_then_software FAMILY: 3 cases. The same, installed in software: the
# held packets go to the stack's ESP, not to xlb's workers.
held_then_software() {
	local fam=$1
	larval_begin "$fam"
	sink_start 20
	check "IPv$fam software: 20 datagrams held for the larval SA" \
		sent_and_held 20 "$HELD0" "$ACQ0"
	INSTALLED=yes
	larval_install "" || INSTALLED="no: ip xfrm state update failed"
	sink_wait
	check "IPv$fam software: installed in software ($INSTALLED), all 20 arrive intact ($SINK_GOT; $(went))" \
		test "$INSTALLED $SINK_GOT" = "yes 20 of 20"
	check "IPv$fam software: decrypted by the stack, not by xlb" eval \
		"stat_is esp_rx_packets $RX0 &&
		 test \"\$(esp_sa_counter $GW $O_PEER $O_GW $ESP_SPI_IN packets)\" = 20"
	esp_teardown
}

held_then_installed 4 off
held_then_installed 6 off
held_then_software 4
held_then_software 6
lower_gro_on
for fam in 4 6; do
	steer0=$(xlb_stat "$GW" xlb0 esp_rx_gro_steered)
	held_then_installed "$fam" on
	check "IPv$fam GRO on: GRO steered the held ones to xlb" eval \
		"test \$((\$(xlb_stat $GW xlb0 esp_rx_gro_steered) - $steer0)) -ge 20"
done

# --- bounds ---------------------------------------------------------------
# Expiry: held larval_hold_ms at most, then dropped and counted; the SA
# installed afterwards carries what comes next.
larval_begin 4
xlb_set_param larval_hold_ms 200
SINK_PORT=9
check "expiry: 20 held at larval_hold_ms=200" \
	sent_and_held 20 "$HELD0" "$ACQ0"
check "expiry: all 20 dropped and counted once 200 ms passed" \
	wait_for 20 stat_is esp_rx_larval_expired $((EXP0 + 20))
xlb_set_param larval_hold_ms 30000
larval_install "dev xlb0 dir in"
check "expiry: then installed, the SA carries new traffic" \
	udp_transfer "$PEER" "$GW" "$I_GW" 20
check "expiry: the expired ones never reached the stack (SA counted 20)" eval \
	"test \"\$(esp_sa_counter $GW $O_PEER $O_GW $ESP_SPI_IN packets)\" = 20"
esp_teardown

# The bound in packets: 256 held, what comes beyond is the stack's to drop.
larval_begin 4
sink_start 256
peer_send 300
# bounded HELD0 ACQ0: 256 more held, 44 more dropped by the stack.
bounded() {
	wait_for 20 stat_is esp_rx_larval_held $(($1 + 256))
	local held acq
	held=$(xlb_stat "$GW" xlb0 esp_rx_larval_held)
	acq=$(xfrm_stat "$GW" XfrmAcquireError)
	echo "held $((held - $1)), dropped as larval $((acq - $2))"
	[ $((held - $1)) = 256 ] && [ $((acq - $2)) = 44 ]
}
check "bound: of 300, 256 held and 44 dropped by the stack as larval" \
	bounded "$HELD0" "$ACQ0"
larval_install "dev xlb0 dir in"
sink_wait
check "bound: installed, the 256 held arrive intact ($SINK_GOT; $(went))" \
	test "$SINK_GOT" = "256 of 256"
esp_teardown

# Off: larval_hold_ms=0 holds nothing, as the stock kernel.
larval_begin 4
xlb_set_param larval_hold_ms 0
SINK_PORT=9
peer_send 20
check "off: larval_hold_ms=0 holds none, the stack drops all 20 as larval" eval \
	"wait_for 20 test \"\$(xfrm_stat \"\$GW\" XfrmAcquireError)\" = $((ACQ0 + 20)) &&
	 stat_is esp_rx_larval_held $HELD0"
check_fails "larval_hold_ms: 30001 refused" "Numerical result out of range|Invalid" \
	xlb_set_param larval_hold_ms 30001
xlb_set_param larval_hold_ms 30000
esp_teardown

# The larval state deleted (the daemon gave up): what was held goes to the
# stack, which drops it as ESP of no SA.
larval_begin 4
nostate0=$(xfrm_stat "$GW" XfrmInNoStates)
SINK_PORT=9
check "deleted: 20 held for the larval SA" \
	sent_and_held 20 "$HELD0" "$ACQ0"
ip -n "$GW" xfrm state delete src "$O_PEER" dst "$O_GW" proto esp spi $ESP_SPI_IN
check "deleted: the state deleted, the stack drops the 20 as ESP of no SA" \
	wait_for 20 eval "test \$(xfrm_stat \"\$GW\" XfrmInNoStates) -ge $((nostate0 + 20))"
esp_teardown

# xlb0 deleted while it holds packets: they are freed with it (kmemleak
# and the device's references are the runner's to check on debug).
larval_begin 4
SINK_PORT=9
check "xlb0 deleted: 20 held" \
	sent_and_held 20 "$HELD0" "$ACQ0"
check "xlb0 deleted while holding them; rmmod xlb works after" eval \
	"esp_teardown && ip -n $GW link del xlb0 && rmmod_xlb && modprobe xlb"
check "kernel log clean" kernel_log_clean
tap_finish
