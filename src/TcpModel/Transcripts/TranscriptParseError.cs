using System;
using System.Globalization;

namespace TcpModel.Transcripts;

/// <summary>One problem found while parsing a transcript: what, where (1-based line and column) and what was expected.</summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TranscriptParseError : IEquatable<TranscriptParseError>
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">The kind of problem.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column (UTF-16 code units).</param>
    /// <param name="message">What was found and what was expected.</param>
    public TranscriptParseError(TranscriptErrorCode code, int line, int column, string message)
    {
        Code = code;
        Line = line;
        Column = column;
        Message = message ?? string.Empty;
    }

    /// <summary>The kind of problem.</summary>
    public TranscriptErrorCode Code { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column (UTF-16 code units).</summary>
    public int Column { get; }

    /// <summary>What was found and what was expected.</summary>
    public string Message { get; }

    /// <summary><c>3:14: Value: expected ...</c>.</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}:{1}: {2}: {3}", Line, Column, Code, Message);

    /// <inheritdoc />
    public bool Equals(TranscriptParseError other) => Code == other.Code && Line == other.Line && Column == other.Column && Message == other.Message;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TranscriptParseError other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, Line, Column, Message);

    /// <summary>Equality.</summary>
    public static bool operator ==(TranscriptParseError a, TranscriptParseError b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TranscriptParseError a, TranscriptParseError b) => !a.Equals(b);
}
