#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A real IKE daemon offloads to xlb0: libreswan's pluto, one in $GW and one
# in $PEER, brings up an IKEv2 tunnel (PSK, ESP AES-GCM-256 with ESN)
# between 198.51.100.1 and 203.0.113.1 over 192.0.2.1 <-> 192.0.2.2.
#   nic-offload=yes, xlb0 holds 192.0.2.1: both SAs on xlb0, in xfrm and
#     in xlb's table; traffic intact and counted by xlb; a rekey under a
#     TCP transfer moves it to new SAs, offloaded too, same reqid; pluto's
#     shutdown takes its SAs off xlb0
#   nic-offload left out (auto, the default), xlb0 holds 192.0.2.1: offloaded
#   nic-offload=auto, plain veth0 holds 192.0.2.1: SAs in software
#   xlb0 down and up: the kernel drops the SAs offloaded to it and pluto is
#     not told; without xlbd the tunnel stays dead, xlbd started then
#     rekeys it through pluto, and with xlbd running a second down and up
#     is repaired when xlb0 comes up (well before xlbd's periodic check)
# The peer always runs its SAs in software (nic-offload=no). pluto reads a
# device's esp-hw-offload once, when it scans the interfaces at start: xlb0
# holds the IKE address before pluto starts.
# On the debug (KASAN) kernel only the first part runs: pluto's SAs on
# xlb0, traffic, a rekey under a transfer, pluto's shutdown. The rest is
# pluto's and xlbd's behaviour, the same on every kernel and checked on 6.1
# and 6.12; its kernel side runs under KASAN elsewhere (device removal with
# SAs under traffic in rmmod_traffic.sh, tunnel rules, pins and rekeys in
# xlbd.sh and genl_client.sh). It took 13 minutes there, most of a lane.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3 ethtool ipsec certutil jq
top=$(cd "$(dirname "$0")/.." && pwd)
XLBD=$top/userspace/xlbd
XLBCTL=$top/userspace/xlbctl
[ -x "$XLBD" ] || skip_all "userspace/xlbd not built"

if kasan_kernel; then
	FIRST_PART_ONLY=1
	tap_plan 16
else
	FIRST_PART_ONLY=0
	tap_plan 66
fi
load_xlb

CONN=xlb
SECRETS=$PLUTO_SECRETS

# lsw_conn NIC_OFFLOAD: the conn (lib.sh pluto_conn).
lsw_conn() { pluto_conn "$CONN" "$1"; }

# lsw_start NIC_OFFLOAD: pluto in both namespaces, the peer without offload.
lsw_start() {
	pluto_start "$GW" "$(lsw_conn "$1")" "$SECRETS" &&
		pluto_start "$PEER" "$(lsw_conn no)" "$SECRETS"
}

# lsw_sas NS: NS's ESP SAs, "SRC DST SPI REQID" a line.
lsw_sas() {
	ip -n "$1" xfrm state list proto esp |
		awk '$1 == "src" { s = $2; d = $4 }
		     $1 == "proto" && $2 == "esp" { print s, d, $4, $6 }'
}

# lsw_read_sas: $GW's SAs into SPI_OUT, SPI_IN, REQID_OUT, REQID_IN; fails
# unless there is exactly one each way (not in the middle of a rekey).
lsw_read_sas() {
	local sas
	sas=$(lsw_sas "$GW")
	SPI_OUT=$(awk '$1 == "192.0.2.1" { print $3 }' <<<"$sas")
	SPI_IN=$(awk '$1 == "192.0.2.2" { print $3 }' <<<"$sas")
	REQID_OUT=$(awk '$1 == "192.0.2.1" { print $4 }' <<<"$sas")
	REQID_IN=$(awk '$1 == "192.0.2.2" { print $4 }' <<<"$sas")
	[[ $SPI_OUT =~ ^0x[0-9a-f]+$ && $SPI_IN =~ ^0x[0-9a-f]+$ ]]
}

# lsw_up: $GW initiates; both ends have their two SAs within 60 s.
lsw_up() {
	pluto_whack "$GW" --name "$CONN" --initiate || return 1
	wait_for 60 lsw_established || {
		echo "GW's SAs:"; lsw_sas "$GW"; echo "PEER's SAs:"; lsw_sas "$PEER"
		return 1
	}
}

lsw_established() {
	[ "$(lsw_sas "$GW" | wc -l)" -eq 2 ] && [ "$(lsw_sas "$PEER" | wc -l)" -eq 2 ]
}

