using System;
using System.Globalization;

namespace TcpModel.Transcripts;

/// <summary>
/// Where something was written in a parsed document: 1-based line and column, counted as
/// <see cref="TranscriptParseError"/> counts them (UTF-16 code units, so a Chinese character is one
/// column). The default value is unknown (<see cref="IsKnown"/> is false): the thing was not written.
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TranscriptPosition : IEquatable<TranscriptPosition>
{
    /// <summary>Creates a position.</summary>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column (UTF-16 code units).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="line"/> or <paramref name="column"/> is less than 1.</exception>
    public TranscriptPosition(int line, int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(line, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        Line = line;
        Column = column;
    }

    /// <summary>No position: not written.</summary>
    public static TranscriptPosition Unknown => default;

    /// <summary>1-based line; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column (UTF-16 code units); 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>Whether this is a position (the thing was written).</summary>
    public bool IsKnown => Line > 0;

    /// <summary><c>3:14</c>, or <c>?</c> when unknown.</summary>
    public override string ToString() => IsKnown ? string.Format(CultureInfo.InvariantCulture, "{0}:{1}", Line, Column) : "?";

    /// <inheritdoc />
    public bool Equals(TranscriptPosition other) => Line == other.Line && Column == other.Column;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TranscriptPosition other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Line, Column);

    /// <summary>Equality.</summary>
    public static bool operator ==(TranscriptPosition a, TranscriptPosition b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TranscriptPosition a, TranscriptPosition b) => !a.Equals(b);
}
