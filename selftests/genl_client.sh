#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The userspace genl client (userspace/lib/genl_client.c) against the live
# module, through userspace/build/genl_sequence on one process: hundreds
# of mixed requests per handle whose every answer must be its own (a
# policy value set is the one read back, a refused sa_set says ENOENT
# with xlb's words), events and requests on one handle, a handle opened
# in a namespace by name while the process stays in the initial one (only
# that handle sees xlb0), and both handles working again after xlb is
# unloaded and loaded (a new family id, "events" joined again).
source "$(dirname "$0")/lib.sh"
require_cmd ip
SEQ="$(cd "$(dirname "$0")/.." && pwd)/userspace/build/genl_sequence"
[ -x "$SEQ" ] || skip_all "userspace/build/genl_sequence not built"
[ "$(nproc)" -ge 2 ] || skip_all "needs 2 online CPUs (pins between workers 0 and 1)"
ITERATIONS=${GENL_SEQUENCE_ITERATIONS:-300}

tap_plan 13
load_xlb
INTERVAL=$(</sys/module/xlb/parameters/interval_ms)

TMPD=$(mktemp -d)
genl_client_cleanup() {
	# The reload may have failed half-way: other scripts expect xlb.
	[ -d /sys/module/xlb ] || modprobe xlb
	echo "$INTERVAL" >/sys/module/xlb/parameters/interval_ms 2>/dev/null
	rm -rf "$TMPD"
	cleanup_ns
}
trap genl_client_cleanup EXIT

make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }
esp_addrs 4 tunnel
{
	esp_sa "$O_GW" "$O_PEER" "$ESP_SPI_OUT" tunnel no "$(esp_alg_args gcm128-icv16)" "dev xlb0 dir out" ""
	esp_sa "$O_PEER" "$O_GW" "$ESP_SPI_IN" tunnel no "$(esp_alg_args gcm128-icv16)" "dev xlb0 dir in" ""
} >"$TMPD/sas"
check "two SAs offloaded to xlb0 in $GW" ip -n "$GW" -batch "$TMPD/sas"

# What genl_sequence runs between its handles' requests: xlb out and in
# again, xlb0 and its SAs made anew. Its words go to a file, not the TAP.
cat >"$TMPD/reload" <<RELOAD
#!/bin/bash
exec >"$TMPD/reload.log" 2>&1
timeout 120 rmmod xlb && modprobe xlb &&
	ip -n "$GW" link add link veth0 name xlb0 type xlb &&
	ip -n "$GW" link set xlb0 up &&
	ip -n "$GW" -batch "$TMPD/sas"
RELOAD
chmod +x "$TMPD/reload"

# genl_sequence's TAP becomes this script's cases, its comments pass.
"$SEQ" "$GW" "$ESP_SPI_OUT" "$ITERATIONS" "$TMPD/reload" >"$TMPD/tap" 2>&1
rc=$?
while IFS= read -r line; do
	case $line in
	"ok "*) tap_result ok "${line#ok * genl_sequence: }" ;;
	"not ok "*) tap_result not-ok "${line#not ok * genl_sequence: }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$TMPD/tap"
if [ "$rc" -ne 0 ]; then
	echo "# genl_sequence exited with status $rc; its output:"
	sed 's/^/#   /' "$TMPD/tap"
	[ -s "$TMPD/reload.log" ] && sed 's/^/#   reload: /' "$TMPD/reload.log"
fi
check "the kernel logged no warning" kernel_log_clean

tap_finish
