using System;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;

namespace TcpModel.Tests.Connection;

/// <summary><see cref="TcpConnection.ApplyInPlace"/> is the value API without the copies: same rules, same results, no allocation.</summary>
public class InPlaceTests
{
    [Fact]
    public void InPlace_GivesTheSameConnectionAndSegmentsAsTheValueApi_OnRandomExchanges()
    {
        var random = new Random(424242);
        Span<TcpSegment> output = stackalloc TcpSegment[TcpConnection.MaxSegmentsPerTransition];
        int compared = 0;
        for (int run = 0; run < 200; run++)
        {
            TcpPair p = NewPair((uint)random.Next(), random.Next(2) == 0 ? Rfc : TcpSettings.Linux).Do(TcpSide.A, TcpEvent.OpenActive((uint)random.Next()));
            for (int step = 0; step < 40; step++)
            {
                TcpSide side = random.Next(2) == 0 ? TcpSide.A : TcpSide.B;
                TcpEvent e;
                if (!p.IsQuiet && random.Next(2) == 0)
                {
                    side = p.InFlightDestination(0);
                    e = TcpEvent.Arrive(p.InFlight(0));
                }
                else
                {
                    e = random.Next(7) switch
                    {
                        0 => TcpEvent.Send(random.Next(0, 3000)),
                        1 => TcpEvent.Receive(random.Next(0, 3000)),
                        2 => TcpEvent.Close(),
                        3 => TcpEvent.AckNow(),
                        4 => random.Next(6) == 0 ? TcpEvent.Abort() : TcpEvent.Status(),
                        _ => TcpEvent.Timer(),
                    };
                }
                TimeSpan now = p.Now + TimeSpan.FromMilliseconds(random.Next(0, 2000));
                TcpConnection before = p[side];
                TcpTransition value = before.Apply(e, now);
                TcpConnection inPlace = before;
                TcpOutcome outcome = TcpConnection.ApplyInPlace(ref inPlace, e, now, output);
                Assert.Equal(value.Connection, inPlace);
                Assert.Equal(before, p[side]); // the value API left the original alone
                Assert.Equal(value.Segments.Count, outcome.SegmentCount);
                for (int k = 0; k < outcome.SegmentCount; k++) Assert.Equal(value.Segments[k], output[k]);
                Assert.Equal((value.PreviousState, value.State, value.Notice, value.Error, value.Rule, value.BytesAccepted, value.BytesAcknowledged),
                    (outcome.PreviousState, outcome.State, outcome.Notice, outcome.Error, outcome.Rule, outcome.BytesAccepted, outcome.BytesAcknowledged));
                compared++;

                // Move the pair on with the same event.
                if (e.Kind == TcpEventKind.Segment) { p.TryDeliverNext(out TcpPairStep d); p = d.Pair; }
                else p = p.AdvanceTo(now).Apply(side, e).Pair;
                while (p.InFlightCount > 32) { p.TryDeliverNext(out TcpPairStep d); p = d.Pair; }
            }
        }
        Assert.True(compared > 5000, $"only {compared} compared");
    }

    [Fact]
    public void InPlace_AllocatesNothing_AndNeedsRoomForEveryOutput()
    {
        TcpConnection c = Established(1000, 5000).A;
        var output = new TcpSegment[TcpConnection.MaxSegmentsPerTransition];
        TcpConnection.ApplyInPlace(ref c, TcpEvent.Send(10), TimeSpan.Zero, output); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            TcpConnection.ApplyInPlace(ref c, TcpEvent.Send(100), TimeSpan.Zero, output);
            TcpConnection.ApplyInPlace(ref c, TcpEvent.Status(), TimeSpan.Zero, output);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Throws<ArgumentException>(() => TcpConnection.ApplyInPlace(ref c, TcpEvent.Status(), TimeSpan.Zero, new TcpSegment[1]));
    }
}
