namespace TcpModel;

/// <summary>
/// The mutable working copy of a TCB (RFC 9293 §3.3.1) used inside one transition. A record
/// struct so equality and hashing are field-wise and allocation-free.
/// </summary>
internal record struct Tcb
{
    public const long NoDeadline = long.MaxValue;

    private TcpSettings? _settings;

    /// <summary>The endpoint's settings, shared by reference (a default TCB has <see cref="TcpSettings.Unset"/>).</summary>
    public TcpSettings Settings
    {
        readonly get => _settings ?? TcpSettings.Unset;
        set => _settings = value;
    }

    /// <summary>The receive buffer in bytes: RCV.WND when nothing waits to be read (<see cref="TcpSettings.ReceiveWindow"/> unless a checker follows a real one).</summary>
    public uint RcvBufferSize;
    public TcpState State;
    public ushort LocalPort;
    public ushort RemotePort;
    public SeqNum Iss;
    public SeqNum Irs;
    public SeqNum SndUna;
    public SeqNum SndNxt;
    public SeqNum SndWl1;
    public SeqNum SndWl2;
    public uint SndWnd;
    /// <summary>MAX.SND.WND of RFC 5961 §5.</summary>
    public uint MaxSndWnd;
    public SeqNum RcvNxt;
    /// <summary>Bytes that arrived in order and wait for a RECEIVE; RCV.WND = buffer − this.</summary>
    public uint RcvBuffered;
    public byte SndShift;
    public byte RcvShift;
    public ushort SndMss;
    /// <summary>Bytes given to SEND and not yet segmentized.</summary>
    public int SendQueued;
    public TcbFlags Flags;
    public byte RtxCount;
    public long Rto;
    public long RtxAt;
    public long TimeWaitAt;
    public long FinWait2At;
    public long UserTimeoutAt;
    public long DelAckAt;
    public long KeepAliveAt;
    public long ChallengeWindowStart;
    public long LastOutOfWindowAck;
    public int ChallengeCount;

    /// <summary>Unanswered keep-alive probes, kept in the flags' high byte so the TCB does not grow.</summary>
    public byte KeepAliveSent
    {
        readonly get => (byte)((ushort)Flags >> 8);
        set => Flags = (TcbFlags)(((ushort)Flags & 0xFF) | (value << 8));
    }

    public readonly bool Has(TcbFlags f) => (Flags & f) == f;

    public void Set(TcbFlags f, bool on) => Flags = on ? Flags | f : Flags & ~f;

    public readonly uint RcvWnd => RcvBufferSize > RcvBuffered ? RcvBufferSize - RcvBuffered : 0;

    /// <summary>Our FIN has been sent and acknowledged (the FIN is the last octet of sequence space we used).</summary>
    public readonly bool FinAcked => Has(TcbFlags.FinSent) && SndUna == SndNxt;

    /// <summary>The earliest deadline of all timers.</summary>
    public readonly long NextDeadline => System.Math.Min(System.Math.Min(System.Math.Min(RtxAt, TimeWaitAt), System.Math.Min(FinWait2At, UserTimeoutAt)), System.Math.Min(DelAckAt, KeepAliveAt));

    public void ClearTimers()
    {
        RtxAt = NoDeadline;
        TimeWaitAt = NoDeadline;
        FinWait2At = NoDeadline;
        UserTimeoutAt = NoDeadline;
        DelAckAt = NoDeadline;
        KeepAliveAt = NoDeadline;
        KeepAliveSent = 0;
        RtxCount = 0;
        Rto = Settings.InitialRto.Ticks;
    }
}

[System.Flags]
internal enum TcbFlags : ushort
{
    None = 0,
    /// <summary>SYN-RECEIVED was reached from LISTEN (RFC 9293 §3.10.7.4 needs to know).</summary>
    PassiveOpen = 1,
    /// <summary>CLOSE was called; a FIN goes out once queued data is segmentized.</summary>
    FinPending = 2,
    FinSent = 4,
    /// <summary>The peer's FIN was processed (RCV.NXT advanced over it).</summary>
    FinReceived = 8,
    /// <summary>An ACK is owed (delayed-ACK timer running).</summary>
    AckPending = 16,
    /// <summary>We offered window scaling on our SYN.</summary>
    WsOffered = 32,
    /// <summary>We offered SACK.</summary>
    SackOffered = 64,
}
