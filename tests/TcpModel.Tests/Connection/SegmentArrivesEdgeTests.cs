using System;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;
using static TcpModel.Tests.States;

namespace TcpModel.Tests.Connection;

/// <summary>
/// SEGMENT ARRIVES cases that mutation testing of <c>Machine.SegmentArrives.cs</c> found untested
/// (docs/testing.md): each test pins a rule a surviving mutant changed without any test noticing.
/// </summary>
public class SegmentArrivesEdgeTests
{
    [Fact]
    public void UnacceptableSegments_AreAnsweredAtMostOncePerInterval_LinuxInvalidRatelimit()
    {
        // §3.10.7.4 first check: an unacceptable segment is answered with an ACK; Linux limits those
        // answers (tcp_invalid_ratelimit, 500 ms) so two ends that disagree cannot ACK each other forever.
        // Only segments without data are limited (tcp_oow_rate_limited): data is answered every time.
        TcpConnection c = InState(TcpState.Established, TcpSettings.Linux);
        TcpSegment data = From(c, c.RcvNxt + 1_000_000, c.SndNxt, TcpFlags.Ack, len: 10);
        TcpConnection answered = c;
        for (int i = 0; i < 3; i++)
        {
            TcpTransition d = answered.OnSegment(data, TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(10 * i));
            AssertSegment(Assert.Single(d.Segments.ToArray()), TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
            answered = d.Connection;
        }
        TcpSegment stale = From(c, c.RcvNxt + 1_000_000, c.SndNxt, TcpFlags.Ack, len: 0);
        TimeSpan t0 = TimeSpan.FromSeconds(10);
        TcpTransition first = c.OnSegment(stale, t0);
        AssertSegment(Assert.Single(first.Segments.ToArray()), TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
        TcpTransition second = first.Connection.OnSegment(stale, t0 + TimeSpan.FromMilliseconds(100));
        Assert.True(second.Segments.IsEmpty);
        Assert.Equal(TcpRule.OutOfWindowAckThrottled, second.Rule);
        TcpTransition third = second.Connection.OnSegment(stale, t0 + TimeSpan.FromMilliseconds(600));
        Assert.Single(third.Segments.ToArray());
        Assert.NotEqual(TcpRule.OutOfWindowAckThrottled, third.Rule);
    }

    private static TcpConnection SimultaneousSynReceived(out SeqNum peerIss)
    {
        // Both ends send a SYN: the SYN without ACK moves SYN-SENT to SYN-RECEIVED (§3.10.7.3), an
        // active open's SYN-RECEIVED.
        TcpConnection c = TcpConnection.Connect(ClientPort, ServerPort, 1000u, T0, Rfc).Connection;
        peerIss = 5000u;
        c = c.OnSegment(new TcpSegment(ServerPort, ClientPort, peerIss, default, TcpFlags.Syn, 65535), T0).Connection;
        Assert.Equal(TcpState.SynReceived, c.State);
        Assert.False(c.IsPassiveOpen);
        return c;
    }

    [Fact]
    public void Rst_InSynReceivedOfAnActiveOpen_ClosesAsRefused_NotBackToListen()
    {
        // §3.10.7.4 second check: "If this connection was initiated with an active OPEN (i.e., came
        // from SYN-SENT state), then the connection was refused; signal the user 'connection refused'."
        TcpConnection c = SimultaneousSynReceived(out _);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, default, TcpFlags.Rst), T0);
        Assert.Equal(TcpState.Closed, t.State);
        Assert.Equal(TcpRule.RstSynReceivedRefused, t.Rule);
        Assert.True(t.Notice.HasFlag(TcpNotice.Refused));
    }

