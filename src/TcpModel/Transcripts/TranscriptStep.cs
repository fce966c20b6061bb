using System;

namespace TcpModel.Transcripts;

/// <summary>
/// One step of a transcript: one segment sent by <see cref="Sender"/> and received by the other
/// endpoint, with both endpoints' states after the step.
/// </summary>
/// <remarks>
/// The states follow the convention of RFC 9293's figures (Figure 6 on): the sender's state after
/// it sent the segment (after the user call that made it send, if any) and the receiver's state
/// after it processed the segment. The states before a step are the states after the previous
/// one (see <see cref="Transcript.ClientBefore"/>). A <c>null</c> state is unknown (a textbook
/// table that never names it). Immutable; thread-safe.
/// </remarks>
public sealed class TranscriptStep : IEquatable<TranscriptStep>
{
    /// <summary>Creates a step.</summary>
    /// <param name="sender">Who sent the segment.</param>
    /// <param name="segment">The segment.</param>
    /// <param name="clientAfter">The client's state after the step; <c>null</c> when unknown or unchanged (see <see cref="Transcript"/>).</param>
    /// <param name="serverAfter">The server's state after the step; <c>null</c> when unknown or unchanged.</param>
    /// <param name="rule">The rule that decided what the receiver did with the segment.</param>
    /// <param name="notice">What the receiving TCP told its user.</param>
    /// <param name="note">Free text kept with the step (a remark column of a table).</param>
    /// <param name="time">When the segment was sent (or arrived, for <see cref="TranscriptDelivery.Arrived"/>), if known.</param>
    /// <param name="delivery">Whether the segment was sent and received in this step, or only one of them.</param>
    /// <exception cref="ArgumentException"><paramref name="note"/> spans several lines.</exception>
    public TranscriptStep(Side sender, TranscriptSegment segment, TcpState? clientAfter = null, TcpState? serverAfter = null,
        TcpRule rule = TcpRule.None, TcpNotice notice = TcpNotice.None, string? note = null, TimeSpan? time = null,
        TranscriptDelivery delivery = TranscriptDelivery.Delivered)
        : this(sender, segment, clientAfter, serverAfter, rule, notice, note, time, delivery, source: null)
    {
    }

    private TranscriptStep(Side sender, TranscriptSegment segment, TcpState? clientAfter, TcpState? serverAfter,
        TcpRule rule, TcpNotice notice, string? note, TimeSpan? time, TranscriptDelivery delivery, TranscriptStepSource? source)
    {
        if (note is not null && note.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("A note is one line of text.", nameof(note));
        Sender = sender;
        Segment = segment;
        ClientAfter = clientAfter;
        ServerAfter = serverAfter;
        Rule = rule;
        Notice = notice;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        Time = time;
        Delivery = delivery;
        Source = source;
    }

    /// <summary>Whether the segment was sent and received in this step, or only one of them.</summary>
    public TranscriptDelivery Delivery { get; }

    /// <summary>When the segment was sent, if known.</summary>
    public TimeSpan? Time { get; }

    /// <summary>Who sent the segment.</summary>
    public Side Sender { get; }

    /// <summary>Who received the segment.</summary>
    public Side Receiver => Sender == Side.Client ? Side.Server : Side.Client;

    /// <summary>The segment.</summary>
    public TranscriptSegment Segment { get; }

    /// <summary>The client's state after the step (<c>null</c>: unknown).</summary>
    public TcpState? ClientAfter { get; }

    /// <summary>The server's state after the step (<c>null</c>: unknown).</summary>
    public TcpState? ServerAfter { get; }

    /// <summary>
    /// The rule that decided what the receiver did with the segment; for a segment
    /// <see cref="TranscriptDelivery.Sent"/> or <see cref="TranscriptDelivery.Lost"/>, the rule that made
    /// the sender send it (<see cref="TcpRule.None"/> when not recorded).
    /// </summary>
    public TcpRule Rule { get; }

    /// <summary>What the receiving TCP told its user (RFC 9293 §3.9.1.3); for a segment not received in this step, what the sender's TCP told its user.</summary>
    public TcpNotice Notice { get; }

    /// <summary>Free text kept with the step.</summary>
    public string? Note { get; }

    /// <summary>
    /// Where the step was written and which fields the student stated, when it was parsed
    /// (<see cref="TranscriptParser"/>); <c>null</c> for a step built in code. Not part of equality;
    /// kept by <see cref="WithSegment"/>, <see cref="WithStates"/> and the <see cref="Transcript"/> constructor.
    /// </summary>
    public TranscriptStepSource? Source { get; }

    /// <summary>The state of <paramref name="side"/> after the step.</summary>
    [Pure]
    public TcpState? After(Side side) => side == Side.Client ? ClientAfter : ServerAfter;

    /// <summary>A copy with another segment.</summary>
    [Pure]
    public TranscriptStep WithSegment(TranscriptSegment segment) => new(Sender, segment, ClientAfter, ServerAfter, Rule, Notice, Note, Time, Delivery, Source);

    /// <summary>A copy with other states after the step.</summary>
    [Pure]
    public TranscriptStep WithStates(TcpState? clientAfter, TcpState? serverAfter) => new(Sender, Segment, clientAfter, serverAfter, Rule, Notice, Note, Time, Delivery, Source);

    /// <summary>A copy with where it was written (the parser's).</summary>
    internal TranscriptStep WithSource(TranscriptStepSource? source) => new(Sender, Segment, ClientAfter, ServerAfter, Rule, Notice, Note, Time, Delivery, source);

    /// <inheritdoc />
    /// <remarks><see cref="Source"/> is not compared: a parsed step equals the same step built in code.</remarks>
    public bool Equals(TranscriptStep? other) =>
        other is not null && Time == other.Time && Sender == other.Sender && Segment == other.Segment
        && ClientAfter == other.ClientAfter && ServerAfter == other.ServerAfter && Rule == other.Rule
        && Notice == other.Notice && Note == other.Note && Delivery == other.Delivery;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TranscriptStep);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Time, Sender, Segment, ClientAfter, ServerAfter, Rule, Notice, HashCode.Combine(Note, Delivery));

    /// <summary>The step in line notation (English, as stored).</summary>
    public override string ToString() =>
        (Sender == Side.Client ? "C -> S  " : "S -> C  ") + Segment.ToString()
        + "  ; client " + (ClientAfter?.ToRfcName() ?? "?") + "; server " + (ServerAfter?.ToRfcName() ?? "?");
}
