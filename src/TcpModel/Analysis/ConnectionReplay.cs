using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TcpModel.Drivers;
using TcpModel.Wire;

namespace TcpModel.Analysis;

/// <summary>
/// The replay of one captured connection through two model endpoints (<see cref="TcpSide.A"/> the
/// client, <see cref="TcpSide.B"/> the server), each with a queue of the segments seen on their way to
/// it but maybe not yet received: a capture sees both directions at one point, so a segment's sender
/// may not yet have received what the peer sent just before. Where the capture point is away from an
/// end, the network explains what no delivery order does (losses, copies, reordering), the fewest
/// faults first. Reused across connections (<see cref="Reset"/>) so that checking allocates per
/// connection table slot, not per packet.
/// </summary>
internal sealed class ConnectionReplay
{
    // Segments seen at the capture point and maybe not yet received, per direction. A bulk sender on a
    // real path keeps a congestion window in flight: 69 segments in linux-bulk-200k-at-sender.pcap, and
    // Linux allows thousands. Queues grow (doubling) only as far as a connection needs.
    internal const int QueueCapacity = 1024, InitialQueueCapacity = 4;
    private const long TicksPerNs = 100;
    // Out-of-order data an end holds, as Linux does (RFC 9293 §3.10.7.4 lets it: "held for later
    // processing"); the model drops it, so the replay holds it and hands it over once the hole before
    // it is filled. At most MaxHeld an end; more are dropped, as the model would.
    // Linux holds as much as its receive buffer: hundreds of segments in a bulk transfer with losses.
    private const int MaxHeld = 512;
    // Segments inferred lost after the capture point (or dropped out of order), in case one was only
    // delayed: the network may reorder, and a segment held back arrives after those sent behind it.
    // As many as an end holds: a receiver taken to drop gives up all it held (the list grows, doubling).
    private const int MaxPresumedLost = MaxHeld;
    // The latest segments an end was seen to send: a copy the network made before the capture point.
    private const int MaxRecent = 32;

    // The SYNs (or SYN,ACKs) an end's timer may have sent again: more than Linux's tcp_syn_retries (6).
    private const int MaxSyns = 16;

    /// <summary>A SYN or SYN,ACK as it was sent, for its timing; whether it answers a SYN its peer sent again.</summary>
    private struct SynSent
    {
        public TcpSegment Segment;
        public long Ns, Frame;
        public bool Answers;
    }

    internal struct Pending
    {
        public TcpSegment Segment;
        public long Frame;
        public long TimeNs;
        /// <summary>Among the presumed lost: counted as a loss (not one a receiver dropped out of order).</summary>
        public bool Counted;
    }

    /// <summary>
    /// What an end owes for what has arrived: an ACK (RFC 9293 §3.10.7.4), and the RSTs its model
    /// sent in answer (at most four, the latest: a closed end answers every segment, §3.10.7.1); and
    /// the newest timestamp it has received, by which an arrival is old (PAWS, RFC 7323 §5).
    /// </summary>
    private struct Owed
    {
        public bool Ack;
        public bool HasTsRecent;
        public uint TsRecent;
        private TcpSegment _rst0, _rst1, _rst2, _rst3;
        private int _rsts;

        private readonly TcpSegment Rst(int i) => i switch { 0 => _rst0, 1 => _rst1, 2 => _rst2, _ => _rst3 };

        private void SetRst(int i, in TcpSegment s)
        {
            switch (i)
            {
                case 0: _rst0 = s; break;
                case 1: _rst1 = s; break;
                case 2: _rst2 = s; break;
                default: _rst3 = s; break;
            }
        }

        private readonly int IndexOf(in TcpSegment seen)
        {
            for (int i = 0; i < _rsts; i++)
                if (TcpJudge.SameControl(Rst(i), seen)) return i;
            return -1;
        }

        public readonly bool OwesRst(in TcpSegment seen) => IndexOf(seen) >= 0;

        public void AddRst(in TcpSegment rst)
        {
            if (OwesRst(rst)) return;
            if (_rsts == 4) RemoveRst(0);
            SetRst(_rsts++, rst);
        }

        /// <summary>The RST <paramref name="seen"/> was sent: no longer owed.</summary>
        public void Paid(in TcpSegment seen)
        {
            int i = IndexOf(seen);
            if (i >= 0) RemoveRst(i);
        }

        private void RemoveRst(int i)
        {
            for (int j = i; j + 1 < _rsts; j++) SetRst(j, Rst(j + 1));
            _rsts--;
        }
    }

    /// <summary>One end of the connection as the replay knows it.</summary>
    private sealed class End
    {
        // Segments the other end sent, seen at the capture point, maybe not yet received here (oldest first).
        private Pending[] _queue = new Pending[InitialQueueCapacity];
        private int _head;
        public int Count;
        public TcpConnection Model;
        public bool HasModel;
        public ushort LocalPort, RemotePort;
        /// <summary>A segment other than a RST was seen from it; its latest ACK and window.</summary>
        public bool SentAny;
        public SeqNum LastAck;
        /// <summary>The window its latest segment offered, in bytes (a SYN's unscaled, RFC 7323 §2.2).</summary>
        public uint LastWindow;
        /// <summary>When its latest segment was captured.</summary>
        public long LastSentNs;
        public Owed Owed;
        // Made on first use: a replay is kept per live connection, and most never hold or lose anything.
        public Pending[] Held = Array.Empty<Pending>();
        public int HeldCount;
        /// <summary>It was seen to drop out-of-order data rather than hold it: it holds nothing then.</summary>
        public bool DropsOutOfOrder;
        /// <summary>Its SACK blocks showed it holding out-of-order data (RFC 2018 §4): dropping is its last explanation, and never its way.</summary>
        public bool HoldsOutOfOrder;
        public Pending[] PresumedLost = Array.Empty<Pending>();
        public int PresumedLostCount;
        private TcpSegment[] _recent = Array.Empty<TcpSegment>();
        private int _recentCount;
        private TcpSegment _syn; // its first SYN (or SYN,ACK): a copy held back can come long after
        private bool _hasSyn;
        /// <summary>A FIN was guessed sent unseen (and may be undone); one was undone, the byte at <see cref="UndoneFinAt"/>.</summary>
        public bool UnseenFin, UnseenFinUndone;
        public SeqNum UndoneFinAt;
        /// <summary>The frame of the pure ACK whose explanation guessed that FIN.</summary>
        public long UnseenFinFrame;
        /// <summary>The SYNs (or SYN,ACKs) it sent, and when the latest was captured.</summary>
        public SynSent[] Syns = Array.Empty<SynSent>();
        public int SynCount;
        public long LastSynNs;
        /// <summary>The newest TSval it was seen to send (RFC 7323 §3: its clock never goes back).</summary>
        public uint NewestTsVal;
        public bool HasTsVal;
        /// <summary>The segment of its being timed for the round trip at the capture point (see <see cref="Time"/>), and one past the highest sequence number it sent.</summary>
        public bool Timing, SentSequence;
        public SeqNum TimedEnd, HighestEnd;
        public long TimedNs;
        /// <summary>
        /// For the timing of its retransmissions (see <see cref="TimeRetransmission"/>): the highest ACK its
        /// peer sent, when its retransmission timer last started at the latest, and how often it backed off.
        /// </summary>
        public SeqNum Una;
        public bool HasUna;
        public long RtoFromNs;
        public int Backoff;
        /// <summary>The end as it was before it closed (default while it has not).</summary>
        public TcpConnection LastOpen;
        public SeqNum LastOpenRcvNxt;
        /// <summary>Its connection reset in SYN-RECEIVED, last (default while none was): its SYN,ACK, held back, may come after the RST.</summary>
        public TcpConnection LastHalfOpen;

        public void Reset(ushort localPort, ushort remotePort)
        {
            _head = Count = 0;
            Model = default;
            HasModel = SentAny = DropsOutOfOrder = HoldsOutOfOrder = UnseenFin = UnseenFinUndone = HasTsVal = Timing = SentSequence = HasUna = false;
            Backoff = 0;
            LocalPort = localPort;
            RemotePort = remotePort;
            LastAck = default;
            LastWindow = 0;
            LastSentNs = long.MinValue;
            Owed = default;
            LastOpen = LastHalfOpen = default;
            HeldCount = PresumedLostCount = _recentCount = 0;
            _hasSyn = false;
            LastSynNs = long.MinValue;
            SynCount = 0;
        }

        /// <summary>
        /// Becomes a copy of <paramref name="o"/> (for a second explanation, see <see cref="Fork"/>): every
        /// field, and of each array what is in use, into arrays of its own reused from one copy to the next.
        /// </summary>
        public void CopyFrom(End o)
        {
            if (_queue.Length != o._queue.Length) _queue = new Pending[o._queue.Length];
            for (int i = 0; i < o.Count; i++) _queue[(o._head + i) & (_queue.Length - 1)] = o.At(i);
            _head = o._head;
            Count = o.Count;
            Model = o.Model;
            HasModel = o.HasModel;
            LocalPort = o.LocalPort;
            RemotePort = o.RemotePort;
            SentAny = o.SentAny;
            LastAck = o.LastAck;
            LastWindow = o.LastWindow;
            LastSentNs = o.LastSentNs;
            Owed = o.Owed;
            HeldCount = CopyUsed(o.Held, o.HeldCount, ref Held);
            DropsOutOfOrder = o.DropsOutOfOrder;
            HoldsOutOfOrder = o.HoldsOutOfOrder;
            PresumedLostCount = CopyUsed(o.PresumedLost, o.PresumedLostCount, ref PresumedLost);
            _recentCount = o._recentCount;
            CopyUsed(o._recent, o.RecentCount, ref _recent);
            _syn = o._syn;
            _hasSyn = o._hasSyn;
            UnseenFin = o.UnseenFin;
            UnseenFinUndone = o.UnseenFinUndone;
            UndoneFinAt = o.UndoneFinAt;
            UnseenFinFrame = o.UnseenFinFrame;
            SynCount = CopyUsed(o.Syns, o.SynCount, ref Syns);
            LastSynNs = o.LastSynNs;
            NewestTsVal = o.NewestTsVal;
            HasTsVal = o.HasTsVal;
            Timing = o.Timing;
            SentSequence = o.SentSequence;
            TimedEnd = o.TimedEnd;
            HighestEnd = o.HighestEnd;
            TimedNs = o.TimedNs;
            Una = o.Una;
            HasUna = o.HasUna;
            RtoFromNs = o.RtoFromNs;
            Backoff = o.Backoff;
            LastOpen = o.LastOpen;
            LastOpenRcvNxt = o.LastOpenRcvNxt;
            LastHalfOpen = o.LastHalfOpen;
        }

        private static int CopyUsed<T>(T[] from, int count, ref T[] to)
        {
            if (count == 0) return 0;
            if (to.Length < from.Length) to = new T[from.Length];
            Array.Copy(from, to, count);
            return count;
        }

        public ref Pending At(int i) => ref _queue[(_head + i) & (_queue.Length - 1)]; // capacities are powers of two

        public void Dequeue(int n)
        {
            _head = (_head + n) & (_queue.Length - 1);
            Count -= n;
        }

        public void RemoveAt(int i)
        {
            for (int j = i; j > 0; j--) At(j) = At(j - 1);
            Dequeue(1);
        }

        /// <summary>Queues a segment on its way here (the caller makes room once the queue is at <see cref="QueueCapacity"/>).</summary>
        public void Enqueue(in TcpSegment seg, long frame, long ns)
        {
            if (Count == _queue.Length)
            {
                // Grown per connection, when more is in flight than ever before; never per packet once grown.
                var bigger = new Pending[Math.Min(_queue.Length * 2, QueueCapacity)];
                for (int i = 0; i < Count; i++) bigger[i] = At(i);
                _queue = bigger;
                _head = 0;
            }
            ref Pending slot = ref At(Count++);
            slot.Segment = seg;
            slot.Frame = frame;
            slot.TimeNs = ns;
            slot.Counted = false;
        }

        public void Remember(in TcpSegment seg)
        {
            if (seg.Options.HasTimestamps && (!HasTsVal || (int)(seg.Options.TsVal - NewestTsVal) > 0))
            {
                NewestTsVal = seg.Options.TsVal;
                HasTsVal = true;
            }
            Sized(ref _recent, MaxRecent)[_recentCount++ % MaxRecent] = seg;
            if (seg.IsSyn && !_hasSyn)
            {
                _syn = seg;
                _hasSyn = true;
            }
        }

        /// <summary>
        /// Times one segment at a time, as BSD does (t_rtseq): the first that carries new sequence
        /// space while none is timed; a retransmission into the timed range ends the timing (Karn's
        /// rule, RFC 6298 §3).
        /// </summary>
        public void Time(in TcpSegment seg, long ns)
        {
            if (seg.SegmentLength == 0) return;
            SeqNum end = seg.Seq + seg.SegmentLength;
            if (Timing && seg.Seq < TimedEnd) Timing = false;
            else if (!Timing && (!SentSequence || end > HighestEnd))
            {
                Timing = true;
                TimedEnd = end;
                TimedNs = ns;
            }
            if (!SentSequence || end > HighestEnd) HighestEnd = end;
            SentSequence = true;
        }

        public int RecentCount => Math.Min(_recentCount, MaxRecent);

        /// <summary>Its first SYN (or SYN,ACK), if it sent one.</summary>
        public bool FirstSyn(out TcpSegment syn)
        {
            syn = _syn;
            return _hasSyn;
        }

        public ref readonly TcpSegment Recent(int i) => ref _recent[i];

        /// <summary>
        /// Whether it sent <paramref name="seg"/> before, among its latest segments or as its SYN:
        /// <paramref name="exactly"/> (a copy the network made), or as far as the controls go (flags,
        /// SEQ, ACK, length: the same segment sent again differs in its timestamp).
        /// </summary>
        public bool SentBefore(in TcpSegment seg, bool exactly)
        {
            if (_hasSyn && Same(_syn, seg, exactly)) return true;
            for (int i = Math.Min(_recentCount, MaxRecent) - 1; i >= 0; i--)
                if (Same(_recent[i], seg, exactly)) return true;
            return false;

            static bool Same(in TcpSegment a, in TcpSegment b, bool exactly) => exactly ? a == b : TcpJudge.SameControl(a, b);
        }