    [Fact]
    public void Syn_InAPassiveSynReceived_ReturnsToListen()
    {
        // §3.10.7.4 fourth check (RFC 5961 §4): "If the SYN bit is set, irrespective of the sequence
        // number, TCP endpoints MUST send a 'challenge ACK'" — except in SYN-RECEIVED from a passive
        // OPEN: "return this connection to LISTEN state and return".
        TcpConnection c = InState(TcpState.SynReceived);
        Assert.True(c.IsPassiveOpen);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, default, TcpFlags.Syn), T0);
        Assert.Equal(TcpState.Listen, t.State);
        Assert.Equal(TcpRule.SynSynReceivedToListen, t.Rule);
        Assert.True(t.Notice.HasFlag(TcpNotice.BackToListen));
        Assert.True(t.Segments.IsEmpty);
    }

    [Fact]
    public void Syn_InAnActiveSynReceived_IsChallenged_NotBackToListen()
    {
        TcpConnection c = SimultaneousSynReceived(out _);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, default, TcpFlags.Syn), T0);
        Assert.Equal(TcpState.SynReceived, t.State);
        Assert.Equal(TcpRule.SynChallengeAck, t.Rule);
    }

    [Fact]
    public void AckOfUnsentData_WithoutChallengeAcks_IsAnsweredWithAnAck_AndTheTextIsNotTaken()
    {
        // §3.10.7.4 fifth check: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then
        // send an ACK, drop the segment, and return."
        TcpConnection c = InState(TcpState.Established, Rfc with { ChallengeAcks = false });
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, c.SndNxt + 100, TcpFlags.Ack, len: 10), T0);
        Assert.Equal(TcpRule.AckOfUnsentData, t.Rule);
        AssertSegment(Assert.Single(t.Segments.ToArray()), TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
        Assert.Equal(c.RcvNxt, t.Connection.RcvNxt);
    }

    [Fact]
    public void AckOlderThanTheMaxWindow_IsChallenged_AndTheTextIsNotTaken()
    {
        // RFC 5961 §5.2: acceptable only if (SND.UNA − MAX.SND.WND) =< SEG.ACK; an older ACK gets a
        // challenge ACK and the segment is dropped.
        TcpConnection c = InState(TcpState.Established);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, c.SndUna - 200_000, TcpFlags.Ack, len: 10), T0);
        Assert.Equal(TcpRule.AckDuplicate, t.Rule);
        AssertSegment(Assert.Single(t.Segments.ToArray()), TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
        Assert.Equal(c.RcvNxt, t.Connection.RcvNxt);
        Assert.False(t.Notice.HasFlag(TcpNotice.DataReceived));
    }

    [Fact]
    public void FinAcked_InFinWait1_StartsTheFinWait2TimerFromNow()
    {
        // Linux tcp_fin_timeout: FIN-WAIT-2 does not last forever (RFC 9293 §3.10.8 leaves it open).
        TcpSettings s = Rfc with { FinWait2Timeout = TimeSpan.FromSeconds(60) };
        TcpConnection c = InState(TcpState.FinWait1, s);
        TimeSpan at = TimeSpan.FromSeconds(5);
        TcpTransition t = c.OnSegment(PeerAck(c), at);
        Assert.Equal(TcpState.FinWait2, t.State);
        Assert.Equal(at + TimeSpan.FromSeconds(60), t.Connection.FinWait2Deadline);
    }

    [Fact]
    public void EnteringTimeWait_TurnsOffTheOtherTimers_AndAcksAtOnce()
    {
        // §3.10.7.4 eighth check, FIN-WAIT-2: "Enter the TIME-WAIT state. Start the time-wait timer,
        // turn off the other timers." A delayed ACK pending for data goes out with the FIN's ACK.
        TcpSettings s = Rfc with { DelayedAckTimeout = TimeSpan.FromMilliseconds(200) };
        var log = new System.Collections.Generic.List<Delivered>();
        TcpPair p = Established(1000, 5000, s).Do(TcpSide.A, TcpEvent.Close()).Drain(log);
        p = p.AdvanceTo(p.B.DelayedAckDeadline!.Value); // B acknowledges the FIN when its delayed ACK is due
        Assert.True(p.TryFireTimer(out TcpPairStep acked));
        p = acked.Pair.Drain(log);
        TcpConnection c = p.A;
        TimeSpan now = p.Now;
        Assert.Equal(TcpState.FinWait2, c.State);
        c = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack, len: 10), now).Connection;
        Assert.True(c.IsAckPending);
        Assert.NotNull(c.DelayedAckDeadline);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Fin | TcpFlags.Ack), now + TimeSpan.FromMilliseconds(50));
        Assert.Equal(TcpState.TimeWait, t.State);
        AssertSegment(Assert.Single(t.Segments.ToArray()), TcpFlags.Ack, c.SndNxt.Value, (c.RcvNxt + 1).Value);
        Assert.False(t.Connection.IsAckPending);
        Assert.Null(t.Connection.DelayedAckDeadline);
        Assert.Equal(t.Connection.TimeWaitDeadline, t.Connection.NextDeadline);
    }
}
