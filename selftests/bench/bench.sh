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
# The forwarding cases add a LAN host behind each gateway, as a gateway
# has them ($LANA behind $GW, $LANB behind $PEER, one subnet tunnel), and
# measure each direction on its own, one flow and eight: out ($LANA to
# $LANB, $GW encrypts) and in ($LANB to $LANA, $GW decrypts). The peer's
# software ESP runs in the same guest, on the same CPUs.
#
# Every case runs XLB_BENCH_RUNS times (default 2), one run after the other
# in the same boot; the table prints each run and the spread of each ratio
# to stock across them (this machine is shared and noisy).
#
# Environment: XLB_BENCH_TIME seconds per iperf3 run (default 5),
# XLB_BENCH_TUNNELS for the many-SA cases (default 8), XLB_BENCH_RUNS.
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh" >/dev/null
here=$(cd "$(dirname "$0")" && pwd)
T=${XLB_BENCH_TIME:-5}
NT=${XLB_BENCH_TUNNELS:-8}
RUNS=${XLB_BENCH_RUNS:-2}
BASE_PORT=5200

die() { echo "bench: $*" >&2; exit 1; }

for c in iperf3 ip ss python3 ethtool; do
	command -v "$c" >/dev/null || die "$c not installed"
done
[[ "$T" =~ ^[1-9][0-9]*$ ]] || die "XLB_BENCH_TIME must be a positive integer"
[[ "$RUNS" =~ ^[1-9]$ ]] || die "XLB_BENCH_RUNS must be 1-9"
if ! [[ "$NT" =~ ^[1-9][0-9]?$ ]] || [ "$NT" -gt 64 ]; then
	die "XLB_BENCH_TUNNELS must be 1-64"
fi

TOP=$(mktemp -d /tmp/xlb-bench.XXXXXX)
RES=$TOP/run1
mkdir "$RES"
{
	echo "date $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "kernel $(uname -r)"
	echo "cpus $(nproc)"
	echo "cpu_model $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "time $T"
	echo "tunnels $NT"
	echo "tcg_thread ${XLB_VM_TCG_THREAD:-single}"
} >"$RES/info"

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

# A LAN host behind each gateway, for the forwarding cases: $LANA on
# 198.51.100.128/25 behind $GW, $LANB on 203.0.113.128/25 behind $PEER,
# one subnet tunnel between the two /25s (reqid 100, SPIs 0x1100 out and
# 0x2100 in as $GW sees them).
setup_ns LANA LANB
for side in "$GW $LANA 198.51.100" "$PEER $LANB 203.0.113"; do
	read -r gwns lanns net <<<"$side"
	ip -n "$gwns" link add lan0 type veth peer name eth0 netns "$lanns"
	ip -n "$gwns" addr add "$net.254/25" dev lan0
	ip -n "$lanns" addr add "$net.129/25" dev eth0
	ip -n "$gwns" link set lan0 up
	ip -n "$lanns" link set eth0 up
	ip -n "$lanns" route add default via "$net.254"
	ip netns exec "$gwns" sysctl -qw net.ipv4.ip_forward=1
done
ip -n "$GW" route add 203.0.113.128/25 via 192.0.2.2
ip -n "$PEER" route add 198.51.100.128/25 via 192.0.2.1

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

