using System;

namespace TcpModel;

internal partial struct Machine
{
    // ------------------------------------------------------------------ the judge's send side

    private readonly TcpSendVerdict Verdict(in TcpSegment s, TcpViolation v, TcpRule rule, SeqNum expectedSeq, SeqNum expectedAck) =>
        new(s, TcpSendKind.None, v, rule, new TcpConnection(_t), expectedSeq, expectedAck);

    private TcpSendVerdict Sent(in TcpSegment s, TcpSendKind kind, TcpRule rule)
    {
        _t.Set(TcbFlags.AckPending, false);
        _t.DelAckAt = Tcb.NoDeadline;
        return new TcpSendVerdict(s, kind, TcpViolation.None, rule, new TcpConnection(_t), s.Seq, s.Ack);
    }

    /// <summary>Classifies a sent segment by the send forms RFC 9293 §3.10 allows in this state, and applies it.</summary>
    public TcpSendVerdict JudgeSend(in TcpSegment s, bool allowOlderAck)
    {
        TcpFlags f = s.Flags;
        if ((f & TcpFlags.Syn) != 0 && (f & (TcpFlags.Fin | TcpFlags.Rst)) != 0)
            return Verdict(s, TcpViolation.ImpossibleFlags, TcpRule.OpenActive, _t.SndNxt, _t.RcvNxt);
        if ((f & TcpFlags.Rst) != 0) return JudgeReset(s);
        if ((f & TcpFlags.Syn) != 0) return JudgeSyn(s);

        if (_t.State is TcpState.Closed or TcpState.Listen or TcpState.SynSent)
            return Verdict(s, TcpViolation.NoConnection, _t.State == TcpState.SynSent ? TcpRule.SendQueued : TcpRule.SendNoConnection, _t.SndNxt, _t.RcvNxt);
        // §3.1, Acknowledgment Number: "Once a connection is established, this is always sent."
        if ((f & TcpFlags.Ack) == 0) return Verdict(s, TcpViolation.MissingAck, TcpRule.NoAckDropped, _t.SndNxt, _t.RcvNxt);

        TcpSendVerdict ackVerdict = JudgeAckField(s, allowOlderAck);
        if (!ackVerdict.IsConforming) return ackVerdict;
        return JudgeSequence(s);
    }

    private readonly TcpSendVerdict JudgeAckField(in TcpSegment s, bool allowOlderAck)
    {
        SeqNum r = _t.RcvNxt;
        if (s.Ack == r) return default;
        if (s.Ack > r) return Verdict(s, TcpViolation.AckOfUnsentData, TcpRule.AckOfUnsentData, _t.SndNxt, r);
        // Below RCV.NXT: name the classic mistakes even when older ACKs are allowed — the FIN or SYN
        // was the last thing received, so the segment was built without counting it.
        if (_t.Has(TcbFlags.FinReceived) && s.Ack == r - 1 && !allowOlderAck)
            return Verdict(s, TcpViolation.AckDoesNotCountFin, TcpRule.FinToCloseWait, _t.SndNxt, r);
        if (s.Ack == _t.Irs && r == _t.Irs + 1)
            return Verdict(s, TcpViolation.AckDoesNotCountSyn, TcpRule.SynSentSynAck, _t.SndNxt, r);
        if (allowOlderAck) return default;
        return Verdict(s, TcpViolation.StaleAck, TcpRule.DataAccepted, _t.SndNxt, r);
    }

    private TcpSendVerdict JudgeSyn(in TcpSegment s)
    {
        bool ack = s.IsAck;
        switch (_t.State)
        {
            case TcpState.Closed when !ack:
            case TcpState.Listen when !ack && _t.RemotePort != 0:
                // An active OPEN with ISS = SEG.SEQ (its own SYN is the segment judged, so the one it
                // emits is discarded); data on the SYN is TCP Fast Open (RFC 7413).
                OpenActive(s.Seq);
                _outCount = 0;
                _t.SndNxt = s.Seq + 1 + s.PayloadLength;
                _t.SendQueued = 0;
                return Sent(s, TcpSendKind.Syn, TcpRule.OpenActive);
            case TcpState.SynSent when !ack:
                if (s.Seq != _t.Iss) return Verdict(s, TcpViolation.IsnChanged, TcpRule.RetransmissionTimeout, _t.Iss, default);
                return Sent(s, TcpSendKind.Retransmission, TcpRule.RetransmissionTimeout);
            case TcpState.SynReceived when ack:
                if (s.Seq != _t.Iss) return Verdict(s, TcpViolation.IsnChanged, TcpRule.ListenSyn, _t.Iss, _t.RcvNxt);
                if (s.Ack == _t.Irs) return Verdict(s, TcpViolation.AckDoesNotCountSyn, TcpRule.ListenSyn, _t.Iss, _t.RcvNxt);
                if (s.Ack != _t.RcvNxt) return Verdict(s, s.Ack > _t.RcvNxt ? TcpViolation.AckOfUnsentData : TcpViolation.StaleAck, TcpRule.ListenSyn, _t.Iss, _t.RcvNxt);
                if (s.PayloadLength > 0) return Verdict(s, TcpViolation.DataBeforeEstablished, TcpRule.SendQueued, _t.Iss, _t.RcvNxt);
                return Sent(s, TcpSendKind.SynAck, TcpRule.ListenSyn);
            default:
                return Verdict(s, TcpViolation.UnexpectedSyn, TcpRule.OpenAlreadyExists, _t.SndNxt, _t.RcvNxt);
        }
    }

