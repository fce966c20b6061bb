using System;
using System.Collections.Generic;
using System.Linq;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;

namespace TcpModel.Tests.Judge;

/// <summary>
/// The judge is derived from the driver: what the driver sends is conforming, and a segment one
/// field away from everything the driver could send is a violation naming that field.
/// </summary>
public class JudgeDerivationTests
{
    /// <summary>
    /// The drift the hand-written judge had: CLOSE with data still queued enters FIN-WAIT-1 at once
    /// (RFC 9293 §3.10.4), and the queued data still goes out before the FIN. It is not "data after FIN".
    /// </summary>
    [Fact]
    public void QueuedDataAfterClose_SentOnTheNextAck_IsConformingData()
    {
        TcpPair p = Established(1000, 5000, Rfc with { Mss = 100 }).Do(TcpSide.A, TcpEvent.Send(1000)).Do(TcpSide.A, TcpEvent.Close());
        TcpConnection a = p.A;
        Assert.Equal(TcpState.FinWait1, a.State);
        Assert.False(a.IsFinSent);
        Assert.Equal(200, a.SendQueued);
        Assert.Equal(1801u, a.SndNxt.Value);

        // The server's ACK of everything so far: A answers with the queued data.
        var ack = new TcpSegment(ServerPort, ClientPort, p.B.SndNxt, a.SndNxt, TcpFlags.Ack, 65535);
        TcpTransition t = a.OnSegment(ack, p.Now);
        TcpSegment sent = t.Segments[0];
        AssertSegment(sent, TcpFlags.Ack, 1801, 5001, 100);

        TcpSendVerdict v = TcpJudge.JudgeSend(a, sent, p.Now);
        Assert.True(v.IsConforming, v.ToString());
        Assert.Equal(TcpSendKind.Data, v.Kind);
        Assert.Equal(TcpState.FinWait1, v.Connection.State);
        Assert.Equal(100, v.Connection.SendQueued);

        // ...and the last 100 bytes carry the FIN with them.
        TcpSendVerdict last = TcpJudge.JudgeSend(v.Connection, t.Segments[1], p.Now);
        Assert.True(last.IsConforming, last.ToString());
        Assert.Equal(TcpSendKind.Fin, last.Kind);
        Assert.True(last.Connection.IsFinSent);
        Assert.Equal(t.Connection.SndNxt, last.Connection.SndNxt);
    }

    /// <summary>
    /// Every segment a driver event emits, from states reached by random exchanges, is judged
    /// conforming: user calls, timers and the send events a simulator can ask for (judged from the
    /// state before the event), and arrivals' replies (judged from the state after the arrival, as a
    /// capture replay sees them). RSTs that answer a specific arriving segment are not judged: they
    /// depend on that segment, not on the sender's state.
    /// </summary>
    [Fact]
    public void EverySegmentAnyDriverEventEmits_IsJudgedConforming()
    {
        int judged = 0;
        var kinds = new HashSet<TcpSendKind>();
        var random = new Random(20261201);
        for (int run = 0; run < 400; run++)
        {
            TcpSettings settings = (random.Next(2) == 0 ? TcpSettings.Rfc9293 : TcpSettings.Linux) with { Mss = (ushort)random.Next(50, 1461) };
            if (random.Next(3) == 0) settings = settings with { ReceiveWindow = (uint)random.Next(500, 8000) }; // windows that close
            uint x = random.Next(3) == 0 ? 0xFFFFFF00u + (uint)random.Next(0, 512) : (uint)random.Next();
            TcpPair p = NewPair((uint)random.Next() * 2u, settings);
            TcpEvent open = random.Next(6) == 0 ? TcpEvent.OpenActive(x, random.Next(1, 300)) : TcpEvent.OpenActive(x);
            p = Judge(p, TcpSide.A, open, ref judged, kinds);
            for (int step = 0; step < 50; step++)
            {
                int k = random.Next(14);
                TcpSide side = random.Next(2) == 0 ? TcpSide.A : TcpSide.B;
                if (k < 5 && !p.IsQuiet)
                {
                    p.TryDeliverNext(out TcpPairStep d);
                    foreach (TcpSegment seg in d.Transition.Segments)
                    {
                        if (seg.IsRst) continue;
                        TcpSendVerdict v = TcpJudge.JudgeSend(d.Transition.Connection, seg, d.Pair.Now);
                        Assert.True(v.IsConforming, $"reply to {d.Event} by {d.Transition.Connection}: {seg} judged {v}");
                        kinds.Add(v.Kind);
                        judged++;
                    }
                    p = d.Pair;
                    continue;
                }
                TcpConnection c = p[side];
                TcpEvent e = k switch
                {
                    5 or 6 => TcpEvent.Send(random.Next(0, 5000)),
                    7 => TcpEvent.Receive(random.Next(0, 5000)),
                    8 => random.Next(4) == 0 ? TcpEvent.Close() : TcpEvent.Status(),
                    9 => random.Next(8) == 0 ? TcpEvent.Abort() : TcpEvent.AckNow(),
                    10 => TcpEvent.KeepAlive(),
                    11 when c.BytesInFlight > 0 => TcpEvent.RetransmitRange(c.SndUna + random.Next(0, c.BytesInFlight), random.Next(1, c.BytesInFlight + 1)),
                    _ => TcpEvent.Timer(),
                };
                if (e.Kind == TcpEventKind.Timer) p = p.AdvanceTo(p.Now + TimeSpan.FromMilliseconds(random.Next(0, 3000)));
                p = Judge(p, side, e, ref judged, kinds);
                if (p.InFlightCount > 64) break; // a closed window's probes and ACKs pile up: next run
            }
        }
        Assert.True(judged > 5000, $"only {judged} segments judged");
        foreach (TcpSendKind kind in Enum.GetValues<TcpSendKind>().Where(k => k != TcpSendKind.None))
            Assert.Contains(kind, kinds);
    }

