#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xlbd, the agent, with SAs installed as an IKE daemon installs them (ip
# xfrm, one reqid per tunnel, a rekey as a new SA of the same reqid): its
# file's policy and tunnel rules reach the kernel; a pinned tunnel's SAs,
# old and new, run on its worker; a sprayed tunnel's are sprayed; a tunnel
# on a worker set gets its next SA chosen from load; SIGHUP with a bad file
# keeps the running configuration (FILE:LINE in the log), with a good one
# applies it and drops the rules it no longer has; SIGTERM leaves the
# kernel as it is and a new xlbd picks up; the module reloaded under xlbd
# is caught up with; bad files, usage, and a start without CAP_NET_ADMIN
# are refused with their words and exit status. No pluto runs here: xlbd
# says so once (selftests/libreswan.sh runs it with one).
source "$(dirname "$0")/lib.sh"
require_cmd ip jq setpriv
top=$(cd "$(dirname "$0")/.." && pwd)
XLBD=$top/userspace/xlbd
XLBCTL=$top/userspace/xlbctl
[ -x "$XLBD" ] && [ -x "$XLBCTL" ] || skip_all "userspace/xlbd or xlbctl not built"

tap_plan 52
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_addrs 4 tunnel

work=$(mktemp -d)
chmod 755 "$work"	# nobody reads the file in the CAP_NET_ADMIN case
trap 'stop_xlbd; rm -rf "$work"; cleanup_ns' EXIT

FIRST=$(cut -d, -f1 /sys/devices/system/cpu/online | cut -d- -f1)
LAST=$(awk -F'[-,]' '{ print $NF }' /sys/devices/system/cpu/online)

# add_sa SPI REQID: an outbound SA of tunnel REQID offloaded to xlb0.
add_sa() {
	esp_sa "$O_GW" "$O_PEER" "$1" tunnel no "$(esp_alg_args gcm128-icv16)" \
		"dev xlb0 dir out" "" | sed "s/ reqid 1 / reqid $2 /" | ip -n "$GW" -batch -
}
del_sa() { ip -n "$GW" xfrm state del src "$O_GW" dst "$O_PEER" proto esp spi "$1"; }
# sa SPI FIELD: a field of that SA in xlbctl -j sa.
sa() {
	ip netns exec "$GW" "$XLBCTL" -j sa |
		jq -r ".[] | select(.spi == $(($1))) | .$2"
}
# sa_is SPI WORKER PINNED SPRAY: where the SA runs and how.
sa_is() {
	local got
	got="$(sa "$1" worker) $(sa "$1" pinned) $(sa "$1" spray)"
	[ "$got" = "$2 $3 $4" ] || { echo "SA $1: worker pinned spray = $got, want $2 $3 $4"; return 1; }
}
policy_field() { ip netns exec "$GW" "$XLBCTL" -j policy | jq -r ".$1"; }

# start_xlbd FILE: xlbd in $GW, in the foreground, until it says ready.
# Not under check: XLBD_PID must be this shell's, and xlbd must not hold
# the output pipe check reads.
start_xlbd() {
	: >"$work/log"
	ip netns exec "$GW" "$XLBD" -f "$1" --foreground >/dev/null 2>>"$work/log" &
	XLBD_PID=$!
	wait_for 20 grep -q "ready: " "$work/log" || { sed 's/^/#   /' "$work/log"; return 1; }
}
# log_says REGEX: xlbd logged it (within 10 s).
log_says() { wait_for 10 grep -qE "$1" "$work/log" || { cat "$work/log"; return 1; }; }

# --- files refused before anything starts ------------------------------------
printf 'device xlb0\n# fine so far\ntunnel reqid 9 workers 1 pinned spray on\n' >"$work/bad.conf"
check_fails "a pinned and sprayed tunnel: refused with file:line, exit 1" \
	"bad.conf:3: a pinned tunnel is not sprayed" \
	eval "\"$XLBD\" -f \"$work/bad.conf\" --test; [ \$? != 1 ]"
printf 'policy hotspot 50\n' >"$work/bad2.conf"
check_fails "a hotspot out of range: refused with its range" \
	"bad2.conf:1: hotspot \"50\": want a number from 100 to 1000" \
	"$XLBD" -f "$work/bad2.conf" --foreground
check_fails "a missing file: named, and no start" "nonexistent.conf: No such file" \
	"$XLBD" -f "$work/nonexistent.conf" --foreground
