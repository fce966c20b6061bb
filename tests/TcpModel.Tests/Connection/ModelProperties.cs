using System;
using System.Collections.Generic;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TcpModel.Drivers;
using Xunit;

namespace TcpModel.Tests.Connection;

/// <summary>One random thing that can happen to a pair of endpoints.</summary>
public sealed record PairAction(int Kind, TcpSide Side, int N, int SeqOffset, int AckOffset, TcpFlags Flags, ushort Window, int Millis)
{
    public override string ToString() => $"{Kind}:{Side} n={N} seq{SeqOffset:+#;-#;+0} ack{AckOffset:+#;-#;+0} {Flags.ToDisplayString()} wnd={Window} +{Millis}ms";
}

public static class ModelArbitraries
{
    private static readonly TcpFlags[] FlagMixes =
    [
        TcpFlags.Ack, TcpFlags.Ack, TcpFlags.Ack | TcpFlags.Psh, TcpFlags.Syn, TcpFlags.Syn | TcpFlags.Ack,
        TcpFlags.Fin | TcpFlags.Ack, TcpFlags.Rst, TcpFlags.Rst | TcpFlags.Ack, TcpFlags.Fin, TcpFlags.None,
        TcpFlags.Syn | TcpFlags.Fin, TcpFlags.Syn | TcpFlags.Rst | TcpFlags.Ack,
    ];

    public static Gen<uint> Isn =>
        Gen.OneOf(
            Gen.Choose(0, int.MaxValue).Select(i => (uint)i * 2u),
            Gen.Choose(0, 64).Select(i => 0xFFFFFFFFu - (uint)i)); // near the wrap point

    private static Gen<int> Offset =>
        Gen.Frequency(
            (6, Gen.Choose(-3, 3)),
            (2, Gen.Choose(-70000, 70000)),
            (1, Gen.Choose(int.MinValue, int.MaxValue)));

    /// <summary>
    /// Kinds: 0 OPEN active, 1 SEND, 2 RECEIVE, 3 CLOSE, 4 ABORT, 5 STATUS, 6 deliver next,
    /// 7 drop next, 8 advance time and fire timers, 9 inject a segment relative to the receiver's
    /// TCB, 10 passive OPEN.
    /// </summary>
    public static Gen<PairAction> Action =>
        from kind in Gen.Frequency(
            (1, Gen.Constant(0)), (6, Gen.Constant(1)), (4, Gen.Constant(2)), (2, Gen.Constant(3)),
            (1, Gen.Constant(4)), (1, Gen.Constant(5)), (14, Gen.Constant(6)), (1, Gen.Constant(7)),
            (3, Gen.Constant(8)), (4, Gen.Constant(9)), (1, Gen.Constant(10)))
        from side in Gen.Elements(TcpSide.A, TcpSide.B)
        from n in Gen.Frequency((4, Gen.Choose(0, 3000)), (1, Gen.Choose(0, 200000)))
        from seq in Offset
        from ack in Offset
        from flags in Gen.Elements(FlagMixes)
        from window in Gen.Frequency((3, Gen.Choose(0, 65535)), (1, Gen.Constant(0)))
        from ms in Gen.Frequency((3, Gen.Choose(0, 2000)), (1, Gen.Choose(0, 600000)))
        select new PairAction(kind, side, n, seq, ack, flags, (ushort)window, ms);

    /// <summary>User calls only, delivered at once (the perfect-channel agreement property).</summary>
    public static Gen<PairAction> UserCall =>
        from kind in Gen.Frequency((5, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(5)))
        from side in Gen.Elements(TcpSide.A, TcpSide.B)
        from n in Gen.Choose(0, 100000)
        select new PairAction(kind, side, n, 0, 0, TcpFlags.None, 0, 0);

    public static Arbitrary<PairAction[]> Actions() => Gen.ArrayOf(Action).Resize(60).ToArbitrary();
}

/// <summary>Invariants of the model under random events, stated so that each can fail.</summary>
[ScaledProperties(Arbitrary = new[] { typeof(ModelArbitraries) }, MaxTest = 400, Replay = "(1726354,2891)")]
public class ModelProperties
{
    private static readonly HashSet<(TcpState, TcpState)> Edges = BuildEdges();

