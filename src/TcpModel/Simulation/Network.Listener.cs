using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using TcpModel.Wire;

namespace TcpModel.Simulation;

/// <summary>When a listener answers a SYN with a SYN cookie instead of keeping a half-open entry.</summary>
public enum SynCookieMode : byte
{
    /// <summary>Never (Linux <c>net.ipv4.tcp_syncookies = 0</c>): a SYN that finds the SYN queue full is dropped.</summary>
    Off,
    /// <summary>When the SYN queue is full (<c>tcp_syncookies = 1</c>, Linux's default); cookies are then checked for 2 minutes.</summary>
    OnOverflow,
    /// <summary>For every SYN (<c>tcp_syncookies = 2</c>): no half-open state at all.</summary>
    Always,
}

/// <summary>
/// A listening socket as Linux has one (RFC 9293 §3.10.1's passive OPEN gives one TCB; a server has
/// queues): a SYN queue of half-open entries and an accept queue of established connections the
/// application has not accepted yet, with the RFC 4987 defences as options. Immutable.
/// </summary>
public sealed record ListenerOptions
{
    /// <summary>What a server gets from <c>listen(fd, 128)</c> on Linux with syncookies on.</summary>
    public static ListenerOptions Default { get; } = new();

    /// <summary>
    /// The <c>listen()</c> backlog, already capped by <c>net.core.somaxconn</c> (4096 since Linux 5.4). The
    /// accept queue is full when it holds more than this (<c>sk_acceptq_is_full</c>: backlog + 1 fit),
    /// and the SYN queue when it holds this many (<c>inet_csk_reqsk_queue_is_full</c>, Linux 4.4 on).
    /// </summary>
    public int Backlog { get; init; } = 128;

    /// <summary>SYN cookies (RFC 4987 §3.6, Linux's encoding in <c>net/ipv4/syncookies.c</c>).</summary>
    public SynCookieMode SynCookies { get; init; } = SynCookieMode.OnOverflow;

    /// <summary>
    /// SYN+ACK retransmissions before a half-open entry is dropped (<c>net.ipv4.tcp_synack_retries</c>, 5:
    /// after 1, 2, 4, 8 and 16 s, then 32 s more). Fewer is RFC 4987 §3.2's "reducing SYN-RECEIVED timer".
    /// </summary>
    public int SynAckRetries { get; init; } = 5;

    /// <summary>When the SYN queue is full, drop its oldest half-open entry for the new SYN (RFC 4987 §3.4) instead of the SYN.</summary>
    public bool RecycleOldest { get; init; }

    /// <summary>
    /// When the accept queue is full and the handshake's last ACK arrives: answer it with a RST and drop
    /// the entry (<c>net.ipv4.tcp_abort_on_overflow = 1</c>); off (the default) drops the ACK, keeps the entry
    /// and retransmits the SYN+ACK, while the client already believes it is ESTABLISHED.
    /// </summary>
    public bool AbortOnOverflow { get; init; }

    /// <summary>How long the application takes per <c>accept()</c>; zero accepts at once (the accept queue never fills).</summary>
    public TimeSpan AcceptInterval { get; init; }

    internal void Validate()
    {
        if (Backlog < 0) throw new ArgumentException("The backlog cannot be negative.", nameof(Backlog));
        if (SynAckRetries < 0) throw new ArgumentException("Retries cannot be negative.", nameof(SynAckRetries));
        if (AcceptInterval < TimeSpan.Zero) throw new ArgumentException("An interval cannot be negative.", nameof(AcceptInterval));
    }
}

/// <summary>A listener's queues and counts.</summary>
/// <param name="HalfOpen">Half-open entries held now (SYN-RECEIVED).</param>
/// <param name="MostHalfOpen">The most held at once.</param>
/// <param name="AcceptQueue">Established connections waiting for <c>accept()</c>.</param>
/// <param name="Accepted">Connections the application accepted.</param>
/// <param name="SynsDropped">SYNs dropped: SYN queue or accept queue full.</param>
/// <param name="Recycled">Half-open entries dropped for a newer SYN (<see cref="ListenerOptions.RecycleOldest"/>).</param>
/// <param name="CookiesSent">SYN+ACKs sent as cookies.</param>
/// <param name="CookiesAccepted">ACKs whose cookie was valid: connections made without a half-open entry.</param>
/// <param name="AcksDroppedOnOverflow">Handshake ACKs dropped (or reset) because the accept queue was full.</param>
/// <param name="BytesPerHalfOpen">What one half-open entry costs in this simulator (a whole connection record).</param>
public readonly record struct ListenerStatus(int HalfOpen, int MostHalfOpen, int AcceptQueue, long Accepted, long SynsDropped, long Recycled,
    long CookiesSent, long CookiesAccepted, long AcksDroppedOnOverflow, int BytesPerHalfOpen);

