using System;
using BenchmarkDotNet.Attributes;

namespace TcpModel.Benchmarks;

/// <summary>
/// One whole connection of both endpoints, 16 events (the shared harness's contract: x = 1000,
/// y = 5000, 64 bytes each way, the two data ACKs not delivered), through the value API and through
/// <see cref="TcpConnection.ApplyInPlace"/>. Both allocate nothing; the in-place form copies no
/// connection and no result.
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
}
