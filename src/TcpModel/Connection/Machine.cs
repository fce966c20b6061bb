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

    // Methods that touch the TCB more than twice start with `ref Tcb t = ref _t;`: the JIT keeps a ref
    // local in a register, while the field is reloaded from the machine after every store through it.
#if NET8_0_OR_GREATER
    private ref Tcb _t;
#else
    // netstandard2.1 has no ref fields: a span of one holds the same reference (and a length).
    private readonly Span<Tcb> _tcb;
    private readonly ref Tcb _t => ref System.Runtime.InteropServices.MemoryMarshal.GetReference(_tcb);
#endif
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public Machine(ref Tcb tcb, TimeSpan now, Span<TcpSegment> output, int judgedLength = -1)
    {
#if NET8_0_OR_GREATER
        _t = ref tcb;
#else
        _tcb = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref tcb, 1);
#endif
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

    /// <summary>The in-place API's result: the TCB was changed where it is, the segments are in the caller's span.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public readonly TcpOutcome Outcome() => new(_before, _t.State, _outCount, _notice, _error, _rule, _accepted, _acked);

    /// <summary>Any event (what <see cref="TcpConnection.Apply"/> dispatches).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
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
            case TcpEventKind.Segment: SegmentArrives(in e._segment); break;
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
        ref Tcb t = ref _t;
        if (t.Settings.KeepAliveIdle <= TimeSpan.Zero) return;
        t.KeepAliveAt = _now + t.Settings.KeepAliveIdle.Ticks;
        t.KeepAliveSent = 0;
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
        ref Tcb t = ref _t;
        Emit(Make(t.SndNxt, t.RcvNxt, TcpFlags.Ack));
        t.Set(TcbFlags.AckPending, false);
        t.DelAckAt = Tcb.NoDeadline;
    }

    /// <summary>A RST that answers <paramref name="seg"/> (RFC 9293 §3.10.7.1 / §3.5.2): ports swapped.</summary>
    private void SendResetFor(in TcpSegment seg, SeqNum seq, SeqNum ack, TcpFlags flags) =>
        Emit(new TcpSegment(seg.DestinationPort, seg.SourcePort, seq, ack, flags, 0));

    /// <summary>Options on our SYN or SYN,ACK: MSS always (§3.7.1), window scale and SACK-permitted as offered.</summary>
    private readonly TcpOptions SynOptions()
    {
        ref Tcb t = ref _t;
        TcpOptions o = TcpOptions.None.WithMss(t.Settings.Mss);
        if (t.Has(TcbFlags.WsOffered)) o = o.WithWindowScale((byte)t.Settings.WindowScale);
        if (t.Has(TcbFlags.SackOffered)) o = o.WithSackPermitted();
        return o;
    }

    private void SendSyn() => Emit(Make(_t.Iss, default, TcpFlags.Syn, 0, SynOptions()));

    private void SendSynAck() => Emit(Make(_t.Iss, _t.RcvNxt, TcpFlags.Syn | TcpFlags.Ack, 0, SynOptions()));

    /// <summary>
    /// RFC 7323 §2.2 and RFC 2018 §2: a SYN,ACK offers window scaling or SACK only if the peer's SYN did.
    /// </summary>
    private void AnswerOffers(in TcpSegment peerSyn)
    {
        ref Tcb t = ref _t;
        t.Set(TcbFlags.WsOffered, t.Settings.WindowScale >= 0 && peerSyn.Options.HasWindowScale);
        t.Set(TcbFlags.SackOffered, t.Settings.SackPermitted && peerSyn.Options.SackPermitted);
    }

    /// <summary>Takes the peer's SYN options: MSS (§3.7.1), window scale (RFC 7323 §2.2).</summary>
    private void LearnPeerSyn(in TcpSegment syn)
    {
        ref Tcb t = ref _t;
        int peerMss = syn.Options.HasMss ? syn.Options.Mss : DefaultMss;
        t.SndMss = (ushort)Math.Max(1, Math.Min(peerMss, (int)t.Settings.Mss));
        // RFC 7323 §2.2: scaling is in force only if both SYNs carried the option.
        if (t.Has(TcbFlags.WsOffered) && syn.Options.HasWindowScale)
        {
            t.SndShift = Math.Min(syn.Options.WindowScale, (byte)14); // §2.3: a shift above 14 is taken as 14
            t.RcvShift = (byte)t.Settings.WindowScale;
        }
        else
        {
            t.SndShift = 0;
            t.RcvShift = 0;
        }
    }

    private void ArmRetransmit()
    {
        ref Tcb t = ref _t;
        if (t.RtxAt == Tcb.NoDeadline) t.RtxAt = _now + t.Rto;
        if (t.UserTimeoutAt == Tcb.NoDeadline && t.Settings.UserTimeout > TimeSpan.Zero)
            t.UserTimeoutAt = _now + t.Settings.UserTimeout.Ticks;
    }

    /// <summary>
    /// RFC 6298 §5.2, §5.3: new data acknowledged resets the backoff; the timers stop when nothing is
    /// outstanding and restart otherwise.
    /// </summary>
    private void AckProgress()
    {
        ref Tcb t = ref _t;
        t.RtxCount = 0;
        t.Rto = t.Settings.InitialRto.Ticks;
        bool outstanding = t.SndNxt != t.SndUna;
        t.RtxAt = outstanding ? _now + t.Rto : Tcb.NoDeadline;
        t.UserTimeoutAt = outstanding && t.Settings.UserTimeout > TimeSpan.Zero ? _now + t.Settings.UserTimeout.Ticks : Tcb.NoDeadline;
    }

    /// <summary>RFC 6298 §5.5: double the RTO (up to MaxRto) and restart the timer.</summary>
    private void BackOff()
    {
        ref Tcb t = ref _t;
        t.Rto = Math.Min(t.Rto * 2, t.Settings.MaxRto.Ticks);
        t.RtxAt = _now + t.Rto;
    }

    /// <summary>
    /// The peer's window from a segment that passed the window-update test (RFC 9293 §3.10.7.4), or
    /// from a SYN: SYN windows are never scaled (RFC 7323 §2.2) and start MAX.SND.WND (RFC 5961 §5).
    /// </summary>
    private void UpdateWindow(in TcpSegment seg)
    {
        ref Tcb t = ref _t;
        if (seg.IsSyn)
        {
            t.SndWnd = seg.Window;
            t.MaxSndWnd = t.SndWnd;
        }
        else
        {
            t.SndWnd = (uint)seg.Window << t.SndShift;
            t.MaxSndWnd = Math.Max(t.MaxSndWnd, t.SndWnd);
        }
        t.SndWl1 = seg.Seq;
        t.SndWl2 = seg.Ack;
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
        ref Tcb t = ref _t;
        t.SendQueued = 0;
        t.RcvBuffered = 0;
        t.Flags &= TcbFlags.PassiveOpen;
        t.ClearTimers();
    }

    // ------------------------------------------------------------------ sending data and FIN

    /// <summary>
    /// Segmentizes queued data within the usable window (RFC 9293 §3.8.6) and sends the FIN once
    /// nothing is queued (§3.10.4). Each data segment piggybacks the ACK. Stops at the inline capacity;
    /// the rest goes when the next ACK arrives.
    /// </summary>
    private void Transmit()
    {
        ref Tcb t = ref _t;
        if (!t.State.IsSynchronized() || t.Has(TcbFlags.FinSent)) return;
        while (FreeSlots > 0)
        {
            long usable = (long)t.SndWnd - (t.SndNxt - t.SndUna);
            int n = (int)Math.Max(0, Math.Min(Math.Min(t.SendQueued, (long)SegmentLimit), usable));
            bool fin = t.Has(TcbFlags.FinPending) && t.SendQueued - n == 0;
            if (n == 0 && !fin)
            {
                if (t.SendQueued > 0 && t.SndWnd == 0 && t.SndNxt == t.SndUna) ArmRetransmit(); // persist timer, §3.8.6.1
                return;
            }
            TcpFlags flags = TcpFlags.Ack;
            if (n > 0 && t.SendQueued == n) flags |= TcpFlags.Psh;
            if (fin) flags |= TcpFlags.Fin;
            Emit(Make(t.SndNxt, t.RcvNxt, flags, n));
            t.SendQueued -= n;
            t.SndNxt += n + (fin ? 1 : 0);
            t.Set(TcbFlags.AckPending, false);
            t.DelAckAt = Tcb.NoDeadline;
            ArmRetransmit();
            if (fin)
            {
                t.Set(TcbFlags.FinPending, false);
                t.Set(TcbFlags.FinSent, true);
                return;
            }
        }
    }

    /// <summary>Acknowledges received data or FIN now, or arms the delayed-ACK timer (RFC 9293 §3.8.6.3).</summary>
    private void AcknowledgeReceived(bool immediately)
    {
        ref Tcb t = ref _t;
        if (t.Settings.DelayedAckTimeout <= TimeSpan.Zero || immediately || t.Has(TcbFlags.AckPending))
        {
            // §3.8.6.3: an ACK is sent at least for every second full-sized segment — a second
            // segment arriving while one is owed is acknowledged at once.
            SendAck();
            return;
        }
        t.Set(TcbFlags.AckPending, true);
        t.DelAckAt = _now + t.Settings.DelayedAckTimeout.Ticks;
    }

    // ------------------------------------------------------------------ user calls, §3.10.1–§3.10.6

    /// <summary>
    /// OPEN, active (§3.10.1). With <paramref name="fastOpenData"/> &gt; 0 the SYN carries data, as a TCP
    /// Fast Open client does (RFC 7413 §4.1; the cookie exchange is not modelled): the bytes are queued,
    /// the SYN takes what fits one segment, the rest goes once ESTABLISHED.
    /// </summary>
    public void OpenActive(SeqNum iss, int fastOpenData = 0)
    {
        ref Tcb t = ref _t;
        if (fastOpenData < 0) throw new ArgumentOutOfRangeException(nameof(fastOpenData), fastOpenData, "Byte count cannot be negative.");
        switch (t.State)
        {
            case TcpState.Closed:
            case TcpState.Listen:
                if (t.RemotePort == 0) { _error = TcpError.ForeignSocketUnspecified; Decide(TcpRule.OpenActive); return; }
                TcpRule rule = t.State == TcpState.Closed ? TcpRule.OpenActive : TcpRule.OpenListenToActive;
                t.Iss = iss;
                t.SndUna = iss;
                t.SndNxt = iss + 1;
                t.Set(TcbFlags.PassiveOpen, false);
                t.Set(TcbFlags.WsOffered, t.Settings.WindowScale >= 0);
                t.Set(TcbFlags.SackOffered, t.Settings.SackPermitted);
                if (fastOpenData > 0)
                {
                    // The peer's MSS is not known yet: the SYN's data fits the default MSS (§3.7.1).
                    int onSyn = Math.Min(fastOpenData, _judgedLength >= 0 ? _judgedLength : DefaultMss);
                    t.SendQueued = fastOpenData - onSyn;
                    t.SndNxt += onSyn;
                    Emit(Make(t.Iss, default, TcpFlags.Syn, onSyn, SynOptions()));
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
        ref Tcb t = ref _t;
        if (t.State != TcpState.Closed)
        {
            _error = TcpError.ConnectionAlreadyExists;
            Decide(TcpRule.OpenAlreadyExists);
            return;
        }
        t.Iss = iss;
        t.SndUna = iss;
        t.SndNxt = iss;
        t.Set(TcbFlags.PassiveOpen, true);
        Enter(TcpState.Listen, TcpRule.OpenPassive);
    }

    public void Send(int bytes)
    {
        ref Tcb t = ref _t;
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "Byte count cannot be negative.");
        switch (t.State)
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
                if (t.Has(TcbFlags.FinPending)) { _error = TcpError.ConnectionClosing; Decide(TcpRule.SendClosing); return; }
                if (!TryQueue(bytes)) return;
                Decide(TcpRule.SendQueued);
                return;
            case TcpState.Established:
            case TcpState.CloseWait:
                if (t.Has(TcbFlags.FinPending)) { _error = TcpError.ConnectionClosing; Decide(TcpRule.SendClosing); return; }
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
        ref Tcb t = ref _t;
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "Byte count cannot be negative.");
        switch (t.State)
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
            // §3.10.3 gives CLOSING, LAST-ACK and TIME-WAIT "error: connection closing" because in its
            // model all text reached the user's RECEIVE buffers as it arrived. Here text waits for a
            // RECEIVE, and the FIN that ends those states may come with the last of it (FIN-WAIT-2 →
            // TIME-WAIT in one segment): what is on hand is handed over first, as in CLOSE-WAIT.
            case TcpState.Closing when t.RcvBuffered > 0:
            case TcpState.LastAck when t.RcvBuffered > 0:
            case TcpState.TimeWait when t.RcvBuffered > 0:
                if (t.RcvBuffered == 0 && t.Has(TcbFlags.FinReceived))
                {
                    _error = TcpError.ConnectionClosing; // §3.10.3 CLOSE-WAIT: no text remains
                    Decide(TcpRule.ReceiveClosing);
                    return;
                }
                uint wasWnd = t.RcvWnd;
                uint take = (uint)Math.Min((long)bytes, t.RcvBuffered);
                t.RcvBuffered -= take;
                _accepted = (int)take;
                Decide(TcpRule.ReceiveData);
                // §3.8.6.2.2: reopening a window that was closed is announced at once (receiver SWS
                // avoidance is not modelled beyond this).
                if (wasWnd == 0 && take > 0 && !t.Has(TcbFlags.FinReceived)) SendAck();
                return;
            default:
                _error = TcpError.ConnectionClosing;
                Decide(TcpRule.ReceiveClosing);
                return;
        }
    }

    public void Close()
    {
        ref Tcb t = ref _t;
        switch (t.State)
        {
            case TcpState.Closed:
                _error = TcpError.ConnectionDoesNotExist;
                Decide(TcpRule.CloseNoConnection);
                return;
            case TcpState.Listen:
                CloseConnection(TcpRule.CloseListen, TcpNotice.Closed);
                return;
            case TcpState.SynSent:
                if (t.SendQueued > 0) _error = TcpError.Closing; // queued SENDs get "error: closing"
                CloseConnection(TcpRule.CloseSynSent, TcpNotice.Closed);
                return;
            case TcpState.SynReceived:
                t.Set(TcbFlags.FinPending, true);
                if (t.SendQueued > 0)
                {
                    Decide(TcpRule.CloseQueued); // processed after entering ESTABLISHED
                    return;
                }
                // §3.10.4: no SENDs and no pending data: form a FIN and send it, enter FIN-WAIT-1.
                Emit(Make(t.SndNxt, t.RcvNxt, TcpFlags.Fin | TcpFlags.Ack));
                t.SndNxt += 1;
                t.Set(TcbFlags.FinPending, false);
                t.Set(TcbFlags.FinSent, true);
                ArmRetransmit();
                Enter(TcpState.FinWait1, TcpRule.CloseSendFin);
                return;
            case TcpState.Established:
                t.Set(TcbFlags.FinPending, true);
                // §3.10.4: "Queue this until all preceding SENDs have been segmentized, then form a FIN
                // segment and send it. In any case, enter FIN-WAIT-1 state."
                Enter(TcpState.FinWait1, t.SendQueued > 0 ? TcpRule.CloseQueued : TcpRule.CloseSendFin);
                Transmit();
                return;
            case TcpState.CloseWait:
                t.Set(TcbFlags.FinPending, true);
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
        ref Tcb t = ref _t;
        switch (t.State)
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
                Emit(Make(t.SndNxt, t.RcvNxt, TcpFlags.Rst | TcpFlags.Ack));
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
        ref Tcb t = ref _t;
        if (!t.State.IsSynchronized() || t.State == TcpState.TimeWait) return;
        int garbage = _judgedLength == 1 ? 1 : 0;
        Emit(Make(t.SndNxt - 1, t.RcvNxt, TcpFlags.Ack, garbage));
        t.Set(TcbFlags.AckPending, false);
        t.DelAckAt = Tcb.NoDeadline;
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
        ref Tcb t = ref _t;
        if (!t.State.IsSynchronized() || length <= 0) return;
        if (from < t.SndUna || (from + length) > t.SndNxt) return;
        bool fin = t.Has(TcbFlags.FinSent) && from + length == t.SndNxt;
        int data = length - (fin ? 1 : 0);
        TcpFlags flags = TcpFlags.Ack | (fin ? TcpFlags.Fin : 0) | (data > 0 ? TcpFlags.Psh : 0);
        Emit(Make(from, t.RcvNxt, flags, data));
        t.Set(TcbFlags.AckPending, false);
        t.DelAckAt = Tcb.NoDeadline;
        ArmRetransmit();
        Decide(TcpRule.RetransmitRange);
    }

    public void Status()
    {
        if (_t.State == TcpState.Closed) _error = TcpError.ConnectionDoesNotExist;
        Decide(TcpRule.Status);
    }
}
