#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inbound offload on a gateway that has xfrm_interface loaded, as every
# gateway with route-based tunnels does (libreswan's ipsec-interface=,
# strongSwan, `ip link add type xfrm`). The module puts its own ESP
# handler ahead of esp4's and esp6's, and that handler checks a packet
# which already carries a sec_path against the inbound policy, outer
# header against the SA's selector: when xlb delivered its decrypted ESP
# up through the IP layer, every packet of a policy-based SA with a
# selector was dropped there (XfrmInStateMismatch) and no inbound tunnel
# through xlb carried anything (kmod/rx.c xlb_rx_xfrm_input()).
#
# With the module loaded, for IPv4 and IPv6 outer:
# - policy-based ESN SAs with selectors, tunnel and transport mode, both
#   directions offloaded, the high half non-zero and crossing the 2^32
#   wrap: a TCP transfer from the peer arrives intact, xlb decrypts at
#   least 99% of the inbound SA's packets, the stack counts no state
#   mismatch and no drop on it;
# - route-based: an XFRM interface ipsec1 on xlb0 and if_id SAs offloaded
#   to xlb0: transfers both ways arrive intact, xlb does at least 99% of
#   each SA's crypto, and what xlb decrypted arrives on ipsec1.
#
# xfrm_interface stays loaded: run_selftests.sh runs this after the ESP
# matrix (esp_interop.sh), so that matrix runs without the module and the
# inbound scripts after this one run with it. The debug kernel has it
# built in: there every script runs with it.
source "$(dirname "$0")/lib.sh"
require_cmd ip python3 ethtool

IF_ID=7
BYTES=$(scaled_bytes 1048576)

# xfrmi_works: the kernel makes XFRM interfaces, by the module (loaded
# here) or built in (the debug kernel: no /sys/module entry then).
xfrmi_works() {
	ip link add xlb-xfrmi-probe type xfrm if_id 1 2>/dev/null &&
		ip link del xlb-xfrmi-probe
}
modprobe xfrm_interface 2>/dev/null
if ! xfrmi_works; then
	# Decided by the kernel's build: the module is neither there nor built in.
	modinfo xfrm_interface >/dev/null 2>&1 ||
		skip_all "this kernel has no XFRM interfaces (CONFIG_XFRM_INTERFACE)"
fi

# The module; per family, tunnel and transport (7 each) and route-based
# (8); the kernel log.
tap_plan $((1 + 2 * (2 * 7 + 8) + 1))
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_inner_setup
check "xfrm_interface is loaded or built in, its ESP handlers ahead of esp4's and esp6's" \
	xfrmi_works

mismatches() {
	ip netns exec "$GW" awk '$1 == "XfrmInStateMismatch" { print $2 }' /proc/net/xfrm_stat
}

# inbound_share NAME SPI: xlb decrypted at least 99% of what the stack
# counted on $GW's inbound SA SPI, which carried a transfer.
inbound_share() {
	local sa xlb
	sa=$(esp_sa_counter "$GW" "$O_PEER" "$O_GW" "$2" packets)
	xlb=$(xlb_sa_stat xlb0 "$2" in packets)
	check "$1: xlb decrypted at least 99% of the inbound SA's packets ($xlb of $sa)" \
		test "$sa" -ge 100 -a $((100 * xlb)) -ge $((99 * sa))
}

# policy_based FAMILY MODE: 7 cases.
policy_based() {
	local name="IPv$1 $2" miss0
	esp_addrs "$1" "$2"
	check "$name: ESN SAs with selectors offloaded to xlb0" eval \
		"esp_setup $1 $2 gcm128-icv16 esn &&
		 esp_offloaded $GW $O_PEER $O_GW $ESP_SPI_IN xlb0"
	miss0=$(mismatches)
	check "$name: $BYTES bytes of TCP from the peer, intact" \
		tcp_transfer "$PEER" "$GW" "$I_GW" "$BYTES"
	inbound_share "$name" $ESP_SPI_IN
	check "$name: the stack counted no state mismatch (XfrmInStateMismatch $miss0 -> $(mismatches))" \
		test "$(mismatches)" = "$miss0"
	check "$name: and dropped nothing on the SA" \
		test "$(esp_sa_dropped "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN)" = 0
	check "$name: no xlb error, drop or fallback on the SA" eval \
		"test \"\$(xlb_sa_stat xlb0 $ESP_SPI_IN in errors)\$(xlb_sa_stat xlb0 $ESP_SPI_IN in drops)\$(xlb_sa_stat xlb0 $ESP_SPI_IN in fallbacks)\" = 000"
	check "$name: ESN: both SAs went past the 2^32 wrap ($(esp_esn_wrapped))" \
		esp_esn_wrapped
	esp_teardown
}

