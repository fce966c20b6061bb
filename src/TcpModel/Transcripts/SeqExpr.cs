using System;
using System.Collections.Generic;
using System.Globalization;

namespace TcpModel.Transcripts;

/// <summary>
/// A sequence or acknowledgment number as a textbook writes it: either a plain number
/// (<c>1000</c>) or a named point plus an offset (<c>x</c>, <c>x+1</c>, <c>u-2</c>).
/// </summary>
/// <remarks>
/// Textbooks name the client's initial sequence number <c>x</c> and the server's <c>y</c>; the
/// teardown names <c>u</c> (the first FIN's sequence number), <c>v</c> and <c>w</c> (see
/// <see cref="Transcript.Symbolize()"/>). A symbolic value stays symbolic until it is bound to
/// numbers with <see cref="TryBind"/>. Symbols are single lowercase ASCII letters.
/// Immutable value type; thread-safe.
/// </remarks>
public readonly struct SeqExpr : IEquatable<SeqExpr>
{
    private readonly char _symbol; // '\0' for a plain number
    private readonly long _offset; // the number itself when _symbol is '\0'

    private SeqExpr(char symbol, long offset)
    {
        _symbol = symbol;
        _offset = offset;
    }

    /// <summary>A plain number.</summary>
    /// <param name="value">The 32-bit sequence number.</param>
    [Pure]
    public static SeqExpr Number(SeqNum value) => new('\0', value.Value);

    /// <summary>A named point plus an offset, such as <c>x+1</c>.</summary>
    /// <param name="symbol">A lowercase ASCII letter.</param>
    /// <param name="offset">The offset from the named point (may be negative).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="symbol"/> is not a lowercase ASCII letter, or the offset is beyond ±2^32.</exception>
    [Pure]
    public static SeqExpr Symbolic(char symbol, long offset = 0)
    {
        if (symbol < 'a' || symbol > 'z') throw new ArgumentOutOfRangeException(nameof(symbol), symbol, "A symbol is a lowercase ASCII letter.");
        if (offset > uint.MaxValue || offset < -(long)uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(offset), offset, "An offset must lie within ±2^32.");
        return new(symbol, offset);
    }

    /// <summary>Whether this is a named point plus an offset rather than a plain number.</summary>
    public bool IsSymbolic => _symbol != '\0';

    /// <summary>The named point (a lowercase letter), or <c>'\0'</c> for a plain number.</summary>
    public char Symbol => _symbol;

    /// <summary>The offset from <see cref="Symbol"/>; zero for a plain number.</summary>
    public long Offset => IsSymbolic ? _offset : 0;

    /// <summary>The number; meaningful only when not <see cref="IsSymbolic"/>.</summary>
    public SeqNum Value => IsSymbolic ? default : new SeqNum((uint)_offset);

    /// <summary>
    /// The number this expression stands for once its symbol has a value. A plain number binds to
    /// itself.
    /// </summary>
    /// <param name="bindings">Values of the named points.</param>
    /// <param name="value">The number, or zero when the symbol has no value.</param>
    /// <returns>Whether the expression could be bound.</returns>
    public bool TryBind(IReadOnlyDictionary<char, SeqNum> bindings, out SeqNum value)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        if (!IsSymbolic)
        {
            value = Value;
            return true;
        }
        if (bindings.TryGetValue(_symbol, out SeqNum point))
        {
            value = point.Plus(_offset);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>
    /// Parses <c>x</c>, <c>x+1</c>, <c>u - 2</c> or a decimal number (0 to 2^32-1). Never throws.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="result">The expression, or default on failure.</param>
    public static bool TryParse(ReadOnlySpan<char> text, out SeqExpr result) => TryParse(text, out result, out _, out _);

    /// <summary>Parses like <see cref="TryParse(ReadOnlySpan{char}, out SeqExpr)"/> and says where and why it failed.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, out SeqExpr result, out int errorIndex, out string? error)
    {
        result = default;
        errorIndex = 0;
        int i = 0;
        SkipSpaces(text, ref i);
        if (i == text.Length)
        {
            error = "expected a number or a symbol such as x or x+1";
            errorIndex = i;
            return false;
        }
        char c = text[i];
        if (c >= 'a' && c <= 'z')
        {
            char symbol = c;
            i++;
            SkipSpaces(text, ref i);
            if (i == text.Length)
            {
                result = new SeqExpr(symbol, 0);
                error = null;
                return true;
            }
            char sign = text[i];
            if (sign != '+' && sign != '-')
            {
                errorIndex = i;
                error = "expected '+', '-' or the end of the value after the symbol '" + symbol + "'";
                return false;
            }
            i++;
            SkipSpaces(text, ref i);
            int start = i;
            if (!TryReadNumber(text, ref i, out ulong magnitude) || magnitude > uint.MaxValue)
            {
                errorIndex = start;
                error = i == start ? "expected a decimal offset after '" + sign + "'" : "offset out of range (at most 4294967295)";
                return false;
            }
            SkipSpaces(text, ref i);
            if (i != text.Length)
            {
                errorIndex = i;
                error = "unexpected '" + text[i] + "' after the offset";
                return false;
            }
            result = new SeqExpr(symbol, sign == '-' ? -(long)magnitude : (long)magnitude);
            error = null;
            return true;
        }
        if (c >= '0' && c <= '9')
        {
            int start = i;
            if (!TryReadNumber(text, ref i, out ulong number) || number > uint.MaxValue)
            {
                errorIndex = start;
                error = "number out of range (a sequence number is 0 to 4294967295)";
                return false;
            }
            SkipSpaces(text, ref i);
            if (i != text.Length)
            {
                errorIndex = i;
                error = "unexpected '" + text[i] + "' after the number";
                return false;
            }
            result = new SeqExpr('\0', (long)number);
            error = null;
            return true;
        }
        errorIndex = i;
        error = "expected a number or a lowercase symbol such as x, y, u, v, w";
        return false;
    }

    private static void SkipSpaces(ReadOnlySpan<char> text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> text, ref int i, out ulong value)
    {
        value = 0;
        int start = i;
        while (i < text.Length && text[i] >= '0' && text[i] <= '9')
        {
            if (value > uint.MaxValue) { i++; continue; } // keep consuming; the caller reports the range
            value = value * 10 + (ulong)(text[i] - '0');
            i++;
        }
        return i > start;
    }

    /// <summary><c>x</c>, <c>x+1</c>, <c>x-9</c> or the decimal number.</summary>
    public override string ToString()
    {
        if (!IsSymbolic) return Value.ToString();
        if (_offset == 0) return _symbol.ToString();
        return _symbol + (_offset > 0 ? "+" : "-") + Math.Abs(_offset).ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public bool Equals(SeqExpr other) => _symbol == other._symbol && _offset == other._offset;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SeqExpr other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_symbol, _offset);

    /// <summary>Equality.</summary>
    public static bool operator ==(SeqExpr a, SeqExpr b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SeqExpr a, SeqExpr b) => !a.Equals(b);
}
