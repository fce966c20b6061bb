using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using TcpModel.Transcripts;
using Xunit;
using static TcpModel.Tests.Transcripts.TranscriptFixtures;

namespace TcpModel.Tests.Transcripts;

public class RenderTests
{
    public static TheoryData<string, TranscriptLanguage> ScenarioLanguages()
    {
        var data = new TheoryData<string, TranscriptLanguage>();
        foreach (TranscriptScenario s in TranscriptScenarios.All)
        {
            data.Add(s.Name, TranscriptLanguage.English);
            data.Add(s.Name, TranscriptLanguage.Chinese);
        }
        return data;
    }

    private static IReadOnlyList<Transcript> Run(string name, TranscriptLanguage language) =>
        TranscriptScenarios.All.Single(s => s.Name == name).Run(new ScenarioParameters { Language = language });

    [Theory]
    [MemberData(nameof(ScenarioLanguages))]
    public void Render_Svg_IsWellFormedXmlWithOneArrowPerSegment(string name, TranscriptLanguage language)
    {
        IReadOnlyList<Transcript> sections = Run(name, language);
        XDocument doc = XDocument.Parse(TranscriptRenderer.RenderAll(sections, TranscriptFormat.Svg, new TranscriptRenderOptions { Language = language }));
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal(svg + "svg", doc.Root!.Name);
        int segments = doc.Descendants(svg + "line").Count(l => ((string?)l.Attribute("class"))?.StartsWith("seg") == true);
        Assert.Equal(sections.Sum(t => t.Steps.Count), segments);
        Assert.Equal(2 * sections.Count, doc.Descendants(svg + "line").Count(l => (string?)l.Attribute("class") == "lifeline"));
    }

    [Fact]
    public void Render_Svg_EscapesMarkupInTitles()
    {
        Transcript t = SeedExchange().WithTitle("a <b> & \"c\"");
        XDocument doc = XDocument.Parse(TranscriptRenderer.Render(t, TranscriptFormat.Svg));
        Assert.Contains(doc.Descendants(), e => e.Value == "a <b> & \"c\"");
    }

    [Theory]
    [MemberData(nameof(ScenarioLanguages))]
    public void Render_Mermaid_OneDiagramWithOneArrowPerSegment(string name, TranscriptLanguage language)
    {
        IReadOnlyList<Transcript> sections = Run(name, language);
        string[] lines = TranscriptRenderer.RenderAll(sections, TranscriptFormat.Mermaid, new TranscriptRenderOptions { Language = language }).Split('\n');
        Assert.Single(lines, l => l == "sequenceDiagram");
        int arrows = lines.Count(l => l.StartsWith("    C-") || l.StartsWith("    S-"));
        Assert.Equal(sections.Sum(t => t.Steps.Count), arrows);
        Assert.DoesNotContain(lines, l => l.StartsWith("    ") && l.Contains(';')); // ';' would end a Mermaid statement
    }

    [Fact]
    public void Render_TextChinese_AlignsColumnsByDisplayWidth()
    {
        string text = TranscriptRenderer.Render(SeedExchange(), TranscriptFormat.Text, new TranscriptRenderOptions { Language = TranscriptLanguage.Chinese, IncludeNotes = false });
        var widths = text.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l[0]))
            .Select(l => TranscriptRenderer.DisplayWidth(l.Substring(0, l.IndexOf(';')))).Distinct();
        Assert.Single(widths);
    }

    [Fact]
    public void Render_Numeric_PrintsNumbersAndBindsSymbols()
    {
        string numeric = TranscriptRenderer.Render(SeedExchange(), TranscriptFormat.Text, new TranscriptRenderOptions { Style = SeqStyle.Numeric });
        Assert.Contains("seq=1000", numeric);
        Assert.Contains("ack=5002", numeric);
        Assert.DoesNotContain("x+1", numeric);

        Transcript symbolic = SeedExchange().Symbolize(out var bindings);
        string bound = TranscriptRenderer.Render(symbolic, TranscriptFormat.Text, new TranscriptRenderOptions { Style = SeqStyle.Numeric, Bindings = bindings });
        Assert.Equal(numeric, bound);
    }

    [Fact]
    public void Render_WithoutNotes_LeavesOutLegendAndCorrections()
    {
        string text = TranscriptRenderer.Render(SeedExchange(), TranscriptFormat.Markdown, new TranscriptRenderOptions { IncludeNotes = false });
        Assert.DoesNotContain("> ", text);
        Assert.Contains("`FIN=1`, `ACK=1`", text);
    }

    [Fact]
    public void RenderAll_Sections_LetterTheWholeExchange()
    {
        Transcript whole = SeedExchange();
        var sections = new[] { whole.Slice(0, 3, "handshake"), whole.Slice(3, 4, "teardown") };
        string text = TranscriptRenderer.RenderAll(sections, TranscriptFormat.Text);
        Assert.Contains("FIN=1 ACK=1 seq=u ack=y+1", text); // y comes from the handshake section
    }

    [Fact]
    public void RenderAll_Empty_Throws() =>
        Assert.Throws<System.ArgumentException>(() => TranscriptRenderer.RenderAll(System.Array.Empty<Transcript>(), TranscriptFormat.Text));
}
