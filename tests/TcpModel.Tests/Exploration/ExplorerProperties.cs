using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using TcpModel.Exploration;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Exploration;

/// <summary>
/// The explorer's promises over random small scenarios: a counterexample is a real run of the model
/// (replayed through the public value API, at absolute times, it gives the same segments and states),
/// and the number of threads changes nothing.
/// </summary>
[ScaledProperties(Arbitrary = new[] { typeof(ExplorerArbitraries) }, MaxTest = 25, Replay = "(20261202,11)")]
public class ExplorerProperties
{
    /// <summary>A small scenario, and a state the client must "never" reach (so there is a counterexample to replay).</summary>
    public sealed record Case(bool Linux, bool Simultaneous, int Capacity, int Retransmissions, uint ClientIsn, uint ServerIsn, bool Loss, bool Duplication,
        bool Reordering, int Calls, TcpState Forbidden)
    {
        public ExplorationScenario Scenario => ExplorationScenario.HandshakeAndClose(Linux ? TcpSettings.Linux : TcpSettings.Rfc9293) with
        {
            Open = Simultaneous ? ExplorationOpen.Simultaneous : ExplorationOpen.ClientServer,
            ChannelCapacity = Capacity, MaxRetransmissions = Retransmissions, ClientIsns = new[] { new SeqNum(ClientIsn) }, ServerIsns = new[] { new SeqNum(ServerIsn) },
            Loss = Loss, Duplication = Duplication, Reordering = Reordering, Calls = (ExplorationCalls)Calls,
        };

        public ExplorationOptions Options(int threads) => new()
        {
            Threads = threads, MaxStates = 150_000,
            Invariants = new[] { new ExplorationInvariant("client-never-" + Forbidden, "the client never enters " + Forbidden, NotIn(Forbidden)) },
        };

        private static ExplorationPredicate NotIn(TcpState forbidden) => forbidden switch
        {
            TcpState.TimeWait => static (in ExplorationState s) => s.Client.State != TcpState.TimeWait,
            TcpState.Closing => static (in ExplorationState s) => s.Client.State != TcpState.Closing,
            TcpState.FinWait2 => static (in ExplorationState s) => s.Client.State != TcpState.FinWait2,
            TcpState.CloseWait => static (in ExplorationState s) => s.Client.State != TcpState.CloseWait,
            _ => static (in ExplorationState s) => s.Client.State != TcpState.LastAck,
        };
    }

    public static class ExplorerArbitraries
    {
        private static readonly uint[] Isns = { 0, 1, 0x7FFF_FFFF, 0x8000_0000, uint.MaxValue };
        private static readonly TcpState[] Forbidden = { TcpState.TimeWait, TcpState.Closing, TcpState.FinWait2, TcpState.CloseWait, TcpState.LastAck };

        public static Arbitrary<Case> Case() =>
            (from linux in ArbMap.Default.GeneratorFor<bool>()
             from simultaneous in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
             from capacity in Gen.Choose(1, 2)
             from retx in Gen.Choose(0, 2)
             from ci in Gen.Elements(Isns)
             from si in Gen.Elements(Isns)
             from loss in ArbMap.Default.GeneratorFor<bool>()
             from dup in ArbMap.Default.GeneratorFor<bool>()
             from reorder in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
             from calls in Gen.Elements(3, 3, 1, 2, 7, 19, 35)
             from forbidden in Gen.Elements(Forbidden)
             select new Case(linux, simultaneous, capacity, retx, ci, si, loss, dup, reorder, calls, forbidden)).ToArbitrary();
    }

    [ScaledProperty]
    public void EveryCounterexample_IsARunOfTheModel(Case c)
    {
        ExplorationResult r = Explorer.Run(c.Scenario, c.Options(threads: 1));
        foreach (ExplorationViolation v in r.Violations) Replay(v);
    }

    [ScaledProperty]
    public void Threads_ChangeNothing(Case c)
    {
        ExplorationResult one = Explorer.Run(c.Scenario, c.Options(threads: 1));
        ExplorationResult two = Explorer.Run(c.Scenario, c.Options(threads: 2));

        Assert.Equal(one.States, two.States);
        Assert.Equal(one.Transitions, two.Transitions);
        Assert.Equal(one.Stop, two.Stop);
        Assert.Equal(one.Violations.Select(x => ExplorationTranscript.Trail(x)), two.Violations.Select(x => ExplorationTranscript.Trail(x)));
    }

