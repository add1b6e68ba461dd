#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inbound ESP when the lower device does NAPI GRO, as every NIC does. The
# ESP offload modules' GRO handler would decrypt in software before xlb's
# rx_handler sees a packet; xlb wraps it (kmod/gro.c). Here, for IPv4 and
# IPv6 outer: xlb decrypts at least 99% of an offloaded inbound SA's
# packets; an SA that is not offloaded keeps the stack's path; the ESP
# offload module cannot go while wrapped, and after `rmmod xlb` it unloads
# and loads as on a kernel that never saw xlb, and its GRO handler
# decrypts a software tunnel on the bare lower device again (counted by a
# kprobe on esp4_gro_receive/esp6_gro_receive). Then xlb loaded before the
# ESP offload modules, which the first offloaded SA loads.
source "$(dirname "$0")/lib.sh"
require_cmd ip ethtool python3 taskset ping
XLB_LOWER_GRO=1		# make_pair: GRO on, whatever the runner says

# Built into the kernel (the debug kernel's config), an ESP offload module
# cannot be unloaded: those cases are not run there.
esp_offload_modular() {
	modinfo -F filename esp4_offload 2>/dev/null | grep -qv builtin
}
modular=0
esp_offload_modular && modular=1
# GRO on; offloaded and software, each family; the modules' cases (9, or 2
# when built in); xlb unloaded, each family; after reloading, each family;
# the kernel log.
tap_plan $((1 + 2 * 6 + 2 * 4 + (modular ? 9 : 2) + 2 * 2 + 2 * 3 + 1))
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_inner_setup

check "GRO is on at veth0" eval \
	"gw ethtool -k veth0 | grep -q '^generic-receive-offload: on'"

