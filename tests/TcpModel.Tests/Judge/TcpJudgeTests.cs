using System;
using System.Collections.Generic;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;

namespace TcpModel.Tests.Judge;

public class TcpJudgeTests
{
    private static readonly TimeSpan Now = TimeSpan.Zero;

    private static TcpSegment FromB(TcpPair p, uint seq, uint ack, TcpFlags flags, int len = 0) =>
        new(ServerPort, ClientPort, seq, ack, flags, 65535, len);

    private static TcpSegment FromA(TcpPair p, uint seq, uint ack, TcpFlags flags, int len = 0) =>
        new(ClientPort, ServerPort, seq, ack, flags, 65535, len);

    [Fact]
    public void SynAck_AcknowledgingTheIsnItself_IsAckDoesNotCountSyn()
    {
        TcpPair p = NewPair(5000).Do(TcpSide.A, TcpEvent.OpenActive(1000u));
        p = p.DeliverOne().Pair; // B in SYN-RECEIVED (its own SYN,ACK is in flight)
        TcpSendVerdict v = TcpJudge.JudgeSend(p.B, FromB(p, 5000, 1000, TcpFlags.Syn | TcpFlags.Ack), Now);
        Assert.Equal(TcpViolation.AckDoesNotCountSyn, v.Violation);
        Assert.Equal(1001u, v.ExpectedAck.Value);
        Assert.Contains("1001", v.Explain(TcpLanguage.English));
        Assert.Contains("SYN 占用一个序号", v.Explain(TcpLanguage.Chinese));
        Assert.Contains("RFC 9293 §3.10.7.2", v.Explain(TcpLanguage.English));

        TcpSendVerdict ok = TcpJudge.JudgeSend(p.B, p.InFlight(0), Now);
        Assert.True(ok.IsConforming, ok.ToString());
        Assert.Equal(TcpSendKind.SynAck, ok.Kind);
    }

    [Fact]
    public void AckOfFin_NotCountingTheFin_IsAckDoesNotCountFin()
    {
        TcpPair p = Established(1000, 5000).Do(TcpSide.A, TcpEvent.Close());
        p = p.DeliverOne().Pair; // B has the FIN (seq 1001); RCV.NXT = 1002
        Assert.Equal(TcpState.CloseWait, p.B.State);
        TcpSendVerdict v = TcpJudge.JudgeSend(p.B, FromB(p, 5001, 1001, TcpFlags.Ack), Now);
        Assert.Equal(TcpViolation.AckDoesNotCountFin, v.Violation);
        Assert.Contains("does not count the peer's FIN (seq=1001)", v.Explain(TcpLanguage.English));
        Assert.Contains("1002", v.Explain(TcpLanguage.English));
        Assert.True(TcpJudge.JudgeSend(p.B, FromB(p, 5001, 1002, TcpFlags.Ack), Now).IsConforming);
    }

    [Fact]
    public void DataAfterOwnFin_IsDataAfterFin()
    {
        TcpPair p = Established(1000, 5000).Do(TcpSide.A, TcpEvent.Close());
        TcpSendVerdict v = TcpJudge.JudgeSend(p.A, FromA(p, 1002, 5001, TcpFlags.Ack | TcpFlags.Psh, 5), Now);
        Assert.Equal(TcpViolation.DataAfterFin, v.Violation);
        Assert.Equal(TcpRule.SendClosing, v.Rule);
        Assert.Equal(TcpState.FinWait1, v.Connection.State); // unchanged
    }

    [Fact]
    public void AckBeyondRcvNxt_IsAckOfUnsentData()
    {
        TcpPair p = Established(1000, 5000).Do(TcpSide.A, TcpEvent.Send(5)).Drain(new List<Delivered>());
        TcpSendVerdict v = TcpJudge.JudgeSend(p.B, FromB(p, 5001, 1106, TcpFlags.Ack), Now, allowOlderAck: true);
        Assert.Equal(TcpViolation.AckOfUnsentData, v.Violation);
        Assert.Equal(1006u, v.ExpectedAck.Value);
    }

    [Fact]
    public void SegmentWithoutAck_AfterHandshake_IsMissingAck()
    {
        TcpPair p = Established(1000, 5000);
        TcpSendVerdict v = TcpJudge.JudgeSend(p.A, FromA(p, 1001, 0, TcpFlags.Fin), Now);
        Assert.Equal(TcpViolation.MissingAck, v.Violation);
        Assert.Contains("ACK=1", v.Explain(TcpLanguage.Chinese));
    }