internal enum ListenerPhase : byte
{
    /// <summary>Not a listener's connection, or accepted.</summary>
    None,
    /// <summary>In the SYN queue (SYN-RECEIVED).</summary>
    HalfOpen,
    /// <summary>In the accept queue.</summary>
    Queued,
}

public sealed partial class Network
{
    private static readonly ushort[] CookieMss = { 536, 1300, 1440, 1460 }; // Linux msstab (syncookies.c)
    private const int CookieBits = 24;
    private const uint CookieMask = (1u << CookieBits) - 1;
    private const int MaxCookieAge = 2; // minutes (MAX_SYNCOOKIE_AGE)
    private static readonly long CookieValid = TimeSpan.FromMinutes(2).Ticks; // TCP_SYNCOOKIE_VALID

    private sealed class Listener
    {
        public int Host;
        public ushort Port;
        public EndpointScript Script = EndpointScript.Server();
        public ListenerOptions Options = ListenerOptions.Default;
        public TcpSettings Settings = TcpSettings.Linux, CookieSettings = TcpSettings.Linux;
        public readonly Queue<int> HalfOpenOrder = new(); // connection records, oldest first (stale ones skipped)
        public readonly Queue<int> AcceptOrder = new();
        public int HalfOpen, MostHalfOpen, AcceptQueue;
        public long Accepted, SynsDropped, Recycled, CookiesSent, CookiesAccepted, AcksDropped;
        public long LastOverflow = long.MinValue, NextAcceptAt;
        public ulong Secret0, Secret1;
    }

    private sealed class Flood
    {
        public int Target;
        public ushort Port;
        public long Interval, Until;
        public long Sent;
    }

    private readonly List<Listener> _listenerList = new();
    private readonly Dictionary<(int Host, ushort Port), int> _listenerAt = new();
    private readonly List<Flood> _floods = new();

    /// <summary>
    /// A listening socket on <paramref name="host"/>:<paramref name="port"/>: each SYN that finds room gets a
    /// half-open connection of its own (a passive OPEN, RFC 9293 §3.10.7.2), run by <paramref name="script"/>
    /// once established; <paramref name="options"/> sets the queues and defences.
    /// </summary>
    public void Listen(HostId host, ushort port, EndpointScript? script = null, ListenerOptions? options = null)
    {
        CheckHost(host);
        if (port == 0) throw new ArgumentOutOfRangeException(nameof(port), "Port 0 cannot be listened on.");
        script ??= EndpointScript.Server();
        script.Validate();
        options ??= ListenerOptions.Default;
        options.Validate();
        TcpSettings settings = _hosts[host.Index].Settings with { MaxSynRetransmissions = options.SynAckRetries };
        var l = new Listener
        {
            Host = host.Index, Port = port, Script = script, Options = options, Settings = settings,
            // A cookie cannot carry window scale or SACK-permitted without timestamps (syncookies.c): the
            // SYN+ACK offers neither, so neither is used on the connection.
            CookieSettings = settings with { WindowScale = -1, SackPermitted = false },
            Secret0 = _random.NextUInt64(), Secret1 = _random.NextUInt64(),
        };
        if (_listenerAt.TryGetValue((host.Index, port), out int existing)) _listenerList[existing] = l;
        else
        {
            _listenerAt[(host.Index, port)] = _listenerList.Count;
            _listenerList.Add(l);
        }
    }

    /// <summary>The queues and counts of the listener on <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <exception cref="ArgumentException">Nothing listens there.</exception>
    public ListenerStatus GetListener(HostId host, ushort port)
    {
        if (!_listenerAt.TryGetValue((host.Index, port), out int i)) throw new ArgumentException("Nothing listens there.", nameof(port));
        Listener l = _listenerList[i];
        return new ListenerStatus(l.HalfOpen, l.MostHalfOpen, l.AcceptQueue, l.Accepted, l.SynsDropped, l.Recycled, l.CookiesSent, l.CookiesAccepted,
            l.AcksDropped, Unsafe.SizeOf<Conn>());
    }

