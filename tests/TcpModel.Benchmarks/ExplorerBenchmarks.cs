using System;
using BenchmarkDotNet.Attributes;
using TcpModel.Exploration;

namespace TcpModel.Benchmarks;

/// <summary>
/// The explorer on the bound closest to <c>../shared/perf/spin/</c>'s Promela model: handshake and
/// close, two FIFO channels of capacity 2 with loss and duplication, at most 2 retransmissions of a
/// segment, ISNs from {0, 2³²−1} (SPIN's {0, 7} mod 8: the wrapping one), either side may close, a
/// FIN-WAIT-2 timeout as in SPIN's default model. One op = one whole search. The log prints the state
/// count, states/s and bytes per stored state of a run, to set beside SPIN's (966,900 states, 1.0–1.1 M
/// states/s, 214 MB ≈ 221 B a state).
/// </summary>
[MemoryDiagnoser]
public class ExplorerBenchmarks
{
    /// <summary>SPIN's default bound, in the model's terms.</summary>
    public static readonly ExplorationScenario SpinBound = ExplorationScenario.HandshakeAndClose(TcpSettings.Rfc9293 with { FinWait2Timeout = TimeSpan.FromSeconds(60) });

    /// <summary>Threads expanding the frontier.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Whether the termination (cycle) check runs, as SPIN's liveness run does.</summary>
    [Params(false, true)]
    public bool Termination { get; set; }

    private ExplorationOptions _options = ExplorationOptions.Default;

    /// <summary>Prints one run's numbers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _options = new ExplorationOptions { Threads = Threads, CheckTermination = Termination };
        ExplorationResult r = Explorer.Run(SpinBound, _options);
        Console.WriteLine($"// {r.States:N0} states, {r.Transitions:N0} transitions, depth {r.Depth}, {r.StatesPerSecond:N0} states/s, "
            + $"{r.BytesPerState:F1} B/state stored, peak {r.PeakMemoryBytes / 1048576.0:F0} MiB, full state {Explorer.StateSize} B, violations {r.Violations.Count}");
    }

    /// <summary>The whole search.</summary>
    [Benchmark]
    public long Explore() => Explorer.Run(SpinBound, _options).States;
}
