using System;
using System.Collections.Generic;

namespace TcpModel.Wire;

/// <summary>
/// Groups TCP packets into connections by 4-tuple, whichever way they travel. A SYN without ACK on
/// a 4-tuple whose connection has ended (FIN both ways, or RST) opens a new connection: ports are
/// reused, and RFC 9293 §3.6.1 lets a SYN reopen a 4-tuple from TIME-WAIT.
/// </summary>
/// <remarks>
/// Memory grows with the number of connections, not of packets; <see cref="Add(in DecodedPacket)"/>
/// allocates only when it opens a connection (and the tables grow). Not thread-safe.
/// </remarks>
public sealed class TcpDemultiplexer
{
    private readonly Dictionary<(TcpEndpoint Low, TcpEndpoint High), int> _latest = new();
    private readonly List<CapturedConnection> _connections = new();

    /// <summary>Connections seen so far.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>A snapshot of connection <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="ConnectionCount"/>.</exception>
    public CapturedConnection GetConnection(int index) => _connections[index];

    /// <summary>Forgets every connection, keeping the tables' capacity for the next capture (no allocation until they grow again).</summary>
    public void Clear()
    {
        _latest.Clear();
        _connections.Clear();
    }

    /// <summary>Assigns a decoded packet; packets that are not TCP (<see cref="DecodedPacket.IsTcp"/> false) are not assigned.</summary>
    public DemuxAssignment Add(in DecodedPacket packet)
        => packet.IsTcp ? Add(packet.SourceEndpoint, packet.DestinationEndpoint, packet.Segment.Flags, packet.FrameNumber) : new DemuxAssignment(-1, false, false);

    /// <summary>Assigns a packet given its endpoints, control bits and frame number.</summary>
    public DemuxAssignment Add(TcpEndpoint source, TcpEndpoint destination, TcpFlags flags, long frameNumber)
    {
        var key = source.CompareTo(destination) <= 0 ? (source, destination) : (destination, source);
        bool synOnly = (flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
        bool opens = !_latest.TryGetValue(key, out int index) || (synOnly && _connections[index].IsEnded);
        if (opens)
        {
            // The client sent the SYN; a SYN+ACK's receiver is the client; otherwise guess the sender.
            bool synAck = (flags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack);
            TcpEndpoint client = synAck ? destination : source;
            TcpEndpoint server = synAck ? source : destination;
            index = _connections.Count;
            _connections.Add(new CapturedConnection(index, client, server, synOnly || synAck, frameNumber, frameNumber, 0, false, false, false));
            _latest[key] = index;
        }
        CapturedConnection c = _connections[index];
        bool fromClient = c.IsFromClient(source);
        _connections[index] = c.WithPacket(fromClient, flags, frameNumber);
        return new DemuxAssignment(index, fromClient, opens);
    }
}
