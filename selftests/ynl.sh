#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own YNL client (tools/net/ynl/cli.py of the 6.12 source)
# drives the generic netlink family "xlb" through its spec
# (Documentation/netlink/specs/xlb.yaml), and what it decodes is the truth:
# xlb0's ifindex and lower device as `ip link` has them, one worker per
# possible CPU with the online ones as nproc counts them, the SAs as
# `ip xfrm state` and /sys/kernel/debug/xlb/{sas,workers} show them, a
# policy value set and read back, a tunnel's rule placing the SA of its
# reqid, and on "events" the sa-placed notification of an SA added (with
# its id, reqid and destination) and sa-removed when it is deleted.
#
# selftests/ynl-tree finds (or unpacks) the YNL tools; `make selftests`
# passes their place in XLB_YNL.
source "$(dirname "$0")/lib.sh"
require_cmd ip python3 nproc
top=$(cd "$(dirname "$0")/.." && pwd)
SPEC=$top/Documentation/netlink/specs/xlb.yaml
YNL=$("$top/selftests/ynl-tree") || skip_all "no YNL tools (selftests/ynl-tree)"
python3 -c 'import yaml' 2>/dev/null || skip_all "python3-yaml not installed"

# shellcheck disable=SC2119 # no module parameters
tap_plan 31
load_xlb
make_pair
add_xlb || { tap_result not-ok "create xlb0"; tap_finish; exit; }

# ynl ARGS...: cli.py in $GW, JSON out. The first call validates the spec
# under the genetlink-legacy schema (its protocol) too.
SCHEMA=(--schema "$YNL/Documentation/netlink/genetlink-legacy.yaml")
ynl() {
	ip netns exec "$GW" python3 "$YNL/tools/net/ynl/cli.py" --spec "$SPEC" \
		"${SCHEMA[@]}" --output-json "$@"
}

work=$(mktemp -d)
SUB_PID=
trap '[ -n "$SUB_PID" ] && kill "$SUB_PID" 2>/dev/null; rm -rf "$work"; cleanup_ns' EXIT

# jcheck FILE PYTHON-EXPR: the expression, over the JSON in FILE as `d`
# (and os, json), is true; prints d and the expression otherwise.
jcheck() {
	python3 - "$@" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
env = dict(os.environ)
ok = eval("(" + sys.argv[2] + ")", {"d": d, "env": env, "json": json, "os": os,
                        "path": sys.argv[1], "num": lambda v: int(str(v), 0)})
if not ok:
    print(json.dumps(d, indent=1)[:3000])
    print("expected:", sys.argv[2])
    sys.exit(1)
PY
}

# --- SAs: one out (AES-GCM), one in (AES-CBC + HMAC-SHA256) -----------------
esp_addrs 4 tunnel
{
	esp_sa "$O_GW" "$O_PEER" $ESP_SPI_OUT tunnel no "$(esp_alg_args gcm128-icv16)" "dev xlb0 dir out" ""
	esp_sa "$O_PEER" "$O_GW" $ESP_SPI_IN tunnel no "$(esp_alg_args cbc128-sha256)" "dev xlb0 dir in" ""
} | ip -n "$GW" -batch - || tap_result not-ok "add two offloaded SAs"

