using System;

namespace TcpModel.Transcripts;

/// <summary>
/// A state as a row names it, for one side: <c>客户端进入 SYN-SENT</c>, <c>服务端由 CLOSE-WAIT 进入 LAST-ACK</c>,
/// <c>; client SYN-SENT</c>. <c>双方进入 ESTABLISHED</c> is one mention per side, at the same columns.
/// </summary>
/// <remarks>
/// The mention as written, in the row that wrote it: the textbook names a change in the row of the
/// segment the endpoint sends because of it, so the transcript's states after each step
/// (<see cref="TranscriptStep.ClientAfter"/>) may place it one row earlier. Immutable value type; thread-safe.
/// </remarks>
public readonly struct TranscriptStateMention : IEquatable<TranscriptStateMention>
{
    /// <summary>Creates a mention.</summary>
    /// <param name="side">Whose state.</param>
    /// <param name="from">The state the row says the side leaves, if it names one (<c>由 A 进入 B</c>, <c>from A to B</c>).</param>
    /// <param name="to">The state the row says the side enters (or is in).</param>
    /// <param name="position">Where the clause's subject is written (<c>客户端</c>, <c>双方</c>, <c>client</c>).</param>
    /// <param name="fromPosition">Where <paramref name="from"/> is written; unknown without one.</param>
    /// <param name="toPosition">Where <paramref name="to"/> is written.</param>
    public TranscriptStateMention(Side side, TcpState? from, TcpState to, TranscriptPosition position, TranscriptPosition fromPosition, TranscriptPosition toPosition)
    {
        Side = side;
        From = from;
        To = to;
        Position = position;
        FromPosition = fromPosition;
        ToPosition = toPosition;
    }

    /// <summary>Whose state.</summary>
    public Side Side { get; }

    /// <summary>The state the row says the side leaves, if it names one.</summary>
    public TcpState? From { get; }

    /// <summary>The state the row says the side enters (or is in).</summary>
    public TcpState To { get; }

    /// <summary>Where the clause's subject is written (<c>客户端</c>, <c>双方</c>, <c>client</c>).</summary>
    public TranscriptPosition Position { get; }

    /// <summary>Where <see cref="From"/> is written; unknown without one.</summary>
    public TranscriptPosition FromPosition { get; }

    /// <summary>Where <see cref="To"/> is written.</summary>
    public TranscriptPosition ToPosition { get; }

    /// <summary><c>3:90 Client SYN-SENT</c> or <c>3:90 Server CLOSE-WAIT -&gt; LAST-ACK</c>.</summary>
    public override string ToString() => Position + " " + Side + " " + (From is TcpState f ? f.ToRfcName() + " -> " : string.Empty) + To.ToRfcName();

    /// <inheritdoc />
    public bool Equals(TranscriptStateMention other) =>
        Side == other.Side && From == other.From && To == other.To && Position == other.Position
        && FromPosition == other.FromPosition && ToPosition == other.ToPosition;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TranscriptStateMention other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Side, From, To, Position, FromPosition, ToPosition);

    /// <summary>Equality.</summary>
    public static bool operator ==(TranscriptStateMention a, TranscriptStateMention b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TranscriptStateMention a, TranscriptStateMention b) => !a.Equals(b);
}
