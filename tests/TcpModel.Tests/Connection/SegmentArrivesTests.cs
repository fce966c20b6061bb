using System;
using Xunit;
using static TcpModel.Tests.Fixtures;
using static TcpModel.Tests.States;

namespace TcpModel.Tests.Connection;

/// <summary>RFC 9293 §3.10.7, state by state and check by check (names: State_WhatArrives_WhatHappens).</summary>
public class SegmentArrivesTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1);

    // ---- §3.10.7.1 CLOSED

    [Fact]
    public void Closed_SynArrives_AnswersRstAckWithSeqZeroAndAckSegSeqPlusSegLen()
    {
        TcpConnection c = TcpConnection.Create(80, 0, Rfc);
        TcpTransition t = c.OnSegment(new TcpSegment(40000, 80, 0xFFFFFFFFu, default, TcpFlags.Syn, 1000, 3), Now);
        Assert.Equal(TcpRule.ClosedResetNoAck, t.Rule);
        TcpSegment rst = t.Segments[0];
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(0u, rst.Seq.Value);
        Assert.Equal(3u, rst.Ack.Value); // 0xFFFFFFFF + 1 (SYN) + 3 (data) wraps to 3
        Assert.Equal((ushort)80, rst.SourcePort);
        Assert.Equal((ushort)40000, rst.DestinationPort);
    }

    [Fact]
    public void Closed_AckArrives_AnswersRstWithSeqSegAck()
    {
        TcpTransition t = TcpConnection.Create(80, 0, Rfc).OnSegment(new TcpSegment(40000, 80, 10u, 777u, TcpFlags.Ack, 1000, 5), Now);
        Assert.Equal(TcpRule.ClosedResetAck, t.Rule);
        AssertSegment(t.Segments[0], TcpFlags.Rst, 777);
    }

    [Fact]
    public void Closed_RstArrives_IsDiscarded()
    {
        TcpTransition t = TcpConnection.Create(80, 0, Rfc).OnSegment(new TcpSegment(40000, 80, 10u, 777u, TcpFlags.Rst | TcpFlags.Ack), Now);
        Assert.Equal(TcpRule.ClosedRstDiscarded, t.Rule);
        Assert.True(t.Segments.IsEmpty);
    }

    // ---- §3.10.7.2 LISTEN

    [Fact]
    public void Listen_RstArrives_IsIgnored()
    {
        TcpConnection l = InState(TcpState.Listen);
        TcpTransition t = l.OnSegment(From(l, 1u, default, TcpFlags.Rst), Now);
        Assert.Equal(TcpRule.ListenRstIgnored, t.Rule);
        Assert.Equal(TcpState.Listen, t.State);
        Assert.True(t.Segments.IsEmpty);
    }

    [Fact]
    public void Listen_AckArrives_AnswersRstWithSeqSegAck()
    {
        TcpConnection l = InState(TcpState.Listen);
        TcpTransition t = l.OnSegment(From(l, 1u, 4242u, TcpFlags.Ack), Now);
        Assert.Equal(TcpRule.ListenAckReset, t.Rule);
        Assert.Equal(TcpState.Listen, t.State);
        AssertSegment(t.Segments[0], TcpFlags.Rst, 4242);
    }

    [Fact]
    public void Listen_SynArrives_SendsSynAckAndEntersSynReceived()
    {
        TcpConnection l = InState(TcpState.Listen);
        TcpTransition t = l.OnSegment(From(l, 0xFFFFFFFFu, default, TcpFlags.Syn, window: 29200).WithOptions(TcpOptions.None.WithMss(1400)), Now);
        Assert.Equal(TcpRule.ListenSyn, t.Rule);
        Assert.Equal(TcpState.SynReceived, t.State);
        AssertSegment(t.Segments[0], TcpFlags.Syn | TcpFlags.Ack, Y, 0);
        Assert.Equal(Rfc.Mss, t.Segments[0].Options.Mss);
        Assert.Equal(0xFFFFFFFFu, t.Connection.Irs.Value);
        Assert.Equal(0u, t.Connection.RcvNxt.Value);
        Assert.Equal((ushort)1400, t.Connection.SendMss);
        Assert.Equal(29200u, t.Connection.SndWnd);
        Assert.Equal(ClientPort, t.Connection.RemotePort);
        Assert.True(t.Connection.IsPassiveOpen);
        Assert.NotNull(t.Connection.RetransmitDeadline); // the half-open entry holds resources from now on
    }

    [Fact]
    public void Listen_FinOnly_IsDropped()
    {
        TcpConnection l = InState(TcpState.Listen);
        TcpTransition t = l.OnSegment(From(l, 1u, default, TcpFlags.Fin), Now);
        Assert.Equal(TcpRule.ListenOtherDropped, t.Rule);
        Assert.Equal(l, t.Connection);
    }

    // ---- §3.10.7.3 SYN-SENT

    [Theory]
    [InlineData(X)]         // SEG.ACK =< ISS
    [InlineData(X - 5)]
    [InlineData(X + 2)]     // SEG.ACK > SND.NXT
    public void SynSent_UnacceptableAck_AnswersRstAndStays(uint ack)
    {
        TcpConnection c = InState(TcpState.SynSent);
        TcpTransition t = c.OnSegment(From(c, 300u, ack, TcpFlags.Syn | TcpFlags.Ack), Now);
        Assert.Equal(TcpRule.SynSentUnacceptableAck, t.Rule);
        Assert.Equal(TcpState.SynSent, t.State);
        AssertSegment(t.Segments[0], TcpFlags.Rst, ack);
    }

    [Fact]
    public void SynSent_RstWithAcceptableAck_IsRefused()
    {
        TcpConnection c = InState(TcpState.SynSent);
        TcpTransition t = c.OnSegment(From(c, 0u, X + 1, TcpFlags.Rst | TcpFlags.Ack), Now);
        Assert.Equal(TcpRule.SynSentReset, t.Rule);
        Assert.Equal(TcpState.Closed, t.State);
        Assert.True(t.Notice.HasFlag(TcpNotice.Refused));
    }

    [Fact]
    public void SynSent_RstWithoutAck_IsDropped()
    {
        TcpConnection c = InState(TcpState.SynSent);
        TcpTransition t = c.OnSegment(From(c, 0u, default, TcpFlags.Rst), Now);
        Assert.Equal(TcpRule.SynSentRstDropped, t.Rule);
        Assert.Equal(TcpState.SynSent, t.State);
    }

    [Fact]
    public void SynSent_PlainAck_IsDropped()
    {
        TcpConnection c = InState(TcpState.SynSent);
        TcpTransition t = c.OnSegment(From(c, 300u, X + 1, TcpFlags.Ack), Now);
        Assert.Equal(TcpRule.SynSentOtherDropped, t.Rule);
        Assert.True(t.Segments.IsEmpty);
    }

    [Fact]
    public void SynSent_DataQueuedBeforeSynAck_RidesOnTheThirdSegment()
    {
        TcpConnection c = InState(TcpState.SynSent).Send(20, Now).Connection;
        TcpTransition t = c.OnSegment(From(c, Y, X + 1, TcpFlags.Syn | TcpFlags.Ack), Now);
        Assert.Equal(TcpState.Established, t.State);
        Assert.Equal(1, t.Segments.Count);
        AssertSegment(t.Segments[0], TcpFlags.Ack, X + 1, Y + 1, 20);
    }

    [Fact]
    public void SynSent_SynAckCarryingDataAndFin_AcceptsBothAndEntersCloseWait()
    {
        TcpConnection c = InState(TcpState.SynSent);
        TcpTransition t = c.OnSegment(From(c, Y, X + 1, TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Fin, 10), Now);
        Assert.Equal(TcpState.CloseWait, t.State);
        Assert.Equal(10, t.BytesAccepted);
        AssertSegment(t.Segments[0], TcpFlags.Ack, X + 1, Y + 12); // SYN + 10 bytes + FIN
    }

    // ---- §3.10.7.4 SYN-RECEIVED

    [Fact]
    public void SynReceived_PassiveOpen_RstAtRcvNxt_ReturnsToListen()
    {
        TcpConnection c = InState(TcpState.SynReceived);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, default, TcpFlags.Rst), Now);
        Assert.Equal(TcpRule.RstSynReceivedToListen, t.Rule);
        Assert.Equal(TcpState.Listen, t.State);
        Assert.Equal((ushort)0, t.Connection.RemotePort);
        Assert.Null(t.Connection.NextDeadline); // the half-open resources are freed
    }

    [Fact]
    public void SynReceived_BadAck_AnswersRst()
    {
        TcpConnection c = InState(TcpState.SynReceived);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, Y + 7, TcpFlags.Ack), Now);
        Assert.Equal(TcpRule.SynReceivedBadAck, t.Rule);
        Assert.Equal(TcpState.SynReceived, t.State);
        AssertSegment(t.Segments[0], TcpFlags.Rst, Y + 7);
    }

    [Fact]
    public void SynReceived_RetransmittedSyn_ResendsSynAck()
    {
        TcpConnection c = InState(TcpState.SynReceived);
        TcpTransition t = c.OnSegment(From(c, X, default, TcpFlags.Syn), Now);
        Assert.Equal(TcpRule.SynReceivedDuplicateSyn, t.Rule);
        AssertSegment(t.Segments[0], TcpFlags.Syn | TcpFlags.Ack, Y, X + 1);
    }

    [Fact]
    public void SynReceived_AckWithDataAndFin_EntersEstablishedThenCloseWait()
    {
        TcpConnection c = InState(TcpState.SynReceived);
        TcpTransition t = c.OnSegment(From(c, X + 1, Y + 1, TcpFlags.Ack | TcpFlags.Fin, 5), Now);
        Assert.Equal(TcpState.CloseWait, t.State);
        Assert.True(t.Notice.HasFlag(TcpNotice.Connected));
        Assert.True(t.Notice.HasFlag(TcpNotice.PeerClosing));
        AssertSegment(t.Segments[0], TcpFlags.Ack, Y + 1, X + 7);
    }

    [Fact]
    public void SynReceived_SegmentWithoutAck_IsDropped()
    {
        TcpConnection c = InState(TcpState.SynReceived);
        TcpTransition t = c.OnSegment(From(c, X + 1, default, TcpFlags.None, 5), Now);
        Assert.Equal(TcpRule.NoAckDropped, t.Rule);
        Assert.Equal(c.RcvNxt, t.Connection.RcvNxt);
    }

    // ---- §3.10.7.4 synchronized states: sequence check (Table 6)

    [Fact]
    public void Established_SegmentOutsideWindow_IsAnsweredWithAckAndDropped()
    {
        TcpConnection c = InState(TcpState.Established);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt + 100000, c.SndNxt, TcpFlags.Ack, 10), Now);
        Assert.Equal(TcpRule.SegmentNotAcceptable, t.Rule);
        AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
        Assert.Equal(c.RcvNxt, t.Connection.RcvNxt);
    }

    [Fact]
    public void Established_ZeroReceiveWindow_AcceptsOnlyEmptySegmentAtRcvNxt()
    {
        TcpConnection c = InState(TcpState.Established, Rfc with { ReceiveWindow = 100 });
        c = c.OnSegment(PeerAck(c, 100), Now).Connection; // fills the buffer: RCV.WND = 0
        Assert.Equal(0u, c.RcvWnd);
        Assert.Equal(TcpRule.SegmentNotAcceptable, c.OnSegment(PeerAck(c, 1), Now).Rule);
        Assert.Equal(TcpRule.AckDuplicate, c.OnSegment(PeerAck(c), Now).Rule);
        // RECEIVE reopens the window and announces it.
        TcpTransition r = c.Receive(60, Now);
        Assert.Equal(60u, r.Connection.RcvWnd);
        AssertSegment(r.Segments[0], TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
        Assert.Equal((ushort)60, r.Segments[0].Window);
    }

    [Fact]
    public void Established_OverlappingRetransmission_TakesOnlyTheNewPart()
    {
        TcpConnection c = InState(TcpState.Established);
        SeqNum start = c.RcvNxt;
        c = c.OnSegment(PeerAck(c, 100), Now).Connection;
        TcpTransition t = c.OnSegment(From(c, start + 50, c.SndNxt, TcpFlags.Ack, 100), Now);
        Assert.Equal(50, t.BytesAccepted);
        Assert.Equal(start + 150, t.Connection.RcvNxt);
    }

    [Fact]
    public void Established_RetransmittedDataWithANewFin_TakesTheFin()
    {
        // Linux collapses a lost FIN into the RTO retransmission of data already received: the data is
        // old, the FIN new, and "only the new parts are processed" (RFC 9293 §3.10.7.4): the FIN counts.
        TcpConnection c = InState(TcpState.Established);
        SeqNum start = c.RcvNxt;
        c = c.OnSegment(PeerAck(c, 100), Now).Connection;
        TcpTransition t = c.OnSegment(From(c, start, c.SndNxt, TcpFlags.Ack | TcpFlags.Fin, 100), Now);
        Assert.Equal(0, t.BytesAccepted);
        Assert.Equal(TcpState.CloseWait, t.State);
        Assert.Equal(start + 101, t.Connection.RcvNxt);
        Assert.True(t.Notice.HasFlag(TcpNotice.PeerClosing));
        AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndNxt.Value, (start + 101).Value);
    }

    [Fact]
    public void Established_OutOfOrderData_IsNotTakenAndDuplicateAckGoesAtOnce()
    {
        TcpConnection c = InState(TcpState.Established, Rfc with { DelayedAckTimeout = TimeSpan.FromMilliseconds(40) });
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt + 10, c.SndNxt, TcpFlags.Ack, 10), Now);
        Assert.Equal(TcpRule.DataOutOfOrder, t.Rule);
        Assert.Equal(c.RcvNxt, t.Connection.RcvNxt);
        AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
    }

    // ---- second check: RST (RFC 5961 §3)

    [Fact]
    public void Established_RstExactlyAtRcvNxt_Resets()
    {
        TcpConnection c = InState(TcpState.Established);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, default, TcpFlags.Rst), Now);
        Assert.Equal(TcpRule.RstReset, t.Rule);
        Assert.Equal(TcpState.Closed, t.State);
        Assert.True(t.Notice.HasFlag(TcpNotice.Reset));
    }

    [Fact]
    public void Established_RstInWindowNotExact_GetsChallengeAck()
    {
        TcpConnection c = InState(TcpState.Established);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt + 1000, default, TcpFlags.Rst), Now);
        Assert.Equal(TcpRule.RstChallengeAck, t.Rule);
        Assert.Equal(TcpState.Established, t.State);
        AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
    }

    [Fact]
    public void Established_RstInWindowNotExact_WithoutRfc5961_Resets()
    {
        TcpConnection c = InState(TcpState.Established, Rfc with { ChallengeAcks = false });
        Assert.Equal(TcpState.Closed, c.OnSegment(From(c, c.RcvNxt + 1000, default, TcpFlags.Rst), Now).State);
    }

    [Fact]
    public void Established_RstOutsideWindow_IsSilentlyDropped()
    {
        TcpConnection c = InState(TcpState.Established);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt - 1, default, TcpFlags.Rst), Now);
        Assert.Equal(TcpRule.RstOutOfWindow, t.Rule);
        Assert.True(t.Segments.IsEmpty);
        Assert.Equal(TcpState.Established, t.State);
    }

    [Theory]
    [InlineData(TcpState.Closing)]
    [InlineData(TcpState.LastAck)]
    [InlineData(TcpState.TimeWait)]
    public void ClosingStates_ValidRst_EnterClosed(TcpState state)
    {
        TcpConnection c = InState(state);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, default, TcpFlags.Rst), Now);
        Assert.Equal(TcpRule.RstClosed, t.Rule);
        Assert.Equal(TcpState.Closed, t.State);
    }

    [Fact]
    public void TimeWait_Rst_WithRfc1337_IsIgnored()
    {
        TcpConnection c = InState(TcpState.TimeWait, Rfc with { IgnoreRstInTimeWait = true });
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, default, TcpFlags.Rst), Now);
        Assert.Equal(TcpRule.RstIgnoredInTimeWait, t.Rule);
        Assert.Equal(TcpState.TimeWait, t.State);
    }

    // ---- fourth check: SYN (RFC 5961 §4)

    [Fact]
    public void Established_Syn_GetsChallengeAck()
    {
        TcpConnection c = InState(TcpState.Established);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt + 5, default, TcpFlags.Syn), Now);
        Assert.Equal(TcpRule.SynChallengeAck, t.Rule);
        Assert.Equal(TcpState.Established, t.State);
        AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
    }

    [Fact]
    public void Established_SynInWindow_WithoutRfc5961_Resets()
    {
        TcpConnection c = InState(TcpState.Established, Rfc with { ChallengeAcks = false });
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt + 5, default, TcpFlags.Syn), Now);
        Assert.Equal(TcpRule.SynReset, t.Rule);
        Assert.Equal(TcpState.Closed, t.State);
        Assert.True(t.Segments[0].IsRst);
    }

    [Fact]
    public void ChallengeAcks_AreThrottledPerSecond()
    {
        TcpConnection c = InState(TcpState.Established, Rfc with { ChallengeAckLimit = 2 });
        TcpSegment syn = From(c, c.RcvNxt, default, TcpFlags.Syn);
        c = c.OnSegment(syn, Now).Connection;
        c = c.OnSegment(syn, Now + TimeSpan.FromMilliseconds(10)).Connection;
        TcpTransition third = c.OnSegment(syn, Now + TimeSpan.FromMilliseconds(20));
        Assert.Equal(TcpRule.ChallengeAckThrottled, third.Rule);
        Assert.True(third.Segments.IsEmpty);
        TcpTransition later = third.Connection.OnSegment(syn, Now + TimeSpan.FromSeconds(1.5));
        Assert.Equal(TcpRule.SynChallengeAck, later.Rule);
    }

    // ---- fifth check: ACK

    [Fact]
    public void Established_AckOfUnsentData_IsAnsweredAndDropped()
    {
        TcpConnection c = InState(TcpState.Established);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, c.SndNxt + 10, TcpFlags.Ack, 5), Now);
        Assert.Equal(TcpRule.AckOfUnsentData, t.Rule);
        Assert.Equal(c.RcvNxt, t.Connection.RcvNxt); // the data on it is not taken either
        AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
    }

    [Fact]
    public void Established_AckAdvances_UpdatesSndUnaAndWindow()
    {
        TcpConnection c = InState(TcpState.Established).Send(100, Now).Connection;
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack, window: 1234), Now);
        Assert.Equal(TcpRule.AckAdvances, t.Rule);
        Assert.Equal(100, t.BytesAcknowledged);
        Assert.Equal(c.SndNxt, t.Connection.SndUna);
        Assert.Equal(1234u, t.Connection.SndWnd);
        Assert.Null(t.Connection.RetransmitDeadline);
    }

    [Fact]
    public void WindowScale_BothSynsCarryIt_WindowsAreScaled()
    {
        TcpSettings linux = TcpSettings.Linux;
        TcpConnection c = InState(TcpState.Established, linux);
        Assert.Equal((byte)7, c.SendWindowShift);
        Assert.Equal((byte)7, c.ReceiveWindowShift);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack, window: 512), Now);
        Assert.Equal(512u << 7, t.Connection.SndWnd);
    }

    // ---- eighth check: FIN

    [Fact]
    public void FinWait1_FinThatAlsoAcksOurFin_EntersTimeWait()
    {
        TcpConnection c = InState(TcpState.FinWait1);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Fin | TcpFlags.Ack), Now);
        Assert.Equal(TcpState.TimeWait, t.State);
        Assert.Equal(TcpRule.FinToTimeWait, t.Rule);
        AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndNxt.Value, (c.RcvNxt + 1).Value);
        Assert.Equal(Now + Rfc.Msl * 2, t.Connection.TimeWaitDeadline);
    }

    [Fact]
    public void TimeWait_RetransmittedFin_IsAckedAndRestartsTwoMsl()
    {
        TcpConnection c = InState(TcpState.TimeWait);
        TimeSpan later = Now + TimeSpan.FromMinutes(1);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt - 1, c.SndNxt, TcpFlags.Fin | TcpFlags.Ack), later);
        Assert.Equal(TcpRule.TimeWaitFinAcked, t.Rule);
        Assert.Equal(later + Rfc.Msl * 2, t.Connection.TimeWaitDeadline);
        AssertSegment(t.Segments[0], TcpFlags.Ack, c.SndNxt.Value, c.RcvNxt.Value);
    }

    [Fact]
    public void CloseWait_DataAfterPeerFin_IsIgnored()
    {
        TcpConnection c = InState(TcpState.CloseWait);
        TcpTransition t = c.OnSegment(From(c, c.RcvNxt, c.SndNxt, TcpFlags.Ack, 10), Now);
        Assert.Equal(TcpRule.DataAfterFinIgnored, t.Rule);
        Assert.Equal(c.RcvNxt, t.Connection.RcvNxt);
    }
}
