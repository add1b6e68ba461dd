#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The peer failover topology of failover_peer.sh, shared with
# bench/failover.sh: sourced after lib.sh, with $WORK (a directory),
# $XLBD, $XLBD_LOG, $DETECT, $PROBE_MS and $HOLD_DOWN set. fp_topology
# makes the namespaces and links, ka_start keepalived on P1 or P2,
# fp_pluto_start the three plutos, xlbd_start G's xlbd with the group.
# The picture is in failover_peer.sh.

fp_topology() {
	local p
	setup_ns SW W G P1 P2 L R
	ip -n "$SW" link add brw type bridge
	ip -n "$SW" link add brr type bridge
	ip -n "$SW" link set brw up
	ip -n "$SW" link set brr up
	# G reaches both remote gateways through one router, W, as through
	# its uplink's default gateway: libreswan 4.10 routes two conns with
	# the same remote subnet only when they agree on the next hop.
	veth_link "$G" w0 "$W" wg
	veth_link "$W" wp "$SW" ww
	ip -n "$SW" link set ww master brw
	ip -n "$W" addr add 192.0.2.62/26 dev wg
	ip -n "$W" addr add 192.0.2.126/26 dev wp
	ip netns exec "$W" sysctl -qw net.ipv4.ip_forward=1
	for p in P1 P2; do
		veth_link "${!p}" w0 "$SW" "${p,,}w"
		veth_link "${!p}" r0 "$SW" "${p,,}r"
		ip -n "$SW" link set "${p,,}w" master brw
		ip -n "$SW" link set "${p,,}r" master brr
		ip netns exec "${!p}" sysctl -qw net.ipv4.ip_forward=1
	done
	veth_link "$R" r0 "$SW" rr
	ip -n "$SW" link set rr master brr
	veth_link "$L" l0 "$G" l0
	ip -n "$G" link add link w0 name xlb0 type xlb || return 1
	ip -n "$G" link set xlb0 up
	ip -n "$G" addr add 192.0.2.1/26 dev xlb0
	ip -n "$G" route add default via 192.0.2.62 || return 1
	# No block policy for the far LAN (failover_pair.sh has one): the
	# tunnels' policies are their interfaces' (if_id 1 and 2), and a policy
	# without an if_id would take forwarded and local traffic (xlbd's
	# probes) before it reaches an interface. W has no route to it.
	ip -n "$G" addr add 198.51.100.254/24 dev l0
	ip netns exec "$G" sysctl -qw net.ipv4.ip_forward=1
	# After a failover or before a fail-back, R's answers come in on
	# the other tunnel than the route: no strict reverse path filter.
	ip netns exec "$G" sysctl -qw net.ipv4.conf.all.rp_filter=0
	ip netns exec "$G" sysctl -qw net.ipv4.conf.default.rp_filter=0
	ip -n "$P1" addr add 192.0.2.66/26 dev w0
	ip -n "$P2" addr add 192.0.2.67/26 dev w0
	ip -n "$P1" addr add 203.0.113.252/24 dev r0
	ip -n "$P2" addr add 203.0.113.253/24 dev r0
	ip -n "$P1" route add default via 192.0.2.126 || return 1
	ip -n "$P2" route add default via 192.0.2.126 || return 1
	ip -n "$L" addr add 198.51.100.1/24 dev l0
	ip -n "$L" route add default via 198.51.100.254
	ip -n "$R" addr add 203.0.113.1/24 dev r0
	ip -n "$R" route add default via 203.0.113.254
	# XLB_LOWER_GRO=1: G's uplink receives through NAPI GRO, as a NIC
	# does (lib.sh lower_gro_on: veth takes that path for packets from a
	# sender without TSO, here W's port).
	if [ "${XLB_LOWER_GRO:-0}" = 1 ]; then
		ip netns exec "$G" ethtool -K w0 gro on >/dev/null &&
			ip netns exec "$W" ethtool -K wg tso off gso off >/dev/null || return 1
	fi
}

# ka_start NS PRIORITY: keepalived in NS (P1 or P2): R's gateway address
# on r0, given up when the WAN link w0 fails.
ka_start() {
	keepalived_run "$1" "$WORK/ka-${1#"$NSPREFIX"-}" <<EOF
vrrp_instance lan {
	state BACKUP
	interface r0
	virtual_router_id 52
	priority $2
	advert_int 0.2
	track_interface {
		w0
	}
	virtual_ipaddress {
		203.0.113.254/24 dev r0
	}
}
EOF
}

# has_vip NS: NS holds R's gateway address.
has_vip() { ip -n "$1" -4 addr show dev r0 | grep -q "inet 203.0.113.254/"; }

