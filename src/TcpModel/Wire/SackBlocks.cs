using System;

namespace TcpModel.Wire;

/// <summary>
/// Up to four SACK blocks held inline: the most a 40-byte option space can carry
/// (2 + 4 × 8 = 34 bytes, RFC 2018 §3).
/// </summary>
/// <remarks>Immutable value type; thread-safe. <c>default</c> holds no blocks.</remarks>
public readonly struct SackBlocks : IEquatable<SackBlocks>
{
    /// <summary>The most blocks one SACK option can carry.</summary>
    public const int MaxCount = 4;

    private readonly SackBlock _b0, _b1, _b2, _b3;

    private SackBlocks(int count, SackBlock b0, SackBlock b1, SackBlock b2, SackBlock b3)
    {
        Count = count;
        _b0 = b0;
        _b1 = b1;
        _b2 = b2;
        _b3 = b3;
    }

    /// <summary>No blocks.</summary>
    public static SackBlocks None => default;

    /// <summary>Number of blocks (0 to 4).</summary>
    public int Count { get; }

    /// <summary>Whether there are no blocks.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The block at <paramref name="index"/>, in the order they appear in the option.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public SackBlock this[int index] => (uint)index < (uint)Count
        ? index switch { 0 => _b0, 1 => _b1, 2 => _b2, _ => _b3 }
        : throw new ArgumentOutOfRangeException(nameof(index), index, "No SACK block at this index.");

    /// <summary>Blocks from a span of at most four.</summary>
    /// <exception cref="ArgumentException"><paramref name="blocks"/> holds more than four.</exception>
    [Pure]
    public static SackBlocks Create(ReadOnlySpan<SackBlock> blocks)
    {
        if (blocks.Length > MaxCount) throw new ArgumentException("A SACK option carries at most four blocks.", nameof(blocks));
        SackBlocks result = default;
        foreach (SackBlock b in blocks) result = result.Append(b);
        return result;
    }

    /// <summary>A copy with one more block; this value itself when it already holds four.</summary>
    [Pure]
    internal SackBlocks Append(SackBlock block) => Count switch
    {
        0 => new(1, block, default, default, default),
        1 => new(2, _b0, block, default, default),
        2 => new(3, _b0, _b1, block, default),
        3 => new(4, _b0, _b1, _b2, block),
        _ => this,
    };

    /// <inheritdoc />
    public bool Equals(SackBlocks other)
    {
        if (Count != other.Count) return false;
        for (int i = 0; i < Count; i++)
        {
            if (this[i] != other[i]) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SackBlocks other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Count, _b0, _b1, _b2, _b3);

    /// <summary>Equality.</summary>
    public static bool operator ==(SackBlocks a, SackBlocks b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SackBlocks a, SackBlocks b) => !a.Equals(b);

    /// <summary>Blocks as tcpdump prints them: <c>{100-200}{300-400}</c>; empty when none.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < Count; i++) sb.Append('{').Append(this[i].ToString()).Append('}');
        return sb.ToString();
    }
}
