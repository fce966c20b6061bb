using System.Collections.Generic;
using System.Linq;
using System.Text;
using static TcpModel.Transcripts.TranscriptVocabulary;

namespace TcpModel.Transcripts;

/// <summary>Markdown tables in the textbook's layout (步骤 | 发送方向 | 报文段名称 | 首部字段值 | 状态变化).</summary>
internal static class MarkdownTranscriptWriter
{
    public static string Write(IReadOnlyList<Transcript> transcripts, TranscriptRenderOptions options)
    {
        var sb = new StringBuilder();
        TranscriptLanguage lang = options.Language;
        foreach (Transcript t in transcripts)
        {
            if (sb.Length > 0) sb.Append('\n');
            if (t.Title is not null) sb.Append("## ").Append(t.Title).Append("\n\n");
            string initial = InitialLine(t, lang);
            if (initial.Length > 0) sb.Append(initial).Append("\n\n");
            WriteTable(sb, t, lang);
            if (options.IncludeNotes)
            {
                List<string> notes = Notes(t, lang);
                string legend = Legend(lang, TranscriptRenderer.Letters(new[] { t }));
                if (legend.Length > 0) notes.Insert(0, legend);
                if (notes.Count > 0) sb.Append('\n');
                foreach (string note in notes) sb.Append("> ").Append(note).Append('\n');
            }
        }
        return sb.ToString();
    }

    internal static string InitialLine(Transcript t, TranscriptLanguage lang)
    {
        var parts = new List<string>();
        if (t.InitialClient is TcpState c) parts.Add(SideName(Side.Client, lang) + " " + StateLabel(c, lang, code: true));
        if (t.InitialServer is TcpState s) parts.Add(SideName(Side.Server, lang) + " " + StateLabel(s, lang, code: true));
        return parts.Count == 0 ? string.Empty : InitialLabel(lang) + string.Join(Zh(lang) ? "，" : ", ", parts);
    }

    private static void WriteTable(StringBuilder sb, Transcript t, TranscriptLanguage lang)
    {
        bool time = t.Steps.Any(s => s.Time is not null), rule = t.Steps.Any(s => s.Rule != TcpRule.None);
        bool notice = t.Steps.Any(s => s.Notice != TcpNotice.None), note = t.Steps.Any(s => s.Note is not null);
        var header = new List<string> { Header(StepHeaders, lang) };
        if (time) header.Add(Header(TimeHeaders, lang));
        header.AddRange(new[] { Header(DirectionHeaders, lang), Header(NameHeaders, lang), Header(FieldHeaders, lang), Header(StateHeaders, lang) });
        if (rule) header.Add(Header(RuleHeaders, lang));
        if (notice) header.Add(Header(NoticeHeaders, lang));
        if (note) header.Add(Header(NoteHeaders, lang));

        List<StateColumn.Mention>[] states = StateColumn.Describe(t);
        var rows = new List<List<string>> { header };
        for (int i = 0; i < t.Steps.Count; i++)
        {
            TranscriptStep step = t.Steps[i];
            var row = new List<string> { (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (time) row.Add(step.Time is { } ts ? FormatTime(ts) : string.Empty);
            row.Add(Direction(step, lang, ascii: false));
            row.Add("**" + SegmentName(step.Segment, lang) + "**");
            row.Add(string.Join(", ", TranscriptFields.Format(step.Segment, TranscriptFields.ShowSynZero(t, i)).Select(f => "`" + f + "`")));
            row.Add(StateColumn.Format(states[i], lang, code: true));
            if (rule) row.Add(step.Rule == TcpRule.None ? string.Empty : "`" + step.Rule + "`" + Gloss(TcpRules.Source(step.Rule), lang));
            if (notice) row.Add(NoticeText(step.Notice, lang));
            if (note) row.Add(Escape(step.Note));
            rows.Add(row);
        }
        int[] widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(r => TranscriptRenderer.DisplayWidth(r[c]))).Select(w => System.Math.Max(w, 3)).ToArray();
        for (int r = 0; r < rows.Count; r++)
        {
            sb.Append('|');
            for (int c = 0; c < widths.Length; c++) sb.Append(' ').Append(TranscriptRenderer.PadRight(rows[r][c], widths[c])).Append(" |");
            sb.Append('\n');
            if (r == 0)
            {
                sb.Append('|');
                foreach (int w in widths) sb.Append(' ').Append(new string('-', w)).Append(" |");
                sb.Append('\n');
            }
        }
    }

    private static string Escape(string? text) => text is null ? string.Empty : text.Replace("\\", "\\\\").Replace("|", "\\|");
}
