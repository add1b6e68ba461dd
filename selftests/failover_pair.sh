#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A gateway pair: G1 and G2 share the IKE address 192.0.2.1 (on xlb0) and
# the LAN's gateway address 198.51.100.254 by keepalived (VRRP v3, adverts
# every 0.5 s, G1 preferred). xlbd on each follows 192.0.2.1 (xlbd.conf
# "pair"): the one that has it has pluto initiate the conn to the remote
# gateway P, the other terminates it. A TCP transfer from LAN host L to R
# behind P runs across each event and arrives intact, without a reset:
#   G1 master: the tunnel up from G1, offloaded to its xlb0, none on G2
#   G1's WAN link down: G2 master, the tunnel up from G2
#   G1's link up again: G1 master again (keepalived preempts), G2 lets go
#   G1's namespace deleted and G2's xlbd killed at once, G2's started
#     again: G2 master, the tunnel up from G2
#
#        L (198.51.100.1)                           R (203.0.113.1)
#        |  LAN: 198.51.100.0/24, gateway .254        |
#   SW: brl ------ G1 (.11) --- brw --- P (192.0.2.2, 203.0.113.254)
#            \---- G2 (.12) ---/   WAN: 192.0.2.0/24, G1 .11, G2 .12
source "$(dirname "$0")/lib.sh"
require_cmd ip ping python3 ipsec certutil jq keepalived
top=$(cd "$(dirname "$0")/.." && pwd)
XLBD=$top/userspace/xlbd
XLBCTL=$top/userspace/xlbctl
[ -x "$XLBD" ] || skip_all "userspace/xlbd not built"

tap_plan 25
load_xlb

CONN=pair
# The transfer's bound; each one is stopped once the event is behind it.
FO_BYTES=$(scaled_bytes 268435456)
WORK=$(mktemp -d)
declare -A XLBD_PIDS=()

fo_cleanup() {
	local ns pid
	for ns in "${!XLBD_PIDS[@]}"; do kill -TERM "${XLBD_PIDS[$ns]}" 2>/dev/null; done
	for pid in "${XLBD_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
	cleanup_ns
	rm -rf "$WORK"
}
trap fo_cleanup EXIT
# shellcheck source=selftests/failover_pair_topo.sh
source "$(dirname "$0")/failover_pair_topo.sh"

