using System;
using System.Runtime.CompilerServices;
using TcpModel.Wire;

namespace TcpModel.Analysis;

/// <summary>
/// The mutable core of <see cref="ZeekTracker"/>, updated in place by the checker (no copy per packet).
/// Follows one TCP connection packet by packet the way Zeek's TCP analyzer does
/// (TCPSessionAdapter.cc, TCP_Endpoint.cc, base/protocols/conn/main.zeek) and gives its
/// <c>conn_state</c> (<see cref="ConnState"/>) and <c>history</c> (<see cref="History"/>).
/// </summary>
/// <remarks>
/// <para>
/// A mutable accumulator: keep it in a field or an array element and call <see cref="Add(in DecodedPacket, bool)"/>
/// on it in place (a copy accumulates separately). It allocates nothing; only <see cref="History"/> builds a string.
/// Not thread-safe.
/// </para>
/// <para>
/// History letters: S H A D F R C G I Q T W ^ (upper case = originator). A bad-checksum segment only
/// adds <c>C</c>/<c>c</c> (1st, 10th, 100th … time) and is otherwise dropped, unless checksums are ignored
/// (<c>zeek -C</c>). <c>T</c>, <c>W</c> and <c>G</c> are counted the same logarithmic way. The history keeps at
/// most <see cref="MaxHistoryLength"/> letters. Not modelled: Zeek's server-port guess on a connection
/// seen mid-stream (the roles are those given by the caller, flipped on a SYN/SYN+ACK reversal) and
/// sequence wraparound beyond 2^31 of relative space.
/// </para>
/// </remarks>
internal struct ZeekCore
{
    /// <summary>The most history letters kept.</summary>
    public const int MaxHistoryLength = 48;

    private const int TooLargeSeqDelta = 1048576;
    private const uint HistSyn = 0x1, HistFin = 0x2, HistRst = 0x4, HistFinRst = 0x8, HistData = 0x10, HistAck = 0x20, HistMulti = 0x40;

    private ZeekEndpoint _orig, _resp;
    private HistoryBuffer _history;
    private uint _histSeen;
    private byte _historyLength;
    private bool _flipped, _ignoreChecksums, _fed;

    /// <summary>A tracker; <paramref name="ignoreChecksums"/> true behaves as <c>zeek -C</c>.</summary>
    public ZeekCore(bool ignoreChecksums)
    {
        this = default;
        _ignoreChecksums = ignoreChecksums;
        _orig.Reset();
        _resp.Reset();
    }

    /// <summary>Whether checksums are ignored (<c>zeek -C</c>); otherwise a bad-checksum segment counts as <c>C</c>/<c>c</c> only.</summary>
    public readonly bool IgnoreChecksums => _ignoreChecksums;

    /// <summary>Whether Zeek swapped originator and responder (history letter <c>^</c>).</summary>
    public readonly bool Flipped => _flipped;

    /// <summary>
    /// A copy that treats checksums as <paramref name="ignoreChecksums"/> says from now on. Until a bad
    /// checksum arrives the two kinds follow the same packets the same way, so one can be forked from the other then.
    /// </summary>
    public readonly ZeekCore WithIgnoreChecksums(bool ignoreChecksums)
    {
        ZeekCore c = this;
        c._ignoreChecksums = ignoreChecksums;
        return c;
    }

    /// <summary>Feeds a decoded TCP packet; <paramref name="fromClient"/> says whether it travels from the caller's client.</summary>
    public void Add(in DecodedPacket packet, bool fromClient)
    {
        TcpSegment s = packet.Segment;
        Add(fromClient, s.Flags, s.Seq, s.Ack, s.PayloadLength, s.Window, packet.Checksum);
    }