        /// <summary>
        /// Whether its timestamp shows <paramref name="seg"/> sent before a segment of its already captured
        /// (TSval never goes back, RFC 7323 §3), or, where the timestamps do not tell (none, or the same
        /// tick), its acknowledgment does: SEG.ACK is RCV.NXT when it is sent, retransmissions too, and
        /// RCV.NXT only grows (RFC 9293 §3.3.1). A newer timestamp says it was not.
        /// </summary>
        public bool SentBeforeNewest(in TcpSegment seg)
        {
            int older = HasTsVal && seg.Options.HasTimestamps ? (int)(NewestTsVal - seg.Options.TsVal) : 0;
            return older > 0 || (older == 0 && SentAny && seg.IsAck && !seg.IsRst && seg.Ack < LastAck);
        }

        /// <summary>Whether its timestamp shows <paramref name="seg"/> sent after its latest segment already captured: not a copy held back.</summary>
        public bool SentAfterNewest(in TcpSegment seg) =>
            HasTsVal && seg.Options.HasTimestamps && (int)(seg.Options.TsVal - NewestTsVal) > 0;

        /// <summary>Whether its timestamp shows <paramref name="seg"/> sent no later than its latest segment already captured.</summary>
        public bool SentNoLaterThanNewest(in TcpSegment seg) =>
            HasTsVal && seg.Options.HasTimestamps && (int)(NewestTsVal - seg.Options.TsVal) >= 0;

        /// <summary>RCV.NXT once what is on its way here arrives, from <paramref name="rcvNxt"/>, as far as it reaches in order.</summary>
        public SeqNum ReachableRcvNxt(SeqNum rcvNxt)
        {
            for (bool grew = true; grew;)
            {
                grew = false;
                for (int i = 0; i < Count; i++)
                {
                    ref TcpSegment s = ref At(i).Segment;
                    if (s.IsSyn || s.IsRst || s.SegmentLength == 0 || s.Seq > rcvNxt || s.Seq + s.SegmentLength <= rcvNxt) continue;
                    rcvNxt = s.Seq + s.SegmentLength;
                    grew = true;
                }
            }
            return rcvNxt;
        }

        public void Hold(in Pending p) => Sized(ref Held, MaxHeld)[HeldCount++] = p;

        public void PresumeLost(in Pending p, bool counted)
        {
            if (PresumedLostCount == MaxPresumedLost) return;
            if (PresumedLostCount == PresumedLost.Length) Array.Resize(ref PresumedLost, Math.Max(InitialQueueCapacity, PresumedLostCount * 2));
            ref Pending slot = ref PresumedLost[PresumedLostCount++];
            slot = p;
            slot.Counted = counted;
        }
    }

    /// <summary>Which arriving segments PAWS judges (see <see cref="IsPawsRejected"/>).</summary>
    private enum Paws : byte { None, AcksOnly, All }

    private Paws PawsFor(TcpSide receiver) => FarFrom(receiver) ? Paws.AcksOnly : Paws.All;

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

    /// <summary>The network's part in one explanation of a segment: what it lost, delayed or let through unseen.</summary>
    private struct Faults
    {
        /// <summary>Pending segments (bits, the first 64) lost after the capture point.</summary>
        public ulong Lost;
        /// <summary>Held segments (bits) lost after all.</summary>
        public ulong LostHeld;
        /// <summary>Presumed-lost segments (bits, the first 64) that arrive now, late.</summary>
        public ulong Late;
        /// <summary>Every presumed-lost segment the judged ACK covers arrives now, late (however many).</summary>
        public bool LateCovered;
        public Unseen SentUnseen;
    }

    /// <summary>The judging of one segment: what every explanation starts from, and what the one taken gives.</summary>
    private struct Judging
    {
        public TcpSide Side;
        public TcpSegment Seg;
        public long Frame, Ns;
        /// <summary>Pending segments, and how many of them must have arrived by now.</summary>
        public int Pending, MinK;
        /// <summary>The judged segment's TSecr says which pending segments had not arrived when it was sent (see <see cref="NotYetEchoed"/>).</summary>
        public bool EchoSays;
        /// <summary>The sender before anything pending arrives.</summary>
        public TcpConnection Start;
        /// <summary>An ACK from it is owed (or a copy after the capture point prompts one).</summary>
        public bool Prompted;
        /// <summary>The explanations take its receiver to drop out-of-order data.</summary>
        public bool Drop;
        /// <summary>The RST answers, from a closed port, a copy of a recent segment of its peer that came late.</summary>
        public bool AnswersLate;
        /// <summary>What the sender owed before this segment (its <c>Ack</c> is <see cref="Prompted"/>).</summary>
        public Owed StartOwed;
        /// <summary>How many pending segments the explanation taken had arrive (−1: none taken yet).</summary>
        public int AcceptedK;
        public Tcb Accepted;
        public Owed Owed;
        /// <summary>The sender after every pending segment arrived, as captured.</summary>
        public TcpConnection Received;
        /// <summary>The sender where no delivery order worked: what a violation is reported from.</summary>
        public TcpConnection Last;
        public bool HaveLast;
        public readonly bool Taken => AcceptedK >= 0;
    }

    private readonly End _a = new(), _b = new();
    private Judging _j;
    // What the latest attempt did with the held ones: which it handed over, which pending ones it held.
    private bool[] _heldUsed = Array.Empty<bool>(); // by held index: handed over (or lost) in the attempt
    private Pending[] _attemptHeld = Array.Empty<Pending>(); // what the attempt holds (a pending segment, or one presumed lost arriving late)
    private bool[] _attemptHeldUsed = Array.Empty<bool>();   // handed over in the attempt
    private int _attemptHeldCount;
    private bool _attemptDrops; // the attempt's receiver drops out-of-order data: nothing held is handed over
    private readonly TcpSegment[] _sent = new TcpSegment[TcpConnection.MaxSegmentsPerTransition]; // what a delivery makes the receiver send

    private CapturedConnection _connection;
    private ZeekCore _zeek;
    // Zeek honouring checksums: the same as Zeek until the first bad checksum, forked from it then (see Add).
    private ZeekCore _zeekChecksums;
    private bool _zeekForked;
    private WiresharkCompleteness _completeness;
    private long _badChecksums;
    private long _startNs;
    private long _synNs = -1, _synAckNs = -1, _rttNs = -1;
    private long _ackRttNs; // the longest round trip at the capture point since the handshake (see ArrivalBoundNs)
    private TimingFinding _timing; // the first timing finding after the handshake (see TimeRetransmission, TimeClosedPortReply)
    private long _synNsA = -1, _synNsB = -1; // each end's latest SYN before any SYN,ACK
    private bool _serverFar; // no handshake timing, but the server's RST came too long after the SYN for a capture at the server
    private TcpSide _synAckSide; // who sent the SYN,ACK: the server, but in a simultaneous open either
    private CaptureSite _site, _givenSite; // the caller's, which the handshake's timing does not override
    private int _lossCount;
    // The losses themselves, the first MaxLossesKept (made on first use).
    private const int MaxLossesKept = 16;
    private InferredLoss[] _losses = Array.Empty<InferredLoss>();
    private int _lossesKept;
    private long _firstLossFrame;
    private bool _started, _midStream, _duplicates;
    private long _violationFrame;
    private TcpViolation _violation;
    private TcpRule _rule;
    private string? _message, _messageChinese;
    private TcpSettings _base = TcpSettings.Rfc9293;
    private SettingsCache _settings = new(TcpSettings.Rfc9293);
    // A second explanation (see Fork): a copy of the replay that took another explanation of one segment,
    // fed every packet while it lives (_alive). Made on first use and reused; it makes none of its own.
    private ConnectionReplay? _spare;
    private bool _alive, _isAlternative;
    private long _forkFrame; // in the copy: the frame where the two part
    private int _age, _forkSideAge; // in the copy: packets judged since, and of them those from the end the explanations differ on
    private TcpSide _forkSide;
    // How long a second explanation outlives its making: what decides between two is the next segment or
    // two of the end they differ on (its next ACK, or a retransmission: what it received shows in what it
    // sends), and every packet it lives is judged twice. At most that, and 32 packets in all.
    private const int MaxAlternativeAge = 32, MaxForkSideAge = 2;
    /// <summary>The readings of <see cref="Explain"/>, in the order it tries them (a mask of them says which to try).</summary>
    private enum Reading : byte
    {
        None, NetworkCopy, AnswersLate, Drops, Network, HeldBack, PromptedByACopy, Overtaken, FinUndone,
        SentEarlier, AnsweredAfresh, CoveredWithLosses, LaterThanTheBound, CopyOfAnAck,
    }

    private static int Mask(Reading r) => 1 << (int)r;

    private const int AllReadings = ~0;
    // A second explanation is made where the network's losses were taken (a receiver that drops, losses
    // after the capture point), from the readings after the one taken among those below: the network's
    // losses, then the plainer ones (a copy held back, a reply to an unseen copy, an ACK overtaken, a
    // copy of an ACK), which cost one replay each; what a later segment most often contradicts is a loss
    // guessed where the segment was only late or copied. Made with one of the last three, it tries that
    // one first for later segments (and a copy of an ACK, as always).
    private static readonly int ForkingReadings = Mask(Reading.Drops) | Mask(Reading.Network);
    private static readonly int AlternativeReadings = Mask(Reading.Network) | Mask(Reading.HeldBack) | Mask(Reading.PromptedByACopy) |
        Mask(Reading.Overtaken) | Mask(Reading.CopyOfAnAck);
    private static readonly int KeptReadings = Mask(Reading.HeldBack) | Mask(Reading.Overtaken) | Mask(Reading.CopyOfAnAck);
    private int _readings = AllReadings; // those Explain may try
    private Reading _step, _taken;
    private Reading _preferred; // in the copy: the reading it was made with

    private End this[TcpSide side] => side == TcpSide.A ? _a : _b;

    private static TcpSide Other(TcpSide side) => side == TcpSide.A ? TcpSide.B : TcpSide.A;

    /// <summary>A segment was judged a violation: the connection is invalid from that frame on.</summary>
    public bool Invalid { get; private set; }

    /// <summary>When the connection's latest packet was captured.</summary>
    public long LastNs { get; private set; }

    public void Reset(CapturedConnection connection, long startNs, SettingsCache settings, CaptureSite at = CaptureSite.Unknown)
    {
        _settings = settings;
        _base = settings.Base;
        _connection = connection;
        _zeek = new ZeekCore(ignoreChecksums: true);
        _zeekForked = false;
        _completeness = default;
        _badChecksums = 0;
        _startNs = LastNs = startNs;
        _synNs = _synAckNs = _rttNs = _synNsA = _synNsB = -1;
        _ackRttNs = 0;
        _timing = default;
        _serverFar = false;
        Invalid = false;
        _site = _givenSite = at;
        _lossCount = _lossesKept = 0;
        _firstLossFrame = 0;
        _started = _midStream = _duplicates = false;
        _violationFrame = 0;
        _violation = TcpViolation.None;
        _rule = default;
        _message = _messageChinese = null;
        _a.Reset(connection.Client.Port, connection.Server.Port);
        _b.Reset(connection.Server.Port, connection.Client.Port);
        _alive = false;
    }

    /// <summary>Becomes a copy of <paramref name="o"/>'s judging (not its Zeek and Wireshark trackers, which do not depend on it).</summary>
    private void CopyJudgingFrom(ConnectionReplay o)
    {
        _a.CopyFrom(o._a);
        _b.CopyFrom(o._b);
        _j = o._j;
        _connection = o._connection;
        _startNs = o._startNs;
        LastNs = o.LastNs;
        _synNs = o._synNs;
        _synAckNs = o._synAckNs;
        _rttNs = o._rttNs;
        _ackRttNs = o._ackRttNs;
        _timing = o._timing;
        _synNsA = o._synNsA;
        _synNsB = o._synNsB;
        _serverFar = o._serverFar;
        _synAckSide = o._synAckSide;
        _site = o._site;
        _givenSite = o._givenSite;
        _lossCount = o._lossCount;
        _lossesKept = o._lossesKept;
        if (o._lossesKept > 0) o._losses.AsSpan(0, o._lossesKept).CopyTo(Sized(ref _losses, MaxLossesKept));
        _firstLossFrame = o._firstLossFrame;
        _started = o._started;
        _midStream = o._midStream;
        _duplicates = o._duplicates;
        Invalid = o.Invalid;
        _violationFrame = o._violationFrame;
        _violation = o._violation;
        _rule = o._rule;
        _message = o._message;
        _messageChinese = o._messageChinese;
        _base = o._base;
        _settings = o._settings;
        _forkFrame = o._forkFrame;
    }

    /// <summary>
    /// Whether both ends are where <paramref name="o"/> has them, as far as judging what they send goes
    /// (state, sequence variables, windows, what is on its way and held): the two explanations are one
    /// again. Their timers may differ (what arrived when); the replay does not judge by those.
    /// </summary>
    private bool SameAs(ConnectionReplay o) => Same(_a, o._a) && Same(_b, o._b);

    private static bool Same(End x, End y) =>
        x.HasModel == y.HasModel && x.Model.State == y.Model.State && x.Model.SndUna == y.Model.SndUna && x.Model.SndNxt == y.Model.SndNxt &&
        x.Model.RcvNxt == y.Model.RcvNxt && x.Model.SndWnd == y.Model.SndWnd && x.Model.RcvWnd == y.Model.RcvWnd &&
        x.Model.IsFinSent == y.Model.IsFinSent && x.Count == y.Count && x.HeldCount == y.HeldCount &&
        x.DropsOutOfOrder == y.DropsOutOfOrder && x.UnseenFin == y.UnseenFin && x.Owed.Ack == y.Owed.Ack;

