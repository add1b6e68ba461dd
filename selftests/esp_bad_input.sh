#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad ESP sent to SAs offloaded to xlb0 is dropped and counted where the
# stack counts it, and nothing breaks: a wrong ICV (xlb's worker finds it),
# packets too short or of a length the cipher cannot take (passed to the
# stack untouched), a bad pad length behind a valid ICV, replays (refused
# by the replay window before any crypto: a flood of them costs no worker
# anything), unknown
# SPIs, garbage in IP protocol 50. Good ESP that arrives as IP fragments
# (xlb passes them on; the stack reassembles and decrypts) or with bytes
# after the IP packet (Ethernet padding) is accepted. Each case checks that
# exactly the expected counters moved, by exactly the expected amount:
# /proc/net/xfrm_stat, xlb's esp_rx_* (ethtool -S) and the stats of the
# GW's inbound SAs (ip -s xfrm state). Afterwards the tunnel still carries
# traffic both ways and the kernel has not complained.
#
# espcraft.py (scapy) builds the packets, sends them from $PEER's veth1
# straight to veth0 and reads the counters; the keys are fixed so that it
# can encrypt. Every process started costs about half a second in the
# TCG guest, so the cases start none and the setup uses `ip -batch`.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3 ethtool dmesg
ESPCRAFT="$(cd "$(dirname "$0")" && pwd)/espcraft.py"

# AES-GCM-128 with a 16-byte ICV (key, salt), and AES-CBC-128 with
# HMAC-SHA256-128 on a second inbound SA. Test keys, nothing else.
GCM_KEY=000102030405060708090a0b0c0d0e0f10111213
GCM_ALG="aead rfc4106(gcm(aes)) 0x$GCM_KEY 128"
CBC_ENC=202122232425262728292a2b2c2d2e2f
CBC_AUTH=303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f
CBC_ALG="enc cbc(aes) 0x$CBC_ENC auth-trunc hmac(sha256) 0x$CBC_AUTH 128"
CBC_SPI=0x2003		# $PEER -> $GW, AES-CBC; only the GW has it
ESN_SPI=0x2004		# $PEER -> $GW, AES-GCM with ESN; only the GW has it
ESN_TOP=0xfffff000	# its window's top when it is added, high half 7
XLBCTL="$(cd "$(dirname "$0")/.." && pwd)/userspace/xlbctl"
UNKNOWN_SPI=0x3003	# no SA anywhere

# shellcheck disable=SC2119 # no module parameters
tap_plan 46
load_xlb
make_pair

# --- the crafter: one process for the whole test ---------------------------
# Started first: it loads scapy (seconds) while the setup runs.
coproc CRAFT {
	ip netns exec "$GW" python3 "$ESPCRAFT" \
		--peer-netns "$PEER" --peer-dev veth1 --gw-dev veth0 --xlb xlb0 \
		--gw-addrs 192.0.2.1,2001:db8::1 \
		--v4 192.0.2.2,192.0.2.1,203.0.113.1,198.51.100.1 \
		--v6 2001:db8::2,2001:db8::1,2001:db8:2::1,2001:db8:1::1 \
		--sa "gcm:$ESP_SPI_IN:gcm:$GCM_KEY" \
		--sa "cbc:$CBC_SPI:cbc-sha256:$CBC_ENC$CBC_AUTH" \
		--sa "esn:$ESN_SPI:gcm:$GCM_KEY" 2>&1
}
CRAFT_IN=${CRAFT[1]}
CRAFT_OUT=${CRAFT[0]}
CRAFTER=$!

# Ends the crafter (it exits at the end of its input) before the namespaces go.
stop_craft() {
	if [ -n "${CRAFT_IN:-}" ]; then
		exec {CRAFT_IN}>&-
		CRAFT_IN=
		wait "$CRAFTER" 2>/dev/null
	fi
}
# A hold of the workers (the ESN cases) ends with the script, however.
trap 'echo 0 >/sys/kernel/debug/xlb/hold_workers_ms 2>/dev/null
      xlb_restore_params; stop_craft; cleanup_ns' EXIT