    /// <summary>Feeds one TCP segment's header fields.</summary>
    /// <param name="fromClient">Whether it travels from the caller's client (the originator unless Zeek flipped the roles).</param>
    /// <param name="flags">Control bits.</param>
    /// <param name="seq">Sequence number.</param>
    /// <param name="ack">Acknowledgment number (used when ACK is set).</param>
    /// <param name="payloadLength">Payload bytes.</param>
    /// <param name="window">The window field, unscaled.</param>
    /// <param name="checksum">What the decoder found of the checksum.</param>
    public void Add(bool fromClient, TcpFlags flags, SeqNum seq, SeqNum ack, int payloadLength, ushort window, ChecksumStatus checksum)
    {
        if (_orig.State == ZeekEndpointState.Unset) { _orig.Reset(); _resp.Reset(); }
        _fed = true;
        bool isOrig = fromClient ^ _flipped;
        bool syn = (flags & TcpFlags.Syn) != 0, fin = (flags & TcpFlags.Fin) != 0, rst = (flags & TcpFlags.Rst) != 0, ackSet = (flags & TcpFlags.Ack) != 0;
        if (!_ignoreChecksums && checksum == ChecksumStatus.Bad)
        {
            // TCP.cc: a bad checksum is counted (ChecksumError) and the packet goes no further.
            ref ZeekEndpoint e0 = ref isOrig ? ref _orig : ref _resp;
            Scaled(isOrig ? 'C' : 'c', ref e0.ChkCount, ref e0.ChkThresh);
            return;
        }

        ref ZeekEndpoint e = ref isOrig ? ref _orig : ref _resp;
        ref ZeekEndpoint p = ref isOrig ? ref _resp : ref _orig;
        uint b = seq.Value, a = ack.Value;
        int len = payloadLength;
        int segLen = len + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? len : 0);
        uint onePast = unchecked(b + (uint)segLen);

        InitEndpoint(ref e, syn, b, onePast);
        uint relSeq = unchecked(b - e.Start);
        UpdateHistory(isOrig, ref e, syn, fin, rst, ackSet, relSeq, len);

        // update_window: a zero window is interesting unless on/after a RST or after the peer's FIN.
        if (window == 0 && !rst && p.State != ZeekEndpointState.Closed && e.State != ZeekEndpointState.Reset)
            Scaled(isOrig ? 'W' : 'w', ref e.Win0Count, ref e.Win0Thresh);

        if (fin) { e.FinCount++; e.FinEnd = onePast; }

        if (ackSet)
        {
            if (p.State == ZeekEndpointState.Inactive)
            {
                // init_peer: number the peer as though its SYN had been seen.
                p.Start = p.AckSeq = p.Last = unchecked(a - 1);
            }
            else if (!rst && unchecked((int)(a - p.AckSeq)) > 0 && !(a == 0 && unchecked((int)(a - p.AckSeq)) > TooLargeSeqDelta))
                p.AckSeq = a;
        }

        int deltaLast = UpdateLastSeq(isOrig, ref e, onePast, syn, fin, rst, len);
        UpdateStateMachine(isOrig, ref e, ref p, b, syn, fin, rst, ackSet, len, deltaLast);

