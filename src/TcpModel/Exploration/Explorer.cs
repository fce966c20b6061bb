using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TcpModel.Transcripts;

namespace TcpModel.Exploration;

/// <summary>
/// An exhaustive explorer of the model itself: every interleaving of deliveries, losses, duplications,
/// timer expiries and user calls that an <see cref="ExplorationScenario"/> allows, over the real
/// <see cref="TcpConnection"/> values a simulator runs, breadth-first so that every counterexample is a
/// shortest one.
/// </summary>
/// <remarks>
/// A state is both endpoints' TCBs (times relative to the state's moment), the segments in flight each
/// way and the user calls made. Visited states are kept as 64-bit fingerprints (or bits, for a swarm),
/// with one parent link each so a run can be rebuilt by replaying the model. The frontier is expanded by
/// up to two threads; the states are numbered in the same order whatever the number of threads, so the
/// result does not depend on it.
/// </remarks>
public static class Explorer
{
    /// <summary>Explores <paramref name="scenario"/> within the bounds of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
    /// <exception cref="ArgumentException">The scenario or the options are not usable (the message says which bound).</exception>
    public static ExplorationResult Run(ExplorationScenario scenario, ExplorationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= ExplorationOptions.Default;
        scenario.Validate();
        options.Validate();
        return new ExplorerEngine(scenario, options, cancellationToken).Run();
    }

    /// <summary>Bytes of one full state in the frontier.</summary>
    public static int StateSize => Unsafe.SizeOf<ExplorerNode>();
}

internal sealed class ExplorerEngine
{
    // A move is kind << 12 | side << 11 | index << 8 | fates: two bits a segment the move sends (what the
    // network does with it: 0 carries it, 1 loses it, 2 duplicates it), for up to four segments.
    private static ushort Encode(ExplorationMoveKind kind, Side side, int index = 0) => (ushort)(((int)kind << 12) | ((int)side << 11) | (index << 8));
    private static ExplorationMove Decode(ushort m) => new((ExplorationMoveKind)(m >> 12), (Side)((m >> 11) & 1), (m >> 8) & 7);
    private const ushort FateMask = 0xFF;

    private const int ChunkSize = 8192;
    /// <summary>State numbers are ints: a search stops (<see cref="ExplorationStop.MaxStates"/>) before it runs out of them.</summary>
    private const int MostStates = int.MaxValue - 2 * ChunkSize * 81;
    private static readonly long NodeBytes = Unsafe.SizeOf<ExplorerNode>();

    private readonly ExplorationScenario _scenario;
    private readonly ExplorationOptions _options;
    private readonly CancellationToken _cancel;
    private readonly TcpSettings _clientSettings, _serverSettings;
    private readonly ExplorationInvariant[] _invariants;
    private readonly bool _clientOpened, _twoWay, _bitState, _edgesOn;
    private readonly int _capacity;
    private readonly ulong _seed;

    // The store: fingerprints → state numbers (hash compaction) or bits; parent links by state number.
    private Slot[] _table = Array.Empty<Slot>();
    private ulong[] _bits = Array.Empty<ulong>();
    private long _bitsSet;
    private int[] _parent = new int[1024];
    private ushort[] _move = new ushort[1024];
    private int _count;
    private int[] _edgeStart = new int[1024];
    private int[] _edges = Array.Empty<int>();
    private long _edgeCount;
    private readonly List<ExplorerNode> _roots = new();
    private readonly List<TcpSegment[]> _rootSent = new();
    private readonly List<ExplorationFate[]> _rootFates = new();

    private ExplorerNode[] _current = new ExplorerNode[256], _next = new ExplorerNode[256];
    private int _nextCount;
    private readonly ushort[] _reached = new ushort[16];
    private readonly List<ExplorationViolation> _violations = new();
    private ulong _violatedMask;
    private bool _deadlockFound;
    private long _transitions;
    private int _depth;
    private long _peak;
    private readonly Stopwatch _clock = new();
    private TimeSpan _lastProgress;
    private ExplorationStop _stop = ExplorationStop.Complete;
    private readonly Job[] _jobs;
    private readonly int _threads;

    public ExplorerEngine(ExplorationScenario scenario, ExplorationOptions options, CancellationToken cancel)
    {
        _scenario = scenario;
        _options = options;
        _cancel = cancel;
        _clientSettings = scenario.EffectiveSettings(scenario.ClientSettings);
        _serverSettings = scenario.EffectiveSettings(scenario.ServerSettings);
        var invariants = new List<ExplorationInvariant>();
        if (options.CheckBuiltInInvariants) invariants.AddRange(ExplorationInvariants.BuiltIn);
        invariants.AddRange(options.Invariants);
        _invariants = invariants.ToArray();
        _clientOpened = scenario.ClientOpens;
        _twoWay = scenario.Handshake == ExplorationHandshake.TwoWay;
        _capacity = scenario.ChannelCapacity;
        _seed = options.Seed == 0 ? 0x5EED_7C9E_2026_0001UL : options.Seed * 0x9E3779B97F4A7C15UL + 1;
        _bitState = options.VisitedSet == ExplorationVisitedSet.BitState;
        _edgesOn = options.CheckTermination && !_bitState && options.Order == ExplorationOrder.BreadthFirst;
        if (_bitState) _bits = new ulong[1L << (options.BitStateLog2 - 6)];
        else Resize(1 << 10);
        _threads = Math.Clamp(options.Threads, 1, 2);
        _jobs = new[] { new Job(this), new Job(this) };
    }

