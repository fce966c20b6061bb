using System.Collections.Generic;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;

namespace TcpModel.Tests.Connection;

/// <summary>The seed's two tables, field by field, from the model (x, y the ISNs; u, v, w the teardown points).</summary>
public class SeedTableTests
{
    public static TheoryData<uint, uint> Isns => new()
    {
        { 1000u, 5000u },
        { 0xFFFFFFFFu, 0xFFFFFFF0u }, // x+1 wraps to 0
        { 0xFFFFFFFEu, 0xFFFFFFFFu }, // y+1 wraps to 0
        { 0u, 0x7FFFFFFFu },
    };

    [Theory]
    [MemberData(nameof(Isns))]
    public void Handshake_MatchesSeedTable(uint x, uint y)
    {
        TcpPair p = NewPair(y);
        Assert.Equal(TcpState.Listen, p.B.State); // 连接建立前，服务器进程处于 LISTEN

        // Step 1: C → S, SYN=1 ACK=0 seq=x; the client enters SYN-SENT.
        p = p.Do(TcpSide.A, TcpEvent.OpenActive(x));
        Assert.Equal(TcpState.SynSent, p.A.State);
        TcpSegment syn = p.InFlight(0);
        AssertSegment(syn, TcpFlags.Syn, x);
        Assert.False(syn.IsAck);

        // Step 2: S → C, SYN=1 ACK=1 seq=y ack=x+1; the server enters SYN-RECEIVED.
        TcpPairStep s2 = p.DeliverOne();
        Assert.Equal(TcpRule.ListenSyn, s2.Transition.Rule);
        Assert.Equal(TcpState.SynReceived, s2.Pair.B.State);
        AssertSegment(s2.Pair.InFlight(0), TcpFlags.Syn | TcpFlags.Ack, y, P(x, 1));

        // Step 3: C → S, SYN=0 ACK=1 seq=x+1 ack=y+1; both enter ESTABLISHED.
        TcpPairStep s3 = s2.Pair.DeliverOne();
        Assert.Equal(TcpRule.SynSentSynAck, s3.Transition.Rule);
        Assert.Equal(TcpState.Established, s3.Pair.A.State);
        Assert.True(s3.Transition.Notice.HasFlag(TcpNotice.Connected));
        AssertSegment(s3.Pair.InFlight(0), TcpFlags.Ack, P(x, 1), P(y, 1));

        TcpPairStep s4 = s3.Pair.DeliverOne();
        Assert.Equal(TcpRule.SynReceivedAcked, s4.Transition.Rule);
        Assert.Equal(TcpState.Established, s4.Pair.B.State);
        Assert.True(s4.Pair.IsQuiet);
        Assert.Equal(P(x, 1), s4.Pair.A.SndNxt.Value);
        Assert.Equal(P(x, 1), s4.Pair.B.RcvNxt.Value);
        Assert.Equal(P(y, 1), s4.Pair.A.RcvNxt.Value);
    }

    /// <summary>
    /// The seed's teardown: FIN seq=u; ACK seq=v ack=u+1; the server keeps sending in CLOSE-WAIT;
    /// FIN,ACK seq=w ack=u+1; ACK seq=u+1 ack=w+1. (The model sets ACK=1 on the FIN, as RFC 9293
    /// requires of every segment after the first SYN; the seed omits it.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Isns))]
    public void Teardown_ServerSendsInCloseWait_MatchesSeedTable(uint x, uint y)
    {
        const int ClientData = 100, ServerData = 300, LateData = 50;
        TcpPair p = Established(x, y);
        var log = new List<Delivered>();
        p = p.Do(TcpSide.A, TcpEvent.Send(ClientData)).Do(TcpSide.B, TcpEvent.Send(ServerData)).Drain(log);
        p = p.Do(TcpSide.A, TcpEvent.Receive(1000)).Do(TcpSide.B, TcpEvent.Receive(1000));
        uint u = p.A.SndNxt.Value; // 最后字节数据序号+1
        uint v = p.B.SndNxt.Value;
        Assert.Equal(P(x, 1 + ClientData), u);

        // Step 1: C → S, FIN=1 (ACK=1) seq=u; the client enters FIN-WAIT-1.
        p = p.Do(TcpSide.A, TcpEvent.Close());
        Assert.Equal(TcpState.FinWait1, p.A.State);
        AssertSegment(p.InFlight(0), TcpFlags.Fin | TcpFlags.Ack, u, v);

        // Step 2: S → C, ACK=1 seq=v ack=u+1; server CLOSE-WAIT, client FIN-WAIT-2.
        TcpPairStep s = p.DeliverOne();
        Assert.Equal(TcpState.CloseWait, s.Pair.B.State);
        Assert.True(s.Transition.Notice.HasFlag(TcpNotice.PeerClosing));
        AssertSegment(s.Pair.InFlight(0), TcpFlags.Ack, v, P(u, 1));
        s = s.Pair.DeliverOne();
        Assert.Equal(TcpState.FinWait2, s.Pair.A.State);
        Assert.Equal(TcpRule.FinWait1Acked, s.Transition.Rule);

        // Half-close: the server still sends; the client in FIN-WAIT-2 accepts and acknowledges.
        p = s.Pair.Do(TcpSide.B, TcpEvent.Send(LateData));
        AssertSegment(p.InFlight(0), TcpFlags.Ack, v, P(u, 1), LateData);
        s = p.DeliverOne();
        Assert.Equal(TcpRule.DataAccepted, s.Transition.Rule);
        Assert.Equal(TcpState.FinWait2, s.Pair.A.State);
        AssertSegment(s.Pair.InFlight(0), TcpFlags.Ack, P(u, 1), P(v, LateData));
        p = s.Pair.DeliverOne().Pair;

        // Step 3: S → C, FIN=1 ACK=1 seq=w ack=u+1 (重复确认); the server enters LAST-ACK.
        uint w = P(v, LateData);
        p = p.Do(TcpSide.B, TcpEvent.Close());
        Assert.Equal(TcpState.LastAck, p.B.State);
        AssertSegment(p.InFlight(0), TcpFlags.Fin | TcpFlags.Ack, w, P(u, 1));

        // Step 4: C → S, ACK=1 seq=u+1 ack=w+1; client TIME-WAIT, server CLOSED.
        s = p.DeliverOne();
        Assert.Equal(TcpState.TimeWait, s.Pair.A.State);
        Assert.Equal(TcpRule.FinToTimeWait, s.Transition.Rule);
        AssertSegment(s.Pair.InFlight(0), TcpFlags.Ack, P(u, 1), P(w, 1));
        s = s.Pair.DeliverOne();
        Assert.Equal(TcpState.Closed, s.Pair.B.State);
        Assert.Equal(TcpRule.LastAckAcked, s.Transition.Rule);

        // TIME-WAIT lasts 2·MSL (RFC default MSL = 2 minutes).
        Assert.Equal(TcpSettings.Rfc9293.Msl * 2, s.Pair.A.TimeWaitDeadline);
        TcpTransition end = s.Pair.A.OnTimer(TcpSettings.Rfc9293.Msl * 2);
        Assert.Equal(TcpState.Closed, end.State);
        Assert.Equal(TcpRule.TimeWaitTimeout, end.Rule);
        Assert.Equal(TcpState.TimeWait, s.Pair.A.OnTimer(TcpSettings.Rfc9293.Msl * 2 - System.TimeSpan.FromTicks(1)).State);
    }
}
