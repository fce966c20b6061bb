using System;

namespace TcpModel.Wire;

/// <summary>One end of a TCP connection: an address and a port.</summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TcpEndpoint : IEquatable<TcpEndpoint>, IComparable<TcpEndpoint>
{
    /// <summary>Creates an endpoint.</summary>
    /// <param name="address">IP address.</param>
    /// <param name="port">TCP port.</param>
    public TcpEndpoint(InlineIPAddress address, ushort port)
    {
        Address = address;
        Port = port;
    }

    /// <summary>IP address.</summary>
    public InlineIPAddress Address { get; }

    /// <summary>TCP port.</summary>
    public ushort Port { get; }

    /// <inheritdoc />
    public bool Equals(TcpEndpoint other) => Port == other.Port && Address == other.Address;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TcpEndpoint other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Address, Port);

    /// <summary>Orders by address, then port.</summary>
    [Pure]
    public int CompareTo(TcpEndpoint other)
    {
        int c = Address.CompareTo(other.Address);
        return c != 0 ? c : Port.CompareTo(other.Port);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(TcpEndpoint a, TcpEndpoint b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TcpEndpoint a, TcpEndpoint b) => !a.Equals(b);

    /// <summary><c>127.0.0.1:80</c> or <c>[::1]:80</c>.</summary>
    public override string ToString() => Address.Version == 6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
