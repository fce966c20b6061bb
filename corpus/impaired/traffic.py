#!/usr/bin/env python3
"""Traffic for the impaired-network corpus: a plan of connections and the programs that run it.

Subcommands:
  plan      write a plan: per connection its scenario, ports and start time (and, for the scripted
            configuration, the relay rules that go with it)
  server    run the server side of a plan (inside namespace tcpm-b, 10.77.0.2)
  client    run the client side of a plan (inside namespace tcpm-a, 10.77.0.1)
  run       start server and client with `ip netns exec`, wait until the kernels have finished
            with every connection, and write the merged results
  manifest  write manifest.json for one configuration directory

Connection i uses server port 20000+i and client port 40000+i (the client binds it), so every
packet names its connection. Connection i starts at t0 + i/rate on both sides (CLOCK_MONOTONIC
is shared by all namespaces). Both ends of a simultaneous open are driven by the client process:
it makes side b's socket inside tcpm-b (setns) and calls the two connect()s from one thread, so
the SYNs cross in the relay's delay however loaded the CPU is. Every socket operation has a
timeout, so a lost packet never hangs a run; each side records what it sent and received, whether
the bytes were the ones expected, and the first error.
"""

import argparse
import collections
import ctypes
import errno
import hashlib
import json
import os
import random
import re
import resource
import select
import socket
import struct
import subprocess
import sys
import threading
import time

CLIENT_ADDR, SERVER_ADDR = "10.77.0.1", "10.77.0.2"
CLIENT_NS, SERVER_NS = "tcpm-a", "tcpm-b"
SERVER_PORT_BASE, CLIENT_PORT_BASE = 20000, 40000
MAX_CONNECTIONS = 10000

CONNECT_TIMEOUT = 20.0   # s: covers the SYN and 4 retransmissions (1, 2, 4, 8 s backoff)
OP_TIMEOUT = 20.0        # s: any single send or receive
LISTEN_LEAD = 0.5        # s: a server listens this long before its client's start time
SPAWN_LEAD = 0.2         # s: threads are started this early and then wait for the exact time
STARTUP = 2.5            # s: from `run` starting both sides to t0
CLOSE_BARRIER = 0.3      # s: simultaneous close: both sides close this long after the barrier
ABORT_WAIT = 5.0         # s: how long the server of `abort` waits for the client's RST
KEEPALIVE_IDLE = 5.0     # s: how long the client of `keepalive` stays idle (probes at 1, 2, 3, 4 s; unanswered, a RST at 4 s)
DRAIN_MAX = 20.0         # s: how long `run` waits for the kernels to finish closing
SEND_CHUNK = 16384
PATTERN = 65536          # bytes in the repeating payload pattern of one stream

SMALL_REQUEST, SMALL_RESPONSE, BULK = 300, 600, 200_000
ROLES = ("client", "server")


class ProtocolError(Exception):
    """The peer did not behave as the scenario says (e.g. the stream ended early)."""


