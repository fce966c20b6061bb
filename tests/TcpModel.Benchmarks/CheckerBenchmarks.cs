using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using TcpModel.Analysis;
using TcpModel.Drivers;
using TcpModel.Wire;

namespace TcpModel.Benchmarks;

/// <summary>
/// Checking a capture of 5 000 model connections (handshake, data both ways, close both ways), made
/// with the TcpPair driver and PcapWriter. One operation = one packet, so Allocated is bytes per packet.
/// </summary>
[MemoryDiagnoser]
public class CheckerBenchmarks
{
    private const int Connections = 5_000;
    private const int PacketsPerCapture = 65_000; // 13 per connection (asserted by Setup)

    private byte[] _capture = Array.Empty<byte>();
    private readonly CaptureChecker _reused = new();

    /// <summary>Whether the checker reads and decodes on a second thread (<see cref="CaptureChecker.DecodeAhead"/>).</summary>
    [Params(false, true)]
    public bool DecodeAhead { get; set; }

    /// <summary>Packets in the generated capture.</summary>
    public static int Packets { get; private set; }

    /// <summary>Builds the capture.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _capture = Build(Connections, out int packets);
        Packets = packets;
        if (packets != PacketsPerCapture) throw new InvalidOperationException($"expected {PacketsPerCapture} packets, built {packets}");
        Console.WriteLine($"// checker capture: {Connections} connections, {packets} packets, {_capture.Length} bytes");
        string? dump = Environment.GetEnvironmentVariable("TCPMODEL_BENCH_CAPTURE");
        if (!string.IsNullOrEmpty(dump)) File.WriteAllBytes(dump, _capture);
        _reused.TryCheck(new MemoryStream(_capture, writable: false), out _, out _); // warm the slot table
    }

    /// <summary>A capture of <paramref name="connections"/> complete exchanges between two model endpoints.</summary>
    public static byte[] Build(int connections, out int packets)
    {
        var stream = new MemoryStream();
        long t = 1_700_000_000_000_000_000L;
        packets = 0;
        using (var writer = new PcapWriter(stream, LinkType.Raw, nanosecondResolution: true, leaveOpen: true))
        {
            for (int i = 0; i < connections; i++)
            {
                var client = InlineIPAddress.FromIPv4(0x0A00_0000u + (uint)(i / 50_000) + 1);
                var server = InlineIPAddress.FromIPv4(0x0A01_0001);
                TcpPair pair = TcpPair.ClientServer((ushort)(10_000 + i % 50_000), 80, (uint)(i * 7919), TcpSettings.Rfc9293);
                TcpPairStep step = pair.Apply(TcpSide.A, TcpEvent.OpenActive((uint)(i * 104729)));
                int written = 0;
                void Log(TcpSide side, in TcpTransition tr)
                {
                    foreach (TcpSegment s in tr.Segments)
                    {
                        t += 20_000;
                        writer.WriteSegment(t, side == TcpSide.A ? client : server, side == TcpSide.A ? server : client, s);
                        written++;
                    }
                }
                Log(TcpSide.A, step.Transition);
                pair = step.Pair;
                pair = Drain(pair, Log);
                foreach ((TcpSide side, TcpEvent e) in new[]
                {
                    (TcpSide.A, TcpEvent.Send(1000)), (TcpSide.B, TcpEvent.Send(2000)), (TcpSide.A, TcpEvent.Close()), (TcpSide.B, TcpEvent.Close()),
                })
                {
                    step = pair.Apply(side, e);
                    Log(side, step.Transition);
                    pair = Drain(step.Pair, Log);
                }
                packets += written;
            }
        }
        return stream.ToArray();
    }

    private delegate void LogStep(TcpSide side, in TcpTransition transition);

    private static TcpPair Drain(TcpPair pair, LogStep log)
    {
        while (pair.TryDeliverNext(out TcpPairStep d))
        {
            log(d.Side, d.Transition);
            pair = d.Pair;
        }
        return pair;
    }

    /// <summary>Check the whole capture with a new checker (per-connection tables allocated as connections appear).</summary>
    [Benchmark(OperationsPerInvoke = PacketsPerCapture)]
    public int CheckFreshCheckerPerPacket()
    {
        new CaptureChecker { DecodeAhead = DecodeAhead }.TryCheck(new MemoryStream(_capture, writable: false), out CheckReport report, out _);
        return report.Connections.Count;
    }

    /// <summary>Check the whole capture with a checker whose replay slots are reused from the previous capture.</summary>
    [Benchmark(OperationsPerInvoke = PacketsPerCapture)]
    public int CheckReusedCheckerPerPacket()
    {
        _reused.DecodeAhead = DecodeAhead;
        _reused.TryCheck(new MemoryStream(_capture, writable: false), out CheckReport report, out _);
        return report.Connections.Count;
    }

    /// <summary>Check the whole capture streaming (each connection handed to a sink and forgotten), as <c>tcpmodel check</c> does.</summary>
    [Benchmark(OperationsPerInvoke = PacketsPerCapture)]
    public long CheckStreamingPerPacket()
    {
        _reused.DecodeAhead = DecodeAhead;
        long decided = 0;
        _reused.TryCheck(new MemoryStream(_capture, writable: false), _ => decided++, out _, out _);
        return decided;
    }
}
