using System;
using System.Buffers.Binary;

namespace TcpModel.Wire;

/// <summary>
/// A decoded TCP header: the model's <see cref="TcpSegment"/> plus the wire-level detail it leaves
/// out (data offset, reserved bits, checksum field, SACK blocks, Fast Open cookie, unknown options).
/// </summary>
/// <remarks>
/// Header format, RFC 9293 §3.1:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Source Port          |       Destination Port        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        Sequence Number                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Acknowledgment Number                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Data |       |C|E|U|A|P|R|S|F|                               |
/// | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
/// |       |       |R|E|G|K|H|T|N|N|                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Checksum            |         Urgent Pointer        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           [Options]                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Immutable value type; thread-safe; decoding never allocates and never throws on data.
/// </remarks>
public readonly struct TcpHeader
{
    /// <summary>Length of the fixed part of the header (data offset 5).</summary>
    public const int MinLength = 20;

    /// <summary>Longest header (data offset 15).</summary>
    public const int MaxLength = 60;

    /// <summary>How many unknown options are kept (kind and length); more are only counted.</summary>
    public const int MaxUnknownOptionsKept = 4;


    private readonly ulong _cookieHigh;
    private readonly ulong _cookieLow;
    private readonly ulong _unknown; // byte pairs (kind, length) for the first four unknown options
    private readonly byte _cookieTag; // 0: no Fast Open option; else cookie length + 1

    private TcpHeader(TcpSegment segment, int headerLength, byte reservedBits, ushort checksum, SackBlocks sack,
        byte cookieTag, ulong cookieHigh, ulong cookieLow, int unknownCount, ulong unknown, bool optionsTruncated)
    {
        Segment = segment;
        HeaderLength = headerLength;
        ReservedBits = reservedBits;
        Checksum = checksum;
        Sack = sack;
        _cookieTag = cookieTag;
        _cookieHigh = cookieHigh;
        _cookieLow = cookieLow;
        UnknownOptionCount = unknownCount;
        _unknown = unknown;
        OptionsTruncated = optionsTruncated;
    }

    /// <summary>The fields the connection model uses; its payload length is the true one (see <see cref="TryDecode(ReadOnlySpan{byte}, out TcpHeader, out int, out WireError)"/>).</summary>
    public TcpSegment Segment { get; }

    /// <summary>Data offset × 4: the header length in bytes, options included (20 to 60).</summary>
    public int HeaderLength { get; }

    /// <summary>The four reserved bits between data offset and control bits (RFC 9293 §3.1); zero from a conforming sender.</summary>
    public byte ReservedBits { get; }

    /// <summary>The checksum field as carried.</summary>
    public ushort Checksum { get; }

    /// <summary>SACK blocks (RFC 2018 §3), if the header carries a SACK option.</summary>
    public SackBlocks Sack { get; }

    /// <summary>Whether a TCP Fast Open option (kind 34, RFC 7413 §4.1.1) is present.</summary>
    public bool HasFastOpen => _cookieTag != 0;

    /// <summary>Length of the Fast Open cookie: 0 for a cookie request, 4 to 16 for a cookie; 0 when absent.</summary>
    public int FastOpenCookieLength => Math.Max(_cookieTag - 1, 0);

    /// <summary>Number of options of a kind not in <see cref="TcpOptionKind"/> (all are counted; the first four are kept).</summary>
    public int UnknownOptionCount { get; }

    /// <summary>
    /// Whether the capture cut the header short (snaplen): fields of the first 20 bytes are valid,
    /// options are those that fit in the captured bytes.
    /// </summary>
    public bool OptionsTruncated { get; }

    /// <summary>Copies the Fast Open cookie into <paramref name="destination"/>.</summary>
    /// <returns>Bytes written; 0 when there is no cookie or <paramref name="destination"/> is too short.</returns>
    public int CopyFastOpenCookie(Span<byte> destination)
    {
        int n = FastOpenCookieLength;
        if (n == 0 || destination.Length < n) return 0;
        Span<byte> all = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(all, _cookieHigh);
        BinaryPrimitives.WriteUInt64BigEndian(all.Slice(8), _cookieLow);
        all.Slice(0, n).CopyTo(destination);
        return n;
    }

    /// <summary>The kind and total length of the <paramref name="index"/>-th unknown option (0 to 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No unknown option is kept at <paramref name="index"/>.</exception>
    [Pure]
    public (byte Kind, byte Length) GetUnknownOption(int index)
    {
        if ((uint)index >= (uint)Math.Min(UnknownOptionCount, MaxUnknownOptionsKept))
            throw new ArgumentOutOfRangeException(nameof(index), index, "No unknown option kept at this index.");
        int shift = index * 16;
        return ((byte)(_unknown >> shift), (byte)(_unknown >> (shift + 8)));
    }

    /// <summary>
    /// Decodes a whole TCP segment (header and payload, e.g. an IP payload). The payload length is
    /// <c>segment.Length − HeaderLength</c>.
    /// </summary>
    /// <param name="segment">The segment bytes.</param>
    /// <param name="header">The header; <c>default</c> on failure.</param>
    /// <param name="bytesConsumed">The header length; 0 on failure.</param>
    /// <param name="error">What was wrong, with an offset from the start of <paramref name="segment"/>.</param>
    /// <returns>Whether the header is well-formed.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> segment, out TcpHeader header, out int bytesConsumed, out WireError error)
    {
        bool ok = TryDecode(segment, segment.Length, out header, out error);
        bytesConsumed = ok ? header.HeaderLength : 0;
        return ok;
    }

    /// <summary>Decodes a whole TCP segment; see <see cref="TryDecode(ReadOnlySpan{byte}, out TcpHeader, out int, out WireError)"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> segment, out TcpHeader header, out int bytesConsumed)
        => TryDecode(segment, out header, out bytesConsumed, out _);

    /// <summary>Decodes a whole TCP segment, throwing on malformed bytes.</summary>
    /// <exception cref="FormatException">The bytes are not a well-formed TCP header; the message names the error and offset.</exception>
    public static TcpHeader Decode(ReadOnlySpan<byte> segment)
        => TryDecode(segment, out TcpHeader header, out _, out WireError error)
            ? header
            : throw new FormatException($"Malformed TCP header: {error}.");

    /// <summary>
    /// Decodes a TCP header from <paramref name="captured"/> bytes of a segment whose true length
    /// (from the IP header) is <paramref name="segmentLength"/>; a snaplen may have cut the capture
    /// anywhere after byte 20, and options are then read as far as they were captured.
    /// </summary>
    internal static bool TryDecode(ReadOnlySpan<byte> captured, int segmentLength, out TcpHeader header, out WireError error)
    {
        header = default;
        if (!TcpHeaderView.TryCreate(captured, segmentLength, out TcpHeaderView view, out error)) return false;
        int headerLength = view.HeaderLength;
        bool truncated = view.IsTruncated;
        ReadOnlySpan<byte> optionBytes = view.OptionBytes;

        TcpOptions options = default;
        SackBlocks sack = default;
        byte cookieTag = 0;
        ulong cookieHigh = 0, cookieLow = 0, unknown = 0;
        int unknownCount = 0;
        var reader = new TcpOptionReader(optionBytes);
        while (reader.TryReadNext(out TcpOption option))
        {
            ReadOnlySpan<byte> data = option.Data;
            bool lengthOk = true;
            switch (option.Kind)
            {
                case TcpOptionKind.EndOfOptionList:
                case TcpOptionKind.NoOperation:
                    break;
                case TcpOptionKind.MaximumSegmentSize: // RFC 9293 §3.7.1
                    lengthOk = option.Length == 4;
                    if (lengthOk) options = options.WithMss(BinaryPrimitives.ReadUInt16BigEndian(data));
                    break;
                case TcpOptionKind.WindowScale: // RFC 7323 §2.2
                    lengthOk = option.Length == 3;
                    if (lengthOk) options = options.WithWindowScale(data[0]);
                    break;
                case TcpOptionKind.SackPermitted: // RFC 2018 §2
                    lengthOk = option.Length == 2;
                    if (lengthOk) options = options.WithSackPermitted();
                    break;
                case TcpOptionKind.Sack: // RFC 2018 §3: 2 + 8n bytes
                    lengthOk = option.Length >= 10 && (option.Length - 2) % 8 == 0;
                    if (lengthOk)
                    {
                        sack = default;
                        for (int i = 0; i + 8 <= data.Length; i += 8)
                        {
                            sack = sack.Append(new SackBlock(BinaryPrimitives.ReadUInt32BigEndian(data.Slice(i)), BinaryPrimitives.ReadUInt32BigEndian(data.Slice(i + 4))));
                        }
                    }
                    break;
                case TcpOptionKind.Timestamps: // RFC 7323 §3.2
                    lengthOk = option.Length == 10;
                    if (lengthOk) options = options.WithTimestamps(BinaryPrimitives.ReadUInt32BigEndian(data), BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4)));
                    break;
                case TcpOptionKind.FastOpenCookie: // RFC 7413 §4.1.1: empty (request) or 4..16 bytes
                    lengthOk = data.Length == 0 || (data.Length >= 4 && data.Length <= 16);
                    if (lengthOk)
                    {
                        cookieHigh = cookieLow = 0;
                        for (int i = 0; i < data.Length; i++)
                        {
                            // Left-aligned big-endian: byte i lands where ReadUInt64BigEndian would put it.
                            if (i < 8) cookieHigh |= (ulong)data[i] << (56 - 8 * i);
                            else cookieLow |= (ulong)data[i] << (56 - 8 * (i - 8));
                        }
                        cookieTag = (byte)(data.Length + 1);
                    }
                    break;
                default:
                    if (unknownCount < MaxUnknownOptionsKept)
                    {
                        unknown |= ((ulong)(byte)option.Kind | ((ulong)option.Length << 8)) << (unknownCount * 16);
                    }
                    unknownCount++;
                    break;
            }
            if (!lengthOk)
            {
                error = new WireError(WireErrorCode.TcpOptionBadLength, MinLength + option.Offset + 1);
                return false;
            }
        }
        // An option cut by the snaplen is not malformed: only one that overruns the real header is.
        if (reader.Error.IsError && !(truncated && reader.Error.Code == WireErrorCode.TcpOptionPastHeader))
        {
            error = reader.Error.Shift(MinLength);
            return false;
        }

        var segment = new TcpSegment(view.SourcePort, view.DestinationPort, view.Seq, view.Ack, view.Flags, view.Window,
            view.PayloadLength, options, view.UrgentPointer);
        header = new TcpHeader(segment, headerLength, view.ReservedBits, view.Checksum,
            sack, cookieTag, cookieHigh, cookieLow, unknownCount, unknown, truncated);
        error = default;
        return true;
    }
}
