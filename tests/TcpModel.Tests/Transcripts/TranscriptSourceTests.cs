using System;
using System.Collections.Generic;
using System.Linq;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Transcripts;

/// <summary>
/// A parsed step keeps where each field was written and which fields were written at all, so a
/// grader can judge every stated field and point at its line and column.
/// </summary>
public class TranscriptSourceTests
{
    private const TcpFlags AllEight = TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Fin | TcpFlags.Rst | TcpFlags.Psh | TcpFlags.Urg | TcpFlags.Ece | TcpFlags.Cwr;

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');

    /// <summary>The text at <paramref name="at"/> starts with <paramref name="expected"/>.</summary>
    private static void AssertAt(string[] lines, TranscriptPosition at, string expected)
    {
        Assert.True(at.IsKnown, "expected a position for '" + expected + "'");
        string rest = lines[at.Line - 1].Substring(at.Column - 1);
        Assert.True(rest.StartsWith(expected, StringComparison.Ordinal), $"at {at}: expected '{expected}', found '{rest}'");
    }

    private static (IReadOnlyList<Transcript> Transcripts, string[] Lines) Parse(string text)
    {
        Assert.True(TranscriptParser.TryParse(text, out var transcripts, out var errors), string.Join("\n", errors));
        return (transcripts, Lines(text));
    }

    private static TranscriptStepSource SourceOf(TranscriptStep step) => Assert.IsType<TranscriptStepSource>(step.Source);

    // ---- the seed document ----

    [Fact]
    public void Seed_TeardownStep1_WritesFinButNotAck_AndNoAckNumber()
    {
        var (seed, lines) = Parse(TranscriptFixtures.Resource("seed-tables.md"));
        TranscriptStepSource s = SourceOf(seed[1].Steps[0]);
        Assert.Contains("`FIN=1`（终止请求）", lines[s.Line - 1]);
        Assert.Equal(TcpFlags.Fin, s.FlagsWritten);
        Assert.True(s.FlagsWritten.HasFlag(TcpFlags.Fin));
        Assert.False(s.FlagsWritten.HasFlag(TcpFlags.Ack));
        Assert.False(s.AckNumberWritten);
        Assert.False(s.AckNumber.IsKnown);
        Assert.False(s.LengthWritten);
        Assert.False(s.FlagPosition(TcpFlags.Ack).IsKnown);
        AssertAt(lines, s.FlagPosition(TcpFlags.Fin), "FIN=1`（终止请求）");
        AssertAt(lines, s.Seq, "u`（最后字节数据序号+1）");
        AssertAt(lines, s.Direction, "客户端 → 服务端");
        Assert.Equal(new[] { ("终止请求", TcpField.Fin), ("最后字节数据序号+1", TcpField.Seq), ("终止等待 1", TcpField.State) },
            s.Comments.Select(c => (c.Text, c.Follows)));
        foreach (TranscriptComment c in s.Comments) AssertAt(lines, c.Position, c.Text);
        TranscriptStateMention m = Assert.Single(s.States);
        Assert.Equal((Side.Client, (TcpState?)null, TcpState.FinWait1), (m.Side, m.From, m.To));
        AssertAt(lines, m.Position, "客户端进入");
        AssertAt(lines, m.ToPosition, "FIN-WAIT-1");
        Assert.False(m.FromPosition.IsKnown);
    }

    [Fact]
    public void Seed_HandshakeStep1_WritesSynAndAckZero_WithTheCommentAfterAck()
    {
        var (seed, lines) = Parse(TranscriptFixtures.Resource("seed-tables.md"));
        TranscriptStep step = seed[0].Steps[0];
        TranscriptStepSource s = SourceOf(step);
        Assert.Contains("连接请求报文段", lines[s.Line - 1]);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, s.FlagsWritten);
        Assert.Equal(TcpFlags.Syn, step.Segment.Flags); // ACK was written, as 0
        Assert.Equal(TcpFlags.Ack, s.FlagsWritten & ~step.Segment.Flags);
        AssertAt(lines, s.FlagPosition(TcpFlags.Syn), "SYN=1`（同步位");
        AssertAt(lines, s.FlagPosition(TcpFlags.Ack), "ACK=0`（表示不捎带数据）");
        Assert.Equal(s.FlagPosition(TcpFlags.Ack), s.Position(TcpField.AckFlag));
        AssertAt(lines, s.Seq, "x`（随机初始序号）");
        Assert.False(s.AckNumberWritten);
        Assert.True(s.LengthWritten);
        AssertAt(lines, s.Length, "无数据 |");
        AssertAt(lines, s.Direction, "客户端 → 服务端");
        Assert.Equal(s.Direction, s.Position(TcpField.Direction));

