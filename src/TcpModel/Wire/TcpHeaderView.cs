using System;
using System.Buffers.Binary;

namespace TcpModel.Wire;

/// <summary>
/// A checked view of a TCP header over its bytes (smoltcp's <c>TcpPacket&lt;&amp;[u8]&gt;</c>): created
/// once by <see cref="TryCreate(ReadOnlySpan{byte}, out TcpHeaderView, out WireError)"/>, which checks
/// the fixed header and the data offset, then every accessor reads its field straight from the
/// bytes and cannot fail. Nothing is decoded until it is asked for; <see cref="TryToHeader"/> builds
/// the full <see cref="TcpHeader"/> (every option) when it is.
/// </summary>
/// <remarks>A <c>ref struct</c>: it lives on the stack with the bytes it reads. No allocation.</remarks>
public readonly ref struct TcpHeaderView
{
    private readonly ReadOnlySpan<byte> _captured;

    private TcpHeaderView(ReadOnlySpan<byte> captured, int segmentLength, int headerLength)
    {
        _captured = captured;
        SegmentLength = segmentLength;
        HeaderLength = headerLength;
    }

    /// <summary>Checks a whole TCP segment (header and payload) and makes a view of it.</summary>
    /// <param name="segment">The segment's bytes.</param>
    /// <param name="view">The view; <c>default</c> on failure.</param>
    /// <param name="error">What was wrong (too short, a data offset below 5 words or past the end), with its offset.</param>
    public static bool TryCreate(ReadOnlySpan<byte> segment, out TcpHeaderView view, out WireError error) =>
        TryCreate(segment, segment.Length, out view, out error);

    /// <summary>
    /// The same for <paramref name="captured"/> bytes of a segment that is <paramref name="segmentLength"/>
    /// long on the wire (a snaplen may cut a capture anywhere after byte 20).
    /// </summary>
    internal static bool TryCreate(ReadOnlySpan<byte> captured, int segmentLength, out TcpHeaderView view, out WireError error)
    {
        view = default;
        if (captured.Length < TcpHeader.MinLength || segmentLength < TcpHeader.MinLength)
        {
            error = new WireError(WireErrorCode.Truncated, Math.Min(captured.Length, segmentLength));
            return false;
        }
        int headerLength = (captured[12] & 0xF0) >> 2; // data offset in 32-bit words (RFC 9293 §3.1)
        if (headerLength < TcpHeader.MinLength)
        {
            error = new WireError(WireErrorCode.TcpDataOffsetTooSmall, 12);
            return false;
        }
        if (headerLength > segmentLength)
        {
            error = new WireError(WireErrorCode.TcpDataOffsetPastEnd, 12);
            return false;
        }
        view = new TcpHeaderView(captured, segmentLength, headerLength);
        error = default;
        return true;
    }

    /// <summary>The segment's length on the wire (header and payload).</summary>
    public int SegmentLength { get; }

    /// <summary>The header length in bytes (the data offset × 4): 20 to 60.</summary>
    public int HeaderLength { get; }

    /// <summary>The payload length (<see cref="SegmentLength"/> − <see cref="HeaderLength"/>).</summary>
    public int PayloadLength => SegmentLength - HeaderLength;

    /// <summary>Whether the capture stops inside the header (the options are then read as far as captured).</summary>
    public bool IsTruncated => HeaderLength > _captured.Length;

    /// <summary>The source port.</summary>
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_captured);

    /// <summary>The destination port.</summary>
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_captured.Slice(2));

    /// <summary>The sequence number.</summary>
    public SeqNum Seq => BinaryPrimitives.ReadUInt32BigEndian(_captured.Slice(4));

    /// <summary>The acknowledgment number (significant when ACK is set).</summary>
    public SeqNum Ack => BinaryPrimitives.ReadUInt32BigEndian(_captured.Slice(8));

    /// <summary>The eight control bits of byte 13 (CWR, ECE, URG, ACK, PSH, RST, SYN, FIN).</summary>
    public TcpFlags Flags => (TcpFlags)_captured[13];

    /// <summary>The NS bit (RFC 3540, historic): the low bit of byte 12.</summary>
    public bool Ns => (_captured[12] & 0x01) != 0;

    /// <summary>The four reserved bits of byte 12 below the data offset (the NS bit is the lowest).</summary>
    public byte ReservedBits => (byte)(_captured[12] & 0x0F);

    /// <summary>The window field (unscaled).</summary>
    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(_captured.Slice(14));

    /// <summary>The checksum field.</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_captured.Slice(16));

    /// <summary>The urgent pointer field.</summary>
    public ushort UrgentPointer => BinaryPrimitives.ReadUInt16BigEndian(_captured.Slice(18));

    /// <summary>The option bytes, as far as they were captured.</summary>
    public ReadOnlySpan<byte> OptionBytes => _captured.Slice(TcpHeader.MinLength, Math.Min(HeaderLength, _captured.Length) - TcpHeader.MinLength);

    /// <summary>A walk over the options (<see cref="TcpOptionReader"/>: it stops at the first malformed one and says where).</summary>
    public TcpOptionReader Options => new(OptionBytes);

    /// <summary>The options in the header up to the first malformed one, End of Option List not counted.</summary>
    public int OptionCount
    {
        get
        {
            int n = 0;
            var reader = Options;
            while (reader.TryReadNext(out TcpOption option) && option.Kind != TcpOptionKind.EndOfOptionList) n++;
            return n;
        }
    }

    /// <summary>The captured payload bytes (shorter than <see cref="PayloadLength"/> when a snaplen cut them).</summary>
    public ReadOnlySpan<byte> Payload => HeaderLength >= _captured.Length ? ReadOnlySpan<byte>.Empty : _captured.Slice(HeaderLength);

    /// <summary>The full header: every option decoded and its length checked (RFC 9293 §3.1, RFC 7323, RFC 2018, RFC 7413).</summary>
    public bool TryToHeader(out TcpHeader header, out WireError error) => TcpHeader.TryDecode(_captured, SegmentLength, out header, out error);
}
