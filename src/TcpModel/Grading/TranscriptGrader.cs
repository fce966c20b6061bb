using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TcpModel.Transcripts;

namespace TcpModel.Grading;

/// <summary>
/// Grades a student's transcript — the textbook's handshake and teardown tables, line notation,
/// letters or numbers — field by field against the model, and explains every wrong field with its
/// RFC rule in English and Chinese.
/// </summary>
/// <remarks>
/// <para>Each step is judged as <see cref="TcpJudge"/> judges a segment: the segments the sender's
/// driver events could send (OPEN, SEND, CLOSE, ABORT, a retransmission, an ACK, a keep-alive, and
/// the replies its last arrival made due) are compared with what the student stated, and the
/// nearest — counting the stated fields and the stated states — is the right answer. The grader
/// then follows that right answer, so one mistake gives one diagnostic.</para>
/// <para>Letters are bound as a teacher binds them: where a letter is first used it names the
/// model's value there (x and y the ISNs, u the first FIN's seq, v the other side's seq when it
/// acknowledges that FIN, w the second FIN's seq); numbers drive the model with the student's own
/// ISNs. A state named in a row is the side's state after the step.</para>
/// Thread-safe; a grader may be called from many threads at once.
/// </remarks>
public static class TranscriptGrader
{
    private const ushort ClientPort = 40000, ServerPort = 80;

    /// <summary>Parses <paramref name="text"/> (Markdown tables or line notation) and grades every transcript in it.</summary>
    /// <returns>The report; unreadable text gives a report with <see cref="GradeReport.ParseErrors"/> and no diagnostics.</returns>
    public static GradeReport Grade(string? text, GradeOptions? options)
    {
        options ??= GradeOptions.Default;
        if (!TranscriptParser.TryParse(text, out IReadOnlyList<Transcript> transcripts, out IReadOnlyList<TranscriptParseError> errors))
            return new GradeReport(options.Profile, Array.Empty<GradeDiagnostic>(), Array.Empty<GradeNote>(), errors);
        return Grade(transcripts, options);
    }

