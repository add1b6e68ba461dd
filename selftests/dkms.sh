#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The xlb.ko that DKMS built (selftests/dkms-build, run on the host by
# `make selftests` for this kernel) is the one a gateway gets: installed
# under updates/dkms and indexed by depmod, it is autoloaded by
# `ip link add ... type xlb` and by xlbctl's first request, documents every
# parameter in modinfo, and carries ESP through workers.
#
# XLB_DKMS_DIR is dkms-build's OUTDIR. This guest's /lib/modules is an
# overlay on the host's, so what is written there stays in the guest.
source "$(dirname "$0")/lib.sh"
require_cmd ip ping modinfo modprobe ethtool
XLBCTL="$(cd "$(dirname "$0")/.." && pwd)/userspace/xlbctl"

tap_plan 11
kver=$(uname -r)
modroot=${XLB_DKMS_DIR:-}/modroot/lib/modules/$kver
# xlb.ko, or xlb.ko.xz where the kernel's modules are compressed (6.12).
dkms_file=$(find "$modroot/updates/dkms" -name 'xlb.ko*' 2>/dev/null | head -n 1)
if [ -z "${XLB_DKMS_DIR:-}" ] || [ -z "$dkms_file" ]; then
	# make selftests builds it first: its absence is a failure, not a skip.
	tap_result not-ok "DKMS build for $kver present (XLB_DKMS_DIR=${XLB_DKMS_DIR:-unset})"
	tap_finish
	exit
fi
tap_result ok "DKMS build for $kver present"

# The gateway's module tree: DKMS's module and depmod's index, and none of
# the test build's modprobe.d entries that point modprobe elsewhere.
if [ -d /sys/module/xlb ] && ! rmmod_xlb >/dev/null; then
	tap_result not-ok "the test build's xlb unloads"
	tap_finish
	exit
fi
# Put back on every exit, so that a script after this one finds the guest's
# module tree as guest-init made it.
saved=$(mktemp -d)
dkms_cleanup() {
	cleanup_ns
	rm -rf "/lib/modules/$kver/updates/dkms"
	cp "$saved"/modules.* "/lib/modules/$kver/" 2>/dev/null
	[ -e "$saved/xlb-build.conf" ] && mv "$saved/xlb-build.conf" /etc/modprobe.d/
	rm -rf "$saved"
}
trap dkms_cleanup EXIT
cp "/lib/modules/$kver"/modules.* "$saved/"
mkdir -p "/lib/modules/$kver/updates/dkms"
cp "$dkms_file" "/lib/modules/$kver/updates/dkms/"
cp "$modroot"/modules.* "/lib/modules/$kver/"
[ -e /etc/modprobe.d/xlb-build.conf ] && mv /etc/modprobe.d/xlb-build.conf "$saved/"
dkms_ko=/lib/modules/$kver/updates/dkms/${dkms_file##*/}
srcversion=$(modinfo -F srcversion "$dkms_ko")

check "modprobe resolves xlb to DKMS's updates/dkms/${dkms_file##*/}" \
	test "$(modprobe -n -v xlb | awk '{ print $2 }' | tail -n 1)" = "$dkms_ko"

# Every parameter the loaded module has is described in modinfo.
undocumented() {
	local p
	for p in /sys/module/xlb/parameters/*; do
		p=${p##*/}
		modinfo -F parm xlb | grep -qE "^$p:[^(]+" || echo "$p"
	done
}

make_pair
check "ip link add type xlb autoloads xlb" add_xlb
check "the loaded xlb is DKMS's build (srcversion ${srcversion:-none})" \
	test -n "$srcversion" -a "$(cat /sys/module/xlb/srcversion 2>/dev/null)" = "$srcversion"
missing=$(undocumented)
check "modinfo describes every parameter${missing:+ (not: $missing)}" test -z "$missing"

# A short ESP test through the workers: both directions offloaded to xlb0.
esp_inner_setup
esp_setup 4 tunnel gcm128-icv16 esn
tx0=$(xlb_stat "$GW" xlb0 esp_tx_packets)
rx0=$(xlb_stat "$GW" xlb0 esp_rx_packets)
check "TCP 256 KiB through an ESP tunnel offloaded to xlb0" \
	tcp_transfer "$GW" "$PEER" "$I_PEER" 262144
tx=$(( $(xlb_stat "$GW" xlb0 esp_tx_packets) - tx0 ))
rx=$(( $(xlb_stat "$GW" xlb0 esp_rx_packets) - rx0 ))
check "xlb's workers encrypted ($tx) and decrypted ($rx) the tunnel's ESP" \
	test "$tx" -gt 100 -a "$rx" -gt 10
check "the ESN SAs went past the 2^32 wrap" esp_esn_wrapped
esp_teardown
gw ip link del xlb0

# The first generic netlink request loads the module (its family alias).
check "rmmod xlb" rmmod_xlb
check "xlbctl's first request autoloads xlb (no device yet: empty list)" \
	"$XLBCTL" dev show
check "xlb loaded by that request" test -d /sys/module/xlb

tap_finish