# lsw_esn: both of $GW's SAs have ESN (esn=yes in the conn).
lsw_esn() {
	[ "$(ip -n "$GW" xfrm state list proto esp | grep -cE '\sflag .*\besn\b')" -eq 2 ]
}

# lsw_offloaded DEV: $GW's SAs (lsw_read_sas) are offloaded to DEV, the
# outbound one dir out, the inbound one dir in, both with ESN.
lsw_offloaded() {
	ip -n "$GW" xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi "$SPI_OUT" |
		grep -q "crypto offload parameters: dev $1 dir out" &&
		ip -n "$GW" xfrm state get src 192.0.2.2 dst 192.0.2.1 proto esp spi "$SPI_IN" |
		grep -q "crypto offload parameters: dev $1 dir in" && lsw_esn ||
		{ ip -n "$GW" xfrm state list proto esp; return 1; }
}

# lsw_software: $GW has its two SAs, with ESN, and neither is offloaded.
lsw_software() {
	local out
	out=$(ip -n "$GW" xfrm state list proto esp)
	[ "$(grep -c '^src ' <<<"$out")" -eq 2 ] && ! grep -q "crypto offload" <<<"$out" &&
		lsw_esn || { echo "$out"; return 1; }
}

# lsw_in_table: xlb's SA table holds $GW's SAs on xlb0 (SPI and direction).
lsw_in_table() {
	local o i
	o=$(xlb_sa_stat xlb0 "$SPI_OUT" out packets)
	i=$(xlb_sa_stat xlb0 "$SPI_IN" in packets)
	echo "xlb0 out $SPI_OUT: packets $o; in $SPI_IN: packets $i"
	echo "the table:"
	cat /sys/kernel/debug/xlb/sas
	[ "$o" != none ] && [ "$i" != none ]
}

# lsw_traffic [xlb]: ping, then 4 MiB (lib.sh scaled_bytes) of TCP each
# way through the tunnel, intact; with xlb, xlb0's esp_tx_packets and
# esp_rx_packets and its SAs' own counts rose by at least the TCP
# segments' worth.
LSW_BYTES=$(scaled_bytes 4194304)
lsw_traffic() {
	local tx0 rx0 tx rx so si
	if [ "${1:-}" = xlb ]; then
		tx0=$(xlb_stat "$GW" xlb0 esp_tx_packets)
		rx0=$(xlb_stat "$GW" xlb0 esp_rx_packets)
	fi
	gw ping -c 3 -i 0.2 -W 2 -I 198.51.100.1 203.0.113.1 &&
		tcp_transfer "$GW" "$PEER" 203.0.113.1 "$LSW_BYTES" &&
		tcp_transfer "$PEER" "$GW" 198.51.100.1 "$LSW_BYTES" || return 1
	if [ "${1:-}" != xlb ]; then
		# Through the tunnel all the same: the inbound SA counted it.
		si=$(esp_sa_counter "$GW" 192.0.2.2 192.0.2.1 "$SPI_IN" packets)
		echo "SA in $SPI_IN: $si packets"
		[ "${si:-0}" -ge $((LSW_BYTES / 4096)) ]
		return
	fi
	tx=$(xlb_stat "$GW" xlb0 esp_tx_packets)
	rx=$(xlb_stat "$GW" xlb0 esp_rx_packets)
	so=$(xlb_sa_stat xlb0 "$SPI_OUT" out packets)
	si=$(xlb_sa_stat xlb0 "$SPI_IN" in packets)
	echo "esp_tx_packets $tx0 -> $tx, esp_rx_packets $rx0 -> $rx;" \
		"SA out $SPI_OUT $so packets, SA in $SPI_IN $si packets"
	# 4 MiB each way is some 2900 segments of 1448 bytes (a KASAN
	# kernel's 1 MiB some 720), but a GSO packet may count once: ask for
	# far fewer.
	[ $((tx - tx0)) -ge 50 ] && [ $((rx - rx0)) -ge 50 ] &&
		[ "$so" -ge 50 ] && [ "$si" -ge 50 ]
}

# lsw_logs_clean: neither pluto logged an error (lib.sh PLUTO_LOG_BAD: a
# failed kernel call, an SA it could not offload, ...). That it offloaded
# is not in its log at the default level: the SAs above show it.
lsw_logs_clean() {
	local ns rc=0
	for ns in "$GW" "$PEER"; do
		pluto_log_errors "$ns" || rc=1
	done
	return $rc
}

