#!/bin/bash
# Tests of the VM runner (selftests/vm/run) itself, run on the host:
#
#   selftests/vm/runner_test.sh [6.1|6.12|debug]     (default 6.12)
#   selftests/vm/runner_test.sh --faults             (the debug kernel)
#
# kselftest-style TAP on stdout; exit 0 if all pass, 1 if any fails, 4 (skip)
# without QEMU. Builds the deliberate-fault module (warn_test/) for the kernel
# first, into build/<release>/selftests/vm/warn_test like `make test-modules`.
# --faults: each kind of report the debug kernel can make fails a run (KASAN,
# lockdep, kmemleak, a panic, a leaked device reference), the same module
# without a fault passes, and KUnit stays off unless --kunit.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
run=$here/run
kernel=${1:-6.12}
faults=0
if [ "$kernel" = --faults ]; then
	faults=1
	kernel=debug
fi
case "$kernel" in
6.1 | 6.12 | debug) ;;
*) echo "usage: ${0##*/} [6.1|6.12|debug] | --faults" >&2; exit 2 ;;
esac

echo "TAP version 13"
if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "1..0 # SKIP qemu-system-x86_64 not installed"
	exit 4
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out

n=0
failed=0
# COND; result NAME: one TAP line for the condition just evaluated.
result() {
	local status=$?
	n=$((n + 1))
	if [ "$status" -eq 0 ]; then
		echo "ok $n - $1"
		return
	fi
	failed=$((failed + 1))
	echo "not ok $n - $1"
	# What the run printed, as TAP diagnostics.
	[ ! -s "$out" ] || tail -n 60 "$out" | sed 's/^/# /'
}
# vm ARGS...: run the runner, output in $out, exit status in $rc, time in $secs.
vm() {
	local start=$SECONDS
	rc=0
	"$run" --kernel "$kernel" "$@" >"$out" 2>&1 </dev/null || rc=$?
	secs=$((SECONDS - start))
	echo "# run $*: exit $rc after $secs s"
}
output_has() { grep -q -e "$1" "$out"; }

if [ "$faults" = 1 ]; then
	echo "1..8"
else
	echo "1..14"
fi

# warn_test for this kernel, where the guest's module search finds it.
if [ "$kernel" = debug ]; then
	kdir=$("$here/debug-kernel") && kver=$(make -s -C "$kdir" kernelrelease)
else
	kver=$("$here/kernels" kver "$kernel") && kdir=/lib/modules/$kver/build
fi || {
	echo "Bail out! no $kernel kernel"
	exit 1
}
wdir=${XLB_BUILD:-$repo/build}/$kver/selftests/vm/warn_test
{
	mkdir -p "$wdir" &&
		ln -sf "$here/warn_test/Kbuild" "$here/warn_test/xlb_warn_test.c" "$wdir/" &&
		make -C "$kdir" M="$wdir" W=1 modules
} >"$out" 2>&1
test -e "$wdir/xlb_warn_test.ko"
result "build xlb_warn_test.ko for $kernel"

if [ "$faults" = 1 ]; then
	# The control: the module loads and the run passes. The same boot
	# loads xlb, whose debug build carries its KUnit suites: they run at
	# a load only under --kunit (selftests/kunit), not at every modprobe
	# of a test.
	if make --no-print-directory -C "$repo" modules KERNEL=debug >"$out" 2>&1; then
		# shellcheck disable=SC2016 # expanded in the guest
		vm -- sh -c 'modprobe xlb_warn_test fault=none && modprobe xlb &&
			echo "suites run: $(dmesg | grep -c "# Subtest: ")" &&
			dmesg | grep -o "kunit: disabled" | head -n 1'
	else
		rc=1
	fi
	[ "$rc" -eq 0 ] && ! output_has "vm: kernel reported a problem"
	result "faults: the module without a fault: the run passes"
	[ "$rc" -eq 0 ] && output_has "^suites run: 0$" && output_has "^kunit: disabled$"
	result "faults: without --kunit, loading xlb runs none of its KUnit suites"
	vm -- modprobe xlb_warn_test fault=kasan
	[ "$rc" -eq 1 ] && output_has "BUG: KASAN: slab-out-of-bounds"
	result "faults: a KASAN report fails the run"
	vm -- modprobe xlb_warn_test fault=lockdep
	[ "$rc" -eq 1 ] && output_has "possible circular locking dependency"
	result "faults: a lockdep report fails the run"
	vm -- modprobe xlb_warn_test fault=kmemleak
	[ "$rc" -eq 1 ] && output_has "^--- kmemleak ---" && output_has "unreferenced object"
	result "faults: a kmemleak finding fails the run"
	vm -- modprobe xlb_warn_test fault=panic
	[ "$rc" -eq 125 ] && output_has "Kernel panic - not syncing: xlb_warn_test"
	result "faults: a panic fails the run (no exit status)"
	# The unregistration waits for the reference forever: in the background,
	# while the command goes on to succeed.
	vm --timeout 300 -- sh -c 'ip link add xlbleak0 type dummy &&
		modprobe xlb_warn_test fault=netdev dev=xlbleak0 &&
		{ ip link del xlbleak0 & sleep 25; }'
	[ "$rc" -eq 1 ] && output_has "unregister_netdevice: waiting for xlbleak0"
	result "faults: a leaked device reference fails the run"
	[ "$failed" -eq 0 ] || exit 1
	exit 0
