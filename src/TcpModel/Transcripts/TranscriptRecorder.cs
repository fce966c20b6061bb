using System;
using System.Collections.Generic;
using TcpModel.Drivers;

namespace TcpModel.Transcripts;

/// <summary>
/// Drives a <see cref="TcpPair"/> (endpoint A is the client, B the server) and records what
/// happens as a <see cref="Transcript"/>: every segment sent, delivered, delayed, injected or
/// lost, with both endpoints' states, the rule and the notice.
/// </summary>
/// <remarks>
/// A segment that arrives right after it was sent, with nothing in between, becomes one
/// <see cref="TranscriptDelivery.Delivered"/> step; segments that cross (simultaneous open and
/// close), wait in the network or come from it (an injected old duplicate) become
/// <see cref="TranscriptDelivery.Sent"/> and <see cref="TranscriptDelivery.Arrived"/> steps.
/// State changes that send nothing (a timer, a passive OPEN) show in the next step's states.
/// A recorder is a mutable builder: not thread-safe. The pair values it holds are immutable.
/// </remarks>
public sealed class TranscriptRecorder
{
    private enum EntryKind { Sent, Arrived, Lost }

    private readonly record struct Entry(EntryKind Kind, int Id, Side Sender, TcpSegment Segment, TcpState Client, TcpState Server, TcpRule Rule, TcpNotice Notice, TimeSpan Time);

    private readonly List<Entry> _log = new();
    private readonly List<(int Start, string? Title)> _sections = new();
    private readonly List<int> _channel = new(); // segment ids parallel to the pair's channel
    private readonly List<(int Id, TcpSide To, TcpSegment Segment)> _held = new();
    private readonly TcpState _initialClient, _initialServer;
    private int _nextId;

    /// <summary>Starts recording from <paramref name="pair"/>, which must have nothing in flight.</summary>
    /// <param name="pair">The two endpoints: A is the client, B the server.</param>
    /// <param name="title">The title of the first section.</param>
    /// <exception cref="ArgumentException">Segments are already in flight.</exception>
    public TranscriptRecorder(TcpPair pair, string? title = null)
    {
        if (!pair.IsQuiet) throw new ArgumentException("Start recording with an empty channel.", nameof(pair));
        Pair = pair;
        _initialClient = pair.A.State;
        _initialServer = pair.B.State;
        _sections.Add((0, title));
    }

    /// <summary>The pair now.</summary>
    public TcpPair Pair { get; private set; }

    /// <summary>The transition of the last event or delivery.</summary>
    public TcpTransition LastTransition { get; private set; }

    private static TcpSide ToTcpSide(Side side) => side == Side.Client ? TcpSide.A : TcpSide.B;

    private static Side ToSide(TcpSide side) => side == TcpSide.A ? Side.Client : Side.Server;

    /// <summary>Starts a new section (a new table in the rendering), such as the teardown after the handshake.</summary>
    /// <param name="title">The section's title.</param>
    public TranscriptRecorder Section(string? title)
    {
        if (_sections[^1].Start == _log.Count) _sections[^1] = (_log.Count, title);
        else _sections.Add((_log.Count, title));
        return this;
    }

    /// <summary>Applies a user call (OPEN, SEND, CLOSE, ABORT, ...) to one endpoint; what it sends is recorded.</summary>
    /// <param name="side">The endpoint.</param>
    /// <param name="e">The event.</param>
    /// <exception cref="InvalidOperationException">The call returned an error (the scenario is wrong).</exception>
    public TranscriptRecorder Do(Side side, TcpEvent e)
    {
        int before = Pair.InFlightCount;
        TcpPairStep step = Pair.Apply(ToTcpSide(side), e);
        if (step.Transition.Error != TcpError.None)
            throw new InvalidOperationException(e + " on the " + side.ToString().ToLowerInvariant() + " failed: " + step.Transition.Error);
        Take(step, before);
        return this;
    }

    /// <summary>Delivers the oldest segment in flight and records its arrival and what the receiver sends.</summary>
    /// <exception cref="InvalidOperationException">Nothing is in flight.</exception>
    public TranscriptRecorder Deliver()
    {
        if (!Pair.TryDeliverNext(out TcpPairStep step)) throw new InvalidOperationException("Nothing is in flight.");
        int id = _channel[0];
        _channel.RemoveAt(0);
        Side receiver = ToSide(step.Side);
        Side sender = receiver == Side.Client ? Side.Server : Side.Client;
        Add(EntryKind.Arrived, id, sender, step.Event.Segment, step.Pair, step.Transition.Rule, step.Transition.Notice);
        Take(step, Pair.InFlightCount - 1);
        return this;
    }

    /// <summary>Delivers until nothing is in flight.</summary>
    /// <param name="limit">The most deliveries to make.</param>
    /// <exception cref="InvalidOperationException">The exchange does not settle within <paramref name="limit"/> deliveries.</exception>
    public TranscriptRecorder DeliverAll(int limit = 100)
    {
        while (!Pair.IsQuiet)
        {
            if (limit-- == 0) throw new InvalidOperationException("The exchange does not settle.");
            Deliver();
        }
        return this;
    }

