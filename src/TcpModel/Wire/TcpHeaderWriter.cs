using System;
using System.Buffers.Binary;

namespace TcpModel.Wire;

/// <summary>
/// Writes a <see cref="TcpSegment"/> as a TCP header (RFC 9293 §3.1), options laid out as Linux
/// lays them out so written captures look like real ones: MSS, SACK-permitted + timestamps,
/// NOP + window scale, NOP NOP + SACK blocks, each option 4-byte aligned.
/// </summary>
/// <remarks>
/// Only the header is written; the model carries payload as a length, so the checksum variant
/// treats the payload as <see cref="TcpSegment.PayloadLength"/> zero bytes. Stateless; thread-safe;
/// never allocates.
/// </remarks>
public static class TcpHeaderWriter
{
    private const byte Nop = (byte)TcpOptionKind.NoOperation;

    /// <summary>
    /// The header length the segment needs: 20 plus its options. Above
    /// <see cref="TcpHeader.MaxLength"/> the options do not fit and writing fails.
    /// </summary>
    public static int GetHeaderLength(in TcpSegment segment, in SackBlocks sack = default)
    {
        TcpOptions o = segment.Options;
        return TcpHeader.MinLength
            + (o.HasMss ? 4 : 0)
            + (o.HasTimestamps ? 12 : o.SackPermitted ? 4 : 0)
            + (o.HasWindowScale ? 4 : 0)
            + (sack.IsEmpty ? 0 : 4 + 8 * sack.Count);
    }

    /// <summary>Writes the header with a zero checksum field.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="bytesWritten">The header length; 0 on failure.</param>
    /// <param name="sack">SACK blocks to carry, if any.</param>
    /// <returns>False when <paramref name="destination"/> is too short or the options exceed 40 bytes.</returns>
    public static bool TryWrite(in TcpSegment segment, Span<byte> destination, out int bytesWritten, in SackBlocks sack = default)
    {
        bytesWritten = 0;
        int length = GetHeaderLength(segment, sack);
        if (length > TcpHeader.MaxLength || destination.Length < length) return false;

        Span<byte> h = destination.Slice(0, length);
        BinaryPrimitives.WriteUInt16BigEndian(h, segment.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(h.Slice(2), segment.DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(h.Slice(4), segment.Seq.Value);
        BinaryPrimitives.WriteUInt32BigEndian(h.Slice(8), segment.Ack.Value);
        h[12] = (byte)((length / 4) << 4); // data offset in 32-bit words; reserved bits zero
        h[13] = (byte)segment.Flags;
        BinaryPrimitives.WriteUInt16BigEndian(h.Slice(14), segment.Window);
        BinaryPrimitives.WriteUInt16BigEndian(h.Slice(16), 0);
        BinaryPrimitives.WriteUInt16BigEndian(h.Slice(18), segment.UrgentPointer);

        int p = TcpHeader.MinLength;
        TcpOptions o = segment.Options;
        if (o.HasMss)
        {
            h[p] = (byte)TcpOptionKind.MaximumSegmentSize;
            h[p + 1] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(h.Slice(p + 2), o.Mss);
            p += 4;
        }
        if (o.HasTimestamps)
        {
            if (o.SackPermitted)
            {
                h[p] = (byte)TcpOptionKind.SackPermitted;
                h[p + 1] = 2;
            }
            else
            {
                h[p] = Nop;
                h[p + 1] = Nop;
            }
            h[p + 2] = (byte)TcpOptionKind.Timestamps;
            h[p + 3] = 10;
            BinaryPrimitives.WriteUInt32BigEndian(h.Slice(p + 4), o.TsVal);
            BinaryPrimitives.WriteUInt32BigEndian(h.Slice(p + 8), o.TsEcr);
            p += 12;
        }
        else if (o.SackPermitted)
        {
            h[p] = Nop;
            h[p + 1] = Nop;
            h[p + 2] = (byte)TcpOptionKind.SackPermitted;
            h[p + 3] = 2;
            p += 4;
        }
        if (o.HasWindowScale)
        {
            h[p] = Nop;
            h[p + 1] = (byte)TcpOptionKind.WindowScale;
            h[p + 2] = 3;
            h[p + 3] = o.WindowScale;
            p += 4;
        }
        if (!sack.IsEmpty)
        {
            h[p] = Nop;
            h[p + 1] = Nop;
            h[p + 2] = (byte)TcpOptionKind.Sack;
            h[p + 3] = (byte)(2 + 8 * sack.Count);
            p += 4;
            for (int i = 0; i < sack.Count; i++, p += 8)
            {
                BinaryPrimitives.WriteUInt32BigEndian(h.Slice(p), sack[i].Left.Value);
                BinaryPrimitives.WriteUInt32BigEndian(h.Slice(p + 4), sack[i].Right.Value);
            }
        }
        bytesWritten = length;
        return true;
    }

    /// <summary>
    /// Writes the header with its checksum, computed over the pseudo-header of
    /// <paramref name="source"/> and <paramref name="destination"/> and a payload of
    /// <see cref="TcpSegment.PayloadLength"/> zero bytes (RFC 9293 §3.1, RFC 8200 §8.1).
    /// </summary>
    /// <returns>False when <paramref name="buffer"/> is too short or the options exceed 40 bytes.</returns>
    public static bool TryWriteWithChecksum(in TcpSegment segment, InlineIPAddress source, InlineIPAddress destination, Span<byte> buffer, out int bytesWritten, in SackBlocks sack = default)
    {
        if (!TryWrite(segment, buffer, out bytesWritten, sack)) return false;
        ushort checksum = TcpChecksum.ComputeWithZeroPayload(source, destination, buffer.Slice(0, bytesWritten), bytesWritten + segment.PayloadLength);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(TcpChecksum.FieldOffset), checksum);
        return true;
    }
}