fi

: >"$out"
rc=0
"$run" --bogus >"$out" 2>&1 || rc=$?
[ "$rc" -eq 2 ]
result "usage error: --bogus exits 2"

rc=0
"$run" --kernel 5.10 -- true >"$out" 2>&1 || rc=$?
[ "$rc" -eq 2 ]
result "usage error: unknown kernel exits 2"

vm -- true
[ "$rc" -eq 0 ]
result "true exits 0"

vm -- sh -c 'exit 3'
[ "$rc" -eq 3 ]
result "exit 3 is passed through"

vm -- echo marker-XYZ
[ "$rc" -eq 0 ] && output_has marker-XYZ
result "command output is shown"

vm --timeout 30 -- sleep 600
[ "$rc" -ne 0 ] && [ "$secs" -lt 60 ] && output_has "vm: timeout after 30 s"
result "a hung command is ended by --timeout"

vm -- modprobe xlb_warn_test
[ "$rc" -eq 1 ] && output_has "vm: kernel reported a problem" &&
	output_has "WARNING: .*xlb_warn_test"
result "a kernel WARNING fails the run"

# shellcheck disable=SC2016 # expanded in the guest
vm -- sh -c 'echo "$XLB_KO_DIR"; test -e "$XLB_KO_DIR/xlb_warn_test.ko"; echo "ko: $?"'
[ "$rc" -eq 0 ] && output_has "^/lib/modules/$kver/extra$" && output_has "^ko: 0$"
result "XLB_KO_DIR holds the built modules"

vm -- pwd
[ "$rc" -eq 0 ] && output_has "^$PWD$"
result "the command runs in the caller's directory"

marker=/var/tmp/xlb-runner-test.$$
vm -- sh -c "touch $marker && test -e $marker"
[ "$rc" -eq 0 ] && [ ! -e "$marker" ]
result "the guest writes to its overlay, not to the host"

# Only devices with hardware behind them: the debug kernel creates dummy0
# and sit0 by itself.
# shellcheck disable=SC2016 # expanded in the guest
vm -- sh -c 'for d in /sys/class/net/*; do [ ! -e "$d/device" ] || echo "nic: ${d##*/}"; done; echo nics done'
[ "$rc" -eq 0 ] && output_has "^nics done$" && ! output_has "^nic: "
result "QEMU gave the guest no network device"

# The kernel asks for xfrm_user itself: its modprobe must find the host root.
vm -- ip xfrm state list
[ "$rc" -eq 0 ]
result "kernel module requests are served (ip xfrm)"

# Two guests at once must not share anything.
out1=$tmp/par1 out2=$tmp/par2
"$run" --kernel "$kernel" -- sh -c 'echo par-one' >"$out1" 2>&1 </dev/null &
p1=$!
"$run" --kernel "$kernel" -- sh -c 'echo par-two; exit 5' >"$out2" 2>&1 </dev/null &
p2=$!
rc1=0 rc2=0
wait "$p1" || rc1=$?
wait "$p2" || rc2=$?
cat "$out1" "$out2" >"$out"
[ "$rc1" -eq 0 ] && [ "$rc2" -eq 5 ] && grep -q par-one "$out1" && grep -q par-two "$out2"
result "two runs at once"

[ "$failed" -eq 0 ] || exit 1
exit 0