# craft_answer: reads espcraft.py's answer, "ok" (or "ready") or "fail:
# WHY". What came before it (counters, a traceback) and WHY are left in
# CRAFT_SAID.
CRAFT_SAID=""
craft_answer() {
	local reply
	CRAFT_SAID=""
	while read -r -t 60 reply <&"$CRAFT_OUT"; do
		case $reply in
		ok|ready) return 0 ;;
		fail:*) CRAFT_SAID+=${CRAFT_SAID:+$'\n'}${reply#fail: }; return 1 ;;
		*) CRAFT_SAID+=${CRAFT_SAID:+$'\n'}$reply ;;
		esac
	done
	CRAFT_SAID+=${CRAFT_SAID:+$'\n'}"espcraft.py did not answer"
	return 1
}

craft() {			# craft REQUEST: see espcraft.py
	if ! kill -0 "$CRAFTER" 2>/dev/null; then
		CRAFT_SAID="espcraft.py is gone"
		return 1
	fi
	echo "$*" >&"$CRAFT_IN"
	craft_answer
}

tap_comment() {		# tap_comment TEXT: as TAP comment lines
	local line
	while IFS= read -r line; do
		echo "#   $line"
	done <<<"$1"
}

# esp_case DESCRIPTION "PACKET..." NAME+N...: sends the packet(s), then
# checks that exactly the named counters moved, each by exactly N.
esp_case() {
	local desc=$1 pkt=$2
	shift 2
	if craft snapshot && craft send "$pkt" && craft expect "$@"; then
		tap_result ok "$desc"
	else
		tap_result not-ok "$desc"
		tap_comment "$CRAFT_SAID"
		echo "#   packet: $pkt"
	fi
}

# --- xlb0 and the tunnel ----------------------------------------------------
# lib.sh's esp_setup for tunnel mode without ESN, but with fixed keys and
# one `ip -batch` per namespace.

# sa_line SRC DST SPI ALG [OFFLOAD [SEL [MORE]]]
sa_line() {
	echo "xfrm state add src $1 dst $2 proto esp spi $3 reqid 1" \
		"mode tunnel replay-window 32 $4 ${5:+offload $5} ${6:+sel $6} ${7:-}"
}

# policy_lines LOCAL REMOTE OUTER_LOCAL OUTER_REMOTE
policy_lines() {
	echo "xfrm policy add src $1 dst $2 dir out" \
		"tmpl src $3 dst $4 proto esp reqid 1 mode tunnel"
	echo "xfrm policy add src $2 dst $1 dir in" \
		"tmpl src $4 dst $3 proto esp reqid 1 mode tunnel"
}

# peer_sa_in_line FAMILY OSEQ: $PEER's SA towards $GW; the first packet
# it sends has sequence number OSEQ + 1.
peer_sa_in_line() {
	esp_addrs "$1" tunnel
	sa_line "$O_PEER" "$O_GW" $ESP_SPI_IN "$GCM_ALG" "" \
		"src $I_PEER dst $I_GW" "replay-oseq $2"
}

