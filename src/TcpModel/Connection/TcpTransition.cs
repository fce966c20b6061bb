using System;

namespace TcpModel;

/// <summary>
/// The result of one event: the next connection value, the segments to send (inline), what the
/// user is told, the error answer of a user call, and the RFC rule that decided it.
/// </summary>
/// <remarks>Immutable value type; thread-safe. The connection the event was applied to stays valid.</remarks>
public readonly struct TcpTransition
{
    internal TcpTransition(TcpState previousState, TcpConnection connection, TcpSegmentList segments, TcpNotice notice,
        TcpError error, TcpRule rule, int bytesAccepted, int bytesAcknowledged)
    {
        PreviousState = previousState;
        Connection = connection;
        Segments = segments;
        Notice = notice;
        Error = error;
        Rule = rule;
        BytesAccepted = bytesAccepted;
        BytesAcknowledged = bytesAcknowledged;
    }

    /// <summary>The state before the event.</summary>
    public TcpState PreviousState { get; }

    /// <summary>The connection after the event.</summary>
    public TcpConnection Connection { get; }

    /// <summary>The state after the event.</summary>
    public TcpState State => Connection.State;

    /// <summary>Whether the event changed the state.</summary>
    public bool StateChanged => PreviousState != Connection.State;

    /// <summary>The segments to send, in order.</summary>
    public TcpSegmentList Segments { get; }

    /// <summary>What the user is told.</summary>
    public TcpNotice Notice { get; }

    /// <summary>The error answer of a user call (<see cref="TcpError.None"/> for success and for non-call events).</summary>
    public TcpError Error { get; }

    /// <summary>The rule that decided the transition (for a segment, the most significant of the checks it passed).</summary>
    public TcpRule Rule { get; }

    /// <summary>Data bytes of an arriving segment taken in order (or bytes handed over by a RECEIVE).</summary>
    public int BytesAccepted { get; }

    /// <summary>Sequence space newly acknowledged by the peer (SND.UNA advance, SYN and FIN included).</summary>
    public int BytesAcknowledged { get; }

    /// <summary>A one-line summary: rule, states and segments.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(PreviousState.ToRfcName()).Append(" -> ").Append(State.ToRfcName()).Append(" (").Append(Rule).Append(')');
        if (Error != TcpError.None) sb.Append(" error=").Append(Error);
        if (Notice != TcpNotice.None) sb.Append(" notice=").Append(Notice);
        foreach (TcpSegment s in Segments) sb.Append("; send ").Append(s.ToString());
        return sb.ToString();
    }
}
