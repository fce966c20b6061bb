using System;
using System.Collections.Generic;
using System.IO;
using TcpModel.Drivers;
using TcpModel.Wire;

namespace TcpModel.Analysis;

/// <summary>
/// Checks every TCP connection of a capture against the model: replays each connection through two
/// model endpoints (the client is the sender of the first SYN) and decides, frame by frame, whether a
/// conforming TCP could have sent each segment, allowing every ordering a real network allows
/// (segments cross in flight: the sender may not yet have received what the other side sent just
/// before). Also classifies each connection as Zeek (conn_state, history) and Wireshark
/// (tcp.completeness) do.
/// </summary>
/// <remarks>
/// <para>Streaming: feed packets with <see cref="Add(in DecodedPacket)"/> and call <see cref="Finish"/>, or use
/// <see cref="TryCheck(Stream, out CheckReport, out WireError)"/>; for captures of any size,
/// <see cref="TryCheck(Stream, Action{ConnectionCheck}, out CheckTotals, out WireError)"/> hands each
/// connection over as soon as it is decided and forgets it, so memory is bounded by the connections
/// open at once, not by the file. A connection is decided once it has ended (FIN both ways, RST, or
/// both model endpoints closed) and stayed quiet for <see cref="EndedLinger"/> of capture time (a
/// retransmitted FIN or the last ACK may still come), or once it has been silent for
/// <see cref="IdleTimeout"/>; the rest when the capture ends. Per-packet work allocates nothing.</para>
/// <para>How a segment is judged: the sender's model first tries to explain it as it is; if it cannot,
/// the segments the other side sent earlier are delivered to it one at a time (fewest first) until it
/// can (<see cref="TcpJudge.JudgeSend"/> for what the sender chose to send, the replies of
/// <see cref="TcpConnection.OnSegment"/> for a RST answering a segment, and the reply of a port
/// without a socket). A segment seen more than max(4·RTT, 1 ms) before must have arrived (RTT from
/// the handshake at the capture point). A pure ACK that acknowledges nothing new and changes no
/// window must have been prompted by an arrival. Bad checksums are counted, not judged.
/// </para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class CaptureChecker
{
    private readonly List<ConnectionReplay> _replays = new(); // by demultiplexer slot, reused
    private readonly TcpDemultiplexer _demux = new();
    private readonly HistoryStrings _histories = new();
    private readonly PriorityQueue<(int Index, int Slot), long> _due = new(); // every live connection once, by when to look at it again
    private readonly List<ConnectionCheck> _kept = new();
    private Action<ConnectionCheck>? _sink;
    private DecodedPacket[][]? _batches; // DecodeAhead's, kept for the next check
    private long _now = long.MinValue;
    private TimeSpan _endedLinger, _idleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>A checker whose endpoints start from <see cref="TcpSettings.Linux"/> (options from the observed SYNs).</summary>
    public CaptureChecker() : this(TcpSettings.Linux) { }

    /// <summary>A checker whose endpoints start from <paramref name="settings"/> (options from the observed SYNs), expecting Linux's timers.</summary>
    public CaptureChecker(TcpSettings settings) : this(settings, TimingProfile.Linux) { }

    /// <summary>A checker whose endpoints start from <paramref name="settings"/>, expecting the timers of <paramref name="timing"/> (see <see cref="ConnectionCheck.Timing"/>).</summary>
    public CaptureChecker(TcpSettings settings, TimingProfile timing)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (timing is not (TimingProfile.Linux or TimingProfile.Rfc9293)) throw new ArgumentOutOfRangeException(nameof(timing), timing, "Not a timing profile.");
        Settings = settings with { DelayedAckTimeout = settings.DelayedAckTimeout > TimeSpan.Zero ? settings.DelayedAckTimeout : TimeSpan.FromMilliseconds(40) };
        EndedLinger = Settings.Msl * 2;
        Timing = timing;
        _settingsCache = new SettingsCache(Settings, timing);
    }

    private readonly SettingsCache _settingsCache;

    /// <summary>Whose timers the checker expects of retransmissions.</summary>
    public TimingProfile Timing { get; }

    /// <summary>The settings the model endpoints start from.</summary>
    public TcpSettings Settings { get; }

    /// <summary>
    /// How long an ended connection is kept after its last packet before it is decided: 2·MSL of
    /// <see cref="Settings"/> (TIME-WAIT, RFC 9293 §3.10.8), when a late FIN or ACK can still come.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan EndedLinger
    {
        get => _endedLinger;
        set => _endedLinger = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A linger cannot be negative.");
    }

    /// <summary>
    /// How long a connection that has not ended may be silent before it is decided (incomplete): 5
    /// minutes by default, as Zeek's <c>tcp_inactivity_timeout</c>. A later packet then opens a new,
    /// mid-stream connection.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        set => _idleTimeout = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A timeout cannot be negative.");
    }

    /// <summary>Packets fed so far (TCP or not).</summary>
    public long PacketCount { get; private set; }

    /// <summary>Packets that were not TCP or could not be decoded (skipped).</summary>
    public long SkippedCount { get; private set; }

    /// <summary>Connections seen so far.</summary>
    public int ConnectionCount => _demux.ConnectionCount;

    /// <summary>Connections seen and not decided yet (what the checker holds in memory).</summary>
    public int OpenConnectionCount => _demux.LiveConnectionCount;

    /// <summary>Connections decided invalid so far.</summary>
    public int InvalidCount { get; private set; }

    /// <summary>Forgets everything fed so far, keeping the replay slots for reuse.</summary>
    public void Clear()
    {
        _demux.Clear();
        _due.Clear();
        _kept.Clear();
        PacketCount = SkippedCount = 0;
        InvalidCount = 0;
        _now = long.MinValue;
    }

    /// <summary>Feeds one decoded packet (every frame may be fed: non-TCP ones are counted and skipped).</summary>
    public void Add(in DecodedPacket packet)
    {
        PacketCount++;
        if (!packet.IsTcp)
        {
            SkippedCount++;
            return;
        }
        long ns = packet.TimestampNanoseconds;
        if (ns > _now) _now = ns;
        DemuxAssignment a = _demux.Add(packet);
        if (a.OpensConnection)
        {
            while (_replays.Count <= a.Slot) _replays.Add(new ConnectionReplay());
            _replays[a.Slot].Reset(_demux.GetConnection(a.ConnectionIndex), ns, _settingsCache, CaptureAt);
            _due.Enqueue((a.ConnectionIndex, a.Slot), ns + Math.Min(EndedLinger.Ticks, IdleTimeout.Ticks) * 100);
        }
        _replays[a.Slot].Add(packet, a.IsFromClient ? TcpSide.A : TcpSide.B);
        DecideQuiet();
    }

    /// <summary>Decides the connections that have been quiet long enough (see <see cref="EndedLinger"/>, <see cref="IdleTimeout"/>).</summary>
    private void DecideQuiet()
    {
        while (_due.TryPeek(out (int Index, int Slot) c, out long at) && at <= _now)
        {
            _due.Dequeue();
            ConnectionReplay r = _replays[c.Slot];
            bool ended = r.Ended || _demux.GetConnection(c.Index).IsEnded;
            long quietUntil = r.LastNs + (ended ? EndedLinger.Ticks : IdleTimeout.Ticks) * 100;
            if (quietUntil <= _now) Decide(c.Index, c.Slot);
            else _due.Enqueue(c, quietUntil);
        }
    }

    /// <summary>Replays what is still in flight, reports the connection and forgets it.</summary>
    private void Decide(int index, int slot)
    {
        ConnectionCheck check = _replays[slot].Decide(_demux.GetConnection(index), _histories);
        if (check.Verdict == CheckVerdict.Invalid) InvalidCount++;
        _demux.Forget(index);
        if (_sink is not null) _sink(check);
        else _kept.Add(check);
    }

    /// <summary>Ends the capture: decides every connection still open (in order of first packet) and gives the report of all connections not handed to a sink, in order of first packet.</summary>
    public CheckReport Finish()
    {
        DecideAll();
        _kept.Sort((a, b) => a.Connection.Index.CompareTo(b.Connection.Index));
        var report = new CheckReport(_kept.ToArray(), PacketCount, SkippedCount);
        _kept.Clear();
        return report;
    }

    private void DecideAll()
    {
        var open = new List<(int Index, int Slot)>(_due.Count);
        while (_due.TryDequeue(out (int Index, int Slot) c, out _)) open.Add(c);
        open.Sort((a, b) => a.Index.CompareTo(b.Index));
        foreach (var (index, slot) in open) Decide(index, slot);
    }

    private static bool IsEnded(TcpState s) => s is TcpState.Closed or TcpState.TimeWait;

    /// <summary>Reads a whole pcap or pcapng stream and checks it.</summary>
    /// <returns>False when the capture is malformed (<paramref name="error"/> says where); the connections read up to there are still in <paramref name="report"/>.</returns>
    public bool TryCheck(Stream stream, out CheckReport report, out WireError error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Clear();
        error = AddAll(stream);
        report = Finish();
        return !error.IsError;
    }

    /// <summary>
    /// Reads a whole pcap or pcapng stream and hands each connection to <paramref name="onConnection"/>
    /// as soon as it is decided, keeping none: memory stays bounded by the connections open at once.
    /// Connections come in the order they are decided (each knows its number,
    /// <see cref="CapturedConnection.Index"/>); those still open at the end come last, in order of first packet.
    /// </summary>
    /// <returns>False when the capture is malformed (<paramref name="error"/> says where); the connections read up to there were still handed over.</returns>
    public bool TryCheck(Stream stream, Action<ConnectionCheck> onConnection, out CheckTotals totals, out WireError error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onConnection);
        Clear();
        _sink = onConnection;
        try
        {
            error = AddAll(stream);
            DecideAll();
        }
        finally
        {
            _sink = null;
        }
        totals = new CheckTotals(PacketCount, SkippedCount, ConnectionCount, InvalidCount);
        return !error.IsError;
    }

    /// <summary>
    /// Reads and decodes the capture on a second thread, a few batches of packets ahead of the check
    /// (the same packets in the same order: the results do not change). On by default when the machine
    /// has more than one processor; the reading, checksumming and decoding then run beside the check.
    /// </summary>
    public bool DecodeAhead { get; set; } = Environment.ProcessorCount > 1;

    /// <summary>
    /// Where the capture was taken, when you know it: every connection is read as captured there
    /// (<see cref="CaptureSite.Client"/>, <see cref="CaptureSite.Server"/>, <see cref="CaptureSite.Middle"/>,
    /// <see cref="CaptureSite.Both"/>). <see cref="CaptureSite.Unknown"/> (the default): each
    /// connection's handshake timing says (see docs/checking.md). It decides which losses are possible.
    /// </summary>
    public CaptureSite CaptureAt { get; set; }

    /// <summary>Feeds every packet of <paramref name="stream"/>; what the reader reports at the end.</summary>
    private WireError AddAll(Stream stream)
    {
        using var reader = new CaptureReader(stream, leaveOpen: true);
        if (!DecodeAhead)
        {
            while (reader.TryReadNextPacket(out DecodedPacket p)) Add(p);
            return reader.Error;
        }
        using var ahead = new DecodeAhead(reader, _batches ??= Analysis.DecodeAhead.NewBatches());
        while (ahead.TryNextBatch(out ReadOnlySpan<DecodedPacket> packets))
        {
            foreach (ref readonly DecodedPacket p in packets) Add(p);
            ahead.Release();
        }
        return ahead.Error;
    }
}
