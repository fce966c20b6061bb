using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TcpModel.Wire;
using Xunit;
using static TcpModel.Tests.Wire.WireTestData;

namespace TcpModel.Tests.Wire;

public class CaptureReaderTests
{
    public static TheoryData<string> RealCaptures => new(
        "lo-ipv4-simple.pcap", "lo-ipv6-simple.pcap", "lo-ipv4-nanosecond.pcap", "lo-ipv4-nanosecond.pcapng",
        "lo-ipv4-simple.pcapng", "lo-ipv4-snaplen60.pcap", "any-sll-ipv4.pcap", "any-sll2-ipv6.pcap",
        "merged-lo-ipv6-and-sll2.pcapng", "lo-ipv4-reuse-rst-refused.pcap", "lo-ipv6-reuse-rst-refused.pcap");

    private static List<DecodedPacket> ReadAll(Stream stream, out CaptureReader reader)
    {
        var packets = new List<DecodedPacket>();
        reader = new CaptureReader(stream);
        while (reader.TryReadNextPacket(out DecodedPacket p)) packets.Add(p);
        return packets;
    }

    private static List<DecodedPacket> ReadAll(byte[] bytes, out WireError error)
    {
        List<DecodedPacket> packets = ReadAll(new MemoryStream(bytes), out CaptureReader reader);
        error = reader.Error;
        return packets;
    }