    /// <summary>
    /// A SYN flood at <paramref name="host"/>:<paramref name="port"/>: <paramref name="synsPerSecond"/> SYNs
    /// from <paramref name="start"/> until <paramref name="until"/>, each from a random address outside
    /// the network (198.18.0.0/15, RFC 2544's benchmarking range) that never answers.
    /// </summary>
    public void AddSynFlood(HostId host, ushort port, double synsPerSecond, TimeSpan start, TimeSpan until)
    {
        CheckHost(host);
        if (!(synsPerSecond > 0) || double.IsInfinity(synsPerSecond)) throw new ArgumentOutOfRangeException(nameof(synsPerSecond), synsPerSecond, "A rate is positive.");
        if (start < Now || until < start) throw new ArgumentOutOfRangeException(nameof(until), "The flood must end after it starts, in the future.");
        var f = new Flood { Target = host.Index, Port = port, Interval = Math.Max(1, (long)(TimeSpan.TicksPerSecond / synsPerSecond)), Until = until.Ticks };
        _floods.Add(f);
        _queue.Push(start.Ticks, SimEventKind.Flood, _floods.Count - 1);
    }

    private void FloodNext(int index)
    {
        Flood f = _floods[index];
        uint address = 0xC612_0000u | (uint)(_random.NextUInt64() & 0x1_FFFF); // 198.18.0.0/15
        var source = InlineIPAddress.FromIPv4(address);
        var syn = new TcpSegment((ushort)(1024 + _random.NextUInt64() % 64000), f.Port, (uint)_random.NextUInt64(), default, TcpFlags.Syn,
            64240, 0, TcpOptions.None.WithMss(1460));
        f.Sent++;
        Transmit(-1, f.Target, source, _hosts[f.Target].Address, -1, syn, TcpRule.None);
        long next = _now + f.Interval;
        if (next <= f.Until) _queue.Push(next, SimEventKind.Flood, index);
    }

    /// <summary>A segment for a listener's port that no connection took.</summary>
    private void ToListener(int index, in Packet p)
    {
        Listener l = _listenerList[index];
        TcpSegment seg = p.Segment;
        bool syn = seg.IsSyn && !seg.IsAck && !seg.IsRst;
        if (syn)
        {
            ListenerOptions o = l.Options;
            if (l.AcceptQueue > o.Backlog)
            {
                // tcp_conn_request: a full accept queue drops the SYN (LINUX_MIB_LISTENOVERFLOWS).
                l.SynsDropped++;
                TraceDelivered(p, TcpState.Listen, TcpRule.None);
                return;
            }
            bool full = l.HalfOpen >= o.Backlog;
            if (full) l.LastOverflow = _now;
            if (o.SynCookies == SynCookieMode.Always || (full && o.SynCookies == SynCookieMode.OnOverflow))
            {
                SendCookie(l, p);
                return;
            }
            if (full && !(o.RecycleOldest && RecycleOldest(l)))
            {
                l.SynsDropped++;
                TraceDelivered(p, TcpState.Listen, TcpRule.None);
                return;
            }
            OpenHalf(index, l, p);
            return;
        }
        if (seg.IsAck && !seg.IsRst && !seg.IsSyn && CookiesChecked(l) && TryCookie(index, l, p)) return;
        // Anything else a LISTEN TCB answers itself (§3.10.7.2: a RST is ignored, an ACK gets a RST).
        TcpConnection listen = TcpConnection.Listen(l.Port, default, l.Settings);
        TcpOutcome r = Transition(-1, ref listen, TcpEvent.Arrive(seg));
        TraceDelivered(p, TcpState.Listen, r.Rule);
        for (int i = 0; i < r.SegmentCount; i++) Send(-1, _out[i], p.To, p.From, p.Source, r.Rule);
    }

    private void TraceDelivered(in Packet p, TcpState state, TcpRule rule)
    {
        if (RecordTrace) Record(NetworkTraceKind.Delivered, -1, p.From, p.To, p.Source, p.Destination, p.Segment, rule, state: state);
    }

    /// <summary>A half-open entry: a passive OPEN made for this SYN, in the SYN queue.</summary>
    private void OpenHalf(int index, Listener l, in Packet p)
    {
        _isn = _isn.Next(out SeqNum iss);
        int c = NewConnection(TcpConnection.Listen(l.Port, iss, l.Settings), p.To, p.From, p.Source, l.Script, isClient: false, listener: index);
        _conns[c].Phase = ListenerPhase.HalfOpen;
        l.HalfOpen++;
        l.MostHalfOpen = Math.Max(l.MostHalfOpen, l.HalfOpen);
        l.HalfOpenOrder.Enqueue(c);
        JoinPeer(c, p.Sender);
        Apply(c, p.Arrival, arrivalFrom: p.From); // a SYN the entry does not take sends it back out of the queue
    }