# The same secret for every pair of IDs.
FP_PSK='PSK "xlb selftest: not a secret, 40 bytes."'
FP_SECRETS="@gw.xlb.test @p1.xlb.test : $FP_PSK
@gw.xlb.test @p2.xlb.test : $FP_PSK"

# g_conn NAME PEER PEER_ID IF_ID: G's conn to a remote gateway, on XFRM
# interface ipsecIF_ID. nic-offload is left at its default (auto): xlb0
# holds 192.0.2.1. Both conns have the same subnets, which libreswan 4.10
# allows for two conns only when they agree on the next hop (else "cannot
# route -- route already in use for ...": XFRM has no overlap_supported)
# and one has overlapip=yes (else "cannot install eroute -- it is in use
# for ..."): its route_owner() does not look at the interface ids, the
# kernel keeps the two policies apart by them. updown is libreswan's own:
# the first conn up points the route to the remote LAN at its interface
# ("ip route replace ... dev ipsecN").
g_conn() {
	cat <<EOF
conn $1
	type=tunnel
	ikev2=yes
	authby=secret
	left=192.0.2.1
	leftid=@gw.xlb.test
	leftsubnet=198.51.100.0/24
	leftnexthop=192.0.2.62
	right=$2
	rightid=$3
	rightsubnet=203.0.113.0/24
	ipsec-interface=$4
	overlapip=yes
	ike=aes_gcm256-sha2_256;dh19
	esp=aes_gcm256
	esn=yes
	replay-window=128
	auto=add
EOF
}
# p_conn ADDR ID: a remote gateway's conn to G, stock software ESP.
p_conn() {
	cat <<EOF
conn to-g
	type=tunnel
	ikev2=yes
	authby=secret
	left=$1
	leftid=$2
	leftsubnet=203.0.113.0/24
	leftupdown=%disabled
	right=192.0.2.1
	rightid=@gw.xlb.test
	rightsubnet=198.51.100.0/24
	ike=aes_gcm256-sha2_256;dh19
	esp=aes_gcm256
	esn=yes
	replay-window=128
	nic-offload=no
	auto=add
EOF
}

# has_conn NS CONN: NS's pluto has loaded CONN (pluto adds the file's
# conns in the background once it listens: slowly under KASAN).
has_conn() { pluto_whack "$1" --status | grep -qF "\"$2\":"; }
fp_pluto_start() {
	pluto_start "$G" "$(g_conn to-p1 192.0.2.66 @p1.xlb.test 1; echo
		g_conn to-p2 192.0.2.67 @p2.xlb.test 2)" "$FP_SECRETS" &&
		pluto_start "$P1" "$(p_conn 192.0.2.66 @p1.xlb.test)" "$FP_SECRETS" &&
		pluto_start "$P2" "$(p_conn 192.0.2.67 @p2.xlb.test)" "$FP_SECRETS" &&
		wait_for 60 has_conn "$G" to-p1 && wait_for 60 has_conn "$G" to-p2 &&
		wait_for 60 has_conn "$P1" to-g && wait_for 60 has_conn "$P2" to-g
}

# fo_line: the failover group, detect $DETECT ms, probe-interval
# $PROBE_MS ms, hold-down $HOLD_DOWN s.
fo_line() {
	echo "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253" \
		"source 198.51.100.254 route 203.0.113.0/24 detect $DETECT" \
		"probe-interval $PROBE_MS hold-down $HOLD_DOWN"
}

# xlbd_start: xlbd in G with the failover group on line 4, libreswan's
# conns checked every 5 s. Not under check: XLBD_PID must be this shell's.
xlbd_start() {
	printf 'device xlb0\nlibreswan ctlsocket %s\nlibreswan check 5\n%s\n' \
		"$(pluto_dir "$G")/run/pluto.ctl" "$(fo_line)" >"$WORK/xlbd.conf"
	ip netns exec "$G" "$XLBD" -f "$WORK/xlbd.conf" --foreground >/dev/null \
		2>>"$XLBD_LOG" &
	# shellcheck disable=SC2034 # the sourcing script's
	XLBD_PID=$!
}
xlbd_ready() { xlbd_ready_after "$XLBD_LOG" 0; }

# route_dev: the device of G's route to the remote LAN, with its source
# ("DEV SRC"); one route only.
route_dev() {
	ip -n "$G" -j route show 203.0.113.0/24 | jq -r 'if length == 1 then "\(.[0].dev) \(.[0].prefsrc)" else "routes: \(length)" end'
}
route_is() { [ "$(route_dev)" = "$1 198.51.100.254" ]; }
