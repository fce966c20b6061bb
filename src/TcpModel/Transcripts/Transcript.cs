using System;
using System.Collections.Generic;
using System.Linq;

namespace TcpModel.Transcripts;

/// <summary>
/// A recorded or hand-written exchange between a client and a server: the initial states and the
/// ordered steps (segment, sender, states after, rule, notice).
/// </summary>
/// <remarks>
/// <para>A step whose state for a side is <c>null</c> keeps that side's previous state: the
/// constructor fills it in, so <see cref="TranscriptStep.ClientAfter"/> is <c>null</c> only while
/// the client's state is unknown from the start.</para>
/// <para>Values may be numeric (a recorded exchange), symbolic (a textbook table) or mixed;
/// <see cref="Symbolize()"/> and <see cref="TryBind"/> convert between the two.</para>
/// Immutable; thread-safe.
/// </remarks>
public sealed class Transcript : IEquatable<Transcript>
{
    private readonly TranscriptStep[] _steps;

    /// <summary>Creates a transcript.</summary>
    /// <param name="steps">The steps in order.</param>
    /// <param name="initialClient">The client's state before the first step (<c>null</c>: unknown).</param>
    /// <param name="initialServer">The server's state before the first step (<c>null</c>: unknown).</param>
    /// <param name="title">A heading such as "三次握手" or "Three-way handshake".</param>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="title"/> spans several lines.</exception>
    public Transcript(IEnumerable<TranscriptStep> steps, TcpState? initialClient = null, TcpState? initialServer = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (title is not null && title.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("A title is one line of text.", nameof(title));
        InitialClient = initialClient;
        InitialServer = initialServer;
        Title = string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        var list = new List<TranscriptStep>();
        TcpState? client = initialClient, server = initialServer;
        foreach (TranscriptStep step in steps)
        {
            ArgumentNullException.ThrowIfNull(step, nameof(steps));
            client = step.ClientAfter ?? client;
            server = step.ServerAfter ?? server;
            list.Add(step.ClientAfter == client && step.ServerAfter == server ? step : step.WithStates(client, server));
        }
        _steps = list.ToArray();
    }

    /// <summary>A heading for the transcript, if any.</summary>
    public string? Title { get; }

    /// <summary>The client's state before the first step (<c>null</c>: unknown).</summary>
    public TcpState? InitialClient { get; }

    /// <summary>The server's state before the first step (<c>null</c>: unknown).</summary>
    public TcpState? InitialServer { get; }

    /// <summary>The steps in order.</summary>
    public IReadOnlyList<TranscriptStep> Steps => _steps;

    /// <summary>The client's state before step <paramref name="index"/>.</summary>
    [Pure]
    public TcpState? ClientBefore(int index) => Before(index, Side.Client);

    /// <summary>The server's state before step <paramref name="index"/>.</summary>
    [Pure]
    public TcpState? ServerBefore(int index) => Before(index, Side.Server);

    /// <summary>The state of <paramref name="side"/> before step <paramref name="index"/> (the state after the previous step).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a step index.</exception>
    [Pure]
    public TcpState? Before(int index, Side side)
    {
        if ((uint)index >= (uint)_steps.Length) throw new ArgumentOutOfRangeException(nameof(index));
        if (index > 0) return _steps[index - 1].After(side);
        return side == Side.Client ? InitialClient : InitialServer;
    }

    /// <summary>The state <paramref name="side"/> entered in step <paramref name="index"/>, if it changed.</summary>
    internal bool TryGetChange(int index, Side side, out TcpState state)
    {
        state = _steps[index].After(side) ?? default;
        return _steps[index].After(side) is not null && _steps[index].After(side) != Before(index, side);
    }

    /// <summary>Whether every sequence and acknowledgment value is a plain number.</summary>
    public bool IsNumeric => _steps.All(s => !s.Segment.Seq.IsSymbolic && (!s.Segment.HasAck || !s.Segment.Ack.IsSymbolic));

    /// <summary>A copy with another title.</summary>
    [Pure]
    public Transcript WithTitle(string? title) => new(_steps, InitialClient, InitialServer, title);

    /// <summary>
    /// The steps <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1
    /// as a transcript of their own (its initial states are the states before <paramref name="start"/>).
    /// Symbolize first when the slice should keep the whole exchange's letters.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the steps.</exception>
    [Pure]
    public Transcript Slice(int start, int count, string? title = null)
    {
        if (start < 0 || count < 0 || start + count > _steps.Length) throw new ArgumentOutOfRangeException(nameof(count));
        TcpState? client = start == 0 ? InitialClient : _steps[start - 1].ClientAfter;
        TcpState? server = start == 0 ? InitialServer : _steps[start - 1].ServerAfter;
        return new Transcript(_steps.Skip(start).Take(count), client, server, title);
    }

    /// <summary>
    /// The transcript with every numeric value written as the nearest named point plus an offset,
    /// the way textbooks write it. See <see cref="Symbolize(out IReadOnlyDictionary{char, SeqNum})"/>.
    /// </summary>
    [Pure]
    public Transcript Symbolize() => Symbolize(out _);

    /// <summary>
    /// The transcript with every numeric value written as the nearest named point plus an offset.
    /// </summary>
    /// <remarks>
    /// <para>Named points (each belongs to one side's sequence space and is usable from the step
    /// that introduces it on):</para>
    /// <list type="bullet">
    /// <item><c>x</c>: the client's first SYN's sequence number (its ISN); <c>y</c>: the server's.</item>
    /// <item><c>u</c>: the sequence number of the first FIN (either side may close first).</item>
    /// <item><c>v</c>: the other side's sequence number in its first segment after that FIN, when that
    /// segment is not its own FIN (the ACK of the FIN in a four-segment close).</item>
    /// <item><c>w</c>: the sequence number of the other side's FIN. In a three-segment close
    /// (FIN / FIN+ACK / ACK) the other side's first segment is its FIN: it is named <c>w</c>
    /// and <c>v</c> is not used. When <c>v</c> and <c>w</c> are the same number (no data in
    /// CLOSE-WAIT), the FIN still reads <c>w</c>, as in the textbook table.</item>
    /// </list>
    /// <para>A sequence number is written from its sender's points, an acknowledgment number from
    /// the receiver's points: the point with the smallest distance, the latest-introduced on a tie.
    /// A value with no point on its side (the <c>seq=0</c> of a RST from a closed port) stays a
    /// number. Values that are already symbolic are kept and are not used as points.</para>
    /// </remarks>
    /// <param name="bindings">The numbers of the named points (bind them back with <see cref="TryBind"/>).</param>
    [Pure]
    public Transcript Symbolize(out IReadOnlyDictionary<char, SeqNum> bindings)
    {
        var lettering = SeqLettering.From(this);
        bindings = lettering.Bindings;
        var steps = new TranscriptStep[_steps.Length];
        var sent = new Dictionary<(Side, TranscriptSegment), TranscriptSegment>();
        for (int i = 0; i < _steps.Length; i++)
        {
            TranscriptStep step = _steps[i];
            TranscriptSegment seg = step.Segment;
            // An arriving segment reads as it did when it was sent, though later points may be nearer now.
            if (step.Delivery == TranscriptDelivery.Arrived && sent.TryGetValue((step.Sender, seg), out TranscriptSegment named))
            {
                steps[i] = step.WithSegment(named);
                continue;
            }
            SeqExpr seq = lettering.Name(seg.Seq, step.Sender, i);
            SeqExpr ack = seg.HasAck ? lettering.Name(seg.Ack, step.Receiver, i) : default;
            steps[i] = step.WithSegment(seg.WithNumbers(seq, ack));
            if (step.Delivery == TranscriptDelivery.Sent) sent[(step.Sender, seg)] = steps[i].Segment;
        }
        return new Transcript(steps, InitialClient, InitialServer, Title);
    }

    /// <summary>Letters consecutive sections of one exchange together (see <see cref="Symbolize(out IReadOnlyDictionary{char, SeqNum})"/>).</summary>
    internal static List<Transcript> SymbolizeSections(IReadOnlyList<Transcript> sections)
    {
        Transcript whole = new Transcript(sections.SelectMany(s => s._steps), sections[0].InitialClient, sections[0].InitialServer).Symbolize();
        var result = new List<Transcript>();
        int start = 0;
        foreach (Transcript s in sections)
        {
            result.Add(new Transcript(whole._steps.Skip(start).Take(s._steps.Length), s.InitialClient, s.InitialServer, s.Title));
            start += s._steps.Length;
        }
        return result;
    }

    /// <summary>The transcript with every symbol replaced by its number.</summary>
    /// <param name="bindings">Values of the named points.</param>
    /// <param name="result">The numeric transcript, or <c>null</c>.</param>
    /// <param name="missing">The first symbol without a value, or <c>'\0'</c>.</param>
    public bool TryBind(IReadOnlyDictionary<char, SeqNum> bindings, out Transcript? result, out char missing)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var steps = new TranscriptStep[_steps.Length];
        for (int i = 0; i < _steps.Length; i++)
        {
            if (!_steps[i].Segment.TryBind(bindings, out TranscriptSegment seg, out missing))
            {
                result = null;
                return false;
            }
            steps[i] = _steps[i].WithSegment(seg);
        }
        missing = '\0';
        result = new Transcript(steps, InitialClient, InitialServer, Title);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(Transcript? other) =>
        other is not null && Title == other.Title && InitialClient == other.InitialClient
        && InitialServer == other.InitialServer && _steps.SequenceEqual(other._steps);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Transcript);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Title, InitialClient, InitialServer, _steps.Length);

    /// <summary>The transcript as English plain text (see <see cref="TranscriptRenderer"/>).</summary>
    public override string ToString() => TranscriptRenderer.Render(this, TranscriptFormat.Text, TranscriptRenderOptions.Default);
}
