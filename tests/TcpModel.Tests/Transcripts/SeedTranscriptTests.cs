using System.Collections.Generic;
using System.Linq;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Transcripts;

/// <summary>The user's seed document: its two tables parse, and the model's demo reproduces them.</summary>
public class SeedTranscriptTests
{
    private static SeqExpr S(char symbol, long offset = 0) => SeqExpr.Symbolic(symbol, offset);

    private static IReadOnlyList<Transcript> ParseSeed()
    {
        bool ok = TranscriptParser.TryParse(TranscriptFixtures.Resource("seed-tables.md"), out var transcripts, out var errors);
        Assert.True(ok, string.Join("\n", errors));
        return transcripts;
    }

    private static IReadOnlyList<Transcript> SymbolicDemo(TranscriptLanguage language)
    {
        var sections = TranscriptScenarios.Demo(new ScenarioParameters { Language = language });
        string md = TranscriptRenderer.RenderAll(sections, TranscriptFormat.Markdown, new TranscriptRenderOptions { Language = language });
        Assert.True(TranscriptParser.TryParse(md, out var parsed, out var errors), string.Join("\n", errors));
        return parsed;
    }

    [Fact]
    public void Parse_SeedDocument_YieldsHandshakeAndTeardownWithTheSeedsFields()
    {
        IReadOnlyList<Transcript> seed = ParseSeed();
        Assert.Equal(2, seed.Count);
        Assert.Equal("三次握手", seed[0].Title);
        Assert.Equal("四次挥手", seed[1].Title);

        var h = seed[0].Steps;
        Assert.Equal(3, h.Count);
        Assert.Equal((Side.Client, TcpFlags.Syn, S('x')), (h[0].Sender, h[0].Segment.Flags, h[0].Segment.Seq));
        Assert.Equal((Side.Server, TcpFlags.Syn | TcpFlags.Ack, S('y'), S('x', 1)), (h[1].Sender, h[1].Segment.Flags, h[1].Segment.Seq, h[1].Segment.Ack));
        Assert.Equal((Side.Client, TcpFlags.Ack, S('x', 1), S('y', 1)), (h[2].Sender, h[2].Segment.Flags, h[2].Segment.Seq, h[2].Segment.Ack));

        var t = seed[1].Steps;
        Assert.Equal(4, t.Count);
        Assert.Equal((Side.Client, TcpFlags.Fin, S('u')), (t[0].Sender, t[0].Segment.Flags, t[0].Segment.Seq));
        Assert.Equal((Side.Server, TcpFlags.Ack, S('v'), S('u', 1)), (t[1].Sender, t[1].Segment.Flags, t[1].Segment.Seq, t[1].Segment.Ack));
        Assert.Equal((Side.Server, TcpFlags.Fin | TcpFlags.Ack, S('w'), S('u', 1)), (t[2].Sender, t[2].Segment.Flags, t[2].Segment.Seq, t[2].Segment.Ack));
        Assert.Equal((Side.Client, TcpFlags.Ack, S('u', 1), S('w', 1)), (t[3].Sender, t[3].Segment.Flags, t[3].Segment.Seq, t[3].Segment.Ack));
        // The sixth column (资源释放时机) is kept as each step's note, not dropped.
        Assert.Equal("**客户端关闭发送通道**", t[0].Note);
    }

    [Fact]
    public void Parse_SeedStateColumns_GiveTheStatesAfterEachStep()
    {
        IReadOnlyList<Transcript> seed = ParseSeed();
        Assert.Equal(new (TcpState?, TcpState?)[]
        {
            (TcpState.SynSent, TcpState.SynReceived), (TcpState.Established, TcpState.SynReceived), (TcpState.Established, TcpState.Established),
        }, seed[0].Steps.Select(s => (s.ClientAfter, s.ServerAfter)));
        Assert.Equal(new (TcpState?, TcpState?)[]
        {
            (TcpState.FinWait1, TcpState.CloseWait), (TcpState.FinWait2, TcpState.CloseWait), (TcpState.TimeWait, TcpState.LastAck), (TcpState.TimeWait, TcpState.Closed),
        }, seed[1].Steps.Select(s => (s.ClientAfter, s.ServerAfter)));
    }

