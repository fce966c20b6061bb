using System;
using System.Collections.Generic;
using TcpModel.Transcripts;

namespace TcpModel.Exploration;

/// <summary>How the explorer remembers the states it has seen.</summary>
public enum ExplorationVisitedSet : byte
{
    /// <summary>
    /// A 64-bit fingerprint of every state in an open-addressing table (hash compaction, Wolper and
    /// Leroy 1993): about 24 bytes a state. Two distinct states share a fingerprint with probability about
    /// n²/2⁶⁵ (3·10⁻⁸ at a million states), in which case one is not explored. The default.
    /// </summary>
    HashCompact = 0,
    /// <summary>
    /// Bit-state hashing (Holzmann's supertrace, SPIN's <c>-DBITSTATE</c>): three bits a state in a fixed
    /// array of 2^<see cref="ExplorationOptions.BitStateLog2"/> bits. Memory is fixed and small; some
    /// states are missed as the array fills (the result says how full it got), so a run that finds
    /// nothing proves nothing. No termination check. What a swarm runs.
    /// </summary>
    BitState = 1,
}

/// <summary>The order in which states are explored.</summary>
public enum ExplorationOrder : byte
{
    /// <summary>Level by level: every counterexample is a shortest one; up to two threads. The default.</summary>
    BreadthFirst = 0,
    /// <summary>
    /// Depth-first on one thread, moves in the order <see cref="ExplorationOptions.Seed"/> shuffles: with
    /// bit-state hashing and a bound, runs with different seeds cover different parts of a graph too big
    /// for one (SPIN's swarm verification). Counterexamples are real but not shortest; no termination check.
    /// </summary>
    DepthFirst = 1,
}

/// <summary>Why an exploration stopped.</summary>
public enum ExplorationStop : byte
{
    /// <summary>Every reachable state was explored.</summary>
    Complete = 0,
    /// <summary><see cref="ExplorationOptions.MaxStates"/> states were stored.</summary>
    MaxStates,
    /// <summary>The memory estimate reached <see cref="ExplorationOptions.MaxMemoryBytes"/>.</summary>
    MaxMemory,
    /// <summary><see cref="ExplorationOptions.MaxTime"/> passed.</summary>
    MaxTime,
    /// <summary>Every state up to <see cref="ExplorationOptions.MaxDepth"/> moves was explored.</summary>
    MaxDepth,
    /// <summary>A violation was found and <see cref="ExplorationOptions.StopAtFirstViolation"/> is set.</summary>
    FirstViolation,
    /// <summary>The caller's cancellation token fired.</summary>
    Cancelled,
}

/// <summary>
/// A property of one state that must hold in every reachable state: <paramref name="Holds"/> returns
/// false where it is violated. The explorer reports the shortest run to a state that violates it.
/// </summary>
/// <param name="Name">A short name (kebab-case), used in reports and JSON.</param>
/// <param name="Description">One line: what the invariant says.</param>
/// <param name="Holds">The check; called once for every new state, from up to two threads at once.</param>
public sealed record ExplorationInvariant(string Name, string Description, ExplorationPredicate Holds)
{
    /// <summary>The description in Chinese, for <c>--lang zh</c>; null falls back to <see cref="Description"/>.</summary>
    public string? ChineseDescription { get; init; }
}

/// <summary>A predicate over one explored state.</summary>
public delegate bool ExplorationPredicate(in ExplorationState state);

/// <summary>What the explorer reports while it runs.</summary>
/// <param name="States">States stored so far.</param>
/// <param name="Transitions">Moves taken so far (each a transition of the model or of the network).</param>
/// <param name="Depth">The breadth-first level being explored (moves from the start).</param>
/// <param name="Elapsed">Wall time since the start.</param>
/// <param name="MemoryBytes">The explorer's estimate of the memory it holds.</param>
public readonly record struct ExplorationProgress(long States, long Transitions, int Depth, TimeSpan Elapsed, long MemoryBytes)
{
    /// <summary>States stored per second of wall time.</summary>
    public double StatesPerSecond => Elapsed > TimeSpan.Zero ? States / Elapsed.TotalSeconds : 0;
}

/// <summary>The bounds and checks of one exploration.</summary>
/// <remarks>Immutable; build variants with <c>with</c>.</remarks>
public sealed record ExplorationOptions
{
    /// <summary>The defaults: hash compaction, every built-in check, up to two threads, no bounds but memory (4 GiB).</summary>
    public static ExplorationOptions Default { get; } = new();

    /// <summary>Stop after this many stored states; null for no bound.</summary>
    public long? MaxStates { get; init; }

    /// <summary>Stop before the explorer's memory estimate passes this; the default is 4 GiB.</summary>
    public long? MaxMemoryBytes { get; init; } = 4L << 30;

    /// <summary>Stop after this much wall time; null for no bound.</summary>
    public TimeSpan? MaxTime { get; init; }

    /// <summary>Explore runs of at most this many moves; null for no bound.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>The search order.</summary>
    public ExplorationOrder Order { get; init; } = ExplorationOrder.BreadthFirst;

    /// <summary>How visited states are remembered.</summary>
    public ExplorationVisitedSet VisitedSet { get; init; } = ExplorationVisitedSet.HashCompact;

