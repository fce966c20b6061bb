using System;

namespace TcpModel;

internal ref partial struct Machine
{
    // ------------------------------------------------------------------ timeouts, §3.10.8

    /// <summary>Handles the earliest timer that is due at the machine's time, if any.</summary>
    public void TimerExpires()
    {
        long due = _t.NextDeadline;
        if (due > _now) return;

        if (due == _t.UserTimeoutAt)
        {
            _t.UserTimeoutAt = Tcb.NoDeadline;
            // "flush all queues, signal the user "error: connection aborted due to user timeout" in
            // general and for any outstanding calls, delete the TCB, enter the CLOSED state".
            if (_t.State == TcpState.SynReceived && _t.Has(TcbFlags.PassiveOpen)) { ReturnToListen(TcpRule.HalfOpenTimeout); return; }
            CloseConnection(TcpRule.UserTimeout, TcpNotice.Aborted);
        }
        else if (due == _t.TimeWaitAt)
        {
            CloseConnection(TcpRule.TimeWaitTimeout, TcpNotice.Closed);
        }
        else if (due == _t.FinWait2At)
        {
            CloseConnection(TcpRule.FinWait2Timeout, TcpNotice.Closed);
        }
        else if (due == _t.DelAckAt)
        {
            SendAck();
            Decide(TcpRule.DelayedAck);
        }
        else if (due == _t.KeepAliveAt)
        {
            KeepAliveExpires();
        }
        else
        {
            Retransmit();
        }
    }

    /// <summary>
    /// §3.8.4 keep-alive timer: an idle connection probes the peer every interval and is aborted after
    /// the last unanswered probe; while data is outstanding the retransmission timer is in charge.
    /// </summary>
    private void KeepAliveExpires()
    {
        _t.KeepAliveAt = Tcb.NoDeadline;
        if (_t.State is not (TcpState.Established or TcpState.CloseWait or TcpState.FinWait2)) return;
        if (_t.SndNxt != _t.SndUna || _t.SendQueued > 0)
        {
            _t.KeepAliveAt = _now + _t.Settings.KeepAliveIdle.Ticks;
            return;
        }
        if (_t.KeepAliveSent >= _t.Settings.KeepAliveProbes)
        {
            CloseConnection(TcpRule.KeepAliveTimeout, TcpNotice.Aborted);
            return;
        }
        KeepAlive();
        _t.KeepAliveSent++;
        _t.KeepAliveAt = _now + _t.Settings.KeepAliveInterval.Ticks;
    }

    /// <summary>
    /// §3.10.8 retransmission timeout: send the segment at the front of the retransmission queue
    /// again, back off the RTO (RFC 6298 §5.5), give up after the R2 limit (§3.8.3).
    /// </summary>
    private void Retransmit()
    {
        bool synOutstanding = _t.State is TcpState.SynSent or TcpState.SynReceived && _t.SndUna == _t.Iss;
        bool outstanding = _t.SndNxt != _t.SndUna;

        if (!outstanding)
        {
            if (_t.SendQueued > 0 && _t.SndWnd == 0 && _t.State.IsSynchronized() && !_t.Has(TcbFlags.FinSent))
            {
                // §3.8.6.1: "The sending TCP peer must regularly retransmit to the receiving TCP peer even
                // when the window is zero" — one octet of new data. Probing never gives up by itself.
                Emit(Make(_t.SndNxt, _t.RcvNxt, TcpFlags.Ack | TcpFlags.Psh, 1));
                _t.SndNxt += 1;
                _t.SendQueued -= 1;
                BackOff();
                Decide(TcpRule.ZeroWindowProbe);
                return;
            }
            _t.RtxAt = Tcb.NoDeadline;
            return;
        }

        int limit = synOutstanding ? _t.Settings.MaxSynRetransmissions : _t.Settings.MaxRetransmissions;
        if (_t.RtxCount >= limit)
        {
            if (_t.State == TcpState.SynReceived && _t.Has(TcbFlags.PassiveOpen))
            {
                ReturnToListen(TcpRule.HalfOpenTimeout);
                return;
            }
            CloseConnection(TcpRule.RetransmissionLimit, TcpNotice.Aborted);
            return;
        }

        _t.RtxCount++;
        BackOff();
        Decide(TcpRule.RetransmissionTimeout);

        if (synOutstanding)
        {
            if (_t.State == TcpState.SynSent) SendSyn(); else SendSynAck();
            return;
        }
        // Go back to SND.UNA: one segment of at most one MSS, with the FIN if it fits.
        long pending = _t.SndNxt - _t.SndUna;
        long data = pending - (_t.Has(TcbFlags.FinSent) ? 1 : 0);
        int n = (int)Math.Min(data, SegmentLimit);
        bool fin = _t.Has(TcbFlags.FinSent) && n == data;
        if (n == 0 && !fin) return; // only in judge mode (asked for an empty segment): a retransmission carries data or the FIN
        TcpFlags flags = TcpFlags.Ack | (fin ? TcpFlags.Fin : 0) | (n > 0 ? TcpFlags.Psh : 0);
        Emit(Make(_t.SndUna, _t.RcvNxt, flags, n));
        _t.Set(TcbFlags.AckPending, false);
        _t.DelAckAt = Tcb.NoDeadline;
    }
}
