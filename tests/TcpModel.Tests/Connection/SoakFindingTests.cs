using System;
using System.Collections.Generic;
using System.Linq;
using TcpModel.Drivers;
using Xunit;

namespace TcpModel.Tests.Connection;

/// <summary>Cases found by soak runs (TCPMODEL_PROPERTY_SCALE, docs/testing.md), kept as fixed cases.</summary>
public class SoakFindingTests
{
    /// <summary>
    /// ModelProperties.PerfectChannel_EndpointsAgree failed after 131,363 random cases (replay
    /// (6557051532051354554,5005524989342533831)): the server had taken 65,535 bytes without reading,
    /// so its window was 0, and the client's FIN was refused. That is RFC 9293 Table 6: a segment with
    /// SEG.LEN > 0 (a FIN counts one) is not acceptable when RCV.WND = 0; only ACKs, URGs and RSTs get
    /// "special allowance" (§3.10.7.4). The property expected every segment to arrive; this case shows
    /// what happens instead, and that the retransmission timer delivers the FIN once the window opens.
    /// </summary>
    [Fact]
    public void FinAtZeroWindow_IsRefused_ThenRetransmittedOnceTheWindowOpens()
    {
        var log = new List<Delivered>();
        TcpPair p = Fixtures.NewPair(4294967258u).Do(TcpSide.A, TcpEvent.OpenActive(2616072062u)).Drain(log);
        p = p.Apply(TcpSide.A, TcpEvent.Send(65535)).Pair.Drain(log);
        Assert.Equal(0u, p.B.RcvWnd);
        p = p.Apply(TcpSide.A, TcpEvent.Close()).Pair.Drain(log);

        Delivered fin = log.Last(d => d.Segment.IsFin);
        Assert.Equal(TcpRule.SegmentNotAcceptable, fin.ReceiverRule);
        Assert.Equal((TcpState.FinWait1, TcpState.Established), (p.A.State, p.B.State));
        Assert.Equal(p.A.SndNxt, p.B.RcvNxt + 1); // the FIN, and only it, is outstanding

        // B reads: the window reopens and B says so (§3.8.6.2.2); A's retransmission timer resends the FIN.
        p = p.Apply(TcpSide.B, TcpEvent.Receive(65535)).Pair.Drain(log);
        p = p.AdvanceTo(p.A.RetransmitDeadline!.Value);
        Assert.True(p.TryFireTimer(out TcpPairStep timer));
        p = timer.Pair.Drain(log);
        Assert.Equal((TcpState.FinWait2, TcpState.CloseWait), (p.A.State, p.B.State));
        Assert.Equal(p.A.SndNxt, p.B.RcvNxt);
    }
}
