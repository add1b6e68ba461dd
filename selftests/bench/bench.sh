#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`, inside the VM: iperf3 through an AES-GCM-128 IPv4 ESP tunnel
# between two namespaces, stock software ESP against xlb, and the guest's raw
# AEAD speed per CPU as the ceiling. A benchmark, not a test: it prints a
# table (selftests/bench/table.py) and asserts nothing about speed; it fails
# only when a case could not run at all.
#
#   $GW: xlb0 on veth0, inner 198.51.100.N   ==ESP==>   $PEER: veth1, inner 203.0.113.N
#
# iperf3 clients run in $GW, servers in $PEER: the bulk data is encrypted by
# $GW's outbound SAs (software, or xlb0's workers when offloaded) and
# decrypted by $PEER's software ESP. Both cases use the same topology,
# xlb0 included (it passes non-offloaded ESP straight down); only the word
# `offload` on $GW's SAs differs.
#
# Environment: XLB_BENCH_TIME seconds per iperf3 run (default 5),
# XLB_BENCH_TUNNELS for the many-SA cases (default 8).
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh" >/dev/null
here=$(cd "$(dirname "$0")" && pwd)
T=${XLB_BENCH_TIME:-5}
NT=${XLB_BENCH_TUNNELS:-8}
BASE_PORT=5200

die() { echo "bench: $*" >&2; exit 1; }

for c in iperf3 ip ss python3 ethtool; do
	command -v "$c" >/dev/null || die "$c not installed"
done
[[ "$T" =~ ^[1-9][0-9]*$ ]] || die "XLB_BENCH_TIME must be a positive integer"
if ! [[ "$NT" =~ ^[1-9][0-9]?$ ]] || [ "$NT" -gt 64 ]; then
	die "XLB_BENCH_TUNNELS must be 1-64"
fi

RES=$(mktemp -d /tmp/xlb-bench.XXXXXX)
{
	echo "date $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "kernel $(uname -r)"
	echo "cpus $(nproc)"
	echo "cpu_model $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "time $T"
	echo "tunnels $NT"
	echo "tcg_thread ${XLB_VM_TCG_THREAD:-single}"
} >"$RES/info"

# A gateway's udev loads the AES-NI and CLMUL drivers by CPU modalias; this
# guest has no udev, and without them the kernel picks aes-generic for
# rfc4106(gcm(aes)). Load them so that ESP, xlb and the AEAD benchmark all
# use the implementation a real gateway would.
modprobe -q aesni_intel
modprobe -q ghash_clmulni_intel

# --- raw AEAD speed, one CPU at a time ------------------------------------
dmesg -C 2>/dev/null
if modprobe xlb_aead_bench ms=1000; then
	dmesg | grep -o 'xlb_aead_bench: cpu .*' >"$RES/aead"
	rmmod xlb_aead_bench
else
	echo "bench: xlb_aead_bench did not load (make bench-modules)" >&2
fi

# --- topology ----------------------------------------------------------------
# shellcheck disable=SC2119 # no module parameters
load_xlb || die "cannot load xlb"
make_pair
add_xlb || die "cannot create xlb0"
for i in $(seq 1 "$NT"); do
	ip -n "$GW" addr add "198.51.100.$i/32" dev lo
	ip -n "$PEER" addr add "203.0.113.$i/32" dev lo
	ip -n "$GW" route add "203.0.113.$i/32" via 192.0.2.2 src "198.51.100.$i"
	ip -n "$PEER" route add "198.51.100.$i/32" via 192.0.2.1 src "203.0.113.$i"
done

# set_params K=V...: xlb's module parameters for the next case.
set_params() {
	local kv
	for kv in "$@"; do
		echo "${kv#*=}" >"/sys/module/xlb/parameters/${kv%%=*}" ||
			die "cannot set $kv"
	done
}

# tunnel_sa NS SRC DST SPI REQID ALGARGS OFFLOAD SEL
tunnel_sa() {
	# shellcheck disable=SC2086 # word splitting of alg, offload, sel intended
	ip -n "$1" xfrm state add src "$2" dst "$3" proto esp spi "$4" reqid "$5" \
		mode tunnel replay-window 32 $6 ${7:+offload $7} sel $8
}

# tunnels_setup N OFFLOAD(0|1): N tunnels, tunnel i between 198.51.100.i and
# 203.0.113.i, SPIs 0x1000+i out and 0x2000+i in, reqid i. $GW's outbound
# SAs are added first, then its inbound ones, so that with no load yet
# (placement ties are broken by SA count) the outbound SAs, which carry the
# bulk, alternate over the workers.
tunnels_setup() {
	local n=$1 off_out="" off_in="" i gi pi
	local -a out_alg in_alg
	if [ "$2" = 1 ]; then
		off_out="dev xlb0 dir out"
		off_in="dev xlb0 dir in"
	fi
	esp_teardown
	for i in $(seq 1 "$n"); do
		out_alg[i]=$(esp_alg_args gcm128-icv16)
		in_alg[i]=$(esp_alg_args gcm128-icv16)
	done
	for i in $(seq 1 "$n"); do
		tunnel_sa "$GW" 192.0.2.1 192.0.2.2 $((0x1000 + i)) "$i" "${out_alg[i]}" \
			"$off_out" "src 198.51.100.$i dst 203.0.113.$i" || return 1
	done
	for i in $(seq 1 "$n"); do
		tunnel_sa "$GW" 192.0.2.2 192.0.2.1 $((0x2000 + i)) "$i" "${in_alg[i]}" \
			"$off_in" "src 203.0.113.$i dst 198.51.100.$i" || return 1
	done
	for i in $(seq 1 "$n"); do
		gi=198.51.100.$i pi=203.0.113.$i
		tunnel_sa "$PEER" 192.0.2.1 192.0.2.2 $((0x1000 + i)) "$i" "${out_alg[i]}" \
			"" "src $gi dst $pi" &&
		tunnel_sa "$PEER" 192.0.2.2 192.0.2.1 $((0x2000 + i)) "$i" "${in_alg[i]}" \
			"" "src $pi dst $gi" &&
		ip -n "$GW" xfrm policy add src "$gi" dst "$pi" dir out \
			tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid "$i" mode tunnel &&
		ip -n "$GW" xfrm policy add src "$pi" dst "$gi" dir in \
			tmpl src 192.0.2.2 dst 192.0.2.1 proto esp reqid "$i" mode tunnel &&
		ip -n "$PEER" xfrm policy add src "$pi" dst "$gi" dir out \
			tmpl src 192.0.2.2 dst 192.0.2.1 proto esp reqid "$i" mode tunnel &&
		ip -n "$PEER" xfrm policy add src "$gi" dst "$pi" dir in \
			tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid "$i" mode tunnel ||
			return 1
	done
}

