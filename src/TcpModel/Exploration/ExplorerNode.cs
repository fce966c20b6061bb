using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TcpModel.Exploration;

/// <summary>
/// A segment in flight, in the 16 bytes the model's segments need: what RFC 9293 connection management
/// reads (sequence, acknowledgment, window, flags, length) and the SYN options the model sends (MSS,
/// window scale, SACK-permitted). The ports are the channel's. The model sends no timestamps and no
/// urgent data; a segment with them cannot be in flight here (<see cref="TryPack"/> says so).
/// </summary>
internal struct ExplorerSegment
{
    public uint Seq, Ack;
    public ushort Window, Mss, Length;
    public byte Flags, Options; // options: bit 0 MSS, bit 1 window scale, bit 2 SACK-permitted, bits 4-7 the shift

    public static bool TryPack(in TcpSegment s, out ExplorerSegment packed)
    {
        TcpOptions o = s.Options;
        packed = new ExplorerSegment
        {
            Seq = s.Seq.Value, Ack = s.Ack.Value, Window = s.Window, Mss = o.HasMss ? o.Mss : (ushort)0, Length = (ushort)s.PayloadLength, Flags = (byte)s.Flags,
            Options = (byte)((o.HasMss ? 1 : 0) | (o.HasWindowScale ? 2 | (o.WindowScale << 4) : 0) | (o.SackPermitted ? 4 : 0)),
        };
        return !o.HasTimestamps && s.UrgentPointer == 0 && s.PayloadLength <= ushort.MaxValue && (!o.HasWindowScale || o.WindowScale <= 15);
    }

    public readonly TcpSegment Unpack(ushort source, ushort destination)
    {
        TcpOptions o = default;
        if ((Options & 1) != 0) o = o.WithMss(Mss);
        if ((Options & 2) != 0) o = o.WithWindowScale((byte)(Options >> 4));
        if ((Options & 4) != 0) o = o.WithSackPermitted();
        return new TcpSegment(source, destination, Seq, Ack, (TcpFlags)Flags, Window, Length, o);
    }

    public readonly ulong Low => Seq | ((ulong)Ack << 32);

    public readonly ulong High => Window | ((ulong)Mss << 16) | ((ulong)Length << 32) | ((ulong)Flags << 48) | ((ulong)Options << 56);
}

/// <summary>The segments in flight in one direction: a FIFO of at most four, inline, with the direction's ports.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExplorerChannel
{
    private ExplorerSegment _s0, _s1, _s2, _s3;
    public ushort SourcePort, DestinationPort;
    public byte Count;

    [UnscopedRef]
    private ref ExplorerSegment At(int i) => ref Unsafe.Add(ref _s0, i);

    [UnscopedRef]
    private readonly ref readonly ExplorerSegment Ref(int i) => ref Unsafe.Add(ref Unsafe.AsRef(in _s0), i);

    public readonly TcpSegment Get(int i) => Ref(i).Unpack(SourcePort, DestinationPort);

    /// <summary>Adds a segment at the tail; false (the segment is lost) when <paramref name="capacity"/> are in flight.</summary>
    /// <exception cref="InvalidOperationException">The segment has what a model segment never has (timestamps, urgent data).</exception>
    public bool Add(in TcpSegment s, int capacity)
    {
        if (Count >= capacity) return false;
        if (!ExplorerSegment.TryPack(s, out At(Count)) || s.SourcePort != SourcePort || s.DestinationPort != DestinationPort)
            throw new InvalidOperationException("The explorer keeps segments in 16 bytes: no timestamps, no urgent pointer, the channel's ports. Got " + s + ".");
        Count++;
        return true;
    }

    public TcpSegment RemoveAt(int i)
    {
        TcpSegment s = Get(i);
        for (int k = i; k < Count - 1; k++) At(k) = At(k + 1);
        Count--;
        At(Count) = default;
        return s;
    }

    /// <summary>This channel's share of a fingerprint: one independent product a segment (see <see cref="ExplorerNode.Fingerprint"/>).</summary>
    public readonly ulong Hash(ulong key)
    {
        ulong acc = ExplorerNode.Mum(Count ^ key, (SourcePort | ((ulong)DestinationPort << 16)) ^ key ^ ExplorerNode.K3);
        for (int i = 0; i < Count; i++)
        {
            ref readonly ExplorerSegment s = ref Ref(i);
            ulong k = key + (ulong)(i + 1) * ExplorerNode.K1;
            acc += ExplorerNode.Mum(s.Low ^ k, s.High ^ (k + ExplorerNode.K2));
        }
        return acc;
    }
}

/// <summary>
/// One state of the exploration: both endpoints, the two channels, and the user calls made. Times in
/// the TCBs are relative to the state's own moment (always 0): a timer move shifts every deadline, so
/// states that differ only in when they happen are one state.
/// </summary>
internal struct ExplorerNode
{
    public TcpConnection A;
    public TcpConnection B;
    public ExplorerChannel ToA;
    public ExplorerChannel ToB;
    public byte CallsMade;

    private const long Past = long.MinValue / 2;

    // wyhash's secrets (Wang Yi, public domain).
    internal const ulong K0 = 0xA0761D6478BD642FUL, K1 = 0xE7037ED1A0B428DBUL, K2 = 0x8EBC6AF09C88C6E3UL, K3 = 0x589965CC75374CC3UL;

    /// <summary>wyhash's "mum": the 128-bit product folded to 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mum(ulong a, ulong b)
    {
        ulong hi = Math.BigMul(a, b, out ulong lo);
        return hi ^ lo;
    }

