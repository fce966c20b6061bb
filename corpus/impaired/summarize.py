#!/usr/bin/env python3
"""Summarize a corpus written by generate.sh: per configuration and capture, what tshark sees;
what the relay did; and per scenario (or scripted case) how many connections went as intended.

    corpus/impaired/summarize.py /tmp/tcpmodel-impaired

Needs tshark. Exit status 2 if the directory holds no manifest or tshark is missing.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys

# Column title -> tshark display filter; each counts the frames it matches.
FILTERS = [
    ("retrans", "tcp.analysis.retransmission"),
    ("fast-rtx", "tcp.analysis.fast_retransmission"),
    ("spurious", "tcp.analysis.spurious_retransmission"),
    ("dup-ack", "tcp.analysis.duplicate_ack"),
    ("ooo", "tcp.analysis.out_of_order"),
    ("lost-seg", "tcp.analysis.lost_segment"),
    ("RST", "tcp.flags.reset==1"),
]


def tshark(*args):
    return subprocess.run(["tshark", *args], capture_output=True, text=True, check=True).stdout


def capture_stats(path):
    """Connections (distinct tcp.stream values), packets and the FILTERS counts of one capture."""
    streams = {s for s in tshark("-r", path, "-T", "fields", "-e", "tcp.stream").split() if s}
    spec = ",".join(["io,stat,0", "frame"] + [f for _, f in FILTERS])
    table = tshark("-r", path, "-q", "-z", spec)
    # The last data row: | 0.000 <> 1.262 | frames | bytes | frames | bytes | ...
    row = [line for line in table.splitlines() if "<>" in line][-1]
    cells = [c.strip() for c in row.strip().strip("|").split("|")][1:]
    frames = [int(cells[i]) for i in range(0, len(cells), 2)]
    stats = {"connections": len(streams), "packets": frames[0]}
    stats.update({name: n for (name, _), n in zip(FILTERS, frames[1:])})
    return stats


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="output directory of generate.sh")
    args = parser.parse_args(argv)
    manifests = sorted(glob.glob(os.path.join(args.corpus, "*", "manifest.json")),
                       key=os.path.getmtime)
    if not manifests:
        print(f"summarize.py: no */manifest.json under {args.corpus}", file=sys.stderr)
        return 2
    if shutil.which("tshark") is None:
        print("summarize.py: tshark not found (apt-get install -y tshark)", file=sys.stderr)
        return 2
    columns = ["connections", "packets"] + [name for name, _ in FILTERS]
    for path in manifests:
        with open(path) as f:
            m = json.load(f)
        directory = os.path.dirname(path)
        conns = m["connections"]
        done = sum(c["completed"] for c in conns)
        print(f"== {m['configuration']}: {m['description']}")
        print(f"   seed {m['seed']} (relay {m['relay_seed']}), {len(conns)} connections, "
              f"{done} as intended, wall {m['wall_seconds']} s, traffic {m['traffic_seconds']} s, "
              f"drain {m['drain_seconds']} s")
        print("   " + f"{'capture':12}" + "".join(f"{c:>12}" for c in columns))
        for name in ("client.pcap", "server.pcap"):
            stats = capture_stats(os.path.join(directory, name))
            print("   " + f"{name:12}" + "".join(f"{stats[c]:>12}" for c in columns))
            dump = m["tcpdump"][name]
            if dump.get("dropped_by_kernel"):
                print(f"   ({name}: tcpdump reports {dump['dropped_by_kernel']} packets dropped "
                      f"by the kernel)")
            if "expected" in dump and dump["expected"] != stats["packets"]:
                print(f"   ({name}: INCOMPLETE, the relay's counts call for {dump['expected']} "
                      f"packets)")
        for direction, counts in m["relay_counts"].items():
            print(f"   relay {direction}: {counts['packets']} packets, {counts['dropped']} dropped, "
                  f"{counts['duplicated']} duplicated, {counts['reordered']} reordered")
        for dev, stats in (m.get("tun_devices") or {}).items():
            if stats.get("tx", {}).get("dropped"):
                print(f"   {dev}: the kernel dropped {stats['tx']['dropped']} packets before "
                      f"the relay read them")
        lingering = {ns: s for ns, s in m["lingering_sockets"].items() if s}
        if lingering:
            print(f"   sockets still closing when the capture stopped: {lingering}")
        print(f"   {'scenario or case':28}{'intended':>10}{'completed':>11}")
        for key, row in m["per_scenario"].items():
            print(f"   {key:28}{row['intended']:>10}{row['completed']:>11}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