    // ------------------------------------------------------------------ the search

    public ExplorationResult Run()
    {
        _clock.Start();
        foreach ((ExplorerNode root, TcpSegment[] sent, ExplorationFate[] fates) in Roots())
        {
            ulong fp = root.Fingerprint(_seed);
            if (!Insert(fp, out int index)) continue;
            _parent[index] = -1;
            _move[index] = (ushort)_roots.Count;
            _roots.Add(root);
            _rootSent.Add(sent);
            _rootFates.Add(fates);
            Append(root);
            Record(index, root, Check(root));
        }
        if (_options.Order == ExplorationOrder.DepthFirst) DepthFirst();
        int levelStart = 0;
        while (_options.Order == ExplorationOrder.BreadthFirst && _nextCount > 0 && _stop == ExplorationStop.Complete)
        {
            (_current, _next) = (_next, _current);
            int levelCount = _nextCount;
            _nextCount = 0;
            if (_options.MaxDepth is int max && _depth >= max) { _stop = ExplorationStop.MaxDepth; break; }
            // Chunk by chunk: both threads expand chunk k (taking pieces as they go) while the first
            // merges chunk k - 1 before it joins in, so the single-threaded merge overlaps the expansion.
            Job? previous = null;
            for (int start = 0, k = 0; start < levelCount && _stop == ExplorationStop.Complete; start += ChunkSize, k++)
            {
                Job job = _jobs[k & 1];
                job.Reset(_current, start, Math.Min(ChunkSize, levelCount - start), levelStart + start);
                Task? helper = _threads > 1 && job.PieceCount > 1 ? Task.Run(job.Work) : null;
                if (previous is not null)
                {
                    Merge(previous);
                    Bounds();
                }
                job.Work();
                helper?.Wait();
                previous = job;
            }
            if (previous is not null && _stop == ExplorationStop.Complete)
            {
                Merge(previous);
                Bounds();
            }
            levelStart += levelCount;
            if (_nextCount > 0 && _stop == ExplorationStop.Complete) _depth++;
        }
        _clock.Stop();
        if (_stop == ExplorationStop.Complete && _edgesOn && !(_options.StopAtFirstViolation && _violations.Count > 0)) FindCycle();
        Progress(force: true);
        double fill = _bitState ? (double)_bitsSet / (_bits.Length * 64L) : 0;
        return new ExplorationResult(_scenario, _options, _count, _transitions, _depth, _clock.Elapsed, StoreBytes(), Math.Max(_peak, Memory()), _stop,
            _violations.ToArray(), (ushort[])_reached.Clone(), fill);
    }

    /// <summary>The starts: every ISN pair, and every fate of the opening SYNs (lost, carried, duplicated).</summary>
    private IEnumerable<(ExplorerNode Node, TcpSegment[] Sent, ExplorationFate[] Fates)> Roots()
    {
        var scratch = new TcpSegment[TcpConnection.MaxSegmentsPerTransition];
        ushort cp = _scenario.ClientPort, sp = _scenario.ServerPort;
        int opening = (_scenario.ClientOpens ? 1 : 0) + (_scenario.Open == ExplorationOpen.Simultaneous ? 1 : 0);
        foreach (SeqNum ci in _scenario.ClientIsns)
            foreach (SeqNum si in _scenario.ServerIsns)
                for (int combo = 0; combo < FateCombinations(opening); combo++)
                {
                    int fates = FateBits(combo, opening);
                    var n = new ExplorerNode();
                    n.ToB.SourcePort = n.ToA.DestinationPort = cp;
                    n.ToB.DestinationPort = n.ToA.SourcePort = sp;
                    var log = new StepLog();
                    if (_scenario.OldDuplicateSyn is SeqNum old)
                    {
                        TcpConnection earlier = TcpConnection.Create(cp, sp, _clientSettings);
                        TcpOutcome o = TcpConnection.ApplyInPlace(ref earlier, TcpEvent.OpenActive(old), TimeSpan.Zero, scratch);
                        for (int i = 0; i < o.SegmentCount; i++)
                        {
                            n.ToB.Add(scratch[i], _capacity);
                            log.Sent.Add(scratch[i]);
                            log.Fates.Add(ExplorationFate.InFlight);
                        }
                    }
                    n.A = TcpConnection.Create(cp, sp, _clientSettings).WithIss(ci);
                    if (_scenario.ClientOpens) Act(ref n, Side.Client, TcpEvent.OpenActive(ci), 0, scratch, log, fates & 3);
                    if (_scenario.Open == ExplorationOpen.Simultaneous)
                    {
                        n.B = TcpConnection.Create(sp, cp, _serverSettings);
                        Act(ref n, Side.Server, TcpEvent.OpenActive(si), 0, scratch, log, fates >> 2);
                    }
                    else n.B = TcpConnection.Listen(sp, si, _serverSettings);
                    yield return (n, log.Sent.ToArray(), log.Fates.ToArray());
                }
    }

