using System;

namespace TcpModel;

/// <summary>
/// A growable array whose elements are reached by reference: what <c>List&lt;T&gt;</c> with
/// <c>CollectionsMarshal.AsSpan</c> gives on .NET 5+, on every target (netstandard2.1 has no
/// CollectionsMarshal). A reference is good until the next <see cref="Add"/>.
/// </summary>
internal sealed class RefList<T>
{
    private T[] _items = Array.Empty<T>();

    public int Count { get; private set; }

    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, "No such element.");
            return ref _items[index];
        }
    }

    public void Add(T item)
    {
        if (Count == _items.Length) Array.Resize(ref _items, Math.Max(4, _items.Length * 2));
        _items[Count++] = item;
    }

    public void Clear()
    {
        Array.Clear(_items, 0, Count);
        Count = 0;
    }
}
