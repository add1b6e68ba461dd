#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages, as an operator gets them (runs on the host, as root,
# in `make check`'s "packages" step):
#
# - `make deb` builds xlb-dkms and xlb-tools with dpkg-buildpackage;
#   lintian finds no error (its other tags are printed);
# - one version everywhere: debian/changelog, the packages, xlbctl
#   --version, the module's MODULE_VERSION;
# - on a fresh Debian 12 root (debootstrap --variant=minbase from the
#   machine's apt source), after the packages' dependencies: the README's
#   install command installs both, xlbctl --version runs there, the
#   systemd unit passes `systemd-analyze verify`, and purging both leaves
#   the root as it was before they came.
#
# DKMS building the module for both stock kernels, and that module loading
# and carrying ESP in the guest, are selftests/dkms-build and dkms.sh.
source "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
require_cmd dpkg-buildpackage lintian debootstrap chroot systemd-analyze

tap_plan 9
version=$(sed -n '1s/^xlb (\([^)-]*\).*/\1/p' "$top/debian/changelog")
debs=$top/build/deb
root=$(mktemp -d /var/tmp/xlb-root.XXXXXX)
packages_cleanup() {
	umount "$root/proc" 2>/dev/null
	rm -rf "$root"
}
trap packages_cleanup EXIT

check "make deb builds xlb-dkms and xlb-tools $version" bash -c "
	make --no-print-directory -C '$top' deb >'$top/build/deb.log' 2>&1 &&
	test -f '$debs/xlb-dkms_${version}_all.deb' -a \
	     -f '$debs/xlb-tools_${version}_$(dpkg --print-architecture).deb' ||
	{ tail -n 30 '$top/build/deb.log'; false; }"
tools_deb=$debs/xlb-tools_${version}_$(dpkg --print-architecture).deb
dkms_deb=$debs/xlb-dkms_${version}_all.deb

tags=$(lintian --tag-display-limit 0 "$debs/xlb_${version}_$(dpkg --print-architecture).changes" 2>&1 |
	grep -v 'running with root privileges')
[ -z "$tags" ] || sed 's/^/# lintian: /' <<<"$tags"
check "lintian: no error" bash -c "! grep -q '^E: ' <<<'$tags'"

ctl_version=$(dpkg-deb --fsys-tarfile "$tools_deb" | tar -xOf - ./usr/sbin/xlbctl >"$root/xlbctl" &&
	chmod +x "$root/xlbctl" && "$root/xlbctl" --version)
kmod_version=$(sed -n 's/^#define XLB_DRV_VERSION "\(.*\)"$/\1/p' "$top/kmod/xlb.h")
check "one version: changelog $version, packages, '$ctl_version', module $kmod_version" \
	test "$(dpkg-deb -f "$tools_deb" Version)" = "$version" -a \
	     "$(dpkg-deb -f "$dkms_deb" Version)" = "$version" -a \
	     "$ctl_version" = "xlbctl $version" -a "$kmod_version" = "$version"
rm -f "$root/xlbctl"

# The machine's own apt source (the only network CI has).
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list)
check "debootstrap a fresh Debian 12 root from $mirror" bash -c "
	debootstrap --variant=minbase bookworm '$root' '$mirror' >'$top/build/debootstrap.log' 2>&1 ||
	{ tail -n 20 '$top/build/debootstrap.log'; false; }"

in_root() { chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }
# Dependencies first, so that what purging the packages leaves can be told
# from what their dependencies brought.
deps=$(for d in "$tools_deb" "$dkms_deb"; do dpkg-deb -f "$d" Depends; done |
	tr ',' '\n' | sed 's/^ *//; s/[( ].*//' | grep -v '^$' | sort -u | tr '\n' ' ')
# What every gateway has and minbase lacks: systemd (to verify the unit
# against) and man-db (the unit's Documentation= lines).
deps="$deps systemd man-db"
mount -t proc proc "$root/proc"
in_root apt-get install -y --no-install-recommends $deps >"$top/build/root-deps.log" 2>&1 ||
	{ echo "# apt-get install $deps failed:"; tail -n 20 "$top/build/root-deps.log" | sed 's/^/#   /'; }

# snapshot: every path of the root but the package manager's own records
# and /run (a tmpfs on a running system; systemd-analyze writes there).
snapshot() {
	(cd "$root" && find . -xdev \( -path ./proc -o -path ./run -o -path ./var/lib/dpkg -o -path ./var/lib/apt \
		-o -path ./var/cache -o -path ./var/log -o -path ./tmp \) -prune -o -print | sort)
}
before=$(snapshot)

# The README's install command ("Install on a gateway"), as written there.
install_cmd=$(sed -n 's/^apt install \(.*xlb-dkms.*\)$/\1/p' "$top/README.md" | head -n 1)
cp "$tools_deb" "$dkms_deb" "$root/tmp/"
check "the README's install command installs both (apt install $install_cmd)" bash -c "
	test -n '$install_cmd' &&
	cd '$root/tmp' && chroot '$root' sh -c 'cd /tmp && DEBIAN_FRONTEND=noninteractive apt install -y $install_cmd' \
		>'$top/build/root-install.log' 2>&1 &&
	chroot '$root' dpkg-query -W xlb-dkms xlb-tools ||
	{ tail -n 20 '$top/build/root-install.log'; false; }"
check "xlbctl --version runs on the fresh root" \
	test "$(in_root xlbctl --version 2>&1)" = "xlbctl $version"
check "systemd-analyze verify xlbd.service on the fresh root" \
	in_root systemd-analyze verify /lib/systemd/system/xlbd.service
check "DKMS knows xlb $version (dkms status)" bash -c "
	chroot '$root' dkms status xlb/$version | grep -q '^xlb/$version'"

in_root apt-get purge -y xlb-tools xlb-dkms >"$top/build/root-purge.log" 2>&1
left=$(diff <(echo "$before") <(snapshot) | sed -n 's/^[<>] //p')
[ -z "$left" ] || sed 's/^/# changed: /' <<<"$left"
check "purging both leaves the root as it was" test -z "$left"

tap_finish
