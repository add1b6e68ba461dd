#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The gateway pair topology of failover_pair.sh, shared with
# bench/failover_pair.sh: sourced after lib.sh, with $WORK (a directory),
# $XLBD, $XLBCTL, $CONN and the associative array XLBD_PIDS set.
# fo_topology makes the namespaces and links, ka_start keepalived on G1 or
# G2, fo_conn the conn for pluto_start, xlbd_start a gateway's xlbd with
# the pair; sas, tunnel_up, no_sas, out_spi and role_is read a gateway's
# state. The picture is in failover_pair.sh.

fo_topology() {
	local g
	setup_ns SW G1 G2 P L R
	ip -n "$SW" link add brw type bridge
	ip -n "$SW" link add brl type bridge
	ip -n "$SW" link set brw up
	ip -n "$SW" link set brl up
	for g in G1 G2; do
		veth_link "${!g}" w0 "$SW" "${g,,}w"
		veth_link "${!g}" l0 "$SW" "${g,,}l"
		ip -n "$SW" link set "${g,,}w" master brw
		ip -n "$SW" link set "${g,,}l" master brl
		ip -n "${!g}" link add link w0 name xlb0 type xlb || return 1
		ip -n "${!g}" link set xlb0 up
		ip netns exec "${!g}" sysctl -qw net.ipv4.ip_forward=1
		# While a gateway is backup, or before pluto's policy is in,
		# LAN traffic for the far side must not leave in clear.
		ip -n "${!g}" xfrm policy add src 198.51.100.0/24 dst 203.0.113.0/24 \
			dir out action block priority 4000000000
	done
	ip -n "$G1" addr add 192.0.2.11/24 dev xlb0
	ip -n "$G2" addr add 192.0.2.12/24 dev xlb0
	ip -n "$G1" addr add 198.51.100.11/24 dev l0
	ip -n "$G2" addr add 198.51.100.12/24 dev l0
	ip -n "$G1" route add 203.0.113.0/24 via 192.0.2.2 || return 1
	ip -n "$G2" route add 203.0.113.0/24 via 192.0.2.2 || return 1
	veth_link "$P" w0 "$SW" pw
	ip -n "$SW" link set pw master brw
	veth_link "$L" l0 "$SW" ll
	ip -n "$SW" link set ll master brl
	veth_link "$P" r0 "$R" r0
	ip -n "$P" addr add 192.0.2.2/24 dev w0
	ip -n "$P" addr add 203.0.113.254/24 dev r0
	ip -n "$P" route add 198.51.100.0/24 via 192.0.2.1
	ip netns exec "$P" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$L" addr add 198.51.100.1/24 dev l0
	ip -n "$L" route add default via 198.51.100.254
	ip -n "$R" addr add 203.0.113.1/24 dev r0
	ip -n "$R" route add default via 203.0.113.254
}

# ka_start NS PRIORITY: keepalived in NS, one VRRP instance on xlb0 that
# holds both shared addresses and fails when the LAN link does.
ka_start() {
	keepalived_run "$1" "$WORK/ka-${1#"$NSPREFIX"-}" <<EOF
vrrp_instance xlb {
	state BACKUP
	interface xlb0
	virtual_router_id 51
	priority $2
	advert_int 0.5
	track_interface {
		l0
	}
	virtual_ipaddress {
		192.0.2.1/24 dev xlb0
		198.51.100.254/24 dev l0
	}
}
EOF
}

# has_vip NS: NS holds 192.0.2.1.
has_vip() { ip -n "$1" -4 addr show dev xlb0 | grep -q "inet 192.0.2.1/"; }

# fo_conn NIC_OFFLOAD: the conn between the LANs (lib.sh pluto_conn).
fo_conn() { PLUTO_SUBNETS="198.51.100.0/24 203.0.113.0/24" pluto_conn "$CONN" "$1"; }

# xlbd_start NS: xlbd in NS, the pair on 192.0.2.1, checks every 5 s; it
# appends to NS's log. Not under check: XLBD_PIDS must be the caller's.
xlbd_start() {
	local ns=$1 n=${1#"$NSPREFIX"-} ready
	ready=$(xlbd_readies "$WORK/xlbd-$n.log")
	printf 'device xlb0\nlibreswan ctlsocket %s\nlibreswan check 5\npair gw address 192.0.2.1 conns %s\n' \
		"$(pluto_dir "$ns")/run/pluto.ctl" "$CONN" >"$WORK/xlbd-$n.conf"
	ip netns exec "$ns" "$XLBD" -f "$WORK/xlbd-$n.conf" --foreground >/dev/null \
		2>>"$WORK/xlbd-$n.log" &
	# shellcheck disable=SC2034 # the sourcing script reads it
	XLBD_PIDS[$ns]=$!
	xlbd_ready_after "$WORK/xlbd-$n.log" "${ready:-0}"
}

# sas NS: NS's ESP SAs, "SPI SRC DST" each.
sas() {
	ip -n "$1" xfrm state | awk '/^src/ { s = $2; d = $4 } /proto esp spi/ { print $4, s, d }'
}
# tunnel_up NS: NS has one SA each way with P, the outbound one offloaded to xlb0.
tunnel_up() {
	local out
	[ "$(sas "$1" | wc -l)" -eq 2 ] || return 1
	out=$(sas "$1" | awk '$3 == "192.0.2.2" { print $1 }')
	[ -n "$out" ] && ip -n "$1" xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi "$out" |
		grep -q "crypto offload parameters: dev xlb0"
}
no_sas() { [ -z "$(sas "$1")" ]; }
out_spi() { sas "$1" | awk '$3 == "192.0.2.2" { print $1 }'; }

# role NS: the pair's role as `xlbctl -j failover` in NS tells it.
role() {
	ip netns exec "$1" "$XLBCTL" -j failover | jq -r '.[] | select(.name == "gw") | .role'
}
role_is() { [ "$(role "$1")" = "$2" ]; }
