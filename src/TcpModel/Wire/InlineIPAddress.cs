using System;
using System.Buffers.Binary;
using System.Net;

namespace TcpModel.Wire;

/// <summary>
/// An IPv4 or IPv6 address held inline in 17 bytes (16 address bytes and the version), so a
/// decoded packet carries its addresses without a heap allocation. Convert with
/// <see cref="ToIPAddress"/> for display or sockets.
/// </summary>
/// <remarks>
/// IPv4 addresses occupy the first 4 bytes. An IPv4 address and its IPv4-mapped IPv6 form are
/// different values. <c>default</c> is "no address" (<see cref="Version"/> 0). Immutable value
/// type; thread-safe.
/// </remarks>
public readonly struct InlineIPAddress : IEquatable<InlineIPAddress>, IComparable<InlineIPAddress>
#if NET8_0_OR_GREATER
    , ISpanFormattable
#else
    , IFormattable
#endif
{
    // Network byte order: _high holds bytes 0..7, _low bytes 8..15.
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly byte _version;

    private InlineIPAddress(ulong high, ulong low, byte version)
    {
        _high = high;
        _low = low;
        _version = version;
    }

    /// <summary>4 or 6; 0 for <c>default</c>.</summary>
    public int Version => _version;

    /// <summary>Address length in bytes: 4, 16, or 0 for <c>default</c>.</summary>
    public int Length => _version == 4 ? 4 : _version == 6 ? 16 : 0;

    /// <summary>An IPv4 address from its 32-bit value in host order (e.g. <c>0x7F000001</c> for 127.0.0.1).</summary>
    [Pure]
    public static InlineIPAddress FromIPv4(uint address) => new((ulong)address << 32, 0, 4);

    /// <summary>An address from its bytes in network order: 4 bytes for IPv4, 16 for IPv6.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is neither 4 nor 16 bytes long.</exception>
    [Pure]
    public static InlineIPAddress FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        4 => FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes)),
        16 => new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(8)), 6),
        _ => throw new ArgumentException("An IP address is 4 or 16 bytes long.", nameof(bytes)),
    };

    /// <summary>The inline form of an <see cref="IPAddress"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    [Pure]
    public static InlineIPAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return FromBytes(bytes.Slice(0, written));
    }

    /// <summary>Parses dotted-quad IPv4 or RFC 5952 IPv6 text (allocates; for tests and tools).</summary>
    /// <exception cref="FormatException">The text is not an IP address.</exception>
    [Pure]
    public static InlineIPAddress Parse(string text) => FromIPAddress(IPAddress.Parse(text));

    /// <summary>Writes the 4 or 16 address bytes in network order.</summary>
    /// <returns>False when <paramref name="destination"/> is shorter than <see cref="Length"/>.</returns>
    public bool TryWriteBytes(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length) return false;
        if (_version == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(_high >> 32));
        }
        else if (_version == 6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
            BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), _low);
        }
        bytesWritten = Length;
        return true;
    }

    /// <summary>The one's-complement sum of the address's 16-bit words, for pseudo-header checksums.</summary>
    internal ulong SumWords()
    {
        ulong sum = (_high >> 48) + ((_high >> 32) & 0xFFFF);
        if (_version == 6)
        {
            sum += ((_high >> 16) & 0xFFFF) + (_high & 0xFFFF)
                + (_low >> 48) + ((_low >> 32) & 0xFFFF) + ((_low >> 16) & 0xFFFF) + (_low & 0xFFFF);
        }
        return sum;
    }

    /// <summary>A <see cref="IPAddress"/> for display or sockets (allocates).</summary>
    /// <exception cref="InvalidOperationException">This is <c>default</c> (no address).</exception>
    [Pure]
    public IPAddress ToIPAddress()
    {
        if (_version == 0) throw new InvalidOperationException("The default InlineIPAddress holds no address.");
        Span<byte> bytes = stackalloc byte[16];
        TryWriteBytes(bytes, out int written);
        return new IPAddress(bytes.Slice(0, written));
    }

    /// <inheritdoc />
    public bool Equals(InlineIPAddress other) => _high == other._high && _low == other._low && _version == other._version;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is InlineIPAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low, _version);

    /// <summary>A cheap 64-bit mix of the address, for the demultiplexer's keys (one multiply, no HashCode state).</summary>
    internal ulong Mix() => (_low ^ (_high * 0x9E3779B97F4A7C15UL) ^ _version) * 0xBF58476D1CE4E5B9UL;

    /// <summary>Orders by version, then by address bytes: a total order used to key connections independently of direction.</summary>
    [Pure]
    public int CompareTo(InlineIPAddress other)
    {
        int c = _version.CompareTo(other._version);
        if (c != 0) return c;
        c = _high.CompareTo(other._high);
        return c != 0 ? c : _low.CompareTo(other._low);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(InlineIPAddress a, InlineIPAddress b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(InlineIPAddress a, InlineIPAddress b) => !a.Equals(b);

    /// <summary>The usual text form (<c>127.0.0.1</c>, <c>::1</c>); empty for <c>default</c>.</summary>
    public override string ToString() => _version == 0 ? string.Empty : ToIPAddress().ToString();

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (_version == 0)
        {
            charsWritten = 0;
            return true;
        }
        return ToIPAddress().TryFormat(destination, out charsWritten);
    }
}
