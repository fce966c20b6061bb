using System;
using System.Buffers.Binary;

namespace TcpModel;

/// <summary>
/// Initial sequence numbers as RFC 9293 §3.4.1 (after RFC 6528) prescribes:
/// <c>ISN = M + F(localip, localport, remoteip, remoteport, secretkey)</c>, where M is a timer that
/// ticks every 4 microseconds and F is a keyed pseudorandom function (here SipHash-2-4). The same
/// 4-tuple gets ever-increasing ISNs over time; different 4-tuples get unrelated ones, so an
/// off-path attacker cannot guess them.
/// </summary>
/// <remarks>
/// Deterministic: the key and the time are given by the caller (the model has no clock and no
/// randomness). Draw the key from a cryptographic random source in production. Immutable value
/// type; thread-safe; allocation-free.
/// </remarks>
public readonly struct Rfc9293IsnGenerator : IEquatable<Rfc9293IsnGenerator>
{
    private const long TicksPer4Microseconds = 40; // TimeSpan ticks are 100 ns

    private readonly ulong _k0;
    private readonly ulong _k1;

    /// <summary>Creates a generator with a 128-bit secret key.</summary>
    public Rfc9293IsnGenerator(ulong key0, ulong key1)
    {
        _k0 = key0;
        _k1 = key1;
    }

    /// <summary>
    /// The ISN for a connection from (<paramref name="localAddress"/>, <paramref name="localPort"/>)
    /// to (<paramref name="remoteAddress"/>, <paramref name="remotePort"/>) opened at <paramref name="now"/>.
    /// </summary>
    /// <param name="localAddress">4 (IPv4) or 16 (IPv6) bytes.</param>
    /// <param name="localPort">Local port.</param>
    /// <param name="remoteAddress">4 or 16 bytes.</param>
    /// <param name="remotePort">Remote port.</param>
    /// <param name="now">The caller's clock.</param>
    /// <exception cref="ArgumentException">An address is not 4 or 16 bytes.</exception>
    [Pure]
    public SeqNum Generate(ReadOnlySpan<byte> localAddress, ushort localPort, ReadOnlySpan<byte> remoteAddress, ushort remotePort, TimeSpan now)
    {
        if (localAddress.Length is not (4 or 16)) throw new ArgumentException("An IP address is 4 or 16 bytes.", nameof(localAddress));
        if (remoteAddress.Length is not (4 or 16)) throw new ArgumentException("An IP address is 4 or 16 bytes.", nameof(remoteAddress));
        Span<byte> tuple = stackalloc byte[36];
        localAddress.CopyTo(tuple);
        int n = localAddress.Length;
        remoteAddress.CopyTo(tuple.Slice(n));
        n += remoteAddress.Length;
        BinaryPrimitives.WriteUInt16BigEndian(tuple.Slice(n), localPort);
        BinaryPrimitives.WriteUInt16BigEndian(tuple.Slice(n + 2), remotePort);
        uint f = (uint)SipHash.Hash24(_k0, _k1, tuple.Slice(0, n + 4));
        uint m = unchecked((uint)(now.Ticks / TicksPer4Microseconds));
        return new SeqNum(unchecked(m + f));
    }

    /// <inheritdoc />
    public bool Equals(Rfc9293IsnGenerator other) => _k0 == other._k0 && _k1 == other._k1;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Rfc9293IsnGenerator other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_k0, _k1);

    /// <summary>Equality.</summary>
    public static bool operator ==(Rfc9293IsnGenerator a, Rfc9293IsnGenerator b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Rfc9293IsnGenerator a, Rfc9293IsnGenerator b) => !a.Equals(b);

    /// <summary>Does not reveal the key.</summary>
    public override string ToString() => "Rfc9293IsnGenerator(SipHash-2-4, 4 µs clock)";
}
