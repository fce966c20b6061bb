using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TcpModel.Simulation;

internal enum SimEventKind : byte
{
    /// <summary>A packet reaches its destination host.</summary>
    Deliver,
    /// <summary>A connection's earliest deadline may be due.</summary>
    Timer,
    /// <summary>A scheduled user call.</summary>
    Call,
    /// <summary>A listener's application accepts a connection.</summary>
    Accept,
    /// <summary>A SYN flood sends its next SYN.</summary>
    Flood,
}

/// <summary>One entry of the event queue: 24 bytes, no references.</summary>
internal struct SimEvent
{
    public long Time;
    public long Order; // ties at the same time go in the order they were scheduled
    public int Index;  // the packet slot, the connection, or the call slot
    public SimEventKind Kind;
}

/// <summary>
/// A binary min-heap of events by (time, order): the order in which events were scheduled breaks ties,
/// so a run is the same for the same inputs. Grows by doubling; never allocates once large enough.
/// </summary>
internal sealed class EventQueue
{
    private SimEvent[] _heap = new SimEvent[64];
    private long _order;

    public int Count { get; private set; }

    public void Push(long time, SimEventKind kind, int index)
    {
        if (Count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var e = new SimEvent { Time = time, Order = _order++, Index = index, Kind = kind };
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(e, _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = e;
    }

    public bool TryPeekTime(out long time)
    {
        time = Count > 0 ? _heap[0].Time : long.MaxValue;
        return Count > 0;
    }

    public SimEvent Pop()
    {
        // Locals and refs, not fields and indexers: the sift runs with no bounds checks and no reloads.
        SimEvent[] heap = _heap;
        int count = --Count;
        ref SimEvent root = ref MemoryMarshal.GetReference(heap.AsSpan());
        SimEvent top = root;
        SimEvent last = Unsafe.Add(ref root, count);
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= count) break;
            ref SimEvent c = ref Unsafe.Add(ref root, child);
            if (child + 1 < count && Before(Unsafe.Add(ref c, 1), c))
            {
                child++;
                c = ref Unsafe.Add(ref c, 1);
            }
            if (!Before(c, last)) break;
            Unsafe.Add(ref root, i) = c;
            i = child;
        }
        if (count > 0) Unsafe.Add(ref root, i) = last;
        return top;
    }

    private static bool Before(in SimEvent a, in SimEvent b) => a.Time < b.Time || (a.Time == b.Time && a.Order < b.Order);
}
