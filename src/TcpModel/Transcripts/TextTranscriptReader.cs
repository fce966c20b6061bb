using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TcpModel.Transcripts;

/// <summary>
/// Reads line notation: <c>[n] [t=1.5s] C -&gt; S  SYN=1 ACK=0 seq=x  ; client SYN-SENT; rule OpenActive</c>.
/// A <c>## title</c> line starts a new transcript, <c>initial: client CLOSED, server LISTEN</c>
/// gives the initial states, <c>#</c> and <c>//</c> start comments. State annotations give the
/// states after the step (RFC 9293's figure convention); a side not named keeps its state.
/// </summary>
internal static class TextTranscriptReader
{
    public static List<Transcript> Read(string[] lines, TranscriptSyntax syntax, List<TranscriptParseError> errors)
    {
        var result = new List<Transcript>();
        string? title = null;
        TcpState? ic = null, isv = null;
        var steps = new List<TranscriptStep>();
        var cur = new TcpState?[2];
        bool any = false;
        int stepLines = 0; // step lines of this section, valid or not: a bad line does not renumber the next

        void Flush()
        {
            if (steps.Count > 0) result.Add(new Transcript(steps, ic, isv, title));
            steps = new List<TranscriptStep>();
            stepLines = 0;
        }

        for (int li = 0; li < lines.Length; li++)
        {
            string line = lines[li];
            int lineNo = li + 1;
            string trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed.StartsWith("##", StringComparison.Ordinal))
            {
                Flush();
                title = trimmed.TrimStart('#').Trim();
                ic = isv = null;
                cur[0] = cur[1] = null;
                any = false;
                continue;
            }
            if (trimmed.StartsWith('#') || trimmed.StartsWith("//", StringComparison.Ordinal)) continue;
            string? label = new[] { "初始状态：", "初始状态:", "initial states:", "initial:" }.FirstOrDefault(l => trimmed.StartsWith(l, StringComparison.OrdinalIgnoreCase));
            if (label is not null)
            {
                int at = line.IndexOf(trimmed, StringComparison.Ordinal) + label.Length;
                if (any) syntax.Error(TranscriptErrorCode.StateClause, lineNo, 1, "the initial states come before the first step");
                else if (syntax.TryParseStates(line.Substring(at), lineNo, at + 1, out var m))
                {
                    foreach (var (mention, col) in m)
                    {
                        if (mention.From is not null) syntax.Error(TranscriptErrorCode.StateClause, lineNo, col, "an initial state is one state, not a change");
                        else if (mention.Side == Side.Client) ic = mention.To;
                        else isv = mention.To;
                    }
                    cur[0] = ic;
                    cur[1] = isv;
                }
                continue;
            }
            any = true;
            ReadStep(line, lineNo, ++stepLines, steps, cur, syntax, errors);
        }
        Flush();
        return result;
    }

    private static void ReadStep(string line, int lineNo, int number, List<TranscriptStep> steps, TcpState?[] cur, TranscriptSyntax syntax, List<TranscriptParseError> errors)
    {
        int before = errors.Count;
        var source = new TranscriptStepSource.Builder(lineNo);
        int i = 0;
        while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
        if (i < line.Length && char.IsAsciiDigit(line[i]))
        {
            int s = i;
            while (i < line.Length && char.IsAsciiDigit(line[i])) i++;
            string digits = line.Substring(s, i - s);
            if (i < line.Length && line[i] is '.' or ')') i++;
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n != number)
                syntax.Error(TranscriptErrorCode.StepNumber, lineNo, s + 1, "expected step number " + number.ToString(CultureInfo.InvariantCulture) + ", found '" + digits + "'");
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
        }
        TimeSpan? time = null;
        if (string.CompareOrdinal(line, i, "t=", 0, 2) == 0 || (i < line.Length && line[i] == '@'))
        {
            int s = i;
            i += line[i] == '@' ? 1 : 2;
            int e = i;
            while (e < line.Length && !char.IsWhiteSpace(line[e])) e++;
            if (syntax.TryParseTime(line.Substring(i, e - i), lineNo, s + 1, out TimeSpan ts)) time = ts;
            i = e;
        }
        if (!syntax.TryParseDirection(line, i, lineNo, 1, out Side sender, out int dirEnd, source)) return;
        TranscriptDelivery delivery = TranscriptSyntax.ReadDelivery(line, ref dirEnd);
        int semi = IndexOutsideQuotes(line, dirEnd, ';');
        int fieldsEnd = semi < 0 ? line.Length : semi;
        syntax.TryParseFields(line.Substring(dirEnd, fieldsEnd - dirEnd), lineNo, dirEnd + 1, out TranscriptSegment segment, source);
        TcpRule rule = TcpRule.None;
        TcpNotice notice = TcpNotice.None;
        string? note = null;
        var next = (TcpState?[])cur.Clone();
        while (semi >= 0)
        {
            int start = semi + 1;
            semi = IndexOutsideQuotes(line, start, ';');
            string ann = line.Substring(start, (semi < 0 ? line.Length : semi) - start);
            int lead = ann.Length - ann.TrimStart().Length;
            string a = ann.Trim();
            int col = start + lead + 1;
            if (a.Length == 0) continue;
            string? word = new[] { "rule", "规则", "notice", "通知", "note", "说明" }.FirstOrDefault(w => a.StartsWith(w, StringComparison.OrdinalIgnoreCase) && (a.Length == w.Length || !char.IsAsciiLetter(a[w.Length])));
            if (word is "rule" or "规则") syntax.TryParseRule(ann.Substring(lead + word.Length), lineNo, col + word.Length, out rule, source);
            else if (word is "notice" or "通知") syntax.TryParseNotices(ann.Substring(lead + word.Length), lineNo, col + word.Length, out notice);
            else if (word is not null) note = Unquote(a.Substring(word.Length).Trim(), lineNo, col + word.Length, syntax);
            else if (syntax.TryParseStates(ann, lineNo, start + 1, out var mentions, source))
            {
                if (mentions.Count == 0) syntax.Error(TranscriptErrorCode.Annotation, lineNo, col, "expected a state (client SYN-SENT), rule, notice or note after ';'");
                foreach (var (m, mcol) in mentions)
                {
                    if (m.From is TcpState from && from != cur[(int)m.Side])
                        syntax.Error(TranscriptErrorCode.StateConflict, lineNo, mcol, "the " + m.Side.ToString().ToLowerInvariant() + " is not in " + from.ToRfcName() + " before this step");
                    next[(int)m.Side] = m.To;
                }
            }
        }
        if (errors.Count > before) return;
        next.CopyTo(cur, 0);
        steps.Add(new TranscriptStep(sender, segment, cur[0], cur[1], rule, notice, note, time, delivery).WithSource(source.Build()));
    }

    private static int IndexOutsideQuotes(string line, int start, char target)
    {
        bool quoted = false;
        for (int i = start; i < line.Length; i++)
        {
            if (quoted && line[i] == '\\') { i++; continue; }
            if (line[i] == '"') quoted = !quoted;
            else if (!quoted && line[i] == target) return i;
        }
        return -1;
    }

    private static string? Unquote(string text, int line, int column, TranscriptSyntax syntax)
    {
        if (!text.StartsWith('"')) return text; // bare text up to the next ';'
        var sb = new System.Text.StringBuilder();
        for (int i = 1; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length) { sb.Append(text[++i]); continue; }
            if (c == '"')
            {
                if (text.Substring(i + 1).Trim().Length > 0) syntax.Error(TranscriptErrorCode.Annotation, line, column + i + 1, "unexpected text after the closing quote");
                return sb.ToString();
            }
            sb.Append(c);
        }
        syntax.Error(TranscriptErrorCode.Quote, line, column, "expected a closing '\"'");
        return null;
    }
}