    /// <summary>Feeds one packet of the connection from <paramref name="from"/>: the trackers, then the replay.</summary>
    public void Add(in DecodedPacket packet, TcpSide from)
    {
        LastNs = packet.TimestampNanoseconds;
        bool fromClient = from == TcpSide.A;
        if (!_zeekForked && packet.Checksum == ChecksumStatus.Bad)
        {
            _zeekChecksums = _zeek.WithIgnoreChecksums(false);
            _zeekForked = true;
        }
        _zeek.Add(packet, fromClient);
        if (_zeekForked) _zeekChecksums.Add(packet, fromClient);
        TcpSegment s = packet.Segment;
        _completeness = _completeness.With(s.Flags, s.PayloadLength);
        if (packet.Checksum == ChecksumStatus.Bad) _badChecksums++;
        Observe(from, s, packet.FrameNumber, packet.TimestampNanoseconds, packet.Sack);
    }

    /// <summary>Both ends are done (CLOSED or TIME-WAIT), or the replay stopped at a violation.</summary>
    public bool Ended => Invalid || (IsEnded(State(TcpSide.A)) && IsEnded(State(TcpSide.B)));

    private static bool IsEnded(TcpState s) => s is TcpState.Closed or TcpState.TimeWait;

    public TcpState State(TcpSide side)
    {
        End end = this[side];
        return end.HasModel ? end.Model.State : (side == TcpSide.A ? TcpState.Closed : TcpState.Listen);
    }

    /// <summary>Replays what is still in flight (see <see cref="Finish"/>) and gives the result of <paramref name="connection"/> (as the demultiplexer has it now).</summary>
    public ConnectionCheck Decide(CapturedConnection connection, HistoryStrings histories)
    {
        Finish();
        if (_alive) _spare!.Finish();
        TcpState c = State(TcpSide.A), s = State(TcpSide.B);
        CheckVerdict verdict = Invalid ? CheckVerdict.Invalid
            : _midStream ? CheckVerdict.Incomplete
            : IsEnded(c) && (IsEnded(s) || (s == TcpState.Listen && c == TcpState.Closed)) ? CheckVerdict.Valid
            : CheckVerdict.Incomplete;
        ref readonly ZeekCore zeekChecksums = ref _zeekForked ? ref _zeekChecksums : ref _zeek;
        return new ConnectionCheck
        {
            Connection = connection, Verdict = verdict, ClientState = c, ServerState = s,
            ViolationFrame = _violationFrame, Violation = _violation, Rule = _rule, Message = _message, MessageChinese = _messageChinese,
            ZeekState = _zeek.ConnState, ZeekHistory = histories.Get(in _zeek),
            ZeekStateWithChecksums = zeekChecksums.ConnState, ZeekHistoryWithChecksums = histories.Get(in zeekChecksums),
            Completeness = _completeness.Value, BadChecksums = _badChecksums,
            CaptureSite = _site, InferredLosses = _lossCount, FirstInferredLossFrame = _firstLossFrame,
            LossArray = _lossesKept == 0 ? null : _losses.AsSpan(0, _lossesKept).ToArray(),
            Alternative = Alternative(c, s), Timing = Earliest(JudgeSynTiming(), _timing),
        };
    }

    private TimeSpan Now(long ns) => TimeSpan.FromTicks(Math.Max(0, ns - _startNs) / TicksPerNs);

    private TcpSettings SettingsFrom(in TcpSegment syn) => _settings.FromSyn(syn);

    private TcpConnection ModelFor(TcpSide side, in TcpSegment observed, bool observedFromSide)
    {
        End end = this[side];
        if (end.HasModel) return end.Model;
        TcpSettings settings = observedFromSide && observed.IsSyn ? SettingsFrom(observed) : _settings.WithoutOptions;
        return side == TcpSide.A
            ? TcpConnection.Create(end.LocalPort, end.RemotePort, settings)
            : TcpConnection.Listen(end.LocalPort, default, settings);
    }

    /// <summary>The end's model, made (as <see cref="ModelFor"/> would) and kept if there was none yet.</summary>
    private ref TcpConnection Materialize(TcpSide side, in TcpSegment observed)
    {
        End end = this[side];
        if (!end.HasModel)
        {
            end.Model = ModelFor(side, observed, observedFromSide: false);
            end.HasModel = true;
        }
        return ref end.Model;
    }

    /// <summary>
    /// RFC 7323 §5.3: a segment whose TSval is older than TS.Recent is an old duplicate (PAWS): dropped,
    /// and answered with an ACK, as Linux does (tcp_validate_incoming; older by more than its
    /// TCP_PAWS_WINDOW of 1). The model keeps no timestamps; the replay keeps TS.Recent for the
    /// receiver, from segments in order (§4.3).
    /// </summary>
    /// <param name="owed">The receiver's TS.Recent, and the ACK a rejected segment is owed.</param>
    /// <param name="c">The receiver.</param>
    /// <param name="s">The arriving segment.</param>
    /// <param name="paws">
    /// Which segments it judges: all of them where they arrive as the capture shows (the receiver at
    /// the capture point); away from it, where the network may have reordered them after the capture,
    /// only the pure ACKs (a data segment's order of arrival is not known); none handed over from those
    /// held out of order (judged when they came).
    /// </param>
    private static bool IsPawsRejected(ref Owed owed, in TcpConnection c, in TcpSegment s, Paws paws)
    {
        if (paws == Paws.None || !s.Options.HasTimestamps || s.IsRst) return false;
        if (owed.HasTsRecent && (int)(owed.TsRecent - s.Options.TsVal) > 1 && c.State.IsSynchronized() && (paws == Paws.All || s.SegmentLength == 0))
        {
            owed.Ack = true;
            return true;
        }
        // TS.Recent from a segment at the left edge of the window (§4.3; Linux's tcp_replace_ts_recent
        // after tcp_sequence): not from an old duplicate entirely below RCV.NXT.
        if ((!owed.HasTsRecent || (int)(s.Options.TsVal - owed.TsRecent) > 0) && s.Seq <= c.RcvNxt && s.Seq + s.SegmentLength >= c.RcvNxt)
        {
            owed.TsRecent = s.Options.TsVal;
            owed.HasTsRecent = true;
        }
        return false;
    }

    /// <summary>Delivers one segment to a candidate model (in place), keeping the peer's reading up to date.</summary>
    private void Deliver(ref TcpConnection c, in TcpSegment s, long ns, in TcpSegment observed, ref Owed owed, Paws paws)
    {
        if (c.State == TcpState.Listen && s.IsSyn && !s.IsAck && observed.IsSyn && observed.IsAck)
        {
            c = c.WithIss(observed.Seq); // the listener's ISS is the one its SYN+ACK shows
            // A SYN+ACK that acknowledges the data on the SYN shows a TCP Fast Open server (RFC 7413 §4.2.2).
            if (s.PayloadLength > 0 && observed.Ack == s.Seq + 1 + s.PayloadLength && !c.Settings.FastOpen)
                c = c.WithSettings(c.Settings with { FastOpen = true });
        }
        if (IsPawsRejected(ref owed, c, s, paws)) return;
        Span<TcpSegment> sent = _sent;
        TimeSpan now = Now(ns);
        TcpOutcome o = TcpConnection.ApplyInPlace(ref c, TcpEvent.Arrive(s), now, sent);
        if (o.SegmentCount > 0 || c.IsAckPending) owed.Ack = true;
        for (int i = 0; i < o.SegmentCount; i++)
            if (sent[i].IsRst) owed.AddRst(sent[i]);
        // The application reads what arrives, so the window stays what the endpoint advertises.
        if (c.ReceiveQueued > 0) TcpConnection.ApplyInPlace(ref c, TcpEvent.Receive((int)c.ReceiveQueued), now, sent);
    }

    // ------------------------------------------------------------------ judging one segment

    /// <summary>
    /// Judges one observed segment from <paramref name="side"/>, in the explanation taken and, while one
    /// lives, in the second (see <see cref="Fork"/>): the one a later segment contradicts gives way.
    /// </summary>
    public void Observe(TcpSide side, in TcpSegment seg, long frame, long ns, in SackBlocks sack = default)
    {
        bool reportsDuplicate = IsDuplicateReport(seg, sack), holds = ReportsHeld(seg, sack);
        if (_alive)
        {
            _spare!.LastNs = LastNs;
            _spare.ObserveOne(side, seg, frame, ns, reportsDuplicate, holds);
        }
        bool forked = ObserveOne(side, seg, frame, ns, reportsDuplicate, holds);
        if (!_alive || forked) return;
        if (Invalid && !_spare!.Invalid)
        {
            // The explanation taken is contradicted here, the second one is not: it becomes the one taken.
            CopyJudgingFrom(_spare);
            _alive = false;
        }
        else if (_spare!.Invalid || Invalid || SameAs(_spare) || ++_spare._age > MaxAlternativeAge ||
                 (side == _spare._forkSide && ++_spare._forkSideAge > MaxForkSideAge))
            _alive = false; // it failed, it is this one again, or it is old
    }

    /// <summary>Judges one observed segment; whether a second explanation was made here.</summary>
    private bool ObserveOne(TcpSide side, in TcpSegment seg, long frame, long ns, bool reportsDuplicate, bool holds)
    {
        if (Invalid || _midStream || !Started(side, seg)) return false;
        End end = this[side];
        if (holds)
        {
            // A SACK block above its ACK says it holds out-of-order data (RFC 2018 §4): not a receiver that drops it.
            end.HoldsOutOfOrder = true;
            end.DropsOutOfOrder = false;
        }
        if (side != _synAckSide && _rttNs < 0 && _synAckNs >= 0 && _synNs >= 0 && seg.IsAck && !seg.IsSyn)
        {
            // The first segment after a SYN+ACK from its peer (the client's, but in a simultaneous open
            // the SYN,ACK may come from the client) completes the handshake's timing, which places the
            // capture point before this segment is judged (it may itself follow a loss).
            _rttNs = ns - _synNs;
            // One host holds both ends (the same address, as on loopback): no network, nothing lost.
            if (_givenSite == CaptureSite.Unknown)
                _site = _connection.Client.Address == _connection.Server.Address ? CaptureSite.Both : Mirrored(InferSite(_synAckNs - _synNs, ns - _synAckNs), _synAckSide == TcpSide.A);
        }
        // A refused SYN gives no handshake timing; but a kernel answers a SYN at once, so a RST that
        // follows it by more than 2 ms was not captured at the server (see InferSite).
        if (side == TcpSide.B && seg.IsRst && _site == CaptureSite.Unknown && _synNsA >= 0 && ns - _synNsA > 2_000_000 &&
            _connection.Client.Address != _connection.Server.Address)
            _serverFar = true;
        TcpConnection cand = ModelFor(side, seg, observedFromSide: true);
        // Simultaneous open: a "server" that sends a SYN itself was never a listener.
        if (side == TcpSide.B && !end.SentAny && cand.State == TcpState.Listen && seg.IsSyn && !seg.IsAck)
            cand = TcpConnection.Create(end.LocalPort, end.RemotePort, SettingsFrom(seg));

        long bound = _rttNs < 0 ? long.MaxValue : ArrivalBoundNs();
        int minK = 0;
        if (bound != long.MaxValue)
            while (minK < end.Count && end.At(minK).TimeNs < ns - bound) minK++;
        // Once the network is seen to duplicate (a copy in the capture, a D-SACK), a copy after the
        // capture point is as likely as a loss, and tried first (see ExplainedAway). A D-SACK (RFC 2883)
        // says a duplicate arrived: one made by the network after the capture point prompts this ACK
        // though the capture shows nothing that could.
        if (reportsDuplicate) _duplicates = true;
        bool far = FarFrom(side);
        // Field by field, not a new value: the judging is large, and most of it is written only when a
        // segment needs explaining (this runs for every packet).
        _j.Side = side;
        _j.Seg = seg;
        _j.Frame = frame;
        _j.Ns = ns;
        _j.Pending = end.Count;
        _j.MinK = minK;
        // A TSecr of 0 echoes nothing (a SYN's, RFC 7323 §3.2; a stack with no TS.Recent yet).
        _j.EchoSays = seg.IsAck && !seg.IsRst && seg.Options.HasTimestamps && seg.Options.TsEcr != 0 && end.SentAny;
        _j.Start = cand;
        _j.Prompted = end.Owed.Ack || (far && (reportsDuplicate || (_duplicates && cand.State.IsSynchronized())));
        _j.Drop = end.DropsOutOfOrder;
        _j.AnswersLate = _j.HaveLast = false;
        _j.StartOwed = end.Owed;
        _j.StartOwed.Ack = _j.Prompted;
        _j.Owed = _j.StartOwed;
        // As the capture shows it: the fewest pending segments that let the sender send this.
        _j.AcceptedK = FirstConforming(ref cand, ref _j.Owed, out _j.Accepted, default, trackLast: true);
        // Its first SYN again, exactly, from an end whose connection had gone on past it: a copy the network
        // held back, not a new connection on the same ports (that takes a new ISN, RFC 9293 §3.4.1).
        if (_j.Taken && far && seg.IsSyn && !seg.IsAck && _j.Accepted.State == TcpState.SynSent && _j.Start.State != TcpState.SynSent &&
            end.FirstSyn(out TcpSegment first) && first == seg)
        {
            _duplicates = true;
            NothingArrived();
        }
        bool forked = false;
        if (!_j.Taken)
        {
            _j.Received = cand;
            // Away from the capture point an explanation may be one of several: the next one that works
            // is kept alive beside it, in a copy of the replay as it is before this one was taken.
            bool fork = far && !_alive && !_isAlternative;
            if (fork) (_spare ??= new ConnectionReplay { _isAlternative = true }).CopyJudgingFrom(this);
            ExplainedAway(far);
            if (fork && _j.Taken) forked = Fork(side, seg, frame, ns, far);
        }
        Conclude(side, seg, frame, ns);
        return forked;
    }

    /// <summary>
    /// The second explanation: the copy made before this segment was explained tries the explanations
    /// after the one taken (see <see cref="ExplainedAway"/>); if one works, the copy lives on beside this
    /// replay until a later segment contradicts one of them, or both are the same again.
    /// </summary>
    private bool Fork(TcpSide side, in TcpSegment seg, long frame, long ns, bool far)
    {
        if ((Mask(_taken) & ForkingReadings) == 0) return false;
        ConnectionReplay alt = _spare!;
        if (!alt.TryReadings(far, AlternativeReadings & ~((Mask(_taken) << 1) - 1))) return false; // those after the one taken
        alt.Conclude(side, seg, frame, ns);
        if (alt.Invalid || alt.SameAs(this)) return false;
        alt._forkFrame = frame;
        alt._preferred = alt._taken;
        alt._age = alt._forkSideAge = 0;
        alt._forkSide = side;
        return _alive = true;
    }