# --- nic-offload=yes, xlb0 holds the IKE address ---------------------------
pluto_topology xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
check "nic-offload=yes: pluto starts in GW (xlb0 holds 192.0.2.1) and in PEER" \
	lsw_start yes
check "nic-offload=yes: IKEv2 PSK tunnel up (whack --initiate)" lsw_up
lsw_read_sas
check "nic-offload=yes: GW's SAs (ESN) offloaded to xlb0, dir out and dir in" \
	lsw_offloaded xlb0
check "nic-offload=yes: xlb's SA table (debugfs) holds both" lsw_in_table
check "nic-offload=yes: ping and TCP both ways intact, counted by xlb0" \
	lsw_traffic xlb

# A rekey under a transfer: it starts on the old SAs; once they carry it
# pluto replaces both, and it ends intact on the new ones. The test ends
# each transfer once the new SAs carry it (NETCOPY_STOP), so how long a
# rekey or a move takes never decides whether it happened under traffic.
# REKEY_BYTES only bounds a transfer that is never stopped: 256 MiB take
# some 2 min on a stock kernel under emulation, where a rekey takes 3-6 s;
# the debug kernel (KASAN; decided by the build) moves about a tenth of
# that and takes 13 s to rekey: 64 MiB there, some 4 min.
REKEY_BYTES=268435456
kasan_kernel && REKEY_BYTES=67108864
old_out=$SPI_OUT old_in=$SPI_IN old_reqid=$REQID_OUT

# lsw_ledgers_start: each end's SAs' final counters (the kernel's DELSA
# carries them) into $LEDGER_DIR, for a ledger: every packet sent on an SA
# is received on it. lsw_ledgers_stop adds the SAs still there.
lsw_ledgers_start() {
	LEDGER_DIR=$(mktemp -d)
	ledger_start "$GW" "$LEDGER_DIR/gw.json"
	ledger_start "$PEER" "$LEDGER_DIR/peer.json"
}
lsw_ledgers_stop() {
	ledger_stop "$GW" "$LEDGER_DIR/gw.json"
	ledger_stop "$PEER" "$LEDGER_DIR/peer.json"
}
lsw_ledgers_start
larval_held0=$(xlb_stat "$GW" xlb0 esp_rx_larval_held)
larval_expired0=$(xlb_stat "$GW" xlb0 esp_rx_larval_expired)
transfer_start "$GW" "$PEER" 203.0.113.1 "$REKEY_BYTES"

# lsw_old_sa_busy BASE: the old outbound SA carried 200 packets past BASE.
lsw_old_sa_busy() { lsw_sa_busy "$old_out" "$1"; }
# lsw_sa_busy SPI BASE: the outbound SA SPI carried 200 packets past BASE.
lsw_sa_busy() {
	local n
	n=$(xlb_sa_stat xlb0 "$1" out packets)
	[ "$n" != none ] && [ "$n" -gt $(($2 + 200)) ]
}

# lsw_rekey_under_transfer: the rekey is done while the transfer still runs.
lsw_rekey_under_transfer() {
	pluto_whack "$GW" --name "$CONN" --rekey-ipsec || return 1
	kill -0 "$TRANSFER_PID" 2>/dev/null || { echo "the transfer ended before the rekey did"; return 1; }
}

# lsw_rekeyed: $GW has one SA each way again, neither the old one.
lsw_rekeyed() {
	lsw_read_sas && [ "$SPI_OUT" != "$old_out" ] && [ "$SPI_IN" != "$old_in" ]
}

lsw_new_sas_offloaded() {
	lsw_rekeyed || { echo "GW's SAs:"; lsw_sas "$GW"; return 1; }
	lsw_offloaded xlb0
}

lsw_same_reqid() {
	echo "reqid before $old_reqid; now out $REQID_OUT, in $REQID_IN"
	[ -n "$old_reqid" ] && [ "$REQID_OUT" = "$old_reqid" ] && [ "$REQID_IN" = "$old_reqid" ]
}

lsw_old_sas_left_table() {
	lsw_in_table || return 1
	[ "$(xlb_sa_stat xlb0 "$old_out" out packets)" = none ] &&
		[ "$(xlb_sa_stat xlb0 "$old_in" in packets)" = none ]
}

