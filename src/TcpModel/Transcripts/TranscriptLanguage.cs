namespace TcpModel.Transcripts;

/// <summary>The language of rendered transcripts. State names are RFC 9293's in both.</summary>
public enum TranscriptLanguage : byte
{
    /// <summary>English; states by their RFC 9293 names.</summary>
    English = 0,
    /// <summary>Chinese (简体中文), in the textbook's wording; states also by their RFC names (<c>SYN-RCVD</c> as the textbook writes it).</summary>
    Chinese,
}
