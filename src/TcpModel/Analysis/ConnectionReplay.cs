using System;
using System.Collections.Generic;
using TcpModel.Wire;

namespace TcpModel.Analysis;

/// <summary>
/// The replay of one captured connection through two model endpoints (side 0 = client, 1 = server),
/// with a queue per direction of the segments seen but maybe not yet received: a capture sees both
/// directions at one point, so a segment's sender may not yet have received what the peer sent just
/// before. Reused across connections (<see cref="Reset"/>) so that checking allocates per connection
/// table slot, not per packet.
/// </summary>
internal sealed class ConnectionReplay
{
    // Segments seen at the capture point and maybe not yet received, per direction. A bulk sender on a
    // real path keeps a congestion window in flight: 69 segments in linux-bulk-200k-at-sender.pcap, and
    // Linux allows thousands. Queues grow (doubling) only as far as a connection needs.
    internal const int QueueCapacity = 1024, InitialQueueCapacity = 4;
    private const long TicksPerNs = 100;
    private static readonly bool Dbg = Environment.GetEnvironmentVariable("TCPMODEL_DBG") == "1";

    internal struct Pending
    {
        public TcpSegment Segment;
        public long Frame;
        public long TimeNs;
        /// <summary>Among the presumed lost: counted as a loss (not one a receiver dropped out of order).</summary>
        public bool Counted;
    }

    // _queue[x]: segments sent by the other side, not yet delivered to x (oldest first).
    private readonly Pending[][] _queue = { new Pending[InitialQueueCapacity], new Pending[InitialQueueCapacity] };
    private readonly int[] _head = new int[2], _count = new int[2];
    private readonly TcpConnection[] _model = new TcpConnection[2];
    private readonly bool[] _hasModel = new bool[2], _sentAny = new bool[2], _owes = new bool[2];
    private readonly SeqNum[] _lastAck = new SeqNum[2];
    private readonly ushort[] _lastWindow = new ushort[2];
    private readonly long[] _lastSentNs = new long[2]; // when each side's latest segment was captured
    // Out-of-order data each side's receiver holds, as Linux does (RFC 9293 §3.10.7.4 lets it: "held
    // for later processing"); the model drops it, so the replay holds it and hands it over once the
    // hole before it is filled. At most MaxHeld a side; more are dropped, as the model would.
    private const int MaxHeld = 64;
    // Made on first use: a replay is kept per live connection, and most never hold or lose anything.
    private readonly Pending[][] _held = { Array.Empty<Pending>(), Array.Empty<Pending>() };
    private readonly int[] _heldCount = new int[2];
    private readonly bool[] _dropsOutOfOrder = new bool[2]; // the receiver was seen to drop, not hold
    // The latest segments each side was seen to send, so that a copy the network made before the
    // capture point is known for one. Made on first use.
    private const int MaxRecent = 32;
    private readonly TcpSegment[][] _recent = { Array.Empty<TcpSegment>(), Array.Empty<TcpSegment>() };
    private readonly int[] _recentCount = new int[2];
    private bool _duplicates; // the network was seen to duplicate segments
    private readonly bool[] _unseenFin = new bool[2], _unseenFinUndone = new bool[2];
    // Segments inferred lost after the capture point, in case one was only delayed: the network may
    // reorder, and a segment held back arrives after those sent behind it.
    private const int MaxPresumedLost = 64;
    private readonly Pending[][] _presumedLost = { Array.Empty<Pending>(), Array.Empty<Pending>() };
    private readonly int[] _presumedLostCount = new int[2];
    // What the latest FirstConforming did with the held ones: which it handed over, which pending ones it held.
    private ulong _attemptUsed;
    private int[] _attemptHeld = Array.Empty<int>();
    private bool _attemptDrops; // the attempt's receiver drops out-of-order data: nothing held is handed over
    private int _attemptHeldCount;
    private readonly TcpSegment[] _rstReply = new TcpSegment[2];
    private readonly bool[] _hasRstReply = new bool[2];
    private readonly TcpSegment[] _sent = new TcpSegment[TcpConnection.MaxSegmentsPerTransition]; // what a delivery makes the receiver send

    public CapturedConnection Connection;
    /// <summary>Zeek as <c>zeek -C</c> (checksums ignored).</summary>
    public ZeekCore Zeek;
    // Zeek honouring checksums: the same as Zeek until the first bad checksum, forked from it then (see AddToZeek).
    private ZeekCore _zeekChecksums;
    private bool _zeekForked;
    public WiresharkCompleteness Completeness;
    public long BadChecksums;
    public long StartNs;
    /// <summary>When the connection's latest packet was captured.</summary>
    public long LastNs;
    public long SynNs = -1, SynAckNs = -1, RttNs = -1;
    public bool Invalid;
    /// <summary>Where the capture was taken, as the handshake's timing shows (see <see cref="InferSite"/>).</summary>
    public CaptureSite Site;
    private CaptureSite _givenSite; // the caller's, which the handshake's timing does not override
    /// <summary>Segments inferred lost (after the capture point, or before it), and the frame that shows the first.</summary>
    public int LossCount;
    public long FirstLossFrame;
    /// <summary>The capture holds no SYN opening this connection: the replay cannot start, nothing is judged.</summary>
    public bool MidStream;
    private bool _started;
    public long ViolationFrame;
    public TcpViolation Violation;
    public TcpRule Rule;
    public string? Message, MessageChinese;
    private ushort _clientPort, _serverPort;
    private TcpSettings _base = TcpSettings.Rfc9293;
    private SettingsCache _settings = new(TcpSettings.Rfc9293);

