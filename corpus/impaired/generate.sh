#!/usr/bin/env bash
# Builds the impaired-network corpus: packet captures of the Linux kernel's TCP through a userspace
# relay that drops, duplicates, delays and reorders packets. See README.md.
#
#   sudo corpus/impaired/generate.sh [--seed N] [--connections N] [--out DIR] [--quick]
#
# For each configuration it starts relay.py (which creates namespaces tcpm-a and tcpm-b), one
# tcpdump in each namespace, runs traffic.py, stops everything and writes DIR/CONFIG/manifest.json
# beside DIR/CONFIG/client.pcap, DIR/CONFIG/server.pcap and the relay's fault log relay.jsonl.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SEED=1
CONNECTIONS=
OUT=/tmp/tcpmodel-impaired
QUICK=0
RATE=100                     # connections started per second, per configuration
MARKER=.tcpmodel-impaired     # marks an output directory as this script's
LOCK=/run/lock/tcpmodel-impaired.lock

usage() {
    cat <<'EOF'
usage: generate.sh [--seed N] [--connections N] [--out DIR] [--quick]

  --seed N         seed of the plan and of the relay's fault decisions (default 1)
  --connections N  connections per configuration, 1..10000 (default 400; the scripted
                   configuration has at least one connection per scripted case)
  --out DIR        output directory, outside the repository (default /tmp/tcpmodel-impaired)
  --quick          a small run: 30 connections per configuration unless --connections is given

Needs root, /dev/net/tun, network namespaces, ip, ss, tcpdump and python3.
Exit status: 0 done, 1 a step failed, 2 bad usage or an unusable machine.
EOF
}

die() { echo "generate.sh: $*" >&2; exit 2; }
fail() { echo "generate.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --seed|--connections|--out)
            [ $# -ge 2 ] || die "$1 needs a value (see --help)"
            case "$1" in
                --seed) SEED=$2 ;;
                --connections) CONNECTIONS=$2 ;;
                --out) OUT=$2 ;;
            esac
            shift 2 ;;
        --quick) QUICK=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

[[ $SEED =~ ^[0-9]{1,9}$ ]] || die "--seed must be an integer in 0..999999999, not '$SEED'"
if [ -z "$CONNECTIONS" ]; then
    if [ "$QUICK" = 1 ]; then CONNECTIONS=30; else CONNECTIONS=400; fi
fi
[[ $CONNECTIONS =~ ^[1-9][0-9]{0,4}$ ]] && [ "$CONNECTIONS" -le 10000 ] \
    || die "--connections must be an integer in 1..10000, not '$CONNECTIONS'"
