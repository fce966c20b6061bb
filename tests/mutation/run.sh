#!/usr/bin/env bash
# tests/mutation/run.sh [MUTATE] [TEST-FILTER]: mutation testing with Stryker.NET 5.1.0 over part of
# the library, against the tests that cover it. Reports (Markdown, JSON) go to artifacts/mutation.
#   MUTATE       comma-separated files under src/TcpModel (default: the TCP header decoder and option walk)
#   TEST-FILTER  a dotnet test filter (default: the Wire tests)
# Example: tests/mutation/run.sh Connection/Machine.SegmentArrives.cs 'FullyQualifiedName~TcpModel.Tests.Connection'
# Stryker instruments the whole library (12,891 mutants) and tests only those in MUTATE; the default
# scope takes about 7 minutes on 2 cores. docs/testing.md keeps the scores.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mutate=${1:-Wire/TcpHeader.cs,Wire/TcpOptionReader.cs}
filter=${2:-FullyQualifiedName~TcpModel.Tests.Wire}
tools=$root/artifacts/tools
[ -x "$tools/dotnet-stryker" ] || dotnet tool install dotnet-stryker --version 5.1.0 --tool-path "$tools" >/dev/null
config=$(mktemp --suffix=.json)
trap 'rm -f "$config"' EXIT
python3 - "$config" "$mutate" "$filter" <<'PY'
import json, sys
path, mutate, flt = sys.argv[1], sys.argv[2], sys.argv[3]
json.dump({"stryker-config": {
    "project": "TcpModel.csproj", "test-projects": ["TcpModel.Tests.csproj"], "target-framework": "net10.0",
    "mutate": [m.strip() for m in mutate.split(",") if m.strip()], "test-case-filter": flt,
    "coverage-analysis": "perTest", "reporters": ["progress", "json", "markdown"], "concurrency": 1,
    "additional-timeout": 5000, "thresholds": {"high": 80, "low": 60, "break": 0}}}, open(path, "w"), indent=2)
PY
cd "$root/tests/TcpModel.Tests"
"$tools/dotnet-stryker" --config-file "$config" --output "$root/artifacts/mutation"