    /// <summary>log₂ of the bit-state array's size in bits (10 to 36; 30 is 128 MiB).</summary>
    public int BitStateLog2 { get; init; } = 30;

    /// <summary>
    /// 0 explores in the canonical order. Any other value seeds the fingerprint function and shuffles the
    /// order of moves: independent searches of a swarm (with <see cref="ExplorationVisitedSet.BitState"/>
    /// and a bound) then miss different states.
    /// </summary>
    public ulong Seed { get; init; }

    /// <summary>Threads that expand the frontier (1 or 2; more are not used). The result is the same for any number.</summary>
    public int Threads { get; init; } = Math.Min(2, Environment.ProcessorCount);

    /// <summary>Whether the built-in invariants (<see cref="ExplorationInvariants.BuiltIn"/>) are checked.</summary>
    public bool CheckBuiltInInvariants { get; init; } = true;

    /// <summary>Whether a state with no move left and an endpoint neither CLOSED nor in LISTEN is reported (a deadlock, a hang).</summary>
    public bool CheckDeadlocks { get; init; } = true;

    /// <summary>
    /// Whether a cycle of moves (a run that never ends) is reported, once the search is complete; needs
    /// <see cref="ExplorationVisitedSet.HashCompact"/> and 4 bytes a transition.
    /// </summary>
    public bool CheckTermination { get; init; } = true;

    /// <summary>More invariants to check in every state.</summary>
    public IReadOnlyList<ExplorationInvariant> Invariants { get; init; } = Array.Empty<ExplorationInvariant>();

    /// <summary>Stop at the first violation found (it is still a shortest one).</summary>
    public bool StopAtFirstViolation { get; init; }

    /// <summary>Called from the exploring thread about every <see cref="ProgressInterval"/>.</summary>
    public Action<ExplorationProgress>? Progress { get; init; }

    /// <summary>How often <see cref="Progress"/> is called.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(0.5);

    internal void Validate()
    {
        if (MaxStates is < 1) throw new ArgumentException("MaxStates must be positive.");
        if (MaxMemoryBytes is < 1) throw new ArgumentException("MaxMemoryBytes must be positive.");
        if (MaxDepth is < 0) throw new ArgumentException("MaxDepth cannot be negative.");
        if (MaxTime is { } t && t <= TimeSpan.Zero) throw new ArgumentException("MaxTime must be positive.");
        if (BitStateLog2 is < 10 or > 36) throw new ArgumentException("BitStateLog2 must be 10 to 36.");
        if (Threads < 1) throw new ArgumentException("Threads must be at least 1.");
        if (Invariants is null) throw new ArgumentException("Invariants cannot be null.");
        if (Invariants.Count + ExplorationInvariants.BuiltIn.Count > 64) throw new ArgumentException("At most 60 invariants of your own.");
    }
}

/// <summary>One explored state: both endpoints and the segments in flight, seen by an invariant.</summary>
/// <remarks>
/// Times in the connections are relative: the state's own moment is zero. A <c>ref struct</c> over the
/// explorer's own copy of the state, so an invariant reads it where it is; it cannot be kept.
/// </remarks>
public readonly ref struct ExplorationState
{
#if NET8_0_OR_GREATER
    private readonly ref readonly ExplorerNode _node;
#else
    // netstandard2.1 has no ref fields: a span of one holds the same reference.
    private readonly ReadOnlySpan<ExplorerNode> _nodeSpan;
    private ref readonly ExplorerNode _node => ref _nodeSpan[0];
#endif
    private readonly bool _clientOpened;

    internal ExplorationState(ref readonly ExplorerNode node, bool clientOpened)
    {
#if NET8_0_OR_GREATER
        _node = ref node;
#else
        _nodeSpan = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref System.Runtime.CompilerServices.Unsafe.AsRef(in node), 1);
#endif
        _clientOpened = clientOpened;
    }

    /// <summary>The client (the left endpoint; in a simultaneous open the one with the lower port's role).</summary>
    public TcpConnection Client => _node.A;

    /// <summary>The server.</summary>
    public TcpConnection Server => _node.B;

    /// <summary>Whether the client ever made an OPEN in this scenario.</summary>
    public bool ClientOpened => _clientOpened;

    /// <summary>The endpoint on <paramref name="side"/>.</summary>
    [Pure]
    public TcpConnection Endpoint(Side side) => side == Side.Client ? _node.A : _node.B;

    /// <summary>Segments in flight to <paramref name="receiver"/>.</summary>
    [Pure]
    public int InFlightCount(Side receiver) => receiver == Side.Client ? _node.ToA.Count : _node.ToB.Count;

    /// <summary>The <paramref name="index"/>-th oldest segment in flight to <paramref name="receiver"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such segment.</exception>
    [Pure]
    public TcpSegment InFlight(Side receiver, int index)
    {
        int count = InFlightCount(receiver);
        if ((uint)index >= (uint)count) throw new ArgumentOutOfRangeException(nameof(index), index, "No such segment in flight.");
        return receiver == Side.Client ? _node.ToA.Get(index) : _node.ToB.Get(index);
    }
}