    /// <summary>Loses the oldest segment in flight.</summary>
    /// <exception cref="InvalidOperationException">Nothing is in flight.</exception>
    public TranscriptRecorder Drop()
    {
        TcpPairStep step = Pair.DropNext();
        int id = _channel[0];
        _channel.RemoveAt(0);
        Side receiver = ToSide(step.Side);
        Pair = step.Pair;
        Add(EntryKind.Lost, id, receiver == Side.Client ? Side.Server : Side.Client, step.Event.Segment, Pair, TcpRule.None, TcpNotice.None);
        return this;
    }

    /// <summary>Holds back the oldest segment in flight (it is "sent" now and arrives after <see cref="Release"/>).</summary>
    /// <exception cref="InvalidOperationException">Nothing is in flight.</exception>
    public TranscriptRecorder Delay()
    {
        TcpPairStep step = Pair.DropNext();
        _held.Add((_channel[0], step.Side, step.Event.Segment));
        _channel.RemoveAt(0);
        Pair = step.Pair;
        return this;
    }

    /// <summary>Puts the segments held back by <see cref="Delay"/> at the end of the channel.</summary>
    public TranscriptRecorder Release()
    {
        foreach (var (id, to, segment) in _held)
        {
            Pair = Pair.Inject(to, segment);
            _channel.Add(id);
        }
        _held.Clear();
        return this;
    }

    /// <summary>Puts a segment from the network (an old duplicate, a forged RST) at the end of the channel toward <paramref name="to"/>.</summary>
    /// <param name="to">The endpoint it goes to.</param>
    /// <param name="segment">The segment.</param>
    public TranscriptRecorder Inject(Side to, TcpSegment segment)
    {
        Pair = Pair.Inject(ToTcpSide(to), segment);
        _channel.Add(_nextId++);
        return this;
    }

    /// <summary>Replaces one endpoint (a crash and reboot, a new ISS).</summary>
    /// <param name="side">The endpoint.</param>
    /// <param name="connection">Its new connection value.</param>
    public TranscriptRecorder Replace(Side side, TcpConnection connection)
    {
        Pair = Pair.With(ToTcpSide(side), connection);
        return this;
    }

    /// <summary>Moves the clock to <paramref name="now"/> and fires every timer due by then, recording what they send.</summary>
    /// <param name="now">The new time; not earlier than the pair's.</param>
    public TranscriptRecorder AdvanceTo(TimeSpan now)
    {
        Pair = Pair.AdvanceTo(now);
        int guard = 1000;
        while (guard-- > 0)
        {
            int before = Pair.InFlightCount;
            if (!Pair.TryFireTimer(out TcpPairStep step)) break;
            Take(step, before);
        }
        return this;
    }

    private void Take(TcpPairStep step, int firstNew)
    {
        Pair = step.Pair;
        LastTransition = step.Transition;
        Side sender = ToSide(step.Side);
        for (int i = firstNew; i < Pair.InFlightCount; i++)
        {
            int id = _nextId++;
            _channel.Add(id);
            Add(EntryKind.Sent, id, sender, Pair.InFlight(i), Pair, step.Transition.Rule, TcpNotice.None);
        }
    }

    private void Add(EntryKind kind, int id, Side sender, TcpSegment segment, TcpPair pair, TcpRule rule, TcpNotice notice) =>
        _log.Add(new Entry(kind, id, sender, segment, pair.A.State, pair.B.State, rule, notice, pair.Now));

    /// <summary>The whole recording as one transcript (sections are not split).</summary>
    /// <param name="title">Its title.</param>
    public Transcript ToTranscript(string? title = null) => new(Steps(0, _log.Count), _initialClient, _initialServer, title);

    /// <summary>One transcript per <see cref="Section"/> (empty sections are left out), each starting from the states the previous one ended in.</summary>
    public IReadOnlyList<Transcript> ToSections()
    {
        var result = new List<Transcript>();
        TcpState client = _initialClient, server = _initialServer;
        for (int s = 0; s < _sections.Count; s++)
        {
            int start = _sections[s].Start, end = s + 1 < _sections.Count ? _sections[s + 1].Start : _log.Count;
            if (end == start) continue;
            result.Add(new Transcript(Steps(start, end), client, server, _sections[s].Title));
            client = _log[end - 1].Client;
            server = _log[end - 1].Server;
        }
        return result;
    }

    private List<TranscriptStep> Steps(int start, int end)
    {
        var steps = new List<TranscriptStep>();
        bool timed = false;
        for (int i = start; i < end; i++) timed |= _log[i].Time != TimeSpan.Zero;
        for (int i = start; i < end; i++)
        {
            Entry e = _log[i];
            TranscriptDelivery delivery = e.Kind switch { EntryKind.Arrived => TranscriptDelivery.Arrived, EntryKind.Lost => TranscriptDelivery.Lost, _ => TranscriptDelivery.Sent };
            Entry last = e;
            // Sent and, right after, its arrival or loss: one step.
            if (e.Kind == EntryKind.Sent && i + 1 < end && _log[i + 1].Id == e.Id)
            {
                last = _log[++i];
                delivery = last.Kind == EntryKind.Arrived ? TranscriptDelivery.Delivered : TranscriptDelivery.Lost;
            }
            steps.Add(new TranscriptStep(e.Sender, TranscriptSegment.FromSegment(e.Segment), last.Client, last.Server,
                last.Kind == EntryKind.Arrived ? last.Rule : e.Rule, last.Notice, null, timed ? e.Time : null, delivery));
        }
        return steps;
    }
}