    [Fact]
    public void SynRetransmission_KeepsIsn_OtherIsnIsViolation()
    {
        TcpPair p = NewPair(5000).Do(TcpSide.A, TcpEvent.OpenActive(1000u));
        Assert.Equal(TcpSendKind.Retransmission, TcpJudge.JudgeSend(p.A, FromA(p, 1000, 0, TcpFlags.Syn), Now).Kind);
        Assert.Equal(TcpViolation.IsnChanged, TcpJudge.JudgeSend(p.A, FromA(p, 1234, 0, TcpFlags.Syn), Now).Violation);
    }

    [Fact]
    public void FirstSyn_WithFastOpenData_OpensTheConnection()
    {
        var c = TcpConnection.Create(ClientPort, ServerPort, Rfc);
        TcpSendVerdict v = TcpJudge.JudgeSend(c, new TcpSegment(ClientPort, ServerPort, 77u, default, TcpFlags.Syn, 65535, 5), Now);
        Assert.Equal(TcpSendKind.Syn, v.Kind);
        Assert.Equal(TcpState.SynSent, v.Connection.State);
        Assert.Equal(83u, v.Connection.SndNxt.Value);
    }

    [Fact]
    public void KeepAlive_AndPureAck_AndRetransmission_AreConforming()
    {
        TcpPair p = Established(1000, 5000).Do(TcpSide.A, TcpEvent.Send(100));
        Assert.Equal(TcpSendKind.Retransmission, TcpJudge.JudgeSend(p.A, FromA(p, 1001, 5001, TcpFlags.Ack, 100), Now).Kind);
        Assert.Equal(TcpSendKind.Retransmission, TcpJudge.JudgeSend(p.A, FromA(p, 1051, 5001, TcpFlags.Ack, 50), Now).Kind);
        Assert.Equal(TcpSendKind.Ack, TcpJudge.JudgeSend(p.A, FromA(p, 1101, 5001, TcpFlags.Ack), Now).Kind);
        p = p.Drain(new List<Delivered>());
        Assert.Equal(TcpSendKind.KeepAlive, TcpJudge.JudgeSend(p.A, FromA(p, 1100, 5001, TcpFlags.Ack), Now).Kind);
        Assert.Equal(TcpSendKind.KeepAlive, TcpJudge.JudgeSend(p.A, FromA(p, 1100, 5001, TcpFlags.Ack, 1), Now).Kind);
        Assert.Equal(TcpViolation.SequenceMismatch, TcpJudge.JudgeSend(p.A, FromA(p, 1200, 5001, TcpFlags.Ack, 10), Now).Violation);
    }

    [Fact]
    public void ThreeSegmentClose_FinAckFromCloseWait_IsConformingAndEntersLastAck()
    {
        TcpPair p = Established(1000, 5000, Rfc with { DelayedAckTimeout = TimeSpan.FromMilliseconds(40) });
        p = p.Do(TcpSide.A, TcpEvent.Close()).DeliverOne().Pair; // B: CLOSE-WAIT, ACK delayed
        Assert.Equal(0, p.InFlightCount);
        Assert.True(p.B.IsAckPending);
        TcpSendVerdict v = TcpJudge.JudgeSend(p.B, FromB(p, 5001, 1002, TcpFlags.Fin | TcpFlags.Ack), Now);
        Assert.Equal(TcpSendKind.Fin, v.Kind);
        Assert.Equal(TcpState.LastAck, v.Connection.State);
        Assert.False(v.Connection.IsAckPending);
    }

    [Fact]
    public void AbortReset_AtSndNxt_IsConforming_ElsewhereNot()
    {
        TcpPair p = Established(1000, 5000);
        TcpSendVerdict v = TcpJudge.JudgeSend(p.A, FromA(p, 1001, 5001, TcpFlags.Rst | TcpFlags.Ack), Now);
        Assert.Equal(TcpSendKind.Reset, v.Kind);
        Assert.Equal(TcpState.Closed, v.Connection.State);
        Assert.Equal(TcpViolation.UnexpectedReset, TcpJudge.JudgeSend(p.A, FromA(p, 1500, 5001, TcpFlags.Rst), Now).Violation);
    }

    [Fact]
    public void DataBeyondPeerWindow_IsViolation()
    {
        TcpPair p = Established(1000, 5000);
        uint wnd = p.A.SndWnd;
        TcpSendVerdict v = TcpJudge.JudgeSend(p.A, FromA(p, 1001, 5001, TcpFlags.Ack, (int)wnd + 1), Now);
        Assert.Equal(TcpViolation.DataBeyondWindow, v.Violation);
        Assert.True(TcpJudge.JudgeSend(p.A, FromA(p, 1001, 5001, TcpFlags.Ack, (int)wnd), Now).IsConforming);
    }

    // Every segment any driver event emits is judged conforming: JudgeDerivationTests.
}