        // AckReceived after the state machine: acks of data never seen are content gaps, not
        // flagged when they come on a FIN or RST or outside an established (or cleanly closing) pair.
        if (ackSet && !fin && !rst)
        {
            ref ZeekEndpoint orig = ref _orig;
            ref ZeekEndpoint resp = ref _resp;
            bool settled = orig.State is ZeekEndpointState.Established or ZeekEndpointState.Closed
                && resp.State is ZeekEndpointState.Established or ZeekEndpointState.Closed;
            uint limit = p.FinCount > 0 && unchecked((int)(a - p.FinEnd)) >= 0 ? unchecked(p.FinEnd - 1) : a;
            if (settled && unchecked((int)(limit - p.Last)) > 0 && unchecked((int)(limit - p.GapEnd)) > 0)
            {
                p.GapEnd = limit;
                Scaled(isOrig ? 'g' : 'G', ref p.GapCount, ref p.GapThresh);
            }
        }
    }

    private static void InitEndpoint(ref ZeekEndpoint e, bool syn, uint first, uint last)
    {
        switch (e.State)
        {
            case ZeekEndpointState.Inactive:
                if (syn) { e.Start = e.AckSeq = first; }
                else { e.Start = e.AckSeq = unchecked(first - 1); last = first; }
                e.Last = last;
                e.GapEnd = last;
                break;
            case ZeekEndpointState.SynSent or ZeekEndpointState.SynAckSent:
                if (syn && first != e.Start) { e.Start = e.AckSeq = first; e.Last = last; }
                break;
            case ZeekEndpointState.Established or ZeekEndpointState.Partial:
                if (syn) { e.Start = e.AckSeq = first; e.Last = last; }
                break;
            case ZeekEndpointState.Reset:
                if (syn && e.PrevState == ZeekEndpointState.Inactive) { e.Start = e.AckSeq = first; e.Last = last; }
                break;
        }
    }

    private void UpdateHistory(bool isOrig, ref ZeekEndpoint e, bool syn, bool fin, bool rst, bool ack, uint relSeq, int len)
    {
        int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bits > 1)
        {
            if (fin && rst) CheckHistory(isOrig, HistFinRst, 'I');
            else CheckHistory(isOrig, HistMulti, 'Q');
        }
        else if (bits == 1)
        {
            if (syn)
            {
                char code = ack ? 'H' : 'S';
                if (CheckHistory(isOrig, HistSyn, code) && relSeq != e.HistLastSyn) AddHistory(isOrig, code);
                e.HistLastSyn = relSeq;
            }
            if (fin)
            {
                uint end = unchecked(relSeq + (uint)len);
                if (CheckHistory(isOrig, HistFin, 'F') && end != e.HistLastFin) AddHistory(isOrig, 'F');
                e.HistLastFin = end;
            }
            if (rst)
            {
                if (CheckHistory(isOrig, HistRst, 'R') && relSeq != e.HistLastRst) AddHistory(isOrig, 'R');
                e.HistLastRst = relSeq;
            }
        }
        else if (len > 0) CheckHistory(isOrig, HistData, 'D');
        else if (ack) CheckHistory(isOrig, HistAck, 'A');
    }

    private int UpdateLastSeq(bool isOrig, ref ZeekEndpoint e, uint last, bool syn, bool fin, bool rst, int len)
    {
        int delta = unchecked((int)(last - e.Last));
        if ((syn || rst) && (delta > TooLargeSeqDelta || delta < -TooLargeSeqDelta)) { }
        else if (fin && e.Last == unchecked(e.Start + 1)) e.Last = last;
        else if (e.State == ZeekEndpointState.Reset) { }
        else if (delta > 0) e.Last = last;
        else if (len > 0) Scaled(isOrig ? 'T' : 't', ref e.RxmtCount, ref e.RxmtThresh);
        return delta;
    }

    private void UpdateStateMachine(bool isOrig, ref ZeekEndpoint e, ref ZeekEndpoint p, uint baseSeq, bool syn, bool fin, bool rst, bool ack, int len, int deltaLast)
    {
        switch (e.State)
        {
            case ZeekEndpointState.Inactive:
                if (syn)
                {
                    if (isOrig) e.Set(ack ? ZeekEndpointState.SynAckSent : ZeekEndpointState.SynSent);
                    else
                    {
                        if (!ack && p.State == ZeekEndpointState.SynAckSent && baseSeq == e.Start)
                        {
                            // SYN/SYN-ACK reversal: Zeek flips the roles and establishes the connection.
                            Flip();
                            p.Set(ZeekEndpointState.Established);
                        }
                        if (p.State == ZeekEndpointState.SynSent) p.Set(ZeekEndpointState.Established);
                        e.Set(ZeekEndpointState.Established);
                    }
                }
                if (fin) e.Set(ZeekEndpointState.Closed);
                if (rst) e.Set(ZeekEndpointState.Reset);
                if (e.State == ZeekEndpointState.Inactive)
                {
                    ZeekEndpointState origState = isOrig ? e.State : p.State;
                    if (!isOrig && len == 0 && origState == ZeekEndpointState.SynSent) { }
                    else if (ack && p.State == ZeekEndpointState.Established) e.Set(ZeekEndpointState.Established);
                    else e.Set(ZeekEndpointState.Partial);
                }
                break;
            case ZeekEndpointState.SynSent or ZeekEndpointState.SynAckSent:
                if (fin) e.Set(ZeekEndpointState.Closed);
                if (rst) e.Set(ZeekEndpointState.Reset);
                break;
            case ZeekEndpointState.Established or ZeekEndpointState.Partial:
                if (syn && e.State == ZeekEndpointState.Partial && p.State == ZeekEndpointState.Inactive && !ack)
                    e.Set(ZeekEndpointState.SynSent);
                if (fin && !rst)
                {
                    e.Set(ZeekEndpointState.Closed);
                    if (p.State == ZeekEndpointState.Reset && p.PrevState == ZeekEndpointState.Closed) p.Set(ZeekEndpointState.Closed);
                }
                if (rst) e.Set(ZeekEndpointState.Reset);
                break;
            case ZeekEndpointState.Closed:
                if (rst && p.State != ZeekEndpointState.Closed) e.Set(ZeekEndpointState.Reset);
                break;
        }
        _ = deltaLast;
    }

    private void Flip()
    {
        (_orig, _resp) = (_resp, _orig);
        _histSeen = (_histSeen >> 16) | (_histSeen << 16);
        _flipped = !_flipped;
        AddRaw('^');
    }

    private bool CheckHistory(bool isOrig, uint mask, char code)
    {
        if (!isOrig) { mask <<= 16; code = char.ToLowerInvariant(code); }
        if ((_histSeen & mask) == 0)
        {
            _histSeen |= mask;
            AddRaw(code);
            return false;
        }
        return true;
    }

    private void AddHistory(bool isOrig, char code) => AddRaw(isOrig ? code : char.ToLowerInvariant(code));

    private void Scaled(char code, ref uint counter, ref uint threshold)
    {
        if (threshold == 0) threshold = 1;
        if (++counter == threshold)
        {
            AddRaw(code);
            uint next = threshold * 10;
            if (next > threshold) threshold = next;
        }
    }

    private void AddRaw(char c)
    {
        if (_historyLength < MaxHistoryLength) _history[_historyLength++] = c;
    }

    /// <summary>The history string, as conn.log's <c>history</c> field.</summary>
    public readonly string History
    {
        get
        {
            Span<char> buffer = stackalloc char[MaxHistoryLength];
            int n = CopyHistory(buffer);
            return new string(buffer.Slice(0, n));
        }
    }

    /// <summary>Copies the history letters into <paramref name="destination"/> (without allocating).</summary>
    /// <returns>The number of letters copied.</returns>
    public readonly int CopyHistory(Span<char> destination)
    {
        int n = Math.Min(_historyLength, destination.Length);
        for (int i = 0; i < n; i++) destination[i] = _history[i];
        return n;
    }

    /// <summary>Zeek's <c>conn_state</c> for what was fed so far (main.zeek, <c>conn_state</c>).</summary>
    public readonly ZeekConnState ConnState
    {
        get
        {
            ZeekEndpointState os = _orig.State, rs = _resp.State;
            if (!_fed) return ZeekConnState.None;
            bool oInactive = os is ZeekEndpointState.Inactive or ZeekEndpointState.Partial;
            bool rInactive = rs is ZeekEndpointState.Inactive or ZeekEndpointState.Partial;
            if (rs == ZeekEndpointState.Reset)
            {
                if (os is ZeekEndpointState.SynSent or ZeekEndpointState.SynAckSent
                    || (os == ZeekEndpointState.Reset && _orig.Size(_resp) == 0 && _resp.Size(_orig) == 0))
                    return ZeekConnState.REJ;
                return oInactive ? ZeekConnState.RSTRH : ZeekConnState.RSTR;
            }
            if (os == ZeekEndpointState.Reset)
            {
                // main.zeek: an originator's RST with an inactive responder is RSTOS0 for SYN…RST, else OTH.
                if (rInactive) return IsRstOs0History() ? ZeekConnState.RSTOS0 : ZeekConnState.OTH;
                return ZeekConnState.RSTO;
            }
            if (rs == ZeekEndpointState.Closed && os == ZeekEndpointState.Closed) return ZeekConnState.SF;
            if (os == ZeekEndpointState.Closed) return rInactive ? ZeekConnState.SH : ZeekConnState.S2;
            if (rs == ZeekEndpointState.Closed) return oInactive ? ZeekConnState.SHR : ZeekConnState.S3;
            if (os == ZeekEndpointState.SynSent && rs == ZeekEndpointState.Inactive) return ZeekConnState.S0;
            if (os == ZeekEndpointState.Established && rs == ZeekEndpointState.Established) return ZeekConnState.S1;
            return ZeekConnState.OTH;
        }
    }

    // /^\^?S[^HAFGIQ]*R.*/ over the whole history.
    private readonly bool IsRstOs0History()
    {
        int i = 0;
        if (i < _historyLength && _history[i] == '^') i++;
        if (i >= _historyLength || _history[i] != 'S') return false;
        for (i++; i < _historyLength; i++)
        {
            char c = _history[i];
            if (c == 'R') return true;
            if (c is 'H' or 'A' or 'F' or 'G' or 'I' or 'Q') return false;
        }
        return false;
    }


#if NET8_0_OR_GREATER
    [InlineArray(MaxHistoryLength)]
    private struct HistoryBuffer
    {
        private char _c;
    }
#else
    private struct HistoryBuffer // 48 of 64 used (see Polyfills/FixedBlocks.cs)
    {
        private Block8<Block8<char>> _blocks;

        public char this[int index]
        {
            readonly get => Unsafe.Add(ref Unsafe.AsRef(in _blocks.E0.E0), Check(index));
            set => Unsafe.Add(ref _blocks.E0.E0, Check(index)) = value;
        }

        private static int Check(int index) => (uint)index < MaxHistoryLength ? index : throw new IndexOutOfRangeException();
    }
#endif
}
