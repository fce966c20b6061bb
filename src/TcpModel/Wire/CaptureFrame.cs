using System;

namespace TcpModel.Wire;

/// <summary>
/// One captured frame as <see cref="CaptureReader"/> returns it: where it sits in the file, when
/// it was seen, how to read it, and a view of its bytes.
/// </summary>
/// <remarks>
/// <see cref="Data"/> points into the reader's reusable buffer: it is valid until the next read.
/// Decode the frame (<see cref="TcpPacketDecoder"/>) or copy what you need before reading on.
/// </remarks>
public readonly ref struct CaptureFrame
{
    /// <summary>Creates a frame view.</summary>
    /// <param name="frameNumber">1-based frame number.</param>
    /// <param name="timestampNanoseconds">Nanoseconds since the Unix epoch (UTC).</param>
    /// <param name="linkType">Link type of the frame's interface.</param>
    /// <param name="interfaceId">pcapng interface id (0 for pcap).</param>
    /// <param name="originalLength">Length of the frame on the wire.</param>
    /// <param name="data">Captured bytes (at most <paramref name="originalLength"/> when the capture is consistent).</param>
    public CaptureFrame(long frameNumber, long timestampNanoseconds, LinkType linkType, int interfaceId, int originalLength, ReadOnlySpan<byte> data)
    {
        FrameNumber = frameNumber;
        TimestampNanoseconds = timestampNanoseconds;
        LinkType = linkType;
        InterfaceId = interfaceId;
        OriginalLength = originalLength;
        Data = data;
    }

    /// <summary>1-based frame number, counting every packet record or block as Wireshark does.</summary>
    public long FrameNumber { get; }

    /// <summary>Capture time in nanoseconds since the Unix epoch (UTC); 0 for pcapng Simple Packet Blocks, which carry none.</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>Link type of the interface the frame was captured on.</summary>
    public LinkType LinkType { get; }

    /// <summary>pcapng interface id; 0 for classic pcap.</summary>
    public int InterfaceId { get; }

    /// <summary>Length of the frame on the wire; larger than <see cref="Data"/> when a snaplen cut it.</summary>
    public int OriginalLength { get; }

    /// <summary>The captured bytes.</summary>
    public ReadOnlySpan<byte> Data { get; }
}
