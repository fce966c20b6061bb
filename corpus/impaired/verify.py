#!/usr/bin/env python3
# corpus/impaired/verify.py DIR: every packet of the relay's fault log (DIR/relay.jsonl) against both captures
# of that configuration (needs tshark). Prints the mismatches (none expected) and the fates.
import json, subprocess, sys, collections
d = sys.argv[1]
def pk(f):
    out = subprocess.run(["tshark","-r",f"{d}/{f}","-T","fields","-e","ip.src","-e","ip.id","-e","tcp.srcport","-e","tcp.dstport","-e","tcp.seq_raw","-e","tcp.ack_raw","-e","tcp.len"],capture_output=True,text=True).stdout
    c = collections.Counter()
    for line in out.splitlines():
        k = line.split("\t"); k[1] = str(int(k[1], 16)); c[tuple(k)] += 1
    return c
cap = {"client": pk("client.pcap"), "server": pk("server.pcap")}
sent = collections.Counter(); arrived = collections.Counter(); fates = collections.Counter()
with open(f"{d}/relay.jsonl") as f:
    for line in f:
        r = json.loads(line)
        if "event" in r: continue
        k = (r["src"], str(r["ipid"]), str(r["sport"]), str(r["dport"]), str(r["seq"]), str(r["ack"]), str(r["len"]))
        sent[(r["dir"], k)] += 1
        arrived[(r["dir"], k)] += {"dropped": 0}.get(r["fate"], 2 if "duplicated" in r["fate"] else 1)
        fates[r["fate"]] += 1
bad = 0
for (direction, k), n in sent.items():
    origin, far = ("client", "server") if direction == "a2b" else ("server", "client")
    if cap[origin][k] != n or cap[far][k] != arrived[(direction, k)]:
        bad += 1
        if bad <= 5: print("mismatch", direction, k, n, arrived[(direction,k)], cap[origin][k], cap[far][k])
extra = sum(1 for side in cap for k in cap[side] if ("a2b", k) not in sent and ("b2a", k) not in sent)
print(f"{d.split('/')[-1]:9} packet keys {len(sent)}, mismatching {bad}, capture packets unknown to the relay {extra}, fates {dict(fates)}")
