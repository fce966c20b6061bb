using System;
using TcpModel.Drivers;
using Xunit;
using static TcpModel.Tests.Fixtures;

namespace TcpModel.Tests.Connection;

/// <summary>
/// Two endpoints that disagree about the sequence space (here: A accepted 100 bytes B never sent)
/// answer each other's segments as unacceptable, and RFC 9293 §3.10.7.4 says to answer each with an
/// ACK: an ACK loop. Linux limits such ACKs (tcp_invalid_ratelimit); the model has the same switch.
/// </summary>
public class AckLoopTests
{
    private static (int Deliveries, bool Settled) Run(TcpSettings settings)
    {
        TcpPair p = Established(1000, 5000, settings);
        TcpConnection a = p.A;
        TcpConnection forged = a.OnSegment(new TcpSegment(ServerPort, ClientPort, a.RcvNxt, a.SndNxt, TcpFlags.Ack, 65535, 100), p.Now).Connection;
        p = p.With(TcpSide.A, forged).Apply(TcpSide.B, TcpEvent.Send(10)).Pair;
        int n = 0;
        while (p.TryDeliverNext(out TcpPairStep s))
        {
            p = s.Pair;
            if (++n == 20000) return (n, false);
        }
        return (n, true);
    }

    [Fact]
    public void DesynchronizedEndpoints_PureRfc_BounceAcksForever()
    {
        (int deliveries, bool settled) = Run(Rfc with { ChallengeAcks = false });
        Assert.False(settled, $"settled after {deliveries}");
    }

    [Fact]
    public void DesynchronizedEndpoints_WithTheOutOfWindowAckLimit_Settle()
    {
        (int deliveries, bool settled) = Run(Rfc with { ChallengeAcks = false, OutOfWindowAckInterval = TimeSpan.FromMilliseconds(500) });
        Assert.True(settled);
        Assert.True(deliveries < 10, $"{deliveries} deliveries");
        Assert.True(Run(TcpSettings.Linux).Settled);
    }
}
