using TcpModel.Transcripts;

namespace TcpModel.Grading;

/// <summary>
/// Options of <see cref="ExerciseGenerator"/>: the features the seed may choose, the longest data
/// segment, and the language and value style of the question and the answer key.
/// </summary>
/// <remarks>Immutable; thread-safe. Change fields with an object initializer: <c>new ExerciseOptions { Language = TranscriptLanguage.Chinese }</c>.</remarks>
public sealed class ExerciseOptions
{
    /// <summary>The most bytes one data segment may carry: the MSS both endpoints announce (<see cref="TcpSettings.Mss"/>, RFC 9293 §3.7.1).</summary>
    public const int MaxSegmentData = 1460;

    /// <summary>Every feature allowed, up to 1000 bytes of data, English, symbolic values.</summary>
    public static ExerciseOptions Default { get; } = new();

    /// <summary>
    /// The features the seed may choose (each one is then on or off by the seed); a feature left out
    /// never occurs. Default: <see cref="ExerciseFeatures.All"/>.
    /// </summary>
    public ExerciseFeatures Features { get; init; } = ExerciseFeatures.All;

    /// <summary>
    /// The most bytes the client sends, and (separately) the side in CLOSE-WAIT; the seed picks a
    /// length from 0 to this. 0 sends no data. At most <see cref="MaxSegmentData"/>, so the data is one segment.
    /// </summary>
    public int MaxDataLength { get; init; } = 1000;

    /// <summary>The language of the question, the answer key and the section titles.</summary>
    public TranscriptLanguage Language { get; init; } = TranscriptLanguage.English;

    /// <summary>
    /// How the student writes sequence and acknowledgment numbers and the key prints them: the textbook's
    /// letters (<c>ack=x+1</c>, <see cref="SeqStyle.Symbolic"/>) or numbers (<see cref="SeqStyle.Numeric"/>).
    /// The question gives the ISNs as numbers either way.
    /// </summary>
    public SeqStyle Style { get; init; } = SeqStyle.Symbolic;
}
