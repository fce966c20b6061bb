using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TcpModel.Transcripts;

/// <summary>
/// The pieces of textbook notation both parsers share: header fields, directions, state clauses,
/// times. Every method reports problems with their position into an error list and never throws.
/// </summary>
internal sealed class TranscriptSyntax
{
    private readonly List<TranscriptParseError> _errors;

    public TranscriptSyntax(List<TranscriptParseError> errors) => _errors = errors;

    public void Error(TranscriptErrorCode code, int line, int column, string message) =>
        _errors.Add(new TranscriptParseError(code, line, column, message));

    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c is ',' or '，' or '、';

    private static bool IsCjk(char c) => c >= 0x2E80 && c <= 0x9FFF;

    /// <summary>
    /// Blanks out comments in parentheses (ASCII or full-width), backticks and bold markers,
    /// keeping every other character at its position. Returns false after reporting an unclosed parenthesis.
    /// </summary>
    /// <remarks>The optional comments list receives the index of each outermost comment's opening and closing parenthesis.</remarks>
    public bool Mask(string text, int line, int column, out char[] masked, List<(int Open, int Close)>? comments = null)
    {
        masked = text.ToCharArray();
        int depth = 0, open = -1;
        for (int i = 0; i < masked.Length; i++)
        {
            char c = masked[i];
            if (c is '(' or '（') { if (depth++ == 0) open = i; masked[i] = ' '; continue; }
            if (c is ')' or '）' && depth > 0) { if (--depth == 0) comments?.Add((open, i)); masked[i] = ' '; continue; }
            if (depth > 0 || c == '`') masked[i] = ' ';
            // Bold markers (**) are layout; a single '*' is left for the value parser to report.
            else if (c == '*' && ((i + 1 < masked.Length && masked[i + 1] == '*') || (i > 0 && text[i - 1] == '*'))) masked[i] = ' ';
        }
        if (depth > 0)
        {
            Error(TranscriptErrorCode.UnclosedBracket, line, column + open, "expected ')' to close this comment");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Gives <paramref name="source"/> the comments of one cell, each with the nearest field token
    /// before it (<paramref name="tokens"/>: the column where each field starts).
    /// </summary>
    private static void AddComments(TranscriptStepSource.Builder? source, string text, int column, List<(int Open, int Close)> spans, List<(int Column, TcpField Field)> tokens)
    {
        if (source is null) return;
        foreach (var (open, close) in spans)
        {
            TcpField follows = TcpField.None;
            int best = int.MinValue;
            foreach (var (at, field) in tokens)
                if (at < column + open && at > best) { best = at; follows = field; }
            int a = open + 1, b = close;
            while (a < b && char.IsWhiteSpace(text[a])) a++;
            while (b > a && char.IsWhiteSpace(text[b - 1])) b--;
            source.Comment(new TranscriptComment(text.Substring(a, b - a), source.At(column + (a < b ? a : open)), follows));
        }
    }

    /// <summary>Parses header fields: <c>SYN=1, ACK=0, seq=x</c>, <c>[SYN, ACK] seq=y ack=x+1</c>, <c>len=100</c>.</summary>
    /// <remarks>The optional source receives where each field and comment is written.</remarks>
    public bool TryParseFields(string text, int line, int column, out TranscriptSegment segment, TranscriptStepSource.Builder? source = null)
    {
        segment = default;
        int before = _errors.Count;
        var spans = new List<(int Open, int Close)>();
        if (!Mask(text, line, column, out char[] s, spans)) return false;
        var tokens = new List<(int Column, TcpField Field)>();
        TranscriptPosition seqAt = default, ackAt = default, lenAt = default;
        var flagsAt = new List<(TcpFlags Flag, int Column)>();
        int listAt = 0;
        TcpFlags flags = TcpFlags.None, mentioned = TcpFlags.None;
        SeqExpr? seq = null, ack = null;
        int? len = null;
        int ackCol = 0;
        int i = 0;
        while (true)
        {
            while (i < s.Length && IsSeparator(s[i])) i++;
            if (i >= s.Length) break;
            int start = i;
            if (s[i] == '[')
            {
                int close = Array.IndexOf(s, ']', i);
                if (close < 0) { Error(TranscriptErrorCode.UnclosedBracket, line, column + i, "expected ']' to close the flag list"); return false; }
                if (listAt == 0) listAt = column + i;
                tokens.Add((column + i, TcpField.FlagList));
                int j = i + 1;
                while (j < close)
                {
                    while (j < close && (IsSeparator(s[j]) || s[j] == '+' || s[j] == '|')) j++;
                    int ws = j;
                    while (j < close && char.IsLetter(s[j])) j++;
                    if (j == ws)
                    {
                        if (j < close) { Error(TranscriptErrorCode.FlagValue, line, column + j, "expected a control bit name such as SYN or ACK"); j++; }
                        continue;
                    }
                    string name = new string(s, ws, j - ws);
                    if (!TryFlag(name, exactAck: false, out TcpFlags f)) Error(TranscriptErrorCode.FlagValue, line, column + ws, "'" + name + "' is not a control bit (expected SYN, ACK, FIN, RST, PSH, URG, ECE or CWR)");
                    else if ((mentioned & f) != 0) Error(TranscriptErrorCode.DuplicateField, line, column + ws, name + " is given twice");
                    else { mentioned |= f; flags |= f; flagsAt.Add((f, column + ws)); tokens.Add((column + ws, TranscriptStepSource.FromFlag(f))); }
                }
                tokens.Add((column + close, TcpField.FlagList)); // a comment after the ']' is about the whole list
                i = close + 1;
                continue;
            }
            if (IsCjk(s[i]))
            {
                while (i < s.Length && IsCjk(s[i])) i++;
                string phrase = new string(s, start, i - start);
                if (phrase is "无数据" or "不携带数据" or "不带数据") { if (SetLen(ref len, 0, line, column + start)) lenAt = new TranscriptPosition(line, column + start); tokens.Add((column + start, TcpField.Length)); }
                else if (phrase is "可携带数据" or "可以携带数据" or "可带数据") tokens.Add((column + start, TcpField.Length)); // states no length
                else
                    Error(TranscriptErrorCode.UnknownField, line, column + start, "'" + phrase + "' is not a header field (expected SYN=1, ACK=1, seq=x, ack=x+1, len=100 or 无数据)");
                continue;
            }
            if (!char.IsLetter(s[i]))
            {
                while (i < s.Length && !IsSeparator(s[i])) i++;
                Error(TranscriptErrorCode.UnknownField, line, column + start, "'" + new string(s, start, i - start) + "' is not a header field (expected a name such as SYN, seq or ack)");
                continue;
            }
            while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
            string field = new string(s, start, i - start);
            int k = i;
            while (k < s.Length && s[k] == ' ') k++;
            if (k >= s.Length || s[k] != '=')
            {
                if (field.Equals("no", StringComparison.OrdinalIgnoreCase) && Rest(s, i).StartsWith(" data", StringComparison.OrdinalIgnoreCase))
                {
                    if (SetLen(ref len, 0, line, column + start)) lenAt = new TranscriptPosition(line, column + start);
                    tokens.Add((column + start, TcpField.Length));
                    i += 5;
                    continue;
                }
                Error(TranscriptErrorCode.UnknownField, line, column + start, "expected '=' after '" + field + "' (fields read NAME=value, such as SYN=1 or seq=x)");
                while (i < s.Length && !IsSeparator(s[i])) i++;
                continue;
            }
            i = k + 1;
            int vstart = i;
            string value = ReadValue(s, ref i, out int valueCol);
            valueCol = column + (valueCol < 0 ? vstart : valueCol);
            if (field.Equals("seq", StringComparison.OrdinalIgnoreCase))
            {
                tokens.Add((column + start, TcpField.Seq));
                if (seq is not null) Error(TranscriptErrorCode.DuplicateField, line, column + start, "seq is given twice");
                else if (ParseValue(value, line, valueCol) is SeqExpr e) { seq = e; seqAt = new TranscriptPosition(line, valueCol); }
            }
            else if (field.Equals("ack", StringComparison.OrdinalIgnoreCase) && field != "ACK")
            {
                tokens.Add((column + start, TcpField.Ack));
                if (ack is not null) Error(TranscriptErrorCode.DuplicateField, line, column + start, "ack is given twice");
                else if (ParseValue(value, line, valueCol) is SeqExpr e) { ack = e; ackCol = column + start; ackAt = new TranscriptPosition(line, valueCol); }
            }
            else if (field.Equals("len", StringComparison.OrdinalIgnoreCase))
            {
                tokens.Add((column + start, TcpField.Length));
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) Error(TranscriptErrorCode.Length, line, valueCol, "expected the payload length as a whole number of bytes, found '" + value + "'");
                else if (SetLen(ref len, n, line, column + start)) lenAt = new TranscriptPosition(line, valueCol);
            }
            else if (TryFlag(field, exactAck: true, out TcpFlags f))
            {
                tokens.Add((column + start, TranscriptStepSource.FromFlag(f)));
                if ((mentioned & f) != 0) Error(TranscriptErrorCode.DuplicateField, line, column + start, field + " is given twice");
                else if (value is "0" or "1") { mentioned |= f; flagsAt.Add((f, column + start)); if (value == "1") flags |= f; }
                else Error(TranscriptErrorCode.FlagValue, line, valueCol, field + " is a control bit: expected 0 or 1, found '" + value + "'"
                    + (f == TcpFlags.Ack ? " (the acknowledgment number is written in lowercase: ack=" + value + ")" : string.Empty));
            }
            else Error(TranscriptErrorCode.UnknownField, line, column + start, "'" + field + "' is not a header field (expected SYN, ACK, FIN, RST, PSH, URG, ECE, CWR, seq, ack or len)");
        }
        if (_errors.Count > before) return false;
        if (seq is null)
        {
            Error(TranscriptErrorCode.MissingField, line, column, "expected seq=... (every segment has a sequence number)");
            return false;
        }
        if ((flags & TcpFlags.Ack) == 0 && ack is not null)
        {
            Error(TranscriptErrorCode.AckWithoutAckFlag, line, ackCol, "ack is given but ACK is not 1: the acknowledgment number is significant only when ACK=1 (RFC 9293 §3.1); write ACK=1");
            return false;
        }
        if ((flags & TcpFlags.Ack) != 0 && ack is null)
        {
            Error(TranscriptErrorCode.MissingField, line, column, "expected ack=... (ACK=1 says the acknowledgment number is significant)");
            return false;
        }
        segment = new TranscriptSegment(flags, seq.Value, ack ?? default, len ?? 0);
        if (source is not null)
        {
            foreach (var (flag, at) in flagsAt) source.Flag(flag, at);
            if (listAt > 0) source.FlagList(listAt);
            source.Seq = seqAt;
            source.AckNumber = ackAt;
            source.Length = lenAt;
            AddComments(source, text, column, spans, tokens);
        }
        return true;
    }

    private bool SetLen(ref int? len, int value, int line, int column)
    {
        if (len is not null) { Error(TranscriptErrorCode.DuplicateField, line, column, "the payload length is given twice"); return false; }
        len = value;
        return true;
    }

    private static string Rest(char[] s, int i) => new string(s, i, s.Length - i);

    private static bool TryFlag(string name, bool exactAck, out TcpFlags flag)
    {
        foreach (var (f, n) in TranscriptFields.Flags)
        {
            // ACK in capitals is the control bit; "ack" is the acknowledgment number.
            bool match = f == TcpFlags.Ack && exactAck ? name == "ACK" : name.Equals(n, StringComparison.OrdinalIgnoreCase);
            if (match) { flag = f; return true; }
        }
        flag = default;
        return false;
    }

    /// <summary>Reads a value up to the next separator; spaces are allowed around '+' and '-' (<c>x + 1</c>).</summary>
    private static string ReadValue(char[] s, ref int i, out int firstCol)
    {
        while (i < s.Length && s[i] == ' ') i++;
        firstCol = i < s.Length ? i : -1;
        var sb = new System.Text.StringBuilder();
        while (i < s.Length)
        {
            char c = s[i];
            if (c is ',' or '，' or '、') break;
            if (char.IsWhiteSpace(c))
            {
                int k = i;
                while (k < s.Length && char.IsWhiteSpace(s[k])) k++;
                bool joins = (k < s.Length && s[k] is '+' or '-') || (sb.Length > 0 && sb[^1] is '+' or '-');
                if (!joins) break;
                i = k;
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    private SeqExpr? ParseValue(string value, int line, int column)
    {
        if (SeqExpr.TryParse(value, out SeqExpr e, out int at, out string? error)) return e;
        Error(TranscriptErrorCode.Value, line, column + Math.Min(at, Math.Max(0, value.Length)), (error ?? "bad value") + (value.Length > 0 ? ", in '" + value + "'" : string.Empty));
        return null;
    }

    /// <summary>Parses <c>客户端 → 服务端</c>, <c>C -&gt; S</c>, <c>client -&gt; server</c> at the start of <paramref name="text"/>.</summary>
    /// <remarks>The optional source receives where the direction starts.</remarks>
    public bool TryParseDirection(string text, int start, int line, int column, out Side sender, out int end, TranscriptStepSource.Builder? source = null)
    {
        sender = default;
        end = start;
        int i = start;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '*')) i++;
        int senderAt = column + i;
        if (!TryReadSide(text, ref i, out Side from))
        {
            Error(TranscriptErrorCode.Direction, line, column + i, "expected the sender: 客户端, 服务端, client, server, C or S");
            return false;
        }
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        int arrow = i;
        // Longest first, so "-->" is not read as "-" plus "->".
        foreach (string a in new[] { "——>", "-->", "->", "→", "=>", "⟶", "—>" })
        {
            if (string.CompareOrdinal(text, i, a, 0, a.Length) != 0) continue;
            i += a.Length;
            break;
        }
        if (i == arrow)
        {
            Error(TranscriptErrorCode.Direction, line, column + i, "expected an arrow (→ or ->) after the sender");
            return false;
        }
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        int toAt = i;
        if (!TryReadSide(text, ref i, out Side to))
        {
            Error(TranscriptErrorCode.Direction, line, column + i, "expected the receiver: 客户端, 服务端, client, server, C or S");
            return false;
        }
        if (to == from)
        {
            Error(TranscriptErrorCode.Direction, line, column + toAt, "the receiver must be the other endpoint");
            return false;
        }
        while (i < text.Length && text[i] == '*') i++;
        sender = from;
        end = i;
        if (source is not null) source.Direction = source.At(senderAt);
        return true;
    }

    /// <summary>Reads an optional delivery word (<c>sent</c>, <c>arrives</c>, <c>lost</c>, <c>发出</c>, <c>到达</c>, <c>丢失</c>) at <paramref name="start"/>.</summary>
    public static TranscriptDelivery ReadDelivery(string text, ref int start)
    {
        int i = start;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        foreach (var (word, delivery) in TranscriptVocabulary.DeliveryWords)
        {
            if (string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) continue;
            int e = i + word.Length;
            if (e < text.Length && char.IsAsciiLetter(text[e])) continue;
            start = e;
            return delivery;
        }
        return TranscriptDelivery.Delivered;
    }

    private static readonly (string Word, Side Side)[] SideWords =
    [
        ("客户端", Side.Client), ("客户", Side.Client), ("服务端", Side.Server), ("服务器", Side.Server),
        ("client", Side.Client), ("server", Side.Server), ("C", Side.Client), ("S", Side.Server), ("A", Side.Client), ("B", Side.Server),
    ];

    private static bool TryReadSide(string text, ref int i, out Side side)
    {
        foreach (var (word, s) in SideWords)
        {
            if (i + word.Length > text.Length || string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) continue;
            // A one-letter name must stand alone (not the 'c' of "client" or the 'S' of "SYN").
            if (word.Length == 1 && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1])) continue;
            if (word.Length == 1 && !char.IsUpper(text[i])) continue;
            side = s;
            i += word.Length;
            return true;
        }
        side = default;
        return false;
    }

