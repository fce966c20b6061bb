using System;

namespace TcpModel;

internal ref partial struct Machine
{
    // ------------------------------------------------------------------ the judge: derived from the driver

    /// <summary>The driver events the judge tries, in the order that names a segment's kind when several emit it.</summary>
    private enum SendEvent : byte
    {
        /// <summary>OPEN, active (§3.10.1), with the seen SYN's ISS and data (RFC 7413).</summary>
        OpenActive,
        /// <summary>The SYN,ACK of SYN-RECEIVED again, as a duplicate SYN makes it go (§3.10.7.4).</summary>
        SynAck,
        /// <summary>Queued data and a queued FIN going out, as on SEND or when an ACK opens the window (§3.10.2, §3.8.6).</summary>
        Output,
        /// <summary>CLOSE (§3.10.4).</summary>
        Close,
        /// <summary>The retransmission (or zero-window probe) timer (§3.10.8, §3.8.6.1).</summary>
        Timer,
        /// <summary>A range sent again before the timer (RFC 5681 §3.2, RFC 6675, RFC 8985).</summary>
        RetransmitRange,
        /// <summary>An acknowledgment now (§3.10.7.4, §3.8.6.3).</summary>
        AckNow,
        /// <summary>A keep-alive (§3.8.4).</summary>
        KeepAlive,
        /// <summary>ABORT (§3.10.5).</summary>
        Abort,
    }

    private const int SendEventCount = (int)SendEvent.Abort + 1;

    /// <summary>
    /// "Could a conforming TCP in this state have sent this segment?" — answered by applying each
    /// driver event to the sender, one segment at a time at the seen segment's size, and comparing
    /// what it emits. Data the segment carries beyond what is queued counts as written by the
    /// application first (a SEND). A mismatch is explained by the nearest emitted segment: its
    /// values are the expected ones and its rule is the rule broken.
    /// </summary>
    public static TcpSendVerdict JudgeSend(in Tcb sender, in TcpSegment seen, TimeSpan now, bool allowOlderAck)
    {
        if (TryConforming(sender, seen, now, allowOlderAck, out TcpSendVerdict conforming)) return conforming;
        return Nearest(sender, seen, now, allowOlderAck);
    }

    /// <summary>
    /// The fast path: only the events that can emit the seen segment's control bits and length (a
    /// conforming segment is found here, usually at the first try). False, with nothing computed
    /// about the violation, when none emits it.
    /// </summary>
    public static bool TryConforming(in Tcb sender, in TcpSegment seen, TimeSpan now, bool allowOlderAck, out TcpSendVerdict verdict)
    {
        if (TryConforming(sender, seen, now, allowOlderAck, out Tcb after, out TcpSendKind kind, out TcpRule rule, out TcpSegment emitted))
        {
            verdict = new TcpSendVerdict(seen, kind, TcpViolation.None, TcpField.None, rule, new TcpConnection(after), emitted.Seq, emitted.Ack);
            return true;
        }
        verdict = default;
        return false;
    }

    /// <summary>The fast path without a verdict: the sender after sending <paramref name="seen"/> is written to <paramref name="after"/>.</summary>
    public static bool TryConforming(in Tcb sender, in TcpSegment seen, TimeSpan now, bool allowOlderAck, out Tcb after, out TcpSendKind kind, out TcpRule rule, out TcpSegment emitted)
    {
        for (int e = 0; e < SendEventCount; e++)
        {
            if (!CanEmit((SendEvent)e, seen) || !Emits((SendEvent)e, sender, seen, now, out after, out emitted, out rule)
                || Distance(emitted, seen, sender, allowOlderAck) != 0) continue;
            kind = KindOf((SendEvent)e, emitted, sender);
            return true;
        }
        after = default;
        kind = TcpSendKind.None;
        rule = TcpRule.None;
        emitted = default;
        return false;
    }

    /// <summary>A violation: every event is tried, and the nearest segment names the field, the values and the rule.</summary>
    private static TcpSendVerdict Nearest(in Tcb sender, in TcpSegment seen, TimeSpan now, bool allowOlderAck)
    {
        TcpSegment nearest = default;
        TcpRule nearestRule = TcpRule.None;
        int nearestDistance = int.MaxValue;
        for (int e = 0; e < SendEventCount; e++)
        {
            if (!Emits((SendEvent)e, sender, seen, now, out _, out TcpSegment emitted, out TcpRule rule)) continue;
            int distance = Distance(emitted, seen, sender, allowOlderAck);
            if (distance < nearestDistance)
            {
                nearest = emitted;
                nearestRule = rule;
                nearestDistance = distance;
            }
        }
        return Violation(sender, seen, now, nearestDistance == int.MaxValue ? null : nearest, nearestRule, allowOlderAck);
    }

    /// <summary>One segment a driver event would send: for graders that weigh candidates themselves.</summary>
    internal readonly record struct SendCandidate(TcpSegment Segment, TcpSendKind Kind, TcpRule Rule, TcpConnection After);

    /// <summary>Every segment a driver event would send from <paramref name="sender"/>, sized and placed as <paramref name="seen"/> asks.</summary>
    internal static void Candidates(in Tcb sender, in TcpSegment seen, TimeSpan now, System.Collections.Generic.List<SendCandidate> into)
    {
        for (int e = 0; e < SendEventCount; e++)
        {
            if (Emits((SendEvent)e, sender, seen, now, out Tcb after, out TcpSegment emitted, out TcpRule rule))
                into.Add(new SendCandidate(emitted, KindOf((SendEvent)e, emitted, sender), rule, new TcpConnection(after)));
        }
    }

    /// <summary>Whether event <paramref name="e"/> can emit a segment with the seen one's control bits and length at all.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool CanEmit(SendEvent e, in TcpSegment seen)
    {
        bool syn = seen.IsSyn, rst = seen.IsRst, fin = seen.IsFin;
        bool carries = seen.PayloadLength > 0 || fin; // occupies sequence space beyond a SYN
        return e switch
        {
            SendEvent.OpenActive => syn && !seen.IsAck && !rst && !fin,
            SendEvent.SynAck => syn && seen.IsAck && !rst && !fin,
            SendEvent.Output or SendEvent.Close or SendEvent.RetransmitRange => !syn && !rst && carries,
            SendEvent.Timer => !rst && (syn || carries),
            SendEvent.AckNow => !syn && !rst && !fin && seen.PayloadLength == 0,
            SendEvent.KeepAlive => !syn && !rst && !fin && seen.PayloadLength <= 1,
            _ => rst,
        };
    }

    /// <summary>Applies one driver event in judge mode. False when the event does not apply to the seen segment.</summary>
    private bool Try(SendEvent e, in TcpSegment seen)
    {
        switch (e)
        {
            case SendEvent.OpenActive:
                // A closed endpoint's only send; the seen segment gives the ISS (and Fast Open data).
                OpenActive(seen.Seq, seen.IsSyn && !seen.IsAck ? seen.PayloadLength : 0);
                return true;
            case SendEvent.SynAck:
                if (_t.State != TcpState.SynReceived || _t.SndUna != _t.Iss) return false;
                SendSynAck();
                Decide(_t.Has(TcbFlags.PassiveOpen) ? TcpRule.ListenSyn : TcpRule.SynSentSimultaneousOpen);
                return true;
            case SendEvent.Output:
                if (!WriteFirst(seen)) return false;
                TransmitQueued();
                return true;
            case SendEvent.Close:
                if (!WriteFirst(seen)) return false;
                Close();
                return true;
            case SendEvent.Timer:
                // With nothing outstanding the timer can only probe a zero window, with written data.
                if (_t.SndNxt == _t.SndUna) WriteFirst(seen);
                Retransmit();
                return true;
            case SendEvent.RetransmitRange:
                RetransmitRange(seen.Seq, seen.PayloadLength + (seen.IsFin ? 1 : 0));
                return true;
            case SendEvent.AckNow:
                AckNow();
                return true;
            case SendEvent.KeepAlive:
                KeepAlive();
                return true;
            default:
                Abort();
                return true;
        }
    }

    /// <summary>
    /// The application wrote the seen segment's data before (SEND, §3.10.2), as far as it is not
    /// queued already. False when SEND would refuse it (no connection, or after CLOSE).
    /// </summary>
    private bool WriteFirst(in TcpSegment seen)
    {
        int missing = seen.PayloadLength - _t.SendQueued;
        if (missing <= 0) return true;
        if (_t.Has(TcbFlags.FinPending) || _t.State is not (TcpState.SynSent or TcpState.SynReceived or TcpState.Established or TcpState.CloseWait)) return false;
        _t.SendQueued += missing;
        return true;
    }

    /// <summary>Queued data and FIN going out (what SEND and an arriving ACK do after their own processing).</summary>
    private void TransmitQueued()
    {
        Transmit();
        if (_outCount == 0) return;
        Decide(_out[0].IsFin && _out[0].PayloadLength == 0 ? (_t.State == TcpState.LastAck ? TcpRule.CloseFromCloseWait : TcpRule.CloseSendFin) : TcpRule.SendData);
    }

    private static TcpSendKind KindOf(SendEvent e, in TcpSegment emitted, in Tcb sender) => e switch
    {
        SendEvent.OpenActive => TcpSendKind.Syn,
        SendEvent.SynAck => TcpSendKind.SynAck,
        SendEvent.Output or SendEvent.Close => emitted.IsFin ? TcpSendKind.Fin : TcpSendKind.Data,
        SendEvent.Timer when sender.State == TcpState.SynReceived && emitted.IsSyn => TcpSendKind.SynAck,
        // With nothing outstanding the timer only sends the zero-window probe (§3.8.6.1).
        SendEvent.Timer when sender.State.IsSynchronized() && sender.SndUna == sender.SndNxt => TcpSendKind.ZeroWindowProbe,
        SendEvent.Timer or SendEvent.RetransmitRange => TcpSendKind.Retransmission,
        SendEvent.AckNow => TcpSendKind.Ack,
        SendEvent.KeepAlive => TcpSendKind.KeepAlive,
        _ => TcpSendKind.Reset,
    };

    private const TcpFlags Controls = TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Fin | TcpFlags.Rst;

    /// <summary>
    /// How many fields differ: each control bit (SYN, ACK, FIN, RST), SEQ, ACK when both carry it,
    /// and the length. PSH, URG, ECE, CWR, the window and options are not judged. Two tolerances
    /// that are choices, not rules: a RST may carry ACK or not (§3.10.5 sends none, Linux sends
    /// RST,ACK), and, when asked, an acknowledgment older than RCV.NXT (a capture's view).
    /// </summary>
    private static int Distance(in TcpSegment emitted, in TcpSegment seen, in Tcb sender, bool allowOlderAck)
    {
        TcpFlags diff = (emitted.Flags ^ seen.Flags) & Controls;
        bool bothRst = emitted.IsRst && seen.IsRst;
        if (bothRst) diff &= ~TcpFlags.Ack;
        int d = System.Numerics.BitOperations.PopCount((uint)diff);
        if (emitted.Seq != seen.Seq) d++;
        if (emitted.IsAck && seen.IsAck && !AckMatches(emitted.Ack, seen.Ack, sender, allowOlderAck)) d++;
        if (emitted.PayloadLength != seen.PayloadLength) d++;
        return d;
    }

    private static bool AckMatches(SeqNum expected, SeqNum seen, in Tcb sender, bool allowOlderAck) =>
        seen == expected || (allowOlderAck && seen < expected && seen > sender.Irs);

    /// <summary>The first field (in the order the reader checks them) in which the seen segment differs from the emitted one.</summary>
    private static TcpField FirstDifference(in TcpSegment emitted, in TcpSegment seen, in Tcb sender, bool allowOlderAck)
    {
        TcpFlags diff = (emitted.Flags ^ seen.Flags) & Controls;
        if (emitted.IsRst && seen.IsRst) diff &= ~TcpFlags.Ack;
        if ((diff & TcpFlags.Syn) != 0) return TcpField.Syn;
        if ((diff & TcpFlags.Rst) != 0) return TcpField.Rst;
        if ((diff & TcpFlags.Fin) != 0) return TcpField.Fin;
        if ((diff & TcpFlags.Ack) != 0) return TcpField.AckFlag;
        if (emitted.Seq != seen.Seq) return TcpField.Seq;
        if (emitted.IsAck && seen.IsAck && !AckMatches(emitted.Ack, seen.Ack, sender, allowOlderAck)) return TcpField.Ack;
        return TcpField.Length;
    }

    /// <summary>
    /// Runs one driver event in judge mode on a copy of <paramref name="sender"/>: the sender after it,
    /// the one segment it emitted (sized as <paramref name="seen"/>), and the rule it decided by. False
    /// when the event does not apply or sends nothing (the rule is still what it decided).
    /// </summary>
    private static bool Emits(SendEvent e, in Tcb sender, in TcpSegment seen, TimeSpan now, out Tcb after, out TcpSegment emitted, out TcpRule rule)
    {
        after = sender;
        emitted = default;
        var m = new Machine(ref after, now, System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref emitted, 1), seen.PayloadLength);
        bool applies = m.Try(e, seen);
        rule = m._rule;
        return applies && m._outCount > 0;
    }

    private static TcpRule DecidedBy(in Tcb sender, TimeSpan now, SendEvent e, in TcpSegment seen)
    {
        Emits(e, sender, seen, now, out _, out _, out TcpRule rule);
        return rule;
    }

    /// <summary>Names the violation from the nearest emitted segment (or from SEND's answer when no event emits anything).</summary>
    private static TcpSendVerdict Violation(in Tcb sender, in TcpSegment seen, TimeSpan now, TcpSegment? nearest, TcpRule nearestRule, bool allowOlderAck)
    {
        var unchanged = new TcpConnection(sender);
        // What SEND would say about this segment's data: the rule for data that cannot be sent.
        Tcb scratch = sender;
        TcpSegment emitted = default;
        var send = new Machine(ref scratch, now, System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref emitted, 1), seen.PayloadLength);
        send.Send(seen.PayloadLength);
        TcpRule sendRule = send._rule;

        if (nearest is not TcpSegment c || (!sender.State.IsSynchronized() && sender.State != TcpState.SynReceived && !seen.IsSyn))
        {
            TcpViolation none = seen.IsSyn ? TcpViolation.UnexpectedSyn : seen.IsRst ? TcpViolation.UnexpectedReset : TcpViolation.NoConnection;
            TcpField field = seen.IsSyn ? TcpField.Syn : seen.IsRst ? TcpField.Rst : TcpField.None;
            // The rule is what OPEN, ABORT or SEND decides in this state ("connection already exists",
            // ABORT sends nothing here, "connection does not exist").
            TcpRule rule = seen.IsSyn ? DecidedBy(sender, now, SendEvent.OpenActive, seen) : seen.IsRst ? DecidedBy(sender, now, SendEvent.Abort, seen) : sendRule;
            if (nearest is TcpSegment only) // SYN-SENT: only its SYN again
                return new TcpSendVerdict(seen, TcpSendKind.None, none, FirstDifference(only, seen, sender, allowOlderAck), nearestRule, unchanged, only.Seq, sender.RcvNxt, only);
            return new TcpSendVerdict(seen, TcpSendKind.None, none, field, rule, unchanged, sender.SndNxt, sender.RcvNxt);
        }

        TcpField f = FirstDifference(c, seen, sender, allowOlderAck);
        TcpRule r = nearestRule;
        TcpViolation v;
        switch (f)
        {
            case TcpField.Syn:
                v = seen.IsSyn ? ((seen.Flags & (TcpFlags.Fin | TcpFlags.Rst)) != 0 ? TcpViolation.ImpossibleFlags : TcpViolation.UnexpectedSyn) : TcpViolation.FieldMismatch;
                break;
            case TcpField.Rst:
                v = seen.IsRst ? TcpViolation.UnexpectedReset : TcpViolation.FieldMismatch;
                break;
            case TcpField.Fin:
                v = seen.IsSyn ? TcpViolation.ImpossibleFlags : seen.IsFin ? TcpViolation.UnexpectedFin : TcpViolation.FieldMismatch;
                break;
            case TcpField.AckFlag:
                v = seen.IsAck ? TcpViolation.FieldMismatch : TcpViolation.MissingAck;
                break;
            case TcpField.Seq:
                v = c.IsSyn ? TcpViolation.IsnChanged : c.IsRst && seen.IsRst ? TcpViolation.UnexpectedReset : TcpViolation.SequenceMismatch;
                break;
            case TcpField.Ack:
                SeqNum rcvNxt = c.Ack;
                if (seen.Ack > rcvNxt) v = TcpViolation.AckOfUnsentData;
                else if (sender.Has(TcbFlags.FinReceived) && seen.Ack == rcvNxt - 1) v = TcpViolation.AckDoesNotCountFin;
                else if (seen.Ack == sender.Irs && rcvNxt == sender.Irs + 1) v = TcpViolation.AckDoesNotCountSyn;
                else v = TcpViolation.StaleAck;
                break;
            default:
                bool more = seen.PayloadLength > c.PayloadLength;
                if (more && (sender.Has(TcbFlags.FinSent) || (sender.Has(TcbFlags.FinPending) && sender.SendQueued < seen.PayloadLength)))
                    v = TcpViolation.DataAfterFin;
                else if (more && !sender.State.IsSynchronized())
                    v = TcpViolation.DataBeforeEstablished;
                else if (more && (seen.Seq + seen.PayloadLength) > (sender.SndUna + sender.SndWnd))
                    v = TcpViolation.DataBeyondWindow;
                else
                    v = TcpViolation.LengthMismatch;
                if (v is TcpViolation.DataAfterFin or TcpViolation.DataBeforeEstablished) r = sendRule;
                else if (v == TcpViolation.DataBeyondWindow) r = TcpRule.SendData;
                break;
        }
        SeqNum expectedSeq = v == TcpViolation.DataBeyondWindow ? sender.SndUna + sender.SndWnd : c.Seq;
        return new TcpSendVerdict(seen, TcpSendKind.None, v, f, r, unchanged, expectedSeq, c.IsAck ? c.Ack : sender.RcvNxt, c);
    }
}
