using System.Linq;
using TcpModel.Drivers;
using TcpModel.Transcripts;
using Xunit;

namespace TcpModel.Tests.Transcripts;

public class RecorderTests
{
    private static TcpPair NewPair(uint serverIsn) => TcpPair.ClientServer(40000, 80, serverIsn, TcpSettings.Rfc9293);

    [Fact]
    public void Handshake_EachSegmentDeliveredAtOnce_IsOneDeliveredStep()
    {
        Transcript t = new TranscriptRecorder(NewPair(300)).Do(Side.Client, TcpEvent.OpenActive(100u)).DeliverAll().ToTranscript();
        Assert.Equal(3, t.Steps.Count);
        Assert.All(t.Steps, s => Assert.Equal(TranscriptDelivery.Delivered, s.Delivery));
        Assert.Equal((TcpState?)TcpState.Closed, t.InitialClient);
        Assert.Equal((TcpState?)TcpState.Listen, t.InitialServer);
        Assert.Equal(new[] { TcpRule.ListenSyn, TcpRule.SynSentSynAck, TcpRule.SynReceivedAcked }, t.Steps.Select(s => s.Rule));
        Assert.Equal(SeqExpr.Number(301), t.Steps[2].Segment.Ack);
        Assert.True(t.Steps[1].Notice.HasFlag(TcpNotice.Connected));
    }

    [Fact]
    public void CrossingSegments_AreRecordedAsSentThenArrived()
    {
        Transcript t = TranscriptScenarios.All.Single(s => s.Name == "simultaneous-close").Run()[1];
        Assert.Equal(new[] { TranscriptDelivery.Sent, TranscriptDelivery.Sent, TranscriptDelivery.Arrived },
            t.Steps.Take(3).Select(s => s.Delivery));
        Assert.Equal((TcpState?)TcpState.TimeWait, t.Steps[^1].ClientAfter);
        Assert.Equal((TcpState?)TcpState.TimeWait, t.Steps[^1].ServerAfter);
        Assert.Contains(t.Steps, s => s.ClientAfter == TcpState.Closing);
    }

    [Fact]
    public void Drop_RecordsALostStep_AndTheRetransmissionArrives()
    {
        var r = new TranscriptRecorder(NewPair(300)).Do(Side.Client, TcpEvent.OpenActive(100u)).Drop();
        r.AdvanceTo(TcpSettings.Rfc9293.InitialRto).DeliverAll();
        Transcript t = r.ToTranscript();
        Assert.Equal(TranscriptDelivery.Lost, t.Steps[0].Delivery);
        Assert.Equal((TcpState?)TcpState.Listen, t.Steps[0].ServerAfter);
        Assert.Equal(TcpRule.ListenSyn, t.Steps[1].Rule); // the listener's rule on the retransmitted SYN
        Assert.Equal(t.Steps[0].Segment, t.Steps[1].Segment); // same SYN, same ISN
        Assert.Equal(System.TimeSpan.FromSeconds(1), t.Steps[1].Time);
        Assert.Equal((TcpState?)TcpState.Established, t.Steps[^1].ServerAfter);
    }

    [Fact]
    public void Sections_StartFromThePreviousSectionsStates()
    {
        var sections = TranscriptScenarios.Demo();
        Assert.Equal(2, sections.Count);
        Assert.Equal((TcpState?)TcpState.Established, sections[1].InitialClient);
        Assert.Equal((TcpState?)TcpState.Established, sections[1].InitialServer);
        Assert.Equal(new[] { "Three-way handshake", "Four-way teardown" }, sections.Select(s => s.Title));
    }

    [Theory]
    [InlineData(0u, 0xFFFFFFFFu, 0)]
    [InlineData(0xFFFFFFFFu, 7u, 300)]
    public void Scenarios_UseTheGivenIsnsAndDataLength(uint x, uint y, int data)
    {
        var p = new ScenarioParameters { ClientIsn = x, ServerIsn = y, DataLength = data };
        Assert.True(TranscriptScenarios.TryGet("half-close", out TranscriptScenario? s));
        var sections = s!.Run(p);
        Transcript all = new Transcript(sections.SelectMany(t => t.Steps), sections[0].InitialClient, sections[0].InitialServer);
        Assert.Equal(SeqExpr.Number(x), all.Steps[0].Segment.Seq);
        Assert.Equal(SeqExpr.Number(y), all.Steps[1].Segment.Seq);
        Transcript symbolic = all.Symbolize(out var b);
        Assert.Equal(b['v'].Value + (uint)data, b['w'].Value);
        Assert.Equal(x + 1u + (uint)data, b['u'].Value); // the client sent data before closing
        Assert.Equal(SeqExpr.Symbolic('w'), symbolic.Steps.Last(st => (st.Segment.Flags & TcpFlags.Fin) != 0).Segment.Seq);
    }

    public static TheoryData<string> ScenarioNames()
    {
        var data = new TheoryData<string>();
        foreach (TranscriptScenario s in TranscriptScenarios.All) data.Add(s.Name);
        return data;
    }

    /// <summary>A full receive window of data: the applications read it, so no segment meets a closed window.</summary>
    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenarios_WithAFullWindowOfData_NeverHitAClosedWindow(string name)
    {
        Assert.True(TranscriptScenarios.TryGet(name, out TranscriptScenario? s));
        var steps = s!.Run(new ScenarioParameters { DataLength = 65535 }).SelectMany(t => t.Steps).ToList();
        Assert.DoesNotContain(steps, st => st.Rule == TcpRule.SegmentNotAcceptable);
        Assert.NotEmpty(steps);
    }

    [Fact]
    public void Scenario_NegativeData_Throws() =>
        Assert.Throws<System.ArgumentOutOfRangeException>(() => TranscriptScenarios.All[0].Run(new ScenarioParameters { DataLength = -1 }));

    [Fact]
    public void TryGet_UnknownName_ReturnsFalse() => Assert.False(TranscriptScenarios.TryGet("four-way", out _));
}