    /// <summary>How many fates <paramref name="segments"/> sent segments have: 1, 2 or 3 choices each (carried; lost; duplicated).</summary>
    private int FateCombinations(int segments)
    {
        int b = 1 + (_scenario.Loss ? 1 : 0) + (_scenario.Duplication ? 1 : 0), c = 1;
        for (int i = 0; i < segments; i++) c *= b;
        return c;
    }

    /// <summary>The fate bits of combination <paramref name="combo"/> (0 carries everything).</summary>
    private int FateBits(int combo, int segments)
    {
        int b = 1 + (_scenario.Loss ? 1 : 0) + (_scenario.Duplication ? 1 : 0), bits = 0;
        for (int i = 0; i < segments; i++, combo /= b)
        {
            int digit = combo % b;
            int fate = digit == 0 ? 0 : digit == 1 && _scenario.Loss ? 1 : 2;
            bits |= fate << (2 * i);
        }
        return bits;
    }

    private struct Frame
    {
        public ExplorerNode Node;
        public int Index, MoveCount, Move, Variant, Variants;
    }

    /// <summary>
    /// Depth-first, one thread, the moves in the seed's order: what a swarm member runs (with bit-state
    /// hashing and a bound, each seed dives into other parts of the graph). Runs are not shortest.
    /// </summary>
    private void DepthFirst()
    {
        var stack = new Frame[64];
        var moves = new ushort[64 * 64];
        var scratch = new TcpSegment[TcpConnection.MaxSegmentsPerTransition];
        int roots = _nextCount;
        for (int r = 0; r < roots && _stop == ExplorationStop.Complete; r++)
        {
            int sp = 0;
            Push(_next[r], r);
            while (sp > 0 && _stop == ExplorationStop.Complete)
            {
                ref Frame f = ref stack[sp - 1];
                if (f.Move >= f.MoveCount)
                {
                    if (f.MoveCount == 0 && _options.CheckDeadlocks && !_deadlockFound && !(Piece.Final(f.Node.A.State) && Piece.Final(f.Node.B.State))) ReportDeadlock(f.Index);
                    sp--;
                    continue;
                }
                ExplorerNode next = f.Node;
                ushort move = moves[(sp - 1) * 64 + f.Move];
                if (f.Variant > 0) move |= (ushort)FateBits(f.Variant, 4);
                int sent = Apply(ref next, move, scratch, null);
                if (f.Variant == 0) f.Variants = Variants(sent);
                if (++f.Variant >= f.Variants) { f.Move++; f.Variant = 0; f.Variants = 1; }
                _transitions++;
                if (!Insert(next.Fingerprint(_seed), out int index)) continue;
                _parent[index] = stack[sp - 1].Index;
                _move[index] = move;
                Record(index, next, Check(next));
                _depth = Math.Max(_depth, sp);
                if (_options.MaxDepth is int max && sp >= max) continue;
                Push(next, index);
                if ((_transitions & 4095) == 0) Bounds();
            }

            void Push(in ExplorerNode n, int index)
            {
                if (sp == stack.Length)
                {
                    Array.Resize(ref stack, sp * 2);
                    Array.Resize(ref moves, sp * 2 * 64);
                }
                ref Frame f = ref stack[sp];
                f.Node = n;
                f.Index = index;
                f.MoveCount = Moves(n, moves.AsSpan(sp * 64, 64));
                f.Move = 0;
                f.Variant = 0;
                f.Variants = 1;
                sp++;
            }
        }
        _nextCount = 0;
    }

    /// <summary>Stores the new states the workers found, in their order, so numbering does not depend on threads.</summary>
    private void Merge(Job job)
    {
        for (int p = 0; p < job.PieceCount; p++)
        {
            Piece w = job.Pieces[p];
            int code = 0;
            for (int j = 0; j < w.NodeCount; j++)
            {
                int u = w.FirstIndex + j;
                if (_edgesOn)
                {
                    EnsureEdgeStart(u);
                    _edgeStart[u] = (int)_edgeCount;
                }
                int moves = w.MovesPerNode[j];
                if (moves == 0 && w.DeadlockAt(j) && !_deadlockFound) ReportDeadlock(u);
                for (int k = 0; k < moves; k++, code++)
                {
                    int c = w.Codes[code];
                    int target;
                    if (c == int.MaxValue) continue;
                    if (c >= 0) target = c;
                    else
                    {
                        ref Candidate cand = ref w.Candidates[-c - 1];
                        if (Insert(cand.Fingerprint, out target))
                        {
                            _parent[target] = u;
                            _move[target] = cand.Move;
                            Append(cand.Node);
                            Record(target, cand.Node, cand.Failed);
                            if (_stop != ExplorationStop.Complete) return;
                        }
                    }
                    AddEdge(target);
                }
                _transitions += moves;
            }
        }
    }

