namespace TcpModel.Transcripts;

/// <summary>How sequence and acknowledgment numbers are printed.</summary>
public enum SeqStyle : byte
{
    /// <summary>As named points plus offsets (<c>x+1</c>, <c>u+1</c>), see <see cref="Transcript.Symbolize()"/>.</summary>
    Symbolic = 0,
    /// <summary>As numbers; symbols are bound with <see cref="TranscriptRenderOptions.Bindings"/> where given, otherwise printed as they are.</summary>
    Numeric,
}