    public void Reset(CapturedConnection connection, long startNs, SettingsCache settings, CaptureSite at = CaptureSite.Unknown)
    {
        _settings = settings;
        Connection = connection;
        Zeek = new ZeekCore(ignoreChecksums: true);
        _zeekForked = false;
        Completeness = default;
        BadChecksums = 0;
        StartNs = startNs;
        SynNs = SynAckNs = RttNs = -1;
        Invalid = false;
        Site = _givenSite = at;
        LossCount = 0;
        FirstLossFrame = 0;
        MidStream = false;
        _duplicates = false;
        _started = false;
        ViolationFrame = 0;
        Violation = TcpViolation.None;
        Rule = default;
        Message = MessageChinese = null;
        _clientPort = connection.Client.Port;
        _serverPort = connection.Server.Port;
        _base = settings.Base;
        for (int i = 0; i < 2; i++)
        {
            _head[i] = _count[i] = 0;
            _hasModel[i] = _sentAny[i] = _owes[i] = _hasRstReply[i] = false;
            _model[i] = default;
            _lastAck[i] = default;
            _lastWindow[i] = 0;
            _lastSentNs[i] = long.MinValue;
            _heldCount[i] = 0;
            _dropsOutOfOrder[i] = false;
            _recentCount[i] = 0;
            _unseenFin[i] = _unseenFinUndone[i] = false;
            _presumedLostCount[i] = 0;
        }
    }

    /// <summary>Zeek honouring checksums (what <c>zeek</c> without <c>-C</c> reports).</summary>
    public ref readonly ZeekCore ZeekChecksums => ref _zeekForked ? ref _zeekChecksums : ref Zeek;

    /// <summary>Feeds both Zeek trackers: one until a bad checksum makes them differ.</summary>
    public void AddToZeek(in DecodedPacket packet, bool fromClient)
    {
        if (!_zeekForked && packet.Checksum == ChecksumStatus.Bad)
        {
            _zeekChecksums = Zeek.WithIgnoreChecksums(false);
            _zeekForked = true;
        }
        Zeek.Add(packet, fromClient);
        if (_zeekForked) _zeekChecksums.Add(packet, fromClient);
    }

    public TcpState State(int side) => _hasModel[side] ? _model[side].State : (side == 0 ? TcpState.Closed : TcpState.Listen);

    private TimeSpan Now(long ns) => TimeSpan.FromTicks(Math.Max(0, ns - StartNs) / TicksPerNs);

    private TcpSettings SettingsFrom(in TcpSegment syn) => _settings.FromSyn(syn);

    private TcpConnection ModelFor(int side, in TcpSegment observed, bool observedFromSide)
    {
        if (_hasModel[side]) return _model[side];
        TcpSettings settings = observedFromSide && observed.IsSyn ? SettingsFrom(observed) : _settings.WithoutOptions;
        return side == 0
            ? TcpConnection.Create(_clientPort, _serverPort, settings)
            : TcpConnection.Listen(_serverPort, default, settings);
    }

    /// <summary>The side's model, made (as <see cref="ModelFor"/> would) and kept if there was none yet.</summary>
    private ref TcpConnection Materialize(int side, in TcpSegment observed)
    {
        if (!_hasModel[side])
        {
            _model[side] = ModelFor(side, observed, observedFromSide: false);
            _hasModel[side] = true;
        }
        return ref _model[side];
    }

    private ref Pending At(int side, int i)
    {
        Pending[] q = _queue[side];
        return ref q[(_head[side] + i) & (q.Length - 1)]; // capacities are powers of two
    }

    private void Dequeue(int side, int n)
    {
        _head[side] = (_head[side] + n) & (_queue[side].Length - 1);
        _count[side] -= n;
    }

    /// <summary>Grows a queue (per connection, when more is in flight than ever before; never per packet once grown).</summary>
    private void Grow(int side)
    {
        Pending[] old = _queue[side];
        var bigger = new Pending[Math.Min(old.Length * 2, QueueCapacity)];
        for (int i = 0; i < _count[side]; i++) bigger[i] = old[(_head[side] + i) & (old.Length - 1)];
        _queue[side] = bigger;
        _head[side] = 0;
    }

    private void RemoveAt(int side, int i)
    {
        for (int j = i; j > 0; j--) At(side, j) = At(side, j - 1);
        Dequeue(side, 1);
    }

    /// <summary>Delivers one segment to a candidate model (in place), keeping the peer's reading up to date.</summary>
    private void Deliver(ref TcpConnection c, in TcpSegment s, long ns, in TcpSegment observed, ref bool owes, ref TcpSegment rst, ref bool hasRst)
    {
        if (c.State == TcpState.Listen && s.IsSyn && !s.IsAck && observed.IsSyn && observed.IsAck)
        {
            c = c.WithIss(observed.Seq); // the listener's ISS is the one its SYN+ACK shows
            // A SYN+ACK that acknowledges the data on the SYN shows a TCP Fast Open server (RFC 7413 §4.2.2).
            if (s.PayloadLength > 0 && observed.Ack == s.Seq + 1 + s.PayloadLength && !c.Settings.FastOpen)
                c = c.WithSettings(c.Settings with { FastOpen = true });
        }
        Span<TcpSegment> sent = _sent;
        TimeSpan now = Now(ns);
        TcpOutcome o = TcpConnection.ApplyInPlace(ref c, TcpEvent.Arrive(s), now, sent);
        if (o.SegmentCount > 0 || c.IsAckPending) owes = true;
        for (int i = 0; i < o.SegmentCount; i++)
        {
            if (sent[i].IsRst) { rst = sent[i]; hasRst = true; }
        }
        // The application reads what arrives, so the window stays what the endpoint advertises.
        if (c.ReceiveQueued > 0) TcpConnection.ApplyInPlace(ref c, TcpEvent.Receive((int)c.ReceiveQueued), now, sent);
    }

