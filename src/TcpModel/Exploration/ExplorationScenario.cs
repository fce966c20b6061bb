using System;
using System.Collections.Generic;

namespace TcpModel.Exploration;

/// <summary>How the two endpoints open.</summary>
public enum ExplorationOpen : byte
{
    /// <summary>The client makes an active OPEN, the server a passive one (LISTEN): the textbook handshake.</summary>
    ClientServer = 0,
    /// <summary>Both make an active OPEN to each other at once (RFC 9293 §3.5, Figure 8).</summary>
    Simultaneous = 1,
}

/// <summary>Which handshake the server runs.</summary>
public enum ExplorationHandshake : byte
{
    /// <summary>RFC 9293's three-way handshake (§3.5): the server is ESTABLISHED once its SYN is acknowledged.</summary>
    ThreeWay = 0,
    /// <summary>
    /// A deliberately broken variant for teaching "why three, not two": the server enters ESTABLISHED as
    /// soon as it sends its SYN,ACK (its SYN counts as acknowledged). An old duplicate SYN then opens a
    /// connection the client never asked for (RFC 9293 §3.5, Figure 9 shows the three-way cure).
    /// </summary>
    TwoWay = 1,
}

/// <summary>The user calls a scenario lets each endpoint make, at most once each, at any moment they apply.</summary>
[Flags]
public enum ExplorationCalls : byte
{
    /// <summary>No user calls after the OPENs.</summary>
    None = 0,
    /// <summary>The client may CLOSE (RFC 9293 §3.10.4) while ESTABLISHED or in CLOSE-WAIT.</summary>
    ClientClose = 1,
    /// <summary>The server may CLOSE while ESTABLISHED or in CLOSE-WAIT.</summary>
    ServerClose = 2,
    /// <summary>The client may ABORT (§3.10.5) in any synchronized state.</summary>
    ClientAbort = 4,
    /// <summary>The server may ABORT in any synchronized state.</summary>
    ServerAbort = 8,
    /// <summary>The client may SEND <see cref="ExplorationScenario.SendBytes"/> bytes once while ESTABLISHED or in CLOSE-WAIT.</summary>
    ClientSend = 16,
    /// <summary>The server may SEND <see cref="ExplorationScenario.SendBytes"/> bytes once while ESTABLISHED or in CLOSE-WAIT.</summary>
    ServerSend = 32,
    /// <summary>Both may CLOSE: the four-way teardown, either side first or both at once.</summary>
    BothClose = ClientClose | ServerClose,
}

/// <summary>
/// What an exhaustive exploration (<see cref="Explorer"/>) ranges over: two endpoints with their
/// settings, how they open, the ISNs each may choose, the user calls allowed, and the network between
/// them (two FIFO channels of a bounded capacity that may lose, duplicate and, when asked, reorder).
/// </summary>
/// <remarks>
/// Immutable; build variants with <c>with</c>. Every choice is a bound of the search: the explorer
/// visits every interleaving of deliveries, losses, duplications, timer expiries and allowed user
/// calls within them. Time is not a free choice: timers fire in deadline order (the earliest of both
/// endpoints first), and a segment may arrive at any moment before or after any timer.
/// </remarks>
public sealed record ExplorationScenario
{
    /// <summary>The client's settings (before <see cref="MaxRetransmissions"/> is applied).</summary>
    public TcpSettings ClientSettings { get; init; } = TcpSettings.Rfc9293;

    /// <summary>The server's settings (before <see cref="MaxRetransmissions"/> is applied).</summary>
    public TcpSettings ServerSettings { get; init; } = TcpSettings.Rfc9293;

    /// <summary>How the endpoints open.</summary>
    public ExplorationOpen Open { get; init; } = ExplorationOpen.ClientServer;

    /// <summary>Whether the client opens at all (false: it stays CLOSED, as after a crash; for <see cref="OldDuplicateSyn"/>).</summary>
    public bool ClientOpens { get; init; } = true;

    /// <summary>The ISNs the client may choose; each is a separate start of the search. The default {0, 2³²−1} makes SYN and FIN wrap.</summary>
    public IReadOnlyList<SeqNum> ClientIsns { get; init; } = new[] { new SeqNum(0), new SeqNum(uint.MaxValue) };

    /// <summary>The ISNs the server may choose.</summary>
    public IReadOnlyList<SeqNum> ServerIsns { get; init; } = new[] { new SeqNum(0), new SeqNum(uint.MaxValue) };

    /// <summary>The client's port.</summary>
    public ushort ClientPort { get; init; } = 40000;

