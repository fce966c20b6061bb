using System;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TcpModel.Exploration;

/// <summary>The segments in flight in one direction: a FIFO of at most four, inline.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExplorerChannel
{
    private TcpSegment _s0, _s1, _s2, _s3;
    public byte Count;

    public readonly TcpSegment Get(int i) => i switch { 0 => _s0, 1 => _s1, 2 => _s2, _ => _s3 };

    [UnscopedRef]
    private ref TcpSegment At(int i) => ref Unsafe.Add(ref _s0, i);

    /// <summary>Adds a segment at the tail; false (the segment is lost) when <paramref name="capacity"/> are in flight.</summary>
    public bool Add(in TcpSegment s, int capacity)
    {
        if (Count >= capacity) return false;
        At(Count) = s;
        Count++;
        return true;
    }

    public TcpSegment RemoveAt(int i)
    {
        TcpSegment s = At(i);
        for (int k = i; k < Count - 1; k++) At(k) = At(k + 1);
        Count--;
        At(Count) = default;
        return s;
    }

    public readonly ulong Hash(ulong h)
    {
        h = ExplorerNode.Mix(h, Count);
        for (int i = 0; i < Count; i++)
        {
            TcpSegment s = Get(i);
            h = ExplorerNode.Mix(h, s.SourcePort | ((ulong)s.DestinationPort << 16) | ((ulong)s.Seq.Value << 32));
            h = ExplorerNode.Mix(h, s.Ack.Value | ((ulong)(ushort)s.Flags << 32) | ((ulong)s.Window << 48));
            TcpOptions o = s.Options;
            ulong opt = (o.HasMss ? 1UL | ((ulong)o.Mss << 8) : 0) | (o.HasWindowScale ? 2UL | ((ulong)o.WindowScale << 24) : 0) | (o.SackPermitted ? 4UL : 0)
                | (o.HasTimestamps ? 8UL : 0);
            h = ExplorerNode.Mix(h, (uint)s.PayloadLength | (opt << 32) ^ ((ulong)s.UrgentPointer << 16));
            if (o.HasTimestamps) h = ExplorerNode.Mix(h, o.TsVal | ((ulong)o.TsEcr << 32));
        }
        return h;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h, ulong v) => BitOperations.RotateLeft((h ^ v) * 0x9E3779B97F4A7C15UL, 31) * 0xBF58476D1CE4E5B9UL;

    public readonly ulong Fingerprint(ulong seed)
    {
        ulong h = seed ^ CallsMade;
        h = Hash(A._tcb, h);
        h = Hash(B._tcb, h);
        h = ToA.Hash(h);
        h = ToB.Hash(h);
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h == 0 ? 1 : h;
    }

    private static ulong Hash(in Tcb t, ulong h)
    {
        h = Mix(h, (ulong)t.State | ((ulong)t.LocalPort << 8) | ((ulong)t.RemotePort << 24) | ((ulong)t.Flags << 40) | ((ulong)t.RtxCount << 56));
        h = Mix(h, t.Iss.Value | ((ulong)t.Irs.Value << 32));
        h = Mix(h, t.SndUna.Value | ((ulong)t.SndNxt.Value << 32));
        h = Mix(h, t.SndWl1.Value | ((ulong)t.SndWl2.Value << 32));
        h = Mix(h, t.SndWnd | ((ulong)t.MaxSndWnd << 32));
        h = Mix(h, t.RcvNxt.Value | ((ulong)t.RcvBuffered << 32));
        h = Mix(h, t.RcvBufferSize | ((ulong)t.SndShift << 32) | ((ulong)t.RcvShift << 40) | ((ulong)t.SndMss << 48));
        h = Mix(h, (uint)t.SendQueued | ((ulong)(uint)t.ChallengeCount << 32));
        h = Mix(h, (ulong)t.Rto);
        h = Mix(h, (ulong)t.RtxAt);
        h = Mix(h, (ulong)t.TimeWaitAt);
        h = Mix(h, (ulong)t.FinWait2At);
        h = Mix(h, (ulong)t.UserTimeoutAt);
        h = Mix(h, (ulong)t.DelAckAt);
        h = Mix(h, (ulong)t.KeepAliveAt);
        h = Mix(h, (ulong)t.ChallengeWindowStart);
        return Mix(h, (ulong)t.LastOutOfWindowAck);
    }

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
