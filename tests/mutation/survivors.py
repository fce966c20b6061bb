#!/usr/bin/env python3
"""tests/mutation/survivors.py [REPORT] [--file SUBSTRING]: reads Stryker's JSON report (default
artifacts/mutation/reports/mutation-report.json) and prints, per mutated file, the mutants tested,
killed, survived, timed out, not covered, and the score; then each survivor with its line, mutator,
replacement and the source line. The score is Stryker's: (killed + timeout) / (killed + timeout +
survived + no coverage)."""
import collections, json, os, sys

def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    only = argv[argv.index("--file") + 1] if "--file" in argv else ""
    if only in args: args.remove(only)
    path = args[0] if args else os.path.join(os.path.dirname(__file__), "../../artifacts/mutation/reports/mutation-report.json")
    if not os.path.isfile(path):
        print(f"survivors.py: no report at {path}", file=sys.stderr)
        return 2
    report = json.load(open(path))
    total = collections.Counter()
    rows = []
    for name, f in sorted(report["files"].items()):
        tested = [m for m in f["mutants"] if m["status"] in ("Killed", "Survived", "Timeout", "NoCoverage")]
        if not tested or only not in name: continue
        c = collections.Counter(m["status"] for m in tested)
        total.update(c)
        detected = c["Killed"] + c["Timeout"]
        score = 100 * detected / len(tested)
        rows.append((name, len(tested), c, score, f))
    for name, n, c, score, f in rows:
        print(f"{name.split('src/TcpModel/')[-1]:45} {n:5} tested {c['Killed']:5} killed {c['Survived']:4} survived {c['Timeout']:3} timeout {c['NoCoverage']:4} no coverage  {score:6.2f} %")
    n = sum(total.values())
    if n:
        print(f"{'all':45} {n:5} tested {total['Killed']:5} killed {total['Survived']:4} survived {total['Timeout']:3} timeout {total['NoCoverage']:4} no coverage  {100 * (total['Killed'] + total['Timeout']) / n:6.2f} %")
    for name, n, c, score, f in rows:
        source = f["source"].split("\n")
        for m in sorted((m for m in f["mutants"] if m["status"] in ("Survived", "NoCoverage")), key=lambda m: m["location"]["start"]["line"]):
            line = m["location"]["start"]["line"]
            print(f"{name.split('src/TcpModel/')[-1]}:{line} {m['status']} {m['mutatorName']}: {m.get('replacement', '')[:80]!r} | {source[line - 1].strip()[:120]}")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