export XLB_IFINDEX XLB_LOWER XLB_NPROC XLB_POSSIBLE
XLB_IFINDEX=$(link_field "$GW" xlb0 ifindex)
XLB_LOWER=$(link_field "$GW" veth0 ifindex)
XLB_NPROC=$(nproc)
XLB_POSSIBLE=$(python3 -c '
s = open("/sys/devices/system/cpu/possible").read().strip()
print(sum(int(b) - int(a) + 1 if "-" in r else 1
      for r in s.split(",") for a, _, b in [r.partition("-")]))')

if ynl --dump dev-get >"$work/dev" 2>&1; then
	tap_result ok "cli.py --dump dev-get (spec valid under the genetlink-legacy schema)"
else
	tap_result not-ok "cli.py --dump dev-get"
	sed 's/^/#   /' "$work/dev"
fi
SCHEMA=(--no-schema)
check "dev-get: one device, xlb0, ifindex $XLB_IFINDEX as ip link says" \
	jcheck "$work/dev" 'len(d) == 1 and d[0]["ifname"] == "xlb0" and d[0]["ifindex"] == int(env["XLB_IFINDEX"])'
check "dev-get: lower device veth0, ifindex $XLB_LOWER" \
	jcheck "$work/dev" 'd[0]["lower-ifname"] == "veth0" and d[0]["lower-ifindex"] == int(env["XLB_LOWER"])'
check "dev-get: $XLB_NPROC online workers (nproc), 2 SAs" \
	jcheck "$work/dev" 'd[0]["workers"] == int(env["XLB_NPROC"]) and d[0]["sas"] == 2'
ynl --do dev-get --json "{\"ifindex\": $XLB_IFINDEX}" >"$work/dev1" 2>&1
check "dev-get --do of xlb0's ifindex: the same device" \
	jcheck "$work/dev1" 'd["ifname"] == "xlb0" and d["ifindex"] == int(env["XLB_IFINDEX"])'

ynl --dump worker-get >"$work/workers" 2>&1
check "worker-get: one worker per possible CPU ($XLB_POSSIBLE), $XLB_NPROC online" \
	jcheck "$work/workers" 'len(d) == int(env["XLB_POSSIBLE"]) and sum(w["online"] for w in d) == int(env["XLB_NPROC"])'
cp /sys/kernel/debug/xlb/workers "$work/dbg-workers" 2>/dev/null
cp /sys/kernel/debug/xlb/sas "$work/dbg-sas" 2>/dev/null
# debugfs lists online workers: cpu load busy other backlog pps bps
# processed depth sas (after a policy line).
check "worker-get: per online worker the CPU, processed packets and SAs of debugfs workers" \
	jcheck "$work/workers" '
sorted((w["cpu"], w["packets"], w["sas"]) for w in d if w["online"]) ==
sorted((int(f[0]), int(f[7]), int(f[9])) for f in
       (l.split() for l in open(os.path.join(os.path.dirname(path), "dbg-workers"))
        if l[:1].isdigit()))'

ynl --dump sa-get >"$work/sas" 2>&1
spis=$(ip -n "$GW" xfrm state | awk '$1 == "proto" && $2 == "esp" { print $4 }' | sort | tr '\n' ' ')
export XLB_SPIS=$spis
check "sa-get: the SPIs ip xfrm state has ($spis)" \
	jcheck "$work/sas" 'sorted(num(s["spi"]) for s in d) == sorted(int(x, 0) for x in env["XLB_SPIS"].split())'
check "sa-get: directions, algorithms, family and device of the two SAs" \
	jcheck "$work/sas" '
{(num(s["spi"]), s["dir"], s["alg"], s.get("auth"), s["family"], s["ifindex"]) for s in d} ==
{(0x1001, "out", "rfc4106(gcm(aes))", None, 2, int(env["XLB_IFINDEX"])),
 (0x2002, "in", "cbc(aes)", "hmac(sha256)", 2, int(env["XLB_IFINDEX"]))}'
check "sa-get: each SA's worker, packets and errors as debugfs sas shows them" \
	jcheck "$work/sas" '
sorted((num(s["spi"]), s["dir"], s["worker"], s["packets"], s["errors"]) for s in d) ==
sorted((int(f[1], 16), f[2], int(f[6]), int(f[7]), int(f[9])) for f in
       (l.split() for l in open(os.path.join(os.path.dirname(path), "dbg-sas")))
       if f[0] == "xlb0")'
ynl --do sa-get --json "{\"spi\": $((ESP_SPI_IN)), \"dir\": \"in\"}" >"$work/sa1" 2>&1
check "sa-get --do of SPI $ESP_SPI_IN dir in" \
	jcheck "$work/sa1" 'num(d["spi"]) == 0x2002 and d["dir"] == "in"'
check "sa-get: each SA has an id, none the same" \
	jcheck "$work/sas" 'len({s["id"] for s in d}) == len(d) == 2 and all(s["id"] > 0 for s in d)'
export XLB_SA1_ID
XLB_SA1_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/sa1")
ynl --do sa-get --json "{\"id\": ${XLB_SA1_ID:-0}}" >"$work/sa1id" 2>&1
check "sa-get --do by that SA's id ($XLB_SA1_ID): the same SA" \
	jcheck "$work/sa1id" 'num(d["spi"]) == 0x2002 and d["id"] == int(env["XLB_SA1_ID"])'

# --- policy: set a value, read it back, set it back -------------------------
ynl --do policy-get >"$work/pol" 2>&1
moves=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["max-moves"])' "$work/pol" 2>/dev/null)
if [ -n "$moves" ]; then
	tap_result ok "policy-get: max-moves $moves"
	new=$(( moves < 64 ? moves + 1 : moves - 1 ))
	check "policy-set max-moves $new" ynl --do policy-set --json "{\"max-moves\": $new}"
	ynl --do policy-get >"$work/pol2" 2>&1
	check "policy-get reads max-moves $new back, the rest unchanged" jcheck "$work/pol2" "