    /// <summary>What the judging of one segment concludes: taken, a closed port's reply, ignored, or a violation.</summary>
    private void Conclude(TcpSide side, in TcpSegment seg, long frame, long ns)
    {
        End end = this[side];
        if (!_j.Taken && seg.IsRst && TryClosedPortReply(side, seg, out TcpSegment trigger))
        {
            TimeClosedPortReply(side, trigger, frame, ns);
            // A SYN-SENT socket answers a SYN with a SYN,ACK: a RST to a SYN was sent before that
            // socket existed (and captured after its SYN). Any other closed-port reply means the
            // connection is gone (aborted, or never there).
            if (!(_j.Start.State == TcpState.SynSent && trigger.IsSyn && !trigger.IsAck))
            {
                if (end.HasModel) Closes(end, seg);
                end.Model = TcpConnection.Create(end.LocalPort, end.RemotePort, _base);
                end.HasModel = true;
            }
            Commit(side, seg, frame, ns);
            return;
        }
        // A RST the receiver must ignore (outside its window, RFC 9293 §3.10.7.4 first check, RFC 5961
        // §3.2): not a violation, and it changes nothing.
        if (!_j.Taken && seg.IsRst && IgnoredByReceiver(side, seg, ns)) return;
        if (!_j.Taken)
        {
            Fail();
            return;
        }

        // Closed, or closed and opened again (a SYN from CLOSED, a new connection on the same ports).
        if (end.HasModel && !_j.Accepted.State.IsSynchronized()) Closes(end, seg);
        end.Model = new TcpConnection(_j.Accepted);
        end.HasModel = true;
        if (_j.Drop && !end.HoldsOutOfOrder) end.DropsOutOfOrder = true;
        KeepHeld(end);
        TimeRetransmission(side, seg, frame, ns);
        MeasureRoundTrip(side, seg, ns);
        end.Dequeue(_j.AcceptedK);
        end.Owed = _j.Owed;
        if (seg.IsRst) end.Owed.Paid(seg);
        Commit(side, seg, frame, ns);

        if (seg.IsSyn && !seg.IsRst) RecordSyn(side, seg, frame, ns);
        if (seg.IsFin && end.UnseenFin && end.Model.IsFinSent) end.UnseenFin = false; // its FIN seen again: the guess holds

        // RTT at the capture point from the handshake: SYN → SYN+ACK → ACK, each the latest (a
        // retransmitted SYN is the one the SYN+ACK answers, most likely: the first may have been lost).
        if (seg.IsSyn && !seg.IsAck && _synAckNs < 0)
        {
            if (side == TcpSide.A) _synNsA = ns;
            else _synNsB = ns;
        }
        else if (seg.IsSyn && seg.IsAck && _rttNs < 0)
        {
            _synAckNs = ns;
            _synAckSide = side;
            _synNs = side == TcpSide.A ? _synNsB : _synNsA; // the SYN it answers
        }
    }

    /// <summary>An end's connection closes with <paramref name="seg"/>: what it was is kept, for what it sent before and the network delivers late (see <see cref="SentEarlier"/>).</summary>
    private static void Closes(End end, in TcpSegment seg)
    {
        if (end.Model.State == TcpState.SynReceived) end.LastHalfOpen = end.Model; // kept apart: the connection before it may still matter
        if (!end.Model.State.IsSynchronized()) return;
        end.LastOpen = end.Model;
        // What it had received by then: an abort's RST says (RFC 9293 §3.10.7.4 sends it with
        // SEG.ACK = RCV.NXT where it carries an ACK); else as far as what was on its way to it reaches in
        // order (captured before it closed, it may have arrived: an ACK of it, held back, comes later).
        end.LastOpenRcvNxt = seg.IsRst && seg.IsAck && seg.Ack > end.Model.RcvNxt ? seg.Ack : end.ReachableRcvNxt(end.Model.RcvNxt);
    }

    /// <summary>
    /// The round trips at the capture point since the handshake, for <see cref="ArrivalBoundNs"/>,
    /// once the judged segment is taken (before its pending segments leave the queue): a pure ACK
    /// answers what arrived (at once, or within the delayed-ACK timer), so the last pending segment
    /// it needed took that long to come and be answered; an ACK that covers its peer's timed
    /// segment ends that segment's timing; and its sender's own segment may start a timing.
    /// </summary>
    private void MeasureRoundTrip(TcpSide side, in TcpSegment seg, long ns)
    {
        if (seg.IsRst) return;
        End end = this[side], peer = this[Other(side)];
        if (_j.AcceptedK > 0 && seg.IsAck && seg.SegmentLength == 0) _ackRttNs = Math.Max(_ackRttNs, ns - end.At(_j.AcceptedK - 1).TimeNs);
        if (peer.Timing && seg.IsAck && seg.Ack >= peer.TimedEnd)
        {
            _ackRttNs = Math.Max(_ackRttNs, ns - peer.TimedNs);
            peer.Timing = false;
        }
        end.Time(seg, ns);
    }

    /// <summary>
    /// Whether <paramref name="judged"/>'s TSecr shows that <paramref name="p"/>, on its way to the end that
    /// sent it, had not arrived when it was sent. Arriving at the receiver's left edge (<paramref name="rcvNxt"/>)
    /// it would have moved TS.Recent up to its TSval (RFC 7323 §4.3: acceptable, RFC 9293 §3.10.7.4, so
    /// not an old duplicate, which is answered and dropped; and starting at or below Last.ACK.sent,
    /// <paramref name="lastAck"/>, so not one a delayed ACK has yet to cover; Linux's rcv_wup), and an ACK
    /// echoes TS.Recent (§3.2): a TSecr older than its TSval was sent before it came, lost or still on
    /// its way, however long ago it was captured (the new data of a tail loss probe 240 ms after an ACK
    /// that was lost, Linux's PTO with one segment in flight, RFC 8985 §7.2, is not sent after that ACK
    /// arrived). Not where the ACK covers its data: an echo that stays put is seen (Linux's server of a
    /// simultaneous open echoes the ACK that completed it for the connection's life), and an
    /// acknowledgment outweighs it. Asked of each pending segment as it is delivered, against the
    /// receiver as it is then.
    /// </summary>
    private static bool NotYetEchoed(in TcpSegment judged, in TcpSegment p, SeqNum rcvNxt, SeqNum lastAck)
    {
        if (!p.Options.HasTimestamps || p.IsSyn || p.IsRst || (int)(p.Options.TsVal - judged.Options.TsEcr) <= 0) return false;
        if (p.SegmentLength > 0 && judged.Ack > p.Seq) return false; // its ACK says it (or a copy) came: that outweighs an echo
        return p.Seq <= lastAck && (p.SegmentLength == 0 ? p.Seq == rcvNxt : p.Seq + p.SegmentLength > rcvNxt);
    }

    /// <summary>
    /// How long after its capture a segment has arrived or been lost, by the replay's reckoning: four
    /// round trips, the handshake's or the longest seen since (a timed segment's to the ACK that
    /// covered it; the last segment a pure ACK needed, to that ACK): a handshake the network happened
    /// not to delay, as netem's reordering sends a packet at once, says little of the segments after
    /// it. At least 1 ms.
    /// </summary>
    private long ArrivalBoundNs() => 4 * Math.Max(Math.Max(_rttNs, _ackRttNs), 250_000);

    /// <summary>
    /// The model starts from CLOSED / LISTEN: it needs the client's SYN first (a capture that began
    /// mid-connection, or missed the SYN, cannot be replayed, and is not judged).
    /// </summary>
    private bool Started(TcpSide side, in TcpSegment seg)
    {
        if (_started) return true;
        if (side != TcpSide.A || !seg.IsSyn || seg.IsAck)
        {
            _midStream = true;
            _message = "the capture does not show the connection's first SYN: it is not judged";
            _messageChinese = "抓包中没有这条连接的第一个 SYN：无法回放，不作评判";
            return false;
        }
        return _started = true;
    }

    /// <summary>
    /// What explains a segment no delivery order as captured does, cheapest first: a receiver that
    /// drops out-of-order data; away from the capture point, the network (losses, late arrivals,
    /// copies, reordering, segments sent unseen); an earlier guess undone; last, segments on their
    /// way later than <see cref="ArrivalBoundNs"/> allows.
    /// </summary>
    private void ExplainedAway(bool far)
    {
        // A second explanation stays what it is: where its own reading explains a later segment, it is
        // taken before the losses the first one prefers.
        if (_isAlternative && (Mask(_preferred) & KeptReadings) != 0 && TryReadings(far, Mask(_preferred) | Mask(Reading.CopyOfAnAck))) return;
        TryReadings(far, AllReadings);
    }

    /// <summary>Tries the <paramref name="readings"/> of <see cref="Explain"/>, in its order; whether one was taken (<see cref="_taken"/>).</summary>
    private bool TryReadings(bool far, int readings)
    {
        _readings = readings;
        Explain(far);
        _readings = AllReadings;
        _taken = _step;
        return _j.Taken;
    }

    /// <summary>Whether reading <paramref name="r"/> is to be tried: none is taken yet, and it is one of those asked for.</summary>
    private bool Step(Reading r)
    {
        if (_j.Taken) return false;
        _step = r;
        return (_readings & Mask(r)) != 0;
    }

    private void Explain(bool far)
    {
        End end = this[_j.Side];
        TcpSegment seg = _j.Seg;
        // A copy of a segment it sent before, made by the network before the capture point: it changes
        // nothing at its sender. Not a pure ACK: a repeated ACK is what a receiver sends for a hole, and
        // the explanations below, losses first, are kept for it.
        if (Step(Reading.NetworkCopy) && far && (seg.SegmentLength > 0 || seg.IsRst) && end.SentBefore(seg, exactly: true))
        {
            _duplicates = true;
            NothingArrived();
            return;
        }
        // A RST from an end already gone (or gone once what is on its way to it arrived: a RST),
        // answering a segment of its peer that reached it late or twice (reordered or copied after
        // the capture point): what a closed port sends (§3.10.7.1). Or from an end not synchronized,
        // a new connection on the same ports: a late copy's unacceptable ACK gets <SEQ=SEG.ACK><CTL=RST>
        // in SYN-RECEIVED and SYN-SENT (§3.10.7.3, §3.10.7.4).
        if (Step(Reading.AnswersLate) && far && seg.IsRst && (AnswersRecent(_j.Side, _j.Received, seg) || AnswersRecent(_j.Side, _j.Start, seg)))
        {
            _j.AnswersLate = true;
            if (Explained(default)) return;
            _j.AnswersLate = false;
        }
        // A receiver that drops out-of-order data instead of holding it (RFC 9293 §3.10.7.4 lets it: the
        // holding is a SHOULD) acknowledges as if it never came. Tried after holding, without faults and
        // then with them; once seen, that is its way.
        if (Step(Reading.Drops) && !_j.Drop && !end.HoldsOutOfOrder) TryDropping(network: false);
        if (Step(Reading.Network) && far && !ExplainedByTheNetwork() && !_j.Drop) TryDropping(network: true);
        // Or the network held back, before the capture point, a segment it sent before (the same
        // controls; a resent one would differ in its timestamp), the losses that a resent one shows
        // tried first: it changes nothing at its sender. Not one whose timestamp is newer than its
        // sender's latest: that one was sent since, and its fields must be what its sender had then.
        if (Step(Reading.HeldBack) && far && (seg.SegmentLength > 0 || seg.IsRst) && end.SentBefore(seg, exactly: false) && !end.SentAfterNewest(seg)) NothingArrived();
        // Last, away from the capture point, a repeated ACK that nothing seen explains: a copy of a
        // segment the network delivered twice after the capture point, or an earlier reply reordered
        // behind later segments, prompted it.
        if (Step(Reading.PromptedByACopy) && far && !_j.Prompted && _j.Start.State.IsSynchronized())
        {
            _j.Prompted = true;
            Explained(default);
        }
        // Or it is an ACK sent earlier that later segments overtook before the capture point: it
        // changes nothing at its sender now (judged against the sender as it was too: what was pending
        // may have closed it).
        if (Step(Reading.Overtaken) && far && (IsOvertaken(_j.Received, seg) || IsOvertaken(_j.Start, seg))) NothingArrived();
        // A FIN guessed sent unseen was the last byte of data after all: the sender goes on (or its
        // data, reordered, comes now). Kept if nothing explains the segment without it.
        if (Step(Reading.FinUndone) && end.UnseenFin)
        {
            TcpConnection guessed = _j.Start;
            SeqNum finAt = _j.Start.SndNxt - 1;
            if (TryUnsendFin(ref _j.Start) && !Explained(default) && far && !ExplainedByTheNetwork()) SentEarlier(end, finUndone: true);
            if (_j.Taken)
            {
                end.UnseenFin = false;
                end.UnseenFinUndone = true;
                end.UndoneFinAt = finAt;
            }
            else _j.Start = guessed;
        }
        if (Step(Reading.SentEarlier) && far) SentEarlier(end, finUndone: false);
        if (Step(Reading.AnsweredAfresh) && far) AnsweredAfresh();
        if (Step(Reading.CoveredWithLosses) && far) CoveredWithLosses();
        // The bound on how late a segment may come is a reckoning, not a rule: away from the capture
        // point, last of all, what was on its way may have come later still.
        if (Step(Reading.LaterThanTheBound) && far && _j.MinK > 0)
        {
            _j.MinK = 0;
            if (!Explained(default) && !ExplainedByTheNetwork() && !_j.Drop) TryDropping(network: true);
        }
        // Or a pure ACK is a copy of one it sent before, made and held back by the network before the
        // capture point (step 1 leaves pure ACKs to the losses above): it changes nothing at its sender.
        if (Step(Reading.CopyOfAnAck) && far && seg.SegmentLength == 0 && !seg.IsRst && end.SentBefore(seg, exactly: true))
        {
            _duplicates = true;
            NothingArrived();
        }
    }

