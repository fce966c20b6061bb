using System;
using System.Collections.Generic;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;

namespace TcpModel.Tests.Connection;

/// <summary>What real stacks do that textbook tables do not show (ARCHITECTURE.md), from the model.</summary>
public class RealStackTests
{
    [Fact]
    public void LinuxProfile_CloseRightAfterEof_IsThreeSegmentClose()
    {
        TcpPair p = Established(1000, 5000, TcpSettings.Linux);
        var log = new List<Delivered>();
        p = p.Do(TcpSide.A, TcpEvent.Close()).Drain(log);       // FIN arrives; B's ACK is delayed
        Assert.Equal(TcpState.CloseWait, p.B.State);
        p = p.Do(TcpSide.B, TcpEvent.Close()).Drain(log);       // B closes within the delay: FIN+ACK
        Assert.Equal(3, log.Count);
        AssertSegment(log[0].Segment, TcpFlags.Fin | TcpFlags.Ack, 1001, 5001);
        AssertSegment(log[1].Segment, TcpFlags.Fin | TcpFlags.Ack, 5001, 1002); // the ACK of the FIN rides on B's FIN
        AssertSegment(log[2].Segment, TcpFlags.Ack, 1002, 5002);
        Assert.Equal(TcpState.TimeWait, p.A.State);
        Assert.Equal(TcpState.Closed, p.B.State);
    }

    [Fact]
    public void LinuxProfile_SecondCloseAfterTheDelayedAck_IsFourSegmentClose()
    {
        TcpPair p = Established(1000, 5000, TcpSettings.Linux);
        var log = new List<Delivered>();
        p = p.Do(TcpSide.A, TcpEvent.Close()).Drain(log);
        p = p.AdvanceTo(p.Now + TimeSpan.FromMilliseconds(40));
        Assert.True(p.TryFireTimer(out TcpPairStep ack));
        p = ack.Pair.Drain(log);
        p = p.Do(TcpSide.B, TcpEvent.Close()).Drain(log);
        Assert.Equal(4, log.Count);
        AssertSegment(log[1].Segment, TcpFlags.Ack, 5001, 1002);
        AssertSegment(log[2].Segment, TcpFlags.Fin | TcpFlags.Ack, 5001, 1002);
    }

    [Fact]
    public void SynToClosedPort_IsAnsweredByRstAckSeqZero()
    {
        TcpPair p = TcpPair.Create(TcpConnection.Create(ClientPort, ServerPort, Rfc), TcpConnection.Create(ServerPort, 0, Rfc));
        p = p.Do(TcpSide.A, TcpEvent.OpenActive(0xFFFFFFFFu));
        TcpPairStep s = p.DeliverOne();
        AssertSegment(s.Transition.Segments[0], TcpFlags.Rst | TcpFlags.Ack, 0, 0); // ack = ISN + 1 wraps to 0
        s = s.Pair.DeliverOne();
        Assert.Equal(TcpState.Closed, s.Pair.A.State);
        Assert.True(s.Transition.Notice.HasFlag(TcpNotice.Refused));
    }

    [Fact]
    public void Abort_SendsRstAckAtSndNxt_PeerIsReset()
    {
        TcpPair p = Established(1000, 5000).Do(TcpSide.A, TcpEvent.Send(10));
        p = p.Drain(new List<Delivered>()).Do(TcpSide.A, TcpEvent.Abort());
        AssertSegment(p.InFlight(0), TcpFlags.Rst | TcpFlags.Ack, 1011, 5001);
        TcpPairStep s = p.DeliverOne();
        Assert.Equal(TcpState.Closed, s.Pair.B.State);
        Assert.True(s.Transition.Notice.HasFlag(TcpNotice.Reset));
    }
}

public class FastOpenTests
{
    [Fact]
    public void Listen_SynWithData_FastOpenOff_DataNotAcknowledged_On_Acknowledged()
    {
        var syn = new TcpSegment(40000, 80, 100u, default, TcpFlags.Syn, 65535, 5);
        TcpTransition off = TcpConnection.Listen(80, 900u, Fixtures.Rfc).OnSegment(syn, TimeSpan.Zero);
        Fixtures.AssertSegment(off.Segments[0], TcpFlags.Syn | TcpFlags.Ack, 900, 101);
        TcpTransition on = TcpConnection.Listen(80, 900u, Fixtures.Rfc with { FastOpen = true }).OnSegment(syn, TimeSpan.Zero);
        Fixtures.AssertSegment(on.Segments[0], TcpFlags.Syn | TcpFlags.Ack, 900, 106); // RFC 7413 §4.2.2
        Assert.Equal(5, on.BytesAccepted);
        Assert.Equal(5u, on.Connection.ReceiveQueued);
    }

    [Fact]
    public void WithSettings_OnlyBeforeTheConnectionStarts()
    {
        TcpConnection l = TcpConnection.Listen(80, 1u, Fixtures.Rfc);
        Assert.True(l.WithSettings(Fixtures.Rfc with { FastOpen = true }).Settings.FastOpen);
        Assert.Throws<InvalidOperationException>(() => States.InState(TcpState.Established).WithSettings(Fixtures.Rfc));
    }
}
