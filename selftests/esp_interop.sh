#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ESP interop: SAs offloaded to xlb0 against a peer running the stock
# kernel's software ESP with the same keys. For each case: both SAs are
# offloaded, ping, TCP and UDP flow both ways, the peer's SA counters agree
# with xlb's packet for packet, and xlb counted no error, drop or fallback.
#
# Cases: ALG x FAMILY x MODE x ESN where ALG is each accepted algorithm and
# key size (lib.sh ESP_ALGS), FAMILY 4, 6, 4in6, 6in4 (the last two tunnel
# only). XLB_ESP_MATRIX=full runs all 120; pairwise (the default) runs a
# subset in which every pair of parameter values occurs at least once;
# each, one in which every value occurs at least once. Then one fixed
# case (CBC+HMAC, ESN, IPv4 tunnel), and a few with xlb offload on both
# ends.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3 ethtool

MATRIX=${XLB_ESP_MATRIX:-pairwise}
TCP_BYTES=${XLB_ESP_TCP_BYTES:-262144}
UDP_COUNT=${XLB_ESP_UDP_COUNT:-50}

# The cases, counted apart from esp_cases (a generator that yields too few
# fails the plan): per algorithm 12 of the full matrix (tunnel: 4 families x
# 2 ESN; transport: 2 x 2), 4 pairwise (one per family: each algorithm-family
# pair needs its own), 1 each; 5 checks a case; one fixed case; 3 cases
# both offloaded with 6 checks; the kernel log.
declare -A PER_ALG=([full]=12 [pairwise]=4 [each]=1)
n_algs=$(wc -w <<<"$ESP_ALGS")
tap_plan $((5 * n_algs * ${PER_ALG[$MATRIX]:-0} + 5 + 3 * 6 + 1))
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_inner_setup

# Prints "alg family mode esn" lines.
esp_cases() {
	python3 - "$MATRIX" $ESP_ALGS <<'PY'
import itertools, sys
matrix, algs = sys.argv[1], sys.argv[2:]
fams, modes, esns = ["4", "6", "4in6", "6in4"], ["tunnel", "transport"], ["noesn", "esn"]
def valid(c):
    return c[2] == "tunnel" or c[1] in ("4", "6")
full = [c for c in itertools.product(algs, fams, modes, esns) if valid(c)]
if matrix == "full":
    cases = full
elif matrix == "each":
    # Every value of every parameter at least once, greedily.
    def values(c):
        return {(i, c[i]) for i in range(4)}
    todo = set().union(*(values(c) for c in full))
    cases = []
    while todo:
        best = max(full, key=lambda c: len(values(c) & todo))
        cases.append(best)
        todo -= values(best)
else:
    # Greedy pairwise cover: take the case covering most uncovered pairs.
    def pairs(c):
        return {(i, c[i], j, c[j]) for i in range(4) for j in range(i + 1, 4)}
    todo = set().union(*(pairs(c) for c in full))
    cases = []
    while todo:
        best = max(full, key=lambda c: len(pairs(c) & todo))
        cases.append(best)
        todo -= pairs(best)
for c in cases:
    print(" ".join(c))
PY
}