    /// <summary>Judges one observed segment from <paramref name="side"/>.</summary>
    public void Observe(int side, in TcpSegment seg, long frame, long ns, bool reportsDuplicate = false)
    {
        if (Invalid || MidStream) return;
        if (!_started)
        {
            // The model starts from CLOSED / LISTEN: it needs the client's SYN (a capture that began
            // mid-connection, or missed the SYN, cannot be replayed).
            if (side != 0 || !seg.IsSyn || seg.IsAck)
            {
                MidStream = true;
                Message = "the capture does not show the connection's first SYN: it is not judged";
                MessageChinese = "抓包中没有这条连接的第一个 SYN：无法回放，不作评判";
                return;
            }
            _started = true;
        }
        if (side == 0 && RttNs < 0 && SynAckNs >= 0 && SynNs >= 0 && seg.IsAck && !seg.IsSyn)
        {
            // The client's first segment after a SYN+ACK completes the handshake's timing, which places
            // the capture point before this segment is judged (it may itself follow a loss).
            RttNs = ns - SynNs;
            // One host holds both ends (the same address, as on loopback): no network, nothing lost.
            if (_givenSite == CaptureSite.Unknown)
                Site = Connection.Client.Address == Connection.Server.Address ? CaptureSite.Both : InferSite(SynAckNs - SynNs, ns - SynAckNs);
        }
        int peer = 1 - side;
        TcpConnection cand = ModelFor(side, seg, observedFromSide: true);
        // Simultaneous open: a "server" that sends a SYN itself was never a listener.
        if (side == 1 && !_sentAny[1] && cand.State == TcpState.Listen && seg.IsSyn && !seg.IsAck)
            cand = TcpConnection.Create(_serverPort, _clientPort, SettingsFrom(seg));
        TcpState startState = cand.State;

        long bound = RttNs < 0 ? long.MaxValue : Math.Max(4 * RttNs, 1_000_000);
        int n = _count[side];
        int minK = 0;
        if (bound != long.MaxValue)
            while (minK < n && At(side, minK).TimeNs < ns - bound) minK++;

        // A D-SACK (RFC 2883) says a duplicate arrived: one made by the network after the capture point
        // prompts this ACK though the capture shows nothing that could.
        // Once the network is seen to duplicate (a copy in the capture, a D-SACK), a copy after the
        // capture point is as likely as a loss, and tried first (see below).
        if (reportsDuplicate) _duplicates = true;
        bool prompted = _owes[side] || (FarFrom(side) && (reportsDuplicate || (_duplicates && cand.State.IsSynchronized())));
        bool owes = prompted;
        TcpSegment rst = _rstReply[side];
        bool hasRst = _hasRstReply[side];
        TcpConnection last = default; // the state with everything delivered: what a violation is reported from
        bool haveBest = false;
        TcpConnection start = cand;
        bool drop = _dropsOutOfOrder[side];
        int acceptedK = FirstConforming(side, seg, ns, ref cand, minK, lost: 0, ref owes, ref rst, ref hasRst, out Tcb accepted, ref last, ref haveBest, drop: drop);

        // Where the capture point is away from this side, the network may explain what no delivery
        // order does: the fewest faults first (one), each tried from the same start.
        bool Explained(in TcpSegment observed, ulong lost = 0, ulong lostHeld = 0, ulong late = 0, Unseen sentUnseen = Unseen.None)
        {
            bool o = prompted, h = _hasRstReply[side], none = false;
            TcpSegment r = _rstReply[side];
            TcpConnection trial = start, unused = default;
            acceptedK = FirstConforming(side, observed, ns, ref trial, minK, lost, ref o, ref r, ref h, out accepted, ref unused, ref none, lostHeld, sentUnseen, late, drop);
            if (acceptedK < 0) return false;
            owes = o; rst = r; hasRst = h;
            return true;
        }

        // A copy of a segment it sent before, made by the network before the capture point: it changes
        // nothing at its sender. Not a pure ACK: a repeated ACK is what a receiver sends for a hole, and
        // the explanations below, losses first, are kept for it.
        if (acceptedK < 0 && FarFrom(side) && (seg.SegmentLength > 0 || seg.IsRst) && IsRecent(side, seg))
        {
            _duplicates = true;
            NothingArrived();
        }
        // A receiver that drops out-of-order data instead of holding it (RFC 9293 §3.10.7.4 lets it: the
        // holding is a SHOULD) acknowledges as if it never came. Tried after holding, without faults and
        // then with them; once seen, that is its way.
        if (acceptedK < 0 && !drop && !TryDropping(seg, network: false) && FarFrom(side) && !ExplainedByTheNetwork(seg))
            TryDropping(seg, network: true);
        else if (acceptedK < 0 && FarFrom(side)) ExplainedByTheNetwork(seg);
        if (acceptedK >= 0 && drop) _dropsOutOfOrder[side] = true;

        // As a receiver that drops: what it was thought to hold it dropped, and any of that may still
        // arrive (late, in order). Undone if that explains nothing.
        bool TryDropping(in TcpSegment seg, bool network)
        {
            int heldBefore = _heldCount[side], presumedBefore = _presumedLostCount[side];
            drop = true;
            for (int i = 0; i < heldBefore; i++) PresumeLost(side, _held[side][i], counted: false);
            _heldCount[side] = 0;
            if (network ? ExplainedByTheNetwork(seg) : Explained(seg)) return true;
            drop = false;
            _heldCount[side] = heldBefore;
            _presumedLostCount[side] = presumedBefore;
            return false;
        }
        // Last, away from the capture point, a repeated ACK that nothing seen explains: a copy of a
        // segment the network delivered twice after the capture point, or an earlier reply reordered
        // behind later segments, prompted it.
        if (acceptedK < 0 && FarFrom(side) && !prompted && cand.State.IsSynchronized())
        {
            prompted = true;
            Explained(seg);
        }
        // Or it is an ACK sent earlier that later segments overtook before the capture point: it
        // changes nothing at its sender now.
        if (acceptedK < 0 && FarFrom(side) && IsOvertaken(cand, seg)) NothingArrived();

        // Taken as sent before anything pending arrived: the sender is as it was.
        void NothingArrived()
        {
            acceptedK = 0;
            accepted = start._tcb;
            owes = prompted;
            _attemptUsed = 0;
            _attemptHeldCount = 0;
            _attemptDrops = false;
        }

        bool ExplainedByTheNetwork(in TcpSegment seg)
        {
            // Segments seen on their way to this side were lost after the capture point: among those
            // whose loss this segment can show, one; else all of them, or all pending, then as few as still
            // explain it (an RTO retransmission from SND.UNA shows that every ACK beyond it was lost).
            ulong could = 0;
            for (int j = 0; j < Math.Min(n, 64); j++)
                if (CouldShowLoss(seg, At(side, j).Segment)) could |= 1UL << j;
            ulong lost = 0;
            for (ulong rest = could; rest != 0 && acceptedK < 0; rest &= rest - 1)
                if (Explained(seg, lost: rest & (~rest + 1))) lost = rest & (~rest + 1);
            ulong all = n >= 64 ? ~0UL : (1UL << n) - 1;
            if (acceptedK < 0 && (((could & (could - 1)) != 0 && Explained(seg, lost: lost = could)) || (all != could && Explained(seg, lost: lost = all))))
            {
                for (ulong rest = could; rest != 0; rest &= rest - 1)
                    if (Explained(seg, lost: lost & ~(rest & (~rest + 1)))) lost &= ~(rest & (~rest + 1));
                Explained(seg, lost: lost); // the fewest: what is taken
            }
            if (acceptedK >= 0)
            {
                for (ulong rest = lost; rest != 0; rest &= rest - 1)
                {
                    ref Pending p = ref At(side, System.Numerics.BitOperations.TrailingZeroCount(rest));
                    NoteLoss(p.Frame);
                    PresumeLost(side, p, counted: true);
                }
            }
            // Or one presumed lost was only held back by the network, and arrives now; else all of them
            // that this acknowledgment covers.
            ulong late = 0;
            for (int j = 0; j < _presumedLostCount[side] && acceptedK < 0; j++)
                if (Explained(seg, late: 1UL << j)) late = 1UL << j;
            if (acceptedK < 0 && seg.IsAck)
            {
                ulong covered = 0;
                for (int j = 0; j < _presumedLostCount[side]; j++)
                {
                    ref Pending p = ref _presumedLost[side][j];
                    if (p.Segment.Seq + p.Segment.SegmentLength <= seg.Ack) covered |= 1UL << j;
                }
                if ((covered & (covered - 1)) != 0 && Explained(seg, late: covered)) late = covered;
            }
            if (acceptedK >= 0 && late != 0)
            {
                int kept = 0;
                for (int j = 0; j < _presumedLostCount[side]; j++)
                {
                    if ((late & (1UL << j)) == 0) _presumedLost[side][kept++] = _presumedLost[side][j];
                    else if (_presumedLost[side][j].Counted) LossCount--; // reordered, not lost
                }
                _presumedLostCount[side] = kept;
            }
            // Or one this side was thought to hold out of order was lost too: a second hole in the window.
            for (int j = 0; j < _heldCount[side] && acceptedK < 0; j++)
            {
                ref Pending held = ref _held[side][j];
                if (held.Segment.PayloadLength > 0 && CouldShowLoss(seg, held.Segment) && Explained(seg, lostHeld: 1UL << j)) NoteLoss(held.Frame);
            }
            // Or it starts beyond SND.NXT: what this side sent before it never reached the capture point
            // (lost before it; its retransmission may come later). The sender sent it unseen: new data,
            // or, before a pure segment, data and its FIN (more often so than data alone: a sender's
            // last segments are the ACKs of its peer's FIN).
            if (acceptedK < 0 && !seg.IsSyn && !seg.IsRst && seg.Seq > start.SndNxt)
            {
                if (seg.PayloadLength == 0 && !seg.IsFin && !_unseenFinUndone[side] && Explained(seg, sentUnseen: Unseen.DataThenFin))
                {
                    NoteLoss(frame);
                    _unseenFin[side] = true; // a guess: undone (as data) if the sender goes on sending new data
                }
                else if (Explained(seg, sentUnseen: Unseen.Data)) NoteLoss(frame);
            }
            // Or it retransmits beyond SND.NXT: the data or FIN it covers there went out unseen before.
            if (acceptedK < 0 && !seg.IsSyn && !seg.IsRst && seg.Seq <= start.SndNxt && seg.Seq + seg.SegmentLength > start.SndNxt &&
                Explained(seg, sentUnseen: Unseen.Covered))
                NoteLoss(frame);
            return acceptedK >= 0;
        }

        if (Dbg) Console.Error.WriteLine($"DBG frame {frame} side {side} n={n} minK={minK} acceptedK={acceptedK} drop={drop} far={FarFrom(side)} held={_heldCount[side]} presumed={_presumedLostCount[side]} RCV.NXT={start.RcvNxt.Value} SND.NXT={start.SndNxt.Value} SND.UNA={start.SndUna.Value} state={start.State}");
        // A FIN guessed sent unseen was the last byte of data after all: the sender goes on.
        if (acceptedK < 0 && _unseenFin[side] && TryUnsendFin(ref start))
        {
            _unseenFin[side] = false;
            _unseenFinUndone[side] = true;
            if (!Explained(seg) && FarFrom(side)) ExplainedByTheNetwork(seg);
        }
        if (acceptedK < 0 && seg.IsRst && TryClosedPortReply(side, seg, out TcpSegment trigger))
        {
            // A SYN-SENT socket answers a SYN with a SYN,ACK: a RST to a SYN was sent before that
            // socket existed (and captured after its SYN). Any other closed-port reply means the
            // connection is gone (aborted, or never there).
            if (!(startState == TcpState.SynSent && trigger.IsSyn && !trigger.IsAck))
            {
                _model[side] = TcpConnection.Create(side == 0 ? _clientPort : _serverPort, side == 0 ? _serverPort : _clientPort, _base);
                _hasModel[side] = true;
            }
            Commit(side, seg, frame, ns);
            return;
        }
        if (acceptedK < 0 && seg.IsRst && IgnoredByReceiver(side, seg, ns))
        {
            // A RST the receiver must ignore (outside its window, RFC 9293 §3.10.7.4 first check,
            // RFC 5961 §3.2): not a violation, and it changes nothing.
            return;
        }
        if (acceptedK < 0)
        {
            Invalid = true;
            ViolationFrame = frame;
            if (haveBest)
            {
                TcpSendVerdict best = TcpJudge.JudgeSend(last, seg, Now(ns), allowOlderAck: false);
                Violation = best.Violation;
                Rule = best.Rule;
                Message = best.Explain(TcpLanguage.English);
                MessageChinese = best.Explain(TcpLanguage.Chinese);
            }
            else
            {
                // Only an unprompted duplicate ACK was possible.
                Violation = TcpViolation.StaleAck;
                Rule = TcpRule.SendAcknowledgment; // an ACK is sent when something arrived (RFC 9293 §3.10.7.4)
                Message = FormattableString.Invariant($"ack={seg.Ack.Value} repeats an acknowledgment with nothing new to acknowledge and no window change: no segment that could prompt it had arrived (RFC 9293 §3.10.7.4)");
                MessageChinese = FormattableString.Invariant($"ack={seg.Ack.Value} 重复了一个确认：没有新的数据要确认，窗口也没有变化；此前没有到达任何能引出它的报文段（RFC 9293 §3.10.7.4）");
            }
            _model[side] = cand; // the sender with everything it could have received
            _hasModel[side] = true;
            Dequeue(side, n);
            return;
        }

        _model[side] = new TcpConnection(accepted);
        _hasModel[side] = true;
        KeepHeld(side);
        Dequeue(side, acceptedK);
        _rstReply[side] = rst;
        _hasRstReply[side] = hasRst && !(seg.IsRst && SameReply(rst, seg));
        Commit(side, seg, frame, ns);

        // RTT at the capture point from the handshake: SYN → SYN+ACK → ACK, each the latest (a
        // retransmitted SYN is the one the SYN+ACK answers, most likely: the first may have been lost).
        if (seg.IsSyn && !seg.IsAck && SynAckNs < 0) SynNs = ns;
        else if (seg.IsSyn && seg.IsAck && RttNs < 0) SynAckNs = ns;
    }

