namespace TcpModel.Drivers;

/// <summary>One step of a <see cref="TcpPair"/>: the pair after it, and what happened.</summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TcpPairStep
{
    internal TcpPairStep(TcpPair pair, TcpStepKind kind, TcpSide side, TcpEvent e, TcpTransition transition)
    {
        Pair = pair;
        Kind = kind;
        Side = side;
        Event = e;
        Transition = transition;
    }

    /// <summary>The pair after the step.</summary>
    public TcpPair Pair { get; }

    /// <summary>What the step did.</summary>
    public TcpStepKind Kind { get; }

    /// <summary>The endpoint that acted (for a delivery or a drop: the one the segment was going to).</summary>
    public TcpSide Side { get; }

    /// <summary>The event applied (for a delivery or a drop: the arriving segment).</summary>
    public TcpEvent Event { get; }

    /// <summary>The acting endpoint's transition (default for a drop).</summary>
    public TcpTransition Transition { get; }
}
