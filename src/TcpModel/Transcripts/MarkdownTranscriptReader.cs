using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static TcpModel.Transcripts.TranscriptVocabulary;

namespace TcpModel.Transcripts;

/// <summary>
/// Reads the textbook's Markdown tables: every table is one transcript, titled by the nearest
/// heading above it; an "初始状态：" / "Initial states:" line above it gives the initial states.
/// Prose between tables is not part of a transcript and is skipped.
/// </summary>
internal static class MarkdownTranscriptReader
{
    private enum Column { Step, Time, Direction, Name, Fields, State, Rule, Notice, Note }

    public static List<Transcript> Read(string[] lines, TranscriptSyntax syntax)
    {
        var result = new List<Transcript>();
        string? title = null;
        List<(StateColumn.Mention Mention, int Column)>? initial = null;
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i];
            string trimmed = line.TrimStart();
            if (trimmed.StartsWith('|'))
            {
                int end = i;
                while (end < lines.Length && lines[end].TrimStart().StartsWith('|')) end++;
                Transcript? t = ReadTable(lines, i, end, title, initial, syntax);
                if (t is not null) result.Add(t);
                title = null;
                initial = null;
                i = end;
                continue;
            }
            if (trimmed.StartsWith('#'))
            {
                title = trimmed.TrimStart('#').Trim().Trim('*').Trim();
                initial = null;
            }
            else
            {
                string bare = trimmed.TrimStart('>', ' ').Replace("**", string.Empty);
                foreach (string label in new[] { "初始状态：", "初始状态:", "initial states:", "initial state:", "initial:" })
                {
                    if (!bare.StartsWith(label, StringComparison.OrdinalIgnoreCase)) continue;
                    int at = line.IndexOf(label.Substring(0, 2), StringComparison.OrdinalIgnoreCase) + label.Length;
                    if (syntax.TryParseStates(line.Substring(at), i + 1, at + 1, out var m)) initial = m;
                    break;
                }
            }
            i++;
        }
        return result;
    }

    private static Transcript? ReadTable(string[] lines, int first, int end, string? title, List<(StateColumn.Mention Mention, int Column)>? initial, TranscriptSyntax syntax)
    {
        var header = SplitRow(lines[first]);
        if (end - first < 2 || !IsSeparatorRow(lines[first + 1]))
        {
            syntax.Error(TranscriptErrorCode.TableLayout, first + 2, 1, "expected the separator row (| --- | --- |) under the table header");
            return null;
        }
        var columns = new Column[header.Count];
        for (int c = 0; c < header.Count; c++) columns[c] = Classify(header[c].Text);
        foreach (var (required, names) in new[] { (Column.Direction, DirectionHeaders), (Column.Fields, FieldHeaders) })
        {
            if (!columns.Contains(required))
            {
                syntax.Error(TranscriptErrorCode.TableLayout, first + 1, 1, "expected a '" + names[0] + "' / '" + names[1] + "' column in the table header");
                return null;
            }
        }
        bool ok = true;
        var rows = new List<(TranscriptStep Step, List<StateColumn.Mention> Mentions, int Line, int StateColumn)>();
        for (int li = first + 2; li < end; li++)
        {
            int lineNo = li + 1;
            // Rows are numbered by their place in the table, valid or not: one bad row is one error,
            // not also a "wrong" number on every row after it.
            int number = li - (first + 2) + 1;
            var source = new TranscriptStepSource.Builder(lineNo);
            var cells = SplitRow(lines[li]);
            if (cells.Count != header.Count)
            {
                syntax.Error(TranscriptErrorCode.CellCount, lineNo, 1, string.Format(CultureInfo.InvariantCulture, "expected {0} cells like the header, found {1}", header.Count, cells.Count));
                ok = false;
                continue;
            }
            Side sender = default;
            TranscriptSegment segment = default;
            TimeSpan? time = null;
            TcpRule rule = TcpRule.None;
            TcpNotice notice = TcpNotice.None;
            var notes = new List<string>();
            var mentions = new List<StateColumn.Mention>();
            int stateCol = 1;
            TranscriptDelivery delivery = TranscriptDelivery.Delivered;
            bool rowOk = true;
            for (int c = 0; c < cells.Count; c++)
            {
                var (text, col) = cells[c];
                string bare = text.Replace("*", string.Empty).Replace("`", string.Empty).Trim();
                int at = col + text.Length - text.TrimStart().Length; // where the cell's text starts
                switch (columns[c])
                {
                    case Column.Step:
                        if (!int.TryParse(bare, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n != number)
                        {
                            syntax.Error(TranscriptErrorCode.StepNumber, lineNo, at, "expected step number " + number.ToString(CultureInfo.InvariantCulture) + ", found '" + bare + "'");
                            rowOk = false;
                        }
                        break;
                    case Column.Time:
                        if (bare.Length > 0)
                        {
                            if (syntax.TryParseTime(bare, lineNo, at, out TimeSpan ts)) time = ts;
                            else rowOk = false;
                        }
                        break;
                    case Column.Direction:
                        if (!syntax.TryParseDirection(text, 0, lineNo, col, out sender, out int dirEnd, source)) { rowOk = false; break; }
                        delivery = TranscriptSyntax.ReadDelivery(text, ref dirEnd);
                        if (text.Substring(dirEnd).Replace("*", string.Empty).Trim().Length > 0)
                        {
                            syntax.Error(TranscriptErrorCode.Direction, lineNo, col + dirEnd, "unexpected text after the direction (expected nothing, or sent, arrives, lost, 发出, 到达, 丢失)");
                            rowOk = false;
                        }
                        break;
                    case Column.Name:
                        if (bare.Length > 0 && !KnownSegmentNames.Contains(bare))
                        {
                            syntax.Error(TranscriptErrorCode.SegmentName, lineNo, at, "'" + bare + "' is not a segment name (expected 连接请求报文段, 确认报文段, 连接释放报文段, 复位报文段, 数据报文段 or connection request, acknowledgment, connection release, reset, data)");
                            rowOk = false;
                        }
                        break;
                    case Column.Fields:
                        if (!syntax.TryParseFields(text, lineNo, col, out segment, source)) rowOk = false;
                        break;
                    case Column.State:
                        stateCol = col;
                        if (syntax.TryParseStates(text, lineNo, col, out var m, source)) mentions.AddRange(m.Select(x => x.Mention));
                        else rowOk = false;
                        break;
                    case Column.Rule:
                        if (!syntax.TryParseRule(text, lineNo, col, out rule, source)) rowOk = false;
                        break;
                    case Column.Notice:
                        if (!syntax.TryParseNotices(text, lineNo, col, out notice)) rowOk = false;
                        break;
                    default:
                        if (text.Trim().Length > 0) notes.Add(Unescape(text.Trim()));
                        break;
                }
            }
            if (!rowOk) { ok = false; continue; }
            var step = new TranscriptStep(sender, segment, null, null, rule, notice, notes.Count == 0 ? null : string.Join(" / ", notes), time, delivery);
            rows.Add((step.WithSource(source.Build()), mentions, lineNo, stateCol));
        }
        if (!ok) return null;
        if (rows.Count == 0)
        {
            syntax.Error(TranscriptErrorCode.NoSteps, first + 1, 1, "the table has no rows");
            return null;
        }
        TcpState? ic = initial?.Where(m => m.Mention.Side == Side.Client).Select(m => (TcpState?)m.Mention.To).FirstOrDefault();
        TcpState? isv = initial?.Where(m => m.Mention.Side == Side.Server).Select(m => (TcpState?)m.Mention.To).FirstOrDefault();
        int bad = StateColumn.Apply(ic, isv, rows.Select(r => (r.Step.Sender, r.Mentions)).ToList(), out var after);
        if (bad >= 0)
        {
            syntax.Error(TranscriptErrorCode.StateConflict, rows[bad].Line, rows[bad].StateColumn, "the 'from' state does not match the state the endpoint is in after the previous rows");
            return null;
        }
        return new Transcript(rows.Select((r, k) => r.Step.WithStates(after[k].Client, after[k].Server)), ic, isv, title);
    }

    private static Column Classify(string header)
    {
        string h = header.Replace("*", string.Empty).Replace("`", string.Empty).Trim();
        bool Is(string[] names) => names.Any(n => h.Equals(n, StringComparison.OrdinalIgnoreCase));
        if (Is(StepHeaders)) return Column.Step;
        if (Is(TimeHeaders)) return Column.Time;
        if (Is(DirectionHeaders)) return Column.Direction;
        if (Is(NameHeaders)) return Column.Name;
        if (Is(FieldHeaders)) return Column.Fields;
        if (Is(StateHeaders)) return Column.State;
        if (Is(RuleHeaders)) return Column.Rule;
        if (Is(NoticeHeaders)) return Column.Notice;
        return Column.Note; // any other column (the textbook's 资源释放时机) is kept as the step's note
    }

    private static bool IsSeparatorRow(string line) =>
        SplitRow(line).All(c => c.Text.Trim().Length > 0 && c.Text.Trim().All(ch => ch is '-' or ':'));

    /// <summary>The cells of a row with the 1-based column where each starts; <c>\|</c> does not split.</summary>
    private static List<(string Text, int Column)> SplitRow(string line)
    {
        var cells = new List<(string, int)>();
        int i = line.IndexOf('|') + 1;
        int start = i;
        for (; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length) { i++; continue; }
            if (line[i] != '|') continue;
            cells.Add((line.Substring(start, i - start), start + 1));
            start = i + 1;
        }
        string rest = line.Substring(Math.Min(start, line.Length));
        if (rest.Trim().Length > 0) cells.Add((rest, start + 1)); // a row without its closing '|'
        return cells;
    }

    private static string Unescape(string text) => text.Replace("\\|", "|").Replace("\\\\", "\\");
}
