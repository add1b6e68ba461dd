#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`, inside the VM: load xlb, stack xlb0 on a veth, show it carrying
# traffic and what it tells an operator. Exits non-zero if any step fails.
source "$(dirname "$0")/lib.sh" >/dev/null
set -e
top=$(cd "$(dirname "$0")/.." && pwd)

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

modprobe xlb
make_pair
run ip -n "$GW" link add link veth0 name xlb0 type xlb
ip -n "$GW" addr add 192.0.2.1/24 dev xlb0
ip -n "$GW" addr add 2001:db8::1/64 dev xlb0 nodad
ip -n "$GW" link set xlb0 up
run ip -n "$GW" -d link show xlb0
run ip netns exec "$GW" ethtool -k xlb0 | grep esp
run ps -e -o pid,psr,comm | grep -E 'PID|xlb/'
run ip netns exec "$GW" ping -c 3 -i 0.2 192.0.2.2
say "TCP, 16 MiB gw -> peer through xlb0 (sha256, bytes)"
tcp_transfer "$GW" "$PEER" 192.0.2.2 16777216 && echo "arrived intact"
say "ip link add link xlb0 name xlb1 type xlb   (refused, and why)"
ip -n "$GW" link add link xlb0 name xlb1 type xlb || true

say "an IPsec tunnel 198.51.100.1 <-> 203.0.113.1, AES-GCM-128: GW's SAs offloaded to xlb0, PEER in software"
esp_inner_setup
esp_setup 4 tunnel gcm128-icv16 esn
say "ip xfrm state   (keys left out of this demo's output)"
ip -n "$GW" xfrm state | grep -E '^src|proto esp|crypto offload'
run ip netns exec "$GW" ping -c 3 -i 0.2 "$I_PEER"
say "TCP and UDP both ways through the tunnel (sha256-checked)"
exchange "$GW" "$I_GW" "$PEER" "$I_PEER" 4194304 200
say "cat /sys/kernel/debug/xlb/sas   (each offloaded SA: its worker and counters; never a key)"
xlb_sa_stat xlb0 $ESP_SPI_OUT out packets >/dev/null	# mounts debugfs if needed
cat /sys/kernel/debug/xlb/sas
run ip netns exec "$GW" "$top/userspace/xlbctl" -s dev show
run ip netns exec "$GW" ethtool -S xlb0

say "xlbctl: the workers, the SAs they serve, and the namespace's policy"
xlbctl() { "$top/userspace/xlbctl" -n "$GW" "$@"; }
run xlbctl sa
run xlbctl policy
say "one tunnel over every worker: spray its outbound SA, then 8 MiB through it"
run xlbctl sa spray 0x1001 on dir out
before=$(xlbctl -j workers)
tcp_transfer "$GW" "$PEER" "$I_PEER" 8388608 && echo "arrived intact"
run xlbctl workers
python3 - "$before" "$(xlbctl -j workers)" <<'PY'
import json, sys
a, b = (json.loads(x) for x in sys.argv[1:])
was = {w["cpu"]: w["packets"] for w in a}
print("packets each worker processed for that transfer:",
      ", ".join(f"cpu {w['cpu']}: {w['packets'] - was[w['cpu']]}" for w in b))
PY
say "back to automatic, then pinned to worker 0 (a pinned SA is never sprayed or moved)"
run xlbctl sa spray 0x1001 auto dir out
run xlbctl sa pin 0x1001 0 dir out
run xlbctl sa
run xlbctl stats -c 1
say "ip xfrm state add ... spi 0x3003 ... aead 'rfc4106(gcm(aes))' 0x<192-bit key + salt> 128 offload dev xlb0 dir out"
ip -n "$GW" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x3003 reqid 3 \
	mode tunnel aead 'rfc4106(gcm(aes))' "0x$(hexkey 28)" 128 offload dev xlb0 dir out
if ip -n "$GW" xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x3003 |
	grep -q 'crypto offload'; then
	echo "offloaded (unexpected)"
	exit 1
fi
echo "installed without offload: the kernel's software ESP carries it"

say "libreswan and xlbd: pluto's IKEv2 tunnel offloaded to xlb0, placed by xlbd's conn line"
cleanup_ns
pluto_topology xlb
pluto_start "$GW" "$(pluto_conn demo default)" "$PLUTO_SECRETS"
pluto_start "$PEER" "$(pluto_conn demo no)" "$PLUTO_SECRETS"
echo "GW's conn (nic-offload left at auto: xlb0 holds the IKE address 192.0.2.1):"
pluto_conn demo default | sed 's/^/    /'
LAST=$(awk -F'[-,]' '{ print $NF }' /sys/devices/system/cpu/online)
XLBD_CONF=$(mktemp)
XLBD_LOG=$(mktemp)
trap 'stop_xlbd; rm -f "$XLBD_CONF" "$XLBD_LOG"; cleanup_ns' EXIT
printf 'device xlb0\nlibreswan ctlsocket %s\ntunnel conn demo workers %s pinned\n' \
	"$(pluto_dir "$GW")/run/pluto.ctl" "$LAST" >"$XLBD_CONF"
say "cat xlbd.conf"
cat "$XLBD_CONF"
ip netns exec "$GW" "$top/userspace/xlbd" -f "$XLBD_CONF" --foreground 2>"$XLBD_LOG" &
# shellcheck disable=SC2034 # stop_xlbd (lib.sh) reads it
XLBD_PID=$!
wait_for 20 grep -q "ready: " "$XLBD_LOG"
two_sas_each() {
	[ "$(ip -n "$GW" xfrm state | grep -c '^src')" = 2 ] &&
		[ "$(ip -n "$PEER" xfrm state | grep -c '^src')" = 2 ]
}
say "ipsec whack --name demo --initiate"
pluto_whack "$GW" --name demo --initiate >/dev/null
wait_for 60 two_sas_each
say "ip xfrm state   (GW; keys left out)"
ip -n "$GW" xfrm state | grep -E '^src|proto esp|crypto offload'
sa_pinned_last() {
	[ "$(xlbctl -j sa | jq '[.[] | select(.pinned and .worker == '"$LAST"')] | length')" = 2 ]
}
wait_for 15 sa_pinned_last
run xlbctl sa
run ip netns exec "$GW" ping -c 3 -i 0.2 203.0.113.1
say "ipsec whack --name demo --rekey-ipsec   (the new SAs are born on worker $LAST, by xlbd's rule)"
old=$(ip -n "$GW" xfrm state | awk '/proto esp/ { print $4 }' | sort | tr '\n' ' ')
pluto_whack "$GW" --name demo --rekey-ipsec >/dev/null
rekeyed() {
	local now
	now=$(ip -n "$GW" xfrm state | awk '/proto esp/ { print $4 }' | sort | tr '\n' ' ')
	[ "$now" != "$old" ] && two_sas_each && sa_pinned_last
}
wait_for 30 rekeyed
run xlbctl sa
say "xlbd's log"
stop_xlbd
cat "$XLBD_LOG"

echo
echo "demo: xlb0 carried the traffic and its workers did the tunnel's ESP crypto;"
echo "libreswan offloaded its tunnel to xlb0 and xlbd kept it on worker $LAST across a rekey."