    /// <summary>
    /// Parses state clauses: <c>客户端进入 `SYN-SENT` 同步已发送状态</c>, <c>双方进入 ESTABLISHED</c>,
    /// <c>服务端由 CLOSE-WAIT 进入 LAST-ACK</c>, <c>client enters FIN-WAIT-1</c>, <c>server LISTEN</c>.
    /// </summary>
    /// <remarks>The optional source receives the mentions as written and the comments.</remarks>
    public bool TryParseStates(string text, int line, int column, out List<(StateColumn.Mention Mention, int Column)> mentions, TranscriptStepSource.Builder? source = null)
    {
        mentions = new();
        int before = _errors.Count;
        var spans = new List<(int Open, int Close)>();
        if (!Mask(text, line, column, out char[] s, spans)) return false;
        var written = new List<TranscriptStateMention>();
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && s[i] is not (',' or '，' or ';' or '；' or '、')) i++;
            ParseClause(s, start, i, line, column, mentions, written);
            i++;
        }
        for (int a = 0; a < mentions.Count; a++)
            for (int b = a + 1; b < mentions.Count; b++)
                if (mentions[a].Mention.Side == mentions[b].Mention.Side)
                    Error(TranscriptErrorCode.StateConflict, line, mentions[b].Column, "a second state for the " + mentions[b].Mention.Side.ToString().ToLowerInvariant() + " in the same step");
        if (_errors.Count != before) return false;
        if (source is not null)
        {
            foreach (TranscriptStateMention m in written) source.State(m);
            AddComments(source, text, column, spans, written.Select(m => (m.Position.Column, TcpField.State)).ToList());
        }
        return true;
    }

    private static readonly (string Word, Side? Side)[] Subjects =
    [
        ("双方", null), ("客户端", Side.Client), ("客户", Side.Client), ("服务端", Side.Server), ("服务器", Side.Server),
        ("both", null), ("client", Side.Client), ("server", Side.Server),
    ];

    private void ParseClause(char[] s, int start, int end, int line, int column, List<(StateColumn.Mention, int)> mentions, List<TranscriptStateMention> written)
    {
        int i = start;
        while (i < end && char.IsWhiteSpace(s[i])) i++;
        if (i == end) return;
        string clause = new string(s, i, end - i);
        (string Word, Side? Side)? subject = null;
        foreach (var sub in Subjects)
            if (clause.StartsWith(sub.Word, StringComparison.OrdinalIgnoreCase)) { subject = sub; break; }
        int subjectCol = column + i;
        if (subject is { } found) i += found.Word.Length;
        var states = new List<(TcpState State, int Column)>();
        bool unknown = false;
        while (i < end)
        {
            if (!char.IsAsciiLetter(s[i])) { i++; continue; }
            int w = i;
            while (i < end && (char.IsAsciiLetterOrDigit(s[i]) || ((s[i] is '-' or '_') && i + 1 < end && char.IsAsciiLetterOrDigit(s[i + 1])))) i++;
            string word = new string(s, w, i - w);
            if (TcpStateExtensions.TryParse(word, out TcpState st)) states.Add((st, column + w));
            else if (word.Length >= 3 && word.ToUpperInvariant() == word && word.Any(char.IsAsciiLetter) && (unknown = true))
                Error(TranscriptErrorCode.UnknownState, line, column + w, "'" + word + "' is not a TCP state (expected CLOSED, LISTEN, SYN-SENT, SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK or TIME-WAIT)");
        }
        if (subject is null)
        {
            if (states.Count > 0) Error(TranscriptErrorCode.StateClause, line, states[0].Column, "expected whose state this is (客户端, 服务端, 双方, client, server or both) before " + states[0].State.ToRfcName());
            return;
        }
        if (states.Count == 0 && !unknown) { Error(TranscriptErrorCode.StateClause, line, subjectCol, "expected a state after '" + subject.Value.Word + "'"); return; }
        if (states.Count == 0) return;
        if (states.Count > 2) { Error(TranscriptErrorCode.StateClause, line, states[2].Column, "expected at most two states (from and to) in one clause"); return; }
        TcpState? from = states.Count == 2 ? states[0].State : null;
        TcpState to = states[^1].State;
        var at = new TranscriptPosition(line, subjectCol);
        TranscriptPosition fromAt = states.Count == 2 ? new TranscriptPosition(line, states[0].Column) : default, toAt = new(line, states[^1].Column);
        foreach (Side side in subject.Value.Side is Side one ? [one] : new[] { Side.Client, Side.Server })
        {
            mentions.Add((new StateColumn.Mention(side, from, to), subjectCol));
            written.Add(new TranscriptStateMention(side, from, to, at, fromAt, toAt));
        }
    }

    /// <summary>Parses a rule name (<c>ListenSyn</c>); comments in parentheses such as the RFC section are skipped. Empty text is <see cref="TcpRule.None"/>.</summary>
    /// <remarks>The optional source receives where the rule name is and the comments.</remarks>
    public bool TryParseRule(string text, int line, int column, out TcpRule rule, TranscriptStepSource.Builder? source = null)
    {
        rule = TcpRule.None;
        var spans = new List<(int Open, int Close)>();
        if (!Mask(text, line, column, out char[] s, spans)) return false;
        string name = new string(s).Trim();
        int at = column + Array.FindIndex(s, c => !char.IsWhiteSpace(c));
        if (name.Length == 0)
        {
            AddComments(source, text, column, spans, []);
            return true;
        }
        if (Enum.TryParse(name, ignoreCase: false, out rule) && !char.IsDigit(name[0]) && Enum.IsDefined(rule))
        {
            if (source is not null)
            {
                source.Rule = source.At(at);
                AddComments(source, text, column, spans, [(at, TcpField.Rule)]);
            }
            return true;
        }
        rule = TcpRule.None;
        Error(TranscriptErrorCode.Rule, line, at, "'" + name + "' is not a rule name (expected a TcpRule such as ListenSyn)");
        return false;
    }

    /// <summary>Parses user notices: <c>connection closing, data received</c>, <c>连接正在关闭</c> or <see cref="TcpNotice"/> names.</summary>
    public bool TryParseNotices(string text, int line, int column, out TcpNotice notice)
    {
        notice = TcpNotice.None;
        bool ok = true;
        int i = 0;
        while (i <= text.Length)
        {
            int start = i;
            while (i < text.Length && text[i] is not (',' or '，' or '、')) i++;
            string part = text.Substring(start, i - start);
            if (part.Trim().Length > 0)
            {
                if (TranscriptVocabulary.TryParseNotice(part, out TcpNotice n)) notice |= n;
                else
                {
                    Error(TranscriptErrorCode.Notice, line, column + start + (part.Length - part.TrimStart().Length), "'" + part.Trim() + "' is not a user notice (expected connected, connection closing, connection reset, connection refused, ... or 连接已建立, 连接正在关闭, ...)");
                    ok = false;
                }
            }
            i++;
        }
        return ok;
    }

    /// <summary>Parses <c>1.5s</c>, <c>1.5 s</c> or <c>200ms</c>.</summary>
    public bool TryParseTime(string text, int line, int column, out TimeSpan time)
    {
        time = default;
        string t = text.Trim().Replace(" ", string.Empty);
        decimal scale = t.EndsWith("ms", StringComparison.Ordinal) ? 10_000m : t.EndsWith('s') ? 10_000_000m : 0;
        string number = scale == 10_000m ? t[..^2] : scale != 0 ? t[..^1] : t;
        if (scale == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) || value > TimeSpan.MaxValue.Ticks / scale)
        {
            Error(TranscriptErrorCode.Time, line, column, "expected a time such as 1.5s or 200ms, found '" + text.Trim() + "'");
            return false;
        }
        time = TimeSpan.FromTicks((long)decimal.Round(value * scale));
        return true;
    }
}
