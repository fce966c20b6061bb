using System;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;

namespace TcpModel.Tests.Connection;

/// <summary>RFC 9293 §3.8.4 keep-alives: off by default; when on, probes an idle peer and gives up after the last unanswered one.</summary>
public class KeepAliveTests
{
    private static readonly TcpSettings On = Rfc with { KeepAliveIdle = TimeSpan.FromHours(2), KeepAliveInterval = TimeSpan.FromSeconds(75), KeepAliveProbes = 2 };

    [Fact]
    public void Off_ByDefault_NoDeadline()
    {
        TcpPair p = Established(1000, 5000);
        Assert.Null(p.A.KeepAliveDeadline);
        Assert.Null(p.A.NextDeadline);
    }

    [Fact]
    public void IdleConnection_IsProbed_AnAnswerRestartsTheIdleTime()
    {
        TcpPair p = Established(1000, 5000, On);
        Assert.Equal(p.Now + TimeSpan.FromHours(2), p.A.KeepAliveDeadline);
        p = p.AdvanceTo(p.Now + TimeSpan.FromHours(2));
        Assert.True(p.TryFireTimer(out TcpPairStep fired));
        TcpSegment probe = Assert.Single(fired.Transition.Segments.ToArray());
        AssertSegment(probe, TcpFlags.Ack, 1000, 5001); // SEG.SEQ = SND.NXT - 1
        Assert.Equal(TcpRule.KeepAlive, fired.Transition.Rule);
        Assert.Equal(TcpSendKind.KeepAlive, TcpJudge.JudgeSend(p[fired.Side], probe, p.Now).Kind);

        p = fired.Pair;
        Assert.True(p.TryDeliverNext(out TcpPairStep atPeer)); // the peer answers the old sequence number with an ACK
        TcpSegment answer = Assert.Single(atPeer.Transition.Segments.ToArray());
        AssertSegment(answer, TcpFlags.Ack, 5001, 1001);
        p = atPeer.Pair;
        Assert.True(p.TryDeliverNext(out TcpPairStep back));
        p = back.Pair;
        Assert.Equal(p.Now + TimeSpan.FromHours(2), p[fired.Side].KeepAliveDeadline);
    }

    [Fact]
    public void UnansweredProbes_AbortTheConnection()
    {
        TcpPair p = Established(1000, 5000, On);
        TcpConnection a = p.A;
        TimeSpan t = p.Now + TimeSpan.FromHours(2);
        TcpTransition first = a.OnTimer(t);
        TcpTransition second = first.Connection.OnTimer(t + TimeSpan.FromSeconds(75));
        TcpTransition end = second.Connection.OnTimer(t + TimeSpan.FromSeconds(150));
        Assert.Equal(TcpRule.KeepAlive, first.Rule);
        Assert.Equal(TcpRule.KeepAlive, second.Rule);
        Assert.Equal(TcpState.Closed, end.State);
        Assert.Equal(TcpRule.KeepAliveTimeout, end.Rule);
        Assert.True(end.Notice.HasFlag(TcpNotice.Aborted));
        Assert.True(end.Segments.IsEmpty);
    }

    [Fact]
    public void OutstandingData_LeavesItToTheRetransmissionTimer()
    {
        TcpPair p = Established(1000, 5000, On).Do(TcpSide.A, TcpEvent.Send(10)); // never delivered
        TcpTransition t = p.A.OnTimer(p.Now + TimeSpan.FromHours(2));
        Assert.NotEqual(TcpRule.KeepAlive, t.Rule);
    }
}
