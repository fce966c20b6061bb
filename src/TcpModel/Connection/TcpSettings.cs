using System;

namespace TcpModel;

/// <summary>
/// The knobs of one endpoint: timers (RFC 9293 §3.8), the RFC 5961 and RFC 1337 switches, and the
/// implementation choices RFC 9293 leaves open. Start from <see cref="Rfc9293"/> or
/// <see cref="Linux"/> and change fields with a <c>with</c> expression.
/// </summary>
/// <remarks>
/// Immutable; thread-safe. A connection refers to its settings rather than copying them, so a
/// million connections share one object and every transition copies 8 bytes of settings, not 120.
/// The presets are created once; a <c>with</c> expression makes a new object (do it once, not per
/// connection). <c>new TcpSettings()</c> has every knob at zero and is not usable: start from a preset.
/// </remarks>
public sealed record TcpSettings
{
    private static readonly TcpSettings s_rfc9293 = CreateRfc9293();
    private static readonly TcpSettings s_linux = CreateLinux();

    /// <summary>Every knob at zero: what a default connection value refers to (not usable for transitions).</summary>
    internal static readonly TcpSettings Unset = new();

    /// <summary>
    /// The textbook and RFC profile: MSL 2 minutes (RFC 9293 §3.4.2, so TIME-WAIT lasts 4 minutes),
    /// RTO 1 s doubling up to 60 s (RFC 6298), immediate ACKs, RFC 5961 on, RFC 1337 off, no
    /// FIN-WAIT-2 timeout, no TCP options beyond MSS.
    /// </summary>
    public static TcpSettings Rfc9293 => s_rfc9293;

    private static TcpSettings CreateRfc9293() => new()
    {
        Msl = TimeSpan.FromMinutes(2),
        InitialRto = TimeSpan.FromSeconds(1),
        MaxRto = TimeSpan.FromSeconds(60),
        MaxSynRetransmissions = 6,
        MaxRetransmissions = 15,
        UserTimeout = TimeSpan.FromMinutes(5),
        FinWait2Timeout = TimeSpan.Zero,
        DelayedAckTimeout = TimeSpan.Zero,
        ChallengeAcks = true,
        ChallengeAckLimit = 1000,
        OutOfWindowAckInterval = TimeSpan.Zero,
        KeepAliveIdle = TimeSpan.Zero,
        KeepAliveInterval = TimeSpan.FromSeconds(75),
        KeepAliveProbes = 9,
        IgnoreRstInTimeWait = false,
        ReceiveWindow = 65535,
        Mss = 1460,
        WindowScale = -1,
        SackPermitted = false,
    };

    /// <summary>
    /// What a Linux kernel does by default: TIME-WAIT 60 s (MSL 30 s), FIN-WAIT-2 timeout 60 s
    /// (<c>tcp_fin_timeout</c>), delayed ACKs of 40 ms (so the ACK of a FIN usually rides on the
    /// local FIN: the three-segment close), window scale 7 and SACK-permitted on the SYN,
    /// 6 SYN retries (<c>tcp_syn_retries</c>), 15 data retries (<c>tcp_retries2</c>), at most one ACK
    /// per 500 ms for unacceptable segments (<c>tcp_invalid_ratelimit</c>).
    /// </summary>
    public static TcpSettings Linux => s_linux;