    private void Record(int index, in ExplorerNode node, ulong failed)
    {
        _reached[(int)node.A.State] |= (ushort)(1 << (int)node.B.State);
        failed &= ~_violatedMask;
        for (int i = 0; failed != 0 && i < _invariants.Length; i++)
        {
            if ((failed & (1UL << i)) == 0) continue;
            failed &= ~(1UL << i);
            _violatedMask |= 1UL << i;
            ExplorationInvariant inv = _invariants[i];
            _violations.Add(new ExplorationViolation(ExplorationViolationKind.Invariant, inv.Name, inv.Description, inv.ChineseDescription ?? inv.Description, Path(index), null));
            if (_options.StopAtFirstViolation) _stop = ExplorationStop.FirstViolation;
        }
        if ((_options.MaxStates is long max && _count >= max || _count >= MostStates) && _stop == ExplorationStop.Complete) _stop = ExplorationStop.MaxStates;
    }

    private void ReportDeadlock(int index)
    {
        _deadlockFound = true;
        ExplorerNode n = Rebuild(index, null);
        string text = $"no move is left: client {n.A.State.ToRfcName()}, server {n.B.State.ToRfcName()}, nothing in flight, no timer running";
        string chinese = $"无路可走：客户端 {n.A.State.ToRfcName()}，服务端 {n.B.State.ToRfcName()}，网络中没有报文段，也没有计时器在运行";
        _violations.Add(new ExplorationViolation(ExplorationViolationKind.Deadlock, "deadlock", text, chinese, Path(index), null));
        if (_options.StopAtFirstViolation) _stop = ExplorationStop.FirstViolation;
    }

    private ulong Check(in ExplorerNode n)
    {
        if (_invariants.Length == 0) return 0;
        var state = new ExplorationState(in n, _clientOpened);
        ulong failed = 0;
        for (int i = 0; i < _invariants.Length; i++)
            if (!_invariants[i].Holds(state)) failed |= 1UL << i;
        return failed;
    }

    private void Bounds()
    {
        if (_stop != ExplorationStop.Complete) return;
        if (_cancel.IsCancellationRequested) _stop = ExplorationStop.Cancelled;
        else if (_options.MaxTime is TimeSpan t && _clock.Elapsed >= t) _stop = ExplorationStop.MaxTime;
        else if (_options.MaxMemoryBytes is long m && Memory() >= m) _stop = ExplorationStop.MaxMemory;
        Progress(force: false);
    }

    private void Progress(bool force)
    {
        _peak = Math.Max(_peak, Memory());
        if (_options.Progress is not { } report) return;
        TimeSpan now = _clock.Elapsed;
        if (!force && now - _lastProgress < _options.ProgressInterval) return;
        _lastProgress = now;
        report(new ExplorationProgress(_count, _transitions, _depth, now, Memory()));
    }

    // ------------------------------------------------------------------ moves

    /// <summary>The moves of <paramref name="n"/>, in the canonical order (or shuffled by the seed).</summary>
    internal int Moves(in ExplorerNode n, Span<ushort> moves)
    {
        int c = 0;
        Channel(n.ToB, Side.Server, moves, ref c);
        Channel(n.ToA, Side.Client, moves, ref c);
        long due = n.NextDeadline;
        if (due != Tcb.NoDeadline)
        {
            if (n.A._tcb.NextDeadline == due) moves[c++] = Encode(ExplorationMoveKind.Timer, Side.Client);
            if (n.B._tcb.NextDeadline == due) moves[c++] = Encode(ExplorationMoveKind.Timer, Side.Server);
        }
        Calls(n, Side.Client, n.A.State, moves, ref c);
        Calls(n, Side.Server, n.B.State, moves, ref c);
        if (_options.Seed != 0 && c > 1)
        {
            ulong r = n.Fingerprint(_seed ^ 0xA5A5A5A5UL);
            for (int i = c - 1; i > 0; i--)
            {
                r = r * 6364136223846793005UL + 1442695040888963407UL;
                int j = (int)((r >> 33) % (uint)(i + 1));
                (moves[i], moves[j]) = (moves[j], moves[i]);
            }
        }
        return c;
    }

    private void Channel(in ExplorerChannel ch, Side to, Span<ushort> moves, ref int c)
    {
        int deliverable = _scenario.Reordering ? ch.Count : Math.Min(1, (int)ch.Count);
        for (int i = 0; i < deliverable; i++) moves[c++] = Encode(ExplorationMoveKind.Deliver, to, i);
    }

