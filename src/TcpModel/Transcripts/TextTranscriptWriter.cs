using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using static TcpModel.Transcripts.TranscriptVocabulary;

namespace TcpModel.Transcripts;

/// <summary>
/// Aligned plain text in line notation (<c>1  C -> S  SYN=1 ACK=0 seq=x  ; client SYN-SENT</c>):
/// each step's annotations give the states that changed in it (RFC 9293's figure convention).
/// </summary>
internal static class TextTranscriptWriter
{
    public static string Write(IReadOnlyList<Transcript> transcripts, TranscriptRenderOptions options)
    {
        TranscriptLanguage lang = options.Language;
        bool zh = Zh(lang);
        var sb = new StringBuilder();
        foreach (Transcript t in transcripts)
        {
            if (sb.Length > 0) sb.Append('\n');
            if (t.Title is not null) sb.Append("## ").Append(t.Title).Append('\n');
            var initial = new List<string>();
            if (t.InitialClient is TcpState c) initial.Add(SideName(Side.Client, lang) + " " + StateLabel(c, lang, code: false));
            if (t.InitialServer is TcpState s) initial.Add(SideName(Side.Server, lang) + " " + StateLabel(s, lang, code: false));
            if (initial.Count > 0) sb.Append(zh ? "初始状态：" : "initial: ").Append(string.Join(zh ? "，" : ", ", initial)).Append('\n');

            var rows = new List<string[]>();
            for (int i = 0; i < t.Steps.Count; i++)
            {
                TranscriptStep step = t.Steps[i];
                var notes = new List<string>();
                foreach (Side side in new[] { step.Sender, step.Receiver })
                    if (t.TryGetChange(i, side, out TcpState after))
                        notes.Add(SideName(side, lang) + " " + StateLabel(after, lang, code: false));
                if (step.Rule != TcpRule.None) notes.Add((zh ? "规则 " : "rule ") + step.Rule);
                if (step.Notice != TcpNotice.None) notes.Add((zh ? "通知 " : "notice ") + NoticeText(step.Notice, lang));
                if (step.Note is not null) notes.Add((zh ? "说明 " : "note ") + Quote(step.Note));
                rows.Add(new[]
                {
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    step.Time is { } ts ? "t=" + FormatTime(ts) : string.Empty,
                    Direction(step, lang, ascii: !zh),
                    string.Join(" ", TranscriptFields.Format(step.Segment, TranscriptFields.ShowSynZero(t, i))),
                    Gloss(SegmentName(step.Segment, lang), lang).TrimStart(),
                    notes.Count == 0 ? string.Empty : "; " + string.Join("; ", notes),
                });
            }
            int[] widths = Enumerable.Range(0, 6).Select(col => rows.Count == 0 ? 0 : rows.Max(r => TranscriptRenderer.DisplayWidth(r[col]))).ToArray();
            foreach (string[] row in rows)
            {
                var line = new StringBuilder();
                for (int col = 0; col < row.Length; col++)
                {
                    if (widths[col] == 0) continue;
                    if (line.Length > 0) line.Append("  ");
                    line.Append(col == row.Length - 1 ? row[col] : TranscriptRenderer.PadRight(row[col], widths[col]));
                }
                sb.Append(line.ToString().TrimEnd()).Append('\n');
            }
            if (options.IncludeNotes)
            {
                string legend = Legend(lang, TranscriptRenderer.Letters(new[] { t }));
                if (legend.Length > 0) sb.Append("# ").Append(legend).Append('\n');
                foreach (string note in Notes(t, lang)) sb.Append("# ").Append(note.Replace("`", string.Empty)).Append('\n');
            }
        }
        return sb.ToString();
    }

    internal static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
