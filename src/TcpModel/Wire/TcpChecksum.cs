using System;
using System.Buffers.Binary;

namespace TcpModel.Wire;

/// <summary>
/// The TCP checksum: the 16-bit one's complement of the one's-complement sum of a pseudo-header
/// and the whole segment, the checksum field taken as zero (RFC 9293 §3.1; Internet checksum,
/// RFC 1071).
/// </summary>
/// <remarks>
/// IPv4 pseudo-header (RFC 9293 §3.1):
/// <code>
/// +--------+--------+--------+--------+
/// |           Source Address          |
/// +--------+--------+--------+--------+
/// |         Destination Address       |
/// +--------+--------+--------+--------+
/// |  zero  |  PTCL  |    TCP Length   |
/// +--------+--------+--------+--------+
/// </code>
/// IPv6 pseudo-header (RFC 8200 §8.1): 16-byte source, 16-byte destination, 32-bit upper-layer
/// packet length, 24 zero bits, next header (6). Both reduce to the same word sum, so one routine
/// serves both. Stateless; thread-safe.
/// </remarks>
public static class TcpChecksum
{
    /// <summary>Offset of the checksum field in the TCP header.</summary>
    public const int FieldOffset = 16;

    private const byte ProtocolTcp = 6;

    /// <summary>
    /// The checksum <paramref name="segment"/> should carry, whatever its checksum field holds now.
    /// </summary>
    /// <param name="source">IP source address (4 or 16 bytes; it selects the pseudo-header).</param>
    /// <param name="destination">IP destination address.</param>
    /// <param name="segment">The whole TCP segment: header and payload, at least 18 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="segment"/> is shorter than 18 bytes.</exception>
    public static ushort Compute(InlineIPAddress source, InlineIPAddress destination, ReadOnlySpan<byte> segment)
    {
        if (segment.Length < FieldOffset + 2) throw new ArgumentException("A TCP segment is at least 20 bytes long.", nameof(segment));
        ulong sum = PseudoHeaderSum(source, destination, segment.Length)
            + SumWords(segment.Slice(0, FieldOffset)) + SumWords(segment.Slice(FieldOffset + 2));
        return (ushort)~Fold(sum);
    }

    /// <summary>Whether the checksum field of <paramref name="segment"/> is right (the sum over pseudo-header and segment is all ones).</summary>
    /// <param name="source">IP source address.</param>
    /// <param name="destination">IP destination address.</param>
    /// <param name="segment">The whole TCP segment as received.</param>
    public static bool IsValid(InlineIPAddress source, InlineIPAddress destination, ReadOnlySpan<byte> segment)
        => segment.Length >= 20 && Fold(PseudoHeaderSum(source, destination, segment.Length) + SumWords(segment)) == 0xFFFF;

    /// <summary>Computes the checksum and stores it in bytes 16–17 of <paramref name="segment"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="segment"/> is shorter than 18 bytes.</exception>
    public static void Write(Span<byte> segment, InlineIPAddress source, InlineIPAddress destination)
        => BinaryPrimitives.WriteUInt16BigEndian(segment.Slice(FieldOffset), Compute(source, destination, segment));

    /// <summary>
    /// The checksum of a segment whose first <c>header.Length</c> bytes are <paramref name="header"/>
    /// (checksum field zero) followed by zero bytes up to <paramref name="segmentLength"/>: zeros add
    /// nothing to the sum, only to the pseudo-header's length.
    /// </summary>
    internal static ushort ComputeWithZeroPayload(InlineIPAddress source, InlineIPAddress destination, ReadOnlySpan<byte> header, int segmentLength)
        => (ushort)~Fold(PseudoHeaderSum(source, destination, segmentLength) + SumWords(header));

    private static ulong PseudoHeaderSum(InlineIPAddress source, InlineIPAddress destination, int tcpLength)
        => source.SumWords() + destination.SumWords() + ProtocolTcp + ((uint)tcpLength >> 16) + ((uint)tcpLength & 0xFFFF);

    /// <summary>
    /// Sum of big-endian 16-bit words (a final odd byte padded with zero, RFC 1071 §4.1). Summing
    /// 32-bit words is equivalent because 2^16 ≡ 1 (mod 2^16 − 1).
    /// </summary>
    internal static ulong SumWords(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        int i = 0;
        for (; i + 4 <= data.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(data.Slice(i));
        if (i + 2 <= data.Length)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i));
            i += 2;
        }
        if (i < data.Length) sum += (uint)data[i] << 8;
        return sum;
    }

    internal static ushort Fold(ulong sum)
    {
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }
}
