namespace TcpModel.Grading;

/// <summary>
/// A remark that is not a wrong field: a gloss that says something the RFC does not, or a
/// convention of the textbook that real stacks do not follow. Graders show it as a note.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed class GradeNote
{
    internal GradeNote(int transcript, int step, int line, int column, string id, string source, string english, string chinese)
    {
        Transcript = transcript;
        Step = step;
        Line = line;
        Column = column;
        Id = id;
        Source = source;
        English = english;
        Chinese = chinese;
    }

    /// <summary>Which transcript of the document (1-based).</summary>
    public int Transcript { get; }

    /// <summary>The step (1-based).</summary>
    public int Step { get; }

    /// <summary>The 1-based line (0 when unknown).</summary>
    public int Line { get; }

    /// <summary>The 1-based column (0 when unknown).</summary>
    public int Column { get; }

    /// <summary>A stable name for the note: <c>ack0-means-no-data</c>, <c>fin-without-ack</c>.</summary>
    public string Id { get; }

    /// <summary>The RFC section the note rests on.</summary>
    public string Source { get; }

    /// <summary>The note in English.</summary>
    public string English { get; }

    /// <summary>The note in Chinese.</summary>
    public string Chinese { get; }

    /// <summary>The note in <paramref name="language"/>.</summary>
    public string Message(TcpLanguage language) => language == TcpLanguage.Chinese ? Chinese : English;

    /// <inheritdoc />
    public override string ToString() => $"step {Step}: {Id}";
}
