using Snapshooter.Xunit;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;

namespace TcpModel.Tests.Connection;

/// <summary>
/// RFC 9293 Figures 6 to 13, driven through two model endpoints with the figures' own numbers
/// (A's ISS 100, B's ISS 300). Every segment and both states are asserted; the transcript of each
/// exchange is pinned as a snapshot.
/// </summary>
public class RfcFigureTests
{
    private static TcpPair Pair(TcpConnection a, TcpConnection b) => TcpPair.Create(a, b);

    [Fact]
    public void Figure6_BasicThreeWayHandshake()
    {
        var log = new FigureLog("RFC 9293 Figure 6: basic three-way handshake for connection synchronization");
        log.Start(NewPair(300));
        TcpPairStep s = log.Do(TcpSide.A, TcpEvent.OpenActive(100u));
        AssertSegment(s.Transition.Segments[0], TcpFlags.Syn, 100);
        Assert.Equal(TcpState.SynSent, s.Pair.A.State);

        s = log.Deliver();
        Assert.Equal(TcpState.SynReceived, s.Pair.B.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Syn | TcpFlags.Ack, 300, 101);

        s = log.Deliver();
        Assert.Equal(TcpState.Established, s.Pair.A.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 101, 301);

        s = log.Deliver();
        Assert.Equal(TcpState.Established, s.Pair.B.State);

        // Line 5: data flows with the ACK.
        s = log.Do(TcpSide.A, TcpEvent.Send(10));
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 101, 301, 10);
        s = log.Deliver();
        Assert.Equal(TcpRule.DataAccepted, s.Transition.Rule);
        Assert.Equal(111u, s.Pair.B.RcvNxt.Value);
        log.DeliverAll();
        Snapshot.Match(log.ToString());
    }

    [Fact]
    public void Figure7_SimultaneousOpen()
    {
        var log = new FigureLog("RFC 9293 Figure 7: simultaneous connection synchronization");
        TcpConnection a = TcpConnection.Create(1000, 2000, Rfc), b = TcpConnection.Create(2000, 1000, Rfc);
        log.Start(Pair(a, b));
        log.Do(TcpSide.A, TcpEvent.OpenActive(100u));
        log.Do(TcpSide.B, TcpEvent.OpenActive(300u));
        Assert.Equal(TcpState.SynSent, log.Pair.A.State);
        Assert.Equal(TcpState.SynSent, log.Pair.B.State);

        // The SYNs cross: each side enters SYN-RECEIVED and answers with SYN,ACK reusing its ISS.
        TcpPairStep s = log.Deliver(); // A's SYN reaches B
        Assert.Equal(TcpRule.SynSentSimultaneousOpen, s.Transition.Rule);
        Assert.Equal(TcpState.SynReceived, s.Pair.B.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Syn | TcpFlags.Ack, 300, 101);
        s = log.Deliver(); // B's SYN reaches A
        Assert.Equal(TcpState.SynReceived, s.Pair.A.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Syn | TcpFlags.Ack, 100, 301);

        // Each SYN,ACK moves its receiver to ESTABLISHED (lines 6 and 7); the repeated SYN octet is
        // acknowledged, as Linux does.
        s = log.Deliver();
        Assert.Equal(TcpState.Established, s.Pair.A.State);
        Assert.Equal(TcpRule.SynReceivedAcked, s.Transition.Rule);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 101, 301);
        s = log.Deliver();
        Assert.Equal(TcpState.Established, s.Pair.B.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 301, 101);
        log.DeliverAll();
        Assert.Equal(TcpState.Established, log.Pair.A.State);
        Assert.Equal(TcpState.Established, log.Pair.B.State);
        Assert.Equal(log.Pair.A.SndNxt, log.Pair.B.RcvNxt);
        Assert.Equal(log.Pair.B.SndNxt, log.Pair.A.RcvNxt);
        Snapshot.Match(log.ToString());
    }

    [Fact]
    public void Figure8_RecoveryFromOldDuplicateSyn()
    {
        var log = new FigureLog("RFC 9293 Figure 8: recovery from old duplicate SYN");
        log.Start(NewPair(300));
        log.Do(TcpSide.A, TcpEvent.OpenActive(100u));
        TcpSegment syn = log.Pair.InFlight(0);
        log.Drop(); // A's SYN is delayed in the network; an old duplicate gets there first
        log.Inject(TcpSide.B, new TcpSegment(ClientPort, ServerPort, 90u, default, TcpFlags.Syn, 65535), "old duplicate");

        TcpPairStep s = log.Deliver();
        Assert.Equal(TcpState.SynReceived, s.Pair.B.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Syn | TcpFlags.Ack, 300, 91);

        s = log.Deliver(); // A in SYN-SENT: ack 91 does not acknowledge ISS 100
        Assert.Equal(TcpRule.SynSentUnacceptableAck, s.Transition.Rule);
        Assert.Equal(TcpState.SynSent, s.Pair.A.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Rst, 91);

        s = log.Deliver(); // B: RST at RCV.NXT, passive open: back to LISTEN
        Assert.Equal(TcpRule.RstSynReceivedToListen, s.Transition.Rule);
        Assert.Equal(TcpState.Listen, s.Pair.B.State);

        log.Replace(TcpSide.B, log.Pair.B.WithIss(400u), "next ISS 400");
        log.Inject(TcpSide.B, syn, "A's SYN arrives at last");
        s = log.Deliver();
        Assert.Equal(TcpState.SynReceived, s.Pair.B.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Syn | TcpFlags.Ack, 400, 101);
        s = log.Deliver();
        Assert.Equal(TcpState.Established, s.Pair.A.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 101, 401);
        s = log.Deliver();
        Assert.Equal(TcpState.Established, s.Pair.B.State);
        Snapshot.Match(log.ToString());
    }

    [Fact]
    public void Figure9_HalfOpenConnectionDiscovery()
    {
        var log = new FigureLog("RFC 9293 Figure 9: half-open connection discovery");
        TcpPair established = Established(99u, 299u); // A sends 100 next, B sends 300 next
        log.Start(established);
        log.Replace(TcpSide.A, TcpConnection.Create(ClientPort, ServerPort, Rfc), "CRASH");
        TcpPairStep s = log.Do(TcpSide.A, TcpEvent.OpenActive(400u));
        AssertSegment(s.Transition.Segments[0], TcpFlags.Syn, 400);

        s = log.Deliver(); // B ESTABLISHED: a SYN gets a (challenge) ACK of what B expects
        Assert.Equal(TcpRule.SynChallengeAck, s.Transition.Rule);
        Assert.Equal(TcpState.Established, s.Pair.B.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 300, 100);

        s = log.Deliver(); // A SYN-SENT: ack 100 is not for ISS 400: RST seq=100
        Assert.Equal(TcpRule.SynSentUnacceptableAck, s.Transition.Rule);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Rst, 100);

        s = log.Deliver(); // B: the RST is exactly at RCV.NXT: abort
        Assert.Equal(TcpRule.RstReset, s.Transition.Rule);
        Assert.Equal(TcpState.Closed, s.Pair.B.State);
        Assert.True(s.Transition.Notice.HasFlag(TcpNotice.Reset));

        // Line 7: A's SYN is retransmitted on timeout, with the same ISN.
        s = log.Timer(Rfc.InitialRto, "RTO");
        Assert.Equal(TcpSide.A, s.Side);
        Assert.Equal(TcpRule.RetransmissionTimeout, s.Transition.Rule);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Syn, 400);
        Snapshot.Match(log.ToString());
    }

    [Fact]
    public void Figure10_ActiveSideCausesHalfOpenDiscovery()
    {
        var log = new FigureLog("RFC 9293 Figure 10: active side causes half-open connection discovery");
        TcpPair established = Established(99u, 299u);
        log.Start(established);
        log.Replace(TcpSide.A, TcpConnection.Create(ClientPort, ServerPort, Rfc), "REBOOT");
        TcpPairStep s = log.Do(TcpSide.B, TcpEvent.Send(10));
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 300, 100, 10);

        s = log.Deliver(); // A has no connection: <SEQ=SEG.ACK><CTL=RST>
        Assert.Equal(TcpRule.ClosedResetAck, s.Transition.Rule);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Rst, 100);

        s = log.Deliver();
        Assert.Equal(TcpRule.RstReset, s.Transition.Rule);
        Assert.Equal(TcpState.Closed, s.Pair.B.State);
        Snapshot.Match(log.ToString());
    }

    [Fact]
    public void Figure11_OldDuplicateSynResetsTwoPassiveSockets()
    {
        var log = new FigureLog("RFC 9293 Figure 11: old duplicate SYN initiates a reset on two passive sockets");
        TcpConnection a = TcpConnection.Listen(1000, 500u, Rfc), b = TcpConnection.Listen(2000, 800u, Rfc);
        log.Start(Pair(a, b));
        const uint Z = 4000;
        log.Inject(TcpSide.B, new TcpSegment(1000, 2000, Z, default, TcpFlags.Syn, 65535), "old duplicate");
        TcpPairStep s = log.Deliver();
        Assert.Equal(TcpState.SynReceived, s.Pair.B.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Syn | TcpFlags.Ack, 800, Z + 1);

        s = log.Deliver(); // A in LISTEN: any ACK is bad: <SEQ=Z+1><CTL=RST>
        Assert.Equal(TcpRule.ListenAckReset, s.Transition.Rule);
        Assert.Equal(TcpState.Listen, s.Pair.A.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Rst, Z + 1);

        s = log.Deliver();
        Assert.Equal(TcpRule.RstSynReceivedToListen, s.Transition.Rule);
        Assert.Equal(TcpState.Listen, s.Pair.B.State);
        Assert.True(log.Pair.IsQuiet);
        Snapshot.Match(log.ToString());
    }

    [Fact]
    public void Figure12_NormalCloseSequence()
    {
        var log = new FigureLog("RFC 9293 Figure 12: normal close sequence");
        log.Start(Established(99u, 299u));
        TcpPairStep s = log.Do(TcpSide.A, TcpEvent.Close(), "Close");
        Assert.Equal(TcpState.FinWait1, s.Pair.A.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Fin | TcpFlags.Ack, 100, 300);

        s = log.Deliver();
        Assert.Equal(TcpState.CloseWait, s.Pair.B.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 300, 101);
        s = log.Deliver();
        Assert.Equal(TcpState.FinWait2, s.Pair.A.State);

        s = log.Do(TcpSide.B, TcpEvent.Close(), "Close");
        Assert.Equal(TcpState.LastAck, s.Pair.B.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Fin | TcpFlags.Ack, 300, 101);
        s = log.Deliver();
        Assert.Equal(TcpState.TimeWait, s.Pair.A.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 101, 301);
        s = log.Deliver();
        Assert.Equal(TcpState.Closed, s.Pair.B.State);

        s = log.Timer(Rfc.Msl * 2, "2 MSL");
        Assert.Equal(TcpState.Closed, s.Pair.A.State);
        Assert.Equal(TcpRule.TimeWaitTimeout, s.Transition.Rule);
        Snapshot.Match(log.ToString());
    }

    [Fact]
    public void Figure13_SimultaneousCloseSequence()
    {
        var log = new FigureLog("RFC 9293 Figure 13: simultaneous close sequence");
        log.Start(Established(99u, 299u));
        log.Do(TcpSide.A, TcpEvent.Close(), "Close");
        log.Do(TcpSide.B, TcpEvent.Close(), "Close");
        AssertSegment(log.Pair.InFlight(0), TcpFlags.Fin | TcpFlags.Ack, 100, 300);
        AssertSegment(log.Pair.InFlight(1), TcpFlags.Fin | TcpFlags.Ack, 300, 100);

        TcpPairStep s = log.Deliver();
        Assert.Equal(TcpState.Closing, s.Pair.B.State);
        Assert.Equal(TcpRule.FinToClosing, s.Transition.Rule);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 301, 101);
        s = log.Deliver();
        Assert.Equal(TcpState.Closing, s.Pair.A.State);
        AssertSegment(s.Transition.Segments[0], TcpFlags.Ack, 101, 301);

        s = log.Deliver(); // B's ACK reaches A first: it was sent before A's
        Assert.Equal(TcpState.TimeWait, s.Pair.A.State);
        Assert.Equal(TcpRule.ClosingAcked, s.Transition.Rule);
        s = log.Deliver();
        Assert.Equal(TcpState.TimeWait, s.Pair.B.State);
        Assert.Equal(TcpRule.ClosingAcked, s.Transition.Rule);
        Assert.True(log.Pair.IsQuiet);
        Snapshot.Match(log.ToString());
    }
}