    /// <summary>RFC 9293 Figure 5 plus the RST, ABORT and timeout edges of §3.10.</summary>
    private static HashSet<(TcpState, TcpState)> BuildEdges()
    {
        var e = new HashSet<(TcpState, TcpState)>
        {
            (TcpState.Closed, TcpState.Listen), (TcpState.Closed, TcpState.SynSent),
            (TcpState.Listen, TcpState.SynReceived), (TcpState.Listen, TcpState.SynSent), (TcpState.Listen, TcpState.Closed),
            (TcpState.SynSent, TcpState.SynReceived), (TcpState.SynSent, TcpState.Established), (TcpState.SynSent, TcpState.Closed),
            (TcpState.SynReceived, TcpState.Established), (TcpState.SynReceived, TcpState.FinWait1),
            (TcpState.SynReceived, TcpState.Listen), (TcpState.SynReceived, TcpState.Closed),
            (TcpState.Established, TcpState.FinWait1), (TcpState.Established, TcpState.CloseWait), (TcpState.Established, TcpState.Closed),
            (TcpState.FinWait1, TcpState.FinWait2), (TcpState.FinWait1, TcpState.Closing), (TcpState.FinWait1, TcpState.TimeWait), (TcpState.FinWait1, TcpState.Closed),
            (TcpState.FinWait2, TcpState.TimeWait), (TcpState.FinWait2, TcpState.Closed),
            (TcpState.CloseWait, TcpState.LastAck), (TcpState.CloseWait, TcpState.Closed),
            (TcpState.Closing, TcpState.TimeWait), (TcpState.Closing, TcpState.Closed),
            (TcpState.LastAck, TcpState.Closed),
            (TcpState.TimeWait, TcpState.Closed),
        };
        // One segment may take two edges through ESTABLISHED (an ACK of our SYN carrying a FIN, or
        // the ACK that completes SYN-RECEIVED while a CLOSE is queued) or through FIN-WAIT-2 (a FIN
        // that also acknowledges ours: "if our FIN has been ACKed (perhaps in this segment)").
        e.Add((TcpState.SynSent, TcpState.CloseWait));
        e.Add((TcpState.SynReceived, TcpState.CloseWait));
        // A CLOSE queued in SYN-RECEIVED (data was waiting) takes effect on entering ESTABLISHED, so
        // the completing ACK leads to FIN-WAIT-1, and a FIN on it on to CLOSING (§3.10.4, §3.10.7.4).
        e.Add((TcpState.SynReceived, TcpState.Closing));
        return e;
    }

    private static bool HasTcb(TcpState s) => s is not (TcpState.Closed or TcpState.Listen);

    private static void CheckTransition(TcpConnection before, TcpTransition t, string context)
    {
        TcpConnection after = t.Connection;
        if (before.State != after.State)
            Assert.True(Edges.Contains((before.State, after.State)), $"illegal edge {before.State.ToRfcName()} -> {after.State.ToRfcName()} ({t.Rule}) {context}");
        if (HasTcb(after.State))
            Assert.True(after.SndNxt - after.SndUna >= 0, $"SND.UNA {after.SndUna} > SND.NXT {after.SndNxt} {context}");
        if (before.State is not (TcpState.Closed or TcpState.Listen or TcpState.SynSent) && HasTcb(after.State))
            Assert.True(after.RcvNxt - before.RcvNxt >= 0, $"RCV.NXT moved back {before.RcvNxt} -> {after.RcvNxt} ({t.Rule}) {context}");
        foreach (TcpSegment s in t.Segments)
        {
            // Every segment but the first SYN and a RST answering an unsynchronized segment carries ACK.
            bool firstSyn = s.Flags == TcpFlags.Syn;
            Assert.True(s.IsAck || firstSyn || s.IsRst, $"segment without ACK: {s} {context}");
            if (!s.IsRst && HasTcb(after.State))
                Assert.True(s.Seq - after.SndUna >= -1 && after.SndNxt - s.LastSeq >= 0 || s.SegmentLength == 0, $"segment outside [SND.UNA, SND.NXT): {s} / {after} {context}");
        }
    }

