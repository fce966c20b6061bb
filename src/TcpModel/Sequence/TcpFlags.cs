using System;

namespace TcpModel;

/// <summary>
/// The TCP control bits, with the values they have in byte 13 of the header (RFC 9293 §3.1,
/// RFC 3168 for ECE and CWR).
/// </summary>
[Flags]
public enum TcpFlags : byte
{
    /// <summary>No control bit.</summary>
    None = 0,
    /// <summary>No more data from sender.</summary>
    Fin = 0b0000_0001,
    /// <summary>Synchronize sequence numbers.</summary>
    Syn = 0b0000_0010,
    /// <summary>Reset the connection.</summary>
    Rst = 0b0000_0100,
    /// <summary>Push function.</summary>
    Psh = 0b0000_1000,
    /// <summary>Acknowledgment field is significant.</summary>
    Ack = 0b0001_0000,
    /// <summary>Urgent pointer field is significant.</summary>
    Urg = 0b0010_0000,
    /// <summary>ECN-Echo (RFC 3168).</summary>
    Ece = 0b0100_0000,
    /// <summary>Congestion Window Reduced (RFC 3168).</summary>
    Cwr = 0b1000_0000,
}
