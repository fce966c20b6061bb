#!/usr/bin/env python3
"""Drives the Linux kernel's TCP on LOOPBACK ONLY (127.0.0.1 / ::1) to produce one behaviour per run.

Usage: scenarios.py <name> <port>   (capture.sh runs it under tcpdump -i lo)
Every scenario uses the fixed server port given; clients bind to port+1 where a fixed client port
is needed (simultaneous open). Nothing here touches a non-loopback address.
"""
import os, socket, struct, sys, threading, time

V4, V6 = "127.0.0.1", "::1"
DELACK = 0.5  # longer than Linux's delayed-ACK timer (40 ms .. 200 ms): forces a pure ACK first


def listener(port, host=V4, backlog=8):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(backlog)
    return s


def read_all(c):
    data = b""
    while True:
        b = c.recv(4096)
        if not b:
            return data
        data += b


def exchange(port, who_closes_first, four_segment, host=V4):
    """Handshake, 5 bytes each way, then a close by one side; the other closes right after EOF
    (three-segment close: FIN / FIN+ACK / ACK) or after the delayed-ACK timer (four segments)."""
    srv = listener(port, host)
    done = threading.Event()

    def server():
        c, _ = srv.accept()
        c.recv(5)
        c.sendall(b"world")
        if who_closes_first == "server":
            time.sleep(0.1)
            c.close()
        else:
            read_all(c)  # EOF = client's FIN
            if four_segment:
                time.sleep(DELACK)
            c.close()
        done.set()

    t = threading.Thread(target=server); t.start()
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    cl = socket.socket(fam, socket.SOCK_STREAM)
    cl.connect((host, port))
    cl.sendall(b"hello")
    cl.recv(5)
    if who_closes_first == "client":
        time.sleep(0.1)
        cl.close()
    else:
        read_all(cl)
        if four_segment:
            time.sleep(DELACK)
        cl.close()
    t.join(); srv.close()


def half_close(port):
    """Client shuts down its sending side; the server keeps sending, then closes."""
    srv = listener(port)

    def server():
        c, _ = srv.accept()
        assert read_all(c) == b"request"
        for _ in range(3):
            c.sendall(b"chunk")
            time.sleep(0.05)
        c.close()

    t = threading.Thread(target=server); t.start()
    cl = socket.socket(); cl.connect((V4, port))
    cl.sendall(b"request")
    cl.shutdown(socket.SHUT_WR)
    got = read_all(cl)
    assert got == b"chunk" * 3, got
    cl.close(); t.join(); srv.close()


def refused(port):
    cl = socket.socket()
    try:
        cl.connect((V4, port))
        raise SystemExit("unexpected: something listens on %d" % port)
    except ConnectionRefusedError:
        pass
    cl.close()


def abort(port):
    """SO_LINGER {on, 0 s} then close(): the kernel sends RST instead of FIN."""
    srv = listener(port)

    def server():
        c, _ = srv.accept()
        c.recv(5)
        time.sleep(0.3)
        try:
            c.recv(10)
        except ConnectionResetError:
            pass
        c.close()

    t = threading.Thread(target=server); t.start()
    cl = socket.socket(); cl.connect((V4, port))
    cl.sendall(b"hello")
    time.sleep(0.1)
    cl.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    cl.close(); t.join(); srv.close()


def _spin_until(t_ns):
    while time.monotonic_ns() < t_ns:
        pass


def _at_once(action_a, action_b):
    """Runs action_a in a forked child and action_b here, both released at the same instant by
    busy-waiting on the monotonic clock (two processes: no GIL between them, ~microsecond skew).
    Returns (child exit status, result of action_b)."""
    t = time.monotonic_ns() + 200_000_000
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            _spin_until(t)
            action_a()
        except OSError:
            code = 3
        os._exit(code)
    _spin_until(t)
    try:
        action_b(); mine = 0
    except OSError:
        mine = 3
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), mine