# shellcheck disable=SC2317 # called through wait_for
servers_listening() {	# servers_listening N
	[ "$(ip netns exec "$PEER" ss -Hltn 'sport >= :5201' | wc -l)" -ge "$1" ]
}

# run_case ID KIND(stock|xlb) N LABEL PARAMS [STREAMS...]: PARAMS are xlb's
# module parameters (K=V, space-separated) set before the SAs are added;
# STREAMS the parallel TCP streams of tunnel 1, 2, ... (default 1 each).
run_case() {
	local id=$1 kind=$2 n=$3 label=$4 params=$5 dir=$RES/case$1 i
	local -a servers clients streams
	shift 5
	streams=("$@")
	mkdir -p "$dir"
	printf '%s\n' "$kind" "$n" "$label" "$params" "${streams[*]}" >"$dir/meta"
	echo "bench: case $id: $label" >&2

	# shellcheck disable=SC2086 # one word per parameter
	set_params $DEFAULT_PARAMS $params
	if ! tunnels_setup "$n" "$([ "$kind" = xlb ] && echo 1 || echo 0)"; then
		echo "setup failed" >"$dir/error"
		return 1
	fi

	for i in $(seq 1 "$n"); do
		ip netns exec "$PEER" iperf3 -s -1 -B "203.0.113.$i" -p $((BASE_PORT + i)) \
			>/dev/null 2>&1 &
		servers+=($!)
	done
	wait_for 20 servers_listening "$n" || echo "iperf3 servers not listening" >"$dir/error"

	cat /proc/stat >"$dir/stat0"
	ip netns exec "$GW" ethtool -S xlb0 >"$dir/ethtool0"
	for i in $(seq 1 "$n"); do
		ip netns exec "$GW" iperf3 -c "203.0.113.$i" -B "198.51.100.$i" \
			-p $((BASE_PORT + i)) -P "${streams[i - 1]:-1}" -t "$T" -J \
			>"$dir/iperf$i.json" 2>&1 &
		clients+=($!)
	done
	# Mid-run: the balancer's view while the load is on.
	sleep $(( (T + 1) / 2 ))
	cat /sys/kernel/debug/xlb/workers >"$dir/workers" 2>/dev/null
	cat /sys/kernel/debug/xlb/sas >"$dir/sas_mid" 2>/dev/null
	wait "${clients[@]}"
	cat /proc/stat >"$dir/stat1"
	ip netns exec "$GW" ethtool -S xlb0 >"$dir/ethtool1"
	ip -n "$GW" -s xfrm state >"$dir/xfrm"
	cat /sys/kernel/debug/xlb/sas >"$dir/sas" 2>/dev/null
	kill "${servers[@]}" 2>/dev/null
	wait "${servers[@]}" 2>/dev/null
	return 0
}

# Every case starts from these; spraying and moving are off unless a case
# turns them on, so each case shows one mechanism.
DEFAULT_PARAMS="policy=adaptive spray_threshold=0 hotspot_threshold=850 max_moves=1 move_cooldown=10"
SKEW=(8 4 2 1)
NS=${#SKEW[@]}

run_case 1 stock 1 "stock software ESP, 1 SA" ""
run_case 2 xlb 1 "xlb, 1 SA, 1 worker" "spray_threshold=0"
run_case 3 xlb 1 "xlb, 1 SA, sprayed" "spray_threshold=100"
run_case 4 stock "$NS" "stock, $NS SAs 8:4:2:1" "" "${SKEW[@]}"
run_case 5 xlb "$NS" "xlb, $NS SAs 8:4:2:1, hash" "policy=hash" "${SKEW[@]}"
run_case 6 xlb "$NS" "xlb, $NS SAs 8:4:2:1, least-loaded" "policy=least-loaded" "${SKEW[@]}"
run_case 7 xlb "$NS" "xlb, $NS SAs 8:4:2:1, adaptive" "policy=adaptive" "${SKEW[@]}"
run_case 8 stock "$NT" "stock software ESP, $NT SAs" ""
run_case 9 xlb "$NT" "xlb, $NT SAs, adaptive" "policy=adaptive"
esp_teardown

python3 "$here/table.py" "$RES"
rc=$?
rm -rf "$RES"
exit $rc