tunnel_setup() {
	local fam gw_cmds="" peer_cmds=""
	for fam in 4 6; do
		esp_addrs $fam tunnel
		gw_cmds+="$(sa_line "$O_GW" "$O_PEER" $ESP_SPI_OUT "$GCM_ALG" \
				"dev xlb0 dir out" "src $I_GW dst $I_PEER")
$(sa_line "$O_PEER" "$O_GW" $ESP_SPI_IN "$GCM_ALG" \
				"dev xlb0 dir in" "src $I_PEER dst $I_GW")
$(policy_lines "$I_GW" "$I_PEER" "$O_GW" "$O_PEER")
"
		peer_cmds+="$(sa_line "$O_GW" "$O_PEER" $ESP_SPI_OUT "$GCM_ALG" "" \
				"src $I_GW dst $I_PEER")
$(peer_sa_in_line $fam 0)
$(policy_lines "$I_PEER" "$I_GW" "$O_PEER" "$O_GW")
"
	done
	# CBC, IPv4 outer. The same reqid: what it carries meets the GW's
	# inbound policy.
	gw_cmds+="$(sa_line 192.0.2.2 192.0.2.1 $CBC_SPI "$CBC_ALG" \
			"dev xlb0 dir in" "src 203.0.113.1 dst 198.51.100.1")
"
	# ESN, IPv4 outer, a window of 128 (sa_line's 32 is overridden).
	gw_cmds+="$(sa_line 192.0.2.2 192.0.2.1 $ESN_SPI "$GCM_ALG" \
			"dev xlb0 dir in" "src 203.0.113.1 dst 198.51.100.1" \
			"replay-window 128 flag esn replay-seq $ESN_TOP replay-seq-hi 7")"
	ip -n "$GW" -batch - <<<"$gw_cmds" && ip -n "$PEER" -batch - <<<"$peer_cmds"
}

add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_inner_setup
tunnel_setup || { tap_result not-ok "ESP SAs and policies"; tap_finish; exit; }

# The crafter's first line, once scapy is loaded. Nothing is printed before.
if ! craft_answer; then
	case $CRAFT_SAID in
	*ModuleNotFoundError*scapy*) skip_all "python3-scapy not installed" ;;
	esac
	tap_comment "$CRAFT_SAID"
	tap_result not-ok "espcraft.py starts"
	tap_finish
	exit
fi

check "GW's four inbound SAs are offloaded to xlb0" \
	test "$(ip -n "$GW" xfrm state | grep -c "offload parameters: dev xlb0 dir in")" = 4
check "IPv4 tunnel carries a ping before the bad input" \
	gw ping -c 2 -i 0.2 -W 2 203.0.113.1
check "IPv6 tunnel carries a ping before the bad input" \
	gw ping -6 -c 2 -i 0.2 -W 2 2001:db8:2::1

# Only what the kernel logs from here on counts.

V4=sa_2002_v4 V6=sa_2002_v6 CBC=sa_2003_v4

# workers_work: what every worker of xlb0 was given and did, in one line.
workers_work() {
	ip netns exec "$GW" ethtool -S xlb0 |
		awk '$1 ~ /^worker[0-9]+_(pushed|processed|busy_us):$/ { printf "%s%s ", $1, $2 }'
}
SEQ4=100 SEQ6=100 SEQC=100	# the next sequence number per SA, well ahead

# --- IPv4 outer, AES-GCM ------------------------------------------------
esp_case "v4: wrong ICV: xlb finds it, SA and stack count it" \
	"junk 4 gcm $((SEQ4++)) 88" \
	XfrmInStateProtoError+1 ${V4}_failed+1 esp_rx_auth_failed+1
esp_case "v4: ICV longer than the rest (12 bytes after the header): stack drops it" \
	"junk 4 gcm $((SEQ4++)) 12" XfrmInStateProtoError+1
esp_case "v4: no room for the IV (4 bytes after the header): stack drops it" \
	"junk 4 gcm $((SEQ4++)) 4" XfrmInStateProtoError+1
# GCM's block is 1 byte, but ESP aligns to 4: xlb leaves such a packet to
# the stack, whose GCM finds the (random) ICV wrong.
esp_case "v4: length not a multiple of 4: stack, not xlb, rejects the ICV" \
	"junk 4 gcm $((SEQ4++)) 87" XfrmInStateProtoError+1 ${V4}_failed+1
esp_case "v4: valid ICV, pad length past the payload: dropped after xlb decrypts" \
	"badpad 4 gcm $((SEQ4++))" XfrmInStateProtoError+1 esp_rx_packets+1