    /// <summary>
    /// A 64-bit fingerprint of the state. Each pair of 64-bit words, keyed by its position, goes through
    /// one 64×64→128-bit product and the products are summed (wyhash's construction), so they do not wait
    /// for one another as a chained hash's steps do; the seed enters the final mix.
    /// </summary>
    public readonly ulong Fingerprint(ulong seed)
    {
        ulong acc = unchecked(Hash(A._tcb, K0) + Hash(B._tcb, K0 + 32 * K1) + ToA.Hash(K2 + 64 * K1) + ToB.Hash(K3 + 96 * K1) + Mum(CallsMade ^ K1, K2));
        ulong h = Mum(acc ^ seed ^ K0, (acc >> 32) ^ K3 ^ seed);
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return h == 0 ? 1 : h;
    }

    private static ulong Hash(in Tcb t, ulong k) => unchecked(
        Mum(((ulong)t.State | ((ulong)t.LocalPort << 8) | ((ulong)t.RemotePort << 24) | ((ulong)t.Flags << 40) | ((ulong)t.RtxCount << 56)) ^ k,
            (t.Iss.Value | ((ulong)t.Irs.Value << 32)) ^ (k + K1))
        + Mum((t.SndUna.Value | ((ulong)t.SndNxt.Value << 32)) ^ (k + 2 * K1), (t.SndWl1.Value | ((ulong)t.SndWl2.Value << 32)) ^ (k + 3 * K1))
        + Mum((t.SndWnd | ((ulong)t.MaxSndWnd << 32)) ^ (k + 4 * K1), (t.RcvNxt.Value | ((ulong)t.RcvBuffered << 32)) ^ (k + 5 * K1))
        + Mum((t.RcvBufferSize | ((ulong)t.SndShift << 32) | ((ulong)t.RcvShift << 40) | ((ulong)t.SndMss << 48)) ^ (k + 6 * K1),
            ((uint)t.SendQueued | ((ulong)(uint)t.ChallengeCount << 32)) ^ (k + 7 * K1))
        + Mum((ulong)t.Rto ^ (k + 8 * K1), (ulong)t.RtxAt ^ (k + 9 * K1))
        + Mum((ulong)t.TimeWaitAt ^ (k + 10 * K1), (ulong)t.FinWait2At ^ (k + 11 * K1))
        + Mum((ulong)t.UserTimeoutAt ^ (k + 12 * K1), (ulong)t.DelAckAt ^ (k + 13 * K1))
        + Mum((ulong)t.KeepAliveAt ^ (k + 14 * K1), (ulong)t.ChallengeWindowStart ^ (k + 15 * K1))
        + Mum((ulong)t.LastOutOfWindowAck ^ (k + 16 * K1), k + 17 * K1));

    /// <summary>The earliest deadline of either endpoint (<see cref="Tcb.NoDeadline"/> when none runs).</summary>
    public readonly long NextDeadline => Math.Min(A._tcb.NextDeadline, B._tcb.NextDeadline);

    /// <summary>Moves the state's moment to <paramref name="d"/> ticks later.</summary>
    public void Rebase(long d)
    {
        Rebase(ref Unsafe.AsRef(in A._tcb), d);
        Rebase(ref Unsafe.AsRef(in B._tcb), d);
    }

    private static void Rebase(ref Tcb t, long d)
    {
        Shift(ref t.RtxAt, d);
        Shift(ref t.TimeWaitAt, d);
        Shift(ref t.FinWait2At, d);
        Shift(ref t.UserTimeoutAt, d);
        Shift(ref t.DelAckAt, d);
        Shift(ref t.KeepAliveAt, d);
        if (t.ChallengeWindowStart != Past) t.ChallengeWindowStart -= d;
        if (t.LastOutOfWindowAck != Past) t.LastOutOfWindowAck -= d;
        Canonicalize(ref t);
    }

    private static void Shift(ref long deadline, long d)
    {
        if (deadline != Tcb.NoDeadline) deadline -= d;
    }

    /// <summary>
    /// Forgets what cannot matter any more, so equivalent states are equal: a challenge-ACK second
    /// that has passed (RFC 5961 §7 counts per second), an ACK rate limit that has run out, and the
    /// whole TCB of a CLOSED endpoint (RFC 9293 §3.10.7.1: in CLOSED "the TCB does not exist"; only
    /// its ports, ISS and settings stay, so a later OPEN could use them).
    /// </summary>
    public static void Canonicalize(ref Tcb t)
    {
        if (t.ChallengeWindowStart != Past && -t.ChallengeWindowStart >= TimeSpan.TicksPerSecond)
        {
            t.ChallengeWindowStart = Past;
            t.ChallengeCount = 0;
        }
        long interval = t.Settings.OutOfWindowAckInterval.Ticks;
        if (t.LastOutOfWindowAck != Past && (interval == 0 || -t.LastOutOfWindowAck >= interval)) t.LastOutOfWindowAck = Past;
        if (t.State == TcpState.Closed)
        {
            TcpSettings settings = t.Settings;
            ushort local = t.LocalPort, remote = t.RemotePort;
            SeqNum iss = t.Iss;
            t = default;
            t.Settings = settings;
            t.LocalPort = local;
            t.RemotePort = remote;
            t.Iss = iss;
            t.SndUna = iss;
            t.SndNxt = iss;
            t.SndMss = settings.Mss;
            t.RcvBufferSize = settings.ReceiveWindow;
            t.ClearTimers();
            t.ChallengeWindowStart = Past;
            t.LastOutOfWindowAck = Past;
        }
    }
}