class Stream:
    """The deterministic bytes one side of one connection sends: a 64 KiB pattern, repeated."""

    def __init__(self, index, role):
        digest = hashlib.sha256(f"{index}/{role}".encode()).digest()
        self.pattern = digest * (PATTERN // len(digest))
        self.offset = 0

    def take(self, n):
        out = bytearray()
        while len(out) < n:
            start = self.offset % PATTERN
            chunk = self.pattern[start:start + n - len(out)]
            out += chunk
            self.offset += len(chunk)
        return bytes(out)


class Peer:
    """One end of one connection: sends its stream, checks the peer's, counts and records."""

    def __init__(self, sock, index, role, record):
        self.sock, self.record = sock, record
        self.out = Stream(index, role)
        self.expected = Stream(index, "server" if role == "client" else "client")

    def send(self, n):
        """Send the next n bytes of this side's stream."""
        self.record["step"] = "send"
        data = self.out.take(n)
        for start in range(0, n, SEND_CHUNK):
            self.sock.sendall(data[start:start + SEND_CHUNK])
            self.record["sent"] += len(data[start:start + SEND_CHUNK])

    def send_raw(self, data):
        """Send bytes that are not part of the stream (counted, not checked by the peer)."""
        self.record["step"] = "send"
        self.sock.sendall(data)
        self.record["sent"] += len(data)

    def _recv(self, limit, raw=False):
        self.record["step"] = "recv"
        data = self.sock.recv(min(limit, 65536))
        self.record["received"] += len(data)
        if data and not raw and data != self.expected.take(len(data)):
            self.record["data_ok"] = False
        return data

    def recv_exact(self, n, raw=False):
        """Receive exactly n bytes; ProtocolError if the stream ends first."""
        chunks, got = [], 0
        while got < n:
            data = self._recv(n - got, raw)
            if not data:
                raise ProtocolError("early-eof")
            chunks.append(data)
            got += len(data)
        return b"".join(chunks)

    def recv_eof(self):
        """Receive until the peer's FIN."""
        while self._recv(65536):
            pass

    def shutdown_write(self):
        self.record["step"] = "shutdown"
        self.sock.shutdown(socket.SHUT_WR)

    def close(self):
        self.record["step"] = "close"
        self.record["closed_at"] = time.monotonic()
        self.sock.close()

    def abort(self):
        """Close with SO_LINGER on and a 0 s linger time: the kernel sends a RST."""
        self.record["step"] = "abort"
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


# --- scenarios: what each side does once connected -------------------------------------------

def small_client(p):
    p.send(SMALL_REQUEST)
    p.recv_exact(SMALL_RESPONSE)
    p.close()


def small_server(p):
    p.recv_exact(SMALL_REQUEST)
    p.send(SMALL_RESPONSE)
    p.recv_eof()
    p.close()


def bulk_up_client(p):
    p.send(BULK)
    p.shutdown_write()
    p.recv_exact(16)
    p.recv_eof()
    p.close()


def bulk_up_server(p):
    p.recv_eof()
    p.send(16)
    p.close()


def bulk_down_client(p):
    p.send(100)
    p.recv_eof()
    p.close()


def bulk_down_server(p):
    p.recv_exact(100)
    p.send(BULK)
    p.close()


def client_close_client(p):
    for _ in range(3):
        p.send(100)
        p.recv_exact(100)
        time.sleep(0.05)
    p.close()


def client_close_server(p):
    for _ in range(3):
        p.recv_exact(100)
        p.send(100)
    p.recv_eof()
    p.close()


def server_close_client(p):
    p.recv_eof()
    p.close()


def server_close_server(p):
    p.send(400)
    p.close()


def simul_close_client(p):
    p.send(200)
    text = p.recv_exact(32, raw=True)
    try:
        target = float(text)
    except ValueError:
        raise ProtocolError("bad-barrier") from None
    close_at(p, target)


def simul_close_server(p):
    p.recv_exact(200)
    target = time.monotonic() + CLOSE_BARRIER
    p.send_raw(f"{target:.6f}".rjust(32).encode())
    close_at(p, target)


def close_at(p, target):
    """Close at monotonic time `target` (both namespaces share the clock): the FINs cross."""
    time.sleep(max(0.0, target - time.monotonic()))
    p.close()
    p.record["close_late_ms"] = round((p.record["closed_at"] - target) * 1000.0, 3)


def half_close_client(p):
    p.send(300)
    p.shutdown_write()
    p.recv_eof()
    p.close()


def half_close_server(p):
    p.recv_eof()
    for _ in range(5):
        p.send(4000)
        time.sleep(0.02)
    p.close()


def abort_client(p):
    p.send(300)
    p.recv_exact(300)
    p.abort()


def abort_server(p):
    p.recv_exact(300)
    p.send(300)
    p.sock.settimeout(ABORT_WAIT)
    p.recv_eof()  # ends with ECONNRESET when the client's RST arrives, timeout if it is lost
    p.close()


def keepalive_client(p):
    # Linux's keep-alive, per socket (RFC 1122 §4.2.3.6): a probe after 1 s idle, then every 1 s,
    # 3 unanswered ones end the connection with a RST (tcp_keepalive_timer).
    p.sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    p.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    p.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    p.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3)
    p.send(100)
    p.recv_exact(100)
    time.sleep(KEEPALIVE_IDLE)
    p.close()


