using System;
using System.Collections.Generic;
using TcpModel.Transcripts;

namespace TcpModel.Exploration;

/// <summary>What one move of the exploration does.</summary>
public enum ExplorationMoveKind : byte
{
    /// <summary>The start: both endpoints have made their OPEN calls (the ISNs are in the step).</summary>
    Start = 0,
    /// <summary>A segment in flight arrives (SEGMENT ARRIVES, RFC 9293 §3.10.7).</summary>
    Deliver,
    /// <summary>The earliest timer fires (RFC 9293 §3.10.8); time moves on to its deadline.</summary>
    Timer,
    /// <summary>The user calls CLOSE.</summary>
    Close,
    /// <summary>The user calls ABORT.</summary>
    Abort,
    /// <summary>The user calls SEND.</summary>
    Send,
}

/// <summary>One move of a run.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Side">The endpoint that acts: the receiver for <see cref="ExplorationMoveKind.Deliver"/>.</param>
/// <param name="Index">Which segment in flight arrives (0 is the oldest), for <see cref="ExplorationMoveKind.Deliver"/>.</param>
public readonly record struct ExplorationMove(ExplorationMoveKind Kind, Side Side, int Index);

/// <summary>One step of a counterexample: a move and what it did.</summary>
/// <param name="Move">The move.</param>
/// <param name="Time">When it happened, from the start of the run.</param>
/// <param name="Segment">The segment delivered, for <see cref="ExplorationMoveKind.Deliver"/>.</param>
/// <param name="Sent">The segments the acting endpoint sent.</param>
/// <param name="Client">The client after the move.</param>
/// <param name="Server">The server after the move.</param>
/// <param name="Rule">The rule that decided the endpoint's transition (<see cref="TcpRule.None"/> for the network's own moves).</param>
/// <param name="Notice">What the endpoint told its user.</param>
public sealed record ExplorationStep(ExplorationMove Move, TimeSpan Time, TcpSegment? Segment, IReadOnlyList<TcpSegment> Sent,
    TcpConnection Client, TcpConnection Server, TcpRule Rule, TcpNotice Notice)
{
    /// <summary>What the network did with each of <see cref="Sent"/>, in the same order.</summary>
    public IReadOnlyList<ExplorationFate> Fates { get; init; } = Array.Empty<ExplorationFate>();
}

/// <summary>
/// What the network does with a segment as it is sent. Losing or duplicating it later instead reaches
/// no other state: a segment lost on its way was never delivered, and a copy follows its original
/// whenever it is made (FIFO); so the explorer decides at the send, as SPIN's model does.
/// </summary>
public enum ExplorationFate : byte
{
    /// <summary>On its way; it arrives in a later move.</summary>
    InFlight = 0,
    /// <summary>Lost by the network.</summary>
    Lost,
    /// <summary>On its way, with a copy right behind it.</summary>
    Duplicated,
    /// <summary>Lost because the channel already holds <see cref="ExplorationScenario.ChannelCapacity"/> segments.</summary>
    ChannelFull,
}

/// <summary>What kind of property a run violates.</summary>
public enum ExplorationViolationKind : byte
{
    /// <summary>An invariant fails in the last state of the run.</summary>
    Invariant = 0,
    /// <summary>No move is left and an endpoint is neither CLOSED nor in LISTEN: it waits forever.</summary>
    Deadlock,
    /// <summary>The run ends in a cycle: it can go on forever without ending.</summary>
    NonTermination,
}

/// <summary>A property that fails, with the shortest run that shows it.</summary>
public sealed class ExplorationViolation
{
    internal ExplorationViolation(ExplorationViolationKind kind, string name, string description, string chineseDescription, IReadOnlyList<ExplorationStep> steps, int? cycleStart)
    {
        Kind = kind;
        Name = name;
        Description = description;
        ChineseDescription = chineseDescription;
        Steps = steps;
        CycleStart = cycleStart;
    }

    /// <summary>The kind of property.</summary>
    public ExplorationViolationKind Kind { get; }

    /// <summary>The invariant's name, or <c>deadlock</c>, <c>non-termination</c>.</summary>
    public string Name { get; }

    /// <summary>What fails, in one line.</summary>
    public string Description { get; }

    /// <summary>What fails, in one line of Chinese.</summary>
    public string ChineseDescription { get; }

    /// <summary>The run, from the start (step 0 is <see cref="ExplorationMoveKind.Start"/>).</summary>
    public IReadOnlyList<ExplorationStep> Steps { get; }

