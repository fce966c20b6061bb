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

    private static void AssertSamePair(TcpPair expected, TcpPair actual)
    {
        Assert.Equal(expected.A, actual.A);
        Assert.Equal(expected.B, actual.B);
        Assert.Equal(expected.Now, actual.Now);
        Assert.Equal(expected.InFlightCount, actual.InFlightCount);
        for (int i = 0; i < expected.InFlightCount; i++)
        {
            Assert.Equal(expected.InFlight(i), actual.InFlight(i));
            Assert.Equal(expected.InFlightDestination(i), actual.InFlightDestination(i));
        }
    }

    [Fact]
    public void PairInPlace_GivesTheSamePairAndOutcomes_AsTheValueApi_OnRandomRuns()
    {
        var random = new Random(20261202);
        int steps = 0;
        for (int run = 0; run < 150; run++)
        {
            TcpPair value = NewPair((uint)random.Next(), random.Next(2) == 0 ? Rfc : TcpSettings.Linux);
            TcpPair inPlace = value;
            for (int step = 0; step < 60; step++)
            {
                int what = step == 0 ? 9 : random.Next(10);
                TcpSide side = random.Next(2) == 0 ? TcpSide.A : TcpSide.B;
                TcpTransition t = default;
                TcpOutcome o = default;
                bool acted;
                switch (what)
                {
                    case 0 or 1 or 2 or 3:
                        acted = value.TryDeliverNext(out TcpPairStep d);
                        Assert.Equal(acted, TcpPair.TryDeliverNextInPlace(ref inPlace, out TcpSide to, out o));
                        if (acted) { Assert.Equal(d.Side, to); t = d.Transition; value = d.Pair; }
                        break;
                    case 4:
                        acted = value.TryFireTimer(out TcpPairStep f);
                        Assert.Equal(acted, TcpPair.TryFireTimerInPlace(ref inPlace, out TcpSide fired, out o));
                        if (acted) { Assert.Equal(f.Side, fired); t = f.Transition; value = f.Pair; }
                        break;
                    case 5:
                        acted = !value.IsQuiet;
                        if (acted)
                        {
                            TcpPairStep dropped = value.DropNext();
                            Assert.Equal(dropped.Event.Segment, TcpPair.DropNextInPlace(ref inPlace));
                            value = dropped.Pair;
                        }
                        break;
                    case 6:
                        TimeSpan later = value.Now + TimeSpan.FromMilliseconds(random.Next(0, 3000));
                        value = value.AdvanceTo(later);
                        TcpPair.AdvanceToInPlace(ref inPlace, later);
                        acted = false;
                        break;
                    default:
                        TcpEvent e = what == 9 && step == 0 ? TcpEvent.OpenActive((uint)random.Next()) : random.Next(6) switch
                        {
                            0 => TcpEvent.Send(random.Next(0, 4000)),
                            1 => TcpEvent.Receive(random.Next(0, 4000)),
                            2 => TcpEvent.Close(),
                            3 => random.Next(8) == 0 ? TcpEvent.Abort() : TcpEvent.AckNow(),
                            _ => TcpEvent.Status(),
                        };
                        if (step == 0) side = TcpSide.A;
                        if (value.InFlightCount > TcpPair.ChannelCapacity - TcpConnection.MaxSegmentsPerTransition) { acted = false; break; }
                        TcpPairStep a = value.Apply(side, e);
                        o = TcpPair.ApplyInPlace(ref inPlace, side, e);
                        t = a.Transition;
                        value = a.Pair;
                        acted = true;
                        break;
                }
                if (acted && what != 5)
                {
                    Assert.Equal((t.PreviousState, t.State, t.Rule, t.Notice, t.Segments.Count), (o.PreviousState, o.State, o.Rule, o.Notice, o.SegmentCount));
                    for (int k = 0; k < o.SegmentCount; k++) Assert.Equal(t.Segments[k], inPlace.InFlight(inPlace.InFlightCount - o.SegmentCount + k));
                }
                AssertSamePair(value, inPlace);
                steps++;
            }
        }
        Assert.Equal(150 * 60, steps);
    }

    [Fact]
    public void PairInPlace_AWholeLifecycle_AllocatesNothing()
    {
        static (TcpSide, TcpState, TcpState) Lifecycle()
        {
            TcpPair p = TcpPair.ClientServer(40000, 80, 5000u, Rfc);
            TcpPair.ApplyInPlace(ref p, TcpSide.A, TcpEvent.OpenActive(1000u));
            while (TcpPair.TryDeliverNextInPlace(ref p, out _, out _)) { }
            TcpPair.ApplyInPlace(ref p, TcpSide.A, TcpEvent.Send(3000));
            while (TcpPair.TryDeliverNextInPlace(ref p, out _, out _)) { }
            TcpPair.ApplyInPlace(ref p, TcpSide.A, TcpEvent.Close());
            while (TcpPair.TryDeliverNextInPlace(ref p, out _, out _)) { }
            TcpPair.ApplyInPlace(ref p, TcpSide.B, TcpEvent.Close());
            while (TcpPair.TryDeliverNextInPlace(ref p, out _, out _)) { }
            TcpPair.AdvanceToInPlace(ref p, p.NextDeadline!.Value);
            return TcpPair.TryFireTimerInPlace(ref p, out TcpSide side, out TcpOutcome end) ? (side, end.State, p.B.State) : default;
        }
        Assert.Equal((TcpSide.A, TcpState.Closed, TcpState.Closed), Lifecycle()); // the TIME-WAIT timer closed A; B was closed already
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Lifecycle();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PairInPlace_AStepThatWouldOverflowTheChannel_Throws_AndChangesNothing()
    {
        TcpPair p = Established(1000, 5000);
        var stray = new TcpSegment(ClientPort, ServerPort, 1u, 1u, TcpFlags.Ack, 100, 0);
        while (p.InFlightCount < TcpPair.ChannelCapacity - 1) p = p.Inject(TcpSide.B, stray);
        TcpPair before = p;
        Assert.Throws<InvalidOperationException>(() => TcpPair.ApplyInPlace(ref p, TcpSide.A, TcpEvent.Send(10_000)));
        AssertSamePair(before, p);
    }
}
