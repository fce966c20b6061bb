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
    public ushort Lane; // a delivery at the head of its lane: the lane + 1 (0: none)
}

/// <summary>
/// The events by (time, order), the order in which they were scheduled breaking ties, so a run is the
/// same for the same inputs. Two binary min-heaps under one order: connections' timers, one entry a
/// connection, most far off and many never due (a retransmission timer an ACK restarts), and
/// everything else (deliveries, calls), most of them soon; the earlier top of the two is next. The
/// near heap stays small, so a pop sifts through fewer levels; a timer that must come sooner moves
/// its connection's one entry up, in place, so no superseded entry waits in the heap to be popped.
/// Deliveries on a link come in lanes (<see cref="PushInLane"/>): those that arrive no earlier than
/// the one queued before them on the same link wait in the lane's ring, only its head in the heap, so
/// a link with a fixed delay and thousands of segments in flight costs a heap of one entry. The
/// order of events is the same either way. Grows by doubling; never allocates once large enough.
/// </summary>
internal sealed class EventQueue
{
    private readonly Heap _timers = new(indexed: true), _others = new(indexed: false);
    private Lane[] _lanes = Array.Empty<Lane>();
    private int _inLanes; // events waiting in lanes' rings, behind their heads
    private long _order;

    public int Count => _timers.Count + _others.Count + _inLanes;

    /// <summary>
    /// A delivery on link <paramref name="lane"/>: into the heap if the lane has nothing there, else
    /// behind the lane's last if it arrives no earlier (in order of (time, order) it is then after
    /// everything before it in the lane), else into the heap on its own.
    /// </summary>
    public void PushInLane(long time, int index, int lane)
    {
        var e = new SimEvent { Time = time, Order = _order++, Index = index, Kind = SimEventKind.Deliver };
        if (lane >= ushort.MaxValue)
        {
            _others.PushOrRaise(e);
            return;
        }
        if (lane >= _lanes.Length) Array.Resize(ref _lanes, Math.Max(lane + 1, _lanes.Length * 2));
        ref Lane l = ref _lanes[lane];
        if (!l.Started)
        {
            e.Lane = (ushort)(lane + 1);
            l.Started = true;
            l.TailTime = time;
            _others.PushOrRaise(e);
        }
        else if (time >= l.TailTime)
        {
            e.Lane = (ushort)(lane + 1);
            l.TailTime = time;
            l.Enqueue(e);
            _inLanes++;
        }
        else _others.PushOrRaise(e);
    }

    /// <summary>An event; a timer for a connection that has one queued replaces it (it must be earlier).</summary>
    public void Push(long time, SimEventKind kind, int index)
    {
        var e = new SimEvent { Time = time, Order = _order++, Index = index, Kind = kind };
        if (kind == SimEventKind.Timer) _timers.PushOrRaise(e);
        else _others.PushOrRaise(e);
    }

    /// <summary>The next event, left in the queue; <paramref name="timer"/>: it is a connection's timer (for <see cref="Pop(bool)"/>).</summary>
    public ref readonly SimEvent Peek(out bool timer) => ref (timer = TimersFirst()) ? ref _timers.Top : ref _others.Top;

    public ref readonly SimEvent Peek() => ref Peek(out _);

    public SimEvent Pop() => Pop(TimersFirst());

    /// <summary>The next event, whose kind <see cref="Peek(out bool)"/> gave.</summary>
    public SimEvent Pop(bool timer)
    {
        if (timer) return _timers.Pop();
        SimEvent e = _others.Pop();
        if (e.Lane != 0)
        {
            // The lane's next goes into the heap with the order it was given when it was queued.
            ref Lane l = ref _lanes[e.Lane - 1];
            if (l.Count == 0) l.Started = false;
            else
            {
                _others.PushOrRaise(l.Dequeue());
                _inLanes--;
            }
        }
        return e;
    }

    /// <summary>
    /// The next event, a timer, moved to <paramref name="time"/> (later): what popping it and pushing it
    /// again would leave, the same order given, in one sift.
    /// </summary>
    public void DelayNextTimer(long time)
    {
        ref SimEvent top = ref _timers.Top;
        _timers.ReplaceTop(new SimEvent { Time = time, Order = _order++, Index = top.Index, Kind = SimEventKind.Timer });
    }

    /// <summary>Connection <paramref name="index"/>'s timer entry gone, if it has one.</summary>
    public void RemoveTimer(int index) => _timers.Remove(index);

    private bool TimersFirst()
    {
        if (_timers.Count == 0) return false;
        if (_others.Count == 0) return true;
        return Before(_timers.Top, _others.Top);
    }

