#!/usr/bin/env python3
"""Userspace relay between two TUN devices, with a seeded fault model per direction.

Topology (all of it created here, removed again on exit):

    namespace tcpm-a                        namespace tcpm-b
    tcpma 10.77.0.1 peer 10.77.0.2  <-->  tcpmb 10.77.0.2 peer 10.77.0.1
                  \\                        /
                   this process (root namespace)

Both TUN devices are created in the root namespace (open /dev/net/tun, TUNSETIFF) and then moved
into their namespaces; the file descriptors stay attached after the move. Every IPv4 packet the
kernel of one namespace sends out of its TUN device is read here and, unless the fault model drops
it, written into the other TUN device after a delay.

Fault model, per direction (a2b = from tcpm-a to tcpm-b, b2a = back), given as
"loss=P,dup=P,reorder=P,hold=MS,delay=MS,jitter=MS":
  loss     probability that a packet is dropped;
  dup      probability that a forwarded packet is also sent a second time, right after itself;
  reorder  probability that a forwarded packet is held back by `hold` ms more than the others, so
           packets sent after it overtake it;
  delay    fixed one-way delay in ms, plus a uniform extra delay in [0, jitter] ms. Packets that are
           not held back leave in the order they came (jitter alone never reorders).

Scripted rules (a JSON list, --rules FILE) match TCP packets of one connection, named by one of its
ports, by direction, kind and occurrence count, and drop, duplicate or hold them:
  {"name": "syn-drop-1", "port": 20003, "dir": "a2b", "match": "SYN", "nth": [1], "action": "drop"}
  {"name": "fin-hold", "port": 20007, "dir": "b2a", "match": "FIN", "nth": [1], "action": "hold",
   "ms": 300}
Kinds: SYN (SYN without ACK), SYNACK, ACK (pure ACK: no payload, no SYN/FIN/RST), HSACK (the pure
ACK that completes a handshake: it acknowledges the SYN,ACK and its sender has sent nothing else
since its SYN), DATA (a segment with payload), FIN, RST. A segment can be of several kinds (a FIN
with payload is FIN and DATA). Occurrences count every matching packet the relay sees in that
direction, retransmissions included, starting at 1.

Determinism: fault decisions come from random.Random streams seeded from the seed, one per
direction and TCP connection (and one per direction for anything else). Every packet draws the same
four numbers whatever its fate, so the same seed and the same packet sequence per connection give
the same decisions, however the connections interleave.

Every packet is written to the fault log (JSON lines) with its fate. The first line describes the
run, the last one counts packets per direction and fate.
"""

import argparse
import fcntl
import heapq
import json
import os
import random
import select
import signal
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000

# side -> (namespace, device, own address, peer address)
SIDES = {
    "a": ("tcpm-a", "tcpma", "10.77.0.1", "10.77.0.2"),
    "b": ("tcpm-b", "tcpmb", "10.77.0.2", "10.77.0.1"),
}
DIRECTIONS = {"a2b": ("a", "b"), "b2a": ("b", "a")}
TX_QUEUE_LEN = 5000  # packets the kernel may queue on a TUN device before this relay reads them

TCP_FLAGS = ((0x01, "F"), (0x02, "S"), (0x04, "R"), (0x08, "P"), (0x10, "A"), (0x20, "U"),
             (0x40, "E"), (0x80, "C"))
FIN, SYN, RST, ACK = 0x01, 0x02, 0x04, 0x10
MATCH_KINDS = ("SYN", "SYNACK", "ACK", "HSACK", "DATA", "FIN", "RST")
RULE_ACTIONS = ("drop", "dup", "hold")


class UsageError(Exception):
    """A bad argument, rule or environment: reported on stderr, exit status 2."""


