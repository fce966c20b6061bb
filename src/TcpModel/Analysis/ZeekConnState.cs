namespace TcpModel.Analysis;

/// <summary>
/// Zeek's <c>conn_state</c> for a TCP connection (base/protocols/conn/main.zeek). The names are
/// Zeek's own, so <see cref="object.ToString"/> prints what conn.log prints.
/// </summary>
public enum ZeekConnState : byte
{
    /// <summary>Nothing seen yet.</summary>
    None = 0,
    /// <summary>Connection attempt seen, no reply.</summary>
    S0,
    /// <summary>Connection established, not terminated.</summary>
    S1,
    /// <summary>Normal establishment and termination.</summary>
    SF,
    /// <summary>Connection attempt rejected.</summary>
    REJ,
    /// <summary>Established, and a close attempt by the originator seen (but no reply from the responder).</summary>
    S2,
    /// <summary>Established, and a close attempt by the responder seen (but no reply from the originator).</summary>
    S3,
    /// <summary>Established, the originator aborted (sent a RST).</summary>
    RSTO,
    /// <summary>Responder sent a RST.</summary>
    RSTR,
    /// <summary>Originator sent a SYN followed by a RST; no SYN-ACK from the responder seen.</summary>
    RSTOS0,
    /// <summary>Responder sent a SYN-ACK followed by a RST; no SYN from the (purported) originator seen.</summary>
    RSTRH,
    /// <summary>Originator sent a SYN followed by a FIN; no SYN-ACK from the responder seen (half open).</summary>
    SH,
    /// <summary>Responder sent a SYN-ACK followed by a FIN; no SYN from the originator seen.</summary>
    SHR,
    /// <summary>No SYN seen, just midstream traffic (one example is a partial connection that was not later closed).</summary>
    OTH,
}