    /// <summary>A half-open entry left SYN-RECEIVED: established (to the accept queue, true), or gone (timed out, reset: false, the record is reused).</summary>
    private bool LeftSynReceived(int c)
    {
        ref Conn conn = ref _conns[c];
        Listener l = _listenerList[conn.Listener];
        l.HalfOpen--;
        if (conn.Tcp.State.IsSynchronized())
        {
            conn.Phase = ListenerPhase.Queued;
            l.AcceptQueue++;
            Enqueue(conn.Listener, l, c);
            return true;
        }
        Forget(c); // back to LISTEN or CLOSED without ever connecting
        return false;
    }

    private void Forget(int c)
    {
        if (_conns[c].InTable) Unlist(c);
        // The entry is gone (the listener itself stays in LISTEN): the record reads CLOSED until it is reused.
        ref TcpConnection tcp = ref _conns[c].Tcp;
        tcp = TcpConnection.Create(tcp.LocalPort, tcp.RemotePort, tcp.Settings);
        _conns[c].Phase = ListenerPhase.None;
        _conns[c].Listener = -1;
        _conns[c].TimerAt = NoTime;
        _queue.RemoveTimer(c);
        _freeConns.Push(c);
    }

    private bool RecycleOldest(Listener l)
    {
        while (l.HalfOpenOrder.Count > 0)
        {
            int oldest = l.HalfOpenOrder.Dequeue();
            ref Conn o = ref _conns[oldest];
            if (o.Phase != ListenerPhase.HalfOpen || o.Listener < 0 || _listenerList[o.Listener] != l) continue; // stale
            l.HalfOpen--;
            l.Recycled++;
            Forget(oldest);
            return true;
        }
        return false;
    }

    private void Enqueue(int index, Listener l, int c)
    {
        l.AcceptOrder.Enqueue(c);
        long at = Math.Max(_now, l.NextAcceptAt) + l.Options.AcceptInterval.Ticks;
        l.NextAcceptAt = at;
        if (l.Options.AcceptInterval == TimeSpan.Zero) AcceptOne(index);
        else _queue.Push(at, SimEventKind.Accept, index);
    }

    private void AcceptOne(int index)
    {
        Listener l = _listenerList[index];
        if (l.AcceptOrder.Count == 0) return;
        int c = l.AcceptOrder.Dequeue();
        l.AcceptQueue--;
        l.Accepted++;
        _conns[c].Phase = ListenerPhase.None;
    }

    /// <summary>The handshake's last ACK for a half-open entry while the accept queue is full (Linux tcp_check_req, listen_overflow).</summary>
    private bool AcceptQueueOverflow(int c, in Packet p)
    {
        Listener l = _listenerList[_conns[c].Listener];
        TcpSegment seg = p.Segment;
        if (l.AcceptQueue <= l.Options.Backlog || !seg.IsAck || seg.IsSyn || seg.IsRst) return false;
        l.AcksDropped++;
        if (!l.Options.AbortOnOverflow)
        {
            TraceDelivered(p, TcpState.SynReceived, TcpRule.None); // dropped: the entry stays, its timer resends the SYN+ACK
            return true;
        }
        // tcp_abort_on_overflow: the reset a port without a connection sends for this ACK, and the entry goes.
        l.HalfOpen--;
        Forget(c);
        AnswerAsClosed(p, counted: false);
        return true;
    }

    private bool CookiesChecked(Listener l) =>
        l.Options.SynCookies == SynCookieMode.Always || (l.Options.SynCookies == SynCookieMode.OnOverflow && l.LastOverflow != long.MinValue && _now - l.LastOverflow <= CookieValid);

    /// <summary>A SYN+ACK whose ISS is a cookie: no state is kept, and it is never retransmitted.</summary>
    private void SendCookie(Listener l, in Packet p)
    {
        TcpSegment syn = p.Segment;
        int mssIndex = CookieMss.Length - 1;
        int mss = syn.Options.HasMss && syn.Options.Mss > 0 ? syn.Options.Mss : CookieMss[0];
        while (mssIndex > 0 && mss < CookieMss[mssIndex]) mssIndex--;
        uint cookie = Cookie(l, p.Source, syn, syn.Seq.Value, Minute(_now), (uint)mssIndex);
        // The SYN+ACK the model sends from LISTEN for this SYN, with the cookie as its ISS.
        TcpConnection scratch = TcpConnection.Listen(l.Port, cookie, l.CookieSettings);
        TcpOutcome o = Transition(-1, ref scratch, TcpEvent.Arrive(syn));
        TraceDelivered(p, TcpState.Listen, o.Rule);
        l.CookiesSent++;
        for (int i = 0; i < o.SegmentCount; i++) Send(-1, _out[i], p.To, p.From, p.Source, o.Rule);
    }

