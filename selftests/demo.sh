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
ip -n "$GW" link set xlb0 up
run ip -n "$GW" -d link show xlb0
run ip netns exec "$GW" ethtool -k xlb0 | grep esp
run ps -e -o pid,psr,comm | grep -E 'PID|xlb/'
run ip netns exec "$GW" ping -c 3 -i 0.2 192.0.2.2
say "TCP, 16 MiB gw -> peer through xlb0 (sha256, bytes)"
tcp_transfer "$GW" "$PEER" 192.0.2.2 16777216 && echo "arrived intact"
run ip netns exec "$GW" "$top/userspace/xlbctl" -s dev show
run ip netns exec "$GW" ethtool -S xlb0
say "ip link add link xlb0 name xlb1 type xlb   (refused, and why)"
ip -n "$GW" link add link xlb0 name xlb1 type xlb || true
echo
echo "demo: xlb0 carried the traffic; ESP offload arrives with the next release."
