using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using static TcpModel.Transcripts.TranscriptVocabulary;

namespace TcpModel.Transcripts;

/// <summary>
/// An SVG sequence diagram built as plain text: two vertical lifelines, one slanted arrow per
/// segment (it takes time to cross the network), field labels, and state boxes beside the
/// lifelines where a state changes. Several transcripts are drawn one below the other.
/// </summary>
internal static class SvgTranscriptWriter
{
    private const int Width = 900, LeftX = 250, RightX = 650, StepHeight = 76, Slant = 40, BoxWidth = 224, BoxHeight = 22;

    public static string Write(IReadOnlyList<Transcript> transcripts, TranscriptRenderOptions options)
    {
        TranscriptLanguage lang = options.Language;
        var body = new StringBuilder();
        int y = 20;
        foreach (Transcript t in transcripts)
        {
            if (t.Title is not null)
            {
                Text(body, Width / 2, y + 16, t.Title, "title");
                y += 34;
            }
            Text(body, LeftX, y + 16, SideName(Side.Client, lang, capital: true), "actor");
            Text(body, RightX, y + 16, SideName(Side.Server, lang, capital: true), "actor");
            y += 30;
            int top = y, bottom = y + 30 + t.Steps.Count * StepHeight;
            Line(body, LeftX, top, LeftX, bottom, "lifeline");
            Line(body, RightX, top, RightX, bottom, "lifeline");
            if (t.InitialClient is TcpState ic) StateBox(body, Side.Client, y + 12, StateLabel(ic, lang, code: false));
            if (t.InitialServer is TcpState isv) StateBox(body, Side.Server, y + 12, StateLabel(isv, lang, code: false));
            y += 40;
            for (int i = 0; i < t.Steps.Count; i++)
            {
                TranscriptStep step = t.Steps[i];
                int x1 = step.Sender == Side.Client ? LeftX : RightX, x2 = step.Sender == Side.Client ? RightX : LeftX;
                int xm = (x1 + x2) / 2, ym = y + Slant / 2;
                switch (step.Delivery)
                {
                    case TranscriptDelivery.Sent: // on its way: drawn to the middle, finished by its "arrives" row
                        body.Append(CultureInfo.InvariantCulture, $"  <line class=\"seg inflight\" x1=\"{x1}\" y1=\"{y}\" x2=\"{xm}\" y2=\"{ym}\"/>\n");
                        break;
                    case TranscriptDelivery.Arrived:
                        body.Append(CultureInfo.InvariantCulture, $"  <line class=\"seg inflight\" x1=\"{xm}\" y1=\"{ym}\" x2=\"{x2}\" y2=\"{y + Slant}\" marker-end=\"url(#arrow)\"/>\n");
                        break;
                    case TranscriptDelivery.Lost:
                        body.Append(CultureInfo.InvariantCulture, $"  <line class=\"seg\" x1=\"{x1}\" y1=\"{y}\" x2=\"{xm}\" y2=\"{ym}\"/>\n");
                        Text(body, xm, ym + 5, "✕", "lost");
                        break;
                    default:
                        body.Append(CultureInfo.InvariantCulture, $"  <line class=\"seg\" x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y + Slant}\" marker-end=\"url(#arrow)\"/>\n");
                        break;
                }
                string fields = (i + 1) + ". " + string.Join(", ", TranscriptFields.Format(step.Segment, TranscriptFields.ShowSynZero(t, i)));
                Text(body, (LeftX + RightX) / 2, y + Slant / 2 - 18, fields, "fields");
                Text(body, (LeftX + RightX) / 2, y + Slant / 2 + 30, SegmentLabel(step, lang), "name");
                if (t.TryGetChange(i, step.Sender, out TcpState s)) StateBox(body, step.Sender, y, StateLabel(s, lang, code: false));
                if (t.TryGetChange(i, step.Receiver, out TcpState r)) StateBox(body, step.Receiver, y + Slant, StateLabel(r, lang, code: false));
                y += StepHeight;
            }
            y = bottom + 30;
        }
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{y}\" viewBox=\"0 0 {Width} {y}\" font-family=\"sans-serif\" font-size=\"13\">\n");
        sb.Append("  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#222\"/></marker></defs>\n");
        sb.Append("  <style>.lifeline{stroke:#888;stroke-dasharray:4 4}.seg{stroke:#222;stroke-width:1.5}.inflight{stroke-dasharray:6 3}.lost{fill:#b00;font-size:16px}.state{fill:#eef4ff;stroke:#4a6fa5}.title{font-size:16px;font-weight:bold}.actor{font-size:15px;font-weight:bold}.name{fill:#555;font-size:12px}.fields{font-family:monospace}.fields,.name{paint-order:stroke;stroke:white;stroke-width:4px;stroke-linejoin:round}text{text-anchor:middle}</style>\n");
        sb.Append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append(body);
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static void StateBox(StringBuilder sb, Side side, int y, string label)
    {
        int x = side == Side.Client ? LeftX - 12 - BoxWidth : RightX + 12;
        sb.Append(CultureInfo.InvariantCulture, $"  <rect class=\"state\" x=\"{x}\" y=\"{y - BoxHeight / 2}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"4\"/>\n");
        Text(sb, x + BoxWidth / 2, y + 5, label, "statelabel");
    }

    private static void Line(StringBuilder sb, int x1, int y1, int x2, int y2, string cls) =>
        sb.Append(CultureInfo.InvariantCulture, $"  <line class=\"{cls}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>\n");

    private static void Text(StringBuilder sb, int x, int y, string text, string cls) =>
        sb.Append(CultureInfo.InvariantCulture, $"  <text class=\"{cls}\" x=\"{x}\" y=\"{y}\">{Escape(text)}</text>\n");

    private static string Escape(string text) => new string(text.Where(c => c == '\t' || c >= ' ').ToArray())
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
