using System;
using System.IO;
using System.Linq;
using Snapshooter.Xunit;
using TcpModel.Exploration;
using TcpModel.Transcripts;
using TcpModel.Wire;
using Xunit;

namespace TcpModel.Tests.Exploration;

/// <summary>The three known results of issue 11, and the explorer's own promises (bounds, threads, bit-state, cycles).</summary>
public class ExplorerTests
{
    private static readonly SeqNum[] Wrap = { new(uint.MaxValue) };

    /// <summary>One ISN each (the wrapping one) keeps the runs short; the ISN-pair tests below take both.</summary>
    private static ExplorationScenario Small(ExplorationScenario s) => s with { ClientIsns = Wrap, ServerIsns = Wrap };

    // ------------------------------------------------------------------ FIN-WAIT-2

    [Fact]
    public void Rfc9293_FindsTheFinWait2Hang_WithItsShortestRun()
    {
        ExplorationResult r = Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Rfc9293), new ExplorationOptions { StopAtFirstViolation = true });

        ExplorationViolation v = Assert.Single(r.Violations);
        Assert.Equal(ExplorationViolationKind.Deadlock, v.Kind);
        Assert.Equal(TcpState.FinWait2, v.FinalClient.State);
        Assert.Equal(TcpState.Closed, v.FinalServer.State);
        // SYN and SYN,ACK arrive; the third ACK is lost; the client's CLOSE sends a FIN that completes the
        // server's handshake and takes it to CLOSE-WAIT (RFC 9293 §3.10.7.4); its ACK arrives; the server's
        // CLOSE: its FIN is lost, and both retransmissions; it gives up.
        Assert.Equal(9, v.Length);
        Assert.Equal(ExplorationFate.Lost, v.Steps[2].Fates[0]);
        Assert.Equal(TcpRule.RetransmissionLimit, v.Steps[^1].Rule);
        Assert.Equal(TimeSpan.FromSeconds(7), v.Steps[^1].Time); // 1 + 2 + 4 s of RFC 6298 back-off
        Assert.Contains(v.Steps, s => s.Move.Kind == ExplorationMoveKind.Close && s.Move.Side == Side.Server);
    }

    [Fact]
    public void Linux_FinTimeout_MeansNoHang_AndEveryRunEnds()
    {
        ExplorationResult r = Explorer.Run(Small(ExplorationScenario.HandshakeAndClose(TcpSettings.Linux)));

        Assert.True(r.IsComplete);
        Assert.Empty(r.Violations);
        Assert.True(r.States > 50_000, r.States.ToString());
        // The teardown's every state is reached: both orders of close, and the simultaneous one.
        Assert.True(r.Reached(TcpState.TimeWait, TcpState.Closed));
        Assert.True(r.Reached(TcpState.Closed, TcpState.TimeWait));
        Assert.True(r.Reached(TcpState.Closing, TcpState.Closing));
        Assert.True(r.Reached(Side.Client, TcpState.FinWait2));
    }

    // ------------------------------------------------------------------ why three handshakes

    [Fact]
    public void TwoWayHandshake_OldDuplicateSyn_OpensAConnectionNobodyAskedFor()
    {
        ExplorationResult r = Explorer.Run(ExplorationScenario.OldDuplicate(TcpSettings.Rfc9293, ExplorationHandshake.TwoWay));

        ExplorationViolation v = Assert.Single(r.Violations);
        Assert.Equal(ExplorationInvariants.NoConnectionNotAskedFor.Name, v.Name);
        Assert.Equal(1, v.Length);
        Assert.Equal(ExplorationMoveKind.Deliver, v.Steps[1].Move.Kind);
        Assert.Equal(TcpState.Established, v.FinalServer.State);
        Assert.Equal(new SeqNum(1000), v.FinalServer.Irs);
        Assert.Equal(TcpState.Closed, v.FinalClient.State);
    }

    [Fact]
    public void ThreeWayHandshake_OldDuplicateSyn_NeverOpensAConnection()
    {
        ExplorationResult r = Explorer.Run(ExplorationScenario.OldDuplicate(TcpSettings.Rfc9293, ExplorationHandshake.ThreeWay));

        Assert.True(r.IsComplete);
        Assert.Empty(r.Violations);
        Assert.True(r.Reached(TcpState.Closed, TcpState.SynReceived));
        Assert.False(r.Reached(Side.Server, TcpState.Established));
    }

    [Fact]
    public void ThreeWayHandshake_OldDuplicateSynAheadOfARealOne_StillOnlyOpensTheRealOne()
    {
        // RFC 9293 Figure 9: the client's RST for the SYN,ACK of the old SYN sends the server back to LISTEN.
        ExplorationScenario s = ExplorationScenario.OldDuplicate(TcpSettings.Linux, ExplorationHandshake.ThreeWay) with
        {
            ClientOpens = true, ClientIsns = new[] { new SeqNum(90) }, ServerIsns = new[] { new SeqNum(7) },
        };
        ExplorationResult r = Explorer.Run(s);

        Assert.True(r.IsComplete);
        Assert.Empty(r.Violations);
        Assert.True(r.Reached(TcpState.Established, TcpState.Established));
    }

    // ------------------------------------------------------------------ simultaneous open and close

    [Fact]
    public void SimultaneousOpenAndClose_ReachesClosingAndTimeWaitOnBothSides_AndEveryRunEnds()
    {
        ExplorationResult r = Explorer.Run(Small(ExplorationScenario.SimultaneousOpenAndClose(TcpSettings.Linux)));

        Assert.True(r.IsComplete);
        Assert.Empty(r.Violations); // includes the termination check: no cycle
        Assert.True(r.Options.CheckTermination);
        Assert.True(r.Reached(TcpState.SynReceived, TcpState.SynReceived));
        Assert.True(r.Reached(TcpState.Closing, TcpState.Closing));
        Assert.True(r.Reached(TcpState.TimeWait, TcpState.TimeWait));
    }

    [Fact]
    public void SimultaneousOpen_UnderRfc9293_HangsInFinWait2_ByTheSameRule()
    {
        ExplorationResult r = Explorer.Run(Small(ExplorationScenario.SimultaneousOpenAndClose(TcpSettings.Rfc9293)), new ExplorationOptions { StopAtFirstViolation = true });

        ExplorationViolation v = Assert.Single(r.Violations);
        Assert.Equal(ExplorationViolationKind.Deadlock, v.Kind);
        Assert.True(v.FinalClient.State == TcpState.FinWait2 || v.FinalServer.State == TcpState.FinWait2);
    }

    // ------------------------------------------------------------------ cycles, invariants of your own

    [Fact]
    public void KeepAlivesOnAnIdleConnection_AreARunThatNeverEnds()
    {
        TcpSettings keepAlive = TcpSettings.Rfc9293 with { KeepAliveIdle = TimeSpan.FromSeconds(10), KeepAliveInterval = TimeSpan.FromSeconds(5) };
        ExplorationScenario s = Small(ExplorationScenario.HandshakeAndClose(keepAlive)) with { Calls = ExplorationCalls.None, Duplication = false };
        ExplorationResult r = Explorer.Run(s);

        ExplorationViolation v = Assert.Single(r.Violations);
        Assert.Equal(ExplorationViolationKind.NonTermination, v.Kind);
        int start = Assert.IsType<int>(v.CycleStart);
        Assert.InRange(start, 1, v.Length - 1);
        // The cycle is a probe and its answer, coming back to the state it left.
        Assert.Contains(v.Steps.Skip(start + 1), x => x.Rule == TcpRule.KeepAlive);
        Assert.Equal(v.Steps[start].Client.State, v.FinalClient.State);
        Assert.Contains("cycle", ExplorationTranscript.Trail(v));
    }

    [Fact]
    public void OwnInvariant_IsCheckedInEveryState_AndReportedWithTheShortestRun()
    {
        var neverCloseWait = new ExplorationInvariant("server-never-close-wait", "the server never enters CLOSE-WAIT",
            static (in ExplorationState s) => s.Server.State != TcpState.CloseWait);
        ExplorationResult r = Explorer.Run(Small(ExplorationScenario.HandshakeAndClose(TcpSettings.Linux)),
            new ExplorationOptions { Invariants = new[] { neverCloseWait }, StopAtFirstViolation = true });

        ExplorationViolation v = Assert.Single(r.Violations);
        Assert.Equal("server-never-close-wait", v.Name);
        Assert.Equal(TcpState.CloseWait, v.FinalServer.State);
        Assert.Equal(4, v.Length); // SYN, SYN,ACK delivered (the ACK lost); client CLOSE; the FIN, which carries the ACK, delivered
        Assert.Equal(ExplorationStop.FirstViolation, r.Stop);
        Assert.False(r.IsComplete);
    }

    [Fact]
    public void DocsExample_HalfOpenConnection_IsFound()
    {
        // docs/exploration.md's quick start: the client gives up on its FIN and closes; the server stays ESTABLISHED.
        var noHalfOpenForever = new ExplorationInvariant(
            "no-established-after-peer-closed", "the server is never ESTABLISHED once the client is CLOSED",
            static (in ExplorationState s) => !(s.Client.State == TcpState.Closed && s.Server.State == TcpState.Established));
        ExplorationResult r = Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Linux), new ExplorationOptions { Invariants = new[] { noHalfOpenForever } });

        ExplorationViolation v = Assert.Single(r.Violations);
        Assert.Equal("no-established-after-peer-closed", v.Name);
        Assert.Equal(TcpRule.RetransmissionLimit, v.Steps[^1].Rule);
        Assert.Equal(ExplorationMoveKind.Timer, v.Steps[^1].Move.Kind);
        Assert.Equal(Side.Client, v.Steps[^1].Move.Side);
        Assert.True(r.IsComplete);
    }

    [Fact]
    public void Invariant_SeesTheSegmentsInFlight()
    {
        // "At most one segment in flight to the server" fails at once: the SYN's retransmission timer can
        // fire while the SYN is still on its way (delivery takes any time; timers keep their order).
        var oneInFlight = new ExplorationInvariant("one-in-flight", "at most one segment in flight to the server",
            static (in ExplorationState s) => s.InFlightCount(Side.Server) <= 1);
        ExplorationScenario sc = Small(ExplorationScenario.HandshakeAndClose(TcpSettings.Rfc9293)) with { Duplication = false, Loss = false };
        ExplorationResult r = Explorer.Run(sc, new ExplorationOptions { Invariants = new[] { oneInFlight }, CheckBuiltInInvariants = false, StopAtFirstViolation = true });

        ExplorationViolation v = Assert.Single(r.Violations);
        Assert.Equal(1, v.Length);
        Assert.Equal(new ExplorationMove(ExplorationMoveKind.Timer, Side.Client, 0), v.Steps[1].Move);
        Assert.Equal(TcpRule.RetransmissionTimeout, v.Steps[1].Rule);
        Assert.Equal(TimeSpan.FromSeconds(1), v.Steps[1].Time);
    }

    // ------------------------------------------------------------------ the search itself

    [Fact]
    public void Threads_DoNotChangeTheResult()
    {
        ExplorationScenario s = Small(ExplorationScenario.HandshakeAndClose(TcpSettings.Rfc9293));
        ExplorationResult one = Explorer.Run(s, new ExplorationOptions { Threads = 1 });
        ExplorationResult two = Explorer.Run(s, new ExplorationOptions { Threads = 2 });

        Assert.Equal(one.States, two.States);
        Assert.Equal(one.Transitions, two.Transitions);
        Assert.Equal(one.Depth, two.Depth);
        Assert.Equal(one.Violations.Select(v => v.Name + v.Length), two.Violations.Select(v => v.Name + v.Length));
        Assert.Equal(ExplorationTranscript.Trail(one.Violations[0]), ExplorationTranscript.Trail(two.Violations[0]));
    }

    [Fact]
    public void BothIsnPairs_AreStarts_AndWrappingIsExplored()
    {
        ExplorationScenario s = ExplorationScenario.HandshakeAndClose(TcpSettings.Linux) with { Loss = false, Duplication = false };
        ExplorationResult all = Explorer.Run(s);
        long separately = 0;
        foreach (SeqNum c in s.ClientIsns)
            foreach (SeqNum v in s.ServerIsns)
                separately += Explorer.Run(s with { ClientIsns = new[] { c }, ServerIsns = new[] { v } }).States;

        Assert.True(all.IsComplete);
        Assert.Empty(all.Violations);
        // Every state holds both ISSs, so the four starts reach disjoint sets. They are not four copies of
        // one graph: with ISN 2^32-1, ISN+1 is 0 and meets fields that are 0 by default.
        Assert.Equal(separately, all.States);
    }

    [Theory]
    [InlineData(500, ExplorationStop.MaxStates)]
    [InlineData(-1, ExplorationStop.MaxDepth)]
    public void Bounds_StopCleanly_AndSaySo(int maxStates, ExplorationStop expected)
    {
        var options = maxStates > 0 ? new ExplorationOptions { MaxStates = maxStates } : new ExplorationOptions { MaxDepth = 4 };
        ExplorationResult r = Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Linux), options);

        Assert.Equal(expected, r.Stop);
        Assert.False(r.IsComplete);
        if (maxStates > 0) Assert.Equal(maxStates, r.States);
        else Assert.Equal(4, r.Depth);
    }

    [Fact]
    public void MaxMemory_StopsBeforeTheBudget()
    {
        ExplorationResult r = Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Linux), new ExplorationOptions { MaxMemoryBytes = 64L << 20 });

        Assert.Equal(ExplorationStop.MaxMemory, r.Stop);
        Assert.InRange(r.PeakMemoryBytes, 1, 96L << 20);
    }

    [Fact]
    public void BitState_FindsTheSameShortestCounterexample_ButClaimsNoProof()
    {
        ExplorationScenario s = ExplorationScenario.OldDuplicate(TcpSettings.Rfc9293, ExplorationHandshake.TwoWay);
        ExplorationResult r = Explorer.Run(s, new ExplorationOptions { VisitedSet = ExplorationVisitedSet.BitState, BitStateLog2 = 20, Seed = 3 });

        Assert.Equal(1, Assert.Single(r.Violations).Length);
        Assert.False(r.IsComplete);
        Assert.InRange(r.BitStateFill, 1e-6, 0.1);
        Assert.InRange(r.States, 120, 154); // a few of the 154 may share bits
    }

    [Fact]
    public void Seeds_ShuffleTheOrder_NotTheStateSpace()
    {
        ExplorationScenario s = Small(ExplorationScenario.HandshakeAndClose(TcpSettings.Rfc9293));
        ExplorationResult a = Explorer.Run(s, new ExplorationOptions { Seed = 1, CheckTermination = false });
        ExplorationResult b = Explorer.Run(s, new ExplorationOptions { Seed = 2, CheckTermination = false });

        Assert.Equal(a.States, b.States);
        Assert.Equal(a.Violations[0].Length, b.Violations[0].Length);
    }

    [Fact]
    public void DepthFirst_VisitsTheSameStates_AndFindsTheHang_NotByAShortestRun()
    {
        ExplorationScenario s = Small(ExplorationScenario.HandshakeAndClose(TcpSettings.Rfc9293));
        ExplorationResult bfs = Explorer.Run(s);
        ExplorationResult dfs = Explorer.Run(s, new ExplorationOptions { Order = ExplorationOrder.DepthFirst });

        Assert.True(dfs.IsComplete);
        Assert.False(dfs.TerminationChecked);
        Assert.True(bfs.TerminationChecked);
        Assert.Equal(bfs.States, dfs.States);
        Assert.Equal(bfs.ReachedPairs(), dfs.ReachedPairs());
        ExplorationViolation hang = Assert.Single(dfs.Violations);
        Assert.Equal(ExplorationViolationKind.Deadlock, hang.Kind);
        Assert.True(hang.Length >= bfs.Violations[0].Length);
        Assert.Equal(TcpState.FinWait2, hang.FinalClient.State);
    }

    [Fact]
    public void Swarm_DepthFirstBitStateMembers_CoverDifferentStates()
    {
        // Bounded members with other seeds dive into other parts of the graph (SPIN's swarm idea).
        ExplorationScenario s = ExplorationScenario.HandshakeAndClose(TcpSettings.Linux);
        ExplorationOptions member(ulong seed) => new() { Order = ExplorationOrder.DepthFirst, VisitedSet = ExplorationVisitedSet.BitState, BitStateLog2 = 22, Seed = seed, MaxStates = 5000 };
        ExplorationResult a = Explorer.Run(s, member(1)), b = Explorer.Run(s, member(2));

        ExplorationResult bfs = Explorer.Run(s, new ExplorationOptions { VisitedSet = ExplorationVisitedSet.BitState, BitStateLog2 = 22, MaxStates = 5000 });

        Assert.Equal(ExplorationStop.MaxStates, a.Stop);
        Assert.NotEqual((a.Transitions, a.Depth), (b.Transitions, b.Depth));
        // A bounded breadth-first run stays near the start; the depth-first members go deep.
        Assert.True(a.Depth > 2 * bfs.Depth && b.Depth > 2 * bfs.Depth, $"dfs {a.Depth}, {b.Depth}; bfs {bfs.Depth}");
    }

    [Fact]
    public void BadScenarioOrOptions_AreArgumentErrors()
    {
        Assert.Throws<ArgumentException>(() => Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Linux) with { ChannelCapacity = 5 }));
        Assert.Throws<ArgumentException>(() => Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Linux) with { ClientIsns = Array.Empty<SeqNum>() }));
        Assert.Throws<ArgumentException>(() => Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Linux), new ExplorationOptions { MaxStates = 0 }));
        Assert.Throws<ArgumentNullException>(() => Explorer.Run(null!));
    }

    [Fact]
    public void StateSize_IsPrinted()
    {
        // Two 144-byte TCBs and two channels of four inline segments: what one frontier entry costs.
        Assert.InRange(Explorer.StateSize, 400, 700);
    }

    // ------------------------------------------------------------------ counterexamples rendered

    [Fact]
    public void Counterexample_AsTrailAndTranscript_English()
    {
        ExplorationViolation v = Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Rfc9293), new ExplorationOptions { StopAtFirstViolation = true }).Violations[0];
        Transcript t = ExplorationTranscript.Of(v);
        Snapshot.Match(ExplorationTranscript.Trail(v) + "\n" + TranscriptRenderer.Render(t, TranscriptFormat.Markdown, new TranscriptRenderOptions { Style = SeqStyle.Numeric }));
    }

    [Fact]
    public void Counterexample_AsTrailAndTranscript_Chinese()
    {
        ExplorationViolation v = Explorer.Run(ExplorationScenario.OldDuplicate(TcpSettings.Rfc9293, ExplorationHandshake.TwoWay)).Violations[0];
        Transcript t = ExplorationTranscript.Of(v, TranscriptLanguage.Chinese);
        Snapshot.Match(ExplorationTranscript.Trail(v, TranscriptLanguage.Chinese) + "\n"
            + TranscriptRenderer.Render(t, TranscriptFormat.Markdown, new TranscriptRenderOptions { Language = TranscriptLanguage.Chinese, Style = SeqStyle.Numeric }));
    }

    [Fact]
    public void Counterexample_AsPcap_HasEverySegmentSent()
    {
        ExplorationViolation v = Explorer.Run(ExplorationScenario.HandshakeAndClose(TcpSettings.Rfc9293), new ExplorationOptions { StopAtFirstViolation = true }).Violations[0];
        using var ms = new MemoryStream();
        ExplorationTranscript.WritePcap(v, ms);
        ms.Position = 0;

        int sent = v.Steps.Sum(s => s.Sent.Count);
        using var reader = new CaptureReader(ms);
        int frames = 0;
        while (reader.TryReadNextPacket(out DecodedPacket _)) frames++;
        Assert.Equal(sent, frames);
        Assert.Equal(8, sent); // SYN, SYN,ACK, ACK, FIN, ACK, FIN and its two retransmissions
    }
}
