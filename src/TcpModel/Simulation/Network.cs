using System;
using System.Collections.Generic;
using System.IO;
using TcpModel.Wire;

namespace TcpModel.Simulation;

/// <summary>
/// A deterministic discrete-event network of hosts running the model's TCP: links with faults per
/// direction (<see cref="LinkConditions"/>, <see cref="SegmentFault"/>), a virtual clock, and small
/// applications (<see cref="EndpointScript"/>). One event queue holds deliveries, timers (each
/// connection's <see cref="TcpConnection.NextDeadline"/>) and scheduled user calls; nothing reads the
/// wall clock, and the same seed and inputs give the same run, bit for bit.
/// </summary>
/// <remarks>
/// <para>Connections live in one flat array of <see cref="TcpConnection"/> values changed in place
/// (<see cref="TcpConnection.ApplyInPlace"/>); segments in flight in a pool of slots. Once the tables
/// have grown, an event allocates nothing unless <see cref="RecordTrace"/> is on.</para>
/// <para>A listener (<see cref="Listen"/>) answers each SYN with a new connection made from a passive
/// OPEN, as RFC 9293 §3.10.1 has it (no queue limits). A segment to a port with nothing there is
/// answered as a CLOSED TCB answers it (§3.10.7.1): the model's own CLOSED state decides.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed partial class Network
{
    private const long NoTime = Tcb.NoDeadline; // a connection's deadlines are read raw
    private const ushort FirstEphemeralPort = 49152; // RFC 6335 §6: the dynamic ports

    private struct Host
    {
        public InlineIPAddress Address;
        public TcpSettings Settings;
        public ushort NextPort;
    }

    private struct Conn
    {
        public TcpConnection Tcp;
        public int Host;
        public int RemoteHost;
        public InlineIPAddress RemoteAddress;
        public int Peer;
        public long TimerAt;
        public EndpointScript Script;
        public long BytesSent, BytesReceived;
        public SeqNum HighestSent; // one past the highest sequence number sent, to count retransmissions
        public bool SentAny, IsClient, InTable, PeerClosed;
        public int Listener;       // the listener that made it, or −1
        public ListenerPhase Phase;
        public long OpenedAt, ConnectedAt;
        public int LinkPlusOne;    // its link to the remote host, + 1 (0: not looked up yet)
    }

    /// <summary>A connection's key: the local host and port, the remote address and port; one multiply per field to hash.</summary>
    private readonly record struct Endpoints(int Host, ushort Port, InlineIPAddress Remote, ushort RemotePort)
    {
        public override int GetHashCode()
        {
            ulong h = Remote.Mix() + ((ulong)(uint)Host << 32 | (uint)Port << 16 | RemotePort) * 0x94D049BB133111EBUL;
            return (int)(h ^ (h >> 32));
        }
    }

    private struct Packet
    {
        public TcpEvent Arrival; // its segment's arrival, made when it is sent: handed to the model as it is
        public readonly TcpSegment Segment => Arrival._segment;
        public InlineIPAddress Source, Destination;
        public int From, To, Sender; // hosts (−1: an address outside the network) and the sending connection (−1: none)
        public int NextFree;
    }

    private struct Link
    {
        public LinkConditions Conditions;
        public bool HasPartitions; // read once: a segment makes no interface call for the usual none
        public bool Bad;          // Gilbert–Elliott state
        public long[] Departures; // ring of departure times of the segments queued (with a rate)
        public int Head, Queued;
        public long LastDeparture;
    }

    private Host[] _hosts = new Host[4];
    private int _hostCount;
    private Conn[] _conns = new Conn[16];
    private int _connCount;
    private readonly Stack<int> _freeConns = new(); // records of half-open entries that never connected, for reuse
    private Packet[] _packets = new Packet[64];
    private int _freePacket = -1, _packetCount;
    private (int Connection, TcpEvent Call)[] _calls = new (int, TcpEvent)[16];
    private readonly Stack<int> _freeCalls = new();
    private int _callCount;
    private readonly Dictionary<Endpoints, int> _byTuple = new();

    private readonly Dictionary<InlineIPAddress, int> _hostByAddress = new();
    private readonly Dictionary<(int From, int To), int> _linkIndex = new(); // into _links
    private readonly RefList<Link> _links = new();
    private readonly List<SegmentFault> _faults = new();
    private readonly List<long> _faultMatches = new(); // segments each fault has matched so far
    private readonly List<NetworkTraceEntry> _trace = new();
    private readonly EventQueue _queue = new();
    private readonly TcpSegment[] _out = new TcpSegment[TcpConnection.MaxSegmentsPerTransition];
    private SimRandom _random;
    private SeededIsnGenerator _isn;
    private long _now;
    private long _events, _sent, _delivered, _lost, _duplicated, _retransmissions, _closedPortResets;

    /// <summary>A network whose randomness (faults, ISNs) comes from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed: the same seed and inputs give the same run.</param>
    /// <param name="settings">The hosts' TCP settings unless a host has its own; <see cref="TcpSettings.Linux"/> by default.</param>
    public Network(ulong seed = 0, TcpSettings? settings = null)
    {
        Seed = seed;
        Settings = settings ?? TcpSettings.Linux;
        Settings.Validate();
        _random = new SimRandom(seed);
        _isn = new SeededIsnGenerator(seed ^ 0x5DEECE66DUL);
    }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>The default settings of hosts.</summary>
    public TcpSettings Settings { get; }

    /// <summary>The conditions of a link direction not set with <see cref="SetLink"/>.</summary>
    public LinkConditions DefaultLink { get; set; } = LinkConditions.Perfect;

    /// <summary>Whether every segment sent, delivered and lost is recorded in <see cref="Trace"/> (off by default: a trace grows with the run).</summary>
    public bool RecordTrace { get; set; }

    /// <summary>The virtual clock: the time of the event being (or last) processed.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(_now);

    /// <summary>Hosts added so far.</summary>
    public int HostCount => _hostCount;

    /// <summary>
    /// Connection records: clients and the connections listeners made. A listener's half-open entry that
    /// never connected is forgotten when it goes (timed out, reset, recycled) and its number reused.
    /// </summary>
    public int ConnectionCount => _connCount;

    /// <summary>Events waiting in the queue.</summary>
    public int PendingEvents => _queue.Count;

    /// <summary>The trace so far (empty unless <see cref="RecordTrace"/>).</summary>
    public IReadOnlyList<NetworkTraceEntry> Trace => _trace;

    /// <summary>Counts so far.</summary>
    public NetworkStats Stats => new(_events, _sent, _delivered, _lost, _duplicated, _retransmissions, _closedPortResets);

    /// <summary>
    /// For the benchmarks that set the driver beside the bare transitions it makes: told each connection
    /// value it starts, each event it applies to one, and the value after (see <see cref="Transition"/>).
    /// </summary>
    internal ITransitionObserver? Observer;

    /// <summary>Called after a transition that told its user something (after the endpoint's script ran).</summary>
    public Action<Network, ConnectionId, TcpNotice>? NoticeReceived { get; set; }

    /// <summary>Adds a host.</summary>
    /// <exception cref="ArgumentException">The address is unset or already used.</exception>
    public HostId AddHost(InlineIPAddress address, TcpSettings? settings = null)
    {
        if (address.Version == 0) throw new ArgumentException("A host needs an address.", nameof(address));
        if (_hostByAddress.ContainsKey(address)) throw new ArgumentException($"Address {address} is already a host.", nameof(address));
        settings?.Validate();
        if (_hostCount == _hosts.Length) Array.Resize(ref _hosts, _hosts.Length * 2);
        _hosts[_hostCount] = new Host { Address = address, Settings = settings ?? Settings, NextPort = FirstEphemeralPort };
        _hostByAddress[address] = _hostCount;
        return new HostId(_hostCount++);
    }

    /// <summary>Sets the conditions of the link direction <paramref name="from"/> → <paramref name="to"/>.</summary>
    public void SetLink(HostId from, HostId to, LinkConditions conditions)
    {
        CheckHost(from);
        CheckHost(to);
        ArgumentNullException.ThrowIfNull(conditions);
        conditions.Validate();
        LinkRef(from.Index, to.Index) = NewLink(conditions);
    }

    /// <summary>Sets both directions between <paramref name="a"/> and <paramref name="b"/> to <paramref name="conditions"/>.</summary>
    public void SetLinks(HostId a, HostId b, LinkConditions conditions)
    {
        SetLink(a, b, conditions);
        SetLink(b, a, conditions);
    }

    /// <summary>Adds a scripted fault.</summary>
    public void AddFault(SegmentFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault.Validate();
        CheckHost(fault.From);
        _faults.Add(fault);
        _faultMatches.Add(0);
    }

    /// <summary>
    /// An active OPEN at <paramref name="at"/> from <paramref name="client"/> (next ephemeral port) to
    /// <paramref name="server"/>:<paramref name="port"/>, run by <paramref name="script"/>.
    /// </summary>
    public ConnectionId Connect(HostId client, HostId server, ushort port, TimeSpan at, EndpointScript? script = null)
    {
        CheckHost(client);
        CheckHost(server);
        if (at < Now) throw new ArgumentOutOfRangeException(nameof(at), at, "The time has passed.");
        script ??= EndpointScript.Client(0);
        script.Validate();
        ref Host h = ref _hosts[client.Index];
        ushort local = h.NextPort;
        h.NextPort = local == ushort.MaxValue ? FirstEphemeralPort : (ushort)(local + 1);
        _isn = _isn.Next(out SeqNum iss);
        int c = NewConnection(TcpConnection.Create(local, port, h.Settings), client.Index, server.Index, _hosts[server.Index].Address, script, isClient: true);
        _conns[c].OpenedAt = at.Ticks;
        Schedule(at, new ConnectionId(c), TcpEvent.OpenActive(iss));
        if (script.AbortAt is TimeSpan abort) Schedule(abort, new ConnectionId(c), TcpEvent.Abort());
        return new ConnectionId(c);
    }

    /// <summary>Schedules a user call (or any event) on a connection.</summary>
    public void Schedule(TimeSpan at, ConnectionId connection, in TcpEvent e)
    {
        CheckConnection(connection);
        if (at < Now) throw new ArgumentOutOfRangeException(nameof(at), at, "The time has passed.");
        int slot;
        if (_freeCalls.Count > 0) slot = _freeCalls.Pop();
        else
        {
            if (_callCount == _calls.Length) Array.Resize(ref _calls, _calls.Length * 2);
            slot = _callCount++;
        }
        _calls[slot] = (connection.Index, e);
        _queue.Push(at.Ticks, SimEventKind.Call, slot);
    }

    /// <summary>One connection as it is now.</summary>
    public NetworkConnection GetConnection(ConnectionId connection)
    {
        CheckConnection(connection);
        ref Conn c = ref _conns[connection.Index];
        return new NetworkConnection(connection, new HostId(c.Host), c.RemoteAddress, c.Peer >= 0 ? new ConnectionId(c.Peer) : null,
            c.Tcp, c.BytesSent, c.BytesReceived, c.IsClient, c.PeerClosed, TimeSpan.FromTicks(c.OpenedAt),
            c.ConnectedAt == NoTime ? null : TimeSpan.FromTicks(c.ConnectedAt));
    }

    /// <summary>The address of a host.</summary>
    public InlineIPAddress AddressOf(HostId host)
    {
        CheckHost(host);
        return _hosts[host.Index].Address;
    }

    /// <summary>Processes the next event; false when there is none.</summary>
    public bool RunNext()
    {
        while (_queue.Count > 0)
            if (Step(_queue.Peek(out bool timer), timer)) return true;
        return false;
    }

    /// <summary>
    /// The next event processed, or a timer check that finds nothing due (false: it passes no time and
    /// is no event): a deadline that moved later moves its entry (see <see cref="ArmTimer"/>).
    /// </summary>
    private bool Step(in SimEvent next, bool timer)
    {
        if (timer && !TimerDue(next.Index, next.Time)) return false;
        SimEvent e = _queue.Pop(timer);
        _now = e.Time;
        _events++;
        switch (e.Kind)
        {
            case SimEventKind.Deliver: Deliver(e.Index); break;
            case SimEventKind.Timer: Apply(e.Index, TcpEvent.Timer()); break;
            case SimEventKind.Accept: AcceptOne(e.Index); break;
            case SimEventKind.Flood: FloodNext(e.Index); break;
            default:
                (int c, TcpEvent call) = _calls[e.Index];
                _calls[e.Index] = default;
                _freeCalls.Push(e.Index);
                Apply(c, call);
                break;
        }
        return true;
    }

    /// <summary>Runs until nothing is left to do, or until <paramref name="until"/> of simulated time, or <paramref name="maxEvents"/> events.</summary>
    /// <returns>Whether the run ended because nothing was left to do.</returns>
    public bool Run(TimeSpan? until = null, long maxEvents = long.MaxValue)
    {
        long limit = until?.Ticks ?? NoTime;
        for (long n = 0; n < maxEvents;)
        {
            if (_queue.Count == 0) return true;
            ref readonly SimEvent next = ref _queue.Peek(out bool timer);
            if (next.Time > limit)
            {
                _now = limit;
                return false;
            }
            if (Step(next, timer)) n++;
        }
        return _queue.Count == 0;
    }

    /// <summary>Writes the trace as a pcap (raw IP, nanosecond timestamps); needs <see cref="RecordTrace"/>.</summary>
    public void WritePcap(Stream stream, CapturePoint point = CapturePoint.Senders)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new PcapWriter(stream, LinkType.Raw, nanosecondResolution: true, leaveOpen: true);
        foreach (NetworkTraceEntry t in _trace)
        {
            bool captured = point == CapturePoint.Senders ? t.Kind != NetworkTraceKind.Delivered : t.Kind == NetworkTraceKind.Delivered;
            if (captured) writer.WriteSegment(t.Time.Ticks * 100, t.Source, t.Destination, t.Segment);
        }
    }

    // ------------------------------------------------------------------ connections

    private int NewConnection(in TcpConnection tcp, int host, int remoteHost, InlineIPAddress remote, EndpointScript script, bool isClient, int listener = -1)
    {
        int c;
        if (_freeConns.Count > 0) c = _freeConns.Pop();
        else
        {
            if (_connCount == _conns.Length) Array.Resize(ref _conns, _conns.Length * 2);
            c = _connCount++;
        }
        _conns[c] = new Conn
        {
            Tcp = tcp, Host = host, RemoteHost = remoteHost, RemoteAddress = remote, Peer = -1, TimerAt = NoTime,
            Script = script, IsClient = isClient, InTable = false, Listener = listener, OpenedAt = _now, ConnectedAt = NoTime,
        };
        Observer?.Started(c, tcp);
        return c;
    }

    private const int NotArrival = int.MinValue;

    /// <summary>One event on a connection; <paramref name="arrivalFrom"/> is the sending host of an arriving segment (for the trace).</summary>
    private void Apply(int c, in TcpEvent e, int arrivalFrom = NotArrival)
    {
        ref Conn conn = ref _conns[c];
        TcpState before = conn.Tcp.State;
        TcpOutcome o = Transition(c, ref conn.Tcp, e);
        if (e.Kind == TcpEventKind.Send && o.Error == TcpError.None) conn.BytesSent += e.Length;
        if (e.Kind == TcpEventKind.Receive) conn.BytesReceived += o.BytesAccepted;
        // Leaving CLOSED (an active OPEN) or LISTEN (a listener's entry taking its SYN), the 4-tuple is known.
        if (!conn.InTable && before is TcpState.Closed or TcpState.Listen && conn.Tcp.State is not (TcpState.Closed or TcpState.Listen)) List(c);
        if (arrivalFrom != NotArrival && RecordTrace) Record(NetworkTraceKind.Delivered, c, arrivalFrom, conn.Host, conn.RemoteAddress, _hosts[conn.Host].Address, e.Segment, o.Rule);
        for (int i = 0; i < o.SegmentCount; i++) Send(c, _out[i], o.Rule);
        if (conn.Tcp.State is TcpState.Closed or TcpState.Listen && conn.InTable) Unlist(c);
        ArmTimer(c);
        if (conn.Listener >= 0 && conn.Phase == ListenerPhase.HalfOpen && conn.Tcp.State != TcpState.SynReceived && !LeftSynReceived(c)) return;
        if (o.Notice != TcpNotice.None) React(c, o.Notice);
    }

    /// <summary>One transition of connection <paramref name="c"/> (−1: of a value for the moment, a closed port or a listener answering), told to the benchmarks' hooks.</summary>
    private TcpOutcome Transition(int c, ref TcpConnection tcp, in TcpEvent e)
    {
        ITransitionObserver? observer = Observer;
        if (observer is null) return TcpConnection.ApplyInPlace(ref tcp, e, Now, _out);
        if (c < 0) observer.Started(-1, tcp);
        observer.Applying(c, e, Now);
        TcpOutcome o = TcpConnection.ApplyInPlace(ref tcp, e, Now, _out);
        observer.Applied(c, tcp);
        return o;
    }

    private void List(int c)
    {
        ref Conn conn = ref _conns[c];
        var key = new Endpoints(conn.Host, conn.Tcp.LocalPort, conn.RemoteAddress, conn.Tcp.RemotePort);
        // InTable means listed: a connection the new one displaces (a new incarnation of its 4-tuple) is not.
        if (_byTuple.TryGetValue(key, out int old) && old != c) _conns[old].InTable = false;
        _byTuple[key] = c;
        conn.InTable = true;
    }

    private void Unlist(int c)
    {
        ref Conn conn = ref _conns[c];
        var key = new Endpoints(conn.Host, conn.Tcp.LocalPort, conn.RemoteAddress, conn.Tcp.RemotePort);
        if (_byTuple.TryGetValue(key, out int listed) && listed == c) _byTuple.Remove(key);
        conn.InTable = false;
    }

    /// <summary>Keeps one timer event queued for the connection's earliest deadline, moved up when it comes sooner (a later deadline waits for the event to look again).</summary>
    private void ArmTimer(int c)
    {
        ref Conn conn = ref _conns[c];
        long next = conn.Tcp._tcb.NextDeadline;
        if (next >= conn.TimerAt) return;
        conn.TimerAt = next;
        _queue.Push(next, SimEventKind.Timer, c);
    }

    /// <summary>
    /// Whether the next event, connection <paramref name="c"/>'s timer check, finds a deadline due (then
    /// the caller pops it). If not, it goes, or moves to the later deadline in place (what popping it and
    /// arming the timer again would do, in one sift).
    /// </summary>
    private bool TimerDue(int c, long at)
    {
        ref Conn conn = ref _conns[c];
        long due = conn.Tcp._tcb.NextDeadline;
        if (due <= at || due == NoTime)
        {
            conn.TimerAt = NoTime;
            if (due <= at) return true;
            _queue.Pop(); // nothing left to time
            return false;
        }
        conn.TimerAt = due;
        _queue.DelayNextTimer(due);
        return false;
    }

    /// <summary>The application's script, then the user's hook.</summary>
    private void React(int c, TcpNotice notice)
    {
        EndpointScript s = _conns[c].Script;
        if ((notice & TcpNotice.DataReceived) != 0 && s.Reads && _conns[c].Tcp.ReceiveQueued > 0)
            Apply(c, TcpEvent.Receive((int)Math.Min(int.MaxValue, _conns[c].Tcp.ReceiveQueued)));
        if ((notice & TcpNotice.Connected) != 0)
        {
            _conns[c].ConnectedAt = _now;
            if (s.SendOnConnected > 0) Apply(c, TcpEvent.Send(s.SendOnConnected));
            if (s.CloseAfterSending) Apply(c, TcpEvent.Close());
        }
        if ((notice & TcpNotice.PeerClosing) != 0)
        {
            _conns[c].PeerClosed = true;
            if (s.SendOnPeerClosing > 0) Apply(c, TcpEvent.Send(s.SendOnPeerClosing));
            if (s.CloseOnPeerClosing) Apply(c, TcpEvent.Close());
        }
        NoticeReceived?.Invoke(this, new ConnectionId(c), notice);
    }

    // ------------------------------------------------------------------ the network

    private void Send(int c, in TcpSegment seg, TcpRule rule)
    {
        ref Conn conn = ref _conns[c];
        Send(c, seg, conn.Host, conn.RemoteHost, conn.RemoteAddress, rule);
    }

    /// <summary>A segment sent by connection <paramref name="c"/> (−1: by the host itself, for a port with no connection).</summary>
    private void Send(int c, in TcpSegment seg, int from, int to, InlineIPAddress destination, TcpRule rule)
    {
        _sent++;
        if (c >= 0 && seg.SegmentLength > 0)
        {
            ref Conn conn = ref _conns[c];
            SeqNum end = seg.Seq + (int)seg.SegmentLength;
            if (conn.SentAny && seg.Seq < conn.HighestSent) _retransmissions++;
            if (!conn.SentAny || end > conn.HighestSent) conn.HighestSent = end;
            conn.SentAny = true;
        }
        Transmit(from, to, AddressOf(from), destination, c, seg, rule);
    }

    private InlineIPAddress AddressOf(int host) => _hosts[host].Address;

    /// <summary>A segment leaves host <paramref name="from"/> for <paramref name="to"/>: the link decides whether and when it arrives.</summary>
    private void Transmit(int from, int to, InlineIPAddress source, InlineIPAddress destination, int sender, in TcpSegment seg, TcpRule rule)
    {
        if (to < 0)
        {
            // An address outside the network (a spoofed source): nothing there to receive it.
            _lost++;
            if (RecordTrace) Record(NetworkTraceKind.Lost, sender, from, to, source, destination, seg, rule, NetworkDropReason.NoHost);
            return;
        }

        int li = sender >= 0 && _conns[sender].Host == from && _conns[sender].RemoteHost == to ? LinkIndexOf(sender) : LinkIndex(from, to);
        ref Link link = ref _links[li];
        LinkConditions lc = link.Conditions;
        long extra = 0;
        NetworkDropReason drop = NetworkDropReason.None;
        for (int i = 0; i < _faults.Count; i++)
        {
            SegmentFault f = _faults[i];
            if (f.From.Index != from || (seg.Flags & f.Flags) != f.Flags) continue;
            if (++_faultMatches[i] != f.Occurrence) continue;
            if (f.Action == SegmentFaultAction.Drop) drop = NetworkDropReason.Scripted;
            else extra += f.By.Ticks;
        }
        if (link.HasPartitions)
        {
            IReadOnlyList<Partition> partitions = lc.Partitions;
            for (int i = 0; drop == NetworkDropReason.None && i < partitions.Count; i++)
                if (_now >= partitions[i].From.Ticks && _now < partitions[i].Until.Ticks) drop = NetworkDropReason.Partition;
        }
        int ipLength = lc.Mtu > 0 || lc.Rate > 0 ? TcpPacketBuilder.GetPacketLength(source, seg) : 0; // only a size limit or a rate needs it
        if (drop == NetworkDropReason.None && lc.Mtu > 0 && ipLength > lc.Mtu) drop = NetworkDropReason.Mtu;
        if (drop == NetworkDropReason.None && Lost(ref link)) drop = NetworkDropReason.Loss;
        long departure = _now;
        if (drop == NetworkDropReason.None && lc.Rate > 0 && !TryQueue(ref link, ipLength, out departure)) drop = NetworkDropReason.QueueFull;
        if (drop != NetworkDropReason.None)
        {
            _lost++;
            if (RecordTrace) Record(NetworkTraceKind.Lost, sender, from, to, source, destination, seg, rule, drop);
            return;
        }
        if (RecordTrace) Record(NetworkTraceKind.Sent, sender, from, to, source, destination, seg, rule);
        ScheduleArrival(departure + extra + (_random.Chance(lc.Reorder) ? 0 : DelayOf(lc)), li, from, to, source, destination, sender, seg);
        if (_random.Chance(lc.Duplicate))
        {
            _duplicated++;
            ScheduleArrival(departure + extra + DelayOf(lc), li, from, to, source, destination, sender, seg);
        }
    }

    /// <summary>The link a connection sends on, looked up once (links keep their index).</summary>
    private int LinkIndexOf(int c)
    {
        ref Conn conn = ref _conns[c];
        if (conn.LinkPlusOne == 0) conn.LinkPlusOne = LinkIndex(conn.Host, conn.RemoteHost) + 1;
        return conn.LinkPlusOne - 1;
    }

    private int LinkIndex(int from, int to)
    {
        if (!_linkIndex.TryGetValue((from, to), out int i))
        {
            _linkIndex.Add((from, to), i = _links.Count);
            _links.Add(NewLink(DefaultLink));
        }
        return i;
    }

    private ref Link LinkRef(int from, int to) => ref _links[LinkIndex(from, to)];

    private static Link NewLink(LinkConditions c) =>
        new() { Conditions = c, HasPartitions = c.Partitions.Count > 0, Departures = new long[Math.Min(c.Limit, 1 << 16)] };

    private bool Lost(ref Link link)
    {
        LinkConditions lc = link.Conditions;
        if (lc.LossModel is GilbertElliott ge)
        {
            link.Bad = link.Bad ? !_random.Chance(ge.R) : _random.Chance(ge.P);
            return _random.Chance(link.Bad ? ge.LossInBad : ge.LossInGood);
        }
        return _random.Chance(lc.Loss);
    }

    /// <summary>With a rate, segments leave one after another; at most <see cref="LinkConditions.Limit"/> wait (tail drop, as netem's limit).</summary>
    private bool TryQueue(ref Link link, int bytes, out long departure)
    {
        long[] ring = link.Departures;
        while (link.Queued > 0 && ring[link.Head] <= _now)
        {
            link.Head = (link.Head + 1) % ring.Length;
            link.Queued--;
        }
        if (link.Queued >= ring.Length)
        {
            departure = 0;
            return false;
        }
        long tx = (long)Math.Ceiling(bytes * 8.0 * TimeSpan.TicksPerSecond / link.Conditions.Rate);
        departure = Math.Max(_now, link.LastDeparture) + tx;
        link.LastDeparture = departure;
        ring[(link.Head + link.Queued) % ring.Length] = departure;
        link.Queued++;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private long DelayOf(LinkConditions lc) => lc.Jitter > TimeSpan.Zero ? Jittered(lc) : Math.Max(0, lc.Delay.Ticks);

    private long Jittered(LinkConditions lc)
    {
        double j = lc.JitterDistribution == JitterDistribution.Normal ? _random.NextNormal() : 2 * _random.NextDouble() - 1;
        return Math.Max(0, lc.Delay.Ticks + (long)(j * lc.Jitter.Ticks));
    }

    /// <summary>A packet on its way over link <paramref name="link"/>, its delivery in the link's lane (see <see cref="EventQueue.PushInLane"/>).</summary>
    private void ScheduleArrival(long at, int link, int from, int to, InlineIPAddress source, InlineIPAddress destination, int sender, in TcpSegment seg)
    {
        int slot;
        if (_freePacket >= 0)
        {
            slot = _freePacket;
            _freePacket = _packets[slot].NextFree;
        }
        else
        {
            if (_packetCount == _packets.Length) Array.Resize(ref _packets, _packets.Length * 2);
            slot = _packetCount++;
        }
        ref Packet p = ref _packets[slot]; // field by field: no packet built aside and copied in
        p.Arrival = TcpEvent.Arrive(seg);
        p.Source = source;
        p.Destination = destination;
        p.From = from;
        p.To = to;
        p.Sender = sender;
        p.NextFree = -1;
        _queue.PushInLane(Math.Max(at, _now), slot, link);
    }

    private void Deliver(int slot)
    {
        _delivered++;
        // Read in place, the slot freed after: what the delivery sends takes other slots (and growing
        // the pool leaves this packet as it is in the old array).
        Deliver(in _packets[slot]);
        _packets[slot].NextFree = _freePacket;
        _freePacket = slot;
    }

    private void Deliver(in Packet p)
    {
        ref readonly TcpSegment seg = ref p.Arrival._segment;
        if (IsPeerOf(p.Sender, p, seg, out int c) || _byTuple.TryGetValue(new Endpoints(p.To, seg.DestinationPort, p.Source, seg.SourcePort), out c))
        {
            JoinPeer(c, p.Sender);
            if (_conns[c].Listener >= 0 && _conns[c].Phase == ListenerPhase.HalfOpen && AcceptQueueOverflow(c, p)) return;
            Apply(c, p.Arrival, arrivalFrom: p.From);
            return;
        }
        if (_listenerAt.TryGetValue((p.To, seg.DestinationPort), out int listener))
        {
            ToListener(listener, p);
            return;
        }
        AnswerAsClosed(p, counted: true);
    }

    /// <summary>
    /// The connection a segment goes to without the 4-tuple table: its sender's peer, when that is
    /// still the one listed for the segment's ends (what the table would give).
    /// </summary>
    private bool IsPeerOf(int sender, in Packet p, in TcpSegment seg, out int c)
    {
        c = sender >= 0 ? _conns[sender].Peer : -1;
        if (c < 0) return false;
        ref Conn conn = ref _conns[c];
        return conn.InTable && conn.Host == p.To && conn.Tcp.LocalPort == seg.DestinationPort && conn.Tcp.RemotePort == seg.SourcePort && conn.RemoteAddress == p.Source;
    }

    /// <summary>What a CLOSED TCB answers (RFC 9293 §3.10.7.1), from the model itself: the host's own reply for a port with nothing there.</summary>
    private void AnswerAsClosed(in Packet p, bool counted)
    {
        TcpSegment seg = p.Segment;
        TcpConnection closed = TcpConnection.Create(seg.DestinationPort, seg.SourcePort, _hosts[p.To].Settings);
        TcpOutcome r = Transition(-1, ref closed, TcpEvent.Arrive(seg));
        if (RecordTrace) Record(NetworkTraceKind.Delivered, -1, p.From, p.To, p.Source, p.Destination, seg, r.Rule, state: TcpState.Closed);
        for (int i = 0; i < r.SegmentCount; i++)
        {
            if (counted) _closedPortResets++;
            Send(-1, _out[i], p.To, p.From, p.Source, r.Rule);
        }
    }

    private void JoinPeer(int c, int sender)
    {
        if (sender < 0) return;
        ref Conn conn = ref _conns[c], from = ref _conns[sender];
        if (from.Host < 0) return;
        if (conn.Peer < 0) conn.Peer = sender;
        if (from.Peer < 0) from.Peer = c;
    }

    private void Record(NetworkTraceKind kind, int c, int from, int to, InlineIPAddress source, InlineIPAddress destination, in TcpSegment seg, TcpRule rule,
        NetworkDropReason drop = NetworkDropReason.None, TcpState? state = null)
    {
        _trace.Add(new NetworkTraceEntry(Now, kind, c >= 0 ? new ConnectionId(c) : null, state ?? (c >= 0 ? _conns[c].Tcp.State : TcpState.Closed),
            new HostId(from), new HostId(to), source, destination, seg, rule, drop));
    }

    private void CheckHost(HostId h)
    {
        if ((uint)h.Index >= (uint)_hostCount) throw new ArgumentOutOfRangeException(nameof(h), h.Index, "No such host.");
    }

    private void CheckConnection(ConnectionId c)
    {
        if ((uint)c.Index >= (uint)_connCount) throw new ArgumentOutOfRangeException(nameof(c), c.Index, "No such connection.");
    }
}

/// <summary>What <see cref="Network.Observer"/> is told of each transition: the connection's number (−1: a value for the moment, a closed port or a listener answering).</summary>
internal interface ITransitionObserver
{
    void Started(int connection, in TcpConnection value);
    void Applying(int connection, in TcpEvent e, TimeSpan now);
    void Applied(int connection, in TcpConnection value);
}
