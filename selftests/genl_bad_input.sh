#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Malformed and forbidden requests to the generic netlink family "xlb" are
# refused with the right errno and an extack message naming the attribute
# (NLMSGERR_ATTR_OFFS pointing at it), and change nothing: unknown, wrongly
# typed, out-of-range, oversized and truncated attributes to every command,
# garbage nests, SA sets naming no SA or an impossible worker, the interval
# set from a non-initial namespace, every command and the events group
# from a user without CAP_NET_ADMIN (EPERM). genlcraft.py sends them on
# a raw NETLINK_GENERIC socket. No reply and no debugfs file carries a byte
# of the SAs' keys; xlb logs no warning; the kernel does not complain.
source "$(dirname "$0")/lib.sh"
require_cmd ip python3 setpriv dmesg
GENLCRAFT="$(cd "$(dirname "$0")" && pwd)/genlcraft.py"

# Test keys of a pattern no other bytes have.
KEY_GCM=5a5aa5a5c3c33c3c0f0ff0f0a1b2c3d4e5f60718
KEY_ENC=7e7e81817e7e81810123456789abcdef
KEY_AUTH=fedcba98765432107e7e8181deadbeefcafef00d

# shellcheck disable=SC2119 # no module parameters
# 4 here; genlcraft.py: bad 107, netns 3, unpriv 11, and 3 key checks each.
tap_plan $((4 + 77 + 30 + 3 + 9 + 2 + 3 * 3))
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }

ip -n "$GW" -batch - <<EOF2 || tap_result not-ok "add the offloaded SAs"
xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi $ESP_SPI_OUT reqid 1 mode tunnel aead rfc4106(gcm(aes)) 0x$KEY_GCM 128 offload dev xlb0 dir out
xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi $ESP_SPI_IN reqid 1 mode tunnel enc cbc(aes) 0x$KEY_ENC auth-trunc hmac(sha256) 0x$KEY_AUTH 128 offload dev xlb0 dir in
EOF2
ifindex=$(ip -n "$GW" -j link show dev xlb0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["ifindex"])')
lower=$(ip -n "$GW" -j link show dev veth0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["ifindex"])')
keys=(--key "$KEY_GCM" --key "$KEY_ENC" --key "$KEY_AUTH")

# craft DESC_PREFIX CMD...: one TAP case per line "ok|not ok DESC" the
# crafter prints; its "# ..." lines (errno, extack) follow as comments.
craft() {
	local prefix=$1 line out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*) line=${line#ok }; skip_case "$prefix${line%% # SKIP*}" ;;
		"ok "*) tap_result ok "$prefix${line#ok }" ;;
		"not ok "*) tap_result not-ok "$prefix${line#not ok }" ;;
		"# "*) echo "#   ${line#\# }" ;;
		*) echo "#   $line" ;;
		esac
	done <<<"$out"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' <<<"$out"; then
		tap_result not-ok "${prefix}genlcraft.py exited with status $rc"
	fi
}

craft "" ip netns exec "$GW" python3 "$GENLCRAFT" bad --ifindex "$ifindex" \
	--lower-ifindex "$lower" --spi "$ESP_SPI_OUT" "${keys[@]}"
craft "in $GW: " ip netns exec "$GW" python3 "$GENLCRAFT" netns \
	--spi "$ESP_SPI_OUT" "${keys[@]}"
craft "as nobody: " ip netns exec "$GW" setpriv --reuid=nobody --regid=nogroup \
	--clear-groups --inh-caps=-all python3 "$GENLCRAFT" unpriv \
	--ifindex "$ifindex" --spi "$ESP_SPI_OUT" "${keys[@]}"

# debugfs shows the SAs, never their keys.
no_key_in_debugfs() {
	local k
	[ -d /sys/kernel/debug/xlb ] || { echo "no /sys/kernel/debug/xlb"; return 1; }
	for k in "$KEY_GCM" "$KEY_ENC" "$KEY_AUTH"; do
		python3 - "$k" /sys/kernel/debug/xlb/* <<'PY' || return 1
import sys
key = bytes.fromhex(sys.argv[1])
for path in sys.argv[2:]:
    try:
        data = open(path, "rb").read()
    except OSError:
        continue
    if key in data or sys.argv[1].encode() in data.lower():
        print(f"key {sys.argv[1][:8]}... in {path}")
        sys.exit(1)
PY
	done
}
check "no key bytes in /sys/kernel/debug/xlb/*" no_key_in_debugfs
check "the SAs are still offloaded to xlb0" \
	test "$(ip -n "$GW" xfrm state | grep -c 'offload parameters: dev xlb0')" = 2

# Nothing at warning level or above from xlb since this script began (but
# the taint note of an out-of-tree module loading).
xlb_log_quiet() {
	! dmesg -r | sed -n "/$KMSG_MARK/,\$p" | grep -v -e 'xlb-selftest:' -e 'taints kernel' |
		awk -F'[<>]' '$2 % 8 <= 4' | grep -i 'xlb'
}
check "xlb logged nothing at warning level or above" xlb_log_quiet
check "the kernel logged no WARNING, BUG, Oops, KASAN or leak" kernel_log_clean

tap_finish
