using System.Linq;
using TcpModel.Transcripts;
using Xunit;
using static TcpModel.Tests.Transcripts.TranscriptFixtures;

namespace TcpModel.Tests.Transcripts;

/// <summary>The textbook's letters x, y, u, v, w for any exchange.</summary>
public class LetteringTests
{
    private static string Fields(Transcript t) =>
        string.Join(" | ", t.Steps.Select(s => "seq=" + s.Segment.Seq + (s.Segment.HasAck ? " ack=" + s.Segment.Ack : "")));

    [Fact]
    public void Symbolize_SeedExchange_UsesTheTextbookLetters() =>
        Assert.Equal("seq=x | seq=y ack=x+1 | seq=x+1 ack=y+1 | seq=u ack=y+1 | seq=v ack=u+1 | seq=w ack=u+1 | seq=u+1 ack=w+1",
            Fields(SeedExchange().Symbolize()));

    [Fact]
    public void Symbolize_ThreeSegmentCloseByServer_NamesTheFinWAndUsesNoV()
    {
        Transcript t = ServerClosesThreeSegments().Symbolize(out var bindings);
        Assert.Equal("seq=1001 ack=5001 | seq=u ack=1101 | seq=w ack=u+1 | seq=u+1 ack=w+1", Fields(t));
        Assert.False(bindings.ContainsKey('v'));
        Assert.Equal(Y + 1, bindings['u'].Value);
        Assert.Equal(X + 101, bindings['w'].Value);
    }

    [Fact]
    public void Symbolize_DataInCloseWait_WIsItsOwnPointNotVPlusData()
    {
        Transcript t = TeardownWithDataInCloseWait().Symbolize(out var bindings);
        Assert.Equal("seq=u ack=5001 | seq=v ack=u+1 | seq=v ack=u+1 | seq=u+1 ack=v+300 | seq=w ack=u+1 | seq=u+1 ack=w+1", Fields(t));
        Assert.Equal(bindings['v'].Value + 300, bindings['w'].Value);
    }

    [Fact]
    public void Symbolize_ThenBind_GivesBackTheNumbers()
    {
        Transcript numeric = SeedExchange();
        Transcript symbolic = numeric.Symbolize(out var bindings);
        Assert.False(symbolic.IsNumeric);
        Assert.True(symbolic.TryBind(bindings, out Transcript? back, out char missing));
        Assert.Equal('\0', missing);
        Assert.Equal(numeric, back);
    }

    [Fact]
    public void Symbolize_RstFromClosedPort_KeepsSeqZeroAsANumber()
    {
        Transcript refused = TranscriptScenarios.All.Single(s => s.Name == "refused").Run()[0].Symbolize();
        TranscriptSegment rst = refused.Steps[1].Segment;
        Assert.Equal(SeqExpr.Number(0), rst.Seq);
        Assert.Equal(SeqExpr.Symbolic('x', 1), rst.Ack);
    }

    [Fact]
    public void TryBind_MissingSymbol_ReportsIt()
    {
        Transcript symbolic = SeedExchange().Symbolize();
        Assert.False(symbolic.TryBind(new System.Collections.Generic.Dictionary<char, SeqNum> { ['x'] = 1 }, out Transcript? result, out char missing));
        Assert.Null(result);
        Assert.Equal('y', missing);
    }
}