def keepalive_server(p):
    p.recv_exact(100)
    p.send(100)
    p.recv_eof()
    p.close()


def simul_open_side(p):
    p.send(100)
    p.recv_exact(100)
    if p.record["role"] == "client":
        p.close()
    else:
        p.recv_eof()
        p.close()


def side(sent, received, error=None):
    return {"sent": sent, "received": received, "error": error}


# name -> (how the connection is made, client steps, server steps, intent per role, what it is)
# how: "accept" = client connects, server listens and accepts; "refused" = nobody listens;
# "simultaneous" = both bind their port and connect to each other at the same instant.
Scenario = collections.namedtuple("Scenario", "how client server intent doc")
SCENARIOS = {
    "small": Scenario("accept", small_client, small_server,
                      {"client": side(300, 600), "server": side(600, 300)},
                      "300 B request, 600 B response, client closes first"),
    "bulk_up": Scenario("accept", bulk_up_client, bulk_up_server,
                        {"client": side(BULK, 16), "server": side(16, BULK)},
                        "200 KB client->server, client half-closes, 16 B reply, server closes"),
    "bulk_down": Scenario("accept", bulk_down_client, bulk_down_server,
                          {"client": side(100, BULK), "server": side(BULK, 100)},
                          "100 B request, 200 KB server->client, server closes first"),
    "client_close": Scenario("accept", client_close_client, client_close_server,
                             {"client": side(300, 300), "server": side(300, 300)},
                             "3 x 100 B echoed 50 ms apart, client closes first"),
    "server_close": Scenario("accept", server_close_client, server_close_server,
                             {"client": side(0, 400), "server": side(400, 0)},
                             "server sends 400 B first and closes, client closes on EOF"),
    "simul_close": Scenario("accept", simul_close_client, simul_close_server,
                            {"client": side(200, 32), "server": side(32, 200)},
                            "barrier exchange, then both close at the same instant"),
    "half_close": Scenario("accept", half_close_client, half_close_server,
                           {"client": side(300, 20000), "server": side(20000, 300)},
                           "client sends 300 B and shuts down writing; server sends 5 x 4000 B "
                           "20 ms apart, then closes"),
    "abort": Scenario("accept", abort_client, abort_server,
                      {"client": side(300, 300), "server": side(300, 300, "ECONNRESET")},
                      "request/response, then the client closes with SO_LINGER 0 s: RST"),
    "refused": Scenario("refused", None, None,
                        {"client": side(0, 0, "ECONNREFUSED"), "server": None},
                        "connect to a port nobody listens on: RST"),
    "keepalive": Scenario("accept", keepalive_client, keepalive_server,
                          {"client": side(100, 100), "server": side(100, 100)},
                          "100 B echoed, then the client idles 5 s with keep-alive probes every "
                          "1 s (TCP_KEEPIDLE, TCP_KEEPINTVL 1 s), answered, and closes"),
    "simul_open": Scenario("simultaneous", simul_open_side, simul_open_side,
                           {"client": side(100, 100), "server": side(100, 100)},
                           "both bind fixed ports and connect to each other at once; 100 B each "
                           "way, side a closes first"),
}