# offloaded_rx FAMILY: 6 cases. A TCP transfer from the peer through an
# ESN SA offloaded to xlb0: xlb decrypted at least 99% of what the stack
# counted on the SA, and its GRO steering counted them.
offloaded_rx() {
	local fam=$1 sa0 xlb0 steer0 sa1 xlb1 steer1
	esp_addrs "$fam" tunnel
	check "IPv$fam: SAs offloaded to xlb0" eval \
		"esp_setup $fam tunnel gcm128-icv16 esn &&
		 esp_offloaded $GW $O_PEER $O_GW $ESP_SPI_IN xlb0"
	sa0=$(esp_sa_counter "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN packets)
	xlb0=$(xlb_sa_stat xlb0 $ESP_SPI_IN in packets)
	steer0=$(xlb_stat "$GW" xlb0 esp_rx_gro_steered)
	check "IPv$fam: 2 MiB TCP from the peer, intact" \
		tcp_transfer "$PEER" "$GW" "$I_GW" 2097152
	sa1=$(esp_sa_counter "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN packets)
	xlb1=$(xlb_sa_stat xlb0 $ESP_SPI_IN in packets)
	steer1=$(xlb_stat "$GW" xlb0 esp_rx_gro_steered)
	local sa=$((sa1 - sa0)) xlb=$((xlb1 - xlb0)) steer=$((steer1 - steer0))
	echo "# IPv$fam: SA $sa packets, xlb decrypted $xlb, GRO steered $steer"
	check "IPv$fam: the SA carried the transfer ($sa packets)" test "$sa" -ge 1000
	check "IPv$fam: xlb decrypted at least 99% of them ($xlb of $sa)" \
		test $((100 * xlb)) -ge $((99 * sa))
	check "IPv$fam: GRO steered them to xlb ($steer of $sa)" \
		test $((100 * steer)) -ge $((99 * sa))
	check "IPv$fam: no xlb errors, drops or fallbacks on the SA" eval \
		"test \"\$(xlb_sa_stat xlb0 $ESP_SPI_IN in errors)\" = 0 &&
		 test \"\$(xlb_sa_stat xlb0 $ESP_SPI_IN in drops)\" = 0 &&
		 test \"\$(xlb_sa_stat xlb0 $ESP_SPI_IN in fallbacks)\" = 0"
	esp_teardown
}

# software_sas OUT_ALG IN_ALG: the tunnel's SAs and policies, offloaded
# nowhere, on both sides.
software_sas() {
	local ns
	for ns in "$GW" "$PEER"; do
		{
			esp_sa "$O_GW" "$O_PEER" $ESP_SPI_OUT tunnel esn "$1" "" "src $I_GW dst $I_PEER"
			esp_sa "$O_PEER" "$O_GW" $ESP_SPI_IN tunnel esn "$2" "" "src $I_PEER dst $I_GW"
			if [ "$ns" = "$GW" ]; then
				esp_policy "$I_GW" "$I_PEER" "$O_GW" "$O_PEER" tunnel
			else
				esp_policy "$I_PEER" "$I_GW" "$O_PEER" "$O_GW" tunnel
			fi
		} | ip -n "$ns" -batch - || return 1
	done
}

# The stack's own ESP GRO handler counted: a kprobe on esp4_gro_receive
# and esp6_gro_receive, its hits read from kprobe_profile. Whether the
# kernel has kprobe events is a property of its build (the debug kernel
# has none); kprobes_off before the ESP offload modules may go.
TRACEFS=/sys/kernel/tracing
[ -e "$TRACEFS/kprobe_events" ] || mount -t tracefs nodev "$TRACEFS" 2>/dev/null
KPROBES=0
[ -e "$TRACEFS/kprobe_events" ] && KPROBES=1
kprobes_on() {
	[ "$KPROBES" = 1 ] || return 0
	modprobe -a esp4_offload esp6_offload &&
		echo "p:xlb_gro/esp4_gro esp4_gro_receive" >>"$TRACEFS/kprobe_events" &&
		echo "p:xlb_gro/esp6_gro esp6_gro_receive" >>"$TRACEFS/kprobe_events" &&
		echo 1 >"$TRACEFS/events/xlb_gro/enable"
}
kprobes_off() {
	[ -d "$TRACEFS/events/xlb_gro" ] || return 0
	echo 0 >"$TRACEFS/events/xlb_gro/enable" &&
		echo "-:xlb_gro/esp4_gro" >>"$TRACEFS/kprobe_events" &&
		echo "-:xlb_gro/esp6_gro" >>"$TRACEFS/kprobe_events"
}
trap 'kprobes_off 2>/dev/null; cleanup_ns' EXIT
stack_gro_calls() {
	[ "$KPROBES" = 1 ] || return 0
	awk -v e="esp$1_gro" '$1 == e { print $2 }' "$TRACEFS/kprobe_profile"
}

# stack_gro_check FAMILY CALLS0 SA0 WHAT: one case. The stack's GRO
# handler ran for at least 99% of the SA's packets since CALLS0 and SA0.
stack_gro_check() {
	local fam=$1 desc="IPv$1: $4: the stack's ESP GRO handler took at least 99% of the SA's packets"
	if [ "$KPROBES" = 0 ]; then
		skip_case "$desc (no kprobe events in this kernel)"
		return
	fi
	local calls=$(($(stack_gro_calls "$fam") - $2))
	local sa=$(($(esp_sa_counter "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN packets) - $3))
	check "$desc (esp${fam}_gro_receive ran $calls times, SA $sa packets)" \
		test "$sa" -ge 500 -a $((100 * calls)) -ge $((99 * sa))
}

# software_rx FAMILY: 4 cases. The same tunnel with no SA offloaded: the
# stack's own ESP (with its GRO handler) carries it, xlb steers nothing.
software_rx() {
	local fam=$1 steer0 rx0 calls0 sa0
	esp_addrs "$fam" tunnel
	check "IPv$fam: SAs in software on both sides" \
		software_sas "$(esp_alg_args gcm128-icv16)" "$(esp_alg_args gcm128-icv16)"
	steer0=$(xlb_stat "$GW" xlb0 esp_rx_gro_steered)
	rx0=$(xlb_stat "$GW" xlb0 esp_rx_packets)
	calls0=$(stack_gro_calls "$fam")
	sa0=$(esp_sa_counter "$GW" "$O_PEER" "$O_GW" $ESP_SPI_IN packets)
	check "IPv$fam: 2 MiB TCP from the peer, intact" \
		tcp_transfer "$PEER" "$GW" "$I_GW" 2097152
	check "IPv$fam: xlb neither steered nor decrypted any of it" eval \
		"test \"\$(xlb_stat $GW xlb0 esp_rx_gro_steered)\" = $steer0 &&
		 test \"\$(xlb_stat $GW xlb0 esp_rx_packets)\" = $rx0"
	stack_gro_check "$fam" "$calls0" "$sa0" "xlb's wrapper passed it on"
	esp_teardown
}

# bare_rx: 4 cases, with xlb unloaded. The software tunnel on veth0
# itself, each family, as on a kernel that never had xlb: no wrapper of
# xlb's left in the ESP GRO slot, the stack's handler there again.
bare_rx() {
	local fam calls0
	kprobes_on
	veth0_addrs add
	for fam in 4 6; do
		esp_addrs "$fam" tunnel
		calls0=$(stack_gro_calls "$fam")
		check "IPv$fam, xlb unloaded: a software tunnel on veth0 carries 1 MiB TCP intact" eval \
			'software_sas "$(esp_alg_args gcm128-icv16)" "$(esp_alg_args gcm128-icv16)" &&
			 tcp_transfer "$PEER" "$GW" "$I_GW" 1048576'
		stack_gro_check "$fam" "$calls0" 0 "xlb unloaded"
		esp_teardown
	done
	veth0_addrs del
	kprobes_off
}

# inner_routes add|del: the gateway's routes to the peer's inner addresses
# (esp_inner_setup's), which go with the device they point through.
inner_routes() {
	gw ip route "$1" 203.0.113.1/32 via 192.0.2.2 src 198.51.100.1 &&
		gw ip route "$1" 2001:db8:2::1/128 via 2001:db8::2 src 2001:db8:1::1
}

# veth0_addrs add|del: the gateway's addresses and routes on veth0, while
# there is no xlb0 to carry them.
veth0_addrs() {
	if [ "$1" = add ]; then
		gw ip addr add 192.0.2.1/24 dev veth0 &&
			gw ip addr add 2001:db8::1/64 dev veth0 nodad &&
			inner_routes add
	else
		inner_routes del &&
			gw ip addr del 192.0.2.1/24 dev veth0 &&
			gw ip addr del 2001:db8::1/64 dev veth0
	fi
}

refcnt() { cat "/sys/module/$1/refcnt" 2>/dev/null || echo none; }

# flush_deferred_skbs: every online CPU runs its NET_RX softirq once. A
# socket frees a received skb on the CPU that allocated it
# (skb_attempt_defer_free): until that CPU next receives, the skb, its
# sec_path and the deleted state in it stay, and so does the state's hold
# on its ESP offload module. A CI run on 6.1 saw that outlast 60 s.
flush_deferred_skbs() {
	local cpu
	ip -n "$GW" link set lo up
	for cpu in $(seq 0 $(($(getconf _NPROCESSORS_CONF) - 1))); do
		[ "$(cat /sys/devices/system/cpu/cpu$cpu/online 2>/dev/null || echo 1)" = 1 ] ||
			continue
		ip netns exec "$GW" taskset -c "$cpu" ping -q -c 1 -W 1 127.0.0.1
	done >/dev/null 2>&1
}

# only_xlb_holds MODULE: the module's one reference is xlb's wrapper.
# Deleted states drop theirs from the xfrm GC work item, a socket's cached
# bundle when the socket next sends, a received skb's sec_path when its
# CPU frees it: wait, and on failure say what still holds a state in either
# namespace.
only_xlb_holds() {
	wait_for 60 eval "flush_deferred_skbs; test \"\$(refcnt $1)\" = 1" && return 0
	local ns
	echo "refcnt $1: $(refcnt "$1")"
	for ns in "$GW" "$PEER"; do
		echo "$ns: $(ip -n "$ns" xfrm state count)"
		ip netns exec "$ns" ss -tanH | awk '{ print "  tcp", $1, $4, $5 }'
		ip netns exec "$ns" awk '$2 != 0' /proc/net/xfrm_stat
		ip netns exec "$ns" cat /proc/net/sockstat6 | grep FRAG6
	done
	return 1
}

# unload_esp_offload: both ESP offload modules gone (retried by wait_for:
# one may already be).
unload_esp_offload() {
	local m
	for m in esp4_offload esp6_offload; do
		[ ! -d "/sys/module/$m" ] || rmmod "$m" || return 1
	done
}

# unload_esp_offload_flushed: the same, once every CPU freed the skbs it
# deferred (bare_rx's states, deleted, are held by them for a while).
unload_esp_offload_flushed() {
	flush_deferred_skbs
	unload_esp_offload
}

# xlb0_again: a fresh xlb0 with the routes that went with the old one.
xlb0_again() { add_xlb && inner_routes add; }

kprobes_on
offloaded_rx 4
offloaded_rx 6
software_rx 4
software_rx 6
kprobes_off

if [ "$modular" = 1 ]; then
	for m in esp4_offload esp6_offload; do
		check "$m: xlb's wrapper is its one user once the SAs are gone" \
			only_xlb_holds "$m"
		check_fails "$m: rmmod refused while xlb wraps its GRO handler" \
			"in use|busy" rmmod "$m"
	done
	# rmmod xlb while the peer floods the offloaded SA through GRO.
	check "IPv4: SAs offloaded to xlb0 again" esp_setup 4 tunnel gcm128-icv16 esn
	esp_addrs 4 tunnel
	peer ping -q -f -w 6 "$I_GW" >/dev/null 2>&1 &
	sleep 2
	check "rmmod xlb under ESP traffic through GRO" \
		eval "gw ip link del xlb0 && rmmod_xlb"
	wait
	esp_teardown
	check "esp4_offload and esp6_offload unload after rmmod xlb" \
		wait_for 20 unload_esp_offload
	check "and load again" modprobe -a esp4_offload esp6_offload
	bare_rx
	# xlb before the ESP offload modules: the first offloaded SA loads them.
	check "xlb loaded before the ESP offload modules" eval \
		"wait_for 60 unload_esp_offload_flushed && modprobe xlb && xlb0_again"
else
	# Built in: the wrapper goes with xlb, leaving software ESP as it was.
	check "rmmod xlb" eval "gw ip link del xlb0 && rmmod_xlb"
	bare_rx
	check "load it again" eval "modprobe xlb && xlb0_again"
fi
for fam in 4 6; do
	esp_addrs "$fam" tunnel
	check "IPv$fam: xlb decrypts an offloaded SA's traffic under GRO" eval \
		"esp_setup $fam tunnel gcm128-icv16 noesn &&
		 tcp_transfer $PEER $GW $I_GW 1048576"
	check "IPv$fam: ... at least 99% of it" eval \
		"test \$((100 * \$(xlb_sa_stat xlb0 $ESP_SPI_IN in packets))) -ge \
		      \$((99 * \$(esp_sa_counter $GW $O_PEER $O_GW $ESP_SPI_IN packets)))"
	check "IPv$fam: the SA carried it" eval \
		"test \"\$(esp_sa_counter $GW $O_PEER $O_GW $ESP_SPI_IN packets)\" -ge 500"
	esp_teardown
done
check "kernel log clean (no \"can't remove protocol\" either)" eval \
	"kernel_log_clean && ! kernel_log_since_mark | grep -i \"can't remove\""
tap_finish
