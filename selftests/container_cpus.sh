#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A container's SAs stay on the CPUs the container may use (see "Containers"
# in Documentation/networking/xlb.rst).
#
# The container is `unshare -U -n --map-root-user` run on CPU $CCPU alone
# (taskset): a user namespace whose root is the host's uid 0 mapped (so
# that file permissions alone would let it write xlb's module parameters),
# and a network namespace it owns. The host gives it veth0, whose peer
# veth1 is in $PEER (an ordinary namespace, software ESP). Every command
# the container runs enters both namespaces on CPU $CCPU (ctr): it creates
# xlb0 itself, offloads its SAs, sprays them and sends and receives ESP.
#
# Asserted: xlb0 serves its SAs on CPU $CCPU only: they are placed there,
# sprayed over that one worker, and worker $HCPU processes none of their
# packets, outbound or inbound; a pin or a tunnel rule naming CPU $HCPU is
# refused with a message, one naming $CCPU accepted; the host-wide
# interval and module parameters are refused to the container. With CPU
# $CCPU offline its SAs stay where they are and their packets are done
# inline (fallbacks), never by worker $HCPU; back online, its worker takes
# them again. Then, the contrast: an xlb0 of an ordinary namespace sprays
# one SA over both workers.
source "$(dirname "$0")/lib.sh"
require_cmd ip python3 jq unshare nsenter taskset

XLBCTL="$(cd "$(dirname "$0")/.." && pwd)/userspace/xlbctl"
GENLCRAFT_DIR="$(cd "$(dirname "$0")" && pwd)"
[ -x "$XLBCTL" ] || skip_all "userspace/xlbctl not built"
[ "$(nproc)" -ge 2 ] || skip_all "needs 2 online CPUs, has $(nproc)"
[ -e /proc/self/ns/user ] || skip_all "no user namespaces in this kernel (CONFIG_USER_NS)"
BYTES=${XLB_CONTAINER_BYTES:-$(scaled_bytes 2097152)}
HCPU=0
CCPU=1

tap_plan 32
load_xlb
CPID=""
container_cleanup() {
	echo 1 >/sys/devices/system/cpu/cpu$CCPU/online 2>/dev/null
	[ -n "$CPID" ] && kill "$CPID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$TMPD"
	cleanup_ns
}
trap container_cleanup EXIT

