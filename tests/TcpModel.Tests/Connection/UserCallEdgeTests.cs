using System;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;
using static TcpModel.Tests.States;

namespace TcpModel.Tests.Connection;

/// <summary>
/// User calls and sending cases that mutation testing of <c>Machine.cs</c> found untested
/// (docs/testing.md): each test pins a decision a surviving mutant changed without any test noticing.
/// </summary>
public class UserCallEdgeTests
{
    [Fact]
    public void Send_SetsPsh_OnlyOnTheSegmentThatEmptiesTheQueue()
    {
        // §3.9.1 SEND / RFC 1122 4.2.2.2: PSH when the data of the call is all sent.
        TcpConnection c = InState(TcpState.Established, Rfc with { Mss = 536 });
        TcpSegment[] sent = c.Send(1000, T0).Segments.ToArray();
        Assert.Equal(2, sent.Length);
        Assert.Equal(TcpFlags.Ack, sent[0].Flags);
        Assert.Equal(536, sent[0].PayloadLength);
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, sent[1].Flags);
        Assert.Equal(464, sent[1].PayloadLength);
    }

    [Fact]
    public void TheWindowField_IsScaledExceptOnSyns()
    {
        // RFC 7323 §2.2: "The window field in a SYN (i.e., a <SYN> or <SYN,ACK>) segment itself is never scaled."
        TcpSettings s = Rfc with { WindowScale = 7, ReceiveWindow = 1 << 20 };
        TcpPair p = NewPair(5000u, s).Apply(TcpSide.A, TcpEvent.OpenActive(1000u)).Pair;
        TcpSegment syn = p.InFlight(0);
        Assert.Equal(65535, syn.Window);
        Assert.True(p.TryDeliverNext(out TcpPairStep atServer));
        TcpSegment synAck = atServer.Transition.Segments[0];
        Assert.Equal(65535, synAck.Window);
        Assert.True(atServer.Pair.TryDeliverNext(out TcpPairStep atClient));
        TcpSegment ack = atClient.Transition.Segments[0];
        Assert.Equal((ushort)((1 << 20) >> 7), ack.Window);
    }

    [Fact]
    public void Close_WithDataQueued_SendsTheFinAfterTheData()
    {
        // §3.10.4 CLOSE, ESTABLISHED: "Queue this until all preceding SENDs have been segmentized, then
        // form a FIN segment and send it."
        TcpConnection c = InState(TcpState.Established);
        c = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack, window: 0), T0).Connection;
        c = c.Send(50, T0).Connection;
        TcpTransition close = c.Close(T0);
        Assert.Equal(TcpState.FinWait1, close.State);
        Assert.True(close.Segments.IsEmpty);
        Assert.True(close.Connection.IsFinPending);
        Assert.False(close.Connection.IsFinSent);
        c = close.Connection;
        TcpTransition opened = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack, window: 1000), T0);
        TcpSegment last = Assert.Single(opened.Segments.ToArray());
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh | TcpFlags.Fin, last.Flags);
        Assert.Equal(50, last.PayloadLength);
        Assert.True(opened.Connection.IsFinSent);
        Assert.False(opened.Connection.IsFinPending);
        Assert.NotNull(opened.Connection.RetransmitDeadline);
    }

    [Fact]
    public void Send_AfterClose_IsTheErrorConnectionClosing()
    {
        // §3.10.2 SEND, FIN-WAIT-1 and after: "Return 'error: connection closing' and do not service request."
        TcpConnection c = InState(TcpState.Established).Close(T0).Connection;
        TcpTransition t = c.Send(10, T0);
        Assert.Equal(TcpError.ConnectionClosing, t.Error);
        Assert.Equal(TcpRule.SendClosing, t.Rule);
        Assert.True(t.Segments.IsEmpty);
    }

    [Fact]
    public void OpenActive_WithoutARemotePort_IsTheErrorForeignSocketUnspecified()
    {
        // §3.10.1 OPEN: "If active and the foreign socket is unspecified, return 'error: foreign socket unspecified'."
        TcpTransition t = TcpConnection.Create(ClientPort, 0, Rfc).OpenActive(1000u, T0);
        Assert.Equal(TcpError.ForeignSocketUnspecified, t.Error);
        Assert.Equal(TcpState.Closed, t.State);
        Assert.True(t.Segments.IsEmpty);
    }

    [Fact]
    public void RetransmitRange_SendsWhatIsOutstanding_ClearsTheDelayedAck_AndNothingOutsideIt()
    {
        // RFC 5681 §3.2 fast retransmit / RFC 8985 tail loss probe: a range of [SND.UNA, SND.NXT) again.
        TcpSettings s = Rfc with { DelayedAckTimeout = TimeSpan.FromSeconds(5), Mss = 100 };
        TcpConnection c = InState(TcpState.Established, s).Send(300, T0).Connection;
        c = c.OnSegment(From(c, c.RcvNxt, c.SndUna, TcpFlags.Ack, len: 10), T0).Connection;
        Assert.True(c.IsAckPending);
        TcpTransition t = c.RetransmitRange(c.SndUna + 100, 100, T0);
        Assert.Equal(TcpRule.RetransmitRange, t.Rule);
        TcpSegment again = Assert.Single(t.Segments.ToArray());
        Assert.Equal((c.SndUna + 100, TcpFlags.Ack | TcpFlags.Psh, 100, c.RcvNxt), (again.Seq, again.Flags, again.PayloadLength, again.Ack));
        Assert.False(t.Connection.IsAckPending);
        Assert.Null(t.Connection.DelayedAckDeadline);
        Assert.True(c.RetransmitRange(c.SndUna - 1, 10, T0).Segments.IsEmpty);
        Assert.True(c.RetransmitRange(c.SndNxt - 50, 100, T0).Segments.IsEmpty);
    }

    [Fact]
    public void AckNow_AcknowledgesInASynchronizedState_AndNothingInListen()
    {
        TcpConnection c = InState(TcpState.Established);
        TcpTransition t = c.AckNow(T0);
        Assert.Equal(TcpRule.SendAcknowledgment, t.Rule);
        AssertSegment(Assert.Single(t.Segments.ToArray()), TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
        Assert.True(TcpConnection.Listen(ServerPort, 5000u, Rfc).AckNow(T0).Segments.IsEmpty);
    }

    [Fact]
    public void AnAckThatLeavesDataOutstanding_RestartsTheRetransmissionAndUserTimersFromNow()
    {
        // RFC 6298 §5.3: "When an ACK is received that acknowledges new data, restart the
        // retransmission timer so that it will expire after RTO seconds"; the user timeout likewise.
        TcpSettings s = Rfc with { Mss = 100, UserTimeout = TimeSpan.FromSeconds(30) };
        TcpConnection c = InState(TcpState.Established, s).Send(200, T0).Connection;
        TimeSpan at = TimeSpan.FromMilliseconds(500);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, c.SndUna + 100, TcpFlags.Ack), at);
        Assert.Equal(100, t.Connection.BytesInFlight);
        Assert.Equal(at + Rfc.InitialRto, t.Connection.RetransmitDeadline);
        Assert.Equal(at + TimeSpan.FromSeconds(30), t.Connection.UserTimeoutDeadline);
    }
}