    private static TcpSettings CreateLinux() => CreateRfc9293() with
    {
        Msl = TimeSpan.FromSeconds(30),
        FinWait2Timeout = TimeSpan.FromSeconds(60),
        DelayedAckTimeout = TimeSpan.FromMilliseconds(40),
        ReceiveWindow = 65483,
        WindowScale = 7,
        SackPermitted = true,
        UserTimeout = TimeSpan.Zero,
        OutOfWindowAckInterval = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>Maximum segment lifetime; TIME-WAIT lasts 2·MSL (RFC 9293 §3.4.2, §3.10.8).</summary>
    public TimeSpan Msl { get; init; }

    /// <summary>The first retransmission timeout (RFC 6298 §2.1: 1 second).</summary>
    public TimeSpan InitialRto { get; init; }

    /// <summary>Upper bound of the backed-off RTO (RFC 6298 §2.5: at least 60 s).</summary>
    public TimeSpan MaxRto { get; init; }

    /// <summary>Retransmissions of a SYN or SYN,ACK before giving up (RFC 9293 §3.8.3 R2 for SYN).</summary>
    public int MaxSynRetransmissions { get; init; }

    /// <summary>Retransmissions of data or FIN before the connection is closed (RFC 9293 §3.8.3 R2).</summary>
    public int MaxRetransmissions { get; init; }

    /// <summary>User timeout (RFC 9293 §3.10.8): how long sent data may stay unacknowledged; zero disables it.</summary>
    public TimeSpan UserTimeout { get; init; }

    /// <summary>
    /// How long an endpoint waits in FIN-WAIT-2 for the peer's FIN; zero waits forever, as RFC 9293
    /// does (Linux: <c>tcp_fin_timeout</c>, 60 s).
    /// </summary>
    public TimeSpan FinWait2Timeout { get; init; }

    /// <summary>
    /// Delayed-ACK timeout (RFC 9293 §3.8.6.3, under 0.5 s); zero acknowledges every segment at once.
    /// With a delay, a CLOSE that follows the peer's FIN quickly sends FIN+ACK and the teardown has
    /// three segments.
    /// </summary>
    public TimeSpan DelayedAckTimeout { get; init; }

    /// <summary>RFC 5961 challenge ACKs for in-window RST and SYN (§3, §4) and the ACK check (§5). On by default.</summary>
    public bool ChallengeAcks { get; init; }

    /// <summary>Challenge ACKs allowed per second (RFC 5961 §7 throttle).</summary>
    public int ChallengeAckLimit { get; init; }

    /// <summary>
    /// The least time between two ACKs sent in answer to unacceptable segments (Linux
    /// <c>tcp_invalid_ratelimit</c>, 500 ms); zero sends one for every such segment, as RFC 9293 §3.10.7.4
    /// reads. Without a limit two desynchronized endpoints can bounce ACKs at each other forever.
    /// </summary>
    public TimeSpan OutOfWindowAckInterval { get; init; }

    /// <summary>
    /// TCP Fast Open server side (RFC 7413 §4.2.2): a listener takes the data on a SYN (as a server
    /// does when the SYN carries a valid cookie) and its SYN,ACK acknowledges it. Off by default: the
    /// data on a SYN is then not acknowledged (RFC 9293 §3.10.7.2 queues it; the model does not keep it).
    /// </summary>
    public bool FastOpen { get; init; }

    /// <summary>
    /// Keep-alives (RFC 9293 §3.8.4): after this long without an acceptable segment from the peer, an
    /// idle ESTABLISHED, CLOSE-WAIT or FIN-WAIT-2 connection sends a probe. Zero (the default in both
    /// presets, as the RFC and Linux without SO_KEEPALIVE) sends none; the RFC says at least two hours
    /// when on (Linux <c>tcp_keepalive_time</c>, 7200 s).
    /// </summary>
    public TimeSpan KeepAliveIdle { get; init; }

    /// <summary>Time between unanswered keep-alive probes (Linux <c>tcp_keepalive_intvl</c>, 75 s).</summary>
    public TimeSpan KeepAliveInterval { get; init; }

    /// <summary>Unanswered probes after which the connection is aborted (Linux <c>tcp_keepalive_probes</c>, 9).</summary>
    public int KeepAliveProbes { get; init; }

    /// <summary>RFC 1337 §3 fix TW-1: ignore RST segments in TIME-WAIT. Off by default.</summary>
    public bool IgnoreRstInTimeWait { get; init; }

    /// <summary>Receive buffer size in bytes: RCV.WND when nothing is waiting to be read.</summary>
    public uint ReceiveWindow { get; init; }

    /// <summary>The MSS this endpoint announces on its SYN (RFC 9293 §3.7.1).</summary>
    public ushort Mss { get; init; }

    /// <summary>The window-scale shift offered on the SYN (RFC 7323 §2), or -1 to offer none.</summary>
    public int WindowScale { get; init; }

    /// <summary>Whether the SYN offers SACK-permitted (RFC 2018).</summary>
    public bool SackPermitted { get; init; }

    internal void Validate()
    {
        if (ReferenceEquals(this, Unset)) throw new ArgumentException("The settings are not set; start from TcpSettings.Rfc9293 or TcpSettings.Linux.", "settings");
        if (Msl <= TimeSpan.Zero) throw new ArgumentException("Msl must be positive; start from TcpSettings.Rfc9293 or TcpSettings.Linux.", "settings");
        if (InitialRto <= TimeSpan.Zero || MaxRto < InitialRto) throw new ArgumentException("InitialRto must be positive and at most MaxRto.", "settings");
        if (MaxSynRetransmissions < 0 || MaxRetransmissions < 0 || ChallengeAckLimit < 0) throw new ArgumentException("Retry counts and limits cannot be negative.", "settings");
        if (KeepAliveIdle < TimeSpan.Zero || KeepAliveInterval <= TimeSpan.Zero || KeepAliveProbes is < 0 or > 255) throw new ArgumentException("KeepAliveIdle cannot be negative, KeepAliveInterval must be positive, KeepAliveProbes is 0..255.", "settings");
        if (UserTimeout < TimeSpan.Zero || FinWait2Timeout < TimeSpan.Zero || DelayedAckTimeout < TimeSpan.Zero || OutOfWindowAckInterval < TimeSpan.Zero) throw new ArgumentException("Timeouts cannot be negative.", "settings");
        if (WindowScale < -1 || WindowScale > 14) throw new ArgumentException("WindowScale is -1 (none) or 0..14 (RFC 7323 §2.3).", "settings");
        if (Mss == 0) throw new ArgumentException("Mss must be positive.", "settings");
        if (ReceiveWindow > (WindowScale < 0 ? 65535u : 65535u << WindowScale)) throw new ArgumentException("ReceiveWindow does not fit the window field with this WindowScale.", "settings");
    }
}
