using System;

namespace TcpModel.Drivers;

/// <summary>
/// Two endpoints joined by a perfect channel: segments arrive in the order they were sent, none is
/// lost unless <see cref="DropNext"/> says so, and delivery takes no time. Every operation returns a
/// new pair (inside a <see cref="TcpPairStep"/>); this value never changes.
/// </summary>
/// <remarks>
/// The channel holds at most <see cref="ChannelCapacity"/> segments inline. Deterministic and
/// allocation-free. Immutable value type; thread-safe.
/// </remarks>
public readonly struct TcpPair
{
    /// <summary>How many segments can be in flight at once.</summary>
    public const int ChannelCapacity = InFlightBuffer.Capacity;

    private readonly InFlightBuffer _channel;
    private readonly int _head;

    private TcpPair(TcpConnection a, TcpConnection b, TimeSpan now, InFlightBuffer channel, int head, int count)
    {
        A = a;
        B = b;
        Now = now;
        _channel = channel;
        _head = head;
        InFlightCount = count;
    }

    /// <summary>A pair with an empty channel.</summary>
    public static TcpPair Create(TcpConnection a, TcpConnection b, TimeSpan now = default) => new(a, b, now, default, 0, 0);

    /// <summary>
    /// The usual start: A is a client in CLOSED with remote port <paramref name="serverPort"/>, B
    /// listens on that port; both use <paramref name="settings"/>.
    /// </summary>
    public static TcpPair ClientServer(ushort clientPort, ushort serverPort, SeqNum serverIss, TcpSettings settings) =>
        Create(TcpConnection.Create(clientPort, serverPort, settings), TcpConnection.Listen(serverPort, serverIss, settings));

    /// <summary>Endpoint A.</summary>
    public TcpConnection A { get; }

    /// <summary>Endpoint B.</summary>
    public TcpConnection B { get; }

    /// <summary>The driver's clock.</summary>
    public TimeSpan Now { get; }

    /// <summary>Segments sent and not yet delivered.</summary>
    public int InFlightCount { get; }

    /// <summary>Whether nothing is in flight.</summary>
    public bool IsQuiet => InFlightCount == 0;

    /// <summary>The endpoint on <paramref name="side"/>.</summary>
    public TcpConnection this[TcpSide side] => side == TcpSide.A ? A : B;

    /// <summary>The <paramref name="index"/>-th segment in flight (0 = next to arrive).</summary>
    [Pure]
    public TcpSegment InFlight(int index) => Slot(index).Segment;

    /// <summary>Where the <paramref name="index"/>-th segment in flight goes.</summary>
    [Pure]
    public TcpSide InFlightDestination(int index) => Slot(index).To;

    private InFlight Slot(int index)
    {
        if ((uint)index >= (uint)InFlightCount) throw new ArgumentOutOfRangeException(nameof(index), index, "No segment in flight at this index.");
        return _channel[(_head + index) % ChannelCapacity];
    }

    /// <summary>The earliest timer of either endpoint.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? a = A.NextDeadline, b = B.NextDeadline;
            if (a is null) return b;
            if (b is null) return a;
            return a < b ? a : b;
        }
    }

    /// <summary>Applies an event (a user call, a timer check) to one endpoint; what it sends enters the channel.</summary>
    /// <exception cref="InvalidOperationException">The channel would overflow.</exception>
    [Pure]
    public TcpPairStep Apply(TcpSide side, in TcpEvent e)
    {
        TcpTransition t = this[side].Apply(e, Now);
        return new TcpPairStep(With(side, t), e.Kind == TcpEventKind.Timer ? TcpStepKind.Timer : TcpStepKind.Event, side, e, t);
    }

    /// <summary>Delivers the oldest segment in flight; false when the channel is empty.</summary>
    /// <exception cref="InvalidOperationException">The channel would overflow.</exception>
    public bool TryDeliverNext(out TcpPairStep step)
    {
        if (InFlightCount == 0) { step = default; return false; }
        TcpPair rest = Dequeue(out InFlight next);
        TcpEvent e = TcpEvent.Arrive(next.Segment);
        TcpTransition t = rest[next.To].OnSegment(next.Segment, Now);
        step = new TcpPairStep(rest.With(next.To, t), TcpStepKind.Delivery, next.To, e, t);
        return true;
    }

    /// <summary>Loses the oldest segment in flight (the "what if" of a lossy network).</summary>
    /// <exception cref="InvalidOperationException">Nothing is in flight.</exception>
    [Pure]
    public TcpPairStep DropNext()
    {
        if (InFlightCount == 0) throw new InvalidOperationException("Nothing is in flight.");
        TcpPair rest = Dequeue(out InFlight next);
        return new TcpPairStep(rest, TcpStepKind.Drop, next.To, TcpEvent.Arrive(next.Segment), default);
    }

    private TcpPair Dequeue(out InFlight next)
    {
        next = _channel[_head];
        return new TcpPair(A, B, Now, _channel, (_head + 1) % ChannelCapacity, InFlightCount - 1);
    }

    /// <summary>
    /// Puts <paramref name="segment"/> at the end of the channel toward <paramref name="to"/>:
    /// an old duplicate, a forged RST, anything a network could deliver.
    /// </summary>
    /// <exception cref="InvalidOperationException">The channel is full.</exception>
    [Pure]
    public TcpPair Inject(TcpSide to, in TcpSegment segment)
    {
        if (InFlightCount == ChannelCapacity) throw new InvalidOperationException("The channel is full: deliver segments first.");
        InFlightBuffer channel = _channel;
        channel[(_head + InFlightCount) % ChannelCapacity] = new InFlight(to, segment);
        return new TcpPair(A, B, Now, channel, _head, InFlightCount + 1);
    }

    /// <summary>Moves the clock forward (timers are not fired: see <see cref="TryFireTimer"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is earlier than <see cref="Now"/>.</exception>
    [Pure]
    public TcpPair AdvanceTo(TimeSpan now)
    {
        if (now < Now) throw new ArgumentOutOfRangeException(nameof(now), now, "Time cannot go back.");
        return new TcpPair(A, B, now, _channel, _head, InFlightCount);
    }

    /// <summary>Fires the earliest timer due at <see cref="Now"/> on either endpoint (A first on a tie).</summary>
    public bool TryFireTimer(out TcpPairStep step)
    {
        TimeSpan? a = A.NextDeadline, b = B.NextDeadline;
        bool aDue = a <= Now, bDue = b <= Now;
        if (!aDue && !bDue) { step = default; return false; }
        TcpSide side = aDue && (!bDue || a <= b) ? TcpSide.A : TcpSide.B;
        step = Apply(side, TcpEvent.Timer());
        return true;
    }

    /// <summary>A copy with one endpoint replaced (the channel is unchanged).</summary>
    [Pure]
    public TcpPair With(TcpSide side, in TcpConnection connection) =>
        side == TcpSide.A ? new TcpPair(connection, B, Now, _channel, _head, InFlightCount) : new TcpPair(A, connection, Now, _channel, _head, InFlightCount);

    /// <summary>The endpoint replaced by the transition's result, and what it sent appended to the channel (one copy of it).</summary>
    private TcpPair With(TcpSide side, in TcpTransition t)
    {
        TcpConnection a = side == TcpSide.A ? t.Connection : A, b = side == TcpSide.B ? t.Connection : B;
        TcpSegmentList sent = t.Segments;
        if (sent.IsEmpty) return new TcpPair(a, b, Now, _channel, _head, InFlightCount);
        if (InFlightCount + sent.Count > ChannelCapacity) throw new InvalidOperationException("The channel is full: deliver segments first.");
        InFlightBuffer channel = _channel;
        TcpSide to = side == TcpSide.A ? TcpSide.B : TcpSide.A;
        int count = InFlightCount;
        foreach (TcpSegment s in sent) channel[(_head + count++) % ChannelCapacity] = new InFlight(to, s);
        return new TcpPair(a, b, Now, channel, _head, count);
    }

    /// <summary>States and channel occupancy, for debugging.</summary>
    public override string ToString() => $"A={A.State.ToRfcName()} B={B.State.ToRfcName()} in-flight={InFlightCount} now={Now}";
}
