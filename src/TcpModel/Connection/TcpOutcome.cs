namespace TcpModel;

/// <summary>
/// What <see cref="TcpConnection.ApplyInPlace"/> did: the states before and after, how many segments
/// it wrote, what the user is told, the error answer and the deciding rule — a <see cref="TcpTransition"/>
/// without the connection and the segments, which stay where the caller keeps them.
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TcpOutcome
{
    internal TcpOutcome(TcpState previousState, TcpState state, int segmentCount, TcpNotice notice, TcpError error, TcpRule rule, int bytesAccepted, int bytesAcknowledged)
    {
        PreviousState = previousState;
        State = state;
        SegmentCount = (byte)segmentCount;
        Notice = notice;
        Error = error;
        Rule = rule;
        BytesAccepted = bytesAccepted;
        BytesAcknowledged = bytesAcknowledged;
    }

    /// <summary>The state before the event.</summary>
    public TcpState PreviousState { get; }

    /// <summary>The state after the event.</summary>
    public TcpState State { get; }

    /// <summary>Whether the event changed the state.</summary>
    public bool StateChanged => PreviousState != State;

    /// <summary>How many segments were written to the output, in order.</summary>
    public int SegmentCount { get; }

    /// <summary>What the user is told.</summary>
    public TcpNotice Notice { get; }

    /// <summary>The error answer of a user call.</summary>
    public TcpError Error { get; }

    /// <summary>The rule that decided the transition.</summary>
    public TcpRule Rule { get; }

    /// <summary>Data bytes of an arriving segment taken in order (or bytes handed over by a RECEIVE).</summary>
    public int BytesAccepted { get; }

    /// <summary>Sequence space newly acknowledged by the peer.</summary>
    public int BytesAcknowledged { get; }

    /// <summary>A one-line summary: states and rule.</summary>
    public override string ToString() => PreviousState.ToRfcName() + " -> " + State.ToRfcName() + " (" + Rule + ")";
}