    private void Calls(in ExplorerNode n, Side side, TcpState state, Span<ushort> moves, ref int c)
    {
        ExplorationCalls allowed = _scenario.Calls, made = (ExplorationCalls)n.CallsMade;
        int shift = side == Side.Client ? 0 : 1;
        bool open = state is TcpState.Established or TcpState.CloseWait;
        if (open && Allowed(ExplorationCalls.ClientClose, shift)) moves[c++] = Encode(ExplorationMoveKind.Close, side);
        if (open && Allowed(ExplorationCalls.ClientSend, shift)) moves[c++] = Encode(ExplorationMoveKind.Send, side);
        if (state.IsSynchronized() && state != TcpState.TimeWait && Allowed(ExplorationCalls.ClientAbort, shift)) moves[c++] = Encode(ExplorationMoveKind.Abort, side);

        bool Allowed(ExplorationCalls call, int s)
        {
            var bit = (ExplorationCalls)((int)call << s);
            return (allowed & bit) != 0 && (made & bit) == 0;
        }
    }

    /// <summary>
    /// Applies <paramref name="move"/> to <paramref name="n"/> (the fates in its low bits decide what the
    /// network does with what it sends); <paramref name="step"/> records what happened when not null.
    /// Returns how many segments the move sent, so the caller can try their other fates.
    /// </summary>
    internal int Apply(ref ExplorerNode n, ushort move, Span<TcpSegment> scratch, StepLog? step)
    {
        ExplorationMove m = Decode(move);
        int fates = move & FateMask;
        switch (m.Kind)
        {
            case ExplorationMoveKind.Deliver:
            {
                ref ExplorerChannel ch = ref m.Side == Side.Client ? ref n.ToA : ref n.ToB;
                TcpSegment s = ch.RemoveAt(m.Index);
                if (step is not null) step.Segment = s;
                return Act(ref n, m.Side, TcpEvent.Arrive(s), 0, scratch, step, fates);
            }
            case ExplorationMoveKind.Timer:
            {
                long due = n.NextDeadline;
                int sent = Act(ref n, m.Side, TcpEvent.Timer(), due, scratch, step, fates);
                n.Rebase(due);
                if (step is not null) step.Advance = due;
                return sent;
            }
            case ExplorationMoveKind.Close:
                n.CallsMade |= CallBit(ExplorationCalls.ClientClose, m.Side);
                return Act(ref n, m.Side, TcpEvent.Close(), 0, scratch, step, fates);
            case ExplorationMoveKind.Abort:
                n.CallsMade |= CallBit(ExplorationCalls.ClientAbort, m.Side);
                return Act(ref n, m.Side, TcpEvent.Abort(), 0, scratch, step, fates);
            default:
                n.CallsMade |= CallBit(ExplorationCalls.ClientSend, m.Side);
                return Act(ref n, m.Side, TcpEvent.Send(_scenario.SendBytes), 0, scratch, step, fates);
        }
    }

    private static byte CallBit(ExplorationCalls clientCall, Side side) => (byte)((int)clientCall << (side == Side.Client ? 0 : 1));

    /// <summary>
    /// One transition of one endpoint; each segment it sends meets its fate (carried, lost, or carried
    /// twice) and goes into the channel to its peer, where it is lost too if the channel is full.
    /// </summary>
    private int Act(ref ExplorerNode n, Side side, in TcpEvent e, long now, Span<TcpSegment> scratch, StepLog? step, int fates)
    {
        ref TcpConnection c = ref side == Side.Client ? ref n.A : ref n.B;
        TcpOutcome o = TcpConnection.ApplyInPlace(ref c, e, TimeSpan.FromTicks(now), scratch);
        ref Tcb t = ref Unsafe.AsRef(in c._tcb);
        if (_twoWay && side == Side.Server && t.State == TcpState.SynReceived && t.Has(TcbFlags.PassiveOpen))
        {
            // The broken variant: the server counts its SYN as acknowledged once it is sent.
            t.State = TcpState.Established;
            t.SndUna = t.SndNxt;
            t.RtxAt = Tcb.NoDeadline;
            t.RtxCount = 0;
            t.UserTimeoutAt = Tcb.NoDeadline;
        }
        ExplorerNode.Canonicalize(ref t);
        ref ExplorerChannel to = ref side == Side.Client ? ref n.ToB : ref n.ToA;
        for (int i = 0; i < o.SegmentCount; i++)
        {
            int fate = (fates >> (2 * i)) & 3;
            ExplorationFate what = fate == 1 ? ExplorationFate.Lost : fate == 2 ? ExplorationFate.Duplicated : ExplorationFate.InFlight;
            if (fate != 1 && !to.Add(scratch[i], _capacity)) what = ExplorationFate.ChannelFull;
            else if (fate == 2 && !to.Add(scratch[i], _capacity)) what = ExplorationFate.InFlight; // no room for the copy
            if (step is not null)
            {
                step.Sent.Add(scratch[i]);
                step.Fates.Add(what);
            }
        }
        if (step is not null)
        {
            step.Rule = o.Rule;
            step.Notice = o.Notice;
        }
        return o.SegmentCount;
    }