# The scripted configuration: (case, scenario, rule direction, kind, occurrences, action, ms,
# what the case changes in the scenario's intent).
SCRIPTED_CASES = [
    ("syn-drop-1", "small", "a2b", "SYN", [1], "drop", 0, {}),
    ("synack-drop-1-2", "small", "b2a", "SYNACK", [1, 2], "drop", 0, {}),
    ("synack-hold-1500ms", "small", "b2a", "SYNACK", [1], "hold", 1500, {}),
    ("hsack-drop-server-speaks", "server_close", "a2b", "HSACK", [1], "drop", 0, {}),
    ("hsack-drop-client-speaks", "small", "a2b", "HSACK", [1], "drop", 0, {}),
    ("data-drop-3-up", "bulk_up", "a2b", "DATA", [3], "drop", 0, {}),
    ("data-drop-3-down", "bulk_down", "b2a", "DATA", [3], "drop", 0, {}),
    ("ack-drop-2-3-4-down", "bulk_down", "a2b", "ACK", [2, 3, 4], "drop", 0, {}),
    ("data-drop-after-fin", "half_close", "b2a", "DATA", [1], "drop", 0, {}),
    ("fin-drop-1-client", "client_close", "a2b", "FIN", [1], "drop", 0, {}),
    ("fin-drop-1-server", "server_close", "b2a", "FIN", [1], "drop", 0, {}),
    ("fin-drop-1-simul-close", "simul_close", "a2b", "FIN", [1], "drop", 0, {}),
    ("fin-dup-1", "half_close", "a2b", "FIN", [1], "dup", 0, {}),
    # The RST is never retransmitted: the server waits ABORT_WAIT, then closes (and its FIN
    # draws a second RST from the client's kernel).
    ("rst-drop-1-abort", "abort", "a2b", "RST", [1], "drop", 0,
     {"server": side(300, 300, "timeout")}),
    ("rst-drop-1-refused", "refused", "b2a", "RST", [1], "drop", 0, {}),
    ("syn-drop-1-simul-open", "simul_open", "a2b", "SYN", [1], "drop", 0, {}),
    # Every pure ACK of the server lost: its answers to the keep-alive probes too. After 3
    # unanswered probes (TCP_KEEPCNT) the client's kernel ends the connection with a RST.
    ("keepalive-unanswered", "keepalive", "b2a", "ACK", list(range(1, 31)), "drop", 0,
     {"server": side(100, 100, "ECONNRESET")}),
]


def error_name(exc):
    """A short name for what ended a connection: an errno name, 'timeout' or a protocol error."""
    if isinstance(exc, socket.timeout):
        return "timeout"
    if isinstance(exc, ProtocolError):
        return str(exc)
    if exc.errno:
        return errno.errorcode.get(exc.errno, str(exc.errno))
    return type(exc).__name__


# --- running one side --------------------------------------------------------------------------

CLONE_NEWNET = 0x40000000
LIBC = ctypes.CDLL(None, use_errno=True)


