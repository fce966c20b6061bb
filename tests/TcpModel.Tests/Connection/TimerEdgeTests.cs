using System;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;
using static TcpModel.Tests.States;

namespace TcpModel.Tests.Connection;

/// <summary>
/// The timer cases mutation testing of <c>Machine.Timers.cs</c> found untested (docs/testing.md): each
/// test pins a decision a surviving mutant changed without any test noticing.
/// </summary>
public class TimerEdgeTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    /// <summary>Keep-alives due before the first retransmission (idle 0.5 s, RTO 1 s).</summary>
    private static readonly TcpSettings EagerKeepAlive = Rfc with { KeepAliveIdle = Idle, KeepAliveInterval = TimeSpan.FromSeconds(75), KeepAliveProbes = 2 };

    [Fact]
    public void UserTimeout_InAPassiveSynReceived_ReturnsToListen_NotClosed()
    {
        // §3.10.8 user timeout "delete the TCB"; for a half-open entry of a listener that means back to
        // LISTEN, as the retransmission limit does (§3.10.7.3). 2 s: before the third SYN,ACK (at 3 s).
        TcpConnection c = InState(TcpState.SynReceived, Rfc with { UserTimeout = TimeSpan.FromSeconds(2) });
        TimeSpan at = c.UserTimeoutDeadline!.Value;
        TcpTransition t = c.OnTimer(c.RetransmitDeadline!.Value);
        Assert.Equal(TcpRule.RetransmissionTimeout, t.Rule);
        Assert.True(t.Connection.RetransmitDeadline > at);
        t = t.Connection.OnTimer(at);
        Assert.Equal(TcpRule.HalfOpenTimeout, t.Rule);
        Assert.Equal(TcpState.Listen, t.State);
        Assert.True(t.Notice.HasFlag(TcpNotice.BackToListen));
        Assert.True(t.Segments.IsEmpty);
        Assert.Null(t.Connection.NextDeadline);
    }

    [Fact]
    public void KeepAlive_WhileDataIsInFlight_WaitsAnotherIdleTime_WithoutAProbe()
    {
        // §3.8.4: keep-alives are for an idle connection; unacknowledged data has the retransmission timer.
        TcpConnection c = InState(TcpState.Established, EagerKeepAlive);
        TimeSpan at = c.KeepAliveDeadline!.Value;
        c = c.Send(10, at - Idle).Connection;
        Assert.True(c.RetransmitDeadline > at);
        TcpTransition t = c.OnTimer(at);
        Assert.True(t.Segments.IsEmpty);
        Assert.Equal(at + Idle, t.Connection.KeepAliveDeadline);
        Assert.Equal(TcpState.Established, t.State);
    }

    [Fact]
    public void KeepAlive_WhileDataWaitsForAZeroWindow_WaitsAnotherIdleTime_WithoutAProbe()
    {
        // Nothing in flight, but data queued behind a zero window: the zero-window probe is in charge.
        TcpConnection c = InState(TcpState.Established, EagerKeepAlive);
        TimeSpan at = c.KeepAliveDeadline!.Value, start = at - Idle;
        c = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack, window: 0), start).Connection;
        at = c.KeepAliveDeadline!.Value;
        c = c.Send(50, start).Connection;
        Assert.Equal(0, c.BytesInFlight);
        Assert.Equal(50, c.SendQueued);
        Assert.True(c.RetransmitDeadline > at);
        TcpTransition t = c.OnTimer(at);
        Assert.True(t.Segments.IsEmpty);
        Assert.Equal(at + Idle, t.Connection.KeepAliveDeadline);
    }

    [Fact]
    public void KeepAlive_ProbesOneIntervalApart_AndTheAbortLeavesNoTimer()
    {
        TcpSettings s = Rfc with { KeepAliveIdle = TimeSpan.FromHours(2), KeepAliveInterval = TimeSpan.FromSeconds(75), KeepAliveProbes = 2 };
        TcpConnection c = InState(TcpState.Established, s);
        TimeSpan at = c.KeepAliveDeadline!.Value;
        TcpTransition first = c.OnTimer(at);
        Assert.Equal(TcpRule.KeepAlive, first.Rule);
        Assert.Equal(at + TimeSpan.FromSeconds(75), first.Connection.KeepAliveDeadline);
        TcpTransition second = first.Connection.OnTimer(at + TimeSpan.FromSeconds(75));
        Assert.Equal(at + TimeSpan.FromSeconds(150), second.Connection.KeepAliveDeadline);
        TcpTransition end = second.Connection.OnTimer(at + TimeSpan.FromSeconds(150));
        Assert.Equal(TcpRule.KeepAliveTimeout, end.Rule);
        Assert.Equal(TcpState.Closed, end.State);
        Assert.True(end.Segments.IsEmpty);
        Assert.Null(end.Connection.NextDeadline); // §3.10.7.1: a closed connection has no TCB, so no timers
    }

    [Fact]
    public void KeepAlive_DueAfterClose_InFinWait1_StopsTheKeepAliveTimer()
    {
        // Keep-alives probe ESTABLISHED, CLOSE-WAIT and FIN-WAIT-2 (where nothing else would notice a
        // dead peer); in FIN-WAIT-1 the FIN's retransmission does.
        TcpConnection c = InState(TcpState.Established, EagerKeepAlive);
        TimeSpan at = c.KeepAliveDeadline!.Value;
        c = c.Close(at - Idle).Connection;
        Assert.Equal(TcpState.FinWait1, c.State);
        TcpTransition t = c.OnTimer(at);
        Assert.True(t.Segments.IsEmpty);
        Assert.Null(t.Connection.KeepAliveDeadline);
        Assert.NotNull(t.Connection.RetransmitDeadline);
    }

    [Fact]
    public void ZeroWindowProbe_TakesItsOctetFromTheQueue_AndBacksOff()
    {
        // §3.8.6.1: probe with one new octet; RFC 6298 §5.5 doubles the RTO each time.
        TcpConnection c = InState(TcpState.Established);
        c = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack, window: 0), T0).Connection;
        c = c.Send(50, T0).Connection;
        TimeSpan at = c.RetransmitDeadline!.Value;
        TcpTransition probe = c.OnTimer(at);
        Assert.Equal(TcpRule.ZeroWindowProbe, probe.Rule);
        Assert.Equal(49, probe.Connection.SendQueued);
        Assert.Equal(1, probe.Connection.BytesInFlight);
        Assert.Equal(Rfc.InitialRto * 2, probe.Connection.Rto);
        Assert.Equal(at + Rfc.InitialRto * 2, probe.Connection.RetransmitDeadline);
    }

    [Fact]
    public void DataRetransmissions_StopAtMaxRetransmissions_NotAtTheSynLimit()
    {
        // §3.8.3: R2 for data, R2 for a SYN are separate limits.
        TcpSettings s = Rfc with { MaxSynRetransmissions = 1, MaxRetransmissions = 3 };
        TcpConnection c = InState(TcpState.Established, s).Send(10, T0).Connection;
        for (int i = 0; i < 3; i++)
        {
            TcpTransition t = c.OnTimer(c.RetransmitDeadline!.Value);
            Assert.Equal(TcpRule.RetransmissionTimeout, t.Rule);
            Assert.Equal(10, Assert.Single(t.Segments.ToArray()).PayloadLength);
            c = t.Connection;
        }
        TcpTransition end = c.OnTimer(c.RetransmitDeadline!.Value);
        Assert.Equal(TcpRule.RetransmissionLimit, end.Rule);
        Assert.Equal(TcpState.Closed, end.State);
        Assert.True(end.Notice.HasFlag(TcpNotice.Aborted));
        Assert.True(end.Segments.IsEmpty);
        Assert.Null(end.Connection.NextDeadline);
    }

    [Fact]
    public void PassivelyOpenedConnection_AtTheRetransmissionLimit_Closes_NotBackToListen()
    {
        // Only a half-open entry (SYN-RECEIVED from LISTEN) goes back to LISTEN; an ESTABLISHED
        // connection accepted by a listener is aborted like any other.
        TcpPair p = Established(1000, 5000, Rfc with { MaxRetransmissions = 1 });
        TcpConnection server = p.B;
        Assert.True(server.IsPassiveOpen);
        server = server.Send(10, p.Now).Connection;
        server = server.OnTimer(server.RetransmitDeadline!.Value).Connection;
        TcpTransition end = server.OnTimer(server.RetransmitDeadline!.Value);
        Assert.Equal(TcpRule.RetransmissionLimit, end.Rule);
        Assert.Equal(TcpState.Closed, end.State);
        Assert.False(end.Notice.HasFlag(TcpNotice.BackToListen));
    }

    [Fact]
    public void Retransmission_Flags_DataIsAckPsh_ALoneFinIsFinAck_DataAndFinAreAll()
    {
        // The whole of a short send again, with PSH (data) and FIN only when the FIN was sent and fits.
        TcpConnection data = InState(TcpState.Established).Send(10, T0).Connection;
        TcpSegment again = Assert.Single(data.OnTimer(data.RetransmitDeadline!.Value).Segments.ToArray());
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, again.Flags);
        Assert.Equal(10, again.PayloadLength);
        Assert.Equal(data.SndUna, again.Seq);

        TcpConnection fin = InState(TcpState.FinWait1);
        again = Assert.Single(fin.OnTimer(fin.RetransmitDeadline!.Value).Segments.ToArray());
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, again.Flags);
        Assert.Equal(0, again.PayloadLength);

        TcpConnection both = InState(TcpState.Established).Send(10, T0).Connection.Close(T0).Connection;
        Assert.Equal(11, both.BytesInFlight);
        again = Assert.Single(both.OnTimer(both.RetransmitDeadline!.Value).Segments.ToArray());
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack | TcpFlags.Psh, again.Flags);
        Assert.Equal(10, again.PayloadLength);
    }

    [Fact]
    public void Retransmission_CarriesTheDelayedAck_SoTheNextSegmentIsDelayedAfresh()
    {
        // RFC 9293 §3.8.6.3 / RFC 1122 4.2.3.2: every segment carries the ACK, so a retransmission
        // settles a pending delayed ACK; the next data segment starts a new delay, not an immediate ACK.
        TcpSettings s = Rfc with { DelayedAckTimeout = TimeSpan.FromSeconds(5) };
        TcpConnection c = InState(TcpState.Established, s).Send(10, T0).Connection;
        c = c.OnSegment(From(c, c.RcvNxt, c.SndUna, TcpFlags.Ack, len: 10), TimeSpan.FromMilliseconds(100)).Connection;
        Assert.True(c.IsAckPending);
        TcpTransition rtx = c.OnTimer(c.RetransmitDeadline!.Value);
        Assert.Equal(c.RcvNxt, Assert.Single(rtx.Segments.ToArray()).Ack);
        Assert.False(rtx.Connection.IsAckPending);
        Assert.Null(rtx.Connection.DelayedAckDeadline);
        c = rtx.Connection;
        TcpTransition next = c.OnSegment(From(c, c.RcvNxt, c.SndUna, TcpFlags.Ack, len: 10), c.RetransmitDeadline!.Value - TimeSpan.FromSeconds(1));
        Assert.True(next.Segments.IsEmpty);
        Assert.True(next.Connection.IsAckPending);
    }
}
