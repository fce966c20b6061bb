using System;
using System.Buffers.Binary;

namespace TcpModel.Wire;

/// <summary>
/// Builds a whole IPv4 or IPv6 packet carrying a <see cref="TcpSegment"/> (IP header, TCP header
/// with a correct checksum, payload of zero bytes) — the LINKTYPE_RAW frames <see cref="PcapWriter"/>
/// writes, and test input for the decoders.
/// </summary>
/// <remarks>Stateless; thread-safe; never allocates.</remarks>
public static class TcpPacketBuilder
{
    private const int IPv4HeaderLength = 20;
    private const int IPv6HeaderLength = 40;
    private const ushort DontFragment = 0b0100_0000_0000_0000;

    /// <summary>Bytes the packet takes: IP header, TCP header with options, payload.</summary>
    /// <exception cref="ArgumentException"><paramref name="sourceAddress"/> is <c>default</c>.</exception>
    public static int GetPacketLength(InlineIPAddress sourceAddress, in TcpSegment segment, in SackBlocks sack = default)
        => IPHeaderLength(sourceAddress) + TcpHeaderWriter.GetHeaderLength(segment, sack) + segment.PayloadLength;

    /// <summary>Writes the packet into <paramref name="buffer"/>.</summary>
    /// <param name="sourceAddress">IP source; its version selects IPv4 or IPv6.</param>
    /// <param name="destinationAddress">IP destination, of the same version.</param>
    /// <param name="segment">The segment; its payload is written as <see cref="TcpSegment.PayloadLength"/> zero bytes.</param>
    /// <param name="buffer">Where to write.</param>
    /// <param name="bytesWritten">The packet length; 0 on failure.</param>
    /// <param name="sack">SACK blocks to carry, if any.</param>
    /// <param name="hopLimit">IPv4 TTL / IPv6 Hop Limit.</param>
    /// <returns>False when the buffer is too short, the options exceed 40 bytes, or the packet exceeds the IP length field.</returns>
    /// <exception cref="ArgumentException">The addresses are not both IPv4 or both IPv6.</exception>
    public static bool TryWrite(InlineIPAddress sourceAddress, InlineIPAddress destinationAddress, in TcpSegment segment, Span<byte> buffer,
        out int bytesWritten, in SackBlocks sack = default, byte hopLimit = 64)
    {
        bytesWritten = 0;
        int ipLength = IPHeaderLength(sourceAddress);
        if (destinationAddress.Version != sourceAddress.Version) throw new ArgumentException("Source and destination must be of the same IP version.", nameof(destinationAddress));
        int tcpHeaderLength = TcpHeaderWriter.GetHeaderLength(segment, sack);
        int tcpLength = tcpHeaderLength + segment.PayloadLength;
        int total = ipLength + tcpLength;
        int lengthField = sourceAddress.Version == 4 ? total : tcpLength;
        if (lengthField > ushort.MaxValue || buffer.Length < total) return false;
        if (!TcpHeaderWriter.TryWriteWithChecksum(segment, sourceAddress, destinationAddress, buffer.Slice(ipLength), out _, sack)) return false;
        buffer.Slice(ipLength + tcpHeaderLength, segment.PayloadLength).Clear();

        Span<byte> ip = buffer.Slice(0, ipLength);
        if (sourceAddress.Version == 4)
        {
            // RFC 791 §3.1: version 4, IHL 5, no options; DF set as Linux sets it for TCP.
            ip[0] = 0x45;
            ip[1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(2), (ushort)total);
            BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(4), 0);
            BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(6), DontFragment);
            ip[8] = hopLimit;
            ip[9] = IPHeader.ProtocolTcp;
            BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(10), 0);
            sourceAddress.TryWriteBytes(ip.Slice(12), out _);
            destinationAddress.TryWriteBytes(ip.Slice(16), out _);
            BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(10), (ushort)~TcpChecksum.Fold(TcpChecksum.SumWords(ip)));
        }
        else
        {
            // RFC 8200 §3: version 6, traffic class 0, flow label 0.
            BinaryPrimitives.WriteUInt32BigEndian(ip, 0x6000_0000);
            BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(4), (ushort)tcpLength);
            ip[6] = IPHeader.ProtocolTcp;
            ip[7] = hopLimit;
            sourceAddress.TryWriteBytes(ip.Slice(8), out _);
            destinationAddress.TryWriteBytes(ip.Slice(24), out _);
        }
        bytesWritten = total;
        return true;
    }

    private static int IPHeaderLength(InlineIPAddress address) => address.Version switch
    {
        4 => IPv4HeaderLength,
        6 => IPv6HeaderLength,
        _ => throw new ArgumentException("The default InlineIPAddress holds no address.", nameof(address)),
    };
}