[ -n "$OUT" ] || die "--out must not be empty"
OUT=$(realpath -m -- "$OUT")
case "$OUT/" in
    "$REPO"/*) die "--out $OUT is inside the repository $REPO; choose a directory outside it" ;;
esac
[ "$OUT" != / ] || die "--out must not be /"

[ "$(id -u)" = 0 ] || die "must run as root (it creates network namespaces and TUN devices)"
for tool in ip ss tcpdump python3 flock realpath; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y iproute2 tcpdump python3 util-linux)"
done
python3 "$HERE/relay.py" --check || die "this machine cannot run the relay (see above)"

mkdir -p "$(dirname "$LOCK")"
exec 9>"$LOCK"
flock -n 9 || die "another generate.sh holds $LOCK"
for ns in tcpm-a tcpm-b; do
    if ip netns list | grep -qw "$ns"; then
        die "namespace $ns already exists (a relay.py still runs, or one was killed: ip netns del $ns)"
    fi
done

if [ -e "$OUT" ] && [ ! -d "$OUT" ]; then
    die "--out $OUT exists and is not a directory"
fi
if [ -d "$OUT" ] && [ ! -e "$OUT/$MARKER" ] && [ -n "$(ls -A "$OUT")" ]; then
    die "--out $OUT exists, is not empty and was not written by generate.sh"
fi
mkdir -p "$OUT"
touch "$OUT/$MARKER"

# What this script started, so that cleanup stops exactly that.
RELAY_PID=
TRAFFIC_PID=
TCPDUMP_PIDS=()
RELAY_STARTED=0

stop_tcpdumps() {
    local pid
    for pid in "${TCPDUMP_PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    for pid in "${TCPDUMP_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    TCPDUMP_PIDS=()
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$TRAFFIC_PID" ]; then   # its own process group: traffic.py and both sides
        kill -TERM -- "-$TRAFFIC_PID" 2>/dev/null || true
        wait "$TRAFFIC_PID" 2>/dev/null || true
    fi
    stop_tcpdumps
    if [ -n "$RELAY_PID" ]; then
        kill -TERM "$RELAY_PID" 2>/dev/null || true
        wait "$RELAY_PID" 2>/dev/null || true
    fi
    if [ "$RELAY_STARTED" = 1 ]; then  # in case the relay died without removing them
        ip netns del tcpm-a 2>/dev/null || true
        ip netns del tcpm-b 2>/dev/null || true
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_until SECONDS COMMAND...: poll COMMAND every 0.1 s; false if it never succeeds.
wait_until() {
    local tries=$(( $1 * 10 ))
    shift
    while [ "$tries" -gt 0 ]; do
        "$@" && return 0
        sleep 0.1
        tries=$(( tries - 1 ))
    done
    return 1
}

# relay_ready FILE: the relay wrote FILE; fails the run at once if the relay has exited.
relay_ready() {
    [ -e "$1" ] && return 0
    kill -0 "$RELAY_PID" 2>/dev/null || fail "relay exited: $(cat "$(dirname "$1")/relay.log")"
    return 1
}

# run_config INDEX NAME DESCRIPTION SCRIPTED RELAY-FAULT-ARGS...
run_config() {
    local index=$1 name=$2 description=$3 scripted=$4
    shift 4
    local dir="$OUT/$name" relay_seed=$(( SEED * 100 + index ))
    local started plan_args=() rule_args=()
    started=$(date +%s.%N)
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$scripted" = 1 ]; then
        plan_args=(--scripted --rules-out "$dir/rules.json")
        rule_args=(--rules "$dir/rules.json")
    fi
    python3 "$HERE/traffic.py" plan --seed "$SEED" --connections "$CONNECTIONS" --rate "$RATE" \
        --out "$dir/plan.json" "${plan_args[@]}"

    RELAY_STARTED=1
    python3 "$HERE/relay.py" --seed "$relay_seed" --name "$name" "$@" "${rule_args[@]}" \
        --log "$dir/relay.jsonl" --ready-file "$dir/.ready" 2>"$dir/relay.log" &
    RELAY_PID=$!
    wait_until 15 relay_ready "$dir/.ready" || fail "relay did not start: $(cat "$dir/relay.log")"

    local side ns dev
    for side in client server; do
        if [ "$side" = client ]; then ns=tcpm-a dev=tcpma; else ns=tcpm-b dev=tcpmb; fi
        ip netns exec "$ns" tcpdump -i "$dev" -n -s 0 -B 8192 -U -Z root \
            -w "$dir/$side.pcap" 2>"$dir/tcpdump-$side.log" &
        TCPDUMP_PIDS+=($!)
    done
    for side in client server; do
        wait_until 15 grep -q "listening on" "$dir/tcpdump-$side.log" \
            || fail "tcpdump ($side) did not start: $(cat "$dir/tcpdump-$side.log")"
    done

    setsid python3 "$HERE/traffic.py" run --plan "$dir/plan.json" --out "$dir/results.json" &
    TRAFFIC_PID=$!
    wait "$TRAFFIC_PID" || fail "traffic.py run failed for $name"
    TRAFFIC_PID=
    # tcpdump gets packets from the kernel in blocks, handed over when full or 1 s old; a block
    # still open when tcpdump is stopped is lost. So wait until the last one has been handed over
    # (--immediate-mode would avoid this but makes tcpdump lose packets when the CPU is busy).
    sleep 1.5
    stop_tcpdumps
    kill -TERM "$RELAY_PID"
    wait "$RELAY_PID" || fail "relay failed for $name: $(cat "$dir/relay.log")"
    RELAY_PID=
    RELAY_STARTED=0

    local wall
    wall=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    python3 "$HERE/traffic.py" manifest --dir "$dir" --config "$name" \
        --description "$description" --seed "$SEED" --relay-seed "$relay_seed" --wall "$wall"
    rm -f "$dir/plan.json" "$dir/results.json" "$dir/rules.json" "$dir/.ready"
    [ -s "$dir/relay.log" ] || rm -f "$dir/relay.log"
}

echo "generate.sh: seed $SEED, $CONNECTIONS connections per configuration, into $OUT"
begin=$(date +%s)
#          index name     description                                       scripted relay args
run_config 0 clean    "no faults: 10 ms one-way delay"                        0 --faults delay=10
run_config 1 loss1    "1% loss each way, 10 ms delay + 2 ms jitter"           0 \
    --faults loss=0.01,delay=10,jitter=2
run_config 2 loss5    "5% loss each way, 10 ms delay + 2 ms jitter"           0 \
    --faults loss=0.05,delay=10,jitter=2
run_config 3 mixed    "2% loss, 1% duplication, 2% reordering (held 30 ms), 10 ms delay + 5 ms jitter" 0 \
    --faults loss=0.02,dup=0.01,reorder=0.02,hold=30,delay=10,jitter=5
run_config 4 loss10   "10% loss each way, 10 ms delay + 2 ms jitter"          0 \
    --faults loss=0.10,delay=10,jitter=2
run_config 5 asym     "5% loss server->client only, 10 ms delay + 2 ms jitter" 0 \
    --faults delay=10,jitter=2 --faults-b2a loss=0.05
run_config 6 scripted "scripted faults only (see rules), 10 ms delay"         1 --faults delay=10
echo "generate.sh: done in $(( $(date +%s) - begin )) s; summary: $HERE/summarize.py $OUT"
