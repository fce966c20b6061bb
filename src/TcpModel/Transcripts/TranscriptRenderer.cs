using System;
using System.Collections.Generic;
using System.Linq;

namespace TcpModel.Transcripts;

/// <summary>
/// Renders transcripts as Markdown tables (the textbook's layout), aligned plain text (line
/// notation), Mermaid sequence diagrams or SVG, in English or Chinese.
/// </summary>
/// <remarks>
/// Markdown and text come back through <see cref="TranscriptParser"/> unchanged. Rendering is
/// deterministic: the same transcript and options give the same text. Thread-safe.
/// </remarks>
public static class TranscriptRenderer
{
    /// <summary>Renders one transcript.</summary>
    /// <param name="transcript">The transcript.</param>
    /// <param name="format">The output format.</param>
    /// <param name="options">Language, value style and notes; <see cref="TranscriptRenderOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="transcript"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined format.</exception>
    public static string Render(Transcript transcript, TranscriptFormat format, TranscriptRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return RenderAll(new[] { transcript }, format, options);
    }

    /// <summary>
    /// Renders several transcripts as one document (the handshake and the teardown as two tables,
    /// two diagrams, or one SVG with a panel each).
    /// </summary>
    /// <remarks>
    /// With symbolic values, numeric transcripts are lettered as consecutive sections of one
    /// exchange, so the teardown's FIN reads <c>ack=y+1</c> with the handshake's <c>y</c>.
    /// </remarks>
    /// <param name="transcripts">The transcripts, rendered in order.</param>
    /// <param name="format">The output format.</param>
    /// <param name="options">Language, value style and notes; <see cref="TranscriptRenderOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="transcripts"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="transcripts"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined format.</exception>
    public static string RenderAll(IEnumerable<Transcript> transcripts, TranscriptFormat format, TranscriptRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transcripts);
        options ??= TranscriptRenderOptions.Default;
        List<Transcript> list = transcripts.Select(t => t ?? throw new ArgumentNullException(nameof(transcripts))).ToList();
        if (list.Count == 0) throw new ArgumentException("Give at least one transcript.", nameof(transcripts));
        List<Transcript> prepared = options.Style == SeqStyle.Symbolic && list.Count > 1 && list.All(t => t.IsNumeric)
            ? Transcript.SymbolizeSections(list)
            : list.Select(t => Prepare(t, options)).ToList();
        return format switch
        {
            TranscriptFormat.Markdown => MarkdownTranscriptWriter.Write(prepared, options),
            TranscriptFormat.Text => TextTranscriptWriter.Write(prepared, options),
            TranscriptFormat.Mermaid => MermaidTranscriptWriter.Write(prepared, options),
            TranscriptFormat.Svg => SvgTranscriptWriter.Write(prepared, options),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown transcript format."),
        };
    }

    private static Transcript Prepare(Transcript t, TranscriptRenderOptions options)
    {
        if (options.Style == SeqStyle.Symbolic) return t.IsNumeric ? t.Symbolize() : t;
        if (options.Bindings is not { } bindings) return t;
        // Bind what has a value; a symbol without one is printed as it is.
        var steps = t.Steps.Select(s =>
        {
            TranscriptSegment seg = s.Segment;
            SeqExpr seq = seg.Seq.TryBind(bindings, out SeqNum a) ? SeqExpr.Number(a) : seg.Seq;
            SeqExpr ack = seg.HasAck && seg.Ack.TryBind(bindings, out SeqNum b) ? SeqExpr.Number(b) : seg.Ack;
            return s.WithSegment(seg.WithNumbers(seq, ack));
        });
        return new Transcript(steps, t.InitialClient, t.InitialServer, t.Title);
    }

    /// <summary>The letters a transcript uses, for the legend.</summary>
    internal static IEnumerable<char> Letters(IEnumerable<Transcript> ts) =>
        ts.SelectMany(t => t.Steps).SelectMany(s => new[] { s.Segment.Seq, s.Segment.HasAck ? s.Segment.Ack : default })
          .Where(e => e.IsSymbolic).Select(e => e.Symbol).Distinct();

    /// <summary>Terminal display width: CJK and full-width characters take two columns.</summary>
    internal static int DisplayWidth(string s)
    {
        int w = 0;
        foreach (char c in s)
            w += (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3)
                 || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ? 2 : 1;
        return w;
    }

    internal static string PadRight(string s, int width) => s + new string(' ', Math.Max(0, width - DisplayWidth(s)));
}