# fwd_tunnel_setup OFFLOAD(0|1): the subnet tunnel between the LANs alone,
# both of $GW's SAs on xlb0 if OFFLOAD. Forwarded traffic needs the fwd
# policies on the receiving gateway.
fwd_tunnel_setup() {
	local a=198.51.100.128/25 b=203.0.113.128/25 out_alg in_alg policy_dir
	local off_out="" off_in=""
	if [ "$1" = 1 ]; then
		off_out="dev xlb0 dir out"
		off_in="dev xlb0 dir in"
	fi
	esp_teardown
	out_alg=$(esp_alg_args gcm128-icv16)
	in_alg=$(esp_alg_args gcm128-icv16)
	tunnel_sa "$GW" 192.0.2.1 192.0.2.2 0x1100 100 "$out_alg" "$off_out" "src $a dst $b" &&
	tunnel_sa "$GW" 192.0.2.2 192.0.2.1 0x2100 100 "$in_alg" "$off_in" "src $b dst $a" &&
	tunnel_sa "$PEER" 192.0.2.1 192.0.2.2 0x1100 100 "$out_alg" "" "src $a dst $b" &&
	tunnel_sa "$PEER" 192.0.2.2 192.0.2.1 0x2100 100 "$in_alg" "" "src $b dst $a" ||
		return 1
	ip -n "$GW" xfrm policy add src "$a" dst "$b" dir out \
		tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 100 mode tunnel &&
	ip -n "$PEER" xfrm policy add src "$b" dst "$a" dir out \
		tmpl src 192.0.2.2 dst 192.0.2.1 proto esp reqid 100 mode tunnel || return 1
	for policy_dir in in fwd; do
		ip -n "$GW" xfrm policy add src "$b" dst "$a" dir "$policy_dir" \
			tmpl src 192.0.2.2 dst 192.0.2.1 proto esp reqid 100 mode tunnel &&
		ip -n "$PEER" xfrm policy add src "$a" dst "$b" dir "$policy_dir" \
			tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 100 mode tunnel || return 1
	done
}

# shellcheck disable=SC2317 # called through wait_for
servers_listening() {	# servers_listening N
	[ "$(ip netns exec "$PEER" ss -Hltn 'sport >= :5201' | wc -l)" -ge "$1" ]
}

# snap_begin DIR N, snap_end DIR N: the wall clock before and after
# snapshot N's counters are read. On a saturated guest starting ethtool can
# take seconds, so a share of time is taken over the widest window the
# counters can span (snapshot 0's begin to 1's end), never over the
# traffic's own duration: every printed share is then bounded by wall time.
snap_begin() { date +%s.%N >"$1/snap$2-begin"; }
snap_end() { date +%s.%N >"$1/snap$2-end"; }

# shellcheck disable=SC2317 # called through wait_for
listening() {	# listening NS PORT
	[ -n "$(ip netns exec "$1" ss -Hltn "sport = :$2")" ]
}

# snap DIR N: snapshot N (0 before, 1 after) of the counters a TCP case
# compares.
snap() {
	snap_begin "$1" "$2"
	cat /proc/stat >"$1/stat$2"
	ip netns exec "$GW" ethtool -S xlb0 >"$1/ethtool$2"
	snap_end "$1" "$2"
}

# case_finish DIR PID...: halfway through the clients' T s the balancer's
# view while the load is on (debugfs workers and SAs), then, once the
# clients PID... are done, snapshot 1, the gateway's SAs and xlb's SA table.
case_finish() {
	local dir=$1
	shift
	sleep $(( (T + 1) / 2 ))
	cat /sys/kernel/debug/xlb/workers >"$dir/workers" 2>/dev/null
	cat /sys/kernel/debug/xlb/sas >"$dir/sas_mid" 2>/dev/null
	wait "$@"
	snap "$dir" 1
	ip -n "$GW" -s xfrm state >"$dir/xfrm"
	cat /sys/kernel/debug/xlb/sas >"$dir/sas" 2>/dev/null
}