    private static TcpPair Judge(TcpPair p, TcpSide side, TcpEvent e, ref int judged, HashSet<TcpSendKind> kinds)
    {
        TcpConnection before = p[side];
        TcpPairStep s = p.Apply(side, e);
        TcpConnection state = before;
        foreach (TcpSegment seg in s.Transition.Segments)
        {
            TcpSendVerdict v = TcpJudge.JudgeSend(state, seg, p.Now);
            Assert.True(v.IsConforming, $"{e} in {before}: {seg} judged {v}");
            kinds.Add(v.Kind);
            state = v.Connection;
            judged++;
        }
        if (!s.Transition.Segments.IsEmpty)
        {
            Assert.Equal(s.Transition.Connection.SndNxt, state.SndNxt);
            // A CLOSE whose FIN waits behind queued data changes the state without a sign on the
            // wire: the judge sees the state change with the FIN.
            TcpSegment last = s.Transition.Segments[s.Transition.Segments.Count - 1];
            if (last.IsFin || last.IsRst || last.IsSyn || !s.Transition.StateChanged) Assert.Equal(s.Transition.State, state.State);
        }
        return s.Pair;
    }

    /// <summary>
    /// A segment the driver sent, changed in one field so that no driver event emits it, is a
    /// violation naming that field, and the expected value is the one the driver sent.
    /// </summary>
    [Fact]
    public void EveryOneFieldChange_ThatNoEventEmits_IsAViolationNamingThatField()
    {
        var random = new Random(7);
        int caught = 0, named = 0;
        var fields = new HashSet<TcpField>();
        foreach (var (sender, sent) in Emitted(random, 300))
        {
            foreach (var (field, changed) in OneFieldChanges(sent, random))
            {
                TcpSendVerdict v = TcpJudge.JudgeSend(sender, changed, TimeSpan.Zero);
                if (v.IsConforming) continue; // the changed segment is something else the sender could send
                // The named field is the one changed, or — when another segment the sender could send is
                // also one field away — that segment's field: either way the verdict's nearest segment
                // is one the sender could send, and differs from the changed one in exactly that field.
                Assert.True(v.Nearest.HasValue, v.ToString());
                TcpSegment nearest = v.Nearest.Value;
                Assert.True(TcpJudge.JudgeSend(sender, nearest, TimeSpan.Zero).IsConforming, $"nearest {nearest} of {v}");
                // (A changed length changes what the sender would cut: the nearest may then differ in more.)
                TcpField[] differences = Differences(nearest, changed);
                Assert.True(differences.Length == 1 ? differences[0] == v.Field : field == TcpField.Length && differences.Contains(v.Field),
                    $"{sent} changed in {field} to {changed} from {sender}: nearest {nearest} differs in {string.Join(",", differences)}; {v}");
                if (v.Field == field) named++;
                // The diagnosis can be acted on: the expected value in that field makes it conforming.
                if (field == TcpField.Seq && v.Violation != TcpViolation.DataBeyondWindow)
                    Assert.True(TcpJudge.JudgeSend(sender, Change(changed, seq: v.ExpectedSeq), TimeSpan.Zero).IsConforming, v.ToString());
                if (field == TcpField.Ack)
                    Assert.True(TcpJudge.JudgeSend(sender, Change(changed, ack: v.ExpectedAck), TimeSpan.Zero).IsConforming, v.ToString());
                fields.Add(field);
                caught++;
            }
        }
        Assert.True(caught > 1000, $"only {caught} violations");
        Assert.True(named > caught * 9 / 10, $"the changed field was named in {named} of {caught}");
        Assert.Superset(new HashSet<TcpField> { TcpField.Syn, TcpField.AckFlag, TcpField.Fin, TcpField.Rst, TcpField.Seq, TcpField.Ack, TcpField.Length }, fields);
    }

