using System;
using BenchmarkDotNet.Attributes;
using TcpModel.Drivers;

namespace TcpModel.Benchmarks;

/// <summary>
/// The connection model: single transitions, a whole exchange of two endpoints, and the judge.
/// Allocation is expected to be zero everywhere (MemoryDiagnoser's "Allocated" column).
/// </summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private TcpConnection _established;
    private TcpSegment _dataFromPeer;
    private TcpSegment _ackFromPeer;
    private TcpSegment _judged;
    private TcpSegment _judgedWrong;
    private TcpConnection _sender;

    [GlobalSetup]
    public void Setup()
    {
        TcpPair p = TcpPair.ClientServer(40000, 80, 5000u, TcpSettings.Rfc9293).Apply(TcpSide.A, TcpEvent.OpenActive(1000u)).Pair;
        while (p.TryDeliverNext(out TcpPairStep s)) p = s.Pair;
        _established = p.A;
        _dataFromPeer = new TcpSegment(80, 40000, _established.RcvNxt, _established.SndNxt, TcpFlags.Ack | TcpFlags.Psh, 65535, 1000);
        _sender = _established.Send(500, TimeSpan.Zero).Connection;
        _ackFromPeer = new TcpSegment(80, 40000, _sender.RcvNxt, _sender.SndNxt, TcpFlags.Ack, 65535);
        _judged = new TcpSegment(40000, 80, _established.SndNxt, _established.RcvNxt, TcpFlags.Ack, 65535, 1000);
        _judgedWrong = new TcpSegment(40000, 80, _established.SndNxt, _established.RcvNxt - 1, TcpFlags.Ack, 65535, 1000);
    }

    /// <summary>SEGMENT ARRIVES with 1000 bytes of in-order data: Table 6, ACK processing, text, ACK out.</summary>
    [Benchmark]
    public TcpTransition OnSegment_Data() => _established.OnSegment(_dataFromPeer, TimeSpan.Zero);

    /// <summary>SEGMENT ARRIVES with an ACK of everything in flight.</summary>
    [Benchmark]
    public TcpTransition OnSegment_Ack() => _sender.OnSegment(_ackFromPeer, TimeSpan.Zero);

    /// <summary>SEND of 1000 bytes.</summary>
    [Benchmark]
    public TcpTransition Send() => _established.Send(1000, TimeSpan.Zero);

    /// <summary>The judge on a data segment.</summary>
    [Benchmark]
    public TcpSendVerdict JudgeSend() => TcpJudge.JudgeSend(_established, _judged, TimeSpan.Zero);

    /// <summary>The judge on a segment no driver event sends (ack one too low): every event is tried and the nearest named.</summary>
    [Benchmark]
    public TcpSendVerdict JudgeSend_Violation() => TcpJudge.JudgeSend(_established, _judgedWrong, TimeSpan.Zero);

    /// <summary>Handshake, 1000 bytes each way, teardown and TIME-WAIT expiry of two endpoints over the driver.</summary>
    [Benchmark]
    public TcpState WholeConnection()
    {
        TcpPair p = TcpPair.ClientServer(40000, 80, 5000u, TcpSettings.Rfc9293).Apply(TcpSide.A, TcpEvent.OpenActive(1000u)).Pair;
        p = Drain(p.Apply(TcpSide.A, TcpEvent.Send(1000)).Pair.Apply(TcpSide.B, TcpEvent.Send(1000)).Pair);
        p = Drain(p.Apply(TcpSide.A, TcpEvent.Close()).Pair);
        p = Drain(p.Apply(TcpSide.B, TcpEvent.Close()).Pair);
        p = p.AdvanceTo(TimeSpan.FromMinutes(5));
        while (p.TryFireTimer(out TcpPairStep s)) p = s.Pair;
        return p.A.State;
    }

    private static TcpPair Drain(TcpPair p)
    {
        while (p.TryDeliverNext(out TcpPairStep s)) p = s.Pair;
        return p;
    }
}
