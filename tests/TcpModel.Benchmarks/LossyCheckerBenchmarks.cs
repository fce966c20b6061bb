using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using TcpModel.Analysis;
using TcpModel.Simulation;
using TcpModel.Wire;

namespace TcpModel.Benchmarks;

/// <summary>
/// The price of explaining a lossy capture: the same checker over the simulator's pcap (as segments
/// leave their hosts, checked at the middle) of 400 connections of 20 kB each way over a link
/// without faults and over one that loses 5 % and duplicates and reorders 1 %. One operation = one
/// packet. On the faulty link a segment that no delivery order explains is tried against the
/// network's faults (losses, late arrivals, copies, segments sent unseen), fewest first: that is
/// the difference between the two.
/// </summary>
[MemoryDiagnoser]
public class LossyCheckerBenchmarks
{
    private const int Connections = 400;

    private byte[] _capture = Array.Empty<byte>();
    private int _packets;
    private readonly CaptureChecker _checker = new() { CaptureAt = CaptureSite.Middle };

    /// <summary>Whether the link loses, duplicates and reorders.</summary>
    [Params(false, true)]
    public bool Faulty { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var link = LinkConditions.Perfect with { Delay = TimeSpan.FromMilliseconds(10) };
        if (Faulty) link = link with { Loss = 0.05, Duplicate = 0.01, Reorder = 0.01, Jitter = TimeSpan.FromMilliseconds(1) };
        var net = new Network(7, TcpSettings.Linux) { RecordTrace = true };
        HostId a = net.AddHost(InlineIPAddress.Parse("10.0.0.1")), b = net.AddHost(InlineIPAddress.Parse("10.0.0.2"));
        net.SetLinks(a, b, link);
        net.Listen(b, 80, EndpointScript.Server(20_000));
        for (int i = 0; i < Connections; i++) net.Connect(a, b, 80, TimeSpan.FromMilliseconds(i * 5), EndpointScript.Client(20_000));
        net.Run(TimeSpan.FromHours(1));
        var pcap = new MemoryStream();
        net.WritePcap(pcap);
        _capture = pcap.ToArray();
        _checker.TryCheck(new MemoryStream(_capture, writable: false), out CheckReport report, out _);
        _packets = (int)report.PacketCount;
        int invalid = 0;
        foreach (ConnectionCheck c in report.Connections) if (c.Verdict == CheckVerdict.Invalid) invalid++;
        Console.WriteLine($"// lossy checker capture (faulty={Faulty}): {report.Connections.Count} connections, {_packets} packets, {invalid} invalid, {Sum(report)} losses inferred");
    }

    private static int Sum(CheckReport report)
    {
        int n = 0;
        foreach (ConnectionCheck c in report.Connections) n += c.InferredLosses;
        return n;
    }

    /// <summary>Checks the whole capture; the result is per packet (divided by the capture's packets in the report's notes).</summary>
    [Benchmark]
    public int CheckWholeCapture()
    {
        _checker.TryCheck(new MemoryStream(_capture, writable: false), out CheckReport report, out _);
        return report.Connections.Count;
    }
}
