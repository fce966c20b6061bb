using System;
using System.Collections.Generic;

namespace TcpModel.Transcripts;

/// <summary>
/// A segment as a transcript shows it: the control bits, the sequence and acknowledgment numbers
/// (symbolic or numeric, see <see cref="SeqExpr"/>) and the payload length. Ports, window and
/// options are not part of a transcript.
/// </summary>
/// <remarks>
/// <see cref="Ack"/> is significant only when <see cref="TcpFlags.Ack"/> is set (RFC 9293 §3.1);
/// equality ignores it otherwise. Immutable value type; thread-safe.
/// </remarks>
public readonly struct TranscriptSegment : IEquatable<TranscriptSegment>
{
    /// <summary>Creates a transcript segment.</summary>
    /// <param name="flags">Control bits.</param>
    /// <param name="seq">SEG.SEQ.</param>
    /// <param name="ack">SEG.ACK; ignored unless <paramref name="flags"/> has ACK.</param>
    /// <param name="payloadLength">Bytes of data carried.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payloadLength"/> is negative.</exception>
    public TranscriptSegment(TcpFlags flags, SeqExpr seq, SeqExpr ack = default, int payloadLength = 0)
    {
        if (payloadLength < 0) throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "Payload length cannot be negative.");
        Flags = flags;
        Seq = seq;
        Ack = (flags & TcpFlags.Ack) != 0 ? ack : default;
        PayloadLength = payloadLength;
    }

    /// <summary>Control bits.</summary>
    public TcpFlags Flags { get; }

    /// <summary>SEG.SEQ.</summary>
    public SeqExpr Seq { get; }

    /// <summary>SEG.ACK; default unless ACK is set.</summary>
    public SeqExpr Ack { get; }

    /// <summary>Bytes of data carried.</summary>
    public int PayloadLength { get; }

    /// <summary>Whether ACK is set.</summary>
    public bool HasAck => (Flags & TcpFlags.Ack) != 0;

    /// <summary>The transcript view of a model segment (numeric values).</summary>
    /// <param name="segment">A segment from the model or a capture.</param>
    [Pure]
    public static TranscriptSegment FromSegment(TcpSegment segment) =>
        new(segment.Flags, SeqExpr.Number(segment.Seq), SeqExpr.Number(segment.Ack), segment.PayloadLength);

    /// <summary>A copy with its symbols replaced by numbers.</summary>
    /// <param name="bindings">Values of the named points.</param>
    /// <param name="result">The numeric segment.</param>
    /// <param name="missing">The first symbol without a value, or <c>'\0'</c>.</param>
    public bool TryBind(IReadOnlyDictionary<char, SeqNum> bindings, out TranscriptSegment result, out char missing)
    {
        result = default;
        missing = '\0';
        if (!Seq.TryBind(bindings, out SeqNum seq)) { missing = Seq.Symbol; return false; }
        SeqNum ack = default;
        if (HasAck && !Ack.TryBind(bindings, out ack)) { missing = Ack.Symbol; return false; }
        result = new TranscriptSegment(Flags, SeqExpr.Number(seq), SeqExpr.Number(ack), PayloadLength);
        return true;
    }

    /// <summary>A copy with other sequence and acknowledgment values.</summary>
    [Pure]
    public TranscriptSegment WithNumbers(SeqExpr seq, SeqExpr ack) => new(Flags, seq, ack, PayloadLength);

    /// <inheritdoc />
    public bool Equals(TranscriptSegment other) =>
        Flags == other.Flags && Seq == other.Seq && Ack == other.Ack && PayloadLength == other.PayloadLength;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TranscriptSegment other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Flags, Seq, Ack, PayloadLength);

    /// <summary>Equality.</summary>
    public static bool operator ==(TranscriptSegment a, TranscriptSegment b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TranscriptSegment a, TranscriptSegment b) => !a.Equals(b);

    /// <summary>The header fields in line notation, such as <c>SYN=1 ACK=1 seq=y ack=x+1</c>.</summary>
    public override string ToString() => string.Join(" ", TranscriptFields.Format(this, showSynZero: false));
}
