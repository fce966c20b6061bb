using System;
using System.Runtime.CompilerServices;

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

    // Fields, not auto-properties: the in-place operations write them through a reference.
    private readonly TcpConnection _a, _b;
    private readonly TimeSpan _now;
    private readonly int _head, _count;
    private readonly InFlightBuffer _channel;

    private TcpPair(TcpConnection a, TcpConnection b, TimeSpan now, InFlightBuffer channel, int head, int count)
    {
        _a = a;
        _b = b;
        _now = now;
        _channel = channel;
        _head = head;
        _count = count;
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
    public TcpConnection A => _a;

    /// <summary>Endpoint B.</summary>
    public TcpConnection B => _b;

    /// <summary>The driver's clock.</summary>
    public TimeSpan Now => _now;

    /// <summary>Segments sent and not yet delivered.</summary>
    public int InFlightCount => _count;

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
        return new TcpPairStep(After(side, t, delivered: 0), e.Kind == TcpEventKind.Timer ? TcpStepKind.Timer : TcpStepKind.Event, side, e, t);
    }

    /// <summary>Delivers the oldest segment in flight; false when the channel is empty.</summary>
    /// <exception cref="InvalidOperationException">The channel would overflow.</exception>
    public bool TryDeliverNext(out TcpPairStep step)
    {
        if (InFlightCount == 0) { step = default; return false; }
        InFlight next = _channel[_head];
        TcpTransition t = this[next.To].OnSegment(next.Segment, Now);
        step = new TcpPairStep(After(next.To, t, delivered: 1), TcpStepKind.Delivery, next.To, TcpEvent.Arrive(next.Segment), t);
        return true;
    }

    /// <summary>Loses the oldest segment in flight (the "what if" of a lossy network).</summary>
    /// <exception cref="InvalidOperationException">Nothing is in flight.</exception>
    [Pure]
    public TcpPairStep DropNext()
    {
        if (InFlightCount == 0) throw new InvalidOperationException("Nothing is in flight.");
        InFlight next = _channel[_head];
        TcpPair rest = this;
        DropNextInPlace(ref rest);
        return new TcpPairStep(rest, TcpStepKind.Drop, next.To, TcpEvent.Arrive(next.Segment), default);
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
        if (!TryDueSide(out TcpSide side)) { step = default; return false; }
        step = Apply(side, TcpEvent.Timer());
        return true;
    }

    /// <summary>The endpoint whose timer is due at <see cref="Now"/> (the earlier; A on a tie).</summary>
    private bool TryDueSide(out TcpSide side)
    {
        TimeSpan? a = A.NextDeadline, b = B.NextDeadline;
        bool aDue = a <= Now, bDue = b <= Now;
        side = aDue && (!bDue || a <= b) ? TcpSide.A : TcpSide.B;
        return aDue || bDue;
    }

    /// <summary>A copy with one endpoint replaced (the channel is unchanged).</summary>
    [Pure]
    public TcpPair With(TcpSide side, in TcpConnection connection) =>
        side == TcpSide.A ? new TcpPair(connection, B, Now, _channel, _head, InFlightCount) : new TcpPair(A, connection, Now, _channel, _head, InFlightCount);

    /// <summary>This pair after <paramref name="t"/> on <paramref name="side"/>, <paramref name="delivered"/> segments taken off the channel (one copy of the pair).</summary>
    private TcpPair After(TcpSide side, in TcpTransition t, int delivered)
    {
        TcpPair next = this;
        Commit(ref next, side, t.Connection, t.Segments, delivered);
        return next;
    }

    // ------------------------------------------------------------------ in place
    //
    // The operations above return a new pair: a value of about 6 KB (the channel is inline), copied
    // for each step. A simulator that keeps its pairs in an array and never branches from an old one
    // can step them where they are instead: the same rules and the same pair afterwards (the
    // InPlace tests compare the two), with no pair copied. The segments a step sent are the last
    // TcpOutcome.SegmentCount in flight.

    /// <summary>
    /// <see cref="Apply"/> on <paramref name="pair"/> where it is: the endpoint changes in place and what
    /// it sends joins the channel (the last <see cref="TcpOutcome.SegmentCount"/> in flight).
    /// </summary>
    /// <exception cref="InvalidOperationException">The channel would overflow (the pair is unchanged).</exception>
    public static TcpOutcome ApplyInPlace(ref TcpPair pair, TcpSide side, in TcpEvent e) => Step(ref pair, side, e, delivered: 0);

    /// <summary><see cref="TryDeliverNext"/> on <paramref name="pair"/> where it is; false when nothing is in flight.</summary>
    /// <param name="pair">The pair, changed in place.</param>
    /// <param name="to">The endpoint the segment was delivered to.</param>
    /// <param name="outcome">What that endpoint did.</param>
    /// <exception cref="InvalidOperationException">The channel would overflow (the pair is unchanged).</exception>
    public static bool TryDeliverNextInPlace(ref TcpPair pair, out TcpSide to, out TcpOutcome outcome)
    {
        if (pair._count == 0) { to = default; outcome = default; return false; }
        InFlight next = pair._channel[pair._head];
        to = next.To;
        outcome = Step(ref pair, to, TcpEvent.Arrive(next.Segment), delivered: 1);
        return true;
    }

    /// <summary>
    /// Applies <paramref name="e"/> to a copy of one endpoint, then, if the channel has room for what
    /// it sent, takes the <paramref name="delivered"/> oldest segments off the channel, appends the
    /// new ones and keeps the copy: a step either happens whole or not at all.
    /// </summary>
    private static TcpOutcome Step(ref TcpPair pair, TcpSide side, in TcpEvent e, int delivered)
    {
        SegmentBuffer sent = default;
        TcpConnection c = pair[side];
        TcpOutcome outcome = TcpConnection.ApplyInPlace(ref c, e, pair._now, sent.AsSpan());
        Commit(ref pair, side, c, new TcpSegmentList(sent, outcome.SegmentCount), delivered);
        return outcome;
    }

    /// <summary>
    /// Takes the <paramref name="delivered"/> oldest segments off the channel, appends what
    /// <paramref name="side"/> sent and puts <paramref name="connection"/> on that side; throws, changing
    /// nothing, if the channel has no room.
    /// </summary>
    private static void Commit(ref TcpPair pair, TcpSide side, in TcpConnection connection, in TcpSegmentList sent, int delivered)
    {
        int count = pair._count - delivered;
        if (count + sent.Count > ChannelCapacity) throw new InvalidOperationException("The channel is full: deliver segments first.");
        int head = (pair._head + delivered) % ChannelCapacity;
        ref InFlightBuffer channel = ref Unsafe.AsRef(in pair._channel);
        TcpSide to = side == TcpSide.A ? TcpSide.B : TcpSide.A;
        for (int i = 0; i < sent.Count; i++) channel[(head + count + i) % ChannelCapacity] = new InFlight(to, sent[i]);
        Unsafe.AsRef(in pair._head) = head;
        Unsafe.AsRef(in pair._count) = count + sent.Count;
        if (side == TcpSide.A) Unsafe.AsRef(in pair._a) = connection;
        else Unsafe.AsRef(in pair._b) = connection;
    }

    /// <summary><see cref="TryFireTimer"/> on <paramref name="pair"/> where it is; false when no timer is due.</summary>
    /// <exception cref="InvalidOperationException">The channel would overflow (the pair is unchanged).</exception>
    public static bool TryFireTimerInPlace(ref TcpPair pair, out TcpSide side, out TcpOutcome outcome)
    {
        if (!pair.TryDueSide(out side)) { outcome = default; return false; }
        outcome = ApplyInPlace(ref pair, side, TcpEvent.Timer());
        return true;
    }

    /// <summary><see cref="DropNext"/> on <paramref name="pair"/> where it is: the oldest segment in flight is lost.</summary>
    /// <exception cref="InvalidOperationException">Nothing is in flight.</exception>
    public static TcpSegment DropNextInPlace(ref TcpPair pair)
    {
        if (pair._count == 0) throw new InvalidOperationException("Nothing is in flight.");
        TcpSegment lost = pair._channel[pair._head].Segment;
        Unsafe.AsRef(in pair._head) = (pair._head + 1) % ChannelCapacity;
        Unsafe.AsRef(in pair._count) -= 1;
        return lost;
    }

    /// <summary><see cref="AdvanceTo"/> on <paramref name="pair"/> where it is.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is earlier than the pair's clock.</exception>
    public static void AdvanceToInPlace(ref TcpPair pair, TimeSpan now)
    {
        if (now < pair._now) throw new ArgumentOutOfRangeException(nameof(now), now, "Time cannot go back.");
        Unsafe.AsRef(in pair._now) = now;
    }

    /// <summary>States and channel occupancy, for debugging.</summary>
    public override string ToString() => $"A={A.State.ToRfcName()} B={B.State.ToRfcName()} in-flight={InFlightCount} now={Now}";
}