d['max-moves'] == $new and {k: v for k, v in d.items() if k != 'max-moves'} ==
{k: v for k, v in json.load(open('$work/pol')).items() if k != 'max-moves'}"
	check "policy-set max-moves back to $moves" ynl --do policy-set --json "{\"max-moves\": $moves}"
	ynl --do policy-get >"$work/pol3" 2>&1
	check "policy-get: as it was" jcheck "$work/pol3" "d == json.load(open('$work/pol'))"
	check "dev-get: placement is policy-get's" jcheck "$work/dev" \
		"d[0]['placement'] == json.load(open('$work/pol'))['placement']"
else
	tap_result not-ok "policy-get"
	sed 's/^/#   /' "$work/pol"
fi

# --- a tunnel's rule: reqid 9 born pinned on the last online CPU -------------
export XLB_RULE_CPU
XLB_RULE_CPU=$(awk -F'[-,]' '{ print $NF }' /sys/devices/system/cpu/online)
check "tunnel-set reqid 9: worker $XLB_RULE_CPU, pinned, spray off" \
	ynl --do tunnel-set --json "{\"reqid\": 9, \"worker\": $XLB_RULE_CPU, \"pinned\": 1, \"spray\": \"off\"}"
ynl --do tunnel-get --json '{"reqid": 9}' >"$work/tun" 2>&1
check "tunnel-get reqid 9 reads the rule back" jcheck "$work/tun" \
	'd == {"reqid": 9, "worker": int(env["XLB_RULE_CPU"]), "pinned": 1, "spray": "off"}'

# --- events -----------------------------------------------------------------
ynl --subscribe events --sleep 20 >"$work/events" 2>&1 &
SUB_PID=$!
# Subscribed once its socket in $GW has joined a group (the first 32 group
# ids show in /proc/net/netlink): the debug kernel's Python, beside other
# guests on the host, took over 30 s to get there.
subscribed() {
	ip netns exec "$GW" awk '$2 == 16 && $4 != "00000000" { f = 1 } END { exit !f }' /proc/net/netlink
}
wait_for 120 subscribed || echo "# no netlink socket in a group after 120 s; the event cases will say so"
# A new SA (reqid 2: it replaces none), then one with the device,
# direction, addresses and reqid of the live SA 0x1001: a rekey; one of
# reqid 9, which has a rule; then the first one deleted.
ip -n "$GW" -batch - <<EOF2
$(esp_sa "$O_GW" "$O_PEER" 0x3003 tunnel no "$(esp_alg_args gcm128-icv16)" "dev xlb0 dir out" "" |
	sed 's/ reqid 1 / reqid 2 /')
$(esp_sa "$O_GW" "$O_PEER" 0x3004 tunnel no "$(esp_alg_args gcm128-icv16)" "dev xlb0 dir out" "")
$(esp_sa "$O_GW" "$O_PEER" 0x3005 tunnel no "$(esp_alg_args gcm128-icv16)" "dev xlb0 dir out" "" |
	sed 's/ reqid 1 / reqid 9 /')
