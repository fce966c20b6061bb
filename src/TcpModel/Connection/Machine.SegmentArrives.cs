using System;

namespace TcpModel;

internal ref partial struct Machine
{
    // ------------------------------------------------------------------ SEGMENT ARRIVES, §3.10.7

    public void SegmentArrives(in TcpSegment seg)
    {
        switch (_t.State)
        {
            case TcpState.Closed: ArrivesClosed(seg); return;
            case TcpState.Listen: ArrivesListen(seg); return;
            case TcpState.SynSent: ArrivesSynSent(seg); return;
            default: ArrivesSynchronizedOrSynReceived(seg); return;
        }
    }

    private void Dropped(TcpRule rule)
    {
        _notice |= TcpNotice.SegmentDropped;
        Decide(rule);
    }

    /// <summary>§3.10.7.1: no TCB. Everything is discarded; anything but a RST is answered with a RST.</summary>
    private void ArrivesClosed(in TcpSegment seg)
    {
        _notice |= TcpNotice.SegmentDropped;
        if (seg.IsRst) { Decide(TcpRule.ClosedRstDiscarded); return; }
        if (!seg.IsAck)
        {
            SendResetFor(seg, SeqNum.Zero, seg.Seq + seg.SegmentLength, TcpFlags.Rst | TcpFlags.Ack);
            Decide(TcpRule.ClosedResetNoAck);
        }
        else
        {
            SendResetFor(seg, seg.Ack, SeqNum.Zero, TcpFlags.Rst);
            Decide(TcpRule.ClosedResetAck);
        }
    }

    /// <summary>§3.10.7.2 LISTEN.</summary>
    private void ArrivesListen(in TcpSegment seg)
    {
        ref Tcb t = ref _t;
        if (seg.IsRst) { Dropped(TcpRule.ListenRstIgnored); return; }
        if (seg.IsAck)
        {
            SendResetFor(seg, seg.Ack, SeqNum.Zero, TcpFlags.Rst);
            Dropped(TcpRule.ListenAckReset);
            return;
        }
        if (!seg.IsSyn) { Dropped(TcpRule.ListenOtherDropped); return; }

        // Third check: SYN. The foreign socket becomes the segment's source. Data on the SYN would
        // be queued until ESTABLISHED; this model does not keep it, so it is not acknowledged (as a
        // stack without TCP Fast Open does) and the peer sends it again — unless Fast Open is on
        // (RFC 7413 §4.2.2), where the server takes the data and its SYN,ACK acknowledges it.
        t.RemotePort = seg.SourcePort;
        t.LocalPort = seg.DestinationPort;
        t.Irs = seg.Seq;
        int synData = t.Settings.FastOpen ? (int)Math.Min(seg.PayloadLength, t.RcvWnd) : 0;
        t.RcvNxt = seg.Seq + 1 + synData;
        if (synData > 0)
        {
            t.RcvBuffered += (uint)synData;
            _accepted = synData;
            _notice |= TcpNotice.DataReceived;
        }
        AnswerOffers(seg);
        LearnPeerSyn(seg);
        t.SndUna = t.Iss;
        t.SndNxt = t.Iss + 1;
        UpdateWindow(seg);
        t.Set(TcbFlags.PassiveOpen, true);
        SendSynAck();
        ArmRetransmit();
        Enter(TcpState.SynReceived, TcpRule.ListenSyn);
    }

    /// <summary>§3.10.7.3 SYN-SENT.</summary>
    private void ArrivesSynSent(in TcpSegment seg)
    {
        ref Tcb t = ref _t;
        bool ackAcceptable = false;
        if (seg.IsAck)
        {
            // First check: SEG.ACK =< ISS or SEG.ACK > SND.NXT is not acceptable.
            if (seg.Ack <= t.Iss || seg.Ack > t.SndNxt)
            {
                if (!seg.IsRst) SendResetFor(seg, seg.Ack, SeqNum.Zero, TcpFlags.Rst);
                Dropped(TcpRule.SynSentUnacceptableAck);
                return;
            }
            ackAcceptable = seg.Ack.InRangeExclusiveInclusive(t.SndUna, t.SndNxt);
        }

        if (seg.IsRst)
        {
            // Second check. RFC 5961 §3.2: in SYN-SENT a RST is valid only if its ACK acknowledges our SYN.
            if (!ackAcceptable) { Dropped(TcpRule.SynSentRstDropped); return; }
            CloseConnection(TcpRule.SynSentReset, TcpNotice.Refused);
            return;
        }

        if (!seg.IsSyn) { Dropped(TcpRule.SynSentOtherDropped); return; }

        // Fourth check: SYN (with an acceptable ACK, or without ACK).
        t.Irs = seg.Seq;
        t.RcvNxt = seg.Seq + 1;
        LearnPeerSyn(seg);
        if (ackAcceptable)
        {
            _acked = seg.Ack - t.SndUna;
            t.SndUna = seg.Ack;
        }

        if (t.SndUna > t.Iss)
        {
            UpdateWindow(seg);
            AckProgress();
            Enter(TcpState.Established, TcpRule.SynSentSynAck);
            _notice |= TcpNotice.Connected | TcpNotice.DataAcknowledged;

            // "If there are other controls or text in the segment, continue processing at the sixth
            // step" — then the ACK goes out at once, carrying queued data (the third handshake
            // segment may carry data) and a queued FIN.
            if (t.Has(TcbFlags.FinPending)) Enter(TcpState.FinWait1, TcpRule.CloseQueued);
            if (seg.PayloadLength > 0 || seg.IsFin) ProcessText(seg);
            TransmitAndAcknowledge(AckNeed.Immediate);
            return;
        }

        // Simultaneous open (Figure 7): SYN without ACK. Our SYN,ACK reuses the ISS.
        UpdateWindow(seg);
        t.RtxCount = 0;
        t.RtxAt = _now + t.Rto;
        SendSynAck();
        Enter(TcpState.SynReceived, TcpRule.SynSentSimultaneousOpen);
    }

    /// <summary>
    /// Table 6 of RFC 9293 §3.10.7.4: whether any part of the segment falls in the receive window.
    /// </summary>
    private readonly bool Acceptable(in TcpSegment seg)
    {
        ref Tcb t = ref _t;
        uint wnd = t.RcvWnd;
        long len = seg.SegmentLength;
        if (len == 0)
            return wnd == 0 ? seg.Seq == t.RcvNxt : seg.Seq.InWindow(t.RcvNxt, wnd);
        if (wnd == 0) return false;
        return seg.Seq.InWindow(t.RcvNxt, wnd) || seg.LastSeq.InWindow(t.RcvNxt, wnd);
    }

    private bool ChallengeAck()
    {
        ref Tcb t = ref _t;
        // RFC 5961 §7: at most ChallengeAckLimit challenge ACKs per second.
        if (_now - t.ChallengeWindowStart >= TimeSpan.TicksPerSecond || _now < t.ChallengeWindowStart)
        {
            t.ChallengeWindowStart = _now;
            t.ChallengeCount = 0;
        }
        if (t.ChallengeCount >= t.Settings.ChallengeAckLimit) return false;
        t.ChallengeCount++;
        SendAck();
        return true;
    }

    /// <summary>§3.10.7.4: SYN-RECEIVED and the synchronized states, in the RFC's order of checks.</summary>
    private void ArrivesSynchronizedOrSynReceived(in TcpSegment seg)
    {
        ref Tcb t = ref _t;
        if (IsCrossingSynAck(seg))
        {
            // Simultaneous open, Figure 7 line 6: the peer's SYN,ACK repeats the SYN we already took.
            // Table 6 read literally rejects it (its only new octet was received), yet the figure shows
            // ESTABLISHED; Linux (tcp_validate_incoming) lets exactly this segment through. Its ACK is
            // processed, and the repeated SYN octet is acknowledged (Linux adds a D-SACK block).
            if (!ProcessAck(seg)) return;
            SendAck();
            return;
        }

        // First: sequence number (Table 6).
        if (!Acceptable(seg))
        {
            if (seg.IsRst) { Dropped(TcpRule.RstOutOfWindow); return; }
            if (t.State == TcpState.SynReceived && seg.IsSyn && !seg.IsAck && seg.Seq == t.Irs)
            {
                // A retransmitted SYN: our SYN,ACK was lost; send it again (§3.8.1 retransmission).
                SendSynAck();
                Dropped(TcpRule.SynReceivedDuplicateSyn);
                return;
            }
            if (t.State == TcpState.TimeWait && seg.IsFin)
            {
                // §3.10.7.4 eighth check, TIME-WAIT: "The only thing that can arrive in this state is
                // a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout."
                SendAck();
                t.TimeWaitAt = _now + 2 * t.Settings.Msl.Ticks;
                Dropped(TcpRule.TimeWaitFinAcked);
                return;
            }
            // Only a segment that could be part of an ACK loop is rate-limited: not data or a FIN
            // without a SYN (Linux tcp_oow_rate_limited: "Data packets without SYNs are not likely
            // part of an ACK loop"). An old duplicate of data is always answered (with a D-SACK there).
            long interval = t.Settings.OutOfWindowAckInterval.Ticks;
            if (interval > 0 && (seg.SegmentLength == 0 || seg.IsSyn))
            {
                if (_now - t.LastOutOfWindowAck < interval)
                {
                    Dropped(TcpRule.OutOfWindowAckThrottled);
                    return;
                }
                t.LastOutOfWindowAck = _now;
            }
            SendAck();
            Dropped(TcpRule.SegmentNotAcceptable);
            return;
        }

        // An acceptable segment: the peer is alive (§3.8.4).
        if (t.State is TcpState.Established or TcpState.CloseWait or TcpState.FinWait2) PeerAlive();

        // Second: RST.
        if (seg.IsRst)
        {
            if (t.Settings.ChallengeAcks && seg.Seq != t.RcvNxt)
            {
                // RFC 5961 §3.2: in the window but not exactly RCV.NXT: challenge ACK, drop.
                Dropped(ChallengeAck() ? TcpRule.RstChallengeAck : TcpRule.ChallengeAckThrottled);
                return;
            }
            switch (t.State)
            {
                case TcpState.SynReceived when t.Has(TcbFlags.PassiveOpen):
                    ReturnToListen(TcpRule.RstSynReceivedToListen);
                    return;
                case TcpState.SynReceived:
                    CloseConnection(TcpRule.RstSynReceivedRefused, TcpNotice.Refused);
                    return;
                case TcpState.Established:
                case TcpState.FinWait1:
                case TcpState.FinWait2:
                case TcpState.CloseWait:
                    CloseConnection(TcpRule.RstReset, TcpNotice.Reset);
                    return;
                case TcpState.TimeWait when t.Settings.IgnoreRstInTimeWait:
                    Dropped(TcpRule.RstIgnoredInTimeWait);
                    return;
                default: // CLOSING, LAST-ACK, TIME-WAIT
                    CloseConnection(TcpRule.RstClosed, TcpNotice.Closed);
                    return;
            }
        }

        // Third: security — not modelled (no IP security compartments).

        // Fourth: SYN.
        if (seg.IsSyn)
        {
            if (t.State == TcpState.SynReceived && t.Has(TcbFlags.PassiveOpen))
            {
                ReturnToListen(TcpRule.SynSynReceivedToListen);
                return;
            }
            if (t.Settings.ChallengeAcks)
            {
                Dropped(ChallengeAck() ? TcpRule.SynChallengeAck : TcpRule.ChallengeAckThrottled);
                return;
            }
            // RFC 793 behaviour: a SYN in the window is an error: send a reset, enter CLOSED.
            Emit(Make(t.SndNxt, t.RcvNxt, TcpFlags.Rst | TcpFlags.Ack));
            CloseConnection(TcpRule.SynReset, TcpNotice.Reset);
            return;
        }

        // Fifth: ACK.
        if (!seg.IsAck) { Dropped(TcpRule.NoAckDropped); return; }
        if (!ProcessAck(seg)) return;

        // Sixth: URG — the urgent pointer is not modelled (RFC 6093 discourages its use).
        // Seventh and eighth: text and FIN; then queued data may go (the window may have opened).
        TransmitAndAcknowledge(ProcessText(seg));
    }

    private readonly bool IsCrossingSynAck(in TcpSegment seg) =>
        _t.State == TcpState.SynReceived && !_t.Has(TcbFlags.PassiveOpen)
        && seg.IsSyn && seg.IsAck && !seg.IsRst && !seg.IsFin && seg.PayloadLength == 0
        && seg.Seq == _t.Irs && seg.Ack == _t.SndNxt;

    private void ReturnToListen(TcpRule rule)
    {
        ref Tcb t = ref _t;
        // The half-open entry is freed: the listener keeps its local port and ISS and forgets the peer.
        t.RemotePort = 0;
        t.Irs = default;
        t.RcvNxt = default;
        t.SndUna = t.Iss;
        t.SndNxt = t.Iss;
        t.SndWnd = 0;
        t.MaxSndWnd = 0;
        t.SndShift = 0;
        t.RcvShift = 0;
        DeleteTcb();
        Enter(TcpState.Listen, rule);
        _notice |= TcpNotice.BackToListen | TcpNotice.SegmentDropped;
    }

    /// <summary>The fifth check of §3.10.7.4. Returns false when the segment is dropped.</summary>
    private bool ProcessAck(in TcpSegment seg)
    {
        ref Tcb t = ref _t;
        if (t.State == TcpState.SynReceived)
        {
            if (!seg.Ack.InRangeExclusiveInclusive(t.SndUna, t.SndNxt))
            {
                SendResetFor(seg, seg.Ack, SeqNum.Zero, TcpFlags.Rst);
                Dropped(TcpRule.SynReceivedBadAck);
                return false;
            }
            UpdateWindow(seg);
            Enter(TcpState.Established, TcpRule.SynReceivedAcked);
            _notice |= TcpNotice.Connected;
            // A CLOSE queued in SYN-RECEIVED (data was pending) is processed after entering ESTABLISHED.
            if (t.Has(TcbFlags.FinPending)) Enter(TcpState.FinWait1, TcpRule.CloseQueued);
        }

        // RFC 5961 §5: acceptable only if (SND.UNA − MAX.SND.WND) =< SEG.ACK =< SND.NXT.
        if (seg.Ack > t.SndNxt)
        {
            // §3.10.7.4: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an
            // ACK, drop the segment, and return."
            if (t.Settings.ChallengeAcks)
                Dropped(ChallengeAck() ? TcpRule.AckOfUnsentData : TcpRule.ChallengeAckThrottled);
            else
            {
                SendAck();
                Dropped(TcpRule.AckOfUnsentData);
            }
            return false;
        }
        if (t.Settings.ChallengeAcks && seg.Ack < t.SndUna.Plus(-(long)t.MaxSndWnd))
        {
            Dropped(ChallengeAck() ? TcpRule.AckDuplicate : TcpRule.ChallengeAckThrottled);
            return false;
        }

        if (seg.Ack > t.SndUna)
        {
            int advance = seg.Ack - t.SndUna;
            _acked += advance;
            t.SndUna = seg.Ack;
            _notice |= TcpNotice.DataAcknowledged;
            AckProgress();
            Decide(TcpRule.AckAdvances);
        }
        else
        {
            Decide(seg.PayloadLength == 0 && !seg.IsFin ? TcpRule.AckDuplicate : TcpRule.SegmentAccepted);
        }

        // Window update (§3.10.7.4 ESTABLISHED): if SND.UNA =< SEG.ACK =< SND.NXT and the segment is
        // newer (SND.WL1 < SEG.SEQ, or equal and SND.WL2 =< SEG.ACK).
        if (seg.Ack >= t.SndUna && (t.SndWl1 < seg.Seq || (t.SndWl1 == seg.Seq && t.SndWl2 <= seg.Ack)))
            UpdateWindow(seg);

        switch (t.State)
        {
            case TcpState.FinWait1 when t.FinAcked:
                Enter(TcpState.FinWait2, TcpRule.FinWait1Acked);
                if (t.Settings.FinWait2Timeout > TimeSpan.Zero) t.FinWait2At = _now + t.Settings.FinWait2Timeout.Ticks;
                break;
            case TcpState.Closing:
                if (t.FinAcked)
                {
                    EnterTimeWait(TcpRule.ClosingAcked);
                }
                else
                {
                    Dropped(TcpRule.SegmentAccepted); // "otherwise ignore the segment"
                    return false;
                }
                break;
            case TcpState.LastAck:
                if (t.FinAcked)
                {
                    CloseConnection(TcpRule.LastAckAcked, TcpNotice.Closed);
                    return false;
                }
                break;
        }
        return true;
    }

    private void EnterTimeWait(TcpRule rule)
    {
        ref Tcb t = ref _t;
        // "start the time-wait timer, turn off the other timers"
        t.ClearTimers();
        t.TimeWaitAt = _now + 2 * t.Settings.Msl.Ticks;
        t.Set(TcbFlags.AckPending, false);
        Enter(TcpState.TimeWait, rule);
    }

    private enum AckNeed : byte { None, Delayable, Immediate }

    /// <summary>
    /// The seventh (segment text) and eighth (FIN) checks of §3.10.7.4. Says whether an ACK is owed;
    /// the caller sends it after queued data had its chance to carry it.
    /// </summary>
    private AckNeed ProcessText(in TcpSegment seg)
    {
        ref Tcb t = ref _t;
        // Skip what we already have (a segment may start before RCV.NXT: Table 6 accepted it for its tail).
        SeqNum dataStart = seg.IsSyn ? seg.Seq + 1 : seg.Seq;
        long skip = t.RcvNxt - dataStart;
        AckNeed need = AckNeed.None;

        if (seg.PayloadLength > 0)
        {
            if (t.State is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2)
            {
                if (skip < 0)
                {
                    // Out of order: the RFC lets a receiver hold such segments for later; this model
                    // does not, and acknowledges what it has at once (RFC 5681 §4.2 duplicate ACK).
                    Dropped(TcpRule.DataOutOfOrder);
                    return AckNeed.Immediate;
                }
                long fresh = seg.PayloadLength - skip;
                long take = Math.Max(0, Math.Min(fresh, t.RcvWnd));
                if (take > 0)
                {
                    t.RcvNxt += take;
                    t.RcvBuffered += (uint)take;
                    _accepted = (int)take;
                    _notice |= TcpNotice.DataReceived;
                    Decide(TcpRule.DataAccepted);
                }
                // A part that did not fit the window: tell the peer at once; a FIN behind data we did
                // not take cannot be processed either. A duplicate: tell the peer at once too, but a
                // FIN right after its old data is new ("only the new parts are processed").
                if (take < fresh) return AckNeed.Immediate;
                if (take == 0 && !seg.IsFin) return AckNeed.Immediate;
                need = take == 0 ? AckNeed.Immediate : AckNeed.Delayable;
            }
            else
            {
                // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur since a FIN has been
                // received from the remote side. Ignore the segment text."
                Decide(TcpRule.DataAfterFinIgnored);
                return seg.IsFin ? AckNeed.Immediate : AckNeed.None;
            }
        }

        if (!seg.IsFin) return need;
        if (t.Has(TcbFlags.FinReceived))
        {
            Decide(TcpRule.FinRepeated);
            return AckNeed.Immediate;
        }
        if (skip < 0 || t.RcvNxt != dataStart + seg.PayloadLength) return AckNeed.Immediate;

        // Eighth: FIN. Advance RCV.NXT over it, acknowledge it, signal "connection closing".
        t.RcvNxt += 1;
        t.Set(TcbFlags.FinReceived, true);
        _notice |= TcpNotice.PeerClosing;
        switch (t.State)
        {
            case TcpState.SynReceived:
            case TcpState.Established:
                Enter(TcpState.CloseWait, TcpRule.FinToCloseWait);
                return AckNeed.Delayable; // with delayed ACKs a prompt CLOSE makes FIN+ACK: the three-segment close
            case TcpState.FinWait1 when t.FinAcked:
                EnterTimeWait(TcpRule.FinToTimeWait);
                return AckNeed.Immediate;
            case TcpState.FinWait1:
                Enter(TcpState.Closing, TcpRule.FinToClosing); // simultaneous close, Figure 13
                return AckNeed.Immediate;
            case TcpState.FinWait2:
                EnterTimeWait(TcpRule.FinToTimeWait);
                return AckNeed.Immediate;
            default:
                return AckNeed.Immediate;
        }
    }

    /// <summary>Lets queued data and FIN go (they carry the ACK), then sends or delays what is still owed.</summary>
    private void TransmitAndAcknowledge(AckNeed need)
    {
        int before = _outCount;
        Transmit();
        if (_outCount > before || need == AckNeed.None) return;
        AcknowledgeReceived(need == AckNeed.Immediate);
    }
}