# fwd_case ID KIND(stock|xlb) DIR(out|in) FLOWS LABEL PARAMS: FLOWS TCP
# streams from the LAN host behind one gateway to the one behind the
# other, through the subnet tunnel, forwarded by both gateways: DIR out
# from $LANA (what $GW encrypts), in from $LANB (what $GW decrypts). The
# same files as run_case, and "fwd-DIR" as a sixth line of meta.
fwd_case() {
	local id=$1 kind=$2 dir=$3 flows=$4 label=$5 params=$6 d=$RES/case$1
	local cns sns dst src srv cli
	mkdir -p "$d"
	printf '%s\n' "$kind" 1 "$label" "$params" "$flows" "fwd-$dir" >"$d/meta"
	echo "bench: case $id: $label" >&2
	# shellcheck disable=SC2086 # one word per parameter
	set_params $DEFAULT_PARAMS $params
	if ! fwd_tunnel_setup "$([ "$kind" = xlb ] && echo 1 || echo 0)"; then
		echo "setup failed" >"$d/error"
		return 1
	fi
	if [ "$dir" = out ]; then
		cns=$LANA sns=$LANB src=198.51.100.129 dst=203.0.113.129
	else
		cns=$LANB sns=$LANA src=203.0.113.129 dst=198.51.100.129
	fi
	ip netns exec "$sns" iperf3 -s -1 -B "$dst" -p 5301 >/dev/null 2>&1 &
	srv=$!
	wait_for 20 listening "$sns" 5301 ||
		echo "iperf3 server not listening" >"$d/error"
	snap "$d" 0
	ip netns exec "$cns" iperf3 -c "$dst" -B "$src" -p 5301 -P "$flows" -t "$T" -J \
		>"$d/iperf1.json" 2>&1 &
	cli=$!
	case_finish "$d" "$cli"
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	return 0
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

	snap "$dir" 0
	for i in $(seq 1 "$n"); do
		ip netns exec "$GW" iperf3 -c "203.0.113.$i" -B "198.51.100.$i" \
			-p $((BASE_PORT + i)) -P "${streams[i - 1]:-1}" -t "$T" -J \
			>"$dir/iperf$i.json" 2>&1 &
		clients+=($!)
	done
	case_finish "$dir" "${clients[@]}"
	kill "${servers[@]}" 2>/dev/null
	wait "${servers[@]}" 2>/dev/null
	return 0
}

