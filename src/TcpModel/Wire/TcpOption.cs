using System;

namespace TcpModel.Wire;

/// <summary>
/// One TCP option as found by <see cref="TcpOptionReader"/>: its kind, where it starts, its total
/// length, and a view of its data bytes (after kind and length).
/// </summary>
/// <remarks>A view over the caller's buffer; valid while that buffer is.</remarks>
public readonly ref struct TcpOption
{
    internal TcpOption(byte kind, int offset, int length, ReadOnlySpan<byte> data)
    {
        Kind = (TcpOptionKind)kind;
        Offset = offset;
        Length = length;
        Data = data;
    }

    /// <summary>The option kind (may be a value not named in <see cref="TcpOptionKind"/>).</summary>
    public TcpOptionKind Kind { get; }

    /// <summary>Offset of the kind byte from the start of the option bytes given to the reader.</summary>
    public int Offset { get; }

    /// <summary>Total length in bytes, kind and length bytes included (1 for EOL and NOP).</summary>
    public int Length { get; }

    /// <summary>The option's data: <see cref="Length"/> − 2 bytes (empty for EOL and NOP).</summary>
    public ReadOnlySpan<byte> Data { get; }
}
