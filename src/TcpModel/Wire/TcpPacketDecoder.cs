using System;

namespace TcpModel.Wire;

/// <summary>Decodes a captured frame through link layer and IP down to its TCP header.</summary>
/// <remarks>Stateless; thread-safe; never allocates and never throws on data.</remarks>
public static class TcpPacketDecoder
{
    /// <summary>Decodes a frame returned by <see cref="CaptureReader"/>.</summary>
    public static DecodedPacket Decode(in CaptureFrame frame)
        => Decode(frame.LinkType, frame.Data, frame.OriginalLength, frame.FrameNumber, frame.TimestampNanoseconds);

    /// <summary>Decodes a frame given its link type and bytes.</summary>
    /// <param name="linkType">The frame's link type.</param>
    /// <param name="data">Captured bytes.</param>
    /// <param name="originalLength">Length on the wire (at least <c>data.Length</c>; smaller values are raised to it).</param>
    /// <param name="frameNumber">Frame number to carry into the result.</param>
    /// <param name="timestampNanoseconds">Timestamp to carry into the result.</param>
    public static DecodedPacket Decode(LinkType linkType, ReadOnlySpan<byte> data, int originalLength, long frameNumber = 0, long timestampNanoseconds = 0)
    {
        originalLength = Math.Max(originalLength, data.Length);
        if (!LinkLayer.TryFindNetworkHeader(linkType, data, out int ipOffset, out int linkVersion, out PacketSkipReason skip, out WireError error))
        {
            return NotDecoded(frameNumber, timestampNanoseconds, data.Length, originalLength, default, skip, error);
        }
        ReadOnlySpan<byte> ipBytes = data.Slice(ipOffset);
        if (!IPHeader.TryDecode(ipBytes, originalLength - ipOffset, out IPHeader ip, out error))
        {
            return NotDecoded(frameNumber, timestampNanoseconds, data.Length, originalLength, default, PacketSkipReason.None, error.Shift(ipOffset));
        }
        if (linkVersion != 0 && linkVersion != ip.Version)
        {
            return NotDecoded(frameNumber, timestampNanoseconds, data.Length, originalLength, default, PacketSkipReason.None, new WireError(WireErrorCode.IpVersionInvalid, ipOffset));
        }
        if (ip.IsFragment) return NotDecoded(frameNumber, timestampNanoseconds, data.Length, originalLength, ip, PacketSkipReason.Fragment, default);
        if (ip.Protocol != IPHeader.ProtocolTcp) return NotDecoded(frameNumber, timestampNanoseconds, data.Length, originalLength, ip, PacketSkipReason.NotTcp, default);

        int tcpOffset = ipOffset + ip.UpperLayerOffset;
        ReadOnlySpan<byte> captured = data.Slice(Math.Min(tcpOffset, data.Length));
        if (captured.Length > ip.UpperLayerLength) captured = captured.Slice(0, ip.UpperLayerLength); // link trailer / padding
        if (!TcpHeader.TryDecode(captured, ip.UpperLayerLength, out TcpHeader tcp, out error))
        {
            return NotDecoded(frameNumber, timestampNanoseconds, data.Length, originalLength, ip, PacketSkipReason.None, error.Shift(tcpOffset));
        }
        ChecksumStatus checksum = captured.Length < ip.UpperLayerLength
            ? ChecksumStatus.NotVerified
            : TcpChecksum.IsValid(ip.Source, ip.Destination, captured) ? ChecksumStatus.Good : ChecksumStatus.Bad;
        return new DecodedPacket(frameNumber, timestampNanoseconds, data.Length, originalLength, ip, tcpOffset, tcp, checksum, PacketSkipReason.None, default);
    }

    private static DecodedPacket NotDecoded(long frameNumber, long timestampNanoseconds, int capturedLength, int originalLength, IPHeader ip, PacketSkipReason reason, WireError error)
        => new(frameNumber, timestampNanoseconds, capturedLength, originalLength, ip, 0, default, ChecksumStatus.NotVerified, reason, error);
}
