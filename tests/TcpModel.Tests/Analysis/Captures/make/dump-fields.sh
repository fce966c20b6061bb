#!/usr/bin/env bash
# Writes <capture>.tshark.tsv next to each capture: what tshark 4.0 shows per frame, as the test
# fixtures (the tests read these, not the pcaps, so they do not depend on the pcap reader).
# Columns: frame, epoch time, source address, source port, destination port, TCP flags (hex),
# raw seq, raw ack, payload length, window field, checksum status (0 bad, 1 good, 2 unverified),
# tcp.completeness (two-pass, i.e. the conversation's final value).
set -euo pipefail
cd "$(dirname "$0")/.."
for f in *.pcap; do
  tshark -2 -r "$f" -o tcp.check_checksum:TRUE -T fields -E separator=/t \
    -e frame.number -e frame.time_epoch -e ip.src -e ipv6.src -e tcp.srcport -e tcp.dstport \
    -e tcp.flags -e tcp.seq_raw -e tcp.ack_raw -e tcp.len -e tcp.window_size_value \
    -e tcp.checksum.status -e tcp.completeness 2>/dev/null \
  | awk -F'\t' 'BEGIN{OFS="\t"; print "#frame","time","src","sport","dport","flags","seq","ack","len","win","cksum","completeness"}
                {src=($3!=""?$3:$4); print $1,$2,src,$5,$6,$7,$8,$9,$10,$11,$12,$13}' > "${f%.pcap}.tshark.tsv"
done