# counters_agree XLB_OUT XLB_IN ESN; on failure shows what the stack counted.
# Inbound, xlb decrypted what the stack then accepted or dropped for replay:
# veth may reorder packets between CPUs' backlogs before xlb sees them.
# An ESN case's SAs started ESN_WRAP_BEFORE packets below the 2^32 wrap
# with a non-zero high half (lib.sh esp_sa): both must be past it.
counters_agree() {
	local accepted dropped
	accepted=$(esp_sa_counter "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN packets)
	dropped=$(esp_sa_dropped "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN)
	[ "$1" -gt 0 ] && [ "$2" -gt 0 ] &&
	[ "$1" = "$(esp_sa_counter "$PEER" "$O_GW" "$O_PEER" $ESP_SPI_OUT packets)" ] &&
	[ "$2" = $((accepted + dropped)) ] &&
	{ [ "$3" != esn ] || esp_esn_wrapped; } && return 0
	gw ip -s xfrm state
	gw grep -v '\s0$' /proc/net/xfrm_stat
	peer grep -v '\s0$' /proc/net/xfrm_stat
	grep . /sys/kernel/debug/xlb/sas
	return 1
}

# esp_case PEERDEV ALG FAMILY MODE ESN: one interop case; PEERDEV is xlb1
# when the peer offloads too, else empty.
esp_case() {
	local peerdev=$1 alg=$2 fam=$3 mode=$4 esn=$5
	local name="$alg $fam $mode $esn${peerdev:+ both-offloaded}"
	local out in

	if ! esp_setup "$fam" "$mode" "$alg" "$esn"; then
		tap_result not-ok "$name: SAs and policies installed"
		esp_teardown
		return
	fi
	check "$name: both SAs offloaded to xlb0" \
		eval "esp_offloaded $GW $O_GW $O_PEER $ESP_SPI_OUT xlb0 &&
		      esp_offloaded $GW $O_PEER $O_GW $ESP_SPI_IN xlb0"
	check "$name: ping both ways" \
		eval "gw ping -c 1 -W 2 $I_PEER >/dev/null && peer ping -c 1 -W 2 $I_GW"
	check "$name: TCP and UDP both ways, intact, nothing lost" \
		exchange "$GW" "$I_GW" "$PEER" "$I_PEER" "$TCP_BYTES" "$UDP_COUNT"

	# Every ESP packet xlb0 encrypted reached the peer's SA, and every one
	# it decrypted is what the stack counted on its inbound SA.
	out=$(xlb_sa_stat xlb0 $ESP_SPI_OUT out packets)
	in=$(xlb_sa_stat xlb0 $ESP_SPI_IN in packets)
	local wrap=""
	[ "$esn" = esn ] && wrap=", both SAs across the 2^32 wrap"
	check "$name: counters agree$wrap (out: xlb $out, peer $(esp_sa_counter "$PEER" "$O_GW" "$O_PEER" $ESP_SPI_OUT packets); in: xlb $in, stack $(esp_sa_counter "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN packets) + $(esp_sa_dropped "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN) dropped)" \
		counters_agree "$out" "$in" "$esn"
	check "$name: no xlb errors, drops or fallbacks" \
		test "$(xlb_sa_stat xlb0 $ESP_SPI_OUT out errors)$(xlb_sa_stat xlb0 $ESP_SPI_OUT out drops)$(xlb_sa_stat xlb0 $ESP_SPI_OUT out fallbacks)$(xlb_sa_stat xlb0 $ESP_SPI_IN in errors)$(xlb_sa_stat xlb0 $ESP_SPI_IN in drops)$(xlb_sa_stat xlb0 $ESP_SPI_IN in fallbacks)" = 000000
	if [ -n "$peerdev" ]; then
		check "$name: peer's xlb1 carried both SAs" \
			test "$(xlb_sa_stat xlb1 $ESP_SPI_OUT in packets)" = "$out" -a \
			"$(xlb_sa_stat xlb1 $ESP_SPI_IN out packets)" = "$in"
	fi
	esp_teardown
}

while read -r alg fam mode esn; do
	esp_case "" "$alg" "$fam" "$mode" "$esn"
done < <(esp_cases)
# CBC+HMAC with ESN on IPv4 outer, which the smaller matrices leave out:
# the ICV covers the high half, which is non-zero and wraps (lib.sh).
esp_case "" cbc128-sha256 4 tunnel esn

# Offload on both ends: the peer stacks xlb1 on veth1 and takes its address.
ip -n "$PEER" addr flush dev veth1
ip -n "$PEER" link add link veth1 name xlb1 type xlb
ip -n "$PEER" addr add 192.0.2.2/24 dev xlb1
ip -n "$PEER" addr add 2001:db8::2/64 dev xlb1 nodad
ip -n "$PEER" link set xlb1 up
ip -n "$PEER" route add 198.51.100.1/32 via 192.0.2.1 src 203.0.113.1
ip -n "$PEER" route add 2001:db8:1::1/128 via 2001:db8::1 src 2001:db8:2::1
PEER_XLB=1
esp_case xlb1 gcm128-icv16 4 tunnel noesn
esp_case xlb1 cbc256-sha256 6 transport esn
esp_case xlb1 gcm256-icv12 4in6 tunnel esn
PEER_XLB=0

check "kernel log has no warning, bug or splat" kernel_log_clean
tap_finish
