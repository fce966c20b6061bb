namespace TcpModel;

/// <summary>The kinds of event a connection takes (RFC 9293 §3.10).</summary>
public enum TcpEventKind : byte
{
    /// <summary>Active OPEN (§3.10.1).</summary>
    OpenActive,
    /// <summary>Passive OPEN (§3.10.1).</summary>
    OpenPassive,
    /// <summary>SEND of n bytes (§3.10.2).</summary>
    Send,
    /// <summary>RECEIVE of up to n bytes (§3.10.3).</summary>
    Receive,
    /// <summary>CLOSE (§3.10.4).</summary>
    Close,
    /// <summary>ABORT (§3.10.5).</summary>
    Abort,
    /// <summary>STATUS (§3.10.6).</summary>
    Status,
    /// <summary>SEGMENT ARRIVES (§3.10.7).</summary>
    Segment,
    /// <summary>A timer expiry (§3.10.8) at the event's time.</summary>
    Timer,
    /// <summary>An acknowledgment sent now (§3.10.7.4, §3.8.6.3).</summary>
    AckNow,
    /// <summary>A keep-alive probe sent now (§3.8.4).</summary>
    KeepAlive,
    /// <summary>An outstanding range sent again before the timer (RFC 5681 §3.2, RFC 6675, RFC 8985).</summary>
    RetransmitRange,
}