check "a usage error exits 2" eval "\"$XLBD\" --frobnicate 2>/dev/null; test \$? = 2"
cat >"$work/xlbd.conf" <<EOF2
device xlb0
policy max-moves 3 move-cooldown 20
tunnel reqid 9 workers $LAST pinned spray off
tunnel reqid 10 spray on
tunnel reqid 11 workers $FIRST-$LAST
EOF2
check "--test accepts the good file" "$XLBD" -f "$work/xlbd.conf" --test
check_fails "without CAP_NET_ADMIN: refused, exit 1" "needs CAP_NET_ADMIN" \
	eval "ip netns exec \"$GW\" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		--inh-caps=-all --bounding-set=-all \"$XLBD\" -f \"$work/xlbd.conf\" --foreground;
	      [ \$? != 1 ]"

# --- the file reaches the kernel -------------------------------------------
# An SA of tunnel 9 before xlbd starts: pinned once it runs.
add_sa 0x9001 9
start_xlbd "$work/xlbd.conf"
check "xlbd starts and says ready" test $? = 0
check "no pluto on /run/pluto/pluto.ctl (libreswan's default): xlbd says so and runs on" \
	log_says "libreswan: pluto does not answer on /run/pluto/pluto.ctl \(.+\); its tunnels are checked again when it does"