    /// <summary>The server's port.</summary>
    public ushort ServerPort { get; init; } = 80;

    /// <summary>Segments each direction holds at once, 1 to <see cref="MaxChannelCapacity"/>; a segment sent into a full channel is lost.</summary>
    public int ChannelCapacity { get; init; } = 2;

    /// <summary>The largest <see cref="ChannelCapacity"/>.</summary>
    public const int MaxChannelCapacity = 4;

    /// <summary>Whether the network may lose any segment it carries (decided as it is sent: see <see cref="ExplorationFate"/>).</summary>
    public bool Loss { get; init; } = true;

    /// <summary>Whether the network may duplicate any segment it carries (once; the copy follows it).</summary>
    public bool Duplication { get; init; } = true;

    /// <summary>Whether any segment in flight may arrive next, not only the oldest.</summary>
    public bool Reordering { get; init; }

    /// <summary>
    /// Caps both <see cref="TcpSettings.MaxSynRetransmissions"/> and <see cref="TcpSettings.MaxRetransmissions"/>
    /// (a bound of the search: 2 retransmissions of a segment, then the endpoint gives up); null keeps the settings'.
    /// </summary>
    public int? MaxRetransmissions { get; init; } = 2;

    /// <summary>The user calls allowed after the OPENs.</summary>
    public ExplorationCalls Calls { get; init; } = ExplorationCalls.BothClose;

    /// <summary>Bytes of one SEND call (<see cref="ExplorationCalls.ClientSend"/>, <see cref="ExplorationCalls.ServerSend"/>).</summary>
    public int SendBytes { get; init; } = 1;

    /// <summary>The server's handshake.</summary>
    public ExplorationHandshake Handshake { get; init; } = ExplorationHandshake.ThreeWay;

    /// <summary>
    /// An old duplicate SYN from an earlier incarnation of the connection (RFC 9293 §3.5, Figure 9), in
    /// flight to the server when the search starts, with this sequence number; null for none.
    /// </summary>
    public SeqNum? OldDuplicateSyn { get; init; }

    /// <summary>The textbook case: handshake and four-way close over a lossy, duplicating network, with <paramref name="settings"/> at both ends.</summary>
    public static ExplorationScenario HandshakeAndClose(TcpSettings settings) => new() { ClientSettings = settings, ServerSettings = settings };

    /// <summary>Simultaneous open and simultaneous close (RFC 9293 §3.5 Figure 8, §3.6 Figure 13).</summary>
    public static ExplorationScenario SimultaneousOpenAndClose(TcpSettings settings) =>
        HandshakeAndClose(settings) with { Open = ExplorationOpen.Simultaneous };

    /// <summary>
    /// "Why three handshakes, not two": an old duplicate SYN (sequence 1000) reaches the server while the
    /// client, which has no connection, stays CLOSED. With <see cref="ExplorationHandshake.TwoWay"/> the
    /// server opens a connection nobody asked for.
    /// </summary>
    public static ExplorationScenario OldDuplicate(TcpSettings settings, ExplorationHandshake handshake) =>
        HandshakeAndClose(settings) with { ClientOpens = false, OldDuplicateSyn = new SeqNum(1000), Handshake = handshake, ClientIsns = new[] { new SeqNum(0) } };

    internal void Validate()
    {
        if (ClientSettings is null || ServerSettings is null) throw new ArgumentException("The scenario needs settings for both endpoints.");
        ClientSettings.Validate();
        ServerSettings.Validate();
        if (ChannelCapacity is < 1 or > MaxChannelCapacity) throw new ArgumentException($"ChannelCapacity must be 1 to {MaxChannelCapacity}, got {ChannelCapacity}.");
        if (ClientIsns is null || ServerIsns is null || ClientIsns.Count == 0 || ServerIsns.Count == 0) throw new ArgumentException("Each endpoint needs at least one ISN to choose.");
        if (MaxRetransmissions is < 0 or > 255) throw new ArgumentException("MaxRetransmissions must be 0 to 255.");
        if (SendBytes is < 1 or > 65535) throw new ArgumentException("SendBytes must be 1 to 65535.");
        if (!ClientOpens && Open == ExplorationOpen.Simultaneous) throw new ArgumentException("A simultaneous open needs the client to open.");
    }

    internal TcpSettings EffectiveSettings(TcpSettings s) =>
        MaxRetransmissions is int n ? s with { MaxSynRetransmissions = Math.Min(n, s.MaxSynRetransmissions), MaxRetransmissions = Math.Min(n, s.MaxRetransmissions) } : s;
}