    /// <summary>An ACK whose acknowledgment number − 1 is a valid cookie: the connection is made from what the cookie kept.</summary>
    private bool TryCookie(int index, Listener l, in Packet p)
    {
        TcpSegment ack = p.Segment;
        uint clientIsn = (ack.Seq - 1).Value, cookie = (ack.Ack - 1).Value;
        if (!CheckCookie(l, p.Source, ack, clientIsn, cookie, out int mssIndex)) return false;
        if (l.AcceptQueue > l.Options.Backlog)
        {
            l.AcksDropped++;
            TraceDelivered(p, TcpState.Listen, TcpRule.None);
            return true;
        }
        // Rebuild the SYN the cookie stands for (its MSS rounded down to the table, no other option) and
        // take it and this ACK as the model takes them: SYN-RECEIVED, then ESTABLISHED.
        var syn = new TcpSegment(ack.SourcePort, ack.DestinationPort, clientIsn, default, TcpFlags.Syn, ack.Window, 0,
            TcpOptions.None.WithMss(CookieMss[mssIndex]));
        int c = NewConnection(TcpConnection.Listen(l.Port, cookie, l.CookieSettings), p.To, p.From, p.Source, l.Script, isClient: false, listener: index);
        Transition(c, ref _conns[c].Tcp, TcpEvent.Arrive(syn)); // its SYN+ACK went out as the cookie
        _conns[c].Phase = ListenerPhase.HalfOpen;
        l.HalfOpen++;
        l.CookiesAccepted++;
        List(c);
        JoinPeer(c, p.Sender);
        Apply(c, TcpEvent.Arrive(ack), arrivalFrom: p.From);
        return true;
    }

    private static long Minute(long ticks) => ticks / TimeSpan.TicksPerMinute;

    // secure_tcp_syn_cookie (syncookies.c): H(4-tuple, 0) + client ISN + (minute << 24) + ((H(4-tuple, minute) + MSS index) & 0xFFFFFF).
    private uint Cookie(Listener l, InlineIPAddress source, in TcpSegment seg, uint clientIsn, long minute, uint data) =>
        unchecked(CookieHash(l, source, seg, 0, 0) + clientIsn + ((uint)minute << CookieBits) + ((CookieHash(l, source, seg, (uint)minute, 1) + data) & CookieMask));

    // check_tcp_syn_cookie: undo the first part, check the minute is at most 2 old, then recover the MSS index.
    private bool CheckCookie(Listener l, InlineIPAddress source, in TcpSegment seg, uint clientIsn, uint cookie, out int mssIndex)
    {
        uint count = (uint)Minute(_now);
        cookie = unchecked(cookie - (CookieHash(l, source, seg, 0, 0) + clientIsn));
        uint age = unchecked(count - (cookie >> CookieBits)) & (uint.MaxValue >> CookieBits);
        mssIndex = -1;
        if (age >= MaxCookieAge) return false;
        uint data = unchecked(cookie - CookieHash(l, source, seg, count - age, 1)) & CookieMask;
        if (data >= CookieMss.Length) return false;
        mssIndex = (int)data;
        return true;
    }

    /// <summary>cookie_hash: SipHash of the 4-tuple (the peer's side as the segment came) and the minute, under one of two secrets.</summary>
    private uint CookieHash(Listener l, InlineIPAddress source, in TcpSegment seg, uint minute, int which)
    {
        Span<byte> data = stackalloc byte[16 + 16 + 8];
        source.TryWriteBytes(data, out int n);
        _hosts[l.Host].Address.TryWriteBytes(data.Slice(16), out int m);
        BinaryPrimitives.WriteUInt16BigEndian(data.Slice(32), seg.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(data.Slice(34), seg.DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(data.Slice(36), minute);
        ulong h = SipHash.Hash24(which == 0 ? l.Secret0 : l.Secret1, which == 0 ? l.Secret1 : l.Secret0, data);
        return (uint)h;
    }
}
