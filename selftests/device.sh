#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The xlb link type: create, inspect, delete, module unload with devices.
source "$(dirname "$0")/lib.sh"
require_cmd ip ethtool python3 jq

# 19 cases, and 3 of xlbctl when it is built (else 1 skip).
tap_plan $((19 + $([ -x "$(dirname "$0")/../userspace/xlbctl" ] && echo 3 || echo 1)))
load_xlb
make_pair

check "ip link add link veth0 name xlb0 type xlb" \
	ip -n "$GW" link add link veth0 name xlb0 type xlb
check "xlb0 is of kind xlb (ip -d link: $(ip -n "$GW" -j -d link show xlb0 | jq -r '.[0].linkinfo.info_kind'))" \
	test "$(ip -n "$GW" -j -d link show xlb0 | jq -r '.[0].linkinfo.info_kind')" = xlb
check "xlb0 shows its lower device (xlb0@veth0)" \
	bash -c "ip -n $GW link show xlb0 | grep -q 'xlb0@veth0'"
check "xlb0 has veth0's MAC address" \
	test "$(link_field "$GW" xlb0 address)" = "$(link_field "$GW" veth0 address)"
check "xlb0 has veth0's MTU" \
	test "$(link_field "$GW" xlb0 mtu)" = "$(link_field "$GW" veth0 mtu)"
check "ethtool -k xlb0: esp-hw-offload on" \
	bash -c "ip netns exec $GW ethtool -k xlb0 | grep -qx 'esp-hw-offload: on'"
check "ethtool -i xlb0: driver xlb, bus-info veth0" \
	bash -c "ip netns exec $GW ethtool -i xlb0 | grep -qx 'driver: xlb' &&
		 ip netns exec $GW ethtool -i xlb0 | grep -qx 'bus-info: veth0'"

ncpu=$(grep -c '^processor' /proc/cpuinfo)
check "one xlb/N worker thread per online CPU ($ncpu)" \
	test "$(ps -e -o comm= | grep -c '^xlb/[0-9]*$')" -eq "$ncpu"
check "ethtool -S xlb0 lists worker counters for each CPU" \
	bash -c "ip netns exec $GW ethtool -S xlb0 | grep -q 'worker$((ncpu - 1))_processed'"

# xlbctl, the operator's view, against the real device.
XLBCTL="$(cd "$(dirname "$0")/.." && pwd)/userspace/xlbctl"
if [ -x "$XLBCTL" ]; then
	check "xlbctl dev show lists xlb0 on veth0" \
		bash -c "ip netns exec $GW $XLBCTL dev show | grep -E '^[0-9]+ +xlb0 +veth0 '"
	check "xlbctl -j: xlb0 with its lower device, as JSON" \
		bash -c "ip netns exec $GW $XLBCTL -j dev show xlb0 |
			 python3 -c 'import json,sys; l=json.load(sys.stdin); \
				     sys.exit(not (len(l) == 1 and l[0][\"ifname\"] == \"xlb0\" and l[0][\"link\"] == \"veth0\"))'"
	check_fails "xlbctl dev show veth0: not an xlb device" "not an xlb device" \
		ip netns exec "$GW" "$XLBCTL" dev show veth0
else
	skip_case "xlbctl not built (make userspace)"
fi

# xlb0 takes the SAs it can do and leaves the rest to software ESP.
gw ip link set xlb0 up
gw ip addr add 192.0.2.1/24 dev xlb0
check "an AES-GCM-128 SA offered to xlb0 is offloaded" \
	bash -c "ip -n $GW xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 \
			reqid 1 mode tunnel aead 'rfc4106(gcm(aes))' 0x$(printf '%040x' 1) 128 \
			offload dev xlb0 dir out &&
		 ip -n $GW xfrm state list | grep -q 'crypto offload parameters: dev xlb0 dir out'"
# sa_kept_in_software SPI: the SA exists and is not offloaded.
sa_kept_in_software() {
	local sa
	sa=$(gw ip xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi "$1") &&
		! grep -q 'crypto offload' <<<"$sa"
}
check "an AES-GCM-192 SA (xlb does not take it) is kept in software" \
	eval "gw ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x101 \
		reqid 1 mode tunnel aead 'rfc4106(gcm(aes))' 0x$(printf '%056x' 1) 128 \
		offload dev xlb0 dir out && sa_kept_in_software 0x101"
# NAT-T: 6.12 asks xlb, which refuses it (software); 6.1 refuses it itself.
natt_not_offloaded() {
	local err
	if err=$(gw ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x102 \
		reqid 1 mode tunnel aead 'rfc4106(gcm(aes))' "0x$(printf '%040x' 1)" 128 \
		encap espinudp 4500 4500 0.0.0.0 offload dev xlb0 dir out 2>&1); then
		sa_kept_in_software 0x102
	else
		grep -q "Encapsulation" <<<"$err"
	fi
}
check "a NAT-T (UDP-encapsulated) SA is never offloaded" natt_not_offloaded
gw ip xfrm state flush

check "ip link del xlb0 removes it" \
	bash -c "ip -n $GW link del xlb0 && ! ip -n $GW link show xlb0 2>/dev/null"
check "veth0 is free again: a new xlb0 stacks on it" \
	ip -n "$GW" link add link veth0 name xlb0 type xlb

# A second namespace with its own xlb device, then unload with both present.
setup_ns OTHER
ip -n "$OTHER" link add veth2 type veth peer name veth3
ip -n "$OTHER" link add link veth2 name xlb1 type xlb
ip -n "$OTHER" link set xlb1 up
check "rmmod xlb with devices in two namespaces" rmmod_xlb
check "rmmod removed xlb0 and xlb1, lower devices remain" \
	bash -c "! ip -n $GW link show xlb0 2>/dev/null && ! ip -n $OTHER link show xlb1 2>/dev/null &&
		 ip -n $GW link show veth0 >/dev/null && ip -n $OTHER link show veth2 >/dev/null"
check "no xlb worker threads after rmmod" \
	test "$(ps -e -o comm= | grep -c '^xlb/[0-9]*$')" -eq 0
check "modprobe xlb again, and xlb0 stacks on veth0" \
	bash -c "modprobe xlb && ip -n $GW link add link veth0 name xlb0 type xlb"
ip -n "$OTHER" link add link veth2 name xlb1 type xlb
check "a namespace holding an xlb device can be deleted, then xlb unloaded" \
	eval "ip netns del $OTHER && rmmod_xlb && modprobe xlb"

tap_finish
