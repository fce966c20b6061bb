namespace TcpModel;

/// <summary>The error answers RFC 9293 §3.10 gives to user calls.</summary>
public enum TcpError : byte
{
    /// <summary>The call succeeded.</summary>
    None = 0,
    /// <summary>"error: connection does not exist".</summary>
    ConnectionDoesNotExist,
    /// <summary>"error: connection already exists".</summary>
    ConnectionAlreadyExists,
    /// <summary>"error: foreign socket unspecified".</summary>
    ForeignSocketUnspecified,
    /// <summary>"error: connection closing".</summary>
    ConnectionClosing,
    /// <summary>"error: closing" — a queued SEND or RECEIVE was cancelled by CLOSE in SYN-SENT.</summary>
    Closing,
    /// <summary>"error: insufficient resources" — the send buffer cannot take the data.</summary>
    InsufficientResources,
}
