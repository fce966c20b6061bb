namespace TcpModel.Analysis;

/// <summary>Where a capture was taken, relative to one connection's ends.</summary>
public enum CaptureSite
{
    /// <summary>Not known yet (no handshake timing): nothing is inferred lost.</summary>
    Unknown,
    /// <summary>At the client: what it sends may be lost after the capture, what it receives arrived.</summary>
    Client,
    /// <summary>At the server.</summary>
    Server,
    /// <summary>Between them: a segment may be lost on either side of the capture point.</summary>
    Middle,
    /// <summary>On a host that holds both ends (loopback): nothing is lost.</summary>
    Both,
}
