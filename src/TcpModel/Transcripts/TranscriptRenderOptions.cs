using System.Collections.Generic;

namespace TcpModel.Transcripts;

/// <summary>Options of <see cref="TranscriptRenderer"/>. Immutable; thread-safe.</summary>
public sealed class TranscriptRenderOptions
{
    /// <summary>English, symbolic values, with notes.</summary>
    public static TranscriptRenderOptions Default { get; } = new();

    /// <summary>The language of headings, names and notes.</summary>
    public TranscriptLanguage Language { get; init; } = TranscriptLanguage.English;

    /// <summary>Symbolic (<c>x+1</c>) or numeric values.</summary>
    public SeqStyle Style { get; init; } = SeqStyle.Symbolic;

    /// <summary>Numbers for symbols when <see cref="Style"/> is <see cref="SeqStyle.Numeric"/>; symbols without a value are printed as they are.</summary>
    public IReadOnlyDictionary<char, SeqNum>? Bindings { get; init; }

    /// <summary>Whether to add the legend of the letters and the notes where RFC 9293 corrects a textbook habit (Markdown and text).</summary>
    public bool IncludeNotes { get; init; } = true;
}
