using System;
using System.Collections.Generic;
using System.Linq;
using TcpModel.Simulation;
using Xunit;

namespace TcpModel.Tests.Simulation;

/// <summary>
/// The driver's event queue against a plain model of it: a list of (time, order) entries, one timer
/// entry a connection at most, popped smallest first. Random operations with the driver's own mix
/// (deliveries in lanes and not, timers that come sooner, timers moved later at the top, removed timers).
/// </summary>
public class EventQueueTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomOperations_PopInTheOrderOfAPlainList(int seed)
    {
        var random = new Random(seed);
        var q = new EventQueue();
        var model = new List<SimEvent>(); // the truth: every entry queued
        long order = 0, now = 0;
        for (int step = 0; step < 20_000; step++)
        {
            int op = random.Next(10);
            if (op < 3)
            {
                // A delivery, on one of three links (lanes) or none: mostly later than the one before it on
                // its link (a fixed delay), sometimes earlier (jitter).
                long t = now + random.Next(0, 50);
                if (op == 0) q.Push(t, SimEventKind.Deliver, step);
                else q.PushInLane(t, step, random.Next(3));
                model.Add(new SimEvent { Time = t, Order = order++, Index = step, Kind = SimEventKind.Deliver });
            }
            else if (op < 6)
            {
                // A timer for connection c: only ever sooner than the one it has (the driver's ArmTimer).
                int c = random.Next(40);
                long t = now + random.Next(0, 200);
                int had = model.FindIndex(e => e.Kind == SimEventKind.Timer && e.Index == c);
                if (had >= 0 && model[had].Time <= t) continue;
                if (had >= 0) model.RemoveAt(had);
                q.Push(t, SimEventKind.Timer, c);
                model.Add(new SimEvent { Time = t, Order = order++, Index = c, Kind = SimEventKind.Timer });
            }
            else if (op == 6)
            {
                int c = random.Next(40);
                q.RemoveTimer(c);
                model.RemoveAll(e => e.Kind == SimEventKind.Timer && e.Index == c);
            }
            else if (model.Count > 0)
            {
                SimEvent expected = model.OrderBy(e => e.Time).ThenBy(e => e.Order).First();
                SimEvent next = q.Peek();
                Assert.Equal((expected.Time, expected.Order, expected.Index, expected.Kind), (next.Time, next.Order, next.Index, next.Kind));
                now = expected.Time;
                model.Remove(expected);
                if (expected.Kind == SimEventKind.Timer && op == 7)
                {
                    // Its deadline moved later: the entry moves in place, ordered as a new push.
                    long later = now + random.Next(1, 300);
                    q.DelayNextTimer(later);
                    model.Add(new SimEvent { Time = later, Order = order++, Index = expected.Index, Kind = SimEventKind.Timer });
                }
                else
                {
                    SimEvent popped = q.Pop();
                    Assert.Equal((expected.Time, expected.Order), (popped.Time, popped.Order));
                }
            }
            Assert.Equal(model.Count, q.Count);
            Assert.Equal(model.Count > 0 ? model.Min(e => e.Time) : long.MaxValue, q.Count > 0 ? q.Peek().Time : long.MaxValue);
        }
    }
}