    private TcpSendVerdict JudgeReset(in TcpSegment s)
    {
        // §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> in SYN-RECEIVED and the synchronized states
        // up to CLOSE-WAIT; Linux also sets ACK with RCV.NXT.
        bool abortSends = _t.State is TcpState.SynReceived or TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait;
        if (!abortSends || s.Seq != _t.SndNxt)
            return Verdict(s, TcpViolation.UnexpectedReset, abortSends ? TcpRule.AbortSendReset : TcpRule.AbortClosingStates, _t.SndNxt, _t.RcvNxt);
        if (s.IsAck && s.Ack > _t.RcvNxt) return Verdict(s, TcpViolation.AckOfUnsentData, TcpRule.AbortSendReset, _t.SndNxt, _t.RcvNxt);
        DeleteTcb();
        _t.State = TcpState.Closed;
        return Sent(s, TcpSendKind.Reset, TcpRule.AbortSendReset);
    }

    private TcpSendVerdict JudgeSequence(in TcpSegment s)
    {
        SeqNum una = _t.SndUna, nxt = _t.SndNxt;
        int len = s.PayloadLength;
        bool fin = s.IsFin;

        if (len == 0 && !fin)
        {
            if (s.Seq == nxt) return Sent(s, TcpSendKind.Ack, TcpRule.DataAccepted);
            if (s.Seq == nxt - 1) return Sent(s, TcpSendKind.KeepAlive, TcpRule.SegmentAccepted); // §3.8.4
            return Verdict(s, TcpViolation.SequenceMismatch, TcpRule.SendData, nxt, _t.RcvNxt);
        }
        if (len == 1 && !fin && s.Seq == nxt - 1 && una == nxt) return Sent(s, TcpSendKind.KeepAlive, TcpRule.SegmentAccepted);

        long startOffset = s.Seq - una;     // where it starts within the unacknowledged space
        long endOffset = (s.Seq + s.SegmentLength) - nxt; // > 0: it reaches past SND.NXT
        if (startOffset < 0 || s.Seq - nxt > 0)
            return Verdict(s, TcpViolation.SequenceMismatch, TcpRule.SendData, nxt, _t.RcvNxt);

        if (endOffset <= 0)
        {
            // Entirely within what was sent: a retransmission. A FIN in it must be our FIN, at its place.
            if (fin && (!_t.Has(TcbFlags.FinSent) || endOffset != 0)) return Verdict(s, TcpViolation.SequenceMismatch, TcpRule.CloseSendFin, nxt, _t.RcvNxt);
            return Sent(s, TcpSendKind.Retransmission, TcpRule.RetransmissionTimeout);
        }

        // New sequence space beyond SND.NXT (possibly repacketized with a retransmitted head).
        if (_t.Has(TcbFlags.FinSent))
            return Verdict(s, len > 0 ? TcpViolation.DataAfterFin : TcpViolation.SequenceMismatch, TcpRule.SendClosing, nxt, _t.RcvNxt);
        long newData = endOffset - (fin ? 1 : 0);
        if (newData > 0)
        {
            if (_t.State is not (TcpState.Established or TcpState.CloseWait))
            {
                TcpViolation v = _t.State == TcpState.SynReceived ? TcpViolation.DataBeforeEstablished : TcpViolation.DataAfterFin;
                return Verdict(s, v, v == TcpViolation.DataAfterFin ? TcpRule.SendClosing : TcpRule.SendQueued, nxt, _t.RcvNxt);
            }
            SeqNum windowEnd = una + _t.SndWnd;
            bool probe = _t.SndWnd == 0 && newData == 1 && una == nxt;
            if (!probe && (s.Seq + len) - windowEnd > 0)
                return Verdict(s, TcpViolation.DataBeyondWindow, TcpRule.SendData, windowEnd, _t.RcvNxt);
            _t.SendQueued = (int)Math.Max(0, _t.SendQueued - newData);
            _t.SndNxt = nxt + newData;
            ArmRetransmit();
            if (!fin) return Sent(s, probe ? TcpSendKind.ZeroWindowProbe : TcpSendKind.Data, TcpRule.SendData);
        }

        // FIN (§3.10.4): ESTABLISHED → FIN-WAIT-1, CLOSE-WAIT → LAST-ACK, SYN-RECEIVED → FIN-WAIT-1.
        TcpState next = _t.State switch
        {
            TcpState.Established or TcpState.SynReceived => TcpState.FinWait1,
            TcpState.CloseWait => TcpState.LastAck,
            _ => TcpState.Closed,
        };
        if (next == TcpState.Closed) return Verdict(s, TcpViolation.SequenceMismatch, TcpRule.CloseAlreadyClosing, nxt, _t.RcvNxt);
        _t.SndNxt = _t.SndNxt + 1;
        _t.SendQueued = 0;
        _t.Set(TcbFlags.FinPending, false);
        _t.Set(TcbFlags.FinSent, true);
        ArmRetransmit();
        Enter(next, next == TcpState.LastAck ? TcpRule.CloseFromCloseWait : TcpRule.CloseSendFin);
        return Sent(s, TcpSendKind.Fin, next == TcpState.LastAck ? TcpRule.CloseFromCloseWait : TcpRule.CloseSendFin);
    }
}
