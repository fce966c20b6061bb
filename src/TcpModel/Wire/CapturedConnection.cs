using System;

namespace TcpModel.Wire;

/// <summary>
/// What <see cref="TcpDemultiplexer"/> knows about one connection of a capture: its index, its two
/// ends (the client is the side that sent the first SYN), where it starts and ends in the capture,
/// and whether it has ended.
/// </summary>
/// <remarks>A snapshot: immutable value type; thread-safe.</remarks>
public readonly struct CapturedConnection
{
    internal CapturedConnection(int index, TcpEndpoint client, TcpEndpoint server, bool clientFromHandshake,
        long firstFrame, long lastFrame, long packetCount, bool clientFin, bool serverFin, bool reset)
    {
        Index = index;
        Client = client;
        Server = server;
        ClientFromHandshake = clientFromHandshake;
        FirstFrame = firstFrame;
        LastFrame = lastFrame;
        PacketCount = packetCount;
        ClientSentFin = clientFin;
        ServerSentFin = serverFin;
        ResetSeen = reset;
    }

    /// <summary>0-based index, in order of each connection's first packet.</summary>
    public int Index { get; }

    /// <summary>The side that sent the first SYN (without ACK); see <see cref="ClientFromHandshake"/>.</summary>
    public TcpEndpoint Client { get; }

    /// <summary>The other side.</summary>
    public TcpEndpoint Server { get; }

    /// <summary>
    /// True when the roles come from the handshake (a SYN, or a SYN+ACK whose receiver is the
    /// client). False when the capture began mid-connection: the client is then the sender of the
    /// first packet seen, a guess.
    /// </summary>
    public bool ClientFromHandshake { get; }

    /// <summary>Frame number of the connection's first packet.</summary>
    public long FirstFrame { get; }

    /// <summary>Frame number of its latest packet.</summary>
    public long LastFrame { get; }

    /// <summary>Packets assigned to it.</summary>
    public long PacketCount { get; }

    /// <summary>Whether the client sent a FIN.</summary>
    public bool ClientSentFin { get; }

    /// <summary>Whether the server sent a FIN.</summary>
    public bool ServerSentFin { get; }

    /// <summary>Whether either side sent a RST.</summary>
    public bool ResetSeen { get; }

    /// <summary>Ended: FIN both ways, or a RST. A new SYN on the same 4-tuple then opens a new connection.</summary>
    public bool IsEnded => ResetSeen || (ClientSentFin && ServerSentFin);

    /// <summary>Whether a packet from <paramref name="source"/> travels from client to server.</summary>
    [Pure]
    public bool IsFromClient(TcpEndpoint source) => source == Client;

    internal CapturedConnection WithPacket(bool fromClient, TcpFlags flags, long frame) => new(
        Index, Client, Server, ClientFromHandshake, FirstFrame, frame, PacketCount + 1,
        ClientSentFin || (fromClient && (flags & TcpFlags.Fin) != 0),
        ServerSentFin || (!fromClient && (flags & TcpFlags.Fin) != 0),
        ResetSeen || (flags & TcpFlags.Rst) != 0);

    /// <summary>For example <c>#0 127.0.0.1:40000 → 127.0.0.1:80 frames 1–10 (10 packets, ended)</c>.</summary>
    public override string ToString()
        => FormattableString.Invariant($"#{Index} {Client} → {Server} frames {FirstFrame}–{LastFrame} ({PacketCount} packets{(IsEnded ? ", ended" : "")})");
}