# container_start: the container's namespaces, held by a sleeping process
# on CPU $CCPU (CPID); its network namespace is named $CTR for the host's
# `ip -n` and `ip netns exec`.
container_start() {
	local i
	CTR="$NSPREFIX-CTR"
	taskset -c "$CCPU" unshare -U -n --map-root-user sleep 100000 &
	CPID=$!
	for ((i = 0; i < 100; i++)); do
		[ "$(readlink "/proc/$CPID/ns/user")" != "$(readlink /proc/self/ns/user)" ] &&
			[ "$(readlink "/proc/$CPID/ns/net")" != "$(readlink /proc/self/ns/net)" ] &&
			break
		sleep 0.1
	done
	mkdir -p /run/netns && touch "/run/netns/$CTR" &&
		mount --bind "/proc/$CPID/ns/net" "/run/netns/$CTR" || return 1
	NAMESPACES+=("$CTR")
	ip -n "$CTR" link set lo up
}
# ctr CMD...: CMD as the container's root, in its namespaces, on CPU $CCPU.
ctr() { taskset -c "$CCPU" nsenter -t "$CPID" -U -n -- "$@"; }
ctrx() { ctr "$XLBCTL" "$@"; }
# in_container: what a command run by ctr sees: another user namespace, the
# container's network namespace, CPU $CCPU alone, and no CAP_NET_ADMIN on
# the host.
in_container() {
	local out
	out=$(ctr sh -c 'readlink /proc/self/ns/user /proc/self/ns/net;
		grep -E "^(Cpus_allowed_list|CapEff)" /proc/self/status') || return 1
	echo "$out"
	[ "$(sed -n 1p <<<"$out")" != "$(readlink /proc/self/ns/user)" ] &&
		[ "$(sed -n 2p <<<"$out")" = "$(readlink "/proc/$CPID/ns/net")" ] &&
		grep -qE "^Cpus_allowed_list:\s+$CCPU$" <<<"$out"
}

# ctr_transfer out|in: BYTES of TCP from the container to $PEER or back,
# the container's end run by ctr; the data arrive intact.
ctr_transfer() {
	local port=$((20000 + RANDOM % 20000)) sink_out sent got sink
	sink_out=$(mktemp)
	if [ "$1" = out ]; then
		peer python3 "$NETCOPY" tcp-sink "$I_PEER" "$port" >"$sink_out" &
		sink=$!
		sent=$(ctr python3 "$NETCOPY" tcp-send "$I_PEER" "$port" "$BYTES")
	else
		ctr python3 "$NETCOPY" tcp-sink "$I_GW" "$port" >"$sink_out" &
		sink=$!
		sent=$(peer python3 "$NETCOPY" tcp-send "$I_GW" "$port" "$BYTES")
	fi
	wait "$sink"
	got=$(cat "$sink_out")
	rm -f "$sink_out"
	echo "sent: $sent, received: $got"
	[ -n "$sent" ] && [ "$sent" = "$got" ]
}

# workers_snapshot: each worker's processed and handed counts, "CPU P H"
# per line.
workers_snapshot() {
	local c
	xlb_workers_read || return 1
	for c in "${XLB_CPUS[@]}"; do
		echo "$c ${XLB_WORKER[$c processed]} ${XLB_WORKER[$c handed]:-0}"
	done
}
# worker_delta BEFORE AFTER CPU: packets worker CPU processed or was
# handed in between.
worker_delta() {
	local b a
	b=$(awk -v c="$3" '$1 == c { print $2 + $3 }' <<<"$1")
	a=$(awk -v c="$3" '$1 == c { print $2 + $3 }' <<<"$2")
	echo $((${a:-0} - ${b:-0}))
}

# run_traffic DIR SPI: a transfer through the SA of SPI while the SA table
# is polled; sets SEEN_CPUS (the CPUs debugfs showed the SA on), SPRAYED
# (1 if it showed sprayed), DELTA_OWN, DELTA_OTHER (packets workers
# $CCPU and $HCPU took meanwhile), FALLBACKS (the SA's, in between) and
# returns the transfer's status.
run_traffic() {
	local dir=$1 key pid rc before after fb0
	key="xlb0 $(printf '0x%08x' "$2") $dir"
	SEEN_CPUS="" SPRAYED=0
	xlb_sas_read
	fb0=${XLB_SA[$key fallbacks]:-0}
	before=$(workers_snapshot)
	ctr_transfer "$dir" >"$TMPD/transfer" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		xlb_sas_read
		[[ " $SEEN_CPUS " = *" ${XLB_SA[$key cpu]:-none} "* ]] ||
			SEEN_CPUS+=" ${XLB_SA[$key cpu]:-none}"
		[ "${XLB_SA[$key sprayed]:-0}" = 1 ] && SPRAYED=1
		sleep 0.3
	done
	wait "$pid"
	rc=$?
	after=$(workers_snapshot)
	xlb_sas_read
	FALLBACKS=$((${XLB_SA[$key fallbacks]:-0} - fb0))
	DELTA_OWN=$(worker_delta "$before" "$after" "$CCPU")
	DELTA_OTHER=$(worker_delta "$before" "$after" "$HCPU")
	SEEN_CPUS=${SEEN_CPUS# }
	echo "# $dir: $(cat "$TMPD/transfer"); SA on CPU(s) $SEEN_CPUS, sprayed seen $SPRAYED;" \
		"worker $CCPU took $DELTA_OWN packets, worker $HCPU $DELTA_OTHER; fallbacks $FALLBACKS"
	return $rc
}

# ctr_tunnel_set REQID WORKER: XLB_CMD_TUNNEL_SET from the container (no
# xlbctl command sets rules); prints the errno and the kernel's message,
# fails unless the kernel took the rule.
TUNNEL_SET_PY='
import sys
sys.path.insert(0, sys.argv[1])
import genlcraft as gc
g = gc.Genl()
g.resolve()
err, tlvs, _ = g.req(gc.CMD_TUNNEL_SET, gc.nla(gc.A_TUN_REQID, gc.u32(int(sys.argv[2]))) +
                     gc.nla(gc.A_TUN_WORKER, gc.u32(int(sys.argv[3]))))
print(gc.describe(err, tlvs))
sys.exit(1 if err else 0)
'
ctr_tunnel_set() { ctr python3 -c "$TUNNEL_SET_PY" "$GENLCRAFT_DIR" "$1" "$2"; }

# sas_on CPU: debugfs shows both of the container's SAs homed on CPU.
sas_on() {
	xlb_sas_read || return 1
	echo "out: ${XLB_SA[$SA_OUT cpu]:-none}, in: ${XLB_SA[$SA_IN cpu]:-none}"
	[ "${XLB_SA[$SA_OUT cpu]:-none}" = "$1" ] && [ "${XLB_SA[$SA_IN cpu]:-none}" = "$1" ]
}

# The messages name the CPUs where the kernel can format them (6.2 on).
case $(uname -r) in
6.1.*) ALLOWED="" ;;
*) ALLOWED=": $CCPU" ;;
esac