# lsw_new_sa_carried: the new outbound SA carried some of the transfer
# (nothing else was sent since).
lsw_new_sa_carried() {
	local n
	n=$(xlb_sa_stat xlb0 "$SPI_OUT" out packets)
	echo "new outbound SA $SPI_OUT: $n packets in xlb"
	[ "$n" != none ] && [ "$n" -gt 0 ]
}

# lsw_shutdown_clean: GW's pluto shuts down; its SAs leave xfrm and xlb0.
lsw_shutdown_clean() {
	lsw_read_sas || { echo "no SAs to begin with"; return 1; }
	pluto_stop "$GW" || return 1
	wait_for 10 lsw_no_sas "$GW" || { echo "GW's SAs:"; lsw_sas "$GW"; return 1; }
	! grep "^xlb0 " /sys/kernel/debug/xlb/sas
}

lsw_no_sas() {
	[ -z "$(lsw_sas "$1")" ]
}

wait_for 60 lsw_old_sa_busy "$(xlb_sa_stat xlb0 "$old_out" out packets)"
rekey_start=$SECONDS
check "rekey: whack --rekey-ipsec while a TCP transfer runs on the SAs" \
	lsw_rekey_under_transfer
rekey_took=$((SECONDS - rekey_start))
# The transfer goes on until the new outbound SA has carried 200 packets
# of it (or it reaches REKEY_BYTES), then stops.
wait_for 30 lsw_rekeyed && wait_for 120 lsw_sa_busy "$SPI_OUT" 0
transfer_stop
echo "# rekey: whack --rekey-ipsec took ${rekey_took} s; the transfer" \
	"went on for $((SECONDS - rekey_start - rekey_took)) s after it"
check "rekey: the transfer arrived intact" transfer_intact
transfer_forget
wait_for 30 lsw_rekeyed
check "rekey: the new SAs (not $old_out/$old_in) are offloaded to xlb0" \
	lsw_new_sas_offloaded
check "rekey: the new SAs keep the reqid" lsw_same_reqid
check "rekey: xlb's table holds the new SAs, the old ones are gone" \
	lsw_old_sas_left_table
check "rekey: the new SAs carried part of the transfer in xlb" lsw_new_sa_carried
lsw_ledgers_stop
# PEER, the responder, sends on the new SA as soon as it has installed it,
# before GW's pluto has: xlb holds those packets for GW's larval SA
# (kmod/larval.c), where the stock kernel drops them (XfrmAcquireError).
# Every packet must arrive.
echo "# rekey: xlb0 held $(($(xlb_stat "$GW" xlb0 esp_rx_larval_held) - larval_held0))" \
	"packets for GW's larval SA, $(($(xlb_stat "$GW" xlb0 esp_rx_larval_expired) - larval_expired0)) expired"
check "rekey: no ESP packet lost, old SAs and new, none dropped for a larval SA (per-SA ledger)" \
	python3 "$XFRM_LEDGER" compare "$LEDGER_DIR/gw.json" "$LEDGER_DIR/peer.json" \
	--wire-counts A
rm -rf "$LEDGER_DIR"
check "rekey: ping and TCP both ways on the new SAs, counted by xlb0" \
	lsw_traffic xlb
check "nic-offload=yes: neither pluto logged an error" lsw_logs_clean
check "whack --shutdown: GW's SAs gone from xfrm and from xlb's table" \
	lsw_shutdown_clean
cleanup_ns
if [ "$FIRST_PART_ONLY" = 1 ]; then
	check "kernel log clean" kernel_log_clean
	tap_finish
	exit
fi

# --- nic-offload left out (auto), xlb0 holds the IKE address ----------------
pluto_topology xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
check "nic-offload default: pluto starts in GW and PEER" lsw_start default
check "nic-offload default: IKEv2 PSK tunnel up" lsw_up
lsw_read_sas
check "nic-offload default (auto): GW's SAs offloaded to xlb0" lsw_offloaded xlb0
check "nic-offload default: xlb's SA table holds both" lsw_in_table
check "nic-offload default: ping and TCP both ways intact, counted by xlb0" \
	lsw_traffic xlb
check "nic-offload default: neither pluto logged an error" lsw_logs_clean

