using System;
using System.Runtime.CompilerServices;

namespace TcpModel;

/// <summary>
/// One event for <see cref="TcpConnection.Apply(in TcpEvent, TimeSpan)"/>: a user call, an
/// arriving segment or a timer expiry. Useful to drive a connection from data (tests, explorers).
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TcpEvent : IEquatable<TcpEvent>
{
    // The segment first: it is copied whole, and at offset 0 it stays 8-byte aligned.
    internal readonly TcpSegment _segment;
    private readonly SeqNum _iss;
    private readonly int _length;
    private readonly TcpEventKind _kind;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TcpEvent(TcpEventKind kind, SeqNum iss, int length, in TcpSegment segment)
    {
        _segment = segment;
        _iss = iss;
        _length = length;
        _kind = kind;
    }

    /// <summary>The kind of event.</summary>
    public TcpEventKind Kind => _kind;

    /// <summary>The initial send sequence number for an OPEN; the start of the range of a <see cref="TcpEventKind.RetransmitRange"/>.</summary>
    public SeqNum Iss => _iss;

    /// <summary>The byte count of a SEND or RECEIVE, the Fast Open data of an active OPEN, the length of a retransmitted range.</summary>
    public int Length => _length;

    /// <summary>The arriving segment of a <see cref="TcpEventKind.Segment"/> event.</summary>
    public TcpSegment Segment => _segment;

    /// <summary>Active OPEN with the given ISS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent OpenActive(SeqNum iss) => new(TcpEventKind.OpenActive, iss, 0, default);

    /// <summary>Active OPEN whose SYN carries <paramref name="fastOpenData"/> bytes (RFC 7413 §4.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent OpenActive(SeqNum iss, int fastOpenData) => new(TcpEventKind.OpenActive, iss, fastOpenData, default);

    /// <summary>An acknowledgment sent now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent AckNow() => new(TcpEventKind.AckNow, default, 0, default);

    /// <summary>A keep-alive probe sent now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent KeepAlive() => new(TcpEventKind.KeepAlive, default, 0, default);

    /// <summary>The outstanding range [<paramref name="from"/>, <paramref name="from"/> + <paramref name="length"/>) sent again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent RetransmitRange(SeqNum from, int length) => new(TcpEventKind.RetransmitRange, from, length, default);

    /// <summary>Passive OPEN; <paramref name="iss"/> is used when a SYN arrives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent OpenPassive(SeqNum iss) => new(TcpEventKind.OpenPassive, iss, 0, default);

    /// <summary>SEND of <paramref name="bytes"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent Send(int bytes) => new(TcpEventKind.Send, default, bytes, default);

    /// <summary>RECEIVE of up to <paramref name="bytes"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent Receive(int bytes) => new(TcpEventKind.Receive, default, bytes, default);

    /// <summary>CLOSE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent Close() => new(TcpEventKind.Close, default, 0, default);

    /// <summary>ABORT.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent Abort() => new(TcpEventKind.Abort, default, 0, default);

    /// <summary>STATUS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent Status() => new(TcpEventKind.Status, default, 0, default);

    /// <summary>SEGMENT ARRIVES.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent Arrive(in TcpSegment segment) => new(TcpEventKind.Segment, default, 0, segment);

    /// <summary>A timer check at the time passed to Apply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TcpEvent Timer() => new(TcpEventKind.Timer, default, 0, default);

    /// <inheritdoc />
    public bool Equals(TcpEvent other) => Kind == other.Kind && Iss == other.Iss && Length == other.Length && Segment == other.Segment;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TcpEvent other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Iss, Length, Segment);

    /// <summary>Equality.</summary>
    public static bool operator ==(TcpEvent a, TcpEvent b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TcpEvent a, TcpEvent b) => !a.Equals(b);

    /// <summary>A short description such as <c>SEND(100)</c> or <c>SEGMENT(...)</c>.</summary>
    public override string ToString() => Kind switch
    {
        TcpEventKind.OpenActive => Length > 0 ? $"OPEN(active, iss={Iss}, data={Length})" : $"OPEN(active, iss={Iss})",
        TcpEventKind.AckNow => "ACK-NOW",
        TcpEventKind.KeepAlive => "KEEP-ALIVE",
        TcpEventKind.RetransmitRange => $"RETRANSMIT({Iss}, {Length})",
        TcpEventKind.OpenPassive => $"OPEN(passive, iss={Iss})",
        TcpEventKind.Send => $"SEND({Length})",
        TcpEventKind.Receive => $"RECEIVE({Length})",
        TcpEventKind.Close => "CLOSE",
        TcpEventKind.Abort => "ABORT",
        TcpEventKind.Status => "STATUS",
        TcpEventKind.Segment => $"SEGMENT({Segment})",
        _ => "TIMER",
    };
}