    [Fact]
    public void KnownCounterexamples_Replay()
    {
        // Not vacuous: the hang (losses, three timer moves) and a duplicating, reordering run replay step by step.
        Replay(Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Rfc9293), new ExplorationOptions { StopAtFirstViolation = true }).Violations.Single());
        var c = new Case(false, false, 2, 2, uint.MaxValue, 0x8000_0000, true, true, true, 3, TcpState.TimeWait);
        ExplorationViolation v = Explorer.Run(c.Scenario, c.Options(1)).Violations.First(x => x.Name.StartsWith("client-never", StringComparison.Ordinal));
        Assert.True(v.Length >= 6);
        Replay(v);
    }

    /// <summary>Steps the two endpoints through the run with the public value API, keeping the channels by the steps' fates.</summary>
    private static void Replay(ExplorationViolation v)
    {
        ExplorationStep start = v.Steps[0];
        TcpConnection client = start.Client, server = start.Server;
        var toServer = new List<TcpSegment>();
        var toClient = new List<TcpSegment>();
        Carry(start, start.Client.LocalPort);
        for (int k = 1; k < v.Steps.Count; k++)
        {
            ExplorationStep s = v.Steps[k];
            ref TcpConnection me = ref s.Move.Side == Side.Client ? ref client : ref server;
            TcpTransition t;
            switch (s.Move.Kind)
            {
                case ExplorationMoveKind.Deliver:
                    List<TcpSegment> queue = s.Move.Side == Side.Client ? toClient : toServer;
                    TcpSegment seg = queue[s.Move.Index];
                    queue.RemoveAt(s.Move.Index);
                    Assert.Equal(s.Segment, seg);
                    t = me.OnSegment(seg, s.Time);
                    break;
                case ExplorationMoveKind.Timer:
                    // The explorer fires the earliest deadline of both: that is when the step happens.
                    TimeSpan due = Min(client.NextDeadline, server.NextDeadline);
                    Assert.Equal(due, s.Time);
                    Assert.Equal(due, me.NextDeadline);
                    t = me.OnTimer(s.Time);
                    break;
                case ExplorationMoveKind.Close: t = me.Close(s.Time); break;
                case ExplorationMoveKind.Abort: t = me.Abort(s.Time); break;
                default: t = me.Send(1, s.Time); break;
            }
            Assert.Equal(s.Sent, t.Segments.ToArray());
            me = t.Connection;
            Carry(s, start.Client.LocalPort);
            Same(s.Client, client);
            Same(s.Server, server);
        }

        void Carry(ExplorationStep s, ushort clientPort)
        {
            for (int i = 0; i < s.Sent.Count; i++)
            {
                List<TcpSegment> to = s.Sent[i].SourcePort == clientPort ? toServer : toClient;
                if (s.Fates[i] is ExplorationFate.InFlight or ExplorationFate.Duplicated) to.Add(s.Sent[i]);
                if (s.Fates[i] == ExplorationFate.Duplicated) to.Add(s.Sent[i]);
            }
        }
    }

    private static TimeSpan Min(TimeSpan? a, TimeSpan? b) => a is null ? b!.Value : b is null ? a.Value : a.Value < b.Value ? a.Value : b.Value;

    /// <summary>The explorer's value (relative times, a CLOSED TCB cleared) against the replayed one (absolute times).</summary>
    private static void Same(TcpConnection explored, TcpConnection replayed)
    {
        Assert.Equal(explored.State, replayed.State);
        if (explored.State == TcpState.Closed) return;
        Assert.Equal(explored.Iss, replayed.Iss);
        Assert.Equal(explored.Irs, replayed.Irs);
        Assert.Equal(explored.SndUna, replayed.SndUna);
        Assert.Equal(explored.SndNxt, replayed.SndNxt);
        Assert.Equal(explored.RcvNxt, replayed.RcvNxt);
        Assert.Equal(explored.SndWnd, replayed.SndWnd);
        Assert.Equal(explored.RetransmitCount, replayed.RetransmitCount);
    }
}
