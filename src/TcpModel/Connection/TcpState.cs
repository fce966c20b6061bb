namespace TcpModel;

/// <summary>The eleven connection states of RFC 9293 §3.3.2.</summary>
public enum TcpState : byte
{
    /// <summary>No connection (a fictional state: there is no TCB).</summary>
    Closed = 0,
    /// <summary>Waiting for a connection request from any remote TCP.</summary>
    Listen,
    /// <summary>Waiting for a matching connection request after having sent one.</summary>
    SynSent,
    /// <summary>Waiting for a confirming acknowledgment after having both received and sent a connection request.</summary>
    SynReceived,
    /// <summary>An open connection: data can flow both ways.</summary>
    Established,
    /// <summary>Waiting for a termination request from the remote TCP, or an acknowledgment of the one sent.</summary>
    FinWait1,
    /// <summary>Waiting for a termination request from the remote TCP.</summary>
    FinWait2,
    /// <summary>Waiting for a termination request from the local user.</summary>
    CloseWait,
    /// <summary>Waiting for an acknowledgment of our termination request after both sides closed at once.</summary>
    Closing,
    /// <summary>Waiting for the acknowledgment of the termination request sent to the remote TCP.</summary>
    LastAck,
    /// <summary>Waiting 2·MSL so the remote TCP surely received our acknowledgment of its termination request.</summary>
    TimeWait,
}