def simultaneous_open(port):
    """Two sockets bound to fixed ports connect() to each other at the same instant (RFC 9293
    §3.5 figure 8). Exits with status 3 if either connect failed (the SYNs did not cross: the
    first SYN met a port with no socket in SYN-SENT and drew a RST); record-all.sh retries."""
    pa, pb = port, port + 1
    a = socket.socket(); a.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); a.bind((V4, pa))
    b = socket.socket(); b.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); b.bind((V4, pb))

    def side_a():
        b.close()
        a.connect((V4, pb))
        a.sendall(b"ping")
        time.sleep(0.2)
        a.close()

    def side_b():
        b.connect((V4, pa))

    child, mine = _at_once(side_a, side_b)
    a.close()
    if child or mine:
        b.close(); raise SystemExit(3)
    assert b.recv(4) == b"ping"
    b.recv(1)          # EOF
    time.sleep(0.05)
    b.close()


def simultaneous_close(port):
    """After the handshake and a little data, both ends shutdown(SHUT_WR) at the same instant
    (RFC 9293 §3.6 figure 13). record-all.sh keeps the run only if the FINs crossed."""
    srv = listener(port)
    cl = socket.socket(); cl.connect((V4, port))
    c, _ = srv.accept(); srv.close()
    cl.sendall(b"ping"); assert c.recv(4) == b"ping"
    time.sleep(0.1)

    def side_server():
        cl.close()
        c.shutdown(socket.SHUT_WR)
        time.sleep(0.3)
        c.close()

    def side_client():
        cl.shutdown(socket.SHUT_WR)

    _at_once(side_server, side_client)
    c.close()
    time.sleep(0.1)
    cl.close()


def data_on_third_segment(port):
    """TCP_DEFER_ACCEPT on the *client* puts it in 'pingpong' mode: Linux delays the ACK of the
    SYN+ACK (tcp_rcv_synsent_state_process), so the first data segment carries it."""
    srv = listener(port)

    def server():
        c, _ = srv.accept()
        c.recv(5); c.sendall(b"world"); read_all(c); c.close()

    t = threading.Thread(target=server); t.start()
    cl = socket.socket()
    cl.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 1)
    cl.connect((V4, port))
    cl.sendall(b"hello")
    cl.recv(5); cl.close(); t.join(); srv.close()


def tfo(port, prime):
    """TCP Fast Open (RFC 7413). prime=True fetches the cookie (run before the capture starts);
    the captured run then carries data on the SYN. Needs net.ipv4.tcp_fastopen=3."""
    srv = listener(port)
    srv.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN, 5)

    def server():
        c, _ = srv.accept()
        c.recv(5); c.sendall(b"world"); read_all(c); c.close()

    t = threading.Thread(target=server); t.start()
    cl = socket.socket()
    cl.sendto(b"hello", socket.MSG_FASTOPEN, (V4, port))
    cl.recv(5); cl.close(); t.join(); srv.close()


def syn_retransmission(port):
    """A listener whose accept queue is full drops a new SYN (tcp_conn_request); the client
    retransmits it after the initial RTO (1 s). Then the queue is drained and the SYN succeeds."""
    srv = listener(port, backlog=0)  # backlog 0: the queue holds one established connection
    first = socket.socket(); first.connect((V4, port))  # fills the accept queue
    time.sleep(0.1)
    box = {}

    def second():
        s = socket.socket(); s.bind((V4, port + 1))
        s.connect((V4, port)); box["s"] = s

    t = threading.Thread(target=second); t.start()
    time.sleep(1.5)           # the first SYN was dropped, the retransmission (at ~1 s) too or not yet
    c1, _ = srv.accept()      # frees the queue
    t.join(10)
    c2, _ = srv.accept()
    box["s"].sendall(b"late"); c2.recv(4)
    box["s"].close(); read_all(c2); c2.close()
    c1.close(); first.close(); srv.close()


if __name__ == "__main__":
    name, port = sys.argv[1], int(sys.argv[2])
    {
        "client-close-3seg": lambda: exchange(port, "client", False),
        "client-close-4seg": lambda: exchange(port, "client", True),
        "server-close-3seg": lambda: exchange(port, "server", False),
        "server-close-4seg": lambda: exchange(port, "server", True),
        "ipv6": lambda: exchange(port, "client", False, V6),
        "half-close": lambda: half_close(port),
        "refused": lambda: refused(port),
        "abort": lambda: abort(port),
        "simultaneous-open": lambda: simultaneous_open(port),
        "simultaneous-close": lambda: simultaneous_close(port),
        "data-on-third-segment": lambda: data_on_third_segment(port),
        "tfo-prime": lambda: tfo(port, True),
        "tfo": lambda: tfo(port, False),
        "syn-retransmission": lambda: syn_retransmission(port),
    }[name]()
