namespace TcpModel.Grading;

/// <summary>
/// A remark that is not a wrong field: a gloss that says something the RFC does not, or a
/// convention of the textbook that real stacks do not follow. Graders show it as a note.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed class GradeNote : GradeFinding
{
    internal GradeNote(int transcript, int step, int line, int column, string id, string source, string english, string chinese)
        : base(transcript, step, line, column, source, english, chinese) => Id = id;

    /// <summary>A stable name for the note: <c>ack0-means-no-data</c>, <c>fin-without-ack</c>.</summary>
    public string Id { get; }

    /// <inheritdoc />
    public override string ToString() => $"step {Step}: {Id}";
}