def socket_in_namespace(ns):
    """A TCP socket of network namespace `ns`, made by this thread (which then returns home)."""
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open(f"/run/netns/{ns}", os.O_RDONLY)
    try:
        if LIBC.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {ns}")
        try:
            return socket.socket()
        finally:
            if LIBC.setns(home, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
    finally:
        os.close(home)
        os.close(target)


def new_record(role):
    return {"role": role, "sent": 0, "received": 0, "data_ok": True, "error": None,
            "step": "start"}


def establish(entry, role, start, record):
    """A connected socket for one side of an "accept" or "refused" connection."""
    if role == "server":
        record["step"] = "accept"
        listener = socket.socket()
        try:
            listener.bind((SERVER_ADDR, entry["server_port"]))
            listener.listen(1)
            listener.settimeout(max(0.0, start - time.monotonic()) + CONNECT_TIMEOUT + 2.0)
            return listener.accept()[0]
        finally:
            listener.close()
    sock = socket.socket()
    try:
        sock.bind((CLIENT_ADDR, entry["client_port"]))
        time.sleep(max(0.0, start - time.monotonic()))
        record["step"] = "connect"
        record["connect_late_ms"] = round((time.monotonic() - start) * 1000.0, 3)
        sock.settimeout(CONNECT_TIMEOUT)
        sock.connect((SERVER_ADDR, entry["server_port"]))
    except OSError:
        sock.close()
        raise
    return sock


def finish_connect(sock):
    """Wait for a non-blocking connect() already under way; raise what it ended with."""
    _, writable, _ = select.select([], [sock], [], CONNECT_TIMEOUT)
    if not writable:
        raise socket.timeout("connect")
    error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if error:
        raise OSError(error, os.strerror(error))


def connection_thread(entry, role, t0, record, pending=None):
    """Run one connection's `role` side, recording the outcome in `record`.

    `pending` is a socket whose connect() was started by simultaneous_open."""
    scenario = SCENARIOS[entry["scenario"]]
    sock = pending
    try:
        if pending is not None:
            finish_connect(pending)
        else:
            sock = establish(entry, role, t0 + entry["start"], record)
        record["connected"] = round(time.monotonic() - t0, 4)
        sock.settimeout(OP_TIMEOUT)
        steps = scenario.client if role == "client" else scenario.server
        steps(Peer(sock, entry["index"], role, record))
        record["step"] = "done"
    except (OSError, ProtocolError) as exc:
        record["error"] = error_name(exc)
        if sock is not None:
            sock.close()
    record["end"] = round(time.monotonic() - t0, 4)
    record.pop("closed_at", None)


def simultaneous_open(entry, t0, records):
    """Both ends of a simultaneous open, from the client process: side b's socket is made in
    tcpm-b, and one thread calls the two connect()s microseconds apart, so the SYNs cross in the
    relay's delay however late a busy CPU wakes this thread. Then each end runs in its own thread."""
    start = t0 + entry["start"]
    ends = {"client": socket.socket(), "server": socket_in_namespace(SERVER_NS)}
    addresses = {"client": (CLIENT_ADDR, entry["client_port"]),
                 "server": (SERVER_ADDR, entry["server_port"])}
    try:
        for role, sock in ends.items():
            sock.bind(addresses[role])
            sock.setblocking(False)
    except OSError as exc:
        for role, sock in ends.items():
            sock.close()
            records[role]["error"] = error_name(exc)
            records[role]["end"] = round(time.monotonic() - t0, 4)
        return
    time.sleep(max(0.0, start - time.monotonic()))
    late = round((time.monotonic() - start) * 1000.0, 3)
    for role, sock in ends.items():
        records[role].update(step="connect", connect_late_ms=late)
        sock.connect_ex(addresses["server" if role == "client" else "client"])
    peer = threading.Thread(target=connection_thread,
                            args=(entry, "server", t0, records["server"], ends["server"]))
    peer.start()
    connection_thread(entry, "client", t0, records["client"], ends["client"])
    peer.join()


def run_side(role, plan, t0, deadline, out_path):
    """Start every connection of the plan at its time; write the records when all are done.

    The server process leaves out "refused" (nobody listens) and "simultaneous" (the client
    process runs both ends) connections."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    records = {"client": {}, "server": {}}
    jobs, threads = [], []
    for entry in plan["connections"]:
        how = SCENARIOS[entry["scenario"]].how
        if role == "server" and how != "accept":
            continue
        lead = LISTEN_LEAD if role == "server" else SPAWN_LEAD
        jobs.append((entry["start"] - lead, entry))
    for wake, entry in sorted(jobs, key=lambda job: job[0]):
        time.sleep(max(0.0, t0 + wake - time.monotonic()))
        index = entry["index"]
        if SCENARIOS[entry["scenario"]].how == "simultaneous":
            mine = {r: records[r].setdefault(index, new_record(r)) for r in ROLES}
            thread = threading.Thread(target=simultaneous_open, args=(entry, t0, mine))
        else:
            record = records[role][index] = new_record(role)
            thread = threading.Thread(target=connection_thread, args=(entry, role, t0, record))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(max(0.0, t0 + deadline - time.monotonic()))
    for side_records in records.values():
        for record in side_records.values():
            if "end" not in record:
                record["error"] = record["error"] or "unfinished"
    write_json(out_path, records)
    # Threads past the deadline are still blocked in a socket call: leave without them.
    sys.stdout.flush()
    os._exit(0)


# --- plan, run, manifest ----------------------------------------------------------------------

def make_plan(seed, count, rate, scripted):
    """Connections and, for the scripted configuration, the relay rules."""
    if scripted:  # every case at least once, then round and round
        count = max(count, len(SCRIPTED_CASES))
        cases = [SCRIPTED_CASES[i % len(SCRIPTED_CASES)] for i in range(count)]
        names = [case[1] for case in cases]
    else:
        cases = [None] * count
        names = [list(SCENARIOS)[i % len(SCENARIOS)] for i in range(count)]
        random.Random(f"{seed}/plan").shuffle(names)
    connections, rules = [], []
    for index, (name, case) in enumerate(zip(names, cases)):
        entry = {"index": index, "scenario": name, "case": case[0] if case else None,
                 "client_port": CLIENT_PORT_BASE + index, "server_port": SERVER_PORT_BASE + index,
                 "start": round(index / rate, 4),
                 "intent": dict(SCENARIOS[name].intent, **(case[7] if case else {}))}
        connections.append(entry)
        if case:
            _, _, direction, kind, nth, action, ms, _ = case
            rule = {"name": f"{case[0]}#{index}", "port": entry["server_port"], "dir": direction,
                    "match": kind, "nth": nth, "action": action}
            if action == "hold":
                rule["ms"] = ms
            rules.append(rule)
    return {"seed": seed, "rate": rate, "connections": connections}, rules


def ns_command(ns, *args):
    return ["ip", "netns", "exec", ns, *args]


def tcp_states(ns):
    """States of the TCP sockets in namespace `ns` that are neither listening nor in TIME-WAIT."""
    out = subprocess.run(ns_command(ns, "ss", "-Htan"), capture_output=True, text=True).stdout
    states = [line.split()[0] for line in out.splitlines() if line.strip()]
    return [s for s in states if s not in ("TIME-WAIT", "LISTEN")]


SYSCTLS = ["net.ipv4.tcp_congestion_control", "net.ipv4.tcp_sack", "net.ipv4.tcp_dsack",
           "net.ipv4.tcp_timestamps", "net.ipv4.tcp_window_scaling", "net.ipv4.tcp_ecn",
           "net.ipv4.tcp_syn_retries", "net.ipv4.tcp_synack_retries", "net.ipv4.tcp_retries2",
           "net.ipv4.tcp_orphan_retries", "net.ipv4.tcp_early_retrans", "net.ipv4.tcp_recovery",
           "net.ipv4.tcp_frto", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_syncookies",
           "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.ipv4.tcp_mtu_probing"]


def sysctls(ns):
    out = subprocess.run(ns_command(ns, "sysctl", *SYSCTLS), capture_output=True, text=True).stdout
    return dict(re.split(r"\s*=\s*", line, maxsplit=1) for line in out.splitlines() if "=" in line)


def intended(intent, client, server):
    """Did both sides do exactly what was intended?"""
    for role, record in (("client", client), ("server", server)):
        want = intent[role]
        if want is None:
            continue
        if record is None or not record["data_ok"] or any(
                record[key] != want[key] for key in ("sent", "received", "error")):
            return False
    return True


def run_plan(plan_path, out_path):
    plan = read_json(plan_path)
    last = max((c["start"] for c in plan["connections"]), default=0.0)
    deadline = last + CONNECT_TIMEOUT + 6 * OP_TIMEOUT  # per side; far beyond any healthy run
    t0 = time.monotonic() + STARTUP
    me = os.path.abspath(__file__)
    base = os.path.splitext(out_path)[0]
    sides = {}
    for role, ns in (("server", SERVER_NS), ("client", CLIENT_NS)):
        side_out = f"{base}.{role}.json"
        cmd = ns_command(ns, sys.executable, me, role, "--plan", plan_path, "--t0", repr(t0),
                         "--deadline", repr(deadline), "--out", side_out)
        sides[role] = (subprocess.Popen(cmd), side_out)
    for proc, _ in sides.values():
        try:
            proc.wait(timeout=max(1.0, t0 + deadline + 10.0 - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    traffic_end = time.monotonic()
    # The applications are done; the kernels may still be retransmitting FINs or waiting.
    while time.monotonic() - traffic_end < DRAIN_MAX and (tcp_states(CLIENT_NS)
                                                          or tcp_states(SERVER_NS)):
        time.sleep(0.25)
    lingering = {ns: collections.Counter(tcp_states(ns)) for ns in (CLIENT_NS, SERVER_NS)}
    records = {"client": {}, "server": {}}
    for _, side_out in sides.values():
        if os.path.exists(side_out):
            for role, side_records in read_json(side_out).items():
                records[role].update(side_records)
            os.remove(side_out)
    connections = []
    for entry in plan["connections"]:
        client = records["client"].get(str(entry["index"]))
        server = records["server"].get(str(entry["index"]))
        connections.append(dict(entry, client=client, server=server,
                                completed=intended(entry["intent"], client, server)))
    write_json(out_path, {
        "traffic_seconds": round(traffic_end - t0, 3),
        "drain_seconds": round(time.monotonic() - traffic_end, 3),
        "lingering_sockets": {ns: dict(c) for ns, c in lingering.items()},
        "sysctl": {ns: sysctls(ns) for ns in (CLIENT_NS, SERVER_NS)},
        "connections": connections,
    })


def tcpdump_stats(path):
    """'N packets captured' and 'N packets dropped by kernel' from a tcpdump log."""
    stats = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                m = re.match(r"(\d+) packets? (captured|received by filter|dropped by kernel)",
                             line.strip())
                if m:
                    stats[m.group(2).replace(" ", "_")] = int(m.group(1))
    return stats


def write_manifest(directory, config, description, seed, relay_seed, wall_seconds):
    """manifest.json of one configuration, from the plan, results and relay log in `directory`."""
    path = lambda name: os.path.join(directory, name)
    plan, results = read_json(path("plan.json")), read_json(path("results.json"))
    with open(path("relay.jsonl")) as f:
        lines = f.read().splitlines()
    start, stop = json.loads(lines[0]), json.loads(lines[-1])
    if stop.get("event") != "stop":
        stop = {}
    captures = {"client.pcap": tcpdump_stats(path("tcpdump-client.log")),
                "server.pcap": tcpdump_stats(path("tcpdump-server.log"))}
    if stop:  # what each capture should hold, from the relay's counts
        counts, devices = stop["counts"], stop["devices"]
        for name, out, into, dev in (("client.pcap", "a2b", "b2a", "tcpma"),
                                     ("server.pcap", "b2a", "a2b", "tcpmb")):
            captures[name]["expected"] = (
                counts[out]["packets"] + devices[dev]["tx"]["dropped"] + counts[into]["forwarded"]
                + counts[into]["duplicated"] - counts[into]["write_errors"])
    per_scenario = collections.OrderedDict()
    for c in results["connections"]:
        key = c["case"] or c["scenario"]
        row = per_scenario.setdefault(key, {"scenario": c["scenario"], "intended": 0,
                                            "completed": 0})
        row["intended"] += 1
        row["completed"] += c["completed"]
    manifest = {
        "configuration": config,
        "description": description,
        "seed": seed,
        "plan_seed": plan["seed"],
        "relay_seed": relay_seed,
        "connection_rate_per_s": plan["rate"],
        "faults": start["faults"],
        "rules": start["rules"],
        "topology": {
            "client": {"namespace": CLIENT_NS, "device": "tcpma", "address": CLIENT_ADDR,
                       "ports": f"{CLIENT_PORT_BASE}+i"},
            "server": {"namespace": SERVER_NS, "device": "tcpmb", "address": SERVER_ADDR,
                       "ports": f"{SERVER_PORT_BASE}+i"},
        },
        "files": {
            "client_pcap": "client.pcap",
            "server_pcap": "server.pcap",
            "fault_log": "relay.jsonl",
        },
        "capture_points": {
            "client.pcap": "tcpma in tcpm-a: client packets before the relay's faults, "
                           "server packets after them",
            "server.pcap": "tcpmb in tcpm-b: server packets before the relay's faults, "
                           "client packets after them",
        },
        "tcpdump": captures,
        "relay_counts": stop.get("counts"),
        "relay_unsent_at_stop": stop.get("unsent_at_stop"),
        "tun_devices": stop.get("devices"),
        "sysctl": results["sysctl"],
        "kernel": os.uname().release,
        "wall_seconds": wall_seconds,
        "traffic_seconds": results["traffic_seconds"],
        "drain_seconds": results["drain_seconds"],
        "lingering_sockets": results["lingering_sockets"],
        "scenarios": {name: s.doc for name, s in SCENARIOS.items()},
        "per_scenario": per_scenario,
        "connections": results["connections"],
    }
    write_json(path("manifest.json"), manifest)
    counts = stop.get("counts") or {}
    print(f"{config:9} {sum(c['completed'] for c in results['connections'])}/"
          f"{len(results['connections'])} connections as intended, "
          f"{sum(d['dropped'] for d in counts.values())} of "
          f"{sum(d['packets'] for d in counts.values())} packets dropped, {wall_seconds} s")


def read_json(path):
    with open(path) as f:
        return json.load(f)


def write_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not positive")
    return value


def positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not positive")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan", help="write a plan")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--connections", type=positive_int, required=True)
    p.add_argument("--rate", type=positive_float, default=100.0, help="connections started per s")
    p.add_argument("--scripted", action="store_true", help="the scripted-faults cases")
    p.add_argument("--out", required=True)
    p.add_argument("--rules-out", help="where to write the relay rules (with --scripted)")
    for role in ROLES:
        p = sub.add_parser(role, help=f"run the {role} side (inside its namespace)")
        p.add_argument("--plan", required=True)
        p.add_argument("--t0", type=float, required=True, help="CLOCK_MONOTONIC time of start 0")
        p.add_argument("--deadline", type=positive_float, required=True, help="s after t0")
        p.add_argument("--out", required=True)
    p = sub.add_parser("run", help="run both sides of a plan")
    p.add_argument("--plan", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("manifest", help="write manifest.json of a configuration directory")
    p.add_argument("--dir", required=True)
    p.add_argument("--config", required=True)
    p.add_argument("--description", default="")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--relay-seed", type=int, required=True)
    p.add_argument("--wall", type=float, required=True, help="wall seconds of the configuration")
    args = parser.parse_args(argv)
    if args.command == "plan":
        if args.connections > MAX_CONNECTIONS:
            parser.error(f"--connections is at most {MAX_CONNECTIONS}")
        if args.scripted != bool(args.rules_out):
            parser.error("--rules-out goes with --scripted, and only with it")
    return args


def main(argv):
    args = parse_args(argv)
    if args.command == "plan":
        plan, rules = make_plan(args.seed, args.connections, args.rate, args.scripted)
        write_json(args.out, plan)
        if args.rules_out:
            write_json(args.rules_out, rules)
    elif args.command in ROLES:
        run_side(args.command, read_json(args.plan), args.t0, args.deadline, args.out)
    elif args.command == "run":
        run_plan(args.plan, args.out)
    else:
        write_manifest(args.dir, args.config, args.description, args.seed, args.relay_seed,
                       args.wall)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