# --- xlb0 down and up ------------------------------------------------------
# xlb0_down_up [down|up]: xlb0 down, up, or both. The kernel removes the
# routes through a device that goes down: the inner route comes back as a
# gateway's network configuration brings it back when the link is up
# (pluto's updown is off here, and it would not run at a rekey anyway).
xlb0_down_up() {
	if [ "${1:-down}" = down ]; then
		ip -n "$GW" link set xlb0 down || return 1
	fi
	if [ "${1:-up}" = up ]; then
		ip -n "$GW" link set xlb0 up &&
			ip -n "$GW" route replace 203.0.113.1/32 via 192.0.2.2 src 198.51.100.1
	fi
}

# lsw_flushed_unnoticed: xlb0 down and up; the kernel drops GW's SAs and,
# with no traffic out of GW, nothing brings them back: 12 s later GW has
# no SA and pluto still lists its child SA. (Outbound traffic would hit
# the policy, and pluto answers the kernel's ACQUIRE with a new child of
# its own: an idle or inbound-only tunnel stays dead.)
lsw_flushed_unnoticed() {
	xlb0_down_up || return 1
	wait_for 10 lsw_no_sas "$GW" || { echo "the SAs stayed:"; lsw_sas "$GW"; return 1; }
	sleep 12
	lsw_no_sas "$GW" || { echo "GW has SAs again without xlbd:"; lsw_sas "$GW"; return 1; }
	pluto_whack "$GW" --status | grep -E "^(000 )?#[0-9]+: \"$CONN\" .*esp\." ||
		{ echo "pluto lists no child SA"; return 1; }
}

XLBD_LOG=$(mktemp)
trap 'stop_xlbd; rm -f "$XLBD_LOG" "$XLBD_LOG.conf"; cleanup_ns' EXIT

# start_xlbd: xlbd in GW with pluto's control socket and a periodic check
# far longer than the waits below. Not under check: XLBD_PID must be this
# shell's, and xlbd must not hold the pipe check reads.
start_xlbd() {
	printf 'device xlb0\nlibreswan ctlsocket %s\nlibreswan check 600\n' \
		"$(pluto_dir "$GW")/run/pluto.ctl" >"${XLBD_LOG}.conf"
	start_xlbd_conf
}
# start_xlbd_conf: the same with the file as it is.
start_xlbd_conf() {
	ip netns exec "$GW" "$XLBD" -f "${XLBD_LOG}.conf" --foreground >/dev/null 2>>"$XLBD_LOG" &
	XLBD_PID=$!
	wait_for 20 grep -q "ready: " "$XLBD_LOG"
}
# xlbd_says REGEX [SECONDS]: xlbd logged it, within SECONDS (10).
xlbd_says() { wait_for "${2:-10}" grep -qE "$1" "$XLBD_LOG" || { cat "$XLBD_LOG"; return 1; }; }
# xlbd_log_clean: every line xlbd logged is one of those expected here.
xlbd_log_clean() {
	! grep -vE "^xlbd: (ready: |reloaded |xlb0 is (down|up): |libreswan: conn \"$CONN\" \(#[0-9]+\): |libreswan: pluto (does not answer|answers) on |tunnel conn \"$CONN\" \(reqid [0-9]+\): |tunnel reqid $old_reqid: rule removed, not in the configuration$)" "$XLBD_LOG"
}

# lsw_back_on_xlb0 OLD_OUT OLD_IN: within 30 s GW has one SA each way
# again, new ones, offloaded to xlb0.
lsw_back_on_xlb0() {
	wait_for 30 lsw_rekeyed_from "$1" "$2" || { echo "GW's SAs:"; lsw_sas "$GW"; cat "$XLBD_LOG"; return 1; }
	lsw_offloaded xlb0
}
lsw_rekeyed_from() {
	lsw_read_sas && [ "$SPI_OUT" != "$1" ] && [ "$SPI_IN" != "$2" ] &&
		[ "$(lsw_sas "$PEER" | wc -l)" -eq 2 ]
}

old_out=$SPI_OUT old_in=$SPI_IN
check "xlb0 down and up, no xlbd, no traffic out: GW's SAs dropped, still none 12 s later, pluto unaware" \
	lsw_flushed_unnoticed
start_xlbd
check "xlbd started: it finds conn $CONN's SAs gone and asks pluto to rekey it" \
	xlbd_says "libreswan: conn \"$CONN\" \(#[0-9]+\): the kernel has no SA esp\.[0-9a-f]{8}@192\.0\.2\.[12] .*asking pluto to rekey it"
