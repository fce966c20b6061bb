using System;
using TcpModel.Drivers;
using Xunit;

namespace TcpModel.Tests.Connection;

/// <summary>Zero allocation, counted (not timed): transitions, the driver and the judge never touch the heap.</summary>
public class AllocationTests
{
    private static int Exchange(uint x, uint y, TcpSettings settings)
    {
        TcpPair p = TcpPair.ClientServer(40000, 80, y, settings);
        p = p.Apply(TcpSide.A, TcpEvent.OpenActive(x)).Pair;
        p = DrainQuietly(p);
        p = p.Apply(TcpSide.A, TcpEvent.Send(3000)).Pair;
        p = p.Apply(TcpSide.B, TcpEvent.Send(700)).Pair;
        p = DrainQuietly(p);
        p = p.Apply(TcpSide.A, TcpEvent.Receive(10000)).Pair;
        p = p.Apply(TcpSide.B, TcpEvent.Receive(10000)).Pair;
        p = p.Apply(TcpSide.A, TcpEvent.Close()).Pair;
        p = DrainQuietly(p);
        p = p.Apply(TcpSide.B, TcpEvent.Close()).Pair;
        p = DrainQuietly(p);
        p = p.AdvanceTo(p.Now + settings.Msl * 2);
        while (p.TryFireTimer(out TcpPairStep s)) p = s.Pair;
        TcpSendVerdict v = TcpJudge.JudgeSend(p.B, new TcpSegment(80, 40000, 1u, 2u, TcpFlags.Ack), p.Now);
        return (int)p.A.State + (int)p.B.State + (v.IsConforming ? 1 : 0);
    }

    private static TcpPair DrainQuietly(TcpPair p)
    {
        while (p.TryDeliverNext(out TcpPairStep s)) p = s.Pair;
        return p;
    }

    [Fact]
    public void HandshakeDataTeardown_BothEndpoints_Repeated_AllocatesNothing()
    {
        TcpSettings rfc = TcpSettings.Rfc9293, linux = TcpSettings.Linux;
        int warm = Exchange(1, 2, rfc) + Exchange(3, 4, linux); // JIT and static initialisation
        Assert.Equal(0, Exchange(100, 300, rfc)); // both CLOSED at the end (and the judge is called)

        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (uint i = 0; i < 200; i++) sum += Exchange(0xFFFFFF00u + i * 7, i * 1_000_003u, (i & 1) == 0 ? rfc : linux);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, sum);
        Assert.Equal(0L, allocated);
        GC.KeepAlive(warm);
    }
}
