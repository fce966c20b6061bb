using System;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using TcpModel.Wire;

namespace TcpModel.Benchmarks;

/// <summary>
/// Reading a 74-byte Ethernet + IPv4 + TCP SYN through the checked view (<see cref="TcpHeaderView"/>):
/// the fixed fields straight from the bytes; with options (MSS, window scale, SACK-permitted,
/// timestamps, the count) and the checksum, or the fixed fields only. The same work as the shared
/// harness's hand-written floor.
/// </summary>
[MemoryDiagnoser]
public class ViewParseBenchmarks
{
    private byte[] _frame = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _frame = Frames.Syn();
        // What is timed must be the whole read: the frame decodes and its options count.
        if (Read(_frame, optionsAndChecksum: false) == 0 || Read(_frame, optionsAndChecksum: true) == Read(_frame, optionsAndChecksum: false))
            throw new InvalidOperationException("the SYN frame did not read as expected");
    }

    /// <summary>Fixed fields, every option, the TCP checksum.</summary>
    [Benchmark(Baseline = true)]
    public long ViewFieldsOptionsChecksum() => Read(_frame, optionsAndChecksum: true);

    /// <summary>The fixed fields only.</summary>
    [Benchmark]
    public long ViewFixedFieldsOnly() => Read(_frame, optionsAndChecksum: false);

    /// <summary>What a TcpModel user writes for it: link layer, IP header, the view.</summary>
    public static long Read(ReadOnlySpan<byte> frame, bool optionsAndChecksum)
    {
        if (!LinkLayer.TryFindNetworkHeader(LinkType.Ethernet, frame, out int ipOffset, out _, out _, out _)) return 0;
        ReadOnlySpan<byte> ipBytes = frame.Slice(ipOffset);
        if (!IPHeader.TryDecode(ipBytes, out IPHeader ip, out _) || ip.Protocol != IPHeader.ProtocolTcp) return 0;
        ReadOnlySpan<byte> tcp = ipBytes.Slice(ip.UpperLayerOffset, Math.Min(ip.UpperLayerLength, ipBytes.Length - ip.UpperLayerOffset));
        if (!TcpHeaderView.TryCreate(tcp, out TcpHeaderView v, out _)) return 0;
        long fold = ((long)v.Seq.Value << 32) ^ v.Ack.Value ^ ((long)v.SourcePort << 16) ^ v.DestinationPort
            ^ ((long)(((v.Ns ? 1 : 0) << 8) | (byte)v.Flags) << 40) ^ v.Window;
        if (!optionsAndChecksum) return fold;
        int count = 0;
        var reader = v.Options;
        while (reader.TryReadNext(out TcpOption o))
        {
            if (o.Kind == TcpOptionKind.EndOfOptionList) break;
            count++;
            ReadOnlySpan<byte> d = o.Data;
            switch (o.Kind)
            {
                case TcpOptionKind.MaximumSegmentSize when d.Length == 2: fold ^= BinaryPrimitives.ReadUInt16BigEndian(d); break;
                case TcpOptionKind.WindowScale when d.Length == 1: fold ^= d[0]; break;
                case TcpOptionKind.SackPermitted: fold ^= 1L << 61; break;
                case TcpOptionKind.Timestamps when d.Length == 8: fold ^= BinaryPrimitives.ReadUInt32BigEndian(d) ^ ((long)BinaryPrimitives.ReadUInt32BigEndian(d.Slice(4)) << 8); break;
            }
        }
        fold ^= count;
        if (TcpChecksum.IsValid(ip.Source, ip.Destination, tcp)) fold ^= 1L << 62;
        return fold;
    }
}

/// <summary>Test frames built by the library itself.</summary>
internal static class Frames
{
    /// <summary>An Ethernet II frame with an IPv4 SYN carrying MSS, SACK-permitted, timestamps and window scale (74 bytes, as Linux sends it).</summary>
    public static byte[] Syn()
    {
        var o = TcpModel.TcpOptions.None.WithMss(65495).WithSackPermitted().WithTimestamps(959585455, 0).WithWindowScale(10);
        var seg = new TcpModel.TcpSegment(43416, 40009, 0x6c65283eu, 0u, TcpModel.TcpFlags.Syn, 65495, 0, o);
        var src = InlineIPAddress.FromIPv4(0x7F000001u);
        var frame = new byte[14 + 20 + 60];
        frame[12] = 0x08; // IPv4 ethertype
        Span<byte> ip = frame.AsSpan(14);
        Assert(TcpHeaderWriter.TryWriteWithChecksum(seg, src, src, ip.Slice(20), out int tcpLength));
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(2), (ushort)(20 + tcpLength));
        ip[8] = 64;
        ip[9] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(ip.Slice(12), 0x7F000001u);
        BinaryPrimitives.WriteUInt32BigEndian(ip.Slice(16), 0x7F000001u);
        return frame.AsSpan(0, 14 + 20 + tcpLength).ToArray();
    }

    private static void Assert(bool ok)
    {
        if (!ok) throw new InvalidOperationException("could not build the frame");
    }
}
