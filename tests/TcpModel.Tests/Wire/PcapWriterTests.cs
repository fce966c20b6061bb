using System;
using System.Collections.Generic;
using System.IO;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Wire;

public class PcapWriterTests
{
    private static readonly InlineIPAddress Client = InlineIPAddress.Parse("2001:db8::10");
    private static readonly InlineIPAddress Server = InlineIPAddress.Parse("2001:db8::80");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WrittenHandshake_ReadsBackAsTheSameSegments(bool nanosecond)
    {
        var opts = TcpOptions.None.WithMss(1440).WithSackPermitted().WithTimestamps(7, 0).WithWindowScale(7);
        TcpSegment[] segments =
        [
            new(50000, 443, 0xFFFFFFF0, 0, TcpFlags.Syn, 64800, options: opts),
            new(443, 50000, 12345, 0xFFFFFFF1, TcpFlags.Syn | TcpFlags.Ack, 65160, options: opts),
            new(50000, 443, 0xFFFFFFF1, 12346, TcpFlags.Ack, 507, payloadLength: 100),
        ];
        var stream = new MemoryStream();
        using (var w = new PcapWriter(stream, nanosecondResolution: nanosecond, leaveOpen: true))
        {
            for (int i = 0; i < segments.Length; i++)
            {
                bool fromClient = segments[i].SourcePort == 50000;
                w.WriteSegment(1_700_000_000_000_000_000L + i * 1_234_567L, fromClient ? Client : Server, fromClient ? Server : Client, segments[i]);
            }
            Assert.Equal(3, w.FramesWritten);
        }
        stream.Position = 0;
        var reader = new CaptureReader(stream);
        var read = new List<DecodedPacket>();
        while (reader.TryReadNextPacket(out DecodedPacket p)) read.Add(p);
        Assert.Equal(WireError.None, reader.Error);
        Assert.Equal(3, read.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(segments[i], read[i].Segment);
            Assert.Equal(ChecksumStatus.Good, read[i].Checksum);
            Assert.Equal(WireError.None, read[i].ChecksumError);
            long expected = 1_700_000_000_000_000_000L + i * 1_234_567L;
            Assert.Equal(nanosecond ? expected : expected / 1000 * 1000, read[i].TimestampNanoseconds);
        }
        Assert.Equal(Client, read[0].Source);
    }

    [Fact]
    public void SmallSnapLength_CutsFramesButKeepsTruePayloadLength()
    {
        var stream = new MemoryStream();
        using (var w = new PcapWriter(stream, snapLength: 44, leaveOpen: true))
        {
            var seg = new TcpSegment(1, 2, 3, 4, TcpFlags.Ack, 5, payloadLength: 1000, options: TcpOptions.None.WithTimestamps(1, 2));
            w.WriteSegment(0, InlineIPAddress.Parse("192.0.2.1"), InlineIPAddress.Parse("192.0.2.2"), seg);
        }
        stream.Position = 0;
        var reader = new CaptureReader(stream);
        Assert.True(reader.TryReadNextPacket(out DecodedPacket p));
        Assert.Equal(44, p.CapturedLength);
        Assert.Equal(20 + 32 + 1000, p.OriginalLength);
        Assert.Equal(1000, p.Segment.PayloadLength);
        Assert.True(p.Tcp.OptionsTruncated);
        Assert.Equal(ChecksumStatus.NotVerified, p.Checksum);
    }

    [Fact]
    public void WriteSegment_OnEthernetWriter_Throws()
    {
        using var w = new PcapWriter(new MemoryStream(), LinkType.Ethernet);
        Assert.Throws<InvalidOperationException>(() => w.WriteSegment(0, Client, Server, default));
    }

    [Fact]
    public void WriteSegment_MixedIPVersions_Throws()
    {
        using var w = new PcapWriter(new MemoryStream());
        Assert.Throws<ArgumentException>(() => w.WriteSegment(0, Client, InlineIPAddress.Parse("192.0.2.1"), default));
    }
}