check "xlbd started: new SAs each way, offloaded to xlb0" lsw_back_on_xlb0 "$old_out" "$old_in"
lsw_read_sas	# check ran it in a subshell: the new SPIs, here
check "xlbd started: ping and TCP both ways intact, counted by xlb0" lsw_traffic xlb

check "xlbd logged nothing else (no warning, no error)" xlbd_log_clean

old_out=$SPI_OUT old_in=$SPI_IN
: >"$XLBD_LOG"
xlb0_down_up down
check "xlb0 down under xlbd: xlbd says the kernel dropped its SAs" \
	xlbd_says "xlb0 is down: the kernel dropped the SAs offloaded to it"
down_at=$SECONDS
xlb0_down_up up
xlbd_rekeys_on_up() {
	xlbd_says "xlb0 is up: checking libreswan's tunnels" &&
		xlbd_says "conn \"$CONN\" .*asking pluto to rekey it"
}
check "xlb0 up under xlbd: xlbd checks at once and asks pluto to rekey conn $CONN" \
	xlbd_rekeys_on_up
check "xlb0 up under xlbd: new SAs each way on xlb0 (not a periodic check: every 600 s)" \
	lsw_back_on_xlb0 "$old_out" "$old_in"
lsw_read_sas
echo "# xlb0 down to tunnel back on xlb0: $((SECONDS - down_at)) s"
check "xlb0 up under xlbd: ping and TCP both ways intact, counted by xlb0" lsw_traffic xlb
check "xlbd logged nothing else (no warning, no error)" xlbd_log_clean
stop_xlbd
echo "# what GW's pluto logged as errors since xlb0 first went down:"
pluto_log_errors "$GW" | sed 's/^/#   /'

# --- a tunnel named by its conn in xlbd.conf --------------------------------
# pluto does not say a conn's reqid; xlbd reads it off the conn's first
# SAs, pins them, and the kernel's tunnel rule places every later SA of
# the conn (libreswan keeps a conn's reqid across rekeys) where the line
# says. The conn has no reqid= here: libreswan chose it.
LAST=$(awk -F'[-,]' '{ print $NF }' /sys/devices/system/cpu/online)
# sa_placed SPI WORKER PINNED: GW's SA SPI runs on WORKER, pinned or not.
sa_placed() {
	local got
	got=$(ip netns exec "$GW" "$XLBCTL" -j sa |
		jq -r ".[] | select(.spi == $(($1))) | \"\\(.worker) \\(.pinned)\"")
	[ "$got" = "$2 $3" ] || { echo "SA $1: worker pinned = ${got:-none}, want $2 $3"; return 1; }
}
both_placed() { sa_placed "$SPI_OUT" "$1" "$2" && sa_placed "$SPI_IN" "$1" "$2"; }
# conn_placed WORKER PINNED: GW's SAs, one each way (read again: xlbd may
# have had pluto rekey the conn to move it), run on WORKER.
conn_placed() { lsw_read_sas && both_placed "$1" "$2"; }
# conn_conf LINE [CHECK]: xlbd.conf for GW with one tunnel line (on line
# 4) and a periodic check every CHECK s (600 by default).
conn_conf() {
	printf 'device xlb0\nlibreswan ctlsocket %s\nlibreswan check %s\n%s\n' \
		"$(pluto_dir "$GW")/run/pluto.ctl" "${2:-600}" "$1" >"${XLBD_LOG}.conf"
}

pluto_auto "$GW" --down "$CONN" >/dev/null
wait_for 30 lsw_no_sas "$GW"
conn_conf "tunnel conn nosuch workers $LAST pinned"
xlbd_refuses_unknown_conn() {
	local out rc=0
	out=$(ip netns exec "$GW" "$XLBD" -f "${XLBD_LOG}.conf" --foreground 2>&1) || rc=$?
	echo "exit $rc: $out"
	[ "$rc" = 1 ] && grep -qF "${XLBD_LOG}.conf:4: tunnel conn nosuch: libreswan has no such conn" <<<"$out"
}
check "tunnel conn: a conn pluto does not have is refused with file:line, exit 1" \
	xlbd_refuses_unknown_conn

conn_conf "tunnel conn $CONN workers $LAST pinned"
: >"$XLBD_LOG"
start_xlbd_conf
check "tunnel conn: tunnel up again with xlbd running (whack --initiate)" lsw_up
lsw_read_sas
check "tunnel conn: xlbd learns the conn's reqid off its first SAs" \
	xlbd_says "tunnel conn \"$CONN\" \(reqid $REQID_OUT\): its SAs are placed by line 4"
