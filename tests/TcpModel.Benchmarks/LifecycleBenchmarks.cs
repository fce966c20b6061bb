using System;
using BenchmarkDotNet.Attributes;
using TcpModel.Drivers;

namespace TcpModel.Benchmarks;

/// <summary>
/// One whole connection of both endpoints, 16 events (the shared harness's contract: x = 1000,
/// y = 5000, 64 bytes each way, the two data ACKs not delivered), through the value API and through
/// <see cref="TcpConnection.ApplyInPlace"/>; then the same through the <see cref="TcpPair"/> driver,
/// as values (a new 6 KB pair each step) and in place (<see cref="TcpPair.ApplyInPlace"/>). All
/// allocate nothing; the in-place forms copy no connection, no result and no channel.
/// </summary>
[MemoryDiagnoser]
public class LifecycleBenchmarks
{
    private const int Payload = 64;
    private TcpConnection _client, _server;
    private TimeSpan _twoMsl;

    [GlobalSetup]
    public void Setup()
    {
        _client = TcpConnection.Create(43416, 40009, TcpSettings.Rfc9293);
        _server = TcpConnection.Create(40009, 0, TcpSettings.Rfc9293);
        _twoMsl = TcpSettings.Rfc9293.Msl * 2;
    }

    /// <summary>The value API: every event returns a new connection and a <see cref="TcpTransition"/>.</summary>
    [Benchmark(Baseline = true)]
    public uint ValueApi()
    {
        TimeSpan now = TimeSpan.Zero;
        TcpTransition s = _server.OpenPassive(5000u, now);
        TcpTransition c = _client.OpenActive(1000u, now);
        s = s.Connection.OnSegment(c.Segments[0], now);
        c = c.Connection.OnSegment(s.Segments[0], now);
        s = s.Connection.OnSegment(c.Segments[0], now);
        c = c.Connection.Send(Payload, now);
        s = s.Connection.OnSegment(c.Segments[0], now);
        s = s.Connection.Send(Payload, now);
        c = c.Connection.OnSegment(s.Segments[0], now);
        c = c.Connection.Close(now);
        s = s.Connection.OnSegment(c.Segments[0], now);
        c = c.Connection.OnSegment(s.Segments[0], now);
        s = s.Connection.Close(now);
        c = c.Connection.OnSegment(s.Segments[0], now);
        s = s.Connection.OnSegment(c.Segments[0], now);
        c = c.Connection.OnTimer(now + _twoMsl);
        return c.Connection.RcvNxt.Value ^ s.Connection.RcvNxt.Value;
    }

    /// <summary>The same 16 events in place: the connections stay in their variables, segments go to a stack buffer.</summary>
    [Benchmark]
    public uint InPlace()
    {
        TimeSpan now = TimeSpan.Zero;
        TcpConnection c = _client, s = _server;
        Span<TcpSegment> co = stackalloc TcpSegment[TcpConnection.MaxSegmentsPerTransition];
        Span<TcpSegment> so = stackalloc TcpSegment[TcpConnection.MaxSegmentsPerTransition];
        TcpConnection.ApplyInPlace(ref s, TcpEvent.OpenPassive(5000u), now, so);
        TcpConnection.ApplyInPlace(ref c, TcpEvent.OpenActive(1000u), now, co);
        TcpConnection.ApplyInPlace(ref s, TcpEvent.Arrive(co[0]), now, so);
        TcpConnection.ApplyInPlace(ref c, TcpEvent.Arrive(so[0]), now, co);
        TcpConnection.ApplyInPlace(ref s, TcpEvent.Arrive(co[0]), now, so);
        TcpConnection.ApplyInPlace(ref c, TcpEvent.Send(Payload), now, co);
        TcpConnection.ApplyInPlace(ref s, TcpEvent.Arrive(co[0]), now, so);
        TcpConnection.ApplyInPlace(ref s, TcpEvent.Send(Payload), now, so);
        TcpConnection.ApplyInPlace(ref c, TcpEvent.Arrive(so[0]), now, co);
        TcpConnection.ApplyInPlace(ref c, TcpEvent.Close(), now, co);
        TcpConnection.ApplyInPlace(ref s, TcpEvent.Arrive(co[0]), now, so);
        TcpConnection.ApplyInPlace(ref c, TcpEvent.Arrive(so[0]), now, co);
        TcpConnection.ApplyInPlace(ref s, TcpEvent.Close(), now, so);
        TcpConnection.ApplyInPlace(ref c, TcpEvent.Arrive(so[0]), now, co);
        TcpConnection.ApplyInPlace(ref s, TcpEvent.Arrive(co[0]), now, so);
        TcpConnection.ApplyInPlace(ref c, TcpEvent.Timer(), now + _twoMsl, co);
        return c.RcvNxt.Value ^ s.RcvNxt.Value;
    }

