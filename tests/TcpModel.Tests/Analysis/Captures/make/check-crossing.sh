#!/usr/bin/env bash
# Exit 0 if the capture shows the crossing the scenario is about:
#  simultaneous-open : the first two segments are both SYN without ACK, in opposite directions;
#  simultaneous-close: the first two FINs are in opposite directions and the second does not
#                      acknowledge the first (each side sent its FIN before it saw the other's).
set -euo pipefail
kind="$1"; f="$2"
rows="$(tshark -r "$f" -T fields -e tcp.srcport -e tcp.flags.syn -e tcp.flags.ack -e tcp.flags.fin -e tcp.seq_raw -e tcp.ack_raw -e tcp.len 2>/dev/null)"
case "$kind" in
  simultaneous-open)
    echo "$rows" | head -2 | awk 'NR==1{p=$1; ok=($2==1 && $3==0)} NR==2{ok=ok && ($2==1 && $3==0 && $1!=p)} END{exit ok?0:1}';;
  simultaneous-close)
    echo "$rows" | awk '$4==1{n++; if(n==1){p=$1; fend=$5+$7+1} if(n==2){ok=($1!=p && $6!=fend)}} END{exit (n>=2 && ok)?0:1}';;
esac