# Its first SAs were born by policy: on worker $LAST already, they are
# pinned there, elsewhere xlbd has pluto rekey the conn into place.
check "tunnel conn: both SAs pinned to worker $LAST" wait_for 30 conn_placed "$LAST" true
lsw_read_sas
check "tunnel conn: xlbctl tunnel shows the rule of conn $CONN, line 4, with its two SAs" eval \
	"ip netns exec \"$GW\" \"$XLBCTL\" -j tunnel |
	 jq -e '[.[] | select(.conn == \"$CONN\")] | length == 1 and .[0].reqid == $REQID_OUT and
		.[0].config_line == 4 and .[0].worker == $LAST and (.[0].sas | length) == 2'"
old_out=$SPI_OUT old_in=$SPI_IN
pluto_whack "$GW" --name "$CONN" --rekey-ipsec >/dev/null
rekeyed_here() { lsw_rekeyed_from "$old_out" "$old_in" && [ "$(lsw_sas "$GW" | wc -l)" -eq 2 ]; }
check "tunnel conn: rekeyed, one new SA each way" wait_for 30 rekeyed_here
lsw_read_sas
check "tunnel conn: the new SAs were born on worker $LAST, by the kernel's tunnel rule" \
	xlbd_says "tunnel conn \"$CONN\" \(reqid $REQID_OUT\): SA 0x${SPI_IN#0x} in \(id [0-9]+\) born on worker $LAST, tunnel"
check "tunnel conn: the new SAs are pinned to worker $LAST" both_placed "$LAST" true
# Moved on purpose under a transfer: the file now pins the conn to worker
# $FIRST. xlbd sets the rule and has pluto rekey the conn: the new SAs are
# born there, the old ones drain on $LAST, nothing passes through the
# order stage and nothing is lost.
FIRST=$(cut -d, -f1 /sys/devices/system/cpu/online | cut -d- -f1)
old_out=$SPI_OUT old_in=$SPI_IN
lsw_ledgers_start
transfer_start "$GW" "$PEER" 203.0.113.1 "$REKEY_BYTES"
wait_for 30 lsw_sa_busy "$SPI_OUT" "$(xlb_sa_stat xlb0 "$SPI_OUT" out packets)"
conn_conf "tunnel conn $CONN workers $FIRST pinned"
kill -HUP "$XLBD_PID"
check "tunnel conn: SIGHUP pins it to worker $FIRST: xlbd has pluto rekey it" \
	xlbd_says "tunnel conn \"$CONN\" \(reqid $REQID_OUT\): none of its 2 SAs runs on its workers; pluto asked to rekey it, the new SAs are born on worker $FIRST" 60
check "tunnel conn: moved by a rekey: one new SA each way" wait_for 30 rekeyed_here
check "tunnel conn: the move was done while the transfer still ran" kill -0 "$TRANSFER_PID"
lsw_read_sas
check "tunnel conn: the new SAs were born pinned on worker $FIRST, by the tunnel rule" eval \
	"both_placed $FIRST true &&
	 xlbd_says 'tunnel conn \"$CONN\" \(reqid $REQID_OUT\): SA 0x${SPI_OUT#0x} out \(id [0-9]+\) born on worker $FIRST, tunnel' 30"
check "tunnel conn: the old SAs were not moved off worker $LAST" \
	eval "! grep -qE 'SA 0x0*(${old_out#0x}|${old_in#0x}) (out|in) (moved|pinned) to worker' \"$XLBD_LOG\""
check "tunnel conn: the transfer goes on on the new SAs (200 packets out)" \
	wait_for 120 lsw_sa_busy "$SPI_OUT" 0
transfer_stop
check "tunnel conn: the transfer across the move arrived intact" transfer_intact
transfer_forget
lsw_ledgers_stop
check "tunnel conn: no ESP packet lost across the move (per-SA ledger)" \
	python3 "$XFRM_LEDGER" compare "$LEDGER_DIR/gw.json" "$LEDGER_DIR/peer.json" \
	--wire-counts A
