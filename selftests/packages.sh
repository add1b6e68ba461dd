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
#   systemd unit passes `systemd-analyze verify`, man finds every page
#   (xlb(4) with xlb-dkms, the programs' and xlbd.conf(5) with xlb-tools),
#   and purging both leaves the root as it was before they came.
#
# DKMS building the module for both stock kernels, and that module loading
# and carrying ESP in the guest, are selftests/dkms-build and dkms.sh.
source "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
require_cmd dpkg-buildpackage lintian debootstrap chroot systemd-analyze

tap_plan 14
version=$(make -s --no-print-directory -C "$top" version)
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
# The gateway runs the stock 6.12 kernel; a kernel upgrade brings 6.1's
# headers later (any second kernel would do).
kver=$("$top/selftests/vm/kernels" kver 6.12)
kver_next=$("$top/selftests/vm/kernels" kver 6.1)
# Dependencies first, so that what purging the packages leaves can be told
# from what their dependencies brought: what the packages depend on, what
# every gateway has and minbase lacks (systemd, to verify the unit against,
# and man-db, for its Documentation= lines), and the README's first step,
# the running kernel's headers (its `$(uname -r)` is the gateway's kernel,
# not this host's).
deps=$(for d in "$tools_deb" "$dkms_deb"; do dpkg-deb -f "$d" Depends; done |
	tr ',' '\n' | sed 's/^ *//; s/[( ].*//' | grep -v '^$' | sort -u | tr '\n' ' ')
headers_cmd=$(sed -n 's/^apt install \(linux-headers-.*\)$/\1/p' "$top/README.md" | head -n 1)
headers_cmd=${headers_cmd//'$(uname -r)'/$kver}
mount -t proc proc "$root/proc"
# The machine's apt sources and settings, as a gateway's: the stock
# kernels' headers come from bookworm-security, which debootstrap's own
# sources.list lacks, and a mirror may need settings of its own (this
# project's, Acquire::Check-Valid-Until for a snapshot).
rm -f "$root/etc/apt/sources.list"
cp -a /etc/apt/sources.list /etc/apt/sources.list.d /etc/apt/apt.conf.d "$root/etc/apt/" 2>/dev/null
# The headers bring their kernel image; its initramfs (a minute or more of
# CPU here) is of no use in a root nobody boots: update-initramfs is
# diverted to true, as image builders do in a chroot.
in_root dpkg-divert --local --rename --divert /usr/sbin/update-initramfs.real \
	--add /usr/sbin/update-initramfs >/dev/null && ln -s /bin/true "$root/usr/sbin/update-initramfs"
in_root apt-get update >"$top/build/root-update.log" 2>&1 ||
	{ echo "# apt-get update in the root failed:"; tail -n 5 "$top/build/root-update.log" | sed 's/^/#   /'; }
check "dependencies, systemd, man-db and the README's $headers_cmd" bash -c "
	test -n '$headers_cmd' &&
	chroot '$root' env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		$deps systemd man-db $headers_cmd >'$top/build/root-deps.log' 2>&1 ||
	{ tail -n 20 '$top/build/root-deps.log'; false; }"

# snapshot: every path of the root but the package manager's own records
# and /run (a tmpfs on a running system; systemd-analyze writes there).
snapshot() {
	(cd "$root" && find . -xdev \( -path ./proc -o -path ./run -o -path ./var/lib/dpkg -o -path ./var/lib/apt \
		-o -path ./var/cache -o -path ./var/log -o -path ./tmp \) -prune -o -print | sort)
}
before=$(snapshot)
packages_before=$(in_root dpkg-query -W -f '${Package}\n' | sort)

# The README's install command ("Install on a gateway"), as written there.
# xlb-dkms's postinst has DKMS build xlb for the kernel whose headers are in.
install_cmd=$(sed -n 's/^apt install \(.*xlb-dkms.*\)$/\1/p' "$top/README.md" | head -n 1)
cp "$tools_deb" "$dkms_deb" "$root/tmp/"
check "the README's install command installs both (apt install $install_cmd)" bash -c "
	test -n '$install_cmd' &&
	chroot '$root' sh -c 'cd /tmp && DEBIAN_FRONTEND=noninteractive apt install -y $install_cmd' \
		>'$top/build/root-install.log' 2>&1 &&
	chroot '$root' dpkg-query -W xlb-dkms xlb-tools ||
	{ tail -n 20 '$top/build/root-install.log'; false; }"
check "xlbctl --version runs on the fresh root" \
	test "$(in_root xlbctl --version 2>&1)" = "xlbctl $version"
check "systemd-analyze verify xlbd.service on the fresh root" \
	in_root systemd-analyze verify /lib/systemd/system/xlbd.service
check "man finds xlb(4), xlbctl(8), xlbd(8) and xlbd.conf(5) on the fresh root" \
	in_root sh -c 'man -w 4 xlb && man -w 8 xlbctl && man -w 8 xlbd && man -w 5 xlbd.conf'

# dkms_installed KVER: DKMS built and installed xlb for KVER in the root,
# where modprobe finds it (depmod ran), at the packages' version.
dkms_installed() {
	in_root dkms status "xlb/$version" -k "$1" | grep -q ': installed' &&
	in_root modinfo -k "$1" -n xlb | grep -q "^/lib/modules/$1/updates/dkms/xlb.ko" &&
	test "$(in_root modinfo -k "$1" -F version xlb)" = "$version"
}
check "DKMS built and installed xlb for $kver at install" dkms_installed "$kver"
# A kernel upgrade: the new kernel's headers arrive, DKMS's hook builds xlb.
check "a new kernel's headers ($kver_next): DKMS builds xlb for it too" bash -c "
	chroot '$root' env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		linux-headers-$kver_next >'$top/build/root-upgrade.log' 2>&1 ||
	{ tail -n 20 '$top/build/root-upgrade.log'; false; }"
check "DKMS built and installed xlb for $kver_next" dkms_installed "$kver_next"

in_root apt-get purge -y xlb-tools xlb-dkms >"$top/build/root-purge.log" 2>&1
# What the upgrade's packages brought is theirs, not a leftover of xlb's:
# their files (dpkg -L; /lib is /usr/lib on a merged-/usr root), and the
# new kernel's module directory, where depmod wrote its index (that no
# xlb.ko is left there or anywhere is the next check).
upgrade_files=$(comm -13 <(echo "$packages_before") <(in_root dpkg-query -W -f '${Package}\n' | sort) |
	while read -r pkg; do in_root dpkg -L "$pkg"; done | sed 's|^/lib/|/usr/lib/|; s|^|.|' | sort -u)
left=$(diff <(echo "$before") <(snapshot) | sed -n 's/^[<>] //p' |
	grep -vxF -f <(echo "${upgrade_files:-/nothing}") | grep -v "^\./usr/lib/modules/$kver_next\(/\|$\)")
[ -z "$left" ] || sed 's/^/# changed: /' <<<"$left"
check "purging both leaves the root as it was (the upgrade's headers aside)" test -z "$left"
check "no xlb module left for any kernel" bash -c "
	! find '$root/lib/modules' -name 'xlb.ko*' | grep -q ."

tap_finish