    /// <summary>
    /// Every field tshark shows (Captures/*.tshark.tsv, made by the command in Captures/README.md)
    /// matches what the reader decodes, frame by frame.
    /// </summary>
    [Theory]
    [MemberData(nameof(RealCaptures))]
    public void RealCapture_EveryFrame_MatchesTshark(string file)
    {
        using FileStream stream = File.OpenRead(CapturePath(file));
        List<DecodedPacket> packets = ReadAll(stream, out CaptureReader reader);
        Assert.Equal(WireError.None, reader.Error);
        string[] lines = File.ReadAllLines(CapturePath(file + ".tshark.tsv"));
        Assert.Equal(lines.Length, packets.Count);
        Assert.NotEmpty(lines);
        for (int i = 0; i < lines.Length; i++)
        {
            string[] f = lines[i].Split('\t');
            DecodedPacket p = packets[i];
            string at = $"{file} frame {f[0]}";
            Assert.True(p.IsTcp, $"{at}: {p}");
            Assert.Equal(long.Parse(f[0], CultureInfo.InvariantCulture), p.FrameNumber);
            Assert.Equal(ParseEpochNanoseconds(f[1]), p.TimestampNanoseconds);
            Assert.Equal(f[2] + f[3], p.Source.ToString());
            Assert.Equal(f[4] + f[5], p.Destination.ToString());
            TcpSegment s = p.Segment;
            Assert.Equal(f[6], s.SourcePort.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(f[7], s.DestinationPort.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(f[8], s.Seq.ToString());
            Assert.Equal(f[9], s.Ack.ToString());
            Assert.Equal(Convert.ToInt32(f[10], 16), (int)s.Flags);
            Assert.Equal(f[11], s.Window.ToString(CultureInfo.InvariantCulture));
            Assert.True(f[12] == s.PayloadLength.ToString(CultureInfo.InvariantCulture), $"{at}: payload {s.PayloadLength}, tshark {f[12]}");
            Assert.Equal(f[13], p.Tcp.HeaderLength.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(Convert.ToInt32(f[14], 16), p.Tcp.Checksum);
            // tshark: 0 bad, 1 good, 2 unverified
            Assert.Equal(f[15] switch { "0" => ChecksumStatus.Bad, "1" => ChecksumStatus.Good, _ => ChecksumStatus.NotVerified }, p.Checksum);
            Assert.Equal(f[16], s.Options.HasMss ? s.Options.Mss.ToString(CultureInfo.InvariantCulture) : "");
            Assert.Equal(f[17], s.Options.HasWindowScale ? s.Options.WindowScale.ToString(CultureInfo.InvariantCulture) : "");
            Assert.Equal(f[18], s.Options.HasTimestamps ? s.Options.TsVal.ToString(CultureInfo.InvariantCulture) : "");
            Assert.Equal(f[19], s.Options.HasTimestamps ? s.Options.TsEcr.ToString(CultureInfo.InvariantCulture) : "");
            Assert.Equal(f[20], string.Join(",", Enumerable.Range(0, p.Sack.Count).Select(k => p.Sack[k].Left.ToString())));
        }
    }

    [Fact]
    public void LoopbackCapture_KernelChecksumsAreReportedBad_NotAsErrors()
    {
        List<DecodedPacket> packets = ReadAll(File.ReadAllBytes(CapturePath("lo-ipv4-simple.pcap")), out WireError error);
        Assert.Equal(WireError.None, error);
        Assert.All(packets, p => Assert.Equal(ChecksumStatus.Bad, p.Checksum));
        Assert.All(packets, p => Assert.Equal(new WireError(WireErrorCode.TcpBadChecksum, 14 + 20 + 16), p.ChecksumError));
        Assert.All(packets, p => Assert.True(p.IsTcp));
    }

    [Fact]
    public void MixedCapture_UdpAndIcmp_AreSkippedAsNotTcp_NotErrors()
    {
        List<DecodedPacket> packets = ReadAll(File.ReadAllBytes(CapturePath("lo-mixed-udp-icmp-tcp.pcap")), out WireError error);
        Assert.Equal(WireError.None, error);
        Assert.Equal(6, packets.Count);
        Assert.All(packets.GetRange(0, 4), p => Assert.Equal(PacketSkipReason.NotTcp, p.SkipReason));
        Assert.All(packets.GetRange(0, 4), p => Assert.False(p.Error.IsError));
        Assert.Equal([4, 4, 6, 6], packets.GetRange(0, 4).Select(p => p.IPVersion));
        Assert.Equal(TcpFlags.Syn, packets[4].Segment.Flags);
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, packets[5].Segment.Flags);
        Assert.Equal(packets[4].Segment.Seq + 1, packets[5].Segment.Ack);
    }

    [Fact]
    public void Snaplen60_DataSegment_KeepsHeaderFieldsAndTruePayloadLength_ChecksumNotVerified()
    {
        List<DecodedPacket> packets = ReadAll(File.ReadAllBytes(CapturePath("lo-ipv4-snaplen60.pcap")), out _);
        DecodedPacket data = packets.Single(p => p.Segment.PayloadLength == 11); // "hello world"
        Assert.Equal(60, data.CapturedLength);
        Assert.Equal(14 + 20 + 32 + 11, data.OriginalLength);
        Assert.True(data.Tcp.OptionsTruncated);
        Assert.Equal(ChecksumStatus.NotVerified, data.Checksum);
        Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, data.Segment.Flags);
    }

    [Fact]
    public void Formats_AreDetected()
    {
        using (CaptureReader r = CaptureReader.Open(CapturePath("lo-ipv4-simple.pcapng")))
        {
            Assert.True(r.TryReadNext(out CaptureFrame frame));
            Assert.Equal(CaptureFormat.PcapNg, r.Format);
            Assert.Equal(LinkType.Ethernet, frame.LinkType);
        }
        using (CaptureReader r = CaptureReader.Open(CapturePath("any-sll2-ipv6.pcap")))
        {
            Assert.True(r.TryReadNext(out CaptureFrame frame));
            Assert.Equal(CaptureFormat.Pcap, r.Format);
            Assert.Equal(LinkType.LinuxSll2, frame.LinkType);
        }
    }

    [Fact]
    public void PcapNg_MergedFile_KeepsEachInterfacesLinkType()
    {
        using CaptureReader r = CaptureReader.Open(CapturePath("merged-lo-ipv6-and-sll2.pcapng"));
        var links = new HashSet<(int, LinkType)>();
        while (r.TryReadNext(out CaptureFrame f)) links.Add((f.InterfaceId, f.LinkType));
        Assert.Equal(new HashSet<(int, LinkType)> { (0, LinkType.Ethernet), (1, LinkType.LinuxSll2) }, links);
    }

    /// <summary>The same file with every header field byte-swapped: what a big-endian host writes.</summary>
    private static byte[] ToBigEndianPcap(byte[] le)
    {
        byte[] be = (byte[])le.Clone();
        void Swap32(int at) => BinaryPrimitives.WriteUInt32BigEndian(be.AsSpan(at), BinaryPrimitives.ReadUInt32LittleEndian(le.AsSpan(at)));
        void Swap16(int at) => BinaryPrimitives.WriteUInt16BigEndian(be.AsSpan(at), BinaryPrimitives.ReadUInt16LittleEndian(le.AsSpan(at)));
        Swap32(0); Swap16(4); Swap16(6); Swap32(8); Swap32(12); Swap32(16); Swap32(20);
        for (int at = 24; at < le.Length;)
        {
            int captured = BinaryPrimitives.ReadInt32LittleEndian(le.AsSpan(at + 8));
            Swap32(at); Swap32(at + 4); Swap32(at + 8); Swap32(at + 12);
            at += 16 + captured;
        }
        return be;
    }

    [Theory]
    [InlineData("lo-ipv4-simple.pcap")]
    [InlineData("lo-ipv4-nanosecond.pcap")]
    public void BigEndianPcap_DecodesLikeTheLittleEndianOriginal(string file)
    {
        byte[] le = File.ReadAllBytes(CapturePath(file));
        List<DecodedPacket> a = ReadAll(le, out _);
        List<DecodedPacket> b = ReadAll(ToBigEndianPcap(le), out WireError error);
        Assert.Equal(WireError.None, error);
        Assert.Equal(a.Select(p => (p.FrameNumber, p.TimestampNanoseconds, p.Segment)), b.Select(p => (p.FrameNumber, p.TimestampNanoseconds, p.Segment)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PcapNg_EitherByteOrder_ReadsEnhancedAndSimpleBlocks_SkipsUnknownOnes(bool bigEndian)
    {
        byte[] raw = SynIPv4;
        byte[] file = new PcapNgBuilder()
            .Section(bigEndian)
            .Interface(101)                                         // raw IP, default microseconds
            .Block(4, [0, 0, 0, 0])                                 // Name Resolution Block: skipped
            .Enhanced(0, 1_700_000_000_123_456UL, raw)
            .Block(0x0BAD, new byte[8])                             // custom/unknown block: skipped
            .Simple(raw)
            .ToArray();
        List<DecodedPacket> packets = ReadAll(file, out WireError error);
        Assert.Equal(WireError.None, error);
        Assert.Equal(2, packets.Count);
        Assert.Equal([1L, 2L], packets.Select(p => p.FrameNumber));
        Assert.Equal(1_700_000_000_123_456_000L, packets[0].TimestampNanoseconds);
        Assert.Equal(0, packets[1].TimestampNanoseconds); // Simple Packet Blocks carry no time
        Assert.All(packets, p => Assert.Equal(47970, p.Segment.SourcePort));
    }

    [Fact]
    public void PcapNg_ObsoletePacketBlock_IsReadLikeAnEnhancedOne()
    {
        byte[] body = new byte[20 + SynIPv4.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(body, 0);                   // interface id
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), 0);         // timestamp high
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), 2_000_000); // timestamp low: 2 s in microseconds
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(12), SynIPv4.Length);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(16), SynIPv4.Length);
        SynIPv4.CopyTo(body, 20);
        byte[] file = new PcapNgBuilder().Section(false).Interface(101).Block(2, body).ToArray();
        DecodedPacket p = Assert.Single(ReadAll(file, out WireError error));
        Assert.Equal(WireError.None, error);
        Assert.Equal(2_000_000_000L, p.TimestampNanoseconds);
        Assert.Equal(40001, p.Segment.DestinationPort);
    }

    [Fact]
    public void PcapNg_SimplePacketBlock_IsCutToTheInterfaceSnapLength()
    {
        byte[] file = new PcapNgBuilder().Section(false).Interface(101, snapLength: 44).Simple(SynIPv4).ToArray();
        DecodedPacket p = Assert.Single(ReadAll(file, out _));
        Assert.Equal(44, p.CapturedLength);
        Assert.Equal(60, p.OriginalLength);
        Assert.Equal(65495, p.Segment.Options.Mss);
        Assert.True(p.Tcp.OptionsTruncated);
    }

    [Fact]
    public void PcapNg_TsResolAndTsOffset_ArePerInterface()
    {
        byte[] file = new PcapNgBuilder()
            .Section(false)
            .Interface(101, tsResol: 9)                    // nanoseconds
            .Interface(228, tsResol: 0x80 | 10, tsOffset: 100) // 2^-10 s, +100 s
            .Enhanced(0, 1_500_000_000_000_000_001UL, SynIPv4)
            .Enhanced(1, 3 * 1024 + 512, SynIPv4)          // 3.5 s
            .ToArray();
        List<DecodedPacket> packets = ReadAll(file, out WireError error);
        Assert.Equal(WireError.None, error);
        Assert.Equal(1_500_000_000_000_000_001L, packets[0].TimestampNanoseconds);
        Assert.Equal(103_500_000_000L, packets[1].TimestampNanoseconds);
    }

    [Fact]
    public void PcapNg_SecondSectionInOtherByteOrder_ResetsInterfaces()
    {
        byte[] file = new PcapNgBuilder()
            .Section(false).Interface(101).Enhanced(0, 1, SynIPv4)
            .Section(true).Interface(1).Enhanced(0, 2, [.. new byte[12], 0x08, 0x00, .. SynIPv4])
            .ToArray();
        List<DecodedPacket> packets = ReadAll(file, out WireError error);
        Assert.Equal(WireError.None, error);
        Assert.Equal(2, packets.Count);
        Assert.Equal(20, packets[0].TcpOffset);
        Assert.Equal(34, packets[1].TcpOffset);
    }

    [Fact]
    public void PcapNg_PacketNamingUndeclaredInterface_StopsWithUnknownInterface()
    {
        byte[] file = new PcapNgBuilder().Section(false).Interface(101).Enhanced(1, 0, SynIPv4).ToArray();
        Assert.Empty(ReadAll(file, out WireError error));
        Assert.Equal(WireErrorCode.CaptureUnknownInterface, error.Code);
        Assert.Equal(28 + 20 + 8, error.Offset); // body of the third block
    }

    [Fact]
    public void PcapNg_BlockLengthNotMultipleOfFour_IsInvalid()
    {
        byte[] file = new PcapNgBuilder().Section(false).Raw([1, 0, 0, 0, 13, 0, 0, 0]).ToArray();
        ReadAll(file, out WireError error);
        Assert.Equal(new WireError(WireErrorCode.CaptureBlockLengthInvalid, 32), error);
    }

    [Fact]
    public void PcapNg_TrailingLengthDisagreeing_IsInvalid()
    {
        byte[] file = new PcapNgBuilder().Section(false).Interface(101).ToArray();
        file[^1] = 0x7F;
        ReadAll(file, out WireError error);
        Assert.Equal(WireErrorCode.CaptureBlockLengthInvalid, error.Code);
    }

    [Theory]
    [InlineData(10)]   // inside the file header
    [InlineData(24 + 8)]   // inside the first record header
    [InlineData(24 + 16 + 30)] // inside the first frame
    public void Pcap_CutShort_ReportsTruncatedAtTheEnd(int keep)
    {
        byte[] file = File.ReadAllBytes(CapturePath("lo-ipv4-simple.pcap")).AsSpan(0, keep).ToArray();
        Assert.Empty(ReadAll(file, out WireError error));
        Assert.Equal(new WireError(WireErrorCode.CaptureTruncated, keep), error);
    }

    [Fact]
    public void UnknownMagic_IsUnknownFormat()
    {
        ReadAll(System.Text.Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n"), out WireError error);
        Assert.Equal(new WireError(WireErrorCode.CaptureUnknownFormat, 0), error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecordClaimingMoreThanTheInput_IsTruncated_AndCostsNoArrayOfThatSize(bool pcapng)
    {
        // A 16 MB record (the largest allowed) in an input of a few dozen bytes: found truncated at the
        // input's end, with the buffer grown only as bytes arrived (it starts at 64 KiB).
        byte[] file;
        if (pcapng)
        {
            file = new PcapNgBuilder().Section(false).Interface(101).ToArray();
            file = [.. file, 6, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4]; // an Enhanced Packet Block of 16 MB, 4 bytes of it
        }
        else
        {
            file = File.ReadAllBytes(CapturePath("lo-ipv4-simple.pcap")).AsSpan(0, 24 + 16 + 4).ToArray();
            BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(24 + 8), CaptureReader.MaxRecordLength);
        }
        using var reader = new CaptureReader(new MemoryStream(file, writable: false));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(reader.TryReadNext(out _));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(new WireError(WireErrorCode.CaptureTruncated, file.Length), reader.Error);
        Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Pcap_RecordClaimingHugeLength_IsInvalidNotAnAllocation()
    {
        byte[] file = File.ReadAllBytes(CapturePath("lo-ipv4-simple.pcap")).AsSpan(0, 24 + 16).ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(24 + 8), int.MaxValue);
        ReadAll(file, out WireError error);
        Assert.Equal(new WireError(WireErrorCode.CaptureBlockLengthInvalid, 24 + 8), error);
    }

    [Fact]
    public void RandomBytesAfterAValidHeader_NeverThrow()
    {
        var random = new Random(20261124);
        byte[] header = File.ReadAllBytes(CapturePath("lo-ipv4-simple.pcap")).AsSpan(0, 24).ToArray();
        byte[] ngHeader = new PcapNgBuilder().Section(random.Next(2) == 0).ToArray();
        for (int i = 0; i < 500; i++)
        {
            byte[] tail = new byte[random.Next(0, 400)];
            random.NextBytes(tail);
            foreach (byte[] start in new[] { header, ngHeader })
            {
                var reader = new CaptureReader(new MemoryStream([.. start, .. tail]));
                int n = 0;
                while (reader.TryReadNextPacket(out _)) n++;
                Assert.True(n <= tail.Length);
            }
        }
    }

    /// <summary>A capture of many packets made with <see cref="PcapWriter"/>, for allocation and streaming tests.</summary>
    internal static byte[] SyntheticCapture(int packets)
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            var client = InlineIPAddress.Parse("10.0.0.1");
            var server = InlineIPAddress.Parse("10.0.0.2");
            var opts = TcpOptions.None.WithTimestamps(1, 2);
            for (int i = 0; i < packets; i++)
            {
                var seg = new TcpSegment(40000, 80, (uint)(1000 + i * 100), 5000, TcpFlags.Ack, 512, payloadLength: 100, options: opts);
                writer.WriteSegment(1_000_000_000L * i, client, server, seg, i % 2 == 0 ? SackBlocks.Create([new(1, 2)]) : default);
            }
        }
        return stream.ToArray();
    }

    [Fact]
    public void ReadingAndDecoding_AfterWarmUp_AllocatesNothingPerPacket()
    {
        byte[] file = SyntheticCapture(20_000);
        var reader = new CaptureReader(new MemoryStream(file));
        var demux = new TcpDemultiplexer();
        // Warm-up: past tiered JIT promotion (30 calls, then a background recompile of the hot path,
        // installed while calls go on): half the warm-up, time for the recompile to land, the other half.
        for (int i = 0; i < 10_000; i++)
        {
            if (i == 5_000) System.Threading.Thread.Sleep(500);
            Assert.True(reader.TryReadNextPacket(out DecodedPacket warm));
            demux.Add(warm);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = 0;
        long payload = 0;
        while (reader.TryReadNextPacket(out DecodedPacket p))
        {
            demux.Add(p);
            payload += p.Segment.PayloadLength;
            count++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(10_000, count);
        Assert.Equal(10_000 * 100L, payload);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ReadingAFileStream_AfterWarmUp_AllocatesNothingPerPacket()
    {
        using CaptureReader reader = CaptureReader.Open(CapturePath("lo-ipv6-reuse-rst-refused.pcap"));
        Assert.True(reader.TryReadNextPacket(out _));
        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = 1;
        while (reader.TryReadNextPacket(out _)) count++;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(23, count);
    }
}