def run(cmd):
    """Run a command (a list), raising UsageError with its stderr if it fails."""
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise UsageError(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    return done.stdout


class Faults:
    """The random fault model of one direction."""

    KEYS = ("loss", "dup", "reorder", "hold", "delay", "jitter")
    PROBABILITIES = ("loss", "dup", "reorder")

    def __init__(self, loss=0.0, dup=0.0, reorder=0.0, hold=30.0, delay=10.0, jitter=0.0):
        self.loss, self.dup, self.reorder = loss, dup, reorder
        self.hold, self.delay, self.jitter = hold, delay, jitter

    @classmethod
    def parse(cls, spec, base=None):
        """Parse "key=value,..." on top of `base` (a Faults) or the defaults."""
        values = dict(vars(base)) if base else {}
        for item in filter(None, spec.split(",")):
            key, sep, text = item.partition("=")
            key = key.strip()
            if not sep or key not in cls.KEYS:
                raise UsageError(f"bad fault setting {item!r}: expected one of "
                                 f"{', '.join(k + '=N' for k in cls.KEYS)}")
            try:
                value = float(text)
            except ValueError:
                raise UsageError(f"bad fault setting {item!r}: {text!r} is not a number") from None
            if key in cls.PROBABILITIES and not 0.0 <= value <= 1.0:
                raise UsageError(f"bad fault setting {item!r}: a probability is in [0, 1]")
            if key not in cls.PROBABILITIES and not 0.0 <= value <= 10000.0:
                raise UsageError(f"bad fault setting {item!r}: milliseconds are in [0, 10000]")
            values[key] = value
        return cls(**values)


class Rule:
    """A scripted fault: one connection (by port), one direction, one kind, some occurrences."""

    def __init__(self, obj):
        if not isinstance(obj, dict):
            raise UsageError(f"bad rule {obj!r}: expected a JSON object")
        try:
            self.name = str(obj["name"])
            self.port = int(obj["port"])
            self.direction = obj["dir"]
            self.match = obj["match"]
            self.nth = {int(n) for n in obj["nth"]}
            self.action = obj["action"]
            self.ms = float(obj.get("ms", 0))
        except (KeyError, TypeError, ValueError) as error:
            raise UsageError(f"bad rule {obj!r}: {error!r}") from None
        if self.direction not in DIRECTIONS:
            raise UsageError(f"bad rule {self.name}: dir is a2b or b2a")
        if self.match not in MATCH_KINDS:
            raise UsageError(f"bad rule {self.name}: match is one of {', '.join(MATCH_KINDS)}")
        if self.action not in RULE_ACTIONS:
            raise UsageError(f"bad rule {self.name}: action is one of {', '.join(RULE_ACTIONS)}")
        if not 0 < self.port < 65536 or not self.nth or min(self.nth) < 1:
            raise UsageError(f"bad rule {self.name}: port in 1..65535, nth a list of counts >= 1")
        if self.action == "hold" and self.ms <= 0:
            raise UsageError(f"bad rule {self.name}: a hold rule needs ms > 0")
        self.seen = 0  # matching packets seen so far

    def describe(self):
        out = {"name": self.name, "port": self.port, "dir": self.direction, "match": self.match,
               "nth": sorted(self.nth), "action": self.action}
        if self.action == "hold":
            out["ms"] = self.ms
        return out


def parse_packet(pkt):
    """Decode the IPv4 and TCP headers of a raw packet into a dict (None if not IPv4)."""
    if len(pkt) < 20 or pkt[0] >> 4 != 4:
        return None
    ihl = (pkt[0] & 0x0F) * 4
    ipid, frag = struct.unpack_from("!HH", pkt, 4)
    info = {"ipid": ipid, "proto": pkt[9],
            "src": ".".join(map(str, pkt[12:16])), "dst": ".".join(map(str, pkt[16:20]))}
    total = struct.unpack_from("!H", pkt, 2)[0]
    if info["proto"] != 6 or frag & 0x1FFF or len(pkt) < ihl + 20:
        return info
    sport, dport, seq, ack, offset, flags = struct.unpack_from("!HHIIBB", pkt, ihl)
    info.update(sport=sport, dport=dport, seq=seq, ack=ack, flagbits=flags,
                flags="".join(name for bit, name in TCP_FLAGS if flags & bit),
                len=total - ihl - (offset >> 4) * 4)
    return info


class Connection:
    """What the relay remembers of one TCP connection: RNG streams and handshake progress."""

    def __init__(self, seed, key):
        self.rng = {d: random.Random(f"{seed}/{d}/{key[0]}-{key[1]}") for d in DIRECTIONS}
        self.syn_from = set()         # directions that sent a SYN (with or without ACK)
        self.synack = {}              # direction -> ISN of the SYN,ACK sent that way
        self.sent_more = set()        # directions that sent data, FIN or RST after their SYN

    def kinds(self, direction, p):
        """The match kinds of packet `p` going `direction`, updating the handshake state."""
        flags, kinds = p["flagbits"], set()
        back = "b2a" if direction == "a2b" else "a2b"
        if flags & SYN:
            kinds.add("SYNACK" if flags & ACK else "SYN")
            self.syn_from.add(direction)
            if flags & ACK:
                self.synack[direction] = p["seq"]
        if flags & FIN:
            kinds.add("FIN")
        if flags & RST:
            kinds.add("RST")
        if p["len"] > 0 and not flags & SYN:
            kinds.add("DATA")
        if flags & ACK and not flags & (SYN | FIN | RST) and p["len"] == 0:
            kinds.add("ACK")
            if (direction in self.syn_from and direction not in self.sent_more
                    and back in self.synack
                    and p["ack"] == (self.synack[back] + 1) & 0xFFFFFFFF):
                kinds.add("HSACK")
        if not flags & SYN and (p["len"] > 0 or flags & (FIN | RST)):
            self.sent_more.add(direction)
        return kinds


class Relay:
    """Decides the fate of each packet and keeps the queue of packets waiting to leave."""

    def __init__(self, seed, faults, rules, log, fds):
        self.seed, self.faults, self.log = seed, faults, log
        self.rules = {}   # port -> the rules naming it
        for rule in rules:
            self.rules.setdefault(rule.port, []).append(rule)
        self.out_fd = {d: fds[to] for d, (_, to) in DIRECTIONS.items()}
        self.connections = {}
        self.other_rng = {d: random.Random(f"{seed}/{d}/other") for d in DIRECTIONS}
        self.index = {d: 0 for d in DIRECTIONS}
        self.last_release = {d: 0.0 for d in DIRECTIONS}
        self.queue = []   # heap of (release time, tie-break counter, direction, packet)
        self.counter = 0
        self.counts = {d: {"packets": 0, "forwarded": 0, "dropped": 0, "duplicated": 0,
                           "reordered": 0, "not_ipv4": 0, "write_errors": 0} for d in DIRECTIONS}

    def _enqueue(self, when, direction, pkt):
        self.counter += 1
        heapq.heappush(self.queue, (when, self.counter, direction, pkt))

    def handle(self, direction, pkt, now):
        """Log packet `pkt` read going `direction` at `now` and queue what is to be sent."""
        counts = self.counts[direction]
        counts["packets"] += 1
        self.index[direction] += 1
        info = parse_packet(pkt)
        if info is None:  # IPv6 is disabled on the devices; anything else is not forwarded
            counts["not_ipv4"] += 1
            self._write({"t": round(now, 6), "dir": direction, "n": self.index[direction],
                         "fate": "dropped", "cause": "not IPv4"})
            return
        kinds, rng = set(), self.other_rng[direction]
        if "sport" in info:
            key = tuple(sorted((info["sport"], info["dport"])))
            conn = self.connections.get(key)
            if conn is None:
                conn = self.connections[key] = Connection(self.seed, key)
            kinds, rng = conn.kinds(direction, info), conn.rng[direction]
        model = self.faults[direction]
        # Four draws for every packet, whatever happens to it, keep the streams aligned.
        lost = rng.random() < model.loss
        duplicated = rng.random() < model.dup
        reordered = rng.random() < model.reorder
        delay = model.delay + rng.random() * model.jitter
        hold, cause = model.hold if reordered else 0.0, "loss" if lost else None
        # A rule that fires decides instead of the random loss draw.
        ports = {info["sport"], info["dport"]} if "sport" in info else set()
        for rule in [rule for port in ports for rule in self.rules.get(port, [])]:
            if rule.direction == direction and rule.match in kinds:
                rule.seen += 1
                if rule.seen in rule.nth:
                    cause = f"rule:{rule.name}"
                    lost = rule.action == "drop"
                    duplicated = duplicated or rule.action == "dup"
                    if rule.action == "hold":
                        reordered, hold = True, rule.ms
        record = {"t": round(now, 6), "dir": direction, "n": self.index[direction]}
        record.update({k: v for k, v in info.items() if k != "flagbits"})
        if lost:
            counts["dropped"] += 1
            record["fate"] = "dropped"
        else:
            counts["forwarded"] += 1
            when = now + delay / 1000.0
            if reordered:
                counts["reordered"] += 1
                when += hold / 1000.0
                record["hold_ms"] = hold
            else:  # keep first-in first-out order among packets not held back
                when = max(when, self.last_release[direction])
                self.last_release[direction] = when
            self._enqueue(when, direction, pkt)
            if duplicated:
                counts["duplicated"] += 1
                self._enqueue(when, direction, pkt)
            fates = [name for name, yes in (("duplicated", duplicated), ("reordered", reordered))
                     if yes]
            record["fate"] = "+".join(fates) or "forwarded"
            record["delay_ms"] = round((when - now) * 1000.0, 3)
        if cause:
            record["cause"] = cause
        self._write(record)

    def release(self, now):
        """Send every queued packet whose time has come; return seconds until the next one."""
        while self.queue and self.queue[0][0] <= now:
            _, _, direction, pkt = heapq.heappop(self.queue)
            try:
                os.write(self.out_fd[direction], pkt)
            except OSError:
                self.counts[direction]["write_errors"] += 1
        return max(0.0, self.queue[0][0] - now) if self.queue else None

    def _write(self, record):
        self.log.write(json.dumps(record, separators=(",", ":")) + "\n")


def open_tun(name):
    """Create TUN device `name` in the current (root) namespace; return its fd."""
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    try:
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    except OSError:
        os.close(fd)
        raise
    return fd


def namespaces_present():
    listed = run(["ip", "netns", "list"]).split()
    return [ns for ns, _, _, _ in SIDES.values() if ns in listed]


def setup():
    """Create the namespaces and the TUN devices; return {side: fd}."""
    present = namespaces_present()
    if present:
        raise UsageError(f"namespace(s) {', '.join(present)} already exist: another relay runs, "
                         f"or an old one was killed (remove them with: ip netns del NAME)")
    fds = {}
    try:
        for side, (ns, dev, addr, peer) in SIDES.items():
            run(["ip", "netns", "add", ns])
            fds[side] = open_tun(dev)
            run(["ip", "link", "set", dev, "netns", ns])
            run(["ip", "-n", ns, "addr", "add", addr, "peer", peer, "dev", dev])
            run(["ip", "-n", ns, "link", "set", dev, "txqueuelen", str(TX_QUEUE_LEN)])
            # No IPv6 on the device: no router solicitations or MLD reports in the captures.
            run(["ip", "netns", "exec", ns, "sysctl", "-qw", f"net.ipv6.conf.{dev}.disable_ipv6=1"])
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
            run(["ip", "-n", ns, "link", "set", dev, "up"])
    except (OSError, UsageError):
        teardown(fds)
        raise
    return fds


def device_stats():
    """The kernel's counters of both TUN devices (tx_dropped counts packets lost before the relay)."""
    stats = {}
    for ns, dev, _, _ in SIDES.values():
        try:
            link = json.loads(run(["ip", "-n", ns, "-s", "-j", "link", "show", "dev", dev]))[0]
            stats[dev] = {"tx": link["stats64"]["tx"], "rx": link["stats64"]["rx"]}
        except (UsageError, ValueError, KeyError, IndexError) as error:
            stats[dev] = {"error": str(error)}
    return stats


def teardown(fds):
    for fd in fds.values():
        os.close(fd)
    for ns, _, _, _ in SIDES.values():
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def check():
    """Can this process create network namespaces and TUN devices? Exit 0 or 2."""
    if os.geteuid() != 0:
        raise UsageError("must run as root (it creates network namespaces and TUN devices)")
    try:
        os.close(open_tun("tcpmcheck"))
    except OSError as error:
        raise UsageError(f"cannot create a TUN device via /dev/net/tun: {error}") from None
    run(["ip", "netns", "add", "tcpm-check"])
    run(["ip", "netns", "del", "tcpm-check"])


def relay_loop(relay, fds, wake_fd, stop):
    """Forward packets until a signal sets stop[0]."""
    direction_of = {fds["a"]: "a2b", fds["b"]: "b2a"}
    timeout = None
    while not stop[0]:
        readable, _, _ = select.select([fds["a"], fds["b"], wake_fd], [], [], timeout)
        for fd in readable:
            if fd == wake_fd:
                os.read(wake_fd, 64)
                continue
            direction = direction_of[fd]
            for _ in range(256):  # a bounded batch per device, so neither side starves
                try:
                    pkt = os.read(fd, 65536)
                except BlockingIOError:
                    break
                relay.handle(direction, pkt, time.monotonic())
        timeout = relay.release(time.monotonic())


def load_rules(path):
    if path is None:
        return []
    try:
        with open(path) as f:
            items = json.load(f)
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read rules {path}: {error}") from None
    if not isinstance(items, list):
        raise UsageError(f"rules {path}: expected a JSON list of rules")
    return [Rule(item) for item in items]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that namespaces and TUN devices can be created")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--faults", default="", help="fault model of both directions")
    parser.add_argument("--faults-a2b", default="", help="overrides for a2b only")
    parser.add_argument("--faults-b2a", default="", help="overrides for b2a only")
    parser.add_argument("--rules", help="JSON file with a list of scripted rules")
    parser.add_argument("--log", help="fault log to write (JSON lines)")
    parser.add_argument("--ready-file", help="file written once the devices are up")
    parser.add_argument("--name", default="", help="configuration name, for the log")
    args = parser.parse_args(argv)
    if not args.check and not args.log:
        parser.error("--log is required")
    return args


