using System;

namespace TcpModel.Analysis;

/// <summary>How a segment's timing compares with the timers of the checker's <see cref="TimingProfile"/> and settings.</summary>
public enum TimingKind
{
    /// <summary>Nothing found.</summary>
    None,
    /// <summary>Sooner than the timer allows: a SYN or SYN,ACK sent again, or TIME-WAIT ended.</summary>
    Early,
    /// <summary>Later than the retransmission timeout, with its tolerance, allows (judged only where the sender was captured).</summary>
    Late,
}

/// <summary>Whose timers the checker expects: they differ where Linux departs from the RFCs.</summary>
public enum TimingProfile
{
    /// <summary>
    /// Linux: a SYN is retransmitted after 1 s five times, then doubling (<c>tcp_syn_linear_timeouts</c>,
    /// Linux 6.5+), or doubling from 1 s as before; a SYN,ACK doubling from 1 s (<c>tcp_synack_retries</c>).
    /// </summary>
    Linux,
    /// <summary>RFC 6298: an initial retransmission timeout of 1 s (§2.1), doubled at each expiry (§5.5).</summary>
    Rfc9293,
}

/// <summary>
/// A finding about timing, its own kind, separate from a wrong segment (the verdict does not change):
/// a handshake segment retransmitted sooner, or later, than the profile's timers allow, data or a FIN
/// retransmitted later than its retransmission timer allows, or TIME-WAIT ended sooner than 2·MSL.
/// </summary>
/// <remarks>Immutable value type; thread-safe. <c>default</c> is no finding.</remarks>
public readonly struct TimingFinding
{
    private readonly string? _chinese;

    internal TimingFinding(TimingKind kind, long frame, string rule, string english, string chinese)
    {
        Kind = kind;
        Frame = frame;
        Rule = rule;
        Message = english;
        _chinese = chinese;
    }

    /// <summary>Early, late, or none.</summary>
    public TimingKind Kind { get; }

    /// <summary>The frame of the retransmission (0: none).</summary>
    public long Frame { get; }

    /// <summary>Where the timer is written, e.g. <c>RFC 6298 §5.5</c> (null: none).</summary>
    public string? Rule { get; }

    /// <summary>The explanation in English (null: none).</summary>
    public string? Message { get; }

    /// <summary><see cref="Message"/> in <paramref name="language"/>.</summary>
    [Pure]
    public string? MessageIn(TcpLanguage language) => language == TcpLanguage.Chinese ? _chinese ?? Message : Message;

    /// <summary>The name as the JSON report writes it: <c>early</c>, <c>late</c>, or null.</summary>
    internal string? KindName => Kind switch { TimingKind.Early => "early", TimingKind.Late => "late", _ => null };
}
