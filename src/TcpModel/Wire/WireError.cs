using System;

namespace TcpModel.Wire;

/// <summary>
/// A decode error: what went wrong and where, as a byte offset from the start of the buffer the
/// caller passed (for capture files: from the start of the stream).
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct WireError : IEquatable<WireError>
{
    /// <summary>Creates an error value.</summary>
    /// <param name="code">What went wrong.</param>
    /// <param name="offset">Byte offset of the offending field.</param>
    public WireError(WireErrorCode code, long offset)
    {
        Code = code;
        Offset = offset;
    }

    /// <summary>No error.</summary>
    public static WireError None => default;

    /// <summary>What went wrong.</summary>
    public WireErrorCode Code { get; }

    /// <summary>Byte offset of the offending field (or of the end of the data, for <see cref="WireErrorCode.Truncated"/>).</summary>
    public long Offset { get; }

    /// <summary>Whether this value describes an error.</summary>
    public bool IsError => Code != WireErrorCode.None;

    /// <summary>The same error with its offset moved by <paramref name="delta"/> bytes (to make it relative to an enclosing buffer).</summary>
    [Pure]
    public WireError Shift(long delta) => IsError ? new WireError(Code, Offset + delta) : this;

    /// <inheritdoc />
    public bool Equals(WireError other) => Code == other.Code && Offset == other.Offset;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is WireError other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, Offset);

    /// <summary>Equality.</summary>
    public static bool operator ==(WireError a, WireError b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(WireError a, WireError b) => !a.Equals(b);

    /// <summary>For example <c>TcpOptionLengthInvalid at 21</c>; <c>None</c> when no error.</summary>
    public override string ToString() => IsError ? $"{Code} at {Offset}" : "None";
}
