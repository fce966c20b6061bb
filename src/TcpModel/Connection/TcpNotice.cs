using System;

namespace TcpModel;

/// <summary>
/// What a transition tells the local user (RFC 9293 §3.9.1.3 "TCP-to-user messages"). Several
/// can be set at once, e.g. data received and "connection closing".
/// </summary>
[Flags]
public enum TcpNotice : ushort
{
    /// <summary>Nothing to tell.</summary>
    None = 0,
    /// <summary>The connection entered ESTABLISHED: the OPEN call completed.</summary>
    Connected = 1 << 0,
    /// <summary>Sent data (or our SYN/FIN) was acknowledged: SND.UNA advanced.</summary>
    DataAcknowledged = 1 << 1,
    /// <summary>Data arrived in order and waits for a RECEIVE.</summary>
    DataReceived = 1 << 2,
    /// <summary>The peer sent FIN: "connection closing" — no more data will arrive (half-close).</summary>
    PeerClosing = 1 << 3,
    /// <summary>The TCB was deleted after an orderly close.</summary>
    Closed = 1 << 4,
    /// <summary>"connection reset": the peer reset an established connection, or a SYN in the window did (RFC 793 rule).</summary>
    Reset = 1 << 5,
    /// <summary>"connection refused": the peer answered our SYN with a RST.</summary>
    Refused = 1 << 6,
    /// <summary>"connection aborted due to user timeout" or retransmissions exhausted.</summary>
    Aborted = 1 << 7,
    /// <summary>A half-open connection from a passive OPEN returned to LISTEN.</summary>
    BackToListen = 1 << 8,
    /// <summary>The peer's segment was discarded (not acceptable, ignored or dropped).</summary>
    SegmentDropped = 1 << 9,
}
