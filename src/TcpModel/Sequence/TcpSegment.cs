using System;
using System.Globalization;

namespace TcpModel;

/// <summary>
/// One TCP segment as the connection model sees it: ports, sequence and acknowledgment numbers,
/// control bits, the window field, options, and the payload as a length (the model tracks
/// sequence space, not content).
/// </summary>
/// <remarks>Immutable value type; thread-safe. Construction never allocates.</remarks>
public readonly struct TcpSegment : IEquatable<TcpSegment>
{
    /// <summary>Creates a segment.</summary>
    /// <param name="sourcePort">Source port.</param>
    /// <param name="destinationPort">Destination port.</param>
    /// <param name="seq">Sequence number (SEG.SEQ).</param>
    /// <param name="ack">Acknowledgment number (SEG.ACK); significant only with <see cref="TcpFlags.Ack"/>.</param>
    /// <param name="flags">Control bits.</param>
    /// <param name="window">The 16-bit window field as sent (unscaled).</param>
    /// <param name="payloadLength">Bytes of data carried.</param>
    /// <param name="options">TCP options.</param>
    /// <param name="urgentPointer">Urgent pointer field.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payloadLength"/> is negative.</exception>
    public TcpSegment(ushort sourcePort, ushort destinationPort, SeqNum seq, SeqNum ack, TcpFlags flags,
        ushort window = 0, int payloadLength = 0, TcpOptions options = default, ushort urgentPointer = 0)
    {
        if (payloadLength < 0) throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "Payload length cannot be negative.");
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        Seq = seq;
        Ack = ack;
        Flags = flags;
        Window = window;
        PayloadLength = payloadLength;
        Options = options;
        UrgentPointer = urgentPointer;
    }

    /// <summary>Source port.</summary>
    public ushort SourcePort { get; }

    /// <summary>Destination port.</summary>
    public ushort DestinationPort { get; }

    /// <summary>SEG.SEQ: the first sequence number of the segment.</summary>
    public SeqNum Seq { get; }

    /// <summary>SEG.ACK: the next sequence number the sender expects; valid only when ACK is set.</summary>
    public SeqNum Ack { get; }

    /// <summary>Control bits.</summary>
    public TcpFlags Flags { get; }

    /// <summary>The 16-bit window field (unscaled, as on the wire).</summary>
    public ushort Window { get; }

    /// <summary>Bytes of data carried.</summary>
    public int PayloadLength { get; }

    /// <summary>Options carried.</summary>
    public TcpOptions Options { get; }

    /// <summary>Urgent pointer field.</summary>
    public ushort UrgentPointer { get; }

    /// <summary>Whether SYN is set.</summary>
    public bool IsSyn => (Flags & TcpFlags.Syn) != 0;

    /// <summary>Whether ACK is set.</summary>
    public bool IsAck => (Flags & TcpFlags.Ack) != 0;

    /// <summary>Whether FIN is set.</summary>
    public bool IsFin => (Flags & TcpFlags.Fin) != 0;

    /// <summary>Whether RST is set.</summary>
    public bool IsRst => (Flags & TcpFlags.Rst) != 0;

    /// <summary>
    /// SEG.LEN: the sequence space the segment occupies — its data plus one for SYN and one for
    /// FIN (RFC 9293 §3.4).
    /// </summary>
    public long SegmentLength => (long)PayloadLength + (IsSyn ? 1 : 0) + (IsFin ? 1 : 0);

    /// <summary>The last sequence number occupied: <c>SEG.SEQ + SEG.LEN - 1</c>.</summary>
    public SeqNum LastSeq => Seq.Plus(SegmentLength - 1);

    /// <summary>A copy with other control bits.</summary>
    [Pure]
    public TcpSegment WithFlags(TcpFlags flags) => new(SourcePort, DestinationPort, Seq, Ack, flags, Window, PayloadLength, Options, UrgentPointer);

    /// <summary>A copy with another sequence number.</summary>
    [Pure]
    public TcpSegment WithSeq(SeqNum seq) => new(SourcePort, DestinationPort, seq, Ack, Flags, Window, PayloadLength, Options, UrgentPointer);

    /// <summary>A copy with another acknowledgment number.</summary>
    [Pure]
    public TcpSegment WithAck(SeqNum ack) => new(SourcePort, DestinationPort, Seq, ack, Flags, Window, PayloadLength, Options, UrgentPointer);

    /// <summary>A copy with another window field.</summary>
    [Pure]
    public TcpSegment WithWindow(ushort window) => new(SourcePort, DestinationPort, Seq, Ack, Flags, window, PayloadLength, Options, UrgentPointer);

    /// <summary>A copy with another payload length.</summary>
    [Pure]
    public TcpSegment WithPayloadLength(int payloadLength) => new(SourcePort, DestinationPort, Seq, Ack, Flags, Window, payloadLength, Options, UrgentPointer);

    /// <summary>A copy with other options.</summary>
    [Pure]
    public TcpSegment WithOptions(TcpOptions options) => new(SourcePort, DestinationPort, Seq, Ack, Flags, Window, PayloadLength, options, UrgentPointer);

    /// <summary>A copy with the ports swapped' roles: the same segment as seen going the other way is not this; this swaps source and destination only.</summary>
    [Pure]
    public TcpSegment WithPorts(ushort sourcePort, ushort destinationPort) => new(sourcePort, destinationPort, Seq, Ack, Flags, Window, PayloadLength, Options, UrgentPointer);

    /// <inheritdoc />
    public bool Equals(TcpSegment other) =>
        SourcePort == other.SourcePort && DestinationPort == other.DestinationPort && Seq == other.Seq
        && Ack == other.Ack && Flags == other.Flags && Window == other.Window
        && PayloadLength == other.PayloadLength && Options == other.Options && UrgentPointer == other.UrgentPointer;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TcpSegment other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(SourcePort, DestinationPort, Seq, Ack, Flags, Window, PayloadLength, Options);

    /// <summary>Equality.</summary>
    public static bool operator ==(TcpSegment a, TcpSegment b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TcpSegment a, TcpSegment b) => !a.Equals(b);

    /// <summary>
    /// A one-line form in the style of tcpdump: <c>1000 &gt; 80 [SYN] seq=100 win=65535 len=0</c>
    /// (the ack field is printed only when ACK is set).
    /// </summary>
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        string ack = IsAck ? string.Format(ci, " ack={0}", Ack.Value) : string.Empty;
        string opts = Options.IsEmpty ? string.Empty : " <" + Options.ToString() + ">";
        return string.Format(ci, "{0} > {1} [{2}] seq={3}{4} win={5} len={6}{7}",
            SourcePort, DestinationPort, Flags.ToDisplayString(), Seq.Value, ack, Window, PayloadLength, opts);
    }
}
