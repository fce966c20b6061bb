using System;
using System.Globalization;

namespace TcpModel;

/// <summary>
/// A 32-bit TCP sequence number with the modular ("serial") arithmetic of RFC 9293 §3.4:
/// comparisons are made on the signed distance <c>(int)(a - b)</c>, so <c>0xFFFFFFFF &lt; 0</c>.
/// </summary>
/// <remarks>
/// Modular comparison is not a total order (it is not transitive across more than 2^31), which is
/// why this type does not implement <see cref="IComparable{T}"/>. Immutable value type; thread-safe.
/// </remarks>
public readonly struct SeqNum : IEquatable<SeqNum>
#if NET8_0_OR_GREATER
    , ISpanFormattable
#else
    , IFormattable
#endif
{
    /// <summary>Creates a sequence number from its 32-bit value.</summary>
    /// <param name="value">The raw value as carried in the TCP header.</param>
    public SeqNum(uint value) => Value = value;

    /// <summary>The raw 32-bit value.</summary>
    public uint Value { get; }

    /// <summary>Sequence number zero.</summary>
    public static SeqNum Zero => default;

    /// <summary>Adds a (possibly negative) byte count, wrapping modulo 2^32.</summary>
    [Pure]
    public SeqNum Plus(long delta) => new SeqNum(unchecked((uint)((long)Value + delta)));

    /// <summary>The signed distance <c>this - other</c> in sequence space (RFC 9293 §3.4).</summary>
    [Pure]
    public int DistanceFrom(SeqNum other) => unchecked((int)(Value - other.Value));

    /// <summary>Adds a byte count modulo 2^32.</summary>
    public static SeqNum operator +(SeqNum a, long delta) => a.Plus(delta);

    /// <summary>Subtracts a byte count modulo 2^32.</summary>
    public static SeqNum operator -(SeqNum a, long delta) => a.Plus(-delta);

    /// <summary>Adds a byte count modulo 2^32 (an exact overload so integer literals are not ambiguous).</summary>
    public static SeqNum operator +(SeqNum a, int delta) => a.Plus(delta);

    /// <summary>Subtracts a byte count modulo 2^32 (an exact overload so integer literals are not ambiguous).</summary>
    public static SeqNum operator -(SeqNum a, int delta) => a.Plus(-(long)delta);

    /// <summary>The signed modular distance between two sequence numbers.</summary>
    public static int operator -(SeqNum a, SeqNum b) => a.DistanceFrom(b);

    /// <summary>Modular "less than" (RFC 9293 §3.4).</summary>
    public static bool operator <(SeqNum a, SeqNum b) => a.DistanceFrom(b) < 0;

    /// <summary>Modular "greater than" (RFC 9293 §3.4).</summary>
    public static bool operator >(SeqNum a, SeqNum b) => a.DistanceFrom(b) > 0;

    /// <summary>Modular "less than or equal" (RFC 9293 §3.4).</summary>
    public static bool operator <=(SeqNum a, SeqNum b) => a.DistanceFrom(b) <= 0;

    /// <summary>Modular "greater than or equal" (RFC 9293 §3.4).</summary>
    public static bool operator >=(SeqNum a, SeqNum b) => a.DistanceFrom(b) >= 0;

    /// <summary>Equality of raw values.</summary>
    public static bool operator ==(SeqNum a, SeqNum b) => a.Value == b.Value;

    /// <summary>Inequality of raw values.</summary>
    public static bool operator !=(SeqNum a, SeqNum b) => a.Value != b.Value;

    /// <summary>Converts a raw value.</summary>
    public static implicit operator SeqNum(uint value) => new SeqNum(value);

    /// <summary>
    /// <c>low &lt;= this &lt; low + length</c> in sequence space: the "window" test of RFC 9293 §3.4.
    /// A zero length window contains nothing.
    /// </summary>
    [Pure]
    public bool InWindow(SeqNum low, uint length) => unchecked(Value - low.Value) < length;

    /// <summary><c>low &lt; this &lt;= high</c> in sequence space (the acceptable-ACK test of RFC 9293 §3.4).</summary>
    [Pure]
    public bool InRangeExclusiveInclusive(SeqNum low, SeqNum high) => this > low && this <= high;

    /// <summary>The larger of two sequence numbers in modular order.</summary>
    [Pure]
    public static SeqNum Max(SeqNum a, SeqNum b) => a >= b ? a : b;

    /// <inheritdoc />
    public bool Equals(SeqNum other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SeqNum other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Value;

    /// <summary>The decimal value, as Wireshark shows absolute sequence numbers.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format, formatProvider ?? CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => Value.TryFormat(destination, out charsWritten, format, provider ?? CultureInfo.InvariantCulture);
}