    /// <summary>The successors of one move: the move as is and with every other fate of what it sends.</summary>
    private int Variants(int sent) => sent == 0 ? 1 : FateCombinations(Math.Min(sent, 4));

    // ------------------------------------------------------------------ the store

    private bool Insert(ulong fp, out int index)
    {
        if (_bitState)
        {
            bool isNew = false;
            long bits = (_bits.Length * 64L) - 1;
            ulong h = fp, step = (fp >> 29) | 1;
            for (int k = 0; k < 3; k++, h += step)
            {
                long bit = (long)(h & (ulong)bits);
                ref ulong word = ref _bits[bit >> 6];
                ulong b = 1UL << (int)(bit & 63);
                if ((word & b) == 0) { word |= b; isNew = true; _bitsSet++; }
            }
            index = isNew ? NewIndex() : -1;
            return isNew;
        }
        if ((_count + 1) * 2L > _table.Length) Resize(_table.Length * 2);
        Slot[] table = _table;
        long mask = table.Length - 1, slot = (long)(fp & (ulong)mask);
        while (true)
        {
            ulong k = table[slot].Key;
            if (k == fp) { index = table[slot].Value; return false; }
            if (k == 0) break;
            slot = (slot + 1) & mask;
        }
        index = NewIndex();
        // The number before the key: a thread that reads the key (Find, while this merge runs) reads a valid number.
        table[slot].Value = index;
        Volatile.Write(ref table[slot].Key, fp);
        return true;
    }

    /// <summary>The state number of <paramref name="fp"/>, or -1 (read-only: safe while workers expand).</summary>
    internal int Find(ulong fp)
    {
        if (_bitState)
        {
            long bits = (_bits.Length * 64L) - 1;
            ulong h = fp, step = (fp >> 29) | 1;
            for (int k = 0; k < 3; k++, h += step)
            {
                long bit = (long)(h & (ulong)bits);
                if ((Volatile.Read(ref _bits[bit >> 6]) & (1UL << (int)(bit & 63))) == 0) return -1;
            }
            return int.MaxValue; // seen, number unknown
        }
        // Safe while the merge inserts: one table (a resize publishes a full new one), key before number.
        Slot[] table = Volatile.Read(ref _table);
        long mask = table.Length - 1, slot = (long)(fp & (ulong)mask);
        while (true)
        {
            ulong k = Volatile.Read(ref table[slot].Key);
            if (k == fp) return table[slot].Value;
            if (k == 0) return -1;
            slot = (slot + 1) & mask;
        }
    }

    private int NewIndex()
    {
        if (_count == _parent.Length)
        {
            int size = (int)Math.Min(Array.MaxLength, _parent.Length * 2L);
            Array.Resize(ref _parent, size);
            Array.Resize(ref _move, size);
        }
        return _count++;
    }

    private void Resize(int size)
    {
        var table = new Slot[size];
        long mask = size - 1;
        foreach (Slot s in _table)
        {
            if (s.Key == 0) continue;
            long slot = (long)(s.Key & (ulong)mask);
            while (table[slot].Key != 0) slot = (slot + 1) & mask;
            table[slot] = s;
        }
        Volatile.Write(ref _table, table);
    }

    private void Append(in ExplorerNode n)
    {
        if (_nextCount == _next.Length) Array.Resize(ref _next, _next.Length * 2);
        _next[_nextCount++] = n;
    }

    private void EnsureEdgeStart(int u)
    {
        if (u + 1 >= _edgeStart.Length) Array.Resize(ref _edgeStart, Math.Max(_edgeStart.Length * 2, u + 2));
    }

    private void AddEdge(int target)
    {
        if (!_edgesOn) return;
        if (_edgeCount == _edges.Length)
        {
            if (_edges.Length >= Array.MaxLength / 2)
            {
                // More transitions than an array holds (8 GB of edges): stop as the memory bound would.
                if (_stop == ExplorationStop.Complete) _stop = ExplorationStop.MaxMemory;
                return;
            }
            Array.Resize(ref _edges, (int)Math.Min(Array.MaxLength, Math.Max(1 << 16, _edges.Length * 2L)));
        }
        _edges[_edgeCount++] = target;
    }

    private long StoreBytes() => _bitState
        ? _bits.Length * 8L + _count * 6L
        : _table.Length * 16L + _count * 6L;

    private long Memory() => StoreBytes() + (_current.Length + (long)_next.Length) * NodeBytes
        + (_edgesOn ? _edges.Length * 4L + _edgeStart.Length * 4L : 0) + _jobs.Sum(j => j.Bytes);

    // ------------------------------------------------------------------ runs back

