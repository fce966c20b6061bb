#!/usr/bin/python3
"""Hand-written connections with one defect each (or, for the out-of-window RST, none), written
with scapy as Ethernet pcaps (LINKTYPE_EN10MB, zero MACs, like tcpdump -i lo), checksums correct.
Client 127.0.0.1:<cport> (ISN 1000), server 127.0.0.1:<sport> (ISN 5000). Timestamps 1 ms apart.
Run with the system python (python3-scapy): /usr/bin/python3 craft_invalid.py <out-dir>"""
import os, sys
from scapy.all import Ether, IP, TCP, Raw, wrpcap

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")


def conn(cport, sport):
    frames = []

    def seg(from_client, flags, seq, ack, data=b"", win=65535):
        src, dst = (cport, sport) if from_client else (sport, cport)
        p = Ether(src="00:00:00:00:00:00", dst="00:00:00:00:00:00", type=0x0800) / \
            IP(src="127.0.0.1", dst="127.0.0.1", ttl=64, flags="DF") / \
            TCP(sport=src, dport=dst, flags=flags, seq=seq, ack=ack, window=win)
        if data:
            p = p / Raw(data)
        p.time = 1700000000 + len(frames) * 0.001
        frames.append(p)
    return frames, seg


def handshake(seg):
    seg(True, "S", 1000, 0)           # 1
    seg(False, "SA", 5000, 1001)      # 2
    seg(True, "A", 1001, 5001)        # 3


def write(name, frames):
    wrpcap(os.path.join(out, name), frames, linktype=1)


# 1. The ACK of a FIN that does not count the FIN (ack = FIN's own sequence number).
f, seg = conn(41001, 7001)
handshake(seg)
seg(True, "PA", 1001, 5001, b"hello")   # 4
seg(False, "A", 5001, 1006)             # 5
seg(True, "FA", 1006, 5001)             # 6  client FIN occupies 1006
seg(False, "A", 5001, 1006)             # 7  VIOLATION: after the FIN, RCV.NXT must be 1007
seg(False, "FA", 5001, 1007)            # 8
seg(True, "A", 1007, 5002)              # 9
write("crafted-fin-ack-not-counting-fin.pcap", f)

# 2. A SYN+ACK acknowledging the ISN itself (ack = ISN, not ISN+1); the client answers with the
#    RST that RFC 9293 §3.10.7.3 prescribes for an unacceptable ACK in SYN-SENT (seq = SEG.ACK).
f, seg = conn(41002, 7002)
seg(True, "S", 1000, 0)                 # 1
seg(False, "SA", 5000, 1000)            # 2  VIOLATION
seg(True, "R", 1000, 0)                 # 3
write("crafted-synack-acks-isn.pcap", f)

# 3. Data after the sender's own FIN.
f, seg = conn(41003, 7003)
handshake(seg)
seg(True, "FA", 1001, 5001)             # 4  FIN occupies 1001
seg(False, "A", 5001, 1002)             # 5
seg(True, "PA", 1002, 5001, b"late!")   # 6  VIOLATION: nothing may follow the FIN
seg(False, "FA", 5001, 1002)            # 7
seg(True, "A", 1002, 5002)              # 8
write("crafted-data-after-fin.pcap", f)

# 4. An ACK of data never sent.
f, seg = conn(41004, 7004)
handshake(seg)
seg(True, "PA", 1001, 5001, b"hello")   # 4  bytes 1001..1005
seg(False, "A", 5001, 1106)             # 5  VIOLATION: acknowledges up to 1105, never sent
seg(True, "FA", 1006, 5001)             # 6
seg(False, "FA", 5001, 1007)            # 7
seg(True, "A", 1007, 5002)              # 8
write("crafted-ack-of-unsent-data.pcap", f)

# 5. An out-of-window RST: NOT a violation and it must not change state (RFC 9293 §3.10.7.4,
#    first check; RFC 5961 §3.2: silently discarded when out of window). The connection goes on.
f, seg = conn(41005, 7005)
handshake(seg)
seg(True, "PA", 1001, 5001, b"hello")   # 4
seg(False, "A", 5001, 1006)             # 5
seg(False, "R", 5001 + 1000000, 0)      # 6  out of the client's receive window: ignored
seg(True, "PA", 1006, 5001, b"again")   # 7
seg(False, "A", 5001, 1011)             # 8
seg(True, "FA", 1011, 5001)             # 9
seg(False, "FA", 5001, 1012)            # 10
seg(True, "A", 1012, 5002)              # 11
write("crafted-out-of-window-rst.pcap", f)

# 6. A connection that stops early: the capture ends before the FIN is acknowledged.
f, seg = conn(41006, 7006)
handshake(seg)
seg(True, "PA", 1001, 5001, b"hello")   # 4
seg(False, "A", 5001, 1006)             # 5
seg(True, "FA", 1006, 5001)             # 6  never acknowledged in the capture
write("crafted-stops-before-fin-acked.pcap", f)
