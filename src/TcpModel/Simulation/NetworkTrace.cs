using System;
using TcpModel.Wire;

namespace TcpModel.Simulation;

/// <summary>What happened to a segment at one point of a <see cref="Network"/> run.</summary>
public enum NetworkTraceKind : byte
{
    /// <summary>It left its host (and the link will deliver it).</summary>
    Sent,
    /// <summary>It reached its destination host (a duplicate arrives twice).</summary>
    Delivered,
    /// <summary>It left its host and the link lost it (<see cref="NetworkTraceEntry.DropReason"/> says why).</summary>
    Lost,
}

/// <summary>Why a link lost a segment.</summary>
public enum NetworkDropReason : byte
{
    /// <summary>Not lost.</summary>
    None,
    /// <summary>Random or bursty loss (<see cref="LinkConditions.Loss"/>, <see cref="LinkConditions.LossModel"/>).</summary>
    Loss,
    /// <summary>A partition was in force.</summary>
    Partition,
    /// <summary>Larger than the link's MTU.</summary>
    Mtu,
    /// <summary>The link's queue was full.</summary>
    QueueFull,
    /// <summary>A scripted <see cref="SegmentFault"/>.</summary>
    Scripted,
    /// <summary>Sent to an address outside the network (a SYN flood's spoofed source): nothing there.</summary>
    NoHost,
}

/// <summary>
/// One line of a run's trace. <see cref="Connection"/> is the sending connection for
/// <see cref="NetworkTraceKind.Sent"/> and <see cref="NetworkTraceKind.Lost"/>, the receiving one for
/// <see cref="NetworkTraceKind.Delivered"/> (none when nothing listens on the port: the host answers
/// for itself); <see cref="State"/> is that connection's state afterwards.
/// </summary>
/// <param name="Time">Simulated time.</param>
/// <param name="Kind">Sent, delivered or lost.</param>
/// <param name="Connection">The connection concerned; null for a segment no connection took.</param>
/// <param name="State">That connection's state after the event.</param>
/// <param name="From">The sending host (index −1: an address outside the network, such as a SYN flood's spoofed source).</param>
/// <param name="To">The receiving host (index −1: outside the network).</param>
/// <param name="Source">The sender's address.</param>
/// <param name="Destination">The receiver's address.</param>
/// <param name="Segment">The segment.</param>
/// <param name="Rule">The rule that decided the transition: the one that sent it (sent, lost) or the one that took it (delivered).</param>
/// <param name="DropReason">Why it was lost, for <see cref="NetworkTraceKind.Lost"/>.</param>
public readonly record struct NetworkTraceEntry(TimeSpan Time, NetworkTraceKind Kind, ConnectionId? Connection, TcpState State,
    HostId From, HostId To, InlineIPAddress Source, InlineIPAddress Destination, TcpSegment Segment, TcpRule Rule, NetworkDropReason DropReason = NetworkDropReason.None);

/// <summary>Where a pcap written from a trace was captured.</summary>
public enum CapturePoint : byte
{
    /// <summary>As segments leave their hosts (what tcpdump on every host shows, merged): lost segments appear, duplicates do not.</summary>
    Senders,
    /// <summary>As segments reach their hosts: lost segments are missing, duplicates appear twice.</summary>
    Receivers,
}

/// <summary>Counts of one run.</summary>
/// <param name="Events">Events processed (deliveries, timers that were due, user calls).</param>
/// <param name="SegmentsSent">Segments that left their hosts.</param>
/// <param name="SegmentsDelivered">Segments that reached their hosts (duplicates included).</param>
/// <param name="SegmentsLost">Segments the links lost.</param>
/// <param name="SegmentsDuplicated">Extra copies the links made.</param>
/// <param name="Retransmissions">Segments that carried sequence space their sender had sent before.</param>
/// <param name="ResetsFromClosedPorts">RSTs hosts sent for segments to ports with nothing there (RFC 9293 §3.10.7.1).</param>
public readonly record struct NetworkStats(long Events, long SegmentsSent, long SegmentsDelivered, long SegmentsLost,
    long SegmentsDuplicated, long Retransmissions, long ResetsFromClosedPorts);

/// <summary>One connection of a run: where it is and what it is.</summary>
/// <param name="Id">The connection.</param>
/// <param name="Host">The host it lives on.</param>
/// <param name="RemoteAddress">The peer's address.</param>
/// <param name="Peer">The peer's connection, once known (the network joins them when the SYN is taken).</param>
/// <param name="Tcp">The TCB now.</param>
/// <param name="BytesSent">Bytes the application gave to SEND.</param>
/// <param name="BytesReceived">Bytes the application read, in order.</param>
/// <param name="IsClient">Whether it made the active OPEN.</param>
/// <param name="PeerClosed">Whether the peer's FIN arrived (in order, after all its data: RFC 9293 §3.10.7.4, eighth check).</param>
/// <param name="OpenedAt">When it was opened: the active OPEN, or the SYN's arrival at a listener.</param>
/// <param name="ConnectedAt">When it was told "connected" (ESTABLISHED), if it was.</param>
public readonly record struct NetworkConnection(ConnectionId Id, HostId Host, InlineIPAddress RemoteAddress, ConnectionId? Peer,
    TcpConnection Tcp, long BytesSent, long BytesReceived, bool IsClient, bool PeerClosed, TimeSpan OpenedAt, TimeSpan? ConnectedAt);
