#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs every selftest script in this directory (inside the test VM), one
# after another, and prints a summary. Exit 0 when none failed.
#
#   run_selftests.sh [--esp-matrix full|pairwise|each] [--no-gro-variants]
#                    [--only SCRIPT|gro:SCRIPT]... [--skip SCRIPT|gro:SCRIPT]...
#
# --esp-matrix picks esp_interop.sh's cases (default pairwise). The gro:
# entries below run inbound scripts again with NAPI GRO on the lower
# devices, esp_interop.sh with the "each" matrix; --no-gro-variants leaves
# them out (a quicker run by hand; gro.sh still runs).
# --only runs the scripts named (with their gro: entries; --only gro:SCRIPT
# that entry alone) and no others: the debug kernel's run is split in two
# guests that way (the Makefile's PART).
# --skip leaves a script out of this run (its gro: entry too), --skip
# gro:SCRIPT only that gro: entry; the list printed as "# xlb-scripts:" is
# what selftests/check then holds the run to.
cd "$(dirname "$0")" || exit 1
usage() {
	echo "usage: run_selftests.sh [--esp-matrix full|pairwise|each] [--no-gro-variants] [--only SCRIPT|gro:SCRIPT]... [--skip SCRIPT|gro:SCRIPT]..." >&2
	exit 2
}
matrix=pairwise
gro_variants=1
skipped=()
only=()
while [ $# -gt 0 ]; do
	case $1 in
	--esp-matrix) [ -n "${2:-}" ] || usage; matrix=$2; shift 2 ;;
	--no-gro-variants) gro_variants=0; shift ;;
	--only) [ -e "${2:-}" ] || [ -e "${2#gro:}" ] || usage; only+=("$2"); shift 2 ;;
	--skip) [ -e "${2:-}" ] || [ -e "${2#gro:}" ] || usage; skipped+=("$2"); shift 2 ;;
	*) usage ;;
	esac
done
# shellcheck source=selftests/lib.sh
source ./lib.sh >/dev/null	# rmmod_xlb, KERNEL_LOG_BAD
# One run per entry: SCRIPT, or gro:SCRIPT for the same script with NAPI GRO
# on the lower devices (lib.sh XLB_LOWER_GRO), as a physical NIC receives.
entries=(device.sh traffic.sh mtu_carrier.sh bad_input.sh cpu_hotplug.sh
	 rmmod_traffic.sh esp_interop.sh gro:esp_interop.sh xfrm_interface.sh
	 gro:xfrm_interface.sh esp_bad_input.sh
	 esp_faults.sh gro:esp_faults.sh gro.sh larval.sh lifetime.sh ynl.sh genl_bad_input.sh
	 genl_client.sh xlbctl.sh libreswan.sh gro:libreswan.sh xlbd.sh failover_pair.sh
	 failover_peer.sh balance.sh spray.sh gro:spray.sh migrate.sh container_cpus.sh inline_busy.sh
	 dkms.sh)