seq=$((SEQ4++))
esp_case "v4: a valid packet is accepted" "valid 4 gcm $seq" \
	${V4}_packets+1 esp_rx_packets+1
esp_case "v4: the same packet again is a replay" "valid 4 gcm $seq" \
	XfrmInStateSeqError+1 ${V4}_replay+1 esp_rx_replayed+1
esp_case "v4: a valid packet older than the replay window" \
	"valid 4 gcm $((SEQ4 - 40))" \
	XfrmInStateSeqError+1 ${V4}_replay_window+1 esp_rx_replayed+1
# A flood of replays costs no crypto: the window refuses them before any
# worker sees them (no worker's pushed, processed or busy time moves).
work_before=$(workers_work)
esp_case "v4: 200 copies of a seen packet: all refused before any crypto" \
	"valid 4 gcm $seq copies=200" \
	XfrmInStateSeqError+200 ${V4}_replay+200 esp_rx_replayed+200
check "v4: ... and no worker queued, crypted or spent time on them" \
	test "$(workers_work)" = "$work_before"
esp_case "v4: unknown SPI" "junk 4 $UNKNOWN_SPI $((SEQ4++)) 88" XfrmInNoStates+1
esp_case "v4: protocol 50 with no payload" "raw 4 -" XfrmInHdrError+1
esp_case "v4: protocol 50 with 7 bytes" "raw 4 00002002000000" XfrmInHdrError+1
esp_case "v4: protocol 50 with 200 random bytes" "random 4 200" XfrmInNoStates+1
esp_case "v4: a valid packet in IP fragments: the stack reassembles and decrypts it" \
	"frag 4 gcm $((SEQ4++)) 200" ${V4}_packets+1
# Bytes after the IP packet (Ethernet padding, a trailer) are not part of
# it: the stack trims them (ip_rcv), so must xlb before it decrypts.
esp_case "v4: a valid packet followed by 16 bytes of frame padding is accepted" \
	"valid 4 gcm $((SEQ4++)) trailer=16" ${V4}_packets+1 esp_rx_packets+1

# --- IPv4 outer, AES-CBC + HMAC-SHA256 ----------------------------------
esp_case "v4 cbc: wrong ICV: xlb finds it, SA and stack count it" \
	"junk 4 cbc $((SEQC++)) 80" \
	XfrmInStateProtoError+1 ${CBC}_failed+1 esp_rx_auth_failed+1
# Not a whole number of AES blocks: left to the stack, whose HMAC check
# comes first and fails.
esp_case "v4 cbc: length not a multiple of the block: stack, not xlb, rejects it" \
	"junk 4 cbc $((SEQC++)) 72" XfrmInStateProtoError+1 ${CBC}_failed+1
esp_case "v4 cbc: valid ICV, pad length past the payload: dropped after xlb decrypts" \
	"badpad 4 cbc $((SEQC++))" XfrmInStateProtoError+1 esp_rx_packets+1
seq=$((SEQC++))
esp_case "v4 cbc: a valid packet is accepted" "valid 4 cbc $seq" \
	${CBC}_packets+1 esp_rx_packets+1
esp_case "v4 cbc: the same packet again is a replay" "valid 4 cbc $seq" \
	XfrmInStateSeqError+1 ${CBC}_replay+1 esp_rx_replayed+1

# --- IPv6 outer, AES-GCM ------------------------------------------------
esp_case "v6: wrong ICV: xlb finds it, SA and stack count it" \
	"junk 6 gcm $((SEQ6++)) 88" \
	XfrmInStateProtoError+1 ${V6}_failed+1 esp_rx_auth_failed+1
esp_case "v6: ICV longer than the rest: stack drops it" \
	"junk 6 gcm $((SEQ6++)) 12" XfrmInStateProtoError+1
esp_case "v6: valid ICV, pad length past the payload: dropped after xlb decrypts" \
	"badpad 6 gcm $((SEQ6++))" XfrmInStateProtoError+1 esp_rx_packets+1
