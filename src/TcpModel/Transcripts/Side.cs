namespace TcpModel.Transcripts;

/// <summary>
/// The two endpoints of a transcript. The client is the endpoint drawn on the left: the active
/// opener in a textbook handshake (in a simultaneous open both are active; the names only fix
/// the layout and the lettering: the client's ISN is <c>x</c>, the server's <c>y</c>).
/// </summary>
public enum Side : byte
{
    /// <summary>The left endpoint (客户端).</summary>
    Client = 0,
    /// <summary>The right endpoint (服务端).</summary>
    Server = 1,
}