    /// <summary>
    /// Whether an ACK's SACK option reports a duplicate (a D-SACK, RFC 2883 §4): its first block lies
    /// below the cumulative acknowledgment, or inside its second block.
    /// </summary>
    internal static bool IsDuplicateReport(in TcpSegment seg, in SackBlocks sack)
    {
        if (sack.IsEmpty || !seg.IsAck) return false;
        SackBlock first = sack[0];
        if (first.Left < seg.Ack) return true;
        return sack.Count > 1 && sack[1].Left <= first.Left && first.Right <= sack[1].Right;
    }

    /// <summary>
    /// Delivers this side's pending segments one by one to <paramref name="cand"/> (all but those whose
    /// bits <paramref name="lost"/> sets, lost after the capture point: the first 64 only) and returns how many had to arrive for
    /// <paramref name="seg"/> to be a segment this side could send then, or −1 (then
    /// <paramref name="cand"/> has received all of them).
    /// </summary>
    private int FirstConforming(int side, in TcpSegment seg, long ns, ref TcpConnection cand, int minK, ulong lost,
        ref bool owes, ref TcpSegment rst, ref bool hasRst, out Tcb accepted, ref TcpConnection last, ref bool haveBest, ulong lostHeld = 0,
        Unseen sentUnseen = Unseen.None, ulong late = 0, bool drop = false)
    {
        int n = _count[side];
        accepted = default;
        _attemptUsed = lostHeld; // held segments lost after all: never handed over
        _attemptDrops = drop;
        int lastLost = 63 - System.Numerics.BitOperations.LeadingZeroCount(lost); // −1: none
        _attemptHeldCount = 0;
        TcpConnection gapped = default; // with sentUnseen: cand after sending the gap
        // Segments presumed lost arrive after all, before the ones pending now, in sequence order.
        for (ulong rest = late; rest != 0;)
        {
            int first = -1;
            for (ulong r = rest; r != 0; r &= r - 1)
            {
                int j = System.Numerics.BitOperations.TrailingZeroCount(r);
                if (first < 0 || _presumedLost[side][j].Segment.Seq < _presumedLost[side][first].Segment.Seq) first = j;
            }
            rest &= ~(1UL << first);
            Deliver(ref cand, _presumedLost[side][first].Segment, ns, seg, ref owes, ref rst, ref hasRst);
            HandOverHeld(side, ref cand, ns, seg, ref owes, ref rst, ref hasRst);
        }
        for (int k = 0; k <= n; k++)
        {
            if (k > 0 && (k > 64 || (lost & (1UL << (k - 1))) == 0))
            {
                ref Pending p = ref At(side, k - 1);
                if (IsOutOfOrder(cand, p.Segment) && _heldCount[side] + _attemptHeldCount < MaxHeld)
                {
                    Sized(ref _attemptHeld, MaxHeld)[_attemptHeldCount++] = k - 1; // held: it waits for the hole before it
                    owes = true; // RFC 5681 §4.2: an out-of-order segment is answered with an immediate ACK
                }
                else
                {
                    // It arrived when it was captured or later, and after this side's latest segment left
                    // (the time its timers and rate limits run by).
                    long at = Math.Max(p.TimeNs, _lastSentNs[side]);
                    Deliver(ref cand, p.Segment, at, seg, ref owes, ref rst, ref hasRst);
                    HandOverHeld(side, ref cand, at, seg, ref owes, ref rst, ref hasRst);
                }
            }
            if (k < minK || k <= lastLost) continue;
            if (seg.IsRst && hasRst && SameReply(rst, seg))
            {
                accepted = cand._tcb;
                return k;
            }
            if (sentUnseen != Unseen.None)
            {
                // What the sender sent before this segment, unseen, after what it has received by now.
                gapped = cand;
                if (!TrySendUnseen(ref gapped, seg, Now(ns), sentUnseen)) continue;
            }
            ref readonly Tcb judged = ref (sentUnseen != Unseen.None ? ref gapped._tcb : ref cand._tcb);
            if (Dbg) Console.Error.WriteLine($"  k={k} state={judged.State} SND.NXT={judged.SndNxt.Value} RCV.NXT={judged.RcvNxt.Value} owes={owes} lost={lost} late={late} drop={drop} unseen={sentUnseen}");
            if (Machine.TryConforming(judged, seg, Now(ns), allowOlderAck: false, out accepted, out TcpSendKind kind, out _, out _))
            {
                // A pure ACK that acknowledges nothing new and updates no window is a reply: something must
                // have arrived. Not asked of one that follows segments sent unseen: what it answers is as
                // unseen as they are.
                bool untriggered = kind == TcpSendKind.Ack && !owes && sentUnseen == Unseen.None && _sentAny[side] &&
                    seg.Ack == _lastAck[side] && seg.Window == _lastWindow[side];
                if (!untriggered) return k;
                continue;
            }
            // Report what is wrong once everything the sender could have received has arrived.
            last = cand;
            haveBest = true;
        }
        accepted = default;
        return -1;
    }

