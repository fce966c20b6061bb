using System;

namespace TcpModel.Wire;

/// <summary>
/// A captured frame decoded down to TCP: frame number, time, addresses, the segment, checksum
/// status — or why it was skipped, or what was malformed. Holds no reference to the frame's bytes.
/// </summary>
/// <remarks>
/// Exactly one of three outcomes: <see cref="IsTcp"/> (a TCP segment), <see cref="SkipReason"/>
/// not <see cref="PacketSkipReason.None"/> (not TCP; not an error), or <see cref="Error"/> set
/// (malformed; offset from the start of the frame). Immutable value type; thread-safe.
/// </remarks>
public readonly struct DecodedPacket
{
    internal DecodedPacket(long frameNumber, long timestampNanoseconds, int capturedLength, int originalLength,
        IPHeader ip, int tcpOffset, TcpHeader tcp, ChecksumStatus checksum, PacketSkipReason skipReason, WireError error)
    {
        FrameNumber = frameNumber;
        TimestampNanoseconds = timestampNanoseconds;
        CapturedLength = capturedLength;
        OriginalLength = originalLength;
        IPVersion = ip.Version;
        Source = ip.Source;
        Destination = ip.Destination;
        TcpOffset = tcpOffset;
        Tcp = tcp;
        Checksum = checksum;
        SkipReason = skipReason;
        Error = error;
    }

    /// <summary>1-based frame number, as Wireshark counts.</summary>
    public long FrameNumber { get; }

    /// <summary>Capture time in nanoseconds since the Unix epoch (UTC).</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>Capture time as a UTC <see cref="DateTime"/> (100 ns resolution).</summary>
    public DateTime Timestamp => DateTime.UnixEpoch.AddTicks(TimestampNanoseconds / 100);

    /// <summary>Bytes captured.</summary>
    public int CapturedLength { get; }

    /// <summary>Bytes on the wire.</summary>
    public int OriginalLength { get; }

    /// <summary>4 or 6 once the IP header was decoded; 0 otherwise.</summary>
    public int IPVersion { get; }

    /// <summary>IP source address (default when the IP header was not reached).</summary>
    public InlineIPAddress Source { get; }

    /// <summary>IP destination address.</summary>
    public InlineIPAddress Destination { get; }

    /// <summary>Offset of the TCP header in the frame; 0 when not reached.</summary>
    public int TcpOffset { get; }

    /// <summary>The TCP header with its wire-level detail (SACK blocks, Fast Open, unknown options).</summary>
    public TcpHeader Tcp { get; }

    /// <summary>
    /// The segment for the connection model. Its payload length comes from the IP length fields,
    /// so it is right even when a snaplen cut the captured bytes.
    /// </summary>
    public TcpSegment Segment => Tcp.Segment;

    /// <summary>SACK blocks carried, if any.</summary>
    public SackBlocks Sack => Tcp.Sack;

    /// <summary>The sender: source address and port.</summary>
    public TcpEndpoint SourceEndpoint => new(Source, Tcp.Segment.SourcePort);

    /// <summary>The receiver: destination address and port.</summary>
    public TcpEndpoint DestinationEndpoint => new(Destination, Tcp.Segment.DestinationPort);

    /// <summary>Whether the checksum was verified, and its verdict.</summary>
    public ChecksumStatus Checksum { get; }

    /// <summary>
    /// <see cref="WireErrorCode.TcpBadChecksum"/> at the checksum field's offset in the frame when
    /// <see cref="Checksum"/> is <see cref="ChecksumStatus.Bad"/>; <see cref="WireError.None"/> otherwise.
    /// Kept apart from <see cref="Error"/>: a bad checksum does not stop the segment from being decoded.
    /// </summary>
    public WireError ChecksumError => Checksum == ChecksumStatus.Bad
        ? new WireError(WireErrorCode.TcpBadChecksum, TcpOffset + TcpChecksum.FieldOffset)
        : WireError.None;

    /// <summary>Why the frame holds no TCP segment; <see cref="PacketSkipReason.None"/> when it does or when it is malformed.</summary>
    public PacketSkipReason SkipReason { get; }

    /// <summary>What was malformed, offset from the start of the frame; <see cref="WireError.None"/> otherwise.</summary>
    public WireError Error { get; }

    /// <summary>Whether a TCP segment was decoded.</summary>
    public bool IsTcp => SkipReason == PacketSkipReason.None && !Error.IsError;

    /// <summary>A one-line summary: frame number, endpoints and the segment, or the skip reason or error.</summary>
    public override string ToString()
        => IsTcp ? $"#{FrameNumber} {SourceEndpoint} > {DestinationEndpoint} {Segment}{(Checksum == ChecksumStatus.Bad ? " (bad checksum)" : "")}"
        : Error.IsError ? $"#{FrameNumber} error {Error}"
        : $"#{FrameNumber} skipped: {SkipReason}";
}