check "xlbctl tunnel: the rules of reqids 9 (worker $LAST, pinned, spray off), 10, 11" eval \
	"ip netns exec \"$GW\" \"$XLBCTL\" -j tunnel | jq -e '[.[] | .reqid] == [9, 10, 11] and
	 (.[0] | .worker == $LAST and .pinned and .spray == \"off\") and .[1].worker == null'"
check "xlbctl tunnel: each rule with its line of xlbd.conf (xlbd's state file)" eval \
	"ip netns exec \"$GW\" \"$XLBCTL\" -j tunnel | jq -e '[.[] | .config_line] == [3, 4, 5] and
	 all(.[]; .conn == null)'"
check "policy: max-moves 3, move-cooldown 20" eval \
	'[ "$(policy_field max_moves) $(policy_field move_cooldown)" = "3 20" ]'
check "tunnel 9's SA from before xlbd: pinned to worker $LAST, spray off" \
	wait_for 10 sa_is 0x9001 "$LAST" true off
add_sa 0x9002 9
check "tunnel 9 rekeys: the new SA is born on worker $LAST, pinned" sa_is 0x9002 "$LAST" true off
check "... placed by the tunnel's rule (event reason tunnel), logged" \
	log_says "tunnel reqid 9: SA 0x00009002 out \(id [0-9]+\) born on worker $LAST, tunnel"
add_sa 0xa001 10
check "tunnel 10's SA: spray on" eval '[ "$(sa 0xa001 spray)" = on ]'
add_sa 0xb001 11
check "tunnel 11's SA born on one of workers $FIRST-$LAST, not pinned" eval \
	'w=$(sa 0xb001 worker); [ "$w" -ge '"$FIRST"' ] && [ "$w" -le '"$LAST"' ] && [ "$(sa 0xb001 pinned)" = false ]'
check "tunnel 11: xlbd chose where its next SA goes" \
	log_says "tunnel reqid 11: its next SA goes to worker [0-9]+"
add_sa 0xc001 12
check "an SA of a tunnel the file does not name: left to policy, not pinned" \
	eval '[ "$(sa 0xc001 pinned)" = false ]'

# --- SIGHUP -------------------------------------------------------------------
cp "$work/xlbd.conf" "$work/good.conf"
printf 'tunnel reqid 9 workers %s\ntunnel reqid 9 spray on\n' "$FIRST" >"$work/xlbd.conf"
kill -HUP "$XLBD_PID"
check "SIGHUP with a bad file: xlbd says file:line and keeps the running one" \
	log_says "xlbd.conf:2: tunnel reqid 9 already on line 1; keeping the running configuration"
add_sa 0x9003 9
check "... tunnel 9 still born pinned on worker $LAST" sa_is 0x9003 "$LAST" true off
# A conn's reqid is learnt from pluto, absent here: until then xlbd cannot
# tell whether a rule the file does not name by reqid is the conn's.
printf 'device xlb0\ntunnel reqid 9 workers %s pinned spray off\ntunnel conn site-b spray on\n' \
	"$LAST" >"$work/xlbd.conf"
kill -HUP "$XLBD_PID"
check "SIGHUP, a tunnel by conn, no pluto: loaded, the conn's name checked when pluto answers" \
	log_says "libreswan: no pluto on /run/pluto/pluto.ctl to check the conns .*xlbd.conf names \(.+\); checked when it answers"
check "... reloaded with 2 tunnels" log_says "reloaded .*xlbd.conf: 2 tunnels"
check "... the rules of reqids 10 and 11 stay (either may be the conn's)" eval \
	"ip netns exec \"$GW\" \"$XLBCTL\" -j tunnel | jq -e '[.[] | .reqid | values] == [9, 10, 11]'"
check "... xlbctl tunnel: conn site-b of line 3, its reqid not known yet" eval \
	"ip netns exec \"$GW\" \"$XLBCTL\" -j tunnel |
	 jq -e '[.[] | select(.conn == \"site-b\")] == [{reqid: null, worker: null, pinned: false, spray: null, weight: null, conn: \"site-b\", selector: null, config_line: 3, sas: []}]'"
check "... and in text: 'conn site-b (FILE:3): reqid not known yet'" eval \
	"ip netns exec \"$GW\" \"$XLBCTL\" tunnel | grep -q '^conn site-b (.*xlbd.conf:3): reqid not known yet'"
printf 'device xlb0\ntunnel reqid 9 workers %s\n' "$FIRST" >"$work/xlbd.conf"
kill -HUP "$XLBD_PID"
check "SIGHUP with a good file: reloaded" log_says "reloaded .*xlbd.conf: 1 tunnels"
check "... the rules of tunnels 10 and 11 are gone" \
	log_says "tunnel reqid 11: rule removed, not in the configuration"
check "... xlbctl tunnel: only reqid 9's rule, worker $FIRST, with its SAs" eval \
	"ip netns exec \"$GW\" \"$XLBCTL\" -j tunnel | jq -e '[.[] | .reqid] == [9] and
	 .[0].worker == $FIRST and (.[0].pinned | not) and (.[0].sas | length) == 3'"
check "... tunnel 10, no longer in the file, is back to spray auto" \
	eval '[ "$(sa 0xa001 spray)" = auto ]'
check "... tunnel 9's SAs are no longer pinned (the file lets them move)" \
	sa_is 0x9001 "$LAST" false off
add_sa 0x9004 9
# Its spray mode is the one of the SA it replaces: the file gives none.
check "... tunnel 9's next SA is born on worker $FIRST, not pinned" \
	sa_is 0x9004 "$FIRST" false off
add_sa 0xa002 10
check "... tunnel 10's next SA is not sprayed" eval '[ "$(sa 0xa002 spray)" = auto ]'
check "pluto's absence was said once, not again at each reload" \
	eval '[ "$(grep -c "pluto does not answer" "$work/log")" = 1 ]'

# --- SIGTERM, restart ---------------------------------------------------------
stop_xlbd
check "SIGTERM: xlbd exits 0" test $? = 0
check "... its state file is gone: xlbctl tunnel shows no line of it" eval \
	"ip netns exec \"$GW\" \"$XLBCTL\" -j tunnel | jq -e 'all(.[]; .config_line == null)'"
check "... and the SAs stay where they were (0x9004 on $FIRST)" \
	sa_is 0x9004 "$FIRST" false off
cp "$work/good.conf" "$work/xlbd.conf"
start_xlbd "$work/xlbd.conf"
check "a new xlbd starts with the first file" test $? = 0
check "... and pins tunnel 9's SAs to worker $LAST again" \
	wait_for 10 sa_is 0x9004 "$LAST" true off
add_sa 0x9005 9
check "... and tunnel 9's next SA is born pinned on worker $LAST" sa_is 0x9005 "$LAST" true off

# --- the module reloaded under xlbd -------------------------------------------
ip -n "$GW" xfrm state flush
ip -n "$GW" link del xlb0
if rmmod_xlb && modprobe xlb && add_xlb; then
	check "module reloaded: xlbd noticed and applied the file again" \
		log_says "the xlb module was loaded again"
	add_sa 0x9006 9
	check "... tunnel 9's SA is born pinned on worker $LAST" \
		wait_for 10 sa_is 0x9006 "$LAST" true off
else
	tap_result not-ok "module reloaded: xlbd noticed and applied the file again"
	tap_result not-ok "... tunnel 9's SA is born pinned on worker $LAST"
fi
# --- tunnels named by selector ---------------------------------------------
# Any IKE daemon's tunnel, by the outbound policy that selects its traffic:
# xlbd reads the reqid off the policy's template.
SEL="198.51.100.0/24 203.0.113.0/24"
printf 'tunnel selector 198.51.100.1/24 203.0.113.0/24 workers %s\n' "$LAST" >"$work/bad3.conf"
check_fails "a selector with host bits set: refused with file:line" \
	"bad3.conf:1: selector \"198.51.100.1/24\": host bits set" \
	"$XLBD" -f "$work/bad3.conf" --test
printf 'tunnel selector 198.51.100.0/24 2001:db8::/32 spray on\n' >"$work/bad4.conf"
check_fails "a selector of two families: refused with file:line" \
	"bad4.conf:1: selector .*: one family for both ends" \
	"$XLBD" -f "$work/bad4.conf" --test
printf 'device xlb0\ntunnel reqid 9 workers %s pinned spray off\ntunnel selector %s workers %s pinned\ntunnel selector 198.51.100.0/24 192.0.2.128/25 spray on\n' \
	"$LAST" "$SEL" "$FIRST" >"$work/xlbd.conf"
ip -n "$GW" xfrm policy add src 198.51.100.0/24 dst 203.0.113.0/24 dir out \
	tmpl src "$O_GW" dst "$O_PEER" proto esp reqid 13 mode tunnel
kill -HUP "$XLBD_PID"
check "SIGHUP, tunnel selector $SEL: its reqid read off the outbound policy (13)" \
	log_says "tunnel selector $SEL \(reqid 13\): its SAs are placed by line 3"
add_sa 0xd001 13
check "... the tunnel's SA is born pinned on worker $FIRST" sa_is 0xd001 "$FIRST" true auto
check "xlbctl tunnel: selector $SEL, line 3, reqid 13; the other selector's reqid not known yet" eval \
	"ip netns exec \"$GW\" \"$XLBCTL\" -j tunnel |
	 jq -e '([.[] | select(.selector == \"$SEL\")] | length == 1 and .[0].reqid == 13 and .[0].config_line == 3) and
		([.[] | select(.selector == \"198.51.100.0/24 192.0.2.128/25\")] == [{reqid: null, worker: null, pinned: false, spray: null, weight: null, conn: null, selector: \"198.51.100.0/24 192.0.2.128/25\", config_line: 4, sas: []}])'"
# Its policy arrives with its first SA, as from an IKE daemon: learnt on the SA's birth.
ip -n "$GW" xfrm policy add src 198.51.100.0/24 dst 192.0.2.128/25 dir out \
	tmpl src "$O_GW" dst "$O_PEER" proto esp reqid 14 mode tunnel
add_sa 0xe001 14
sel14_learnt() {
	log_says "tunnel selector 198.51.100.0/24 192.0.2.128/25 \\(reqid 14\\): its SAs are placed by line 4" &&
		wait_for 10 eval '[ "$(sa 0xe001 spray)" = on ]'
}
check "a selector's policy and SA arrive: reqid 14 learnt, the SA sprayed" sel14_learnt
ip -n "$GW" xfrm policy flush

# --- a tunnel's weight --------------------------------------------------------
# Tunnel 15's SAs count as a whole worker where new SAs are placed: under
# least-loaded the SAs of another tunnel born after its first keep off its
# worker, though it carries no traffic.
printf 'device xlb0\npolicy placement least-loaded\ntunnel reqid 15 weight 1000\n' >"$work/xlbd.conf"
kill -HUP "$XLBD_PID"
check "SIGHUP, tunnel reqid 15 weight 1000: xlbctl tunnel shows the weight" eval \
	"wait_for 10 eval 'ip netns exec \"$GW\" \"$XLBCTL\" -j tunnel |
		jq -e \"[.[] | select(.reqid == 15) | .weight] == [1000]\" >/dev/null' &&
	 ip netns exec \"$GW\" \"$XLBCTL\" tunnel | grep -qx 'reqid 15 weight 1000 (.*:3)'"
add_sa 0xf001 15
HEAVY=$(sa 0xf001 worker)
for spi in 0xf101 0xf102 0xf103 0xf104; do
	add_sa $spi 16
done
# beside_heavy: how many of tunnel 16's SAs were born on tunnel 15's worker.
beside_heavy() {
	local spi n=0
	for spi in 0xf101 0xf102 0xf103 0xf104; do
		[ "$(sa $spi worker)" = "$HEAVY" ] && n=$((n + 1))
	done
	echo "$n of 4 on worker $HEAVY"
	[ $n = 0 ]
}
check "... 4 SAs of tunnel 16 born after tunnel 15's: none on its worker" beside_heavy
check "... policy placement least-loaded applied" eval '[ "$(policy_field placement)" = least-loaded ]'

kill -0 "$XLBD_PID" 2>/dev/null
running=$?
stop_xlbd
check "xlbd still running, then exits 0 on SIGTERM" test "$running $?" = "0 0"
check "the kernel logged no WARNING, BUG, Oops, KASAN or leak" kernel_log_clean
echo "# xlbd's log:"
sed 's/^/#   /' "$work/log"
tap_finish
