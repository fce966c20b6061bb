using System;
using System.Runtime.CompilerServices;

namespace TcpModel;

/// <summary>
/// The result of one event: the next connection value, the segments to send (inline), what the
/// user is told, the error answer of a user call, and the RFC rule that decided it.
/// </summary>
/// <remarks>Immutable value type; thread-safe. The connection the event was applied to stays valid.</remarks>
public readonly struct TcpTransition
{
    // The connection, the segments and the outcome, each written where it stays: Of builds the
    // result in place (no intermediate machine result copied into it).
#pragma warning disable CS0649 // written in place by Of, through Unsafe.AsRef
    private readonly TcpConnection _connection;
    private readonly TcpSegmentList _segments;
    private readonly TcpOutcome _outcome;
#pragma warning restore CS0649

    /// <summary>Applies <paramref name="e"/> to a copy of <paramref name="from"/>, built inside the result.</summary>
    internal static TcpTransition Of(in Tcb from, in TcpEvent e, TimeSpan now)
    {
        TcpTransition r = default;
        ref Tcb t = ref Unsafe.AsRef(in r._connection._tcb);
        t = from;
        ref SegmentBuffer output = ref Unsafe.AsRef(in r._segments._items);
        var m = new Machine(ref t, now, output.AsSpan());
        m.Apply(e);
        TcpOutcome o = m.Outcome();
        Unsafe.AsRef(in r._outcome) = o;
        Unsafe.AsRef(in r._segments._count) = o.SegmentCount;
        return r;
    }

    /// <summary>The state before the event.</summary>
    public TcpState PreviousState => _outcome.PreviousState;

    /// <summary>The connection after the event.</summary>
    public TcpConnection Connection => _connection;

    /// <summary>The state after the event.</summary>
    public TcpState State => _outcome.State;

    /// <summary>Whether the event changed the state.</summary>
    public bool StateChanged => _outcome.StateChanged;

    /// <summary>The segments to send, in order.</summary>
    public TcpSegmentList Segments => _segments;

    /// <summary>What the user is told.</summary>
    public TcpNotice Notice => _outcome.Notice;

    /// <summary>The error answer of a user call (<see cref="TcpError.None"/> for success and for non-call events).</summary>
    public TcpError Error => _outcome.Error;

    /// <summary>The rule that decided the transition (for a segment, the most significant of the checks it passed).</summary>
    public TcpRule Rule => _outcome.Rule;

    /// <summary>Data bytes of an arriving segment taken in order (or bytes handed over by a RECEIVE).</summary>
    public int BytesAccepted => _outcome.BytesAccepted;

    /// <summary>Sequence space newly acknowledged by the peer (SND.UNA advance, SYN and FIN included).</summary>
    public int BytesAcknowledged => _outcome.BytesAcknowledged;

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