    private static TcpField[] Differences(TcpSegment a, TcpSegment b)
    {
        var d = new List<TcpField>();
        TcpFlags diff = a.Flags ^ b.Flags;
        if ((diff & TcpFlags.Syn) != 0) d.Add(TcpField.Syn);
        if ((diff & TcpFlags.Rst) != 0) d.Add(TcpField.Rst);
        if ((diff & TcpFlags.Fin) != 0) d.Add(TcpField.Fin);
        if ((diff & TcpFlags.Ack) != 0 && !(a.IsRst && b.IsRst)) d.Add(TcpField.AckFlag);
        if (a.Seq != b.Seq) d.Add(TcpField.Seq);
        if (a.IsAck && b.IsAck && a.Ack != b.Ack) d.Add(TcpField.Ack);
        if (a.PayloadLength != b.PayloadLength) d.Add(TcpField.Length);
        return d.ToArray();
    }

    private static TcpSegment Change(TcpSegment s, SeqNum? seq = null, SeqNum? ack = null) =>
        new(s.SourcePort, s.DestinationPort, seq ?? s.Seq, ack ?? s.Ack, s.Flags, s.Window, s.PayloadLength, s.Options);

    private static IEnumerable<(TcpConnection Sender, TcpSegment Sent)> Emitted(Random random, int runs)
    {
        for (int run = 0; run < runs; run++)
        {
            TcpPair p = NewPair((uint)random.Next() * 2u, Rfc with { Mss = 500 }).Do(TcpSide.A, TcpEvent.OpenActive((uint)random.Next()));
            for (int step = 0; step < 30; step++)
            {
                int k = random.Next(10);
                TcpSide side = random.Next(2) == 0 ? TcpSide.A : TcpSide.B;
                if (k < 5 && !p.IsQuiet) { p.TryDeliverNext(out TcpPairStep d); p = d.Pair; continue; }
                TcpEvent e = k switch
                {
                    5 or 6 => TcpEvent.Send(random.Next(1, 1500)),
                    7 => random.Next(4) == 0 ? TcpEvent.Close() : TcpEvent.AckNow(),
                    8 => random.Next(8) == 0 ? TcpEvent.Abort() : TcpEvent.KeepAlive(),
                    _ => TcpEvent.Timer(),
                };
                if (e.Kind == TcpEventKind.Timer) p = p.AdvanceTo(p.Now + TimeSpan.FromMilliseconds(random.Next(0, 3000)));
                TcpConnection before = p[side];
                TcpPairStep s = p.Apply(side, e);
                if (!s.Transition.Segments.IsEmpty) yield return (before, s.Transition.Segments[0]);
                p = s.Pair;
                while (p.InFlightCount > 32) { p.TryDeliverNext(out TcpPairStep d); p = d.Pair; }
            }
        }
    }

    private static IEnumerable<(TcpField Field, TcpSegment Changed)> OneFieldChanges(TcpSegment s, Random random)
    {
        TcpSegment With(SeqNum seq, SeqNum ack, TcpFlags flags, int len) => new(s.SourcePort, s.DestinationPort, seq, ack, flags, s.Window, len, s.Options);
        yield return (TcpField.Syn, With(s.Seq, s.Ack, s.Flags ^ TcpFlags.Syn, s.PayloadLength));
        yield return (TcpField.Fin, With(s.Seq, s.Ack, s.Flags ^ TcpFlags.Fin, s.PayloadLength));
        yield return (TcpField.Rst, With(s.Seq, s.Ack, s.Flags ^ TcpFlags.Rst, s.PayloadLength));
        if (!s.IsRst) yield return (TcpField.AckFlag, With(s.Seq, s.Ack, s.Flags ^ TcpFlags.Ack, s.PayloadLength));
        yield return (TcpField.Seq, With(s.Seq + random.Next(1, 100_000) * (random.Next(2) == 0 ? 1 : -1), s.Ack, s.Flags, s.PayloadLength));
        if (s.IsAck) yield return (TcpField.Ack, With(s.Seq, s.Ack + random.Next(1, 100_000) * (random.Next(2) == 0 ? 1 : -1), s.Flags, s.PayloadLength));
        yield return (TcpField.Length, With(s.Seq, s.Ack, s.Flags, Math.Max(0, s.PayloadLength + random.Next(1, 3000) * (random.Next(2) == 0 ? 1 : -1))));
    }
}
