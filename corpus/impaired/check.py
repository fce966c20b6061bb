#!/usr/bin/env python3
"""corpus/impaired/check.py OUT [--tool CMD]: runs the capture checker over both captures of every
configuration of a corpus (generate.sh) and tabulates its verdicts against what really happened.

Real Linux is the reference: every connection in these captures is conforming TCP, so every
`invalid` verdict is the checker's error (the relay's faults are the network's, never a protocol
violation). Prints, per configuration and capture point, the connections and verdicts, and the
invalid ones by violation code and scenario. Exit 0 when it ran (whatever the verdicts), 2 on bad
usage. CMD defaults to `dotnet run --project src/TcpModel.Cli -c Release --`."""
import collections, json, os, shlex, subprocess, sys

def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    tool = shlex.split(argv[argv.index("--tool") + 1]) if "--tool" in argv else \
        ["dotnet", "run", "--project", os.path.join(os.path.dirname(__file__), "../../src/TcpModel.Cli"), "-c", "Release", "--"]
    configs = sorted(d for d in os.listdir(out) if os.path.isfile(os.path.join(out, d, "manifest.json")))
    if not configs:
        print(f"check.py: no configuration with a manifest.json under {out}", file=sys.stderr)
        return 2
    totals = collections.Counter()
    print(f"{'config':9} {'at':6} {'conns':>5} {'valid':>5} {'incompl':>7} {'invalid':>7}  invalid by code (scenario)")
    for name in configs:
        manifest = json.load(open(os.path.join(out, name, "manifest.json")))
        scenario = {c["client_port"]: c.get("case") or c["scenario"] for c in manifest["connections"]}
        for side in ("client", "server"):
            run = subprocess.run(tool + ["check", os.path.join(out, name, side + ".pcap"), "--format", "json", "--quiet"],
                                 capture_output=True, text=True)
            if not run.stdout.strip():
                print(f"check.py: the checker printed nothing for {name}/{side}.pcap: {run.stderr.strip()}", file=sys.stderr)
                return 1
            conns = json.loads(run.stdout)["connections"]
            verdicts = collections.Counter(c["verdict"] for c in conns)
            wrong = collections.Counter()
            for c in conns:
                if c["verdict"] == "invalid":
                    port = int(c["client"].rsplit(":", 1)[1])
                    wrong[(c["violation"]["code"], scenario.get(port, "?"))] += 1
            totals.update({"connections": len(conns), **verdicts})
            detail = ", ".join(f"{code} {n} ({s})" for (code, s), n in wrong.most_common(6))
            print(f"{name:9} {side:6} {len(conns):5} {verdicts['valid']:5} {verdicts['incomplete']:7} {verdicts['invalid']:7}  {detail}")
    print(f"all: {totals['connections']} connections, {totals['invalid']} invalid "
          f"({100 * totals['invalid'] / max(1, totals['connections']):.1f} %), {totals['incomplete']} incomplete")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
