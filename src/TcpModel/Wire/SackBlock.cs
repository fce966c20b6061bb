using System;

namespace TcpModel.Wire;

/// <summary>
/// One SACK block (RFC 2018 §3): the receiver holds the bytes from <see cref="Left"/> up to but
/// not including <see cref="Right"/>.
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct SackBlock : IEquatable<SackBlock>
{
    /// <summary>Creates a block.</summary>
    /// <param name="left">Left edge: first sequence number of the block.</param>
    /// <param name="right">Right edge: the sequence number just after the block.</param>
    public SackBlock(SeqNum left, SeqNum right)
    {
        Left = left;
        Right = right;
    }

    /// <summary>Left edge: first sequence number of the block.</summary>
    public SeqNum Left { get; }

    /// <summary>Right edge: the sequence number just after the block.</summary>
    public SeqNum Right { get; }

    /// <inheritdoc />
    public bool Equals(SackBlock other) => Left == other.Left && Right == other.Right;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SackBlock other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Left, Right);

    /// <summary>Equality.</summary>
    public static bool operator ==(SackBlock a, SackBlock b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SackBlock a, SackBlock b) => !a.Equals(b);

    /// <summary><c>left-right</c>, as tcpdump prints SACK blocks.</summary>
    public override string ToString() => $"{Left}-{Right}";
}