# route_sas: $GW's SAs (if_id, no selector, offloaded to xlb0) and its
# policies for ipsec1; $PEER's policy-based software SAs.
route_sas() {
	local alg any=0.0.0.0/0
	alg=$(esp_alg_args gcm128-icv16) || return 1
	[ "${O_GW#*:}" = "$O_GW" ] || any=::/0
	{
		echo "$(esp_sa "$O_GW" "$O_PEER" $ESP_SPI_OUT tunnel esn "$alg" "dev xlb0 dir out" "") if_id $IF_ID"
		echo "$(esp_sa "$O_PEER" "$O_GW" $ESP_SPI_IN tunnel esn "$alg" "dev xlb0 dir in" "") if_id $IF_ID"
		echo "xfrm policy add src $any dst $any dir out tmpl src $O_GW dst $O_PEER proto esp reqid 1 mode tunnel if_id $IF_ID"
		echo "xfrm policy add src $any dst $any dir in tmpl src $O_PEER dst $O_GW proto esp reqid 1 mode tunnel if_id $IF_ID"
	} | ip -n "$GW" -batch - &&
		peer_tunnel_sas "$alg"
}

# ipsec1_rx: packets ipsec1 received.
ipsec1_rx() {
	gw cat /sys/class/net/ipsec1/statistics/rx_packets
}

# route_based FAMILY: 8 cases. $GW routes the peer's inner address into
# ipsec1; the peer runs plain policy-based tunnel mode.
route_based() {
	local name="IPv$1 route-based" plen=32 rx0 sa
	esp_addrs "$1" tunnel
	[ "$1" = 6 ] && plen=128
	check "$name: ipsec1 (if_id $IF_ID) on xlb0, the peer's inner address routed into it" eval \
		"gw ip link add ipsec1 type xfrm dev xlb0 if_id $IF_ID &&
		 gw ip link set ipsec1 up &&
		 gw ip route replace $I_PEER/$plen dev ipsec1 src $I_GW"
	check "$name: if_id ESN SAs offloaded to xlb0" eval \
		"route_sas && esp_offloaded $GW $O_PEER $O_GW $ESP_SPI_IN xlb0"
	rx0=$(ipsec1_rx)
	check "$name: $BYTES bytes of TCP from the peer, intact" \
		tcp_transfer "$PEER" "$GW" "$I_GW" "$BYTES"
	inbound_share "$name" $ESP_SPI_IN
	sa=$(esp_sa_counter "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN packets)
	check "$name: what xlb decrypted arrived on ipsec1 ($(($(ipsec1_rx) - rx0)) packets, the SA $sa)" \
		test $(($(ipsec1_rx) - rx0)) -ge "$sa"
	check "$name: $BYTES bytes of TCP to the peer, intact" \
		tcp_transfer "$GW" "$PEER" "$I_PEER" "$BYTES"
	local out xout
	out=$(esp_sa_counter "$GW" "$O_GW" "$O_PEER" $ESP_SPI_OUT packets)
	xout=$(xlb_sa_stat xlb0 $ESP_SPI_OUT out packets)
	check "$name: xlb encrypted at least 99% of the outbound SA's packets ($xout of $out)" \
		test "$out" -ge 100 -a $((100 * xout)) -ge $((99 * out))
	check "$name: no xlb error or drop on either SA" eval \
		"test \"\$(xlb_sa_stat xlb0 $ESP_SPI_IN in errors)\$(xlb_sa_stat xlb0 $ESP_SPI_IN in drops)\$(xlb_sa_stat xlb0 $ESP_SPI_OUT out errors)\$(xlb_sa_stat xlb0 $ESP_SPI_OUT out drops)\" = 0000"
	esp_teardown
	gw ip link del ipsec1
	if [ "$1" = 4 ]; then
		gw ip route replace 203.0.113.1/32 via 192.0.2.2 src 198.51.100.1
	else
		gw ip route replace 2001:db8:2::1/128 via 2001:db8::2 src 2001:db8:1::1
	fi
}

for fam in 4 6; do
	policy_based "$fam" tunnel
	policy_based "$fam" transport
	route_based "$fam"
done
check "kernel log has no warning, bug or splat" kernel_log_clean
tap_finish
