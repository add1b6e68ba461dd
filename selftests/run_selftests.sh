#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs every selftest script in this directory (inside the test VM), one
# after another, and prints a summary. Exit 0 when none failed.
#
#   run_selftests.sh [--esp-matrix full|pairwise|each]
#
# --esp-matrix picks esp_interop.sh's cases (default pairwise).
cd "$(dirname "$0")" || exit 1
matrix=pairwise
if [ "${1:-}" = --esp-matrix ] && [ -n "${2:-}" ]; then
	matrix=$2
elif [ $# -ne 0 ]; then
	echo "usage: run_selftests.sh [--esp-matrix full|pairwise|each]" >&2
	exit 2
fi
export XLB_ESP_MATRIX=$matrix
failed=0
# One run per entry: SCRIPT, or gro:SCRIPT for the same script with NAPI GRO
# on the lower devices (lib.sh XLB_LOWER_GRO), as a physical NIC receives.
for entry in device.sh traffic.sh mtu_carrier.sh bad_input.sh cpu_hotplug.sh \
	 rmmod_traffic.sh esp_interop.sh gro:esp_interop.sh esp_bad_input.sh \
	 esp_faults.sh gro:esp_faults.sh gro.sh ynl.sh genl_bad_input.sh xlbctl.sh \
	 balance.sh spray.sh gro:spray.sh migrate.sh; do
	t=${entry#gro:}
	lower_gro=0
	[ "$entry" = "$t" ] || lower_gro=1
	echo "# selftest: $entry"
	start=$(date +%s)
	out=$(mktemp)
	XLB_LOWER_GRO=$lower_gro timeout 1800 "./$t" | tee "$out"
	rc=${PIPESTATUS[0]}
	echo "# selftest: $entry exit=$rc ($(( $(date +%s) - start )) s)"
	# A script that died without reporting a failed case still fails once.
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && ! grep -q '^not ok' "$out"; then
		echo "not ok 0 $t: exited with status $rc"
	fi
	rm -f "$out"
	case $rc in
	0|4) ;;
	*) failed=1 ;;
	esac
done
# The module stays loaded between scripts; unloading last proves no device
# or thread was leaked by any of them (lib.sh's rmmod_xlb: bounded).
# shellcheck source=selftests/lib.sh
source ./lib.sh >/dev/null
if [ -d /sys/module/xlb ] && ! rmmod_xlb; then
	echo "not ok 0 run_selftests: rmmod xlb after all scripts"
	failed=1
fi
exit $failed
