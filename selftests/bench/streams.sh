#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The two streams of datagrams the failover benchmarks measure outages
# with (outage.py), between L (198.51.100.1) and R (203.0.113.1): sourced
# by bench/failover.sh and bench/failover_pair.sh after lib.sh, with $L,
# $R, $S (a scratch directory), $WORK, $OUTAGE, $MS and die() set.

# streams_start / streams_stop LABEL: a datagram every $MS ms each way;
# the row "LABEL  L->R silence  R->L silence".
streams_start() {
	rm -rf "$S" && mkdir "$S"
	ip netns exec "$R" python3 "$OUTAGE" recv 203.0.113.1 5001 "$S/r" &
	RECV_R=$!
	ip netns exec "$L" python3 "$OUTAGE" recv 198.51.100.1 5002 "$S/l" &
	RECV_L=$!
	sleep 0.5
	ip netns exec "$L" python3 "$OUTAGE" send 198.51.100.1 203.0.113.1 5001 "$MS" >"$S/sent-r" &
	SEND_L=$!
	ip netns exec "$R" python3 "$OUTAGE" send 203.0.113.1 198.51.100.1 5002 "$MS" >"$S/sent-l" &
	SEND_R=$!
	# Python starts slowly under TCG: the event waits for both streams.
	wait_for 30 test -e "$S/r.flowing" -a -e "$S/l.flowing" ||
		die "the streams did not start"
}
streams_stop() {
	kill -TERM "$SEND_L" "$SEND_R"
	wait "$SEND_L" "$SEND_R"
	sleep 0.5
	kill -TERM "$RECV_R" "$RECV_L"
	wait "$RECV_R" "$RECV_L"
	printf '%-27s %-50s %s\n' "$1" \
		"$(python3 "$OUTAGE" gap "$S/r" "$(cat "$S/sent-r")" "$MS")" \
		"$(python3 "$OUTAGE" gap "$S/l" "$(cat "$S/sent-l")" "$MS")" >>"$WORK/rows"
}