    /// <summary>The moves from the start to state <paramref name="index"/>, and the start it came from.</summary>
    private List<ushort> PathTo(int index, out int root)
    {
        var moves = new List<ushort>();
        while (_parent[index] >= 0)
        {
            moves.Add(_move[index]);
            index = _parent[index];
        }
        moves.Reverse();
        root = _move[index];
        return moves;
    }

    /// <summary>The state numbered <paramref name="index"/>, rebuilt by replaying its run.</summary>
    private ExplorerNode Rebuild(int index, List<ExplorationStep>? steps)
    {
        List<ushort> moves = PathTo(index, out int root);
        ExplorerNode n = _roots[root];
        var scratch = new TcpSegment[TcpConnection.MaxSegmentsPerTransition];
        long time = 0;
        if (steps is not null) steps.Add(StartStep(n, root));
        foreach (ushort m in moves)
        {
            var log = steps is null ? null : new StepLog();
            Apply(ref n, m, scratch, log);
            if (steps is not null) time = AddStep(steps, m, log!, n, time);
        }
        return n;
    }

    /// <summary>The start: what it put on the way (an old duplicate, the opening SYNs) and their fates.</summary>
    private ExplorationStep StartStep(in ExplorerNode n, int root) =>
        new(new ExplorationMove(ExplorationMoveKind.Start, Side.Client, 0), TimeSpan.Zero, null, _rootSent[root], n.A, n.B, TcpRule.None, TcpNotice.None)
        {
            Fates = _rootFates[root],
        };

    private static long AddStep(List<ExplorationStep> steps, ushort m, StepLog log, in ExplorerNode n, long time)
    {
        time += log.Advance;
        steps.Add(new ExplorationStep(Decode(m), TimeSpan.FromTicks(time), log.Segment, log.Sent.ToArray(), n.A, n.B, log.Rule, log.Notice) { Fates = log.Fates.ToArray() });
        return time;
    }

    private List<ExplorationStep> Path(int index)
    {
        var steps = new List<ExplorationStep>();
        Rebuild(index, steps);
        return steps;
    }

    /// <summary>Looks for a cycle reachable from a start (a run that never ends), depth-first over the kept edges.</summary>
    private void FindCycle()
    {
        if (_count == 0) return;
        _edgeStart[_count] = (int)_edgeCount;
        var color = new byte[_count];
        var stack = new int[_count];
        var cursor = new int[_count];
        for (int r = 0; r < _count && r < _roots.Count; r++)
        {
            if (color[r] != 0) continue;
            int sp = 0;
            stack[sp++] = r;
            color[r] = 1;
            cursor[r] = _edgeStart[r];
            while (sp > 0)
            {
                int u = stack[sp - 1];
                if (cursor[u] < _edgeStart[u + 1])
                {
                    int v = _edges[cursor[u]++];
                    if (color[v] == 1)
                    {
                        int from = sp - 1;
                        while (stack[from] != v) from--;
                        ReportCycle(stack.AsSpan(from, sp - from));
                        return;
                    }
                    if (color[v] == 0)
                    {
                        color[v] = 1;
                        cursor[v] = _edgeStart[v];
                        stack[sp++] = v;
                    }
                }
                else
                {
                    color[u] = 2;
                    sp--;
                }
            }
        }
    }

    private void ReportCycle(ReadOnlySpan<int> cycle)
    {
        List<ExplorationStep> steps = Path(cycle[0]);
        int cycleStart = steps.Count - 1;
        ExplorerNode n = Rebuild(cycle[0], null);
        var scratch = new TcpSegment[TcpConnection.MaxSegmentsPerTransition];
        Span<ushort> moves = stackalloc ushort[64];
        long time = (long)steps[^1].Time.Ticks;
        for (int i = 0; i < cycle.Length; i++)
        {
            int target = cycle[(i + 1) % cycle.Length];
            ulong want = Rebuild(target, null).Fingerprint(_seed);
            int count = Moves(n, moves);
            bool found = false;
            for (int k = 0; k < count && !found; k++)
            {
                ExplorerNode probe = n;
                int variants = Variants(Apply(ref probe, moves[k], scratch, null));
                for (int f = 0; f < variants && !found; f++)
                {
                    ExplorerNode copy = n;
                    var log = new StepLog();
                    ushort move = (ushort)(moves[k] | FateBits(f, 4));
                    Apply(ref copy, move, scratch, log);
                    if (copy.Fingerprint(_seed) != want) continue;
                    time = AddStep(steps, move, log, copy, time);
                    n = copy;
                    found = true;
                }
            }
        }
        int length = steps.Count - 1 - cycleStart;
        _violations.Add(new ExplorationViolation(ExplorationViolationKind.NonTermination, "non-termination",
            $"a run can go on forever: {length} moves lead back to the state after move {cycleStart}",
            $"存在永不结束的运行：{length} 步之后又回到第 {cycleStart} 步之后的状态", steps, cycleStart));
    }

    // ------------------------------------------------------------------ workers

