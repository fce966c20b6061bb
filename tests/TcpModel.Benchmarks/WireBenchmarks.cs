using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using TcpModel.Wire;

namespace TcpModel.Benchmarks;

/// <summary>
/// Wire layer costs: decoding one TCP header and verifying its checksum, and reading a capture
/// (one operation = one packet, so the Allocated column is bytes per packet).
/// </summary>
[MemoryDiagnoser]
public class WireBenchmarks
{
    private const int CapturePackets = 100_000;

    private static readonly InlineIPAddress Client = InlineIPAddress.Parse("10.0.0.1");
    private static readonly InlineIPAddress Server = InlineIPAddress.Parse("10.0.0.2");

    private byte[] _synSegment = Array.Empty<byte>();
    private byte[] _dataSegment = Array.Empty<byte>();
    private byte[] _capture = Array.Empty<byte>();

    /// <summary>Builds a SYN with Linux's options, a 1448-byte data segment, and a 100 000-packet capture.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var syn = new TcpSegment(40000, 80, 1, 0, TcpFlags.Syn, 64240,
            options: TcpOptions.None.WithMss(1460).WithSackPermitted().WithTimestamps(1, 0).WithWindowScale(7));
        _synSegment = Segment(syn);
        _dataSegment = Segment(new TcpSegment(40000, 80, 2, 1, TcpFlags.Ack | TcpFlags.Psh, 502, payloadLength: 1448,
            options: TcpOptions.None.WithTimestamps(2, 1)));

        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, snapLength: 128, leaveOpen: true))
        {
            for (int i = 0; i < CapturePackets; i++)
            {
                var seg = new TcpSegment(40000, 80, (uint)(1 + i * 1448), 1, TcpFlags.Ack, 502, 1448, TcpOptions.None.WithTimestamps((uint)i, 1));
                writer.WriteSegment(1_700_000_000_000_000_000L + i * 1000L, Client, Server, seg);
            }
        }
        _capture = stream.ToArray();
    }

    private static byte[] Segment(TcpSegment segment)
    {
        byte[] packet = new byte[TcpPacketBuilder.GetPacketLength(Client, segment)];
        TcpPacketBuilder.TryWrite(Client, Server, segment, packet, out _);
        return packet.AsSpan(20).ToArray();
    }

    /// <summary>Decode a 40-byte SYN header (MSS, SACK-permitted, timestamps, window scale) and verify its checksum.</summary>
    [Benchmark]
    public bool SynHeaderDecodeAndChecksum()
        => TcpHeader.TryDecode(_synSegment, out TcpHeader h, out _) & TcpChecksum.IsValid(Client, Server, _synSegment) & h.Segment.IsSyn;

    /// <summary>Decode a data segment's header and verify the checksum over its 1448-byte payload.</summary>
    [Benchmark]
    public bool DataSegmentDecodeAndChecksum()
        => TcpHeader.TryDecode(_dataSegment, out TcpHeader h, out _) & TcpChecksum.IsValid(Client, Server, _dataSegment) & h.Segment.PayloadLength == 1448;

    /// <summary>Read and decode every packet of an in-memory pcap (snaplen 128: headers only, as in checker captures).</summary>
    [Benchmark(OperationsPerInvoke = CapturePackets)]
    public long ReadCapturePerPacket()
    {
        var reader = new CaptureReader(new MemoryStream(_capture, writable: false));
        long sum = 0;
        while (reader.TryReadNextPacket(out DecodedPacket p)) sum += p.Segment.PayloadLength;
        return sum;
    }

    /// <summary>Read, decode and demultiplex every packet.</summary>
    [Benchmark(OperationsPerInvoke = CapturePackets)]
    public int ReadAndDemultiplexPerPacket()
    {
        var reader = new CaptureReader(new MemoryStream(_capture, writable: false));
        var demux = new TcpDemultiplexer();
        int last = 0;
        while (reader.TryReadNextPacket(out DecodedPacket p)) last = demux.Add(p).ConnectionIndex;
        return last;
    }
}