def main(argv):
    args = parse_args(argv)
    if args.check:
        check()
        return 0
    both = Faults.parse(args.faults)
    faults = {"a2b": Faults.parse(args.faults_a2b, both), "b2a": Faults.parse(args.faults_b2a, both)}
    rules = load_rules(args.rules)
    stop = [False]

    def on_signal(signum, frame):
        stop[0] = True

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    fds = setup()
    try:
        with open(args.log, "w") as log:
            relay = Relay(args.seed, faults, rules, log, fds)
            log.write(json.dumps({
                "event": "start", "name": args.name, "seed": args.seed,
                "mono": time.monotonic(), "wall": time.time(),
                "faults": {d: vars(f) for d, f in faults.items()},
                "rules": [r.describe() for r in rules],
                "sides": {s: dict(zip(("ns", "dev", "addr", "peer"), v)) for s, v in SIDES.items()},
            }) + "\n")
            if args.ready_file:
                with open(args.ready_file, "w") as f:
                    f.write("ready\n")
            relay_loop(relay, fds, wake_r, stop)
            log.write(json.dumps({
                "event": "stop", "mono": time.monotonic(), "wall": time.time(),
                "counts": relay.counts, "unsent_at_stop": len(relay.queue),
                "rules_seen": {r.name: r.seen for r in rules},
                "devices": device_stats(),
            }) + "\n")
    finally:
        teardown(fds)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except UsageError as error:
        print(f"relay.py: {error}", file=sys.stderr)
        sys.exit(2)
