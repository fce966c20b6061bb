#if !NET8_0_OR_GREATER
using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace TcpModel
{
    /// <summary>
    /// The static members of newer runtimes that the library calls, for netstandard2.1, as C# 14
    /// extension members of the same types: the call sites are the same on every target. Each does
    /// what its .NET 8 namesake does (same exceptions, same results).
    /// </summary>
    internal static class Downlevel
    {
        extension(ArgumentNullException)
        {
            public static void ThrowIfNull([NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
            {
                if (argument is null) throw new ArgumentNullException(paramName);
            }
        }

        extension(ArgumentOutOfRangeException)
        {
            public static void ThrowIfNegative(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
            {
                if (value < 0) throw new ArgumentOutOfRangeException(paramName, value, "Must be a non-negative value.");
            }

            public static void ThrowIfNegativeOrZero(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
            {
                if (value <= 0) throw new ArgumentOutOfRangeException(paramName, value, "Must be a non-negative and non-zero value.");
            }

            public static void ThrowIfLessThan(long value, long other, [CallerArgumentExpression(nameof(value))] string? paramName = null)
            {
                if (value < other) throw new ArgumentOutOfRangeException(paramName, value, $"Must be greater than or equal to '{other}'.");
            }
        }

        extension(char)
        {
            public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;

            public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

            public static bool IsAsciiLetterOrDigit(char c) => char.IsAsciiLetter(c) || char.IsAsciiDigit(c);
        }

        extension(Array)
        {
            /// <summary>The most elements an array may have (.NET's <c>Array.MaxLength</c>).</summary>
            public static int MaxLength => 0x7FFFFFC7;
        }

        extension(Enum)
        {
            public static bool IsDefined<TEnum>(TEnum value) where TEnum : struct, Enum => Enum.IsDefined(typeof(TEnum), value);
        }

        extension(System.Text.StringBuilder builder)
        {
            /// <summary>Appends <paramref name="text"/> formatted with <paramref name="provider"/> (.NET 6's interpolated overload, by way of a string).</summary>
            public System.Text.StringBuilder Append(IFormatProvider provider, FormattableString text) => builder.Append(text.ToString(provider));
        }

        extension(Math)
        {
            /// <summary>The full 128-bit product of two 64-bit numbers: the high half, and the low one in <paramref name="low"/>.</summary>
            public static ulong BigMul(ulong a, ulong b, out ulong low)
            {
                ulong al = (uint)a, ah = a >> 32, bl = (uint)b, bh = b >> 32;
                ulong ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
                ulong mid = (ll >> 32) + (uint)lh + (uint)hl;
                low = (mid << 32) | (uint)ll;
                return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
            }

            /// <summary><c>(ulong)((UInt128)a * b / divisor)</c>: the quotient's low 64 bits, by long division.</summary>
            public static ulong MultiplyDivide(ulong a, ulong b, ulong divisor)
            {
                ulong high = Math.BigMul(a, b, out ulong low), quotient = 0, remainder = 0;
                for (int i = 127; i >= 0; i--)
                {
                    bool carry = remainder >> 63 != 0;
                    remainder = (remainder << 1) | ((i >= 64 ? high >> (i - 64) : low >> i) & 1);
                    if (carry || remainder >= divisor)
                    {
                        remainder -= divisor;
                        if (i < 64) quotient |= 1UL << i;
                    }
                }
                return quotient;
            }
        }
    }
}

namespace System.Numerics
{
    /// <summary>The bit operations of .NET's <c>System.Numerics.BitOperations</c> the library uses (netstandard2.1 keeps its own internal).</summary>
    internal static class BitOperations
    {
        public static ulong RotateLeft(ulong value, int offset) => (value << offset) | (value >> (64 - offset));

        public static bool IsPow2(uint value) => value != 0 && (value & (value - 1)) == 0;

        public static int PopCount(uint value)
        {
            value -= (value >> 1) & 0x55555555u;
            value = (value & 0x33333333u) + ((value >> 2) & 0x33333333u);
            return (int)((((value + (value >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
        }

        public static int TrailingZeroCount(uint value)
        {
            if (value == 0) return 32;
            int n = 0;
            while ((value & 1) == 0) { value >>= 1; n++; }
            return n;
        }

        public static int TrailingZeroCount(ulong value) =>
            (uint)value != 0 ? TrailingZeroCount((uint)value) : 32 + TrailingZeroCount((uint)(value >> 32));

        public static int LeadingZeroCount(ulong value)
        {
            if (value == 0) return 64;
            int n = 0;
            while ((value & (1UL << 63)) == 0) { value <<= 1; n++; }
            return n;
        }
    }
}
#endif
