using System.Linq;
using TcpModel.Grading;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Grading;

/// <summary>Exchanges beyond the textbook's 3 + 4 rows are gradable too, and each common slip names itself.</summary>
public class GradingScenarioTests
{
    private static GradeReport Grade(string text) => TranscriptGrader.Grade(text, GradeOptions.Default);

    /// <summary>RFC 9293 Figure 7: both SYNs cross, both sides pass SYN-RECEIVED and meet in ESTABLISHED.</summary>
    private const string SimultaneousOpen = """
        C -> S sent     SYN=1 ACK=0 seq=x ; client SYN-SENT
        S -> C sent     SYN=1 ACK=0 seq=y ; server SYN-SENT
        C -> S arrives  SYN=1 ACK=0 seq=x ; server SYN-RECEIVED
        S -> C arrives  SYN=1 ACK=0 seq=y ; client SYN-RECEIVED
        C -> S sent     SYN=1 ACK=1 seq=x ack=y+1
        S -> C sent     SYN=1 ACK=1 seq=y ack=x+1
        C -> S arrives  SYN=1 ACK=1 seq=x ack=y+1 ; server ESTABLISHED
        S -> C arrives  SYN=1 ACK=1 seq=y ack=x+1 ; client ESTABLISHED
        """;

    [Fact]
    public void SimultaneousOpen_IsCorrect_AndItsSlipsAreCaught()
    {
        GradeReport ok = Grade(SimultaneousOpen);
        Assert.True(ok.IsCorrect, ok.ToText(TcpLanguage.English));

        GradeReport wrong = Grade(SimultaneousOpen.Replace("S -> C sent     SYN=1 ACK=1 seq=y ack=x+1", "S -> C sent     SYN=1 ACK=1 seq=y ack=x"));
        GradeDiagnostic d = Assert.Single(wrong.Diagnostics);
        Assert.Equal((6, TcpField.Ack, "x", "x+1", GradeSlip.AckNotCountingSyn), (d.Step, d.Field, d.Found, d.Expected, d.Slip));
    }

    [Fact]
    public void SeqNotAdvancedAfterData_IsItsOwnSlip()
    {
        const string text = """
            C -> S  SYN=1 ACK=0 seq=x ; client SYN-SENT
            S -> C  SYN=1 ACK=1 seq=y ack=x+1 ; server SYN-RECEIVED
            C -> S  ACK=1 seq=x+1 ack=y+1 len=100 ; client ESTABLISHED; server ESTABLISHED
            C -> S  FIN=1 ACK=1 seq=x+1 ack=y+1 ; client FIN-WAIT-1
            """;
        GradeDiagnostic d = Assert.Single(Grade(text).Diagnostics);
        Assert.Equal((4, TcpField.Seq, "x+1", "x+101", GradeSlip.SeqNotAdvanced), (d.Step, d.Field, d.Found, d.Expected, d.Slip));
        Assert.Contains("100", d.English);
        Assert.Contains("下一个报文段从 x+101 开始", d.Chinese);
    }

    [Fact]
    public void AckOfTheFin_NotCountingIt_IsItsOwnSlip()
    {
        const string text = """
            C -> S  FIN=1 ACK=1 seq=u ack=v ; client FIN-WAIT-1
            S -> C  ACK=1 seq=v ack=u ; server CLOSE-WAIT; client FIN-WAIT-2
            """;
        GradeDiagnostic d = Assert.Single(Grade(text).Diagnostics);
        Assert.Equal((2, TcpField.Ack, "u", "u+1", GradeSlip.AckNotCountingFin), (d.Step, d.Field, d.Found, d.Expected, d.Slip));
        Assert.Contains("FIN 占用一个序号", d.Chinese);
    }

    [Fact]
    public void PushOnASegmentWithoutData_IsWrong_OnDataItIsTheSendersChoice()
    {
        const string handshake = """
            C -> S  SYN=1 ACK=0 seq=x ; client SYN-SENT
            S -> C  SYN=1 ACK=1 seq=y ack=x+1 ; server SYN-RECEIVED
            C -> S  ACK=1 PSH=1 seq=x+1 ack=y+1 ; client ESTABLISHED; server ESTABLISHED
            """;
        GradeDiagnostic d = Assert.Single(Grade(handshake).Diagnostics);
        Assert.Equal((3, TcpField.Psh, "1", "0"), (d.Step, d.Field, d.Found, d.Expected));
        Assert.Equal("RFC 9293 §3.9.1.2", d.Source);
        Assert.True(Grade(handshake.Replace("PSH=1 seq=x+1 ack=y+1", "PSH=1 seq=x+1 ack=y+1 len=10")).IsCorrect);
        Assert.True(Grade(handshake.Replace("PSH=1 seq=x+1 ack=y+1", "PSH=0 seq=x+1 ack=y+1 len=10")).IsCorrect);
    }

    [Fact]
    public void ThreeSegmentClose_AndRefusedConnection_AreCorrect()
    {
        const string close = """
            C -> S  FIN=1 ACK=1 seq=u ack=v ; client FIN-WAIT-1
            S -> C  FIN=1 ACK=1 seq=w ack=u+1 ; server LAST-ACK; client TIME-WAIT
            C -> S  ACK=1 seq=u+1 ack=w+1 ; server CLOSED
            """;
        Assert.True(Grade(close).IsCorrect, Grade(close).ToText(TcpLanguage.English));
        const string refused = """
            C -> S  SYN=1 ACK=0 seq=x ; client SYN-SENT
            S -> C  RST=1 ACK=1 seq=0 ack=x+1 ; client CLOSED
            """;
        Assert.True(Grade(refused).IsCorrect, Grade(refused).ToText(TcpLanguage.English));
        GradeDiagnostic d = Assert.Single(Grade(refused.Replace("ack=x+1", "ack=x")).Diagnostics);
        Assert.Equal((2, TcpField.Ack, "x", "x+1"), (d.Step, d.Field, d.Found, d.Expected));
    }

    [Fact]
    public void AClassOfSubmissions_IsGradedInALoop_WithTheSameAnswers()
    {
        string[] answers = Enumerable.Range(1, 300).Select(seed => ExerciseGenerator.Generate(seed).KeyMarkdown).ToArray();
        int correct = answers.Count(a => TranscriptGrader.Grade(a, GradeOptions.Default).IsCorrect);
        Assert.Equal(300, correct);
        // Grading is deterministic: the same submission gives the same report.
        Assert.Equal(TranscriptGrader.Grade(answers[7], GradeOptions.Default).ToJson(), TranscriptGrader.Grade(answers[7], GradeOptions.Default).ToJson());
    }
}