    /// <summary><paramref name="array"/>, made <paramref name="length"/> long the first time it is written.</summary>
    private static T[] Sized<T>(ref T[] array, int length) => array.Length == 0 ? array = new T[length] : array;

    /// <summary>Whether <paramref name="c"/> would drop <paramref name="s"/> as out of order: data or a FIN beyond RCV.NXT.</summary>
    private static bool IsOutOfOrder(in TcpConnection c, in TcpSegment s) =>
        c.State is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 &&
        (s.PayloadLength > 0 || s.IsFin) && !s.IsSyn && !s.IsRst && s.Seq > c.RcvNxt;

    /// <summary>Hands the held segments that now start at or before RCV.NXT to <paramref name="c"/>, in sequence order, until none does.</summary>
    private void HandOverHeld(int side, ref TcpConnection c, long ns, in TcpSegment observed, ref bool owes, ref TcpSegment rst, ref bool hasRst)
    {
        if (_attemptDrops || (_heldCount[side] == 0 && _attemptHeldCount == 0)) return;
        while (true)
        {
            int best = -1;
            bool bestIsKept = false;
            SeqNum bestSeq = default;
            for (int i = 0; i < _heldCount[side]; i++)
            {
                if ((_attemptUsed & (1UL << i)) != 0) continue;
                SeqNum q = _held[side][i].Segment.Seq;
                if (q <= c.RcvNxt && (best < 0 || q < bestSeq)) { best = i; bestIsKept = true; bestSeq = q; }
            }
            for (int i = 0; i < _attemptHeldCount; i++)
            {
                if (_attemptHeld[i] < 0) continue;
                SeqNum q = At(side, _attemptHeld[i]).Segment.Seq;
                if (q <= c.RcvNxt && (best < 0 || q < bestSeq)) { best = i; bestIsKept = false; bestSeq = q; }
            }
            if (best < 0) return;
            if (bestIsKept)
            {
                _attemptUsed |= 1UL << best;
                Deliver(ref c, _held[side][best].Segment, ns, observed, ref owes, ref rst, ref hasRst);
            }
            else
            {
                Deliver(ref c, At(side, _attemptHeld[best]).Segment, ns, observed, ref owes, ref rst, ref hasRst);
                _attemptHeld[best] = -1;
            }
        }
    }

