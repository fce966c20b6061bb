using System;

namespace TcpModel;

internal ref partial struct Machine
{
    // ------------------------------------------------------------------ timeouts, §3.10.8

    /// <summary>Handles the earliest timer that is due at the machine's time, if any.</summary>
    public void TimerExpires()
    {
        ref Tcb t = ref _t;
        long due = t.NextDeadline;
        if (due > _now) return;

        if (due == t.UserTimeoutAt)
        {
            t.UserTimeoutAt = Tcb.NoDeadline;
            // "flush all queues, signal the user "error: connection aborted due to user timeout" in
            // general and for any outstanding calls, delete the TCB, enter the CLOSED state".
            if (t.State == TcpState.SynReceived && t.Has(TcbFlags.PassiveOpen)) { ReturnToListen(TcpRule.HalfOpenTimeout); return; }
            CloseConnection(TcpRule.UserTimeout, TcpNotice.Aborted);
        }
        else if (due == t.TimeWaitAt)
        {
            CloseConnection(TcpRule.TimeWaitTimeout, TcpNotice.Closed);
        }
        else if (due == t.FinWait2At)
        {
            CloseConnection(TcpRule.FinWait2Timeout, TcpNotice.Closed);
        }
        else if (due == t.DelAckAt)
        {
            SendAck();
            Decide(TcpRule.DelayedAck);
        }
        else if (due == t.KeepAliveAt)
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
        ref Tcb t = ref _t;
        t.KeepAliveAt = Tcb.NoDeadline;
        if (t.State is not (TcpState.Established or TcpState.CloseWait or TcpState.FinWait2)) return;
        if (t.SndNxt != t.SndUna || t.SendQueued > 0)
        {
            t.KeepAliveAt = _now + t.Settings.KeepAliveIdle.Ticks;
            return;
        }
        if (t.KeepAliveSent >= t.Settings.KeepAliveProbes)
        {
            CloseConnection(TcpRule.KeepAliveTimeout, TcpNotice.Aborted);
            return;
        }
        KeepAlive();
        t.KeepAliveSent++;
        t.KeepAliveAt = _now + t.Settings.KeepAliveInterval.Ticks;
    }

    /// <summary>
    /// §3.10.8 retransmission timeout: send the segment at the front of the retransmission queue
    /// again, back off the RTO (RFC 6298 §5.5), give up after the R2 limit (§3.8.3).
    /// </summary>
    private void Retransmit()
    {
        ref Tcb t = ref _t;
        bool synOutstanding = t.State is TcpState.SynSent or TcpState.SynReceived && t.SndUna == t.Iss;
        bool outstanding = t.SndNxt != t.SndUna;

        if (!outstanding)
        {
            if (t.SendQueued > 0 && t.SndWnd == 0 && t.State.IsSynchronized() && !t.Has(TcbFlags.FinSent))
            {
                // §3.8.6.1: "The sending TCP peer must regularly retransmit to the receiving TCP peer even
                // when the window is zero" — one octet of new data. Probing never gives up by itself.
                Emit(Make(t.SndNxt, t.RcvNxt, TcpFlags.Ack | TcpFlags.Psh, 1));
                t.SndNxt += 1;
                t.SendQueued -= 1;
                BackOff();
                Decide(TcpRule.ZeroWindowProbe);
                return;
            }
            t.RtxAt = Tcb.NoDeadline;
            return;
        }

        int limit = synOutstanding ? t.Settings.MaxSynRetransmissions : t.Settings.MaxRetransmissions;
        if (t.RtxCount >= limit)
        {
            if (t.State == TcpState.SynReceived && t.Has(TcbFlags.PassiveOpen))
            {
                ReturnToListen(TcpRule.HalfOpenTimeout);
                return;
            }
            CloseConnection(TcpRule.RetransmissionLimit, TcpNotice.Aborted);
            return;
        }

        t.RtxCount++;
        BackOff();
        Decide(TcpRule.RetransmissionTimeout);

        if (synOutstanding)
        {
            if (t.State == TcpState.SynSent) SendSyn(); else SendSynAck();
            return;
        }
        // Go back to SND.UNA: one segment of at most one MSS, with the FIN if it fits.
        long pending = t.SndNxt - t.SndUna;
        long data = pending - (t.Has(TcbFlags.FinSent) ? 1 : 0);
        int n = (int)Math.Min(data, SegmentLimit);
        bool fin = t.Has(TcbFlags.FinSent) && n == data;
        if (n == 0 && !fin) return; // only in judge mode (asked for an empty segment): a retransmission carries data or the FIN
        TcpFlags flags = TcpFlags.Ack | (fin ? TcpFlags.Fin : 0) | (n > 0 ? TcpFlags.Psh : 0);
        Emit(Make(t.SndUna, t.RcvNxt, flags, n));
        t.Set(TcbFlags.AckPending, false);
        t.DelAckAt = Tcb.NoDeadline;
    }
}