# fo_state NS: what NS's xlbd and pluto say and which SAs it has, for a
# case that failed.
fo_state() {
	local n=${1#"$NSPREFIX"-}
	echo "$n's SAs:"; sas "$1"
	echo "$n's xlbd:"; cat "$WORK/xlbd-$n.log"
	echo "$n's pluto, its states:"; pluto_whack "$1" --status | grep -E '^#|^[0-9]+ #'
	echo "$n's pluto, its last words:"; tail -n 8 "$(pluto_dir "$1")/pluto.log"
}
# gw_up NS [CHANGES]: NS is master (after CHANGES changes), the tunnel up and offloaded.
gw_up() {
	wait_for 60 tunnel_up "$1" && role_is "$1" master && { [ -z "${2:-}" ] || changes_are "$1" "$2"; } ||
		{ fo_state "$1"; return 1; }
}
# gw_down NS CHANGES: NS is backup, after CHANGES changes, with no SA.
gw_down() {
	wait_for 30 role_is "$1" backup && changes_are "$1" "$2" && wait_for 30 no_sas "$1" ||
		{ fo_state "$1"; return 1; }
}

changes_are() {
	[ "$(ip netns exec "$1" "$XLBCTL" -j failover | jq -r '.[0].changes')" = "$2" ]
}

# sa_busy NS BASE: NS's outbound SA carried 200 packets past BASE.
sa_busy() {
	local spi n
	spi=$(out_spi "$1") && [ -n "$spi" ] || return 1
	n=$(esp_sa_counter "$1" 192.0.2.1 192.0.2.2 "$spi" packets 2>/dev/null)
	[ -n "$n" ] && [ "$n" -gt $(($2 + 200)) ]
}

fo_topology || { tap_result not-ok "create the topology"; tap_finish; exit; }
ka_start "$G1" 150
ka_start "$G2" 100
# Both start as backup; on a loaded host G2 may time out first and hold
# the address until G1's first advert: the election settles within 30 s.
g1_elected() { has_vip "$G1" && ! has_vip "$G2"; }
check "keepalived: G1 (priority 150) holds 192.0.2.1, G2 does not" wait_for 30 g1_elected
check "pluto starts in G1, G2 and P" eval \
	"pluto_start \"$G1\" \"\$(fo_conn yes)\" \"\$PLUTO_SECRETS\" &&
	 pluto_start \"$G2\" \"\$(fo_conn yes)\" \"\$PLUTO_SECRETS\" &&
	 pluto_start \"$P\" \"\$(fo_conn no)\" \"\$PLUTO_SECRETS\""
bad_conf() {
	local out rc=0
	printf 'libreswan ctlsocket %s\n\npair gw address 192.0.2.1 conns %s nosuch\n' \
		"$(pluto_dir "$G1")/run/pluto.ctl" "$CONN" >"$WORK/bad.conf"
	out=$(ip netns exec "$G1" "$XLBD" -f "$WORK/bad.conf" --test 2>&1) || rc=$?
	echo "exit $rc: $out"
	[ "$rc" = 1 ] && grep -qF "$WORK/bad.conf:3: pair gw: conn nosuch: libreswan has no such conn" <<<"$out"
}
check "a pair naming a conn pluto does not have is refused with file:line, exit 1" bad_conf
# Not under check (a subshell): XLBD_PIDS must be this shell's, for fo_cleanup.
started=0
xlbd_start "$G1" && xlbd_start "$G2" && started=1
check "xlbd starts in G1 and G2" test "$started" = 1
check "G1's xlbd: master, has pluto bring the tunnel up, offloaded to xlb0" gw_up "$G1" 0
check "G2's xlbd: backup, no SA" gw_down "$G2" 0
check "L reaches R through the tunnel" \
	wait_for 30 ip netns exec "$L" ping -c 1 -W 1 203.0.113.1

# Event 1: G1's WAN link goes down under a transfer.
transfer_start "$L" "$R" 203.0.113.1 "$FO_BYTES"
wait_for 60 sa_busy "$G1" 0
spi1=$(out_spi "$G1")
ip -n "$G1" link set w0 down
check "G1's link down: G2 takes 192.0.2.1" wait_for 30 has_vip "$G2"
check "G2's xlbd: master, the tunnel up from G2, offloaded" gw_up "$G2" 1
check "the transfer goes on through G2 (200 packets on its SA)" wait_for 120 sa_busy "$G2" 0
transfer_stop
check "the transfer across G1's link down arrived intact, no reset" transfer_intact
check "G1's xlbd: backup, its SAs gone" gw_down "$G1" 1

# Event 2: G1's link comes back; keepalived prefers G1 again.
transfer_start "$L" "$R" 203.0.113.1 "$FO_BYTES"
wait_for 60 sa_busy "$G2" 0
ip -n "$G1" link set w0 up
check "failback: G1 takes 192.0.2.1 again" wait_for 30 has_vip "$G1"
check "G1's xlbd: master again (2 changes), the tunnel up from G1" gw_up "$G1" 2
check "the transfer goes on through G1" wait_for 120 sa_busy "$G1" 0
transfer_stop
check "the transfer across the failback arrived intact, no reset" transfer_intact
check "G2's xlbd: backup (2 changes), its SAs gone" gw_down "$G2" 2
check "G1's outbound SA is new (not $spi1)" eval "[ \"\$(out_spi \"$G1\")\" != \"$spi1\" ]"

# Event 3: G1 dies whole: every process in it killed (keepalived's VRRP
# child, pluto, xlbd), then its namespace deleted with its devices. At
# the same moment G2's xlbd dies too (SIGKILL: a crash, the OOM killer),
# and is started again once G2 holds the address: it finds itself master
# and finishes the failover.
transfer_start "$L" "$R" 203.0.113.1 "$FO_BYTES"
wait_for 60 sa_busy "$G1" 0
kill -KILL "${XLBD_PIDS[$G2]}"
wait "${XLBD_PIDS[$G2]}" 2>/dev/null
ip netns pids "$G1" | xargs -r kill -KILL
ip netns del "$G1"
check "G1 deleted: G2 takes 192.0.2.1" wait_for 30 has_vip "$G2"
started=0
xlbd_start "$G2" && started=1
check "G2's xlbd, killed at the same moment, starts again" test "$started" = 1
check "G2's restarted xlbd: master, the tunnel up from G2" gw_up "$G2"
check "the transfer goes on through G2" wait_for 120 sa_busy "$G2" 0
transfer_stop
check "the transfer across G1's deletion arrived intact, no reset" transfer_intact

# What xlbd said: roles and conns, nothing else. A whack that timed out
# (pluto busy for 10 s, seen on the debug kernel) is allowed only when the
# retries then did the work, and a periodic check that found pluto not
# answering only when pluto answered again after it.
xlbd_log_clean() {
	local log=$WORK/xlbd-$1.log
	if grep -q "retried every" "$log" && ! grep -q "done after [0-9]* failed attempts" "$log"; then
		grep "retried every" "$log"
		return 1
	fi
	if [ "$(grep -c 'pluto does not answer' "$log")" -gt "$(grep -c 'pluto answers on .* again$' "$log")" ]; then
		grep "pluto does not answer" "$log"
		return 1
	fi
	! grep -vE "^xlbd: (ready: |pair gw: (192\.0\.2\.1 is (not )?here: (master|backup) \([0-9]+ changes\)|master: pluto initiates $CONN|backup: its 1 conns are down|whack --[a-z]+( $CONN)?: .*[Cc]onnection timed out; retried every 2 s|done after [0-9]+ failed attempts)|libreswan: pluto (does not answer on [^ ]+ \(/usr/libexec/ipsec/whack: Connection timed out\); its tunnels are checked again when it does|answers on [^ ]+ again)$)" "$log"
}
check "G2's xlbd logged nothing but its roles and conns" xlbd_log_clean G2
check "the kernel logged no warning" kernel_log_clean
tap_finish
