#if !NET6_0_OR_GREATER
namespace System.Collections.Generic;

/// <summary>
/// netstandard2.1 has no <c>PriorityQueue</c>: this is the subset the library uses, the same
/// quaternary min-heap as dotnet/runtime's (src/libraries/System.Collections/src/System/Collections/
/// Generic/PriorityQueue.cs), so elements of equal priority leave in the same order on every target.
/// </summary>
internal sealed class PriorityQueue<TElement, TPriority>
{
    private const int Log2Arity = 2;
    private const int Arity = 1 << Log2Arity;

    private (TElement Element, TPriority Priority)[] _nodes = Array.Empty<(TElement, TPriority)>();
    private readonly IComparer<TPriority> _comparer = Comparer<TPriority>.Default;
    private int _size;

    public int Count => _size;

    public void Clear()
    {
        Array.Clear(_nodes, 0, _size);
        _size = 0;
    }

    public void Enqueue(TElement element, TPriority priority)
    {
        if (_size == _nodes.Length) Array.Resize(ref _nodes, Math.Max(_nodes.Length * 2, 4));
        MoveUp((element, priority), _size++);
    }

    public bool TryPeek(out TElement element, out TPriority priority)
    {
        if (_size == 0) { element = default!; priority = default!; return false; }
        (element, priority) = _nodes[0];
        return true;
    }

    public TElement Dequeue()
    {
        if (_size == 0) throw new InvalidOperationException("The queue is empty.");
        TElement element = _nodes[0].Element;
        RemoveRootNode();
        return element;
    }

    public bool TryDequeue(out TElement element, out TPriority priority)
    {
        if (!TryPeek(out element, out priority)) return false;
        RemoveRootNode();
        return true;
    }

    private void RemoveRootNode()
    {
        int last = --_size;
        if (last > 0) MoveDown(_nodes[last], 0);
        _nodes[last] = default;
    }

    private void MoveUp((TElement Element, TPriority Priority) node, int index)
    {
        while (index > 0)
        {
            int parent = (index - 1) >> Log2Arity;
            if (_comparer.Compare(node.Priority, _nodes[parent].Priority) >= 0) break;
            _nodes[index] = _nodes[parent];
            index = parent;
        }
        _nodes[index] = node;
    }

    private void MoveDown((TElement Element, TPriority Priority) node, int index)
    {
        int i;
        while ((i = (index << Log2Arity) + 1) < _size)
        {
            int min = i;
            int end = Math.Min(i + Arity, _size);
            while (++i < end)
                if (_comparer.Compare(_nodes[i].Priority, _nodes[min].Priority) < 0) min = i;
            if (_comparer.Compare(node.Priority, _nodes[min].Priority) <= 0) break;
            _nodes[index] = _nodes[min];
            index = min;
        }
        _nodes[index] = node;
    }
}
#endif