    /// <summary>After the latest FirstConforming is taken: its receiver keeps what it still holds (before the pending queue is dequeued).</summary>
    private void KeepHeld(int side)
    {
        if (_attemptDrops)
        {
            // The receiver dropped what it would have held (nothing is held once it is known to drop);
            // any of it may come again later (reordering).
            for (int i = 0; i < _attemptHeldCount; i++)
                if (_attemptHeld[i] >= 0) PresumeLost(side, At(side, _attemptHeld[i]), counted: false);
            _heldCount[side] = 0;
            _attemptUsed = 0;
            _attemptHeldCount = 0;
            _attemptDrops = false;
            return;
        }
        int kept = 0;
        Pending[] held = _heldCount[side] + _attemptHeldCount == 0 ? _held[side] : Sized(ref _held[side], MaxHeld);
        for (int i = 0; i < _heldCount[side]; i++)
            if ((_attemptUsed & (1UL << i)) == 0) held[kept++] = held[i];
        for (int i = 0; i < _attemptHeldCount; i++)
            if (_attemptHeld[i] >= 0 && kept < MaxHeld) held[kept++] = At(side, _attemptHeld[i]);
        _heldCount[side] = kept;
        _attemptUsed = 0;
        _attemptHeldCount = 0;
    }

    /// <summary>
    /// Where the capture was taken, from the handshake at the capture point: SYN → SYN,ACK takes the
    /// path between the capture point and the server twice, SYN,ACK → ACK the path to the client
    /// twice. One of them next to nothing (under 200 µs, or an eighth of the other up to 2 ms: a
    /// kernel answers a SYN or a SYN,ACK at once) puts the capture at that end; both, on the host of
    /// both (loopback); neither, in the middle. A lost SYN,ACK makes SYN → SYN,ACK a retransmission
    /// timeout long, but the ACK still does not follow at once unless the capture is at the client.
    /// </summary>
    internal static CaptureSite InferSite(long synToSynAckNs, long synAckToAckNs)
    {
        bool serverNear = synToSynAckNs <= Math.Max(200_000, Math.Min(synAckToAckNs / 8, 2_000_000));
        bool clientNear = synAckToAckNs <= Math.Max(200_000, Math.Min(synToSynAckNs / 8, 2_000_000));
        return (clientNear, serverNear) switch
        {
            (true, true) => CaptureSite.Both,
            (true, false) => CaptureSite.Client,
            (false, true) => CaptureSite.Server,
            _ => CaptureSite.Middle,
        };
    }

    /// <summary>
    /// Whether the capture point is away from <paramref name="side"/>: then a segment captured on its
    /// way to it may have been lost after the capture point, and one it sent may have been lost before
    /// it. Not at that end (what it sent and received there is what it sent and received), nor on one
    /// host, nor when the point is unknown (no handshake timing yet: judged strictly, as before).
    /// </summary>
    private bool FarFrom(int side) => Site switch
    {
        CaptureSite.Client => side == 1,
        CaptureSite.Server => side == 0,
        CaptureSite.Middle => true,
        _ => false,
    };