    /// <summary>One slot of the fingerprint table: the fingerprint (0 is empty) and the state's number; 16 bytes, so the key is aligned and read whole.</summary>
    private struct Slot
    {
        public ulong Key;
        public int Value;
#pragma warning disable CS0169 // padding: 16-byte slots keep every key 8-byte aligned in the array
        private int _padding;
#pragma warning restore CS0169
    }

    internal struct Candidate
    {
        public ExplorerNode Node;
        public ulong Fingerprint;
        public ulong Failed;
        public ushort Move;
    }

    internal sealed class StepLog
    {
        public TcpSegment? Segment;
        public readonly List<TcpSegment> Sent = new();
        public TcpRule Rule;
        public TcpNotice Notice;
        public long Advance;
        public readonly List<ExplorationFate> Fates = new();
    }

    /// <summary>A chunk of the frontier, cut into pieces that the threads take one at a time.</summary>
    internal sealed class Job
    {
        public const int PieceSize = 256;
        private readonly ExplorerEngine _e;
        public readonly Piece[] Pieces = new Piece[ChunkSize / PieceSize];
        private ExplorerNode[] _frontier = Array.Empty<ExplorerNode>();
        private int _offset, _count, _firstIndex, _next;
        public int PieceCount;

        public Job(ExplorerEngine e)
        {
            _e = e;
            for (int i = 0; i < Pieces.Length; i++) Pieces[i] = new Piece(e);
        }

        public long Bytes => Pieces.Sum(p => p.Bytes);

        public void Reset(ExplorerNode[] frontier, int offset, int count, int firstIndex)
        {
            _frontier = frontier;
            _offset = offset;
            _count = count;
            _firstIndex = firstIndex;
            _next = -1;
            PieceCount = (count + PieceSize - 1) / PieceSize;
        }

        /// <summary>Expands pieces until none is left; any number of threads may call it at once.</summary>
        public void Work()
        {
            int p;
            while ((p = Interlocked.Increment(ref _next)) < PieceCount)
            {
                int start = p * PieceSize;
                Pieces[p].Expand(_frontier, _offset + start, Math.Min(PieceSize, _count - start), _firstIndex + start);
            }
        }
    }

    /// <summary>Expands a piece of a frontier chunk: successors already stored become their numbers, new ones candidates.</summary>
    internal sealed class Piece
    {
        private readonly ExplorerEngine _e;
        private readonly TcpSegment[] _scratch = new TcpSegment[TcpConnection.MaxSegmentsPerTransition];
        private readonly ushort[] _moves = new ushort[64];
        public int[] Codes = new int[Job.PieceSize * 8];
        public int[] MovesPerNode = new int[Job.PieceSize];
        private readonly bool[] _deadlock = new bool[Job.PieceSize];
        public Candidate[] Candidates = new Candidate[Job.PieceSize];
        public int NodeCount, FirstIndex;
        private int _codeCount, _candidateCount;

        public Piece(ExplorerEngine e) => _e = e;

        public long Bytes => Candidates.Length * NodeBytes + Codes.Length * 4L;

        public bool DeadlockAt(int j) => _deadlock[j];

        public void Expand(ExplorerNode[] frontier, int offset, int count, int firstIndex)
        {
            NodeCount = count;
            FirstIndex = firstIndex;
            _codeCount = 0;
            _candidateCount = 0;
            Span<ushort> moves = _moves;
            for (int j = 0; j < count; j++)
            {
                ref ExplorerNode n = ref frontier[offset + j];
                int m = _e.Moves(n, moves);
                _deadlock[j] = m == 0 && _e._options.CheckDeadlocks && !(Final(n.A.State) && Final(n.B.State));
                int successors = 0;
                for (int k = 0; k < m; k++)
                {
                    // The move with everything it sends carried, then with every other fate of those segments.
                    int variants = 1;
                    for (int f = 0; f < variants; f++, successors++)
                    {
                        if (_candidateCount == Candidates.Length) Array.Resize(ref Candidates, Candidates.Length * 2);
                        if (_codeCount == Codes.Length) Array.Resize(ref Codes, Codes.Length * 2);
                        ref Candidate c = ref Candidates[_candidateCount];
                        c.Node = n;
                        ushort move = f == 0 ? moves[k] : (ushort)(moves[k] | _e.FateBits(f, 4));
                        int sent = _e.Apply(ref c.Node, move, _scratch, null);
                        if (f == 0) variants = _e.Variants(sent);
                        ulong fp = c.Node.Fingerprint(_e._seed);
                        int known = _e.Find(fp);
                        if (known >= 0) { Codes[_codeCount++] = known; continue; } // int.MaxValue: seen in the bit-state array, no number
                        c.Fingerprint = fp;
                        c.Move = move;
                        c.Failed = _e.Check(c.Node);
                        Codes[_codeCount++] = -1 - _candidateCount++;
                    }
                }
                MovesPerNode[j] = successors;
            }
        }

        internal static bool Final(TcpState s) => s is TcpState.Closed or TcpState.Listen;
    }
}
