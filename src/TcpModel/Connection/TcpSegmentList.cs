using System;
using System.Collections.Generic;

namespace TcpModel;

/// <summary>
/// The segments one transition sends, in order, stored inline (at most <see cref="Capacity"/>).
/// Enumerate with <c>foreach</c>; nothing is allocated.
/// </summary>
/// <remarks>Immutable value type; thread-safe.</remarks>
public readonly struct TcpSegmentList : IEquatable<TcpSegmentList>
{
    /// <summary>The most segments a single transition sends.</summary>
    public const int Capacity = SegmentBuffer.Capacity;

    // Internal so that TcpTransition.Of can write a transition's segments where they stay.
    internal readonly SegmentBuffer _items;
    internal readonly int _count;

    internal TcpSegmentList(in SegmentBuffer items, int count)
    {
        _items = items;
        _count = count;
    }

    /// <summary>How many segments there are.</summary>
    public int Count => _count;

    /// <summary>Whether there are none.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The segment at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="Count"/>.</exception>
    public TcpSegment this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, "No segment at this index.");
            return _items[index];
        }
    }

    /// <summary>Copies the segments into <paramref name="destination"/>; false if it is too short.</summary>
    public bool TryCopyTo(Span<TcpSegment> destination)
    {
        if (destination.Length < Count) return false;
        for (int i = 0; i < Count; i++) destination[i] = _items[i];
        return true;
    }

    /// <summary>A new array with the segments (allocates; for convenience outside hot paths).</summary>
    [Pure]
    public TcpSegment[] ToArray()
    {
        var result = new TcpSegment[Count];
        TryCopyTo(result);
        return result;
    }

    /// <summary>An allocation-free enumerator.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <inheritdoc />
    public bool Equals(TcpSegmentList other)
    {
        if (Count != other.Count) return false;
        for (int i = 0; i < Count; i++)
        {
            if (_items[i] != other._items[i]) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TcpSegmentList other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Count);
        for (int i = 0; i < Count; i++) hash.Add(_items[i]);
        return hash.ToHashCode();
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(TcpSegmentList a, TcpSegmentList b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TcpSegmentList a, TcpSegmentList b) => !a.Equals(b);

    /// <summary>Enumerates a <see cref="TcpSegmentList"/> without allocating.</summary>
    public struct Enumerator
    {
        private readonly TcpSegmentList _list;
        private int _index;

        internal Enumerator(TcpSegmentList list)
        {
            _list = list;
            _index = -1;
        }

        /// <summary>The current segment.</summary>
        public readonly TcpSegment Current => _list._items[_index];

        /// <summary>Moves to the next segment.</summary>
        public bool MoveNext() => ++_index < _list.Count;
    }
}