# Every case starts from these; spraying and moving are off unless a case
# turns them on, so each case shows one mechanism.
DEFAULT_PARAMS="inline_busy=900 policy=adaptive spray_threshold=0 hotspot_threshold=850 max_moves=1 move_cooldown=10"
SKEW=(8 4 2 1)
NS=${#SKEW[@]}

# --- one SA beyond one core: one way, crypto-bound ---------------------------
# Under TCG the emulated network stack costs far more than AES-NI, so no
# TCP case above can show one SA needing more than one core's crypto: the
# stack is the limit long before the cipher. These cases make the cipher
# the limit, as a slow cipher or a fast NIC would on hardware:
#   - generic AES and GHASH (the AES-NI and CLMUL modules kept from loading
#     for now), an order of magnitude slower per byte;
#   - 32000-byte MTU and datagrams (xlb0 follows veth0), so per-packet
#     costs shrink next to per-byte ones;
#   - one way: UDP from udp_blast.py through one outbound SA to a peer with
#     no SA, which counts the ESP packets on veth1 and drops them.
# Throughput is measured over T s of steady state, after the first packets
# arrived and one more second. The one-core ceiling is the same generic
# AEAD on buffers of the same size, each CPU alone, before and after the
# cases; the table divides by the fastest of those.
OW_MTU=32000
OW_LEN=31900				# UDP payload; the inner IP packet is 28 more
OW_BLOCK=/etc/modprobe.d/xlb-bench-generic.conf	# the guest's overlay

# aead_ceiling FILE [MODULE_ARGS...]: xlb_aead_bench's line per CPU into FILE.
aead_ceiling() {
	local file=$1
	shift
	dmesg -C 2>/dev/null
	if modprobe xlb_aead_bench ms=1000 "$@"; then
		dmesg | grep -o 'xlb_aead_bench: cpu .*' >"$file"
		rmmod xlb_aead_bench
	else
		echo "bench: xlb_aead_bench did not load (make bench-modules)" >&2
	fi
}

# ow_snap DIR N: the counters a one-way case compares, at time N.
ow_snap() {
	snap_begin "$1" "$2"
	date +%s.%N >"$1/t$2"
	ip netns exec "$PEER" cat /sys/class/net/veth1/statistics/rx_packets >"$1/rx$2"
	cat /proc/stat >"$1/stat$2"
	ip netns exec "$GW" ethtool -S xlb0 >"$1/ethtool$2"
	snap_end "$1" "$2"
}

# shellcheck disable=SC2317 # called through wait_for
peer_rx_above() {	# peer_rx_above N
	[ "$(ip netns exec "$PEER" cat /sys/class/net/veth1/statistics/rx_packets)" -gt "$1" ]
}

# oneway_case ID KIND(stock|xlb) LABEL PARAMS
oneway_case() {
	local id=$1 kind=$2 label=$3 params=$4 dir=$RES/oneway$1 off="" pid rx
	mkdir -p "$dir"
	printf '%s\n' "$kind" "$label" "$params" "$((OW_LEN + 28))" >"$dir/meta"
	echo "bench: one-way case $id: $label" >&2
	# shellcheck disable=SC2086 # one word per parameter
	set_params $DEFAULT_PARAMS $params
	esp_teardown
	[ "$kind" = xlb ] && off="dev xlb0 dir out"
	if ! tunnel_sa "$GW" 192.0.2.1 192.0.2.2 0x3001 1 "$(esp_alg_args gcm128-icv16)" \
			"$off" "src 198.51.100.1 dst 203.0.113.1 proto udp" ||
	   ! ip -n "$GW" xfrm policy add src 198.51.100.1 dst 203.0.113.1 proto udp \
			dir out tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 1 mode tunnel; then
		echo "setup failed" >"$dir/error"
		return 1
	fi
	rx=$(ip netns exec "$PEER" cat /sys/class/net/veth1/statistics/rx_packets)
	ip netns exec "$GW" python3 "$here/udp_blast.py" 198.51.100.1 203.0.113.1 9 \
		"$OW_LEN" $((4 * T + 120)) &
	pid=$!
	if wait_for 60 peer_rx_above $((rx + 10)); then
		sleep 1
		ow_snap "$dir" 0
		sleep $(( (T + 1) / 2 ))
		cat /sys/kernel/debug/xlb/workers >"$dir/workers" 2>/dev/null
		sleep $((T / 2))
		ow_snap "$dir" 1
	else
		echo "no ESP reached the peer" >"$dir/error"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ip -n "$GW" -s xfrm state >"$dir/xfrm"
	cat /sys/kernel/debug/xlb/sas >"$dir/sas" 2>/dev/null
	esp_teardown
}

# shellcheck disable=SC2317 # called through wait_for
aesni_unloaded() {
	modprobe -q -r ghash_clmulni_intel aesni_intel 2>/dev/null
	[ ! -d /sys/module/aesni_intel ] && [ ! -d /sys/module/ghash_clmulni_intel ]
}

# bench_run: every case once, into $RES ($run: which run).
bench_run() {
	# The one-way cases need the generic AEAD: a run after the first
	# unloads what the previous one's TCP cases loaded, once the freed
	# SAs' transforms are gone.
	[ "$run" = 1 ] || wait_for 30 aesni_unloaded
	if [ -d /sys/module/aesni_intel ] || [ -d /sys/module/ghash_clmulni_intel ]; then
		echo "AES-NI or CLMUL already loaded (or built in): no generic one-way cases" \
			>"$RES/oneway-skipped"
	else
		printf 'install %s /bin/true\n' aesni_intel ghash_clmulni_intel >"$OW_BLOCK"
		aead_ceiling "$RES/aead_generic0" len=$((OW_LEN + 28))
		for dev in "$GW veth0" "$PEER veth1" "$GW xlb0"; do
			# shellcheck disable=SC2086 # namespace and device
			ip -n ${dev% *} link set ${dev#* } mtu "$OW_MTU"
		done
		oneway_case 1 stock "stock software ESP, 1 SA" ""
		oneway_case 2 xlb "xlb, 1 SA, 1 worker" "spray_threshold=0"
		oneway_case 3 xlb "xlb, 1 SA, sprayed" "spray_threshold=100"
		for dev in "$GW xlb0" "$GW veth0" "$PEER veth1"; do
			# shellcheck disable=SC2086 # namespace and device
			ip -n ${dev% *} link set ${dev#* } mtu 1500
		done
		aead_ceiling "$RES/aead_generic1" len=$((OW_LEN + 28))
		rm -f "$OW_BLOCK"
	fi

	# --- TCP through the tunnels, AES-NI ------------------------------------------
	# A gateway's udev loads the AES-NI and CLMUL drivers by CPU modalias; this
	# guest has no udev, and without them the kernel picks aes-generic for
	# rfc4106(gcm(aes)). Load them so that ESP, xlb and the AEAD benchmark all
	# use the implementation a real gateway would.
	modprobe -q aesni_intel
	modprobe -q ghash_clmulni_intel

	# --- raw AEAD speed, one CPU at a time ------------------------------------
	aead_ceiling "$RES/aead"

	run_case 1 stock 1 "stock software ESP, 1 SA" ""
	run_case 2 xlb 1 "xlb, 1 SA, 1 worker" "spray_threshold=0"
	run_case 3 xlb 1 "xlb, 1 SA, sprayed" "spray_threshold=100"
	run_case 4 stock "$NS" "stock, $NS SAs 8:4:2:1" "" "${SKEW[@]}"
	run_case 5 xlb "$NS" "xlb, $NS SAs 8:4:2:1, hash" "policy=hash" "${SKEW[@]}"
	run_case 6 xlb "$NS" "xlb, $NS SAs 8:4:2:1, least-loaded" "policy=least-loaded" "${SKEW[@]}"
	run_case 7 xlb "$NS" "xlb, $NS SAs 8:4:2:1, adaptive" "policy=adaptive" "${SKEW[@]}"
	run_case 8 stock "$NT" "stock software ESP, $NT SAs" ""
	run_case 9 xlb "$NT" "xlb, $NT SAs, adaptive" "policy=adaptive"
	# The same two with every packet handed to a worker even when all
	# CPUs are busy (inline_busy 0): what the default's in-line crypting gains.
	run_case 22 xlb "$NS" "xlb, $NS SAs 8:4:2:1, adaptive, inline_busy=0" \
		"policy=adaptive inline_busy=0" "${SKEW[@]}"
	run_case 23 xlb "$NT" "xlb, $NT SAs, adaptive, inline_busy=0" "policy=adaptive inline_busy=0"

	# --- one tunnel, forwarded: a LAN host behind each gateway --------
	local id=10 dir flows
	for dir in out in; do
		for flows in 1 8; do
			fwd_case $id stock $dir $flows "fwd $dir, $flows flow(s): stock" ""
			fwd_case $((id + 1)) xlb $dir $flows "fwd $dir, $flows flow(s): xlb 1 worker" \
				"spray_threshold=0"
			fwd_case $((id + 2)) xlb $dir $flows "fwd $dir, $flows flow(s): xlb sprayed" \
				"spray_threshold=100"
			id=$((id + 3))
		done
	done
	esp_teardown
}

for run in $(seq 1 "$RUNS"); do
	RES=$TOP/run$run
	mkdir -p "$RES"
	[ "$run" = 1 ] || cp "$TOP/run1/info" "$RES/info"
	echo "bench: run $run of $RUNS" >&2
	bench_run
done

python3 "$here/table.py" "$TOP"/run*
rc=$?
rm -rf "$TOP"
exit $rc