    /// <summary>Runs random actions; checks every transition; returns the last pair.</summary>
    private static TcpPair Run(uint isnA, uint isnB, PairAction[] actions, Action<TcpPair>? afterEach = null)
    {
        TcpPair p = TcpPair.ClientServer(Fixtures.ClientPort, Fixtures.ServerPort, isnB, TcpSettings.Rfc9293 with { DelayedAckTimeout = TimeSpan.FromMilliseconds(40), FinWait2Timeout = TimeSpan.FromSeconds(60), OutOfWindowAckInterval = TimeSpan.FromMilliseconds(500) });
        // Injected segments can desynchronize the endpoints; without the out-of-window ACK limit they
        // may then bounce ACKs forever (AckLoopTests). The limit keeps every run finite.
        int deliveries = 0;
        p = p.Apply(TcpSide.A, TcpEvent.OpenActive(isnA)).Pair;
        int i = 0;
        foreach (PairAction a in actions)
        {
            i++;
            string ctx = $"at action {i}: {a}";
            TcpConnection c = p[a.Side];
            TcpPairStep step;
            switch (a.Kind)
            {
                case 0: step = p.Apply(a.Side, TcpEvent.OpenActive(isnA + (uint)a.N)); break;
                case 1: step = p.Apply(a.Side, TcpEvent.Send(a.N)); break;
                case 2: step = p.Apply(a.Side, TcpEvent.Receive(a.N)); break;
                case 3: step = p.Apply(a.Side, TcpEvent.Close()); break;
                case 4: step = p.Apply(a.Side, TcpEvent.Abort()); break;
                case 5: step = p.Apply(a.Side, TcpEvent.Status()); break;
                case 6:
                    if (!p.TryDeliverNext(out step)) continue;
                    c = p[step.Side];
                    break;
                case 7:
                    if (p.IsQuiet) continue;
                    p = p.DropNext().Pair;
                    continue;
                case 8:
                    p = p.AdvanceTo(p.Now + TimeSpan.FromMilliseconds(a.Millis));
                    while (p.TryFireTimer(out step))
                    {
                        CheckTransition(p[step.Side], step.Transition, ctx);
                        p = step.Pair;
                        while (p.InFlightCount > 8)
                        {
                            p = Deliver(p, ctx);
                            Assert.True(++deliveries < 100_000, $"the exchange never settles (ACK loop?) {ctx}");
                        }
                    }
                    continue;
                case 9:
                    var seg = new TcpSegment(c.RemotePort == 0 ? (ushort)40000 : c.RemotePort, c.LocalPort,
                        c.RcvNxt + a.SeqOffset, (a.N % 2 == 0 ? c.SndNxt : c.SndUna) + a.AckOffset, a.Flags, a.Window, a.N % 1500);
                    step = new TcpPairStep();
                    TcpTransition tr = c.OnSegment(seg, p.Now);
                    CheckTransition(c, tr, ctx + " injected " + seg);
                    p = p.With(a.Side, tr.Connection);
                    continue;
                default: step = p.Apply(a.Side, TcpEvent.OpenPassive(isnB + (uint)a.N)); break;
            }
            CheckTransition(c, step.Transition, ctx);
            p = step.Pair;
            while (p.InFlightCount > 8)
            {
                p = Deliver(p, ctx);
                Assert.True(++deliveries < 100_000, $"the exchange never settles (ACK loop?) {ctx}");
            }
            afterEach?.Invoke(p);
        }
        return p;
    }

    private static TcpPair Deliver(TcpPair p, string ctx)
    {
        p.TryDeliverNext(out TcpPairStep s);
        CheckTransition(p[s.Side], s.Transition, ctx + " (flush)");
        return s.Pair;
    }

    [ScaledProperty]
    public void RandomEvents_NeverThrow_KeepTcbInvariants(PairAction[] actions)
    {
        Run(1000u, 0xFFFFFFF0u, actions);
    }

    [ScaledProperty]
    public Property RandomEvents_FromWrapIsns_KeepTcbInvariants() =>
        Prop.ForAll(ModelArbitraries.Isn.ToArbitrary(), ModelArbitraries.Isn.ToArbitrary(), Gen.ArrayOf(ModelArbitraries.Action).Resize(60).ToArbitrary(),
            (a, b, actions) => { Run(a, b, actions); });