# xfrm_interface.sh loads xfrm_interface and leaves it: the ESP matrix
# (esp_interop.sh) runs before it without the module, the inbound scripts
# after it with it, as on a gateway with route-based tunnels. The debug
# kernel has it built in: there every script runs with it.
for i in "${!entries[@]}"; do
	if [ "$gro_variants" = 0 ] && [ "${entries[i]#gro:}" != "${entries[i]}" ]; then
		unset "entries[i]"
		continue
	fi
	for s in "${skipped[@]}"; do
		if [ "${entries[i]#gro:}" = "$s" ] || [ "${entries[i]}" = "$s" ]; then
			unset "entries[i]"
			break
		fi
	done
	[ -n "${entries[i]:-}" ] && [ ${#only[@]} -gt 0 ] || continue
	keep=0
	for s in "${only[@]}"; do
		if [ "${entries[i]#gro:}" = "$s" ] || [ "${entries[i]}" = "$s" ]; then
			keep=1
			break
		fi
	done
	[ "$keep" = 1 ] || unset "entries[i]"
done
entries=("${entries[@]}")

# test_name ENTRY: the name its TAP lines carry (lib.sh TEST_NAME).
test_name() {
	local t=${1#gro:}
	t=${t%.sh}
	[ "$1" = "${1#gro:}" ] || t=gro-$t
	echo "$t"
}

# fail_script NAME WHY: one failed case for what the script's own cases
# cannot say (it died, ran short, the kernel kept a device).
fail_script() {
	echo "not ok 0 $1: $2"
	failed=1
}

# What selftests/check holds the log to: every one of these names reports
# an "# xlb-result:" line, and the run ends with "# xlb-summary:". A guest
# that dies half-way leaves them missing.
names=()
for entry in "${entries[@]}"; do
	names+=("$(test_name "$entry")")
done
echo "# xlb-scripts: ${names[*]}"
failed=0
for entry in "${entries[@]}"; do
	t=${entry#gro:}
	name=$(test_name "$entry")
	lower_gro=0
	[ "$entry" = "$t" ] || lower_gro=1
	echo "# selftest: $entry"
	mark="xlb-run: $name $$ starts"
	echo "$mark" >/dev/kmsg 2>/dev/null
	start=$(date +%s)
	out=$(mktemp)
	XLB_ESP_MATRIX=$matrix
	[ "$lower_gro" = 0 ] || XLB_ESP_MATRIX=each
	XLB_ESP_MATRIX=$XLB_ESP_MATRIX XLB_LOWER_GRO=$lower_gro \
		timeout 1800 "./$t" | tee "$out"
	rc=${PIPESTATUS[0]}
	echo "# selftest: $entry exit=$rc ($(( $(date +%s) - start )) s)"
	klog=$(dmesg | sed -n "/$mark/,\$p")
	[ "$rc" -eq 124 ] &&
		fail_script "$name" "timed out after 1800 s" &&
		tail -n 20 <<<"$klog" | sed 's/^/#   /'
	# The cases it declared, all run: a script that ended early (killed,
	# a command that exited it) ran fewer than its plan.
	planned=$(sed -n "s/^# xlb-plan: $name \([0-9][0-9]*\)\$/\1/p" "$out" | tail -n 1)
	ran=$(grep -E "^(ok|not ok) [0-9]+ $name: " "$out" | grep -cvE "^[a-z ]+ [0-9]+ $name: plan: ")
	if grep -qE '^1\.\.0 # SKIP' "$out"; then
		:	# skipped as a whole: selftests/check judges the reason
	elif [ -z "$planned" ]; then
		fail_script "$name" "plan: declared no cases (lib.sh tap_plan)"
	elif [ "$ran" -ne "$planned" ] && ! grep -qE "^not ok [0-9]+ $name: plan: " "$out"; then
		fail_script "$name" "plan: ran $ran cases, declared $planned (the script ended early)"
	fi
	# A device the kernel could not free is a leak, whoever held it.
	if grep -q 'unregister_netdevice: waiting for' <<<"$klog"; then
		fail_script "$name" "the kernel waited for a device to be freed"
		grep 'unregister_netdevice: waiting for' <<<"$klog" | tail -n 3 | sed 's/^/#   /'
	fi
	# A script that died without reporting a failed case still fails once.
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && ! grep -q '^not ok' "$out"; then
		fail_script "$name" "exited with status $rc"
	fi
	rm -f "$out"
	case $rc in
	0|4) ;;
	*) failed=1 ;;
	esac
	echo "# xlb-result: $name exit=$rc"
done
# The module stays loaded between scripts; unloading last proves no device
# or thread was leaked by any of them (lib.sh's rmmod_xlb: bounded, and it
# prints rmmod's and the kernel's words when it fails).
if [ -d /sys/module/xlb ] && ! rmmod_xlb; then
	echo "not ok 0 run_selftests: rmmod xlb after all scripts"
	failed=1
fi
echo "# xlb-summary: ${#entries[@]} scripts run, failed=$failed"
exit $failed
