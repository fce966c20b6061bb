using System;

namespace TcpModel;

/// <summary>
/// One TCP endpoint's connection state — the TCB of RFC 9293 §3.3.1 — as an immutable value, with
/// the transition functions of RFC 9293 §3.10: user calls, SEGMENT ARRIVES and timeouts. Every
/// transition returns a <see cref="TcpTransition"/> holding the next connection value and the
/// segments to send; this value is never changed.
/// </summary>
/// <remarks>
/// Pure and deterministic: no clock (time is the <c>now</c> parameter, measured from any epoch the
/// caller likes), no randomness (the ISS is given), no I/O, no allocation. Immutable value type;
/// thread-safe. Equality compares every field, so connections can be hashed by an explorer.
/// </remarks>
public readonly struct TcpConnection : IEquatable<TcpConnection>
{
    internal readonly Tcb _tcb;

    internal TcpConnection(in Tcb tcb) => _tcb = tcb;


    // ------------------------------------------------------------------ creation

    /// <summary>A connection in CLOSED with its ports and settings, ready for an OPEN call.</summary>
    /// <param name="localPort">The local port.</param>
    /// <param name="remotePort">The remote port, or 0 when unspecified (a passive OPEN takes it from the SYN).</param>
    /// <param name="settings">The endpoint's settings, e.g. <see cref="TcpSettings.Rfc9293"/>.</param>
    /// <exception cref="ArgumentException">The settings are not usable (e.g. <c>default</c>).</exception>
    public static TcpConnection Create(ushort localPort, ushort remotePort, TcpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var t = new Tcb { Settings = settings, State = TcpState.Closed, LocalPort = localPort, RemotePort = remotePort, SndMss = settings.Mss, RcvBufferSize = settings.ReceiveWindow };
        t.ClearTimers();
        t.ChallengeWindowStart = long.MinValue / 2;
        t.LastOutOfWindowAck = long.MinValue / 2;
        return new TcpConnection(t);
    }

    /// <summary>Creates a connection and performs an active OPEN: the SYN is in the result.</summary>
    public static TcpTransition Connect(ushort localPort, ushort remotePort, SeqNum iss, TimeSpan now, TcpSettings settings) =>
        Create(localPort, remotePort, settings).OpenActive(iss, now);

    /// <summary>Creates a connection in LISTEN (passive OPEN); <paramref name="iss"/> is used when a SYN arrives.</summary>
    public static TcpConnection Listen(ushort localPort, SeqNum iss, TcpSettings settings) =>
        Create(localPort, 0, settings).OpenPassive(iss, TimeSpan.Zero).Connection;

    // ------------------------------------------------------------------ the TCB

    /// <summary>The connection state.</summary>
    public TcpState State => _tcb.State;

    /// <summary>The endpoint's settings.</summary>
    public TcpSettings Settings => _tcb.Settings;

    /// <summary>The local port.</summary>
    public ushort LocalPort => _tcb.LocalPort;

    /// <summary>The remote port (0 while unspecified, e.g. in LISTEN).</summary>
    public ushort RemotePort => _tcb.RemotePort;

    /// <summary>ISS: the initial send sequence number.</summary>
    public SeqNum Iss => _tcb.Iss;

    /// <summary>IRS: the initial receive sequence number (the peer's ISN).</summary>
    public SeqNum Irs => _tcb.Irs;

    /// <summary>SND.UNA: the oldest unacknowledged sequence number.</summary>
    public SeqNum SndUna => _tcb.SndUna;

    /// <summary>SND.NXT: the next sequence number to send.</summary>
    public SeqNum SndNxt => _tcb.SndNxt;

    /// <summary>SND.WND: the peer's window in bytes (scaled).</summary>
    public uint SndWnd => _tcb.SndWnd;

    /// <summary>SND.WL1: the segment sequence number used for the last window update.</summary>
    public SeqNum SndWl1 => _tcb.SndWl1;

    /// <summary>SND.WL2: the segment acknowledgment number used for the last window update.</summary>
    public SeqNum SndWl2 => _tcb.SndWl2;

    /// <summary>RCV.NXT: the next sequence number expected from the peer.</summary>
    public SeqNum RcvNxt => _tcb.RcvNxt;

    /// <summary>RCV.WND: the receive window in bytes (buffer space not holding unread data).</summary>
    public uint RcvWnd => _tcb.RcvWnd;

    /// <summary>The effective send MSS (the peer's MSS option, or 536, capped by our own).</summary>
    public ushort SendMss => _tcb.SndMss;

    /// <summary>The shift applied to window fields we receive (RFC 7323), 0 without scaling.</summary>
    public byte SendWindowShift => _tcb.SndShift;

    /// <summary>The shift applied to window fields we send (RFC 7323), 0 without scaling.</summary>
    public byte ReceiveWindowShift => _tcb.RcvShift;

    /// <summary>Bytes given to SEND that have not been sent yet.</summary>
    public int SendQueued => _tcb.SendQueued;

    /// <summary>Bytes received in order that wait for a RECEIVE.</summary>
    public uint ReceiveQueued => _tcb.RcvBuffered;

    /// <summary>Sequence space sent and not yet acknowledged: SND.NXT − SND.UNA.</summary>
    public int BytesInFlight => _tcb.SndNxt - _tcb.SndUna;

    /// <summary>Whether the connection came from a passive OPEN (decides where a RST in SYN-RECEIVED leads).</summary>
    public bool IsPassiveOpen => _tcb.Has(TcbFlags.PassiveOpen);

    /// <summary>Whether CLOSE was called and the FIN waits for queued data to be sent.</summary>
    public bool IsFinPending => _tcb.Has(TcbFlags.FinPending);

    /// <summary>Whether our FIN has been sent.</summary>
    public bool IsFinSent => _tcb.Has(TcbFlags.FinSent);

    /// <summary>Whether our FIN has been sent and acknowledged.</summary>
    public bool IsFinAcknowledged => _tcb.FinAcked;

    /// <summary>Whether the peer's FIN has been received (no more data will arrive).</summary>
    public bool IsFinReceived => _tcb.Has(TcbFlags.FinReceived);

    /// <summary>Whether an acknowledgment is owed (delayed-ACK timer running).</summary>
    public bool IsAckPending => _tcb.Has(TcbFlags.AckPending);

    /// <summary>Retransmissions of the current segment so far.</summary>
    public int RetransmitCount => _tcb.RtxCount;

    /// <summary>The current retransmission timeout.</summary>
    public TimeSpan Rto => TimeSpan.FromTicks(_tcb.Rto);

    /// <summary>When the retransmission (or zero-window probe) timer fires, if it runs.</summary>
    public TimeSpan? RetransmitDeadline => Deadline(_tcb.RtxAt);

    /// <summary>When TIME-WAIT ends (2·MSL after entering it or after the last retransmitted FIN).</summary>
    public TimeSpan? TimeWaitDeadline => Deadline(_tcb.TimeWaitAt);

    /// <summary>When the FIN-WAIT-2 timeout fires, if one is set.</summary>
    public TimeSpan? FinWait2Deadline => Deadline(_tcb.FinWait2At);

    /// <summary>When the user timeout fires, if it runs.</summary>
    public TimeSpan? UserTimeoutDeadline => Deadline(_tcb.UserTimeoutAt);

    /// <summary>When the delayed ACK is due, if one is owed.</summary>
    public TimeSpan? DelayedAckDeadline => Deadline(_tcb.DelAckAt);

    /// <summary>The earliest pending timer: call <see cref="OnTimer"/> at that time.</summary>
    public TimeSpan? NextDeadline => Deadline(_tcb.NextDeadline);

    /// <summary>When the next keep-alive probe goes, if keep-alives are on (<see cref="TcpSettings.KeepAliveIdle"/>).</summary>
    public TimeSpan? KeepAliveDeadline => Deadline(_tcb.KeepAliveAt);

    private static TimeSpan? Deadline(long ticks) => ticks == Tcb.NoDeadline ? null : TimeSpan.FromTicks(ticks);

    // ------------------------------------------------------------------ transitions

    /// <summary>OPEN, active (RFC 9293 §3.10.1): sends SYN with <paramref name="iss"/>, enters SYN-SENT.</summary>
    [Pure]
    public TcpTransition OpenActive(SeqNum iss, TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.OpenActive(iss), now);

    /// <summary>OPEN, passive (RFC 9293 §3.10.1): enters LISTEN; <paramref name="iss"/> is used when a SYN arrives.</summary>
    [Pure]
    public TcpTransition OpenPassive(SeqNum iss, TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.OpenPassive(iss), now);

    /// <summary>SEND (RFC 9293 §3.10.2) of <paramref name="bytes"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    [Pure]
    public TcpTransition Send(int bytes, TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.Send(bytes), now);

    /// <summary>RECEIVE (RFC 9293 §3.10.3) of up to <paramref name="bytes"/> bytes; the count handed over is <see cref="TcpTransition.BytesAccepted"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    [Pure]
    public TcpTransition Receive(int bytes, TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.Receive(bytes), now);

    /// <summary>CLOSE (RFC 9293 §3.10.4): "I have no more to send".</summary>
    [Pure]
    public TcpTransition Close(TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.Close(), now);

    /// <summary>ABORT (RFC 9293 §3.10.5): reset the connection.</summary>
    [Pure]
    public TcpTransition Abort(TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.Abort(), now);

    /// <summary>
    /// OPEN, active, whose SYN carries <paramref name="fastOpenData"/> bytes (TCP Fast Open, RFC 7413 §4.1;
    /// the cookie is not modelled): the SYN takes what fits the default MSS (536), the rest is sent once
    /// ESTABLISHED. A peer that does not take the data acknowledges only the SYN, and the data is
    /// retransmitted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fastOpenData"/> is negative.</exception>
    [Pure]
    public TcpTransition OpenActive(SeqNum iss, int fastOpenData, TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.OpenActive(iss, fastOpenData), now);

    /// <summary>
    /// Sends an acknowledgment now, &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt; (RFC 9293 §3.10.7.4,
    /// §3.8.6.3): a delayed ACK sent early, a duplicate ACK, a window update. Nothing happens before a
    /// SYN has been received.
    /// </summary>
    [Pure]
    public TcpTransition AckNow(TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.AckNow(), now);

    /// <summary>
    /// Sends a keep-alive probe now (RFC 9293 §3.8.4): SEG.SEQ = SND.NXT − 1, no data; the peer answers
    /// with an ACK. Only in a synchronized state other than TIME-WAIT.
    /// </summary>
    [Pure]
    public TcpTransition KeepAlive(TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.KeepAlive(), now);

    /// <summary>
    /// Sends the outstanding sequence range [<paramref name="from"/>, <paramref name="from"/> +
    /// <paramref name="length"/>) again before the retransmission timer fires — fast retransmit
    /// (RFC 5681 §3.2), SACK-based recovery (RFC 6675 §5), a tail loss probe (RFC 8985 §7). The range
    /// counts our FIN when it reaches SND.NXT after the FIN was sent. A range outside
    /// [SND.UNA, SND.NXT) sends nothing. The RTO is not backed off.
    /// </summary>
    [Pure]
    public TcpTransition RetransmitRange(SeqNum from, int length, TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.RetransmitRange(from, length), now);

    /// <summary>STATUS (RFC 9293 §3.10.6): changes nothing; the error is set in CLOSED.</summary>
    [Pure]
    public TcpTransition Status(TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.Status(), now);

    /// <summary>SEGMENT ARRIVES (RFC 9293 §3.10.7), processed in the RFC's order of checks.</summary>
    [Pure]
    public TcpTransition OnSegment(in TcpSegment segment, TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.Arrive(segment), now);

    /// <summary>
    /// Timeouts (RFC 9293 §3.10.8): handles the earliest timer due at <paramref name="now"/>
    /// (retransmission, TIME-WAIT, FIN-WAIT-2, user timeout, delayed ACK). With none due, nothing happens.
    /// </summary>
    [Pure]
    public TcpTransition OnTimer(TimeSpan now) => TcpTransition.Of(_tcb, TcpEvent.Timer(), now);

    /// <summary>Applies any event.</summary>
    [Pure]
    public TcpTransition Apply(in TcpEvent e, TimeSpan now) => TcpTransition.Of(_tcb, e, now);

    /// <summary>The most segments one transition sends: the size <see cref="ApplyInPlace"/> needs for its output.</summary>
    public const int MaxSegmentsPerTransition = SegmentBuffer.Capacity;

    /// <summary>
    /// Applies an event to <paramref name="connection"/> where it is — for a simulator that keeps
    /// millions of connections in an array and does not want a new value and a result copied per
    /// event. The segments to send are written to <paramref name="output"/> (the first
    /// <see cref="TcpOutcome.SegmentCount"/> of it); the rest of the outcome is a small value. The
    /// same rules as <see cref="Apply"/>, and the same connection afterwards.
    /// </summary>
    /// <param name="connection">The connection, changed in place.</param>
    /// <param name="e">The event.</param>
    /// <param name="now">The time of the event.</param>
    /// <param name="output">At least <see cref="MaxSegmentsPerTransition"/> slots.</param>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <see cref="MaxSegmentsPerTransition"/>.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static TcpOutcome ApplyInPlace(ref TcpConnection connection, in TcpEvent e, TimeSpan now, Span<TcpSegment> output)
    {
        if (output.Length < MaxSegmentsPerTransition) throw new ArgumentException("The output needs room for MaxSegmentsPerTransition segments.", nameof(output));
        // The caller gave the connection by reference: its storage is writable, though the type is readonly.
        ref Tcb t = ref System.Runtime.CompilerServices.Unsafe.AsRef(in connection._tcb);
        var m = new Machine(ref t, now, output.Slice(0, MaxSegmentsPerTransition));
        m.Apply(e);
        return m.Outcome();
    }

    /// <summary>
    /// A copy that will use <paramref name="iss"/> for its next connection: in CLOSED for a later
    /// OPEN, in LISTEN for the next SYN. In other states the ISS is fixed and this throws.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is past LISTEN.</exception>
    [Pure]
    public TcpConnection WithIss(SeqNum iss)
    {
        if (State is not (TcpState.Closed or TcpState.Listen)) throw new InvalidOperationException("The ISS can only be chosen in CLOSED or LISTEN.");
        Tcb t = _tcb;
        t.Iss = iss;
        t.SndUna = iss;
        t.SndNxt = iss;
        return new TcpConnection(t);
    }

    /// <summary>
    /// A copy with other settings, for a connection that has not started yet (CLOSED or LISTEN) —
    /// e.g. a capture checker that learns from a SYN,ACK that the listener used TCP Fast Open.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is past LISTEN.</exception>
    /// <exception cref="ArgumentException">The settings are not usable.</exception>
    [Pure]
    public TcpConnection WithSettings(TcpSettings settings)
    {
        if (State is not (TcpState.Closed or TcpState.Listen)) throw new InvalidOperationException("Settings can only be changed in CLOSED or LISTEN.");
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Tcb t = _tcb;
        t.Settings = settings;
        t.SndMss = settings.Mss;
        t.RcvBufferSize = settings.ReceiveWindow;
        return new TcpConnection(t);
    }

    /// <summary>
    /// A copy whose receive buffer is <paramref name="receiveWindow"/> bytes: what a capture checker
    /// uses to follow the window a real endpoint advertised (the model cannot know its buffer).
    /// </summary>
    [Pure]
    public TcpConnection WithReceiveWindow(uint receiveWindow)
    {
        Tcb t = _tcb;
        t.RcvBufferSize = receiveWindow + t.RcvBuffered;
        return new TcpConnection(t);
    }

    /// <inheritdoc />
    public bool Equals(TcpConnection other) => _tcb.Equals(other._tcb);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TcpConnection other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _tcb.GetHashCode();

    /// <summary>Equality of every field.</summary>
    public static bool operator ==(TcpConnection a, TcpConnection b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TcpConnection a, TcpConnection b) => !a.Equals(b);

    /// <summary>A one-line summary: state and the sequence variables.</summary>
    public override string ToString() =>
        $"{State.ToRfcName()} {LocalPort}->{RemotePort} ISS={Iss} IRS={Irs} SND.UNA={SndUna} SND.NXT={SndNxt} SND.WND={SndWnd} RCV.NXT={RcvNxt} RCV.WND={RcvWnd}";
}