seq=$((SEQ6++))
esp_case "v6: a valid packet is accepted" "valid 6 gcm $seq" \
	${V6}_packets+1 esp_rx_packets+1
esp_case "v6: the same packet again is a replay" "valid 6 gcm $seq" \
	XfrmInStateSeqError+1 ${V6}_replay+1 esp_rx_replayed+1
esp_case "v6: unknown SPI" "junk 6 $UNKNOWN_SPI $((SEQ6++)) 88" XfrmInNoStates+1
esp_case "v6: protocol 50 with 200 random bytes" "random 6 200" XfrmInNoStates+1
esp_case "v6: a valid packet followed by 16 bytes of frame padding is accepted" \
	"valid 6 gcm $((SEQ6++)) trailer=16" ${V6}_packets+1 esp_rx_packets+1
esp_case "v6: a valid packet in IP fragments: the stack reassembles and decrypts it" \
	"frag 6 gcm $((SEQ6++)) 256" ${V6}_packets+1

# --- ESN: replays and overtaking while packets are in flight ---------------
# The ESN SA is sprayed over both workers, which are held (debugfs
# hold_workers_ms) while the crafter sends a burst: every packet is
# admitted and queued before any is decrypted, whatever the scheduler does.
ESN=sa_${ESN_SPI#0x}_v4
HOLD=/sys/kernel/debug/xlb/hold_workers_ms
# held_burst PACKET...: the crafter sends these while the workers are held.
held_burst() {
	local pkt rc=0
	[ -w "$HOLD" ] || mount -t debugfs none /sys/kernel/debug
	echo 30000 >"$HOLD" || return 1
	for pkt in "$@"; do
		craft send "$pkt" || { rc=1; break; }
	done
	# Held till now: no packet of the burst was crypted before the last came.
	[ "$(<"$HOLD")" -gt 0 ] || { CRAFT_SAID="the hold ran out during the burst"; rc=1; }
	echo 0 >"$HOLD"
	return $rc
}
# esn_case DESC "PACKET;PACKET..." COUNTER+N...: as esp_case, the burst
# held.
esn_case() {
	local desc=$1 pkts
	IFS=';' read -ra pkts <<<"$2"
	shift 2
	if craft snapshot && held_burst "${pkts[@]}" && craft expect "$@"; then
		tap_result ok "$desc"
	else
		tap_result not-ok "$desc"
		tap_comment "$CRAFT_SAID"
		echo "#   packets: ${pkts[*]}"
	fi
}
check "ESN SA sprayed over both workers" \
	"$XLBCTL" -n "$GW" sa spray $ESN_SPI on dir in
esn=$((ESN_TOP + 1))
# 200 packets, then a replay of the first while it is still in flight:
# the window has not seen it, so it is admitted and decrypted under high
# half 7; when its turn comes the window's top is 199 past it, which
# xfrm_input() would take for high half 8, accept, and so move the SA to
# 8 for good. Refused instead, as a replay behind the window.
esn_case "ESN: a replay in flight behind 200 newer packets is refused at release" \
	"valid 4 esn $esn hi=7 count=200;valid 4 esn $esn hi=7" \
	${ESN}_packets+200 esp_rx_packets+201 \
	XfrmInStateSeqError+1 ${ESN}_replay_window+1
esn=$((esn + 200))
esn_case "ESN: ... and the SA is alive: the next packet is accepted" \
	"valid 4 esn $esn hi=7" ${ESN}_packets+1 esp_rx_packets+1
esn=$((esn + 1))
# More than the SA may have in flight: decrypted by the stack at once,
# the rest would overtake the queued ones and move the window 200 past
# them, and the same would happen to each of those. With ESN they are
# dropped, as a NIC drops what its queues cannot take.
xlb_set_param order_depth 64
esn_case "ESN: beyond order_depth (64) packets are dropped, never overtake" \
	"valid 4 esn $esn hi=7 count=264" \
	${ESN}_packets+64 esp_rx_packets+64 esp_rx_dropped+200
xlb_restore_params
esn=$((esn + 264))
esn_case "ESN: ... and the SA is alive: the next packet is accepted" \
	"valid 4 esn $esn hi=7" ${ESN}_packets+1 esp_rx_packets+1

# The crafter reads the counters itself (netlink, ioctl); they must be
# what the usual tools show.
said() {		# said NAME: NAME's value in what the crafter said
	local name value
	while read -r name value; do
		[ "$name" = "$1" ] && echo "$value" && return
	done <<<"$CRAFT_SAID"
}
tools_agree() {
	local tool
	tool=$(ip -n "$GW" -s xfrm state get src 192.0.2.2 dst 192.0.2.1 \
			proto esp spi $ESP_SPI_IN |
		awk '$1 == "replay-window" && $3 == "replay" { print $2, $4, $6 }')
	echo "ip -s xfrm state: replay-window replay failed: $tool"
	echo "crafter: $(said ${V4}_replay_window) $(said ${V4}_replay) $(said ${V4}_failed)"
	[ "$tool" = "$(said ${V4}_replay_window) $(said ${V4}_replay) $(said ${V4}_failed)" ] &&
	tool=$(esp_sa_counter "$GW" 192.0.2.2 192.0.2.1 $ESP_SPI_IN packets) &&
	echo "packets: ip $tool, crafter $(said ${V4}_packets)" &&
	[ "$tool" = "$(said ${V4}_packets)" ] &&
	tool=$(xlb_stat "$GW" xlb0 esp_rx_auth_failed) &&
	echo "esp_rx_auth_failed: ethtool $tool, crafter $(said esp_rx_auth_failed)" &&
	[ "$tool" = "$(said esp_rx_auth_failed)" ]
}
if craft counters; then
	check "the crafter's counters are those ip -s xfrm state and ethtool -S show" \
		tools_agree
else
	tap_result not-ok "the crafter reads the counters"
	tap_comment "$CRAFT_SAID"
fi
stop_craft

# --- afterwards ---------------------------------------------------------------
# The peer's own packets continue past the crafted sequence numbers.
ip -n "$PEER" -batch - <<EOF || tap_result not-ok "renumber the peer's SAs"
xfrm state del src 192.0.2.2 dst 192.0.2.1 proto esp spi $ESP_SPI_IN
xfrm state del src 2001:db8::2 dst 2001:db8::1 proto esp spi $ESP_SPI_IN
$(peer_sa_in_line 4 $((SEQ4 + 1000)))
$(peer_sa_in_line 6 $((SEQ6 + 1000)))
EOF

rx_before=$(xlb_stat "$GW" xlb0 esp_rx_packets)
check "afterwards: ping through the IPv4 tunnel, GW -> peer" \
	gw ping -c 2 -i 0.2 -W 2 203.0.113.1
check "afterwards: ping through the IPv4 tunnel, peer -> GW" \
	peer ping -c 2 -i 0.2 -W 2 198.51.100.1
check "afterwards: ping through the IPv6 tunnel, GW -> peer" \
	gw ping -6 -c 2 -i 0.2 -W 2 2001:db8:2::1
check "afterwards: ping through the IPv6 tunnel, peer -> GW" \
	peer ping -6 -c 2 -i 0.2 -W 2 2001:db8:1::1
check "afterwards: TCP 1 MiB peer -> GW through the IPv4 tunnel" \
	tcp_transfer "$PEER" "$GW" 198.51.100.1 1048576
rx_after=$(xlb_stat "$GW" xlb0 esp_rx_packets)
check "afterwards: xlb decrypted that traffic ($((rx_after - rx_before)) packets)" \
	test $((rx_after - rx_before)) -ge 8

check "the kernel logged no WARNING, BUG, Oops, KASAN or leak" kernel_log_clean

tap_finish
