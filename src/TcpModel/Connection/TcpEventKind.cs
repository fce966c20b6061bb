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
}
