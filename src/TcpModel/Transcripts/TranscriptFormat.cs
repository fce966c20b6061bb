namespace TcpModel.Transcripts;

/// <summary>The output formats of <see cref="TranscriptRenderer"/>.</summary>
public enum TranscriptFormat : byte
{
    /// <summary>Markdown tables in the layout of the textbook tables (parseable by <see cref="TranscriptParser"/>).</summary>
    Markdown = 0,
    /// <summary>Aligned plain text in line notation, for terminals and snapshot tests (parseable by <see cref="TranscriptParser"/>).</summary>
    Text,
    /// <summary>A Mermaid <c>sequenceDiagram</c>.</summary>
    Mermaid,
    /// <summary>A self-contained SVG sequence diagram.</summary>
    Svg,
}