    /// <summary>The 16 events through <see cref="TcpPair"/>'s value API (the shared harness's TcpPairDriver).</summary>
    [Benchmark]
    public uint PairValueApi()
    {
        TcpPair p = TcpPair.Create(_client, _server);
        p = p.Apply(TcpSide.B, TcpEvent.OpenPassive(5000u)).Pair;
        p = p.Apply(TcpSide.A, TcpEvent.OpenActive(1000u)).Pair;
        p = Deliver(Deliver(Deliver(p)));
        p = Deliver(p.Apply(TcpSide.A, TcpEvent.Send(Payload)).Pair).DropNext().Pair;
        p = Deliver(p.Apply(TcpSide.B, TcpEvent.Send(Payload)).Pair).DropNext().Pair;
        p = Deliver(Deliver(p.Apply(TcpSide.A, TcpEvent.Close()).Pair));
        p = Deliver(Deliver(p.Apply(TcpSide.B, TcpEvent.Close()).Pair));
        p = p.AdvanceTo(p.Now + _twoMsl);
        if (p.TryFireTimer(out TcpPairStep timer)) p = timer.Pair;
        return p.A.RcvNxt.Value ^ p.B.RcvNxt.Value;
    }

    /// <summary>The same through <see cref="TcpPair"/>'s in-place operations: the pair stays in its variable.</summary>
    [Benchmark]
    public uint PairInPlace()
    {
        TcpPair p = TcpPair.Create(_client, _server);
        TcpPair.ApplyInPlace(ref p, TcpSide.B, TcpEvent.OpenPassive(5000u));
        TcpPair.ApplyInPlace(ref p, TcpSide.A, TcpEvent.OpenActive(1000u));
        for (int i = 0; i < 3; i++) TcpPair.TryDeliverNextInPlace(ref p, out _, out _);
        TcpPair.ApplyInPlace(ref p, TcpSide.A, TcpEvent.Send(Payload));
        TcpPair.TryDeliverNextInPlace(ref p, out _, out _);
        TcpPair.DropNextInPlace(ref p);
        TcpPair.ApplyInPlace(ref p, TcpSide.B, TcpEvent.Send(Payload));
        TcpPair.TryDeliverNextInPlace(ref p, out _, out _);
        TcpPair.DropNextInPlace(ref p);
        TcpPair.ApplyInPlace(ref p, TcpSide.A, TcpEvent.Close());
        TcpPair.TryDeliverNextInPlace(ref p, out _, out _);
        TcpPair.TryDeliverNextInPlace(ref p, out _, out _);
        TcpPair.ApplyInPlace(ref p, TcpSide.B, TcpEvent.Close());
        TcpPair.TryDeliverNextInPlace(ref p, out _, out _);
        TcpPair.TryDeliverNextInPlace(ref p, out _, out _);
        TcpPair.AdvanceToInPlace(ref p, p.Now + _twoMsl);
        TcpPair.TryFireTimerInPlace(ref p, out _, out _);
        return p.A.RcvNxt.Value ^ p.B.RcvNxt.Value;
    }

    private static TcpPair Deliver(TcpPair p) => p.TryDeliverNext(out TcpPairStep step) ? step.Pair : throw new InvalidOperationException("nothing in flight");
}
