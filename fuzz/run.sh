#!/usr/bin/env bash
# fuzz/run.sh TARGET SECONDS [AFL-FLAGS...]: fuzzes one target with AFL++ through SharpFuzz for SECONDS.
#   Targets: header, packet, capture, transcript, grade (fuzz/TcpModel.Fuzz/FuzzTargets.cs).
#   Needs: apt-get install afl++ (afl-fuzz), the .NET SDK; the SharpFuzz instrumenter is installed here.
#   Seeds: fuzz/corpus/TARGET. Findings: fuzz/.work/findings/TARGET (crashes/, hangs/, fuzzer_stats).
#   Each crash or hang found is copied to fuzz/regressions/TARGET, which the tests replay
#   (tests/TcpModel.Tests/FuzzRegressionTests.cs): fix it, commit the input.
set -euo pipefail
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$here/.work
bin=$work/bin

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
[ -d "$here/corpus/$target" ] || { echo "no corpus for target '$target' (fuzz/corpus/$target)" >&2; exit 2; }

if [ ! -f "$bin/.instrumented" ] || [ -n "$(find "$here/../src/TcpModel" "$here/TcpModel.Fuzz" -name '*.cs' -newer "$bin/.instrumented" -print -quit)" ]; then
  rm -rf "$bin"
  dotnet publish "$here/TcpModel.Fuzz" -c Release -o "$bin" -v quiet -nologo
  [ -x "$work/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
  "$work/tools/sharpfuzz" "$bin/TcpModel.dll"
  touch "$bin/.instrumented"
fi

findings=$work/findings/$target
rm -rf "$findings"; mkdir -p "$work/findings"
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1
afl-fuzz -V "$seconds" -i "$here/corpus/$target" -o "$findings" -t 5000 -m none "$@" -- dotnet "$bin/tcpmodel-fuzz.dll" "$target" >"$work/afl-$target.log" 2>&1 || {
  echo "afl-fuzz failed; see $work/afl-$target.log" >&2; tail -20 "$work/afl-$target.log" >&2; exit 1; }

stats=$findings/default/fuzzer_stats
get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "$target: $(get execs_done) executions in $(get run_time) s ($(get execs_per_sec)/s), $(get corpus_count) paths, $(get saved_crashes) crashes, $(get saved_hangs) hangs"
mkdir -p "$here/regressions/$target"
for f in "$findings"/default/crashes/id:* "$findings"/default/hangs/id:*; do
  [ -e "$f" ] || continue
  cp "$f" "$here/regressions/$target/$(basename "$(dirname "$f")")-$(sha1sum "$f" | cut -c1-12)"
done
