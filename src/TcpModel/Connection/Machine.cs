using System;

namespace TcpModel;

/// <summary>
/// One transition in progress, on a TCB held by reference (the value API's working copy, or a
/// simulator's own connection in place), writing the segments to send into a span and noting what
/// to tell the user. Every rule of RFC 9293 §3.10 lives here (user calls, SEGMENT ARRIVES, timeouts);
/// <see cref="TcpConnection"/> only exposes them. Nothing here allocates.
/// </summary>
internal ref partial struct Machine
{
    private const int DefaultMss = 536; // RFC 9293 §3.7.1: the MSS assumed when the peer sends no MSS option (IPv4)

    private ref Tcb _t;
    private readonly TcpState _before;
    private readonly long _now;
    private readonly Span<TcpSegment> _out; // its length is how many segments this transition may emit
    private int _outCount;
    private TcpNotice _notice;
    private TcpError _error;
    private TcpRule _rule;
    private bool _ruleChangedState;
    private int _accepted;
    private int _acked;
    // The judge runs driver events one segment at a time (a span of one), at the segment size it saw (see Machine.Judge.cs).
    private readonly int _judgedLength;

    public Machine(ref Tcb tcb, TimeSpan now, Span<TcpSegment> output, int judgedLength = -1)
    {
        _t = ref tcb;
        _out = output;
        _before = tcb.State;
        _now = now.Ticks;
        _outCount = 0;
        _notice = TcpNotice.None;
        _error = TcpError.None;
        _rule = TcpRule.None;
        _ruleChangedState = false;
        _accepted = 0;
        _acked = 0;
        _judgedLength = judgedLength;
    }

    /// <summary>The value API's result: <paramref name="output"/> is the buffer this machine wrote into.</summary>
    public readonly TcpTransition Finish(in SegmentBuffer output) =>
        new(_before, new TcpConnection(_t), new TcpSegmentList(output, _outCount), _notice, _error, _rule, _accepted, _acked);

    /// <summary>The in-place API's result: the TCB was changed where it is, the segments are in the caller's span.</summary>
    public readonly TcpOutcome Outcome() => new(_before, _t.State, _outCount, _notice, _error, _rule, _accepted, _acked);

    /// <summary>Any event (what <see cref="TcpConnection.Apply"/> dispatches).</summary>
    public void Apply(in TcpEvent e)
    {
        switch (e.Kind)
        {
            case TcpEventKind.OpenActive: OpenActive(e.Iss, e.Length); break;
            case TcpEventKind.OpenPassive: OpenPassive(e.Iss); break;
            case TcpEventKind.Send: Send(e.Length); break;
            case TcpEventKind.Receive: Receive(e.Length); break;
            case TcpEventKind.Close: Close(); break;
            case TcpEventKind.Abort: Abort(); break;
            case TcpEventKind.Status: Status(); break;
            case TcpEventKind.Segment: SegmentArrives(e.Segment); break;
            case TcpEventKind.AckNow: AckNow(); break;
            case TcpEventKind.KeepAlive: KeepAlive(); break;
            case TcpEventKind.RetransmitRange: RetransmitRange(e.Iss, e.Length); break;
            default: TimerExpires(); break;
        }
    }

    // ------------------------------------------------------------------ bookkeeping

    /// <summary>Records the deciding rule. A rule that changed the state outranks later ones that did not.</summary>
    private void Rule(TcpRule rule, TcpState stateBeforeRule)
    {
        bool changed = _t.State != stateBeforeRule;
        if (changed || !_ruleChangedState)
        {
            _rule = rule;
            _ruleChangedState |= changed;
        }
    }

    private void Decide(TcpRule rule) => Rule(rule, _t.State);

    private void Enter(TcpState state, TcpRule rule)
    {
        TcpState from = _t.State;
        _t.State = state;
        Rule(rule, from);
        if (state == TcpState.Established) PeerAlive();
    }

    /// <summary>The peer showed it is alive: the keep-alive idle time starts again (RFC 9293 §3.8.4).</summary>
    private void PeerAlive()
    {
        if (_t.Settings.KeepAliveIdle <= TimeSpan.Zero) return;
        _t.KeepAliveAt = _now + _t.Settings.KeepAliveIdle.Ticks;
        _t.KeepAliveSent = 0;
    }

    private void Emit(in TcpSegment segment)
    {
        // Capacity is never exceeded: data output stops at the capacity (see Transmit) and every
        // path emits at most one control segment after it.
        if (_outCount >= _out.Length) return;
        _out[_outCount++] = segment;
    }

    private readonly int FreeSlots => _out.Length - _outCount;

    /// <summary>
    /// The largest payload of one segment: the send MSS (RFC 9293 §3.7.1). A TCP may send smaller
    /// segments; the judge asks for the size it saw (and does not bound it by the MSS, since a capture
    /// taken with segmentation offload shows segments larger than the MSS).
    /// </summary>
    private readonly int SegmentLimit => _judgedLength >= 0 ? _judgedLength : _t.SndMss;

    /// <summary>The window field we advertise: RCV.WND scaled down (RFC 7323 §2.3); SYNs are never scaled.</summary>
    private readonly ushort WindowField(bool syn)
    {
        uint wnd = _t.RcvWnd;
        if (!syn) wnd >>= _t.RcvShift;
        return (ushort)Math.Min(wnd, ushort.MaxValue);
    }

    private readonly TcpSegment Make(SeqNum seq, SeqNum ack, TcpFlags flags, int payload = 0, TcpOptions options = default) =>
        new(_t.LocalPort, _t.RemotePort, seq, ack, flags, WindowField((flags & TcpFlags.Syn) != 0), payload, options);

    /// <summary>&lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt; — the acknowledgment of RFC 9293 §3.10.7.4.</summary>
    private void SendAck()
    {
        Emit(Make(_t.SndNxt, _t.RcvNxt, TcpFlags.Ack));
        _t.Set(TcbFlags.AckPending, false);
        _t.DelAckAt = Tcb.NoDeadline;
    }

    /// <summary>A RST that answers <paramref name="seg"/> (RFC 9293 §3.10.7.1 / §3.5.2): ports swapped.</summary>
    private void SendResetFor(in TcpSegment seg, SeqNum seq, SeqNum ack, TcpFlags flags) =>
        Emit(new TcpSegment(seg.DestinationPort, seg.SourcePort, seq, ack, flags, 0));

    /// <summary>Options on our SYN or SYN,ACK: MSS always (§3.7.1), window scale and SACK-permitted as offered.</summary>
    private readonly TcpOptions SynOptions()
    {
        TcpOptions o = TcpOptions.None.WithMss(_t.Settings.Mss);
        if (_t.Has(TcbFlags.WsOffered)) o = o.WithWindowScale((byte)_t.Settings.WindowScale);
        if (_t.Has(TcbFlags.SackOffered)) o = o.WithSackPermitted();
        return o;
    }

    private void SendSyn() => Emit(Make(_t.Iss, default, TcpFlags.Syn, 0, SynOptions()));

    private void SendSynAck() => Emit(Make(_t.Iss, _t.RcvNxt, TcpFlags.Syn | TcpFlags.Ack, 0, SynOptions()));

    /// <summary>
    /// RFC 7323 §2.2 and RFC 2018 §2: a SYN,ACK offers window scaling or SACK only if the peer's SYN did.
    /// </summary>
    private void AnswerOffers(in TcpSegment peerSyn)
    {
        _t.Set(TcbFlags.WsOffered, _t.Settings.WindowScale >= 0 && peerSyn.Options.HasWindowScale);
        _t.Set(TcbFlags.SackOffered, _t.Settings.SackPermitted && peerSyn.Options.SackPermitted);
    }

    /// <summary>Takes the peer's SYN options: MSS (§3.7.1), window scale (RFC 7323 §2.2).</summary>
    private void LearnPeerSyn(in TcpSegment syn)
    {
        int peerMss = syn.Options.HasMss ? syn.Options.Mss : DefaultMss;
        _t.SndMss = (ushort)Math.Max(1, Math.Min(peerMss, (int)_t.Settings.Mss));
        // RFC 7323 §2.2: scaling is in force only if both SYNs carried the option.
        if (_t.Has(TcbFlags.WsOffered) && syn.Options.HasWindowScale)
        {
            _t.SndShift = Math.Min(syn.Options.WindowScale, (byte)14); // §2.3: a shift above 14 is taken as 14
            _t.RcvShift = (byte)_t.Settings.WindowScale;
        }
        else
        {
            _t.SndShift = 0;
            _t.RcvShift = 0;
        }
    }

    private void ArmRetransmit()
    {
        if (_t.RtxAt == Tcb.NoDeadline) _t.RtxAt = _now + _t.Rto;
        if (_t.UserTimeoutAt == Tcb.NoDeadline && _t.Settings.UserTimeout > TimeSpan.Zero)
            _t.UserTimeoutAt = _now + _t.Settings.UserTimeout.Ticks;
    }

    /// <summary>
    /// RFC 6298 §5.2, §5.3: new data acknowledged resets the backoff; the timers stop when nothing is
    /// outstanding and restart otherwise.
    /// </summary>
    private void AckProgress()
    {
        _t.RtxCount = 0;
        _t.Rto = _t.Settings.InitialRto.Ticks;
        bool outstanding = _t.SndNxt != _t.SndUna;
        _t.RtxAt = outstanding ? _now + _t.Rto : Tcb.NoDeadline;
        _t.UserTimeoutAt = outstanding && _t.Settings.UserTimeout > TimeSpan.Zero ? _now + _t.Settings.UserTimeout.Ticks : Tcb.NoDeadline;
    }

    /// <summary>RFC 6298 §5.5: double the RTO (up to MaxRto) and restart the timer.</summary>
    private void BackOff()
    {
        _t.Rto = Math.Min(_t.Rto * 2, _t.Settings.MaxRto.Ticks);
        _t.RtxAt = _now + _t.Rto;
    }

    /// <summary>
    /// The peer's window from a segment that passed the window-update test (RFC 9293 §3.10.7.4), or
    /// from a SYN: SYN windows are never scaled (RFC 7323 §2.2) and start MAX.SND.WND (RFC 5961 §5).
    /// </summary>
    private void UpdateWindow(in TcpSegment seg)
    {
        if (seg.IsSyn)
        {
            _t.SndWnd = seg.Window;
            _t.MaxSndWnd = _t.SndWnd;
        }
        else
        {
            _t.SndWnd = (uint)seg.Window << _t.SndShift;
            _t.MaxSndWnd = Math.Max(_t.MaxSndWnd, _t.SndWnd);
        }
        _t.SndWl1 = seg.Seq;
        _t.SndWl2 = seg.Ack;
    }

    /// <summary>"Delete the TCB, enter the CLOSED state" and tell the user (RFC 9293 §3.10).</summary>
    private void CloseConnection(TcpRule rule, TcpNotice notice)
    {
        DeleteTcb();
        Enter(TcpState.Closed, rule);
        _notice |= notice;
    }

    /// <summary>Flushes queues, flags and timers; the caller enters the next state (CLOSED or LISTEN).</summary>
    private void DeleteTcb()
    {
        _t.SendQueued = 0;
        _t.RcvBuffered = 0;
        _t.Flags &= TcbFlags.PassiveOpen;
        _t.ClearTimers();
    }

    // ------------------------------------------------------------------ sending data and FIN

    /// <summary>
    /// Segmentizes queued data within the usable window (RFC 9293 §3.8.6) and sends the FIN once
    /// nothing is queued (§3.10.4). Each data segment piggybacks the ACK. Stops at the inline capacity;
    /// the rest goes when the next ACK arrives.
    /// </summary>
    private void Transmit()
    {
        if (!_t.State.IsSynchronized() || _t.Has(TcbFlags.FinSent)) return;
        while (FreeSlots > 0)
        {
            long usable = (long)_t.SndWnd - (_t.SndNxt - _t.SndUna);
            int n = (int)Math.Max(0, Math.Min(Math.Min(_t.SendQueued, (long)SegmentLimit), usable));
            bool fin = _t.Has(TcbFlags.FinPending) && _t.SendQueued - n == 0;
            if (n == 0 && !fin)
            {
                if (_t.SendQueued > 0 && _t.SndWnd == 0 && _t.SndNxt == _t.SndUna) ArmRetransmit(); // persist timer, §3.8.6.1
                return;
            }
            TcpFlags flags = TcpFlags.Ack;
            if (n > 0 && _t.SendQueued == n) flags |= TcpFlags.Psh;
            if (fin) flags |= TcpFlags.Fin;
            Emit(Make(_t.SndNxt, _t.RcvNxt, flags, n));
            _t.SendQueued -= n;
            _t.SndNxt += n + (fin ? 1 : 0);
            _t.Set(TcbFlags.AckPending, false);
            _t.DelAckAt = Tcb.NoDeadline;
            ArmRetransmit();
            if (fin)
            {
                _t.Set(TcbFlags.FinPending, false);
                _t.Set(TcbFlags.FinSent, true);
                return;
            }
        }
    }

    /// <summary>Acknowledges received data or FIN now, or arms the delayed-ACK timer (RFC 9293 §3.8.6.3).</summary>
    private void AcknowledgeReceived(bool immediately)
    {
        if (_t.Settings.DelayedAckTimeout <= TimeSpan.Zero || immediately || _t.Has(TcbFlags.AckPending))
        {
            // §3.8.6.3: an ACK is sent at least for every second full-sized segment — a second
            // segment arriving while one is owed is acknowledged at once.
            SendAck();
            return;
        }
        _t.Set(TcbFlags.AckPending, true);
        _t.DelAckAt = _now + _t.Settings.DelayedAckTimeout.Ticks;
    }

    // ------------------------------------------------------------------ user calls, §3.10.1–§3.10.6

    /// <summary>
    /// OPEN, active (§3.10.1). With <paramref name="fastOpenData"/> &gt; 0 the SYN carries data, as a TCP
    /// Fast Open client does (RFC 7413 §4.1; the cookie exchange is not modelled): the bytes are queued,
    /// the SYN takes what fits one segment, the rest goes once ESTABLISHED.
    /// </summary>
    public void OpenActive(SeqNum iss, int fastOpenData = 0)
    {
        if (fastOpenData < 0) throw new ArgumentOutOfRangeException(nameof(fastOpenData), fastOpenData, "Byte count cannot be negative.");
        switch (_t.State)
        {
            case TcpState.Closed:
            case TcpState.Listen:
                if (_t.RemotePort == 0) { _error = TcpError.ForeignSocketUnspecified; Decide(TcpRule.OpenActive); return; }
                TcpRule rule = _t.State == TcpState.Closed ? TcpRule.OpenActive : TcpRule.OpenListenToActive;
                _t.Iss = iss;
                _t.SndUna = iss;
                _t.SndNxt = iss + 1;
                _t.Set(TcbFlags.PassiveOpen, false);
                _t.Set(TcbFlags.WsOffered, _t.Settings.WindowScale >= 0);
                _t.Set(TcbFlags.SackOffered, _t.Settings.SackPermitted);
                if (fastOpenData > 0)
                {
                    // The peer's MSS is not known yet: the SYN's data fits the default MSS (§3.7.1).
                    int onSyn = Math.Min(fastOpenData, _judgedLength >= 0 ? _judgedLength : DefaultMss);
                    _t.SendQueued = fastOpenData - onSyn;
                    _t.SndNxt += onSyn;
                    Emit(Make(_t.Iss, default, TcpFlags.Syn, onSyn, SynOptions()));
                    rule = TcpRule.OpenActiveFastOpen;
                }
                else SendSyn();
                ArmRetransmit();
                Enter(TcpState.SynSent, rule);
                return;
            default:
                _error = TcpError.ConnectionAlreadyExists;
                Decide(TcpRule.OpenAlreadyExists);
                return;
        }
    }

    public void OpenPassive(SeqNum iss)
    {
        if (_t.State != TcpState.Closed)
        {
            _error = TcpError.ConnectionAlreadyExists;
            Decide(TcpRule.OpenAlreadyExists);
            return;
        }
        _t.Iss = iss;
        _t.SndUna = iss;
        _t.SndNxt = iss;
        _t.Set(TcbFlags.PassiveOpen, true);
        Enter(TcpState.Listen, TcpRule.OpenPassive);
    }

    public void Send(int bytes)
    {
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "Byte count cannot be negative.");
        switch (_t.State)
        {
            case TcpState.Closed:
                _error = TcpError.ConnectionDoesNotExist;
                Decide(TcpRule.SendNoConnection);
                return;
            case TcpState.Listen:
                // §3.10.2: "If the foreign socket is specified, then change the connection from passive
                // to active" is optional; this model keeps LISTEN passive and answers with the error.
                _error = TcpError.ForeignSocketUnspecified;
                Decide(TcpRule.SendListenUnspecified);
                return;
            case TcpState.SynSent:
            case TcpState.SynReceived:
                if (_t.Has(TcbFlags.FinPending)) { _error = TcpError.ConnectionClosing; Decide(TcpRule.SendClosing); return; }
                if (!TryQueue(bytes)) return;
                Decide(TcpRule.SendQueued);
                return;
            case TcpState.Established:
            case TcpState.CloseWait:
                if (_t.Has(TcbFlags.FinPending)) { _error = TcpError.ConnectionClosing; Decide(TcpRule.SendClosing); return; }
                if (!TryQueue(bytes)) return;
                Decide(TcpRule.SendData);
                Transmit();
                return;
            default:
                _error = TcpError.ConnectionClosing;
                Decide(TcpRule.SendClosing);
                return;
        }
    }

    private bool TryQueue(int bytes)
    {
        if ((long)_t.SendQueued + bytes > int.MaxValue)
        {
            _error = TcpError.InsufficientResources;
            Decide(TcpRule.SendQueued);
            return false;
        }
        _t.SendQueued += bytes;
        return true;
    }

    public void Receive(int bytes)
    {
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "Byte count cannot be negative.");
        switch (_t.State)
        {
            case TcpState.Closed:
                _error = TcpError.ConnectionDoesNotExist;
                Decide(TcpRule.ReceiveNoConnection);
                return;
            case TcpState.Listen:
            case TcpState.SynSent:
            case TcpState.SynReceived:
                Decide(TcpRule.ReceiveQueued);
                return;
            case TcpState.Established:
            case TcpState.FinWait1:
            case TcpState.FinWait2:
            case TcpState.CloseWait:
                if (_t.RcvBuffered == 0 && _t.Has(TcbFlags.FinReceived))
                {
                    _error = TcpError.ConnectionClosing; // §3.10.3 CLOSE-WAIT: no text remains
                    Decide(TcpRule.ReceiveClosing);
                    return;
                }
                uint wasWnd = _t.RcvWnd;
                uint take = (uint)Math.Min((long)bytes, _t.RcvBuffered);
                _t.RcvBuffered -= take;
                _accepted = (int)take;
                Decide(TcpRule.ReceiveData);
                // §3.8.6.2.2: reopening a window that was closed is announced at once (receiver SWS
                // avoidance is not modelled beyond this).
                if (wasWnd == 0 && take > 0 && !_t.Has(TcbFlags.FinReceived)) SendAck();
                return;
            default:
                _error = TcpError.ConnectionClosing;
                Decide(TcpRule.ReceiveClosing);
                return;
        }
    }

    public void Close()
    {
        switch (_t.State)
        {
            case TcpState.Closed:
                _error = TcpError.ConnectionDoesNotExist;
                Decide(TcpRule.CloseNoConnection);
                return;
            case TcpState.Listen:
                CloseConnection(TcpRule.CloseListen, TcpNotice.Closed);
                return;
            case TcpState.SynSent:
                if (_t.SendQueued > 0) _error = TcpError.Closing; // queued SENDs get "error: closing"
                CloseConnection(TcpRule.CloseSynSent, TcpNotice.Closed);
                return;
            case TcpState.SynReceived:
                _t.Set(TcbFlags.FinPending, true);
                if (_t.SendQueued > 0)
                {
                    Decide(TcpRule.CloseQueued); // processed after entering ESTABLISHED
                    return;
                }
                // §3.10.4: no SENDs and no pending data: form a FIN and send it, enter FIN-WAIT-1.
                Emit(Make(_t.SndNxt, _t.RcvNxt, TcpFlags.Fin | TcpFlags.Ack));
                _t.SndNxt += 1;
                _t.Set(TcbFlags.FinPending, false);
                _t.Set(TcbFlags.FinSent, true);
                ArmRetransmit();
                Enter(TcpState.FinWait1, TcpRule.CloseSendFin);
                return;
            case TcpState.Established:
                _t.Set(TcbFlags.FinPending, true);
                // §3.10.4: "Queue this until all preceding SENDs have been segmentized, then form a FIN
                // segment and send it. In any case, enter FIN-WAIT-1 state."
                Enter(TcpState.FinWait1, _t.SendQueued > 0 ? TcpRule.CloseQueued : TcpRule.CloseSendFin);
                Transmit();
                return;
            case TcpState.CloseWait:
                _t.Set(TcbFlags.FinPending, true);
                Enter(TcpState.LastAck, TcpRule.CloseFromCloseWait);
                Transmit();
                return;
            default:
                _error = TcpError.ConnectionClosing;
                Decide(TcpRule.CloseAlreadyClosing);
                return;
        }
    }

    public void Abort()
    {
        switch (_t.State)
        {
            case TcpState.Closed:
                _error = TcpError.ConnectionDoesNotExist;
                Decide(TcpRule.AbortNoConnection);
                return;
            case TcpState.Listen:
            case TcpState.SynSent:
                CloseConnection(TcpRule.AbortUnsynchronized, TcpNotice.Reset);
                return;
            case TcpState.SynReceived:
            case TcpState.Established:
            case TcpState.FinWait1:
            case TcpState.FinWait2:
            case TcpState.CloseWait:
                // §3.10.5: <SEQ=SND.NXT><CTL=RST>. Real stacks set ACK as well (RST,ACK with the
                // current RCV.NXT); both are conforming, the model sends what Linux sends.
                Emit(Make(_t.SndNxt, _t.RcvNxt, TcpFlags.Rst | TcpFlags.Ack));
                CloseConnection(TcpRule.AbortSendReset, TcpNotice.Reset);
                return;
            default:
                CloseConnection(TcpRule.AbortClosingStates, TcpNotice.Closed);
                return;
        }
    }

    // ------------------------------------------------------------------ sends a driver may ask for

    /// <summary>
    /// Sends &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt; now (§3.10.7.4, §3.8.6.3): what the delayed-ACK
    /// timer sends, and what a receiver sends for a duplicate, a window update or a challenge. Only a
    /// connection that has received a SYN has something to acknowledge.
    /// </summary>
    public void AckNow()
    {
        if (_t.State != TcpState.SynReceived && !_t.State.IsSynchronized()) return;
        SendAck();
        Decide(TcpRule.SendAcknowledgment);
    }

    /// <summary>
    /// A keep-alive probe now (§3.8.4): SEG.SEQ = SND.NXT − 1, which the peer answers with an ACK.
    /// It carries no data (some stacks send one garbage octet; the judge accepts both).
    /// </summary>
    public void KeepAlive()
    {
        if (!_t.State.IsSynchronized() || _t.State == TcpState.TimeWait) return;
        int garbage = _judgedLength == 1 ? 1 : 0;
        Emit(Make(_t.SndNxt - 1, _t.RcvNxt, TcpFlags.Ack, garbage));
        _t.Set(TcbFlags.AckPending, false);
        _t.DelAckAt = Tcb.NoDeadline;
        Decide(TcpRule.KeepAlive);
    }

    /// <summary>
    /// Sends again the sequence range [<paramref name="from"/>, <paramref name="from"/> + <paramref name="length"/>)
    /// of what is outstanding, before the retransmission timer fires: fast retransmit (RFC 5681 §3.2),
    /// SACK recovery (RFC 6675 §5), a tail loss probe (RFC 8985 §7). The range counts our FIN if it
    /// reaches it. A range outside [SND.UNA, SND.NXT) sends nothing. The RTO is not backed off.
    /// </summary>
    public void RetransmitRange(SeqNum from, int length)
    {
        if (!_t.State.IsSynchronized() || length <= 0) return;
        if (from < _t.SndUna || (from + length) > _t.SndNxt) return;
        bool fin = _t.Has(TcbFlags.FinSent) && from + length == _t.SndNxt;
        int data = length - (fin ? 1 : 0);
        TcpFlags flags = TcpFlags.Ack | (fin ? TcpFlags.Fin : 0) | (data > 0 ? TcpFlags.Psh : 0);
        Emit(Make(from, _t.RcvNxt, flags, data));
        _t.Set(TcbFlags.AckPending, false);
        _t.DelAckAt = Tcb.NoDeadline;
        ArmRetransmit();
        Decide(TcpRule.RetransmitRange);
    }

    public void Status()
    {
        if (_t.State == TcpState.Closed) _error = TcpError.ConnectionDoesNotExist;
        Decide(TcpRule.Status);
    }
}