    /// <summary>
    /// A segment whose sequence space lies wholly outside the receive window — whatever its flags,
    /// acknowledgment number or length — never changes the state or the sequence variables
    /// (RFC 9293 §3.10.7.4 first check; RFC 5961 for RST and SYN).
    /// </summary>
    [ScaledProperty]
    public void OffPathSegment_OutOfWindow_NeverChangesState(PairAction[] prefix, uint seqFar, int ackOffset, byte flagBits, ushort len)
    {
        TcpPair p = Run(7u, 9000u, prefix);
        foreach (TcpSide side in new[] { TcpSide.A, TcpSide.B })
        {
            TcpConnection c = p[side];
            if (c.State is TcpState.Closed or TcpState.Listen or TcpState.SynSent) continue;
            int length = len % 1400;
            uint wnd = c.RcvWnd;
            // Choose SEG.SEQ so that [SEQ, SEQ+LEN] stays clear of [RCV.NXT, RCV.NXT+RCV.WND].
            ulong room = (1UL << 32) - wnd - (ulong)length - 3;
            SeqNum seq = c.RcvNxt + wnd + 1 + (long)(seqFar % room);
            var flags = (TcpFlags)(flagBits & 0b0001_1111);
            var seg = new TcpSegment(c.RemotePort, c.LocalPort, seq, c.SndNxt + ackOffset, flags, 1000, length);
            bool touchesWindow = seg.SegmentLength == 0
                ? seg.Seq.InWindow(c.RcvNxt, Math.Max(wnd, 1))
                : seg.Seq.InWindow(c.RcvNxt, wnd) || seg.LastSeq.InWindow(c.RcvNxt, wnd);
            Assert.False(touchesWindow, "the generator must build an out-of-window segment");
            TcpTransition t = c.OnSegment(seg, p.Now);
            Assert.Equal(c.State, t.State);
            Assert.Equal(c.SndUna, t.Connection.SndUna);
            Assert.Equal(c.SndNxt, t.Connection.SndNxt);
            Assert.Equal(c.RcvNxt, t.Connection.RcvNxt);
            Assert.Equal(c.ReceiveQueued, t.Connection.ReceiveQueued);
            foreach (TcpSegment reply in t.Segments) Assert.False(reply.IsRst, "an off-path segment must not provoke a RST");
        }
    }

    /// <summary>
    /// Over a perfect channel, random user calls on both sides keep the endpoints in agreement: once
    /// nothing is in flight and both are ESTABLISHED, each one's RCV.NXT is the other's SND.NXT and
    /// each one's SND.UNA has caught up.
    /// </summary>
    [ScaledProperty]
    public Property PerfectChannel_EndpointsAgree() =>
        Prop.ForAll(ModelArbitraries.Isn.ToArbitrary(), ModelArbitraries.Isn.ToArbitrary(), Gen.ArrayOf(ModelArbitraries.UserCall).Resize(40).ToArbitrary(),
            (isnA, isnB, calls) =>
            {
                var log = new List<Delivered>();
                TcpPair p = Fixtures.NewPair(isnB).Do(TcpSide.A, TcpEvent.OpenActive(isnA)).Drain(log);
                int checkedStates = 0;
                foreach (PairAction call in calls)
                {
                    TcpEvent e = call.Kind switch { 1 => TcpEvent.Send(call.N), 2 => TcpEvent.Receive(call.N), 3 => TcpEvent.Close(), _ => TcpEvent.Status() };
                    p = p.Apply(call.Side, e).Pair.Drain(log);
                    if (p.A.State == TcpState.Established && p.B.State == TcpState.Established)
                    {
                        checkedStates++;
                        Assert.Equal(p.B.SndNxt, p.A.RcvNxt);
                        Assert.Equal(p.A.SndNxt, p.B.RcvNxt);
                        Assert.Equal(p.A.SndNxt, p.A.SndUna);
                        Assert.Equal(p.B.SndNxt, p.B.SndUna);
                    }
                    if (p.A.State.IsSynchronized() && p.B.State.IsSynchronized())
                    {
                        // Whatever the states, nothing sent is lost on a perfect channel — except a FIN that
                        // met a zero receive window (Table 6: not acceptable): only the retransmission timer,
                        // not fired here, sends it again (SoakFindingTests.FinAtZeroWindow_...).
                        AgreeOrFinRefused(p.A, p.B, TcpSide.A, log);
                        AgreeOrFinRefused(p.B, p.A, TcpSide.B, log);
                    }
                }
                return checkedStates >= 0;
            });

    /// <summary>The receiver has everything the sender sent, or all but a FIN it refused (at a zero window) and that waits for the retransmission timer.</summary>
    private static void AgreeOrFinRefused(TcpConnection sender, TcpConnection receiver, TcpSide senderSide, List<Delivered> log)
    {
        bool finRefused = sender.IsFinSent && sender.SndNxt == receiver.RcvNxt + 1
            && log.Exists(d => d.From == senderSide && d.Segment.IsFin && d.ReceiverRule == TcpRule.SegmentNotAcceptable);
        if (!finRefused) Assert.Equal(sender.SndNxt, receiver.RcvNxt);
    }
}
