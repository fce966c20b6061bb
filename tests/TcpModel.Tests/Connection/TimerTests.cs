using System;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;
using static TcpModel.Tests.States;

namespace TcpModel.Tests.Connection;

/// <summary>RFC 9293 §3.10.8 timeouts and §3.8 timers.</summary>
public class TimerTests
{
    [Fact]
    public void SynRetransmission_BacksOffExponentially_ThenGivesUp()
    {
        TcpTransition t = TcpConnection.Connect(ClientPort, ServerPort, 42u, TimeSpan.Zero, Rfc);
        TcpConnection c = t.Connection;
        TimeSpan expected = TimeSpan.FromSeconds(1);
        for (int i = 0; i < Rfc.MaxSynRetransmissions; i++)
        {
            Assert.Equal(expected, c.RetransmitDeadline);
            Assert.Equal(c, c.OnTimer(expected - TimeSpan.FromTicks(1)).Connection); // not yet due
            t = c.OnTimer(expected);
            Assert.Equal(TcpRule.RetransmissionTimeout, t.Rule);
            AssertSegment(t.Segments[0], TcpFlags.Syn, 42); // the same ISN every time
            c = t.Connection;
            expected += TimeSpan.FromSeconds(Math.Min(60, 1 << (i + 1)));
        }
        t = c.OnTimer(c.RetransmitDeadline!.Value);
        Assert.Equal(TcpRule.RetransmissionLimit, t.Rule);
        Assert.Equal(TcpState.Closed, t.State);
        Assert.True(t.Notice.HasFlag(TcpNotice.Aborted));
    }

    [Fact]
    public void HalfOpen_SynReceivedFromListen_GivesUpAndReturnsToListen()
    {
        TcpConnection c = InState(TcpState.SynReceived);
        for (int i = 0; i <= Rfc.MaxSynRetransmissions; i++)
        {
            TcpTransition t = c.OnTimer(c.NextDeadline!.Value);
            c = t.Connection;
            if (i < Rfc.MaxSynRetransmissions) AssertSegment(t.Segments[0], TcpFlags.Syn | TcpFlags.Ack, Y, X + 1);
            else
            {
                Assert.Equal(TcpRule.HalfOpenTimeout, t.Rule);
                Assert.Equal(TcpState.Listen, t.State);
                Assert.True(t.Notice.HasFlag(TcpNotice.BackToListen));
            }
        }
    }

    [Fact]
    public void DataRetransmission_ResendsFromSndUna()
    {
        TcpConnection c = InState(TcpState.Established, Rfc with { Mss = 100 }).Send(250, TimeSpan.Zero).Connection;
        Assert.Equal(250, c.BytesInFlight);
        TcpTransition t = c.OnTimer(c.RetransmitDeadline!.Value);
        AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndUna.Value, c.RcvNxt.Value, 100);
        Assert.Equal(Rfc.InitialRto * 2, t.Connection.Rto);
    }

    [Fact]
    public void FinRetransmission_CarriesTheFinAgain()
    {
        TcpConnection c = InState(TcpState.FinWait1);
        TcpTransition t = c.OnTimer(c.RetransmitDeadline!.Value);
        AssertSegment(t.Segments[0], TcpFlags.Fin | TcpFlags.Ack, c.SndUna.Value, c.RcvNxt.Value);
    }

    [Fact]
    public void UserTimeout_AbortsTheConnection()
    {
        TcpConnection c = InState(TcpState.Established, Rfc with { UserTimeout = TimeSpan.FromSeconds(2), MaxRetransmissions = 100 })
            .Send(10, TimeSpan.Zero).Connection;
        TcpTransition t;
        do t = c.OnTimer(c.NextDeadline!.Value); while ((c = t.Connection).State == TcpState.Established);
        Assert.Equal(TcpRule.UserTimeout, t.Rule);
        Assert.True(t.Notice.HasFlag(TcpNotice.Aborted));
    }

    [Fact]
    public void FinWait2_WithoutTimeout_WaitsForever_WithTimeoutCloses()
    {
        Assert.Null(InState(TcpState.FinWait2).NextDeadline); // pure RFC: the hang a model checker finds
        TcpConnection c = InState(TcpState.FinWait2, Rfc with { FinWait2Timeout = TimeSpan.FromSeconds(60) });
        TcpTransition t = c.OnTimer(c.FinWait2Deadline!.Value);
        Assert.Equal(TcpRule.FinWait2Timeout, t.Rule);
        Assert.Equal(TcpState.Closed, t.State);
    }

    [Fact]
    public void DelayedAck_IsSentWhenTheTimerFires_OrOnTheSecondSegment()
    {
        TcpSettings s = Rfc with { DelayedAckTimeout = TimeSpan.FromMilliseconds(40) };
        TcpConnection c = InState(TcpState.Established, s);
        TcpTransition first = c.OnSegment(PeerAck(c, 100), TimeSpan.Zero);
        Assert.True(first.Segments.IsEmpty);
        Assert.Equal(TimeSpan.FromMilliseconds(40), first.Connection.DelayedAckDeadline);
        TcpTransition fired = first.Connection.OnTimer(TimeSpan.FromMilliseconds(40));
        Assert.Equal(TcpRule.DelayedAck, fired.Rule);
        AssertSegment(fired.Segments[0], TcpFlags.Ack, c.SndNxt.Value, (c.RcvNxt + 100).Value);

        TcpTransition second = first.Connection.OnSegment(PeerAck(first.Connection, 100), TimeSpan.FromMilliseconds(1));
        AssertSegment(second.Segments[0], TcpFlags.Ack, c.SndNxt.Value, (c.RcvNxt + 200).Value);
    }

    [Fact]
    public void ZeroPeerWindow_DataWaits_ThenOneOctetProbe()
    {
        TcpConnection c = InState(TcpState.Established);
        c = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack, window: 0), TimeSpan.Zero).Connection;
        TcpTransition send = c.Send(50, TimeSpan.Zero);
        Assert.True(send.Segments.IsEmpty);
        Assert.NotNull(send.Connection.RetransmitDeadline);
        TcpTransition probe = send.Connection.OnTimer(send.Connection.RetransmitDeadline!.Value);
        Assert.Equal(TcpRule.ZeroWindowProbe, probe.Rule);
        AssertSegment(probe.Segments[0], TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value, 1);
    }

    [Fact]
    public void TimeWait_IsTwiceMsl_WithLinuxSettingsSixtySeconds()
    {
        TcpConnection c = InState(TcpState.TimeWait, TcpSettings.Linux);
        (TcpPair p, _) = Reach(TcpState.TimeWait, TcpSettings.Linux);
        Assert.Equal(p.Now + TimeSpan.FromSeconds(60), c.TimeWaitDeadline);
    }
}
