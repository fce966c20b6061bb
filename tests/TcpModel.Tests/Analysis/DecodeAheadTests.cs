using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TcpModel.Analysis;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Analysis;

/// <summary>
/// <see cref="CaptureChecker.DecodeAhead"/> reads and decodes on a second thread: the checker must
/// see the same packets in the same order, so every result is the same as reading on the caller's thread.
/// </summary>
public class DecodeAheadTests
{
    private static (bool Ok, WireError Error, string Json, long Packets) Check(byte[] capture, bool ahead)
    {
        var checker = new CaptureChecker { DecodeAhead = ahead };
        var json = new MemoryStream();
        bool ok;
        WireError error;
        CheckTotals totals;
        using (var writer = new CheckJsonWriter(json))
        {
            ok = checker.TryCheck(new MemoryStream(capture, writable: false), c => writer.Write(c), out totals, out error);
            writer.Complete();
        }
        return (ok, error, System.Text.Encoding.UTF8.GetString(json.ToArray()), totals.PacketCount);
    }

    public static IEnumerable<object[]> CommittedCaptures() =>
        Directory.GetFiles(Path.GetDirectoryName(AnalysisTestData.CapturePath("x"))!)
            .Where(f => f.EndsWith(".pcap", StringComparison.Ordinal) || f.EndsWith(".pcapng", StringComparison.Ordinal))
            .Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(CommittedCaptures))]
    public void CommittedCapture_SameReportEitherWay(string file)
    {
        byte[] capture = File.ReadAllBytes(AnalysisTestData.CapturePath(file));
        var off = Check(capture, ahead: false);
        var on = Check(capture, ahead: true);
        Assert.Equal(off, on);
        Assert.True(on.Packets > 0);
    }

    [Fact]
    public void ManyBatches_AndEveryTruncation_SameReportAndErrorEitherWay()
    {
        // 300 connections of 9 packets: about ten batches, the last one partial.
        byte[] capture = StreamingCheckTests.Capture(300, gapNs: 1_000_000);
        var whole = Check(capture, ahead: true);
        Assert.True(whole.Ok);
        Assert.True(whole.Packets > 4 * DecodeAhead.BatchSize, $"{whole.Packets} packets");
        Assert.Equal(Check(capture, ahead: false), whole);

        var random = new Random(20261201);
        for (int i = 0; i < 40; i++)
        {
            byte[] cut = capture.AsSpan(0, random.Next(1, capture.Length)).ToArray();
            var off = Check(cut, ahead: false);
            var on = Check(cut, ahead: true);
            Assert.Equal(off, on);
        }
    }

    [Fact]
    public void ExactlyFullBatches_EndCleanly()
    {
        // A capture whose packet count is a whole number of batches: the end mark needs a batch of its own.
        byte[] capture = StreamingCheckTests.Capture(300, gapNs: 1_000_000);
        int packets = (int)Check(capture, ahead: false).Packets;
        int keep = packets / DecodeAhead.BatchSize * DecodeAhead.BatchSize;
        byte[] exact = FirstPackets(capture, keep);
        var on = Check(exact, ahead: true);
        Assert.Equal(keep, on.Packets);
        Assert.Equal(Check(exact, ahead: false), on);
    }

    [Fact]
    public void StreamFailure_IsThrownOnTheCallersThread_AsWithoutReadAhead()
    {
        byte[] capture = StreamingCheckTests.Capture(100, gapNs: 1_000_000);
        foreach (bool ahead in new[] { false, true })
        {
            var checker = new CaptureChecker { DecodeAhead = ahead };
            var e = Assert.Throws<IOException>(() => checker.TryCheck(new FailingStream(capture, failAt: capture.Length / 2), _ => { }, out _, out _));
            Assert.Equal(FailingStream.Message, e.Message);
        }
    }

    [Fact]
    public void SinkFailure_StopsTheReadingThread_AndTheCheckerWorksAgain()
    {
        byte[] capture = StreamingCheckTests.Capture(200, gapNs: 2 * 60_000_000_000L); // every connection decided before the end
        var checker = new CaptureChecker { DecodeAhead = true };
        int handed = 0;
        Assert.Throws<InvalidOperationException>(() => checker.TryCheck(new MemoryStream(capture), _ =>
        {
            if (++handed == 3) throw new InvalidOperationException("sink");
        }, out _, out _));
        Assert.Equal(3, handed);
        var again = Check(capture, ahead: true);
        Assert.Equal(Check(capture, ahead: false), again);
    }

    /// <summary>The first <paramref name="count"/> packets of a pcap (24-byte header, then records).</summary>
    private static byte[] FirstPackets(byte[] pcap, int count)
    {
        int at = 24;
        for (int i = 0; i < count; i++) at += 16 + BitConverter.ToInt32(pcap, at + 8);
        return pcap.AsSpan(0, at).ToArray();
    }

    private sealed class FailingStream(byte[] data, int failAt) : MemoryStream(data, writable: false)
    {
        public const string Message = "the disk went away";

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position + count > failAt) throw new IOException(Message);
            return base.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            if (Position + buffer.Length > failAt) throw new IOException(Message);
            return base.Read(buffer);
        }
    }
}