TMPD=$(mktemp -d)
modprobe -a xfrm_user esp4 esp4_offload 2>/dev/null
setup_ns PEER
if ! container_start; then
	tap_result not-ok "the container's namespaces"
	tap_finish
	exit
fi
check "the container: its own user and network namespace, CPU $CCPU alone" in_container
GW=$CTR
ip -n "$GW" link add veth0 type veth peer name veth1 netns "$PEER" || exit 1
ip -n "$PEER" addr add 192.0.2.2/24 dev veth1
ip -n "$PEER" addr add 2001:db8::2/64 dev veth1 nodad
ip -n "$PEER" link set veth1 up
ip -n "$GW" link set veth0 up
check "the container creates xlb0 on veth0 and brings it up" \
	eval "ctr ip link add link veth0 name xlb0 type xlb &&
	      ctr ip addr add 192.0.2.1/24 dev xlb0 &&
	      ctr ip addr add 2001:db8::1/64 dev xlb0 nodad && ctr ip link set xlb0 up"
SA_OUT="xlb0 $(printf '0x%08x' "$ESP_SPI_OUT") out"
SA_IN="xlb0 $(printf '0x%08x' "$ESP_SPI_IN") in"
check "xlbctl -j dev in the container: xlb0 has 1 worker (CPU $CCPU's)" \
	eval "ctrx -j dev | jq -e '.[0].ifname == \"xlb0\" and .[0].workers == 1'"
esp_inner_setup
esp_addrs 4 tunnel
out_alg=$(esp_alg_args gcm128-icv16)
in_alg=$(esp_alg_args gcm128-icv16)
fwd="src $I_GW dst $I_PEER" rev="src $I_PEER dst $I_GW"
{
	esp_sa "$O_GW" "$O_PEER" "$ESP_SPI_OUT" tunnel noesn "$out_alg" "" "$fwd"
	esp_sa "$O_PEER" "$O_GW" "$ESP_SPI_IN" tunnel noesn "$in_alg" "" "$rev"
	esp_policy "$I_PEER" "$I_GW" "$O_PEER" "$O_GW" tunnel
} | ip -n "$PEER" -batch -
check "the container offloads both its SAs to xlb0" \
	eval "{
		esp_sa $O_GW $O_PEER $ESP_SPI_OUT tunnel noesn '$out_alg' 'dev xlb0 dir out' '$fwd'
		esp_sa $O_PEER $O_GW $ESP_SPI_IN tunnel noesn '$in_alg' 'dev xlb0 dir in' '$rev'
		esp_policy $I_GW $I_PEER $O_GW $O_PEER tunnel
	} | ctr ip -batch - &&
	esp_offloaded $GW $O_GW $O_PEER $ESP_SPI_OUT xlb0 &&
	esp_offloaded $GW $O_PEER $O_GW $ESP_SPI_IN xlb0"
check "xlbctl -j sa in the container: both SAs on worker $CCPU" \
	eval "ctrx -j sa | jq -e 'length == 2 and all(.[]; .worker == $CCPU)'"

# --- spraying, with traffic ----------------------------------------------
for dir in out in; do
	[ "$dir" = out ] && spi=$ESP_SPI_OUT || spi=$ESP_SPI_IN
	check "$dir: the container sprays its SA (xlbctl sa spray on)" \
		ctrx sa spray "$spi" on dir "$dir"
	run_traffic "$dir" "$spi" >"$TMPD/run"
	rc=$?
	cat "$TMPD/run"
	check "$dir: TCP through the sprayed SA arrives intact" test "$rc" = 0
	check "$dir: the SA showed sprayed, and on CPU $CCPU only" \
		test "$SPRAYED/$SEEN_CPUS" = "1/$CCPU"
	check "$dir: worker $CCPU took the SA's packets, worker $HCPU none" \
		test "$DELTA_OWN" -gt 100 -a "$DELTA_OTHER" = 0
	check "$dir: xlbctl sa spray auto" ctrx sa spray "$spi" auto dir "$dir"
