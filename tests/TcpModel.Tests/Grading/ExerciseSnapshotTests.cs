using Snapshooter;
using Snapshooter.Xunit;
using TcpModel.Grading;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Grading;

/// <summary>
/// One exercise's question and answer key in English and Chinese, pinned as snapshots. Seed 5 has
/// most features at once: the client's ISN 54 below 2^32 (so its FIN's u = x+123 wraps to 69), data
/// on the third handshake segment, half-close data, and the second FIN lost and retransmitted.
/// </summary>
public class ExerciseSnapshotTests
{
    private const int Seed = 5;

    [Theory]
    [InlineData(TranscriptLanguage.English)]
    [InlineData(TranscriptLanguage.Chinese)]
    public void Question_MatchesSnapshot(TranscriptLanguage language)
    {
        Exercise e = ExerciseGenerator.Generate(Seed, new ExerciseOptions { Language = language });
        Assert.Equal(ExerciseFeatures.WrapAround | ExerciseFeatures.DataOnHandshake | ExerciseFeatures.HalfCloseData | ExerciseFeatures.Loss, e.Features);
        Snapshot.Match(e.QuestionMarkdown, new SnapshotNameExtension(language));
    }

    [Theory]
    [InlineData(TranscriptLanguage.English)]
    [InlineData(TranscriptLanguage.Chinese)]
    public void Key_MatchesSnapshot(TranscriptLanguage language)
    {
        Exercise e = ExerciseGenerator.Generate(Seed, new ExerciseOptions { Language = language });
        Assert.Equal(ExerciseLoss.SecondFin, e.Loss);
        Snapshot.Match(e.KeyMarkdown, new SnapshotNameExtension(language));
    }
}