EOF2
ynl --do sa-get --json '{"spi": 12291}' >"$work/sa3003" 2>&1
ip -n "$GW" xfrm state del src "$O_GW" dst "$O_PEER" proto esp spi 0x3003
wait "$SUB_PID"
SUB_PID=
export XLB_DADDR
XLB_DADDR=$(python3 -c 'import ipaddress,sys; print(ipaddress.ip_address(sys.argv[1]).packed.hex())' "$O_PEER")
check "events: sa-placed-ntf for the new SA 0x3003 (out, reason new, a worker)" \
	jcheck "$work/events" '
any(m["name"] == "sa-placed-ntf" and num(m["msg"]["spi"]) == 0x3003 and
    m["msg"]["dir"] == "out" and m["msg"]["reason"] == "new" and
    m["msg"]["ifindex"] == int(env["XLB_IFINDEX"]) and "to" in m["msg"] for m in d)'
check "events: sa-placed-ntf for 0x3004, which replaces 0x1001: reason rekey" \
	jcheck "$work/events" '
any(m["name"] == "sa-placed-ntf" and num(m["msg"]["spi"]) == 0x3004 and
    m["msg"]["reason"] == "rekey" for m in d)'
check "events: 0x3003's sa-placed-ntf carries its id (sa-get's), reqid 2, family, destination" \
	jcheck "$work/events" '
any(m["name"] == "sa-placed-ntf" and num(m["msg"]["spi"]) == 0x3003 and
    m["msg"]["sa-id"] == json.load(open(os.path.dirname(path) + "/sa3003"))["id"] and
    m["msg"]["reqid"] == 2 and m["msg"]["family"] == 2 and
    m["msg"]["daddr"] == env["XLB_DADDR"] for m in d)'
check "events: sa-removed-ntf for 0x3003 when it was deleted: the same id and reqid" \
	jcheck "$work/events" '
[(m["msg"]["sa-id"], m["msg"]["reqid"], m["msg"]["dir"]) for m in d
 if m["name"] == "sa-removed-ntf" and num(m["msg"]["spi"]) == 0x3003] ==
[(json.load(open(os.path.dirname(path) + "/sa3003"))["id"], 2, "out")]'
check "events: 0x3005 (reqid 9) placed by its tunnel's rule on CPU $XLB_RULE_CPU" \
	jcheck "$work/events" '
any(m["name"] == "sa-placed-ntf" and num(m["msg"]["spi"]) == 0x3005 and
    m["msg"]["reason"] == "tunnel" and m["msg"]["to"] == int(env["XLB_RULE_CPU"])
    and m["msg"]["reqid"] == 9 for m in d)'
ynl --do sa-get --json '{"spi": 12293}' >"$work/sa3005" 2>&1
check "sa-get 0x3005: on CPU $XLB_RULE_CPU, pinned, spray off, as the rule says" \
	jcheck "$work/sa3005" '
d["worker"] == int(env["XLB_RULE_CPU"]) and d["pinned"] == 1 and d["spray"] == "off"'
ynl --dump tunnel-get >"$work/tuns" 2>&1
check "tunnel-get dump: the one rule, reqid 9" jcheck "$work/tuns" \
	'[t["reqid"] for t in d] == [9]'
check "tunnel-del reqid 9" ynl --do tunnel-del --json '{"reqid": 9}'
ynl --dump tunnel-get >"$work/tuns2" 2>&1
check "tunnel-get dump: empty after the delete; 0x3005 stays where it is" eval \
	"jcheck '$work/tuns2' 'd == []' &&
	 ynl --do sa-get --json '{\"spi\": 12293}' >'$work/sa3005b' 2>&1 &&
	 jcheck '$work/sa3005b' 'd[\"worker\"] == int(env[\"XLB_RULE_CPU\"]) and d[\"pinned\"] == 1'"

check "the kernel logged no WARNING, BUG, Oops, KASAN or leak" kernel_log_clean
tap_finish