    [Theory]
    [InlineData(TranscriptLanguage.Chinese)]
    [InlineData(TranscriptLanguage.English)]
    public void SeedTables_MatchModelDemoFieldByField_ExceptTheAckOnTheFirstFin(TranscriptLanguage language)
    {
        IReadOnlyList<Transcript> seed = ParseSeed(), model = SymbolicDemo(language);
        Assert.Equal(seed.Count, model.Count);
        var differences = new List<string>();
        for (int t = 0; t < seed.Count; t++)
        {
            Assert.Equal(seed[t].Steps.Count, model[t].Steps.Count);
            for (int i = 0; i < seed[t].Steps.Count; i++)
            {
                TranscriptStep a = seed[t].Steps[i], b = model[t].Steps[i];
                string at = $"table {t + 1} step {i + 1}: ";
                if (a.Sender != b.Sender) differences.Add(at + "sender");
                if (a.Segment.Flags != b.Segment.Flags) differences.Add(at + "flags " + a.Segment.Flags + " vs " + b.Segment.Flags);
                if (a.Segment.Seq != b.Segment.Seq) differences.Add(at + "seq");
                if (a.Segment.HasAck && b.Segment.HasAck && a.Segment.Ack != b.Segment.Ack) differences.Add(at + "ack");
                if (a.Segment.PayloadLength != b.Segment.PayloadLength) differences.Add(at + "len");
                if (a.ClientAfter != b.ClientAfter || a.ServerAfter != b.ServerAfter) differences.Add(at + "states");
            }
        }
        // RFC 9293 §3.10.7.4: the FIN carries ACK (with ack=y+1); the seed's step 1 leaves it out.
        Assert.Equal(new[] { "table 2 step 1: flags Fin vs Fin, Ack" }, differences);
        Assert.Equal(SeqExpr.Symbolic('y', 1), model[1].Steps[0].Segment.Ack);
    }

    [Theory]
    [InlineData(TranscriptFormat.Markdown, TranscriptLanguage.Chinese)]
    [InlineData(TranscriptFormat.Markdown, TranscriptLanguage.English)]
    [InlineData(TranscriptFormat.Text, TranscriptLanguage.Chinese)]
    [InlineData(TranscriptFormat.Text, TranscriptLanguage.English)]
    public void Parse_SeedTables_RenderAndParseBackUnchanged(TranscriptFormat format, TranscriptLanguage language)
    {
        IReadOnlyList<Transcript> seed = ParseSeed();
        string text = TranscriptRenderer.RenderAll(seed, format, new TranscriptRenderOptions { Language = language });
        Assert.True(TranscriptParser.TryParse(text, out var back, out var errors), string.Join("\n", errors));
        Assert.Equal(seed, back);
    }

    [Fact]
    public void Render_SeedHandshake_MatchesSeedTable()
    {
        string md = TranscriptRenderer.RenderAll(TranscriptScenarios.Demo(new ScenarioParameters { Language = TranscriptLanguage.Chinese }),
            TranscriptFormat.Markdown, new TranscriptRenderOptions { Language = TranscriptLanguage.Chinese });
        string[] rows = md.Split('\n').Where(l => l.StartsWith("| ") && char.IsDigit(l[2])).ToArray();
        Assert.Equal(7, rows.Length);
        Assert.Contains("| 客户端 → 服务端 | **连接请求报文段** | `SYN=1`, `ACK=0`, `seq=x`", rows[0]);
        Assert.Contains("客户端进入 `SYN-SENT`（同步已发送）状态", rows[0]);
        Assert.Contains("| 服务端 → 客户端 | **确认报文段**     | `SYN=1`, `ACK=1`, `seq=y`, `ack=x+1`", rows[1]);
        Assert.Contains("服务端进入 `SYN-RCVD`（同步收到）状态", rows[1]);
        Assert.Contains("`SYN=0`, `ACK=1`, `seq=x+1`, `ack=y+1`", rows[2]);
        Assert.Contains("双方进入 `ESTABLISHED`（已建立连接）状态", rows[2]);
    }

    [Fact]
    public void Render_SeedTeardown_MatchesSeedTableWithAckOnTheFinAndSaysWhy()
    {
        string md = TranscriptRenderer.RenderAll(TranscriptScenarios.Demo(new ScenarioParameters { Language = TranscriptLanguage.Chinese }),
            TranscriptFormat.Markdown, new TranscriptRenderOptions { Language = TranscriptLanguage.Chinese });
        string[] rows = md.Split('\n').Where(l => l.StartsWith("| ") && char.IsDigit(l[2])).Skip(3).ToArray();
        Assert.Contains("**连接释放报文段** | `FIN=1`, `ACK=1`, `seq=u`, `ack=y+1`", rows[0]);
        Assert.Contains("客户端进入 `FIN-WAIT-1`（终止等待 1）状态", rows[0]);
        Assert.Contains("`ACK=1`, `seq=v`, `ack=u+1`", rows[1]);
        Assert.Contains("服务端进入 `CLOSE-WAIT`（关闭等待）状态，客户端进入 `FIN-WAIT-2`（终止等待 2）状态", rows[1]);
        Assert.Contains("`FIN=1`, `ACK=1`, `seq=w`, `ack=u+1`", rows[2]);
        Assert.Contains("服务端进入 `LAST-ACK`（最后确认）状态", rows[2]);
        Assert.Contains("`ACK=1`, `seq=u+1`, `ack=w+1`", rows[3]);
        Assert.Contains("客户端进入 `TIME-WAIT`（时间等待）状态，服务端进入 `CLOSED`（关闭）状态", rows[3]);
        Assert.Contains("FIN 报文段同样置 `ACK=1`", md);
        Assert.Contains("RFC 9293 §3.10.7.4", md);
        Assert.Contains("`ACK=0` 表示确认号字段无效", md);
        Assert.Contains("收到 SYN 并回复 SYN+ACK 时就为半开连接分配状态", md);
    }
}
