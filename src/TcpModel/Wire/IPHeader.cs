using System;
using System.Buffers.Binary;

namespace TcpModel.Wire;

/// <summary>
/// The little of an IPv4 or IPv6 header needed to reach the transport header: version,
/// addresses, the upper-layer protocol, where the upper-layer header starts (after IPv4 options or
/// IPv6 extension headers), its true length, and whether the packet is a fragment.
/// </summary>
/// <remarks>
/// The upper-layer length comes from the IP length fields, not from the captured length, so a
/// snaplen-truncated packet still tells its real size. A fragment (other than an RFC 6946 atomic
/// fragment) is reported through <see cref="IsFragment"/> and its upper-layer bytes must not be
/// read as a header. Immutable value type; thread-safe; decoding never allocates or throws on data.
/// </remarks>
public readonly struct IPHeader
{
    /// <summary>IP protocol number of TCP.</summary>
    public const byte ProtocolTcp = 6;

    private const ushort MoreFragmentsBit = 0b0010_0000_0000_0000;
    private const ushort FragmentOffsetMask = 0b0001_1111_1111_1111;

    private IPHeader(int version, InlineIPAddress source, InlineIPAddress destination, byte protocol,
        int upperLayerOffset, int upperLayerLength, bool isFragment, int fragmentOffset, byte hopLimit)
    {
        Version = version;
        Source = source;
        Destination = destination;
        Protocol = protocol;
        UpperLayerOffset = upperLayerOffset;
        UpperLayerLength = upperLayerLength;
        IsFragment = isFragment;
        FragmentOffset = fragmentOffset;
        HopLimit = hopLimit;
    }

    /// <summary>4 or 6.</summary>
    public int Version { get; }

    /// <summary>Source address.</summary>
    public InlineIPAddress Source { get; }

    /// <summary>Destination address.</summary>
    public InlineIPAddress Destination { get; }

    /// <summary>The upper-layer protocol: IPv4 Protocol, or the last IPv6 Next Header after the extension headers (6 for TCP).</summary>
    public byte Protocol { get; }

    /// <summary>Offset of the upper-layer header from the start of the IP header.</summary>
    public int UpperLayerOffset { get; }

    /// <summary>True length of the upper-layer data (TCP header and payload), from the IP length fields.</summary>
    public int UpperLayerLength { get; }

    /// <summary>Whether this is a fragment (IPv4 MF set or offset non-zero; IPv6 Fragment header that is not atomic).</summary>
    public bool IsFragment { get; }

    /// <summary>Fragment offset in bytes (0 for an unfragmented packet or a first fragment).</summary>
    public int FragmentOffset { get; }

    /// <summary>IPv4 TTL or IPv6 Hop Limit.</summary>
    public byte HopLimit { get; }

    /// <summary>Decodes an IP header from the start of <paramref name="packet"/>.</summary>
    /// <param name="packet">The IP packet as captured (possibly cut by a snaplen after the headers).</param>
    /// <param name="header">The header; <c>default</c> on failure.</param>
    /// <param name="error">What was wrong, offset from the start of <paramref name="packet"/>.</param>
    public static bool TryDecode(ReadOnlySpan<byte> packet, out IPHeader header, out WireError error)
        => TryDecode(packet, packet.Length, out header, out error);

    /// <param name="packet">Captured bytes of the IP packet.</param>
    /// <param name="wireLength">Length of the packet on the wire (captured length before any snaplen), used when an IPv4 total length of 0 (segmentation offload) or an IPv6 jumbogram leaves the length field empty.</param>
    /// <param name="header">The header.</param>
    /// <param name="error">The error.</param>
    internal static bool TryDecode(ReadOnlySpan<byte> packet, int wireLength, out IPHeader header, out WireError error)
    {
        header = default;
        if (packet.IsEmpty)
        {
            error = new WireError(WireErrorCode.Truncated, 0);
            return false;
        }
        return (packet[0] >> 4) switch
        {
            4 => TryDecodeV4(packet, wireLength, out header, out error),
            6 => TryDecodeV6(packet, wireLength, out header, out error),
            _ => Fail(WireErrorCode.IpVersionInvalid, 0, out error),
        };
    }

    //  0                   1                   2                   3
    //  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |Version|  IHL  |Type of Service|          Total Length         |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |         Identification        |Flags|      Fragment Offset    |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |  Time to Live |    Protocol   |         Header Checksum       |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |                       Source Address                          |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |                    Destination Address                        |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |                    Options                    |    Padding    |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //                  RFC 791 §3.1
    private static bool TryDecodeV4(ReadOnlySpan<byte> p, int wireLength, out IPHeader header, out WireError error)
    {
        header = default;
        if (p.Length < 20) return Fail(WireErrorCode.Truncated, p.Length, out error);
        int headerLength = (p[0] & 0b0000_1111) * 4;
        if (headerLength < 20) return Fail(WireErrorCode.IPv4HeaderLengthInvalid, 0, out error);
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(p.Slice(2));
        // Total length 0: the capture saw a segmentation-offload super-packet before the NIC split
        // it; the frame length is the only length there is (Wireshark does the same).
        if (totalLength == 0) totalLength = wireLength;
        if (totalLength < headerLength) return Fail(WireErrorCode.IPv4TotalLengthInvalid, 2, out error);
        if (p.Length < headerLength) return Fail(WireErrorCode.Truncated, p.Length, out error);
        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(p.Slice(6));
        int fragmentOffset = (fragment & FragmentOffsetMask) * 8;
        bool isFragment = fragmentOffset != 0 || (fragment & MoreFragmentsBit) != 0;
        header = new IPHeader(4, InlineIPAddress.FromBytes(p.Slice(12, 4)), InlineIPAddress.FromBytes(p.Slice(16, 4)), p[9],
            headerLength, totalLength - headerLength, isFragment, fragmentOffset, p[8]);
        error = default;
        return true;
    }

    //  0                   1                   2                   3
    //  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |Version| Traffic Class |           Flow Label                  |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |         Payload Length        |  Next Header  |   Hop Limit   |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |          Source Address (128 bits), Destination Address      |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //                  RFC 8200 §3; extension headers §4
    private static bool TryDecodeV6(ReadOnlySpan<byte> p, int wireLength, out IPHeader header, out WireError error)
    {
        header = default;
        if (p.Length < 40) return Fail(WireErrorCode.Truncated, p.Length, out error);
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(p.Slice(4));
        byte next = p[6];
        // A zero payload length with a Hop-by-Hop header is a jumbogram (RFC 2675; Linux BIG TCP).
        if (payloadLength == 0 && next == 0) payloadLength = Math.Max(wireLength - 40, 0);
        int end = 40 + payloadLength;
        int offset = 40;
        bool isFragment = false;
        int fragmentOffset = 0;
        while (true)
        {
            int extLength;
            switch (next)
            {
                case 0:   // Hop-by-Hop Options (RFC 8200 §4.3)
                case 43:  // Routing (§4.4)
                case 60:  // Destination Options (§4.6)
                case 135: // Mobility (RFC 6275)
                case 139: // HIP (RFC 7401)
                case 140: // Shim6 (RFC 5533)
                    if (offset + 2 > end) return Fail(WireErrorCode.IPv6ExtensionHeaderInvalid, offset, out error);
                    if (offset + 2 > p.Length) return Fail(WireErrorCode.Truncated, p.Length, out error);
                    extLength = (p[offset + 1] + 1) * 8; // Hdr Ext Len in 8-octet units, not counting the first 8
                    break;
                case 51:  // Authentication Header (RFC 4302 §2.2): Payload Len in 4-octet units, minus 2
                    if (offset + 2 > end) return Fail(WireErrorCode.IPv6ExtensionHeaderInvalid, offset, out error);
                    if (offset + 2 > p.Length) return Fail(WireErrorCode.Truncated, p.Length, out error);
                    extLength = (p[offset + 1] + 2) * 4;
                    break;
                case 44:  // Fragment (§4.5): fixed 8 bytes
                    if (offset + 8 > end) return Fail(WireErrorCode.IPv6ExtensionHeaderInvalid, offset, out error);
                    if (offset + 8 > p.Length) return Fail(WireErrorCode.Truncated, p.Length, out error);
                    ushort field = BinaryPrimitives.ReadUInt16BigEndian(p.Slice(offset + 2));
                    fragmentOffset = (field >> 3) * 8;
                    // Offset 0 and M = 0 is an atomic fragment: a whole packet (RFC 6946 §4).
                    isFragment |= fragmentOffset != 0 || (field & 1) != 0;
                    extLength = 8;
                    break;
                default:
                    return DoneV6(p, next, offset, end, isFragment, fragmentOffset, out header, out error);
            }
            if (offset + extLength > end) return Fail(WireErrorCode.IPv6ExtensionHeaderInvalid, offset + 1, out error);
            if (offset + extLength > p.Length) return Fail(WireErrorCode.Truncated, p.Length, out error);
            next = p[offset];
            offset += extLength;
            // After a (non-atomic) Fragment header the rest belongs to the reassembled packet.
            if (isFragment) return DoneV6(p, next, offset, end, true, fragmentOffset, out header, out error);
        }
    }

    private static bool DoneV6(ReadOnlySpan<byte> p, byte next, int offset, int end, bool isFragment, int fragmentOffset, out IPHeader header, out WireError error)
    {
        header = new IPHeader(6, InlineIPAddress.FromBytes(p.Slice(8, 16)), InlineIPAddress.FromBytes(p.Slice(24, 16)), next,
            offset, end - offset, isFragment, fragmentOffset, p[7]);
        error = default;
        return true;
    }

    private static bool Fail(WireErrorCode code, int offset, out WireError error)
    {
        error = new WireError(code, offset);
        return false;
    }
}
