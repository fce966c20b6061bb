using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using TcpModel.Grading;
using TcpModel.Transcripts;
using Xunit;
using Xunit.Abstractions;

namespace TcpModel.Tests.Grading;

/// <summary>
/// The grader on the seed's tables, on every generated answer key (which must grade correct in both
/// profiles), on every one-field change of a key (which must be reported at that step and field,
/// without cascading), and on the common slips, one tiny table each.
/// </summary>
public class GraderTests
{
    private static readonly GradeOptions Textbook = GradeOptions.Default;
    private static readonly GradeOptions Strict = GradeOptions.Default with { Profile = GradeProfile.Strict };

    private readonly ITestOutputHelper _out;

    public GraderTests(ITestOutputHelper output) => _out = output;

    private static string Seed([CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "Transcripts", "Resources", "seed-tables.md"));

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');

    private static string Describe(GradeReport r) => r.ToText(TcpLanguage.English) + string.Join("\n", r.ParseErrors);

    // ------------------------------------------------------------------ 1, 2: the seed

    [Fact]
    public void SeedTables_AreCorrect_WithTheAck0Note()
    {
        GradeReport report = TranscriptGrader.Grade(Seed(), Textbook);

        Assert.True(report.IsReadable, Describe(report));
        Assert.Equal("correct", report.Verdict);
        Assert.True(report.IsCorrect);
        Assert.Empty(report.Diagnostics);
        GradeNote note = Assert.Single(report.Notes, n => n.Id == "ack0-means-no-data");
        Assert.Equal(1, note.Transcript);
        Assert.Equal(1, note.Step);
        Assert.Contains("确认号", note.Chinese, StringComparison.Ordinal);
        Assert.Contains("ACK=0", note.English, StringComparison.Ordinal);
        // The note points at the seed's gloss （表示不捎带数据） on the first handshake row.
        string line = Lines(Seed())[note.Line - 1];
        Assert.Contains("不捎带数据", line.Substring(note.Column - 1), StringComparison.Ordinal);
        Assert.StartsWith("| 1 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedWithAckX_IsWrongAtStep2Ack_InBothLanguages()
    {
        string[] lines = Lines(Seed());
        int row = Array.FindIndex(lines, l => l.StartsWith("| 2 ", StringComparison.Ordinal) && l.Contains("`ack=x+1`", StringComparison.Ordinal));
        Assert.True(row >= 0);
        int other = Array.FindIndex(lines, row + 1, l => l.Contains("`ack=x+1`", StringComparison.Ordinal));
        Assert.Equal(-1, other); // the replace below touches that row only
        lines[row] = lines[row].Replace("`ack=x+1`", "`ack=x`", StringComparison.Ordinal);
        string text = string.Join("\n", lines);

        GradeReport report = TranscriptGrader.Grade(text, Textbook);

        Assert.Equal("wrong", report.Verdict);
        GradeDiagnostic d = Assert.Single(report.Diagnostics);
        Assert.Equal(1, d.Transcript);
        Assert.Equal(2, d.Step);
        Assert.Equal(TcpField.Ack, d.Field);
        Assert.Equal("ack", d.Field.ToFieldName());
        Assert.Equal("x", d.Found);
        Assert.Equal("x+1", d.Expected);
        Assert.Equal(row + 1, d.Line);
        Assert.StartsWith("x`", lines[row].Substring(d.Column - 1), StringComparison.Ordinal);
        Assert.Equal("ack=", lines[row].Substring(d.Column - 5, 4));
        Assert.Equal(GradeSlip.AckNotCountingSyn, d.Slip);
        Assert.Equal(Side.Server, d.Side);
        Assert.Contains("RFC 9293", d.Source, StringComparison.Ordinal);
        Assert.Contains("SYN", d.English, StringComparison.Ordinal);
        Assert.Contains("x+1", d.English, StringComparison.Ordinal);
        Assert.Contains("SYN 占用一个序号", d.Chinese, StringComparison.Ordinal);
        Assert.Contains("确认号应为 x+1", d.Chinese, StringComparison.Ordinal);
        Assert.Equal(d.Chinese, d.Message(TcpLanguage.Chinese));
        Assert.Equal(d.English, d.Message(TcpLanguage.English));
        // The note on step 1 is still there: a wrong step 2 does not hide it.
        Assert.Contains(report.Notes, n => n.Id == "ack0-means-no-data" && n.Step == 1);

        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        JsonElement root = json.RootElement;
        Assert.Equal("wrong", root.GetProperty("verdict").GetString());
        Assert.Equal("textbook", root.GetProperty("profile").GetString());
        Assert.Equal(1, root.GetProperty("diagnostics").GetArrayLength());
        JsonElement j = root.GetProperty("diagnostics")[0];
        Assert.Equal(1, j.GetProperty("transcript").GetInt32());
        Assert.Equal("ack", j.GetProperty("field").GetString());
        Assert.Equal("x", j.GetProperty("found").GetString());
        Assert.Equal("x+1", j.GetProperty("expected").GetString());
        Assert.Equal(2, j.GetProperty("step").GetInt32());
        Assert.Equal(d.Line, j.GetProperty("line").GetInt32());
        Assert.Equal(d.Column, j.GetProperty("column").GetInt32());
        Assert.Equal("ack-not-counting-syn", j.GetProperty("slip").GetString());
        Assert.Equal(d.English, j.GetProperty("message").GetProperty("en").GetString());
        Assert.Equal(d.Chinese, j.GetProperty("message").GetProperty("zh").GetString());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetProperty("id").GetString() == "ack0-means-no-data");

        // The text reports, in both languages, name the step, the place and both values.
        Assert.Contains($"step 2 ({d.Line}:{d.Column}) ack: found x, expected x+1", report.ToText(TcpLanguage.English), StringComparison.Ordinal);
        Assert.Contains($"第 2 步（{d.Line}:{d.Column}）ack：写的是 x，应为 x+1", report.ToText(TcpLanguage.Chinese), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ 3: every key is correct

    [Fact]
    public void EveryExerciseKey_GradesCorrect()
    {
        var failures = new List<string>();
        for (int seed = 1; seed <= 300; seed++)
        {
            Exercise e = ExerciseGenerator.Generate(seed);
            void Check(string what, GradeReport r)
            {
                if (!r.IsCorrect) failures.Add($"seed {seed}, {what}: {r.Verdict}\n{Describe(r)}");
            }
            Check("KeyMarkdown textbook", TranscriptGrader.Grade(e.KeyMarkdown, Textbook));
            Check("KeyMarkdown strict", TranscriptGrader.Grade(e.KeyMarkdown, Strict));
            Check("Key textbook", TranscriptGrader.Grade(e.Key, Textbook));
            Check("Key strict", TranscriptGrader.Grade(e.Key, Strict));
            Check("KeySections textbook", TranscriptGrader.Grade(e.KeySections, Textbook));
            Check("KeySections strict", TranscriptGrader.Grade(e.KeySections, Strict));
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(6)));
    }

    [Fact]
    public void EveryExerciseKey_InNumbersAndChinese_GradesCorrect()
    {
        var failures = new List<string>();
        foreach (var options in new[]
        {
            new ExerciseOptions { Style = SeqStyle.Numeric },
            new ExerciseOptions { Language = TranscriptLanguage.Chinese },
            new ExerciseOptions { Language = TranscriptLanguage.Chinese, Style = SeqStyle.Numeric },
        })
        {
            for (int seed = 1; seed <= 60; seed++)
            {
                Exercise e = ExerciseGenerator.Generate(seed, options);
                foreach (GradeOptions profile in new[] { Textbook, Strict })
                {
                    GradeReport r = TranscriptGrader.Grade(e.KeyMarkdown, profile);
                    if (!r.IsCorrect) failures.Add($"seed {seed} {options.Language}/{options.Style} {profile.Profile}: {r.Verdict}\n{Describe(r)}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(6)));
    }

    // ------------------------------------------------------------------ 4: one change, one diagnostic

    private enum Change { SeqPlusOne, AckPlusOne, FlipFin, FlipSyn, OtherState }

    /// <summary>
    /// The kinds of change, for the summary. Every kind is held to "reported at that step and field";
    /// <see cref="Unstated"/> rows can be another valid segment at that step (see the test).
    /// </summary>
    private enum Class
    {
        Checked,
        /// <summary>seq/ack at the first use of a letter in its table: the letter names what the sender would write there.</summary>
        FirstUse,
        /// <summary>FIN flipped on a row that states no state of its sender: the row is another valid segment (data+FIN, a bare ACK) that only later rows contradict.</summary>
        Unstated,
        /// <summary>SYN=0 on the SYN+ACK.</summary>
        SynAck,
        /// <summary>A state on an ACK or data row whose seq is a fresh letter.</summary>
        FreshLetterState,
        /// <summary>seq changed on a retransmission.</summary>
        Retransmission,
    }

    private sealed record Mutant(int Seed, int Transcript, int Step, Change Kind, Class Class, TcpField Field, Side? Side, string Line, string Text);

    /// <summary>A state a student could confuse with <paramref name="s"/> (never <paramref name="s"/> itself).</summary>
    private static TcpState Confusable(TcpState s) => s switch
    {
        TcpState.TimeWait => TcpState.Closed,
        TcpState.Closed => TcpState.TimeWait,
        TcpState.CloseWait => TcpState.LastAck,
        TcpState.LastAck => TcpState.CloseWait,
        TcpState.FinWait1 => TcpState.FinWait2,
        TcpState.FinWait2 => TcpState.FinWait1,
        TcpState.Established => TcpState.SynReceived,
        TcpState.SynSent => TcpState.SynReceived,
        TcpState.SynReceived => TcpState.Established,
        TcpState.Closing => TcpState.TimeWait,
        _ => TcpState.Established,
    };

    private static int TokenEnd(string line, int start, Func<char, bool> part)
    {
        int end = start;
        while (end < line.Length && part(line[end])) end++;
        return end;
    }

    private static string ReplaceAt(string line, int start, int end, string with) => line.Substring(0, start) + with + line.Substring(end);

    private static SeqExpr PlusOne(SeqExpr e) => e.IsSymbolic ? SeqExpr.Symbolic(e.Symbol, e.Offset + 1) : SeqExpr.Number(e.Value + 1);

    private static bool IsValueChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-';

    private static bool IsStateChar(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-';

    /// <summary>The value token at a 1-based column of a row replaced by <paramref name="with"/>.</summary>
    private static string ReplaceValue(string line, TranscriptPosition at, string with)
    {
        int start = at.Column - 1;
        return ReplaceAt(line, start, TokenEnd(line, start, IsValueChar), with);
    }

    /// <summary>The row with control bit <paramref name="flag"/> flipped: <c>FIN=1</c> ↔ <c>FIN=0</c>, or <c>FIN=1</c> added before seq.</summary>
    private static string FlipFlag(string line, TranscriptStepSource src, TcpFlags flag, bool isSet, string name)
    {
        if ((src.FlagsWritten & flag) != 0)
        {
            int at = src.FlagPosition(flag).Column - 1;
            Assert.Equal(name + "=" + (isSet ? "1" : "0"), line.Substring(at, name.Length + 2));
            return ReplaceAt(line, at, at + name.Length + 2, name + "=" + (isSet ? "0" : "1"));
        }
        int seqName = src.Seq.Column - 1 - "seq=".Length;
        Assert.Equal("seq=", line.Substring(seqName, 4));
        bool ticked = seqName > 0 && line[seqName - 1] == '`';
        return line.Insert(seqName, name + "=1" + (ticked ? "`, `" : ", "));
    }

    /// <summary>Whether the grader has bound <paramref name="e"/>'s letter before step <paramref name="i"/> of <paramref name="t"/>.</summary>
    private static bool Bound(Transcript t, int i, SeqExpr e)
    {
        if (!e.IsSymbolic) return true;
        // x and y name the ISNs of a table's SYNs from the start; other letters are bound where first used.
        if (t.Steps.Any(s => (s.Segment.Flags & TcpFlags.Syn) != 0 && s.Segment.Seq.Symbol == e.Symbol)) return true;
        return t.Steps.Take(i).Any(s => s.Segment.Seq.Symbol == e.Symbol || s.Segment.HasAck && s.Segment.Ack.Symbol == e.Symbol);
    }

    private static IEnumerable<Mutant> Mutants(int seed, string markdown)
    {
        string[] lines = Lines(markdown);
        Assert.True(TranscriptParser.TryParse(markdown, out IReadOnlyList<Transcript> key, out var errors), string.Join("\n", errors));
        for (int t = 0; t < key.Count; t++)
        {
            Transcript table = key[t];
            for (int i = 0; i < table.Steps.Count; i++)
            {
                TranscriptStep step = table.Steps[i];
                TranscriptStepSource src = step.Source!;
                string line = lines[src.Line - 1];
                Mutant Make(Change kind, Class cls, TcpField field, string changed, Side? side = null)
                {
                    Assert.NotEqual(line, changed);
                    var copy = (string[])lines.Clone();
                    copy[src.Line - 1] = changed;
                    return new Mutant(seed, t + 1, i + 1, kind, cls, field, side, changed, string.Join("\n", copy));
                }
                TranscriptSegment s = step.Segment;
                bool fin = (s.Flags & TcpFlags.Fin) != 0, syn = (s.Flags & TcpFlags.Syn) != 0;
                bool retransmission = table.Steps.Take(i).Any(p => p.Delivery == TranscriptDelivery.Lost && p.Sender == step.Sender && p.Segment.Seq == s.Seq);
                bool senderStated = src.States.Any(m => m.Side == step.Sender);

                yield return Make(Change.SeqPlusOne, !Bound(table, i, s.Seq) ? Class.FirstUse : retransmission ? Class.Retransmission : Class.Checked,
                    TcpField.Seq, ReplaceValue(line, src.Seq, PlusOne(s.Seq).ToString()));
                if (s.HasAck)
                    yield return Make(Change.AckPlusOne, !Bound(table, i, s.Ack) ? Class.FirstUse : Class.Checked,
                        TcpField.Ack, ReplaceValue(line, src.AckNumber, PlusOne(s.Ack).ToString()));
                yield return Make(Change.FlipFin, syn || senderStated ? Class.Checked : Class.Unstated,
                    TcpField.Fin, FlipFlag(line, src, TcpFlags.Fin, fin, "FIN"), step.Sender);
                yield return Make(Change.FlipSyn, syn && s.HasAck ? Class.SynAck : Class.Checked,
                    TcpField.Syn, FlipFlag(line, src, TcpFlags.Syn, syn, "SYN"));
                // One state token per change: "both enter ESTABLISHED" names two sides at one token.
                foreach (var group in src.States.GroupBy(m => m.ToPosition))
                {
                    TranscriptStateMention m = group.First();
                    int start = m.ToPosition.Column - 1;
                    int end = TokenEnd(line, start, IsStateChar);
                    Assert.True(TcpStateExtensions.TryParse(line.AsSpan(start, end - start), out TcpState written) && written == m.To, line);
                    yield return Make(Change.OtherState, !syn && !fin && !Bound(table, i, s.Seq) ? Class.FreshLetterState : Class.Checked,
                        TcpField.State, ReplaceAt(line, start, end, Confusable(m.To).ToRfcName()), group.Count() == 1 ? m.Side : null);
                }
            }
        }
    }

    [Fact]
    public void EveryOneFieldChange_OfAKey_IsReportedAtThatStepAndField()
    {
        var started = DateTime.UtcNow;
        var stats = new Dictionary<(Change, Class), (int Total, int One, int Ok)>();
        var failures = new List<string>();
        int total = 0, one = 0, checkedTotal = 0, checkedOne = 0, checkedFirst = 0;
        for (int seed = 1; seed <= 120; seed++)
        {
            Exercise e = ExerciseGenerator.Generate(seed);
            foreach (Mutant m in Mutants(seed, e.KeyMarkdown))
            {
                GradeReport r = TranscriptGrader.Grade(m.Text, Textbook);
                // A flipped FIN moves its sender's state too: a diagnostic on either is at the change.
                bool AtChange(GradeDiagnostic d) => d.Transcript == m.Transcript && d.Step == m.Step
                    && (d.Field == m.Field || m.Kind == Change.FlipFin && d.Field == TcpField.State && d.Side == m.Side)
                    && (m.Field != TcpField.State || m.Side is null || d.Side == m.Side);
                bool ok = r.IsReadable && r.Verdict == "wrong" && r.Diagnostics.Any(AtChange) && r.Diagnostics.Count <= 2
                    && !r.Diagnostics.Any(d => d.Found == d.Expected);
                bool single = r.Diagnostics.Count == 1;
                total++;
                if (single) one++;
                var (st, so, sk) = stats.GetValueOrDefault((m.Kind, m.Class));
                stats[(m.Kind, m.Class)] = (st + 1, so + (single ? 1 : 0), sk + (ok ? 1 : 0));
                if (m.Class == Class.Unstated) continue;
                checkedTotal++;
                if (single && ok) checkedOne++;
                if (ok && AtChange(r.Diagnostics[0])) checkedFirst++;
                if (!ok)
                    failures.Add($"seed {m.Seed}, table {m.Transcript} step {m.Step}, {m.Kind} ({m.Field.ToFieldName()}): {r.Verdict}, {r.Diagnostics.Count} diagnostic(s)\n  row: {m.Line}\n{Describe(r)}");
            }
        }
        var elapsed = DateTime.UtcNow - started;
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{total} changes of 120 keys in {elapsed.TotalSeconds:0.0}s. Checked: {checkedTotal}, exactly one diagnostic {checkedOne} = {(double)checkedOne / checkedTotal:P1}, first diagnostic at the change {checkedFirst}; "
            + $"all changes: exactly one diagnostic {one}/{total} = {(double)one / total:P1}; failures {failures.Count}\n")
            + string.Join("\n", stats.OrderBy(k => k.Key).Select(k => string.Create(CultureInfo.InvariantCulture,
                $"  {k.Key.Item1,-10} {k.Key.Item2,-19} {k.Value.Total,5} changes, {k.Value.One,5} with one diagnostic, {k.Value.Ok,5} at the change and at most 2")));
        _out.WriteLine(summary);
        Assert.True(checkedTotal > 120 * 20, summary);
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(8)));
        // Its time is printed, not asserted: speed is measured in benchmarks (GradingBenchmarks), never
        // in a timed test (a 20 s bound here failed twice on a loaded machine).
    }

    // ------------------------------------------------------------------ 4b: regressions the changes found (minimal inputs)

    [Fact]
    public void Regression_SeedWithClientFinWait1AfterTheFinsAck_IsWrong()
    {
        string text = Edit(Seed(), "客户端进入 FIN-WAIT2", "客户端进入 FIN-WAIT-1");
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        Assert.Equal("wrong", r.Verdict);
        GradeDiagnostic d = Assert.Single(r.Diagnostics);
        Assert.Equal((2, 2, TcpField.State, Side.Client, "FIN-WAIT-1", "FIN-WAIT-2"), (d.Transcript, d.Step, d.Field, d.Side, d.Found, d.Expected));

        // The same in line notation; with v bound (ack=v on the FIN) it is reported.
        Assert.Equal("wrong", TranscriptGrader.Grade("S -> C  FIN=1 ACK=1 seq=u ack=x+1 ; server FIN-WAIT-1\nC -> S  ACK=1 seq=v ack=u+1 ; client CLOSE-WAIT; server FIN-WAIT-1\n", Textbook).Verdict);
    }

    [Fact]
    public void FinWait1AfterTheFinsAck_WithTheSeqLetterBound_IsReported()
    {
        GradeReport r = TranscriptGrader.Grade("C -> S  FIN=1 ACK=1 seq=u ack=v ; client FIN-WAIT-1\nS -> C  ACK=1 seq=v ack=u+1 ; server CLOSE-WAIT; client FIN-WAIT-1\n", Textbook);
        GradeDiagnostic d = Assert.Single(r.Diagnostics);
        Assert.Equal((2, TcpField.State, Side.Client, "FIN-WAIT-1", "FIN-WAIT-2"), (d.Step, d.Field, d.Side, d.Found, d.Expected));
    }

    [Fact]
    public void Regression_Syn0OnTheSynAck_IsReportedAtStep2()
    {
        const string text = "C -> S  SYN=1 ACK=0 seq=x ; client SYN-SENT\nS -> C  SYN=0 ACK=1 seq=y ack=x+1 ; server SYN-RECEIVED\nC -> S  ACK=1 seq=x+1 ack=y+1 ; client ESTABLISHED; server ESTABLISHED\n";
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        Assert.Contains(r.Diagnostics, d => d.Step == 2 && d.Field == TcpField.Syn && d.Found == "0" && d.Expected == "1");
        Assert.True(r.Diagnostics.Count <= 2, Describe(r));
    }

    [Fact]
    public void Regression_FirstFinSeqUPlusOne_NeverSaysFoundEqualsExpected()
    {
        const string text = "C -> S  FIN=1 ACK=1 seq=u+1 ack=v ; client FIN-WAIT-1\nS -> C  ACK=1 seq=v ack=u+1 ; server CLOSE-WAIT; client FIN-WAIT-2\n";
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        Assert.Equal("wrong", r.Verdict);
        Assert.DoesNotContain(r.Diagnostics, d => d.Found == d.Expected);
        Assert.Single(r.Diagnostics);
    }

    [Fact]
    public void Regression_RetransmissionSeqOffByOne_IsOneDiagnostic()
    {
        const string text = "initial: client ESTABLISHED, server ESTABLISHED\nC -> S lost  PSH=1 ACK=1 seq=1001 ack=5001 len=100\nC -> S       PSH=1 ACK=1 seq=1002 ack=5001 len=100\nS -> C       ACK=1 seq=5001 ack=1101\n";
        Assert.True(TranscriptGrader.Grade(text.Replace("seq=1002", "seq=1001", StringComparison.Ordinal), Textbook).IsCorrect);
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        GradeDiagnostic d = Assert.Single(r.Diagnostics);
        Assert.Equal((2, TcpField.Seq, "1002", "1001"), (d.Step, d.Field, d.Found, d.Expected));
    }

    [Fact]
    public void Regression_LettersCarryFromTheHandshakeTableToTheTeardownTable()
    {
        string text = Handshake + "\n\n" + """
            ## Four-way teardown

            | Step | Direction | Segment | Header fields | State change |
            | ---- | --------- | ------- | ------------- | ------------ |
            | 1 | Client → Server | FIN | FIN=1, ACK=1, seq=x+2, ack=y+1 | client enters FIN-WAIT-1 |
            | 2 | Server → Client | ACK | ACK=1, seq=y+1, ack=x+3 | server enters CLOSE-WAIT, client enters FIN-WAIT-2 |
            """;
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        Assert.Equal("wrong", r.Verdict);
        Assert.Contains(r.Diagnostics, d => d.Transcript == 2 && d.Step == 1 && d.Field == TcpField.Seq && d.Expected == "x+1");
    }

    // ------------------------------------------------------------------ 5: the common slips

    private const string Handshake = """
        ## Three-way handshake

        | Step | Direction | Segment | Header fields | State change |
        | ---- | --------- | ------- | ------------- | ------------ |
        | 1 | Client → Server | SYN | SYN=1, ACK=0, seq=x | client enters SYN-SENT |
        | 2 | Server → Client | SYN+ACK | SYN=1, ACK=1, seq=y, ack=x+1 | server enters SYN-RECEIVED |
        | 3 | Client → Server | ACK | SYN=0, ACK=1, seq=x+1, ack=y+1 | both enter ESTABLISHED |
        """;

    private const string Teardown = """
        ## 四次挥手

        | 步骤 | 发送方向 | 报文段名称 | 首部字段值 | 状态变化 |
        | ---- | -------- | ---------- | ---------- | -------- |
        | 1 | 客户端 → 服务端 | 连接释放报文段 | `FIN=1`，`seq=u` | 客户端进入 `FIN-WAIT-1` 状态 |
        | 2 | 服务端 → 客户端 | 确认报文段 | `ACK=1`，`ack=u+1`，`seq=v` | 服务端进入 `CLOSE-WAIT` 状态，客户端进入 `FIN-WAIT-2` 状态 |
        | 3 | 服务端 → 客户端 | 连接释放报文段 | `FIN=1`，`ACK=1`，`seq=w`，`ack=u+1` | 服务端进入 `LAST-ACK` 状态 |
        | 4 | 客户端 → 服务端 | 确认报文段 | `ACK=1`，`ack=w+1`，`seq=u+1` | 客户端进入 `TIME-WAIT` 状态，服务端进入 `CLOSED` 状态 |
        """;

    /// <summary><paramref name="text"/> with the only occurrence of <paramref name="from"/> replaced.</summary>
    private static string Edit(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, from);
        return text.Substring(0, at) + to + text.Substring(at + from.Length);
    }

    /// <summary>The text at a diagnostic's line and column.</summary>
    private static string At(string text, GradeDiagnostic d) => Lines(text)[d.Line - 1].Substring(d.Column - 1);

    [Fact]
    public void TheUnchangedTinyTables_AreCorrect()
    {
        Assert.True(TranscriptGrader.Grade(Handshake, Textbook).IsCorrect, Describe(TranscriptGrader.Grade(Handshake, Textbook)));
        GradeReport teardown = TranscriptGrader.Grade(Teardown, Textbook);
        Assert.True(teardown.IsCorrect, Describe(teardown));
        Assert.Contains(teardown.Notes, n => n.Id == "fin-without-ack" && n.Step == 1);
        Assert.DoesNotContain(teardown.Notes, n => n.Id == "fin-without-ack" && n.Step == 3); // step 3 writes ACK=1
    }

    [Fact]
    public void SynOnTheThirdSegment_IsSynAfterHandshake()
    {
        string text = Edit(Handshake, "SYN=0, ACK=1, seq=x+1", "SYN=1, ACK=1, seq=x+1");
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        GradeDiagnostic d = Assert.Single(r.Diagnostics);
        Assert.Equal((3, TcpField.Syn, "1", "0", GradeSlip.SynAfterHandshake), (d.Step, d.Field, d.Found, d.Expected, d.Slip));
        Assert.StartsWith("SYN=1, ACK=1, seq=x+1", At(text, d), StringComparison.Ordinal);
        Assert.Contains("§3.10.7.4", d.Source, StringComparison.Ordinal);
        Assert.Contains("SYN=0", d.Chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void AckZeroOnAnExplicitFin_IsAckFlagOff()
    {
        // Line notation: the FIN from ESTABLISHED written with ACK=0.
        const string text = "C -> S  FIN=1 ACK=0 seq=u ; client FIN-WAIT-1\nS -> C  ACK=1 seq=v ack=u+1 ; server CLOSE-WAIT; client FIN-WAIT-2\n";
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        Assert.Equal("wrong", r.Verdict);
        GradeDiagnostic d = Assert.Single(r.Diagnostics);
        Assert.Equal((1, TcpField.AckFlag, "ACK", "0", "1", GradeSlip.AckFlagOff), (d.Step, d.Field, d.Field.ToFieldName(), d.Found, d.Expected, d.Slip));
        Assert.Equal(1, d.Line);
        Assert.StartsWith("ACK=0", At(text, d), StringComparison.Ordinal);
        Assert.Contains("ACK=0", d.Chinese, StringComparison.Ordinal);
        // Leaving ACK out, as the textbook does, is not wrong in the textbook profile.
        Assert.True(TranscriptGrader.Grade(text.Replace(" ACK=0", "", StringComparison.Ordinal), Textbook).IsCorrect);
    }

    [Fact]
    public void TimeWaitOnTheSideThatClosedSecond_IsTimeWaitWrongSide()
    {
        string text = Edit(Teardown, "客户端进入 `TIME-WAIT` 状态，服务端进入 `CLOSED` 状态", "服务端进入 `TIME-WAIT` 状态");
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        GradeDiagnostic d = Assert.Single(r.Diagnostics);
        Assert.Equal((4, TcpField.State, Side.Server, "TIME-WAIT", "CLOSED", GradeSlip.TimeWaitWrongSide), (d.Step, d.Field, d.Side, d.Found, d.Expected, d.Slip));
        Assert.StartsWith("TIME-WAIT", At(text, d), StringComparison.Ordinal);
        Assert.Contains("TIME-WAIT 属于先关闭的一方", d.Chinese, StringComparison.Ordinal);

        // Both swapped (the corpus's 28): one slip per side, the server's is the TIME-WAIT slip.
        string swapped = Edit(Teardown, "客户端进入 `TIME-WAIT` 状态，服务端进入 `CLOSED` 状态", "客户端进入 `CLOSED` 状态，服务端进入 `TIME-WAIT` 状态");
        GradeReport both = TranscriptGrader.Grade(swapped, Textbook);
        Assert.Equal(2, both.Diagnostics.Count);
        Assert.Contains(both.Diagnostics, x => x.Side == Side.Client && x.Found == "CLOSED" && x.Expected == "TIME-WAIT");
        Assert.Contains(both.Diagnostics, x => x.Side == Side.Server && x.Found == "TIME-WAIT" && x.Expected == "CLOSED" && x.Slip == GradeSlip.TimeWaitWrongSide);
    }

    [Fact]
    public void CloseWaitAndLastAckSwapped_IsCloseWaitLastAckSwapped()
    {
        string text = Edit(Edit(Teardown, "服务端进入 `CLOSE-WAIT` 状态", "服务端进入 `LAST-ACK` 状态"), "服务端进入 `LAST-ACK` 状态 |", "服务端进入 `CLOSE-WAIT` 状态 |");
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        Assert.Equal(2, r.Diagnostics.Count);
        Assert.All(r.Diagnostics, d => Assert.Equal((TcpField.State, Side.Server, GradeSlip.CloseWaitLastAckSwapped), (d.Field, d.Side, d.Slip)));
        Assert.Equal((2, "LAST-ACK", "CLOSE-WAIT"), (r.Diagnostics[0].Step, r.Diagnostics[0].Found, r.Diagnostics[0].Expected));
        Assert.Equal((3, "CLOSE-WAIT", "LAST-ACK"), (r.Diagnostics[1].Step, r.Diagnostics[1].Found, r.Diagnostics[1].Expected));
        Assert.StartsWith("LAST-ACK", At(text, r.Diagnostics[0]), StringComparison.Ordinal);
        Assert.StartsWith("CLOSE-WAIT", At(text, r.Diagnostics[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSynAckWrittenFromTheClient_IsWrongDirection()
    {
        string text = Edit(Handshake, "| 2 | Server → Client |", "| 2 | Client → Server |");
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        GradeDiagnostic d = Assert.Single(r.Diagnostics);
        Assert.Equal((2, TcpField.Direction, "client", "server", GradeSlip.WrongDirection), (d.Step, d.Field, d.Found, d.Expected, d.Slip));
        Assert.Equal(Side.Client, d.Side); // the side written
        Assert.StartsWith("Client → Server", At(text, d), StringComparison.Ordinal);
        Assert.Contains("服务端", d.Chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void StrictProfile_FinWithoutAck_NeedsAckAndAckNumber()
    {
        GradeReport r = TranscriptGrader.Grade(Teardown, Strict);
        Assert.Equal("wrong", r.Verdict);
        // Step 1 omits ACK and ack; step 3 writes them.
        Assert.Equal(2, r.Diagnostics.Count);
        Assert.All(r.Diagnostics, d => Assert.Equal((1, "(omitted)", GradeSlip.AckOmitted), (d.Step, d.Found, d.Slip)));
        Assert.Equal((TcpField.AckFlag, "1"), (r.Diagnostics[0].Field, r.Diagnostics[0].Expected));
        Assert.Equal(TcpField.Ack, r.Diagnostics[1].Field);
        Assert.Equal("v", r.Diagnostics[1].Expected); // the client acknowledges the server's next seq, v
        Assert.Contains("RFC 9293 §3.1", r.Diagnostics[0].Source, StringComparison.Ordinal);
        Assert.DoesNotContain(r.Notes, n => n.Id == "fin-without-ack");

        // Line notation, a single FIN: the same two diagnostics.
        GradeReport line = TranscriptGrader.Grade("C -> S  FIN=1 seq=u ; client FIN-WAIT-1", Strict);
        Assert.Equal(new[] { "ACK", "ack" }, line.Diagnostics.Select(d => d.Field.ToFieldName()));
        Assert.All(line.Diagnostics, d => Assert.Equal("(omitted)", d.Found));
        Assert.True(TranscriptGrader.Grade("C -> S  FIN=1 seq=u ; client FIN-WAIT-1", Textbook).IsCorrect);
    }

    [Fact]
    public void UnreadableInput_HasParseErrors_AndNoDiagnostics()
    {
        const string text = "C -> S  SYN=1 ACK=0 seq=x\nS -> C  SYN=1 ACK=1 seq=y ack=x+1\nC -> S  ACK=1 sqe=x+1 ack=y+1\n";
        GradeReport r = TranscriptGrader.Grade(text, Textbook);
        Assert.Equal("unreadable", r.Verdict);
        Assert.False(r.IsReadable);
        Assert.False(r.IsCorrect);
        Assert.Empty(r.Diagnostics);
        Assert.Empty(r.Notes);
        TranscriptParseError e = Assert.Single(r.ParseErrors);
        Assert.Equal(3, e.Line);
        Assert.Equal("C -> S  ACK=1 ".Length + 1, e.Column);
        Assert.Equal(TranscriptErrorCode.UnknownField, e.Code);

        using JsonDocument json = JsonDocument.Parse(r.ToJson());
        Assert.Equal("unreadable", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("diagnostics").GetArrayLength());
        JsonElement je = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, e.Column), (je.GetProperty("line").GetInt32(), je.GetProperty("column").GetInt32()));

        Assert.Equal("unreadable", TranscriptGrader.Grade("", Textbook).Verdict);
        Assert.Equal("unreadable", TranscriptGrader.Grade((string?)null, Textbook).Verdict);
    }
}