    /// <summary>For <see cref="ExplorationViolationKind.NonTermination"/>: the step whose state the last step returns to.</summary>
    public int? CycleStart { get; }

    /// <summary>Moves in the run (the start not counted).</summary>
    public int Length => Steps.Count - 1;

    /// <summary>The client at the end of the run.</summary>
    public TcpConnection FinalClient => Steps[^1].Client;

    /// <summary>The server at the end of the run.</summary>
    public TcpConnection FinalServer => Steps[^1].Server;

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Description} ({Length} moves)";
}

/// <summary>The outcome of <see cref="Explorer.Run"/>.</summary>
public sealed class ExplorationResult
{
    internal ExplorationResult(ExplorationScenario scenario, ExplorationOptions options, long states, long transitions, int depth, TimeSpan elapsed,
        long storeBytes, long peakBytes, ExplorationStop stop, IReadOnlyList<ExplorationViolation> violations, ushort[] reached, double bitStateFill)
    {
        Scenario = scenario;
        Options = options;
        States = states;
        Transitions = transitions;
        Depth = depth;
        Elapsed = elapsed;
        StoreBytes = storeBytes;
        PeakMemoryBytes = peakBytes;
        Stop = stop;
        Violations = violations;
        _reached = reached;
        BitStateFill = bitStateFill;
    }

    private readonly ushort[] _reached;

    /// <summary>The scenario explored.</summary>
    public ExplorationScenario Scenario { get; }

    /// <summary>The options used.</summary>
    public ExplorationOptions Options { get; }

    /// <summary>Distinct states stored.</summary>
    public long States { get; }

    /// <summary>Moves taken (edges of the state graph explored, old states included).</summary>
    public long Transitions { get; }

    /// <summary>The deepest level reached (moves from the start).</summary>
    public int Depth { get; }

    /// <summary>Wall time of the search.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>States stored per second.</summary>
    public double StatesPerSecond => Elapsed > TimeSpan.Zero ? States / Elapsed.TotalSeconds : 0;

    /// <summary>Bytes of the visited set and the parent links that find a run back (what a stored state costs).</summary>
    public long StoreBytes { get; }

    /// <summary><see cref="StoreBytes"/> per stored state.</summary>
    public double BytesPerState => States > 0 ? (double)StoreBytes / States : 0;

    /// <summary>The largest memory estimate during the search: the store, the frontier of full states, the edges.</summary>
    public long PeakMemoryBytes { get; }

    /// <summary>Why the search stopped.</summary>
    public ExplorationStop Stop { get; }

    /// <summary>Whether every reachable state was explored (and so a result without violations is a proof, within the scenario's bounds).</summary>
    public bool IsComplete => Stop == ExplorationStop.Complete && Options.VisitedSet == ExplorationVisitedSet.HashCompact;

    /// <summary>Whether runs that never end were looked for, and so "every run ends" holds when no <see cref="ExplorationViolationKind.NonTermination"/> is reported.</summary>
    public bool TerminationChecked => IsComplete && Options.CheckTermination && Options.Order == ExplorationOrder.BreadthFirst;

    /// <summary>Whether each counterexample is a shortest one (breadth-first search).</summary>
    public bool CounterexamplesAreShortest => Options.Order == ExplorationOrder.BreadthFirst;

    /// <summary>The share of the bit-state array set at the end (0 with hash compaction): above ~0.1, many states are being missed.</summary>
    public double BitStateFill { get; }

    /// <summary>The violations found, each the shortest run for its property, in the order found.</summary>
    public IReadOnlyList<ExplorationViolation> Violations { get; }

    /// <summary>Whether some reachable state has the client in <paramref name="client"/> and the server in <paramref name="server"/>.</summary>
    public bool Reached(TcpState client, TcpState server) => (_reached[(int)client] & (1 << (int)server)) != 0;

    /// <summary>Every pair of states (client, server) some reachable state has.</summary>
    public IEnumerable<(TcpState Client, TcpState Server)> ReachedPairs()
    {
        for (int c = 0; c < _reached.Length; c++)
            for (int s = 0; s < 16; s++)
                if ((_reached[c] & (1 << s)) != 0) yield return ((TcpState)c, (TcpState)s);
    }

    /// <summary>Whether <paramref name="side"/> is in <paramref name="state"/> in some reachable state.</summary>
    public bool Reached(Side side, TcpState state)
    {
        if (side == Side.Client) return _reached[(int)state] != 0;
        foreach (ushort row in _reached) if ((row & (1 << (int)state)) != 0) return true;
        return false;
    }
}
