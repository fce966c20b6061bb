using System.Collections.Generic;
using System.Linq;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Transcripts;

/// <summary>Every error kind, with its line and column; nothing is dropped silently.</summary>
public class ParserErrorTests
{
    private const string Header = "| 步骤 | 发送方向 | 报文段名称 | 首部字段值 | 状态变化 |\n| --- | --- | --- | --- | --- |\n";

    private static TranscriptParseError Single(string text)
    {
        Assert.False(TranscriptParser.TryParse(text, out IReadOnlyList<Transcript> transcripts, out var errors));
        Assert.Empty(transcripts);
        return Assert.Single(errors);
    }

    private static void AssertError(string text, TranscriptErrorCode code, int line, int column, string messagePart)
    {
        TranscriptParseError e = Single(text);
        Assert.Equal((code, line, column), (e.Code, e.Line, e.Column));
        Assert.Contains(messagePart, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# just a heading\n\n## and a title")]
    public void NoSteps(string text) => AssertError(text, TranscriptErrorCode.NoSteps, 1, 1, "expected a transcript");

    [Fact]
    public void Direction_ProseInLineNotation_IsReportedNotSkipped() =>
        AssertError("# a comment\nsome prose", TranscriptErrorCode.Direction, 2, 1, "expected the sender");

    [Fact]
    public void TableLayout_MissingSeparatorRow() =>
        AssertError("| 步骤 | 发送方向 | 首部字段值 |\n| 1 | 客户端 → 服务端 | SYN=1 seq=x |", TranscriptErrorCode.TableLayout, 2, 1, "separator row");

    [Fact]
    public void TableLayout_MissingFieldsColumn() =>
        AssertError("| 步骤 | 发送方向 |\n| --- | --- |\n| 1 | C -> S |", TranscriptErrorCode.TableLayout, 1, 1, "首部字段值");

    [Fact]
    public void CellCount() =>
        AssertError(Header + "| 1 | 客户端 → 服务端 | SYN=1 seq=x |", TranscriptErrorCode.CellCount, 3, 1, "expected 5 cells");

    [Fact]
    public void StepNumber_NotTheNextNumber() =>
        AssertError(Header + "| 2 | 客户端 → 服务端 | 连接请求报文段 | SYN=1 seq=x | |", TranscriptErrorCode.StepNumber, 3, 3, "expected step number 1");

    [Fact]
    public void Direction_NoArrow() =>
        AssertError("C S  SYN=1 seq=x", TranscriptErrorCode.Direction, 1, 3, "arrow");

    [Fact]
    public void Direction_SameEndpointTwice() =>
        AssertError("C -> C  SYN=1 seq=x", TranscriptErrorCode.Direction, 1, 6, "other endpoint");

    [Fact]
    public void SegmentName_Unknown() =>
        AssertError(Header + "| 1 | 客户端 → 服务端 | 握手报文段 | SYN=1 seq=x | |", TranscriptErrorCode.SegmentName, 3, 19, "not a segment name");

    [Fact]
    public void UnknownField() =>
        AssertError("C -> S  SYN=1 win=3 seq=x", TranscriptErrorCode.UnknownField, 1, 15, "'win' is not a header field");

    [Fact]
    public void FlagValue_NotZeroOrOne() =>
        AssertError("C -> S  SYN=2 seq=x", TranscriptErrorCode.FlagValue, 1, 13, "expected 0 or 1");

    [Fact]
    public void FlagValue_CapitalAckWithANumber_SuggestsLowercase() =>
        AssertError("S -> C  SYN=1 ACK=x+1 seq=y", TranscriptErrorCode.FlagValue, 1, 19, "lowercase: ack=x+1");

    [Fact]
    public void FlagValue_UnknownNameInFlagList() =>
        AssertError("C -> S  [SYN, ACX] seq=x ack=y", TranscriptErrorCode.FlagValue, 1, 15, "'ACX' is not a control bit");

    [Fact]
    public void DuplicateField() =>
        AssertError("C -> S  SYN=1 seq=x seq=y", TranscriptErrorCode.DuplicateField, 1, 21, "seq is given twice");

    [Fact]
    public void MissingField_Seq() =>
        AssertError("C -> S  SYN=1 ACK=0", TranscriptErrorCode.MissingField, 1, 7, "expected seq=");

    [Fact]
    public void MissingField_AckWhenAckIsOne() =>
        AssertError("C -> S  ACK=1 seq=x+1", TranscriptErrorCode.MissingField, 1, 7, "expected ack=");

    [Fact]
    public void AckWithoutAckFlag() =>
        AssertError("C -> S  FIN=1 seq=u ack=y+1", TranscriptErrorCode.AckWithoutAckFlag, 1, 21, "RFC 9293 §3.1");

    [Fact]
    public void Value_BadExpression() =>
        AssertError("C -> S  SYN=1 seq=x*2", TranscriptErrorCode.Value, 1, 20, "expected '+', '-'");

    [Fact]
    public void Value_NumberOutOfRange() =>
        AssertError("C -> S  SYN=1 seq=4294967296", TranscriptErrorCode.Value, 1, 19, "out of range");

    [Fact]
    public void Length_NotANumber() =>
        AssertError("C -> S  ACK=1 seq=x+1 ack=y+1 len=many", TranscriptErrorCode.Length, 1, 35, "whole number");

    [Fact]
    public void UnclosedBracket_FlagList() =>
        AssertError("C -> S  [SYN, ACK seq=x ack=y", TranscriptErrorCode.UnclosedBracket, 1, 9, "']'");

    [Fact]
    public void UnclosedBracket_Comment() =>
        AssertError("C -> S  SYN=1 seq=x（随机初始序号", TranscriptErrorCode.UnclosedBracket, 1, 20, "')'");

    [Fact]
    public void UnknownState() =>
        AssertError("C -> S  SYN=1 seq=x ; client SYN-SNT", TranscriptErrorCode.UnknownState, 1, 30, "'SYN-SNT' is not a TCP state");

    [Fact]
    public void StateClause_StateWithoutEndpoint() =>
        AssertError(Header + "| 1 | 客户端 → 服务端 | 连接请求报文段 | SYN=1 seq=x | 进入 SYN-SENT |", TranscriptErrorCode.StateClause, 3, 46, "客户端, 服务端, 双方");

    [Fact]
    public void StateClause_EndpointWithoutState() =>
        AssertError("C -> S  SYN=1 seq=x ; client", TranscriptErrorCode.StateClause, 1, 23, "expected a state after 'client'");

    [Fact]
    public void StateConflict_FromStateDoesNotMatch() =>
        AssertError("initial: client CLOSED, server LISTEN\nC -> S  SYN=1 seq=x ; client from LISTEN to SYN-SENT", TranscriptErrorCode.StateConflict, 2, 23, "not in LISTEN");

    [Fact]
    public void StateConflict_TwoStatesForOneSideInOneStep() =>
        AssertError("C -> S  SYN=1 seq=x ; client SYN-SENT, client CLOSED", TranscriptErrorCode.StateConflict, 1, 40, "second state");

    [Fact]
    public void Rule_Unknown() =>
        AssertError("C -> S  SYN=1 seq=x ; rule HandshakeRule", TranscriptErrorCode.Rule, 1, 28, "'HandshakeRule' is not a rule name");

    [Fact]
    public void Notice_Unknown() =>
        AssertError("C -> S  SYN=1 seq=x ; notice connection exploded", TranscriptErrorCode.Notice, 1, 30, "not a user notice");

    [Fact]
    public void Time_NotSeconds() =>
        AssertError("t=soon C -> S  SYN=1 seq=x", TranscriptErrorCode.Time, 1, 1, "1.5s or 200ms");

    [Theory]
    [InlineData("t=55557555555155557555555515s C -> S  SYN=1 seq=x")]   // found by fuzzing: the product overflowed a decimal
    [InlineData("t=99999999999999999999999999ms C -> S  SYN=1 seq=x")]
    [InlineData("t=922337203685.4775808s C -> S  SYN=1 seq=x")]          // just past TimeSpan.MaxValue
    public void Time_TooLarge_IsAnError_NotAnException(string line) =>
        AssertError(line, TranscriptErrorCode.Time, 1, 1, "1.5s or 200ms");

    [Fact]
    public void Annotation_Unknown() =>
        AssertError("C -> S  SYN=1 seq=x ; hello world", TranscriptErrorCode.Annotation, 1, 23, "after ';'");

    [Fact]
    public void Quote_Unterminated() =>
        AssertError("C -> S  SYN=1 seq=x ; note \"half", TranscriptErrorCode.Quote, 1, 27, "closing '\"'");

    [Fact]
    public void EveryErrorCode_HasATest()
    {
        var tested = typeof(ParserErrorTests).GetMethods().Select(m => m.Name.Split('_')[0]).ToHashSet();
        Assert.All(System.Enum.GetNames<TranscriptErrorCode>(), name => Assert.Contains(name, tested));
    }

    [Fact]
    public void SeveralBadRows_AreAllReported_NoneDropped()
    {
        string text = "C -> S  SYN=2 seq=x\nS -> C  SYN=1 ACK=1 seq=y ack=x+1\nC -> S  ACK=1 seq=x+1";
        Assert.False(TranscriptParser.TryParse(text, out _, out var errors));
        Assert.Equal(new[] { (TranscriptErrorCode.FlagValue, 1), (TranscriptErrorCode.MissingField, 3) }, errors.Select(e => (e.Code, e.Line)));
    }

    [Fact]
    public void OneBadTableRow_IsOneError_TheRowsAfterItKeepTheirNumbers()
    {
        string text = Header
            + "| 1 | 客户端 → 服务端 | 连接请求报文段 | SYN=1 seq=x | 客户端进入 SYN-SENT |\n"
            + "| 2 | 服务端 → 客户端 | 确认报文段 | SYN=2, ACK=1, seq=y, ack=x+1 | 服务端进入 SYN-RCVD |\n"
            + "| 3 | 客户端 → 服务端 | 确认报文段 | ACK=1, seq=x+1, ack=y+1 | 双方进入 ESTABLISHED |";
        TranscriptParseError e = Single(text);
        Assert.Equal((TranscriptErrorCode.FlagValue, 4), (e.Code, e.Line));
    }

    [Fact]
    public void OneTableRowWithTheWrongCellCount_IsOneError()
    {
        string text = Header
            + "| 1 | 客户端 → 服务端 | 连接请求报文段 | SYN=1 seq=x |\n"
            + "| 2 | 服务端 → 客户端 | 确认报文段 | SYN=1, ACK=1, seq=y, ack=x+1 | 服务端进入 SYN-RCVD |";
        TranscriptParseError e = Single(text);
        Assert.Equal((TranscriptErrorCode.CellCount, 3), (e.Code, e.Line));
    }

    [Fact]
    public void TableRows_AreNumberedByPosition_AWrongNumberAfterABadRowIsStillReported()
    {
        string text = Header
            + "| 1 | 客户端 → 服务端 | 连接请求报文段 | SYN=2 seq=x | |\n"
            + "| 3 | 服务端 → 客户端 | 确认报文段 | SYN=1, ACK=1, seq=y, ack=x+1 | |";
        Assert.False(TranscriptParser.TryParse(text, out _, out var errors));
        Assert.Equal(new[] { (TranscriptErrorCode.FlagValue, 3), (TranscriptErrorCode.StepNumber, 4) }, errors.Select(e => (e.Code, e.Line)));
        Assert.Contains("expected step number 2, found '3'", errors[1].Message);
    }

    [Fact]
    public void OneBadNumberedLine_IsOneError_TheLinesAfterItKeepTheirNumbers()
    {
        string text = "1 C -> S  SYN=1 seq=x\n2 S -> C  SYN=2 ACK=1 seq=y ack=x+1\n3 C -> S  ACK=1 seq=x+1 ack=y+1";
        TranscriptParseError e = Single(text);
        Assert.Equal((TranscriptErrorCode.FlagValue, 2), (e.Code, e.Line));

        // Numbering restarts with each ## section.
        Assert.True(TranscriptParser.TryParse("## a\n1 C -> S  SYN=1 seq=x\n## b\n1 C -> S  SYN=1 seq=x", out var ts, out var errors), string.Join("\n", errors));
        Assert.Equal(2, ts.Count);
    }

    [Fact]
    public void LineNotation_FlagListAndSymbolicValues_Parse()
    {
        Assert.True(TranscriptParser.TryParse("C -> S  SYN=1, ACK=0, seq=x ; client SYN-SENT\nS -> C  [SYN, ACK] seq=y ack=x + 1 ; server SYN-RCVD", out var ts, out var errors), string.Join("\n", errors));
        Transcript t = Assert.Single(ts);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, t.Steps[1].Segment.Flags);
        Assert.Equal(SeqExpr.Symbolic('x', 1), t.Steps[1].Segment.Ack);
        Assert.Equal((TcpState?)TcpState.SynSent, t.Steps[1].ClientAfter);
        Assert.Equal((TcpState?)TcpState.SynReceived, t.Steps[1].ServerAfter);
    }
}
