#!/usr/bin/env bash
# Re-records every kernel capture of this folder (loopback only; needs root for tcpdump -i lo).
# Each scenario gets its own fixed port pair. The simultaneous open/close runs are retried until
# the capture shows the SYNs / FINs crossing (check-crossing.sh); the runs that did not cross are
# overwritten. linux-simultaneous-open-stray-rst.pcap is one such run, kept on purpose (README).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; out="$here/.."
cap() { "$here/capture.sh" "$1" "$2" "$out/$3"; }
cap client-close-3seg      47010 linux-client-close-3seg.pcap
cap client-close-4seg      47012 linux-client-close-4seg.pcap
cap server-close-3seg      47014 linux-server-close-3seg.pcap
cap server-close-4seg      47016 linux-server-close-4seg.pcap
cap half-close             47018 linux-half-close.pcap
cap refused                47020 linux-refused.pcap
cap abort                  47022 linux-abort-linger0.pcap
cap ipv6                   47024 linux-ipv6-client-close.pcap
cap data-on-third-segment  47026 linux-data-on-third-segment.pcap
cap syn-retransmission     47028 linux-syn-retransmission.pcap
# TCP Fast Open: needs net.ipv4.tcp_fastopen=3 (client and server); the cookie is fetched first,
# outside the capture, so the captured SYN carries data.
old_tfo="$(cat /proc/sys/net/ipv4/tcp_fastopen)"
if echo 3 > /proc/sys/net/ipv4/tcp_fastopen 2>/dev/null; then
  python3 "$here/scenarios.py" tfo-prime 47030
  cap tfo 47030 linux-tfo-syn-data.pcap
  echo "$old_tfo" > /proc/sys/net/ipv4/tcp_fastopen
else
  echo "net.ipv4.tcp_fastopen not writable: TFO capture skipped" >&2
fi
for kind in simultaneous-open simultaneous-close; do
  port=47040; [ "$kind" = simultaneous-close ] && port=47060
  for i in $(seq 1 60); do
    p=$((port + (i % 10) * 2))
    if cap "$kind" "$p" "linux-$kind.pcap" && "$here/check-crossing.sh" "$kind" "$out/linux-$kind.pcap"; then
      echo "$kind: crossed on attempt $i"; break
    fi
    sleep 0.3
  done
done
"$here/dump-fields.sh"