done

# --- what the container may not do ----------------------------------------
check_fails "pin to worker $HCPU: refused, naming the CPUs it may use" \
	"worker outside the CPUs this SA's device may use$ALLOWED \(Operation not permitted\)" \
	ctrx sa pin "$ESP_SPI_OUT" "$HCPU" dir out
check "pin to worker $CCPU: accepted" ctrx sa pin "$ESP_SPI_OUT" "$CCPU" dir out
check "xlbctl -j sa: pinned on worker $CCPU" \
	eval "ctrx -j sa | jq -e 'any(.[]; .spi == $((ESP_SPI_OUT)) and .pinned and .worker == $CCPU)'"
check "xlbctl sa unpin" ctrx sa unpin "$ESP_SPI_OUT" dir out
check_fails "tunnel rule with worker $HCPU: refused, naming the CPUs it may use" \
	"EPERM.*extack \"worker outside the CPUs you may use$ALLOWED\"" \
	ctr_tunnel_set 7 "$HCPU"
check "tunnel rule with worker $CCPU: accepted" ctr_tunnel_set 7 "$CCPU"
check_fails "the host-wide interval: refused to the container" \
	"the interval is the host's" ctrx policy set interval 200
param=/sys/module/xlb/parameters/spray_threshold
was=$(<"$param")
check_fails "a module parameter (spray_threshold): refused to the container's root" \
	"Operation not permitted" ctr bash -c "echo 1 >$param"
check "... and unchanged ($was)" test "$(<"$param")" = "$was"
check "the host's root still sets it" eval "echo $was >$param"

# --- none of its CPUs online ----------------------------------------------
echo 0 >"/sys/devices/system/cpu/cpu$CCPU/online"
sleep 1
# The container's processes cannot run on CPU $CCPU now; its end of the
# transfer runs from the host, in its network namespace.
ctr() { ip netns exec "$CTR" "$@"; }
check "CPU $CCPU offline: the SAs stay on worker $CCPU" sas_on "$CCPU"
for dir in out in; do
	[ "$dir" = out ] && spi=$ESP_SPI_OUT || spi=$ESP_SPI_IN
	run_traffic "$dir" "$spi" >"$TMPD/run"
	rc=$?
	cat "$TMPD/run"
	check "CPU $CCPU offline, $dir: TCP arrives intact, done inline, worker $HCPU took none" \
		test "$rc" = 0 -a "$FALLBACKS" -gt 100 -a "$DELTA_OTHER" = 0
done
echo 1 >"/sys/devices/system/cpu/cpu$CCPU/online"
sleep 1
ctr() { taskset -c "$CCPU" nsenter -t "$CPID" -U -n -- "$@"; }
run_traffic out "$ESP_SPI_OUT" >"$TMPD/run"
rc=$?
cat "$TMPD/run"
check "CPU $CCPU back: worker $CCPU takes the SA's packets again, worker $HCPU none" \
	test "$rc" = 0 -a "$DELTA_OWN" -gt 100 -a "$DELTA_OTHER" = 0
check "the kernel logged nothing bad" kernel_log_clean

# --- the contrast: an ordinary namespace's xlb0 sprays over both ------------
kill "$CPID" 2>/dev/null
wait "$CPID" 2>/dev/null
CPID=""
cleanup_ns
make_pair
add_xlb || exit 1
esp_inner_setup
esp_setup 4 tunnel gcm128-icv16 noesn || exit 1
check "an ordinary namespace: xlbctl -j dev shows $(nproc) workers" \
	eval "'$XLBCTL' -n $GW -j dev | jq -e '.[0].workers == $(nproc)'"
"$XLBCTL" -n "$GW" sa spray "$ESP_SPI_OUT" on dir out
ctr() { ip netns exec "$GW" "$@"; }
run_traffic out "$ESP_SPI_OUT" >"$TMPD/run"
rc=$?
cat "$TMPD/run"
check "an ordinary namespace: its sprayed SA's packets go to both workers" \
	test "$rc" = 0 -a "$DELTA_OWN" -gt 100 -a "$DELTA_OTHER" -gt 100
rm -rf "$TMPD"
tap_finish
