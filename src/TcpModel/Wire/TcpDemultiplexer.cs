using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace TcpModel.Wire;

/// <summary>
/// Groups TCP packets into connections by 4-tuple, whichever way they travel. A SYN without ACK on
/// a 4-tuple whose connection has ended (FIN both ways, or RST) opens a new connection: ports are
/// reused, and RFC 9293 §3.6.1 lets a SYN reopen a 4-tuple from TIME-WAIT.
/// </summary>
/// <remarks>
/// Memory is bounded by the connections not yet forgotten: <see cref="Forget"/> frees a connection's
/// slot for the next one (a capture checker forgets a connection once it has reported it).
/// <see cref="Add(in DecodedPacket)"/> allocates only when the tables grow. Not thread-safe.
/// </remarks>
public sealed class TcpDemultiplexer
{
    private readonly Dictionary<FourTuple, int> _latest = new(); // 4-tuple -> slot of its latest connection
    private readonly RefList<CapturedConnection> _slots = new();
    private readonly RefList<long> _synSeq = new(); // by slot: the sequence number of the SYN that opened it (−1: none seen)
    private readonly Stack<int> _free = new();
    private readonly Dictionary<int, int> _slotOf = new(); // connection index -> slot, for connections not forgotten
    private int _count;

    /// <summary>Connections seen so far (forgotten ones included): the next connection's index.</summary>
    public int ConnectionCount => _count;

    /// <summary>Connections seen and not forgotten.</summary>
    public int LiveConnectionCount => _slotOf.Count;

    /// <summary>A snapshot of connection <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a connection seen and not forgotten.</exception>
    public CapturedConnection GetConnection(int index) =>
        _slotOf.TryGetValue(index, out int slot) ? _slots[slot] : throw new ArgumentOutOfRangeException(nameof(index), index, "No such connection (or it was forgotten).");

    /// <summary>Forgets every connection, keeping the tables' capacity for the next capture (no allocation until they grow again).</summary>
    public void Clear()
    {
        _latest.Clear();
        _slots.Clear();
        _synSeq.Clear();
        _free.Clear();
        _slotOf.Clear();
        _count = 0;
    }

    /// <summary>
    /// Forgets connection <paramref name="index"/>: its slot serves the next connection, and a later
    /// packet of its 4-tuple opens a new connection. Unknown or forgotten indexes are ignored.
    /// </summary>
    public void Forget(int index)
    {
        if (!_slotOf.Remove(index, out int slot)) return;
        CapturedConnection c = _slots[slot];
        var key = new FourTuple(c.Client, c.Server);
        if (_latest.TryGetValue(key, out int latest) && latest == slot) _latest.Remove(key);
        _free.Push(slot);
    }

    /// <summary>Assigns a decoded packet; packets that are not TCP (<see cref="DecodedPacket.IsTcp"/> false) are not assigned.</summary>
    public DemuxAssignment Add(in DecodedPacket packet)
        => packet.IsTcp ? Add(packet.SourceEndpoint, packet.DestinationEndpoint, packet.Segment.Flags, packet.FrameNumber, packet.Segment.Seq.Value) : new DemuxAssignment(-1, false, false, -1);

    /// <summary>Assigns a packet given its endpoints, control bits and frame number.</summary>
    public DemuxAssignment Add(TcpEndpoint source, TcpEndpoint destination, TcpFlags flags, long frameNumber) => Add(source, destination, flags, frameNumber, -1);

    /// <remarks>
    /// A SYN on the 4-tuple of an ended connection opens a new one, unless it repeats the sequence
    /// number of the SYN that opened that one: a retransmission (its RST was lost, or the refusal came
    /// before it), counted as Wireshark counts it (packet-tcp.c starts a new stream on port reuse only
    /// for a SYN with another sequence number).
    /// </remarks>
    private DemuxAssignment Add(TcpEndpoint source, TcpEndpoint destination, TcpFlags flags, long frameNumber, long seq)
    {
        var key = new FourTuple(source, destination);
        bool synOnly = (flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
        bool opens = !_latest.TryGetValue(key, out int slot) || (synOnly && _slots[slot].IsEnded && (seq < 0 || _synSeq[slot] != seq));
        if (opens)
        {
            // The client sent the SYN; a SYN+ACK's receiver is the client; otherwise guess the sender.
            bool synAck = (flags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack);
            TcpEndpoint client = synAck ? destination : source;
            TcpEndpoint server = synAck ? source : destination;
            int index = _count++;
            var opened = new CapturedConnection(index, client, server, synOnly || synAck, frameNumber, frameNumber, 0, false, false, false);
            if (_free.Count > 0) _slots[slot = _free.Pop()] = opened;
            else { slot = _slots.Count; _slots.Add(opened); _synSeq.Add(-1); }
            _synSeq[slot] = synOnly ? seq : -1;
            _latest[key] = slot;
            _slotOf[index] = slot;
        }
        ref CapturedConnection c = ref _slots[slot];
        bool fromClient = c.IsFromClient(source);
        c = c.WithPacket(fromClient, flags, frameNumber);
        return new DemuxAssignment(c.Index, fromClient, opens, slot);
    }
}

/// <summary>A 4-tuple as a dictionary key, the same whichever way a packet travels, hashed with one mix per address.</summary>
internal readonly struct FourTuple : IEquatable<FourTuple>
{
    private readonly TcpEndpoint _low, _high;

    public FourTuple(TcpEndpoint a, TcpEndpoint b)
    {
        bool ordered = a.CompareTo(b) <= 0;
        _low = ordered ? a : b;
        _high = ordered ? b : a;
    }

    public bool Equals(FourTuple other) => _low == other._low && _high == other._high;

    public override bool Equals(object? obj) => obj is FourTuple other && Equals(other);

    public override int GetHashCode()
    {
        ulong h = _low.Address.Mix() + (_high.Address.Mix() << 1) + ((ulong)_low.Port << 16 | _high.Port) * 0x94D049BB133111EBUL;
        return (int)(h ^ (h >> 32));
    }
}
