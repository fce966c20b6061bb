#!/usr/bin/env bash
# Records one scenario of scenarios.py on the loopback interface only.
#   capture.sh <scenario> <port> <out.pcap>
# The capture filter keeps only the scenario's ports (port and port+1) on loopback addresses.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name="$1"; port="$2"; out="$3"
filter="tcp and (port $port or port $((port + 1))) and (host 127.0.0.1 or host ::1)"
# --immediate-mode: without it libpcap's TPACKET_V3 ring hands packets over per block (1 s block
# timeout), and the block still open when tcpdump is stopped is lost -- the last FINs went missing.
tcpdump -i lo --immediate-mode -U -s 0 -w "$out" "$filter" 2>/dev/null &
dump=$!
sleep 0.5
rc=0
python3 "$here/scenarios.py" "$name" "$port" || rc=$?
sleep 1
kill -INT "$dump"; wait "$dump" || true
exit $rc
