using System;
using System.Collections.Generic;
using System.Linq;

namespace TcpModel.Transcripts;

/// <summary>
/// Reads transcripts the way students write them: the textbook's Markdown tables (Chinese or
/// English headers) or line notation (<c>C -&gt; S  SYN=1 ACK=0 seq=x ; client SYN-SENT</c>),
/// with symbolic (<c>x+1</c>) or numeric values, flags as <c>SYN=1, ACK=0</c> or <c>[SYN, ACK]</c>.
/// </summary>
/// <remarks>
/// Never throws on bad text: every problem comes back as a <see cref="TranscriptParseError"/> with
/// its line, column and what was expected, and a row with a problem is reported, never dropped;
/// rows are numbered by their place, so one bad row is one error. Comments in parentheses
/// (<c>`seq=x`（随机初始序号）</c>) do not change a step's values: they are kept, with where every field
/// was written and which fields were written at all, in each step's <see cref="TranscriptStep.Source"/>.
/// Prose outside tables is skipped. Thread-safe.
/// </remarks>
public static class TranscriptParser
{
    /// <summary>
    /// Parses Markdown tables when any line starts with <c>|</c>, line notation otherwise.
    /// </summary>
    /// <param name="text">The document.</param>
    /// <param name="transcripts">One transcript per table (or per <c>## title</c> section of line notation); empty on failure.</param>
    /// <param name="errors">Every problem found; empty on success.</param>
    /// <returns>Whether the text parsed without a problem.</returns>
    public static bool TryParse(string? text, out IReadOnlyList<Transcript> transcripts, out IReadOnlyList<TranscriptParseError> errors)
    {
        string[] lines = SplitLines(text);
        bool markdown = lines.Any(l => l.TrimStart().StartsWith('|'));
        return markdown ? TryParseMarkdown(text, out transcripts, out errors) : TryParseText(text, out transcripts, out errors);
    }

    /// <summary>Parses the Markdown tables of a document.</summary>
    /// <param name="text">The document.</param>
    /// <param name="transcripts">One transcript per table; empty on failure.</param>
    /// <param name="errors">Every problem found; empty on success.</param>
    /// <returns>Whether the text parsed without a problem.</returns>
    public static bool TryParseMarkdown(string? text, out IReadOnlyList<Transcript> transcripts, out IReadOnlyList<TranscriptParseError> errors)
    {
        var list = new List<TranscriptParseError>();
        List<Transcript> result = MarkdownTranscriptReader.Read(SplitLines(text), new TranscriptSyntax(list));
        return Finish(result, list, out transcripts, out errors);
    }

    /// <summary>Parses line notation.</summary>
    /// <param name="text">The text.</param>
    /// <param name="transcripts">One transcript per <c>## title</c> section; empty on failure.</param>
    /// <param name="errors">Every problem found; empty on success.</param>
    /// <returns>Whether the text parsed without a problem.</returns>
    public static bool TryParseText(string? text, out IReadOnlyList<Transcript> transcripts, out IReadOnlyList<TranscriptParseError> errors)
    {
        var list = new List<TranscriptParseError>();
        List<Transcript> result = TextTranscriptReader.Read(SplitLines(text), new TranscriptSyntax(list), list);
        return Finish(result, list, out transcripts, out errors);
    }

    private static bool Finish(List<Transcript> result, List<TranscriptParseError> list, out IReadOnlyList<Transcript> transcripts, out IReadOnlyList<TranscriptParseError> errors)
    {
        if (list.Count == 0 && result.Count == 0)
            list.Add(new TranscriptParseError(TranscriptErrorCode.NoSteps, 1, 1, "expected a transcript: a Markdown table or lines such as 'C -> S  SYN=1 ACK=0 seq=x'"));
        list.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        errors = list;
        transcripts = list.Count == 0 ? result : Array.Empty<Transcript>();
        return list.Count == 0;
    }

    private static string[] SplitLines(string? text) =>
        (text ?? string.Empty).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
}
