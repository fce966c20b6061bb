using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Transcripts;

/// <summary>Render, then parse: the same transcript comes back (fixed seeds so a failure reproduces).</summary>
[ScaledProperties(Arbitrary = new[] { typeof(TranscriptArbitraries) }, MaxTest = 300)]
public class RoundTripProperties
{
    private static Transcript ParseOne(string text)
    {
        Assert.True(TranscriptParser.TryParse(text, out IReadOnlyList<Transcript> parsed, out var errors), text + "\n" + string.Join("\n", errors));
        return Assert.Single(parsed);
    }

    private static void AssertRoundTrip(Transcript t, TranscriptFormat format, TranscriptLanguage language)
    {
        string text = TranscriptRenderer.Render(t, format, new TranscriptRenderOptions { Language = language, Style = SeqStyle.Numeric });
        Transcript back = ParseOne(text);
        Assert.True(t.Equals(back), text + "\n---\n" + TranscriptRenderer.Render(back, TranscriptFormat.Text, new TranscriptRenderOptions { Style = SeqStyle.Numeric }));
    }

    [ScaledProperty(Replay = "(20261124,1415)")]
    public void Markdown_English_RoundTrips(Transcript t) => AssertRoundTrip(t, TranscriptFormat.Markdown, TranscriptLanguage.English);

    [ScaledProperty(Replay = "(20261124,1417)")]
    public void Markdown_Chinese_RoundTrips(Transcript t) => AssertRoundTrip(t, TranscriptFormat.Markdown, TranscriptLanguage.Chinese);

    [ScaledProperty(Replay = "(20261124,1419)")]
    public void Text_English_RoundTrips(Transcript t) => AssertRoundTrip(t, TranscriptFormat.Text, TranscriptLanguage.English);

    [ScaledProperty(Replay = "(20261124,1421)")]
    public void Text_Chinese_RoundTrips(Transcript t) => AssertRoundTrip(t, TranscriptFormat.Text, TranscriptLanguage.Chinese);

    [ScaledProperty(Replay = "(20261124,1423)")]
    public Property SymbolicRendering_ParsesToTheSymbolizedTranscript() =>
        Prop.ForAll(TranscriptArbitraries.Numeric.ToArbitrary(), t =>
        {
            string text = TranscriptRenderer.Render(t, TranscriptFormat.Markdown, new TranscriptRenderOptions { Language = TranscriptLanguage.Chinese });
            Assert.Equal(t.Symbolize(), ParseOne(text));
        });

    [ScaledProperty(Replay = "(20261124,1425)")]
    public Property Symbolize_ThenBind_IsIdentity() =>
        Prop.ForAll(TranscriptArbitraries.Numeric.ToArbitrary(), t =>
        {
            Transcript s = t.Symbolize(out var bindings);
            Assert.True(s.TryBind(bindings, out Transcript? back, out _));
            Assert.Equal(t, back);
        });

    /// <summary>TryParse never throws: rendered text with characters cut out or pasted in still gives a result or errors.</summary>
    [ScaledProperty(Replay = "(20261124,1427)", MaxTest = 500)]
    public Property TryParse_MangledText_NeverThrowsAndReportsPositions() =>
        Prop.ForAll(
            (from t in TranscriptArbitraries.Numeric
             from format in Gen.Elements(TranscriptFormat.Markdown, TranscriptFormat.Text)
             from zh in Gen.Elements(true, false)
             let text = TranscriptRenderer.Render(t, format, new TranscriptRenderOptions { Language = zh ? TranscriptLanguage.Chinese : TranscriptLanguage.English })
             from at in Gen.Choose(0, text.Length - 1)
             from cut in Gen.Choose(0, 12)
             from paste in Gen.Elements("", "|", "=", "（", "[", "\"", "->", "x+", "9999999999", ";", "\n", "SYN=7")
             select text.Substring(0, at) + paste + text.Substring(System.Math.Min(text.Length, at + cut))).ToArbitrary(),
            text =>
            {
                bool ok = TranscriptParser.TryParse(text, out var transcripts, out var errors);
                Assert.Equal(ok, errors.Count == 0);
                Assert.Equal(ok, transcripts.Count > 0);
                int lines = text.Split('\n').Length;
                Assert.All(errors, e => Assert.InRange(e.Line, 1, lines));
                Assert.All(errors, e => Assert.True(e.Column >= 1 && e.Message.Length > 0));
            });
}