    /// <summary>
    /// The server's connection is gone (or gone once what is on its way to it arrived), and a copy of
    /// the client's first SYN that the network held back reached its listener, which answers it as a
    /// new connection with a new ISN (RFC 9293 §3.5, figure 9: an old duplicate SYN; §3.10.7.2): the
    /// segment is that SYN,ACK, or, its SYN,ACK lost before the capture point, the ACK the new
    /// connection in SYN-RECEIVED sends for an unacceptable segment (§3.10.7.4, first check).
    /// </summary>
    private void AnsweredAfresh()
    {
        TcpSegment seg = _j.Seg;
        bool synAck = seg.IsSyn && seg.IsAck, unseenSynAck = !seg.IsSyn && !seg.IsFin && seg.IsAck && seg.SegmentLength == 0;
        End end = this[TcpSide.B];
        if (_j.Side != TcpSide.B || _j.Received.State != TcpState.Closed || seg.IsRst || !(synAck || unseenSynAck) ||
            !this[TcpSide.A].FirstSyn(out TcpSegment syn) || syn.IsAck || seg.Ack != syn.Seq + 1)
            return;
        TcpConnection old = _j.Start, fresh;
        if (synAck) fresh = TcpConnection.Listen(end.LocalPort, default, SettingsFrom(seg));
        else if (end.FirstSyn(out TcpSegment first) && first.IsSyn && first.IsAck)
            fresh = TcpConnection.Listen(end.LocalPort, default, SettingsFrom(first)).WithIss(seg.Seq - 1); // the listener's options again
        else return;
        Owed ignored = default;
        Deliver(ref fresh, syn, _j.Ns, seg, ref ignored, Paws.None);
        _j.Start = fresh;
        // Gone only once everything on its way arrived: all of that went to the old connection.
        int pending = _j.Pending, minK = _j.MinK;
        bool all = old.State != TcpState.Closed;
        if (all) _j.Pending = _j.MinK = 0;
        if (!Explained(default)) _j.Start = old;
        else
        {
            if (end.HasModel) Closes(end, seg);
            if (all) _j.AcceptedK = pending;
            if (unseenSynAck) NoteLoss(new InferredLoss(_j.Frame, false, LossPlace.BeforeCapture, seg.Seq - 1, 1, TcpFlags.Syn | TcpFlags.Ack, _j.Frame));
        }
        _j.Pending = pending;
        _j.MinK = minK;
    }

    /// <summary>
    /// Its timestamp says the segment was sent before one of its sender's already captured (TSval
    /// never goes back, RFC 7323 §3), or its sender is closed (it sends nothing but RSTs now): the
    /// network reordered it before the capture point, and it is what the sender could send then,
    /// within what it had sent and received. It changes nothing at its sender now; what was thought
    /// lost before the capture point was only late.
    /// </summary>
    private void SentEarlier(End end, bool finUndone)
    {
        // A closed end sends only RSTs: what else it sends now it sent before it closed (where it
        // carries a timestamp, no later than its latest segment: an abort's RST goes out in the same tick).
        // So does an end whose connection closed and a new one (another ISS) took its ports: the old
        // connection's segments, held back, come after the new one's (what TIME-WAIT guards against,
        // RFC 9293 §3.4.1).
        bool closed = _j.Start.State == TcpState.Closed;
        bool gone = end.LastOpen.State.IsSynchronized() && (closed || _j.Start.Iss != end.LastOpen.Iss);
        bool noLater = !_j.Seg.Options.HasTimestamps || end.SentNoLaterThanNewest(_j.Seg);
        bool beforeClosing = gone && noLater && IsSentEarlier(end.LastOpen, _j.Seg, end.LastOpenRcvNxt);
        // Or the SYN,ACK of a connection reset in SYN-RECEIVED (a listener's, back in LISTEN: it sends
        // nothing of a connection either), held back behind the RST.
        TcpConnection half = end.LastHalfOpen;
        beforeClosing |= half.State == TcpState.SynReceived && noLater && _j.Seg.IsSyn && _j.Seg.IsAck && !_j.Seg.IsRst &&
            IsItsSyn(half, _j.Seg) && (_j.Start.State is TcpState.Closed or TcpState.Listen || _j.Start.Iss != half.Iss);
        bool beforeNewest = !closed && end.SentBeforeNewest(_j.Seg) &&
            (IsSentEarlier(_j.Start, _j.Seg, _j.Start.RcvNxt) || (!finUndone && IsSentEarlier(_j.Received, _j.Seg, _j.Received.RcvNxt)));
        if (!beforeClosing && !beforeNewest) return;
        NothingArrived();
        Unlost(_j.Side, _j.Seg);
    }

    /// <summary>
    /// Tries the explanation <paramref name="faults"/> from the judging's start; when it works, it is
    /// the one taken (the owed replies and the sender after it).
    /// </summary>
    private bool Explained(Faults faults)
    {
        Owed owed = _j.StartOwed;
        owed.Ack = _j.Prompted;
        TcpConnection trial = _j.Start;
        int k = FirstConforming(ref trial, ref owed, out Tcb accepted, faults, trackLast: false);
        if (k < 0) return false;
        _j.AcceptedK = k;
        _j.Accepted = accepted;
        _j.Owed = owed;
        return true;
    }

    /// <summary>Taken as sent before anything pending arrived: the sender is as it was.</summary>
    private void NothingArrived()
    {
        _j.AcceptedK = 0;
        _j.Accepted = _j.Start._tcb;
        _j.Owed = _j.StartOwed;
        _j.Owed.Ack = _j.Prompted;
        _attemptHeldCount = 0;
        _attemptDrops = false;
        ClearHeldUsed(this[_j.Side]);
    }

    /// <summary>
    /// As a receiver that drops: what it was thought to hold it dropped, and any of that may still
    /// arrive (late, in order). Undone if that explains nothing.
    /// </summary>
    private bool TryDropping(bool network)
    {
        End end = this[_j.Side];
        int heldBefore = end.HeldCount, presumedBefore = end.PresumedLostCount;
        _j.Drop = true;
        for (int i = 0; i < heldBefore; i++) end.PresumeLost(end.Held[i], counted: false);
        end.HeldCount = 0;
        if (network ? ExplainedByTheNetwork() : Explained(default)) return true;
        _j.Drop = false;
        end.HeldCount = heldBefore;
        end.PresumedLostCount = presumedBefore;
        return false;
    }

    /// <summary>Where the capture point is away from the sender, the network may explain what no delivery order does: the fewest faults first.</summary>
    private bool ExplainedByTheNetwork()
    {
        End end = this[_j.Side];
        TcpSegment seg = _j.Seg;
        // Segments seen on their way to this end were lost after the capture point.
        LossCandidates(out ulong could, out ulong all);
        ExplainedWithLosses(default, could, all);
        // Or one presumed lost was only held back by the network, and arrives now; else all of them
        // that this acknowledgment covers.
        int covered = 0;
        for (int j = 0; j < end.PresumedLostCount; j++)
            if (CoveredBy(end.PresumedLost[j].Segment, seg)) covered++;
        var late = new Faults();
        for (int j = 0; j < Math.Min(end.PresumedLostCount, 64) && !_j.Taken; j++)
            if (Explained(new Faults { Late = 1UL << j })) late.Late = 1UL << j;
        if (!_j.Taken && covered > 1 && Explained(new Faults { LateCovered = true })) late.LateCovered = true;
        // Or one this end was thought to hold out of order was lost too: a second hole in the window.
        for (int j = 0; j < Math.Min(end.HeldCount, 64) && !_j.Taken; j++)
        {
            ref Pending held = ref end.Held[j];
            if (held.Segment.PayloadLength > 0 && CouldShowLoss(seg, held.Segment) && Explained(new Faults { LostHeld = 1UL << j }))
            {
                NoteLoss(Other(_j.Side), held.Segment, held.Frame, LossPlace.AfterCapture, _j.Frame);
                end.PresumeLost(held, counted: true); // as a pending one lost: it may only be late
            }
        }
        // Or it starts beyond SND.NXT: what this end sent before it never reached the capture point
        // (lost before it; its retransmission may come later). The sender sent it unseen: new data,
        // or, before a pure segment, data and its FIN (more often so than data alone: a sender's
        // last segments are the ACKs of its peer's FIN). What it acknowledges of those presumed
        // lost may have come late, before it sent them.
        SeqNum sndNxt = _j.Start.SndNxt;
        if (!_j.Taken && !seg.IsSyn && !seg.IsRst && seg.Seq > sndNxt)
        {
            // Not again where a FIN guessed before was data after all; beyond it, a FIN may still be guessed.
            if (seg.PayloadLength == 0 && !seg.IsFin && (!end.UnseenFinUndone || seg.Seq - 1 > end.UndoneFinAt) && ExplainedUnseen(Unseen.DataThenFin, covered, ref late))
            {
                NoteUnseen(seg.Seq, fin: true);
                end.UnseenFin = true; // a guess: undone (as data) if the sender goes on sending new data
                end.UnseenFinFrame = _j.Frame;
            }
            else if (ExplainedUnseen(Unseen.Data, covered, ref late)) NoteUnseen(seg.Seq, fin: false);
        }
        // Or it retransmits beyond SND.NXT: the data or FIN it covers there went out unseen before.
        if (!_j.Taken && Covers(seg, sndNxt) && ExplainedUnseen(Unseen.Covered, covered, ref late))
            NoteUnseen(seg.Seq + seg.SegmentLength, fin: seg.IsFin);
        if (_j.Taken && (late.Late != 0 || late.LateCovered))
        {
            int kept = 0;
            for (int j = 0; j < end.PresumedLostCount; j++)
            {
                ref Pending p = ref end.PresumedLost[j];
                if (IsLate(late, j, p.Segment, seg))
                {
                    if (p.Counted) Unlost(p.Frame); // reordered, not lost
                    p.Counted = false;
                    // Received: gone. Dropped again on arrival (out of order at a receiver that drops),
                    // a copy of it may still come (the network duplicates as well as reorders).
                    if (p.Segment.Seq + p.Segment.SegmentLength <= _j.Accepted.RcvNxt) continue;
                }
                end.PresumedLost[kept++] = p;
            }
            end.PresumedLostCount = kept;
        }
        return _j.Taken;
    }

    /// <summary>Sent unseen as <paramref name="unseen"/> says; else so, with those presumed lost that it acknowledges (<paramref name="covered"/>) come late.</summary>
    private bool ExplainedUnseen(Unseen unseen, int covered, ref Faults late)
    {
        if (Explained(new Faults { SentUnseen = unseen })) return true;
        if (covered == 0 || !Explained(new Faults { SentUnseen = unseen, LateCovered = true })) return false;
        late.LateCovered = true;
        return true;
    }

    /// <summary>Whether <c>list[a]</c> comes before <c>list[b]</c> by sequence number (then by place in the list).</summary>
    private static bool Before(Pending[] list, int a, int b)
    {
        SeqNum x = list[a].Segment.Seq, y = list[b].Segment.Seq;
        return x < y || (x == y && a < b);
    }

    /// <summary>
    /// Whether <paramref name="ack"/> acknowledges all of <paramref name="p"/>, so that it may have come late
    /// before it was sent; a segment with no ACK field (a closed port's RST) says nothing against any.
    /// </summary>
    private static bool CoveredBy(in TcpSegment p, in TcpSegment ack) => !ack.IsAck || p.Seq + p.SegmentLength <= ack.Ack;

    /// <summary>Whether <paramref name="faults"/> has the presumed-lost segment <paramref name="p"/> (at <paramref name="j"/>) arrive late before <paramref name="seg"/>.</summary>
    private static bool IsLate(in Faults faults, int j, in TcpSegment p, in TcpSegment seg) =>
        (j < 64 && (faults.Late & (1UL << j)) != 0) || (faults.LateCovered && CoveredBy(p, seg));

    private static bool Covers(in TcpSegment seg, SeqNum sndNxt) =>
        !seg.IsSyn && !seg.IsRst && seg.Seq <= sndNxt && seg.Seq + seg.SegmentLength > sndNxt;

    /// <summary>
    /// The last resort away from the capture point: a retransmission beyond SND.NXT (what it covers
    /// went out unseen) whose sender also never got some of what was on its way to it (an RTO
    /// retransmission from SND.UNA carrying a FIN never captured, its data's ACK lost).
    /// </summary>
    private void CoveredWithLosses()
    {
        SeqNum sndNxt = _j.Start.SndNxt;
        if (!Covers(_j.Seg, sndNxt)) return;
        LossCandidates(out ulong could, out ulong all);
        if (ExplainedWithLosses(new Faults { SentUnseen = Unseen.Covered }, could, all))
            NoteUnseen(_j.Seg.Seq + _j.Seg.SegmentLength, fin: _j.Seg.IsFin);
    }

    /// <summary>The pending segments (bits, the first 64) whose loss the judged segment can show, and all of them.</summary>
    private void LossCandidates(out ulong could, out ulong all)
    {
        End end = this[_j.Side];
        int n = _j.Pending;
        could = 0;
        for (int j = 0; j < Math.Min(n, 64); j++)
            if (CouldShowLoss(_j.Seg, end.At(j).Segment)) could |= 1UL << j;
        all = n >= 64 ? ~0UL : (1UL << n) - 1;
    }

    /// <summary>
    /// <paramref name="faults"/> with pending segments lost after the capture point, the fewest first:
    /// none; one of those whose loss the segment can show (<paramref name="could"/>); all of them, or
    /// all pending (<paramref name="all"/>), then as few as still explain it (an RTO retransmission
    /// from SND.UNA shows that every ACK beyond it was lost). The losses taken are noted.
    /// </summary>
    private bool ExplainedWithLosses(Faults faults, ulong could, ulong all)
    {
        if (faults.SentUnseen != Unseen.None && Explained(faults)) return true; // no loss first (default faults: the caller's plain replay was that)
        ulong lost = 0;
        for (ulong rest = could; rest != 0 && !_j.Taken; rest &= rest - 1)
            if (Explained(faults with { Lost = rest & (~rest + 1) })) lost = rest & (~rest + 1);
        if (!_j.Taken && (((could & (could - 1)) != 0 && Explained(faults with { Lost = lost = could })) || (all != could && Explained(faults with { Lost = lost = all }))))
        {
            for (ulong rest = could; rest != 0; rest &= rest - 1)
                if (Explained(faults with { Lost = lost & ~(rest & (~rest + 1)) })) lost &= ~(rest & (~rest + 1));
            Explained(faults with { Lost = lost }); // the fewest: what is taken
        }
        if (!_j.Taken) return false;
        End end = this[_j.Side];
        for (ulong rest = lost; rest != 0; rest &= rest - 1)
        {
            ref Pending p = ref end.At(BitOperations.TrailingZeroCount(rest));
            NoteLoss(Other(_j.Side), p.Segment, p.Frame, LossPlace.AfterCapture, _j.Frame);
            end.PresumeLost(p, counted: true);
        }
        return true;
    }