    private bool IsRecent(int side, in TcpSegment seg)
    {
        for (int i = Math.Min(_recentCount[side], MaxRecent) - 1; i >= 0; i--)
            if (_recent[side][i] == seg) return true;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="seg"/> is a pure ACK that <paramref name="c"/> (having received all it
    /// could have) may have sent before its latest segments: its sequence number within what it has
    /// sent, its acknowledgment within what it has received, one of them short of the latest. The
    /// network reordered it.
    /// </summary>
    private static bool IsOvertaken(in TcpConnection c, in TcpSegment seg) =>
        seg.IsAck && seg.PayloadLength == 0 && (seg.Flags & (TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst)) == 0 &&
        c.State.IsSynchronized() && seg.Seq > c.Iss && seg.Seq <= c.SndNxt && seg.Ack > c.Irs && seg.Ack <= c.RcvNxt &&
        (seg.Seq != c.SndNxt || seg.Ack != c.RcvNxt);

    /// <summary>
    /// Whether <paramref name="seg"/> could be the evidence that <paramref name="pending"/> was lost: a
    /// cumulative acknowledgment that stops where it starts (RFC 5681 §3.2: the receiver acknowledges
    /// up to the hole), or a control segment (SYN, FIN, RST, or a pure ACK) whose loss leaves the peer
    /// where it was.
    /// </summary>
    private static bool CouldShowLoss(in TcpSegment seg, in TcpSegment pending) =>
        (seg.IsAck && pending.SegmentLength > 0 && seg.Ack == pending.Seq) ||
        pending.IsRst || (pending.Flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0 || pending.SegmentLength == 0;

    /// <summary>How a sender may have sent, unseen, what lies between SND.NXT and a segment it was seen to send.</summary>
    private enum Unseen : byte
    {
        None,
        /// <summary>New data up to the segment's sequence number.</summary>
        Data,
        /// <summary>New data and then its FIN (a CLOSE), the last sequence number before the segment's.</summary>
        DataThenFin,
        /// <summary>
        /// What the segment retransmits beyond SND.NXT: new data up to its end, and its FIN if it carries
        /// one (a retransmission timer resends from SND.UNA, FIN included, RFC 9293 §3.8.1).
        /// </summary>
        Covered,
    }

    /// <summary>
    /// <paramref name="c"/> after sending, unseen, what <paramref name="how"/> says before or under
    /// <paramref name="seg"/> (the data as one segment, as the judge sends at a seen size); false when its
    /// window or state would not let it, or the gap is more than a window could ever hold.
    /// </summary>
    private static bool TrySendUnseen(ref TcpConnection c, in TcpSegment seg, TimeSpan now, Unseen how)
    {
        SeqNum to = how == Unseen.Covered ? seg.Seq + seg.SegmentLength : seg.Seq;
        bool fin = how == Unseen.DataThenFin || (how == Unseen.Covered && seg.IsFin);
        long gap = to - c.SndNxt;
        int data = (int)(fin ? gap - 1 : gap);
        if (gap <= 0 || gap > 1L << 30 || !c.State.IsSynchronized() || c.IsFinSent) return false;
        ref Tcb t = ref System.Runtime.CompilerServices.Unsafe.AsRef(in c._tcb);
        TcpSegment unseen = default;
        Span<TcpSegment> one = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref unseen, 1);
        if (data > 0) new Machine(ref t, now, one, data).Apply(TcpEvent.Send(data));
        if (fin && c.SendQueued == 0) new Machine(ref t, now, one, 0).Apply(TcpEvent.Close());
        return c.SndNxt == to && c.SendQueued == 0;
    }

    /// <summary>
    /// <paramref name="c"/> as if the FIN it sent unseen (the replay's guess) had been one more byte of
    /// data: the state it would be in had CLOSE not been called (RFC 9293 §3.10.4's moves undone).
    /// False when it has no FIN out.
    /// </summary>
    private static bool TryUnsendFin(ref TcpConnection c)
    {
        ref Tcb t = ref System.Runtime.CompilerServices.Unsafe.AsRef(in c._tcb);
        if (!t.Has(TcbFlags.FinSent)) return false;
        TcpState open = t.State switch
        {
            TcpState.FinWait1 or TcpState.FinWait2 => TcpState.Established,
            TcpState.Closing or TcpState.TimeWait or TcpState.LastAck => TcpState.CloseWait,
            _ => TcpState.Closed,
        };
        if (open == TcpState.Closed) return false;
        t.State = open;
        t.Set(TcbFlags.FinSent, false);
        t.Set(TcbFlags.FinPending, false);
        t.FinWait2At = t.TimeWaitAt = Tcb.NoDeadline;
        return true;
    }

    private void PresumeLost(int side, in Pending p, bool counted)
    {
        if (_presumedLostCount[side] == MaxPresumedLost) return;
        ref Pending slot = ref Sized(ref _presumedLost[side], MaxPresumedLost)[_presumedLostCount[side]++];
        slot = p;
        slot.Counted = counted;
    }

    private void NoteLoss(long frame)
    {
        LossCount++;
        if (FirstLossFrame == 0) FirstLossFrame = frame;
    }

    private void Commit(int side, in TcpSegment seg, long frame, long ns)
    {
        int peer = 1 - side;
        if (_hasModel[side] && !seg.IsSyn && !seg.IsRst && _model[side].State != TcpState.Closed)
        {
            // What WithReceiveWindow does, in place: the window the endpoint advertised is its buffer.
            ref Tcb t = ref System.Runtime.CompilerServices.Unsafe.AsRef(in _model[side]._tcb);
            t.RcvBufferSize = ((uint)seg.Window << t.RcvShift) + t.RcvBuffered;
        }
        _lastSentNs[side] = ns;
        Sized(ref _recent[side], MaxRecent)[_recentCount[side]++ % MaxRecent] = seg;
        if (!seg.IsRst)
        {
            _owes[side] = false;
            _sentAny[side] = true;
            _lastAck[side] = seg.Ack;
            _lastWindow[side] = seg.Window;
        }
        if (_count[peer] == QueueCapacity)
        {
            // Too much in flight to keep: the oldest must have arrived by now.
            ref Pending old = ref At(peer, 0);
            bool o = _owes[peer];
            TcpSegment r = _rstReply[peer];
            bool h = _hasRstReply[peer];
            Deliver(ref Materialize(peer, old.Segment), old.Segment, old.TimeNs, default, ref o, ref r, ref h);
            _owes[peer] = o; _rstReply[peer] = r; _hasRstReply[peer] = h;
            Dequeue(peer, 1);
        }
        if (_count[peer] == _queue[peer].Length) Grow(peer);
        ref Pending slot = ref At(peer, _count[peer]);
        slot.Segment = seg;
        slot.Frame = frame;
        slot.TimeNs = ns;
        _count[peer]++;
    }

    /// <summary>
    /// A RST that a port without a socket sent in answer to one of the peer's segments (RFC 9293
    /// §3.10.7.1): it does not come from this side's connection, whose state it leaves alone.
    /// </summary>
    private bool TryClosedPortReply(int side, in TcpSegment seg, out TcpSegment trigger)
    {
        trigger = default;
        ushort local = side == 0 ? _clientPort : _serverPort, remote = side == 0 ? _serverPort : _clientPort;
        TcpConnection closed = TcpConnection.Create(local, remote, _base);
        for (int i = _count[side] - 1; i >= 0; i--)
        {
            TcpTransition t = closed.OnSegment(At(side, i).Segment, TimeSpan.Zero);
            for (int j = 0; j < t.Segments.Count; j++)
            {
                if (SameReply(t.Segments[j], seg))
                {
                    trigger = At(side, i).Segment;
                    RemoveAt(side, i); // the segment went to the closed port, not to this side's connection
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Whether the peer, having received everything this side sent before, would drop this RST without changing state.</summary>
    private bool IgnoredByReceiver(int side, in TcpSegment seg, long ns)
    {
        int peer = 1 - side;
        if (!_hasModel[peer]) return false;
        TcpConnection c = _model[peer];
        bool o = false, h = false;
        TcpSegment r = default;
        for (int i = 0; i < _count[peer]; i++) Deliver(ref c, At(peer, i).Segment, ns, default, ref o, ref r, ref h);
        TcpState before = c.State;
        TcpTransition t = c.OnSegment(seg, Now(ns));
        return t.Connection.State == before && before is not (TcpState.Closed or TcpState.Listen) && t.Connection.RcvNxt == c.RcvNxt;
    }

    private static bool SameReply(in TcpSegment expected, in TcpSegment seen) => TcpJudge.SameControl(expected, seen);

    /// <summary>
    /// End of the capture: whatever was sent arrives, in capture order — except, where the capture
    /// point lets it have been lost after the capture, a segment that would have made its receiver owe
    /// an answer the capture never shows (RFC 9293 §3.10.7.4: an ACK for data or a FIN). Its receiver
    /// did not get it: lost, or still on its way at the end; lost (counted) when the capture went on
    /// for longer than the receiver needed to answer.
    /// </summary>
    public void Finish()
    {
        if (Invalid || MidStream) return;
        long bound = RttNs < 0 ? 0 : Math.Max(4 * RttNs, 1_000_000);
        while (_count[0] > 0 || _count[1] > 0)
        {
            int side = _count[0] == 0 ? 1 : _count[1] == 0 ? 0 : (At(0, 0).Frame <= At(1, 0).Frame ? 0 : 1);
            ref Pending p = ref At(side, 0);
            TcpSegment seg = p.Segment;
            bool o = _owes[side];
            TcpSegment r = _rstReply[side];
            bool h = _hasRstReply[side];
            if (FarFrom(side) && _lastSentNs[side] < p.TimeNs)
            {
                TcpConnection trial = _hasModel[side] ? _model[side] : ModelFor(side, seg, observedFromSide: false);
                bool owes = false, hasRst = false;
                TcpSegment reply = default;
                Deliver(ref trial, seg, p.TimeNs, default, ref owes, ref reply, ref hasRst);
                if (owes)
                {
                    if (LastNs - p.TimeNs > bound) NoteLoss(p.Frame);
                    Dequeue(side, 1);
                    continue;
                }
            }
            ref TcpConnection m = ref Materialize(side, seg);
            if (!_dropsOutOfOrder[side] && IsOutOfOrder(m, seg) && _heldCount[side] < MaxHeld) Sized(ref _held[side], MaxHeld)[_heldCount[side]++] = p; // waits for its hole
            else
            {
                Deliver(ref m, seg, p.TimeNs, default, ref o, ref r, ref h);
                _attemptUsed = 0;
                _attemptDrops = false;
                _attemptHeldCount = 0;
                HandOverHeld(side, ref m, p.TimeNs, default, ref o, ref r, ref h);
                KeepHeld(side);
            }
            Dequeue(side, 1);
        }
    }
}

/// <summary>
/// The endpoint settings a capture's SYNs call for, made once per distinct SYN (MSS, window scale,
/// SACK-permitted, window) rather than per connection: settings are shared objects.
/// </summary>
internal sealed class SettingsCache
{
    private readonly Dictionary<(ushort Mss, int WindowScale, bool Sack, uint Window), TcpSettings> _fromSyn = new();

    public SettingsCache(TcpSettings baseSettings)
    {
        Base = baseSettings;
        WithoutOptions = baseSettings with { WindowScale = -1, SackPermitted = false };
    }

    /// <summary>The checker's settings.</summary>
    public TcpSettings Base { get; }

    /// <summary>The settings of an endpoint whose SYN was not seen: no options offered.</summary>
    public TcpSettings WithoutOptions { get; }

    /// <summary>The settings that make the model send the options <paramref name="syn"/> carries.</summary>
    public TcpSettings FromSyn(in TcpSegment syn)
    {
        TcpOptions o = syn.Options;
        var key = (o.HasMss && o.Mss > 0 ? o.Mss : (ushort)0, o.HasWindowScale ? Math.Min((int)o.WindowScale, 14) : -1, o.SackPermitted, Math.Max((uint)syn.Window, 1u));
        if (_fromSyn.TryGetValue(key, out TcpSettings? s)) return s;
        // An MSS of 0 on the wire is ignored, not an error.
        s = Base with { Mss = key.Item1 > 0 ? key.Item1 : Base.Mss, WindowScale = key.Item2, SackPermitted = key.Item3, ReceiveWindow = key.Item4 };
        if (_fromSyn.Count < 1024) _fromSyn[key] = s; // bounded: a capture of random SYNs does not grow it
        return s;
    }
}