    private static bool Before(in SimEvent a, in SimEvent b) => a.Time < b.Time || (a.Time == b.Time && a.Order < b.Order);

    /// <summary>A ring of the deliveries on one link behind the one in the heap, in (time, order) order.</summary>
    private struct Lane
    {
        private SimEvent[]? _ring;
        private int _head;
        public int Count;
        public bool Started; // its head is in the heap
        public long TailTime;

        public void Enqueue(in SimEvent e)
        {
            SimEvent[] ring = _ring ??= new SimEvent[16];
            if (Count == ring.Length)
            {
                var bigger = new SimEvent[ring.Length * 2];
                for (int i = 0; i < Count; i++) bigger[i] = ring[(_head + i) & (ring.Length - 1)];
                _ring = ring = bigger;
                _head = 0;
            }
            ring[(_head + Count++) & (ring.Length - 1)] = e;
        }

        public SimEvent Dequeue()
        {
            SimEvent[] ring = _ring!;
            SimEvent e = ring[_head];
            _head = (_head + 1) & (ring.Length - 1);
            Count--;
            return e;
        }
    }

    /// <summary>A binary min-heap; indexed, it keeps each entry's place by its <see cref="SimEvent.Index"/> (one entry an index).</summary>
    private sealed class Heap(bool indexed)
    {
        private SimEvent[] _items = new SimEvent[64];
        private int[] _place = indexed ? new int[64] : Array.Empty<int>(); // by index: place + 1, 0 for none

        public int Count;

        public ref SimEvent Top => ref _items[0];

        public void PushOrRaise(in SimEvent e)
        {
            int i;
            if (indexed && e.Index < _place.Length && _place[e.Index] > 0) i = _place[e.Index] - 1; // no earlier than e: it goes up from there
            else
            {
                if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
                if (indexed && e.Index >= _place.Length) Array.Resize(ref _place, Math.Max(_place.Length * 2, e.Index + 1));
                i = Count++;
            }
            Up(e, i);
        }

        /// <summary>The top, the last entry put in its place.</summary>
        public SimEvent Pop()
        {
            SimEvent top = _items[0];
            if (indexed) _place[top.Index] = 0;
            int count = --Count;
            if (count > 0) Down(_items[count], 0, count);
            return top;
        }

        /// <summary>The top replaced by <paramref name="e"/> (of the same index), no earlier than it.</summary>
        public void ReplaceTop(in SimEvent e) => Down(e, 0, Count);

        public void Remove(int index)
        {
            if (!indexed || index >= _place.Length || _place[index] == 0) return;
            int i = _place[index] - 1, count = --Count;
            _place[index] = 0;
            if (i == count) return;
            SimEvent last = _items[count];
            if (i > 0 && Before(last, _items[(i - 1) >> 1])) Up(last, i);
            else Down(last, i, count);
        }

        /// <summary><paramref name="x"/> put at <paramref name="i"/> or above it (no higher than <paramref name="top"/>), what is above and later moving down.</summary>
        private void Up(SimEvent x, int i, int top = 0)
        {
            ref SimEvent root = ref MemoryMarshal.GetReference(_items.AsSpan());
            while (i > top)
            {
                int parent = (i - 1) >> 1;
                ref SimEvent p = ref Unsafe.Add(ref root, parent);
                if (!Before(x, p)) break;
                Put(ref root, i, p);
                i = parent;
            }
            Put(ref root, i, x);
        }

        /// <summary>
        /// The hole at <paramref name="i"/> filled from below it among the first <paramref name="count"/>
        /// entries and <paramref name="x"/>: the hole goes down to a leaf by the smaller child (one
        /// comparison a level, not two: x, a leaf or a late time, belongs near the bottom), and x goes up
        /// from there (Floyd's bottom-up heapsort). Locals and refs: no bounds checks, no reloads.
        /// </summary>
        private void Down(SimEvent x, int i, int count)
        {
            ref SimEvent root = ref MemoryMarshal.GetReference(_items.AsSpan());
            int start = i;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= count) break;
                if (child + 1 < count && Before(Unsafe.Add(ref root, child + 1), Unsafe.Add(ref root, child))) child++;
                Put(ref root, i, Unsafe.Add(ref root, child));
                i = child;
            }
            Up(x, i, start);
        }

        private void Put(ref SimEvent root, int i, in SimEvent e)
        {
            Unsafe.Add(ref root, i) = e;
            if (indexed) _place[e.Index] = i + 1;
        }
    }
}