    /// <summary>No explanation: the segment is the connection's violation, reported from the sender with everything it could have received.</summary>
    private void Fail()
    {
        TcpSegment seg = _j.Seg;
        Invalid = true;
        _violationFrame = _j.Frame;
        if (_j.HaveLast)
        {
            TcpSendVerdict best = TcpJudge.JudgeSend(_j.Last, seg, Now(_j.Ns), allowOlderAck: false);
            _violation = best.Violation;
            _rule = best.Rule;
            _message = best.Explain(TcpLanguage.English);
            _messageChinese = best.Explain(TcpLanguage.Chinese);
        }
        else
        {
            // Only an unprompted duplicate ACK was possible.
            _violation = TcpViolation.StaleAck;
            _rule = TcpRule.SendAcknowledgment; // an ACK is sent when something arrived (RFC 9293 §3.10.7.4)
            _message = FormattableString.Invariant($"ack={seg.Ack.Value} repeats an acknowledgment with nothing new to acknowledge and no window change: no segment that could prompt it had arrived (RFC 9293 §3.10.7.4)");
            _messageChinese = FormattableString.Invariant($"ack={seg.Ack.Value} 重复了一个确认：没有新的数据要确认，窗口也没有变化；此前没有到达任何能引出它的报文段（RFC 9293 §3.10.7.4）");
        }
        End end = this[_j.Side];
        end.Model = _j.Received;
        end.HasModel = true;
        end.Dequeue(_j.Pending);
    }

    /// <summary>
    /// The second explanation still standing at the end: a FIN guessed sent unseen that no later
    /// segment confirmed (its FIN again) or undid (new data after it) may have been one more byte of
    /// data; its end's final state then is what undoing the FIN gives (RFC 9293 §3.10.4's moves).
    /// </summary>
    private AlternativeExplanation Alternative(TcpState client, TcpState server)
    {
        if (Invalid || _midStream) return default;
        AlternativeExplanation a = AlternativeFor(TcpSide.A, client, server);
        if (!a.Exists) a = AlternativeFor(TcpSide.B, client, server);
        return a.Exists || !_alive ? a : Forked(client, server);
    }

    /// <summary>The second explanation kept alive since a frame (see <see cref="Fork"/>), if no later segment ruled it out and it leaves an end in another state.</summary>
    private AlternativeExplanation Forked(TcpState client, TcpState server)
    {
        ConnectionReplay alt = _spare!;
        if (alt.Invalid) return default;
        TcpState c = alt.State(TcpSide.A), s = alt.State(TcpSide.B);
        if (c == client && s == server) return default; // the same ends, other losses: not worth a reader's time
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return new AlternativeExplanation(alt._forkFrame, c, s,
            string.Format(ci, "two explanations remain from frame {0}: the one above ({1} segment(s) lost in the network), or one with {2} lost that leaves the client {3} and the server {4}; no later segment tells them apart",
                alt._forkFrame, _lossCount, alt._lossCount, c.ToRfcName(), s.ToRfcName()),
            string.Format(ci, "从第 {0} 帧起两种解释都成立：上面的解释（网络丢失 {1} 个报文段），或者网络丢失 {2} 个、客户端处于 {3}、服务器处于 {4} 的解释；之后没有报文段能区分二者",
                alt._forkFrame, _lossCount, alt._lossCount, c.ToRfcName(), s.ToRfcName()));
    }

    private AlternativeExplanation AlternativeFor(TcpSide side, TcpState client, TcpState server)
    {
        End end = this[side];
        if (!end.UnseenFin || !end.HasModel) return default;
        TcpConnection undone = end.Model;
        if (!TryUnsendFin(ref undone) || undone.State == end.Model.State) return default;
        string who = side == TcpSide.A ? "client" : "server", whoZh = side == TcpSide.A ? "客户端" : "服务器";
        TcpState c = side == TcpSide.A ? undone.State : client, s = side == TcpSide.B ? undone.State : server;
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return new AlternativeExplanation(end.UnseenFinFrame, c, s,
            string.Format(ci, "two explanations remain: before frame {0} the {1} sent, unseen, data and its FIN (the states above), or data only ({1} {2}); no later segment tells them apart",
                end.UnseenFinFrame, who, undone.State.ToRfcName()),
            string.Format(ci, "两种解释都成立：第 {0} 帧之前{1}在抓包中看不到地发送了数据和 FIN（即上面的状态），或者只发送了数据（{1}处于 {2}）；之后没有报文段能区分二者",
                end.UnseenFinFrame, whoZh, undone.State.ToRfcName()));
    }

    /// <summary>Notes a SYN or SYN,ACK the end sent, for <see cref="JudgeSynTiming"/> once the capture point is known.</summary>
    private void RecordSyn(TcpSide side, in TcpSegment seg, long frame, long ns)
    {
        End end = this[side], peer = this[Other(side)];
        if (end.SynCount == MaxSyns) return;
        ref SynSent sent = ref Sized(ref end.Syns, MaxSyns)[end.SynCount++];
        sent.Segment = seg;
        sent.Ns = ns;
        sent.Frame = frame;
        sent.Answers = seg.IsAck && peer.SynCount > 1 && peer.LastSynNs > end.LastSynNs; // a SYN sent again came since
        end.LastSynNs = ns;
    }

    /// <summary>
    /// The timing of each SYN and SYN,ACK sent again (RFC 6298 §5.5: each expiry of the retransmission
    /// timer doubles it, from 1 s, §2.1), against the checker's <see cref="TimingProfile"/>: sooner than
    /// its timer allows (with a tenth's tolerance) is early; later (half as long again and 250 ms) is
    /// late, judged only where the sender is known to have been captured (away from it, a copy lost
    /// before the capture point lengthens the gap). The timer runs from the first and from each the
    /// end sent itself, like timed with like (a SYN,ACK after its own SYN, in a simultaneous open,
    /// starts afresh): not from a SYN,ACK that answers a SYN sent again (RFC 9293 §3.10.7.4; Linux
    /// answers at once, and its request timer backs off by its own expiries, reqsk_timer_handler); nor,
    /// unless the sender is known to be captured, from an exact copy (the network's) or one with an
    /// older timestamp than the latest (held back by the network). The earliest finding is kept.
    /// </summary>
    private TimingFinding JudgeSynTiming() => Earliest(SynTimingOf(TcpSide.A), SynTimingOf(TcpSide.B));

    private static TimingFinding Earliest(TimingFinding a, TimingFinding b) =>
        a.Kind == TimingKind.None || (b.Kind != TimingKind.None && b.Frame < a.Frame) ? b : a;

    /// <summary>
    /// A closed port's RST (RFC 9293 §3.10.7.1) from an end in TIME-WAIT, answering a FIN or an ACK
    /// without data, says its TIME-WAIT was over; sooner than 2·MSL allows (§3.10.7.4, restarted by a
    /// FIN sent again; Linux: 60 s, <c>TCP_TIMEWAIT_LEN</c>), less a tenth, is <c>early</c>. Judged
    /// wherever the capture was taken: the RST left its end no later than it was captured, and the
    /// model entered TIME-WAIT no later than that end did. Not timed: a RST answering data (RFC 1122
    /// §4.2.2.13 lets a closed end answer new data so at any time), and one from FIN-WAIT-2, which may
    /// be the user's ABORT (§3.10.5 sends the same <c>&lt;SEQ=SND.NXT&gt;&lt;CTL=RST&gt;</c>) as well
    /// as the reply of a port whose orphaned socket timed out (Linux's <c>tcp_fin_timeout</c>).
    /// </summary>
    private void TimeClosedPortReply(TcpSide side, in TcpSegment trigger, long frame, long ns)
    {
        End end = this[side];
        if (_timing.Kind != TimingKind.None || !end.HasModel || trigger.PayloadLength > 0) return;
        ref readonly Tcb t = ref end.Model._tcb;
        if (t.State != TcpState.TimeWait || t.TimeWaitAt == Tcb.NoDeadline) return;
        long length = 2 * t.Settings.Msl.Ticks, left = t.TimeWaitAt - Now(ns).Ticks;
        if (left <= length / 10) return;
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        double after = (length - left) / (double)TimeSpan.TicksPerSecond, full = length / (double)TimeSpan.TicksPerSecond;
        _timing = new TimingFinding(TimingKind.Early, frame, "RFC 9293 §3.10.7.4",
            string.Format(ci, "a RST answers as a closed port {0:0.###} s into TIME-WAIT, early: TIME-WAIT lasts 2·MSL = {1:0.###} s from the last FIN it acknowledged (RFC 9293 §3.10.7.4; Linux: 60 s, TCP_TIMEWAIT_LEN)", after, full),
            string.Format(ci, "进入 TIME-WAIT {0:0.###} 秒后就像关闭的端口一样回复 RST，太早：TIME-WAIT 应从最后确认的 FIN 起持续 2·MSL = {1:0.###} 秒（RFC 9293 §3.10.7.4；Linux 为 60 秒，TCP_TIMEWAIT_LEN）", after, full));
    }

    /// <summary>
    /// Times data and FINs sent again, once the judged segment is taken (before its sender's highest
    /// sequence number counts it): where the sender is known to be captured, a retransmission that
    /// comes later than its retransmission timer allows is <c>late</c>. The timer runs from the
    /// sender's latest data or FIN, or its peer's latest ACK of new data (RFC 6298 §5.1, §5.3; a
    /// later start than the RFC's is a looser bound), and only while something is unacknowledged: a
    /// keep-alive probe (RFC 9293 §3.8.4) after everything was acknowledged is not timed, nor a window
    /// probe while the peer offers no window (§3.8.6.1, the persist timer). Its timeout is at most the
    /// larger of RFC 6298's 1 s (§2.4; 3 s once its SYN was sent again, §5.7) and four round trips at
    /// the capture point plus Linux's 200 ms minimum (TCP_RTO_MIN; RFC 6298 §2.3's SRTT + 4·RTTVAR with
    /// the variance that far), doubled at each retransmission of the oldest unacknowledged byte (§5.5;
    /// counting fast retransmits too only loosens it) up to the larger of the settings' maximum and
    /// Linux's 120 s (TCP_RTO_MAX). Late is half as long again and 250 ms, as for a SYN. Sooner is not
    /// judged: fast retransmit (RFC 5681 §3.2), RACK and tail loss probes (RFC 8985) all come before
    /// the timer, by design.
    /// </summary>
    private void TimeRetransmission(TcpSide side, in TcpSegment seg, long frame, long ns)
    {
        if (seg.IsRst) return;
        End end = this[side], peer = this[Other(side)];
        // Its ACK of new data restarts the peer's timer (RFC 6298 §5.3).
        if (seg.IsAck && (!peer.HasUna || seg.Ack > peer.Una))
        {
            peer.Una = seg.Ack;
            peer.HasUna = true;
            peer.Backoff = 0;
            peer.RtoFromNs = ns;
        }
        if (seg.IsSyn || (seg.PayloadLength == 0 && !seg.IsFin)) return;
        bool again = end.SentSequence && seg.Seq < end.HighestEnd;
        bool outstanding = end.HasUna && end.Una < end.HighestEnd;
        if (again && outstanding && _timing.Kind == TimingKind.None && CapturedAt(side) && peer.SentAny && peer.LastWindow != 0)
        {
            long rttNs = Math.Max(Math.Max(_rttNs, _ackRttNs), 0);
            // Once its SYN (or SYN,ACK) had to be sent again, the timeout starts at 3 s (RFC 6298 §5.7), and
            // the answer's timestamp may time the handshake from the first (RFC 7323 §4.1; Linux does).
            if (end.SynCount > 1 && _rttNs >= 0)
                rttNs = Math.Max(rttNs, (side == _synAckSide ? _synNs + _rttNs : _synAckNs) - end.Syns[0].Ns);
            double rtt = rttNs / 1e9;
            double first = Math.Max(end.SynCount > 1 ? 3 : _base.InitialRto.TotalSeconds, 4 * rtt + 0.2), max = Math.Max(_base.MaxRto.TotalSeconds, 120);
            double timeout = Math.Min(first * Math.Pow(2, end.Backoff), max), gap = (ns - end.RtoFromNs) / 1e9;
            if (gap > timeout * 1.5 + 0.25)
            {
                var ci = System.Globalization.CultureInfo.InvariantCulture;
                string what = seg.PayloadLength > 0 ? (seg.IsFin ? "data and FIN" : "data") : "FIN", whatZh = seg.PayloadLength > 0 ? (seg.IsFin ? "数据和 FIN" : "数据") : "FIN";
                _timing = new TimingFinding(TimingKind.Late, frame, "RFC 6298 §5.4",
                    string.Format(ci, "{0} (seq={1}) sent again {2:0.###} s after its sender's last data or its peer's last ACK of new data, late: with {3} unacknowledged its retransmission timer expires after at most {4:0.###} s (RFC 6298 §2, §5.4, §5.5)",
                        what, seg.Seq, gap, end.Una < seg.Seq ? "earlier data" : "it", timeout),
                    string.Format(ci, "{0}（seq={1}）在发送方上一次发送数据或对端上一次确认新数据之后 {2:0.###} 秒才重传，太晚：仍有未确认的数据时，重传计时器至多 {3:0.###} 秒就超时（RFC 6298 §2、§5.4、§5.5）",
                        whatZh, seg.Seq, gap, timeout));
            }
        }
        if (again && end.HasUna && seg.Seq == end.Una) end.Backoff++;
        end.RtoFromNs = ns;
    }