        TranscriptComment afterAck = Assert.Single(s.Comments, c => c.Follows == TcpField.AckFlag);
        Assert.Equal("表示不捎带数据", afterAck.Text);
        AssertAt(lines, afterAck.Position, "表示不捎带数据）");
        Assert.Equal("随机初始序号", Assert.Single(s.Comments, c => c.Follows == TcpField.Seq).Text);
        // The first comment holds a nested one, kept as part of its text.
        TranscriptComment afterSyn = Assert.Single(s.Comments, c => c.Follows == TcpField.Syn);
        Assert.StartsWith("同步位，", afterSyn.Text);
        Assert.EndsWith("后续报文（包括第三步）无需再同步", afterSyn.Text);
        Assert.Equal(3, s.Comments.Count);
    }

    [Fact]
    public void Seed_HandshakeStep2_AckNumberAndTheRawStateMention()
    {
        var (seed, lines) = Parse(TranscriptFixtures.Resource("seed-tables.md"));
        TranscriptStepSource s1 = SourceOf(seed[0].Steps[0]), s2 = SourceOf(seed[0].Steps[1]);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, s2.FlagsWritten);
        AssertAt(lines, s2.AckNumber, "x+1`（确认客户端序号");
        Assert.Equal(s2.AckNumber, s2.Position(TcpField.Ack));
        AssertAt(lines, s2.Seq, "y`（服务端随机序号）");
        Assert.Equal(new[] { ("服务端随机序号", TcpField.Seq) }, s2.Comments.Where(c => c.Follows == TcpField.Seq).Select(c => (c.Text, c.Follows)));
        Assert.StartsWith("确认客户端序号", Assert.Single(s2.Comments, c => c.Follows == TcpField.Ack).Text);

        // The row says "服务端进入 SYN-RCVD"; the transcript moves it to step 1 (when the SYN arrived):
        // the source keeps the mention where it was written.
        Assert.Equal((TcpState?)TcpState.SynReceived, seed[0].Steps[0].ServerAfter);
        Assert.DoesNotContain(s1.States, m => m.Side == Side.Server);
        TranscriptStateMention m2 = Assert.Single(s2.States);
        Assert.Equal((Side.Server, TcpState.SynReceived), (m2.Side, m2.To));
        AssertAt(lines, m2.Position, "服务端进入");
        AssertAt(lines, m2.ToPosition, "SYN-RCVD");
        Assert.Equal(m2.Position, s2.Position(TcpField.State));
    }

    [Fact]
    public void Seed_HandshakeStep3_LengthNotWritten_AndBothSidesAtOneColumn()
    {
        var (seed, lines) = Parse(TranscriptFixtures.Resource("seed-tables.md"));
        TranscriptStepSource s = SourceOf(seed[0].Steps[2]);
        Assert.False(s.LengthWritten); // 可携带数据 states no length
        Assert.False(s.Length.IsKnown);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, s.FlagsWritten); // SYN=0, ACK=1
        AssertAt(lines, s.FlagPosition(TcpFlags.Syn), "SYN=0");
        AssertAt(lines, s.Seq, "x+1`, `ack=y+1`");
        AssertAt(lines, s.AckNumber, "y+1`（确认服务端序号");
        Assert.Equal(new[] { Side.Client, Side.Server }, s.States.Select(m => m.Side));
        Assert.All(s.States, m => Assert.Equal(TcpState.Established, m.To));
        Assert.Equal(s.States[0].Position, s.States[1].Position);
        Assert.Equal(s.States[0].ToPosition, s.States[1].ToPosition);
        AssertAt(lines, s.States[0].Position, "双方进入");
        AssertAt(lines, s.States[0].ToPosition, "ESTABLISHED");
    }

    [Fact]
    public void Seed_TeardownStep2And4_TwoMentionsInOneCell_AndACommentInTheStateCell()
    {
        var (seed, lines) = Parse(TranscriptFixtures.Resource("seed-tables.md"));
        TranscriptStepSource s2 = SourceOf(seed[1].Steps[1]);
        Assert.Equal(TcpFlags.Ack, s2.FlagsWritten);
        AssertAt(lines, s2.AckNumber, "u+1`，`seq=v`");
        AssertAt(lines, s2.Seq, "v`（服务端发送的最后数据序号+1）");
        Assert.Equal(new[] { (Side.Server, TcpState.CloseWait), (Side.Client, TcpState.FinWait2) }, s2.States.Select(m => (m.Side, m.To)));
        AssertAt(lines, s2.States[1].ToPosition, "FIN-WAIT2（终止等待 2）");
        Assert.Equal(new[] { "关闭等待", "终止等待 2" }, s2.Comments.Where(c => c.Follows == TcpField.State).Select(c => c.Text));

        TranscriptStepSource s4 = SourceOf(seed[1].Steps[3]);
        TranscriptComment closed = Assert.Single(s4.Comments, c => c.Text == "连接关闭");
        Assert.Equal(TcpField.State, closed.Follows);
        AssertAt(lines, closed.Position, "连接关闭)状态");
        Assert.Equal((Side.Server, TcpState.Closed), (s4.States[^1].Side, s4.States[^1].To));
        AssertAt(lines, s4.States[^1].ToPosition, "CLOSED(连接关闭)");
    }

    // ---- line notation ----

    private const string LineNotation =
        "C -> S  SYN=1 ACK=0 seq=x ; client SYN-SENT\n"
        + "S -> C  [SYN, ACK] seq=y ack=x + 1 ; server SYN-RCVD\n"
        + "C -> S  ACK=1 seq=x+1 ack=y+1 len=0（空） ; both ESTABLISHED ; rule SynReceivedAcked（RFC 9293 §3.10.7.4）";

    [Fact]
    public void LineNotation_Step1_FlagsAsNameEqualsValue()
    {
        var (ts, lines) = Parse(LineNotation);
        TranscriptStepSource s = SourceOf(ts[0].Steps[0]);
        Assert.Equal(1, s.Line);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, s.FlagsWritten);
        AssertAt(lines, s.Direction, "C -> S");
        AssertAt(lines, s.FlagPosition(TcpFlags.Syn), "SYN=1");
        AssertAt(lines, s.FlagPosition(TcpFlags.Ack), "ACK=0");
        AssertAt(lines, s.Seq, "x ;");
        Assert.False(s.AckNumberWritten);
        Assert.False(s.LengthWritten);
        Assert.False(s.FlagList.IsKnown);
        Assert.Empty(s.Comments);
        TranscriptStateMention m = Assert.Single(s.States);
        Assert.Equal((Side.Client, TcpState.SynSent), (m.Side, m.To));
        AssertAt(lines, m.Position, "client SYN-SENT");
        AssertAt(lines, m.ToPosition, "SYN-SENT");
    }

    [Fact]
    public void LineNotation_Step2_AFlagListWritesAllEightBits()
    {
        var (ts, lines) = Parse(LineNotation);
        TranscriptStepSource s = SourceOf(ts[0].Steps[1]);
        Assert.Equal(2, s.Line);
        Assert.Equal(AllEight, s.FlagsWritten);
        AssertAt(lines, s.FlagList, "[SYN, ACK]");
        AssertAt(lines, s.FlagPosition(TcpFlags.Syn), "SYN, ACK]");
        AssertAt(lines, s.FlagPosition(TcpFlags.Ack), "ACK]");
        Assert.Equal(s.FlagList, s.FlagPosition(TcpFlags.Fin)); // named by the list as not set
        Assert.Equal(s.FlagList, s.Position(TcpField.Rst));
        AssertAt(lines, s.AckNumber, "x + 1 ;");
        AssertAt(lines, s.States.Single().ToPosition, "SYN-RCVD");
        Assert.Throws<ArgumentException>(() => s.FlagPosition(TcpFlags.Syn | TcpFlags.Ack));
        Assert.Throws<ArgumentException>(() => s.FlagPosition(TcpFlags.None));
    }

    [Fact]
    public void LineNotation_Step3_LengthRuleAndCommentsInEachPart()
    {
        var (ts, lines) = Parse(LineNotation);
        TranscriptStepSource s = SourceOf(ts[0].Steps[2]);
        Assert.True(s.LengthWritten);
        AssertAt(lines, s.Length, "0（空）");
        AssertAt(lines, s.Rule, "SynReceivedAcked");
        Assert.Equal(s.Rule, s.Position(TcpField.Rule));
        Assert.Equal(new[] { ("空", TcpField.Length), ("RFC 9293 §3.10.7.4", TcpField.Rule) }, s.Comments.Select(c => (c.Text, c.Follows)));
        foreach (TranscriptComment c in s.Comments) AssertAt(lines, c.Position, c.Text);
        Assert.Equal(2, s.States.Count);
        AssertAt(lines, s.States[0].Position, "both ESTABLISHED");
        Assert.Equal(s.States[0].ToPosition, s.States[1].ToPosition);
    }

    [Fact]
    public void LineNotation_FromState_NoDataPhrase_AndAMarkdownFlagList()
    {
        string text = "initial: client FIN-WAIT-2, server CLOSE-WAIT\nS -> C  FIN=1 ACK=1 seq=w ack=u+1 no data ; server from CLOSE-WAIT to LAST-ACK";
        var (ts, lines) = Parse(text);
        TranscriptStepSource s = SourceOf(ts[0].Steps[0]);
        Assert.Equal(2, s.Line);
        AssertAt(lines, s.Length, "no data");
        TranscriptStateMention m = Assert.Single(s.States);
        Assert.Equal((TcpState?)TcpState.CloseWait, m.From);
        AssertAt(lines, m.FromPosition, "CLOSE-WAIT to");
        AssertAt(lines, m.ToPosition, "LAST-ACK");
        AssertAt(lines, m.Position, "server from");

        string md = "| 步骤 | 发送方向 | 首部字段值 |\n| --- | --- | --- |\n| 1 | 客户端 → 服务端 | **[SYN]**（同步）, seq=x |";
        var (mt, mlines) = Parse(md);
        TranscriptStepSource ms = SourceOf(mt[0].Steps[0]);
        Assert.Equal(AllEight, ms.FlagsWritten);
        AssertAt(mlines, ms.FlagList, "[SYN]");
        AssertAt(mlines, ms.FlagPosition(TcpFlags.Syn), "SYN]");
        Assert.Equal(TcpField.FlagList, ms.Comments.Single().Follows);
        Assert.Equal(3, ms.Line);
    }

    // ---- the source travels with the step, outside equality ----

    [Fact]
    public void Source_IsNotPartOfEquality_AndIsKeptByWithSegmentWithStatesAndTheTranscript()
    {
        var (ts, _) = Parse(LineNotation);
        Transcript parsed = ts[0];
        TranscriptStep step = parsed.Steps[0];
        TranscriptStepSource source = SourceOf(step);

        var built = new TranscriptStep(step.Sender, step.Segment, step.ClientAfter, step.ServerAfter, step.Rule, step.Notice, step.Note, step.Time, step.Delivery);
        Assert.Null(built.Source);
        Assert.Equal(built, step);
        Assert.Equal(built.GetHashCode(), step.GetHashCode());

        Assert.Same(source, step.WithSegment(step.Segment.WithNumbers(SeqExpr.Number(7), default)).Source);
        Assert.Same(source, step.WithStates(TcpState.Closed, TcpState.Listen).Source);
        // The constructor fills unknown states in with WithStates: the source stays.
        var refilled = new Transcript(new[] { step.WithStates(null, null) }, TcpState.Closed, TcpState.Listen);
        Assert.Equal((TcpState?)TcpState.Listen, refilled.Steps[0].ServerAfter);
        Assert.Same(source, refilled.Steps[0].Source);
        Assert.All(parsed.Symbolize().Steps.Zip(parsed.Steps), p => Assert.Same(p.Second.Source, p.First.Source));
        Assert.True(parsed.TryBind(new Dictionary<char, SeqNum> { ['x'] = new SeqNum(100), ['y'] = new SeqNum(900) }, out Transcript? bound, out _));
        Assert.All(bound!.Steps.Zip(parsed.Steps), p => Assert.Same(p.Second.Source, p.First.Source));
    }

    [Fact]
    public void Position_UnknownByDefault_AndValidated()
    {
        Assert.False(TranscriptPosition.Unknown.IsKnown);
        Assert.Equal("?", TranscriptPosition.Unknown.ToString());
        Assert.Equal("3:14", new TranscriptPosition(3, 14).ToString());
        Assert.True(new TranscriptPosition(1, 1).IsKnown);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TranscriptPosition(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TranscriptPosition(1, 0));
        Assert.Equal("", default(TranscriptComment).Text);
    }
}
