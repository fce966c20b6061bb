using System;
using System.Collections.Generic;
using System.IO;
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
/// <see cref="TryCheck(Stream, out CheckReport, out WireError)"/>. Per-packet work allocates nothing; memory grows with the number
/// of connections (one replay slot each, reused by the next capture after <see cref="Clear"/>).</para>
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
    private readonly List<ConnectionReplay> _slots = new();
    private readonly TcpDemultiplexer _demux = new();
    private readonly HistoryStrings _histories = new();
    private int _used;

    /// <summary>A checker whose endpoints start from <see cref="TcpSettings.Linux"/> (options from the observed SYNs).</summary>
    public CaptureChecker() : this(TcpSettings.Linux) { }

    /// <summary>A checker whose endpoints start from <paramref name="settings"/> (options from the observed SYNs).</summary>
    public CaptureChecker(TcpSettings settings)
    {
        settings.Validate();
        Settings = settings with { DelayedAckTimeout = settings.DelayedAckTimeout > TimeSpan.Zero ? settings.DelayedAckTimeout : TimeSpan.FromMilliseconds(40) };
    }

    /// <summary>The settings the model endpoints start from.</summary>
    public TcpSettings Settings { get; }

    /// <summary>Packets fed so far (TCP or not).</summary>
    public long PacketCount { get; private set; }

    /// <summary>Packets that were not TCP or could not be decoded (skipped).</summary>
    public long SkippedCount { get; private set; }

    /// <summary>Connections seen so far.</summary>
    public int ConnectionCount => _used;

    /// <summary>Forgets everything fed so far, keeping the replay slots for reuse.</summary>
    public void Clear()
    {
        _demux.Clear();
        _used = 0;
        PacketCount = SkippedCount = 0;
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
        DemuxAssignment a = _demux.Add(packet);
        ConnectionReplay r;
        if (a.OpensConnection)
        {
            if (_used == _slots.Count) _slots.Add(new ConnectionReplay());
            r = _slots[_used++];
            r.Reset(_demux.GetConnection(a.ConnectionIndex), packet.TimestampNanoseconds, Settings);
        }
        else r = _slots[a.ConnectionIndex];

        TcpSegment s = packet.Segment;
        r.Zeek.Add(packet, a.IsFromClient);
        r.ZeekChecksums.Add(packet, a.IsFromClient);
        r.Completeness = r.Completeness.With(s.Flags, s.PayloadLength);
        if (packet.Checksum == ChecksumStatus.Bad) r.BadChecksums++;
        r.Observe(a.IsFromClient ? 0 : 1, s, packet.FrameNumber, packet.TimestampNanoseconds);
    }

    /// <summary>Ends the capture: delivers what is still in flight and gives one result per connection, in order of first packet.</summary>
    public CheckReport Finish()
    {
        var results = new ConnectionCheck[_used];
        for (int i = 0; i < _used; i++)
        {
            ConnectionReplay r = _slots[i];
            r.Finish();
            TcpState c = r.State(0), s = r.State(1);
            CheckVerdict verdict = r.Invalid ? CheckVerdict.Invalid
                : r.MidStream ? CheckVerdict.Incomplete
                : IsEnded(c) && (IsEnded(s) || (s == TcpState.Listen && c == TcpState.Closed)) ? CheckVerdict.Valid
                : CheckVerdict.Incomplete;
            results[i] = new ConnectionCheck(_demux.GetConnection(i), verdict, r.ViolationFrame, r.Violation, r.Rule, r.Message, c, s,
                r.Zeek.ConnState, _histories.Get(in r.Zeek), r.ZeekChecksums.ConnState, _histories.Get(in r.ZeekChecksums), r.Completeness.Value, r.BadChecksums);
        }
        return new CheckReport(results, PacketCount, SkippedCount);
    }

    private static bool IsEnded(TcpState s) => s is TcpState.Closed or TcpState.TimeWait;

    /// <summary>Reads a whole pcap or pcapng stream and checks it.</summary>
    /// <returns>False when the capture is malformed (<paramref name="error"/> says where); the connections read up to there are still in <paramref name="report"/>.</returns>
    public bool TryCheck(Stream stream, out CheckReport report, out WireError error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Clear();
        using var reader = new CaptureReader(stream, leaveOpen: true);
        while (reader.TryReadNextPacket(out DecodedPacket p)) Add(p);
        report = Finish();
        error = reader.Error;
        return !error.IsError;
    }
}
