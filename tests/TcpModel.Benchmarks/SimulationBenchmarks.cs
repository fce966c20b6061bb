using System;
using BenchmarkDotNet.Attributes;
using TcpModel.Drivers;
using TcpModel.Simulation;
using TcpModel.Wire;

namespace TcpModel.Benchmarks;

/// <summary>
/// The network driver's own cost: whole connections through <see cref="Network"/> (SYN, 64 bytes each
/// way, FIN both ways, TIME-WAIT), next to the same exchange through <see cref="TcpPair"/> and through
/// the bare in-place transitions, in one run. One op = one connection, both endpoints.
/// </summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private const int Connections = 1000;
    private static readonly InlineIPAddress A = InlineIPAddress.Parse("10.0.0.1"), B = InlineIPAddress.Parse("10.0.0.2");
    private Network _steady = new(), _steadyInOrder = new();
    private long _steadyEvents;
    private static readonly LinkConditions SteadyLink = LinkConditions.Perfect with { Loss = 0.01, Jitter = TimeSpan.FromMilliseconds(1) };

    /// <summary>Connections over a perfect link, and (in the log) events per connection and bytes per idle connection.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Network n = Build(LinkConditions.Perfect);
        n.Run();
        Console.WriteLine($"// perfect link: {n.Stats.Events / (double)Connections:F1} events and {n.Stats.SegmentsSent / (double)Connections:F1} segments per connection");
        Network lossy = Build(LinkConditions.Perfect with { Loss = 0.01 });
        lossy.Run();
        Console.WriteLine($"// 1 % loss: {lossy.Stats.Events / (double)Connections:F1} events, {lossy.Stats.Retransmissions / (double)Connections:F2} retransmissions per connection");
        Console.WriteLine($"// bytes per idle (ESTABLISHED) connection, both ends: {BytesPerIdleConnection(100_000):F0}");
        _steady = SteadyNetwork(SteadyLink);
        _steadyInOrder = SteadyNetwork(LinkConditions.Perfect);
        Console.WriteLine($"// steady runs: {_steady.PendingEvents} events pending (1 % loss, 1 ms jitter), {_steadyInOrder.PendingEvents} (a perfect link)");
        RecordSteadyTransitions();
    }

    // The same transitions as the driver's steady run makes them, for the bare replay beside it.
    private const int Recorded = 100_000;
    private struct Taken
    {
        public int Connection, Start; // Start: the value it starts from (−1: it goes on)
        public bool Applies;
        public TcpEvent Event;
        public TimeSpan Now;
    }

    private readonly Taken[] _steps = new Taken[Recorded];
    private readonly System.Collections.Generic.List<TcpConnection> _starts = new();
    private TcpConnection[] _initial = Array.Empty<TcpConnection>(), _replayed = Array.Empty<TcpConnection>();
    private readonly TcpSegment[] _out = new TcpSegment[TcpConnection.MaxSegmentsPerTransition];

    /// <summary>
    /// Records what a steady network like <see cref="_steady"/> (its state after the same warm-up) asks of
    /// the model: every transition of the next <see cref="Recorded"/> events, each connection's value to
    /// start from. <see cref="BareTransitionsOfTheSteadyRun"/> replays them without the driver.
    /// </summary>
    private void RecordSteadyTransitions()
    {
        Network net = SteadyNetwork(SteadyLink);
        _initial = new TcpConnection[net.ConnectionCount + 1024];
        for (int i = 0; i < net.ConnectionCount; i++) _initial[i] = net.GetConnection(new ConnectionId(i)).Tcp;
        _replayed = new TcpConnection[_initial.Length];
        var recorder = new Recorder(this);
        net.Observer = recorder;
        long events = net.Stats.Events;
        while (recorder.Count < Recorded && net.RunNext()) { }
        net.Observer = null;
        ReplayBare(recorder.After); // throws unless each transition leaves its connection as the driver's left it
        long n = net.Stats.Events - events;
        Console.WriteLine($"// steady run: {Recorded:N0} transitions in {n:N0} events: {Recorded / (double)n:F3} transitions an event (NetworkSteadyEvent / (this x BareTransitionsOfTheSteadyRun) is the driver's cost over its transitions)");
        Console.WriteLine($"// sizes: TcpConnection {System.Runtime.CompilerServices.Unsafe.SizeOf<TcpConnection>()} B, TcpEvent {System.Runtime.CompilerServices.Unsafe.SizeOf<TcpEvent>()} B");
    }

    /// <summary>Records the first <see cref="Recorded"/> steps, and the value each transition leaves (the last one's may be a later one's: not checked).</summary>
    private sealed class Recorder(SimulationBenchmarks b) : ITransitionObserver
    {
        public int Count;
        public readonly TcpConnection[] After = new TcpConnection[Recorded];

        public void Started(int connection, in TcpConnection value)
        {
            if (Count == Recorded) return;
            b._steps[Count++] = new Taken { Connection = connection, Start = b._starts.Count };
            b._starts.Add(value);
        }

        public void Applying(int connection, in TcpEvent e, TimeSpan now)
        {
            if (Count == Recorded) return;
            b._steps[Count++] = new Taken { Connection = connection, Start = -1, Applies = true, Event = e, Now = now };
        }

        public void Applied(int connection, in TcpConnection value)
        {
            if (b._steps[Count - 1].Applies) After[Count - 1] = value;
        }
    }

    /// <summary>Replays the recorded steps with the bare transitions; with <paramref name="expected"/>, checks each against the driver's.</summary>
    private long ReplayBare(TcpConnection[]? expected)
    {
        Array.Copy(_initial, _replayed, _initial.Length);
        TcpConnection scratch = default;
        long sum = 0;
        for (int i = 0; i < Recorded; i++)
        {
            ref Taken s = ref _steps[i];
            ref TcpConnection c = ref s.Connection >= 0 ? ref _replayed[s.Connection] : ref scratch;
            if (s.Start >= 0) c = _starts[s.Start];
            if (!s.Applies) continue;
            sum += TcpConnection.ApplyInPlace(ref c, s.Event, s.Now, _out).SegmentCount;
            if (expected is not null && i < Recorded - 1 && c != expected[i])
                throw new InvalidOperationException($"the bare replay parts from the driver at transition {i}");
        }
        return sum;
    }

    private static Network Build(LinkConditions link)
    {
        var net = new Network(1);
        HostId a = net.AddHost(A), b = net.AddHost(B);
        net.SetLinks(a, b, link);
        net.Listen(b, 80, EndpointScript.Server(64));
        for (int i = 0; i < Connections; i++) net.Connect(a, b, 80, TimeSpan.FromMilliseconds(i), EndpointScript.Client(64));
        return net;
    }

    /// <summary>Memory held per established connection pair (client and server records, tables), measured with GC.GetTotalMemory.</summary>
    public static double BytesPerIdleConnection(int connections)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var net = new Network(1);
        HostId b = net.AddHost(B);
        net.Listen(b, 80, EndpointScript.Idle);
        const int PortsPerHost = 16_000; // the dynamic ports 49152-65535 of each client host
        var clients = new HostId[(connections + PortsPerHost - 1) / PortsPerHost];
        for (int h = 0; h < clients.Length; h++) clients[h] = net.AddHost(InlineIPAddress.FromIPv4(0x0A00_0100u + (uint)h));
        for (int i = 0; i < connections; i++) net.Connect(clients[i / PortsPerHost], b, 80, TimeSpan.FromMilliseconds(i % 1000), EndpointScript.Idle);
        net.Run(TimeSpan.FromSeconds(5));
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(net);
        return (after - before) / (double)connections;
    }

    private static Network SteadyNetwork(LinkConditions link)
    {
        var net = new Network(1);
        HostId a = net.AddHost(A), b = net.AddHost(B);
        net.SetLinks(a, b, link);
        net.Listen(b, 80, EndpointScript.Server(int.MaxValue / 2));
        for (int i = 0; i < 100; i++) net.Connect(a, b, 80, TimeSpan.FromMilliseconds(i), EndpointScript.Client(int.MaxValue / 2));
        net.Run(maxEvents: 100_000);
        return net;
    }

    /// <summary>Whole connections through the network driver, perfect link (build, run, TIME-WAIT included).</summary>
    [Benchmark(OperationsPerInvoke = Connections)]
    public long NetworkPerfectLink()
    {
        Network n = Build(LinkConditions.Perfect);
        n.Run();
        return n.Stats.Events;
    }

    /// <summary>The same over a link that loses 1 % of segments.</summary>
    [Benchmark(OperationsPerInvoke = Connections)]
    public long NetworkOnePercentLoss()
    {
        Network n = Build(LinkConditions.Perfect with { Loss = 0.01 });
        n.Run();
        return n.Stats.Events;
    }

    /// <summary>One event of a long run of 100 bulk transfers with 1 % loss (steady state: tables grown, no allocation).</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public long NetworkSteadyEvent()
    {
        // The transfers end after about 440 M events (1 GiB each way): a long default job outlasts them,
        // so a new run starts (about 10 ms and 1 MB once in 44,000 ops: nothing per event to speak of).
        if (_steady.Run(maxEvents: 10_000)) _steady = SteadyNetwork(SteadyLink);
        return _steadyEvents += _steady.Stats.Events;
    }

    /// <summary>
    /// One event of the same 100 bulk transfers over a perfect link: windows open wide, thousands of
    /// segments in flight, each link's deliveries in order (its lane, not the heap, holds them).
    /// </summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public long NetworkSteadyEventInOrder()
    {
        if (_steadyInOrder.Run(maxEvents: 10_000)) _steadyInOrder = SteadyNetwork(LinkConditions.Perfect);
        return _steadyEvents += _steadyInOrder.Stats.Events;
    }

    /// <summary>
    /// The transitions of <see cref="NetworkSteadyEvent"/>'s run, without the driver: the same events,
    /// in the same order, on the same connection values (recorded from an identical network). One op =
    /// one transition; <see cref="NetworkSteadyEvent"/>'s op is one event, and the log line of
    /// <see cref="RecordSteadyTransitions"/> gives transitions per event.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Recorded)]
    public long BareTransitionsOfTheSteadyRun() => ReplayBare(null);

    /// <summary>The same exchange through TcpPair: two endpoints over a perfect channel.</summary>
    [Benchmark]
    public long TcpPairConnection()
    {
        TcpPair p = TcpPair.ClientServer(40000, 80, 5000u, TcpSettings.Linux);
        long sum = 0;
        p = Step(p.Apply(TcpSide.A, TcpEvent.OpenActive(1000u)), ref sum);
        p = Drain(p, ref sum);
        p = Step(p.Apply(TcpSide.A, TcpEvent.Send(64)), ref sum);
        p = Step(p.Apply(TcpSide.B, TcpEvent.Send(64)), ref sum);
        p = Drain(p, ref sum);
        p = Step(p.Apply(TcpSide.A, TcpEvent.Close()), ref sum);
        p = Drain(p, ref sum);
        p = Step(p.Apply(TcpSide.B, TcpEvent.Close()), ref sum);
        p = Drain(p, ref sum);
        p = p.AdvanceTo(p.Now + TimeSpan.FromMinutes(2));
        while (p.TryFireTimer(out TcpPairStep t)) p = Step(t, ref sum);
        return sum;
    }

    private static TcpPair Step(TcpPairStep s, ref long sum)
    {
        sum += s.Transition.Segments.Count;
        return s.Pair;
    }

    private static TcpPair Drain(TcpPair p, ref long sum)
    {
        while (p.TryDeliverNext(out TcpPairStep d)) p = Step(d, ref sum);
        return p;
    }
}