    private TimingFinding SynTimingOf(TcpSide side)
    {
        End end = this[side];
        bool captured = CapturedAt(side), have = false;
        TcpSegment last = default;
        long timerNs = 0;
        int n = 0;
        for (int i = 0; i < end.SynCount; i++)
        {
            ref SynSent sent = ref end.Syns[i];
            TcpSegment seg = sent.Segment;
            if (have && !captured && (seg == last ||
                (seg.Options.HasTimestamps && last.Options.HasTimestamps && (int)(seg.Options.TsVal - last.Options.TsVal) < 0)))
                continue;
            if (have && (last.IsAck != seg.IsAck || last.Seq != seg.Seq)) n = 0; // a new ISN: a new connection's, not a retransmission
            last = seg;
            have = true;
            if (sent.Answers) continue;
            if (n > 0)
            {
                TimingFinding f = JudgeSynGap(side, seg.IsAck, n, (sent.Ns - timerNs) / 1e9, sent.Frame);
                if (f.Kind != TimingKind.None) return f;
            }
            timerNs = sent.Ns;
            n++;
        }
        return default;
    }

    /// <summary>Retransmission <paramref name="n"/> of a SYN (or SYN,ACK), <paramref name="gap"/> seconds after the one before: early, late, or on time.</summary>
    private TimingFinding JudgeSynGap(TcpSide side, bool synAck, int n, double gap, long frame)
    {
        double initial = _base.InitialRto.TotalSeconds, max = _base.MaxRto.TotalSeconds;
        double doubling = Math.Min(initial * Math.Pow(2, n - 1), max);
        // Linux 6.5+ (tcp_syn_linear_timeouts = 4): a SYN is sent again after 1 s five times, then doubling.
        double linear = n <= 5 ? initial : Math.Min(initial * Math.Pow(2, n - 5), max);
        bool linux = _settings.Timing == TimingProfile.Linux;
        double soonest = linux && !synAck ? Math.Min(doubling, linear) : doubling, latest = linux && !synAck ? Math.Max(doubling, linear) : doubling;
        string what = synAck ? "SYN,ACK" : "SYN";
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        if (gap < soonest * 0.9)
        {
            bool onlyRfc = !linux && !synAck && Math.Abs(gap - linear) <= linear * 0.1;
            return new TimingFinding(TimingKind.Early, frame, "RFC 6298 §5.5",
                string.Format(ci, "{0} sent again {1:0.###} s after the previous one, early: its retransmission timer doubles at each expiry from {2:0.###} s, {3:0.###} s for retransmission {4} (RFC 6298 §5.5){5}",
                    what, gap, initial, doubling, n, onlyRfc ? "; Linux 6.5+ keeps 1 s for the first five (tcp_syn_linear_timeouts), a departure from the RFC" : ""),
                string.Format(ci, "{0} 在上一次之后 {1:0.###} 秒就重传，太早：重传计时器每次超时加倍，从 {2:0.###} 秒起，第 {4} 次重传应等 {3:0.###} 秒（RFC 6298 §5.5）{5}",
                    what, gap, initial, doubling, n, onlyRfc ? "；Linux 6.5 起前五次都等 1 秒（tcp_syn_linear_timeouts），这是对 RFC 的偏离" : ""));
        }
        if (CapturedAt(side) && gap > latest * 1.5 + 0.25)
        {
            return new TimingFinding(TimingKind.Late, frame, "RFC 6298 §5.5",
                string.Format(ci, "{0} sent again {1:0.###} s after the previous one, late: its retransmission timer expires after {2:0.###} s for retransmission {3} (RFC 6298 §2.1, §5.5)", what, gap, latest, n),
                string.Format(ci, "{0} 在上一次之后 {1:0.###} 秒才重传，太晚：第 {3} 次重传的计时器在 {2:0.###} 秒后就超时（RFC 6298 §2.1、§5.5）", what, gap, latest, n));
        }
        return default;
    }