rm -rf "$LEDGER_DIR"
# xlbd restarted while a transfer runs on the conn's SAs: the data path
# is the kernel's, nothing of it may be lost.
lsw_ledgers_start
transfer_start "$GW" "$PEER" 203.0.113.1 "$REKEY_BYTES"
wait_for 30 lsw_sa_busy "$SPI_OUT" "$(xlb_sa_stat xlb0 "$SPI_OUT" out packets)"
stop_xlbd
: >"$XLBD_LOG"
start_xlbd_conf
check "tunnel conn: xlbd restarted while the transfer still ran" kill -0 "$TRANSFER_PID"
check "tunnel conn: xlbd restarted learns the reqid again at once" \
	xlbd_says "tunnel conn \"$CONN\" \(reqid $REQID_OUT\): its SAs are placed by line 4"
# 200 packets more on the SA after the restart, then the transfer ends.
wait_for 120 lsw_sa_busy "$SPI_OUT" "$(xlb_sa_stat xlb0 "$SPI_OUT" out packets)"
transfer_stop
check "tunnel conn: the transfer across xlbd's restart arrived intact" transfer_intact
transfer_forget
lsw_ledgers_stop
check "tunnel conn: no ESP packet lost across xlbd's restart (per-SA ledger)" \
	python3 "$XFRM_LEDGER" compare "$LEDGER_DIR/gw.json" "$LEDGER_DIR/peer.json" \
	--wire-counts A
rm -rf "$LEDGER_DIR"
check "tunnel conn: ping and TCP both ways intact, counted by xlb0" lsw_traffic xlb

# pluto restarted with the conn now at reqid=4242 (as after an edit of
# ipsec.conf): its first SAs have a reqid no rule places; xlbd, still
# running, looks at pluto on their birth and follows the conn.
# With a check every 2 s, xlbd notices pluto gone and back, and says so.
# The conn stays on worker $FIRST, where the move above left it: this part
# is about the reqid, not a move. pluto stops only once the reloaded xlbd
# has learnt the conn's reqid again (its second such line since it
# started), or it would meet reqid 4242 as the conn's first.
old_reqid=$REQID_OUT
conn_conf "tunnel conn $CONN workers $FIRST pinned" 2
kill -HUP "$XLBD_PID"
relearnt() {
	[ "$(grep -c "tunnel conn \"$CONN\" (reqid $old_reqid): its SAs are placed by line 4" \
		"$XLBD_LOG")" -ge 2 ]
}
check "tunnel conn: SIGHUP with checks every 2 s: reloaded, the conn's reqid learnt again" \
	eval 'xlbd_says "reloaded .*: 1 tunnels" && wait_for 30 relearnt'
pluto_stop "$GW"
check "tunnel conn: GW's pluto stopped: xlbd says it does not answer" \
	xlbd_says "libreswan: pluto does not answer on $(pluto_dir "$GW")/run/pluto.ctl"
check "tunnel conn: GW's pluto restarted, the conn given reqid=4242" \
	pluto_start "$GW" "$(pluto_conn "$CONN" yes reqid=4242)" "$SECRETS"
check "tunnel conn: xlbd says pluto answers again" \
	xlbd_says "libreswan: pluto answers on $(pluto_dir "$GW")/run/pluto.ctl again"
check "tunnel conn: tunnel up on the restarted pluto" lsw_up
lsw_read_sas
check "tunnel conn: xlbd saw the conn's SAs born with reqid 4242 and follows them" \
	xlbd_says "tunnel conn \"$CONN\" \(reqid 4242\): its SAs have a new reqid \(was $old_reqid\); placed by line 4"
check "tunnel conn: the SAs of reqid 4242 pinned to worker $FIRST" wait_for 30 conn_placed "$FIRST" true
check "tunnel conn: xlbd logged nothing else (no warning, no error)" xlbd_log_clean
stop_xlbd
cleanup_ns

# --- nic-offload=auto, plain veth0 holds the IKE address --------------------
pluto_topology veth
check "nic-offload=auto on veth0 (no esp-hw-offload): pluto starts" lsw_start auto
check "nic-offload=auto on veth0: IKEv2 PSK tunnel up" lsw_up
lsw_read_sas
check "nic-offload=auto on veth0: GW's SAs in software (no offload)" lsw_software
check "nic-offload=auto on veth0: ping and TCP both ways intact, on the SAs" \
	lsw_traffic
check "nic-offload=auto on veth0: neither pluto logged an error" lsw_logs_clean
cleanup_ns

check "kernel log clean" kernel_log_clean
tap_finish
