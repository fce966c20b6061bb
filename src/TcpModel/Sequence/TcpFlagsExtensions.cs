using System;

namespace TcpModel;

/// <summary>Formatting helpers for <see cref="TcpFlags"/>.</summary>
public static class TcpFlagsExtensions
{
    private static readonly string[] Names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"];
    // Print order follows the way people read a segment: SYN, ACK first, then FIN, RST, the rest.
    private static readonly TcpFlags[] PrintOrder = [TcpFlags.Syn, TcpFlags.Fin, TcpFlags.Rst, TcpFlags.Psh, TcpFlags.Ack, TcpFlags.Urg, TcpFlags.Ece, TcpFlags.Cwr];

    /// <summary>Whether every bit of <paramref name="bits"/> is set.</summary>
    [Pure]
    public static bool Has(this TcpFlags flags, TcpFlags bits) => (flags & bits) == bits;

    /// <summary>
    /// The flags as a compact list such as <c>SYN,ACK</c> (<c>-</c> when none), without allocation
    /// when written into <paramref name="destination"/>.
    /// </summary>
    public static bool TryFormat(this TcpFlags flags, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (flags == TcpFlags.None)
        {
            if (destination.IsEmpty) return false;
            destination[0] = '-';
            charsWritten = 1;
            return true;
        }
        int pos = 0;
        foreach (TcpFlags bit in PrintOrder)
        {
            if ((flags & bit) == 0) continue;
            string name = Names[System.Numerics.BitOperations.TrailingZeroCount((uint)bit)];
            int need = name.Length + (pos > 0 ? 1 : 0);
            if (destination.Length - pos < need) { charsWritten = 0; return false; }
            if (pos > 0) destination[pos++] = ',';
            name.AsSpan().CopyTo(destination.Slice(pos));
            pos += name.Length;
        }
        charsWritten = pos;
        return true;
    }

    /// <summary>The flags as a compact list such as <c>SYN,ACK</c>; <c>-</c> when none.</summary>
    [Pure]
    public static string ToDisplayString(this TcpFlags flags)
    {
        Span<char> buffer = stackalloc char[32];
        flags.TryFormat(buffer, out int written);
        return buffer.Slice(0, written).ToString();
    }
}
