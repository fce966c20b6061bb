using System.Collections.Generic;
using System.Linq;
using Snapshooter;
using Snapshooter.Xunit;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Transcripts;

/// <summary>Every scenario in every format and both languages, pinned as snapshots.</summary>
public class ScenarioSnapshotTests
{
    public static TheoryData<string, TranscriptFormat, TranscriptLanguage> Cases()
    {
        var data = new TheoryData<string, TranscriptFormat, TranscriptLanguage>();
        foreach (TranscriptScenario s in TranscriptScenarios.All)
            foreach (TranscriptFormat f in new[] { TranscriptFormat.Markdown, TranscriptFormat.Text, TranscriptFormat.Mermaid, TranscriptFormat.Svg })
                foreach (TranscriptLanguage l in new[] { TranscriptLanguage.English, TranscriptLanguage.Chinese })
                    data.Add(s.Name, f, l);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_Scenario_MatchesSnapshot(string name, TranscriptFormat format, TranscriptLanguage language)
    {
        Assert.True(TranscriptScenarios.TryGet(name, out TranscriptScenario? scenario));
        IReadOnlyList<Transcript> sections = scenario!.Run(new ScenarioParameters { Language = language });
        string text = TranscriptRenderer.RenderAll(sections, format, new TranscriptRenderOptions { Language = language });
        Assert.NotEmpty(text);
        Snapshot.Match("scenario " + name + " (" + format + ", " + language + ")\n" + text, new SnapshotNameExtension(name, format, language));
    }

    [Theory]
    [InlineData(TranscriptLanguage.English)]
    [InlineData(TranscriptLanguage.Chinese)]
    public void Render_DemoNumeric_MatchesSnapshot(TranscriptLanguage language)
    {
        var sections = TranscriptScenarios.Demo(new ScenarioParameters { Language = language });
        string text = TranscriptRenderer.RenderAll(sections, TranscriptFormat.Markdown, new TranscriptRenderOptions { Language = language, Style = SeqStyle.Numeric });
        Assert.DoesNotContain("x+1", text);
        Snapshot.Match("demo, numeric values (" + language + ")\n" + text, new SnapshotNameExtension(language));
    }
}
