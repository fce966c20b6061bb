using System.Collections.Generic;
using System.Text;
using static TcpModel.Transcripts.TranscriptVocabulary;

namespace TcpModel.Transcripts;

/// <summary>A Mermaid <c>sequenceDiagram</c>: two lifelines, one arrow per segment, states as notes.</summary>
internal static class MermaidTranscriptWriter
{
    public static string Write(IReadOnlyList<Transcript> transcripts, TranscriptRenderOptions options)
    {
        TranscriptLanguage lang = options.Language;
        var sb = new StringBuilder();
        // One diagram (Mermaid allows one per file): later sections start with a note spanning both lifelines.
        Transcript first = transcripts[0];
        if (first.Title is not null) sb.Append("---\ntitle: ").Append(Escape(first.Title)).Append("\n---\n");
        sb.Append("sequenceDiagram\n");
        sb.Append("    participant C as ").Append(SideName(Side.Client, lang, capital: true)).Append('\n');
        sb.Append("    participant S as ").Append(SideName(Side.Server, lang, capital: true)).Append('\n');
        if (first.InitialClient is TcpState c) sb.Append("    Note over C: ").Append(Escape(StateLabel(c, lang, code: false))).Append('\n');
        if (first.InitialServer is TcpState s) sb.Append("    Note over S: ").Append(Escape(StateLabel(s, lang, code: false))).Append('\n');
        foreach (Transcript t in transcripts)
        {
            if (!ReferenceEquals(t, first) && t.Title is not null) sb.Append("    Note over C,S: ").Append(Escape(t.Title)).Append('\n');
            for (int i = 0; i < t.Steps.Count; i++)
            {
                TranscriptStep step = t.Steps[i];
                string from = step.Sender == Side.Client ? "C" : "S", to = step.Sender == Side.Client ? "S" : "C";
                string label = (i + 1) + ". " + string.Join(", ", TranscriptFields.Format(step.Segment, TranscriptFields.ShowSynZero(t, i)))
                    + Gloss(SegmentName(step.Segment, lang), lang) + DeliveryGloss(step, lang);
                string arrow = step.Delivery switch { TranscriptDelivery.Sent => "-)", TranscriptDelivery.Arrived => "-->>", TranscriptDelivery.Lost => "-x", _ => "->>" };
                sb.Append("    ").Append(from).Append(arrow).Append(to).Append(": ").Append(Escape(label)).Append('\n');
                foreach (Side side in new[] { step.Sender, step.Receiver })
                    if (t.TryGetChange(i, side, out TcpState after))
                        sb.Append("    Note over ").Append(side == Side.Client ? "C" : "S").Append(": ").Append(Escape(StateLabel(after, lang, code: false))).Append('\n');
                if (step.Notice != TcpNotice.None)
                    sb.Append("    Note ").Append(step.Receiver == Side.Client ? "left of C" : "right of S").Append(": ").Append(Escape((Zh(lang) ? "通知：" : "notice: ") + NoticeText(step.Notice, lang))).Append('\n');
            }
        }
        return sb.ToString();
    }

    // ';' ends a Mermaid statement and '#' starts an entity code: write both as entity codes.
    private static string Escape(string text) => text.Replace("#", "#35;").Replace(";", "#59;").Replace("\n", " ");
}
