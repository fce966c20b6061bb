namespace TcpModel.Grading;

/// <summary>
/// What a grader says about one place of a student's transcript: where it is, the RFC section it
/// rests on, and the words for the student in English and Chinese. A <see cref="GradeDiagnostic"/>
/// is a wrong field; a <see cref="GradeNote"/> is a remark.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
public abstract class GradeFinding
{
    private protected GradeFinding(int transcript, int step, int line, int column, string source, string english, string chinese)
    {
        Transcript = transcript;
        Step = step;
        Line = line;
        Column = column;
        Source = source;
        English = english;
        Chinese = chinese;
    }

    /// <summary>Which transcript of the document (1-based: the first table is 1).</summary>
    public int Transcript { get; }

    /// <summary>The step within the transcript (1-based, as the table numbers it).</summary>
    public int Step { get; }

    /// <summary>The 1-based line (0 when the transcript was not parsed from text).</summary>
    public int Line { get; }

    /// <summary>The 1-based column (0 when unknown).</summary>
    public int Column { get; }

    /// <summary>Where the rule comes from, such as <c>RFC 9293 §3.4</c>.</summary>
    public string Source { get; }

    /// <summary>The explanation in English.</summary>
    public string English { get; }

    /// <summary>The explanation in Chinese.</summary>
    public string Chinese { get; }

    /// <summary>The explanation in <paramref name="language"/>.</summary>
    public string Message(TcpLanguage language) => language == TcpLanguage.Chinese ? Chinese : English;
}
