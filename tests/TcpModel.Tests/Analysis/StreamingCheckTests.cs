using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TcpModel.Analysis;
using TcpModel.Drivers;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Analysis;

/// <summary>A capture check that streams: memory is bounded by the connections open at once, not by the file.</summary>
public class StreamingCheckTests
{
    /// <summary>Whole model connections one after another, <paramref name="gapNs"/> apart.</summary>
    internal static byte[] Capture(int connections, long gapNs)
    {
        var stream = new MemoryStream();
        long t = 1_700_000_000_000_000_000L;
        using (var writer = new PcapWriter(stream, LinkType.Raw, nanosecondResolution: true, leaveOpen: true))
        {
            for (int i = 0; i < connections; i++)
            {
                var client = InlineIPAddress.FromIPv4(0x0A00_0001u);
                var server = InlineIPAddress.FromIPv4(0x0A01_0001u);
                TcpPair pair = TcpPair.ClientServer((ushort)(20_000 + i), 80, (uint)(i * 7919), TcpSettings.Rfc9293);
                void Log(TcpSide side, in TcpTransition tr)
                {
                    foreach (TcpSegment s in tr.Segments)
                    {
                        t += 20_000;
                        writer.WriteSegment(t, side == TcpSide.A ? client : server, side == TcpSide.A ? server : client, s);
                    }
                }
                foreach ((TcpSide side, TcpEvent e) in new[] { (TcpSide.A, TcpEvent.OpenActive((uint)(i * 104729))), (TcpSide.A, TcpEvent.Send(100)), (TcpSide.A, TcpEvent.Close()), (TcpSide.B, TcpEvent.Close()) })
                {
                    TcpPairStep step = pair.Apply(side, e);
                    Log(side, step.Transition);
                    pair = step.Pair;
                    while (pair.TryDeliverNext(out TcpPairStep d))
                    {
                        Log(d.Side, d.Transition);
                        pair = d.Pair;
                    }
                }
                t += gapNs;
            }
        }
        return stream.ToArray();
    }

    [Fact]
    public void ConnectionsThatEnded_AreHandedOverAndForgotten_OpenOnesAreAllThatIsHeld()
    {
        byte[] capture = Capture(200, gapNs: 2 * 60_000_000_000L); // 2 minutes apart: beyond the 60 s linger of the Linux profile
        var checker = new CaptureChecker();
        var seen = new List<ConnectionCheck>();
        int mostOpen = 0;
        Assert.True(checker.TryCheck(new MemoryStream(capture), c =>
        {
            seen.Add(c);
            mostOpen = Math.Max(mostOpen, checker.OpenConnectionCount);
        }, out CheckTotals totals, out WireError error), error.ToString());

        Assert.Equal(200, totals.ConnectionCount);
        Assert.Equal(0, totals.InvalidCount);
        Assert.Equal(200, seen.Count);
        Assert.InRange(mostOpen, 0, 2); // the one being decided, and the next one that made time pass
        Assert.Equal(Enumerable.Range(0, 200), seen.Select(c => c.Connection.Index));
        Assert.All(seen, c => Assert.Equal(CheckVerdict.Valid, c.Verdict));

        // The in-memory report says the same, in the same order.
        Assert.True(new CaptureChecker().TryCheck(new MemoryStream(capture), out CheckReport report, out _));
        Assert.Equal(seen.Select(c => (c.Connection.Index, c.Verdict, c.ClientState, c.ServerState, c.ZeekHistory)),
            report.Connections.Select(c => (c.Connection.Index, c.Verdict, c.ClientState, c.ServerState, c.ZeekHistory)));
    }

    [Fact]
    public void ConnectionsCloseTogether_StayUntilTheirLingerHasPassed()
    {
        byte[] capture = Capture(50, gapNs: 1_000_000); // 1 ms apart: all within one linger
        var checker = new CaptureChecker();
        int mostOpen = 0;
        checker.TryCheck(new MemoryStream(capture), c => mostOpen = Math.Max(mostOpen, checker.OpenConnectionCount), out CheckTotals totals, out _);
        Assert.Equal(50, totals.ConnectionCount);
        Assert.Equal(49, mostOpen); // decided only when the capture ends (counted after the one handed over is forgotten)

        var quick = new CaptureChecker { EndedLinger = TimeSpan.FromMilliseconds(1) };
        int quickMost = 0;
        quick.TryCheck(new MemoryStream(capture), c => quickMost = Math.Max(quickMost, quick.OpenConnectionCount), out _, out _);
        Assert.InRange(quickMost, 1, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => quick.IdleTimeout = TimeSpan.FromSeconds(-1));
    }

    [Fact]
    public void StreamedJson_IsTheReportsJson()
    {
        byte[] capture = Capture(5, gapNs: 1_000_000);
        Assert.True(new CaptureChecker().TryCheck(new MemoryStream(capture), out CheckReport report, out _));
        var whole = new MemoryStream();
        report.WriteJson(whole);
        var streamed = new MemoryStream();
        using (var w = new CheckJsonWriter(streamed))
        {
            new CaptureChecker().TryCheck(new MemoryStream(capture), c => w.Write(c), out _, out _);
            w.Complete();
        }
        Assert.Equal(whole.ToArray(), streamed.ToArray());
    }
}
