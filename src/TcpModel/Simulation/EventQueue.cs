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
/// The events by (time, order), the order in which they were scheduled breaking ties, so a run is the
/// same for the same inputs. Two binary min-heaps under one order: connections' timers, most of them
/// far off and many never due (a retransmission timer an ACK restarts), and everything else
/// (deliveries, calls), most of them soon; the earlier top of the two is next. The near heap stays
/// small, so a pop sifts through fewer levels. Grows by doubling; never allocates once large enough.
/// </summary>
internal sealed class EventQueue
{
    private Heap _timers = new(), _others = new();
    private long _order;

    public int Count => _timers.Count + _others.Count;

    public void Push(long time, SimEventKind kind, int index)
    {
        var e = new SimEvent { Time = time, Order = _order++, Index = index, Kind = kind };
        if (kind == SimEventKind.Timer) _timers.Push(e);
        else _others.Push(e);
    }

    public bool TryPeekTime(out long time)
    {
        time = Math.Min(_timers.TopTime, _others.TopTime);
        return Count > 0;
    }

    /// <summary>The next event, left in the queue.</summary>
    public ref readonly SimEvent Peek() => ref TimersFirst() ? ref _timers.Top : ref _others.Top;

    public SimEvent Pop() => TimersFirst() ? _timers.Pop() : _others.Pop();

    /// <summary>
    /// The next event, a timer, moved to <paramref name="time"/> (later): what popping it and pushing it
    /// again would leave, the same order given, in one sift.
    /// </summary>
    public void DelayNextTimer(long time)
    {
        ref SimEvent top = ref _timers.Top;
        _timers.ReplaceTop(new SimEvent { Time = time, Order = _order++, Index = top.Index, Kind = SimEventKind.Timer });
    }

    private bool TimersFirst()
    {
        if (_timers.Count == 0) return false;
        if (_others.Count == 0) return true;
        return Before(_timers.Top, _others.Top);
    }

    private static bool Before(in SimEvent a, in SimEvent b) => a.Time < b.Time || (a.Time == b.Time && a.Order < b.Order);

    private sealed class Heap
    {
        private SimEvent[] _items = new SimEvent[64];

        public int Count;

        public ref SimEvent Top => ref _items[0];

        public long TopTime => Count > 0 ? _items[0].Time : long.MaxValue;

        public void Push(in SimEvent e)
        {
            if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
            ref SimEvent root = ref MemoryMarshal.GetReference(_items.AsSpan());
            int i = Count++;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                ref SimEvent p = ref Unsafe.Add(ref root, parent);
                if (!Before(e, p)) break;
                Unsafe.Add(ref root, i) = p;
                i = parent;
            }
            Unsafe.Add(ref root, i) = e;
        }

        /// <summary>The top, the last entry put in its place.</summary>
        public SimEvent Pop()
        {
            SimEvent top = _items[0];
            int count = --Count;
            if (count > 0) Place(_items[count], count);
            return top;
        }

        /// <summary>The top replaced by <paramref name="e"/>, no earlier than it.</summary>
        public void ReplaceTop(in SimEvent e) => Place(e, Count);

        /// <summary>
        /// The top's place filled from among the first <paramref name="count"/> entries and <paramref name="x"/>:
        /// the hole goes down to a leaf by the smaller child (one comparison a level, not two: x, a leaf or a
        /// late time, belongs near the bottom), and x goes up from there (Floyd's bottom-up heapsort). Locals
        /// and refs: no bounds checks, no reloads.
        /// </summary>
        private void Place(SimEvent x, int count)
        {
            ref SimEvent root = ref MemoryMarshal.GetReference(_items.AsSpan());
            int i = 0;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= count) break;
                if (child + 1 < count && Before(Unsafe.Add(ref root, child + 1), Unsafe.Add(ref root, child))) child++;
                Unsafe.Add(ref root, i) = Unsafe.Add(ref root, child);
                i = child;
            }
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                ref SimEvent p = ref Unsafe.Add(ref root, parent);
                if (!Before(x, p)) break;
                Unsafe.Add(ref root, i) = p;
                i = parent;
            }
            Unsafe.Add(ref root, i) = x;
        }
    }
}