    /// <summary>Whether a SACK block lies above the segment's ACK: its sender holds data that came out of order (RFC 2018 §4; a D-SACK block lies below, RFC 2883).</summary>
    private static bool ReportsHeld(in TcpSegment seg, in SackBlocks sack)
    {
        if (!seg.IsAck || seg.IsRst) return false;
        for (int i = 0; i < sack.Count; i++)
            if (sack[i].Left > seg.Ack) return true;
        return false;
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
    /// Delivers the sender's pending segments one by one to <paramref name="cand"/> (all but those
    /// <paramref name="faults"/> lost; the late ones first) and returns how many had to arrive for the
    /// judged segment to be one it could send then, or −1 (then <paramref name="cand"/> has received
    /// all of them). With <paramref name="trackLast"/>, the judging's <c>Last</c> is where no order
    /// worked.
    /// </summary>
    private int FirstConforming(ref TcpConnection cand, ref Owed owed, out Tcb accepted, Faults faults, bool trackLast)
    {
        End end = this[_j.Side];
        TcpSegment seg = _j.Seg;
        long ns = _j.Ns;
        int n = _j.Pending;
        accepted = default;
        ClearHeldUsed(end);
        for (ulong rest = faults.LostHeld; rest != 0; rest &= rest - 1)
            _heldUsed[BitOperations.TrailingZeroCount(rest)] = true; // held segments lost after all: never handed over
        _attemptDrops = _j.Drop;
        int lastLost = 63 - BitOperations.LeadingZeroCount(faults.Lost); // −1: none
        _attemptHeldCount = 0;
        TcpConnection gapped = default; // with SentUnseen: cand after sending the gap
        Paws paws = PawsFor(_j.Side);
        // Segments presumed lost arrive after all, before the ones pending now, in sequence order.
        for (int prev = -1; faults.Late != 0 || faults.LateCovered;)
        {
            int first = -1; // the next by (sequence number, index) after prev
            for (int j = 0; j < end.PresumedLostCount; j++)
            {
                if (!IsLate(faults, j, end.PresumedLost[j].Segment, seg)) continue;
                if (prev >= 0 && !Before(end.PresumedLost, prev, j)) continue;
                if (first < 0 || Before(end.PresumedLost, j, first)) first = j;
            }
            if (first < 0) break;
            prev = first;
            ref Pending late = ref end.PresumedLost[first];
            // Out of order still, a receiver that holds holds it (it is no longer presumed lost: it came).
            if (!_attemptDrops && IsOutOfOrder(cand, late.Segment) && end.HeldCount + _attemptHeldCount < MaxHeld)
            {
                TakeAckOfHeld(ref cand, late.Segment, ns, seg, ref owed, paws);
                AttemptHolds(late);
                owed.Ack = true;
                continue;
            }
            Deliver(ref cand, late.Segment, ns, seg, ref owed, paws);
            HandOverHeld(end, ref cand, ns, seg, ref owed);
        }
        bool unechoedCame = false; // one the judged segment's TSecr says had not come (see NotYetEchoed)
        for (int k = 0; k <= n; k++)
        {
            if (k > 0 && (k > 64 || (faults.Lost & (1UL << (k - 1))) == 0))
            {
                ref Pending p = ref end.At(k - 1);
                bool outOfOrder = IsOutOfOrder(cand, p.Segment);
                if (outOfOrder && IsPawsRejected(ref owed, cand, p.Segment, paws))
                {
                    // An old duplicate: answered, neither held nor delivered.
                }
                else if (outOfOrder && end.HeldCount + _attemptHeldCount < MaxHeld)
                {
                    TakeAckOfHeld(ref cand, p.Segment, Math.Max(p.TimeNs, end.LastSentNs), seg, ref owed, paws);
                    AttemptHolds(p); // held: it waits for the hole before it
                    owed.Ack = true; // RFC 5681 §4.2: an out-of-order segment is answered with an immediate ACK
                }
                else
                {
                    // It arrived when it was captured or later, and after this end's latest segment left
                    // (the time its timers and rate limits run by).
                    long at = Math.Max(p.TimeNs, end.LastSentNs);
                    unechoedCame |= _j.EchoSays && NotYetEchoed(seg, p.Segment, cand.RcvNxt, end.LastAck);
                    Deliver(ref cand, p.Segment, at, seg, ref owed, paws);
                    HandOverHeld(end, ref cand, at, seg, ref owed);
                }
            }
            if (k < _j.MinK || k <= lastLost || unechoedCame) continue;
            if (seg.IsRst && (owed.OwesRst(seg) || (_j.AnswersLate && AnswersRecent(_j.Side, cand, seg))))
            {
                accepted = cand._tcb;
                return k;
            }
            if (faults.SentUnseen != Unseen.None)
            {
                // What the sender sent before this segment, unseen, after what it has received by now.
                gapped = cand;
                if (!TrySendUnseen(ref gapped, seg, Now(ns), faults.SentUnseen)) continue;
            }
            ref readonly Tcb judged = ref (faults.SentUnseen != Unseen.None ? ref gapped._tcb : ref cand._tcb);
            if (Machine.TryConforming(judged, seg, Now(ns), allowOlderAck: false, out accepted, out TcpSendKind kind, out _, out _))
            {
                // A pure ACK that acknowledges nothing new and updates no window is a reply: something must
                // have arrived. Not asked of one that follows segments sent unseen: what it answers is as
                // unseen as they are.
                bool untriggered = kind == TcpSendKind.Ack && !owed.Ack && faults.SentUnseen == Unseen.None && end.SentAny &&
                    seg.Ack == end.LastAck && SameWindow(accepted, seg, end.LastWindow);
                if (!untriggered) return k;
                continue;
            }
            // Report what is wrong once everything the sender could have received has arrived.
            if (trackLast)
            {
                _j.Last = cand;
                _j.HaveLast = true;
            }
        }
        accepted = default;
        return -1;
    }

    /// <summary><paramref name="array"/>, made <paramref name="length"/> long the first time it is written.</summary>
    private static T[] Sized<T>(ref T[] array, int length) => array.Length == 0 ? array = new T[length] : array;

    /// <summary>The window <paramref name="s"/> offers, in bytes: scaled by its sender's shift, except in a SYN (RFC 7323 §2.2).</summary>
    private static uint OfferedWindow(in Tcb sender, in TcpSegment s) => s.IsSyn ? s.Window : (uint)s.Window << sender.RcvShift;

    /// <summary>
    /// <paramref name="s"/> offers the window its sender offered last, to within what its scale can say: a
    /// SYN,ACK's unscaled 65160 is the 509 × 128 of the ACK after it, not a window update.
    /// </summary>
    private static bool SameWindow(in Tcb sender, in TcpSegment s, uint last)
    {
        uint w = OfferedWindow(sender, s), unit = s.IsSyn ? 1u : 1u << sender.RcvShift;
        return (w > last ? w - last : last - w) < unit;
    }

    /// <summary>
    /// Whether <paramref name="c"/> would drop <paramref name="s"/> as out of order: data or a FIN beyond
    /// RCV.NXT (in SYN-RECEIVED, one whose ACK completes the handshake: see <see cref="TakeAckOfHeld"/>).
    /// </summary>
    private static bool IsOutOfOrder(in TcpConnection c, in TcpSegment s) =>
        (c.State is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 || (c.State == TcpState.SynReceived && s.IsAck)) &&
        (s.PayloadLength > 0 || s.IsFin) && !s.IsSyn && !s.IsRst && s.Seq > c.RcvNxt;

    /// <summary>
    /// A segment held out of order in SYN-RECEIVED: its ACK completes the handshake as it arrives
    /// (RFC 9293 §3.10.7.4 checks the ACK field before the text; Linux makes the socket then and
    /// queues the data out of order), and only its text waits for the hole.
    /// </summary>
    private void TakeAckOfHeld(ref TcpConnection c, in TcpSegment s, long ns, in TcpSegment observed, ref Owed owed, Paws paws)
    {
        if (c.State == TcpState.SynReceived)
            Deliver(ref c, s.WithPayloadLength(0).WithFlags(s.Flags & ~(TcpFlags.Fin | TcpFlags.Psh)), ns, observed, ref owed, paws);
    }

    /// <summary>Hands the held segments that now start at or before RCV.NXT to <paramref name="c"/>, in sequence order, until none does.</summary>
    private void HandOverHeld(End end, ref TcpConnection c, long ns, in TcpSegment observed, ref Owed owed)
    {
        if (_attemptDrops || (end.HeldCount == 0 && _attemptHeldCount == 0)) return;
        while (true)
        {
            int best = -1;
            bool bestIsKept = false;
            SeqNum bestSeq = default;
            for (int i = 0; i < end.HeldCount; i++)
            {
                if (_heldUsed[i]) continue;
                SeqNum q = end.Held[i].Segment.Seq;
                if (q <= c.RcvNxt && (best < 0 || q < bestSeq)) { best = i; bestIsKept = true; bestSeq = q; }
            }
            for (int i = 0; i < _attemptHeldCount; i++)
            {
                if (_attemptHeldUsed[i]) continue;
                SeqNum q = _attemptHeld[i].Segment.Seq;
                if (q <= c.RcvNxt && (best < 0 || q < bestSeq)) { best = i; bestIsKept = false; bestSeq = q; }
            }
            if (best < 0) return;
            if (bestIsKept)
            {
                _heldUsed[best] = true;
                Deliver(ref c, end.Held[best].Segment, ns, observed, ref owed, Paws.None);
            }
            else
            {
                Deliver(ref c, _attemptHeld[best].Segment, ns, observed, ref owed, Paws.None);
                _attemptHeldUsed[best] = true;
            }
        }
    }

    /// <summary>Nothing held by <paramref name="end"/> is handed over yet (at the start of an attempt).</summary>
    private void ClearHeldUsed(End end)
    {
        if (end.HeldCount > 0) Array.Clear(Sized(ref _heldUsed, MaxHeld), 0, end.HeldCount);
    }

    /// <summary>The attempt's receiver holds <paramref name="p"/> out of order, until the hole before it is filled.</summary>
    private void AttemptHolds(in Pending p)
    {
        Sized(ref _attemptHeldUsed, MaxHeld)[_attemptHeldCount] = false;
        Sized(ref _attemptHeld, MaxHeld)[_attemptHeldCount++] = p;
    }

    /// <summary>After the latest attempt is taken: its receiver keeps what it still holds (before the pending queue is dequeued).</summary>
    private void KeepHeld(End end)
    {
        if (_attemptDrops)
        {
            // The receiver dropped what it would have held (nothing is held once it is known to drop);
            // any of it may come again later (reordering).
            for (int i = 0; i < _attemptHeldCount; i++)
                if (!_attemptHeldUsed[i]) end.PresumeLost(_attemptHeld[i], counted: false);
            end.HeldCount = 0;
        }
        else
        {
            int kept = 0;
            Pending[] held = end.HeldCount + _attemptHeldCount == 0 ? end.Held : Sized(ref end.Held, MaxHeld);
            for (int i = 0; i < end.HeldCount; i++)
                if (!_heldUsed[i]) held[kept++] = held[i];
            for (int i = 0; i < _attemptHeldCount; i++)
                if (!_attemptHeldUsed[i] && kept < MaxHeld) held[kept++] = _attemptHeld[i];
            end.HeldCount = kept;
        }
        _attemptHeldCount = 0;
        _attemptDrops = false;
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

    /// <summary>The site seen from the other end: a SYN,ACK the client sent (a simultaneous open) swaps the two ends' parts in <see cref="InferSite"/>.</summary>
    private static CaptureSite Mirrored(CaptureSite site, bool mirror) => !mirror ? site : site switch
    {
        CaptureSite.Client => CaptureSite.Server,
        CaptureSite.Server => CaptureSite.Client,
        _ => site,
    };

    /// <summary>
    /// Whether the capture point is away from <paramref name="side"/>: then a segment captured on its
    /// way to it may have been lost after the capture point, and one it sent may have been lost before
    /// it. Not at that end (what it sent and received there is what it sent and received), nor on one
    /// host, nor when the point is unknown (no handshake timing yet: judged strictly; but a server whose RST to a SYN came late is far).
    /// </summary>
    private bool FarFrom(TcpSide side) => _site switch
    {
        CaptureSite.Client => side == TcpSide.B,
        CaptureSite.Server => side == TcpSide.A,
        CaptureSite.Middle => true,
        _ => side == TcpSide.B && _serverFar,
    };

    /// <summary>Whether the capture point is known to be at <paramref name="side"/> (or on its host): every segment it sent is in the capture.</summary>
    private bool CapturedAt(TcpSide side) => _site == CaptureSite.Both || _site == (side == TcpSide.A ? CaptureSite.Client : CaptureSite.Server);

    /// <summary>
    /// Whether <paramref name="seg"/> is a pure ACK that <paramref name="c"/> (having received all it
    /// could have) may have sent before its latest segments: its sequence number within what it has
    /// sent, its acknowledgment within what it has received, one of them short of the latest. The
    /// network reordered it.
    /// </summary>
    private static bool IsOvertaken(in TcpConnection c, in TcpSegment seg) =>
        seg.IsAck && seg.SegmentLength == 0 && IsSentEarlier(c, seg, c.RcvNxt) && (seg.Seq != c.SndNxt || seg.Ack != c.RcvNxt);

    /// <summary>
    /// Whether <paramref name="c"/> may have sent <paramref name="seg"/> (no RST) at some point before
    /// now: its sequence range within what it has sent (a FIN where its FIN is), its acknowledgment
    /// within what it has received (up to <paramref name="rcvNxt"/>); or, a SYN or SYN,ACK, its ISN and (with the ACK) the peer's ISN
    /// + 1: in a simultaneous open an end sends both (RFC 9293 §3.5, figure 8), and the replay, having
    /// seen only the SYN,ACK, took it for a listener.
    /// </summary>
    private static bool IsSentEarlier(in TcpConnection c, in TcpSegment seg, SeqNum rcvNxt) =>
        !seg.IsRst && c.State.IsSynchronized() && (seg.IsSyn
            ? IsItsSyn(c, seg)
            : seg.Seq > c.Iss && seg.Seq + seg.SegmentLength <= c.SndNxt &&
              (!seg.IsFin || (c.IsFinSent && seg.Seq + seg.SegmentLength == c.SndNxt)) &&
              (!seg.IsAck || (seg.Ack > c.Irs && seg.Ack <= rcvNxt)));

    /// <summary>Whether the SYN (or SYN,ACK) <paramref name="seg"/> is <paramref name="c"/>'s: its ISN and, with the ACK, the peer's ISN + 1.</summary>
    private static bool IsItsSyn(in TcpConnection c, in TcpSegment seg) =>
        seg.Seq == c.Iss && seg.SegmentLength == 1 && (!seg.IsAck || seg.Ack == c.Irs + 1);

    /// <summary>
    /// Whether <paramref name="seg"/> could be the evidence that <paramref name="pending"/> was lost: a
    /// cumulative acknowledgment that stops where it starts (RFC 5681 §3.2: the receiver acknowledges
    /// up to the hole), or a control segment (SYN, FIN, RST, or a pure ACK) whose loss leaves the peer
    /// where it was.
    /// </summary>
    private static bool CouldShowLoss(in TcpSegment seg, in TcpSegment pending) =>
        (seg.IsAck && pending.SegmentLength > 0 && seg.Ack == pending.Seq) ||
        pending.IsRst || (pending.Flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0 || pending.SegmentLength == 0;

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
        ref Tcb t = ref Unsafe.AsRef(in c._tcb);
        TcpSegment unseen = default;
        Span<TcpSegment> one = MemoryMarshal.CreateSpan(ref unseen, 1);
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
        ref Tcb t = ref Unsafe.AsRef(in c._tcb);
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

    /// <summary>A segment <paramref name="sender"/> sent, lost where <paramref name="place"/> says, as frame <paramref name="shownBy"/> shows.</summary>
    private void NoteLoss(TcpSide sender, in TcpSegment lost, long frame, LossPlace place, long shownBy) =>
        NoteLoss(new InferredLoss(frame, sender == TcpSide.A, place, lost.Seq, (int)lost.SegmentLength, lost.Flags, shownBy));

    /// <summary>What the judged segment's sender sent unseen, from SND.NXT up to <paramref name="to"/> (its FIN the last of it with <paramref name="fin"/>): lost before the capture point.</summary>
    private void NoteUnseen(SeqNum to, bool fin)
    {
        SeqNum from = _j.Start.SndNxt;
        NoteLoss(new InferredLoss(_j.Frame, _j.Side == TcpSide.A, LossPlace.BeforeCapture, from, (int)(to - from), fin ? TcpFlags.Ack | TcpFlags.Fin : TcpFlags.Ack, _j.Frame));
    }

    private void NoteLoss(in InferredLoss loss)
    {
        _lossCount++;
        if (_firstLossFrame == 0) _firstLossFrame = loss.Frame;
        if (_lossesKept < MaxLossesKept) Sized(ref _losses, MaxLossesKept)[_lossesKept++] = loss;
    }

    /// <summary>The segment of <paramref name="frame"/>, presumed lost, arrived after all (held back by the network): no loss.</summary>
    private void Unlost(long frame, LossPlace place = LossPlace.AfterCapture)
    {
        _lossCount--;
        for (int i = 0; i < _lossesKept; i++)
        {
            if (_losses[i].Frame != frame || _losses[i].Place != place) continue;
            Array.Copy(_losses, i + 1, _losses, i, _lossesKept - i - 1);
            _lossesKept--;
            break;
        }
    }

    /// <summary>What <paramref name="sender"/> was thought to have sent unseen, lost before the capture point, is <paramref name="seg"/> (its sequence range), only late: no loss.</summary>
    private void Unlost(TcpSide sender, in TcpSegment seg)
    {
        for (int i = 0; i < _lossesKept; i++)
        {
            ref InferredLoss l = ref _losses[i];
            if (l.Place != LossPlace.BeforeCapture || l.FromClient != (sender == TcpSide.A) || l.Seq != seg.Seq || l.Length != seg.SegmentLength) continue;
            Unlost(l.Frame, LossPlace.BeforeCapture);
            return;
        }
    }

    /// <summary>The segment was sent: the sender's advertised window and latest ACK, and the segment queued for its peer.</summary>
    private void Commit(TcpSide side, in TcpSegment seg, long frame, long ns)
    {
        End end = this[side], peer = this[Other(side)];
        if (end.HasModel && !seg.IsSyn && !seg.IsRst && end.Model.State != TcpState.Closed)
        {
            // What WithReceiveWindow does, in place: the window the endpoint advertised is its buffer.
            ref Tcb t = ref Unsafe.AsRef(in end.Model._tcb);
            t.RcvBufferSize = ((uint)seg.Window << t.RcvShift) + t.RcvBuffered;
        }
        end.LastSentNs = ns;
        end.Remember(seg);
        if (!seg.IsRst)
        {
            end.Owed.Ack = false;
            end.SentAny = true;
            end.LastAck = seg.Ack;
            end.LastWindow = OfferedWindow(end.Model._tcb, seg);
        }
        if (peer.Count == QueueCapacity)
        {
            // Too much in flight to keep: the oldest must have arrived by now.
            ref Pending old = ref peer.At(0);
            Deliver(ref Materialize(Other(side), old.Segment), old.Segment, old.TimeNs, default, ref peer.Owed, PawsFor(Other(side)));
            peer.Dequeue(1);
        }
        peer.Enqueue(seg, frame, ns);
    }

    /// <summary>
    /// A RST that a port without a socket sent in answer to one of the peer's segments (RFC 9293
    /// §3.10.7.1): it does not come from this end's connection, whose state it leaves alone.
    /// </summary>
    private bool TryClosedPortReply(TcpSide side, in TcpSegment seg, out TcpSegment trigger)
    {
        trigger = default;
        End end = this[side];
        for (int i = end.Count - 1; i >= 0; i--)
        {
            if (!ClosedPortAnswers(end, end.At(i).Segment, seg)) continue;
            trigger = end.At(i).Segment;
            end.RemoveAt(i); // the segment went to the closed port, not to this end's connection
            return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="rst"/> is what <paramref name="at"/> (an end of <paramref name="side"/>) answers to one of the latest segments its peer sent.</summary>
    private bool AnswersRecent(TcpSide side, in TcpConnection at, in TcpSegment rst)
    {
        End end = this[side], peer = this[Other(side)];
        if (at.State.IsSynchronized()) return false; // a synchronized end answers with an ACK, never a RST (§3.10.7.4)
        for (int i = 0; i < peer.RecentCount; i++)
            if (at.State == TcpState.Closed ? ClosedPortAnswers(end, peer.Recent(i), rst) : Answers(at, peer.Recent(i), rst)) return true;
        return false;
    }

    /// <summary>Whether a port of <paramref name="end"/> without a socket answers <paramref name="arriving"/> with <paramref name="rst"/> (RFC 9293 §3.10.7.1, from the model's CLOSED state).</summary>
    private bool ClosedPortAnswers(End end, in TcpSegment arriving, in TcpSegment rst) =>
        Answers(TcpConnection.Create(end.LocalPort, end.RemotePort, _base), arriving, rst);

    /// <summary>Whether <paramref name="at"/> answers <paramref name="arriving"/> with <paramref name="rst"/>.</summary>
    private bool Answers(TcpConnection at, in TcpSegment arriving, in TcpSegment rst)
    {
        Span<TcpSegment> sent = _sent;
        TcpOutcome o = TcpConnection.ApplyInPlace(ref at, TcpEvent.Arrive(arriving), TimeSpan.Zero, sent);
        for (int j = 0; j < o.SegmentCount; j++)
            if (TcpJudge.SameControl(sent[j], rst)) return true;
        return false;
    }

    /// <summary>Whether the peer, having received everything this end sent before, would drop this RST without changing state.</summary>
    private bool IgnoredByReceiver(TcpSide side, in TcpSegment seg, long ns)
    {
        End peer = this[Other(side)];
        if (!peer.HasModel) return false;
        TcpConnection c = peer.Model;
        Owed ignored = default;
        for (int i = 0; i < peer.Count; i++) Deliver(ref c, peer.At(i).Segment, ns, default, ref ignored, PawsFor(Other(side)));
        TcpState before = c.State;
        TcpTransition t = c.OnSegment(seg, Now(ns));
        return t.Connection.State == before && before is not (TcpState.Closed or TcpState.Listen) && t.Connection.RcvNxt == c.RcvNxt;
    }

    /// <summary>
    /// End of the capture: whatever was sent arrives, in capture order — except, where the capture
    /// point lets it have been lost after the capture, a segment that would have made its receiver owe
    /// an answer the capture never shows (RFC 9293 §3.10.7.4: an ACK for data or a FIN). Its receiver
    /// did not get it: lost, or still on its way at the end; lost (counted) when the capture went on
    /// for longer than the receiver needed to answer.
    /// </summary>
    private void Finish()
    {
        if (Invalid || _midStream) return;
        long bound = _rttNs < 0 ? 0 : ArrivalBoundNs();
        while (_a.Count > 0 || _b.Count > 0)
        {
            TcpSide side = _a.Count == 0 ? TcpSide.B : _b.Count == 0 ? TcpSide.A : (_a.At(0).Frame <= _b.At(0).Frame ? TcpSide.A : TcpSide.B);
            End end = this[side];
            ref Pending p = ref end.At(0);
            TcpSegment seg = p.Segment;
            if (FarFrom(side) && end.LastSentNs < p.TimeNs)
            {
                TcpConnection trial = ModelFor(side, seg, observedFromSide: false);
                Owed reply = default;
                Deliver(ref trial, seg, p.TimeNs, default, ref reply, PawsFor(side));
                if (reply.Ack)
                {
                    if (LastNs - p.TimeNs > bound) NoteLoss(Other(side), seg, p.Frame, LossPlace.AfterCapture, shownBy: 0);
                    end.Dequeue(1);
                    continue;
                }
            }
            ref TcpConnection m = ref Materialize(side, seg);
            if (!end.DropsOutOfOrder && IsOutOfOrder(m, seg) && end.HeldCount < MaxHeld)
            {
                TakeAckOfHeld(ref m, seg, p.TimeNs, default, ref end.Owed, PawsFor(side));
                end.Hold(p); // waits for its hole
            }
            else
            {
                Deliver(ref m, seg, p.TimeNs, default, ref end.Owed, PawsFor(side));
                ClearHeldUsed(end);
                _attemptDrops = false;
                _attemptHeldCount = 0;
                HandOverHeld(end, ref m, p.TimeNs, default, ref end.Owed);
                KeepHeld(end);
            }
            end.Dequeue(1);
        }
    }
}