    /// <summary>Grades one transcript (built in code or parsed).</summary>
    public static GradeReport Grade(Transcript transcript, GradeOptions? options)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return Grade(new[] { transcript }, options);
    }

    /// <summary>Grades the transcripts of one document (a handshake table and a teardown table, say).</summary>
    public static GradeReport Grade(IReadOnlyList<Transcript> transcripts, GradeOptions? options)
    {
        ArgumentNullException.ThrowIfNull(transcripts);
        options ??= GradeOptions.Default;
        var diagnostics = new List<GradeDiagnostic>();
        var notes = new List<GradeNote>();
        new Run(transcripts, options, diagnostics, notes).Grade();
        return new GradeReport(options.Profile, diagnostics, notes, Array.Empty<TranscriptParseError>());
    }

    /// <summary>A diagnostic whose expected value is named once the whole right exchange is known.</summary>
    private sealed record Pending(int Transcript, int Step, TranscriptPosition At, TcpField Field, string Found, Func<Namer, string> Expected,
        TcpRule Rule, string Source, GradeSlip Slip, Func<string, (string En, string Zh)> Explain, Side Side);

    /// <summary>Names a value in <c>side</c>'s sequence space, as the student's <c>written</c> would read it.</summary>
    private delegate string Namer(SeqNum value, Side side, SeqExpr written);

    /// <summary>One candidate answer for a step: the segment, its sender's and receiver's connections after it.</summary>
    private readonly record struct Answer(Side Sender, TcpSegment Segment, TcpRule Rule, TcpConnection SenderAfter, TcpConnection ReceiverAfter,
        TcpSegmentList Replies, TcpRule ArrivalRule, bool Delivered, TcpSendKind Kind);

    private sealed class Run
    {
        private readonly IReadOnlyList<Transcript> _tables;
        private Transcript _t = null!;
        private int _index;
        private readonly GradeOptions _o;
        private readonly List<GradeDiagnostic> _diagnostics;
        private readonly List<GradeNote> _notes;
        private readonly TcpConnection[] _ep = new TcpConnection[2];
        private readonly TcpSegmentList[] _replies = new TcpSegmentList[2]; // what each side's last arrival made it send
        private readonly List<Machine.SendCandidate> _candidates = new();
        private readonly Stack<List<Answer>> _lists = new(); // answer lists are reused: lookahead asks for many
        private readonly Queue<TcpSegment>[] _inFlight = { new(), new() }; // by sender
        private readonly Dictionary<char, SeqNum> _letters = new();
        private readonly List<TranscriptStep> _right = new();
        private readonly List<Pending> _pending = new();
        private readonly TcpSegment?[] _lastSent = new TcpSegment?[2];
        private TimeSpan _now = TimeSpan.Zero;

        public Run(IReadOnlyList<Transcript> tables, GradeOptions o, List<GradeDiagnostic> diagnostics, List<GradeNote> notes)
        {
            _tables = tables;
            _o = o;
            _diagnostics = diagnostics;
            _notes = notes;
        }

        private static int I(Side s) => s == Side.Client ? 0 : 1;

        private static Side Other(Side s) => s == Side.Client ? Side.Server : Side.Client;

        public void Grade()
        {
            bool started = false;
            for (int k = 0; k < _tables.Count; k++)
            {
                _t = _tables[k];
                _index = k + 1;
                if (_t.Steps.Count == 0) continue;
                // A table that carries on where the previous one stopped (the teardown after the
                // handshake) continues its exchange: the same connection, the same letters.
                if (!started || !Continues())
                {
                    FinishExchange();
                    Reset();
                    Start();
                    started = true;
                }
                _tableStart[_index] = _right.Count;
                for (int i = 0; i < _t.Steps.Count; i++)
                {
                    _now += TimeSpan.FromMilliseconds(1);
                    Step(i);
                }
            }
            FinishExchange();
        }

        /// <summary>Names the expected values of the exchange so far with its letters (x, y, u, v, w) and reports them.</summary>
        private void FinishExchange()
        {
            if (_pending.Count == 0) { _right.Clear(); return; }
            var lettering = SeqLettering.From(new Transcript(_right));
            // A point is named from the step that introduces it on; a value before any point of its side
            // (the first FIN's ack, before v is introduced) takes the first point introduced later. When
            // the student's own letter names another value than the exchange's, the student's letter is used.
            foreach (Pending p in _pending)
            {
                int at = p.Step;
                HashSet<char> used = LettersOf(_tables[p.Transcript - 1]);
                string Name(SeqNum value, Side side, SeqExpr written)
                {
                    SeqExpr named = lettering.Name(SeqExpr.Number(value), side, at);
                    for (int later = at + 1; !named.IsSymbolic && later < _right.Count; later++) named = lettering.Name(SeqExpr.Number(value), side, later);
                    // Prefer a letter this table uses (the teardown table says v, not y+1).
                    for (int later = at + 1; named.IsSymbolic && !used.Contains(named.Symbol) && later < _right.Count; later++)
                    {
                        SeqExpr other = lettering.Name(SeqExpr.Number(value), side, later);
                        if (other.IsSymbolic && used.Contains(other.Symbol)) named = other;
                    }
                    // The student's own letter when the exchange's letter is not one the student uses,
                    // names another value, or would read the same as what was written.
                    bool foreign = !named.IsSymbolic || !_letters.TryGetValue(named.Symbol, out SeqNum mine) || (lettering.Bindings.TryGetValue(named.Symbol, out SeqNum theirs) && mine != theirs);
                    if ((foreign || named == written) && written.IsSymbolic && _letters.TryGetValue(written.Symbol, out SeqNum b))
                        named = SeqExpr.Symbolic(written.Symbol, value - b);
                    return named.ToString();
                }
                string expected = p.Expected(Name);
                var (en, zh) = p.Explain(expected);
                int step = p.Step - _tableStart[p.Transcript];
                _diagnostics.Add(new GradeDiagnostic(p.Transcript, step + 1, p.At.Line, p.At.Column, p.Field, p.Side, p.Found, expected, p.Rule, p.Source, p.Slip, en, zh));
            }
            _pending.Clear();
            _right.Clear();
        }

        private readonly Dictionary<int, int> _tableStart = new();

        private static HashSet<char> LettersOf(Transcript t)
        {
            var set = new HashSet<char>();
            foreach (TranscriptStep st in t.Steps)
            {
                if (st.Segment.Seq.IsSymbolic) set.Add(st.Segment.Seq.Symbol);
                if (st.Segment.HasAck && st.Segment.Ack.IsSymbolic) set.Add(st.Segment.Ack.Symbol);
            }
            return set;
        }

        private void Reset()
        {
            _letters.Clear();
            _replies[0] = _replies[1] = default;
            foreach (var q in _inFlight) q.Clear();
            _lastSent[0] = _lastSent[1] = null;
        }

        /// <summary>
        /// Whether the current table continues the previous one: it opens no connection, both ends are
        /// synchronized, the states it starts from (if written) are theirs, and its first numbers are
        /// letters or where the connection stands.
        /// </summary>
        private bool Continues()
        {
            if (FirstBareSyn(Side.Client) >= 0 || FirstBareSyn(Side.Server) >= 0) return false;
            if (!_ep[0].State.IsSynchronized() || !_ep[1].State.IsSynchronized()) return false;
            if (_t.InitialClient is TcpState c && c != _ep[0].State) return false;
            if (_t.InitialServer is TcpState sv && sv != _ep[1].State) return false;
            foreach (Side side in new[] { Side.Client, Side.Server })
                if (FirstSegment(side) is { } f && !f.Segment.Seq.IsSymbolic && f.Segment.Seq.Value != _ep[I(side)].SndNxt && f.Segment.Seq.Value != _ep[I(side)].SndUna)
                    return false;
            return true;
        }

        // ---------------------------------------------------------------- the starting point

        private void Start()
        {
            TcpSettings s = _o.Settings;
            int clientSyn = FirstBareSyn(Side.Client), serverSyn = FirstBareSyn(Side.Server);
            bool clientFirstIsRst = FirstSegment(Side.Server) is { } f && (f.Segment.Flags & TcpFlags.Rst) != 0;
            bool handshake = clientSyn >= 0 || serverSyn >= 0 || _t.InitialClient is TcpState.Closed or TcpState.SynSent || _t.InitialServer == TcpState.Listen;
            if (handshake && clientSyn < 0 && serverSyn < 0) clientSyn = 0; // a mistaken first SYN: the client still opens
            if (handshake)
            {
                // x and y name the ISNs the model uses (the student's numbers, or the defaults).
                PreBind(Side.Client, FirstSeq(Side.Client, _o.ClientIsn));
                PreBind(Side.Server, FirstSeq(Side.Server, _o.ServerIsn));
                // A handshake: a side whose first segment is a bare SYN opens actively; the other listens
                // (or, when it only answers with RST, has no listener: CLOSED, RFC 9293 §3.10.7.1).
                _ep[0] = TcpConnection.Create(ClientPort, ServerPort, s);
                _ep[1] = serverSyn >= 0 ? TcpConnection.Create(ServerPort, ClientPort, s)
                    : clientFirstIsRst || _t.InitialServer == TcpState.Closed ? TcpConnection.Create(ServerPort, 0, s)
                    : TcpConnection.Listen(ServerPort, FirstSeq(Side.Server, _o.ServerIsn), s);
                if (clientSyn < 0) _ep[0] = TcpConnection.Listen(ClientPort, FirstSeq(Side.Client, _o.ClientIsn), s);
                return;
            }
            // A teardown (or data) from an established connection: the ISNs put SND.NXT where the
            // student's first segments are.
            SeqNum cNxt = FirstSeq(Side.Client, _o.ClientIsn + 1), sNxt = FirstSeq(Side.Server, _o.ServerIsn + 1);
            TcpTransition c = TcpConnection.Connect(ClientPort, ServerPort, cNxt - 1, TimeSpan.Zero, s);
            TcpTransition l = TcpConnection.Listen(ServerPort, sNxt - 1, s).OnSegment(c.Segments[0], TimeSpan.Zero);
            TcpTransition c2 = c.Connection.OnSegment(l.Segments[0], TimeSpan.Zero);
            TcpTransition l2 = l.Connection.OnSegment(c2.Segments[0], TimeSpan.Zero);
            _ep[0] = c2.Connection;
            _ep[1] = l2.Connection;
        }

        /// <summary>A side's first segment of a handshake is its SYN (or SYN,ACK): its letter names the ISN.</summary>
        private void PreBind(Side side, SeqNum isn)
        {
            TranscriptStep? first = FirstSegment(side);
            if (first is not null && first.Segment.Seq.IsSymbolic && !_letters.ContainsKey(first.Segment.Seq.Symbol))
                _letters[first.Segment.Seq.Symbol] = isn;
        }

        private static bool StartsWithSyn(Transcript t) =>
            (t.Steps[0].Segment.Flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;

        private int FirstBareSyn(Side side)
        {
            TranscriptStep? first = FirstSegment(side);
            return first is not null && (first.Segment.Flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn ? 0 : -1;
        }

        private TranscriptStep? FirstSegment(Side side) => _t.Steps.FirstOrDefault(s => s.Sender == side && s.Delivery != TranscriptDelivery.Arrived);

        /// <summary>
        /// The sequence number a side's first segment states as a number — its ISN in a handshake, its
        /// SND.NXT in a teardown — or <paramref name="fallback"/> (a letter names whatever the model uses).
        /// </summary>
        private SeqNum FirstSeq(Side side, SeqNum fallback)
        {
            TranscriptStep? first = FirstSegment(side);
            return first is not null && !first.Segment.Seq.IsSymbolic ? first.Segment.Seq.Value : fallback;
        }

        // ---------------------------------------------------------------- one step

        private void Step(int i)
        {
            TranscriptStep step = _t.Steps[i];
            TranscriptStepSource? src = step.Source;
            Side stated = step.Sender;

            if (step.Delivery == TranscriptDelivery.Arrived)
            {
                // The segment was judged when it was sent; now it reaches the other side.
                Queue<TcpSegment> q = _inFlight[I(stated)];
                TcpSegment seg = q.Count > 0 ? q.Dequeue() : default;
                if (q.Count == 0 && seg.SourcePort == 0) return;
                Answer arrival = Deliver(stated, seg, _ep[I(stated)], TcpRule.None);
                CheckStates(i, step, src, arrival);
                Apply(arrival, step);
                return;
            }

            List<Answer> mine = Answers(stated, step, Rent());
            List<Answer> theirs = Answers(Other(stated), step, Rent());
            (Answer best, int score) = Best(mine, step, src, i);
            (Answer otherBest, int otherScore) = Best(theirs, step, src, i);
            bool none = mine.Count == 0 && theirs.Count == 0;
            Return(mine);
            Return(theirs);
            bool wrongSide = otherScore < score;
            if (wrongSide)
            {
                best = otherBest;
                Add(i, At(src, TcpField.Direction), TcpField.Direction, SideName(stated), _ => SideName(Other(stated)), best.Rule,
                    "RFC 9293 §3.10", GradeSlip.WrongDirection, exp => (
                        $"This segment is sent by the {exp}, not the {SideName(stated)}: only the {exp} is in a state that sends it ({best.SenderAfter.State.ToRfcName()} after it).",
                        $"这个报文段应由{Zh(exp)}发送，而不是{Zh(SideName(stated))}：只有{Zh(exp)}此时的状态会发送它（发送后处于 {best.SenderAfter.State.ToRfcName()}）。"), stated);
            }
            if (none) return; // nothing could be sent: nothing to grade against
            Side sender = best.Sender;
            TcpConnection before = _ep[I(sender)];
            TranscriptSegment s = step.Segment;
            // A letter first used here names what the sender would write here, as a teacher binds u, v, w.
            BindNatural(s.Seq, NaturalSeq(sender, s));
            if (s.HasAck) BindNatural(s.Ack, before.RcvNxt);

            CheckFlags(i, step, src, best, before);
            CheckPush(i, step, src, best);
            CheckNumber(i, src, TcpField.Seq, s.Seq, best.Segment.Seq, sender, best, before);
            bool ackWritten = src?.AckNumberWritten ?? s.HasAck;
            if (best.Segment.IsAck && ackWritten && s.HasAck) CheckNumber(i, src, TcpField.Ack, s.Ack, best.Segment.Ack, Other(sender), best, before);
            bool lenWritten = src?.LengthWritten ?? true;
            if (lenWritten && s.PayloadLength != best.Segment.PayloadLength)
                Add(i, At(src, TcpField.Length), TcpField.Length, Num(s.PayloadLength), _ => Num(best.Segment.PayloadLength), best.Rule, TcpRules.Source(best.Rule), GradeSlip.None,
                    exp => ($"The sender can send {exp} bytes here, not {s.PayloadLength}.", $"发送方此时能发送的数据长度是 {exp} 字节，而不是 {s.PayloadLength}。"), sender);
            Notes(i, step, src, best);

            Answer done = step.Delivery is TranscriptDelivery.Sent or TranscriptDelivery.Lost
                ? best with { ReceiverAfter = _ep[I(Other(sender))], Delivered = false }
                : best;
            CheckStates(i, step, src, done);
            if (step.Delivery == TranscriptDelivery.Sent) _inFlight[I(sender)].Enqueue(best.Segment);
            Apply(done, step);
        }

        /// <summary>The segments <paramref name="side"/> could send for this step, each with both ends after it.</summary>
        private List<Answer> Answers(Side side, TranscriptStep step, List<Answer> answers)
        {
            TcpConnection sender = _ep[I(side)];
            TranscriptSegment s = step.Segment;
            bool opening = sender.State is TcpState.Closed or TcpState.Listen;
            SeqNum seq = opening && s.Seq.IsSymbolic && _letters.TryGetValue(s.Seq.Symbol, out SeqNum isn) ? isn // OPEN's ISS is x itself
                : TryValue(s.Seq, out SeqNum v) ? v : opening ? (side == Side.Client ? _o.ClientIsn : _o.ServerIsn) : ValueFor(s.Seq, side, s, seq: true);
            var probe = new TcpSegment(sender.LocalPort, sender.RemotePort == 0 ? (side == Side.Client ? ServerPort : ClientPort) : sender.RemotePort,
                seq, default, s.Flags & ~TcpFlags.Ack | (s.HasAck ? TcpFlags.Ack : 0), 65535, s.PayloadLength);
            _candidates.Clear();
            Machine.Candidates(sender._tcb, probe, _now, _candidates);
            foreach (var c in _candidates) answers.Add(Deliver(side, c.Segment, c.After, c.Rule) with { Kind = c.Kind });
            // The replies the side's last arrival made due (an ACK, a RST): what it sends next, at once.
            foreach (TcpSegment r in _replies[I(side)]) answers.Add(Deliver(side, r, sender, TcpRule.SendAcknowledgment) with { Kind = TcpSendKind.Ack });
            return answers;
        }

        private Answer Deliver(Side sender, TcpSegment seg, TcpConnection senderAfter, TcpRule rule)
        {
            TcpTransition arrival = _ep[I(Other(sender))].OnSegment(seg, _now);
            return new Answer(sender, seg, rule, senderAfter, arrival.Connection, arrival.Segments, arrival.Rule, true, TcpSendKind.None);
        }

        private void Apply(Answer a, TranscriptStep step)
        {
            _ep[I(a.Sender)] = a.SenderAfter;
            _replies[I(a.Sender)] = default;
            _lastSent[I(a.Sender)] = a.Segment;
            if (a.Delivered)
            {
                _ep[I(Other(a.Sender))] = a.ReceiverAfter;
                _replies[I(Other(a.Sender))] = a.Replies;
            }
            _right.Add(new TranscriptStep(a.Sender, TranscriptSegment.FromSegment(a.Segment),
                a.Sender == Side.Client ? a.SenderAfter.State : a.ReceiverAfter.State,
                a.Sender == Side.Client ? a.ReceiverAfter.State : a.SenderAfter.State,
                delivery: step.Delivery));
        }

        /// <summary>
        /// The answer with the fewest stated fields wrong, counting the next step too: of two answers
        /// that fit this row alike, the one the following row agrees with is the student's (a
        /// teacher reads one row ahead). Then the one whose numbers are nearest (a resend written one
        /// off is still the resend), then the driver's order. Returns this row's own score.
        /// </summary>
        private (Answer, int) Best(List<Answer> answers, TranscriptStep step, TranscriptStepSource? src, int i)
        {
            var scored = new List<(Answer A, int Fields, long Distance, int Total)>();
            int least = int.MaxValue;
            foreach (Answer a in answers)
            {
                var (fields, distance) = Score(a, step, src);
                scored.Add((a, fields, distance, 0));
                least = Math.Min(least, fields);
            }
            // One row ahead can save at most what it costs there: answers further off cannot win.
            scored.RemoveAll(x => x.Fields > least + 1);
            int table = _index - 1;
            for (int k = 0; k < scored.Count; k++)
                scored[k] = scored[k] with { Total = scored[k].Fields + NextRowScore(scored[k].A, step, table, i, depth: 1) };
            // Two answers that fit as well one row ahead, one blaming this row and one the next: read a second row.
            if (scored.Count > 0)
            {
                int bestTotal = scored.Min(x => x.Total);
                var tied = scored.Where(x => x.Total == bestTotal).ToList();
                if (tied.Select(x => x.Fields).Distinct().Count() > 1)
                    for (int k = 0; k < scored.Count; k++)
                        if (scored[k].Total == bestTotal) scored[k] = scored[k] with { Total = scored[k].Fields + NextRowScore(scored[k].A, step, table, i, depth: 2) };
            }
            Answer best = default;
            (int Total, int Fields, long Distance) bestKey = (int.MaxValue, int.MaxValue, 0);
            foreach (var (a, fields, distance, total) in scored)
            {
                if (total < bestKey.Total || (total == bestKey.Total && (fields < bestKey.Fields || (fields == bestKey.Fields && distance < bestKey.Distance))))
                {
                    best = a;
                    bestKey = (total, fields, distance);
                }
            }
            return (best, bestKey.Fields);
        }

        /// <summary>The row after row <paramref name="row"/> of table <paramref name="table"/>: in that table, or the first of the next table when that one carries on.</summary>
        private (int Table, int Row, TranscriptStep Step)? NextRow(int table, int row)
        {
            if (row + 1 < _tables[table].Steps.Count) return (table, row + 1, _tables[table].Steps[row + 1]);
            if (table + 1 < _tables.Count && _tables[table + 1].Steps.Count > 0 && !StartsWithSyn(_tables[table + 1])) return (table + 1, 0, _tables[table + 1].Steps[0]);
            return null;
        }

        /// <summary>
        /// How well the rows after this one fit if this row's answer is <paramref name="a"/>: the best
        /// score of the next row from either side (a wrong side costs one), <paramref name="depth"/> rows deep.
        /// </summary>
        private int NextRowScore(Answer a, TranscriptStep step, int table, int row, int depth)
        {
            if (NextRow(table, row) is not (int nextTable, int nextRow, TranscriptStep next)) return 0;
            if (next.Delivery == TranscriptDelivery.Arrived || step.Delivery == TranscriptDelivery.Arrived) return 0;
            TcpConnection c0 = _ep[0], c1 = _ep[1];
            TcpSegmentList r0 = _replies[0], r1 = _replies[1];
            List<Answer> answers = Rent();
            char added1 = '\0', added2 = '\0'; // at most the seq's and the ack's letter
            void Bind(SeqExpr e, SeqNum natural, ref char added)
            {
                if (e.IsSymbolic && _letters.TryAdd(e.Symbol, natural)) added = e.Symbol;
            }
            try
            {
                Bind(step.Segment.Seq, NaturalSeq(a.Sender, step.Segment), ref added1);
                if (step.Segment.HasAck) Bind(step.Segment.Ack, _ep[I(a.Sender)].RcvNxt, ref added2);
                bool delivered = step.Delivery == TranscriptDelivery.Delivered;
                _ep[I(a.Sender)] = a.SenderAfter;
                _replies[I(a.Sender)] = default;
                if (delivered)
                {
                    _ep[I(Other(a.Sender))] = a.ReceiverAfter;
                    _replies[I(Other(a.Sender))] = a.Replies;
                }
                Answers(next.Sender, next, answers);
                int own = answers.Count; // the rest are from the other side: a wrong direction costs one
                Answers(Other(next.Sender), next, answers);
                if (answers.Count == 0) return 0;
                int least = int.MaxValue;
                for (int k = 0; k < answers.Count; k++) least = Math.Min(least, Score(answers[k], next, next.Source).Fields + (k < own ? 0 : 1));
                if (depth <= 1) return least;
                int best = int.MaxValue;
                for (int k = 0; k < answers.Count; k++)
                {
                    int score = Score(answers[k], next, next.Source).Fields + (k < own ? 0 : 1);
                    if (score <= least + 1) best = Math.Min(best, score + NextRowScore(answers[k], next, nextTable, nextRow, depth - 1));
                }
                return best;
            }
            finally
            {
                _ep[0] = c0;
                _ep[1] = c1;
                _replies[0] = r0;
                _replies[1] = r1;
                if (added1 != '\0') _letters.Remove(added1);
                if (added2 != '\0') _letters.Remove(added2);
                Return(answers);
            }
        }

        private List<Answer> Rent() => _lists.Count > 0 ? _lists.Pop() : new List<Answer>();

        private void Return(List<Answer> list)
        {
            list.Clear();
            _lists.Push(list);
        }

        private (int Fields, long Distance) Score(Answer a, TranscriptStep step, TranscriptStepSource? src)
        {
            TranscriptSegment s = step.Segment;
            int d = 0, states = 0;
            long distance = 0;
            foreach (TcpFlags f in new[] { TcpFlags.Syn, TcpFlags.Fin, TcpFlags.Rst, TcpFlags.Ack })
            {
                if (f == TcpFlags.Ack && !Written(src, TcpFlags.Ack)) continue;
                if (((s.Flags ^ a.Segment.Flags) & f) != 0) d++;
            }
            SeqNum seq = ValueFor(s.Seq, a.Sender, s, seq: true);
            if (seq != a.Segment.Seq) { d++; distance += Math.Abs((long)(seq - a.Segment.Seq)); }
            if (s.HasAck && a.Segment.IsAck)
            {
                SeqNum ack = ValueFor(s.Ack, a.Sender, s, seq: false);
                if (ack != a.Segment.Ack) { d++; distance += Math.Abs((long)(ack - a.Segment.Ack)); }
            }
            if ((src?.LengthWritten ?? true) && s.PayloadLength != a.Segment.PayloadLength) d++;
            foreach (TranscriptStateMention m in Mentions(step, src))
                if (m.To != StateAfter(a, m.Side)) states++;
            // A keep-alive needs an idle connection that a table does not show: it wins only where the
            // student's fields say it is one.
            return (d + states + (a.Kind == TcpSendKind.KeepAlive ? 1 : 0), distance);
        }

        private static bool Written(TranscriptStepSource? src, TcpFlags flag) => src is null || (src.FlagsWritten & flag) != 0;

        private static TcpState StateAfter(Answer a, Side side) => side == a.Sender ? a.SenderAfter.State : a.ReceiverAfter.State;

        /// <summary>The states the row names: as written when parsed, else every state of the step.</summary>
        private static IEnumerable<TranscriptStateMention> Mentions(TranscriptStep step, TranscriptStepSource? src)
        {
            if (src is not null) return src.States;
            var list = new List<TranscriptStateMention>();
            if (step.ClientAfter is TcpState c) list.Add(new TranscriptStateMention(Side.Client, null, c, default, default, default));
            if (step.ServerAfter is TcpState sv) list.Add(new TranscriptStateMention(Side.Server, null, sv, default, default, default));
            return list;
        }

        // ---------------------------------------------------------------- the fields

        private void CheckFlags(int i, TranscriptStep step, TranscriptStepSource? src, Answer best, TcpConnection before)
        {
            TranscriptSegment s = step.Segment;
            foreach (var (flag, field) in new[] { (TcpFlags.Syn, TcpField.Syn), (TcpFlags.Fin, TcpField.Fin), (TcpFlags.Rst, TcpField.Rst), (TcpFlags.Ack, TcpField.AckFlag) })
            {
                bool want = (best.Segment.Flags & flag) != 0, have = (s.Flags & flag) != 0;
                if (flag == TcpFlags.Ack && !Written(src, TcpFlags.Ack))
                {
                    if (want && _o.Profile == GradeProfile.Strict)
                    {
                        Side receiver = Other(best.Sender);
                        Add(i, At(src, TcpField.Seq), TcpField.AckFlag, "(omitted)", _ => "1", best.Rule, "RFC 9293 §3.1", GradeSlip.AckOmitted, _ => (
                            "ACK=1 must be written: once a connection is synchronized every segment carries the acknowledgment (RFC 9293 §3.1).",
                            "必须写出 ACK=1：连接同步后每个报文段都携带确认（RFC 9293 §3.1）。"), best.Sender);
                        Add(i, At(src, TcpField.Seq), TcpField.Ack, "(omitted)", names => step.Segment.Seq.IsSymbolic ? names(best.Segment.Ack, receiver, default) : AckText(best), best.Rule, "RFC 9293 §3.1", GradeSlip.AckOmitted, exp => (
                            $"The acknowledgment number must be written: ack={exp}, the next sequence number expected from the peer.",
                            $"必须写出确认号：ack={exp}，即期望收到对方的下一个序号。"), best.Sender);
                    }
                    continue;
                }
                if (want == have) continue;
                GradeSlip slip = flag == TcpFlags.Syn && have && before.State != TcpState.Closed && before.State != TcpState.Listen && before.State != TcpState.SynSent ? GradeSlip.SynAfterHandshake
                    : flag == TcpFlags.Ack && !have ? GradeSlip.AckFlagOff : GradeSlip.None;
                string source = slip == GradeSlip.AckFlagOff ? "RFC 9293 §3.1, §3.10.7.4" : slip == GradeSlip.SynAfterHandshake ? "RFC 9293 §3.10.7.4, §3.4" : TcpRules.Source(best.Rule);
                string name = field.ToFieldName();
                Add(i, At(src, field), field, have ? "1" : "0", _ => want ? "1" : "0", best.Rule, source, slip, exp => slip switch
                {
                    GradeSlip.SynAfterHandshake => ($"SYN=1 only on the first two segments of the handshake: the SYN is synchronized already, so this segment has SYN=0 (a SYN here would be an error the receiver answers with a challenge ACK).",
                        "SYN=1 只出现在握手的前两个报文段：双方已同步，这个报文段 SYN=0（此时再发 SYN 是错误，接收方会以挑战 ACK 回应）。"),
                    GradeSlip.AckFlagOff => ("ACK=0 here, but every segment after the first SYN has ACK=1: a synchronized TCP drops a segment with ACK off (RFC 9293 §3.10.7.4, fifth check).",
                        "这里写了 ACK=0，但第一个 SYN 之后的每个报文段都是 ACK=1：已同步的 TCP 会丢弃 ACK 位为 0 的报文段（RFC 9293 §3.10.7.4 第五项检查）。"),
                    _ => ($"{name} should be {exp} here: {TcpRules.Explain(best.Rule, TcpLanguage.English)}", $"这里 {name} 应为 {exp}：{TcpRules.Explain(best.Rule, TcpLanguage.Chinese)}"),
                }, best.Sender);
            }
        }

        /// <summary>
        /// PSH is the sender's choice on data (RFC 9293 §3.9.1.2: it asks the receiver to deliver what
        /// has arrived); a PSH=1 written on a segment that carries no data pushes nothing.
        /// </summary>
        private void CheckPush(int i, TranscriptStep step, TranscriptStepSource? src, Answer best)
        {
            if ((step.Segment.Flags & TcpFlags.Psh) == 0 || best.Segment.PayloadLength > 0 || !Written(src, TcpFlags.Psh)) return;
            Add(i, At(src, TcpField.Psh), TcpField.Psh, "1", _ => "0", best.Rule, "RFC 9293 §3.9.1.2", GradeSlip.None, _ => (
                "PSH=1 asks the receiver to deliver the data it has to the application at once; this segment carries no data, so there is nothing to push: PSH=0.",
                "PSH=1 要求接收方立即把收到的数据交给应用程序；这个报文段不带数据，没有可以推送的内容：PSH=0。"), best.Sender);
        }

        private static string AckText(Answer a) => a.Segment.Ack.Value.ToString(CultureInfo.InvariantCulture);

        private void CheckNumber(int i, TranscriptStepSource? src, TcpField field, SeqExpr written, SeqNum right, Side space, Answer best, TcpConnection before)
        {
            if (!TryValue(written, out SeqNum value) || value == right) return;
            bool numeric = !written.IsSymbolic;
            GradeSlip slip = GradeSlip.None;
            if (field == TcpField.Ack && value == right - 1)
                slip = before.IsFinReceived ? GradeSlip.AckNotCountingFin
                    : before.State == TcpState.SynReceived || before.Irs + 1 == right || best.Segment.IsSyn ? GradeSlip.AckNotCountingSyn : GradeSlip.None;
            else if (field == TcpField.Seq && _lastSent[I(best.Sender)] is TcpSegment prev && value == prev.Seq && prev.SegmentLength > 0) slip = GradeSlip.SeqNotAdvanced;
            TcpSegment? previous = _lastSent[I(best.Sender)];
            string source = slip is GradeSlip.AckNotCountingSyn or GradeSlip.AckNotCountingFin or GradeSlip.SeqNotAdvanced ? "RFC 9293 §3.4" : TcpRules.Source(best.Rule);
            string name = field.ToFieldName();
            Add(i, At(src, field), field, written.ToString(),
                names => numeric ? right.Value.ToString(CultureInfo.InvariantCulture) : names(right, space, written), best.Rule, source, slip, exp => slip switch
                {
                    GradeSlip.AckNotCountingSyn => ($"ack={written} does not count the peer's SYN: a SYN occupies one sequence number, so the acknowledgment is {exp}, the next number expected.",
                        $"ack={written} 没有计入对方的 SYN：SYN 占用一个序号，确认号应为 {exp}，即期望收到的下一个序号。"),
                    GradeSlip.AckNotCountingFin => ($"ack={written} does not count the peer's FIN: a FIN occupies one sequence number, so the acknowledgment is {exp}.",
                        $"ack={written} 没有计入对方的 FIN：FIN 占用一个序号，确认号应为 {exp}。"),
                    GradeSlip.SeqNotAdvanced => ($"seq={written} repeats the sender's previous segment, which occupied {previous!.Value.SegmentLength} sequence number(s) (a SYN and a FIN count one each, data its length): the next segment starts at {exp}.",
                        $"seq={written} 与发送方上一个报文段相同，但上一个报文段占用了 {previous!.Value.SegmentLength} 个序号（SYN 和 FIN 各占一个，数据占其长度）：下一个报文段从 {exp} 开始。"),
                    _ => ($"{name}={written} is wrong, it is {exp}: {TcpRules.Explain(best.Rule, TcpLanguage.English)}", $"{name}={written} 不对，应为 {exp}：{TcpRules.Explain(best.Rule, TcpLanguage.Chinese)}"),
                }, best.Sender);
        }

        private void CheckStates(int i, TranscriptStep step, TranscriptStepSource? src, Answer a)
        {
            foreach (TranscriptStateMention m in Mentions(step, src))
            {
                TcpState right = StateAfter(a, m.Side);
                if (m.To == right) continue;
                Side other = Other(m.Side);
                GradeSlip slip = m.To == TcpState.TimeWait && right is TcpState.LastAck or TcpState.Closed or TcpState.CloseWait && StateAfter(a, other) is TcpState.TimeWait or TcpState.FinWait2 or TcpState.FinWait1 or TcpState.Closed
                    ? GradeSlip.TimeWaitWrongSide
                    : (m.To, right) is (TcpState.LastAck, TcpState.CloseWait) or (TcpState.CloseWait, TcpState.LastAck) ? GradeSlip.CloseWaitLastAckSwapped : GradeSlip.None;
                TcpRule rule = m.Side == a.Sender ? a.Rule : a.ArrivalRule;
                string source = slip == GradeSlip.None ? TcpRules.Source(rule) : "RFC 9293 §3.3.2, §3.10.4, §3.10.7.4";
                string who = SideName(m.Side);
                TranscriptPosition at = m.ToPosition.IsKnown ? m.ToPosition : m.Position;
                if (!at.IsKnown) at = At(src, TcpField.State);
                Add(i, at, TcpField.State, m.To.ToRfcName(), _ => right.ToRfcName(), rule, source, slip, exp => slip switch
                {
                    GradeSlip.TimeWaitWrongSide => ($"The {who} is in {exp}, not TIME-WAIT: TIME-WAIT belongs to the side that closed first (it sent the first FIN and acknowledges the other's); the side that closed second goes from LAST-ACK to CLOSED when its FIN is acknowledged.",
                        $"{Zh(who)}此时处于 {exp}，而不是 TIME-WAIT：TIME-WAIT 属于先关闭的一方（它先发 FIN，并确认对方的 FIN）；后关闭的一方在自己的 FIN 被确认后由 LAST-ACK 进入 CLOSED。"),
                    GradeSlip.CloseWaitLastAckSwapped => ($"The {who} is in {exp}, not {m.To.ToRfcName()}: CLOSE-WAIT comes first (the peer's FIN has arrived, the application has not closed yet), LAST-ACK after the {who} sends its own FIN.",
                        $"{Zh(who)}此时处于 {exp}，而不是 {m.To.ToRfcName()}：先是 CLOSE-WAIT（收到对方 FIN、本方应用尚未关闭），本方发出自己的 FIN 之后才进入 LAST-ACK。"),
                    _ => ($"After this step the {who} is in {exp}, not {m.To.ToRfcName()}: {TcpRules.Explain(rule, TcpLanguage.English)}",
                        $"这一步之后{Zh(who)}处于 {exp}，而不是 {m.To.ToRfcName()}：{TcpRules.Explain(rule, TcpLanguage.Chinese)}"),
                }, m.Side);
            }
        }

        private void Notes(int i, TranscriptStep step, TranscriptStepSource? src, Answer best)
        {
            if (src is null) return;
            foreach (TranscriptComment c in src.Comments)
            {
                if (c.Follows != TcpField.AckFlag || (step.Segment.Flags & TcpFlags.Ack) != 0) continue;
                if (!(c.Text.Contains("数据", StringComparison.Ordinal) || c.Text.Contains("data", StringComparison.OrdinalIgnoreCase))) continue;
                _notes.Add(new GradeNote(_index, i + 1, c.Position.Line, c.Position.Column, "ack0-means-no-data", "RFC 9293 §3.1",
                    "ACK=0 does not mean \"no data\": it says the acknowledgment field is not valid yet — nothing has been received to acknowledge. Whether a segment carries data is its length; the first SYN carries none because nothing is established yet.",
                    "ACK=0 并不表示“不捎带数据”：它表示确认号字段还无效——此时还没有收到任何需要确认的东西。报文段是否携带数据看它的长度；第一个 SYN 不带数据，是因为连接尚未建立。"));
            }
            if (_o.Profile == GradeProfile.Textbook && best.Segment.IsAck && best.Segment.IsFin && !Written(src, TcpFlags.Ack))
                _notes.Add(new GradeNote(_index, i + 1, src.Line, At(src, TcpField.Fin).Column, "fin-without-ack", "RFC 9293 §3.1",
                    "The FIN is written without ACK, as the textbook does; a real FIN always carries ACK=1 and ack: once synchronized the acknowledgment is always sent. The strict profile asks for them.",
                    "FIN 按教材的写法没有写 ACK；实际的 FIN 总是 ACK=1 并带确认号：同步之后总是发送确认。严格模式要求写出。"));
        }

        // ---------------------------------------------------------------- helpers

        private bool TryValue(SeqExpr e, out SeqNum value)
        {
            if (!e.IsSymbolic) { value = e.Value; return true; }
            if (_letters.TryGetValue(e.Symbol, out SeqNum b)) { value = b.Plus(e.Offset); return true; }
            value = default;
            return false;
        }

        /// <summary>What a sender writes as seq here: SND.NXT, or its ISS on a SYN.</summary>
        private SeqNum NaturalSeq(Side side, TranscriptSegment s) =>
            (s.Flags & TcpFlags.Syn) != 0 && !_ep[I(side)].State.IsSynchronized() ? _ep[I(side)].Iss : _ep[I(side)].SndNxt;

        /// <summary>The value of a written number for a candidate sent by <paramref name="side"/>: a letter not bound yet names the natural value.</summary>
        private SeqNum ValueFor(SeqExpr e, Side side, TranscriptSegment s, bool seq)
        {
            if (TryValue(e, out SeqNum v)) return v;
            return (seq ? NaturalSeq(side, s) : _ep[I(side)].RcvNxt).Plus(e.Offset);
        }

        private void BindNatural(SeqExpr e, SeqNum natural)
        {
            if (e.IsSymbolic && !_letters.ContainsKey(e.Symbol)) _letters[e.Symbol] = natural;
        }

        // The step is this step's place in the exchange (its entry in _right is added after the checks).
        private void Add(int step, TranscriptPosition at, TcpField field, string found, Func<Namer, string> expected, TcpRule rule, string source, GradeSlip slip, Func<string, (string, string)> explain, Side side) =>
            _pending.Add(new Pending(_index, _right.Count, at, field, found, expected, rule, source, slip, explain, side));

        private static TranscriptPosition At(TranscriptStepSource? src, TcpField field) => src?.Position(field) ?? default;

        private static string SideName(Side s) => s == Side.Client ? "client" : "server";

        private static string Zh(string side) => side == "client" ? "客户端" : "服务端";

        private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
